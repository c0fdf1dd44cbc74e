/* sp-protocols.c — the port catalogue: the tutorial's protocols and the ones a learner meets next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tutorial's table of Internet modules comes first, in its order (HTTP, NNTP, FTP, SMTP,
 * POP3, IMAP4, Telnet, Gopher), then the well-known ports a learner meets next, by port.
 * The facts follow the current RFCs and the Python 3 standard library: where Python 3
 * renamed a module the tutorial names, both names are given; where it removed or
 * deprecated one, it says so.
 *
 * First requests are text with escapes, as a person would type them in a client pane
 * (sp_payload_parse_text() turns them into bytes).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sp-protocols.h"

typedef struct
{
  const char  *name;
  const char  *aliases;             /* more names for sp_protocols_lookup(), space separated */
  const char  *title;               /* N_() */
  guint16      port;
  guint16      extra_port;
  SpTransport  transport;
  const char  *rfc;
  const char  *function;            /* N_() */
  const char  *python_modules;      /* N_() */
  const char  *first_request;       /* text with escapes, or NULL */
  const char  *first_request_note;  /* N_() */
  gboolean     in_tutorial;
} ProtocolFacts;

/* 47 zero bytes after the first one: an NTP client request is 48 bytes long. */
#define NTP_ZEROS \
  "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0" \
  "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"

