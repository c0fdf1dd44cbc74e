/* test-pcapng.c — real exchanges on loopback, exported as pcapng, read back by tshark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The capture is checked by Wireshark's own dissectors: `tshark -z expert` must find
 * nothing at warning level or above (checksums verified too), and "Follow Stream" must
 * give exactly the bytes that travelled, both ways. Skipped where tshark is missing.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

#define BIG_SIZE (100 * 1024)

typedef struct
{
  char *dir;
  char *path;
} Capture;

static char *
tshark_path (void)
{
  char *path = g_find_program_in_path ("tshark");

  if (path == NULL)
    g_test_skip ("tshark is not installed (Debian package tshark)");

  return path;
}

static void
capture_init (Capture *capture)
{
  g_autoptr(GError) error = NULL;

  capture->dir = g_dir_make_tmp ("sp-pcapng-XXXXXX", &error);
  g_assert_no_error (error);
  capture->path = g_build_filename (capture->dir, "capture.pcapng", NULL);
}

static void
capture_clear (Capture *capture)
{
  g_unlink (capture->path);
  g_rmdir (capture->dir);
  g_clear_pointer (&capture->path, g_free);
  g_clear_pointer (&capture->dir, g_free);
}

/* Runs tshark with @args on the capture; returns its standard output. Standard error
 * may only hold the notice tshark prints when run as root. */
static char *
run_tshark (const char  *tshark,
            const char  *path,
            const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) err_lines = NULL;
  int status;

  g_ptr_array_add (argv, (char *) tshark);
  g_ptr_array_add (argv, (char *) "-n");
  g_ptr_array_add (argv, (char *) "-r");
  g_ptr_array_add (argv, (char *) path);
  /* Check every checksum: a wrong one is an expert error. */
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, (char *) "ip.check_checksum:TRUE");
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, (char *) "tcp.check_checksum:TRUE");
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, (char *) "udp.check_checksum:TRUE");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("tshark failed:\n%s\n%s", out, err);
  g_assert_no_error (error);

  err_lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; err_lines[i] != NULL; i++)
    {
      const char *line = err_lines[i];

      if (line[0] == '\0' || strstr (line, "Running as user") != NULL ||
          strstr (line, "could be dangerous") != NULL)
        continue;
      g_test_message ("tshark said on standard error: %s", line);
      g_assert_not_reached ();
    }

  return g_steal_pointer (&out);
}

/* Nothing at warning level or above: checksums right, sequence numbers consistent. */
static void
assert_no_expert_warnings (const char *tshark,
                           const char *path)
{
  const char *expert[] = { "-q", "-z", "expert,warn", NULL };
  const char *list[] = { NULL };
  g_autofree char *report = run_tshark (tshark, path, expert);
  g_autofree char *frames = run_tshark (tshark, path, list);

  g_test_message ("Frames:\n%s", frames);
  g_test_message ("Expert information at warning level and above:\n%s", report);

  g_assert_null (strstr (report, "Errors ("));
  g_assert_null (strstr (report, "Warns ("));
  g_assert_null (strstr (frames, "Malformed"));
  g_assert_null (strstr (frames, "Previous segment"));
  g_assert_null (strstr (frames, "Retransmission"));
  g_assert_null (strstr (frames, "Dup ACK"));
}

static GByteArray *
hex_to_bytes (const char *hex)
{
  GByteArray *bytes = g_byte_array_new ();

  for (gsize i = 0; g_ascii_isxdigit (hex[i]) && g_ascii_isxdigit (hex[i + 1]); i += 2)
    {
      guint8 byte = (g_ascii_xdigit_value (hex[i]) << 4) | g_ascii_xdigit_value (hex[i + 1]);

      g_byte_array_append (bytes, &byte, 1);
    }

  return bytes;
}

/* `tshark -z follow,PROTO,raw,0`: lines of hex, the second node's indented by a tab. */
static void
follow_stream (const char  *tshark,
               const char  *path,
               const char  *protocol,
               GByteArray **from_first,
               GByteArray **from_second)
{
  g_autofree char *spec = g_strdup_printf ("follow,%s,raw,0", protocol);
  const char *args[] = { "-q", "-z", spec, NULL };
  g_autofree char *out = run_tshark (tshark, path, args);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  gboolean in_data = FALSE;

  *from_first = g_byte_array_new ();
  *from_second = g_byte_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autoptr(GByteArray) chunk = NULL;

      if (g_str_has_prefix (line, "Node 1:"))
        {
          in_data = TRUE;
          continue;
        }
      if (!in_data || line[0] == '\0')
        continue;
      if (g_str_has_prefix (line, "===="))
        break;

      if (line[0] == '\t')
        {
          chunk = hex_to_bytes (line + 1);
          g_byte_array_append (*from_second, chunk->data, chunk->len);
        }
      else
        {
          chunk = hex_to_bytes (line);
          g_byte_array_append (*from_first, chunk->data, chunk->len);
        }
    }
}

