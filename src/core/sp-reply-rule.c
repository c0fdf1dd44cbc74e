/* sp-reply-rule.c — when a message matches, answer with a template
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every kind of rule is compiled to a GRegex, so one code path matches and captures: the
 * literal kinds escape their text byte by byte and wrap it (`\A` TEXT `(.*)\z` for “starts
 * with”, and so on), so that what their wildcard stands for becomes a group like any other.
 * Literal kinds are compared as bytes (G_REGEX_RAW); a regular expression is matched by
 * characters when the message is UTF-8 text, and by bytes otherwise.
 *
 * The template is compiled once, into literal bytes and substitutions. Its escapes are
 * checked by sp_payload_parse_text() on a copy where each substitution is replaced by as
 * many plain characters, so the columns in its sentences are the person's columns.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-core-enums.h"
#include "sp-payload.h"
#include "sp-reply-rule.h"
#include "sp-reply-rule-private.h"

typedef enum
{
  PART_BYTES,
  PART_GROUP,
  PART_PEER,
  PART_MESSAGE,
} PartKind;

typedef struct
{
  PartKind  kind;
  guint     group;
  GBytes   *bytes;
} Part;

struct _SpReplyRule
{
  GObject      parent_instance;

  char        *pattern;
  char        *reply_template;
  GRegex      *text_regex;    /* REGEX: matches messages that are UTF-8 text */
  GRegex      *raw_regex;     /* matches by bytes; NULL if a REGEX cannot be read so */
  GArray      *parts;         /* the compiled template, of Part */
  guint        n_groups;
  SpMatchKind  kind;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_PATTERN,
  PROP_REPLY_TEMPLATE,
  PROP_N_GROUPS,
  PROP_DESCRIPTION,
  N_PROPS
};

G_DEFINE_QUARK (sp-reply-rule-error-quark, sp_reply_rule_error)

