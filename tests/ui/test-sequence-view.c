/* test-sequence-view.c — the sequence diagram of a real exchange: lifelines, arrows in
 * order, selection, following live traffic, trimming, exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>
#include <string.h>

#include "sp-core.h"
#include "sp-sequence-view-private.h"
#include "sp-ui-test.h"

#define GREETING "Thank you for connecting"

/* Helpers ------------------------------------------------------------------------------ */

static const char *
kind_name (SpSequenceArrowKind kind)
{
  switch (kind)
    {
    case SP_SEQUENCE_ARROW_CALL:          return "call";
    case SP_SEQUENCE_ARROW_CONNECT:       return "connect";
    case SP_SEQUENCE_ARROW_ACCEPT:        return "accept";
    case SP_SEQUENCE_ARROW_DATA:          return "data";
    case SP_SEQUENCE_ARROW_RECEIVE:       return "receive";
    case SP_SEQUENCE_ARROW_END_OF_STREAM: return "end-of-stream";
    case SP_SEQUENCE_ARROW_SHUTDOWN:      return "shutdown";
    case SP_SEQUENCE_ARROW_CLOSE:         return "close";
    case SP_SEQUENCE_ARROW_ERROR:         return "error";
    case SP_SEQUENCE_ARROW_RESET:         return "reset";
    default:                              return "?";
    }
}

/* `data Server 1, connection #1 → Client 1, connection #1: 24 bytes “Thank you for con…”` */
static char *
describe_arrow (SpSequenceView *view,
                guint           arrow)
{
  g_autofree char *from = _sp_sequence_view_dup_arrow_from (view, arrow);
  g_autofree char *to = _sp_sequence_view_dup_arrow_to (view, arrow);
  g_autofree char *label = _sp_sequence_view_dup_arrow_label (view, arrow);
  const char *kind = kind_name (_sp_sequence_view_get_arrow_kind (view, arrow));

  if (to != NULL)
    return g_strdup_printf ("%s %s → %s: %s", kind, from, to, label);

  return g_strdup_printf ("%s %s: %s", kind, from, label);
}

static int
find_arrow (SpSequenceView *view,
            const char     *description)
{
  for (guint i = 0; i < _sp_sequence_view_get_n_arrows (view); i++)
    {
      g_autofree char *text = describe_arrow (view, i);

      if (g_str_equal (text, description))
        return i;
    }

  return -1;
}

static void
dump_arrows (SpSequenceView *view)
{
  for (guint i = 0; i < _sp_sequence_view_get_n_arrows (view); i++)
    {
      g_autofree char *text = describe_arrow (view, i);

      g_test_message ("arrow %u: %s", i, text);
    }
}

static int
assert_arrow (SpSequenceView *view,
              const char     *description)
{
  int arrow = find_arrow (view, description);

  if (arrow < 0)
    {
      dump_arrows (view);
      g_error ("No arrow “%s”", description);
    }

  return arrow;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static SpServer *
new_running_server (const char  *text,
                    SpBehaviour  behaviour)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) server = sp_server_new (endpoint);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sp_server_set_behaviour (server, behaviour);
  sp_server_set_reply_text (server, GREETING);
  sp_server_set_close_after_reply (server, behaviour == SP_BEHAVIOUR_REPLY);
  /* As the tutorial's server.py does. */
  sp_server_set_backlog (server, 5);

  sp_server_start_async (server, NULL, store_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_true (sp_server_start_finish (server, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&server);
}

static SpConnection *
connect_client (SpClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SpConnection *connection;

  sp_client_connect_async (client, NULL, store_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  connection = sp_client_connect_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (connection);

  return connection;
}

static GtkWidget *
new_window_with_view (SpSequenceView **out_view,
                      int              width,
                      int              height)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = sp_sequence_view_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (view) && gtk_widget_get_height (view) > 0);

  *out_view = SP_SEQUENCE_VIEW (view);

  return window;
}

static GtkAdjustment *
vadjustment (SpSequenceView *view)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
}

static gboolean
is_at_end (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) &&
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - 1.0;
}

/* The seed's exchange: a server that greets and closes, a client that connects to it. */
typedef struct
{
  SpServer     *server;
  SpClient     *client;
  SpConnection *connection;
  char         *server_address;
  char         *client_address;
} Exchange;

static void
exchange_run (Exchange       *exchange,
              SpSequenceView *view)
{
  SpEndpoint *bound;

  exchange->server = new_running_server ("tcp://127.0.0.1:0", SP_BEHAVIOUR_REPLY);
  bound = sp_server_get_bound_endpoint (exchange->server);
  exchange->client = sp_client_new (bound);
  exchange->server_address = g_strdup_printf ("127.0.0.1:%u", sp_endpoint_get_port (bound));

  if (view != NULL)
    {
      sp_sequence_view_add_log (view, sp_server_get_log (exchange->server), "Server 1");
      sp_sequence_view_add_log (view, sp_client_get_log (exchange->client), "Client 1");
    }

  exchange->connection = connect_client (exchange->client);
  exchange->client_address = g_strdup (sp_connection_get_local_address (exchange->connection));
  WAIT_UNTIL (sp_connection_get_end_time (exchange->connection) != 0 &&
              g_list_model_get_n_items (sp_server_get_connections (exchange->server)) == 0);
}

