/* sp-scenario.c — a playground file: its panes, their settings and a lab's expectations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/scenario-format.md describes the file. Reading is in sp-scenario-reader.c; this
 * file holds the model and writes it back, so that what it writes reads back to an equal
 * playground.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-reply-rule.h"
#include "sp-scenario-private.h"

G_DEFINE_QUARK (sp-scenario-error-quark, sp_scenario_error)

struct _SpScenario
{
  GObject     parent_instance;

  char       *title;
  char       *description;
  GListStore *panes;
  GListStore *expectations;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_DESCRIPTION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpScenario, sp_scenario, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const char *behaviour_words[] = { "reply", "echo", "discard", "chat", "manual", "rules" };
static const char *framing_words[] = { "line", "fixed", "read" };

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Writing ----------------------------------------------------------------------------- */

/* A title or a description, escaped as a key-file string. */
static void
append_text (GString    *out,
             const char *key,
             const char *value)
{
  g_string_append_printf (out, "%s=", key);

  /* Other blanks at the start have no escape, and reading would drop them anyway. */
  while (*value == '\v' || *value == '\f')
    value++;

  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case ' ':
          if (p == value)
            g_string_append (out, "\\s");
          else
            g_string_append_c (out, ' ');
          break;
        default:
          g_string_append_c (out, *p);
        }
    }

  g_string_append_c (out, '\n');
}

/* A value read as written, with the payload escapes: what would not survive a line of
 * its own (a line break, blanks at either end, control characters) is written as an
 * escape that means the same bytes. */
static void
append_raw (GString    *out,
            const char *key,
            const char *value)
{
  gsize length = strlen (value);
  gsize first = 0;
  gsize last = length;

  while (first < length && (value[first] == ' ' || value[first] == '\t'))
    first++;
  while (last > first && (value[last - 1] == ' ' || value[last - 1] == '\t'))
    last--;

  g_string_append_printf (out, "%s=", key);

  for (gsize i = 0; i < length; i++)
    {
      guchar c = value[i];

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t' && (i < first || i >= last))
        g_string_append (out, "\\t");
      else if (c == ' ' && (i < first || i >= last))
        g_string_append (out, "\\x20");
      else if ((c < 0x20 && c != '\t') || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, (char) c);
    }

  g_string_append_c (out, '\n');
}

/* Hex digits: any blank separates bytes, so line breaks and other blanks become spaces
 * (escapes mean nothing there). */
static void
append_hex (GString    *out,
            const char *key,
            const char *value)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        g_string_append_c (line, ' ');
      else
        g_string_append_unichar (line, c);
    }

  g_string_append_printf (out, "%s=%s\n", key, g_strstrip (line->str));
}

/* A name, a plain line: clients and expectations repeat it as written. */
static void
append_name (GString    *out,
             const char *key,
             const char *value)
{
  g_autofree char *line = g_strdup (value);

  g_strdelimit (line, "\r\n", ' ');
  g_string_append_printf (out, "%s=%s\n", key, g_strstrip (line));
}

static void
write_backlog (GString        *out,
               SpScenarioPane *pane,
               SpScenarioPane *defaults)
{
  if (sp_scenario_pane_get_backlog (pane) != sp_scenario_pane_get_backlog (defaults))
    g_string_append_printf (out, "Backlog=%u\n", sp_scenario_pane_get_backlog (pane));
}

