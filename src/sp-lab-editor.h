/* sp-lab-editor.h — the lab's expectations of a playground, seen, added and removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"
#include "sp-window.h"

G_BEGIN_DECLS

#define SP_TYPE_LAB_EDITOR (sp_lab_editor_get_type ())

G_DECLARE_FINAL_TYPE (SpLabEditor, sp_lab_editor, SP, LAB_EDITOR, AdwPreferencesWindow)

GtkWidget  *sp_lab_editor_new              (SpWindow          *window);

/* What the dialog shows and does, for tests: each is what a click or a keystroke does. */
guint       sp_lab_editor_get_n_rows       (SpLabEditor       *self);
const char *sp_lab_editor_get_row_sentence (SpLabEditor       *self,
                                            guint              position);
void        sp_lab_editor_remove_row       (SpLabEditor       *self,
                                            guint              position);
void        sp_lab_editor_set_candidate    (SpLabEditor       *self,
                                            guint              pane_position,
                                            SpExpectationKind  kind,
                                            const char        *value);
const char *sp_lab_editor_get_error_text   (SpLabEditor       *self);
gboolean    sp_lab_editor_get_can_add      (SpLabEditor       *self);
gboolean    sp_lab_editor_add              (SpLabEditor       *self);

G_END_DECLS
