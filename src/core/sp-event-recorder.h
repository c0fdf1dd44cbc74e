/* sp-event-recorder.h — write a log's events to a stream as they happen (text or JSON Lines)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-event-log.h"

G_BEGIN_DECLS

typedef enum
{
  SP_RECORD_FORMAT_TEXT,
  SP_RECORD_FORMAT_JSON,
} SpRecordFormat;

#define SP_TYPE_EVENT_RECORDER (sp_event_recorder_get_type ())

G_DECLARE_FINAL_TYPE (SpEventRecorder, sp_event_recorder, SP, EVENT_RECORDER, GObject)

SpEventRecorder *sp_event_recorder_new            (SpEventLog           *log,
                                                   GOutputStream        *stream,
                                                   SpRecordFormat        format,
                                                   const char           *source);
gboolean         sp_event_recorder_get_synchronous (SpEventRecorder     *self);
void             sp_event_recorder_set_synchronous (SpEventRecorder     *self,
                                                   gboolean              synchronous);
guint64          sp_event_recorder_get_n_written  (SpEventRecorder      *self);
const GError    *sp_event_recorder_get_error      (SpEventRecorder      *self);
void             sp_event_recorder_flush_async    (SpEventRecorder      *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         sp_event_recorder_flush_finish   (SpEventRecorder      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

SpRecordFormat   sp_record_format_for_name        (const char           *name);

char            *sp_event_format_text             (SpEvent              *event,
                                                   const char           *source);
char            *sp_event_format_json             (SpEvent              *event,
                                                   const char           *source);

G_END_DECLS
