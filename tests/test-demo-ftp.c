/* test-demo-ftp.c — the FTP demo server against Python's ftplib, curl, and raw
 * control connections with bad input
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "demo-test-util.h"
#include "sp-test-util.h"

static void
test_ftp_ftplib (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *out = NULL;
  g_autofree char *log = NULL;
  guint16 port;

  server = demo_test_start ("ftp", &port);
  out = demo_test_run_peer ("demo-ftp.py", "ftplib", port);
  log = demo_test_log_text (server);

  g_assert_nonnull (strstr (out, "NLST and LIST of /pub"));
  g_assert_nonnull (strstr (out, "RETR hello.txt, SIZE 50"));
  g_assert_nonnull (strstr (out, "STOR then RETR of 102400 bytes, identical"));
  g_assert_nonnull (strstr (out, "active mode (PORT) RETR"));
  g_assert_nonnull (strstr (out, "anonymous: the upload is there for others, STOR refused"));

  /* The log tells the two connections apart and explains them. */
  g_assert_nonnull (strstr (log, "Command: PASV\n"));
  g_assert_nonnull (strstr (log, "Reply: 227 Entering Passive Mode (127,0,0,1,"));
  g_assert_nonnull (strstr (log, "FTP moves data on a second connection"));
  g_assert_nonnull (strstr (log, "Data connection: accepted the client’s connection from 127.0.0.1"));
  g_assert_nonnull (strstr (log, "Data connection: sent 102400 bytes of /upload/bytes.bin"));
  g_assert_nonnull (strstr (log, "a real server would connect from port 20"));
  g_assert_nonnull (strstr (log, "Reply: 226 Transfer complete\n"));
}

static char *
write_temp (const char *contents,
            gsize       length)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("sp-ftp-XXXXXX.txt", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);

  return path;
}

static void
test_ftp_curl (void)
{
  static const char upload[] = "Sent by curl -T\nsecond line\n";
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *list_url = NULL;
  g_autofree char *hello_url = NULL;
  g_autofree char *upload_url = NULL;
  g_autofree char *uploaded_url = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *out = NULL;
  g_autofree char *back = NULL;
  g_autofree char *back_pasv = NULL;
  g_autofree char *back_active = NULL;
  g_autofree char *log = NULL;
  guint16 port;
  int status;

  if (!demo_test_have_program ("curl"))
    {
      g_test_skip ("curl is not installed");
      return;
    }

  server = demo_test_start ("ftp", &port);
  base = g_strdup_printf ("ftp://127.0.0.1:%u", port);
  list_url = g_strconcat (base, "/pub/", NULL);
  hello_url = g_strconcat (base, "/pub/hello.txt", NULL);
  upload_url = g_strconcat (base, "/upload/", NULL);

  /* Anonymous, as curl logs in without -u. */
  listing = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", list_url, NULL);
  g_assert_cmpint (status, ==, 0);
  /* curl turns the listing's CR LF into LF, as for any ASCII-mode transfer. */
  g_assert_nonnull (strstr (listing, " hello.txt\n"));
  g_assert_nonnull (strstr (listing, " readme.txt\n"));

  hello = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", hello_url, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (hello, ==, "Hello from the Socket Playground FTP demo server!\n");

  /* Upload with the learner's login, then download it three ways: EPSV, PASV, active. */
  path = write_temp (upload, sizeof upload - 1);
  out = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", "-u", SP_DEMO_USER ":" SP_DEMO_PASSWORD,
                       "-T", path, upload_url, NULL);
  g_assert_cmpint (status, ==, 0);

  {
    g_autofree char *name = g_path_get_basename (path);
    uploaded_url = g_strconcat (upload_url, name, NULL);
  }
  back = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", uploaded_url, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (back, ==, upload);
  back_pasv = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", "--disable-epsv", uploaded_url, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (back_pasv, ==, upload);
  back_active = demo_test_run (NULL, &status, "curl", "-sS", "--max-time", "20", "-P", "-", uploaded_url, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (back_active, ==, upload);

  log = demo_test_log_text (server);
  g_assert_nonnull (strstr (log, "Command: USER anonymous\n"));
  g_assert_nonnull (strstr (log, "Command: EPSV\n"));
  g_assert_nonnull (strstr (log, "Reply: 229 Entering Extended Passive Mode (|||"));
  g_assert_nonnull (strstr (log, "Command: EPRT |1|127.0.0.1|"));
  g_assert_nonnull (strstr (log, "Command: STOR "));

  g_unlink (path);
}

static gboolean
no_sessions (gpointer data)
{
  return sp_demo_server_get_n_sessions (data) == 0;
}

static void
test_ftp_bad_input (void)
{
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *out = NULL;
  guint16 port;

  server = demo_test_start ("ftp", &port);
  out = demo_test_run_peer ("demo-ftp.py", "bad-input", port);

  g_assert_nonnull (strstr (out, "RETR before PASV: 425"));
  g_assert_nonnull (strstr (out, "PWD before login: 530"));
  g_assert_nonnull (strstr (out, "PASS before USER: 503"));
  g_assert_nonnull (strstr (out, "DELE: 502"));
  g_assert_nonnull (strstr (out, "unknown command: 500"));
  g_assert_nonnull (strstr (out, "20 KiB line: 500"));
  g_assert_nonnull (strstr (out, "upload over 1 MiB: 552"));
  g_assert_nonnull (strstr (out, "the other client was served meanwhile"));

  /* The sessions whose clients vanished are gone too, data connections and all. */
  sp_test_wait_until (no_sessions, server, "the sessions to end");
}

static void
test_ftp_ipv6 (void)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpDemoServer) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *log = NULL;
  guint16 port;

  if (!sp_test_have_ipv6 ())
    {
      g_test_skip ("IPv6 loopback is not available");
      return;
    }

  endpoint = sp_endpoint_parse ("tcp://[::1]:0", SP_ENDPOINT_ROLE_SERVER, &error);
  g_assert_no_error (error);
  server = sp_demo_server_new ("ftp", endpoint, &error);
  g_assert_no_error (error);
  sp_demo_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the demo server to listen on ::1");
  g_assert_true (sp_demo_server_start_finish (server, result, &error));
  port = sp_endpoint_get_port (sp_server_get_bound_endpoint (sp_demo_server_get_server (server)));

  out = demo_test_run_peer ("demo-ftp.py", "ipv6", port);
  g_assert_nonnull (strstr (out, "IPv6: RETR over EPSV"));
  g_assert_nonnull (strstr (out, "IPv6: PASV refused with 425"));
  g_assert_nonnull (strstr (out, "IPv6: RETR in active mode (EPRT)"));

  log = demo_test_log_text (server);
  g_assert_nonnull (strstr (log, "Command: EPRT |2|::1|"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/ftp/ftplib", test_ftp_ftplib);
  g_test_add_func ("/demo/ftp/curl", test_ftp_curl);
  g_test_add_func ("/demo/ftp/bad-input", test_ftp_bad_input);
  g_test_add_func ("/demo/ftp/ipv6", test_ftp_ipv6);

  return g_test_run ();
}
