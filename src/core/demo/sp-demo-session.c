/* sp-demo-session.c — cuts a connection's bytes into lines for a demo protocol
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-demo-server.h"
#include "sp-demo-session.h"
#include "sp-payload.h"

/* A log line shows this much of a command or reply; the recv()/send() events keep all bytes. */
#define LOG_LINE_MAX 200
/* sp_demo_session_reply_bytes() logs this many lines of one reply. */
#define LOG_REPLY_LINES_MAX 1000

typedef struct
{
  SpConnection *connection;
  SpDemoServer *server;     /* weak: the server owns its sessions */
  SpEventLog   *log;        /* the server's, kept for the session's last words */
  GByteArray   *pending;    /* bytes after the last line feed */
  gboolean      discarding; /* inside an over-long line, skipping to its line feed */
  gboolean      closing;
} SpDemoSessionPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SpDemoSession, sp_demo_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_SERVER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
log_line (SpDemoSession *self,
          SpDirection    direction,
          const char    *line,
          gsize          length)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);
  g_autofree char *escaped = sp_payload_to_escaped ((const guint8 *) line, MIN (length, LOG_LINE_MAX));
  g_autofree char *message = NULL;

  if (length == 0)
    message = g_strdup (direction == SP_DIRECTION_IN ? _("Command: (an empty line)") : _("Reply: (an empty line)"));
  else
    message = g_strdup_printf (direction == SP_DIRECTION_IN ? _("Command: %s%s") : _("Reply: %s%s"),
                               escaped, length > LOG_LINE_MAX ? "…" : "");
  sp_event_log_add (sp_demo_session_get_log (self), SP_EVENT_KIND_INFO, direction,
                    sp_connection_get_id (priv->connection), NULL, NULL, message);
}

static void
take_line (SpDemoSession *self,
           const guint8  *data,
           gsize          length)
{
  SpDemoSessionClass *klass = SP_DEMO_SESSION_GET_CLASS (self);
  g_autofree char *line = NULL;

  if (length > 0 && data[length - 1] == '\r')
    length--;

  if (length > SP_DEMO_MAX_LINE)
    {
      sp_demo_session_note (self, _("The line is longer than the demo server accepts (8 KiB); it is skipped."));
      klass->bad_input (self, SP_DEMO_INPUT_LINE_TOO_LONG);
      return;
    }

  log_line (self, SP_DIRECTION_IN, (const char *) data, length);

  if (memchr (data, '\0', length) != NULL)
    {
      klass->bad_input (self, SP_DEMO_INPUT_BINARY);
      return;
    }

  line = g_strndup ((const char *) data, length);
  klass->line (self, line, length);
}

static void
received_cb (SpConnection  *connection,
             GBytes        *bytes,
             SpDemoSession *self)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);
  SpDemoSessionClass *klass = SP_DEMO_SESSION_GET_CLASS (self);
  g_autoptr(GBytes) filtered = NULL;
  g_autoptr(SpDemoSession) hold = g_object_ref (self);
  const guint8 *data;
  gsize size, start = 0;

  if (priv->closing)
    return;

  filtered = klass->filter != NULL ? klass->filter (self, bytes) : g_bytes_ref (bytes);
  data = g_bytes_get_data (filtered, &size);

  for (gsize i = 0; i < size && !priv->closing; i++)
    {
      if (data[i] != '\n')
        continue;

      if (priv->discarding)
        priv->discarding = FALSE;
      else if (priv->pending->len > 0)
        {
          g_byte_array_append (priv->pending, data + start, i - start);
          take_line (self, priv->pending->data, priv->pending->len);
        }
      else
        take_line (self, data + start, i - start);

      g_byte_array_set_size (priv->pending, 0);
      start = i + 1;
    }

  if (priv->closing || start >= size)
    return;

  if (priv->discarding)
    return;

  g_byte_array_append (priv->pending, data + start, size - start);
  if (priv->pending->len > SP_DEMO_MAX_LINE + 1)
    {
      /* Answer now rather than hold an unbounded line; the rest of it is skipped. */
      g_byte_array_set_size (priv->pending, 0);
      priv->discarding = TRUE;
      sp_demo_session_note (self, _("The line is longer than the demo server accepts (8 KiB); it is skipped."));
      klass->bad_input (self, SP_DEMO_INPUT_LINE_TOO_LONG);
    }
}

static void
closed_cb (SpConnection  *connection,
           SpDemoSession *self)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);
  SpDemoSessionClass *klass = SP_DEMO_SESSION_GET_CLASS (self);

  priv->closing = TRUE;
  if (klass->closed != NULL)
    klass->closed (self);
}

static void
sp_demo_session_real_start (SpDemoSession *self)
{
}

static void
sp_demo_session_real_line (SpDemoSession *self,
                           const char    *line,
                           gsize          length)
{
}

