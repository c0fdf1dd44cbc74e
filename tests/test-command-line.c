/* test-command-line.c — `socket-playground serve` and `connect`, run as programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sp-core.h"
#include "sp-test-util.h"

static const char *
executable (void)
{
  const char *path = g_getenv ("SP_EXECUTABLE");

  g_assert_nonnull (path);
  return path;
}

typedef struct
{
  char *out;
  char *err;
  int   status;
} Ran;

static void
ran_clear (Ran *ran)
{
  g_clear_pointer (&ran->out, g_free);
  g_clear_pointer (&ran->err, g_free);
}

/* Runs the program to its end, waiting on the main loop (the engine may serve meanwhile). */
static void
run_program (Ran                 *ran,
             const char          *stdin_path,
             const char * const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) executable ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (stdin_path != NULL)
    g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, args[0]);
  g_subprocess_communicate_utf8_finish (process, result, &ran->out, &ran->err, &error);
  g_assert_no_error (error);
  ran->status = g_subprocess_get_exit_status (process);
}

/* Every line of a --json run parses, and lists the kinds in order. */
static char *
json_kinds (const char *out,
            const char *want_kind,
            char      **want_payload)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr(GString) kinds = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;

      if (lines[i][0] == '\0')
        continue;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_string_append_printf (kinds, "%s ", json_object_get_string_member (object, "kind"));

      if (want_payload != NULL && *want_payload == NULL &&
          g_str_equal (json_object_get_string_member (object, "kind"), want_kind) &&
          !json_object_get_null_member (object, "payload"))
        *want_payload = g_strdup (json_object_get_string_member (object, "payload"));
    }

  return g_string_free (g_steal_pointer (&kinds), FALSE);
}

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *lines;
  guint16           port;
} Server;

/* Starts `serve` on port 0 and reads its JSON lines until the listen event names the port. */
static void
server_start (Server             *server,
              const char * const *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) executable ());
  g_ptr_array_add (argv, "serve");
  g_ptr_array_add (argv, "tcp://127.0.0.1:0");
  g_ptr_array_add (argv, "--json");
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);

  server->process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  server->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));

  while (server->port == 0)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *line = NULL;
      JsonObject *object;

      g_data_input_stream_read_line_async (server->lines, G_PRIORITY_DEFAULT, NULL,
                                           sp_test_store_result, &result);
      sp_test_wait_for_result (&result, "a line from serve");
      line = g_data_input_stream_read_line_finish_utf8 (server->lines, result, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);

      json_parser_load_from_data (parser, line, -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "server");
      if (g_str_equal (json_object_get_string_member (object, "kind"), "listen"))
        {
          const char *address = json_object_get_string_member (object, "address");

          g_assert_true (g_str_has_prefix (address, "127.0.0.1:"));
          server->port = (guint16) g_ascii_strtoull (address + strlen ("127.0.0.1:"), NULL, 10);
        }
    }
}

/* Reads the rest of serve's output and its exit status. */
static char *
server_finish (Server *server,
               int    *status)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GOutputStream) rest = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice_async (rest, G_INPUT_STREAM (server->lines),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, G_PRIORITY_DEFAULT, NULL,
                                sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "serve's remaining output");
  g_output_stream_splice_finish (rest, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  g_subprocess_wait_async (server->process, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "serve to exit");
  g_subprocess_wait_finish (server->process, result, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (server->process);

  g_clear_object (&server->lines);
  g_clear_object (&server->process);

  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (rest)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (rest)));
}

