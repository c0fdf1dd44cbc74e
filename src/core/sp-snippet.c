/* sp-snippet.c — the Python 3 and C programs that do what a pane does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pane's settings (transport, endpoint, behaviour, what it sends) are written out as a
 * program a learner can run: Python 3 in the style of the tutorial's server.py and
 * client.py, and C with POSIX sockets that builds with `cc -Wall -Wextra -Werror`. The
 * writer notes the line of each socket call as it goes, so a view can point at the line
 * the pane's last event stands for.
 *
 * The programs are teaching material, not the engine: a stream server serves one client
 * at a time as the tutorial's does (chat and manual serve many with select()/poll()), and
 * what a person would read (who connected, what was discarded) goes to standard error,
 * while the bytes received go to standard output exactly as they came. The generated
 * code's comments are in English, like its names.
 */

#include "config.h"

#include <string.h>

#include "sp-core-enums.h"
#include "sp-payload.h"
#include "sp-reply-rule-private.h"
#include "sp-snippet-private.h"

/* Where trailing comments start, when the code leaves room. */
#define COMMENT_COLUMN 40

/* How long a piece of a string literal may grow before it is continued on the next line. */
#define LITERAL_PIECE 56

struct _SpSnippet
{
  GObject            parent_instance;

  char              *text;
  char              *filename;
  GArray            *calls;       /* Call, in the order of the text */
  guint              n_lines;
  SpSnippetLanguage  language;
};

