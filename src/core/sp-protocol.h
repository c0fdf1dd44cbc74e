/* sp-protocol.h — one entry of the port catalogue: a protocol, its port and its facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

/* Ports below this one need administrator rights to listen on (Linux's default
 * net.ipv4.ip_unprivileged_port_start); the demo servers add SP_PROTOCOL_DEMO_OFFSET. */
#define SP_PROTOCOL_PRIVILEGED_LIMIT 1024
#define SP_PROTOCOL_DEMO_OFFSET      8000

#define SP_TYPE_PROTOCOL (sp_protocol_get_type ())

G_DECLARE_FINAL_TYPE (SpProtocol, sp_protocol, SP, PROTOCOL, GObject)

const char  *sp_protocol_get_name                (SpProtocol *self);
const char  *sp_protocol_get_title               (SpProtocol *self);
guint        sp_protocol_get_port                (SpProtocol *self);
guint        sp_protocol_get_extra_port          (SpProtocol *self);
SpTransport  sp_protocol_get_transport           (SpProtocol *self);
const char  *sp_protocol_get_rfc                 (SpProtocol *self);
const char  *sp_protocol_get_function            (SpProtocol *self);
const char  *sp_protocol_get_python_modules      (SpProtocol *self);
const char  *sp_protocol_get_first_request       (SpProtocol *self);
const char  *sp_protocol_get_first_request_note  (SpProtocol *self);
gboolean     sp_protocol_get_in_tutorial         (SpProtocol *self);
guint        sp_protocol_get_demo_port           (SpProtocol *self);
gboolean     sp_protocol_is_privileged           (SpProtocol *self);
gboolean     sp_protocol_has_port                (SpProtocol *self,
                                                  guint       port);
char        *sp_protocol_dup_endpoint_text       (SpProtocol *self,
                                                  const char *host,
                                                  gboolean    demo_port);

G_END_DECLS
