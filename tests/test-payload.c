/* test-payload.c — text with escapes and hex to bytes, and bytes back to text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sp-core.h"

/* A string literal and its length, NUL bytes included. */
#define BYTES(s) s, sizeof (s) - 1

typedef struct
{
  const char *name;
  const char *input;
  const char *expected;
  gsize       expected_size;
} GoodCase;

typedef struct
{
  const char     *name;
  const char     *input;
  SpPayloadError  code;
  gsize           column;
} BadCase;

static const GoodCase good_text_cases[] = {
  { "empty", "", BYTES ("") },
  { "plain", "hello", BYTES ("hello") },
  { "greeting", "Thank you for connecting", BYTES ("Thank you for connecting") },
  { "crlf", "GET / HTTP/1.0\\r\\n\\r\\n", BYTES ("GET / HTTP/1.0\r\n\r\n") },
  { "tab-newline", "a\\tb\\n", BYTES ("a\tb\n") },
  { "backslash", "a\\\\b", BYTES ("a\\b") },
  { "nul", "\\0", BYTES ("\0") },
  { "nul-then-digits", "\\012", BYTES ("\0" "12") },
  { "quotes", "\\\"\\'\"'", BYTES ("\"'\"'") },
  { "hex-escapes", "\\x00\\xff\\x7F\\xAb", BYTES ("\x00\xff\x7f\xab") },
  { "hex-escape-then-digits", "\\x41BC", BYTES ("ABC") },
  { "utf8", "café ☕ 日本", BYTES ("caf\xc3\xa9 \xe2\x98\x95 \xe6\x97\xa5\xe6\x9c\xac") },
  { "raw-controls", "a\tb\nc", BYTES ("a\tb\nc") },
  { "hex-escape-makes-invalid-utf8", "\\xc3\\x28", BYTES ("\xc3\x28") },
};

static const BadCase bad_text_cases[] = {
  { "unknown-escape", "ab\\q", SP_PAYLOAD_ERROR_BAD_ESCAPE, 3 },
  { "unknown-escape-after-utf8", "h\xc3\xa9\xc3\xa9\\q", SP_PAYLOAD_ERROR_BAD_ESCAPE, 4 },
  { "octal-not-supported", "\\101", SP_PAYLOAD_ERROR_BAD_ESCAPE, 1 },
  { "uppercase-escape", "ok\\N", SP_PAYLOAD_ERROR_BAD_ESCAPE, 3 },
  { "escape-space", "x\\ y", SP_PAYLOAD_ERROR_BAD_ESCAPE, 2 },
  { "escape-multibyte", "\xe2\x98\x95\\\xc3\xa9", SP_PAYLOAD_ERROR_BAD_ESCAPE, 2 },
  { "first-error-wins", "\\q\\", SP_PAYLOAD_ERROR_BAD_ESCAPE, 1 },
  { "lone-backslash", "abc\\", SP_PAYLOAD_ERROR_INCOMPLETE_ESCAPE, 4 },
  { "lone-backslash-after-emoji", "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\\", SP_PAYLOAD_ERROR_INCOMPLETE_ESCAPE, 3 },
  { "x-without-digits", "\\x", SP_PAYLOAD_ERROR_INCOMPLETE_ESCAPE, 1 },
  { "x-one-digit-at-end", "ab\\x4", SP_PAYLOAD_ERROR_INCOMPLETE_ESCAPE, 3 },
  { "x-bad-first-digit", "\\xg0", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 3 },
  { "x-bad-second-digit", "\\x4z", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 4 },
  { "x-bad-digit-after-utf8", "\xc3\xa7" "a\\x0\xc3\xa9", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 6 },
  { "x-space", "\\x 1", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 3 },
  { "invalid-utf8", "ab\xff", SP_PAYLOAD_ERROR_INVALID_UTF8, 3 },
  { "cut-utf8-after-cjk", "\xe6\x97\xa5\xe6\x9c\xac\xc3", SP_PAYLOAD_ERROR_INVALID_UTF8, 3 },
  { "overlong", "\xc0\xaf", SP_PAYLOAD_ERROR_INVALID_UTF8, 1 },
  { "surrogate", "a\xed\xa0\x80", SP_PAYLOAD_ERROR_INVALID_UTF8, 2 },
  { "invalid-after-backslash", "\\\xff", SP_PAYLOAD_ERROR_INVALID_UTF8, 2 },
  { "invalid-in-hex-escape", "\xc3\xa9\\x\xff", SP_PAYLOAD_ERROR_INVALID_UTF8, 4 },
};

