/* sp-client-pane.c — a pane that drives one SpClient and shows what it does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-client-pane.h"
#include "sp-format-private.h"
#include "sp-log-view.h"

/* The "Received" label shows at most this much of one connection's data; the log and
 * the counters keep the rest. */
#define MAX_RECEIVED_SHOWN 4096

struct _SpClientPane
{
  AdwBin        parent_instance;

  SpClient     *client;
  GSignalGroup *client_signals;
  GSignalGroup *connection_signals;
  GCancellable *cancellable;

  /* What the endpoint entry says, parsed; NULL while the text is not a valid endpoint. */
  SpEndpoint   *endpoint;

  /* What arrived on the connection with id received_connection_id. */
  GByteArray   *received;
  guint         received_connection_id;
  guint         has_received : 1;

  /* Template children */
  GtkWidget    *state_dot;
  GtkLabel     *state_label;
  GtkEntry     *endpoint_entry;
  GtkLabel     *endpoint_error_label;
  GtkLabel     *received_label;
  GtkLabel     *received_placeholder;
  GtkRevealer  *error_revealer;
  GtkLabel     *error_label;
  GtkLabel     *counters_label;
  GtkButton    *connect_button;
  SpLogView    *log_view;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ENDPOINT_TEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpClientPane, sp_client_pane, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];

static gboolean
sp_client_pane_is_idle (SpClientPane *self)
{
  SpClientState state = sp_client_get_state (self->client);

  return state == SP_CLIENT_STATE_DISCONNECTED || state == SP_CLIENT_STATE_FAILED;
}

/* The one place that decides which of the pane's actions can run. */
static void
sp_client_pane_update_actions (SpClientPane *self)
{
  gboolean idle;

  g_assert (SP_IS_CLIENT_PANE (self));

  if (self->client == NULL)
    return;

  idle = sp_client_pane_is_idle (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.connect", idle && self->endpoint != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.disconnect", !idle);
}

static void
sp_client_pane_update_state (SpClientPane *self)
{
  g_autofree char *text = NULL;
  const char *state_class;

  g_assert (SP_IS_CLIENT_PANE (self));

  switch (sp_client_get_state (self->client))
    {
    case SP_CLIENT_STATE_RESOLVING:
      text = g_strdup (_("Looking up the host name…"));
      state_class = "starting";
      break;

    case SP_CLIENT_STATE_CONNECTING:
      text = g_strdup (_("Connecting…"));
      state_class = "starting";
      break;

    case SP_CLIENT_STATE_CONNECTED:
      {
        SpConnection *connection = sp_client_get_connection (self->client);
        SpEndpoint *endpoint = sp_client_get_endpoint (self->client);
        g_autofree char *address = NULL;

        if (connection != NULL && sp_connection_get_peer_address (connection) != NULL)
          address = g_strdup (sp_connection_get_peer_address (connection));
        else if (endpoint != NULL && sp_endpoint_is_inet (endpoint))
          address = sp_endpoint_format_host_port (endpoint);
        else if (endpoint != NULL)
          address = sp_endpoint_to_string (endpoint);

        if (address != NULL)
          /* Translators: %s is an address such as 127.0.0.1:12345 */
          text = g_strdup_printf (_("Connected to %s"), address);
        else
          text = g_strdup (_("Connected"));
        state_class = "ready";
      }
      break;

    case SP_CLIENT_STATE_FAILED:
      text = g_strdup (_("Failed"));
      state_class = "failed";
      break;

    case SP_CLIENT_STATE_DISCONNECTED:
    default:
      text = g_strdup (_("Disconnected"));
      state_class = "stopped";
      break;
    }

  gtk_label_set_text (self->state_label, text);
  gtk_widget_set_css_classes (self->state_dot,
                              (const char *[]) { "state-dot", state_class, NULL });
}

static void
sp_client_pane_update_error (SpClientPane *self)
{
  const GError *error;
  gboolean show;

  g_assert (SP_IS_CLIENT_PANE (self));

  error = sp_client_get_error (self->client);
  show = sp_client_get_state (self->client) == SP_CLIENT_STATE_FAILED && error != NULL;

  if (show)
    gtk_label_set_text (self->error_label, error->message);

  gtk_revealer_set_reveal_child (self->error_revealer, show);
}

