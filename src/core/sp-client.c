/* sp-client.c — connect, send, receive, close
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client resolves the name itself and tries each address in turn, so the log can
 * say which address was tried and which one answered; GSocketClient makes the socket
 * and connects, and its "event" signal tells when socket() happened.
 */

#include "config.h"

#include <errno.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>

#include "sp-client-private.h"
#include "sp-connection-private.h"
#include "sp-core-enums.h"
#include "sp-socket-calls.h"
#include "sp-socket-error.h"

#define DEFAULT_TIMEOUT 10

typedef struct
{
  GList        *addresses;  /* GSocketAddress, in the order to try */
  GList        *next;
  GError       *last_error;
  GCancellable *attempt;    /* cancels the current address only, on timeout */
  guint         timeout_id;
  gboolean      timed_out;
} ConnectData;

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_STATE,
  PROP_SOCKET_STATE,
  PROP_CONNECTION,
  PROP_LOG,
  PROP_TIMEOUT,
  PROP_N_CONNECTIONS,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_SENT,
  PROP_ERROR_MESSAGE,
  PROP_STEP_MODE,
  PROP_STEP_DATA,
  PROP_NEXT_CALL,
  PROP_NEXT_CALL_KIND,
  PROP_STEP_WAITING,
  N_PROPS
};

enum {
  CONNECTED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpClient, sp_client, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void try_next_address (GTask *task);

static void
connect_data_free (gpointer data)
{
  ConnectData *cd = data;

  g_list_free_full (cd->addresses, g_object_unref);
  g_clear_error (&cd->last_error);
  g_clear_handle_id (&cd->timeout_id, g_source_remove);
  g_clear_object (&cd->attempt);
  g_free (cd);
}

static void
set_socket_state (SpClient      *self,
                  SpSocketState  socket_state)
{
  if (self->socket_state == socket_state)
    return;

  self->socket_state = socket_state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOCKET_STATE]);
}

/* The client's socket: the attempt's while connecting (a stepped run makes it before its
 * connect() step), then the connection's. */
static void
update_socket_state (SpClient *self)
{
  switch (self->state)
    {
    case SP_CLIENT_STATE_DISCONNECTED:
    case SP_CLIENT_STATE_CONNECTED:
      set_socket_state (self, self->connection != NULL
                                ? sp_connection_get_socket_state (self->connection)
                                : SP_SOCKET_STATE_NONE);
      break;
    case SP_CLIENT_STATE_RESOLVING:
    case SP_CLIENT_STATE_CONNECTING:
      set_socket_state (self, self->attempt_state);
      break;
    case SP_CLIENT_STATE_FAILED:
      set_socket_state (self, SP_SOCKET_STATE_ERROR);
      break;
    default:
      break;
    }
}

/* socket() and a failed connect() of the attempt under way, as the log tells them. */
static void
log_items_changed_cb (GListModel *log,
                      guint       position,
                      guint       removed,
                      guint       added,
                      SpClient   *self)
{
  if (self->state != SP_CLIENT_STATE_RESOLVING && self->state != SP_CLIENT_STATE_CONNECTING)
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (log, i);

      if (event == NULL || sp_event_get_connection_id (event) != self->n_connections + 1)
        continue;

      if (sp_event_get_kind (event) == SP_EVENT_KIND_SOCKET)
        self->attempt_state = SP_SOCKET_STATE_CREATED;
      else if (sp_event_get_kind (event) == SP_EVENT_KIND_ERROR)
        self->attempt_state = SP_SOCKET_STATE_ERROR;
      else
        continue;

      update_socket_state (self);
    }
}

static void
connection_socket_state_cb (SpConnection *connection,
                            GParamSpec   *pspec,
                            SpClient     *self)
{
  if (connection == self->connection)
    update_socket_state (self);
}

static void
connect_attempt_free (gpointer data)
{
  SpConnectAttempt *attempt = data;

  g_clear_object (&attempt->address);
  g_clear_error (&attempt->error);
  g_free (attempt);
}