static const ProtocolFacts catalogue[] = {
  /* The tutorial's eight, in its order. */
  {
    "HTTP", "www",
    N_("Hypertext Transfer Protocol"),
    80, 0, SP_TRANSPORT_TCP,
    "RFC 9110, RFC 9112",
    N_("Web pages: the client asks for a resource and the server answers with a status line, headers and the content."),
    /* Translators: module names stay as they are; "→" reads "became in Python 3". */
    N_("httplib → http.client, urllib → urllib.request, xmlrpclib → xmlrpc.client"),
    "HEAD / HTTP/1.0\\r\\n\\r\\n",
    N_("Asks for the headers of the home page; with HTTP/1.0 the server closes the connection after its answer."),
    TRUE,
  },
  {
    "NNTP", NULL,
    N_("Network News Transfer Protocol"),
    119, 0, SP_TRANSPORT_TCP,
    "RFC 3977",
    N_("Usenet news: reading and posting articles in newsgroups."),
    /* Translators: module names stay as they are. */
    N_("nntplib (deprecated in 3.11, removed in 3.13)"),
    "CAPABILITIES\\r\\n",
    N_("The server greets first (200 or 201); CAPABILITIES then lists what it supports."),
    TRUE,
  },
  {
    "FTP", "ftp-data",
    N_("File Transfer Protocol"),
    21, 20, SP_TRANSPORT_TCP,
    "RFC 959",
    N_("File transfers: commands travel on the control connection (port 21); in active mode the server opens each data connection from port 20."),
    /* Translators: module names stay as they are; "→" reads "became in Python 3". */
    N_("ftplib, urllib → urllib.request"),
    NULL,
    N_("Sends nothing first: waits for the server’s greeting (220), then logs in with USER and PASS."),
    TRUE,
  },
  {
    "SMTP", NULL,
    N_("Simple Mail Transfer Protocol"),
    25, 0, SP_TRANSPORT_TCP,
    "RFC 5321",
    N_("Sending email: mail servers hand each message on to the next server."),
    /* Translators: module names stay as they are. */
    N_("smtplib"),
    NULL,
    N_("Sends nothing first: waits for the server’s greeting (220), then says EHLO."),
    TRUE,
  },
  {
    "POP3", "pop",
    N_("Post Office Protocol, Version 3"),
    110, 0, SP_TRANSPORT_TCP,
    "RFC 1939",
    N_("Retrieving email: downloads the messages of a mailbox, often deleting them from the server."),
    /* Translators: module names stay as they are. */
    N_("poplib"),
    "CAPA\\r\\n",
    N_("The server greets first (+OK); CAPA (RFC 2449) then lists what it supports."),
    TRUE,
  },
  {
    "IMAP4", "imap",
    N_("Internet Message Access Protocol"),
    143, 0, SP_TRANSPORT_TCP,
    "RFC 3501 (IMAP4rev1), RFC 9051 (IMAP4rev2)",
    N_("Retrieving email: reads and sorts messages in folders that stay on the server."),
    /* Translators: module names stay as they are. */
    N_("imaplib"),
    "a1 CAPABILITY\\r\\n",
    N_("The server greets first (* OK); each command starts with a tag, here a1, that its answer repeats."),
    TRUE,
  },
  {
    "Telnet", NULL,
    N_("Telnet Protocol"),
    23, 0, SP_TRANSPORT_TCP,
    "RFC 854",
    N_("Command lines: a remote terminal, unencrypted; SSH has replaced it."),
    /* Translators: module names stay as they are. */
    N_("telnetlib (deprecated in 3.11, removed in 3.13)"),
    NULL,
    N_("Sends nothing first: the server opens with option negotiation (bytes starting with \\xff) and a login prompt."),
    TRUE,
  },
  {
    "Gopher", NULL,
    N_("Gopher Protocol"),
    70, 0, SP_TRANSPORT_TCP,
    "RFC 1436",
    N_("Document transfers: menus of text documents and links, a forerunner of the Web."),
    /* Translators: module names stay as they are. */
    N_("gopherlib (removed in Python 3), urllib (its Gopher support was removed in Python 3)"),
    "\\r\\n",
    N_("An empty selector asks for the root menu; the server answers and closes."),
    TRUE,
  },

  /* The well-known ports a learner meets next, by port. */
  {
    "Echo", NULL,
    N_("Echo Protocol"),
    7, 0, SP_TRANSPORT_TCP,
    "RFC 862",
    N_("Testing: sends back whatever it receives, over TCP or UDP; the classic first socket exercise."),
    /* Translators: module names stay as they are. */
    N_("socket"),
    "Hello, echo!\\r\\n",
    N_("Whatever is sent comes back unchanged."),
    FALSE,
  },
  {
    "Daytime", NULL,
    N_("Daytime Protocol"),
    13, 0, SP_TRANSPORT_TCP,
    "RFC 867",
    N_("Testing: sends the date and time as one line of text and closes, over TCP or UDP, much like the tutorial’s greeting server."),
    /* Translators: module names stay as they are. */
    N_("socket"),
    NULL,
    N_("Sends nothing: the server speaks as soon as the connection opens, then closes it."),
    FALSE,
  },
  {
    "SSH", NULL,
    N_("Secure Shell"),
    22, 0, SP_TRANSPORT_TCP,
    "RFC 4251, RFC 4253",
    N_("Remote command lines and file copies, encrypted; the replacement for Telnet."),
    /* Translators: module names stay as they are. */
    N_("none in the standard library (paramiko is a third-party one)"),
    NULL,
    N_("Sends nothing first: the server announces its version (SSH-2.0-…), then an encrypted handshake begins."),
    FALSE,
  },
  {
    "WHOIS", NULL,
    N_("WHOIS Protocol"),
    43, 0, SP_TRANSPORT_TCP,
    "RFC 3912",
    N_("Registration lookups: who holds a domain name or a block of addresses."),
    /* Translators: module names stay as they are. */
    N_("socket (no WHOIS module in the standard library)"),
    "example.com\\r\\n",
    N_("The query is one line; the server answers and closes."),
    FALSE,
  },
  {
    "DNS", "domain",
    N_("Domain Name System"),
    53, 0, SP_TRANSPORT_UDP,
    "RFC 1035",
    N_("Name lookups: turns host names into addresses. Queries travel over UDP; TCP carries large answers and zone transfers."),
    /* Translators: module names stay as they are. */
    N_("socket.getaddrinfo, socket.gethostbyname (the system’s resolver)"),
    "\\x12\\x34\\x01\\0\\0\\x01\\0\\0\\0\\0\\0\\0\\x07example\\x03com\\0\\0\\x01\\0\\x01",
    N_("A binary query: the address (A record) of example.com, recursion desired."),
    FALSE,
  },
  {
    "NTP", NULL,
    N_("Network Time Protocol"),
    123, 0, SP_TRANSPORT_UDP,
    "RFC 5905",
    N_("Clock synchronisation: computers set their clocks from time servers."),
    /* Translators: module names stay as they are. */
    N_("socket and struct (no NTP module in the standard library)"),
    "\\x1b" NTP_ZEROS,
    N_("A 48-byte client request (version 3, mode 3); the answer carries the server’s time."),
    FALSE,
  },
  {
    "HTTPS", NULL,
    N_("HTTP over TLS"),
    443, 0, SP_TRANSPORT_TCP,
    "RFC 2818, RFC 9110",
    N_("Web pages, encrypted: HTTP inside a TLS connection."),
    /* Translators: module names stay as they are. */
    N_("http.client (HTTPSConnection), urllib.request, ssl"),
    NULL,
    N_("Nothing to type: the connection starts with a TLS handshake, so a plain socket only sees encrypted bytes."),
    FALSE,
  },
  {
    "SMTPS", "submissions",
    N_("Message Submission over TLS"),
    465, 0, SP_TRANSPORT_TCP,
    "RFC 8314",
    N_("Sending email from a mail program, encrypted from the first byte."),
    /* Translators: module names stay as they are. */
    N_("smtplib (SMTP_SSL)"),
    NULL,
    N_("Nothing to type: the connection starts with a TLS handshake, so a plain socket only sees encrypted bytes."),
    FALSE,
  },
  {
    "Syslog", NULL,
    N_("Syslog Protocol"),
    514, 0, SP_TRANSPORT_UDP,
    "RFC 5424, RFC 5426",
    N_("Log messages: programs and devices send one datagram per event to a log server."),
    /* Translators: module names stay as they are. */
    N_("logging.handlers.SysLogHandler"),
    "<14>1 - - socket-playground - - - Hello from Socket Playground",
    N_("One datagram per message; <14> means facility “user”, severity “informational”. Nothing comes back."),
    FALSE,
  },
  {
    "Submission", NULL,
    N_("Message Submission"),
    587, 0, SP_TRANSPORT_TCP,
    "RFC 6409",
    N_("Sending email from a mail program: SMTP where the client logs in, usually after STARTTLS."),
    /* Translators: module names stay as they are. */
    N_("smtplib (starttls, login)"),
    NULL,
    N_("Sends nothing first: waits for the server’s greeting (220), then says EHLO."),
    FALSE,
  },
  {
    "IMAPS", NULL,
    N_("IMAP over TLS"),
    993, 0, SP_TRANSPORT_TCP,
    "RFC 8314",
    N_("Retrieving email as IMAP4 does, encrypted from the first byte."),
    /* Translators: module names stay as they are. */
    N_("imaplib (IMAP4_SSL)"),
    NULL,
    N_("Nothing to type: the connection starts with a TLS handshake, so a plain socket only sees encrypted bytes."),
    FALSE,
  },
  {
    "POP3S", NULL,
    N_("POP3 over TLS"),
    995, 0, SP_TRANSPORT_TCP,
    "RFC 8314",
    N_("Retrieving email as POP3 does, encrypted from the first byte."),
    /* Translators: module names stay as they are. */
    N_("poplib (POP3_SSL)"),
    NULL,
    N_("Nothing to type: the connection starts with a TLS handshake, so a plain socket only sees encrypted bytes."),
    FALSE,
  },
};

