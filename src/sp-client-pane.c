/* sp-client-pane.c — a pane that drives one SpClient and shows what it does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-client-pane.h"
#include "sp-endpoint-entry.h"
#include "sp-format-private.h"
#include "sp-log-view.h"
#include "sp-script-editor.h"
#include "sp-send-box.h"

/* The "Received" label shows at most this much of one connection's data; the log and
 * the counters keep the rest. */
#define MAX_RECEIVED_SHOWN 4096

struct _SpClientPane
{
  AdwBin           parent_instance;

  SpClient        *client;
  GSignalGroup    *client_signals;
  GSignalGroup    *connection_signals;
  GCancellable    *cancellable;

  /* What arrived on the connection with id received_connection_id. */
  GByteArray      *received;
  guint            received_connection_id;
  guint            has_received : 1;

  /* A bounded repeat in progress: how many sends are left, and the timer. */
  guint            repeat_left;
  guint            repeat_source;

  /* Template children */
  GtkEditableLabel *title_label;
  GtkWidget       *state_dot;
  GtkLabel        *state_label;
  GtkButton       *connect_button;
  GtkButton       *step_button;
  SpEndpointEntry *endpoint_entry;
  SpSendBox       *send_box;
  GtkLabel        *send_error_label;
  GtkSpinButton   *repeat_count_spin;
  GtkSpinButton   *repeat_interval_spin;
  GtkLabel        *repeat_label;
  GtkLabel        *received_label;
  GtkLabel        *received_placeholder;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  GtkLabel        *counters_label;
  GtkLabel           *family_label;
  SpScriptEditor  *script_editor;
  SpLogView       *log_view;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ENDPOINT_TEXT,
  PROP_TITLE,
  PROP_STEP_MODE,
  N_PROPS
};

enum {
  CLOSE_REQUESTED,
  DUPLICATE_REQUESTED,
  EXPORT_REQUESTED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpClientPane, sp_client_pane, ADW_TYPE_BIN)

static gboolean sp_client_pane_is_idle (SpClientPane *self);

/* The family and type as the tutorial names them (AF_INET · SOCK_STREAM), what they mean
 * in the tooltip; they follow the endpoint and, once known, the address really used. */
static void
sp_client_pane_update_family (SpClientPane *self)
{
  g_autofree char *meaning = NULL;
  g_autofree char *line = NULL;

  if (self->client == NULL)
    return;

  /* While nothing runs, the line follows what is typed. */
  if (sp_client_pane_is_idle (self) && sp_endpoint_entry_get_endpoint (self->endpoint_entry) != NULL)
    line = sp_address_notes_socket_line_for_endpoint (sp_endpoint_entry_get_endpoint (self->endpoint_entry),
                                                      &meaning);
  else
    line = sp_address_notes_socket_line_for_client (self->client, &meaning);
  gtk_label_set_text (self->family_label, line);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->family_label), meaning);
}

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
sp_client_pane_is_idle (SpClientPane *self)
{
  SpClientState state = sp_client_get_state (self->client);

  return state == SP_CLIENT_STATE_DISCONNECTED || state == SP_CLIENT_STATE_FAILED;
}

static SpConnection *
sp_client_pane_get_open_connection (SpClientPane *self)
{
  SpConnection *connection;

  if (sp_client_get_state (self->client) != SP_CLIENT_STATE_CONNECTED)
    return NULL;

  connection = sp_client_get_connection (self->client);
  if (connection == NULL || !sp_connection_is_open (connection))
    return NULL;

  return connection;
}

