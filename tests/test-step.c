/* test-step.c — step mode: the tutorial's exchange one socket call at a time, over real sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "sp-core.h"
#include "sp-test-util.h"

#define GREETING "Thank you for connecting"

/* A server and a client stepped as a teacher clicks, with every signal logged. */
typedef struct
{
  SpServer       *server;
  SpClient       *client;
  GtSignalLogger *logger;
  GString        *client_received;
  char           *tmpdir;
} Fixture;

static void
client_received_cb (SpConnection *connection,
                    GBytes       *bytes,
                    Fixture      *fixture)
{
  g_string_append_len (fixture->client_received, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
server_accepted_cb (SpServer     *server,
                    SpConnection *connection,
                    Fixture      *fixture)
{
  gt_signal_logger_connect (fixture->logger, connection, "sent");
  gt_signal_logger_connect (fixture->logger, connection, "received");
  gt_signal_logger_connect (fixture->logger, connection, "closed");
}

static void
client_connected_cb (SpClient     *client,
                     SpConnection *connection,
                     Fixture      *fixture)
{
  gt_signal_logger_connect (fixture->logger, connection, "sent");
  gt_signal_logger_connect (fixture->logger, connection, "received");
  gt_signal_logger_connect (fixture->logger, connection, "closed");
  g_signal_connect (connection, "received", G_CALLBACK (client_received_cb), fixture);
}

static SpServer *
make_server (Fixture     *fixture,
             const char  *text,
             SpBehaviour  behaviour)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, &error);

  g_assert_no_error (error);
  fixture->server = sp_server_new (endpoint);
  sp_server_set_behaviour (fixture->server, behaviour);
  sp_server_set_reply_text (fixture->server, GREETING);
  sp_server_set_close_after_reply (fixture->server, TRUE);
  sp_server_set_step_mode (fixture->server, TRUE);

  g_signal_connect (fixture->server, "connection-accepted", G_CALLBACK (server_accepted_cb), fixture);
  gt_signal_logger_connect (fixture->logger, fixture->server, "connection-accepted");
  gt_signal_logger_connect (fixture->logger, fixture->server, "connection-closed");

  return fixture->server;
}

/* A client aimed where the server is bound (with the port the system chose). */
static SpClient *
make_client (Fixture *fixture)
{
  SpEndpoint *bound = sp_server_get_bound_endpoint (fixture->server);

  g_assert_nonnull (bound);
  fixture->client = sp_client_new (bound);
  sp_client_set_step_mode (fixture->client, TRUE);

  g_signal_connect (fixture->client, "connected", G_CALLBACK (client_connected_cb), fixture);
  gt_signal_logger_connect (fixture->logger, fixture->client, "connected");

  return fixture->client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->logger = gt_signal_logger_new ();
  fixture->client_received = g_string_new (NULL);
  fixture->tmpdir = g_dir_make_tmp ("sp-step-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->logger, gt_signal_logger_free);

  if (fixture->client != NULL)
    sp_client_disconnect (fixture->client);
  if (fixture->server != NULL)
    sp_server_stop (fixture->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  if (fixture->client != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->client));
  if (fixture->server != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->server));

  g_string_free (fixture->client_received, TRUE);
  g_rmdir (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

/* Waiting ------------------------------------------------------------------------------- */

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

static gboolean
server_has_sent (gpointer data)
{
  gpointer *args = data;

  return sp_server_get_bytes_sent (args[0]) >= GPOINTER_TO_SIZE (args[1]);
}

/* A send() step queues the bytes; they leave on the main loop. */
static void
wait_for_bytes_sent (SpServer *server,
                     gsize     n)
{
  gpointer args[] = { server, GSIZE_TO_POINTER (n) };

  sp_test_wait_until (server_has_sent, args, "the server's bytes to leave");
}

static gboolean
logger_has_emissions (gpointer data)
{
  return gt_signal_logger_get_n_emissions (data) > 0;
}

/* Makes the step the Step button would be labelled with, and waits until it returned. */
static void
step_server (SpServer   *server,
             const char *expected_call)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sp_server_get_next_call (server), ==, expected_call);
  g_assert_true (sp_server_step (server, &error));
  g_assert_no_error (error);
  sp_test_wait_until (server_not_waiting, server, expected_call);
}

static void
step_client (SpClient   *client,
             const char *expected_call)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sp_client_get_next_call (client), ==, expected_call);
  g_assert_true (sp_client_step (client, &error));
  g_assert_no_error (error);
  sp_test_wait_until (client_not_waiting, client, expected_call);
}

