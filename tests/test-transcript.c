/* test-transcript.c — whole logs written out as text and JSON Lines, merged in time order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

#define GREETING "Thank you for connecting"

typedef struct
{
  SpServer *server;
  SpClient *client;
} Playground;

static gboolean
connection_finished (gpointer data)
{
  return sp_connection_get_end_time (data) != 0;
}

/* The tutorial's exchange: the server greets the client, and both close. */
static void
playground_run (Playground *playground)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello\r\n\x01", 8);

  playground->server = sp_server_new (endpoint);
  sp_server_set_reply_text (playground->server, GREETING);
  sp_server_set_close_after_reply (playground->server, TRUE);
  sp_server_start_async (playground->server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the server to start");
  g_assert_true (sp_server_start_finish (playground->server, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  playground->client = sp_client_new (sp_server_get_bound_endpoint (playground->server));
  sp_client_connect_async (playground->client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the client to connect");
  connection = sp_client_connect_finish (playground->client, result, &error);
  g_assert_no_error (error);
  sp_client_send (playground->client, hello, NULL);
  sp_test_wait_until (connection_finished, connection, "the connection to close");
}

static void
playground_clear (Playground *playground)
{
  sp_server_stop (playground->server);
  g_clear_object (&playground->client);
  g_clear_object (&playground->server);
}

static char *
write_transcript (SpTranscript *transcript)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  char nul = '\0';

  g_assert_true (sp_transcript_write (transcript, memory, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_write (memory, &nul, 1, NULL, NULL);
  g_output_stream_close (memory, NULL, NULL);

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
}

static guint
n_events (SpEventLog *log)
{
  return sp_event_log_get_n_events (log);
}

/* Every line parses back; the panes are named; times never go back; all events are there. */
static void
test_jsonl_whole_playground (void)
{
  Playground playground;
  g_autoptr(SpTranscript) transcript = sp_transcript_new (SP_RECORD_FORMAT_JSON);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *last_time = NULL;
  guint n_server = 0;
  guint n_client = 0;
  gboolean saw_greeting = FALSE;
  gboolean saw_hello = FALSE;
  gboolean saw_local = FALSE;
  guint n_lines;

  playground_run (&playground);
  sp_transcript_add_log (transcript, sp_server_get_log (playground.server), "Server 1");
  sp_transcript_add_log (transcript, sp_client_get_log (playground.client), "Client “A”");

  text = write_transcript (transcript);
  lines = g_strsplit (text, "\n", -1);
  n_lines = g_strv_length (lines);
  /* Each line ends in a newline: the last piece is empty. */
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  n_lines--;

  g_assert_cmpuint (n_lines, ==, n_events (sp_server_get_log (playground.server)) +
                                 n_events (sp_client_get_log (playground.client)));
  g_assert_cmpuint (sp_transcript_get_n_events (transcript), ==, n_lines);

  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      const char *source;
      const char *time;
      const char *kind;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));

      source = json_object_get_string_member (object, "source");
      if (g_strcmp0 (source, "Server 1") == 0)
        n_server++;
      else if (g_strcmp0 (source, "Client “A”") == 0)
        n_client++;
      else
        g_assert_not_reached ();

      /* ISO 8601 in UTC with microseconds sorts as text. */
      time = json_object_get_string_member (object, "time");
      if (last_time != NULL)
        g_assert_cmpstr (last_time, <=, time);
      g_free (last_time);
      last_time = g_strdup (time);

      kind = json_object_get_string_member (object, "kind");
      if (g_strcmp0 (kind, "send") == 0 && g_strcmp0 (source, "Server 1") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (object, "payload"), ==, GREETING);
          g_assert_cmpint (json_object_get_int_member (object, "bytes"), ==, strlen (GREETING));
          saw_greeting = TRUE;
        }
      if (g_strcmp0 (kind, "send") == 0 && g_strcmp0 (source, "Client “A”") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (object, "payload"), ==, "hello\\r\\n\\x01");
          saw_hello = TRUE;
        }
      if (g_strcmp0 (kind, "accept") == 0 || g_strcmp0 (kind, "connect") == 0)
        {
          g_assert_nonnull (json_object_get_string_member (object, "address"));
          g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "local_address"),
                                           "127.0.0.1:"));
          saw_local = TRUE;
        }
    }

  g_assert_cmpuint (n_server, ==, n_events (sp_server_get_log (playground.server)));
  g_assert_cmpuint (n_client, ==, n_events (sp_client_get_log (playground.client)));
  g_assert_true (saw_greeting);
  g_assert_true (saw_hello);
  g_assert_true (saw_local);

  playground_clear (&playground);
}

