/* sp-server.c — listen, accept many connections, answer with a behaviour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The listening socket is made by hand (socket, bind, listen) rather than by
 * g_socket_listener_add_address(), so that each call is logged on its own and a failure
 * names the call that failed. A GSocketService then accepts on the main loop.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sp-connection-private.h"
#include "sp-core-enums.h"
#include "sp-payload.h"
#include "sp-server-private.h"
#include "sp-socket-calls.h"
#include "sp-socket-error.h"

/* How many connections the system may hold before we accept() them. The tutorial's
 * listen(5) is too few for a crowd: past it Linux drops SYNs, and a thousand clients
 * connecting at once mostly wait for nothing. The kernel caps this at net.core.somaxconn. */
#define DEFAULT_BACKLOG SOMAXCONN

/* The largest datagram, and how many a datagram server reads before yielding. */
#define DATAGRAM_SIZE 65536
#define DATAGRAM_BURST 64

/* Where a stream connection keeps its SpFramer in rules mode. */
#define FRAMER_KEY "sp-server-framer"

/* How many characters of a message the rules' sentences quote. */
#define PREVIEW_CHARS 48

/* What the server has already added to its totals from one connection. */
typedef struct
{
  guint64 received;
  guint64 sent;
} Tally;

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_BOUND_ENDPOINT,
  PROP_STATE,
  PROP_SOCKET_STATE,
  PROP_KERNEL_STATE,
  PROP_BEHAVIOUR,
  PROP_REPLY_TEXT,
  PROP_CLOSE_AFTER_REPLY,
  PROP_BACKLOG,
  PROP_LOG,
  PROP_CONNECTIONS,
  PROP_N_ACCEPTED,
  PROP_N_OPEN,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_SENT,
  PROP_ERROR_MESSAGE,
  PROP_RULES,
  PROP_FALLBACK_REPLY,
  PROP_FRAMING,
  PROP_FRAME_LENGTH,
  PROP_STEP_MODE,
  PROP_NEXT_CALL,
  PROP_NEXT_CALL_KIND,
  PROP_STEP_WAITING,
  N_PROPS
};

enum {
  CONNECTION_ACCEPTED,
  CONNECTION_CLOSED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpServer, sp_server, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
refresh_kernel_state (SpServer *self)
{
  GSocket *listener = _sp_server_get_listening_socket (self);
  SpTcpState state = SP_TCP_STATE_UNKNOWN;

  if (listener != NULL && !g_socket_is_closed (listener))
    state = sp_tcp_info_read_state (listener, NULL);
  else if (self->socket_state == SP_SOCKET_STATE_CLOSED && self->endpoint != NULL &&
           sp_endpoint_is_inet (self->endpoint) && sp_endpoint_is_stream (self->endpoint))
    state = SP_TCP_STATE_CLOSE;  /* a closed listener leaves nothing behind */

  if (self->kernel_state == state)
    return;

  self->kernel_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KERNEL_STATE]);
}

static void
set_socket_state (SpServer      *self,
                  SpSocketState  socket_state)
{
  if (self->socket_state == socket_state)
    return;

  self->socket_state = socket_state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOCKET_STATE]);
  refresh_kernel_state (self);
}

/* The listening socket's state follows the server's; while it starts, the calls logged
 * (socket, bind, listen) tell how far it got. */
static void
update_socket_state (SpServer *self)
{
  switch (self->state)
    {
    case SP_SERVER_STATE_STOPPED:
      set_socket_state (self, self->socket_state == SP_SOCKET_STATE_NONE
                                ? SP_SOCKET_STATE_NONE : SP_SOCKET_STATE_CLOSED);
      break;
    case SP_SERVER_STATE_STARTING:
      /* A new start: the socket of the last run is gone. */
      if (self->socket_state == SP_SOCKET_STATE_CLOSED || self->socket_state == SP_SOCKET_STATE_ERROR)
        set_socket_state (self, SP_SOCKET_STATE_NONE);
      break;
    case SP_SERVER_STATE_LISTENING:
      /* A datagram socket is bound and receives: it never listens. */
      set_socket_state (self, self->endpoint == NULL || sp_endpoint_is_stream (self->endpoint)
                                ? SP_SOCKET_STATE_LISTENING : SP_SOCKET_STATE_BOUND);
      break;
    case SP_SERVER_STATE_FAILED:
      set_socket_state (self, SP_SOCKET_STATE_ERROR);
      break;
    default:
      break;
    }
}

static void
log_items_changed_cb (GListModel *log,
                      guint       position,
                      guint       removed,
                      guint       added,
                      SpServer   *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (log, i);

      if (event == NULL || sp_event_get_connection_id (event) != 0)
        continue;

      switch (sp_event_get_kind (event))
        {
        case SP_EVENT_KIND_SOCKET:
          set_socket_state (self, SP_SOCKET_STATE_CREATED);
          break;
        case SP_EVENT_KIND_BIND:
          set_socket_state (self, SP_SOCKET_STATE_BOUND);
          break;
        case SP_EVENT_KIND_LISTEN:
          set_socket_state (self, SP_SOCKET_STATE_LISTENING);
          break;
        default:
          break;
        }
    }
}

static void
set_state (SpServer      *self,
           SpServerState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  update_socket_state (self);
}

static void
set_error (SpServer     *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_bound_endpoint (SpServer   *self,
                    SpEndpoint *endpoint)
{
  if (g_set_object (&self->bound_endpoint, endpoint))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOUND_ENDPOINT]);
}

static void
connection_bytes_cb (SpConnection *connection,
                     GParamSpec   *pspec,
                     SpServer     *self)
{
  Tally *tally = g_object_get_data (G_OBJECT (connection), "sp-server-tally");
  guint64 received = sp_connection_get_bytes_received (connection);
  guint64 sent = sp_connection_get_bytes_sent (connection);

  if (received != tally->received)
    {
      self->bytes_received += received - tally->received;
      tally->received = received;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
    }

  if (sent != tally->sent)
    {
      self->bytes_sent += sent - tally->sent;
      tally->sent = sent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
    }
}

