/* sp-demo-server.h — a server that speaks a small, honest subset of a classic protocol */
#pragma once

#include <gio/gio.h>

#include "sp-demo-session.h"
#include "sp-endpoint.h"
#include "sp-mailbox.h"
#include "sp-server.h"

G_BEGIN_DECLS

#define SP_DEMO_ERROR (sp_demo_error_quark ())

typedef enum
{
  SP_DEMO_ERROR_UNKNOWN_PROTOCOL,
  SP_DEMO_ERROR_NOT_A_STREAM,
} SpDemoError;

/* The one login every demo server accepts; panes show it. */
#define SP_DEMO_USER     "learner"
#define SP_DEMO_PASSWORD "playground"

/* Demo servers listen on the protocol's port plus this, so no privilege is needed. */
#define SP_DEMO_PORT_OFFSET 8000

#define SP_TYPE_DEMO_SERVER (sp_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (SpDemoServer, sp_demo_server, SP, DEMO_SERVER, GObject)

GQuark              sp_demo_error_quark           (void);

const char * const *sp_demo_server_list_protocols (void);
gboolean            sp_demo_server_has_protocol   (const char    *protocol);
const char         *sp_demo_server_protocol_for_port (guint16     standard_port);
guint16             sp_demo_server_default_port   (const char    *protocol);
char               *sp_demo_server_dup_default_endpoint (const char *protocol);
char               *sp_demo_server_dup_python_snippet   (const char *protocol,
                                                         const char *host,
                                                         guint16     port);
const char         *sp_demo_server_get_first_command    (const char *protocol);

SpDemoServer       *sp_demo_server_new            (const char    *protocol,
                                                   SpEndpoint    *endpoint,
                                                   GError       **error);
const char         *sp_demo_server_get_protocol   (SpDemoServer  *self);
SpServer           *sp_demo_server_get_server     (SpDemoServer  *self);
SpEventLog         *sp_demo_server_get_log        (SpDemoServer  *self);
guint               sp_demo_server_get_n_sessions (SpDemoServer  *self);
void                sp_demo_server_start_async    (SpDemoServer        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            sp_demo_server_start_finish   (SpDemoServer  *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);
void                sp_demo_server_stop           (SpDemoServer  *self);

/* The mail protocols (SMTP, POP3, IMAP) share a mailbox, sp_mailbox_get_default() unless set. */
SpMailbox          *sp_demo_server_get_mailbox    (SpDemoServer  *self);
void                sp_demo_server_set_mailbox    (SpDemoServer  *self,
                                                   SpMailbox     *mailbox);

G_END_DECLS
