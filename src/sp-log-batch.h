/* sp-log-batch.h — a list model that relays another's changes at most once a frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SP_TYPE_LOG_BATCH (sp_log_batch_get_type ())

G_DECLARE_FINAL_TYPE (SpLogBatch, sp_log_batch, SP, LOG_BATCH, GObject)

SpLogBatch *sp_log_batch_new         (GListModel *model);
GListModel *sp_log_batch_get_model   (SpLogBatch *self);
void        sp_log_batch_set_model   (SpLogBatch *self,
                                      GListModel *model);
gboolean    sp_log_batch_get_pending (SpLogBatch *self);
void        sp_log_batch_flush       (SpLogBatch *self);

G_END_DECLS