static void
exchange_clear (Exchange *exchange)
{
  if (exchange->server != NULL)
    sp_server_stop (exchange->server);
  g_clear_object (&exchange->connection);
  g_clear_object (&exchange->client);
  g_clear_object (&exchange->server);
  g_clear_pointer (&exchange->server_address, g_free);
  g_clear_pointer (&exchange->client_address, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Exchange, exchange_clear)

static char *
port_of (const char *address)
{
  return g_strdup (strrchr (address, ':') + 1);
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  sp_ui_test_maybe_save_screenshot (window, name);
}

/* Tests -------------------------------------------------------------------------------- */

static void
test_create_destroy (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  GtkWidget *view = g_object_ref_sink (sp_sequence_view_new ());

  sp_sequence_view_add_log (SP_SEQUENCE_VIEW (view), log, "Server 1");
  sp_event_log_add (log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, 0, NULL,
                    "socket(AF_INET, SOCK_STREAM)", "Created a socket.");
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (SP_SEQUENCE_VIEW (view)), ==, 1);

  sp_sequence_view_remove_log (SP_SEQUENCE_VIEW (view), log);
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (SP_SEQUENCE_VIEW (view)), ==, 0);

  /* The log is no longer followed. */
  sp_event_log_add (log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, 0, NULL,
                    "socket(AF_INET, SOCK_STREAM)", "Created a socket.");
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (SP_SEQUENCE_VIEW (view)), ==, 0);

  /* Nor does the view keep the log alive. */
  sp_sequence_view_add_log (SP_SEQUENCE_VIEW (view), log, "Server 1");
  g_assert_finalize_object (view);
}

/* The seed's exchange drawn: every socket call, between the right sockets. */
static void
test_exchange (void)
{
  g_auto(Exchange) exchange = { 0 };
  GtkWidget *window;
  SpSequenceView *view;
  g_autofree char *client_port = NULL;
  g_autofree char *server_port = NULL;
  g_autofree char *text = NULL;
  int socket_row, bind_row, listen_row, client_socket_row, connect_row, accept_row;
  int send_row, server_close_row, receive_row, eof_row, client_close_row;

  window = new_window_with_view (&view, 900, 560);
  exchange_run (&exchange, view);
  client_port = port_of (exchange.client_address);
  server_port = port_of (exchange.server_address);

  /* The server's listening socket, made and set up. */
  socket_row = assert_arrow (view, "call Server 1, listening socket: socket(AF_INET, SOCK_STREAM)");
  bind_row = assert_arrow (view, "call Server 1, listening socket: bind(('127.0.0.1', 0))");
  listen_row = assert_arrow (view, "call Server 1, listening socket: listen(5)");

  /* The client connects to the listening socket, which hands the connection to a new one. */
  client_socket_row = assert_arrow (view, "call Client 1, connection #1: socket(AF_INET, SOCK_STREAM)");
  text = g_strdup_printf ("connect Client 1, connection #1 → Server 1, listening socket: connect(('127.0.0.1', %s))",
                          server_port);
  connect_row = assert_arrow (view, text);
  g_free (text);
  text = g_strdup_printf ("accept Server 1, listening socket → Server 1, connection #1: accept() → ('127.0.0.1', %s)",
                          client_port);
  accept_row = assert_arrow (view, text);

  /* The greeting and the close go between the accepted connection and the client. */
  send_row = assert_arrow (view, "data Server 1, connection #1 → Client 1, connection #1: 24 bytes “Thank you for con…”");
  server_close_row = assert_arrow (view, "close Server 1, connection #1 → Client 1, connection #1: close()");
  receive_row = assert_arrow (view, "receive Server 1, connection #1 → Client 1, connection #1: recv(65536) → 24");
  eof_row = assert_arrow (view, "end-of-stream Server 1, connection #1 → Client 1, connection #1: recv() → b''");
  /* The server has closed already: the client's close has no one left to tell. */
  client_close_row = assert_arrow (view, "close Client 1, connection #1: close()");

  /* Nothing else: the logs' sentences without a call are not arrows. */
  if (_sp_sequence_view_get_n_arrows (view) != 11)
    dump_arrows (view);
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (view), ==, 11);

  /* In the order the calls happened. */
  g_assert_cmpint (socket_row, <, bind_row);
  g_assert_cmpint (bind_row, <, listen_row);
  g_assert_cmpint (listen_row, <, client_socket_row);
  g_assert_cmpint (client_socket_row, <, connect_row);
  /* The connect() arrow goes before the accept() that answers it, whatever the order in
   * which the two sides heard of it. */
  g_assert_cmpint (connect_row, ==, accept_row - 1);
  g_assert_cmpint (accept_row, <, send_row);
  g_assert_cmpint (send_row, <, server_close_row);
  g_assert_cmpint (send_row, <, receive_row);
  g_assert_cmpint (receive_row, <, eof_row);
  g_assert_cmpint (server_close_row, <, eof_row);
  g_assert_cmpint (eof_row, <, client_close_row);

  /* Three sockets: the listening one, the accepted connection, the client's. */
  g_assert_cmpuint (_sp_sequence_view_get_n_lifelines (view), ==, 3);

  /* The arrows are the logs' own events. */
  {
    g_autoptr(SpEvent) sent = g_list_model_get_item (G_LIST_MODEL (sp_server_get_log (exchange.server)), 4);

    g_assert_cmpint (sp_event_get_kind (sent), ==, SP_EVENT_KIND_SEND);
    g_assert_true (_sp_sequence_view_get_arrow_event (view, send_row) == sent);
  }

  save_screenshot (window, "sequence-view-exchange");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Added after the fact, in another order, the logs give the same diagram. */
