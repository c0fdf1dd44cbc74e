/* test-demo-mail.c — the SMTP, POP3 and IMAP demo servers and their shared mailbox
 *
 * A mail sent with smtplib or curl is read back with poplib, imaplib and curl, the same
 * bytes each time; bad input gets each protocol's error reply while a second client is
 * served. Every server here shares a fresh mailbox, never the process's default one.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>
#include <string.h>

#include "demo-test-util.h"
#include "sp-mail-parse.h"
#include "sp-test-util.h"

typedef struct
{
  SpMailbox    *mailbox;
  SpDemoServer *smtp;
  SpDemoServer *pop3;
  SpDemoServer *imap;
  guint16       smtp_port;
  guint16       pop3_port;
  guint16       imap_port;
} Fixture;

static SpDemoServer *
start_with_mailbox (const char *protocol,
                    SpMailbox  *mailbox,
                    guint16    *port)
{
  SpDemoServer *server = demo_test_start (protocol, port);

  /* Sessions take the mailbox when a client connects, so setting it now is in time. */
  sp_demo_server_set_mailbox (server, mailbox);
  g_assert_true (sp_demo_server_get_mailbox (server) == mailbox);
  return server;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->mailbox = sp_mailbox_new ();
  fixture->smtp = start_with_mailbox ("smtp", fixture->mailbox, &fixture->smtp_port);
  fixture->pop3 = start_with_mailbox ("pop3", fixture->mailbox, &fixture->pop3_port);
  fixture->imap = start_with_mailbox ("imap", fixture->mailbox, &fixture->imap_port);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->smtp);
  g_clear_object (&fixture->pop3);
  g_clear_object (&fixture->imap);
  /* No session may keep the mailbox (or its messages) once the servers are gone. */
  g_assert_finalize_object (g_steal_pointer (&fixture->mailbox));
}

static char *
peer_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "peers", name, NULL);
}

static void
assert_log_has (SpDemoServer *server,
                const char   *text)
{
  g_autofree char *log = demo_test_log_text (server);

  if (strstr (log, text) == NULL)
    g_test_message ("The %s log lacks “%s”:\n%s", sp_demo_server_get_protocol (server), text, log);
  g_assert_nonnull (strstr (log, text));
}

static SpMailMessage *
message_at (SpMailbox *mailbox,
            guint      position)
{
  SpMailMessage *message = sp_mailbox_get_message (mailbox, position);

  g_assert_nonnull (message);
  return message;
}

static gboolean
no_sessions (gpointer data)
{
  return sp_demo_server_get_n_sessions (data) == 0;
}

/* The message minus the trace fields SMTP put in front (Return-Path, Received). */
static const char *
skip_trace_fields (SpMailMessage *message,
                   gsize         *length)
{
  gsize size;
  const char *data = g_bytes_get_data (sp_mail_message_get_bytes (message), &size);
  const char *from = g_strstr_len (data, size, "\r\nFrom: ");

  g_assert_true (g_str_has_prefix (data, "Return-Path: <"));
  g_assert_nonnull (strstr (data, "\r\nReceived: from "));
  g_assert_nonnull (from);
  *length = size - (from + 2 - data);
  return from + 2;
}

