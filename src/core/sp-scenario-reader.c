/* sp-scenario-reader.c — read a playground file, and say on which line it goes wrong
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A playground file is a key file, as GLib reads them. The reader goes over the lines
 * itself first, to know where each group and key stands and to refuse what GKeyFile would
 * let pass silently (a key or a group written twice, a NUL byte, text that is not UTF-8),
 * then lets GKeyFile read the file too, so that every file accepted here is a key file
 * any tool can read. Values are taken as written, except the title and the description,
 * which are key-file strings (`\n` for a new line, and a `[fr]` variant per language).
 * Every refusal is a SP_SCENARIO_ERROR whose message starts with the line at fault.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-demo-server.h"
#include "sp-payload.h"
#include "sp-reply-rule.h"
#include "sp-scenario-private.h"
#include "sp-script.h"

/* How much of a refused line a message quotes. */
#define QUOTE_LIMIT 60

typedef struct
{
  char  *key;     /* as written, with any [locale] suffix */
  char  *value;   /* as written, without the blanks after “=” */
  guint  line;
} Entry;

typedef struct
{
  char      *name;
  GPtrArray *entries;
  guint      line;
} Group;

typedef struct
{
  SpScenario  *scenario;
  GPtrArray   *groups;
  GKeyFile    *key_file;
  GHashTable  *pane_lines;    /* pane name → the line that names it */
  guint64      version;       /* the file's, from [Playground] */
  guint       *error_line;
  GError     **error;
} Reader;

/* A numbered key, such as Rule3 or Script12. */
typedef struct
{
  Entry  *entry;
  guint64 number;
} Numbered;

static void
entry_free (Entry *entry)
{
  g_free (entry->key);
  g_free (entry->value);
  g_free (entry);
}

static void
group_free (Group *group)
{
  g_free (group->name);
  g_ptr_array_unref (group->entries);
  g_free (group);
}

static char *
quote (const char *text)
{
  if (g_utf8_strlen (text, -1) <= QUOTE_LIMIT)
    return g_strdup (text);

  return g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (text, QUOTE_LIMIT) - text), text);
}

static guint
line_of_offset (const char *data,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      line++;

  return line;
}

static gboolean
fail_line (Reader          *r,
           guint            line,
           SpScenarioError  code,
           const char      *detail)
{
  if (r->error_line != NULL)
    *r->error_line = line;

  if (line == 0)
    g_set_error_literal (r->error, SP_SCENARIO_ERROR, code, detail);
  else
    /* Translators: %u is a line of a playground file, %s what is wrong with it */
    g_set_error (r->error, SP_SCENARIO_ERROR, code, _("Line %u: %s"), line, detail);

  return FALSE;
}

static gboolean
fail_entry (Reader          *r,
            Group           *group,
            Entry           *entry,
            SpScenarioError  code,
            const char      *detail)
{
  if (r->error_line != NULL)
    *r->error_line = entry->line;

  /* Translators: %u is a line of a playground file, then the [group], the key, and what
   * is wrong with its value */
  g_set_error (r->error, SP_SCENARIO_ERROR, code, _("Line %u: [%s] %s: %s"),
               entry->line, group->name, entry->key, detail);

  return FALSE;
}

/* Lines ----------------------------------------------------------------------------- */

static Group *
find_group (Reader     *r,
            const char *name)
{
  for (guint i = 0; i < r->groups->len; i++)
    {
      Group *group = g_ptr_array_index (r->groups, i);

      if (g_str_equal (group->name, name))
        return group;
    }

  return NULL;
}

static Entry *
find_entry (Group      *group,
            const char *key)
{
  for (guint i = 0; i < group->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (group->entries, i);

      if (g_str_equal (entry->key, key))
        return entry;
    }

  return NULL;
}

static gboolean
is_group_name (const char *name)
{
  if (*name == '\0')
    return FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '[' || c == ']' || g_unichar_iscntrl (c))
        return FALSE;
    }

  return TRUE;
}

static gboolean
scan_group_line (Reader *r,
                 char   *text,
                 guint   line,
                 Group **current)
{
  g_autofree char *quoted = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *name = NULL;
  gsize length;
  Group *group;
  Group *earlier;

  g_strchomp (text);
  length = strlen (text);

  if (length >= 2 && text[length - 1] == ']')
    name = g_strndup (text + 1, length - 2);

  if (name == NULL || !is_group_name (name))
    {
      quoted = quote (text);
      detail = g_strdup_printf (_("“%s” is not a group header: a group is a name between brackets, such as [Pane 1]."),
                                quoted);
      return fail_line (r, line, SP_SCENARIO_ERROR_SYNTAX, detail);
    }

  earlier = find_group (r, name);
  if (earlier != NULL)
    {
      detail = g_strdup_printf (_("The group [%s] appears twice, first on line %u: give each group its own name."),
                                name, earlier->line);
      return fail_line (r, line, SP_SCENARIO_ERROR_DUPLICATE, detail);
    }

  group = g_new0 (Group, 1);
  group->name = g_steal_pointer (&name);
  group->line = line;
  group->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_ptr_array_add (r->groups, group);
  *current = group;

  return TRUE;
}

