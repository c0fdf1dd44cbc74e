/* test-interop.c — real peers (python3, socat, nc) against the engine, every transport, both ways
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine is only right if programs written by other people agree with it. Each case
 * moves a random payload between the engine and one real program over loopback or a Unix
 * socket in a temporary folder, and checks that the SHA-256 of what arrived is the SHA-256
 * of what left, and that the engine's byte counters say exactly how much that was.
 *
 * Ports are always the system's choice: the engine's servers bind port 0, and peers that
 * listen bind port 0 too and print the port they got (python3 on its stdout, socat -d -d
 * and nc -v on their stderr, after listen()).
 *
 * What each transport promises, and so what each case may assert:
 * - TCP and Unix streams are reliable and ordered: 16 MiB arrive byte-exact, always.
 * - Unix datagrams are reliable on Linux too: a sender whose receiver's queue is full
 *   waits (or gets EAGAIN and polls) instead of dropping, so 16 MiB go without pacing.
 * - UDP promises nothing: even on loopback a datagram is dropped when the receiver's
 *   buffer is full. The UDP cases therefore keep one datagram in flight (stop-and-wait:
 *   the next leaves once the previous was acknowledged or seen arriving) and move 2 MiB.
 *   With one datagram in flight the loopback buffer cannot overflow, so a loss would be a
 *   bug; nothing is retransmitted, so a loss fails the test instead of hiding.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

#define STREAM_TOTAL     (16 * 1024 * 1024)
#define UDP_TOTAL        (2 * 1024 * 1024)

/* How much the engine queues per sp_connection_send() on a stream. */
#define STREAM_CHUNK     (256 * 1024)

/* Datagram sizes: under the 65,507 bytes of a UDP datagram, and under the 212,992 bytes of
 * a Unix socket's default send buffer. */
#define UDP_DATAGRAM     60000
#define UNIX_DATAGRAM    61440

/* A write to a pipe of at most PIPE_BUF bytes is atomic: the reader gets it in one read(),
 * so socat turns each such write into exactly one datagram. */
#define PIPE_CHUNK       4096

#define READ_SIZE        65536

/* The payload, made once per run from the test seed (--seed replays it). */
static GBytes *payload;
static char   *payload_sha256[2];  /* [0]: all of it; [1]: the UDP_TOTAL first bytes */
static char   *tmp_dir;
static char   *payload_path;       /* STREAM_TOTAL bytes */
static char   *udp_payload_path;   /* the UDP_TOTAL first bytes */

/* A peer that speaks every transport in both directions, in plain python3 (stdlib only).
 *   send    KIND WHERE FILE [SIZE ack|noack]  connect (or sendto) and send FILE
 *   fetch   KIND WHERE                        connect, write what arrives to stdout
 *   receive KIND WHERE [ack]                  listen (or bind) on port 0 or a path, print the
 *                                             port, then write what arrives to stdout
 * A datagram receiver stops at an empty datagram; with "ack" it answers every datagram. */
static const char peer_py[] =
  "import socket, sys\n"
  "mode, kind, where = sys.argv[1:4]\n"
  "unix = kind.startswith('unix')\n"
  "stream = kind in ('tcp', 'unix')\n"
  "s = socket.socket(socket.AF_UNIX if unix else socket.AF_INET,\n"
  "                  socket.SOCK_STREAM if stream else socket.SOCK_DGRAM)\n"
  "s.settimeout(30)\n"
  "out = sys.stdout.buffer\n"
  "def target(text):\n"
  "    if unix:\n"
  "        return text\n"
  "    host, port = text.rsplit(':', 1)\n"
  "    return (host, int(port))\n"
  "if mode == 'fetch':\n"
  "    s.connect(target(where))\n"
  "    while True:\n"
  "        data = s.recv(65536)\n"
  "        if not data:\n"
  "            break\n"
  "        out.write(data)\n"
  "    out.flush()\n"
  "elif mode == 'send':\n"
  "    with open(sys.argv[4], 'rb') as f:\n"
  "        data = f.read()\n"
  "    if stream:\n"
  "        s.connect(target(where))\n"
  "        s.sendall(data)\n"
  "        s.shutdown(socket.SHUT_WR)\n"
  "        while s.recv(65536):\n"
  "            pass\n"
  "    else:\n"
  "        size = int(sys.argv[5])\n"
  "        acked = sys.argv[6] == 'ack'\n"
  "        for i in range(0, len(data), size):\n"
  "            piece = data[i:i + size]\n"
  "            s.sendto(piece, target(where))\n"
  "            if acked and s.recv(65536) != piece:\n"
  "                sys.exit('the echo of the datagram at offset %d differs' % i)\n"
  "else:\n"
  "    acked = sys.argv[4:] == ['ack']\n"
  "    s.bind(where if unix else (where, 0))\n"
  "    if stream:\n"
  "        s.listen(1)\n"
  "    out.write(b'%d\\n' % (0 if unix else s.getsockname()[1]))\n"
  "    out.flush()\n"
  "    if stream:\n"
  "        c, _ = s.accept()\n"
  "        c.settimeout(30)\n"
  "        while True:\n"
  "            data = c.recv(65536)\n"
  "            if not data:\n"
  "                break\n"
  "            out.write(data)\n"
  "        c.close()\n"
  "    else:\n"
  "        while True:\n"
  "            data, sender = s.recvfrom(65536)\n"
  "            if acked:\n"
  "                s.sendto(b'ack', sender)\n"
  "            if not data:\n"
  "                break\n"
  "            out.write(data)\n"
  "    out.flush()\n";

