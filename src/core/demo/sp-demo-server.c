/* sp-demo-server.c — a stream server whose connections each get a protocol session
 *
 * The listening, accepting and logging are SpServer's, unchanged, with the manual
 * behaviour: the demo server only adds a session per connection, so a demo pane's log,
 * counters and connection list are those of any other server pane.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-demo-protocols.h"
#include "sp-demo-server.h"
#include "sp-protocols.h"

typedef struct
{
  const char *name;
  guint16     port;          /* the standard port; the demo listens on port + SP_DEMO_PORT_OFFSET */
  GType     (*get_type) (void);
} DemoProtocol;

/* One row per protocol; names as in the port catalogue (sp-protocols.c), lower case. */
static const DemoProtocol demo_protocols[] = {
  { "gopher", 70, sp_demo_gopher_session_get_type },
  /* HTTP, FTP, NNTP and Telnet */
  { "http", 80, sp_demo_http_session_get_type },
  { "ftp", 21, sp_demo_ftp_session_get_type },
  { "nntp", 119, sp_demo_nntp_session_get_type },
  { "telnet", 23, sp_demo_telnet_session_get_type },
  /* Mail: SMTP delivers to the shared mailbox, POP3 and IMAP read it. */
  { "smtp", 25, sp_demo_smtp_session_get_type },
  { "pop3", 110, sp_demo_pop3_session_get_type },
  { "imap", 143, sp_demo_imap_session_get_type },
};

struct _SpDemoServer
{
  GObject     parent_instance;

  const DemoProtocol *protocol;
  SpServer   *server;
  GHashTable *sessions;   /* SpConnection → SpDemoSession */
  SpMailbox  *mailbox;    /* NULL: the default one */
};

G_DEFINE_TYPE (SpDemoServer, sp_demo_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (sp-demo-error-quark, sp_demo_error)

enum {
  PROP_0,
  PROP_PROTOCOL,
  PROP_SERVER,
  PROP_N_SESSIONS,
  PROP_MAILBOX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const DemoProtocol *
find_protocol (const char *name)
{
  SpProtocol *catalogued;

  if (name == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (demo_protocols); i++)
    if (g_ascii_strcasecmp (demo_protocols[i].name, name) == 0)
      return &demo_protocols[i];

  /* The port catalogue's names and aliases find the same demo (IMAP4 and imap, pop and pop3). */
  catalogued = sp_protocols_lookup (name);
  for (gsize i = 0; catalogued != NULL && i < G_N_ELEMENTS (demo_protocols); i++)
    if (sp_protocol_has_port (catalogued, demo_protocols[i].port))
      return &demo_protocols[i];

  return NULL;
}

static void
connection_accepted_cb (SpServer     *server,
                        SpConnection *connection,
                        SpDemoServer *self)
{
  g_autoptr(SpDemoSession) session = NULL;

  session = g_object_new (self->protocol->get_type (),
                          "connection", connection,
                          "server", self,
                          NULL);
  g_hash_table_insert (self->sessions, g_object_ref (connection), g_object_ref (session));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SESSIONS]);

  SP_DEMO_SESSION_GET_CLASS (session)->start (session);
}

static void
connection_closed_cb (SpServer     *server,
                      SpConnection *connection,
                      SpDemoServer *self)
{
  if (g_hash_table_remove (self->sessions, connection))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SESSIONS]);
}

static void
sp_demo_server_dispose (GObject *object)
{
  SpDemoServer *self = SP_DEMO_SERVER (object);

  if (self->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      sp_server_stop (self->server);
    }
  g_hash_table_remove_all (self->sessions);
  g_clear_object (&self->server);
  g_clear_object (&self->mailbox);

  G_OBJECT_CLASS (sp_demo_server_parent_class)->dispose (object);
}

static void
sp_demo_server_finalize (GObject *object)
{
  SpDemoServer *self = SP_DEMO_SERVER (object);

  g_hash_table_unref (self->sessions);

  G_OBJECT_CLASS (sp_demo_server_parent_class)->finalize (object);
}

