/* sp-demo-http.c — HTTP/1.1 (RFC 9112): GET and HEAD of a few built-in pages
 *
 * A request is a request line (`GET /hello.txt HTTP/1.1`), header lines and an empty line.
 * The answer is a status line, header lines, an empty line and a body whose length
 * Content-Length gives, so the connection can carry the next request: HTTP/1.1 keeps it
 * open unless either side says `Connection: close`; HTTP/1.0 closes unless the client
 * asks for `Connection: keep-alive`. Requests sent back to back (pipelined) are answered
 * in order.
 *
 * This server reads no request bodies: a request that announces one gets its answer and
 * the connection closes, since its body cannot be told apart from a next request.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-demo-protocols.h"

/* A request's header section may hold this many fields and bytes (RFC 9112 leaves the
 * limits to the server; 431 says they were passed). */
#define MAX_HEADERS      64
#define MAX_HEADER_BYTES (16 * 1024)

/* Blank lines tolerated before a request line (RFC 9112 §2.2: robustness). */
#define MAX_LEADING_BLANK_LINES 8

#define SERVER_NAME "SocketPlayground-demo/" PACKAGE_VERSION

#define SP_TYPE_DEMO_HTTP_SESSION (sp_demo_http_session_get_type ())
G_DECLARE_FINAL_TYPE (SpDemoHttpSession, sp_demo_http_session, SP, DEMO_HTTP_SESSION, SpDemoSession)

struct _SpDemoHttpSession
{
  SpDemoSession parent_instance;

  /* The request being read; reset after each answer. */
  gboolean      in_headers;
  guint         n_blank_lines;
  char         *method;
  char         *target;
  guint         minor_version;   /* HTTP/1.0 or HTTP/1.1 */
  guint         n_headers;
  gsize         header_bytes;
  guint         n_host;
  gboolean      asks_close;
  gboolean      asks_keep_alive;
  gboolean      announces_body;

  gboolean      said_keep_alive; /* the note is written once per connection */
};

G_DEFINE_FINAL_TYPE (SpDemoHttpSession, sp_demo_http_session, SP_TYPE_DEMO_SESSION)

/* Pages ----------------------------------------------------------------------------- */

typedef struct
{
  const char *path;
  const char *content_type;
  const char *body;
} Page;

static const Page pages[] = {
  {
    "/", "text/html; charset=utf-8",
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head><meta charset=\"utf-8\"><title>Socket Playground HTTP demo</title></head>\n"
    "<body>\n"
    "<h1>Socket Playground HTTP demo</h1>\n"
    "<p>This page came over a TCP connection as an HTTP/1.1 response: a status line,\n"
    "headers, an empty line, then these bytes.</p>\n"
    "<ul>\n"
    "<li><a href=\"/hello.txt\">/hello.txt</a>: a short text file</li>\n"
    "<li><a href=\"/about\">/about</a>: how a request and its answer look</li>\n"
    "</ul>\n"
    "</body>\n"
    "</html>\n",
  },
  {
    "/hello.txt", "text/plain; charset=utf-8",
    "Hello from the Socket Playground HTTP demo server!\n",
  },
  {
    "/about", "text/html; charset=utf-8",
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head><meta charset=\"utf-8\"><title>About HTTP</title></head>\n"
    "<body>\n"
    "<h1>About HTTP</h1>\n"
    "<p>HTTP/1.1 (RFC 9110 and RFC 9112) is text over TCP, port 80 by default. A client\n"
    "sends a request line such as <code>GET /about HTTP/1.1</code>, header lines\n"
    "(<code>Host</code> is required) and an empty line.</p>\n"
    "<p>The server answers with a status line such as <code>HTTP/1.1 200 OK</code>, header\n"
    "lines and an empty line, then a body of exactly <code>Content-Length</code> bytes. Knowing\n"
    "where the body ends lets one connection carry the next request (keep-alive).</p>\n"
    "<p>HEAD asks for the same headers without the body. This demo server knows GET and\n"
    "HEAD only, and says so with <code>405 Method Not Allowed</code>.</p>\n"
    "<p><a href=\"/\">Back to the index</a></p>\n"
    "</body>\n"
    "</html>\n",
  },
};

/* Methods --------------------------------------------------------------------------- */

typedef enum
{
  METHOD_READ,          /* GET and HEAD: served */
  METHOD_NOT_ALLOWED,   /* defined by RFC 9110 but not offered here: 405 */
} MethodKind;

typedef struct
{
  const char *name;
  MethodKind  kind;
} Method;

