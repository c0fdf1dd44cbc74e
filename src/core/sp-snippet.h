/* sp-snippet.h — the Python 3 and C programs that do what a pane does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-client.h"
#include "sp-event.h"
#include "sp-server.h"

G_BEGIN_DECLS

typedef enum
{
  SP_SNIPPET_LANGUAGE_PYTHON,
  SP_SNIPPET_LANGUAGE_C,
} SpSnippetLanguage;

#define SP_TYPE_SNIPPET (sp_snippet_get_type ())

G_DECLARE_FINAL_TYPE (SpSnippet, sp_snippet, SP, SNIPPET, GObject)

SpSnippet         *sp_snippet_new_for_server     (SpServer          *server,
                                                  SpSnippetLanguage  language);
SpSnippet         *sp_snippet_new_for_client     (SpClient          *client,
                                                  GBytes            *to_send,
                                                  SpSnippetLanguage  language);
const char        *sp_snippet_get_text           (SpSnippet         *self);
SpSnippetLanguage  sp_snippet_get_language       (SpSnippet         *self);
const char        *sp_snippet_get_filename       (SpSnippet         *self);
guint              sp_snippet_get_n_lines        (SpSnippet         *self);
guint              sp_snippet_get_line_for_call  (SpSnippet         *self,
                                                  SpEventKind        kind,
                                                  guint              occurrence);

G_END_DECLS
