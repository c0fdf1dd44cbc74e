/* sp-transcript.c — one or several whole logs written out as text or JSON Lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where a recorder writes events as they happen, a transcript writes what logs hold
 * now: one pane's, or every pane of the playground merged in time order, each line
 * naming its pane. Lines are the recorder's own (sp_event_format_text() and
 * sp_event_format_json()), so a recording and a transcript read alike. A log that
 * dropped old events to stay within its budget says so first, in its marker's words.
 */

#include "config.h"

#include "sp-chunked-save-private.h"
#include "sp-core-enums.h"
#include "sp-log-merge.h"
#include "sp-transcript.h"

/* Lines formatted per chunk: a few milliseconds of work between two writes. */
#define EVENTS_PER_CHUNK 2000

struct _SpTranscript
{
  GObject         parent_instance;

  GPtrArray      *logs;
  GPtrArray      *sources;   /* char *, NULL for a log without a name */
  SpRecordFormat  format;

  /* While writing: the snapshot being written and how far it got. */
  GArray         *merged;
  guint           next_marker;
  guint           next_event;
  guint64         n_events;
  gboolean        busy;
};

enum {
  PROP_0,
  PROP_FORMAT,
  PROP_N_EVENTS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpTranscript, sp_transcript, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
append_line (SpTranscript *self,
             GString      *out,
             SpEvent      *event,
             guint         source)
{
  g_autofree char *line = NULL;
  const char *name = g_ptr_array_index (self->sources, source);

  if (self->format == SP_RECORD_FORMAT_JSON)
    line = sp_event_format_json (event, name);
  else
    line = sp_event_format_text (event, name);

  g_string_append (out, line);
  g_string_append_c (out, '\n');
}

/* Takes the snapshot that the chunks are made from. */
static void
begin (SpTranscript *self)
{
  g_clear_pointer (&self->merged, g_array_unref);
  self->merged = sp_log_merge (self->logs);
  self->next_marker = 0;
  self->next_event = 0;
  self->n_events = 0;
  self->busy = TRUE;
}

static void
end (SpTranscript *self)
{
  g_clear_pointer (&self->merged, g_array_unref);
  self->busy = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EVENTS]);
}

static GBytes *
next_chunk (gpointer data)
{
  SpTranscript *self = data;
  GString *out;
  guint stop;

  if (self->next_marker >= self->logs->len && self->next_event >= self->merged->len)
    return NULL;

  out = g_string_new (NULL);

  /* What each log dropped comes first: the reader knows from the start what is missing. */
  for (; self->next_marker < self->logs->len; self->next_marker++)
    {
      g_autoptr(SpEvent) marker =
        sp_event_log_dup_marker (g_ptr_array_index (self->logs, self->next_marker));

      if (marker != NULL)
        append_line (self, out, marker, self->next_marker);
    }

  stop = MIN (self->merged->len, self->next_event + EVENTS_PER_CHUNK);
  for (; self->next_event < stop; self->next_event++)
    {
      SpMergedEvent *item = &g_array_index (self->merged, SpMergedEvent, self->next_event);

      append_line (self, out, item->event, item->source);
      self->n_events++;
    }

  return g_string_free_to_bytes (out);
}

static void
sp_transcript_finalize (GObject *object)
{
  SpTranscript *self = (SpTranscript *)object;

  g_clear_pointer (&self->logs, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->merged, g_array_unref);

  G_OBJECT_CLASS (sp_transcript_parent_class)->finalize (object);
}

static void
sp_transcript_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpTranscript *self = SP_TRANSCRIPT (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    case PROP_N_EVENTS:
      g_value_set_uint64 (value, self->n_events);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_transcript_class_init (SpTranscriptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_transcript_finalize;
  object_class->get_property = sp_transcript_get_property;

  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL, SP_TYPE_RECORD_FORMAT, SP_RECORD_FORMAT_TEXT,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * SpTranscript:n-events:
   *
   * How many events the last transcript written held (markers not counted).
   */
  properties[PROP_N_EVENTS] =
    g_param_spec_uint64 ("n-events", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_transcript_init (SpTranscript *self)
{
  self->logs = g_ptr_array_new_with_free_func (g_object_unref);
  self->sources = g_ptr_array_new_with_free_func (g_free);
}

SpTranscript *
sp_transcript_new (SpRecordFormat format)
{
  SpTranscript *self;

  g_return_val_if_fail (format == SP_RECORD_FORMAT_TEXT || format == SP_RECORD_FORMAT_JSON, NULL);

  self = g_object_new (SP_TYPE_TRANSCRIPT, NULL);
  self->format = format;

  return self;
}

/**
 * sp_transcript_add_log:
 * @source: (nullable): the pane's name, written with each of its events
 *
 * Adds a log whose events the transcript holds; with several, lines are merged in
 * time order.
 */
void
sp_transcript_add_log (SpTranscript *self,
                       SpEventLog   *log,
                       const char   *source)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));
  g_return_if_fail (SP_IS_EVENT_LOG (log));
  g_return_if_fail (!self->busy);

  g_ptr_array_add (self->logs, g_object_ref (log));
  g_ptr_array_add (self->sources, g_strdup (source));
}

SpRecordFormat
sp_transcript_get_format (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), SP_RECORD_FORMAT_TEXT);

  return self->format;
}

guint64
sp_transcript_get_n_events (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), 0);

  return self->n_events;
}

/**
 * sp_transcript_write:
 *
 * Writes the transcript of the logs as they are now, blocking until it is written.
 *
 * Returns: %TRUE, or %FALSE with @error if @stream failed
 */
gboolean
sp_transcript_write (SpTranscript   *self,
                     GOutputStream  *stream,
                     GCancellable   *cancellable,
                     GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (!self->busy, FALSE);

  begin (self);
  ok = _sp_chunked_write (stream, next_chunk, self, cancellable, error);
  end (self);

  return ok;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpTranscript *self = g_task_get_source_object (task);
  GError *error = NULL;

  end (self);

  if (!_sp_chunked_save_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sp_transcript_save_async:
 *
 * Replaces @file with the transcript of the logs as they are now, a few thousand
 * lines at a time, without blocking the main loop.
 */
void
sp_transcript_save_async (SpTranscript        *self,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SP_IS_TRANSCRIPT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_transcript_save_async);

  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "This transcript is already being written");
      g_object_unref (task);
      return;
    }

  begin (self);
  _sp_chunked_save_async (file, next_chunk, self, cancellable, saved_cb, task);
}

gboolean
sp_transcript_save_finish (SpTranscript  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
