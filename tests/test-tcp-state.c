/* test-tcp-state.c — each socket's teaching state and the kernel's TCP state, over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

/* /proc/net/tcp parser ------------------------------------------------------------------ */

static GSocketAddress *
address (const char *ip,
         guint16     port)
{
  return g_inet_socket_address_new_from_string (ip, port);
}

static void
test_proc_parse_line (void)
{
  g_auto(SpTcpTableEntry) entry = { NULL, NULL, SP_TCP_STATE_UNKNOWN };
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  guint32 loopback = g_htonl (0x7f000001);
  char hex[9];
  g_autofree char *line = NULL;

  /* The kernel prints the address as the 32-bit word it is in memory: build the line the
   * way it does, so the test holds on any endianness. */
  g_snprintf (hex, sizeof hex, "%08X", *(guint32 *) &loopback);
  line = g_strdup_printf ("   3: %s:3039 %s:D431 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0\n",
                          hex, hex);

  g_assert_true (sp_tcp_table_parse_line (line, &entry));
  g_assert_cmpint (entry.state, ==, SP_TCP_STATE_LISTEN);
  local = g_inet_address_to_string (g_inet_socket_address_get_address (entry.local));
  remote = g_inet_address_to_string (g_inet_socket_address_get_address (entry.remote));
  g_assert_cmpstr (local, ==, "127.0.0.1");
  g_assert_cmpstr (remote, ==, "127.0.0.1");
  g_assert_cmpuint (g_inet_socket_address_get_port (entry.local), ==, 12345);
  g_assert_cmpuint (g_inet_socket_address_get_port (entry.remote), ==, 54321);
  sp_tcp_table_entry_clear (&entry);
  g_assert_null (entry.local);

  /* The kernel's request sockets (12) read as SYN_RECV; 0 and 13 are no state. */
  g_free (line);
  line = g_strdup_printf ("0: %s:0050 %s:C000 0C 0", hex, hex);
  g_assert_true (sp_tcp_table_parse_line (line, &entry));
  g_assert_cmpint (entry.state, ==, SP_TCP_STATE_SYN_RECV);
  sp_tcp_table_entry_clear (&entry);
}

static void
test_proc_parse_junk (void)
{
  const char *junk[] = {
    "",
    "\n",
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
    "garbage",
    "   0:",
    "   0: 0100007F",
    "   0: 0100007F:",
    "   0: 0100007F:3039",
    "   0: 0100007F:3039 ",
    "   0: 0100007F:3039 0100007F:D431",
    "   0: 0100007F:3039 0100007F:D431 ",
    "   0: 0100007F:3039 0100007F:D431 0",
    "   0: 0100007F:3039 0100007F:D431 00 0",          /* no such state */
    "   0: 0100007F:3039 0100007F:D431 0D 0",          /* no such state */
    "   0: 0100007F:3039 0100007F:D431 XY 0",
    "   0: 0100007F:3039 0100007F:D431 0A1 0",         /* three digits */
    "   0: 0100007:3039 0100007F:D431 0A 0",           /* seven digits */
    "   0: 0100007F0:3039 0100007F:D431 0A 0",         /* nine digits */
    "   0: 0100007F:303 0100007F:D431 0A 0",           /* short port */
    "   0: 0100007F:30390 0100007F:D431 0A 0",         /* long port */
    "   0: 0100007F:-039 0100007F:D431 0A 0",
    "   0: 0x00007F:3039 0100007F:D431 0A 0",
    "   0: 0100007F:3039 00000000000000000000000001000000:D431 0A 0", /* mixed families */
    "x0: 0100007F:3039 0100007F:D431 0A 0",
    "   0 0100007F:3039 0100007F:D431 0A 0",
    "   0: 0100007F:3039\n0100007F:D431 0A 0",         /* a newline inside */
    "\xff\xfe\x01 binary",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (junk); i++)
    {
      g_auto(SpTcpTableEntry) entry = { NULL, NULL, SP_TCP_STATE_UNKNOWN };

      g_test_message ("junk line %zu", i);
      g_assert_false (sp_tcp_table_parse_line (junk[i], &entry));
      g_assert_null (entry.local);
      g_assert_null (entry.remote);
    }
}

