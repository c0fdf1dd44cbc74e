/* sp-client-step.c — a client run one socket call per step, for teaching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In step mode each sp_client_step() makes one of the calls of the tutorial's client.py:
 * socket(), connect(), then send() if the client has step data, recv() once, and
 * close(). The socket is made by hand and never blocks: connect() returns at once and
 * completes on the main loop, so its result is the kernel's own (it completes against
 * a server that has called listen() but not yet accept()). recv() with nothing to read
 * waits on the main loop, and the log says so. Every call is logged by sp-socket-calls.c
 * as in a normal run, and the connected socket goes through the same SpConnection.
 */

#include "config.h"

#include <errno.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>

#include "sp-client-private.h"
#include "sp-connection-private.h"
#include "sp-socket-calls.h"
#include "sp-socket-error.h"

static gboolean
is_datagram (SpClient *self)
{
  if (self->connection != NULL && self->state == SP_CLIENT_STATE_CONNECTED)
    return sp_connection_is_datagram (self->connection);

  return !sp_endpoint_is_stream (self->endpoint);
}

/* A name needs getaddrinfo() before socket() knows its family. */
static gboolean
needs_lookup (SpClient *self)
{
  g_autoptr(GSocketAddress) literal = sp_endpoint_get_literal_address (self->endpoint);

  return literal == NULL;
}

static guint
next_id (SpClient *self)
{
  return self->n_connections + 1;
}

static void
set_waiting (SpClient    *self,
             SpEventKind  kind)
{
  self->step_waiting = kind != SP_EVENT_KIND_INFO;
  self->step_waiting_for = kind;
  _sp_client_notify_step (self);
}

static gboolean
refuse (GError     **error,
        const char  *message)
{
  g_set_error_literal (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED, message);
  return FALSE;
}

static void
stop_waiting_for_connect (SpClient *self)
{
  if (self->step_wait_source != NULL)
    {
      g_source_destroy (self->step_wait_source);
      g_clear_pointer (&self->step_wait_source, g_source_unref);
    }
  g_clear_handle_id (&self->step_timeout_id, g_source_remove);
}

/* The run ends as a failed connect does; the next step starts over. @tried is the
 * address a failed connect() tried, which its event names. */
static gboolean
fail_at (SpClient       *self,
         const char     *call,
         GSocketAddress *tried,
         GError         *error,
         GError        **out_error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (tried != NULL)
    _sp_log_connect_failure (self->log, next_id (self), tried, error);
  else
    _sp_log_failure (self->log, next_id (self), call, error);

  _sp_client_step_reset (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _sp_client_set_state (self, SP_CLIENT_STATE_DISCONNECTED);
  else
    {
      _sp_client_set_error (self, error);
      _sp_client_set_state (self, SP_CLIENT_STATE_FAILED);
    }

  _sp_client_notify_step (self);
  g_propagate_error (out_error, error);

  return FALSE;
}

static gboolean
fail (SpClient    *self,
      const char  *call,
      GError      *error,
      GError     **out_error)
{
  return fail_at (self, call, NULL, error, out_error);
}

/* socket() ------------------------------------------------------------------------------ */

static gboolean
make_socket (SpClient  *self,
             GError   **error)
{
  GSocketAddress *address = self->step_next->data;
  GSocketFamily family = g_socket_address_get_family (address);
  GSocketType type = sp_endpoint_is_stream (self->endpoint) ? G_SOCKET_TYPE_STREAM : G_SOCKET_TYPE_DATAGRAM;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) gio_error = NULL;

  socket = g_socket_new (family, type, G_SOCKET_PROTOCOL_DEFAULT, &gio_error);
  if (socket == NULL)
    return fail (self, "socket()",
                 sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_SOCKET, self->endpoint), error);

  g_socket_set_blocking (socket, FALSE);
  _sp_log_socket (self->log, next_id (self), family, type);

  /* A Unix datagram client needs a name for replies to reach it, as in a normal run. */
  if (family == G_SOCKET_FAMILY_UNIX && type == G_SOCKET_TYPE_DATAGRAM)
    {
      g_autoptr(GSocketAddress) anonymous =
        g_unix_socket_address_new_with_type ("", 0, G_UNIX_SOCKET_ADDRESS_ANONYMOUS);

      if (!g_socket_bind (socket, anonymous, FALSE, &gio_error))
        return fail (self, "bind()",
                     sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_BIND, self->endpoint), error);
    }

  self->step_socket = g_steal_pointer (&socket);
  _sp_client_set_state (self, SP_CLIENT_STATE_CONNECTING);
  _sp_client_notify_step (self);

  return TRUE;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SpClient) self = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses;

  addresses = sp_endpoint_resolve_finish (SP_ENDPOINT (object), result, &error);

  /* Disconnected meanwhile: nothing more to say. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->stepping)
    {
      g_list_free_full (addresses, g_object_unref);
      return;
    }

  g_clear_object (&self->step_cancellable);
  set_waiting (self, SP_EVENT_KIND_INFO);

  if (addresses == NULL)
    {
      fail (self, "getaddrinfo()", g_steal_pointer (&error), NULL);
      return;
    }

  self->step_addresses = addresses;
  self->step_next = addresses;

  if (needs_lookup (self))
    {
      _sp_client_record_resolution (self, sp_endpoint_get_host (self->endpoint), addresses);
      _sp_log_resolve (self->log, sp_endpoint_get_host (self->endpoint), addresses);
      _sp_client_notify_step (self);
    }
  else
    make_socket (self, NULL);
}

/* The first step: getaddrinfo() for a name, or socket() once the endpoint's own
 * checks are done (they are asynchronous). */
