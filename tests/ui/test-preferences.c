/* test-preferences.c — the Preferences window changes what the app does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GSETTINGS_BACKEND=memory (set by the suite) keeps every change inside this process.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "sp-application.h"
#include "sp-core.h"
#include "sp-preferences-window.h"
#include "sp-window.h"
#include "sp-ui-test.h"

static void
test_preferences (void)
{
  g_autoptr(SpApplication) app = sp_application_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  g_autofree char *address = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  SpPreferencesWindow *preferences;
  SpServerPane *pane;
  GSettings *settings;
  SpWindow *window;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  settings = sp_application_get_settings (app);
  g_assert_nonnull (settings);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  g_assert_cmpstr (accels[0], ==, "<Control>comma");

  g_application_activate (G_APPLICATION (app));
  WAIT_UNTIL (sp_ui_test_find_window (SP_TYPE_WINDOW) != NULL);
  window = SP_WINDOW (sp_ui_test_find_window (SP_TYPE_WINDOW));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_UNTIL (sp_ui_test_find_window (SP_TYPE_PREFERENCES_WINDOW) != NULL);
  preferences = SP_PREFERENCES_WINDOW (sp_ui_test_find_window (SP_TYPE_PREFERENCES_WINDOW));

  /* A name or junk is refused with a sentence, and the stored address stays. */
  g_assert_false (sp_preferences_window_apply_bind_address (preferences, "localhost", &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_BAD_HOST);
  g_assert_nonnull (strstr (error->message, "not an IP address"));
  g_clear_error (&error);
  g_assert_false (sp_preferences_window_apply_bind_address (preferences, "  ", &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_BAD_HOST);
  g_clear_error (&error);
  address = g_settings_get_string (settings, "default-bind-address");
  g_assert_cmpstr (address, ==, "127.0.0.1");
  g_clear_pointer (&address, g_free);

  /* IPv6, typed as in an endpoint: new server panes listen there. */
  g_assert_true (sp_preferences_window_apply_bind_address (preferences, "[::1]", &error));
  g_assert_no_error (error);
  address = g_settings_get_string (settings, "default-bind-address");
  g_assert_cmpstr (address, ==, "::1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-server", NULL));
  pane = SP_SERVER_PANE (g_list_model_get_item (sp_window_get_panes (window),
                                                g_list_model_get_n_items (sp_window_get_panes (window)) - 1));
  g_object_unref (pane);
  g_assert_cmpstr (sp_server_pane_get_endpoint_text (pane), ==, "tcp://[::1]:0");

  /* The log budget reaches every pane's log at once. */
  g_settings_set_uint (settings, "log-budget-mib", 3);
  g_assert_cmpuint (sp_event_log_get_budget (sp_server_get_log (sp_server_pane_get_server (pane))), ==,
                    3 * 1024 * 1024);
  g_assert_cmpuint (sp_event_log_get_budget (sp_client_get_log (sp_client_pane_get_client (sp_window_get_client_pane (window)))), ==,
                    3 * 1024 * 1024);

  /* The style follows the setting. */
  g_settings_set_string (settings, "color-scheme", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (preferences), "preferences-dark");
  g_settings_set_string (settings, "color-scheme", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_settings_reset (settings, "color-scheme");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (preferences), "preferences");

  gtk_window_destroy (GTK_WINDOW (preferences));
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

  g_test_add_func ("/preferences/settings-apply", test_preferences);

  return g_test_run ();
}