static void
test_proc_find (void)
{
  guint32 loopback = g_htonl (0x7f000001);
  guint32 words[4] = { 0, 0, g_htonl (0xffff), g_htonl (0x7f000001) };
  guint32 one[4] = { 0, 0, 0, g_htonl (1) };
  g_autofree char *v4 = NULL;
  g_autofree char *mapped = NULL;
  g_autofree char *six = NULL;
  g_autofree char *table = NULL;
  g_autoptr(GSocketAddress) client = address ("127.0.0.1", 40000);
  g_autoptr(GSocketAddress) server = address ("127.0.0.1", 12345);
  g_autoptr(GSocketAddress) other = address ("127.0.0.1", 40001);
  g_autoptr(GSocketAddress) mapped_client = address ("::ffff:127.0.0.1", 40000);
  g_autoptr(GSocketAddress) mapped_server = address ("::ffff:127.0.0.1", 12345);
  g_autoptr(GSocketAddress) six_client = address ("::1", 40002);
  g_autoptr(GSocketAddress) six_server = address ("::1", 12345);

  v4 = g_strdup_printf ("%08X", *(guint32 *) &loopback);
  mapped = g_strdup_printf ("%08X%08X%08X%08X", words[0], words[1], words[2], words[3]);
  six = g_strdup_printf ("%08X%08X%08X%08X", one[0], one[1], one[2], one[3]);

  /* Junk around and between real lines: skipped, never fatal. */
  table = g_strdup_printf ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                           "   0: %s:3039 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 1 1\n"
                           "this line is junk\n"
                           "   1: %s:9C40 %s:3039 06 00000000:00000000 03:00001000 00000000     0 0 0 3\n"
                           "   2: %s:3039 %s:9C41 08 00000000:00000000 00:00000000 00000000  1000 0 7 1\n"
                           "   3: %s:9C40\n"
                           "   4: %s:9C42 %s:3039 05 00000000:00000000 00:00000000 00000000  1000 0 9 1\n"
                           "   5: %s:9C40 %s:3039 0A",
                           v4, v4, v4, v4, v4, v4, six, six, mapped, mapped);

  g_assert_cmpint (sp_tcp_table_find (table, client, server), ==, SP_TCP_STATE_TIME_WAIT);
  g_assert_cmpint (sp_tcp_table_find (table, server, other), ==, SP_TCP_STATE_CLOSE_WAIT);
  /* Direction matters: the same pair seen from the other side is another socket. */
  g_assert_cmpint (sp_tcp_table_find (table, server, client), ==, SP_TCP_STATE_UNKNOWN);
  g_assert_cmpint (sp_tcp_table_find (table, six_client, six_server), ==, SP_TCP_STATE_FIN_WAIT2);
  /* 127.0.0.1 and ::ffff:127.0.0.1 are the same address: the first matching line wins. */
  g_assert_cmpint (sp_tcp_table_find (table, mapped_client, mapped_server), ==, SP_TCP_STATE_TIME_WAIT);
  g_assert_cmpint (sp_tcp_table_find ("", client, server), ==, SP_TCP_STATE_UNKNOWN);
  g_assert_cmpint (sp_tcp_table_find ("\n\n\n", client, server), ==, SP_TCP_STATE_UNKNOWN);
}

