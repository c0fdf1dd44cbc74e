/* sp-connection.c — one conversation with one peer: read loop, ordered write queue, counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stream connection wraps a GSocketConnection: reads run continuously, writes go out one
 * at a time in the order they were queued, so the log shows bytes exactly as the peer sees
 * them. A datagram "connection" is the association with one peer address: on a server it
 * shares the server's socket (the server reads and hands each datagram over); on a client
 * it owns a connected socket. Either way every connection ends with exactly one "closed".
 *
 * I/O runs at SP_IO_PRIORITY, below GTK's input events and redraws, so that a peer
 * flooding us cannot freeze the window.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-connection-private.h"
#include "sp-core-enums.h"
#include "sp-socket-calls.h"
#include "sp-socket-error.h"

/* One read asks for at most this much; recv() may return less, which the log shows. */
#define READ_SIZE 65536

/* The largest datagram a socket can carry (UDP over IPv4: 65,507; Unix: bigger). */
#define DATAGRAM_SIZE 65536

/* Datagrams read per wake-up before yielding to the main loop. */
#define DATAGRAM_BURST 64

#define IO_PRIORITY SP_IO_PRIORITY

/* Stream reads per wake-up before yielding to the main loop. */
#define STREAM_BURST 4

struct _SpConnection
{
  GObject            parent_instance;

  GSocketConnection *stream;         /* stream connections */
  GSocket           *socket;         /* datagram connections */
  GSocketAddress    *peer;           /* datagram connections */
  GSource           *recv_source;    /* streams, and client datagram connections */
  GSource           *send_source;    /* datagram connections waiting for G_IO_OUT */
  SpEventLog        *log;
  GCancellable      *cancellable;
  GQueue             write_queue;    /* GBytes waiting to be written, oldest first */
  GBytes            *writing;        /* the chunk being written (streams), or NULL */

  char              *peer_address;
  char              *local_address;
  GSocketAddress    *local_socket_address;
  GSocketAddress    *peer_socket_address;
  GCancellable      *lookup_cancellable;  /* a /proc lookup of the kernel state in flight */
  GError            *kernel_error;        /* why kernel_state is UNKNOWN */
  gint64             start_time;
  gint64             end_time;
  guint64            bytes_received;
  guint64            bytes_sent;
  guint64            datagrams_received;
  guint64            datagrams_sent;
  gsize              bytes_queued;
  gsize              queue_limit;
  guint              id;
  SpConnectionState  state;
  SpSocketState      socket_state;
  SpTcpState         kernel_state;

  guint              is_datagram : 1;
  guint              owns_socket : 1;
  guint              close_on_eof : 1;
  guint              close_when_flushed : 1;
  guint              shutdown_when_flushed : 1;
  guint              closing : 1;
  guint              started : 1;
  guint              finished : 1;       /* our socket is closed */
  guint              lookup_again : 1;
  guint              lookup_on_close : 1;
  guint              manual_reads : 1;  /* step mode: recv() only when asked */
  guint              read_once : 1;     /* step mode: one recv() is wanted */

  SpConnectionReadDone read_done;       /* step mode: told after that one recv() */
  gpointer             read_done_data;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_SOCKET_STATE,
  PROP_KERNEL_STATE,
  PROP_IS_DATAGRAM,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_SENT,
  PROP_BYTES_QUEUED,
  PROP_DATAGRAMS_RECEIVED,
  PROP_DATAGRAMS_SENT,
  PROP_PEER_ADDRESS,
  PROP_LOCAL_ADDRESS,
  PROP_START_TIME,
  PROP_END_TIME,
  PROP_CLOSE_ON_EOF,
  PROP_QUEUE_LIMIT,
  N_PROPS
};

enum {
  RECEIVED,
  SENT,
  CLOSED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpConnection, sp_connection, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_read          (SpConnection      *self);
static void start_write         (SpConnection      *self);
static void flush_datagrams     (SpConnection      *self);
static void begin_close         (SpConnection      *self,
                                 SpConnectionState  final_state);
static void shutdown_write_now  (SpConnection      *self);

/* Kernel state ------------------------------------------------------------------------- */

static void
set_kernel_state (SpConnection *self,
                  SpTcpState    state,
                  const GError *error)
{
  gboolean changed = self->kernel_state != state;

  g_clear_error (&self->kernel_error);
  if (error != NULL)
    self->kernel_error = g_error_copy (error);

  self->kernel_state = state;
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KERNEL_STATE]);
}

static void start_kernel_lookup (SpConnection *self);

static void
kernel_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SpConnection *self;
  SpTcpState state;

  /* Disposing cancels the lookup: then @user_data is not to be touched. */
  state = sp_tcp_info_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = SP_CONNECTION (user_data);
  g_clear_object (&self->lookup_cancellable);
  set_kernel_state (self, state, error);

  if (self->lookup_again)
    {
      self->lookup_again = FALSE;
      start_kernel_lookup (self);
    }
}

/* After close only the kernel's table knows: reading it costs a pass over every TCP
 * connection of the machine, so one lookup at a time, and one more if asked meanwhile. */
static void
start_kernel_lookup (SpConnection *self)
{
  if (self->lookup_cancellable != NULL)
    {
      self->lookup_again = TRUE;
      return;
    }

  self->lookup_cancellable = g_cancellable_new ();
  sp_tcp_info_lookup_async (self->local_socket_address, self->peer_socket_address,
                            self->lookup_cancellable, kernel_lookup_cb, self);
}

