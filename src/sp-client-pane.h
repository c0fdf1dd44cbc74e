/* sp-client-pane.h — a pane that drives one SpClient and shows what it does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"
#include "sp-log-view.h"
#include "sp-script-editor.h"
#include "sp-send-box.h"

G_BEGIN_DECLS

#define SP_TYPE_CLIENT_PANE (sp_client_pane_get_type ())

G_DECLARE_FINAL_TYPE (SpClientPane, sp_client_pane, SP, CLIENT_PANE, AdwBin)

GtkWidget      *sp_client_pane_new                     (SpClient     *client);
GtkWidget      *sp_client_pane_duplicate               (SpClientPane *self);
GtkWidget      *sp_client_pane_reopen                  (SpClientPane *self);
SpClient       *sp_client_pane_get_client              (SpClientPane *self);
const char     *sp_client_pane_get_title               (SpClientPane *self);
void            sp_client_pane_set_title               (SpClientPane *self,
                                                        const char   *title);
const char     *sp_client_pane_get_endpoint_text       (SpClientPane *self);
void            sp_client_pane_set_endpoint_text       (SpClientPane *self,
                                                        const char   *text);
const char     *sp_client_pane_get_endpoint_error_text (SpClientPane *self);
const char     *sp_client_pane_get_state_text          (SpClientPane *self);
const char     *sp_client_pane_get_step_label          (SpClientPane *self);
gboolean        sp_client_pane_get_can_step            (SpClientPane *self);
const char     *sp_client_pane_get_error_text          (SpClientPane *self);
const char     *sp_client_pane_get_counters_text       (SpClientPane *self);
const char     *sp_client_pane_get_received_text       (SpClientPane *self);
gboolean        sp_client_pane_get_can_connect         (SpClientPane *self);
SpSendBox      *sp_client_pane_get_send_box            (SpClientPane *self);
SpScriptEditor *sp_client_pane_get_script_editor       (SpClientPane *self);
void            sp_client_pane_set_repeat              (SpClientPane *self,
                                                        guint         count,
                                                        guint         interval_ms);
void            sp_client_pane_get_repeat              (SpClientPane *self,
                                                        guint        *count,
                                                        guint        *interval_ms);
guint           sp_client_pane_get_n_live_sockets      (SpClientPane *self);
guint           sp_client_pane_close_sockets           (SpClientPane *self);

SpLogView *sp_client_pane_get_log_view (SpClientPane *self);
const char *sp_client_pane_get_family_text (SpClientPane *self);

G_END_DECLS
