/* test-workspace.c — the window as a workspace: many panes, every transport, every behaviour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window under Xvfb with real sockets: ports are chosen by the system (bind to
 * port 0, read it back), Unix sockets live in a fresh temporary folder. Nothing sleeps:
 * the tests spin the main loop until a condition holds, with a deadline.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>

#include "sp-connection-row.h"
#include "sp-core.h"
#include "sp-endpoint-entry.h"
#include "sp-script-editor.h"
#include "sp-send-box.h"
#include "sp-window.h"
#include "sp-ui-test.h"

#define FLOOD_BYTES (64 * 1024 * 1024)

static gboolean
str_has (const char *haystack,
         const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

static gboolean
str_starts (const char *text,
            const char *prefix)
{
  return text != NULL && g_str_has_prefix (text, prefix);
}

typedef struct
{
  SpWindow *window;
  char     *tmp_dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->window = sp_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1366, 768);

  gtk_window_present (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (fixture->window == NULL);

  if (fixture->tmp_dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (fixture->tmp_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (fixture->tmp_dir, name, NULL);

          g_remove (path);
        }
      g_rmdir (fixture->tmp_dir);
      g_clear_pointer (&fixture->tmp_dir, g_free);
    }
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

/* Starts @pane on @endpoint_text with @behaviour and returns the address it listens on. */
static char *
start_server (SpServerPane *pane,
              const char   *endpoint_text,
              SpBehaviour   behaviour)
{
  SpServer *server = sp_server_pane_get_server (pane);

  sp_server_pane_set_behaviour (pane, behaviour);
  g_assert_cmpint (sp_server_get_behaviour (server), ==, behaviour);
  sp_server_pane_set_endpoint_text (pane, endpoint_text);
  g_assert_null (sp_server_pane_get_endpoint_error_text (pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.start", NULL));
  WAIT_UNTIL (str_starts (sp_server_pane_get_state_text (pane), "Listening"));

  return sp_endpoint_to_string (sp_server_get_bound_endpoint (server));
}

static void
connect_client (SpClientPane *pane,
                const char   *address)
{
  sp_client_pane_set_endpoint_text (pane, address);
  g_assert_null (sp_client_pane_get_endpoint_error_text (pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.connect", NULL));
  WAIT_UNTIL (sp_client_get_state (sp_client_pane_get_client (pane)) == SP_CLIENT_STATE_CONNECTED);
  g_assert_true (str_starts (sp_client_pane_get_state_text (pane), "Connected to "));
}

static void
send_text (SpClientPane *pane,
           const char   *text)
{
  sp_send_box_set_hex (sp_client_pane_get_send_box (pane), FALSE);
  sp_send_box_set_text (sp_client_pane_get_send_box (pane), text);
  g_assert_true (sp_send_box_get_valid (sp_client_pane_get_send_box (pane)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.send", NULL));
}

static void
test_workspace_add_remove (Fixture       *fixture,
                           gconstpointer  user_data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  SpServerPane *lesson_server = sp_window_get_server_pane (fixture->window);
  SpServer *lesson_engine;
  SpServer *copy_engine;
  SpServerPane *server_pane;
  SpClientPane *client_pane;
  GtkWidget *copy;
  g_autofree char *address = NULL;

  /* The lesson's pair, then one of each by shortcut. */
  g_assert_cmpuint (n_panes (fixture), ==, 2);
  g_assert_true (sp_ui_test_activate_shortcut (window, "<Control><Shift>n"));
  g_assert_true (sp_ui_test_activate_shortcut (window, "<Control>n"));
  g_assert_cmpuint (n_panes (fixture), ==, 4);

  server_pane = pane_at (fixture, 2);
  client_pane = pane_at (fixture, 3);
  g_assert_true (SP_IS_SERVER_PANE (server_pane));
  g_assert_true (SP_IS_CLIENT_PANE (client_pane));
  g_assert_cmpstr (sp_server_pane_get_title (server_pane), ==, "Server 2");
  g_assert_cmpstr (sp_client_pane_get_title (client_pane), ==, "Client 2");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (client_pane)));

  /* From the header bar's actions as well. */
  g_assert_true (gtk_widget_activate_action (window, "win.add-server", NULL));
  g_assert_cmpuint (n_panes (fixture), ==, 5);

  /* Rename and duplicate. */
  sp_server_pane_set_title (server_pane, "Echo");
  copy = sp_window_duplicate_pane (fixture->window, GTK_WIDGET (server_pane));
  g_assert_cmpuint (n_panes (fixture), ==, 6);
  g_assert_true (pane_at (fixture, 3) == (gpointer) copy);
  g_assert_cmpstr (sp_server_pane_get_title (SP_SERVER_PANE (copy)), ==, "Echo (copy)");
  g_assert_cmpint (sp_server_get_behaviour (sp_server_pane_get_server (SP_SERVER_PANE (copy))), ==,
                   sp_server_get_behaviour (sp_server_pane_get_server (server_pane)));
  g_assert_true (sp_server_pane_get_server (SP_SERVER_PANE (copy)) != sp_server_pane_get_server (server_pane));

  /* Closing a pane with no socket: a toast, and Undo brings it back in place. */
  copy_engine = sp_server_pane_get_server (SP_SERVER_PANE (copy));
  g_assert_true (gtk_widget_activate_action (copy, "pane.close", NULL));
  g_assert_cmpuint (n_panes (fixture), ==, 5);
  g_assert_cmpstr (sp_window_get_toast_title (fixture->window), ==, "Closed “Echo (copy)”");
  g_assert_true (gtk_widget_activate_action (window, "win.undo-close", NULL));
  g_assert_cmpuint (n_panes (fixture), ==, 6);
  g_assert_true (sp_server_pane_get_server (pane_at (fixture, 3)) == copy_engine);
  g_assert_cmpstr (sp_server_pane_get_title (pane_at (fixture, 3)), ==, "Echo (copy)");

  /* Closing a server with live sockets closes them and says how many. */
  address = start_server (lesson_server, "tcp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  connect_client (client_pane, address);
  WAIT_UNTIL (g_list_model_get_n_items (sp_server_get_connections (sp_server_pane_get_server (lesson_server))) == 1);

  sp_window_close_pane (fixture->window, GTK_WIDGET (lesson_server));
  g_assert_cmpuint (n_panes (fixture), ==, 5);
  g_test_message ("Toast: %s", sp_window_get_toast_title (fixture->window));
  g_assert_cmpstr (sp_window_get_toast_title (fixture->window), ==,
                   "Closed “Server 1”: stopped the server and closed 1 connection");
  g_assert_null (sp_window_get_server_pane (fixture->window));
  g_assert_cmpint (sp_server_get_state (sp_server_pane_get_server (lesson_server)), ==, SP_SERVER_STATE_STOPPED);

  /* The client sees the server go. */
  WAIT_UNTIL (sp_client_get_state (sp_client_pane_get_client (client_pane)) != SP_CLIENT_STATE_CONNECTED ||
              !sp_connection_is_open (sp_client_get_connection (sp_client_pane_get_client (client_pane))));

  /* Undo: the pane is back, stopped, with its settings and log; it can start again. */
  lesson_engine = sp_server_pane_get_server (lesson_server);
  g_assert_true (gtk_widget_activate_action (window, "win.undo-close", NULL));
  g_assert_cmpuint (n_panes (fixture), ==, 6);
  lesson_server = pane_at (fixture, 0);
  g_assert_true (sp_server_pane_get_server (lesson_server) == lesson_engine);
  g_assert_true (sp_window_get_server_pane (fixture->window) == lesson_server);
  g_assert_cmpstr (sp_server_pane_get_title (lesson_server), ==, "Server 1");
  g_test_message ("Back: %s, %s, endpoint error %s", sp_server_pane_get_state_text (lesson_server),
                  sp_server_pane_get_endpoint_text (lesson_server),
                  sp_server_pane_get_endpoint_error_text (lesson_server));
  g_assert_true (sp_server_pane_get_can_start (lesson_server));

  /* Close by shortcut: the pane with the focus. */
  gtk_widget_grab_focus (GTK_WIDGET (client_pane));
  g_assert_true (sp_ui_test_activate_shortcut (window, "<Control>w"));
  g_assert_cmpuint (n_panes (fixture), ==, 5);
  for (guint i = 0; i < n_panes (fixture); i++)
    g_assert_true (pane_at (fixture, i) != (gpointer) client_pane);
}

static void
test_workspace_validation (Fixture       *fixture,
                           gconstpointer  user_data)
{
  static const struct { const char *text; int code; } bad_clients[] = {
    { "", SP_ENDPOINT_ERROR_EMPTY },
    { "127.0.0.1:80", SP_ENDPOINT_ERROR_MISSING_SCHEME },
    { "tcp://127.0.0.1:99999", SP_ENDPOINT_ERROR_PORT_RANGE },
    { "tcp://127.0.0.1:0", SP_ENDPOINT_ERROR_PORT_ZERO },
    { "udp://[::1:53", SP_ENDPOINT_ERROR_UNBALANCED_BRACKETS },
    { "unix:", SP_ENDPOINT_ERROR_EMPTY_PATH },
  };
  SpServerPane *server_pane = sp_window_get_server_pane (fixture->window);
  SpClientPane *client_pane = sp_window_get_client_pane (fixture->window);

  for (guint i = 0; i < G_N_ELEMENTS (bad_clients); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpEndpoint) endpoint = NULL;

      sp_client_pane_set_endpoint_text (client_pane, bad_clients[i].text);

      /* The engine's own sentence, under the field; Connect disabled. */
      endpoint = sp_endpoint_parse (bad_clients[i].text, SP_ENDPOINT_ROLE_CLIENT, &error);
      g_assert_null (endpoint);
      g_assert_error (error, SP_ENDPOINT_ERROR, bad_clients[i].code);
      g_test_message ("“%s”: %s", bad_clients[i].text, sp_client_pane_get_endpoint_error_text (client_pane));
      g_assert_cmpstr (sp_client_pane_get_endpoint_error_text (client_pane), ==, error->message);
      g_assert_false (sp_client_pane_get_can_connect (client_pane));
      g_assert_false (gtk_widget_activate_action (GTK_WIDGET (client_pane), "pane.connect", NULL) &&
                      sp_client_get_state (sp_client_pane_get_client (client_pane)) != SP_CLIENT_STATE_DISCONNECTED);
    }

  sp_client_pane_set_endpoint_text (client_pane, "udp://127.0.0.1:9999");
  g_assert_null (sp_client_pane_get_endpoint_error_text (client_pane));
  g_assert_true (sp_client_pane_get_can_connect (client_pane));

  /* The server's field: port 0 is fine, 65536 is not, and Start follows. */
  sp_server_pane_set_endpoint_text (server_pane, "tcp://127.0.0.1:65536");
  g_assert_nonnull (sp_server_pane_get_endpoint_error_text (server_pane));
  g_assert_false (sp_server_pane_get_can_start (server_pane));
  sp_server_pane_set_endpoint_text (server_pane, "tcp://127.0.0.1:0");
  g_assert_null (sp_server_pane_get_endpoint_error_text (server_pane));
  g_assert_true (sp_server_pane_get_can_start (server_pane));

  /* Beyond the loopback address, a warning says who can reach the server. */
  g_assert_null (sp_server_pane_get_endpoint_warning_text (server_pane));
  sp_server_pane_set_endpoint_text (server_pane, "tcp://0.0.0.0:8080");
  g_assert_true (str_has (sp_server_pane_get_endpoint_warning_text (server_pane), "network"));
  g_assert_true (sp_server_pane_get_can_start (server_pane));
  sp_server_pane_set_endpoint_text (server_pane, "udp://[::1]:8080");
  g_assert_null (sp_server_pane_get_endpoint_warning_text (server_pane));

  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "validation");
}

/* The transport drop-down rewrites the scheme, and a typed scheme moves the drop-down. */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_workspace_transport_choice (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  SpClientPane *client_pane = sp_window_get_client_pane (fixture->window);
  SpEndpointEntry *self = SP_ENDPOINT_ENTRY (find_descendant (GTK_WIDGET (client_pane), SP_TYPE_ENDPOINT_ENTRY));

  sp_endpoint_entry_set_text (self, "tcp://127.0.0.1:7");
  g_assert_cmpint (sp_endpoint_entry_get_transport (self), ==, SP_TRANSPORT_TCP);

  sp_endpoint_entry_set_transport (self, SP_TRANSPORT_UDP);
  g_assert_cmpstr (sp_endpoint_entry_get_text (self), ==, "udp://127.0.0.1:7");

  sp_endpoint_entry_set_transport (self, SP_TRANSPORT_UNIX);
  g_assert_true (str_starts (sp_endpoint_entry_get_text (self), "unix:/"));
  g_assert_nonnull (sp_endpoint_entry_get_endpoint (self));

  sp_endpoint_entry_set_transport (self, SP_TRANSPORT_UNIX_DGRAM);
  g_assert_true (str_starts (sp_endpoint_entry_get_text (self), "unix-dgram:/"));

  sp_endpoint_entry_set_text (self, "tcp://localhost:80");
  g_assert_cmpint (sp_endpoint_entry_get_transport (self), ==, SP_TRANSPORT_TCP);
  g_assert_cmpstr (sp_client_pane_get_endpoint_text (client_pane), ==, "tcp://localhost:80");
}

static void
test_workspace_udp_echo (Fixture       *fixture,
                         gconstpointer  user_data)
{
  SpServerPane *server_pane = sp_window_get_server_pane (fixture->window);
  SpClientPane *client_pane = sp_window_get_client_pane (fixture->window);
  g_autofree char *address = NULL;

  address = start_server (server_pane, "udp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  g_assert_true (str_starts (address, "udp://127.0.0.1:"));

  connect_client (client_pane, address);
  send_text (client_pane, "ping");

  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_received_text (client_pane), "ping") == 0);
  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_counters_text (client_pane),
                         "Connections: 1 · Sent: 4 bytes · Received: 4 bytes") == 0);
  WAIT_UNTIL (str_has (sp_server_pane_get_counters_text (server_pane), "Sent: 4 bytes · Received: 4 bytes"));

  /* A datagram socket has no half-close. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (client_pane), "pane.half-close", NULL) &&
                  sp_client_get_bytes_sent (sp_client_pane_get_client (client_pane)) != 4);
}

static void
test_workspace_unix_stream (Fixture       *fixture,
                            gconstpointer  user_data)
{
  SpServerPane *server_pane = sp_window_get_server_pane (fixture->window);
  SpClientPane *client_pane = sp_window_get_client_pane (fixture->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *address = NULL;

  fixture->tmp_dir = g_dir_make_tmp ("sp-workspace-XXXXXX", &error);
  g_assert_no_error (error);
  endpoint = g_strdup_printf ("unix:%s/echo.sock", fixture->tmp_dir);

  address = start_server (server_pane, endpoint, SP_BEHAVIOUR_ECHO);
  g_assert_cmpstr (address, ==, endpoint);

  connect_client (client_pane, address);
  send_text (client_pane, "hello over a Unix socket\\n");

  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_received_text (client_pane), "hello over a Unix socket\\n") == 0);
  WAIT_UNTIL (str_has (sp_server_pane_get_counters_text (server_pane), "Received: 25 bytes"));

  /* Half-close: the server echoes, sees the end and closes; the client reads it all. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client_pane), "pane.half-close", NULL));
  WAIT_UNTIL (sp_client_get_state (sp_client_pane_get_client (client_pane)) == SP_CLIENT_STATE_DISCONNECTED ||
              !sp_connection_is_open (sp_client_get_connection (sp_client_pane_get_client (client_pane))));
  g_assert_cmpuint (sp_client_get_bytes_received (sp_client_pane_get_client (client_pane)), ==, 25);
}

static void
test_workspace_manual_three (Fixture       *fixture,
                             gconstpointer  user_data)
{
  SpServerPane *server_pane = sp_window_get_server_pane (fixture->window);
  SpServer *server = sp_server_pane_get_server (server_pane);
  GtkSelectionModel *connections = sp_server_pane_get_connections (server_pane);
  SpClientPane *clients[3];
  g_autofree char *address = NULL;

  address = start_server (server_pane, "tcp://127.0.0.1:0", SP_BEHAVIOUR_MANUAL);

  clients[0] = sp_window_get_client_pane (fixture->window);
  clients[1] = sp_window_add_client_pane (fixture->window, NULL);
  clients[2] = sp_window_add_client_pane (fixture->window, NULL);

  /* One after the other, so the list's order is the clients' order. */
  for (guint i = 0; i < 3; i++)
    {
      connect_client (clients[i], address);
      WAIT_UNTIL (g_list_model_get_n_items (sp_server_get_connections (server)) == i + 1);
    }

  /* Nothing chosen: only Send to All. */
  sp_send_box_set_text (sp_server_pane_get_send_box (server_pane), "only for you\\n");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (server_pane), "pane.send", NULL) &&
                  sp_server_get_bytes_sent (server) > 0);

  gtk_selection_model_select_item (connections, 1, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (server_pane), "pane.send", NULL));

  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_received_text (clients[1]), "only for you\\n") == 0);
  WAIT_UNTIL (sp_server_get_bytes_sent (server) == 13);
  g_assert_null (sp_client_pane_get_received_text (clients[0]));
  g_assert_null (sp_client_pane_get_received_text (clients[2]));
  g_assert_cmpuint (sp_client_get_bytes_received (sp_client_pane_get_client (clients[0])), ==, 0);
  g_assert_cmpuint (sp_client_get_bytes_received (sp_client_pane_get_client (clients[2])), ==, 0);

  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "manual-three");

  /* To all: each of the three gets it once more. */
  sp_send_box_set_text (sp_server_pane_get_send_box (server_pane), "all\\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (server_pane), "pane.send-all", NULL));
  for (guint i = 0; i < 3; i++)
    WAIT_UNTIL (str_has (sp_client_pane_get_counters_text (clients[i]), i == 1 ? "Received: 17 bytes" : "Received: 4 bytes"));

  /* Each row closes its own connection. */
  {
    g_autoptr(SpConnection) first = g_list_model_get_item (G_LIST_MODEL (connections), 0);

    sp_connection_close (first);
    WAIT_UNTIL (g_list_model_get_n_items (sp_server_get_connections (server)) == 2);
  }
}