/* A behaviour's send must not stop the server: a full queue is told in the log. */
static void
send_or_log (SpServer     *self,
             SpConnection *connection,
             GBytes       *bytes)
{
  g_autoptr(GError) error = NULL;

  if (!sp_connection_is_open (connection))
    return;

  /* Step mode: the send() waits for its own step. */
  if (self->stepping && _sp_server_step_queue_send (self, connection, bytes))
    return;

  if (!sp_connection_send (connection, bytes, &error))
    sp_event_log_add_error (self->log, sp_connection_get_id (connection), NULL, NULL, error);
}

static void
send_reply (SpServer     *self,
            SpConnection *connection)
{
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (self->reply_text == NULL || self->reply_text[0] == '\0')
    return;

  /* The reply is written like every payload the person types: text with escapes. */
  reply = sp_payload_parse_text (self->reply_text, -1, NULL, &error);
  if (reply == NULL)
    {
      sp_event_log_add_error (self->log, sp_connection_get_id (connection), NULL, NULL, error);
      return;
    }

  send_or_log (self, connection, reply);
}

/* The start of a message as escaped text, short enough for a sentence. */
static char *
preview_message (GBytes *message)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (message, &size);
  gsize shown = MIN (size, PREVIEW_CHARS * 4);
  g_autofree char *escaped = sp_payload_to_escaped (data, shown);

  if (shown == size && g_utf8_strlen (escaped, -1) <= PREVIEW_CHARS)
    return g_steal_pointer (&escaped);

  {
    g_autofree char *start = g_utf8_substring (escaped, 0, PREVIEW_CHARS);

    return g_strconcat (start, "…", NULL);
  }
}

/* Rules mode: the first rule that matches answers, else the fallback; the log says which. */
static void
answer_message (SpServer     *self,
                SpConnection *connection,
                GBytes       *message)
{
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *preview = preview_message (message);
  g_autofree char *sentence = NULL;
  const char *peer = sp_connection_get_peer_address (connection);
  guint id = sp_connection_get_id (connection);
  guint n = g_list_model_get_n_items (self->rules);

  for (guint i = 0; i < n && reply == NULL; i++)
    {
      g_autoptr(SpReplyRule) rule = g_list_model_get_item (self->rules, i);

      reply = sp_reply_rule_apply (rule, message, peer);
      if (reply != NULL)
        {
          g_autofree char *description = sp_reply_rule_dup_description (rule);

          sentence = g_strdup_printf (_("Message “%s” matched rule %u (%s)."),
                                      preview, i + 1, description);
        }
    }

  if (reply == NULL && self->fallback_reply != NULL)
    {
      reply = sp_reply_template_expand (self->fallback_reply, message, peer, &error);
      if (reply == NULL)
        {
          g_autoptr(GError) failure =
            g_error_new (error->domain, error->code,
                         _("Message “%s” matched no rule, and the fallback reply cannot be sent. %s"),
                         preview, error->message);

          sp_event_log_add_error (self->log, id, NULL, message, failure);
          return;
        }

      if (n == 0)
        sentence = g_strdup_printf (_("Message “%s”: there are no rules, so the fallback reply answers."),
                                    preview);
      else
        sentence = g_strdup_printf (_("Message “%s” matched no rule: the fallback reply answers."),
                                    preview);
    }
  else if (reply == NULL)
    sentence = g_strdup_printf (_("Message “%s” matched no rule, and there is no fallback reply: nothing is sent."),
                                preview);

  sp_event_log_add (self->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, id, message, NULL, sentence);

  if (reply != NULL && g_bytes_get_size (reply) > 0)
    send_or_log (self, connection, reply);
}

static gboolean
framer_is_current (SpServer *self,
                   SpFramer *framer)
{
  if (sp_framer_get_framing (framer) != self->framing)
    return FALSE;

  return self->framing != SP_FRAMING_FIXED || sp_framer_get_length (framer) == self->frame_length;
}

/* Rules mode on a stream: what one read returned goes through the connection's framer,
 * and each complete message is answered; what waits for its end is said too. */
static void
answer_stream (SpServer     *self,
               SpConnection *connection,
               GBytes       *bytes)
{
  g_autoptr(SpFramer) framer = NULL;
  g_autoptr(GBytes) input = g_bytes_ref (bytes);
  g_autoptr(GPtrArray) messages = NULL;
  guint id = sp_connection_get_id (connection);
  gsize buffered;

  framer = g_object_get_data (G_OBJECT (connection), FRAMER_KEY);
  if (framer != NULL && framer_is_current (self, framer))
    g_object_ref (framer);
  else
    {
      /* The framing changed since the last read: what waited is cut again the new way. */
      g_autoptr(GBytes) waiting = framer != NULL ? sp_framer_flush (framer) : NULL;

      if (waiting != NULL)
        {
          g_autoptr(GByteArray) joined = g_byte_array_new ();
          gsize size;
          gconstpointer data;

          data = g_bytes_get_data (waiting, &size);
          g_byte_array_append (joined, data, size);
          data = g_bytes_get_data (bytes, &size);
          g_byte_array_append (joined, data, size);
          g_bytes_unref (input);
          input = g_byte_array_free_to_bytes (g_steal_pointer (&joined));
        }

      framer = sp_framer_new (self->framing, self->frame_length);
      g_object_set_data_full (G_OBJECT (connection), FRAMER_KEY, g_object_ref (framer),
                              g_object_unref);
    }

  messages = sp_framer_push (framer, input);
  for (guint i = 0; i < messages->len; i++)
    {
      GBytes *message = g_ptr_array_index (messages, i);

      if (sp_framer_is_cut (framer, message))
        {
          g_autofree char *sentence = NULL;

          sentence = g_strdup_printf (_("No newline came within %u bytes: the line is cut there, and those %u bytes are answered as one message."),
                                      SP_FRAMER_MAX_MESSAGE, SP_FRAMER_MAX_MESSAGE);
          sp_event_log_add (self->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, id, NULL, NULL,
                            sentence);
        }

      answer_message (self, connection, message);
    }

  buffered = sp_framer_get_buffered (framer);
  if (buffered > 0)
    {
      g_autofree char *sentence = NULL;

      if (self->framing == SP_FRAMING_FIXED)
        sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%zu byte of the next %u-byte message has arrived: it is answered once all of it is here.",
                                                 "%zu bytes of the next %u-byte message have arrived: it is answered once all of it is here.",
                                                 buffered),
                                    buffered, self->frame_length);
      else
        sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%zu byte waits for the end of its line (\\n): TCP carries bytes, not messages, so the rest may come with a later read.",
                                                 "%zu bytes wait for the end of their line (\\n): TCP carries bytes, not messages, so the rest may come with a later read.",
                                                 buffered),
                                    buffered);
      sp_event_log_add (self->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, id, NULL, NULL,
                        sentence);
    }
}