static void
test_python_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *script = peer_path ("mail-round-trip.py");
  g_autofree char *smtp = g_strdup_printf ("%u", fixture->smtp_port);
  g_autofree char *pop3 = g_strdup_printf ("%u", fixture->pop3_port);
  g_autofree char *imap = g_strdup_printf ("%u", fixture->imap_port);
  g_autofree char *out = NULL;
  SpMailMessage *plain, *attached;
  int status;

  out = demo_test_run (NULL, &status, "python3", script, smtp, pop3, imap, NULL);
  g_test_message ("%s", out);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "round trip complete"));

  /* What the clients left: the plain mail, read by IMAP, and the multipart one. The
   * welcome message went with POP3's DELE, the 8-bit mail with IMAP's EXPUNGE, and the
   * mail with NUL bytes never got a UID. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->mailbox)), ==, 2);
  plain = message_at (fixture->mailbox, 0);
  attached = message_at (fixture->mailbox, 1);
  g_assert_cmpstr (sp_mail_message_get_subject (plain), ==, "Plain");
  g_assert_cmpuint (sp_mail_message_get_uid (plain), ==, 2);
  g_assert_cmpint (sp_mail_message_get_flags (plain), ==, SP_MAIL_FLAG_SEEN);
  g_assert_cmpstr (sp_mail_message_get_subject (attached), ==, "With an attachment");
  g_assert_cmpuint (sp_mail_message_get_uid (attached), ==, 4);
  g_assert_cmpuint (sp_mailbox_get_uid_next (fixture->mailbox), ==, 5);

  /* The conversation is in each server's log, command by command. */
  /* smtplib writes its verbs in lower case, which SMTP allows. */
  assert_log_has (fixture->smtp, "Command: mail FROM:<ada@example.org>");
  assert_log_has (fixture->smtp, "Reply: 250 OK: delivered to the playground mailbox as UID 2");
  assert_log_has (fixture->smtp, "Reply: 554 Transaction failed");
  assert_log_has (fixture->pop3, "Command: RETR 2");
  assert_log_has (fixture->pop3, "Reply: +OK learner's maildrop has 4 messages");
  assert_log_has (fixture->imap, " SELECT INBOX\n");
  assert_log_has (fixture->imap, "Reply: * 4 EXISTS");
  assert_log_has (fixture->imap, "EXPUNGE removed 1 message from the playground mailbox.");
}

static const char curl_mail[] =
  "From: Curl <curl@example.org>\r\n"
  "To: learner@localhost\r\n"
  "Subject: Sent with curl\r\n"
  "\r\n"
  "Hello from curl.\r\n"
  ".This line starts with a dot.\r\n";

static char *
run_curl (const char *url)
{
  g_autofree char *out = NULL;
  int status;

  out = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", url, NULL);
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&out);
}

static void
test_curl (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *smtp_url = NULL;
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  SpMailMessage *sent;
  const char *bytes;
  gsize size, length;
  int status;

  if (!demo_test_have_program ("curl"))
    {
      g_test_skip ("curl is not installed");
      return;
    }

  dir = g_dir_make_tmp ("sp-demo-mail-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (dir, "mail.txt", NULL);
  g_file_set_contents (file, curl_mail, -1, &error);
  g_assert_no_error (error);

  smtp_url = g_strdup_printf ("smtp://127.0.0.1:%u", fixture->smtp_port);
  g_free (demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", smtp_url,
                         "--mail-from", "curl@example.org", "--mail-rcpt", "learner@localhost",
                         "-T", file, NULL));
  g_assert_cmpint (status, ==, 0);
  g_unlink (file);
  g_rmdir (dir);

  /* Delivered as UID 2, after the welcome message, unchanged after the trace fields. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->mailbox)), ==, 2);
  sent = sp_mailbox_lookup_uid (fixture->mailbox, 2);
  g_assert_nonnull (sent);
  bytes = skip_trace_fields (sent, &length);
  g_assert_cmpmem (bytes, length, curl_mail, strlen (curl_mail));
  bytes = g_bytes_get_data (sp_mail_message_get_bytes (sent), &size);

  /* POP3: message 2, and the listing. */
  g_free (url);
  url = g_strdup_printf ("pop3://%s:%s@127.0.0.1:%u/2", SP_DEMO_USER, SP_DEMO_PASSWORD, fixture->pop3_port);
  g_free (out);
  out = run_curl (url);
  g_assert_cmpmem (out, strlen (out), bytes, size);

  g_free (url);
  url = g_strdup_printf ("pop3://%s:%s@127.0.0.1:%u/", SP_DEMO_USER, SP_DEMO_PASSWORD, fixture->pop3_port);
  g_free (out);
  out = run_curl (url);
  g_assert_true (g_str_has_prefix (out, "1 "));
  g_assert_nonnull (strstr (out, "\r\n2 "));

  /* IMAP: by UID, then the mailbox list and a search. */
  g_free (url);
  url = g_strdup_printf ("imap://%s:%s@127.0.0.1:%u/INBOX;UID=2", SP_DEMO_USER, SP_DEMO_PASSWORD,
                         fixture->imap_port);
  g_free (out);
  out = run_curl (url);
  g_assert_cmpmem (out, strlen (out), bytes, size);
  g_assert_true (sp_mail_message_get_flags (sent) & SP_MAIL_FLAG_SEEN);

  g_free (url);
  url = g_strdup_printf ("imap://%s:%s@127.0.0.1:%u/INBOX", SP_DEMO_USER, SP_DEMO_PASSWORD, fixture->imap_port);
  g_free (out);
  out = run_curl (url);
  g_assert_cmpstr (out, ==, "* LIST () \"/\" INBOX\r\n");

  g_free (url);
  url = g_strdup_printf ("imap://%s:%s@127.0.0.1:%u/INBOX?UNSEEN", SP_DEMO_USER, SP_DEMO_PASSWORD,
                         fixture->imap_port);
  g_free (out);
  out = run_curl (url);
  g_assert_cmpstr (out, ==, "* SEARCH 1\r\n");

  /* The log shows the wire: curl doubled the dot. */
  assert_log_has (fixture->smtp, "Command: ..This line starts with a dot.");
  assert_log_has (fixture->smtp, "Reply: 354 ");
  assert_log_has (fixture->pop3, "Command: RETR 2");
  assert_log_has (fixture->imap, " UID FETCH 2 BODY[]\n");
  assert_log_has (fixture->imap, "Reply: * 2 FETCH (UID 2 BODY[] {");
}

