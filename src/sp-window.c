/* sp-window.c — the main window: a row of server and client panes, side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Panes sit in one scrolling row, so an exchange can be watched at both ends at once;
 * a narrow window stacks them instead. Closing a pane closes its sockets, and a toast
 * says so and offers to bring the pane back (its settings, not its connections).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sp-core.h"
#include "sp-port-panel.h"
#include "sp-teaching-panel.h"
#include "sp-protocol.h"
#include "sp-window.h"
#include "sp-window-private.h"
#include "sp-window-scenario.h"

/* The seed's lesson: a server on port 12345 thanks each client and hangs up. */
#define LESSON_HOST  "127.0.0.1"
#define LESSON_PORT  12345
/* What travels on the wire, as in the lesson: data, not a translatable sentence. */
#define LESSON_REPLY "Thank you for connecting"

/* A new server lets the system pick a free port, shown once bound. */
#define NEW_SERVER_ENDPOINT "tcp://127.0.0.1:0"

#define DEFAULT_WIDTH  1280
#define DEFAULT_HEIGHT 760

/* Below this width the panes are stacked rather than set side by side. */
#define NARROW_WIDTH   720
#define NARROW_PANE_HEIGHT 620

struct _SpWindow
{
  AdwApplicationWindow  parent_instance;

  /* NULL when the schema is not installed: the size is then not remembered. */
  char                 *demo_endpoint;   /* tests: where demos listen instead of their port */
  GSettings            *settings;

  /* Every pane, in the order shown. */
  GListStore           *panes;

  /* The lesson's pair, while they are open. */
  SpServerPane         *server_pane;
  SpClientPane         *client_pane;

  /* The pane the keyboard was last in, for the window's shortcuts. */
  GtkWidget            *current_pane;

  /* The pane the last toast offers to bring back, and where it was. */
  GtkWidget            *closed_pane;
  guint                 closed_position;
  guint                 closed_lesson : 1;
  AdwToast             *toast;

  guint                 next_server_number;
  guint                 next_client_number;

  /* Template children */
  AdwSplitButton       *add_button;
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *ports_revealer;
  GtkPaned             *teaching_paned;
  SpTeachingPanel      *teaching_panel;
  GtkWidget            *port_panel;
  GtkStack             *content_stack;
  GtkScrolledWindow    *panes_scroller;
  GtkBox               *panes_box;

  /* The client's address follows the server's while the two say the same. */
  guint                 client_follows_server : 1;
  guint                 updating_client : 1;
  guint                 narrow : 1;
};

G_DEFINE_FINAL_TYPE (SpWindow, sp_window, ADW_TYPE_APPLICATION_WINDOW)

static void sp_window_log_budget_changed_cb (SpWindow *self);
static void sp_window_teach_pane (SpWindow  *self,
                                  GtkWidget *pane);
static void sp_window_insert_pane (SpWindow  *self,
                                   GtkWidget *pane,
                                   guint      position);

static GSettings *
sp_window_create_settings (void)
{
  static const char *keys[] = { "window-width", "window-height", "window-maximized",
                                "default-bind-address", "log-budget-mib", "payload-view",
                                "code-language", "last-file" };
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

/* GTK 4.8 names a button whose label has a mnemonic twice over: from its label
 * property, underscore included, and from the label the mnemonic points at it, so a
 * screen reader says "_Start Server Start Server". Keep only the second, the text
 * shown. Applied to the window's own buttons and to each pane as it is added. */
static void
sp_window_name_mnemonic_buttons (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget)
      && gtk_button_get_use_underline (GTK_BUTTON (widget))
      && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sp_window_name_mnemonic_buttons (child);
}

/* libadwaita 1.2 names the arrow of a split button "GtkMenuButton": name it after
 * its tooltip. */
static void
sp_window_name_add_button_arrow (SpWindow *self)
{
  g_assert (SP_IS_WINDOW (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->add_button));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_MENU_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("More Panes"),
                                        -1);
    }
}

static gboolean
sp_window_is_pane (GtkWidget *widget)
{
  return SP_IS_SERVER_PANE (widget) || SP_IS_CLIENT_PANE (widget);
}

static guint
sp_window_count_live_sockets (GtkWidget *pane)
{
  if (SP_IS_SERVER_PANE (pane))
    return sp_server_pane_get_n_live_sockets (SP_SERVER_PANE (pane));

  return sp_client_pane_get_n_live_sockets (SP_CLIENT_PANE (pane));
}

/* The one place that decides which of the window's actions can run. */
static void
sp_window_update_actions (SpWindow *self)
{
  guint n_panes = g_list_model_get_n_items (G_LIST_MODEL (self->panes));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-pane", n_panes > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate-pane", n_panes > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-pane", n_panes > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-close", self->closed_pane != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-transcript", n_panes > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-pcapng", n_panes > 0);

  gtk_stack_set_visible_child_name (self->content_stack, n_panes > 0 ? "panes" : "empty");
}

/* Panes side by side in a wide window; stacked, each a screen tall, in a narrow one. */
static void
sp_window_update_layout (SpWindow *self)
{
  GtkWidget *child;
  int width;
  int height;

  g_assert (SP_IS_WINDOW (self));

  width = gtk_widget_get_width (GTK_WIDGET (self));
  if (width <= 0)
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  self->narrow = width > 0 && width < NARROW_WIDTH;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->panes_box),
                                  self->narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_scrolled_window_set_policy (self->panes_scroller,
                                  self->narrow ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC,
                                  self->narrow ? GTK_POLICY_AUTOMATIC : GTK_POLICY_NEVER);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->panes_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_size_request (child, self->narrow ? -1 : 310, self->narrow ? NARROW_PANE_HEIGHT : -1);
}