/* Rules mode: when the peer ends its stream, what waited in the framer is its last message,
 * answered before our side closes (the connection closes once its queue is written). */
static void
connection_state_cb (SpConnection *connection,
                     GParamSpec   *pspec,
                     SpServer     *self)
{
  SpFramer *framer;
  g_autoptr(GBytes) rest = NULL;
  g_autofree char *sentence = NULL;
  gsize size;

  if (sp_connection_get_state (connection) != SP_CONNECTION_STATE_HALF_CLOSED_REMOTE ||
      self->behaviour != SP_BEHAVIOUR_RULES)
    return;

  framer = g_object_get_data (G_OBJECT (connection), FRAMER_KEY);
  if (framer == NULL || (rest = sp_framer_flush (framer)) == NULL)
    return;

  size = g_bytes_get_size (rest);
  sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The peer ended its stream with %zu byte still waiting for the end of its message: it is answered as the last message.",
                                           "The peer ended its stream with %zu bytes still waiting for the end of their message: they are answered as the last message.",
                                           size),
                              size);
  sp_event_log_add (self->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE,
                    sp_connection_get_id (connection), NULL, NULL, sentence);
  answer_message (self, connection, rest);
}

static void
connection_received_cb (SpConnection *connection,
                        GBytes       *bytes,
                        SpServer     *self)
{
  /* A framer only lives while the rules answer; switching back starts afresh. */
  if (self->behaviour != SP_BEHAVIOUR_RULES)
    g_object_set_data (G_OBJECT (connection), FRAMER_KEY, NULL);

  switch (self->behaviour)
    {
    case SP_BEHAVIOUR_RULES:
      /* Each datagram is a message already: framing is for streams. */
      if (sp_connection_is_datagram (connection))
        answer_message (self, connection, bytes);
      else
        answer_stream (self, connection, bytes);
      break;

    case SP_BEHAVIOUR_ECHO:
      send_or_log (self, connection, bytes);
      break;

    case SP_BEHAVIOUR_REPLY:
      /* A stream gets its reply on accept; a datagram peer gets one per datagram. */
      if (sp_connection_is_datagram (connection))
        send_reply (self, connection);
      break;

    case SP_BEHAVIOUR_CHAT:
      {
        guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

        for (guint i = 0; i < n; i++)
          {
            g_autoptr(SpConnection) other = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

            if (other != connection)
              send_or_log (self, other, bytes);
          }
      }
      break;

    case SP_BEHAVIOUR_DISCARD:
    case SP_BEHAVIOUR_MANUAL:
    default:
      break;
    }
}

static void
connection_closed_cb (SpConnection *connection,
                      SpServer     *self)
{
  guint position;

  g_signal_handlers_disconnect_by_data (connection, self);
  _sp_server_step_forget (self, connection);

  if (self->peers != NULL)
    g_hash_table_remove (self->peers, sp_connection_get_peer_address (connection));

  if (g_list_store_find (self->connections, connection, &position))
    {
      g_autoptr(SpConnection) held = g_object_ref (connection);

      g_list_store_remove (self->connections, position);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPEN]);
      g_signal_emit (self, signals[CONNECTION_CLOSED], 0, held);
    }
}

/* Takes a new connection into the list, wires its counters and behaviour, says so. */
static void
adopt_connection (SpServer     *self,
                  SpConnection *connection)
{
  g_object_set_data_full (G_OBJECT (connection), "sp-server-tally", g_new0 (Tally, 1), g_free);
  g_signal_connect_object (connection, "notify::bytes-received",
                           G_CALLBACK (connection_bytes_cb), self, 0);
  g_signal_connect_object (connection, "notify::bytes-sent",
                           G_CALLBACK (connection_bytes_cb), self, 0);
  g_signal_connect_object (connection, "received",
                           G_CALLBACK (connection_received_cb), self, 0);
  if (!sp_connection_is_datagram (connection))
    g_signal_connect_object (connection, "notify::state",
                             G_CALLBACK (connection_state_cb), self, 0);
  /* After other handlers: observers see the connection close before the server says so. */
  g_signal_connect_object (connection, "closed",
                           G_CALLBACK (connection_closed_cb), self, G_CONNECT_AFTER);

  g_list_store_append (self->connections, connection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACCEPTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPEN]);
  g_signal_emit (self, signals[CONNECTION_ACCEPTED], 0, connection);

  _sp_connection_start (connection);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *stream,
             GObject           *source_object,
             SpServer          *self)
{
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GSocketAddress) peer = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;

  peer = g_socket_connection_get_remote_address (stream, &error);
  if (peer == NULL)
    {
      /* The peer is already gone (reset before we accepted); say so and move on. */
      sp_event_log_add (self->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, "accept()",
                        _("A client connected and vanished before it could be accepted."));
      return TRUE;
    }

  self->n_accepted++;
  local = g_socket_connection_get_local_address (stream, NULL);
  connection = _sp_connection_new (stream, self->n_accepted, self->log);
  /* As the system reports it: an IPv4 peer of a dual-stack socket is ::ffff:a.b.c.d. */
  _sp_log_accept (self->log, self->n_accepted,
                  sp_connection_get_peer_socket_address (connection) != NULL
                    ? sp_connection_get_peer_socket_address (connection) : peer,
                  sp_connection_get_local_socket_address (connection) != NULL
                    ? sp_connection_get_local_socket_address (connection) : local);

  adopt_connection (self, connection);

  if (self->behaviour == SP_BEHAVIOUR_REPLY && sp_connection_is_open (connection))
    {
      send_reply (self, connection);
      if (self->close_after_reply)
        sp_connection_close_after_sending (connection);
    }

  return TRUE;
}

/* recvfrom() up to @max times, until nothing waits; returns how many calls returned
 * (a datagram or an error) rather than "would block". */