static gboolean
scan_key_line (Reader *r,
               char   *text,
               guint   line,
               Group  *current)
{
  g_autofree char *detail = NULL;
  g_autofree char *quoted = NULL;
  char *equals = strchr (text, '=');
  const char *value = equals + 1;
  Entry *earlier;
  Entry *entry;

  *equals = '\0';
  g_strchomp (text);
  while (g_ascii_isspace (*value))
    value++;

  if (*text == '\0')
    {
      *equals = '=';
      quoted = quote (text);
      detail = g_strdup_printf (_("“%s” has no key before its “=”."), quoted);
      return fail_line (r, line, SP_SCENARIO_ERROR_SYNTAX, detail);
    }

  if (current == NULL)
    {
      quoted = quote (text);
      detail = g_strdup_printf (_("The key %s comes before any group: a playground file starts with [Playground]."),
                                quoted);
      return fail_line (r, line, SP_SCENARIO_ERROR_SYNTAX, detail);
    }

  earlier = find_entry (current, text);
  if (earlier != NULL)
    {
      quoted = quote (text);
      detail = g_strdup_printf (_("[%s] has %s twice, first on line %u: keep one."),
                                current->name, quoted, earlier->line);
      return fail_line (r, line, SP_SCENARIO_ERROR_DUPLICATE, detail);
    }

  entry = g_new0 (Entry, 1);
  entry->key = g_strdup (text);
  entry->value = g_strdup (value);
  entry->line = line;
  g_ptr_array_add (current->entries, entry);

  return TRUE;
}

static gboolean
scan (Reader     *r,
      const char *data,
      gsize       length)
{
  const char *nul = memchr (data, '\0', length);
  const char *invalid = NULL;
  const char *p = data;
  const char *end = data + length;
  Group *current = NULL;
  guint line = 1;

  if (nul != NULL)
    return fail_line (r, line_of_offset (data, nul - data), SP_SCENARIO_ERROR_SYNTAX,
                      _("The line holds a NUL byte: a playground file is text."));

  if (!g_utf8_validate_len (data, length, &invalid))
    return fail_line (r, line_of_offset (data, invalid - data), SP_SCENARIO_ERROR_SYNTAX,
                      _("The line is not valid UTF-8 text: save the file as UTF-8, and write raw bytes as \\xHH escapes."));

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol != NULL ? eol : end;
      g_autofree char *text = g_strndup (p, line_end - p);
      gsize text_length = line_end - p;
      char *s = text;

      /* A file written on Windows ends its lines with "\r\n". */
      if (text_length > 0 && text[text_length - 1] == '\r')
        text[text_length - 1] = '\0';

      while (g_ascii_isspace (*s))
        s++;

      if (*s == '[')
        {
          if (!scan_group_line (r, s, line, &current))
            return FALSE;
        }
      else if (*s != '\0' && *s != '#')
        {
          if (strchr (s, '=') != NULL)
            {
              if (!scan_key_line (r, s, line, current))
                return FALSE;
            }
          else
            {
              g_autofree char *quoted = quote (s);
              g_autofree char *detail =
                g_strdup_printf (_("“%s” is not a [group], a KEY=VALUE line or a # comment."), quoted);

              return fail_line (r, line, SP_SCENARIO_ERROR_SYNTAX, detail);
            }
        }

      p = eol != NULL ? eol + 1 : end;
      line++;
    }

  return TRUE;
}

/* Whether GKeyFile reads one line within a group: how a refusal of the whole file is
 * traced back to its line. */
static gboolean
key_file_reads (const char *text)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();

  return g_key_file_load_from_data (key_file, text, -1, G_KEY_FILE_NONE, NULL);
}

static gboolean
load_key_file (Reader     *r,
               const char *data,
               gsize       length)
{
  g_autoptr(GError) local_error = NULL;

  if (g_key_file_load_from_data (r->key_file, data, length,
                                 G_KEY_FILE_KEEP_TRANSLATIONS, &local_error))
    return TRUE;

  for (guint i = 0; i < r->groups->len; i++)
    {
      Group *group = g_ptr_array_index (r->groups, i);
      g_autofree char *header = g_strdup_printf ("[%s]\n", group->name);

      if (!key_file_reads (header))
        return fail_line (r, group->line, SP_SCENARIO_ERROR_SYNTAX, local_error->message);

      for (guint j = 0; j < group->entries->len; j++)
        {
          Entry *entry = g_ptr_array_index (group->entries, j);
          g_autofree char *one = g_strdup_printf ("[A]\n%s=%s\n", entry->key, entry->value);

          if (!key_file_reads (one))
            return fail_line (r, entry->line, SP_SCENARIO_ERROR_SYNTAX, local_error->message);
        }
    }

  return fail_line (r, 0, SP_SCENARIO_ERROR_SYNTAX, local_error->message);
}

