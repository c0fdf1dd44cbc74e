/* test-script.c — scripted exchanges: the text form, and runs over real loopback sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs face two kinds of peers: peers/login-server.py, a python3 program speaking a
 * tiny FTP-like line protocol, and servers made by the engine (echo, over TCP and UDP).
 */

#include "config.h"

#include <libglib-testing/signal-logger.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

/* Helpers ------------------------------------------------------------------------------ */

static SpScript *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  SpScript *script = sp_script_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (script);
  return script;
}

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
connection_finished (gpointer data)
{
  return sp_connection_get_end_time (data) != 0;
}

/* Runs @script to its end; returns its error, or %NULL when it passed. */
static GError *
run_script (SpScript     *script,
            SpConnection *connection,
            SpEventLog   *log)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  sp_script_run_async (script, connection, log, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the script to finish");
  if (sp_script_run_finish (script, result, &error))
    g_assert_no_error (error);
  else
    g_assert_nonnull (error);

  return error;
}

static GtSignalLogger *
log_steps (SpScript *script)
{
  GtSignalLogger *logger = gt_signal_logger_new ();

  gt_signal_logger_connect (logger, script, "step-started");
  gt_signal_logger_connect (logger, script, "step-finished");
  return logger;
}

/* Steps 0 … @n_passed - 1 started and passed, in order; then, if @last_failed, step
 * @n_passed started and did not pass; then nothing. */
static void
assert_steps_signalled (GtSignalLogger *logger,
                        SpScript       *script,
                        guint           n_passed,
                        gboolean        last_failed)
{
  guint n = n_passed + (last_failed ? 1 : 0);

  for (guint i = 0; i < n; i++)
    {
      guint started = G_MAXUINT;
      guint finished = G_MAXUINT;
      gboolean ok = !(i < n_passed);

      gt_signal_logger_assert_emission_pop (logger, script, "step-started", &started);
      g_assert_cmpuint (started, ==, i);
      gt_signal_logger_assert_emission_pop (logger, script, "step-finished", &finished, &ok);
      g_assert_cmpuint (finished, ==, i);
      g_assert_cmpint (ok, ==, i < n_passed);
    }

  gt_signal_logger_assert_no_emissions (logger);
}

static void
assert_step_statuses (SpScript                 *script,
                      const SpScriptStepStatus *statuses)
{
  for (guint i = 0; i < sp_script_get_n_steps (script); i++)
    g_assert_cmpint (sp_script_step_get_status (sp_script_get_step (script, i)), ==, statuses[i]);
}

/* The messages of the INFO and ERROR events that the script added for @connection. */
static char *
dup_script_events (SpEventLog   *log,
                   SpConnection *connection)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      const char *message = sp_event_get_message (event);

      if (message == NULL || sp_event_get_connection_id (event) != sp_connection_get_id (connection))
        continue;
      if (g_str_has_prefix (message, "Script") || g_str_has_prefix (message, "Step"))
        g_string_append_printf (out, "%s\n", message);
    }

  return g_string_free (out, FALSE);
}

/* A python3 peer ------------------------------------------------------------------------ */

typedef struct
{
  GSubprocess  *python;
  SpClient     *client;
  SpConnection *connection;
} LoginPeer;

static void
login_peer_start (LoginPeer *peer)
{
  g_autofree char *program = g_test_build_filename (G_TEST_DIST, "peers", "login-server.py", NULL);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GAsyncResult) line_result = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autofree char *port = NULL;
  g_autofree char *address = NULL;

  peer->python = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                   "python3", program, "127.0.0.1", NULL);
  g_assert_no_error (error);

  /* It prints the port the system chose once it listens. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (peer->python));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, sp_test_store_result, &line_result);
  sp_test_wait_for_result (&line_result, "login-server.py to print its port");
  port = g_data_input_stream_read_line_finish_utf8 (lines, line_result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port);

  address = g_strdup_printf ("tcp://127.0.0.1:%s", port);
  endpoint = sp_endpoint_parse (address, SP_ENDPOINT_ROLE_CLIENT, &error);
  g_assert_no_error (error);
  peer->client = sp_client_new (endpoint);

  /* The connection starts reading in the iteration that hands it over, and its first
   * read completes in a later one: a script started right away sees the greeting. */
  sp_client_connect_async (peer->client, NULL, sp_test_store_result, &connected);
  sp_test_wait_for_result (&connected, "the client to connect to login-server.py");
  peer->connection = sp_client_connect_finish (peer->client, connected, &error);
  g_assert_no_error (error);
}