/* Helpers ------------------------------------------------------------------------------ */

static char *
find_peer_program (const char *name)
{
  /* Debian's own interpreter starts fastest; any python3 on PATH will do. */
  if (g_str_equal (name, "python3") && g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/bin/python3");

  return g_find_program_in_path (name);
}

static gboolean
skip_without (const char *program,
              char      **out_path)
{
  *out_path = find_peer_program (program);
  if (*out_path == NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf ("%s is not installed, so this peer cannot be tried.", program);
      g_test_skip (message);
      return TRUE;
    }

  return FALSE;
}

static gsize
n_pieces (gsize total,
          gsize piece)
{
  return (total + piece - 1) / piece;
}

static const char *
expected_sha256 (gsize total)
{
  g_assert_true (total == STREAM_TOTAL || total == UDP_TOTAL);
  return payload_sha256[total == STREAM_TOTAL ? 0 : 1];
}

static char *
socket_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* argv from a template: @PY@ is the python program, @FILE@ the payload file, @TARGET@
 * HOST:PORT or a path, @HOST@ and @PORT@ its parts, @PATH@ a socket path. */
static GPtrArray *
expand_argv (const char * const *template,
             const char         *program_path,
             const char         *file,
             const char         *target,
             const char         *port,
             const char         *path)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (program_path));
  for (guint i = 1; template[i] != NULL; i++)
    {
      GString *arg = g_string_new (template[i]);

      g_string_replace (arg, "@PY@", peer_py, 0);
      g_string_replace (arg, "@FILE@", file != NULL ? file : "", 0);
      g_string_replace (arg, "@TARGET@", target != NULL ? target : "", 0);
      g_string_replace (arg, "@HOST@", "127.0.0.1", 0);
      g_string_replace (arg, "@PORT@", port != NULL ? port : "", 0);
      g_string_replace (arg, "@PATH@", path != NULL ? path : "", 0);
      g_ptr_array_add (argv, g_string_free (arg, FALSE));
    }
  g_ptr_array_add (argv, NULL);

  return argv;
}

static GSubprocess *
spawn_peer (GPtrArray        *argv,
            GSubprocessFlags  flags,
            const char       *stdin_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  if (stdin_path != NULL)
    g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
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
  line = g_data_input_stream_read_line_finish (input, result, NULL, &error);
  g_assert_no_error (error);

  return line;
}

/* The line of a peer's diagnostics that says it is ready; NULL if it ended first. */
static char *
read_line_containing (GDataInputStream *input,
                      const char       *needle)
{
  for (guint i = 0; i < 32; i++)
    {
      g_autofree char *line = read_line (input, needle);

      if (line == NULL)
        return NULL;
      if (strstr (line, needle) != NULL)
        return g_steal_pointer (&line);
    }

  return NULL;
}

/* The port at the end of "…:38341", "… 38341" or "38341". */
static char *
port_at_end (const char *line)
{
  const char *end = line + strlen (line);
  const char *start;

  while (end > line && g_ascii_isspace (end[-1]))
    end--;
  start = end;
  while (start > line && g_ascii_isdigit (start[-1]))
    start--;

  g_assert_cmpint (end - start, >, 0);
  return g_strndup (start, end - start);
}

/* Reads a peer's output to the end, hashing it; the test body looks at the fields. */
typedef struct
{
  GInputStream *input;
  GChecksum    *checksum;   /* NULL: only count (a peer's diagnostics, drained) */
  guint64       n_bytes;
  gboolean      done;
  GError       *error;
} Sink;

static void sink_read_more (Sink *sink);

static void
sink_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Sink *sink = user_data;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &sink->error);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      sink->done = TRUE;
      return;
    }

  if (sink->checksum != NULL)
    g_checksum_update (sink->checksum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  sink->n_bytes += g_bytes_get_size (bytes);
  sink_read_more (sink);
}

