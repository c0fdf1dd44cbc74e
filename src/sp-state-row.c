/* sp-state-row.c — one socket in the state view: its name, its state diagram, the kernel's state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row shows any of the engine's sockets: a server's listening socket (SpServer), one
 * of its connections (SpConnection) or a client's socket (SpClient, whose kernel state is
 * its current connection's). All three have the same "socket-state" and "kernel-state"
 * properties; the row only chooses the path of states that kind of socket goes through.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-core.h"
#include "sp-state-diagram.h"
#include "sp-state-row.h"

struct _SpStateRow
{
  GtkWidget       parent_instance;

  GObject        *item;
  GSignalGroup   *item_signals;
  GSignalGroup   *connection_signals;   /* a client's connection */

  /* Template children */
  GtkLabel       *title_label;
  SpStateDiagram *diagram;
  GtkLabel       *kernel_label;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpStateRow, sp_state_row, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static const SpSocketState listener_path[] = {
  SP_SOCKET_STATE_CREATED, SP_SOCKET_STATE_BOUND, SP_SOCKET_STATE_LISTENING, SP_SOCKET_STATE_CLOSED,
};
static const SpSocketState datagram_server_path[] = {
  SP_SOCKET_STATE_CREATED, SP_SOCKET_STATE_BOUND, SP_SOCKET_STATE_CLOSED,
};
static const SpSocketState accepted_path[] = {
  SP_SOCKET_STATE_CONNECTED, SP_SOCKET_STATE_HALF_CLOSED, SP_SOCKET_STATE_CLOSED,
};
static const SpSocketState datagram_peer_path[] = {
  SP_SOCKET_STATE_CONNECTED, SP_SOCKET_STATE_CLOSED,
};
static const SpSocketState client_path[] = {
  SP_SOCKET_STATE_CREATED, SP_SOCKET_STATE_CONNECTING, SP_SOCKET_STATE_CONNECTED,
  SP_SOCKET_STATE_HALF_CLOSED, SP_SOCKET_STATE_CLOSED,
};
static const SpSocketState datagram_client_path[] = {
  SP_SOCKET_STATE_CREATED, SP_SOCKET_STATE_CONNECTED, SP_SOCKET_STATE_CLOSED,
};

#define SET_PATH(diagram, path, initial) \
  sp_state_diagram_set_path ((diagram), (path), G_N_ELEMENTS (path), (initial))

static void
update_path (SpStateRow *self)
{
  if (SP_IS_SERVER (self->item))
    {
      if (sp_endpoint_is_stream (sp_server_get_endpoint (SP_SERVER (self->item))))
        SET_PATH (self->diagram, listener_path, TRUE);
      else
        SET_PATH (self->diagram, datagram_server_path, TRUE);
    }
  else if (SP_IS_CONNECTION (self->item))
    {
      /* accept() returns a socket that is already connected. */
      if (sp_connection_is_datagram (SP_CONNECTION (self->item)))
        SET_PATH (self->diagram, datagram_peer_path, FALSE);
      else
        SET_PATH (self->diagram, accepted_path, FALSE);
    }
  else if (SP_IS_CLIENT (self->item))
    {
      if (sp_endpoint_is_stream (sp_client_get_endpoint (SP_CLIENT (self->item))))
        SET_PATH (self->diagram, client_path, TRUE);
      else
        SET_PATH (self->diagram, datagram_client_path, TRUE);
    }
  else
    sp_state_diagram_set_path (self->diagram, NULL, 0, FALSE);
}

static char *
dup_title (SpStateRow *self)
{
  if (SP_IS_SERVER (self->item))
    {
      SpServer *server = SP_SERVER (self->item);
      SpEndpoint *endpoint = sp_server_get_bound_endpoint (server);
      g_autofree char *where = sp_endpoint_to_string (endpoint != NULL ? endpoint : sp_server_get_endpoint (server));

      if (sp_endpoint_is_stream (sp_server_get_endpoint (server)))
        /* Translators: the state view's title for a server's listening socket */
        return g_strdup_printf (_("Listening socket · %s"), where);
      /* Translators: the state view's title for a datagram server's socket */
      return g_strdup_printf (_("Bound socket · %s"), where);
    }

  if (SP_IS_CONNECTION (self->item))
    {
      SpConnection *connection = SP_CONNECTION (self->item);

      /* Translators: the state view's title for a connection a server accepted */
      return g_strdup_printf (_("Connection #%u · from %s"),
                              sp_connection_get_id (connection),
                              sp_connection_get_peer_address (connection));
    }

  if (SP_IS_CLIENT (self->item))
    {
      SpClient *client = SP_CLIENT (self->item);
      SpConnection *connection = sp_client_get_connection (client);
      g_autofree char *target = sp_endpoint_to_string (sp_client_get_endpoint (client));

      if (connection != NULL)
        /* Translators: the state view's title for a client: its own address, then the server's */
        return g_strdup_printf (_("Client socket · %s → %s"),
                                sp_connection_get_local_address (connection),
                                sp_connection_get_peer_address (connection));
      /* Translators: the state view's title for a client that has not connected yet */
      return g_strdup_printf (_("Client socket · to %s"), target);
    }

  return g_strdup ("");
}

