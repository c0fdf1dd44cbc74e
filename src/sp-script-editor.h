/* sp-script-editor.h — write a scripted exchange (send, expect, wait…) and run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_SCRIPT_EDITOR (sp_script_editor_get_type ())

G_DECLARE_FINAL_TYPE (SpScriptEditor, sp_script_editor, SP, SCRIPT_EDITOR, GtkWidget)

GtkWidget  *sp_script_editor_new             (void);
char       *sp_script_editor_dup_text        (SpScriptEditor *self);
void        sp_script_editor_set_text        (SpScriptEditor *self,
                                              const char     *text);
void        sp_script_editor_set_connection  (SpScriptEditor *self,
                                              SpConnection   *connection,
                                              SpEventLog     *log);
SpScript   *sp_script_editor_get_script      (SpScriptEditor *self);
const char *sp_script_editor_get_error_text  (SpScriptEditor *self);
const char *sp_script_editor_get_status_text (SpScriptEditor *self);

G_END_DECLS
