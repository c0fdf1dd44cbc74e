/* test-log-view.c — the log list: follows the newest event unless the person scrolled
 * up; search, filters, copy, clear and recording to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sp-core.h"
#include "sp-log-batch.h"
#include "sp-log-row.h"
#include "sp-log-view.h"
#include "sp-payload-popover.h"
#include "sp-ui-test.h"

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      /* Not inside popovers: the drop-down's list is not the log's. */
      if (GTK_IS_NATIVE (child))
        continue;

      found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_at_end (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) &&
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - 1.0;
}

/* What a person's scroll up does: the adjustment moves away from the end. */
static gboolean
scroll_to_top (GtkAdjustment *adjustment,
               SpLogView     *view)
{
  gtk_adjustment_set_value (adjustment, 1);
  gtk_adjustment_set_value (adjustment, 0);

  return !sp_log_view_get_following (view);
}

static void
add_events (SpEventLog *log,
            guint       first,
            guint       count)
{
  for (guint i = first; i < first + count; i++)
    {
      g_autofree char *message = g_strdup_printf ("Event number %u.", i);
      g_autoptr(GBytes) payload = g_bytes_new_static ("Thank you for connecting", 24);

      sp_event_log_add (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1,
                        i % 3 == 0 ? payload : NULL, "send(24) → 24", message);
    }
}


/* The pane's usual traffic, two connections, every kind of row. */
static void
add_mixed_events (SpEventLog *log)
{
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) thanks = g_bytes_new_static ("Thank you for connecting", 24);
  g_autoptr(GBytes) ping = g_bytes_new_static ("PING\r\n", 6);
  g_autoptr(GBytes) pong = g_bytes_new_static ("PONG\r\n", 6);

  sp_event_log_add (log, SP_EVENT_KIND_LISTEN, SP_DIRECTION_NONE, 0, NULL,
                    "listen(5)", "The socket listens.");
  sp_event_log_add (log, SP_EVENT_KIND_ACCEPT, SP_DIRECTION_NONE, 1, NULL,
                    "accept() → ('127.0.0.1', 50000)", "A client connected.");
  sp_event_log_add (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, hello,
                    "send(5) → 5", "Sent 5 bytes.");
  sp_event_log_add (log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, 1, thanks,
                    "recv(1024) → 24", "Received 24 bytes.");
  sp_event_log_add (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 2, ping,
                    "send(6) → 6", "Sent 6 bytes.");
  sp_event_log_add (log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, 2, pong,
                    "recv(1024) → 6", "Received 6 bytes.");
  sp_event_log_add (log, SP_EVENT_KIND_ERROR, SP_DIRECTION_NONE, 2, NULL,
                    "recv(1024)", "The peer reset the connection.");
  sp_event_log_add (log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL,
                    NULL, "A note without a call.");
  sp_event_log_add (log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, 2, NULL,
                    "close()", "The connection is closed.");
}

/* The rows shown, once incremental filtering has gone through the whole log. */
static guint
n_shown (SpLogView *view)
{
  WAIT_UNTIL (!sp_log_view_get_pending (view));

  return g_list_model_get_n_items (sp_log_view_get_shown (view));
}

static SpEvent *
shown_event (SpLogView *view,
             guint      position)
{
  g_autoptr(SpEvent) event = g_list_model_get_item (sp_log_view_get_shown (view), position);

  /* The log holds its own reference. */
  return event;
}

static GtkWidget *
new_view_on (SpEventLog *log)
{
  GtkWidget *view = sp_log_view_new (G_LIST_MODEL (log));

  return g_object_ref_sink (view);
}

static void
test_log_view_create_destroy (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  GtkWidget *view = sp_log_view_new (G_LIST_MODEL (log));

  g_object_ref_sink (view);
  g_assert_true (sp_log_view_get_model (SP_LOG_VIEW (view)) == G_LIST_MODEL (log));

  sp_log_view_set_model (SP_LOG_VIEW (view), NULL);
  g_assert_null (sp_log_view_get_model (SP_LOG_VIEW (view)));

  g_assert_finalize_object (view);
}

