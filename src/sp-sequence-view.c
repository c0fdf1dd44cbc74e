/* sp-sequence-view.c — the exchange between sockets, drawn as a sequence diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view follows one or more event logs. Each event worth drawing becomes a row
 * (SpSequenceLayout), and each frame draws only the rows and lifelines on screen
 * (_sp_sequence_paint), so a diagram of tens of thousands of arrows scrolls as fast as
 * one of ten. It is GtkScrollable: put it in a GtkScrolledWindow, which gives it its
 * adjustments; while the newest row is in view, new rows scroll into view too.
 *
 * A log appends at its end and trims at its start (with a marker row in front once it
 * has dropped something); the view follows both without starting over, and starts over
 * only when a change is of another kind.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sp-sequence-painter-private.h"
#include "sp-sequence-view-private.h"

/* The largest PNG: cairo's limit per side, and a memory bound for the whole. */
#define PNG_MAX_SIDE   32767
#define PNG_MAX_PIXELS (48 * 1024 * 1024)

/* How close to the end (in pixels) still counts as "at the end". */
#define AT_END_TOLERANCE 1.0

typedef struct
{
  SpSequenceView *view;
  SpEventLog     *log;
  char           *title;
  gulong          handler;
  guint           n_items;       /* the log's rows, as last told */
  guint           header;        /* the marker rows in front of its events */
  guint64         first_seq;     /* the number, in its history, of the log's first event */
  guint64         hidden_before; /* sp_sequence_view_clear(): earlier events are not drawn */
  guint           number;        /* the source's number in the layout */
} Source;

struct _SpSequenceView
{
  GtkWidget          parent_instance;

  GPtrArray         *sources;
  SpSequenceLayout  *layout;
  GTimeZone         *time_zone;
  SpEvent           *selected_event;
  int                selected_row;

  GtkAdjustment     *hadjustment;
  GtkAdjustment     *vadjustment;
  int                scroll_to_row;   /* to bring into view at the next allocation, or -1 */

  guint              hscroll_policy : 1;
  guint              vscroll_policy : 1;
  guint              following : 1;
  guint              configuring : 1;
};