static SpProtocol *
protocol_new_from_facts (const ProtocolFacts *facts)
{
  return g_object_new (SP_TYPE_PROTOCOL,
                       "name", facts->name,
                       "title", _(facts->title),
                       "port", (guint) facts->port,
                       "extra-port", (guint) facts->extra_port,
                       "transport", facts->transport,
                       "rfc", facts->rfc,
                       "function", _(facts->function),
                       "python-modules", _(facts->python_modules),
                       "first-request", facts->first_request,
                       "first-request-note", _(facts->first_request_note),
                       "in-tutorial", facts->in_tutorial,
                       NULL);
}

/**
 * sp_protocols_get_default:
 *
 * The catalogue, built once (with the translations of the locale in use then) and
 * shared: the tutorial's eight protocols first, in its order, then the others by port.
 *
 * Returns: (transfer none): a #GListModel of #SpProtocol; do not change it
 */
GListModel *
sp_protocols_get_default (void)
{
  static GListStore *store;

  if (g_once_init_enter (&store))
    {
      GListStore *protocols = g_list_store_new (SP_TYPE_PROTOCOL);

      for (guint i = 0; i < G_N_ELEMENTS (catalogue); i++)
        {
          g_autoptr(SpProtocol) protocol = protocol_new_from_facts (&catalogue[i]);

          g_list_store_append (protocols, protocol);
        }

      g_once_init_leave (&store, protocols);
    }

  return G_LIST_MODEL (store);
}

static gboolean
is_number (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

static gboolean
has_alias (const ProtocolFacts *facts,
           const char          *name)
{
  g_auto(GStrv) aliases = NULL;

  if (facts->aliases == NULL)
    return FALSE;

  aliases = g_strsplit (facts->aliases, " ", -1);
  for (guint i = 0; aliases[i] != NULL; i++)
    if (g_ascii_strcasecmp (aliases[i], name) == 0)
      return TRUE;

  return FALSE;
}

/**
 * sp_protocols_lookup:
 * @name_or_port: a protocol's name in any case (`http`, `IMAP4`, also `imap`), or a
 *   port number (`80`, and `20` for FTP's data port); spaces around it are ignored
 *
 * Finds a protocol of the default catalogue. A port shared by several protocols finds
 * the first one in the catalogue's order.
 *
 * Returns: (transfer none) (nullable): the protocol, or %NULL
 */
SpProtocol *
sp_protocols_lookup (const char *name_or_port)
{
  g_autofree char *key = NULL;
  GListModel *protocols;
  guint n_items;
  guint64 port = 0;
  gboolean by_port;

  g_return_val_if_fail (name_or_port != NULL, NULL);

  key = g_strstrip (g_strdup (name_or_port));
  by_port = is_number (key);
  if (by_port && !g_ascii_string_to_unsigned (key, 10, 1, G_MAXUINT16, &port, NULL))
    return NULL;

  protocols = sp_protocols_get_default ();
  n_items = g_list_model_get_n_items (protocols);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SpProtocol) protocol = g_list_model_get_item (protocols, i);

      /* The store keeps its own reference: returning after ours is dropped is safe. */
      if (by_port
          ? sp_protocol_has_port (protocol, (guint) port)
          : g_ascii_strcasecmp (sp_protocol_get_name (protocol), key) == 0)
        return protocol;
    }

  if (by_port)
    return NULL;

  /* The catalogue is built from the table in its order, so position i is entry i. */
  g_assert (n_items == G_N_ELEMENTS (catalogue));
  for (guint i = 0; i < n_items; i++)
    if (has_alias (&catalogue[i], key))
      {
        g_autoptr(SpProtocol) protocol = g_list_model_get_item (protocols, i);

        return protocol;
      }

  return NULL;
}
