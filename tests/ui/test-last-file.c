/* test-last-file.c — the playground open when the window closed opens at the next start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its own program: an application registers on the session bus once per process.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "sp-application.h"
#include "sp-window.h"
#include "sp-window-scenario.h"
#include "sp-ui-test.h"

/* The playground file open when the window closed opens again at the next start. */
static void
test_last_file (void)
{
  g_autoptr(SpApplication) app = sp_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sp-last-file-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lab.playground", NULL);
  g_autofree char *lesson = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", "echo.playground", NULL);
  g_autofree char *contents = NULL;
  SpWindowScenario *scenario;
  SpWindow *window;

  g_assert_true (g_file_get_contents (lesson, &contents, NULL, &error));
  g_assert_true (g_file_set_contents (path, contents, -1, &error));

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_settings_set_string (sp_application_get_settings (app), "last-file", path);

  g_application_activate (G_APPLICATION (app));
  WAIT_UNTIL (sp_ui_test_find_window (SP_TYPE_WINDOW) != NULL);
  window = SP_WINDOW (sp_ui_test_find_window (SP_TYPE_WINDOW));
  scenario = sp_window_scenario_get (window);
  WAIT_UNTIL (sp_window_scenario_get_file (scenario) != NULL && !sp_window_scenario_get_busy (scenario));
  {
    g_autofree char *opened = g_file_get_path (sp_window_scenario_get_file (scenario));

    g_assert_cmpstr (opened, ==, path);
  }

  g_remove (path);
  g_rmdir (dir);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  WAIT_UNTIL (sp_ui_test_find_window (SP_TYPE_WINDOW) == NULL);
  g_settings_reset (sp_application_get_settings (app), "last-file");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/preferences/last-file", test_last_file);

  return g_test_run ();
}