static void
refresh_kernel_state (SpConnection *self)
{
  g_autoptr(GError) error = NULL;
  GSocket *socket;
  SpTcpState state;

  /* UDP and Unix sockets keep the "not TCP" they were born with. */
  if (self->stream == NULL || !G_IS_INET_SOCKET_ADDRESS (self->local_socket_address) ||
      !G_IS_INET_SOCKET_ADDRESS (self->peer_socket_address))
    return;

  socket = g_socket_connection_get_socket (self->stream);
  if (!g_socket_is_closed (socket))
    {
      state = sp_tcp_info_read_state (socket, &error);
      set_kernel_state (self, state, error);
    }
  else if (self->finished)
    start_kernel_lookup (self);
  else
    self->lookup_on_close = TRUE;  /* closing: asked again once the socket is closed */
}

/* Whether anyone shows the kernel state, so that closing pays for a lookup. */
static gboolean
kernel_state_is_watched (SpConnection *self)
{
  static guint notify_id = 0;

  if (notify_id == 0)
    notify_id = g_signal_lookup ("notify", G_TYPE_OBJECT);

  return g_signal_has_handler_pending (self, notify_id,
                                       g_param_spec_get_name_quark (properties[PROP_KERNEL_STATE]),
                                       FALSE);
}

static void
set_state (SpConnection      *self,
           SpConnectionState  state)
{
  SpSocketState socket_state;

  if (self->state == state)
    return;

  self->state = state;
  socket_state = sp_connection_state_to_socket_state (state);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (socket_state != self->socket_state)
    {
      self->socket_state = socket_state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOCKET_STATE]);
    }
  refresh_kernel_state (self);
}

static void
log_error (SpConnection *self,
           const GError *error,
           SpSocketOp    op)
{
  g_autoptr(GError) sentence = sp_socket_error_from_gio (error, op, NULL);
  const char *call;
  g_autofree char *call_text = NULL;

  if (self->is_datagram)
    call = op == SP_SOCKET_OP_SEND ? "sendto()" : "recvfrom()";
  else
    call = op == SP_SOCKET_OP_SEND ? "send()" : "recv()";
  call_text = g_strdup_printf ("%s → %s", call, error->message);

  sp_event_log_add_error (self->log, self->id, call_text, NULL, sentence);
}

