/* sp-socket-calls.h — the one place where GIO operations are written as socket calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-event-log.h"

G_BEGIN_DECLS

const char *_sp_socket_family_name (GSocketFamily  family);
const char *_sp_socket_type_name   (GSocketType    type);
char       *_sp_format_address     (GSocketAddress *address);
char       *_sp_format_python_address (GSocketAddress *address);
GSocketAddress *_sp_socket_address_as_seen (GSocket        *socket,
                                            GSocketAddress *address);

void        _sp_log_with_addresses (SpEventLog     *log,
                                    SpEventKind     kind,
                                    SpDirection     direction,
                                    guint           connection_id,
                                    const char     *call,
                                    const char     *message,
                                    const char     *address,
                                    const char     *local_address);
void        _sp_log_socket         (SpEventLog     *log,
                                    guint           connection_id,
                                    GSocketFamily   family,
                                    GSocketType     type);
void        _sp_log_bind           (SpEventLog     *log,
                                    GSocketAddress *requested,
                                    GSocketAddress *bound);
void        _sp_log_listen         (SpEventLog     *log,
                                    int             backlog,
                                    GSocketAddress *bound);
void        _sp_log_accept         (SpEventLog     *log,
                                    guint           connection_id,
                                    GSocketAddress *peer,
                                    GSocketAddress *local);
void        _sp_log_connect        (SpEventLog     *log,
                                    guint           connection_id,
                                    GSocketAddress *remote,
                                    GSocketAddress *local);
void        _sp_log_connect_datagram (SpEventLog     *log,
                                      guint           connection_id,
                                      GSocketAddress *remote,
                                      GSocketAddress *local);
void        _sp_log_connect_failure  (SpEventLog     *log,
                                      guint           connection_id,
                                      GSocketAddress *remote,
                                      const GError   *error);
void        _sp_log_datagram_peer    (SpEventLog     *log,
                                      guint           connection_id,
                                      GSocketAddress *peer,
                                      const char     *local_address);
void        _sp_log_resolve        (SpEventLog     *log,
                                    const char     *host,
                                    GList          *addresses);
void        _sp_log_failure        (SpEventLog     *log,
                                    guint           connection_id,
                                    const char     *call,
                                    const GError   *error);
const char *_sp_socket_call_name   (SpEventKind     kind,
                                    gboolean        datagram);
void        _sp_log_waiting        (SpEventLog     *log,
                                    guint           connection_id,
                                    SpEventKind     kind,
                                    gboolean        datagram);
void        _sp_log_backlog        (SpEventLog     *log);

G_END_DECLS