static void
login_peer_finish (LoginPeer *peer)
{
  g_autoptr(GAsyncResult) exited = NULL;
  g_autoptr(GError) error = NULL;

  sp_client_disconnect (peer->client);
  sp_test_wait_until (connection_finished, peer->connection, "the connection to close");

  g_subprocess_wait_async (peer->python, NULL, sp_test_store_result, &exited);
  sp_test_wait_for_result (&exited, "login-server.py to exit");
  g_assert_true (g_subprocess_wait_finish (peer->python, exited, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (peer->python));
  g_assert_cmpint (g_subprocess_get_exit_status (peer->python), ==, 0);

  drain_main_context ();
  g_clear_object (&peer->connection);
  g_assert_finalize_object (g_steal_pointer (&peer->client));
  g_clear_object (&peer->python);
}

/* An engine peer ----------------------------------------------------------------------- */

typedef struct
{
  SpServer     *server;
  SpClient     *client;
  SpConnection *connection;
} EnginePeer;

static void
engine_peer_start (EnginePeer *peer,
                   const char *server_endpoint)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (server_endpoint, SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GError) error = NULL;

  peer->server = sp_server_new (endpoint);
  sp_server_set_behaviour (peer->server, SP_BEHAVIOUR_ECHO);
  sp_server_start_async (peer->server, NULL, sp_test_store_result, &started);
  sp_test_wait_for_result (&started, "the echo server to start");
  g_assert_true (sp_server_start_finish (peer->server, started, &error));
  g_assert_no_error (error);

  peer->client = sp_client_new (sp_server_get_bound_endpoint (peer->server));
  sp_client_connect_async (peer->client, NULL, sp_test_store_result, &connected);
  sp_test_wait_for_result (&connected, "the client to connect to the echo server");
  peer->connection = sp_client_connect_finish (peer->client, connected, &error);
  g_assert_no_error (error);
}

static void
engine_peer_finish (EnginePeer *peer)
{
  sp_client_disconnect (peer->client);
  sp_server_stop (peer->server);
  drain_main_context ();

  g_clear_object (&peer->connection);
  g_assert_finalize_object (g_steal_pointer (&peer->client));
  g_assert_finalize_object (g_steal_pointer (&peer->server));
}

/* Steps and scripts as objects ----------------------------------------------------------- */

static void
test_step_properties (void)
{
  g_autoptr(SpScriptStep) step = sp_script_step_new (SP_SCRIPT_STEP_SEND, "USER anna\\r\\n");
  g_autoptr(SpScriptStep) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autofree char *description = NULL;
  g_autofree char *line = NULL;
  gsize column = 99;

  g_assert_cmpint (sp_script_step_get_kind (step), ==, SP_SCRIPT_STEP_SEND);
  g_assert_cmpstr (sp_script_step_get_text (step), ==, "USER anna\\r\\n");
  g_assert_cmpuint (sp_script_step_get_timeout (step), ==, SP_SCRIPT_STEP_DEFAULT_TIMEOUT);
  g_assert_cmpint (sp_script_step_get_status (step), ==, SP_SCRIPT_STEP_STATUS_PENDING);
  g_assert_null (sp_script_step_get_message (step));
  g_assert_false (sp_script_step_is_expectation (step));
  g_assert_true (sp_script_step_check (step, &column, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (column, ==, 0);

  description = sp_script_step_dup_description (step);
  g_assert_cmpstr (description, ==, "send “USER anna\\r\\n”");
  line = sp_script_step_dup_line (step);
  g_assert_cmpstr (line, ==, "send USER anna\\r\\n");

  /* Changing the text tells the editor, once, and what the text forms become. */
  gt_signal_logger_connect (logger, step, "notify");
  sp_script_step_set_text (step, "PASS \\q");
  sp_script_step_set_text (step, "PASS \\q");
  gt_signal_logger_assert_notify_emission_pop (logger, step, "text");
  gt_signal_logger_assert_notify_emission_pop (logger, step, "description");
  gt_signal_logger_assert_notify_emission_pop (logger, step, "line");
  gt_signal_logger_assert_no_emissions (logger);
  g_clear_pointer (&logger, gt_signal_logger_free);

  /* An editor can check as the person types, and put the cursor on the culprit. */
  g_assert_false (sp_script_step_check (step, &column, &error));
  g_assert_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_PAYLOAD);
  g_assert_cmpuint (column, ==, 6);
  g_clear_error (&error);

  sp_script_step_set_kind (step, SP_SCRIPT_STEP_EXPECT_REGEX);
  sp_script_step_set_text (step, "^2\\d\\d ");
  sp_script_step_set_timeout (step, 300);
  g_assert_true (sp_script_step_is_expectation (step));
  g_assert_true (sp_script_step_check (step, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&description, g_free);
  description = sp_script_step_dup_description (step);
  g_assert_cmpstr (description, ==, "expect /^2\\d\\d /");

  copy = sp_script_step_copy (step);
  g_assert_true (sp_script_step_equal (step, copy));
  sp_script_step_set_timeout (copy, 301);
  g_assert_false (sp_script_step_equal (step, copy));

  sp_script_step_set_kind (step, SP_SCRIPT_STEP_WAIT);
  sp_script_step_set_duration (step, 1500);
  g_clear_pointer (&description, g_free);
  description = sp_script_step_dup_description (step);
  g_assert_cmpstr (description, ==, "wait 1500ms");

  sp_script_step_set_kind (step, SP_SCRIPT_STEP_HALF_CLOSE);
  g_clear_pointer (&description, g_free);
  description = sp_script_step_dup_description (step);
  g_assert_cmpstr (description, ==, "half-close");

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&step));
}

