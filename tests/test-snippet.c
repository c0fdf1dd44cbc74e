/* test-snippet.c — the code a pane shows runs, and does what the pane does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For every transport and every server behaviour, and for the client, the generated
 * Python runs with python3 and the generated C builds with `cc -Wall -Wextra -Werror` and
 * runs, against the engine: a generated server against an engine client, an engine
 * server against a generated client, on ports chosen free at run time and Unix sockets
 * in a temporary folder. The bytes exchanged are compared exactly, with a payload that
 * holds NUL, 0xff, quotes, backslashes and a would-be trigraph.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <netdb.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

/* What clients send: every byte a literal can get wrong. */
static const char payload[] = "Binary \0" "1\x01" "ab\xff\xfe 'single' \"double\" back\\slash ?\?= \\x41 \r\n end";
#define PAYLOAD_SIZE (sizeof payload - 1)

/* The reply, as a person types it (text with escapes), and the bytes it stands for. */
#define REPLY_TEXT "Thank you \\x00\\xff for connecting, 'q' \\\"dq\\\" \\\\ ??"
static const char reply_bytes[] = "Thank you \0\xff for connecting, 'q' \"dq\" \\ ??";
#define REPLY_SIZE (sizeof reply_bytes - 1)

/* A running program and what it wrote ----------------------------------------------------- */

typedef struct
{
  GSubprocess *process;
  GByteArray  *out;         /* standard output, as it came */
  GString     *err;         /* standard error */
  guint        open_pipes;
} Program;

static void read_pipe (Program      *program,
                       GInputStream *stream);

static void
pipe_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Program *program = user_data;
  GInputStream *stream = G_INPUT_STREAM (object);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const guint8 *data;

  bytes = g_input_stream_read_bytes_finish (stream, result, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    {
      program->open_pipes--;
      return;
    }

  if (stream == g_subprocess_get_stdout_pipe (program->process))
    g_byte_array_append (program->out, data, size);
  else
    g_string_append_len (program->err, (const char *) data, size);

  read_pipe (program, stream);
}

static void
read_pipe (Program      *program,
           GInputStream *stream)
{
  g_input_stream_read_bytes_async (stream, 65536, G_PRIORITY_DEFAULT, NULL, pipe_read_cb, program);
}

static gboolean
have_cc (void)
{
  g_autofree char *cc = g_find_program_in_path ("cc");

  return cc != NULL;
}

static void
run_to_end (GSubprocess *process,
            const char  *what,
            char       **out,
            char       **err)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_async (process, NULL, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, what);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, result, out, err, &error));
  g_assert_no_error (error);
}

/* Writes the program where its first lines say, and builds it if it is C. Returns the
 * command that runs it. */
static GStrv
install_snippet (SpSnippet  *snippet,
                 const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, sp_snippet_get_filename (snippet), NULL);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();

  g_file_set_contents (path, sp_snippet_get_text (snippet), -1, &error);
  g_assert_no_error (error);

  if (sp_snippet_get_language (snippet) == SP_SNIPPET_LANGUAGE_PYTHON)
    {
      g_strv_builder_add_many (argv, "python3", path, NULL);
    }
  else
    {
      g_autofree char *program = g_strndup (path, strlen (path) - 2);
      g_autoptr(GSubprocess) cc = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      cc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             "cc", "-Wall", "-Wextra", "-Werror", "-o", program, path, NULL);
      g_assert_no_error (error);
      run_to_end (cc, "cc to build the program", &out, &err);
      if (!g_subprocess_get_if_exited (cc) || g_subprocess_get_exit_status (cc) != 0)
        g_error ("cc refused the generated program:\n%s\n%s", err, sp_snippet_get_text (snippet));
      g_assert_cmpstr (err, ==, "");
      g_strv_builder_add (argv, program);
    }

  return g_strv_builder_end (argv);
}