static SpConnectionState
state_for_error (const GError *error)
{
  /* GIO reports ECONNRESET and EPIPE both as CONNECTION_CLOSED. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    return SP_CONNECTION_STATE_RESET;

  return SP_CONNECTION_STATE_ERROR;
}

static void
count_received (SpConnection *self,
                GBytes       *bytes,
                const char   *call)
{
  gsize size = g_bytes_get_size (bytes);
  g_autofree char *message = NULL;

  self->bytes_received += size;

  if (self->is_datagram)
    {
      self->datagrams_received++;
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Received a datagram of %zu byte from %s",
                                              "Received a datagram of %zu bytes from %s", size),
                                 size, self->peer_address);
    }
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Received %zu byte",
                                            "Received %zu bytes", size),
                               size);

  sp_event_log_add (self->log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, self->id, bytes, call, message);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
  if (self->is_datagram)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATAGRAMS_RECEIVED]);
  g_signal_emit (self, signals[RECEIVED], 0, bytes);
}

static void
count_sent (SpConnection *self,
            GBytes       *bytes,
            gsize         written,
            const char   *call)
{
  g_autofree char *message = NULL;

  self->bytes_sent += written;
  self->bytes_queued -= g_bytes_get_size (bytes);

  if (self->is_datagram)
    {
      self->datagrams_sent++;
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Sent a datagram of %zu byte to %s",
                                              "Sent a datagram of %zu bytes to %s", written),
                                 written, self->peer_address);
    }
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Sent %zu byte",
                                            "Sent %zu bytes", written),
                               written);

  sp_event_log_add (self->log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, self->id, bytes, call, message);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_QUEUED]);
  if (self->is_datagram)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATAGRAMS_SENT]);
  g_signal_emit (self, signals[SENT], 0, bytes);
}

/* What to do once the write queue is empty. */
static void
queue_drained (SpConnection *self)
{
  if (self->close_when_flushed)
    begin_close (self, SP_CONNECTION_STATE_CLOSED);
  else if (self->shutdown_when_flushed)
    shutdown_write_now (self);
}

/* Streams ------------------------------------------------------------------------------ */

/* The peer closed its side: recv() returned b''. */
static void
received_eof (SpConnection *self)
{
  sp_event_log_add (self->log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, self->id, NULL,
                    "recv() → b''",
                    _("The peer closed its side of the connection: recv() returned no bytes (end of stream)."));

  if (self->state == SP_CONNECTION_STATE_HALF_CLOSED_LOCAL)
    begin_close (self, SP_CONNECTION_STATE_CLOSED);
  else
    {
      set_state (self, SP_CONNECTION_STATE_HALF_CLOSED_REMOTE);
      if (self->close_on_eof)
        sp_connection_close_after_sending (self);
    }
}

/* Step mode: the one recv() asked for has returned (bytes, end of stream or error). */
static void
finish_read_once (SpConnection *self)
{
  SpConnectionReadDone done = self->read_done;

  if (!self->read_once)
    return;

  self->read_once = FALSE;
  self->read_done = NULL;
  if (done != NULL)
    done (self, g_steal_pointer (&self->read_done_data));
}

/* The socket is readable: read what is there, a few times at most before yielding.
 * Each payload is allocated at the size the kernel says is waiting (FIONREAD, at most
 * READ_SIZE), so the log's budget counts what memory really holds, and an idle
 * connection holds no read buffer at all. */
static gboolean
stream_readable_cb (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  SpConnection *self = user_data;
  g_autoptr(SpConnection) hold G_GNUC_UNUSED = g_object_ref (self);
  guint burst = self->read_once ? 1 : STREAM_BURST;
  gboolean did_read = FALSE;

  for (guint i = 0; i < burst && !self->closing; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *call = NULL;
      gssize available = g_socket_get_available_bytes (socket);
      gsize size;
      guint8 *buffer;
      gssize got;

      /* Nothing waiting after a first read: back to the main loop. On the first
       * round, nothing waiting means the end of the stream or an error: recv() tells. */
      if (available <= 0 && i > 0)
        break;

      size = available > 0 ? MIN ((gsize) available, READ_SIZE) : 1;
      buffer = g_malloc (size);
      got = g_socket_receive_with_blocking (socket, (char *) buffer, size, FALSE, NULL, &error);

      if (got < 0)
        {
          g_free (buffer);
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          log_error (self, error, SP_SOCKET_OP_RECV);
          begin_close (self, state_for_error (error));
          break;
        }

      if (got == 0)
        {
          g_free (buffer);
          received_eof (self);
          g_clear_pointer (&self->recv_source, g_source_unref);
          finish_read_once (self);
          return G_SOURCE_REMOVE;
        }

      bytes = g_bytes_new_take ((gsize) got < size ? g_realloc (buffer, got) : buffer, got);
      call = g_strdup_printf ("recv(%d) → %" G_GSSIZE_FORMAT, READ_SIZE, got);
      count_received (self, bytes, call);
      did_read = TRUE;
    }

  if (self->closing || (self->read_once && did_read))
    {
      g_clear_pointer (&self->recv_source, g_source_unref);
      finish_read_once (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
start_read (SpConnection *self)
{
  GSocket *socket = g_socket_connection_get_socket (self->stream);

  g_assert (self->recv_source == NULL);

  self->recv_source = g_socket_create_source (socket, G_IO_IN, NULL);
  g_source_set_priority (self->recv_source, IO_PRIORITY);
  g_source_set_callback (self->recv_source, (GSourceFunc) (void (*) (void)) stream_readable_cb,
                         self, NULL);
  g_source_attach (self->recv_source, NULL);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SpConnection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_steal_pointer (&self->writing);
  g_autofree char *call = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      /* Count what did leave before the failure: counters stay exact. */
      self->bytes_sent += written;
      self->bytes_queued -= g_bytes_get_size (bytes);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
      if (self->closing)
        return;

      log_error (self, error, SP_SOCKET_OP_SEND);
      begin_close (self, state_for_error (error));
      return;
    }

  call = g_strdup_printf ("send(%zu) → %" G_GSIZE_FORMAT,
                          g_bytes_get_size (bytes), written);
  count_sent (self, bytes, written, call);

  if (self->closing)
    return;

  if (!g_queue_is_empty (&self->write_queue))
    start_write (self);
  else
    queue_drained (self);
}

static void
start_write (SpConnection *self)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (self->stream));
  gconstpointer data;
  gsize size;

  g_assert (self->writing == NULL);

  self->writing = g_queue_pop_head (&self->write_queue);
  data = g_bytes_get_data (self->writing, &size);
  g_output_stream_write_all_async (output, data, size, IO_PRIORITY, self->cancellable,
                                   write_cb, g_object_ref (self));
}

static void
shutdown_write_now (SpConnection *self)
{
  g_autoptr(GError) error = NULL;

  self->shutdown_when_flushed = FALSE;

  if (!g_socket_shutdown (g_socket_connection_get_socket (self->stream), FALSE, TRUE, &error))
    {
      log_error (self, error, SP_SOCKET_OP_SEND);
      begin_close (self, state_for_error (error));
      return;
    }

  sp_event_log_add (self->log, SP_EVENT_KIND_SHUTDOWN, SP_DIRECTION_OUT, self->id, NULL,
                    "shutdown(SHUT_WR)",
                    _("Closed our sending side: the peer reads the end of the stream, and can still send to us."));

  if (self->state == SP_CONNECTION_STATE_HALF_CLOSED_REMOTE)
    begin_close (self, SP_CONNECTION_STATE_CLOSED);
  else
    set_state (self, SP_CONNECTION_STATE_HALF_CLOSED_LOCAL);
}

/* Datagrams ---------------------------------------------------------------------------- */

static gboolean
send_ready_cb (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  SpConnection *self = user_data;

  g_clear_pointer (&self->send_source, g_source_unref);
  flush_datagrams (self);

  return G_SOURCE_REMOVE;
}

static void
flush_datagrams (SpConnection *self)
{
  g_autoptr(SpConnection) hold G_GNUC_UNUSED = g_object_ref (self);

  while (!self->closing && !g_queue_is_empty (&self->write_queue))
    {
      GBytes *datagram = g_queue_peek_head (&self->write_queue);
      g_autoptr(GError) error = NULL;
      g_autofree char *python = NULL;
      g_autofree char *call = NULL;
      gsize size;
      gconstpointer data = g_bytes_get_data (datagram, &size);
      gssize sent;

      sent = g_socket_send_to (self->socket, self->owns_socket ? NULL : self->peer,
                               data, size, NULL, &error);

      if (sent < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if (self->send_source == NULL)
            {
              self->send_source = g_socket_create_source (self->socket, G_IO_OUT, self->cancellable);
              g_source_set_priority (self->send_source, IO_PRIORITY);
              g_source_set_callback (self->send_source, (GSourceFunc) (void (*) (void)) send_ready_cb,
                                     self, NULL);
              g_source_attach (self->send_source, NULL);
            }
          return;
        }

      datagram = g_queue_pop_head (&self->write_queue);

      if (sent < 0)
        {
          /* A datagram that cannot go (too long, refused) is lost alone; the socket stays. */
          self->bytes_queued -= size;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_QUEUED]);
          log_error (self, error, SP_SOCKET_OP_SEND);
          g_bytes_unref (datagram);
          continue;
        }

      python = _sp_format_python_address (self->peer);
      call = g_strdup_printf ("sendto(%zu, %s) → %" G_GSSIZE_FORMAT,
                              size, python, sent);
      count_sent (self, datagram, sent, call);
      g_bytes_unref (datagram);
    }

  if (!self->closing && g_queue_is_empty (&self->write_queue))
    queue_drained (self);
}

