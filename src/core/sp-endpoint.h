/* sp-endpoint.h — parse, print and resolve `tcp://HOST:PORT`, `udp://…`, `unix:PATH`, `unix-dgram:PATH`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SP_TRANSPORT_TCP,
  SP_TRANSPORT_UDP,
  SP_TRANSPORT_UNIX,
  SP_TRANSPORT_UNIX_DGRAM,
} SpTransport;

/* A server may ask for port 0 (the system picks one); a client may not. */
typedef enum
{
  SP_ENDPOINT_ROLE_SERVER,
  SP_ENDPOINT_ROLE_CLIENT,
} SpEndpointRole;

#define SP_ENDPOINT_ERROR (sp_endpoint_error_quark ())

typedef enum
{
  SP_ENDPOINT_ERROR_EMPTY,
  SP_ENDPOINT_ERROR_SPACES,
  SP_ENDPOINT_ERROR_MISSING_SCHEME,
  SP_ENDPOINT_ERROR_UNKNOWN_SCHEME,
  SP_ENDPOINT_ERROR_MISSING_SLASHES,
  SP_ENDPOINT_ERROR_MISSING_HOST,
  SP_ENDPOINT_ERROR_BAD_HOST,
  SP_ENDPOINT_ERROR_UNBALANCED_BRACKETS,
  SP_ENDPOINT_ERROR_IPV6_NEEDS_BRACKETS,
  SP_ENDPOINT_ERROR_BAD_IPV6,
  SP_ENDPOINT_ERROR_ZONE_NOT_ALLOWED,
  SP_ENDPOINT_ERROR_MISSING_PORT,
  SP_ENDPOINT_ERROR_BAD_PORT,
  SP_ENDPOINT_ERROR_PORT_RANGE,
  SP_ENDPOINT_ERROR_PORT_ZERO,
  SP_ENDPOINT_ERROR_TRAILING_JUNK,
  SP_ENDPOINT_ERROR_EMPTY_PATH,
  SP_ENDPOINT_ERROR_PATH_TOO_LONG,
  SP_ENDPOINT_ERROR_RESOLVE_FAILED,
  SP_ENDPOINT_ERROR_EMBEDDED_NUL,
  SP_ENDPOINT_ERROR_PATH_IS_DIRECTORY,
} SpEndpointError;

#define SP_TYPE_ENDPOINT (sp_endpoint_get_type ())

G_DECLARE_FINAL_TYPE (SpEndpoint, sp_endpoint, SP, ENDPOINT, GObject)

GQuark          sp_endpoint_error_quark       (void);

SpEndpoint     *sp_endpoint_parse             (const char           *text,
                                               SpEndpointRole        role,
                                               GError              **error);
SpEndpoint     *sp_endpoint_parse_bytes       (const char           *text,
                                               gssize                length,
                                               SpEndpointRole        role,
                                               GError              **error);
SpEndpoint     *sp_endpoint_new_inet          (SpTransport           transport,
                                               const char           *host,
                                               guint16               port);
SpEndpoint     *sp_endpoint_with_port         (SpEndpoint           *self,
                                               guint16               port);
SpTransport     sp_endpoint_get_transport     (SpEndpoint           *self);
const char     *sp_endpoint_get_host          (SpEndpoint           *self);
guint16         sp_endpoint_get_port          (SpEndpoint           *self);
const char     *sp_endpoint_get_path          (SpEndpoint           *self);
gboolean        sp_endpoint_is_stream         (SpEndpoint           *self);
gboolean        sp_endpoint_is_inet           (SpEndpoint           *self);
gboolean        sp_endpoint_equal             (SpEndpoint           *a,
                                               SpEndpoint           *b);
char           *sp_endpoint_to_string         (SpEndpoint           *self);
char           *sp_endpoint_format_host_port  (SpEndpoint           *self);
GSocketAddress *sp_endpoint_get_literal_address (SpEndpoint         *self);
void            sp_endpoint_resolve_async     (SpEndpoint           *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GList          *sp_endpoint_resolve_finish    (SpEndpoint           *self,
                                               GAsyncResult         *result,
                                               GError              **error);

const char     *sp_transport_get_scheme       (SpTransport           transport);

G_END_DECLS