static void
run_bad_input (SpDemoServer *server,
               guint16       port)
{
  g_autofree char *script = peer_path ("mail-bad-input.py");
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *out = NULL;
  int status;

  out = demo_test_run (NULL, &status, "python3", script, sp_demo_server_get_protocol (server),
                       port_text, NULL);
  g_test_message ("%s", out);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "bad input answered, second client served"));

  /* The first client vanished without saying goodbye: wait for the server to see it. */
  sp_test_wait_until (no_sessions, server, "the demo server to see both clients gone");
  g_assert_cmpuint (sp_server_get_n_accepted (sp_demo_server_get_server (server)), ==, 2);
}

static void
test_smtp_bad_input (Fixture       *fixture,
                     gconstpointer  data)
{
  SpMailMessage *delivered;

  run_bad_input (fixture->smtp, fixture->smtp_port);

  /* Only the second client's mail arrived: not the big one, nor the cut one. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->mailbox)), ==, 2);
  delivered = message_at (fixture->mailbox, 1);
  g_assert_cmpstr (sp_mail_message_get_subject (delivered), ==, "from b");
  assert_log_has (fixture->smtp, "Reply: 500 Line too long");
  assert_log_has (fixture->smtp, "Reply: 503 Bad sequence of commands: send HELO or EHLO first");
  assert_log_has (fixture->smtp, "Reply: 552 Message exceeds fixed maximum message size");
  assert_log_has (fixture->smtp, "The client left in the middle of DATA");
}

static void
test_pop3_bad_input (Fixture       *fixture,
                     gconstpointer  data)
{
  run_bad_input (fixture->pop3, fixture->pop3_port);

  /* DELE without QUIT removes nothing (RFC 1939 §6). */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->mailbox)), ==, 1);
  assert_log_has (fixture->pop3, "Reply: -ERR Log in first");
  assert_log_has (fixture->pop3, "The client left without QUIT");
}