static void
test_script_editing (void)
{
  g_autoptr(SpScript) script = sp_script_new ();
  GListModel *steps = sp_script_get_steps (script);
  g_autoptr(SpScriptStep) send = sp_script_step_new (SP_SCRIPT_STEP_SEND, "hello");
  g_autoptr(SpScriptStep) close_step = sp_script_step_new (SP_SCRIPT_STEP_CLOSE, NULL);
  g_autoptr(GListModel) from_property = NULL;

  g_object_get (script, "steps", &from_property, NULL);
  g_assert_true (from_property == steps);
  g_assert_cmpint (sp_script_get_state (script), ==, SP_SCRIPT_STATE_IDLE);
  g_assert_cmpint (sp_script_get_current_step (script), ==, -1);
  g_assert_null (sp_script_get_error_message (script));
  g_assert_true (g_list_model_get_item_type (steps) == SP_TYPE_SCRIPT_STEP);

  sp_script_append (script, close_step);
  sp_script_insert (script, 0, send);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 2);
  g_assert_true (sp_script_get_step (script, 0) == send);
  g_assert_true (sp_script_get_step (script, 1) == close_step);
  g_assert_null (sp_script_get_step (script, 2));

  sp_script_remove (script, 0);
  g_assert_true (sp_script_get_step (script, 0) == close_step);
  sp_script_remove_all (script);
  g_assert_cmpuint (sp_script_get_n_steps (script), ==, 0);

  g_clear_object (&from_property);
  g_assert_finalize_object (g_steal_pointer (&script));
  g_assert_finalize_object (g_steal_pointer (&send));
  g_assert_finalize_object (g_steal_pointer (&close_step));
}

/* The text form ------------------------------------------------------------------------ */

static void
test_parse_everything (void)
{
  g_autoptr(SpScript) script = parse_ok ("# An FTP-like login\r\n"
                                         "\r\n"
                                         "expect 220\r\n"
                                         "  send   USER anna\\r\\n  \r\n"
                                         "EXPECT /^331 /\r\n"
                                         "timeout 300ms\r\n"
                                         "send PASS secret\\r\\n\r\n"
                                         "expect 230\r\n"
                                         "wait 1.5s\r\n"
                                         "wait 20 ms\r\n"
                                         "\thalf-close\r\n"
                                         "timeout 2s\r\n"
                                         "expect-close\r\n"
                                         "close");
  static const struct {
    SpScriptStepKind  kind;
    const char       *text;
    guint             ms;  /* timeout, or duration for a wait */
  } expected[] = {
    { SP_SCRIPT_STEP_EXPECT_TEXT, "220", 5000 },
    { SP_SCRIPT_STEP_SEND, "USER anna\\r\\n", 0 },
    { SP_SCRIPT_STEP_EXPECT_REGEX, "^331 ", 5000 },
    { SP_SCRIPT_STEP_SEND, "PASS secret\\r\\n", 0 },
    { SP_SCRIPT_STEP_EXPECT_TEXT, "230", 300 },
    { SP_SCRIPT_STEP_WAIT, "", 1500 },
    { SP_SCRIPT_STEP_WAIT, "", 20 },
    { SP_SCRIPT_STEP_HALF_CLOSE, "", 0 },
    { SP_SCRIPT_STEP_EXPECT_CLOSE, "", 2000 },
    { SP_SCRIPT_STEP_CLOSE, "", 0 },
  };
  g_autofree char *text = NULL;

  g_assert_cmpuint (sp_script_get_n_steps (script), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SpScriptStep *step = sp_script_get_step (script, i);

      g_assert_cmpint (sp_script_step_get_kind (step), ==, expected[i].kind);
      g_assert_cmpstr (sp_script_step_get_text (step), ==, expected[i].text);
      if (expected[i].kind == SP_SCRIPT_STEP_WAIT)
        g_assert_cmpuint (sp_script_step_get_duration (step), ==, expected[i].ms);
      else if (sp_script_step_is_expectation (step))
        g_assert_cmpuint (sp_script_step_get_timeout (step), ==, expected[i].ms);
    }

  /* Written back in the house style: one timeout line where the timeout changes. */
  text = sp_script_to_text (script);
  g_assert_cmpstr (text, ==,
                   "expect 220\n"
                   "send USER anna\\r\\n\n"
                   "expect /^331 /\n"
                   "send PASS secret\\r\\n\n"
                   "timeout 300ms\n"
                   "expect 230\n"
                   "wait 1500ms\n"
                   "wait 20ms\n"
                   "half-close\n"
                   "timeout 2s\n"
                   "expect-close\n"
                   "close\n");
}

static void
assert_round_trip (SpScript *script)
{
  g_autofree char *text = sp_script_to_text (script);
  g_autofree char *again = NULL;
  g_autoptr(SpScript) reread = parse_ok (text);

  g_assert_cmpuint (sp_script_get_n_steps (reread), ==, sp_script_get_n_steps (script));
  for (guint i = 0; i < sp_script_get_n_steps (script); i++)
    {
      g_autofree char *line = sp_script_step_dup_line (sp_script_get_step (script, i));

      if (!sp_script_step_equal (sp_script_get_step (script, i), sp_script_get_step (reread, i)))
        g_error ("Step %u (%s) did not read back the same from:\n%s", i + 1, line, text);
    }

  again = sp_script_to_text (reread);
  g_assert_cmpstr (again, ==, text);
}

