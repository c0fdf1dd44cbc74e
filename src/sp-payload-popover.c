/* sp-payload-popover.c — one event's bytes as text, with escapes and as a hex dump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The log's rows show the start of a payload in the pane's chosen rendering; this
 * popover shows one event's payload whole, in any of the three, whatever the pane
 * shows. A rendering is made only when its page is shown, and a page shows at most
 * MAX_SHOWN bytes (a text view lays out every line it holds); Copy always copies the
 * whole rendering.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sp-payload-popover.h"

/* A hex dump of this much is some 16,000 lines: plenty to read, still quick to lay out. */
#define MAX_SHOWN (256 * 1024)

struct _SpPayloadPopover
{
  GtkPopover     parent_instance;

  SpEvent       *event;
  SpPayloadView  view;
  guint          filled;   /* one bit per SpPayloadView whose page holds the event's bytes */

  GtkStack      *stack;
  GtkLabel      *summary_label;
  GtkTextView   *text_view;
  GtkTextView   *escaped_view;
  GtkTextView   *hex_view;
  GtkScrolledWindow *hex_scroller;
};

enum {
  PROP_0,
  PROP_EVENT,
  PROP_VIEW,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpPayloadPopover, sp_payload_popover, GTK_TYPE_POPOVER)

static GParamSpec *properties[N_PROPS];

static const char *
page_name (SpPayloadView view)
{
  switch (view)
    {
    case SP_PAYLOAD_VIEW_TEXT: return "text";
    case SP_PAYLOAD_VIEW_HEX:  return "hex";
    case SP_PAYLOAD_VIEW_ESCAPED:
    default:                   return "escaped";
    }
}

static GtkTextView *
page_view (SpPayloadPopover *self,
           SpPayloadView     view)
{
  switch (view)
    {
    case SP_PAYLOAD_VIEW_TEXT: return self->text_view;
    case SP_PAYLOAD_VIEW_HEX:  return self->hex_view;
    case SP_PAYLOAD_VIEW_ESCAPED:
    default:                   return self->escaped_view;
    }
}

static void
fill_page (SpPayloadPopover *self,
           SpPayloadView     view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (page_view (self, view));
  g_autofree char *rendering = NULL;
  GBytes *payload;
  const guint8 *data;
  gsize size;

  if (self->filled & (1u << view))
    return;
  self->filled |= 1u << view;

  payload = self->event != NULL ? sp_event_get_payload (self->event) : NULL;
  if (payload == NULL)
    {
      gtk_text_buffer_set_text (buffer, "", 0);
      return;
    }

  data = g_bytes_get_data (payload, &size);
  rendering = sp_payload_render (data, MIN (size, MAX_SHOWN), view);
  gtk_text_buffer_set_text (buffer, rendering, -1);
}

static void
update_summary (SpPayloadPopover *self)
{
  g_autofree char *summary = NULL;
  GBytes *payload;
  gsize count;

  if (self->event == NULL)
    {
      gtk_label_set_text (self->summary_label, "");
      return;
    }

  payload = sp_event_get_payload (self->event);
  count = sp_event_get_byte_count (self->event);

  if (payload == NULL && count > 0)
    summary = g_strdup_printf (ngettext ("The log dropped this %zu byte to stay within its memory budget; the counters still include it.",
                                         "The log dropped these %zu bytes to stay within its memory budget; the counters still include them.",
                                         count),
                               count);
  else if (payload == NULL)
    summary = g_strdup (_("This event carries no bytes."));
  else if (count > MAX_SHOWN)
    {
      g_autofree char *shown = g_format_size (MAX_SHOWN);
      g_autofree char *total = g_format_size (count);

      /* Translators: the first %s is a size such as "262.1 kB", the second a larger one; the copy
       * button shows only an icon, its tooltip is “Copy These Bytes as Shown” */
      summary = g_strdup_printf (_("Showing the first %s of %s; the copy button (Ctrl+C) copies all of them."),
                                 shown, total);
    }
  else
    summary = g_strdup_printf (ngettext ("%zu byte", "%zu bytes", count), count);

  gtk_label_set_text (self->summary_label, summary);
}

static void
sp_payload_popover_visible_child_cb (SpPayloadPopover *self,
                                     GParamSpec       *pspec,
                                     GtkStack         *stack)
{
  const char *name = gtk_stack_get_visible_child_name (stack);
  SpPayloadView view = SP_PAYLOAD_VIEW_ESCAPED;

  if (g_strcmp0 (name, "text") == 0)
    view = SP_PAYLOAD_VIEW_TEXT;
  else if (g_strcmp0 (name, "hex") == 0)
    view = SP_PAYLOAD_VIEW_HEX;

  sp_payload_popover_set_view (self, view);
}

static void
sp_payload_popover_copy_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  SpPayloadPopover *self = SP_PAYLOAD_POPOVER (widget);
  g_autofree char *rendering = NULL;
  GBytes *payload;
  const guint8 *data;
  gsize size;

  if (self->event == NULL || (payload = sp_event_get_payload (self->event)) == NULL)
    return;

  data = g_bytes_get_data (payload, &size);
  rendering = sp_payload_render (data, size, self->view);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), rendering);
}

/* Wide enough for a whole line of the dump (offset, 16 bytes, ASCII), whatever the
 * payload: measured in the font the hex page uses, once it has one. */
