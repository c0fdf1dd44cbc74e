/* sp-ui-test.h — waiting in the window's tests: the main loop spins, nothing sleeps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A safety net, not a timing: generous so that slow sanitizer runs never trip it. */
#define SP_UI_TEST_TIMEOUT_SECONDS 60

static inline gboolean
sp_ui_test_wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main loop until @cond holds; a timer wakes the loop now and then so that a
 * condition that never comes true fails after @seconds instead of hanging. */
#define WAIT_UNTIL_FOR(cond, seconds) \
  G_STMT_START { \
    gint64 wu_deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    guint wu_timer = g_timeout_add (50, sp_ui_test_wake_up_cb, NULL); \
    while (!(cond) && g_get_monotonic_time () < wu_deadline) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (wu_timer); \
    if (!(cond)) \
      g_test_message ("Timed out after %d s waiting for: %s", (int) (seconds), #cond); \
    g_assert_true (cond); \
  } G_STMT_END

#define WAIT_UNTIL(cond) WAIT_UNTIL_FOR (cond, SP_UI_TEST_TIMEOUT_SECONDS)

void     sp_ui_test_maybe_save_screenshot (GtkWidget  *window,
                                           const char *name);
gboolean sp_ui_test_activate_shortcut     (GtkWidget  *widget,
                                           const char *accelerator);
void     sp_ui_test_load_style_sheet      (void);
GtkWindow *sp_ui_test_find_window         (GType       type);

G_END_DECLS