static gboolean
recv_ready_cb (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  SpConnection *self = user_data;
  g_autoptr(SpConnection) hold G_GNUC_UNUSED = g_object_ref (self);
  guint burst = self->read_once ? 1 : DATAGRAM_BURST;
  gboolean did_read = FALSE;

  for (guint i = 0; i < burst && !self->closing; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) from = NULL;
      g_autofree char *python = NULL;
      g_autofree char *call = NULL;
      g_autoptr(GBytes) bytes = NULL;
      guint8 *buffer = g_malloc (DATAGRAM_SIZE);
      gssize size;

      size = g_socket_receive_from (socket, &from, (char *) buffer, DATAGRAM_SIZE, NULL, &error);
      if (size < 0)
        {
          g_free (buffer);
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            break;
          /* An ICMP "port unreachable" surfaces here on a connected UDP socket. */
          log_error (self, error, SP_SOCKET_OP_RECV);
          did_read = TRUE;
          continue;
        }

      bytes = g_bytes_new_take (g_realloc (buffer, MAX (size, 1)), size);
      python = from != NULL ? _sp_format_python_address (from) : g_strdup ("None");
      call = g_strdup_printf ("recvfrom(%d) → %zd, %s", DATAGRAM_SIZE, size, python);
      count_received (self, bytes, call);
      did_read = TRUE;
    }

  if (!self->closing && self->read_once && did_read)
    {
      g_clear_pointer (&self->recv_source, g_source_unref);
      finish_read_once (self);
      return G_SOURCE_REMOVE;
    }

  return self->closing ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* Closing ------------------------------------------------------------------------------ */

static void
finish_close (SpConnection *self)
{
  self->finished = TRUE;
  self->end_time = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_TIME]);

  /* What the kernel still holds once our socket is gone: FIN_WAIT2, TIME_WAIT, LAST_ACK… */
  if (self->lookup_on_close || kernel_state_is_watched (self))
    refresh_kernel_state (self);

  g_signal_emit (self, signals[CLOSED], 0);
}

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SpConnection) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Closing a socket only fails if it was already closed; nothing to tell the learner. */
  if (!g_io_stream_close_finish (G_IO_STREAM (object), result, &error))
    g_debug ("Closing connection %u: %s", self->id, error->message);

  finish_close (self);
}

static gboolean
finish_close_idle (gpointer data)
{
  finish_close (data);
  return G_SOURCE_REMOVE;
}

static void
begin_close (SpConnection      *self,
             SpConnectionState  final_state)
{
  if (self->closing)
    return;

  self->closing = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->write_queue, (GDestroyNotify) g_bytes_unref);
  if (self->bytes_queued != 0 && self->writing == NULL)
    {
      self->bytes_queued = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_QUEUED]);
    }

  if (self->is_datagram && !self->owns_socket)
    sp_event_log_add (self->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, self->id, NULL, NULL,
                      _("Forgot this peer: with datagrams there is no connection to close."));
  else if (final_state == SP_CONNECTION_STATE_CLOSED)
    sp_event_log_add (self->log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, self->id, NULL,
                      "close()", _("Closed the connection."));
  else
    sp_event_log_add (self->log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, self->id, NULL,
                      "close()", _("Closed the socket after the failure."));

  set_state (self, final_state);

  if (self->stream != NULL)
    {
      if (self->recv_source != NULL)
        {
          g_source_destroy (self->recv_source);
          g_clear_pointer (&self->recv_source, g_source_unref);
        }
      g_io_stream_close_async (G_IO_STREAM (self->stream), IO_PRIORITY, NULL,
                               close_cb, g_object_ref (self));
      return;
    }

  if (self->recv_source != NULL)
    g_source_destroy (self->recv_source);
  if (self->send_source != NULL)
    g_source_destroy (self->send_source);
  if (self->owns_socket)
    g_socket_close (self->socket, NULL);

  /* As for streams, "closed" comes from the main loop, never from inside the caller. */
  g_idle_add_full (IO_PRIORITY, finish_close_idle, g_object_ref (self), g_object_unref);
}

