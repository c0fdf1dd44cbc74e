/* test-faults.c — peers that misbehave, and a server that keeps serving after each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case points one fault at a running engine server (a reset in the middle of a
 * transfer, a peer that never reads, a peer killed with SIGKILL, a flood of binary junk,
 * a thousand clients at once, a half-close from either side), checks that the server
 * tells what happened with exact counters and bounded memory, then checks that a fresh
 * client is still served by the very same server.
 *
 * The misbehaving peers are python3 programs (standard library only) or raw sockets, all
 * on loopback with ports the system chose.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sp-core.h"
#include "sp-test-util.h"

#define GREETING "Thank you for connecting"

/* The misbehaving peers, one mode each:
 *   flood HOST PORT SIZE        send SIZE random bytes, half-close, read to the end
 *   hog HOST PORT SIZE          send SIZE bytes and never read; say "sent", wait for stdin
 *   vanish HOST PORT read|peek  send a line, read its echo (or only peek at it, leaving it
 *                               unread), say "ready", wait to be killed
 *   crowd HOST PORT N           open N connections before reading any, then read each to
 *                               the end; print how many got exactly the greeting, how
 *                               many got something else or an error, and how many were
 *                               still silent when nothing had moved for 2 s
 *   summarise HOST              listen on port 0, print the port, read one client to the
 *                               end, answer with the byte count and SHA-256, close
 *   half-close HOST PORT SIZE   send SIZE bytes then shutdown(SHUT_WR) while reading the
 *                               echo to the end; print its length and whether it matches */
static const char peer_py[] =
  "import hashlib, os, selectors, socket, sys, threading, time\n"
  "mode, host = sys.argv[1], sys.argv[2]\n"
  "def connect():\n"
  "    s = socket.create_connection((host, int(sys.argv[3])), timeout=30)\n"
  "    return s\n"
  "if mode == 'flood':\n"
  "    s = connect()\n"
  "    s.sendall(os.urandom(int(sys.argv[4])))\n"
  "    s.shutdown(socket.SHUT_WR)\n"
  "    while s.recv(65536):\n"
  "        pass\n"
  "elif mode == 'hog':\n"
  "    s = connect()\n"
  "    s.sendall(bytes(range(256)) * (int(sys.argv[4]) // 256))\n"
  "    print('sent', flush=True)\n"
  "    sys.stdin.read()\n"
  "elif mode == 'vanish':\n"
  "    s = connect()\n"
  "    s.sendall(b'hello\\n')\n"
  "    if sys.argv[4] == 'peek':\n"
  "        while len(s.recv(6, socket.MSG_PEEK)) < 6:\n"
  "            pass\n"
  "    else:\n"
  "        got = b''\n"
  "        while len(got) < 6:\n"
  "            got += s.recv(6 - len(got))\n"
  "    print('ready', flush=True)\n"
  "    sys.stdin.read()\n"
  "elif mode == 'crowd':\n"
  "    n = int(sys.argv[4])\n"
  "    selector = selectors.DefaultSelector()\n"
  "    for i in range(n):\n"
  "        s = socket.socket()\n"
  "        s.setblocking(False)\n"
  "        s.connect_ex((host, int(sys.argv[3])))\n"
  "        selector.register(s, selectors.EVENT_READ, bytearray())\n"
  "    good, bad, left = 0, 0, n\n"
  "    last = time.monotonic()\n"
  "    deadline = last + 15\n"
  "    while left and time.monotonic() < min(deadline, last + 2):\n"
  "        for key, _ in selector.select(timeout=0.5):\n"
  "            try:\n"
  "                data = key.fileobj.recv(4096)\n"
  "            except OSError:\n"
  "                data = None\n"
  "            if data:\n"
  "                key.data.extend(data)\n"
  "                continue\n"
  "            if data is not None and key.data == b'" GREETING "':\n"
  "                good += 1\n"
  "            else:\n"
  "                bad += 1\n"
  "            selector.unregister(key.fileobj)\n"
  "            key.fileobj.close()\n"
  "            left -= 1\n"
  "            last = time.monotonic()\n"
  "    print(good, bad, left, flush=True)\n"
  "elif mode == 'summarise':\n"
  "    listener = socket.socket()\n"
  "    listener.bind((host, 0))\n"
  "    listener.listen(1)\n"
  "    print(listener.getsockname()[1], flush=True)\n"
  "    listener.settimeout(30)\n"
  "    c, _ = listener.accept()\n"
  "    c.settimeout(30)\n"
  "    digest, n = hashlib.sha256(), 0\n"
  "    while True:\n"
  "        data = c.recv(65536)\n"
  "        if not data:\n"
  "            break\n"
  "        digest.update(data)\n"
  "        n += len(data)\n"
  "    c.sendall(b'%d %s\\n' % (n, digest.hexdigest().encode()))\n"
  "    c.close()\n"
  "elif mode == 'half-close':\n"
  "    s = connect()\n"
  "    data = os.urandom(int(sys.argv[4]))\n"
  "    def send():\n"
  "        s.sendall(data)\n"
  "        s.shutdown(socket.SHUT_WR)\n"
  "    sender = threading.Thread(target=send)\n"
  "    sender.start()\n"
  "    got = bytearray()\n"
  "    while True:\n"
  "        chunk = s.recv(65536)\n"
  "        if not chunk:\n"
  "            break\n"
  "        got += chunk\n"
  "    sender.join()\n"
  "    print(len(got), 'same' if got == data else 'different', flush=True)\n";