static void
sink_read_more (Sink *sink)
{
  g_input_stream_read_bytes_async (sink->input, READ_SIZE, G_PRIORITY_DEFAULT, NULL,
                                   sink_read_cb, sink);
}

static void
sink_start (Sink         *sink,
            GInputStream *input,
            gboolean      hash)
{
  sink->input = g_object_ref (input);
  sink->checksum = hash ? g_checksum_new (G_CHECKSUM_SHA256) : NULL;
  sink_read_more (sink);
}

static gboolean
sink_is_done (gpointer data)
{
  return ((Sink *) data)->done;
}

static void
sink_finish (Sink *sink)
{
  sp_test_wait_until (sink_is_done, sink, "the peer's output to end");
  g_assert_no_error (sink->error);
}

static void
sink_clear (Sink *sink)
{
  g_clear_object (&sink->input);
  g_clear_pointer (&sink->checksum, g_checksum_free);
  g_clear_error (&sink->error);
}

/* What an engine server received, hashed in arrival order. */
typedef struct
{
  GChecksum    *checksum;
  guint64       n_bytes;
  SpConnection *first;      /* the first connection, or datagram peer */
  guint         n_accepted;
} Tally;

static void
tally_received_cb (SpConnection *connection,
                   GBytes       *bytes,
                   Tally        *tally)
{
  g_checksum_update (tally->checksum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  tally->n_bytes += g_bytes_get_size (bytes);
}

static void
tally_accepted_cb (SpServer     *server,
                   SpConnection *connection,
                   Tally        *tally)
{
  if (tally->first == NULL)
    tally->first = g_object_ref (connection);
  tally->n_accepted++;
  g_signal_connect (connection, "received", G_CALLBACK (tally_received_cb), tally);
}

typedef struct
{
  Tally  *tally;
  guint64 n_bytes;
} TallyAt;

static gboolean
tally_reached (gpointer data)
{
  TallyAt *at = data;
  return at->tally->n_bytes >= at->n_bytes;
}

static gboolean
server_has_no_connection (gpointer data)
{
  return g_list_model_get_n_items (sp_server_get_connections (data)) == 0;
}

static SpServer *
start_server (const char  *text,
              SpBehaviour  behaviour,
              Tally       *tally)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, &error);
  g_assert_no_error (error);
  server = sp_server_new (endpoint);
  sp_server_set_behaviour (server, behaviour);
  g_signal_connect (server, "connection-accepted", G_CALLBACK (tally_accepted_cb), tally);

  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the engine server to start");
  g_assert_true (sp_server_start_finish (server, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&server);
}