static void
sp_window_width_changed_cb (SpWindow   *self,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  int width;
  int height;
  gboolean narrow;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  narrow = width > 0 && width < NARROW_WIDTH;

  if (narrow != self->narrow)
    sp_window_update_layout (self);
}

static GtkWidget *
sp_window_find_pane (SpWindow  *self,
                     GtkWidget *widget)
{
  while (widget != NULL && !sp_window_is_pane (widget))
    widget = gtk_widget_get_parent (widget);

  return widget;
}

static void
sp_window_focus_changed_cb (SpWindow   *self,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  GtkWidget *pane = sp_window_find_pane (self, gtk_root_get_focus (GTK_ROOT (self)));

  if (pane != NULL)
    {
      self->current_pane = pane;
      sp_window_teach_pane (self, pane);
    }
}

static gboolean
sp_window_contains (SpWindow  *self,
                    GtkWidget *pane,
                    guint     *position)
{
  return pane != NULL && g_list_store_find (self->panes, pane, position);
}

/* The pane the window's shortcuts act on: the one with the keyboard focus, or the
 * last one that had it, or else the first of @type. */
static GtkWidget *
sp_window_get_current_pane (SpWindow *self,
                            GType     type)
{
  GtkWidget *pane = sp_window_find_pane (self, gtk_root_get_focus (GTK_ROOT (self)));
  guint n;

  if (pane == NULL && sp_window_contains (self, self->current_pane, NULL))
    pane = self->current_pane;

  if (pane != NULL && (type == G_TYPE_NONE || G_TYPE_CHECK_INSTANCE_TYPE (pane, type)))
    return pane;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->panes));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) each = g_list_model_get_item (G_LIST_MODEL (self->panes), i);

      if (type == G_TYPE_NONE || G_TYPE_CHECK_INSTANCE_TYPE (each, type))
        return each;
    }

  return NULL;
}

static void
sp_window_server_endpoint_text_changed_cb (SpWindow     *self,
                                           GParamSpec   *pspec,
                                           SpServerPane *server_pane)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  const char *text;

  g_assert (SP_IS_WINDOW (self));

  if (!self->client_follows_server || self->client_pane == NULL || server_pane != self->server_pane)
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

  if (self->updating_client || client_pane != self->client_pane || self->server_pane == NULL)
    return;

  /* Typed by the person: follow the server again only once they agree. */
  self->client_follows_server =
    g_strcmp0 (sp_client_pane_get_endpoint_text (client_pane),
               sp_server_pane_get_endpoint_text (self->server_pane)) == 0;
}

static void
sp_window_pane_close_requested_cb (SpWindow  *self,
                                   GtkWidget *pane)
{
  sp_window_close_pane (self, pane);
}

static void
sp_window_pane_duplicate_requested_cb (SpWindow  *self,
                                       GtkWidget *pane)
{
  sp_window_duplicate_pane (self, pane);
}

static void
sp_window_toast_dismissed_cb (SpWindow *self,
                              AdwToast *toast)
{
  if (self->toast != toast)
    return;

  self->toast = NULL;

  /* Too late to undo: the pane goes for good. */
  g_clear_object (&self->closed_pane);
  sp_window_update_actions (self);
}

static void
sp_window_show_toast (SpWindow   *self,
                      const char *title,
                      gboolean    can_undo)
{
  AdwToast *toast;

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 8);
  if (can_undo)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-close");
    }
  g_signal_connect_object (toast, "dismissed",
                           G_CALLBACK (sp_window_toast_dismissed_cb),
                           self, G_CONNECT_SWAPPED);

  self->toast = toast;
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A sentence that replaces the toast on show (for the window's sibling files). */
void
_sp_window_show_message (SpWindow   *self,
                         const char *title)
{
  g_return_if_fail (SP_IS_WINDOW (self));

  if (self->toast != NULL)
    {
      AdwToast *previous = self->toast;

      self->toast = NULL;
      adw_toast_dismiss (previous);
    }
  sp_window_show_toast (self, title, FALSE);
}

static void
sp_window_pane_export_requested_cb (SpWindow  *self,
                                    GtkWidget *pane)
{
  _sp_window_export_pane_transcript (self, pane);
}

static const char *
sp_window_get_pane_title (GtkWidget *pane)
{
  if (SP_IS_SERVER_PANE (pane))
    return sp_server_pane_get_title (SP_SERVER_PANE (pane));

  return sp_client_pane_get_title (SP_CLIENT_PANE (pane));
}

/* A pane just added has no size until the next layout; when it has one, bring it into
 * view in the row (or the column of a narrow window). Gives up after @user_data frames. */
static gboolean
sp_window_scroll_to_pane_cb (GtkWidget     *pane,
                             GdkFrameClock *frame_clock,
                             gpointer       user_data)
{
  GtkWidget *box = gtk_widget_get_parent (pane);
  GtkWidget *scroller = box != NULL ? gtk_widget_get_ancestor (box, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  guint frames_left = GPOINTER_TO_UINT (user_data);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  gboolean vertical;
  double start, end, value, page;

  if (scroller == NULL || !gtk_widget_compute_bounds (pane, box, &bounds) ||
      bounds.size.width <= 0 || bounds.size.height <= 0)
    {
      if (frames_left > 1)
        gtk_widget_add_tick_callback (pane, sp_window_scroll_to_pane_cb, GUINT_TO_POINTER (frames_left - 1), NULL);
      return G_SOURCE_REMOVE;
    }

  vertical = gtk_orientable_get_orientation (GTK_ORIENTABLE (box)) == GTK_ORIENTATION_VERTICAL;
  adjustment = vertical ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller))
                        : gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  start = vertical ? bounds.origin.y : bounds.origin.x;
  end = start + (vertical ? bounds.size.height : bounds.size.width);
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);

  if (start < value)
    gtk_adjustment_set_value (adjustment, start);
  else if (end > value + page)
    gtk_adjustment_set_value (adjustment, MIN (start, end - page));

  return G_SOURCE_REMOVE;
}

