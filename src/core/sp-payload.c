/* sp-payload.c — text with escapes and hex to bytes, and bytes back to text, escapes and hex
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A learner types what a pane sends, either as text with C-like escapes (`hello\r\n`,
 * `\x00\xff`) or as hex (`de ad be ef`), and reads what it received as text, as escapes or
 * as a hex dump. Both parsers point at the column (in characters, counted from 1) of the
 * first thing they refuse, so the entry can put the cursor there. The escaped rendering
 * reads back with sp_payload_parse_text(), and the hex rendering with
 * sp_payload_parse_hex(), to the very same bytes.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-payload.h"

G_DEFINE_QUARK (sp-payload-error-quark, sp_payload_error)

static const char hex_digits[] = "0123456789abcdef";

/* Longest hex group quoted whole in an error message; longer ones are cut with an ellipsis. */
#define QUOTED_GROUP_MAX 16

/*
 * Reads the character at @p, never past @end. Returns its length in bytes, or 0 when the
 * bytes there are not valid UTF-8 (malformed, overlong, a surrogate, or cut short). A NUL
 * byte inside a counted string is a character like any other.
 */
static gsize
read_char (const char *p,
           const char *end,
           gunichar   *out_char)
{
  gunichar c;

  g_assert (p < end);

  if ((guchar) *p < 0x80)
    {
      *out_char = (guchar) *p;
      return 1;
    }

  c = g_utf8_get_char_validated (p, end - p);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    return 0;

  *out_char = c;
  return g_utf8_skip[(guchar) *p];
}

static gboolean
is_hex_digit (gunichar c)
{
  return c < 0x80 && g_ascii_isxdigit ((char) c);
}

static gboolean
is_invisible (gunichar c)
{
  return !g_unichar_isprint (c) || g_unichar_isspace (c);
}

/* The character itself when a person can see it, otherwise its code point (U+0009). */
static char *
describe_char (gunichar c)
{
  char buffer[8] = { 0 };

  if (is_invisible (c))
    return g_strdup_printf ("U+%04X", c);

  g_unichar_to_utf8 (c, buffer);
  return g_strdup (buffer);
}

static void
append_hex_escape (GString *out,
                   guint8   byte)
{
  g_string_append_c (out, '\\');
  g_string_append_c (out, 'x');
  g_string_append_c (out, hex_digits[byte >> 4]);
  g_string_append_c (out, hex_digits[byte & 0xf]);
}

static void
set_column (gsize *error_column,
            gsize  column)
{
  if (error_column != NULL)
    *error_column = column;
}

static void
set_invalid_utf8 (GError **error,
                  gsize   *error_column,
                  gsize    column)
{
  set_column (error_column, column);
  g_set_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_INVALID_UTF8,
               _("The character at column %lu is not valid UTF-8 text: type raw bytes as hex digits or as \\xHH escapes instead."),
               (gulong) column);
}

/**
 * sp_payload_parse_text:
 * @text: what the person typed
 * @length: the length of @text in bytes, or -1 if it ends with a NUL
 * @error_column: (out) (optional): where the column of the refused character goes,
 *   counted in characters from 1; 0 on success
 * @error: a #SP_PAYLOAD_ERROR whose message is a sentence for the learner
 *
 * Turns text with escapes into bytes. The escapes are `\r`, `\n`, `\t`, `\0`, `\\`, `\"`,
 * `\'` and `\xHH` with exactly two hex digits (`\x0a`); everything else is copied as its
 * UTF-8 bytes. An unknown escape, a backslash at the very end, a `\x` without two hex
 * digits and bytes that are not valid UTF-8 are refused, and @error_column points at the
 * backslash of the escape, or at the bad hex digit or the invalid byte.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @error set
 */