static void
test_names (void)
{
  g_autoptr(GEnumClass) tcp = g_type_class_ref (SP_TYPE_TCP_STATE);
  g_autoptr(GEnumClass) socket_states = g_type_class_ref (SP_TYPE_SOCKET_STATE);

  /* The kernel's numbers, as TCP_INFO and /proc/net/tcp give them. */
  g_assert_cmpint (SP_TCP_STATE_ESTABLISHED, ==, 1);
  g_assert_cmpint (SP_TCP_STATE_CLOSE_WAIT, ==, 8);
  g_assert_cmpint (SP_TCP_STATE_LISTEN, ==, 10);
  g_assert_cmpint (SP_TCP_STATE_CLOSING, ==, 11);

  for (guint i = 0; i < tcp->n_values; i++)
    {
      SpTcpState state = tcp->values[i].value;

      g_assert_nonnull (sp_tcp_state_get_name (state));
      g_assert_cmpstr (sp_tcp_state_get_explanation (state), !=, "");
    }
  g_assert_cmpstr (sp_tcp_state_get_name (SP_TCP_STATE_TIME_WAIT), ==, "TIME_WAIT");
  g_assert_cmpstr (sp_tcp_state_get_name (SP_TCP_STATE_FIN_WAIT2), ==, "FIN_WAIT2");
  g_assert_true (sp_tcp_state_is_transient (SP_TCP_STATE_TIME_WAIT));
  g_assert_false (sp_tcp_state_is_transient (SP_TCP_STATE_ESTABLISHED));

  g_assert_cmpuint (socket_states->n_values, ==, 9);
  for (guint i = 0; i < socket_states->n_values; i++)
    {
      SpSocketState state = socket_states->values[i].value;

      g_assert_cmpstr (sp_socket_state_get_label (state), !=, "");
      g_assert_cmpstr (sp_socket_state_get_explanation (state), !=, "");
    }
  g_assert_cmpstr (sp_socket_state_get_name (SP_SOCKET_STATE_HALF_CLOSED), ==, "half-closed");
  g_assert_cmpstr (sp_socket_state_get_label (SP_SOCKET_STATE_LISTENING), ==, "Listening");

  g_assert_cmpint (sp_connection_state_to_socket_state (SP_CONNECTION_STATE_HALF_CLOSED_LOCAL), ==,
                   SP_SOCKET_STATE_HALF_CLOSED);
  g_assert_cmpint (sp_connection_state_to_socket_state (SP_CONNECTION_STATE_HALF_CLOSED_REMOTE), ==,
                   SP_SOCKET_STATE_HALF_CLOSED);
  g_assert_cmpint (sp_connection_state_to_socket_state (SP_CONNECTION_STATE_RESET), ==,
                   SP_SOCKET_STATE_ERROR);
}

/* getsockopt(TCP_INFO) on plain sockets ----------------------------------------------- */

static void
test_read_state_not_tcp (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) udp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                         G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_autoptr(GSocket) unix_socket = NULL;
  g_autoptr(GSocket) tcp = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sp_tcp_info_read_state (udp, &error), ==, SP_TCP_STATE_UNKNOWN);
  g_assert_error (error, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_TCP);
  g_clear_error (&error);

  unix_socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sp_tcp_info_read_state (unix_socket, &error), ==, SP_TCP_STATE_UNKNOWN);
  g_assert_error (error, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_TCP);
  g_clear_error (&error);

  tcp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
#ifdef __linux__
  /* A fresh TCP socket is in the kernel's CLOSE state until it listens or connects. */
  g_assert_cmpint (sp_tcp_info_read_state (tcp, &error), ==, SP_TCP_STATE_CLOSE);
  g_assert_no_error (error);
#else
  g_assert_cmpint (sp_tcp_info_read_state (tcp, &error), ==, SP_TCP_STATE_UNKNOWN);
  g_assert_error (error, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
#endif

  g_socket_close (tcp, NULL);
  g_assert_cmpint (sp_tcp_info_read_state (tcp, &error), ==, SP_TCP_STATE_UNKNOWN);
  g_assert_error (error, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_CLOSED);
}

/* A whole exchange --------------------------------------------------------------------- */

typedef struct
{
  GtSignalLogger *logger;
  GArray         *values;   /* the socket-state at each logged notify, in the same order */
  SpServer       *server;
  SpClient       *client;
  SpConnection   *accepted;
} Exchange;

static void
record_socket_state_cb (GObject    *object,
                        GParamSpec *pspec,
                        Exchange   *exchange)
{
  SpSocketState state;

  g_object_get (object, "socket-state", &state, NULL);
  g_array_append_val (exchange->values, state);
}

/* The logger first, then our recorder: both run on each emission, in that order, so the
 * n-th logged emission has the n-th recorded value. */
static void
watch_socket_state (Exchange *exchange,
                    gpointer  object)
{
  gt_signal_logger_connect (exchange->logger, object, "notify::socket-state");
  g_signal_connect (object, "notify::socket-state", G_CALLBACK (record_socket_state_cb), exchange);
}

