/* test-errors.c — the failures a learner meets first, each a typed error and a sentence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs with privileged-port-preload.so, so bind() below 1024 fails as it does for a
 * normal user even when the suite runs as root.
 */

#include "config.h"

#include <dlfcn.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

static SpServer *
server_on (const char *text)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);

  g_assert_nonnull (endpoint);
  return sp_server_new (endpoint);
}

static gboolean
start_server (SpServer  *server,
              GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the server to start or fail");
  return sp_server_start_finish (server, result, error);
}

static SpConnection *
connect_client (SpClient  *client,
                GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sp_client_connect_async (client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the client to connect or fail");
  return sp_client_connect_finish (client, result, error);
}

static void
assert_last_event_is_error (SpEventLog   *log,
                            const GError *error)
{
  SpEvent *last = sp_event_log_get_last (log);

  g_assert_nonnull (last);
  g_assert_cmpint (sp_event_get_kind (last), ==, SP_EVENT_KIND_ERROR);
  g_assert_cmpstr (sp_event_get_message (last), ==, error->message);
  /* The log keeps the error's identity, not just its words. */
  g_assert_true (sp_event_get_error_domain (last) == error->domain);
  g_assert_cmpint (sp_event_get_error_code (last), ==, error->code);
}

static void
test_port_in_use (void)
{
  guint16 port;
  g_autoptr(GSocket) holder = sp_test_bind_loopback (TRUE, &port);
  g_autofree char *text = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  g_autofree char *port_text = g_strdup_printf ("Port %u ", port);
  g_autoptr(SpServer) server = server_on (text);
  g_autoptr(SpEndpoint) any_port = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (start_server (server, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_IN_USE);
  g_assert_true (g_str_has_prefix (error->message, port_text));
  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_FAILED);
  g_assert_cmpstr (sp_server_get_error (server)->message, ==, error->message);
  assert_last_event_is_error (sp_server_get_log (server), error);
  g_assert_true (g_str_has_prefix (sp_event_get_call (sp_event_log_get_last (sp_server_get_log (server))),
                                  "bind(('127.0.0.1', "));

  /* The way out the pane offers: port 0, and the system picks a free port. */
  any_port = sp_endpoint_with_port (sp_server_get_endpoint (server), 0);
  sp_server_set_endpoint (server, any_port);
  g_clear_error (&error);
  g_assert_true (start_server (server, &error));
  g_assert_no_error (error);
  g_assert_null (sp_server_get_error (server));
  g_assert_cmpuint (sp_endpoint_get_port (sp_server_get_bound_endpoint (server)), !=, 0);
  g_assert_cmpuint (sp_endpoint_get_port (sp_server_get_bound_endpoint (server)), !=, port);

  sp_server_stop (server);
}

static void
test_privileged_port (void)
{
  g_autoptr(SpServer) server = server_on ("tcp://127.0.0.1:80");
  g_autoptr(GError) error = NULL;

  /* Without the shim this test could bind a real privileged port: refuse to run blind. */
  g_assert_nonnull (dlsym (RTLD_DEFAULT, "sp_privileged_preload_active"));

  g_assert_false (start_server (server, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_PRIVILEGED_PORT);
  g_assert_nonnull (strstr (error->message, "1024"));
  g_assert_nonnull (strstr (error->message, "8080"));
  g_assert_cmpuint (sp_socket_error_suggest_port (80), ==, 8080);
  g_assert_cmpuint (sp_socket_error_suggest_port (25), ==, 8025);
  g_assert_cmpuint (sp_socket_error_suggest_port (12345), ==, 12345);
  assert_last_event_is_error (sp_server_get_log (server), error);
}

static void
test_connection_refused (void)
{
  guint16 port;
  g_autoptr(GSocket) bound_only = sp_test_bind_loopback (FALSE, &port);
  g_autofree char *text = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  g_autofree char *where = g_strdup_printf ("127.0.0.1:%u", port);
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, NULL);
  g_autoptr(SpClient) client = sp_client_new (endpoint);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpConnection) connection = NULL;

  connection = connect_client (client, &error);
  g_assert_null (connection);
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (error->message, where));
  g_assert_cmpint (sp_client_get_state (client), ==, SP_CLIENT_STATE_FAILED);
  assert_last_event_is_error (sp_client_get_log (client), error);
  /* The failed connect() names the address it tried, as a successful one does. */
  g_assert_cmpstr (sp_event_get_address (sp_event_log_get_last (sp_client_get_log (client))), ==, where);
  g_assert_cmpuint (sp_client_get_n_connections (client), ==, 0);
}