static void
test_logs_added_later (void)
{
  g_auto(Exchange) exchange = { 0 };
  g_autoptr(GtkWidget) view = g_object_ref_sink (sp_sequence_view_new ());
  SpSequenceView *sequence = SP_SEQUENCE_VIEW (view);

  exchange_run (&exchange, NULL);

  sp_sequence_view_add_log (sequence, sp_client_get_log (exchange.client), "Client 1");
  sp_sequence_view_add_log (sequence, sp_server_get_log (exchange.server), "Server 1");

  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, 11);
  g_assert_cmpuint (_sp_sequence_view_get_n_lifelines (sequence), ==, 3);
  g_assert_cmpint (find_arrow (sequence, "data Server 1, connection #1 → Client 1, connection #1: 24 bytes “Thank you for con…”"),
                   >=, 0);
  /* Merged by time: the server's socket calls come first. */
  {
    g_autofree char *first = describe_arrow (sequence, 0);

    g_assert_cmpstr (first, ==, "call Server 1, listening socket: socket(AF_INET, SOCK_STREAM)");
  }

  /* A pane renamed, a pane closed. */
  sp_sequence_view_set_log_title (sequence, sp_server_get_log (exchange.server), "Lab server");
  g_assert_cmpint (find_arrow (sequence, "call Lab server, listening socket: listen(5)"), >=, 0);
  sp_sequence_view_remove_log (sequence, sp_server_get_log (exchange.server));
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, 5);
  g_assert_cmpint (find_arrow (sequence, "receive Outside the playground → Client 1, connection #1: 24 bytes “Thank you for con…”"),
                   >=, 0);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_selection (void)
{
  g_auto(Exchange) exchange = { 0 };
  GtkWidget *window;
  SpSequenceView *view;
  g_autoptr(SpEvent) send_event = NULL;
  SpEvent *selected = NULL;
  int send_row;
  int connect_row;
  guint notified = 0;

  window = new_window_with_view (&view, 900, 560);
  exchange_run (&exchange, view);
  g_signal_connect (view, "notify::selected-event", G_CALLBACK (count_notify_cb), &notified);

  send_row = assert_arrow (view, "data Server 1, connection #1 → Client 1, connection #1: 24 bytes “Thank you for con…”");
  send_event = g_object_ref (_sp_sequence_view_get_arrow_event (view, send_row));

  /* Set from outside (the log's selection): the property and the highlight follow. */
  g_assert_null (sp_sequence_view_get_selected_event (view));
  g_object_set (view, "selected-event", send_event, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (view, "selected-event", &selected, NULL);
  g_assert_true (selected == send_event);
  g_clear_object (&selected);
  g_assert_cmpint (_sp_sequence_view_get_selected_arrow (view), ==, send_row);

  /* Setting it again says nothing. */
  sp_sequence_view_set_selected_event (view, send_event);
  g_assert_cmpuint (notified, ==, 1);

  /* A click on an arrow selects it, and gives the view the keyboard. */
  connect_row = find_arrow (view, "call Client 1, connection #1: socket(AF_INET, SOCK_STREAM)") + 1;
  WAIT_UNTIL (_sp_sequence_view_get_arrow_y (view, connect_row) > 66 &&
              _sp_sequence_view_get_arrow_y (view, connect_row) < gtk_widget_get_height (GTK_WIDGET (view)));
  g_assert_cmpint (_sp_sequence_view_arrow_at (view, 300, _sp_sequence_view_get_arrow_y (view, connect_row)), ==,
                   connect_row);
  _sp_sequence_view_click (view, 300, _sp_sequence_view_get_arrow_y (view, connect_row));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (sp_sequence_view_get_selected_event (view) ==
                 _sp_sequence_view_get_arrow_event (view, connect_row));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));

  /* The header is not an arrow. */
  g_assert_cmpint (_sp_sequence_view_arrow_at (view, 300, 10), ==, -1);
  _sp_sequence_view_click (view, 300, 10);
  g_assert_cmpint (_sp_sequence_view_get_selected_arrow (view), ==, connect_row);

  /* The keys move from arrow to arrow. */
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (view), "Down"));
  g_assert_cmpint (_sp_sequence_view_get_selected_arrow (view), ==, connect_row + 1);
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (view), "Up"));
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (view), "Up"));
  g_assert_cmpint (_sp_sequence_view_get_selected_arrow (view), ==, connect_row - 1);
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (view), "Home"));
  g_assert_cmpint (_sp_sequence_view_get_selected_arrow (view), ==, 0);
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (view), "Up"));
  g_assert_cmpint (_sp_sequence_view_get_selected_arrow (view), ==, 0);
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (view), "End"));
  g_assert_cmpint (_sp_sequence_view_get_selected_arrow (view), ==, (int) _sp_sequence_view_get_n_arrows (view) - 1);
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (view), "Down"));
  g_assert_cmpint (_sp_sequence_view_get_selected_arrow (view), ==, (int) _sp_sequence_view_get_n_arrows (view) - 1);
  g_assert_true (sp_sequence_view_get_selected_event (view) ==
                 sp_event_log_get_last (sp_client_get_log (exchange.client)));

  /* An event the diagram does not draw can be selected; nothing is highlighted. */
  {
    g_autoptr(SpEvent) note = sp_event_new (SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, "A note.", NULL);

    sp_sequence_view_set_selected_event (view, note);
    g_assert_true (sp_sequence_view_get_selected_event (view) == note);
    g_assert_cmpint (_sp_sequence_view_get_selected_arrow (view), ==, -1);
    sp_sequence_view_set_selected_event (view, NULL);
    g_assert_null (sp_sequence_view_get_selected_event (view));
  }

  /* Named for screen readers. */
  {
    GtkAccessibleRole role;

    g_object_get (view, "accessible-role", &role, NULL);
    g_assert_cmpint (role, ==, GTK_ACCESSIBLE_ROLE_IMG);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Many arrows in a small window: the one selected from outside is scrolled into view. */
static void
test_selection_scrolls (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  GtkWidget *window;
  SpSequenceView *view;
  GtkAdjustment *adjustment;
  g_autoptr(SpEvent) first = NULL;
  double y;

  window = new_window_with_view (&view, 600, 300);
  adjustment = vadjustment (view);
  sp_sequence_view_add_log (view, log, "Client 1");
  sp_event_log_add (log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, 1, NULL, "socket(AF_INET, SOCK_STREAM)", "Created.");
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static ("hello\n", 6);

      sp_event_log_add (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, bytes, "send(6) → 6", "Sent 6 bytes.");
    }
  WAIT_UNTIL (is_at_end (adjustment));

  first = g_list_model_get_item (G_LIST_MODEL (log), 0);
  sp_sequence_view_set_selected_event (view, first);
  WAIT_UNTIL (gtk_adjustment_get_value (adjustment) < 30);
  y = _sp_sequence_view_get_arrow_y (view, 0);
  g_assert_cmpfloat (y, >, 66);
  g_assert_cmpfloat (y, <, gtk_widget_get_height (GTK_WIDGET (view)));
  g_assert_false (sp_sequence_view_get_following (view));

  /* End: the last arrow, and following again. */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (view), "End"));
  WAIT_UNTIL (is_at_end (adjustment));
  g_assert_true (sp_sequence_view_get_following (view));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Live traffic scrolls into view while the end is in view, and not after a scroll up. */
