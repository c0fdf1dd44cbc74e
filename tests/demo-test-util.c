/* demo-test-util.c — shared by the demo protocol tests
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "demo-test-util.h"
#include "sp-test-util.h"

/* Starts @protocol's demo server on 127.0.0.1, port chosen by the kernel. */
SpDemoServer *
demo_test_start (const char *protocol,
                 guint16    *out_port)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpDemoServer) server = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SpEndpoint *bound;

  endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, &error);
  g_assert_no_error (error);
  server = sp_demo_server_new (protocol, endpoint, &error);
  g_assert_no_error (error);

  sp_demo_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the demo server to listen");
  sp_demo_server_start_finish (server, result, &error);
  g_assert_no_error (error);

  bound = sp_server_get_bound_endpoint (sp_demo_server_get_server (server));
  g_assert_nonnull (bound);
  *out_port = sp_endpoint_get_port (bound);
  g_assert_cmpuint (*out_port, >, 0);

  return g_steal_pointer (&server);
}

typedef struct
{
  GAsyncResult *result;
} RunState;

/* Runs a real client program to the end while the main loop serves it; returns its stdout
 * (stderr is kept for the failure message). */
char *
demo_test_run (const char *stdin_text,
               int        *out_status,
               const char *first_arg,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, stdin_text, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, first_arg);
  g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error);
  g_assert_no_error (error);

  *out_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (*out_status != 0)
    g_test_message ("%s exited with %d; stderr:\n%s", first_arg, *out_status, err);

  return g_steal_pointer (&out);
}

gboolean
demo_test_have_program (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  return path != NULL;
}

/* The server's log messages, one per line, for assertions on the conversation. */
char *
demo_test_log_text (SpDemoServer *server)
{
  GListModel *log = G_LIST_MODEL (sp_demo_server_get_log (server));
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (log, i);

      g_string_append_printf (text, "%s\n", sp_event_get_message (event));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Runs one check of the Python peer tests/peers/@script against the server on @port and
 * returns what it printed; NULL (the test skipped) when the peer exits 77 because its
 * module is missing, as nntplib and telnetlib are from Python 3.13. */
char *
demo_test_run_peer (const char *script,
                    const char *check,
                    guint16     port)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "peers", script, NULL);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *out = NULL;
  int status;

  out = demo_test_run (NULL, &status, "python3", path, check, port_text, NULL);
  g_test_message ("%s", out);
  if (status == 77)
    {
      g_test_skip (g_strstrip (out));
      return NULL;
    }
  g_assert_cmpint (status, ==, 0);

  return g_steal_pointer (&out);
}