static void
sp_window_present_pane (SpWindow  *self,
                        GtkWidget *pane)
{
  /* Focus first (it scrolls when it can), then scroll once the pane is laid out. */
  gtk_widget_grab_focus (pane);
  self->current_pane = pane;
  gtk_widget_add_tick_callback (pane, sp_window_scroll_to_pane_cb, GUINT_TO_POINTER (30), NULL);
}

static void
sp_window_add_server_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  SpServerPane *pane = sp_window_add_server_pane (self, NULL);

  sp_window_present_pane (self, GTK_WIDGET (pane));
}

static void
sp_window_add_client_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  SpClientPane *pane = sp_window_add_client_pane (self, NULL);

  sp_window_present_pane (self, GTK_WIDGET (pane));
}

static void
sp_window_close_pane_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  GtkWidget *pane = sp_window_get_current_pane (self, G_TYPE_NONE);

  if (pane != NULL)
    sp_window_close_pane (self, pane);
}

static void
sp_window_duplicate_pane_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  GtkWidget *pane = sp_window_get_current_pane (self, G_TYPE_NONE);

  if (pane != NULL)
    sp_window_present_pane (self, sp_window_duplicate_pane (self, pane));
}

static void
sp_window_rename_pane_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  GtkWidget *pane = sp_window_get_current_pane (self, G_TYPE_NONE);

  if (pane != NULL)
    gtk_widget_activate_action (pane, "pane.rename", NULL);
}

static void
sp_window_undo_close_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  g_autoptr(GtkWidget) closed = g_steal_pointer (&self->closed_pane);
  GtkWidget *pane;

  if (closed == NULL)
    return;

  /* A new pane on the same engine object: its log and totals come back with it. */
  if (SP_IS_SERVER_PANE (closed))
    pane = sp_server_pane_reopen (SP_SERVER_PANE (closed));
  else
    pane = sp_client_pane_reopen (SP_CLIENT_PANE (closed));

  g_signal_handlers_disconnect_by_data (closed, self);
  sp_window_insert_pane (self, pane, self->closed_position);

  /* The lesson's pair is whole again. */
  if (self->closed_lesson && SP_IS_SERVER_PANE (pane) && self->server_pane == NULL)
    self->server_pane = SP_SERVER_PANE (pane);
  else if (self->closed_lesson && SP_IS_CLIENT_PANE (pane) && self->client_pane == NULL)
    self->client_pane = SP_CLIENT_PANE (pane);
  sp_window_present_pane (self, pane);
  sp_window_update_actions (self);
}

/* Opening the teaching views gives them a good share of the height, once. */
static void
sp_window_teaching_visible_cb (SpWindow *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->teaching_paned));

  if (!gtk_widget_get_visible (GTK_WIDGET (self->teaching_panel)) || height <= 0)
    return;

  if (gtk_paned_get_position (self->teaching_paned) <= 0 ||
      gtk_paned_get_position (self->teaching_paned) >= height - 100)
    gtk_paned_set_position (self->teaching_paned, height * 11 / 20);
}

static void
sp_window_toggle_teaching_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->teaching_panel),
                          !gtk_widget_get_visible (GTK_WIDGET (self->teaching_panel)));
}

/* The teaching views show the server pane and the client pane the person last worked in;
 * when one of them closes, the last remaining pane of its kind takes over. */
static void
sp_window_teach_pane (SpWindow  *self,
                      GtkWidget *pane)
{
  if (SP_IS_SERVER_PANE (pane))
    sp_teaching_panel_set_server_pane (self->teaching_panel, pane);
  else if (SP_IS_CLIENT_PANE (pane))
    sp_teaching_panel_set_client_pane (self->teaching_panel, pane);
}

static void
sp_window_update_teaching_subjects (SpWindow *self)
{
  GtkWidget *server_pane = sp_teaching_panel_get_server_pane (self->teaching_panel);
  GtkWidget *client_pane = sp_teaching_panel_get_client_pane (self->teaching_panel);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->panes));
  GtkWidget *last_server = NULL, *last_client = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) pane = g_list_model_get_item (G_LIST_MODEL (self->panes), i);

      if (SP_IS_SERVER_PANE (pane))
        last_server = pane;
      else
        last_client = pane;
    }

  if (server_pane == NULL || !g_list_store_find (self->panes, server_pane, NULL))
    sp_teaching_panel_set_server_pane (self->teaching_panel, last_server);
  if (client_pane == NULL || !g_list_store_find (self->panes, client_pane, NULL))
    sp_teaching_panel_set_client_pane (self->teaching_panel, last_client);
}

static void
sp_window_panes_changed_cb (SpWindow *self)
{
  sp_window_update_teaching_subjects (self);
}

static gboolean
nick_to_code_language (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  g_value_set_enum (value, g_strcmp0 (g_variant_get_string (variant, NULL), "c-language") == 0
                           ? SP_SNIPPET_LANGUAGE_C : SP_SNIPPET_LANGUAGE_PYTHON);
  return TRUE;
}

static GVariant *
code_language_to_nick (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  return g_variant_new_string (g_value_get_enum (value) == SP_SNIPPET_LANGUAGE_C ? "c-language" : "python");
}

