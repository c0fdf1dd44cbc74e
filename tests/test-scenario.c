/* test-scenario.c — playground files: reading, writing, refusing with the line at fault,
 * and running them in-process over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

static char *
scenarios_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
}

/* Every shipped playground, by path. */
static GPtrArray *
shipped_scenarios (void)
{
  g_autofree char *dir_path = scenarios_dir ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, SP_SCENARIO_SUFFIX))
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));

  g_assert_cmpuint (paths->len, >=, 5);
  return paths;
}

static SpScenario *
load (const char *text)
{
  g_autoptr(GError) error = NULL;
  guint line = 99;
  SpScenario *scenario = sp_scenario_new_from_data (text, -1, &line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  g_assert_cmpuint (line, ==, 0);
  return scenario;
}

/* Writes, reads back, and checks that the two say the same, and that writing again
 * gives the same text. */
static void
assert_round_trip (SpScenario *scenario)
{
  g_autofree char *text = sp_scenario_to_data (scenario, NULL);
  g_autoptr(SpScenario) again = NULL;
  g_autofree char *text_again = NULL;

  again = load (text);
  if (!sp_scenario_equal (scenario, again))
    g_error ("Reading back changed the playground:\n%s", text);

  text_again = sp_scenario_to_data (again, NULL);
  g_assert_cmpstr (text, ==, text_again);
}

/* Round trips ------------------------------------------------------------------------- */

static void
test_round_trip_every_setting (void)
{
  g_autoptr(SpScenario) scenario = sp_scenario_new ();
  g_autoptr(SpScenarioPane) server = sp_scenario_pane_new (SP_SCENARIO_PANE_SERVER, "Server 1");
  g_autoptr(SpScenarioPane) rules_server = sp_scenario_pane_new (SP_SCENARIO_PANE_SERVER, "Rules");
  g_autoptr(SpScenarioPane) client = sp_scenario_pane_new (SP_SCENARIO_PANE_CLIENT, "Client 1");
  g_autoptr(SpScenarioPane) hex_client = sp_scenario_pane_new (SP_SCENARIO_PANE_CLIENT, "Hex");
  g_autoptr(GListStore) rules = g_list_store_new (SP_TYPE_REPLY_RULE);
  g_autoptr(GError) error = NULL;
  const char *specs[] = { "QUIT=221 Bye\\r\\n", "HELO *=250 Hello \\1\\r\\n", "/^GET (\\S+)/=You asked for \\1\\n" };
  g_autoptr(SpExpectation) receives = NULL;
  g_autoptr(SpExpectation) sends = NULL;
  g_autoptr(SpExpectation) connections = sp_expectation_new_count (SP_EXPECTATION_CONNECTIONS, "Server 1", 3);
  g_autoptr(SpExpectation) received = sp_expectation_new_count (SP_EXPECTATION_BYTES_RECEIVED, "Client 1", 24);
  g_autoptr(SpExpectation) sent = sp_expectation_new_count (SP_EXPECTATION_BYTES_SENT, "Hex", 4);
  g_autoptr(SpExpectation) closed = sp_expectation_new_closed ("Client 1");

  sp_scenario_set_title (scenario, "Every setting");
  sp_scenario_set_description (scenario, "Two lines:\nthe second, with a tab\tand a \\ backslash.");

  sp_scenario_pane_set_endpoint (server, "tcp://127.0.0.1:0");
  sp_scenario_pane_set_behaviour (server, SP_BEHAVIOUR_REPLY);
  sp_scenario_pane_set_reply_text (server, "Thank you for connecting\\r\\n");
  sp_scenario_pane_set_close_after_reply (server, FALSE);
  sp_scenario_pane_set_backlog (server, 7);
  sp_scenario_pane_set_send_text (server, "manual\\n");

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (specs[i], &error);

      g_assert_no_error (error);
      g_list_store_append (rules, rule);
    }
  sp_scenario_pane_set_endpoint (rules_server, "udp://[::1]:0");
  sp_scenario_pane_set_behaviour (rules_server, SP_BEHAVIOUR_RULES);
  sp_scenario_pane_set_rules (rules_server, G_LIST_MODEL (rules));
  sp_scenario_pane_set_fallback_reply (rules_server, "500 {message}?\\r\\n");
  sp_scenario_pane_set_framing (rules_server, SP_FRAMING_FIXED);
  sp_scenario_pane_set_frame_length (rules_server, 12);

  sp_scenario_pane_set_endpoint (client, "@Server 1");
  sp_scenario_pane_set_timeout (client, 3);
  sp_scenario_pane_set_send_text (client, "hello\\r\\n");
  sp_scenario_pane_set_repeat (client, 4);
  sp_scenario_pane_set_repeat_interval (client, 0);
  sp_scenario_pane_set_script_text (client, "# A login\nexpect 220\n\ntimeout 2s\nsend USER anna\\r\\n\nexpect /^331 /\nclose");

  sp_scenario_pane_set_endpoint (hex_client, "unix-dgram:/tmp/nowhere.sock");
  sp_scenario_pane_set_send_text (hex_client, "de ad be ef");
  sp_scenario_pane_set_send_hex (hex_client, TRUE);

  sp_scenario_add_pane (scenario, server);
  sp_scenario_add_pane (scenario, rules_server);
  sp_scenario_add_pane (scenario, client);
  sp_scenario_add_pane (scenario, hex_client);

  receives = sp_expectation_new_text (SP_EXPECTATION_RECEIVES, "Client 1", "Thank you\\x21", &error);
  g_assert_no_error (error);
  sends = sp_expectation_new_text (SP_EXPECTATION_SENDS, "Server 1", "Thank", &error);
  g_assert_no_error (error);
  sp_scenario_add_expectation (scenario, receives);
  sp_scenario_add_expectation (scenario, closed);
  sp_scenario_add_expectation (scenario, received);
  sp_scenario_add_expectation (scenario, connections);
  sp_scenario_add_expectation (scenario, sends);
  sp_scenario_add_expectation (scenario, sent);

  assert_round_trip (scenario);
}

/* What a file line cannot hold as such: line breaks, blanks at the ends, controls. */
static void
test_round_trip_awkward_text (void)
{
  g_autoptr(SpScenario) scenario = sp_scenario_new ();
  g_autoptr(SpScenarioPane) server = sp_scenario_pane_new (SP_SCENARIO_PANE_SERVER, "Odd one");
  g_autoptr(SpScenario) again = NULL;
  g_autofree char *text = NULL;
  g_autoptr(SpServer) made = NULL;
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_new_inet (SP_TRANSPORT_TCP, "127.0.0.1", 0);
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) reply = NULL;

  sp_scenario_set_title (scenario, "  Leading blanks, and a\nsecond line  ");
  sp_scenario_pane_set_endpoint (server, "tcp://127.0.0.1:0");
  /* Real control characters, as a widget could hold them. */
  sp_scenario_pane_set_reply_text (server, "  two spaces,\ta tab, a\nline feed, \x01 and a trailing tab\t");
  sp_scenario_add_pane (scenario, server);

  text = sp_scenario_to_data (scenario, NULL);
  g_assert_null (strstr (text, "\x01"));
  g_assert_nonnull (strstr (text, "Reply=\\x20\\x20two spaces,"));

  /* The escapes written stand for the same bytes as the text they replace, and what
   * was read writes back the same. */
  again = load (text);
  assert_round_trip (again);
  made = sp_scenario_pane_create_server (sp_scenario_find_pane (again, "Odd one"), endpoint);
  expected = sp_payload_parse_text ("  two spaces,\ta tab, a\nline feed, \x01 and a trailing tab\t", -1, NULL, NULL);
  reply = sp_payload_parse_text (sp_server_get_reply_text (made), -1, NULL, NULL);
  g_assert_true (g_bytes_equal (expected, reply));
  g_assert_cmpstr (sp_scenario_get_title (again), ==, "  Leading blanks, and a\nsecond line  ");
}

