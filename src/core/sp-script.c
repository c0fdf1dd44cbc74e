/* sp-script.c — a scripted exchange on one connection, and its one-step-a-line text form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A script replays a login or a handshake: it sends, expects text or a pattern within a
 * timeout, waits, half-closes and closes, one step after the other, on a connection that
 * is already open. From the moment it starts, everything the connection receives goes
 * into a buffer; an expectation looks at what arrived since the previous match (even
 * before the step began) and a match consumes the buffer up to its end, as a person
 * reading a conversation line by line would.
 *
 * Steps that do not wait (send, half-close, close) run one after the other in the same
 * main-loop iteration; a step that waits returns to the main loop and finishes from a
 * signal of the connection or from a timer. The first failure ends the run, and its
 * error names the step by its number, counted from 1, and by its description.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-core-enums.h"
#include "sp-payload.h"
#include "sp-script.h"
#include "sp-script-step-private.h"

/* What an expectation can look back on: a peer flooding us cannot grow it further,
 * the oldest bytes go first. */
#define RECEIVED_LIMIT (1024 * 1024)

/* How much of what arrived an error message quotes. */
#define QUOTE_LIMIT 200

G_DEFINE_QUARK (sp-script-error-quark, sp_script_error)

struct _SpScript
{
  GObject        parent_instance;

  GListStore    *steps;
  GTask         *task;           /* the run in progress */
  char          *error_message;
  int            current_step;
  SpScriptState  state;
};

/* One run: what the task carries from step to step. */
typedef struct
{
  SpConnection      *connection;
  SpEventLog        *log;
  GPtrArray         *steps;          /* the steps as they were when the run started */
  GByteArray        *received;       /* what arrived since the end of the last match */
  GSource           *timer;          /* an expectation's timeout, or a wait */
  GSource           *cancel_source;
  gint64             step_start;     /* monotonic time */
  gulong             received_handler;
  gulong             state_handler;
  guint              index;
  SpConnectionState  last_state;

  guint              pending : 1;    /* the current step waits for the main loop */
  guint              peer_closed : 1;
  guint              peer_broke : 1; /* reset or failure rather than an orderly close */
  guint              we_closed : 1;
  guint              closed_by_script : 1;
} Run;

typedef enum
{
  STEP_DONE,
  STEP_PENDING,
  STEP_FAILED,
} StepOutcome;

enum {
  PROP_0,
  PROP_STEPS,
  PROP_CURRENT_STEP,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

enum {
  STEP_STARTED,
  STEP_FINISHED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpScript, sp_script, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void run_advance (GTask *task);

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static gboolean
looks_like_regex (const char *text,
                  gsize       length)
{
  return length >= 2 && text[0] == '/' && text[length - 1] == '/';
}

/* "5 seconds", "300 milliseconds": for sentences; the text form writes 5s and 300ms. */
static char *
format_duration_words (guint ms)
{
  if (ms % 1000 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", ms / 1000),
                            ms / 1000);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u millisecond", "%u milliseconds", ms), ms);
}

/* Text form ---------------------------------------------------------------------------- */

static void
set_line_error (GError    **error,
                guint      *error_line,
                gsize      *error_column,
                guint       line,
                gsize       column,
                SpScriptError code,
                const char *detail)
{
  if (error_line != NULL)
    *error_line = line;
  if (error_column != NULL)
    *error_column = column;

  g_set_error (error, SP_SCRIPT_ERROR, code, _("Line %u: %s"), line, detail);
}

/* 200ms, 200 ms, 2s, 1.5s: a whole number of milliseconds, or seconds with at most
 * three decimals. */
static gboolean
parse_duration (const char  *text,
                guint       *out_ms,
                GError     **error)
{
  const char *p = text;
  guint64 whole = 0;
  guint64 fraction = 0;
  guint64 ms;
  guint n_digits = 0;
  guint n_decimals = 0;
  gboolean has_dot = FALSE;

  for (; g_ascii_isdigit (*p); p++, n_digits++)
    if (n_digits < 12)
      whole = whole * 10 + (guint64) (*p - '0');

  if (*p == '.')
    {
      has_dot = TRUE;
      for (p++; g_ascii_isdigit (*p); p++, n_decimals++)
        if (n_decimals < 3)
          fraction = fraction * 10 + (guint64) (*p - '0');
    }

  if (n_digits + n_decimals == 0 || (has_dot && n_decimals == 0))
    {
      g_set_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_DURATION,
                   _("“%s” is not a duration: write a whole number of milliseconds or a number of seconds, such as 200ms, 2s or 1.5s."),
                   text);
      return FALSE;
    }

  while (is_blank (*p))
    p++;

  if (*p == '\0')
    {
      g_set_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_DURATION,
                   _("“%s” needs a unit: write ms after it for milliseconds, or s for seconds."),
                   text);
      return FALSE;
    }

