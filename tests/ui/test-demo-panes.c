/* test-demo-panes.c — the port panel's Demo button, in the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demos listen on a port the system picks (the window's test hook), never on their
 * fixed port + 8000, so the test cannot collide with anything.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "sp-core.h"
#include "sp-demo-info.h"
#include "sp-port-panel.h"
#include "sp-window.h"
#include "sp-window-private.h"
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

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
str_has (const char *haystack,
         const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

static void
test_demo_button (void)
{
  SpWindow *window = sp_window_new (NULL);
  GtkWidget *port_panel;
  SpServerPane *server_pane;
  SpClientPane *client_pane;
  SpDemoInfo *info;
  SpEndpoint *bound;
  g_autofree char *port_text = NULL;
  guint n_before;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  _sp_window_set_demo_endpoint (window, "tcp://127.0.0.1:0");

  n_before = g_list_model_get_n_items (sp_window_get_panes (window));
  port_panel = find_descendant (GTK_WIDGET (window), SP_TYPE_PORT_PANEL);
  g_assert_nonnull (port_panel);
  /* With the port panel open, four panes do not fit: the new ones must be scrolled to. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-ports", NULL));
  g_assert_true (gtk_widget_activate_action (port_panel, "ports.start-demo", "s", "Gopher"));

  /* A server pane running the demo, and a client pane beside it. */
  g_assert_cmpuint (g_list_model_get_n_items (sp_window_get_panes (window)), ==, n_before + 2);
  server_pane = g_list_model_get_item (sp_window_get_panes (window), n_before);
  client_pane = g_list_model_get_item (sp_window_get_panes (window), n_before + 1);
  g_object_unref (server_pane);
  g_object_unref (client_pane);
  g_assert_true (SP_IS_SERVER_PANE (server_pane));
  g_assert_true (SP_IS_CLIENT_PANE (client_pane));
  g_assert_cmpstr (sp_server_pane_get_title (server_pane), ==, "Gopher Demo");
  g_assert_cmpstr (sp_client_pane_get_title (client_pane), ==, "Gopher Client");
  g_assert_nonnull (sp_server_pane_get_demo (server_pane));
  g_assert_cmpstr (sp_demo_server_get_protocol (sp_server_pane_get_demo (server_pane)), ==, "gopher");

  {
    GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (client_pane), GTK_TYPE_SCROLLED_WINDOW);
    graphene_rect_t bounds = GRAPHENE_RECT_INIT (-1, 0, 0, 0);

    WAIT_UNTIL (gtk_widget_compute_bounds (GTK_WIDGET (client_pane), scroller, &bounds) &&
                bounds.size.width > 0 && bounds.origin.x >= 0 &&
                bounds.origin.x + bounds.size.width <= gtk_widget_get_width (scroller) + 1);
  }

  /* It starts by itself; the client then aims at the port the system picked. */
  WAIT_UNTIL (sp_server_get_state (sp_server_pane_get_server (server_pane)) == SP_SERVER_STATE_LISTENING);
  bound = sp_server_get_bound_endpoint (sp_server_pane_get_server (server_pane));
  port_text = g_strdup_printf (":%u", sp_endpoint_get_port (bound));
  WAIT_UNTIL (g_str_has_suffix (sp_client_pane_get_endpoint_text (client_pane), port_text));

  /* The pane shows the login and Python that names the real port. */
  info = SP_DEMO_INFO (find_descendant (GTK_WIDGET (server_pane), SP_TYPE_DEMO_INFO));
  g_assert_nonnull (info);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (info)));
  g_assert_true (str_has (sp_demo_info_get_snippet (info), port_text + 1));
  g_assert_true (str_has (sp_demo_info_get_snippet (info), "socket.create_connection"));

  /* Connect: the first request (the empty selector) brings the menu back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client_pane), "pane.connect", NULL));
  WAIT_UNTIL (sp_client_get_state (sp_client_pane_get_client (client_pane)) == SP_CLIENT_STATE_CONNECTED
              || str_has (sp_client_pane_get_received_text (client_pane), "Gopher demo"));
  if (sp_client_get_state (sp_client_pane_get_client (client_pane)) == SP_CLIENT_STATE_CONNECTED)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client_pane), "pane.send", NULL));
  WAIT_UNTIL (str_has (sp_client_pane_get_received_text (client_pane), "Socket Playground Gopher demo"));
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (window), "demo-gopher");

  /* Duplicating the demo pane gives another demo of the same protocol. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (server_pane), "pane.duplicate", NULL));
  WAIT_UNTIL (g_list_model_get_n_items (sp_window_get_panes (window)) == n_before + 3);
  {
    g_autoptr(SpServerPane) copy = g_list_model_get_item (sp_window_get_panes (window), n_before + 1);

    g_assert_true (SP_IS_SERVER_PANE (copy));
    g_assert_nonnull (sp_server_pane_get_demo (copy));
    g_assert_cmpstr (sp_demo_server_get_protocol (sp_server_pane_get_demo (copy)), ==, "gopher");
  }

  /* No demo for a protocol without one: the action refuses with a warning-free no-op. */
  g_assert_null (sp_demo_server_protocol_for_port (22));

  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);
}

/* Runs @code with python3 while the window's main loop serves it; returns what it printed. */
static char *
run_python (const char *code)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GAsyncResult *result = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              "python3", "-W", "ignore", "-c", code, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, store_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("python3 failed:\n%s\n%s", code, err);

  return g_steal_pointer (&out);
}

static const char *
demo_snippet (SpServerPane *pane)
{
  SpDemoInfo *info = SP_DEMO_INFO (find_descendant (GTK_WIDGET (pane), SP_TYPE_DEMO_INFO));

  return sp_demo_info_get_snippet (info);
}

/* The promise: a mail sent to the demo SMTP server with smtplib is read back with
 * poplib and imaplib, each through the snippet its pane shows, and each pane logs it. */
static void
test_mail_round_trip (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpServerPane *panes[3];
  const char *names[] = { "SMTP", "POP3", "IMAP4" };
  g_autofree char *sent = NULL;
  g_autofree char *popped = NULL;
  g_autofree char *fetched = NULL;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  _sp_window_set_demo_endpoint (window, "tcp://127.0.0.1:0");

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      panes[i] = sp_window_start_demo (window, sp_protocols_lookup (names[i]));
      g_assert_nonnull (panes[i]);
      WAIT_UNTIL (sp_server_get_state (sp_server_pane_get_server (panes[i])) == SP_SERVER_STATE_LISTENING);
      WAIT_UNTIL (str_has (demo_snippet (panes[i]), ", 0)") == FALSE);
    }

  sent = run_python (demo_snippet (panes[0]));
  g_assert_true (str_has (sent, "Sent"));
  popped = run_python (demo_snippet (panes[1]));
  g_assert_true (str_has (popped, "Thank you for connecting"));
  fetched = run_python (demo_snippet (panes[2]));
  g_assert_true (str_has (fetched, "Thank you for connecting"));

  /* Each pane saw its side of the conversation, command by command. */
  g_assert_cmpuint (sp_server_get_n_accepted (sp_server_pane_get_server (panes[0])), ==, 1);
  g_assert_cmpuint (sp_server_get_n_accepted (sp_server_pane_get_server (panes[1])), ==, 1);
  g_assert_cmpuint (sp_server_get_n_accepted (sp_server_pane_get_server (panes[2])), ==, 1);
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (window), "demo-mail");

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

  g_test_add_func ("/demo-panes/demo-button", test_demo_button);
  g_test_add_func ("/demo-panes/mail-round-trip", test_mail_round_trip);

  return g_test_run ();
}
