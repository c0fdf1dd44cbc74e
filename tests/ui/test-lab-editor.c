/* test-lab-editor.c — a lab's expectations edited in the window, saved, and graded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tutorial's lesson is opened in the real window, its expectations edited through
 * the lab editor as a person would, saved, and graded by the real program run with
 * --headless: what the teacher sees in the dialog is what the class is graded on.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>

#include "sp-application.h"
#include "sp-core.h"
#include "sp-lab-editor.h"
#include "sp-window.h"
#include "sp-window-scenario.h"
#include "sp-ui-test.h"

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
open_and_wait (SpWindowScenario *scenario,
               GFile            *file)
{
  sp_window_scenario_open (scenario, file);
  WAIT_UNTIL (!sp_window_scenario_get_busy (scenario));
  g_assert_null (sp_window_scenario_get_error_text (scenario));
}

static SpLabEditor *
open_editor (SpWindow *window)
{
  SpLabEditor *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "file.edit-lab", NULL));
  editor = SP_LAB_EDITOR (sp_ui_test_find_window (SP_TYPE_LAB_EDITOR));
  g_assert_nonnull (editor);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (editor)));

  return editor;
}

static void
close_editor (SpLabEditor *editor)
{
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  gtk_window_destroy (GTK_WINDOW (editor));
  WAIT_UNTIL (editor == NULL);
}

/* The editor's rows say what the window would save, in the same order. */
static void
assert_rows_match (SpLabEditor      *editor,
                   SpWindowScenario *scenario)
{
  g_autoptr(SpScenario) playground = sp_window_scenario_dup_scenario (scenario);
  GListModel *expectations = sp_scenario_get_expectations (playground);

  g_assert_cmpuint (sp_lab_editor_get_n_rows (editor), ==, g_list_model_get_n_items (expectations));
  for (guint i = 0; i < g_list_model_get_n_items (expectations); i++)
    {
      g_autoptr(SpExpectation) expectation = g_list_model_get_item (expectations, i);
      g_autofree char *sentence = sp_expectation_dup_sentence (expectation);

      g_assert_cmpstr (sp_lab_editor_get_row_sentence (editor, i), ==, sentence);
    }
}