/* The one place that decides which of the pane's actions can run. */
static void
sp_client_pane_update_actions (SpClientPane *self)
{
  SpConnection *connection;
  gboolean idle;
  gboolean can_send;
  gboolean can_half_close;
  gboolean repeating;
  gboolean step_mode;
  gboolean can_step;
  gboolean valid;

  g_assert (SP_IS_CLIENT_PANE (self));

  if (self->client == NULL)
    return;

  idle = sp_client_pane_is_idle (self);
  connection = sp_client_pane_get_open_connection (self);
  repeating = self->repeat_source != 0;

  can_send = connection != NULL &&
             sp_connection_get_state (connection) != SP_CONNECTION_STATE_HALF_CLOSED_LOCAL &&
             sp_send_box_get_valid (self->send_box);
  can_half_close = connection != NULL &&
                   !sp_connection_is_datagram (connection) &&
                   sp_connection_get_state (connection) != SP_CONNECTION_STATE_HALF_CLOSED_LOCAL;

  valid = sp_endpoint_entry_get_endpoint (self->endpoint_entry) != NULL;
  step_mode = sp_client_get_step_mode (self->client);
  can_step = sp_client_get_next_call (self->client) != NULL &&
             !sp_client_get_step_waiting (self->client) && (valid || !idle);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.connect", idle && valid && !step_mode);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.step", can_step);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.step-mode", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.disconnect", !idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.send", can_send);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.half-close", can_half_close);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.repeat", can_send && !repeating);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.stop-repeat", repeating);

  /* A connected socket keeps the address it connected to. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->endpoint_entry), idle);
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
      /* Step mode stops between socket() and connect(). */
      if (sp_client_get_next_call_kind (self->client) == SP_EVENT_KIND_CONNECT &&
          !sp_client_get_step_waiting (self->client))
        text = g_strdup (_("Socket created, not connected yet"));
      else
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

        if (connection != NULL && sp_connection_get_state (connection) == SP_CONNECTION_STATE_HALF_CLOSED_LOCAL)
          /* Translators: %s is an address; the client said it will send nothing more */
          text = g_strdup_printf (_("Half-closed: still reading from %s"), address != NULL ? address : "");
        else if (connection != NULL && sp_connection_get_state (connection) == SP_CONNECTION_STATE_HALF_CLOSED_REMOTE)
          /* Translators: %s is an address; the peer said it will send nothing more */
          text = g_strdup_printf (_("Peer half-closed: can still send to %s"), address != NULL ? address : "");
        else if (address != NULL)
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

/* The Step button says which call it makes; in step mode it takes Connect's place. */
static void
sp_client_pane_update_step (SpClientPane *self)
{
  const char *call;
  g_autofree char *label = NULL;
  gboolean step_mode;

  g_assert (SP_IS_CLIENT_PANE (self));

  call = sp_client_get_next_call (self->client);
  step_mode = sp_client_get_step_mode (self->client);

  if (call != NULL && sp_client_get_step_waiting (self->client))
    /* Translators: the Step button while a call waits; %s is a call such as recv() */
    label = g_strdup_printf (_("Waiting in %s…"), call);
  else if (call != NULL)
    /* Translators: the Step button; %s is the socket call it makes, such as connect() */
    label = g_strdup_printf (_("Next: %s"), call);
  else
    label = g_strdup (_("Step"));

  gtk_button_set_label (self->step_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->step_button), step_mode);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_button), !step_mode);
}

/* In step mode, what the send box holds is what the send() step sends. */
static void
sp_client_pane_sync_step_data (SpClientPane *self)
{
  g_autoptr(GBytes) bytes = NULL;

  if (self->client == NULL || !sp_client_get_step_mode (self->client))
    return;

  bytes = sp_send_box_dup_bytes (self->send_box);
  sp_client_set_step_data (self->client, bytes);
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
sp_client_pane_update_repeat (SpClientPane *self)
{
  g_autofree char *text = NULL;

  if (self->repeat_source != 0)
    /* Translators: %u is how many sends a repeat still has to make */
    text = g_strdup_printf (ngettext ("%u send left", "%u sends left", self->repeat_left),
                            self->repeat_left);

  gtk_label_set_text (self->repeat_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->repeat_label), text != NULL);
}

