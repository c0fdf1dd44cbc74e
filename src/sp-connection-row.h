/* sp-connection-row.h — one of a server's connections: peer, state, bytes, duration, Close
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_CONNECTION_ROW (sp_connection_row_get_type ())

G_DECLARE_FINAL_TYPE (SpConnectionRow, sp_connection_row, SP, CONNECTION_ROW, GtkWidget)

GtkWidget    *sp_connection_row_new             (void);
SpConnection *sp_connection_row_get_connection  (SpConnectionRow *self);
void          sp_connection_row_set_connection  (SpConnectionRow *self,
                                                 SpConnection    *connection);
const char   *sp_connection_row_get_details_text (SpConnectionRow *self);

G_END_DECLS