enum {
  PROP_0,
  PROP_SELECTED_EVENT,
  PROP_FOLLOWING,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

G_DEFINE_FINAL_TYPE_WITH_CODE (SpSequenceView, sp_sequence_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static GParamSpec *properties[N_PROPS];

static void sp_sequence_view_rebuild (SpSequenceView *self);

static void
source_free (gpointer data)
{
  Source *source = data;

  g_clear_signal_handler (&source->handler, source->log);
  g_clear_object (&source->log);
  g_free (source->title);
  g_free (source);
}

static Source *
find_source (SpSequenceView *self,
             SpEventLog     *log)
{
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (source->log == log)
        return source;
    }

  return NULL;
}

/* Geometry and scrolling --------------------------------------------------------------- */

static SpSequencePaint
make_paint (SpSequenceView *self)
{
  SpSequencePaint paint = { 0 };

  /* Looked up for each drawing (a few table lookups): the colours are those of the
   * style GTK holds now, light or dark, never a stale copy. */
  _sp_sequence_palette_init_from_widget (&paint.palette, GTK_WIDGET (self));
  paint.layout = self->layout;
  paint.time_zone = self->time_zone;
  paint.selected_row = self->selected_row;
  paint.focused = gtk_widget_has_focus (GTK_WIDGET (self));

  return paint;
}

static void
get_content_size (SpSequenceView *self,
                  int            *width,
                  int            *height)
{
  SpSequencePaint paint = { .layout = self->layout };

  _sp_sequence_paint_get_size (&paint, width, height);
}

static gboolean
is_at_end (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - AT_END_TOLERANCE;
}

static void
set_following (SpSequenceView *self,
               gboolean        following)
{
  following = !!following;
  if (self->following == following)
    return;

  self->following = following;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

/* The person scrolled (or we did): following goes on only while the end is in view. */
static void
vadjustment_value_changed_cb (GtkAdjustment  *adjustment,
                              SpSequenceView *self)
{
  if (!self->configuring)
    set_following (self, is_at_end (adjustment));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
hadjustment_value_changed_cb (GtkAdjustment  *adjustment,
                              SpSequenceView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (SpSequenceView  *self,
                GtkAdjustment  **slot,
                GtkAdjustment   *adjustment,
                GCallback        callback)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);

  if (*slot == adjustment)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_data (*slot, self);
      g_object_unref (*slot);
    }

  *slot = g_object_ref_sink (adjustment);
  g_signal_connect (adjustment, "value-changed", callback, self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The value that shows @row below the header, moving as little as possible. */
static double
value_showing_row (SpSequenceView *self,
                   int             row,
                   double          value,
                   double          page)
{
  double top = _sp_sequence_row_y (row) - SP_SEQUENCE_HEADER_HEIGHT;
  double bottom = _sp_sequence_row_y (row) + SP_SEQUENCE_ROW_HEIGHT;

  if (top < value)
    return top - SP_SEQUENCE_TOP_PADDING;
  /* With the padding under the last row, so that End shows the very end. */
  if (bottom > value + page)
    return bottom - page + SP_SEQUENCE_BOTTOM_PADDING;

  return value;
}

static void
configure_adjustments (SpSequenceView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int content_width;
  int content_height;
  double value = gtk_adjustment_get_value (self->vadjustment);
  double upper;

  get_content_size (self, &content_width, &content_height);
  upper = MAX (content_height, height);

  if (self->scroll_to_row >= 0 && self->scroll_to_row < (int) _sp_sequence_layout_get_n_rows (self->layout))
    value = value_showing_row (self, self->scroll_to_row, value, height);
  else if (self->following)
    value = upper - height;
  self->scroll_to_row = -1;

  self->configuring = TRUE;
  gtk_adjustment_configure (self->vadjustment, CLAMP (value, 0, upper - height), 0, upper,
                            SP_SEQUENCE_ROW_HEIGHT, height * 0.9, height);
  self->configuring = FALSE;
  set_following (self, is_at_end (self->vadjustment));

  gtk_adjustment_configure (self->hadjustment,
                            CLAMP (gtk_adjustment_get_value (self->hadjustment), 0,
                                   MAX (content_width, width) - width),
                            0, MAX (content_width, width),
                            SP_SEQUENCE_COLUMN_WIDTH / 4.0, width * 0.9, width);
}

/* Rows changed: the adjustments follow at the next allocation, once a frame. A resize
 * rather than gtk_widget_queue_allocate(), which GTK 4.8 does not always carry out for
 * a scrolled window's child. */
static void
rows_changed (SpSequenceView *self)
{
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Selection ---------------------------------------------------------------------------- */

static void
update_accessible_description (SpSequenceView *self)
{
  g_autofree char *description = NULL;

  if (self->selected_row >= 0)
    description = _sp_sequence_dup_row_description (self->layout, self->selected_row);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL
                                    ? description
                                    : _("Each socket is a vertical line; each arrow, a call that crossed between them. Use the Up and Down keys to go from arrow to arrow."),
                                  -1);
}

static void
select_row (SpSequenceView *self,
            int             row)
{
  SpEvent *event = row >= 0 ? _sp_sequence_layout_get_row (self->layout, row)->event : NULL;

  self->selected_row = row;
  if (row >= 0)
    self->scroll_to_row = row;

  if (g_set_object (&self->selected_event, event))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_EVENT]);

  update_accessible_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* After rows went: the selected event keeps its row, or is no longer selected. */
static void
reselect (SpSequenceView *self)
{
  int row;

  if (self->selected_event == NULL)
    {
      self->selected_row = -1;
      return;
    }

  row = _sp_sequence_layout_find_event (self->layout, self->selected_event);
  if (row < 0 && self->selected_row >= 0)
    {
      select_row (self, -1);
      return;
    }

  self->selected_row = row;
}

/* Following the logs ------------------------------------------------------------------- */

static gboolean
log_is_server (SpEventLog *log)
{
  GListModel *model = G_LIST_MODEL (log);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (model, i);
      SpEventKind kind = sp_event_get_kind (event);

      if (kind == SP_EVENT_KIND_LISTEN || kind == SP_EVENT_KIND_ACCEPT ||
          ((kind == SP_EVENT_KIND_SOCKET || kind == SP_EVENT_KIND_BIND) &&
           sp_event_get_connection_id (event) == 0))
        return TRUE;
    }

  return FALSE;
}

static guint
overlap (guint start,
         guint length,
         guint limit)
{
  if (start >= limit)
    return 0;

  return MIN (start + length, limit) - start;
}

static void
log_items_changed_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      Source     *source)
{
  SpSequenceView *self = source->view;
  guint n_items = g_list_model_get_n_items (model);
  guint header = n_items - sp_event_log_get_n_events (source->log);
  guint old_events = source->n_items - source->header;
  guint removed_events = removed - overlap (position, removed, source->header);
  guint added_events = added - overlap (position, added, header);
  guint first_added = MAX (position, header) - header;
  gboolean shifted = FALSE;  /* rows went, or moved: the selection's row may have */

  /* The log appends at its end and trims at its start; anything else, start over. */
  if ((removed_events > 0 && MAX (position, source->header) - source->header != 0) ||
      (added_events > 0 && first_added != old_events - removed_events) ||
      old_events - removed_events + added_events != n_items - header)
    {
      sp_sequence_view_rebuild (self);
      return;
    }

  source->n_items = n_items;
  source->header = header;

  if (removed_events > 0)
    {
      source->first_seq += removed_events;
      shifted = _sp_sequence_layout_drop_before (self->layout, source->number,
                                                 MAX (source->first_seq, source->hidden_before)) > 0;
    }

  for (guint i = 0; i < added_events; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (model, header + first_added + i);

      if (_sp_sequence_layout_ingest (self->layout, source->number, event,
                                      source->first_seq + first_added + i))
        shifted = TRUE;
    }

  if (shifted)
    reselect (self);

  if (shifted || added_events > 0)
    rows_changed (self);
}