static gboolean
nick_to_payload_view (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  g_value_set_enum (value, g_strcmp0 (nick, "hex") == 0 ? SP_PAYLOAD_VIEW_HEX
                           : g_strcmp0 (nick, "escaped") == 0 ? SP_PAYLOAD_VIEW_ESCAPED
                           : SP_PAYLOAD_VIEW_TEXT);
  return TRUE;
}

/* Remembered for the next start: the playground file on show, or none. */
static void
sp_window_scenario_file_cb (SpWindow *self)
{
  GFile *file = sp_window_scenario_get_file (sp_window_scenario_get (self));
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-file", path != NULL ? path : "");
}

static void
sp_window_toggle_ports_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  gboolean reveal = !gtk_revealer_get_reveal_child (self->ports_revealer);

  gtk_revealer_set_reveal_child (self->ports_revealer, reveal);

  if (reveal)
    sp_port_panel_focus_search (SP_PORT_PANEL (self->port_panel));
}

static void
sp_window_pane_action (SpWindow   *self,
                       GType       type,
                       const char *pane_action)
{
  GtkWidget *pane = sp_window_get_current_pane (self, type);

  if (pane != NULL)
    gtk_widget_activate_action (pane, pane_action, NULL);
}

static void
sp_window_start_server_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  sp_window_pane_action (SP_WINDOW (widget), SP_TYPE_SERVER_PANE, "pane.start");
}

static void
sp_window_stop_server_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  sp_window_pane_action (SP_WINDOW (widget), SP_TYPE_SERVER_PANE, "pane.stop");
}

static void
sp_window_connect_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  sp_window_pane_action (SP_WINDOW (widget), SP_TYPE_CLIENT_PANE, "pane.connect");
}

static void
sp_window_disconnect_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  sp_window_pane_action (SP_WINDOW (widget), SP_TYPE_CLIENT_PANE, "pane.disconnect");
}

static void
sp_window_try_protocol_cb (SpWindow    *self,
                           SpProtocol  *protocol,
                           SpPortPanel *panel)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autofree char *text = NULL;
  SpClientPane *pane;

  g_assert (SP_IS_WINDOW (self));
  g_assert (SP_IS_PROTOCOL (protocol));

  endpoint = sp_endpoint_new_inet (sp_protocol_get_transport (protocol), LESSON_HOST,
                                   sp_protocol_get_port (protocol));
  text = sp_endpoint_to_string (endpoint);

  pane = sp_window_add_client_pane_for (self, text, sp_protocol_get_first_request (protocol));
  sp_client_pane_set_title (pane, sp_protocol_get_name (protocol));
  sp_window_present_pane (self, GTK_WIDGET (pane));
}

/* A demo client follows its server when the port changes ("Use a Free Port"), as long as
 * the person has not aimed it elsewhere. */
typedef struct
{
  GWeakRef  client_pane;
  char     *endpoint_text;
} DemoPair;

static void
demo_pair_free (gpointer data)
{
  DemoPair *pair = data;

  g_weak_ref_clear (&pair->client_pane);
  g_free (pair->endpoint_text);
  g_free (pair);
}

static void
sp_window_demo_bound_cb (SpServer   *server,
                         GParamSpec *pspec,
                         DemoPair   *pair)
{
  g_autoptr(SpClientPane) client_pane = g_weak_ref_get (&pair->client_pane);
  SpEndpoint *bound = sp_server_get_bound_endpoint (server);
  g_autofree char *text = NULL;

  if (client_pane == NULL || bound == NULL ||
      g_strcmp0 (sp_client_pane_get_endpoint_text (client_pane), pair->endpoint_text) != 0)
    return;

  text = sp_endpoint_to_string (bound);
  sp_client_pane_set_endpoint_text (client_pane, text);
  g_free (pair->endpoint_text);
  pair->endpoint_text = g_steal_pointer (&text);
}

/* Tests start demos on a port the system picks rather than the protocol's fixed one. */
void
_sp_window_set_demo_endpoint (SpWindow   *self,
                              const char *endpoint_text)
{
  g_return_if_fail (SP_IS_WINDOW (self));

  g_free (self->demo_endpoint);
  self->demo_endpoint = g_strdup (endpoint_text);
}

/**
 * sp_window_start_demo:
 * @protocol: a protocol of the catalogue that has a demo server
 *
 * What the port panel's Demo button does: a server pane running the protocol's demo
 * server on its unprivileged port, started, and a client pane aimed at it with the
 * protocol's first request ready to send.
 *
 * Returns: (transfer none) (nullable): the demo's server pane, or %NULL with a toast
 */
