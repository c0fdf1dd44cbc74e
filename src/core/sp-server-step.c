/* sp-server-step.c — a server run one socket call per step, for teaching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In step mode each sp_server_step() makes one of the calls of the tutorial's server.py:
 * socket(), bind(), listen(), then accept() and what the behaviour does with that client
 * (send() and close() for the lesson's reply, recv() then send() for an echo …), then
 * accept() again; a datagram server makes socket(), bind(), then recvfrom() and sendto().
 * The socket is made by hand and never blocks, so the kernel's state between two steps
 * is the real one: a client can connect() after listen() and before accept(), and its
 * connection waits in the backlog, which the log says. A call that would block a program
 * (accept() with nobody waiting, recv() with nothing to read) waits on the main loop
 * instead, and the log says that too. Every call is logged by sp-socket-calls.c, as in a
 * normal run, and accepted clients go through the same SpConnection machinery.
 */

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>

#include "sp-connection-private.h"
#include "sp-server-private.h"
#include "sp-socket-calls.h"
#include "sp-socket-error.h"

/* A send() the behaviour asked for, made at its own step. */
typedef struct
{
  SpConnection *connection;
  GBytes       *bytes;
} StepSend;

static void
step_send_free (gpointer data)
{
  StepSend *send = data;

  g_clear_object (&send->connection);
  g_clear_pointer (&send->bytes, g_bytes_unref);
  g_free (send);
}

static gboolean
is_datagram (SpServer *self)
{
  if (self->socket != NULL)
    return g_socket_get_socket_type (self->socket) == G_SOCKET_TYPE_DATAGRAM;

  return !sp_endpoint_is_stream (self->endpoint);
}

/* A name needs getaddrinfo() before socket() knows its family. */
static gboolean
needs_lookup (SpServer *self)
{
  g_autoptr(GSocketAddress) literal = sp_endpoint_get_literal_address (self->endpoint);

  return literal == NULL;
}

static void
set_waiting (SpServer    *self,
             SpEventKind  kind)
{
  self->step_waiting = kind != SP_EVENT_KIND_INFO;
  self->step_waiting_for = kind;
  _sp_server_notify_step (self);
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static GSource *
watch_socket (SpServer          *self,
              GSocket           *socket,
              GSocketSourceFunc  callback)
{
  GSource *source = g_socket_create_source (socket, G_IO_IN, NULL);

  g_source_set_priority (source, SP_IO_PRIORITY);
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) callback, self, NULL);
  g_source_attach (source, NULL);

  return source;
}

/* The step cannot be made: nothing changes. */
static gboolean
refuse (GError     **error,
        const char  *message)
{
  g_set_error_literal (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED, message);
  return FALSE;
}

/* A call failed: the run ends as a failed start does, and the next step starts over. */
static gboolean
fail (SpServer    *self,
      const char  *call,
      GError      *error,
      GError     **out_error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _sp_log_failure (self->log, 0, call, error);

  _sp_server_step_reset (self);
  _sp_server_close_listening_socket (self);
  _sp_server_set_bound_address (self, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _sp_server_set_state (self, SP_SERVER_STATE_STOPPED);
  else
    {
      _sp_server_set_error (self, error);
      _sp_server_set_state (self, SP_SERVER_STATE_FAILED);
    }

  _sp_server_notify_step (self);
  g_propagate_error (out_error, error);

  return FALSE;
}

/* Told once a client waits in the backlog, until the next accept(). */
static gboolean
backlog_ready_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  SpServer *self = user_data;

  g_clear_pointer (&self->backlog_source, g_source_unref);
  _sp_log_backlog (self->log);

  return G_SOURCE_REMOVE;
}

static void
watch_backlog (SpServer *self)
{
  if (self->backlog_source != NULL || self->step_wait_source != NULL || !self->step_listening)
    return;

  self->backlog_source = watch_socket (self, self->socket, backlog_ready_cb);
}

/* socket() ------------------------------------------------------------------------------ */

