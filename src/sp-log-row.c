/* sp-log-row.c — one row of the log: time, direction, call, bytes, sentence, preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built in code, one line per label, nothing wrapped. GTK 4.8's list view keeps up to
 * 200 rows around the visible ones and binds them all again whenever the log moves by a
 * screenful (following a busy log, jumping while scrolling), so a row's cost is paid
 * 200 times a frame. Measured (bench/README.md): a row with a wrapping label costs
 * 0.6 ms to bind and lay out, 0.12 ms without; GtkBuilder rows with expression bindings
 * cost more still. So the call and the sentence are ellipsized, the whole of them in a
 * tooltip built only when asked for (query-tooltip), and the whole event is one Ctrl+C
 * away. A bind changes only the labels, classes and visibility that differ.
 *
 * The payload's start is rendered as the pane chose (text, escapes or hex) from at most
 * PREVIEW_BYTES bytes, whatever the payload's size; its byte count is a button that asks
 * the log view to show the whole payload (SpLogRow::show-payload).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-log-row.h"

/* At most this much of a payload's preview is laid out (see sp_log_row_update()). */
#define PREVIEW_CHARS 100

/* How many bytes a preview renders: about a line of a wide pane in each rendering. */
#define PREVIEW_BYTES     100
#define PREVIEW_HEX_BYTES 33

struct _SpLogRow
{
  GtkWidget  parent_instance;

  SpEvent   *event;
  SpPayloadView payload_view;

  GtkWidget *header;
  GtkWidget *time_label;
  GtkWidget *direction_label;
  GtkWidget *call_label;
  GtkWidget *bytes_button;
  GtkWidget *message_label;
  GtkWidget *preview_label;

  /* The style classes set now, interned, so a bind changes only what differs. */
  const char *call_class;
  const char *direction_class;
};

enum {
  PROP_0,
  PROP_EVENT,
  PROP_PAYLOAD_VIEW,
  N_PROPS
};

enum {
  SHOW_PAYLOAD,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpLogRow, sp_log_row, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
call_class (SpEventKind kind)
{
  switch (kind)
    {
    case SP_EVENT_KIND_SEND:
      return "log-send";

    case SP_EVENT_KIND_RECV:
      return "log-recv";

    case SP_EVENT_KIND_ERROR:
      return "log-error";

    case SP_EVENT_KIND_CLOSE:
    case SP_EVENT_KIND_SHUTDOWN:
      return "log-close";

    case SP_EVENT_KIND_INFO:
    case SP_EVENT_KIND_RESOLVE:
    case SP_EVENT_KIND_SOCKET:
    case SP_EVENT_KIND_BIND:
    case SP_EVENT_KIND_LISTEN:
    case SP_EVENT_KIND_ACCEPT:
    case SP_EVENT_KIND_CONNECT:
    default:
      return "log-setup";
    }
}

static GtkWidget *
new_label (const char *first_class,
           ...)
{
  GtkWidget *label = gtk_label_new (NULL);
  const char *css_class = first_class;
  va_list args;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);

  va_start (args, first_class);
  while (css_class != NULL)
    {
      gtk_widget_add_css_class (label, css_class);
      css_class = va_arg (args, const char *);
    }
  va_end (args);

  return label;
}

/* Changes a label's text, and whether it shows, only when they differ: a label that
 * keeps its text keeps its layout, and showing or hiding one resizes the row. */
static void
set_text (GtkWidget  *label,
          const char *text)
{
  gboolean shown = text != NULL && text[0] != '\0';

  gtk_label_set_text (GTK_LABEL (label), shown ? text : "");
  gtk_widget_set_visible (label, shown);
}

/* Swaps one style class for another, and only when it changes: each change restyles. */
static void
swap_class (GtkWidget   *widget,
            const char **current,
            const char  *wanted)
{
  if (*current == wanted)
    return;

  if (*current != NULL)
    gtk_widget_remove_css_class (widget, *current);
  if (wanted != NULL)
    gtk_widget_add_css_class (widget, wanted);
  *current = wanted;
}

