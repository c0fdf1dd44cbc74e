/* test-behaviours.c — chat, manual, half-close and a peer that never reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

static SpServer *
start_server (SpBehaviour behaviour)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) server = sp_server_new (endpoint);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sp_server_set_behaviour (server, behaviour);
  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the server to start");
  g_assert_true (sp_server_start_finish (server, result, &error));

  return g_steal_pointer (&server);
}

typedef struct
{
  SpClient     *client;
  SpConnection *connection;
  GString      *received;
  gboolean      saw_eof;
} Peer;

static void
peer_received_cb (SpConnection *connection,
                  GBytes       *bytes,
                  Peer         *peer)
{
  g_string_append_len (peer->received, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
peer_connect (Peer     *peer,
              SpServer *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  peer->client = sp_client_new (sp_server_get_bound_endpoint (server));
  peer->received = g_string_new (NULL);
  sp_client_connect_async (peer->client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "a client to connect");
  peer->connection = sp_client_connect_finish (peer->client, result, &error);
  g_assert_no_error (error);
  g_signal_connect (peer->connection, "received", G_CALLBACK (peer_received_cb), peer);
}

static void
peer_clear (Peer *peer)
{
  sp_client_disconnect (peer->client);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&peer->connection);
  g_clear_object (&peer->client);
  g_string_free (peer->received, TRUE);
}

static void
peer_send (Peer       *peer,
           const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_client_send (peer->client, bytes, &error));
  g_assert_no_error (error);
}

typedef struct
{
  Peer       *peer;
  const char *text;
} Awaited;

static gboolean
peer_has (gpointer data)
{
  Awaited *awaited = data;
  return g_str_equal (awaited->peer->received->str, awaited->text);
}

static void
wait_for_text (Peer       *peer,
               const char *text)
{
  Awaited awaited = { peer, text };
  sp_test_wait_until (peer_has, &awaited, text);
}

static gboolean
server_has_connections (gpointer data)
{
  SpServer *server = ((gpointer *) data)[0];
  guint n = GPOINTER_TO_UINT (((gpointer *) data)[1]);

  return g_list_model_get_n_items (sp_server_get_connections (server)) == n;
}

static void
wait_for_connections (SpServer *server,
                      guint     n)
{
  gpointer data[2] = { server, GUINT_TO_POINTER (n) };
  sp_test_wait_until (server_has_connections, data, "the server's connection count");
}

static void
test_chat (void)
{
  g_autoptr(SpServer) server = start_server (SP_BEHAVIOUR_CHAT);
  Peer peers[3] = { { 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    peer_connect (&peers[i], server);
  wait_for_connections (server, 3);

  /* What one sends reaches all the others, and not the sender. */
  peer_send (&peers[0], "hello from 1\n");
  wait_for_text (&peers[1], "hello from 1\n");
  wait_for_text (&peers[2], "hello from 1\n");
  peer_send (&peers[2], "and from 3\n");
  wait_for_text (&peers[0], "and from 3\n");
  wait_for_text (&peers[1], "hello from 1\nand from 3\n");
  g_assert_cmpstr (peers[2].received->str, ==, "hello from 1\n");

  g_assert_cmpuint (sp_server_get_bytes_received (server), ==, 24);
  g_assert_cmpuint (sp_server_get_bytes_sent (server), ==, 48);

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    peer_clear (&peers[i]);
  sp_server_stop (server);
}