static void
test_parse_round_trip (void)
{
  static const char * const scripts[] = {
    "",
    "# only a comment\n\n",
    "expect 220\nsend USER anna\\r\\n\nexpect /^331 /\nsend PASS secret\\r\\n\nexpect 230\nsend QUIT\\r\\n\nexpect 221\nexpect-close\n",
    "timeout 250ms\nexpect a\nexpect /b/\nexpect-close\ntimeout 1.25s\nexpect c\ntimeout 5s\nexpect d\n",
    "send \\x20padded\\x20\nexpect \\x2fnot a pattern/\nexpect /a/b/\nexpect /\nsend //\n",
    "send \\0\\xff\\t\\x01\\\\\nexpect é ü\nsend \\\"quoted\\\"\n",
    "wait 1ms\nwait 3600s\nwait 0.001s\nhalf-close\nclose\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (scripts); i++)
    {
      g_autoptr(SpScript) script = parse_ok (scripts[i]);

      assert_round_trip (script);
    }
}

/* Steps made in an editor may hold what no line can: the text form escapes it. */
static void
test_to_text_escapes (void)
{
  g_autoptr(SpScript) script = sp_script_new ();
  static const struct {
    SpScriptStepKind  kind;
    const char       *text;
    const char       *line;
  } steps[] = {
    { SP_SCRIPT_STEP_SEND, " two ends ", "send \\x20two ends\\x20" },
    { SP_SCRIPT_STEP_SEND, "line\r\nbreak", "send line\\r\\nbreak" },
    { SP_SCRIPT_STEP_SEND, "\t", "send \\t" },
    { SP_SCRIPT_STEP_SEND, " ", "send \\x20" },
    { SP_SCRIPT_STEP_EXPECT_TEXT, "/etc/", "expect \\x2fetc/" },
    { SP_SCRIPT_STEP_EXPECT_TEXT, "/", "expect /" },
    { SP_SCRIPT_STEP_EXPECT_REGEX, "a\nb", "expect /a\\x0ab/" },
    { SP_SCRIPT_STEP_EXPECT_REGEX, " spaced ", "expect / spaced /" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(SpScriptStep) step = sp_script_step_new (steps[i].kind, steps[i].text);
      g_autofree char *line = sp_script_step_dup_line (step);

      g_assert_cmpstr (line, ==, steps[i].line);
      sp_script_append (script, step);
    }

  assert_round_trip (script);
}

typedef struct
{
  const char    *name;
  const char    *text;
  SpScriptError  code;
  guint          line;
  gsize          column;
} BadScript;

static const BadScript bad_scripts[] = {
  { "unknown-command", "sned hello", SP_SCRIPT_ERROR_UNKNOWN_COMMAND, 1, 1 },
  { "unknown-indented", "close\n   shout hi", SP_SCRIPT_ERROR_UNKNOWN_COMMAND, 2, 4 },
  { "send-nothing", "expect 220\nsend", SP_SCRIPT_ERROR_MISSING_ARGUMENT, 2, 5 },
  { "expect-nothing", "expect   ", SP_SCRIPT_ERROR_MISSING_ARGUMENT, 1, 7 },
  { "wait-nothing", "wait", SP_SCRIPT_ERROR_MISSING_ARGUMENT, 1, 5 },
  { "close-argument", "# c\n\nclose now", SP_SCRIPT_ERROR_UNEXPECTED_ARGUMENT, 3, 7 },
  { "expect-close-argument", "half-close\n  expect-close x", SP_SCRIPT_ERROR_UNEXPECTED_ARGUMENT, 2, 16 },
  { "bad-escape", "send USER x\\q", SP_SCRIPT_ERROR_BAD_PAYLOAD, 1, 12 },
  { "bad-escape-after-unicode", "expect éé \\z", SP_SCRIPT_ERROR_BAD_PAYLOAD, 1, 11 },
  { "bad-regex", "expect /(abc/", SP_SCRIPT_ERROR_BAD_REGEX, 1, 8 },
  { "empty-regex", "expect //", SP_SCRIPT_ERROR_BAD_REGEX, 1, 8 },
  { "no-unit", "wait 200", SP_SCRIPT_ERROR_BAD_DURATION, 1, 6 },
  { "unknown-unit", "timeout 2h", SP_SCRIPT_ERROR_BAD_DURATION, 1, 9 },
  { "fraction-of-ms", "wait 1.5ms", SP_SCRIPT_ERROR_BAD_DURATION, 1, 6 },
  { "finer-than-ms", "wait 0.0001s", SP_SCRIPT_ERROR_BAD_DURATION, 1, 6 },
  { "not-a-number", "wait soon", SP_SCRIPT_ERROR_BAD_DURATION, 1, 6 },
  { "zero", "send a\nwait 0ms", SP_SCRIPT_ERROR_DURATION_RANGE, 2, 6 },
  { "too-long", "timeout 5000s", SP_SCRIPT_ERROR_DURATION_RANGE, 1, 9 },
  { "huge", "wait 99999999999999999999ms", SP_SCRIPT_ERROR_DURATION_RANGE, 1, 6 },
  { "invalid-utf8", "send a\nsend b\xff", SP_SCRIPT_ERROR_INVALID_UTF8, 2, 7 },
};

static void
test_parse_bad (gconstpointer data)
{
  const BadScript *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScript) script = NULL;
  g_autofree char *prefix = g_strdup_printf ("Line %u: ", bad->line);
  guint line = 0;
  gsize column = 0;

  script = sp_script_parse_full (bad->text, &line, &column, &error);
  g_assert_null (script);
  g_assert_error (error, SP_SCRIPT_ERROR, (int) bad->code);
  g_assert_cmpuint (line, ==, bad->line);
  g_assert_cmpuint (column, ==, bad->column);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("%s", error->message);

  /* The short form says the same. */
  g_clear_error (&error);
  g_assert_null (sp_script_parse (bad->text, &error));
  g_assert_error (error, SP_SCRIPT_ERROR, (int) bad->code);
}

/* The payload's own sentence, with the column counted on the whole line. */
static void
test_parse_bad_escape_message (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (sp_script_parse ("send USER x\\q", &error));
  g_assert_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_PAYLOAD);
  g_assert_true (g_str_has_prefix (error->message, "Line 1: “\\q” at column 12 is not an escape"));
}

