/* sp-server-private.h — what sp-server.c shares with sp-server-step.c and the engine's other parts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-server.h"

G_BEGIN_DECLS

struct _SpServer
{
  GObject           parent_instance;

  SpEndpoint       *endpoint;
  SpEndpoint       *bound_endpoint;
  SpEventLog       *log;
  GListStore       *connections;
  GSocketService   *service;         /* stream servers */
  GSocket          *socket;          /* datagram servers, and any server in step mode */
  GSocket          *listener;        /* the listening (or bound datagram) socket, for its states */
  GSource          *recv_source;     /* datagram servers */
  GHashTable       *peers;           /* datagram servers: address text → SpConnection */
  GCancellable     *start_cancellable;
  GError           *error;
  char             *reply_text;
  GListModel       *rules;           /* SpReplyRule, tried in order */
  char             *fallback_reply;  /* a template, or NULL to answer nothing */
  char             *unlink_path;     /* the Unix socket file we created, removed on stop */

  guint64           bytes_received;
  guint64           bytes_sent;
  guint             n_accepted;
  guint             backlog;
  SpServerState     state;
  SpSocketState     socket_state;
  SpTcpState        kernel_state;
  SpBehaviour       behaviour;
  SpFraming         framing;
  guint             frame_length;
  gboolean          close_after_reply;

  /* Step mode (sp-server-step.c) */
  GSocketAddress   *step_address;      /* where bind() binds, once known */
  GCancellable     *step_cancellable;  /* the name lookup of the first step */
  SpConnection     *step_connection;   /* the accepted client the next steps serve */
  GSocket          *step_connection_socket;
  GSource          *step_wait_source;  /* accept() or recvfrom() waiting for a peer */
  GSource          *backlog_source;    /* tells when a client waits in the backlog */
  GQueue            step_sends;        /* StepSend: what the behaviour will send, in order */
  SpEventKind       step_waiting_for;  /* the call that waits, if step_waiting */
  guint             step_mode : 1;
  guint             stepping : 1;      /* the run in progress goes one call at a time */
  guint             step_waiting : 1;
  guint             step_bound : 1;
  guint             step_listening : 1;
  guint             step_close_pending : 1;
};

/* sp-server.c */
void     _sp_server_set_state          (SpServer       *self,
                                        SpServerState   state);
void     _sp_server_set_error          (SpServer       *self,
                                        const GError   *error);
void     _sp_server_set_bound_address  (SpServer       *self,
                                        GSocketAddress *bound);
void     _sp_server_adopt_connection   (SpServer       *self,
                                        SpConnection   *connection);
void     _sp_server_send_reply         (SpServer       *self,
                                        SpConnection   *connection);
guint    _sp_server_receive_datagrams  (SpServer       *self,
                                        guint           max);
void     _sp_server_close_listening_socket (SpServer   *self);
void     _sp_server_notify_step        (SpServer       *self);
GSocket *_sp_server_get_listening_socket (SpServer     *self);

/* sp-server-step.c */
gboolean _sp_server_step_queue_send    (SpServer       *self,
                                        SpConnection   *connection,
                                        GBytes         *bytes);
void     _sp_server_step_forget        (SpServer       *self,
                                        SpConnection   *connection);
void     _sp_server_step_reset         (SpServer       *self);
SpEventKind _sp_server_step_next_kind  (SpServer       *self);

G_END_DECLS