static gboolean
begin (SpClient  *self,
       GError   **error)
{
  _sp_client_set_error (self, NULL);
  _sp_client_begin_attempts (self);
  self->stepping = TRUE;
  _sp_client_set_state (self, needs_lookup (self) ? SP_CLIENT_STATE_RESOLVING : SP_CLIENT_STATE_CONNECTING);

  self->step_cancellable = g_cancellable_new ();
  set_waiting (self, needs_lookup (self) ? SP_EVENT_KIND_RESOLVE : SP_EVENT_KIND_SOCKET);
  sp_endpoint_resolve_async (self->endpoint, self->step_cancellable, lookup_cb, g_object_ref (self));

  return TRUE;
}

/* connect() ----------------------------------------------------------------------------- */

static char *
connect_call (GSocketAddress *address)
{
  g_autofree char *python = _sp_format_python_address (address);

  return g_strdup_printf ("connect(%s)", python);
}

/* The connection is made: it goes through SpConnection as in a normal run, but each
 * recv() and the close() wait for their own step. */
static void
connected (SpClient *self)
{
  GSocketAddress *address = self->step_next->data;
  g_autoptr(GSocket) socket = g_steal_pointer (&self->step_socket);
  g_autoptr(SpConnection) connection = NULL;
  guint id = next_id (self);

  _sp_client_record_attempt (self, address, NULL);
  if (g_socket_get_socket_type (socket) == G_SOCKET_TYPE_DATAGRAM)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);

      _sp_log_connect_datagram (self->log, id, address, local);
      connection = _sp_connection_new_datagram (socket, address, TRUE, id, self->log);
    }
  else
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
      g_autoptr(GSocketConnection) stream = g_socket_connection_factory_create_connection (socket);

      _sp_log_connect (self->log, id, address, local);
      connection = _sp_connection_new (stream, id, self->log);
    }

  _sp_connection_set_manual_reads (connection, TRUE);
  sp_connection_set_close_on_eof (connection, FALSE);
  g_set_object (&self->step_io_socket, socket);
  self->step_sent = FALSE;
  self->step_received = FALSE;

  _sp_client_adopt_connection (self, connection);
  _sp_client_notify_step (self);
}