static void
test_follows_live (void)
{
  g_autoptr(SpServer) server = new_running_server ("tcp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  g_autoptr(SpClient) client = sp_client_new (sp_server_get_bound_endpoint (server));
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GBytes) ping = g_bytes_new_static ("ping\n", 5);
  GtkWidget *window;
  SpSequenceView *view;
  GtkAdjustment *adjustment;
  guint n;
  double upper;

  window = new_window_with_view (&view, 600, 320);
  adjustment = vadjustment (view);
  sp_sequence_view_add_log (view, sp_server_get_log (server), "Server 1");
  sp_sequence_view_add_log (view, sp_client_get_log (client), "Client 1");
  connection = connect_client (client);

  /* Each message: the client's send, the server's receive and echo, the client's receive. */
  for (guint i = 0; i < 12; i++)
    {
      n = _sp_sequence_view_get_n_arrows (view);
      g_assert_true (sp_client_send (client, ping, NULL));
      WAIT_UNTIL (_sp_sequence_view_get_n_arrows (view) >= n + 4);
    }
  WAIT_UNTIL (is_at_end (adjustment));
  g_assert_true (sp_sequence_view_get_following (view));

  n = _sp_sequence_view_get_n_arrows (view);
  g_assert_true (sp_client_send (client, ping, NULL));
  WAIT_UNTIL (_sp_sequence_view_get_n_arrows (view) >= n + 4);
  WAIT_UNTIL (is_at_end (adjustment));
  assert_arrow (view, "data Client 1, connection #1 → Server 1, connection #1: 5 bytes “ping\\n”");
  assert_arrow (view, "data Server 1, connection #1 → Client 1, connection #1: 5 bytes “ping\\n”");

  /* The person scrolls up to read: new arrows do not pull the view away. */
  gtk_adjustment_set_value (adjustment, 0);
  g_assert_false (sp_sequence_view_get_following (view));
  upper = gtk_adjustment_get_upper (adjustment);
  n = _sp_sequence_view_get_n_arrows (view);
  g_assert_true (sp_client_send (client, ping, NULL));
  WAIT_UNTIL (_sp_sequence_view_get_n_arrows (view) >= n + 4 && gtk_adjustment_get_upper (adjustment) > upper);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  /* Back at the end by hand: following again. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  g_assert_true (sp_sequence_view_get_following (view));
  n = _sp_sequence_view_get_n_arrows (view);
  upper = gtk_adjustment_get_upper (adjustment);
  g_assert_true (sp_client_send (client, ping, NULL));
  WAIT_UNTIL (_sp_sequence_view_get_n_arrows (view) >= n + 4 && gtk_adjustment_get_upper (adjustment) > upper &&
              is_at_end (adjustment));

  save_screenshot (window, "sequence-view-live");

  sp_client_disconnect (client);
  sp_server_stop (server);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The log drops its oldest events to keep its budget: their arrows go too. */
static void
test_trimming (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GtkWidget) view = g_object_ref_sink (sp_sequence_view_new ());
  SpSequenceView *sequence = SP_SEQUENCE_VIEW (view);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("0123456789abcdef0123456789abcdef", 32);
  g_autoptr(SpEvent) oldest = NULL;
  guint n_events;
  guint seen_marker = 0;

  sp_event_log_set_budget (log, 4096);
  sp_sequence_view_add_log (sequence, log, "Client 1");
  sp_event_log_add (log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, 1, NULL, "socket(AF_INET, SOCK_STREAM)", "Created.");
  sp_event_log_add (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, bytes, "send(32) → 32", "Sent 32 bytes.");
  oldest = g_object_ref (sp_event_log_get_last (log));
  sp_sequence_view_set_selected_event (sequence, oldest);
  g_assert_cmpint (_sp_sequence_view_get_selected_arrow (sequence), ==, 1);

  for (guint i = 0; i < 500; i++)
    sp_event_log_add (log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, bytes, "send(32) → 32", "Sent 32 bytes.");

  /* The log trimmed, and says so in a marker row that is no arrow. */
  g_assert_cmpuint (sp_event_log_get_n_dropped (log), >, 0);
  n_events = sp_event_log_get_n_events (log);
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, n_events);
  for (guint i = 0; i < _sp_sequence_view_get_n_arrows (sequence); i++)
    {
      g_autoptr(SpEvent) in_log = g_list_model_get_item (G_LIST_MODEL (log), i + 1);

      g_assert_true (_sp_sequence_view_get_arrow_event (sequence, i) == in_log);
      g_assert_cmpint (_sp_sequence_view_get_arrow_kind (sequence, i), ==, SP_SEQUENCE_ARROW_DATA);
      if (sp_event_get_connection_id (in_log) == 0 && sp_event_get_call (in_log) == NULL)
        seen_marker++;
    }
  g_assert_cmpuint (seen_marker, ==, 0);

  /* The selected event went with its arrow. */
  g_assert_null (sp_sequence_view_get_selected_event (sequence));

  /* The socket's first row went, its lifeline stays: later arrows are drawn on it. */
  g_assert_cmpuint (_sp_sequence_view_get_n_lifelines (sequence), ==, 2);
  {
    g_autofree char *last = describe_arrow (sequence, _sp_sequence_view_get_n_arrows (sequence) - 1);

    g_assert_cmpstr (last, ==, "data Client 1, connection #1 → Outside the playground: 32 bytes “0123456789abcdef0…”");
  }

  /* Clearing the log takes every arrow away. */
  sp_event_log_clear (log);
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, 0);
  sp_event_log_add (log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, 1, NULL, "close()", "Closed.");
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, 1);
}

