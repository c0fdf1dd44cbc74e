/* sp-connection-private.h — what only the server and the client may do with a connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-connection.h"

G_BEGIN_DECLS

typedef void (*SpConnectionReadDone) (SpConnection *connection,
                                      gpointer      user_data);

SpConnection *_sp_connection_new   (GSocketConnection *stream,
                                    guint              id,
                                    SpEventLog        *log);
SpConnection *_sp_connection_new_datagram (GSocket        *socket,
                                           GSocketAddress *peer,
                                           gboolean        owns_socket,
                                           guint           id,
                                           SpEventLog     *log);
void          _sp_connection_start   (SpConnection   *self);
void          _sp_connection_deliver (SpConnection   *self,
                                      GBytes         *datagram);
void          _sp_connection_set_manual_reads (SpConnection         *self,
                                               gboolean              manual_reads);
void          _sp_connection_read_once        (SpConnection         *self,
                                               SpConnectionReadDone  done,
                                               gpointer              user_data);

G_END_DECLS
