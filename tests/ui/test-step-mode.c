/* test-step-mode.c — the lesson in step mode, clicked through the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server listens on a port the system chooses; the client pane follows it. Nothing
 * sleeps: the test spins the main loop until a condition holds, with a deadline.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "sp-core.h"
#include "sp-window.h"
#include "sp-ui-test.h"

#define GREETING "Thank you for connecting"

typedef struct
{
  SpWindow     *window;
  SpServerPane *server_pane;
  SpClientPane *client_pane;
  SpServer     *server;
  SpClient     *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->window = sp_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);

  gtk_window_present (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));

  fixture->server_pane = sp_window_get_server_pane (fixture->window);
  fixture->client_pane = sp_window_get_client_pane (fixture->window);
  fixture->server = sp_server_pane_get_server (fixture->server_pane);
  fixture->client = sp_client_pane_get_client (fixture->client_pane);
  g_object_add_weak_pointer (G_OBJECT (fixture->server), (gpointer *) &fixture->server);
  g_object_add_weak_pointer (G_OBJECT (fixture->client), (gpointer *) &fixture->client);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));

  WAIT_UNTIL (fixture->window == NULL);
  WAIT_UNTIL (fixture->server == NULL);
  WAIT_UNTIL (fixture->client == NULL);
}

static gboolean
str_starts (const char *text,
            const char *prefix)
{
  return text != NULL && g_str_has_prefix (text, prefix);
}

/* "socket bind listen - accept …": each event's call name, "-" for a sentence. */
static char *
dup_call_names (SpEventLog *log)
{
  GString *names = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      const char *call = sp_event_get_call (event);

      if (names->len > 0)
        g_string_append_c (names, ' ');
      if (sp_event_get_kind (event) == SP_EVENT_KIND_INFO || call == NULL)
        g_string_append_c (names, '-');
      else
        g_string_append_len (names, call, strcspn (call, "( "));
    }

  return g_string_free (names, FALSE);
}

static gboolean
log_has_message (SpEventLog *log,
                 const char *part)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (strstr (sp_event_get_message (event), part) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Clicks Step once it can be clicked and waits for the label to name the next call. */
#define STEP_SERVER(fixture, call, next) \
  G_STMT_START { \
    WAIT_UNTIL (sp_server_pane_get_can_step ((fixture)->server_pane)); \
    g_assert_cmpstr (sp_server_pane_get_step_label ((fixture)->server_pane), ==, "Next: " call); \
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET ((fixture)->server_pane), "pane.step", NULL)); \
    WAIT_UNTIL (g_strcmp0 (sp_server_pane_get_step_label ((fixture)->server_pane), "Next: " next) == 0); \
  } G_STMT_END

#define STEP_CLIENT(fixture, call, next) \
  G_STMT_START { \
    WAIT_UNTIL (sp_client_pane_get_can_step ((fixture)->client_pane)); \
    g_assert_cmpstr (sp_client_pane_get_step_label ((fixture)->client_pane), ==, "Next: " call); \
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET ((fixture)->client_pane), "pane.step", NULL)); \
    WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_step_label ((fixture)->client_pane), "Next: " next) == 0); \
  } G_STMT_END

