/* sp-application.c — the application: one window, the about window, quit, and the
 * playground files given on the command line or by the file manager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-application.h"
#include "sp-window.h"
#include "sp-window-scenario.h"

struct _SpApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SpApplication, sp_application, ADW_TYPE_APPLICATION)

static void
sp_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  SpApplication *self = user_data;

  g_assert (SP_IS_APPLICATION (self));

  g_application_quit (G_APPLICATION (self));
}

static void
sp_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  static const char *developers[] = {
    "The Socket Playground developers",
    NULL
  };
  SpApplication *self = user_data;
  GtkWindow *window;

  g_assert (SP_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Socket Playground"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", "The Socket Playground developers",
                         "developers", developers,
                         "copyright", "© 2025 The Socket Playground developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/socketplayground/socket-playground",
                         "issue-url", "https://github.com/socketplayground/socket-playground/issues",
                         "comments", _("Learn how network sockets work by running real servers "
                                       "and clients side by side and watching every call, "
                                       "byte and state change they go through."),
                         /* Translators: put your names here, one a line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", sp_application_quit_action },
  { "about", sp_application_about_action },
};

static void
sp_application_activate (GApplication *application)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (sp_window_new (SP_APPLICATION (application)));

  gtk_window_present (window);
}

/* A file given on the command line or opened from the file manager replaces the
 * playground on show; only the first of several is opened, the window having one. */
static void
sp_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    window = GTK_WINDOW (sp_window_new (SP_APPLICATION (application)));

  gtk_window_present (window);

  if (n_files > 0)
    sp_window_scenario_open (sp_window_scenario_get (SP_WINDOW (window)), files[0]);
}

static void
sp_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *open_accels[] = { "<Primary>o", NULL };
  static const char *save_accels[] = { "<Primary>s", NULL };
  static const char *save_as_accels[] = { "<Primary><Shift>s", NULL };

  G_APPLICATION_CLASS (sp_application_parent_class)->startup (application);

  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "file.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "file.save", save_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "file.save-as", save_as_accels);
}

static void
sp_application_class_init (SpApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = sp_application_activate;
  app_class->open = sp_application_open;
  app_class->startup = sp_application_startup;
}

static void
sp_application_init (SpApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
}

SpApplication *
sp_application_new (void)
{
  return g_object_new (SP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}
