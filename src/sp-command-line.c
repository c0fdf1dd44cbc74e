/* sp-command-line.c — `socket-playground serve` and `connect`: the engine without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same engine as the window, driven from a terminal: one line per event on standard
 * output (JSON Lines with --json), failures as a sentence on standard error and a
 * non-zero exit status. `connect` without --send is a pipe, like nc: standard input goes
 * to the socket and the socket to standard output, and events go to standard error.
 */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sp-command-line.h"
#include "sp-core.h"
#include "sp-demo-server.h"

/* Exit statuses: 0 success, 1 a network failure, 2 a usage error. */
#define EXIT_FAILED 1
#define EXIT_USAGE  2

/* The terminal already shows every event as it happens, so the in-memory log only needs
 * to hold the latest few (the reason for a failure, say). */
#define TERMINAL_LOG_BUDGET (1024 * 1024)

/* Standard input is read this much at a time, and paused while the socket lags. */
#define STDIN_CHUNK (64 * 1024)
#define STDIN_HIGH_WATER (1024 * 1024)

typedef struct
{
  GMainLoop       *loop;
  GCancellable    *cancellable;
  SpEventRecorder *recorder;
  int              exit_status;

  /* serve */
  SpServer        *server;
  SpDemoServer    *demo;            /* serve --protocol: owns server's sessions */
  gboolean         once;

  /* connect */
  SpClient        *client;
  SpConnection    *connection;
  GInputStream    *stdin_stream;
  GOutputStream   *stdout_stream;
  guint            idle_id;
  guint            idle_seconds;
  gboolean         half_close;
  gboolean         reading_stdin;
  gboolean         stdin_eof;
} Run;

static void
run_clear (Run *run)
{
  g_clear_handle_id (&run->idle_id, g_source_remove);
  g_clear_object (&run->recorder);
  g_clear_object (&run->server);
  g_clear_object (&run->demo);
  g_clear_object (&run->connection);
  g_clear_object (&run->client);
  g_clear_object (&run->stdin_stream);
  g_clear_object (&run->stdout_stream);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->loop, g_main_loop_unref);
}

static void
print_failure (const char *message)
{
  g_printerr ("socket-playground: %s\n", message);
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  print_failure (message);
  g_printerr ("\n%s", help);
  return EXIT_USAGE;
}

static void
quit (Run *run,
      int  status)
{
  run->exit_status = status;
  g_main_loop_quit (run->loop);
}

static gboolean
signal_cb (gpointer data)
{
  Run *run = data;

  /* Ctrl+C is how a person stops a server: a normal end, not a failure. */
  if (run->demo != NULL)
    sp_demo_server_stop (run->demo);
  else if (run->server != NULL)
    sp_server_stop (run->server);
  if (run->client != NULL)
    sp_client_disconnect (run->client);
  quit (run, 0);

  return G_SOURCE_CONTINUE;
}

static void
record_log (Run            *run,
            SpEventLog     *log,
            gboolean        json,
            gboolean        to_stderr,
            const char     *source)
{
  g_autoptr(GOutputStream) out = g_unix_output_stream_new (to_stderr ? 2 : 1, FALSE);

  run->recorder = sp_event_recorder_new (log, out, json ? SP_RECORD_FORMAT_JSON : SP_RECORD_FORMAT_TEXT,
                                         source);
  sp_event_recorder_set_synchronous (run->recorder, TRUE);
}

/* serve -------------------------------------------------------------------------------- */

static void
server_started_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;

  if (!sp_server_start_finish (SP_SERVER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        print_failure (error->message);
      quit (run, EXIT_FAILED);
    }
}

static void
server_connection_closed_cb (SpServer     *server,
                             SpConnection *connection,
                             Run          *run)
{
  if (run->once)
    {
      sp_server_stop (server);
      quit (run, 0);
    }
}

