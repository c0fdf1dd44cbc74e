/* sp-port-panel.c — the port reference: the protocol catalogue, searchable, with Try It
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panel shows sp_protocols_get_default() through the filter chain its template
 * declares, and emits SpPortPanel::try-it when the person asks to try a protocol. It
 * makes no pane itself: the window listens to the signal and decides.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sp-core.h"
#include "sp-port-panel.h"

struct _SpPortPanel
{
  AdwBin              parent_instance;

  char               *search_text;
  char              **search_words;     /* casefolded words of search_text, or NULL */
  char               *transport_filter; /* "", "tcp" or "udp" */

  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *search_filter;

  GtkBuilderScope    *row_scope;
};

enum {
  PROP_0,
  PROP_SEARCH_TEXT,
  PROP_TRANSPORT_FILTER,
  N_PROPS
};

enum {
  TRY_IT,
  START_DEMO,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpPortPanel, sp_port_panel, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Where a row's list item keeps the widgets its binding updates. */
static GQuark try_button_quark;
static GQuark expander_quark;
static GQuark demo_button_quark;

/* Closures used by the .ui files: the filter chain (sp-port-panel.ui, through the class
 * scope) and the rows (sp-port-row.ui, through row_scope). */
static char *
sp_port_panel_transport_scheme (gpointer    item,
                                SpTransport transport)
{
  return g_strdup (sp_transport_get_scheme (transport));
}

static gboolean
sp_port_panel_has_text (gpointer    list_item,
                        const char *text)
{
  return text != NULL && text[0] != '\0';
}

static char *
sp_port_panel_format_heading (gpointer    list_item,
                              const char *name,
                              guint       port,
                              guint       extra_port)
{
  if (extra_port != 0)
    return g_strdup_printf ("%s · %u, %u", name, port, extra_port);

  return g_strdup_printf ("%s · %u", name, port);
}

static char *
sp_port_panel_format_transport (gpointer     list_item,
                                SpTransport  transport,
                                const char  *rfc)
{
  g_autofree char *scheme = g_ascii_strup (sp_transport_get_scheme (transport), -1);

  if (rfc == NULL || rfc[0] == '\0')
    return g_steal_pointer (&scheme);

  return g_strdup_printf ("%s · %s", scheme, rfc);
}

static char *
sp_port_panel_format_privileged_tooltip (gpointer list_item,
                                         guint    port,
                                         guint    demo_port)
{
  /* Translators: the first %u is a port under 1024 such as 80, the second the same plus 8000 */
  return g_strdup_printf (_("Listening on port %u needs administrator rights on Linux; the demo servers use port %u instead."),
                          port, demo_port);
}

static char *
sp_port_panel_format_privileged_details (gpointer list_item,
                                         guint    port,
                                         guint    demo_port)
{
  /* Translators: the first %u is a port under 1024 such as 80, the second the same plus 8000 */
  return g_strdup_printf (_("On Linux, only the administrator (root, or a program given the CAP_NET_BIND_SERVICE capability) may listen on a port below 1024. Connecting to one needs no rights: Try It aims at the real port %u, where a service on this computer may answer. The demo servers listen on port %u instead."),
                          port, demo_port);
}

/* Rows: the list sets one up for each row it shows (a handful, recycled), from
 * sp-port-row.ui with the row's GtkListItem exposed to its <lookup>s; binding a row to a
 * protocol names its button after that protocol, so a screen reader tells the Try It
 * buttons apart, and folds its note up again. */
static void
sp_port_panel_row_setup_cb (SpPortPanel              *self,
                            GtkListItem              *list_item,
                            GtkSignalListItemFactory *factory)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;

  g_assert (SP_IS_PORT_PANEL (self));

  gtk_builder_set_scope (builder, self->row_scope);
  gtk_builder_expose_object (builder, "GtkListItem", G_OBJECT (list_item));
  if (!gtk_builder_add_from_resource (builder, RESOURCE_BASE_PATH "/sp-port-row.ui", &error))
    {
      g_critical ("Cannot build a row of the port reference: %s", error->message);
      return;
    }

  gtk_list_item_set_child (list_item, GTK_WIDGET (gtk_builder_get_object (builder, "row")));
  g_object_set_qdata (G_OBJECT (list_item), try_button_quark,
                      gtk_builder_get_object (builder, "try_button"));
  g_object_set_qdata (G_OBJECT (list_item), demo_button_quark,
                      gtk_builder_get_object (builder, "demo_button"));
  g_object_set_qdata (G_OBJECT (list_item), expander_quark,
                      gtk_builder_get_object (builder, "privileged_expander"));
}

