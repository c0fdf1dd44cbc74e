/* sp-scenario-pane.c — one pane of a playground file: a server's or a client's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A description, not a running pane: it holds what a playground file says of a pane, and
 * makes the engine objects that run it. A client's endpoint may name a server pane,
 * `@Server 1`, rather than an address: whoever runs the playground puts that server's
 * bound address there once it listens, so a file with port 0 runs anywhere.
 */

#include "config.h"

#include <gio/gnetworking.h>

#include "sp-core-enums.h"
#include "sp-demo-server.h"
#include "sp-payload.h"
#include "sp-reply-rule.h"
#include "sp-scenario-pane.h"

struct _SpScenarioPane
{
  GObject             parent_instance;

  char               *name;
  char               *endpoint;
  char               *protocol;      /* a demo server's protocol, or NULL */
  char               *reply_text;
  GListStore         *rules;
  char               *fallback_reply;
  char               *send_text;
  char               *script_text;
  guint               frame_length;
  guint               backlog;
  guint               timeout;
  guint               repeat;
  guint               repeat_interval;
  SpScenarioPaneKind  kind;
  SpBehaviour         behaviour;
  SpFraming           framing;
  gboolean            close_after_reply;
  gboolean            send_hex;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_NAME,
  PROP_ENDPOINT,
  PROP_PROTOCOL,
  PROP_BEHAVIOUR,
  PROP_REPLY_TEXT,
  PROP_CLOSE_AFTER_REPLY,
  PROP_FALLBACK_REPLY,
  PROP_FRAMING,
  PROP_FRAME_LENGTH,
  PROP_BACKLOG,
  PROP_SEND_TEXT,
  PROP_SEND_HEX,
  PROP_TIMEOUT,
  PROP_REPEAT,
  PROP_REPEAT_INTERVAL,
  PROP_SCRIPT_TEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpScenarioPane, sp_scenario_pane, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* The engine's own defaults, read once from a server and a client that are never run,
 * so a file that leaves a key out means what a new pane means. */
static void
engine_defaults (SpScenarioPane *self)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_new_inet (SP_TRANSPORT_TCP, "127.0.0.1", 0);
  g_autoptr(SpServer) server = sp_server_new (endpoint);
  g_autoptr(SpClient) client = sp_client_new (endpoint);

  self->behaviour = sp_server_get_behaviour (server);
  self->close_after_reply = sp_server_get_close_after_reply (server);
  self->framing = sp_server_get_framing (server);
  self->frame_length = sp_server_get_frame_length (server);
  self->backlog = sp_server_get_backlog (server);
  self->timeout = sp_client_get_timeout (client);
}

/* g_set_str () arrived in GLib 2.76. */
static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  /* An empty text and no text are one and the same in a file. */
  if (value != NULL && *value == '\0')
    value = NULL;

  return replace_string (field, value);
}

static void
sp_scenario_pane_finalize (GObject *object)
{
  SpScenarioPane *self = (SpScenarioPane *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->protocol, g_free);
  g_clear_pointer (&self->reply_text, g_free);
  g_clear_object (&self->rules);
  g_clear_pointer (&self->fallback_reply, g_free);
  g_clear_pointer (&self->send_text, g_free);
  g_clear_pointer (&self->script_text, g_free);

  G_OBJECT_CLASS (sp_scenario_pane_parent_class)->finalize (object);
}