static void
test_log_view_follows_end (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  GtkWindow *window;
  GtkWidget *view;
  GtkAdjustment *adjustment;
  double upper;

  window = GTK_WINDOW (gtk_window_new ());
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (window, 400, 300);

  view = sp_log_view_new (G_LIST_MODEL (log));
  gtk_window_set_child (window, view);
  gtk_window_present (window);
  WAIT_UNTIL (gtk_widget_get_mapped (view));

  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (find_descendant (view, GTK_TYPE_LIST_VIEW)));

  /* Many events at once: the newest one ends up in view. */
  add_events (log, 0, 200);
  WAIT_UNTIL (is_at_end (adjustment));

  /* One at a time, as a real exchange goes. */
  for (guint i = 200; i < 220; i++)
    {
      upper = gtk_adjustment_get_upper (adjustment);
      add_events (log, i, 1);
      WAIT_UNTIL (gtk_adjustment_get_upper (adjustment) > upper && is_at_end (adjustment));
    }

  /* The person scrolled up to read: new events do not pull the view away, and a
   * button offers the way back. */
  WAIT_UNTIL (scroll_to_top (adjustment, SP_LOG_VIEW (view)));
  upper = gtk_adjustment_get_upper (adjustment);
  add_events (log, 220, 50);
  WAIT_UNTIL (gtk_adjustment_get_upper (adjustment) > upper);
  g_assert_false (is_at_end (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <, gtk_adjustment_get_upper (adjustment) / 2);
  g_assert_false (sp_log_view_get_following (SP_LOG_VIEW (view)));

  /* That button: back at the end, and following again. */
  g_assert_true (gtk_widget_activate_action (view, "log.scroll-to-end", NULL));
  WAIT_UNTIL (is_at_end (adjustment));
  g_assert_true (sp_log_view_get_following (SP_LOG_VIEW (view)));
  upper = gtk_adjustment_get_upper (adjustment);
  add_events (log, 270, 5);
  WAIT_UNTIL (gtk_adjustment_get_upper (adjustment) > upper && is_at_end (adjustment));

  /* Scrolling back down by hand resumes following as well. */
  WAIT_UNTIL (scroll_to_top (adjustment, SP_LOG_VIEW (view)));
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
  g_assert_true (sp_log_view_get_following (SP_LOG_VIEW (view)));
  upper = gtk_adjustment_get_upper (adjustment);
  add_events (log, 275, 5);
  WAIT_UNTIL (gtk_adjustment_get_upper (adjustment) > upper && is_at_end (adjustment));

  gtk_window_destroy (window);
  WAIT_UNTIL (window == NULL);
}

static void
test_log_view_search (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GtkWidget) view = new_view_on (log);
  SpLogView *log_view = SP_LOG_VIEW (view);

  add_mixed_events (log);
  g_assert_cmpuint (n_shown (log_view), ==, 9);

  /* In the preview of the payload, whatever the case. */
  sp_log_view_set_search_text (log_view, "thank YOU");
  g_assert_cmpuint (n_shown (log_view), ==, 1);
  g_assert_cmpint (sp_event_get_kind (shown_event (log_view, 0)), ==, SP_EVENT_KIND_RECV);

  /* In the call. */
  sp_log_view_set_search_text (log_view, "recv(");
  g_assert_cmpuint (n_shown (log_view), ==, 3);

  /* In the sentence. */
  sp_log_view_set_search_text (log_view, "reset");
  g_assert_cmpuint (n_shown (log_view), ==, 1);
  g_assert_cmpint (sp_event_get_kind (shown_event (log_view, 0)), ==, SP_EVENT_KIND_ERROR);

  /* Nothing matches: the list says so. */
  sp_log_view_set_search_text (log_view, "no such thing");
  g_assert_cmpuint (n_shown (log_view), ==, 0);

  /* Typed into the search entry, as a person does. */
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (view, GTK_TYPE_SEARCH_ENTRY)), "pong");
  WAIT_UNTIL (g_strcmp0 (sp_log_view_get_search_text (log_view), "pong") == 0);
  g_assert_cmpuint (n_shown (log_view), ==, 1);

  /* New events are searched as they come. */
  add_mixed_events (log);
  g_assert_cmpuint (n_shown (log_view), ==, 2);

  sp_log_view_set_search_text (log_view, NULL);
  g_assert_cmpuint (n_shown (log_view), ==, 18);

  g_assert_finalize_object (g_steal_pointer (&view));
}

