/* test-exchange.c — the tutorial's exchange through the engine, over real loopback sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libglib-testing/signal-logger.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

#define GREETING "Thank you for connecting"

typedef struct
{
  SpServer       *server;
  SpClient       *client;
  GtSignalLogger *server_logger;
  GtSignalLogger *client_logger;
} Fixture;

static void
server_connection_accepted_cb (SpServer     *server,
                               SpConnection *connection,
                               Fixture      *fixture)
{
  gt_signal_logger_connect (fixture->server_logger, connection, "sent");
  gt_signal_logger_connect (fixture->server_logger, connection, "received");
  gt_signal_logger_connect (fixture->server_logger, connection, "closed");
}

static void
client_connected_cb (SpClient     *client,
                     SpConnection *connection,
                     Fixture      *fixture)
{
  gt_signal_logger_connect (fixture->client_logger, connection, "received");
  gt_signal_logger_connect (fixture->client_logger, connection, "sent");
  gt_signal_logger_connect (fixture->client_logger, connection, "closed");
}

static void
start_server (SpServer *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the server to start");
  g_assert_true (sp_server_start_finish (server, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_LISTENING);
}

static SpConnection *
connect_client (SpClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SpConnection *connection;

  sp_client_connect_async (client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the client to connect");
  connection = sp_client_connect_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (connection);

  return connection;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpEndpoint) target = NULL;

  fixture->server = sp_server_new (endpoint);
  sp_server_set_reply_text (fixture->server, GREETING);
  sp_server_set_close_after_reply (fixture->server, TRUE);
  fixture->server_logger = gt_signal_logger_new ();
  fixture->client_logger = gt_signal_logger_new ();

  g_signal_connect (fixture->server, "connection-accepted",
                    G_CALLBACK (server_connection_accepted_cb), fixture);
  gt_signal_logger_connect (fixture->server_logger, fixture->server, "connection-accepted");
  gt_signal_logger_connect (fixture->server_logger, fixture->server, "connection-closed");

  start_server (fixture->server);
  g_assert_cmpuint (sp_endpoint_get_port (sp_server_get_bound_endpoint (fixture->server)), !=, 0);

  target = g_object_ref (sp_server_get_bound_endpoint (fixture->server));
  fixture->client = sp_client_new (target);
  g_signal_connect (fixture->client, "connected", G_CALLBACK (client_connected_cb), fixture);
  gt_signal_logger_connect (fixture->client_logger, fixture->client, "connected");
}

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->server_logger, gt_signal_logger_free);
  g_clear_pointer (&fixture->client_logger, gt_signal_logger_free);

  sp_server_stop (fixture->server);
  sp_client_disconnect (fixture->client);
  drain_main_context ();

  /* Nothing leaked: both engine objects really go away. */
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_assert_finalize_object (g_steal_pointer (&fixture->server));
}

static gboolean
connection_finished (gpointer data)
{
  return sp_connection_get_end_time (data) != 0;
}

static gboolean
server_has_no_open_connection (gpointer data)
{
  return g_list_model_get_n_items (sp_server_get_connections (data)) == 0;
}

static void
assert_log_kinds (SpEventLog        *log,
                  const SpEventKind *kinds,
                  guint              n_kinds)
{
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_string_append_printf (seen, "%s ", sp_event_kind_get_name (sp_event_get_kind (event)));
    }
  for (guint i = 0; i < n_kinds; i++)
    g_string_append_printf (expected, "%s ", sp_event_kind_get_name (kinds[i]));

  g_assert_cmpstr (seen->str, ==, expected->str);
}

static void
assert_bytes_equal (GBytes     *bytes,
                    const char *text)
{
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), text, strlen (text));
}

