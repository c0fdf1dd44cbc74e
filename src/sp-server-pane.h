/* sp-server-pane.h — a pane that runs one SpServer and shows what it does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"
#include "sp-log-view.h"
#include "sp-send-box.h"

G_BEGIN_DECLS

#define SP_TYPE_SERVER_PANE (sp_server_pane_get_type ())

G_DECLARE_FINAL_TYPE (SpServerPane, sp_server_pane, SP, SERVER_PANE, AdwBin)

GtkWidget  *sp_server_pane_new                     (SpServer     *server);
GtkWidget  *sp_server_pane_duplicate               (SpServerPane *self);
GtkWidget  *sp_server_pane_reopen                  (SpServerPane *self);
SpServer   *sp_server_pane_get_server              (SpServerPane *self);
const char *sp_server_pane_get_title               (SpServerPane *self);
void        sp_server_pane_set_title               (SpServerPane *self,
                                                    const char   *title);
const char *sp_server_pane_get_endpoint_text       (SpServerPane *self);
void        sp_server_pane_set_endpoint_text       (SpServerPane *self,
                                                    const char   *text);
const char *sp_server_pane_get_endpoint_error_text (SpServerPane *self);
const char *sp_server_pane_get_endpoint_warning_text (SpServerPane *self);
gboolean    sp_server_pane_get_can_start           (SpServerPane *self);
const char *sp_server_pane_get_state_text          (SpServerPane *self);
const char *sp_server_pane_get_step_label          (SpServerPane *self);
gboolean    sp_server_pane_get_can_step            (SpServerPane *self);
const char *sp_server_pane_get_error_text          (SpServerPane *self);
guint16     sp_server_pane_get_suggested_port      (SpServerPane *self);
const char *sp_server_pane_get_counters_text       (SpServerPane *self);
void        sp_server_pane_set_behaviour           (SpServerPane *self,
                                                    SpBehaviour   behaviour);
void        sp_server_pane_set_rules_text          (SpServerPane *self,
                                                    const char   *text);
const char *sp_server_pane_get_rules_error_text    (SpServerPane *self);
SpSendBox  *sp_server_pane_get_send_box            (SpServerPane *self);
GtkSelectionModel *sp_server_pane_get_connections  (SpServerPane *self);
const char *sp_server_pane_get_send_error_text     (SpServerPane *self);
guint       sp_server_pane_get_n_live_sockets      (SpServerPane *self);
guint       sp_server_pane_close_sockets           (SpServerPane *self);

void          sp_server_pane_set_demo                (SpServerPane *self,
                                                     SpDemoServer *demo);
SpDemoServer *sp_server_pane_get_demo                (SpServerPane *self);

SpLogView *sp_server_pane_get_log_view (SpServerPane *self);
const char *sp_server_pane_get_family_text (SpServerPane *self);

G_END_DECLS
