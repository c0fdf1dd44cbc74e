/* fuzz-payload.c — libFuzzer harness for the payload parsers and renderers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is used twice. As typed text, both parsers either succeed (and what they
 * produce renders and parses back to the same bytes) or fail with a SP_PAYLOAD_ERROR whose
 * column lies inside the input. As raw bytes, every rendering is valid UTF-8, and the
 * escaped and hex renderings parse back to exactly those bytes.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "sp-payload.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef GBytes *(*ParseFunc)  (const char    *text,
                               gssize         length,
                               gsize         *error_column,
                               GError       **error);
typedef char   *(*RenderFunc) (const guint8  *data,
                               gsize          size);

static void
assert_same_bytes (GBytes       *bytes,
                   const guint8 *data,
                   gsize         size)
{
  gsize bytes_size = 0;
  const guint8 *bytes_data = g_bytes_get_data (bytes, &bytes_size);

  g_assert_cmpuint (bytes_size, ==, size);
  g_assert_true (size == 0 || memcmp (bytes_data, data, size) == 0);
}

static void
check_parse (ParseFunc      parse,
             RenderFunc     render,
             const guint8  *data,
             gsize          size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree char *rendered = NULL;
  gsize column = G_MAXSIZE;
  const guint8 *bytes_data;
  gsize bytes_size = 0;

  bytes = parse ((const char *) data, size, &column, &error);
  if (bytes == NULL)
    {
      g_autofree char *column_words = NULL;

      g_assert_nonnull (error);
      g_assert_true (error->domain == SP_PAYLOAD_ERROR);
      g_assert_cmpuint (column, >=, 1);
      g_assert_cmpuint (column, <=, size);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      column_words = g_strdup_printf ("column %lu", (gulong) column);
      g_assert_nonnull (strstr (error->message, column_words));
      return;
    }

  g_assert_no_error (error);
  g_assert_cmpuint (column, ==, 0);

  bytes_data = g_bytes_get_data (bytes, &bytes_size);
  rendered = render (bytes_data, bytes_size);
  g_assert_true (g_utf8_validate (rendered, -1, NULL));
  again = parse (rendered, -1, NULL, &error);
  g_assert_no_error (error);
  assert_same_bytes (again, bytes_data, bytes_size);
}

static void
check_round_trip (ParseFunc      parse,
                  RenderFunc     render,
                  const guint8  *data,
                  gsize          size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *rendered = render (data, size);

  g_assert_true (g_utf8_validate (rendered, -1, NULL));
  bytes = parse (rendered, -1, NULL, &error);
  g_assert_no_error (error);
  assert_same_bytes (bytes, data, size);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autofree char *dump = NULL;
  gsize lines = 0;

  check_parse (sp_payload_parse_text, sp_payload_to_escaped, data, size);
  check_parse (sp_payload_parse_hex, sp_payload_to_hex, data, size);

  check_round_trip (sp_payload_parse_text, sp_payload_to_escaped, data, size);
  check_round_trip (sp_payload_parse_hex, sp_payload_to_hex, data, size);

  text = sp_payload_to_text (data, size);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (strlen (text), >=, size);

  dump = sp_payload_to_hex_dump (data, size);
  for (const char *p = dump; *p != '\0'; p++)
    lines += *p == '\n';
  g_assert_cmpuint (lines, ==, size == 0 ? 0 : (size + 15) / 16 + 1);

  return 0;
}
