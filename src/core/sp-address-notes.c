/* sp-address-notes.c — what a pane's addresses mean, and what learners trip over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three surprises come back in every class: "localhost" is two addresses (::1 and
 * 127.0.0.1) and the client tries them in turn; an IPv4 client of a dual-stack IPv6
 * server shows up as ::ffff:127.0.0.1; a server bound to 127.0.0.1 is not reached through
 * ::1 or the machine's other addresses, even on the same port. The notes are written from
 * what really happened (the client's resolution and attempts, the server's bound socket
 * and its peers), as sentences a pane shows under its address family and socket type.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sp-address-notes.h"
#include "sp-client-private.h"
#include "sp-server-private.h"
#include "sp-socket-calls.h"
#include "sp-socket-error.h"

/* The family from an endpoint alone: known for a Unix path or an address, not for a name. */
static GSocketFamily
endpoint_family (SpEndpoint *endpoint)
{
  g_autoptr(GInetAddress) address = NULL;

  if (!sp_endpoint_is_inet (endpoint))
    return G_SOCKET_FAMILY_UNIX;

  address = g_inet_address_new_from_string (sp_endpoint_get_host (endpoint));
  return address != NULL ? g_inet_address_get_family (address) : G_SOCKET_FAMILY_INVALID;
}

static char *
socket_line (GSocketFamily   family,
             gboolean        stream,
             char          **meaning)
{
  const char *type_name = _sp_socket_type_name (stream ? G_SOCKET_TYPE_STREAM : G_SOCKET_TYPE_DATAGRAM);
  const char *family_name;
  const char *text;

  switch (family)
    {
    case G_SOCKET_FAMILY_IPV4:
      family_name = _sp_socket_family_name (family);
      text = stream ? _("IPv4 and TCP: a connection that carries a stream of bytes.")
                    : _("IPv4 and UDP: separate datagrams, without a connection.");
      break;
    case G_SOCKET_FAMILY_IPV6:
      family_name = _sp_socket_family_name (family);
      text = stream ? _("IPv6 and TCP: a connection that carries a stream of bytes.")
                    : _("IPv6 and UDP: separate datagrams, without a connection.");
      break;
    case G_SOCKET_FAMILY_UNIX:
      family_name = _sp_socket_family_name (family);
      text = stream ? _("A Unix socket, named by a file on this machine, that carries a stream of bytes.")
                    : _("A Unix socket, named by a file on this machine, that carries separate datagrams.");
      break;
    case G_SOCKET_FAMILY_INVALID:
    default:
      /* A name: the family is the one of the address it resolves to. */
      family_name = "AF_INET / AF_INET6";
      text = stream ? _("TCP, over IPv4 or IPv6: the family is the one of the address the name resolves to.")
                    : _("UDP, over IPv4 or IPv6: the family is the one of the address the name resolves to.");
      break;
    }

  if (meaning != NULL)
    *meaning = g_strdup (text);

  return g_strdup_printf ("%s · %s", family_name, type_name);
}

static GInetAddress *
inet_address_of (GSocketAddress *address)
{
  return G_IS_INET_SOCKET_ADDRESS (address)
    ? g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)) : NULL;
}

static char *
ip_text (GSocketAddress *address)
{
  GInetAddress *ip = inet_address_of (address);

  return ip != NULL ? g_inet_address_to_string (ip) : _sp_format_address (address);
}

/* ::ffff:a.b.c.d: an IPv4 address as a dual-stack IPv6 socket reports it. */
static gboolean
is_v4_mapped (GInetAddress *ip)
{
  static const guint8 prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  return ip != NULL && g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV6 &&
         memcmp (g_inet_address_to_bytes (ip), prefix, sizeof prefix) == 0;
}

