/* sp-state-row.h — one socket in the state view: its name, its state diagram, the kernel's state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_STATE_ROW (sp_state_row_get_type ())

G_DECLARE_FINAL_TYPE (SpStateRow, sp_state_row, SP, STATE_ROW, GtkWidget)

GtkWidget  *sp_state_row_new              (void);
GObject    *sp_state_row_get_item         (SpStateRow *self);
void        sp_state_row_set_item         (SpStateRow *self,
                                           GObject    *item);
int         sp_state_row_get_highlighted  (SpStateRow *self);
const char *sp_state_row_get_title_text   (SpStateRow *self);
const char *sp_state_row_get_kernel_text  (SpStateRow *self);

G_END_DECLS
