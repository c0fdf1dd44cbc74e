/* fuzz-endpoint.c — libFuzzer harness for sp_endpoint_parse ()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever the bytes, parsing either succeeds or fails with a SP_ENDPOINT_ERROR and a
 * readable sentence; and an endpoint that parses prints in a form that parses back to an
 * equal endpoint, and prints the same again.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "sp-endpoint.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_role (const char     *text,
            SpEndpointRole  role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpEndpoint) again = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *printed_again = NULL;
  g_autofree char *host_port = NULL;

  endpoint = sp_endpoint_parse (text, role, &error);
  if (endpoint == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == SP_ENDPOINT_ERROR);
      g_assert_nonnull (error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  g_assert_no_error (error);

  printed = sp_endpoint_to_string (endpoint);
  g_assert_nonnull (printed);
  again = sp_endpoint_parse (printed, role, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_true (sp_endpoint_equal (endpoint, again));

  printed_again = sp_endpoint_to_string (again);
  g_assert_cmpstr (printed, ==, printed_again);

  host_port = sp_endpoint_format_host_port (endpoint);
  g_assert_nonnull (host_port);
  g_assert_true (g_str_has_suffix (printed, host_port));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* The parser reads a C string: a NUL in the input simply ends it early... */
  g_autofree char *text = g_malloc (size + 1);

  if (size > 0)
    memcpy (text, data, size);
  text[size] = '\0';

  check_role (text, SP_ENDPOINT_ROLE_SERVER);
  check_role (text, SP_ENDPOINT_ROLE_CLIENT);

  /* ...while the length-aware parser must refuse a NUL and otherwise agree. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse_bytes ((const char *) data, size,
                                                              SP_ENDPOINT_ROLE_SERVER, &error);

    if (memchr (data, '\0', size) != NULL)
      g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_EMBEDDED_NUL);
    else
      {
        g_autoptr(GError) direct_error = NULL;
        g_autoptr(SpEndpoint) direct = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, &direct_error);

        g_assert_true ((endpoint == NULL) == (direct == NULL));
        if (endpoint != NULL)
          g_assert_true (sp_endpoint_equal (endpoint, direct));
      }
  }

  return 0;
}
