/* test-demo-snippets.c — the Python shown beside each demo server runs against it
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "demo-test-util.h"
#include "sp-test-util.h"

/* The module each snippet imports; deprecated ones may be gone from a newer Python. */
static const char *
snippet_module (const char *protocol)
{
  if (strcmp (protocol, "nntp") == 0)
    return "nntplib";
  if (strcmp (protocol, "telnet") == 0)
    return "telnetlib";
  return "socket";
}

static void
test_snippet (gconstpointer data)
{
  const char *protocol = data;
  g_autoptr(SpDemoServer) server = NULL;
  g_autofree char *snippet = NULL;
  g_autofree char *import = NULL;
  g_autofree char *out = NULL;
  g_autofree char *probe = NULL;
  guint16 port;
  int status;

  import = g_strdup_printf ("import warnings; warnings.simplefilter('ignore'); import %s",
                            snippet_module (protocol));
  probe = demo_test_run (NULL, &status, "python3", "-c", import, NULL);
  if (status != 0)
    {
      g_autofree char *message = g_strdup_printf ("python3 has no %s module", snippet_module (protocol));

      g_test_skip (message);
      return;
    }

  server = demo_test_start (protocol, &port);
  snippet = sp_demo_server_dup_python_snippet (protocol, "127.0.0.1", port);
  g_assert_nonnull (snippet);
  g_assert_nonnull (sp_demo_server_get_first_command (protocol));

  out = demo_test_run (NULL, &status, "python3", "-W", "ignore", "-c", snippet, NULL);
  g_test_message ("%s snippet printed:\n%s", protocol, out);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, !=, "");
}

int
main (int argc, char *argv[])
{
  const char * const *protocols = sp_demo_server_list_protocols ();

  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; protocols[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/demo/snippet/%s", protocols[i]);

      g_test_add_data_func (path, protocols[i], test_snippet);
    }

  return g_test_run ();
}
