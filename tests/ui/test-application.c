/* test-application.c — the application's window, actions and resources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "sp-application.h"
#include "sp-window.h"
#include "sp-ui-test.h"

static void
test_application_window_and_actions (void)
{
  g_autoptr(SpApplication) app = sp_application_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  GtkWindow *window;
  GtkWindow *first;
  GtkWindow *about;
  GtkWindow *shortcuts;

  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (app)), ==, APP_ID);
  g_assert_cmpstr (g_application_get_resource_base_path (G_APPLICATION (app)), ==,
                   RESOURCE_BASE_PATH);

  /* Not the one instance of a running Socket Playground: a private one. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (accels[0], ==, "<Control>q");

  /* Activating twice presents the same, single window. */
  g_application_activate (G_APPLICATION (app));
  WAIT_UNTIL (sp_ui_test_find_window (SP_TYPE_WINDOW) != NULL);
  first = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (window == first);
  g_assert_true (SP_IS_WINDOW (window));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  /* The help overlay comes from the resource base path, with its action. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  WAIT_UNTIL (sp_ui_test_find_window (GTK_TYPE_SHORTCUTS_WINDOW) != NULL);
  shortcuts = sp_ui_test_find_window (GTK_TYPE_SHORTCUTS_WINDOW);
  gtk_window_close (shortcuts);
  WAIT_UNTIL (sp_ui_test_find_window (GTK_TYPE_SHORTCUTS_WINDOW) == NULL);

  /* About. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  WAIT_UNTIL (sp_ui_test_find_window (ADW_TYPE_ABOUT_WINDOW) != NULL);
  about = sp_ui_test_find_window (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==,
                   "Socket Playground");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);
  gtk_window_destroy (about);

  /* The window's actions are reachable by name from the window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.disconnect", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop-server", NULL));

  /* Quit closes everything. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  WAIT_UNTIL (sp_ui_test_find_window (SP_TYPE_WINDOW) == NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/application/window-and-actions", test_application_window_and_actions);

  return g_test_run ();
}
