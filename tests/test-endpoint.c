/* test-endpoint.c — parsing, printing and resolving endpoints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

typedef struct
{
  const char     *text;
  SpEndpointRole  role;
  SpTransport     transport;
  const char     *host;
  guint16         port;
  const char     *path;
  const char     *canonical;
} GoodCase;

static const GoodCase good_cases[] = {
  { "tcp://127.0.0.1:12345", SP_ENDPOINT_ROLE_SERVER, SP_TRANSPORT_TCP, "127.0.0.1", 12345, NULL, "tcp://127.0.0.1:12345" },
  { "tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, SP_TRANSPORT_TCP, "127.0.0.1", 0, NULL, "tcp://127.0.0.1:0" },
  { "TCP://localhost:80", SP_ENDPOINT_ROLE_CLIENT, SP_TRANSPORT_TCP, "localhost", 80, NULL, "tcp://localhost:80" },
  { "tcp://[::1]:8080", SP_ENDPOINT_ROLE_CLIENT, SP_TRANSPORT_TCP, "::1", 8080, NULL, "tcp://[::1]:8080" },
  { "tcp://[::]:0", SP_ENDPOINT_ROLE_SERVER, SP_TRANSPORT_TCP, "::", 0, NULL, "tcp://[::]:0" },
  { "tcp://[2001:db8::17]:65535", SP_ENDPOINT_ROLE_CLIENT, SP_TRANSPORT_TCP, "2001:db8::17", 65535, NULL, "tcp://[2001:db8::17]:65535" },
  { "tcp://0.0.0.0:8080", SP_ENDPOINT_ROLE_SERVER, SP_TRANSPORT_TCP, "0.0.0.0", 8080, NULL, "tcp://0.0.0.0:8080" },
  { "tcp://my-host.example_lab.org:1", SP_ENDPOINT_ROLE_CLIENT, SP_TRANSPORT_TCP, "my-host.example_lab.org", 1, NULL, "tcp://my-host.example_lab.org:1" },
  { "tcp://127.0.0.1:007", SP_ENDPOINT_ROLE_CLIENT, SP_TRANSPORT_TCP, "127.0.0.1", 7, NULL, "tcp://127.0.0.1:7" },
  { "udp://127.0.0.1:5353", SP_ENDPOINT_ROLE_CLIENT, SP_TRANSPORT_UDP, "127.0.0.1", 5353, NULL, "udp://127.0.0.1:5353" },
  { "unix:/tmp/playground.sock", SP_ENDPOINT_ROLE_SERVER, SP_TRANSPORT_UNIX, NULL, 0, "/tmp/playground.sock", "unix:/tmp/playground.sock" },
  { "unix:relative.sock", SP_ENDPOINT_ROLE_CLIENT, SP_TRANSPORT_UNIX, NULL, 0, "relative.sock", "unix:relative.sock" },
  { "unix-dgram:/run/x.sock", SP_ENDPOINT_ROLE_SERVER, SP_TRANSPORT_UNIX_DGRAM, NULL, 0, "/run/x.sock", "unix-dgram:/run/x.sock" },
};

typedef struct
{
  const char      *name;
  const char      *text;
  SpEndpointRole   role;
  SpEndpointError  code;
} BadCase;

static const BadCase bad_cases[] = {
  { "empty", "", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_EMPTY },
  { "space-inside", "tcp://127.0.0.1: 80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_SPACES },
  { "space-leading", " tcp://127.0.0.1:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_SPACES },
  { "space-trailing", "tcp://127.0.0.1:80 ", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_SPACES },
  { "tab", "tcp://127.0.0.1:\t80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_SPACES },
  { "no-scheme", "127.0.0.1:12345", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_MISSING_SCHEME },
  { "no-scheme-name", "localhost", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_MISSING_SCHEME },
  { "colon-first", "://127.0.0.1:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_MISSING_SCHEME },
  { "unknown-scheme", "http://127.0.0.1:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_UNKNOWN_SCHEME },
  { "unknown-scheme-sctp", "sctp://127.0.0.1:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_UNKNOWN_SCHEME },
  { "missing-slashes", "tcp:127.0.0.1:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_MISSING_SLASHES },
  { "one-slash", "tcp:/127.0.0.1:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_MISSING_SLASHES },
  { "missing-host", "tcp://:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_MISSING_HOST },
  { "nothing-after-slashes", "tcp://", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_MISSING_HOST },
  { "empty-brackets", "tcp://[]:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_MISSING_HOST },
  { "missing-port", "tcp://127.0.0.1", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_MISSING_PORT },
  { "empty-port", "tcp://127.0.0.1:", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_MISSING_PORT },
  { "ipv6-missing-port", "tcp://[::1]", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_MISSING_PORT },
  { "port-zero-client", "tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_PORT_ZERO },
  { "port-range", "tcp://127.0.0.1:65536", SP_ENDPOINT_ROLE_SERVER, SP_ENDPOINT_ERROR_PORT_RANGE },
  { "port-huge", "tcp://127.0.0.1:99999999999999999999999", SP_ENDPOINT_ROLE_SERVER, SP_ENDPOINT_ERROR_PORT_RANGE },
  { "port-negative", "tcp://127.0.0.1:-1", SP_ENDPOINT_ROLE_SERVER, SP_ENDPOINT_ERROR_PORT_RANGE },
  { "port-plus", "tcp://127.0.0.1:+80", SP_ENDPOINT_ROLE_SERVER, SP_ENDPOINT_ERROR_PORT_RANGE },
  { "port-name", "tcp://127.0.0.1:http", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_BAD_PORT },
  { "port-trailing-junk", "tcp://127.0.0.1:80abc", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_TRAILING_JUNK },
  { "port-trailing-slash", "tcp://127.0.0.1:80/", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_TRAILING_JUNK },
  { "after-bracket", "tcp://[::1]x:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_TRAILING_JUNK },
  { "unclosed-bracket", "tcp://[::1:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_UNBALANCED_BRACKETS },
  { "stray-close-bracket", "tcp://::1]:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_UNBALANCED_BRACKETS },
  { "ipv6-without-brackets", "tcp://::1:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_IPV6_NEEDS_BRACKETS },
  { "ipv4-in-brackets", "tcp://[127.0.0.1]:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_BAD_IPV6 },
  { "bad-ipv6", "tcp://[::g]:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_BAD_IPV6 },
  { "zone-id", "tcp://[fe80::1%eth0]:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_ZONE_NOT_ALLOWED },
  { "bad-ipv4-octet", "tcp://256.1.1.1:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_BAD_HOST },
  { "short-ipv4", "tcp://127.1:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_BAD_HOST },
  { "host-slash", "tcp://exa/mple:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_BAD_HOST },
  { "host-at", "tcp://user@host:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_BAD_HOST },
  { "host-leading-dot", "tcp://.example:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_BAD_HOST },
  { "host-double-dot", "tcp://a..b:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_BAD_HOST },
  { "host-non-ascii", "tcp://café:80", SP_ENDPOINT_ROLE_CLIENT, SP_ENDPOINT_ERROR_BAD_HOST },
  { "unix-empty-path", "unix:", SP_ENDPOINT_ROLE_SERVER, SP_ENDPOINT_ERROR_EMPTY_PATH },
  { "unix-dgram-empty-path", "unix-dgram:", SP_ENDPOINT_ROLE_SERVER, SP_ENDPOINT_ERROR_EMPTY_PATH },
};

static void
test_good (gconstpointer data)
{
  const GoodCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpEndpoint) again = NULL;
  g_autofree char *text = NULL;

  endpoint = sp_endpoint_parse (c->text, c->role, &error);
  g_assert_no_error (error);
  g_assert_nonnull (endpoint);
  g_assert_cmpint (sp_endpoint_get_transport (endpoint), ==, c->transport);
  g_assert_cmpstr (sp_endpoint_get_host (endpoint), ==, c->host);
  g_assert_cmpuint (sp_endpoint_get_port (endpoint), ==, c->port);
  g_assert_cmpstr (sp_endpoint_get_path (endpoint), ==, c->path);

  /* Printing gives the canonical form, and parsing it gives the same endpoint back. */
  text = sp_endpoint_to_string (endpoint);
  g_assert_cmpstr (text, ==, c->canonical);
  again = sp_endpoint_parse (text, c->role, &error);
  g_assert_no_error (error);
  g_assert_true (sp_endpoint_equal (endpoint, again));

  g_assert_finalize_object (g_steal_pointer (&again));
  g_assert_finalize_object (g_steal_pointer (&endpoint));
}

