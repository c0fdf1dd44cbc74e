/* sp-window.h — the main window: the lesson's server and client side by side
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

SpWindow     *sp_window_new             (SpApplication *application);
SpServerPane *sp_window_get_server_pane (SpWindow      *self);
SpClientPane *sp_window_get_client_pane (SpWindow      *self);

G_END_DECLS