static void
sp_demo_session_real_bad_input (SpDemoSession      *self,
                                SpDemoInputProblem  problem)
{
  sp_demo_session_close (self);
}

static void
sp_demo_session_constructed (GObject *object)
{
  SpDemoSession *self = SP_DEMO_SESSION (object);
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  G_OBJECT_CLASS (sp_demo_session_parent_class)->constructed (object);

  g_assert (SP_IS_CONNECTION (priv->connection));
  g_assert (SP_IS_DEMO_SERVER (priv->server));

  priv->log = g_object_ref (sp_demo_server_get_log (priv->server));

  g_signal_connect_object (priv->connection, "received", G_CALLBACK (received_cb), self, 0);
  g_signal_connect_object (priv->connection, "closed", G_CALLBACK (closed_cb), self, 0);
}

static void
sp_demo_session_dispose (GObject *object)
{
  SpDemoSession *self = SP_DEMO_SESSION (object);
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  g_clear_weak_pointer (&priv->server);
  g_clear_object (&priv->connection);
  g_clear_object (&priv->log);

  G_OBJECT_CLASS (sp_demo_session_parent_class)->dispose (object);
}

static void
sp_demo_session_finalize (GObject *object)
{
  SpDemoSession *self = SP_DEMO_SESSION (object);
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  g_byte_array_unref (priv->pending);

  G_OBJECT_CLASS (sp_demo_session_parent_class)->finalize (object);
}

static void
sp_demo_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SpDemoSession *self = SP_DEMO_SESSION (object);
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, priv->connection);
      break;

    case PROP_SERVER:
      g_value_set_object (value, priv->server);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_demo_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SpDemoSession *self = SP_DEMO_SESSION (object);
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      priv->connection = g_value_dup_object (value);
      break;

    case PROP_SERVER:
      g_set_weak_pointer (&priv->server, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_demo_session_class_init (SpDemoSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sp_demo_session_constructed;
  object_class->dispose = sp_demo_session_dispose;
  object_class->finalize = sp_demo_session_finalize;
  object_class->get_property = sp_demo_session_get_property;
  object_class->set_property = sp_demo_session_set_property;

  klass->start = sp_demo_session_real_start;
  klass->line = sp_demo_session_real_line;
  klass->bad_input = sp_demo_session_real_bad_input;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, SP_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, SP_TYPE_DEMO_SERVER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_demo_session_init (SpDemoSession *self)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  priv->pending = g_byte_array_new ();
}

SpConnection *
sp_demo_session_get_connection (SpDemoSession *self)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  g_return_val_if_fail (SP_IS_DEMO_SESSION (self), NULL);

  return priv->connection;
}

/**
 * sp_demo_session_get_server:
 *
 * Returns: (nullable) (transfer none): the demo server, %NULL once it is gone
 */
SpDemoServer *
sp_demo_session_get_server (SpDemoSession *self)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  g_return_val_if_fail (SP_IS_DEMO_SESSION (self), NULL);

  return priv->server;
}

SpEventLog *
sp_demo_session_get_log (SpDemoSession *self)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  g_return_val_if_fail (SP_IS_DEMO_SESSION (self), NULL);

  return priv->log;
}

/**
 * sp_demo_session_dup_local_host:
 * @port: (out) (optional): where the local port goes
 *
 * The address the client reached us on, for protocols that name it back (Gopher menus,
 * FTP's PASV reply). IPv6 hosts come without brackets.
 *
 * Returns: (transfer full): the host as text
 */
char *
sp_demo_session_dup_local_host (SpDemoSession *self,
                                guint16       *port)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);
  const char *address, *colon;
  g_autofree char *host = NULL;

  g_return_val_if_fail (SP_IS_DEMO_SESSION (self), NULL);

  address = sp_connection_get_local_address (priv->connection);
  colon = address != NULL ? strrchr (address, ':') : NULL;
  if (colon == NULL)
    {
      if (port != NULL)
        *port = 0;
      return g_strdup ("localhost");
    }

  if (address[0] == '[' && colon > address && colon[-1] == ']')
    host = g_strndup (address + 1, colon - address - 2);
  else
    host = g_strndup (address, colon - address);

  if (port != NULL)
    *port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10);

  return g_steal_pointer (&host);
}

void
sp_demo_session_send (SpDemoSession *self,
                      GBytes        *bytes)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SP_IS_DEMO_SESSION (self));

  if (!sp_connection_is_open (priv->connection))
    return;

  /* A client that never reads fills the queue: say so and stop talking to it. */
  if (!sp_connection_send (priv->connection, bytes, &error))
    {
      sp_event_log_add_error (sp_demo_session_get_log (self), sp_connection_get_id (priv->connection),
                              "send()", NULL, error);
      sp_demo_session_close (self);
    }
}

/**
 * sp_demo_session_reply:
 *
 * Sends one reply line; CR LF is added.
 */