/* Helpers ------------------------------------------------------------------------------ */

static char *
find_python (void)
{
  /* Debian's own interpreter starts fastest; any python3 on PATH will do. */
  if (g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/bin/python3");

  return g_find_program_in_path ("python3");
}

static gboolean
skip_without_python (char **out_python)
{
  *out_python = find_python ();
  if (*out_python == NULL)
    {
      g_test_skip ("python3 is not installed, so this misbehaving peer cannot be run.");
      return TRUE;
    }

  return FALSE;
}

/* python3 running peer_py in @mode with @args; stdout is piped for its one-line reports. */
static GSubprocess *
spawn_peer (const char       *python,
            GSubprocessFlags  flags,
            const char       *mode,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) python);
  g_ptr_array_add (argv, (char *) "-c");
  g_ptr_array_add (argv, (char *) peer_py);
  g_ptr_array_add (argv, (char *) mode);
  va_start (args, mode);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);

  return process;
}

static void
wait_for_exit (GSubprocess *process,
               const char  *what)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_async (process, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, what);
  g_assert_true (g_subprocess_wait_finish (process, result, &error));
  g_assert_no_error (error);
}

static void
assert_exit_success (GSubprocess *process)
{
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static char *
read_line (GDataInputStream *input,
           const char       *what)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, NULL,
                                       sp_test_store_result, &result);
  sp_test_wait_for_result (&result, what);
  line = g_data_input_stream_read_line_finish_utf8 (input, result, NULL, &error);
  g_assert_no_error (error);

  return line;
}

/* Closing a peer's stdin tells it to go on (modes that wait on stdin). */
static void
release_peer (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, &error);
  g_assert_no_error (error);
}

/* What the server's connections did, recorded by handlers; asserted in the test bodies. */
typedef struct
{
  GPtrArray *connections;   /* every accepted connection, in order */
  gsize      max_queued;    /* the most bytes any connection ever held in its queue */
} Watch;

static void
watch_queued_cb (SpConnection *connection,
                 GParamSpec   *pspec,
                 Watch        *watch)
{
  watch->max_queued = MAX (watch->max_queued, sp_connection_get_bytes_queued (connection));
}

static void
watch_accepted_cb (SpServer     *server,
                   SpConnection *connection,
                   Watch        *watch)
{
  g_ptr_array_add (watch->connections, g_object_ref (connection));
  g_signal_connect (connection, "notify::bytes-queued", G_CALLBACK (watch_queued_cb), watch);
}

static void
watch_init (Watch *watch)
{
  watch->connections = g_ptr_array_new_with_free_func (g_object_unref);
  watch->max_queued = 0;
}

static void
watch_clear (Watch *watch)
{
  for (guint i = 0; i < watch->connections->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (watch->connections, i), watch);
  g_clear_pointer (&watch->connections, g_ptr_array_unref);
}

typedef struct
{
  Watch *watch;
  guint  n;
} WatchAt;

static gboolean
watch_has_connections (gpointer data)
{
  WatchAt *at = data;
  return at->watch->connections->len >= at->n;
}

static void
wait_for_accepted (Watch *watch,
                   guint  n)
{
  WatchAt at = { watch, n };
  sp_test_wait_until (watch_has_connections, &at, "the server to accept the peer");
}