/* What the address notes tell afterwards: each connect() and how it ended. */
void
_sp_client_record_attempt (SpClient       *self,
                           GSocketAddress *address,
                           const GError   *error)
{
  SpConnectAttempt *attempt = g_new0 (SpConnectAttempt, 1);

  attempt->address = g_object_ref (address);
  attempt->error = error != NULL ? g_error_copy (error) : NULL;
  g_ptr_array_add (self->attempts, attempt);
}

/* A connect begins (normal or stepped): no socket yet, nothing resolved or tried. */
void
_sp_client_begin_attempts (SpClient *self)
{
  self->attempt_state = SP_SOCKET_STATE_NONE;
  g_clear_pointer (&self->resolved_name, g_free);
  g_ptr_array_set_size (self->resolved, 0);
  g_ptr_array_set_size (self->attempts, 0);
}

/* The name the client resolved and what it gave, in the order they are tried. */
void
_sp_client_record_resolution (SpClient   *self,
                              const char *name,
                              GList      *addresses)
{
  g_free (self->resolved_name);
  self->resolved_name = g_strdup (name);
  g_ptr_array_set_size (self->resolved, 0);
  for (const GList *l = addresses; l != NULL; l = l->next)
    g_ptr_array_add (self->resolved, g_object_ref (l->data));
}

/* connect() starts on the attempt's socket. */
void
_sp_client_set_attempt_state (SpClient      *self,
                              SpSocketState  state)
{
  self->attempt_state = state;
  update_socket_state (self);
}

static void
set_state (SpClient      *self,
           SpClientState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  update_socket_state (self);
}

static void
set_error (SpClient     *self,
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
fail_connect (SpClient *self,
              GTask    *task,
              GError   *error)
{
  g_clear_object (&self->connect_cancellable);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, SP_CLIENT_STATE_DISCONNECTED);
  else
    {
      set_error (self, error);
      set_state (self, SP_CLIENT_STATE_FAILED);
    }

  g_task_return_error (task, error);
}

static void
connection_bytes_cb (SpConnection *connection,
                     GParamSpec   *pspec,
                     SpClient     *self)
{
  guint64 received = sp_connection_get_bytes_received (connection);
  guint64 sent = sp_connection_get_bytes_sent (connection);

  if (received != self->tally_received)
    {
      self->bytes_received += received - self->tally_received;
      self->tally_received = received;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
    }

  if (sent != self->tally_sent)
    {
      self->bytes_sent += sent - self->tally_sent;
      self->tally_sent = sent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
    }
}

static void
connection_closed_cb (SpConnection *connection,
                      SpClient     *self)
{
  g_signal_handlers_disconnect_by_data (connection, self);

  /* Keep the last connection readable (its counters, its state) until the next connect. */
  if (connection == self->connection)
    {
      _sp_client_step_reset (self);
      set_state (self, SP_CLIENT_STATE_DISCONNECTED);
      _sp_client_notify_step (self);
    }
}

static void
socket_client_event_cb (GSocketClient      *socket_client,
                        GSocketClientEvent  event,
                        GSocketConnectable *connectable,
                        GIOStream          *stream,
                        gpointer            user_data)
{
  GTask *task = user_data;
  SpClient *self = g_task_get_source_object (task);

  if (event == G_SOCKET_CLIENT_CONNECTING && G_IS_SOCKET_CONNECTION (stream))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));

      _sp_log_socket (self->log, self->n_connections + 1,
                      g_socket_get_family (socket), g_socket_get_socket_type (socket));
      /* GSocketClient made the socket and calls connect() on it now. */
      _sp_client_set_attempt_state (self, SP_SOCKET_STATE_CONNECTING);
    }
}