/* The event's time as sp_event_dup_time_text() writes it, with the local time zone
 * looked up once: GLib 2.74 stats /etc/localtime each time it is asked for it, which
 * was 4 % of a frame that binds 200 rows. */
static char *
format_time (gint64 usec)
{
  static GTimeZone *local;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (g_once_init_enter (&local))
    g_once_init_leave (&local, g_time_zone_new_local ());

  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (utc == NULL)
    return g_strdup ("");
  time = g_date_time_to_timezone (utc, local);

  return g_strdup_printf ("%02d:%02d:%02d.%03d",
                          g_date_time_get_hour (time), g_date_time_get_minute (time),
                          g_date_time_get_second (time), (int) ((usec % G_USEC_PER_SEC) / 1000));
}

/* The start of the payload, on one line, as the pane shows payloads. */
static char *
dup_preview (SpLogRow *self)
{
  GBytes *payload = sp_event_get_payload (self->event);
  const guint8 *data;
  gsize size;

  if (payload == NULL)
    return NULL;

  data = g_bytes_get_data (payload, &size);
  return sp_payload_render_line (data, size, self->payload_view,
                                 self->payload_view == SP_PAYLOAD_VIEW_HEX ? PREVIEW_HEX_BYTES
                                                                          : PREVIEW_BYTES);
}

static void
update_preview (SpLogRow *self)
{
  g_autofree char *preview = dup_preview (self);

  /* The label ellipsizes what does not fit, but shapes all of it first: a binary preview
   * escapes to several hundred characters, so give it only what a wide pane can show. */
  if (preview != NULL && g_utf8_strlen (preview, -1) > PREVIEW_CHARS)
    {
      g_autofree char *start = g_utf8_substring (preview, 0, PREVIEW_CHARS);

      g_free (preview);
      preview = g_strconcat (start, "…", NULL);
    }
  set_text (self->preview_label, preview);
}

static void
sp_log_row_bytes_clicked_cb (SpLogRow  *self,
                             GtkButton *button)
{
  if (self->event != NULL)
    g_signal_emit (self, signals[SHOW_PAYLOAD], 0, self->event);
}

static void
sp_log_row_update (SpLogRow *self)
{
  g_autofree char *time_text = NULL;
  g_autofree char *bytes = NULL;
  SpEvent *event = self->event;
  SpEventKind kind;
  gsize byte_count;

  if (event == NULL)
    return;

  kind = sp_event_get_kind (event);
  byte_count = sp_event_get_byte_count (event);
  time_text = format_time (sp_event_get_time (event));

  set_text (self->time_label, time_text);

  /* The arrow points at a call; a note without one (a demo server's command and reply
   * lines) says its direction in its sentence, and a lone arrow would read as a glitch. */
  switch (sp_event_get_call (event) != NULL && *sp_event_get_call (event) != '\0'
          ? sp_event_get_direction (event) : SP_DIRECTION_NONE)
    {
    case SP_DIRECTION_IN:
      set_text (self->direction_label, "←");
      swap_class (self->direction_label, &self->direction_class, "success");
      break;

    case SP_DIRECTION_OUT:
      set_text (self->direction_label, "→");
      swap_class (self->direction_label, &self->direction_class, "accent");
      break;

    case SP_DIRECTION_NONE:
    default:
      set_text (self->direction_label, NULL);
      break;
    }

  swap_class (self->call_label, &self->call_class, call_class (kind));
  /* The call's label stays in the header even without a call: it pushes the count right. */
  gtk_label_set_text (GTK_LABEL (self->call_label),
                      sp_event_get_call (event) != NULL ? sp_event_get_call (event) : "");

  if (byte_count > 0 || kind == SP_EVENT_KIND_SEND || kind == SP_EVENT_KIND_RECV)
    bytes = g_strdup_printf (ngettext ("%llu byte", "%llu bytes", (gulong) MIN (byte_count, G_MAXULONG)),
                             (unsigned long long) byte_count);
  /* Always clickable, even when the log's budget dropped the bytes: the popover then
   * says so (and a bind changes no state that would restyle the button). */
  gtk_widget_set_visible (self->bytes_button, bytes != NULL);
  if (bytes != NULL)
    gtk_button_set_label (GTK_BUTTON (self->bytes_button), bytes);

  set_text (self->message_label, sp_event_get_message (event));

  update_preview (self);
}