static void
test_log_view_filter_direction (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GtkWidget) view = new_view_on (log);
  SpLogView *log_view = SP_LOG_VIEW (view);

  add_mixed_events (log);

  /* The filter menu's radio items. */
  g_assert_true (gtk_widget_activate_action (view, "log.direction", "s", "in"));
  g_assert_cmpint (sp_log_view_get_direction_filter (log_view), ==, SP_DIRECTION_IN);
  g_assert_cmpuint (n_shown (log_view), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (sp_event_get_kind (shown_event (log_view, i)), ==, SP_EVENT_KIND_RECV);

  g_assert_true (gtk_widget_activate_action (view, "log.direction", "s", "out"));
  g_assert_cmpuint (n_shown (log_view), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (sp_event_get_kind (shown_event (log_view, i)), ==, SP_EVENT_KIND_SEND);

  g_assert_true (gtk_widget_activate_action (view, "log.direction", "s", "none"));
  g_assert_cmpuint (n_shown (log_view), ==, 9);

  g_assert_finalize_object (g_steal_pointer (&view));
}

static void
test_log_view_filter_kind (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GtkWidget) view = new_view_on (log);
  SpLogView *log_view = SP_LOG_VIEW (view);

  add_mixed_events (log);

  /* The filter menu's check items toggle a group of kinds each. */
  g_assert_true (gtk_widget_activate_action (view, "log.show-data", NULL));
  g_assert_cmpuint (sp_log_view_get_kinds (log_view), ==, SP_LOG_KINDS_ALL & ~SP_LOG_KINDS_DATA);
  g_assert_cmpuint (n_shown (log_view), ==, 5);

  g_assert_true (gtk_widget_activate_action (view, "log.show-setup", NULL));
  g_assert_true (gtk_widget_activate_action (view, "log.show-notes", NULL));
  g_assert_cmpuint (n_shown (log_view), ==, 1);
  g_assert_cmpint (sp_event_get_kind (shown_event (log_view, 0)), ==, SP_EVENT_KIND_ERROR);

  g_assert_true (gtk_widget_activate_action (view, "log.show-errors", NULL));
  g_assert_cmpuint (n_shown (log_view), ==, 0);

  sp_log_view_set_kinds (log_view, SP_LOG_KINDS_ALL);
  g_assert_cmpuint (n_shown (log_view), ==, 9);

  g_assert_finalize_object (g_steal_pointer (&view));
}

static void
test_log_view_filter_connection (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GtkWidget) view = new_view_on (log);
  SpLogView *log_view = SP_LOG_VIEW (view);
  GtkSpinButton *spin;

  add_mixed_events (log);

  sp_log_view_set_connection_filter (log_view, 2);
  g_assert_cmpuint (n_shown (log_view), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (sp_event_get_connection_id (shown_event (log_view, i)), ==, 2);

  /* With the direction too. */
  sp_log_view_set_direction_filter (log_view, SP_DIRECTION_IN);
  g_assert_cmpuint (n_shown (log_view), ==, 1);
  g_assert_cmpstr (sp_event_get_call (shown_event (log_view, 0)), ==, "recv(1024) → 6");
  sp_log_view_set_direction_filter (log_view, SP_DIRECTION_NONE);

  /* The spin button in the filter menu is the same setting; 0 reads "All". */
  spin = GTK_SPIN_BUTTON (find_descendant (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (find_descendant (view, GTK_TYPE_MENU_BUTTON)))),
                                           GTK_TYPE_SPIN_BUTTON));
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 2);
  gtk_spin_button_set_value (spin, 1);
  g_assert_cmpuint (sp_log_view_get_connection_filter (log_view), ==, 1);
  g_assert_cmpuint (n_shown (log_view), ==, 3);
  gtk_spin_button_set_value (spin, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "All");
  g_assert_cmpuint (n_shown (log_view), ==, 9);

  g_assert_finalize_object (g_steal_pointer (&view));
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **result_out = user_data;

  *result_out = g_object_ref (result);
}

static void
test_log_view_copy (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GtkWidget) view = new_view_on (log);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  GtkSelectionModel *selection;
  GdkClipboard *clipboard;

  add_mixed_events (log);
  g_assert_cmpuint (n_shown (SP_LOG_VIEW (view)), ==, 9);

  /* Nothing selected, nothing to copy. */
  g_assert_false (gtk_widget_activate_action (view, "log.copy", NULL) &&
                  gdk_clipboard_get_content (gtk_widget_get_clipboard (view)) != NULL);

  selection = gtk_list_view_get_model (GTK_LIST_VIEW (find_descendant (view, GTK_TYPE_LIST_VIEW)));
  g_assert_true (GTK_IS_SINGLE_SELECTION (selection));
  g_assert_true (gtk_selection_model_select_item (selection, 3, TRUE));

  g_assert_true (gtk_widget_activate_action (view, "log.copy", NULL));

  clipboard = gtk_widget_get_clipboard (view);
  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &result);
  WAIT_UNTIL (result != NULL);
  text = gdk_clipboard_read_text_finish (clipboard, result, &error);
  g_assert_no_error (error);

  expected = sp_event_format_text (shown_event (SP_LOG_VIEW (view), 3), NULL);
  g_assert_cmpstr (text, ==, expected);
  g_assert_nonnull (strstr (text, "recv(1024) → 24"));
  g_assert_nonnull (strstr (text, "Thank you for connecting"));

  g_assert_finalize_object (g_steal_pointer (&view));
}