static void
stop_server (SpServer *server)
{
  sp_server_stop (server);
  sp_test_wait_until (server_has_no_connection, server, "the server's connections to close");
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static SpConnection *
connect_client (SpClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SpConnection *connection;

  sp_client_connect_async (client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the engine client to connect to the peer");
  connection = sp_client_connect_finish (client, result, &error);
  g_assert_no_error (error);

  return connection;
}

static gboolean
connection_finished (gpointer data)
{
  return sp_connection_get_end_time (data) != 0;
}

/* Peer → engine ------------------------------------------------------------------------ */

typedef enum
{
  FEED_NONE,         /* the peer opens the payload file itself */
  FEED_STDIN_FILE,   /* the payload file is the peer's stdin */
  FEED_STDIN_PACED,  /* the test writes PIPE_CHUNK bytes to the peer's stdin, then waits
                      * until the engine has them before writing more (UDP stop-and-wait) */
} Feed;

typedef struct
{
  const char  *test_path;
  const char  *server;      /* "tcp", "udp", "unix" or "unix-dgram" */
  SpBehaviour  behaviour;
  Feed         feed;
  gsize        total;
  gsize        datagram;    /* datagram transports: the size of each datagram sent */
  const char  *argv[10];    /* argv[0] names the program */
} InCase;

static const InCase in_cases[] = {
  { "/interop/tcp/python-to-engine",
    "tcp", SP_BEHAVIOUR_DISCARD, FEED_NONE, STREAM_TOTAL, 0,
    { "python3", "-c", "@PY@", "send", "tcp", "@TARGET@", "@FILE@", NULL } },
  { "/interop/tcp/socat-to-engine",
    "tcp", SP_BEHAVIOUR_DISCARD, FEED_NONE, STREAM_TOTAL, 0,
    { "socat", "-u", "FILE:@FILE@", "TCP:@TARGET@", NULL } },
  { "/interop/tcp/nc-to-engine",
    "tcp", SP_BEHAVIOUR_DISCARD, FEED_STDIN_FILE, STREAM_TOTAL, 0,
    { "nc", "-N", "@HOST@", "@PORT@", NULL } },
  /* The engine echoes each datagram; python3 sends the next once the echo is back. */
  { "/interop/udp/python-to-engine",
    "udp", SP_BEHAVIOUR_ECHO, FEED_NONE, UDP_TOTAL, UDP_DATAGRAM,
    { "python3", "-c", "@PY@", "send", "udp", "@TARGET@", "@FILE@",
      G_STRINGIFY (UDP_DATAGRAM), "ack", NULL } },
  { "/interop/udp/socat-to-engine",
    "udp", SP_BEHAVIOUR_DISCARD, FEED_STDIN_PACED, UDP_TOTAL, PIPE_CHUNK,
    { "socat", "-u", "-b", "65536", "STDIN", "UDP-SENDTO:@TARGET@", NULL } },
  { "/interop/unix/python-to-engine",
    "unix", SP_BEHAVIOUR_DISCARD, FEED_NONE, STREAM_TOTAL, 0,
    { "python3", "-c", "@PY@", "send", "unix", "@TARGET@", "@FILE@", NULL } },
  { "/interop/unix/socat-to-engine",
    "unix", SP_BEHAVIOUR_DISCARD, FEED_NONE, STREAM_TOTAL, 0,
    { "socat", "-u", "FILE:@FILE@", "UNIX-CONNECT:@TARGET@", NULL } },
  { "/interop/unix/nc-to-engine",
    "unix", SP_BEHAVIOUR_DISCARD, FEED_STDIN_FILE, STREAM_TOTAL, 0,
    { "nc", "-N", "-U", "@TARGET@", NULL } },
  { "/interop/unix-dgram/python-to-engine",
    "unix-dgram", SP_BEHAVIOUR_DISCARD, FEED_NONE, STREAM_TOTAL, UNIX_DATAGRAM,
    { "python3", "-c", "@PY@", "send", "unix-dgram", "@TARGET@", "@FILE@",
      G_STRINGIFY (UNIX_DATAGRAM), "noack", NULL } },
  { "/interop/unix-dgram/socat-to-engine",
    "unix-dgram", SP_BEHAVIOUR_DISCARD, FEED_NONE, STREAM_TOTAL, UNIX_DATAGRAM,
    { "socat", "-u", "-b", G_STRINGIFY (UNIX_DATAGRAM),
      "FILE:@FILE@", "UNIX-SENDTO:@TARGET@", NULL } },
};

static void
feed_paced (GSubprocess *peer,
            Tally       *tally,
            gsize        total)
{
  GOutputStream *input = g_subprocess_get_stdin_pipe (peer);
  const guint8 *data = g_bytes_get_data (payload, NULL);
  g_autoptr(GError) error = NULL;

  for (gsize offset = 0; offset < total; offset += PIPE_CHUNK)
    {
      TallyAt at = { tally, offset + PIPE_CHUNK };

      /* The pipe is empty (the engine got everything before), so this cannot block. */
      g_output_stream_write_all (input, data + offset, PIPE_CHUNK, NULL, NULL, &error);
      g_assert_no_error (error);
      sp_test_wait_until (tally_reached, &at, "the engine to receive the datagram socat sent");
    }

  g_assert_true (g_output_stream_close (input, NULL, &error));
  g_assert_no_error (error);
}

static void
test_peer_to_engine (gconstpointer data)
{
  const InCase *c = data;
  g_autofree char *program = NULL;
  g_autofree char *path = NULL;
  g_autofree char *endpoint_text = NULL;
  g_autofree char *target = NULL;
  g_autofree char *port = NULL;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocess) peer = NULL;
  gboolean stream = g_str_equal (c->server, "tcp") || g_str_equal (c->server, "unix");
  gboolean inet = g_str_equal (c->server, "tcp") || g_str_equal (c->server, "udp");
  Tally tally = { g_checksum_new (G_CHECKSUM_SHA256), 0, NULL, 0 };
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_SILENCE;
  SpEndpoint *bound;

  if (skip_without (c->argv[0], &program))
    {
      g_checksum_free (tally.checksum);
      return;
    }

  if (inet)
    endpoint_text = g_strdup_printf ("%s://127.0.0.1:0", c->server);
  else
    {
      path = socket_path ("engine-server.sock");
      endpoint_text = g_strdup_printf ("%s:%s", c->server, path);
    }
  server = start_server (endpoint_text, c->behaviour, &tally);
  bound = sp_server_get_bound_endpoint (server);
  if (inet)
    {
      port = g_strdup_printf ("%u", sp_endpoint_get_port (bound));
      target = g_strdup_printf ("127.0.0.1:%s", port);
    }
  else
    target = g_strdup (path);

  argv = expand_argv (c->argv, program, c->total == STREAM_TOTAL ? payload_path : udp_payload_path,
                      target, port, NULL);
  if (c->feed == FEED_STDIN_PACED)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  peer = spawn_peer (argv, flags, c->feed == FEED_STDIN_FILE ? payload_path : NULL);

  if (c->feed == FEED_STDIN_PACED)
    feed_paced (peer, &tally, c->total);

  wait_for_exit (peer, "the peer to send everything and exit");
  assert_exit_success (peer);

  if (stream)
    {
      /* The peer's end of stream makes the engine close its side too. */
      sp_test_wait_until (server_has_no_connection, server,
                          "the engine to see the end of the stream");
      g_assert_cmpint (sp_connection_get_state (tally.first), ==, SP_CONNECTION_STATE_CLOSED);
    }
  else
    {
      /* A datagram peer can exit while its last datagrams still wait in our socket. */
      TallyAt at = { &tally, c->total };
      sp_test_wait_until (tally_reached, &at, "the engine to read every datagram");
      g_assert_cmpuint (sp_connection_get_datagrams_received (tally.first), ==,
                        n_pieces (c->total, c->datagram));
    }

  g_assert_cmpuint (tally.n_accepted, ==, 1);
  g_assert_cmpuint (sp_server_get_n_accepted (server), ==, 1);
  g_assert_cmpuint (tally.n_bytes, ==, c->total);
  g_assert_cmpuint (sp_connection_get_bytes_received (tally.first), ==, c->total);
  g_assert_cmpuint (sp_server_get_bytes_received (server), ==, c->total);
  g_assert_cmpuint (sp_server_get_bytes_sent (server), ==,
                    c->behaviour == SP_BEHAVIOUR_ECHO ? c->total : 0);
  g_assert_cmpstr (g_checksum_get_string (tally.checksum), ==, expected_sha256 (c->total));

  stop_server (server);
  g_clear_object (&tally.first);
  g_checksum_free (tally.checksum);
}

/* Engine → peer ------------------------------------------------------------------------ */

typedef enum
{
  PACE_QUEUE,   /* as fast as the connection's queue limit allows */
  PACE_ACK,     /* one datagram at a time, each once the peer acknowledged the previous */
  PACE_OUTPUT,  /* one datagram at a time, each once the peer wrote the previous out */
} Pace;

typedef enum
{
  END_BY_PEER,    /* the peer stops at the end of the stream, or at an empty datagram */
  END_BY_SIGNAL,  /* the peer never stops by itself: SIGTERM once everything arrived */
} End;

typedef struct
{
  const char *test_path;
  const char *transport;     /* "tcp", "udp", "unix" or "unix-dgram" */
  const char *ready;         /* NULL: python3 prints its port on stdout; else a stderr line */
  Pace        pace;
  End         end;
  gsize       total;
  gsize       chunk;         /* bytes per send: one datagram on datagram transports */
  const char *argv[12];
} OutCase;

static const OutCase out_cases[] = {
  { "/interop/tcp/engine-to-python",
    "tcp", NULL, PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "python3", "-c", "@PY@", "receive", "tcp", "127.0.0.1", NULL } },
  { "/interop/tcp/engine-to-socat",
    "tcp", "listening on", PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "socat", "-d", "-d", "-u", "TCP-LISTEN:0,bind=127.0.0.1", "STDOUT", NULL } },
  { "/interop/tcp/engine-to-nc",
    "tcp", "Listening on", PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "nc", "-v", "-n", "-d", "-l", "127.0.0.1", "0", NULL } },
  { "/interop/udp/engine-to-python",
    "udp", NULL, PACE_ACK, END_BY_PEER, UDP_TOTAL, UDP_DATAGRAM,
    { "python3", "-c", "@PY@", "receive", "udp", "127.0.0.1", "ack", NULL } },
  { "/interop/udp/engine-to-socat",
    "udp", "listening on", PACE_OUTPUT, END_BY_SIGNAL, UDP_TOTAL, UDP_DATAGRAM,
    { "socat", "-d", "-d", "-u", "-b", "65536", "UDP-LISTEN:0,bind=127.0.0.1", "STDOUT", NULL } },
  { "/interop/unix/engine-to-python",
    "unix", NULL, PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "python3", "-c", "@PY@", "receive", "unix", "@PATH@", NULL } },
  { "/interop/unix/engine-to-socat",
    "unix", "listening on", PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "socat", "-d", "-d", "-u", "UNIX-LISTEN:@PATH@", "STDOUT", NULL } },
  { "/interop/unix/engine-to-nc",
    "unix", "Listening on", PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "nc", "-v", "-U", "-d", "-l", "@PATH@", NULL } },
  { "/interop/unix-dgram/engine-to-python",
    "unix-dgram", NULL, PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, UNIX_DATAGRAM,
    { "python3", "-c", "@PY@", "receive", "unix-dgram", "@PATH@", NULL } },
  /* socat logs "starting data transfer loop" once its socket is bound. */
  { "/interop/unix-dgram/engine-to-socat",
    "unix-dgram", "starting data transfer loop", PACE_QUEUE, END_BY_SIGNAL,
    STREAM_TOTAL, UNIX_DATAGRAM,
    { "socat", "-d", "-d", "-u", "-b", "65536", "UNIX-RECV:@PATH@", "STDOUT", NULL } },
};