/* Protocols with a demo server get a second button that starts it. */
static void
sp_port_panel_bind_demo_button (GtkWidget  *demo_button,
                                SpProtocol *protocol)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  const char *demo;

  if (demo_button == NULL)
    return;

  demo = sp_demo_server_protocol_for_port (sp_protocol_get_port (protocol));
  gtk_widget_set_visible (demo_button, demo != NULL);
  if (demo == NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (demo_button), NULL);
      return;
    }

  /* Translators: the accessible name of a Start Demo button, %s is a protocol such as SMTP */
  label = g_strdup_printf (_("Start a %s demo server"), sp_protocol_get_name (protocol));
  /* Translators: %s is a protocol such as SMTP, %u the unprivileged port its demo listens on */
  description = g_strdup_printf (_("Start a demo %s server on port %u and a client pane ready to talk to it"),
                                 sp_protocol_get_name (protocol), sp_demo_server_default_port (demo));
  gtk_accessible_update_property (GTK_ACCESSIBLE (demo_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_set_tooltip_text (demo_button, description);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (demo_button), "s", sp_protocol_get_name (protocol));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (demo_button), "ports.start-demo");
}

static void
sp_port_panel_row_bind_cb (SpPortPanel              *self,
                           GtkListItem              *list_item,
                           GtkSignalListItemFactory *factory)
{
  SpProtocol *protocol = gtk_list_item_get_item (list_item);
  GtkWidget *try_button = g_object_get_qdata (G_OBJECT (list_item), try_button_quark);
  GtkWidget *expander = g_object_get_qdata (G_OBJECT (list_item), expander_quark);
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;

  g_assert (SP_IS_PORT_PANEL (self));
  g_assert (SP_IS_PROTOCOL (protocol));

  if (try_button == NULL || expander == NULL)
    return;

  /* Translators: the accessible name of a Try It button, %s is a protocol such as HTTP */
  label = g_strdup_printf (_("Try %s"), sp_protocol_get_name (protocol));
  /* Translators: %s is a protocol such as HTTP, %u its port */
  description = g_strdup_printf (_("Open a client pane for %s on port %u"),
                                 sp_protocol_get_name (protocol),
                                 sp_protocol_get_port (protocol));

  gtk_accessible_update_property (GTK_ACCESSIBLE (try_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_set_tooltip_text (try_button, description);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (try_button), "s",
                                    sp_protocol_get_name (protocol));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (try_button), "ports.try-it");

  gtk_expander_set_expanded (GTK_EXPANDER (expander), FALSE);

  sp_port_panel_bind_demo_button (g_object_get_qdata (G_OBJECT (list_item), demo_button_quark),
                                  protocol);
}

static void
sp_port_panel_row_unbind_cb (SpPortPanel              *self,
                             GtkListItem              *list_item,
                             GtkSignalListItemFactory *factory)
{
  GtkWidget *try_button = g_object_get_qdata (G_OBJECT (list_item), try_button_quark);

  GtkWidget *demo_button = g_object_get_qdata (G_OBJECT (list_item), demo_button_quark);

  if (try_button != NULL)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (try_button), NULL);
  if (demo_button != NULL)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (demo_button), NULL);
}

static gboolean
is_number (const char *word)
{
  if (word[0] == '\0')
    return FALSE;

  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

static gboolean
port_starts_with (guint       port,
                  const char *digits)
{
  char text[16];

  if (port == 0)
    return FALSE;

  g_snprintf (text, sizeof text, "%u", port);
  return g_str_has_prefix (text, digits);
}

static gboolean
text_contains (const char *text,
               const char *folded_word)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;

  folded = g_utf8_casefold (text, -1);
  return strstr (folded, folded_word) != NULL;
}

/* A number matches the ports that start with it (so "11" finds 110 and 119 while the
 * person types) and the demo port it equals ("8080" finds HTTP); a word matches names
 * and full names. Every word must match. */