static void
sp_client_pane_stop_repeat (SpClientPane *self)
{
  g_clear_handle_id (&self->repeat_source, g_source_remove);
  self->repeat_left = 0;
  sp_client_pane_update_repeat (self);
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
sp_client_pane_connection_state_cb (SpClientPane *self,
                                    GParamSpec   *pspec,
                                    SpConnection *connection)
{
  sp_client_pane_update_state (self);
  sp_client_pane_update_actions (self);

  if (!sp_connection_is_open (connection))
    sp_client_pane_stop_repeat (self);
}

static void
sp_client_pane_follow_connection (SpClientPane *self)
{
  SpConnection *connection = sp_client_get_connection (self->client);

  g_signal_group_set_target (self->connection_signals, connection);
  sp_script_editor_set_connection (self->script_editor,
                                   sp_client_pane_get_open_connection (self),
                                   sp_client_get_log (self->client));
}

static void
sp_client_pane_state_changed_cb (SpClientPane *self,
                                 GParamSpec   *pspec,
                                 SpClient     *client)
{
  g_assert (SP_IS_CLIENT_PANE (self));

  if (sp_client_pane_is_idle (self))
    sp_client_pane_stop_repeat (self);

  sp_client_pane_follow_connection (self);
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

  sp_client_pane_follow_connection (self);
  sp_client_pane_update_state (self);
  sp_client_pane_update_actions (self);
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
sp_client_pane_step_changed_cb (SpClientPane *self,
                                GParamSpec   *pspec,
                                SpClient     *client)
{
  g_assert (SP_IS_CLIENT_PANE (self));

  sp_client_pane_update_step (self);
  sp_client_pane_update_state (self);
  sp_client_pane_update_actions (self);
}

static void
sp_client_pane_step_mode_changed_cb (SpClientPane *self,
                                     GParamSpec   *pspec,
                                     SpClient     *client)
{
  sp_client_pane_sync_step_data (self);
  sp_client_pane_step_changed_cb (self, pspec, client);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_MODE]);
}

static void
sp_client_pane_title_changed_cb (SpClientPane     *self,
                                 GParamSpec       *pspec,
                                 GtkEditableLabel *label)
{
  /* A screen reader names the pane by its title, not by its type. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_editable_get_text (GTK_EDITABLE (label)), -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
sp_client_pane_endpoint_changed_cb (SpClientPane    *self,
                                    GParamSpec      *pspec,
                                    SpEndpointEntry *entry)
{
  g_assert (SP_IS_CLIENT_PANE (self));

  /* In step mode the Step button names the first call for the address typed. */
  if (self->client != NULL && sp_client_get_step_mode (self->client) &&
      sp_client_pane_is_idle (self) && sp_endpoint_entry_get_endpoint (entry) != NULL)
    sp_client_set_endpoint (self->client, sp_endpoint_entry_get_endpoint (entry));

  sp_client_pane_update_actions (self);
  sp_client_pane_update_family (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT_TEXT]);
}

static void
sp_client_pane_endpoint_activate_cb (SpClientPane    *self,
                                     SpEndpointEntry *entry)
{
  g_assert (SP_IS_CLIENT_PANE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "pane.connect", NULL);
}

static void
sp_client_pane_send_box_valid_cb (SpClientPane *self,
                                  GParamSpec   *pspec,
                                  SpSendBox    *send_box)
{
  sp_client_pane_sync_step_data (self);
  sp_client_pane_update_actions (self);
}

static void
sp_client_pane_send_box_activate_cb (SpClientPane *self,
                                     SpSendBox    *send_box)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "pane.send", NULL);
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
  SpEndpoint *endpoint = sp_endpoint_entry_get_endpoint (self->endpoint_entry);

  if (endpoint == NULL || !sp_client_pane_is_idle (self))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  sp_client_set_endpoint (self->client, endpoint);
  sp_client_connect_async (self->client,
                           self->cancellable,
                           sp_client_pane_connect_cb,
                           g_object_ref (self));
}

static void
sp_client_pane_step_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SpClientPane *self = SP_CLIENT_PANE (widget);
  g_autoptr(GError) error = NULL;

  if (sp_client_pane_is_idle (self))
    {
      SpEndpoint *endpoint = sp_endpoint_entry_get_endpoint (self->endpoint_entry);

      if (endpoint == NULL)
        return;
      sp_client_set_endpoint (self->client, endpoint);
    }

  sp_client_pane_sync_step_data (self);

  /* A failed call reaches the person through the client's state and error, which the
   * pane already follows. */
  if (!sp_client_step (self->client, &error))
    g_debug ("No step: %s", error->message);
}