  if (g_ascii_strcasecmp (p, "ms") == 0)
    {
      if (has_dot)
        {
          g_set_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_DURATION,
                       _("“%s” has a fraction of a millisecond, the finest step a script can take: write whole milliseconds, or seconds such as 0.5s."),
                       text);
          return FALSE;
        }
      ms = whole;
    }
  else if (g_ascii_strcasecmp (p, "s") == 0)
    {
      if (n_decimals > 3)
        {
          g_set_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_DURATION,
                       _("“%s” is more precise than a millisecond, the finest step a script can take."),
                       text);
          return FALSE;
        }
      for (guint i = n_decimals; i < 3; i++)
        fraction *= 10;
      ms = whole * 1000 + fraction;
    }
  else
    {
      g_set_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_DURATION,
                   _("“%s” is not a duration: write a whole number of milliseconds or a number of seconds, such as 200ms, 2s or 1.5s."),
                   text);
      return FALSE;
    }

  if (n_digits > 10 || ms == 0 || ms > SP_SCRIPT_STEP_MAX_DURATION)
    {
      g_set_error (error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_DURATION_RANGE,
                   _("“%s” is out of range: a wait or a timeout lasts at least 1 ms and at most one hour."),
                   text);
      return FALSE;
    }

  *out_ms = (guint) ms;
  return TRUE;
}

/* The column, counted in characters from 1, of @position in @line. */
static gsize
column_of (const char *line,
           const char *position)
{
  return (gsize) g_utf8_strlen (line, position - line) + 1;
}

/* Checks a step read from a line; on failure, reports where in the line. */
static gboolean
check_line_step (SpScriptStep  *step,
                 const char    *line,
                 const char    *argument,
                 guint          line_number,
                 guint         *error_line,
                 gsize         *error_column,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize argument_column = column_of (line, argument);
  gsize column = 0;

  if (sp_script_step_check (step, &column, &local_error))
    return TRUE;

  if (g_error_matches (local_error, SP_SCRIPT_ERROR, SP_SCRIPT_ERROR_BAD_PAYLOAD))
    {
      /* The payload parser counts columns from the start of what it reads: giving it the
       * text behind as many spaces as precede it on the line makes both the column and
       * the sentence speak of the line, as an editor shows it. */
      g_autofree char *padded = g_strdup_printf ("%*s%s", (int) (argument_column - 1), "", argument);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) payload_error = NULL;

      bytes = sp_payload_parse_text (padded, -1, &column, &payload_error);
      g_assert (bytes == NULL);
      set_line_error (error, error_line, error_column, line_number, column,
                      SP_SCRIPT_ERROR_BAD_PAYLOAD, payload_error->message);
      return FALSE;
    }

  set_line_error (error, error_line, error_column, line_number, argument_column,
                  local_error->code, local_error->message);
  return FALSE;
}

/**
 * sp_script_parse:
 * @text: a script, one step a line
 * @error: a %SP_SCRIPT_ERROR whose message starts with the line number
 *
 * Reads a script from its text form; see sp_script_parse_full().
 *
 * Returns: (transfer full) (nullable): the script, or %NULL with @error set
 */
SpScript *
sp_script_parse (const char  *text,
                 GError     **error)
{
  return sp_script_parse_full (text, NULL, NULL, error);
}

/**
 * sp_script_parse_full:
 * @text: a script, one step a line
 * @error_line: (out) (optional): the number of the refused line, from 1; 0 on success
 * @error_column: (out) (optional): the column of the refused character in that line,
 *   counted in characters from 1
 * @error: a %SP_SCRIPT_ERROR whose message starts with the line number
 *
 * Reads a script from its text form, one step a line:
 *
 * |[
 * # An FTP login
 * expect 220
 * send USER anna\r\n
 * expect /^331 /
 * timeout 3s
 * send PASS secret\r\n
 * expect 230
 * wait 200ms
 * half-close
 * expect-close
 * close
 * ]|
 *
 * `send TEXT` and `expect TEXT` take text with escapes (`\r \n \t \0 \\ \xHH`); blanks
 * around it are ignored, so write `\x20` for a space at either end. `expect /REGEX/`
 * takes a regular expression between the first and the last slash (`^` and `$` match at
 * line starts and ends, `$` before a `\n`, so a CRLF line ends with `\r$`; `(?i)` ignores
 * case; bytes are matched as they are, whatever their encoding). `wait` and `timeout` take a duration such
 * as `200ms`, `2s` or `1.5s`; `timeout` sets how long the expectations after it wait
 * (5 s until told otherwise). Blank lines and lines starting with `#` are skipped;
 * keywords may be written in any case.
 *
 * Returns: (transfer full) (nullable): the script, or %NULL with @error set
 */
