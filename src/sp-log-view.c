/* sp-log-view.c — a scrolling list of SpEvent that follows the newest one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sp-core.h"
#include "sp-log-view.h"

/* How close to the end (in pixels) still counts as "at the end": rows are estimated
 * before they are measured, so the end moves by a few pixels now and then. */
#define AT_END_TOLERANCE 8.0


struct _SpLogView
{
  AdwBin              parent_instance;

  GListModel         *model;
  char               *placeholder_text;

  GtkStack           *stack;
  GtkLabel           *placeholder_label;
  GtkScrolledWindow  *scrolled_window;
  GtkListView        *list_view;
  GtkNoSelection     *selection;
  GtkWidget          *jump_button;

  guint               scroll_tick_id;

  /* TRUE while the person has not scrolled away from the newest event. */
  guint               follow : 1;
  guint               scroll_pending : 1;
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_PLACEHOLDER_TEXT,
  PROP_FOLLOWING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpLogView, sp_log_view, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];

/* Closures used by the row template (sp-log-row.ui) through a GtkBuilderCScope. */
static gboolean
sp_log_view_has_text (gpointer    list_item,
                      const char *text)
{
  return text != NULL && text[0] != '\0';
}

static GStrv
sp_log_view_call_classes (gpointer    list_item,
                          SpEventKind kind)
{
  const char *kind_class;

  switch (kind)
    {
    case SP_EVENT_KIND_SEND:
      kind_class = "log-send";
      break;

    case SP_EVENT_KIND_RECV:
      kind_class = "log-recv";
      break;

    case SP_EVENT_KIND_ERROR:
      kind_class = "log-error";
      break;

    case SP_EVENT_KIND_CLOSE:
    case SP_EVENT_KIND_SHUTDOWN:
      kind_class = "log-close";
      break;

    case SP_EVENT_KIND_INFO:
    case SP_EVENT_KIND_RESOLVE:
    case SP_EVENT_KIND_SOCKET:
    case SP_EVENT_KIND_BIND:
    case SP_EVENT_KIND_LISTEN:
    case SP_EVENT_KIND_ACCEPT:
    case SP_EVENT_KIND_CONNECT:
    default:
      kind_class = "log-setup";
      break;
    }

  return g_strdupv ((char *[]) { (char *) "log-call", (char *) "monospace",
                                 (char *) kind_class, NULL });
}

static gboolean
sp_log_view_is_at_end (GtkAdjustment *adjustment)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page_size = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  return value + page_size >= upper - AT_END_TOLERANCE;
}

static void
sp_log_view_set_following (SpLogView *self,
                           gboolean   following)
{
  g_assert (SP_IS_LOG_VIEW (self));

  following = !!following;
  if (self->follow == following)
    return;

  self->follow = following;
  gtk_widget_set_visible (self->jump_button, !following);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

/* Scrolls on the frame clock, before layout: never from inside the list's own
 * allocation, where the adjustment changes as rows get measured. The list is
 * anchored on its newest row, aligned to the bottom, rather than given a value:
 * rows are measured lazily, so the end of the adjustment is only an estimate. */
static gboolean
sp_log_view_scroll_tick_cb (GtkWidget     *widget,
                            GdkFrameClock *frame_clock,
                            gpointer       user_data)
{
  SpLogView *self = SP_LOG_VIEW (widget);
  guint n_items;

  self->scroll_tick_id = 0;
  self->scroll_pending = FALSE;

  n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  if (n_items > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view),
                                "list.scroll-to-item", "u", n_items - 1);

  return G_SOURCE_REMOVE;
}

static void
sp_log_view_scroll_to_end (SpLogView *self)
{
  g_assert (SP_IS_LOG_VIEW (self));

  self->scroll_pending = TRUE;

  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self),
                                                         sp_log_view_scroll_tick_cb,
                                                         NULL, NULL);
}

/* Whether the newest event is in view decides whether new ones scroll into view. */
static void
sp_log_view_adjustment_value_changed_cb (SpLogView     *self,
                                         GtkAdjustment *adjustment)
{
  g_assert (SP_IS_LOG_VIEW (self));

  /* The list grew and we are about to follow it: not the person scrolling away. */
  if (self->scroll_pending)
    return;

  sp_log_view_set_following (self, sp_log_view_is_at_end (adjustment));
}

/* Rows were measured or the view resized: stay at the end if that is where we were. */
static void
sp_log_view_adjustment_changed_cb (SpLogView     *self,
                                   GtkAdjustment *adjustment)
{
  g_assert (SP_IS_LOG_VIEW (self));

  if (self->follow && !sp_log_view_is_at_end (adjustment))
    sp_log_view_scroll_to_end (self);
}

static void
sp_log_view_update_placeholder (SpLogView *self)
{
  guint n_items = 0;

  g_assert (SP_IS_LOG_VIEW (self));

  if (self->model != NULL)
    n_items = g_list_model_get_n_items (self->model);

  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "log" : "empty");
}