SpServerPane *
sp_window_start_demo (SpWindow   *self,
                      SpProtocol *protocol)
{
  g_autoptr(SpDemoServer) demo = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint_text = NULL;
  g_autofree char *server_title = NULL;
  g_autofree char *client_title = NULL;
  const char *name;
  const char *first;
  SpServerPane *server_pane;
  SpClientPane *client_pane;
  DemoPair *pair;

  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);
  g_return_val_if_fail (SP_IS_PROTOCOL (protocol), NULL);

  name = sp_demo_server_protocol_for_port (sp_protocol_get_port (protocol));
  endpoint_text = self->demo_endpoint != NULL ? g_strdup (self->demo_endpoint)
                                              : sp_demo_server_dup_default_endpoint (name);
  if (endpoint_text != NULL)
    endpoint = sp_endpoint_parse (endpoint_text, SP_ENDPOINT_ROLE_SERVER, &error);
  if (endpoint != NULL)
    demo = sp_demo_server_new (name, endpoint, &error);
  if (demo == NULL)
    {
      sp_window_show_toast (self, error != NULL ? error->message : _("This protocol has no demo server."),
                            FALSE);
      return NULL;
    }

  server_pane = sp_window_add_server_pane (self, sp_demo_server_get_server (demo));
  sp_server_pane_set_demo (server_pane, demo);
  /* Translators: the name of a demo server pane, %s is a protocol such as SMTP */
  server_title = g_strdup_printf (_("%s Demo"), sp_protocol_get_name (protocol));
  sp_server_pane_set_title (server_pane, server_title);

  first = sp_protocol_get_first_request (protocol);
  if (first == NULL)
    first = sp_demo_server_get_first_command (name);
  client_pane = sp_window_add_client_pane_for (self, endpoint_text, first);
  /* Translators: the name of the client pane beside a demo server, %s is a protocol such as SMTP */
  client_title = g_strdup_printf (_("%s Client"), sp_protocol_get_name (protocol));
  sp_client_pane_set_title (client_pane, client_title);

  pair = g_new0 (DemoPair, 1);
  g_weak_ref_init (&pair->client_pane, client_pane);
  pair->endpoint_text = g_strdup (endpoint_text);
  g_signal_connect_data (sp_demo_server_get_server (demo), "notify::bound-endpoint",
                         G_CALLBACK (sp_window_demo_bound_cb), pair,
                         (GClosureNotify) (void (*) (void)) demo_pair_free, 0);

  gtk_widget_activate_action (GTK_WIDGET (server_pane), "pane.start", NULL);
  sp_window_present_pane (self, GTK_WIDGET (client_pane));

  return server_pane;
}

static void
sp_window_start_demo_cb (SpWindow    *self,
                         SpProtocol  *protocol,
                         SpPortPanel *panel)
{
  sp_window_start_demo (self, protocol);
}

/* The lesson starts with the server: Start Server gets the keyboard focus, rather
 * than the first widget of the header bar. */
static void
sp_window_map (GtkWidget *widget)
{
  SpWindow *self = SP_WINDOW (widget);

  GTK_WIDGET_CLASS (sp_window_parent_class)->map (widget);

  sp_window_update_layout (self);

  if (gtk_root_get_focus (GTK_ROOT (self)) == NULL && self->server_pane != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->server_pane));
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

  if (self->panes != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->panes));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GObject) pane = g_list_model_get_item (G_LIST_MODEL (self->panes), i);

          g_signal_handlers_disconnect_by_data (pane, self);
        }
    }

  if (self->closed_pane != NULL)
    g_signal_handlers_disconnect_by_data (self->closed_pane, self);

  _sp_window_export_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_WINDOW);

  self->server_pane = NULL;
  self->client_pane = NULL;
  self->current_pane = NULL;
  self->toast = NULL;
  g_clear_object (&self->closed_pane);
  g_clear_object (&self->panes);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->demo_endpoint, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, SpWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, port_panel);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, ports_revealer);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, teaching_paned);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, teaching_panel);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, panes_box);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, panes_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, toast_overlay);
  /* Reached with gtk_widget_get_template_child () by sp-window-scenario.c. */
  gtk_widget_class_bind_template_child_full (widget_class, "window_title", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "lessons_menu", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "recent_menu", FALSE, 0);

  /* Keys that text entries leave alone, so they work wherever the focus is. */
  gtk_widget_class_install_action (widget_class, "win.add-server", NULL,
                                   sp_window_add_server_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.add-server", NULL);

  gtk_widget_class_install_action (widget_class, "win.add-client", NULL,
                                   sp_window_add_client_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.add-client", NULL);

  gtk_widget_class_install_action (widget_class, "win.close-pane", NULL,
                                   sp_window_close_pane_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "win.close-pane", NULL);

  gtk_widget_class_install_action (widget_class, "win.duplicate-pane", NULL,
                                   sp_window_duplicate_pane_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.duplicate-pane", NULL);

  gtk_widget_class_install_action (widget_class, "win.rename-pane", NULL,
                                   sp_window_rename_pane_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0,
                                       "win.rename-pane", NULL);

  gtk_widget_class_install_action (widget_class, "win.undo-close", NULL,
                                   sp_window_undo_close_action);

  gtk_widget_class_install_action (widget_class, "win.toggle-ports", NULL,
                                   sp_window_toggle_ports_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0,
                                       "win.toggle-ports", NULL);
  gtk_widget_class_install_action (widget_class, "win.toggle-teaching", NULL,
                                   sp_window_toggle_teaching_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0,
                                       "win.toggle-teaching", NULL);

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

  _sp_window_export_class_init (widget_class);

  g_type_ensure (SP_TYPE_PORT_PANEL);
  g_type_ensure (SP_TYPE_TEACHING_PANEL);
}

static void
sp_window_init (SpWindow *self)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpClient) client = NULL;
  self->panes = g_list_store_new (GTK_TYPE_WIDGET);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The application adds its icons to the theme; a window made without one (the tests)
   * finds them too. */
  {
    GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
    g_auto(GStrv) paths = gtk_icon_theme_get_resource_path (theme);

    if (paths == NULL || !g_strv_contains ((const char * const *) paths, RESOURCE_BASE_PATH "/icons"))
      gtk_icon_theme_add_resource_path (theme, RESOURCE_BASE_PATH "/icons");
  }

  sp_window_name_mnemonic_buttons (GTK_WIDGET (self));
  sp_window_name_add_button_arrow (self);

  g_signal_connect_object (self->port_panel, "try-it",
                           G_CALLBACK (sp_window_try_protocol_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->port_panel, "start-demo",
                           G_CALLBACK (sp_window_start_demo_cb),
                           self, G_CONNECT_SWAPPED);

  /* Before the first panes, which read it. */
  self->settings = sp_window_create_settings ();
  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::log-budget-mib",
                               G_CALLBACK (sp_window_log_budget_changed_cb), self, G_CONNECT_SWAPPED);
      for (guint i = 0; i < 2; i++)
        g_settings_bind_with_mapping (self->settings, "code-language",
                                      sp_teaching_panel_get_code_view (self->teaching_panel, i == 0),
                                      "language", G_SETTINGS_BIND_DEFAULT,
                                      nick_to_code_language, code_language_to_nick, NULL, NULL);
    }

  sp_teaching_panel_set_panes (self->teaching_panel, G_LIST_MODEL (self->panes));
  g_signal_connect_object (self->panes, "items-changed",
                           G_CALLBACK (sp_window_panes_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->teaching_panel, "notify::visible",
                           G_CALLBACK (sp_window_teaching_visible_cb), self, G_CONNECT_SWAPPED);

  endpoint = sp_endpoint_new_inet (SP_TRANSPORT_TCP, LESSON_HOST, LESSON_PORT);

  server = sp_server_new (endpoint);
  sp_server_set_behaviour (server, SP_BEHAVIOUR_REPLY);
  sp_server_set_reply_text (server, LESSON_REPLY);
  sp_server_set_close_after_reply (server, TRUE);

  client = sp_client_new (endpoint);

  self->server_pane = sp_window_add_server_pane (self, server);
  self->client_pane = sp_window_add_client_pane (self, client);

  self->client_follows_server =
    g_strcmp0 (sp_client_pane_get_endpoint_text (self->client_pane),
               sp_server_pane_get_endpoint_text (self->server_pane)) == 0;

  g_signal_connect (self, "notify::default-width",
                    G_CALLBACK (sp_window_width_changed_cb), NULL);
  g_signal_connect (self, "notify::maximized",
                    G_CALLBACK (sp_window_width_changed_cb), NULL);
  g_signal_connect (self, "notify::focus-widget",
                    G_CALLBACK (sp_window_focus_changed_cb), NULL);

  /* Open, Save and the Lessons menu live in sp-window-scenario.c. */
  sp_window_scenario_attach (self);
  g_signal_connect_object (sp_window_scenario_get (self), "notify::file",
                           G_CALLBACK (sp_window_scenario_file_cb), self, G_CONNECT_SWAPPED);

  gtk_window_set_default_size (GTK_WINDOW (self), DEFAULT_WIDTH, DEFAULT_HEIGHT);
  sp_window_restore_size (self);

  sp_window_update_actions (self);
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
 * Returns: (transfer none) (nullable): the lesson's server pane, while it is open
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
 * Returns: (transfer none) (nullable): the lesson's client pane, while it is open
 */
SpClientPane *
sp_window_get_client_pane (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->client_pane;
}

/**
 * sp_window_get_panes:
 *
 * Returns: (transfer none): every pane, as #GtkWidget, in the order shown
 */
GListModel *
sp_window_get_panes (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->panes);
}

