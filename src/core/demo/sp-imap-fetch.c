/* sp-imap-fetch.c — FETCH data items: what a client may ask for, and the answer's text
 *
 * Section numbers follow RFC 3501 §6.4.5: a single-part message has one part, 1; the parts
 * of a multipart are numbered from 1; the parts of an attached message (message/rfc822)
 * continue the number of the part holding it (2.1 is the first part inside part 2).
 * Message text always goes out as a literal, {n} then the bytes, as curl expects.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-imap-fetch.h"
#include "sp-mail-parse.h"

static const struct
{
  const char      *name;
  SpImapFetchKind  kind;
} simple_items[] = {
  { "UID", SP_IMAP_FETCH_UID },
  { "FLAGS", SP_IMAP_FETCH_FLAGS },
  { "INTERNALDATE", SP_IMAP_FETCH_INTERNALDATE },
  { "RFC822.SIZE", SP_IMAP_FETCH_RFC822_SIZE },
  { "ENVELOPE", SP_IMAP_FETCH_ENVELOPE },
  { "BODY", SP_IMAP_FETCH_BODY },
  { "BODYSTRUCTURE", SP_IMAP_FETCH_BODYSTRUCTURE },
  { "RFC822", SP_IMAP_FETCH_RFC822 },
  { "RFC822.HEADER", SP_IMAP_FETCH_RFC822_HEADER },
  { "RFC822.TEXT", SP_IMAP_FETCH_RFC822_TEXT },
};

/* The macros, allowed only alone (RFC 3501 §6.4.5). */
static const struct
{
  const char *name;
  const char *items;
} macros[] = {
  { "ALL", "FLAGS INTERNALDATE RFC822.SIZE ENVELOPE" },
  { "FAST", "FLAGS INTERNALDATE RFC822.SIZE" },
  { "FULL", "FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY" },
};

static const struct
{
  const char        *name;
  SpImapSectionText  text;
} section_texts[] = {
  { "", SP_IMAP_SECTION_ALL },
  { "HEADER", SP_IMAP_SECTION_HEADER },
  { "HEADER.FIELDS", SP_IMAP_SECTION_HEADER_FIELDS },
  { "HEADER.FIELDS.NOT", SP_IMAP_SECTION_HEADER_FIELDS_NOT },
  { "TEXT", SP_IMAP_SECTION_TEXT },
  { "MIME", SP_IMAP_SECTION_MIME },
};

void
sp_imap_fetch_item_free (SpImapFetchItem *item)
{
  if (item == NULL)
    return;

  g_clear_pointer (&item->parts, g_array_unref);
  g_strfreev (item->fields);
  g_free (item->label);
  g_free (item);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpImapFetchItem, sp_imap_fetch_item_free)

static gboolean
is_name_char (char c)
{
  return sp_imap_is_atom_char (c) && c != '[' && c != '<';
}

static char *
read_name (SpImapCursor *cursor)
{
  const char *start = cursor->p;

  while (is_name_char (*cursor->p))
    cursor->p++;
  return cursor->p > start ? g_ascii_strup (start, cursor->p - start) : NULL;
}

/* HEADER.FIELDS's " (From Subject)" */
static gboolean
read_header_list (SpImapCursor     *cursor,
                  SpImapFetchItem  *item)
{
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();

  if (!sp_imap_read_space (cursor) || !sp_imap_read_char (cursor, '('))
    return FALSE;

  do
    {
      g_autofree char *field = sp_imap_read_astring (cursor);

      if (field == NULL || field[0] == '\0')
        return FALSE;
      g_strv_builder_add (fields, field);
    }
  while (sp_imap_read_space (cursor));

  item->fields = g_strv_builder_end (fields);
  return sp_imap_read_char (cursor, ')');
}