typedef struct
{
  Source *source;
  guint   position;
  guint   end;
} Cursor;

/* Starts the drawing over from what the logs hold now, their events merged by time. */
static void
sp_sequence_view_rebuild (SpSequenceView *self)
{
  g_autofree Cursor *cursors = g_new0 (Cursor, self->sources->len);

  _sp_sequence_layout_reset (self->layout);

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      source->n_items = g_list_model_get_n_items (G_LIST_MODEL (source->log));
      source->header = source->n_items - sp_event_log_get_n_events (source->log);
      source->number = _sp_sequence_layout_add_source (self->layout, source->title,
                                                       log_is_server (source->log));
      cursors[i].source = source;
      cursors[i].position = source->header;
      cursors[i].end = source->n_items;
    }

  for (;;)
    {
      g_autoptr(SpEvent) next = NULL;
      Cursor *from = NULL;

      for (guint i = 0; i < self->sources->len; i++)
        {
          g_autoptr(SpEvent) candidate = NULL;

          if (cursors[i].position >= cursors[i].end)
            continue;

          candidate = g_list_model_get_item (G_LIST_MODEL (cursors[i].source->log), cursors[i].position);
          if (next == NULL || sp_event_get_time (candidate) < sp_event_get_time (next))
            {
              g_set_object (&next, candidate);
              from = &cursors[i];
            }
        }

      if (from == NULL)
        break;

      _sp_sequence_layout_ingest (self->layout, from->source->number, next,
                                  from->source->first_seq + from->position - from->source->header);
      from->position++;
    }

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (source->hidden_before > source->first_seq)
        _sp_sequence_layout_drop_before (self->layout, source->number, source->hidden_before);
    }

  reselect (self);
  rows_changed (self);
}

/* Input -------------------------------------------------------------------------------- */

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  SpSequenceView  *self)
{
  _sp_sequence_view_click (self, x, y);
}

static void
move_selection (SpSequenceView *self,
                int             row)
{
  int n = _sp_sequence_layout_get_n_rows (self->layout);

  if (n == 0)
    return;

  select_row (self, CLAMP (row, 0, n - 1));
}