static gboolean
parse_framing (SpServer    *server,
               const char  *framing,
               const char  *fallback,
               gboolean     have_rules,
               GError     **error)
{
  if ((framing != NULL || fallback != NULL) && !have_rules)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("--framing and --fallback go with --rule."));
      return FALSE;
    }

  if (fallback != NULL)
    {
      gsize column = 0;
      g_autoptr(GError) local_error = NULL;

      if (!sp_reply_template_check (fallback, 0, &column, &local_error))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--fallback: %s"), local_error->message);
          return FALSE;
        }
      sp_server_set_fallback_reply (server, fallback);
    }

  if (framing == NULL || g_str_equal (framing, "line"))
    sp_server_set_framing (server, SP_FRAMING_LINE);
  else if (g_str_equal (framing, "read"))
    sp_server_set_framing (server, SP_FRAMING_READ);
  else
    {
      guint64 length = 0;

      if (!g_ascii_string_to_unsigned (framing, 10, 1, 65536, &length, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--framing is “line”, “read”, or a message length from 1 to 65536 bytes."));
          return FALSE;
        }
      sp_server_set_framing (server, SP_FRAMING_FIXED);
      sp_server_set_frame_length (server, (guint) length);
    }

  return TRUE;
}

static gboolean
parse_behaviour (SpServer    *server,
                 const char  *reply,
                 gboolean     close,
                 gboolean     echo,
                 gboolean     discard,
                 gboolean     chat,
                 char       **rules,
                 GError     **error)
{
  guint chosen = (reply != NULL) + echo + discard + chat + (rules != NULL && rules[0] != NULL);

  if (chosen > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Choose one behaviour: --reply, --echo, --discard, --chat or --rule."));
      return FALSE;
    }

  if (close && reply == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("--close only goes with --reply: the server closes after replying."));
      return FALSE;
    }

  if (reply != NULL)
    {
      g_autoptr(GBytes) checked = NULL;
      gsize column = 0;
      g_autoptr(GError) local_error = NULL;

      checked = sp_payload_parse_text (reply, -1, &column, &local_error);
      if (checked == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--reply: %s"), local_error->message);
          return FALSE;
        }
      sp_server_set_behaviour (server, SP_BEHAVIOUR_REPLY);
      sp_server_set_reply_text (server, reply);
      sp_server_set_close_after_reply (server, close);
    }
  else if (echo)
    sp_server_set_behaviour (server, SP_BEHAVIOUR_ECHO);
  else if (chat)
    sp_server_set_behaviour (server, SP_BEHAVIOUR_CHAT);
  else if (rules != NULL && rules[0] != NULL)
    {
      for (guint i = 0; rules[i] != NULL; i++)
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (rules[i], &local_error);

          if (rule == NULL)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--rule “%s”: %s"), rules[i], local_error->message);
              return FALSE;
            }
          sp_server_add_rule (server, rule);
        }
      sp_server_set_behaviour (server, SP_BEHAVIOUR_RULES);
    }
  else
    sp_server_set_behaviour (server, SP_BEHAVIOUR_DISCARD);

  return TRUE;
}

