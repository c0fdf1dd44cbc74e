/* sp-socket-error.c — what went wrong with a socket, in a sentence a learner understands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GIO's messages are strerror() texts ("Address already in use"); a learner needs to know
 * which port, why, and what to do next. All of that wording lives here, in one place.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "sp-socket-error.h"

G_DEFINE_QUARK (sp-socket-error-quark, sp_socket_error)

/* The convention the app teaches: a privileged port plus 8000 (80 → 8080, 25 → 8025). */
guint16
sp_socket_error_suggest_port (guint16 port)
{
  if (port < 1024)
    return port + 8000;

  return port;
}

static char *
describe_endpoint (SpEndpoint *endpoint)
{
  if (endpoint == NULL)
    return g_strdup (_("this address"));

  return sp_endpoint_format_host_port (endpoint);
}

/**
 * sp_socket_error_from_gio:
 * @gio_error: what GIO reported
 * @op: the call that failed
 * @endpoint: (nullable): the endpoint the call was about
 *
 * Returns: (transfer full): a #SP_SOCKET_ERROR with a translated sentence; a
 *   cancellation stays %G_IO_ERROR_CANCELLED so callers can ignore it.
 */
GError *
sp_socket_error_from_gio (const GError *gio_error,
                          SpSocketOp    op,
                          SpEndpoint   *endpoint)
{
  g_autofree char *where = NULL;
  const char *host = NULL;
  guint port = 0;

  g_return_val_if_fail (gio_error != NULL, NULL);

  if (g_error_matches (gio_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (gio_error);

  where = describe_endpoint (endpoint);
  if (endpoint != NULL && sp_endpoint_is_inet (endpoint))
    {
      port = sp_endpoint_get_port (endpoint);
      host = sp_endpoint_get_host (endpoint);
    }

  if (gio_error->domain == G_IO_ERROR)
    {
      switch (gio_error->code)
        {
        case G_IO_ERROR_ADDRESS_IN_USE:
          if (host == NULL)
            return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_IN_USE,
                                _("%s is already in use by another socket. Remove the file if no program uses it any more, or choose another path."),
                                where);
          return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_IN_USE,
                              _("Port %u is already in use by another program on %s, so this server cannot listen there. Stop that program, choose another port, or let the system pick a free one."),
                              port, host);

        case G_IO_ERROR_PERMISSION_DENIED:
          if (op == SP_SOCKET_OP_BIND && port != 0 && port < 1024)
            return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_PRIVILEGED_PORT,
                                _("Port %u is below 1024: on Linux those ports are privileged and a normal user cannot listen there. Use port %u (the same number plus 8000) or let the system pick a free one."),
                                port, (guint) sp_socket_error_suggest_port (port));
          if (op == SP_SOCKET_OP_BIND && host == NULL && endpoint != NULL)
            {
              g_autofree char *folder = g_path_get_dirname (sp_endpoint_get_path (endpoint));

              return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_PERMISSION_DENIED,
                                  _("This program may not create the socket file %s: the folder %s is not writable for it. Choose a path in a folder of yours, such as /tmp."),
                                  where, folder);
            }
          return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_PERMISSION_DENIED,
                              _("The system did not allow this on %s (permission denied)."), where);

        case G_IO_ERROR_CONNECTION_REFUSED:
          return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED,
                              _("Connection refused: nothing is listening on %s, so the system there answered with a reset. Start a server on that port first."),
                              where);

        case G_IO_ERROR_TIMED_OUT:
          return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_TIMED_OUT,
                              _("No answer from %s before the time limit: the host may be down or a firewall may drop the packets."),
                              where);

        case G_IO_ERROR_HOST_UNREACHABLE:
          return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_HOST_UNREACHABLE,
                              _("The host %s cannot be reached from this machine."), where);

        case G_IO_ERROR_NETWORK_UNREACHABLE:
          return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_NETWORK_UNREACHABLE,
                              _("No network route leads to %s from this machine."), where);

        case G_IO_ERROR_CONNECTION_CLOSED:
          /* GIO gives EPIPE and ECONNRESET the same code; the message still tells them apart. */
          if (g_strrstr (gio_error->message, g_strerror (EPIPE)) != NULL)
            return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_BROKEN_PIPE,
                                _("The peer had already closed the connection, so these bytes could not be delivered (broken pipe)."));
          return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_RESET,
                              _("The peer reset the connection: it closed abruptly, and bytes still in flight were lost."));

        case G_IO_ERROR_NOT_FOUND:
          if (host == NULL && endpoint != NULL)
            {
              g_autofree char *folder = g_path_get_dirname (sp_endpoint_get_path (endpoint));

              if (op == SP_SOCKET_OP_BIND)
                return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_NOT_AVAILABLE,
                                    _("The folder %s does not exist, so the socket file %s cannot be made there."),
                                    folder, where);
              return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED,
                                  _("There is no socket file at %s: start a server there first."), where);
            }
          break;

        case G_IO_ERROR_MESSAGE_TOO_LARGE:
          return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_MESSAGE_TOO_LONG,
                              _("This datagram is too long to send in one piece (a UDP datagram carries at most 65,507 bytes): send less at a time."));

        case G_IO_ERROR_NOT_SUPPORTED:
          return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_UNSUPPORTED,
                              _("This machine does not support that kind of socket (%s)."), gio_error->message);

        default:
          break;
        }
    }

  /* EADDRNOTAVAIL has no GIO code of its own in 2.74. */
  if (op == SP_SOCKET_OP_BIND && g_strrstr (gio_error->message, g_strerror (EADDRNOTAVAIL)) != NULL)
    return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_NOT_AVAILABLE,
                        _("%s is not an address of this machine, so a server cannot listen on it. Use 127.0.0.1 to stay on this machine."),
                        where);

  return g_error_new (SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED,
                      _("The socket call failed on %s: %s."), where, gio_error->message);
}