static void
sp_payload_popover_realize (GtkWidget *widget)
{
  SpPayloadPopover *self = SP_PAYLOAD_POPOVER (widget);
  static const guint8 sixteen[16] = { 0 };
  g_autofree char *dump = sp_payload_to_hex_dump (sixteen, sizeof sixteen);
  g_autoptr(PangoLayout) layout = NULL;
  char *newline = strchr (dump, '\n');
  int width;

  GTK_WIDGET_CLASS (sp_payload_popover_parent_class)->realize (widget);

  if (newline != NULL)
    *newline = '\0';
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->hex_view), dump);
  pango_layout_get_pixel_size (layout, &width, NULL);

  /* The text view's margins, and room for a scroll bar. */
  width += gtk_text_view_get_left_margin (self->hex_view) +
           gtk_text_view_get_right_margin (self->hex_view) + 16;
  gtk_scrolled_window_set_min_content_width (self->hex_scroller, MIN (width, 800));
}

static void
sp_payload_popover_dispose (GObject *object)
{
  SpPayloadPopover *self = (SpPayloadPopover *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_PAYLOAD_POPOVER);
  g_clear_object (&self->event);

  G_OBJECT_CLASS (sp_payload_popover_parent_class)->dispose (object);
}

static void
sp_payload_popover_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SpPayloadPopover *self = SP_PAYLOAD_POPOVER (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;

    case PROP_VIEW:
      g_value_set_enum (value, self->view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_payload_popover_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SpPayloadPopover *self = SP_PAYLOAD_POPOVER (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      sp_payload_popover_set_event (self, g_value_get_object (value));
      break;

    case PROP_VIEW:
      sp_payload_popover_set_view (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_payload_popover_class_init (SpPayloadPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_payload_popover_dispose;
  object_class->get_property = sp_payload_popover_get_property;
  object_class->set_property = sp_payload_popover_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL,
                         SP_TYPE_EVENT,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpPayloadPopover:view:
   *
   * The rendering on show; the person can pick another, for this event only.
   */
  properties[PROP_VIEW] =
    g_param_spec_enum ("view", NULL, NULL,
                       SP_TYPE_PAYLOAD_VIEW, SP_PAYLOAD_VIEW_ESCAPED,
                       (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->realize = sp_payload_popover_realize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/sp-payload-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPayloadPopover, hex_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpPayloadPopover, escaped_view);
  gtk_widget_class_bind_template_child (widget_class, SpPayloadPopover, hex_view);
  gtk_widget_class_bind_template_child (widget_class, SpPayloadPopover, stack);
  gtk_widget_class_bind_template_child (widget_class, SpPayloadPopover, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SpPayloadPopover, text_view);

  gtk_widget_class_install_action (widget_class, "payload.copy", NULL,
                                   sp_payload_popover_copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "payload.copy", NULL);
}

static void
sp_payload_popover_init (SpPayloadPopover *self)
{
  self->view = SP_PAYLOAD_VIEW_ESCAPED;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_stack_set_visible_child_name (self->stack, page_name (self->view));
  g_signal_connect_object (self->stack, "notify::visible-child",
                           G_CALLBACK (sp_payload_popover_visible_child_cb),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
sp_payload_popover_new (void)
{
  return g_object_new (SP_TYPE_PAYLOAD_POPOVER, NULL);
}

/**
 * sp_payload_popover_get_event:
 *
 * Returns: (transfer none) (nullable): the event whose bytes are shown
 */
SpEvent *
sp_payload_popover_get_event (SpPayloadPopover *self)
{
  g_return_val_if_fail (SP_IS_PAYLOAD_POPOVER (self), NULL);

  return self->event;
}

void
sp_payload_popover_set_event (SpPayloadPopover *self,
                              SpEvent          *event)
{
  g_return_if_fail (SP_IS_PAYLOAD_POPOVER (self));
  g_return_if_fail (event == NULL || SP_IS_EVENT (event));

  if (!g_set_object (&self->event, event))
    return;

  self->filled = 0;
  update_summary (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payload.copy",
                                 event != NULL && sp_event_get_payload (event) != NULL);
  fill_page (self, self->view);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

SpPayloadView
sp_payload_popover_get_view (SpPayloadPopover *self)
{
  g_return_val_if_fail (SP_IS_PAYLOAD_POPOVER (self), SP_PAYLOAD_VIEW_ESCAPED);

  return self->view;
}

void
sp_payload_popover_set_view (SpPayloadPopover *self,
                             SpPayloadView     view)
{
  g_return_if_fail (SP_IS_PAYLOAD_POPOVER (self));
  g_return_if_fail (view <= SP_PAYLOAD_VIEW_HEX);

  fill_page (self, view);

  if (self->view == view)
    return;

  self->view = view;
  gtk_stack_set_visible_child_name (self->stack, page_name (view));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/**
 * sp_payload_popover_dup_text:
 *
 * Returns: (transfer full): what the page of @view shows (made now if it was not yet)
 */
char *
sp_payload_popover_dup_text (SpPayloadPopover *self,
                             SpPayloadView     view)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (SP_IS_PAYLOAD_POPOVER (self), NULL);
  g_return_val_if_fail (view <= SP_PAYLOAD_VIEW_HEX, NULL);

  fill_page (self, view);
  buffer = gtk_text_view_get_buffer (page_view (self, view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * sp_payload_popover_get_summary:
 *
 * Returns: the sentence above the bytes: their count, or why they cannot be shown
 */
const char *
sp_payload_popover_get_summary (SpPayloadPopover *self)
{
  g_return_val_if_fail (SP_IS_PAYLOAD_POPOVER (self), NULL);

  return gtk_label_get_text (self->summary_label);
}