static gboolean
make_socket (SpServer  *self,
             GError   **error)
{
  g_autoptr(GError) gio_error = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSocketFamily family = g_socket_address_get_family (self->step_address);
  GSocketType type = sp_endpoint_is_stream (self->endpoint) ? G_SOCKET_TYPE_STREAM : G_SOCKET_TYPE_DATAGRAM;

  socket = g_socket_new (family, type, G_SOCKET_PROTOCOL_DEFAULT, &gio_error);
  if (socket == NULL)
    return fail (self, "socket()",
                 sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_SOCKET, self->endpoint), error);

  g_socket_set_blocking (socket, FALSE);
  self->socket = g_steal_pointer (&socket);
  _sp_log_socket (self->log, 0, family, type);
  _sp_server_notify_step (self);

  return TRUE;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SpServer) self = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses;

  addresses = sp_endpoint_resolve_finish (SP_ENDPOINT (object), result, &error);

  /* Stopped meanwhile: stop already said so. */
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

  /* A server binds one address: the first the resolver gives, as in a normal run. */
  g_set_object (&self->step_address, addresses->data);

  if (needs_lookup (self))
    {
      _sp_log_resolve (self->log, sp_endpoint_get_host (self->endpoint), addresses);
      _sp_server_notify_step (self);
    }
  else
    make_socket (self, NULL);

  g_list_free_full (addresses, g_object_unref);
}

/* The first step: the run begins, with getaddrinfo() for a name or socket() at once
 * after the endpoint's own checks (a Unix path naming a folder…), which are asynchronous. */
static gboolean
begin (SpServer  *self,
       GError   **error)
{
  _sp_server_set_error (self, NULL);
  self->stepping = TRUE;
  _sp_server_set_state (self, SP_SERVER_STATE_STARTING);

  self->step_cancellable = g_cancellable_new ();
  set_waiting (self, needs_lookup (self) ? SP_EVENT_KIND_RESOLVE : SP_EVENT_KIND_SOCKET);
  sp_endpoint_resolve_async (self->endpoint, self->step_cancellable, lookup_cb, g_object_ref (self));

  return TRUE;
}

/* bind() and listen() ----------------------------------------------------------------- */

static gboolean
bind_socket (SpServer  *self,
             GError   **error)
{
  g_autoptr(GError) gio_error = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *python = _sp_format_python_address (self->step_address);
  g_autofree char *call = g_strdup_printf ("bind(%s)", python);
  GSocketFamily family = g_socket_address_get_family (self->step_address);

  /* SO_REUSEADDR, as in a normal run. */
  if (!g_socket_bind (self->socket, self->step_address, family != G_SOCKET_FAMILY_UNIX, &gio_error))
    return fail (self, call,
                 sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_BIND, self->endpoint), error);

  if (G_IS_UNIX_SOCKET_ADDRESS (self->step_address))
    self->unlink_path = g_strdup (g_unix_socket_address_get_path (G_UNIX_SOCKET_ADDRESS (self->step_address)));

  self->step_bound = TRUE;
  bound = g_socket_get_local_address (self->socket, NULL);
  _sp_log_bind (self->log, self->step_address, bound != NULL ? bound : self->step_address);
  _sp_server_set_bound_address (self, bound != NULL ? bound : self->step_address);

  if (is_datagram (self))
    {
      if (self->peers == NULL)
        self->peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      sp_event_log_add (self->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, NULL,
                        _("Datagram sockets need no listen() and no accept(): this one now receives datagrams from any peer, each with its sender’s address."));
      _sp_server_set_state (self, SP_SERVER_STATE_LISTENING);
    }

  _sp_server_notify_step (self);

  return TRUE;
}

static gboolean
listen_socket (SpServer  *self,
               GError   **error)
{
  g_autoptr(GError) gio_error = NULL;
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address (self->socket, NULL);

  g_socket_set_listen_backlog (self->socket, self->backlog);
  if (!g_socket_listen (self->socket, &gio_error))
    return fail (self, "listen()",
                 sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_LISTEN, self->endpoint), error);

  self->step_listening = TRUE;
  _sp_log_listen (self->log, self->backlog, bound != NULL ? bound : self->step_address);
  _sp_server_set_state (self, SP_SERVER_STATE_LISTENING);
  watch_backlog (self);
  _sp_server_notify_step (self);

  return TRUE;
}

/* accept() ------------------------------------------------------------------------------ */

