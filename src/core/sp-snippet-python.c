/* sp-snippet-python.c — the programs of sp-snippet, in Python 3 like the tutorial's server.py and client.py
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sp-reply-rule-private.h"
#include "sp-snippet-private.h"

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
      g_autofree char *host = _sp_snippet_text_literal (w, sp_endpoint_get_host (s->endpoint));

      said (w, s->named ? "A name: getaddrinfo() turns it into addresses" : NULL, "host = %s", host);
      line (w, "port = %u", sp_endpoint_get_port (s->endpoint));
    }
  else
    {
      g_autofree char *path = _sp_snippet_text_literal (w, sp_endpoint_get_path (s->endpoint));

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
  g_autofree char *text = t->text != NULL ? _sp_snippet_bytes_literal (t->w, t->text) : NULL;

  if (t->out->len > 0)
    g_string_append (t->out, " + ");

  switch (kind)
    {
    case SP_TEMPLATE_PART_BYTES:
      {
        g_autofree char *piece = _sp_snippet_bytes_literal (t->w, bytes);
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

  return _sp_snippet_literal (w, (const guint8 *) pattern, length);
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
      g_autofree char *about = _sp_snippet_describe_rule (rule, i + 1);
      g_autoptr(GBytes) text = kind != SP_MATCH_REGEX ? _sp_snippet_rule_text (rule) : NULL;
      g_autofree char *text_literal = text != NULL ? _sp_snippet_bytes_literal (w, text) : NULL;
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

void
_sp_snippet_write_python_server (Writer   *w,
                                 Settings *s)
{
  g_autofree char *what = _sp_snippet_describe_server (s);
  g_autoptr(GString) modules = g_string_new ("socket sys");
  const char *address = python_address (s);

  if (s->behaviour == SP_BEHAVIOUR_RULES && s->has_regex)
    g_string_prepend (modules, "re ");
  if (s->behaviour == SP_BEHAVIOUR_MANUAL)
    g_string_prepend (modules, "os ");
  if ((s->stream && _sp_snippet_is_many_at_once (s)) || s->behaviour == SP_BEHAVIOUR_MANUAL)
    g_string_replace (modules, "socket", "selectors socket", 1);

  python_header (w, s, "server.py", "server", what, modules->str);

  if (s->behaviour == SP_BEHAVIOUR_REPLY)
    {
      if (s->reply != NULL)
        _sp_snippet_assign_bytes (w, "reply", s->reply, "What each client gets");
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
  if (_sp_snippet_is_many_at_once (s))
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

void
_sp_snippet_write_python_client (Writer   *w,
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
    _sp_snippet_assign_bytes (w, "message", s->to_send, "What the pane sends");
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