static void
adopt_connection (SpClient     *self,
                  SpConnection *connection)
{
  g_clear_object (&self->connect_cancellable);
  self->n_connections++;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_set_object (&self->connection, connection);
  self->tally_received = 0;
  self->tally_sent = 0;

  g_signal_connect_object (connection, "notify::bytes-received",
                           G_CALLBACK (connection_bytes_cb), self, 0);
  g_signal_connect_object (connection, "notify::bytes-sent",
                           G_CALLBACK (connection_bytes_cb), self, 0);
  g_signal_connect_object (connection, "notify::socket-state",
                           G_CALLBACK (connection_socket_state_cb), self, 0);
  /* After other handlers: observers see the connection close before the client says so. */
  g_signal_connect_object (connection, "closed",
                           G_CALLBACK (connection_closed_cb), self, G_CONNECT_AFTER);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONNECTIONS]);
  set_state (self, SP_CLIENT_STATE_CONNECTED);
  g_signal_emit (self, signals[CONNECTED], 0, connection);

  _sp_connection_start (connection);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpClient *self = g_task_get_source_object (task);
  ConnectData *cd = g_task_get_task_data (task);
  GSocketAddress *address = cd->next->data;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) gio_error = NULL;
  g_autoptr(SpConnection) connection = NULL;

  g_signal_handlers_disconnect_by_func (object, socket_client_event_cb, task);
  g_clear_handle_id (&cd->timeout_id, g_source_remove);
  stream = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &gio_error);

  /* Our timer cancelled this attempt: a timeout, not the person's cancellation. */
  if (stream == NULL && cd->timed_out &&
      g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&gio_error);
      g_set_error_literal (&gio_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, g_strerror (ETIMEDOUT));
    }

  if (stream == NULL)
    {
      g_autoptr(SpEndpoint) tried = NULL;
      GError *error;

      if (g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          fail_connect (self, task, g_steal_pointer (&gio_error));
          return;
        }

      /* Name the address really tried, which may differ from the typed name. */
      if (G_IS_INET_SOCKET_ADDRESS (address))
        {
          GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
          g_autofree char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (inet));

          tried = sp_endpoint_new_inet (SP_TRANSPORT_TCP, ip, g_inet_socket_address_get_port (inet));
        }

      error = sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_CONNECT,
                                        tried != NULL ? tried : self->endpoint);
      _sp_client_record_attempt (self, address, error);
      _sp_log_connect_failure (self->log, self->n_connections + 1, address, error);

      g_clear_error (&cd->last_error);
      cd->last_error = error;
      cd->next = cd->next->next;
      try_next_address (g_steal_pointer (&task));
      return;
    }

  local = g_socket_connection_get_local_address (stream, NULL);
  _sp_client_record_attempt (self, address, NULL);
  _sp_log_connect (self->log, self->n_connections + 1, address, local);
  connection = _sp_connection_new (stream, self->n_connections + 1, self->log);
  adopt_connection (self, connection);
  g_task_return_pointer (task, g_steal_pointer (&connection), g_object_unref);
}

/* UDP and Unix datagram: connect() only records the default destination, so it is
 * immediate and sends nothing; it also lets the system report "port unreachable". */
static void
connect_datagram (GTask          *task,
                  GSocketAddress *address)
{
  SpClient *self = g_task_get_source_object (task);
  ConnectData *cd = g_task_get_task_data (task);
  GSocketFamily family = g_socket_address_get_family (address);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) gio_error = NULL;
  g_autoptr(SpConnection) connection = NULL;
  guint id = self->n_connections + 1;

  socket = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT, &gio_error);
  if (socket == NULL)
    {
      GError *error = sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_SOCKET, self->endpoint);
      _sp_log_failure (self->log, id, "socket()", error);
      fail_connect (self, task, error);
      g_object_unref (task);
      return;
    }
  _sp_log_socket (self->log, id, family, G_SOCKET_TYPE_DATAGRAM);
  g_socket_set_blocking (socket, FALSE);
  _sp_client_set_attempt_state (self, SP_SOCKET_STATE_CONNECTING);

  /* A Unix datagram client needs a name of its own for replies to reach it:
   * Linux gives an unnamed socket an automatic abstract one on bind(). */
  if (family == G_SOCKET_FAMILY_UNIX)
    {
      g_autoptr(GSocketAddress) anonymous =
        g_unix_socket_address_new_with_type ("", 0, G_UNIX_SOCKET_ADDRESS_ANONYMOUS);

      if (!g_socket_bind (socket, anonymous, FALSE, &gio_error))
        {
          GError *error = sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_BIND, self->endpoint);
          _sp_log_failure (self->log, id, "bind()", error);
          fail_connect (self, task, error);
          g_object_unref (task);
          return;
        }
    }

  if (!g_socket_connect (socket, address, NULL, &gio_error))
    {
      GError *error = sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_CONNECT, self->endpoint);

      _sp_client_record_attempt (self, address, error);
      _sp_log_connect_failure (self->log, id, address, error);
      g_clear_error (&cd->last_error);
      cd->last_error = error;
      cd->next = cd->next->next;
      try_next_address (task);
      return;
    }

  local = g_socket_get_local_address (socket, NULL);
  _sp_client_record_attempt (self, address, NULL);
  _sp_log_connect_datagram (self->log, id, address, local);

  connection = _sp_connection_new_datagram (socket, address, TRUE, id, self->log);
  adopt_connection (self, connection);
  g_task_return_pointer (task, g_steal_pointer (&connection), g_object_unref);
  g_object_unref (task);
}