/* What follows BODY[ : part numbers, a section text, the closing ], and <offset.length>. */
static gboolean
read_section (SpImapCursor    *cursor,
              SpImapFetchItem *item)
{
  g_autofree char *text = NULL;
  const char *start;
  gboolean found = FALSE, dot = FALSE;

  item->kind = SP_IMAP_FETCH_SECTION;
  item->parts = g_array_new (FALSE, FALSE, sizeof (guint32));

  while (g_ascii_isdigit (*cursor->p))
    {
      guint32 number;

      if (!sp_imap_read_number (cursor, &number) || number == 0)
        return FALSE;
      g_array_append_val (item->parts, number);
      dot = sp_imap_read_char (cursor, '.');
      if (!dot)
        break;
    }

  start = cursor->p;
  while (g_ascii_isalpha (*cursor->p) || *cursor->p == '.')
    cursor->p++;
  text = g_ascii_strup (start, cursor->p - start);

  for (gsize i = 0; i < G_N_ELEMENTS (section_texts) && !found; i++)
    if (strcmp (text, section_texts[i].name) == 0)
      {
        item->text = section_texts[i].text;
        found = TRUE;
      }

  if (!found || (dot && item->text == SP_IMAP_SECTION_ALL) ||
      (item->text == SP_IMAP_SECTION_MIME && item->parts->len == 0))
    return FALSE;

  if ((item->text == SP_IMAP_SECTION_HEADER_FIELDS || item->text == SP_IMAP_SECTION_HEADER_FIELDS_NOT) &&
      !read_header_list (cursor, item))
    return FALSE;

  if (!sp_imap_read_char (cursor, ']'))
    return FALSE;

  if (sp_imap_read_char (cursor, '<'))
    {
      item->partial = TRUE;
      if (!sp_imap_read_number (cursor, &item->offset) || !sp_imap_read_char (cursor, '.') ||
          !sp_imap_read_number (cursor, &item->length) || item->length == 0 ||
          !sp_imap_read_char (cursor, '>'))
        return FALSE;
    }

  return TRUE;
}

/* The response names the section as asked, without .PEEK, and the partial's offset only. */
static char *
section_label (SpImapFetchItem *item)
{
  g_autoptr(GString) label = g_string_new ("BODY[");

  for (guint i = 0; i < item->parts->len; i++)
    g_string_append_printf (label, "%s%u", i > 0 ? "." : "", g_array_index (item->parts, guint32, i));

  for (gsize i = 0; i < G_N_ELEMENTS (section_texts); i++)
    if (section_texts[i].text == item->text && item->text != SP_IMAP_SECTION_ALL)
      g_string_append_printf (label, "%s%s", item->parts->len > 0 ? "." : "", section_texts[i].name);

  if (item->fields != NULL)
    {
      g_string_append (label, " (");
      for (gsize i = 0; item->fields[i] != NULL; i++)
        {
          const char *field = item->fields[i];
          gboolean atom = TRUE;

          for (const char *p = field; *p != '\0' && atom; p++)
            atom = sp_imap_is_atom_char (*p);
          if (i > 0)
            g_string_append_c (label, ' ');
          if (atom)
            g_string_append (label, field);
          else
            sp_imap_append_string (label, field, strlen (field));
        }
      g_string_append_c (label, ')');
    }

  g_string_append_c (label, ']');
  if (item->partial)
    g_string_append_printf (label, "<%u>", item->offset);

  return g_string_free (g_steal_pointer (&label), FALSE);
}

static SpImapFetchItem *
read_item (SpImapCursor  *cursor,
           char         **error_message)
{
  g_autoptr(SpImapFetchItem) item = g_new0 (SpImapFetchItem, 1);
  g_autofree char *name = read_name (cursor);

  if (name == NULL)
    {
      *error_message = g_strdup ("A FETCH item is expected");
      return NULL;
    }

  if ((strcmp (name, "BODY") == 0 || strcmp (name, "BODY.PEEK") == 0) && sp_imap_read_char (cursor, '['))
    {
      item->peek = strcmp (name, "BODY.PEEK") == 0;
      if (!read_section (cursor, item))
        {
          *error_message = g_strdup ("Bad section: BODY[HEADER], BODY[TEXT], BODY[1], BODY[HEADER.FIELDS (From)] or BODY[]<0.100> are examples");
          return NULL;
        }
      item->label = section_label (item);
      return g_steal_pointer (&item);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (simple_items); i++)
    if (strcmp (name, simple_items[i].name) == 0)
      {
        item->kind = simple_items[i].kind;
        item->label = g_steal_pointer (&name);
        return g_steal_pointer (&item);
      }

  *error_message = g_strdup_printf ("Unknown FETCH item %s", name);
  return NULL;
}

/**
 * sp_imap_fetch_parse:
 * @cursor: at the item, the parenthesised list or the macro
 * @error_message: (out): why the syntax is wrong, for a BAD reply
 *
 * Returns: (transfer full) (nullable) (element-type SpImapFetchItem): the items asked for
 */