static void
assert_stream_bytes (GByteArray *seen,
                     GByteArray *expected)
{
  g_assert_cmpuint (seen->len, ==, expected->len);
  g_assert_cmpmem (seen->data, seen->len, expected->data, expected->len);
}

/* An exchange --------------------------------------------------------------------------- */

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
  sp_test_wait_for_result (&result, "the server to start");
  g_assert_true (sp_server_start_finish (server, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&server);
}

static SpClient *
connected_client (SpServer      *server,
                  SpConnection **out_connection)
{
  g_autoptr(SpClient) client = sp_client_new (sp_server_get_bound_endpoint (server));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sp_client_connect_async (client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the client to connect");
  *out_connection = sp_client_connect_finish (client, result, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&client);
}

static void
send_bytes (SpClient     *client,
            GByteArray   *record,
            const guint8 *data,
            gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_client_send (client, bytes, &error));
  g_assert_no_error (error);
  g_byte_array_append (record, data, size);
}

typedef struct
{
  SpClient *client;
  guint64   bytes;
} Received;

static gboolean
client_received (gpointer data)
{
  Received *received = data;

  return sp_client_get_bytes_received (received->client) >= received->bytes;
}

static gboolean
connection_finished (gpointer data)
{
  return sp_connection_get_end_time (data) != 0;
}

static gboolean
server_has_no_open_connection (gpointer data)
{
  SpServer *server = data;
  guint n = g_list_model_get_n_items (sp_server_get_connections (server));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpConnection) connection = g_list_model_get_item (sp_server_get_connections (server), i);

      if (sp_connection_is_open (connection))
        return FALSE;
    }

  return TRUE;
}

/* Text, every byte value, and 100 KiB (more than 70 segments), then a half-close:
 * the echo server sends back what is left and closes, and so does the client. */
static void
run_tcp_exchange (const char  *server_text,
                  SpServer   **out_server,
                  SpClient   **out_client,
                  GByteArray **out_sent)
{
  g_autoptr(SpServer) server = start_server (server_text, SP_BEHAVIOUR_ECHO);
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(SpClient) client = connected_client (server, &connection);
  g_autoptr(GByteArray) sent = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *big = g_malloc (BIG_SIZE);
  guint8 every[256];
  Received received;

  for (guint i = 0; i < 256; i++)
    every[i] = i;
  for (guint i = 0; i < BIG_SIZE; i++)
    big[i] = (i * 7 + i / 251) & 0xff;

  send_bytes (client, sent, (const guint8 *) "hello\r\n", 7);
  send_bytes (client, sent, every, sizeof every);
  send_bytes (client, sent, big, BIG_SIZE);
  send_bytes (client, sent, (const guint8 *) "bye\n", 4);

  received.client = client;
  received.bytes = sent->len;
  sp_test_wait_until (client_received, &received, "the echo of everything sent");

  g_assert_true (sp_client_shutdown_write (client, &error));
  g_assert_no_error (error);
  sp_test_wait_until (connection_finished, connection, "the client's connection to close");
  sp_test_wait_until (server_has_no_open_connection, server, "the server to close its side");

  *out_server = g_steal_pointer (&server);
  *out_client = g_steal_pointer (&client);
  *out_sent = g_steal_pointer (&sent);
}

static void
export_logs (Capture       *capture,
             SpPcapngStats *stats,
             SpEventLog    *first,
             ...)
{
  g_autoptr(GPtrArray) logs = g_ptr_array_new ();
  g_autoptr(GFile) file = g_file_new_for_path (capture->path);
  g_autoptr(GError) error = NULL;
  SpEventLog *log = first;
  va_list args;

  va_start (args, first);
  while (log != NULL)
    {
      g_ptr_array_add (logs, log);
      log = va_arg (args, SpEventLog *);
    }
  va_end (args);

  g_assert_true (sp_pcapng_write_file (logs, file, stats, NULL, &error));
  g_assert_no_error (error);
}