static SpServer *
start_server (SpBehaviour  behaviour,
              Watch       *watch)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, &error);
  g_assert_no_error (error);
  server = sp_server_new (endpoint);
  sp_server_set_behaviour (server, behaviour);
  sp_server_set_reply_text (server, GREETING);
  if (watch != NULL)
    g_signal_connect (server, "connection-accepted", G_CALLBACK (watch_accepted_cb), watch);

  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the server to start");
  g_assert_true (sp_server_start_finish (server, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&server);
}

static char *
server_port (SpServer *server)
{
  return g_strdup_printf ("%u", sp_endpoint_get_port (sp_server_get_bound_endpoint (server)));
}

static gboolean
server_has_no_connection (gpointer data)
{
  return g_list_model_get_n_items (sp_server_get_connections (data)) == 0;
}

static gboolean
connection_finished (gpointer data)
{
  return sp_connection_get_end_time (data) != 0;
}

static void
stop_server (SpServer *server)
{
  sp_server_stop (server);
  sp_test_wait_until (server_has_no_connection, server, "the server's connections to close");
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
log_has_error (SpEventLog *log,
               guint       connection_id,
               const char *message)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (sp_event_get_kind (event) == SP_EVENT_KIND_ERROR &&
          sp_event_get_connection_id (event) == connection_id &&
          g_str_equal (sp_event_get_message (event), message))
        return TRUE;
    }

  return FALSE;
}

/* The sentence the engine gives for a reset, as a learner reads it. */
static char *
reset_sentence (void)
{
  g_autoptr(GError) gio_error = NULL;
  g_autoptr(GError) error = NULL;

  gio_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "reset");
  error = sp_socket_error_from_gio (gio_error, SP_SOCKET_OP_RECV, NULL);

  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_RESET);
  return g_strdup (error->message);
}

/* A fresh engine client, whose received bytes are collected. */
typedef struct
{
  SpClient     *client;
  SpConnection *connection;
  GString      *received;
} Fresh;

static void
fresh_received_cb (SpConnection *connection,
                   GBytes       *bytes,
                   Fresh        *fresh)
{
  g_string_append_len (fresh->received, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
fresh_connect (Fresh      *fresh,
               SpEndpoint *endpoint)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fresh->client = sp_client_new (endpoint);
  fresh->received = g_string_new (NULL);
  sp_client_connect_async (fresh->client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "a fresh client to connect");
  fresh->connection = sp_client_connect_finish (fresh->client, result, &error);
  g_assert_no_error (error);
  g_signal_connect (fresh->connection, "received", G_CALLBACK (fresh_received_cb), fresh);
}

static void
fresh_clear (Fresh *fresh)
{
  sp_client_disconnect (fresh->client);
  sp_test_wait_until (connection_finished, fresh->connection, "the fresh client to close");
  g_signal_handlers_disconnect_by_data (fresh->connection, fresh);
  g_clear_object (&fresh->connection);
  g_clear_object (&fresh->client);
  g_string_free (fresh->received, TRUE);
}

typedef struct
{
  Fresh      *fresh;
  const char *text;
} FreshHas;

static gboolean
fresh_has (gpointer data)
{
  FreshHas *has = data;
  return g_str_equal (has->fresh->received->str, has->text);
}

/* The fault is over; the same server must serve a newcomer as if nothing happened. */
static void
assert_still_serving (SpServer *server)
{
  Fresh fresh = { 0 };
  guint accepted = sp_server_get_n_accepted (server);

  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_LISTENING);
  fresh_connect (&fresh, sp_server_get_bound_endpoint (server));

  if (sp_server_get_behaviour (server) == SP_BEHAVIOUR_REPLY)
    {
      /* The greeting, then the server closes. */
      sp_test_wait_until (connection_finished, fresh.connection, "the greeting and the close");
      g_assert_cmpstr (fresh.received->str, ==, GREETING);
      g_assert_cmpint (sp_connection_get_state (fresh.connection), ==, SP_CONNECTION_STATE_CLOSED);
    }
  else
    {
      g_autoptr(GBytes) line = g_bytes_new_static ("still serving?\n", 15);
      g_autoptr(GError) error = NULL;
      FreshHas has = { &fresh, "still serving?\n" };

      g_assert_cmpint (sp_server_get_behaviour (server), ==, SP_BEHAVIOUR_ECHO);
      g_assert_true (sp_client_send (fresh.client, line, &error));
      g_assert_no_error (error);
      sp_test_wait_until (fresh_has, &has, "the echo to a fresh client");
    }

  g_assert_cmpuint (sp_server_get_n_accepted (server), >, accepted);
  fresh_clear (&fresh);
}

