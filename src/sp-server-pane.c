/* sp-server-pane.c — a pane that runs one SpServer and shows what it does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-format-private.h"
#include "sp-log-view.h"
#include "sp-server-pane.h"

struct _SpServerPane
{
  AdwBin          parent_instance;

  SpServer       *server;
  GSignalGroup   *server_signals;
  GBindingGroup  *server_bindings;
  GCancellable   *cancellable;

  /* What the endpoint entry says, parsed; NULL while the text is not a valid endpoint. */
  SpEndpoint     *endpoint;

  /* The port offered by "Use Port N" after a privileged-port failure, or 0. */
  guint16         suggested_port;

  /* Template children */
  GtkWidget      *state_dot;
  GtkLabel       *state_label;
  GtkEntry       *endpoint_entry;
  GtkLabel       *endpoint_error_label;
  GtkEntry       *reply_entry;
  GtkCheckButton *close_check;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  GtkButton      *suggested_port_button;
  GtkButton      *free_port_button;
  GtkLabel       *counters_label;
  SpLogView      *log_view;
};

enum {
  PROP_0,
  PROP_SERVER,
  PROP_ENDPOINT_TEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpServerPane, sp_server_pane, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];

static gboolean
sp_server_pane_is_idle (SpServerPane *self)
{
  SpServerState state = sp_server_get_state (self->server);

  return state == SP_SERVER_STATE_STOPPED || state == SP_SERVER_STATE_FAILED;
}

/* The one place that decides which of the pane's actions can run. */
static void
sp_server_pane_update_actions (SpServerPane *self)
{
  gboolean idle;
  gboolean valid;
  gboolean inet;

  g_assert (SP_IS_SERVER_PANE (self));

  if (self->server == NULL)
    return;

  idle = sp_server_pane_is_idle (self);
  valid = self->endpoint != NULL;
  inet = valid && sp_endpoint_is_inet (self->endpoint);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.start", idle && valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.stop", !idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.use-free-port", idle && inet);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.use-suggested-port",
                                 idle && inet && self->suggested_port != 0);

  /* A listening socket keeps the address it was bound to. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->endpoint_entry), idle);
}

static void
sp_server_pane_update_state (SpServerPane *self)
{
  g_autofree char *text = NULL;
  const char *state_class;
  SpEndpoint *bound;

  g_assert (SP_IS_SERVER_PANE (self));

  switch (sp_server_get_state (self->server))
    {
    case SP_SERVER_STATE_STARTING:
      text = g_strdup (_("Starting…"));
      state_class = "starting";
      break;

    case SP_SERVER_STATE_LISTENING:
      bound = sp_server_get_bound_endpoint (self->server);
      if (bound != NULL)
        {
          g_autofree char *address = NULL;

          if (sp_endpoint_is_inet (bound))
            address = sp_endpoint_format_host_port (bound);
          else
            address = sp_endpoint_to_string (bound);

          /* Translators: %s is an address such as 127.0.0.1:12345 */
          text = g_strdup_printf (_("Listening on %s"), address);
        }
      else
        {
          text = g_strdup (_("Listening"));
        }
      state_class = "ready";
      break;

    case SP_SERVER_STATE_FAILED:
      text = g_strdup (_("Failed"));
      state_class = "failed";
      break;

    case SP_SERVER_STATE_STOPPED:
    default:
      text = g_strdup (_("Stopped"));
      state_class = "stopped";
      break;
    }

  gtk_label_set_text (self->state_label, text);
  gtk_widget_set_css_classes (self->state_dot,
                              (const char *[]) { "state-dot", state_class, NULL });
}

