/* sp-endpoint.c — parse, print and resolve endpoints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One syntax everywhere (UI, command line, scenario files). The parser is strict and
 * explains each refusal in a sentence, because a learner types these by hand.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/un.h>
#include <gio/gunixsocketaddress.h>

#include "sp-core-enums.h"
#include "sp-endpoint.h"

struct _SpEndpoint
{
  GObject      parent_instance;

  SpTransport  transport;
  char        *host;   /* without brackets; NULL for Unix sockets */
  guint16      port;
  char        *path;   /* Unix sockets only */
};

enum {
  PROP_0,
  PROP_TRANSPORT,
  PROP_HOST,
  PROP_PORT,
  PROP_PATH,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpEndpoint, sp_endpoint, G_TYPE_OBJECT)

G_DEFINE_QUARK (sp-endpoint-error-quark, sp_endpoint_error)

static GParamSpec *properties[N_PROPS];

static const struct {
  const char  *scheme;
  SpTransport  transport;
} schemes[] = {
  { "tcp", SP_TRANSPORT_TCP },
  { "udp", SP_TRANSPORT_UDP },
  { "unix", SP_TRANSPORT_UNIX },
  { "unix-dgram", SP_TRANSPORT_UNIX_DGRAM },
};

const char *
sp_transport_get_scheme (SpTransport transport)
{
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (schemes[i].transport == transport)
      return schemes[i].scheme;
  g_return_val_if_reached (NULL);
}

static gboolean
is_host_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_';
}

static gboolean
looks_like_dotted_numbers (const char *host)
{
  for (const char *p = host; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
parse_port (const char      *text,
            SpEndpointRole   role,
            guint16         *out_port,
            GError         **error)
{
  guint64 value = 0;
  const char *p = text;

  if (*p == '\0')
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_MISSING_PORT,
                   _("The port number is missing after the colon, for example :12345."));
      return FALSE;
    }

  if (*p == '-' || *p == '+')
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_PORT_RANGE,
                   _("“%s” is not a port: a port is a whole number from 1 to 65535."), text);
      return FALSE;
    }

  if (!g_ascii_isdigit (*p))
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_BAD_PORT,
                   _("“%s” is not a port number: write digits only, from 1 to 65535."), text);
      return FALSE;
    }

  for (; g_ascii_isdigit (*p); p++)
    {
      value = value * 10 + (guint64) (*p - '0');
      if (value > 65535)
        {
          g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_PORT_RANGE,
                       _("Port %s is too large: ports go from 1 to 65535."), text);
          return FALSE;
        }
    }

  if (*p != '\0')
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_TRAILING_JUNK,
                   _("Unexpected “%s” after the port number: an endpoint ends with its port."), p);
      return FALSE;
    }

  if (value == 0 && role == SP_ENDPOINT_ROLE_CLIENT)
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_PORT_ZERO,
                   _("A client cannot connect to port 0: give the port the server listens on."));
      return FALSE;
    }

  *out_port = (guint16) value;
  return TRUE;
}