/* (a) Reset in the middle of a transfer ----------------------------------------------- */

static gboolean
flag_source_cb (GSocket      *socket,
                GIOCondition  condition,
                gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
queue_is_empty (gpointer data)
{
  return sp_connection_get_bytes_queued (data) == 0;
}

static void
test_reset_mid_transfer (void)
{
  const gsize reply_size = 16 * 1024 * 1024;
  Watch watch;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GSocket) raw = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSource) readable = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big_reply = g_strnfill (reply_size, 'R');
  g_autofree char *sentence = reset_sentence ();
  struct linger abortive = { 1, 0 };
  gboolean arrived = FALSE;
  SpConnection *victim;

  watch_init (&watch);
  server = start_server (SP_BEHAVIOUR_REPLY, &watch);
  sp_server_set_reply_text (server, big_reply);

  /* A raw client with a small receive window, so the 16 MiB reply stalls half-way. */
  raw = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                      &error);
  g_assert_no_error (error);
  g_socket_set_option (raw, SOL_SOCKET, SO_RCVBUF, 16 * 1024, &error);
  g_assert_no_error (error);
  address = sp_endpoint_get_literal_address (sp_server_get_bound_endpoint (server));
  g_socket_connect (raw, address, NULL, &error);
  g_assert_no_error (error);

  readable = g_socket_create_source (raw, G_IO_IN, NULL);
  g_source_set_callback (readable, (GSourceFunc) (void (*) (void)) flag_source_cb, &arrived, NULL);
  g_source_attach (readable, NULL);
  sp_test_wait_until (flag_is_set, &arrived, "the first bytes of the reply");

  wait_for_accepted (&watch, 1);
  victim = g_ptr_array_index (watch.connections, 0);
  /* Mid-transfer: bytes arrived, and the reply is still in the send queue. */
  g_assert_cmpuint (sp_connection_get_bytes_queued (victim), ==, reply_size);
  g_assert_false (connection_finished (victim));

  /* SO_LINGER {1, 0}: close() sends a reset instead of the orderly end of stream. */
  g_assert_cmpint (setsockopt (g_socket_get_fd (raw), SOL_SOCKET, SO_LINGER,
                               &abortive, sizeof abortive), ==, 0);
  g_socket_close (raw, &error);
  g_assert_no_error (error);

  sp_test_wait_until (connection_finished, victim, "the server to see the reset");
  g_assert_cmpint (sp_connection_get_state (victim), ==, SP_CONNECTION_STATE_RESET);
  g_assert_true (log_has_error (sp_server_get_log (server), sp_connection_get_id (victim),
                                sentence));

  /* Counters stay exact: what left before the reset is counted, the rest is not queued. */
  sp_test_wait_until (queue_is_empty, victim, "the abandoned reply to leave the queue");
  g_assert_cmpuint (sp_connection_get_bytes_sent (victim), >, 0);
  g_assert_cmpuint (sp_connection_get_bytes_sent (victim), <, reply_size);
  g_assert_cmpuint (sp_server_get_bytes_sent (server), ==, sp_connection_get_bytes_sent (victim));
  sp_test_wait_until (server_has_no_connection, server, "the server to drop the connection");

  sp_server_set_reply_text (server, GREETING);
  assert_still_serving (server);

  stop_server (server);
  watch_clear (&watch);
}

/* (b) A peer that never reads, against an echo ------------------------------------------ */

typedef struct
{
  SpConnection *connection;
  guint64       n_bytes;
} ReceivedAt;

static gboolean
received_at_least (gpointer data)
{
  ReceivedAt *at = data;

  return sp_connection_get_bytes_received (at->connection) >= at->n_bytes ||
         connection_finished (at->connection);
}

