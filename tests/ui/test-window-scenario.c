/* test-window-scenario.c — the window's playground files: open, save, lessons, recent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window under Xvfb. Files live in a fresh temporary folder, and so does the
 * list of recent files (XDG_DATA_HOME), so that nothing of the person running the tests
 * is read or written.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>

#include "sp-application.h"
#include "sp-core.h"
#include "sp-script-editor.h"
#include "sp-send-box.h"
#include "sp-window.h"
#include "sp-window-private.h"
#include "sp-window-scenario.h"
#include "sp-ui-test.h"

static char *data_home;

typedef struct
{
  SpWindow         *window;
  SpWindowScenario *scenario;
  char             *tmp_dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmp_dir = g_dir_make_tmp ("test-window-scenario-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->window = sp_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  fixture->scenario = sp_window_scenario_get (fixture->window);
  g_assert_nonnull (fixture->scenario);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1366, 768);

  gtk_window_present (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (fixture->window == NULL);

  remove_tree (fixture->tmp_dir);
  g_clear_pointer (&fixture->tmp_dir, g_free);
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (fixture->tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static guint
n_panes (Fixture *fixture)
{
  return g_list_model_get_n_items (sp_window_get_panes (fixture->window));
}

static gpointer
pane_at (Fixture *fixture,
         guint    position)
{
  g_autoptr(GObject) pane = g_list_model_get_item (sp_window_get_panes (fixture->window), position);

  return pane;
}

static GtkWindow *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static void
open_and_wait (Fixture *fixture,
               GFile   *file)
{
  sp_window_scenario_open (fixture->scenario, file);
  g_assert_true (sp_window_scenario_get_busy (fixture->scenario));
  WAIT_UNTIL (!sp_window_scenario_get_busy (fixture->scenario));
}

static SpScenario *
save_and_read (Fixture    *fixture,
               const char *name)
{
  g_autofree char *path = g_build_filename (fixture->tmp_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  SpScenario *saved;

  sp_window_scenario_save (fixture->scenario, file);
  g_assert_true (sp_window_scenario_get_busy (fixture->scenario));
  WAIT_UNTIL (!sp_window_scenario_get_busy (fixture->scenario));
  g_assert_null (sp_window_scenario_get_error_text (fixture->scenario));
  g_assert_true (g_file_equal (sp_window_scenario_get_file (fixture->scenario), file));

  saved = sp_scenario_new_from_file (path, NULL, &error);
  g_assert_no_error (error);
  return saved;
}

/* Every setting a pane has, so that the window must carry each one through. */
static const char every_setting[] =
  "[Playground]\n"
  "Version=1\n"
  "Title=Every setting\n"
  "Description=Two lines,\\nand a tab\\there.\n"
  "\n"
  "[Pane 1]\n"
  "Kind=server\n"
  "Name=Rules server\n"
  "Endpoint=tcp://127.0.0.1:0\n"
  "Behaviour=rules\n"
  "Rule1=QUIT=221 Bye\\r\\n\n"
  "Rule2=HELO *=250 Hello \\1\\r\\n\n"
  "Fallback=500 What?\\r\\n\n"
  "Framing=fixed\n"
  "FrameLength=12\n"
  "Backlog=7\n"
  "SendHex=de ad be ef\n"
  "\n"
  "[Pane 2]\n"
  "Kind=client\n"
  "Name=Talker\n"
  "Endpoint=@Rules server\n"
  "Timeout=3\n"
  "Repeat=4\n"
  "RepeatInterval=250\n"
  "Send=HELO me\\r\\n\n"
  "Script1=expect /^250/\n"
  "Script2=send QUIT\\r\\n\n"
  "Script3=close\n"
  "\n"
  "[Pane 3]\n"
  "Kind=server\n"
  "Name=Greeter\n"
  "Endpoint=udp://127.0.0.1:0\n"
  "Behaviour=reply\n"
  "Reply=Hello\\n\n"
  "CloseAfterReply=false\n"
  "\n"
  "[Pane 4]\n"
  "Kind=client\n"
  "Name=Fixed\n"
  "Endpoint=tcp://127.0.0.1:9\n"
  "\n"
  "[Expect 1]\n"
  "Pane=Talker\n"
  "Receives=221 Bye\n"
  "Closed=true\n"
  "\n"
  "[Expect 2]\n"
  "Pane=Rules server\n"
  "Connections=1\n";