/* Demo servers: Protocol= stands for how they answer, so no behaviour key is written,
 * and their behaviour settings, which they do not use, do not tell two apart. */
static void
test_round_trip_protocol (void)
{
  g_autoptr(SpScenario) scenario = sp_scenario_new ();
  g_autoptr(SpScenarioPane) smtp = sp_scenario_pane_new (SP_SCENARIO_PANE_SERVER, "SMTP");
  g_autoptr(SpScenarioPane) imap = sp_scenario_pane_new (SP_SCENARIO_PANE_SERVER, "IMAP");
  g_autoptr(SpScenarioPane) client = sp_scenario_pane_new (SP_SCENARIO_PANE_CLIENT, "Sender");
  g_autoptr(SpScenario) again = NULL;
  g_autofree char *text = NULL;
  SpScenarioPane *read_smtp;

  sp_scenario_pane_set_endpoint (smtp, "tcp://127.0.0.1:0");
  sp_scenario_pane_set_protocol (smtp, "smtp");
  sp_scenario_pane_set_backlog (smtp, 5);
  sp_scenario_pane_set_send_text (smtp, "220 by hand\\r\\n");
  /* Set, but a demo server does not use it: not written. */
  sp_scenario_pane_set_behaviour (smtp, SP_BEHAVIOUR_ECHO);
  sp_scenario_pane_set_endpoint (imap, "unix:mail.sock");
  sp_scenario_pane_set_protocol (imap, "imap");
  sp_scenario_pane_set_endpoint (client, "@SMTP");
  sp_scenario_pane_set_script_text (client, "expect /^220 /\nsend QUIT\\r\\n\nexpect 221");
  sp_scenario_add_pane (scenario, smtp);
  sp_scenario_add_pane (scenario, imap);
  sp_scenario_add_pane (scenario, client);

  text = sp_scenario_to_data (scenario, NULL);
  g_assert_nonnull (strstr (text, "Version=2\n"));
  g_assert_nonnull (strstr (text, "Name=SMTP\nEndpoint=tcp://127.0.0.1:0\nProtocol=smtp\nBacklog=5\nSend=220 by hand\\r\\n\n"));
  g_assert_nonnull (strstr (text, "Name=IMAP\nEndpoint=unix:mail.sock\nProtocol=imap\n\n"));
  g_assert_null (strstr (text, "Behaviour="));

  again = load (text);
  g_assert_true (sp_scenario_equal (scenario, again));
  read_smtp = sp_scenario_find_pane (again, "SMTP");
  g_assert_cmpstr (sp_scenario_pane_get_protocol (read_smtp), ==, "smtp");
  g_assert_cmpuint (sp_scenario_pane_get_backlog (read_smtp), ==, 5);
  g_assert_null (sp_scenario_pane_get_protocol (sp_scenario_find_pane (again, "Sender")));
  assert_round_trip (scenario);

  /* Another protocol, or none, is another pane. */
  sp_scenario_pane_set_protocol (read_smtp, "pop3");
  g_assert_false (sp_scenario_equal (scenario, again));
  sp_scenario_pane_set_protocol (read_smtp, NULL);
  g_assert_false (sp_scenario_equal (scenario, again));
}

/* A demo server made from a pane speaks its protocol, with the mailbox it is given. */
static void
test_protocol_creates_demo (void)
{
  g_autoptr(SpScenario) scenario = load ("[Playground]\nVersion=2\n"
                                         "[Pane 1]\nKind=server\nName=POP3\nEndpoint=tcp://127.0.0.1:0\nProtocol=pop3\nBacklog=3\n");
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_new_inet (SP_TRANSPORT_TCP, "127.0.0.1", 0);
  g_autoptr(SpEndpoint) datagrams = sp_endpoint_new_inet (SP_TRANSPORT_UDP, "127.0.0.1", 0);
  g_autoptr(SpMailbox) mailbox = sp_mailbox_new ();
  g_autoptr(SpDemoServer) demo = NULL;
  g_autoptr(SpDemoServer) refused = NULL;
  g_autoptr(GError) error = NULL;
  SpScenarioPane *pane = sp_scenario_find_pane (scenario, "POP3");

  demo = sp_scenario_pane_create_demo_server (pane, endpoint, mailbox, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sp_demo_server_get_protocol (demo), ==, "pop3");
  g_assert_true (sp_demo_server_get_mailbox (demo) == mailbox);
  g_assert_cmpuint (sp_server_get_backlog (sp_demo_server_get_server (demo)), ==, 3);

  refused = sp_scenario_pane_create_demo_server (pane, datagrams, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, SP_DEMO_ERROR, SP_DEMO_ERROR_NOT_A_STREAM);
}

static void
test_round_trip_shipped (void)
{
  g_autoptr(GPtrArray) paths = shipped_scenarios ();

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(SpScenario) scenario = NULL;
      guint line = 0;

      g_test_message ("%s", path);
      scenario = sp_scenario_new_from_file (path, &line, &error);
      g_assert_no_error (error);
      g_assert_nonnull (sp_scenario_get_title (scenario));
      g_assert_nonnull (sp_scenario_get_description (scenario));
      g_assert_cmpuint (g_list_model_get_n_items (sp_scenario_get_panes (scenario)), >=, 2);
      /* Every lesson is a lab: it says what should happen. */
      g_assert_cmpuint (g_list_model_get_n_items (sp_scenario_get_expectations (scenario)), >=, 1);
      assert_round_trip (scenario);
    }
}

static void
test_read_details (void)
{
  g_autoptr(SpScenario) scenario = NULL;
  SpScenarioPane *pane;

  /* A byte-order mark, Windows line ends, blanks around “=”, comments, X- keys and
   * groups, and a pane without a name. */
  scenario = load ("\xef\xbb\xbf# comment\r\n"
                   "[Playground]\r\n"
                   "Version = 1\r\n"
                   "X-Teacher=Ada\r\n"
                   "\r\n"
                   "  [Pane 1]  \r\n"
                   "Kind=server\r\n"
                   "Endpoint=  tcp://127.0.0.1:0\r\n"
                   "Reply=a # not a comment\r\n"
                   "[X-Notes]\r\n"
                   "Anything=goes\r\n");

  g_assert_null (sp_scenario_get_title (scenario));
  pane = sp_scenario_find_pane (scenario, "Pane 1");
  g_assert_nonnull (pane);
  g_assert_cmpint (sp_scenario_pane_get_kind (pane), ==, SP_SCENARIO_PANE_SERVER);
  g_assert_cmpstr (sp_scenario_pane_get_endpoint (pane), ==, "tcp://127.0.0.1:0");
  g_assert_cmpstr (sp_scenario_pane_get_reply_text (pane), ==, "a # not a comment");
  g_assert_cmpstr (sp_scenario_pane_get_endpoint_reference (pane), ==, NULL);
}