GPtrArray *
sp_imap_fetch_parse (SpImapCursor  *cursor,
                     char         **error_message)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_imap_fetch_item_free);
  gboolean list = sp_imap_read_char (cursor, '(');

  if (!list)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (macros); i++)
        {
          gsize length = strlen (macros[i].name);

          if (g_ascii_strncasecmp (cursor->p, macros[i].name, length) == 0 && cursor->p[length] == '\0')
            {
              SpImapCursor expansion = { macros[i].items };

              cursor->p += length;
              do
                g_ptr_array_add (items, read_item (&expansion, error_message));
              while (sp_imap_read_space (&expansion));
              return g_steal_pointer (&items);
            }
        }
    }

  do
    {
      SpImapFetchItem *item = read_item (cursor, error_message);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }
  while (list && sp_imap_read_space (cursor));

  if (list && !sp_imap_read_char (cursor, ')'))
    {
      *error_message = g_strdup ("The FETCH item list lacks its closing parenthesis");
      return NULL;
    }

  return g_steal_pointer (&items);
}

/* Reading a message's text marks it \Seen, unless through .PEEK (RFC 3501 §6.4.5). */
gboolean
sp_imap_fetch_item_sets_seen (SpImapFetchItem *item)
{
  return item->kind == SP_IMAP_FETCH_RFC822 || item->kind == SP_IMAP_FETCH_RFC822_TEXT ||
         (item->kind == SP_IMAP_FETCH_SECTION && !item->peek);
}

static void
append_address_list (GString       *out,
                     const guint8  *header,
                     gsize          length,
                     const char    *field,
                     const char    *fallback)
{
  g_autofree char *value = sp_mail_header_get (header, length, field);
  g_autoptr(GPtrArray) addresses = NULL;

  /* RFC 3501 §7.4.2: a missing Sender or Reply-To is the From. */
  if ((value == NULL || value[0] == '\0') && fallback != NULL)
    {
      g_free (value);
      value = sp_mail_header_get (header, length, fallback);
    }
  if (value == NULL)
    {
      g_string_append (out, "NIL");
      return;
    }

  addresses = sp_mail_address_list_parse (value);
  if (addresses->len == 0)
    {
      g_string_append (out, "NIL");
      return;
    }

  g_string_append_c (out, '(');
  for (guint i = 0; i < addresses->len; i++)
    {
      SpMailAddress *address = g_ptr_array_index (addresses, i);

      g_string_append_c (out, '(');
      sp_imap_append_nstring (out, address->name);
      g_string_append_c (out, ' ');
      sp_imap_append_nstring (out, address->adl);
      g_string_append_c (out, ' ');
      sp_imap_append_nstring (out, address->mailbox);
      g_string_append_c (out, ' ');
      sp_imap_append_nstring (out, address->host);
      g_string_append_c (out, ')');
    }
  g_string_append_c (out, ')');
}

static void
append_header_string (GString      *out,
                      const guint8 *header,
                      gsize         length,
                      const char   *field)
{
  g_autofree char *value = sp_mail_header_get (header, length, field);

  sp_imap_append_nstring (out, value);
}

static void
append_envelope (GString      *out,
                 const guint8 *data,
                 SpMimePart   *message)
{
  const guint8 *header = data + message->header_offset;
  gsize length = message->header_length;

  g_string_append_c (out, '(');
  append_header_string (out, header, length, "Date");
  g_string_append_c (out, ' ');
  append_header_string (out, header, length, "Subject");
  g_string_append_c (out, ' ');
  append_address_list (out, header, length, "From", NULL);
  g_string_append_c (out, ' ');
  append_address_list (out, header, length, "Sender", "From");
  g_string_append_c (out, ' ');
  append_address_list (out, header, length, "Reply-To", "From");
  g_string_append_c (out, ' ');
  append_address_list (out, header, length, "To", NULL);
  g_string_append_c (out, ' ');
  append_address_list (out, header, length, "Cc", NULL);
  g_string_append_c (out, ' ');
  append_address_list (out, header, length, "Bcc", NULL);
  g_string_append_c (out, ' ');
  append_header_string (out, header, length, "In-Reply-To");
  g_string_append_c (out, ' ');
  append_header_string (out, header, length, "Message-ID");
  g_string_append_c (out, ')');
}

