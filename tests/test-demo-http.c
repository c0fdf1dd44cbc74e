/* test-demo-http.c — the HTTP/1.1 demo server against Python's http.client and
 * urllib.request, curl, and raw sockets with bad input
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "demo-test-util.h"
#include "sp-test-util.h"

/* Runs one check of peers/demo-http.py against a fresh server; returns its output. */
static char *
run_check (const char    *check,
           SpDemoServer **out_server)
{
  g_autoptr(SpDemoServer) server = NULL;
  char *out;
  guint16 port;

  server = demo_test_start ("http", &port);
  out = demo_test_run_peer ("demo-http.py", check, port);
  g_assert_nonnull (out);

  *out_server = g_steal_pointer (&server);
  return out;
}

static void
test_http_python_modules (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *out = run_check ("modules", &server);
  g_autofree char *log = demo_test_log_text (server);

  g_assert_nonnull (strstr (out, "GET /hello.txt 200 on the same connection"));
  g_assert_nonnull (strstr (out, "HEAD /about 200"));
  g_assert_nonnull (strstr (out, "GET /nowhere 404 on the same connection"));
  g_assert_nonnull (strstr (out, "POST / 405, Allow: GET, HEAD, then close"));
  g_assert_nonnull (strstr (out, "urllib.request /about 200"));

  /* Four requests on one connection, the POST's close, one more, and urllib's. */
  g_assert_cmpuint (sp_server_get_n_accepted (sp_demo_server_get_server (server)), ==, 3);

  /* The log shows the conversation line by line. */
  g_assert_nonnull (strstr (log, "Command: GET /hello.txt HTTP/1.1\n"));
  g_assert_nonnull (strstr (log, "Command: HEAD /about HTTP/1.1\n"));
  g_assert_nonnull (strstr (log, "Reply: HTTP/1.1 405 Method Not Allowed\n"));
  g_assert_nonnull (strstr (log, "Reply: Allow: GET, HEAD\n"));
  g_assert_nonnull (strstr (log, "Keep-alive: the connection stays open"));
}

static void
test_http_pipelined (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *out = run_check ("pipelined", &server);

  g_assert_nonnull (strstr (out, "pipelined: 200, 200, 404 in order"));
  g_assert_nonnull (strstr (out, "HTTP/1.0 keep-alive when asked, close otherwise"));
  g_assert_cmpuint (sp_server_get_n_accepted (sp_demo_server_get_server (server)), ==, 2);
}

static void
test_http_bad_input (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *out = run_check ("bad-input", &server);
  g_autofree char *log = demo_test_log_text (server);

  g_assert_nonnull (strstr (out, "20 KiB request line: HTTP/1.1 414 URI Too Long"));
  g_assert_nonnull (strstr (out, "binary junk: HTTP/1.1 400 Bad Request"));
  g_assert_nonnull (strstr (out, "the slow client was served meanwhile"));
  g_assert_nonnull (strstr (log, "The line is longer than the demo server accepts (8 KiB)"));
  g_assert_nonnull (strstr (log, "The request could not be read"));
}

static void
test_http_curl (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *index_url = NULL;
  g_autofree char *hello_url = NULL;
  g_autofree char *out = NULL;
  g_autofree char *head = NULL;
  g_autofree char *head10 = NULL;
  g_autofree char *missing = NULL;
  guint16 port;
  int status;

  if (!demo_test_have_program ("curl"))
    {
      g_test_skip ("curl is not installed");
      return;
    }

  server = demo_test_start ("http", &port);
  index_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  hello_url = g_strdup_printf ("http://127.0.0.1:%u/hello.txt", port);

  /* Two URLs in one run: the second reuses the connection (0 new connects). */
  out = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", "-o", "/dev/null", "-o", "/dev/null",
                       "-w", "%{http_code} %{num_connects} %{size_download}\\n", index_url, hello_url, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "200 1 "));
  g_assert_nonnull (strstr (out, "\n200 0 51\n"));

  head = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", "-I", hello_url, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 OK\r\n"));
  g_assert_nonnull (strstr (head, "\r\nContent-Length: 51\r\n"));
  g_assert_nonnull (strstr (head, "\r\nContent-Type: text/plain; charset=utf-8\r\n"));

  head10 = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", "--http1.0", "-i", hello_url, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (head10, "\r\nConnection: close\r\n"));
  g_assert_true (g_str_has_suffix (head10, "\r\n\r\nHello from the Socket Playground HTTP demo server!\n"));

  {
    g_autofree char *missing_url = g_strdup_printf ("http://127.0.0.1:%u/missing", port);

    missing = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", "-w", "%{http_code}", missing_url, NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_suffix (missing, "\n404"));
  }

  /* curl's two URLs, -I, --http1.0, the 404. */
  g_assert_cmpuint (sp_server_get_n_accepted (sp_demo_server_get_server (server)), ==, 4);
}

static void
test_http_registry (void)
{
  g_autofree char *endpoint = sp_demo_server_dup_default_endpoint ("HTTP");

  g_assert_true (g_strv_contains (sp_demo_server_list_protocols (), "http"));
  g_assert_cmpstr (endpoint, ==, "tcp://127.0.0.1:8080");
  g_assert_cmpuint (sp_demo_server_default_port ("ftp"), ==, 8021);
  g_assert_cmpuint (sp_demo_server_default_port ("nntp"), ==, 8119);
  g_assert_cmpuint (sp_demo_server_default_port ("telnet"), ==, 8023);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/http/registry", test_http_registry);
  g_test_add_func ("/demo/http/python-modules", test_http_python_modules);
  g_test_add_func ("/demo/http/curl", test_http_curl);
  g_test_add_func ("/demo/http/pipelined", test_http_pipelined);
  g_test_add_func ("/demo/http/bad-input", test_http_bad_input);

  return g_test_run ();
}