static void
test_read_defaults (void)
{
  g_autoptr(SpScenario) scenario = NULL;
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_new_inet (SP_TRANSPORT_TCP, "127.0.0.1", 0);
  g_autoptr(SpServer) fresh_server = sp_server_new (endpoint);
  g_autoptr(SpClient) fresh_client = sp_client_new (endpoint);
  SpScenarioPane *server;
  SpScenarioPane *client;

  scenario = load ("[Playground]\nVersion=1\n"
                   "[Pane A]\nKind=server\nEndpoint=tcp://127.0.0.1:0\n"
                   "[Pane B]\nKind=client\nName=  B  \nEndpoint=@ Pane A\n");

  /* A key left out means what a new pane means. */
  server = sp_scenario_find_pane (scenario, "Pane A");
  g_assert_cmpint (sp_scenario_pane_get_behaviour (server), ==, sp_server_get_behaviour (fresh_server));
  g_assert_cmpint (sp_scenario_pane_get_close_after_reply (server), ==, sp_server_get_close_after_reply (fresh_server));
  g_assert_cmpuint (sp_scenario_pane_get_backlog (server), ==, sp_server_get_backlog (fresh_server));
  g_assert_cmpuint (sp_scenario_pane_get_frame_length (server), ==, sp_server_get_frame_length (fresh_server));

  client = sp_scenario_find_pane (scenario, "B");
  g_assert_nonnull (client);
  g_assert_cmpstr (sp_scenario_pane_get_endpoint_reference (client), ==, "Pane A");
  g_assert_cmpuint (sp_scenario_pane_get_timeout (client), ==, sp_client_get_timeout (fresh_client));
  g_assert_cmpuint (sp_scenario_pane_get_repeat (client), ==, 1);
  g_assert_null (sp_scenario_pane_get_script_text (client));
}

/* Script lines come in the order of their numbers, whatever the order in the file. */
static void
test_read_numbered_lines (void)
{
  g_autoptr(SpScenario) scenario = NULL;
  SpScenarioPane *client;
  SpScenarioPane *server;
  g_autoptr(SpReplyRule) first = NULL;

  scenario = load ("[Playground]\nVersion=1\n"
                   "[Pane 1]\nKind=server\nEndpoint=tcp://127.0.0.1:0\nBehaviour=rules\n"
                   "Rule10=B=2\nRule2=A=1\n"
                   "[Pane 2]\nKind=client\nEndpoint=@Pane 1\n"
                   "Script3=close\nScript1=send A\\n\nScript2=expect 1\n");

  client = sp_scenario_find_pane (scenario, "Pane 2");
  g_assert_cmpstr (sp_scenario_pane_get_script_text (client), ==, "send A\\n\nexpect 1\nclose");
  server = sp_scenario_find_pane (scenario, "Pane 1");
  g_assert_cmpuint (g_list_model_get_n_items (sp_scenario_pane_get_rules (server)), ==, 2);
  first = g_list_model_get_item (sp_scenario_pane_get_rules (server), 0);
  g_assert_cmpstr (sp_reply_rule_get_pattern (first), ==, "A");
}

static void
test_read_translated_title (void)
{
  const char *text = "[Playground]\nVersion=1\nTitle=The lesson\nTitle[fr]=La leçon\n";
  g_autoptr(SpScenario) english = NULL;
  g_autoptr(SpScenario) french = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  english = load (text);
  g_assert_cmpstr (sp_scenario_get_title (english), ==, "The lesson");

  g_setenv ("LANGUAGE", "fr", TRUE);
  french = load (text);
  g_setenv ("LANGUAGE", saved != NULL ? saved : "C", TRUE);
  g_assert_cmpstr (sp_scenario_get_title (french), ==, "La leçon");
}

/* Refusals ---------------------------------------------------------------------------- */

typedef struct
{
  const char      *name;
  const char      *text;
  SpScenarioError  code;
  guint            line;
  const char      *says;   /* a part of the message */
} Refusal;

#define HEAD "[Playground]\nVersion=1\n"
#define HEAD2 "[Playground]\nVersion=2\n"
#define SERVER "[Pane 1]\nKind=server\nName=Server 1\nEndpoint=tcp://127.0.0.1:0\n"