static char *
run_headless (const char *path,
              int        *status)
{
  const char *program = g_getenv ("SP_EXECUTABLE");
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_nonnull (program);
  /* The runner needs no display: give it none, as a teacher's terminal may have. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  process = g_subprocess_launcher_spawn (launcher, &error, program, "--headless", path,
                                         "--timeout", "20", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, store_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_subprocess_communicate_utf8_finish (process, result, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  *status = g_subprocess_get_exit_status (process);

  return out;
}

static void
test_edit_save_grade (void)
{
  g_autofree char *lesson_path = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                        "lesson.playground", NULL);
  g_autoptr(GFile) lesson = g_file_new_for_path (lesson_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScenario) file_playground = NULL;
  g_autoptr(SpScenario) saved_playground = NULL;
  g_autofree char *tmp_dir = g_dir_make_tmp ("test-lab-editor-XXXXXX", &error);
  g_autofree char *saved_path = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autofree char *out = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *expected_line = NULL;
  SpWindow *window;
  SpWindowScenario *scenario;
  SpLabEditor *editor;
  GListModel *expectations;
  int status = -1;

  g_assert_no_error (error);
  saved_path = g_build_filename (tmp_dir, "graded.playground", NULL);
  saved = g_file_new_for_path (saved_path);

  window = sp_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  scenario = sp_window_scenario_get (window);
  open_and_wait (scenario, lesson);

  /* The rows are the file's expectations, sentence for sentence. */
  file_playground = sp_scenario_new_from_file (lesson_path, NULL, &error);
  g_assert_no_error (error);
  expectations = sp_scenario_get_expectations (file_playground);
  g_assert_cmpuint (g_list_model_get_n_items (expectations), ==, 3);
  editor = open_editor (window);
  g_assert_cmpuint (sp_lab_editor_get_n_rows (editor), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SpExpectation) expectation = g_list_model_get_item (expectations, i);
      g_autofree char *sentence = sp_expectation_dup_sentence (expectation);

      g_assert_cmpstr (sp_lab_editor_get_row_sentence (editor, i), ==, sentence);
    }

  /* Removing one offers Undo, which puts it back where it was. */
  removed = g_strdup (sp_lab_editor_get_row_sentence (editor, 1));
  sp_lab_editor_remove_row (editor, 1);
  g_assert_cmpuint (sp_lab_editor_get_n_rows (editor), ==, 2);
  assert_rows_match (editor, scenario);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "lab.undo-remove", NULL));
  g_assert_cmpuint (sp_lab_editor_get_n_rows (editor), ==, 3);
  g_assert_cmpstr (sp_lab_editor_get_row_sentence (editor, 1), ==, removed);
  assert_rows_match (editor, scenario);

  sp_lab_editor_remove_row (editor, 1);
  g_assert_cmpuint (sp_lab_editor_get_n_rows (editor), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (sp_lab_editor_get_row_sentence (editor, i), !=, removed);

  /* Bad input gets the engine's sentence, and nothing can be added. */
  sp_lab_editor_set_candidate (editor, 0, SP_EXPECTATION_SENDS, "");
  g_assert_false (sp_lab_editor_get_can_add (editor));
  g_assert_false (sp_lab_editor_add (editor));
  sp_lab_editor_set_candidate (editor, 0, SP_EXPECTATION_SENDS, "bad \\xZZ escape");
  g_assert_false (sp_lab_editor_get_can_add (editor));
  g_assert_nonnull (sp_lab_editor_get_error_text (editor));
  sp_lab_editor_set_candidate (editor, 0, SP_EXPECTATION_CONNECTIONS, "three");
  g_assert_false (sp_lab_editor_get_can_add (editor));
  g_assert_nonnull (strstr (sp_lab_editor_get_error_text (editor), "three"));
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (editor), "lab-editor-error");
  g_assert_cmpuint (sp_lab_editor_get_n_rows (editor), ==, 2);

  /* Closed needs no value. */
  sp_lab_editor_set_candidate (editor, 1, SP_EXPECTATION_CLOSED, NULL);
  g_assert_true (sp_lab_editor_get_can_add (editor));
  g_assert_null (sp_lab_editor_get_error_text (editor));

  /* A good one: the server (pane 1 of the lesson) sends its greeting, with its line end. */
  sp_lab_editor_set_candidate (editor, 0, SP_EXPECTATION_SENDS, "Thank you");
  g_assert_true (sp_lab_editor_get_can_add (editor));
  g_assert_null (sp_lab_editor_get_error_text (editor));
  g_assert_true (sp_lab_editor_add (editor));
  g_assert_cmpuint (sp_lab_editor_get_n_rows (editor), ==, 3);
  g_assert_cmpstr (sp_lab_editor_get_row_sentence (editor, 2), ==, "Server sends “Thank you”");
  assert_rows_match (editor, scenario);
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (editor), "lab-editor");

  /* Save writes what the dialog shows, and reads back the same. */
  sp_window_scenario_save (scenario, saved);
  WAIT_UNTIL (!sp_window_scenario_get_busy (scenario));
  g_assert_null (sp_window_scenario_get_error_text (scenario));
  saved_playground = sp_scenario_new_from_file (saved_path, NULL, &error);
  g_assert_no_error (error);
  expectations = sp_scenario_get_expectations (saved_playground);
  g_assert_cmpuint (g_list_model_get_n_items (expectations), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SpExpectation) expectation = g_list_model_get_item (expectations, i);
      g_autofree char *sentence = sp_expectation_dup_sentence (expectation);

      g_assert_cmpstr (sp_lab_editor_get_row_sentence (editor, i), ==, sentence);
    }
  close_editor (editor);

  /* Reopened, the window's editor lists the same. */
  open_and_wait (scenario, saved);
  editor = open_editor (window);
  g_assert_cmpuint (sp_lab_editor_get_n_rows (editor), ==, 3);
  g_assert_cmpstr (sp_lab_editor_get_row_sentence (editor, 2), ==, "Server sends “Thank you”");
  close_editor (editor);

  /* And the real program grades it: every expectation holds, the new one with them. */
  out = run_headless (saved_path, &status);
  g_test_message ("%s", out);
  if (status != 0)
    g_error ("The headless run exited with %d:\n%s", status, out);
  expected_line = g_strdup_printf ("✓ %s\n", "Server sends “Thank you”");
  g_assert_nonnull (strstr (out, expected_line));
  g_assert_null (strstr (out, removed));

  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);
  g_remove (saved_path);
  g_rmdir (tmp_dir);
}

/* In the application, Ctrl+E opens the editor, and a fresh window's lab is empty. */
static void
test_accelerator (void)
{
  g_autoptr(SpApplication) app = sp_application_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  g_auto(GStrv) actions = NULL;
  SpLabEditor *editor;
  GtkWindow *window;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "file.edit-lab");
  g_assert_cmpstr (accels[0], ==, "<Control>e");
  actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), "<Control>e");
  g_assert_cmpuint (g_strv_length (actions), ==, 1);

  g_application_activate (G_APPLICATION (app));
  WAIT_UNTIL (sp_ui_test_find_window (SP_TYPE_WINDOW) != NULL);
  window = sp_ui_test_find_window (SP_TYPE_WINDOW);
  editor = open_editor (SP_WINDOW (window));
  g_assert_cmpuint (sp_lab_editor_get_n_rows (editor), ==, 0);
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (editor), "lab-editor-empty");
  close_editor (editor);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  WAIT_UNTIL (sp_ui_test_find_window (SP_TYPE_WINDOW) == NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  /* The list of recent files stays out of the person's home. */
  data_home = g_dir_make_tmp ("test-lab-editor-home-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  sp_ui_test_load_style_sheet ();

  g_test_add_func ("/lab-editor/edit-save-grade", test_edit_save_grade);
  g_test_add_func ("/lab-editor/accelerator", test_accelerator);

  status = g_test_run ();
  return status;
}