static Program *
program_start (SpSnippet  *snippet,
               const char *dir)
{
  g_auto(GStrv) argv = install_snippet (snippet, dir);
  g_autoptr(GError) error = NULL;
  Program *program = g_new0 (Program, 1);

  program->out = g_byte_array_new ();
  program->err = g_string_new (NULL);
  program->process = g_subprocess_newv ((const char * const *) argv,
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  program->open_pipes = 2;
  read_pipe (program, g_subprocess_get_stdout_pipe (program->process));
  read_pipe (program, g_subprocess_get_stderr_pipe (program->process));

  return program;
}

static gboolean
program_finished (gpointer data)
{
  Program *program = data;

  return program->open_pipes == 0;
}

/* Waits for the program to end by itself, and for all it wrote. */
static void
program_wait (Program    *program,
              const char *what)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_async (program->process, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, what);
  g_assert_true (g_subprocess_wait_finish (program->process, result, &error));
  g_assert_no_error (error);
  sp_test_wait_until (program_finished, program, what);
}

/* Stops a server that would serve forever, and frees what is left. */
static void
program_free (Program *program)
{
  if (!program_finished (program))
    {
      g_subprocess_force_exit (program->process);
      program_wait (program, "the program to be killed");
    }

  g_clear_object (&program->process);
  g_byte_array_unref (program->out);
  g_string_free (program->err, TRUE);
  g_free (program);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Program, program_free)

typedef struct
{
  Program    *program;
  const char *text;
  guint       count;
} ErrWait;

static gboolean
err_has (gpointer data)
{
  ErrWait *wait = data;
  guint count = 0;

  for (const char *p = wait->program->err->str; (p = strstr (p, wait->text)) != NULL; p++)
    count++;

  return count >= wait->count || program_finished (wait->program);
}

/* Waits until the program has said @text @count times on standard error. */
static void
wait_for_err (Program    *program,
              const char *text,
              guint       count)
{
  ErrWait wait = { program, text, count };

  sp_test_wait_until (err_has, &wait, text);
  if (!err_has (&wait) || program_finished (program))
    g_error ("The program stopped before saying “%s”:\n%s", text, program->err->str);
}

static gboolean
out_has_size (gpointer data)
{
  Program *program = ((gpointer *) data)[0];
  gsize size = GPOINTER_TO_SIZE (((gpointer *) data)[1]);

  return program->out->len >= size || program_finished (program);
}

static void
wait_for_out (Program *program,
              gsize    size)
{
  gpointer data[2] = { program, GSIZE_TO_POINTER (size) };

  sp_test_wait_until (out_has_size, data, "the program's standard output");
}

static void
write_stdin (Program    *program,
             const void *data,
             gsize       size)
{
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  /* A pipe takes a few bytes at once without blocking. */
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (program->process), data, size,
                             &written, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, size);
}

/* The engine's side ------------------------------------------------------------------------ */

/* A port free now on 127.0.0.1, for a program that must be told its port in advance. */
static guint16
free_port (gboolean stream)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, stream ? G_SOCKET_TYPE_STREAM : G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static SpEndpoint *
make_endpoint (SpTransport  transport,
               const char  *host,
               const char  *dir,
               guint16      port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  SpEndpoint *endpoint;

  if (transport == SP_TRANSPORT_UNIX || transport == SP_TRANSPORT_UNIX_DGRAM)
    text = g_strdup_printf ("%s:%s/socket", sp_transport_get_scheme (transport), dir);
  else if (strchr (host, ':') != NULL)
    text = g_strdup_printf ("%s://[%s]:%u", sp_transport_get_scheme (transport), host, port);
  else
    text = g_strdup_printf ("%s://%s:%u", sp_transport_get_scheme (transport), host, port);

  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, &error);
  g_assert_no_error (error);

  return endpoint;
}

static SpClient *
connect_client (SpEndpoint *endpoint)
{
  g_autoptr(SpClient) client = sp_client_new (endpoint);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  sp_client_connect_async (client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the engine client to connect");
  connection = sp_client_connect_finish (client, result, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&client);
}

static void
client_send (SpClient   *client,
             const void *data,
             gsize       size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_client_send (client, bytes, &error));
  g_assert_no_error (error);
}