static void
sp_log_view_items_changed_cb (SpLogView  *self,
                              guint       position,
                              guint       removed,
                              guint       added,
                              GListModel *model)
{
  g_assert (SP_IS_LOG_VIEW (self));

  sp_log_view_update_placeholder (self);

  if (self->follow && added > 0)
    sp_log_view_scroll_to_end (self);
}

static void
sp_log_view_scroll_to_end_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SpLogView *self = SP_LOG_VIEW (widget);

  sp_log_view_set_following (self, TRUE);
  sp_log_view_scroll_to_end (self);
}

static void
sp_log_view_dispose (GObject *object)
{
  SpLogView *self = (SpLogView *)object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }

  /* AdwBin unparents its child itself: let go of it before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_LOG_VIEW);

  g_clear_object (&self->model);

  G_OBJECT_CLASS (sp_log_view_parent_class)->dispose (object);
}

static void
sp_log_view_finalize (GObject *object)
{
  SpLogView *self = (SpLogView *)object;

  g_clear_pointer (&self->placeholder_text, g_free);

  G_OBJECT_CLASS (sp_log_view_parent_class)->finalize (object);
}

static void
sp_log_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpLogView *self = SP_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_PLACEHOLDER_TEXT:
      g_value_set_string (value, self->placeholder_text);
      break;

    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->follow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_log_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpLogView *self = SP_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      sp_log_view_set_model (self, g_value_get_object (value));
      break;

    case PROP_PLACEHOLDER_TEXT:
      if (g_strcmp0 (self->placeholder_text, g_value_get_string (value)) != 0)
        {
          g_free (self->placeholder_text);
          self->placeholder_text = g_value_dup_string (value);
          gtk_label_set_text (self->placeholder_label, self->placeholder_text);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_log_view_class_init (SpLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_log_view_dispose;
  object_class->finalize = sp_log_view_finalize;
  object_class->get_property = sp_log_view_get_property;
  object_class->set_property = sp_log_view_set_property;

  /**
   * SpLogView:model:
   *
   * The events shown, a #GListModel of #SpEvent (usually an #SpEventLog).
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpLogView:placeholder-text:
   *
   * The sentence shown while there is no event yet.
   */
  properties[PROP_PLACEHOLDER_TEXT] =
    g_param_spec_string ("placeholder-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpLogView:following:
   *
   * Whether the newest event is in view, so that new events scroll into view too.
   * Scrolling up stops following; scrolling back to the end resumes it.
   */
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/sp-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpLogView, jump_button);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, list_view);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, selection);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, stack);

  gtk_widget_class_install_action (widget_class, "log.scroll-to-end", NULL,
                                   sp_log_view_scroll_to_end_action);

  gtk_widget_class_set_css_name (widget_class, "logview");

  /* The row template looks properties up on SpEvent by type name. */
  g_type_ensure (SP_TYPE_EVENT);
  g_type_ensure (SP_TYPE_EVENT_KIND);
}

static void
sp_log_view_init (SpLogView *self)
{
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkAdjustment *vadjustment;

  self->follow = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope),
                                          "sp_log_view_has_text",
                                          G_CALLBACK (sp_log_view_has_text));
  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope),
                                          "sp_log_view_call_classes",
                                          G_CALLBACK (sp_log_view_call_classes));
  factory = gtk_builder_list_item_factory_new_from_resource (scope,
                                                             RESOURCE_BASE_PATH "/sp-log-row.ui");
  gtk_list_view_set_factory (self->list_view, factory);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect_object (vadjustment,
                           "value-changed",
                           G_CALLBACK (sp_log_view_adjustment_value_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment,
                           "changed",
                           G_CALLBACK (sp_log_view_adjustment_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  sp_log_view_update_placeholder (self);
}

GtkWidget *
sp_log_view_new (GListModel *model)
{
  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);

  return g_object_new (SP_TYPE_LOG_VIEW,
                       "model", model,
                       NULL);
}

/**
 * sp_log_view_get_model:
 *
 * Returns: (transfer none) (nullable): the events shown
 */
GListModel *
sp_log_view_get_model (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), NULL);

  return self->model;
}

void
sp_log_view_set_model (SpLogView  *self,
                       GListModel *model)
{
  g_return_if_fail (SP_IS_LOG_VIEW (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  g_set_object (&self->model, model);

  if (model != NULL)
    g_signal_connect_object (model,
                             "items-changed",
                             G_CALLBACK (sp_log_view_items_changed_cb),
                             self,
                             G_CONNECT_SWAPPED);

  gtk_no_selection_set_model (self->selection, model);

  sp_log_view_set_following (self, TRUE);
  sp_log_view_update_placeholder (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * sp_log_view_get_following:
 *
 * Returns: whether new events scroll into view
 */
gboolean
sp_log_view_get_following (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), FALSE);

  return self->follow;
}
