/* sp-event-recorder.c — write a log's events to a stream as they happen (text or JSON Lines)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The in-memory log keeps only what its budget allows; a recorder keeps everything,
 * whole payloads included, by writing each event the moment it is appended. Writes are
 * asynchronous and batched (one in flight, the rest gathered behind it), except in
 * synchronous mode, which the command line uses for standard output.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "sp-core-enums.h"
#include "sp-event-recorder.h"
#include "sp-payload.h"
#include "sp-reply-rule.h"
#include "sp-script.h"
#include "sp-socket-error.h"

struct _SpEventRecorder
{
  GObject         parent_instance;

  SpEventLog     *log;
  GOutputStream  *stream;
  char           *source;
  GString        *pending;       /* formatted lines not yet handed to the stream */
  GBytes         *writing;       /* what the write in flight holds */
  GQueue          flush_tasks;   /* GTask waiting for everything to be written */
  GError         *error;
  guint64         n_written;
  SpRecordFormat  format;
  gboolean        synchronous;
};

enum {
  PROP_0,
  PROP_FORMAT,
  PROP_SYNCHRONOUS,
  PROP_N_WRITTEN,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpEventRecorder, sp_event_recorder, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void start_write (SpEventRecorder *self);

static const char *
direction_name (SpDirection direction)
{
  switch (direction)
    {
    case SP_DIRECTION_IN:  return "in";
    case SP_DIRECTION_OUT: return "out";
    case SP_DIRECTION_NONE:
    default:               return NULL;
    }
}

/* The enum that names the codes of an error domain, for a readable "name". */
static GType
error_enum_type (GQuark domain)
{
  if (domain == SP_SOCKET_ERROR)
    return SP_TYPE_SOCKET_ERROR;
  if (domain == SP_ENDPOINT_ERROR)
    return SP_TYPE_ENDPOINT_ERROR;
  if (domain == SP_PAYLOAD_ERROR)
    return SP_TYPE_PAYLOAD_ERROR;
  if (domain == SP_REPLY_RULE_ERROR)
    return SP_TYPE_REPLY_RULE_ERROR;
  if (domain == SP_SCRIPT_ERROR)
    return SP_TYPE_SCRIPT_ERROR;
  if (domain == G_IO_ERROR)
    return G_TYPE_IO_ERROR_ENUM;
  return G_TYPE_INVALID;
}

static void
add_error (JsonBuilder *builder,
           SpEvent     *event)
{
  GQuark domain = sp_event_get_error_domain (event);
  GType type = error_enum_type (domain);
  g_autoptr(GEnumClass) enum_class = NULL;
  GEnumValue *value = NULL;

  if (domain == 0)
    {
      json_builder_add_null_value (builder);
      return;
    }

  if (type != G_TYPE_INVALID)
    {
      enum_class = g_type_class_ref (type);
      value = g_enum_get_value (enum_class, sp_event_get_error_code (event));
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, g_quark_to_string (domain));
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, sp_event_get_error_code (event));
  json_builder_set_member_name (builder, "name");
  if (value != NULL)
    json_builder_add_string_value (builder, value->value_name);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/**
 * sp_event_format_text:
 * @source: (nullable): which pane or program the event belongs to, e.g. `server`
 *
 * One line for a person: time, source, connection, call, sentence and the whole payload
 * with escapes, so binary data never garbles a terminal.
 *
 * Returns: (transfer full): the line, without its newline
 */
char *
sp_event_format_text (SpEvent    *event,
                      const char *source)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *time_text = NULL;
  GBytes *payload;

  g_return_val_if_fail (SP_IS_EVENT (event), NULL);

  time_text = sp_event_dup_time_text (event);
  g_string_append (line, time_text);
  if (source != NULL)
    g_string_append_printf (line, " %s", source);
  if (sp_event_get_connection_id (event) != 0)
    g_string_append_printf (line, " #%u", sp_event_get_connection_id (event));
  if (sp_event_get_call (event) != NULL)
    g_string_append_printf (line, " %s", sp_event_get_call (event));
  g_string_append_printf (line, " — %s", sp_event_get_message (event));

  payload = sp_event_get_payload (event);
  if (payload != NULL)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (payload, &size);
      g_autofree char *escaped = sp_payload_to_escaped (data, size);

      g_string_append_printf (line, " “%s”", escaped);
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/**
 * sp_event_format_json:
 *
 * One JSON object on one line (JSON Lines), for programs: `time` (ISO 8601, UTC),
 * `source`, `kind` (the socket call's name), `direction` (`in`, `out` or null),
 * `connection`, `call`, `address` (where bound, listening, accepted, connected or
 * received from, or null), `local_address` (this side's address on the events that open
 * a connection, else null), `message`, `error` (for failures: its GError `domain`, `code`
 * and the code's `name`, such as `SP_SOCKET_ERROR_CONNECTION_REFUSED`, else null), `bytes` and `payload` (the whole payload with escapes,
 * or null).
 *
 * Returns: (transfer full): the line, without its newline
 */
char *
sp_event_format_json (SpEvent    *event,
                      const char *source)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *iso = NULL;
  GBytes *payload;