guint
_sp_server_receive_datagrams (SpServer *self,
                              guint     max)
{
  GSocket *socket = self->socket;
  guint n = 0;

  for (guint i = 0; i < max && self->socket != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) from = NULL;
      g_autoptr(GBytes) datagram = NULL;
      g_autofree char *key = NULL;
      SpConnection *peer;
      guint8 *buffer = g_malloc (DATAGRAM_SIZE);
      gssize size;

      size = g_socket_receive_from (socket, &from, (char *) buffer, DATAGRAM_SIZE, NULL, &error);
      if (size < 0)
        {
          g_free (buffer);
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          {
            g_autoptr(GError) sentence = sp_socket_error_from_gio (error, SP_SOCKET_OP_RECV, NULL);
            sp_event_log_add_error (self->log, 0, "recvfrom()", NULL, sentence);
          }
          n++;
          continue;
        }

      n++;
      datagram = g_bytes_new_take (g_realloc (buffer, MAX (size, 1)), size);

      /* An unbound Unix datagram peer has no address we could answer to. */
      if (from == NULL)
        from = g_unix_socket_address_new_with_type ("", 0, G_UNIX_SOCKET_ADDRESS_ANONYMOUS);

      key = _sp_format_address (from);
      peer = g_hash_table_lookup (self->peers, key);
      if (peer == NULL)
        {
          g_autoptr(SpConnection) connection = NULL;

          self->n_accepted++;
          connection = _sp_connection_new_datagram (socket, from, FALSE, self->n_accepted, self->log);
          _sp_log_datagram_peer (self->log, self->n_accepted, from,
                                 sp_connection_get_local_address (connection));
          g_hash_table_insert (self->peers, g_strdup (key), g_object_ref (connection));
          adopt_connection (self, connection);
          peer = connection;
        }

      _sp_connection_deliver (peer, datagram);
    }

  return n;
}

static gboolean
datagram_ready_cb (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  SpServer *self = user_data;
  g_autoptr(SpServer) hold G_GNUC_UNUSED = g_object_ref (self);

  _sp_server_receive_datagrams (self, DATAGRAM_BURST);

  return self->socket != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
fail_start (SpServer *self,
            GTask    *task,
            GError   *error)
{
  g_clear_object (&self->listener);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_error (self, error);
      set_state (self, SP_SERVER_STATE_FAILED);
    }
  else
    set_state (self, SP_SERVER_STATE_STOPPED);

  g_task_return_error (task, error);
}

static void
listen_on (SpServer       *self,
           GTask          *task,
           GSocketAddress *address)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) gio_error = NULL;
  GSocketFamily family = g_socket_address_get_family (address);
  GSocketType type = sp_endpoint_is_stream (self->endpoint) ? G_SOCKET_TYPE_STREAM : G_SOCKET_TYPE_DATAGRAM;
  g_autofree char *python = _sp_format_python_address (address);
  g_autofree char *bind_call = g_strdup_printf ("bind(%s)", python);

  socket = g_socket_new (family, type, G_SOCKET_PROTOCOL_DEFAULT, &gio_error);
  if (socket == NULL)
    {
      GError *error = sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_SOCKET, self->endpoint);
      _sp_log_failure (self->log, 0, "socket()", error);
      fail_start (self, task, error);
      return;
    }
  g_set_object (&self->listener, socket);
  _sp_log_socket (self->log, 0, family, type);

  /* SO_REUSEADDR, as servers do, so a restart does not wait for TIME_WAIT to expire;
   * on Linux it still refuses a port another socket listens on. */
  if (!g_socket_bind (socket, address, family != G_SOCKET_FAMILY_UNIX, &gio_error))
    {
      GError *error = sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_BIND, self->endpoint);
      _sp_log_failure (self->log, 0, bind_call, error);
      fail_start (self, task, error);
      return;
    }

  if (G_IS_UNIX_SOCKET_ADDRESS (address))
    self->unlink_path = g_strdup (g_unix_socket_address_get_path (G_UNIX_SOCKET_ADDRESS (address)));

  bound = g_socket_get_local_address (socket, NULL);
  _sp_log_bind (self->log, address, bound != NULL ? bound : address);

  if (type == G_SOCKET_TYPE_DATAGRAM)
    {
      sp_event_log_add (self->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, NULL,
                        _("Datagram sockets need no listen() and no accept(): this one now receives datagrams from any peer, each with its sender’s address."));
      g_socket_set_blocking (socket, FALSE);
      if (self->peers == NULL)
        self->peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      self->socket = g_object_ref (socket);
      self->recv_source = g_socket_create_source (socket, G_IO_IN, NULL);
      g_source_set_priority (self->recv_source, SP_IO_PRIORITY);
      g_source_set_callback (self->recv_source, (GSourceFunc) (void (*) (void)) datagram_ready_cb,
                             self, NULL);
      g_source_attach (self->recv_source, NULL);
    }
  else
    {
      g_socket_set_listen_backlog (socket, self->backlog);
      if (!g_socket_listen (socket, &gio_error))
        {
          GError *error = sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_LISTEN, self->endpoint);
          _sp_log_failure (self->log, 0, "listen()", error);
          fail_start (self, task, error);
          return;
        }

      _sp_log_listen (self->log, self->backlog, bound != NULL ? bound : address);

      self->service = g_socket_service_new ();
      g_signal_connect_object (self->service, "incoming", G_CALLBACK (incoming_cb), self, 0);
      if (!g_socket_listener_add_socket (G_SOCKET_LISTENER (self->service), socket, NULL, &gio_error))
        {
          GError *error = sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_LISTEN, self->endpoint);
          g_clear_object (&self->service);
          _sp_log_failure (self->log, 0, "listen()", error);
          fail_start (self, task, error);
          return;
        }
      g_socket_service_start (self->service);
    }

  _sp_server_set_bound_address (self, bound);
  set_state (self, SP_SERVER_STATE_LISTENING);
  g_task_return_boolean (task, TRUE);
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpServer *self = g_task_get_source_object (task);
  GList *addresses;
  GError *error = NULL;

  addresses = sp_endpoint_resolve_finish (SP_ENDPOINT (object), result, &error);
  g_clear_object (&self->start_cancellable);

  if (addresses == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sp_log_failure (self->log, 0, "getaddrinfo()", error);
      fail_start (self, task, error);
      return;
    }

  if (sp_endpoint_is_inet (self->endpoint) &&
      !g_hostname_is_ip_address (sp_endpoint_get_host (self->endpoint)))
    _sp_log_resolve (self->log, sp_endpoint_get_host (self->endpoint), addresses);

  /* A server listens on one address: the first the resolver gives. */
  listen_on (self, task, addresses->data);
  g_list_free_full (addresses, g_object_unref);
}

