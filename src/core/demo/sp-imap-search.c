/* sp-imap-search.c — SEARCH criteria: a small tree of keys, all of which must match
 *
 * Keys side by side are ANDed, (…) groups them, NOT and OR take keys as arguments.
 * String keys match a substring, ignoring ASCII case (RFC 3501 §6.4.4). Dates compare the
 * day the message arrived (its internal date). Keywords are not kept by this server, so
 * KEYWORD matches nothing and UNKEYWORD everything. SENTBEFORE and friends are not done.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-imap-search.h"

typedef enum
{
  KEY_ALL,
  KEY_FLAG_SET,
  KEY_FLAG_UNSET,
  KEY_RECENT,
  KEY_OLD,
  KEY_NEW,
  KEY_LARGER,
  KEY_SMALLER,
  KEY_SEQUENCE,
  KEY_UID,
  KEY_NOT,
  KEY_OR,
  KEY_AND,
  KEY_HEADER,
  KEY_BODY,
  KEY_TEXT,
  KEY_BEFORE,
  KEY_ON,
  KEY_SINCE,
  KEY_KEYWORD,
  KEY_UNKEYWORD,
} KeyType;

typedef enum
{
  ARG_NONE,
  ARG_NUMBER,
  ARG_STRING,
  ARG_FIELD_AND_STRING,
  ARG_DATE,
  ARG_SET,
  ARG_KEY,
  ARG_TWO_KEYS,
  ARG_ATOM,
} ArgKind;

struct _SpImapSearch
{
  KeyType      type;
  SpMailFlags  flag;
  guint32      number;
  GArray      *set;
  char        *field;
  char        *needle;
  GDate        date;
  GPtrArray   *children;   /* NOT: 1, OR: 2, AND: any */
};

static const struct
{
  const char  *name;
  KeyType      type;
  ArgKind      arg;
  SpMailFlags  flag;
  const char  *field;
} keys[] = {
  { "ALL", KEY_ALL, ARG_NONE },
  { "ANSWERED", KEY_FLAG_SET, ARG_NONE, SP_MAIL_FLAG_ANSWERED },
  { "DELETED", KEY_FLAG_SET, ARG_NONE, SP_MAIL_FLAG_DELETED },
  { "DRAFT", KEY_FLAG_SET, ARG_NONE, SP_MAIL_FLAG_DRAFT },
  { "FLAGGED", KEY_FLAG_SET, ARG_NONE, SP_MAIL_FLAG_FLAGGED },
  { "SEEN", KEY_FLAG_SET, ARG_NONE, SP_MAIL_FLAG_SEEN },
  { "UNANSWERED", KEY_FLAG_UNSET, ARG_NONE, SP_MAIL_FLAG_ANSWERED },
  { "UNDELETED", KEY_FLAG_UNSET, ARG_NONE, SP_MAIL_FLAG_DELETED },
  { "UNDRAFT", KEY_FLAG_UNSET, ARG_NONE, SP_MAIL_FLAG_DRAFT },
  { "UNFLAGGED", KEY_FLAG_UNSET, ARG_NONE, SP_MAIL_FLAG_FLAGGED },
  { "UNSEEN", KEY_FLAG_UNSET, ARG_NONE, SP_MAIL_FLAG_SEEN },
  { "RECENT", KEY_RECENT, ARG_NONE },
  { "OLD", KEY_OLD, ARG_NONE },
  { "NEW", KEY_NEW, ARG_NONE },
  { "LARGER", KEY_LARGER, ARG_NUMBER },
  { "SMALLER", KEY_SMALLER, ARG_NUMBER },
  { "UID", KEY_UID, ARG_SET },
  { "NOT", KEY_NOT, ARG_KEY },
  { "OR", KEY_OR, ARG_TWO_KEYS },
  { "FROM", KEY_HEADER, ARG_STRING, 0, "From" },
  { "TO", KEY_HEADER, ARG_STRING, 0, "To" },
  { "CC", KEY_HEADER, ARG_STRING, 0, "Cc" },
  { "BCC", KEY_HEADER, ARG_STRING, 0, "Bcc" },
  { "SUBJECT", KEY_HEADER, ARG_STRING, 0, "Subject" },
  { "HEADER", KEY_HEADER, ARG_FIELD_AND_STRING },
  { "BODY", KEY_BODY, ARG_STRING },
  { "TEXT", KEY_TEXT, ARG_STRING },
  { "BEFORE", KEY_BEFORE, ARG_DATE },
  { "ON", KEY_ON, ARG_DATE },
  { "SINCE", KEY_SINCE, ARG_DATE },
  { "KEYWORD", KEY_KEYWORD, ARG_ATOM },
  { "UNKEYWORD", KEY_UNKEYWORD, ARG_ATOM },
};

static const char month_names[12][4] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

void
sp_imap_search_free (SpImapSearch *search)
{
  if (search == NULL)
    return;

  g_clear_pointer (&search->set, g_array_unref);
  g_clear_pointer (&search->children, g_ptr_array_unref);
  g_free (search->field);
  g_free (search->needle);
  g_free (search);
}

