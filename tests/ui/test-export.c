/* test-export.c — the window's exports: transcripts of the playground or of a pane, and
 * the traffic as a pcapng capture, after a real exchange on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No dialog opens: sp_window_set_export_file() names the file, as a person would in the
 * file chooser. The toast tells the outcome.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include <adwaita.h>

#include "sp-core.h"
#include "sp-window.h"
#include "sp-ui-test.h"

#define GREETING "Thank you for connecting"

typedef struct
{
  SpWindow     *window;
  SpServerPane *server_pane;
  SpClientPane *client_pane;
  char         *dir;
} Fixture;

static gboolean
str_has (const char *haystack,
         const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

/* The seed's lesson, run once: the server greets the client and both close. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  SpClient *client;

  fixture->dir = g_dir_make_tmp ("sp-export-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->window = sp_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));

  fixture->server_pane = sp_window_get_server_pane (fixture->window);
  fixture->client_pane = sp_window_get_client_pane (fixture->window);
  client = sp_client_pane_get_client (fixture->client_pane);

  sp_server_pane_set_endpoint_text (fixture->server_pane, "tcp://127.0.0.1:0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.start", NULL));
  WAIT_UNTIL (g_str_has_prefix (sp_server_pane_get_state_text (fixture->server_pane), "Listening on "));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->client_pane), "pane.connect", NULL));
  WAIT_UNTIL (str_has (sp_client_pane_get_counters_text (fixture->client_pane), "Received: 24 bytes"));
  WAIT_UNTIL (sp_client_get_state (client) == SP_CLIENT_STATE_DISCONNECTED);
  WAIT_UNTIL (sp_client_pane_get_can_connect (fixture->client_pane));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (fixture->window == NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static guint
n_events (SpEventLog *log)
{
  return sp_event_log_get_n_events (log);
}

static SpEventLog *
server_log (Fixture *fixture)
{
  return sp_server_get_log (sp_server_pane_get_server (fixture->server_pane));
}

static SpEventLog *
client_log (Fixture *fixture)
{
  return sp_client_get_log (sp_client_pane_get_client (fixture->client_pane));
}

/* Exports through @action to @name in the fixture's folder; returns the file's path. */
static char *
export_to (Fixture    *fixture,
           GtkWidget  *widget,
           const char *action,
           const char *name)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *expected = NULL;

  sp_window_set_export_file (fixture->window, file);
  g_assert_true (gtk_widget_activate_action (widget, action, NULL));

  expected = g_strdup_printf ("“%s”", name);
  WAIT_UNTIL (str_has (sp_window_get_toast_title (fixture->window), expected));
  g_test_message ("Toast: %s", sp_window_get_toast_title (fixture->window));

  return path;
}

static char **
read_lines (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  char **lines;
  guint n;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);

  /* The last piece, after the last newline, is empty. */
  n = g_strv_length (lines);
  g_free (lines[n - 1]);
  lines[n - 1] = NULL;

  return lines;
}

/* Both panes, merged in time order, each line naming its pane. */
static void
test_export_playground_jsonl (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *path = export_to (fixture, GTK_WIDGET (fixture->window),
                                     "win.export-transcript", "playground.jsonl");
  g_auto(GStrv) lines = read_lines (path);
  g_autofree char *toast = NULL;
  guint total = n_events (server_log (fixture)) + n_events (client_log (fixture));
  gboolean greeting_sent = FALSE;
  gboolean greeting_received = FALSE;

  toast = g_strdup_printf ("Saved %u events to “playground.jsonl”", total);
  g_assert_cmpstr (sp_window_get_toast_title (fixture->window), ==, toast);
  g_assert_cmpuint (g_strv_length (lines), ==, total);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      const char *source;
      const char *kind;
      const char *payload;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      source = json_object_get_string_member (object, "source");
      kind = json_object_get_string_member (object, "kind");
      payload = json_object_get_null_member (object, "payload")
                  ? NULL : json_object_get_string_member (object, "payload");

      g_assert_true (g_strcmp0 (source, sp_server_pane_get_title (fixture->server_pane)) == 0 ||
                     g_strcmp0 (source, sp_client_pane_get_title (fixture->client_pane)) == 0);
      if (g_strcmp0 (kind, "send") == 0 && g_strcmp0 (payload, GREETING) == 0)
        greeting_sent = TRUE;
      if (g_strcmp0 (kind, "recv") == 0 && g_strcmp0 (payload, GREETING) == 0)
        greeting_received = TRUE;
    }

  g_assert_true (greeting_sent);
  g_assert_true (greeting_received);
}

