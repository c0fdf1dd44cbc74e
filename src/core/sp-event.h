/* sp-event.h — one thing that happened on a socket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The socket call an event stands for; INFO and ERROR are sentences without a call. */
typedef enum
{
  SP_EVENT_KIND_INFO,
  SP_EVENT_KIND_RESOLVE,
  SP_EVENT_KIND_SOCKET,
  SP_EVENT_KIND_BIND,
  SP_EVENT_KIND_LISTEN,
  SP_EVENT_KIND_ACCEPT,
  SP_EVENT_KIND_CONNECT,
  SP_EVENT_KIND_SEND,
  SP_EVENT_KIND_RECV,
  SP_EVENT_KIND_SHUTDOWN,
  SP_EVENT_KIND_CLOSE,
  SP_EVENT_KIND_ERROR,
} SpEventKind;

typedef enum
{
  SP_DIRECTION_NONE,
  SP_DIRECTION_IN,
  SP_DIRECTION_OUT,
} SpDirection;

#define SP_TYPE_EVENT (sp_event_get_type ())

G_DECLARE_FINAL_TYPE (SpEvent, sp_event, SP, EVENT, GObject)

SpEvent     *sp_event_new                (SpEventKind  kind,
                                          SpDirection  direction,
                                          guint        connection_id,
                                          const char  *call,
                                          const char  *message,
                                          GBytes      *payload);
gint64       sp_event_get_time           (SpEvent     *self);
SpEventKind  sp_event_get_kind           (SpEvent     *self);
SpDirection  sp_event_get_direction      (SpEvent     *self);
guint        sp_event_get_connection_id  (SpEvent     *self);
const char  *sp_event_get_call           (SpEvent     *self);
const char  *sp_event_get_message        (SpEvent     *self);
const char  *sp_event_get_address        (SpEvent     *self);
void         sp_event_set_address        (SpEvent     *self,
                                          const char  *address);
const char  *sp_event_get_local_address  (SpEvent     *self);
void         sp_event_set_local_address  (SpEvent     *self,
                                          const char  *address);
GBytes      *sp_event_get_payload        (SpEvent     *self);
GQuark       sp_event_get_error_domain   (SpEvent     *self);
int          sp_event_get_error_code     (SpEvent     *self);
void         sp_event_set_error          (SpEvent     *self,
                                          const GError *error);
gsize        sp_event_get_byte_count     (SpEvent     *self);
char        *sp_event_dup_time_text      (SpEvent     *self);
char        *sp_event_dup_preview        (SpEvent     *self);
gsize        sp_event_get_memory_size    (SpEvent     *self);
void         sp_event_drop_payload       (SpEvent     *self);
const char  *sp_event_kind_get_name      (SpEventKind  kind);

G_END_DECLS