static void
sp_client_pane_disconnect_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SpClientPane *self = SP_CLIENT_PANE (widget);

  sp_client_pane_stop_repeat (self);
  g_cancellable_cancel (self->cancellable);
  sp_client_disconnect (self->client);
}

static gboolean
sp_client_pane_send_once (SpClientPane *self)
{
  g_autoptr(GBytes) bytes = sp_send_box_dup_bytes (self->send_box);
  g_autoptr(GError) error = NULL;

  if (bytes == NULL)
    return FALSE;

  if (!sp_client_send (self->client, bytes, &error))
    {
      gtk_label_set_text (self->send_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->send_error_label), TRUE);
      return FALSE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->send_error_label), FALSE);
  return TRUE;
}

static void
sp_client_pane_send_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  sp_client_pane_send_once (SP_CLIENT_PANE (widget));
}

static void
sp_client_pane_half_close_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SpClientPane *self = SP_CLIENT_PANE (widget);
  g_autoptr(GError) error = NULL;

  sp_client_pane_stop_repeat (self);

  if (!sp_client_shutdown_write (self->client, &error))
    {
      gtk_label_set_text (self->send_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->send_error_label), TRUE);
    }

  sp_client_pane_update_state (self);
  sp_client_pane_update_actions (self);
}

static gboolean
sp_client_pane_repeat_cb (gpointer user_data)
{
  SpClientPane *self = user_data;

  if (self->repeat_left == 0 || !sp_client_pane_send_once (self))
    {
      self->repeat_source = 0;
      sp_client_pane_stop_repeat (self);
      sp_client_pane_update_actions (self);
      return G_SOURCE_REMOVE;
    }

  self->repeat_left--;
  sp_client_pane_update_repeat (self);

  if (self->repeat_left == 0)
    {
      self->repeat_source = 0;
      sp_client_pane_update_repeat (self);
      sp_client_pane_update_actions (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
sp_client_pane_repeat_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SpClientPane *self = SP_CLIENT_PANE (widget);
  guint count = gtk_spin_button_get_value_as_int (self->repeat_count_spin);
  guint interval = gtk_spin_button_get_value_as_int (self->repeat_interval_spin);

  sp_client_pane_stop_repeat (self);

  if (count == 0 || !sp_client_pane_send_once (self))
    return;

  self->repeat_left = count - 1;
  if (self->repeat_left > 0)
    self->repeat_source = g_timeout_add (interval, sp_client_pane_repeat_cb, self);

  sp_client_pane_update_repeat (self);
  sp_client_pane_update_actions (self);
}

static void
sp_client_pane_stop_repeat_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  SpClientPane *self = SP_CLIENT_PANE (widget);

  sp_client_pane_stop_repeat (self);
  sp_client_pane_update_actions (self);
}

static void
sp_client_pane_rename_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SpClientPane *self = SP_CLIENT_PANE (widget);

  gtk_editable_label_start_editing (self->title_label);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_label));
}

static void
sp_client_pane_duplicate_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[DUPLICATE_REQUESTED], 0);
}

static void
sp_client_pane_export_transcript_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  g_signal_emit (widget, signals[EXPORT_REQUESTED], 0);
}

static void
sp_client_pane_close_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE_REQUESTED], 0);
}

