/* test-teaching-views.c — the "Done means": the seed's lesson in step mode, with
 * the code, the states and the diagram following each call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lesson's server listens on a port the system picks; its client follows it there.
 */

#include "config.h"

#include <adwaita.h>

#include "sp-code-view.h"
#include "sp-core.h"
#include "sp-sequence-view-private.h"
#include "sp-state-view.h"
#include "sp-teaching-panel.h"
#include "sp-window.h"

#include <string.h>
#include "sp-ui-test.h"

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  SpWindow        *window;
  SpTeachingPanel *panel;
  SpServerPane    *server_pane;
  SpClientPane    *client_pane;
  SpCodeView      *server_code;
  SpCodeView      *client_code;
  SpStateView     *server_states;
  SpStateView     *client_states;
} Lesson;

/* The line of the code view's program that makes @kind's call. */
static guint
line_of (SpCodeView  *view,
         SpEventKind  kind)
{
  return sp_snippet_get_line_for_call (sp_code_view_get_snippet (view), kind, 0);
}

/* One click on a pane's Step button, then the views must show @kind's call. */
static void
step (Lesson      *lesson,
      GtkWidget   *pane,
      SpEventKind  kind)
{
  SpCodeView *code = SP_IS_SERVER_PANE (pane) ? lesson->server_code : lesson->client_code;
  SpEventLog *log = SP_IS_SERVER_PANE (pane)
                    ? sp_server_get_log (sp_server_pane_get_server (SP_SERVER_PANE (pane)))
                    : sp_client_get_log (sp_client_pane_get_client (SP_CLIENT_PANE (pane)));
  guint arrows = _sp_sequence_view_get_n_arrows (SP_SEQUENCE_VIEW (sp_teaching_panel_get_sequence_view (lesson->panel)));
  guint expected;

  g_test_message ("Step: %s", sp_event_kind_get_name (kind));
  g_assert_true (gtk_widget_activate_action (pane, "pane.step", NULL));
  WAIT_UNTIL (sp_event_log_get_last (log) != NULL && sp_event_get_kind (sp_event_log_get_last (log)) == kind);

  expected = line_of (code, kind);
  g_assert_cmpuint (expected, >, 0);
  WAIT_UNTIL (sp_code_view_get_highlighted_line (code) == expected);
  /* The diagram drew the call too. */
  WAIT_UNTIL (_sp_sequence_view_get_n_arrows (SP_SEQUENCE_VIEW (sp_teaching_panel_get_sequence_view (lesson->panel))) > arrows);
}