/* Text by its extension: the lines a recording has, with the pane's name. */
static void
test_export_playground_text (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *path = export_to (fixture, GTK_WIDGET (fixture->window),
                                     "win.export-transcript", "playground.txt");
  g_auto(GStrv) lines = read_lines (path);
  g_autofree char *server = g_strdup_printf (" %s ", sp_server_pane_get_title (fixture->server_pane));
  g_autofree char *client = g_strdup_printf (" %s ", sp_client_pane_get_title (fixture->client_pane));

  g_assert_cmpuint (g_strv_length (lines), ==,
                    n_events (server_log (fixture)) + n_events (client_log (fixture)));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_false (g_str_has_prefix (lines[i], "{"));
      g_assert_true (str_has (lines[i], server) || str_has (lines[i], client));
    }
}

/* A pane's menu: its own log only. */
static void
test_export_pane (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *path = export_to (fixture, GTK_WIDGET (fixture->client_pane),
                                     "pane.export-transcript", "client.jsonl");
  g_auto(GStrv) lines = read_lines (path);
  g_autofree char *source = g_strdup_printf ("\"source\":\"%s\"",
                                             sp_client_pane_get_title (fixture->client_pane));

  g_assert_cmpuint (g_strv_length (lines), ==, n_events (client_log (fixture)));
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_true (str_has (lines[i], source));
}

static void
test_export_pcapng (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = export_to (fixture, GTK_WIDGET (fixture->window),
                                     "win.export-pcapng", "lesson.pcapng");
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *contents = NULL;
  gsize length;

  /* Handshake, greeting and its ACK, FIN and ACK from each side: 9 frames. */
  g_assert_cmpstr (sp_window_get_toast_title (fixture->window), ==,
                   "Saved 9 frames to “lesson.pcapng”");

  /* A pcapng Section Header Block first. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 28);
  g_assert_cmpmem (contents, 4, "\x0a\x0d\x0d\x0a", 4);

  if (tshark != NULL)
    {
      const char *argv[] = { tshark, "-r", path, "-q", "-z", "follow,tcp,ascii,0", NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      int status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                    &out, NULL, &status, &error);
      g_assert_no_error (error);
      g_test_message ("%s", out);
      g_assert_true (str_has (out, GREETING));
    }
}

/* A file that cannot be written: a sentence, not a crash. */
static void
test_export_failure (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent-folder/playground.jsonl");

  sp_window_set_export_file (fixture->window, file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export-transcript", NULL));
  WAIT_UNTIL (str_has (sp_window_get_toast_title (fixture->window), "could not be saved"));
  g_test_message ("Toast: %s", sp_window_get_toast_title (fixture->window));
  g_assert_true (g_str_has_prefix (sp_window_get_toast_title (fixture->window),
                                   "“playground.jsonl” could not be saved: "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/export/playground/jsonl", Fixture, NULL,
              fixture_set_up, test_export_playground_jsonl, fixture_tear_down);
  g_test_add ("/export/playground/text", Fixture, NULL,
              fixture_set_up, test_export_playground_text, fixture_tear_down);
  g_test_add ("/export/pane", Fixture, NULL,
              fixture_set_up, test_export_pane, fixture_tear_down);
  g_test_add ("/export/pcapng", Fixture, NULL,
              fixture_set_up, test_export_pcapng, fixture_tear_down);
  g_test_add ("/export/failure", Fixture, NULL,
              fixture_set_up, test_export_failure, fixture_tear_down);

  return g_test_run ();
}