SpScript *
sp_script_parse_full (const char  *text,
                      guint       *error_line,
                      gsize       *error_column,
                      GError     **error)
{
  g_autoptr(SpScript) script = NULL;
  g_auto(GStrv) lines = NULL;
  guint timeout = SP_SCRIPT_STEP_DEFAULT_TIMEOUT;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (error_line != NULL)
    *error_line = 0;
  if (error_column != NULL)
    *error_column = 0;

  script = sp_script_new ();
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      guint line_number = i + 1;
      g_autoptr(SpScriptStep) step = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *invalid = NULL;
      char *keyword;
      char *argument;
      gsize length = strlen (line);
      gsize keyword_length;
      gboolean takes_nothing = FALSE;

      /* Blanks and a carriage return (from a file written on Windows) end no step. */
      while (length > 0 && (is_blank (line[length - 1]) || line[length - 1] == '\r'))
        line[--length] = '\0';

      if (!g_utf8_validate (line, length, &invalid))
        {
          set_line_error (error, error_line, error_column, line_number, column_of (line, invalid),
                          SP_SCRIPT_ERROR_INVALID_UTF8,
                          _("The line is not valid UTF-8 text: write raw bytes as \\xHH escapes."));
          return NULL;
        }

      keyword = line;
      while (is_blank (*keyword))
        keyword++;
      if (*keyword == '\0' || *keyword == '#')
        continue;

      argument = keyword;
      while (*argument != '\0' && !is_blank (*argument))
        argument++;
      keyword_length = argument - keyword;
      while (is_blank (*argument))
        argument++;

#define KEYWORD_IS(word) \
  (keyword_length == strlen (word) && g_ascii_strncasecmp (keyword, word, keyword_length) == 0)

      if (KEYWORD_IS ("send"))
        step = sp_script_step_new (SP_SCRIPT_STEP_SEND, argument);
      else if (KEYWORD_IS ("expect"))
        {
          gsize argument_length = strlen (argument);

          if (looks_like_regex (argument, argument_length))
            {
              g_autofree char *pattern = g_strndup (argument + 1, argument_length - 2);
              step = sp_script_step_new (SP_SCRIPT_STEP_EXPECT_REGEX, pattern);
            }
          else
            step = sp_script_step_new (SP_SCRIPT_STEP_EXPECT_TEXT, argument);
        }
      else if (KEYWORD_IS ("expect-close"))
        {
          step = sp_script_step_new (SP_SCRIPT_STEP_EXPECT_CLOSE, NULL);
          takes_nothing = TRUE;
        }
      else if (KEYWORD_IS ("half-close"))
        {
          step = sp_script_step_new (SP_SCRIPT_STEP_HALF_CLOSE, NULL);
          takes_nothing = TRUE;
        }
      else if (KEYWORD_IS ("close"))
        {
          step = sp_script_step_new (SP_SCRIPT_STEP_CLOSE, NULL);
          takes_nothing = TRUE;
        }
      else if (KEYWORD_IS ("wait") || KEYWORD_IS ("timeout"))
        {
          gboolean is_wait = KEYWORD_IS ("wait");
          guint ms = 0;

          if (*argument == '\0')
            {
              set_line_error (error, error_line, error_column, line_number,
                              column_of (line, argument), SP_SCRIPT_ERROR_MISSING_ARGUMENT,
                              is_wait
                              ? _("“wait” needs a duration, such as wait 200ms or wait 2s.")
                              : _("“timeout” needs a duration, such as timeout 3s: it sets how long the expectations after it wait."));
              return NULL;
            }

          if (!parse_duration (argument, &ms, &local_error))
            {
              set_line_error (error, error_line, error_column, line_number,
                              column_of (line, argument), local_error->code, local_error->message);
              return NULL;
            }

          if (!is_wait)
            {
              timeout = ms;
              continue;
            }

          step = sp_script_step_new (SP_SCRIPT_STEP_WAIT, NULL);
          sp_script_step_set_duration (step, ms);
        }
      else
        {
          g_autofree char *word = g_strndup (keyword, keyword_length);
          g_autofree char *detail =
            g_strdup_printf (_("“%s” is not a command. A line is one of: send TEXT, expect TEXT, expect /REGEX/, expect-close, wait 200ms, timeout 3s, half-close, close, or a # comment."),
                             word);

          set_line_error (error, error_line, error_column, line_number, column_of (line, keyword),
                          SP_SCRIPT_ERROR_UNKNOWN_COMMAND, detail);
          return NULL;
        }

#undef KEYWORD_IS

      if (takes_nothing && *argument != '\0')
        {
          g_autofree char *word = g_strndup (keyword, keyword_length);
          g_autofree char *detail =
            g_strdup_printf (_("“%s” takes nothing after it, but the line goes on with “%s”."),
                             word, argument);

          set_line_error (error, error_line, error_column, line_number, column_of (line, argument),
                          SP_SCRIPT_ERROR_UNEXPECTED_ARGUMENT, detail);
          return NULL;
        }

      if (!check_line_step (step, line, argument, line_number, error_line, error_column, error))
        return NULL;

      if (sp_script_step_is_expectation (step))
        sp_script_step_set_timeout (step, timeout);

      sp_script_append (script, step);
    }

  return g_steal_pointer (&script);
}

/**
 * sp_script_to_text:
 *
 * Writes the script in the text form that sp_script_parse() reads back to the same
 * steps; a `timeout` line comes before each expectation whose timeout differs from the
 * one before.
 *
 * Returns: (transfer full): the text, one step a line, each ending with a newline
 */
char *
sp_script_to_text (SpScript *self)
{
  GString *out;
  guint timeout = SP_SCRIPT_STEP_DEFAULT_TIMEOUT;
  guint n;

  g_return_val_if_fail (SP_IS_SCRIPT (self), NULL);

  out = g_string_new (NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->steps));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpScriptStep) step = g_list_model_get_item (G_LIST_MODEL (self->steps), i);
      g_autofree char *line = sp_script_step_dup_line (step);

      if (sp_script_step_is_expectation (step) && sp_script_step_get_timeout (step) != timeout)
        {
          g_autofree char *duration = NULL;

          timeout = sp_script_step_get_timeout (step);
          duration = _sp_script_format_duration (timeout);
          g_string_append_printf (out, "timeout %s\n", duration);
        }

      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* Running ------------------------------------------------------------------------------ */

static void
run_stop_watching (Run *run)
{
  if (run->received_handler != 0)
    g_clear_signal_handler (&run->received_handler, run->connection);
  if (run->state_handler != 0)
    g_clear_signal_handler (&run->state_handler, run->connection);

  if (run->timer != NULL)
    {
      g_source_destroy (run->timer);
      g_clear_pointer (&run->timer, g_source_unref);
    }
  if (run->cancel_source != NULL)
    {
      g_source_destroy (run->cancel_source);
      g_clear_pointer (&run->cancel_source, g_source_unref);
    }
}

