/* sp-mail-parse.c — header fields, address lists and the MIME tree of a stored message
 *
 * Messages here always use CR LF (the mailbox stores them so). The parsers are lenient:
 * a learner's hand-typed mail must still be readable, so what cannot be understood falls
 * back to RFC 2045's defaults (text/plain; charset=us-ascii, 7bit) instead of failing.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-mail-parse.h"

/* Nested multiparts and messages deeper than this are shown as single parts. */
#define MAX_MIME_DEPTH 16

static const char day_names[7][4] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char month_names[12][4] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static gboolean
is_wsp (char c)
{
  return c == ' ' || c == '\t';
}

/* The header block's length including its blank line; the whole message when it has none. */
gsize
sp_mail_header_length (const guint8 *data,
                       gsize         size)
{
  if (size >= 2 && data[0] == '\r' && data[1] == '\n')
    return 2;
  if (size >= 1 && data[0] == '\n')
    return 1;

  for (gsize i = 0; i + 1 < size; i++)
    {
      if (data[i] != '\n')
        continue;
      if (data[i + 1] == '\n')
        return i + 2;
      if (data[i + 1] == '\r' && i + 2 < size && data[i + 2] == '\n')
        return i + 3;
    }

  return size;
}

/* Calls @func for each field with the field's bytes (continuation lines included). */
typedef gboolean (*FieldFunc) (const guint8 *field,
                               gsize         length,
                               gsize         name_length,
                               gpointer      data);

static void
foreach_field (const guint8 *header,
               gsize         length,
               FieldFunc     func,
               gpointer      data)
{
  gsize pos = 0;

  while (pos < length)
    {
      gsize start = pos, colon;

      if (header[pos] == '\r' || header[pos] == '\n')
        return;   /* the blank line */

      /* A field runs until a line that does not start with white space. */
      do
        {
          const guint8 *lf = memchr (header + pos, '\n', length - pos);

          pos = lf != NULL ? (gsize) (lf - header) + 1 : length;
        }
      while (pos < length && is_wsp (header[pos]));

      for (colon = start; colon < pos && header[colon] != ':' && header[colon] != '\n'; colon++)
        ;
      if (colon >= pos || header[colon] != ':')
        continue;   /* not a field: skipped, as most readers do */

      /* The name ends before the colon and any white space (obsolete syntax allows it). */
      while (colon > start && is_wsp (header[colon - 1]))
        colon--;

      if (!func (header + start, pos - start, colon - start, data))
        return;
    }
}

typedef struct
{
  const char *name;
  char       *value;
} GetState;

static gboolean
get_field (const guint8 *field,
           gsize         length,
           gsize         name_length,
           gpointer      data)
{
  GetState *state = data;
  g_autoptr(GString) value = NULL;
  gsize i;

  if (name_length != strlen (state->name) ||
      g_ascii_strncasecmp ((const char *) field, state->name, name_length) != 0)
    return TRUE;

  i = name_length;
  while (i < length && field[i] != ':')
    i++;
  i++;

  /* Unfolding (RFC 5322 §2.2.3): a line break before white space is removed. */
  value = g_string_new (NULL);
  for (; i < length; i++)
    if (field[i] != '\r' && field[i] != '\n')
      g_string_append_c (value, (char) field[i]);

  state->value = g_strstrip (g_string_free (g_steal_pointer (&value), FALSE));
  return FALSE;
}

/**
 * sp_mail_header_get:
 * @name: a field name, any case
 *
 * Returns: (transfer full) (nullable): the first such field's value, unfolded and trimmed
 */
char *
sp_mail_header_get (const guint8 *header,
                    gsize         length,
                    const char   *name)
{
  GetState state = { name, NULL };

  foreach_field (header, length, get_field, &state);
  return state.value;
}

typedef struct
{
  const char * const *names;
  gboolean            keep;
  GString            *out;
} FilterState;

static gboolean
filter_field (const guint8 *field,
              gsize         length,
              gsize         name_length,
              gpointer      data)
{
  FilterState *state = data;
  gboolean listed = FALSE;

  for (gsize i = 0; state->names[i] != NULL && !listed; i++)
    listed = strlen (state->names[i]) == name_length &&
             g_ascii_strncasecmp ((const char *) field, state->names[i], name_length) == 0;

  if (listed == state->keep)
    g_string_append_len (state->out, (const char *) field, length);
  return TRUE;
}