static void
test_peer_never_reads (void)
{
  guint64 hog_size = 32 * 1024 * 1024;
  Watch watch;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GSubprocess) hog = NULL;
  g_autoptr(GDataInputStream) hog_out = NULL;
  g_autoptr(GBytes) probe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *python = NULL;
  g_autofree char *port = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *full_prefix = NULL;
  SpEventLog *log;
  SpConnection *echo;
  ReceivedAt all_read;
  gsize limit;
  guint n_full = 0;
  const gsize log_budget = 8 * 1024 * 1024;

  if (skip_without_python (&python))
    return;

  watch_init (&watch);
  server = start_server (SP_BEHAVIOUR_ECHO, &watch);
  log = sp_server_get_log (server);
  sp_event_log_set_budget (log, log_budget);
  port = server_port (server);
  size_text = g_strdup_printf ("%" G_GUINT64_FORMAT, hog_size);

  hog = spawn_peer (python, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                    "hog", "127.0.0.1", port, size_text, NULL);
  hog_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (hog));
  line = read_line (hog_out, "the hog to send 32 MiB");
  g_assert_cmpstr (line, ==, "sent");

  /* Everything the hog sent is read and counted, though little of it can be echoed. */
  wait_for_accepted (&watch, 1);
  echo = g_ptr_array_index (watch.connections, 0);
  limit = sp_connection_get_queue_limit (echo);
  all_read = (ReceivedAt) { echo, hog_size };
  sp_test_wait_until (received_at_least, &all_read, "the server to read all 32 MiB");
  g_assert_cmpuint (sp_connection_get_bytes_received (echo), ==, hog_size);
  g_assert_cmpuint (sp_server_get_bytes_received (server), ==, hog_size);
  g_assert_true (sp_connection_is_open (echo));

  /* Bounded: the queue never held more than its limit, the log stays in its budget. */
  g_assert_cmpuint (watch.max_queued, <=, limit);
  g_assert_cmpuint (sp_connection_get_bytes_queued (echo), <=, limit);
  g_assert_cmpuint (sp_event_log_get_memory_size (log), <=, log_budget);
  g_assert_cmpuint (sp_connection_get_bytes_sent (echo) + sp_connection_get_bytes_queued (echo), <,
                    hog_size);

  /* The refusal a person sees, up to its first number, is what the log says. The queue
   * is not empty (the hog reads nothing), so a queue's worth more is refused. */
  g_assert_cmpuint (sp_connection_get_bytes_queued (echo), >, 0);
  probe = g_bytes_new_take (g_malloc0 (limit), limit);
  g_assert_false (sp_connection_send (echo, probe, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_QUEUE_FULL);
  full_prefix = g_strndup (error->message, strcspn (error->message, "0123456789"));
  g_assert_cmpuint (strlen (full_prefix), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (sp_event_get_kind (event) == SP_EVENT_KIND_ERROR &&
          sp_event_get_connection_id (event) == sp_connection_get_id (echo))
        {
          g_assert_true (g_str_has_prefix (sp_event_get_message (event), full_prefix));
          n_full++;
        }
    }
  g_assert_cmpuint (n_full, >, 0);

  /* The hog leaves with unread bytes: the server sees a reset or an end, and drops it. */
  release_peer (hog);
  wait_for_exit (hog, "the hog to exit");
  assert_exit_success (hog);
  sp_test_wait_until (server_has_no_connection, server, "the server to drop the hog");

  assert_still_serving (server);

  stop_server (server);
  watch_clear (&watch);
}

/* (c) A peer that vanishes (SIGKILL) ----------------------------------------------------- */