static const Refusal refusals[] = {
  /* The lines themselves. */
  { "syntax/not-a-line", HEAD "just words\n", SP_SCENARIO_ERROR_SYNTAX, 3, "“just words” is not a [group]" },
  { "syntax/unclosed-group", HEAD "[Pane 1\n", SP_SCENARIO_ERROR_SYNTAX, 3, "is not a group header" },
  { "syntax/empty-group", HEAD "[]\n", SP_SCENARIO_ERROR_SYNTAX, 3, "is not a group header" },
  { "syntax/bracket-in-group", HEAD "[Pane [1]]\n", SP_SCENARIO_ERROR_SYNTAX, 3, "is not a group header" },
  { "syntax/key-before-group", "Version=1\n[Playground]\n", SP_SCENARIO_ERROR_SYNTAX, 1, "comes before any group" },
  { "syntax/no-key", HEAD "=1\n", SP_SCENARIO_ERROR_SYNTAX, 3, "has no key before its “=”" },
  { "syntax/invalid-utf8", HEAD "Title=caf\xe9\n", SP_SCENARIO_ERROR_SYNTAX, 3, "not valid UTF-8" },
  { "syntax/bad-key-name", HEAD "Title[fr=x\n", SP_SCENARIO_ERROR_SYNTAX, 3, "Title[fr" },
  { "syntax/bad-escape-in-title", HEAD "Title=a\\qb\n", SP_SCENARIO_ERROR_BAD_VALUE, 3, "[Playground] Title:" },
  /* The file as a whole. */
  { "not-a-playground", "[Desktop Entry]\nName=x\n", SP_SCENARIO_ERROR_NOT_A_PLAYGROUND, 0, "no [Playground] group" },
  { "not-a-playground/empty", "", SP_SCENARIO_ERROR_NOT_A_PLAYGROUND, 0, "no [Playground] group" },
  { "newer-version", "[Playground]\nVersion=3\nShiny=yes\n", SP_SCENARIO_ERROR_NEWER_VERSION, 2, "version 3 of the format, newer than the version 2" },
  { "missing/version", "[Playground]\nTitle=x\n", SP_SCENARIO_ERROR_MISSING_KEY, 1, "has no Version" },
  { "bad/version", "[Playground]\nVersion=one\n", SP_SCENARIO_ERROR_BAD_VALUE, 2, "[Playground] Version: “one” is not a version number" },
  { "unknown/group", HEAD "[Panel 1]\n", SP_SCENARIO_ERROR_UNKNOWN_GROUP, 3, "no group named [Panel 1]" },
  { "unknown/playground-key", HEAD "Author=Ada\n", SP_SCENARIO_ERROR_UNKNOWN_KEY, 3, "no key named Author" },
  /* Panes. */
  { "missing/kind", HEAD "\n[Pane 1]\nEndpoint=tcp://127.0.0.1:0\n", SP_SCENARIO_ERROR_MISSING_KEY, 4, "[Pane 1] has no Kind" },
  { "unknown/pane-kind", HEAD "[Pane 1]\nKind=proxy\n", SP_SCENARIO_ERROR_UNKNOWN_PANE_KIND, 4, "[Pane 1] Kind: “proxy” is not a kind of pane" },
  { "missing/endpoint", HEAD "[Pane 1]\nKind=client\n", SP_SCENARIO_ERROR_MISSING_KEY, 3, "[Pane 1] has no Endpoint" },
  { "bad/endpoint", HEAD "[Pane 1]\nKind=client\nName=Client 1\nEndpoint=tcp://127.0.0.1:0\n", SP_SCENARIO_ERROR_BAD_VALUE, 6,
    "Line 6: [Pane 1] Endpoint: A client cannot connect to port 0" },
  { "bad/endpoint-scheme", HEAD SERVER "Behaviour=echo\n" "[Pane 2]\nKind=server\nEndpoint=http://x:80\n", SP_SCENARIO_ERROR_BAD_VALUE, 10, "[Pane 2] Endpoint:" },
  { "bad/server-reference", HEAD "[Pane 1]\nKind=server\nEndpoint=@Pane 2\n", SP_SCENARIO_ERROR_BAD_VALUE, 5, "A server listens on an address of its own" },
  { "bad/empty-reference", HEAD "[Pane 1]\nKind=client\nEndpoint=@\n", SP_SCENARIO_ERROR_BAD_VALUE, 5, "Name the server pane" },
  { "unknown/pane-reference", HEAD SERVER "[Pane 2]\nKind=client\nEndpoint=@Server 2\n", SP_SCENARIO_ERROR_UNKNOWN_PANE, 9, "No pane is named “Server 2”" },
  { "bad/client-reference", HEAD "[Pane 1]\nKind=client\nEndpoint=@Pane 2\n[Pane 2]\nKind=client\nEndpoint=@Pane 1\n", SP_SCENARIO_ERROR_BAD_VALUE, 5, "is a client pane" },
  { "bad/behaviour", HEAD SERVER "Behaviour=shout\n", SP_SCENARIO_ERROR_BAD_VALUE, 7, "[Pane 1] Behaviour: “shout” is not a behaviour" },
  { "bad/boolean", HEAD SERVER "CloseAfterReply=yes\n", SP_SCENARIO_ERROR_BAD_VALUE, 7, "“yes” is neither true nor false" },
  { "bad/number", HEAD SERVER "Backlog=-1\n", SP_SCENARIO_ERROR_BAD_VALUE, 7, "[Pane 1] Backlog: “-1” is not a whole number" },
  { "bad/frame-length", HEAD SERVER "FrameLength=70000\n", SP_SCENARIO_ERROR_BAD_VALUE, 7, "from 1 to 65536" },
  { "bad/framing", HEAD SERVER "Framing=words\n", SP_SCENARIO_ERROR_BAD_VALUE, 7, "not a framing" },
  { "bad/reply-escape", HEAD SERVER "Reply=Hi\\q\n", SP_SCENARIO_ERROR_BAD_VALUE, 7, "[Pane 1] Reply:" },
  { "bad/rule", HEAD SERVER "Behaviour=rules\nRule1=/(/=x\n", SP_SCENARIO_ERROR_BAD_VALUE, 8, "[Pane 1] Rule1:" },
  { "bad/fallback", HEAD SERVER "Fallback=\\7\n", SP_SCENARIO_ERROR_BAD_VALUE, 7, "[Pane 1] Fallback:" },
  { "bad/send-hex", HEAD SERVER "SendHex=abc\n", SP_SCENARIO_ERROR_BAD_VALUE, 7, "[Pane 1] SendHex:" },
  { "bad/script", HEAD SERVER "[Pane 2]\nKind=client\nEndpoint=@Server 1\nScript1=send hi\nScript2=shout hi\n",
    SP_SCENARIO_ERROR_BAD_VALUE, 11, "Line 11: [Pane 2] Script2: " },
  { "bad/timeout", HEAD "[Pane 1]\nKind=client\nEndpoint=tcp://127.0.0.1:1\nTimeout=7200\n", SP_SCENARIO_ERROR_BAD_VALUE, 6, "from 0 to 3600" },
  { "bad/repeat", HEAD "[Pane 1]\nKind=client\nEndpoint=tcp://127.0.0.1:1\nRepeat=0\n", SP_SCENARIO_ERROR_BAD_VALUE, 6, "[Pane 1] Repeat:" },
  { "unknown/key-typo", HEAD SERVER "Endpiont=tcp://127.0.0.1:1\n", SP_SCENARIO_ERROR_UNKNOWN_KEY, 7, "no key named Endpiont" },
  { "unknown/key-of-other-kind", HEAD SERVER "Repeat=3\n", SP_SCENARIO_ERROR_UNKNOWN_KEY, 7, "A server pane has no key named Repeat" },
  { "unknown/script-on-server", HEAD SERVER "Script1=close\n", SP_SCENARIO_ERROR_UNKNOWN_KEY, 7, "A server pane has no key named Script1" },
  /* Demo servers. */
  { "bad/protocol", HEAD2 SERVER "Protocol=smtps\n", SP_SCENARIO_ERROR_BAD_VALUE, 7,
    "Line 7: [Pane 1] Protocol: “smtps” is not a demo protocol: write one of gopher, http, ftp, nntp, telnet, smtp, pop3, imap." },
  { "bad/protocol-case", HEAD2 SERVER "Protocol=SMTP\n", SP_SCENARIO_ERROR_BAD_VALUE, 7, "“SMTP” is not a demo protocol" },
  { "bad/protocol-datagram", HEAD2 "[Pane 1]\nKind=server\nEndpoint=unix-dgram:mail.sock\nProtocol=smtp\n", SP_SCENARIO_ERROR_BAD_VALUE, 6,
    "Line 6: [Pane 1] Protocol: The smtp demo server talks over a stream, and unix-dgram:mail.sock is datagrams" },
  { "bad/protocol-udp", HEAD2 "[Pane 1]\nKind=server\nEndpoint=udp://127.0.0.1:0\nProtocol=imap\n", SP_SCENARIO_ERROR_BAD_VALUE, 6, "is datagrams" },
  { "bad/protocol-and-reply", HEAD2 SERVER "Protocol=smtp\nReply=Hello\n", SP_SCENARIO_ERROR_BAD_VALUE, 8,
    "Line 8: [Pane 1] Reply: The smtp demo server answers by its protocol (Protocol on line 7), so it takes no Reply" },
  { "bad/behaviour-then-protocol", HEAD2 SERVER "Behaviour=echo\nProtocol=pop3\n", SP_SCENARIO_ERROR_BAD_VALUE, 7,
    "Line 7: [Pane 1] Behaviour: The pop3 demo server answers by its protocol (Protocol on line 8)" },
  { "bad/protocol-and-rule", HEAD2 SERVER "Protocol=http\nRule1=GET *=200\n", SP_SCENARIO_ERROR_BAD_VALUE, 8, "so it takes no Rule1" },
  { "bad/protocol-and-framing", HEAD2 SERVER "Protocol=ftp\nFraming=line\n", SP_SCENARIO_ERROR_BAD_VALUE, 8, "so it takes no Framing" },
  { "unknown/protocol-on-client", HEAD2 "[Pane 1]\nKind=client\nEndpoint=tcp://127.0.0.1:25\nProtocol=smtp\n", SP_SCENARIO_ERROR_UNKNOWN_KEY, 6,
    "A client pane has no key named Protocol" },
  { "unknown/protocol-in-version-1", HEAD SERVER "Protocol=smtp\n", SP_SCENARIO_ERROR_UNKNOWN_KEY, 7,
    "Line 7: [Pane 1] Protocol: Protocol came with version 2 of the format, and this file says Version=1: write Version=2 in [Playground]." },
  /* Twice. */
  { "duplicate/group", HEAD SERVER "[Pane 1]\n", SP_SCENARIO_ERROR_DUPLICATE, 7, "[Pane 1] appears twice, first on line 3" },
  { "duplicate/key", HEAD SERVER "Endpoint=tcp://127.0.0.1:2\n", SP_SCENARIO_ERROR_DUPLICATE, 7, "has Endpoint twice, first on line 6" },
  { "duplicate/name", HEAD SERVER "[Pane 2]\nKind=server\nName=Server 1\nEndpoint=tcp://127.0.0.1:0\n", SP_SCENARIO_ERROR_DUPLICATE, 9, "already has the name “Server 1”" },
  { "duplicate/send", HEAD SERVER "Send=a\nSendHex=61\n", SP_SCENARIO_ERROR_DUPLICATE, 8, "keep one" },
  { "duplicate/rule-number", HEAD SERVER "Rule1=a=b\nRule01=c=d\n", SP_SCENARIO_ERROR_DUPLICATE, 8, "Line 7, Rule1, has the same number" },
  /* Expectations. */
  { "missing/expect-pane", HEAD SERVER "[Expect 1]\nConnections=1\n", SP_SCENARIO_ERROR_MISSING_KEY, 7, "[Expect 1] has no Pane" },
  { "unknown/expect-pane", HEAD SERVER "[Expect 1]\nPane=Server 9\nConnections=1\n", SP_SCENARIO_ERROR_UNKNOWN_PANE, 8, "[Expect 1] Pane: No pane is named “Server 9”" },
  { "missing/expect-check", HEAD SERVER "[Expect 1]\nPane=Server 1\n", SP_SCENARIO_ERROR_MISSING_KEY, 7, "[Expect 1] expects nothing" },
  { "unknown/expect-key", HEAD SERVER "[Expect 1]\nPane=Server 1\nHears=x\n", SP_SCENARIO_ERROR_UNKNOWN_KEY, 9, "no key named Hears" },
  { "bad/expect-closed", HEAD SERVER "[Expect 1]\nPane=Server 1\nClosed=false\n", SP_SCENARIO_ERROR_BAD_VALUE, 9, "Closed=false expects nothing" },
  { "bad/expect-count", HEAD SERVER "[Expect 1]\nPane=Server 1\nConnections=0\n", SP_SCENARIO_ERROR_BAD_VALUE, 9, "[Expect 1] Connections:" },
  { "bad/expect-text", HEAD SERVER "[Expect 1]\nPane=Server 1\nReceives=\\x4\n", SP_SCENARIO_ERROR_BAD_VALUE, 9, "[Expect 1] Receives:" },
  { "bad/expect-empty-text", HEAD SERVER "[Expect 1]\nPane=Server 1\nSends=\n", SP_SCENARIO_ERROR_BAD_VALUE, 9, "Write the text to look for" },
};