static void
accepted_cb (SpServer     *server,
             SpConnection *connection,
             Exchange     *exchange)
{
  /* Stay half-open after the client closes, so that CLOSE_WAIT can be seen. */
  sp_connection_set_close_on_eof (connection, FALSE);
  g_set_object (&exchange->accepted, connection);
  watch_socket_state (exchange, connection);
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

typedef struct
{
  SpConnection *connection;
  SpTcpState    wanted;
} KernelWait;

/* States such as FIN_WAIT2 come from the peer's kernel, with no event of ours: ask again
 * at each turn of the main loop until the kernel says so (or the deadline passes). */
static gboolean
kernel_state_reached (gpointer data)
{
  KernelWait *wait = data;

  if (sp_connection_get_kernel_state (wait->connection) == wait->wanted)
    return TRUE;

  sp_connection_refresh_kernel_state (wait->connection);
  return FALSE;
}

static void
wait_for_kernel_state (SpConnection *connection,
                       SpTcpState    wanted)
{
  KernelWait wait = { connection, wanted };
  g_autofree char *what = g_strdup_printf ("connection %u to reach %s",
                                           sp_connection_get_id (connection),
                                           sp_tcp_state_get_name (wanted));

  sp_test_wait_until (kernel_state_reached, &wait, what);
}

static gboolean
connection_state_is (SpConnection      *connection,
                     SpConnectionState  state)
{
  return sp_connection_get_state (connection) == state;
}

static gboolean
accepted_is_half_closed (gpointer data)
{
  Exchange *exchange = data;

  return exchange->accepted != NULL &&
         connection_state_is (exchange->accepted, SP_CONNECTION_STATE_HALF_CLOSED_REMOTE);
}

static gboolean
has_accepted (gpointer data)
{
  return ((Exchange *) data)->accepted != NULL;
}

static gboolean
connection_finished (gpointer data)
{
  return sp_connection_get_end_time (data) != 0;
}

static void
assert_next (Exchange      *exchange,
             guint         *index,
             gpointer       object,
             SpSocketState  state)
{
  g_autofree char *signal_name = NULL;
  g_autoptr(GtSignalLoggerEmission) emission = NULL;
  gpointer emitter = NULL;
  SpSocketState seen;

  g_assert_true (gt_signal_logger_pop_emission (exchange->logger, &emitter, NULL, &signal_name, &emission));
  g_assert_cmpstr (signal_name, ==, "notify::socket-state");
  g_assert_cmpuint (*index, <, exchange->values->len);
  seen = g_array_index (exchange->values, SpSocketState, *index);
  (*index)++;

  g_test_message ("%s %p → %s", G_OBJECT_TYPE_NAME (emitter), emitter, sp_socket_state_get_name (seen));
  g_assert_true (emitter == object);
  g_assert_cmpstr (sp_socket_state_get_name (seen), ==, sp_socket_state_get_name (state));
}

static void
test_exchange (void)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpConnection) client_connection = NULL;
  Exchange exchange = { 0, };
  guint index = 0;

#ifndef __linux__
  g_test_skip ("The kernel's TCP state is read on Linux only");
  return;
