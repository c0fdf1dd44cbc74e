/* sp-snippet-c.c — the programs of sp-snippet, in C with POSIX sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sp-reply-rule-private.h"
#include "sp-snippet-private.h"

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
        g_autofree char *piece = _sp_snippet_bytes_literal (w, bytes);
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
      g_autofree char *about = _sp_snippet_describe_rule (rule, i + 1);
      g_autoptr(GBytes) text = kind != SP_MATCH_REGEX ? _sp_snippet_rule_text (rule) : NULL;
      g_autofree char *text_literal = text != NULL ? _sp_snippet_bytes_literal (w, text) : NULL;
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
      g_autofree char *host = _sp_snippet_text_literal (w, sp_endpoint_get_host (s->endpoint));

      said (w, s->named ? "A name: getaddrinfo() turns it into addresses" : NULL,
            "static const char host[] = %s;", host);
      if (s->named)
        line (w, "static const char port[] = \"%u\";", sp_endpoint_get_port (s->endpoint));
      else
        line (w, "const int port = %u;", sp_endpoint_get_port (s->endpoint));
    }
  else
    {
      g_autofree char *path = _sp_snippet_text_literal (w, sp_endpoint_get_path (s->endpoint));

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

void
_sp_snippet_write_c_server (Writer   *w,
                            Settings *s)
{
  g_autofree char *what = _sp_snippet_describe_server (s);
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
        _sp_snippet_assign_bytes (w, "reply", s->reply, "What each client gets");
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
          pattern = _sp_snippet_text_literal (w, sp_reply_rule_get_pattern (rule));
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
  else if (_sp_snippet_is_many_at_once (s))
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

void
_sp_snippet_write_c_client (Writer   *w,
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
    _sp_snippet_assign_bytes (w, "message", s->to_send, "What the pane sends");
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