static void
sp_client_pane_update_counters (SpClientPane *self)
{
  g_autofree char *text = NULL;

  g_assert (SP_IS_CLIENT_PANE (self));

  text = _sp_format_counters (sp_client_get_n_connections (self->client),
                              sp_client_get_bytes_sent (self->client),
                              sp_client_get_bytes_received (self->client));
  gtk_label_set_text (self->counters_label, text);
}

static void
sp_client_pane_update_received (SpClientPane *self)
{
  g_autofree char *text = NULL;
  gboolean truncated;

  g_assert (SP_IS_CLIENT_PANE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->received_label), self->has_received);
  gtk_widget_set_visible (GTK_WIDGET (self->received_placeholder), !self->has_received);

  if (!self->has_received)
    return;

  truncated = self->received->len > MAX_RECEIVED_SHOWN;
  text = sp_payload_to_escaped (self->received->data, MIN (self->received->len, MAX_RECEIVED_SHOWN));

  if (truncated)
    {
      g_autofree char *shown = g_steal_pointer (&text);

      text = g_strconcat (shown, "…", NULL);
    }

  gtk_label_set_text (self->received_label, text);
}

static void
sp_client_pane_received_cb (SpClientPane *self,
                            GBytes       *bytes,
                            SpConnection *connection)
{
  guint id;
  gsize size;
  const guint8 *data;

  g_assert (SP_IS_CLIENT_PANE (self));
  g_assert (SP_IS_CONNECTION (connection));

  id = sp_connection_get_id (connection);

  /* Keep the previous connection's text until the new one has something to say. */
  if (!self->has_received || id != self->received_connection_id)
    {
      g_byte_array_set_size (self->received, 0);
      self->received_connection_id = id;
      self->has_received = TRUE;
    }

  data = g_bytes_get_data (bytes, &size);
  if (self->received->len <= MAX_RECEIVED_SHOWN)
    g_byte_array_append (self->received, data, MIN (size, MAX_RECEIVED_SHOWN + 1));

  sp_client_pane_update_received (self);
}

static void
sp_client_pane_state_changed_cb (SpClientPane *self,
                                 GParamSpec   *pspec,
                                 SpClient     *client)
{
  g_assert (SP_IS_CLIENT_PANE (self));

  sp_client_pane_update_state (self);
  sp_client_pane_update_error (self);
  sp_client_pane_update_actions (self);
}

static void
sp_client_pane_connection_changed_cb (SpClientPane *self,
                                      GParamSpec   *pspec,
                                      SpClient     *client)
{
  g_assert (SP_IS_CLIENT_PANE (self));

  g_signal_group_set_target (self->connection_signals, sp_client_get_connection (client));
  sp_client_pane_update_state (self);
}

static void
sp_client_pane_counters_changed_cb (SpClientPane *self,
                                    GParamSpec   *pspec,
                                    SpClient     *client)
{
  sp_client_pane_update_counters (self);
}

static void
sp_client_pane_error_changed_cb (SpClientPane *self,
                                 GParamSpec   *pspec,
                                 SpClient     *client)
{
  sp_client_pane_update_error (self);
}

static void
sp_client_pane_endpoint_changed_cb (SpClientPane *self,
                                    GtkEditable  *editable)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (SP_IS_CLIENT_PANE (self));

  endpoint = sp_endpoint_parse (gtk_editable_get_text (editable), SP_ENDPOINT_ROLE_CLIENT, &error);
  g_set_object (&self->endpoint, endpoint);

  gtk_label_set_text (self->endpoint_error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_error_label), error != NULL);

  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_entry), "error");

  sp_client_pane_update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT_TEXT]);
}

static void
sp_client_pane_endpoint_activate_cb (SpClientPane *self,
                                     GtkEntry     *entry)
{
  g_assert (SP_IS_CLIENT_PANE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "pane.connect", NULL);
}