/* The seed's exchange, one call per click: each call of server.py and client.py in turn. */
static void
test_lesson (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *server_calls = NULL;
  g_autofree char *client_calls = NULL;

  sp_server_pane_set_endpoint_text (fixture->server_pane, "tcp://127.0.0.1:0");

  /* Step Mode, from each pane's menu: Step takes the place of Start and Connect. */
  g_assert_null (sp_server_pane_get_step_label (fixture->server_pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.step-mode", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->client_pane), "pane.step-mode", NULL));
  g_assert_true (sp_server_get_step_mode (fixture->server));
  g_assert_true (sp_client_get_step_mode (fixture->client));
  g_assert_false (sp_server_pane_get_can_start (fixture->server_pane));
  g_assert_false (sp_client_pane_get_can_connect (fixture->client_pane));
  g_assert_cmpstr (sp_server_pane_get_step_label (fixture->server_pane), ==, "Next: socket()");
  g_assert_cmpstr (sp_client_pane_get_step_label (fixture->client_pane), ==, "Next: socket()");

  /* The first step by its key, F6, with the keyboard in the server pane. */
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (fixture->server_pane), "F6"));
  WAIT_UNTIL (g_strcmp0 (sp_server_pane_get_step_label (fixture->server_pane), "Next: bind()") == 0);
  g_assert_cmpstr (sp_server_pane_get_state_text (fixture->server_pane), ==, "Socket created, not bound yet");

  /* The mode cannot change half-way through a run. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.step-mode", NULL);
  g_assert_true (sp_server_get_step_mode (fixture->server));

  STEP_SERVER (fixture, "bind()", "listen()");
  g_assert_true (str_starts (sp_server_pane_get_state_text (fixture->server_pane), "Bound to 127.0.0.1:"));
  /* The client follows the port the system chose. */
  WAIT_UNTIL (!g_str_has_suffix (sp_client_pane_get_endpoint_text (fixture->client_pane), ":0"));
  STEP_SERVER (fixture, "listen()", "accept()");
  g_assert_true (str_starts (sp_server_pane_get_state_text (fixture->server_pane), "Listening on 127.0.0.1:"));

  STEP_CLIENT (fixture, "socket()", "connect()");
  g_assert_cmpstr (sp_client_pane_get_state_text (fixture->client_pane), ==, "Socket created, not connected yet");
  STEP_CLIENT (fixture, "connect()", "recv()");
  g_assert_true (str_starts (sp_client_pane_get_state_text (fixture->client_pane), "Connected to 127.0.0.1:"));

  /* Connected, and not accepted yet: the connection waits in the server's backlog. */
  WAIT_UNTIL (log_has_message (sp_server_get_log (fixture->server), "waits in the backlog"));
  g_assert_cmpuint (sp_server_get_n_accepted (fixture->server), ==, 0);
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "step-mode-backlog");

  STEP_SERVER (fixture, "accept()", "send()");
  STEP_SERVER (fixture, "send()", "close()");
  STEP_SERVER (fixture, "close()", "accept()");
  WAIT_UNTIL (sp_server_get_bytes_sent (fixture->server) == strlen (GREETING));

  /* Nothing reaches the client before its recv(). */
  g_assert_null (sp_client_pane_get_received_text (fixture->client_pane));
  STEP_CLIENT (fixture, "recv()", "close()");
  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_received_text (fixture->client_pane), GREETING) == 0);
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "step-mode-received");
  STEP_CLIENT (fixture, "close()", "socket()");
  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_state_text (fixture->client_pane), "Disconnected") == 0);

  server_calls = dup_call_names (sp_server_get_log (fixture->server));
  g_assert_cmpstr (server_calls, ==, "socket bind listen - accept send close");
  client_calls = dup_call_names (sp_client_get_log (fixture->client));
  g_assert_cmpstr (client_calls, ==, "socket connect recv close");

  /* Stop, and Step Mode off: Start is back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.stop", NULL));
  WAIT_UNTIL (g_strcmp0 (sp_server_pane_get_state_text (fixture->server_pane), "Stopped") == 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.step-mode", NULL));
  g_assert_false (sp_server_get_step_mode (fixture->server));
  g_assert_null (sp_server_pane_get_step_label (fixture->server_pane));
  g_assert_true (sp_server_pane_get_can_start (fixture->server_pane));
}

/* A bind() that fails shows its sentence in the pane, as a failed start does. */
static void
test_bind_in_use (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) holder = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *text = NULL;

  holder = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (holder, address, FALSE, &error));
  g_assert_true (g_socket_listen (holder, &error));
  local = g_socket_get_local_address (holder, &error);
  g_assert_no_error (error);
  text = g_strdup_printf ("tcp://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));

  sp_server_pane_set_endpoint_text (fixture->server_pane, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.step-mode", NULL));
  STEP_SERVER (fixture, "socket()", "bind()");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.step", NULL));

  WAIT_UNTIL (sp_server_pane_get_error_text (fixture->server_pane) != NULL);
  g_assert_nonnull (strstr (sp_server_pane_get_error_text (fixture->server_pane), "already in use"));
  g_assert_cmpstr (sp_server_pane_get_state_text (fixture->server_pane), ==, "Failed");
  g_assert_cmpstr (sp_server_pane_get_step_label (fixture->server_pane), ==, "Next: socket()");

  /* "Use a Free Port" starts over with port 0, still one call at a time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.use-free-port", NULL));
  WAIT_UNTIL (g_strcmp0 (sp_server_pane_get_step_label (fixture->server_pane), "Next: bind()") == 0);
  g_assert_cmpstr (sp_server_pane_get_endpoint_text (fixture->server_pane), ==, "tcp://127.0.0.1:0");
  g_assert_null (sp_server_pane_get_error_text (fixture->server_pane));
  STEP_SERVER (fixture, "bind()", "listen()");
  g_assert_false (g_str_has_suffix (sp_server_pane_get_endpoint_text (fixture->server_pane), ":0"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  sp_ui_test_load_style_sheet ();

  g_test_add ("/step-mode/lesson", Fixture, NULL, fixture_set_up, test_lesson, fixture_tear_down);
  g_test_add ("/step-mode/bind-in-use", Fixture, NULL, fixture_set_up, test_bind_in_use, fixture_tear_down);

  return g_test_run ();
}
