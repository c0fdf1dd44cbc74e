/* sp-log-view.h — a scrolling list of SpEvent that follows the newest one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"

G_BEGIN_DECLS

/* Which kinds of event the log shows, as groups a learner recognises. */
typedef enum
{
  SP_LOG_KINDS_SETUP  = 1 << 0,  /* resolve, socket, bind, listen, accept, connect, shutdown, close */
  SP_LOG_KINDS_DATA   = 1 << 1,  /* send, recv */
  SP_LOG_KINDS_ERRORS = 1 << 2,
  SP_LOG_KINDS_NOTES  = 1 << 3,  /* sentences without a call (info) */
  SP_LOG_KINDS_ALL    = 0xf,
} SpLogKinds;

#define SP_TYPE_LOG_VIEW (sp_log_view_get_type ())

G_DECLARE_FINAL_TYPE (SpLogView, sp_log_view, SP, LOG_VIEW, AdwBin)

GtkWidget    *sp_log_view_new                   (GListModel   *model);
GListModel   *sp_log_view_get_model             (SpLogView    *self);
void          sp_log_view_set_model             (SpLogView    *self,
                                                 GListModel   *model);
gboolean      sp_log_view_get_following         (SpLogView    *self);
gboolean      sp_log_view_get_pending           (SpLogView    *self);
GListModel   *sp_log_view_get_shown             (SpLogView    *self);
const char   *sp_log_view_get_search_text       (SpLogView    *self);
void          sp_log_view_set_search_text       (SpLogView    *self,
                                                 const char   *search_text);
SpDirection   sp_log_view_get_direction_filter  (SpLogView    *self);
void          sp_log_view_set_direction_filter  (SpLogView    *self,
                                                 SpDirection   direction);
SpLogKinds    sp_log_view_get_kinds             (SpLogView    *self);
void          sp_log_view_set_kinds             (SpLogView    *self,
                                                 SpLogKinds    kinds);
guint         sp_log_view_get_connection_filter (SpLogView    *self);
void          sp_log_view_set_connection_filter (SpLogView    *self,
                                                 guint         connection_id);
gboolean      sp_log_view_start_recording       (SpLogView    *self,
                                                 GFile        *file,
                                                 GError      **error);
void          sp_log_view_stop_recording        (SpLogView    *self);
gboolean      sp_log_view_get_recording         (SpLogView    *self);
GFile        *sp_log_view_get_recording_file    (SpLogView    *self);
SpPayloadView sp_log_view_get_payload_view      (SpLogView    *self);
void          sp_log_view_set_payload_view      (SpLogView    *self,
                                                 SpPayloadView view);
SpEvent      *sp_log_view_get_selected_event    (SpLogView    *self);
void          sp_log_view_set_selected_event    (SpLogView    *self,
                                                 SpEvent      *event);
void          sp_log_view_show_payload          (SpLogView    *self,
                                                 SpEvent      *event);
GtkWidget    *sp_log_view_get_payload_popover   (SpLogView    *self);

G_END_DECLS
