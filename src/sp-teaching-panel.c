/* sp-teaching-panel.c — the teaching views under the panes: diagram, states and code
 *
 * The diagram draws the whole playground: every pane's log, so a client's arrows meet
 * the server's. States and code come in two columns, the server pane's and the client
 * pane's the person last worked in, so the lesson reads as the tutorial's server.py and
 * client.py side by side; all of them follow the same events as the logs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-address-info.h"
#include "sp-client-pane.h"
#include "sp-code-view.h"
#include "sp-sequence-view.h"
#include "sp-server-pane.h"
#include "sp-state-view.h"
#include "sp-teaching-panel.h"

struct _SpTeachingPanel
{
  GtkWidget       parent_instance;

  GListModel     *panes;
  GWeakRef        server_pane;
  GWeakRef        client_pane;
  GSignalGroup   *send_box_signals;   /* the client pane's send box: the bytes its code sends */
  GtkFileChooserNative *chooser;
  gboolean        syncing_selection;  /* a selection is being passed on: do not echo it */

  GtkWidget      *box;
  GtkLabel       *subject_label;
  GtkMenuButton  *export_button;
  GtkStack       *stack;
  SpSequenceView *sequence_view;
  SpStateView    *server_state_view;
  SpStateView    *client_state_view;
  SpAddressInfo  *server_address_info;
  SpAddressInfo  *client_address_info;
  SpCodeView     *server_code_view;
  SpCodeView     *client_code_view;
  GtkStack       *server_states_stack;
  GtkStack       *client_states_stack;
  GtkStack       *server_code_stack;
  GtkStack       *client_code_stack;
};

G_DEFINE_FINAL_TYPE (SpTeachingPanel, sp_teaching_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static SpEventLog *
pane_get_log (GtkWidget *pane)
{
  if (SP_IS_SERVER_PANE (pane))
    return sp_server_get_log (sp_server_pane_get_server (SP_SERVER_PANE (pane)));

  return sp_client_get_log (sp_client_pane_get_client (SP_CLIENT_PANE (pane)));
}

static const char *
pane_get_title (GtkWidget *pane)
{
  if (SP_IS_SERVER_PANE (pane))
    return sp_server_pane_get_title (SP_SERVER_PANE (pane));

  return sp_client_pane_get_title (SP_CLIENT_PANE (pane));
}

static SpLogView *
pane_get_log_view (GtkWidget *pane)
{
  if (SP_IS_SERVER_PANE (pane))
    return sp_server_pane_get_log_view (SP_SERVER_PANE (pane));

  return sp_client_pane_get_log_view (SP_CLIENT_PANE (pane));
}

/* Is @event in @log? Logs are in time order: find its time, then look among equals. */
static gboolean
log_contains (SpEventLog *log,
              SpEvent    *event)
{
  GListModel *model = G_LIST_MODEL (log);
  gint64 time = sp_event_get_time (event);
  guint low = 0, high = g_list_model_get_n_items (model);

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(SpEvent) item = g_list_model_get_item (model, middle);

      if (sp_event_get_time (item) < time)
        low = middle + 1;
      else
        high = middle;
    }

  for (guint i = low; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpEvent) item = g_list_model_get_item (model, i);

      if (item == event)
        return TRUE;
      if (sp_event_get_time (item) > time)
        break;
    }

  return FALSE;
}

/* An arrow chosen in the diagram selects its event in the log of the pane that logged it. */
static void
sp_teaching_panel_diagram_selection_cb (SpTeachingPanel *self)
{
  SpEvent *event = sp_sequence_view_get_selected_event (self->sequence_view);
  guint n;

  if (self->syncing_selection || event == NULL || self->panes == NULL)
    return;

  n = g_list_model_get_n_items (self->panes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) pane = g_list_model_get_item (self->panes, i);

      if (log_contains (pane_get_log (pane), event))
        {
          self->syncing_selection = TRUE;
          sp_log_view_set_selected_event (pane_get_log_view (pane), event);
          self->syncing_selection = FALSE;
          break;
        }
    }
}

