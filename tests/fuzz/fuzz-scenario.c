/* fuzz-scenario.c — libFuzzer harness for sp_scenario_new_from_data ()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever the bytes, reading either succeeds or fails with a SP_SCENARIO_ERROR whose
 * message is readable and starts with the line it names, a line the input has. A
 * playground that reads is a key file GLib reads too, and what it writes reads back:
 * written twice, it gives the same text, and an equal playground.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sp-scenario.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static guint
count_lines (const uint8_t *data,
             size_t         size)
{
  guint lines = 1;

  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';

  return lines;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScenario) scenario = NULL;
  g_autoptr(SpScenario) again = NULL;
  g_autoptr(SpScenario) third = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  guint line = G_MAXUINT;

  scenario = sp_scenario_new_from_data ((const char *) data, size, &line, &error);
  if (scenario == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == SP_SCENARIO_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (line, <=, count_lines (data, size));
      if (line > 0)
        {
          g_autofree char *prefix = g_strdup_printf ("Line %u: ", line);

          g_assert_true (g_str_has_prefix (error->message, prefix));
        }
      return 0;
    }

  g_assert_no_error (error);
  g_assert_cmpuint (line, ==, 0);

  /* Every playground is a key file. */
  key_file = g_key_file_new ();
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    g_assert_true (g_key_file_load_from_data (key_file, (const char *) data + 3, size - 3, G_KEY_FILE_NONE, NULL));
  else
    g_assert_true (g_key_file_load_from_data (key_file, (const char *) data, size, G_KEY_FILE_NONE, NULL));

  /* Writing may write escapes for what a line cannot hold; after that, it is stable. */
  text = sp_scenario_to_data (scenario, NULL);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  again = sp_scenario_new_from_data (text, -1, NULL, &error);
  if (again == NULL)
    {
      /* g_error () would trap, which libFuzzer does not catch: abort instead. */
      g_printerr ("What was written does not read back: %s\n%s\n", error->message, text);
      g_assert_not_reached ();
    }

  text_again = sp_scenario_to_data (again, NULL);
  g_assert_cmpstr (text, ==, text_again);
  third = sp_scenario_new_from_data (text_again, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sp_scenario_equal (again, third));

  return 0;
}