static void
test_peer_vanishes (void)
{
  Watch watch;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GSubprocess) tidy = NULL;
  g_autoptr(GSubprocess) untidy = NULL;
  g_autoptr(GDataInputStream) tidy_out = NULL;
  g_autoptr(GDataInputStream) untidy_out = NULL;
  g_autofree char *python = NULL;
  g_autofree char *port = NULL;
  g_autofree char *tidy_line = NULL;
  g_autofree char *untidy_line = NULL;
  g_autofree char *sentence = reset_sentence ();
  SpConnection *read_all;
  SpConnection *left_unread;

  if (skip_without_python (&python))
    return;

  watch_init (&watch);
  server = start_server (SP_BEHAVIOUR_ECHO, &watch);
  port = server_port (server);

  /* One peer read its echo; the other only peeked at it, so it is still unread. */
  tidy = spawn_peer (python, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                     "vanish", "127.0.0.1", port, "read", NULL);
  tidy_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (tidy));
  tidy_line = read_line (tidy_out, "the first peer to get its echo");
  g_assert_cmpstr (tidy_line, ==, "ready");
  wait_for_accepted (&watch, 1);

  untidy = spawn_peer (python, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                       "vanish", "127.0.0.1", port, "peek", NULL);
  untidy_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (untidy));
  untidy_line = read_line (untidy_out, "the second peer to see its echo arrive");
  g_assert_cmpstr (untidy_line, ==, "ready");
  wait_for_accepted (&watch, 2);

  read_all = g_ptr_array_index (watch.connections, 0);
  left_unread = g_ptr_array_index (watch.connections, 1);

  g_subprocess_force_exit (tidy);
  g_subprocess_force_exit (untidy);
  wait_for_exit (tidy, "the first peer to die");
  wait_for_exit (untidy, "the second peer to die");
  g_assert_true (g_subprocess_get_if_signaled (tidy));
  g_assert_cmpint (g_subprocess_get_term_sig (tidy), ==, SIGKILL);

  sp_test_wait_until (server_has_no_connection, server, "the server to notice both are gone");

  /* The system closed what the dead process had open: an empty receive queue ends with
   * FIN (end of stream); unread bytes make Linux answer with a reset. */
  g_assert_cmpint (sp_connection_get_state (read_all), ==, SP_CONNECTION_STATE_CLOSED);
  g_assert_cmpint (sp_connection_get_state (left_unread), ==, SP_CONNECTION_STATE_RESET);
  g_assert_true (log_has_error (sp_server_get_log (server), sp_connection_get_id (left_unread),
                                sentence));
  g_assert_cmpuint (sp_connection_get_bytes_received (read_all), ==, 6);
  g_assert_cmpuint (sp_connection_get_bytes_sent (read_all), ==, 6);
  g_assert_cmpuint (sp_connection_get_bytes_sent (left_unread), ==, 6);

  assert_still_serving (server);

  stop_server (server);
  watch_clear (&watch);
}

/* (d) A flood of binary junk -------------------------------------------------------------- */

static void
test_junk_flood (void)
{
  const gsize junk_size = 8 * 1024 * 1024;
  const gsize log_budget = 1024 * 1024;
  Watch watch;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GSubprocess) flood = NULL;
  g_autofree char *python = NULL;
  g_autofree char *port = NULL;
  g_autofree char *size_text = g_strdup_printf ("%" G_GSIZE_FORMAT, junk_size);
  SpEventLog *log;
  SpConnection *flooded;
  guint n_events;
  guint n_without_payload = 0;
  guint n_previews = 0;
  guint64 logged_bytes = 0;

  if (skip_without_python (&python))
    return;

  watch_init (&watch);
  server = start_server (SP_BEHAVIOUR_DISCARD, &watch);
  log = sp_server_get_log (server);
  sp_event_log_set_budget (log, log_budget);
  port = server_port (server);

  flood = spawn_peer (python, G_SUBPROCESS_FLAGS_NONE, "flood", "127.0.0.1", port, size_text, NULL);
  wait_for_exit (flood, "the flood to end");
  assert_exit_success (flood);
  sp_test_wait_until (server_has_no_connection, server, "the server to close after the flood");

  flooded = g_ptr_array_index (watch.connections, 0);
  g_assert_cmpint (sp_connection_get_state (flooded), ==, SP_CONNECTION_STATE_CLOSED);
  g_assert_cmpuint (sp_connection_get_bytes_received (flooded), ==, junk_size);
  g_assert_cmpuint (sp_server_get_bytes_received (server), ==, junk_size);
  g_assert_cmpuint (sp_server_get_bytes_sent (server), ==, 0);

  /* The log kept its budget by dropping old payloads; their byte counts stay. */
  g_assert_cmpuint (sp_event_log_get_memory_size (log), <=, log_budget);

  /* Whatever the junk, every row a person sees is valid UTF-8. */
  n_events = g_list_model_get_n_items (G_LIST_MODEL (log));
  g_assert_cmpuint (n_events, >, 0);
  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autofree char *preview = NULL;

      if (sp_event_get_kind (event) == SP_EVENT_KIND_RECV)
        {
          logged_bytes += sp_event_get_byte_count (event);
          if (sp_event_get_payload (event) == NULL && sp_event_get_byte_count (event) > 0)
            n_without_payload++;
        }

      /* No preview without a payload: a dropped one, or an event that carried none. */
      g_object_get (event, "preview", &preview, NULL);
      if (preview != NULL)
        {
          g_assert_true (g_utf8_validate (preview, -1, NULL));
          n_previews++;
        }
      g_assert_true (g_utf8_validate (sp_event_get_message (event), -1, NULL));
      g_assert_true (sp_event_get_call (event) == NULL ||
                     g_utf8_validate (sp_event_get_call (event), -1, NULL));
    }
  g_assert_cmpuint (n_previews, >, 0);
  g_assert_cmpuint (n_without_payload, >, 0);
  if (sp_event_log_get_n_dropped (log) == 0)
    g_assert_cmpuint (logged_bytes, ==, junk_size);

  sp_server_set_behaviour (server, SP_BEHAVIOUR_ECHO);
  assert_still_serving (server);

  stop_server (server);
  watch_clear (&watch);
}