/* Pops the next emission, waiting for it if it has not come yet. */
#define POP(fixture, obj, signal, ...) \
  G_STMT_START { \
    sp_test_wait_until (logger_has_emissions, (fixture)->logger, signal); \
    gt_signal_logger_assert_emission_pop ((fixture)->logger, obj, signal, __VA_ARGS__); \
  } G_STMT_END

/* Logs ---------------------------------------------------------------------------------- */

/* "socket bind listen - accept …": each event's call name, "-" for a sentence. */
static char *
dup_call_names (SpEventLog *log)
{
  GString *names = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      const char *call = sp_event_get_call (event);
      SpEventKind kind = sp_event_get_kind (event);

      if (names->len > 0)
        g_string_append_c (names, ' ');
      if (kind == SP_EVENT_KIND_INFO || call == NULL)
        g_string_append_c (names, '-');
      else
        g_string_append_len (names, call, strcspn (call, "( "));
    }

  return g_string_free (names, FALSE);
}

/* Shown with --verbose, for a person reading the test's output. */
static void
print_log (const char *who,
           SpEventLog *log)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      g_test_message ("%s: %-40s %s", who,
                      sp_event_get_call (event) != NULL ? sp_event_get_call (event) : "",
                      sp_event_get_message (event));
    }
}

static gboolean
log_has_message (SpEventLog *log,
                 const char *part)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (strstr (sp_event_get_message (event), part) != NULL)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  SpEventLog *log;
  const char *part;
} LogSearch;

static gboolean
log_search_found (gpointer data)
{
  LogSearch *search = data;

  return log_has_message (search->log, search->part);
}

static void
wait_for_message (SpEventLog *log,
                  const char *part)
{
  LogSearch search = { log, part };

  sp_test_wait_until (log_search_found, &search, part);
}

/* The kernel's own view -------------------------------------------------------------- */

/* The state TCP_INFO reports for our socket whose local port is @port. */
static int
kernel_tcp_state (guint16 port)
{
  for (int fd = 3; fd < 4096; fd++)
    {
      struct sockaddr_in address;
      socklen_t length = sizeof address;
      struct tcp_info info;
      socklen_t info_length = sizeof info;

      if (getsockname (fd, (struct sockaddr *) &address, &length) != 0 ||
          address.sin_family != AF_INET || ntohs (address.sin_port) != port)
        continue;

      g_assert_no_errno (getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &info_length));
      return info.tcpi_state;
    }

  g_assert_not_reached ();
}

static guint16
port_of (const char *address)
{
  return (guint16) g_ascii_strtoull (strrchr (address, ':') + 1, NULL, 10);
}

/* Tests --------------------------------------------------------------------------------- */

/* The lesson as a teacher clicks it: the server up to listen(), the client connects,
 * then the server accepts, greets and hangs up, and the client reads and closes. */
