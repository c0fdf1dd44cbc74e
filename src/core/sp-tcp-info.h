/* sp-tcp-info.h — the kernel's own TCP state of a socket, and of a connection after close
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The states of Linux's TCP (include/net/tcp_states.h), with the kernel's numbers, so that
 * TCP_INFO's tcpi_state and the "st" column of /proc/net/tcp read as they are.
 * UNKNOWN: no state could be read (not TCP, not Linux, not yet asked). */
typedef enum
{
  SP_TCP_STATE_UNKNOWN = 0,
  SP_TCP_STATE_ESTABLISHED = 1,
  SP_TCP_STATE_SYN_SENT = 2,
  SP_TCP_STATE_SYN_RECV = 3,
  SP_TCP_STATE_FIN_WAIT1 = 4,
  SP_TCP_STATE_FIN_WAIT2 = 5,
  SP_TCP_STATE_TIME_WAIT = 6,
  SP_TCP_STATE_CLOSE = 7,
  SP_TCP_STATE_CLOSE_WAIT = 8,
  SP_TCP_STATE_LAST_ACK = 9,
  SP_TCP_STATE_LISTEN = 10,
  SP_TCP_STATE_CLOSING = 11,
} SpTcpState;

#define SP_TCP_INFO_ERROR (sp_tcp_info_error_quark ())

typedef enum
{
  SP_TCP_INFO_ERROR_NOT_TCP,
  SP_TCP_INFO_ERROR_NOT_SUPPORTED,
  SP_TCP_INFO_ERROR_CLOSED,
  SP_TCP_INFO_ERROR_FAILED,
} SpTcpInfoError;

/* One line of /proc/net/tcp or /proc/net/tcp6. */
typedef struct
{
  GInetSocketAddress *local;
  GInetSocketAddress *remote;
  SpTcpState          state;
} SpTcpTableEntry;

GQuark      sp_tcp_info_error_quark       (void);

const char *sp_tcp_state_get_name         (SpTcpState            state);
const char *sp_tcp_state_get_explanation  (SpTcpState            state);
gboolean    sp_tcp_state_is_transient     (SpTcpState            state);

SpTcpState  sp_tcp_info_read_state        (GSocket              *socket,
                                           GError              **error);

gboolean    sp_tcp_table_parse_line       (const char           *line,
                                           SpTcpTableEntry      *entry);
void        sp_tcp_table_entry_clear      (SpTcpTableEntry      *entry);
SpTcpState  sp_tcp_table_find             (const char           *contents,
                                           GSocketAddress       *local,
                                           GSocketAddress       *remote);

void        sp_tcp_info_lookup_async      (GSocketAddress       *local,
                                           GSocketAddress       *remote,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
SpTcpState  sp_tcp_info_lookup_finish     (GAsyncResult         *result,
                                           GError              **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SpTcpTableEntry, sp_tcp_table_entry_clear)

G_END_DECLS