static gboolean
attempt_timed_out_cb (gpointer data)
{
  ConnectData *cd = data;

  cd->timeout_id = 0;
  cd->timed_out = TRUE;
  g_cancellable_cancel (cd->attempt);

  return G_SOURCE_REMOVE;
}

static void
try_next_address (GTask *task)
{
  SpClient *self = g_task_get_source_object (task);
  ConnectData *cd = g_task_get_task_data (task);
  g_autoptr(GSocketClient) socket_client = NULL;

  if (cd->next == NULL)
    {
      fail_connect (self, task, g_steal_pointer (&cd->last_error));
      g_object_unref (task);
      return;
    }

  set_state (self, SP_CLIENT_STATE_CONNECTING);

  if (!sp_endpoint_is_stream (self->endpoint))
    {
      connect_datagram (task, cd->next->data);
      return;
    }

  /* Our own timer rather than GSocketClient's: it times this connect() alone, leaves no
   * timeout on the socket afterwards, and lets the next address have its turn. */
  g_clear_object (&cd->attempt);
  cd->attempt = g_cancellable_new ();
  cd->timed_out = FALSE;
  g_signal_connect_object (self->connect_cancellable, "cancelled",
                           G_CALLBACK (g_cancellable_cancel), cd->attempt, G_CONNECT_SWAPPED);
  if (self->timeout > 0)
    cd->timeout_id = g_timeout_add_seconds (self->timeout, attempt_timed_out_cb, cd);

  socket_client = g_socket_client_new ();
  g_signal_connect (socket_client, "event", G_CALLBACK (socket_client_event_cb), task);
  g_socket_client_connect_async (socket_client, G_SOCKET_CONNECTABLE (cd->next->data),
                                 cd->attempt, connect_cb, task);
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  SpClient *self = g_task_get_source_object (task);
  ConnectData *cd = g_task_get_task_data (task);
  GError *error = NULL;

  cd->addresses = sp_endpoint_resolve_finish (SP_ENDPOINT (object), result, &error);
  if (cd->addresses == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sp_log_failure (self->log, 0, "getaddrinfo()", error);
      fail_connect (self, task, error);
      g_object_unref (task);
      return;
    }

  if (sp_endpoint_is_inet (self->endpoint) &&
      !g_hostname_is_ip_address (sp_endpoint_get_host (self->endpoint)))
    {
      _sp_client_record_resolution (self, sp_endpoint_get_host (self->endpoint), cd->addresses);
      _sp_log_resolve (self->log, sp_endpoint_get_host (self->endpoint), cd->addresses);
    }

  cd->next = cd->addresses;
  try_next_address (task);
}

static void
sp_client_dispose (GObject *object)
{
  SpClient *self = (SpClient *)object;

  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);
  _sp_client_step_reset (self);

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      sp_connection_close (self->connection);
      g_clear_object (&self->connection);
    }

  g_clear_object (&self->endpoint);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (sp_client_parent_class)->dispose (object);
}

static void
sp_client_finalize (GObject *object)
{
  SpClient *self = (SpClient *)object;

  g_clear_error (&self->error);
  g_clear_pointer (&self->resolved_name, g_free);
  g_clear_pointer (&self->resolved, g_ptr_array_unref);
  g_clear_pointer (&self->attempts, g_ptr_array_unref);
  g_clear_pointer (&self->step_data, g_bytes_unref);

  G_OBJECT_CLASS (sp_client_parent_class)->finalize (object);
}

