/* sp-socket-calls.c — the one place where GIO operations are written as socket calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GIO hides socket(), bind(), listen() and accept() behind friendlier objects; a learner
 * needs to see the calls the tutorial makes. Each function here logs one such call with
 * its arguments and result in the tutorial's notation, beside a plain sentence.
 */

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-socket-calls.h"

static void
log_with_address (SpEventLog  *log,
                  SpEventKind  kind,
                  guint        connection_id,
                  const char  *call,
                  const char  *message,
                  const char  *address)
{
  _sp_log_with_addresses (log, kind, SP_DIRECTION_NONE, connection_id, call, message,
                          address, NULL);
}

/* Logs an event that names one or both ends of a connection. */
void
_sp_log_with_addresses (SpEventLog  *log,
                        SpEventKind  kind,
                        SpDirection  direction,
                        guint        connection_id,
                        const char  *call,
                        const char  *message,
                        const char  *address,
                        const char  *local_address)
{
  g_autoptr(SpEvent) event = sp_event_new (kind, direction, connection_id, call, message, NULL);

  sp_event_set_address (event, address);
  sp_event_set_local_address (event, local_address);
  sp_event_log_append (log, event);
}

const char *
_sp_socket_family_name (GSocketFamily family)
{
  switch (family)
    {
    case G_SOCKET_FAMILY_IPV4: return "AF_INET";
    case G_SOCKET_FAMILY_IPV6: return "AF_INET6";
    case G_SOCKET_FAMILY_UNIX: return "AF_UNIX";
    case G_SOCKET_FAMILY_INVALID:
    default:                   return "AF_UNSPEC";
    }
}

const char *
_sp_socket_type_name (GSocketType type)
{
  switch (type)
    {
    case G_SOCKET_TYPE_STREAM:    return "SOCK_STREAM";
    case G_SOCKET_TYPE_DATAGRAM:  return "SOCK_DGRAM";
    case G_SOCKET_TYPE_SEQPACKET: return "SOCK_SEQPACKET";
    case G_SOCKET_TYPE_INVALID:
    default:                      return "SOCK_RAW";
    }
}

/* `127.0.0.1:12345`, `[::1]:8080` or a Unix path: how the panes show addresses. */
char *
_sp_format_address (GSocketAddress *address)
{
  if (G_IS_INET_SOCKET_ADDRESS (address))
    {
      GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
      GInetAddress *ip = g_inet_socket_address_get_address (inet);
      g_autofree char *text = g_inet_address_to_string (ip);
      guint port = g_inet_socket_address_get_port (inet);

      if (g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV6)
        return g_strdup_printf ("[%s]:%u", text, port);

      return g_strdup_printf ("%s:%u", text, port);
    }

  if (G_IS_UNIX_SOCKET_ADDRESS (address))
    {
      const char *path = g_unix_socket_address_get_path (G_UNIX_SOCKET_ADDRESS (address));

      /* An unbound Unix client socket has no name at all. */
      return g_strdup (path != NULL && *path != '\0' ? path : _("(unnamed)"));
    }

  return g_strdup (_("(unknown address)"));
}

/**
 * _sp_socket_address_as_seen:
 * @socket: the socket @address belongs to
 * @address: (transfer none): its local or peer address, as GIO reports it
 *
 * GIO turns the IPv4-mapped addresses of an IPv6 socket (::ffff:127.0.0.1) into plain
 * IPv4 ones. The system, Python and the kernel's tables keep the IPv6 form, and seeing it
 * is the lesson of a dual-stack socket, so this gives it back.
 *
 * Returns: (transfer full): @address, or its IPv6 form on an IPv6 socket
 */
