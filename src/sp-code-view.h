/* sp-code-view.h — a pane's Python 3 or C program, highlighted, copyable and savable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_CODE_VIEW (sp_code_view_get_type ())

G_DECLARE_FINAL_TYPE (SpCodeView, sp_code_view, SP, CODE_VIEW, GtkWidget)

GtkWidget         *sp_code_view_new                  (void);
SpServer          *sp_code_view_get_server           (SpCodeView          *self);
void               sp_code_view_set_server           (SpCodeView          *self,
                                                      SpServer            *server);
SpClient          *sp_code_view_get_client           (SpCodeView          *self);
void               sp_code_view_set_client           (SpCodeView          *self,
                                                      SpClient            *client,
                                                      GBytes              *to_send);
GBytes            *sp_code_view_get_to_send          (SpCodeView          *self);
void               sp_code_view_set_to_send          (SpCodeView          *self,
                                                      GBytes              *to_send);
SpSnippetLanguage  sp_code_view_get_language         (SpCodeView          *self);
void               sp_code_view_set_language         (SpCodeView          *self,
                                                      SpSnippetLanguage    language);
SpSnippet         *sp_code_view_get_snippet          (SpCodeView          *self);
guint              sp_code_view_get_highlighted_line (SpCodeView          *self);
void               sp_code_view_save_async           (SpCodeView          *self,
                                                      GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           sp_code_view_save_finish          (SpCodeView          *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