static void
test_lesson (void)
{
  const char *serve_args[] = { "--reply", "Thank you for connecting", "--close", "--once", NULL };
  Server server = { 0 };
  Ran client = { 0 };
  g_autofree char *target = NULL;
  g_autofree char *client_kinds = NULL;
  g_autofree char *received = NULL;
  g_autofree char *server_out = NULL;
  g_autofree char *server_kinds = NULL;
  g_autofree char *sent = NULL;
  int server_status = -1;

  server_start (&server, serve_args);
  target = g_strdup_printf ("tcp://127.0.0.1:%u", server.port);

  /* Like the tutorial's client: connect, read, print. Sending first would race the
   * server's close and could earn a reset, as it would with the real server.py. */
  run_program (&client, "/dev/null", (const char *[]) { "connect", target, "--json", NULL });

  /* Pipe mode: the greeting on standard output, the events on standard error. */
  g_assert_cmpint (client.status, ==, 0);
  g_assert_cmpstr (client.out, ==, "Thank you for connecting");
  client_kinds = json_kinds (client.err, "recv", &received);
  /* The end of standard input (a shutdown) races the greeting and the server's close:
   * any order is right, and if the peer closed first there is nothing to shut down. */
  {
    g_autoptr(GString) without_shutdown = g_string_new (client_kinds);

    g_string_replace (without_shutdown, "shutdown ", "", 0);
    g_assert_cmpstr (without_shutdown->str, ==, "socket connect recv recv close ");
  }
  g_assert_cmpstr (received, ==, "Thank you for connecting");

  /* serve --once exits by itself once its connection is over. */
  server_out = server_finish (&server, &server_status);
  g_assert_cmpint (server_status, ==, 0);
  server_kinds = json_kinds (server_out, "send", &sent);
  g_assert_true (g_str_has_prefix (server_kinds, "accept "));
  g_assert_cmpstr (sent, ==, "Thank you for connecting");
  ran_clear (&client);
}

typedef struct
{
  GChecksum *checksum;
  guint64    received;
} Sink;

static void
sink_received_cb (SpConnection *connection,
                  GBytes       *bytes,
                  Sink         *sink)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_checksum_update (sink->checksum, data, size);
  sink->received += size;
}

static void
sink_accepted_cb (SpServer     *server,
                  SpConnection *connection,
                  Sink         *sink)
{
  g_signal_connect (connection, "received", G_CALLBACK (sink_received_cb), sink);
}

static void
test_pipe_large (void)
{
  const gsize size = 16 * 1024 * 1024;
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) server = sp_server_new (endpoint);
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) expected = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autofree guint8 *data = g_malloc (size);
  Sink sink = { g_checksum_new (G_CHECKSUM_SHA256), 0 };
  Ran client = { 0 };
  int fd;

  /* Random bytes in a file, so the pipe carries binary data of every value. */
  for (gsize i = 0; i < size; i += 4)
    {
      guint32 r = g_test_rand_int ();
      memcpy (data + i, &r, 4);
    }
  g_checksum_update (expected, data, size);
  fd = g_file_open_tmp ("sp-pipe-XXXXXX", &path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, (const char *) data, size, &error));
  close (fd);

  sp_server_set_behaviour (server, SP_BEHAVIOUR_DISCARD);
  sp_event_log_set_budget (sp_server_get_log (server), 1024 * 1024);
  g_signal_connect (server, "connection-accepted", G_CALLBACK (sink_accepted_cb), &sink);
  sp_server_start_async (server, NULL, sp_test_store_result, &started);
  sp_test_wait_for_result (&started, "the sink to start");
  g_assert_true (sp_server_start_finish (server, started, &error));

  target = sp_endpoint_to_string (sp_server_get_bound_endpoint (server));
  run_program (&client, path, (const char *[]) { "connect", target, "--quiet", NULL });

  /* stdin's end half-closed the socket; the sink closed in turn, and connect exited 0. */
  g_assert_cmpint (client.status, ==, 0);
  g_assert_cmpstr (client.err, ==, "");
  g_assert_cmpuint (sink.received, ==, size);
  g_assert_cmpuint (sp_server_get_bytes_received (server), ==, size);
  g_assert_cmpstr (g_checksum_get_string (sink.checksum), ==, g_checksum_get_string (expected));

  sp_server_stop (server);
  g_unlink (path);
  g_checksum_free (sink.checksum);
  ran_clear (&client);
}