/* A file goes into the window and comes back out the same. */
static void
test_open_every_setting (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_file (fixture, "every.playground", every_setting);
  g_autoptr(SpScenario) expected = sp_scenario_new_from_data (every_setting, -1, NULL, NULL);
  g_autoptr(SpScenario) shown = NULL;
  g_autoptr(SpScenario) saved = NULL;
  g_autofree char *script = NULL;
  SpServerPane *rules_server;
  SpClientPane *talker;
  guint count;
  guint interval;

  g_assert_nonnull (expected);
  open_and_wait (fixture, file);
  g_assert_null (sp_window_scenario_get_error_text (fixture->scenario));
  g_assert_true (g_file_equal (sp_window_scenario_get_file (fixture->scenario), file));
  g_assert_cmpstr (sp_window_scenario_get_title (fixture->scenario), ==, "Every setting");

  g_assert_cmpuint (n_panes (fixture), ==, 4);
  rules_server = pane_at (fixture, 0);
  talker = pane_at (fixture, 1);
  g_assert_true (SP_IS_SERVER_PANE (rules_server));
  g_assert_cmpstr (sp_server_pane_get_title (rules_server), ==, "Rules server");
  g_assert_cmpint (sp_server_get_behaviour (sp_server_pane_get_server (rules_server)), ==, SP_BEHAVIOUR_RULES);
  g_assert_cmpuint (sp_server_get_frame_length (sp_server_pane_get_server (rules_server)), ==, 12);
  g_assert_true (sp_send_box_get_hex (sp_server_pane_get_send_box (rules_server)));

  g_assert_true (SP_IS_CLIENT_PANE (talker));
  g_assert_cmpstr (sp_client_pane_get_title (talker), ==, "Talker");
  g_assert_cmpstr (sp_send_box_get_text (sp_client_pane_get_send_box (talker)), ==, "HELO me\\r\\n");
  sp_client_pane_get_repeat (talker, &count, &interval);
  g_assert_cmpuint (count, ==, 4);
  g_assert_cmpuint (interval, ==, 250);
  script = sp_script_editor_dup_text (sp_client_pane_get_script_editor (talker));
  g_assert_cmpstr (script, ==, "expect /^250/\nsend QUIT\\r\\n\nclose");
  /* Port 0 is no address to show a client: the server opens on a free port, the client
   * aims at it, and the server nobody follows keeps port 0. */
  g_assert_true (g_str_has_prefix (sp_server_pane_get_endpoint_text (rules_server), "tcp://127.0.0.1:"));
  g_assert_cmpstr (sp_server_pane_get_endpoint_text (rules_server), !=, "tcp://127.0.0.1:0");
  g_assert_cmpstr (sp_client_pane_get_endpoint_text (talker), ==, sp_server_pane_get_endpoint_text (rules_server));
  g_assert_null (sp_client_pane_get_endpoint_error_text (talker));
  g_assert_cmpstr (sp_server_pane_get_endpoint_text (pane_at (fixture, 2)), ==, "udp://127.0.0.1:0");

  /* What the window shows is what the file says, to the last setting. */
  shown = sp_window_scenario_dup_scenario (fixture->scenario);
  if (!sp_scenario_equal (shown, expected))
    {
      g_autofree char *text = sp_scenario_to_data (shown, NULL);

      g_error ("The window changed the playground:\n%s", text);
    }

  saved = save_and_read (fixture, "again.playground");
  g_assert_true (sp_scenario_equal (saved, expected));
}

/* The lesson from the menu runs in the window: the client follows the port the server
 * picks, and saving writes port 0 and @Server again. */
