/* sp-address-info.c — a pane's address family and socket type, and the notes about its addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sentences come from the engine (sp-address-notes); this widget shows them, each
 * beside an info icon, and asks again whenever the socket's state or connections change.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-address-info.h"

struct _SpAddressInfo
{
  GtkWidget     parent_instance;

  SpServer     *server;
  SpClient     *client;
  GSignalGroup *source_signals;
  GPtrArray    *notes;          /* the sentences shown, in order */

  /* Template children */
  GtkLabel     *line_label;
  GtkLabel     *meaning_label;
  GtkBox       *notes_box;
};

enum {
  PROP_0,
  PROP_SERVER,
  PROP_CLIENT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpAddressInfo, sp_address_info, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static GtkWidget *
note_row_new (const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "address-note-icon");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"),
                                  -1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "address-note");

  return box;
}

static gboolean
same_notes (GPtrArray *a,
            GPtrArray *b)
{
  if (a == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;

  return TRUE;
}

static void
update (SpAddressInfo *self)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *line = NULL;
  g_autofree char *meaning = NULL;
  GtkWidget *child;

  if (self->server != NULL)
    {
      line = sp_address_notes_socket_line_for_server (self->server, &meaning);
      notes = sp_address_notes_for_server (self->server);
    }
  else if (self->client != NULL)
    {
      line = sp_address_notes_socket_line_for_client (self->client, &meaning);
      notes = sp_address_notes_for_client (self->client);
    }
  else
    notes = g_ptr_array_new_with_free_func (g_free);

  gtk_label_set_text (self->line_label, line != NULL ? line : "");
  gtk_label_set_text (self->meaning_label, meaning != NULL ? meaning : "");

  /* Rebuilt only when the sentences change: a selection in them survives traffic. */
  if (same_notes (self->notes, notes))
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_box))) != NULL)
    gtk_box_remove (self->notes_box, child);
  for (guint i = 0; i < notes->len; i++)
    gtk_box_append (self->notes_box, note_row_new (g_ptr_array_index (notes, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->notes_box), notes->len > 0);

  g_clear_pointer (&self->notes, g_ptr_array_unref);
  self->notes = g_steal_pointer (&notes);
}

static void
source_changed_cb (SpAddressInfo *self)
{
  update (self);
}

static void
set_source (SpAddressInfo *self,
            SpServer      *server,
            SpClient      *client)
{
  gboolean server_changed = self->server != server;
  gboolean client_changed = self->client != client;

  g_set_object (&self->server, server);
  g_set_object (&self->client, client);
  g_signal_group_set_target (self->source_signals,
                             server != NULL ? (gpointer) server : (gpointer) client);
  update (self);

  if (server_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
  if (client_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
sp_address_info_dispose (GObject *object)
{
  SpAddressInfo *self = (SpAddressInfo *)object;
  GtkWidget *child;

  if (self->source_signals != NULL)
    g_signal_group_set_target (self->source_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_ADDRESS_INFO);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->source_signals);
  g_clear_object (&self->server);
  g_clear_object (&self->client);
  g_clear_pointer (&self->notes, g_ptr_array_unref);

  G_OBJECT_CLASS (sp_address_info_parent_class)->dispose (object);
}

static void
sp_address_info_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SpAddressInfo *self = SP_ADDRESS_INFO (object);

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
sp_address_info_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SpAddressInfo *self = SP_ADDRESS_INFO (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      sp_address_info_set_server (self, g_value_get_object (value));
      break;

    case PROP_CLIENT:
      sp_address_info_set_client (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_address_info_class_init (SpAddressInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_address_info_dispose;
  object_class->get_property = sp_address_info_get_property;
  object_class->set_property = sp_address_info_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, SP_TYPE_SERVER,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, SP_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/sp-address-info.ui");
  gtk_widget_class_bind_template_child (widget_class, SpAddressInfo, line_label);
  gtk_widget_class_bind_template_child (widget_class, SpAddressInfo, meaning_label);
  gtk_widget_class_bind_template_child (widget_class, SpAddressInfo, notes_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "addressinfo");
}

static void
sp_address_info_init (SpAddressInfo *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 2);

  /* Whatever can change the family, the addresses or the peers. */
  self->source_signals = g_signal_group_new (G_TYPE_OBJECT);
  g_signal_group_connect_object (self->source_signals, "notify::state",
                                 G_CALLBACK (source_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->source_signals, "notify::socket-state",
                                 G_CALLBACK (source_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->source_signals, "notify::endpoint",
                                 G_CALLBACK (source_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->source_signals, "notify::bound-endpoint",
                                 G_CALLBACK (source_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->source_signals, "notify::connection",
                                 G_CALLBACK (source_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->source_signals, "notify::n-open",
                                 G_CALLBACK (source_changed_cb), self, G_CONNECT_SWAPPED);

  update (self);
}

GtkWidget *
sp_address_info_new (void)
{
  return g_object_new (SP_TYPE_ADDRESS_INFO, NULL);
}

/**
 * sp_address_info_get_server:
 *
 * Returns: (transfer none) (nullable): the server described
 */
SpServer *
sp_address_info_get_server (SpAddressInfo *self)
{
  g_return_val_if_fail (SP_IS_ADDRESS_INFO (self), NULL);

  return self->server;
}

/**
 * sp_address_info_set_server:
 * @server: (nullable): the server pane's engine object
 *
 * Describes @server's listening socket (and no client).
 */
void
sp_address_info_set_server (SpAddressInfo *self,
                            SpServer      *server)
{
  g_return_if_fail (SP_IS_ADDRESS_INFO (self));
  g_return_if_fail (server == NULL || SP_IS_SERVER (server));

  if (self->server == server && self->client == NULL)
    return;

  set_source (self, server, NULL);
}

/**
 * sp_address_info_get_client:
 *
 * Returns: (transfer none) (nullable): the client described
 */
SpClient *
sp_address_info_get_client (SpAddressInfo *self)
{
  g_return_val_if_fail (SP_IS_ADDRESS_INFO (self), NULL);

  return self->client;
}

/**
 * sp_address_info_set_client:
 * @client: (nullable): the client pane's engine object
 *
 * Describes @client's socket and its last connect (and no server).
 */
void
sp_address_info_set_client (SpAddressInfo *self,
                            SpClient      *client)
{
  g_return_if_fail (SP_IS_ADDRESS_INFO (self));
  g_return_if_fail (client == NULL || SP_IS_CLIENT (client));

  if (self->client == client && self->server == NULL)
    return;

  set_source (self, NULL, client);
}

/**
 * sp_address_info_get_line_text:
 *
 * Returns: the family and type line as shown: "AF_INET · SOCK_STREAM"
 */
const char *
sp_address_info_get_line_text (SpAddressInfo *self)
{
  g_return_val_if_fail (SP_IS_ADDRESS_INFO (self), NULL);

  return gtk_label_get_text (self->line_label);
}

guint
sp_address_info_get_n_notes (SpAddressInfo *self)
{
  g_return_val_if_fail (SP_IS_ADDRESS_INFO (self), 0);

  return self->notes != NULL ? self->notes->len : 0;
}

/**
 * sp_address_info_get_note_text:
 *
 * Returns: (nullable): the note at @index, as shown
 */
const char *
sp_address_info_get_note_text (SpAddressInfo *self,
                               guint          index)
{
  g_return_val_if_fail (SP_IS_ADDRESS_INFO (self), NULL);

  if (self->notes == NULL || index >= self->notes->len)
    return NULL;

  return g_ptr_array_index (self->notes, index);
}