static void
test_rules (void)
{
  const char *serve_args[] = { "--rule", "/^HELO (.*)$/=250 Hello \\1\\r\\n", "--rule", "QUIT=221 Bye\\r\\n",
                               "--fallback", "500 What?\\r\\n", "--once", NULL };
  Server server = { 0 };
  Ran client = { 0 };
  g_autofree char *target = NULL;
  g_autofree char *path = NULL;
  g_autofree char *server_out = NULL;
  g_autoptr(GError) error = NULL;
  int server_status = -1;
  int fd;

  fd = g_file_open_tmp ("sp-rules-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "HELO learner\r\nNOOP\r\nQUIT\r\n", -1, &error));

  server_start (&server, serve_args);
  target = g_strdup_printf ("tcp://127.0.0.1:%u", server.port);
  run_program (&client, path, (const char *[]) { "connect", target, "--quiet", NULL });

  /* Three lines in, three answers out, in order: a rule, the fallback, a rule. */
  g_assert_cmpint (client.status, ==, 0);
  g_assert_cmpstr (client.out, ==, "250 Hello learner\r\n500 What?\r\n221 Bye\r\n");

  server_out = server_finish (&server, &server_status);
  g_assert_cmpint (server_status, ==, 0);
  g_unlink (path);
  ran_clear (&client);
}

/* serve --protocol: the same demo server as in the app, its conversation on standard output. */
static void
test_serve_protocol (void)
{
  const char *serve_args[] = { "--protocol", "http", "--once", NULL };
  Server server = { 0 };
  Ran client = { 0 };
  g_autofree char *target = NULL;
  g_autofree char *path = NULL;
  g_autofree char *server_out = NULL;
  g_autoptr(GError) error = NULL;
  int server_status = -1;
  int fd;

  fd = g_file_open_tmp ("sp-http-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "GET /hello.txt HTTP/1.0\r\n\r\n", -1, &error));

  server_start (&server, serve_args);
  target = g_strdup_printf ("tcp://127.0.0.1:%u", server.port);
  run_program (&client, path, (const char *[]) { "connect", target, "--quiet", NULL });

  g_assert_cmpint (client.status, ==, 0);
  g_assert_true (g_str_has_prefix (client.out, "HTTP/1.1 200 OK\r\n"));
  g_assert_true (g_str_has_suffix (client.out, "\r\n\r\nHello from the Socket Playground HTTP demo server!\n"));

  /* One JSON line per command and reply, as the pane's log shows them. */
  server_out = server_finish (&server, &server_status);
  g_assert_cmpint (server_status, ==, 0);
  g_assert_nonnull (strstr (server_out, "\"message\":\"Command: GET /hello.txt HTTP/1.0\""));
  g_assert_nonnull (strstr (server_out, "\"message\":\"Reply: HTTP/1.1 200 OK\""));
  g_unlink (path);
  ran_clear (&client);
}

static void
test_refused (void)
{
  guint16 port;
  g_autoptr(GSocket) bound_only = sp_test_bind_loopback (FALSE, &port);
  g_autofree char *target = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  Ran client = { 0 };

  run_program (&client, NULL, (const char *[]) { "connect", target, "--send", "x", "--json", NULL });
  g_assert_cmpint (client.status, ==, 1);
  g_assert_true (g_str_has_prefix (client.err, "socket-playground: Connection refused"));

  /* The JSON line of the failure names its GError, for programs that grade or react. */
  g_assert_nonnull (strstr (client.out, "\"error\":{\"domain\":\"sp-socket-error-quark\",\"code\":"));
  g_assert_nonnull (strstr (client.out, "\"name\":\"SP_SOCKET_ERROR_CONNECTION_REFUSED\"}"));
  ran_clear (&client);
}

static void
test_port_in_use (void)
{
  guint16 port;
  g_autoptr(GSocket) holder = sp_test_bind_loopback (TRUE, &port);
  g_autofree char *target = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  g_autofree char *expected = g_strdup_printf ("socket-playground: Port %u is already in use", port);
  Ran server = { 0 };

  run_program (&server, NULL, (const char *[]) { "serve", target, "--quiet", NULL });
  g_assert_cmpint (server.status, ==, 1);
  g_assert_true (g_str_has_prefix (server.err, expected));
  ran_clear (&server);
}

typedef struct
{
  const char *name;
  const char *args[6];
  const char *expected;  /* the start of the sentence on standard error */
} UsageCase;

static const UsageCase usage_cases[] = {
  { "no-endpoint", { "serve", NULL }, "socket-playground: Give exactly one endpoint" },
  { "bad-endpoint", { "serve", "tcp:127.0.0.1:80", NULL }, "socket-playground: Write two slashes" },
  { "client-port-zero", { "connect", "tcp://127.0.0.1:0", NULL }, "socket-playground: A client cannot connect to port 0" },
  { "close-without-reply", { "serve", "tcp://127.0.0.1:0", "--close", NULL }, "socket-playground: --close only goes with --reply" },
  { "two-behaviours", { "serve", "tcp://127.0.0.1:0", "--echo", "--chat", NULL }, "socket-playground: Choose one behaviour" },
  { "bad-escape", { "connect", "tcp://127.0.0.1:9", "--send", "a\\qb", NULL }, "socket-playground: --send “a\\qb”:" },
  { "unknown-option", { "connect", "tcp://127.0.0.1:9", "--frobnicate", NULL }, "socket-playground: Unknown option --frobnicate" },
  { "bad-rule", { "serve", "tcp://127.0.0.1:0", "--rule", "/unclosed=x", NULL }, "socket-playground: --rule “/unclosed=x”:" },
  { "framing-without-rules", { "serve", "tcp://127.0.0.1:0", "--framing", "read", NULL }, "socket-playground: --framing and --fallback go with --rule" },
  { "negative-timeout", { "connect", "tcp://127.0.0.1:9", "--timeout", "-1", NULL }, "socket-playground: Timeouts are whole numbers" },
  { "unknown-protocol", { "serve", "--protocol", "finger", NULL }, "socket-playground: There is no demo server for “finger”. Demo servers speak: gopher, http," },
  { "protocol-with-reply", { "serve", "--protocol", "http", "--reply", "x", NULL }, "socket-playground: --protocol decides how the server answers" },
  { "protocol-datagram", { "serve", "--protocol", "ftp", "udp://127.0.0.1:0", NULL }, "socket-playground: The ftp demo server needs a stream endpoint" },
};

static void
test_usage (gconstpointer data)
{
  const UsageCase *c = data;
  Ran ran = { 0 };

  run_program (&ran, NULL, c->args);
  g_assert_cmpint (ran.status, ==, 2);
  if (!g_str_has_prefix (ran.err, c->expected))
    g_error ("Expected standard error to start with “%s”, got “%s”", c->expected, ran.err);
  /* The usage follows the sentence, so the person sees how to fix it. */
  g_assert_nonnull (strstr (ran.err, "Usage:"));
  ran_clear (&ran);
}

static void
test_help (void)
{
  Ran ran = { 0 };

  run_program (&ran, NULL, (const char *[]) { "connect", "--help", NULL });
  g_assert_cmpint (ran.status, ==, 0);
  g_assert_true (g_str_has_prefix (ran.out, "Usage:\n  socket-playground connect [OPTION…] ENDPOINT"));
  g_assert_nonnull (strstr (ran.out, "--half-close"));
  ran_clear (&ran);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/lesson", test_lesson);
  g_test_add_func ("/cli/pipe-16-mib", test_pipe_large);
  g_test_add_func ("/cli/rules", test_rules);
  g_test_add_func ("/cli/serve-protocol", test_serve_protocol);
  g_test_add_func ("/cli/refused", test_refused);
  g_test_add_func ("/cli/port-in-use", test_port_in_use);
  g_test_add_func ("/cli/help", test_help);
  for (guint i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/usage/%s", usage_cases[i].name);
      g_test_add_data_func (path, &usage_cases[i], test_usage);
    }

  return g_test_run ();
}