static char *
v4_of_mapped (GInetAddress *ip)
{
  const guint8 *bytes = g_inet_address_to_bytes (ip);

  return g_strdup_printf ("%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);
}

/* Client ------------------------------------------------------------------------------- */

/**
 * sp_address_notes_socket_line_for_client:
 * @meaning: (out) (optional): a sentence saying what the family and type mean
 *
 * Returns: the client's address family and socket type as the tutorial names them,
 *   such as `AF_INET · SOCK_STREAM`: the connection's once it exists, else what its
 *   endpoint says (`AF_INET / AF_INET6` for a name not yet resolved)
 */
char *
sp_address_notes_socket_line_for_client (SpClient  *client,
                                         char     **meaning)
{
  SpEndpoint *endpoint;
  SpConnection *connection;
  GPtrArray *attempts;
  GSocketFamily family;

  g_return_val_if_fail (SP_IS_CLIENT (client), NULL);

  endpoint = sp_client_get_endpoint (client);
  connection = sp_client_get_connection (client);
  attempts = _sp_client_get_attempts (client);

  if (connection != NULL && sp_connection_get_local_socket_address (connection) != NULL)
    family = g_socket_address_get_family (sp_connection_get_local_socket_address (connection));
  else if (attempts->len > 0)
    family = g_socket_address_get_family (((SpConnectAttempt *) g_ptr_array_index (attempts, attempts->len - 1))->address);
  else
    family = endpoint_family (endpoint);

  return socket_line (family, sp_endpoint_is_stream (endpoint), meaning);
}

static char *
join_addresses (GPtrArray *addresses)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < addresses->len; i++)
    {
      g_autofree char *text = ip_text (g_ptr_array_index (addresses, i));

      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, text);
    }

  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
is_refusal (const GError *error)
{
  return g_error_matches (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED);
}

/* (a) Which addresses the name gave, which was tried first, which answered. */
static void
add_resolution_notes (SpClient  *client,
                      GPtrArray *notes)
{
  const char *name = _sp_client_get_resolved_name (client);
  GPtrArray *resolved = _sp_client_get_resolved (client);
  GPtrArray *attempts = _sp_client_get_attempts (client);
  g_autofree char *list = NULL;
  SpConnectAttempt *first;
  g_autofree char *first_text = NULL;

  if (name == NULL || resolved->len == 0)
    return;

  list = join_addresses (resolved);

  if (resolved->len == 1)
    {
      if (g_ascii_strcasecmp (name, "localhost") == 0)
        g_ptr_array_add (notes, g_strdup_printf (_("“%s” resolved to one address only, %s. On many systems it gives both ::1 and 127.0.0.1, and the one tried first decides which server answers."),
                                                 name, list));
      else
        g_ptr_array_add (notes, g_strdup_printf (_("“%s” resolved to %s."), name, list));
    }
  else
    /* Translators: the first %s is a host name, the second a list of two or more addresses */
    g_ptr_array_add (notes, g_strdup_printf (_("“%s” resolved to several addresses: %s. The client tries them in that order, one connect() each, until one answers."),
                                             name, list));

  if (attempts->len == 0)
    return;

  first = g_ptr_array_index (attempts, 0);
  first_text = ip_text (first->address);

  if (first->error == NULL)
    {
      if (resolved->len > 1)
        g_ptr_array_add (notes, g_strdup_printf (_("%s was tried first and answered, so the other addresses were not tried."),
                                                 first_text));
      return;
    }

  for (guint i = 1; i < attempts->len; i++)
    {
      SpConnectAttempt *attempt = g_ptr_array_index (attempts, i);
      g_autofree char *text = NULL;

      if (attempt->error != NULL)
        continue;

      text = ip_text (attempt->address);
      if (is_refusal (first->error))
        g_ptr_array_add (notes, g_strdup_printf (_("%s was tried first and refused: no server listens on that address and port. Then %s answered."),
                                                 first_text, text));
      else
        g_ptr_array_add (notes, g_strdup_printf (_("%s was tried first and failed (%s). Then %s answered."),
                                                 first_text, first->error->message, text));
      return;
    }

  if (attempts->len == resolved->len)
    g_ptr_array_add (notes, g_strdup (_("Each address was tried in turn, and none answered.")));
}