static void
test_imap_bad_input (Fixture       *fixture,
                     gconstpointer  data)
{
  run_bad_input (fixture->imap, fixture->imap_port);

  /* The second client expunged the welcome message the first one had flagged. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->mailbox)), ==, 0);
  assert_log_has (fixture->imap, "Reply: * BAD Line too long");
  assert_log_has (fixture->imap, "Reply: a1 BAD Command before login");
}

static const char full_client[] =
  "import smtplib, sys\n"
  "mail = b'Subject: one more\\r\\n\\r\\nhi\\r\\n'\n"
  "with smtplib.SMTP('127.0.0.1', int(sys.argv[1])) as s:\n"
  "    try:\n"
  "        s.sendmail('a@example.org', ['learner@localhost'], mail)\n"
  "    except smtplib.SMTPSenderRefused as e:\n"
  "        print('EHLO, MAIL SIZE=:', e.smtp_code)\n"
  "with smtplib.SMTP('127.0.0.1', int(sys.argv[1])) as s:\n"
  "    s.helo('client.example')\n"
  "    try:\n"
  "        s.sendmail('a@example.org', ['learner@localhost'], mail)\n"
  "    except smtplib.SMTPDataError as e:\n"
  "        print('HELO, DATA:', e.smtp_code)\n";

/* A full mailbox turns mail away with 452, a temporary failure, instead of growing. */
static void
test_smtp_mailbox_full (Fixture       *fixture,
                        gconstpointer  data)
{
  gsize room = SP_MAILBOX_MAX_TOTAL_SIZE - sp_mailbox_get_total_size (fixture->mailbox);
  guint8 *filler = g_malloc0 (room);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *port = g_strdup_printf ("%u", fixture->smtp_port);
  g_autofree char *out = NULL;
  int status;

  memcpy (filler, "Subject: filler\r\n\r\n", 19);
  memcpy (filler + room - 2, "\r\n", 2);
  bytes = g_bytes_new_take (filler, room);
  sp_mailbox_add (fixture->mailbox, bytes, NULL);
  g_assert_cmpuint (sp_mailbox_get_total_size (fixture->mailbox), ==, SP_MAILBOX_MAX_TOTAL_SIZE);

  out = demo_test_run (NULL, &status, "python3", "-c", full_client, port, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "EHLO, MAIL SIZE=: 452\nHELO, DATA: 452\n");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->mailbox)), ==, 2);
  assert_log_has (fixture->smtp, "Reply: 452 Insufficient system storage");
}

static const char large_fetch_client[] =
  "import imaplib, sys\n"
  "imap = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))\n"
  "imap.login('learner', 'playground')\n"
  "imap.select('INBOX')\n"
  "typ, data = imap.fetch('1:*', '(RFC822)')\n"
  "print(typ, sum(len(item[1]) for item in data if isinstance(item, tuple)))\n"
  "imap.logout()\n";

/* A reply bigger than a connection's usual send queue (4 MiB) still goes out whole. */
static void
test_imap_large_fetch (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *port = g_strdup_printf ("%u", fixture->imap_port);
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  guint64 total;
  int status;

  for (guint i = 0; i < 6; i++)
    {
      gsize size = SP_MAILBOX_MAX_MESSAGE_SIZE;
      guint8 *text = g_malloc (size);
      g_autoptr(GBytes) bytes = NULL;

      /* Lines of 100 bytes: 10,000 lines a message. */
      memset (text, 'a' + i, size);
      for (gsize end = 100; end <= size; end += 100)
        memcpy (text + end - 2, "\r\n", 2);
      memcpy (text, "Subject: big\r\n\r\n", 16);
      memcpy (text + size - 2, "\r\n", 2);
      bytes = g_bytes_new_take (text, size);
      sp_mailbox_add (fixture->mailbox, bytes, NULL);
    }
  total = sp_mailbox_get_total_size (fixture->mailbox);

  out = demo_test_run (NULL, &status, "python3", "-c", large_fetch_client, port, NULL);
  g_assert_cmpint (status, ==, 0);
  expected = g_strdup_printf ("OK %" G_GUINT64_FORMAT "\n", total);
  g_assert_cmpstr (out, ==, expected);
  /* The log shows the start of each message, not sixty thousand lines. */
  assert_log_has (fixture->imap, "is not shown line by line.");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sp_demo_server_get_log (fixture->imap))), <, 10000);
}

