/* test-datagram.c — UDP and Unix datagram servers and clients, boundaries kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

static SpServer *
start_server (const char  *text,
              SpBehaviour  behaviour)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) server = sp_server_new (endpoint);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sp_server_set_behaviour (server, behaviour);
  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the datagram server to start");
  g_assert_true (sp_server_start_finish (server, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&server);
}

static SpClient *
connected_client (SpEndpoint    *endpoint,
                  SpConnection **out_connection)
{
  g_autoptr(SpClient) client = sp_client_new (endpoint);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sp_client_connect_async (client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the datagram client to be ready");
  *out_connection = sp_client_connect_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_true (sp_connection_is_datagram (*out_connection));

  return g_steal_pointer (&client);
}

static void
collect_cb (SpConnection *connection,
            GBytes       *bytes,
            GPtrArray    *datagrams)
{
  g_ptr_array_add (datagrams, g_bytes_ref (bytes));
}

typedef struct
{
  GPtrArray *datagrams;
  guint      count;
} Expect;

static gboolean
have_datagrams (gpointer data)
{
  Expect *expect = data;
  return expect->datagrams->len >= expect->count;
}

static void
send_text (SpClient   *client,
           const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_client_send (client, bytes, &error));
  g_assert_no_error (error);
}

static void
assert_datagram (GPtrArray  *datagrams,
                 guint       index,
                 const char *text)
{
  GBytes *bytes = g_ptr_array_index (datagrams, index);

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), text, strlen (text));
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_udp_echo (void)
{
  g_autoptr(SpServer) server = start_server ("udp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(SpClient) client = connected_client (sp_server_get_bound_endpoint (server), &connection);
  g_autoptr(GPtrArray) datagrams = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(SpConnection) peer = NULL;
  Expect expect = { datagrams, 3 };

  g_signal_connect (connection, "received", G_CALLBACK (collect_cb), datagrams);
  send_text (client, "ping");
  send_text (client, "pong!");
  send_text (client, "");
  sp_test_wait_until (have_datagrams, &expect, "three echoed datagrams");

  /* Each datagram comes back whole and alone, the empty one included. */
  assert_datagram (datagrams, 0, "ping");
  assert_datagram (datagrams, 1, "pong!");
  assert_datagram (datagrams, 2, "");

  /* One peer row on the server, with its own counters. */
  g_assert_cmpuint (g_list_model_get_n_items (sp_server_get_connections (server)), ==, 1);
  peer = g_list_model_get_item (sp_server_get_connections (server), 0);
  g_assert_true (sp_connection_is_datagram (peer));
  g_assert_cmpstr (sp_connection_get_peer_address (peer), ==, sp_connection_get_local_address (connection));

  /* The logs name both ends, as with streams: the client's connect() its own address,
   * the server's event for a new peer that same address. */
  {
    SpEventLog *server_log = sp_server_get_log (server);
    SpEventLog *client_log = sp_client_get_log (client);
    const char *peer_address = NULL;
    const char *client_address = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (server_log)); i++)
      {
        g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (server_log), i);

        if (sp_event_get_kind (event) == SP_EVENT_KIND_INFO && sp_event_get_connection_id (event) == 1 &&
            sp_event_get_address (event) != NULL)
          peer_address = sp_event_get_address (event);
      }
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (client_log)); i++)
      {
        g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (client_log), i);

        if (sp_event_get_kind (event) == SP_EVENT_KIND_CONNECT)
          {
            client_address = sp_event_get_local_address (event);
            g_assert_cmpstr (sp_event_get_address (event), ==,
                             sp_connection_get_peer_address (connection));
          }
      }
    g_assert_nonnull (peer_address);
    g_assert_cmpstr (peer_address, ==, client_address);
  }
  g_assert_cmpuint (sp_connection_get_datagrams_received (peer), ==, 3);
  g_assert_cmpuint (sp_connection_get_datagrams_sent (peer), ==, 3);
  g_assert_cmpuint (sp_connection_get_bytes_received (peer), ==, 9);
  g_assert_cmpuint (sp_server_get_bytes_sent (server), ==, 9);
  g_assert_cmpuint (sp_client_get_bytes_received (client), ==, 9);

  sp_client_disconnect (client);
  sp_server_stop (server);
  drain ();
}

