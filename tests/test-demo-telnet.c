/* test-demo-telnet.c — the Telnet demo server against Python's telnetlib, and raw
 * bytes carrying Telnet commands
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "demo-test-util.h"
#include "sp-test-util.h"

/* The peer script's way of saying that a module it needs is missing. */
static void
test_telnet_telnetlib (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *out = NULL;
  g_autofree char *log = NULL;
  guint16 port;

  server = demo_test_start ("telnet", &port);
  out = demo_test_run_peer ("demo-telnet.py", "telnetlib", port);
  if (out == NULL)
    return;

  g_assert_nonnull (strstr (out, "options negotiated: the server asked DO SUPPRESS-GO-AHEAD, the client said WILL"));
  g_assert_nonnull (strstr (out, "byte 255 round trip"));
  g_assert_nonnull (strstr (out, "quit: Goodbye and close"));

  log = demo_test_log_text (server);
  g_assert_nonnull (strstr (log, "Telnet option: the server sends IAC DO SUPPRESS-GO-AHEAD (3)"));
  g_assert_nonnull (strstr (log, "Telnet option: the client sends IAC WILL SUPPRESS-GO-AHEAD (3); accepted"));
  g_assert_nonnull (strstr (log, "\nCommand: learner\n"));
  g_assert_nonnull (strstr (log, "password crossed the network as plain text"));
  g_assert_nonnull (strstr (log, "\nCommand: echo Hello, Telnet\n"));
  /* The byte 255 from IAC IAC is data; the option bytes never reach a command line. */
  g_assert_nonnull (strstr (log, "\nCommand: echo \\xff\n"));
  g_assert_null (strstr (log, "Command: \\xff"));
}

static void
test_telnet_raw (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *out = NULL;
  g_autofree char *log = NULL;
  guint16 port;

  server = demo_test_start ("telnet", &port);
  out = demo_test_run_peer ("demo-telnet.py", "raw", port);

  g_assert_nonnull (strstr (out, "DO ECHO refused with WONT, WILL NAWS refused with DONT, SB skipped"));
  g_assert_nonnull (strstr (out, "IAC IAC is a data byte 255, sent back doubled"));

  log = demo_test_log_text (server);
  g_assert_nonnull (strstr (log, "Telnet option: the client sends IAC DO ECHO (1); refused with WONT"));
  g_assert_nonnull (strstr (log, "Telnet option: the client sends IAC WILL NAWS (window size) (31); refused with DONT"));
  /* Cut by IAC commands and a subnegotiation, the login still reads as one word. */
  g_assert_nonnull (strstr (log, "\nCommand: learner\n"));
  g_assert_nonnull (strstr (log, "\nCommand: echo a\\xffb\n"));
}

static void
test_telnet_bad_input (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *out = NULL;
  guint16 port;

  server = demo_test_start ("telnet", &port);
  out = demo_test_run_peer ("demo-telnet.py", "bad-input", port);

  g_assert_nonnull (strstr (out, "commands before login: Login incorrect"));
  g_assert_nonnull (strstr (out, "20 KiB line: too long, prompt again"));
  g_assert_nonnull (strstr (out, "binary junk: Unknown command, control characters not echoed"));
  g_assert_nonnull (strstr (out, "three wrong passwords: closed"));
  g_assert_nonnull (strstr (out, "the other client was served meanwhile"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/telnet/telnetlib", test_telnet_telnetlib);
  g_test_add_func ("/demo/telnet/raw-iac", test_telnet_raw);
  g_test_add_func ("/demo/telnet/bad-input", test_telnet_bad_input);

  return g_test_run ();
}
