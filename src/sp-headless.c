/* sp-headless.c — `socket-playground --headless FILE`: run a playground and grade it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine without a window or a display: the playground's servers start, then its
 * clients, every event of every pane is printed as it happens (JSON Lines with --json),
 * and once the run ends each expectation is printed with ✓ or ✗. The exit status is 0
 * when every expectation holds, 1 when one does not (its sentence goes to standard
 * error), and 2 for a usage error or a file that cannot be read, with the line at fault.
 */

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "sp-core.h"
#include "sp-headless.h"

#define EXIT_UNMET 1
#define EXIT_USAGE 2

/* How long a run lasts unless told otherwise, in seconds. */
#define DEFAULT_TIMEOUT 10.0

/* The terminal shows every event as it happens: the logs need keep only a few. */
#define TERMINAL_LOG_BUDGET (1024 * 1024)

/* What the run's own events are printed under. */
#define RUN_SOURCE "playground"

typedef struct
{
  GMainLoop     *loop;
  GCancellable  *cancellable;
  GOutputStream *out;
  GPtrArray     *recorders;
  gboolean       json;
  gboolean       quiet;
  gboolean       done;
  gboolean       interrupted;
} Headless;

static void
print_failure (const char *message)
{
  g_printerr ("socket-playground: %s\n", message);
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  print_failure (message);
  g_printerr ("\n%s", help);
  return EXIT_USAGE;
}

static void
record (Headless   *headless,
        SpEventLog *log,
        const char *source)
{
  SpEventRecorder *recorder;

  if (headless->quiet)
    return;

  sp_event_log_set_budget (log, TERMINAL_LOG_BUDGET);
  recorder = sp_event_recorder_new (log, headless->out,
                                    headless->json ? SP_RECORD_FORMAT_JSON : SP_RECORD_FORMAT_TEXT,
                                    source);
  sp_event_recorder_set_synchronous (recorder, TRUE);
  g_ptr_array_add (headless->recorders, recorder);
}

static void
pane_created_cb (SpScenarioRun  *run,
                 SpScenarioPane *pane,
                 GObject        *object,
                 SpEventLog     *log,
                 Headless       *headless)
{
  record (headless, log, sp_scenario_pane_get_name (pane));
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  Headless *headless = data;
  g_autoptr(GError) error = NULL;

  /* Cancelled by Ctrl+C: the expectations are graded as they stand. */
  sp_scenario_run_run_finish (SP_SCENARIO_RUN (object), result, &error);
  headless->done = TRUE;
  g_main_loop_quit (headless->loop);
}

static gboolean
signal_cb (gpointer data)
{
  Headless *headless = data;

  headless->interrupted = TRUE;
  g_cancellable_cancel (headless->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *line = NULL;

  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  g_print ("%s\n", line);
}

static void
report_expectation (Headless      *headless,
                    SpExpectation *expectation)
{
  g_autofree char *sentence = sp_expectation_dup_sentence (expectation);
  g_autofree char *outcome = sp_expectation_dup_outcome (expectation);
  g_autofree char *value = sp_expectation_dup_value_text (expectation);
  gboolean met = sp_expectation_get_met (expectation);

  if (headless->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "expectation");
      json_builder_add_string_value (builder, sentence);
      json_builder_set_member_name (builder, "pane");
      json_builder_add_string_value (builder, sp_expectation_get_pane_name (expectation));
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, sp_expectation_kind_get_key (sp_expectation_get_kind (expectation)));
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, value);
      json_builder_set_member_name (builder, "met");
      json_builder_add_boolean_value (builder, met);
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, outcome);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else if (met)
    g_print ("✓ %s\n", sentence);
  else
    g_print ("✗ %s — %s\n", sentence, outcome);
}

static int
report (Headless      *headless,
        SpScenarioRun *run)
{
  GListModel *expectations = sp_scenario_get_expectations (sp_scenario_run_get_scenario (run));
  guint n = g_list_model_get_n_items (expectations);
  guint unmet = sp_scenario_run_get_n_unmet (run);
  g_autoptr(SpExpectation) first_unmet = NULL;

  if (!headless->json && n > 0)
    g_print ("\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpExpectation) expectation = g_list_model_get_item (expectations, i);

      report_expectation (headless, expectation);
      if (first_unmet == NULL && !sp_expectation_get_met (expectation))
        first_unmet = g_object_ref (expectation);
    }

  if (headless->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "result");
      json_builder_add_string_value (builder, unmet == 0 ? "passed" : "failed");
      json_builder_set_member_name (builder, "end");
      json_builder_add_string_value (builder, headless->interrupted ? "interrupted"
                                               : sp_scenario_end_to_string (sp_scenario_run_get_end (run)));
      json_builder_set_member_name (builder, "expectations");
      json_builder_add_int_value (builder, n);
      json_builder_set_member_name (builder, "unmet");
      json_builder_add_int_value (builder, unmet);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else if (n == 0)
    g_print ("%s\n", _("This playground has no expectations to check."));
  else if (unmet == 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u expectation holds.", "All %u expectations hold.", n), n);
  else
    /* Translators: how many expectations do not hold, of how many, for example “1 of 3” */
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u of %u expectations does not hold.",
                          "%u of %u expectations do not hold.", unmet),
             unmet, n);
  if (!headless->json && n > 0)
    g_print ("\n");

  if (first_unmet != NULL)
    {
      g_autofree char *sentence = sp_expectation_dup_sentence (first_unmet);
      g_autofree char *outcome = sp_expectation_dup_outcome (first_unmet);
      /* Translators: the first %s is what was expected, the second what happened */
      g_autofree char *message = g_strdup_printf (_("Expected: %s. %s"), sentence, outcome);

      print_failure (message);
      return EXIT_UNMET;
    }

  return 0;
}