static const GoodCase good_hex_cases[] = {
  { "empty", "", BYTES ("") },
  { "only-spaces", "  \t\n ", BYTES ("") },
  { "spaced", "de ad be ef", BYTES ("\xde\xad\xbe\xef") },
  { "upper", "DEADBEEF", BYTES ("\xde\xad\xbe\xef") },
  { "mixed-case", "De aD", BYTES ("\xde\xad") },
  { "prefixed", "0xDEADBEEF", BYTES ("\xde\xad\xbe\xef") },
  { "prefixed-upper-x", "0XdeAD", BYTES ("\xde\xad") },
  { "prefixed-groups", "0xde 0xad", BYTES ("\xde\xad") },
  { "c-array", "0xde, 0xad,0x00", BYTES ("\xde\xad\x00") },
  { "colons", "de:ad:be:ef", BYTES ("\xde\xad\xbe\xef") },
  { "dashes", "de-ad", BYTES ("\xde\xad") },
  { "whitespace-runs", "\tde\n\nad  \r\n", BYTES ("\xde\xad") },
  { "zero", "00", BYTES ("\0") },
  { "zeros-prefixed", "0x0000", BYTES ("\0\0") },
  { "nbsp-separator", "de\xc2\xa0" "ad", BYTES ("\xde\xad") },
  { "mixed-groups", "dead be:ef-01", BYTES ("\xde\xad\xbe\xef\x01") },
};

static const BadCase bad_hex_cases[] = {
  { "odd", "abc", SP_PAYLOAD_ERROR_ODD_HEX_DIGITS, 1 },
  { "odd-second-group", "de a", SP_PAYLOAD_ERROR_ODD_HEX_DIGITS, 4 },
  { "odd-prefixed", "0xabc", SP_PAYLOAD_ERROR_ODD_HEX_DIGITS, 1 },
  { "odd-after-colons", "de:ad:b", SP_PAYLOAD_ERROR_ODD_HEX_DIGITS, 7 },
  { "odd-after-nbsp", "de\xc2\xa0" "f", SP_PAYLOAD_ERROR_ODD_HEX_DIGITS, 4 },
  { "bad-digit", "dg", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 2 },
  { "bad-digit-multibyte", "de \xc3\xa9", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 4 },
  { "bad-digit-after-wide-spaces", "ab\xe3\x80\x80" "cd\xe3\x80\x80" "xy", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 7 },
  { "emoji", "de \xf0\x9f\x98\x80", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 4 },
  { "escape-syntax", "\\xde", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 1 },
  { "x-in-group", "dexad", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 3 },
  { "double-prefix", "0x0xde", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 4 },
  { "underscore", "de_ad", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 3 },
  { "plus", "+de", SP_PAYLOAD_ERROR_BAD_HEX_DIGIT, 1 },
  { "first-error-wins", "abc zz", SP_PAYLOAD_ERROR_ODD_HEX_DIGITS, 1 },
  { "prefix-only", "0x", SP_PAYLOAD_ERROR_MISSING_HEX_DIGITS, 1 },
  { "prefix-then-space", "de 0X ad", SP_PAYLOAD_ERROR_MISSING_HEX_DIGITS, 4 },
  { "invalid-utf8", "de \xff", SP_PAYLOAD_ERROR_INVALID_UTF8, 4 },
  { "invalid-after-nbsp", "\xc2\xa0\xfe", SP_PAYLOAD_ERROR_INVALID_UTF8, 2 },
  { "invalid-inside-group", "d\x80", SP_PAYLOAD_ERROR_INVALID_UTF8, 2 },
};

typedef GBytes *(*ParseFunc) (const char  *text,
                              gssize       length,
                              gsize       *error_column,
                              GError     **error);

static void
assert_bytes (GBytes     *bytes,
              const char *expected,
              gsize       expected_size)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpmem (data, size, expected, expected_size);
}