static void
sp_scenario_pane_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpScenarioPane *self = SP_SCENARIO_PANE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_PROTOCOL:
      g_value_set_string (value, self->protocol);
      break;
    case PROP_BEHAVIOUR:
      g_value_set_enum (value, self->behaviour);
      break;
    case PROP_REPLY_TEXT:
      g_value_set_string (value, self->reply_text);
      break;
    case PROP_CLOSE_AFTER_REPLY:
      g_value_set_boolean (value, self->close_after_reply);
      break;
    case PROP_FALLBACK_REPLY:
      g_value_set_string (value, self->fallback_reply);
      break;
    case PROP_FRAMING:
      g_value_set_enum (value, self->framing);
      break;
    case PROP_FRAME_LENGTH:
      g_value_set_uint (value, self->frame_length);
      break;
    case PROP_BACKLOG:
      g_value_set_uint (value, self->backlog);
      break;
    case PROP_SEND_TEXT:
      g_value_set_string (value, self->send_text);
      break;
    case PROP_SEND_HEX:
      g_value_set_boolean (value, self->send_hex);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_REPEAT:
      g_value_set_uint (value, self->repeat);
      break;
    case PROP_REPEAT_INTERVAL:
      g_value_set_uint (value, self->repeat_interval);
      break;
    case PROP_SCRIPT_TEXT:
      g_value_set_string (value, self->script_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_scenario_pane_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SpScenarioPane *self = SP_SCENARIO_PANE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_NAME:
      sp_scenario_pane_set_name (self, g_value_get_string (value));
      break;
    case PROP_ENDPOINT:
      sp_scenario_pane_set_endpoint (self, g_value_get_string (value));
      break;
    case PROP_PROTOCOL:
      sp_scenario_pane_set_protocol (self, g_value_get_string (value));
      break;
    case PROP_BEHAVIOUR:
      sp_scenario_pane_set_behaviour (self, g_value_get_enum (value));
      break;
    case PROP_REPLY_TEXT:
      sp_scenario_pane_set_reply_text (self, g_value_get_string (value));
      break;
    case PROP_CLOSE_AFTER_REPLY:
      sp_scenario_pane_set_close_after_reply (self, g_value_get_boolean (value));
      break;
    case PROP_FALLBACK_REPLY:
      sp_scenario_pane_set_fallback_reply (self, g_value_get_string (value));
      break;
    case PROP_FRAMING:
      sp_scenario_pane_set_framing (self, g_value_get_enum (value));
      break;
    case PROP_FRAME_LENGTH:
      sp_scenario_pane_set_frame_length (self, g_value_get_uint (value));
      break;
    case PROP_BACKLOG:
      sp_scenario_pane_set_backlog (self, g_value_get_uint (value));
      break;
    case PROP_SEND_TEXT:
      sp_scenario_pane_set_send_text (self, g_value_get_string (value));
      break;
    case PROP_SEND_HEX:
      sp_scenario_pane_set_send_hex (self, g_value_get_boolean (value));
      break;
    case PROP_TIMEOUT:
      sp_scenario_pane_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_REPEAT:
      sp_scenario_pane_set_repeat (self, g_value_get_uint (value));
      break;
    case PROP_REPEAT_INTERVAL:
      sp_scenario_pane_set_repeat_interval (self, g_value_get_uint (value));
      break;
    case PROP_SCRIPT_TEXT:
      sp_scenario_pane_set_script_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
sp_scenario_pane_class_init (SpScenarioPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_scenario_pane_finalize;
  object_class->get_property = sp_scenario_pane_get_property;
  object_class->set_property = sp_scenario_pane_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SP_TYPE_SCENARIO_PANE_KIND, SP_SCENARIO_PANE_SERVER,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * SpScenarioPane:name:
   *
   * The pane's title, which clients' `@NAME` endpoints and expectations refer to.
   */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, RW);

  /**
   * SpScenarioPane:endpoint:
   *
   * Where a server listens or a client connects, as written: an endpoint, or for a
   * client `@NAME`, the address a server pane is bound to.
   */
  properties[PROP_ENDPOINT] = g_param_spec_string ("endpoint", NULL, NULL, NULL, RW);

  /**
   * SpScenarioPane:protocol:
   *
   * For a server, the demo protocol it speaks (a name of
   * sp_demo_server_list_protocols(), such as `smtp`), or %NULL for a server with a
   * behaviour. A demo server answers by its protocol: the behaviour settings say
   * nothing then.
   */
  properties[PROP_PROTOCOL] = g_param_spec_string ("protocol", NULL, NULL, NULL, RW);
  properties[PROP_BEHAVIOUR] =
    g_param_spec_enum ("behaviour", NULL, NULL, SP_TYPE_BEHAVIOUR, SP_BEHAVIOUR_REPLY, RW);
  properties[PROP_REPLY_TEXT] = g_param_spec_string ("reply-text", NULL, NULL, NULL, RW);
  properties[PROP_CLOSE_AFTER_REPLY] =
    g_param_spec_boolean ("close-after-reply", NULL, NULL, TRUE, RW);
  properties[PROP_FALLBACK_REPLY] = g_param_spec_string ("fallback-reply", NULL, NULL, NULL, RW);
  properties[PROP_FRAMING] =
    g_param_spec_enum ("framing", NULL, NULL, SP_TYPE_FRAMING, SP_FRAMING_LINE, RW);
  properties[PROP_FRAME_LENGTH] =
    g_param_spec_uint ("frame-length", NULL, NULL, 1, SP_FRAMER_MAX_MESSAGE,
                       SP_FRAMER_DEFAULT_LENGTH, RW);
  properties[PROP_BACKLOG] = g_param_spec_uint ("backlog", NULL, NULL, 1, G_MAXINT, SOMAXCONN, RW);

  /**
   * SpScenarioPane:send-text:
   *
   * What the pane's send box holds: text with escapes, or hex digits when
   * #SpScenarioPane:send-hex is set.
   */
  properties[PROP_SEND_TEXT] = g_param_spec_string ("send-text", NULL, NULL, NULL, RW);
  properties[PROP_SEND_HEX] = g_param_spec_boolean ("send-hex", NULL, NULL, FALSE, RW);
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 0, 3600, 10, RW);

  /**
   * SpScenarioPane:repeat:
   *
   * How many times a client sends its data once connected, when the playground runs
   * without a window.
   */
  properties[PROP_REPEAT] =
    g_param_spec_uint ("repeat", NULL, NULL, 1, SP_SCENARIO_PANE_MAX_REPEAT,
                       SP_SCENARIO_PANE_DEFAULT_REPEAT, RW);
  properties[PROP_REPEAT_INTERVAL] =
    g_param_spec_uint ("repeat-interval", NULL, NULL, 0, SP_SCENARIO_PANE_MAX_REPEAT_INTERVAL,
                       SP_SCENARIO_PANE_DEFAULT_REPEAT_INTERVAL, RW);

  /**
   * SpScenarioPane:script-text:
   *
   * A client's script, in the text form sp_script_parse() reads, or %NULL.
   */
  properties[PROP_SCRIPT_TEXT] = g_param_spec_string ("script-text", NULL, NULL, NULL, RW);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_scenario_pane_init (SpScenarioPane *self)
{
  self->rules = g_list_store_new (SP_TYPE_REPLY_RULE);
  self->repeat = SP_SCENARIO_PANE_DEFAULT_REPEAT;
  self->repeat_interval = SP_SCENARIO_PANE_DEFAULT_REPEAT_INTERVAL;
  engine_defaults (self);
}