static void
test_lesson_runs_and_saves (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(SpScenario) saved = NULL;
  g_autofree char *bound = NULL;
  SpServerPane *server;
  SpClientPane *client;
  SpScenarioPane *saved_client;
  SpScenarioPane *saved_server;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "file.open-lesson", "s", "lesson"));
  g_assert_cmpuint (n_panes (fixture), ==, 2);
  g_assert_null (sp_window_scenario_get_file (fixture->scenario));
  g_assert_cmpstr (sp_window_scenario_get_title (fixture->scenario), ==, "The tutorial’s lesson");

  server = pane_at (fixture, 0);
  client = pane_at (fixture, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (server), "pane.start", NULL));
  WAIT_UNTIL (sp_server_get_state (sp_server_pane_get_server (server)) == SP_SERVER_STATE_LISTENING);

  bound = sp_endpoint_to_string (sp_server_get_bound_endpoint (sp_server_pane_get_server (server)));
  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_endpoint_text (client), bound) == 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client), "pane.connect", NULL));
  WAIT_UNTIL (sp_client_get_bytes_received (sp_client_pane_get_client (client)) == strlen ("Thank you for connecting"));

  saved = save_and_read (fixture, "my-lesson.playground");
  saved_server = sp_scenario_find_pane (saved, "Server");
  saved_client = sp_scenario_find_pane (saved, "Client");
  g_assert_nonnull (saved_server);
  g_assert_nonnull (saved_client);
  g_assert_cmpstr (sp_scenario_pane_get_endpoint (saved_server), ==, "tcp://127.0.0.1:0");
  g_assert_cmpstr (sp_scenario_pane_get_endpoint (saved_client), ==, "@Server");
  g_assert_cmpuint (g_list_model_get_n_items (sp_scenario_get_expectations (saved)), ==, 3);
  g_assert_cmpstr (sp_scenario_get_title (saved), ==, "The tutorial’s lesson");

  /* Typed by hand, the client's address is the person's own and saved as typed. */
  sp_client_pane_set_endpoint_text (client, "tcp://127.0.0.1:7");
  g_clear_object (&saved);
  saved = save_and_read (fixture, "my-lesson.playground");
  g_assert_cmpstr (sp_scenario_pane_get_endpoint (sp_scenario_find_pane (saved, "Client")), ==, "tcp://127.0.0.1:7");
}

static SpScenario *
load_lesson_resource (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_BASE_PATH "/scenarios/", name, SP_SCENARIO_SUFFIX, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  SpScenario *scenario;

  g_assert_nonnull (bytes);
  scenario = sp_scenario_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, &error);
  g_assert_no_error (error);
  return scenario;
}

/* The mail lesson opens as three demo server panes sharing a mailbox of its own; mail
 * sent through the SMTP pane lands there; saving writes Protocol= back. */
static void
test_demo_panes (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const char *protocols[] = { "smtp", "pop3", "imap" };
  g_autoptr(SpScenario) expected = load_lesson_resource ("mail");
  g_autoptr(SpScenario) saved = NULL;
  g_autofree char *bound = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  SpServerPane *smtp;
  SpClientPane *sender;
  SpMailbox *mailbox;
  SpMailMessage *message;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "file.open-lesson", "s", "mail"));
  g_assert_cmpuint (n_panes (fixture), ==, 6);

  mailbox = sp_window_scenario_get_mailbox (fixture->scenario);
  g_assert_true (SP_IS_MAILBOX (mailbox));
  g_assert_true (mailbox != sp_mailbox_get_default ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (mailbox)), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (protocols); i++)
    {
      SpServerPane *server_pane = pane_at (fixture, i);
      SpDemoServer *demo;

      g_assert_true (SP_IS_SERVER_PANE (server_pane));
      demo = sp_server_pane_get_demo (server_pane);
      g_assert_nonnull (demo);
      g_assert_cmpstr (sp_demo_server_get_protocol (demo), ==, protocols[i]);
      g_assert_true (sp_demo_server_get_server (demo) == sp_server_pane_get_server (server_pane));
      g_assert_true (sp_demo_server_get_mailbox (demo) == mailbox);
    }

  /* The SMTP client runs its script against the SMTP demo pane. */
  smtp = pane_at (fixture, 0);
  sender = pane_at (fixture, 3);
  g_assert_cmpstr (sp_client_pane_get_title (sender), ==, "SMTP client");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (smtp), "pane.start", NULL));
  WAIT_UNTIL (sp_server_get_state (sp_server_pane_get_server (smtp)) == SP_SERVER_STATE_LISTENING);
  bound = sp_endpoint_to_string (sp_server_get_bound_endpoint (sp_server_pane_get_server (smtp)));
  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_endpoint_text (sender), bound) == 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sender), "pane.connect", NULL));
  WAIT_UNTIL (sp_client_get_n_connections (sp_client_pane_get_client (sender)) == 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sp_client_pane_get_script_editor (sender)), "script.run", NULL));
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (mailbox)) == 2);
  message = sp_mailbox_get_message (mailbox, 1);
  g_assert_cmpstr (sp_mail_message_get_subject (message), ==, "Hello from the playground");

  /* What the window saves is the lesson again, demo servers and all. */
  saved = save_and_read (fixture, "mail.playground");
  if (!sp_scenario_equal (saved, expected))
    {
      g_autofree char *written = sp_scenario_to_data (saved, NULL);

      g_error ("Saving changed the mail lesson:\n%s", written);
    }
  path = g_build_filename (fixture->tmp_dir, "mail.playground", NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "Name=SMTP\nEndpoint=tcp://127.0.0.1:0\nProtocol=smtp\n"));
  g_assert_nonnull (strstr (text, "Name=IMAP\nEndpoint=tcp://127.0.0.1:0\nProtocol=imap\n"));
  g_assert_null (strstr (text, "Behaviour="));

  /* Opening another playground gives its demo servers a new mailbox. */
  g_assert_true (sp_window_scenario_open_lesson (fixture->scenario, "mail"));
  g_assert_true (sp_window_scenario_get_mailbox (fixture->scenario) != mailbox);
  g_assert_true (sp_window_scenario_open_lesson (fixture->scenario, "lesson"));
  g_assert_null (sp_window_scenario_get_mailbox (fixture->scenario));
}