/* GObject ------------------------------------------------------------------------------ */

static void
sp_connection_dispose (GObject *object)
{
  SpConnection *self = (SpConnection *)object;

  /* Pending operations hold a reference, so by now nothing is in flight. */
  if (self->recv_source != NULL)
    {
      g_source_destroy (self->recv_source);
      g_clear_pointer (&self->recv_source, g_source_unref);
    }
  if (self->send_source != NULL)
    {
      g_source_destroy (self->send_source);
      g_clear_pointer (&self->send_source, g_source_unref);
    }
  if (self->owns_socket && self->socket != NULL && !g_socket_is_closed (self->socket))
    g_socket_close (self->socket, NULL);

  g_queue_clear_full (&self->write_queue, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&self->writing, g_bytes_unref);
  g_clear_object (&self->stream);
  g_clear_object (&self->socket);
  g_clear_object (&self->peer);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);
  if (self->lookup_cancellable != NULL)
    g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->local_socket_address);
  g_clear_object (&self->peer_socket_address);

  G_OBJECT_CLASS (sp_connection_parent_class)->dispose (object);
}

static void
sp_connection_finalize (GObject *object)
{
  SpConnection *self = (SpConnection *)object;

  g_clear_pointer (&self->peer_address, g_free);
  g_clear_pointer (&self->local_address, g_free);
  g_clear_error (&self->kernel_error);

  G_OBJECT_CLASS (sp_connection_parent_class)->finalize (object);
}