/* Each pane's log keeps at most the budget chosen in Preferences. */
static void
sp_window_apply_log_budget (SpWindow  *self,
                            GtkWidget *pane)
{
  SpEventLog *log;
  guint mib;

  if (self->settings == NULL)
    return;

  if (SP_IS_SERVER_PANE (pane))
    log = sp_server_get_log (sp_server_pane_get_server (SP_SERVER_PANE (pane)));
  else
    log = sp_client_get_log (sp_client_pane_get_client (SP_CLIENT_PANE (pane)));

  mib = g_settings_get_uint (self->settings, "log-budget-mib");
  sp_event_log_set_budget (log, (gsize) mib * 1024 * 1024);
}

static void
sp_window_log_budget_changed_cb (SpWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->panes));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) pane = g_list_model_get_item (G_LIST_MODEL (self->panes), i);

      sp_window_apply_log_budget (self, pane);
    }
}

/* New server panes listen on the address chosen in Preferences, on a port the system picks. */
static SpEndpoint *
sp_window_new_server_endpoint (SpWindow *self)
{
  g_autofree char *address = NULL;
  g_autofree char *text = NULL;
  SpEndpoint *endpoint = NULL;

  if (self->settings != NULL)
    address = g_settings_get_string (self->settings, "default-bind-address");

  if (address != NULL && *address != '\0')
    {
      text = g_strdup_printf (strchr (address, ':') != NULL ? "tcp://[%s]:0" : "tcp://%s:0", address);
      endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);
    }

  if (endpoint == NULL)
    endpoint = sp_endpoint_parse (NEW_SERVER_ENDPOINT, SP_ENDPOINT_ROLE_SERVER, NULL);

  return endpoint;
}