static gboolean
parse_inet (SpEndpoint      *self,
            const char      *rest,
            SpEndpointRole   role,
            GError         **error)
{
  const char *port_text;
  g_autofree char *host = NULL;

  if (*rest != '[' && strchr (rest, ']') != NULL)
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_UNBALANCED_BRACKETS,
                   _("There is a “]” without the “[” that should open the IPv6 address."));
      return FALSE;
    }

  /* "::1:80" would otherwise read as an empty host. */
  if (*rest != '[' && strchr (rest, ':') != strrchr (rest, ':'))
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_IPV6_NEEDS_BRACKETS,
                   _("An IPv6 address must be written in brackets so its colons are not taken for the port, for example [::1]:8080."));
      return FALSE;
    }

  if (*rest == '\0' || *rest == ':')
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_MISSING_HOST,
                   _("The host is missing: write an address or a name before the port, for example 127.0.0.1:12345."));
      return FALSE;
    }

  if (*rest == '[')
    {
      const char *close = strchr (rest, ']');
      g_autoptr(GInetAddress) address = NULL;

      if (close == NULL)
        {
          g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_UNBALANCED_BRACKETS,
                       _("The “[” that opens an IPv6 address has no matching “]”, for example [::1]:8080."));
          return FALSE;
        }

      host = g_strndup (rest + 1, close - rest - 1);
      if (*host == '\0')
        {
          g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_MISSING_HOST,
                       _("The brackets are empty: put an IPv6 address inside, for example [::1]."));
          return FALSE;
        }
      if (strchr (host, '%') != NULL)
        {
          g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_ZONE_NOT_ALLOWED,
                       _("Zone identifiers such as “%%eth0” are not supported here: use a loopback or global IPv6 address."));
          return FALSE;
        }

      address = g_inet_address_new_from_string (host);
      if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
        {
          g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_BAD_IPV6,
                       _("“%s” is not an IPv6 address: brackets are only for IPv6, such as [::1]."), host);
          return FALSE;
        }

      if (close[1] == '\0')
        {
          g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_MISSING_PORT,
                       _("The port is missing: add it after the bracket, for example [::1]:8080."));
          return FALSE;
        }
      if (close[1] != ':')
        {
          g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_TRAILING_JUNK,
                       _("Expected a colon and a port after “]”, found “%s”."), close + 1);
          return FALSE;
        }
      port_text = close + 2;
    }
  else
    {
      const char *colon = strrchr (rest, ':');

      if (colon == NULL)
        {
          g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_MISSING_PORT,
                       _("The port is missing: add a colon and a port number, for example %s:12345."), rest);
          return FALSE;
        }

      host = g_strndup (rest, colon - rest);

      for (const char *p = host; *p; p++)
        if (!is_host_char (*p))
          {
            g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_BAD_HOST,
                         _("“%s” is not a valid host: use an address such as 127.0.0.1 or a name made of letters, digits, dots and dashes."),
                         host);
            return FALSE;
          }

      if (looks_like_dotted_numbers (host))
        {
          g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);
          guint dots = 0;

          for (const char *p = host; *p; p++)
            dots += *p == '.';

          /* inet_pton() accepts only the four-part form; so do we, to avoid surprises. */
          if (address == NULL || dots != 3)
            {
              g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_BAD_HOST,
                           _("“%s” is not a valid IPv4 address: it needs four numbers from 0 to 255 separated by dots."),
                           host);
              return FALSE;
            }
        }

      if (host[0] == '.' || host[0] == '-' || g_str_has_suffix (host, "-") || strstr (host, "..") != NULL)
        {
          g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_BAD_HOST,
                       _("“%s” is not a valid host name: a name cannot start with a dot or a dash, end with a dash, or have two dots in a row."),
                       host);
          return FALSE;
        }

      port_text = colon + 1;
    }

  if (!parse_port (port_text, role, &self->port, error))
    return FALSE;

  self->host = g_steal_pointer (&host);
  return TRUE;
}

static gboolean
parse_path (SpEndpoint  *self,
            const char  *rest,
            GError     **error)
{
  if (*rest == '\0')
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_EMPTY_PATH,
                   _("The socket file path is empty, for example unix:/tmp/playground.sock."));
      return FALSE;
    }

  /* sun_path holds the path and its terminating NUL. */
  if (strlen (rest) >= sizeof (((struct sockaddr_un *) NULL)->sun_path))
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_PATH_TOO_LONG,
                   _("The socket path is %u bytes long; Linux allows at most %u. Choose a shorter path."),
                   (guint) strlen (rest),
                   (guint) sizeof (((struct sockaddr_un *) NULL)->sun_path) - 1);
      return FALSE;
    }

  self->path = g_strdup (rest);
  return TRUE;
}

static void
sp_endpoint_finalize (GObject *object)
{
  SpEndpoint *self = (SpEndpoint *)object;

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (sp_endpoint_parent_class)->finalize (object);
}