static SpImapSearch *
new_key (KeyType type)
{
  SpImapSearch *search = g_new0 (SpImapSearch, 1);

  search->type = type;
  return search;
}

/* date = d-Mon-yyyy, maybe quoted: "1-Feb-1994" */
static gboolean
read_date (SpImapCursor *cursor,
           GDate        *date)
{
  g_autofree char *text = sp_imap_read_astring (cursor);
  g_auto(GStrv) fields = NULL;
  guint64 day, year;

  if (text == NULL)
    return FALSE;
  fields = g_strsplit (text, "-", -1);
  if (g_strv_length (fields) != 3 ||
      !g_ascii_string_to_unsigned (fields[0], 10, 1, 31, &day, NULL) ||
      !g_ascii_string_to_unsigned (fields[2], 10, 1, 9999, &year, NULL))
    return FALSE;

  for (guint month = 0; month < 12; month++)
    if (g_ascii_strcasecmp (fields[1], month_names[month]) == 0 &&
        g_date_valid_dmy ((GDateDay) day, (GDateMonth) (month + 1), (GDateYear) year))
      {
        g_date_set_dmy (date, (GDateDay) day, (GDateMonth) (month + 1), (GDateYear) year);
        return TRUE;
      }
  return FALSE;
}

static SpImapSearch *parse_key (SpImapCursor  *cursor,
                                char         **error_message,
                                guint          depth);

static gboolean
add_child (SpImapSearch  *search,
           SpImapCursor  *cursor,
           char         **error_message,
           guint          depth)
{
  SpImapSearch *child = parse_key (cursor, error_message, depth + 1);

  if (child == NULL)
    return FALSE;
  g_ptr_array_add (search->children, child);
  return TRUE;
}

static gboolean
parse_argument (SpImapSearch  *search,
                ArgKind        arg,
                SpImapCursor  *cursor,
                char         **error_message,
                guint          depth)
{
  g_autofree char *text = NULL;

  if (arg == ARG_NONE)
    return TRUE;
  if (!sp_imap_read_space (cursor))
    return FALSE;

  switch (arg)
    {
    case ARG_NUMBER:
      return sp_imap_read_number (cursor, &search->number);

    case ARG_STRING:
      text = sp_imap_read_astring (cursor);
      search->needle = text != NULL ? g_ascii_strdown (text, -1) : NULL;
      return search->needle != NULL;

    case ARG_FIELD_AND_STRING:
      search->field = sp_imap_read_astring (cursor);
      if (search->field == NULL || !sp_imap_read_space (cursor))
        return FALSE;
      text = sp_imap_read_astring (cursor);
      search->needle = text != NULL ? g_ascii_strdown (text, -1) : NULL;
      return search->needle != NULL;

    case ARG_DATE:
      return read_date (cursor, &search->date);

    case ARG_SET:
      search->set = sp_imap_read_sequence_set (cursor);
      return search->set != NULL;

    case ARG_KEY:
      search->children = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_imap_search_free);
      return add_child (search, cursor, error_message, depth);

    case ARG_TWO_KEYS:
      search->children = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_imap_search_free);
      return add_child (search, cursor, error_message, depth) && sp_imap_read_space (cursor) &&
             add_child (search, cursor, error_message, depth);

    case ARG_ATOM:
      text = sp_imap_read_atom (cursor);
      return text != NULL;

    case ARG_NONE:
    default:
      g_assert_not_reached ();
    }
}

static SpImapSearch *
parse_key (SpImapCursor  *cursor,
           char         **error_message,
           guint          depth)
{
  g_autoptr(SpImapSearch) search = NULL;
  g_autofree char *name = NULL;

  /* A bound on nesting, as NOT NOT NOT… would otherwise recurse without end. */
  if (depth > 64)
    {
      *error_message = g_strdup ("Search criteria nested too deep");
      return NULL;
    }

  if (sp_imap_read_char (cursor, '('))
    {
      search = new_key (KEY_AND);
      search->children = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_imap_search_free);
      do
        {
          if (!add_child (search, cursor, error_message, depth))
            return NULL;
        }
      while (sp_imap_read_space (cursor));
      if (!sp_imap_read_char (cursor, ')'))
        return NULL;
      return g_steal_pointer (&search);
    }

  if (g_ascii_isdigit (*cursor->p) || *cursor->p == '*')
    {
      search = new_key (KEY_SEQUENCE);
      search->set = sp_imap_read_sequence_set (cursor);
      return search->set != NULL ? g_steal_pointer (&search) : NULL;
    }

  name = sp_imap_read_atom (cursor);
  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (keys); i++)
    if (g_ascii_strcasecmp (name, keys[i].name) == 0)
      {
        search = new_key (keys[i].type);
        search->flag = keys[i].flag;
        search->field = g_strdup (keys[i].field);
        if (!parse_argument (search, keys[i].arg, cursor, error_message, depth))
          {
            if (*error_message == NULL)
              *error_message = g_strdup_printf ("Bad argument to the search key %s", keys[i].name);
            return NULL;
          }
        return g_steal_pointer (&search);
      }

  if (*error_message == NULL && name == NULL)
    *error_message = g_strdup ("A search key is expected (ALL, UNSEEN, FROM \"someone\"…)");
  else if (*error_message == NULL)
    *error_message = g_strdup_printf ("Unknown or unsupported search key %s", name);
  return NULL;
}