static int
rows_per_page (SpSequenceView *self)
{
  return MAX (1, (int) ((gtk_widget_get_height (GTK_WIDGET (self)) - SP_SEQUENCE_HEADER_HEIGHT) /
                        SP_SEQUENCE_ROW_HEIGHT) - 1);
}

static void
select_previous_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (widget);

  move_selection (self, self->selected_row < 0
                          ? (int) _sp_sequence_layout_get_n_rows (self->layout) - 1
                          : self->selected_row - 1);
}

static void
select_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (widget);

  move_selection (self, self->selected_row < 0 ? 0 : self->selected_row + 1);
}

static void
select_first_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  move_selection (SP_SEQUENCE_VIEW (widget), 0);
}

static void
select_last_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (widget);

  move_selection (self, (int) _sp_sequence_layout_get_n_rows (self->layout) - 1);
}

static void
select_page_up_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (widget);

  move_selection (self, MAX (self->selected_row, 0) - rows_per_page (self));
}

static void
select_page_down_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (widget);

  move_selection (self, MAX (self->selected_row, 0) + rows_per_page (self));
}

/* GtkWidget ---------------------------------------------------------------------------- */

static void
sp_sequence_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (widget);
  int width;
  int height;

  get_content_size (self, &width, &height);

  /* Scrolled, the view needs little room; its natural size is the whole diagram. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = MAX (width, *minimum);
    }
  else
    {
      *minimum = SP_SEQUENCE_HEADER_HEIGHT + 4 * SP_SEQUENCE_ROW_HEIGHT;
      *natural = MAX (height, *minimum);
    }
}

static void
sp_sequence_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  configure_adjustments (SP_SEQUENCE_VIEW (widget));
}

static void
sp_sequence_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (widget);
  SpSequencePaint paint = make_paint (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(SpSequenceCanvas) canvas = NULL;

  canvas = _sp_sequence_canvas_new_for_snapshot (snapshot, gtk_widget_get_pango_context (widget));

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  _sp_sequence_paint (&paint, canvas,
                      round (gtk_adjustment_get_value (self->hadjustment)),
                      round (gtk_adjustment_get_value (self->vadjustment)),
                      width, height);
  gtk_snapshot_pop (snapshot);
}

static void
sp_sequence_view_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (sp_sequence_view_parent_class)->css_changed (widget, change);

  /* Light to dark, or another theme: the colours are looked up again as it draws. */
  gtk_widget_queue_draw (widget);
}

static void
sp_sequence_view_state_flags_changed (GtkWidget     *widget,
                                      GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (sp_sequence_view_parent_class)->state_flags_changed (widget, previous);

  /* The selection's mark shows whether the view has the keyboard. */
  if (((previous ^ gtk_widget_get_state_flags (widget)) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0)
    gtk_widget_queue_draw (widget);
}

static gboolean
sp_sequence_view_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (widget);
  int row = keyboard ? self->selected_row : _sp_sequence_view_arrow_at (self, x, y);
  g_autofree char *description = NULL;

  if (row < 0)
    return FALSE;

  description = _sp_sequence_dup_row_description (self->layout, row);
  gtk_tooltip_set_text (tooltip, description);

  return TRUE;
}

/* GObject ------------------------------------------------------------------------------ */

static void
sp_sequence_view_dispose (GObject *object)
{
  SpSequenceView *self = (SpSequenceView *)object;

  if (self->sources != NULL)
    g_ptr_array_set_size (self->sources, 0);
  g_clear_object (&self->selected_event);

  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (sp_sequence_view_parent_class)->dispose (object);
}

static void
sp_sequence_view_finalize (GObject *object)
{
  SpSequenceView *self = (SpSequenceView *)object;

  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->layout, _sp_sequence_layout_free);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);

  G_OBJECT_CLASS (sp_sequence_view_parent_class)->finalize (object);
}