static void
sp_server_pane_update_error (SpServerPane *self)
{
  const GError *error;
  gboolean show;
  gboolean offer_free_port = FALSE;

  g_assert (SP_IS_SERVER_PANE (self));

  error = sp_server_get_error (self->server);
  show = sp_server_get_state (self->server) == SP_SERVER_STATE_FAILED && error != NULL;

  self->suggested_port = 0;

  if (show)
    {
      SpEndpoint *endpoint = sp_server_get_endpoint (self->server);

      gtk_label_set_text (self->error_label, error->message);

      if (g_error_matches (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_IN_USE))
        {
          offer_free_port = TRUE;
        }
      else if (g_error_matches (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_PRIVILEGED_PORT))
        {
          offer_free_port = TRUE;
          if (endpoint != NULL && sp_endpoint_is_inet (endpoint))
            self->suggested_port = sp_socket_error_suggest_port (sp_endpoint_get_port (endpoint));
        }
    }

  if (self->suggested_port != 0)
    {
      g_autofree char *label = NULL;

      /* Translators: a button; %u is a port number such as 8080 */
      label = g_strdup_printf (_("Use Port %u"), (guint) self->suggested_port);
      gtk_button_set_label (self->suggested_port_button, label);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->suggested_port_button), self->suggested_port != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->free_port_button), offer_free_port);
  gtk_revealer_set_reveal_child (self->error_revealer, show);
}

static void
sp_server_pane_update_counters (SpServerPane *self)
{
  g_autofree char *text = NULL;

  g_assert (SP_IS_SERVER_PANE (self));

  text = _sp_format_counters (sp_server_get_n_accepted (self->server),
                              sp_server_get_bytes_sent (self->server),
                              sp_server_get_bytes_received (self->server));
  gtk_label_set_text (self->counters_label, text);
}

static void
sp_server_pane_state_changed_cb (SpServerPane *self,
                                 GParamSpec   *pspec,
                                 SpServer     *server)
{
  g_assert (SP_IS_SERVER_PANE (self));

  sp_server_pane_update_state (self);
  sp_server_pane_update_error (self);
  sp_server_pane_update_actions (self);
}

/* After a bind to port 0 the entry shows the port the system chose. */
static void
sp_server_pane_bound_endpoint_changed_cb (SpServerPane *self,
                                          GParamSpec   *pspec,
                                          SpServer     *server)
{
  SpEndpoint *bound;

  g_assert (SP_IS_SERVER_PANE (self));

  bound = sp_server_get_bound_endpoint (server);

  if (bound != NULL)
    {
      g_autofree char *text = sp_endpoint_to_string (bound);

      if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self->endpoint_entry))) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->endpoint_entry), text);
    }

  sp_server_pane_update_state (self);
}

static void
sp_server_pane_counters_changed_cb (SpServerPane *self,
                                    GParamSpec   *pspec,
                                    SpServer     *server)
{
  sp_server_pane_update_counters (self);
}

static void
sp_server_pane_error_changed_cb (SpServerPane *self,
                                 GParamSpec   *pspec,
                                 SpServer     *server)
{
  sp_server_pane_update_error (self);
  sp_server_pane_update_actions (self);
}

static void
sp_server_pane_endpoint_changed_cb (SpServerPane *self,
                                    GtkEditable  *editable)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (SP_IS_SERVER_PANE (self));

  endpoint = sp_endpoint_parse (gtk_editable_get_text (editable), SP_ENDPOINT_ROLE_SERVER, &error);
  g_set_object (&self->endpoint, endpoint);

  gtk_label_set_text (self->endpoint_error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_error_label), error != NULL);

  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_entry), "error");

  sp_server_pane_update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT_TEXT]);
}

static void
sp_server_pane_endpoint_activate_cb (SpServerPane *self,
                                     GtkEntry     *entry)
{
  g_assert (SP_IS_SERVER_PANE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "pane.start", NULL);
}

static void
sp_server_pane_start_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(SpServerPane) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failure reaches the person through the server's state and error, which the
   * pane already follows; nothing more to show here. */
  if (!sp_server_start_finish (SP_SERVER (object), result, &error))
    g_debug ("Server did not start: %s", error->message);
}

static void
sp_server_pane_start_with (SpServerPane *self,
                           SpEndpoint   *endpoint)
{
  g_assert (SP_IS_SERVER_PANE (self));
  g_assert (SP_IS_ENDPOINT (endpoint));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  sp_server_set_endpoint (self->server, endpoint);
  sp_server_start_async (self->server,
                         self->cancellable,
                         sp_server_pane_start_cb,
                         g_object_ref (self));
}