/**
 * sp_mail_header_filter:
 * @names: field names, any case
 * @keep: %TRUE keeps the named fields (IMAP's HEADER.FIELDS), %FALSE the others (.NOT)
 *
 * Returns: (transfer full): the chosen fields as they are, then the blank line
 */
GString *
sp_mail_header_filter (const guint8       *header,
                       gsize               length,
                       const char * const *names,
                       gboolean            keep)
{
  FilterState state = { names, keep, g_string_new (NULL) };

  foreach_field (header, length, filter_field, &state);
  g_string_append (state.out, "\r\n");
  return state.out;
}

/* Removes RFC 5322 comments (parenthesised, nestable) outside quoted strings; the first
 * comment's text is kept in @comment, as some mailers put the person's name there. */
static char *
strip_comments (const char  *value,
                char       **comment)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GString) first = NULL;
  gboolean quoted = FALSE, collecting = FALSE;
  int depth = 0;

  for (const char *p = value; *p != '\0'; p++)
    {
      char c = *p;

      if (depth > 0)
        {
          if (c == '\\' && p[1] != '\0')
            c = *++p;
          else if (c == '(')
            depth++;
          else if (c == ')' && --depth == 0)
            {
              collecting = FALSE;
              g_string_append_c (out, ' ');
              continue;
            }
          if (collecting)
            g_string_append_c (first, c);
          continue;
        }

      if (quoted)
        {
          g_string_append_c (out, c);
          if (c == '\\' && p[1] != '\0')
            g_string_append_c (out, *++p);
          else if (c == '"')
            quoted = FALSE;
          continue;
        }

      if (c == '(')
        {
          depth = 1;
          collecting = first == NULL;
          if (collecting)
            first = g_string_new (NULL);
          continue;
        }

      quoted = c == '"';
      g_string_append_c (out, c);
    }

  if (comment != NULL)
    *comment = first != NULL && first->len > 0
               ? g_strstrip (g_string_free (g_steal_pointer (&first), FALSE)) : NULL;
  return g_string_free (out, FALSE);
}

/* A phrase without its quotes and escapes, white space collapsed; NULL when empty. */
static char *
unquote_phrase (const char *text,
                gsize       length)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean quoted = FALSE, space = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '"')
        {
          quoted = !quoted;
          continue;
        }
      if (quoted && c == '\\' && i + 1 < length)
        c = text[++i];
      else if (!quoted && (is_wsp (c) || c == '\r' || c == '\n'))
        {
          space = out->len > 0;
          continue;
        }

      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, c);
    }

  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
trimmed_or_null (const char *text,
                 gsize       length)
{
  char *copy = g_strstrip (g_strndup (text, length));

  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* Splits local-part@domain at its last @ outside quotes. */
static void
split_addr_spec (SpMailAddress *address,
                 const char    *spec,
                 gsize          length)
{
  gssize at = -1;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (spec[i] == '"')
        quoted = !quoted;
      else if (!quoted && spec[i] == '@')
        at = (gssize) i;
    }

  if (at < 0)
    {
      address->mailbox = trimmed_or_null (spec, length);
      return;
    }

  address->mailbox = trimmed_or_null (spec, at);
  address->host = trimmed_or_null (spec + at + 1, length - at - 1);
}

static SpMailAddress *
parse_mailbox (const char *item)
{
  g_autofree char *comment = NULL;
  g_autofree char *text = strip_comments (item, &comment);
  SpMailAddress *address;
  const char *open = NULL;
  gboolean quoted = FALSE;

  g_strstrip (text);
  if (text[0] == '\0')
    return NULL;

  for (const char *p = text; *p != '\0' && open == NULL; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == '<')
        open = p;
    }

  address = g_new0 (SpMailAddress, 1);

  if (open != NULL)
    {
      const char *route = open + 1;
      const char *close = strchr (route, '>');
      gsize length = close != NULL ? (gsize) (close - route) : strlen (route);

      address->name = unquote_phrase (text, open - text);

      /* Obsolete source routes, <@relay,@relay:user@host>, go to IMAP's adl field. */
      if (length > 0 && route[0] == '@')
        {
          const char *colon = memchr (route, ':', length);

          if (colon != NULL)
            {
              address->adl = g_strndup (route, colon - route);
              length -= colon + 1 - route;
              route = colon + 1;
            }
        }
      split_addr_spec (address, route, length);
    }
  else
    {
      split_addr_spec (address, text, strlen (text));
      address->name = g_steal_pointer (&comment);
    }

  return address;
}