/* Method names are case-sensitive (RFC 9110 §9.1). Others are unknown: 501. */
static const Method methods[] = {
  { "GET", METHOD_READ },
  { "HEAD", METHOD_READ },
  { "POST", METHOD_NOT_ALLOWED },
  { "PUT", METHOD_NOT_ALLOWED },
  { "DELETE", METHOD_NOT_ALLOWED },
  { "CONNECT", METHOD_NOT_ALLOWED },
  { "OPTIONS", METHOD_NOT_ALLOWED },
  { "TRACE", METHOD_NOT_ALLOWED },
  { "PATCH", METHOD_NOT_ALLOWED },
};

static const Method *
find_method (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    if (strcmp (methods[i].name, name) == 0)
      return &methods[i];

  return NULL;
}

/* Syntax ---------------------------------------------------------------------------- */

/* tchar of RFC 9110 §5.6.2: the characters of methods and field names. */
static gboolean
is_token (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr ("!#$%&'*+-.^_`|~", *c) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
is_visible_ascii (const char *text)
{
  for (const guchar *c = (const guchar *) text; *c != '\0'; c++)
    if (*c <= 0x20 || *c >= 0x7f)
      return FALSE;

  return TRUE;
}

/* "HTTP/1.1" → 1, 1; FALSE unless it is HTTP-version's exact shape. */
static gboolean
parse_version (const char *text,
               guint      *major,
               guint      *minor)
{
  if (strlen (text) != 8 || !g_str_has_prefix (text, "HTTP/") ||
      !g_ascii_isdigit (text[5]) || text[6] != '.' || !g_ascii_isdigit (text[7]))
    return FALSE;

  *major = text[5] - '0';
  *minor = text[7] - '0';
  return TRUE;
}

/* The path of an origin-form (`/a?b`) or absolute-form (`http://host/a`) target,
 * percent-decoded, without its query; NULL if the target has neither form. */
static char *
target_path (const char *target)
{
  g_autofree char *raw = NULL;
  const char *path = target;
  char *end;

  if (g_ascii_strncasecmp (target, "http://", 7) == 0)
    {
      path = strchr (target + 7, '/');
      if (path == NULL)
        return g_strdup ("/");
    }

  if (path[0] != '/')
    return NULL;

  raw = g_strdup (path);
  end = strpbrk (raw, "?#");
  if (end != NULL)
    *end = '\0';

  return g_uri_unescape_string (raw, "/");
}

/* IMF-fixdate (RFC 9110 §5.6.7), with English names whatever the locale. */
static char *
http_date (void)
{
  static const char *days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                          days[g_date_time_get_day_of_week (now) - 1],
                          g_date_time_get_day_of_month (now),
                          months[g_date_time_get_month (now) - 1],
                          g_date_time_get_year (now),
                          g_date_time_get_hour (now),
                          g_date_time_get_minute (now),
                          g_date_time_get_second (now));
}

/* Answers --------------------------------------------------------------------------- */

static void
reset_request (SpDemoHttpSession *self)
{
  self->in_headers = FALSE;
  self->n_blank_lines = 0;
  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->target, g_free);
  self->minor_version = 1;
  self->n_headers = 0;
  self->header_bytes = 0;
  self->n_host = 0;
  self->asks_close = FALSE;
  self->asks_keep_alive = FALSE;
  self->announces_body = FALSE;
}

/* Sends one response. With @close_reason, a note for the log, the server closes after it
 * whatever the client asked. */
static void
respond (SpDemoHttpSession *self,
         guint              status,
         const char        *reason,
         const char        *content_type,
         const char        *body,
         const char        *extra_header,
         const char        *close_reason)
{
  SpDemoSession *session = SP_DEMO_SESSION (self);
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *date = http_date ();
  gboolean head_only = g_strcmp0 (self->method, "HEAD") == 0;
  gboolean keep_alive;

  if (close_reason != NULL || self->asks_close)
    keep_alive = FALSE;
  else if (self->minor_version == 0)
    keep_alive = self->asks_keep_alive;
  else
    keep_alive = TRUE;

  /* A request the server could not read is answered in HTTP/1.1, the version it speaks. */
  g_string_append_printf (head, "HTTP/1.1 %u %s\n", status, reason);
  g_string_append_printf (head, "Date: %s\n", date);
  g_string_append (head, "Server: " SERVER_NAME "\n");
  if (extra_header != NULL)
    g_string_append_printf (head, "%s\n", extra_header);
  g_string_append_printf (head, "Content-Type: %s\n", content_type);
  g_string_append_printf (head, "Content-Length: %zu\n", strlen (body));
  if (!keep_alive)
    g_string_append (head, "Connection: close\n");
  else if (self->minor_version == 0)
    g_string_append (head, "Connection: keep-alive\n");
  /* The text ends in a line feed, so an empty line follows: the end of the header section. */

  if (!head_only)
    payload = g_bytes_new_static (body, strlen (body));
  sp_demo_session_reply_with_data (session, head->str, payload);

  if (!keep_alive)
    {
      if (close_reason != NULL)
        sp_demo_session_note (session, close_reason);
      else if (self->asks_close)
        sp_demo_session_note (session, _("The client sent “Connection: close”: the server closes after this answer."));
      else
        sp_demo_session_note (session, _("HTTP/1.0 without “Connection: keep-alive”: the server closes after this answer."));
      sp_demo_session_close (session);
    }
  else if (!self->said_keep_alive)
    {
      self->said_keep_alive = TRUE;
      sp_demo_session_note (session, _("Keep-alive: the connection stays open for the next request; Content-Length tells the client where this body ends."));
    }

  reset_request (self);
}

