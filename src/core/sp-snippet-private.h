/* sp-snippet-private.h — what the Python and the C writers of sp-snippet share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-snippet.h"

G_BEGIN_DECLS

/* How long the datagram client waits for an answer, in seconds. */
#define ANSWER_TIMEOUT 5

/* A line that makes a socket call. */
typedef struct
{
  SpEventKind kind;
  guint       line;
} Call;

/* The program being written, line by line. */
typedef struct
{
  GString           *text;
  GArray            *calls;
  guint              n_lines;
  guint              indent;
  SpSnippetLanguage  language;
} Writer;

/* What the pane is set to, read once for both languages. */
typedef struct
{
  SpEndpoint  *endpoint;
  SpTransport  transport;
  gboolean     stream;
  gboolean     inet;
  gboolean     named;         /* a host name, resolved with getaddrinfo() */
  gboolean     ipv6;
  char        *where;         /* the endpoint, safe in a comment */

  /* Servers */
  SpBehaviour  behaviour;
  GBytes      *reply;         /* REPLY: NULL when there is nothing to send */
  char        *reply_error;
  gboolean     close_after_reply;
  GPtrArray   *rules;         /* SpReplyRule */
  char        *fallback;      /* a valid template, or NULL */
  char        *fallback_error;
  SpFraming    framing;
  guint        frame_length;
  guint        backlog;
  gboolean     uses_peer;
  gboolean     uses_message;
  gboolean     has_regex;
  gboolean     has_contains;
  gboolean     uses_append;   /* some template has a part: C needs append() */
  gboolean     uses_regex_groups;
  SpMatchKind  noting;        /* the kind of the rule whose template is being read */

  /* Clients */
  GBytes      *to_send;
} Settings;

void        _sp_snippet_call                (Writer       *w,
                                             SpEventKind   kind,
                                             const char   *comment,
                                             const char   *format,
                                             ...) G_GNUC_PRINTF (4, 5);
void        _sp_snippet_comment             (Writer       *w,
                                             const char   *text);
void        _sp_snippet_blank               (Writer       *w);
char       *_sp_snippet_literal             (Writer       *w,
                                             const guint8 *data,
                                             gsize         size);
char       *_sp_snippet_bytes_literal       (Writer       *w,
                                             GBytes       *bytes);
char       *_sp_snippet_text_literal        (Writer       *w,
                                             const char   *text);
void        _sp_snippet_assign_bytes        (Writer       *w,
                                             const char   *name,
                                             GBytes       *bytes,
                                             const char   *what);
char       *_sp_snippet_describe_server     (Settings     *s);
gboolean    _sp_snippet_is_many_at_once     (Settings     *s);
char       *_sp_snippet_describe_rule       (SpReplyRule  *rule,
                                             guint         number);
GBytes     *_sp_snippet_rule_text           (SpReplyRule  *rule);

void        _sp_snippet_write_python_server (Writer       *w,
                                             Settings     *s);
void        _sp_snippet_write_python_client (Writer       *w,
                                             Settings     *s);
void        _sp_snippet_write_c_server      (Writer       *w,
                                             Settings     *s);
void        _sp_snippet_write_c_client      (Writer       *w,
                                             Settings     *s);

/* Short names for the lines the writers write. */
#define call(w, kind, comment, ...) _sp_snippet_call ((w), (kind), (comment), __VA_ARGS__)
#define line(w, ...) _sp_snippet_call ((w), SP_EVENT_KIND_INFO, NULL, __VA_ARGS__)
#define said(w, comment, ...) _sp_snippet_call ((w), SP_EVENT_KIND_INFO, (comment), __VA_ARGS__)
#define comment(w, text) _sp_snippet_comment ((w), (text))
#define blank(w) _sp_snippet_blank ((w))

G_END_DECLS