static void
sp_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SpClient *self = SP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_SOCKET_STATE:
      g_value_set_enum (value, self->socket_state);
      break;

    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_N_CONNECTIONS:
      g_value_set_uint (value, self->n_connections);
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

    case PROP_STEP_MODE:
      g_value_set_boolean (value, self->step_mode);
      break;

    case PROP_STEP_DATA:
      g_value_set_boxed (value, self->step_data);
      break;

    case PROP_NEXT_CALL:
      g_value_set_string (value, sp_client_get_next_call (self));
      break;

    case PROP_NEXT_CALL_KIND:
      g_value_set_enum (value, sp_client_get_next_call_kind (self));
      break;

    case PROP_STEP_WAITING:
      g_value_set_boolean (value, self->step_waiting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SpClient *self = SP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      sp_client_set_endpoint (self, g_value_get_object (value));
      break;

    case PROP_TIMEOUT:
      sp_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_STEP_MODE:
      sp_client_set_step_mode (self, g_value_get_boolean (value));
      break;

    case PROP_STEP_DATA:
      sp_client_set_step_data (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_client_class_init (SpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_client_dispose;
  object_class->finalize = sp_client_finalize;
  object_class->get_property = sp_client_get_property;
  object_class->set_property = sp_client_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SP_TYPE_CLIENT_STATE, SP_CLIENT_STATE_DISCONNECTED,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * SpClient:socket-state:
   *
   * The client socket's state as the tutorial teaches it: none, created, connecting
   * (error when one address refused), then the connection's (#SpConnection:socket-state).
   */
  properties[PROP_SOCKET_STATE] =
    g_param_spec_enum ("socket-state", NULL, NULL, SP_TYPE_SOCKET_STATE, SP_SOCKET_STATE_NONE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, SP_TYPE_CONNECTION,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, SP_TYPE_EVENT_LOG,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, 3600, DEFAULT_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_CONNECTIONS] =
    g_param_spec_uint ("n-connections", NULL, NULL, 0, G_MAXUINT, 0,
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
   * SpClient:step-mode:
   *
   * Whether the client makes one socket call per sp_client_step() instead of all at
   * once; sp_client_connect_async() refuses while it is on. A change applies to the next
   * run: a stepped run in progress goes on one call at a time until it closes.
   */
  properties[PROP_STEP_MODE] =
    g_param_spec_boolean ("step-mode", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpClient:step-data:
   *
   * What the send() step sends after connect() in step mode, once per connection; %NULL
   * or empty sends nothing, and the client only receives, like the tutorial's client.py.
   */
  properties[PROP_STEP_DATA] =
    g_param_spec_boxed ("step-data", NULL, NULL, G_TYPE_BYTES,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpClient:next-call:
   *
   * The call the next sp_client_step() makes, as the tutorial writes it (`connect()`,
   * `recv()` …), or %NULL when there is nothing to step.
   */
  properties[PROP_NEXT_CALL] =
    g_param_spec_string ("next-call", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpClient:next-call-kind:
   *
   * The #SpEventKind of #SpClient:next-call; %SP_EVENT_KIND_INFO when there is nothing
   * to step. While #SpClient:step-waiting, the call that waits.
   */
  properties[PROP_NEXT_CALL_KIND] =
    g_param_spec_enum ("next-call-kind", NULL, NULL, SP_TYPE_EVENT_KIND, SP_EVENT_KIND_INFO,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpClient:step-waiting:
   *
   * Whether the last step waits (connect() in progress, recv() with nothing to read, a
   * name lookup); the next step waits too.
   */
  properties[PROP_STEP_WAITING] =
    g_param_spec_boolean ("step-waiting", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpClient::connected:
   *
   * Emitted when connect() succeeded, before the first byte is read.
   */
  signals[CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SP_TYPE_CONNECTION);
}

static void
sp_client_init (SpClient *self)
{
  self->log = sp_event_log_new ();
  g_signal_connect_object (self->log, "items-changed", G_CALLBACK (log_items_changed_cb), self, 0);
  self->timeout = DEFAULT_TIMEOUT;
  self->resolved = g_ptr_array_new_with_free_func (g_object_unref);
  self->attempts = g_ptr_array_new_with_free_func (connect_attempt_free);
}

SpClient *
sp_client_new (SpEndpoint *endpoint)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);

  return g_object_new (SP_TYPE_CLIENT, "endpoint", endpoint, NULL);
}

SpEndpoint *
sp_client_get_endpoint (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), NULL);

  return self->endpoint;
}

/* Takes effect at the next connect. */
void
sp_client_set_endpoint (SpClient   *self,
                        SpEndpoint *endpoint)
{
  g_return_if_fail (SP_IS_CLIENT (self));
  g_return_if_fail (SP_IS_ENDPOINT (endpoint));

  if (g_set_object (&self->endpoint, endpoint))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}

SpClientState
sp_client_get_state (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), SP_CLIENT_STATE_DISCONNECTED);

  return self->state;
}

/**
 * sp_client_get_connection:
 *
 * Returns: (transfer none) (nullable): the current or last connection
 */
SpConnection *
sp_client_get_connection (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), NULL);

  return self->connection;
}