G_DEFINE_FINAL_TYPE (SpReplyRule, sp_reply_rule, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

#define PEER_MARK "{peer}"
#define MESSAGE_MARK "{message}"

/* Templates ---------------------------------------------------------------------------- */

static void
part_clear (gpointer data)
{
  Part *part = data;

  g_clear_pointer (&part->bytes, g_bytes_unref);
}

/* The column, counted in characters from 1, of the byte at @offset; safe on any bytes. */
static gsize
column_of (const char *text,
           gsize       offset)
{
  gsize column = 1;

  for (gsize i = 0; i < offset && text[i] != '\0'; i++)
    if (((guchar) text[i] & 0xc0) != 0x80)
      column++;

  return column;
}

static gboolean
append_literal (GArray      *parts,
                const char  *text,
                gsize        length,
                GError     **error)
{
  Part part = { PART_BYTES, 0, NULL };

  if (length == 0)
    return TRUE;

  part.bytes = sp_payload_parse_text (text, length, NULL, error);
  if (part.bytes == NULL)
    return FALSE;

  g_array_append_val (parts, part);
  return TRUE;
}

static GArray *
compile_template (const char  *reply_template,
                  guint        n_groups,
                  gsize       *error_column,
                  GError     **error)
{
  g_autoptr(GArray) parts = NULL;
  g_autoptr(GError) payload_error = NULL;
  g_autoptr(GBytes) checked = NULL;
  g_autofree char *plain = NULL;
  gsize length = strlen (reply_template);
  gsize literal_start = 0;
  gsize column = 0;
  gsize i = 0;

  if (error_column != NULL)
    *error_column = 0;

  /* First the escapes, with every substitution replaced by plain characters. */
  plain = g_strdup (reply_template);
  while (i < length)
    {
      if (reply_template[i] == '\\' && i + 1 < length &&
          reply_template[i + 1] >= '1' && reply_template[i + 1] <= '9')
        {
          memset (plain + i, '_', 2);
          i += 2;
        }
      else if (reply_template[i] == '\\')
        {
          /* Skip the escape whole, so that `\\1` stays a backslash and a digit; after
           * `\x` the next two characters belong to it, whatever they are. */
          i += reply_template[i + 1] == 'x' ? 4 : 2;
        }
      else if (g_str_has_prefix (reply_template + i, PEER_MARK))
        {
          memset (plain + i, '_', strlen (PEER_MARK));
          i += strlen (PEER_MARK);
        }
      else if (g_str_has_prefix (reply_template + i, MESSAGE_MARK))
        {
          memset (plain + i, '_', strlen (MESSAGE_MARK));
          i += strlen (MESSAGE_MARK);
        }
      else
        i++;
    }

  checked = sp_payload_parse_text (plain, length, &column, &payload_error);
  if (checked == NULL)
    {
      if (error_column != NULL)
        *error_column = column;
      g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_TEMPLATE,
                   _("In the reply: %s"), payload_error->message);
      return NULL;
    }

  /* Then the parts, cut where the plain copy differs from the template. */
  parts = g_array_new (FALSE, FALSE, sizeof (Part));
  g_array_set_clear_func (parts, part_clear);

  i = 0;
  while (i < length)
    {
      Part part = { PART_BYTES, 0, NULL };
      gsize size;

      if (plain[i] == reply_template[i])
        {
          i++;
          continue;
        }

      if (reply_template[i] == '\\')
        {
          part.kind = PART_GROUP;
          part.group = reply_template[i + 1] - '0';
          size = 2;

          if (part.group > n_groups)
            {
              gsize group_column = column_of (reply_template, i);

              if (error_column != NULL)
                *error_column = group_column;

              if (n_groups == 0)
                g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_TEMPLATE,
                             _("In the reply, “\\%u” at column %lu stands for a captured group, but this pattern captures none: use {message} for the whole message, or write \\\\%u for a backslash and a digit."),
                             part.group, (gulong) group_column, part.group);
              else
                g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_TEMPLATE,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "In the reply, “\\%u” at column %lu stands for captured group %u, but this pattern captures only %u group.",
                                          "In the reply, “\\%u” at column %lu stands for captured group %u, but this pattern captures only %u groups.",
                                          n_groups),
                             part.group, (gulong) group_column, part.group, n_groups);
              return NULL;
            }
        }
      else if (reply_template[i + 1] == 'p')
        {
          part.kind = PART_PEER;
          size = strlen (PEER_MARK);
        }
      else
        {
          part.kind = PART_MESSAGE;
          size = strlen (MESSAGE_MARK);
        }

      if (!append_literal (parts, reply_template + literal_start, i - literal_start, error))
        return NULL;
      g_array_append_val (parts, part);
      i += size;
      literal_start = i;
    }

  if (!append_literal (parts, reply_template + literal_start, length - literal_start, error))
    return NULL;

  return g_steal_pointer (&parts);
}