enum {
  PROP_0,
  PROP_TEXT,
  PROP_LANGUAGE,
  PROP_FILENAME,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpSnippet, sp_snippet, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* The writer ---------------------------------------------------------------------------- */

static void
writer_add (Writer      *w,
            SpEventKind  kind,
            const char  *comment,
            const char  *code)
{
  gsize width = w->indent * 4 + g_utf8_strlen (code, -1);

  /* A comment that does not fit after the code goes on its own line, above it. */
  if (comment != NULL && code[0] != '\0' && width + 2 > COMMENT_COLUMN)
    {
      writer_add (w, SP_EVENT_KIND_INFO, comment, "");
      comment = NULL;
    }

  if (code[0] != '\0' || comment != NULL)
    for (guint i = 0; i < w->indent; i++)
      g_string_append (w->text, "    ");
  g_string_append (w->text, code);

  if (comment != NULL)
    {
      if (code[0] != '\0')
        g_string_append_printf (w->text, "%*s", (int) (COMMENT_COLUMN - width), "");

      if (w->language == SP_SNIPPET_LANGUAGE_PYTHON)
        g_string_append_printf (w->text, "# %s", comment);
      else
        g_string_append_printf (w->text, "/* %s */", comment);
    }

  g_string_append_c (w->text, '\n');
  w->n_lines++;

  if (kind != SP_EVENT_KIND_INFO)
    {
      Call call = { kind, w->n_lines };

      g_array_append_val (w->calls, call);
    }
}

/* A line of code that makes the socket call @kind (SP_EVENT_KIND_INFO for none), with a
 * comment after it when @comment is not NULL. */
void
_sp_snippet_call (Writer      *w,
                  SpEventKind  kind,
                  const char  *comment,
                  const char  *format,
                  ...)
{
  g_autofree char *code = NULL;
  va_list args;

  va_start (args, format);
  code = g_strdup_vprintf (format, args);
  va_end (args);

  writer_add (w, kind, comment, code);
}

void
_sp_snippet_comment (Writer     *w,
                     const char *text)
{
  writer_add (w, SP_EVENT_KIND_INFO, text, "");
}

void
_sp_snippet_blank (Writer *w)
{
  guint indent = w->indent;

  w->indent = 0;
  writer_add (w, SP_EVENT_KIND_INFO, NULL, "");
  w->indent = indent;
}

/* Text from the person (a path, a pattern) made safe inside a comment: no line break,
 * and no end of a C comment. */
static char *
comment_safe (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\x%02x", (guchar) *p);
      else if (p[0] == '*' && p[1] == '/')
        g_string_append (out, "*\\");
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

char *
_sp_snippet_literal (Writer       *w,
                     const guint8 *data,
                     gsize         size)
{
  return sp_payload_to_literal (data, size,
                                w->language == SP_SNIPPET_LANGUAGE_C ? SP_LITERAL_C : SP_LITERAL_PYTHON_BYTES);
}

char *
_sp_snippet_bytes_literal (Writer *w,
                           GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return _sp_snippet_literal (w, data, size);
}

char *
_sp_snippet_text_literal (Writer     *w,
                          const char *text)
{
  return sp_payload_to_literal ((const guint8 *) text, strlen (text),
                                w->language == SP_SNIPPET_LANGUAGE_C ? SP_LITERAL_C : SP_LITERAL_PYTHON_STR);
}

/* Where a long literal is cut: after each newline, and before it grows too wide. */
static GPtrArray *
literal_pieces (Writer       *w,
                const guint8 *data,
                gsize         size)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;
  gsize width = 0;

  for (gsize i = 0; i < size; i++)
    {
      width += data[i] >= 0x20 && data[i] < 0x7f ? 1 : 4;
      if (data[i] == '\n' || width >= LITERAL_PIECE)
        {
          g_ptr_array_add (pieces, _sp_snippet_literal (w, data + start, i + 1 - start));
          start = i + 1;
          width = 0;
        }
    }

  if (start < size || size == 0)
    g_ptr_array_add (pieces, _sp_snippet_literal (w, data + start, size - start));

  return pieces;
}

/* `name = b'…'` in Python, `static const char name[] = "…";` in C, continued on more
 * lines when long; the C array's size, less one, is the number of bytes. */
void
_sp_snippet_assign_bytes (Writer     *w,
                          const char *name,
                          GBytes     *bytes,
                          const char *what)
{
  g_autoptr(GPtrArray) pieces = NULL;
  g_autofree char *head = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gboolean python = w->language == SP_SNIPPET_LANGUAGE_PYTHON;
  gsize indent;

  pieces = literal_pieces (w, data, size);

  if (python)
    head = g_strdup_printf ("%s = ", name);
  else
    head = g_strdup_printf ("static const char %s[] = ", name);

  if (pieces->len == 1)
    {
      said (w, what, "%s%s%s", head, (char *) pieces->pdata[0], python ? "" : ";");
      return;
    }

  comment (w, what);
  indent = strlen (head) + (python ? 1 : 0);
  for (guint i = 0; i < pieces->len; i++)
    {
      const char *piece = pieces->pdata[i];
      gboolean last = i + 1 == pieces->len;
      const char *end = last ? (python ? ")" : ";") : "";

      if (i == 0)
        line (w, "%s%s%s", head, python ? "(" : "", piece);
      else
        line (w, "%*s%s%s", (int) indent, "", piece, end);
    }
}

/* What the pane is set to, read once for both languages ----------------------------------- */

static void
settings_clear (Settings *s)
{
  g_clear_object (&s->endpoint);
  g_clear_pointer (&s->where, g_free);
  g_clear_pointer (&s->reply, g_bytes_unref);
  g_clear_pointer (&s->reply_error, g_free);
  g_clear_pointer (&s->rules, g_ptr_array_unref);
  g_clear_pointer (&s->fallback, g_free);
  g_clear_pointer (&s->fallback_error, g_free);
  g_clear_pointer (&s->to_send, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

static void
note_part (SpTemplatePartKind  kind,
           guint               group,
           GBytes             *bytes,
           gpointer            user_data)
{
  Settings *s = user_data;

  s->uses_append = TRUE;
  if (kind == SP_TEMPLATE_PART_GROUP && s->noting == SP_MATCH_REGEX)
    s->uses_regex_groups = TRUE;

  if (kind == SP_TEMPLATE_PART_PEER)
    s->uses_peer = TRUE;
  else if (kind == SP_TEMPLATE_PART_MESSAGE || kind == SP_TEMPLATE_PART_GROUP)
    s->uses_message = TRUE;
}

static void
settings_init_endpoint (Settings   *s,
                        SpEndpoint *endpoint)
{
  g_autofree char *text = sp_endpoint_to_string (endpoint);

  s->endpoint = g_object_ref (endpoint);
  s->transport = sp_endpoint_get_transport (endpoint);
  s->stream = sp_endpoint_is_stream (endpoint);
  s->inet = sp_endpoint_is_inet (endpoint);
  s->where = comment_safe (text);

  if (s->inet)
    {
      const char *host = sp_endpoint_get_host (endpoint);

      s->named = !g_hostname_is_ip_address (host);
      s->ipv6 = !s->named && strchr (host, ':') != NULL;
    }
}

static void
settings_init_server (Settings *s,
                      SpServer *server)
{
  GListModel *rules = sp_server_get_rules (server);
  const char *reply_text = sp_server_get_reply_text (server);
  const char *fallback = sp_server_get_fallback_reply (server);

  settings_init_endpoint (s, sp_server_get_endpoint (server));
  s->behaviour = sp_server_get_behaviour (server);
  s->close_after_reply = sp_server_get_close_after_reply (server);
  s->framing = sp_server_get_framing (server);
  s->frame_length = sp_server_get_frame_length (server);
  s->backlog = sp_server_get_backlog (server);

  if (reply_text != NULL && reply_text[0] != '\0')
    {
      g_autoptr(GError) error = NULL;

      s->reply = sp_payload_parse_text (reply_text, -1, NULL, &error);
      if (s->reply == NULL)
        s->reply_error = g_strdup (error->message);
      else if (g_bytes_get_size (s->reply) == 0)
        g_clear_pointer (&s->reply, g_bytes_unref);
    }

  s->rules = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
    {
      SpReplyRule *rule = g_list_model_get_item (rules, i);

      g_ptr_array_add (s->rules, rule);
      if (s->behaviour != SP_BEHAVIOUR_RULES)
        continue;

      s->has_regex |= sp_reply_rule_get_kind (rule) == SP_MATCH_REGEX;
      s->has_contains |= sp_reply_rule_get_kind (rule) == SP_MATCH_CONTAINS;
      /* Every kind but "equals" looks at the message to match it. */
      s->uses_message |= sp_reply_rule_get_kind (rule) != SP_MATCH_EQUALS;
      s->noting = sp_reply_rule_get_kind (rule);
      _sp_reply_template_foreach_part (sp_reply_rule_get_reply_template (rule),
                                       sp_reply_rule_get_n_groups (rule), note_part, s, NULL);
    }

  if (fallback != NULL)
    {
      g_autoptr(GError) error = NULL;

      s->noting = SP_MATCH_EQUALS;
      if (s->behaviour == SP_BEHAVIOUR_RULES &&
          !_sp_reply_template_foreach_part (fallback, 0, note_part, s, &error))
        s->fallback_error = g_strdup (error->message);
      else
        s->fallback = g_strdup (fallback);
    }

  if (s->rules->len > 0)
    s->uses_message = TRUE;
}

char *
_sp_snippet_describe_server (Settings *s)
{
  const char *what = NULL;

  switch (s->behaviour)
    {
    case SP_BEHAVIOUR_REPLY:
      if (!s->stream)
        what = "answers each datagram with the reply";
      else if (s->close_after_reply)
        what = "answers each client with the reply, then closes the connection";
      else
        what = "answers each client with the reply, then reads until the client closes";
      break;

    case SP_BEHAVIOUR_ECHO:
      what = s->stream ? "sends back everything each client sends"
                       : "sends each datagram back to its sender";
      break;

    case SP_BEHAVIOUR_DISCARD:
      what = s->stream ? "reads what clients send, and discards it"
                       : "reads datagrams, and discards them";
      break;

    case SP_BEHAVIOUR_CHAT:
      what = s->stream ? "passes what each client sends to all the others"
                       : "passes each datagram to every other peer that has sent one";
      break;

    case SP_BEHAVIOUR_MANUAL:
      what = s->stream ? "sends what you type to every client, and prints what they send"
                       : "sends what you type to every peer that has sent a datagram, and prints what they send";
      break;

    case SP_BEHAVIOUR_RULES:
      if (!s->stream)
        what = "answers each datagram with the first rule that matches";
      else if (s->framing == SP_FRAMING_LINE)
        what = "answers each line with the first rule that matches";
      else if (s->framing == SP_FRAMING_FIXED)
        return g_strdup_printf ("answers each %u-byte message with the first rule that matches",
                                s->frame_length);
      else
        what = "answers what each recv() returns with the first rule that matches";
      break;

    default:
      g_assert_not_reached ();
    }

  return g_strdup (what);
}

gboolean
_sp_snippet_is_many_at_once (Settings *s)
{
  return s->behaviour == SP_BEHAVIOUR_CHAT || s->behaviour == SP_BEHAVIOUR_MANUAL;
}

/* A rule's pattern as the person typed it, safe in a comment. */
char *
_sp_snippet_describe_rule (SpReplyRule *rule,
                           guint        number)
{
  g_autofree char *pattern = comment_safe (sp_reply_rule_get_pattern (rule));
  const char *how = NULL;

  switch (sp_reply_rule_get_kind (rule))
    {
    case SP_MATCH_EQUALS: how = "is"; break;
    case SP_MATCH_CONTAINS: how = "contains"; break;
    case SP_MATCH_STARTS_WITH: how = "starts with"; break;
    case SP_MATCH_ENDS_WITH: how = "ends with"; break;
    case SP_MATCH_REGEX:
      return g_strdup_printf ("Rule %u: the message matches /%s/", number, pattern);
    default: g_assert_not_reached ();
    }

  return g_strdup_printf ("Rule %u: the message %s \"%s\"", number, how, pattern);
}

GBytes *
_sp_snippet_rule_text (SpReplyRule *rule)
{
  /* The rule was checked when it was made: its text reads. */
  return sp_payload_parse_text (sp_reply_rule_get_pattern (rule), -1, NULL, NULL);
}

/* GObject --------------------------------------------------------------------------------- */

static void
sp_snippet_finalize (GObject *object)
{
  SpSnippet *self = (SpSnippet *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->filename, g_free);
  g_clear_pointer (&self->calls, g_array_unref);

  G_OBJECT_CLASS (sp_snippet_parent_class)->finalize (object);
}

static void
sp_snippet_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SpSnippet *self = SP_SNIPPET (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_LANGUAGE:
      g_value_set_enum (value, self->language);
      break;

    case PROP_FILENAME:
      g_value_set_string (value, self->filename);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_snippet_class_init (SpSnippetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_snippet_finalize;
  object_class->get_property = sp_snippet_get_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LANGUAGE] =
    g_param_spec_enum ("language", NULL, NULL, SP_TYPE_SNIPPET_LANGUAGE, SP_SNIPPET_LANGUAGE_PYTHON,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FILENAME] =
    g_param_spec_string ("filename", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_snippet_init (SpSnippet *self)
{
}

typedef void (*WriteFunc) (Writer *w, Settings *s);

static SpSnippet *
snippet_new (Settings          *s,
             SpSnippetLanguage  language,
             const char        *role,
             WriteFunc          python,
             WriteFunc          c)
{
  SpSnippet *self = g_object_new (SP_TYPE_SNIPPET, NULL);
  Writer w = { g_string_new (NULL), g_array_new (FALSE, FALSE, sizeof (Call)), 0, 0, language };

  if (language == SP_SNIPPET_LANGUAGE_PYTHON)
    python (&w, s);
  else
    c (&w, s);

  self->language = language;
  self->text = g_string_free (w.text, FALSE);
  self->calls = w.calls;
  self->n_lines = w.n_lines;
  self->filename = g_strconcat (role, language == SP_SNIPPET_LANGUAGE_PYTHON ? ".py" : ".c", NULL);

  return self;
}

/**
 * sp_snippet_new_for_server:
 * @server: a server pane's engine, read now: make a new snippet when its settings change
 * @language: the language to write
 *
 * The program that does what @server is set to do: its transport and endpoint (as set,
 * not as bound: port 0 stays 0, and the program prints the port it got), its behaviour,
 * reply, rules and framing. The server serves forever, as the tutorial's does.
 *
 * Returns: (transfer full): the program
 */
SpSnippet *
sp_snippet_new_for_server (SpServer          *server,
                           SpSnippetLanguage  language)
{
  g_auto(Settings) s = { 0 };

  g_return_val_if_fail (SP_IS_SERVER (server), NULL);
  g_return_val_if_fail (language <= SP_SNIPPET_LANGUAGE_C, NULL);

  settings_init_server (&s, server);

  return snippet_new (&s, language, "server", _sp_snippet_write_python_server, _sp_snippet_write_c_server);
}

/**
 * sp_snippet_new_for_client:
 * @client: a client pane's engine, read now
 * @to_send: (nullable): the bytes the pane sends, or %NULL for none
 * @language: the language to write
 *
 * The program that connects where @client does and sends @to_send. On a stream it then
 * half-closes (shutdown(SHUT_WR), when it sent something) and prints what comes back
 * until the server closes; on a datagram socket it sends one datagram and prints the
 * one answer, if it comes within a few seconds.
 *
 * Returns: (transfer full): the program
 */
SpSnippet *
sp_snippet_new_for_client (SpClient          *client,
                           GBytes            *to_send,
                           SpSnippetLanguage  language)
{
  g_auto(Settings) s = { 0 };

  g_return_val_if_fail (SP_IS_CLIENT (client), NULL);
  g_return_val_if_fail (language <= SP_SNIPPET_LANGUAGE_C, NULL);

  settings_init_endpoint (&s, sp_client_get_endpoint (client));
  s.to_send = to_send != NULL ? g_bytes_ref (to_send) : g_bytes_new (NULL, 0);

  return snippet_new (&s, language, "client", _sp_snippet_write_python_client, _sp_snippet_write_c_client);
}

/**
 * sp_snippet_get_text:
 *
 * Returns: (transfer none): the program, ending with a newline
 */
const char *
sp_snippet_get_text (SpSnippet *self)
{
  g_return_val_if_fail (SP_IS_SNIPPET (self), NULL);

  return self->text;
}

SpSnippetLanguage
sp_snippet_get_language (SpSnippet *self)
{
  g_return_val_if_fail (SP_IS_SNIPPET (self), SP_SNIPPET_LANGUAGE_PYTHON);

  return self->language;
}

/**
 * sp_snippet_get_filename:
 *
 * Returns: (transfer none): the name the program expects to be saved as (`server.py`,
 *   `client.c`…), which its first lines mention
 */
const char *
sp_snippet_get_filename (SpSnippet *self)
{
  g_return_val_if_fail (SP_IS_SNIPPET (self), NULL);

  return self->filename;
}

guint
sp_snippet_get_n_lines (SpSnippet *self)
{
  g_return_val_if_fail (SP_IS_SNIPPET (self), 0);

  return self->n_lines;
}

/**
 * sp_snippet_get_line_for_call:
 * @kind: the socket call, as an event's kind (%SP_EVENT_KIND_SOCKET … %SP_EVENT_KIND_CLOSE,
 *   and %SP_EVENT_KIND_RESOLVE for getaddrinfo())
 * @occurrence: which of the lines making that call, from 0, in the order of the text
 *
 * Where the program makes a socket call, so a view can point at the line the pane's last
 * event stands for. Only the lines a run goes through are counted, not error paths.
 *
 * Returns: the line, counted from 1, or 0 when the program has no such call
 */
guint
sp_snippet_get_line_for_call (SpSnippet   *self,
                              SpEventKind  kind,
                              guint        occurrence)
{
  g_return_val_if_fail (SP_IS_SNIPPET (self), 0);

  for (guint i = 0; i < self->calls->len; i++)
    {
      const Call *c = &g_array_index (self->calls, Call, i);

      if (c->kind == kind && occurrence-- == 0)
        return c->line;
    }

  return 0;
}