/* Values ---------------------------------------------------------------------------- */

/* The escapes of a key-file string. Checked here because GLib 2.74 sets its error twice
 * over for a value with two bad escapes, which warns. */
static gboolean
check_key_file_string (Reader *r,
                       Group  *group,
                       Entry  *entry)
{
  for (const char *p = entry->value; *p != '\0'; p++)
    {
      g_autofree char *detail = NULL;

      if (*p != '\\')
        continue;

      p++;
      if (*p != '\0' && strchr ("sntr\\", *p) != NULL)
        continue;

      if (*p == '\0')
        detail = g_strdup (_("A backslash ends the line: write \\\\ for a backslash."));
      else
        detail = g_strdup_printf (_("“\\%.*s” is not an escape here: write \\n for a new line, \\s for a leading space or \\\\ for a backslash."),
                                  (int) (g_utf8_next_char (p) - p), p);

      return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, detail);
    }

  return TRUE;
}

static gboolean
read_number (Reader  *r,
             Group   *group,
             Entry   *entry,
             guint64  min,
             guint64  max,
             guint64 *out)
{
  g_autofree char *detail = NULL;

  if (g_ascii_string_to_unsigned (entry->value, 10, min, max, out, NULL))
    return TRUE;

  /* Translators: %s is a value as written, then the smallest and largest allowed */
  detail = g_strdup_printf (_("“%s” is not a whole number from %llu to %llu."),
                            entry->value, (unsigned long long) min, (unsigned long long) max);
  return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, detail);
}

static gboolean
read_boolean (Reader   *r,
              Group    *group,
              Entry    *entry,
              gboolean *out)
{
  g_autofree char *detail = NULL;

  if (g_str_equal (entry->value, "true"))
    *out = TRUE;
  else if (g_str_equal (entry->value, "false"))
    *out = FALSE;
  else
    {
      detail = g_strdup_printf (_("“%s” is neither true nor false."), entry->value);
      return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, detail);
    }

  return TRUE;
}

static gboolean
find_word (const char  *value,
           const char **words,
           guint        n_words,
           guint       *out)
{
  for (guint i = 0; i < n_words; i++)
    {
      if (g_str_equal (value, words[i]))
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
read_payload (Reader   *r,
              Group    *group,
              Entry    *entry,
              gboolean  hex)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  if (hex)
    bytes = sp_payload_parse_hex (entry->value, -1, NULL, &local_error);
  else
    bytes = sp_payload_parse_text (entry->value, -1, NULL, &local_error);

  if (bytes == NULL)
    return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, local_error->message);

  return TRUE;
}

/* “Rule3” → 3, for a key that starts with @prefix and ends with a number from 1. */
static gboolean
numbered_key (const char *key,
              const char *prefix,
              guint64    *number)
{
  if (!g_str_has_prefix (key, prefix))
    return FALSE;

  return g_ascii_string_to_unsigned (key + strlen (prefix), 10, 1, G_MAXUINT, number, NULL);
}

static int
compare_numbered (gconstpointer a,
                  gconstpointer b)
{
  const Numbered *na = a;
  const Numbered *nb = b;

  /* Equal numbers in the order of their lines, so that the later one is refused. */
  if (na->number != nb->number)
    return (na->number > nb->number) - (na->number < nb->number);

  return (na->entry->line > nb->entry->line) - (na->entry->line < nb->entry->line);
}

/* The group's keys PREFIX1, PREFIX2…, in the order of their numbers. */
static gboolean
collect_numbered (Reader     *r,
                  Group      *group,
                  const char *prefix,
                  GArray     *out)
{
  for (guint i = 0; i < group->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (group->entries, i);
      Numbered numbered = { entry, 0 };

      if (numbered_key (entry->key, prefix, &numbered.number))
        g_array_append_val (out, numbered);
    }

  g_array_sort (out, compare_numbered);

  for (guint i = 1; i < out->len; i++)
    {
      Numbered *previous = &g_array_index (out, Numbered, i - 1);
      Numbered *this = &g_array_index (out, Numbered, i);

      if (previous->number == this->number)
        {
          g_autofree char *detail =
            g_strdup_printf (_("Line %u, %s, has the same number: number each line once."),
                             previous->entry->line, previous->entry->key);

          return fail_entry (r, group, this->entry, SP_SCENARIO_ERROR_DUPLICATE, detail);
        }
    }

  return TRUE;
}

