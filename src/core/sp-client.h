/* sp-client.h — connect, send, receive, close
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-connection.h"
#include "sp-endpoint.h"
#include "sp-event-log.h"

G_BEGIN_DECLS

typedef enum
{
  SP_CLIENT_STATE_DISCONNECTED,
  SP_CLIENT_STATE_RESOLVING,
  SP_CLIENT_STATE_CONNECTING,
  SP_CLIENT_STATE_CONNECTED,
  SP_CLIENT_STATE_FAILED,
} SpClientState;

#define SP_TYPE_CLIENT (sp_client_get_type ())

G_DECLARE_FINAL_TYPE (SpClient, sp_client, SP, CLIENT, GObject)

SpClient      *sp_client_new                (SpEndpoint           *endpoint);
SpEndpoint    *sp_client_get_endpoint       (SpClient             *self);
void           sp_client_set_endpoint       (SpClient             *self,
                                             SpEndpoint           *endpoint);
SpClientState  sp_client_get_state          (SpClient             *self);
SpConnection  *sp_client_get_connection     (SpClient             *self);
SpEventLog    *sp_client_get_log            (SpClient             *self);
guint          sp_client_get_timeout        (SpClient             *self);
void           sp_client_set_timeout        (SpClient             *self,
                                             guint                 timeout_seconds);
guint          sp_client_get_n_connections  (SpClient             *self);
guint64        sp_client_get_bytes_received (SpClient             *self);
guint64        sp_client_get_bytes_sent     (SpClient             *self);
const GError  *sp_client_get_error          (SpClient             *self);
void           sp_client_connect_async      (SpClient             *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SpConnection  *sp_client_connect_finish     (SpClient             *self,
                                             GAsyncResult         *result,
                                             GError              **error);
gboolean       sp_client_send               (SpClient             *self,
                                             GBytes               *bytes,
                                             GError              **error);
gboolean       sp_client_shutdown_write     (SpClient             *self,
                                             GError              **error);
void           sp_client_disconnect         (SpClient             *self);
gboolean       sp_client_get_step_mode      (SpClient             *self);
void           sp_client_set_step_mode      (SpClient             *self,
                                             gboolean              step_mode);
GBytes        *sp_client_get_step_data      (SpClient             *self);
void           sp_client_set_step_data      (SpClient             *self,
                                             GBytes               *bytes);
SpEventKind    sp_client_get_next_call_kind (SpClient             *self);
const char    *sp_client_get_next_call      (SpClient             *self);
gboolean       sp_client_get_step_waiting   (SpClient             *self);
gboolean       sp_client_step               (SpClient             *self,
                                             GError              **error);
const char    *sp_client_state_to_string    (SpClientState         state);
SpSocketState  sp_client_get_socket_state   (SpClient             *self);

G_END_DECLS
