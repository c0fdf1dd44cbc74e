/* test-window.c — the real window, driven through its actions over loopback sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every port is chosen by the system (bind to port 0 and read it back) except port 80
 * in /window/privileged-port, which the preloaded shim refuses before it is bound.
 * Nothing sleeps: the tests spin the main loop until a condition holds, with a deadline.
 */

#define _GNU_SOURCE

#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include <adwaita.h>
#include <libglib-testing/signal-logger.h>

#include "sp-core.h"
#include "sp-window.h"
#include "sp-ui-test.h"

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

/* A loopback TCP socket on a port the system picks; listening or not. */
static GSocket *
create_loopback_socket (gboolean  do_listen,
                        guint16  *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);

  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_bind (sock, address, FALSE, &error);
  g_assert_no_error (error);

  if (do_listen)
    {
      g_socket_listen (sock, &error);
      g_assert_no_error (error);
    }

  local = g_socket_get_local_address (sock, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_assert_cmpuint (*port, !=, 0);

  return g_steal_pointer (&sock);
}

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
  g_assert_true (SP_IS_SERVER_PANE (fixture->server_pane));
  g_assert_true (SP_IS_CLIENT_PANE (fixture->client_pane));

  fixture->server = sp_server_pane_get_server (fixture->server_pane);
  fixture->client = sp_client_pane_get_client (fixture->client_pane);
  g_object_add_weak_pointer (G_OBJECT (fixture->server), (gpointer *) &fixture->server);
  g_object_add_weak_pointer (G_OBJECT (fixture->client), (gpointer *) &fixture->client);
}

/* Closing the window releases everything: the window, its panes, and the engine's
 * server and client, whose sockets close with them. */
static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));

  WAIT_UNTIL (fixture->window == NULL);
  WAIT_UNTIL (fixture->server == NULL);
  WAIT_UNTIL (fixture->client == NULL);
}

static void
test_window_create_destroy (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpServerPane *server_pane;
  SpClientPane *client_pane;
  GtkWidget *focus;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* The seed's lesson, ready to run. */
  server_pane = sp_window_get_server_pane (window);
  client_pane = sp_window_get_client_pane (window);
  g_assert_cmpstr (sp_server_pane_get_endpoint_text (server_pane), ==, "tcp://127.0.0.1:12345");
  g_assert_cmpstr (sp_client_pane_get_endpoint_text (client_pane), ==, "tcp://127.0.0.1:12345");
  g_assert_cmpstr (sp_server_pane_get_state_text (server_pane), ==, "Stopped");
  g_assert_cmpstr (sp_client_pane_get_state_text (client_pane), ==, "Disconnected");
  g_assert_cmpstr (sp_server_get_reply_text (sp_server_pane_get_server (server_pane)), ==,
                   "Thank you for connecting");
  g_assert_true (sp_server_get_close_after_reply (sp_server_pane_get_server (server_pane)));
  g_assert_cmpint (sp_server_get_behaviour (sp_server_pane_get_server (server_pane)), ==,
                   SP_BEHAVIOUR_REPLY);
  g_assert_null (sp_server_pane_get_error_text (server_pane));
  g_assert_null (sp_client_pane_get_error_text (client_pane));
  g_assert_null (sp_client_pane_get_received_text (client_pane));
  g_assert_cmpstr (sp_server_pane_get_counters_text (server_pane), ==,
                   "Connections: 0 · Sent: 0 bytes · Received: 0 bytes");
  g_assert_true (sp_client_pane_get_can_connect (client_pane));

  /* The lesson starts with the server: its Start button has the keyboard focus. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), ==, "pane.start");
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (server_pane)));

  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);
}

/* Closing the window remembers its size for the next one, when the schema is there. */
static void
test_window_remembers_size (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  SpWindow *window;
  int width;
  int height;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_test_skip ("The GSettings schema is not compiled in GSETTINGS_SCHEMA_DIR");
      return;
    }

  window = sp_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 650);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  gtk_window_close (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);

  settings = g_settings_new (APP_ID);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = sp_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 650);
  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (window == NULL);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