static void
sp_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpConnection *self = SP_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
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

    case PROP_IS_DATAGRAM:
      g_value_set_boolean (value, self->is_datagram);
      break;

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;

    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;

    case PROP_BYTES_QUEUED:
      g_value_set_uint64 (value, self->bytes_queued);
      break;

    case PROP_DATAGRAMS_RECEIVED:
      g_value_set_uint64 (value, self->datagrams_received);
      break;

    case PROP_DATAGRAMS_SENT:
      g_value_set_uint64 (value, self->datagrams_sent);
      break;

    case PROP_PEER_ADDRESS:
      g_value_set_string (value, self->peer_address);
      break;

    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, self->local_address);
      break;

    case PROP_START_TIME:
      g_value_set_int64 (value, self->start_time);
      break;

    case PROP_END_TIME:
      g_value_set_int64 (value, self->end_time);
      break;

    case PROP_CLOSE_ON_EOF:
      g_value_set_boolean (value, self->close_on_eof);
      break;

    case PROP_QUEUE_LIMIT:
      g_value_set_uint64 (value, self->queue_limit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_connection_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SpConnection *self = SP_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CLOSE_ON_EOF:
      sp_connection_set_close_on_eof (self, g_value_get_boolean (value));
      break;

    case PROP_QUEUE_LIMIT:
      sp_connection_set_queue_limit (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_connection_class_init (SpConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_connection_dispose;
  object_class->finalize = sp_connection_finalize;
  object_class->get_property = sp_connection_get_property;
  object_class->set_property = sp_connection_set_property;

  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SP_TYPE_CONNECTION_STATE, SP_CONNECTION_STATE_CONNECTING,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * SpConnection:socket-state:
   *
   * The state a learner is taught (connected, half-closed, closed, error), derived
   * from #SpConnection:state.
   */
  properties[PROP_SOCKET_STATE] =
    g_param_spec_enum ("socket-state", NULL, NULL,
                       SP_TYPE_SOCKET_STATE, SP_SOCKET_STATE_CONNECTED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * SpConnection:kernel-state:
   *
   * The kernel's TCP state (Linux): read with TCP_INFO when #SpConnection:state changes
   * and on sp_connection_refresh_kernel_state(); after close, looked up in /proc/net/tcp
   * when someone watches this property or asks for a refresh. %SP_TCP_STATE_UNKNOWN for
   * UDP and Unix sockets, or where the system cannot tell
   * (sp_connection_get_kernel_state_error() says why).
   */
  properties[PROP_KERNEL_STATE] =
    g_param_spec_enum ("kernel-state", NULL, NULL,
                       SP_TYPE_TCP_STATE, SP_TCP_STATE_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_IS_DATAGRAM] =
    g_param_spec_boolean ("is-datagram", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_BYTES_QUEUED] =
    g_param_spec_uint64 ("bytes-queued", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DATAGRAMS_RECEIVED] =
    g_param_spec_uint64 ("datagrams-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DATAGRAMS_SENT] =
    g_param_spec_uint64 ("datagrams-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PEER_ADDRESS] =
    g_param_spec_string ("peer-address", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_START_TIME] =
    g_param_spec_int64 ("start-time", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_END_TIME] =
    g_param_spec_int64 ("end-time", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CLOSE_ON_EOF] =
    g_param_spec_boolean ("close-on-eof", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_QUEUE_LIMIT] =
    g_param_spec_uint64 ("queue-limit", NULL, NULL, 1, G_MAXUINT64, SP_CONNECTION_DEFAULT_QUEUE_LIMIT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpConnection::received:
   * @bytes: what one recv() returned (TCP is a stream: one send() may arrive in pieces),
   *   or one whole datagram
   */
  signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

  /**
   * SpConnection::sent:
   * @bytes: a queued chunk that was written completely, or one datagram
   */
  signals[SENT] =
    g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

  /**
   * SpConnection::closed:
   *
   * Emitted once, from the main loop, when the socket is closed, whether by us, by the
   * peer or by a failure; #SpConnection:state says which.
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sp_connection_init (SpConnection *self)
{
  self->cancellable = g_cancellable_new ();
  self->close_on_eof = TRUE;
  self->queue_limit = SP_CONNECTION_DEFAULT_QUEUE_LIMIT;
  self->state = SP_CONNECTION_STATE_CONNECTED;
  self->socket_state = SP_SOCKET_STATE_CONNECTED;
  self->start_time = g_get_real_time ();
  g_queue_init (&self->write_queue);
}

SpConnection *
_sp_connection_new (GSocketConnection *stream,
                    guint              id,
                    SpEventLog        *log)
{
  SpConnection *self;
  g_autoptr(GSocketAddress) peer = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (stream), NULL);
  g_return_val_if_fail (SP_IS_EVENT_LOG (log), NULL);

  self = g_object_new (SP_TYPE_CONNECTION, NULL);
  self->stream = g_object_ref (stream);
  self->log = g_object_ref (log);
  self->id = id;

  peer = g_socket_connection_get_remote_address (stream, NULL);
  local = g_socket_connection_get_local_address (stream, NULL);
  if (peer != NULL)
    {
      GSocketAddress *seen = _sp_socket_address_as_seen (g_socket_connection_get_socket (stream), peer);

      g_object_unref (peer);
      peer = seen;
    }
  if (local != NULL)
    {
      GSocketAddress *seen = _sp_socket_address_as_seen (g_socket_connection_get_socket (stream), local);

      g_object_unref (local);
      local = seen;
    }
  self->peer_address = peer != NULL ? _sp_format_address (peer) : g_strdup (_("(unknown address)"));
  self->local_address = local != NULL ? _sp_format_address (local) : g_strdup (_("(unknown address)"));
  self->local_socket_address = g_steal_pointer (&local);
  self->peer_socket_address = g_steal_pointer (&peer);

  {
    g_autoptr(GError) error = NULL;

    self->kernel_state = sp_tcp_info_read_state (g_socket_connection_get_socket (stream), &error);
    self->kernel_error = g_steal_pointer (&error);
  }

  return self;
}

/**
 * _sp_connection_new_datagram:
 * @socket: a datagram socket, non-blocking
 * @peer: the peer's address
 * @owns_socket: %TRUE for a client (the connection reads its own socket and closes it),
 *   %FALSE for a server's peer (the server reads and calls _sp_connection_deliver())
 */
SpConnection *
_sp_connection_new_datagram (GSocket        *socket,
                             GSocketAddress *peer,
                             gboolean        owns_socket,
                             guint           id,
                             SpEventLog     *log)
{
  SpConnection *self;
  g_autoptr(GSocketAddress) local = NULL;

  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);
  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (peer), NULL);
  g_return_val_if_fail (SP_IS_EVENT_LOG (log), NULL);

  self = g_object_new (SP_TYPE_CONNECTION, NULL);
  self->is_datagram = TRUE;
  self->socket = g_object_ref (socket);
  self->peer = g_object_ref (peer);
  self->owns_socket = !!owns_socket;
  self->log = g_object_ref (log);
  self->id = id;

  local = g_socket_get_local_address (socket, NULL);
  self->peer_address = _sp_format_address (peer);
  self->local_address = local != NULL ? _sp_format_address (local) : g_strdup (_("(unknown address)"));
  self->local_socket_address = g_steal_pointer (&local);
  self->peer_socket_address = g_object_ref (peer);
  g_set_error_literal (&self->kernel_error, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_TCP,
                       _("This is not a TCP socket: only TCP has these kernel states."));

  return self;
}

static void
start_reading (SpConnection *self)
{
  if (self->stream != NULL)
    start_read (self);
  else if (self->owns_socket)
    {
      self->recv_source = g_socket_create_source (self->socket, G_IO_IN, self->cancellable);
      g_source_set_priority (self->recv_source, IO_PRIORITY);
      g_source_set_callback (self->recv_source, (GSourceFunc) (void (*) (void)) recv_ready_cb,
                             self, NULL);
      g_source_attach (self->recv_source, NULL);
    }
}

/* Starts reading; separate from construction so owners can connect handlers first. */
void
_sp_connection_start (SpConnection *self)
{
  g_return_if_fail (SP_IS_CONNECTION (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;

  if (!self->manual_reads)
    start_reading (self);
}

/**
 * _sp_connection_set_manual_reads:
 *
 * Step mode: from _sp_connection_start() on, nothing is read until
 * _sp_connection_read_once() asks for one recv(). Call before starting.
 */
void
_sp_connection_set_manual_reads (SpConnection *self,
                                 gboolean      manual_reads)
{
  g_return_if_fail (SP_IS_CONNECTION (self));
  g_return_if_fail (!self->started);

  self->manual_reads = !!manual_reads;
}

/**
 * _sp_connection_read_once:
 * @done: (nullable): called once that recv() has returned, with @user_data
 *
 * Step mode: one recv() as soon as the socket is readable (at once if bytes or the end
 * of the stream are waiting), logged and counted as usual; then reading stops again.
 * @done is not called if the connection closes first.
 */
void
_sp_connection_read_once (SpConnection         *self,
                          SpConnectionReadDone  done,
                          gpointer              user_data)
{
  g_return_if_fail (SP_IS_CONNECTION (self));
  g_return_if_fail (self->manual_reads && self->started);
  g_return_if_fail (!self->read_once);

  if (self->closing || self->recv_source != NULL)
    return;

  self->read_once = TRUE;
  self->read_done = done;
  self->read_done_data = user_data;
  start_reading (self);
}

/* A server hands over a datagram it read from its socket for this peer. */
void
_sp_connection_deliver (SpConnection *self,
                        GBytes       *datagram)
{
  g_autofree char *python = NULL;
  g_autofree char *call = NULL;

  g_return_if_fail (SP_IS_CONNECTION (self));
  g_return_if_fail (self->is_datagram && !self->owns_socket);

  if (self->closing)
    return;

  python = _sp_format_python_address (self->peer);
  call = g_strdup_printf ("recvfrom(%d) → %zu, %s",
                          DATAGRAM_SIZE, g_bytes_get_size (datagram), python);
  count_received (self, datagram, call);
}

guint
sp_connection_get_id (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);

  return self->id;
}

SpConnectionState
sp_connection_get_state (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), SP_CONNECTION_STATE_ERROR);

  return self->state;
}

gboolean
sp_connection_is_datagram (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), FALSE);

  return self->is_datagram;
}

/* Whether bytes may still be sent and the socket is not being closed. */
gboolean
sp_connection_is_open (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), FALSE);

  return !self->closing && !self->close_when_flushed && !self->shutdown_when_flushed &&
         (self->state == SP_CONNECTION_STATE_CONNECTED ||
          self->state == SP_CONNECTION_STATE_HALF_CLOSED_REMOTE);
}

