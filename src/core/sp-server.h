/* sp-server.h — listen, accept many connections, answer with a behaviour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-connection.h"
#include "sp-endpoint.h"
#include "sp-event-log.h"
#include "sp-framer.h"
#include "sp-reply-rule.h"

G_BEGIN_DECLS

typedef enum
{
  SP_SERVER_STATE_STOPPED,
  SP_SERVER_STATE_STARTING,
  SP_SERVER_STATE_LISTENING,
  SP_SERVER_STATE_FAILED,
} SpServerState;

/* What the server does with what it receives.
 *
 * SP_BEHAVIOUR_RULES answers each message with the first of #SpServer:rules (a list of
 * #SpReplyRule) that matches it, or with #SpServer:fallback-reply when none does. On a
 * stream, messages are cut by #SpServer:framing (a line, #SpServer:frame-length bytes, or
 * whatever one read returned), each connection with its own #SpFramer; what is still
 * buffered when the peer ends its stream is the last message. On a datagram socket each
 * datagram is one message and the framing does not apply. Every message leaves an INFO
 * event in the log saying which rule answered it, so the framing can be seen at work. */
typedef enum
{
  SP_BEHAVIOUR_REPLY,
  SP_BEHAVIOUR_ECHO,
  SP_BEHAVIOUR_DISCARD,
  SP_BEHAVIOUR_CHAT,
  SP_BEHAVIOUR_MANUAL,
  SP_BEHAVIOUR_RULES,
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
GListModel    *sp_server_get_rules             (SpServer             *self);
void           sp_server_set_rules             (SpServer             *self,
                                                GListModel           *rules);
void           sp_server_add_rule              (SpServer             *self,
                                                SpReplyRule          *rule);
const char    *sp_server_get_fallback_reply    (SpServer             *self);
void           sp_server_set_fallback_reply    (SpServer             *self,
                                                const char           *fallback_reply);
SpFraming      sp_server_get_framing           (SpServer             *self);
void           sp_server_set_framing           (SpServer             *self,
                                                SpFraming             framing);
guint          sp_server_get_frame_length      (SpServer             *self);
void           sp_server_set_frame_length      (SpServer             *self,
                                                guint                 frame_length);
guint          sp_server_get_backlog           (SpServer             *self);
void           sp_server_set_backlog           (SpServer             *self,
                                                guint                 backlog);
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
gboolean       sp_server_get_step_mode         (SpServer             *self);
void           sp_server_set_step_mode         (SpServer             *self,
                                                gboolean              step_mode);
SpEventKind    sp_server_get_next_call_kind    (SpServer             *self);
const char    *sp_server_get_next_call         (SpServer             *self);
gboolean       sp_server_get_step_waiting      (SpServer             *self);
gboolean       sp_server_step                  (SpServer             *self,
                                                GError              **error);
const char    *sp_server_state_to_string       (SpServerState         state);
SpSocketState  sp_server_get_socket_state      (SpServer             *self);
SpTcpState     sp_server_get_kernel_state      (SpServer             *self);
void           sp_server_refresh_kernel_state  (SpServer             *self);

G_END_DECLS
