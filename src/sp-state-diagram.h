/* sp-state-diagram.h — one socket's states as boxes and arrows, the current one lit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_STATE_DIAGRAM (sp_state_diagram_get_type ())

G_DECLARE_FINAL_TYPE (SpStateDiagram, sp_state_diagram, SP, STATE_DIAGRAM, GtkWidget)

GtkWidget     *sp_state_diagram_new             (void);
void           sp_state_diagram_set_path        (SpStateDiagram      *self,
                                                 const SpSocketState *states,
                                                 guint                n_states,
                                                 gboolean             show_initial);
SpSocketState  sp_state_diagram_get_state       (SpStateDiagram      *self);
void           sp_state_diagram_set_state       (SpStateDiagram      *self,
                                                 SpSocketState        state);
int            sp_state_diagram_get_highlighted (SpStateDiagram      *self);

G_END_DECLS
