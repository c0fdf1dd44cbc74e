/* sp-endpoint-entry.h — a transport choice and an endpoint entry that validates as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_ENDPOINT_ENTRY (sp_endpoint_entry_get_type ())

G_DECLARE_FINAL_TYPE (SpEndpointEntry, sp_endpoint_entry, SP, ENDPOINT_ENTRY, GtkWidget)

GtkWidget      *sp_endpoint_entry_new               (SpEndpointRole   role);
SpEndpointRole  sp_endpoint_entry_get_role          (SpEndpointEntry *self);
void            sp_endpoint_entry_set_role          (SpEndpointEntry *self,
                                                     SpEndpointRole   role);
const char     *sp_endpoint_entry_get_text          (SpEndpointEntry *self);
void            sp_endpoint_entry_set_text          (SpEndpointEntry *self,
                                                     const char      *text);
SpEndpoint     *sp_endpoint_entry_get_endpoint      (SpEndpointEntry *self);
const char     *sp_endpoint_entry_get_error_text    (SpEndpointEntry *self);
const char     *sp_endpoint_entry_get_warning_text  (SpEndpointEntry *self);
SpTransport     sp_endpoint_entry_get_transport     (SpEndpointEntry *self);
void            sp_endpoint_entry_set_transport     (SpEndpointEntry *self,
                                                     SpTransport      transport);

G_END_DECLS