static gboolean
sp_port_panel_search_match (gpointer item,
                            gpointer user_data)
{
  SpPortPanel *self = user_data;
  SpProtocol *protocol = item;

  g_assert (SP_IS_PORT_PANEL (self));
  g_assert (SP_IS_PROTOCOL (protocol));

  if (self->search_words == NULL)
    return TRUE;

  for (guint i = 0; self->search_words[i] != NULL; i++)
    {
      const char *word = self->search_words[i];
      gboolean matches;

      if (is_number (word))
        {
          char demo[16];

          g_snprintf (demo, sizeof demo, "%u", sp_protocol_get_demo_port (protocol));
          matches = port_starts_with (sp_protocol_get_port (protocol), word) ||
                    port_starts_with (sp_protocol_get_extra_port (protocol), word) ||
                    (sp_protocol_is_privileged (protocol) && g_str_equal (demo, word));
        }
      else
        {
          matches = text_contains (sp_protocol_get_name (protocol), word) ||
                    text_contains (sp_protocol_get_title (protocol), word);
        }

      if (!matches)
        return FALSE;
    }

  return TRUE;
}

static void
sp_port_panel_apply_search (SpPortPanel *self,
                            const char  *search_text)
{
  g_autofree char *folded = NULL;

  g_assert (SP_IS_PORT_PANEL (self));

  if (search_text == NULL)
    search_text = "";

  if (g_strcmp0 (self->search_text, search_text) == 0)
    return;

  g_free (self->search_text);
  self->search_text = g_strdup (search_text);

  g_clear_pointer (&self->search_words, g_strfreev);
  folded = g_utf8_casefold (search_text, -1);
  self->search_words = g_strsplit_set (g_strstrip (folded), " \t", -1);
  if (self->search_words[0] == NULL || self->search_words[0][0] == '\0')
    g_clear_pointer (&self->search_words, g_strfreev);
  else
    {
      /* Several spaces in a row leave empty words: drop them. */
      guint j = 0;

      for (guint i = 0; self->search_words[i] != NULL; i++)
        {
          if (self->search_words[i][0] != '\0')
            self->search_words[j++] = self->search_words[i];
          else
            g_free (self->search_words[i]);
        }
      self->search_words[j] = NULL;
    }

  gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

static void
sp_port_panel_search_changed_cb (SpPortPanel    *self,
                                 GtkSearchEntry *entry)
{
  g_assert (SP_IS_PORT_PANEL (self));

  sp_port_panel_apply_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
sp_port_panel_stop_search_cb (SpPortPanel    *self,
                              GtkSearchEntry *entry)
{
  g_assert (SP_IS_PORT_PANEL (self));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  sp_port_panel_apply_search (self, "");
}

static void
sp_port_panel_update_placeholder (SpPortPanel *self)
{
  guint n_items;

  g_assert (SP_IS_PORT_PANEL (self));

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "list" : "empty");
}

static void
sp_port_panel_items_changed_cb (SpPortPanel *self,
                                guint        position,
                                guint        removed,
                                guint        added,
                                GListModel  *model)
{
  sp_port_panel_update_placeholder (self);
}

static void
sp_port_panel_emit_try_it (SpPortPanel *self,
                           SpProtocol  *protocol)
{
  g_assert (SP_IS_PORT_PANEL (self));
  g_assert (SP_IS_PROTOCOL (protocol));

  g_signal_emit (self, signals[TRY_IT], 0, protocol);
}

/* Enter (or a double click) on a row tries its protocol, as its button does. */
static void
sp_port_panel_list_activate_cb (SpPortPanel *self,
                                guint        position,
                                GtkListView *list_view)
{
  g_autoptr(SpProtocol) protocol = NULL;

  g_assert (SP_IS_PORT_PANEL (self));

  protocol = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);
  if (protocol != NULL)
    sp_port_panel_emit_try_it (self, protocol);
}

static void
sp_port_panel_try_it_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SpPortPanel *self = SP_PORT_PANEL (widget);
  SpProtocol *protocol;

  protocol = sp_protocols_lookup (g_variant_get_string (parameter, NULL));
  if (protocol == NULL)
    {
      g_warning ("No protocol named “%s” in the catalogue", g_variant_get_string (parameter, NULL));
      return;
    }

  sp_port_panel_emit_try_it (self, protocol);
}