/* Panes ----------------------------------------------------------------------------- */

static const char *behaviour_words[] = { "reply", "echo", "discard", "chat", "manual", "rules" };
static const char *framing_words[] = { "line", "fixed", "read" };

static gboolean
is_extension_key (const char *key)
{
  return g_str_has_prefix (key, "X-");
}

static gboolean
read_rules (Reader         *r,
            Group          *group,
            SpScenarioPane *pane)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (Numbered));
  g_autoptr(GListStore) rules = g_list_store_new (SP_TYPE_REPLY_RULE);

  if (!collect_numbered (r, group, "Rule", lines))
    return FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      Entry *entry = g_array_index (lines, Numbered, i).entry;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (entry->value, &local_error);

      if (rule == NULL)
        return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, local_error->message);

      g_list_store_append (rules, rule);
    }

  sp_scenario_pane_set_rules (pane, G_LIST_MODEL (rules));
  return TRUE;
}

static gboolean
read_script (Reader         *r,
             Group          *group,
             SpScenarioPane *pane)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (Numbered));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(SpScript) script = NULL;
  g_autoptr(GError) local_error = NULL;
  guint error_line = 0;

  if (!collect_numbered (r, group, "Script", lines))
    return FALSE;

  if (lines->len == 0)
    return TRUE;

  for (guint i = 0; i < lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_array_index (lines, Numbered, i).entry->value);
    }

  script = sp_script_parse_full (text->str, &error_line, NULL, &local_error);
  if (script == NULL)
    {
      Entry *entry = g_array_index (lines, Numbered, MIN (MAX (error_line, 1), lines->len) - 1).entry;
      g_autofree char *prefix = g_strdup_printf (_("Line %u: %s"), error_line, "");
      const char *detail = local_error->message;

      /* The script counts its own lines; the file's line is the one that matters here. */
      if (g_str_has_prefix (detail, prefix))
        detail += strlen (prefix);

      return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, detail);
    }

  sp_scenario_pane_set_script_text (pane, text->str);
  return TRUE;
}

static gboolean
read_endpoint (Reader         *r,
               Group          *group,
               SpScenarioPane *pane)
{
  SpScenarioPaneKind kind = sp_scenario_pane_get_kind (pane);
  Entry *entry = find_entry (group, "Endpoint");
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(GError) local_error = NULL;

  if (entry == NULL)
    {
      g_autofree char *detail =
        g_strdup_printf (_("[%s] has no Endpoint: add one, such as Endpoint=tcp://127.0.0.1:0."),
                         group->name);

      return fail_line (r, group->line, SP_SCENARIO_ERROR_MISSING_KEY, detail);
    }

  if (entry->value[0] == '@')
    {
      if (kind == SP_SCENARIO_PANE_SERVER)
        return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE,
                           _("A server listens on an address of its own: only a client’s endpoint may name another pane."));

      if (g_strstrip (entry->value + 1)[0] == '\0')
        return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE,
                           _("Name the server pane after the “@”, such as @Server 1."));

      /* Whether the pane exists is known once every pane is read. */
      sp_scenario_pane_set_endpoint (pane, entry->value);
      return TRUE;
    }

  endpoint = sp_endpoint_parse (entry->value,
                                kind == SP_SCENARIO_PANE_SERVER ? SP_ENDPOINT_ROLE_SERVER
                                                                : SP_ENDPOINT_ROLE_CLIENT,
                                &local_error);
  if (endpoint == NULL)
    return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, local_error->message);

  sp_scenario_pane_set_endpoint (pane, entry->value);
  return TRUE;
}

