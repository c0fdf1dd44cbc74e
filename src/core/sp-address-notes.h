/* sp-address-notes.h — what a pane's addresses mean, and what learners trip over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-client.h"
#include "sp-server.h"

G_BEGIN_DECLS

char      *sp_address_notes_socket_line_for_client (SpClient  *client,
                                                    char     **meaning);
char      *sp_address_notes_socket_line_for_server (SpServer  *server,
                                                    char     **meaning);
GPtrArray *sp_address_notes_for_client             (SpClient  *client);
GPtrArray *sp_address_notes_for_server             (SpServer  *server);

char      *sp_address_notes_socket_line_for_endpoint (SpEndpoint  *endpoint,
                                                     char       **meaning);

G_END_DECLS
