/* sp-state-view.c — every socket of a pane as a small state diagram, with the kernel's TCP state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a server: its listening socket, then each connection it accepted; for a client: its
 * socket. Closed connections stay a little while (the last few), because the kernel keeps
 * what our close() left behind — TIME_WAIT on the side that closed first — and that is
 * the lesson. States such as FIN_WAIT2 or TIME_WAIT change with no call of ours, so while
 * the view is on screen and a socket is in one of them, it asks the kernel again each second.
 *
 * A list box rather than a list view: rows differ in height and wrap their captions, which
 * GTK 4.8's list view measures wrongly; a server with a crowd of connections draws the
 * first MAX_ROWS and says how many more it holds. The view takes the height its rows need
 * and does not scroll: the pane that holds it decides (a scrolled window with
 * propagate-natural-height measures the wrapped captions for no width and cuts them).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-state-row.h"
#include "sp-state-view.h"

/* Closed connections kept in view, newest last. */
#define MAX_CLOSED_ROWS 3

/* Sockets drawn at most; the others are counted below the list. */
#define MAX_ROWS 64

struct _SpStateView
{
  GtkWidget          parent_instance;

  SpServer          *server;
  SpClient          *client;
  GListStore        *sockets;     /* SpServer, SpConnection or SpClient */
  GtkSliceListModel *drawn;       /* the first MAX_ROWS of them */
  guint              poll_id;

  /* Template children */
  GtkListBox        *list_box;
  GtkLabel          *more_label;
};

enum {
  PROP_0,
  PROP_SERVER,
  PROP_CLIENT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpStateView, sp_state_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static gboolean
connection_is_over (SpConnection *connection)
{
  SpSocketState state = sp_connection_get_socket_state (connection);

  return state == SP_SOCKET_STATE_CLOSED || state == SP_SOCKET_STATE_ERROR;
}

/* Keeps the newest MAX_CLOSED_ROWS closed connections; older ones leave the view. */
static void
trim_closed (SpStateView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sockets));
  guint closed = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->sockets), i);

      if (SP_IS_CONNECTION (item) && connection_is_over (SP_CONNECTION (item)))
        closed++;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sockets)) && closed > MAX_CLOSED_ROWS;)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->sockets), i);

      if (SP_IS_CONNECTION (item) && connection_is_over (SP_CONNECTION (item)))
        {
          g_list_store_remove (self->sockets, i);
          closed--;
        }
      else
        i++;
    }
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  GtkWidget *row = sp_state_row_new ();

  sp_state_row_set_item (SP_STATE_ROW (row), item);
  return row;
}

static void
sockets_changed_cb (SpStateView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sockets));

  if (n > MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u more socket is not drawn.",
                                                            "%u more sockets are not drawn.",
                                                            n - MAX_ROWS),
                                               n - MAX_ROWS);
      gtk_label_set_text (self->more_label, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), n > MAX_ROWS);
}

static void
connection_accepted_cb (SpStateView  *self,
                        SpConnection *connection)
{
  /* A datagram server's peers share its one socket: that socket is the diagram. */
  if (!sp_connection_is_datagram (connection))
    g_list_store_append (self->sockets, connection);
}

static void
connection_closed_cb (SpStateView  *self,
                      SpConnection *connection)
{
  trim_closed (self);
}

static void
refresh_if_transient (SpConnection *connection)
{
  if (connection != NULL && sp_tcp_state_is_transient (sp_connection_get_kernel_state (connection)))
    sp_connection_refresh_kernel_state (connection);
}

static gboolean
poll_cb (gpointer user_data)
{
  SpStateView *self = user_data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sockets));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->sockets), i);

      if (SP_IS_CONNECTION (item))
        refresh_if_transient (SP_CONNECTION (item));
      else if (SP_IS_CLIENT (item))
        refresh_if_transient (sp_client_get_connection (SP_CLIENT (item)));
      else if (SP_IS_SERVER (item) &&
               sp_tcp_state_is_transient (sp_server_get_kernel_state (SP_SERVER (item))))
        sp_server_refresh_kernel_state (SP_SERVER (item));
    }

  return G_SOURCE_CONTINUE;
}

static void
disconnect_sources (SpStateView *self)
{
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_object (&self->server);
  g_clear_object (&self->client);
  g_list_store_remove_all (self->sockets);
}

static void
sp_state_view_map (GtkWidget *widget)
{
  SpStateView *self = SP_STATE_VIEW (widget);

  GTK_WIDGET_CLASS (sp_state_view_parent_class)->map (widget);

  if (self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (1, poll_cb, self);
}

static void
sp_state_view_unmap (GtkWidget *widget)
{
  SpStateView *self = SP_STATE_VIEW (widget);

  g_clear_handle_id (&self->poll_id, g_source_remove);

  GTK_WIDGET_CLASS (sp_state_view_parent_class)->unmap (widget);
}

static void
sp_state_view_dispose (GObject *object)
{
  SpStateView *self = (SpStateView *)object;

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->sockets != NULL)
    disconnect_sources (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_STATE_VIEW);
  g_clear_object (&self->drawn);
  g_clear_object (&self->sockets);

  G_OBJECT_CLASS (sp_state_view_parent_class)->dispose (object);
}

static void
sp_state_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpStateView *self = SP_STATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_state_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SpStateView *self = SP_STATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      sp_state_view_set_server (self, g_value_get_object (value));
      break;

    case PROP_CLIENT:
      sp_state_view_set_client (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_state_view_class_init (SpStateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_state_view_dispose;
  object_class->get_property = sp_state_view_get_property;
  object_class->set_property = sp_state_view_set_property;

  widget_class->map = sp_state_view_map;
  widget_class->unmap = sp_state_view_unmap;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, SP_TYPE_SERVER,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, SP_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/sp-state-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpStateView, list_box);
  gtk_widget_class_bind_template_child (widget_class, SpStateView, more_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "stateview");
}