static gboolean
read_server_key (Reader         *r,
                 Group          *group,
                 Entry          *entry,
                 SpScenarioPane *pane,
                 gboolean       *known)
{
  const char *key = entry->key;
  guint64 number;
  guint word;
  gboolean flag;

  *known = TRUE;

  if (g_str_equal (key, "Behaviour"))
    {
      if (!find_word (entry->value, behaviour_words, G_N_ELEMENTS (behaviour_words), &word))
        {
          g_autofree char *detail =
            g_strdup_printf (_("“%s” is not a behaviour: write reply, echo, discard, chat, manual or rules."),
                             entry->value);

          return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, detail);
        }
      sp_scenario_pane_set_behaviour (pane, (SpBehaviour) word);
    }
  else if (g_str_equal (key, "Reply"))
    {
      if (!read_payload (r, group, entry, FALSE))
        return FALSE;
      sp_scenario_pane_set_reply_text (pane, entry->value);
    }
  else if (g_str_equal (key, "CloseAfterReply"))
    {
      if (!read_boolean (r, group, entry, &flag))
        return FALSE;
      sp_scenario_pane_set_close_after_reply (pane, flag);
    }
  else if (g_str_equal (key, "Fallback"))
    {
      g_autoptr(GError) local_error = NULL;

      if (!sp_reply_template_check (entry->value, 0, NULL, &local_error))
        return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, local_error->message);
      sp_scenario_pane_set_fallback_reply (pane, entry->value);
    }
  else if (g_str_equal (key, "Framing"))
    {
      if (!find_word (entry->value, framing_words, G_N_ELEMENTS (framing_words), &word))
        {
          g_autofree char *detail =
            g_strdup_printf (_("“%s” is not a framing: write line, fixed or read."), entry->value);

          return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, detail);
        }
      sp_scenario_pane_set_framing (pane, (SpFraming) word);
    }
  else if (g_str_equal (key, "FrameLength"))
    {
      if (!read_number (r, group, entry, 1, SP_FRAMER_MAX_MESSAGE, &number))
        return FALSE;
      sp_scenario_pane_set_frame_length (pane, (guint) number);
    }
  else if (g_str_equal (key, "Backlog"))
    {
      if (!read_number (r, group, entry, 1, G_MAXINT, &number))
        return FALSE;
      sp_scenario_pane_set_backlog (pane, (guint) number);
    }
  else if (!numbered_key (key, "Rule", &number))
    *known = FALSE;

  return TRUE;
}

static gboolean
read_client_key (Reader         *r,
                 Group          *group,
                 Entry          *entry,
                 SpScenarioPane *pane,
                 gboolean       *known)
{
  const char *key = entry->key;
  guint64 number;

  *known = TRUE;

  if (g_str_equal (key, "Timeout"))
    {
      if (!read_number (r, group, entry, 0, 3600, &number))
        return FALSE;
      sp_scenario_pane_set_timeout (pane, (guint) number);
    }
  else if (g_str_equal (key, "Repeat"))
    {
      if (!read_number (r, group, entry, 1, SP_SCENARIO_PANE_MAX_REPEAT, &number))
        return FALSE;
      sp_scenario_pane_set_repeat (pane, (guint) number);
    }
  else if (g_str_equal (key, "RepeatInterval"))
    {
      if (!read_number (r, group, entry, 0, SP_SCENARIO_PANE_MAX_REPEAT_INTERVAL, &number))
        return FALSE;
      sp_scenario_pane_set_repeat_interval (pane, (guint) number);
    }
  else if (!numbered_key (key, "Script", &number))
    *known = FALSE;

  return TRUE;
}

/* The version of the format that brought Protocol=. */
#define PROTOCOL_VERSION 2

/* The keys that set how a server answers, which a demo server's protocol stands in for. */
static gboolean
is_behaviour_key (const char *key)
{
  static const char *keys[] = { "Behaviour", "Reply", "CloseAfterReply", "Fallback", "Framing", "FrameLength" };
  guint64 number;
  guint index;

  return find_word (key, keys, G_N_ELEMENTS (keys), &index) || numbered_key (key, "Rule", &number);
}

/* Protocol=NAME: a demo server, which listens on a stream. */
static gboolean
read_protocol (Reader         *r,
               Group          *group,
               Entry          *entry,
               SpScenarioPane *pane)
{
  const char * const *known = sp_demo_server_list_protocols ();
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autofree char *detail = NULL;

  if (r->version < PROTOCOL_VERSION)
    {
      detail = g_strdup_printf (_("Protocol came with version %d of the format, and this file says Version=%llu: write Version=%d in [Playground]."),
                                PROTOCOL_VERSION, (unsigned long long) r->version, PROTOCOL_VERSION);
      return fail_entry (r, group, entry, SP_SCENARIO_ERROR_UNKNOWN_KEY, detail);
    }

  if (!g_strv_contains (known, entry->value))
    {
      g_autofree char *names = g_strjoinv (", ", (char **) known);

      /* Translators: %s is the value as written, then the list of demo protocols */
      detail = g_strdup_printf (_("“%s” is not a demo protocol: write one of %s."), entry->value, names);
      return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, detail);
    }

  endpoint = sp_endpoint_parse (sp_scenario_pane_get_endpoint (pane), SP_ENDPOINT_ROLE_SERVER, NULL);
  if (endpoint != NULL && !sp_endpoint_is_stream (endpoint))
    {
      /* Translators: %s is a protocol, such as smtp, then an endpoint */
      detail = g_strdup_printf (_("The %s demo server talks over a stream, and %s is datagrams: give it a tcp:// or unix: endpoint."),
                                entry->value, sp_scenario_pane_get_endpoint (pane));
      return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, detail);
    }

  sp_scenario_pane_set_protocol (pane, entry->value);
  return TRUE;
}