static void
test_manual (void)
{
  g_autoptr(SpServer) server = start_server (SP_BEHAVIOUR_MANUAL);
  g_autoptr(GBytes) to_all = g_bytes_new_static ("to all\n", 7);
  g_autoptr(GBytes) to_one = g_bytes_new_static ("to you\n", 7);
  g_autoptr(SpConnection) second = NULL;
  g_autoptr(GError) error = NULL;
  Peer peers[2] = { { 0 } };

  /* Nobody to send to yet: a sentence, not a crash. */
  g_assert_false (sp_server_send (server, NULL, to_all, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_NOT_RUNNING);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    peer_connect (&peers[i], server);
  wait_for_connections (server, 2);

  /* Manual mode sends nothing by itself. */
  peer_send (&peers[0], "anyone?\n");
  g_assert_true (sp_server_send (server, NULL, to_all, &error));
  wait_for_text (&peers[0], "to all\n");
  wait_for_text (&peers[1], "to all\n");

  second = g_list_model_get_item (sp_server_get_connections (server), 1);
  g_assert_true (sp_server_send (server, second, to_one, &error));
  wait_for_text (&peers[1], "to all\nto you\n");
  g_assert_cmpstr (peers[0].received->str, ==, "to all\n");

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    peer_clear (&peers[i]);
  sp_server_stop (server);
}

static gboolean
connection_finished (gpointer data)
{
  return sp_connection_get_end_time (data) != 0;
}

static void
test_half_close (void)
{
  g_autoptr(SpServer) server = start_server (SP_BEHAVIOUR_ECHO);
  g_autoptr(GError) error = NULL;
  Peer peer = { 0 };
  gboolean saw_shutdown = FALSE;
  SpEventLog *log;

  peer_connect (&peer, server);
  peer_send (&peer, "last words");
  g_assert_true (sp_client_shutdown_write (peer.client, &error));
  g_assert_no_error (error);

  /* Our side is half-closed; the echo still comes back, then the server's EOF. */
  sp_test_wait_until (connection_finished, peer.connection, "the half-closed exchange to end");
  g_assert_cmpstr (peer.received->str, ==, "last words");
  g_assert_cmpint (sp_connection_get_state (peer.connection), ==, SP_CONNECTION_STATE_CLOSED);

  log = sp_client_get_log (peer.client);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (sp_event_get_kind (event) == SP_EVENT_KIND_SHUTDOWN)
        {
          g_assert_cmpstr (sp_event_get_call (event), ==, "shutdown(SHUT_WR)");
          saw_shutdown = TRUE;
        }
    }
  g_assert_true (saw_shutdown);

  /* Half-closing twice, or after the end, is refused politely. */
  g_assert_false (sp_client_shutdown_write (peer.client, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_NOT_RUNNING);

  peer_clear (&peer);
  sp_server_stop (server);
}

static void
test_peer_never_reads (void)
{
  g_autoptr(SpServer) server = start_server (SP_BEHAVIOUR_MANUAL);
  g_autoptr(GSocketClient) raw = g_socket_client_new ();
  g_autoptr(GSocketConnection) silent = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autofree char *chunk_data = g_strnfill (256 * 1024, 'q');
  g_autoptr(GBytes) chunk = g_bytes_new (chunk_data, 256 * 1024);
  g_autoptr(GError) error = NULL;
  gboolean refused = FALSE;
  guint64 queued_max = 0;

  /* A raw client that connects and never reads a byte. */
  address = sp_endpoint_get_literal_address (sp_server_get_bound_endpoint (server));
  silent = g_socket_client_connect (raw, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_no_error (error);
  wait_for_connections (server, 1);
  connection = g_list_model_get_item (sp_server_get_connections (server), 0);
  sp_connection_set_queue_limit (connection, 1024 * 1024);

  /* Bounded: the system's buffers take a few MiB, then our 1 MiB queue, then refusal. */
  for (guint i = 0; i < 400 && !refused; i++)
    {
      if (!sp_connection_send (connection, chunk, &error))
        refused = TRUE;
      queued_max = MAX (queued_max, sp_connection_get_bytes_queued (connection));
      /* Let the writes that can go, go: a bounded number of non-blocking iterations. */
      for (guint round = 0; round < 64; round++)
        g_main_context_iteration (NULL, FALSE);
    }

  g_assert_true (refused);
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_QUEUE_FULL);
  g_assert_cmpuint (queued_max, <=, 1024 * 1024);
  g_assert_true (sp_connection_is_open (connection));

  /* The server keeps serving others meanwhile. */
  {
    Peer peer = { 0 };
    g_autoptr(GBytes) hello = g_bytes_new_static ("still here\n", 11);

    peer_connect (&peer, server);
    wait_for_connections (server, 2);
    {
      g_autoptr(SpConnection) other = g_list_model_get_item (sp_server_get_connections (server), 1);
      g_autoptr(GError) send_error = NULL;

      g_assert_true (sp_server_send (server, other, hello, &send_error));
    }
    wait_for_text (&peer, "still here\n");
    peer_clear (&peer);
  }

  g_io_stream_close (G_IO_STREAM (silent), NULL, NULL);
  sp_server_stop (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/behaviour/chat", test_chat);
  g_test_add_func ("/behaviour/manual", test_manual);
  g_test_add_func ("/behaviour/half-close", test_half_close);
  g_test_add_func ("/behaviour/peer-never-reads", test_peer_never_reads);

  return g_test_run ();
}
