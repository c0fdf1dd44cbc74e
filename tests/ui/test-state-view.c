/* test-state-view.c — each socket's state diagram and the kernel's TCP state, following a real
 * exchange on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sp-address-info.h"
#include "sp-core.h"
#include "sp-state-view.h"
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
start_server (SpServer *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sp_server_start_async (server, NULL, store_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_true (sp_server_start_finish (server, result, &error));
  g_assert_no_error (error);
}

static SpConnection *
connect_client (SpClient  *client,
                GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sp_client_connect_async (client, NULL, store_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  return sp_client_connect_finish (client, result, error);
}

static SpServer *
server_new (const char *text)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);

  g_assert_nonnull (endpoint);
  return sp_server_new (endpoint);
}

static SpClient *
client_new (const char *host,
            guint16     port)
{
  g_autofree char *text = g_strdup_printf ("tcp://%s:%u", host, port);
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, NULL);

  g_assert_nonnull (endpoint);
  return sp_client_new (endpoint);
}

static gboolean
str_has (const char *haystack,
         const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

/* The app's own style sheet: outside SpApplication nobody loads it. */
static void
load_style (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  loaded = TRUE;
}

static void
test_create_destroy (void)
{
  g_autoptr(SpServer) server = server_new ("tcp://127.0.0.1:0");
  g_autoptr(SpClient) client = client_new ("127.0.0.1", 9);
  GtkWidget *view = g_object_ref_sink (sp_state_view_new ());
  GtkWidget *info = g_object_ref_sink (sp_address_info_new ());

  sp_state_view_set_server (SP_STATE_VIEW (view), server);
  g_assert_true (sp_state_view_get_server (SP_STATE_VIEW (view)) == server);
  g_assert_cmpuint (g_list_model_get_n_items (sp_state_view_get_sockets (SP_STATE_VIEW (view))), ==, 1);
  sp_state_view_set_client (SP_STATE_VIEW (view), client);
  g_assert_null (sp_state_view_get_server (SP_STATE_VIEW (view)));
  g_assert_true (sp_state_view_get_client (SP_STATE_VIEW (view)) == client);
  g_assert_cmpuint (g_list_model_get_n_items (sp_state_view_get_sockets (SP_STATE_VIEW (view))), ==, 1);

  sp_address_info_set_client (SP_ADDRESS_INFO (info), client);
  g_assert_cmpstr (sp_address_info_get_line_text (SP_ADDRESS_INFO (info)), ==, "AF_INET · SOCK_STREAM");
  sp_address_info_set_server (SP_ADDRESS_INFO (info), server);
  g_assert_null (sp_address_info_get_client (SP_ADDRESS_INFO (info)));

  g_assert_finalize_object (view);
  g_assert_finalize_object (info);
}

typedef struct
{
  SpConnection *accepted;
} Accepted;

static void
accepted_cb (SpServer     *server,
             SpConnection *connection,
             Accepted     *accepted)
{
  /* Stay half-open when the client closes, so that CLOSE_WAIT can be seen. */
  sp_connection_set_close_on_eof (connection, FALSE);
  g_set_object (&accepted->accepted, connection);
}