static void
test_lesson (Fixture       *fixture,
             gconstpointer  data)
{
  SpServer *server = make_server (fixture, "tcp://127.0.0.1:0", SP_BEHAVIOUR_REPLY);
  SpClient *client;
  g_autoptr(SpConnection) accepted = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GBytes) sent = NULL;
  g_autoptr(GBytes) received = NULL;
  g_autofree char *server_calls = NULL;
  g_autofree char *client_calls = NULL;

  g_assert_cmpint (sp_server_get_next_call_kind (server), ==, SP_EVENT_KIND_SOCKET);
  step_server (server, "socket()");
  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_STARTING);
  step_server (server, "bind()");
  g_assert_cmpuint (sp_endpoint_get_port (sp_server_get_bound_endpoint (server)), !=, 0);
  step_server (server, "listen()");
  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_LISTENING);
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "accept()");

  client = make_client (fixture);
  step_client (client, "socket()");
  g_assert_cmpint (sp_client_get_state (client), ==, SP_CLIENT_STATE_CONNECTING);
  step_client (client, "connect()");

  /* connect() has completed though the server has not called accept(): the kernel
   * holds the connection in the listening socket's backlog. */
  g_assert_cmpint (sp_client_get_state (client), ==, SP_CLIENT_STATE_CONNECTED);
  connection = g_object_ref (sp_client_get_connection (client));
  g_assert_cmpint (kernel_tcp_state (port_of (sp_connection_get_local_address (connection))), ==,
                   1 /* TCP_ESTABLISHED */);
  g_assert_cmpuint (sp_server_get_n_accepted (server), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sp_server_get_connections (server)), ==, 0);
  wait_for_message (sp_server_get_log (server), "waits in the backlog");
  POP (fixture, client, "connected", NULL);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  step_server (server, "accept()");
  POP (fixture, server, "connection-accepted", &accepted);
  g_assert_cmpstr (sp_connection_get_peer_address (accepted), ==,
                   sp_connection_get_local_address (connection));
  gt_signal_logger_assert_no_emissions (fixture->logger);

  step_server (server, "send()");
  POP (fixture, accepted, "sent", &sent);
  g_assert_cmpmem (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent), GREETING, strlen (GREETING));
  gt_signal_logger_assert_no_emissions (fixture->logger);

  step_server (server, "close()");
  POP (fixture, accepted, "closed", NULL);
  POP (fixture, server, "connection-closed", NULL);
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "accept()");

  /* Nothing is read until the client's recv() step, though the bytes and the end of
   * the stream are there. */
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpuint (sp_client_get_bytes_received (client), ==, 0);

  step_client (client, "recv()");
  POP (fixture, connection, "received", &received);
  g_assert_cmpstr (fixture->client_received->str, ==, GREETING);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  step_client (client, "close()");
  POP (fixture, connection, "closed", NULL);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpint (sp_client_get_state (client), ==, SP_CLIENT_STATE_DISCONNECTED);

  /* Counters as in a normal run. */
  g_assert_cmpuint (sp_server_get_bytes_sent (server), ==, strlen (GREETING));
  g_assert_cmpuint (sp_client_get_bytes_received (client), ==, strlen (GREETING));
  g_assert_cmpuint (sp_server_get_n_accepted (server), ==, 1);

  /* The logs read like server.py and client.py. */
  print_log ("server", sp_server_get_log (server));
  print_log ("client", sp_client_get_log (client));
  server_calls = dup_call_names (sp_server_get_log (server));
  g_assert_cmpstr (server_calls, ==, "socket bind listen - accept send close");
  client_calls = dup_call_names (sp_client_get_log (client));
  g_assert_cmpstr (client_calls, ==, "socket connect recv close");

  /* Each side may go round again: the server accepts the next client, the client starts
   * a new socket. */
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "accept()");
  g_assert_cmpstr (sp_client_get_next_call (client), ==, "socket()");
}

/* A call that would block waits on the main loop and says so. */
static void
test_waits (Fixture       *fixture,
            gconstpointer  data)
{
  SpServer *server = make_server (fixture, "tcp://127.0.0.1:0", SP_BEHAVIOUR_REPLY);
  SpClient *client;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_calls = NULL;

  step_server (server, "socket()");
  step_server (server, "bind()");
  step_server (server, "listen()");

  /* accept() with nobody in the backlog. */
  g_assert_true (sp_server_step (server, &error));
  g_assert_no_error (error);
  g_assert_true (sp_server_get_step_waiting (server));
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "accept()");
  g_assert_true (log_has_message (sp_server_get_log (server), "accept() waits"));

  /* Stepping again meanwhile is refused with a sentence. */
  g_assert_false (sp_server_step (server, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED);
  g_clear_error (&error);

  client = make_client (fixture);
  step_client (client, "socket()");
  step_client (client, "connect()");
  sp_test_wait_until (server_not_waiting, server, "accept() to return");
  g_assert_cmpuint (sp_server_get_n_accepted (server), ==, 1);

  /* recv() before the server has sent anything. */
  g_assert_true (sp_client_step (client, &error));
  g_assert_no_error (error);
  g_assert_true (sp_client_get_step_waiting (client));
  g_assert_true (log_has_message (sp_client_get_log (client), "recv() waits"));

  step_server (server, "send()");
  sp_test_wait_until (client_not_waiting, client, "recv() to return");
  g_assert_cmpstr (fixture->client_received->str, ==, GREETING);

  /* The backlog note is only for a client that connected before accept(). */
  server_calls = dup_call_names (sp_server_get_log (server));
  g_assert_cmpstr (server_calls, ==, "socket bind listen - accept send");
  g_assert_false (log_has_message (sp_server_get_log (server), "waits in the backlog"));
}

