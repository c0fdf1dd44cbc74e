/* sp-log-row.h — one row of the log: time, direction, call, bytes, sentence, preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_LOG_ROW (sp_log_row_get_type ())

G_DECLARE_FINAL_TYPE (SpLogRow, sp_log_row, SP, LOG_ROW, GtkWidget)

GtkWidget     *sp_log_row_new              (void);
SpEvent       *sp_log_row_get_event        (SpLogRow      *self);
void           sp_log_row_set_event        (SpLogRow      *self,
                                            SpEvent       *event);
SpPayloadView  sp_log_row_get_payload_view (SpLogRow      *self);
void           sp_log_row_set_payload_view (SpLogRow      *self,
                                            SpPayloadView  view);
const char    *sp_log_row_get_preview_text (SpLogRow      *self);

G_END_DECLS