static char *
kernel_markup (SpTcpState    state,
               const GError *error,
               gboolean      our_socket_closed)
{
  g_autofree char *name = NULL;
  g_autofree char *explanation = NULL;

  if (state == SP_TCP_STATE_UNKNOWN)
    {
      g_autofree char *reason = g_markup_escape_text (error != NULL ? error->message : "", -1);
      /* Translators: the kernel's TCP state is unknown; %s says why */
      return g_strdup_printf (_("Kernel: %s"), reason);
    }

  name = g_strdup_printf ("<tt><b>%s</b></tt>", sp_tcp_state_get_name (state));
  explanation = g_markup_escape_text (sp_tcp_state_get_explanation (state), -1);

  if (our_socket_closed && state != SP_TCP_STATE_CLOSE)
    /* Translators: the kernel's state of a connection our program has closed: a name
     * such as TIME_WAIT, then what it means */
    return g_strdup_printf (_("Kernel, after our close: %s — %s"), name, explanation);

  /* Translators: the kernel's TCP state: a name such as ESTABLISHED, then what it means */
  return g_strdup_printf (_("Kernel: %s — %s"), name, explanation);
}

static void
update (SpStateRow *self)
{
  g_autofree char *title = dup_title (self);
  g_autofree char *kernel = NULL;
  SpSocketState state = SP_SOCKET_STATE_NONE;
  SpTcpState kernel_state = SP_TCP_STATE_UNKNOWN;
  const GError *kernel_error = NULL;
  gboolean tcp = FALSE;

  if (SP_IS_SERVER (self->item))
    {
      SpServer *server = SP_SERVER (self->item);
      SpEndpoint *endpoint = sp_server_get_endpoint (server);

      state = sp_server_get_socket_state (server);
      kernel_state = sp_server_get_kernel_state (server);
      tcp = sp_endpoint_is_inet (endpoint) && sp_endpoint_is_stream (endpoint);
    }
  else if (SP_IS_CONNECTION (self->item))
    {
      SpConnection *connection = SP_CONNECTION (self->item);

      state = sp_connection_get_socket_state (connection);
      kernel_state = sp_connection_get_kernel_state (connection);
      kernel_error = sp_connection_get_kernel_state_error (connection);
      tcp = !g_error_matches (kernel_error, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_TCP);
    }
  else if (SP_IS_CLIENT (self->item))
    {
      SpClient *client = SP_CLIENT (self->item);
      SpConnection *connection = sp_client_get_connection (client);
      SpEndpoint *endpoint = sp_client_get_endpoint (client);

      state = sp_client_get_socket_state (client);
      tcp = sp_endpoint_is_inet (endpoint) && sp_endpoint_is_stream (endpoint);
      /* While a new connect is under way, the last connection is not this socket. */
      if (connection != NULL && (sp_client_get_state (client) == SP_CLIENT_STATE_CONNECTED ||
                                 sp_client_get_state (client) == SP_CLIENT_STATE_DISCONNECTED))
        {
          kernel_state = sp_connection_get_kernel_state (connection);
          kernel_error = sp_connection_get_kernel_state_error (connection);
        }
    }

  gtk_label_set_text (self->title_label, title);
  sp_state_diagram_set_state (self->diagram, state);

  /* Only TCP has kernel states worth a line, and only once there is something to say. */
  gtk_widget_set_visible (GTK_WIDGET (self->kernel_label),
                          tcp && (kernel_state != SP_TCP_STATE_UNKNOWN || kernel_error != NULL));
  kernel = kernel_markup (kernel_state, kernel_error,
                          state == SP_SOCKET_STATE_CLOSED || state == SP_SOCKET_STATE_ERROR);
  gtk_label_set_markup (self->kernel_label, kernel);
}

static void
item_changed_cb (SpStateRow *self)
{
  update (self);
}

static void
item_endpoint_cb (SpStateRow *self)
{
  update_path (self);
  update (self);
}

