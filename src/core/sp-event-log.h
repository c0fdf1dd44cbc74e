/* sp-event-log.h — a GListModel of SpEvent with a bounded memory budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-event.h"

G_BEGIN_DECLS

#define SP_TYPE_EVENT_LOG (sp_event_log_get_type ())

G_DECLARE_FINAL_TYPE (SpEventLog, sp_event_log, SP, EVENT_LOG, GObject)

SpEventLog *sp_event_log_new              (void);
void        sp_event_log_append           (SpEventLog  *self,
                                           SpEvent     *event);
SpEvent    *sp_event_log_add              (SpEventLog  *self,
                                           SpEventKind  kind,
                                           SpDirection  direction,
                                           guint        connection_id,
                                           GBytes      *payload,
                                           const char  *call,
                                           const char  *message);
SpEvent    *sp_event_log_add_error        (SpEventLog  *self,
                                           guint        connection_id,
                                           const char  *call,
                                           GBytes      *payload,
                                           const GError *error);
void        sp_event_log_clear            (SpEventLog  *self);
gsize       sp_event_log_get_budget       (SpEventLog  *self);
void        sp_event_log_set_budget       (SpEventLog  *self,
                                           gsize        budget);
gsize       sp_event_log_get_memory_size  (SpEventLog  *self);
guint64     sp_event_log_get_n_dropped    (SpEventLog  *self);
guint64     sp_event_log_get_dropped_payload_bytes (SpEventLog *self);
guint       sp_event_log_get_n_events     (SpEventLog  *self);
SpEvent    *sp_event_log_get_last         (SpEventLog  *self);

G_END_DECLS