static void
test_bad (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;

  endpoint = sp_endpoint_parse (c->text, c->role, &error);
  g_assert_null (endpoint);
  g_assert_error (error, SP_ENDPOINT_ERROR, (int) c->code);

  /* A sentence for a person: starts with a capital or a quote, ends with a full stop. */
  g_assert_cmpuint (strlen (error->message), >, 20);
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_null_and_long_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;

  g_assert_null (sp_endpoint_parse (NULL, SP_ENDPOINT_ROLE_CLIENT, &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_EMPTY);
  g_clear_error (&error);

  /* sun_path is 108 bytes with its NUL: 107 characters fit, 108 do not. */
  long_path = g_strnfill (107, 'a');
  text = g_strconcat ("unix:", long_path, NULL);
  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (sp_endpoint_get_path (endpoint)), ==, 107);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&long_path, g_free);

  long_path = g_strnfill (108, 'a');
  text = g_strconcat ("unix:", long_path, NULL);
  g_assert_null (sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_PATH_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "108"));
  g_assert_nonnull (strstr (error->message, "107"));
}

static void
test_embedded_nul (void)
{
  static const char text[] = "tcp://127.0.0.1:80\0junk";
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;

  g_assert_null (sp_endpoint_parse_bytes (text, sizeof text - 1, SP_ENDPOINT_ROLE_CLIENT, &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_EMBEDDED_NUL);
  g_assert_nonnull (strstr (error->message, "position 19"));

  /* Without a NUL, the bytes form gives the same as the string form. */
  endpoint = sp_endpoint_parse_bytes (text, 18, SP_ENDPOINT_ROLE_CLIENT, NULL);
  g_assert_nonnull (endpoint);
  g_assert_cmpuint (sp_endpoint_get_port (endpoint), ==, 80);
}

static void
test_directory_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sp-endpoint-XXXXXX", NULL);
  g_autofree char *text = g_strconcat ("unix:", dir, NULL);
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* The syntax is fine; the folder shows when the path is looked at, before bind(). */
  g_assert_nonnull (endpoint);
  sp_endpoint_resolve_async (endpoint, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the path check");
  g_assert_null (sp_endpoint_resolve_finish (endpoint, result, &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_PATH_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "is a folder"));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_with_port (void)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://[::1]:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpEndpoint) moved = sp_endpoint_with_port (endpoint, 4242);
  g_autofree char *text = sp_endpoint_to_string (moved);
  g_autofree char *host_port = sp_endpoint_format_host_port (moved);

  g_assert_cmpstr (text, ==, "tcp://[::1]:4242");
  g_assert_cmpstr (host_port, ==, "[::1]:4242");
  g_assert_false (sp_endpoint_equal (endpoint, moved));
}

static void
test_resolve_literal (void)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:12345", SP_ENDPOINT_ROLE_CLIENT, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GList *addresses;
  GInetSocketAddress *first;
  g_autofree char *ip = NULL;

  sp_endpoint_resolve_async (endpoint, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "a literal address");
  addresses = sp_endpoint_resolve_finish (endpoint, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (addresses), ==, 1);

  first = addresses->data;
  ip = g_inet_address_to_string (g_inet_socket_address_get_address (first));
  g_assert_cmpstr (ip, ==, "127.0.0.1");
  g_assert_cmpuint (g_inet_socket_address_get_port (first), ==, 12345);
  g_list_free_full (addresses, g_object_unref);
}