static void
sp_sequence_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_EVENT:
      g_value_set_object (value, self->selected_event);
      break;

    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;

    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_sequence_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_EVENT:
      sp_sequence_view_set_selected_event (self, g_value_get_object (value));
      break;

    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value),
                      G_CALLBACK (hadjustment_value_changed_cb));
      break;

    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value),
                      G_CALLBACK (vadjustment_value_changed_cb));
      break;

    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (guint) g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (guint) g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_key_binding (GtkWidgetClass *widget_class,
                 guint           key,
                 guint           keypad_key,
                 const char     *action)
{
  gtk_widget_class_add_binding_action (widget_class, key, 0, action, NULL);
  gtk_widget_class_add_binding_action (widget_class, keypad_key, 0, action, NULL);
}

static void
sp_sequence_view_class_init (SpSequenceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_sequence_view_dispose;
  object_class->finalize = sp_sequence_view_finalize;
  object_class->get_property = sp_sequence_view_get_property;
  object_class->set_property = sp_sequence_view_set_property;

  widget_class->measure = sp_sequence_view_measure;
  widget_class->size_allocate = sp_sequence_view_size_allocate;
  widget_class->snapshot = sp_sequence_view_snapshot;
  widget_class->css_changed = sp_sequence_view_css_changed;
  widget_class->state_flags_changed = sp_sequence_view_state_flags_changed;
  widget_class->query_tooltip = sp_sequence_view_query_tooltip;

  /**
   * SpSequenceView:selected-event:
   *
   * The event whose arrow is selected, or %NULL. Clicking an arrow or moving with the
   * keys sets it; setting it brings its arrow into view. An event the diagram does not
   * draw (a note without a socket call) can be set: no arrow is highlighted then.
   */
  properties[PROP_SELECTED_EVENT] =
    g_param_spec_object ("selected-event", NULL, NULL, SP_TYPE_EVENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpSequenceView:following:
   *
   * Whether the newest arrow is in view, so that new arrows scroll into view too.
   * Scrolling up stops following; scrolling back to the end resumes it.
   */
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_install_action (widget_class, "sequence.select-previous", NULL, select_previous_action);
  gtk_widget_class_install_action (widget_class, "sequence.select-next", NULL, select_next_action);
  gtk_widget_class_install_action (widget_class, "sequence.select-first", NULL, select_first_action);
  gtk_widget_class_install_action (widget_class, "sequence.select-last", NULL, select_last_action);
  gtk_widget_class_install_action (widget_class, "sequence.select-page-up", NULL, select_page_up_action);
  gtk_widget_class_install_action (widget_class, "sequence.select-page-down", NULL, select_page_down_action);
  add_key_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, "sequence.select-previous");
  add_key_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, "sequence.select-next");
  add_key_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, "sequence.select-first");
  add_key_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, "sequence.select-last");
  add_key_binding (widget_class, GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, "sequence.select-page-up");
  add_key_binding (widget_class, GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, "sequence.select-page-down");

  gtk_widget_class_set_css_name (widget_class, "sequenceview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sp_sequence_view_init (SpSequenceView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->sources = g_ptr_array_new_with_free_func (source_free);
  self->layout = _sp_sequence_layout_new ();
  self->time_zone = g_time_zone_new_local ();
  self->selected_row = -1;
  self->scroll_to_row = -1;
  self->following = TRUE;

  set_adjustment (self, &self->hadjustment, NULL, G_CALLBACK (hadjustment_value_changed_cb));
  set_adjustment (self, &self->vadjustment, NULL, G_CALLBACK (vadjustment_value_changed_cb));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sequence diagram"),
                                  -1);
  update_accessible_description (self);
}

/* Public ------------------------------------------------------------------------------- */

GtkWidget *
sp_sequence_view_new (void)
{
  return g_object_new (SP_TYPE_SEQUENCE_VIEW, NULL);
}

/**
 * sp_sequence_view_add_log:
 * @log: the event log of one pane
 * @title: the pane's name, shown above its sockets, e.g. "Server 1"
 *
 * Draws @log's events beside those of the logs added before, merged by time, and
 * follows what it logs from now on. Its sockets stand to the right of the earlier
 * logs' sockets. Adding a log twice only renames it.
 */