static int
run_serve (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *framing = NULL;
  g_autofree char *fallback = NULL;
  g_autofree char *protocol = NULL;
  g_auto(GStrv) rules = NULL;
  gboolean close = FALSE, echo = FALSE, discard = FALSE, chat = FALSE;
  gboolean json = FALSE, quiet = FALSE, once = FALSE;
  Run run = { 0 };
  int status;
  GOptionEntry entries[] = {
    { "reply", 0, 0, G_OPTION_ARG_STRING, &reply, N_("Answer each client with TEXT (escapes such as \\r\\n allowed)"), N_("TEXT") },
    { "close", 0, 0, G_OPTION_ARG_NONE, &close, N_("Close the connection after the reply, as the tutorial’s server does"), NULL },
    { "echo", 0, 0, G_OPTION_ARG_NONE, &echo, N_("Send back everything received"), NULL },
    { "discard", 0, 0, G_OPTION_ARG_NONE, &discard, N_("Read and count, answer nothing (the default)"), NULL },
    { "chat", 0, 0, G_OPTION_ARG_NONE, &chat, N_("Pass what one client sends to all the others"), NULL },
    { "rule", 0, 0, G_OPTION_ARG_STRING_ARRAY, &rules, N_("Answer messages matching MATCH with REPLY; may be repeated. MATCH is TEXT (equals), *TEXT* (contains), TEXT* (starts with), *TEXT (ends with) or /REGEX/; REPLY may use \\1 to \\9, {peer} and {message}"), N_("MATCH=REPLY") },
    { "fallback", 0, 0, G_OPTION_ARG_STRING, &fallback, N_("With --rule: answer TEXT when no rule matches"), N_("TEXT") },
    { "framing", 0, 0, G_OPTION_ARG_STRING, &framing, N_("With --rule: a message is a line (the default), whatever one read returned (read), or N bytes"), N_("line|read|N") },
    { "protocol", 0, 0, G_OPTION_ARG_STRING, &protocol, N_("Answer as the demo server of protocol NAME (http, ftp, gopher…; a wrong name lists them all), with the login learner / playground. ENDPOINT may then be left out: it defaults to tcp://127.0.0.1 and the protocol’s port + 8000"), N_("NAME") },
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("Stop after the first connection ends"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print events as JSON Lines"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print no events, only failures"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (_("ENDPOINT — listen and answer clients"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Listen on ENDPOINT (tcp://HOST:PORT, udp://HOST:PORT, unix:PATH or unix-dgram:PATH) and print one line per socket call.\nPort 0 lets the system choose a free port. Stop with Ctrl+C."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  if (protocol != NULL)
    {
      g_autofree char *default_endpoint = NULL;

      if (reply != NULL || close || echo || discard || chat || rules != NULL || framing != NULL ||
          fallback != NULL)
        return usage_error (context, _("--protocol decides how the server answers: leave out --reply, --close, --echo, --discard, --chat, --rule, --framing and --fallback."));
      if (argc > 2)
        return usage_error (context, _("Give at most one endpoint to listen on, for example tcp://127.0.0.1:8080."));

      /* Without an endpoint, the protocol's own; for an unknown protocol there is none,
       * and sp_demo_server_new() below says which protocols there are. */
      default_endpoint = sp_demo_server_dup_default_endpoint (protocol);
      endpoint = sp_endpoint_parse (argc == 2 ? argv[1] : default_endpoint != NULL ? default_endpoint : "tcp://127.0.0.1:0",
                                    SP_ENDPOINT_ROLE_SERVER, &error);
      if (endpoint == NULL)
        return usage_error (context, error->message);

      run.demo = sp_demo_server_new (protocol, endpoint, &error);
      if (run.demo == NULL)
        return usage_error (context, error->message);
      run.server = g_object_ref (sp_demo_server_get_server (run.demo));
      sp_event_log_set_budget (sp_server_get_log (run.server), TERMINAL_LOG_BUDGET);
    }
  else
    {
      if (argc != 2)
        return usage_error (context, _("Give exactly one endpoint to listen on, for example tcp://127.0.0.1:12345."));

      endpoint = sp_endpoint_parse (argv[1], SP_ENDPOINT_ROLE_SERVER, &error);
      if (endpoint == NULL)
        return usage_error (context, error->message);

      run.server = sp_server_new (endpoint);
      sp_event_log_set_budget (sp_server_get_log (run.server), TERMINAL_LOG_BUDGET);
      if (!parse_behaviour (run.server, reply, close, echo, discard, chat, rules, &error) ||
          !parse_framing (run.server, framing, fallback, rules != NULL && rules[0] != NULL, &error))
        {
          run_clear (&run);
          return usage_error (context, error->message);
        }
    }

  run.loop = g_main_loop_new (NULL, FALSE);
  run.once = once;
  if (!quiet)
    record_log (&run, sp_server_get_log (run.server), json, FALSE, "server");

  g_signal_connect (run.server, "connection-closed", G_CALLBACK (server_connection_closed_cb), &run);
  /* Either way the result's source is the SpServer, as server_started_cb() expects. */
  if (run.demo != NULL)
    sp_demo_server_start_async (run.demo, NULL, server_started_cb, &run);
  else
    sp_server_start_async (run.server, NULL, server_started_cb, &run);

  {
    guint sigint = g_unix_signal_add (SIGINT, signal_cb, &run);
    guint sigterm = g_unix_signal_add (SIGTERM, signal_cb, &run);

    g_main_loop_run (run.loop);
    g_source_remove (sigint);
    g_source_remove (sigterm);
  }

  /* Let the last closes reach the log before leaving. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  status = run.exit_status;
  run_clear (&run);
  return status;
}

/* connect ------------------------------------------------------------------------------ */

static void read_stdin (Run *run);

static gboolean
idle_timeout_cb (gpointer data)
{
  Run *run = data;

  run->idle_id = 0;
  if (run->connection != NULL)
    sp_connection_close (run->connection);
  return G_SOURCE_REMOVE;
}

static void
restart_idle_timer (Run *run)
{
  g_clear_handle_id (&run->idle_id, g_source_remove);
  if (run->idle_seconds > 0)
    run->idle_id = g_timeout_add_seconds (run->idle_seconds, idle_timeout_cb, run);
}

static void
connection_received_cb (SpConnection *connection,
                        GBytes       *bytes,
                        Run          *run)
{
  restart_idle_timer (run);

  if (run->stdout_stream != NULL)
    {
      g_autoptr(GError) error = NULL;
      gsize size;
      const guint8 *data = g_bytes_get_data (bytes, &size);

      /* A closed standard output (`| head`) ends the run, as it would for nc. */
      if (!g_output_stream_write_all (run->stdout_stream, data, size, NULL, NULL, &error))
        {
          sp_connection_close (connection);
          quit (run, EXIT_FAILED);
        }
    }
}

static void
connection_closed_cb (SpConnection *connection,
                      Run          *run)
{
  SpConnectionState state = sp_connection_get_state (connection);

  if (state == SP_CONNECTION_STATE_RESET || state == SP_CONNECTION_STATE_ERROR)
    {
      GListModel *log = G_LIST_MODEL (sp_client_get_log (run->client));

      /* The reason is the log's last error sentence. */
      for (guint i = g_list_model_get_n_items (log); i > 0; i--)
        {
          g_autoptr(SpEvent) event = g_list_model_get_item (log, i - 1);

          if (sp_event_get_kind (event) == SP_EVENT_KIND_ERROR)
            {
              print_failure (sp_event_get_message (event));
              break;
            }
        }
      quit (run, EXIT_FAILED);
      return;
    }

  quit (run, 0);
}

static void
bytes_queued_cb (SpConnection *connection,
                 GParamSpec   *pspec,
                 Run          *run)
{
  /* Standard input resumes once the socket has caught up. */
  if (!run->reading_stdin && !run->stdin_eof && run->stdin_stream != NULL &&
      sp_connection_get_bytes_queued (connection) < STDIN_HIGH_WATER / 2)
    read_stdin (run);
}

static void
stdin_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  Run *run = data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  /* reading_stdin stays set until the end, so that the bytes-queued handler, which
   * sp_connection_send() may call, does not start a second read. */
  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    run->reading_stdin = FALSE;

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      print_failure (error->message);
      sp_connection_close (run->connection);
      return;
    }

  if (run->connection == NULL || !sp_connection_is_open (run->connection))
    {
      run->reading_stdin = FALSE;
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      /* End of input: tell the peer, keep reading its answer. */
      run->stdin_eof = TRUE;
      if (sp_connection_is_datagram (run->connection))
        restart_idle_timer (run);
      else
        sp_connection_shutdown_write (run->connection);
      return;
    }

  if (!sp_connection_send (run->connection, bytes, &error))
    {
      run->reading_stdin = FALSE;
      print_failure (error->message);
      sp_connection_close (run->connection);
      return;
    }

  run->reading_stdin = FALSE;
  if (sp_connection_get_bytes_queued (run->connection) < STDIN_HIGH_WATER)
    read_stdin (run);
}

static void
read_stdin (Run *run)
{
  run->reading_stdin = TRUE;
  g_input_stream_read_bytes_async (run->stdin_stream, STDIN_CHUNK, SP_IO_PRIORITY,
                                   run->cancellable, stdin_read_cb, run);
}

typedef struct
{
  Run       *run;
  GPtrArray *sends;
} ConnectData;

static void
client_connected_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  ConnectData *cd = data;
  Run *run = cd->run;
  g_autoptr(GError) error = NULL;

  run->connection = sp_client_connect_finish (SP_CLIENT (object), result, &error);
  if (run->connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        print_failure (error->message);
      quit (run, EXIT_FAILED);
      return;
    }

  g_signal_connect (run->connection, "received", G_CALLBACK (connection_received_cb), run);
  g_signal_connect (run->connection, "closed", G_CALLBACK (connection_closed_cb), run);
  g_signal_connect (run->connection, "notify::bytes-queued", G_CALLBACK (bytes_queued_cb), run);
  restart_idle_timer (run);

  if (run->stdin_stream != NULL)
    {
      read_stdin (run);
      return;
    }

  for (guint i = 0; i < cd->sends->len; i++)
    if (!sp_connection_send (run->connection, g_ptr_array_index (cd->sends, i), &error))
      {
        print_failure (error->message);
        sp_connection_close (run->connection);
        return;
      }

  if (run->half_close && !sp_connection_is_datagram (run->connection))
    sp_connection_shutdown_write (run->connection);
}

static int
run_connect (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(GPtrArray) sends = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_auto(GStrv) send_texts = NULL;
  gboolean half_close = FALSE, json = FALSE, quiet = FALSE;
  int timeout = 10;
  int idle = 0;
  Run run = { 0 };
  ConnectData cd = { &run, sends };
  int status;
  GOptionEntry entries[] = {
    { "send", 0, 0, G_OPTION_ARG_STRING_ARRAY, &send_texts, N_("Send TEXT after connecting (escapes such as \\r\\n allowed); may be repeated. Without it, standard input is sent and what arrives goes to standard output"), N_("TEXT") },
    { "half-close", 0, 0, G_OPTION_ARG_NONE, &half_close, N_("After sending, close the sending side so the peer reads the end of the stream"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Give up connecting after SECONDS (default 10)"), N_("SECONDS") },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle, N_("Close when nothing has arrived for SECONDS"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print events as JSON Lines"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print no events, only failures"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (_("ENDPOINT — connect, send, and show what comes back"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Connect to ENDPOINT (tcp://HOST:PORT, udp://HOST:PORT, unix:PATH or unix-dgram:PATH) and print one line per socket call."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, _("Give exactly one endpoint to connect to, for example tcp://127.0.0.1:12345."));
  if (timeout < 0 || idle < 0)
    return usage_error (context, _("Timeouts are whole numbers of seconds, 0 or more."));

  endpoint = sp_endpoint_parse (argv[1], SP_ENDPOINT_ROLE_CLIENT, &error);
  if (endpoint == NULL)
    return usage_error (context, error->message);

  /* Check every --send before connecting, so a typo costs no connection. */
  for (guint i = 0; send_texts != NULL && send_texts[i] != NULL; i++)
    {
      gsize column = 0;
      GBytes *bytes = sp_payload_parse_text (send_texts[i], -1, &column, &error);

      if (bytes == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("--send “%s”: %s"), send_texts[i], error->message);
          return usage_error (context, message);
        }
      g_ptr_array_add (sends, bytes);
    }

  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  run.client = sp_client_new (endpoint);
  sp_event_log_set_budget (sp_client_get_log (run.client), TERMINAL_LOG_BUDGET);
  run.half_close = half_close;
  run.idle_seconds = idle;
  sp_client_set_timeout (run.client, timeout);

  if (send_texts == NULL)
    {
      /* Pipe mode: data on stdin/stdout, events on stderr. */
      run.stdin_stream = g_unix_input_stream_new (0, FALSE);
      run.stdout_stream = g_unix_output_stream_new (1, FALSE);
      if (!quiet)
        record_log (&run, sp_client_get_log (run.client), json, TRUE, "client");
    }
  else if (!quiet)
    record_log (&run, sp_client_get_log (run.client), json, FALSE, "client");

  sp_client_connect_async (run.client, run.cancellable, client_connected_cb, &cd);

  {
    guint sigint = g_unix_signal_add (SIGINT, signal_cb, &run);
    guint sigterm = g_unix_signal_add (SIGTERM, signal_cb, &run);

    g_main_loop_run (run.loop);
    g_source_remove (sigint);
    g_source_remove (sigterm);
  }

  g_cancellable_cancel (run.cancellable);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  status = run.exit_status;
  run_clear (&run);
  return status;
}

/* entry -------------------------------------------------------------------------------- */

gboolean
sp_command_line_handles (int    argc,
                         char **argv)
{
  return argc >= 2 && (g_str_equal (argv[1], "serve") || g_str_equal (argv[1], "connect"));
}

/**
 * sp_command_line_run:
 *
 * Runs `serve` or `connect`; argv[1] is the command.
 *
 * Returns: the exit status
 */
int
sp_command_line_run (int    argc,
                     char **argv)
{
  g_autofree char *name = NULL;
  const char *command;

  g_return_val_if_fail (sp_command_line_handles (argc, argv), EXIT_USAGE);

  /* `socket-playground serve --help` shows "socket-playground serve" in its usage line. */
  command = argv[1];
  name = g_strdup_printf ("socket-playground %s", command);
  g_set_prgname (name);
  argv[1] = argv[0];

  if (g_str_equal (command, "serve"))
    return run_serve (argc - 1, argv + 1);

  return run_connect (argc - 1, argv + 1);
}
