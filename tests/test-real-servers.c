/* test-real-servers.c — the port panel's first requests against real servers
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client pane pre-filled from the protocol catalogue must work against the real thing,
 * not only against our demo servers: Python's http.server, aiosmtpd, pyftpdlib and
 * Dovecot (POP3 and IMAP), each started by the test on a loopback port chosen free at run
 * time, are driven by an SpClient through the same conversation a learner would type.
 * A server that is not installed skips its case with a message.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "demo-test-util.h"
#include "sp-core.h"
#include "sp-test-util.h"

/* One line a learner sends (NULL: send nothing, wait for the greeting) and the text the
 * answer must contain. "@FIRST" stands for the catalogue's first request. */
typedef struct
{
  const char *send;
  const char *expect;
} Step;

typedef struct
{
  GSubprocess *process;
  guint16      port;
  char        *dir;
} RealServer;

static void
real_server_stop (RealServer *server)
{
  if (server->process != NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;

      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait_async (server->process, NULL, sp_test_store_result, &result);
      sp_test_wait_for_result (&result, "the real server to stop");
      g_clear_object (&server->process);
    }

  if (server->dir != NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", server->dir);

      g_assert_cmpint (system (command), ==, 0);
      g_clear_pointer (&server->dir, g_free);
    }
}

/* A port nobody listens on right now: bound, read back and released for the server. */
static guint16
free_port (void)
{
  guint16 port;
  g_autoptr(GSocket) socket = sp_test_bind_loopback (FALSE, &port);

  return port;
}

typedef struct
{
  guint16   port;
  gboolean  open;
  gboolean  pending;
} Probe;

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, NULL);
  probe->open = connection != NULL;
  probe->pending = FALSE;
}

static gboolean
probe_again_cb (gpointer user_data)
{
  Probe *probe = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  if (probe->open || probe->pending)
    return probe->open ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;

  probe->pending = TRUE;
  g_socket_client_connect_to_host_async (client, "127.0.0.1", probe->port, NULL, probe_done_cb, probe);
  return G_SOURCE_CONTINUE;
}

static gboolean
probe_is_open (gpointer data)
{
  return ((Probe *) data)->open;
}