/**
 * sp_scenario_pane_new:
 * @name: the pane's title
 *
 * A pane with a new pane's settings and no endpoint yet.
 *
 * Returns: (transfer full): the pane
 */
SpScenarioPane *
sp_scenario_pane_new (SpScenarioPaneKind  kind,
                      const char         *name)
{
  g_return_val_if_fail (kind <= SP_SCENARIO_PANE_CLIENT, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (SP_TYPE_SCENARIO_PANE,
                       "kind", kind,
                       "name", name,
                       NULL);
}

SpScenarioPaneKind
sp_scenario_pane_get_kind (SpScenarioPane *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), SP_SCENARIO_PANE_SERVER);

  return self->kind;
}

#define STRING_ACCESSORS(field, PROP)                                              \
const char *                                                                       \
sp_scenario_pane_get_##field (SpScenarioPane *self)                                \
{                                                                                  \
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), NULL);                         \
  return self->field;                                                              \
}                                                                                  \
                                                                                   \
void                                                                               \
sp_scenario_pane_set_##field (SpScenarioPane *self,                                \
                              const char     *value)                               \
{                                                                                  \
  g_return_if_fail (SP_IS_SCENARIO_PANE (self));                                   \
  if (set_string (&self->field, value))                                            \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                  \
}

#define VALUE_ACCESSORS(type, field, PROP)                                         \
type                                                                               \
sp_scenario_pane_get_##field (SpScenarioPane *self)                                \
{                                                                                  \
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), 0);                            \
  return self->field;                                                              \
}                                                                                  \
                                                                                   \