static void
test_mailbox (void)
{
  g_autoptr(SpMailbox) mailbox = sp_mailbox_new ();
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  static const char bare_lf_text[] = "Subject: a\n\nbody\nlast";
  static const char crlf_text[] = "Subject: b\r\n\r\nbody\r\n";
  g_autoptr(GBytes) bare_lf = g_bytes_new_static (bare_lf_text, strlen (bare_lf_text));
  g_autoptr(GBytes) crlf = g_bytes_new_static (crlf_text, strlen (crlf_text));
  SpMailMessage *welcome, *a, *b;
  guint position, removed, added;
  gsize size;
  const char *data;

  /* The welcome message is there from the start, with UID 1. */
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (mailbox)) == SP_TYPE_MAIL_MESSAGE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mailbox)), ==, 1);
  welcome = message_at (mailbox, 0);
  g_assert_cmpuint (sp_mail_message_get_uid (welcome), ==, 1);
  g_assert_cmpstr (sp_mail_message_get_subject (welcome), ==, "Welcome to the playground mailbox");
  g_assert_cmpuint (sp_mailbox_get_uid_validity (mailbox), >, 0);

  gt_signal_logger_connect (logger, mailbox, "items-changed");

  /* Line endings become CR LF, and the last line gets one. */
  a = sp_mailbox_add (mailbox, bare_lf, NULL);
  data = g_bytes_get_data (sp_mail_message_get_bytes (a), &size);
  g_assert_cmpmem (data, size, "Subject: a\r\n\r\nbody\r\nlast\r\n", 26);
  g_assert_cmpuint (sp_mail_message_get_header_length (a), ==, 14);
  b = sp_mailbox_add (mailbox, crlf, NULL);
  g_assert_true (sp_mail_message_get_bytes (b) == crlf);
  g_assert_cmpuint (sp_mail_message_get_uid (a), ==, 2);
  g_assert_cmpuint (sp_mail_message_get_uid (b), ==, 3);
  g_assert_true (sp_mailbox_lookup_uid (mailbox, 3) == b);
  g_assert_cmpuint (sp_mailbox_get_total_size (mailbox), ==,
                    sp_mail_message_get_size (welcome) + strlen (crlf_text) + 26);

  gt_signal_logger_assert_emission_pop (logger, mailbox, "items-changed", &position, &removed, &added);
  g_assert_cmpuint (position, ==, 1);
  g_assert_cmpuint (added, ==, 1);
  gt_signal_logger_assert_emission_pop (logger, mailbox, "items-changed", &position, &removed, &added);
  g_assert_cmpuint (position, ==, 2);

  /* \Recent: the first claim takes all three, the next finds none. */
  g_assert_cmpuint (sp_mailbox_claim_recent (mailbox, FALSE), ==, 1);
  g_assert_cmpuint (sp_mailbox_claim_recent (mailbox, TRUE), ==, 1);
  g_assert_cmpuint (sp_mailbox_claim_recent (mailbox, TRUE), ==, 4);

  /* EXPUNGE removes what is flagged \Deleted, and the messages know it. */
  g_object_ref (welcome);
  g_object_ref (b);
  sp_mail_message_set_flags (welcome, SP_MAIL_FLAG_DELETED | SP_MAIL_FLAG_SEEN);
  sp_mail_message_set_flags (b, SP_MAIL_FLAG_DELETED);
  g_assert_cmpuint (sp_mailbox_expunge (mailbox), ==, 2);
  g_assert_true (sp_mail_message_get_expunged (welcome));
  g_assert_false (sp_mail_message_get_expunged (a));
  g_assert_true (message_at (mailbox, 0) == a);
  gt_signal_logger_assert_emission_pop (logger, mailbox, "items-changed", &position, &removed, &added);
  g_assert_cmpuint (position, ==, 2);
  g_assert_cmpuint (removed, ==, 1);
  gt_signal_logger_assert_emission_pop (logger, mailbox, "items-changed", &position, &removed, &added);
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (removed, ==, 1);

  g_object_ref (a);
  g_assert_true (sp_mailbox_remove (mailbox, a));
  g_assert_false (sp_mailbox_remove (mailbox, a));
  g_assert_finalize_object (a);
  gt_signal_logger_assert_emission_pop (logger, mailbox, "items-changed", &position, &removed, &added);
  gt_signal_logger_assert_no_emissions (logger);

  g_assert_cmpuint (sp_mailbox_get_total_size (mailbox), ==, 0);

  /* UIDs are never given twice. */
  a = sp_mailbox_add (mailbox, crlf, NULL);
  g_assert_cmpuint (sp_mail_message_get_uid (a), ==, 4);

  g_assert_finalize_object (welcome);
  g_assert_finalize_object (b);
}