static void
test_workspace_hex_column (Fixture       *fixture,
                           gconstpointer  user_data)
{
  SpServerPane *server_pane = sp_window_get_server_pane (fixture->window);
  SpClientPane *client_pane = sp_window_get_client_pane (fixture->window);
  SpSendBox *send_box = sp_client_pane_get_send_box (client_pane);
  g_autofree char *address = NULL;

  address = start_server (server_pane, "tcp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  connect_client (client_pane, address);

  sp_send_box_set_hex (send_box, TRUE);
  sp_send_box_set_text (send_box, "48 69 6x");
  g_assert_false (sp_send_box_get_valid (send_box));
  g_test_message ("Hex error: %s", sp_send_box_get_error_text (send_box));
  g_assert_cmpuint (sp_send_box_get_error_column (send_box), ==, 8);
  g_assert_true (str_has (sp_send_box_get_error_text (send_box), "8"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (client_pane), "pane.send", NULL) &&
                  sp_client_get_bytes_sent (sp_client_pane_get_client (client_pane)) > 0);

  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "hex-column");

  sp_send_box_set_text (send_box, "48 69 0a");
  g_assert_true (sp_send_box_get_valid (send_box));
  g_assert_null (sp_send_box_get_error_text (send_box));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client_pane), "pane.send", NULL));
  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_received_text (client_pane), "Hi\\n") == 0);

  /* Text with a bad escape is marked too. */
  sp_send_box_set_hex (send_box, FALSE);
  sp_send_box_set_text (send_box, "ab\\q");
  g_assert_false (sp_send_box_get_valid (send_box));
  g_assert_cmpuint (sp_send_box_get_error_column (send_box), ==, 3);
}