static void
test_refusal (gconstpointer data)
{
  const Refusal *refusal = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScenario) scenario = NULL;
  guint line = 99;

  scenario = sp_scenario_new_from_data (refusal->text, -1, &line, &error);
  g_assert_null (scenario);
  g_assert_error (error, SP_SCENARIO_ERROR, (int) refusal->code);
  g_assert_cmpuint (line, ==, refusal->line);
  if (strstr (error->message, refusal->says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, refusal->says);

  /* The message starts with the line it names. */
  if (refusal->line > 0)
    {
      g_autofree char *prefix = g_strdup_printf ("Line %u: ", refusal->line);

      g_assert_true (g_str_has_prefix (error->message, prefix));
    }
}

/* A NUL byte is refused where it stands, even though strlen () would stop before it. */
static void
test_refusal_nul (void)
{
  const char text[] = "[Playground]\nVersion=1\nTitle=a\0b\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScenario) scenario = NULL;
  guint line = 0;

  scenario = sp_scenario_new_from_data (text, sizeof text - 1, &line, &error);
  g_assert_null (scenario);
  g_assert_error (error, SP_SCENARIO_ERROR, SP_SCENARIO_ERROR_SYNTAX);
  g_assert_cmpuint (line, ==, 3);
}

static void
test_refusal_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScenario) scenario = NULL;

  scenario = sp_scenario_new_from_file ("/nonexistent/lab.playground", NULL, &error);
  g_assert_null (scenario);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* Expectations ------------------------------------------------------------------------ */

static SpEvent *
recv_event (guint       connection_id,
            const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return sp_event_new (SP_EVENT_KIND_RECV, SP_DIRECTION_IN, connection_id, "recv()", "Received", bytes);
}

static void
observe (SpExpectation *expectation,
         SpEvent       *event)
{
  sp_expectation_observe_event (expectation, event);
  g_object_unref (event);
}

static void
test_expectation_text_across_reads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpExpectation) expectation =
    sp_expectation_new_text (SP_EXPECTATION_RECEIVES, "Client 1", "Thank you\\r\\n", &error);
  g_autofree char *sentence = NULL;
  g_autofree char *outcome = NULL;

  g_assert_no_error (error);
  sentence = sp_expectation_dup_sentence (expectation);
  g_assert_cmpstr (sentence, ==, "Client 1 receives “Thank you\\r\\n”");

  /* Two connections, each with half the text: no match. */
  observe (expectation, recv_event (1, "xxThank "));
  observe (expectation, recv_event (2, "you\r\n"));
  g_assert_false (sp_expectation_get_met (expectation));
  outcome = sp_expectation_dup_outcome (expectation);
  g_assert_cmpstr (outcome, ==, "Client 1 received 13 bytes, and not that text; they start “xxThank you\\r\\n”.");

  /* The same connection, cut in three reads. */
  observe (expectation, recv_event (1, "Th"));
  g_assert_false (sp_expectation_get_met (expectation));
  observe (expectation, recv_event (1, "ank you\r"));
  observe (expectation, recv_event (1, "\n"));
  g_assert_true (sp_expectation_get_met (expectation));

  /* Once held, it holds; a reset forgets. */
  observe (expectation, recv_event (1, "nothing"));
  g_assert_true (sp_expectation_get_met (expectation));
  sp_expectation_reset (expectation);
  g_assert_false (sp_expectation_get_met (expectation));
}

