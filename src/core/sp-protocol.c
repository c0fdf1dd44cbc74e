/* sp-protocol.c — one entry of the port catalogue: a protocol, its port and its facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An SpProtocol is a value: every property is set when it is made and never changes, so
 * widgets can bind to it without listening for changes. The catalogue (sp-protocols.c)
 * makes them; nothing else needs to.
 */

#include "config.h"

#include "sp-core-enums.h"
#include "sp-protocol.h"

struct _SpProtocol
{
  GObject      parent_instance;

  char        *name;
  char        *title;
  char        *rfc;
  char        *function;
  char        *python_modules;
  char        *first_request;
  char        *first_request_note;
  guint        port;
  guint        extra_port;
  SpTransport  transport;
  guint        in_tutorial : 1;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_TITLE,
  PROP_PORT,
  PROP_EXTRA_PORT,
  PROP_TRANSPORT,
  PROP_RFC,
  PROP_FUNCTION,
  PROP_PYTHON_MODULES,
  PROP_FIRST_REQUEST,
  PROP_FIRST_REQUEST_NOTE,
  PROP_IN_TUTORIAL,
  PROP_DEMO_PORT,
  PROP_IS_PRIVILEGED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpProtocol, sp_protocol, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
sp_protocol_finalize (GObject *object)
{
  SpProtocol *self = (SpProtocol *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->rfc, g_free);
  g_clear_pointer (&self->function, g_free);
  g_clear_pointer (&self->python_modules, g_free);
  g_clear_pointer (&self->first_request, g_free);
  g_clear_pointer (&self->first_request_note, g_free);

  G_OBJECT_CLASS (sp_protocol_parent_class)->finalize (object);
}

static void
sp_protocol_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpProtocol *self = SP_PROTOCOL (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_EXTRA_PORT:
      g_value_set_uint (value, self->extra_port);
      break;

    case PROP_TRANSPORT:
      g_value_set_enum (value, self->transport);
      break;

    case PROP_RFC:
      g_value_set_string (value, self->rfc);
      break;

    case PROP_FUNCTION:
      g_value_set_string (value, self->function);
      break;

    case PROP_PYTHON_MODULES:
      g_value_set_string (value, self->python_modules);
      break;

    case PROP_FIRST_REQUEST:
      g_value_set_string (value, self->first_request);
      break;

    case PROP_FIRST_REQUEST_NOTE:
      g_value_set_string (value, self->first_request_note);
      break;

    case PROP_IN_TUTORIAL:
      g_value_set_boolean (value, self->in_tutorial);
      break;

    case PROP_DEMO_PORT:
      g_value_set_uint (value, sp_protocol_get_demo_port (self));
      break;

    case PROP_IS_PRIVILEGED:
      g_value_set_boolean (value, sp_protocol_is_privileged (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_protocol_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpProtocol *self = SP_PROTOCOL (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;

    case PROP_EXTRA_PORT:
      self->extra_port = g_value_get_uint (value);
      break;

    case PROP_TRANSPORT:
      self->transport = g_value_get_enum (value);
      break;

    case PROP_RFC:
      self->rfc = g_value_dup_string (value);
      break;

    case PROP_FUNCTION:
      self->function = g_value_dup_string (value);
      break;

    case PROP_PYTHON_MODULES:
      self->python_modules = g_value_dup_string (value);
      break;

    case PROP_FIRST_REQUEST:
      self->first_request = g_value_dup_string (value);
      break;

    case PROP_FIRST_REQUEST_NOTE:
      self->first_request_note = g_value_dup_string (value);
      break;

    case PROP_IN_TUTORIAL:
      self->in_tutorial = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_protocol_constructed (GObject *object)
{
  SpProtocol *self = (SpProtocol *)object;

  G_OBJECT_CLASS (sp_protocol_parent_class)->constructed (object);

  /* Only Internet transports have ports. */
  g_warn_if_fail (self->transport == SP_TRANSPORT_TCP || self->transport == SP_TRANSPORT_UDP);
  g_warn_if_fail (self->name != NULL && self->name[0] != '\0');

  if (self->name == NULL)
    self->name = g_strdup ("");
}

static void
sp_protocol_class_init (SpProtocolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  const GParamFlags derived = (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  object_class->finalize = sp_protocol_finalize;
  object_class->constructed = sp_protocol_constructed;
  object_class->get_property = sp_protocol_get_property;
  object_class->set_property = sp_protocol_set_property;

  /**
   * SpProtocol:name:
   *
   * The short name everyone uses: `HTTP`, `IMAP4`, `DNS`. Not translated.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, construct);

  /**
   * SpProtocol:title:
   *
   * The full name, translated: "Hypertext Transfer Protocol".
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, construct);

  /**
   * SpProtocol:port:
   *
   * The well-known port a server of this protocol listens on (FTP: 21, its control port).
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, construct);

  /**
   * SpProtocol:extra-port:
   *
   * A second well-known port, or 0: FTP's data port 20 beside its control port 21.
   */
  properties[PROP_EXTRA_PORT] =
    g_param_spec_uint ("extra-port", NULL, NULL, 0, G_MAXUINT16, 0, construct);

  /**
   * SpProtocol:transport:
   *
   * %SP_TRANSPORT_TCP or %SP_TRANSPORT_UDP. A protocol that uses both (DNS) names the
   * one a first request uses, and says so in #SpProtocol:function.
   */
  properties[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL,
                       SP_TYPE_TRANSPORT, SP_TRANSPORT_TCP, construct);

  /**
   * SpProtocol:rfc:
   *
   * The RFCs that define the protocol today: "RFC 9110, RFC 9112".
   */
  properties[PROP_RFC] =
    g_param_spec_string ("rfc", NULL, NULL, NULL, construct);

  /**
   * SpProtocol:function:
   *
   * A translated sentence: what the protocol is for.
   */
  properties[PROP_FUNCTION] =
    g_param_spec_string ("function", NULL, NULL, NULL, construct);

  /**
   * SpProtocol:python-modules:
   *
   * The Python modules for this protocol, as the tutorial names them, with what Python 3
   * renamed them to ("httplib → http.client") and which ones it removed or deprecated.
   */
  properties[PROP_PYTHON_MODULES] =
    g_param_spec_string ("python-modules", NULL, NULL, NULL, construct);

  /**
   * SpProtocol:first-request:
   *
   * What a client sends first, as text with escapes (sp_payload_parse_text() reads it):
   * `HEAD / HTTP/1.0\r\n\r\n`. %NULL when the client has nothing to send first, usually
   * because the server speaks first; #SpProtocol:first-request-note says why.
   */
  properties[PROP_FIRST_REQUEST] =
    g_param_spec_string ("first-request", NULL, NULL, NULL, construct);

  /**
   * SpProtocol:first-request-note:
   *
   * A translated sentence about the first exchange: what the first request asks for, or
   * why there is none ("Sends nothing first: waits for the server's greeting.").
   */
  properties[PROP_FIRST_REQUEST_NOTE] =
    g_param_spec_string ("first-request-note", NULL, NULL, NULL, construct);

  /**
   * SpProtocol:in-tutorial:
   *
   * Whether the seed tutorial's table of Internet modules lists this protocol.
   */
  properties[PROP_IN_TUTORIAL] =
    g_param_spec_boolean ("in-tutorial", NULL, NULL, FALSE, construct);

  /**
   * SpProtocol:demo-port:
   *
   * Where the app's demo servers listen: the port itself when anyone may listen on it,
   * otherwise the port + 8000 (HTTP: 8080), since listening under 1024 needs
   * administrator rights.
   */
  properties[PROP_DEMO_PORT] =
    g_param_spec_uint ("demo-port", NULL, NULL, 0, G_MAXUINT16, 0, derived);

  /**
   * SpProtocol:is-privileged:
   *
   * Whether #SpProtocol:port is below 1024, where listening needs administrator rights
   * on Linux (connecting does not).
   */
  properties[PROP_IS_PRIVILEGED] =
    g_param_spec_boolean ("is-privileged", NULL, NULL, FALSE, derived);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_protocol_init (SpProtocol *self)
{
  self->transport = SP_TRANSPORT_TCP;
}

const char *
sp_protocol_get_name (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);

  return self->name;
}

const char *
sp_protocol_get_title (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);

  return self->title;
}

guint
sp_protocol_get_port (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), 0);

  return self->port;
}

guint
sp_protocol_get_extra_port (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), 0);

  return self->extra_port;
}

SpTransport
sp_protocol_get_transport (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), SP_TRANSPORT_TCP);

  return self->transport;
}