static void
sp_server_pane_start_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SpServerPane *self = SP_SERVER_PANE (widget);

  if (self->endpoint == NULL || !sp_server_pane_is_idle (self))
    return;

  sp_server_pane_start_with (self, self->endpoint);
}

static void
sp_server_pane_stop_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SpServerPane *self = SP_SERVER_PANE (widget);

  g_cancellable_cancel (self->cancellable);
  sp_server_stop (self->server);
}

static void
sp_server_pane_use_free_port_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  SpServerPane *self = SP_SERVER_PANE (widget);
  g_autoptr(SpEndpoint) endpoint = NULL;

  if (self->endpoint == NULL || !sp_endpoint_is_inet (self->endpoint))
    return;

  /* Port 0 asks the system for any free port; the entry shows it once bound. */
  endpoint = sp_endpoint_with_port (self->endpoint, 0);
  sp_server_pane_start_with (self, endpoint);
}

static void
sp_server_pane_use_suggested_port_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  SpServerPane *self = SP_SERVER_PANE (widget);
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autofree char *text = NULL;

  if (self->endpoint == NULL || !sp_endpoint_is_inet (self->endpoint) || self->suggested_port == 0)
    return;

  endpoint = sp_endpoint_with_port (self->endpoint, self->suggested_port);
  text = sp_endpoint_to_string (endpoint);
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_entry), text);

  sp_server_pane_start_with (self, endpoint);
}

static void
sp_server_pane_constructed (GObject *object)
{
  SpServerPane *self = (SpServerPane *)object;
  SpEndpoint *endpoint;
  g_autofree char *text = NULL;

  G_OBJECT_CLASS (sp_server_pane_parent_class)->constructed (object);

  g_assert (SP_IS_SERVER (self->server));

  g_signal_group_set_target (self->server_signals, self->server);
  g_binding_group_set_source (self->server_bindings, self->server);
  sp_log_view_set_model (self->log_view, G_LIST_MODEL (sp_server_get_log (self->server)));

  endpoint = sp_server_get_endpoint (self->server);
  if (endpoint != NULL)
    text = sp_endpoint_to_string (endpoint);
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_entry), text != NULL ? text : "");

  sp_server_pane_update_state (self);
  sp_server_pane_update_error (self);
  sp_server_pane_update_counters (self);
  sp_server_pane_update_actions (self);
}