static void
test_lesson_in_step_mode (void)
{
  Lesson lesson = { 0 };
  g_autofree char *port = NULL;
  SpServer *server;
  SpClient *client;

  sp_ui_test_load_style_sheet ();
  lesson.window = sp_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (lesson.window), (gpointer *) &lesson.window);
  gtk_window_set_default_size (GTK_WINDOW (lesson.window), 1366, 768);
  gtk_window_present (GTK_WINDOW (lesson.window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (lesson.window)));

  lesson.panel = SP_TEACHING_PANEL (find_descendant (GTK_WIDGET (lesson.window), SP_TYPE_TEACHING_PANEL));
  lesson.server_pane = sp_window_get_server_pane (lesson.window);
  lesson.client_pane = sp_window_get_client_pane (lesson.window);
  lesson.server_code = SP_CODE_VIEW (sp_teaching_panel_get_code_view (lesson.panel, TRUE));
  lesson.client_code = SP_CODE_VIEW (sp_teaching_panel_get_code_view (lesson.panel, FALSE));
  lesson.server_states = SP_STATE_VIEW (sp_teaching_panel_get_state_view (lesson.panel, TRUE));
  lesson.client_states = SP_STATE_VIEW (sp_teaching_panel_get_state_view (lesson.panel, FALSE));
  server = sp_server_pane_get_server (lesson.server_pane);
  client = sp_client_pane_get_client (lesson.client_pane);

  /* F8 shows the teaching views, on the lesson's two panes. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (lesson.panel)));
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (lesson.window), "F8"));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (lesson.panel)));
  g_assert_true (sp_teaching_panel_get_server_pane (lesson.panel) == GTK_WIDGET (lesson.server_pane));
  g_assert_true (sp_teaching_panel_get_client_pane (lesson.panel) == GTK_WIDGET (lesson.client_pane));
  g_assert_true (sp_code_view_get_server (lesson.server_code) == server);
  g_assert_true (sp_code_view_get_client (lesson.client_code) == client);
  g_assert_true (sp_state_view_get_server (lesson.server_states) == server);
  g_assert_true (sp_state_view_get_client (lesson.client_states) == client);
  sp_teaching_panel_set_page (lesson.panel, "code");

  /* The server.py and client.py of the tutorial. */
  g_assert_nonnull (strstr (sp_snippet_get_text (sp_code_view_get_snippet (lesson.server_code)), "s.listen("));
  g_assert_nonnull (strstr (sp_snippet_get_text (sp_code_view_get_snippet (lesson.client_code)), "s.connect("));

  /* Each pane names its family and type as the tutorial does. */
  g_assert_cmpstr (sp_server_pane_get_family_text (lesson.server_pane), ==, "AF_INET · SOCK_STREAM");
  g_assert_cmpstr (sp_client_pane_get_family_text (lesson.client_pane), ==, "AF_INET · SOCK_STREAM");
  sp_server_pane_set_endpoint_text (lesson.server_pane, "udp://[::1]:0");
  WAIT_UNTIL (g_strcmp0 (sp_server_pane_get_family_text (lesson.server_pane), "AF_INET6 · SOCK_DGRAM") == 0);

  sp_server_pane_set_endpoint_text (lesson.server_pane, "tcp://127.0.0.1:0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lesson.server_pane), "pane.step-mode", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lesson.client_pane), "pane.step-mode", NULL));
  WAIT_UNTIL (sp_server_get_step_mode (server) && sp_client_get_step_mode (client));

  step (&lesson, GTK_WIDGET (lesson.server_pane), SP_EVENT_KIND_SOCKET);
  WAIT_UNTIL (sp_state_view_get_highlighted (lesson.server_states, 0) == SP_SOCKET_STATE_CREATED);
  step (&lesson, GTK_WIDGET (lesson.server_pane), SP_EVENT_KIND_BIND);
  WAIT_UNTIL (sp_state_view_get_highlighted (lesson.server_states, 0) == SP_SOCKET_STATE_BOUND);
  step (&lesson, GTK_WIDGET (lesson.server_pane), SP_EVENT_KIND_LISTEN);
  WAIT_UNTIL (sp_state_view_get_highlighted (lesson.server_states, 0) == SP_SOCKET_STATE_LISTENING);

  /* The client follows the port the system picked at bind(). */
  port = g_strdup_printf (":%u", sp_endpoint_get_port (sp_server_get_bound_endpoint (server)));
  WAIT_UNTIL (g_str_has_suffix (sp_client_pane_get_endpoint_text (lesson.client_pane), port));

  step (&lesson, GTK_WIDGET (lesson.client_pane), SP_EVENT_KIND_SOCKET);
  step (&lesson, GTK_WIDGET (lesson.client_pane), SP_EVENT_KIND_CONNECT);
  /* connect() completed before any accept(): the connection waits in the backlog. */
  WAIT_UNTIL (sp_client_get_socket_state (client) == SP_SOCKET_STATE_CONNECTED);
  g_assert_cmpuint (sp_server_get_n_accepted (server), ==, 0);
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (lesson.window), "teaching-code");

  step (&lesson, GTK_WIDGET (lesson.server_pane), SP_EVENT_KIND_ACCEPT);
  step (&lesson, GTK_WIDGET (lesson.server_pane), SP_EVENT_KIND_SEND);
  step (&lesson, GTK_WIDGET (lesson.server_pane), SP_EVENT_KIND_CLOSE);
  step (&lesson, GTK_WIDGET (lesson.client_pane), SP_EVENT_KIND_RECV);
  g_assert_cmpstr (sp_client_pane_get_received_text (lesson.client_pane), ==, "Thank you for connecting");
  sp_teaching_panel_set_page (lesson.panel, "states");
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (lesson.window), "teaching-states");
  step (&lesson, GTK_WIDGET (lesson.client_pane), SP_EVENT_KIND_CLOSE);

  /* Selecting a row of the server's log selects its arrow, and the other way round. */
  sp_teaching_panel_set_page (lesson.panel, "diagram");
  {
    SpEventLog *log = sp_server_get_log (server);
    SpSequenceView *diagram = SP_SEQUENCE_VIEW (sp_teaching_panel_get_sequence_view (lesson.panel));
    g_autoptr(SpEvent) accept = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)) && accept == NULL; i++)
      {
        g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

        if (sp_event_get_kind (event) == SP_EVENT_KIND_ACCEPT)
          accept = g_object_ref (event);
      }
    g_assert_nonnull (accept);
    sp_log_view_set_selected_event (sp_server_pane_get_log_view (lesson.server_pane), accept);
    WAIT_UNTIL (sp_sequence_view_get_selected_event (diagram) == accept);

    sp_sequence_view_set_selected_event (diagram, sp_event_log_get_last (sp_client_get_log (client)));
    WAIT_UNTIL (sp_log_view_get_selected_event (sp_client_pane_get_log_view (lesson.client_pane))
                == sp_event_log_get_last (sp_client_get_log (client)));
  }
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (lesson.window), "teaching-diagram");

  /* The language follows Preferences' setting through the code view's property. */
  sp_code_view_set_language (lesson.server_code, SP_SNIPPET_LANGUAGE_C);
  g_assert_nonnull (strstr (sp_snippet_get_text (sp_code_view_get_snippet (lesson.server_code)), "#include <sys/socket.h>"));

  /* F8 again hides them. */
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (lesson.window), "F8"));
  WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (lesson.panel)));

  gtk_window_destroy (GTK_WINDOW (lesson.window));
  WAIT_UNTIL (lesson.window == NULL);
}

