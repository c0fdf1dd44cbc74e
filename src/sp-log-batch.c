/* sp-log-batch.c — a list model that relays another's changes at most once a frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's log announces every event on its own (one items-changed each, plus the
 * removal of the oldest events and a new marker row once its budget is reached). GTK
 * 4.8's list views pay for each announcement in proportion to the number of
 * announcements they have already seen, so at thousands of events per second the window
 * froze. This model stands between them: it keeps its own array of the items it has
 * announced, gathers the log's changes into one change at the front (trimming, the
 * marker) and one at the end (new events), and relays them together once a frame at
 * most, or less often when many arrive (see MAX_FLUSH_INTERVAL_MS). Anything else (a clear, say) is relayed as a whole reset.
 * It holds a reference on the items it shows until the next relay, a frame at most.
 *
 * Items that leave it (the log's trims, a clear) are not let go during the relay: at
 * budget, one relay under a flood drops some 100,000 events, and finalizing them took
 * 20–30 ms of that frame. They are let go a slice at a time when the main loop is idle.
 */

#include "config.h"

#include <string.h>

#include "sp-log-batch.h"

/* How long changes gather before they are relayed: a frame when they come one by one,
 * up to a quarter of a second under a flood. GTK 4.8's list view binds again up to 200
 * rows whenever new rows push the old ones out, whatever their number, so relaying less
 * often under a flood is what keeps frames short; nobody reads 10,000 rows a second. */
#define MIN_FLUSH_INTERVAL_MS 16
#define MAX_FLUSH_INTERVAL_MS 250

/* How long one idle slice spends letting go of items that left the model. */
#define RELEASE_SLICE_USEC 2000

struct _SpLogBatch
{
  GObject     parent_instance;

  GListModel *model;
  GPtrArray  *items;         /* what was last announced, a reference each */
  GPtrArray  *released;      /* what left it, a reference each, let go when idle */
  guint       source_id;
  guint       release_id;
  gint64      last_flush;
  guint       interval_ms;   /* until the next relay, from how much the last one carried */

  /* Pending at the front, in the model's current positions: items[front_pos,
   * front_pos + front_removed) became model[front_pos, front_pos + front_added). */
  guint       front_pos;
  guint       front_removed;
  guint       front_added;
  /* Pending at the end: that many new items after everything else. */
  guint       back_added;
  guint       has_front : 1;
  guint       reset : 1;
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_PENDING,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpLogBatch, sp_log_batch, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];