static void
close_listening_socket (SpServer *self)
{
  g_clear_object (&self->listener);

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }

  if (self->recv_source != NULL)
    {
      g_source_destroy (self->recv_source);
      g_clear_pointer (&self->recv_source, g_source_unref);
    }

  if (self->socket != NULL)
    {
      g_socket_close (self->socket, NULL);
      g_clear_object (&self->socket);
    }

  /* Closing a Unix socket leaves its file behind; a later bind() would find it in use. */
  if (self->unlink_path != NULL)
    {
      g_unlink (self->unlink_path);
      g_clear_pointer (&self->unlink_path, g_free);
    }
}

static void
sp_server_dispose (GObject *object)
{
  SpServer *self = (SpServer *)object;

  if (self->start_cancellable != NULL)
    g_cancellable_cancel (self->start_cancellable);

  _sp_server_step_reset (self);
  close_listening_socket (self);

  /* Connections outlive us only as long as their pending calls; close them now. */
  if (self->connections != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SpConnection) connection = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

          g_signal_handlers_disconnect_by_data (connection, self);
          sp_connection_close (connection);
        }
    }

  g_clear_object (&self->start_cancellable);
  g_clear_object (&self->connections);
  g_clear_pointer (&self->peers, g_hash_table_unref);
  g_clear_object (&self->endpoint);
  g_clear_object (&self->bound_endpoint);
  g_clear_object (&self->log);
  g_clear_object (&self->rules);

  G_OBJECT_CLASS (sp_server_parent_class)->dispose (object);
}

static void
sp_server_finalize (GObject *object)
{
  SpServer *self = (SpServer *)object;

  g_clear_error (&self->error);
  g_clear_pointer (&self->reply_text, g_free);
  g_clear_pointer (&self->fallback_reply, g_free);
  g_clear_pointer (&self->unlink_path, g_free);

  G_OBJECT_CLASS (sp_server_parent_class)->finalize (object);
}

