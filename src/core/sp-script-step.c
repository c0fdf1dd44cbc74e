/* sp-script-step.c — one step of a scripted exchange: send, expect, wait, half-close, close
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A step keeps its text as the person typed it (escapes and all), so an editor shows it
 * back unchanged; the bytes or the regular expression it stands for are worked out when
 * first needed and forgotten whenever the step changes. Its status and message tell how it
 * went the last time its script ran, for a list row to show.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-core-enums.h"
#include "sp-payload.h"
#include "sp-script.h"
#include "sp-script-step-private.h"

#define DEFAULT_DURATION 1000

struct _SpScriptStep
{
  GObject             parent_instance;

  char               *text;
  char               *message;
  GBytes             *bytes;   /* SEND and EXPECT_TEXT, once checked */
  GRegex             *regex;   /* EXPECT_REGEX, once checked */
  SpScriptStepKind    kind;
  SpScriptStepStatus  status;
  guint               timeout;
  guint               duration;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_TEXT,
  PROP_TIMEOUT,
  PROP_DURATION,
  PROP_DESCRIPTION,
  PROP_LINE,
  PROP_STATUS,
  PROP_MESSAGE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpScriptStep, sp_script_step, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static gboolean
kind_has_text (SpScriptStepKind kind)
{
  return kind == SP_SCRIPT_STEP_SEND ||
         kind == SP_SCRIPT_STEP_EXPECT_TEXT ||
         kind == SP_SCRIPT_STEP_EXPECT_REGEX;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* The text form reads `expect /…/` as a regular expression. */
static gboolean
looks_like_regex (const char *text)
{
  gsize length = strlen (text);

  return length >= 2 && text[0] == '/' && text[length - 1] == '/';
}

static void
forget_compiled (SpScriptStep *self)
{
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->regex, g_regex_unref);
}

static void
notify_text_forms (SpScriptStep *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE]);
}

/* Control bytes cannot sit on a line of the text form: write them as \xHH, which both
 * the payload escapes and regular expressions read back as the same byte. */
static void
append_without_controls (GString    *out,
                         const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, (char) c);
    }
}

static gboolean
text_is_line_safe (SpScriptStep *self)
{
  const char *text = self->text;
  gsize length = strlen (text);

  if (length == 0)
    return TRUE;

  if (is_blank (text[0]) || is_blank (text[length - 1]))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if ((guchar) text[i] < 0x20 || (guchar) text[i] == 0x7f)
      return FALSE;

  if (self->kind == SP_SCRIPT_STEP_EXPECT_TEXT && looks_like_regex (text))
    return FALSE;

  return g_utf8_validate (text, length, NULL);
}

/* The argument of the step's line: the text as typed when it reads back the same,
 * otherwise the escaped form of its bytes, with the ends protected from the blank
 * stripping of the parser and from being read as a regular expression. */
static char *
dup_line_argument (SpScriptStep *self)
{
  g_autofree char *escaped = NULL;
  GString *out;
  GBytes *bytes;
  gsize size;
  gconstpointer data;

  if (self->kind == SP_SCRIPT_STEP_EXPECT_REGEX)
    {
      out = g_string_new ("/");
      append_without_controls (out, self->text);
      g_string_append_c (out, '/');
      return g_string_free (out, FALSE);
    }

  if (text_is_line_safe (self))
    return g_strdup (self->text);

  bytes = _sp_script_step_get_bytes (self);
  if (bytes == NULL)
    {
      out = g_string_new (NULL);
      append_without_controls (out, self->text);
      return g_string_free (out, FALSE);
    }

  data = g_bytes_get_data (bytes, &size);
  escaped = sp_payload_to_escaped (data, size);
  out = g_string_new (escaped);

  if (out->len > 0 && out->str[out->len - 1] == ' ')
    {
      g_string_truncate (out, out->len - 1);
      g_string_append (out, "\\x20");
    }
  if (out->len > 0 && out->str[0] == ' ')
    {
      g_string_erase (out, 0, 1);
      g_string_prepend (out, "\\x20");
    }
  else if (self->kind == SP_SCRIPT_STEP_EXPECT_TEXT && looks_like_regex (out->str))
    {
      g_string_erase (out, 0, 1);
      g_string_prepend (out, "\\x2f");
    }

  return g_string_free (out, FALSE);
}