/* The whole call and sentence, which the row may ellipsize, asked for only when the
 * pointer rests on the row: setting a tooltip's text on every bind costs a round trip
 * to the display server in GTK 4.8 (it looks for the pointer), 200 times a frame. */
static gboolean
sp_log_row_query_tooltip (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_tooltip,
                          GtkTooltip *tooltip)
{
  SpLogRow *self = SP_LOG_ROW (widget);
  GString *text;
  const char *call;
  graphene_rect_t bounds;

  if (self->event == NULL)
    return FALSE;

  if (gtk_widget_get_visible (self->bytes_button) &&
      gtk_widget_compute_bounds (self->bytes_button, widget, &bounds) &&
      graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT (x, y)))
    {
      gtk_tooltip_set_text (tooltip, _("Show these bytes as text, escaped or in hex"));
      return TRUE;
    }

  text = g_string_new (NULL);
  switch (sp_event_get_direction (self->event))
    {
    case SP_DIRECTION_IN:
      g_string_append_printf (text, "%s\n", _("Incoming"));
      break;

    case SP_DIRECTION_OUT:
      g_string_append_printf (text, "%s\n", _("Outgoing"));
      break;

    case SP_DIRECTION_NONE:
    default:
      break;
    }

  call = sp_event_get_call (self->event);
  if (call != NULL && call[0] != '\0')
    g_string_append_printf (text, "%s\n", call);
  g_string_append (text, sp_event_get_message (self->event));

  gtk_tooltip_set_text (tooltip, text->str);
  g_string_free (text, TRUE);

  return TRUE;
}

static void
sp_log_row_dispose (GObject *object)
{
  SpLogRow *self = (SpLogRow *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->event);

  G_OBJECT_CLASS (sp_log_row_parent_class)->dispose (object);
}