/* Runs against a python3 peer ------------------------------------------------------------- */

#define LOGIN_SCRIPT \
  "expect 220\n" \
  "send USER anna\\r\\n\n" \
  "expect /^331 .*\\r\\n/\n" \
  "send PASS secret\\r\\n\n" \
  "expect 230\n" \
  "send QUIT\\r\\n\n" \
  "expect 221\n" \
  "expect-close\n"

static void
test_run_login (void)
{
  LoginPeer peer = { 0 };
  g_autoptr(SpScript) script = parse_ok (LOGIN_SCRIPT);
  g_autoptr(GtSignalLogger) logger = log_steps (script);
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  SpEventLog *log;

  login_peer_start (&peer);
  log = sp_client_get_log (peer.client);
  error = run_script (script, peer.connection, log);
  g_assert_no_error (error);

  g_assert_cmpint (sp_script_get_state (script), ==, SP_SCRIPT_STATE_PASSED);
  g_assert_cmpint (sp_script_get_current_step (script), ==, -1);
  g_assert_null (sp_script_get_error_message (script));
  assert_steps_signalled (logger, script, 8, FALSE);

  for (guint i = 0; i < 8; i++)
    {
      SpScriptStep *step = sp_script_get_step (script, i);

      g_assert_cmpint (sp_script_step_get_status (step), ==, SP_SCRIPT_STEP_STATUS_PASSED);
      g_assert_nonnull (sp_script_step_get_message (step));
    }
  g_assert_cmpstr (sp_script_step_get_message (sp_script_get_step (script, 1)), ==, "queued 11 bytes");
  g_assert_true (g_str_has_prefix (sp_script_step_get_message (sp_script_get_step (script, 0)), "matched after "));

  /* The pane's log tells the story, step by step, on the connection's own line. */
  events = dup_script_events (log, peer.connection);
  g_test_message ("%s", events);
  g_assert_true (g_str_has_prefix (events, "Script started: 8 steps.\nScript step 1: expect “220” — matched after "));
  g_assert_nonnull (strstr (events, "\nScript step 2: send “USER anna\\r\\n” — queued 11 bytes\n"));
  g_assert_nonnull (strstr (events, "\nScript step 3: expect /^331 .*\\r\\n/ — matched after "));
  g_assert_nonnull (strstr (events, "\nScript step 8: expect-close — the peer closed after "));
  g_assert_true (g_str_has_suffix (events, "\nScript passed: all 8 steps succeeded.\n"));

  /* The peer closed; our side followed. */
  sp_test_wait_until (connection_finished, peer.connection, "the connection to close");
  g_assert_cmpint (sp_connection_get_state (peer.connection), ==, SP_CONNECTION_STATE_CLOSED);
  g_assert_cmpuint (sp_connection_get_bytes_sent (peer.connection), ==, 11 + 13 + 6);

  g_clear_pointer (&logger, gt_signal_logger_free);
  login_peer_finish (&peer);
  g_assert_finalize_object (g_steal_pointer (&script));
}