static void
sp_teaching_panel_log_selection_cb (SpLogView       *log_view,
                                    GParamSpec      *pspec,
                                    SpTeachingPanel *self)
{
  SpEvent *event = sp_log_view_get_selected_event (log_view);

  if (event != NULL)
    sp_teaching_panel_select_event (self, event);
}

static void
sp_teaching_panel_pane_title_cb (GtkWidget       *pane,
                                 GParamSpec      *pspec,
                                 SpTeachingPanel *self)
{
  sp_sequence_view_set_log_title (self->sequence_view, pane_get_log (pane), pane_get_title (pane));
}

/* Panes come and go rarely: drawing every log afresh keeps the diagram simply in step. */
static void
sp_teaching_panel_panes_changed_cb (SpTeachingPanel *self,
                                    guint            position,
                                    guint            removed,
                                    guint            added,
                                    GListModel      *panes)
{
  guint n = g_list_model_get_n_items (panes);

  sp_sequence_view_clear (self->sequence_view);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) pane = g_list_model_get_item (panes, i);

      sp_sequence_view_add_log (self->sequence_view, pane_get_log (pane), pane_get_title (pane));
      if (g_signal_handler_find (pane, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                 sp_teaching_panel_pane_title_cb, self) == 0)
        {
          g_signal_connect_object (pane, "notify::title",
                                   G_CALLBACK (sp_teaching_panel_pane_title_cb), self, 0);
          g_signal_connect_object (pane_get_log_view (pane), "notify::selected-event",
                                   G_CALLBACK (sp_teaching_panel_log_selection_cb), self, 0);
        }
    }
}

static void
sp_teaching_panel_update_subject (SpTeachingPanel *self)
{
  g_autoptr(GtkWidget) server_pane = g_weak_ref_get (&self->server_pane);
  g_autoptr(GtkWidget) client_pane = g_weak_ref_get (&self->client_pane);
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  g_autofree char *text = NULL;

  if (g_strcmp0 (page, "diagram") == 0)
    text = g_strdup (_("Every pane, in time order"));
  else if (server_pane != NULL && client_pane != NULL)
    /* Translators: which panes the states or code are shown for, e.g. "Server 1 and Client 1" */
    text = g_strdup_printf (_("%s and %s"), pane_get_title (server_pane), pane_get_title (client_pane));
  else if (server_pane != NULL || client_pane != NULL)
    text = g_strdup (pane_get_title (server_pane != NULL ? server_pane : client_pane));

  gtk_label_set_text (self->subject_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), g_strcmp0 (page, "diagram") == 0);
}