static void
sp_window_insert_pane (SpWindow  *self,
                       GtkWidget *pane,
                       guint      position)
{
  GtkWidget *sibling = NULL;
  guint n;

  g_assert (SP_IS_WINDOW (self));
  g_assert (sp_window_is_pane (pane));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->panes));
  position = MIN (position, n);

  if (position > 0)
    {
      g_autoptr(GtkWidget) before = g_list_model_get_item (G_LIST_MODEL (self->panes), position - 1);

      sibling = before;
    }

  g_list_store_insert (self->panes, position, pane);
  gtk_box_insert_child_after (self->panes_box, pane, sibling);
  sp_window_name_mnemonic_buttons (pane);
  sp_window_apply_log_budget (self, pane);
  sp_window_teach_pane (self, pane);
  gtk_widget_set_size_request (pane, self->narrow ? -1 : 310, self->narrow ? NARROW_PANE_HEIGHT : -1);

  /* Connected once: a pane brought back by Undo keeps its handlers. */
  if (g_signal_handler_find (pane, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self) == 0)
    {
      /* Preferences choose how every log shows payloads; a pane may still pick its own. */
      if (self->settings != NULL)
        g_settings_bind_with_mapping (self->settings, "payload-view",
                                      SP_IS_SERVER_PANE (pane)
                                        ? (gpointer) sp_server_pane_get_log_view (SP_SERVER_PANE (pane))
                                        : (gpointer) sp_client_pane_get_log_view (SP_CLIENT_PANE (pane)),
                                      "payload-view", G_SETTINGS_BIND_GET,
                                      nick_to_payload_view, NULL, NULL, NULL);
      g_signal_connect_object (pane, "close-requested",
                               G_CALLBACK (sp_window_pane_close_requested_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (pane, "duplicate-requested",
                               G_CALLBACK (sp_window_pane_duplicate_requested_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (pane, "export-requested",
                               G_CALLBACK (sp_window_pane_export_requested_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (pane, "notify::endpoint-text",
                               SP_IS_SERVER_PANE (pane)
                                 ? G_CALLBACK (sp_window_server_endpoint_text_changed_cb)
                                 : G_CALLBACK (sp_window_client_endpoint_text_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  sp_window_update_actions (self);
}

/**
 * sp_window_add_server_pane:
 * @server: (nullable): the server the pane runs, or %NULL for a new one that answers
 *   with an echo on a port the system picks
 *
 * Adds a server pane at the end of the row.
 *
 * Returns: (transfer none): the new pane
 */
SpServerPane *
sp_window_add_server_pane (SpWindow *self,
                           SpServer *server)
{
  g_autoptr(SpServer) new_server = NULL;
  g_autofree char *title = NULL;
  GtkWidget *pane;

  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);
  g_return_val_if_fail (server == NULL || SP_IS_SERVER (server), NULL);

  if (server == NULL)
    {
      g_autoptr(SpEndpoint) endpoint = sp_window_new_server_endpoint (self);

      new_server = sp_server_new (endpoint);
      sp_server_set_behaviour (new_server, SP_BEHAVIOUR_ECHO);
      server = new_server;
    }

  pane = sp_server_pane_new (server);

  /* Translators: the name of a new server pane; %u counts them */
  title = g_strdup_printf (_("Server %u"), ++self->next_server_number);
  sp_server_pane_set_title (SP_SERVER_PANE (pane), title);

  sp_window_insert_pane (self, pane, G_MAXUINT);

  return SP_SERVER_PANE (pane);
}

/**
 * sp_window_add_client_pane:
 * @client: (nullable): the client the pane drives, or %NULL for a new one aimed at
 *   the last server pane
 *
 * Adds a client pane at the end of the row.
 *
 * Returns: (transfer none): the new pane
 */
SpClientPane *
sp_window_add_client_pane (SpWindow *self,
                           SpClient *client)
{
  g_autoptr(SpClient) new_client = NULL;
  g_autofree char *title = NULL;
  GtkWidget *pane;

  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);
  g_return_val_if_fail (client == NULL || SP_IS_CLIENT (client), NULL);

  if (client == NULL)
    {
      g_autoptr(SpEndpoint) endpoint = NULL;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->panes));

      /* Aimed at the last server that has an address a client can reach. */
      for (guint i = n; i > 0 && endpoint == NULL; i--)
        {
          g_autoptr(GtkWidget) each = g_list_model_get_item (G_LIST_MODEL (self->panes), i - 1);

          if (SP_IS_SERVER_PANE (each))
            endpoint = sp_endpoint_parse (sp_server_pane_get_endpoint_text (SP_SERVER_PANE (each)),
                                          SP_ENDPOINT_ROLE_CLIENT, NULL);
        }

      if (endpoint == NULL)
        endpoint = sp_endpoint_new_inet (SP_TRANSPORT_TCP, LESSON_HOST, LESSON_PORT);

      new_client = sp_client_new (endpoint);
      client = new_client;
    }

  pane = sp_client_pane_new (client);

  /* Translators: the name of a new client pane; %u counts them */
  title = g_strdup_printf (_("Client %u"), ++self->next_client_number);
  sp_client_pane_set_title (SP_CLIENT_PANE (pane), title);

  sp_window_insert_pane (self, pane, G_MAXUINT);

  return SP_CLIENT_PANE (pane);
}

/**
 * sp_window_add_client_pane_for:
 * @endpoint_text: where the client connects, as typed
 * @first_request: (nullable): what its send box holds, as text with escapes
 *
 * Adds a client pane ready to try a protocol: what the port panel's Try It does.
 *
 * Returns: (transfer none): the new pane
 */
SpClientPane *
sp_window_add_client_pane_for (SpWindow   *self,
                               const char *endpoint_text,
                               const char *first_request)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpClient) client = NULL;
  SpClientPane *pane;

  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);
  g_return_val_if_fail (endpoint_text != NULL, NULL);

  endpoint = sp_endpoint_parse (endpoint_text, SP_ENDPOINT_ROLE_CLIENT, NULL);
  if (endpoint == NULL)
    endpoint = sp_endpoint_new_inet (SP_TRANSPORT_TCP, LESSON_HOST, LESSON_PORT);

  client = sp_client_new (endpoint);
  pane = sp_window_add_client_pane (self, client);
  sp_client_pane_set_endpoint_text (pane, endpoint_text);
  sp_send_box_set_text (sp_client_pane_get_send_box (pane), first_request != NULL ? first_request : "");

  return pane;
}

/**
 * sp_window_close_pane:
 * @pane: one of the window's panes
 *
 * Closes @pane and its sockets. A toast says what was closed and offers to bring the
 * pane back, stopped, with its settings.
 */
void
sp_window_close_pane (SpWindow  *self,
                      GtkWidget *pane)
{
  g_autofree char *title = NULL;
  guint position;
  guint n_sockets;

  g_return_if_fail (SP_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (pane));

  if (!g_list_store_find (self->panes, pane, &position))
    return;

  n_sockets = sp_window_count_live_sockets (pane);

  if (SP_IS_SERVER_PANE (pane))
    {
      guint n_connections = sp_server_pane_close_sockets (SP_SERVER_PANE (pane));

      if (n_sockets > 0)
        /* Translators: %s is a pane's name, %u how many connections closed with it */
        title = g_strdup_printf (ngettext ("Closed “%s”: stopped the server and closed %u connection",
                                           "Closed “%s”: stopped the server and closed %u connections",
                                           n_connections),
                                 sp_window_get_pane_title (pane), n_connections);
    }
  else
    {
      sp_client_pane_close_sockets (SP_CLIENT_PANE (pane));

      if (n_sockets > 0)
        /* Translators: %s is a pane's name */
        title = g_strdup_printf (_("Closed “%s” and its connection"), sp_window_get_pane_title (pane));
    }

  if (title == NULL)
    /* Translators: %s is a pane's name */
    title = g_strdup_printf (_("Closed “%s”"), sp_window_get_pane_title (pane));

  /* Only the latest close can be undone. */
  if (self->closed_pane != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->closed_pane, self);
      g_clear_object (&self->closed_pane);
    }

  self->closed_pane = g_object_ref (pane);
  self->closed_position = position;
  self->closed_lesson = pane == GTK_WIDGET (self->server_pane) || pane == GTK_WIDGET (self->client_pane);

  if (self->current_pane == pane)
    self->current_pane = NULL;
  if (pane == GTK_WIDGET (self->server_pane))
    self->server_pane = NULL;
  if (pane == GTK_WIDGET (self->client_pane))
    self->client_pane = NULL;

  g_list_store_remove (self->panes, position);
  gtk_box_remove (self->panes_box, pane);

  if (self->toast != NULL)
    {
      AdwToast *previous = self->toast;

      self->toast = NULL;
      adw_toast_dismiss (previous);
    }
  sp_window_show_toast (self, title, TRUE);

  sp_window_update_actions (self);
}