void                                                                               \
sp_scenario_pane_set_##field (SpScenarioPane *self,                                \
                              type            value)                               \
{                                                                                  \
  g_return_if_fail (SP_IS_SCENARIO_PANE (self));                                   \
  if (self->field == value)                                                        \
    return;                                                                        \
  self->field = value;                                                             \
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                    \
}

STRING_ACCESSORS (endpoint, PROP_ENDPOINT)
STRING_ACCESSORS (protocol, PROP_PROTOCOL)
STRING_ACCESSORS (reply_text, PROP_REPLY_TEXT)
STRING_ACCESSORS (fallback_reply, PROP_FALLBACK_REPLY)
STRING_ACCESSORS (send_text, PROP_SEND_TEXT)
STRING_ACCESSORS (script_text, PROP_SCRIPT_TEXT)
VALUE_ACCESSORS (SpBehaviour, behaviour, PROP_BEHAVIOUR)
VALUE_ACCESSORS (gboolean, close_after_reply, PROP_CLOSE_AFTER_REPLY)
VALUE_ACCESSORS (SpFraming, framing, PROP_FRAMING)
VALUE_ACCESSORS (gboolean, send_hex, PROP_SEND_HEX)

const char *
sp_scenario_pane_get_name (SpScenarioPane *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), NULL);

  return self->name;
}

void
sp_scenario_pane_set_name (SpScenarioPane *self,
                           const char     *name)
{
  g_return_if_fail (SP_IS_SCENARIO_PANE (self));
  g_return_if_fail (name != NULL);

  if (replace_string (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/**
 * sp_scenario_pane_get_endpoint_reference:
 *
 * Returns: (nullable): the name of the server pane an `@NAME` endpoint refers to, or
 *   %NULL when the endpoint is an address
 */
const char *
sp_scenario_pane_get_endpoint_reference (SpScenarioPane *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), NULL);

  if (self->endpoint == NULL || self->endpoint[0] != '@')
    return NULL;

  return self->endpoint + 1;
}

/**
 * sp_scenario_pane_get_rules:
 *
 * Returns: (transfer none): the server's rules, #SpReplyRule, in order
 */
GListModel *
sp_scenario_pane_get_rules (SpScenarioPane *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), NULL);

  return G_LIST_MODEL (self->rules);
}

/**
 * sp_scenario_pane_set_rules:
 * @rules: (nullable): #SpReplyRule, copied in order
 */
void
sp_scenario_pane_set_rules (SpScenarioPane *self,
                            GListModel     *rules)
{
  guint n;

  g_return_if_fail (SP_IS_SCENARIO_PANE (self));
  g_return_if_fail (rules == NULL || G_IS_LIST_MODEL (rules));

  if (rules == G_LIST_MODEL (self->rules))
    return;

  n = rules != NULL ? g_list_model_get_n_items (rules) : 0;
  g_list_store_remove_all (self->rules);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpReplyRule) rule = g_list_model_get_item (rules, i);

      g_list_store_append (self->rules, rule);
    }
}

guint
sp_scenario_pane_get_frame_length (SpScenarioPane *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), 0);

  return self->frame_length;
}

void
sp_scenario_pane_set_frame_length (SpScenarioPane *self,
                                   guint           frame_length)
{
  g_return_if_fail (SP_IS_SCENARIO_PANE (self));
  g_return_if_fail (frame_length > 0 && frame_length <= SP_FRAMER_MAX_MESSAGE);

  if (self->frame_length == frame_length)
    return;

  self->frame_length = frame_length;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME_LENGTH]);
}

guint
sp_scenario_pane_get_backlog (SpScenarioPane *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), 0);

  return self->backlog;
}

void
sp_scenario_pane_set_backlog (SpScenarioPane *self,
                              guint           backlog)
{
  g_return_if_fail (SP_IS_SCENARIO_PANE (self));
  g_return_if_fail (backlog > 0 && backlog <= G_MAXINT);

  if (self->backlog == backlog)
    return;

  self->backlog = backlog;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKLOG]);
}

guint
sp_scenario_pane_get_timeout (SpScenarioPane *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), 0);

  return self->timeout;
}

void
sp_scenario_pane_set_timeout (SpScenarioPane *self,
                              guint           timeout_seconds)
{
  g_return_if_fail (SP_IS_SCENARIO_PANE (self));
  g_return_if_fail (timeout_seconds <= 3600);

  if (self->timeout == timeout_seconds)
    return;

  self->timeout = timeout_seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
sp_scenario_pane_get_repeat (SpScenarioPane *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), 0);

  return self->repeat;
}

