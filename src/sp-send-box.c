/* sp-send-box.c — what to send, typed as text with escapes or as hex, checked as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's payload parsers read the text; when they refuse it, their sentence goes
 * under the entry and the character they point at is underlined in the entry itself.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-accessible-private.h"
#include "sp-core.h"
#include "sp-send-box.h"

enum {
  MODE_TEXT,
  MODE_HEX,
};

struct _SpSendBox
{
  GtkWidget    parent_instance;

  GBytes      *bytes;         /* NULL while the text is not valid */
  gsize        error_column;  /* counted from 1, or 0 */

  /* Template children */
  GtkEntry    *entry;
  GtkDropDown *mode_dropdown;
  GtkLabel    *error_label;
};

enum {
  PROP_0,
  PROP_TEXT,
  PROP_HEX,
  PROP_VALID,
  N_PROPS
};

enum {
  ACTIVATE,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpSendBox, sp_send_box, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
sp_send_box_mark_column (SpSendBox *self,
                         gsize      column)
{
  g_autoptr(PangoAttrList) attrs = NULL;

  g_assert (SP_IS_SEND_BOX (self));

  if (column > 0)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
      glong n_chars = g_utf8_strlen (text, -1);
      PangoAttribute *underline;
      PangoAttribute *colour;
      const char *start;
      const char *end;

      /* A column just past the end (a missing digit) marks the last character. */
      column = MIN ((glong) column, MAX (n_chars, 1));
      start = g_utf8_offset_to_pointer (text, column - 1);
      end = *start != '\0' ? g_utf8_next_char (start) : start;

      attrs = pango_attr_list_new ();
      underline = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);
      underline->start_index = start - text;
      underline->end_index = end - text;
      pango_attr_list_insert (attrs, underline);
      colour = pango_attr_foreground_new (0xc000, 0x1c00, 0x2800);
      colour->start_index = start - text;
      colour->end_index = end - text;
      pango_attr_list_insert (attrs, colour);
    }

  gtk_entry_set_attributes (self->entry, attrs);
}

static void
sp_send_box_validate (SpSendBox *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean was_valid;
  const char *text;
  gsize column = 0;

  g_assert (SP_IS_SEND_BOX (self));

  was_valid = self->bytes != NULL;
  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (sp_send_box_get_hex (self))
    bytes = sp_payload_parse_hex (text, -1, &column, &error);
  else
    bytes = sp_payload_parse_text (text, -1, &column, &error);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    self->bytes = g_steal_pointer (&bytes);

  self->error_column = error != NULL ? column : 0;

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

  sp_send_box_mark_column (self, self->error_column);

  if (was_valid != (self->bytes != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static void
sp_send_box_changed_cb (SpSendBox   *self,
                        GtkEditable *editable)
{
  sp_send_box_validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
sp_send_box_mode_cb (SpSendBox   *self,
                     GParamSpec  *pspec,
                     GtkDropDown *dropdown)
{
  sp_send_box_validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEX]);
}

static void
sp_send_box_activate_cb (SpSendBox *self,
                         GtkEntry  *entry)
{
  if (self->bytes != NULL)
    g_signal_emit (self, signals[ACTIVATE], 0);
}

static gboolean
sp_send_box_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (SP_SEND_BOX (widget)->entry));
}

static void
sp_send_box_dispose (GObject *object)
{
  SpSendBox *self = (SpSendBox *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_SEND_BOX);

  /* The template's unnamed children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->bytes, g_bytes_unref);

  G_OBJECT_CLASS (sp_send_box_parent_class)->dispose (object);
}

static void
sp_send_box_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpSendBox *self = SP_SEND_BOX (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, sp_send_box_get_text (self));
      break;

    case PROP_HEX:
      g_value_set_boolean (value, sp_send_box_get_hex (self));
      break;

    case PROP_VALID:
      g_value_set_boolean (value, sp_send_box_get_valid (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_send_box_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpSendBox *self = SP_SEND_BOX (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      sp_send_box_set_text (self, g_value_get_string (value));
      break;

    case PROP_HEX:
      sp_send_box_set_hex (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_send_box_class_init (SpSendBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_send_box_dispose;
  object_class->get_property = sp_send_box_get_property;
  object_class->set_property = sp_send_box_set_property;

  widget_class->grab_focus = sp_send_box_grab_focus;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpSendBox:hex:
   *
   * Whether the text is read as hex digits rather than as text with escapes.
   */
  properties[PROP_HEX] =
    g_param_spec_boolean ("hex", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpSendBox:valid:
   *
   * Whether the text reads as at least one byte.
   */
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpSendBox::activate:
   *
   * Enter was pressed while the text is valid.
   */
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/sp-send-box.ui");
  gtk_widget_class_bind_template_child (widget_class, SpSendBox, entry);
  gtk_widget_class_bind_template_child (widget_class, SpSendBox, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpSendBox, mode_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, sp_send_box_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_send_box_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_send_box_mode_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sendbox");
}

static void
sp_send_box_init (SpSendBox *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  _sp_accessible_name_dropdown (self->mode_dropdown, _("Data format"));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
}

GtkWidget *
sp_send_box_new (void)
{
  return g_object_new (SP_TYPE_SEND_BOX, NULL);
}

const char *
sp_send_box_get_text (SpSendBox *self)
{
  g_return_val_if_fail (SP_IS_SEND_BOX (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
sp_send_box_set_text (SpSendBox  *self,
                      const char *text)
{
  g_return_if_fail (SP_IS_SEND_BOX (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
}

gboolean
sp_send_box_get_hex (SpSendBox *self)
{
  g_return_val_if_fail (SP_IS_SEND_BOX (self), FALSE);

  return gtk_drop_down_get_selected (self->mode_dropdown) == MODE_HEX;
}

void
sp_send_box_set_hex (SpSendBox *self,
                     gboolean   hex)
{
  g_return_if_fail (SP_IS_SEND_BOX (self));

  gtk_drop_down_set_selected (self->mode_dropdown, hex ? MODE_HEX : MODE_TEXT);
}

gboolean
sp_send_box_get_valid (SpSendBox *self)
{
  g_return_val_if_fail (SP_IS_SEND_BOX (self), FALSE);

  return self->bytes != NULL;
}

/**
 * sp_send_box_dup_bytes:
 *
 * Returns: (transfer full) (nullable): the bytes the text stands for, or %NULL while
 *   it is empty or not valid
 */
GBytes *
sp_send_box_dup_bytes (SpSendBox *self)
{
  g_return_val_if_fail (SP_IS_SEND_BOX (self), NULL);

  return self->bytes != NULL ? g_bytes_ref (self->bytes) : NULL;
}

/**
 * sp_send_box_get_error_text:
 *
 * Returns: (nullable): why the text cannot be sent, or %NULL
 */
const char *
sp_send_box_get_error_text (SpSendBox *self)
{
  g_return_val_if_fail (SP_IS_SEND_BOX (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

/**
 * sp_send_box_get_error_column:
 *
 * Returns: the column (from 1) of the character the parser refused, or 0
 */
gsize
sp_send_box_get_error_column (SpSendBox *self)
{
  g_return_val_if_fail (SP_IS_SEND_BOX (self), 0);

  return self->error_column;
}