static GBytes *
expand (GArray       *parts,
        GMatchInfo   *match_info,
        const guint8 *message,
        gsize         message_size,
        const char   *peer_address)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  for (guint i = 0; i < parts->len; i++)
    {
      const Part *part = &g_array_index (parts, Part, i);
      gsize size;
      gconstpointer data;
      int start = -1;
      int end = -1;

      switch (part->kind)
        {
        case PART_BYTES:
          data = g_bytes_get_data (part->bytes, &size);
          g_byte_array_append (out, data, size);
          break;

        case PART_GROUP:
          /* A group that took no part in the match is empty. */
          if (match_info != NULL &&
              g_match_info_fetch_pos (match_info, part->group, &start, &end) &&
              start >= 0 && end >= start)
            g_byte_array_append (out, message + start, end - start);
          break;

        case PART_PEER:
          if (peer_address != NULL)
            g_byte_array_append (out, (const guint8 *) peer_address, strlen (peer_address));
          break;

        case PART_MESSAGE:
          g_byte_array_append (out, message, message_size);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Patterns ----------------------------------------------------------------------------- */

/* Whether the bytes are UTF-8 text; NUL bytes, which GRegex takes in stride, are allowed. */
static gboolean
is_text (const char *data,
         gsize       size)
{
  const char *end = data + size;

  while (data < end)
    {
      const char *stop;

      if (g_utf8_validate (data, end - data, &stop))
        return TRUE;
      if (stop == end || *stop != '\0')
        return FALSE;
      data = stop + 1;
    }

  return TRUE;
}

/* Each byte as itself in a raw regular expression: letters and digits as they are, every
 * other byte as \xHH, which has no special meaning anywhere. */
static void
append_escaped_bytes (GString *regex,
                      GBytes  *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i < size; i++)
    {
      if (g_ascii_isalnum (data[i]))
        g_string_append_c (regex, (char) data[i]);
      else
        g_string_append_printf (regex, "\\x%02x", data[i]);
    }
}

static GRegex *
compile_literal (SpMatchKind   kind,
                 GBytes       *text,
                 guint        *n_groups)
{
  g_autoptr(GString) regex = g_string_new ("\\A");
  g_autoptr(GError) error = NULL;
  GRegex *compiled;

  if (kind == SP_MATCH_CONTAINS)
    g_string_append (regex, "(.*?)");
  else if (kind == SP_MATCH_ENDS_WITH)
    g_string_append (regex, "(.*)");

  append_escaped_bytes (regex, text);

  if (kind == SP_MATCH_CONTAINS || kind == SP_MATCH_STARTS_WITH)
    g_string_append (regex, "(.*)");
  g_string_append (regex, "\\z");

  compiled = g_regex_new (regex->str, G_REGEX_RAW | G_REGEX_DOTALL, 0, &error);
  /* Escaped bytes always compile. */
  g_assert_no_error (error);

  *n_groups = g_regex_get_capture_count (compiled);
  return compiled;
}

/* GRegex says `Error while compiling regular expression ‘(’ at char 1: missing )`; a
 * learner wants the column and the reason. Other wordings (translated GLib) pass whole. */
static void
set_regex_error (GError       **error,
                 const char    *pattern,
                 const GError  *regex_error)
{
  const char *message = regex_error->message;
  const char *at = g_strrstr (message, " at char ");

  if (at != NULL)
    {
      const char *digits = at + strlen (" at char ");
      char *end = NULL;
      guint64 offset = g_ascii_strtoull (digits, &end, 10);

      if (end != digits && g_str_has_prefix (end, ": "))
        {
          /* GLib counts that offset in characters already. */
          gsize n_chars = column_of (pattern, strlen (pattern)) - 1;
          gsize column = MIN (offset, n_chars) + 1;

          g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_REGEX,
                       _("The regular expression has a mistake at column %lu: %s."),
                       (gulong) column, end + 2);
          return;
        }
    }

  g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_REGEX,
               _("The regular expression is not valid: %s"), message);
}

/* GObject ------------------------------------------------------------------------------ */

static void
sp_reply_rule_finalize (GObject *object)
{
  SpReplyRule *self = (SpReplyRule *)object;

  g_clear_pointer (&self->pattern, g_free);
  g_clear_pointer (&self->reply_template, g_free);
  g_clear_pointer (&self->text_regex, g_regex_unref);
  g_clear_pointer (&self->raw_regex, g_regex_unref);
  g_clear_pointer (&self->parts, g_array_unref);

  G_OBJECT_CLASS (sp_reply_rule_parent_class)->finalize (object);
}