static void
test_resolve_localhost (void)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://localhost:12345", SP_ENDPOINT_ROLE_CLIENT, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GList *addresses;

  sp_endpoint_resolve_async (endpoint, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "localhost to resolve");
  addresses = sp_endpoint_resolve_finish (endpoint, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (addresses);

  for (GList *l = addresses; l != NULL; l = l->next)
    {
      GInetAddress *ip = g_inet_socket_address_get_address (l->data);

      g_assert_true (g_inet_address_get_is_loopback (ip));
      g_assert_cmpuint (g_inet_socket_address_get_port (l->data), ==, 12345);
    }
  g_list_free_full (addresses, g_object_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/endpoint/good/%u", i);
      g_test_add_data_func (path, &good_cases[i], test_good);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/endpoint/bad/%s", bad_cases[i].name);
      g_test_add_data_func (path, &bad_cases[i], test_bad);
    }

  g_test_add_func ("/endpoint/bad/null-and-path-length", test_null_and_long_path);
  g_test_add_func ("/endpoint/bad/embedded-nul", test_embedded_nul);
  g_test_add_func ("/endpoint/bad/directory-path", test_directory_path);
  g_test_add_func ("/endpoint/with-port", test_with_port);
  g_test_add_func ("/endpoint/resolve/literal", test_resolve_literal);
  g_test_add_func ("/endpoint/resolve/localhost", test_resolve_localhost);

  return g_test_run ();
}