/* An answer to a request that cannot be read further: the connection closes after it. */
static void
respond_error (SpDemoHttpSession *self,
               guint              status,
               const char        *reason,
               const char        *explanation)
{
  g_autofree char *body = g_strdup_printf ("%u %s: %s\n", status, reason, explanation);

  /* Method and version are unknown here, so the answer has a body in HTTP/1.1. */
  g_clear_pointer (&self->method, g_free);
  self->minor_version = 1;
  respond (self, status, reason, "text/plain; charset=utf-8", body, NULL,
           _("The request could not be read: the server answers and closes, since it cannot tell where a next request would start."));
}

static void
answer_request (SpDemoHttpSession *self)
{
  /* Bodies are not read, so one would be taken for the next request: close instead. */
  const char *body_close = _("This request may carry a body, which this demo server does not read: it closes after answering.");
  const Method *method = find_method (self->method);
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;

  if (self->minor_version == 1 && self->n_host != 1)
    {
      respond_error (self, 400, "Bad Request",
                     self->n_host == 0 ? "an HTTP/1.1 request needs a Host header."
                                       : "a request has one Host header, not several.");
      return;
    }

  if (method == NULL)
    {
      body = g_strdup_printf ("501 Not Implemented: this demo server does not know the method %s.\n",
                              self->method);
      respond (self, 501, "Not Implemented", "text/plain; charset=utf-8", body, NULL, body_close);
      return;
    }

  if (method->kind == METHOD_NOT_ALLOWED)
    {
      body = g_strdup_printf ("405 Method Not Allowed: this demo server only answers GET and HEAD, not %s.\n",
                              self->method);
      /* The request may carry a body this server does not read: close after answering. */
      respond (self, 405, "Method Not Allowed", "text/plain; charset=utf-8", body,
               "Allow: GET, HEAD", body_close);
      return;
    }

  path = target_path (self->target);
  if (path == NULL)
    {
      respond_error (self, 400, "Bad Request", "the target is neither a path starting with / nor an http:// address.");
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    if (strcmp (pages[i].path, path) == 0)
      {
        respond (self, 200, "OK", pages[i].content_type, pages[i].body, NULL,
                 self->announces_body ? body_close : NULL);
        return;
      }

  {
    g_autofree char *escaped = g_strescape (path, NULL);

    body = g_strdup_printf ("404 Not Found: there is no page %s on this demo server. Try /, /hello.txt or /about.\n",
                            escaped);
    respond (self, 404, "Not Found", "text/plain; charset=utf-8", body, NULL,
             self->announces_body ? body_close : NULL);
  }
}

/* Request lines and header lines ------------------------------------------------------ */

static void
read_request_line (SpDemoHttpSession *self,
                   const char        *line)
{
  g_auto(GStrv) parts = NULL;
  guint major, minor;

  if (line[0] == '\0')
    {
      if (++self->n_blank_lines > MAX_LEADING_BLANK_LINES)
        respond_error (self, 400, "Bad Request", "expected a request line such as GET / HTTP/1.1, got blank lines.");
      return;
    }

  parts = g_strsplit (line, " ", -1);
  if (g_strv_length (parts) != 3 || !is_token (parts[0]) || !is_visible_ascii (parts[1]) ||
      parts[1][0] == '\0')
    {
      respond_error (self, 400, "Bad Request",
                     "a request line is METHOD, one space, TARGET, one space, HTTP-VERSION, for example GET /hello.txt HTTP/1.1.");
      return;
    }

  if (!parse_version (parts[2], &major, &minor))
    {
      respond_error (self, 400, "Bad Request", "the version at the end of the request line must read HTTP/1.1 or HTTP/1.0.");
      return;
    }

  if (major != 1)
    {
      g_autofree char *body = g_strdup_printf ("505 HTTP Version Not Supported: this demo server speaks HTTP/1.1 and HTTP/1.0, not %s.\n",
                                               parts[2]);

      self->minor_version = 1;
      respond (self, 505, "HTTP Version Not Supported", "text/plain; charset=utf-8", body, NULL,
               _("The server does not speak this version, so it closes after answering."));
      return;
    }

  self->method = g_strdup (parts[0]);
  self->target = g_strdup (parts[1]);
  /* HTTP/1.2 and later minor versions are read as 1.1 (RFC 9110 §2.5). */
  self->minor_version = MIN (minor, 1);
  self->in_headers = TRUE;
}

/* Does a comma-separated field value hold @option (case-insensitive)? */
static gboolean
list_has (const char *value,
          const char *option)
{
  g_auto(GStrv) items = g_strsplit (value, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (items[i]), option) == 0)
      return TRUE;

  return FALSE;
}

