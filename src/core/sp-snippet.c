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
#include "sp-snippet.h"

/* Where trailing comments start, when the code leaves room. */
#define COMMENT_COLUMN 56

/* How long a piece of a string literal may grow before it is continued on the next line. */
#define LITERAL_PIECE 56

/* How long the datagram client waits for an answer, in seconds. */
#define ANSWER_TIMEOUT 5

typedef struct
{
  SpEventKind kind;
  guint       line;
} Call;

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

typedef struct
{
  GString           *text;
  GArray            *calls;
  guint              n_lines;
  guint              indent;
  SpSnippetLanguage  language;
} Writer;

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
G_GNUC_PRINTF (4, 5)
static void
call (Writer      *w,
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

#define line(w, ...) call ((w), SP_EVENT_KIND_INFO, NULL, __VA_ARGS__)
#define said(w, comment, ...) call ((w), SP_EVENT_KIND_INFO, (comment), __VA_ARGS__)

static void
comment (Writer     *w,
         const char *text)
{
  writer_add (w, SP_EVENT_KIND_INFO, text, "");
}

static void
blank (Writer *w)
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

static char *
literal (Writer       *w,
         const guint8 *data,
         gsize         size)
{
  return sp_payload_to_literal (data, size,
                                w->language == SP_SNIPPET_LANGUAGE_C ? SP_LITERAL_C : SP_LITERAL_PYTHON_BYTES);
}

static char *
bytes_literal (Writer *w,
               GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return literal (w, data, size);
}

static char *
text_literal (Writer     *w,
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
          g_ptr_array_add (pieces, literal (w, data + start, i + 1 - start));
          start = i + 1;
          width = 0;
        }
    }

  if (start < size || size == 0)
    g_ptr_array_add (pieces, literal (w, data + start, size - start));

  return pieces;
}

/* `name = b'…'` in Python, `static const char name[] = "…";` in C, continued on more
 * lines when long; the C array's size, less one, is the number of bytes. */