typedef struct
{
  SpConnection *connection;
  gsize         room;
} QueueRoom;

static gboolean
queue_has_room (gpointer data)
{
  QueueRoom *q = data;

  gsize limit = sp_connection_get_queue_limit (q->connection);

  return !sp_connection_is_open (q->connection) ||
         sp_connection_get_bytes_queued (q->connection) + q->room <= limit;
}

typedef struct
{
  SpConnection *connection;
  guint64       n;
} DatagramsAt;

static gboolean
datagrams_received (gpointer data)
{
  DatagramsAt *at = data;

  return sp_connection_get_datagrams_received (at->connection) >= at->n;
}

typedef struct
{
  Sink   *sink;
  guint64 n_bytes;
} SinkAt;

static gboolean
sink_reached (gpointer data)
{
  SinkAt *at = data;

  return at->sink->n_bytes >= at->n_bytes || at->sink->done;
}

/* @sender: the engine client, or the server that accepted @connection */
static void
send_payload (gpointer      sender,
              SpConnection *connection,
              const OutCase *c,
              Sink         *sink)
{
  for (gsize offset = 0, i = 0; offset < c->total; offset += c->chunk, i++)
    {
      gsize size = MIN (c->chunk, c->total - offset);
      g_autoptr(GBytes) piece = g_bytes_new_from_bytes (payload, offset, size);
      g_autoptr(GError) error = NULL;
      QueueRoom room = { connection, size };
      gboolean queued;

      /* Never ask the connection to hold more than its limit: wait for writes to drain. */
      sp_test_wait_until (queue_has_room, &room, "room in the connection's send queue");
      if (SP_IS_CLIENT (sender))
        queued = sp_client_send (sender, piece, &error);
      else
        queued = sp_server_send (sender, connection, piece, &error);
      g_assert_no_error (error);
      g_assert_true (queued);

      if (c->pace == PACE_ACK)
        {
          DatagramsAt at = { connection, i + 1 };
          sp_test_wait_until (datagrams_received, &at, "the peer to acknowledge a datagram");
        }
      else if (c->pace == PACE_OUTPUT)
        {
          SinkAt at = { sink, offset + size };
          sp_test_wait_until (sink_reached, &at, "the peer to write out a datagram");
          g_assert_false (sink->done);
        }
    }
}