static void
sp_endpoint_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpEndpoint *self = SP_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_TRANSPORT:
      g_value_set_enum (value, self->transport);
      break;

    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_endpoint_class_init (SpEndpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_endpoint_finalize;
  object_class->get_property = sp_endpoint_get_property;

  /* Read-only: an endpoint is a value; change it by making a new one. */
  properties[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL,
                       SP_TYPE_TRANSPORT, SP_TRANSPORT_TCP,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_endpoint_init (SpEndpoint *self)
{
}

/**
 * sp_endpoint_parse:
 * @text: what the person typed, such as `tcp://127.0.0.1:12345`
 * @role: whether a server (port 0 allowed) or a client will use it
 * @error: a #SP_ENDPOINT_ERROR whose message is a sentence for the learner
 *
 * Returns: (transfer full) (nullable): the endpoint, or %NULL with @error set
 */
SpEndpoint *
sp_endpoint_parse (const char      *text,
                   SpEndpointRole   role,
                   GError         **error)
{
  g_autoptr(SpEndpoint) self = NULL;
  g_autofree char *scheme = NULL;
  const char *colon;
  const char *rest;
  gboolean found = FALSE;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_EMPTY,
                   _("Type an endpoint, for example tcp://127.0.0.1:12345."));
      return NULL;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_BAD_HOST,
                   _("The endpoint contains bytes that are not valid text."));
      return NULL;
    }

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      {
        g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_SPACES,
                     _("Remove the space at position %ld: an endpoint contains no spaces."),
                     g_utf8_pointer_to_offset (text, p) + 1);
        return NULL;
      }

  colon = strchr (text, ':');
  for (const char *p = text; colon != NULL && p < colon; p++)
    if (!g_ascii_isalpha (*p) && *p != '-')
      colon = NULL;

  if (colon == NULL || colon == text)
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_MISSING_SCHEME,
                   _("Start with a transport: tcp://, udp://, unix: or unix-dgram:, for example tcp://%s."),
                   text);
      return NULL;
    }

  self = g_object_new (SP_TYPE_ENDPOINT, NULL);
  scheme = g_ascii_strdown (text, colon - text);

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_str_equal (scheme, schemes[i].scheme))
      {
        self->transport = schemes[i].transport;
        found = TRUE;
      }

  if (!found)
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_UNKNOWN_SCHEME,
                   _("“%s” is not a transport this playground knows: use tcp, udp, unix or unix-dgram."),
                   scheme);
      return NULL;
    }

  rest = colon + 1;

  switch (self->transport)
    {
    case SP_TRANSPORT_TCP:
    case SP_TRANSPORT_UDP:
      if (!g_str_has_prefix (rest, "//"))
        {
          g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_MISSING_SLASHES,
                       _("Write two slashes after “%s:”, for example %s://127.0.0.1:12345."),
                       scheme, scheme);
          return NULL;
        }
      if (!parse_inet (self, rest + 2, role, error))
        return NULL;
      break;

    case SP_TRANSPORT_UNIX:
    case SP_TRANSPORT_UNIX_DGRAM:
      if (!parse_path (self, rest, error))
        return NULL;
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&self);
}

/**
 * sp_endpoint_parse_bytes:
 * @text: text that may come from a file or the network, not necessarily NUL-terminated
 * @length: its length in bytes, or -1 if it is NUL-terminated
 *
 * Like sp_endpoint_parse(), for input that may hide a NUL byte (scenario files, fuzzers).
 *
 * Returns: (transfer full) (nullable): the endpoint, or %NULL with @error set
 */
SpEndpoint *
sp_endpoint_parse_bytes (const char      *text,
                         gssize           length,
                         SpEndpointRole   role,
                         GError         **error)
{
  g_autofree char *copy = NULL;
  const char *nul;

  g_return_val_if_fail (text != NULL || length <= 0, NULL);

  if (length < 0)
    return sp_endpoint_parse (text, role, error);

  nul = memchr (text, '\0', length);
  if (nul != NULL)
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_EMBEDDED_NUL,
                   _("The endpoint holds a NUL byte at position %ld: an endpoint is plain text."),
                   (long) (nul - text) + 1);
      return NULL;
    }

  copy = g_strndup (text, length);
  return sp_endpoint_parse (copy, role, error);
}

/**
 * sp_endpoint_new_inet:
 *
 * Returns: (transfer full): an Internet endpoint; @host must already be valid.
 */
SpEndpoint *
sp_endpoint_new_inet (SpTransport  transport,
                      const char  *host,
                      guint16      port)
{
  SpEndpoint *self;

  g_return_val_if_fail (transport == SP_TRANSPORT_TCP || transport == SP_TRANSPORT_UDP, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  self = g_object_new (SP_TYPE_ENDPOINT, NULL);
  self->transport = transport;
  self->host = g_strdup (host);
  self->port = port;

  return self;
}

/**
 * sp_endpoint_with_port:
 *
 * Returns: (transfer full): a copy of @self with another port
 */
SpEndpoint *
sp_endpoint_with_port (SpEndpoint *self,
                       guint16     port)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  g_return_val_if_fail (sp_endpoint_is_inet (self), NULL);

  return sp_endpoint_new_inet (self->transport, self->host, port);
}

SpTransport
sp_endpoint_get_transport (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), SP_TRANSPORT_TCP);

  return self->transport;
}

