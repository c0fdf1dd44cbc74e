/* sp-demo-session.h — one client's conversation with a demo protocol server
 *
 * A demo server (SpDemoServer) makes one session per accepted connection. The session
 * cuts what arrives into lines and hands each one to its protocol (a subclass, one file
 * per protocol), which answers with sp_demo_session_reply(). Every command and reply is
 * also written to the server's log as a line, so a learner reads the conversation.
 */
#pragma once

#include <gio/gio.h>

#include "sp-connection.h"
#include "sp-event-log.h"

G_BEGIN_DECLS

/* The longest command line a demo server takes, CR LF excluded. Longer input gets the
 * protocol's own error reply and is skipped up to the next line feed. */
#define SP_DEMO_MAX_LINE 8192

typedef enum
{
  SP_DEMO_INPUT_LINE_TOO_LONG,
  SP_DEMO_INPUT_BINARY,
} SpDemoInputProblem;

typedef struct _SpDemoServer SpDemoServer;

#define SP_TYPE_DEMO_SESSION (sp_demo_session_get_type ())

G_DECLARE_DERIVABLE_TYPE (SpDemoSession, sp_demo_session, SP, DEMO_SESSION, GObject)

struct _SpDemoSessionClass
{
  GObjectClass parent_class;

  /* After accept(): send the greeting, if the protocol has one. */
  void     (*start)     (SpDemoSession      *self);
  /* One complete line, without its line ending. Never contains a NUL byte. */
  void     (*line)      (SpDemoSession      *self,
                         const char         *line,
                         gsize               length);
  /* Input no line can be made of; answer with the protocol's error reply.
   * The default closes the connection. */
  void     (*bad_input) (SpDemoSession      *self,
                         SpDemoInputProblem  problem);
  /* Optional: sees the raw bytes before they are cut into lines and returns what
   * remains (Telnet takes its IAC commands out here). */
  GBytes  *(*filter)    (SpDemoSession      *self,
                         GBytes             *bytes);
  /* The connection is gone (either side). */
  void     (*closed)    (SpDemoSession      *self);

  gpointer padding[8];
};

SpConnection *sp_demo_session_get_connection (SpDemoSession *self);
SpDemoServer *sp_demo_session_get_server     (SpDemoSession *self);
SpEventLog   *sp_demo_session_get_log        (SpDemoSession *self);
char         *sp_demo_session_dup_local_host (SpDemoSession *self,
                                              guint16       *port);
void          sp_demo_session_reply          (SpDemoSession *self,
                                              const char    *format,
                                              ...) G_GNUC_PRINTF (2, 3);
void          sp_demo_session_reply_lines    (SpDemoSession *self,
                                              const char    *text);
void          sp_demo_session_reply_with_data (SpDemoSession *self,
                                               const char    *lines,
                                               GBytes        *data);
void          sp_demo_session_send           (SpDemoSession *self,
                                              GBytes        *bytes);
void          sp_demo_session_note           (SpDemoSession *self,
                                              const char    *message);
void          sp_demo_session_close          (SpDemoSession *self);
gboolean      sp_demo_session_is_closing     (SpDemoSession *self);

/* Replies whose bytes must arrive unchanged (a mail in a POP3 RETR or an IMAP literal). */
void          sp_demo_session_reply_bytes    (SpDemoSession *self,
                                              GBytes        *bytes);

G_END_DECLS