GBytes *
sp_payload_parse_text (const char  *text,
                       gssize       length,
                       gsize       *error_column,
                       GError     **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  const char *p;
  const char *end;
  gsize column = 1;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  set_column (error_column, 0);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);

  p = text;
  end = text + length;
  bytes = g_byte_array_sized_new ((guint) MIN ((gsize) length, G_MAXUINT));

  while (p < end)
    {
      gsize escape_column;
      gunichar c;
      gsize n;
      guint8 byte;

      n = read_char (p, end, &c);
      if (n == 0)
        {
          set_invalid_utf8 (error, error_column, column);
          return NULL;
        }

      if (c != '\\')
        {
          g_byte_array_append (bytes, (const guint8 *) p, n);
          p += n;
          column++;
          continue;
        }

      escape_column = column;
      p++;
      column++;

      if (p == end)
        {
          set_column (error_column, escape_column);
          g_set_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_INCOMPLETE_ESCAPE,
                       _("The backslash at column %lu ends the text without saying which escape it starts: write \\\\ for a backslash itself."),
                       (gulong) escape_column);
          return NULL;
        }

      n = read_char (p, end, &c);
      if (n == 0)
        {
          set_invalid_utf8 (error, error_column, column);
          return NULL;
        }

      switch (c)
        {
        case 'r':
          byte = '\r';
          break;

        case 'n':
          byte = '\n';
          break;

        case 't':
          byte = '\t';
          break;

        case '0':
          byte = '\0';
          break;

        case '\\':
        case '"':
        case '\'':
          byte = (guint8) c;
          break;

        case 'x':
          p++;
          column++;
          byte = 0;
          for (guint i = 0; i < 2; i++)
            {
              if (p == end)
                {
                  set_column (error_column, escape_column);
                  g_set_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_INCOMPLETE_ESCAPE,
                               _("The \\x escape at column %lu needs exactly two hex digits after it, for example \\x0a."),
                               (gulong) escape_column);
                  return NULL;
                }

              n = read_char (p, end, &c);
              if (n == 0)
                {
                  set_invalid_utf8 (error, error_column, column);
                  return NULL;
                }

              if (!is_hex_digit (c))
                {
                  g_autofree char *name = describe_char (c);

                  set_column (error_column, column);
                  g_set_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_BAD_HEX_DIGIT,
                               _("“%s” at column %lu is not a hex digit: \\x takes exactly two digits from 0–9 and a–f, for example \\x0a."),
                               name, (gulong) column);
                  return NULL;
                }

              byte = (guint8) ((byte << 4) | g_ascii_xdigit_value ((char) c));
              p++;
              column++;
            }
          g_byte_array_append (bytes, &byte, 1);
          continue;

        default:
          set_column (error_column, escape_column);
          if (is_invisible (c))
            {
              g_autofree char *name = describe_char (c);

              g_set_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_BAD_ESCAPE,
                           _("The backslash at column %lu is followed by a space or an invisible character (%s), which starts no escape: use \\r, \\n, \\t, \\0, \\\\, \\\", \\' or \\x with two hex digits."),
                           (gulong) escape_column, name);
            }
          else
            {
              g_autofree char *sequence = g_strdup_printf ("\\%.*s", (int) n, p);

              g_set_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_BAD_ESCAPE,
                           _("“%s” at column %lu is not an escape this playground knows: use \\r, \\n, \\t, \\0, \\\\, \\\", \\' or \\x with two hex digits."),
                           sequence, (gulong) escape_column);
            }
          return NULL;
        }

      g_byte_array_append (bytes, &byte, 1);
      p += n;
      column++;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static gboolean
is_hex_separator (gunichar c)
{
  return g_unichar_isspace (c) || c == ':' || c == '-' || c == ',';
}

/**
 * sp_payload_parse_hex:
 * @text: what the person typed
 * @length: the length of @text in bytes, or -1 if it ends with a NUL
 * @error_column: (out) (optional): where the column of the refused character or group
 *   goes, counted in characters from 1; 0 on success
 * @error: a #SP_PAYLOAD_ERROR whose message is a sentence for the learner
 *
 * Turns hex digits into bytes. Digits come in groups separated by any run of spaces,
 * colons, dashes or commas; each group may start with `0x` and must hold an even number of
 * digits, two per byte, in either case. So `de ad be ef`, `DEADBEEF`, `0xDEADBEEF`,
 * `0xde, 0xad`, `de:ad:be:ef` and `de-ad` all read as you would expect, and empty input
 * gives no bytes. A group with an odd number of digits is refused with @error_column at its
 * start; a character that is not a hex digit with @error_column at that character.
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @error set
 */