test_window_lesson_exchange (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autofree char *address = NULL;
  g_autofree char *listening = NULL;
  SpEvent *last;
  guint accepted = 0;
  guint closed = 0;
  guint16 port;

  gt_signal_logger_connect (logger, fixture->server, "connection-accepted");
  gt_signal_logger_connect (logger, fixture->server, "connection-closed");

  sp_server_pane_set_endpoint_text (fixture->server_pane, "tcp://127.0.0.1:0");
  g_assert_null (sp_server_pane_get_endpoint_error_text (fixture->server_pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.start", NULL));

  WAIT_UNTIL (str_starts (sp_server_pane_get_state_text (fixture->server_pane), "Listening on "));

  port = sp_endpoint_get_port (sp_server_get_bound_endpoint (fixture->server));
  g_assert_cmpuint (port, !=, 0);
  listening = g_strdup_printf ("Listening on 127.0.0.1:%u", port);
  g_assert_cmpstr (sp_server_pane_get_state_text (fixture->server_pane), ==, listening);

  /* The entry shows the port the system chose, and the lesson's client followed it. */
  address = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  g_assert_cmpstr (sp_server_pane_get_endpoint_text (fixture->server_pane), ==, address);
  g_assert_cmpstr (sp_client_pane_get_endpoint_text (fixture->client_pane), ==, address);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sp_client_get_log (fixture->client))),
                    ==, 0);

  sp_client_pane_set_endpoint_text (fixture->client_pane, address);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->client_pane), "pane.connect", NULL));

  WAIT_UNTIL (str_has (sp_client_pane_get_counters_text (fixture->client_pane), "Received: 24 bytes"));
  g_assert_cmpstr (sp_client_pane_get_received_text (fixture->client_pane), ==,
                   "Thank you for connecting");
  WAIT_UNTIL (g_strcmp0 (sp_server_pane_get_counters_text (fixture->server_pane),
                         "Connections: 1 · Sent: 24 bytes · Received: 0 bytes") == 0);
  g_assert_cmpstr (sp_client_pane_get_counters_text (fixture->client_pane), ==,
                   "Connections: 1 · Sent: 0 bytes · Received: 24 bytes");

  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "lesson-exchange");

  /* The server hung up; connecting again opens a second connection and the totals add up. */
  WAIT_UNTIL (sp_client_pane_get_can_connect (fixture->client_pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->client_pane), "pane.connect", NULL));

  WAIT_UNTIL (g_strcmp0 (sp_client_pane_get_counters_text (fixture->client_pane),
                         "Connections: 2 · Sent: 0 bytes · Received: 48 bytes") == 0);
  WAIT_UNTIL (g_strcmp0 (sp_server_pane_get_counters_text (fixture->server_pane),
                         "Connections: 2 · Sent: 48 bytes · Received: 0 bytes") == 0);
  g_assert_cmpstr (sp_client_pane_get_received_text (fixture->client_pane), ==,
                   "Thank you for connecting");

  /* Both connections were accepted and closed by the server. */
  WAIT_UNTIL (gt_signal_logger_get_n_emissions (logger) == 4);
  while (gt_signal_logger_get_n_emissions (logger) > 0)
    {
      g_autoptr(GtSignalLoggerEmission) emission = NULL;
      g_autofree char *type_name = NULL;
      g_autofree char *signal_name = NULL;
      gpointer object = NULL;

      g_assert_true (gt_signal_logger_pop_emission (logger, &object, &type_name,
                                                    &signal_name, &emission));
      g_assert_true (object == (gpointer) fixture->server);
      if (g_str_equal (signal_name, "connection-accepted"))
        accepted++;
      else if (g_str_equal (signal_name, "connection-closed"))
        closed++;
    }
  g_assert_cmpuint (accepted, ==, 2);
  g_assert_cmpuint (closed, ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.stop", NULL));
  WAIT_UNTIL (g_strcmp0 (sp_server_pane_get_state_text (fixture->server_pane), "Stopped") == 0);

  last = sp_event_log_get_last (sp_server_get_log (fixture->server));
  g_assert_nonnull (last);
  g_test_message ("Last server event: %s — %s",
                  sp_event_get_call (last), sp_event_get_message (last));
  g_assert_cmpint (sp_event_get_kind (last), ==, SP_EVENT_KIND_CLOSE);
}