static void
serve (SpServer *self,
       GSocket  *accepted)
{
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GSocketAddress) peer = NULL;

  peer = g_socket_get_remote_address (accepted, NULL);
  if (peer == NULL)
    {
      /* The peer is already gone (reset before we accepted), as in a normal run. */
      sp_event_log_add (self->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, "accept()",
                        _("A client connected and vanished before it could be accepted."));
      return;
    }

  self->n_accepted++;
  stream = g_socket_connection_factory_create_connection (accepted);
  connection = _sp_connection_new (stream, self->n_accepted, self->log);
  /* As the system reports it: an IPv4 peer of a dual-stack socket is ::ffff:a.b.c.d. */
  _sp_log_accept (self->log, self->n_accepted,
                  sp_connection_get_peer_socket_address (connection) != NULL
                    ? sp_connection_get_peer_socket_address (connection) : peer,
                  sp_connection_get_local_socket_address (connection));

  /* Each recv() and the close() wait for their own step. */
  _sp_connection_set_manual_reads (connection, TRUE);
  sp_connection_set_close_on_eof (connection, FALSE);

  g_set_object (&self->step_connection, connection);
  g_set_object (&self->step_connection_socket, accepted);
  self->step_close_pending = FALSE;
  _sp_server_adopt_connection (self, connection);

  if (self->behaviour == SP_BEHAVIOUR_REPLY && sp_connection_is_open (connection))
    {
      _sp_server_send_reply (self, connection);
      self->step_close_pending = self->close_after_reply;
    }
}

/* Returns whether accept() returned (a client, or an error it logged). */
static gboolean
try_accept (SpServer  *self,
            GError   **error)
{
  g_autoptr(GError) gio_error = NULL;
  g_autoptr(GSocket) accepted = NULL;

  accepted = g_socket_accept (self->socket, NULL, &gio_error);
  if (accepted == NULL)
    {
      g_autoptr(GError) sentence = NULL;

      if (g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return FALSE;

      sentence = sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_LISTEN, self->endpoint);
      _sp_log_failure (self->log, 0, "accept()", sentence);
      g_propagate_error (error, g_steal_pointer (&sentence));
      return TRUE;
    }

  serve (self, accepted);

  return TRUE;
}

/* recvfrom() on a datagram socket ----------------------------------------------------- */

static gboolean
try_recvfrom (SpServer  *self,
              GError   **error)
{
  return _sp_server_receive_datagrams (self, 1) > 0;
}

/* accept() or recvfrom() found nobody: they wait here for a peer. */
static gboolean
peer_ready_cb (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  SpServer *self = user_data;
  g_autoptr(SpServer) hold G_GNUC_UNUSED = g_object_ref (self);
  gboolean done;

  if (self->step_waiting_for == SP_EVENT_KIND_ACCEPT)
    done = try_accept (self, NULL);
  else
    done = try_recvfrom (self, NULL);

  /* Woken without a peer after all: go on waiting. */
  if (!done)
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&self->step_wait_source, g_source_unref);
  set_waiting (self, SP_EVENT_KIND_INFO);
  watch_backlog (self);

  return G_SOURCE_REMOVE;
}