gboolean
sp_headless_handles (int    argc,
                     char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        return FALSE;
      if (g_str_equal (argv[i], "--headless") || g_str_has_prefix (argv[i], "--headless="))
        return TRUE;
    }

  return FALSE;
}

/**
 * sp_headless_run:
 *
 * Runs `socket-playground --headless FILE [--timeout S] [--json] [--quiet]`.
 *
 * Returns: the exit status
 */
int
sp_headless_run (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScenario) scenario = NULL;
  g_autoptr(SpScenarioRun) run = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char **shallow = NULL;
  const char *path = NULL;
  gboolean headless_flag = FALSE;
  double timeout = DEFAULT_TIMEOUT;
  gboolean json = FALSE;
  gboolean quiet = FALSE;
  Headless headless = { 0 };
  guint sigint;
  guint sigterm;
  int status;
  GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless_flag, N_("Run the playground in FILE without a window, print its events and check its expectations"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout, N_("Stop after SECONDS at the latest (default 10; 0 for no limit)"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print events and results as JSON Lines"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print no events, only the expectations"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  g_set_prgname ("socket-playground");
  context = g_option_context_new (_("— run a playground without a window"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Start the playground’s servers, then its clients, print one line per event, and check the lab’s expectations.\nExit status: 0 when every expectation holds, 1 when one does not, 2 for a usage error or a file that cannot be read."));

  /* --headless is a switch and the file an argument of its own, so `--headless --help` and
   * `--headless --quiet FILE` read as meant; `--headless=FILE` is the same as `--headless FILE`. */
  for (int i = 0; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--headless="))
        {
          g_ptr_array_add (args, g_strdup ("--headless"));
          g_ptr_array_add (args, g_strdup (argv[i] + strlen ("--headless=")));
        }
      else
        g_ptr_array_add (args, g_strdup (argv[i]));
    }
  /* The parser moves and drops pointers: it gets a copy of the array, args keeps the strings. */
  argc = (int) args->len;
  g_ptr_array_add (args, NULL);
  shallow = g_memdup2 (args->pdata, args->len * sizeof (char *));
  argv = shallow;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (files == NULL || files[0] == NULL || *files[0] == '\0')
    return usage_error (context, _("Give the playground file to run, for example --headless lesson.playground."));
  if (files[1] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”: give one playground file, after --headless."), files[1]);

      return usage_error (context, message);
    }
  path = files[0];
  if (!(timeout >= 0 && timeout <= 24 * 60 * 60))
    return usage_error (context, _("--timeout is a number of seconds from 0 (no limit) to 86400."));

  scenario = sp_scenario_new_from_file (path, NULL, &error);
  if (scenario == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);
      /* Translators: %s is a file name, then why it cannot be read */
      g_autofree char *message = g_strdup_printf (_("%s: %s"), display, error->message);

      print_failure (message);
      return EXIT_USAGE;
    }

  headless.loop = g_main_loop_new (NULL, FALSE);
  headless.cancellable = g_cancellable_new ();
  headless.out = g_unix_output_stream_new (1, FALSE);
  headless.recorders = g_ptr_array_new_with_free_func (g_object_unref);
  headless.json = json;
  headless.quiet = quiet;

  run = sp_scenario_run_new (scenario);
  sp_scenario_run_set_timeout (run, (guint) (timeout * 1000));
  record (&headless, sp_scenario_run_get_log (run), RUN_SOURCE);
  g_signal_connect (run, "pane-created", G_CALLBACK (pane_created_cb), &headless);

  if (!json && !quiet && sp_scenario_get_title (scenario) != NULL)
    g_print ("%s\n\n", sp_scenario_get_title (scenario));

  sp_scenario_run_run_async (run, headless.cancellable, run_done_cb, &headless);

  sigint = g_unix_signal_add (SIGINT, signal_cb, &headless);
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &headless);
  if (!headless.done)
    g_main_loop_run (headless.loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  /* What stopping says is not part of the lab: print no more events. */
  g_signal_handlers_disconnect_by_data (run, &headless);
  g_ptr_array_set_size (headless.recorders, 0);
  sp_scenario_run_stop (run);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  status = report (&headless, run);

  g_ptr_array_unref (headless.recorders);
  g_object_unref (headless.out);
  g_object_unref (headless.cancellable);
  g_main_loop_unref (headless.loop);

  return status;
}