static gboolean
read_pane (Reader *r,
           Group  *group)
{
  static const char *kind_words[] = { "server", "client" };
  g_autoptr(SpScenarioPane) pane = NULL;
  Entry *kind_entry = find_entry (group, "Kind");
  Entry *name_entry = find_entry (group, "Name");
  Entry *send = find_entry (group, "Send");
  Entry *send_hex = find_entry (group, "SendHex");
  Entry *protocol = find_entry (group, "Protocol");
  g_autofree char *name = NULL;
  SpScenarioPaneKind kind;
  gpointer earlier_line;
  guint kind_index;

  if (kind_entry == NULL)
    {
      g_autofree char *detail =
        g_strdup_printf (_("[%s] has no Kind: add Kind=server or Kind=client."), group->name);

      return fail_line (r, group->line, SP_SCENARIO_ERROR_MISSING_KEY, detail);
    }

  if (!find_word (kind_entry->value, kind_words, G_N_ELEMENTS (kind_words), &kind_index))
    {
      g_autofree char *detail =
        g_strdup_printf (_("“%s” is not a kind of pane: write server or client."), kind_entry->value);

      return fail_entry (r, group, kind_entry, SP_SCENARIO_ERROR_UNKNOWN_PANE_KIND, detail);
    }
  kind = kind_index;

  /* A pane without a name takes its group's. */
  name = g_strstrip (g_strdup (name_entry != NULL ? name_entry->value : group->name));
  if (*name == '\0' && name_entry != NULL)
    return fail_entry (r, group, name_entry, SP_SCENARIO_ERROR_BAD_VALUE,
                       _("A pane’s name cannot be empty: clients and expectations refer to panes by name."));

  if (g_hash_table_lookup_extended (r->pane_lines, name, NULL, &earlier_line))
    {
      g_autofree char *detail =
        g_strdup_printf (_("The pane on line %u already has the name “%s”: give each pane its own."),
                         GPOINTER_TO_UINT (earlier_line), name);

      if (name_entry != NULL)
        return fail_entry (r, group, name_entry, SP_SCENARIO_ERROR_DUPLICATE, detail);
      return fail_line (r, group->line, SP_SCENARIO_ERROR_DUPLICATE, detail);
    }
  g_hash_table_insert (r->pane_lines, g_strdup (name),
                       GUINT_TO_POINTER (name_entry != NULL ? name_entry->line : group->line));

  pane = sp_scenario_pane_new (kind, name);

  if (!read_endpoint (r, group, pane))
    return FALSE;

  if (send != NULL && send_hex != NULL)
    return fail_entry (r, group, send->line > send_hex->line ? send : send_hex,
                       SP_SCENARIO_ERROR_DUPLICATE,
                       _("Send and SendHex both say what to send: keep one."));

  if (kind == SP_SCENARIO_PANE_SERVER && protocol != NULL && !read_protocol (r, group, protocol, pane))
    return FALSE;

  for (guint i = 0; i < group->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (group->entries, i);
      gboolean known = TRUE;

      if (g_str_equal (entry->key, "Kind") || g_str_equal (entry->key, "Name") ||
          g_str_equal (entry->key, "Endpoint") || is_extension_key (entry->key))
        continue;

      if (entry == send || entry == send_hex)
        {
          if (!read_payload (r, group, entry, entry == send_hex))
            return FALSE;
          sp_scenario_pane_set_send_text (pane, entry->value);
          sp_scenario_pane_set_send_hex (pane, entry == send_hex);
          continue;
        }

      if (kind == SP_SCENARIO_PANE_SERVER && entry == protocol)
        continue;

      if (kind == SP_SCENARIO_PANE_SERVER && protocol != NULL && is_behaviour_key (entry->key))
        {
          g_autofree char *detail =
            /* Translators: %s is a protocol, such as smtp, %u a line, then a key such as Reply */
            g_strdup_printf (_("The %s demo server answers by its protocol (Protocol on line %u), so it takes no %s: keep Protocol or the behaviour, not both."),
                             protocol->value, protocol->line, entry->key);

          return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, detail);
        }

      if (kind == SP_SCENARIO_PANE_SERVER)
        {
          if (!read_server_key (r, group, entry, pane, &known))
            return FALSE;
        }
      else if (!read_client_key (r, group, entry, pane, &known))
        return FALSE;

      if (!known)
        {
          g_autofree char *detail =
            g_strdup_printf (kind == SP_SCENARIO_PANE_SERVER
                               ? _("A server pane has no key named %s; docs/scenario-format.md lists the keys.")
                               : _("A client pane has no key named %s; docs/scenario-format.md lists the keys."),
                             entry->key);

          return fail_line (r, entry->line, SP_SCENARIO_ERROR_UNKNOWN_KEY, detail);
        }
    }

  if (kind == SP_SCENARIO_PANE_SERVER && !read_rules (r, group, pane))
    return FALSE;
  if (kind == SP_SCENARIO_PANE_CLIENT && !read_script (r, group, pane))
    return FALSE;

  sp_scenario_add_pane (r->scenario, pane);
  return TRUE;
}