/**
 * sp_client_get_log:
 *
 * Returns: (transfer none): every event of this client's sockets
 */
SpEventLog *
sp_client_get_log (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), NULL);

  return self->log;
}

guint
sp_client_get_timeout (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), 0);

  return self->timeout;
}

/* Seconds a connect() may take; 0 waits as long as the system does. */
void
sp_client_set_timeout (SpClient *self,
                       guint     timeout_seconds)
{
  g_return_if_fail (SP_IS_CLIENT (self));

  if (self->timeout == timeout_seconds)
    return;

  self->timeout = timeout_seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
sp_client_get_n_connections (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), 0);

  return self->n_connections;
}

guint64
sp_client_get_bytes_received (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), 0);

  return self->bytes_received;
}

guint64
sp_client_get_bytes_sent (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), 0);

  return self->bytes_sent;
}

/**
 * sp_client_get_error:
 *
 * Returns: (transfer none) (nullable): why the last connect failed
 */
const GError *
sp_client_get_error (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), NULL);

  return self->error;
}

void
sp_client_connect_async (SpClient            *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SP_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_client_connect_async);
  g_task_set_task_data (task, g_new0 (ConnectData, 1), connect_data_free);

  if (self->state == SP_CLIENT_STATE_RESOLVING || self->state == SP_CLIENT_STATE_CONNECTING ||
      self->state == SP_CLIENT_STATE_CONNECTED)
    {
      g_task_return_new_error (task, SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED,
                               _("This client is already connected or connecting: disconnect first."));
      return;
    }

  if (self->step_mode)
    {
      g_task_return_new_error (task, SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED,
                               _("The client is in step mode: it connects one call at a time, with the Step button (F6)."));
      return;
    }

  set_error (self, NULL);
  _sp_client_begin_attempts (self);
  set_state (self, SP_CLIENT_STATE_RESOLVING);

  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled",
                             G_CALLBACK (g_cancellable_cancel), self->connect_cancellable,
                             G_CONNECT_SWAPPED);

  sp_endpoint_resolve_async (self->endpoint, self->connect_cancellable,
                             resolve_cb, g_steal_pointer (&task));
}

/**
 * sp_client_connect_finish:
 *
 * Returns: (transfer full): the new connection, already reading
 */
SpConnection *
sp_client_connect_finish (SpClient      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
sp_client_send (SpClient  *self,
                GBytes    *bytes,
                GError   **error)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (self->connection == NULL || !sp_connection_is_open (self->connection))
    {
      g_set_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_NOT_RUNNING,
                   _("Not connected: connect before sending."));
      return FALSE;
    }

  if (!sp_connection_send (self->connection, bytes, error))
    return FALSE;

  _sp_client_step_sent (self);
  return TRUE;
}

/**
 * sp_client_shutdown_write:
 * @error: %SP_SOCKET_ERROR_NOT_RUNNING when not connected
 *
 * Half-closes the connection: the peer reads the end of the stream once everything
 * queued is sent, and can still answer.
 */
gboolean
sp_client_shutdown_write (SpClient  *self,
                          GError   **error)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), FALSE);

  if (self->connection == NULL || !sp_connection_is_open (self->connection) ||
      sp_connection_is_datagram (self->connection))
    {
      g_set_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_NOT_RUNNING,
                   _("Only an open stream connection can be half-closed."));
      return FALSE;
    }

  sp_connection_shutdown_write (self->connection);
  return TRUE;
}