/* (e) A thousand clients at once ---------------------------------------------------------- */

#define CROWD 1000

static void
test_thousand_clients (void)
{
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GSubprocess) crowd = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *python = NULL;
  g_autofree char *port = NULL;
  g_autofree char *out = NULL;
  g_autofree char *n_text = g_strdup_printf ("%d", CROWD);
  guint good = 0;
  guint bad = 0;
  guint silent = 0;

  if (skip_without_python (&python))
    return;

  server = start_server (SP_BEHAVIOUR_REPLY, NULL);
  port = server_port (server);

  crowd = spawn_peer (python, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                      "crowd", "127.0.0.1", port, n_text, NULL);
  g_subprocess_communicate_utf8_async (crowd, NULL, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "a thousand clients to be served");
  g_assert_true (g_subprocess_communicate_utf8_finish (crowd, result, &out, NULL, &error));
  g_assert_no_error (error);
  assert_exit_success (crowd);
  g_assert_cmpint (sscanf (out, "%u %u %u", &good, &bad, &silent), ==, 3);
  g_assert_cmpuint (good + bad + silent, ==, CROWD);

  /* Whoever got an answer got exactly the greeting: nothing garbled, mixed up or reset. */
  g_assert_cmpuint (bad, ==, 0);

  /* With listen(SOMAXCONN) the system holds them all until the main loop accepts: every
   * one is served. (With the tutorial's listen(5), most would wait for ever.) */
  g_assert_cmpuint (good, ==, CROWD);

  /* Every one got exactly the greeting, and the server counted each exactly once. */
  sp_test_wait_until (server_has_no_connection, server, "the server to close every connection");
  g_assert_cmpuint (sp_server_get_n_accepted (server), ==, CROWD);
  g_assert_cmpuint (sp_server_get_bytes_sent (server), ==, CROWD * strlen (GREETING));
  g_assert_cmpuint (sp_server_get_bytes_received (server), ==, 0);

  assert_still_serving (server);

  stop_server (server);
}

/* (f) Half-close from each side ---------------------------------------------------------- */

static void
client_received_cb (SpConnection *connection,
                    GBytes       *bytes,
                    GString      *received)
{
  g_string_append_len (received, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
observe_state_cb (SpConnection *connection,
                  GParamSpec   *pspec,
                  GArray       *states)
{
  SpConnectionState state = sp_connection_get_state (connection);

  g_array_append_val (states, state);
}

static void
test_half_close_by_engine_client (void)
{
  const gsize size = 3 * 1024 * 1024 + 17;
  g_autoptr(GSubprocess) summariser = NULL;
  g_autoptr(GDataInputStream) summariser_out = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (SpConnectionState));
  g_autoptr(GString) received = g_string_new (NULL);
  g_autofree char *python = NULL;
  g_autofree char *port_line = NULL;
  g_autofree char *text = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *expected = NULL;
  guint8 *bytes;

  if (skip_without_python (&python))
    return;

  summariser = spawn_peer (python, G_SUBPROCESS_FLAGS_STDOUT_PIPE, "summarise", "127.0.0.1", NULL);
  summariser_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (summariser));
  port_line = read_line (summariser_out, "the python server to print its port");
  g_assert_nonnull (port_line);

  text = g_strdup_printf ("tcp://127.0.0.1:%s", port_line);
  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, &error);
  g_assert_no_error (error);
  client = sp_client_new (endpoint);
  sp_client_connect_async (client, NULL, sp_test_store_result, &connected);
  sp_test_wait_for_result (&connected, "the engine client to connect");
  connection = sp_client_connect_finish (client, connected, &error);
  g_assert_no_error (error);
  g_signal_connect (connection, "received", G_CALLBACK (client_received_cb), received);
  g_signal_connect (connection, "notify::state", G_CALLBACK (observe_state_cb), states);

  bytes = g_malloc (size);
  for (gsize i = 0; i < size; i++)
    bytes[i] = g_rand_int_range (rand, 0, 256);
  data = g_bytes_new_take (bytes, size);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  expected = g_strdup_printf ("%" G_GSIZE_FORMAT " %s\n", size, digest);

  /* Under the 4 MiB queue limit: one send, then the half-close waits for it to drain. */
  g_assert_true (sp_client_send (client, data, &error));
  g_assert_no_error (error);
  g_assert_true (sp_client_shutdown_write (client, &error));
  g_assert_no_error (error);

  /* The server only answers after our end of stream: the answer proves we still read. */
  sp_test_wait_until (connection_finished, connection, "the summary and the server's close");
  g_assert_cmpstr (received->str, ==, expected);
  g_assert_cmpint (sp_connection_get_state (connection), ==, SP_CONNECTION_STATE_CLOSED);
  g_assert_cmpuint (sp_connection_get_bytes_sent (connection), ==, size);
  g_assert_cmpuint (sp_connection_get_bytes_received (connection), ==, strlen (expected));
  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (g_array_index (states, SpConnectionState, 0), ==,
                   SP_CONNECTION_STATE_HALF_CLOSED_LOCAL);
  g_assert_cmpint (g_array_index (states, SpConnectionState, 1), ==, SP_CONNECTION_STATE_CLOSED);

  wait_for_exit (summariser, "the python server to exit");
  assert_exit_success (summariser);
  g_signal_handlers_disconnect_by_data (connection, states);
  g_signal_handlers_disconnect_by_data (connection, received);
}

