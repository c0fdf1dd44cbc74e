/* sp-application.c — the application: one window, the about window, quit, and the
 * playground files given on the command line or by the file manager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-application.h"
#include "sp-preferences-window.h"
#include "sp-window.h"
#include "sp-window-scenario.h"

struct _SpApplication
{
  AdwApplication parent_instance;

  GSettings     *settings;   /* NULL when the schema is not installed (some tests) */
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

static void
sp_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  SpApplication *self = user_data;
  GtkWindow *window;

  g_assert (SP_IS_APPLICATION (self));

  if (self->settings == NULL)
    return;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (sp_preferences_window_new (window, self->settings)));
}

static const GActionEntry app_actions[] = {
  { "quit", sp_application_quit_action },
  { "about", sp_application_about_action },
  { "preferences", sp_application_preferences_action },
};

/* The settings, when the installed schema knows every key this version reads. */
static GSettings *
sp_application_create_settings (void)
{
  static const char *keys[] = { "color-scheme", "default-bind-address", "log-budget-mib",
                                "payload-view", "code-language", "last-file" };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (!g_settings_schema_has_key (schema, keys[i]))
      return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

static void
sp_application_color_scheme_changed_cb (SpApplication *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  AdwColorScheme scheme;

  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;

    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;

    default:
      scheme = ADW_COLOR_SCHEME_DEFAULT;
      break;
    }

  adw_style_manager_set_color_scheme (style_manager, scheme);
}

/**
 * sp_application_get_settings:
 *
 * Returns: (nullable) (transfer none): the application's settings, %NULL when the
 *   schema is not installed
 */
GSettings *
sp_application_get_settings (SpApplication *self)
{
  g_return_val_if_fail (SP_IS_APPLICATION (self), NULL);

  return self->settings;
}

static void
sp_application_activate (GApplication *application)
{
  GtkWindow *window;

  SpApplication *self = SP_APPLICATION (application);

  window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    {
      g_autofree char *last = NULL;

      window = GTK_WINDOW (sp_window_new (self));

      /* The playground that was open when the window last closed comes back, if it is
       * still there; otherwise the window starts on the lesson. */
      if (self->settings != NULL)
        last = g_settings_get_string (self->settings, "last-file");
      if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
        {
          g_autoptr(GFile) file = g_file_new_for_path (last);

          sp_window_scenario_open (sp_window_scenario_get (SP_WINDOW (window)), file);
        }
    }

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
  static const char *preferences_accels[] = { "<Primary>comma", NULL };
  static const char *open_accels[] = { "<Primary>o", NULL };
  static const char *save_accels[] = { "<Primary>s", NULL };
  static const char *save_as_accels[] = { "<Primary><Shift>s", NULL };
  static const char *edit_lab_accels[] = { "<Primary>e", NULL };
  SpApplication *self = SP_APPLICATION (application);

  G_APPLICATION_CLASS (sp_application_parent_class)->startup (application);

  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "file.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "file.save", save_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "file.save-as", save_as_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "file.edit-lab", edit_lab_accels);

  self->settings = sp_application_create_settings ();
  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::color-scheme",
                               G_CALLBACK (sp_application_color_scheme_changed_cb), self,
                               G_CONNECT_SWAPPED);
      sp_application_color_scheme_changed_cb (self);
    }
  else
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                              "preferences")),
                                 FALSE);
}

static void
sp_application_finalize (GObject *object)
{
  SpApplication *self = SP_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sp_application_parent_class)->finalize (object);
}

static void
sp_application_class_init (SpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sp_application_finalize;

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