void
sp_scenario_pane_set_repeat (SpScenarioPane *self,
                             guint           repeat)
{
  g_return_if_fail (SP_IS_SCENARIO_PANE (self));
  g_return_if_fail (repeat >= 1 && repeat <= SP_SCENARIO_PANE_MAX_REPEAT);

  if (self->repeat == repeat)
    return;

  self->repeat = repeat;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPEAT]);
}

guint
sp_scenario_pane_get_repeat_interval (SpScenarioPane *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), 0);

  return self->repeat_interval;
}

void
sp_scenario_pane_set_repeat_interval (SpScenarioPane *self,
                                      guint           interval_ms)
{
  g_return_if_fail (SP_IS_SCENARIO_PANE (self));
  g_return_if_fail (interval_ms <= SP_SCENARIO_PANE_MAX_REPEAT_INTERVAL);

  if (self->repeat_interval == interval_ms)
    return;

  self->repeat_interval = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPEAT_INTERVAL]);
}

/**
 * sp_scenario_pane_dup_send_bytes:
 * @error: a %SP_PAYLOAD_ERROR when the send text does not read
 *
 * Returns: (transfer full) (nullable): the bytes the send box stands for (empty when it
 *   is empty), or %NULL with @error set
 */
GBytes *
sp_scenario_pane_dup_send_bytes (SpScenarioPane  *self,
                                 GError         **error)
{
  const char *text;

  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), NULL);

  text = self->send_text != NULL ? self->send_text : "";
  if (self->send_hex)
    return sp_payload_parse_hex (text, -1, NULL, error);

  return sp_payload_parse_text (text, -1, NULL, error);
}

/**
 * sp_scenario_pane_read_server:
 * @server: a server whose settings this pane takes: behaviour, reply, close after
 *   reply, rules, fallback, framing, frame length and backlog (not its endpoint)
 */
void
sp_scenario_pane_read_server (SpScenarioPane *self,
                              SpServer       *server)
{
  g_return_if_fail (SP_IS_SCENARIO_PANE (self));
  g_return_if_fail (SP_IS_SERVER (server));

  sp_scenario_pane_set_behaviour (self, sp_server_get_behaviour (server));
  sp_scenario_pane_set_reply_text (self, sp_server_get_reply_text (server));
  sp_scenario_pane_set_close_after_reply (self, sp_server_get_close_after_reply (server));
  sp_scenario_pane_set_rules (self, sp_server_get_rules (server));
  sp_scenario_pane_set_fallback_reply (self, sp_server_get_fallback_reply (server));
  sp_scenario_pane_set_framing (self, sp_server_get_framing (server));
  sp_scenario_pane_set_frame_length (self, sp_server_get_frame_length (server));
  sp_scenario_pane_set_backlog (self, sp_server_get_backlog (server));
}

/**
 * sp_scenario_pane_create_server:
 * @endpoint: where the server listens: the pane's endpoint, resolved by the caller
 *
 * Returns: (transfer full): a new, stopped server with this pane's settings
 */
SpServer *
sp_scenario_pane_create_server (SpScenarioPane *self,
                                SpEndpoint     *endpoint)
{
  SpServer *server;

  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), NULL);
  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);

  server = sp_server_new (endpoint);
  sp_server_set_behaviour (server, self->behaviour);
  sp_server_set_reply_text (server, self->reply_text);
  sp_server_set_close_after_reply (server, self->close_after_reply);
  sp_server_set_rules (server, G_LIST_MODEL (self->rules));
  sp_server_set_fallback_reply (server, self->fallback_reply);
  sp_server_set_framing (server, self->framing);
  sp_server_set_frame_length (server, self->frame_length);
  sp_server_set_backlog (server, self->backlog);

  return server;
}

/**
 * sp_scenario_pane_create_demo_server:
 * @endpoint: where the server listens: the pane's endpoint, resolved by the caller
 * @mailbox: (nullable): the mailbox the mail protocols share, or %NULL for
 *   sp_mailbox_get_default()
 * @error: a %SP_DEMO_ERROR when @endpoint is not a stream
 *
 * For a pane with a #SpScenarioPane:protocol.
 *
 * Returns: (transfer full) (nullable): a new, stopped demo server speaking this pane's
 *   protocol, or %NULL with @error set
 */