static void
run_free (gpointer data)
{
  Run *run = data;

  run_stop_watching (run);
  g_clear_object (&run->connection);
  g_clear_object (&run->log);
  g_clear_pointer (&run->steps, g_ptr_array_unref);
  g_clear_pointer (&run->received, g_byte_array_unref);
  g_free (run);
}

static SpScriptStep *
run_current_step (Run *run)
{
  g_assert (run->index < run->steps->len);

  return g_ptr_array_index (run->steps, run->index);
}

static void
run_log (Run         *run,
         SpEventKind  kind,
         const char  *message)
{
  if (run->log != NULL)
    sp_event_log_add (run->log, kind, SP_DIRECTION_NONE, sp_connection_get_id (run->connection),
                      NULL, NULL, message);
}

static gint64
run_elapsed_ms (Run *run)
{
  return (g_get_monotonic_time () - run->step_start) / 1000;
}

/* What arrived since the last match, escaped, cut to a readable length. */
static char *
run_quote_received (Run *run)
{
  gsize size = MIN (run->received->len, QUOTE_LIMIT);
  g_autofree char *escaped = sp_payload_to_escaped (run->received->data, size);

  if (size < run->received->len)
    return g_strconcat (escaped, "…", NULL);

  return g_steal_pointer (&escaped);
}

static void
set_current_step (SpScript *self,
                  int       current_step)
{
  if (self->current_step == current_step)
    return;

  self->current_step = current_step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_STEP]);
}