static gboolean
wait_for_peer (SpServer     *self,
               SpEventKind   kind,
               gboolean    (*try_call) (SpServer *, GError **),
               GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (try_call (self, &local_error))
    {
      watch_backlog (self);
      _sp_server_notify_step (self);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  _sp_log_waiting (self->log, 0, kind, is_datagram (self));
  self->step_wait_source = watch_socket (self, self->socket, peer_ready_cb);
  set_waiting (self, kind);

  return TRUE;
}

/* recv(), send() and close() with the accepted client --------------------------------- */

static void
recv_done_cb (SpConnection *connection,
              gpointer      user_data)
{
  SpServer *self = user_data;

  if (connection == self->step_connection &&
      sp_connection_get_state (connection) == SP_CONNECTION_STATE_HALF_CLOSED_REMOTE)
    self->step_close_pending = TRUE;

  set_waiting (self, SP_EVENT_KIND_INFO);
}

static gboolean
recv_from_client (SpServer  *self,
                  GError   **error)
{
  SpConnection *connection = self->step_connection;
  GIOCondition ready;

  ready = g_socket_condition_check (self->step_connection_socket, G_IO_IN | G_IO_HUP | G_IO_ERR);
  if (ready == 0)
    _sp_log_waiting (self->log, sp_connection_get_id (connection), SP_EVENT_KIND_RECV, FALSE);

  set_waiting (self, SP_EVENT_KIND_RECV);
  _sp_connection_read_once (connection, recv_done_cb, self);

  return TRUE;
}

static gboolean
send_next (SpServer  *self,
           GError   **error)
{
  StepSend *send = g_queue_pop_head (&self->step_sends);
  g_autoptr(GError) local_error = NULL;
  gboolean sent;

  sent = sp_connection_send (send->connection, send->bytes, &local_error);
  if (!sent)
    sp_event_log_add_error (self->log, sp_connection_get_id (send->connection), NULL, NULL, local_error);

  step_send_free (send);
  _sp_server_notify_step (self);

  if (!sent)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
close_client (SpServer  *self,
              GError   **error)
{
  g_autoptr(SpConnection) connection = g_steal_pointer (&self->step_connection);

  g_clear_object (&self->step_connection_socket);
  self->step_close_pending = FALSE;

  /* What the last send() queued goes out first, as c.send() then c.close() does. */
  sp_connection_close_after_sending (connection);
  watch_backlog (self);
  _sp_server_notify_step (self);

  return TRUE;
}

/* Shared with sp-server.c ------------------------------------------------------------ */

/* In a stepped run, what the behaviour sends waits for a step of its own. */
gboolean
_sp_server_step_queue_send (SpServer     *self,
                            SpConnection *connection,
                            GBytes       *bytes)
{
  StepSend *send;

  if (!self->stepping)
    return FALSE;

  send = g_new0 (StepSend, 1);
  send->connection = g_object_ref (connection);
  send->bytes = g_bytes_ref (bytes);
  g_queue_push_tail (&self->step_sends, send);
  _sp_server_notify_step (self);

  return TRUE;
}

/* A connection closed by itself (the peer reset it, the server stopped): no step
 * serves it any more. */
void
_sp_server_step_forget (SpServer     *self,
                        SpConnection *connection)
{
  GList *l = self->step_sends.head;
  gboolean changed = FALSE;

  while (l != NULL)
    {
      GList *next = l->next;
      StepSend *send = l->data;

      if (send->connection == connection)
        {
          step_send_free (send);
          g_queue_delete_link (&self->step_sends, l);
          changed = TRUE;
        }
      l = next;
    }

  if (connection == self->step_connection)
    {
      g_clear_object (&self->step_connection);
      g_clear_object (&self->step_connection_socket);
      self->step_close_pending = FALSE;
      if (self->step_waiting && self->step_waiting_for == SP_EVENT_KIND_RECV)
        set_waiting (self, SP_EVENT_KIND_INFO);
      watch_backlog (self);
      changed = TRUE;
    }

  if (changed)
    _sp_server_notify_step (self);
}

/* Forgets the stepped run; the sockets themselves are closed by the caller. */
void
_sp_server_step_reset (SpServer *self)
{
  if (self->step_cancellable != NULL)
    g_cancellable_cancel (self->step_cancellable);
  g_clear_object (&self->step_cancellable);

  clear_source (&self->step_wait_source);
  clear_source (&self->backlog_source);
  g_queue_clear_full (&self->step_sends, step_send_free);
  g_clear_object (&self->step_address);
  g_clear_object (&self->step_connection);
  g_clear_object (&self->step_connection_socket);

  self->stepping = FALSE;
  self->step_waiting = FALSE;
  self->step_waiting_for = SP_EVENT_KIND_INFO;
  self->step_bound = FALSE;
  self->step_listening = FALSE;
  self->step_close_pending = FALSE;
}

/* Reset or failed: it closes by itself, and a new client can be accepted. */
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
SpEventKind
_sp_server_step_next_kind (SpServer *self)
{
  if (self->step_waiting)
    return self->step_waiting_for;

  if (!self->stepping)
    {
      if (!self->step_mode || self->state == SP_SERVER_STATE_STARTING ||
          self->state == SP_SERVER_STATE_LISTENING || self->endpoint == NULL)
        return SP_EVENT_KIND_INFO;

      return needs_lookup (self) ? SP_EVENT_KIND_RESOLVE : SP_EVENT_KIND_SOCKET;
    }

  if (self->socket == NULL)
    return SP_EVENT_KIND_SOCKET;
  if (!self->step_bound)
    return SP_EVENT_KIND_BIND;
  if (!is_datagram (self) && !self->step_listening)
    return SP_EVENT_KIND_LISTEN;
  if (!g_queue_is_empty (&self->step_sends))
    return SP_EVENT_KIND_SEND;
  if (is_datagram (self))
    return SP_EVENT_KIND_RECV;
  if (self->step_connection == NULL || connection_is_gone (self->step_connection))
    return SP_EVENT_KIND_ACCEPT;
  if (self->step_close_pending)
    return SP_EVENT_KIND_CLOSE;

  return SP_EVENT_KIND_RECV;
}

/* Public API ----------------------------------------------------------------------------- */

/**
 * sp_server_get_next_call_kind:
 *
 * Returns: what the next sp_server_step() does, see #SpServer:next-call-kind
 */
SpEventKind
sp_server_get_next_call_kind (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), SP_EVENT_KIND_INFO);

  return _sp_server_step_next_kind (self);
}

