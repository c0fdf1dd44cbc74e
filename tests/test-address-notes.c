/* test-address-notes.c — the address family, socket type and the notes learners need, on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sp-client-private.h"
#include "sp-core.h"
#include "sp-test-util.h"

static SpServer *
start_server (const char *text)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (endpoint);
  server = sp_server_new (endpoint);
  sp_server_set_behaviour (server, SP_BEHAVIOUR_MANUAL);
  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the server to start");
  g_assert_true (sp_server_start_finish (server, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&server);
}

static guint16
server_port (SpServer *server)
{
  return sp_endpoint_get_port (sp_server_get_bound_endpoint (server));
}

/* Connects and returns the connection, or NULL with @error set. */
static SpConnection *
try_connect (SpClient  *client,
             GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sp_client_connect_async (client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the connect to end");
  return sp_client_connect_finish (client, result, error);
}

/* tcp://HOST:PORT */
static SpClient *
client_for (const char *host,
            guint16     port)
{
  g_autofree char *text = g_strdup_printf ("tcp://%s:%u", host, port);
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, NULL);

  g_assert_nonnull (endpoint);
  return sp_client_new (endpoint);
}

/* Prints the notes (so a failure shows them) and asserts one of them is @wanted. */
static void
assert_has_note (GPtrArray  *notes,
                 const char *wanted)
{
  for (guint i = 0; i < notes->len; i++)
    g_test_message ("note %u: %s", i, (const char *) g_ptr_array_index (notes, i));

  for (guint i = 0; i < notes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (notes, i), wanted) == 0)
      return;

  g_test_message ("wanted: %s", wanted);
  g_assert_not_reached ();
}

static gboolean
has_note_starting (GPtrArray  *notes,
                   const char *prefix)
{
  for (guint i = 0; i < notes->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (notes, i), prefix))
      return TRUE;

  return FALSE;
}

static void
assert_line (char       *line,
             char       *meaning,
             const char *wanted)
{
  g_autofree char *owned_line = line;
  g_autofree char *owned_meaning = meaning;

  g_test_message ("%s — %s", line, meaning);
  g_assert_cmpstr (line, ==, wanted);
  g_assert_nonnull (meaning);
  g_assert_cmpstr (meaning, !=, "");
}

static void
assert_client_line (SpClient   *client,
                    const char *wanted)
{
  char *meaning = NULL;
  char *line = sp_address_notes_socket_line_for_client (client, &meaning);

  assert_line (line, meaning, wanted);
}

static void
assert_server_line (SpServer   *server,
                    const char *wanted)
{
  char *meaning = NULL;
  char *line = sp_address_notes_socket_line_for_server (server, &meaning);

  assert_line (line, meaning, wanted);
}

static gboolean
localhost_gives_v6_then_v4 (SpClient *client)
{
  GPtrArray *resolved = _sp_client_get_resolved (client);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (resolved->len != 2)
    return FALSE;

  first = g_inet_address_to_string (g_inet_socket_address_get_address (g_ptr_array_index (resolved, 0)));
  second = g_inet_address_to_string (g_inet_socket_address_get_address (g_ptr_array_index (resolved, 1)));
  return g_str_equal (first, "::1") && g_str_equal (second, "127.0.0.1");
}

/* (a) A server on 127.0.0.1 only, a client to localhost: ::1 first, refused, then
 * 127.0.0.1 answers. GLib itself resolves "localhost" to ::1 then 127.0.0.1. */
