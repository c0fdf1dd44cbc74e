/* sp-log-merge.c — the events of several logs as one list, in time order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each log is in the order its events happened; merging keeps that order within each log
 * (even if the clock stepped back) and interleaves the logs by time, the earlier log
 * first on a tie. The marker row a trimmed log starts with is not an event: it is left
 * out here, and sp_event_log_dup_marker() gives it to those who want to say what was
 * dropped.
 */

#include "config.h"

#include "sp-log-merge.h"

static void
clear_merged_event (gpointer data)
{
  SpMergedEvent *merged = data;

  g_clear_object (&merged->event);
}

/* Rows before the first event: the marker, once the log has dropped something. */
static guint
n_header_rows (SpEventLog *log)
{
  return g_list_model_get_n_items (G_LIST_MODEL (log)) - sp_event_log_get_n_events (log);
}

/**
 * sp_log_merge:
 * @logs: (element-type SpEventLog): the logs, in the order their sources are numbered
 *
 * Returns: (transfer full) (element-type SpMergedEvent): every event of @logs (each
 *   holding a reference), `source` being the index of its log in @logs
 */
GArray *
sp_log_merge (GPtrArray *logs)
{
  g_autofree guint *next = NULL;
  g_autofree guint *end = NULL;
  g_autofree SpEvent **heads = NULL;
  GArray *merged;
  guint total = 0;

  g_return_val_if_fail (logs != NULL, NULL);

  next = g_new0 (guint, MAX (logs->len, 1));
  end = g_new0 (guint, MAX (logs->len, 1));
  heads = g_new0 (SpEvent *, MAX (logs->len, 1));

  for (guint i = 0; i < logs->len; i++)
    {
      SpEventLog *log = g_ptr_array_index (logs, i);

      g_return_val_if_fail (SP_IS_EVENT_LOG (log), NULL);

      next[i] = n_header_rows (log);
      end[i] = g_list_model_get_n_items (G_LIST_MODEL (log));
      total += end[i] - next[i];
      if (next[i] < end[i])
        heads[i] = g_list_model_get_item (G_LIST_MODEL (log), next[i]);
    }

  merged = g_array_sized_new (FALSE, FALSE, sizeof (SpMergedEvent), total);
  g_array_set_clear_func (merged, clear_merged_event);

  /* A handful of logs: picking the earliest head each time is simple and fast enough. */
  for (;;)
    {
      SpMergedEvent item;
      guint best = G_MAXUINT;

      for (guint i = 0; i < logs->len; i++)
        {
          if (heads[i] != NULL &&
              (best == G_MAXUINT || sp_event_get_time (heads[i]) < sp_event_get_time (heads[best])))
            best = i;
        }

      if (best == G_MAXUINT)
        break;

      item.event = g_steal_pointer (&heads[best]);
      item.source = best;
      g_array_append_val (merged, item);

      if (++next[best] < end[best])
        heads[best] = g_list_model_get_item (G_LIST_MODEL (g_ptr_array_index (logs, best)),
                                             next[best]);
    }

  return merged;
}

/**
 * sp_event_log_dup_marker:
 *
 * Returns: (transfer full) (nullable): the note that says what the log dropped to stay
 *   within its budget, or %NULL if it has dropped nothing
 */
SpEvent *
sp_event_log_dup_marker (SpEventLog *log)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (log), NULL);

  if (n_header_rows (log) == 0)
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (log), 0);
}