static void
test_expectation_counts (void)
{
  g_autoptr(SpExpectation) connections = sp_expectation_new_count (SP_EXPECTATION_CONNECTIONS, "Server 1", 3);
  g_autoptr(SpExpectation) bytes = sp_expectation_new_count (SP_EXPECTATION_BYTES_SENT, "Server 1", 10);
  g_autoptr(SpExpectation) closed = sp_expectation_new_closed ("Server 1");
  g_autofree char *sentence = sp_expectation_dup_sentence (connections);
  g_autofree char *outcome = NULL;

  g_assert_cmpstr (sentence, ==, "Server 1 counts at least 3 connections");
  sp_expectation_observe_counters (connections, 2, 0, 0);
  g_assert_false (sp_expectation_get_met (connections));
  outcome = sp_expectation_dup_outcome (connections);
  g_assert_cmpstr (outcome, ==, "Server 1 counted 2 connections.");
  sp_expectation_observe_counters (connections, 3, 0, 0);
  g_assert_true (sp_expectation_get_met (connections));

  sp_expectation_observe_counters (bytes, 0, 100, 9);
  g_assert_false (sp_expectation_get_met (bytes));
  sp_expectation_observe_counters (bytes, 0, 100, 10);
  g_assert_true (sp_expectation_get_met (bytes));

  /* The listening socket's close is not a connection's. */
  observe (closed, sp_event_new (SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, 0, "close()", "Stopped", NULL));
  g_assert_false (sp_expectation_get_met (closed));
  observe (closed, sp_event_new (SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, 4, "close()", "Closed", NULL));
  g_assert_true (sp_expectation_get_met (closed));
}

/* Runs in-process ------------------------------------------------------------------------ */

static gboolean
run_ended (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static SpScenarioRun *
run_to_end (SpScenario  *scenario,
            guint        timeout_ms,
            GError     **error)
{
  g_autoptr(SpScenarioRun) run = sp_scenario_run_new (scenario);
  g_autoptr(GAsyncResult) result = NULL;

  sp_scenario_run_set_timeout (run, timeout_ms);
  sp_scenario_run_set_quiet_time (run, 200);
  sp_scenario_run_run_async (run, NULL, sp_test_store_result, &result);
  sp_test_wait_until (run_ended, &result, "the run to end");
  if (!sp_scenario_run_run_finish (run, result, error))
    return NULL;

  return g_steal_pointer (&run);
}

static void
test_run_lesson (void)
{
  g_autofree char *dir = scenarios_dir ();
  g_autofree char *path = g_build_filename (dir, "lesson.playground", NULL);
  g_autoptr(SpScenario) scenario = sp_scenario_new_from_file (path, NULL, NULL);
  g_autoptr(SpScenarioRun) run = sp_scenario_run_new (scenario);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScenarioPane) pane = NULL;
  g_autoptr(GObject) object = NULL;
  g_autoptr(SpEventLog) log = NULL;
  g_autoptr(SpServer) server = NULL;
  SpClient *client;

  gt_signal_logger_connect (logger, run, "pane-created");
  sp_scenario_run_set_timeout (run, SP_TEST_DEADLINE_SECONDS * 1000);
  sp_scenario_run_run_async (run, NULL, sp_test_store_result, &result);
  sp_test_wait_until (run_ended, &result, "the lesson to end");
  sp_scenario_run_run_finish (run, result, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sp_scenario_run_get_end (run), ==, SP_SCENARIO_END_ALL_MET);
  g_assert_cmpuint (sp_scenario_run_get_n_unmet (run), ==, 0);

  /* The server is made first, then the client that connects to its bound port. */
  gt_signal_logger_assert_emission_pop (logger, run, "pane-created", &pane, &object, &log);
  g_assert_cmpstr (sp_scenario_pane_get_name (pane), ==, "Server");
  g_assert_true (SP_IS_SERVER (object));
  g_clear_object (&pane);
  g_clear_object (&object);
  g_clear_object (&log);
  gt_signal_logger_assert_emission_pop (logger, run, "pane-created", &pane, &object, &log);
  g_assert_cmpstr (sp_scenario_pane_get_name (pane), ==, "Client");
  g_assert_true (SP_IS_CLIENT (object));
  gt_signal_logger_assert_no_emissions (logger);

  client = SP_CLIENT (sp_scenario_run_get_pane_object (run, "Client"));
  server = g_object_ref (SP_SERVER (sp_scenario_run_get_pane_object (run, "Server")));
  g_assert_true (client == SP_CLIENT (object));
  g_assert_cmpuint (sp_client_get_bytes_received (client), ==, strlen ("Thank you for connecting"));
  g_assert_cmpuint (sp_endpoint_get_port (sp_client_get_endpoint (client)), ==,
                    sp_endpoint_get_port (sp_server_get_bound_endpoint (server)));

  /* The server listens until the run is stopped. */
  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_LISTENING);
  sp_scenario_run_stop (run);
  g_assert_cmpint (sp_server_get_state (server), ==, SP_SERVER_STATE_STOPPED);
  g_assert_null (sp_scenario_run_get_pane_object (run, "Server"));
}

static void
test_run_unmet_settles (void)
{
  g_autoptr(SpScenario) scenario = load (HEAD
                                         "[Pane 1]\nKind=server\nName=S\nEndpoint=tcp://127.0.0.1:0\nReply=Go away\n"
                                         "[Pane 2]\nKind=client\nName=C\nEndpoint=@S\n"
                                         "[Expect 1]\nPane=C\nReceives=Welcome\n");
  g_autoptr(SpScenarioRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpExpectation) expectation = g_list_model_get_item (sp_scenario_get_expectations (scenario), 0);
  g_autofree char *outcome = NULL;

  run = run_to_end (scenario, SP_TEST_DEADLINE_SECONDS * 1000, &error);
  g_assert_no_error (error);

  /* The server hung up and so did the client: nothing more can happen. */
  g_assert_cmpint (sp_scenario_run_get_end (run), ==, SP_SCENARIO_END_SETTLED);
  g_assert_cmpuint (sp_scenario_run_get_n_unmet (run), ==, 1);
  outcome = sp_expectation_dup_outcome (expectation);
  g_assert_cmpstr (outcome, ==, "C received 7 bytes, and not that text; they start “Go away”.");
}

static void
test_run_open_connection_goes_quiet (void)
{
  g_autoptr(SpScenario) scenario = load (HEAD
                                         "[Pane 1]\nKind=server\nName=S\nEndpoint=tcp://127.0.0.1:0\nBehaviour=echo\n"
                                         "[Pane 2]\nKind=client\nName=C\nEndpoint=@S\nSend=ping\n"
                                         "[Expect 1]\nPane=C\nReceives=pong\n");
  g_autoptr(SpScenarioRun) run = NULL;
  g_autoptr(GError) error = NULL;

  run = run_to_end (scenario, SP_TEST_DEADLINE_SECONDS * 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sp_scenario_run_get_end (run), ==, SP_SCENARIO_END_QUIET);
  g_assert_cmpuint (sp_scenario_run_get_n_unmet (run), ==, 1);
}