/* The view's own clear: a clean diagram, the sockets still open stay where they are. */
static void
test_clear (void)
{
  g_auto(Exchange) exchange = { 0 };
  g_autoptr(GtkWidget) view = g_object_ref_sink (sp_sequence_view_new ());
  SpSequenceView *sequence = SP_SEQUENCE_VIEW (view);
  g_autoptr(SpConnection) second = NULL;

  exchange_run (&exchange, sequence);
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, 11);

  sp_sequence_view_clear (sequence);
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, 0);
  g_assert_true (sp_sequence_view_get_following (sequence));

  /* A second connection: drawn on a clean diagram, the listening socket still known. */
  second = connect_client (exchange.client);
  WAIT_UNTIL (sp_connection_get_end_time (second) != 0 &&
              g_list_model_get_n_items (sp_server_get_connections (exchange.server)) == 0);
  assert_arrow (sequence, "data Server 1, connection #2 → Client 1, connection #2: 24 bytes “Thank you for con…”");
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, 8);

  /* Adding a log starts the drawing over, and what was cleared stays cleared. */
  {
    g_autoptr(SpEventLog) other = sp_event_log_new ();

    sp_event_log_add (other, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, 1, NULL, "socket(AF_INET, SOCK_STREAM)", "Created.");
    sp_sequence_view_add_log (sequence, other, "Client 2");
    g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, 9);
    sp_sequence_view_remove_log (sequence, other);
  }
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, 8);
}

/* 20,000 events in one go, in a window: drawn, scrolled, without trouble. */
static void
test_many_events (void)
{
  g_autoptr(SpEventLog) server_log = sp_event_log_new ();
  g_autoptr(SpEventLog) client_log = sp_event_log_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("GET / HTTP/1.0\r\n\r\n", 18);
  GtkWidget *window;
  SpSequenceView *view;
  GtkAdjustment *adjustment;
  guint n_events = 0;

  window = new_window_with_view (&view, 800, 500);
  adjustment = vadjustment (view);
  sp_sequence_view_add_log (view, server_log, "Server 1");
  sp_sequence_view_add_log (view, client_log, "Client 1");

  sp_event_log_add (server_log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, 0, NULL, "socket(AF_INET, SOCK_STREAM)", "Created.");
  n_events++;
  for (guint c = 1; n_events < 20000; c++)
    {
      g_autofree char *client_address = g_strdup_printf ("127.0.0.1:%u", 30000 + c);
      g_autoptr(SpEvent) connect = sp_event_new (SP_EVENT_KIND_CONNECT, SP_DIRECTION_NONE, c,
                                                 "connect(('127.0.0.1', 8080))", "Connected.", NULL);
      g_autoptr(SpEvent) accept = sp_event_new (SP_EVENT_KIND_ACCEPT, SP_DIRECTION_NONE, c,
                                                "accept()", "Accepted.", NULL);

      if (c == 1)
        {
          g_autoptr(SpEvent) listen = sp_event_new (SP_EVENT_KIND_LISTEN, SP_DIRECTION_NONE, 0,
                                                    "listen(5)", "Listening.", NULL);

          sp_event_set_address (listen, "127.0.0.1:8080");
          sp_event_log_append (server_log, listen);
          n_events++;
        }

      sp_event_log_add (client_log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, c, NULL, "socket(AF_INET, SOCK_STREAM)", "Created.");
      sp_event_set_address (connect, "127.0.0.1:8080");
      sp_event_set_local_address (connect, client_address);
      sp_event_log_append (client_log, connect);
      sp_event_set_address (accept, client_address);
      sp_event_log_append (server_log, accept);
      for (guint i = 0; i < 6; i++)
        {
          sp_event_log_add (client_log, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, c, bytes, "send(18) → 18", "Sent.");
          sp_event_log_add (server_log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, c, bytes, "recv(65536) → 18", "Received.");
        }
      sp_event_log_add (client_log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, c, NULL, "close()", "Closed.");
      sp_event_log_add (server_log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, c, NULL, "close()", "Closed.");
      n_events += 17;
    }

  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (view), ==, n_events);
  WAIT_UNTIL (is_at_end (adjustment));

  /* The client reconnected a thousand times: each socket had its lifeline, reusing columns. */
  g_assert_cmpuint (_sp_sequence_view_get_n_lifelines (view), ==, 1 + 2 * (n_events - 2) / 17);
  {
    g_autofree char *text = describe_arrow (view, _sp_sequence_view_get_n_arrows (view) - 3);
    g_autofree char *expected = g_strdup_printf ("receive Client 1, connection #%u → Server 1, connection #%u: recv(65536) → 18",
                                                 (n_events - 2) / 17, (n_events - 2) / 17);

    g_assert_cmpstr (text, ==, expected);
  }

  /* Scrolling through it draws a page at a time. */
  for (double value = 0; value < gtk_adjustment_get_upper (adjustment); value += gtk_adjustment_get_upper (adjustment) / 7)
    {
      gtk_adjustment_set_value (adjustment, value);
      gtk_widget_queue_draw (GTK_WIDGET (view));
      g_main_context_iteration (NULL, FALSE);
    }

  save_screenshot (window, "sequence-view-many");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A port bound but not listening refuses connections, without a race. */