/* Text: the recorder's lines, with the pane's name. */
static void
test_text_one_pane (void)
{
  Playground playground;
  g_autoptr(SpTranscript) transcript = sp_transcript_new (SP_RECORD_FORMAT_TEXT);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  SpEventLog *log;
  guint n;

  playground_run (&playground);
  log = sp_client_get_log (playground.client);
  sp_transcript_add_log (transcript, log, "Client 1");

  text = write_transcript (transcript);
  lines = g_strsplit (text, "\n", -1);
  n = n_events (log);
  g_assert_cmpuint (g_strv_length (lines), ==, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autofree char *expected = sp_event_format_text (event, "Client 1");

      g_assert_cmpstr (lines[i], ==, expected);
    }
  g_assert_nonnull (strstr (text, "“" GREETING "”"));

  playground_clear (&playground);
}

/* A log that dropped events to stay within its budget says so on the first line. */
static void
test_dropped_events_said_first (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(SpTranscript) transcript = sp_transcript_new (SP_RECORD_FORMAT_TEXT);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *payload = g_strnfill (1000, 'x');

  sp_event_log_set_budget (log, 4 * 1024);
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (payload, strlen (payload));

      sp_event_log_add (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, bytes, "send()", "Sent");
    }
  g_assert_cmpuint (sp_event_log_get_n_dropped (log), >, 0);

  sp_transcript_add_log (transcript, log, "Busy");
  text = write_transcript (transcript);
  lines = g_strsplit (text, "\n", -1);

  g_assert_nonnull (strstr (lines[0], "memory budget"));
  g_assert_cmpuint (g_strv_length (lines), ==, n_events (log) + 2);
  g_assert_cmpuint (sp_transcript_get_n_events (transcript), ==, n_events (log));
}

static void
test_save_async (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(SpTranscript) transcript = sp_transcript_new (SP_RECORD_FORMAT_JSON);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sp-transcript-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "log.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent-folder/log.jsonl");
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  /* More events than one chunk holds. */
  for (guint i = 0; i < 4500; i++)
    sp_event_log_add (log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, NULL, "A note");
  sp_transcript_add_log (transcript, log, NULL);

  sp_transcript_save_async (transcript, file, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the transcript to be saved");
  g_assert_true (sp_transcript_save_finish (transcript, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (sp_transcript_get_n_events (transcript), ==, 4500);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4501);
  g_assert_nonnull (strstr (lines[4499], "\"source\":null"));

  sp_transcript_save_async (transcript, missing, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the transcript to fail");
  g_assert_false (sp_transcript_save_finish (transcript, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_object (&result);

  g_unlink (path);
  g_rmdir (dir);
  g_assert_finalize_object (g_steal_pointer (&transcript));
}

static void
test_format_for_name (void)
{
  g_assert_cmpint (sp_record_format_for_name ("log.jsonl"), ==, SP_RECORD_FORMAT_JSON);
  g_assert_cmpint (sp_record_format_for_name ("LOG.JSON"), ==, SP_RECORD_FORMAT_JSON);
  g_assert_cmpint (sp_record_format_for_name ("log.txt"), ==, SP_RECORD_FORMAT_TEXT);
  g_assert_cmpint (sp_record_format_for_name ("jsonl"), ==, SP_RECORD_FORMAT_TEXT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transcript/jsonl/whole-playground", test_jsonl_whole_playground);
  g_test_add_func ("/transcript/text/one-pane", test_text_one_pane);
  g_test_add_func ("/transcript/dropped-events-said-first", test_dropped_events_said_first);
  g_test_add_func ("/transcript/save-async", test_save_async);
  g_test_add_func ("/transcript/format-for-name", test_format_for_name);

  return g_test_run ();
}