static void
sp_teaching_panel_page_changed_cb (SpTeachingPanel *self)
{
  sp_teaching_panel_update_subject (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
sp_teaching_panel_send_box_changed_cb (SpTeachingPanel *self)
{
  g_autoptr(GtkWidget) client_pane = g_weak_ref_get (&self->client_pane);
  g_autoptr(GBytes) bytes = NULL;

  if (client_pane == NULL)
    return;

  /* Half-typed escapes keep the last good program rather than flicker. */
  bytes = sp_send_box_dup_bytes (sp_client_pane_get_send_box (SP_CLIENT_PANE (client_pane)));
  if (bytes != NULL || g_strcmp0 (sp_send_box_get_text (sp_client_pane_get_send_box (SP_CLIENT_PANE (client_pane))), "") == 0)
    sp_code_view_set_to_send (self->client_code_view, bytes != NULL && g_bytes_get_size (bytes) > 0 ? bytes : NULL);
}

static void
sp_teaching_panel_export_response_cb (SpTeachingPanel      *self,
                                      int                   response,
                                      GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWidget *overlay;
  gboolean svg;

  svg = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "svg"));
  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  if (svg ? sp_sequence_view_export_svg (self->sequence_view, file, &error)
          : sp_sequence_view_export_png (self->sequence_view, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);

      /* Translators: %s is a file name */
      message = g_strdup_printf (_("Saved the diagram as %s"), name);
    }
  else
    /* Translators: %s says why, as a sentence */
    message = g_strdup_printf (_("Could not save the diagram: %s"), error->message);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
sp_teaching_panel_export_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  SpTeachingPanel *self = SP_TEACHING_PANEL (widget);
  gboolean svg = g_strcmp0 (g_variant_get_string (parameter, NULL), "svg") == 0;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (svg ? _("Export the Diagram as SVG") : _("Export the Diagram as PNG"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_filter_set_name (filter, svg ? _("SVG images") : _("PNG images"));
  gtk_file_filter_add_mime_type (filter, svg ? "image/svg+xml" : "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     svg ? "sequence-diagram.svg" : "sequence-diagram.png");
  g_object_set_data (G_OBJECT (self->chooser), "svg", GINT_TO_POINTER (svg));
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (sp_teaching_panel_export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
sp_teaching_panel_code_saved_cb (SpTeachingPanel *self,
                                 GFile           *file,
                                 const char      *error_message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *message = NULL;

  if (overlay == NULL)
    return;

  if (error_message == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      /* Translators: %s is a file name such as server.py */
      message = g_strdup_printf (_("Saved %s"), name);
    }
  else
    message = g_strdup (error_message);

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
sp_teaching_panel_code_copied_cb (SpTeachingPanel *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("Copied the program")));
}

static void
sp_teaching_panel_dispose (GObject *object)
{
  SpTeachingPanel *self = SP_TEACHING_PANEL (object);

  if (self->panes != NULL)
    g_signal_handlers_disconnect_by_data (self->panes, self);
  g_clear_object (&self->panes);
  g_clear_object (&self->chooser);
  if (self->send_box_signals != NULL)
    g_signal_group_set_target (self->send_box_signals, NULL);
  g_clear_object (&self->send_box_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_TEACHING_PANEL);

  G_OBJECT_CLASS (sp_teaching_panel_parent_class)->dispose (object);
}

static void
sp_teaching_panel_finalize (GObject *object)
{
  SpTeachingPanel *self = SP_TEACHING_PANEL (object);

  g_weak_ref_clear (&self->server_pane);
  g_weak_ref_clear (&self->client_pane);

  G_OBJECT_CLASS (sp_teaching_panel_parent_class)->finalize (object);
}

static void
sp_teaching_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SpTeachingPanel *self = SP_TEACHING_PANEL (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_string (value, sp_teaching_panel_get_page (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_teaching_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SpTeachingPanel *self = SP_TEACHING_PANEL (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      sp_teaching_panel_set_page (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_teaching_panel_class_init (SpTeachingPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_teaching_panel_dispose;
  object_class->finalize = sp_teaching_panel_finalize;
  object_class->get_property = sp_teaching_panel_get_property;
  object_class->set_property = sp_teaching_panel_set_property;

  /**
   * SpTeachingPanel:page:
   *
   * The view shown: `diagram`, `states` or `code`.
   */
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, "diagram",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SP_TYPE_SEQUENCE_VIEW);
  g_type_ensure (SP_TYPE_STATE_VIEW);
  g_type_ensure (SP_TYPE_ADDRESS_INFO);
  g_type_ensure (SP_TYPE_CODE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/sp-teaching-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, box);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, subject_label);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, export_button);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, sequence_view);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, server_state_view);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, client_state_view);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, server_address_info);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, client_address_info);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, server_code_view);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, client_code_view);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, server_states_stack);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, client_states_stack);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, server_code_stack);
  gtk_widget_class_bind_template_child (widget_class, SpTeachingPanel, client_code_stack);
  gtk_widget_class_bind_template_callback (widget_class, sp_teaching_panel_page_changed_cb);

  /**
   * SpTeachingPanel|teaching.export:
   * @parameter: `svg` or `png`
   *
   * Asks for a file and saves the whole sequence diagram in it.
   */
  gtk_widget_class_install_action (widget_class, "teaching.export", "s", sp_teaching_panel_export_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "teachingpanel");
}