/* Everything received, from the log: each recv() kept its bytes. */
static GBytes *
log_received (SpEventLog *log)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  g_assert_cmpuint (sp_event_log_get_n_dropped (log), ==, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      GBytes *bytes = sp_event_get_payload (event);

      if (sp_event_get_kind (event) == SP_EVENT_KIND_RECV && bytes != NULL)
        g_byte_array_append (all, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

static gboolean
client_received_enough (gpointer data)
{
  SpClient *client = ((gpointer *) data)[0];
  guint64 size = GPOINTER_TO_SIZE (((gpointer *) data)[1]);

  return sp_client_get_bytes_received (client) >= size;
}

static void
wait_for_received (SpClient *client,
                   gsize     size)
{
  gpointer data[2] = { client, GSIZE_TO_POINTER (size) };

  sp_test_wait_until (client_received_enough, data, "the engine client to receive");
}

static gboolean
client_sent_all (gpointer data)
{
  SpConnection *connection = sp_client_get_connection (data);

  return sp_connection_get_bytes_queued (connection) == 0;
}

static gboolean
client_closed (gpointer data)
{
  SpConnection *connection = sp_client_get_connection (data);

  return sp_connection_get_end_time (connection) != 0;
}

static void
assert_received (SpClient   *client,
                 const void *expected,
                 gsize       size)
{
  g_autoptr(GBytes) received = log_received (sp_client_get_log (client));

  g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received), expected, size);
}

/* The line map points at lines that make the call it names. */
static void
assert_line_map (SpSnippet *snippet)
{
  static const struct { SpEventKind kind; const char *word; } calls[] = {
    { SP_EVENT_KIND_RESOLVE, "getaddrinfo(" },
    { SP_EVENT_KIND_SOCKET, "socket(" },
    { SP_EVENT_KIND_BIND, "bind(" },
    { SP_EVENT_KIND_LISTEN, "listen(" },
    { SP_EVENT_KIND_ACCEPT, "accept(" },
    { SP_EVENT_KIND_CONNECT, "connect(" },
    { SP_EVENT_KIND_SEND, "send" },
    { SP_EVENT_KIND_RECV, "recv" },
    { SP_EVENT_KIND_SHUTDOWN, "shutdown(" },
    { SP_EVENT_KIND_CLOSE, "close(" },
  };
  g_auto(GStrv) lines = g_strsplit (sp_snippet_get_text (snippet), "\n", -1);
  guint n_lines = sp_snippet_get_n_lines (snippet);
  guint found = 0;

  g_assert_cmpuint (g_strv_length (lines), ==, n_lines + 1);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      guint line;

      for (guint k = 0; (line = sp_snippet_get_line_for_call (snippet, calls[i].kind, k)) != 0; k++)
        {
          g_assert_cmpuint (line, <=, n_lines);
          if (strstr (lines[line - 1], calls[i].word) == NULL)
            g_error ("Line %u is given for %s but reads: %s", line, calls[i].word, lines[line - 1]);
          found++;
        }
    }

  g_assert_cmpuint (sp_snippet_get_line_for_call (snippet, SP_EVENT_KIND_INFO, 0), ==, 0);
  g_assert_cmpuint (found, >=, 3);
}

/* Rules: what the engine's own framer and rules answer ------------------------------------- */

static const char *const rule_specs[] = {
  "QUIT=221 Bye\\r\\n",
  "HELO *=250 Hello \\1 from {peer}\\r\\n",
  "*pass*=[\\1|\\2]\\n",
  "*?=\\1!\\n",
  "/^GET (\\S+)/=You asked for \\1\\n",
};
#define FALLBACK "?? {message}\\n"

/* Lines, a binary one among them, and a last one without its newline. */
static const char rules_input[] =
  "HELO a\r\nQUIT\nGET /x y\nmy password is\nwhat?\n\0\xff'\"\\?\?=\nxyz";

static void
add_rules (SpServer *server)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_specs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (rule_specs[i], &error);

      g_assert_no_error (error);
      sp_server_add_rule (server, rule);
    }
  sp_server_set_fallback_reply (server, FALLBACK);
}

