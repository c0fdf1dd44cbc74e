/* sp-server-private.h — what the engine's other parts may ask a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-server.h"

G_BEGIN_DECLS

GSocket *_sp_server_get_listening_socket (SpServer *self);

G_END_DECLS