/* Both logs given: one connection, seen from both ends, each byte once. */
static void
check_tcp_both_logs (const char *server_text)
{
  g_autofree char *tshark = tshark_path ();
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(GByteArray) sent = NULL;
  g_autoptr(GByteArray) to_server = NULL;
  g_autoptr(GByteArray) to_client = NULL;
  SpPcapngStats stats;
  Capture capture;

  if (tshark == NULL)
    return;

  run_tcp_exchange (server_text, &server, &client, &sent);

  capture_init (&capture);
  export_logs (&capture, &stats, sp_client_get_log (client), sp_server_get_log (server), NULL);

  g_assert_cmpuint (stats.n_tcp_connections, ==, 1);
  g_assert_cmpuint (stats.n_paired, ==, 1);
  g_assert_cmpuint (stats.n_udp_flows, ==, 0);
  g_assert_cmpuint (stats.n_unix_skipped, ==, 0);
  g_assert_cmpuint (stats.n_incomplete, ==, 0);
  g_assert_cmpuint (stats.n_missing_payloads, ==, 0);
  /* Handshake, more than 70 data segments each way with their ACKs, and the close. */
  g_assert_cmpuint (stats.n_frames, >, 2 * 70 + 3 + 4);

  assert_no_expert_warnings (tshark, capture.path);
  follow_stream (tshark, capture.path, "tcp", &to_server, &to_client);
  assert_stream_bytes (to_server, sent);
  assert_stream_bytes (to_client, sent);

  capture_clear (&capture);
}

static void
test_tcp_both_logs (void)
{
  check_tcp_both_logs ("tcp://127.0.0.1:0");
}

static void
test_tcp_ipv6 (void)
{
  if (!sp_test_have_ipv6 ())
    {
      g_test_skip ("IPv6 is not available");
      return;
    }

  check_tcp_both_logs ("tcp://[::1]:0");
}

/* One log alone: the other end's bytes come from its recv() calls. */
static void
test_tcp_one_log (gconstpointer data)
{
  gboolean client_side = GPOINTER_TO_INT (data);
  g_autofree char *tshark = tshark_path ();
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(GByteArray) sent = NULL;
  g_autoptr(GByteArray) to_server = NULL;
  g_autoptr(GByteArray) to_client = NULL;
  SpPcapngStats stats;
  Capture capture;

  if (tshark == NULL)
    return;

  run_tcp_exchange ("tcp://127.0.0.1:0", &server, &client, &sent);

  capture_init (&capture);
  export_logs (&capture, &stats,
               client_side ? sp_client_get_log (client) : sp_server_get_log (server), NULL);

  g_assert_cmpuint (stats.n_tcp_connections, ==, 1);
  g_assert_cmpuint (stats.n_paired, ==, 0);

  assert_no_expert_warnings (tshark, capture.path);
  follow_stream (tshark, capture.path, "tcp", &to_server, &to_client);
  assert_stream_bytes (to_server, sent);
  assert_stream_bytes (to_client, sent);

  capture_clear (&capture);
}

typedef struct
{
  GPtrArray *datagrams;
  guint      count;
} Expect;

static void
collect_cb (SpConnection *connection,
            GBytes       *bytes,
            GPtrArray    *datagrams)
{
  g_ptr_array_add (datagrams, g_bytes_ref (bytes));
}

static gboolean
have_datagrams (gpointer data)
{
  Expect *expect = data;

  return expect->datagrams->len >= expect->count;
}

static void
test_udp (void)
{
  g_autofree char *tshark = tshark_path ();
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GPtrArray) echoes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GByteArray) sent = g_byte_array_new ();
  g_autoptr(GByteArray) to_server = NULL;
  g_autoptr(GByteArray) to_client = NULL;
  static const guint8 binary[] = { 0x00, 0x01, 0xfe, 0xff, 0x0d, 0x0a, 0x80 };
  guint8 large[1400];
  SpPcapngStats stats;
  Capture capture;
  Expect expect;

  if (tshark == NULL)
    return;

  for (guint i = 0; i < sizeof large; i++)
    large[i] = i % 253;

  server = start_server ("udp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  client = connected_client (server, &connection);
  g_signal_connect (connection, "received", G_CALLBACK (collect_cb), echoes);

  send_bytes (client, sent, (const guint8 *) "ping\n", 5);
  send_bytes (client, sent, binary, sizeof binary);
  send_bytes (client, sent, large, sizeof large);

  expect.datagrams = echoes;
  expect.count = 3;
  sp_test_wait_until (have_datagrams, &expect, "three echoed datagrams");
  g_signal_handlers_disconnect_by_func (connection, collect_cb, echoes);

  capture_init (&capture);
  export_logs (&capture, &stats, sp_server_get_log (server), sp_client_get_log (client), NULL);

  g_assert_cmpuint (stats.n_udp_flows, ==, 1);
  g_assert_cmpuint (stats.n_paired, ==, 1);
  g_assert_cmpuint (stats.n_tcp_connections, ==, 0);
  g_assert_cmpuint (stats.n_datagrams, ==, 6);
  g_assert_cmpuint (stats.n_frames, ==, 6);

  assert_no_expert_warnings (tshark, capture.path);
  follow_stream (tshark, capture.path, "udp", &to_server, &to_client);
  assert_stream_bytes (to_server, sent);
  assert_stream_bytes (to_client, sent);

  capture_clear (&capture);
  sp_client_disconnect (client);
  sp_server_stop (server);
}