void
sp_sequence_view_add_log (SpSequenceView *self,
                          SpEventLog     *log,
                          const char     *title)
{
  Source *source;

  g_return_if_fail (SP_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (SP_IS_EVENT_LOG (log));
  g_return_if_fail (title != NULL);

  if (find_source (self, log) != NULL)
    {
      sp_sequence_view_set_log_title (self, log, title);
      return;
    }

  source = g_new0 (Source, 1);
  source->view = self;
  source->log = g_object_ref (log);
  source->title = g_strdup (title);
  source->handler = g_signal_connect (log, "items-changed", G_CALLBACK (log_items_changed_cb), source);
  g_ptr_array_add (self->sources, source);

  /* Alone, a log's events are in order already; beside others they are merged. */
  if (self->sources->len == 1 || _sp_sequence_layout_get_n_rows (self->layout) == 0)
    sp_sequence_view_rebuild (self);
  else if (g_list_model_get_n_items (G_LIST_MODEL (log)) == 0)
    {
      source->number = _sp_sequence_layout_add_source (self->layout, title, FALSE);
      rows_changed (self);
    }
  else
    sp_sequence_view_rebuild (self);
}

/* A pane was renamed. */
void
sp_sequence_view_set_log_title (SpSequenceView *self,
                                SpEventLog     *log,
                                const char     *title)
{
  Source *source;

  g_return_if_fail (SP_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (SP_IS_EVENT_LOG (log));
  g_return_if_fail (title != NULL);

  source = find_source (self, log);
  g_return_if_fail (source != NULL);

  g_free (source->title);
  source->title = g_strdup (title);
  _sp_sequence_layout_set_source_title (self->layout, source->number, title);
  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Stops following @log, and takes its sockets and arrows away (a pane was closed). */
void
sp_sequence_view_remove_log (SpSequenceView *self,
                             SpEventLog     *log)
{
  Source *source;

  g_return_if_fail (SP_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (SP_IS_EVENT_LOG (log));

  source = find_source (self, log);
  if (source == NULL)
    return;

  g_ptr_array_remove (self->sources, source);
  sp_sequence_view_rebuild (self);
}

/**
 * sp_sequence_view_clear:
 *
 * Starts a clean diagram: the arrows drawn so far go, the logs stay followed, and the
 * sockets still open stay, so what they do next is drawn where it belongs. To stop
 * following a log, use sp_sequence_view_remove_log().
 */
void
sp_sequence_view_clear (SpSequenceView *self)
{
  g_return_if_fail (SP_IS_SEQUENCE_VIEW (self));

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      source->hidden_before = source->first_seq + sp_event_log_get_n_events (source->log);
      _sp_sequence_layout_drop_before (self->layout, source->number, source->hidden_before);
    }

  reselect (self);
  set_following (self, TRUE);
  rows_changed (self);
}

/**
 * sp_sequence_view_get_selected_event:
 *
 * Returns: (transfer none) (nullable): the event whose arrow is selected
 */
SpEvent *
sp_sequence_view_get_selected_event (SpSequenceView *self)
{
  g_return_val_if_fail (SP_IS_SEQUENCE_VIEW (self), NULL);

  return self->selected_event;
}

void
sp_sequence_view_set_selected_event (SpSequenceView *self,
                                     SpEvent        *event)
{
  g_return_if_fail (SP_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (event == NULL || SP_IS_EVENT (event));

  if (self->selected_event == event)
    return;

  self->selected_row = event != NULL ? _sp_sequence_layout_find_event (self->layout, event) : -1;
  if (self->selected_row >= 0)
    self->scroll_to_row = self->selected_row;

  g_set_object (&self->selected_event, event);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_EVENT]);
  update_accessible_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sp_sequence_view_get_following (SpSequenceView *self)
{
  g_return_val_if_fail (SP_IS_SEQUENCE_VIEW (self), FALSE);

  return self->following;
}

/* Export ------------------------------------------------------------------------------- */

/* The whole diagram as an SVG document: a picture to print or put in a lesson. */
GBytes *
_sp_sequence_view_render_svg (SpSequenceView *self)
{
  SpSequencePaint paint = make_paint (self);
  GString *out = g_string_new (NULL);
  g_autoptr(SpSequenceCanvas) canvas = NULL;
  g_autofree char *title = g_markup_escape_text (_("Sequence diagram"), -1);
  int width;
  int height;

  paint.selected_row = -1;
  paint.focused = FALSE;
  _sp_sequence_paint_get_size (&paint, &width, &height);

  g_string_append_printf (out,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                          "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n"
                          "<title>%s</title>\n",
                          width, height, width, height, title);

  canvas = _sp_sequence_canvas_new_for_svg (out, gtk_widget_get_pango_context (GTK_WIDGET (self)));
  _sp_sequence_canvas_write_svg_styles (canvas);
  _sp_sequence_paint (&paint, canvas, 0, 0, width, height);
  g_string_append (out, "</svg>\n");

  return g_string_free_to_bytes (out);
}

static void
destroy_surface (gpointer data)
{
  cairo_surface_destroy (data);
}

/* The whole diagram as a PNG image, drawn as on screen, one pixel per pixel. */
GBytes *
_sp_sequence_view_render_png (SpSequenceView  *self,
                              int             *out_width,
                              int             *out_height,
                              GError         **error)
{
  SpSequencePaint paint = make_paint (self);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) pixels = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int width;
  int height;

  paint.selected_row = -1;
  paint.focused = FALSE;
  _sp_sequence_paint_get_size (&paint, &width, &height);

  if (width > PNG_MAX_SIDE || height > PNG_MAX_SIDE || (gint64) width * height > PNG_MAX_PIXELS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The diagram is too big for a PNG image (%d × %d pixels): export it as SVG instead, or clear it and draw less."),
                   width, height);
      return NULL;
    }

  {
    g_autoptr(SpSequenceCanvas) canvas =
      _sp_sequence_canvas_new_for_snapshot (snapshot, gtk_widget_get_pango_context (GTK_WIDGET (self)));

    _sp_sequence_paint (&paint, canvas, 0, 0, width, height);
  }
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("There is not enough memory for a PNG image of %d × %d pixels: export the diagram as SVG instead."),
                   width, height);
      return NULL;
    }

  cr = cairo_create (surface);
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Cairo's ARGB32 is GDK's default memory format: the pixels are used as they are. */
  pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                       (gsize) cairo_image_surface_get_stride (surface) * height,
                                       destroy_surface, surface);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, pixels,
                                    cairo_image_surface_get_stride (surface));

  if (out_width != NULL)
    *out_width = width;
  if (out_height != NULL)
    *out_height = height;

  return gdk_texture_save_to_png_bytes (texture);
}