static void
save_shots (GtkWidget  *window,
            const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  sp_ui_test_maybe_save_screenshot (window, name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  sp_ui_test_maybe_save_screenshot (window, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* A server pane's view and two client panes' views follow one exchange: the client
 * closes first (the server stays half-open: CLOSE_WAIT, FIN_WAIT2 on the client), then
 * the server closes (TIME_WAIT on the client); a third client is refused (error). */
static void
test_exchange (void)
{
  g_autoptr(SpServer) server = server_new ("tcp://127.0.0.1:0");
  g_autoptr(SpClient) client = NULL;
  g_autoptr(SpClient) refused = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listening_title = NULL;
  Accepted accepted = { NULL };
  SpStateView *server_view;
  SpStateView *client_view;
  SpStateView *refused_view;
  GtkWidget *box;
  GtkWindow *window;
  guint16 port;

  load_style ();
  sp_server_set_behaviour (server, SP_BEHAVIOUR_MANUAL);
  g_signal_connect (server, "connection-accepted", G_CALLBACK (accepted_cb), &accepted);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 620, 640);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  server_view = SP_STATE_VIEW (sp_state_view_new ());
  client_view = SP_STATE_VIEW (sp_state_view_new ());
  refused_view = SP_STATE_VIEW (sp_state_view_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (server_view));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (client_view));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (refused_view));
  gtk_window_set_child (window, box);

  sp_state_view_set_server (server_view, server);
  gtk_window_present (window);
  WAIT_UNTIL (sp_state_view_get_highlighted (server_view, 0) == SP_SOCKET_STATE_NONE);

  /* socket() → bind() → listen(): the listening socket, LISTEN in the kernel. */
  start_server (server);
  port = sp_endpoint_get_port (sp_server_get_bound_endpoint (server));
  WAIT_UNTIL (sp_state_view_get_highlighted (server_view, 0) == SP_SOCKET_STATE_LISTENING);
  listening_title = g_strdup_printf ("Listening socket · tcp://127.0.0.1:%u", port);
  g_assert_cmpstr (sp_state_view_get_title_text (server_view, 0), ==, listening_title);
  g_assert_true (g_str_has_prefix (sp_state_view_get_kernel_text (server_view, 0), "Kernel: LISTEN — "));

  client = client_new ("127.0.0.1", port);
  sp_state_view_set_client (client_view, client);
  WAIT_UNTIL (sp_state_view_get_highlighted (client_view, 0) == SP_SOCKET_STATE_NONE);

  connection = connect_client (client, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (accepted.accepted != NULL);

  /* Both ends connected, ESTABLISHED. */
  WAIT_UNTIL (sp_state_view_get_highlighted (client_view, 0) == SP_SOCKET_STATE_CONNECTED);
  g_assert_true (g_str_has_prefix (sp_state_view_get_kernel_text (client_view, 0), "Kernel: ESTABLISHED — "));
  g_assert_cmpuint (g_list_model_get_n_items (sp_state_view_get_sockets (server_view)), ==, 2);
  WAIT_UNTIL (sp_state_view_get_highlighted (server_view, 1) == SP_SOCKET_STATE_CONNECTED);
  g_assert_true (g_str_has_prefix (sp_state_view_get_kernel_text (server_view, 1), "Kernel: ESTABLISHED — "));
  g_assert_cmpint (sp_state_view_get_highlighted (server_view, 0), ==, SP_SOCKET_STATE_LISTENING);

  /* The client closes first. */
  sp_client_disconnect (client);
  WAIT_UNTIL (sp_state_view_get_highlighted (server_view, 1) == SP_SOCKET_STATE_HALF_CLOSED);
  WAIT_UNTIL (str_has (sp_state_view_get_kernel_text (server_view, 1), "CLOSE_WAIT"));
  WAIT_UNTIL (sp_state_view_get_highlighted (client_view, 0) == SP_SOCKET_STATE_CLOSED);
  /* Our socket is gone; the view found what the kernel keeps, in /proc/net/tcp. */
  WAIT_UNTIL (g_str_has_prefix (sp_state_view_get_kernel_text (client_view, 0),
                                "Kernel, after our close: FIN_WAIT2 — "));

  save_shots (GTK_WIDGET (window), "state-view-half-open");

  /* A client that finds nobody: the error box. */
  refused = client_new ("127.0.0.1", port);
  sp_state_view_set_client (refused_view, refused);
  sp_server_stop (server);
  WAIT_UNTIL (sp_state_view_get_highlighted (server_view, 0) == SP_SOCKET_STATE_CLOSED);
  g_assert_null (connect_client (refused, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED);
  WAIT_UNTIL (sp_state_view_get_highlighted (refused_view, 0) == SP_SOCKET_STATE_ERROR);

  /* Stopping closed the half-open connection: the client's kernel reaches TIME_WAIT,
   * found by the view asking again each second. */
  WAIT_UNTIL (sp_state_view_get_highlighted (server_view, 1) == SP_SOCKET_STATE_CLOSED);
  WAIT_UNTIL (g_str_has_prefix (sp_state_view_get_kernel_text (client_view, 0),
                                "Kernel, after our close: TIME_WAIT — "));
  g_assert_true (g_str_has_prefix (sp_state_view_get_kernel_text (server_view, 0), "Kernel: CLOSE — "));

  save_shots (GTK_WIDGET (window), "state-view");

  g_signal_handlers_disconnect_by_data (server, &accepted);
  g_clear_object (&accepted.accepted);
  gtk_window_destroy (window);
}

/* Closed connections stay in view, but only the last few. */
static void
test_closed_rows_are_trimmed (void)
{
  g_autoptr(SpServer) server = server_new ("tcp://127.0.0.1:0");
  GtkWidget *view = g_object_ref_sink (sp_state_view_new ());
  GListModel *sockets;
  guint16 port;

  sp_server_set_behaviour (server, SP_BEHAVIOUR_REPLY);
  sp_server_set_reply_text (server, "bye");
  sp_server_set_close_after_reply (server, TRUE);
  sp_state_view_set_server (SP_STATE_VIEW (view), server);
  sockets = sp_state_view_get_sockets (SP_STATE_VIEW (view));

  start_server (server);
  port = sp_endpoint_get_port (sp_server_get_bound_endpoint (server));

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(SpClient) client = client_new ("127.0.0.1", port);
      g_autoptr(SpConnection) connection = NULL;
      g_autoptr(GError) error = NULL;

      connection = connect_client (client, &error);
      g_assert_no_error (error);
      WAIT_UNTIL (sp_server_get_n_accepted (server) == i + 1 &&
                  g_list_model_get_n_items (sp_server_get_connections (server)) == 0);
      sp_client_disconnect (client);
    }

  /* The listening socket, then the three newest connections. */
  g_assert_cmpuint (g_list_model_get_n_items (sockets), ==, 4);
  for (guint i = 1; i < 4; i++)
    {
      g_autoptr(SpConnection) connection = g_list_model_get_item (sockets, i);

      g_assert_cmpuint (sp_connection_get_id (connection), ==, i + 3);
    }

  sp_server_stop (server);
  g_assert_finalize_object (view);
}

/* The address widget beside a pane: the family and type line, and the notes. */
static void
test_address_info (void)
{
  g_autoptr(SpServer) server = server_new ("tcp://127.0.0.1:0");
  g_autoptr(SpClient) client = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  SpAddressInfo *server_info;
  SpAddressInfo *client_info;
  GtkWidget *box;
  GtkWindow *window;
  guint16 port;

  load_style ();
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 560, -1);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  server_info = SP_ADDRESS_INFO (sp_address_info_new ());
  client_info = SP_ADDRESS_INFO (sp_address_info_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (server_info));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (client_info));
  gtk_window_set_child (window, box);

  sp_address_info_set_server (server_info, server);
  start_server (server);
  port = sp_endpoint_get_port (sp_server_get_bound_endpoint (server));
  client = client_new ("localhost", port);
  sp_address_info_set_client (client_info, client);
  gtk_window_present (window);

  g_assert_cmpstr (sp_address_info_get_line_text (server_info), ==, "AF_INET · SOCK_STREAM");
  g_assert_cmpuint (sp_address_info_get_n_notes (server_info), ==, 1);
  g_assert_true (g_str_has_prefix (sp_address_info_get_note_text (server_info, 0),
                                   "On 127.0.0.1, this server is reached only through that exact address."));
  g_assert_cmpstr (sp_address_info_get_line_text (client_info), ==, "AF_INET / AF_INET6 · SOCK_STREAM");
  g_assert_cmpuint (sp_address_info_get_n_notes (client_info), ==, 0);

  /* localhost: ::1 first (GLib's own answer), then 127.0.0.1, which answers. */
  connection = connect_client (client, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (g_strcmp0 (sp_address_info_get_line_text (client_info), "AF_INET · SOCK_STREAM") == 0);
  g_assert_cmpuint (sp_address_info_get_n_notes (client_info), >=, 2);
  g_assert_true (g_str_has_prefix (sp_address_info_get_note_text (client_info, 0), "“localhost” resolved to"));
  g_assert_true (str_has (sp_address_info_get_note_text (client_info, 1), "127.0.0.1 answered."));
  g_assert_null (sp_address_info_get_note_text (client_info, 99));

  save_shots (GTK_WIDGET (window), "address-info");

  sp_client_disconnect (client);
  sp_server_stop (server);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/state-view/create-destroy", test_create_destroy);
  g_test_add_func ("/state-view/exchange", test_exchange);
  g_test_add_func ("/state-view/closed-rows-are-trimmed", test_closed_rows_are_trimmed);
  g_test_add_func ("/state-view/address-info", test_address_info);

  return g_test_run ();
}
