/* test-log-view.c — the log list follows the newest event unless the person scrolled up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "sp-core.h"
#include "sp-log-view.h"

#define TIMEOUT_SECONDS 10

static gboolean
wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main loop until @cond holds, failing at the deadline instead of hanging. */
#define WAIT_UNTIL(cond) \
  G_STMT_START { \
    gint64 wu_deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC; \
    guint wu_timer = g_timeout_add (50, wake_up_cb, NULL); \
    while (!(cond) && g_get_monotonic_time () < wu_deadline) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (wu_timer); \
    if (!(cond)) \
      g_test_message ("Timed out after %d s waiting for: %s", TIMEOUT_SECONDS, #cond); \
    g_assert_true (cond); \
  } G_STMT_END

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
      GtkWidget *found = find_descendant (child, type);

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/log-view/create-destroy", test_log_view_create_destroy);
  g_test_add_func ("/log-view/follows-end", test_log_view_follows_end);

  return g_test_run ();
}