/* The keyboard lands on the pane's main button, ready for the next step. */
static gboolean
sp_client_pane_grab_focus (GtkWidget *widget)
{
  SpClientPane *self = SP_CLIENT_PANE (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->connect_button)) &&
      gtk_widget_is_sensitive (GTK_WIDGET (self->connect_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->connect_button));

  if (gtk_widget_get_visible (GTK_WIDGET (self->step_button)) &&
      gtk_widget_is_sensitive (GTK_WIDGET (self->step_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->step_button));

  /* Not the name: GtkEditableLabel 4.8 leaves an idle behind when it loses focus. */
  return gtk_widget_grab_focus (GTK_WIDGET (self->send_box));
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
  sp_client_pane_update_family (self);
  sp_log_view_set_model (self->log_view, G_LIST_MODEL (sp_client_get_log (self->client)));

  endpoint = sp_client_get_endpoint (self->client);
  if (endpoint != NULL)
    text = sp_endpoint_to_string (endpoint);
  sp_endpoint_entry_set_text (self->endpoint_entry, text != NULL ? text : "");

  sp_client_pane_follow_connection (self);
  sp_client_pane_update_state (self);
  sp_client_pane_update_error (self);
  sp_client_pane_update_counters (self);
  sp_client_pane_update_received (self);
  sp_client_pane_update_repeat (self);
  sp_client_pane_update_step (self);
  sp_client_pane_update_actions (self);
}