static void
test_workspace_repeat_and_script (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  SpServerPane *server_pane = sp_window_get_server_pane (fixture->window);
  SpClientPane *client_pane = sp_window_get_client_pane (fixture->window);
  SpScriptEditor *editor = sp_client_pane_get_script_editor (client_pane);
  SpServer *server = sp_server_pane_get_server (server_pane);
  g_autofree char *address = NULL;

  address = start_server (server_pane, "tcp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  connect_client (client_pane, address);

  /* A bounded repeat: three sends, then it stops by itself. */
  sp_send_box_set_text (sp_client_pane_get_send_box (client_pane), "tick\\n");
  sp_client_pane_set_repeat (client_pane, 3, 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client_pane), "pane.repeat", NULL));
  WAIT_UNTIL (sp_server_get_bytes_received (server) == 15);
  WAIT_UNTIL (sp_client_get_bytes_received (sp_client_pane_get_client (client_pane)) == 15);

  /* A script that reads, then one that cannot. */
  sp_script_editor_set_text (editor, "send hello\\n\nexpect hello\nwait 10ms\n");
  g_assert_null (sp_script_editor_get_error_text (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "script.run", NULL));
  WAIT_UNTIL (sp_script_get_state (sp_script_editor_get_script (editor)) == SP_SCRIPT_STATE_PASSED);
  g_assert_true (str_starts (sp_script_editor_get_status_text (editor), "Passed"));

  sp_script_editor_set_text (editor, "send ok\nshout loudly\n");
  g_test_message ("Script error: %s", sp_script_editor_get_error_text (editor));
  g_assert_true (str_starts (sp_script_editor_get_error_text (editor), "Line 2"));
}