static void
sp_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SpServer *self = SP_SERVER (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    case PROP_BOUND_ENDPOINT:
      g_value_set_object (value, self->bound_endpoint);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_SOCKET_STATE:
      g_value_set_enum (value, self->socket_state);
      break;

    case PROP_KERNEL_STATE:
      g_value_set_enum (value, self->kernel_state);
      break;

    case PROP_BEHAVIOUR:
      g_value_set_enum (value, self->behaviour);
      break;

    case PROP_REPLY_TEXT:
      g_value_set_string (value, self->reply_text);
      break;

    case PROP_CLOSE_AFTER_REPLY:
      g_value_set_boolean (value, self->close_after_reply);
      break;

    case PROP_BACKLOG:
      g_value_set_uint (value, self->backlog);
      break;

    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_CONNECTIONS:
      g_value_set_object (value, self->connections);
      break;

    case PROP_N_ACCEPTED:
      g_value_set_uint (value, self->n_accepted);
      break;

    case PROP_N_OPEN:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->connections)));
      break;

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;

    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error != NULL ? self->error->message : NULL);
      break;

    case PROP_RULES:
      g_value_set_object (value, self->rules);
      break;

    case PROP_FALLBACK_REPLY:
      g_value_set_string (value, self->fallback_reply);
      break;

    case PROP_FRAMING:
      g_value_set_enum (value, self->framing);
      break;

    case PROP_FRAME_LENGTH:
      g_value_set_uint (value, self->frame_length);
      break;

    case PROP_STEP_MODE:
      g_value_set_boolean (value, self->step_mode);
      break;

    case PROP_NEXT_CALL:
      g_value_set_string (value, sp_server_get_next_call (self));
      break;

    case PROP_NEXT_CALL_KIND:
      g_value_set_enum (value, sp_server_get_next_call_kind (self));
      break;

    case PROP_STEP_WAITING:
      g_value_set_boolean (value, self->step_waiting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_server_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SpServer *self = SP_SERVER (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      sp_server_set_endpoint (self, g_value_get_object (value));
      break;

    case PROP_BEHAVIOUR:
      sp_server_set_behaviour (self, g_value_get_enum (value));
      break;

    case PROP_REPLY_TEXT:
      sp_server_set_reply_text (self, g_value_get_string (value));
      break;

    case PROP_CLOSE_AFTER_REPLY:
      sp_server_set_close_after_reply (self, g_value_get_boolean (value));
      break;

    case PROP_BACKLOG:
      sp_server_set_backlog (self, g_value_get_uint (value));
      break;

    case PROP_RULES:
      sp_server_set_rules (self, g_value_get_object (value));
      break;

    case PROP_FALLBACK_REPLY:
      sp_server_set_fallback_reply (self, g_value_get_string (value));
      break;

    case PROP_FRAMING:
      sp_server_set_framing (self, g_value_get_enum (value));
      break;

    case PROP_FRAME_LENGTH:
      sp_server_set_frame_length (self, g_value_get_uint (value));
      break;

    case PROP_STEP_MODE:
      sp_server_set_step_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_server_class_init (SpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_server_dispose;
  object_class->finalize = sp_server_finalize;
  object_class->get_property = sp_server_get_property;
  object_class->set_property = sp_server_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BOUND_ENDPOINT] =
    g_param_spec_object ("bound-endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SP_TYPE_SERVER_STATE, SP_SERVER_STATE_STOPPED,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * SpServer:socket-state:
   *
   * The listening socket's state as the tutorial teaches it: none, created, bound,
   * listening (bound for a datagram server), closed or error.
   */
  properties[PROP_SOCKET_STATE] =
    g_param_spec_enum ("socket-state", NULL, NULL, SP_TYPE_SOCKET_STATE, SP_SOCKET_STATE_NONE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * SpServer:kernel-state:
   *
   * The listening socket's TCP state in the kernel (LISTEN while it listens; CLOSE once
   * closed), refreshed when #SpServer:socket-state changes and by
   * sp_server_refresh_kernel_state(); unknown for datagram and Unix sockets.
   */
  properties[PROP_KERNEL_STATE] =
    g_param_spec_enum ("kernel-state", NULL, NULL, SP_TYPE_TCP_STATE, SP_TCP_STATE_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BEHAVIOUR] =
    g_param_spec_enum ("behaviour", NULL, NULL, SP_TYPE_BEHAVIOUR, SP_BEHAVIOUR_REPLY,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REPLY_TEXT] =
    g_param_spec_string ("reply-text", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CLOSE_AFTER_REPLY] =
    g_param_spec_boolean ("close-after-reply", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BACKLOG] =
    g_param_spec_uint ("backlog", NULL, NULL, 1, G_MAXINT, DEFAULT_BACKLOG,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, SP_TYPE_EVENT_LOG,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ACCEPTED] =
    g_param_spec_uint ("n-accepted", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_OPEN] =
    g_param_spec_uint ("n-open", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpServer:rules:
   *
   * The #SpReplyRule list of %SP_BEHAVIOUR_RULES, tried in order. By default an empty
   * #GListStore that may be edited in place; never %NULL (setting %NULL sets an empty one).
   */
  properties[PROP_RULES] =
    g_param_spec_object ("rules", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpServer:fallback-reply:
   *
   * The reply template used when no rule matches (escapes, `{peer}` and `{message}`, see
   * sp_reply_template_check()), or %NULL to answer nothing.
   */
  properties[PROP_FALLBACK_REPLY] =
    g_param_spec_string ("fallback-reply", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpServer:framing:
   *
   * How %SP_BEHAVIOUR_RULES cuts a stream into messages. A change applies to each
   * connection at its next read, what it had buffered included.
   */
  properties[PROP_FRAMING] =
    g_param_spec_enum ("framing", NULL, NULL, SP_TYPE_FRAMING, SP_FRAMING_LINE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpServer:frame-length:
   *
   * The message size for %SP_FRAMING_FIXED.
   */
  properties[PROP_FRAME_LENGTH] =
    g_param_spec_uint ("frame-length", NULL, NULL, 1, SP_FRAMER_MAX_MESSAGE, SP_FRAMER_DEFAULT_LENGTH,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpServer:step-mode:
   *
   * Whether the server runs one socket call per sp_server_step() instead of all at
   * once; sp_server_start_async() refuses while it is on. A change applies to the next
   * run: a stepped run in progress goes on one call at a time until it stops.
   */
  properties[PROP_STEP_MODE] =
    g_param_spec_boolean ("step-mode", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpServer:next-call:
   *
   * The call the next sp_server_step() makes, as the tutorial writes it (`listen()`,
   * `accept()`, `recvfrom()` …), or %NULL when there is nothing to step.
   */
  properties[PROP_NEXT_CALL] =
    g_param_spec_string ("next-call", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpServer:next-call-kind:
   *
   * The #SpEventKind of #SpServer:next-call: the kind of the event its step will log;
   * %SP_EVENT_KIND_INFO when there is nothing to step. While #SpServer:step-waiting,
   * the call that waits.
   */
  properties[PROP_NEXT_CALL_KIND] =
    g_param_spec_enum ("next-call-kind", NULL, NULL, SP_TYPE_EVENT_KIND, SP_EVENT_KIND_INFO,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpServer:step-waiting:
   *
   * Whether the last step waits for a peer (accept() with nobody in the backlog,
   * recvfrom() with nothing to read) or for a name lookup; the next step waits too.
   */
  properties[PROP_STEP_WAITING] =
    g_param_spec_boolean ("step-waiting", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpServer::connection-accepted:
   *
   * Emitted after accept(), before the behaviour sends anything.
   */
  signals[CONNECTION_ACCEPTED] =
    g_signal_new ("connection-accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SP_TYPE_CONNECTION);

  signals[CONNECTION_CLOSED] =
    g_signal_new ("connection-closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SP_TYPE_CONNECTION);
}

static void
sp_server_init (SpServer *self)
{
  self->log = sp_event_log_new ();
  g_signal_connect_object (self->log, "items-changed", G_CALLBACK (log_items_changed_cb), self, 0);
  self->connections = g_list_store_new (SP_TYPE_CONNECTION);
  self->close_after_reply = TRUE;
  self->backlog = DEFAULT_BACKLOG;
  self->behaviour = SP_BEHAVIOUR_REPLY;
  self->rules = G_LIST_MODEL (g_list_store_new (SP_TYPE_REPLY_RULE));
  self->framing = SP_FRAMING_LINE;
  self->frame_length = SP_FRAMER_DEFAULT_LENGTH;
  g_queue_init (&self->step_sends);
}

SpServer *
sp_server_new (SpEndpoint *endpoint)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);

  return g_object_new (SP_TYPE_SERVER, "endpoint", endpoint, NULL);
}

SpEndpoint *
sp_server_get_endpoint (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), NULL);

  return self->endpoint;
}

/* Takes effect at the next start; a running server keeps its socket. */
void
sp_server_set_endpoint (SpServer   *self,
                        SpEndpoint *endpoint)
{
  g_return_if_fail (SP_IS_SERVER (self));
  g_return_if_fail (SP_IS_ENDPOINT (endpoint));

  if (g_set_object (&self->endpoint, endpoint))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}

/**
 * sp_server_get_bound_endpoint:
 *
 * Returns: (transfer none) (nullable): where the server really listens (with the port
 *   the system chose if port 0 was asked), or %NULL when it is not listening
 */
SpEndpoint *
sp_server_get_bound_endpoint (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), NULL);

  return self->bound_endpoint;
}

SpServerState
sp_server_get_state (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), SP_SERVER_STATE_STOPPED);

  return self->state;
}

SpBehaviour
sp_server_get_behaviour (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), SP_BEHAVIOUR_REPLY);

  return self->behaviour;
}

void
sp_server_set_behaviour (SpServer    *self,
                         SpBehaviour  behaviour)
{
  g_return_if_fail (SP_IS_SERVER (self));

  if (self->behaviour == behaviour)
    return;

  self->behaviour = behaviour;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BEHAVIOUR]);
}

const char *
sp_server_get_reply_text (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), NULL);

  return self->reply_text;
}

void
sp_server_set_reply_text (SpServer   *self,
                          const char *reply_text)
{
  g_return_if_fail (SP_IS_SERVER (self));

  if (g_strcmp0 (self->reply_text, reply_text) == 0)
    return;

  g_free (self->reply_text);
  self->reply_text = g_strdup (reply_text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLY_TEXT]);
}

gboolean
sp_server_get_close_after_reply (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), FALSE);

  return self->close_after_reply;
}