static void
test_localhost_ipv4_server (void)
{
  g_autoptr(SpServer) server = start_server ("tcp://127.0.0.1:0");
  g_autoptr(SpClient) client = client_for ("localhost", server_port (server));
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = NULL;

  notes = sp_address_notes_for_client (client);
  g_assert_cmpuint (notes->len, ==, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);
  assert_client_line (client, "AF_INET / AF_INET6 · SOCK_STREAM");

  connection = try_connect (client, &error);
  g_assert_no_error (error);

  notes = sp_address_notes_for_client (client);
  if (!localhost_gives_v6_then_v4 (client))
    {
      g_assert_true (has_note_starting (notes, "“localhost” resolved to"));
      g_test_skip ("localhost does not resolve to ::1 then 127.0.0.1 here");
      return;
    }

  assert_has_note (notes, "“localhost” resolved to several addresses: ::1, 127.0.0.1. The client tries them in that order, one connect() each, until one answers.");
  if (sp_test_have_ipv6 ())
    {
      assert_has_note (notes, "::1 was tried first and refused: no server listens on that address and port. Then 127.0.0.1 answered.");
      refused = g_strdup_printf ("Nothing accepted connections on [::1]:%u. A server bound to 127.0.0.1 is reached only through 127.0.0.1: through ::1 or another address of this machine, connect() is refused, even on the same port.",
                                 server_port (server));
      assert_has_note (notes, refused);
    }
  else
    g_assert_true (has_note_starting (notes, "::1 was tried first and failed ("));

  /* The connection is IPv4: the family follows the address that answered. */
  assert_client_line (client, "AF_INET · SOCK_STREAM");

  sp_client_disconnect (client);
  sp_server_stop (server);
}

/* (a) A server on ::1 only: ::1 is tried first and answers; 127.0.0.1 is never tried. */
static void
test_localhost_ipv6_server (void)
{
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  if (!sp_test_have_ipv6 ())
    {
      g_test_skip ("IPv6 is not available");
      return;
    }

  server = start_server ("tcp://[::1]:0");
  client = client_for ("localhost", server_port (server));
  connection = try_connect (client, &error);
  g_assert_no_error (error);

  notes = sp_address_notes_for_client (client);
  if (!localhost_gives_v6_then_v4 (client))
    {
      g_test_skip ("localhost does not resolve to ::1 then 127.0.0.1 here");
      return;
    }
  assert_has_note (notes, "::1 was tried first and answered, so the other addresses were not tried.");
  g_assert_cmpuint (_sp_client_get_attempts (client)->len, ==, 1);
  assert_client_line (client, "AF_INET6 · SOCK_STREAM");

  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = sp_address_notes_for_server (server);
  assert_has_note (notes, "On ::1, this server is reached only through that exact address. A client connecting to 127.0.0.1 or to this machine’s network address is refused, even on the same port.");

  sp_client_disconnect (client);
  sp_server_stop (server);
}

static gboolean
has_connection (gpointer data)
{
  return g_list_model_get_n_items (sp_server_get_connections (data)) > 0;
}

/* (b) An IPv4 client of a server bound to [::] is seen as ::ffff:127.0.0.1. */
static void
test_dual_stack (void)
{
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(SpConnection) accepted = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mapped = NULL;

  if (!sp_test_have_ipv6 ())
    {
      g_test_skip ("IPv6 is not available");
      return;
    }

  server = start_server ("tcp://[::]:0");
  client = client_for ("127.0.0.1", server_port (server));
  connection = try_connect (client, &error);
  g_assert_no_error (error);
  sp_test_wait_until (has_connection, server, "the server to accept");

  accepted = g_list_model_get_item (sp_server_get_connections (server), 0);
  g_test_message ("peer: %s", sp_connection_get_peer_address (accepted));
  g_assert_true (g_str_has_prefix (sp_connection_get_peer_address (accepted), "[::ffff:127.0.0.1]:"));

  notes = sp_address_notes_for_server (server);
  assert_has_note (notes, "On [::], this server listens on every IPv6 address and, as a dual-stack socket, on every IPv4 address too: an IPv4 client appears as ::ffff: followed by its IPv4 address, for example ::ffff:127.0.0.1.");
  mapped = g_strdup_printf ("Connection #%u comes from ::ffff:127.0.0.1: that is the IPv4 client 127.0.0.1, seen through this dual-stack IPv6 socket.",
                            sp_connection_get_id (accepted));
  assert_has_note (notes, mapped);

  assert_server_line (server, "AF_INET6 · SOCK_STREAM");
  assert_client_line (client, "AF_INET · SOCK_STREAM");

  sp_client_disconnect (client);
  sp_server_stop (server);
}