static void
sp_state_view_init (SpStateView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->sockets = g_list_store_new (G_TYPE_OBJECT);
  self->drawn = gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (self->sockets)), 0, MAX_ROWS);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->drawn), create_row_cb, NULL, NULL);
  g_signal_connect_object (self->sockets, "items-changed",
                           G_CALLBACK (sockets_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
sp_state_view_new (void)
{
  return g_object_new (SP_TYPE_STATE_VIEW, NULL);
}

/**
 * sp_state_view_get_server:
 *
 * Returns: (transfer none) (nullable): the server shown
 */
SpServer *
sp_state_view_get_server (SpStateView *self)
{
  g_return_val_if_fail (SP_IS_STATE_VIEW (self), NULL);

  return self->server;
}

/**
 * sp_state_view_set_server:
 * @server: (nullable): the server whose listening socket and connections to show
 *
 * Shows a server pane's sockets (and stops showing any client).
 */
void
sp_state_view_set_server (SpStateView *self,
                          SpServer    *server)
{
  GListModel *connections;
  gboolean had_client;

  g_return_if_fail (SP_IS_STATE_VIEW (self));
  g_return_if_fail (server == NULL || SP_IS_SERVER (server));

  if (self->server == server)
    return;

  had_client = self->client != NULL;
  disconnect_sources (self);

  if (server != NULL)
    {
      self->server = g_object_ref (server);
      g_list_store_append (self->sockets, server);

      connections = sp_server_get_connections (server);
      for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
        {
          g_autoptr(SpConnection) connection = g_list_model_get_item (connections, i);

          connection_accepted_cb (self, connection);
        }

      g_signal_connect_object (server, "connection-accepted",
                               G_CALLBACK (connection_accepted_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (server, "connection-closed",
                               G_CALLBACK (connection_closed_cb), self, G_CONNECT_SWAPPED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
  if (had_client)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/**
 * sp_state_view_get_client:
 *
 * Returns: (transfer none) (nullable): the client shown
 */
SpClient *
sp_state_view_get_client (SpStateView *self)
{
  g_return_val_if_fail (SP_IS_STATE_VIEW (self), NULL);

  return self->client;
}

/**
 * sp_state_view_set_client:
 * @client: (nullable): the client whose socket to show
 *
 * Shows a client pane's socket (and stops showing any server).
 */
void
sp_state_view_set_client (SpStateView *self,
                          SpClient    *client)
{
  gboolean had_server;

  g_return_if_fail (SP_IS_STATE_VIEW (self));
  g_return_if_fail (client == NULL || SP_IS_CLIENT (client));

  if (self->client == client)
    return;

  had_server = self->server != NULL;
  disconnect_sources (self);

  if (client != NULL)
    {
      self->client = g_object_ref (client);
      g_list_store_append (self->sockets, client);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  if (had_server)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
}

/**
 * sp_state_view_get_sockets:
 *
 * Returns: (transfer none): the sockets shown, in order: #SpServer (its listening
 *   socket), #SpConnection, or #SpClient
 */
GListModel *
sp_state_view_get_sockets (SpStateView *self)
{
  g_return_val_if_fail (SP_IS_STATE_VIEW (self), NULL);

  return G_LIST_MODEL (self->sockets);
}

static SpStateRow *
find_row (GtkWidget *widget,
          GObject   *item)
{
  if (SP_IS_STATE_ROW (widget) && sp_state_row_get_item (SP_STATE_ROW (widget)) == item)
    return SP_STATE_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SpStateRow *row = find_row (child, item);

      if (row != NULL)
        return row;
    }

  return NULL;
}

/* The row drawn for the socket at @position, if the list has built it. */
static SpStateRow *
row_at (SpStateView *self,
        guint        position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->sockets), position);

  return item != NULL ? find_row (GTK_WIDGET (self->list_box), item) : NULL;
}

/**
 * sp_state_view_get_highlighted:
 *
 * For tests: the state lit in the diagram of the socket at @position, as drawn.
 *
 * Returns: an #SpSocketState, or -1 when no row shows that socket or no box is lit
 */
int
sp_state_view_get_highlighted (SpStateView *self,
                               guint        position)
{
  SpStateRow *row;

  g_return_val_if_fail (SP_IS_STATE_VIEW (self), -1);

  row = row_at (self, position);
  return row != NULL ? sp_state_row_get_highlighted (row) : -1;
}

/**
 * sp_state_view_get_title_text:
 *
 * Returns: (nullable): the title of the row at @position, as shown
 */
const char *
sp_state_view_get_title_text (SpStateView *self,
                              guint        position)
{
  SpStateRow *row;

  g_return_val_if_fail (SP_IS_STATE_VIEW (self), NULL);

  row = row_at (self, position);
  return row != NULL ? sp_state_row_get_title_text (row) : NULL;
}

/**
 * sp_state_view_get_kernel_text:
 *
 * Returns: (nullable): the kernel line of the row at @position, as shown
 */
const char *
sp_state_view_get_kernel_text (SpStateView *self,
                               guint        position)
{
  SpStateRow *row;

  g_return_val_if_fail (SP_IS_STATE_VIEW (self), NULL);

  row = row_at (self, position);
  return row != NULL ? sp_state_row_get_kernel_text (row) : NULL;
}
