/* test-demo-gopher.c — the Gopher demo server against curl, Python and bad input
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "demo-test-util.h"
#include "sp-test-util.h"

static void
test_gopher_curl (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *menu_url = NULL;
  g_autofree char *text_url = NULL;
  g_autofree char *menu = NULL;
  g_autofree char *text = NULL;
  g_autofree char *log = NULL;
  guint16 port;
  int status;

  if (!demo_test_have_program ("curl"))
    {
      g_test_skip ("curl is not installed");
      return;
    }

  server = demo_test_start ("gopher", &port);
  menu_url = g_strdup_printf ("gopher://127.0.0.1:%u/", port);
  text_url = g_strdup_printf ("gopher://127.0.0.1:%u/0/about.txt", port);

  menu = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", menu_url, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (menu, "0About Gopher (a text document)\t/about.txt\t127.0.0.1\t"));
  g_assert_nonnull (strstr (menu, "1The protocols of the playground (a menu)\t/protocols\t"));
  g_assert_true (g_str_has_suffix (menu, "\r\n.\r\n"));

  text = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", text_url, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (text, "Gopher (RFC 1436, 1993)"));

  log = demo_test_log_text (server);
  g_assert_nonnull (strstr (log, "Command: /about.txt"));
  g_assert_nonnull (strstr (log, "Reply: 0About Gopher"));
}

static const char python_client[] =
  "import socket, sys\n"
  "port = int(sys.argv[1])\n"
  "def ask(data):\n"
  "    s = socket.create_connection(('127.0.0.1', port))\n"
  "    s.sendall(data)\n"
  "    reply = b''\n"
  "    while True:\n"
  "        chunk = s.recv(4096)\n"
  "        if not chunk:\n"
  "            break\n"
  "        reply += chunk\n"
  "    s.close()\n"
  "    return reply\n"
  "print(ask(b'/protocols\\r\\n').decode())\n"
  "print(ask(b'x' * 20000 + b'\\r\\n').decode())\n"
  "print(ask(b'\\x00\\xff junk\\r\\n').decode())\n"
  "print(ask(b'/nowhere\\r\\n').decode())\n"
  "print(ask(b'\\r\\n').decode())\n";

/* Links back, and bad input gets type-3 error items while the server keeps serving. */
static void
test_gopher_links_and_bad_input (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *out = NULL;
  guint16 port;
  int status;

  server = demo_test_start ("gopher", &port);
  port_text = g_strdup_printf ("%u", port);

  out = demo_test_run (NULL, &status, "python3", "-c", python_client, port_text, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "1Back to the main menu\t\t127.0.0.1\t"));
  g_assert_nonnull (strstr (out, "3The selector is too long"));
  g_assert_nonnull (strstr (out, "3A selector is text, without NUL bytes"));
  g_assert_nonnull (strstr (out, "3'/nowhere' does not exist on this server"));
  g_assert_nonnull (strstr (out, "iSocket Playground Gopher demo"));
  g_assert_cmpuint (sp_server_get_n_accepted (sp_demo_server_get_server (server)), ==, 5);
}

static void
test_unknown_protocol (void)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpEndpoint) datagram = sp_endpoint_parse ("udp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDemoServer) server = NULL;

  server = sp_demo_server_new ("finger", endpoint, &error);
  g_assert_null (server);
  g_assert_error (error, SP_DEMO_ERROR, SP_DEMO_ERROR_UNKNOWN_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "gopher"));
  g_clear_error (&error);

  server = sp_demo_server_new ("gopher", datagram, &error);
  g_assert_null (server);
  g_assert_error (error, SP_DEMO_ERROR, SP_DEMO_ERROR_NOT_A_STREAM);

  g_assert_cmpuint (sp_demo_server_default_port ("Gopher"), ==, 8070);
  g_assert_cmpuint (sp_demo_server_default_port ("finger"), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/gopher/curl", test_gopher_curl);
  g_test_add_func ("/demo/gopher/links-and-bad-input", test_gopher_links_and_bad_input);
  g_test_add_func ("/demo/unknown-protocol", test_unknown_protocol);

  return g_test_run ();
}