/* A demo pane the person started from the port panel is saved as one too. */
static void
test_save_port_panel_demo (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(SpScenario) saved = NULL;
  SpServerPane *demo_pane;
  SpScenarioPane *pane;

  _sp_window_set_demo_endpoint (fixture->window, "tcp://127.0.0.1:0");
  demo_pane = sp_window_start_demo (fixture->window, sp_protocols_lookup ("POP3"));
  g_assert_nonnull (demo_pane);
  WAIT_UNTIL (sp_server_get_state (sp_server_pane_get_server (demo_pane)) == SP_SERVER_STATE_LISTENING);

  saved = save_and_read (fixture, "with-demo.playground");
  pane = sp_scenario_find_pane (saved, sp_server_pane_get_title (demo_pane));
  g_assert_nonnull (pane);
  g_assert_cmpstr (sp_scenario_pane_get_protocol (pane), ==, "pop3");
}

static void
test_lessons_menu (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GMenuModel *menu = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SP_TYPE_WINDOW, "lessons_menu"));
  g_autofree char *action = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GVariant) target = NULL;

  /* Every shipped lesson, the tutorial's first. */
  g_assert_cmpint (g_menu_model_get_n_items (menu), >=, 6);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
  g_assert_cmpstr (action, ==, "file.open-lesson");
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "The tutorial’s lesson");
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "lesson");

  /* Each opens. */
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) name = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);

      g_assert_true (sp_window_scenario_open_lesson (fixture->scenario, g_variant_get_string (name, NULL)));
      g_assert_cmpuint (n_panes (fixture), >=, 2);
    }
}

/* A file that does not read leaves the playground as it was, and says why. */
static void
test_refused_file (gconstpointer data)
{
  const char *text = data;
  Fixture fixture_data = { 0 };
  Fixture *fixture = &fixture_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GtkWidget) first = NULL;
  GtkWindow *dialog;
  const char *error_text;

  fixture_set_up (fixture, NULL);
  file = write_file (fixture, "broken.playground", text);
  first = g_object_ref (pane_at (fixture, 0));
  g_assert_cmpuint (n_panes (fixture), ==, 2);

  open_and_wait (fixture, file);

  error_text = sp_window_scenario_get_error_text (fixture->scenario);
  g_assert_nonnull (error_text);
  g_assert_true (g_str_has_prefix (error_text, "Line "));
  g_assert_cmpuint (n_panes (fixture), ==, 2);
  g_assert_true (pane_at (fixture, 0) == (gpointer) first);
  g_assert_null (sp_window_scenario_get_file (fixture->scenario));

  WAIT_UNTIL (find_message_dialog () != NULL);
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Could Not Open “broken.playground”");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, error_text);
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "open-refused");
  gtk_window_destroy (dialog);

  fixture_tear_down (fixture, NULL);
}

/* What would not read back is not written: the file on disk stays as it was. */
static void
test_save_refused (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_file (fixture, "kept.playground", "untouched");
  g_autofree char *contents = NULL;
  SpClientPane *client = pane_at (fixture, 1);

  sp_send_box_set_hex (sp_client_pane_get_send_box (client), TRUE);
  sp_send_box_set_text (sp_client_pane_get_send_box (client), "zz");
  sp_window_scenario_save (fixture->scenario, file);
  g_assert_false (sp_window_scenario_get_busy (fixture->scenario));
  g_assert_true (g_str_has_prefix (sp_window_scenario_get_error_text (fixture->scenario),
                                   "A pane has a setting that would not read back: Line "));
  WAIT_UNTIL (find_message_dialog () != NULL);
  gtk_window_destroy (find_message_dialog ());

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpstr (contents, ==, "untouched");
}

/* Whether the Open Recent menu offers @uri. */
static gboolean
menu_lists (GMenuModel *menu,
            const char *uri)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);

      if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), uri))
        return TRUE;
    }

  return FALSE;
}

