/* sp-state-diagram.c — one socket's states as boxes and arrows, the current one lit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The boxes are labels styled by style.css (.state-node, lit with .current: the accent
 * colour, or red for the error box), so the theme, dark or light, colours them; the widget
 * lays them out on one row, the error box under it, and draws the arrows between them.
 * It has no template: its children follow the path it is given.
 *
 *   ●─▶[Created]─▶[Connecting]─▶[Connected]─▶[Half-closed]─▶[Closed]
 *          ┆            ┆             ┆              ┆
 *          └╌╌╌╌╌╌╌╌╌╌╌╌┴╌╌╌╌╌╌╌╌╌╌╌╌╌┴╌╌╌╌╌╌╌╌╌╌╌╌╌╌┴╌╌╌╌╌╌╌╌╌╌▶[Error]
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-state-diagram.h"

/* Room for an arrow between two boxes, and between the row and the error box. */
#define ARROW_GAP 20
#define ROW_GAP 14
#define ARROW_HEAD 5.0

struct _SpStateDiagram
{
  GtkWidget      parent_instance;

  GtkWidget     *initial;   /* the start dot: "no socket yet" */
  GPtrArray     *nodes;     /* GtkLabel, one per state of the path */
  GArray        *states;    /* SpSocketState of each node */
  GtkWidget     *error_node;
  SpSocketState  state;
  gboolean       show_initial;
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpStateDiagram, sp_state_diagram, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* A box: the state's word, its explanation as a tooltip. Not yet parented. */
static GtkWidget *
node_new (SpSocketState state)
{
  GtkWidget *label = gtk_label_new (sp_socket_state_get_label (state));

  gtk_widget_add_css_class (label, "state-node");
  gtk_widget_set_tooltip_text (label, sp_socket_state_get_explanation (state));

  return label;
}

static void
update_highlight (SpStateDiagram *self)
{
  g_autofree char *description = NULL;

  gtk_widget_set_visible (self->initial, self->show_initial);
  if (self->state == SP_SOCKET_STATE_NONE)
    gtk_widget_add_css_class (self->initial, "current");
  else
    gtk_widget_remove_css_class (self->initial, "current");

  for (guint i = 0; i < self->nodes->len; i++)
    {
      GtkWidget *node = g_ptr_array_index (self->nodes, i);

      if (g_array_index (self->states, SpSocketState, i) == self->state)
        gtk_widget_add_css_class (node, "current");
      else
        gtk_widget_remove_css_class (node, "current");
    }

  if (self->state == SP_SOCKET_STATE_ERROR)
    gtk_widget_add_css_class (self->error_node, "current");
  else
    gtk_widget_remove_css_class (self->error_node, "current");

  /* Translators: what a screen reader says of a socket's state diagram */
  description = g_strdup_printf (_("Current state: %s. %s"),
                                 sp_socket_state_get_label (self->state),
                                 sp_socket_state_get_explanation (self->state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
clear_nodes (SpStateDiagram *self)
{
  for (guint i = 0; i < self->nodes->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->nodes, i));
  g_ptr_array_set_size (self->nodes, 0);
  g_array_set_size (self->states, 0);
}

static void
measure_child (GtkWidget      *child,
               GtkOrientation  orientation,
               int            *minimum,
               int            *natural)
{
  gtk_widget_measure (child, orientation, -1, minimum, natural, NULL, NULL);
}

static int
row_height (SpStateDiagram *self)
{
  int height = 0;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      int min, nat;

      measure_child (g_ptr_array_index (self->nodes, i), GTK_ORIENTATION_VERTICAL, &min, &nat);
      height = MAX (height, nat);
    }

  return height;
}

static void
sp_state_diagram_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SpStateDiagram *self = SP_STATE_DIAGRAM (widget);
  int error_min, error_nat;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int width = 0;

      if (self->show_initial)
        {
          int min, nat;

          measure_child (self->initial, orientation, &min, &nat);
          width += nat + ARROW_GAP;
        }

      for (guint i = 0; i < self->nodes->len; i++)
        {
          int min, nat;

          measure_child (g_ptr_array_index (self->nodes, i), orientation, &min, &nat);
          width += nat + (i > 0 ? ARROW_GAP : 0);
        }

      measure_child (self->error_node, orientation, &error_min, &error_nat);
      *minimum = *natural = MAX (width, error_nat);
    }
  else
    {
      measure_child (self->error_node, orientation, &error_min, &error_nat);
      *minimum = *natural = row_height (self) + ROW_GAP + error_nat;
    }
}