GBytes *
sp_payload_parse_hex (const char  *text,
                      gssize       length,
                      gsize       *error_column,
                      GError     **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  const char *p;
  const char *end;
  gsize column = 1;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  set_column (error_column, 0);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);

  p = text;
  end = text + length;
  bytes = g_byte_array_sized_new ((guint) MIN ((gsize) length / 2, G_MAXUINT));

  while (p < end)
    {
      const char *group_start = p;
      gsize group_column = column;
      gsize digits = 0;
      guint8 high = 0;
      gunichar c;
      gsize n;

      n = read_char (p, end, &c);
      if (n == 0)
        {
          set_invalid_utf8 (error, error_column, column);
          return NULL;
        }

      if (is_hex_separator (c))
        {
          p += n;
          column++;
          continue;
        }

      if (c == '0' && end - p >= 2 && (p[1] == 'x' || p[1] == 'X'))
        {
          p += 2;
          column += 2;
        }

      for (; p < end; p += n, column++)
        {
          guint8 value;

          n = read_char (p, end, &c);
          if (n == 0)
            {
              set_invalid_utf8 (error, error_column, column);
              return NULL;
            }

          if (is_hex_separator (c))
            break;

          if (!is_hex_digit (c))
            {
              g_autofree char *name = describe_char (c);

              set_column (error_column, column);
              g_set_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_BAD_HEX_DIGIT,
                           _("“%s” at column %lu is not a hex digit: write each byte as two digits from 0–9 and a–f, for example de ad be ef."),
                           name, (gulong) column);
              return NULL;
            }

          value = (guint8) g_ascii_xdigit_value ((char) c);
          if (digits % 2 == 0)
            high = value;
          else
            {
              guint8 byte = (guint8) ((high << 4) | value);

              g_byte_array_append (bytes, &byte, 1);
            }
          digits++;
        }

      if (digits == 0)
        {
          g_autofree char *prefix = g_strndup (group_start, 2);

          set_column (error_column, group_column);
          g_set_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_MISSING_HEX_DIGITS,
                       _("“%s” at column %lu is not followed by any hex digit: write the bytes right after it, for example 0xdeadbeef."),
                       prefix, (gulong) group_column);
          return NULL;
        }

      if (digits % 2 != 0)
        {
          g_autofree char *group = NULL;

          /* Everything from group_start to p is ASCII, so cutting by bytes is safe. */
          if (p - group_start > QUOTED_GROUP_MAX)
            group = g_strdup_printf ("%.*s…", QUOTED_GROUP_MAX, group_start);
          else
            group = g_strndup (group_start, p - group_start);

          set_column (error_column, group_column);
          g_set_error (error, SP_PAYLOAD_ERROR, SP_PAYLOAD_ERROR_ODD_HEX_DIGITS,
                       _("The group “%s” at column %lu has an odd number of hex digits (%lu): each byte takes two, so add the missing leading zero, for example 0a rather than a."),
                       group, (gulong) group_column, (gulong) digits);
          return NULL;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/**
 * sp_payload_to_escaped:
 * @data: (array length=size) (nullable): the bytes
 * @size: how many
 *
 * Renders bytes as text with escapes, the form a learner can type back: printable ASCII
 * and printable non-ASCII characters stay as they are, `\r`, `\n`, `\t`, `\0` and `\\`
 * are named, and every other byte (control characters, spaces other than U+0020, invalid
 * UTF-8) becomes `\xHH`. sp_payload_parse_text() reads the result back to the same bytes.
 *
 * Returns: (transfer full): valid UTF-8, never %NULL
 */
char *
sp_payload_to_escaped (const guint8 *data,
                       gsize         size)
{
  const char *text = (const char *) data;
  GString *out;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  out = g_string_sized_new (size + 1);

  while (i < size)
    {
      guint8 byte = data[i];
      gunichar c;
      gsize n;

      switch (byte)
        {
        case '\\':
          g_string_append (out, "\\\\");
          i++;
          continue;

        case '\r':
          g_string_append (out, "\\r");
          i++;
          continue;

        case '\n':
          g_string_append (out, "\\n");
          i++;
          continue;

        case '\t':
          g_string_append (out, "\\t");
          i++;
          continue;

        case '\0':
          g_string_append (out, "\\0");
          i++;
          continue;

        default:
          break;
        }

      if (byte >= 0x20 && byte < 0x7f)
        {
          g_string_append_c (out, (char) byte);
          i++;
          continue;
        }

      if (byte >= 0x80)
        {
          n = read_char (text + i, text + size, &c);
          if (n > 0 && !is_invisible (c))
            {
              g_string_append_len (out, text + i, n);
              i += n;
              continue;
            }
        }

      append_hex_escape (out, byte);
      i++;
    }

  return g_string_free (out, FALSE);
}

/**
 * sp_payload_to_text:
 * @data: (array length=size) (nullable): the bytes
 * @size: how many
 *
 * Renders bytes as the text they hold, for reading rather than retyping: valid UTF-8 stays
 * as it is, newlines, carriage returns and tabs included. So that nothing is dropped or
 * hidden, a NUL shows as `\0`, and a byte that is not valid UTF-8 or belongs to another
 * control character (such as escape, 0x1b, which would drive a terminal) shows as `\xHH`.
 * Backslashes are not doubled, so the result is not meant to be parsed back; use
 * sp_payload_to_escaped() for that.
 *
 * Returns: (transfer full): valid UTF-8, never %NULL
 */
char *
sp_payload_to_text (const guint8 *data,
                    gsize         size)
{
  const char *text = (const char *) data;
  GString *out;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  out = g_string_sized_new (size + 1);

  while (i < size)
    {
      guint8 byte = data[i];
      gunichar c;
      gsize n;

      if (byte == '\0')
        {
          g_string_append (out, "\\0");
          i++;
          continue;
        }

      if (byte == '\n' || byte == '\r' || byte == '\t')
        {
          g_string_append_c (out, (char) byte);
          i++;
          continue;
        }

      n = read_char (text + i, text + size, &c);
      if (n > 0 && g_unichar_type (c) != G_UNICODE_CONTROL)
        {
          g_string_append_len (out, text + i, n);
          i += n;
          continue;
        }

      append_hex_escape (out, byte);
      i++;
    }

  return g_string_free (out, FALSE);
}

/**
 * sp_payload_to_hex:
 * @data: (array length=size) (nullable): the bytes
 * @size: how many
 *
 * Renders bytes as lowercase hex pairs separated by single spaces, `de ad be ef`, which
 * sp_payload_parse_hex() reads back. No bytes give an empty string.
 *
 * Returns: (transfer full): the hex text, never %NULL
 */
char *
sp_payload_to_hex (const guint8 *data,
                   gsize         size)
{
  GString *out;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  out = g_string_sized_new (size * 3 + 1);

  for (gsize i = 0; i < size; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, hex_digits[data[i] >> 4]);
      g_string_append_c (out, hex_digits[data[i] & 0xf]);
    }

  return g_string_free (out, FALSE);
}