  g_return_val_if_fail (SP_IS_EVENT (event), NULL);

  seconds = g_date_time_new_from_unix_utc (sp_event_get_time (event) / G_USEC_PER_SEC);
  utc = g_date_time_add (seconds, sp_event_get_time (event) % G_USEC_PER_SEC);
  iso = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, iso);
  json_builder_set_member_name (builder, "source");
  if (source != NULL)
    json_builder_add_string_value (builder, source);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, sp_event_kind_get_name (sp_event_get_kind (event)));
  json_builder_set_member_name (builder, "direction");
  if (direction_name (sp_event_get_direction (event)) != NULL)
    json_builder_add_string_value (builder, direction_name (sp_event_get_direction (event)));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "connection");
  json_builder_add_int_value (builder, sp_event_get_connection_id (event));
  json_builder_set_member_name (builder, "call");
  if (sp_event_get_call (event) != NULL)
    json_builder_add_string_value (builder, sp_event_get_call (event));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "address");
  if (sp_event_get_address (event) != NULL)
    json_builder_add_string_value (builder, sp_event_get_address (event));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "local_address");
  if (sp_event_get_local_address (event) != NULL)
    json_builder_add_string_value (builder, sp_event_get_local_address (event));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, sp_event_get_message (event));
  json_builder_set_member_name (builder, "error");
  add_error (builder, event);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, sp_event_get_byte_count (event));
  json_builder_set_member_name (builder, "payload");
  payload = sp_event_get_payload (event);
  if (payload != NULL)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (payload, &size);
      g_autofree char *escaped = sp_payload_to_escaped (data, size);

      json_builder_add_string_value (builder, escaped);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/**
 * sp_record_format_for_name:
 * @name: a file name
 *
 * Returns: JSON Lines for a name ending in `.jsonl` or `.json` (any case), else text
 */
SpRecordFormat
sp_record_format_for_name (const char *name)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (name != NULL, SP_RECORD_FORMAT_TEXT);

  lower = g_ascii_strdown (name, -1);
  if (g_str_has_suffix (lower, ".jsonl") || g_str_has_suffix (lower, ".json"))
    return SP_RECORD_FORMAT_JSON;

  return SP_RECORD_FORMAT_TEXT;
}

static void
finish_flush_tasks (SpEventRecorder *self)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->flush_tasks)) != NULL)
    {
      if (self->error != NULL)
        g_task_return_error (task, g_error_copy (self->error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
fail (SpEventRecorder *self,
      GError          *error)
{
  g_debug ("Recording the event log stopped: %s", error->message);

  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);

  g_string_truncate (self->pending, 0);
  finish_flush_tasks (self);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SpEventRecorder) self = user_data;
  GError *error = NULL;

  g_clear_pointer (&self->writing, g_bytes_unref);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      fail (self, error);
      return;
    }

  if (self->pending->len > 0)
    start_write (self);
  else
    finish_flush_tasks (self);
}

static void
start_write (SpEventRecorder *self)
{
  gsize size = self->pending->len;
  gconstpointer data;

  g_assert (self->writing == NULL);

  self->writing = g_string_free_to_bytes (self->pending);
  self->pending = g_string_sized_new (size);
  data = g_bytes_get_data (self->writing, &size);
  g_output_stream_write_all_async (self->stream, data, size, G_PRIORITY_DEFAULT_IDLE, NULL,
                                   write_cb, g_object_ref (self));
}

static void
record (SpEventRecorder *self,
        SpEvent         *event)
{
  g_autofree char *line = NULL;

  if (self->error != NULL)
    return;

  if (self->format == SP_RECORD_FORMAT_JSON)
    line = sp_event_format_json (event, self->source);
  else
    line = sp_event_format_text (event, self->source);

  g_string_append (self->pending, line);
  g_string_append_c (self->pending, '\n');
  self->n_written++;

  if (self->synchronous)
    {
      GError *error = NULL;

      if (!g_output_stream_write_all (self->stream, self->pending->str, self->pending->len,
                                      NULL, NULL, &error) ||
          !g_output_stream_flush (self->stream, NULL, &error))
        {
          fail (self, error);
          return;
        }
      g_string_truncate (self->pending, 0);
    }
  else if (self->writing == NULL)
    start_write (self);
}