void
sp_mail_address_free (SpMailAddress *address)
{
  if (address == NULL)
    return;

  g_free (address->name);
  g_free (address->adl);
  g_free (address->mailbox);
  g_free (address->host);
  g_free (address);
}

/**
 * sp_mail_address_list_parse:
 * @value: a From, To, Cc… field's value
 *
 * Returns: (transfer full) (element-type SpMailAddress): the addresses, groups marked
 *   as IMAP marks them; empty when there are none
 */
GPtrArray *
sp_mail_address_list_parse (const char *value)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_mail_address_free);
  g_autoptr(GString) item = g_string_new (NULL);
  gboolean quoted = FALSE, in_group = FALSE;
  int comment = 0, angle = 0;

  for (const char *p = value; ; p++)
    {
      char c = *p;
      gboolean top = !quoted && comment == 0 && angle == 0;

      if (c == '\0' || (top && (c == ',' || c == ';')))
        {
          SpMailAddress *address = parse_mailbox (item->str);

          if (address != NULL)
            g_ptr_array_add (list, address);
          g_string_truncate (item, 0);

          if (c == ';' && in_group)
            {
              g_ptr_array_add (list, g_new0 (SpMailAddress, 1));
              in_group = FALSE;
            }
          if (c == '\0')
            break;
          continue;
        }

      if (top && c == ':' && !in_group)
        {
          g_autofree char *name = strip_comments (item->str, NULL);
          SpMailAddress *group = g_new0 (SpMailAddress, 1);

          group->mailbox = unquote_phrase (name, strlen (name));
          if (group->mailbox == NULL)
            group->mailbox = g_strdup ("");
          g_ptr_array_add (list, group);
          g_string_truncate (item, 0);
          in_group = TRUE;
          continue;
        }

      if (c == '\\' && (quoted || comment > 0) && p[1] != '\0')
        {
          g_string_append_c (item, c);
          c = *++p;
        }
      else if (c == '"' && comment == 0)
        quoted = !quoted;
      else if (!quoted && c == '(')
        comment++;
      else if (!quoted && c == ')' && comment > 0)
        comment--;
      else if (!quoted && comment == 0 && c == '<')
        angle++;
      else if (!quoted && comment == 0 && c == '>' && angle > 0)
        angle--;

      g_string_append_c (item, c);
    }

  /* A group left open still gets its end marker, so IMAP's list stays balanced. */
  if (in_group)
    g_ptr_array_add (list, g_new0 (SpMailAddress, 1));

  return list;
}

