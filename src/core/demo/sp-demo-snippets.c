/* sp-demo-snippets.c — the tutorial's Python module for each protocol, talking to the demo
 *
 * What a demo server pane shows: a few lines a learner pastes into python3 to hold the
 * same conversation with the standard library. Tests run every one of them against the
 * demo servers, so what is shown works.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-demo-server.h"

typedef struct
{
  const char *protocol;
  const char *first_command;   /* what a client pane sends first, text with escapes */
  const char *python;          /* {host} and {port} are filled in */
} DemoSnippet;

static const DemoSnippet snippets[] = {
  { "http", "GET / HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n",
    "import http.client\n"
    "\n"
    "conn = http.client.HTTPConnection(\"{host}\", {port})\n"
    "conn.request(\"GET\", \"/\")\n"
    "response = conn.getresponse()\n"
    "print(response.status, response.reason)\n"
    "print(response.read().decode())\n"
    "conn.close()\n" },
  { "smtp", "EHLO playground\\r\\n",
    "import smtplib\n"
    "\n"
    "message = \"Subject: Hello\\r\\n\\r\\nThank you for connecting\\r\\n\"\n"
    "with smtplib.SMTP(\"{host}\", {port}) as smtp:\n"
    "    smtp.sendmail(\"learner@playground.test\", [\"learner@playground.test\"], message)\n"
    "print(\"Sent\")\n" },
  { "pop3", "USER learner\\r\\n",
    "import poplib\n"
    "\n"
    "pop = poplib.POP3(\"{host}\", {port})\n"
    "pop.user(\"learner\")\n"
    "pop.pass_(\"playground\")\n"
    "count, size = pop.stat()\n"
    "print(count, \"messages,\", size, \"bytes\")\n"
    "for line in pop.retr(count)[1]:\n"
    "    print(line.decode())\n"
    "pop.quit()\n" },
  { "imap", "a1 LOGIN learner playground\\r\\n",
    "import imaplib\n"
    "\n"
    "imap = imaplib.IMAP4(\"{host}\", {port})\n"
    "imap.login(\"learner\", \"playground\")\n"
    "imap.select(\"INBOX\")\n"
    "typ, data = imap.search(None, \"ALL\")\n"
    "for number in data[0].split():\n"
    "    typ, parts = imap.fetch(number, \"(RFC822)\")\n"
    "    print(parts[0][1].decode())\n"
    "imap.logout()\n" },
  { "ftp", "USER learner\\r\\n",
    "import ftplib\n"
    "\n"
    "ftp = ftplib.FTP()\n"
    "ftp.connect(\"{host}\", {port})\n"
    "ftp.login(\"learner\", \"playground\")\n"
    "ftp.retrlines(\"LIST\")\n"
    "ftp.quit()\n" },
  { "nntp", "CAPABILITIES\\r\\n",
    "import nntplib  # deprecated since Python 3.11, gone in 3.13\n"
    "\n"
    "news = nntplib.NNTP(\"{host}\", {port})\n"
    "resp, count, first, last, name = news.group(\"playground.demo\")\n"
    "print(count, \"articles in\", name)\n"
    "resp, article = news.article(str(first))\n"
    "for line in article.lines:\n"
    "    print(line.decode())\n"
    "news.quit()\n" },
  { "telnet", "learner\\r\\n",
    "import telnetlib  # deprecated since Python 3.11, gone in 3.13\n"
    "\n"
    "tn = telnetlib.Telnet(\"{host}\", {port})\n"
    "print(tn.read_until(b\"login: \", timeout=5).decode())\n"
    "tn.write(b\"learner\\n\")\n"
    "tn.read_until(b\"Password: \", timeout=5)\n"
    "tn.write(b\"playground\\n\")\n"
    "print(tn.read_until(b\"playground> \", timeout=5).decode())\n"
    "tn.write(b\"help\\n\")\n"
    "print(tn.read_until(b\"playground> \", timeout=5).decode())\n"
    "tn.write(b\"quit\\n\")\n"
    "print(tn.read_all().decode())\n" },
  { "gopher", "\\r\\n",
    "import socket  # Python 3 has no Gopher module any more: a socket does it\n"
    "\n"
    "with socket.create_connection((\"{host}\", {port})) as s:\n"
    "    s.sendall(b\"\\r\\n\")  # the empty selector: the main menu\n"
    "    menu = b\"\"\n"
    "    while chunk := s.recv(4096):\n"
    "        menu += chunk\n"
    "print(menu.decode())\n" },
};

static const DemoSnippet *
find_snippet (const char *protocol)
{
  for (gsize i = 0; i < G_N_ELEMENTS (snippets); i++)
    if (protocol != NULL && g_ascii_strcasecmp (snippets[i].protocol, protocol) == 0)
      return &snippets[i];

  return NULL;
}

/**
 * sp_demo_server_dup_python_snippet:
 * @protocol: a demo protocol's name
 * @host: the address the demo server listens on (IPv6 without brackets)
 *
 * Returns: (transfer full) (nullable): a Python 3 program using the standard library's
 *   module for @protocol against the demo server, or %NULL for an unknown protocol
 */
char *
sp_demo_server_dup_python_snippet (const char *protocol,
                                   const char *host,
                                   guint16     port)
{
  const DemoSnippet *snippet = find_snippet (protocol);
  g_autoptr(GString) text = NULL;
  g_autofree char *port_text = NULL;

  g_return_val_if_fail (host != NULL, NULL);

  if (snippet == NULL)
    return NULL;

  port_text = g_strdup_printf ("%u", port);
  text = g_string_new (snippet->python);
  g_string_replace (text, "{host}", host, 0);
  g_string_replace (text, "{port}", port_text, 0);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * sp_demo_server_get_first_command:
 *
 * Returns: (nullable): what a client pane aimed at @protocol's demo sends first, as text
 *   with escapes; for protocols where the server speaks first, the command after its greeting
 */
const char *
sp_demo_server_get_first_command (const char *protocol)
{
  const DemoSnippet *snippet = find_snippet (protocol);

  return snippet != NULL ? snippet->first_command : NULL;
}