/**
 * sp_server_get_next_call:
 *
 * Returns: (nullable): the next call as the tutorial writes it, such as `accept()`,
 *   or %NULL when there is nothing to step
 */
const char *
sp_server_get_next_call (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), NULL);

  return _sp_socket_call_name (_sp_server_step_next_kind (self), is_datagram (self));
}

gboolean
sp_server_get_step_waiting (SpServer *self)
{
  g_return_val_if_fail (SP_IS_SERVER (self), FALSE);

  return self->step_waiting;
}

/**
 * sp_server_step:
 * @error: the call's failure: %SP_SOCKET_ERROR_ADDRESS_IN_USE from bind() and the
 *   like, as sp_server_start_async() gives them; %SP_SOCKET_ERROR_FAILED when no step
 *   can be made now (step mode is off, the server runs normally, the last step still
 *   waits)
 *
 * Makes the next socket call, #SpServer:next-call, and logs it. A call that must wait
 * for a peer returns at once and waits on the main loop (#SpServer:step-waiting); a
 * failure that comes later (a name that does not resolve) reaches the log, the state
 * and #SpServer:error-message, as in a normal run.
 *
 * Returns: whether the call was made or is waiting
 */
gboolean
sp_server_step (SpServer  *self,
                GError   **error)
{
  g_return_val_if_fail (SP_IS_SERVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->step_waiting)
    return refuse (error, _("The last call still waits: it returns once the peer acts. To give up, stop the server."));

  if (!self->stepping)
    {
      if (self->state == SP_SERVER_STATE_STARTING || self->state == SP_SERVER_STATE_LISTENING)
        return refuse (error, _("The server is already running: stop it first."));
      if (!self->step_mode)
        return refuse (error, _("Step mode is off: turn it on to make one socket call at a time."));

      return begin (self, error);
    }

  switch (_sp_server_step_next_kind (self))
    {
    case SP_EVENT_KIND_SOCKET:
      return make_socket (self, error);
    case SP_EVENT_KIND_BIND:
      return bind_socket (self, error);
    case SP_EVENT_KIND_LISTEN:
      return listen_socket (self, error);
    case SP_EVENT_KIND_ACCEPT:
      clear_source (&self->backlog_source);
      return wait_for_peer (self, SP_EVENT_KIND_ACCEPT, try_accept, error);
    case SP_EVENT_KIND_SEND:
      return send_next (self, error);
    case SP_EVENT_KIND_CLOSE:
      return close_client (self, error);
    case SP_EVENT_KIND_RECV:
      if (is_datagram (self))
        return wait_for_peer (self, SP_EVENT_KIND_RECV, try_recvfrom, error);
      return recv_from_client (self, error);
    case SP_EVENT_KIND_INFO:
    case SP_EVENT_KIND_RESOLVE:
    case SP_EVENT_KIND_CONNECT:
    case SP_EVENT_KIND_SHUTDOWN:
    case SP_EVENT_KIND_ERROR:
    default:
      break;
    }

  g_return_val_if_reached (FALSE);
}