static void
sp_log_row_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SpLogRow *self = SP_LOG_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;

    case PROP_PAYLOAD_VIEW:
      g_value_set_enum (value, self->payload_view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_log_row_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SpLogRow *self = SP_LOG_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      sp_log_row_set_event (self, g_value_get_object (value));
      break;

    case PROP_PAYLOAD_VIEW:
      sp_log_row_set_payload_view (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_log_row_class_init (SpLogRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_log_row_dispose;
  object_class->get_property = sp_log_row_get_property;
  object_class->set_property = sp_log_row_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL,
                         SP_TYPE_EVENT,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_PAYLOAD_VIEW] =
    g_param_spec_enum ("payload-view", NULL, NULL,
                       SP_TYPE_PAYLOAD_VIEW, SP_PAYLOAD_VIEW_ESCAPED,
                       (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpLogRow::show-payload:
   * @event: the row's event
   *
   * The person asked to see the event's payload whole (the byte count was clicked).
   */
  signals[SHOW_PAYLOAD] =
    g_signal_new ("show-payload",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SP_TYPE_EVENT);

  widget_class->query_tooltip = sp_log_row_query_tooltip;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "logrow");
}

static void
sp_log_row_init (SpLogRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  g_autofree char *zero_bytes = NULL;

  self->payload_view = SP_PAYLOAD_VIEW_ESCAPED;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 2);
  gtk_widget_add_css_class (GTK_WIDGET (self), "log-row");

  /* time  ←  call                                  24 bytes */
  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  self->time_label = new_label ("log-time", "monospace", "dim-label", NULL);
  gtk_box_append (GTK_BOX (self->header), self->time_label);

  self->direction_label = new_label ("log-direction", NULL);
  gtk_box_append (GTK_BOX (self->header), self->direction_label);

  self->call_label = new_label ("log-call", "monospace", NULL);
  gtk_widget_set_hexpand (self->call_label, TRUE);
  gtk_label_set_single_line_mode (GTK_LABEL (self->call_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (self->call_label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (self->header), self->call_label);

  /* The byte count opens the whole payload. Named from the start, even while hidden. */
  zero_bytes = g_strdup_printf (ngettext ("%llu byte", "%llu bytes", 0), 0ULL);
  self->bytes_button = gtk_button_new_with_label (zero_bytes);
  gtk_button_set_has_frame (GTK_BUTTON (self->bytes_button), FALSE);
  gtk_widget_set_valign (self->bytes_button, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->bytes_button, "log-bytes");
  gtk_widget_add_css_class (self->bytes_button, "caption");
  /* Its tooltip comes from the row's query-tooltip: setting one here would ask the X
   * server where the pointer is, once per row made. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bytes_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Show these bytes as text, escaped or in hex"),
                                  -1);
  g_signal_connect_object (self->bytes_button, "clicked",
                           G_CALLBACK (sp_log_row_bytes_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->header), self->bytes_button);

  /* The sentence, wrapped. */
  self->message_label = new_label ("log-message", NULL);
  gtk_label_set_single_line_mode (GTK_LABEL (self->message_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (self->message_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_parent (self->message_label, GTK_WIDGET (self));

  /* The payload's first bytes on one line. */
  self->preview_label = new_label ("log-preview", "monospace", NULL);
  gtk_label_set_single_line_mode (GTK_LABEL (self->preview_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (self->preview_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_valign (self->preview_label, GTK_ALIGN_FILL);
  gtk_widget_set_parent (self->preview_label, GTK_WIDGET (self));
  gtk_widget_set_visible (self->preview_label, FALSE);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
sp_log_row_new (void)
{
  return g_object_new (SP_TYPE_LOG_ROW, NULL);
}

/**
 * sp_log_row_get_event:
 *
 * Returns: (transfer none) (nullable): the event shown
 */
SpEvent *
sp_log_row_get_event (SpLogRow *self)
{
  g_return_val_if_fail (SP_IS_LOG_ROW (self), NULL);

  return self->event;
}

SpPayloadView
sp_log_row_get_payload_view (SpLogRow *self)
{
  g_return_val_if_fail (SP_IS_LOG_ROW (self), SP_PAYLOAD_VIEW_ESCAPED);

  return self->payload_view;
}

/* How the preview renders the payload's start; only the preview is made again. */
void
sp_log_row_set_payload_view (SpLogRow      *self,
                             SpPayloadView  view)
{
  g_return_if_fail (SP_IS_LOG_ROW (self));
  g_return_if_fail (view <= SP_PAYLOAD_VIEW_HEX);

  if (self->payload_view == view)
    return;

  self->payload_view = view;
  if (self->event != NULL)
    update_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYLOAD_VIEW]);
}

/**
 * sp_log_row_get_preview_text:
 *
 * Returns: (nullable): the payload's start as the row shows it
 */
const char *
sp_log_row_get_preview_text (SpLogRow *self)
{
  g_return_val_if_fail (SP_IS_LOG_ROW (self), NULL);

  if (!gtk_widget_get_visible (self->preview_label))
    return NULL;

  return gtk_label_get_text (GTK_LABEL (self->preview_label));
}

void
sp_log_row_set_event (SpLogRow *self,
                      SpEvent  *event)
{
  g_return_if_fail (SP_IS_LOG_ROW (self));
  g_return_if_fail (event == NULL || SP_IS_EVENT (event));

  if (!g_set_object (&self->event, event))
    return;

  sp_log_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}