/**
 * sp_client_disconnect:
 *
 * Abandons a connect in progress, or closes the open connection.
 */
void
sp_client_disconnect (SpClient *self)
{
  g_return_if_fail (SP_IS_CLIENT (self));

  if (_sp_client_step_disconnect (self))
    return;

  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);

  if (self->connection != NULL && self->state == SP_CLIENT_STATE_CONNECTED)
    sp_connection_close (self->connection);
}

SpSocketState
sp_client_get_socket_state (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), SP_SOCKET_STATE_NONE);

  return self->socket_state;
}

/**
 * _sp_client_get_resolved_name:
 *
 * Returns: (nullable): the name the last connect resolved, %NULL when it was given an
 *   address or a Unix path
 */
const char *
_sp_client_get_resolved_name (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), NULL);

  return self->resolved_name;
}

/**
 * _sp_client_get_resolved:
 *
 * Returns: (transfer none) (element-type GSocketAddress): what the name resolved to, in
 *   the order the client tries the addresses; empty when no name was resolved
 */
GPtrArray *
_sp_client_get_resolved (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), NULL);

  return self->resolved;
}

/**
 * _sp_client_get_attempts:
 *
 * Returns: (transfer none) (element-type SpConnectAttempt): each connect() of the last
 *   connect, in order
 */
GPtrArray *
_sp_client_get_attempts (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), NULL);

  return self->attempts;
}

gboolean
sp_client_get_step_mode (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), FALSE);

  return self->step_mode;
}

/**
 * sp_client_set_step_mode:
 *
 * See #SpClient:step-mode.
 */
void
sp_client_set_step_mode (SpClient *self,
                         gboolean  step_mode)
{
  g_return_if_fail (SP_IS_CLIENT (self));

  step_mode = !!step_mode;
  if (self->step_mode == step_mode)
    return;

  self->step_mode = step_mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_MODE]);
  _sp_client_notify_step (self);
}

/**
 * sp_client_get_step_data:
 *
 * Returns: (transfer none) (nullable): what the send() step sends, see #SpClient:step-data
 */
GBytes *
sp_client_get_step_data (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), NULL);

  return self->step_data;
}

/**
 * sp_client_set_step_data:
 * @bytes: (nullable): what the send() step sends; %NULL or empty for nothing
 */
void
sp_client_set_step_data (SpClient *self,
                         GBytes   *bytes)
{
  g_return_if_fail (SP_IS_CLIENT (self));

  if (bytes != NULL && g_bytes_get_size (bytes) == 0)
    bytes = NULL;

  if (self->step_data == bytes ||
      (self->step_data != NULL && bytes != NULL && g_bytes_equal (self->step_data, bytes)))
    return;

  g_clear_pointer (&self->step_data, g_bytes_unref);
  if (bytes != NULL)
    self->step_data = g_bytes_ref (bytes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_DATA]);
  _sp_client_notify_step (self);
}

const char *
sp_client_state_to_string (SpClientState state)
{
  switch (state)
    {
    case SP_CLIENT_STATE_DISCONNECTED:
      return _("Disconnected");
    case SP_CLIENT_STATE_RESOLVING:
      return _("Looking up the name");
    case SP_CLIENT_STATE_CONNECTING:
      return _("Connecting");
    case SP_CLIENT_STATE_CONNECTED:
      return _("Connected");
    case SP_CLIENT_STATE_FAILED:
      return _("Failed");
    default:
      break;
    }

  g_return_val_if_reached ("");
}

/* Shared with sp-client-step.c ----------------------------------------------------------- */

void
_sp_client_set_state (SpClient      *self,
                      SpClientState  state)
{
  set_state (self, state);
}

void
_sp_client_set_error (SpClient     *self,
                      const GError *error)
{
  set_error (self, error);
}

void
_sp_client_adopt_connection (SpClient     *self,
                             SpConnection *connection)
{
  adopt_connection (self, connection);
}

void
_sp_client_notify_step (SpClient *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_CALL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_CALL_KIND]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_WAITING]);
}