static void
test_engine_to_peer (gconstpointer data)
{
  const OutCase *c = data;
  g_autofree char *program = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ready_line = NULL;
  g_autofree char *endpoint_text = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stream = g_str_equal (c->transport, "tcp") || g_str_equal (c->transport, "unix");
  gboolean inet = g_str_equal (c->transport, "tcp") || g_str_equal (c->transport, "udp");
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  Sink sink = { 0 };
  Sink diagnostics = { 0 };

  if (skip_without (c->argv[0], &program))
    return;

  path = socket_path ("peer.sock");
  argv = expand_argv (c->argv, program, NULL, NULL, NULL, path);
  if (c->ready != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDERR_PIPE;
  peer = spawn_peer (argv, flags, NULL);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (peer));

  /* Connect only once the peer listens (or is bound): it says so, with its port. */
  if (c->ready == NULL)
    ready_line = read_line (out, "python3 to print its port");
  else
    {
      err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (peer));
      ready_line = read_line_containing (err, c->ready);
      sink_start (&diagnostics, G_INPUT_STREAM (err), FALSE);
    }
  g_assert_nonnull (ready_line);

  if (inet)
    {
      g_autofree char *port = port_at_end (ready_line);
      endpoint_text = g_strdup_printf ("%s://127.0.0.1:%s", c->transport, port);
    }
  else
    endpoint_text = g_strdup_printf ("%s:%s", c->transport, path);
  endpoint = sp_endpoint_parse (endpoint_text, SP_ENDPOINT_ROLE_CLIENT, &error);
  g_assert_no_error (error);

  client = sp_client_new (endpoint);
  connection = connect_client (client);
  sink_start (&sink, G_INPUT_STREAM (out), TRUE);

  send_payload (client, connection, c, &sink);

  if (stream)
    {
      /* Half-close: the peer reads the end of the stream once the last byte is out. */
      g_assert_true (sp_client_shutdown_write (client, &error));
      g_assert_no_error (error);
    }
  else if (c->end == END_BY_PEER)
    {
      g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);

      g_assert_true (sp_client_send (client, empty, &error));
      g_assert_no_error (error);
    }
  else
    {
      SinkAt at = { &sink, c->total };

      sp_test_wait_until (sink_reached, &at, "the peer to write out everything");
      g_subprocess_send_signal (peer, SIGTERM);
    }

  wait_for_exit (peer, "the peer to exit");
  if (c->end == END_BY_PEER)
    assert_exit_success (peer);
  sink_finish (&sink);
  if (c->ready != NULL)
    sink_finish (&diagnostics);

  g_assert_cmpuint (sink.n_bytes, ==, c->total);
  g_assert_cmpstr (g_checksum_get_string (sink.checksum), ==, expected_sha256 (c->total));
  g_assert_cmpuint (sp_connection_get_bytes_sent (connection), ==, c->total);
  g_assert_cmpuint (sp_client_get_bytes_sent (client), ==, c->total);
  g_assert_cmpuint (sp_connection_get_bytes_queued (connection), ==, 0);

  if (stream)
    {
      /* The peer closed after our end of stream: the half-closed connection is done. */
      sp_test_wait_until (connection_finished, connection, "the half-closed connection to end");
      g_assert_cmpint (sp_connection_get_state (connection), ==, SP_CONNECTION_STATE_CLOSED);
      g_assert_cmpuint (sp_connection_get_bytes_received (connection), ==, 0);
    }
  else
    {
      guint64 datagrams = n_pieces (c->total, c->chunk) + (c->end == END_BY_PEER ? 1 : 0);

      g_assert_cmpuint (sp_connection_get_datagrams_sent (connection), ==, datagrams);
      if (c->pace == PACE_ACK)
        {
          DatagramsAt at = { connection, datagrams };

          /* The acknowledgement of the empty datagram may still be on its way. */
          sp_test_wait_until (datagrams_received, &at, "the last acknowledgement");
          g_assert_cmpuint (sp_connection_get_bytes_received (connection), ==, 3 * datagrams);
        }
      sp_client_disconnect (client);
      sp_test_wait_until (connection_finished, connection, "the datagram socket to close");
    }

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (path);
  sink_clear (&sink);
  sink_clear (&diagnostics);
}

