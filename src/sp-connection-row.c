/* sp-connection-row.c — one of a server's connections: peer, state, bytes, duration, Close
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * List views recycle rows: the row follows whichever connection it is given, and a
 * one-second timer keeps the duration current only while that connection is open.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-connection-row.h"

struct _SpConnectionRow
{
  GtkWidget     parent_instance;

  SpConnection *connection;
  GSignalGroup *connection_signals;
  guint         tick_id;

  /* Template children */
  GtkWidget    *state_dot;
  GtkLabel     *peer_label;
  GtkLabel     *details_label;
  GtkButton    *close_button;
};

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpConnectionRow, sp_connection_row, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static char *
sp_format_duration (gint64 usec)
{
  gint64 seconds = MAX (usec, 0) / G_USEC_PER_SEC;

  if (seconds < 60)
    /* Translators: a duration in seconds, short */
    return g_strdup_printf (_("%u s"), (guint) seconds);

  if (seconds < 3600)
    /* Translators: a duration in minutes and seconds, short */
    return g_strdup_printf (_("%u min %02u s"), (guint) (seconds / 60), (guint) (seconds % 60));

  /* Translators: a duration in hours and minutes, short */
  return g_strdup_printf (_("%u h %02u min"), (guint) (seconds / 3600), (guint) ((seconds / 60) % 60));
}

static void
sp_connection_row_update (SpConnectionRow *self)
{
  g_autofree char *peer = NULL;
  g_autofree char *details = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *close_label = NULL;
  SpConnectionState state;
  const char *state_class;
  gint64 start;
  gint64 end;

  g_assert (SP_IS_CONNECTION_ROW (self));

  if (self->connection == NULL)
    {
      gtk_label_set_text (self->peer_label, "");
      gtk_label_set_text (self->details_label, "");
      return;
    }

  state = sp_connection_get_state (self->connection);
  switch (state)
    {
    case SP_CONNECTION_STATE_CONNECTING:
      state_class = "starting";
      break;
    case SP_CONNECTION_STATE_CONNECTED:
      state_class = "ready";
      break;
    case SP_CONNECTION_STATE_HALF_CLOSED_LOCAL:
    case SP_CONNECTION_STATE_HALF_CLOSED_REMOTE:
      state_class = "starting";
      break;
    case SP_CONNECTION_STATE_RESET:
    case SP_CONNECTION_STATE_ERROR:
      state_class = "failed";
      break;
    case SP_CONNECTION_STATE_CLOSED:
    default:
      state_class = "stopped";
      break;
    }
  gtk_widget_set_css_classes (self->state_dot, (const char *[]) { "state-dot", state_class, NULL });

  /* Translators: a connection in a server's list: its number and the peer's address */
  peer = g_strdup_printf (_("#%u  %s"),
                          sp_connection_get_id (self->connection),
                          sp_connection_get_peer_address (self->connection) != NULL
                            ? sp_connection_get_peer_address (self->connection) : "?");
  gtk_label_set_text (self->peer_label, peer);

  start = sp_connection_get_start_time (self->connection);
  end = sp_connection_get_end_time (self->connection);
  if (end == 0)
    end = g_get_real_time ();
  duration = sp_format_duration (start > 0 ? end - start : 0);

  /* Translators: a connection's state, its exact byte counters and how long it has lasted */
  details = g_strdup_printf (_("%s · in %llu B · out %llu B · %s"),
                             sp_connection_state_to_string (state),
                             (unsigned long long) sp_connection_get_bytes_received (self->connection),
                             (unsigned long long) sp_connection_get_bytes_sent (self->connection),
                             duration);
  gtk_label_set_text (self->details_label, details);

  /* Translators: %u is a connection's number */
  close_label = g_strdup_printf (_("Close Connection %u"), sp_connection_get_id (self->connection));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->close_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, close_label,
                                  -1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.close",
                                 sp_connection_is_open (self->connection));
}

static gboolean
sp_connection_row_tick_cb (gpointer user_data)
{
  SpConnectionRow *self = user_data;

  sp_connection_row_update (self);

  return G_SOURCE_CONTINUE;
}

static void
sp_connection_row_update_timer (SpConnectionRow *self)
{
  gboolean want = self->connection != NULL && sp_connection_is_open (self->connection);

  if (want && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, sp_connection_row_tick_cb, self);
  else if (!want)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
sp_connection_row_changed_cb (SpConnectionRow *self,
                              GParamSpec      *pspec,
                              SpConnection    *connection)
{
  sp_connection_row_update (self);
  sp_connection_row_update_timer (self);
}

static void
sp_connection_row_close_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  SpConnectionRow *self = SP_CONNECTION_ROW (widget);

  if (self->connection != NULL && sp_connection_is_open (self->connection))
    sp_connection_close (self->connection);
}

static void
sp_connection_row_dispose (GObject *object)
{
  SpConnectionRow *self = (SpConnectionRow *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_CONNECTION_ROW);

  /* The template's unnamed children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->connection_signals);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (sp_connection_row_parent_class)->dispose (object);
}

static void
sp_connection_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SpConnectionRow *self = SP_CONNECTION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_connection_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SpConnectionRow *self = SP_CONNECTION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      sp_connection_row_set_connection (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_connection_row_class_init (SpConnectionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_connection_row_dispose;
  object_class->get_property = sp_connection_row_get_property;
  object_class->set_property = sp_connection_row_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, SP_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/sp-connection-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SpConnectionRow, close_button);
  gtk_widget_class_bind_template_child (widget_class, SpConnectionRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, SpConnectionRow, peer_label);
  gtk_widget_class_bind_template_child (widget_class, SpConnectionRow, state_dot);

  gtk_widget_class_install_action (widget_class, "row.close", NULL,
                                   sp_connection_row_close_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "connectionrow");
}

static void
sp_connection_row_init (SpConnectionRow *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 8);

  self->connection_signals = g_signal_group_new (SP_TYPE_CONNECTION);
  g_signal_group_connect_object (self->connection_signals, "notify::state",
                                 G_CALLBACK (sp_connection_row_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->connection_signals, "notify::bytes-received",
                                 G_CALLBACK (sp_connection_row_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->connection_signals, "notify::bytes-sent",
                                 G_CALLBACK (sp_connection_row_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->connection_signals, "notify::peer-address",
                                 G_CALLBACK (sp_connection_row_changed_cb),
                                 self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.close", FALSE);
}

GtkWidget *
sp_connection_row_new (void)
{
  return g_object_new (SP_TYPE_CONNECTION_ROW, NULL);
}

/**
 * sp_connection_row_get_connection:
 *
 * Returns: (transfer none) (nullable): the connection the row shows
 */
SpConnection *
sp_connection_row_get_connection (SpConnectionRow *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION_ROW (self), NULL);

  return self->connection;
}

void
sp_connection_row_set_connection (SpConnectionRow *self,
                                  SpConnection    *connection)
{
  g_return_if_fail (SP_IS_CONNECTION_ROW (self));
  g_return_if_fail (connection == NULL || SP_IS_CONNECTION (connection));

  if (!g_set_object (&self->connection, connection))
    return;

  g_signal_group_set_target (self->connection_signals, connection);
  sp_connection_row_update (self);
  sp_connection_row_update_timer (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

/**
 * sp_connection_row_get_details_text:
 *
 * Returns: the row's second line: "Connected · in 4 B · out 0 B · 2 s"
 */
const char *
sp_connection_row_get_details_text (SpConnectionRow *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION_ROW (self), NULL);

  return gtk_label_get_text (self->details_label);
}