/* connect() failed for this address: the next one, if any, gets a new socket. */
static gboolean
connect_failed (SpClient      *self,
                const GError  *gio_error,
                GError       **error)
{
  GSocketAddress *address = self->step_next->data;
  g_autoptr(SpEndpoint) tried = NULL;
  g_autofree char *call = connect_call (address);
  GError *sentence;

  stop_waiting_for_connect (self);

  /* Name the address really tried, which may differ from the typed name. */
  if (G_IS_INET_SOCKET_ADDRESS (address))
    {
      GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
      g_autofree char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (inet));

      tried = sp_endpoint_new_inet (SP_TRANSPORT_TCP, ip, g_inet_socket_address_get_port (inet));
    }

  sentence = sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_CONNECT,
                                       tried != NULL ? tried : self->endpoint);
  _sp_client_record_attempt (self, address, sentence);

  if (self->step_next->next == NULL)
    return fail_at (self, call, address, sentence, error);

  _sp_log_connect_failure (self->log, next_id (self), address, sentence);
  g_socket_close (self->step_socket, NULL);
  g_clear_object (&self->step_socket);
  self->step_next = self->step_next->next;

  {
    g_autofree char *where = _sp_format_address (self->step_next->data);
    g_autofree char *message =
      g_strdup_printf (_("The name has another address, %s: the next step tries it with a new socket."),
                       where);

    sp_event_log_add (self->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, next_id (self), NULL,
                      NULL, message);
  }

  set_waiting (self, SP_EVENT_KIND_INFO);
  g_propagate_error (error, sentence);

  return FALSE;
}

static gboolean
connect_ready_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  SpClient *self = user_data;
  g_autoptr(SpClient) hold G_GNUC_UNUSED = g_object_ref (self);
  g_autoptr(GError) gio_error = NULL;

  g_clear_pointer (&self->step_wait_source, g_source_unref);
  g_clear_handle_id (&self->step_timeout_id, g_source_remove);

  if (!g_socket_check_connect_result (socket, &gio_error))
    {
      connect_failed (self, gio_error, NULL);
      return G_SOURCE_REMOVE;
    }

  set_waiting (self, SP_EVENT_KIND_INFO);
  connected (self);

  return G_SOURCE_REMOVE;
}

static gboolean
connect_timed_out_cb (gpointer user_data)
{
  SpClient *self = user_data;
  g_autoptr(SpClient) hold G_GNUC_UNUSED = g_object_ref (self);
  g_autoptr(GError) gio_error = NULL;

  self->step_timeout_id = 0;
  g_set_error_literal (&gio_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, g_strerror (ETIMEDOUT));
  connect_failed (self, gio_error, NULL);

  return G_SOURCE_REMOVE;
}

static gboolean
connect_socket (SpClient  *self,
                GError   **error)
{
  GSocketAddress *address = self->step_next->data;
  g_autoptr(GError) gio_error = NULL;

  _sp_client_set_attempt_state (self, SP_SOCKET_STATE_CONNECTING);
  if (g_socket_connect (self->step_socket, address, NULL, &gio_error))
    {
      connected (self);
      return TRUE;
    }

  if (!g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_PENDING))
    return connect_failed (self, gio_error, error);

  /* The handshake runs in the kernel; the socket is writable once it is over. */
  self->step_wait_source = g_socket_create_source (self->step_socket, G_IO_OUT, NULL);
  g_source_set_priority (self->step_wait_source, SP_IO_PRIORITY);
  g_source_set_callback (self->step_wait_source, (GSourceFunc) (void (*) (void)) connect_ready_cb,
                         self, NULL);
  g_source_attach (self->step_wait_source, NULL);
  if (self->timeout > 0)
    self->step_timeout_id = g_timeout_add_seconds (self->timeout, connect_timed_out_cb, self);
  set_waiting (self, SP_EVENT_KIND_CONNECT);

  return TRUE;
}

/* send(), recv() and close() ------------------------------------------------------------ */