/**
 * sp_window_remove_all_panes:
 *
 * Closes every pane and its sockets at once, without a toast or an undo: how a
 * playground opened from a file replaces the one on show. The next new panes are
 * numbered from 1 again.
 */
void
sp_window_remove_all_panes (SpWindow *self)
{
  g_return_if_fail (SP_IS_WINDOW (self));

  if (self->closed_pane != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->closed_pane, self);
      g_clear_object (&self->closed_pane);
    }
  if (self->toast != NULL)
    {
      AdwToast *previous = self->toast;

      self->toast = NULL;
      adw_toast_dismiss (previous);
    }

  while (g_list_model_get_n_items (G_LIST_MODEL (self->panes)) > 0)
    {
      g_autoptr(GtkWidget) pane = g_list_model_get_item (G_LIST_MODEL (self->panes), 0);

      if (SP_IS_SERVER_PANE (pane))
        sp_server_pane_close_sockets (SP_SERVER_PANE (pane));
      else
        sp_client_pane_close_sockets (SP_CLIENT_PANE (pane));

      g_signal_handlers_disconnect_by_data (pane, self);
      g_list_store_remove (self->panes, 0);
      gtk_box_remove (self->panes_box, pane);
    }

  self->server_pane = NULL;
  self->client_pane = NULL;
  self->current_pane = NULL;
  self->client_follows_server = FALSE;
  self->next_server_number = 0;
  self->next_client_number = 0;

  sp_window_update_actions (self);
}

/**
 * sp_window_duplicate_pane:
 * @pane: one of the window's panes
 *
 * Adds a copy of @pane right after it: same settings, its own sockets, not started.
 *
 * Returns: (transfer none): the copy
 */
GtkWidget *
sp_window_duplicate_pane (SpWindow  *self,
                          GtkWidget *pane)
{
  g_autofree char *title = NULL;
  GtkWidget *copy;
  guint position;

  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (pane), NULL);

  if (!g_list_store_find (self->panes, pane, &position))
    return NULL;

  if (SP_IS_SERVER_PANE (pane))
    copy = sp_server_pane_duplicate (SP_SERVER_PANE (pane));
  else
    copy = sp_client_pane_duplicate (SP_CLIENT_PANE (pane));

  /* Translators: the name of a copy of a pane; %s is the original's name */
  title = g_strdup_printf (_("%s (copy)"), sp_window_get_pane_title (pane));
  g_object_set (copy, "title", title, NULL);

  sp_window_insert_pane (self, copy, position + 1);

  return copy;
}

/**
 * sp_window_get_toast_title:
 *
 * Returns: (nullable): the sentence of the toast on show, or %NULL
 */
const char *
sp_window_get_toast_title (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->toast != NULL ? adw_toast_get_title (self->toast) : NULL;
}

/**
 * sp_window_get_narrow:
 *
 * Returns: whether the panes are stacked for a narrow window
 */
gboolean
sp_window_get_narrow (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), FALSE);

  return self->narrow;
}

/**
 * sp_window_get_port_panel:
 *
 * Returns: (transfer none): the port reference at the side of the window
 */
GtkWidget *
sp_window_get_port_panel (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->port_panel;
}