static GType
sp_log_batch_get_item_type (GListModel *list)
{
  SpLogBatch *self = SP_LOG_BATCH (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
sp_log_batch_get_n_items (GListModel *list)
{
  return SP_LOG_BATCH (list)->items->len;
}

static gpointer
sp_log_batch_get_item (GListModel *list,
                       guint       position)
{
  SpLogBatch *self = SP_LOG_BATCH (list);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sp_log_batch_get_item_type;
  iface->get_n_items = sp_log_batch_get_n_items;
  iface->get_item = sp_log_batch_get_item;
}

static gboolean
has_pending (SpLogBatch *self)
{
  return self->has_front || self->back_added > 0 || self->reset;
}

static gboolean
release_cb (gpointer user_data)
{
  SpLogBatch *self = user_data;
  gint64 deadline = g_get_monotonic_time () + RELEASE_SLICE_USEC;

  while (self->released->len > 0)
    {
      /* From the end, so nothing moves; look at the clock every 256 items. */
      for (guint i = 0; i < 256 && self->released->len > 0; i++)
        g_object_unref (g_ptr_array_steal_index_fast (self->released, self->released->len - 1));

      if (g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }

  self->release_id = 0;
  return G_SOURCE_REMOVE;
}

/* Takes items[at, at + n) out of items, for release_cb() to let go of later. */
static void
remove_items (SpLogBatch *self,
              guint       at,
              guint       n)
{
  guint old_len = self->released->len;

  if (n == 0)
    return;

  g_ptr_array_set_size (self->released, old_len + n);
  memcpy (self->released->pdata + old_len, self->items->pdata + at, n * sizeof (gpointer));
  memmove (self->items->pdata + at, self->items->pdata + at + n,
           (self->items->len - at - n) * sizeof (gpointer));
  /* items has no free function: shrinking it drops the pointers, not the references. */
  g_ptr_array_set_size (self->items, self->items->len - n);

  if (self->release_id == 0)
    {
      self->release_id = g_idle_add_full (G_PRIORITY_LOW, release_cb, self, NULL);
      g_source_set_name_by_id (self->release_id, "[socket-playground] log batch release");
    }
}

static void
release_all (GPtrArray *array)
{
  for (guint i = 0; i < array->len; i++)
    g_object_unref (g_ptr_array_index (array, i));
  g_ptr_array_set_size (array, 0);
}

/* Copies model[from, from + n) into items at @at. */
static void
insert_from_model (SpLogBatch *self,
                   guint       at,
                   guint       from,
                   guint       n)
{
  if (n == 0)
    return;

  g_ptr_array_set_size (self->items, self->items->len + n);
  memmove (self->items->pdata + at + n, self->items->pdata + at,
           (self->items->len - n - at) * sizeof (gpointer));
  for (guint i = 0; i < n; i++)
    self->items->pdata[at + i] = g_list_model_get_item (self->model, from + i);
}

static gboolean
flush_cb (gpointer user_data)
{
  SpLogBatch *self = user_data;

  self->source_id = 0;
  sp_log_batch_flush (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_flush (SpLogBatch *self)
{
  gint64 now;
  gint64 due;

  if (self->source_id != 0)
    return;

  /* The first change after a quiet moment goes out at once; a stream of them once a
   * frame. */
  now = g_get_monotonic_time ();
  due = self->last_flush + self->interval_ms * 1000;
  /* At the default priority, so that a socket that is always readable cannot starve it. */
  self->source_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                        now >= due ? 0 : MAX (1, (due - now) / 1000),
                                        flush_cb, self, NULL);
  g_source_set_name_by_id (self->source_id, "[socket-playground] log batch");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
model_items_changed_cb (SpLogBatch *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *model)
{
  guint n_after = g_list_model_get_n_items (model);
  guint n_before = n_after - added + removed;

  if (self->reset)
    ;
  else if (removed == 0 && position == n_before)
    self->back_added += added;
  else if (position + removed <= n_before - self->back_added)
    {
      if (!self->has_front)
        {
          self->front_pos = position;
          self->front_removed = removed;
          self->front_added = added;
          self->has_front = TRUE;
        }
      else
        {
          guint start = MIN (self->front_pos, position);
          guint end = MAX (self->front_pos + self->front_added, position + removed);

          /* Widen the pending change to cover the new one, then apply it. */
          self->front_removed += (self->front_pos - start) + (end - (self->front_pos + self->front_added));
          self->front_added = (end - start) - removed + added;
          self->front_pos = start;
        }
    }
  else
    self->reset = TRUE;

  schedule_flush (self);
}

static void
sp_log_batch_dispose (GObject *object)
{
  SpLogBatch *self = (SpLogBatch *)object;

  g_clear_handle_id (&self->source_id, g_source_remove);
  g_clear_handle_id (&self->release_id, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  if (self->items != NULL)
    release_all (self->items);
  if (self->released != NULL)
    release_all (self->released);

  G_OBJECT_CLASS (sp_log_batch_parent_class)->dispose (object);
}

static void
sp_log_batch_finalize (GObject *object)
{
  SpLogBatch *self = (SpLogBatch *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->released, g_ptr_array_unref);

  G_OBJECT_CLASS (sp_log_batch_parent_class)->finalize (object);
}

static void
sp_log_batch_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpLogBatch *self = SP_LOG_BATCH (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_PENDING:
      g_value_set_boolean (value, has_pending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_log_batch_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SpLogBatch *self = SP_LOG_BATCH (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      sp_log_batch_set_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_log_batch_class_init (SpLogBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_log_batch_dispose;
  object_class->finalize = sp_log_batch_finalize;
  object_class->get_property = sp_log_batch_get_property;
  object_class->set_property = sp_log_batch_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpLogBatch:pending:
   *
   * Whether the model changed since the last relay.
   */
  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_log_batch_init (SpLogBatch *self)
{
  self->items = g_ptr_array_new ();
  self->released = g_ptr_array_new ();
  self->interval_ms = MIN_FLUSH_INTERVAL_MS;
}

SpLogBatch *
sp_log_batch_new (GListModel *model)
{
  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);

  return g_object_new (SP_TYPE_LOG_BATCH,
                       "model", model,
                       NULL);
}

/**
 * sp_log_batch_get_model:
 *
 * Returns: (transfer none) (nullable): the model relayed
 */
GListModel *
sp_log_batch_get_model (SpLogBatch *self)
{
  g_return_val_if_fail (SP_IS_LOG_BATCH (self), NULL);

  return self->model;
}

void
sp_log_batch_set_model (SpLogBatch *self,
                        GListModel *model)
{
  g_return_if_fail (SP_IS_LOG_BATCH (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  g_set_object (&self->model, model);

  if (model != NULL)
    g_signal_connect_object (model,
                             "items-changed",
                             G_CALLBACK (model_items_changed_cb),
                             self,
                             G_CONNECT_SWAPPED);

  /* A new model replaces everything, now. */
  self->reset = TRUE;
  sp_log_batch_flush (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

gboolean
sp_log_batch_get_pending (SpLogBatch *self)
{
  g_return_val_if_fail (SP_IS_LOG_BATCH (self), FALSE);

  return has_pending (self);
}

/**
 * sp_log_batch_flush:
 *
 * Relays the changes gathered so far now, rather than at the next frame.
 */
void
sp_log_batch_flush (SpLogBatch *self)
{
  gboolean was_pending;
  guint carried;

  g_return_if_fail (SP_IS_LOG_BATCH (self));

  g_clear_handle_id (&self->source_id, g_source_remove);
  self->last_flush = g_get_monotonic_time ();
  was_pending = has_pending (self);

  /* A millisecond more for each new row: one row a frame stays at a frame. */
  carried = self->back_added + (self->has_front ? self->front_added : 0);
  self->interval_ms = CLAMP (carried, MIN_FLUSH_INTERVAL_MS, MAX_FLUSH_INTERVAL_MS);

  if (self->reset)
    {
      guint old_len = self->items->len;
      guint new_len = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

      self->reset = FALSE;
      self->has_front = FALSE;
      self->back_added = 0;

      remove_items (self, 0, old_len);
      insert_from_model (self, 0, 0, new_len);
      if (old_len > 0 || new_len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, new_len);
    }
  else
    {
      if (self->has_front)
        {
          guint pos = self->front_pos;
          guint removed = self->front_removed;
          guint added = self->front_added;

          self->has_front = FALSE;
          remove_items (self, pos, removed);
          insert_from_model (self, pos, pos, added);
          if (removed > 0 || added > 0)
            g_list_model_items_changed (G_LIST_MODEL (self), pos, removed, added);
        }

      if (self->back_added > 0)
        {
          guint pos = self->items->len;
          guint added = self->back_added;

          self->back_added = 0;
          insert_from_model (self, pos, pos, added);
          g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, added);
        }
    }

  if (was_pending)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}