static void
write_server (GString        *out,
              SpScenarioPane *pane)
{
  g_autoptr(SpScenarioPane) defaults = sp_scenario_pane_new (SP_SCENARIO_PANE_SERVER, "-");
  SpBehaviour behaviour = sp_scenario_pane_get_behaviour (pane);
  GListModel *rules = sp_scenario_pane_get_rules (pane);
  const char *protocol = sp_scenario_pane_get_protocol (pane);

  /* A demo server answers by its protocol: its behaviour settings mean nothing. */
  if (protocol != NULL)
    {
      g_string_append_printf (out, "Protocol=%s\n", protocol);
      write_backlog (out, pane, defaults);
      return;
    }

  g_string_append_printf (out, "Behaviour=%s\n", behaviour_words[behaviour]);

  if (sp_scenario_pane_get_reply_text (pane) != NULL)
    append_raw (out, "Reply", sp_scenario_pane_get_reply_text (pane));
  if (behaviour == SP_BEHAVIOUR_REPLY ||
      sp_scenario_pane_get_close_after_reply (pane) != sp_scenario_pane_get_close_after_reply (defaults))
    g_string_append_printf (out, "CloseAfterReply=%s\n",
                            sp_scenario_pane_get_close_after_reply (pane) ? "true" : "false");

  for (guint i = 0; i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(SpReplyRule) rule = g_list_model_get_item (rules, i);
      g_autofree char *spec = sp_reply_rule_to_spec (rule);
      g_autofree char *key = g_strdup_printf ("Rule%u", i + 1);

      append_raw (out, key, spec);
    }

  if (sp_scenario_pane_get_fallback_reply (pane) != NULL)
    append_raw (out, "Fallback", sp_scenario_pane_get_fallback_reply (pane));
  if (behaviour == SP_BEHAVIOUR_RULES ||
      sp_scenario_pane_get_framing (pane) != sp_scenario_pane_get_framing (defaults))
    g_string_append_printf (out, "Framing=%s\n", framing_words[sp_scenario_pane_get_framing (pane)]);
  if (sp_scenario_pane_get_framing (pane) == SP_FRAMING_FIXED ||
      sp_scenario_pane_get_frame_length (pane) != sp_scenario_pane_get_frame_length (defaults))
    g_string_append_printf (out, "FrameLength=%u\n", sp_scenario_pane_get_frame_length (pane));
  write_backlog (out, pane, defaults);
}

static void
write_client (GString        *out,
              SpScenarioPane *pane)
{
  g_autoptr(SpScenarioPane) defaults = sp_scenario_pane_new (SP_SCENARIO_PANE_CLIENT, "-");
  const char *script = sp_scenario_pane_get_script_text (pane);

  if (sp_scenario_pane_get_timeout (pane) != sp_scenario_pane_get_timeout (defaults))
    g_string_append_printf (out, "Timeout=%u\n", sp_scenario_pane_get_timeout (pane));
  if (sp_scenario_pane_get_repeat (pane) != sp_scenario_pane_get_repeat (defaults))
    g_string_append_printf (out, "Repeat=%u\n", sp_scenario_pane_get_repeat (pane));
  if (sp_scenario_pane_get_repeat_interval (pane) != sp_scenario_pane_get_repeat_interval (defaults))
    g_string_append_printf (out, "RepeatInterval=%u\n", sp_scenario_pane_get_repeat_interval (pane));

  if (script != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (script, "\n", -1);

      /* A script ignores the blanks and the "\r" around a line; the file drops them. */
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *line = lines[i];
          gsize length;

          while (g_ascii_isspace (*line))
            line++;
          length = strlen (line);
          while (length > 0 && (line[length - 1] == ' ' || line[length - 1] == '\t' || line[length - 1] == '\r'))
            line[--length] = '\0';

          g_string_append_printf (out, "Script%u=%s\n", i + 1, line);
        }
    }
}

static void
write_pane (GString        *out,
            SpScenarioPane *pane,
            guint           number)
{
  const char *endpoint = sp_scenario_pane_get_endpoint (pane);
  const char *send = sp_scenario_pane_get_send_text (pane);

  g_string_append_printf (out, "\n[Pane %u]\n", number);
  g_string_append_printf (out, "Kind=%s\n", sp_scenario_pane_kind_get_key (sp_scenario_pane_get_kind (pane)));
  append_name (out, "Name", sp_scenario_pane_get_name (pane));
  if (endpoint != NULL)
    append_name (out, "Endpoint", endpoint);

  if (sp_scenario_pane_get_kind (pane) == SP_SCENARIO_PANE_SERVER)
    write_server (out, pane);
  else
    write_client (out, pane);

  if (send != NULL && sp_scenario_pane_get_send_hex (pane))
    append_hex (out, "SendHex", send);
  else if (send != NULL)
    append_raw (out, "Send", send);
}

static void
write_expectations (GString    *out,
                    GListModel *expectations)
{
  guint n = g_list_model_get_n_items (expectations);
  guint number = 0;
  guint64 kinds_in_group = 0;
  const char *group_pane = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpExpectation) expectation = g_list_model_get_item (expectations, i);
      const char *pane = sp_expectation_get_pane_name (expectation);
      SpExpectationKind kind = sp_expectation_get_kind (expectation);
      g_autofree char *value = sp_expectation_dup_value_text (expectation);

      /* Checks of one pane share a group, as long as no key repeats. */
      if (group_pane == NULL || !g_str_equal (group_pane, pane) || (kinds_in_group & (1 << kind)) != 0)
        {
          g_string_append_printf (out, "\n[Expect %u]\n", ++number);
          append_name (out, "Pane", pane);
          kinds_in_group = 0;
        }

      group_pane = pane;
      kinds_in_group |= 1 << kind;
      append_raw (out, sp_expectation_kind_get_key (kind), value);
    }
}