static void
check_good (ParseFunc       parse,
            const GoodCase *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize column = 42;

  bytes = parse (c->input, -1, &column, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (column, ==, 0);
  assert_bytes (bytes, c->expected, c->expected_size);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* The same with a counted length, and with nobody asking for the column. */
  bytes = parse (c->input, strlen (c->input), NULL, NULL);
  g_assert_nonnull (bytes);
  assert_bytes (bytes, c->expected, c->expected_size);
}

static void
check_bad (ParseFunc      parse,
           const BadCase *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *column_words = NULL;
  gsize column = 0;

  bytes = parse (c->input, -1, &column, &error);
  g_assert_null (bytes);
  g_assert_error (error, SP_PAYLOAD_ERROR, (int) c->code);
  g_assert_cmpuint (column, ==, c->column);

  /* The sentence names the column too, and reads as a sentence. */
  column_words = g_strdup_printf ("column %lu", (gulong) c->column);
  g_assert_nonnull (strstr (error->message, column_words));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_cmpuint (strlen (error->message), >, 30);
  g_clear_error (&error);

  /* Nobody asking for the column or the error is fine too. */
  g_assert_null (parse (c->input, strlen (c->input), NULL, NULL));
}

static void
test_text_good (gconstpointer data)
{
  check_good (sp_payload_parse_text, data);
}

static void
test_text_bad (gconstpointer data)
{
  check_bad (sp_payload_parse_text, data);
}

static void
test_hex_good (gconstpointer data)
{
  check_good (sp_payload_parse_hex, data);
}

static void
test_hex_bad (gconstpointer data)
{
  check_bad (sp_payload_parse_hex, data);
}

static void
test_text_lengths (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize column = 0;

  /* A counted string may hold a NUL, and parsing stops at the length, not at the NUL. */
  bytes = sp_payload_parse_text ("a\0b\\n", 5, &column, &error);
  g_assert_no_error (error);
  assert_bytes (bytes, BYTES ("a\0b\n"));
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = sp_payload_parse_text ("abc\\n", 3, &column, &error);
  g_assert_no_error (error);
  assert_bytes (bytes, BYTES ("abc"));
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Cut in the middle of an escape. */
  g_assert_null (sp_payload_parse_text ("\\x41", 3, &column, &error));
  g_assert_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_INCOMPLETE_ESCAPE);
  g_assert_cmpuint (column, ==, 1);
  g_clear_error (&error);

  g_assert_null (sp_payload_parse_text ("ab\\n", 3, &column, &error));
  g_assert_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_INCOMPLETE_ESCAPE);
  g_assert_cmpuint (column, ==, 3);
  g_clear_error (&error);

  /* Cut in the middle of a multibyte character. */
  g_assert_null (sp_payload_parse_text ("x\xc3\xa9", 2, &column, &error));
  g_assert_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_INVALID_UTF8);
  g_assert_cmpuint (column, ==, 2);
  g_clear_error (&error);

  /* A NUL after a backslash is an escape nobody knows, named by its code point. */
  g_assert_null (sp_payload_parse_text ("ok\\\0", 4, &column, &error));
  g_assert_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_BAD_ESCAPE);
  g_assert_cmpuint (column, ==, 3);
  g_assert_nonnull (strstr (error->message, "U+0000"));
  g_clear_error (&error);

  /* NULL with no length is empty. */
  bytes = sp_payload_parse_text (NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = sp_payload_parse_hex (NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* The hex parser respects the length too: "de ad" cut after "de a". */
  g_assert_null (sp_payload_parse_hex ("de ad", 4, &column, &error));
  g_assert_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_ODD_HEX_DIGITS);
  g_assert_cmpuint (column, ==, 4);
  g_clear_error (&error);
}

