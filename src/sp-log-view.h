/* sp-log-view.h — a scrolling list of SpEvent that follows the newest one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SP_TYPE_LOG_VIEW (sp_log_view_get_type ())

G_DECLARE_FINAL_TYPE (SpLogView, sp_log_view, SP, LOG_VIEW, AdwBin)

GtkWidget  *sp_log_view_new           (GListModel *model);
GListModel *sp_log_view_get_model     (SpLogView  *self);
void        sp_log_view_set_model     (SpLogView  *self,
                                       GListModel *model);
gboolean    sp_log_view_get_following (SpLogView  *self);

G_END_DECLS
