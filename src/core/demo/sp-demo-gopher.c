/* sp-demo-gopher.c — Gopher (RFC 1436): a menu, a text document and a link back
 *
 * A Gopher client sends one selector line and reads until the server closes. Menus are
 * lines of `TYPE DISPLAY <tab> SELECTOR <tab> HOST <tab> PORT`, ended by a lone dot;
 * the host and port are ours, as the client reached us, so links work on any address.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-demo-protocols.h"

#define SP_TYPE_DEMO_GOPHER_SESSION (sp_demo_gopher_session_get_type ())
G_DECLARE_FINAL_TYPE (SpDemoGopherSession, sp_demo_gopher_session, SP, DEMO_GOPHER_SESSION, SpDemoSession)

struct _SpDemoGopherSession
{
  SpDemoSession parent_instance;
};

G_DEFINE_FINAL_TYPE (SpDemoGopherSession, sp_demo_gopher_session, SP_TYPE_DEMO_SESSION)

/* Item types used here: i information, 0 text file, 1 menu, 3 error. */
static void
menu_item (GString    *menu,
           char        type,
           const char *display,
           const char *selector,
           const char *host,
           guint16     port)
{
  g_string_append_printf (menu, "%c%s\t%s\t%s\t%u\n", type, display, selector, host, port);
}

static void
info_line (GString    *menu,
           const char *text)
{
  /* Information lines carry a dummy selector and host, as clients expect four fields. */
  g_string_append_printf (menu, "i%s\t\terror.host\t1\n", text);
}

static void
send_main_menu (SpDemoSession *session,
                const char    *host,
                guint16        port)
{
  g_autoptr(GString) menu = g_string_new (NULL);

  info_line (menu, "Socket Playground Gopher demo");
  info_line (menu, "");
  menu_item (menu, '0', "About Gopher (a text document)", "/about.txt", host, port);
  menu_item (menu, '1', "The protocols of the playground (a menu)", "/protocols", host, port);
  g_string_append (menu, ".");
  sp_demo_session_reply_lines (session, menu->str);
}

static void
send_protocols_menu (SpDemoSession *session,
                     const char    *host,
                     guint16        port)
{
  g_autoptr(GString) menu = g_string_new (NULL);

  info_line (menu, "Gopher 70, HTTP 80, SMTP 25, POP3 110, IMAP 143, FTP 21, NNTP 119, Telnet 23");
  menu_item (menu, '0', "How a Gopher request works", "/request.txt", host, port);
  menu_item (menu, '1', "Back to the main menu", "", host, port);
  g_string_append (menu, ".");
  sp_demo_session_reply_lines (session, menu->str);
}

static void
send_text (SpDemoSession *session,
           const char    *text)
{
  g_autofree char *document = g_strconcat (text, "\n.", NULL);

  sp_demo_session_reply_lines (session, document);
}

static void
send_error (SpDemoSession *session,
            const char    *message)
{
  g_autofree char *menu = g_strdup_printf ("3%s\t\terror.host\t1\n.", message);

  sp_demo_session_reply_lines (session, menu);
}

static void
sp_demo_gopher_session_line (SpDemoSession *session,
                             const char    *line,
                             gsize          length)
{
  g_autofree char *host = NULL;
  g_autofree char *selector = NULL;
  char *tab;
  guint16 port;

  host = sp_demo_session_dup_local_host (session, &port);

  /* Gopher+ clients append a tab and extra fields to the selector; the selector is what counts. */
  selector = g_strdup (line);
  tab = strchr (selector, '\t');
  if (tab != NULL)
    *tab = '\0';

  if (selector[0] == '\0' || strcmp (selector, "/") == 0)
    send_main_menu (session, host, port);
  else if (strcmp (selector, "/protocols") == 0)
    send_protocols_menu (session, host, port);
  else if (strcmp (selector, "/about.txt") == 0)
    send_text (session,
               "Gopher (RFC 1436, 1993) came before the Web. A client connects to port 70,\n"
               "sends a selector and a CR LF, and reads until the server closes.\n"
               "An empty selector asks for the main menu.");
  else if (strcmp (selector, "/request.txt") == 0)
    send_text (session,
               "In Python:\n"
               "  s = socket.create_connection((host, port))\n"
               "  s.sendall(b\"/about.txt\\r\\n\")\n"
               "  print(s.recv(4096).decode())");
  else
    {
      g_autofree char *escaped = g_strescape (selector, NULL);
      g_autofree char *message = g_strdup_printf ("'%s' does not exist on this server", escaped);

      send_error (session, message);
    }

  /* One request per connection: the close ends the document. */
  sp_demo_session_close (session);
}

static void
sp_demo_gopher_session_bad_input (SpDemoSession      *session,
                                  SpDemoInputProblem  problem)
{
  send_error (session, problem == SP_DEMO_INPUT_LINE_TOO_LONG
                       ? "The selector is too long"
                       : "A selector is text, without NUL bytes");
  sp_demo_session_close (session);
}

static void
sp_demo_gopher_session_class_init (SpDemoGopherSessionClass *klass)
{
  SpDemoSessionClass *session_class = SP_DEMO_SESSION_CLASS (klass);

  session_class->line = sp_demo_gopher_session_line;
  session_class->bad_input = sp_demo_gopher_session_bad_input;
}

static void
sp_demo_gopher_session_init (SpDemoGopherSession *self)
{
}