SpDemoServer *
sp_scenario_pane_create_demo_server (SpScenarioPane  *self,
                                     SpEndpoint      *endpoint,
                                     SpMailbox       *mailbox,
                                     GError         **error)
{
  g_autoptr(SpDemoServer) demo = NULL;

  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), NULL);
  g_return_val_if_fail (self->protocol != NULL, NULL);
  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);
  g_return_val_if_fail (mailbox == NULL || SP_IS_MAILBOX (mailbox), NULL);

  demo = sp_demo_server_new (self->protocol, endpoint, error);
  if (demo == NULL)
    return NULL;

  sp_demo_server_set_mailbox (demo, mailbox);
  sp_server_set_backlog (sp_demo_server_get_server (demo), self->backlog);

  return g_steal_pointer (&demo);
}

/**
 * sp_scenario_pane_create_client:
 * @endpoint: where the client connects: the pane's endpoint, or the bound address of
 *   the server pane it refers to
 *
 * Returns: (transfer full): a new, unconnected client with this pane's settings
 */
SpClient *
sp_scenario_pane_create_client (SpScenarioPane *self,
                                SpEndpoint     *endpoint)
{
  SpClient *client;

  g_return_val_if_fail (SP_IS_SCENARIO_PANE (self), NULL);
  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);

  client = sp_client_new (endpoint);
  sp_client_set_timeout (client, self->timeout);

  return client;
}

static gboolean
rules_equal (GListModel *a,
             GListModel *b)
{
  guint n = g_list_model_get_n_items (a);

  if (n != g_list_model_get_n_items (b))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpReplyRule) rule_a = g_list_model_get_item (a, i);
      g_autoptr(SpReplyRule) rule_b = g_list_model_get_item (b, i);
      g_autofree char *spec_a = sp_reply_rule_to_spec (rule_a);
      g_autofree char *spec_b = sp_reply_rule_to_spec (rule_b);

      if (!g_str_equal (spec_a, spec_b))
        return FALSE;
    }

  return TRUE;
}

/* The settings a demo server's protocol stands in for. */
static gboolean
behaviours_equal (SpScenarioPane *a,
                  SpScenarioPane *b)
{
  return a->behaviour == b->behaviour &&
         g_strcmp0 (a->reply_text, b->reply_text) == 0 &&
         a->close_after_reply == b->close_after_reply &&
         rules_equal (G_LIST_MODEL (a->rules), G_LIST_MODEL (b->rules)) &&
         g_strcmp0 (a->fallback_reply, b->fallback_reply) == 0 &&
         a->framing == b->framing &&
         a->frame_length == b->frame_length;
}

/**
 * sp_scenario_pane_equal:
 *
 * Returns: whether the two panes say the same in every setting (for two demo servers
 *   of one protocol, the behaviour settings, which they do not use, aside)
 */
gboolean
sp_scenario_pane_equal (SpScenarioPane *a,
                        SpScenarioPane *b)
{
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (a), FALSE);
  g_return_val_if_fail (SP_IS_SCENARIO_PANE (b), FALSE);

  return a->kind == b->kind &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->endpoint, b->endpoint) == 0 &&
         g_strcmp0 (a->protocol, b->protocol) == 0 &&
         (a->protocol != NULL || behaviours_equal (a, b)) &&
         a->backlog == b->backlog &&
         g_strcmp0 (a->send_text, b->send_text) == 0 &&
         a->send_hex == b->send_hex &&
         a->timeout == b->timeout &&
         a->repeat == b->repeat &&
         a->repeat_interval == b->repeat_interval &&
         g_strcmp0 (a->script_text, b->script_text) == 0;
}

/**
 * sp_scenario_pane_kind_get_key:
 *
 * Returns: the value of `Kind=` for @kind: `server` or `client`
 */
const char *
sp_scenario_pane_kind_get_key (SpScenarioPaneKind kind)
{
  return kind == SP_SCENARIO_PANE_CLIENT ? "client" : "server";
}