static gboolean
write_bytes (GFile   *file,
             GBytes  *bytes,
             GError **error)
{
  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

/**
 * sp_sequence_view_export_svg:
 * @error: the file's own error (a %G_IO_ERROR) when it cannot be written
 *
 * Writes the whole diagram, not only what is in view, as an SVG document, in the colours
 * the view shows now. This waits for the file: prefer sp_sequence_view_export_svg_async()
 * in the window.
 */
gboolean
sp_sequence_view_export_svg (SpSequenceView  *self,
                             GFile           *file,
                             GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (SP_IS_SEQUENCE_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = _sp_sequence_view_render_svg (self);

  return write_bytes (file, bytes, error);
}

/**
 * sp_sequence_view_export_png:
 * @error: %G_IO_ERROR_NOT_SUPPORTED when the diagram is too big for an image, else the
 *   file's own error
 *
 * Writes the whole diagram as a PNG image, as the view draws it.
 */
gboolean
sp_sequence_view_export_png (SpSequenceView  *self,
                             GFile           *file,
                             GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (SP_IS_SEQUENCE_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = _sp_sequence_view_render_png (self, NULL, NULL, error);
  if (bytes == NULL)
    return FALSE;

  return write_bytes (file, bytes, error);
}

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_async (SpSequenceView      *self,
              GFile               *file,
              GBytes              *bytes,
              GError              *error,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, export_async);

  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* The drawing is made here, on the main thread, where the widget lives; the writing
   * happens in the background. */
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_contents_cb, task);
}

void
sp_sequence_view_export_svg_async (SpSequenceView      *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (SP_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  bytes = _sp_sequence_view_render_svg (self);
  export_async (self, file, bytes, NULL, cancellable, callback, user_data);
}

void
sp_sequence_view_export_png_async (SpSequenceView      *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  g_return_if_fail (SP_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  bytes = _sp_sequence_view_render_png (self, NULL, NULL, &error);
  export_async (self, file, bytes, error, cancellable, callback, user_data);
}

gboolean
sp_sequence_view_export_finish (SpSequenceView  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (SP_IS_SEQUENCE_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* For tests and benchmarks ------------------------------------------------------------- */

guint
_sp_sequence_view_get_n_arrows (SpSequenceView *self)
{
  return _sp_sequence_layout_get_n_rows (self->layout);
}

SpSequenceArrowKind
_sp_sequence_view_get_arrow_kind (SpSequenceView *self,
                                  guint           arrow)
{
  return _sp_sequence_layout_get_row (self->layout, arrow)->kind;
}

SpEvent *
_sp_sequence_view_get_arrow_event (SpSequenceView *self,
                                   guint           arrow)
{
  return _sp_sequence_layout_get_row (self->layout, arrow)->event;
}

char *
_sp_sequence_view_dup_arrow_label (SpSequenceView *self,
                                   guint           arrow)
{
  return _sp_sequence_dup_row_label (self->layout, arrow);
}

char *
_sp_sequence_view_dup_arrow_from (SpSequenceView *self,
                                  guint           arrow)
{
  int from;
  int to;

  _sp_sequence_layout_get_row_ends (self->layout, arrow, &from, &to);

  return _sp_sequence_dup_lifeline_name (self->layout, from);
}

/* Returns: (nullable): %NULL for a mark on one lifeline */
char *
_sp_sequence_view_dup_arrow_to (SpSequenceView *self,
                                guint           arrow)
{
  int from;
  int to;

  _sp_sequence_layout_get_row_ends (self->layout, arrow, &from, &to);

  return _sp_sequence_dup_lifeline_name (self->layout, to);
}

/* Where the arrow is drawn now, in the widget's coordinates. */
double
_sp_sequence_view_get_arrow_y (SpSequenceView *self,
                               guint           arrow)
{
  return _sp_sequence_row_y (arrow) + SP_SEQUENCE_ROW_HEIGHT / 2.0 -
         gtk_adjustment_get_value (self->vadjustment);
}

/* Lifelines drawn: every socket, and the outside world when an arrow goes there. */
guint
_sp_sequence_view_get_n_lifelines (SpSequenceView *self)
{
  guint n = _sp_sequence_layout_get_n_lifelines (self->layout) - 1;

  return n + (_sp_sequence_layout_get_column (self->layout, SP_SEQUENCE_OUTSIDE) >= 0 ? 1 : 0);
}

int
_sp_sequence_view_get_selected_arrow (SpSequenceView *self)
{
  return self->selected_row;
}

/* The arrow at a point of the widget, or -1 (the header, or below the last arrow). */
int
_sp_sequence_view_arrow_at (SpSequenceView *self,
                            double          x,
                            double          y)
{
  double content_y = y + gtk_adjustment_get_value (self->vadjustment);
  int row;

  if (y < SP_SEQUENCE_HEADER_HEIGHT || content_y < _sp_sequence_row_y (0))
    return -1;

  row = (int) floor ((content_y - _sp_sequence_row_y (0)) / SP_SEQUENCE_ROW_HEIGHT);
  if (row >= (int) _sp_sequence_layout_get_n_rows (self->layout))
    return -1;

  return row;
}

/* What a click does: the keyboard comes here, and the arrow under the pointer is selected. */
void
_sp_sequence_view_click (SpSequenceView *self,
                         double          x,
                         double          y)
{
  int row = _sp_sequence_view_arrow_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (row >= 0)
    select_row (self, row);
}