/* An echo server reads before it answers; the client sends its step data first. */
static void
test_echo (Fixture       *fixture,
           gconstpointer  data)
{
  SpServer *server = make_server (fixture, "tcp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  SpClient *client;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello\n", 6);
  g_autofree char *server_calls = NULL;
  g_autofree char *client_calls = NULL;

  step_server (server, "socket()");
  step_server (server, "bind()");
  step_server (server, "listen()");

  client = make_client (fixture);
  sp_client_set_step_data (client, hello);
  step_client (client, "socket()");
  step_client (client, "connect()");
  wait_for_message (sp_server_get_log (server), "waits in the backlog");
  step_server (server, "accept()");

  /* Nothing has come yet: recv() waits until the client's send(). */
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "recv()");
  g_assert_true (sp_server_step (server, NULL));
  g_assert_true (sp_server_get_step_waiting (server));
  step_client (client, "send()");
  sp_test_wait_until (server_not_waiting, server, "the server's recv() to return");

  step_server (server, "send()");
  wait_for_bytes_sent (server, 6);
  step_client (client, "recv()");
  g_assert_cmpstr (fixture->client_received->str, ==, "hello\n");
  step_client (client, "close()");

  /* The server reads the end of the stream, then closes its side. */
  step_server (server, "recv()");
  step_server (server, "close()");
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "accept()");

  server_calls = dup_call_names (sp_server_get_log (server));
  g_assert_cmpstr (server_calls, ==, "socket bind listen - accept - recv send recv close");
  client_calls = dup_call_names (sp_client_get_log (client));
  g_assert_cmpstr (client_calls, ==, "socket connect send recv close");
  g_assert_cmpuint (sp_server_get_bytes_received (server), ==, 6);
  g_assert_cmpuint (sp_client_get_bytes_sent (client), ==, 6);
}

/* Datagrams: no listen(), no accept(); recvfrom() and sendto(). */
static void
test_udp (Fixture       *fixture,
          gconstpointer  data)
{
  SpServer *server = make_server (fixture, "udp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  SpClient *client;
  g_autoptr(GBytes) ping = g_bytes_new_static ("ping", 4);
  g_autofree char *server_calls = NULL;
  g_autofree char *client_calls = NULL;

  step_server (server, "socket()");
  step_server (server, "bind()");
  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_LISTENING);
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "recvfrom()");

  client = make_client (fixture);
  sp_client_set_step_data (client, ping);
  step_client (client, "socket()");
  step_client (client, "connect()");
  POP (fixture, client, "connected", NULL);
  g_assert_cmpstr (sp_client_get_next_call (client), ==, "sendto()");
  step_client (client, "sendto()");

  step_server (server, "recvfrom()");
  g_assert_cmpuint (sp_server_get_bytes_received (server), ==, 4);
  step_server (server, "sendto()");
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "recvfrom()");

  step_client (client, "recvfrom()");
  g_assert_cmpstr (fixture->client_received->str, ==, "ping");
  step_client (client, "close()");

  server_calls = dup_call_names (sp_server_get_log (server));
  g_assert_cmpstr (server_calls, ==, "socket bind - - recvfrom sendto");
  client_calls = dup_call_names (sp_client_get_log (client));
  g_assert_cmpstr (client_calls, ==, "socket connect sendto recvfrom close");
}

/* The lesson over a Unix stream socket in a temporary folder. */
static void
test_unix (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->tmpdir, "lesson.sock", NULL);
  g_autofree char *text = g_strconcat ("unix:", path, NULL);
  SpServer *server = make_server (fixture, text, SP_BEHAVIOUR_REPLY);
  SpClient *client;
  g_autofree char *server_calls = NULL;
  g_autofree char *client_calls = NULL;

  step_server (server, "socket()");
  step_server (server, "bind()");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  step_server (server, "listen()");

  client = make_client (fixture);
  step_client (client, "socket()");
  step_client (client, "connect()");
  g_assert_cmpint (sp_client_get_state (client), ==, SP_CLIENT_STATE_CONNECTED);
  wait_for_message (sp_server_get_log (server), "waits in the backlog");

  step_server (server, "accept()");
  step_server (server, "send()");
  step_server (server, "close()");
  wait_for_bytes_sent (server, strlen (GREETING));
  step_client (client, "recv()");
  g_assert_cmpstr (fixture->client_received->str, ==, GREETING);
  step_client (client, "close()");

  server_calls = dup_call_names (sp_server_get_log (server));
  g_assert_cmpstr (server_calls, ==, "socket bind listen - accept send close");
  client_calls = dup_call_names (sp_client_get_log (client));
  g_assert_cmpstr (client_calls, ==, "socket connect recv close");

  /* Stopping removes the socket file, as in a normal run. */
  sp_server_stop (server);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* bind() to a port in use fails at its step with the usual typed error. */
static void
test_bind_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  guint16 port;
  g_autoptr(GSocket) holder = sp_test_bind_loopback (TRUE, &port);
  g_autofree char *text = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  g_autofree char *call = g_strdup_printf ("bind(('127.0.0.1', %u))", port);
  SpServer *server = make_server (fixture, text, SP_BEHAVIOUR_REPLY);
  g_autoptr(GError) error = NULL;
  SpEvent *last;

  step_server (server, "socket()");
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "bind()");
  g_assert_false (sp_server_step (server, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, "already in use"));

  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_FAILED);
  g_assert_error ((GError *) sp_server_get_error (server), SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_IN_USE);
  last = sp_event_log_get_last (sp_server_get_log (server));
  g_assert_cmpint (sp_event_get_kind (last), ==, SP_EVENT_KIND_ERROR);
  g_assert_cmpstr (sp_event_get_call (last), ==, call);
  g_assert_cmpstr (sp_event_get_message (last), ==, error->message);

  /* The run is over: the next step starts again with a new socket. */
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "socket()");
  g_assert_null (sp_server_get_bound_endpoint (server));
}