GSocketAddress *
_sp_socket_address_as_seen (GSocket        *socket,
                            GSocketAddress *address)
{
  GInetSocketAddress *inet;
  g_autoptr(GInetAddress) mapped = NULL;
  guint8 bytes[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  if (g_socket_get_family (socket) != G_SOCKET_FAMILY_IPV6 ||
      !G_IS_INET_SOCKET_ADDRESS (address) ||
      g_socket_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
    return g_object_ref (address);

  inet = G_INET_SOCKET_ADDRESS (address);
  memcpy (bytes + 12, g_inet_address_to_bytes (g_inet_socket_address_get_address (inet)), 4);
  mapped = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);

  return g_inet_socket_address_new (mapped, g_inet_socket_address_get_port (inet));
}

/* Python's own notation for an address, as the tutorial prints it: `('127.0.0.1', 48437)`. */
char *
_sp_format_python_address (GSocketAddress *address)
{
  if (G_IS_INET_SOCKET_ADDRESS (address))
    {
      GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
      GInetAddress *ip = g_inet_socket_address_get_address (inet);
      g_autofree char *text = g_inet_address_to_string (ip);
      guint port = g_inet_socket_address_get_port (inet);

      if (g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV6)
        return g_strdup_printf ("('%s', %u, %u, %u)", text, port,
                                g_inet_socket_address_get_flowinfo (inet),
                                g_inet_socket_address_get_scope_id (inet));

      return g_strdup_printf ("('%s', %u)", text, port);
    }

  if (G_IS_UNIX_SOCKET_ADDRESS (address))
    return g_strdup_printf ("'%s'", g_unix_socket_address_get_path (G_UNIX_SOCKET_ADDRESS (address)));

  return g_strdup ("None");
}

void
_sp_log_socket (SpEventLog    *log,
                guint          connection_id,
                GSocketFamily  family,
                GSocketType    type)
{
  g_autofree char *call = NULL;
  const char *message;

  call = g_strdup_printf ("socket(%s, %s)", _sp_socket_family_name (family),
                          _sp_socket_type_name (type));

  if (family == G_SOCKET_FAMILY_UNIX)
    message = type == G_SOCKET_TYPE_STREAM
      ? _("Created a Unix stream socket.")
      : _("Created a Unix datagram socket.");
  else if (type == G_SOCKET_TYPE_STREAM)
    message = family == G_SOCKET_FAMILY_IPV6
      ? _("Created a TCP socket for IPv6.")
      : _("Created a TCP socket for IPv4.");
  else
    message = family == G_SOCKET_FAMILY_IPV6
      ? _("Created a UDP socket for IPv6.")
      : _("Created a UDP socket for IPv4.");

  sp_event_log_add (log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, connection_id, NULL,
                    call, message);
}

void
_sp_log_bind (SpEventLog     *log,
              GSocketAddress *requested,
              GSocketAddress *bound)
{
  g_autofree char *python = _sp_format_python_address (requested);
  g_autofree char *where = _sp_format_address (bound);
  g_autofree char *call = g_strdup_printf ("bind(%s)", python);
  g_autofree char *message = NULL;

  if (G_IS_INET_SOCKET_ADDRESS (requested) &&
      g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (requested)) == 0)
    message = g_strdup_printf (_("Bound the socket to %s: port 0 asked the system to choose a free port, and it chose %u."),
                               where, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  else
    message = g_strdup_printf (_("Bound the socket to %s."), where);

  log_with_address (log, SP_EVENT_KIND_BIND, 0, call, message, where);

  /* Privileged ports only bind here with administrator rights; say why it worked. */
  if (G_IS_INET_SOCKET_ADDRESS (bound))
    {
      guint port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

      if (port != 0 && port < 1024)
        {
          g_autofree char *note =
            g_strdup_printf (_("Port %u is below 1024, which is privileged on Linux: this worked only because the program runs with administrator rights."),
                             port);
          sp_event_log_add (log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, NULL, note);
        }
    }
}

void
_sp_log_listen (SpEventLog     *log,
                int             backlog,
                GSocketAddress *bound)
{
  g_autofree char *where = _sp_format_address (bound);
  g_autofree char *call = g_strdup_printf ("listen(%d)", backlog);
  g_autofree char *message =
    g_strdup_printf (_("Listening on %s: clients can connect now, and up to %d can wait to be accepted."),
                     where, backlog);

  log_with_address (log, SP_EVENT_KIND_LISTEN, 0, call, message, where);
}

void
_sp_log_accept (SpEventLog     *log,
                guint           connection_id,
                GSocketAddress *peer,
                GSocketAddress *local)
{
  g_autofree char *python = _sp_format_python_address (peer);
  g_autofree char *where = _sp_format_address (peer);
  g_autofree char *here = local != NULL ? _sp_format_address (local) : NULL;
  g_autofree char *call = g_strdup_printf ("accept() → %s", python);
  g_autofree char *message =
    g_strdup_printf (_("Accepted connection #%u from %s."), connection_id, where);

  _sp_log_with_addresses (log, SP_EVENT_KIND_ACCEPT, SP_DIRECTION_NONE, connection_id,
                          call, message, where, here);
}

void
_sp_log_connect (SpEventLog     *log,
                 guint           connection_id,
                 GSocketAddress *remote,
                 GSocketAddress *local)
{
  g_autofree char *python = _sp_format_python_address (remote);
  g_autofree char *where = _sp_format_address (remote);
  g_autofree char *from = local != NULL ? _sp_format_address (local) : NULL;
  g_autofree char *call = g_strdup_printf ("connect(%s)", python);
  g_autofree char *message = NULL;

  if (from != NULL)
    message = g_strdup_printf (_("Connected to %s; the system gave this side the address %s."),
                               where, from);
  else
    message = g_strdup_printf (_("Connected to %s."), where);

  _sp_log_with_addresses (log, SP_EVENT_KIND_CONNECT, SP_DIRECTION_NONE, connection_id,
                          call, message, where, from);
}

/* A datagram connect() only records the default destination; it sends nothing. */
void
_sp_log_connect_datagram (SpEventLog     *log,
                          guint           connection_id,
                          GSocketAddress *remote,
                          GSocketAddress *local)
{
  g_autofree char *python = _sp_format_python_address (remote);
  g_autofree char *where = _sp_format_address (remote);
  g_autofree char *here = local != NULL ? _sp_format_address (local) : NULL;
  g_autofree char *call = g_strdup_printf ("connect(%s)", python);
  g_autofree char *message =
    g_strdup_printf (_("Set %s as the default destination: with datagrams, connect() sends nothing, and no one answers yet."),
                     where);

  _sp_log_with_addresses (log, SP_EVENT_KIND_CONNECT, SP_DIRECTION_NONE, connection_id, call, message,
                          where, here);
}

/* A connect() that failed, naming the address it tried (@error is a learner's sentence). */
void
_sp_log_connect_failure (SpEventLog     *log,
                         guint           connection_id,
                         GSocketAddress *remote,
                         const GError   *error)
{
  g_autofree char *python = _sp_format_python_address (remote);
  g_autofree char *where = _sp_format_address (remote);
  g_autofree char *call = g_strdup_printf ("connect(%s)", python);
  g_autoptr(SpEvent) event = sp_event_new (SP_EVENT_KIND_ERROR, SP_DIRECTION_NONE, connection_id,
                                           call, error->message, NULL);

  sp_event_set_error (event, error);
  sp_event_set_address (event, where);
  sp_event_log_append (log, event);
}

/* A datagram server's first datagram from a peer: the peer gets a row of its own. */
void
_sp_log_datagram_peer (SpEventLog     *log,
                       guint           connection_id,
                       GSocketAddress *peer,
                       const char     *local_address)
{
  g_autofree char *where = _sp_format_address (peer);
  g_autofree char *message =
    g_strdup_printf (_("A new peer, %s, sent its first datagram: it gets row #%u."),
                     where, connection_id);

  _sp_log_with_addresses (log, SP_EVENT_KIND_INFO, SP_DIRECTION_IN, connection_id, NULL, message,
                          where, local_address);
}

void
_sp_log_resolve (SpEventLog *log,
                 const char *host,
                 GList      *addresses)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *call = g_strdup_printf ("getaddrinfo('%s')", host);
  g_autofree char *message = NULL;

  for (const GList *l = addresses; l != NULL; l = l->next)
    {
      GInetAddress *ip = g_inet_socket_address_get_address (l->data);
      g_autofree char *text = g_inet_address_to_string (ip);

      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, text);
    }

  message = g_strdup_printf (_("The name %s resolved to %s; they are tried in that order."),
                             host, list->str);
  sp_event_log_add (log, SP_EVENT_KIND_RESOLVE, SP_DIRECTION_NONE, 0, NULL, call, message);
}