void
sp_demo_session_reply (SpDemoSession *self,
                       const char    *format,
                       ...)
{
  g_autofree char *line = NULL;
  va_list args;

  g_return_if_fail (SP_IS_DEMO_SESSION (self));

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  sp_demo_session_reply_lines (self, line);
}

/**
 * sp_demo_session_reply_lines:
 * @text: one or more lines separated by `\n` (or `\r\n`), without the final line ending
 *
 * Sends the lines in one write, each ending in CR LF, and logs each as a reply.
 */
void
sp_demo_session_reply_lines (SpDemoSession *self,
                             const char    *text)
{
  g_return_if_fail (SP_IS_DEMO_SESSION (self));
  g_return_if_fail (text != NULL);

  sp_demo_session_reply_with_data (self, text, NULL);
}

/**
 * sp_demo_session_reply_with_data:
 * @lines: (nullable): reply lines as for sp_demo_session_reply_lines(), each sent with CR LF
 * @data: (nullable): bytes sent as they are after the lines, in the same write: an HTTP
 *   body, a prompt that waits on its line
 *
 * Like sp_demo_session_reply_lines(), then @data, logged as one more reply line.
 * One write keeps a header and its body in one segment when they fit.
 */
void
sp_demo_session_reply_with_data (SpDemoSession *self,
                                 const char    *lines,
                                 GBytes        *data)
{
  g_autoptr(GString) wire = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (SP_IS_DEMO_SESSION (self));

  if (lines != NULL)
    for (const char *start = lines;;)
      {
        const char *end = strchr (start, '\n');
        gsize length = end != NULL ? (gsize) (end - start) : strlen (start);

        if (length > 0 && start[length - 1] == '\r')
          length--;

        log_line (self, SP_DIRECTION_OUT, start, length);
        g_string_append_len (wire, start, length);
        g_string_append (wire, "\r\n");

        if (end == NULL)
          break;
        start = end + 1;
      }

  if (data != NULL && g_bytes_get_size (data) > 0)
    {
      gsize size;
      const char *raw = g_bytes_get_data (data, &size);

      log_line (self, SP_DIRECTION_OUT, raw, size);
      g_string_append_len (wire, raw, size);
    }

  bytes = g_string_free_to_bytes (g_steal_pointer (&wire));
  sp_demo_session_send (self, bytes);
}

void
sp_demo_session_note (SpDemoSession *self,
                      const char    *message)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  g_return_if_fail (SP_IS_DEMO_SESSION (self));

  sp_event_log_add (sp_demo_session_get_log (self), SP_EVENT_KIND_INFO, SP_DIRECTION_NONE,
                    sp_connection_get_id (priv->connection), NULL, NULL, message);
}

/* Closes once everything queued is sent; later input is ignored. */
void
sp_demo_session_close (SpDemoSession *self)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  g_return_if_fail (SP_IS_DEMO_SESSION (self));

  if (priv->closing)
    return;

  priv->closing = TRUE;
  sp_connection_close_after_sending (priv->connection);
}

gboolean
sp_demo_session_is_closing (SpDemoSession *self)
{
  SpDemoSessionPrivate *priv = sp_demo_session_get_instance_private (self);

  g_return_val_if_fail (SP_IS_DEMO_SESSION (self), TRUE);

  return priv->closing;
}

/**
 * sp_demo_session_reply_bytes:
 * @bytes: the reply with its own line endings; not taken
 *
 * Sends @bytes exactly as they are, in one write, and logs each line as a reply. Unlike
 * sp_demo_session_reply_lines(), nothing is added or changed, so a message's size as
 * announced before it (an IMAP literal's {n}) stays true whatever its bytes.
 */
void
sp_demo_session_reply_bytes (SpDemoSession *self,
                             GBytes        *bytes)
{
  const guint8 *data;
  gsize size, start = 0;

  g_return_if_fail (SP_IS_DEMO_SESSION (self));
  g_return_if_fail (bytes != NULL);

  data = g_bytes_get_data (bytes, &size);
  for (guint n_lines = 0; start < size; n_lines++)
    {
      const guint8 *lf = memchr (data + start, '\n', size - start);
      gsize end = lf != NULL ? (gsize) (lf - data) : size;
      gsize length = end - start;

      /* A whole mailbox in one reply would be a million log lines: the first ones tell
       * the story, the send() event keeps every byte. */
      if (n_lines == LOG_REPLY_LINES_MAX)
        {
          g_autofree char *rest = g_format_size (size - start);
          g_autofree char *note = g_strdup_printf (_("The rest of this reply (%s) is not shown line by line."), rest);

          sp_demo_session_note (self, note);
          break;
        }

      if (lf != NULL && length > 0 && data[end - 1] == '\r')
        length--;
      log_line (self, SP_DIRECTION_OUT, (const char *) data + start, length);
      start = end + 1;
    }

  sp_demo_session_send (self, bytes);
}
