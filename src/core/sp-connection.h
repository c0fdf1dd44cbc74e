/* sp-connection.h — one stream connection: read loop, ordered write queue, exact counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-event-log.h"
#include "sp-socket-state.h"
#include "sp-tcp-info.h"

G_BEGIN_DECLS

typedef enum
{
  SP_CONNECTION_STATE_CONNECTING,
  SP_CONNECTION_STATE_CONNECTED,
  SP_CONNECTION_STATE_HALF_CLOSED_LOCAL,
  SP_CONNECTION_STATE_HALF_CLOSED_REMOTE,
  SP_CONNECTION_STATE_CLOSED,
  SP_CONNECTION_STATE_RESET,
  SP_CONNECTION_STATE_ERROR,
} SpConnectionState;

/* Socket I/O runs after GTK's input handling and redraws (G_PRIORITY_HIGH_IDLE + 20),
 * so a peer that floods us cannot freeze a window, yet before ordinary idle work. */
#define SP_IO_PRIORITY (G_PRIORITY_HIGH_IDLE + 50)

/* How many bytes may wait to be sent before sp_connection_send() refuses more. */
#define SP_CONNECTION_DEFAULT_QUEUE_LIMIT (4 * 1024 * 1024)

#define SP_TYPE_CONNECTION (sp_connection_get_type ())

G_DECLARE_FINAL_TYPE (SpConnection, sp_connection, SP, CONNECTION, GObject)

guint              sp_connection_get_id              (SpConnection  *self);
SpConnectionState  sp_connection_get_state           (SpConnection  *self);
gboolean           sp_connection_is_open             (SpConnection  *self);
gboolean           sp_connection_is_datagram         (SpConnection  *self);
guint64            sp_connection_get_bytes_received  (SpConnection  *self);
guint64            sp_connection_get_bytes_sent      (SpConnection  *self);
gsize              sp_connection_get_bytes_queued    (SpConnection  *self);
guint64            sp_connection_get_datagrams_received (SpConnection *self);
guint64            sp_connection_get_datagrams_sent  (SpConnection  *self);
const char        *sp_connection_get_peer_address    (SpConnection  *self);
const char        *sp_connection_get_local_address   (SpConnection  *self);
gint64             sp_connection_get_start_time      (SpConnection  *self);
gint64             sp_connection_get_end_time        (SpConnection  *self);
gboolean           sp_connection_get_close_on_eof    (SpConnection  *self);
void               sp_connection_set_close_on_eof    (SpConnection  *self,
                                                      gboolean       close_on_eof);
gsize              sp_connection_get_queue_limit     (SpConnection  *self);
void               sp_connection_set_queue_limit     (SpConnection  *self,
                                                      gsize          limit);
gboolean           sp_connection_send                (SpConnection  *self,
                                                      GBytes        *bytes,
                                                      GError       **error);
void               sp_connection_shutdown_write      (SpConnection  *self);
void               sp_connection_close               (SpConnection  *self);
void               sp_connection_close_after_sending (SpConnection  *self);
const char        *sp_connection_state_to_string     (SpConnectionState state);
SpSocketState      sp_connection_state_to_socket_state (SpConnectionState state);

SpSocketState      sp_connection_get_socket_state    (SpConnection  *self);
SpTcpState         sp_connection_get_kernel_state    (SpConnection  *self);
const GError      *sp_connection_get_kernel_state_error (SpConnection *self);
void               sp_connection_refresh_kernel_state (SpConnection *self);
GSocketAddress    *sp_connection_get_local_socket_address (SpConnection *self);
GSocketAddress    *sp_connection_get_peer_socket_address  (SpConnection *self);

G_END_DECLS