static void
test_half_close_by_peer (void)
{
  const guint64 size = 4 * 1024 * 1024;
  Watch watch;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (SpConnectionState));
  g_autofree char *python = NULL;
  g_autofree char *port = NULL;
  g_autofree char *out = NULL;
  g_autofree char *size_text = g_strdup_printf ("%" G_GUINT64_FORMAT, size);
  g_autofree char *expected = g_strdup_printf ("%" G_GUINT64_FORMAT " same\n", size);
  SpConnection *echo;

  if (skip_without_python (&python))
    return;

  watch_init (&watch);
  server = start_server (SP_BEHAVIOUR_ECHO, &watch);
  port = server_port (server);

  /* The peer sends, then half-closes, and reads the echo to the end meanwhile. */
  peer = spawn_peer (python, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                     "half-close", "127.0.0.1", port, size_text, NULL);
  wait_for_accepted (&watch, 1);
  echo = g_ptr_array_index (watch.connections, 0);
  g_signal_connect (echo, "notify::state", G_CALLBACK (observe_state_cb), states);

  g_subprocess_communicate_utf8_async (peer, NULL, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the half-closing peer to get its whole echo");
  g_assert_true (g_subprocess_communicate_utf8_finish (peer, result, &out, NULL, &error));
  g_assert_no_error (error);
  assert_exit_success (peer);

  /* Every byte came back before the server closed: its end came after the echo. */
  g_assert_cmpstr (out, ==, expected);
  sp_test_wait_until (connection_finished, echo, "the server to close after echoing");
  g_assert_cmpint (sp_connection_get_state (echo), ==, SP_CONNECTION_STATE_CLOSED);
  g_assert_cmpuint (sp_connection_get_bytes_received (echo), ==, size);
  g_assert_cmpuint (sp_connection_get_bytes_sent (echo), ==, size);
  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (g_array_index (states, SpConnectionState, 0), ==,
                   SP_CONNECTION_STATE_HALF_CLOSED_REMOTE);
  g_assert_cmpint (g_array_index (states, SpConnectionState, 1), ==, SP_CONNECTION_STATE_CLOSED);
  g_signal_handlers_disconnect_by_data (echo, states);

  assert_still_serving (server);

  stop_server (server);
  watch_clear (&watch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Peers are told to go on by closing their stdin: one that died must fail a test, not
   * kill the test program with SIGPIPE. */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/faults/reset-mid-transfer", test_reset_mid_transfer);
  g_test_add_func ("/faults/peer-never-reads", test_peer_never_reads);
  g_test_add_func ("/faults/peer-vanishes", test_peer_vanishes);
  g_test_add_func ("/faults/junk-flood", test_junk_flood);
  g_test_add_func ("/faults/thousand-clients", test_thousand_clients);
  g_test_add_func ("/faults/half-close/by-engine-client", test_half_close_by_engine_client);
  g_test_add_func ("/faults/half-close/by-peer", test_half_close_by_peer);

  return g_test_run ();
}