static void
sp_server_pane_dispose (GObject *object)
{
  SpServerPane *self = (SpServerPane *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->server_signals != NULL)
    g_signal_group_set_target (self->server_signals, NULL);
  if (self->server_bindings != NULL)
    g_binding_group_set_source (self->server_bindings, NULL);

  /* The pane owns its server: closing the pane closes the sockets. */
  if (self->server != NULL && sp_server_get_state (self->server) != SP_SERVER_STATE_STOPPED)
    sp_server_stop (self->server);

  /* AdwBin unparents its child itself: let go of it before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_SERVER_PANE);

  g_clear_object (&self->server_signals);
  g_clear_object (&self->server_bindings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->endpoint);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (sp_server_pane_parent_class)->dispose (object);
}

static void
sp_server_pane_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpServerPane *self = SP_SERVER_PANE (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;

    case PROP_ENDPOINT_TEXT:
      g_value_set_string (value, sp_server_pane_get_endpoint_text (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_server_pane_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SpServerPane *self = SP_SERVER_PANE (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;

    case PROP_ENDPOINT_TEXT:
      sp_server_pane_set_endpoint_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_server_pane_class_init (SpServerPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sp_server_pane_constructed;
  object_class->dispose = sp_server_pane_dispose;
  object_class->get_property = sp_server_pane_get_property;
  object_class->set_property = sp_server_pane_set_property;

  /**
   * SpServerPane:server:
   *
   * The server this pane runs and shows.
   */
  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL,
                         SP_TYPE_SERVER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpServerPane:endpoint-text:
   *
   * What the endpoint entry says, valid or not.
   */
  properties[PROP_ENDPOINT_TEXT] =
    g_param_spec_string ("endpoint-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/sp-server-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, close_check);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, counters_label);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, endpoint_entry);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, endpoint_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, free_port_button);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, log_view);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, reply_entry);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, state_dot);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, state_label);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, suggested_port_button);
  gtk_widget_class_bind_template_callback (widget_class, sp_server_pane_endpoint_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_server_pane_endpoint_changed_cb);

  gtk_widget_class_install_action (widget_class, "pane.start", NULL,
                                   sp_server_pane_start_action);
  gtk_widget_class_install_action (widget_class, "pane.stop", NULL,
                                   sp_server_pane_stop_action);
  gtk_widget_class_install_action (widget_class, "pane.use-free-port", NULL,
                                   sp_server_pane_use_free_port_action);
  gtk_widget_class_install_action (widget_class, "pane.use-suggested-port", NULL,
                                   sp_server_pane_use_suggested_port_action);

  gtk_widget_class_set_css_name (widget_class, "serverpane");

  g_type_ensure (SP_TYPE_LOG_VIEW);
}

static void
sp_server_pane_init (SpServerPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->server_signals = g_signal_group_new (SP_TYPE_SERVER);
  g_signal_group_connect_object (self->server_signals, "notify::state",
                                 G_CALLBACK (sp_server_pane_state_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::bound-endpoint",
                                 G_CALLBACK (sp_server_pane_bound_endpoint_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::error-message",
                                 G_CALLBACK (sp_server_pane_error_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::n-accepted",
                                 G_CALLBACK (sp_server_pane_counters_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::bytes-sent",
                                 G_CALLBACK (sp_server_pane_counters_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::bytes-received",
                                 G_CALLBACK (sp_server_pane_counters_changed_cb),
                                 self, G_CONNECT_SWAPPED);

  /* The behaviour is edited in place, and whatever else changes it is shown. */
  self->server_bindings = g_binding_group_new ();
  g_binding_group_bind (self->server_bindings, "reply-text",
                        self->reply_entry, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->server_bindings, "close-after-reply",
                        self->close_check, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

/**
 * sp_server_pane_new:
 * @server: the server the pane runs
 *
 * Returns: (transfer floating): a new #SpServerPane
 */
GtkWidget *
sp_server_pane_new (SpServer *server)
{
  g_return_val_if_fail (SP_IS_SERVER (server), NULL);

  return g_object_new (SP_TYPE_SERVER_PANE,
                       "server", server,
                       NULL);
}

/**
 * sp_server_pane_get_server:
 *
 * Returns: (transfer none): the server this pane runs
 */
SpServer *
sp_server_pane_get_server (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return self->server;
}

const char *
sp_server_pane_get_endpoint_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->endpoint_entry));
}

/**
 * sp_server_pane_set_endpoint_text:
 *
 * Puts @text in the endpoint entry, as if typed: it is validated at once and used by
 * the next start.
 */
void
sp_server_pane_set_endpoint_text (SpServerPane *self,
                                  const char   *text)
{
  g_return_if_fail (SP_IS_SERVER_PANE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_entry), text != NULL ? text : "");
}

/**
 * sp_server_pane_get_endpoint_error_text:
 *
 * Returns: (nullable): why the endpoint entry's text is not valid, or %NULL when it is
 */
const char *
sp_server_pane_get_endpoint_error_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->endpoint_error_label)))
    return NULL;

  return gtk_label_get_text (self->endpoint_error_label);
}

/**
 * sp_server_pane_get_state_text:
 *
 * Returns: the state as the pane shows it, such as "Listening on 127.0.0.1:12345"
 */
const char *
sp_server_pane_get_state_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return gtk_label_get_text (self->state_label);
}

/**
 * sp_server_pane_get_error_text:
 *
 * Returns: (nullable): the sentence in the error box, or %NULL when the box is hidden
 */
const char *
sp_server_pane_get_error_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

/**
 * sp_server_pane_get_suggested_port:
 *
 * Returns: the port the error box offers with its "Use Port N" button, or 0
 */
guint16
sp_server_pane_get_suggested_port (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), 0);

  return self->suggested_port;
}

/**
 * sp_server_pane_get_counters_text:
 *
 * Returns: the totals as the pane shows them: "Connections: 1 · Sent: 24 bytes · …"
 */
const char *
sp_server_pane_get_counters_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return gtk_label_get_text (self->counters_label);
}