/* Servers take a moment to listen: try to connect every 50 ms until one succeeds. */
static void
wait_until_listening (guint16 port)
{
  Probe probe = { port, FALSE, FALSE };
  guint source = g_timeout_add (50, probe_again_cb, &probe);

  sp_test_wait_until (probe_is_open, &probe, "the real server to listen");
  g_source_remove (source);
  /* A probe's connection may still be closing; the server serves it and goes on. */
  while (probe.pending)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
start_program (RealServer  *server,
               const char  *program,
               const char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  server->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  wait_until_listening (server->port);
  return TRUE;
}

/* Is a Python module importable by Debian's own interpreter? */
static gboolean
have_python_module (const char *module)
{
  g_autofree char *command = g_strdup_printf ("/usr/bin/python3 -c 'import %s'", module);
  int status = -1;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  return g_spawn_command_line_sync (command, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

typedef struct
{
  GString  *received;
  gboolean  closed;
} Conversation;

static void
received_cb (SpConnection *connection,
             GBytes       *bytes,
             Conversation *conversation)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_string_append_len (conversation->received, data, size);
}

typedef struct
{
  Conversation *conversation;
  gsize         from;
  const char   *expect;
} Wanted;

static gboolean
has_wanted (gpointer data)
{
  Wanted *wanted = data;

  return strstr (wanted->conversation->received->str + wanted->from, wanted->expect) != NULL;
}

/* Connects an SpClient as a client pane does and plays @steps. */
static void
converse (const char *protocol_name,
          guint16     port,
          const Step *steps,
          gsize       n_steps)
{
  SpProtocol *protocol = sp_protocols_lookup (protocol_name);
  g_autofree char *text = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  Conversation conversation = { g_string_new (NULL), FALSE };
  gsize cursor = 0;   /* just past the last answer matched */

  g_assert_nonnull (protocol);
  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, &error);
  g_assert_no_error (error);
  client = sp_client_new (endpoint);
  sp_client_connect_async (client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the client to connect");
  connection = sp_client_connect_finish (client, result, &error);
  g_assert_no_error (error);
  g_signal_connect (connection, "received", G_CALLBACK (received_cb), &conversation);

  for (gsize i = 0; i < n_steps; i++)
    {
      Wanted wanted = { &conversation, cursor, steps[i].expect };
      g_autofree char *what = NULL;

      if (steps[i].send != NULL)
        {
          const char *send = steps[i].send;
          g_autoptr(GBytes) bytes = NULL;

          if (strcmp (send, "@FIRST") == 0)
            send = sp_protocol_get_first_request (protocol);
          g_assert_nonnull (send);
          bytes = sp_payload_parse_text (send, -1, NULL, &error);
          g_assert_no_error (error);
          sp_client_send (client, bytes, &error);
          g_assert_no_error (error);
        }

      what = g_strdup_printf ("%s to answer “%s” with “%s”", protocol_name,
                              steps[i].send != NULL ? steps[i].send : "(greeting)", steps[i].expect);
      sp_test_wait_until (has_wanted, &wanted, what);
      cursor = strstr (conversation.received->str + cursor, steps[i].expect) - conversation.received->str
               + strlen (steps[i].expect);
    }

  g_test_message ("%s conversation:\n%s", protocol_name, conversation.received->str);
  g_signal_handlers_disconnect_by_data (connection, &conversation);
  sp_client_disconnect (client);
  g_string_free (conversation.received, TRUE);
}

/* The same conversation against our demo server, when there is one for the protocol. */
static void
converse_with_demo (const char *protocol_name,
                    const char *demo_name,
                    const Step *steps,
                    gsize       n_steps)
{
  g_autoptr(SpDemoServer) demo = NULL;
  guint16 port;

  if (!sp_demo_server_has_protocol (demo_name))
    {
      g_test_message ("No %s demo server yet: only the real server was tried", demo_name);
      return;
    }

  demo = demo_test_start (demo_name, &port);
  converse (protocol_name, port, steps, n_steps);
}

static void
test_http_server (void)
{
  static const Step steps[] = {
    { "@FIRST", " 200 OK" },
    { NULL, "\r\nServer: " },
  };
  RealServer server = { NULL, free_port (), g_dir_make_tmp ("sp-http-XXXXXX", NULL) };
  g_autofree char *port = g_strdup_printf ("%u", server.port);
  const char *argv[] = { "/usr/bin/python3", "-m", "http.server", "--bind", "127.0.0.1",
                         "--directory", server.dir, port, NULL };

  if (!start_program (&server, argv[0], argv))
    {
      g_test_skip ("/usr/bin/python3 is not installed");
      real_server_stop (&server);
      return;
    }

  converse ("HTTP", server.port, steps, G_N_ELEMENTS (steps));
  real_server_stop (&server);
  converse_with_demo ("HTTP", "http", steps, G_N_ELEMENTS (steps));
}

static void
test_aiosmtpd (void)
{
  static const Step steps[] = {
    { NULL, "220 " },
    { "EHLO playground\\r\\n", "250 " },
    { "MAIL FROM:<learner@playground.test>\\r\\n", "250 " },
    { "RCPT TO:<teacher@playground.test>\\r\\n", "250 " },
    { "DATA\\r\\n", "354 " },
    { "Subject: Thank you\\r\\n\\r\\nThank you for connecting\\r\\n.\\r\\n", "250 " },
    { "QUIT\\r\\n", "221 " },
  };
  RealServer server = { NULL, free_port (), NULL };
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", server.port);
  const char *argv[] = { "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", listen, NULL };

  if (!have_python_module ("aiosmtpd"))
    {
      g_test_skip ("aiosmtpd is not installed (Debian package python3-aiosmtpd)");
      return;
    }

  g_assert_true (start_program (&server, argv[0], argv));
  converse ("SMTP", server.port, steps, G_N_ELEMENTS (steps));
  real_server_stop (&server);
  converse_with_demo ("SMTP", "smtp", steps, G_N_ELEMENTS (steps));
}

static void
test_pyftpdlib (void)
{
  static const Step steps[] = {
    { NULL, "220 " },
    { "USER learner\\r\\n", "331 " },
    { "PASS playground\\r\\n", "230 " },
    { "SYST\\r\\n", "215 " },
    { "PWD\\r\\n", "257 \"/\"" },
    { "QUIT\\r\\n", "221 " },
  };
  RealServer server = { NULL, free_port (), g_dir_make_tmp ("sp-ftp-XXXXXX", NULL) };
  g_autofree char *port = g_strdup_printf ("%u", server.port);
  const char *argv[] = { "/usr/bin/python3", "-m", "pyftpdlib", "-i", "127.0.0.1", "-p", port,
                         "-d", server.dir, "-u", "learner", "-P", "playground", NULL };

  if (!have_python_module ("pyftpdlib"))
    {
      g_test_skip ("pyftpdlib is not installed (Debian package python3-pyftpdlib)");
      real_server_stop (&server);
      return;
    }

  g_assert_true (start_program (&server, argv[0], argv));
  converse ("FTP", server.port, steps, G_N_ELEMENTS (steps));
  real_server_stop (&server);
  converse_with_demo ("FTP", "ftp", steps, G_N_ELEMENTS (steps));
}

/* A throw-away Dovecot: every path in a temporary folder, one static login, plain text
 * allowed (loopback only), mail owned by nobody because Dovecot refuses uid 0. */
static gboolean
start_dovecot (RealServer *server,
               guint16     imap_port,
               guint16     pop3_port)
{
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *mail = NULL;
  g_autofree char *chown = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/usr/sbin/dovecot", "-F", "-c", NULL, NULL };

  if (!g_file_test (argv[0], G_FILE_TEST_IS_EXECUTABLE) || getuid () != 0)
    return FALSE;

  server->dir = g_dir_make_tmp ("sp-dovecot-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (server->dir, 0755), ==, 0);
  mail = g_build_filename (server->dir, "mail", NULL);
  g_assert_cmpint (g_mkdir (mail, 0755), ==, 0);
  chown = g_strdup_printf ("chown nobody:nogroup '%s'", mail);
  g_assert_cmpint (system (chown), ==, 0);

  config = g_strdup_printf ("protocols = imap pop3\n"
                            "listen = 127.0.0.1\n"
                            "base_dir = %1$s/run\n"
                            "state_dir = %1$s/state\n"
                            "log_path = %1$s/dovecot.log\n"
                            "ssl = no\n"
                            "disable_plaintext_auth = no\n"
                            "auth_mechanisms = plain login\n"
                            "mail_location = maildir:%1$s/mail/%%u\n"
                            "first_valid_uid = 1\n"
                            "passdb {\n  driver = static\n  args = password=playground\n}\n"
                            "userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=%1$s/mail/%%u\n}\n"
                            "service imap-login {\n  inet_listener imap {\n    port = %2$u\n  }\n"
                            "  inet_listener imaps {\n    port = 0\n  }\n}\n"
                            "service pop3-login {\n  inet_listener pop3 {\n    port = %3$u\n  }\n"
                            "  inet_listener pop3s {\n    port = 0\n  }\n}\n",
                            server->dir, imap_port, pop3_port);
  config_path = g_build_filename (server->dir, "dovecot.conf", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  argv[3] = config_path;
  server->port = imap_port;
  g_assert_true (start_program (server, argv[0], argv));
  wait_until_listening (pop3_port);
  return TRUE;
}

static void
test_dovecot (void)
{
  static const Step pop3_steps[] = {
    { NULL, "+OK" },
    { "@FIRST", "\r\n.\r\n" },
    { "USER learner\\r\\n", "+OK" },
    { "PASS playground\\r\\n", "+OK" },
    { "STAT\\r\\n", "+OK " },
    { "QUIT\\r\\n", "+OK" },
  };
  static const Step imap_steps[] = {
    { NULL, "* OK" },
    { "@FIRST", "a1 OK" },
    { "a2 LOGIN learner playground\\r\\n", "a2 OK" },
    { "a3 SELECT INBOX\\r\\n", "a3 OK" },
    { "a4 LOGOUT\\r\\n", "a4 OK" },
  };
  RealServer server = { NULL, 0, NULL };
  guint16 imap_port = free_port ();
  guint16 pop3_port = free_port ();

  if (!start_dovecot (&server, imap_port, pop3_port))
    {
      g_test_skip ("Dovecot is not installed (dovecot-imapd, dovecot-pop3d) or not running as root");
      real_server_stop (&server);
      return;
    }

  converse ("POP3", pop3_port, pop3_steps, G_N_ELEMENTS (pop3_steps));
  converse ("IMAP4", imap_port, imap_steps, G_N_ELEMENTS (imap_steps));
  real_server_stop (&server);
  converse_with_demo ("POP3", "pop3", pop3_steps, G_N_ELEMENTS (pop3_steps));
  converse_with_demo ("IMAP4", "imap", imap_steps, G_N_ELEMENTS (imap_steps));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/real-servers/http.server", test_http_server);
  g_test_add_func ("/real-servers/aiosmtpd", test_aiosmtpd);
  g_test_add_func ("/real-servers/pyftpdlib", test_pyftpdlib);
  g_test_add_func ("/real-servers/dovecot", test_dovecot);

  return g_test_run ();
}
