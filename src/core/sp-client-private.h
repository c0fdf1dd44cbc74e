/* sp-client-private.h — what sp-client.c shares with sp-client-step.c and the engine's other parts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-client.h"

G_BEGIN_DECLS

/* One connect() of the last connect: the address tried, and how it ended. */
typedef struct
{
  GSocketAddress *address;
  GError         *error;     /* NULL: this address answered */
} SpConnectAttempt;

struct _SpClient
{
  GObject        parent_instance;

  SpEndpoint    *endpoint;
  SpEventLog    *log;
  SpConnection  *connection;
  GCancellable  *connect_cancellable;
  GError        *error;

  guint64        bytes_received;
  guint64        bytes_sent;
  guint64        tally_received;  /* what the current connection already added */
  guint64        tally_sent;
  guint          n_connections;
  guint          timeout;
  SpClientState  state;
  SpSocketState  socket_state;
  SpSocketState  attempt_state;   /* the socket of the connect() under way */
  char          *resolved_name;   /* what the last connect resolved, NULL for an address */
  GPtrArray     *resolved;        /* GSocketAddress, in the order tried */
  GPtrArray     *attempts;        /* SpConnectAttempt, in order */

  /* Step mode (sp-client-step.c) */
  GBytes        *step_data;         /* what the send() step sends, or NULL */
  GList         *step_addresses;    /* GSocketAddress, in the order to try */
  GList         *step_next;         /* the address the next socket() and connect() use */
  GSocket       *step_socket;       /* made by socket(), until connect() returns */
  GSocket       *step_io_socket;    /* the connected socket the steps read */
  GCancellable  *step_cancellable;  /* the name lookup of the first step */
  GSource       *step_wait_source;  /* connect() in progress */
  guint          step_timeout_id;
  SpEventKind    step_waiting_for;
  guint          step_mode : 1;
  guint          stepping : 1;      /* the run in progress goes one call at a time */
  guint          step_waiting : 1;
  guint          step_sent : 1;     /* the step data went out on this connection */
  guint          step_received : 1; /* recv() returned since the last send() */
};

/* sp-client.c */
void        _sp_client_set_state         (SpClient      *self,
                                          SpClientState  state);
void        _sp_client_set_error         (SpClient      *self,
                                          const GError  *error);
void        _sp_client_adopt_connection  (SpClient      *self,
                                          SpConnection  *connection);
void        _sp_client_notify_step       (SpClient      *self);
void        _sp_client_begin_attempts    (SpClient      *self);
void        _sp_client_record_resolution (SpClient      *self,
                                          const char    *name,
                                          GList         *addresses);
void        _sp_client_record_attempt    (SpClient       *self,
                                          GSocketAddress *address,
                                          const GError   *error);
void        _sp_client_set_attempt_state (SpClient      *self,
                                          SpSocketState  state);
const char *_sp_client_get_resolved_name (SpClient      *self);
GPtrArray  *_sp_client_get_resolved      (SpClient      *self);
GPtrArray  *_sp_client_get_attempts      (SpClient      *self);

/* sp-client-step.c */
void        _sp_client_step_reset        (SpClient      *self);
gboolean    _sp_client_step_disconnect   (SpClient      *self);
void        _sp_client_step_sent         (SpClient      *self);

G_END_DECLS