static void
append_params (GString *out,
               GStrv    params)
{
  if (params == NULL || params[0] == NULL)
    {
      g_string_append (out, "NIL");
      return;
    }

  g_string_append_c (out, '(');
  for (gsize i = 0; params[i] != NULL && params[i + 1] != NULL; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      sp_imap_append_nstring (out, params[i]);
      g_string_append_c (out, ' ');
      sp_imap_append_nstring (out, params[i + 1]);
    }
  g_string_append_c (out, ')');
}

static void
append_disposition (GString    *out,
                    SpMimePart *part)
{
  if (part->disposition == NULL || part->disposition[0] == '\0')
    {
      g_string_append (out, "NIL");
      return;
    }

  g_string_append_c (out, '(');
  sp_imap_append_nstring (out, part->disposition);
  g_string_append_c (out, ' ');
  append_params (out, part->disposition_params);
  g_string_append_c (out, ')');
}

/* RFC 3501 §7.4.2 BODYSTRUCTURE; @extended adds the extension data BODY leaves out. */
static void
append_body (GString      *out,
             const guint8 *data,
             SpMimePart   *part,
             gboolean      extended)
{
  gboolean is_message = strcmp (part->type, "message") == 0 && strcmp (part->subtype, "rfc822") == 0;

  g_string_append_c (out, '(');

  if (part->children != NULL)
    {
      for (guint i = 0; i < part->children->len; i++)
        append_body (out, data, g_ptr_array_index (part->children, i), extended);
      g_string_append_c (out, ' ');
      sp_imap_append_nstring (out, part->subtype);
      if (extended)
        {
          g_string_append_c (out, ' ');
          append_params (out, part->params);
          g_string_append_c (out, ' ');
          append_disposition (out, part);
          g_string_append (out, " NIL NIL");
        }
      g_string_append_c (out, ')');
      return;
    }

  /* An attached message nested too deep to be parsed is shown as plain bytes. */
  if (is_message && part->message == NULL)
    g_string_append (out, "\"application\" \"octet-stream\"");
  else
    {
      sp_imap_append_nstring (out, part->type);
      g_string_append_c (out, ' ');
      sp_imap_append_nstring (out, part->subtype);
    }
  g_string_append_c (out, ' ');
  append_params (out, part->params);
  g_string_append_c (out, ' ');
  sp_imap_append_nstring (out, part->id);
  g_string_append_c (out, ' ');
  sp_imap_append_nstring (out, part->description);
  g_string_append_c (out, ' ');
  sp_imap_append_nstring (out, part->encoding);
  g_string_append_printf (out, " %" G_GSIZE_FORMAT, part->body_length);

  if (is_message && part->message != NULL)
    {
      g_string_append_c (out, ' ');
      append_envelope (out, data, part->message);
      g_string_append_c (out, ' ');
      append_body (out, data, part->message, extended);
      g_string_append_printf (out, " %u", part->lines);
    }
  else if (strcmp (part->type, "text") == 0)
    g_string_append_printf (out, " %u", part->lines);

  if (extended)
    {
      g_string_append (out, " NIL ");
      append_disposition (out, part);
      g_string_append (out, " NIL NIL");
    }

  g_string_append_c (out, ')');
}

/* The part a list of part numbers names, or NULL. */
static SpMimePart *
find_part (SpMimePart *root,
           GArray     *numbers)
{
  SpMimePart *part = root;

  for (guint i = 0; i < numbers->len; i++)
    {
      guint32 number = g_array_index (numbers, guint32, i);

      /* Deeper numbers go into an attached message; a plain part has none. */
      if (i > 0 && part->message != NULL)
        part = part->message;
      else if (i > 0 && part->children == NULL)
        return NULL;

      if (part->children != NULL)
        {
          if (number > part->children->len)
            return NULL;
          part = g_ptr_array_index (part->children, number - 1);
        }
      else if (number != 1)
        return NULL;   /* a single-part message has only part 1: its body */
    }

  return part;
}