/* "main; name=value; name="quoted value"" → main in lower case and name/value pairs. */
static char *
parse_parameterised (const char  *value,
                     GStrv       *params)
{
  g_autofree char *text = strip_comments (value, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *main_value = NULL;
  const char *p = text;
  const char *end;

  end = strchr (p, ';');
  main_value = g_ascii_strdown (p, end != NULL ? end - p : -1);
  g_strstrip (main_value);

  while (end != NULL)
    {
      g_autoptr(GString) param_value = g_string_new (NULL);
      g_autofree char *name = NULL;
      const char *equals;

      p = end + 1;
      while (is_wsp (*p) || *p == '\r' || *p == '\n')
        p++;
      equals = strchr (p, '=');
      end = strchr (p, ';');
      if (equals == NULL || (end != NULL && equals > end))
        continue;   /* a parameter without a value: ignored */

      name = g_ascii_strdown (p, equals - p);
      g_strstrip (name);

      p = equals + 1;
      while (is_wsp (*p))
        p++;
      if (*p == '"')
        {
          for (p++; *p != '\0' && *p != '"'; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (param_value, *p);
            }
          end = *p == '"' ? strchr (p + 1, ';') : NULL;
        }
      else
        {
          g_string_append_len (param_value, p, end != NULL ? end - p : (gssize) strlen (p));
          g_strstrip (param_value->str);
          g_string_set_size (param_value, strlen (param_value->str));
        }

      if (name[0] != '\0')
        {
          g_strv_builder_add (builder, name);
          g_strv_builder_add (builder, param_value->str);
        }
    }

  *params = g_strv_builder_end (builder);
  return g_steal_pointer (&main_value);
}

static const char *
get_param (GStrv        params,
           const char  *name)
{
  for (gsize i = 0; params != NULL && params[i] != NULL && params[i + 1] != NULL; i += 2)
    if (g_ascii_strcasecmp (params[i], name) == 0)
      return params[i + 1];
  return NULL;
}

const char *
sp_mime_part_get_param (SpMimePart *part,
                        const char *name)
{
  return get_param (part->params, name);
}

static guint
count_lines (const guint8 *data,
             gsize         length)
{
  guint lines = 0;

  for (gsize i = 0; i < length; i++)
    if (data[i] == '\n')
      lines++;
  if (length > 0 && data[length - 1] != '\n')
    lines++;
  return lines;
}

static SpMimePart *parse_part (const guint8 *data,
                               gsize         offset,
                               gsize         length,
                               gboolean      in_digest,
                               guint         depth);

/* Is the line at @line (up to @end) a boundary delimiter, and the closing one? */
static gboolean
is_delimiter (const guint8 *line,
              const guint8 *end,
              const char   *boundary,
              gsize         boundary_length,
              gboolean     *closing)
{
  const guint8 *p = line + 2 + boundary_length;

  if ((gsize) (end - line) < 2 + boundary_length || line[0] != '-' || line[1] != '-' ||
      memcmp (line + 2, boundary, boundary_length) != 0)
    return FALSE;

  *closing = end - p >= 2 && p[0] == '-' && p[1] == '-';
  if (*closing)
    p += 2;
  /* Only white space may follow the boundary (RFC 2046 §5.1.1). */
  for (; p < end; p++)
    if (!is_wsp ((char) *p) && *p != '\r')
      return FALSE;
  return TRUE;
}

static void
split_multipart (SpMimePart   *part,
                 const guint8 *data,
                 guint         depth)
{
  const char *boundary = get_param (part->params, "boundary");
  gboolean digest = g_strcmp0 (part->subtype, "digest") == 0;
  const guint8 *body = data + part->body_offset;
  gsize length = part->body_length, pos = 0;
  gssize part_start = -1;
  gsize boundary_length;

  if (boundary == NULL || boundary[0] == '\0')
    return;
  boundary_length = strlen (boundary);

  part->children = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_mime_part_free);

  while (pos < length)
    {
      const guint8 *lf = memchr (body + pos, '\n', length - pos);
      gsize line_end = lf != NULL ? (gsize) (lf - body) : length;
      gsize next = lf != NULL ? line_end + 1 : length;
      gboolean closing = FALSE;

      if (is_delimiter (body + pos, body + line_end, boundary, boundary_length, &closing))
        {
          if (part_start >= 0)
            {
              /* The line break before a delimiter belongs to the delimiter. */
              gsize end = pos;

              if (end > (gsize) part_start && body[end - 1] == '\n')
                end--;
              if (end > (gsize) part_start && body[end - 1] == '\r')
                end--;
              g_ptr_array_add (part->children,
                               parse_part (data, part->body_offset + part_start,
                                           end - part_start, digest, depth + 1));
            }
          if (closing)
            return;
          part_start = (gssize) next;
        }
      pos = next;
    }

  /* No closing delimiter: the last part runs to the end. */
  if (part_start >= 0)
    g_ptr_array_add (part->children,
                     parse_part (data, part->body_offset + part_start, length - part_start,
                                 digest, depth + 1));

  if (part->children->len == 0)
    g_clear_pointer (&part->children, g_ptr_array_unref);
}