static void
items_changed_cb (GListModel      *model,
                  guint            position,
                  guint            removed,
                  guint            added,
                  SpEventRecorder *self)
{
  /* Only appends are news; trims at the front and the marker row are not. */
  if (added == 0 || position + added != g_list_model_get_n_items (model))
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (model, i);
      record (self, event);
    }
}

static void
sp_event_recorder_dispose (GObject *object)
{
  SpEventRecorder *self = (SpEventRecorder *)object;

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_clear_object (&self->log);

  /* Write what is left without waiting: a recorder must not lose the last events. */
  if (self->stream != NULL && self->pending != NULL && self->pending->len > 0 && self->error == NULL &&
      self->writing == NULL)
    g_output_stream_write_all (self->stream, self->pending->str, self->pending->len, NULL, NULL, NULL);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (sp_event_recorder_parent_class)->dispose (object);
}

static void
sp_event_recorder_finalize (GObject *object)
{
  SpEventRecorder *self = (SpEventRecorder *)object;

  g_assert (g_queue_is_empty (&self->flush_tasks));
  g_clear_pointer (&self->source, g_free);
  g_string_free (self->pending, TRUE);
  g_clear_pointer (&self->writing, g_bytes_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sp_event_recorder_parent_class)->finalize (object);
}

static void
sp_event_recorder_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SpEventRecorder *self = SP_EVENT_RECORDER (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;

    case PROP_SYNCHRONOUS:
      g_value_set_boolean (value, self->synchronous);
      break;

    case PROP_N_WRITTEN:
      g_value_set_uint64 (value, self->n_written);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_event_recorder_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SpEventRecorder *self = SP_EVENT_RECORDER (object);

  switch (prop_id)
    {
    case PROP_SYNCHRONOUS:
      sp_event_recorder_set_synchronous (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_event_recorder_class_init (SpEventRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_event_recorder_dispose;
  object_class->finalize = sp_event_recorder_finalize;
  object_class->get_property = sp_event_recorder_get_property;
  object_class->set_property = sp_event_recorder_set_property;

  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL, SP_TYPE_RECORD_FORMAT, SP_RECORD_FORMAT_TEXT,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SYNCHRONOUS] =
    g_param_spec_boolean ("synchronous", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_WRITTEN] =
    g_param_spec_uint64 ("n-written", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_event_recorder_init (SpEventRecorder *self)
{
  self->pending = g_string_new (NULL);
  g_queue_init (&self->flush_tasks);
}

/**
 * sp_event_recorder_new:
 * @source: (nullable): a label written with each event
 *
 * Records every event appended to @log from now on.
 *
 * Returns: (transfer full): a new recorder
 */
SpEventRecorder *
sp_event_recorder_new (SpEventLog     *log,
                       GOutputStream  *stream,
                       SpRecordFormat  format,
                       const char     *source)
{
  SpEventRecorder *self;

  g_return_val_if_fail (SP_IS_EVENT_LOG (log), NULL);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_object_new (SP_TYPE_EVENT_RECORDER, NULL);
  self->log = g_object_ref (log);
  self->stream = g_object_ref (stream);
  self->format = format;
  self->source = g_strdup (source);
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), self);

  return self;
}

gboolean
sp_event_recorder_get_synchronous (SpEventRecorder *self)
{
  g_return_val_if_fail (SP_IS_EVENT_RECORDER (self), FALSE);

  return self->synchronous;
}

/* Write each line before returning, as a terminal tool must; off by default. */
void
sp_event_recorder_set_synchronous (SpEventRecorder *self,
                                   gboolean         synchronous)
{
  g_return_if_fail (SP_IS_EVENT_RECORDER (self));

  synchronous = !!synchronous;
  if (self->synchronous == synchronous)
    return;

  self->synchronous = synchronous;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCHRONOUS]);
}

guint64
sp_event_recorder_get_n_written (SpEventRecorder *self)
{
  g_return_val_if_fail (SP_IS_EVENT_RECORDER (self), 0);

  return self->n_written;
}

/**
 * sp_event_recorder_get_error:
 *
 * Returns: (transfer none) (nullable): why recording stopped (a full disk, a closed pipe)
 */
const GError *
sp_event_recorder_get_error (SpEventRecorder *self)
{
  g_return_val_if_fail (SP_IS_EVENT_RECORDER (self), NULL);

  return self->error;
}

/* Completes once every event recorded so far has been written to the stream. */
void
sp_event_recorder_flush_async (SpEventRecorder     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SP_IS_EVENT_RECORDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_event_recorder_flush_async);

  if (self->error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->error));
      return;
    }

  if (self->writing == NULL && self->pending->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_queue_push_tail (&self->flush_tasks, g_steal_pointer (&task));
  if (self->writing == NULL)
    start_write (self);
}

gboolean
sp_event_recorder_flush_finish (SpEventRecorder  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (SP_IS_EVENT_RECORDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