static void
read_header_line (SpDemoHttpSession *self,
                  const char        *line,
                  gsize              length)
{
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  const char *colon;

  if (line[0] == '\0')
    {
      answer_request (self);
      return;
    }

  self->n_headers++;
  self->header_bytes += length + 2;
  if (self->n_headers > MAX_HEADERS || self->header_bytes > MAX_HEADER_BYTES)
    {
      g_autofree char *why = g_strdup_printf ("this demo server takes at most %d header lines and %d KiB of headers.",
                                              MAX_HEADERS, MAX_HEADER_BYTES / 1024);

      respond_error (self, 431, "Request Header Fields Too Large", why);
      return;
    }

  /* A line starting with a space continued the previous one in old HTTP (obs-fold). */
  if (line[0] == ' ' || line[0] == '\t')
    {
      respond_error (self, 400, "Bad Request", "a header line may not start with a space (folded headers are obsolete).");
      return;
    }

  colon = strchr (line, ':');
  if (colon == NULL)
    {
      respond_error (self, 400, "Bad Request", "a header line is NAME: VALUE, and this one has no colon.");
      return;
    }

  name = g_strndup (line, colon - line);
  if (!is_token (name))
    {
      respond_error (self, 400, "Bad Request", "a header name is one word without spaces, right before its colon.");
      return;
    }

  value = g_strstrip (g_strdup (colon + 1));
  for (const guchar *c = (const guchar *) value; *c != '\0'; c++)
    if ((*c < 0x20 && *c != '\t') || *c == 0x7f)
      {
        respond_error (self, 400, "Bad Request", "a header value may not hold control characters.");
        return;
      }

  if (g_ascii_strcasecmp (name, "Host") == 0)
    self->n_host++;
  else if (g_ascii_strcasecmp (name, "Connection") == 0)
    {
      self->asks_close |= list_has (value, "close");
      self->asks_keep_alive |= list_has (value, "keep-alive");
    }
  else if (g_ascii_strcasecmp (name, "Content-Length") == 0)
    {
      guint64 body_length;

      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &body_length, NULL))
        {
          respond_error (self, 400, "Bad Request", "Content-Length must be a number of bytes.");
          return;
        }
      self->announces_body |= body_length > 0;
    }
  else if (g_ascii_strcasecmp (name, "Transfer-Encoding") == 0)
    self->announces_body = TRUE;
}

/* Session ------------------------------------------------------------------------------- */

static void
sp_demo_http_session_line (SpDemoSession *session,
                           const char    *line,
                           gsize          length)
{
  SpDemoHttpSession *self = SP_DEMO_HTTP_SESSION (session);

  if (self->in_headers)
    read_header_line (self, line, length);
  else
    read_request_line (self, line);
}

static void
sp_demo_http_session_bad_input (SpDemoSession      *session,
                                SpDemoInputProblem  problem)
{
  SpDemoHttpSession *self = SP_DEMO_HTTP_SESSION (session);

  if (problem == SP_DEMO_INPUT_BINARY)
    respond_error (self, 400, "Bad Request", "requests are text; this one holds a NUL byte.");
  else if (self->in_headers)
    respond_error (self, 431, "Request Header Fields Too Large", "a header line is longer than 8 KiB.");
  else
    respond_error (self, 414, "URI Too Long", "the request line is longer than 8 KiB.");
}

static void
sp_demo_http_session_finalize (GObject *object)
{
  SpDemoHttpSession *self = SP_DEMO_HTTP_SESSION (object);

  g_free (self->method);
  g_free (self->target);

  G_OBJECT_CLASS (sp_demo_http_session_parent_class)->finalize (object);
}

static void
sp_demo_http_session_class_init (SpDemoHttpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SpDemoSessionClass *session_class = SP_DEMO_SESSION_CLASS (klass);

  object_class->finalize = sp_demo_http_session_finalize;

  session_class->line = sp_demo_http_session_line;
  session_class->bad_input = sp_demo_http_session_bad_input;
}

static void
sp_demo_http_session_init (SpDemoHttpSession *self)
{
  reset_request (self);
}