static void
set_state (SpScript      *self,
           SpScriptState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error_message (SpScript   *self,
                   const char *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

/* Ends the run: passed when @error is %NULL. */
static void
run_end (GTask  *task,
         GError *error)
{
  g_autoptr(GTask) hold = g_object_ref (task);
  SpScript *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  run_stop_watching (run);
  run->pending = FALSE;

  set_current_step (self, -1);
  set_error_message (self, error != NULL && !cancelled ? error->message : NULL);

  if (error == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Script passed: its %u step succeeded.",
                                      "Script passed: all %u steps succeeded.", run->steps->len),
                         run->steps->len);

      run_log (run, SP_EVENT_KIND_INFO, message);
      set_state (self, SP_SCRIPT_STATE_PASSED);
    }
  else if (cancelled)
    {
      run_log (run, SP_EVENT_KIND_INFO, error->message);
      set_state (self, SP_SCRIPT_STATE_IDLE);
    }
  else
    {
      if (run->log != NULL)
        sp_event_log_add_error (run->log, sp_connection_get_id (run->connection), NULL, NULL, error);
      set_state (self, SP_SCRIPT_STATE_FAILED);
    }

  g_clear_object (&self->task);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
step_begin (GTask *task)
{
  SpScript *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  run->step_start = g_get_monotonic_time ();
  set_current_step (self, (int) run->index);
  _sp_script_step_set_result (run_current_step (run), SP_SCRIPT_STEP_STATUS_RUNNING, NULL);
  g_signal_emit (self, signals[STEP_STARTED], 0, run->index);
}

static void
step_pass (GTask      *task,
           const char *detail)
{
  SpScript *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  SpScriptStep *step = run_current_step (run);
  g_autofree char *description = sp_script_step_dup_description (step);
  g_autofree char *message = NULL;
  guint index = run->index;

  run->pending = FALSE;
  if (run->timer != NULL)
    {
      g_source_destroy (run->timer);
      g_clear_pointer (&run->timer, g_source_unref);
    }

  message = g_strdup_printf (_("Script step %u: %s — %s"), index + 1, description, detail);
  run_log (run, SP_EVENT_KIND_INFO, message);
  _sp_script_step_set_result (step, SP_SCRIPT_STEP_STATUS_PASSED, detail);

  run->index++;
  g_signal_emit (self, signals[STEP_FINISHED], 0, index, TRUE);
}

/* Fails the current step and ends the run; @reason finishes the sentence
 * "Step 3 (expect “230”) failed: …". */
static void
step_fail (GTask         *task,
           SpScriptError  code,
           const char    *reason)
{
  g_autoptr(GTask) hold = g_object_ref (task);
  SpScript *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  SpScriptStep *step = run_current_step (run);
  g_autofree char *description = sp_script_step_dup_description (step);
  GError *error;

  run->pending = FALSE;
  if (code == SP_SCRIPT_ERROR_BAD_STEP)
    error = g_error_new (SP_SCRIPT_ERROR, code, _("Step %u (%s) cannot run: %s"),
                         run->index + 1, description, reason);
  else
    error = g_error_new (SP_SCRIPT_ERROR, code, _("Step %u (%s) failed: %s"),
                         run->index + 1, description, reason);

  _sp_script_step_set_result (step, SP_SCRIPT_STEP_STATUS_FAILED, reason);
  g_signal_emit (self, signals[STEP_FINISHED], 0, run->index, FALSE);
  run_end (task, error);
}

/* Looks for the current expectation in what arrived; a match consumes up to its end. */
static gboolean
run_match (Run    *run,
           gsize  *out_end)
{
  SpScriptStep *step = run_current_step (run);
  const guint8 *data = run->received->len > 0 ? run->received->data : (const guint8 *) "";
  gsize size = run->received->len;

  if (sp_script_step_get_kind (step) == SP_SCRIPT_STEP_EXPECT_TEXT)
    {
      GBytes *bytes = _sp_script_step_get_bytes (step);
      gsize needle_size;
      const guint8 *needle;

      if (bytes == NULL)
        return FALSE;

      needle = g_bytes_get_data (bytes, &needle_size);
      if (needle_size == 0 || needle_size > size)
        return FALSE;

      for (gsize i = 0; i + needle_size <= size; i++)
        {
          const guint8 *found = memchr (data + i, needle[0], size - needle_size - i + 1);

          if (found == NULL)
            return FALSE;

          i = found - data;
          if (memcmp (found, needle, needle_size) == 0)
            {
              *out_end = i + needle_size;
              return TRUE;
            }
        }

      return FALSE;
    }
  else
    {
      GRegex *regex = _sp_script_step_get_regex (step);
      g_autoptr(GMatchInfo) match_info = NULL;
      int start = 0;
      int end = 0;

      if (regex == NULL || size > G_MAXSSIZE)
        return FALSE;

      if (!g_regex_match_full (regex, (const char *) data, (gssize) size, 0, 0, &match_info, NULL))
        return FALSE;

      g_match_info_fetch_pos (match_info, 0, &start, &end);
      *out_end = (gsize) end;
      return TRUE;
    }
}

/* Tries the current expectation against what arrived; passes the step on a match. */
static gboolean
run_try_expectation (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autofree char *detail = NULL;
  gsize end = 0;

  if (!run_match (run, &end))
    return FALSE;

  g_byte_array_remove_range (run->received, 0, (guint) end);
  detail = g_strdup_printf (_("matched after %lld ms"), (long long) run_elapsed_ms (run));
  step_pass (task, detail);
  return TRUE;
}

/* The peer will send nothing more: fails an expectation that has not matched. */
static void
fail_peer_closed (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autofree char *quote = NULL;
  g_autofree char *reason = NULL;

  if (run->received->len == 0)
    reason = g_strdup (run->peer_broke
                       ? _("the connection failed before anything matching arrived, and nothing arrived since the previous match.")
                       : _("the peer closed the connection before anything matching arrived; it sent nothing since the previous match."));
  else
    {
      quote = run_quote_received (run);
      reason = g_strdup_printf (run->peer_broke
                                ? _("the connection failed before anything matching arrived; the peer sent “%s”.")
                                : _("the peer closed the connection before anything matching arrived; it sent “%s”."),
                                quote);
    }

  step_fail (task, SP_SCRIPT_ERROR_PEER_CLOSED, reason);
}

static void
note_state (Run *run)
{
  SpConnectionState state = sp_connection_get_state (run->connection);

  switch (state)
    {
    case SP_CONNECTION_STATE_HALF_CLOSED_REMOTE:
      run->peer_closed = TRUE;
      break;

    case SP_CONNECTION_STATE_RESET:
    case SP_CONNECTION_STATE_ERROR:
      run->peer_closed = TRUE;
      run->peer_broke = TRUE;
      break;

    case SP_CONNECTION_STATE_CLOSED:
      /* After our shutdown(), the connection closes when it reads the peer's end of
       * stream; otherwise closing was our side's doing. */
      if (!run->peer_closed)
        {
          if (run->last_state == SP_CONNECTION_STATE_HALF_CLOSED_LOCAL && !run->closed_by_script)
            run->peer_closed = TRUE;
          else
            run->we_closed = TRUE;
        }
      break;

    case SP_CONNECTION_STATE_CONNECTING:
    case SP_CONNECTION_STATE_CONNECTED:
    case SP_CONNECTION_STATE_HALF_CLOSED_LOCAL:
    default:
      break;
    }

  run->last_state = state;
}

/* Whether the end of the connection settles the current expectation: STEP_PENDING while
 * it can still be met, STEP_DONE when it passed (expect-close), STEP_FAILED when it
 * failed (and the run is over). */
static StepOutcome
run_check_ending (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  SpScriptStep *step = run_current_step (run);
  g_autofree char *detail = NULL;

  switch (sp_script_step_get_kind (step))
    {
    case SP_SCRIPT_STEP_EXPECT_TEXT:
    case SP_SCRIPT_STEP_EXPECT_REGEX:
      if (run->peer_closed)
        {
          fail_peer_closed (task);
          return STEP_FAILED;
        }
      if (run->we_closed)
        {
          step_fail (task, SP_SCRIPT_ERROR_CLOSED,
                     _("the connection is closed on our side, so nothing more can arrive."));
          return STEP_FAILED;
        }
      return STEP_PENDING;

    case SP_SCRIPT_STEP_EXPECT_CLOSE:
      if (run->peer_closed)
        {
          if (run->last_state == SP_CONNECTION_STATE_RESET)
            detail = g_strdup_printf (_("the peer reset the connection after %lld ms"),
                                      (long long) run_elapsed_ms (run));
          else if (run->peer_broke)
            detail = g_strdup_printf (_("the connection failed after %lld ms"),
                                      (long long) run_elapsed_ms (run));
          else
            detail = g_strdup_printf (_("the peer closed after %lld ms"),
                                      (long long) run_elapsed_ms (run));
          step_pass (task, detail);
          return STEP_DONE;
        }
      if (run->we_closed)
        {
          step_fail (task, SP_SCRIPT_ERROR_CLOSED,
                     _("we closed the connection ourselves before the peer did."));
          return STEP_FAILED;
        }
      return STEP_PENDING;

    case SP_SCRIPT_STEP_SEND:
    case SP_SCRIPT_STEP_WAIT:
    case SP_SCRIPT_STEP_HALF_CLOSE:
    case SP_SCRIPT_STEP_CLOSE:
    default:
      return STEP_PENDING;
    }
}

static void
connection_received_cb (SpConnection *connection,
                        GBytes       *bytes,
                        gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GTask) hold = g_object_ref (task);
  Run *run = g_task_get_task_data (task);
  SpScriptStepKind kind;
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  g_byte_array_append (run->received, data, (guint) size);
  if (run->received->len > RECEIVED_LIMIT)
    g_byte_array_remove_range (run->received, 0, run->received->len - RECEIVED_LIMIT);

  if (!run->pending)
    return;

  kind = sp_script_step_get_kind (run_current_step (run));
  if ((kind == SP_SCRIPT_STEP_EXPECT_TEXT || kind == SP_SCRIPT_STEP_EXPECT_REGEX) &&
      run_try_expectation (task))
    run_advance (task);
}