/**
 * sp_payload_to_hex_dump:
 * @data: (array length=size) (nullable): the bytes
 * @size: how many
 *
 * Renders bytes as the classic dump of `hexdump -C`: per line of 16 bytes, the offset in 8
 * hex digits, the bytes in two groups of 8, and the printable ASCII characters between
 * bars, with a dot for every other byte; a last line gives the total size. Unlike
 * `hexdump -C`, identical lines are all shown rather than folded into a `*` (as with
 * `hexdump -vC`), so a learner sees every byte. No bytes give an empty string.
 *
 * Returns: (transfer full): the dump, one line per 16 bytes, each ending in a newline
 */
char *
sp_payload_to_hex_dump (const guint8 *data,
                        gsize         size)
{
  GString *out;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  /* 79 characters a line, with its newline, and the last one. */
  out = g_string_sized_new ((size / 16 + 1) * 79 + 16);

  if (size == 0)
    return g_string_free (out, FALSE);

  for (gsize offset = 0; offset < size; offset += 16)
    {
      gsize count = MIN (16, size - offset);

      g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x  ", offset);

      for (gsize j = 0; j < 16; j++)
        {
          if (j < count)
            {
              guint8 byte = data[offset + j];

              g_string_append_c (out, hex_digits[byte >> 4]);
              g_string_append_c (out, hex_digits[byte & 0xf]);
              g_string_append_c (out, ' ');
            }
          else
            {
              g_string_append (out, "   ");
            }

          if (j == 7)
            g_string_append_c (out, ' ');
        }

      g_string_append (out, " |");
      for (gsize j = 0; j < count; j++)
        {
          guint8 byte = data[offset + j];

          g_string_append_c (out, byte >= 0x20 && byte < 0x7f ? (char) byte : '.');
        }
      g_string_append (out, "|\n");
    }

  g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x\n", size);

  return g_string_free (out, FALSE);
}