/* Engine server → a peer that connects ----------------------------------------------- */

/* The same transfers from the other end: the engine's server sends (a person's manual
 * mode), then half-closes its accepted connection; the peer exits at the end of stream. */
static const OutCase server_out_cases[] = {
  { "/interop/tcp/engine-server-to-python",
    "tcp", NULL, PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "python3", "-c", "@PY@", "fetch", "tcp", "@TARGET@", NULL } },
  { "/interop/tcp/engine-server-to-socat",
    "tcp", NULL, PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "socat", "-u", "TCP:@TARGET@", "STDOUT", NULL } },
  { "/interop/tcp/engine-server-to-nc",
    "tcp", NULL, PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "nc", "-d", "@HOST@", "@PORT@", NULL } },
  { "/interop/unix/engine-server-to-python",
    "unix", NULL, PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "python3", "-c", "@PY@", "fetch", "unix", "@TARGET@", NULL } },
  { "/interop/unix/engine-server-to-socat",
    "unix", NULL, PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "socat", "-u", "UNIX-CONNECT:@TARGET@", "STDOUT", NULL } },
  { "/interop/unix/engine-server-to-nc",
    "unix", NULL, PACE_QUEUE, END_BY_PEER, STREAM_TOTAL, STREAM_CHUNK,
    { "nc", "-d", "-U", "@TARGET@", NULL } },
};

static gboolean
tally_has_connection (gpointer data)
{
  return ((Tally *) data)->first != NULL;
}

