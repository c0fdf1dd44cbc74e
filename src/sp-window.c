/* sp-window.c — the main window: the lesson's server and client side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sp-core.h"
#include "sp-window.h"

/* The seed's lesson: a server on port 12345 thanks each client and hangs up. */
#define LESSON_HOST  "127.0.0.1"
#define LESSON_PORT  12345
/* What travels on the wire, as in the lesson: data, not a translatable sentence. */
#define LESSON_REPLY "Thank you for connecting"

#define DEFAULT_WIDTH  1200
#define DEFAULT_HEIGHT 760

struct _SpWindow
{
  AdwApplicationWindow  parent_instance;

  /* NULL when the schema is not installed: the size is then not remembered. */
  GSettings            *settings;

  SpServerPane         *server_pane;
  SpClientPane         *client_pane;

  /* Template children */
  GtkBox               *panes_box;

  /* The client's address follows the server's while the two say the same. */
  guint                 client_follows_server : 1;
  guint                 updating_client : 1;
};

G_DEFINE_FINAL_TYPE (SpWindow, sp_window, ADW_TYPE_APPLICATION_WINDOW)

static GSettings *
sp_window_create_settings (void)
{
  static const char *keys[] = { "window-width", "window-height", "window-maximized" };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("Schema %s is not installed; the window size will not be remembered", APP_ID);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (!g_settings_schema_has_key (schema, keys[i]))
        {
          g_debug ("Schema %s has no key %s; the window size will not be remembered",
                   APP_ID, keys[i]);
          return NULL;
        }
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
sp_window_restore_size (SpWindow *self)
{
  int width;
  int height;

  g_assert (SP_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
sp_window_save_size (SpWindow *self)
{
  int width;
  int height;

  g_assert (SP_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
sp_window_server_endpoint_text_changed_cb (SpWindow     *self,
                                           GParamSpec   *pspec,
                                           SpServerPane *server_pane)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  const char *text;

  g_assert (SP_IS_WINDOW (self));

  if (!self->client_follows_server)
    return;

  text = sp_server_pane_get_endpoint_text (server_pane);

  /* Port 0 is no place to connect to: wait for the port the system picks. */
  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, NULL);
  if (endpoint == NULL)
    return;

  self->updating_client = TRUE;
  sp_client_pane_set_endpoint_text (self->client_pane, text);
  self->updating_client = FALSE;
}

static void
sp_window_client_endpoint_text_changed_cb (SpWindow     *self,
                                           GParamSpec   *pspec,
                                           SpClientPane *client_pane)
{
  g_assert (SP_IS_WINDOW (self));

  if (self->updating_client)
    return;

  /* Typed by the person: follow the server again only once they agree. */
  self->client_follows_server =
    g_strcmp0 (sp_client_pane_get_endpoint_text (client_pane),
               sp_server_pane_get_endpoint_text (self->server_pane)) == 0;
}

static void
sp_window_start_server_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->server_pane), "pane.start", NULL);
}

static void
sp_window_stop_server_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->server_pane), "pane.stop", NULL);
}

static void
sp_window_connect_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->client_pane), "pane.connect", NULL);
}

static void
sp_window_disconnect_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->client_pane), "pane.disconnect", NULL);
}

/* The lesson starts with the server: Start Server gets the keyboard focus, rather
 * than the first widget of the header bar. */
static void
sp_window_map (GtkWidget *widget)
{
  SpWindow *self = SP_WINDOW (widget);

  GTK_WIDGET_CLASS (sp_window_parent_class)->map (widget);

  if (gtk_root_get_focus (GTK_ROOT (self)) == NULL)
    gtk_widget_child_focus (GTK_WIDGET (self->server_pane), GTK_DIR_TAB_FORWARD);
}

static gboolean
sp_window_close_request (GtkWindow *window)
{
  sp_window_save_size (SP_WINDOW (window));

  return GTK_WINDOW_CLASS (sp_window_parent_class)->close_request (window);
}

static void
sp_window_dispose (GObject *object)
{
  SpWindow *self = (SpWindow *)object;

  if (self->server_pane != NULL)
    g_signal_handlers_disconnect_by_data (self->server_pane, self);
  if (self->client_pane != NULL)
    g_signal_handlers_disconnect_by_data (self->client_pane, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_WINDOW);

  self->server_pane = NULL;
  self->client_pane = NULL;
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sp_window_parent_class)->dispose (object);
}

static void
sp_window_class_init (SpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sp_window_dispose;

  widget_class->map = sp_window_map;

  window_class->close_request = sp_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/sp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpWindow, panes_box);

  /* Keys that text entries leave alone, so they work wherever the focus is. */
  gtk_widget_class_install_action (widget_class, "win.start-server", NULL,
                                   sp_window_start_server_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.start-server", NULL);

  gtk_widget_class_install_action (widget_class, "win.stop-server", NULL,
                                   sp_window_stop_server_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.stop-server", NULL);

  gtk_widget_class_install_action (widget_class, "win.connect", NULL,
                                   sp_window_connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.connect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "win.connect", NULL);

  gtk_widget_class_install_action (widget_class, "win.disconnect", NULL,
                                   sp_window_disconnect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.disconnect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.disconnect", NULL);
}

static void
sp_window_init (SpWindow *self)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpClient) client = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  endpoint = sp_endpoint_new_inet (SP_TRANSPORT_TCP, LESSON_HOST, LESSON_PORT);

  server = sp_server_new (endpoint);
  sp_server_set_behaviour (server, SP_BEHAVIOUR_REPLY);
  sp_server_set_reply_text (server, LESSON_REPLY);
  sp_server_set_close_after_reply (server, TRUE);

  client = sp_client_new (endpoint);

  self->server_pane = SP_SERVER_PANE (sp_server_pane_new (server));
  self->client_pane = SP_CLIENT_PANE (sp_client_pane_new (client));
  gtk_box_append (self->panes_box, GTK_WIDGET (self->server_pane));
  gtk_box_append (self->panes_box, GTK_WIDGET (self->client_pane));

  self->client_follows_server =
    g_strcmp0 (sp_client_pane_get_endpoint_text (self->client_pane),
               sp_server_pane_get_endpoint_text (self->server_pane)) == 0;

  g_signal_connect_object (self->server_pane,
                           "notify::endpoint-text",
                           G_CALLBACK (sp_window_server_endpoint_text_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client_pane,
                           "notify::endpoint-text",
                           G_CALLBACK (sp_window_client_endpoint_text_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  gtk_window_set_default_size (GTK_WINDOW (self), DEFAULT_WIDTH, DEFAULT_HEIGHT);
  self->settings = sp_window_create_settings ();
  sp_window_restore_size (self);
}

/**
 * sp_window_new:
 * @application: (nullable): the application the window belongs to
 *
 * Returns: (transfer none): a new window on the seed's lesson
 */
SpWindow *
sp_window_new (SpApplication *application)
{
  g_return_val_if_fail (application == NULL || SP_IS_APPLICATION (application), NULL);

  return g_object_new (SP_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * sp_window_get_server_pane:
 *
 * Returns: (transfer none): the lesson's server pane
 */
SpServerPane *
sp_window_get_server_pane (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->server_pane;
}

/**
 * sp_window_get_client_pane:
 *
 * Returns: (transfer none): the lesson's client pane
 */
SpClientPane *
sp_window_get_client_pane (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->client_pane;
}
