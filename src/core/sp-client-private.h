/* sp-client-private.h — what the engine's other parts may ask a client
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

const char *_sp_client_get_resolved_name (SpClient *self);
GPtrArray  *_sp_client_get_resolved      (SpClient *self);
GPtrArray  *_sp_client_get_attempts      (SpClient *self);

G_END_DECLS