/* A peer blasting 64 MiB into one server does not hold up another pair's exchange. */
static void
test_workspace_flood (Fixture       *fixture,
                      gconstpointer  user_data)
{
  static const char *blaster =
    "import socket, sys\n"
    "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
    "block = b'x' * 65536\n"
    "for _ in range(1024):\n"
    "    s.sendall(block)\n"
    "s.close()\n";
  SpServerPane *lesson_server = sp_window_get_server_pane (fixture->window);
  SpClientPane *lesson_client = sp_window_get_client_pane (fixture->window);
  SpServerPane *flooded = sp_window_add_server_pane (fixture->window, NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *flood_address = NULL;
  g_autofree char *lesson_address = NULL;
  g_autofree char *port = NULL;
  SpServer *flood_server = sp_server_pane_get_server (flooded);

  flood_address = start_server (flooded, "tcp://127.0.0.1:0", SP_BEHAVIOUR_DISCARD);
  port = g_strdup_printf ("%u", sp_endpoint_get_port (sp_server_get_bound_endpoint (flood_server)));

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "python3", "-c", blaster, port, NULL);
  g_assert_no_error (error);
  WAIT_UNTIL (sp_server_get_bytes_received (flood_server) > 0);

  /* While it pours in, the lesson runs to the end. */
  lesson_address = start_server (lesson_server, "tcp://127.0.0.1:0", SP_BEHAVIOUR_REPLY);
  connect_client (lesson_client, lesson_address);
  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_received_text (lesson_client), "Thank you for connecting") == 0);
  g_test_message ("Lesson done with %" G_GUINT64_FORMAT " flood bytes in",
                  sp_server_get_bytes_received (flood_server));

  WAIT_UNTIL_FOR (sp_server_get_bytes_received (flood_server) == FLOOD_BYTES, 120);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (str_has (sp_server_pane_get_counters_text (flooded), "Received: 67108864 bytes"));
}