/* A client's @NAME must name a server pane, wherever it stands in the file. */
static gboolean
check_references (Reader *r,
                  Group  *group)
{
  Entry *entry = find_entry (group, "Endpoint");
  SpScenarioPane *target;
  g_autofree char *detail = NULL;
  const char *name;

  if (entry == NULL || entry->value[0] != '@')
    return TRUE;

  name = entry->value + 1;
  target = sp_scenario_find_pane (r->scenario, name);
  if (target == NULL)
    {
      detail = g_strdup_printf (_("No pane is named “%s”."), name);
      return fail_entry (r, group, entry, SP_SCENARIO_ERROR_UNKNOWN_PANE, detail);
    }

  if (sp_scenario_pane_get_kind (target) != SP_SCENARIO_PANE_SERVER)
    {
      detail = g_strdup_printf (_("“%s” is a client pane: a client connects to a server pane."), name);
      return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, detail);
    }

  return TRUE;
}

/* Expectations ---------------------------------------------------------------------- */

static gboolean
read_expectation (Reader *r,
                  Group  *group,
                  Entry  *pane_entry,
                  Entry  *entry)
{
  g_autoptr(SpExpectation) expectation = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *pane_name = pane_entry->value;
  SpExpectationKind kind;
  guint64 count;
  gboolean closed;

  if (!sp_expectation_kind_from_key (entry->key, &kind))
    {
      g_autofree char *detail =
        g_strdup_printf (_("An expectation has no key named %s: it takes Pane, Receives, Sends, Connections, BytesReceived, BytesSent and Closed."),
                         entry->key);

      return fail_line (r, entry->line, SP_SCENARIO_ERROR_UNKNOWN_KEY, detail);
    }

  if (sp_expectation_is_text_kind (kind))
    {
      expectation = sp_expectation_new_text (kind, pane_name, entry->value, &local_error);
      if (expectation == NULL)
        return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, local_error->message);
      if (*entry->value == '\0')
        return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE,
                           _("Write the text to look for after the “=”."));
    }
  else if (kind == SP_EXPECTATION_CLOSED)
    {
      if (!read_boolean (r, group, entry, &closed))
        return FALSE;
      if (!closed)
        return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE,
                           _("Closed=false expects nothing: write Closed=true, or leave the key out."));
      expectation = sp_expectation_new_closed (pane_name);
    }
  else
    {
      if (!read_number (r, group, entry, 1, G_MAXINT64, &count))
        return FALSE;
      expectation = sp_expectation_new_count (kind, pane_name, count);
    }

  sp_scenario_add_expectation (r->scenario, expectation);
  return TRUE;
}

static gboolean
read_expect_group (Reader *r,
                   Group  *group)
{
  Entry *pane_entry = find_entry (group, "Pane");
  guint n_checks = 0;

  if (pane_entry == NULL)
    {
      g_autofree char *detail =
        g_strdup_printf (_("[%s] has no Pane: say which pane, such as Pane=Client 1."), group->name);

      return fail_line (r, group->line, SP_SCENARIO_ERROR_MISSING_KEY, detail);
    }

  g_strstrip (pane_entry->value);
  if (sp_scenario_find_pane (r->scenario, pane_entry->value) == NULL)
    {
      g_autofree char *detail = g_strdup_printf (_("No pane is named “%s”."), pane_entry->value);

      return fail_entry (r, group, pane_entry, SP_SCENARIO_ERROR_UNKNOWN_PANE, detail);
    }

  for (guint i = 0; i < group->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (group->entries, i);

      if (entry == pane_entry || is_extension_key (entry->key))
        continue;

      if (!read_expectation (r, group, pane_entry, entry))
        return FALSE;
      n_checks++;
    }

  if (n_checks == 0)
    {
      g_autofree char *detail =
        g_strdup_printf (_("[%s] expects nothing: add Receives=, Sends=, Connections=, BytesReceived=, BytesSent= or Closed=true."),
                         group->name);

      return fail_line (r, group->line, SP_SCENARIO_ERROR_MISSING_KEY, detail);
    }

  return TRUE;
}

/* The whole file -------------------------------------------------------------------- */

static gboolean
is_group_of (const char *name,
             const char *word)
{
  gsize length = strlen (word);

  return strncmp (name, word, length) == 0 && (name[length] == '\0' || name[length] == ' ');
}