static void
test_log_view_clear (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GtkWidget) view = new_view_on (log);

  add_mixed_events (log);
  g_assert_cmpuint (n_shown (SP_LOG_VIEW (view)), ==, 9);

  g_assert_true (gtk_widget_activate_action (view, "log.clear", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (n_shown (SP_LOG_VIEW (view)), ==, 0);

  /* A model that is not a pane's own log cannot be cleared from here. */
  {
    g_autoptr(GListStore) store = g_list_store_new (SP_TYPE_EVENT);
    g_autoptr(SpEvent) event = sp_event_new (SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0,
                                             NULL, "Kept.", NULL);

    g_list_store_append (store, event);
    sp_log_view_set_model (SP_LOG_VIEW (view), G_LIST_MODEL (store));
    gtk_widget_activate_action (view, "log.clear", NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
    sp_log_view_set_model (SP_LOG_VIEW (view), NULL);
  }

  g_assert_finalize_object (g_steal_pointer (&view));
}

static char *
record_and_read (SpEventLog *log,
                 const char *basename)
{
  g_autoptr(GtkWidget) view = new_view_on (log);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  char *contents = NULL;

  dir = g_dir_make_tmp ("test-log-view-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, basename, NULL);
  file = g_file_new_for_path (path);

  /* Events from before the recording are not in it. */
  add_events (log, 0, 3);

  g_assert_true (sp_log_view_start_recording (SP_LOG_VIEW (view), file, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (sp_log_view_get_recording (SP_LOG_VIEW (view)));
  g_assert_true (g_file_equal (sp_log_view_get_recording_file (SP_LOG_VIEW (view)), file));

  /* One recording at a time. */
  g_assert_false (sp_log_view_start_recording (SP_LOG_VIEW (view), file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  add_mixed_events (log);

  /* Stopping writes everything out and closes the file. */
  g_assert_true (gtk_widget_activate_action (view, "log.stop-recording", NULL));
  WAIT_UNTIL (!sp_log_view_get_recording (SP_LOG_VIEW (view)));
  g_assert_null (sp_log_view_get_recording_file (SP_LOG_VIEW (view)));

  /* And events after the stop are not. */
  add_events (log, 3, 2);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (g_steal_pointer (&view));
  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));

  return contents;
}

static void
test_log_view_record_json (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autofree char *contents = record_and_read (log, "log.jsonl");
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  /* Nine events, one JSON object a line, the last line ended. */
  g_assert_cmpuint (g_strv_length (lines), ==, 10);
  g_assert_cmpstr (lines[9], ==, "");

  for (guint i = 0; i < 9; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));

      if (i == 3)
        {
          g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "recv");
          g_assert_cmpstr (json_object_get_string_member (object, "direction"), ==, "in");
          g_assert_cmpint (json_object_get_int_member (object, "connection"), ==, 1);
          g_assert_cmpint (json_object_get_int_member (object, "bytes"), ==, 24);
          g_assert_cmpstr (json_object_get_string_member (object, "payload"), ==, "Thank you for connecting");
        }
      if (i == 0)
        g_assert_cmpstr (json_object_get_string_member (object, "call"), ==, "listen(5)");
    }
}

static void
test_log_view_record_text (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autofree char *contents = record_and_read (log, "log.txt");
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 10);
  g_assert_false (g_str_has_prefix (lines[0], "{"));
  g_assert_nonnull (strstr (lines[3], "#1 recv(1024) → 24 — Received 24 bytes. “Thank you for connecting”"));
}

static gboolean
label_with_class_shown (GtkWidget  *widget,
                        const char *css_class)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class) &&
      gtk_widget_get_visible (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_with_class_shown (child, css_class))
      return TRUE;

  return FALSE;
}

static void
test_log_view_record_failure (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GtkWidget) view = new_view_on (log);
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent-folder/socket-playground-log.jsonl");
  g_autoptr(GError) error = NULL;

  /* The folder is missing: a sentence, and not recording. */
  g_assert_true (sp_log_view_start_recording (SP_LOG_VIEW (view), file, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (sp_log_view_get_recording_file (SP_LOG_VIEW (view)) == NULL);
  g_assert_false (sp_log_view_get_recording (SP_LOG_VIEW (view)));
  g_assert_true (label_with_class_shown (view, "error"));

  /* A model that is not an SpEventLog cannot be recorded. */
  sp_log_view_set_model (SP_LOG_VIEW (view), NULL);
  g_assert_false (sp_log_view_start_recording (SP_LOG_VIEW (view), file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);

  g_assert_finalize_object (g_steal_pointer (&view));
}

/* A big log: a new search must not hold the main loop while it goes through it. */
static void
test_log_view_filter_incremental (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GtkWidget) view = new_view_on (log);
  GListModel *shown = sp_log_view_get_shown (SP_LOG_VIEW (view));
  gint64 start;

  add_events (log, 0, 100000);
  g_assert_cmpuint (n_shown (SP_LOG_VIEW (view)), ==, 100000);

  start = g_get_monotonic_time ();
  sp_log_view_set_search_text (SP_LOG_VIEW (view), "number 4242.");
  g_test_message ("Setting the search took %" G_GINT64_FORMAT " µs",
                  g_get_monotonic_time () - start);
  g_assert_cmpuint (gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (shown)), >, 0);
  g_assert_cmpuint (n_shown (SP_LOG_VIEW (view)), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&view));
}