/* The section's bytes, in @scratch when they had to be built; FALSE when it does not exist. */
static gboolean
section_bytes (SpImapFetchItem  *item,
               SpMailMessage    *message,
               GString         **scratch,
               const guint8    **bytes,
               gsize            *length)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (sp_mail_message_get_bytes (message), &size);
  SpMimePart *root = sp_mail_message_get_structure (message);
  SpMimePart *part = find_part (root, item->parts);
  SpMimePart *inner;

  if (part == NULL)
    return FALSE;

  /* HEADER and TEXT are the message's, or those of the message attached at that part. */
  inner = item->parts->len == 0 ? root : part->message;

  switch (item->text)
    {
    case SP_IMAP_SECTION_ALL:
      *bytes = item->parts->len == 0 ? data : data + part->body_offset;
      *length = item->parts->len == 0 ? size : part->body_length;
      return TRUE;

    case SP_IMAP_SECTION_MIME:
      *bytes = data + part->header_offset;
      *length = part->header_length;
      return TRUE;

    case SP_IMAP_SECTION_HEADER:
      if (inner == NULL)
        return FALSE;
      *bytes = data + inner->header_offset;
      *length = inner->header_length;
      return TRUE;

    case SP_IMAP_SECTION_TEXT:
      if (inner == NULL)
        return FALSE;
      *bytes = data + inner->body_offset;
      *length = inner->body_length;
      return TRUE;

    case SP_IMAP_SECTION_HEADER_FIELDS:
    case SP_IMAP_SECTION_HEADER_FIELDS_NOT:
      if (inner == NULL)
        return FALSE;
      *scratch = sp_mail_header_filter (data + inner->header_offset, inner->header_length,
                                        (const char * const *) item->fields,
                                        item->text == SP_IMAP_SECTION_HEADER_FIELDS);
      *bytes = (const guint8 *) (*scratch)->str;
      *length = (*scratch)->len;
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static void
append_section (GString         *out,
                SpImapFetchItem *item,
                SpMailMessage   *message)
{
  g_autoptr(GString) scratch = NULL;
  const guint8 *bytes = NULL;
  gsize length = 0;

  if (!section_bytes (item, message, &scratch, &bytes, &length))
    {
      g_string_append (out, "NIL");
      return;
    }

  if (item->partial)
    {
      gsize offset = MIN (item->offset, length);

      bytes += offset;
      length = MIN (length - offset, item->length);
    }
  sp_imap_append_literal (out, bytes, length);
}

/**
 * sp_imap_fetch_render:
 *
 * Appends "NAME value" for @item; FLAGS and UID are the session's to render.
 */
void
sp_imap_fetch_render (GString         *out,
                      SpImapFetchItem *item,
                      SpMailMessage   *message)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (sp_mail_message_get_bytes (message), &size);
  gsize header_length = sp_mail_message_get_header_length (message);

  g_return_if_fail (item->kind != SP_IMAP_FETCH_FLAGS && item->kind != SP_IMAP_FETCH_UID);

  g_string_append (out, item->label);
  g_string_append_c (out, ' ');

  switch (item->kind)
    {
    case SP_IMAP_FETCH_INTERNALDATE:
      {
        g_autofree char *date = sp_mail_format_imap_date (sp_mail_message_get_internal_date (message));

        g_string_append_printf (out, "\"%s\"", date);
      }
      break;

    case SP_IMAP_FETCH_RFC822_SIZE:
      g_string_append_printf (out, "%" G_GSIZE_FORMAT, size);
      break;

    case SP_IMAP_FETCH_ENVELOPE:
      append_envelope (out, data, sp_mail_message_get_structure (message));
      break;

    case SP_IMAP_FETCH_BODY:
    case SP_IMAP_FETCH_BODYSTRUCTURE:
      append_body (out, data, sp_mail_message_get_structure (message),
                   item->kind == SP_IMAP_FETCH_BODYSTRUCTURE);
      break;

    case SP_IMAP_FETCH_RFC822:
      sp_imap_append_literal (out, data, size);
      break;

    case SP_IMAP_FETCH_RFC822_HEADER:
      sp_imap_append_literal (out, data, header_length);
      break;

    case SP_IMAP_FETCH_RFC822_TEXT:
      sp_imap_append_literal (out, data + header_length, size - header_length);
      break;

    case SP_IMAP_FETCH_SECTION:
      append_section (out, item, message);
      break;

    case SP_IMAP_FETCH_UID:
    case SP_IMAP_FETCH_FLAGS:
    default:
      g_assert_not_reached ();
    }
}