/* Unix sockets have no IP: their traffic is left out, and counted so the app can say so. */
static void
test_unix_skipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sp-pcapng-unix-XXXXXX", &error);
  g_autofree char *socket_path = g_build_filename (dir, "echo.sock", NULL);
  g_autofree char *text = g_strdup_printf ("unix:%s", socket_path);
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GByteArray) sent = g_byte_array_new ();
  SpPcapngStats stats;
  Capture capture;
  Received received;

  g_assert_no_error (error);
  server = start_server (text, SP_BEHAVIOUR_ECHO);
  client = connected_client (server, &connection);
  send_bytes (client, sent, (const guint8 *) "over a Unix socket\n", 19);
  received.client = client;
  received.bytes = sent->len;
  sp_test_wait_until (client_received, &received, "the echo over the Unix socket");

  capture_init (&capture);
  export_logs (&capture, &stats, sp_client_get_log (client), sp_server_get_log (server), NULL);

  g_assert_cmpuint (stats.n_unix_skipped, ==, 2);
  g_assert_cmpuint (stats.n_tcp_connections, ==, 0);
  g_assert_cmpuint (stats.n_frames, ==, 0);

  capture_clear (&capture);
  sp_client_disconnect (client);
  sp_server_stop (server);
  g_unlink (socket_path);
  g_rmdir (dir);
}

/* Made-up logs ------------------------------------------------------------------------ */

static SpEvent *
add_event (SpEventLog  *log,
           SpEventKind  kind,
           SpDirection  direction,
           guint        id,
           const char  *call,
           const char  *payload)
{
  g_autoptr(GBytes) bytes = payload != NULL ? g_bytes_new (payload, strlen (payload)) : NULL;

  return sp_event_log_add (log, kind, direction, id, bytes, call, "made up");
}

static SpEventLog *
client_log_opening (void)
{
  SpEventLog *log = sp_event_log_new ();
  g_autoptr(SpEvent) connect = NULL;

  add_event (log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, 1, "socket(AF_INET, SOCK_STREAM)", NULL);
  connect = sp_event_new (SP_EVENT_KIND_CONNECT, SP_DIRECTION_NONE, 1, "connect(('127.0.0.1', 9))",
                          "made up", NULL);
  sp_event_set_address (connect, "127.0.0.1:9");
  sp_event_set_local_address (connect, "127.0.0.1:40000");
  sp_event_log_append (log, connect);

  return log;
}

/* A payload the budget dropped: counted, and a gap in the sequence, not made-up bytes. */
static void
test_missing_payload (void)
{
  g_autofree char *tshark = tshark_path ();
  g_autoptr(SpEventLog) log = client_log_opening ();
  g_autofree char *frames = NULL;
  SpPcapngStats stats;
  Capture capture;
  SpEvent *dropped;
  const char *list[] = { NULL };

  add_event (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, "send()", "abc");
  dropped = add_event (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, "send()", "0123456789");
  sp_event_drop_payload (dropped);
  add_event (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, "send()", "xyz");
  add_event (log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, 1, "close()", NULL);

  capture_init (&capture);
  export_logs (&capture, &stats, log, NULL);

  g_assert_cmpuint (stats.n_missing_payloads, ==, 1);
  g_assert_cmpuint (stats.missing_bytes, ==, 10);
  /* SYN, SYN-ACK, ACK; abc and its ACK; xyz and its ACK; FIN and its ACK. */
  g_assert_cmpuint (stats.n_frames, ==, 9);

  if (tshark != NULL)
    {
      frames = run_tshark (tshark, capture.path, list);
      g_test_message ("%s", frames);
      g_assert_nonnull (strstr (frames, "Previous segment not captured"));
      /* xyz comes 3 + 10 bytes after the start of the stream. */
      g_assert_nonnull (strstr (frames, "Seq=14 Ack=1"));
    }

  capture_clear (&capture);
}