static void
sp_client_pane_connect_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(SpClientPane) self = user_data;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  /* A failure reaches the person through the client's state and error, which the
   * pane already follows; nothing more to show here. */
  connection = sp_client_connect_finish (SP_CLIENT (object), result, &error);
  if (connection == NULL)
    g_debug ("Client did not connect: %s", error->message);
}

static void
sp_client_pane_connect_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SpClientPane *self = SP_CLIENT_PANE (widget);

  if (self->endpoint == NULL || !sp_client_pane_is_idle (self))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  sp_client_set_endpoint (self->client, self->endpoint);
  sp_client_connect_async (self->client,
                           self->cancellable,
                           sp_client_pane_connect_cb,
                           g_object_ref (self));
}

static void
sp_client_pane_disconnect_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SpClientPane *self = SP_CLIENT_PANE (widget);

  g_cancellable_cancel (self->cancellable);
  sp_client_disconnect (self->client);
}

static void
sp_client_pane_constructed (GObject *object)
{
  SpClientPane *self = (SpClientPane *)object;
  SpEndpoint *endpoint;
  g_autofree char *text = NULL;

  G_OBJECT_CLASS (sp_client_pane_parent_class)->constructed (object);

  g_assert (SP_IS_CLIENT (self->client));

  g_signal_group_set_target (self->client_signals, self->client);
  g_signal_group_set_target (self->connection_signals, sp_client_get_connection (self->client));
  sp_log_view_set_model (self->log_view, G_LIST_MODEL (sp_client_get_log (self->client)));

  endpoint = sp_client_get_endpoint (self->client);
  if (endpoint != NULL)
    text = sp_endpoint_to_string (endpoint);
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_entry), text != NULL ? text : "");

  sp_client_pane_update_state (self);
  sp_client_pane_update_error (self);
  sp_client_pane_update_counters (self);
  sp_client_pane_update_received (self);
  sp_client_pane_update_actions (self);
}

static void
sp_client_pane_dispose (GObject *object)
{
  SpClientPane *self = (SpClientPane *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->client_signals != NULL)
    g_signal_group_set_target (self->client_signals, NULL);
  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);

  /* The pane owns its client: closing the pane closes the connection. */
  if (self->client != NULL && !sp_client_pane_is_idle (self))
    sp_client_disconnect (self->client);

  /* AdwBin unparents its child itself: let go of it before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_CLIENT_PANE);

  g_clear_object (&self->client_signals);
  g_clear_object (&self->connection_signals);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->endpoint);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (sp_client_pane_parent_class)->dispose (object);
}

static void
sp_client_pane_finalize (GObject *object)
{
  SpClientPane *self = (SpClientPane *)object;

  g_clear_pointer (&self->received, g_byte_array_unref);

  G_OBJECT_CLASS (sp_client_pane_parent_class)->finalize (object);
}

static void
sp_client_pane_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpClientPane *self = SP_CLIENT_PANE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ENDPOINT_TEXT:
      g_value_set_string (value, sp_client_pane_get_endpoint_text (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_client_pane_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SpClientPane *self = SP_CLIENT_PANE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_ENDPOINT_TEXT:
      sp_client_pane_set_endpoint_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_client_pane_class_init (SpClientPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sp_client_pane_constructed;
  object_class->dispose = sp_client_pane_dispose;
  object_class->finalize = sp_client_pane_finalize;
  object_class->get_property = sp_client_pane_get_property;
  object_class->set_property = sp_client_pane_set_property;

  /**
   * SpClientPane:client:
   *
   * The client this pane drives and shows.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         SP_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpClientPane:endpoint-text:
   *
   * What the endpoint entry says, valid or not.
   */
  properties[PROP_ENDPOINT_TEXT] =
    g_param_spec_string ("endpoint-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/sp-client-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, counters_label);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, endpoint_entry);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, endpoint_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, log_view);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, received_label);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, received_placeholder);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, state_dot);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, state_label);
  gtk_widget_class_bind_template_callback (widget_class, sp_client_pane_endpoint_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_client_pane_endpoint_changed_cb);

  gtk_widget_class_install_action (widget_class, "pane.connect", NULL,
                                   sp_client_pane_connect_action);
  gtk_widget_class_install_action (widget_class, "pane.disconnect", NULL,
                                   sp_client_pane_disconnect_action);

  gtk_widget_class_set_css_name (widget_class, "clientpane");

  g_type_ensure (SP_TYPE_LOG_VIEW);
}