guint64
sp_connection_get_bytes_received (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);

  return self->bytes_received;
}

guint64
sp_connection_get_bytes_sent (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);

  return self->bytes_sent;
}

gsize
sp_connection_get_bytes_queued (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);

  return self->bytes_queued;
}

guint64
sp_connection_get_datagrams_received (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);

  return self->datagrams_received;
}

guint64
sp_connection_get_datagrams_sent (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);

  return self->datagrams_sent;
}

const char *
sp_connection_get_peer_address (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);

  return self->peer_address;
}

const char *
sp_connection_get_local_address (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);

  return self->local_address;
}

gint64
sp_connection_get_start_time (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);

  return self->start_time;
}

gint64
sp_connection_get_end_time (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);

  return self->end_time;
}

gboolean
sp_connection_get_close_on_eof (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), FALSE);

  return self->close_on_eof;
}

/**
 * sp_connection_set_close_on_eof:
 *
 * Whether to close our side too once the peer has closed its side (after sending what is
 * queued), as the tutorial's client does. On by default.
 */
void
sp_connection_set_close_on_eof (SpConnection *self,
                                gboolean      close_on_eof)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  close_on_eof = !!close_on_eof;
  if (self->close_on_eof == close_on_eof)
    return;

  self->close_on_eof = close_on_eof;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSE_ON_EOF]);
}

gsize
sp_connection_get_queue_limit (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);

  return self->queue_limit;
}

/**
 * sp_connection_set_queue_limit:
 *
 * How many bytes may wait to be sent (default %SP_CONNECTION_DEFAULT_QUEUE_LIMIT).
 * A peer that stops reading fills the system's buffers, then this queue; past it,
 * sp_connection_send() refuses instead of letting memory grow without end.
 */
void
sp_connection_set_queue_limit (SpConnection *self,
                               gsize         limit)
{
  g_return_if_fail (SP_IS_CONNECTION (self));
  g_return_if_fail (limit > 0);

  if (self->queue_limit == limit)
    return;

  self->queue_limit = limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_LIMIT]);
}

/**
 * sp_connection_send:
 * @error: %SP_SOCKET_ERROR_NOT_RUNNING after close, %SP_SOCKET_ERROR_QUEUE_FULL when the
 *   peer does not read fast enough
 *
 * Queues @bytes (for datagrams: one datagram); they are written after everything queued
 * before them.
 *
 * Returns: whether @bytes were queued
 */
gboolean
sp_connection_send (SpConnection  *self,
                    GBytes        *bytes,
                    GError       **error)
{
  gsize size;

  g_return_val_if_fail (SP_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (!sp_connection_is_open (self))
    {
      g_set_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_NOT_RUNNING,
                   _("This connection no longer sends: it is closed or closing."));
      return FALSE;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0 && !self->is_datagram)
    return TRUE;

  if (self->bytes_queued > 0 && self->bytes_queued + size > self->queue_limit)
    {
      g_set_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_QUEUE_FULL,
                   /* Translators: the first %zu counts the bytes waiting, the second is the limit in bytes */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The peer is not reading: %zu byte already waits to be sent (the limit is %zu). Wait until it reads, or close the connection.",
                                "The peer is not reading: %zu bytes already wait to be sent (the limit is %zu). Wait until it reads, or close the connection.",
                                self->bytes_queued),
                   self->bytes_queued, self->queue_limit);
      return FALSE;
    }

  g_queue_push_tail (&self->write_queue, g_bytes_ref (bytes));
  self->bytes_queued += size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_QUEUED]);

  if (self->is_datagram)
    {
      if (self->send_source == NULL)
        flush_datagrams (self);
    }
  else if (self->writing == NULL)
    start_write (self);

  return TRUE;
}