/* Replays every change the batch announces on a plain list, to check each one. */
static void
mirror_items_changed_cb (GListModel *batch,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GListStore *mirror)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpuint (position + removed, <=, g_list_model_get_n_items (G_LIST_MODEL (mirror)));
  for (guint i = position; i < position + added; i++)
    g_ptr_array_add (items, g_list_model_get_item (batch, i));
  g_list_store_splice (mirror, position, removed, items->pdata, added);
}

static void
assert_same_items (GListModel *a,
                   GListModel *b)
{
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(GObject) x = g_list_model_get_item (a, i);
      g_autoptr(GObject) y = g_list_model_get_item (b, i);

      g_assert_true (x == y);
    }
}

/* The log's changes, gathered and relayed once a frame, add up to the log itself:
 * appends, trims at the front, the marker row, clearing. */
static void
test_log_view_batch (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(SpLogBatch) batch = sp_log_batch_new (G_LIST_MODEL (log));
  g_autoptr(GListStore) mirror = g_list_store_new (SP_TYPE_EVENT);
  g_autoptr(GBytes) payload = g_bytes_new_static ("0123456789abcdef0123456789abcdef", 32);
  guint n = 0;

  g_signal_connect (batch, "items-changed", G_CALLBACK (mirror_items_changed_cb), mirror);
  sp_event_log_set_budget (log, 8 * 1024);

  for (guint round = 0; round < 200; round++)
    {
      guint count = g_test_rand_int_range (0, 40);

      for (guint i = 0; i < count; i++)
        sp_event_log_add (log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, 1, payload,
                          "recvfrom(65536) → 32", "A datagram.");
      n += count;

      if (round == 99 || round == 149)
        sp_event_log_clear (log);

      if (g_test_rand_bit ())
        WAIT_UNTIL (!sp_log_batch_get_pending (batch));
      else
        sp_log_batch_flush (batch);

      g_assert_false (sp_log_batch_get_pending (batch));
      assert_same_items (G_LIST_MODEL (log), G_LIST_MODEL (batch));
      assert_same_items (G_LIST_MODEL (log), G_LIST_MODEL (mirror));
    }

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (sp_event_log_get_n_dropped (log), >, 0);
}


/* Bytes views ------------------------------------------------------------------------- */

typedef struct
{
  GtkWindow *window;
  GtkWidget *view;
} Shown;

static void
show_view_on (Shown      *shown,
              SpEventLog *log)
{
  shown->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (shown->window, 400, 300);
  shown->view = sp_log_view_new (G_LIST_MODEL (log));
  gtk_window_set_child (shown->window, shown->view);
  gtk_window_present (shown->window);
  WAIT_UNTIL (gtk_widget_get_mapped (shown->view));
}

static void
shown_clear (Shown *shown)
{
  gtk_window_destroy (shown->window);
  shown->window = NULL;
  shown->view = NULL;
}