static void
sp_client_pane_init (SpClientPane *self)
{
  self->received = g_byte_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->client_signals = g_signal_group_new (SP_TYPE_CLIENT);
  g_signal_group_connect_object (self->client_signals, "notify::state",
                                 G_CALLBACK (sp_client_pane_state_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->client_signals, "notify::connection",
                                 G_CALLBACK (sp_client_pane_connection_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->client_signals, "notify::error-message",
                                 G_CALLBACK (sp_client_pane_error_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->client_signals, "notify::n-connections",
                                 G_CALLBACK (sp_client_pane_counters_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->client_signals, "notify::bytes-sent",
                                 G_CALLBACK (sp_client_pane_counters_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->client_signals, "notify::bytes-received",
                                 G_CALLBACK (sp_client_pane_counters_changed_cb),
                                 self, G_CONNECT_SWAPPED);

  self->connection_signals = g_signal_group_new (SP_TYPE_CONNECTION);
  g_signal_group_connect_object (self->connection_signals, "received",
                                 G_CALLBACK (sp_client_pane_received_cb),
                                 self, G_CONNECT_SWAPPED);
}

/**
 * sp_client_pane_new:
 * @client: the client the pane drives
 *
 * Returns: (transfer floating): a new #SpClientPane
 */
GtkWidget *
sp_client_pane_new (SpClient *client)
{
  g_return_val_if_fail (SP_IS_CLIENT (client), NULL);

  return g_object_new (SP_TYPE_CLIENT_PANE,
                       "client", client,
                       NULL);
}

/**
 * sp_client_pane_get_client:
 *
 * Returns: (transfer none): the client this pane drives
 */
SpClient *
sp_client_pane_get_client (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  return self->client;
}

const char *
sp_client_pane_get_endpoint_text (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->endpoint_entry));
}

/**
 * sp_client_pane_set_endpoint_text:
 *
 * Puts @text in the endpoint entry, as if typed: it is validated at once and used by
 * the next connection.
 */
void
sp_client_pane_set_endpoint_text (SpClientPane *self,
                                  const char   *text)
{
  g_return_if_fail (SP_IS_CLIENT_PANE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_entry), text != NULL ? text : "");
}

/**
 * sp_client_pane_get_endpoint_error_text:
 *
 * Returns: (nullable): why the endpoint entry's text is not valid, or %NULL when it is
 */
const char *
sp_client_pane_get_endpoint_error_text (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->endpoint_error_label)))
    return NULL;

  return gtk_label_get_text (self->endpoint_error_label);
}

/**
 * sp_client_pane_get_state_text:
 *
 * Returns: the state as the pane shows it, such as "Connected to 127.0.0.1:12345"
 */
const char *
sp_client_pane_get_state_text (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  return gtk_label_get_text (self->state_label);
}

/**
 * sp_client_pane_get_error_text:
 *
 * Returns: (nullable): the sentence in the error box, or %NULL when the box is hidden
 */
const char *
sp_client_pane_get_error_text (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

/**
 * sp_client_pane_get_counters_text:
 *
 * Returns: the totals as the pane shows them: "Connections: 1 · Sent: 0 bytes · …"
 */
const char *
sp_client_pane_get_counters_text (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  return gtk_label_get_text (self->counters_label);
}

/**
 * sp_client_pane_get_received_text:
 *
 * Returns: (nullable): the text received on the latest connection that sent
 *   something, as shown, or %NULL before anything arrived
 */
const char *
sp_client_pane_get_received_text (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  if (!self->has_received)
    return NULL;

  return gtk_label_get_text (self->received_label);
}

/**
 * sp_client_pane_get_can_connect:
 *
 * Returns: whether the Connect button can be clicked now
 */
gboolean
sp_client_pane_get_can_connect (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), FALSE);

  return gtk_widget_is_sensitive (GTK_WIDGET (self->connect_button));
}