static void
test_greeting_and_close (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SpConnection) client_connection = NULL;
  g_autoptr(SpConnection) accepted = NULL;
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(GBytes) received = NULL;
  g_autoptr(SpEndpoint) bound = g_object_ref (sp_server_get_bound_endpoint (fixture->server));
  g_autofree char *client_port_text = NULL;
  SpEvent *accept_event;
  static const SpEventKind server_kinds[] = {
    SP_EVENT_KIND_SOCKET, SP_EVENT_KIND_BIND, SP_EVENT_KIND_LISTEN,
    SP_EVENT_KIND_ACCEPT, SP_EVENT_KIND_SEND, SP_EVENT_KIND_CLOSE,
  };
  static const SpEventKind client_kinds[] = {
    SP_EVENT_KIND_SOCKET, SP_EVENT_KIND_CONNECT, SP_EVENT_KIND_RECV,
    SP_EVENT_KIND_RECV, SP_EVENT_KIND_CLOSE,
  };

  client_connection = connect_client (fixture->client);
  sp_test_wait_until (connection_finished, client_connection, "the client to see the close");
  sp_test_wait_until (server_has_no_open_connection, fixture->server, "the server to close");

  /* The server: accepted, sent the 24 bytes, closed, in that order. */
  gt_signal_logger_assert_emission_pop (fixture->server_logger, fixture->server,
                                        "connection-accepted", &accepted);
  g_assert_true (SP_IS_CONNECTION (accepted));
  gt_signal_logger_assert_emission_pop (fixture->server_logger, accepted, "sent", &sent);
  assert_bytes_equal (sent, GREETING);
  gt_signal_logger_assert_emission_pop (fixture->server_logger, accepted, "closed", NULL);
  gt_signal_logger_assert_emission_pop (fixture->server_logger, fixture->server,
                                        "connection-closed", NULL);
  gt_signal_logger_assert_no_emissions (fixture->server_logger);

  /* The client: connected, received the 24 bytes, closed after the peer did. */
  gt_signal_logger_assert_emission_pop (fixture->client_logger, fixture->client, "connected", NULL);
  gt_signal_logger_assert_emission_pop (fixture->client_logger, client_connection, "received", &received);
  assert_bytes_equal (received, GREETING);
  gt_signal_logger_assert_emission_pop (fixture->client_logger, client_connection, "closed", NULL);
  gt_signal_logger_assert_no_emissions (fixture->client_logger);

  /* Exact counters on both sides. */
  g_assert_cmpuint (sp_connection_get_bytes_sent (accepted), ==, 24);
  g_assert_cmpuint (sp_connection_get_bytes_received (accepted), ==, 0);
  g_assert_cmpuint (sp_connection_get_bytes_received (client_connection), ==, 24);
  g_assert_cmpuint (sp_connection_get_bytes_sent (client_connection), ==, 0);
  g_assert_cmpuint (sp_server_get_bytes_sent (fixture->server), ==, 24);
  g_assert_cmpuint (sp_client_get_bytes_received (fixture->client), ==, 24);
  g_assert_cmpint (sp_connection_get_state (accepted), ==, SP_CONNECTION_STATE_CLOSED);
  g_assert_cmpint (sp_connection_get_state (client_connection), ==, SP_CONNECTION_STATE_CLOSED);
  g_assert_cmpint (sp_client_get_state (fixture->client), ==, SP_CLIENT_STATE_DISCONNECTED);

  /* Both ends agree on the client's address, as the tutorial's server prints it. */
  g_assert_cmpstr (sp_connection_get_peer_address (accepted), ==,
                   sp_connection_get_local_address (client_connection));
  client_port_text = g_strdup_printf ("accept() → ('127.0.0.1', %s)",
                                      strrchr (sp_connection_get_local_address (client_connection), ':') + 1);
  accept_event = g_list_model_get_item (G_LIST_MODEL (sp_server_get_log (fixture->server)), 3);
  g_assert_cmpstr (sp_event_get_call (accept_event), ==, client_port_text);

  /* The events carry the addresses that pair the two sides: the client's connect() names
   * the listening address and the client's own, which the server's accept() names. */
  {
    g_autoptr(SpEvent) listen_event = g_list_model_get_item (G_LIST_MODEL (sp_server_get_log (fixture->server)), 2);
    g_autoptr(SpEvent) connect_event = g_list_model_get_item (G_LIST_MODEL (sp_client_get_log (fixture->client)), 1);

    g_assert_cmpint (sp_event_get_kind (connect_event), ==, SP_EVENT_KIND_CONNECT);
    g_assert_cmpstr (sp_event_get_address (connect_event), ==, sp_event_get_address (listen_event));
    g_assert_cmpstr (sp_event_get_local_address (connect_event), ==,
                     sp_connection_get_local_address (client_connection));
    g_assert_cmpstr (sp_event_get_local_address (connect_event), ==, sp_event_get_address (accept_event));
  }
  g_object_unref (accept_event);

  /* The logs tell the same story as socket calls. */
  assert_log_kinds (sp_server_get_log (fixture->server), server_kinds, G_N_ELEMENTS (server_kinds));
  assert_log_kinds (sp_client_get_log (fixture->client), client_kinds, G_N_ELEMENTS (client_kinds));
  g_assert_cmpuint (sp_event_get_byte_count (sp_event_log_get_last (sp_server_get_log (fixture->server))), ==, 0);
  g_assert_true (sp_endpoint_equal (bound, sp_server_get_bound_endpoint (fixture->server)));
}

static void
test_repeat_adds_up (Fixture       *fixture,
                     gconstpointer  data)
{
  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(SpConnection) connection = connect_client (fixture->client);

      sp_test_wait_until (connection_finished, connection, "the client to see the close");
      sp_test_wait_until (server_has_no_open_connection, fixture->server, "the server to close");
      g_assert_cmpuint (sp_connection_get_id (connection), ==, i);
      g_assert_cmpuint (sp_client_get_bytes_received (fixture->client), ==, 24 * i);
      g_assert_cmpuint (sp_server_get_bytes_sent (fixture->server), ==, 24 * i);
      g_assert_cmpuint (sp_server_get_n_accepted (fixture->server), ==, i);
      g_assert_cmpuint (sp_client_get_n_connections (fixture->client), ==, i);
    }
}

