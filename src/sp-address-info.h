/* sp-address-info.h — a pane's address family and socket type, and the notes about its addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_ADDRESS_INFO (sp_address_info_get_type ())

G_DECLARE_FINAL_TYPE (SpAddressInfo, sp_address_info, SP, ADDRESS_INFO, GtkWidget)

GtkWidget  *sp_address_info_new            (void);
SpServer   *sp_address_info_get_server     (SpAddressInfo *self);
void        sp_address_info_set_server     (SpAddressInfo *self,
                                            SpServer      *server);
SpClient   *sp_address_info_get_client     (SpAddressInfo *self);
void        sp_address_info_set_client     (SpAddressInfo *self,
                                            SpClient      *client);
const char *sp_address_info_get_line_text  (SpAddressInfo *self);
guint       sp_address_info_get_n_notes    (SpAddressInfo *self);
const char *sp_address_info_get_note_text  (SpAddressInfo *self,
                                            guint          index);

G_END_DECLS