/* A reset seen by the client: an RST from the server, and nothing after it. */
static void
test_reset (void)
{
  g_autofree char *tshark = tshark_path ();
  g_autoptr(SpEventLog) log = client_log_opening ();
  g_autoptr(GError) reset = g_error_new_literal (SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_RESET,
                                                 "made up");
  const char *fields[] = { "-T", "fields", "-e", "tcp.srcport", "-e", "tcp.flags.str", NULL };
  g_autofree char *frames = NULL;
  SpPcapngStats stats;
  Capture capture;

  add_event (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, "send()", "GET / HTTP/1.0\r\n\r\n");
  sp_event_log_add_error (log, 1, "recv()", NULL, reset);
  add_event (log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, 1, "close()", NULL);

  capture_init (&capture);
  export_logs (&capture, &stats, log, NULL);

  /* SYN, SYN-ACK, ACK, the request and its ACK, the RST; no FIN after it. */
  g_assert_cmpuint (stats.n_frames, ==, 6);

  if (tshark != NULL)
    {
      g_auto(GStrv) lines = NULL;

      frames = run_tshark (tshark, capture.path, fields);
      lines = g_strsplit (g_strstrip (frames), "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 6);
      g_assert_true (g_str_has_prefix (lines[5], "9\t"));
      g_assert_nonnull (strstr (lines[5], "R"));
    }

  capture_clear (&capture);
}

static void
test_write_error (void)
{
  g_autoptr(SpEventLog) log = client_log_opening ();
  g_autoptr(GPtrArray) logs = g_ptr_array_new ();
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent-folder/capture.pcapng");
  g_autoptr(SpPcapngWriter) writer = sp_pcapng_writer_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (logs, log);
  g_assert_false (sp_pcapng_write_file (logs, file, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  sp_pcapng_writer_add_log (writer, log);
  sp_pcapng_writer_save_async (writer, file, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the capture to fail");
  g_assert_false (sp_pcapng_writer_save_finish (writer, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* The asynchronous save writes the same bytes as the blocking write. */
static void
test_save_async (void)
{
  g_autoptr(SpEventLog) log = client_log_opening ();
  g_autoptr(SpPcapngWriter) writer = sp_pcapng_writer_new ();
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  Capture capture;

  add_event (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, "send()", "hello\n");
  add_event (log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, 1, "recv()", "HELLO\n");
  add_event (log, SP_EVENT_KIND_SHUTDOWN, SP_DIRECTION_OUT, 1, "shutdown(SHUT_WR)", NULL);
  add_event (log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, 1, "recv() → b''", NULL);
  add_event (log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, 1, "close()", NULL);

  sp_pcapng_writer_add_log (writer, log);
  g_assert_true (sp_pcapng_writer_write (writer, memory, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (memory, NULL, &error));
  written = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  /* SYN, SYN-ACK, ACK, data and ACK each way, FIN and ACK each way; close adds nothing. */
  g_assert_cmpuint (sp_pcapng_writer_get_stats (writer)->n_frames, ==, 11);

  capture_init (&capture);
  file = g_file_new_for_path (capture.path);
  sp_pcapng_writer_save_async (writer, file, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the capture to be saved");
  g_assert_true (sp_pcapng_writer_save_finish (writer, result, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (capture.path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (written, NULL), g_bytes_get_size (written));

  capture_clear (&capture);
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&writer));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pcapng/tcp/both-logs", test_tcp_both_logs);
  g_test_add_func ("/pcapng/tcp/ipv6", test_tcp_ipv6);
  g_test_add_data_func ("/pcapng/tcp/client-log-only", GINT_TO_POINTER (TRUE), test_tcp_one_log);
  g_test_add_data_func ("/pcapng/tcp/server-log-only", GINT_TO_POINTER (FALSE), test_tcp_one_log);
  g_test_add_func ("/pcapng/udp", test_udp);
  g_test_add_func ("/pcapng/unix-skipped", test_unix_skipped);
  g_test_add_func ("/pcapng/missing-payload", test_missing_payload);
  g_test_add_func ("/pcapng/reset", test_reset);
  g_test_add_func ("/pcapng/write-error", test_write_error);
  g_test_add_func ("/pcapng/save-async", test_save_async);

  return g_test_run ();
}