#endif

  exchange.logger = gt_signal_logger_new ();
  exchange.values = g_array_new (FALSE, FALSE, sizeof (SpSocketState));
  exchange.server = sp_server_new (endpoint);
  sp_server_set_behaviour (exchange.server, SP_BEHAVIOUR_MANUAL);
  g_signal_connect (exchange.server, "connection-accepted", G_CALLBACK (accepted_cb), &exchange);
  watch_socket_state (&exchange, exchange.server);

  g_assert_cmpint (sp_server_get_socket_state (exchange.server), ==, SP_SOCKET_STATE_NONE);
  g_assert_cmpint (sp_server_get_kernel_state (exchange.server), ==, SP_TCP_STATE_UNKNOWN);

  /* The listening socket: LISTEN in the kernel. */
  start_server (exchange.server);
  g_assert_cmpint (sp_server_get_socket_state (exchange.server), ==, SP_SOCKET_STATE_LISTENING);
  g_assert_cmpint (sp_server_get_kernel_state (exchange.server), ==, SP_TCP_STATE_LISTEN);

  exchange.client = sp_client_new (sp_server_get_bound_endpoint (exchange.server));
  watch_socket_state (&exchange, exchange.client);
  g_assert_cmpint (sp_client_get_socket_state (exchange.client), ==, SP_SOCKET_STATE_NONE);

  /* connect() completed: ESTABLISHED, whether or not the server has accepted yet. */
  client_connection = connect_client (exchange.client);
  g_assert_cmpint (sp_client_get_socket_state (exchange.client), ==, SP_SOCKET_STATE_CONNECTED);
  g_assert_cmpint (sp_connection_get_socket_state (client_connection), ==, SP_SOCKET_STATE_CONNECTED);
  g_assert_cmpint (sp_connection_get_kernel_state (client_connection), ==, SP_TCP_STATE_ESTABLISHED);
  g_assert_null (sp_connection_get_kernel_state_error (client_connection));

  sp_test_wait_until (has_accepted, &exchange, "the server to accept");
  g_assert_cmpint (sp_connection_get_kernel_state (exchange.accepted), ==, SP_TCP_STATE_ESTABLISHED);

  /* The client closes first: the server's side reads the end of the stream and, told not
   * to close on it, stays half-open: CLOSE_WAIT, the kernel waiting for our close(). */
  sp_client_disconnect (exchange.client);
  sp_test_wait_until (connection_finished, client_connection, "the client's close");
  sp_test_wait_until (accepted_is_half_closed, &exchange, "the server to read the end of stream");
  g_assert_cmpint (sp_connection_get_socket_state (exchange.accepted), ==, SP_SOCKET_STATE_HALF_CLOSED);
  g_assert_cmpint (sp_connection_get_kernel_state (exchange.accepted), ==, SP_TCP_STATE_CLOSE_WAIT);

  /* The client's socket is gone, yet its kernel holds the connection: FIN_WAIT2. */
  wait_for_kernel_state (client_connection, SP_TCP_STATE_FIN_WAIT2);

  /* The server closes too: the side that closed first keeps TIME_WAIT. */
  sp_connection_close (exchange.accepted);
  sp_test_wait_until (connection_finished, exchange.accepted, "the server's close");
  wait_for_kernel_state (client_connection, SP_TCP_STATE_TIME_WAIT);
  g_assert_cmpint (sp_connection_get_socket_state (client_connection), ==, SP_SOCKET_STATE_CLOSED);

  sp_server_stop (exchange.server);
  g_assert_cmpint (sp_server_get_socket_state (exchange.server), ==, SP_SOCKET_STATE_CLOSED);
  g_assert_cmpint (sp_server_get_kernel_state (exchange.server), ==, SP_TCP_STATE_CLOSE);

  /* The whole sequence, in order, with who said it. */
  assert_next (&exchange, &index, exchange.server, SP_SOCKET_STATE_CREATED);
  assert_next (&exchange, &index, exchange.server, SP_SOCKET_STATE_BOUND);
  assert_next (&exchange, &index, exchange.server, SP_SOCKET_STATE_LISTENING);
  assert_next (&exchange, &index, exchange.client, SP_SOCKET_STATE_CREATED);
  assert_next (&exchange, &index, exchange.client, SP_SOCKET_STATE_CONNECTING);
  assert_next (&exchange, &index, exchange.client, SP_SOCKET_STATE_CONNECTED);
  assert_next (&exchange, &index, exchange.client, SP_SOCKET_STATE_CLOSED);
  assert_next (&exchange, &index, exchange.accepted, SP_SOCKET_STATE_HALF_CLOSED);
  assert_next (&exchange, &index, exchange.accepted, SP_SOCKET_STATE_CLOSED);
  assert_next (&exchange, &index, exchange.server, SP_SOCKET_STATE_CLOSED);
  g_assert_cmpuint (gt_signal_logger_get_n_emissions (exchange.logger), ==, 0);

  g_clear_pointer (&exchange.logger, gt_signal_logger_free);
  g_signal_handlers_disconnect_by_data (exchange.server, &exchange);
  g_signal_handlers_disconnect_by_data (exchange.client, &exchange);
  g_signal_handlers_disconnect_by_data (exchange.accepted, &exchange);
  g_array_unref (exchange.values);
  /* The client keeps its last connection: it goes first. */
  g_assert_finalize_object (g_steal_pointer (&exchange.client));
  g_assert_finalize_object (g_steal_pointer (&client_connection));
  g_assert_finalize_object (g_steal_pointer (&exchange.accepted));
  g_assert_finalize_object (g_steal_pointer (&exchange.server));
}

/* Failures ----------------------------------------------------------------------------- */