/* (c) A refusal on this machine is often a server bound to another of its addresses. */
static void
add_refusal_note (SpClient  *client,
                  GPtrArray *notes)
{
  GPtrArray *attempts = _sp_client_get_attempts (client);

  for (guint i = 0; i < attempts->len; i++)
    {
      SpConnectAttempt *attempt = g_ptr_array_index (attempts, i);
      GInetAddress *ip = inet_address_of (attempt->address);
      g_autofree char *where = NULL;

      if (ip == NULL || !is_refusal (attempt->error))
        continue;

      where = _sp_format_address (attempt->address);
      if (g_inet_address_get_is_loopback (ip) && g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV6)
        g_ptr_array_add (notes, g_strdup_printf (_("Nothing accepted connections on %s. A server bound to 127.0.0.1 is reached only through 127.0.0.1: through ::1 or another address of this machine, connect() is refused, even on the same port."),
                                                 where));
      else if (g_inet_address_get_is_loopback (ip))
        g_ptr_array_add (notes, g_strdup_printf (_("Nothing accepted connections on %s. A server bound to ::1 or to one network address is reached only through that address: through 127.0.0.1, connect() is refused, even on the same port."),
                                                 where));
      else
        g_ptr_array_add (notes, g_strdup_printf (_("Nothing accepted connections on %s. If the server runs on this machine bound to 127.0.0.1 or ::1, it is reached only through that address: through the machine’s network address, connect() is refused, even on the same port."),
                                                 where));
      return;
    }
}

/**
 * sp_address_notes_for_client:
 *
 * Returns: (transfer full) (element-type utf8): sentences about the client's last
 *   connect: what the name resolved to, which address was tried first and which
 *   answered, why an address on this machine refused; empty before any connect
 */
GPtrArray *
sp_address_notes_for_client (SpClient *client)
{
  GPtrArray *notes;

  g_return_val_if_fail (SP_IS_CLIENT (client), NULL);

  notes = g_ptr_array_new_with_free_func (g_free);
  add_resolution_notes (client, notes);
  add_refusal_note (client, notes);

  return notes;
}

/* Server ------------------------------------------------------------------------------- */

/* Where the server listens: the socket's own address once it exists, else the endpoint's. */
static GSocketAddress *
server_address (SpServer *server)
{
  GSocket *listener = _sp_server_get_listening_socket (server);
  SpEndpoint *endpoint = sp_server_get_endpoint (server);
  g_autoptr(GInetAddress) ip = NULL;

  if (listener != NULL && !g_socket_is_closed (listener))
    return g_socket_get_local_address (listener, NULL);

  if (!sp_endpoint_is_inet (endpoint) ||
      (ip = g_inet_address_new_from_string (sp_endpoint_get_host (endpoint))) == NULL)
    return NULL;

  return g_inet_socket_address_new (ip, sp_endpoint_get_port (endpoint));
}

/**
 * sp_address_notes_socket_line_for_server:
 * @meaning: (out) (optional): a sentence saying what the family and type mean
 *
 * Returns: the listening socket's address family and socket type, such as
 *   `AF_INET6 · SOCK_STREAM`
 */
char *
sp_address_notes_socket_line_for_server (SpServer  *server,
                                         char     **meaning)
{
  g_autoptr(GSocketAddress) address = NULL;
  SpEndpoint *endpoint;
  GSocketFamily family;

  g_return_val_if_fail (SP_IS_SERVER (server), NULL);

  endpoint = sp_server_get_endpoint (server);
  address = server_address (server);
  family = address != NULL ? g_socket_address_get_family (address) : endpoint_family (endpoint);

  return socket_line (family, sp_endpoint_is_stream (endpoint), meaning);
}

/* (b) An IPv4 peer of a dual-stack socket: the first one among the open connections. */
static void
add_mapped_peer_note (SpServer  *server,
                      GPtrArray *notes)
{
  GListModel *connections = sp_server_get_connections (server);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr(SpConnection) connection = g_list_model_get_item (connections, i);
      GSocketAddress *peer = sp_connection_get_peer_socket_address (connection);
      GInetAddress *ip = inet_address_of (peer);
      g_autofree char *text = NULL;
      g_autofree char *v4 = NULL;

      if (!is_v4_mapped (ip))
        continue;

      text = g_inet_address_to_string (ip);
      v4 = v4_of_mapped (ip);
      g_ptr_array_add (notes, g_strdup_printf (_("Connection #%u comes from %s: that is the IPv4 client %s, seen through this dual-stack IPv6 socket."),
                                               sp_connection_get_id (connection), text, v4));
      return;
    }
}