static void
client_connection_cb (SpStateRow *self)
{
  g_signal_group_set_target (self->connection_signals,
                             sp_client_get_connection (SP_CLIENT (self->item)));
  update (self);
}

static void
sp_state_row_dispose (GObject *object)
{
  SpStateRow *self = (SpStateRow *)object;
  GtkWidget *child;

  if (self->item_signals != NULL)
    g_signal_group_set_target (self->item_signals, NULL);
  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);
  if (SP_IS_CLIENT (self->item))
    g_signal_handlers_disconnect_by_func (self->item, client_connection_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_STATE_ROW);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->item_signals);
  g_clear_object (&self->connection_signals);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (sp_state_row_parent_class)->dispose (object);
}

static void
sp_state_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpStateRow *self = SP_STATE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_state_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SpStateRow *self = SP_STATE_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      sp_state_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_state_row_class_init (SpStateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_state_row_dispose;
  object_class->get_property = sp_state_row_get_property;
  object_class->set_property = sp_state_row_set_property;

  /**
   * SpStateRow:item:
   *
   * The socket shown: an #SpServer (its listening socket), an #SpConnection or an
   * #SpClient.
   */
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SP_TYPE_STATE_DIAGRAM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/sp-state-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SpStateRow, diagram);
  gtk_widget_class_bind_template_child (widget_class, SpStateRow, kernel_label);
  gtk_widget_class_bind_template_child (widget_class, SpStateRow, title_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "staterow");
}

static void
sp_state_row_init (SpStateRow *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);

  self->item_signals = g_signal_group_new (G_TYPE_OBJECT);
  g_signal_group_connect_object (self->item_signals, "notify::socket-state",
                                 G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->item_signals, "notify::kernel-state",
                                 G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->item_signals, "notify::state",
                                 G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->item_signals, "notify::bound-endpoint",
                                 G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->item_signals, "notify::endpoint",
                                 G_CALLBACK (item_endpoint_cb), self, G_CONNECT_SWAPPED);

  self->connection_signals = g_signal_group_new (SP_TYPE_CONNECTION);
  g_signal_group_connect_object (self->connection_signals, "notify::kernel-state",
                                 G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);

  update_path (self);
  update (self);
}

GtkWidget *
sp_state_row_new (void)
{
  return g_object_new (SP_TYPE_STATE_ROW, NULL);
}

/**
 * sp_state_row_get_item:
 *
 * Returns: (transfer none) (nullable): the socket the row shows
 */
GObject *
sp_state_row_get_item (SpStateRow *self)
{
  g_return_val_if_fail (SP_IS_STATE_ROW (self), NULL);

  return self->item;
}

void
sp_state_row_set_item (SpStateRow *self,
                       GObject    *item)
{
  g_return_if_fail (SP_IS_STATE_ROW (self));
  g_return_if_fail (item == NULL || SP_IS_SERVER (item) || SP_IS_CONNECTION (item) || SP_IS_CLIENT (item));

  if (self->item == item)
    return;

  /* A client's "connection" signal only exists on clients: connected apart. */
  if (SP_IS_CLIENT (self->item))
    g_signal_handlers_disconnect_by_func (self->item, client_connection_cb, self);

  g_set_object (&self->item, item);
  g_signal_group_set_target (self->item_signals, item);

  if (SP_IS_CLIENT (item))
    {
      g_signal_connect_object (item, "notify::connection",
                               G_CALLBACK (client_connection_cb), self, G_CONNECT_SWAPPED);
      g_signal_group_set_target (self->connection_signals,
                                 sp_client_get_connection (SP_CLIENT (item)));
    }
  else
    g_signal_group_set_target (self->connection_signals, NULL);

  update_path (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * sp_state_row_get_highlighted:
 *
 * Returns: the state lit in the row's diagram, or -1
 */
int
sp_state_row_get_highlighted (SpStateRow *self)
{
  g_return_val_if_fail (SP_IS_STATE_ROW (self), -1);

  return sp_state_diagram_get_highlighted (self->diagram);
}

const char *
sp_state_row_get_title_text (SpStateRow *self)
{
  g_return_val_if_fail (SP_IS_STATE_ROW (self), NULL);

  return gtk_label_get_text (self->title_label);
}

/**
 * sp_state_row_get_kernel_text:
 *
 * Returns: the kernel line as read: "Kernel: ESTABLISHED — …"
 */
const char *
sp_state_row_get_kernel_text (SpStateRow *self)
{
  g_return_val_if_fail (SP_IS_STATE_ROW (self), NULL);

  return gtk_label_get_text (self->kernel_label);
}