/* One byte (or, in a Python str, one character) that cannot stand as itself. */
static void
append_literal_escape (GString        *out,
                       guint8          byte,
                       SpLiteralStyle  style)
{
  switch (byte)
    {
    case '\n': g_string_append (out, "\\n"); return;
    case '\r': g_string_append (out, "\\r"); return;
    case '\t': g_string_append (out, "\\t"); return;
    default: break;
    }

  /* C: three octal digits, because a \x escape would swallow the hex digits after it.
   * Python: \xHH, which takes exactly two; \0 would swallow the digits after it. */
  if (style == SP_LITERAL_C)
    g_string_append_printf (out, "\\%03o", byte);
  else
    append_hex_escape (out, byte);
}

/**
 * sp_payload_to_literal:
 * @data: (array length=size) (nullable): the bytes
 * @size: how many
 * @style: the language, and for Python whether the literal is bytes or text
 *
 * Writes bytes as a string literal that a compiler or interpreter reads back to the very
 * same bytes, quotes included: `b'…'` for %SP_LITERAL_PYTHON_BYTES (ASCII only, so every
 * other byte is `\xHH`), `'…'` for %SP_LITERAL_PYTHON_STR (UTF-8 text such as a host or a
 * path, kept as it is; a byte that is not valid UTF-8 becomes `\udcHH`, which Python's
 * file system encoding turns back into that byte) and `"…"` for %SP_LITERAL_C (printable
 * ASCII as it is, other bytes as three-digit octal escapes; the length comes from
 * `sizeof`, as the literal may hold NUL bytes). A `?` after a `?` is written `\?` in C so
 * that no trigraph appears.
 *
 * Returns: (transfer full): the literal, quotes included
 */
char *
sp_payload_to_literal (const guint8   *data,
                       gsize           size,
                       SpLiteralStyle  style)
{
  const char *text = (const char *) data;
  char quote = style == SP_LITERAL_C ? '"' : '\'';
  GString *out;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (style <= SP_LITERAL_C, NULL);

  out = g_string_sized_new (size + 4);
  if (style == SP_LITERAL_PYTHON_BYTES)
    g_string_append_c (out, 'b');
  g_string_append_c (out, quote);

  while (i < size)
    {
      guint8 byte = data[i];
      gunichar c;
      gsize n;

      if (byte == '\\' || byte == (guint8) quote)
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) byte);
          i++;
          continue;
        }

      if (byte == '?' && style == SP_LITERAL_C && i > 0 && data[i - 1] == '?')
        {
          g_string_append (out, "\\?");
          i++;
          continue;
        }

      if (byte >= 0x20 && byte < 0x7f)
        {
          g_string_append_c (out, (char) byte);
          i++;
          continue;
        }

      if (byte >= 0x80 && style == SP_LITERAL_PYTHON_STR)
        {
          n = read_char (text + i, text + size, &c);
          if (n == 0)
            g_string_append_printf (out, "\\udc%02x", byte);
          else if (is_invisible (c))
            g_string_append_printf (out, c > 0xffff ? "\\U%08x" : "\\u%04x", c);
          else
            g_string_append_len (out, text + i, n);
          i += MAX (n, 1);
          continue;
        }

      append_literal_escape (out, byte, style);
      i++;
    }

  g_string_append_c (out, quote);

  return g_string_free (out, FALSE);
}
