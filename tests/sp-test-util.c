/* sp-test-util.c — helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Waiting always means iterating the main loop until a condition holds, with a deadline
 * so that a bug fails the test instead of hanging it. Never a sleep.
 */

#include "config.h"

#include "sp-test-util.h"

static gboolean
deadline_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
sp_test_wait_until (SpTestCondition  condition,
                    gpointer         data,
                    const char      *what)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add_seconds (SP_TEST_DEADLINE_SECONDS, deadline_cb, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (expired)
    g_error ("Timed out after %d s waiting for %s", SP_TEST_DEADLINE_SECONDS, what);

  g_source_remove (deadline);
}

static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

void
sp_test_wait_for_result (GAsyncResult **result,
                         const char    *what)
{
  sp_test_wait_until (result_is_set, result, what);
}

/* A GAsyncReadyCallback that keeps the result; the test body asserts on it. */
void
sp_test_store_result (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/* A socket on 127.0.0.1 with a port the system chose. Bound but not listening, it makes
 * connect() fail with "refused" without any race; listening, it holds the port busy. */
GSocket *
sp_test_bind_loopback (gboolean  listen,
                       guint16  *out_port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  if (listen)
    {
      g_socket_listen (socket, &error);
      g_assert_no_error (error);
    }

  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *out_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_assert_cmpuint (*out_port, !=, 0);

  return g_steal_pointer (&socket);
}

gboolean
sp_test_have_ipv6 (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL);
  return socket != NULL && g_socket_bind (socket, address, FALSE, NULL);
}
