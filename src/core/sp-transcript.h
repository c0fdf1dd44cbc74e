/* sp-transcript.h — one or several whole logs written out as text or JSON Lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-event-log.h"
#include "sp-event-recorder.h"

G_BEGIN_DECLS

#define SP_TYPE_TRANSCRIPT (sp_transcript_get_type ())

G_DECLARE_FINAL_TYPE (SpTranscript, sp_transcript, SP, TRANSCRIPT, GObject)

SpTranscript   *sp_transcript_new          (SpRecordFormat        format);
void            sp_transcript_add_log      (SpTranscript         *self,
                                            SpEventLog           *log,
                                            const char           *source);
SpRecordFormat  sp_transcript_get_format   (SpTranscript         *self);
guint64         sp_transcript_get_n_events (SpTranscript         *self);
gboolean        sp_transcript_write        (SpTranscript         *self,
                                            GOutputStream        *stream,
                                            GCancellable         *cancellable,
                                            GError              **error);
void            sp_transcript_save_async   (SpTranscript         *self,
                                            GFile                *file,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        sp_transcript_save_finish  (SpTranscript         *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