static GBytes *
expected_answers (SpServer  *server,
                  GPtrArray *messages,
                  const char *peer)
{
  GListModel *rules = sp_server_get_rules (server);
  g_autoptr(GByteArray) all = g_byte_array_new ();

  for (guint m = 0; m < messages->len; m++)
    {
      g_autoptr(GBytes) reply = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (rules) && reply == NULL; i++)
        {
          g_autoptr(SpReplyRule) rule = g_list_model_get_item (rules, i);
          reply = sp_reply_rule_apply (rule, messages->pdata[m], peer);
        }
      if (reply == NULL)
        reply = sp_reply_template_expand (FALLBACK, messages->pdata[m], peer, NULL);

      g_byte_array_append (all, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

/* The cases --------------------------------------------------------------------------------- */

typedef struct
{
  SpSnippetLanguage  language;
  SpTransport        transport;
  SpBehaviour        behaviour;
  SpFraming          framing;
  gboolean           keep_open;   /* REPLY without close-after-reply */
  const char        *host;
} Case;

static const char *
language_name (SpSnippetLanguage language)
{
  return language == SP_SNIPPET_LANGUAGE_C ? "c" : "python";
}

static gboolean
is_stream (SpTransport transport)
{
  return transport == SP_TRANSPORT_TCP || transport == SP_TRANSPORT_UNIX;
}

/* Generated programs resolve names with the system's getaddrinfo(), which needs
 * /etc/hosts for localhost (a bare chroot may have none); GLib's resolver does not. */
static gboolean
system_resolves_localhost (void)
{
  struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
  struct addrinfo *result = NULL;
  gboolean found = getaddrinfo ("localhost", NULL, &hints, &result) == 0;

  if (result != NULL)
    freeaddrinfo (result);
  return found;
}

static gboolean
skip_without (const Case *tc)
{
  if (tc->language == SP_SNIPPET_LANGUAGE_C && !have_cc ())
    {
      g_test_skip ("cc is not installed");
      return TRUE;
    }

  if (tc->host != NULL && strchr (tc->host, ':') != NULL && !sp_test_have_ipv6 ())
    {
      g_test_skip ("no IPv6 loopback here");
      return TRUE;
    }

  if (g_strcmp0 (tc->host, "localhost") == 0 && !system_resolves_localhost ())
    {
      g_test_skip ("the system's getaddrinfo() does not resolve localhost here (no /etc/hosts)");
      return TRUE;
    }

  return FALSE;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The generated server against an engine client. */
static void
test_server (gconstpointer data)
{
  const Case *tc = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpSnippet) snippet = NULL;
  g_autoptr(Program) program = NULL;
  gboolean stream = is_stream (tc->transport);

  if (skip_without (tc))
    return;

  dir = g_dir_make_tmp ("sp-snippet-XXXXXX", &error);
  g_assert_no_error (error);
  endpoint = make_endpoint (tc->transport, tc->host != NULL ? tc->host : "127.0.0.1", dir,
                            stream ? free_port (TRUE) : free_port (FALSE));

  server = sp_server_new (endpoint);
  sp_server_set_behaviour (server, tc->behaviour);
  sp_server_set_reply_text (server, REPLY_TEXT);
  sp_server_set_close_after_reply (server, !tc->keep_open);
  sp_server_set_framing (server, tc->framing);
  sp_server_set_frame_length (server, 4);
  add_rules (server);

  snippet = sp_snippet_new_for_server (server, tc->language);
  assert_line_map (snippet);
  if (g_test_verbose ())
    g_test_message ("%s", sp_snippet_get_text (snippet));

  program = program_start (snippet, dir);
  wait_for_err (program, stream ? "Listening on" : "Waiting for datagrams on", 1);

  switch (tc->behaviour)
    {
    case SP_BEHAVIOUR_REPLY:
      {
        g_autoptr(SpClient) client = connect_client (endpoint);

        if (!stream || tc->keep_open)
          client_send (client, payload, PAYLOAD_SIZE);
        if (stream && tc->keep_open)
          {
            g_assert_true (sp_client_shutdown_write (client, NULL));
            wait_for_err (program, "Discarded", 1);
          }
        if (stream)
          sp_test_wait_until (client_closed, client, "the server to close");
        else
          wait_for_received (client, REPLY_SIZE);
        assert_received (client, reply_bytes, REPLY_SIZE);
      }
      break;

    case SP_BEHAVIOUR_ECHO:
      {
        g_autoptr(SpClient) client = connect_client (endpoint);

        client_send (client, payload, PAYLOAD_SIZE);
        if (stream)
          {
            g_assert_true (sp_client_shutdown_write (client, NULL));
            sp_test_wait_until (client_closed, client, "the server to close");
          }
        else
          wait_for_received (client, PAYLOAD_SIZE);
        assert_received (client, payload, PAYLOAD_SIZE);
      }
      break;

    case SP_BEHAVIOUR_DISCARD:
      {
        g_autoptr(SpClient) client = connect_client (endpoint);
        g_autofree char *said = g_strdup_printf ("Discarded %" G_GSIZE_FORMAT " bytes", PAYLOAD_SIZE);

        client_send (client, payload, PAYLOAD_SIZE);
        if (stream)
          {
            g_assert_true (sp_client_shutdown_write (client, NULL));
            sp_test_wait_until (client_closed, client, "the server to close");
            g_assert_true (strstr (program->err->str, "Discarded") != NULL);
          }
        else
          wait_for_err (program, said, 1);
        assert_received (client, "", 0);
      }
      break;

    case SP_BEHAVIOUR_CHAT:
      {
        g_autoptr(SpClient) first = connect_client (endpoint);
        g_autoptr(SpClient) second = NULL;

        if (stream)
          {
            wait_for_err (program, "Got connection from", 1);
            second = connect_client (endpoint);
            wait_for_err (program, "Got connection from", 2);
          }
        else
          {
            /* A datagram peer is known once it has sent something. */
            client_send (first, "hi", 2);
            sp_test_wait_until (client_sent_all, first, "the first peer to say hi");
            second = connect_client (endpoint);
          }

        client_send (second, payload, PAYLOAD_SIZE);
        wait_for_received (first, PAYLOAD_SIZE);
        assert_received (first, payload, PAYLOAD_SIZE);

        if (stream)
          {
            g_assert_true (sp_client_shutdown_write (first, NULL));
            g_assert_true (sp_client_shutdown_write (second, NULL));
            sp_test_wait_until (client_closed, first, "the server to close the first");
            sp_test_wait_until (client_closed, second, "the server to close the second");
            assert_received (second, "", 0);
          }
      }
      break;

    case SP_BEHAVIOUR_MANUAL:
      {
        g_autoptr(SpClient) client = connect_client (endpoint);
        static const char typed[] = "typed \0 on the terminal\n";

        if (stream)
          wait_for_err (program, "Got connection from", 1);

        /* What the client sends comes out on standard output, as it came. */
        client_send (client, payload, PAYLOAD_SIZE);
        wait_for_out (program, PAYLOAD_SIZE);
        g_assert_cmpmem (program->out->data, program->out->len, payload, PAYLOAD_SIZE);

        /* What is typed goes to the client. */
        write_stdin (program, typed, sizeof typed - 1);
        wait_for_received (client, sizeof typed - 1);
        assert_received (client, typed, sizeof typed - 1);

        if (stream)
          {
            g_assert_true (sp_client_shutdown_write (client, NULL));
            sp_test_wait_until (client_closed, client, "the server to close");
          }
      }
      break;

    case SP_BEHAVIOUR_RULES:
      {
        g_autoptr(SpClient) client = connect_client (endpoint);
        g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
        g_autoptr(GBytes) expected = NULL;
        g_autofree char *peer = NULL;
        gsize input_size = sizeof rules_input - 1;

        if (tc->transport == SP_TRANSPORT_UNIX || tc->transport == SP_TRANSPORT_UNIX_DGRAM)
          peer = g_strdup ("(unnamed)");
        else
          peer = g_strdup (sp_connection_get_local_address (sp_client_get_connection (client)));

        if (stream)
          {
            g_autoptr(SpFramer) framer = sp_framer_new (tc->framing, 4);
            g_autoptr(GBytes) input = NULL;
            g_autoptr(GPtrArray) cut = NULL;
            g_autoptr(GBytes) rest = NULL;

            /* One read is one message: send one short line, which one recv() gets whole. */
            if (tc->framing == SP_FRAMING_READ)
              input_size = strlen ("HELO a\r\n");
            input = g_bytes_new_static (rules_input, input_size);

            cut = sp_framer_push (framer, input);
            for (guint i = 0; i < cut->len; i++)
              g_ptr_array_add (messages, g_bytes_ref (cut->pdata[i]));
            rest = sp_framer_flush (framer);
            if (rest != NULL)
              g_ptr_array_add (messages, g_steal_pointer (&rest));

            client_send (client, rules_input, input_size);
            g_assert_true (sp_client_shutdown_write (client, NULL));
            sp_test_wait_until (client_closed, client, "the server to answer and close");
          }
        else
          {
            const char *start = rules_input;
            const char *end = rules_input + input_size;

            /* Each line is a datagram of its own. */
            while (start < end)
              {
                const char *newline = memchr (start, '\n', end - start);
                gsize size = (newline != NULL ? newline : end) - start;

                g_ptr_array_add (messages, g_bytes_new (start, size));
                client_send (client, start, size);
                start += size + 1;
              }
          }

        expected = expected_answers (server, messages, peer);
        if (!stream)
          wait_for_received (client, g_bytes_get_size (expected));
        assert_received (client, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
      }
      break;

    default:
      g_assert_not_reached ();
    }

  /* A server serves until it is stopped. */
  g_assert_false (program_finished (program));
  g_clear_pointer (&program, program_free);
  remove_dir (dir);
}

/* An engine server against the generated client. */
static void
test_client (gconstpointer data)
{
  const Case *tc = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpEndpoint) client_endpoint = NULL;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(SpSnippet) snippet = NULL;
  g_autoptr(Program) program = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GBytes) to_send = NULL;
  gboolean greeting = tc->behaviour == SP_BEHAVIOUR_REPLY;

  if (skip_without (tc))
    return;

  dir = g_dir_make_tmp ("sp-snippet-XXXXXX", &error);
  g_assert_no_error (error);
  /* The server on an address, the client perhaps on a name: GLib's resolver gives ::1 for
   * localhost even where the system's getaddrinfo() gives only 127.0.0.1. */
  endpoint = make_endpoint (tc->transport, tc->host != NULL && strchr (tc->host, ':') != NULL ? tc->host : "127.0.0.1",
                            dir, 0);

  server = sp_server_new (endpoint);
  sp_server_set_behaviour (server, tc->behaviour);
  sp_server_set_reply_text (server, REPLY_TEXT);
  sp_server_start_async (server, NULL, sp_test_store_result, &started);
  sp_test_wait_for_result (&started, "the engine server to start");
  g_assert_true (sp_server_start_finish (server, started, &error));
  g_assert_no_error (error);

  /* The client is told the port the server got. */
  if (sp_endpoint_is_inet (endpoint))
    client_endpoint = make_endpoint (tc->transport, tc->host != NULL ? tc->host : "127.0.0.1", dir,
                                     sp_endpoint_get_port (sp_server_get_bound_endpoint (server)));
  else
    client_endpoint = g_object_ref (endpoint);

  client = sp_client_new (client_endpoint);
  /* The tutorial's client sends nothing and reads the greeting. */
  to_send = greeting ? g_bytes_new (NULL, 0) : g_bytes_new_static (payload, PAYLOAD_SIZE);
  snippet = sp_snippet_new_for_client (client, to_send, tc->language);
  assert_line_map (snippet);
  if (g_test_verbose ())
    g_test_message ("%s", sp_snippet_get_text (snippet));

  program = program_start (snippet, dir);
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (program->process), NULL, NULL));
  program_wait (program, "the client to finish");

  g_assert_cmpstr (program->err->str, ==, "");
  g_assert_true (g_subprocess_get_if_exited (program->process));
  g_assert_cmpint (g_subprocess_get_exit_status (program->process), ==, 0);

  if (greeting)
    g_assert_cmpmem (program->out->data, program->out->len, reply_bytes, REPLY_SIZE);
  else
    {
      g_assert_cmpmem (program->out->data, program->out->len, payload, PAYLOAD_SIZE);
      g_assert_cmpuint (sp_server_get_bytes_received (server), ==, PAYLOAD_SIZE);
    }

  sp_server_stop (server);
  g_clear_pointer (&program, program_free);
  remove_dir (dir);
}