static void
sp_state_diagram_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  SpStateDiagram *self = SP_STATE_DIAGRAM (widget);
  int row = row_height (self);
  int x = 0;
  int min, nat, nat_height;

  if (self->show_initial)
    {
      measure_child (self->initial, GTK_ORIENTATION_HORIZONTAL, &min, &nat);
      measure_child (self->initial, GTK_ORIENTATION_VERTICAL, &min, &nat_height);
      gtk_widget_size_allocate (self->initial,
                                &(GtkAllocation) { x, (row - nat_height) / 2, nat, nat_height }, -1);
      x += nat + ARROW_GAP;
    }

  for (guint i = 0; i < self->nodes->len; i++)
    {
      GtkWidget *node = g_ptr_array_index (self->nodes, i);

      measure_child (node, GTK_ORIENTATION_HORIZONTAL, &min, &nat);
      gtk_widget_size_allocate (node, &(GtkAllocation) { x, 0, nat, row }, -1);
      x += nat + ARROW_GAP;
    }

  /* The error box sits under the end of the row. */
  measure_child (self->error_node, GTK_ORIENTATION_HORIZONTAL, &min, &nat);
  measure_child (self->error_node, GTK_ORIENTATION_VERTICAL, &min, &nat_height);
  x = MAX (0, MIN (width, x - ARROW_GAP) - nat);
  gtk_widget_size_allocate (self->error_node,
                            &(GtkAllocation) { x, row + ROW_GAP, nat, nat_height }, -1);
}

static void
bounds_of (SpStateDiagram  *self,
           GtkWidget       *child,
           graphene_rect_t *rect)
{
  if (!gtk_widget_compute_bounds (child, GTK_WIDGET (self), rect))
    graphene_rect_init (rect, 0, 0, 0, 0);
}

static void
arrow_head (cairo_t *cr,
            double   x,
            double   y,
            double   dx,
            double   dy)
{
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x - dx * ARROW_HEAD - dy * ARROW_HEAD * 0.7, y - dy * ARROW_HEAD + dx * ARROW_HEAD * 0.7);
  cairo_line_to (cr, x - dx * ARROW_HEAD + dy * ARROW_HEAD * 0.7, y - dy * ARROW_HEAD - dx * ARROW_HEAD * 0.7);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