/**
 * sp_address_notes_for_server:
 *
 * Returns: (transfer full) (element-type utf8): sentences about where the server can be
 *   reached: a name gives one address, a loopback address is reached only through
 *   itself, [::] takes IPv4 clients as ::ffff:a.b.c.d, a Unix socket is a file
 */
GPtrArray *
sp_address_notes_for_server (SpServer *server)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *text = NULL;
  GPtrArray *notes;
  SpEndpoint *endpoint;
  GInetAddress *ip;
  gboolean stream;

  g_return_val_if_fail (SP_IS_SERVER (server), NULL);

  notes = g_ptr_array_new_with_free_func (g_free);
  endpoint = sp_server_get_endpoint (server);
  stream = sp_endpoint_is_stream (endpoint);

  if (!sp_endpoint_is_inet (endpoint))
    {
      g_ptr_array_add (notes, g_strdup_printf (_("A Unix socket is named by a file, %s: only programs on this machine reach it, through that path, never through a network address."),
                                               sp_endpoint_get_path (endpoint)));
      return notes;
    }

  address = server_address (server);
  ip = inet_address_of (address);
  if (ip == NULL)
    return notes;
  text = g_inet_address_to_string (ip);

  /* A name: the server took the first address it resolved to, and only that one. */
  if (!g_hostname_is_ip_address (sp_endpoint_get_host (endpoint)))
    g_ptr_array_add (notes, g_strdup_printf (_("A server listens on one address: the name “%s” gave %s first, so this server is reached through %s only."),
                                             sp_endpoint_get_host (endpoint), text, text));

  if (!stream)
    {
      if (!g_inet_address_get_is_any (ip))
        g_ptr_array_add (notes, g_strdup_printf (_("On %s, this server receives only the datagrams sent to that exact address: datagrams sent to another address of this machine never reach it, even on the same port."),
                                                 text));
    }
  else if (g_inet_address_get_is_any (ip) && g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV6)
    g_ptr_array_add (notes, g_strdup (_("On [::], this server listens on every IPv6 address and, as a dual-stack socket, on every IPv4 address too: an IPv4 client appears as ::ffff: followed by its IPv4 address, for example ::ffff:127.0.0.1.")));
  else if (g_inet_address_get_is_any (ip))
    g_ptr_array_add (notes, g_strdup (_("On 0.0.0.0, this server listens on every IPv4 address of the machine (127.0.0.1 and its network addresses) but not on IPv6: a client connecting to ::1 is refused.")));
  else if (g_inet_address_get_is_loopback (ip) && g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV4)
    g_ptr_array_add (notes, g_strdup_printf (_("On %s, this server is reached only through that exact address. A client connecting to ::1 (which “localhost” may give first) or to this machine’s network address is refused, even on the same port."),
                                             text));
  else if (g_inet_address_get_is_loopback (ip))
    g_ptr_array_add (notes, g_strdup (_("On ::1, this server is reached only through that exact address. A client connecting to 127.0.0.1 or to this machine’s network address is refused, even on the same port.")));
  else
    g_ptr_array_add (notes, g_strdup_printf (_("On %s, this server is reached only through that address: through 127.0.0.1, ::1 or the machine’s other addresses, connect() is refused."),
                                             text));

  if (stream)
    add_mapped_peer_note (server, notes);

  return notes;
}

/**
 * sp_address_notes_socket_line_for_endpoint:
 * @meaning: (out) (optional): a sentence saying what the family and type mean
 *
 * The same line for an endpoint as typed, before any socket exists (a name counts as
 * IPv4 until it resolves).
 *
 * Returns: the address family and socket type, such as `AF_UNIX · SOCK_DGRAM`
 */
char *
sp_address_notes_socket_line_for_endpoint (SpEndpoint  *endpoint,
                                           char       **meaning)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);

  return socket_line (endpoint_family (endpoint), sp_endpoint_is_stream (endpoint), meaning);
}