/* Whether a screen reader has a name to say for @widget. */
static gboolean
widget_is_named (GtkWidget *widget)
{
  const char *label = NULL;

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  if (GTK_IS_BUTTON (widget))
    label = gtk_button_get_label (GTK_BUTTON (widget));
  else if (GTK_IS_CHECK_BUTTON (widget))
    label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  else if (GTK_IS_MENU_BUTTON (widget))
    label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));

  return label != NULL && *label != '\0';
}

/* Controls that take input; the insides of composite ones (an entry's text, a spin
 * button's +/−, a drop-down's button) are the composite's business. */
static gboolean
widget_is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) ||
         GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_SWITCH (widget) ||
         GTK_IS_ENTRY (widget) ||
         GTK_IS_SEARCH_ENTRY (widget) ||
         GTK_IS_PASSWORD_ENTRY (widget) ||
         GTK_IS_SPIN_BUTTON (widget) ||
         GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_TEXT_VIEW (widget) ||
         GTK_IS_TEXT (widget) ||
         GTK_IS_EDITABLE_LABEL (widget) ||
         GTK_IS_SCALE (widget) ||
         ADW_IS_SPLIT_BUTTON (widget);
}

static gboolean
widget_is_composite (GtkWidget *widget)
{
  return GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_ENTRY (widget) ||
         GTK_IS_SEARCH_ENTRY (widget) ||
         GTK_IS_PASSWORD_ENTRY (widget) ||
         GTK_IS_SPIN_BUTTON (widget) ||
         GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_EDITABLE_LABEL (widget) ||
         GTK_IS_SCALE (widget) ||
         ADW_IS_SPLIT_BUTTON (widget) ||
         GTK_IS_WINDOW_CONTROLS (widget);
}