static void
test_flags (void)
{
  g_autofree char *text = sp_mail_flags_to_imap (SP_MAIL_FLAG_SEEN | SP_MAIL_FLAG_DELETED | SP_MAIL_FLAG_ANSWERED);

  g_assert_cmpstr (text, ==, "\\Answered \\Deleted \\Seen");
  g_assert_cmpint (sp_mail_flag_from_imap ("\\seen"), ==, SP_MAIL_FLAG_SEEN);
  g_assert_cmpint (sp_mail_flag_from_imap ("\\Recent"), ==, SP_MAIL_FLAG_NONE);
  g_assert_cmpstr (sp_mail_flag_to_imap (SP_MAIL_FLAG_DRAFT), ==, "\\Draft");
}

static void
test_addresses (void)
{
  g_autoptr(GPtrArray) list = NULL;
  SpMailAddress *address;

  list = sp_mail_address_list_parse ("\"Lovelace, Ada\" <ada@example.org>, bob@example.net (Bob B.), "
                                     "Team: carol@example.com, <dan@example.com>;, <@relay.example:eve@example.org>");
  g_assert_cmpuint (list->len, ==, 7);

  address = g_ptr_array_index (list, 0);
  g_assert_cmpstr (address->name, ==, "Lovelace, Ada");
  g_assert_cmpstr (address->mailbox, ==, "ada");
  g_assert_cmpstr (address->host, ==, "example.org");
  address = g_ptr_array_index (list, 1);
  g_assert_cmpstr (address->name, ==, "Bob B.");
  g_assert_cmpstr (address->mailbox, ==, "bob");
  /* A group: its name, its members, an empty end marker. */
  address = g_ptr_array_index (list, 2);
  g_assert_cmpstr (address->mailbox, ==, "Team");
  g_assert_null (address->host);
  address = g_ptr_array_index (list, 3);
  g_assert_cmpstr (address->mailbox, ==, "carol");
  address = g_ptr_array_index (list, 5);
  g_assert_null (address->mailbox);
  address = g_ptr_array_index (list, 6);
  g_assert_cmpstr (address->adl, ==, "@relay.example");
  g_assert_cmpstr (address->mailbox, ==, "eve");
}

static const char multipart[] =
  "From: a@example.org\r\n"
  "Subject: parts\r\n"
  "Content-Type: multipart/mixed; boundary=\"outer\" (a comment)\r\n"
  "\r\n"
  "preamble\r\n"
  "--outer\r\n"
  "\r\n"
  "first part\r\n"
  "--outer\r\n"
  "Content-Type: message/rfc822\r\n"
  "\r\n"
  "Subject: inner\r\n"
  "\r\n"
  "inner body\r\n"
  "--outer--\r\n"
  "epilogue\r\n";