static void
connection_state_cb (SpConnection *connection,
                     GParamSpec   *pspec,
                     gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GTask) hold = g_object_ref (task);
  Run *run = g_task_get_task_data (task);

  note_state (run);

  if (run->pending && run_check_ending (task) == STEP_DONE)
    run_advance (task);
}

static gboolean
timer_cb (gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr(GTask) hold = g_object_ref (task);
  Run *run = g_task_get_task_data (task);
  SpScriptStep *step = run_current_step (run);
  g_autofree char *duration = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *reason = NULL;

  g_clear_pointer (&run->timer, g_source_unref);

  if (sp_script_step_get_kind (step) == SP_SCRIPT_STEP_WAIT)
    {
      g_autofree char *detail = NULL;

      duration = format_duration_words (sp_script_step_get_duration (step));
      detail = g_strdup_printf (_("waited %s"), duration);
      step_pass (task, detail);
      run_advance (task);
      return G_SOURCE_REMOVE;
    }

  duration = format_duration_words (sp_script_step_get_timeout (step));

  if (sp_script_step_get_kind (step) == SP_SCRIPT_STEP_EXPECT_CLOSE)
    reason = g_strdup_printf (_("the peer did not close the connection within %s."), duration);
  else if (run->received->len == 0)
    reason = g_strdup_printf (_("nothing arrived within %s."), duration);
  else
    {
      quote = run_quote_received (run);
      reason = g_strdup_printf (_("nothing matching arrived within %s; the peer sent “%s”."),
                                duration, quote);
    }

  step_fail (task, SP_SCRIPT_ERROR_TIMEOUT, reason);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GTask) hold = g_object_ref (task);
  SpScript *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autofree char *description = NULL;
  GError *error;

  g_clear_pointer (&run->cancel_source, g_source_unref);

  if (run->index >= run->steps->len)
    return G_SOURCE_REMOVE;

  /* Stopping is no failure of the step: it goes back to waiting its turn. */
  description = sp_script_step_dup_description (run_current_step (run));
  error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("The script was stopped at step %u (%s)."), run->index + 1, description);
  _sp_script_step_set_result (run_current_step (run), SP_SCRIPT_STEP_STATUS_PENDING, NULL);
  run->pending = FALSE;
  g_signal_emit (self, signals[STEP_FINISHED], 0, run->index, FALSE);
  run_end (task, error);

  return G_SOURCE_REMOVE;
}

static void
run_start_timer (GTask *task,
                 guint  ms)
{
  Run *run = g_task_get_task_data (task);

  g_assert (run->timer == NULL);

  run->timer = g_timeout_source_new (ms);
  g_task_attach_source (task, run->timer, timer_cb);
}

/* Starts the current step: it is done at once, waits for the main loop, or failed (and
 * then the run is over). */
static StepOutcome
step_run (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  SpScriptStep *step = run_current_step (run);
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  GBytes *bytes;

  switch (sp_script_step_get_kind (step))
    {
    case SP_SCRIPT_STEP_SEND:
      bytes = _sp_script_step_get_bytes (step);
      if (bytes == NULL)
        {
          /* Edited into something unreadable while the script ran. */
          sp_script_step_check (step, NULL, &error);
          step_fail (task, SP_SCRIPT_ERROR_BAD_STEP, error->message);
          return STEP_FAILED;
        }
      if (!sp_connection_send (run->connection, bytes, &error))
        {
          step_fail (task, SP_SCRIPT_ERROR_SEND_FAILED, error->message);
          return STEP_FAILED;
        }
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "queued %zu byte",
                                             "queued %zu bytes",
                                             g_bytes_get_size (bytes)),
                                g_bytes_get_size (bytes));
      step_pass (task, detail);
      return STEP_DONE;

    case SP_SCRIPT_STEP_EXPECT_TEXT:
    case SP_SCRIPT_STEP_EXPECT_REGEX:
      if (!sp_script_step_check (step, NULL, &error))
        {
          step_fail (task, SP_SCRIPT_ERROR_BAD_STEP, error->message);
          return STEP_FAILED;
        }
      if (run_try_expectation (task))
        return STEP_DONE;
      if (run_check_ending (task) == STEP_FAILED)
        return STEP_FAILED;
      run_start_timer (task, sp_script_step_get_timeout (step));
      return STEP_PENDING;

    case SP_SCRIPT_STEP_EXPECT_CLOSE:
      {
        StepOutcome outcome = run_check_ending (task);

        if (outcome != STEP_PENDING)
          return outcome;
      }
      run_start_timer (task, sp_script_step_get_timeout (step));
      return STEP_PENDING;

    case SP_SCRIPT_STEP_WAIT:
      run_start_timer (task, sp_script_step_get_duration (step));
      return STEP_PENDING;

    case SP_SCRIPT_STEP_HALF_CLOSE:
      if (!sp_connection_is_open (run->connection))
        {
          step_fail (task, SP_SCRIPT_ERROR_CLOSED,
                     _("the connection is already closed or half-closed on our side."));
          return STEP_FAILED;
        }
      sp_connection_shutdown_write (run->connection);
      step_pass (task, _("our sending side is closed once what was queued has gone; the peer can still answer"));
      return STEP_DONE;

    case SP_SCRIPT_STEP_CLOSE:
      /* What earlier steps queued still goes out, as a script reads top to bottom. */
      run->closed_by_script = TRUE;
      sp_connection_close_after_sending (run->connection);
      step_pass (task, _("closed the connection once what was queued had gone"));
      return STEP_DONE;

    default:
      break;
    }

  g_return_val_if_reached (STEP_FAILED);
}