/* (c) A server bound to 127.0.0.1 is not reached through ::1, even on its port. */
static void
test_loopback_only (void)
{
  g_autoptr(SpServer) server = start_server ("tcp://127.0.0.1:0");
  g_autoptr(SpClient) client = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_note = NULL;
  g_autofree char *client_note = NULL;

  notes = sp_address_notes_for_server (server);
  server_note = g_strdup ("On 127.0.0.1, this server is reached only through that exact address. A client connecting to ::1 (which “localhost” may give first) or to this machine’s network address is refused, even on the same port.");
  assert_has_note (notes, server_note);
  assert_server_line (server, "AF_INET · SOCK_STREAM");

  if (!sp_test_have_ipv6 ())
    {
      g_test_skip ("IPv6 is not available");
      return;
    }

  client = client_for ("[::1]", server_port (server));
  connection = try_connect (client, &error);
  g_assert_null (connection);
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED);

  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = sp_address_notes_for_client (client);
  client_note = g_strdup_printf ("Nothing accepted connections on [::1]:%u. A server bound to 127.0.0.1 is reached only through 127.0.0.1: through ::1 or another address of this machine, connect() is refused, even on the same port.",
                                 server_port (server));
  assert_has_note (notes, client_note);
  assert_client_line (client, "AF_INET6 · SOCK_STREAM");

  sp_server_stop (server);
}

/* Before anything runs, the endpoint alone gives the family and type. */
static void
test_lines_from_endpoints (void)
{
  struct { const char *text; const char *line; } clients[] = {
    { "tcp://localhost:80", "AF_INET / AF_INET6 · SOCK_STREAM" },
    { "tcp://127.0.0.1:80", "AF_INET · SOCK_STREAM" },
    { "tcp://[::1]:80", "AF_INET6 · SOCK_STREAM" },
    { "udp://127.0.0.1:9", "AF_INET · SOCK_DGRAM" },
    { "udp://[::1]:9", "AF_INET6 · SOCK_DGRAM" },
    { "unix:/tmp/sp-notes.sock", "AF_UNIX · SOCK_STREAM" },
    { "unix-dgram:/tmp/sp-notes.sock", "AF_UNIX · SOCK_DGRAM" },
  };
  g_autoptr(SpEndpoint) unix_endpoint = sp_endpoint_parse ("unix:/tmp/sp-notes.sock", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) unix_server = sp_server_new (unix_endpoint);
  g_autoptr(SpEndpoint) udp_endpoint = sp_endpoint_parse ("udp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) udp_server = sp_server_new (udp_endpoint);
  g_autoptr(GPtrArray) notes = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (clients[i].text, SP_ENDPOINT_ROLE_CLIENT, NULL);
      g_autoptr(SpClient) client = sp_client_new (endpoint);

      assert_client_line (client, clients[i].line);
    }

  assert_server_line (unix_server, "AF_UNIX · SOCK_STREAM");
  notes = sp_address_notes_for_server (unix_server);
  assert_has_note (notes, "A Unix socket is named by a file, /tmp/sp-notes.sock: only programs on this machine reach it, through that path, never through a network address.");
  g_clear_pointer (&notes, g_ptr_array_unref);

  notes = sp_address_notes_for_server (udp_server);
  assert_has_note (notes, "On 127.0.0.1, this server receives only the datagrams sent to that exact address: datagrams sent to another address of this machine never reach it, even on the same port.");
  /* The meaning is optional. */
  g_free (sp_address_notes_socket_line_for_server (udp_server, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/address-notes/localhost/ipv4-server", test_localhost_ipv4_server);
  g_test_add_func ("/address-notes/localhost/ipv6-server", test_localhost_ipv6_server);
  g_test_add_func ("/address-notes/dual-stack", test_dual_stack);
  g_test_add_func ("/address-notes/loopback-only", test_loopback_only);
  g_test_add_func ("/address-notes/lines", test_lines_from_endpoints);

  return g_test_run ();
}