static void
sp_port_panel_start_demo_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  SpPortPanel *self = SP_PORT_PANEL (widget);
  SpProtocol *protocol;

  protocol = sp_protocols_lookup (g_variant_get_string (parameter, NULL));
  if (protocol == NULL || sp_demo_server_protocol_for_port (sp_protocol_get_port (protocol)) == NULL)
    {
      g_warning ("No demo server for “%s”", g_variant_get_string (parameter, NULL));
      return;
    }

  g_signal_emit (self, signals[START_DEMO], 0, protocol);
}

static void
sp_port_panel_focus_search_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  sp_port_panel_focus_search (SP_PORT_PANEL (widget));
}

static void
sp_port_panel_dispose (GObject *object)
{
  SpPortPanel *self = (SpPortPanel *)object;

  if (self->search_filter != NULL)
    gtk_custom_filter_set_filter_func (self->search_filter, NULL, NULL, NULL);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);

  /* AdwBin unparents its child itself: let go of it before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_PORT_PANEL);

  g_clear_object (&self->row_scope);

  G_OBJECT_CLASS (sp_port_panel_parent_class)->dispose (object);
}

static void
sp_port_panel_finalize (GObject *object)
{
  SpPortPanel *self = (SpPortPanel *)object;

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->search_words, g_strfreev);
  g_clear_pointer (&self->transport_filter, g_free);

  G_OBJECT_CLASS (sp_port_panel_parent_class)->finalize (object);
}

static void
sp_port_panel_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpPortPanel *self = SP_PORT_PANEL (object);

  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, sp_port_panel_get_search_text (self));
      break;

    case PROP_TRANSPORT_FILTER:
      g_value_set_string (value, sp_port_panel_get_transport_filter (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_port_panel_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SpPortPanel *self = SP_PORT_PANEL (object);

  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      sp_port_panel_set_search_text (self, g_value_get_string (value));
      break;

    case PROP_TRANSPORT_FILTER:
      sp_port_panel_set_transport_filter (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_port_panel_class_init (SpPortPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_port_panel_dispose;
  object_class->finalize = sp_port_panel_finalize;
  object_class->get_property = sp_port_panel_get_property;
  object_class->set_property = sp_port_panel_set_property;

  /**
   * SpPortPanel:search-text:
   *
   * What the list is searched for: words that each match a protocol's name or full
   * name, or numbers that start one of its ports. Empty shows every protocol.
   */
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpPortPanel:transport-filter:
   *
   * Which transport the list shows: `tcp`, `udp`, or the empty string for both. The
   * action `ports.transport` changes it (the All / TCP / UDP buttons).
   */
  properties[PROP_TRANSPORT_FILTER] =
    g_param_spec_string ("transport-filter", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpPortPanel::try-it:
   * @self: the panel
   * @protocol: the #SpProtocol to try
   *
   * The person asked to try @protocol: its Try It button, or Enter on its row. The
   * window answers with a client pane aimed at the protocol's real port on this computer
   * (sp_protocol_dup_endpoint_text (protocol, "127.0.0.1", FALSE), which keeps the
   * transport: `udp://` for DNS) with sp_protocol_get_first_request() ready to send.
   * The real port is the one a local service answers on; a demo server of the app
   * listens on sp_protocol_get_demo_port() instead, and the row explains why.
   */
  signals[TRY_IT] =
    g_signal_new ("try-it",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, SP_TYPE_PROTOCOL);

  /**
   * SpPortPanel::start-demo:
   * @self: the panel
   * @protocol: the #SpProtocol whose demo server to start
   *
   * The person asked for @protocol's demo server (sp_demo_server_protocol_for_port()
   * names it); the window starts it in a server pane, with a client pane aimed at it.
   */
  signals[START_DEMO] =
    g_signal_new ("start-demo",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, SP_TYPE_PROTOCOL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/sp-port-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPortPanel, filter_model);
  gtk_widget_class_bind_template_child (widget_class, SpPortPanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, SpPortPanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPortPanel, search_filter);
  gtk_widget_class_bind_template_child (widget_class, SpPortPanel, stack);
  gtk_widget_class_bind_template_callback (widget_class, sp_port_panel_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_port_panel_row_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_port_panel_row_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_port_panel_row_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_port_panel_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_port_panel_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_port_panel_transport_scheme);

  /**
   * SpPortPanel|ports.try-it:
   * @parameter: a protocol's name
   *
   * Emits SpPortPanel::try-it for that protocol of the catalogue.
   */
  gtk_widget_class_install_action (widget_class, "ports.try-it", "s",
                                   sp_port_panel_try_it_action);
  gtk_widget_class_install_action (widget_class, "ports.start-demo", "s",
                                   sp_port_panel_start_demo_action);
  gtk_widget_class_install_action (widget_class, "ports.focus-search", NULL,
                                   sp_port_panel_focus_search_action);
  gtk_widget_class_install_property_action (widget_class, "ports.transport", "transport-filter");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "ports.focus-search", NULL);

  gtk_widget_class_set_css_name (widget_class, "portpanel");

  try_button_quark = g_quark_from_static_string ("sp-port-panel-try-button");
  expander_quark = g_quark_from_static_string ("sp-port-panel-expander");
  demo_button_quark = g_quark_from_static_string ("sp-port-panel-demo-button");

  /* The templates look properties up on SpProtocol by type name. */
  g_type_ensure (SP_TYPE_PROTOCOL);
  g_type_ensure (SP_TYPE_TRANSPORT);
}