/* Closing the pane the views show hands them to the last pane of its kind. */
static void
test_follows_panes (void)
{
  SpWindow *window;
  SpTeachingPanel *panel;
  SpServerPane *second;

  sp_ui_test_load_style_sheet ();
  window = sp_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  panel = SP_TEACHING_PANEL (find_descendant (GTK_WIDGET (window), SP_TYPE_TEACHING_PANEL));

  second = sp_window_add_server_pane (window, NULL);
  g_assert_true (sp_teaching_panel_get_server_pane (panel) == GTK_WIDGET (second));
  sp_window_close_pane (window, GTK_WIDGET (second));
  g_assert_true (sp_teaching_panel_get_server_pane (panel) == GTK_WIDGET (sp_window_get_server_pane (window)));

  /* With no pane at all, each view says what to do first. */
  sp_window_remove_all_panes (window);
  g_assert_null (sp_teaching_panel_get_server_pane (panel));
  g_assert_null (sp_teaching_panel_get_client_pane (panel));
  gtk_widget_set_visible (GTK_WIDGET (panel), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  sp_teaching_panel_set_page (panel, "code");
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (window), "teaching-empty-code");
  sp_teaching_panel_set_page (panel, "states");
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (window), "teaching-empty-states");
  sp_teaching_panel_set_page (panel, "diagram");
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (window), "teaching-empty-diagram");

  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/teaching-views/lesson-in-step-mode", test_lesson_in_step_mode);
  g_test_add_func ("/teaching-views/follows-panes", test_follows_panes);

  return g_test_run ();
}