/**
 * sp_imap_search_parse:
 * @cursor: at the first criterion (or CHARSET)
 * @error_message: (out): why the syntax is wrong, for a BAD reply
 *
 * Returns: (transfer full) (nullable): the criteria, all to be matched
 */
SpImapSearch *
sp_imap_search_parse (SpImapCursor  *cursor,
                      char         **error_message)
{
  g_autoptr(SpImapSearch) search = new_key (KEY_AND);

  *error_message = NULL;

  if (g_ascii_strncasecmp (cursor->p, "CHARSET ", 8) == 0)
    {
      g_autofree char *charset = NULL;

      cursor->p += 8;
      charset = sp_imap_read_astring (cursor);
      /* Strings are compared as bytes, which is right for both. */
      if (charset == NULL || (g_ascii_strcasecmp (charset, "US-ASCII") != 0 &&
                              g_ascii_strcasecmp (charset, "UTF-8") != 0))
        {
          *error_message = g_strdup ("[BADCHARSET (US-ASCII UTF-8)] Unsupported charset");
          return NULL;
        }
      if (!sp_imap_read_space (cursor))
        return NULL;
    }

  search->children = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_imap_search_free);
  do
    {
      if (!add_child (search, cursor, error_message, 0))
        return NULL;
    }
  while (sp_imap_read_space (cursor));

  if (!sp_imap_at_end (cursor))
    return NULL;
  return g_steal_pointer (&search);
}

static gboolean
contains_ignoring_case (const guint8 *haystack,
                        gsize         length,
                        const char   *needle)
{
  gsize needle_length = strlen (needle);

  if (needle_length == 0)
    return TRUE;

  for (gsize i = 0; i + needle_length <= length; i++)
    {
      gsize j = 0;

      while (j < needle_length && g_ascii_tolower (haystack[i + j]) == needle[j])
        j++;
      if (j == needle_length)
        return TRUE;
    }
  return FALSE;
}

static int
compare_arrival (SpMailMessage *message,
                 const GDate   *date)
{
  GDateTime *arrival = sp_mail_message_get_internal_date (message);
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (arrival),
                  (GDateMonth) g_date_time_get_month (arrival), (GDateYear) g_date_time_get_year (arrival));
  return g_date_compare (&day, date);
}

gboolean
sp_imap_search_matches (SpImapSearch        *search,
                        SpMailMessage       *message,
                        SpImapSearchContext *context)
{
  SpMailFlags flags = sp_mail_message_get_flags (message);
  gsize size;
  const guint8 *data = g_bytes_get_data (sp_mail_message_get_bytes (message), &size);
  gsize header_length = sp_mail_message_get_header_length (message);

  switch (search->type)
    {
    case KEY_ALL:
      return TRUE;

    case KEY_FLAG_SET:
      return (flags & search->flag) != 0;

    case KEY_FLAG_UNSET:
      return (flags & search->flag) == 0;

    case KEY_RECENT:
      return context->recent;

    case KEY_OLD:
      return !context->recent;

    case KEY_NEW:
      return context->recent && (flags & SP_MAIL_FLAG_SEEN) == 0;

    case KEY_LARGER:
      return size > search->number;

    case KEY_SMALLER:
      return size < search->number;

    case KEY_SEQUENCE:
      return sp_imap_sequence_set_contains (search->set, context->sequence, context->n_messages);

    case KEY_UID:
      return sp_imap_sequence_set_contains (search->set, sp_mail_message_get_uid (message), context->max_uid);

    case KEY_NOT:
      return !sp_imap_search_matches (g_ptr_array_index (search->children, 0), message, context);

    case KEY_OR:
      return sp_imap_search_matches (g_ptr_array_index (search->children, 0), message, context) ||
             sp_imap_search_matches (g_ptr_array_index (search->children, 1), message, context);

    case KEY_AND:
      for (guint i = 0; i < search->children->len; i++)
        if (!sp_imap_search_matches (g_ptr_array_index (search->children, i), message, context))
          return FALSE;
      return TRUE;

    case KEY_HEADER:
      {
        g_autofree char *value = sp_mail_message_dup_header (message, search->field);

        return value != NULL && contains_ignoring_case ((const guint8 *) value, strlen (value), search->needle);
      }

    case KEY_BODY:
      return contains_ignoring_case (data + header_length, size - header_length, search->needle);

    case KEY_TEXT:
      return contains_ignoring_case (data, size, search->needle);

    case KEY_BEFORE:
      return compare_arrival (message, &search->date) < 0;

    case KEY_ON:
      return compare_arrival (message, &search->date) == 0;

    case KEY_SINCE:
      return compare_arrival (message, &search->date) >= 0;

    case KEY_KEYWORD:
      return FALSE;

    case KEY_UNKEYWORD:
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}