static void
test_run_wrong_password_times_out (void)
{
  LoginPeer peer = { 0 };
  g_autoptr(SpScript) script = parse_ok ("expect 220\n"
                                         "send USER anna\\r\\n\n"
                                         "expect /^331 .*\\r\\n/\n"
                                         "send PASS wrong\\r\\n\n"
                                         "timeout 300ms\n"
                                         "expect 230\n"
                                         "send QUIT\\r\\n\n");
  g_autoptr(GtSignalLogger) logger = log_steps (script);
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  static const SpScriptStepStatus statuses[] = {
    SP_SCRIPT_STEP_STATUS_PASSED, SP_SCRIPT_STEP_STATUS_PASSED, SP_SCRIPT_STEP_STATUS_PASSED,
    SP_SCRIPT_STEP_STATUS_PASSED, SP_SCRIPT_STEP_STATUS_FAILED, SP_SCRIPT_STEP_STATUS_PENDING,
  };
  const char *expected = "Step 5 (expect “230”) failed: nothing matching arrived within 300 milliseconds; "
                         "the peer sent “530 Login incorrect\\r\\n”.";
  gint64 start;

  login_peer_start (&peer);
  start = g_get_monotonic_time ();
  error = run_script (script, peer.connection, sp_client_get_log (peer.client));

  g_assert_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);

  g_assert_cmpint (sp_script_get_state (script), ==, SP_SCRIPT_STATE_FAILED);
  g_assert_cmpint (sp_script_get_current_step (script), ==, -1);
  g_assert_cmpstr (sp_script_get_error_message (script), ==, expected);
  assert_steps_signalled (logger, script, 4, TRUE);
  assert_step_statuses (script, statuses);
  g_assert_cmpstr (sp_script_step_get_message (sp_script_get_step (script, 4)), ==,
                   "nothing matching arrived within 300 milliseconds; the peer sent “530 Login incorrect\\r\\n”.");

  /* The step after the failure never ran: QUIT was not sent. */
  g_assert_cmpuint (sp_connection_get_bytes_sent (peer.connection), ==, 11 + 12);
  g_assert_true (sp_connection_is_open (peer.connection));

  events = dup_script_events (sp_client_get_log (peer.client), peer.connection);
  g_assert_true (g_str_has_suffix (events, "\nScript step 4: send “PASS wrong\\r\\n” — queued 12 bytes\n"
                                           "Step 5 (expect “230”) failed: nothing matching arrived within 300 milliseconds; "
                                           "the peer sent “530 Login incorrect\\r\\n”.\n"));

  g_clear_pointer (&logger, gt_signal_logger_free);
  login_peer_finish (&peer);
  g_assert_finalize_object (g_steal_pointer (&script));
}

static void
test_run_peer_closes_during_expect (void)
{
  LoginPeer peer = { 0 };
  g_autoptr(SpScript) script = parse_ok ("expect 220 ready\\r\\n\n"
                                         "send QUIT\\r\\n\n"
                                         "expect 230\n"
                                         "close\n");
  g_autoptr(GtSignalLogger) logger = log_steps (script);
  g_autoptr(GError) error = NULL;

  login_peer_start (&peer);
  error = run_script (script, peer.connection, NULL);

  g_assert_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_PEER_CLOSED);
  g_assert_cmpstr (error->message, ==,
                   "Step 3 (expect “230”) failed: the peer closed the connection before anything "
                   "matching arrived; it sent “221 Bye\\r\\n”.");
  g_assert_cmpint (sp_script_get_state (script), ==, SP_SCRIPT_STATE_FAILED);
  assert_steps_signalled (logger, script, 2, TRUE);

  /* Without a log, the script tells nothing: the client's log has no script line. */
  {
    g_autofree char *events = dup_script_events (sp_client_get_log (peer.client), peer.connection);
    g_assert_cmpstr (events, ==, "");
  }

  g_clear_pointer (&logger, gt_signal_logger_free);
  login_peer_finish (&peer);
  g_assert_finalize_object (g_steal_pointer (&script));
}

/* Runs against engine servers ------------------------------------------------------------ */

static gboolean
script_at_step_2 (gpointer data)
{
  return sp_script_get_current_step (data) == 1;
}