static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_labelled_menu_button (GtkWidget  *widget,
                           const char *label)
{
  if (GTK_IS_MENU_BUTTON (widget) &&
      g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_NATIVE (child) ? NULL : find_labelled_menu_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The row on screen that shows @event, or NULL while there is none. */
static SpLogRow *
row_for (GtkWidget *view,
         SpEvent   *event)
{
  GtkWidget *list_view = find_descendant (view, GTK_TYPE_LIST_VIEW);

  for (GtkWidget *child = gtk_widget_get_first_child (list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (SP_IS_LOG_ROW (row) && sp_log_row_get_event (SP_LOG_ROW (row)) == event &&
          gtk_widget_get_mapped (row))
        return SP_LOG_ROW (row);
    }

  return NULL;
}

static gboolean
row_preview_is (GtkWidget  *view,
                SpEvent    *event,
                const char *expected)
{
  SpLogRow *row = row_for (view, event);

  return row != NULL && g_strcmp0 (sp_log_row_get_preview_text (row), expected) == 0;
}

static SpEvent *
add_payload_event (SpEventLog   *log,
                   const guint8 *data,
                   gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);

  return sp_event_log_add (log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, 1, bytes,
                           "recv(1024)", "Received some bytes.");
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The pane's choice: every row shows its payload as text, escaped or in hex. */
static void
test_log_view_payload_view (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  static const guint8 hello[] = "hello\r\n";
  static const guint8 binary[] = { 0x00, 0xff, 'A', 0x1b };
  GtkMenuButton *button;
  SpEvent *text_event;
  SpEvent *binary_event;
  guint notified = 0;
  Shown shown;

  text_event = add_payload_event (log, hello, 7);
  binary_event = add_payload_event (log, binary, sizeof binary);
  show_view_on (&shown, log);
  g_signal_connect (shown.view, "notify::payload-view", G_CALLBACK (count_notify_cb), &notified);

  /* Escaped by default: what a learner types in the send box. */
  g_assert_cmpint (sp_log_view_get_payload_view (SP_LOG_VIEW (shown.view)), ==, SP_PAYLOAD_VIEW_ESCAPED);
  WAIT_UNTIL (row_preview_is (shown.view, text_event, "hello\\r\\n"));
  WAIT_UNTIL (row_preview_is (shown.view, binary_event, "\\0\\xffA\\x1b"));

  /* The rows on screen change at once. */
  sp_log_view_set_payload_view (SP_LOG_VIEW (shown.view), SP_PAYLOAD_VIEW_HEX);
  g_assert_true (row_preview_is (shown.view, text_event, "68 65 6c 6c 6f 0d 0a"));
  g_assert_true (row_preview_is (shown.view, binary_event, "00 ff 41 1b"));
  g_assert_cmpuint (notified, ==, 1);

  /* The toolbar's menu button and its action say the same. */
  button = GTK_MENU_BUTTON (find_labelled_menu_button (shown.view, "0x"));
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (button)), ==, "Payloads Shown in Hex");

  g_assert_true (gtk_widget_activate_action (shown.view, "log.payload-view", "s", "text"));
  g_assert_cmpint (sp_log_view_get_payload_view (SP_LOG_VIEW (shown.view)), ==, SP_PAYLOAD_VIEW_TEXT);
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "Aa");
  g_assert_true (row_preview_is (shown.view, text_event, "hello␍↵"));
  g_assert_true (row_preview_is (shown.view, binary_event, "\\0\\xffA\\x1b"));

  g_assert_true (gtk_widget_activate_action (shown.view, "log.payload-view", "s", "escaped"));
  g_assert_cmpint (sp_log_view_get_payload_view (SP_LOG_VIEW (shown.view)), ==, SP_PAYLOAD_VIEW_ESCAPED);
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "\\n");
  g_assert_cmpuint (notified, ==, 3);

  /* Rows bound later take the choice too. */
  sp_log_view_set_payload_view (SP_LOG_VIEW (shown.view), SP_PAYLOAD_VIEW_HEX);
  text_event = add_payload_event (log, (const guint8 *) "new", 3);
  WAIT_UNTIL (row_preview_is (shown.view, text_event, "6e 65 77"));

  shown_clear (&shown);
}

static char *
read_clipboard (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &result);
  WAIT_UNTIL (result != NULL);
  text = gdk_clipboard_read_text_finish (clipboard, result, &error);
  g_assert_no_error (error);

  return text;
}