/* @error is already a learner's sentence (an SP_* error domain). */
void
_sp_log_failure (SpEventLog   *log,
                 guint         connection_id,
                 const char   *call,
                 const GError *error)
{
  sp_event_log_add_error (log, connection_id, call, NULL, error);
}

/* The name of the call an event kind stands for, as the Step button shows it:
 * `accept()`, or `recvfrom()` rather than `recv()` on a datagram socket. */
const char *
_sp_socket_call_name (SpEventKind kind,
                      gboolean    datagram)
{
  switch (kind)
    {
    case SP_EVENT_KIND_RESOLVE:  return "getaddrinfo()";
    case SP_EVENT_KIND_SOCKET:   return "socket()";
    case SP_EVENT_KIND_BIND:     return "bind()";
    case SP_EVENT_KIND_LISTEN:   return "listen()";
    case SP_EVENT_KIND_ACCEPT:   return "accept()";
    case SP_EVENT_KIND_CONNECT:  return "connect()";
    case SP_EVENT_KIND_SEND:     return datagram ? "sendto()" : "send()";
    case SP_EVENT_KIND_RECV:     return datagram ? "recvfrom()" : "recv()";
    case SP_EVENT_KIND_SHUTDOWN: return "shutdown()";
    case SP_EVENT_KIND_CLOSE:    return "close()";
    case SP_EVENT_KIND_INFO:
    case SP_EVENT_KIND_ERROR:
    default:                     return NULL;
    }
}

/* Step mode: a call that would block in a program waits on the main loop instead. */
void
_sp_log_waiting (SpEventLog  *log,
                 guint        connection_id,
                 SpEventKind  kind,
                 gboolean     datagram)
{
  const char *call = _sp_socket_call_name (kind, datagram);
  const char *message;

  if (kind == SP_EVENT_KIND_ACCEPT)
    message = _("accept() waits: no client is waiting in the backlog yet. A program would block here until one connects.");
  else if (kind == SP_EVENT_KIND_RECV && datagram)
    message = _("recvfrom() waits: no datagram has arrived yet. A program would block here until one does.");
  else if (kind == SP_EVENT_KIND_RECV)
    message = _("recv() waits: nothing has arrived yet. A program would block here until the peer sends something or closes.");
  else
    message = _("The call waits for the peer. A program would block here.");

  sp_event_log_add (log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, connection_id, NULL, call, message);
}

/* Step mode: the listening socket became readable before accept() was called. */
void
_sp_log_backlog (SpEventLog *log)
{
  sp_event_log_add (log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, NULL,
                    _("A client has connected and waits in the backlog: the system completed the handshake on its own, and the connection stays there until the server calls accept()."));
}