static void
test_engine_server_to_peer (gconstpointer data)
{
  const OutCase *c = data;
  g_autofree char *program = NULL;
  g_autofree char *path = NULL;
  g_autofree char *endpoint_text = NULL;
  g_autofree char *target = NULL;
  g_autofree char *port = NULL;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocess) peer = NULL;
  gboolean inet = g_str_equal (c->transport, "tcp");
  Tally tally = { g_checksum_new (G_CHECKSUM_SHA256), 0, NULL, 0 };
  Sink sink = { 0 };

  if (skip_without (c->argv[0], &program))
    {
      g_checksum_free (tally.checksum);
      return;
    }

  if (inet)
    endpoint_text = g_strdup ("tcp://127.0.0.1:0");
  else
    {
      path = socket_path ("engine-server.sock");
      endpoint_text = g_strdup_printf ("unix:%s", path);
    }
  server = start_server (endpoint_text, SP_BEHAVIOUR_MANUAL, &tally);
  if (inet)
    {
      port = g_strdup_printf ("%u", sp_endpoint_get_port (sp_server_get_bound_endpoint (server)));
      target = g_strdup_printf ("127.0.0.1:%s", port);
    }
  else
    target = g_strdup (path);

  argv = expand_argv (c->argv, program, NULL, target, port, NULL);
  peer = spawn_peer (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);
  sink_start (&sink, g_subprocess_get_stdout_pipe (peer), TRUE);
  sp_test_wait_until (tally_has_connection, &tally, "the peer to connect");

  send_payload (server, tally.first, c, &sink);
  sp_connection_shutdown_write (tally.first);

  wait_for_exit (peer, "the peer to read to the end and exit");
  assert_exit_success (peer);
  sink_finish (&sink);
  sp_test_wait_until (server_has_no_connection, server, "the half-closed connection to end");

  g_assert_cmpuint (sink.n_bytes, ==, c->total);
  g_assert_cmpstr (g_checksum_get_string (sink.checksum), ==, expected_sha256 (c->total));
  g_assert_cmpint (sp_connection_get_state (tally.first), ==, SP_CONNECTION_STATE_CLOSED);
  g_assert_cmpuint (sp_connection_get_bytes_sent (tally.first), ==, c->total);
  g_assert_cmpuint (sp_server_get_bytes_sent (server), ==, c->total);
  g_assert_cmpuint (sp_server_get_bytes_received (server), ==, 0);
  g_assert_cmpuint (sp_server_get_n_accepted (server), ==, 1);

  stop_server (server);
  g_clear_object (&tally.first);
  g_checksum_free (tally.checksum);
  sink_clear (&sink);
}

/* The payload ---------------------------------------------------------------------------- */

static void
make_payload (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GError) error = NULL;
  guint32 *words = g_malloc (STREAM_TOTAL);

  for (gsize i = 0; i < STREAM_TOTAL / sizeof (guint32); i++)
    words[i] = g_rand_int (rand);
  payload = g_bytes_new_take (words, STREAM_TOTAL);

  payload_sha256[0] = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guint8 *) words,
                                                   STREAM_TOTAL);
  payload_sha256[1] = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guint8 *) words,
                                                   UDP_TOTAL);

  tmp_dir = g_dir_make_tmp ("sp-interop-XXXXXX", &error);
  g_assert_no_error (error);
  payload_path = g_build_filename (tmp_dir, "payload", NULL);
  udp_payload_path = g_build_filename (tmp_dir, "payload-udp", NULL);
  g_file_set_contents (payload_path, (const char *) words, STREAM_TOTAL, &error);
  g_assert_no_error (error);
  g_file_set_contents (udp_payload_path, (const char *) words, UDP_TOTAL, &error);
  g_assert_no_error (error);
}

static void
remove_payload (void)
{
  g_unlink (payload_path);
  g_unlink (udp_payload_path);
  g_rmdir (tmp_dir);
  g_clear_pointer (&payload_path, g_free);
  g_clear_pointer (&udp_payload_path, g_free);
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_pointer (&payload_sha256[0], g_free);
  g_clear_pointer (&payload_sha256[1], g_free);
  g_clear_pointer (&payload, g_bytes_unref);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Peers are fed through pipes: a peer that dies early must fail a test, not kill it. */
  signal (SIGPIPE, SIG_IGN);

  for (guint i = 0; i < G_N_ELEMENTS (in_cases); i++)
    g_test_add_data_func (in_cases[i].test_path, &in_cases[i], test_peer_to_engine);
  for (guint i = 0; i < G_N_ELEMENTS (out_cases); i++)
    g_test_add_data_func (out_cases[i].test_path, &out_cases[i], test_engine_to_peer);
  for (guint i = 0; i < G_N_ELEMENTS (server_out_cases); i++)
    g_test_add_data_func (server_out_cases[i].test_path, &server_out_cases[i],
                          test_engine_server_to_peer);

  make_payload ();
  status = g_test_run ();
  remove_payload ();

  return status;
}
