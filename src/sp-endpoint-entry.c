/* sp-endpoint-entry.c — a transport choice and an endpoint entry that validates as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The drop-down and the entry say the same thing two ways: choosing a transport rewrites
 * the scheme of the text, and typing a scheme moves the drop-down. Under the entry the
 * engine's own sentence says what is wrong, and for a server bound beyond the loopback
 * address, a warning says who can now reach it.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sp-accessible-private.h"
#include "sp-endpoint-entry.h"

/* Where a Unix socket goes when the person picks a Unix transport from an address. */
#define DEFAULT_UNIX_NAME "socket-playground.sock"
#define DEFAULT_INET_REST "127.0.0.1:12345"

struct _SpEndpointEntry
{
  GtkWidget       parent_instance;

  SpEndpoint     *endpoint;
  SpEndpointRole  role;
  guint           updating : 1;

  /* Template children */
  GtkDropDown    *transport_dropdown;
  GtkEntry       *entry;
  GtkLabel       *error_label;
  GtkLabel       *warning_label;
};

enum {
  PROP_0,
  PROP_ROLE,
  PROP_TEXT,
  PROP_ENDPOINT,
  N_PROPS
};

enum {
  ACTIVATE,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpEndpointEntry, sp_endpoint_entry, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The schemes, in the drop-down's order (SpTransport's). Longest first when matching. */