static gboolean
read_text (Reader     *r,
           Group      *group,
           const char *key,
           void      (*set) (SpScenario *, const char *))
{
  g_autofree char *value = NULL;
  gsize key_length = strlen (key);
  gboolean present = FALSE;

  /* Each variant must read: GKeyFile would quietly skip a bad one for another. */
  for (guint i = 0; i < group->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (group->entries, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *checked = NULL;

      if (strncmp (entry->key, key, key_length) != 0 ||
          (entry->key[key_length] != '\0' && entry->key[key_length] != '['))
        continue;

      if (!check_key_file_string (r, group, entry))
        return FALSE;

      /* GLib 2.74 returns the value and sets the error for an unknown escape. */
      checked = g_key_file_get_string (r->key_file, group->name, entry->key, &local_error);
      if (local_error != NULL)
        return fail_entry (r, group, entry, SP_SCENARIO_ERROR_BAD_VALUE, local_error->message);
      present = TRUE;
    }

  if (!present)
    return TRUE;

  /* The variant in the reader's language, when the file has one. */
  value = g_key_file_get_locale_string (r->key_file, group->name, key, NULL, NULL);
  set (r->scenario, value);
  return TRUE;
}

static gboolean
read_playground (Reader *r,
                 Group  *group)
{
  Entry *version = find_entry (group, "Version");
  g_autofree char *detail = NULL;
  guint64 number;

  if (version == NULL)
    {
      detail = g_strdup_printf (_("[Playground] has no Version: add Version=%d."), SP_SCENARIO_VERSION);
      return fail_line (r, group->line, SP_SCENARIO_ERROR_MISSING_KEY, detail);
    }

  if (!g_ascii_string_to_unsigned (version->value, 10, 1, G_MAXUINT, &number, NULL))
    {
      detail = g_strdup_printf (_("“%s” is not a version number: write Version=%d."),
                                version->value, SP_SCENARIO_VERSION);
      return fail_entry (r, group, version, SP_SCENARIO_ERROR_BAD_VALUE, detail);
    }

  if (number > SP_SCENARIO_VERSION)
    {
      detail = g_strdup_printf (_("This playground is written in version %llu of the format, newer than the version %d this Socket Playground reads: open it with a newer Socket Playground."),
                                (unsigned long long) number, SP_SCENARIO_VERSION);
      return fail_line (r, version->line, SP_SCENARIO_ERROR_NEWER_VERSION, detail);
    }
  r->version = number;

  for (guint i = 0; i < group->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (group->entries, i);
      g_autofree char *base = g_strdup (entry->key);
      char *bracket = strchr (base, '[');

      /* Title[fr]: the title in French. */
      if (bracket != NULL)
        *bracket = '\0';

      if ((bracket == NULL && (g_str_equal (base, "Version") || is_extension_key (base))) ||
          g_str_equal (base, "Title") || g_str_equal (base, "Description"))
        continue;

      detail = g_strdup_printf (_("[Playground] has no key named %s: it takes Version, Title and Description."),
                                entry->key);
      return fail_line (r, entry->line, SP_SCENARIO_ERROR_UNKNOWN_KEY, detail);
    }

  return TRUE;
}

gboolean
_sp_scenario_read (SpScenario  *self,
                   const char  *data,
                   gsize        length,
                   guint       *error_line,
                   GError     **error)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GHashTable) pane_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Reader r = { self, groups, key_file, pane_lines, 0, error_line, error };
  Group *playground;

  if (error_line != NULL)
    *error_line = 0;

  /* A byte-order mark, as some editors on Windows write, says nothing here. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!scan (&r, data, length))
    return FALSE;

  playground = find_group (&r, "Playground");
  if (playground == NULL)
    return fail_line (&r, 0, SP_SCENARIO_ERROR_NOT_A_PLAYGROUND,
                      _("This file has no [Playground] group, so it is not a playground."));

  /* The version first: a newer file may use keys this reader does not know. */
  if (!read_playground (&r, playground) ||
      !load_key_file (&r, data, length) ||
      !read_text (&r, playground, "Title", sp_scenario_set_title) ||
      !read_text (&r, playground, "Description", sp_scenario_set_description))
    return FALSE;

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);

      if (group == playground || is_extension_key (group->name) || is_group_of (group->name, "Expect"))
        continue;

      if (is_group_of (group->name, "Pane"))
        {
          if (!read_pane (&r, group))
            return FALSE;
          continue;
        }

      {
        g_autofree char *detail =
          g_strdup_printf (_("A playground has no group named [%s]: its groups are [Playground], [Pane …] and [Expect …]."),
                           group->name);

        return fail_line (&r, group->line, SP_SCENARIO_ERROR_UNKNOWN_GROUP, detail);
      }
    }

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);

      if (is_group_of (group->name, "Pane") && !check_references (&r, group))
        return FALSE;
      if (is_group_of (group->name, "Expect") && !read_expect_group (&r, group))
        return FALSE;
    }

  return TRUE;
}