static void
test_run_cancel (void)
{
  EnginePeer peer = { 0 };
  g_autoptr(SpScript) script = parse_ok ("send hello\\n\nexpect never\nclose\n");
  g_autoptr(GtSignalLogger) logger = log_steps (script);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  static const SpScriptStepStatus statuses[] = {
    SP_SCRIPT_STEP_STATUS_PASSED, SP_SCRIPT_STEP_STATUS_PENDING, SP_SCRIPT_STEP_STATUS_PENDING,
  };

  engine_peer_start (&peer, "tcp://127.0.0.1:0");
  sp_script_run_async (script, peer.connection, sp_client_get_log (peer.client), cancellable,
                       sp_test_store_result, &result);
  g_assert_cmpint (sp_script_get_state (script), ==, SP_SCRIPT_STATE_RUNNING);
  sp_test_wait_until (script_at_step_2, script, "the script to wait at step 2");

  g_cancellable_cancel (cancellable);
  sp_test_wait_for_result (&result, "the script to stop");
  g_assert_false (sp_script_run_finish (script, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "The script was stopped at step 2 (expect “never”).");

  /* Stopping is not failing: the script is idle again, the connection untouched. */
  g_assert_cmpint (sp_script_get_state (script), ==, SP_SCRIPT_STATE_IDLE);
  g_assert_cmpint (sp_script_get_current_step (script), ==, -1);
  g_assert_null (sp_script_get_error_message (script));
  assert_steps_signalled (logger, script, 1, TRUE);
  assert_step_statuses (script, statuses);
  g_assert_true (sp_connection_is_open (peer.connection));

  /* An already cancelled run does not start. */
  g_clear_object (&result);
  g_clear_error (&error);
  sp_script_run_async (script, peer.connection, NULL, cancellable, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the cancelled run to return");
  g_assert_false (sp_script_run_finish (script, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  gt_signal_logger_assert_no_emissions (logger);

  /* The result holds the run, and the run the script. */
  g_clear_object (&result);
  g_clear_pointer (&logger, gt_signal_logger_free);
  engine_peer_finish (&peer);
  g_assert_finalize_object (g_steal_pointer (&script));
}

static void
test_run_half_close_echo (void)
{
  EnginePeer peer = { 0 };
  g_autoptr(SpScript) script = parse_ok ("send hello\\r\\n\n"
                                         "half-close\n"
                                         "expect hello\\r\\n\n"
                                         "expect-close\n");
  g_autoptr(GtSignalLogger) logger = log_steps (script);
  g_autoptr(GError) error = NULL;
  SpEventLog *log;
  gboolean saw_shutdown = FALSE;

  engine_peer_start (&peer, "tcp://127.0.0.1:0");
  log = sp_client_get_log (peer.client);
  error = run_script (script, peer.connection, log);
  g_assert_no_error (error);
  assert_steps_signalled (logger, script, 4, FALSE);

  /* shutdown(SHUT_WR) went out, the echo came back, then the server's end of stream. */
  sp_test_wait_until (connection_finished, peer.connection, "the connection to close");
  g_assert_cmpint (sp_connection_get_state (peer.connection), ==, SP_CONNECTION_STATE_CLOSED);
  g_assert_cmpuint (sp_connection_get_bytes_received (peer.connection), ==, 7);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (sp_event_get_kind (event) == SP_EVENT_KIND_SHUTDOWN)
        saw_shutdown = TRUE;
    }
  g_assert_true (saw_shutdown);

  g_clear_pointer (&logger, gt_signal_logger_free);
  engine_peer_finish (&peer);
  g_assert_finalize_object (g_steal_pointer (&script));
}

/* A match consumes what arrived up to its end: what came before it is gone. */
static void
test_run_match_consumes (void)
{
  EnginePeer peer = { 0 };
  g_autoptr(SpScript) script = parse_ok ("send 123 abc 456\\n\n"
                                         "expect /\\d+/\n"
                                         "expect /\\d+/\n"
                                         "timeout 200ms\n"
                                         "expect abc\n");
  g_autoptr(GError) error = NULL;

  engine_peer_start (&peer, "tcp://127.0.0.1:0");
  error = run_script (script, peer.connection, NULL);
  g_assert_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==,
                   "Step 4 (expect “abc”) failed: nothing matching arrived within 200 milliseconds; "
                   "the peer sent “\\n”.");

  engine_peer_finish (&peer);
}

static void
test_run_wait (void)
{
  EnginePeer peer = { 0 };
  g_autoptr(SpScript) script = parse_ok ("wait 50ms\nsend done\nexpect done\n");
  g_autoptr(GError) error = NULL;
  gint64 start;

  engine_peer_start (&peer, "tcp://127.0.0.1:0");
  start = g_get_monotonic_time ();
  error = run_script (script, peer.connection, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 50 * 1000);
  g_assert_cmpstr (sp_script_step_get_message (sp_script_get_step (script, 0)), ==,
                   "waited 50 milliseconds");

  engine_peer_finish (&peer);
}

static void
test_run_after_close (void)
{
  EnginePeer peer = { 0 };
  g_autoptr(SpScript) send_late = parse_ok ("close\nsend late\n");
  g_autoptr(SpScript) expect_late = parse_ok ("expect anything\n");
  g_autoptr(SpScript) wait_close = parse_ok ("expect-close\n");
  g_autoptr(GError) error = NULL;

  engine_peer_start (&peer, "tcp://127.0.0.1:0");

  error = run_script (send_late, peer.connection, NULL);
  g_assert_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_SEND_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "Step 2 (send “late”) failed: This connection no longer sends: it is closed or closing.");
  g_clear_error (&error);

  error = run_script (expect_late, peer.connection, NULL);
  g_assert_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_CLOSED);
  g_assert_cmpstr (error->message, ==,
                   "Step 1 (expect “anything”) failed: the connection is closed on our side, so nothing more can arrive.");
  g_clear_error (&error);

  error = run_script (wait_close, peer.connection, NULL);
  g_assert_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_CLOSED);

  engine_peer_finish (&peer);
}