static void
collect_unnamed (GtkWidget *widget,
                 const char *path,
                 GPtrArray  *unnamed,
                 guint      *n_controls)
{
  g_autofree char *here = g_strdup_printf ("%s/%s", path, G_OBJECT_TYPE_NAME (widget));

  if (widget_is_control (widget))
    {
      (*n_controls)++;
      if (!widget_is_named (widget))
        g_ptr_array_add (unnamed, g_steal_pointer (&here));
      if (widget_is_composite (widget))
        return;
    }
  else if (widget_is_composite (widget))
    {
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, here != NULL ? here : path, unnamed, n_controls);
}

static void
test_workspace_accessible_names (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  SpServerPane *server_pane = sp_window_get_server_pane (fixture->window);
  g_autofree char *address = NULL;
  guint n_controls = 0;

  /* Every kind of pane, with a connection row showing. */
  sp_window_add_server_pane (fixture->window, NULL);
  sp_window_add_client_pane (fixture->window, NULL);
  address = start_server (server_pane, "tcp://127.0.0.1:0", SP_BEHAVIOUR_MANUAL);
  connect_client (sp_window_get_client_pane (fixture->window), address);
  WAIT_UNTIL (g_list_model_get_n_items (sp_server_get_connections (sp_server_pane_get_server (server_pane))) == 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-ports", NULL));
  WAIT_UNTIL (gtk_widget_get_mapped (sp_window_get_port_panel (fixture->window)));

  collect_unnamed (GTK_WIDGET (fixture->window), "", unnamed, &n_controls);

  g_test_message ("%u controls checked", n_controls);
  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("Unnamed: %s", (const char *) g_ptr_array_index (unnamed, i));

  g_assert_cmpuint (n_controls, >, 40);
  g_assert_cmpuint (unnamed->len, ==, 0);
}

/* Four panes side by side at 1366×768, each wide enough to read. */
static void
test_workspace_four_panes (Fixture       *fixture,
                           gconstpointer  user_data)
{
  SpServerPane *server_pane = sp_window_get_server_pane (fixture->window);
  SpClientPane *client_pane = sp_window_get_client_pane (fixture->window);
  SpServerPane *echo_pane;
  SpClientPane *udp_client;
  g_autofree char *address = NULL;
  g_autofree char *echo_address = NULL;
  int window_width;

  echo_pane = sp_window_add_server_pane (fixture->window, NULL);
  udp_client = sp_window_add_client_pane (fixture->window, NULL);

  address = start_server (server_pane, "tcp://127.0.0.1:0", SP_BEHAVIOUR_REPLY);
  connect_client (client_pane, address);
  WAIT_UNTIL (sp_client_pane_get_received_text (client_pane) != NULL);

  echo_address = start_server (echo_pane, "udp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  connect_client (udp_client, echo_address);
  send_text (udp_client, "ping");
  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_received_text (udp_client), "ping") == 0);

  /* A 1366-pixel screen, less the window's frame. */
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (fixture->window)) >= 1340);
  window_width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
  g_test_message ("Window width: %d", window_width);
  g_assert_false (sp_window_get_narrow (fixture->window));

  for (guint i = 0; i < 4; i++)
    {
      GtkWidget *pane = pane_at (fixture, i);
      graphene_rect_t bounds;

      WAIT_UNTIL (gtk_widget_get_width (pane) > 0);
      g_assert_true (gtk_widget_compute_bounds (pane, GTK_WIDGET (fixture->window), &bounds));
      g_test_message ("Pane %u: x %.0f, width %.0f", i, bounds.origin.x, bounds.size.width);
      g_assert_cmpfloat (bounds.size.width, >=, 300);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, window_width);
    }

  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "four-panes");

}