static void
test_client_refused (void)
{
  g_autoptr(GSocket) occupier = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autofree char *text = NULL;
  Exchange exchange = { 0, };
  guint index = 0;
  guint16 port;

  /* Bound, not listening: connect() is refused without any race. */
  occupier = sp_test_bind_loopback (FALSE, &port);
  text = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, NULL);
  client = sp_client_new (endpoint);

  exchange.logger = logger;
  exchange.values = g_array_new (FALSE, FALSE, sizeof (SpSocketState));
  watch_socket_state (&exchange, client);

  sp_client_connect_async (client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the connect to fail");
  g_assert_null (sp_client_connect_finish (client, result, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED);

  assert_next (&exchange, &index, client, SP_SOCKET_STATE_CREATED);
  assert_next (&exchange, &index, client, SP_SOCKET_STATE_CONNECTING);
  assert_next (&exchange, &index, client, SP_SOCKET_STATE_ERROR);
  g_assert_cmpuint (gt_signal_logger_get_n_emissions (logger), ==, 0);
  g_assert_cmpint (sp_client_get_socket_state (client), ==, SP_SOCKET_STATE_ERROR);

  g_signal_handlers_disconnect_by_data (client, &exchange);
  g_array_unref (exchange.values);
}

static void
test_server_port_in_use (void)
{
  g_autoptr(GSocket) occupier = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint16 port;

  occupier = sp_test_bind_loopback (TRUE, &port);
  text = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);
  server = sp_server_new (endpoint);

  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the start to fail");
  g_assert_false (sp_server_start_finish (server, result, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_IN_USE);
  g_assert_cmpint (sp_server_get_socket_state (server), ==, SP_SOCKET_STATE_ERROR);
  g_assert_cmpint (sp_server_get_kernel_state (server), ==, SP_TCP_STATE_UNKNOWN);
}

/* UDP and Unix sockets have no TCP state, and say so. */
static void
test_not_tcp_connections (void)
{
  g_autoptr(SpEndpoint) udp_endpoint = sp_endpoint_parse ("udp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) udp_server = sp_server_new (udp_endpoint);
  g_autoptr(SpClient) udp_client = NULL;
  g_autoptr(SpConnection) udp_connection = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sp-tcp-state-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "s.sock", NULL);
  g_autofree char *unix_text = g_strdup_printf ("unix:%s", path);
  g_autoptr(SpEndpoint) unix_endpoint = sp_endpoint_parse (unix_text, SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) unix_server = sp_server_new (unix_endpoint);
  g_autoptr(SpClient) unix_client = NULL;
  g_autoptr(SpConnection) unix_connection = NULL;

  start_server (udp_server);
  /* A datagram socket is bound and receives: it never listens. */
  g_assert_cmpint (sp_server_get_socket_state (udp_server), ==, SP_SOCKET_STATE_BOUND);
  g_assert_cmpint (sp_server_get_kernel_state (udp_server), ==, SP_TCP_STATE_UNKNOWN);
  udp_client = sp_client_new (sp_server_get_bound_endpoint (udp_server));
  udp_connection = connect_client (udp_client);
  g_assert_cmpint (sp_connection_get_kernel_state (udp_connection), ==, SP_TCP_STATE_UNKNOWN);
  g_assert_error ((GError *) sp_connection_get_kernel_state_error (udp_connection),
                  SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_TCP);
  sp_connection_refresh_kernel_state (udp_connection);
  g_assert_cmpint (sp_connection_get_kernel_state (udp_connection), ==, SP_TCP_STATE_UNKNOWN);

  start_server (unix_server);
  g_assert_cmpint (sp_server_get_socket_state (unix_server), ==, SP_SOCKET_STATE_LISTENING);
  g_assert_cmpint (sp_server_get_kernel_state (unix_server), ==, SP_TCP_STATE_UNKNOWN);
  unix_client = sp_client_new (unix_endpoint);
  unix_connection = connect_client (unix_client);
  g_assert_cmpint (sp_connection_get_kernel_state (unix_connection), ==, SP_TCP_STATE_UNKNOWN);
  g_assert_error ((GError *) sp_connection_get_kernel_state_error (unix_connection),
                  SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_TCP);

  sp_client_disconnect (udp_client);
  sp_client_disconnect (unix_client);
  sp_test_wait_until (connection_finished, udp_connection, "the UDP close");
  sp_test_wait_until (connection_finished, unix_connection, "the Unix close");
  g_assert_cmpint (sp_connection_get_kernel_state (unix_connection), ==, SP_TCP_STATE_UNKNOWN);
  sp_server_stop (udp_server);
  sp_server_stop (unix_server);
  g_rmdir (dir);
}

/* Step mode ----------------------------------------------------------------------------- */

static gboolean
server_not_waiting (gpointer data)
{
  return !sp_server_get_step_waiting (data);
}

static gboolean
client_not_waiting (gpointer data)
{
  return !sp_client_get_step_waiting (data);
}

static void
step_server (SpServer   *server,
             const char *expected_call)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (sp_server_get_next_call (server), expected_call));
  g_assert_true (sp_server_step (server, &error));
  g_assert_no_error (error);
  sp_test_wait_until (server_not_waiting, server, expected_call);
}

