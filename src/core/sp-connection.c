/* sp-connection.c — one stream connection: read loop, ordered write queue, exact counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads run continuously on the main loop; writes go out one at a time, in the order
 * they were queued, so the log shows bytes exactly as the peer will see them. Every
 * connection ends with exactly one "closed" emission, whatever the cause.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-connection-private.h"
#include "sp-core-enums.h"
#include "sp-socket-calls.h"
#include "sp-socket-error.h"

/* One read asks for at most this much; recv() may return less, which the log shows. */
#define READ_SIZE 65536

struct _SpConnection
{
  GObject            parent_instance;

  GSocketConnection *stream;
  SpEventLog        *log;
  GCancellable      *cancellable;
  GQueue             write_queue;    /* GBytes waiting to be written, oldest first */
  GBytes            *writing;        /* the chunk being written, or NULL */

  char              *peer_address;
  char              *local_address;
  gint64             start_time;
  gint64             end_time;
  guint64            bytes_received;
  guint64            bytes_sent;
  guint              id;
  SpConnectionState  state;

  guint              close_on_eof : 1;
  guint              close_when_flushed : 1;
  guint              closing : 1;
  guint              started : 1;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_SENT,
  PROP_PEER_ADDRESS,
  PROP_LOCAL_ADDRESS,
  PROP_START_TIME,
  PROP_END_TIME,
  PROP_CLOSE_ON_EOF,
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

static void start_read   (SpConnection *self);
static void start_write  (SpConnection *self);
static void begin_close  (SpConnection *self,
                          SpConnectionState final_state);

static void
set_state (SpConnection      *self,
           SpConnectionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
log_error (SpConnection *self,
           const GError *error,
           SpSocketOp    op)
{
  g_autoptr(GError) sentence = sp_socket_error_from_gio (error, op, NULL);
  const char *call = op == SP_SOCKET_OP_SEND ? "send()" : "recv()";
  g_autofree char *call_text = g_strdup_printf ("%s → %s", call, error->message);

  sp_event_log_add (self->log, SP_EVENT_KIND_ERROR, SP_DIRECTION_NONE, self->id, NULL,
                    call_text, sentence->message);
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
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SpConnection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *call = NULL;
  g_autofree char *message = NULL;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (self->closing)
    return;

  if (bytes == NULL)
    {
      log_error (self, error, SP_SOCKET_OP_RECV);
      begin_close (self, state_for_error (error));
      return;
    }

  size = g_bytes_get_size (bytes);

  if (size == 0)
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
      return;
    }

  self->bytes_received += size;

  call = g_strdup_printf ("recv(%d) → %" G_GSIZE_FORMAT, READ_SIZE, size);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Received %" G_GSIZE_FORMAT " byte",
                                          "Received %" G_GSIZE_FORMAT " bytes", size),
                             size);
  sp_event_log_add (self->log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, self->id, bytes,
                    call, message);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
  g_signal_emit (self, signals[RECEIVED], 0, bytes);

  /* A handler may have closed us. */
  if (!self->closing)
    start_read (self);
}

static void
start_read (SpConnection *self)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (self->stream));

  g_input_stream_read_bytes_async (input, READ_SIZE, G_PRIORITY_DEFAULT, self->cancellable,
                                   read_cb, g_object_ref (self));
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
  g_autofree char *message = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      /* Count what did leave before the failure: counters stay exact. */
      self->bytes_sent += written;
      if (self->closing)
        return;

      log_error (self, error, SP_SOCKET_OP_SEND);
      begin_close (self, state_for_error (error));
      return;
    }

  self->bytes_sent += written;

  call = g_strdup_printf ("send(%" G_GSIZE_FORMAT ") → %" G_GSIZE_FORMAT,
                          g_bytes_get_size (bytes), written);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Sent %" G_GSIZE_FORMAT " byte",
                                          "Sent %" G_GSIZE_FORMAT " bytes", written),
                             written);
  sp_event_log_add (self->log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, self->id, bytes,
                    call, message);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
  g_signal_emit (self, signals[SENT], 0, bytes);

  if (self->closing)
    return;

  if (!g_queue_is_empty (&self->write_queue))
    start_write (self);
  else if (self->close_when_flushed)
    begin_close (self, SP_CONNECTION_STATE_CLOSED);
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
  g_output_stream_write_all_async (output, data, size, G_PRIORITY_DEFAULT, self->cancellable,
                                   write_cb, g_object_ref (self));
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

  self->end_time = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_TIME]);
  g_signal_emit (self, signals[CLOSED], 0);
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

  if (final_state == SP_CONNECTION_STATE_CLOSED)
    sp_event_log_add (self->log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, self->id, NULL,
                      "close()", _("Closed the connection."));
  else
    sp_event_log_add (self->log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, self->id, NULL,
                      "close()", _("Closed the socket after the failure."));

  set_state (self, final_state);
  g_io_stream_close_async (G_IO_STREAM (self->stream), G_PRIORITY_DEFAULT, NULL,
                           close_cb, g_object_ref (self));
}

static void
sp_connection_dispose (GObject *object)
{
  SpConnection *self = (SpConnection *)object;

  /* Pending operations hold a reference, so by now nothing is in flight. */
  g_queue_clear_full (&self->write_queue, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&self->writing, g_bytes_unref);
  g_clear_object (&self->stream);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sp_connection_parent_class)->dispose (object);
}

static void
sp_connection_finalize (GObject *object)
{
  SpConnection *self = (SpConnection *)object;

  g_clear_pointer (&self->peer_address, g_free);
  g_clear_pointer (&self->local_address, g_free);

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

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;

    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
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
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0,
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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpConnection::received:
   * @bytes: what one recv() returned; TCP is a stream, so one send() may arrive in pieces
   */
  signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

  /**
   * SpConnection::sent:
   * @bytes: a queued chunk that was written completely
   */
  signals[SENT] =
    g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

  /**
   * SpConnection::closed:
   *
   * Emitted once, when the socket is closed, whether by us, by the peer or by a failure;
   * #SpConnection:state says which.
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
  self->state = SP_CONNECTION_STATE_CONNECTED;
  self->start_time = g_get_real_time ();

  peer = g_socket_connection_get_remote_address (stream, NULL);
  local = g_socket_connection_get_local_address (stream, NULL);
  self->peer_address = peer != NULL ? _sp_format_address (peer) : g_strdup (_("(unknown address)"));
  self->local_address = local != NULL ? _sp_format_address (local) : g_strdup (_("(unknown address)"));

  return self;
}

/* Starts reading; separate from construction so owners can connect handlers first. */
void
_sp_connection_start (SpConnection *self)
{
  g_return_if_fail (SP_IS_CONNECTION (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  start_read (self);
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

/* Whether bytes may still be sent and the socket is not being closed. */
gboolean
sp_connection_is_open (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), FALSE);

  return !self->closing && !self->close_when_flushed &&
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

/**
 * sp_connection_send:
 *
 * Queues @bytes; they are written after everything queued before them.
 */
void
sp_connection_send (SpConnection *self,
                    GBytes       *bytes)
{
  g_return_if_fail (SP_IS_CONNECTION (self));
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (sp_connection_is_open (self));

  if (g_bytes_get_size (bytes) == 0)
    return;

  g_queue_push_tail (&self->write_queue, g_bytes_ref (bytes));
  if (self->writing == NULL)
    start_write (self);
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