typedef struct
{
  SpConnection *connection;
  GString      *echoed;
} EchoState;

static void
echo_received_cb (SpConnection *connection,
                  GBytes       *bytes,
                  GString      *echoed)
{
  g_string_append_len (echoed, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gboolean
echoed_enough (gpointer data)
{
  EchoState *state = data;
  return state->echoed->len >= 12;
}

static void
test_echo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello\r\n", 7);
  g_autoptr(GBytes) world = g_bytes_new_static ("world", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) echoed = g_string_new (NULL);
  EchoState state = { NULL, echoed };
  g_autoptr(SpConnection) connection = NULL;

  sp_server_set_behaviour (fixture->server, SP_BEHAVIOUR_ECHO);
  connection = connect_client (fixture->client);
  state.connection = connection;
  g_signal_connect (connection, "received", G_CALLBACK (echo_received_cb), echoed);

  g_assert_true (sp_client_send (fixture->client, hello, &error));
  g_assert_no_error (error);
  g_assert_true (sp_client_send (fixture->client, world, &error));
  sp_test_wait_until (echoed_enough, &state, "the echo");

  /* Order kept, nothing lost, nothing added. */
  g_assert_cmpstr (echoed->str, ==, "hello\r\nworld");
  g_assert_cmpuint (sp_client_get_bytes_sent (fixture->client), ==, 12);
  g_assert_cmpuint (sp_server_get_bytes_received (fixture->server), ==, 12);
  g_assert_cmpuint (sp_server_get_bytes_sent (fixture->server), ==, 12);

  sp_client_disconnect (fixture->client);
  sp_test_wait_until (connection_finished, connection, "the client to close");
  sp_test_wait_until (server_has_no_open_connection, fixture->server, "the server to see the close");

  /* Sending after close is refused with a sentence, not a crash. */
  g_assert_false (sp_client_send (fixture->client, hello, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_NOT_RUNNING);
}

static gboolean
all_clients_connected (gpointer data)
{
  SpServer *server = data;
  return g_list_model_get_n_items (sp_server_get_connections (server)) == 5;
}

static gboolean
all_greetings_sent (gpointer data)
{
  return sp_server_get_bytes_sent (data) == 5 * 24;
}

static gboolean
clients_all_disconnected (gpointer data)
{
  GPtrArray *clients = data;

  for (guint i = 0; i < clients->len; i++)
    if (sp_client_get_state (g_ptr_array_index (clients, i)) != SP_CLIENT_STATE_DISCONNECTED)
      return FALSE;
  return TRUE;
}

static void
test_stop_closes_everything (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  SpEvent *stop_event;

  /* Keep connections open: reply without closing. */
  sp_server_set_close_after_reply (fixture->server, FALSE);

  for (guint i = 0; i < 5; i++)
    {
      SpClient *client = sp_client_new (sp_server_get_bound_endpoint (fixture->server));
      g_autoptr(SpConnection) connection = NULL;

      g_ptr_array_add (clients, client);
      connection = connect_client (client);
    }
  sp_test_wait_until (all_clients_connected, fixture->server, "five open connections");
  sp_test_wait_until (all_greetings_sent, fixture->server, "five greetings sent");

  sp_server_stop (fixture->server);
  g_assert_cmpint (sp_server_get_state (fixture->server), ==, SP_SERVER_STATE_STOPPED);
  g_assert_null (sp_server_get_bound_endpoint (fixture->server));
  stop_event = sp_event_log_get_last (sp_server_get_log (fixture->server));

  g_assert_cmpint (sp_event_get_kind (stop_event), ==, SP_EVENT_KIND_CLOSE);
  g_assert_nonnull (strstr (sp_event_get_message (stop_event), "5 open connections"));

  sp_test_wait_until (server_has_no_open_connection, fixture->server, "the server to close all");
  sp_test_wait_until (clients_all_disconnected, clients, "every client to see the close");
  g_assert_cmpuint (sp_server_get_bytes_sent (fixture->server), ==, 5 * 24);

  /* The server can start again on a new port, with the same log. */
  start_server (fixture->server);
  drain_main_context ();
  while (clients->len > 0)
    g_assert_finalize_object (g_ptr_array_steal_index (clients, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/exchange/greeting-and-close", Fixture, NULL,
              fixture_set_up, test_greeting_and_close, fixture_tear_down);
  g_test_add ("/exchange/repeat-adds-up", Fixture, NULL,
              fixture_set_up, test_repeat_adds_up, fixture_tear_down);
  g_test_add ("/exchange/echo", Fixture, NULL,
              fixture_set_up, test_echo, fixture_tear_down);
  g_test_add ("/server/stop-closes-everything", Fixture, NULL,
              fixture_set_up, test_stop_closes_everything, fixture_tear_down);

  return g_test_run ();
}