static void
sp_reply_rule_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpReplyRule *self = SP_REPLY_RULE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_PATTERN:
      g_value_set_string (value, self->pattern);
      break;

    case PROP_REPLY_TEMPLATE:
      g_value_set_string (value, self->reply_template);
      break;

    case PROP_N_GROUPS:
      g_value_set_uint (value, self->n_groups);
      break;

    case PROP_DESCRIPTION:
      g_value_take_string (value, sp_reply_rule_dup_description (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_reply_rule_class_init (SpReplyRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_reply_rule_finalize;
  object_class->get_property = sp_reply_rule_get_property;

  /* A rule never changes: to edit one, replace it in its list with a new one. */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SP_TYPE_MATCH_KIND, SP_MATCH_EQUALS,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PATTERN] =
    g_param_spec_string ("pattern", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_REPLY_TEMPLATE] =
    g_param_spec_string ("reply-template", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_GROUPS] =
    g_param_spec_uint ("n-groups", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_reply_rule_init (SpReplyRule *self)
{
}

/**
 * sp_reply_rule_new:
 * @kind: how the message is compared with @pattern
 * @pattern: text with escapes, or a regular expression for %SP_MATCH_REGEX
 * @reply_template: the reply, with escapes, `\1`…`\9`, `{peer}` and `{message}`
 * @error: %SP_REPLY_RULE_ERROR_EMPTY_PATTERN, %SP_REPLY_RULE_ERROR_BAD_PATTERN (an escape
 *   in the text), %SP_REPLY_RULE_ERROR_BAD_REGEX or %SP_REPLY_RULE_ERROR_BAD_TEMPLATE
 *   (an escape, or a group the pattern does not capture), with a sentence that names the
 *   column
 *
 * Returns: (transfer full) (nullable): the rule, or %NULL with @error set
 */
SpReplyRule *
sp_reply_rule_new (SpMatchKind   kind,
                   const char   *pattern,
                   const char   *reply_template,
                   GError      **error)
{
  g_autoptr(SpReplyRule) self = NULL;
  g_autoptr(GRegex) text_regex = NULL;
  g_autoptr(GRegex) raw_regex = NULL;
  g_autoptr(GArray) parts = NULL;
  guint n_groups = 0;

  g_return_val_if_fail (kind <= SP_MATCH_REGEX, NULL);
  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (reply_template != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (pattern[0] == '\0')
    {
      if (kind == SP_MATCH_REGEX)
        g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_EMPTY_PATTERN,
                     _("The regular expression is empty: write what the message should match, for example ^HELO (.*)$."));
      else
        g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_EMPTY_PATTERN,
                     _("The text to match is empty: write what the message should equal, contain, start or end with."));
      return NULL;
    }

  if (kind == SP_MATCH_REGEX)
    {
      g_autoptr(GError) regex_error = NULL;

      text_regex = g_regex_new (pattern, 0, 0, &regex_error);
      if (text_regex == NULL)
        {
          set_regex_error (error, pattern, regex_error);
          return NULL;
        }
      n_groups = g_regex_get_capture_count (text_regex);

      /* Byte by byte, for binary messages; a few expressions cannot be read so. */
      raw_regex = g_regex_new (pattern, G_REGEX_RAW, 0, NULL);
    }
  else
    {
      g_autoptr(GError) payload_error = NULL;
      g_autoptr(GBytes) text = sp_payload_parse_text (pattern, -1, NULL, &payload_error);

      if (text == NULL)
        {
          g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_PATTERN,
                       _("In the text to match: %s"), payload_error->message);
          return NULL;
        }

      raw_regex = compile_literal (kind, text, &n_groups);
    }

  parts = compile_template (reply_template, n_groups, NULL, error);
  if (parts == NULL)
    return NULL;

  self = g_object_new (SP_TYPE_REPLY_RULE, NULL);
  self->kind = kind;
  self->pattern = g_strdup (pattern);
  self->reply_template = g_strdup (reply_template);
  self->text_regex = g_steal_pointer (&text_regex);
  self->raw_regex = g_steal_pointer (&raw_regex);
  self->parts = g_steal_pointer (&parts);
  self->n_groups = n_groups;

  return g_steal_pointer (&self);
}

/* The number of backslashes just before @p, down to @start: odd means @p is escaped. */
static gboolean
is_escaped (const char *start,
            const char *p)
{
  gsize n = 0;

  while (p > start && p[-1] == '\\')
    {
      n++;
      p--;
    }

  return n % 2 == 1;
}

/* Copies @length bytes of @text, turning `\c` into `c` for each c in @plain and keeping
 * every other escape whole for the next reader. */
static char *
unescape_spec (const char *text,
               gsize       length,
               const char *plain)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\\' && i + 1 < length)
        {
          if (strchr (plain, text[i + 1]) == NULL)
            g_string_append_c (out, '\\');
          g_string_append_c (out, text[i + 1]);
          i++;
        }
      else
        g_string_append_c (out, text[i]);
    }

  return g_string_free (out, FALSE);
}