/* A client that connects after bind() but before listen() is refused: the kernel
 * accepts connections only once listen() has been called. */
static void
test_refused_before_listen (Fixture       *fixture,
                            gconstpointer  data)
{
  SpServer *server = make_server (fixture, "tcp://127.0.0.1:0", SP_BEHAVIOUR_REPLY);
  SpClient *client;
  g_autoptr(GError) error = NULL;

  step_server (server, "socket()");
  step_server (server, "bind()");

  client = make_client (fixture);
  step_client (client, "socket()");
  g_assert_cmpstr (sp_client_get_next_call (client), ==, "connect()");
  if (sp_client_step (client, &error))
    sp_test_wait_until (client_not_waiting, client, "connect() to fail");
  else
    g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED);

  g_assert_cmpint (sp_client_get_state (client), ==, SP_CLIENT_STATE_FAILED);
  g_assert_error ((GError *) sp_client_get_error (client), SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED);
  g_assert_cmpint (sp_event_get_kind (sp_event_log_get_last (sp_client_get_log (client))), ==,
                   SP_EVENT_KIND_ERROR);
  g_assert_cmpstr (sp_client_get_next_call (client), ==, "socket()");

  /* After listen() the same client gets in. */
  step_server (server, "listen()");
  step_client (client, "socket()");
  step_client (client, "connect()");
  g_assert_cmpint (sp_client_get_state (client), ==, SP_CLIENT_STATE_CONNECTED);
  g_assert_null (sp_client_get_error (client));
}

/* Stopping half-way closes the socket and frees the port; stepping starts over. */
static void
test_stop_midway (Fixture       *fixture,
                  gconstpointer  data)
{
  SpServer *server = make_server (fixture, "tcp://127.0.0.1:0", SP_BEHAVIOUR_REPLY);
  g_autoptr(SpEndpoint) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  SpEvent *last;

  step_server (server, "socket()");
  step_server (server, "bind()");
  bound = g_object_ref (sp_server_get_bound_endpoint (server));

  sp_server_stop (server);
  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_STOPPED);
  last = sp_event_log_get_last (sp_server_get_log (server));
  g_assert_cmpint (sp_event_get_kind (last), ==, SP_EVENT_KIND_CLOSE);
  g_assert_cmpstr (sp_event_get_call (last), ==, "close()");
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "socket()");

  /* The port is free again. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  address = sp_endpoint_get_literal_address (bound);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
}

/* Step mode is a mode: without it there is nothing to step, with it no normal start. */
static void
test_mode (Fixture       *fixture,
           gconstpointer  data)
{
  SpServer *server = make_server (fixture, "tcp://127.0.0.1:0", SP_BEHAVIOUR_REPLY);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the start to be refused");
  g_assert_false (sp_server_start_finish (server, result, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_object (&result);

  sp_server_set_step_mode (server, FALSE);
  g_assert_null (sp_server_get_next_call (server));
  g_assert_cmpint (sp_server_get_next_call_kind (server), ==, SP_EVENT_KIND_INFO);
  g_assert_false (sp_server_step (server, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED);
  g_clear_error (&error);

  /* A normal run is not stepped either. */
  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the server to start");
  g_assert_true (sp_server_start_finish (server, result, &error));
  g_assert_no_error (error);
  sp_server_set_step_mode (server, TRUE);
  g_assert_null (sp_server_get_next_call (server));
  g_assert_false (sp_server_step (server, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_FAILED);
  g_clear_error (&error);

  /* Stopped, the next step starts a stepped run. */
  sp_server_stop (server);
  g_assert_cmpstr (sp_server_get_next_call (server), ==, "socket()");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/step/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("lesson", test_lesson);
  ADD ("waits", test_waits);
  ADD ("echo", test_echo);
  ADD ("udp", test_udp);
  ADD ("unix", test_unix);
  ADD ("bind-in-use", test_bind_in_use);
  ADD ("refused-before-listen", test_refused_before_listen);
  ADD ("stop-midway", test_stop_midway);
  ADD ("mode", test_mode);

#undef ADD

  return g_test_run ();
}