static void
test_udp_two_peers_reply (void)
{
  g_autoptr(SpServer) server = start_server ("udp://127.0.0.1:0", SP_BEHAVIOUR_REPLY);
  g_autoptr(SpConnection) first_connection = NULL;
  g_autoptr(SpConnection) second_connection = NULL;
  g_autoptr(SpClient) first = NULL;
  g_autoptr(SpClient) second = NULL;
  g_autoptr(GPtrArray) first_got = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) second_got = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  Expect expect_first = { first_got, 2 };
  Expect expect_second = { second_got, 1 };

  sp_server_set_reply_text (server, "Thank you for connecting");
  first = connected_client (sp_server_get_bound_endpoint (server), &first_connection);
  second = connected_client (sp_server_get_bound_endpoint (server), &second_connection);
  g_signal_connect (first_connection, "received", G_CALLBACK (collect_cb), first_got);
  g_signal_connect (second_connection, "received", G_CALLBACK (collect_cb), second_got);

  send_text (first, "hello");
  send_text (second, "hello");
  send_text (first, "again");
  sp_test_wait_until (have_datagrams, &expect_first, "two replies to the first client");
  sp_test_wait_until (have_datagrams, &expect_second, "one reply to the second client");

  assert_datagram (first_got, 0, "Thank you for connecting");
  assert_datagram (first_got, 1, "Thank you for connecting");
  assert_datagram (second_got, 0, "Thank you for connecting");
  g_assert_cmpuint (g_list_model_get_n_items (sp_server_get_connections (server)), ==, 2);
  g_assert_cmpuint (sp_server_get_n_accepted (server), ==, 2);
  g_assert_cmpuint (sp_server_get_bytes_received (server), ==, 15);
  g_assert_cmpuint (sp_server_get_bytes_sent (server), ==, 3 * 24);

  sp_server_stop (server);
  sp_client_disconnect (first);
  sp_client_disconnect (second);
  drain ();
  g_assert_cmpuint (g_list_model_get_n_items (sp_server_get_connections (server)), ==, 0);
}

static void
test_unix_dgram (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sp-dgram-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "server.sock", NULL);
  g_autofree char *text = g_strconcat ("unix-dgram:", path, NULL);
  g_autoptr(SpServer) server = start_server (text, SP_BEHAVIOUR_ECHO);
  g_autoptr(SpEndpoint) target = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, NULL);
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(SpClient) client = connected_client (target, &connection);
  g_autoptr(GPtrArray) datagrams = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  Expect expect = { datagrams, 2 };

  g_signal_connect (connection, "received", G_CALLBACK (collect_cb), datagrams);
  send_text (client, "one");
  send_text (client, "two\n");
  sp_test_wait_until (have_datagrams, &expect, "two echoed Unix datagrams");
  assert_datagram (datagrams, 0, "one");
  assert_datagram (datagrams, 1, "two\n");

  sp_client_disconnect (client);
  sp_server_stop (server);
  drain ();

  /* Stopping removes the socket file, so the same path can be used again. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gboolean
last_event_is_error (gpointer data)
{
  SpEvent *last = sp_event_log_get_last (data);
  return last != NULL && sp_event_get_kind (last) == SP_EVENT_KIND_ERROR;
}

static void
test_udp_too_long (void)
{
  g_autoptr(SpServer) server = start_server ("udp://127.0.0.1:0", SP_BEHAVIOUR_DISCARD);
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(SpClient) client = connected_client (sp_server_get_bound_endpoint (server), &connection);
  g_autofree char *big = g_strnfill (70000, 'x');
  g_autoptr(GBytes) bytes = g_bytes_new (big, 70000);
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_client_send (client, bytes, &error));
  sp_test_wait_until (last_event_is_error, sp_client_get_log (client), "the too-long datagram to fail");
  g_assert_nonnull (strstr (sp_event_get_message (sp_event_log_get_last (sp_client_get_log (client))),
                            "65,507"));

  /* The socket survives the lost datagram. */
  g_assert_true (sp_connection_is_open (connection));
  g_assert_cmpuint (sp_connection_get_bytes_sent (connection), ==, 0);
  g_assert_cmpuint (sp_connection_get_bytes_queued (connection), ==, 0);

  sp_client_disconnect (client);
  sp_server_stop (server);
  drain ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/datagram/udp-echo", test_udp_echo);
  g_test_add_func ("/datagram/udp-two-peers-reply", test_udp_two_peers_reply);
  g_test_add_func ("/datagram/unix-dgram", test_unix_dgram);
  g_test_add_func ("/datagram/udp-too-long", test_udp_too_long);

  return g_test_run ();
}