/* A step that cannot run is found before anything is sent. */
static void
test_run_bad_step (void)
{
  EnginePeer peer = { 0 };
  g_autoptr(SpScript) script = parse_ok ("send fine\nsend later\n");
  g_autoptr(GtSignalLogger) logger = log_steps (script);
  g_autoptr(GError) error = NULL;
  guint index = G_MAXUINT;
  gboolean ok = TRUE;

  sp_script_step_set_text (sp_script_get_step (script, 1), "bad \\q");

  engine_peer_start (&peer, "tcp://127.0.0.1:0");
  error = run_script (script, peer.connection, sp_client_get_log (peer.client));
  g_assert_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_STEP);
  g_assert_true (g_str_has_prefix (error->message, "Step 2 (send “bad \\q”) cannot run: “\\q” at column 5 is not an escape"));
  g_assert_cmpuint (sp_connection_get_bytes_sent (peer.connection), ==, 0);
  g_assert_cmpuint (sp_connection_get_bytes_queued (peer.connection), ==, 0);
  g_assert_cmpint (sp_script_get_state (script), ==, SP_SCRIPT_STATE_FAILED);
  g_assert_cmpint (sp_script_step_get_status (sp_script_get_step (script, 1)), ==, SP_SCRIPT_STEP_STATUS_FAILED);

  gt_signal_logger_assert_emission_pop (logger, script, "step-finished", &index, &ok);
  g_assert_cmpuint (index, ==, 1);
  g_assert_false (ok);
  gt_signal_logger_assert_no_emissions (logger);

  g_clear_pointer (&logger, gt_signal_logger_free);
  engine_peer_finish (&peer);
}

static void
test_run_already_running (void)
{
  EnginePeer peer = { 0 };
  g_autoptr(SpScript) script = parse_ok ("expect never\n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;

  engine_peer_start (&peer, "tcp://127.0.0.1:0");
  sp_script_run_async (script, peer.connection, NULL, cancellable, sp_test_store_result, &first);
  sp_script_run_async (script, peer.connection, NULL, NULL, sp_test_store_result, &second);
  sp_test_wait_for_result (&second, "the second run to be refused");
  g_assert_false (sp_script_run_finish (script, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_assert_cmpint (sp_script_get_state (script), ==, SP_SCRIPT_STATE_RUNNING);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  sp_test_wait_for_result (&first, "the first run to stop");
  g_assert_false (sp_script_run_finish (script, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  engine_peer_finish (&peer);
}

static void
test_run_empty (void)
{
  EnginePeer peer = { 0 };
  g_autoptr(SpScript) script = sp_script_new ();
  g_autoptr(GError) error = NULL;

  engine_peer_start (&peer, "tcp://127.0.0.1:0");
  error = run_script (script, peer.connection, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (sp_script_get_state (script), ==, SP_SCRIPT_STATE_PASSED);

  engine_peer_finish (&peer);
}

/* Over UDP each expectation sees datagrams; there is no stream to half-close. */
static void
test_run_datagram (void)
{
  EnginePeer peer = { 0 };
  g_autoptr(SpScript) script = parse_ok ("send ping\nexpect ping\n");
  g_autoptr(SpScript) half_close = parse_ok ("send ping\nhalf-close\n");
  g_autoptr(GError) error = NULL;

  engine_peer_start (&peer, "udp://127.0.0.1:0");
  g_assert_true (sp_connection_is_datagram (peer.connection));

  error = run_script (script, peer.connection, NULL);
  g_assert_no_error (error);

  error = run_script (half_close, peer.connection, NULL);
  g_assert_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_STEP);
  g_assert_cmpstr (error->message, ==,
                   "Step 2 (half-close) cannot run: a datagram connection cannot be half-closed: "
                   "there is no stream to end.");
  g_assert_cmpuint (sp_connection_get_datagrams_sent (peer.connection), ==, 1);

  engine_peer_finish (&peer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/script/step/properties", test_step_properties);
  g_test_add_func ("/script/editing", test_script_editing);

  g_test_add_func ("/script/parse/everything", test_parse_everything);
  g_test_add_func ("/script/parse/round-trip", test_parse_round_trip);
  g_test_add_func ("/script/parse/to-text-escapes", test_to_text_escapes);
  g_test_add_func ("/script/parse/bad-escape-message", test_parse_bad_escape_message);
  for (guint i = 0; i < G_N_ELEMENTS (bad_scripts); i++)
    {
      g_autofree char *path = g_strdup_printf ("/script/parse/bad/%s", bad_scripts[i].name);

      g_test_add_data_func (path, &bad_scripts[i], test_parse_bad);
    }

  g_test_add_func ("/script/run/login", test_run_login);
  g_test_add_func ("/script/run/wrong-password-times-out", test_run_wrong_password_times_out);
  g_test_add_func ("/script/run/peer-closes-during-expect", test_run_peer_closes_during_expect);
  g_test_add_func ("/script/run/cancel", test_run_cancel);
  g_test_add_func ("/script/run/half-close-echo", test_run_half_close_echo);
  g_test_add_func ("/script/run/match-consumes", test_run_match_consumes);
  g_test_add_func ("/script/run/wait", test_run_wait);
  g_test_add_func ("/script/run/after-close", test_run_after_close);
  g_test_add_func ("/script/run/bad-step", test_run_bad_step);
  g_test_add_func ("/script/run/already-running", test_run_already_running);
  g_test_add_func ("/script/run/empty", test_run_empty);
  g_test_add_func ("/script/run/datagram", test_run_datagram);

  return g_test_run ();
}
