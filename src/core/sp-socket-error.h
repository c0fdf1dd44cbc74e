/* sp-socket-error.h — what went wrong with a socket, in a sentence a learner understands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_SOCKET_ERROR (sp_socket_error_quark ())

typedef enum
{
  SP_SOCKET_ERROR_FAILED,
  SP_SOCKET_ERROR_ADDRESS_IN_USE,
  SP_SOCKET_ERROR_PRIVILEGED_PORT,
  SP_SOCKET_ERROR_ADDRESS_NOT_AVAILABLE,
  SP_SOCKET_ERROR_PERMISSION_DENIED,
  SP_SOCKET_ERROR_CONNECTION_REFUSED,
  SP_SOCKET_ERROR_TIMED_OUT,
  SP_SOCKET_ERROR_HOST_UNREACHABLE,
  SP_SOCKET_ERROR_NETWORK_UNREACHABLE,
  SP_SOCKET_ERROR_CONNECTION_RESET,
  SP_SOCKET_ERROR_UNSUPPORTED,
  SP_SOCKET_ERROR_NOT_RUNNING,
  SP_SOCKET_ERROR_QUEUE_FULL,
  SP_SOCKET_ERROR_MESSAGE_TOO_LONG,
  SP_SOCKET_ERROR_BROKEN_PIPE,
} SpSocketError;

/* Which call failed: the same GIO error reads differently after bind() and connect(). */
typedef enum
{
  SP_SOCKET_OP_SOCKET,
  SP_SOCKET_OP_BIND,
  SP_SOCKET_OP_LISTEN,
  SP_SOCKET_OP_CONNECT,
  SP_SOCKET_OP_SEND,
  SP_SOCKET_OP_RECV,
} SpSocketOp;

GQuark  sp_socket_error_quark         (void);
GError *sp_socket_error_from_gio      (const GError *gio_error,
                                       SpSocketOp    op,
                                       SpEndpoint   *endpoint);
guint16 sp_socket_error_suggest_port  (guint16       port);

G_END_DECLS