void
sp_server_set_close_after_reply (SpServer *self,
                                 gboolean  close_after_reply)
{
  g_return_if_fail (SP_IS_SERVER (self));

  close_after_reply = !!close_after_reply;
  if (self->close_after_reply == close_after_reply)
    return;

  self->close_after_reply = close_after_reply;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSE_AFTER_REPLY]);
}

/**
 * sp_server_get_rules:
 *
 * Returns: (transfer none): the rules of %SP_BEHAVIOUR_RULES, as #SpReplyRule
 */
GListModel *
sp_server_get_rules (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), NULL);

  return self->rules;
}

/**
 * sp_server_set_rules:
 * @rules: (nullable): a list model of #SpReplyRule, or %NULL for a new empty #GListStore
 */
void
sp_server_set_rules (SpServer   *self,
                     GListModel *rules)
{
  g_autoptr(GListModel) new_rules = NULL;

  g_return_if_fail (SP_IS_SERVER (self));
  g_return_if_fail (rules == NULL || G_IS_LIST_MODEL (rules));
  g_return_if_fail (rules == NULL ||
                    g_type_is_a (g_list_model_get_item_type (rules), SP_TYPE_REPLY_RULE));

  if (rules != NULL && rules == self->rules)
    return;

  if (rules != NULL)
    new_rules = g_object_ref (rules);
  else
    new_rules = G_LIST_MODEL (g_list_store_new (SP_TYPE_REPLY_RULE));

  g_set_object (&self->rules, new_rules);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RULES]);
}

/**
 * sp_server_add_rule:
 *
 * Appends @rule to the rules, which must be a #GListStore (they are unless replaced).
 */
void
sp_server_add_rule (SpServer    *self,
                    SpReplyRule *rule)
{
  g_return_if_fail (SP_IS_SERVER (self));
  g_return_if_fail (SP_IS_REPLY_RULE (rule));
  g_return_if_fail (G_IS_LIST_STORE (self->rules));

  g_list_store_append (G_LIST_STORE (self->rules), rule);
}

const char *
sp_server_get_fallback_reply (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), NULL);

  return self->fallback_reply;
}

/**
 * sp_server_set_fallback_reply:
 * @fallback_reply: (nullable): a reply template, or %NULL to answer nothing when no rule
 *   matches; a template with a mistake is reported in the log when it would be used
 */
void
sp_server_set_fallback_reply (SpServer   *self,
                              const char *fallback_reply)
{
  g_return_if_fail (SP_IS_SERVER (self));

  if (g_strcmp0 (self->fallback_reply, fallback_reply) == 0)
    return;

  g_free (self->fallback_reply);
  self->fallback_reply = g_strdup (fallback_reply);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FALLBACK_REPLY]);
}

SpFraming
sp_server_get_framing (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), SP_FRAMING_LINE);

  return self->framing;
}

void
sp_server_set_framing (SpServer  *self,
                       SpFraming  framing)
{
  g_return_if_fail (SP_IS_SERVER (self));
  g_return_if_fail (framing <= SP_FRAMING_READ);

  if (self->framing == framing)
    return;

  self->framing = framing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
}

guint
sp_server_get_frame_length (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), SP_FRAMER_DEFAULT_LENGTH);

  return self->frame_length;
}

/**
 * sp_server_set_frame_length:
 * @frame_length: from 1 to %SP_FRAMER_MAX_MESSAGE
 */
void
sp_server_set_frame_length (SpServer *self,
                            guint     frame_length)
{
  g_return_if_fail (SP_IS_SERVER (self));
  g_return_if_fail (frame_length > 0 && frame_length <= SP_FRAMER_MAX_MESSAGE);

  if (self->frame_length == frame_length)
    return;

  self->frame_length = frame_length;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME_LENGTH]);
}

guint
sp_server_get_backlog (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), 0);

  return self->backlog;
}

/**
 * sp_server_set_backlog:
 *
 * The argument of listen(), taking effect at the next start. The default is SOMAXCONN;
 * the tutorial's 5 shows what happens when many clients connect at once.
 */
void
sp_server_set_backlog (SpServer *self,
                       guint     backlog)
{
  g_return_if_fail (SP_IS_SERVER (self));
  g_return_if_fail (backlog > 0 && backlog <= G_MAXINT);

  if (self->backlog == backlog)
    return;

  self->backlog = backlog;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKLOG]);
}

/**
 * sp_server_get_log:
 *
 * Returns: (transfer none): every event of the listening socket and its connections
 */
SpEventLog *
sp_server_get_log (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), NULL);

  return self->log;
}

/**
 * sp_server_get_connections:
 *
 * Returns: (transfer none): the open connections, as #SpConnection
 */
GListModel *
sp_server_get_connections (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), NULL);

  return G_LIST_MODEL (self->connections);
}

guint
sp_server_get_n_accepted (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), 0);

  return self->n_accepted;
}

guint64
sp_server_get_bytes_received (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), 0);

  return self->bytes_received;
}

guint64
sp_server_get_bytes_sent (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), 0);

  return self->bytes_sent;
}

/**
 * sp_server_get_error:
 *
 * Returns: (transfer none) (nullable): why the last start failed
 */
const GError *
sp_server_get_error (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), NULL);

  return self->error;
}

void
sp_server_start_async (SpServer            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SP_IS_SERVER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_server_start_async);

  if (self->state == SP_SERVER_STATE_STARTING || self->state == SP_SERVER_STATE_LISTENING)
    {
      g_task_return_new_error (task, SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED,
                               _("The server is already running: stop it first."));
      return;
    }

  if (self->step_mode)
    {
      g_task_return_new_error (task, SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED,
                               _("The server is in step mode: it starts one call at a time, with the Step button (F6)."));
      return;
    }

  set_error (self, NULL);
  set_state (self, SP_SERVER_STATE_STARTING);

  /* Our own cancellable too, so that stop() can abandon a slow name lookup. */
  g_clear_object (&self->start_cancellable);
  self->start_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled",
                             G_CALLBACK (g_cancellable_cancel), self->start_cancellable,
                             G_CONNECT_SWAPPED);

  sp_endpoint_resolve_async (self->endpoint, self->start_cancellable,
                             resolve_cb, g_steal_pointer (&task));
}