static void
sp_teaching_panel_init (SpTeachingPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_weak_ref_init (&self->server_pane, NULL);
  g_weak_ref_init (&self->client_pane, NULL);

  self->send_box_signals = g_signal_group_new (SP_TYPE_SEND_BOX);
  g_signal_group_connect_swapped (self->send_box_signals, "notify::text",
                                  G_CALLBACK (sp_teaching_panel_send_box_changed_cb), self);
  g_signal_group_connect_swapped (self->send_box_signals, "notify::hex",
                                  G_CALLBACK (sp_teaching_panel_send_box_changed_cb), self);

  for (guint i = 0; i < 2; i++)
    {
      SpCodeView *view = i == 0 ? self->server_code_view : self->client_code_view;

      g_signal_connect_object (view, "saved", G_CALLBACK (sp_teaching_panel_code_saved_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (view, "copied", G_CALLBACK (sp_teaching_panel_code_copied_cb),
                               self, G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (self->sequence_view, "notify::selected-event",
                           G_CALLBACK (sp_teaching_panel_diagram_selection_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < 4; i++)
    gtk_stack_set_visible_child_name ((GtkStack *[]) { self->server_states_stack, self->client_states_stack,
                                                       self->server_code_stack, self->client_code_stack }[i],
                                      "empty");

  sp_teaching_panel_update_subject (self);
}

GtkWidget *
sp_teaching_panel_new (void)
{
  return g_object_new (SP_TYPE_TEACHING_PANEL, NULL);
}

/**
 * sp_teaching_panel_set_panes:
 * @panes: (nullable): the window's panes, a #GListModel of server and client panes
 *
 * The diagram draws every pane's log, and follows panes as they are added, removed
 * and renamed.
 */
void
sp_teaching_panel_set_panes (SpTeachingPanel *self,
                             GListModel      *panes)
{
  g_return_if_fail (SP_IS_TEACHING_PANEL (self));
  g_return_if_fail (panes == NULL || G_IS_LIST_MODEL (panes));

  if (self->panes == panes)
    return;

  if (self->panes != NULL)
    g_signal_handlers_disconnect_by_data (self->panes, self);
  g_set_object (&self->panes, panes);

  sp_sequence_view_clear (self->sequence_view);
  if (panes != NULL)
    {
      g_signal_connect_object (panes, "items-changed",
                               G_CALLBACK (sp_teaching_panel_panes_changed_cb), self, G_CONNECT_SWAPPED);
      sp_teaching_panel_panes_changed_cb (self, 0, 0, g_list_model_get_n_items (panes), panes);
    }
}

/**
 * sp_teaching_panel_set_server_pane:
 * @server_pane: (nullable): the server pane whose states and code to show
 */
void
sp_teaching_panel_set_server_pane (SpTeachingPanel *self,
                                   GtkWidget       *server_pane)
{
  g_autoptr(GtkWidget) old = NULL;
  SpServer *server;

  g_return_if_fail (SP_IS_TEACHING_PANEL (self));
  g_return_if_fail (server_pane == NULL || SP_IS_SERVER_PANE (server_pane));

  old = g_weak_ref_get (&self->server_pane);
  if (old == server_pane)
    return;

  g_weak_ref_set (&self->server_pane, server_pane);
  server = server_pane != NULL ? sp_server_pane_get_server (SP_SERVER_PANE (server_pane)) : NULL;
  sp_state_view_set_server (self->server_state_view, server);
  sp_address_info_set_server (self->server_address_info, server);
  sp_code_view_set_server (self->server_code_view, server);
  gtk_stack_set_visible_child_name (self->server_states_stack, server != NULL ? "view" : "empty");
  gtk_stack_set_visible_child_name (self->server_code_stack, server != NULL ? "view" : "empty");
  sp_teaching_panel_update_subject (self);
}

/**
 * sp_teaching_panel_set_client_pane:
 * @client_pane: (nullable): the client pane whose states and code to show
 */
void
sp_teaching_panel_set_client_pane (SpTeachingPanel *self,
                                   GtkWidget       *client_pane)
{
  g_autoptr(GtkWidget) old = NULL;
  SpClient *client;

  g_return_if_fail (SP_IS_TEACHING_PANEL (self));
  g_return_if_fail (client_pane == NULL || SP_IS_CLIENT_PANE (client_pane));

  old = g_weak_ref_get (&self->client_pane);
  if (old == client_pane)
    return;

  g_weak_ref_set (&self->client_pane, client_pane);
  client = client_pane != NULL ? sp_client_pane_get_client (SP_CLIENT_PANE (client_pane)) : NULL;
  sp_state_view_set_client (self->client_state_view, client);
  sp_address_info_set_client (self->client_address_info, client);
  sp_code_view_set_client (self->client_code_view, client, NULL);
  g_signal_group_set_target (self->send_box_signals,
                             client_pane != NULL ? sp_client_pane_get_send_box (SP_CLIENT_PANE (client_pane)) : NULL);
  sp_teaching_panel_send_box_changed_cb (self);
  gtk_stack_set_visible_child_name (self->client_states_stack, client != NULL ? "view" : "empty");
  gtk_stack_set_visible_child_name (self->client_code_stack, client != NULL ? "view" : "empty");
  sp_teaching_panel_update_subject (self);
}

const char *
sp_teaching_panel_get_page (SpTeachingPanel *self)
{
  g_return_val_if_fail (SP_IS_TEACHING_PANEL (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
sp_teaching_panel_set_page (SpTeachingPanel *self,
                            const char      *page)
{
  g_return_if_fail (SP_IS_TEACHING_PANEL (self));
  g_return_if_fail (page != NULL);

  gtk_stack_set_visible_child_name (self->stack, page);
}

/**
 * sp_teaching_panel_get_sequence_view:
 *
 * Returns: (transfer none): the #SpSequenceView
 */
GtkWidget *
sp_teaching_panel_get_sequence_view (SpTeachingPanel *self)
{
  g_return_val_if_fail (SP_IS_TEACHING_PANEL (self), NULL);

  return GTK_WIDGET (self->sequence_view);
}

/**
 * sp_teaching_panel_get_code_view:
 * @server: the server column's view, or the client column's
 *
 * Returns: (transfer none): an #SpCodeView
 */
GtkWidget *
sp_teaching_panel_get_code_view (SpTeachingPanel *self,
                                 gboolean         server)
{
  g_return_val_if_fail (SP_IS_TEACHING_PANEL (self), NULL);

  return GTK_WIDGET (server ? self->server_code_view : self->client_code_view);
}

/**
 * sp_teaching_panel_get_state_view:
 * @server: the server column's view, or the client column's
 *
 * Returns: (transfer none): an #SpStateView
 */
GtkWidget *
sp_teaching_panel_get_state_view (SpTeachingPanel *self,
                                  gboolean         server)
{
  g_return_val_if_fail (SP_IS_TEACHING_PANEL (self), NULL);

  return GTK_WIDGET (server ? self->server_state_view : self->client_state_view);
}

/**
 * sp_teaching_panel_get_server_pane:
 *
 * Returns: (transfer none) (nullable): the server pane whose states and code are shown
 */
GtkWidget *
sp_teaching_panel_get_server_pane (SpTeachingPanel *self)
{
  g_autoptr(GtkWidget) pane = NULL;

  g_return_val_if_fail (SP_IS_TEACHING_PANEL (self), NULL);

  /* The window holds its panes: the reference the weak ref gave back is not the last. */
  pane = g_weak_ref_get (&self->server_pane);
  return pane;
}

/**
 * sp_teaching_panel_get_client_pane:
 *
 * Returns: (transfer none) (nullable): the client pane whose states and code are shown
 */
GtkWidget *
sp_teaching_panel_get_client_pane (SpTeachingPanel *self)
{
  g_autoptr(GtkWidget) pane = NULL;

  g_return_val_if_fail (SP_IS_TEACHING_PANEL (self), NULL);

  pane = g_weak_ref_get (&self->client_pane);
  return pane;
}

/**
 * sp_teaching_panel_select_event:
 * @event: an event of one of the panes' logs
 *
 * Selects @event's arrow in the diagram (what selecting a row in a log does).
 */
void
sp_teaching_panel_select_event (SpTeachingPanel *self,
                                SpEvent         *event)
{
  g_return_if_fail (SP_IS_TEACHING_PANEL (self));
  g_return_if_fail (event == NULL || SP_IS_EVENT (event));

  if (self->syncing_selection)
    return;

  self->syncing_selection = TRUE;
  sp_sequence_view_set_selected_event (self->sequence_view, event);
  self->syncing_selection = FALSE;
}