/* A lab server waits for people until its expectations hold or its time is up. */
static void
test_run_lab_server_times_out (void)
{
  g_autoptr(SpScenario) scenario = load (HEAD
                                         "[Pane 1]\nKind=server\nName=Lab\nEndpoint=tcp://127.0.0.1:0\n"
                                         "[Expect 1]\nPane=Lab\nConnections=1\n");
  g_autoptr(SpScenarioRun) run = NULL;
  g_autoptr(GError) error = NULL;

  run = run_to_end (scenario, 300, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sp_scenario_run_get_end (run), ==, SP_SCENARIO_END_TIMEOUT);
  g_assert_cmpuint (sp_scenario_run_get_n_unmet (run), ==, 1);
}

/* A client whose server did not start says so in the run's log, and the run goes on. */
static void
test_run_server_fails (void)
{
  g_autoptr(GSocket) taken = NULL;
  guint16 port = 0;
  g_autofree char *text = NULL;
  g_autoptr(SpScenario) scenario = NULL;
  g_autoptr(SpScenarioRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEvent) last = NULL;
  SpEventLog *log;
  gboolean said = FALSE;

  taken = sp_test_bind_loopback (TRUE, &port);
  text = g_strdup_printf (HEAD
                          "[Pane 1]\nKind=server\nName=S\nEndpoint=tcp://127.0.0.1:%u\n"
                          "[Pane 2]\nKind=client\nName=C\nEndpoint=@S\n"
                          "[Expect 1]\nPane=C\nConnections=1\n", port);
  scenario = load (text);
  run = run_to_end (scenario, SP_TEST_DEADLINE_SECONDS * 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sp_scenario_run_get_end (run), ==, SP_SCENARIO_END_SETTLED);
  g_assert_cmpuint (sp_scenario_run_get_n_unmet (run), ==, 1);

  log = sp_scenario_run_get_log (run);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (sp_event_get_kind (event) == SP_EVENT_KIND_ERROR &&
          strstr (sp_event_get_message (event), "C: C has no address to connect to") != NULL)
        said = TRUE;
    }
  g_assert_true (said);
  g_assert_null (sp_scenario_run_get_pane_object (run, "C"));
}

static gboolean
object_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_run_cancelled (void)
{
  SpScenarioRun *weak = NULL;
  g_autoptr(SpScenario) scenario = load (HEAD "[Pane 1]\nKind=server\nName=Lab\nEndpoint=tcp://127.0.0.1:0\n");
  g_autoptr(SpScenarioRun) run = sp_scenario_run_new (scenario);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sp_scenario_run_run_async (run, cancellable, sp_test_store_result, &result);
  g_cancellable_cancel (cancellable);
  sp_test_wait_until (run_ended, &result, "the cancelled run to return");
  g_assert_false (sp_scenario_run_run_finish (run, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sp_scenario_run_get_end (run), ==, SP_SCENARIO_END_NONE);

  /* Once stopped, the run goes as soon as the calls it started have returned. */
  g_clear_object (&result);
  sp_scenario_run_stop (run);
  g_object_add_weak_pointer (G_OBJECT (run), (gpointer *) &weak);
  weak = g_steal_pointer (&run);
  g_object_unref (weak);
  sp_test_wait_until (object_gone, &weak, "the run to be finalized");
}

/* The mail lesson: three demo servers share a mailbox made for the run, and the scripted
 * clients take turns, so the mail SMTP delivers is there when POP3 and IMAP ask. */
static void
test_run_mail (void)
{
  g_autofree char *dir = scenarios_dir ();
  g_autofree char *path = g_build_filename (dir, "mail.playground", NULL);
  g_autoptr(SpScenario) scenario = sp_scenario_new_from_file (path, NULL, NULL);
  SpMailbox *shared = sp_mailbox_get_default ();
  guint shared_before = g_list_model_get_n_items (G_LIST_MODEL (shared));
  g_autoptr(SpScenarioRun) run = NULL;
  g_autoptr(SpMailbox) first_mailbox = NULL;
  g_autoptr(GError) error = NULL;
  SpMailbox *mailbox;
  SpMailMessage *message;
  GObject *smtp;

  g_assert_nonnull (scenario);
  run = run_to_end (scenario, SP_TEST_DEADLINE_SECONDS * 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sp_scenario_run_get_end (run), ==, SP_SCENARIO_END_ALL_MET);
  g_assert_cmpuint (sp_scenario_run_get_n_unmet (run), ==, 0);

  /* A demo pane's object is the plain server underneath, counters and all. */
  smtp = sp_scenario_run_get_pane_object (run, "SMTP");
  g_assert_true (SP_IS_SERVER (smtp));
  g_assert_cmpuint (sp_server_get_n_accepted (SP_SERVER (smtp)), ==, 1);
  g_assert_cmpint (sp_server_get_behaviour (SP_SERVER (smtp)), ==, SP_BEHAVIOUR_MANUAL);

  /* The run's own mailbox: the welcome, then the mail; the application's is untouched. */
  mailbox = sp_scenario_run_get_mailbox (run);
  g_assert_true (SP_IS_MAILBOX (mailbox));
  g_assert_true (mailbox != shared);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mailbox)), ==, 2);
  message = sp_mailbox_get_message (mailbox, 1);
  g_assert_nonnull (message);
  g_assert_cmpstr (sp_mail_message_get_subject (message), ==, "Hello from the playground");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shared)), ==, shared_before);

  /* Each run starts from a new mailbox. */
  first_mailbox = g_object_ref (mailbox);
  g_clear_object (&run);
  run = run_to_end (scenario, SP_TEST_DEADLINE_SECONDS * 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sp_scenario_run_get_end (run), ==, SP_SCENARIO_END_ALL_MET);
  g_assert_true (sp_scenario_run_get_mailbox (run) != first_mailbox);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sp_scenario_run_get_mailbox (run))), ==, 2);
}

/* When the first event of a kind happened, or 0. */
static gint64
event_time (SpEventLog  *log,
            SpEventKind  kind)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (sp_event_get_kind (event) == kind)
        return sp_event_get_time (event);
    }

  return 0;
}

/* A script holds a conversation: the client after it waits for its end. Without that,
 * the second client would connect while the first still waits for its reply. */