gboolean
sp_server_start_finish (SpServer      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (SP_IS_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sp_server_stop:
 *
 * Closes the listening socket and every open connection, and says so in the log.
 */
void
sp_server_stop (SpServer *self)
{
  g_autoptr(GPtrArray) open = NULL;
  g_autofree char *message = NULL;
  guint n;

  g_return_if_fail (SP_IS_SERVER (self));

  /* Step mode, before listen(): there is only a socket to close. */
  if (self->stepping && self->state != SP_SERVER_STATE_LISTENING)
    {
      gboolean had_socket = self->socket != NULL;

      _sp_server_step_reset (self);
      close_listening_socket (self);
      if (had_socket)
        sp_event_log_add (self->log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, 0, NULL, "close()",
                          _("Stopped: closed the socket."));
      set_bound_endpoint (self, NULL);
      set_state (self, SP_SERVER_STATE_STOPPED);
      _sp_server_notify_step (self);
      return;
    }

  _sp_server_step_reset (self);

  if (self->state == SP_SERVER_STATE_STARTING && self->start_cancellable != NULL)
    {
      g_cancellable_cancel (self->start_cancellable);
      return;
    }

  if (self->state != SP_SERVER_STATE_LISTENING)
    return;

  close_listening_socket (self);

  /* Copy first: each close removes its connection from the store, later. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
  open = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (open, g_list_model_get_item (G_LIST_MODEL (self->connections), i));

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Stopped: closed the listening socket and %u open connection.",
                                          "Stopped: closed the listening socket and %u open connections.",
                                          n),
                             n);
  for (guint i = 0; i < open->len; i++)
    sp_connection_close (g_ptr_array_index (open, i));

  /* Last, so the summary follows each connection's own close in the log. */
  sp_event_log_add (self->log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, 0, NULL, "close()", message);

  set_bound_endpoint (self, NULL);
  set_state (self, SP_SERVER_STATE_STOPPED);
  _sp_server_notify_step (self);
}

/**
 * sp_server_send:
 * @connection: (nullable): one connection (or datagram peer), or %NULL for every open one
 * @error: %SP_SOCKET_ERROR_NOT_RUNNING when there is nobody to send to
 *
 * What the person types in manual mode, to one peer or to all.
 *
 * Returns: whether @bytes were queued for at least one peer
 */
gboolean
sp_server_send (SpServer      *self,
                SpConnection  *connection,
                GBytes        *bytes,
                GError       **error)
{
  guint n;
  guint queued = 0;

  g_return_val_if_fail (SP_IS_SERVER (self), FALSE);
  g_return_val_if_fail (!connection || SP_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (connection != NULL)
    return sp_connection_send (connection, bytes, error);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpConnection) each = g_list_model_get_item (G_LIST_MODEL (self->connections), i);
      g_autoptr(GError) local_error = NULL;

      if (sp_connection_send (each, bytes, &local_error))
        queued++;
      else
        sp_event_log_add_error (self->log, sp_connection_get_id (each), NULL, NULL, local_error);
    }

  if (queued == 0)
    {
      g_set_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_NOT_RUNNING,
                   _("No client is connected: there is nobody to send to."));
      return FALSE;
    }

  return TRUE;
}

SpSocketState
sp_server_get_socket_state (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), SP_SOCKET_STATE_NONE);

  return self->socket_state;
}

SpTcpState
sp_server_get_kernel_state (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), SP_TCP_STATE_UNKNOWN);

  return self->kernel_state;
}

/* Asks the kernel again about the listening socket (TCP_INFO). */
void
sp_server_refresh_kernel_state (SpServer *self)
{
  g_return_if_fail (SP_IS_SERVER (self));

  refresh_kernel_state (self);
}

/**
 * _sp_server_get_listening_socket:
 *
 * Returns: (transfer none) (nullable): the listening socket (a datagram server's bound
 *   socket), from socket() until it is closed; in step mode, the one the steps made
 */
GSocket *
_sp_server_get_listening_socket (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), NULL);

  return self->listener != NULL ? self->listener : self->socket;
}

gboolean
sp_server_get_step_mode (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), FALSE);

  return self->step_mode;
}

/**
 * sp_server_set_step_mode:
 *
 * See #SpServer:step-mode.
 */
void
sp_server_set_step_mode (SpServer *self,
                         gboolean  step_mode)
{
  g_return_if_fail (SP_IS_SERVER (self));

  step_mode = !!step_mode;
  if (self->step_mode == step_mode)
    return;

  self->step_mode = step_mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_MODE]);
  _sp_server_notify_step (self);
}

const char *
sp_server_state_to_string (SpServerState state)
{
  switch (state)
    {
    case SP_SERVER_STATE_STOPPED:
      return _("Stopped");
    case SP_SERVER_STATE_STARTING:
      return _("Starting");
    case SP_SERVER_STATE_LISTENING:
      return _("Listening");
    case SP_SERVER_STATE_FAILED:
      return _("Failed");
    default:
      break;
    }

  g_return_val_if_reached ("");
}

/* Shared with sp-server-step.c ----------------------------------------------------------- */

void
_sp_server_set_state (SpServer      *self,
                      SpServerState  state)
{
  set_state (self, state);
}

void
_sp_server_set_error (SpServer     *self,
                      const GError *error)
{
  set_error (self, error);
}

/* Where the server really is: the endpoint with the port the system chose, if port 0
 * was asked; %NULL for none. */
void
_sp_server_set_bound_address (SpServer       *self,
                              GSocketAddress *bound)
{
  g_autoptr(SpEndpoint) bound_endpoint = NULL;

  if (bound == NULL)
    {
      set_bound_endpoint (self, NULL);
      return;
    }

  if (sp_endpoint_is_inet (self->endpoint) && G_IS_INET_SOCKET_ADDRESS (bound))
    bound_endpoint = sp_endpoint_with_port (self->endpoint,
                                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  else
    bound_endpoint = g_object_ref (self->endpoint);

  set_bound_endpoint (self, bound_endpoint);
}

void
_sp_server_adopt_connection (SpServer     *self,
                             SpConnection *connection)
{
  adopt_connection (self, connection);
}

void
_sp_server_send_reply (SpServer     *self,
                       SpConnection *connection)
{
  send_reply (self, connection);
}

void
_sp_server_close_listening_socket (SpServer *self)
{
  close_listening_socket (self);
}

void
_sp_server_notify_step (SpServer *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_CALL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_CALL_KIND]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_WAITING]);
}