static void
step_client (SpClient   *client,
             const char *expected_call)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (sp_client_get_next_call (client), expected_call));
  g_assert_true (sp_client_step (client, &error));
  g_assert_no_error (error);
  sp_test_wait_until (client_not_waiting, client, expected_call);
}

/* One call per step: each state, and the kernel's, is there between the clicks. A
 * client's connect() completes against a server that has listened but not accepted. */
static void
test_step_mode (void)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) server = sp_server_new (endpoint);
  g_autoptr(SpClient) client = NULL;
  SpConnection *connection;

#ifndef __linux__
  g_test_skip ("The kernel's TCP state is read on Linux only");
  return;
#endif

  sp_server_set_behaviour (server, SP_BEHAVIOUR_MANUAL);
  sp_server_set_step_mode (server, TRUE);
  g_assert_cmpint (sp_server_get_socket_state (server), ==, SP_SOCKET_STATE_NONE);

  step_server (server, "socket(");
  g_assert_cmpint (sp_server_get_socket_state (server), ==, SP_SOCKET_STATE_CREATED);
  /* A fresh TCP socket is in the kernel's CLOSE state. */
  g_assert_cmpint (sp_server_get_kernel_state (server), ==, SP_TCP_STATE_CLOSE);

  step_server (server, "bind(");
  g_assert_cmpint (sp_server_get_socket_state (server), ==, SP_SOCKET_STATE_BOUND);
  g_assert_cmpint (sp_server_get_kernel_state (server), ==, SP_TCP_STATE_CLOSE);

  step_server (server, "listen(");
  g_assert_cmpint (sp_server_get_socket_state (server), ==, SP_SOCKET_STATE_LISTENING);
  g_assert_cmpint (sp_server_get_kernel_state (server), ==, SP_TCP_STATE_LISTEN);

  client = sp_client_new (sp_server_get_bound_endpoint (server));
  sp_client_set_step_mode (client, TRUE);
  g_assert_cmpint (sp_client_get_socket_state (client), ==, SP_SOCKET_STATE_NONE);

  step_client (client, "socket(");
  g_assert_cmpint (sp_client_get_socket_state (client), ==, SP_SOCKET_STATE_CREATED);

  step_client (client, "connect(");
  g_assert_cmpint (sp_client_get_socket_state (client), ==, SP_SOCKET_STATE_CONNECTED);
  connection = sp_client_get_connection (client);
  g_assert_nonnull (connection);
  /* Nobody called accept() yet: the kernel completed the handshake on its own. */
  g_assert_cmpuint (sp_server_get_n_accepted (server), ==, 0);
  g_assert_cmpint (sp_connection_get_kernel_state (connection), ==, SP_TCP_STATE_ESTABLISHED);

  step_server (server, "accept(");
  g_assert_cmpuint (sp_server_get_n_accepted (server), ==, 1);

  sp_client_disconnect (client);
  sp_server_stop (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (sp_server_get_socket_state (server), ==, SP_SOCKET_STATE_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp-state/names", test_names);
  g_test_add_func ("/tcp-state/proc/parse-line", test_proc_parse_line);
  g_test_add_func ("/tcp-state/proc/junk-lines", test_proc_parse_junk);
  g_test_add_func ("/tcp-state/proc/find", test_proc_find);
  g_test_add_func ("/tcp-state/getsockopt/not-tcp", test_read_state_not_tcp);
  g_test_add_func ("/tcp-state/exchange", test_exchange);
  g_test_add_func ("/tcp-state/client-refused", test_client_refused);
  g_test_add_func ("/tcp-state/server-port-in-use", test_server_port_in_use);
  g_test_add_func ("/tcp-state/udp-and-unix", test_not_tcp_connections);
  g_test_add_func ("/tcp-state/step-mode", test_step_mode);

  return g_test_run ();
}