/**
 * sp_reply_rule_parse:
 * @spec: a rule in the command-line form `MATCH=REPLY` (see the top of this header)
 * @error: %SP_REPLY_RULE_ERROR_BAD_SPEC when the form itself is wrong, or any error of
 *   sp_reply_rule_new()
 *
 * Returns: (transfer full) (nullable): the rule, or %NULL with @error set
 */
SpReplyRule *
sp_reply_rule_parse (const char  *spec,
                     GError     **error)
{
  g_autofree char *pattern = NULL;
  const char *separator = NULL;
  const char *match_end;
  gsize match_length;
  SpMatchKind kind;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (const char *p = spec; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '=')
        {
          separator = p;
          break;
        }
    }

  if (separator == NULL)
    {
      g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_SPEC,
                   _("“%s” has no = between what to match and what to reply: write MATCH=REPLY, for example QUIT=221 Bye\\r\\n (and \\= for an = inside MATCH)."),
                   spec);
      return NULL;
    }

  match_end = separator;
  match_length = match_end - spec;

  if (match_length > 0 && spec[0] == '/')
    {
      if (match_length < 2 || match_end[-1] != '/' || is_escaped (spec + 1, match_end - 1))
        {
          g_autofree char *match = g_strndup (spec, match_length);

          g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_SPEC,
                       _("“%s” starts with / like a regular expression, but has no closing /: write /REGEX/, or \\/ for a text that starts with a slash."),
                       match);
          return NULL;
        }

      kind = SP_MATCH_REGEX;
      pattern = unescape_spec (spec + 1, match_length - 2, "=");
    }
  else
    {
      gboolean leading = match_length > 0 && spec[0] == '*';
      gboolean trailing = match_length > (leading ? 1u : 0u) && match_end[-1] == '*' &&
                          !is_escaped (spec, match_end - 1);
      const char *text = spec + (leading ? 1 : 0);
      gsize text_length = match_length - (leading ? 1 : 0) - (trailing ? 1 : 0);

      if (leading && trailing)
        kind = SP_MATCH_CONTAINS;
      else if (leading)
        kind = SP_MATCH_ENDS_WITH;
      else if (trailing)
        kind = SP_MATCH_STARTS_WITH;
      else
        kind = SP_MATCH_EQUALS;

      pattern = unescape_spec (text, text_length, "=*/");
    }

  return sp_reply_rule_new (kind, pattern, separator + 1, error);
}

SpMatchKind
sp_reply_rule_get_kind (SpReplyRule *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULE (self), SP_MATCH_EQUALS);

  return self->kind;
}

const char *
sp_reply_rule_get_pattern (SpReplyRule *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULE (self), NULL);

  return self->pattern;
}

const char *
sp_reply_rule_get_reply_template (SpReplyRule *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULE (self), NULL);

  return self->reply_template;
}

/**
 * sp_reply_rule_get_n_groups:
 *
 * Returns: how many groups the pattern captures, that is the highest `\N` its template
 *   may use
 */
guint
sp_reply_rule_get_n_groups (SpReplyRule *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULE (self), 0);

  return self->n_groups;
}

