/* sp-state-view.h — every socket of a pane as a small state diagram, with the kernel's TCP state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_STATE_VIEW (sp_state_view_get_type ())

G_DECLARE_FINAL_TYPE (SpStateView, sp_state_view, SP, STATE_VIEW, GtkWidget)

GtkWidget  *sp_state_view_new              (void);
SpServer   *sp_state_view_get_server       (SpStateView *self);
void        sp_state_view_set_server       (SpStateView *self,
                                            SpServer    *server);
SpClient   *sp_state_view_get_client       (SpStateView *self);
void        sp_state_view_set_client       (SpStateView *self,
                                            SpClient    *client);
GListModel *sp_state_view_get_sockets      (SpStateView *self);
int         sp_state_view_get_highlighted  (SpStateView *self,
                                            guint        position);
const char *sp_state_view_get_title_text   (SpStateView *self,
                                            guint        position);
const char *sp_state_view_get_kernel_text  (SpStateView *self,
                                            guint        position);

G_END_DECLS