static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_group = NULL;

  /* Each message names what is wrong, as the person typed it. */
  g_assert_null (sp_payload_parse_text ("ab\\q", -1, NULL, &error));
  g_assert_nonnull (strstr (error->message, "“\\q”"));
  g_clear_error (&error);

  g_assert_null (sp_payload_parse_text ("\\\xc3\xa9", -1, NULL, &error));
  g_assert_nonnull (strstr (error->message, "“\\\xc3\xa9”"));
  g_clear_error (&error);

  g_assert_null (sp_payload_parse_text ("x\\\ty", -1, NULL, &error));
  g_assert_nonnull (strstr (error->message, "U+0009"));
  g_clear_error (&error);

  g_assert_null (sp_payload_parse_text ("\\x4z", -1, NULL, &error));
  g_assert_nonnull (strstr (error->message, "“z”"));
  g_clear_error (&error);

  g_assert_null (sp_payload_parse_hex ("de \xc3\xa9", -1, NULL, &error));
  g_assert_nonnull (strstr (error->message, "“\xc3\xa9”"));
  g_clear_error (&error);

  g_assert_null (sp_payload_parse_hex ("de\x1b", -1, NULL, &error));
  g_assert_nonnull (strstr (error->message, "U+001B"));
  g_clear_error (&error);

  g_assert_null (sp_payload_parse_hex ("de 0xabc", -1, NULL, &error));
  g_assert_nonnull (strstr (error->message, "“0xabc”"));
  g_assert_nonnull (strstr (error->message, "(3)"));
  g_clear_error (&error);

  g_assert_null (sp_payload_parse_hex ("0X", -1, NULL, &error));
  g_assert_nonnull (strstr (error->message, "“0X”"));
  g_clear_error (&error);

  /* A long group is quoted by its start only. */
  long_group = g_strnfill (33, 'a');
  g_assert_null (sp_payload_parse_hex (long_group, -1, NULL, &error));
  g_assert_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_ODD_HEX_DIGITS);
  g_assert_nonnull (strstr (error->message, "“aaaaaaaaaaaaaaaa…”"));
  g_assert_nonnull (strstr (error->message, "(33)"));
}

typedef struct
{
  const char *input;
  gsize       input_size;
  const char *expected;
} RenderCase;

static const RenderCase escaped_cases[] = {
  { BYTES (""), "" },
  { BYTES ("Thank you for connecting\r\n"), "Thank you for connecting\\r\\n" },
  { BYTES ("\x00\x01\x1b\x7f\xff"), "\\0\\x01\\x1b\\x7f\\xff" },
  { BYTES ("a\\b"), "a\\\\b" },
  { BYTES ("\t\n"), "\\t\\n" },
  { BYTES ("\"quoted\" 'too'"), "\"quoted\" 'too'" },
  { BYTES ("caf\xc3\xa9 \xe2\x98\x95"), "caf\xc3\xa9 \xe2\x98\x95" },
  { BYTES ("no\xc2\xa0" "break"), "no\\xc2\\xa0break" },
  { BYTES ("zero\xe2\x80\x8bwidth"), "zero\\xe2\\x80\\x8bwidth" },
  { BYTES ("\xc2\x85"), "\\xc2\\x85" },
  { BYTES ("cut \xc3"), "cut \\xc3" },
  { BYTES ("\xed\xa0\x80"), "\\xed\\xa0\\x80" },
  { BYTES ("\x41" "BC"), "ABC" },
  { BYTES ("\0" "12"), "\\012" },
};

static const RenderCase text_cases[] = {
  { BYTES (""), "" },
  { BYTES ("line 1\nline 2\ttab\r\n"), "line 1\nline 2\ttab\r\n" },
  { BYTES ("\0a"), "\\0a" },
  { BYTES ("caf\xc3\xa9\xff"), "caf\xc3\xa9\\xff" },
  { BYTES ("\x1b[31mred"), "\\x1b[31mred" },
  { BYTES ("\x7f\xc2\x85"), "\\x7f\\xc2\\x85" },
  { BYTES ("back\\slash"), "back\\slash" },
  { BYTES ("no\xc2\xa0" "break"), "no\xc2\xa0" "break" },
  { BYTES ("\xe6\x97\xa5\xe6\x9c"), "\xe6\x97\xa5\\xe6\\x9c" },
};

static const RenderCase hex_cases[] = {
  { BYTES (""), "" },
  { BYTES ("\0"), "00" },
  { BYTES ("\xde\xad\xbe\xef"), "de ad be ef" },
  { BYTES ("Hi\r\n"), "48 69 0d 0a" },
};

static const RenderCase hex_dump_cases[] = {
  { BYTES (""), "" },
  { BYTES ("Hello\n"),
    "00000000  48 65 6c 6c 6f 0a                                 |Hello.|\n"
    "00000006\n" },
  { BYTES ("12345678"),
    "00000000  31 32 33 34 35 36 37 38                           |12345678|\n"
    "00000008\n" },
  { BYTES ("123456789"),
    "00000000  31 32 33 34 35 36 37 38  39                       |123456789|\n"
    "00000009\n" },
  { BYTES ("Thank you for co"),
    "00000000  54 68 61 6e 6b 20 79 6f  75 20 66 6f 72 20 63 6f  |Thank you for co|\n"
    "00000010\n" },
  { BYTES ("Thank you for connecting\x00\x01\xff"),
    "00000000  54 68 61 6e 6b 20 79 6f  75 20 66 6f 72 20 63 6f  |Thank you for co|\n"
    "00000010  6e 6e 65 63 74 69 6e 67  00 01 ff                 |nnecting...|\n"
    "0000001b\n" },
  /* Identical lines are all shown, not folded into a star. */
  { BYTES ("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0~"),
    "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
    "00000010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
    "00000020  7e                                                |~|\n"
    "00000021\n" },
};