static GSocket *
bind_without_listening (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any_port, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  return g_steal_pointer (&socket);
}

/* A client of @port whose connect() is refused. */
static SpClient *
refused_client (guint16         port,
                SpSequenceView *view,
                const char     *title)
{
  g_autofree char *text = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, NULL);
  g_autoptr(SpClient) client = sp_client_new (endpoint);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sp_sequence_view_add_log (view, sp_client_get_log (client), title);
  sp_client_connect_async (client, NULL, store_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_null (sp_client_connect_finish (client, result, &error));
  g_assert_error (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_REFUSED);

  return g_steal_pointer (&client);
}

/* A connection refused, drawn as the RST it is, from outside the playground. */
static void
test_refused (void)
{
  guint16 port;
  g_autoptr(GSocket) bound_only = bind_without_listening (&port);
  g_autofree char *expected = NULL;
  g_autoptr(GtkWidget) view = g_object_ref_sink (sp_sequence_view_new ());
  SpSequenceView *sequence = SP_SEQUENCE_VIEW (view);
  g_autoptr(SpClient) client = refused_client (port, sequence, "Client 1");

  expected = g_strdup_printf ("reset Outside the playground → Client 1, connection #1: connect(('127.0.0.1', %u))", port);
  assert_arrow (sequence, expected);
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, 2);
  g_assert_cmpuint (_sp_sequence_view_get_n_lifelines (sequence), ==, 2);
}

/* UDP: no accepted socket; the client's datagrams go to the server's one socket. */
static void
test_datagrams (void)
{
  g_autoptr(SpServer) server = new_running_server ("udp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  g_autoptr(SpClient) client = sp_client_new (sp_server_get_bound_endpoint (server));
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GBytes) ping = g_bytes_new_static ("ping", 4);
  g_autoptr(GtkWidget) view = g_object_ref_sink (sp_sequence_view_new ());
  SpSequenceView *sequence = SP_SEQUENCE_VIEW (view);

  sp_sequence_view_add_log (sequence, sp_server_get_log (server), "Server 1");
  sp_sequence_view_add_log (sequence, sp_client_get_log (client), "Client 1");
  connection = connect_client (client);
  g_assert_true (sp_client_send (client, ping, NULL));
  WAIT_UNTIL (sp_client_get_bytes_received (client) == 4);

  assert_arrow (sequence, "call Server 1, server socket: socket(AF_INET, SOCK_DGRAM)");
  assert_arrow (sequence, "data Client 1, connection #1 → Server 1, server socket: 4 bytes “ping”");
  assert_arrow (sequence, "data Server 1, server socket → Client 1, connection #1: 4 bytes “ping”");
  g_assert_cmpuint (_sp_sequence_view_get_n_lifelines (sequence), ==, 2);

  sp_client_disconnect (client);
  sp_server_stop (server);
}

static void
step_server (SpServer   *server,
             const char *expected_call)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sp_server_get_next_call (server), ==, expected_call);
  g_assert_true (sp_server_step (server, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (!sp_server_get_step_waiting (server));
}

static void
step_client (SpClient   *client,
             const char *expected_call)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sp_client_get_next_call (client), ==, expected_call);
  g_assert_true (sp_client_step (client, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (!sp_client_get_step_waiting (client));
}

/* The seed's lesson one call per click: the diagram grows with each step, and shows the
 * client connected to the listening socket before the server has accepted. */
static void
test_step_lesson (void)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) server = sp_server_new (endpoint);
  g_autoptr(SpClient) client = NULL;
  g_autoptr(GtkWidget) view = g_object_ref_sink (sp_sequence_view_new ());
  SpSequenceView *sequence = SP_SEQUENCE_VIEW (view);
  g_autofree char *server_port = NULL;
  g_autofree char *text = NULL;
  int connect_row;
  int accept_row;

  sp_server_set_reply_text (server, GREETING);
  sp_server_set_close_after_reply (server, TRUE);
  sp_server_set_backlog (server, 5);
  sp_server_set_step_mode (server, TRUE);
  sp_sequence_view_add_log (sequence, sp_server_get_log (server), "Server 1");

  step_server (server, "socket()");
  step_server (server, "bind()");
  step_server (server, "listen()");
  g_assert_cmpuint (_sp_sequence_view_get_n_arrows (sequence), ==, 3);

  client = sp_client_new (sp_server_get_bound_endpoint (server));
  sp_client_set_step_mode (client, TRUE);
  sp_sequence_view_add_log (sequence, sp_client_get_log (client), "Client 1");
  server_port = g_strdup_printf ("%u", sp_endpoint_get_port (sp_server_get_bound_endpoint (server)));

  step_client (client, "socket()");
  step_client (client, "connect()");

  /* Connected, not yet accepted: the arrow goes to the listening socket, alone. */
  text = g_strdup_printf ("connect Client 1, connection #1 → Server 1, listening socket: connect(('127.0.0.1', %s))",
                          server_port);
  connect_row = assert_arrow (sequence, text);
  g_assert_cmpint (connect_row, ==, (int) _sp_sequence_view_get_n_arrows (sequence) - 1);
  g_assert_cmpuint (_sp_sequence_view_get_n_lifelines (sequence), ==, 2);

  step_server (server, "accept()");
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("accept Server 1, listening socket → Server 1, connection #1: accept() → ('127.0.0.1', %s)",
                          strrchr (sp_connection_get_local_address (sp_client_get_connection (client)), ':') + 1);
  accept_row = assert_arrow (sequence, text);
  g_assert_cmpint (connect_row, <, accept_row);

  /* The bytes are logged once written, a moment after the step. */
  step_server (server, "send()");
  WAIT_UNTIL (find_arrow (sequence, "data Server 1, connection #1 → Client 1, connection #1: 24 bytes “Thank you for con…”") >= 0);
  step_server (server, "close()");
  WAIT_UNTIL (find_arrow (sequence, "close Server 1, connection #1 → Client 1, connection #1: close()") >= 0);
  step_client (client, "recv()");
  WAIT_UNTIL (find_arrow (sequence, "receive Server 1, connection #1 → Client 1, connection #1: recv(65536) → 24") >= 0);
  step_client (client, "close()");
  WAIT_UNTIL (find_arrow (sequence, "close Client 1, connection #1: close()") >= 0);
  g_assert_cmpuint (_sp_sequence_view_get_n_lifelines (sequence), ==, 3);

  sp_server_stop (server);
}