static void
sp_demo_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpDemoServer *self = SP_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL:
      g_value_set_string (value, self->protocol->name);
      break;

    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;

    case PROP_N_SESSIONS:
      g_value_set_uint (value, g_hash_table_size (self->sessions));
      break;

    case PROP_MAILBOX:
      g_value_set_object (value, sp_demo_server_get_mailbox (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_demo_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SpDemoServer *self = SP_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_MAILBOX:
      sp_demo_server_set_mailbox (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_demo_server_class_init (SpDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_demo_server_dispose;
  object_class->finalize = sp_demo_server_finalize;
  object_class->get_property = sp_demo_server_get_property;
  object_class->set_property = sp_demo_server_set_property;

  properties[PROP_PROTOCOL] =
    g_param_spec_string ("protocol", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, SP_TYPE_SERVER,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_SESSIONS] =
    g_param_spec_uint ("n-sessions", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_MAILBOX] =
    g_param_spec_object ("mailbox", NULL, NULL, SP_TYPE_MAILBOX,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_demo_server_init (SpDemoServer *self)
{
  self->sessions = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
}

/**
 * sp_demo_server_list_protocols:
 *
 * Returns: (transfer container): the protocols a demo server speaks, %NULL-terminated;
 *   the strings are static
 */
const char * const *
sp_demo_server_list_protocols (void)
{
  static const char *names[G_N_ELEMENTS (demo_protocols) + 1];

  if (names[0] == NULL)
    for (gsize i = 0; i < G_N_ELEMENTS (demo_protocols); i++)
      names[i] = demo_protocols[i].name;

  return names;
}

gboolean
sp_demo_server_has_protocol (const char *protocol)
{
  return find_protocol (protocol) != NULL;
}

/**
 * sp_demo_server_protocol_for_port:
 * @standard_port: a protocol's well-known port, as the port catalogue has it (143 for IMAP4)
 *
 * Returns: (nullable): the demo protocol's name, or %NULL when no demo speaks it
 */
const char *
sp_demo_server_protocol_for_port (guint16 standard_port)
{
  for (gsize i = 0; i < G_N_ELEMENTS (demo_protocols); i++)
    if (demo_protocols[i].port == standard_port)
      return demo_protocols[i].name;

  return NULL;
}

/* The protocol's port plus SP_DEMO_PORT_OFFSET (SMTP 25 → 8025), or 0 for an unknown name. */
guint16
sp_demo_server_default_port (const char *protocol)
{
  const DemoProtocol *found = find_protocol (protocol);

  return found != NULL ? found->port + SP_DEMO_PORT_OFFSET : 0;
}

char *
sp_demo_server_dup_default_endpoint (const char *protocol)
{
  guint16 port = sp_demo_server_default_port (protocol);

  return port != 0 ? g_strdup_printf ("tcp://127.0.0.1:%u", port) : NULL;
}

/**
 * sp_demo_server_new:
 * @protocol: a name from sp_demo_server_list_protocols(), any case
 * @endpoint: a stream endpoint (TCP or Unix)
 *
 * Returns: (transfer full): a stopped demo server, or %NULL with %SP_DEMO_ERROR set
 */
SpDemoServer *
sp_demo_server_new (const char  *protocol,
                    SpEndpoint  *endpoint,
                    GError     **error)
{
  const DemoProtocol *found;
  SpDemoServer *self;

  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  found = find_protocol (protocol);
  if (found == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) sp_demo_server_list_protocols ());

      g_set_error (error, SP_DEMO_ERROR, SP_DEMO_ERROR_UNKNOWN_PROTOCOL,
                   _("There is no demo server for “%s”. Demo servers speak: %s."),
                   protocol != NULL ? protocol : "", known);
      return NULL;
    }

  if (!sp_endpoint_is_stream (endpoint))
    {
      g_set_error (error, SP_DEMO_ERROR, SP_DEMO_ERROR_NOT_A_STREAM,
                   _("The %s demo server needs a stream endpoint (tcp:// or unix:), not datagrams."),
                   found->name);
      return NULL;
    }

  self = g_object_new (SP_TYPE_DEMO_SERVER, NULL);
  self->protocol = found;
  self->server = sp_server_new (endpoint);
  sp_server_set_behaviour (self->server, SP_BEHAVIOUR_MANUAL);
  g_signal_connect_object (self->server, "connection-accepted",
                           G_CALLBACK (connection_accepted_cb), self, 0);
  g_signal_connect_object (self->server, "connection-closed",
                           G_CALLBACK (connection_closed_cb), self, 0);

  return self;
}

const char *
sp_demo_server_get_protocol (SpDemoServer *self)
{
  g_return_val_if_fail (SP_IS_DEMO_SERVER (self), NULL);

  return self->protocol->name;
}

/* The plain server underneath: its log, connections and counters are the pane's. */
SpServer *
sp_demo_server_get_server (SpDemoServer *self)
{
  g_return_val_if_fail (SP_IS_DEMO_SERVER (self), NULL);

  return self->server;
}

SpEventLog *
sp_demo_server_get_log (SpDemoServer *self)
{
  g_return_val_if_fail (SP_IS_DEMO_SERVER (self), NULL);

  return sp_server_get_log (self->server);
}

guint
sp_demo_server_get_n_sessions (SpDemoServer *self)
{
  g_return_val_if_fail (SP_IS_DEMO_SERVER (self), 0);

  return g_hash_table_size (self->sessions);
}

void
sp_demo_server_start_async (SpDemoServer        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (SP_IS_DEMO_SERVER (self));

  sp_server_start_async (self->server, cancellable, callback, user_data);
}

/* @result is the one sp_demo_server_start_async()'s callback got (its source is the SpServer). */
gboolean
sp_demo_server_start_finish (SpDemoServer  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SP_IS_DEMO_SERVER (self), FALSE);

  return sp_server_start_finish (self->server, result, error);
}

void
sp_demo_server_stop (SpDemoServer *self)
{
  g_return_if_fail (SP_IS_DEMO_SERVER (self));

  sp_server_stop (self->server);
  g_hash_table_remove_all (self->sessions);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SESSIONS]);
}

/**
 * sp_demo_server_get_mailbox:
 *
 * Returns: (transfer none): the mailbox the mail protocols deliver to and read from
 */
SpMailbox *
sp_demo_server_get_mailbox (SpDemoServer *self)
{
  g_return_val_if_fail (SP_IS_DEMO_SERVER (self), NULL);

  return self->mailbox != NULL ? self->mailbox : sp_mailbox_get_default ();
}

/**
 * sp_demo_server_set_mailbox:
 * @mailbox: (nullable): a mailbox, or %NULL for the default one
 *
 * Sessions already open keep the mailbox they started with.
 */
void
sp_demo_server_set_mailbox (SpDemoServer *self,
                            SpMailbox    *mailbox)
{
  g_return_if_fail (SP_IS_DEMO_SERVER (self));
  g_return_if_fail (mailbox == NULL || SP_IS_MAILBOX (mailbox));

  if (g_set_object (&self->mailbox, mailbox))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAILBOX]);
}