typedef char *(*RenderFunc) (const guint8 *data,
                             gsize         size);

static void
check_render (RenderFunc        render,
              const RenderCase *cases,
              gsize             n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *text = render ((const guint8 *) cases[i].input, cases[i].input_size);

      g_test_message ("case %" G_GSIZE_FORMAT, i);
      g_assert_cmpstr (text, ==, cases[i].expected);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
}

static void
test_render_escaped (void)
{
  check_render (sp_payload_to_escaped, escaped_cases, G_N_ELEMENTS (escaped_cases));

  /* And each one reads back to the bytes it came from. */
  for (guint i = 0; i < G_N_ELEMENTS (escaped_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = sp_payload_parse_text (escaped_cases[i].expected, -1, NULL, &error);

      g_assert_no_error (error);
      assert_bytes (bytes, escaped_cases[i].input, escaped_cases[i].input_size);
    }
}

static void
test_render_text (void)
{
  check_render (sp_payload_to_text, text_cases, G_N_ELEMENTS (text_cases));
}

static void
test_render_hex (void)
{
  check_render (sp_payload_to_hex, hex_cases, G_N_ELEMENTS (hex_cases));
}

static void
test_render_hex_dump (void)
{
  check_render (sp_payload_to_hex_dump, hex_dump_cases, G_N_ELEMENTS (hex_dump_cases));
}

static GBytes *
run_hexdump (GBytes *input)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *output = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error, "hexdump", "-vC", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (process, input, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  return output;
}

static void
test_render_hex_dump_matches_hexdump (void)
{
  static const gsize sizes[] = { 0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 255, 256, 1000, 4099 };
  g_autofree char *hexdump = g_find_program_in_path ("hexdump");

  if (hexdump == NULL)
    {
      g_test_skip ("hexdump (bsdextrautils) is not installed");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *data = g_malloc (sizes[i] + 1);
      g_autoptr(GBytes) input = NULL;
      g_autoptr(GBytes) expected = NULL;
      g_autofree char *dump = NULL;

      /* Random bytes, with a run of zeros that hexdump -C alone would fold. */
      for (gsize j = 0; j < sizes[i]; j++)
        data[j] = (j >= 40 && j < 90) ? 0 : (guint8) g_test_rand_int_range (0, 256);

      input = g_bytes_new (data, sizes[i]);
      expected = run_hexdump (input);
      dump = sp_payload_to_hex_dump (data, sizes[i]);

      g_test_message ("size %" G_GSIZE_FORMAT, sizes[i]);
      g_assert_cmpmem (dump, strlen (dump),
                       g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
    }
}

/* Pieces that make the escaped form interesting: backslashes, things that look like
 * escapes, multibyte characters whole and cut, invisible characters. */
static const char *const fragments[] = {
  "\\", "x", "0", "a", "F", "\\x", "\\0", "\r\n", "\t", " ", "\xc3\xa9", "\xe2\x98\x95",
  "\xf0\x9f\x98\x80", "\xc2\xa0", "\xe2\x80\x8b", "\xc3", "\x80", "\xed\xa0\x80", "\xff",
  "\x7f", "\x1b", "\"", "'",
};

static void
fill_random (guint8 *data,
             gsize   size)
{
  gboolean use_fragments = g_test_rand_bit ();
  gsize i = 0;

  while (i < size)
    {
      if (use_fragments)
        {
          const char *piece = fragments[g_test_rand_int_range (0, G_N_ELEMENTS (fragments))];
          gsize n = MIN (strlen (piece), size - i);

          memcpy (data + i, piece, n);
          i += n;
        }
      else
        {
          data[i++] = (guint8) g_test_rand_int_range (0, 256);
        }
    }
}

static void
test_round_trip_random (void)
{
  for (guint round = 0; round < 1000; round++)
    {
      gsize size = g_test_rand_int_range (0, 4097);
      g_autofree guint8 *data = g_malloc (size + 1);
      g_autofree char *escaped = NULL;
      g_autofree char *hex = NULL;
      g_autofree char *text = NULL;
      g_autofree char *dump = NULL;
      g_autoptr(GBytes) from_escaped = NULL;
      g_autoptr(GBytes) from_hex = NULL;
      g_autoptr(GError) error = NULL;
      gsize column = 0;
      guint lines = 0;

      fill_random (data, size);

      escaped = sp_payload_to_escaped (data, size);
      g_assert_true (g_utf8_validate (escaped, -1, NULL));
      from_escaped = sp_payload_parse_text (escaped, -1, &column, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (column, ==, 0);
      assert_bytes (from_escaped, (const char *) data, size);

      hex = sp_payload_to_hex (data, size);
      g_assert_cmpuint (strlen (hex), ==, size == 0 ? 0 : size * 3 - 1);
      from_hex = sp_payload_parse_hex (hex, -1, &column, &error);
      g_assert_no_error (error);
      assert_bytes (from_hex, (const char *) data, size);

      /* The reading form keeps every byte visible and is always valid text. */
      text = sp_payload_to_text (data, size);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpuint (strlen (text), >=, size);

      dump = sp_payload_to_hex_dump (data, size);
      for (const char *p = dump; *p != '\0'; p++)
        lines += *p == '\n';
      g_assert_cmpuint (lines, ==, size == 0 ? 0 : (size + 15) / 16 + 1);
    }
}

/* Literals for generated code: the integration test runs them; here, their exact form. */
static void
test_render_literal (void)
{
  static const struct { const char *data; gsize size; SpLiteralStyle style; const char *expected; } cases[] = {
    { BYTES ("a\0b?\?=?"), SP_LITERAL_C, "\"a\\000b?\\?=?\"" },
    { BYTES ("\xff" "1\r\n\t\"'\\"), SP_LITERAL_C, "\"\\3771\\r\\n\\t\\\"'\\\\\"" },
    { BYTES ("caf\xc3\xa9"), SP_LITERAL_C, "\"caf\\303\\251\"" },
    { BYTES ("\0" "1\xff'\"\\"), SP_LITERAL_PYTHON_BYTES, "b'\\x001\\xff\\'\"\\\\'" },
    { BYTES ("caf\xc3\xa9"), SP_LITERAL_PYTHON_BYTES, "b'caf\\xc3\\xa9'" },
    { BYTES ("/tmp/caf\xc3\xa9 'x'"), SP_LITERAL_PYTHON_STR, "'/tmp/caf\xc3\xa9 \\'x\\''" },
    { BYTES ("bad\xff\x01\xc2\xa0"), SP_LITERAL_PYTHON_STR, "'bad\\udcff\\x01\\u00a0'" },
    { BYTES (""), SP_LITERAL_PYTHON_BYTES, "b''" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *literal = sp_payload_to_literal ((const guint8 *) cases[i].data, cases[i].size,
                                                        cases[i].style);
      g_assert_cmpstr (literal, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (good_text_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/payload/text/good/%s", good_text_cases[i].name);
      g_test_add_data_func (path, &good_text_cases[i], test_text_good);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_text_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/payload/text/bad/%s", bad_text_cases[i].name);
      g_test_add_data_func (path, &bad_text_cases[i], test_text_bad);
    }

  for (guint i = 0; i < G_N_ELEMENTS (good_hex_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/payload/hex/good/%s", good_hex_cases[i].name);
      g_test_add_data_func (path, &good_hex_cases[i], test_hex_good);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_hex_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/payload/hex/bad/%s", bad_hex_cases[i].name);
      g_test_add_data_func (path, &bad_hex_cases[i], test_hex_bad);
    }

  g_test_add_func ("/payload/text/lengths", test_text_lengths);
  g_test_add_func ("/payload/messages", test_messages);
  g_test_add_func ("/payload/render/escaped", test_render_escaped);
  g_test_add_func ("/payload/render/text", test_render_text);
  g_test_add_func ("/payload/render/hex", test_render_hex);
  g_test_add_func ("/payload/render/hex-dump", test_render_hex_dump);
  g_test_add_func ("/payload/render/hex-dump-matches-hexdump", test_render_hex_dump_matches_hexdump);
  g_test_add_func ("/payload/render/literal", test_render_literal);
  g_test_add_func ("/payload/round-trip/random", test_round_trip_random);

  return g_test_run ();
}