/* Whether the image's top left corner (the background) is light. */
static gboolean
texture_is_light (GdkTexture *texture)
{
  gsize stride = gdk_texture_get_width (texture) * 4;
  g_autofree guint8 *pixels = g_malloc (stride * gdk_texture_get_height (texture));

  gdk_texture_download (texture, pixels, stride);

  return pixels[0] + pixels[1] + pixels[2] > 3 * 128;
}

static gboolean
rendering_is_light (SpSequenceView *view)
{
  g_autoptr(GBytes) png = _sp_sequence_view_render_png (view, NULL, NULL, NULL);
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (png, NULL);

  return texture_is_light (texture);
}

/* Every kind of arrow in one exchange; with SP_TEST_SCREENSHOT_DIR set, pictures of it
 * in light and dark. */
static void
test_tour (void)
{
  g_autoptr(SpServer) server = new_running_server ("tcp://127.0.0.1:0", SP_BEHAVIOUR_ECHO);
  g_autoptr(SpClient) client = sp_client_new (sp_server_get_bound_endpoint (server));
  g_autoptr(SpClient) refused = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("Hello, server!\n", 15);
  g_autoptr(GSocket) bound_only = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *expected = NULL;
  GtkWidget *window;
  SpSequenceView *view;
  guint16 port;
  int hello_row;

  window = new_window_with_view (&view, 1120, 660);
  sp_sequence_view_add_log (view, sp_server_get_log (server), "Server 1");
  sp_sequence_view_add_log (view, sp_client_get_log (client), "Client 1");

  connection = connect_client (client);
  g_assert_true (sp_client_send (client, hello, NULL));
  WAIT_UNTIL (sp_client_get_bytes_received (client) == 15);
  g_assert_true (sp_client_shutdown_write (client, NULL));
  WAIT_UNTIL (sp_connection_get_end_time (connection) != 0 &&
              g_list_model_get_n_items (sp_server_get_connections (server)) == 0);

  bound_only = bind_without_listening (&port);
  refused = refused_client (port, view, "Client 2");

  hello_row = assert_arrow (view, "data Client 1, connection #1 → Server 1, connection #1: 15 bytes “Hello, server!\\n”");
  assert_arrow (view, "data Server 1, connection #1 → Client 1, connection #1: 15 bytes “Hello, server!\\n”");
  assert_arrow (view, "shutdown Client 1, connection #1 → Server 1, connection #1: shutdown(SHUT_WR)");
  assert_arrow (view, "end-of-stream Client 1, connection #1 → Server 1, connection #1: recv() → b''");
  assert_arrow (view, "close Server 1, connection #1 → Client 1, connection #1: close()");
  assert_arrow (view, "end-of-stream Server 1, connection #1 → Client 1, connection #1: recv() → b''");
  expected = g_strdup_printf ("reset Outside the playground → Client 2, connection #1: connect(('127.0.0.1', %u))", port);
  assert_arrow (view, expected);
  g_assert_cmpuint (_sp_sequence_view_get_n_lifelines (view), ==, 5);

  sp_sequence_view_set_selected_event (view, _sp_sequence_view_get_arrow_event (view, hello_row));
  gtk_widget_grab_focus (GTK_WIDGET (view));
  save_screenshot (window, "sequence-view-tour-light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_UNTIL (adw_style_manager_get_dark (style) && !rendering_is_light (view));
  save_screenshot (window, "sequence-view-tour-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  WAIT_UNTIL (!adw_style_manager_get_dark (style) && rendering_is_light (view));

  sp_server_stop (server);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  guint    depth;
  gboolean saw_svg;
  gboolean saw_byte_count;
  char    *width;
  char    *height;
} SvgCheck;

static void
svg_start_element (GMarkupParseContext  *context,
                   const char           *element,
                   const char          **names,
                   const char          **values,
                   gpointer              user_data,
                   GError              **error)
{
  SvgCheck *check = user_data;

  if (check->depth++ == 0 && g_str_equal (element, "svg"))
    {
      check->saw_svg = TRUE;
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "width"))
            check->width = g_strdup (values[i]);
          else if (g_str_equal (names[i], "height"))
            check->height = g_strdup (values[i]);
        }
    }
}

