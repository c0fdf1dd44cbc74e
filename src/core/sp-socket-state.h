/* sp-socket-state.h — the life of one socket as the tutorial teaches it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a learner is told a socket is doing: socket() made it, bind() named it, listen()
 * made it a listening socket, connect() or accept() gave a connected one, shutdown() or
 * the peer's end of stream half-closed it, close() ended it. NONE: no socket exists yet
 * (a client before connect, a server before start). */
typedef enum
{
  SP_SOCKET_STATE_NONE,
  SP_SOCKET_STATE_CREATED,
  SP_SOCKET_STATE_BOUND,
  SP_SOCKET_STATE_LISTENING,
  SP_SOCKET_STATE_CONNECTING,
  SP_SOCKET_STATE_CONNECTED,
  SP_SOCKET_STATE_HALF_CLOSED,
  SP_SOCKET_STATE_CLOSED,
  SP_SOCKET_STATE_ERROR,
} SpSocketState;

const char *sp_socket_state_get_name        (SpSocketState state);
const char *sp_socket_state_get_label       (SpSocketState state);
const char *sp_socket_state_get_explanation (SpSocketState state);

G_END_DECLS
