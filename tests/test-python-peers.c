/* test-python-peers.c — the tutorial's own programs, in Python 3, against the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the app shows must be what real sockets do: python3 runs client.py against a
 * server made by the engine, and server.py against a client made by the engine.
 */

#include "config.h"

#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

static char *
peer_script (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "peers", name, NULL);
}

static gboolean
connection_finished (gpointer data)
{
  return sp_connection_get_end_time (data) != 0;
}

static gboolean
no_open_connection (gpointer data)
{
  return g_list_model_get_n_items (sp_server_get_connections (data)) == 0;
}

static void
test_python_client (void)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) server = sp_server_new (endpoint);
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) finished = NULL;
  g_autoptr(GSubprocess) python = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = peer_script ("client.py");
  g_autofree char *port = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  sp_server_set_reply_text (server, "Thank you for connecting");
  sp_server_start_async (server, NULL, sp_test_store_result, &started);
  sp_test_wait_for_result (&started, "the server to start");
  g_assert_true (sp_server_start_finish (server, started, &error));
  port = g_strdup_printf ("%u", sp_endpoint_get_port (sp_server_get_bound_endpoint (server)));

  python = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             "python3", script, "127.0.0.1", port, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (python, NULL, NULL, sp_test_store_result, &finished);
  sp_test_wait_for_result (&finished, "python3 client.py to finish");
  g_assert_true (g_subprocess_communicate_utf8_finish (python, finished, &out, &err, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (err, ==, "");
  g_assert_cmpstr (out, ==, "Thank you for connecting\n");
  g_assert_true (g_subprocess_get_if_exited (python));
  g_assert_cmpint (g_subprocess_get_exit_status (python), ==, 0);

  sp_test_wait_until (no_open_connection, server, "the server to close its side");
  g_assert_cmpuint (sp_server_get_n_accepted (server), ==, 1);
  g_assert_cmpuint (sp_server_get_bytes_sent (server), ==, 24);

  sp_server_stop (server);
}

static void
test_python_server (void)
{
  g_autoptr(GSubprocess) python = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GAsyncResult) line_result = NULL;
  g_autoptr(GAsyncResult) second_result = NULL;
  g_autoptr(GAsyncResult) exit_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autofree char *script = peer_script ("server.py");
  g_autofree char *port_line = NULL;
  g_autofree char *got_line = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  const char *local;

  python = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             "python3", script, "127.0.0.1", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (python));

  /* The server prints the port the system chose once it listens. */
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, sp_test_store_result, &line_result);
  sp_test_wait_for_result (&line_result, "server.py to print its port");
  port_line = g_data_input_stream_read_line_finish_utf8 (lines, line_result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port_line);

  text = g_strdup_printf ("tcp://127.0.0.1:%s", port_line);
  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, &error);
  g_assert_no_error (error);
  client = sp_client_new (endpoint);

  sp_client_connect_async (client, NULL, sp_test_store_result, &connected);
  sp_test_wait_for_result (&connected, "the engine client to connect to server.py");
  connection = sp_client_connect_finish (client, connected, &error);
  g_assert_no_error (error);
  sp_test_wait_until (connection_finished, connection, "server.py to send and close");

  g_assert_cmpuint (sp_client_get_bytes_received (client), ==, 24);
  g_assert_cmpint (sp_connection_get_state (connection), ==, SP_CONNECTION_STATE_CLOSED);
  {
    SpEventLog *log = sp_client_get_log (client);
    g_autoptr(SpEvent) recv = g_list_model_get_item (G_LIST_MODEL (log), 2);
    GBytes *payload = sp_event_get_payload (recv);

    g_assert_cmpint (sp_event_get_kind (recv), ==, SP_EVENT_KIND_RECV);
    g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload),
                     "Thank you for connecting", 24);
  }

  /* The tutorial's line, naming the very address our client had. */
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, sp_test_store_result, &second_result);
  sp_test_wait_for_result (&second_result, "server.py to print the connection");
  got_line = g_data_input_stream_read_line_finish_utf8 (lines, second_result, NULL, &error);
  g_assert_no_error (error);
  local = sp_connection_get_local_address (connection);
  expected = g_strdup_printf ("Got connection from ('127.0.0.1', %s)", strrchr (local, ':') + 1);
  g_assert_cmpstr (got_line, ==, expected);

  g_subprocess_wait_async (python, NULL, sp_test_store_result, &exit_result);
  sp_test_wait_for_result (&exit_result, "server.py to exit");
  g_assert_true (g_subprocess_wait_finish (python, exit_result, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (python), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/peers/python-client-against-engine-server", test_python_client);
  g_test_add_func ("/peers/engine-client-against-python-server", test_python_server);

  return g_test_run ();
}