/**
 * sp_reply_rule_dup_description:
 *
 * Returns: (transfer full): what the rule looks for, as a phrase that follows “the
 *   message”: `starts with “HELO”`, `matches /^HELO (.*)$/`
 */
char *
sp_reply_rule_dup_description (SpReplyRule *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULE (self), NULL);

  switch (self->kind)
    {
    case SP_MATCH_EQUALS:
      return g_strdup_printf (_("equals “%s”"), self->pattern);
    case SP_MATCH_CONTAINS:
      return g_strdup_printf (_("contains “%s”"), self->pattern);
    case SP_MATCH_STARTS_WITH:
      return g_strdup_printf (_("starts with “%s”"), self->pattern);
    case SP_MATCH_ENDS_WITH:
      return g_strdup_printf (_("ends with “%s”"), self->pattern);
    case SP_MATCH_REGEX:
      return g_strdup_printf (_("matches /%s/"), self->pattern);
    default:
      break;
    }

  g_return_val_if_reached (NULL);
}

/**
 * sp_reply_rule_to_spec:
 *
 * The rule in the command-line form; sp_reply_rule_parse() reads it back to an equal rule.
 *
 * Returns: (transfer full): `MATCH=REPLY`
 */
char *
sp_reply_rule_to_spec (SpReplyRule *self)
{
  g_autoptr(GString) spec = g_string_new (NULL);
  gboolean literal;

  g_return_val_if_fail (SP_IS_REPLY_RULE (self), NULL);

  literal = self->kind != SP_MATCH_REGEX;

  if (self->kind == SP_MATCH_REGEX)
    g_string_append_c (spec, '/');
  else if (self->kind == SP_MATCH_CONTAINS || self->kind == SP_MATCH_ENDS_WITH)
    g_string_append_c (spec, '*');

  for (const char *p = self->pattern; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          /* An escape for the next reader; `\=` would lose its backslash, harmlessly. */
          g_string_append_c (spec, *p++);
          g_string_append_c (spec, *p);
        }
      else if (*p == '=' || (literal && *p == '*') || (literal && *p == '/' && p == self->pattern))
        {
          g_string_append_c (spec, '\\');
          g_string_append_c (spec, *p);
        }
      else
        g_string_append_c (spec, *p);
    }

  if (self->kind == SP_MATCH_REGEX)
    g_string_append_c (spec, '/');
  else if (self->kind == SP_MATCH_CONTAINS || self->kind == SP_MATCH_STARTS_WITH)
    g_string_append_c (spec, '*');

  g_string_append_c (spec, '=');
  g_string_append (spec, self->reply_template);

  return g_string_free (g_steal_pointer (&spec), FALSE);
}

/**
 * sp_reply_rule_apply:
 * @message: one whole message
 * @peer_address: (nullable): what `{peer}` stands for
 *
 * Returns: (transfer full) (nullable): the reply (possibly empty) when @message matches,
 *   %NULL when it does not
 */
GBytes *
sp_reply_rule_apply (SpReplyRule *self,
                     GBytes      *message,
                     const char  *peer_address)
{
  g_autoptr(GMatchInfo) match_info = NULL;
  g_autoptr(GError) error = NULL;
  GRegex *regex;
  const char *data;
  gsize size;

  g_return_val_if_fail (SP_IS_REPLY_RULE (self), NULL);
  g_return_val_if_fail (message != NULL, NULL);

  data = g_bytes_get_data (message, &size);
  if (data == NULL)
    data = "";

  if (self->text_regex != NULL && is_text (data, size))
    regex = self->text_regex;
  else
    regex = self->raw_regex;

  if (regex == NULL)
    return NULL;

  if (!g_regex_match_full (regex, data, size, 0, 0, &match_info, &error))
    {
      /* Only a pathological expression fails here (backtracking limit); it does not match. */
      if (error != NULL)
        g_debug ("Matching /%s/: %s", self->pattern, error->message);
      return NULL;
    }

  return expand (self->parts, match_info, (const guint8 *) data, size, peer_address);
}

