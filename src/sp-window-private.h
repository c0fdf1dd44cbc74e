/* sp-window-private.h — what the window's sibling files and its tests share with sp-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-window.h"

G_BEGIN_DECLS

/* Tests start demos on a port the system picks. */
void _sp_window_set_demo_endpoint       (SpWindow       *self,
                                         const char     *endpoint_text);
void _sp_window_show_message            (SpWindow       *self,
                                         const char     *title);

/* sp-window-export.c */
void _sp_window_export_class_init       (GtkWidgetClass *widget_class);
void _sp_window_export_pane_transcript  (SpWindow       *self,
                                         GtkWidget      *pane);
void _sp_window_export_dispose          (SpWindow       *self);

G_END_DECLS
