/* sp-imap-syntax.c — IMAP4rev1 atoms, strings, numbers and sequence sets
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-imap-syntax.h"

/* ATOM-CHAR: any 7-bit character but atom-specials: ( ) { SP CTL % * " \ ] */
gboolean
sp_imap_is_atom_char (char c)
{
  guchar u = (guchar) c;

  return u > 0x20 && u < 0x7f && strchr ("(){%*\"\\]", c) == NULL;
}

/* A tag is ASTRING-CHARs other than + (RFC 3501 §9 tag). */
gboolean
sp_imap_is_valid_tag (const char *tag)
{
  if (tag == NULL || tag[0] == '\0')
    return FALSE;

  for (const char *p = tag; *p != '\0'; p++)
    if ((!sp_imap_is_atom_char (*p) && *p != ']') || *p == '+')
      return FALSE;
  return TRUE;
}

gboolean
sp_imap_at_end (SpImapCursor *cursor)
{
  return *cursor->p == '\0';
}

/* Exactly one space separates arguments. */
gboolean
sp_imap_read_space (SpImapCursor *cursor)
{
  return sp_imap_read_char (cursor, ' ');
}

gboolean
sp_imap_read_char (SpImapCursor *cursor,
                   char          c)
{
  if (*cursor->p != c)
    return FALSE;
  cursor->p++;
  return TRUE;
}

static char *
read_while (SpImapCursor *cursor,
            gboolean    (*accept) (char c))
{
  const char *start = cursor->p;

  while (*cursor->p != '\0' && accept (*cursor->p))
    cursor->p++;
  return cursor->p > start ? g_strndup (start, cursor->p - start) : NULL;
}

char *
sp_imap_read_atom (SpImapCursor *cursor)
{
  return read_while (cursor, sp_imap_is_atom_char);
}

static gboolean
is_astring_char (char c)
{
  return sp_imap_is_atom_char (c) || c == ']';
}

static gboolean
is_list_char (char c)
{
  return is_astring_char (c) || c == '%' || c == '*';
}

static char *
read_quoted (SpImapCursor *cursor)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *p = cursor->p + 1;

  for (; *p != '\0' && *p != '"'; p++)
    {
      if (*p == '\\')
        {
          /* Only " and \ may be escaped (quoted-specials). */
          if (p[1] != '"' && p[1] != '\\')
            return NULL;
          p++;
        }
      g_string_append_c (text, *p);
    }
  if (*p != '"')
    return NULL;

  cursor->p = p + 1;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* An atom (with ] allowed) or a quoted string; literals are refused before this. */
char *
sp_imap_read_astring (SpImapCursor *cursor)
{
  if (*cursor->p == '"')
    return read_quoted (cursor);
  return read_while (cursor, is_astring_char);
}

/* LIST's mailbox pattern: like an astring, with the wildcards % and *. */
char *
sp_imap_read_list_mailbox (SpImapCursor *cursor)
{
  if (*cursor->p == '"')
    return read_quoted (cursor);
  return read_while (cursor, is_list_char);
}

gboolean
sp_imap_read_number (SpImapCursor *cursor,
                     guint32      *number)
{
  guint64 value = 0;
  const char *p = cursor->p;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      value = value * 10 + (guint64) (*p - '0');
      if (value > G_MAXUINT32)
        return FALSE;
    }

  cursor->p = p;
  *number = (guint32) value;
  return TRUE;
}

static gboolean
read_seq_number (SpImapCursor *cursor,
                 guint32      *number)
{
  if (sp_imap_read_char (cursor, '*'))
    {
      *number = 0;
      return TRUE;
    }
  return sp_imap_read_number (cursor, number) && *number > 0;
}

/* Returns: (transfer full) (nullable): the ranges of "2,4:7,9:*", NULL on bad syntax */
GArray *
sp_imap_read_sequence_set (SpImapCursor *cursor)
{
  g_autoptr(GArray) set = g_array_new (FALSE, FALSE, sizeof (SpImapRange));

  do
    {
      SpImapRange range;

      if (!read_seq_number (cursor, &range.first))
        return NULL;
      range.last = range.first;
      if (sp_imap_read_char (cursor, ':') && !read_seq_number (cursor, &range.last))
        return NULL;
      g_array_append_val (set, range);
    }
  while (sp_imap_read_char (cursor, ','));

  return g_steal_pointer (&set);
}

/* @star is what * means: the highest message number or UID in the mailbox. A range's
 * ends may come in either order (RFC 3501 §9 seq-range). */
gboolean
sp_imap_sequence_set_contains (GArray  *set,
                               guint32  value,
                               guint32  star)
{
  for (guint i = 0; i < set->len; i++)
    {
      SpImapRange *range = &g_array_index (set, SpImapRange, i);
      guint32 first = range->first != 0 ? range->first : star;
      guint32 last = range->last != 0 ? range->last : star;

      if (value >= MIN (first, last) && value <= MAX (first, last))
        return TRUE;
    }
  return FALSE;
}

/* The highest number the set names, * counting as @star. */
guint32
sp_imap_sequence_set_max (GArray  *set,
                          guint32  star)
{
  guint32 max = 0;

  for (guint i = 0; i < set->len; i++)
    {
      SpImapRange *range = &g_array_index (set, SpImapRange, i);

      max = MAX (max, range->first != 0 ? range->first : star);
      max = MAX (max, range->last != 0 ? range->last : star);
    }
  return max;
}

/* Whether a line ends with a literal's announcement, {n} or {n+}. */
gboolean
sp_imap_line_has_literal (const char *line)
{
  gsize length = strlen (line);
  const char *open;

  if (length < 3 || line[length - 1] != '}')
    return FALSE;
  open = g_strrstr (line, "{");
  if (open == NULL)
    return FALSE;
  for (const char *p = open + 1; p < line + length - 1; p++)
    if (!g_ascii_isdigit (*p) && !(*p == '+' && p == line + length - 2))
      return FALSE;
  return g_ascii_isdigit (open[1]);
}

/* {n} CR LF and the bytes, as is: how IMAP carries text a quoted string cannot. */
void
sp_imap_append_literal (GString      *out,
                        const guint8 *data,
                        gsize         length)
{
  g_string_append_printf (out, "{%" G_GSIZE_FORMAT "}\r\n", length);
  g_string_append_len (out, (const char *) data, length);
}

/* A quoted string when the text allows one (7-bit, no CR or LF), else a literal. */
void
sp_imap_append_string (GString    *out,
                       const char *data,
                       gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      if (c == 0 || c == '\r' || c == '\n' || c > 0x7f)
        {
          sp_imap_append_literal (out, (const guint8 *) data, length);
          return;
        }
    }

  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '"' || data[i] == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, data[i]);
    }
  g_string_append_c (out, '"');
}

/* A string, or NIL for NULL. */
void
sp_imap_append_nstring (GString    *out,
                        const char *text)
{
  if (text == NULL)
    g_string_append (out, "NIL");
  else
    sp_imap_append_string (out, text, strlen (text));
}