/* A narrow window stacks the panes and scrolls down instead. */
static void
test_workspace_narrow (void)
{
  SpWindow *window = sp_window_new (NULL);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 700);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) > 0);

  g_assert_true (sp_window_get_narrow (window));
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (window), "narrow");

  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);
}

static void
test_workspace_try_protocol (Fixture       *fixture,
                             gconstpointer  user_data)
{
  SpClientPane *pane;

  pane = sp_window_add_client_pane_for (fixture->window, "tcp://127.0.0.1:8080", "HEAD / HTTP/1.0\\r\\n\\r\\n");
  g_assert_cmpuint (n_panes (fixture), ==, 3);
  g_assert_cmpstr (sp_client_pane_get_endpoint_text (pane), ==, "tcp://127.0.0.1:8080");
  g_assert_cmpstr (sp_send_box_get_text (sp_client_pane_get_send_box (pane)), ==, "HEAD / HTTP/1.0\\r\\n\\r\\n");
  g_assert_true (sp_send_box_get_valid (sp_client_pane_get_send_box (pane)));
}

/* What AdwApplication does with its resource base path: load the style sheet. */
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
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  load_style_sheet ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/workspace/add-remove", test_workspace_add_remove);
  ADD ("/workspace/validation", test_workspace_validation);
  ADD ("/workspace/transport-choice", test_workspace_transport_choice);
  ADD ("/workspace/udp-echo", test_workspace_udp_echo);
  ADD ("/workspace/unix-stream", test_workspace_unix_stream);
  ADD ("/workspace/manual-three", test_workspace_manual_three);
  ADD ("/workspace/hex-column", test_workspace_hex_column);
  ADD ("/workspace/repeat-and-script", test_workspace_repeat_and_script);
  ADD ("/workspace/flood", test_workspace_flood);
  ADD ("/workspace/accessible-names", test_workspace_accessible_names);
  ADD ("/workspace/four-panes", test_workspace_four_panes);
  ADD ("/workspace/try-protocol", test_workspace_try_protocol);
  g_test_add_func ("/workspace/narrow", test_workspace_narrow);

#undef ADD

  return g_test_run ();
}