static void
test_window_port_in_use (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GSocket) occupier = NULL;
  g_autofree char *occupied = NULL;
  g_autofree char *occupied_port = NULL;
  g_autofree char *address = NULL;
  guint16 port;
  guint16 free_port;

  occupier = create_loopback_socket (TRUE, &port);
  occupied = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  occupied_port = g_strdup_printf ("%u", port);

  sp_server_pane_set_endpoint_text (fixture->server_pane, occupied);
  g_assert_cmpstr (sp_client_pane_get_endpoint_text (fixture->client_pane), ==, occupied);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.start", NULL));

  WAIT_UNTIL (sp_server_pane_get_error_text (fixture->server_pane) != NULL);
  g_test_message ("Error shown: %s", sp_server_pane_get_error_text (fixture->server_pane));
  g_assert_true (str_has (sp_server_pane_get_error_text (fixture->server_pane), occupied_port));
  g_assert_cmpstr (sp_server_pane_get_state_text (fixture->server_pane), ==, "Failed");
  g_assert_true (g_error_matches (sp_server_get_error (fixture->server),
                                  SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_IN_USE));
  g_assert_cmpuint (sp_server_pane_get_suggested_port (fixture->server_pane), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane),
                                             "pane.use-free-port", NULL));

  WAIT_UNTIL (str_starts (sp_server_pane_get_state_text (fixture->server_pane), "Listening on "));
  free_port = sp_endpoint_get_port (sp_server_get_bound_endpoint (fixture->server));
  g_assert_cmpuint (free_port, !=, 0);
  g_assert_cmpuint (free_port, !=, port);
  g_assert_null (sp_server_pane_get_error_text (fixture->server_pane));

  address = g_strdup_printf ("tcp://127.0.0.1:%u", free_port);
  g_assert_cmpstr (sp_server_pane_get_endpoint_text (fixture->server_pane), ==, address);
  g_assert_cmpstr (sp_client_pane_get_endpoint_text (fixture->client_pane), ==, address);
}

static void
test_window_privileged_port (Fixture       *fixture,
                             gconstpointer  user_data)
{
  int (*preload_active) (void);

  /* Without the shim, running as root would really bind port 80. */
  preload_active = (int (*) (void)) dlsym (RTLD_DEFAULT, "sp_privileged_preload_active");
  g_assert_nonnull (preload_active);
  g_assert_true (preload_active ());

  sp_server_pane_set_endpoint_text (fixture->server_pane, "tcp://127.0.0.1:80");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.start", NULL));

  WAIT_UNTIL (sp_server_pane_get_error_text (fixture->server_pane) != NULL);
  g_test_message ("Error shown: %s", sp_server_pane_get_error_text (fixture->server_pane));
  g_assert_true (str_has (sp_server_pane_get_error_text (fixture->server_pane), "1024"));
  g_assert_true (g_error_matches (sp_server_get_error (fixture->server),
                                  SP_SOCKET_ERROR, SP_SOCKET_ERROR_PRIVILEGED_PORT));
  g_assert_cmpuint (sp_server_pane_get_suggested_port (fixture->server_pane), ==, 8080);
  g_assert_cmpstr (sp_server_pane_get_state_text (fixture->server_pane), ==, "Failed");

  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "privileged-port");
}

static void
test_window_connection_refused (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GSocket) closed_door = NULL;
  g_autofree char *address = NULL;
  guint16 port;

  /* Bound but not listening: the kernel refuses at once, with no race. */
  closed_door = create_loopback_socket (FALSE, &port);
  address = g_strdup_printf ("tcp://127.0.0.1:%u", port);

  sp_client_pane_set_endpoint_text (fixture->client_pane, address);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->client_pane), "pane.connect", NULL));

  WAIT_UNTIL (sp_client_pane_get_error_text (fixture->client_pane) != NULL);
  g_test_message ("Error shown: %s", sp_client_pane_get_error_text (fixture->client_pane));
  g_assert_true (g_error_matches (sp_client_get_error (fixture->client),
                                  SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED));
  g_assert_cmpstr (sp_client_pane_get_error_text (fixture->client_pane), ==,
                   sp_client_get_error (fixture->client)->message);
  g_assert_cmpstr (sp_client_pane_get_state_text (fixture->client_pane), ==, "Failed");
  g_assert_null (sp_client_pane_get_received_text (fixture->client_pane));

  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "connection-refused");

  /* The window is still fine, and trying again is possible. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
  g_assert_true (sp_client_pane_get_can_connect (fixture->client_pane));
  g_assert_cmpstr (sp_server_pane_get_state_text (fixture->server_pane), ==, "Stopped");
}

static void
test_window_bad_endpoint (Fixture       *fixture,
                          gconstpointer  user_data)
{
  static const char *bad[] = {
    "garbage",
    "tcp://127.0.0.1:99999",
    "tcp://127.0.0.1:0",
    "",
  };
  GListModel *client_log = G_LIST_MODEL (sp_client_get_log (fixture->client));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("Client endpoint: \"%s\"", bad[i]);
      sp_client_pane_set_endpoint_text (fixture->client_pane, bad[i]);

      g_assert_nonnull (sp_client_pane_get_endpoint_error_text (fixture->client_pane));
      g_assert_cmpstr (sp_client_pane_get_endpoint_error_text (fixture->client_pane), !=, "");
      g_assert_false (sp_client_pane_get_can_connect (fixture->client_pane));

      if (i == 1)
        sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "bad-endpoint");

      /* Activating the disabled action does nothing at all. */
      gtk_widget_activate_action (GTK_WIDGET (fixture->client_pane), "pane.connect", NULL);
      g_assert_cmpstr (sp_client_pane_get_state_text (fixture->client_pane), ==, "Disconnected");
      g_assert_cmpuint (g_list_model_get_n_items (client_log), ==, 0);
    }

  sp_client_pane_set_endpoint_text (fixture->client_pane, "tcp://127.0.0.1:12345");
  g_assert_null (sp_client_pane_get_endpoint_error_text (fixture->client_pane));
  g_assert_true (sp_client_pane_get_can_connect (fixture->client_pane));

  /* The server's entry is validated the same way, with port 0 allowed. */
  sp_server_pane_set_endpoint_text (fixture->server_pane, "tcp://127.0.0.1:0");
  g_assert_null (sp_server_pane_get_endpoint_error_text (fixture->server_pane));
  sp_server_pane_set_endpoint_text (fixture->server_pane, "tcp://127.0.0.1:65536");
  g_assert_nonnull (sp_server_pane_get_endpoint_error_text (fixture->server_pane));
  gtk_widget_activate_action (GTK_WIDGET (fixture->server_pane), "pane.start", NULL);
  g_assert_cmpstr (sp_server_pane_get_state_text (fixture->server_pane), ==, "Stopped");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sp_server_get_log (fixture->server))),
                    ==, 0);
}