static void
test_run_script_holds_next_client (void)
{
  g_autoptr(SpScenario) scenario = load (HEAD
                                         "[Pane 1]\nKind=server\nName=S\nEndpoint=tcp://127.0.0.1:0\nBehaviour=echo\n"
                                         "[Pane 2]\nKind=client\nName=First\nEndpoint=@S\n"
                                         "Script1=wait 300ms\nScript2=send one\\n\nScript3=expect one\nScript4=close\n"
                                         "[Pane 3]\nKind=client\nName=Second\nEndpoint=@S\nSend=two\\n\n"
                                         "[Expect 1]\nPane=Second\nReceives=two\\n\n"
                                         "[Expect 2]\nPane=First\nReceives=one\\n\n");
  g_autoptr(SpScenarioRun) run = NULL;
  g_autoptr(GError) error = NULL;
  SpClient *first;
  SpClient *second;
  gint64 first_closed;
  gint64 second_connected;

  run = run_to_end (scenario, SP_TEST_DEADLINE_SECONDS * 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sp_scenario_run_get_end (run), ==, SP_SCENARIO_END_ALL_MET);

  /* The second connected once the first had said its piece and closed. */
  first = SP_CLIENT (sp_scenario_run_get_pane_object (run, "First"));
  second = SP_CLIENT (sp_scenario_run_get_pane_object (run, "Second"));
  first_closed = event_time (sp_client_get_log (first), SP_EVENT_KIND_CLOSE);
  second_connected = event_time (sp_client_get_log (second), SP_EVENT_KIND_CONNECT);
  g_assert_cmpint (first_closed, >, 0);
  g_assert_cmpint (second_connected, >=, first_closed);
}

/* Runs side by side never meet: each has its own folder for relative Unix paths, and
 * removes it afterwards. */
static void
test_run_unix_paths_are_private (void)
{
  g_autofree char *dir = scenarios_dir ();
  g_autofree char *path = g_build_filename (dir, "unix-pair.playground", NULL);
  g_autoptr(SpScenario) scenario = sp_scenario_new_from_file (path, NULL, NULL);
  g_autoptr(SpScenarioRun) first = sp_scenario_run_new (scenario);
  g_autoptr(SpScenarioRun) second = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *socket_path = NULL;
  SpServer *server;

  sp_scenario_run_set_timeout (first, SP_TEST_DEADLINE_SECONDS * 1000);
  sp_scenario_run_run_async (first, NULL, sp_test_store_result, &result);
  sp_test_wait_until (run_ended, &result, "the first run");
  sp_scenario_run_run_finish (first, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sp_scenario_run_get_end (first), ==, SP_SCENARIO_END_ALL_MET);

  /* The first run's server still listens when the second starts. */
  server = SP_SERVER (sp_scenario_run_get_pane_object (first, "Local server"));
  socket_path = g_strdup (sp_endpoint_get_path (sp_server_get_bound_endpoint (server)));
  g_assert_true (g_path_is_absolute (socket_path));
  g_assert_true (g_file_test (socket_path, G_FILE_TEST_EXISTS));

  second = run_to_end (scenario, SP_TEST_DEADLINE_SECONDS * 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sp_scenario_run_get_end (second), ==, SP_SCENARIO_END_ALL_MET);

  sp_scenario_run_stop (first);
  g_assert_false (g_file_test (socket_path, G_FILE_TEST_EXISTS));
  {
    g_autofree char *folder = g_path_get_dirname (socket_path);

    g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  }
}

/* A client reaches the server it names on every transport, the system choosing the port
 * or the run its folder. */
static void
test_run_references (void)
{
  const char *endpoints[] = {
    "tcp://127.0.0.1:0", "udp://127.0.0.1:0", "unix:s.sock", "unix-dgram:d.sock",
    "tcp://0.0.0.0:0", "tcp://[::1]:0", "udp://[::1]:0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(SpScenario) scenario = NULL;
      g_autoptr(SpScenarioRun) run = NULL;
      g_autoptr(GError) error = NULL;

      if (strstr (endpoints[i], "::1") != NULL && !sp_test_have_ipv6 ())
        continue;

      g_test_message ("%s", endpoints[i]);
      text = g_strdup_printf (HEAD
                              "[Pane 1]\nKind=server\nName=S\nEndpoint=%s\nBehaviour=echo\n"
                              "[Pane 2]\nKind=client\nName=C\nEndpoint=@S\nSend=ping\\n\n"
                              "[Expect 1]\nPane=C\nReceives=ping\\n\n", endpoints[i]);
      scenario = load (text);
      run = run_to_end (scenario, SP_TEST_DEADLINE_SECONDS * 1000, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sp_scenario_run_get_end (run), ==, SP_SCENARIO_END_ALL_MET);
    }
}

/* Saving writes the lowest version the file needs: version-1 programs still read it. */
static void
test_write_lowest_version (void)
{
  static const char plain[] =
    "[Playground]\nVersion=2\n[Pane 1]\nKind=server\nName=Server 1\nEndpoint=tcp://127.0.0.1:0\n";
  static const char demo[] =
    "[Playground]\nVersion=2\n[Pane 1]\nKind=server\nName=SMTP\nEndpoint=tcp://127.0.0.1:0\nProtocol=smtp\n";
  g_autoptr(SpScenario) first = load (plain);
  g_autoptr(SpScenario) second = load (demo);
  g_autofree char *first_text = sp_scenario_to_data (first, NULL);
  g_autofree char *second_text = sp_scenario_to_data (second, NULL);

  g_assert_nonnull (strstr (first_text, "\nVersion=1\n"));
  g_assert_nonnull (strstr (second_text, "\nVersion=2\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenario/round-trip/every-setting", test_round_trip_every_setting);
  g_test_add_func ("/scenario/write/lowest-version", test_write_lowest_version);
  g_test_add_func ("/scenario/round-trip/awkward-text", test_round_trip_awkward_text);
  g_test_add_func ("/scenario/round-trip/shipped", test_round_trip_shipped);
  g_test_add_func ("/scenario/round-trip/protocol", test_round_trip_protocol);
  g_test_add_func ("/scenario/protocol/creates-demo", test_protocol_creates_demo);
  g_test_add_func ("/scenario/read/details", test_read_details);
  g_test_add_func ("/scenario/read/defaults", test_read_defaults);
  g_test_add_func ("/scenario/read/numbered-lines", test_read_numbered_lines);
  g_test_add_func ("/scenario/read/translated-title", test_read_translated_title);

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenario/refuse/%s", refusals[i].name);

      g_test_add_data_func (path, &refusals[i], test_refusal);
    }
  g_test_add_func ("/scenario/refuse/syntax/nul", test_refusal_nul);
  g_test_add_func ("/scenario/refuse/file", test_refusal_file);

  g_test_add_func ("/expectation/text-across-reads", test_expectation_text_across_reads);
  g_test_add_func ("/expectation/counts", test_expectation_counts);

  g_test_add_func ("/scenario/run/lesson", test_run_lesson);
  g_test_add_func ("/scenario/run/unmet-settles", test_run_unmet_settles);
  g_test_add_func ("/scenario/run/open-connection-goes-quiet", test_run_open_connection_goes_quiet);
  g_test_add_func ("/scenario/run/lab-server-times-out", test_run_lab_server_times_out);
  g_test_add_func ("/scenario/run/server-fails", test_run_server_fails);
  g_test_add_func ("/scenario/run/references", test_run_references);
  g_test_add_func ("/scenario/run/cancelled", test_run_cancelled);
  g_test_add_func ("/scenario/run/mail", test_run_mail);
  g_test_add_func ("/scenario/run/script-holds-next-client", test_run_script_holds_next_client);
  g_test_add_func ("/scenario/run/unix-paths-are-private", test_run_unix_paths_are_private);

  return g_test_run ();
}
