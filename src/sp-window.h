/* sp-window.h — the main window: a row of server and client panes, side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-application.h"
#include "sp-client-pane.h"
#include "sp-server-pane.h"

G_BEGIN_DECLS

#define SP_TYPE_WINDOW (sp_window_get_type ())

G_DECLARE_FINAL_TYPE (SpWindow, sp_window, SP, WINDOW, AdwApplicationWindow)

SpWindow     *sp_window_new                  (SpApplication *application);
SpServerPane *sp_window_get_server_pane      (SpWindow      *self);
SpClientPane *sp_window_get_client_pane      (SpWindow      *self);
GListModel   *sp_window_get_panes            (SpWindow      *self);
SpServerPane *sp_window_add_server_pane      (SpWindow      *self,
                                              SpServer      *server);
SpClientPane *sp_window_add_client_pane      (SpWindow      *self,
                                              SpClient      *client);
SpClientPane *sp_window_add_client_pane_for  (SpWindow      *self,
                                              const char    *endpoint_text,
                                              const char    *first_request);
void          sp_window_close_pane           (SpWindow      *self,
                                              GtkWidget     *pane);
GtkWidget    *sp_window_duplicate_pane       (SpWindow      *self,
                                              GtkWidget     *pane);
const char   *sp_window_get_toast_title      (SpWindow      *self);
gboolean      sp_window_get_narrow           (SpWindow      *self);
GtkWidget    *sp_window_get_port_panel       (SpWindow      *self);

SpServerPane *sp_window_start_demo           (SpWindow      *self,
                                              SpProtocol    *protocol);

G_END_DECLS