char *
_sp_scenario_write (SpScenario *self)
{
  GString *out = g_string_new (NULL);
  guint n_panes = g_list_model_get_n_items (G_LIST_MODEL (self->panes));
  int version = 1;

  /* The lowest version that has every key written, so older programs still read a
   * playground that needs nothing newer: only Protocol came with version 2. */
  for (guint i = 0; i < n_panes; i++)
    {
      g_autoptr(SpScenarioPane) pane = g_list_model_get_item (G_LIST_MODEL (self->panes), i);

      if (sp_scenario_pane_get_protocol (pane) != NULL)
        version = 2;
    }
  g_assert (version <= SP_SCENARIO_VERSION);

  g_string_append (out, "# A Socket Playground file: docs/scenario-format.md describes it.\n");
  g_string_append (out, "[Playground]\n");
  g_string_append_printf (out, "Version=%d\n", version);
  if (self->title != NULL)
    append_text (out, "Title", self->title);
  if (self->description != NULL)
    append_text (out, "Description", self->description);

  for (guint i = 0; i < n_panes; i++)
    {
      g_autoptr(SpScenarioPane) pane = g_list_model_get_item (G_LIST_MODEL (self->panes), i);

      write_pane (out, pane, i + 1);
    }

  write_expectations (out, G_LIST_MODEL (self->expectations));

  return g_string_free (out, FALSE);
}

/* The object ---------------------------------------------------------------------------- */