static gboolean
send_data (SpClient  *self,
           GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  self->step_sent = TRUE;
  if (!sp_connection_send (self->connection, self->step_data, &local_error))
    {
      sp_event_log_add_error (self->log, sp_connection_get_id (self->connection), NULL, NULL, local_error);
      _sp_client_notify_step (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->step_received = FALSE;
  _sp_client_notify_step (self);

  return TRUE;
}

static void
recv_done_cb (SpConnection *connection,
              gpointer      user_data)
{
  SpClient *self = user_data;

  if (connection == self->connection)
    self->step_received = TRUE;

  set_waiting (self, SP_EVENT_KIND_INFO);
}

static gboolean
recv_data (SpClient  *self,
           GError   **error)
{
  GIOCondition ready;

  ready = g_socket_condition_check (self->step_io_socket, G_IO_IN | G_IO_HUP | G_IO_ERR);
  if (ready == 0)
    _sp_log_waiting (self->log, sp_connection_get_id (self->connection), SP_EVENT_KIND_RECV,
                     sp_connection_is_datagram (self->connection));

  set_waiting (self, SP_EVENT_KIND_RECV);
  _sp_connection_read_once (self->connection, recv_done_cb, self);

  return TRUE;
}

static gboolean
close_connection (SpClient  *self,
                  GError   **error)
{
  /* The run is over; "closed" then brings the client back to disconnected. */
  _sp_client_step_reset (self);
  sp_connection_close (self->connection);
  _sp_client_notify_step (self);

  return TRUE;
}

/* Shared with sp-client.c ----------------------------------------------------------- */

/* Forgets the stepped run, closing a socket that has not connected. */
void
_sp_client_step_reset (SpClient *self)
{
  if (self->step_cancellable != NULL)
    g_cancellable_cancel (self->step_cancellable);
  g_clear_object (&self->step_cancellable);

  stop_waiting_for_connect (self);

  if (self->step_socket != NULL)
    g_socket_close (self->step_socket, NULL);
  g_clear_object (&self->step_socket);
  g_clear_object (&self->step_io_socket);
  g_list_free_full (g_steal_pointer (&self->step_addresses), g_object_unref);
  self->step_next = NULL;

  self->stepping = FALSE;
  self->step_waiting = FALSE;
  self->step_waiting_for = SP_EVENT_KIND_INFO;
  self->step_sent = FALSE;
  self->step_received = FALSE;
}

/* sp_client_disconnect() in a stepped run that has not connected yet. Returns whether
 * it did all there was to do. */
gboolean
_sp_client_step_disconnect (SpClient *self)
{
  gboolean had_socket;

  if (!self->stepping)
    return FALSE;

  if (self->connection != NULL && self->state == SP_CLIENT_STATE_CONNECTED)
    {
      /* Connected: the usual close, whose "closed" ends the run. */
      _sp_client_step_reset (self);
      return FALSE;
    }

  had_socket = self->step_socket != NULL;
  _sp_client_step_reset (self);
  if (had_socket)
    sp_event_log_add (self->log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, next_id (self), NULL,
                      "close()", _("Closed the socket before it was connected."));
  _sp_client_set_state (self, SP_CLIENT_STATE_DISCONNECTED);
  _sp_client_notify_step (self);

  return TRUE;
}

/* A send() made outside the steps (the Send button) asks for a recv() again. */
void
_sp_client_step_sent (SpClient *self)
{
  if (!self->stepping)
    return;

  self->step_received = FALSE;
  _sp_client_notify_step (self);
}

/* Reset or failed: the connection closes by itself. */
static gboolean
connection_is_gone (SpConnection *connection)
{
  switch (sp_connection_get_state (connection))
    {
    case SP_CONNECTION_STATE_CLOSED:
    case SP_CONNECTION_STATE_RESET:
    case SP_CONNECTION_STATE_ERROR:
      return TRUE;
    case SP_CONNECTION_STATE_CONNECTING:
    case SP_CONNECTION_STATE_CONNECTED:
    case SP_CONNECTION_STATE_HALF_CLOSED_LOCAL:
    case SP_CONNECTION_STATE_HALF_CLOSED_REMOTE:
    default:
      return FALSE;
    }
}

/* The one place that decides what the next step does. */
static SpEventKind
next_kind (SpClient *self)
{
  if (self->step_waiting)
    return self->step_waiting_for;

  if (!self->stepping)
    {
      if (!self->step_mode || self->endpoint == NULL ||
          (self->state != SP_CLIENT_STATE_DISCONNECTED && self->state != SP_CLIENT_STATE_FAILED))
        return SP_EVENT_KIND_INFO;

      return needs_lookup (self) ? SP_EVENT_KIND_RESOLVE : SP_EVENT_KIND_SOCKET;
    }

  if (self->connection != NULL && self->state == SP_CLIENT_STATE_CONNECTED)
    {
      SpConnection *connection = self->connection;
      SpConnectionState state = sp_connection_get_state (connection);

      if (connection_is_gone (connection))
        return SP_EVENT_KIND_INFO;
      if (self->step_data != NULL && !self->step_sent && sp_connection_is_open (connection))
        return SP_EVENT_KIND_SEND;
      if (!self->step_received && state != SP_CONNECTION_STATE_HALF_CLOSED_REMOTE)
        return SP_EVENT_KIND_RECV;

      return SP_EVENT_KIND_CLOSE;
    }

  if (self->step_socket == NULL)
    return SP_EVENT_KIND_SOCKET;

  return SP_EVENT_KIND_CONNECT;
}

/* Public API ----------------------------------------------------------------------------- */

/**
 * sp_client_get_next_call_kind:
 *
 * Returns: what the next sp_client_step() does, see #SpClient:next-call-kind
 */
SpEventKind
sp_client_get_next_call_kind (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), SP_EVENT_KIND_INFO);

  return next_kind (self);
}