static void
sp_client_pane_dispose (GObject *object)
{
  SpClientPane *self = (SpClientPane *)object;

  g_clear_handle_id (&self->repeat_source, g_source_remove);
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

    case PROP_TITLE:
      g_value_set_string (value, sp_client_pane_get_title (self));
      break;

    case PROP_STEP_MODE:
      g_value_set_boolean (value, self->client != NULL && sp_client_get_step_mode (self->client));
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

    case PROP_TITLE:
      sp_client_pane_set_title (self, g_value_get_string (value));
      break;

    case PROP_STEP_MODE:
      sp_client_set_step_mode (self->client, g_value_get_boolean (value));
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

  widget_class->grab_focus = sp_client_pane_grab_focus;

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

  /**
   * SpClientPane:title:
   *
   * The pane's name, which the person may change.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpClientPane:step-mode:
   *
   * Whether the client makes one socket call per Step (its #SpClient:step-mode); the
   * pane menu's Step Mode item toggles it. In step mode the send box holds what the
   * send() step sends.
   */
  properties[PROP_STEP_MODE] =
    g_param_spec_boolean ("step-mode", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpClientPane::close-requested:
   *
   * The person asked to close the pane; its container decides how.
   */
  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * SpClientPane::duplicate-requested:
   *
   * The person asked for a copy of the pane beside it.
   */
  signals[DUPLICATE_REQUESTED] =
    g_signal_new ("duplicate-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * SpClientPane::export-requested:
   *
   * The person asked to save the pane's log as a transcript; its container asks where.
   */
  signals[EXPORT_REQUESTED] =
    g_signal_new ("export-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/sp-client-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, counters_label);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, family_label);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, endpoint_entry);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, log_view);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, received_label);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, received_placeholder);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, repeat_count_spin);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, repeat_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, repeat_label);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, script_editor);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, send_box);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, send_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, state_dot);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, step_button);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, state_label);
  gtk_widget_class_bind_template_child (widget_class, SpClientPane, title_label);
  gtk_widget_class_bind_template_callback (widget_class, sp_client_pane_endpoint_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_client_pane_endpoint_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_client_pane_send_box_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_client_pane_send_box_valid_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_client_pane_title_changed_cb);

  gtk_widget_class_install_action (widget_class, "pane.connect", NULL,
                                   sp_client_pane_connect_action);
  gtk_widget_class_install_action (widget_class, "pane.disconnect", NULL,
                                   sp_client_pane_disconnect_action);
  gtk_widget_class_install_action (widget_class, "pane.step", NULL,
                                   sp_client_pane_step_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "pane.step", NULL);
  gtk_widget_class_install_property_action (widget_class, "pane.step-mode", "step-mode");
  gtk_widget_class_install_action (widget_class, "pane.send", NULL,
                                   sp_client_pane_send_action);
  gtk_widget_class_install_action (widget_class, "pane.half-close", NULL,
                                   sp_client_pane_half_close_action);
  gtk_widget_class_install_action (widget_class, "pane.repeat", NULL,
                                   sp_client_pane_repeat_action);
  gtk_widget_class_install_action (widget_class, "pane.stop-repeat", NULL,
                                   sp_client_pane_stop_repeat_action);
  gtk_widget_class_install_action (widget_class, "pane.rename", NULL,
                                   sp_client_pane_rename_action);
  gtk_widget_class_install_action (widget_class, "pane.duplicate", NULL,
                                   sp_client_pane_duplicate_action);
  gtk_widget_class_install_action (widget_class, "pane.close", NULL,
                                   sp_client_pane_close_action);
  gtk_widget_class_install_action (widget_class, "pane.export-transcript", NULL,
                                   sp_client_pane_export_transcript_action);

  gtk_widget_class_set_css_name (widget_class, "clientpane");

  g_type_ensure (SP_TYPE_ENDPOINT_ENTRY);
  g_type_ensure (SP_TYPE_LOG_VIEW);
  g_type_ensure (SP_TYPE_SCRIPT_EDITOR);
  g_type_ensure (SP_TYPE_SEND_BOX);
}

static void
sp_client_pane_init (SpClientPane *self)
{
  self->received = g_byte_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_label), _("Client"));

  self->client_signals = g_signal_group_new (SP_TYPE_CLIENT);
  g_signal_group_connect_object (self->client_signals, "notify::endpoint",
                                 G_CALLBACK (sp_client_pane_update_family),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->client_signals, "notify::state",
                                 G_CALLBACK (sp_client_pane_update_family),
                                 self, G_CONNECT_SWAPPED);
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
  g_signal_group_connect_object (self->client_signals, "notify::step-mode",
                                 G_CALLBACK (sp_client_pane_step_mode_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->client_signals, "notify::next-call",
                                 G_CALLBACK (sp_client_pane_step_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->client_signals, "notify::step-waiting",
                                 G_CALLBACK (sp_client_pane_step_changed_cb),
                                 self, G_CONNECT_SWAPPED);

  self->connection_signals = g_signal_group_new (SP_TYPE_CONNECTION);
  g_signal_group_connect_object (self->connection_signals, "received",
                                 G_CALLBACK (sp_client_pane_received_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->connection_signals, "notify::state",
                                 G_CALLBACK (sp_client_pane_connection_state_cb),
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

static void
sp_client_pane_copy_texts (SpClientPane *self,
                           SpClientPane *copy)
{
  g_autofree char *script = sp_script_editor_dup_text (self->script_editor);

  sp_client_pane_set_endpoint_text (copy, sp_client_pane_get_endpoint_text (self));
  sp_send_box_set_hex (copy->send_box, sp_send_box_get_hex (self->send_box));
  sp_send_box_set_text (copy->send_box, sp_send_box_get_text (self->send_box));
  gtk_spin_button_set_value (copy->repeat_count_spin, gtk_spin_button_get_value (self->repeat_count_spin));
  gtk_spin_button_set_value (copy->repeat_interval_spin, gtk_spin_button_get_value (self->repeat_interval_spin));
  sp_script_editor_set_text (copy->script_editor, script);
}

/**
 * sp_client_pane_duplicate:
 *
 * A new pane with a new, disconnected client aimed at the same address, with the
 * same data to send, repeat and script. The connection is not copied.
 *
 * Returns: (transfer floating): a new #SpClientPane
 */
GtkWidget *
sp_client_pane_duplicate (SpClientPane *self)
{
  g_autoptr(SpClient) client = NULL;
  SpClientPane *copy;

  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  client = sp_client_new (sp_client_get_endpoint (self->client));
  sp_client_set_timeout (client, sp_client_get_timeout (self->client));
  sp_client_set_step_mode (client, sp_client_get_step_mode (self->client));

  copy = SP_CLIENT_PANE (sp_client_pane_new (client));
  sp_client_pane_copy_texts (self, copy);

  return GTK_WIDGET (copy);
}

/**
 * sp_client_pane_reopen:
 *
 * A new pane on this pane's own client, with its log and totals, and with what this
 * pane's fields say: how Undo brings a closed pane back.
 *
 * Returns: (transfer floating): a new #SpClientPane
 */
GtkWidget *
sp_client_pane_reopen (SpClientPane *self)
{
  SpClientPane *copy;

  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  copy = SP_CLIENT_PANE (sp_client_pane_new (self->client));
  sp_client_pane_copy_texts (self, copy);
  sp_client_pane_set_title (copy, sp_client_pane_get_title (self));

  return GTK_WIDGET (copy);
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
sp_client_pane_get_title (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->title_label));
}

void
sp_client_pane_set_title (SpClientPane *self,
                          const char   *title)
{
  g_return_if_fail (SP_IS_CLIENT_PANE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_label), title != NULL ? title : "");
}

const char *
sp_client_pane_get_endpoint_text (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  return sp_endpoint_entry_get_text (self->endpoint_entry);
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

  sp_endpoint_entry_set_text (self->endpoint_entry, text);
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

  return sp_endpoint_entry_get_error_text (self->endpoint_entry);
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

/**
 * sp_client_pane_get_send_box:
 *
 * Returns: (transfer none): what Send sends
 */
SpSendBox *
sp_client_pane_get_send_box (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  return self->send_box;
}

/**
 * sp_client_pane_get_script_editor:
 *
 * Returns: (transfer none): the scripted exchange's editor
 */
SpScriptEditor *
sp_client_pane_get_script_editor (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  return self->script_editor;
}

/**
 * sp_client_pane_set_repeat:
 *
 * Sets what Repeat does, as the two spin buttons do: @count sends, @interval_ms apart.
 */
void
sp_client_pane_set_repeat (SpClientPane *self,
                           guint         count,
                           guint         interval_ms)
{
  g_return_if_fail (SP_IS_CLIENT_PANE (self));

  gtk_spin_button_set_value (self->repeat_count_spin, count);
  gtk_spin_button_set_value (self->repeat_interval_spin, interval_ms);
}

/**
 * sp_client_pane_get_repeat:
 * @count: (out) (optional): how many sends Repeat makes
 * @interval_ms: (out) (optional): milliseconds between two of them
 *
 * Reads what the two spin buttons of Repeat say.
 */
void
sp_client_pane_get_repeat (SpClientPane *self,
                           guint        *count,
                           guint        *interval_ms)
{
  g_return_if_fail (SP_IS_CLIENT_PANE (self));

  if (count != NULL)
    *count = gtk_spin_button_get_value_as_int (self->repeat_count_spin);
  if (interval_ms != NULL)
    *interval_ms = gtk_spin_button_get_value_as_int (self->repeat_interval_spin);
}

/**
 * sp_client_pane_get_n_live_sockets:
 *
 * Returns: 1 while the client is connecting or connected, else 0
 */
guint
sp_client_pane_get_n_live_sockets (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), 0);

  return sp_client_pane_is_idle (self) ? 0 : 1;
}

/**
 * sp_client_pane_close_sockets:
 *
 * Disconnects, as the Disconnect button does.
 *
 * Returns: how many connections were open (0 or 1)
 */
guint
sp_client_pane_close_sockets (SpClientPane *self)
{
  guint n;

  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), 0);

  n = sp_client_pane_get_n_live_sockets (self);
  sp_client_pane_stop_repeat (self);
  g_cancellable_cancel (self->cancellable);
  if (n > 0)
    sp_client_disconnect (self->client);

  return n;
}

/**
 * sp_client_pane_get_step_label:
 *
 * Returns: (nullable): what the Step button says, such as "Next: accept()", or %NULL
 *   while it is hidden (step mode is off)
 */
const char *
sp_client_pane_get_step_label (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->step_button)))
    return NULL;

  return gtk_button_get_label (self->step_button);
}

/**
 * sp_client_pane_get_can_step:
 *
 * Returns: whether the Step button can be clicked now
 */
gboolean
sp_client_pane_get_can_step (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->step_button)) &&
         gtk_widget_is_sensitive (GTK_WIDGET (self->step_button));
}

/**
 * sp_client_pane_get_log_view:
 *
 * Returns: (transfer none): the pane's log view
 */
SpLogView *
sp_client_pane_get_log_view (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  return self->log_view;
}

/* For tests: the address family and socket type line, as shown. */
const char *
sp_client_pane_get_family_text (SpClientPane *self)
{
  g_return_val_if_fail (SP_IS_CLIENT_PANE (self), NULL);

  return gtk_label_get_text (self->family_label);
}