static void
test_already_running (void)
{
  g_autoptr(SpServer) server = server_on ("tcp://127.0.0.1:0");
  g_autoptr(GError) error = NULL;

  g_assert_true (start_server (server, &error));
  g_assert_false (start_server (server, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED);
  /* The running server is untouched by the refused second start. */
  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_LISTENING);
  sp_server_stop (server);
}

static void
test_stop_while_starting (void)
{
  g_autoptr(SpServer) server = server_on ("tcp://localhost:0");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A name needs a lookup, so the start is still pending when stop() comes. */
  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_STARTING);
  sp_server_stop (server);
  sp_test_wait_for_result (&result, "the cancelled start");
  g_assert_false (sp_server_start_finish (server, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_STOPPED);
  g_assert_null (sp_server_get_error (server));
}

static gboolean
connection_finished (gpointer data)
{
  return sp_connection_get_end_time (data) != 0;
}

static void
test_unix_stream (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sp-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lesson.sock", NULL);
  g_autofree char *text = g_strconcat ("unix:", path, NULL);
  g_autoptr(SpServer) server = server_on (text);
  g_autoptr(SpEndpoint) target = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, NULL);
  g_autoptr(SpClient) client = sp_client_new (target);
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  sp_server_set_reply_text (server, "Thank you for connecting");
  g_assert_true (start_server (server, &error));
  g_assert_no_error (error);

  connection = connect_client (client, &error);
  g_assert_no_error (error);
  sp_test_wait_until (connection_finished, connection, "the greeting over a Unix socket");
  g_assert_cmpuint (sp_client_get_bytes_received (client), ==, 24);

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  sp_server_stop (server);
  /* The server removes the socket file it created. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_connect_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autofree char *text = NULL;
  guint16 port;

  /* A listener that never accepts, with a backlog of one: once its queue is full, Linux
   * drops further SYNs, and a connect() waits until its time limit. */
  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_socket_bind (listener, any_port, FALSE, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (listener, 1);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  /* Fill the queue (backlog + 1 on Linux), bounded. */
  for (guint i = 0; i < 4; i++)
    {
      GSocket *filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL);

      g_socket_set_blocking (filler, FALSE);
      g_socket_connect (filler, bound, NULL, NULL);
      g_ptr_array_add (fillers, filler);
    }

  text = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, NULL);
  client = sp_client_new (endpoint);
  sp_client_set_timeout (client, 1);

  connection = connect_client (client, &error);
  g_assert_null (connection);
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_TIMED_OUT);
  g_assert_cmpint (sp_client_get_state (client), ==, SP_CLIENT_STATE_FAILED);
  assert_last_event_is_error (sp_client_get_log (client), error);

  /* Let GSocketClient finish tidying up its attempt. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_unix_missing_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sp-missing-XXXXXX", NULL);
  g_autofree char *text = g_strconcat ("unix:", dir, "/not-here/lesson.sock", NULL);
  g_autoptr(SpServer) server = server_on (text);
  g_autoptr(SpEndpoint) target = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, NULL);
  g_autoptr(SpClient) client = sp_client_new (target);
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  /* Nobody listens there: the client is told there is no socket file. */
  connection = connect_client (client, &error);
  g_assert_null (connection);
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (error->message, "no socket file"));
  g_clear_error (&error);

  /* And a server cannot make its file in a folder that does not exist. */
  g_assert_false (start_server (server, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_NOT_AVAILABLE);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/errors/port-in-use", test_port_in_use);
  g_test_add_func ("/errors/privileged-port", test_privileged_port);
  g_test_add_func ("/errors/connection-refused", test_connection_refused);
  g_test_add_func ("/errors/already-running", test_already_running);
  g_test_add_func ("/errors/stop-while-starting", test_stop_while_starting);
  g_test_add_func ("/errors/unix-stream", test_unix_stream);
  g_test_add_func ("/errors/connect-timeout", test_connect_timeout);
  g_test_add_func ("/errors/unix-missing-folder", test_unix_missing_folder);

  return g_test_run ();
}