static void
sp_scenario_finalize (GObject *object)
{
  SpScenario *self = (SpScenario *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_object (&self->panes);
  g_clear_object (&self->expectations);

  G_OBJECT_CLASS (sp_scenario_parent_class)->finalize (object);
}

static void
sp_scenario_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpScenario *self = SP_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_scenario_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpScenario *self = SP_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      sp_scenario_set_title (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      sp_scenario_set_description (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_scenario_class_init (SpScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_scenario_finalize;
  object_class->get_property = sp_scenario_get_property;
  object_class->set_property = sp_scenario_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_scenario_init (SpScenario *self)
{
  self->panes = g_list_store_new (SP_TYPE_SCENARIO_PANE);
  self->expectations = g_list_store_new (SP_TYPE_EXPECTATION);
}

/**
 * sp_scenario_new:
 *
 * Returns: (transfer full): an empty playground
 */
SpScenario *
sp_scenario_new (void)
{
  return g_object_new (SP_TYPE_SCENARIO, NULL);
}

/**
 * sp_scenario_new_from_data:
 * @data: the file's contents
 * @length: the length of @data, or -1 when it ends with a NUL
 * @error_line: (out) (optional): the line at fault, from 1; 0 on success or when the
 *   fault has no line (a file with no [Playground] group)
 * @error: a %SP_SCENARIO_ERROR whose message starts with the line at fault
 *
 * Reads a playground file. A file in a newer version of the format is refused with
 * %SP_SCENARIO_ERROR_NEWER_VERSION rather than half understood.
 *
 * Returns: (transfer full) (nullable): the playground, or %NULL with @error set
 */
SpScenario *
sp_scenario_new_from_data (const char  *data,
                           gssize       length,
                           guint       *error_line,
                           GError     **error)
{
  g_autoptr(SpScenario) self = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  self = sp_scenario_new ();
  if (!_sp_scenario_read (self, data != NULL ? data : "", length, error_line, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * sp_scenario_new_from_file:
 * @path: a file name
 *
 * Reads a playground file from disk, blocking: for programs without a main loop to
 * keep alive (the headless runner, tests). A window reads the file asynchronously and
 * calls sp_scenario_new_from_data(). A file that cannot be read fails with its
 * %G_FILE_ERROR.
 *
 * Returns: (transfer full) (nullable): the playground, or %NULL with @error set
 */
SpScenario *
sp_scenario_new_from_file (const char  *path,
                           guint       *error_line,
                           GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (error_line != NULL)
    *error_line = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return sp_scenario_new_from_data (contents, length, error_line, error);
}

/**
 * sp_scenario_to_data:
 * @length: (out) (optional): the length of the text
 *
 * Writes the playground in the current version of the format. Reading the text back
 * gives an equal playground (sp_scenario_equal()).
 *
 * Returns: (transfer full): the file's text, UTF-8
 */
char *
sp_scenario_to_data (SpScenario *self,
                     gsize      *length)
{
  char *data;

  g_return_val_if_fail (SP_IS_SCENARIO (self), NULL);

  data = _sp_scenario_write (self);
  if (length != NULL)
    *length = strlen (data);

  return data;
}

const char *
sp_scenario_get_title (SpScenario *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO (self), NULL);

  return self->title;
}

void
sp_scenario_set_title (SpScenario *self,
                       const char *title)
{
  g_return_if_fail (SP_IS_SCENARIO (self));

  if (replace_string (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
sp_scenario_get_description (SpScenario *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO (self), NULL);

  return self->description;
}

void
sp_scenario_set_description (SpScenario *self,
                             const char *description)
{
  g_return_if_fail (SP_IS_SCENARIO (self));

  if (replace_string (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

/**
 * sp_scenario_get_panes:
 *
 * Returns: (transfer none): the panes, #SpScenarioPane, in the order shown
 */
GListModel *
sp_scenario_get_panes (SpScenario *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO (self), NULL);

  return G_LIST_MODEL (self->panes);
}

void
sp_scenario_add_pane (SpScenario     *self,
                      SpScenarioPane *pane)
{
  g_return_if_fail (SP_IS_SCENARIO (self));
  g_return_if_fail (SP_IS_SCENARIO_PANE (pane));

  g_list_store_append (self->panes, pane);
}

/**
 * sp_scenario_find_pane:
 *
 * Returns: (transfer none) (nullable): the pane named @name, or %NULL
 */
SpScenarioPane *
sp_scenario_find_pane (SpScenario *self,
                       const char *name)
{
  guint n;

  g_return_val_if_fail (SP_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->panes));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpScenarioPane) pane = g_list_model_get_item (G_LIST_MODEL (self->panes), i);

      if (g_str_equal (sp_scenario_pane_get_name (pane), name))
        return pane;
    }

  return NULL;
}

/**
 * sp_scenario_get_expectations:
 *
 * Returns: (transfer none): the lab's expectations, #SpExpectation, in the file's order
 */
GListModel *
sp_scenario_get_expectations (SpScenario *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO (self), NULL);

  return G_LIST_MODEL (self->expectations);
}

void
sp_scenario_add_expectation (SpScenario    *self,
                             SpExpectation *expectation)
{
  g_return_if_fail (SP_IS_SCENARIO (self));
  g_return_if_fail (SP_IS_EXPECTATION (expectation));

  g_list_store_append (self->expectations, expectation);
}

static gboolean
expectations_equal (SpExpectation *a,
                    SpExpectation *b)
{
  g_autofree char *value_a = sp_expectation_dup_value_text (a);
  g_autofree char *value_b = sp_expectation_dup_value_text (b);

  return sp_expectation_get_kind (a) == sp_expectation_get_kind (b) &&
         g_str_equal (sp_expectation_get_pane_name (a), sp_expectation_get_pane_name (b)) &&
         g_str_equal (value_a, value_b);
}

/**
 * sp_scenario_equal:
 *
 * Returns: whether the two playgrounds say the same: title, description, every pane's
 *   settings and every expectation, in order
 */
gboolean
sp_scenario_equal (SpScenario *a,
                   SpScenario *b)
{
  GListModel *list_a;
  GListModel *list_b;
  guint n;

  g_return_val_if_fail (SP_IS_SCENARIO (a), FALSE);
  g_return_val_if_fail (SP_IS_SCENARIO (b), FALSE);

  if (g_strcmp0 (a->title, b->title) != 0 || g_strcmp0 (a->description, b->description) != 0)
    return FALSE;

  list_a = G_LIST_MODEL (a->panes);
  list_b = G_LIST_MODEL (b->panes);
  n = g_list_model_get_n_items (list_a);
  if (n != g_list_model_get_n_items (list_b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpScenarioPane) pane_a = g_list_model_get_item (list_a, i);
      g_autoptr(SpScenarioPane) pane_b = g_list_model_get_item (list_b, i);

      if (!sp_scenario_pane_equal (pane_a, pane_b))
        return FALSE;
    }

  list_a = G_LIST_MODEL (a->expectations);
  list_b = G_LIST_MODEL (b->expectations);
  n = g_list_model_get_n_items (list_a);
  if (n != g_list_model_get_n_items (list_b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpExpectation) expectation_a = g_list_model_get_item (list_a, i);
      g_autoptr(SpExpectation) expectation_b = g_list_model_get_item (list_b, i);

      if (!expectations_equal (expectation_a, expectation_b))
        return FALSE;
    }

  return TRUE;
}