const char *
sp_protocol_get_rfc (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);

  return self->rfc;
}

const char *
sp_protocol_get_function (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);

  return self->function;
}

const char *
sp_protocol_get_python_modules (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);

  return self->python_modules;
}

/**
 * sp_protocol_get_first_request:
 *
 * Returns: (nullable): what a client sends first, as text with escapes
 */
const char *
sp_protocol_get_first_request (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);

  return self->first_request;
}

/**
 * sp_protocol_get_first_request_note:
 *
 * Returns: (nullable): a sentence about the first exchange
 */
const char *
sp_protocol_get_first_request_note (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);

  return self->first_request_note;
}

gboolean
sp_protocol_get_in_tutorial (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), FALSE);

  return self->in_tutorial;
}

/**
 * sp_protocol_get_demo_port:
 *
 * Returns: the port a demo server of this protocol listens on: #SpProtocol:port, plus
 *   8000 when that port is privileged
 */
guint
sp_protocol_get_demo_port (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), 0);

  if (sp_protocol_is_privileged (self))
    return self->port + SP_PROTOCOL_DEMO_OFFSET;

  return self->port;
}

/**
 * sp_protocol_is_privileged:
 *
 * Returns: whether listening on #SpProtocol:port needs administrator rights on Linux
 */
gboolean
sp_protocol_is_privileged (SpProtocol *self)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), FALSE);

  return self->port > 0 && self->port < SP_PROTOCOL_PRIVILEGED_LIMIT;
}

/**
 * sp_protocol_has_port:
 *
 * Returns: whether @port is this protocol's port or its extra port
 */
gboolean
sp_protocol_has_port (SpProtocol *self,
                      guint       port)
{
  g_return_val_if_fail (SP_IS_PROTOCOL (self), FALSE);

  return port != 0 && (port == self->port || port == self->extra_port);
}

/**
 * sp_protocol_dup_endpoint_text:
 * @self: a protocol
 * @host: a host name or address literal, such as `127.0.0.1` or `::1`
 * @demo_port: %TRUE for #SpProtocol:demo-port, %FALSE for the real #SpProtocol:port
 *
 * The endpoint a client pane aims at to speak this protocol to @host, in the app's
 * one syntax: `tcp://127.0.0.1:80`, `udp://[::1]:53`.
 *
 * Returns: (transfer full): the endpoint text
 */
char *
sp_protocol_dup_endpoint_text (SpProtocol *self,
                               const char *host,
                               gboolean    demo_port)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  guint port;

  g_return_val_if_fail (SP_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  port = demo_port ? sp_protocol_get_demo_port (self) : self->port;
  endpoint = sp_endpoint_new_inet (self->transport, host, (guint16) port);

  return sp_endpoint_to_string (endpoint);
}
