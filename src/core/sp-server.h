/* sp-server.h — listen, accept many connections, answer with a behaviour
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
  SP_SERVER_STATE_STOPPED,
  SP_SERVER_STATE_STARTING,
  SP_SERVER_STATE_LISTENING,
  SP_SERVER_STATE_FAILED,
} SpServerState;

typedef enum
{
  SP_BEHAVIOUR_REPLY,
  SP_BEHAVIOUR_ECHO,
  SP_BEHAVIOUR_DISCARD,
  SP_BEHAVIOUR_CHAT,
  SP_BEHAVIOUR_MANUAL,
} SpBehaviour;

#define SP_TYPE_SERVER (sp_server_get_type ())

G_DECLARE_FINAL_TYPE (SpServer, sp_server, SP, SERVER, GObject)

SpServer      *sp_server_new                   (SpEndpoint           *endpoint);
SpEndpoint    *sp_server_get_endpoint          (SpServer             *self);
void           sp_server_set_endpoint          (SpServer             *self,
                                                SpEndpoint           *endpoint);
SpEndpoint    *sp_server_get_bound_endpoint    (SpServer             *self);
SpServerState  sp_server_get_state             (SpServer             *self);
SpBehaviour    sp_server_get_behaviour         (SpServer             *self);
void           sp_server_set_behaviour         (SpServer             *self,
                                                SpBehaviour           behaviour);
const char    *sp_server_get_reply_text        (SpServer             *self);
void           sp_server_set_reply_text        (SpServer             *self,
                                                const char           *reply_text);
gboolean       sp_server_get_close_after_reply (SpServer             *self);
void           sp_server_set_close_after_reply (SpServer             *self,
                                                gboolean              close_after_reply);
SpEventLog    *sp_server_get_log               (SpServer             *self);
GListModel    *sp_server_get_connections       (SpServer             *self);
guint          sp_server_get_n_accepted        (SpServer             *self);
guint64        sp_server_get_bytes_received    (SpServer             *self);
guint64        sp_server_get_bytes_sent        (SpServer             *self);
const GError  *sp_server_get_error             (SpServer             *self);
void           sp_server_start_async           (SpServer             *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       sp_server_start_finish          (SpServer             *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void           sp_server_stop                  (SpServer             *self);
gboolean       sp_server_send                  (SpServer             *self,
                                                SpConnection         *connection,
                                                GBytes               *bytes,
                                                GError              **error);
const char    *sp_server_state_to_string       (SpServerState         state);

G_END_DECLS
