/* sp-demo-protocols.h — the session type of each demo protocol, one file each */
#pragma once

#include "sp-demo-session.h"

G_BEGIN_DECLS

GType sp_demo_gopher_session_get_type (void);

/* HTTP, FTP, NNTP and Telnet */
GType sp_demo_http_session_get_type   (void);
GType sp_demo_ftp_session_get_type    (void);
GType sp_demo_nntp_session_get_type   (void);
GType sp_demo_telnet_session_get_type (void);
/* The mail protocols, sharing the server's mailbox. */
GType sp_demo_smtp_session_get_type   (void);
GType sp_demo_pop3_session_get_type   (void);
GType sp_demo_imap_session_get_type   (void);

G_END_DECLS