static SpMimePart *
parse_part (const guint8 *data,
            gsize         offset,
            gsize         length,
            gboolean      in_digest,
            guint         depth)
{
  SpMimePart *part = g_new0 (SpMimePart, 1);
  const guint8 *header = data + offset;
  g_autofree char *content_type = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *disposition = NULL;
  char *slash;

  part->header_offset = offset;
  part->header_length = sp_mail_header_length (header, length);
  part->body_offset = offset + part->header_length;
  part->body_length = length - part->header_length;
  part->lines = count_lines (data + part->body_offset, part->body_length);

  content_type = sp_mail_header_get (header, part->header_length, "Content-Type");
  if (content_type != NULL)
    {
      g_autofree char *type = parse_parameterised (content_type, &part->params);

      slash = strchr (type, '/');
      if (slash != NULL && slash != type && slash[1] != '\0' && strchr (slash + 1, '/') == NULL)
        {
          part->type = g_strndup (type, slash - type);
          part->subtype = g_strstrip (g_strdup (slash + 1));
          g_strstrip (part->type);
        }
    }
  if (part->type == NULL)
    {
      /* RFC 2045 §5.2 defaults; RFC 2046 §5.1.5 for the parts of a digest. */
      g_strfreev (part->params);
      part->type = g_strdup (in_digest ? "message" : "text");
      part->subtype = g_strdup (in_digest ? "rfc822" : "plain");
      part->params = in_digest ? g_new0 (char *, 1) : g_strsplit ("charset us-ascii", " ", -1);
    }

  encoding = sp_mail_header_get (header, part->header_length, "Content-Transfer-Encoding");
  part->encoding = encoding != NULL && encoding[0] != '\0' ? g_ascii_strdown (encoding, -1) : g_strdup ("7bit");
  part->id = sp_mail_header_get (header, part->header_length, "Content-ID");
  part->description = sp_mail_header_get (header, part->header_length, "Content-Description");

  disposition = sp_mail_header_get (header, part->header_length, "Content-Disposition");
  if (disposition != NULL)
    part->disposition = parse_parameterised (disposition, &part->disposition_params);

  if (depth >= MAX_MIME_DEPTH)
    return part;

  if (strcmp (part->type, "multipart") == 0)
    split_multipart (part, data, depth);
  else if (strcmp (part->type, "message") == 0 && strcmp (part->subtype, "rfc822") == 0)
    part->message = parse_part (data, part->body_offset, part->body_length, FALSE, depth + 1);

  return part;
}

/**
 * sp_mime_part_parse:
 *
 * Returns: (transfer full): the message as a tree of parts; the root's header is the
 *   message's header
 */
SpMimePart *
sp_mime_part_parse (const guint8 *data,
                    gsize         size)
{
  return parse_part (data, 0, size, FALSE, 0);
}

void
sp_mime_part_free (SpMimePart *part)
{
  if (part == NULL)
    return;

  g_free (part->type);
  g_free (part->subtype);
  g_strfreev (part->params);
  g_free (part->id);
  g_free (part->description);
  g_free (part->encoding);
  g_free (part->disposition);
  g_strfreev (part->disposition_params);
  g_clear_pointer (&part->children, g_ptr_array_unref);
  sp_mime_part_free (part->message);
  g_free (part);
}

static void
split_offset (GDateTime *date,
              char      *sign,
              int       *hours,
              int       *minutes)
{
  gint64 offset = g_date_time_get_utc_offset (date) / G_TIME_SPAN_MINUTE;

  *sign = offset < 0 ? '-' : '+';
  offset = ABS (offset);
  *hours = (int) (offset / 60);
  *minutes = (int) (offset % 60);
}

/* RFC 5322 §3.3, always in English whatever the locale: "Tue, 07 Jul 2026 14:05:09 +0200". */
char *
sp_mail_format_date (GDateTime *date)
{
  char sign;
  int hours, minutes;

  split_offset (date, &sign, &hours, &minutes);
  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d",
                          day_names[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date),
                          month_names[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date),
                          g_date_time_get_hour (date),
                          g_date_time_get_minute (date),
                          g_date_time_get_second (date),
                          sign, hours, minutes);
}

/* IMAP's date-time (RFC 3501 §9): " 7-Jul-2026 14:05:09 +0200", the day padded with a space. */
char *
sp_mail_format_imap_date (GDateTime *date)
{
  char sign;
  int hours, minutes;

  split_offset (date, &sign, &hours, &minutes);
  return g_strdup_printf ("%2d-%s-%04d %02d:%02d:%02d %c%02d%02d",
                          g_date_time_get_day_of_month (date),
                          month_names[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date),
                          g_date_time_get_hour (date),
                          g_date_time_get_minute (date),
                          g_date_time_get_second (date),
                          sign, hours, minutes);
}