const char *
sp_endpoint_get_host (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);

  return self->host;
}

guint16
sp_endpoint_get_port (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);

  return self->port;
}

const char *
sp_endpoint_get_path (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);

  return self->path;
}

gboolean
sp_endpoint_is_stream (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);

  return self->transport == SP_TRANSPORT_TCP || self->transport == SP_TRANSPORT_UNIX;
}

gboolean
sp_endpoint_is_inet (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);

  return self->transport == SP_TRANSPORT_TCP || self->transport == SP_TRANSPORT_UDP;
}

gboolean
sp_endpoint_equal (SpEndpoint *a,
                   SpEndpoint *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->transport == b->transport &&
         a->port == b->port &&
         g_strcmp0 (a->host, b->host) == 0 &&
         g_strcmp0 (a->path, b->path) == 0;
}

/**
 * sp_endpoint_format_host_port:
 *
 * Returns: (transfer full): `127.0.0.1:12345`, `[::1]:8080` or the Unix path
 */
char *
sp_endpoint_format_host_port (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);

  if (!sp_endpoint_is_inet (self))
    return g_strdup (self->path);

  if (strchr (self->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", self->host, self->port);

  return g_strdup_printf ("%s:%u", self->host, self->port);
}

/**
 * sp_endpoint_to_string:
 *
 * Returns: (transfer full): the endpoint in the one syntax that sp_endpoint_parse() reads
 */
char *
sp_endpoint_to_string (SpEndpoint *self)
{
  g_autofree char *host_port = NULL;

  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);

  host_port = sp_endpoint_format_host_port (self);
  if (sp_endpoint_is_inet (self))
    return g_strdup_printf ("%s://%s", sp_transport_get_scheme (self->transport), host_port);

  return g_strdup_printf ("%s:%s", sp_transport_get_scheme (self->transport), host_port);
}

/**
 * sp_endpoint_get_literal_address:
 *
 * Returns: (transfer full) (nullable): the socket address when no name lookup is needed
 */
GSocketAddress *
sp_endpoint_get_literal_address (SpEndpoint *self)
{
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);

  if (!sp_endpoint_is_inet (self))
    return g_unix_socket_address_new (self->path);

  address = g_inet_address_new_from_string (self->host);
  if (address == NULL)
    return NULL;

  return g_inet_socket_address_new (address, self->port);
}

static void
free_address_list (gpointer data)
{
  g_list_free_full (data, g_object_unref);
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpEndpoint *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GList *addresses;
  GList *socket_addresses = NULL;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  if (addresses == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_RESOLVE_FAILED,
                                 _("The name “%s” could not be resolved to an address: check its spelling (%s)."),
                                 self->host, error->message);
      return;
    }

  for (const GList *l = addresses; l != NULL; l = l->next)
    socket_addresses = g_list_prepend (socket_addresses,
                                       g_inet_socket_address_new (l->data, self->port));

  g_resolver_free_addresses (addresses);
  g_task_return_pointer (task, g_list_reverse (socket_addresses), free_address_list);
}

/**
 * sp_endpoint_resolve_async:
 *
 * Looks the host name up without blocking the main loop. Literal addresses and Unix paths
 * complete at once with one address.
 */
void
sp_endpoint_resolve_async (SpEndpoint          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketAddress) literal = NULL;
  g_autoptr(GResolver) resolver = NULL;

  g_return_if_fail (SP_IS_ENDPOINT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_endpoint_resolve_async);

  /* A Unix socket is a file inside a folder; naming the folder itself is a common slip. */
  if (!sp_endpoint_is_inet (self) && g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_task_return_new_error (task, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_PATH_IS_DIRECTORY,
                               _("“%s” is a folder: a Unix socket needs the path of a file inside it, for example %s/playground.sock."),
                               self->path, self->path);
      return;
    }

  literal = sp_endpoint_get_literal_address (self);
  if (literal != NULL)
    {
      g_task_return_pointer (task, g_list_prepend (NULL, g_steal_pointer (&literal)),
                             free_address_list);
      return;
    }

  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, self->host, cancellable,
                                   resolve_cb, g_steal_pointer (&task));
}

/**
 * sp_endpoint_resolve_finish:
 *
 * Returns: (transfer full) (element-type GSocketAddress): the addresses, in the
 *   order the system resolver gave them (the order a client tries them)
 */
GList *
sp_endpoint_resolve_finish (SpEndpoint    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