static gboolean
sp_endpoint_entry_split (const char  *text,
                         SpTransport *transport,
                         const char **rest)
{
  static const struct { const char *prefix; SpTransport transport; } schemes[] = {
    { "unix-dgram:", SP_TRANSPORT_UNIX_DGRAM },
    { "unix:", SP_TRANSPORT_UNIX },
    { "tcp://", SP_TRANSPORT_TCP },
    { "udp://", SP_TRANSPORT_UDP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      if (g_ascii_strncasecmp (text, schemes[i].prefix, strlen (schemes[i].prefix)) == 0)
        {
          *transport = schemes[i].transport;
          *rest = text + strlen (schemes[i].prefix);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
sp_transport_is_unix (SpTransport transport)
{
  return transport == SP_TRANSPORT_UNIX || transport == SP_TRANSPORT_UNIX_DGRAM;
}

/* Only a literal loopback address, or the name localhost, keeps a server private. */
static gboolean
sp_endpoint_is_private (SpEndpoint *endpoint)
{
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (!sp_endpoint_is_inet (endpoint))
    return TRUE;

  host = sp_endpoint_get_host (endpoint);
  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
sp_endpoint_entry_validate (SpEndpointEntry *self)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  const char *text;
  SpTransport transport;
  const char *rest;

  g_assert (SP_IS_ENDPOINT_ENTRY (self));

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  endpoint = sp_endpoint_parse (text, self->role, &error);
  g_set_object (&self->endpoint, endpoint);

  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);

  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);

  if (self->role == SP_ENDPOINT_ROLE_SERVER && endpoint != NULL && !sp_endpoint_is_private (endpoint))
    /* Translators: %s is the host a server binds to, such as 0.0.0.0 */
    warning = g_strdup_printf (_("Reachable from the network: binding to %s lets other computers "
                                 "connect to this server. Use 127.0.0.1 to keep it on this computer."),
                               sp_endpoint_get_host (endpoint));

  gtk_label_set_text (self->warning_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), warning != NULL);

  if (sp_endpoint_entry_split (text, &transport, &rest) &&
      gtk_drop_down_get_selected (self->transport_dropdown) != (guint) transport)
    {
      self->updating = TRUE;
      gtk_drop_down_set_selected (self->transport_dropdown, transport);
      self->updating = FALSE;
    }
}

static void
sp_endpoint_entry_changed_cb (SpEndpointEntry *self,
                              GtkEditable     *editable)
{
  g_assert (SP_IS_ENDPOINT_ENTRY (self));

  sp_endpoint_entry_validate (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}

static void
sp_endpoint_entry_activate_cb (SpEndpointEntry *self,
                               GtkEntry        *entry)
{
  g_assert (SP_IS_ENDPOINT_ENTRY (self));

  g_signal_emit (self, signals[ACTIVATE], 0);
}

/* Choosing a transport rewrites the scheme, keeping what still makes sense after it. */
static void
sp_endpoint_entry_transport_cb (SpEndpointEntry *self,
                                GParamSpec      *pspec,
                                GtkDropDown     *dropdown)
{
  g_autofree char *text = NULL;
  SpTransport wanted;
  SpTransport current;
  const char *rest = NULL;

  g_assert (SP_IS_ENDPOINT_ENTRY (self));

  if (self->updating)
    return;

  wanted = gtk_drop_down_get_selected (dropdown);
  if (wanted > SP_TRANSPORT_UNIX_DGRAM)
    return;

  if (!sp_endpoint_entry_split (gtk_editable_get_text (GTK_EDITABLE (self->entry)), &current, &rest))
    {
      current = wanted;
      rest = NULL;
    }

  if (current == wanted && rest != NULL)
    return;

  if (rest == NULL || *rest == '\0' || sp_transport_is_unix (current) != sp_transport_is_unix (wanted))
    {
      if (sp_transport_is_unix (wanted))
        {
          g_autofree char *path = g_build_filename (g_get_tmp_dir (), DEFAULT_UNIX_NAME, NULL);

          text = g_strdup_printf ("%s:%s", sp_transport_get_scheme (wanted), path);
        }
      else
        {
          text = g_strdup_printf ("%s://%s", sp_transport_get_scheme (wanted), DEFAULT_INET_REST);
        }
    }
  else if (sp_transport_is_unix (wanted))
    {
      text = g_strdup_printf ("%s:%s", sp_transport_get_scheme (wanted), rest);
    }
  else
    {
      text = g_strdup_printf ("%s://%s", sp_transport_get_scheme (wanted), rest);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}

static gboolean
sp_endpoint_entry_grab_focus (GtkWidget *widget)
{
  SpEndpointEntry *self = SP_ENDPOINT_ENTRY (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
sp_endpoint_entry_dispose (GObject *object)
{
  SpEndpointEntry *self = (SpEndpointEntry *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_ENDPOINT_ENTRY);

  /* The template's unnamed children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (sp_endpoint_entry_parent_class)->dispose (object);
}

static void
sp_endpoint_entry_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SpEndpointEntry *self = SP_ENDPOINT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_TEXT:
      g_value_set_string (value, sp_endpoint_entry_get_text (self));
      break;

    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_endpoint_entry_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SpEndpointEntry *self = SP_ENDPOINT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      sp_endpoint_entry_set_role (self, g_value_get_enum (value));
      break;

    case PROP_TEXT:
      sp_endpoint_entry_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_endpoint_entry_class_init (SpEndpointEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_endpoint_entry_dispose;
  object_class->get_property = sp_endpoint_entry_get_property;
  object_class->set_property = sp_endpoint_entry_set_property;

  widget_class->grab_focus = sp_endpoint_entry_grab_focus;

  /**
   * SpEndpointEntry:role:
   *
   * Whether the text names where a server listens (port 0 allowed) or where a client
   * connects.
   */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       SP_TYPE_ENDPOINT_ROLE, SP_ENDPOINT_ROLE_CLIENT,
                       (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpEndpointEntry:text:
   *
   * What the entry says, valid or not.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpEndpointEntry:endpoint:
   *
   * The text, parsed; %NULL while it is not a valid endpoint.
   */
  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpEndpointEntry::activate:
   *
   * Enter was pressed in the entry.
   */
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/sp-endpoint-entry.ui");
  gtk_widget_class_bind_template_child (widget_class, SpEndpointEntry, entry);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointEntry, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointEntry, transport_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointEntry, warning_label);
  gtk_widget_class_bind_template_callback (widget_class, sp_endpoint_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_endpoint_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_endpoint_entry_transport_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "endpointentry");
}

static void
sp_endpoint_entry_init (SpEndpointEntry *self)
{
  GtkLayoutManager *layout;

  self->role = SP_ENDPOINT_ROLE_CLIENT;

  gtk_widget_init_template (GTK_WIDGET (self));

  _sp_accessible_name_dropdown (self->transport_dropdown, _("Transport"));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  sp_endpoint_entry_validate (self);
}

GtkWidget *
sp_endpoint_entry_new (SpEndpointRole role)
{
  return g_object_new (SP_TYPE_ENDPOINT_ENTRY,
                       "role", role,
                       NULL);
}

SpEndpointRole
sp_endpoint_entry_get_role (SpEndpointEntry *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT_ENTRY (self), SP_ENDPOINT_ROLE_CLIENT);

  return self->role;
}

void
sp_endpoint_entry_set_role (SpEndpointEntry *self,
                            SpEndpointRole   role)
{
  g_return_if_fail (SP_IS_ENDPOINT_ENTRY (self));

  if (self->role == role)
    return;

  self->role = role;
  sp_endpoint_entry_validate (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}

const char *
sp_endpoint_entry_get_text (SpEndpointEntry *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT_ENTRY (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

/**
 * sp_endpoint_entry_set_text:
 *
 * Puts @text in the entry, as if typed: it is validated at once.
 */
void
sp_endpoint_entry_set_text (SpEndpointEntry *self,
                            const char      *text)
{
  g_return_if_fail (SP_IS_ENDPOINT_ENTRY (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
}

/**
 * sp_endpoint_entry_get_endpoint:
 *
 * Returns: (transfer none) (nullable): the text, parsed, or %NULL while it is not valid
 */
SpEndpoint *
sp_endpoint_entry_get_endpoint (SpEndpointEntry *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT_ENTRY (self), NULL);

  return self->endpoint;
}

/**
 * sp_endpoint_entry_get_error_text:
 *
 * Returns: (nullable): the engine's sentence under the entry, or %NULL when the text is valid
 */
const char *
sp_endpoint_entry_get_error_text (SpEndpointEntry *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT_ENTRY (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

/**
 * sp_endpoint_entry_get_warning_text:
 *
 * Returns: (nullable): the warning that a server would be reachable from the network
 */
const char *
sp_endpoint_entry_get_warning_text (SpEndpointEntry *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT_ENTRY (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->warning_label)))
    return NULL;

  return gtk_label_get_text (self->warning_label);
}

SpTransport
sp_endpoint_entry_get_transport (SpEndpointEntry *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT_ENTRY (self), SP_TRANSPORT_TCP);

  return gtk_drop_down_get_selected (self->transport_dropdown);
}

/**
 * sp_endpoint_entry_set_transport:
 *
 * Chooses @transport as the drop-down does, rewriting the scheme of the text.
 */
void
sp_endpoint_entry_set_transport (SpEndpointEntry *self,
                                 SpTransport      transport)
{
  g_return_if_fail (SP_IS_ENDPOINT_ENTRY (self));

  gtk_drop_down_set_selected (self->transport_dropdown, transport);
}
