/* sp-event-log.c — a GListModel of SpEvent with a bounded memory budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When the events' memory passes the budget, the oldest payloads are dropped first
 * (their byte counts stay), then the oldest events themselves. From the first drop on,
 * the model's first row is a marker that says how much was dropped. Exact byte totals
 * live in the connections, not here, so trimming the log never changes a counter.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-event-log.h"

#define DEFAULT_BUDGET (64 * 1024 * 1024)

/* Trimming goes down to BUDGET - BUDGET / LOW_WATER_DIVISOR. */
#define LOW_WATER_DIVISOR 8

struct _SpEventLog
{
  GObject    parent_instance;

  GPtrArray *events;
  gsize      memory_size;
  gsize      budget;
  guint64    n_dropped;
  guint64    dropped_payload_bytes;
  guint      first_with_payload;  /* every payload before this index was dropped */
  SpEvent   *marker;              /* row 0 once something was dropped, else NULL */
};

enum {
  PROP_0,
  PROP_BUDGET,
  PROP_MEMORY_SIZE,
  PROP_N_DROPPED,
  PROP_N_ITEMS,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpEventLog, sp_event_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];

static GType
sp_event_log_get_item_type (GListModel *model)
{
  return SP_TYPE_EVENT;
}

/* Rows before the first event: the marker, once there is one. */
static guint
n_header_rows (SpEventLog *self)
{
  return self->marker != NULL ? 1 : 0;
}

static guint
sp_event_log_get_n_items (GListModel *model)
{
  SpEventLog *self = SP_EVENT_LOG (model);

  return n_header_rows (self) + self->events->len;
}

static gpointer
sp_event_log_get_item (GListModel *model,
                       guint       position)
{
  SpEventLog *self = SP_EVENT_LOG (model);

  if (self->marker != NULL)
    {
      if (position == 0)
        return g_object_ref (self->marker);
      position--;
    }

  if (position >= self->events->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->events, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sp_event_log_get_item_type;
  iface->get_n_items = sp_event_log_get_n_items;
  iface->get_item = sp_event_log_get_item;
}

/* Returns how many events were removed from the front. */
static guint
trim_to_budget (SpEventLog *self)
{
  guint removed = 0;
  gsize target;

  if (self->memory_size <= self->budget)
    return 0;

  /* Trim below the budget, to a low-water mark: each trim then makes room for many
   * appends, so dropping, the array's memmove and the marker are paid once per
   * BUDGET/8 bytes, not once per append. */
  target = self->budget - self->budget / LOW_WATER_DIVISOR;

  while (self->memory_size > target && self->first_with_payload < self->events->len)
    {
      SpEvent *event = g_ptr_array_index (self->events, self->first_with_payload);
      gsize before = sp_event_get_memory_size (event);

      sp_event_drop_payload (event);
      self->memory_size -= before - sp_event_get_memory_size (event);
      self->dropped_payload_bytes += before - sp_event_get_memory_size (event);
      self->first_with_payload++;
    }

  /* Always keep the newest event, whatever its size. */
  while (self->memory_size > target && removed + 1 < self->events->len)
    {
      self->memory_size -= sp_event_get_memory_size (g_ptr_array_index (self->events, removed));
      removed++;
    }

  if (removed > 0)
    {
      g_ptr_array_remove_range (self->events, 0, removed);
      self->first_with_payload -= MIN (self->first_with_payload, removed);
      self->n_dropped += removed;
    }

  return removed;
}

/* Replaces the marker row with one that tells the current totals. */
static void
update_marker (SpEventLog *self)
{
  g_autofree char *budget = g_format_size (self->budget);
  g_autofree char *payload = g_format_size (self->dropped_payload_bytes);
  g_autofree char *message = NULL;
  gboolean had_marker = self->marker != NULL;

  if (self->n_dropped > 0)
    message = g_strdup_printf (_("To stay within its memory budget of %s, the log dropped its %llu oldest events and %s of older payloads. Byte counters stay exact."),
                               budget, (unsigned long long) self->n_dropped, payload);
  else
    message = g_strdup_printf (_("To stay within its memory budget of %s, the log dropped %s of older payloads; their events and byte counts remain."),
                               budget, payload);

  g_clear_object (&self->marker);
  self->marker = sp_event_new (SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, message, NULL);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, had_marker ? 1 : 0, 1);
}

