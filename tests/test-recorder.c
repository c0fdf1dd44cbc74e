/* test-recorder.c — the log written to a stream as it happens, in text and JSON Lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

static gboolean
no_open_connection (gpointer data)
{
  return g_list_model_get_n_items (sp_server_get_connections (data)) == 0 &&
         sp_server_get_n_accepted (data) > 0;
}

/* The tutorial's exchange, recorded from the server's side. */
static char *
record_exchange (SpRecordFormat format,
                 guint64       *out_n_written)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) server = sp_server_new (endpoint);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(SpEventRecorder) recorder = NULL;
  g_autoptr(SpClient) client = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GAsyncResult) flushed = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  recorder = sp_event_recorder_new (sp_server_get_log (server), memory, format, "server");
  sp_server_set_reply_text (server, "Thank you for connecting\r\n");
  sp_server_start_async (server, NULL, sp_test_store_result, &started);
  sp_test_wait_for_result (&started, "the server to start");
  g_assert_true (sp_server_start_finish (server, started, &error));

  client = sp_client_new (sp_server_get_bound_endpoint (server));
  sp_client_connect_async (client, NULL, sp_test_store_result, &connected);
  sp_test_wait_for_result (&connected, "the client to connect");
  connection = sp_client_connect_finish (client, connected, &error);
  g_assert_no_error (error);
  sp_test_wait_until (no_open_connection, server, "the exchange to end");

  sp_event_recorder_flush_async (recorder, NULL, sp_test_store_result, &flushed);
  sp_test_wait_for_result (&flushed, "the recorder to flush");
  g_assert_true (sp_event_recorder_flush_finish (recorder, flushed, &error));
  g_assert_no_error (error);
  g_assert_null (sp_event_recorder_get_error (recorder));
  *out_n_written = sp_event_recorder_get_n_written (recorder);
  g_clear_object (&recorder);

  g_output_stream_write_all (memory, "", 1, NULL, NULL, NULL);
  g_output_stream_close (memory, NULL, NULL);
  sp_server_stop (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
test_json_lines (void)
{
  guint64 n_written = 0;
  g_autofree char *text = record_exchange (SP_RECORD_FORMAT_JSON, &n_written);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) kinds = g_string_new (NULL);
  gboolean saw_payload = FALSE;

  g_assert_cmpuint (g_strv_length (lines), ==, n_written + 1);
  g_assert_cmpstr (lines[n_written], ==, "");

  for (guint i = 0; i < n_written; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));

      g_string_append_printf (kinds, "%s ", json_object_get_string_member (object, "kind"));
      g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "server");
      g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "time"), "Z"));
      g_assert_nonnull (json_object_get_string_member (object, "message"));

      if (g_str_equal (json_object_get_string_member (object, "kind"), "send"))
        {
          /* The whole payload, escaped so it round-trips, with its exact size. */
          g_assert_cmpstr (json_object_get_string_member (object, "payload"), ==,
                           "Thank you for connecting\\r\\n");
          g_assert_cmpint (json_object_get_int_member (object, "bytes"), ==, 26);
          g_assert_cmpstr (json_object_get_string_member (object, "direction"), ==, "out");
          g_assert_cmpint (json_object_get_int_member (object, "connection"), ==, 1);
          saw_payload = TRUE;
        }
    }

  g_assert_true (saw_payload);
  g_assert_cmpstr (kinds->str, ==, "socket bind listen accept send close ");
}

static void
test_text_lines (void)
{
  guint64 n_written = 0;
  g_autofree char *text = record_exchange (SP_RECORD_FORMAT_TEXT, &n_written);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_assert_cmpuint (n_written, ==, 6);
  g_assert_nonnull (strstr (lines[0], " server socket(AF_INET, SOCK_STREAM) — "));
  g_assert_nonnull (strstr (lines[3], " server #1 accept() → ('127.0.0.1', "));
  g_assert_true (g_str_has_suffix (lines[4], " “Thank you for connecting\\r\\n”"));
}

static void
test_closed_stream (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(SpEventRecorder) recorder = sp_event_recorder_new (log, memory, SP_RECORD_FORMAT_TEXT, NULL);
  g_autoptr(GAsyncResult) flushed = NULL;
  g_autoptr(GError) error = NULL;

  /* A stream that fails (a full disk, a closed pipe) stops the recording, with a reason. */
  g_output_stream_close (memory, NULL, NULL);
  sp_event_recorder_set_synchronous (recorder, TRUE);
  sp_event_log_add (log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, NULL, "one");
  sp_event_log_add (log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, NULL, "two");
  g_assert_error (sp_event_recorder_get_error (recorder), G_IO_ERROR, G_IO_ERROR_CLOSED);

  sp_event_recorder_flush_async (recorder, NULL, sp_test_store_result, &flushed);
  sp_test_wait_for_result (&flushed, "the failed flush");
  g_assert_false (sp_event_recorder_flush_finish (recorder, flushed, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recorder/json-lines", test_json_lines);
  g_test_add_func ("/recorder/text-lines", test_text_lines);
  g_test_add_func ("/recorder/closed-stream", test_closed_stream);

  return g_test_run ();
}