static void
test_window_client_follows_server (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  /* While the two agree, the client follows the server's address... */
  sp_server_pane_set_endpoint_text (fixture->server_pane, "tcp://127.0.0.1:23456");
  g_assert_cmpstr (sp_client_pane_get_endpoint_text (fixture->client_pane), ==,
                   "tcp://127.0.0.1:23456");

  /* ...but not once the person aimed the client elsewhere. */
  sp_client_pane_set_endpoint_text (fixture->client_pane, "tcp://127.0.0.1:34567");
  sp_server_pane_set_endpoint_text (fixture->server_pane, "tcp://127.0.0.1:45678");
  g_assert_cmpstr (sp_client_pane_get_endpoint_text (fixture->client_pane), ==,
                   "tcp://127.0.0.1:34567");
}

/* What AdwApplication does with its resource base path: load the style sheet, so the
 * tests see (and parse, with warnings fatal) the CSS a person sees. */
static void
load_style_sheet (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
test_window_shortcuts (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);

  sp_server_pane_set_endpoint_text (fixture->server_pane, "tcp://127.0.0.1:0");

  g_assert_true (sp_ui_test_activate_shortcut (window, "<Control>r"));
  WAIT_UNTIL (str_starts (sp_server_pane_get_state_text (fixture->server_pane), "Listening on "));

  g_assert_true (sp_ui_test_activate_shortcut (window, "<Control>Return"));
  WAIT_UNTIL (str_has (sp_client_pane_get_counters_text (fixture->client_pane), "Received: 24 bytes"));

  /* Disconnecting a client the server already hung up on is refused quietly. */
  WAIT_UNTIL (sp_client_pane_get_can_connect (fixture->client_pane));
  sp_ui_test_activate_shortcut (window, "<Control><Shift>Return");
  g_assert_cmpstr (sp_client_pane_get_state_text (fixture->client_pane), ==, "Disconnected");

  g_assert_true (sp_ui_test_activate_shortcut (window, "<Control><Shift>r"));
  WAIT_UNTIL (g_strcmp0 (sp_server_pane_get_state_text (fixture->server_pane), "Stopped") == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  load_style_sheet ();

  g_test_add_func ("/window/create-destroy", test_window_create_destroy);
  g_test_add_func ("/window/remembers-size", test_window_remembers_size);
  g_test_add ("/window/lesson-exchange", Fixture, NULL,
              fixture_set_up, test_window_lesson_exchange, fixture_tear_down);
  g_test_add ("/window/port-in-use", Fixture, NULL,
              fixture_set_up, test_window_port_in_use, fixture_tear_down);
  g_test_add ("/window/privileged-port", Fixture, NULL,
              fixture_set_up, test_window_privileged_port, fixture_tear_down);
  g_test_add ("/window/connection-refused", Fixture, NULL,
              fixture_set_up, test_window_connection_refused, fixture_tear_down);
  g_test_add ("/window/bad-endpoint", Fixture, NULL,
              fixture_set_up, test_window_bad_endpoint, fixture_tear_down);
  g_test_add ("/window/client-follows-server", Fixture, NULL,
              fixture_set_up, test_window_client_follows_server, fixture_tear_down);
  g_test_add ("/window/shortcuts", Fixture, NULL,
              fixture_set_up, test_window_shortcuts, fixture_tear_down);

  return g_test_run ();
}
