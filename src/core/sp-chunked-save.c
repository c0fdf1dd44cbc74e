/* sp-chunked-save.c — write what a producer makes, a chunk at a time, to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exports turn a whole log (up to a million events) into a file. Formatting it all
 * before writing would hold the main loop for seconds and the memory of a second copy;
 * instead the producer makes one chunk at each idle moment and the chunk is written
 * asynchronously before the next is made. The file is replaced only once everything was
 * written: on a failure or a cancellation the stream is closed with a cancelled
 * cancellable, so that GIO abandons the new contents rather than put them in place.
 */

#include "config.h"

#include "sp-chunked-save-private.h"

typedef struct
{
  SpChunkFunc        next_chunk;
  gpointer           data;
  GFileOutputStream *stream;
  GBytes            *writing;
  GError            *error;
} SaveData;

static void
save_data_free (SaveData *save)
{
  g_clear_object (&save->stream);
  g_clear_pointer (&save->writing, g_bytes_unref);
  g_clear_error (&save->error);
  g_free (save);
}

static void write_next (GTask *task);

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *save = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error) &&
      save->error == NULL)
    save->error = g_steal_pointer (&error);

  if (save->error != NULL)
    g_task_return_error (task, g_steal_pointer (&save->error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Closes the file; after a failure, closes it cancelled so GIO abandons it. */
static void
finish (GTask  *task,
        GError *error)
{
  SaveData *save = g_task_get_task_data (task);
  g_autoptr(GCancellable) abandon = NULL;

  save->error = error;
  if (error != NULL)
    {
      abandon = g_cancellable_new ();
      g_cancellable_cancel (abandon);
    }

  g_output_stream_close_async (G_OUTPUT_STREAM (save->stream), G_PRIORITY_DEFAULT,
                               abandon, closed_cb, task);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  SaveData *save = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_pointer (&save->writing, g_bytes_unref);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      finish (task, error);
      return;
    }

  write_next (task);
}

static gboolean
produce_cb (gpointer user_data)
{
  GTask *task = user_data;
  SaveData *save = g_task_get_task_data (task);
  GError *error = NULL;
  gconstpointer bytes;
  gsize size;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      finish (task, error);
      return G_SOURCE_REMOVE;
    }

  save->writing = save->next_chunk (save->data);
  if (save->writing == NULL)
    {
      finish (task, NULL);
      return G_SOURCE_REMOVE;
    }

  bytes = g_bytes_get_data (save->writing, &size);
  g_output_stream_write_all_async (G_OUTPUT_STREAM (save->stream), bytes, size,
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   written_cb, task);

  return G_SOURCE_REMOVE;
}

static void
write_next (GTask *task)
{
  GSource *source = g_idle_source_new ();

  /* Below input and drawing: the window stays responsive while a big log is written. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, produce_cb, task, NULL);
  g_source_set_static_name (source, "[sp] chunked save");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static void
replaced_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  SaveData *save = g_task_get_task_data (task);
  GError *error = NULL;

  save->stream = g_file_replace_finish (G_FILE (object), result, &error);
  if (save->stream == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  write_next (task);
}

/**
 * _sp_chunked_save_async:
 * @next_chunk: called at idle moments until it returns %NULL; @data must live until
 *   the operation completes
 *
 * Replaces @file with the chunks @next_chunk makes, one chunk written before the next is
 * made.
 */
void
_sp_chunked_save_async (GFile               *file,
                        SpChunkFunc          next_chunk,
                        gpointer             data,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  SaveData *save;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (next_chunk != NULL);

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sp_chunked_save_async);

  save = g_new0 (SaveData, 1);
  save->next_chunk = next_chunk;
  save->data = data;
  g_task_set_task_data (task, save, (GDestroyNotify) save_data_free);

  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                        G_PRIORITY_DEFAULT, cancellable, replaced_cb, task);
}

gboolean
_sp_chunked_save_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * _sp_chunked_write:
 *
 * Writes every chunk @next_chunk makes to @stream, blocking: for tests and the command
 * line, never the window.
 */
gboolean
_sp_chunked_write (GOutputStream  *stream,
                   SpChunkFunc     next_chunk,
                   gpointer        data,
                   GCancellable   *cancellable,
                   GError        **error)
{
  GBytes *chunk;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (next_chunk != NULL, FALSE);

  while ((chunk = next_chunk (data)) != NULL)
    {
      gsize size;
      gconstpointer bytes = g_bytes_get_data (chunk, &size);
      gboolean ok = g_output_stream_write_all (stream, bytes, size, NULL, cancellable, error);

      g_bytes_unref (chunk);
      if (!ok)
        return FALSE;
    }

  return g_output_stream_flush (stream, cancellable, error);
}