static void
assign_bytes (Writer     *w,
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

static char *
describe_server (Settings *s)
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

static gboolean
is_many_at_once (Settings *s)
{
  return s->behaviour == SP_BEHAVIOUR_CHAT || s->behaviour == SP_BEHAVIOUR_MANUAL;
}

/* A rule's pattern as the person typed it, safe in a comment. */
static char *
describe_rule (SpReplyRule *rule,
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

static GBytes *
rule_text (SpReplyRule *rule)
{
  /* The rule was checked when it was made: its text reads. */
  return sp_payload_parse_text (sp_reply_rule_get_pattern (rule), -1, NULL, NULL);
}

/* Python ---------------------------------------------------------------------------------- */

static const char *
python_family (Settings *s)
{
  if (!s->inet)
    return "socket.AF_UNIX";
  return s->ipv6 ? "socket.AF_INET6" : "socket.AF_INET";
}

static const char *
python_type (Settings *s)
{
  return s->stream ? "socket.SOCK_STREAM" : "socket.SOCK_DGRAM";
}

static void
python_header (Writer     *w,
               Settings   *s,
               const char *name,
               const char *role,
               const char *what,
               const char *modules)
{
  g_auto(GStrv) imports = g_strsplit (modules, " ", -1);

  line (w, "#!/usr/bin/env python3");
  line (w, "# %s — the %s pane %s, in Python 3:", name, role, s->where);
  line (w, "# it %s.", what);
  line (w, "# Run it with: python3 %s", name);
  blank (w);
  for (guint i = 0; imports[i] != NULL; i++)
    line (w, "import %s", imports[i]);
  blank (w);

  if (s->inet)
    {
      g_autofree char *host = text_literal (w, sp_endpoint_get_host (s->endpoint));

      said (w, s->named ? "A name: getaddrinfo() turns it into addresses" : NULL, "host = %s", host);
      line (w, "port = %u", sp_endpoint_get_port (s->endpoint));
    }
  else
    {
      g_autofree char *path = text_literal (w, sp_endpoint_get_path (s->endpoint));

      said (w, "The socket's name in the file system", "path = %s", path);
    }
}

/* What the server binds to, or the client connects to. */
static const char *
python_address (Settings *s)
{
  if (s->named)
    return "address";
  return s->inet ? "(host, port)" : "path";
}

/* One expression per template part, joined with `+`. */
typedef struct
{
  GString     *out;
  Writer      *w;
  SpMatchKind  kind;
  GBytes      *text;
  gboolean     uses_groups;
} PythonTemplate;

static void
python_template_part (SpTemplatePartKind  kind,
                      guint               group,
                      GBytes             *bytes,
                      gpointer            user_data)
{
  PythonTemplate *t = user_data;
  g_autofree char *text = t->text != NULL ? bytes_literal (t->w, t->text) : NULL;

  if (t->out->len > 0)
    g_string_append (t->out, " + ");

  switch (kind)
    {
    case SP_TEMPLATE_PART_BYTES:
      {
        g_autofree char *piece = bytes_literal (t->w, bytes);
        g_string_append (t->out, piece);
      }
      break;

    case SP_TEMPLATE_PART_PEER:
      g_string_append (t->out, "peer_text(addr)");
      break;

    case SP_TEMPLATE_PART_MESSAGE:
      g_string_append (t->out, "message");
      break;

    case SP_TEMPLATE_PART_GROUP:
      t->uses_groups = TRUE;
      if (t->kind == SP_MATCH_REGEX)
        g_string_append_printf (t->out, "(m.group(%u) or b'')", group);
      else if (t->kind == SP_MATCH_STARTS_WITH)
        g_string_append_printf (t->out, "message[len(%s):]", text);
      else if (t->kind == SP_MATCH_ENDS_WITH)
        g_string_append_printf (t->out, "message[:-len(%s)]", text);
      else
        g_string_append (t->out, group == 1 ? "before" : "after");
      break;

    default:
      g_assert_not_reached ();
    }
}

static char *
python_template (Writer      *w,
                 const char  *reply_template,
                 guint        n_groups,
                 SpMatchKind  kind,
                 GBytes      *text,
                 gboolean    *uses_groups)
{
  PythonTemplate t = { g_string_new (NULL), w, kind, text, FALSE };

  _sp_reply_template_foreach_part (reply_template, n_groups, python_template_part, &t, NULL);
  if (t.out->len == 0)
    g_string_append (t.out, "b''");
  if (uses_groups != NULL)
    *uses_groups = t.uses_groups;

  return g_string_free (t.out, FALSE);
}

/* A regular expression as a Python bytes literal: raw when that reads the same. */
static char *
python_regex (Writer     *w,
              const char *pattern)
{
  gsize length = strlen (pattern);
  gboolean raw = length > 0 && pattern[length - 1] != '\\';

  for (gsize i = 0; i < length && raw; i++)
    raw = pattern[i] >= 0x20 && pattern[i] < 0x7f && pattern[i] != '\'';

  if (raw)
    return g_strdup_printf ("rb'%s'", pattern);

  return literal (w, (const guint8 *) pattern, length);
}

static void
python_answer (Writer   *w,
               Settings *s)
{
  line (w, "def answer(message%s):", s->uses_peer ? ", addr" : "");
  w->indent++;
  line (w, "\"\"\"The reply to one message: the first rule that matches, else the fallback.\"\"\"");

  for (guint i = 0; i < s->rules->len; i++)
    {
      SpReplyRule *rule = s->rules->pdata[i];
      SpMatchKind kind = sp_reply_rule_get_kind (rule);
      g_autofree char *about = describe_rule (rule, i + 1);
      g_autoptr(GBytes) text = kind != SP_MATCH_REGEX ? rule_text (rule) : NULL;
      g_autofree char *text_literal = text != NULL ? bytes_literal (w, text) : NULL;
      g_autofree char *reply = NULL;
      gboolean uses_groups;

      reply = python_template (w, sp_reply_rule_get_reply_template (rule),
                               sp_reply_rule_get_n_groups (rule), kind, text, &uses_groups);
      comment (w, about);
      switch (kind)
        {
        case SP_MATCH_EQUALS:
          line (w, "if message == %s:", text_literal);
          break;

        case SP_MATCH_STARTS_WITH:
          line (w, "if message.startswith(%s):", text_literal);
          break;

        case SP_MATCH_ENDS_WITH:
          line (w, "if message.endswith(%s):", text_literal);
          break;

        case SP_MATCH_CONTAINS:
          line (w, "if %s in message:", text_literal);
          if (uses_groups)
            {
              w->indent++;
              said (w, "What comes before and after it", "before, _, after = message.partition(%s)",
                    text_literal);
              w->indent--;
            }
          break;

        case SP_MATCH_REGEX:
          {
            g_autofree char *regex = python_regex (w, sp_reply_rule_get_pattern (rule));

            line (w, "m = re.search(%s, message)", regex);
            line (w, "if m:");
          }
          break;

        default:
          g_assert_not_reached ();
        }

      w->indent++;
      line (w, "return %s", reply);
      w->indent--;
    }

  if (s->fallback != NULL)
    {
      g_autofree char *reply = python_template (w, s->fallback, 0, SP_MATCH_EQUALS, NULL, NULL);

      said (w, "No rule matched: the fallback reply", "return %s", reply);
    }
  else
    {
      if (s->fallback_error != NULL)
        comment (w, "The fallback reply has a mistake, so it is left out:");
      said (w, "No rule matched, and there is no fallback reply", "return None");
    }

  w->indent--;
  blank (w);
  blank (w);
}

static void
python_peer_text (Writer   *w,
                  Settings *s)
{
  line (w, "def peer_text(addr):");
  w->indent++;
  if (s->inet)
    {
      line (w, "\"\"\"The client's address as the playground writes it: 127.0.0.1:48437 or [::1]:48437.\"\"\"");
      line (w, "ip, number = addr[0], addr[1]");
      line (w, "text = f'[{ip}]:{number}' if ':' in ip else f'{ip}:{number}'");
      line (w, "return text.encode()");
    }
  else
    {
      line (w, "\"\"\"The client's address as the playground writes it: its path, if it has one.\"\"\"");
      line (w, "return addr.encode() if isinstance(addr, str) and addr else b'(unnamed)'");
    }
  w->indent--;
  blank (w);
  blank (w);
}

/* Sends the answer to @message (a Python expression) on a stream, or back to the sender. */
static void
python_send_answer (Writer     *w,
                    Settings   *s,
                    const char *message)
{
  line (w, "reply = answer(%s%s)", message, s->uses_peer ? ", addr" : "");
  line (w, "if reply:");
  w->indent++;
  if (s->stream)
    call (w, SP_EVENT_KIND_SEND, NULL, "c.sendall(reply)");
  else
    call (w, SP_EVENT_KIND_SEND, NULL, "s.sendto(reply, addr)");
  w->indent--;
}

/* The body of the tutorial's accept loop, for behaviours that serve one client at a time. */
static void
python_serve_one (Writer   *w,
                  Settings *s)
{
  gboolean rules = s->behaviour == SP_BEHAVIOUR_RULES;
  gboolean pending = rules && s->framing != SP_FRAMING_READ;

  if (s->behaviour == SP_BEHAVIOUR_REPLY)
    {
      if (s->reply != NULL)
        call (w, SP_EVENT_KIND_SEND, NULL, "c.sendall(reply)");
      else
        comment (w, "The reply is empty: there is nothing to send");
    }

  if (s->behaviour == SP_BEHAVIOUR_REPLY && s->close_after_reply)
    {
      call (w, SP_EVENT_KIND_CLOSE, "Close the connection", "c.close()");
      return;
    }

  if (pending)
    said (w, "Bytes of a message not yet complete", "pending = b''");
  line (w, "while True:");
  w->indent++;
  call (w, SP_EVENT_KIND_RECV, NULL, "data = c.recv(1024)");
  said (w, "b'': the client closed its side", "if not data:");
  w->indent++;
  line (w, "break");
  w->indent--;

  switch (s->behaviour)
    {
    case SP_BEHAVIOUR_ECHO:
      call (w, SP_EVENT_KIND_SEND, "Send it back", "c.sendall(data)");
      break;

    case SP_BEHAVIOUR_REPLY:
    case SP_BEHAVIOUR_DISCARD:
      line (w, "print('Discarded', len(data), 'bytes', file=sys.stderr)");
      break;

    case SP_BEHAVIOUR_RULES:
      if (s->framing == SP_FRAMING_READ)
        {
          comment (w, "Each recv() is a message: TCP decides where the stream is cut");
          python_send_answer (w, s, "data");
          break;
        }

      line (w, "pending += data");
      if (s->framing == SP_FRAMING_LINE)
        {
          said (w, "Each line is a message", "while b'\\n' in pending:");
          w->indent++;
          line (w, "line, pending = pending.split(b'\\n', 1)");
          python_send_answer (w, s, "line.removesuffix(b'\\r')");
        }
      else
        {
          g_autofree char *about = g_strdup_printf ("Each %u bytes are a message", s->frame_length);

          said (w, about, "while len(pending) >= %u:", s->frame_length);
          w->indent++;
          line (w, "message, pending = pending[:%u], pending[%u:]", s->frame_length, s->frame_length);
          python_send_answer (w, s, "message");
        }
      w->indent--;
      break;

    case SP_BEHAVIOUR_CHAT:
    case SP_BEHAVIOUR_MANUAL:
    default:
      g_assert_not_reached ();
    }
  w->indent--;

  if (pending)
    {
      said (w, "The stream ended inside a message: it is the last one", "if pending:");
      w->indent++;
      python_send_answer (w, s, "pending");
      w->indent--;
    }

  call (w, SP_EVENT_KIND_CLOSE, "Close the connection", "c.close()");
}

/* Chat and manual on a stream: many clients at once, with selectors. */
static void
python_serve_many (Writer   *w,
                   Settings *s)
{
  gboolean manual = s->behaviour == SP_BEHAVIOUR_MANUAL;

  comment (w, "Many clients at once: select() says which socket has something to read");
  line (w, "sel = selectors.DefaultSelector()");
  line (w, "sel.register(s, selectors.EVENT_READ)");
  if (manual)
    said (w, "What you type", "sel.register(sys.stdin, selectors.EVENT_READ)");
  line (w, "clients = []");
  blank (w);
  line (w, "while True:");
  w->indent++;
  line (w, "for key, _ in sel.select():");
  w->indent++;
  said (w, "A client is connecting", "if key.fileobj is s:");
  w->indent++;
  call (w, SP_EVENT_KIND_ACCEPT, "Establish a connection with a client", "c, addr = s.accept()");
  line (w, "print('Got connection from', addr, file=sys.stderr)");
  line (w, "sel.register(c, selectors.EVENT_READ)");
  line (w, "clients.append(c)");
  w->indent--;

  if (manual)
    {
      line (w, "elif key.fileobj is sys.stdin:");
      w->indent++;
      line (w, "data = os.read(sys.stdin.fileno(), 1024)");
      line (w, "if data:");
      w->indent++;
      line (w, "for c in clients:");
      w->indent++;
      call (w, SP_EVENT_KIND_SEND, NULL, "c.sendall(data)");
      w->indent -= 2;
      said (w, "End of input (Ctrl+D): go on serving", "else:");
      w->indent++;
      line (w, "sel.unregister(sys.stdin)");
      w->indent -= 2;
    }

  said (w, "A client sent something, or closed its side", "else:");
  w->indent++;
  line (w, "c = key.fileobj");
  call (w, SP_EVENT_KIND_RECV, NULL, "data = c.recv(1024)");
  said (w, "b'': this client closed its side", "if not data:");
  w->indent++;
  line (w, "sel.unregister(c)");
  line (w, "clients.remove(c)");
  call (w, SP_EVENT_KIND_CLOSE, "Close the connection", "c.close()");
  w->indent--;
  if (manual)
    {
      line (w, "else:");
      w->indent++;
      said (w, "The bytes as they came", "sys.stdout.buffer.write(data)");
      line (w, "sys.stdout.buffer.flush()");
      w->indent--;
    }
  else
    {
      line (w, "else:");
      w->indent++;
      line (w, "for other in clients:");
      w->indent++;
      line (w, "if other is not c:");
      w->indent++;
      call (w, SP_EVENT_KIND_SEND, NULL, "other.sendall(data)");
      w->indent -= 3;
    }
  w->indent -= 3;
}

static void
python_serve_datagrams (Writer   *w,
                        Settings *s)
{
  gboolean manual = s->behaviour == SP_BEHAVIOUR_MANUAL;

  if (s->behaviour == SP_BEHAVIOUR_CHAT || manual)
    said (w, "Who has sent a datagram: there are no connections to list", "peers = []");

  if (manual)
    {
      comment (w, "Datagrams and what you type: select() says which is ready");
      line (w, "sel = selectors.DefaultSelector()");
      line (w, "sel.register(s, selectors.EVENT_READ)");
      line (w, "sel.register(sys.stdin, selectors.EVENT_READ)");
      blank (w);
      line (w, "while True:");
      w->indent++;
      line (w, "for key, _ in sel.select():");
      w->indent++;
      line (w, "if key.fileobj is s:");
      w->indent++;
      call (w, SP_EVENT_KIND_RECV, "One datagram, and who sent it", "data, addr = s.recvfrom(65536)");
      line (w, "if addr not in peers:");
      w->indent++;
      line (w, "peers.append(addr)");
      w->indent--;
      said (w, "The bytes as they came", "sys.stdout.buffer.write(data)");
      line (w, "sys.stdout.buffer.flush()");
      w->indent--;
      line (w, "else:");
      w->indent++;
      line (w, "data = os.read(sys.stdin.fileno(), 1024)");
      line (w, "if data:");
      w->indent++;
      line (w, "for peer in peers:");
      w->indent++;
      call (w, SP_EVENT_KIND_SEND, NULL, "s.sendto(data, peer)");
      w->indent -= 2;
      said (w, "End of input (Ctrl+D): go on serving", "else:");
      w->indent++;
      line (w, "sel.unregister(sys.stdin)");
      w->indent -= 4;
      return;
    }

  blank (w);
  line (w, "while True:");
  w->indent++;
  call (w, SP_EVENT_KIND_RECV, "One datagram, and who sent it", "data, addr = s.recvfrom(65536)");

  switch (s->behaviour)
    {
    case SP_BEHAVIOUR_REPLY:
      if (s->reply != NULL)
        call (w, SP_EVENT_KIND_SEND, NULL, "s.sendto(reply, addr)");
      else
        said (w, "The reply is empty: there is nothing to send", "pass");
      break;

    case SP_BEHAVIOUR_ECHO:
      call (w, SP_EVENT_KIND_SEND, "Send it back", "s.sendto(data, addr)");
      break;

    case SP_BEHAVIOUR_DISCARD:
      line (w, "print('Discarded', len(data), 'bytes from', addr, file=sys.stderr)");
      break;

    case SP_BEHAVIOUR_RULES:
      comment (w, "Each datagram is a message");
      python_send_answer (w, s, "data");
      break;

    case SP_BEHAVIOUR_CHAT:
      line (w, "if addr not in peers:");
      w->indent++;
      line (w, "peers.append(addr)");
      w->indent--;
      line (w, "for peer in peers:");
      w->indent++;
      line (w, "if peer != addr:");
      w->indent++;
      call (w, SP_EVENT_KIND_SEND, NULL, "s.sendto(data, peer)");
      w->indent -= 2;
      break;

    case SP_BEHAVIOUR_MANUAL:
    default:
      g_assert_not_reached ();
    }
  w->indent--;
}

static void
python_server (Writer   *w,
               Settings *s)
{
  g_autofree char *what = describe_server (s);
  g_autoptr(GString) modules = g_string_new ("socket sys");
  const char *address = python_address (s);

  if (s->behaviour == SP_BEHAVIOUR_RULES && s->has_regex)
    g_string_prepend (modules, "re ");
  if (s->behaviour == SP_BEHAVIOUR_MANUAL)
    g_string_prepend (modules, "os ");
  if ((s->stream && is_many_at_once (s)) || s->behaviour == SP_BEHAVIOUR_MANUAL)
    g_string_replace (modules, "socket", "selectors socket", 1);

  python_header (w, s, "server.py", "server", what, modules->str);

  if (s->behaviour == SP_BEHAVIOUR_REPLY)
    {
      if (s->reply != NULL)
        assign_bytes (w, "reply", s->reply, "What each client gets");
      else if (s->reply_error != NULL)
        comment (w, "The reply text has a mistake, so nothing is sent");
    }
  blank (w);

  if (s->behaviour == SP_BEHAVIOUR_RULES)
    {
      blank (w);
      if (s->uses_peer)
        python_peer_text (w, s);
      python_answer (w, s);
    }

  if (s->named)
    {
      g_autofree char *resolve = g_strdup_printf ("family, kind, proto, _, address = socket.getaddrinfo(host, port, type=%s)[0]",
                                                  python_type (s));

      comment (w, "getaddrinfo() turns the name into addresses: a server listens on the first");
      call (w, SP_EVENT_KIND_RESOLVE, NULL, "%s", resolve);
      call (w, SP_EVENT_KIND_SOCKET, "Create a socket object", "s = socket.socket(family, kind, proto)");
    }
  else
    call (w, SP_EVENT_KIND_SOCKET, "Create a socket object", "s = socket.socket(%s, %s)",
          python_family (s), python_type (s));

  if (s->inet && s->stream)
    said (w, "Restart at once, without waiting for TIME_WAIT",
          "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)");

  call (w, SP_EVENT_KIND_BIND, s->inet ? "Bind to the port" : "Creates the socket file: remove it before running again",
        "s.bind(%s)", address);

  if (s->stream)
    {
      if (s->backlog == 4096)
        call (w, SP_EVENT_KIND_LISTEN, "Now wait for client connections", "s.listen(socket.SOMAXCONN)");
      else
        call (w, SP_EVENT_KIND_LISTEN, "Now wait for client connections", "s.listen(%u)", s->backlog);
      line (w, "print('Listening on', s.getsockname(), file=sys.stderr)");
    }
  else
    {
      comment (w, "No listen() and no accept(): datagrams come from anyone, with their sender's address");
      line (w, "print('Waiting for datagrams on', s.getsockname(), file=sys.stderr)");
    }

  if (!s->stream)
    {
      python_serve_datagrams (w, s);
      return;
    }

  blank (w);
  if (is_many_at_once (s))
    {
      python_serve_many (w, s);
      return;
    }

  line (w, "while True:");
  w->indent++;
  call (w, SP_EVENT_KIND_ACCEPT, "Establish a connection with a client", "c, addr = s.accept()");
  line (w, "print('Got connection from', addr, file=sys.stderr)");
  python_serve_one (w, s);
  w->indent--;
}

static void
python_client (Writer   *w,
               Settings *s)
{
  gboolean sending = g_bytes_get_size (s->to_send) > 0 || !s->stream;
  const char *what;

  if (!s->stream)
    what = "sends the pane's bytes as one datagram, and prints the answer";
  else if (sending)
    what = "connects, sends the pane's bytes, and prints what comes back until the server closes";
  else
    what = "connects, and prints what the server sends until it closes";

  python_header (w, s, "client.py", "client", what, "socket sys");
  if (sending)
    assign_bytes (w, "message", s->to_send, "What the pane sends");
  blank (w);

  if (s->named)
    {
      comment (w, "getaddrinfo() turns the name into addresses: try each in turn");
      call (w, SP_EVENT_KIND_RESOLVE, NULL,
            "for family, kind, proto, _, address in socket.getaddrinfo(host, port, type=%s):",
            python_type (s));
      w->indent++;
      call (w, SP_EVENT_KIND_SOCKET, "Create a socket object", "s = socket.socket(family, kind, proto)");
      line (w, "try:");
      w->indent++;
      call (w, SP_EVENT_KIND_CONNECT, NULL, "s.connect(address)");
      line (w, "break");
      w->indent--;
      line (w, "except OSError as error:");
      w->indent++;
      line (w, "print('connect', address, error, file=sys.stderr)");
      line (w, "s.close()");
      w->indent -= 2;
      said (w, "No address answered", "else:");
      w->indent++;
      line (w, "sys.exit('Could not connect to ' + host)");
      w->indent--;
    }
  else
    {
      call (w, SP_EVENT_KIND_SOCKET, "Create a socket object", "s = socket.socket(%s, %s)",
            python_family (s), python_type (s));
      if (s->transport == SP_TRANSPORT_UNIX_DGRAM)
        {
          comment (w, "Answers need a name to come back to: bind('') lets Linux choose one");
          call (w, SP_EVENT_KIND_BIND, NULL, "s.bind('')");
        }
      call (w, SP_EVENT_KIND_CONNECT,
            s->stream ? NULL : "A datagram's connect() only sets where send() sends",
            "s.connect(%s)", python_address (s));
    }

  if (!s->stream)
    {
      call (w, SP_EVENT_KIND_SEND, "One datagram", "s.send(message)");
      {
        g_autofree char *wait = g_strdup_printf ("An answer may never come: wait %d seconds at most",
                                                 ANSWER_TIMEOUT);
        said (w, wait, "s.settimeout(%d)", ANSWER_TIMEOUT);
      }
      line (w, "try:");
      w->indent++;
      call (w, SP_EVENT_KIND_RECV, NULL, "data = s.recv(65536)");
      said (w, "The bytes as they came", "sys.stdout.buffer.write(data)");
      w->indent--;
      line (w, "except socket.timeout:");
      w->indent++;
      line (w, "print('No answer within %d seconds', file=sys.stderr)", ANSWER_TIMEOUT);
      w->indent--;
      call (w, SP_EVENT_KIND_CLOSE, "Close the socket when done", "s.close()");
      return;
    }

  if (sending)
    {
      call (w, SP_EVENT_KIND_SEND, NULL, "s.sendall(message)");
      call (w, SP_EVENT_KIND_SHUTDOWN, "Done sending: the server reads the end, and can still answer",
            "s.shutdown(socket.SHUT_WR)");
    }
  line (w, "while True:");
  w->indent++;
  call (w, SP_EVENT_KIND_RECV, NULL, "data = s.recv(1024)");
  said (w, "b'': the server closed the connection", "if not data:");
  w->indent++;
  line (w, "break");
  w->indent--;
  said (w, "The bytes as they came", "sys.stdout.buffer.write(data)");
  line (w, "sys.stdout.buffer.flush()");
  w->indent--;
  call (w, SP_EVENT_KIND_CLOSE, "Close the socket when done", "s.close()");
}

/* C --------------------------------------------------------------------------------------- */

static void
c_header (Writer     *w,
          Settings   *s,
          const char *name,
          const char *role,
          const char *what,
          gboolean    server)
{
  g_autofree char *program = g_strndup (name, strlen (name) - 2);
  gboolean rules = server && s->behaviour == SP_BEHAVIOUR_RULES;
  gboolean polls = server && (s->behaviour == SP_BEHAVIOUR_MANUAL || (s->stream && s->behaviour == SP_BEHAVIOUR_CHAT));

  line (w, "/* %s — the %s pane %s, in C:", name, role, s->where);
  line (w, " * it %s.", what);
  line (w, " * Build and run it with: cc -Wall -o %s %s && ./%s */", program, name, program);
  blank (w);

  if (rules && s->has_contains)
    said (w, "For memmem()", "#define _GNU_SOURCE");
  if (s->inet)
    line (w, "#include <arpa/inet.h>");
  if (!server && !s->stream)
    line (w, "#include <errno.h>");
  if (s->inet)
    line (w, "#include <netdb.h>");
  if (polls)
    line (w, "#include <poll.h>");
  if (rules && s->has_regex)
    line (w, "#include <regex.h>");
  if (!s->inet && server)
    line (w, "#include <stddef.h>");
  line (w, "#include <stdio.h>");
  line (w, "#include <stdlib.h>");
  line (w, "#include <string.h>");
  line (w, "#include <sys/socket.h>");
  if (!server && !s->stream)
    line (w, "#include <sys/time.h>");
  if (!s->inet)
    line (w, "#include <sys/un.h>");
  line (w, "#include <unistd.h>");
  blank (w);

  if (polls || (server && !s->stream && s->behaviour == SP_BEHAVIOUR_CHAT))
    {
      if (s->stream)
        said (w, "How many clients are served at once", "#define MAX_CLIENTS 64");
      else
        said (w, "How many peers are remembered", "#define MAX_PEERS 64");
      blank (w);
    }

  line (w, "/* Says which call failed and why (errno), then stops. */");
  line (w, "static void die(const char *call)");
  line (w, "{");
  line (w, "    perror(call);");
  line (w, "    exit(EXIT_FAILURE);");
  line (w, "}");
  blank (w);
}

static void
c_send_all (Writer *w)
{
  line (w, "/* send() may take only part of the bytes: call it until all are sent, as Python's");
  line (w, " * sendall() does. MSG_NOSIGNAL: if the peer has gone, send() fails with EPIPE");
  line (w, " * instead of killing the program with SIGPIPE. */");
  line (w, "static int send_all(int fd, const char *data, size_t length)");
  line (w, "{");
  line (w, "    while (length > 0) {");
  line (w, "        ssize_t sent = send(fd, data, length, MSG_NOSIGNAL);");
  line (w, "        if (sent < 0) {");
  line (w, "            perror(\"send\");");
  line (w, "            return -1;");
  line (w, "        }");
  line (w, "        data += sent;");
  line (w, "        length -= sent;");
  line (w, "    }");
  line (w, "    return 0;");
  line (w, "}");
  blank (w);
}

static void
c_address_text (Writer   *w,
                Settings *s)
{
  if (s->inet)
    {
      line (w, "/* An address as the playground writes it: 127.0.0.1:48437 or [::1]:48437.");
      line (w, " * The text is kept in a static buffer, which the next call overwrites. */");
      line (w, "static const char *address_text(const struct sockaddr *address, socklen_t length)");
      line (w, "{");
      line (w, "    static char text[NI_MAXHOST + NI_MAXSERV + 4];");
      line (w, "    char host[NI_MAXHOST];");
      line (w, "    char port[NI_MAXSERV];");
      line (w, "    int error = getnameinfo(address, length, host, sizeof host, port, sizeof port,");
      line (w, "                            NI_NUMERICHOST | NI_NUMERICSERV);");
      blank (w);
      line (w, "    if (error != 0)");
      line (w, "        snprintf(text, sizeof text, \"(%%s)\", gai_strerror(error));");
      line (w, "    else if (address->sa_family == AF_INET6)");
      line (w, "        snprintf(text, sizeof text, \"[%%s]:%%s\", host, port);");
      line (w, "    else");
      line (w, "        snprintf(text, sizeof text, \"%%s:%%s\", host, port);");
      line (w, "    return text;");
      line (w, "}");
    }
  else
    {
      line (w, "/* An address as the playground writes it: the socket's path, if it has one. */");
      line (w, "static const char *address_text(const struct sockaddr *address, socklen_t length)");
      line (w, "{");
      line (w, "    const struct sockaddr_un *named = (const struct sockaddr_un *) address;");
      blank (w);
      line (w, "    if (length <= offsetof(struct sockaddr_un, sun_path) || named->sun_path[0] == '\\0')");
      line (w, "        return \"(unnamed)\";");
      line (w, "    return named->sun_path;");
      line (w, "}");
    }
  blank (w);
}

static void
c_peers (Writer *w)
{
  line (w, "/* Someone who has sent a datagram: a datagram socket has no connections to list. */");
  line (w, "struct peer {");
  line (w, "    struct sockaddr_storage address;");
  line (w, "    socklen_t length;");
  line (w, "};");
  blank (w);
  line (w, "static int same_address(const struct peer *peer, const struct sockaddr_storage *address,");
  line (w, "                        socklen_t length)");
  line (w, "{");
  line (w, "    return peer->length == length && memcmp(&peer->address, address, length) == 0;");
  line (w, "}");
  blank (w);
  line (w, "/* Adds the sender to the peers, unless it is there already or there is no room. */");
  line (w, "static void remember(struct peer *peers, int *n_peers,");
  line (w, "                     const struct sockaddr_storage *address, socklen_t length)");
  line (w, "{");
  line (w, "    for (int i = 0; i < *n_peers; i++)");
  line (w, "        if (same_address(&peers[i], address, length))");
  line (w, "            return;");
  line (w, "    if (*n_peers < MAX_PEERS) {");
  line (w, "        peers[*n_peers].address = *address;");
  line (w, "        peers[*n_peers].length = length;");
  line (w, "        (*n_peers)++;");
  line (w, "    }");
  line (w, "}");
  blank (w);
}

/* The rules: a buffer for the reply, and answer() with one `if` per rule. */
typedef struct
{
  Writer      *w;
  SpMatchKind  kind;
  gsize        text_size;
  guint        rule;
} CTemplate;

static void
c_template_part (SpTemplatePartKind  kind,
                 guint               group,
                 GBytes             *bytes,
                 gpointer            user_data)
{
  CTemplate *t = user_data;
  Writer *w = t->w;

  switch (kind)
    {
    case SP_TEMPLATE_PART_BYTES:
      {
        g_autofree char *piece = bytes_literal (w, bytes);
        line (w, "append(reply, %s, %" G_GSIZE_FORMAT ");", piece, g_bytes_get_size (bytes));
      }
      break;

    case SP_TEMPLATE_PART_PEER:
      line (w, "append(reply, peer, strlen(peer));");
      break;

    case SP_TEMPLATE_PART_MESSAGE:
      line (w, "append(reply, message, length);");
      break;

    case SP_TEMPLATE_PART_GROUP:
      if (t->kind == SP_MATCH_REGEX)
        line (w, "append_group(reply, message, groups[%u]);", group);
      else if (t->kind == SP_MATCH_STARTS_WITH)
        line (w, "append(reply, message + %" G_GSIZE_FORMAT ", length - %" G_GSIZE_FORMAT ");",
              t->text_size, t->text_size);
      else if (t->kind == SP_MATCH_ENDS_WITH)
        line (w, "append(reply, message, length - %" G_GSIZE_FORMAT ");", t->text_size);
      else if (group == 1)
        said (w, "What comes before it", "append(reply, message, found%u - message);", t->rule);
      else
        said (w, "What comes after it",
              "append(reply, found%u + %" G_GSIZE_FORMAT ", message + length - found%u - %" G_GSIZE_FORMAT ");",
              t->rule, t->text_size, t->rule, t->text_size);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
c_answer (Writer   *w,
          Settings *s)
{
  line (w, "/* A reply being built: its bytes, which may hold \\0, and how many there are. */");
  line (w, "struct buffer {");
  line (w, "    char *data;");
  line (w, "    size_t length;");
  line (w, "};");
  blank (w);
  if (s->uses_append)
    {
      line (w, "static void append(struct buffer *buffer, const char *data, size_t length)");
      line (w, "{");
      line (w, "    char *grown = realloc(buffer->data, buffer->length + length + 1);");
      blank (w);
      line (w, "    if (grown == NULL)");
      line (w, "        die(\"realloc\");");
      line (w, "    memcpy(grown + buffer->length, data, length);");
      line (w, "    buffer->data = grown;");
      line (w, "    buffer->length += length;");
      line (w, "}");
      blank (w);
    }

  if (s->has_regex)
    {
      line (w, "/* POSIX extended regular expressions: like the playground's for simple patterns. */");
      for (guint i = 0; i < s->rules->len; i++)
        if (sp_reply_rule_get_kind (s->rules->pdata[i]) == SP_MATCH_REGEX)
          line (w, "static regex_t rule%u;", i + 1);
      blank (w);
      line (w, "static void compile(regex_t *regex, const char *pattern)");
      line (w, "{");
      line (w, "    int error = regcomp(regex, pattern, REG_EXTENDED);");
      blank (w);
      line (w, "    if (error != 0) {");
      line (w, "        char reason[256];");
      line (w, "        regerror(error, regex, reason, sizeof reason);");
      line (w, "        fprintf(stderr, \"regcomp: %%s: %%s\\n\", pattern, reason);");
      line (w, "        exit(EXIT_FAILURE);");
      line (w, "    }");
      line (w, "}");
      blank (w);
      line (w, "/* Searches the whole message, \\0 bytes included (REG_STARTEND, a GNU and BSD extension). */");
      line (w, "static int search(const regex_t *regex, const char *message, size_t length, regmatch_t *groups)");
      line (w, "{");
      line (w, "    groups[0].rm_so = 0;");
      line (w, "    groups[0].rm_eo = length;");
      line (w, "    return regexec(regex, message, 10, groups, REG_STARTEND) == 0;");
      line (w, "}");
      blank (w);
    }

  if (s->uses_regex_groups)
    {
      line (w, "/* A captured group: empty when it took no part in the match. */");
      line (w, "static void append_group(struct buffer *reply, const char *message, regmatch_t group)");
      line (w, "{");
      line (w, "    if (group.rm_so >= 0)");
      line (w, "        append(reply, message + group.rm_so, group.rm_eo - group.rm_so);");
      line (w, "}");
      blank (w);
    }

  line (w, "/* The reply to one message: the first rule that matches, else the fallback.");
  line (w, " * Returns 0 when there is no reply. */");
  line (w, "static int answer(const char *message, size_t length, %sstruct buffer *reply)",
        s->uses_peer ? "const char *peer, " : "");
  line (w, "{");
  w->indent++;
  if (s->has_regex)
    {
      line (w, "regmatch_t groups[10];");
      blank (w);
    }
  if (!s->uses_message)
    {
      said (w, "No rule looks at the message", "(void) message;");
      line (w, "(void) length;");
    }
  if (!s->uses_append)
    said (w, "Every reply is empty", "(void) reply;");

  for (guint i = 0; i < s->rules->len; i++)
    {
      SpReplyRule *rule = s->rules->pdata[i];
      SpMatchKind kind = sp_reply_rule_get_kind (rule);
      g_autofree char *about = describe_rule (rule, i + 1);
      g_autoptr(GBytes) text = kind != SP_MATCH_REGEX ? rule_text (rule) : NULL;
      g_autofree char *text_literal = text != NULL ? bytes_literal (w, text) : NULL;
      gsize n = text != NULL ? g_bytes_get_size (text) : 0;
      CTemplate t = { w, kind, n, i + 1 };

      comment (w, about);
      switch (kind)
        {
        case SP_MATCH_EQUALS:
          line (w, "if (length == %" G_GSIZE_FORMAT " && memcmp(message, %s, %" G_GSIZE_FORMAT ") == 0) {",
                n, text_literal, n);
          break;

        case SP_MATCH_STARTS_WITH:
          line (w, "if (length >= %" G_GSIZE_FORMAT " && memcmp(message, %s, %" G_GSIZE_FORMAT ") == 0) {",
                n, text_literal, n);
          break;

        case SP_MATCH_ENDS_WITH:
          line (w, "if (length >= %" G_GSIZE_FORMAT " && memcmp(message + length - %" G_GSIZE_FORMAT ", %s, %" G_GSIZE_FORMAT ") == 0) {",
                n, n, text_literal, n);
          break;

        case SP_MATCH_CONTAINS:
          line (w, "const char *found%u = memmem(message, length, %s, %" G_GSIZE_FORMAT ");",
                i + 1, text_literal, n);
          line (w, "if (found%u != NULL) {", i + 1);
          break;

        case SP_MATCH_REGEX:
          line (w, "if (search(&rule%u, message, length, groups)) {", i + 1);
          break;

        default:
          g_assert_not_reached ();
        }

      w->indent++;
      _sp_reply_template_foreach_part (sp_reply_rule_get_reply_template (rule),
                                       sp_reply_rule_get_n_groups (rule), c_template_part, &t, NULL);
      line (w, "return 1;");
      w->indent--;
      line (w, "}");
    }

  if (s->fallback != NULL)
    {
      CTemplate t = { w, SP_MATCH_EQUALS, 0, 0 };

      comment (w, "No rule matched: the fallback reply");
      _sp_reply_template_foreach_part (s->fallback, 0, c_template_part, &t, NULL);
      line (w, "return 1;");
    }
  else
    {
      if (s->fallback_error != NULL)
        comment (w, "The fallback reply has a mistake, so it is left out");
      said (w, "No rule matched, and there is no fallback reply", "return 0;");
    }
  w->indent--;
  line (w, "}");
  blank (w);

  if (s->stream)
    {
      line (w, "/* Sends the reply to one message, if there is one. */");
      line (w, "static void reply_to(int c, const char *message, size_t length%s)",
            s->uses_peer ? ", const char *peer" : "");
      line (w, "{");
      line (w, "    struct buffer reply = { NULL, 0 };");
      blank (w);
      line (w, "    if (answer(message, length, %s&reply) && reply.length > 0)", s->uses_peer ? "peer, " : "");
      w->indent += 2;
      call (w, SP_EVENT_KIND_SEND, NULL, "send_all(c, reply.data, reply.length);");
      w->indent -= 2;
      line (w, "    free(reply.data);");
      line (w, "}");
      blank (w);
    }
}

static void
c_settings (Writer   *w,
            Settings *s)
{
  if (s->inet)
    {
      g_autofree char *host = text_literal (w, sp_endpoint_get_host (s->endpoint));

      said (w, s->named ? "A name: getaddrinfo() turns it into addresses" : NULL,
            "static const char host[] = %s;", host);
      if (s->named)
        line (w, "static const char port[] = \"%u\";", sp_endpoint_get_port (s->endpoint));
      else
        line (w, "const int port = %u;", sp_endpoint_get_port (s->endpoint));
    }
  else
    {
      g_autofree char *path = text_literal (w, sp_endpoint_get_path (s->endpoint));

      said (w, "The socket's name in the file system", "static const char path[] = %s;", path);
    }
}

/* The `address` variable, for literal addresses and paths. */
static void
c_address (Writer   *w,
           Settings *s)
{
  if (!s->inet)
    {
      line (w, "struct sockaddr_un address = { .sun_family = AF_UNIX };");
      line (w, "strcpy(address.sun_path, path);");
    }
  else if (s->ipv6)
    {
      line (w, "struct sockaddr_in6 address = { .sin6_family = AF_INET6, .sin6_port = htons(port) };");
      line (w, "if (inet_pton(AF_INET6, host, &address.sin6_addr) != 1) {");
      line (w, "    fprintf(stderr, \"%%s is not an IPv6 address\\n\", host);");
      line (w, "    return EXIT_FAILURE;");
      line (w, "}");
    }
  else
    {
      line (w, "struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(port) };");
      line (w, "if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {");
      line (w, "    fprintf(stderr, \"%%s is not an IPv4 address\\n\", host);");
      line (w, "    return EXIT_FAILURE;");
      line (w, "}");
    }
}

static const char *
c_family (Settings *s)
{
  if (!s->inet)
    return "AF_UNIX";
  return s->ipv6 ? "AF_INET6" : "AF_INET";
}

static const char *
c_type (Settings *s)
{
  return s->stream ? "SOCK_STREAM" : "SOCK_DGRAM";
}

static void
c_getaddrinfo (Writer   *w,
               Settings *s,
               gboolean  server)
{
  if (server)
    comment (w, "getaddrinfo() turns the name into addresses: a server listens on the first");
  else
    comment (w, "getaddrinfo() turns the name into addresses: try each in turn");
  line (w, "struct addrinfo hints = { .ai_socktype = %s };", c_type (s));
  line (w, "struct addrinfo *addresses;");
  call (w, SP_EVENT_KIND_RESOLVE, NULL, "int error = getaddrinfo(host, port, &hints, &addresses);");
  line (w, "if (error != 0) {");
  line (w, "    fprintf(stderr, \"getaddrinfo: %%s\\n\", gai_strerror(error));");
  line (w, "    return EXIT_FAILURE;");
  line (w, "}");
}

/* Writes what was received to standard output, as it came. */
static void
c_print_data (Writer     *w,
              const char *length)
{
  said (w, "The bytes as they came",
        "if (fwrite(buffer, 1, %s, stdout) != (size_t) %s || fflush(stdout) != 0)", length, length);
  line (w, "    die(\"fwrite\");");
}

/* The body of the accept loop, for behaviours that serve one client at a time. */
static void
c_serve_one (Writer   *w,
             Settings *s)
{
  const char *peer = s->behaviour == SP_BEHAVIOUR_RULES && s->uses_peer ? ", peer" : "";
  gboolean pending = s->behaviour == SP_BEHAVIOUR_RULES && s->framing != SP_FRAMING_READ;

  if (s->behaviour == SP_BEHAVIOUR_REPLY)
    {
      if (s->reply != NULL)
        call (w, SP_EVENT_KIND_SEND, NULL, "send_all(c, reply, sizeof reply - 1);");
      else
        comment (w, "The reply is empty: there is nothing to send");
    }

  if (s->behaviour != SP_BEHAVIOUR_REPLY || !s->close_after_reply)
    {
      if (pending)
        {
          said (w, "Bytes of a message not yet complete", "char pending[65536];");
          line (w, "size_t pending_length = 0;");
        }
      else
        line (w, "char buffer[1024];");
      line (w, "for (;;) {");
      w->indent++;
      if (pending)
        call (w, SP_EVENT_KIND_RECV, NULL,
              "ssize_t got = recv(c, pending + pending_length, sizeof pending - pending_length, 0);");
      else
        call (w, SP_EVENT_KIND_RECV, NULL, "ssize_t got = recv(c, buffer, sizeof buffer, 0);");
      line (w, "if (got < 0) {");
      line (w, "    perror(\"recv\");");
      line (w, "    break;");
      line (w, "}");
      said (w, "The client closed its side", "if (got == 0)");
      line (w, "    break;");

      switch (s->behaviour)
        {
        case SP_BEHAVIOUR_ECHO:
          call (w, SP_EVENT_KIND_SEND, "Send it back", "if (send_all(c, buffer, got) < 0)");
          line (w, "    break;");
          break;

        case SP_BEHAVIOUR_REPLY:
        case SP_BEHAVIOUR_DISCARD:
          line (w, "fprintf(stderr, \"Discarded %%zd bytes\\n\", got);");
          break;

        case SP_BEHAVIOUR_RULES:
          if (s->framing == SP_FRAMING_READ)
            {
              said (w, "Each recv() is a message: TCP decides where the stream is cut",
                    "reply_to(c, buffer, got%s);", peer);
              break;
            }

          line (w, "pending_length += got;");
          line (w, "size_t start = 0;");
          if (s->framing == SP_FRAMING_LINE)
            {
              line (w, "char *newline;");
              said (w, "Each line is a message, without its \\r\\n",
                    "while ((newline = memchr(pending + start, '\\n', pending_length - start)) != NULL) {");
              w->indent++;
              line (w, "size_t end = newline - pending;");
              line (w, "size_t length = end - start;");
              line (w, "if (length > 0 && pending[end - 1] == '\\r')");
              line (w, "    length--;");
              line (w, "reply_to(c, pending + start, length%s);", peer);
              line (w, "start = end + 1;");
              w->indent--;
              line (w, "}");
              said (w, "A line longer than the buffer is cut there", "if (start == 0 && pending_length == sizeof pending) {");
              line (w, "    reply_to(c, pending, pending_length%s);", peer);
              line (w, "    start = pending_length;");
              line (w, "}");
            }
          else
            {
              g_autofree char *about = g_strdup_printf ("Each %u bytes are a message", s->frame_length);

              said (w, about, "while (pending_length - start >= %u) {", s->frame_length);
              line (w, "    reply_to(c, pending + start, %u%s);", s->frame_length, peer);
              line (w, "    start += %u;", s->frame_length);
              line (w, "}");
            }
          line (w, "pending_length -= start;");
          line (w, "memmove(pending, pending + start, pending_length);");
          break;

        case SP_BEHAVIOUR_CHAT:
        case SP_BEHAVIOUR_MANUAL:
        default:
          g_assert_not_reached ();
        }
      w->indent--;
      line (w, "}");

      if (pending)
        {
          said (w, "The stream ended inside a message: it is the last one", "if (pending_length > 0)");
          line (w, "    reply_to(c, pending, pending_length%s);", peer);
        }
    }

  call (w, SP_EVENT_KIND_CLOSE, "Close the connection", "if (close(c) < 0)");
  line (w, "    perror(\"close\");");
}

/* Chat and manual on a stream: many clients at once, with poll(). */
static void
c_serve_many (Writer   *w,
              Settings *s)
{
  gboolean manual = s->behaviour == SP_BEHAVIOUR_MANUAL;

  said (w, manual ? "The listening socket, what you type, then the clients"
                  : "The listening socket, then the clients",
        "struct pollfd fds[%s + MAX_CLIENTS];", manual ? "2" : "1");
  line (w, "nfds_t n = 0;");
  line (w, "fds[n++] = (struct pollfd) { .fd = s, .events = POLLIN };");
  if (manual)
    line (w, "fds[n++] = (struct pollfd) { .fd = STDIN_FILENO, .events = POLLIN };");
  line (w, "const nfds_t first_client = n;");
  line (w, "char buffer[1024];");
  blank (w);
  line (w, "for (;;) {");
  w->indent++;
  said (w, "Wait until a socket has something to read", "if (poll(fds, n, -1) < 0)");
  line (w, "    die(\"poll\");");
  said (w, "A client is connecting", "if (fds[0].revents & POLLIN) {");
  w->indent++;
  line (w, "struct sockaddr_storage peer_address;");
  line (w, "socklen_t peer_length = sizeof peer_address;");
  call (w, SP_EVENT_KIND_ACCEPT, "Establish a connection with a client",
        "int c = accept(s, (struct sockaddr *) &peer_address, &peer_length);");
  line (w, "if (c < 0) {");
  line (w, "    perror(\"accept\");");
  line (w, "} else if (n == sizeof fds / sizeof fds[0]) {");
  line (w, "    fprintf(stderr, \"Too many clients: closing the new one\\n\");");
  line (w, "    if (close(c) < 0)");
  line (w, "        perror(\"close\");");
  line (w, "} else {");
  line (w, "    fprintf(stderr, \"Got connection from %%s\\n\",");
  line (w, "            address_text((struct sockaddr *) &peer_address, peer_length));");
  line (w, "    fds[n++] = (struct pollfd) { .fd = c, .events = POLLIN };");
  line (w, "}");
  w->indent--;
  line (w, "}");

  if (manual)
    {
      said (w, "You typed something", "if (fds[1].revents & (POLLIN | POLLHUP)) {");
      w->indent++;
      line (w, "ssize_t got = read(STDIN_FILENO, buffer, sizeof buffer);");
      line (w, "if (got < 0)");
      line (w, "    die(\"read\");");
      said (w, "End of input (Ctrl+D): go on serving", "if (got == 0)");
      said (w, "poll() skips negative descriptors", "    fds[1].fd = -1;");
      line (w, "for (nfds_t i = first_client; i < n; i++)");
      w->indent++;
      call (w, SP_EVENT_KIND_SEND, NULL, "send_all(fds[i].fd, buffer, got);");
      w->indent--;
      w->indent--;
      line (w, "}");
    }

  line (w, "for (nfds_t i = first_client; i < n; i++) {");
  w->indent++;
  line (w, "if (fds[i].revents == 0)");
  line (w, "    continue;");
  call (w, SP_EVENT_KIND_RECV, NULL, "ssize_t got = recv(fds[i].fd, buffer, sizeof buffer, 0);");
  said (w, "0: this client closed its side", "if (got <= 0) {");
  w->indent++;
  line (w, "if (got < 0)");
  line (w, "    perror(\"recv\");");
  call (w, SP_EVENT_KIND_CLOSE, "Close the connection", "if (close(fds[i].fd) < 0)");
  line (w, "    perror(\"close\");");
  said (w, "The last client takes its place", "fds[i] = fds[--n];");
  line (w, "i--;");
  line (w, "continue;");
  w->indent--;
  line (w, "}");
  if (manual)
    c_print_data (w, "got");
  else
    {
      line (w, "for (nfds_t j = first_client; j < n; j++)");
      line (w, "    if (j != i)");
      w->indent += 2;
      call (w, SP_EVENT_KIND_SEND, NULL, "send_all(fds[j].fd, buffer, got);");
      w->indent -= 2;
    }
  w->indent--;
  line (w, "}");
  w->indent--;
  line (w, "}");
}

static void
c_serve_datagrams (Writer   *w,
                   Settings *s)
{
  gboolean manual = s->behaviour == SP_BEHAVIOUR_MANUAL;
  const char *to_sender = "(struct sockaddr *) &from, from_length";

  line (w, "char buffer[65536];");
  if (s->behaviour == SP_BEHAVIOUR_CHAT || manual)
    {
      line (w, "struct peer peers[MAX_PEERS];");
      line (w, "int n_peers = 0;");
    }
  if (manual)
    {
      said (w, "Datagrams, and what you type", "struct pollfd fds[2] = {");
      line (w, "    { .fd = s, .events = POLLIN },");
      line (w, "    { .fd = STDIN_FILENO, .events = POLLIN },");
      line (w, "};");
    }
  blank (w);
  line (w, "for (;;) {");
  w->indent++;

  if (manual)
    {
      said (w, "Wait until there is something to read", "if (poll(fds, 2, -1) < 0)");
      line (w, "    die(\"poll\");");
      line (w, "if (fds[0].revents & POLLIN) {");
      w->indent++;
    }

  line (w, "struct sockaddr_storage from;");
  line (w, "socklen_t from_length = sizeof from;");
  call (w, SP_EVENT_KIND_RECV, "One datagram, and who sent it",
        "ssize_t got = recvfrom(s, buffer, sizeof buffer, 0, (struct sockaddr *) &from, &from_length);");
  line (w, "if (got < 0) {");
  line (w, "    perror(\"recvfrom\");");
  line (w, "    continue;");
  line (w, "}");

  switch (s->behaviour)
    {
    case SP_BEHAVIOUR_REPLY:
      if (s->reply != NULL)
        {
          call (w, SP_EVENT_KIND_SEND, NULL, "if (sendto(s, reply, sizeof reply - 1, 0, %s) < 0)", to_sender);
          line (w, "    perror(\"sendto\");");
        }
      else
        comment (w, "The reply is empty: there is nothing to send");
      break;

    case SP_BEHAVIOUR_ECHO:
      call (w, SP_EVENT_KIND_SEND, "Send it back", "if (sendto(s, buffer, got, 0, %s) < 0)", to_sender);
      line (w, "    perror(\"sendto\");");
      break;

    case SP_BEHAVIOUR_DISCARD:
      line (w, "fprintf(stderr, \"Discarded %%zd bytes from %%s\\n\", got,");
      line (w, "        address_text((struct sockaddr *) &from, from_length));");
      break;

    case SP_BEHAVIOUR_RULES:
      said (w, "Each datagram is a message", "struct buffer reply = { NULL, 0 };");
      if (s->uses_peer)
        line (w, "const char *peer = address_text((struct sockaddr *) &from, from_length);");
      line (w, "if (answer(buffer, got, %s&reply) && reply.length > 0 &&", s->uses_peer ? "peer, " : "");
      call (w, SP_EVENT_KIND_SEND, NULL, "    sendto(s, reply.data, reply.length, 0, %s) < 0)", to_sender);
      line (w, "    perror(\"sendto\");");
      line (w, "free(reply.data);");
      break;

    case SP_BEHAVIOUR_CHAT:
      line (w, "remember(peers, &n_peers, &from, from_length);");
      line (w, "for (int i = 0; i < n_peers; i++) {");
      w->indent++;
      said (w, "Not back to its sender", "if (same_address(&peers[i], &from, from_length))");
      line (w, "    continue;");
      call (w, SP_EVENT_KIND_SEND, NULL,
            "if (sendto(s, buffer, got, 0, (struct sockaddr *) &peers[i].address, peers[i].length) < 0)");
      line (w, "    perror(\"sendto\");");
      w->indent--;
      line (w, "}");
      break;

    case SP_BEHAVIOUR_MANUAL:
      line (w, "remember(peers, &n_peers, &from, from_length);");
      c_print_data (w, "got");
      w->indent--;
      line (w, "}");
      said (w, "You typed something", "if (fds[1].revents & (POLLIN | POLLHUP)) {");
      w->indent++;
      line (w, "ssize_t got = read(STDIN_FILENO, buffer, sizeof buffer);");
      line (w, "if (got < 0)");
      line (w, "    die(\"read\");");
      said (w, "End of input (Ctrl+D): go on serving", "if (got == 0)");
      said (w, "poll() skips negative descriptors", "    fds[1].fd = -1;");
      line (w, "for (int i = 0; i < n_peers; i++)");
      w->indent++;
      call (w, SP_EVENT_KIND_SEND, NULL,
            "if (sendto(s, buffer, got, 0, (struct sockaddr *) &peers[i].address, peers[i].length) < 0)");
      line (w, "    perror(\"sendto\");");
      w->indent -= 2;
      line (w, "}");
      break;

    default:
      g_assert_not_reached ();
    }

  w->indent--;
  line (w, "}");
}

static void
c_server (Writer   *w,
          Settings *s)
{
  g_autofree char *what = describe_server (s);
  gboolean rules = s->behaviour == SP_BEHAVIOUR_RULES;
  gboolean sends_on_stream = s->stream &&
                             (s->behaviour == SP_BEHAVIOUR_ECHO || s->behaviour == SP_BEHAVIOUR_CHAT ||
                              s->behaviour == SP_BEHAVIOUR_MANUAL || rules ||
                              (s->behaviour == SP_BEHAVIOUR_REPLY && s->reply != NULL));

  c_header (w, s, "server.c", "server", what, TRUE);
  if (sends_on_stream)
    c_send_all (w);
  c_address_text (w, s);
  if (!s->stream && (s->behaviour == SP_BEHAVIOUR_CHAT || s->behaviour == SP_BEHAVIOUR_MANUAL))
    c_peers (w);
  if (rules)
    c_answer (w, s);

  line (w, "int main(void)");
  line (w, "{");
  w->indent++;
  c_settings (w, s);
  if (s->behaviour == SP_BEHAVIOUR_REPLY)
    {
      if (s->reply != NULL)
        assign_bytes (w, "reply", s->reply, "What each client gets");
      else if (s->reply_error != NULL)
        comment (w, "The reply text has a mistake, so nothing is sent");
    }
  blank (w);

  if (rules && s->has_regex)
    {
      for (guint i = 0; i < s->rules->len; i++)
        {
          SpReplyRule *rule = s->rules->pdata[i];
          g_autofree char *pattern = NULL;

          if (sp_reply_rule_get_kind (rule) != SP_MATCH_REGEX)
            continue;
          pattern = text_literal (w, sp_reply_rule_get_pattern (rule));
          line (w, "compile(&rule%u, %s);", i + 1, pattern);
        }
      blank (w);
    }

  if (s->named)
    {
      c_getaddrinfo (w, s, TRUE);
      call (w, SP_EVENT_KIND_SOCKET, "Create a socket",
            "int s = socket(addresses->ai_family, addresses->ai_socktype, addresses->ai_protocol);");
    }
  else
    {
      c_address (w, s);
      call (w, SP_EVENT_KIND_SOCKET, "Create a socket", "int s = socket(%s, %s, 0);", c_family (s), c_type (s));
    }
  line (w, "if (s < 0)");
  line (w, "    die(\"socket\");");

  if (s->inet && s->stream)
    {
      said (w, "Restart at once, without waiting for TIME_WAIT", "int on = 1;");
      line (w, "if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0)");
      line (w, "    die(\"setsockopt\");");
    }

  if (s->named)
    call (w, SP_EVENT_KIND_BIND, "Bind to the port", "if (bind(s, addresses->ai_addr, addresses->ai_addrlen) < 0)");
  else
    call (w, SP_EVENT_KIND_BIND, s->inet ? "Bind to the port" : "Creates the socket file: remove it before running again",
          "if (bind(s, (struct sockaddr *) &address, sizeof address) < 0)");
  line (w, "    die(\"bind\");");
  if (s->named)
    line (w, "freeaddrinfo(addresses);");

  if (s->stream)
    {
      if (s->backlog == 4096)
        call (w, SP_EVENT_KIND_LISTEN, "Now wait for client connections", "if (listen(s, SOMAXCONN) < 0)");
      else
        call (w, SP_EVENT_KIND_LISTEN, "Now wait for client connections", "if (listen(s, %u) < 0)", s->backlog);
      line (w, "    die(\"listen\");");
    }
  else
    comment (w, "No listen() and no accept(): datagrams come from anyone, with their sender's address");

  line (w, "struct sockaddr_storage local;");
  line (w, "socklen_t local_length = sizeof local;");
  line (w, "if (getsockname(s, (struct sockaddr *) &local, &local_length) < 0)");
  line (w, "    die(\"getsockname\");");
  line (w, "fprintf(stderr, \"%s %%s\\n\", address_text((struct sockaddr *) &local, local_length));",
        s->stream ? "Listening on" : "Waiting for datagrams on");
  blank (w);

  if (!s->stream)
    c_serve_datagrams (w, s);
  else if (is_many_at_once (s))
    c_serve_many (w, s);
  else
    {
      line (w, "for (;;) {");
      w->indent++;
      line (w, "struct sockaddr_storage peer_address;");
      line (w, "socklen_t peer_length = sizeof peer_address;");
      call (w, SP_EVENT_KIND_ACCEPT, "Establish a connection with a client",
            "int c = accept(s, (struct sockaddr *) &peer_address, &peer_length);");
      line (w, "if (c < 0) {");
      line (w, "    perror(\"accept\");");
      line (w, "    continue;");
      line (w, "}");
      if (rules && s->uses_peer)
        {
          line (w, "const char *peer = address_text((struct sockaddr *) &peer_address, peer_length);");
          line (w, "fprintf(stderr, \"Got connection from %%s\\n\", peer);");
        }
      else
        {
          line (w, "fprintf(stderr, \"Got connection from %%s\\n\",");
          line (w, "        address_text((struct sockaddr *) &peer_address, peer_length));");
        }
      c_serve_one (w, s);
      w->indent--;
      line (w, "}");
    }

  w->indent--;
  line (w, "}");
}

static void
c_client (Writer   *w,
          Settings *s)
{
  gboolean sending = g_bytes_get_size (s->to_send) > 0 || !s->stream;
  const char *what;

  if (!s->stream)
    what = "sends the pane's bytes as one datagram, and prints the answer";
  else if (sending)
    what = "connects, sends the pane's bytes, and prints what comes back until the server closes";
  else
    what = "connects, and prints what the server sends until it closes";

  c_header (w, s, "client.c", "client", what, FALSE);
  if (s->stream && sending)
    c_send_all (w);

  line (w, "int main(void)");
  line (w, "{");
  w->indent++;
  c_settings (w, s);
  if (sending)
    assign_bytes (w, "message", s->to_send, "What the pane sends");
  blank (w);

  if (s->named)
    {
      c_getaddrinfo (w, s, FALSE);
      line (w, "int s = -1;");
      line (w, "for (struct addrinfo *a = addresses; a != NULL && s < 0; a = a->ai_next) {");
      w->indent++;
      call (w, SP_EVENT_KIND_SOCKET, "Create a socket", "s = socket(a->ai_family, a->ai_socktype, a->ai_protocol);");
      line (w, "if (s < 0) {");
      line (w, "    perror(\"socket\");");
      line (w, "    continue;");
      line (w, "}");
      call (w, SP_EVENT_KIND_CONNECT, NULL, "if (connect(s, a->ai_addr, a->ai_addrlen) < 0) {");
      line (w, "    perror(\"connect\");");
      line (w, "    if (close(s) < 0)");
      line (w, "        perror(\"close\");");
      line (w, "    s = -1;");
      line (w, "}");
      w->indent--;
      line (w, "}");
      line (w, "freeaddrinfo(addresses);");
      said (w, "No address answered", "if (s < 0)");
      line (w, "    return EXIT_FAILURE;");
    }
  else
    {
      c_address (w, s);
      call (w, SP_EVENT_KIND_SOCKET, "Create a socket", "int s = socket(%s, %s, 0);", c_family (s), c_type (s));
      line (w, "if (s < 0)");
      line (w, "    die(\"socket\");");
      if (s->transport == SP_TRANSPORT_UNIX_DGRAM)
        {
          comment (w, "Answers need a name to come back to: binding no name lets Linux choose one");
          line (w, "struct sockaddr_un local = { .sun_family = AF_UNIX };");
          call (w, SP_EVENT_KIND_BIND, NULL, "if (bind(s, (struct sockaddr *) &local, sizeof local.sun_family) < 0)");
          line (w, "    die(\"bind\");");
        }
      call (w, SP_EVENT_KIND_CONNECT, s->stream ? NULL : "A datagram's connect() only sets where send() sends",
            "if (connect(s, (struct sockaddr *) &address, sizeof address) < 0)");
      line (w, "    die(\"connect\");");
    }

  if (!s->stream)
    {
      g_autofree char *wait = g_strdup_printf ("An answer may never come: wait %d seconds at most", ANSWER_TIMEOUT);

      call (w, SP_EVENT_KIND_SEND, "One datagram", "if (send(s, message, sizeof message - 1, 0) < 0)");
      line (w, "    die(\"send\");");
      said (w, wait, "struct timeval timeout = { .tv_sec = %d };", ANSWER_TIMEOUT);
      line (w, "if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0)");
      line (w, "    die(\"setsockopt\");");
      line (w, "char buffer[65536];");
      call (w, SP_EVENT_KIND_RECV, NULL, "ssize_t got = recv(s, buffer, sizeof buffer, 0);");
      line (w, "if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))");
      line (w, "    fprintf(stderr, \"No answer within %d seconds\\n\");", ANSWER_TIMEOUT);
      line (w, "else if (got < 0)");
      line (w, "    die(\"recv\");");
      line (w, "else if (fwrite(buffer, 1, got, stdout) != (size_t) got)");
      line (w, "    die(\"fwrite\");");
    }
  else
    {
      if (sending)
        {
          call (w, SP_EVENT_KIND_SEND, NULL, "if (send_all(s, message, sizeof message - 1) < 0)");
          line (w, "    return EXIT_FAILURE;");
          call (w, SP_EVENT_KIND_SHUTDOWN, "Done sending: the server reads the end, and can still answer",
                "if (shutdown(s, SHUT_WR) < 0)");
          line (w, "    die(\"shutdown\");");
        }
      line (w, "char buffer[1024];");
      line (w, "for (;;) {");
      w->indent++;
      call (w, SP_EVENT_KIND_RECV, NULL, "ssize_t got = recv(s, buffer, sizeof buffer, 0);");
      line (w, "if (got < 0)");
      line (w, "    die(\"recv\");");
      said (w, "The server closed the connection", "if (got == 0)");
      line (w, "    break;");
      c_print_data (w, "got");
      w->indent--;
      line (w, "}");
    }

  call (w, SP_EVENT_KIND_CLOSE, "Close the socket when done", "if (close(s) < 0)");
  line (w, "    die(\"close\");");
  line (w, "return EXIT_SUCCESS;");
  w->indent--;
  line (w, "}");
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

  return snippet_new (&s, language, "server", python_server, c_server);
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

  return snippet_new (&s, language, "client", python_client, c_client);
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