/**
 * sp_reply_template_check:
 * @reply_template: a reply template
 * @n_groups: how many groups the pattern captures (0 for a fallback reply)
 * @error_column: (out) (optional): where the column of the mistake goes, counted in
 *   characters from 1; 0 on success
 * @error: %SP_REPLY_RULE_ERROR_BAD_TEMPLATE
 *
 * Checks a template as a reply entry is typed, so the cursor can go to the mistake.
 *
 * Returns: whether @reply_template is valid
 */
gboolean
sp_reply_template_check (const char  *reply_template,
                         guint        n_groups,
                         gsize       *error_column,
                         GError     **error)
{
  g_autoptr(GArray) parts = NULL;

  g_return_val_if_fail (reply_template != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parts = compile_template (reply_template, n_groups, error_column, error);

  return parts != NULL;
}

/**
 * sp_reply_template_expand:
 * @reply_template: a template without groups, such as a server's fallback reply
 * @message: the message being answered
 * @peer_address: (nullable): what `{peer}` stands for
 * @error: %SP_REPLY_RULE_ERROR_BAD_TEMPLATE
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL with @error set
 */
GBytes *
sp_reply_template_expand (const char  *reply_template,
                          GBytes      *message,
                          const char  *peer_address,
                          GError     **error)
{
  g_autoptr(GArray) parts = NULL;
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (reply_template != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parts = compile_template (reply_template, 0, NULL, error);
  if (parts == NULL)
    return NULL;

  data = g_bytes_get_data (message, &size);
  return expand (parts, NULL, data, size, peer_address);
}

const char *
sp_match_kind_to_string (SpMatchKind kind)
{
  switch (kind)
    {
    case SP_MATCH_EQUALS:
      return _("Equals");
    case SP_MATCH_CONTAINS:
      return _("Contains");
    case SP_MATCH_STARTS_WITH:
      return _("Starts with");
    case SP_MATCH_ENDS_WITH:
      return _("Ends with");
    case SP_MATCH_REGEX:
      return _("Matches the regular expression");
    default:
      break;
    }

  g_return_val_if_reached ("");
}

/**
 * _sp_reply_template_foreach_part:
 * @reply_template: a reply template
 * @n_groups: how many groups the pattern captures (0 for a fallback reply)
 * @func: called for each part, in order: literal bytes (escapes read), a captured group,
 *   `{peer}` or `{message}`
 * @error: %SP_REPLY_RULE_ERROR_BAD_TEMPLATE, and @func is not called
 *
 * How the template is put together, so that code doing the same can be written out.
 *
 * Returns: whether @reply_template is valid
 */
gboolean
_sp_reply_template_foreach_part (const char          *reply_template,
                                 guint                n_groups,
                                 SpTemplatePartFunc   func,
                                 gpointer             user_data,
                                 GError             **error)
{
  g_autoptr(GArray) parts = NULL;

  G_STATIC_ASSERT ((int) PART_BYTES == (int) SP_TEMPLATE_PART_BYTES);
  G_STATIC_ASSERT ((int) PART_GROUP == (int) SP_TEMPLATE_PART_GROUP);
  G_STATIC_ASSERT ((int) PART_PEER == (int) SP_TEMPLATE_PART_PEER);
  G_STATIC_ASSERT ((int) PART_MESSAGE == (int) SP_TEMPLATE_PART_MESSAGE);

  g_return_val_if_fail (reply_template != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  parts = compile_template (reply_template, n_groups, NULL, error);
  if (parts == NULL)
    return FALSE;

  for (guint i = 0; i < parts->len; i++)
    {
      const Part *part = &g_array_index (parts, Part, i);

      func ((SpTemplatePartKind) part->kind, part->group, part->bytes, user_data);
    }

  return TRUE;
}