static void
test_mime (void)
{
  g_autoptr(SpMimePart) root = sp_mime_part_parse ((const guint8 *) multipart, strlen (multipart));
  g_autofree char *subject = NULL;
  SpMimePart *first, *second;

  g_assert_cmpstr (root->type, ==, "multipart");
  g_assert_cmpstr (sp_mime_part_get_param (root, "boundary"), ==, "outer");
  g_assert_cmpuint (root->children->len, ==, 2);

  /* A part without a header is text/plain; charset=us-ascii (RFC 2045 §5.2). */
  first = g_ptr_array_index (root->children, 0);
  g_assert_cmpstr (first->type, ==, "text");
  g_assert_cmpstr (sp_mime_part_get_param (first, "charset"), ==, "us-ascii");
  g_assert_cmpmem (multipart + first->body_offset, first->body_length, "first part", 10);
  g_assert_cmpuint (first->lines, ==, 1);

  second = g_ptr_array_index (root->children, 1);
  g_assert_nonnull (second->message);
  subject = sp_mail_header_get ((const guint8 *) multipart + second->message->header_offset,
                                second->message->header_length, "subject");
  g_assert_cmpstr (subject, ==, "inner");
  g_assert_cmpmem (multipart + second->message->body_offset, second->message->body_length, "inner body", 10);
}

static void
test_dates (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (-7 * 3600);
  g_autoptr(GDateTime) date = g_date_time_new (zone, 2026, 7, 7, 2, 4, 5);
  g_autofree char *mail = sp_mail_format_date (date);
  g_autofree char *imap = sp_mail_format_imap_date (date);

  /* English names whatever the locale, as RFC 5322 and RFC 3501 want. */
  g_assert_cmpstr (mail, ==, "Tue, 07 Jul 2026 02:04:05 -0700");
  g_assert_cmpstr (imap, ==, " 7-Jul-2026 02:04:05 -0700");
}

static void
test_protocol_names (void)
{
  g_assert_cmpuint (sp_demo_server_default_port ("smtp"), ==, 8025);
  g_assert_cmpuint (sp_demo_server_default_port ("POP3"), ==, 8110);
  g_assert_cmpuint (sp_demo_server_default_port ("imap"), ==, 8143);
  /* The port catalogue's names and aliases find the same servers. */
  g_assert_cmpuint (sp_demo_server_default_port ("IMAP4"), ==, 8143);
  g_assert_cmpuint (sp_demo_server_default_port ("pop"), ==, 8110);
  g_assert_true (sp_mailbox_get_default () == sp_mailbox_get_default ());
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/mail/mailbox", test_mailbox);
  g_test_add_func ("/demo/mail/flags", test_flags);
  g_test_add_func ("/demo/mail/parse/addresses", test_addresses);
  g_test_add_func ("/demo/mail/parse/mime", test_mime);
  g_test_add_func ("/demo/mail/parse/dates", test_dates);
  g_test_add_func ("/demo/mail/protocol-names", test_protocol_names);
  g_test_add ("/demo/mail/python-round-trip", Fixture, NULL, fixture_set_up, test_python_round_trip, fixture_tear_down);
  g_test_add ("/demo/mail/curl", Fixture, NULL, fixture_set_up, test_curl, fixture_tear_down);
  g_test_add ("/demo/mail/bad-input/smtp", Fixture, NULL, fixture_set_up, test_smtp_bad_input, fixture_tear_down);
  g_test_add ("/demo/mail/bad-input/pop3", Fixture, NULL, fixture_set_up, test_pop3_bad_input, fixture_tear_down);
  g_test_add ("/demo/mail/smtp-mailbox-full", Fixture, NULL, fixture_set_up, test_smtp_mailbox_full, fixture_tear_down);
  g_test_add ("/demo/mail/imap-large-fetch", Fixture, NULL, fixture_set_up, test_imap_large_fetch, fixture_tear_down);
  g_test_add ("/demo/mail/bad-input/imap", Fixture, NULL, fixture_set_up, test_imap_bad_input, fixture_tear_down);

  return g_test_run ();
}