static void
svg_end_element (GMarkupParseContext  *context,
                 const char           *element,
                 gpointer              user_data,
                 GError              **error)
{
  ((SvgCheck *) user_data)->depth--;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  SvgCheck *check = user_data;
  g_autofree char *copy = g_strndup (text, length);

  if (strstr (copy, "24 bytes “Thank you for con…”") != NULL)
    check->saw_byte_count = TRUE;
}

static char *
new_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-sequence-view-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

static void
test_export_svg (void)
{
  g_auto(Exchange) exchange = { 0 };
  g_autoptr(GtkWidget) view = g_object_ref_sink (sp_sequence_view_new ());
  SpSequenceView *sequence = SP_SEQUENCE_VIEW (view);
  g_autofree char *dir = new_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "diagram.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  GMarkupParser parser = { svg_start_element, svg_end_element, svg_text, NULL, NULL };
  GMarkupParseContext *context;
  SvgCheck check = { 0 };

  exchange_run (&exchange, sequence);
  /* Text the document must escape, in a pane's title. */
  sp_sequence_view_set_log_title (sequence, sp_client_get_log (exchange.client), "Client <1> & “friends”");

  g_assert_true (sp_sequence_view_export_svg (sequence, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  context = g_markup_parse_context_new (&parser, 0, &check, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);

  g_assert_true (check.saw_svg);
  g_assert_true (check.saw_byte_count);
  g_assert_cmpstr (check.width, ==, "876");
  g_assert_cmpstr (check.height, ==, "428");  /* 66 + 8 + 11 × 30 + 24 */
  g_assert_nonnull (strstr (contents, "Client &lt;1&gt; &amp; “friends”"));
  g_free (check.width);
  g_free (check.height);

  /* A folder that is not there: the file's own error. */
  {
    g_autofree char *missing = g_build_filename (dir, "missing", "diagram.svg", NULL);
    g_autoptr(GFile) nowhere = g_file_new_for_path (missing);

    g_assert_false (sp_sequence_view_export_svg (sequence, nowhere, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* The same, without waiting for the file. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *again = NULL;

    sp_sequence_view_export_svg_async (sequence, file, NULL, store_result_cb, &result);
    WAIT_UNTIL (result != NULL);
    g_assert_true (sp_sequence_view_export_finish (sequence, result, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &again, NULL, &error));
    g_assert_cmpstr (again, ==, contents);
  }

  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_export_empty (void)
{
  g_autoptr(GtkWidget) view = g_object_ref_sink (sp_sequence_view_new ());
  g_autoptr(GBytes) svg = _sp_sequence_view_render_svg (SP_SEQUENCE_VIEW (view));
  g_autofree char *text = g_strndup (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg));

  /* The empty state says what to do. */
  g_assert_nonnull (strstr (text, "Start a server and connect a client to see the exchange drawn here"));
}

static void
test_export_png (void)
{
  g_auto(Exchange) exchange = { 0 };
  GtkWidget *window;
  SpSequenceView *view;
  g_autofree char *dir = new_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "diagram.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();

  window = new_window_with_view (&view, 900, 560);
  exchange_run (&exchange, view);

  g_assert_true (sp_sequence_view_export_png (view, file, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 876);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 428);
  g_assert_true (texture_is_light (texture));
  g_clear_object (&texture);

  /* Dark: the view's colours follow (once GTK has restyled it), and so does the picture. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_UNTIL (adw_style_manager_get_dark (style) && !rendering_is_light (view));
  save_screenshot (window, "sequence-view-dark");
  g_assert_true (sp_sequence_view_export_png (view, file, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_false (texture_is_light (texture));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  WAIT_UNTIL (!adw_style_manager_get_dark (style) && rendering_is_light (view));

  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Too tall for an image: a clear error, and nothing written. */
static void
test_export_png_too_big (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GtkWidget) view = g_object_ref_sink (sp_sequence_view_new ());
  g_autofree char *dir = new_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "diagram.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  sp_sequence_view_add_log (SP_SEQUENCE_VIEW (view), log, "Client 1");
  for (guint i = 0; i < 2000; i++)
    sp_event_log_add (log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, i + 1, NULL, "socket(AF_INET, SOCK_STREAM)", "Created.");

  g_assert_false (sp_sequence_view_export_png (SP_SEQUENCE_VIEW (view), file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_no_errno (g_rmdir (dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/sequence-view/create-destroy", test_create_destroy);
  g_test_add_func ("/sequence-view/exchange", test_exchange);
  g_test_add_func ("/sequence-view/logs-added-later", test_logs_added_later);
  g_test_add_func ("/sequence-view/selection", test_selection);
  g_test_add_func ("/sequence-view/selection-scrolls", test_selection_scrolls);
  g_test_add_func ("/sequence-view/follows-live", test_follows_live);
  g_test_add_func ("/sequence-view/trimming", test_trimming);
  g_test_add_func ("/sequence-view/clear", test_clear);
  g_test_add_func ("/sequence-view/many-events", test_many_events);
  g_test_add_func ("/sequence-view/refused", test_refused);
  g_test_add_func ("/sequence-view/datagrams", test_datagrams);
  g_test_add_func ("/sequence-view/tour", test_tour);
  g_test_add_func ("/sequence-view/step-lesson", test_step_lesson);
  g_test_add_func ("/sequence-view/export/svg", test_export_svg);
  g_test_add_func ("/sequence-view/export/empty", test_export_empty);
  g_test_add_func ("/sequence-view/export/png", test_export_png);
  g_test_add_func ("/sequence-view/export/png-too-big", test_export_png_too_big);

  return g_test_run ();
}