char *
_sp_script_format_duration (guint ms)
{
  if (ms % 1000 == 0)
    return g_strdup_printf ("%us", ms / 1000);

  return g_strdup_printf ("%ums", ms);
}

GBytes *
_sp_script_step_get_bytes (SpScriptStep *self)
{
  g_assert (SP_IS_SCRIPT_STEP (self));

  if (self->bytes == NULL && (self->kind == SP_SCRIPT_STEP_SEND ||
                              self->kind == SP_SCRIPT_STEP_EXPECT_TEXT))
    self->bytes = sp_payload_parse_text (self->text, -1, NULL, NULL);

  return self->bytes;
}

GRegex *
_sp_script_step_get_regex (SpScriptStep *self)
{
  g_assert (SP_IS_SCRIPT_STEP (self));

  if (self->regex == NULL && self->kind == SP_SCRIPT_STEP_EXPECT_REGEX && self->text[0] != '\0')
    self->regex = g_regex_new (self->text, G_REGEX_RAW | G_REGEX_MULTILINE, 0, NULL);

  return self->regex;
}

void
_sp_script_step_set_result (SpScriptStep       *self,
                            SpScriptStepStatus  status,
                            const char         *message)
{
  g_assert (SP_IS_SCRIPT_STEP (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }

  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
}

static void
sp_script_step_finalize (GObject *object)
{
  SpScriptStep *self = (SpScriptStep *)object;

  forget_compiled (self);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (sp_script_step_parent_class)->finalize (object);
}

static void
sp_script_step_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpScriptStep *self = SP_SCRIPT_STEP (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_DURATION:
      g_value_set_uint (value, self->duration);
      break;

    case PROP_DESCRIPTION:
      g_value_take_string (value, sp_script_step_dup_description (self));
      break;

    case PROP_LINE:
      g_value_take_string (value, sp_script_step_dup_line (self));
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_script_step_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SpScriptStep *self = SP_SCRIPT_STEP (object);

  switch (prop_id)
    {
    case PROP_KIND:
      sp_script_step_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_TEXT:
      sp_script_step_set_text (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      sp_script_step_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_DURATION:
      sp_script_step_set_duration (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_script_step_class_init (SpScriptStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_script_step_finalize;
  object_class->get_property = sp_script_step_get_property;
  object_class->set_property = sp_script_step_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       SP_TYPE_SCRIPT_STEP_KIND, SP_SCRIPT_STEP_SEND,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpScriptStep:text:
   *
   * What to send or to expect, as text with escapes (`USER x\r\n`), or the regular
   * expression of an %SP_SCRIPT_STEP_EXPECT_REGEX step, without slashes. Other kinds
   * ignore it.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpScriptStep:timeout:
   *
   * Milliseconds an expectation waits for what it expects.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, SP_SCRIPT_STEP_MAX_DURATION, SP_SCRIPT_STEP_DEFAULT_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpScriptStep:duration:
   *
   * Milliseconds a %SP_SCRIPT_STEP_WAIT step waits.
   */
  properties[PROP_DURATION] =
    g_param_spec_uint ("duration", NULL, NULL,
                       1, SP_SCRIPT_STEP_MAX_DURATION, DEFAULT_DURATION,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpScriptStep:description:
   *
   * The step in a few words, as error messages quote it: `expect “230”`.
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpScriptStep:line:
   *
   * The step as a line of the text form, without its timeout: `expect 230`.
   */
  properties[PROP_LINE] =
    g_param_spec_string ("line", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       SP_TYPE_SCRIPT_STEP_STATUS, SP_SCRIPT_STEP_STATUS_PENDING,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpScriptStep:message:
   *
   * How the step went in the last run (“matched after 12 ms”, or why it failed).
   */
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_script_step_init (SpScriptStep *self)
{
  self->text = g_strdup ("");
  self->timeout = SP_SCRIPT_STEP_DEFAULT_TIMEOUT;
  self->duration = DEFAULT_DURATION;
}

/**
 * sp_script_step_new:
 * @kind: what the step does
 * @text: (nullable): what to send or expect (see #SpScriptStep:text)
 */
SpScriptStep *
sp_script_step_new (SpScriptStepKind  kind,
                    const char       *text)
{
  return g_object_new (SP_TYPE_SCRIPT_STEP,
                       "kind", kind,
                       "text", text != NULL ? text : "",
                       NULL);
}

/**
 * sp_script_step_copy:
 *
 * Returns: (transfer full): a new step doing the same thing, never run
 */
SpScriptStep *
sp_script_step_copy (SpScriptStep *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT_STEP (self), NULL);

  return g_object_new (SP_TYPE_SCRIPT_STEP,
                       "kind", self->kind,
                       "text", self->text,
                       "timeout", self->timeout,
                       "duration", self->duration,
                       NULL);
}

SpScriptStepKind
sp_script_step_get_kind (SpScriptStep *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT_STEP (self), SP_SCRIPT_STEP_SEND);

  return self->kind;
}

void
sp_script_step_set_kind (SpScriptStep     *self,
                         SpScriptStepKind  kind)
{
  g_return_if_fail (SP_IS_SCRIPT_STEP (self));
  g_return_if_fail (kind <= SP_SCRIPT_STEP_CLOSE);

  if (self->kind == kind)
    return;

  self->kind = kind;
  forget_compiled (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  notify_text_forms (self);
}

const char *
sp_script_step_get_text (SpScriptStep *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT_STEP (self), NULL);

  return self->text;
}

void
sp_script_step_set_text (SpScriptStep *self,
                         const char   *text)
{
  g_return_if_fail (SP_IS_SCRIPT_STEP (self));

  if (text == NULL)
    text = "";

  if (g_str_equal (self->text, text))
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  forget_compiled (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  notify_text_forms (self);
}

guint
sp_script_step_get_timeout (SpScriptStep *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT_STEP (self), 0);

  return self->timeout;
}

/* Milliseconds, from 1 to %SP_SCRIPT_STEP_MAX_DURATION; used by expectations only. */
void
sp_script_step_set_timeout (SpScriptStep *self,
                            guint         timeout_ms)
{
  g_return_if_fail (SP_IS_SCRIPT_STEP (self));
  g_return_if_fail (timeout_ms >= 1 && timeout_ms <= SP_SCRIPT_STEP_MAX_DURATION);

  if (self->timeout == timeout_ms)
    return;

  self->timeout = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
sp_script_step_get_duration (SpScriptStep *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT_STEP (self), 0);

  return self->duration;
}

/* Milliseconds, from 1 to %SP_SCRIPT_STEP_MAX_DURATION; used by %SP_SCRIPT_STEP_WAIT. */
void
sp_script_step_set_duration (SpScriptStep *self,
                             guint         duration_ms)
{
  g_return_if_fail (SP_IS_SCRIPT_STEP (self));
  g_return_if_fail (duration_ms >= 1 && duration_ms <= SP_SCRIPT_STEP_MAX_DURATION);

  if (self->duration == duration_ms)
    return;

  self->duration = duration_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  notify_text_forms (self);
}

/**
 * sp_script_step_dup_description:
 *
 * Returns: (transfer full): the step in a few words, `send “USER x\r\n”`,
 *   `expect /^2\d\d /`, `wait 200ms`, `half-close`
 */
char *
sp_script_step_dup_description (SpScriptStep *self)
{
  g_autofree char *argument = NULL;
  g_autofree char *duration = NULL;

  g_return_val_if_fail (SP_IS_SCRIPT_STEP (self), NULL);

  switch (self->kind)
    {
    case SP_SCRIPT_STEP_SEND:
    case SP_SCRIPT_STEP_EXPECT_TEXT:
      argument = dup_line_argument (self);
      return g_strdup_printf ("%s “%s”", sp_script_step_kind_get_keyword (self->kind), argument);

    case SP_SCRIPT_STEP_EXPECT_REGEX:
    case SP_SCRIPT_STEP_WAIT:
      return sp_script_step_dup_line (self);

    case SP_SCRIPT_STEP_EXPECT_CLOSE:
    case SP_SCRIPT_STEP_HALF_CLOSE:
    case SP_SCRIPT_STEP_CLOSE:
    default:
      return g_strdup (sp_script_step_kind_get_keyword (self->kind));
    }
}

/**
 * sp_script_step_dup_line:
 *
 * The step as one line of the text form that sp_script_parse() reads back to the same
 * step, apart from its timeout, which the text form sets with `timeout` lines.
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
sp_script_step_dup_line (SpScriptStep *self)
{
  g_autofree char *argument = NULL;

  g_return_val_if_fail (SP_IS_SCRIPT_STEP (self), NULL);

  if (self->kind == SP_SCRIPT_STEP_WAIT)
    argument = _sp_script_format_duration (self->duration);
  else if (kind_has_text (self->kind))
    argument = dup_line_argument (self);
  else
    return g_strdup (sp_script_step_kind_get_keyword (self->kind));

  return g_strdup_printf ("%s %s", sp_script_step_kind_get_keyword (self->kind), argument);
}

SpScriptStepStatus
sp_script_step_get_status (SpScriptStep *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT_STEP (self), SP_SCRIPT_STEP_STATUS_PENDING);

  return self->status;
}

/**
 * sp_script_step_get_message:
 *
 * Returns: (nullable): how the step went in the last run of its script
 */
const char *
sp_script_step_get_message (SpScriptStep *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT_STEP (self), NULL);

  return self->message;
}

/* Whether the step waits for the peer, and so has a timeout. */
gboolean
sp_script_step_is_expectation (SpScriptStep *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT_STEP (self), FALSE);

  return self->kind == SP_SCRIPT_STEP_EXPECT_TEXT ||
         self->kind == SP_SCRIPT_STEP_EXPECT_REGEX ||
         self->kind == SP_SCRIPT_STEP_EXPECT_CLOSE;
}

/**
 * sp_script_step_check:
 * @error_column: (out) (optional): the column in #SpScriptStep:text of the refused
 *   character, counted in characters from 1, or 0 when the text as a whole is refused
 * @error: a %SP_SCRIPT_ERROR: %SP_SCRIPT_ERROR_MISSING_ARGUMENT,
 *   %SP_SCRIPT_ERROR_BAD_PAYLOAD or %SP_SCRIPT_ERROR_BAD_REGEX
 *
 * Whether the step can run: its text must say something, and read as text with escapes
 * or as a regular expression. An editor can call it as the person types.
 */
gboolean
sp_script_step_check (SpScriptStep  *self,
                      gsize         *error_column,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GRegex) regex = NULL;
  gsize column = 0;

  g_return_val_if_fail (SP_IS_SCRIPT_STEP (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (error_column != NULL)
    *error_column = 0;

  switch (self->kind)
    {
    case SP_SCRIPT_STEP_SEND:
    case SP_SCRIPT_STEP_EXPECT_TEXT:
      if (self->text[0] == '\0')
        {
          g_set_error_literal (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_MISSING_ARGUMENT,
                               self->kind == SP_SCRIPT_STEP_SEND
                               ? _("There is nothing to send: write the text after “send”, with escapes such as \\r\\n for the end of a line.")
                               : _("There is nothing to expect: write the text after “expect”, or a regular expression between slashes."));
          return FALSE;
        }

      if (self->bytes != NULL)
        return TRUE;

      bytes = sp_payload_parse_text (self->text, -1, &column, &local_error);
      if (bytes == NULL)
        {
          if (error_column != NULL)
            *error_column = column;
          g_set_error_literal (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_PAYLOAD,
                               local_error->message);
          return FALSE;
        }

      self->bytes = g_steal_pointer (&bytes);
      return TRUE;

    case SP_SCRIPT_STEP_EXPECT_REGEX:
      if (self->text[0] == '\0')
        {
          g_set_error_literal (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_REGEX,
                               _("The regular expression is empty: it would match anything. Write a pattern between the slashes, such as /^230 /."));
          return FALSE;
        }

      if (self->regex != NULL)
        return TRUE;

      regex = g_regex_new (self->text, G_REGEX_RAW | G_REGEX_MULTILINE, 0, &local_error);
      if (regex == NULL)
        {
          /* GLib's sentence repeats the pattern before saying what is wrong with it. */
          const char *reason = g_strrstr (local_error->message, ": ");

          g_set_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_REGEX,
                       _("“%s” is not a regular expression: %s."),
                       self->text, reason != NULL ? reason + 2 : local_error->message);
          return FALSE;
        }

      self->regex = g_steal_pointer (&regex);
      return TRUE;

    case SP_SCRIPT_STEP_EXPECT_CLOSE:
    case SP_SCRIPT_STEP_WAIT:
    case SP_SCRIPT_STEP_HALF_CLOSE:
    case SP_SCRIPT_STEP_CLOSE:
    default:
      return TRUE;
    }
}

/**
 * sp_script_step_equal:
 *
 * Whether two steps do the same thing: same kind, same bytes (however they are
 * escaped) or same pattern as the text form writes it, same timeout for expectations,
 * same duration for waits.
 */
gboolean
sp_script_step_equal (SpScriptStep *a,
                      SpScriptStep *b)
{
  g_return_val_if_fail (SP_IS_SCRIPT_STEP (a), FALSE);
  g_return_val_if_fail (SP_IS_SCRIPT_STEP (b), FALSE);

  if (a->kind != b->kind)
    return FALSE;

  if (sp_script_step_is_expectation (a) && a->timeout != b->timeout)
    return FALSE;

  switch (a->kind)
    {
    case SP_SCRIPT_STEP_SEND:
    case SP_SCRIPT_STEP_EXPECT_TEXT:
      {
        GBytes *bytes_a = _sp_script_step_get_bytes (a);
        GBytes *bytes_b = _sp_script_step_get_bytes (b);

        if (bytes_a != NULL && bytes_b != NULL)
          return g_bytes_equal (bytes_a, bytes_b);
        return g_str_equal (a->text, b->text);
      }

    case SP_SCRIPT_STEP_EXPECT_REGEX:
      {
        g_autofree char *pattern_a = dup_line_argument (a);
        g_autofree char *pattern_b = dup_line_argument (b);

        return g_str_equal (pattern_a, pattern_b);
      }

    case SP_SCRIPT_STEP_WAIT:
      return a->duration == b->duration;

    case SP_SCRIPT_STEP_EXPECT_CLOSE:
    case SP_SCRIPT_STEP_HALF_CLOSE:
    case SP_SCRIPT_STEP_CLOSE:
    default:
      return TRUE;
    }
}

/**
 * sp_script_step_kind_get_keyword:
 *
 * Returns: the word that starts the kind's lines in the text form (not translated:
 *   it is part of the syntax)
 */
const char *
sp_script_step_kind_get_keyword (SpScriptStepKind kind)
{
  switch (kind)
    {
    case SP_SCRIPT_STEP_SEND:
      return "send";
    case SP_SCRIPT_STEP_EXPECT_TEXT:
    case SP_SCRIPT_STEP_EXPECT_REGEX:
      return "expect";
    case SP_SCRIPT_STEP_EXPECT_CLOSE:
      return "expect-close";
    case SP_SCRIPT_STEP_WAIT:
      return "wait";
    case SP_SCRIPT_STEP_HALF_CLOSE:
      return "half-close";
    case SP_SCRIPT_STEP_CLOSE:
      return "close";
    default:
      break;
    }

  g_return_val_if_reached ("");
}