static void
run_advance (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  while (run->index < run->steps->len)
    {
      step_begin (task);

      switch (step_run (task))
        {
        case STEP_DONE:
          continue;

        case STEP_PENDING:
          run->pending = TRUE;
          return;

        case STEP_FAILED:
        default:
          return;
        }
    }

  run_end (task, NULL);
}

/* Every step must be able to run before the first byte is sent. */
static gboolean
run_check_steps (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  gboolean datagram = sp_connection_is_datagram (run->connection);

  for (guint i = 0; i < run->steps->len; i++)
    {
      SpScriptStep *step = g_ptr_array_index (run->steps, i);
      SpScriptStepKind kind = sp_script_step_get_kind (step);
      g_autoptr(GError) error = NULL;
      const char *reason = NULL;

      if (!sp_script_step_check (step, NULL, &error))
        reason = error->message;
      else if (datagram && kind == SP_SCRIPT_STEP_HALF_CLOSE)
        reason = _("a datagram connection cannot be half-closed: there is no stream to end.");
      else if (datagram && kind == SP_SCRIPT_STEP_EXPECT_CLOSE)
        reason = _("a datagram peer never closes anything: there is no stream to end.");

      if (reason != NULL)
        {
          run->index = i;
          step_fail (task, SP_SCRIPT_ERROR_BAD_STEP, reason);
          return FALSE;
        }
    }

  return TRUE;
}

/* GObject ------------------------------------------------------------------------------ */

static void
sp_script_dispose (GObject *object)
{
  SpScript *self = (SpScript *)object;

  /* A run holds a reference to the script, so none is in progress here. */
  g_assert (self->task == NULL);

  g_clear_object (&self->steps);

  G_OBJECT_CLASS (sp_script_parent_class)->dispose (object);
}

static void
sp_script_finalize (GObject *object)
{
  SpScript *self = (SpScript *)object;

  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (sp_script_parent_class)->finalize (object);
}

static void
sp_script_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SpScript *self = SP_SCRIPT (object);

  switch (prop_id)
    {
    case PROP_STEPS:
      g_value_set_object (value, self->steps);
      break;

    case PROP_CURRENT_STEP:
      g_value_set_int (value, self->current_step);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_script_class_init (SpScriptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_script_dispose;
  object_class->finalize = sp_script_finalize;
  object_class->get_property = sp_script_get_property;

  /**
   * SpScript:steps:
   *
   * The steps, a #GListModel of #SpScriptStep; edit it with sp_script_append() and
   * friends.
   */
  properties[PROP_STEPS] =
    g_param_spec_object ("steps", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpScript:current-step:
   *
   * The position of the step running now, from 0, or -1 when the script is not running.
   */
  properties[PROP_CURRENT_STEP] =
    g_param_spec_int ("current-step", NULL, NULL, -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SP_TYPE_SCRIPT_STATE, SP_SCRIPT_STATE_IDLE,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpScript:error-message:
   *
   * Why the last run failed, naming the step; %NULL unless #SpScript:state is
   * %SP_SCRIPT_STATE_FAILED.
   */
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpScript::step-started:
   * @index: the step's position, from 0
   */
  signals[STEP_STARTED] =
    g_signal_new ("step-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * SpScript::step-finished:
   * @index: the step's position, from 0
   * @ok: whether it passed; %FALSE when it failed or the run was stopped
   *
   * Emitted once for every #SpScript::step-started, and also, with @ok %FALSE, for a
   * step found unable to run before the run began.
   */
  signals[STEP_FINISHED] =
    g_signal_new ("step-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
sp_script_init (SpScript *self)
{
  self->steps = g_list_store_new (SP_TYPE_SCRIPT_STEP);
  self->current_step = -1;
}

SpScript *
sp_script_new (void)
{
  return g_object_new (SP_TYPE_SCRIPT, NULL);
}

/**
 * sp_script_get_steps:
 *
 * Returns: (transfer none): the steps, a #GListModel of #SpScriptStep
 */
GListModel *
sp_script_get_steps (SpScript *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT (self), NULL);

  return G_LIST_MODEL (self->steps);
}

guint
sp_script_get_n_steps (SpScript *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->steps));
}

/**
 * sp_script_get_step:
 *
 * Returns: (transfer none) (nullable): the step at @position, or %NULL past the end
 */
SpScriptStep *
sp_script_get_step (SpScript *self,
                    guint     position)
{
  SpScriptStep *step;

  g_return_val_if_fail (SP_IS_SCRIPT (self), NULL);

  /* The store keeps a reference of its own. */
  step = g_list_model_get_item (G_LIST_MODEL (self->steps), position);
  if (step != NULL)
    g_object_unref (step);

  return step;
}

void
sp_script_append (SpScript     *self,
                  SpScriptStep *step)
{
  g_return_if_fail (SP_IS_SCRIPT (self));
  g_return_if_fail (SP_IS_SCRIPT_STEP (step));

  g_list_store_append (self->steps, step);
}

void
sp_script_insert (SpScript     *self,
                  guint         position,
                  SpScriptStep *step)
{
  g_return_if_fail (SP_IS_SCRIPT (self));
  g_return_if_fail (SP_IS_SCRIPT_STEP (step));
  g_return_if_fail (position <= sp_script_get_n_steps (self));

  g_list_store_insert (self->steps, position, step);
}

void
sp_script_remove (SpScript *self,
                  guint     position)
{
  g_return_if_fail (SP_IS_SCRIPT (self));
  g_return_if_fail (position < sp_script_get_n_steps (self));

  g_list_store_remove (self->steps, position);
}

void
sp_script_remove_all (SpScript *self)
{
  g_return_if_fail (SP_IS_SCRIPT (self));

  g_list_store_remove_all (self->steps);
}

SpScriptState
sp_script_get_state (SpScript *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT (self), SP_SCRIPT_STATE_IDLE);

  return self->state;
}

/* The position of the running step, from 0, or -1. */
int
sp_script_get_current_step (SpScript *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT (self), -1);

  return self->current_step;
}

/**
 * sp_script_get_error_message:
 *
 * Returns: (nullable): why the last run failed
 */
const char *
sp_script_get_error_message (SpScript *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT (self), NULL);

  return self->error_message;
}