static void
sp_port_panel_init (SpPortPanel *self)
{
  self->search_text = g_strdup ("");
  self->transport_filter = g_strdup ("");

  /* The rows' closures; the list sets rows up once the panel is shown. */
  self->row_scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (self->row_scope),
                                           "sp_port_panel_format_heading",
                                           G_CALLBACK (sp_port_panel_format_heading),
                                           "sp_port_panel_format_transport",
                                           G_CALLBACK (sp_port_panel_format_transport),
                                           "sp_port_panel_format_privileged_tooltip",
                                           G_CALLBACK (sp_port_panel_format_privileged_tooltip),
                                           "sp_port_panel_format_privileged_details",
                                           G_CALLBACK (sp_port_panel_format_privileged_details),
                                           "sp_port_panel_has_text",
                                           G_CALLBACK (sp_port_panel_has_text),
                                           NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_custom_filter_set_filter_func (self->search_filter,
                                     sp_port_panel_search_match,
                                     self, NULL);
  gtk_filter_list_model_set_model (self->filter_model, sp_protocols_get_default ());
  g_signal_connect_object (self->filter_model,
                           "items-changed",
                           G_CALLBACK (sp_port_panel_items_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  /* Typing anywhere in the panel goes to the search entry. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  sp_port_panel_update_placeholder (self);
}

GtkWidget *
sp_port_panel_new (void)
{
  return g_object_new (SP_TYPE_PORT_PANEL, NULL);
}

const char *
sp_port_panel_get_search_text (SpPortPanel *self)
{
  g_return_val_if_fail (SP_IS_PORT_PANEL (self), NULL);

  return self->search_text;
}

/**
 * sp_port_panel_set_search_text:
 * @search_text: (nullable): what to search for
 *
 * Fills the search entry with @search_text and filters the list at once.
 */
void
sp_port_panel_set_search_text (SpPortPanel *self,
                               const char  *search_text)
{
  g_return_if_fail (SP_IS_PORT_PANEL (self));

  if (search_text == NULL)
    search_text = "";

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), search_text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search_text);

  sp_port_panel_apply_search (self, search_text);
}

const char *
sp_port_panel_get_transport_filter (SpPortPanel *self)
{
  g_return_val_if_fail (SP_IS_PORT_PANEL (self), NULL);

  return self->transport_filter;
}

/**
 * sp_port_panel_set_transport_filter:
 * @transport_filter: (nullable): `tcp`, `udp`, or %NULL or the empty string for both
 */
void
sp_port_panel_set_transport_filter (SpPortPanel *self,
                                    const char  *transport_filter)
{
  g_return_if_fail (SP_IS_PORT_PANEL (self));

  if (transport_filter == NULL)
    transport_filter = "";

  g_return_if_fail (transport_filter[0] == '\0' ||
                    g_str_equal (transport_filter, "tcp") ||
                    g_str_equal (transport_filter, "udp"));

  if (g_str_equal (self->transport_filter, transport_filter))
    return;

  g_free (self->transport_filter);
  self->transport_filter = g_strdup (transport_filter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPORT_FILTER]);
}

/**
 * sp_port_panel_focus_search:
 *
 * Moves the keyboard focus to the search entry and selects its text, as Ctrl+F inside
 * the panel does (the action `ports.focus-search`).
 */
void
sp_port_panel_focus_search (SpPortPanel *self)
{
  g_return_if_fail (SP_IS_PORT_PANEL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}