/* One event whole, in all three renderings, whatever the pane shows; with Copy. */
static void
test_log_view_payload_popover (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  guint8 data[40];
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *popover;
  GtkWidget *button;
  SpEvent *event;
  SpEvent *other;
  SpEvent *dropped;
  SpLogRow *row;
  Shown shown;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = "Thank you for connecting\r\n"[i % 26] + (i >= 26 ? 0x80 : 0);
  event = add_payload_event (log, data, sizeof data);
  other = add_payload_event (log, (const guint8 *) "other", 5);
  dropped = add_payload_event (log, (const guint8 *) "gone", 4);
  sp_event_drop_payload (dropped);
  show_view_on (&shown, log);

  g_assert_null (sp_log_view_get_payload_popover (SP_LOG_VIEW (shown.view)));
  sp_log_view_set_payload_view (SP_LOG_VIEW (shown.view), SP_PAYLOAD_VIEW_TEXT);

  /* The row's byte count opens it. */
  WAIT_UNTIL ((row = row_for (shown.view, event)) != NULL);
  button = find_descendant (GTK_WIDGET (row), GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "40 bytes");
  /* A click, as the pointer makes it (activating the button as the keyboard does leaves
   * GTK 4.8 a tooltip timer that outlives this window). */
  g_signal_emit_by_name (button, "clicked");

  popover = sp_log_view_get_payload_popover (SP_LOG_VIEW (shown.view));
  g_assert_true (SP_IS_PAYLOAD_POPOVER (popover));
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  g_assert_true (sp_payload_popover_get_event (SP_PAYLOAD_POPOVER (popover)) == event);
  g_assert_true (sp_log_view_get_selected_event (SP_LOG_VIEW (shown.view)) == event);
  g_assert_cmpstr (sp_payload_popover_get_summary (SP_PAYLOAD_POPOVER (popover)), ==, "40 bytes");

  /* It opens on the pane's rendering, and shows the others. */
  g_assert_cmpint (sp_payload_popover_get_view (SP_PAYLOAD_POPOVER (popover)), ==, SP_PAYLOAD_VIEW_TEXT);
  text = sp_payload_popover_dup_text (SP_PAYLOAD_POPOVER (popover), SP_PAYLOAD_VIEW_TEXT);
  escaped = sp_payload_popover_dup_text (SP_PAYLOAD_POPOVER (popover), SP_PAYLOAD_VIEW_ESCAPED);
  hex = sp_payload_popover_dup_text (SP_PAYLOAD_POPOVER (popover), SP_PAYLOAD_VIEW_HEX);
  g_assert_true (g_str_has_prefix (text, "Thank you for connecting\r\n\\xd4"));
  g_assert_true (g_str_has_prefix (escaped, "Thank you for connecting\\r\\n\\xd4"));
  g_assert_cmpstr (hex, ==,
                   "00000000  54 68 61 6e 6b 20 79 6f  75 20 66 6f 72 20 63 6f  |Thank you for co|\n"
                   "00000010  6e 6e 65 63 74 69 6e 67  0d 0a d4 e8 e1 ee eb a0  |nnecting........|\n"
                   "00000020  f9 ef f5 a0 e6 ef f2 a0                           |........|\n"
                   "00000028\n");

  /* Another rendering for this event only: the pane keeps its own. */
  sp_payload_popover_set_view (SP_PAYLOAD_POPOVER (popover), SP_PAYLOAD_VIEW_HEX);
  g_assert_cmpint (sp_log_view_get_payload_view (SP_LOG_VIEW (shown.view)), ==, SP_PAYLOAD_VIEW_TEXT);
  g_assert_true (gtk_widget_activate_action (popover, "payload.copy", NULL));
  copied = read_clipboard (popover);
  g_assert_cmpstr (copied, ==, hex);

  /* Activating another row (Enter) shows that one, on the pane's rendering again. */
  gtk_popover_popdown (GTK_POPOVER (popover));
  WAIT_UNTIL (!gtk_widget_get_mapped (popover));
  g_signal_emit_by_name (find_descendant (shown.view, GTK_TYPE_LIST_VIEW), "activate", 1);
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  g_assert_true (sp_payload_popover_get_event (SP_PAYLOAD_POPOVER (popover)) == other);
  g_assert_cmpint (sp_payload_popover_get_view (SP_PAYLOAD_POPOVER (popover)), ==, SP_PAYLOAD_VIEW_TEXT);
  g_clear_pointer (&text, g_free);
  text = sp_payload_popover_dup_text (SP_PAYLOAD_POPOVER (popover), SP_PAYLOAD_VIEW_ESCAPED);
  g_assert_cmpstr (text, ==, "other");

  /* Bytes the log dropped: nothing to show or copy, and the popover says why. */
  WAIT_UNTIL ((row = row_for (shown.view, dropped)) != NULL);
  g_signal_emit_by_name (find_descendant (GTK_WIDGET (row), GTK_TYPE_BUTTON), "clicked");
  g_assert_true (sp_payload_popover_get_event (SP_PAYLOAD_POPOVER (popover)) == dropped);
  g_assert_nonnull (strstr (sp_payload_popover_get_summary (SP_PAYLOAD_POPOVER (popover)),
                            "dropped these 4 bytes"));
  g_clear_pointer (&text, g_free);
  text = sp_payload_popover_dup_text (SP_PAYLOAD_POPOVER (popover), SP_PAYLOAD_VIEW_HEX);
  g_assert_cmpstr (text, ==, "");
  g_assert_false (gtk_widget_get_sensitive (find_actionable (popover, "payload.copy")));

  shown_clear (&shown);
}

static gboolean
row_visible (GtkWidget *view,
             SpEvent   *event)
{
  SpLogRow *row = row_for (view, event);
  GtkWidget *scrolled;
  graphene_rect_t bounds;

  if (row == NULL)
    return FALSE;

  scrolled = find_descendant (view, GTK_TYPE_SCROLLED_WINDOW);
  if (!gtk_widget_compute_bounds (GTK_WIDGET (row), scrolled, &bounds))
    return FALSE;

  return bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled) + 1;
}