/**
 * sp_script_run_async:
 * @connection: an open connection, usually a client's
 * @log: (nullable): where to tell how each step went, as events of @connection;
 *   usually the log of the pane that owns @connection
 * @cancellable: (nullable): stops the run; the connection stays as it is
 *
 * Runs the steps in order on @connection. The script sees what @connection receives
 * from now on, so start it as soon as the connection is made (from
 * #SpClient::connected, or right after sp_client_connect_finish()) when the peer
 * speaks first. Steps edited during a run take effect at their turn; steps added or
 * removed take effect at the next run.
 */
void
sp_script_run_async (SpScript            *self,
                     SpConnection        *connection,
                     SpEventLog          *log,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *message = NULL;
  Run *run;
  guint n;

  g_return_if_fail (SP_IS_SCRIPT (self));
  g_return_if_fail (SP_IS_CONNECTION (connection));
  g_return_if_fail (log == NULL || SP_IS_EVENT_LOG (log));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_script_run_async);
  /* Our own sentence says where the run stopped; keep it. */
  g_task_set_check_cancellable (task, FALSE);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("This script is already running: stop it before running it again."));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  run = g_new0 (Run, 1);
  run->connection = g_object_ref (connection);
  run->log = log != NULL ? g_object_ref (log) : NULL;
  run->received = g_byte_array_new ();
  run->last_state = SP_CONNECTION_STATE_CONNECTED;
  run->steps = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, run, run_free);

  n = sp_script_get_n_steps (self);
  for (guint i = 0; i < n; i++)
    {
      SpScriptStep *step = g_list_model_get_item (G_LIST_MODEL (self->steps), i);

      _sp_script_step_set_result (step, SP_SCRIPT_STEP_STATUS_PENDING, NULL);
      g_ptr_array_add (run->steps, step);
    }

  self->task = g_object_ref (task);
  set_error_message (self, NULL);

  if (!run_check_steps (task))
    return;

  set_state (self, SP_SCRIPT_STATE_RUNNING);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Script started: %u step.",
                                          "Script started: %u steps.", n),
                             n);
  run_log (run, SP_EVENT_KIND_INFO, message);

  run->received_handler = g_signal_connect (connection, "received",
                                            G_CALLBACK (connection_received_cb), task);
  run->state_handler = g_signal_connect (connection, "notify::state",
                                         G_CALLBACK (connection_state_cb), task);
  note_state (run);

  if (cancellable != NULL)
    {
      run->cancel_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, run->cancel_source,
                            (GSourceFunc) (void (*) (void)) cancelled_cb);
    }

  run_advance (task);
}

/**
 * sp_script_run_finish:
 * @error: a %SP_SCRIPT_ERROR naming the step that failed, %G_IO_ERROR_CANCELLED when
 *   stopped, %G_IO_ERROR_PENDING when the script was already running
 *
 * Returns: whether every step passed
 */
gboolean
sp_script_run_finish (SpScript      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (SP_IS_SCRIPT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
sp_script_state_to_string (SpScriptState state)
{
  switch (state)
    {
    case SP_SCRIPT_STATE_IDLE:
      return _("Not running");
    case SP_SCRIPT_STATE_RUNNING:
      return _("Running");
    case SP_SCRIPT_STATE_PASSED:
      return _("Passed");
    case SP_SCRIPT_STATE_FAILED:
      return _("Failed");
    default:
      break;
    }

  g_return_val_if_reached ("");
}