static gboolean
menu_is_empty_note (GMenuModel *menu)
{
  g_autofree char *action = NULL;

  return g_menu_model_get_n_items (menu) == 1 &&
         g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
         g_str_equal (action, "file.no-recent");
}

/* With nothing to open, Open Recent says so, greyed out, rather than showing nothing. */
static void
test_recent_empty (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkRecentManager *recent = gtk_recent_manager_get_default ();
  GMenuModel *menu = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SP_TYPE_WINDOW, "recent_menu"));
  GActionGroup *actions = sp_window_scenario_get_actions (fixture->scenario);
  g_autoptr(GFile) file = write_file (fixture, "listed.playground", every_setting);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *label = NULL;
  g_autoptr(GError) error = NULL;

  /* The test's own list of recent files (XDG_DATA_HOME): emptied. */
  gtk_recent_manager_purge_items (recent, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (menu_is_empty_note (menu));
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "No Recent Playgrounds");
  g_assert_true (g_action_group_has_action (actions, "no-recent"));
  g_assert_false (g_action_group_get_action_enabled (actions, "no-recent"));

  /* A file opened takes its place. */
  open_and_wait (fixture, file);
  WAIT_UNTIL (menu_lists (menu, uri));
  g_assert_false (menu_is_empty_note (menu));
}

static void
test_recent (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_file (fixture, "recent.playground", every_setting);
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentManager *recent = gtk_recent_manager_get_default ();
  GMenuModel *menu = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SP_TYPE_WINDOW, "recent_menu"));
  g_autoptr(GtkRecentInfo) info = NULL;

  open_and_wait (fixture, file);
  g_assert_true (gtk_recent_manager_has_item (recent, uri));
  info = gtk_recent_manager_lookup_item (recent, uri, NULL);
  g_assert_cmpstr (gtk_recent_info_get_mime_type (info), ==, SP_SCENARIO_MIME_TYPE);

  WAIT_UNTIL (menu_lists (menu, uri));

  /* Opening from the menu opens it again. */
  sp_window_scenario_open_lesson (fixture->scenario, "echo");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "file.open-recent", "s", uri));
  WAIT_UNTIL (!sp_window_scenario_get_busy (fixture->scenario) && n_panes (fixture) == 4);
  g_assert_true (g_file_equal (sp_window_scenario_get_file (fixture->scenario), file));
}

/* `socket-playground FILE` and the file manager: the application opens it. */
static void
test_application_opens_file (void)
{
  g_autoptr(SpApplication) app = sp_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-window-scenario-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "given.playground", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *window;
  SpWindowScenario *scenario;

  g_assert_true (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_HANDLES_OPEN);
  g_file_set_contents (path, every_setting, -1, &error);
  g_assert_no_error (error);

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_application_open (G_APPLICATION (app), &file, 1, "");
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (SP_IS_WINDOW (window));
  scenario = sp_window_scenario_get (SP_WINDOW (window));
  WAIT_UNTIL (sp_window_scenario_get_file (scenario) != NULL);
  g_assert_true (g_file_equal (sp_window_scenario_get_file (scenario), file));
  g_assert_cmpuint (g_list_model_get_n_items (sp_window_get_panes (SP_WINDOW (window))), ==, 4);

  gtk_window_destroy (window);
  g_remove (path);
  g_rmdir (dir);
}

static void
load_style_sheet (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The list of recent files, and anything else of the person's, stays out of reach. */
  data_home = g_dir_make_tmp ("test-window-scenario-home-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  load_style_sheet ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/window-scenario/open/every-setting", test_open_every_setting);
  ADD ("/window-scenario/lesson/runs-and-saves", test_lesson_runs_and_saves);
  ADD ("/window-scenario/lessons-menu", test_lessons_menu);
  ADD ("/window-scenario/save/refused", test_save_refused);
  ADD ("/window-scenario/recent", test_recent);
  ADD ("/window-scenario/recent/empty", test_recent_empty);
  ADD ("/window-scenario/demo-panes", test_demo_panes);
  ADD ("/window-scenario/save/port-panel-demo", test_save_port_panel_demo);
  g_test_add_data_func ("/window-scenario/open/malformed",
                        "[Playground]\nVersion=1\n[Pane 1]\nKind=client\nEndpoint=tcp://127.0.0.1:0\n",
                        test_refused_file);
  g_test_add_data_func ("/window-scenario/open/newer-version",
                        "[Playground]\nVersion=7\n", test_refused_file);
  g_test_add_func ("/window-scenario/application-opens-file", test_application_opens_file);

#undef ADD

  status = g_test_run ();

  remove_tree (data_home);
  g_free (data_home);

  return status;
}
