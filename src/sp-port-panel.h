/* sp-port-panel.h — the port reference: the protocol catalogue, searchable, with Try It
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SP_TYPE_PORT_PANEL (sp_port_panel_get_type ())

G_DECLARE_FINAL_TYPE (SpPortPanel, sp_port_panel, SP, PORT_PANEL, AdwBin)

GtkWidget  *sp_port_panel_new                  (void);
const char *sp_port_panel_get_search_text      (SpPortPanel *self);
void        sp_port_panel_set_search_text      (SpPortPanel *self,
                                                const char  *search_text);
const char *sp_port_panel_get_transport_filter (SpPortPanel *self);
void        sp_port_panel_set_transport_filter (SpPortPanel *self,
                                                const char  *transport_filter);
void        sp_port_panel_focus_search         (SpPortPanel *self);

G_END_DECLS