static void
add_case (const char *role,
          Case        tc,
          const char *name)
{
  g_autofree char *path = g_strdup_printf ("/snippet/%s/%s/%s/%s", role, language_name (tc.language),
                                           sp_transport_get_scheme (tc.transport), name);

  g_test_add_data_func_full (path, g_memdup2 (&tc, sizeof tc),
                             g_str_equal (role, "server") ? test_server : test_client, g_free);
}

int
main (int   argc,
      char *argv[])
{
  static const SpTransport transports[] = {
    SP_TRANSPORT_TCP, SP_TRANSPORT_UDP, SP_TRANSPORT_UNIX, SP_TRANSPORT_UNIX_DGRAM,
  };
  static const struct { SpBehaviour behaviour; const char *name; } behaviours[] = {
    { SP_BEHAVIOUR_REPLY, "reply" },
    { SP_BEHAVIOUR_ECHO, "echo" },
    { SP_BEHAVIOUR_DISCARD, "discard" },
    { SP_BEHAVIOUR_CHAT, "chat" },
    { SP_BEHAVIOUR_MANUAL, "manual" },
    { SP_BEHAVIOUR_RULES, "rules" },
  };

  g_test_init (&argc, &argv, NULL);

  for (SpSnippetLanguage language = SP_SNIPPET_LANGUAGE_PYTHON; language <= SP_SNIPPET_LANGUAGE_C; language++)
    {
      for (guint t = 0; t < G_N_ELEMENTS (transports); t++)
        {
          SpTransport transport = transports[t];

          for (guint b = 0; b < G_N_ELEMENTS (behaviours); b++)
            add_case ("server", (Case) { language, transport, behaviours[b].behaviour }, behaviours[b].name);

          if (is_stream (transport))
            {
              add_case ("server", (Case) { language, transport, SP_BEHAVIOUR_REPLY, .keep_open = TRUE }, "reply-keep-open");
              add_case ("server", (Case) { language, transport, SP_BEHAVIOUR_RULES, SP_FRAMING_FIXED }, "rules-fixed");
              add_case ("server", (Case) { language, transport, SP_BEHAVIOUR_RULES, SP_FRAMING_READ }, "rules-read");
            }

          add_case ("client", (Case) { language, transport, SP_BEHAVIOUR_ECHO }, "echo");
        }

      add_case ("server", (Case) { language, SP_TRANSPORT_TCP, SP_BEHAVIOUR_REPLY, .host = "localhost" }, "name");
      add_case ("server", (Case) { language, SP_TRANSPORT_TCP, SP_BEHAVIOUR_ECHO, .host = "::1" }, "ipv6");
      add_case ("server", (Case) { language, SP_TRANSPORT_UDP, SP_BEHAVIOUR_RULES, .host = "::1" }, "ipv6-rules");
      add_case ("client", (Case) { language, SP_TRANSPORT_TCP, SP_BEHAVIOUR_REPLY }, "greeting");
      add_case ("client", (Case) { language, SP_TRANSPORT_TCP, SP_BEHAVIOUR_ECHO, .host = "localhost" }, "name");
      add_case ("client", (Case) { language, SP_TRANSPORT_UDP, SP_BEHAVIOUR_ECHO, .host = "localhost" }, "name");
      add_case ("client", (Case) { language, SP_TRANSPORT_TCP, SP_BEHAVIOUR_ECHO, .host = "::1" }, "ipv6");
    }

  return g_test_run ();
}