/* What a sequence diagram will do: select an event, and the log shows it. */
static void
test_log_view_selected_event (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  GtkSelectionModel *selection;
  SpEvent *appended;
  guint notified = 0;
  Shown shown;

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *message = g_strdup_printf ("Event number %u.", i);

      g_ptr_array_add (events, sp_event_log_add (log, i % 2 ? SP_EVENT_KIND_SEND : SP_EVENT_KIND_INFO,
                                                 i % 2 ? SP_DIRECTION_OUT : SP_DIRECTION_NONE,
                                                 1, NULL, NULL, message));
    }
  show_view_on (&shown, log);
  WAIT_UNTIL (!sp_log_view_get_pending (SP_LOG_VIEW (shown.view)));
  g_signal_connect (shown.view, "notify::selected-event", G_CALLBACK (count_notify_cb), &notified);
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (find_descendant (shown.view, GTK_TYPE_LIST_VIEW)));

  g_assert_null (sp_log_view_get_selected_event (SP_LOG_VIEW (shown.view)));

  /* Far from the end: selected, scrolled into view, and the list stops following. */
  g_object_set (shown.view, "selected-event", events->pdata[10], NULL);
  g_assert_true (sp_log_view_get_selected_event (SP_LOG_VIEW (shown.view)) == events->pdata[10]);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, 10);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (sp_log_view_get_following (SP_LOG_VIEW (shown.view)));
  WAIT_UNTIL (row_visible (shown.view, events->pdata[10]));

  /* Then in the middle. */
  sp_log_view_set_selected_event (SP_LOG_VIEW (shown.view), events->pdata[1234]);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, 1234);
  g_assert_cmpuint (notified, ==, 2);
  WAIT_UNTIL (row_visible (shown.view, events->pdata[1234]));

  /* Setting it again changes nothing. */
  sp_log_view_set_selected_event (SP_LOG_VIEW (shown.view), events->pdata[1234]);
  g_assert_cmpuint (notified, ==, 2);

  /* The person's own selection is told the same way. */
  gtk_selection_model_select_item (selection, 7, TRUE);
  g_assert_true (sp_log_view_get_selected_event (SP_LOG_VIEW (shown.view)) == events->pdata[7]);
  g_assert_cmpuint (notified, ==, 3);

  /* An event the filters hide cannot be selected: nothing is. */
  sp_log_view_set_direction_filter (SP_LOG_VIEW (shown.view), SP_DIRECTION_OUT);
  WAIT_UNTIL (!sp_log_view_get_pending (SP_LOG_VIEW (shown.view)));
  sp_log_view_set_selected_event (SP_LOG_VIEW (shown.view), events->pdata[100]);
  g_assert_null (sp_log_view_get_selected_event (SP_LOG_VIEW (shown.view)));
  sp_log_view_set_selected_event (SP_LOG_VIEW (shown.view), events->pdata[101]);
  g_assert_true (sp_log_view_get_selected_event (SP_LOG_VIEW (shown.view)) == events->pdata[101]);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, 50);
  sp_log_view_set_direction_filter (SP_LOG_VIEW (shown.view), SP_DIRECTION_NONE);
  WAIT_UNTIL (!sp_log_view_get_pending (SP_LOG_VIEW (shown.view)));

  /* NULL selects nothing. */
  sp_log_view_set_selected_event (SP_LOG_VIEW (shown.view), NULL);
  g_assert_null (sp_log_view_get_selected_event (SP_LOG_VIEW (shown.view)));

  /* An event appended a moment ago is selected as soon as the list shows it. */
  appended = sp_event_log_add (log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 1, NULL, NULL, "Just now.");
  sp_log_view_set_selected_event (SP_LOG_VIEW (shown.view), appended);
  WAIT_UNTIL (sp_log_view_get_selected_event (SP_LOG_VIEW (shown.view)) == appended);
  WAIT_UNTIL (row_visible (shown.view, appended));

  shown_clear (&shown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/log-view/create-destroy", test_log_view_create_destroy);
  g_test_add_func ("/log-view/follows-end", test_log_view_follows_end);
  g_test_add_func ("/log-view/batch", test_log_view_batch);
  g_test_add_func ("/log-view/search", test_log_view_search);
  g_test_add_func ("/log-view/filter/direction", test_log_view_filter_direction);
  g_test_add_func ("/log-view/filter/kind", test_log_view_filter_kind);
  g_test_add_func ("/log-view/filter/connection", test_log_view_filter_connection);
  g_test_add_func ("/log-view/filter/incremental", test_log_view_filter_incremental);
  g_test_add_func ("/log-view/copy", test_log_view_copy);
  g_test_add_func ("/log-view/clear", test_log_view_clear);
  g_test_add_func ("/log-view/record/json", test_log_view_record_json);
  g_test_add_func ("/log-view/record/text", test_log_view_record_text);
  g_test_add_func ("/log-view/record/failure", test_log_view_record_failure);
  g_test_add_func ("/log-view/payload-view", test_log_view_payload_view);
  g_test_add_func ("/log-view/payload-popover", test_log_view_payload_popover);
  g_test_add_func ("/log-view/selected-event", test_log_view_selected_event);

  return g_test_run ();
}