sp_state_diagram_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SpStateDiagram *self = SP_STATE_DIAGRAM (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t previous;
  graphene_rect_t rect;
  graphene_rect_t error_rect;
  GdkRGBA color;
  cairo_t *cr;
  double bus_y;
  double first_x = -1;
  gboolean have_previous = FALSE;
  static const double dash[] = { 3.0, 3.0 };

  if (self->nodes->len == 0 || width <= 0 || height <= 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  color.alpha *= 0.55;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, 1.5);

  if (self->show_initial)
    {
      bounds_of (self, self->initial, &previous);
      have_previous = TRUE;
    }

  /* Solid arrows along the row: the way a socket normally goes. */
  for (guint i = 0; i < self->nodes->len; i++)
    {
      bounds_of (self, g_ptr_array_index (self->nodes, i), &rect);

      if (have_previous)
        {
          double y = rect.origin.y + rect.size.height / 2;
          double from = previous.origin.x + previous.size.width + 2;
          double to = rect.origin.x - 2;

          cairo_move_to (cr, from, y);
          cairo_line_to (cr, to - ARROW_HEAD, y);
          cairo_stroke (cr);
          arrow_head (cr, to, y, 1, 0);
        }

      previous = rect;
      have_previous = TRUE;
    }

  /* Dashed: any state may end in an error. A line under the row gathers them. */
  bounds_of (self, self->error_node, &error_rect);
  bus_y = error_rect.origin.y + error_rect.size.height / 2;
  cairo_save (cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      double x;

      if (g_array_index (self->states, SpSocketState, i) == SP_SOCKET_STATE_CLOSED)
        continue;

      bounds_of (self, g_ptr_array_index (self->nodes, i), &rect);
      x = rect.origin.x + rect.size.width / 2;
      if (x + 4 >= error_rect.origin.x)
        continue;
      if (first_x < 0)
        first_x = x;
      cairo_move_to (cr, x, rect.origin.y + rect.size.height + 1);
      cairo_line_to (cr, x, bus_y);
    }
  if (first_x >= 0)
    {
      cairo_move_to (cr, first_x, bus_y);
      cairo_line_to (cr, error_rect.origin.x - 2 - ARROW_HEAD, bus_y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
  if (first_x >= 0)
    arrow_head (cr, error_rect.origin.x - 2, bus_y, 1, 0);

  cairo_destroy (cr);

  GTK_WIDGET_CLASS (sp_state_diagram_parent_class)->snapshot (widget, snapshot);
}

static void
sp_state_diagram_dispose (GObject *object)
{
  SpStateDiagram *self = (SpStateDiagram *)object;

  if (self->nodes != NULL)
    clear_nodes (self);
  g_clear_pointer (&self->initial, gtk_widget_unparent);
  g_clear_pointer (&self->error_node, gtk_widget_unparent);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->states, g_array_unref);

  G_OBJECT_CLASS (sp_state_diagram_parent_class)->dispose (object);
}

static void
sp_state_diagram_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpStateDiagram *self = SP_STATE_DIAGRAM (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_state_diagram_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SpStateDiagram *self = SP_STATE_DIAGRAM (object);

  switch (prop_id)
    {
    case PROP_STATE:
      sp_state_diagram_set_state (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_state_diagram_class_init (SpStateDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_state_diagram_dispose;
  object_class->get_property = sp_state_diagram_get_property;
  object_class->set_property = sp_state_diagram_set_property;

  widget_class->measure = sp_state_diagram_measure;
  widget_class->size_allocate = sp_state_diagram_size_allocate;
  widget_class->snapshot = sp_state_diagram_snapshot;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SP_TYPE_SOCKET_STATE, SP_SOCKET_STATE_NONE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "statediagram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_state_diagram_init (SpStateDiagram *self)
{
  self->nodes = g_ptr_array_new ();
  self->states = g_array_new (FALSE, FALSE, sizeof (SpSocketState));
  self->show_initial = TRUE;

  self->initial = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_valign (self->initial, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->initial, "state-initial");
  gtk_widget_set_tooltip_text (self->initial, sp_socket_state_get_explanation (SP_SOCKET_STATE_NONE));
  gtk_widget_set_parent (self->initial, GTK_WIDGET (self));

  self->error_node = node_new (SP_SOCKET_STATE_ERROR);
  gtk_widget_add_css_class (self->error_node, "state-error");
  gtk_widget_set_parent (self->error_node, GTK_WIDGET (self));

  update_highlight (self);
}

GtkWidget *
sp_state_diagram_new (void)
{
  return g_object_new (SP_TYPE_STATE_DIAGRAM, NULL);
}

/**
 * sp_state_diagram_set_path:
 * @states: (array length=n_states): the states a socket of this kind goes through, in
 *   order (the error box is always added below)
 * @show_initial: whether a start dot stands for "no socket yet" before the first state
 */
void
sp_state_diagram_set_path (SpStateDiagram      *self,
                           const SpSocketState *states,
                           guint                n_states,
                           gboolean             show_initial)
{
  g_return_if_fail (SP_IS_STATE_DIAGRAM (self));
  g_return_if_fail (states != NULL || n_states == 0);

  clear_nodes (self);
  self->show_initial = !!show_initial;

  for (guint i = 0; i < n_states; i++)
    {
      GtkWidget *node = node_new (states[i]);

      /* In order, before the error box, so that keyboard and reader go along the row. */
      gtk_widget_insert_before (node, GTK_WIDGET (self), self->error_node);
      g_ptr_array_add (self->nodes, node);
      g_array_append_val (self->states, states[i]);
    }

  update_highlight (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

SpSocketState
sp_state_diagram_get_state (SpStateDiagram *self)
{
  g_return_val_if_fail (SP_IS_STATE_DIAGRAM (self), SP_SOCKET_STATE_NONE);

  return self->state;
}

void
sp_state_diagram_set_state (SpStateDiagram *self,
                            SpSocketState   state)
{
  g_return_if_fail (SP_IS_STATE_DIAGRAM (self));

  if (self->state == state)
    return;

  self->state = state;
  update_highlight (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * sp_state_diagram_get_highlighted:
 *
 * For tests: the state whose box (or start dot) is drawn lit, read back from the
 * boxes' style classes.
 *
 * Returns: an #SpSocketState, or -1 when no box is lit (the state is not on the path)
 */
int
sp_state_diagram_get_highlighted (SpStateDiagram *self)
{
  g_return_val_if_fail (SP_IS_STATE_DIAGRAM (self), -1);

  if (gtk_widget_get_visible (self->initial) && gtk_widget_has_css_class (self->initial, "current"))
    return SP_SOCKET_STATE_NONE;
  if (gtk_widget_has_css_class (self->error_node, "current"))
    return SP_SOCKET_STATE_ERROR;

  for (guint i = 0; i < self->nodes->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (self->nodes, i), "current"))
      return g_array_index (self->states, SpSocketState, i);

  return -1;
}
