/* test-demo-nntp.c — the NNTP demo server against Python's nntplib and raw
 * connections with bad input
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "demo-test-util.h"
#include "sp-test-util.h"

/* The peer script's way of saying that a module it needs is missing. */
static void
test_nntp_nntplib (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *out = NULL;
  g_autofree char *log = NULL;
  guint16 port;

  server = demo_test_start ("nntp", &port);
  out = demo_test_run_peer ("demo-nntp.py", "nntplib", port);
  if (out == NULL)
    return;

  g_assert_nonnull (strstr (out, "GROUP: 211 3 1 3 playground.demo"));
  g_assert_nonnull (strstr (out, "ARTICLE 2, dot-stuffing undone"));
  g_assert_nonnull (strstr (out, "POST: 240"));
  g_assert_nonnull (strstr (out, "read back by another client, logged in with AUTHINFO"));

  log = demo_test_log_text (server);
  g_assert_nonnull (strstr (log, "Command: CAPABILITIES\n"));
  g_assert_nonnull (strstr (log, "Reply: 340 "));
  g_assert_nonnull (strstr (log, "Command: ..starts with a dot\n"));
  g_assert_nonnull (strstr (log, "Stored the article as number 4 in playground.demo"));
  g_assert_nonnull (strstr (log, "Reply: 281 Authentication accepted\n"));
}

static void
test_nntp_bad_input (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *out = NULL;
  guint16 port;

  server = demo_test_start ("nntp", &port);
  out = demo_test_run_peer ("demo-nntp.py", "bad-input", port);

  g_assert_nonnull (strstr (out, "ARTICLE before GROUP: 412"));
  g_assert_nonnull (strstr (out, "GROUP of a missing group: 411"));
  g_assert_nonnull (strstr (out, "ARTICLE 99: 423"));
  g_assert_nonnull (strstr (out, "ARTICLE of a missing Message-ID: 430"));
  g_assert_nonnull (strstr (out, "unknown command: 500"));
  g_assert_nonnull (strstr (out, "GROUP without a name: 501"));
  g_assert_nonnull (strstr (out, "20 KiB line: 501"));
  g_assert_nonnull (strstr (out, "binary junk: 501"));
  g_assert_nonnull (strstr (out, "article with a 20 KiB line: 441"));
  g_assert_nonnull (strstr (out, "the other reader was served meanwhile"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/nntp/nntplib", test_nntp_nntplib);
  g_test_add_func ("/demo/nntp/bad-input", test_nntp_bad_input);

  return g_test_run ();
}