/**
 * sp_connection_shutdown_write:
 *
 * Half-closes: once queued bytes are written, shutdown(SHUT_WR) tells the peer that we
 * are done sending (it reads the end of the stream) while we can still receive.
 */
void
sp_connection_shutdown_write (SpConnection *self)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  if (self->is_datagram || !sp_connection_is_open (self))
    return;

  if (self->writing == NULL && g_queue_is_empty (&self->write_queue))
    shutdown_write_now (self);
  else
    self->shutdown_when_flushed = TRUE;
}

/**
 * sp_connection_close:
 *
 * Closes now; bytes still queued are not sent.
 */
void
sp_connection_close (SpConnection *self)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  begin_close (self, SP_CONNECTION_STATE_CLOSED);
}

/**
 * sp_connection_close_after_sending:
 *
 * Closes once every queued byte has been written, like the tutorial's server:
 * `c.send(…)` then `c.close()`.
 */
void
sp_connection_close_after_sending (SpConnection *self)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  if (self->closing)
    return;

  self->close_when_flushed = TRUE;
  if (self->writing == NULL && g_queue_is_empty (&self->write_queue))
    begin_close (self, SP_CONNECTION_STATE_CLOSED);
}

const char *
sp_connection_state_to_string (SpConnectionState state)
{
  switch (state)
    {
    case SP_CONNECTION_STATE_CONNECTING:
      return _("Connecting");
    case SP_CONNECTION_STATE_CONNECTED:
      return _("Connected");
    case SP_CONNECTION_STATE_HALF_CLOSED_LOCAL:
      return _("Half-closed by us");
    case SP_CONNECTION_STATE_HALF_CLOSED_REMOTE:
      return _("Half-closed by the peer");
    case SP_CONNECTION_STATE_CLOSED:
      return _("Closed");
    case SP_CONNECTION_STATE_RESET:
      return _("Reset by the peer");
    case SP_CONNECTION_STATE_ERROR:
      return _("Failed");
    default:
      break;
    }

  g_return_val_if_reached ("");
}

/* The mapping from the engine's states to the ones the tutorial teaches. */
SpSocketState
sp_connection_state_to_socket_state (SpConnectionState state)
{
  switch (state)
    {
    case SP_CONNECTION_STATE_CONNECTING:
      return SP_SOCKET_STATE_CONNECTING;
    case SP_CONNECTION_STATE_CONNECTED:
      return SP_SOCKET_STATE_CONNECTED;
    case SP_CONNECTION_STATE_HALF_CLOSED_LOCAL:
    case SP_CONNECTION_STATE_HALF_CLOSED_REMOTE:
      return SP_SOCKET_STATE_HALF_CLOSED;
    case SP_CONNECTION_STATE_CLOSED:
      return SP_SOCKET_STATE_CLOSED;
    /* A reset ends the connection by failure: the learner reads "connection reset". */
    case SP_CONNECTION_STATE_RESET:
    case SP_CONNECTION_STATE_ERROR:
      return SP_SOCKET_STATE_ERROR;
    default:
      break;
    }

  g_return_val_if_reached (SP_SOCKET_STATE_ERROR);
}

SpSocketState
sp_connection_get_socket_state (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), SP_SOCKET_STATE_NONE);

  return self->socket_state;
}

SpTcpState
sp_connection_get_kernel_state (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), SP_TCP_STATE_UNKNOWN);

  return self->kernel_state;
}

/**
 * sp_connection_get_kernel_state_error:
 *
 * Returns: (transfer none) (nullable): why #SpConnection:kernel-state is unknown
 *   (%SP_TCP_INFO_ERROR_NOT_TCP, _NOT_SUPPORTED…)
 */
const GError *
sp_connection_get_kernel_state_error (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);

  return self->kernel_error;
}

/**
 * sp_connection_refresh_kernel_state:
 *
 * Asks the kernel again: at once with TCP_INFO while the socket is open; after close,
 * a look-up in /proc/net/tcp whose answer comes later through notify::kernel-state.
 * States such as FIN_WAIT2 or TIME_WAIT change with no call of ours, hence this.
 */
void
sp_connection_refresh_kernel_state (SpConnection *self)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  refresh_kernel_state (self);
}

/**
 * sp_connection_get_local_socket_address:
 *
 * Returns: (transfer none) (nullable): this side's address
 */
GSocketAddress *
sp_connection_get_local_socket_address (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);

  return self->local_socket_address;
}

/**
 * sp_connection_get_peer_socket_address:
 *
 * Returns: (transfer none) (nullable): the peer's address, as the system reports it
 *   (an IPv4 peer of a dual-stack IPv6 socket reads ::ffff:a.b.c.d)
 */
GSocketAddress *
sp_connection_get_peer_socket_address (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);

  return self->peer_socket_address;
}