/**
 * sp_client_get_next_call:
 *
 * Returns: (nullable): the next call as the tutorial writes it, such as `connect()`,
 *   or %NULL when there is nothing to step
 */
const char *
sp_client_get_next_call (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), NULL);

  return _sp_socket_call_name (next_kind (self), is_datagram (self));
}

gboolean
sp_client_get_step_waiting (SpClient *self)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), FALSE);

  return self->step_waiting;
}

/**
 * sp_client_step:
 * @error: the call's failure: %SP_SOCKET_ERROR_CONNECTION_REFUSED from connect() and
 *   the like, as sp_client_connect_async() gives them; %SP_SOCKET_ERROR_FAILED when no
 *   step can be made now (step mode is off, the client runs normally, the last step
 *   still waits)
 *
 * Makes the next socket call, #SpClient:next-call, and logs it. connect() and a recv()
 * with nothing to read return at once and complete on the main loop
 * (#SpClient:step-waiting); a failure that comes then reaches the log, the state and
 * #SpClient:error-message, as in a normal run.
 *
 * Returns: whether the call was made or is waiting
 */
gboolean
sp_client_step (SpClient  *self,
                GError   **error)
{
  g_return_val_if_fail (SP_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->step_waiting)
    return refuse (error, _("The last call still waits: it returns once the peer acts. To give up, disconnect."));

  if (!self->stepping)
    {
      if (self->state != SP_CLIENT_STATE_DISCONNECTED && self->state != SP_CLIENT_STATE_FAILED)
        return refuse (error, _("This client is already connected or connecting: disconnect first."));
      if (!self->step_mode)
        return refuse (error, _("Step mode is off: turn it on to make one socket call at a time."));

      return begin (self, error);
    }

  switch (next_kind (self))
    {
    case SP_EVENT_KIND_SOCKET:
      return make_socket (self, error);
    case SP_EVENT_KIND_CONNECT:
      return connect_socket (self, error);
    case SP_EVENT_KIND_SEND:
      return send_data (self, error);
    case SP_EVENT_KIND_RECV:
      return recv_data (self, error);
    case SP_EVENT_KIND_CLOSE:
      return close_connection (self, error);
    case SP_EVENT_KIND_INFO:
      return refuse (error, _("The connection is closing: there is no call left to make."));
    case SP_EVENT_KIND_RESOLVE:
    case SP_EVENT_KIND_BIND:
    case SP_EVENT_KIND_LISTEN:
    case SP_EVENT_KIND_ACCEPT:
    case SP_EVENT_KIND_SHUTDOWN:
    case SP_EVENT_KIND_ERROR:
    default:
      break;
    }

  g_return_val_if_reached (FALSE);
}