/* Trims, then tells the model's listeners about what went and about the marker. */
static void
trim_and_notify (SpEventLog *self)
{
  guint64 dropped_before = self->dropped_payload_bytes;
  guint removed = trim_to_budget (self);

  if (removed > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), n_header_rows (self), removed, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
    }

  if (removed > 0 || self->dropped_payload_bytes != dropped_before)
    {
      update_marker (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

static void
sp_event_log_finalize (GObject *object)
{
  SpEventLog *self = (SpEventLog *)object;

  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_object (&self->marker);

  G_OBJECT_CLASS (sp_event_log_parent_class)->finalize (object);
}

static void
sp_event_log_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpEventLog *self = SP_EVENT_LOG (object);

  switch (prop_id)
    {
    case PROP_BUDGET:
      g_value_set_uint64 (value, self->budget);
      break;

    case PROP_MEMORY_SIZE:
      g_value_set_uint64 (value, self->memory_size);
      break;

    case PROP_N_DROPPED:
      g_value_set_uint64 (value, self->n_dropped);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, n_header_rows (self) + self->events->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_event_log_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SpEventLog *self = SP_EVENT_LOG (object);

  switch (prop_id)
    {
    case PROP_BUDGET:
      sp_event_log_set_budget (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_event_log_class_init (SpEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_event_log_finalize;
  object_class->get_property = sp_event_log_get_property;
  object_class->set_property = sp_event_log_set_property;

  properties[PROP_BUDGET] =
    g_param_spec_uint64 ("budget", NULL, NULL, 1024, G_MAXUINT64, DEFAULT_BUDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MEMORY_SIZE] =
    g_param_spec_uint64 ("memory-size", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_DROPPED] =
    g_param_spec_uint64 ("n-dropped", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_event_log_init (SpEventLog *self)
{
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  self->budget = DEFAULT_BUDGET;
}

SpEventLog *
sp_event_log_new (void)
{
  return g_object_new (SP_TYPE_EVENT_LOG, NULL);
}

void
sp_event_log_append (SpEventLog *self,
                     SpEvent    *event)
{
  g_return_if_fail (SP_IS_EVENT_LOG (self));
  g_return_if_fail (SP_IS_EVENT (event));

  g_ptr_array_add (self->events, g_object_ref (event));
  self->memory_size += sp_event_get_memory_size (event);
  g_list_model_items_changed (G_LIST_MODEL (self),
                              n_header_rows (self) + self->events->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  /* Trim after announcing the addition so each signal matches the model at that moment. */
  trim_and_notify (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_SIZE]);
}

/**
 * sp_event_log_add:
 *
 * Creates an event and appends it.
 *
 * Returns: (transfer none): the new event
 */
SpEvent *
sp_event_log_add (SpEventLog  *self,
                  SpEventKind  kind,
                  SpDirection  direction,
                  guint        connection_id,
                  GBytes      *payload,
                  const char  *call,
                  const char  *message)
{
  g_autoptr(SpEvent) event = NULL;

  g_return_val_if_fail (SP_IS_EVENT_LOG (self), NULL);

  event = sp_event_new (kind, direction, connection_id, call, message, payload);
  sp_event_log_append (self, event);

  return sp_event_log_get_last (self);
}

/**
 * sp_event_log_add_error:
 * @call: (nullable): the socket call that failed
 * @payload: (nullable): the bytes concerned, if any
 * @error: a learner's sentence in one of the engine's error domains
 *
 * Logs a failure as an ERROR event that keeps the error's domain and code.
 *
 * Returns: (transfer none): the new event
 */
SpEvent *
sp_event_log_add_error (SpEventLog   *self,
                        guint         connection_id,
                        const char   *call,
                        GBytes       *payload,
                        const GError *error)
{
  g_autoptr(SpEvent) event = NULL;

  g_return_val_if_fail (SP_IS_EVENT_LOG (self), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  event = sp_event_new (SP_EVENT_KIND_ERROR, SP_DIRECTION_NONE, connection_id, call,
                        error->message, payload);
  sp_event_set_error (event, error);
  sp_event_log_append (self, event);

  return sp_event_log_get_last (self);
}

void
sp_event_log_clear (SpEventLog *self)
{
  guint n;

  g_return_if_fail (SP_IS_EVENT_LOG (self));

  n = n_header_rows (self) + self->events->len;
  if (n == 0)
    return;

  g_ptr_array_set_size (self->events, 0);
  g_clear_object (&self->marker);
  self->memory_size = 0;
  self->first_with_payload = 0;
  self->n_dropped = 0;
  self->dropped_payload_bytes = 0;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_SIZE]);
}

gsize
sp_event_log_get_budget (SpEventLog *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);

  return self->budget;
}

void
sp_event_log_set_budget (SpEventLog *self,
                         gsize       budget)
{
  g_return_if_fail (SP_IS_EVENT_LOG (self));
  g_return_if_fail (budget >= 1024);

  if (self->budget == budget)
    return;

  self->budget = budget;
  trim_and_notify (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_SIZE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUDGET]);
}

gsize
sp_event_log_get_memory_size (SpEventLog *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);

  return self->memory_size;
}

guint64
sp_event_log_get_dropped_payload_bytes (SpEventLog *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);

  return self->dropped_payload_bytes;
}

/* Events held, not counting the marker row. */
guint
sp_event_log_get_n_events (SpEventLog *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);

  return self->events->len;
}

guint64
sp_event_log_get_n_dropped (SpEventLog *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);

  return self->n_dropped;
}

/**
 * sp_event_log_get_last:
 *
 * Returns: (transfer none) (nullable): the newest event
 */
SpEvent *
sp_event_log_get_last (SpEventLog *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), NULL);

  if (self->events->len == 0)
    return NULL;

  return g_ptr_array_index (self->events, self->events->len - 1);
}
