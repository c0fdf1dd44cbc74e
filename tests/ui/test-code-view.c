/* test-code-view.c — the code view follows its pane's settings and marks the line of
 * the last socket call; language switch, copy and save
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sp-code-view.h"
#include "sp-core.h"
#include "sp-ui-test.h"

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static const char *
view_text (SpCodeView *view)
{
  SpSnippet *snippet = sp_code_view_get_snippet (view);

  g_assert_nonnull (snippet);
  return sp_snippet_get_text (snippet);
}

static gboolean
text_has (SpCodeView *view,
          const char *needle)
{
  return strstr (view_text (view), needle) != NULL;
}

/* The text of line @line (from 1) of what the view shows. */
static char *
line_text (SpCodeView *view,
           guint       line)
{
  g_auto(GStrv) lines = g_strsplit (view_text (view), "\n", -1);

  g_assert_cmpuint (line, >, 0);
  g_assert_cmpuint (line, <=, g_strv_length (lines));
  return g_strdup (lines[line - 1]);
}

static SpServer *
make_server (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, &error);

  g_assert_no_error (error);
  return sp_server_new (endpoint);
}

static SpClient *
make_client (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, &error);

  g_assert_no_error (error);
  return sp_client_new (endpoint);
}

static GtkWidget *
show_in_window (GtkWidget *view)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 640);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (view));

  return window;
}

static void
test_code_view_create_destroy (void)
{
  g_autoptr(SpServer) server = make_server ("tcp://127.0.0.1:12345");
  SpCodeView *view = SP_CODE_VIEW (g_object_ref_sink (sp_code_view_new ()));

  g_assert_null (sp_code_view_get_snippet (view));
  g_assert_cmpuint (sp_code_view_get_highlighted_line (view), ==, 0);

  sp_code_view_set_server (view, server);
  g_assert_true (text_has (view, "s.accept()"));

  g_assert_finalize_object (view);
}

static void
test_code_view_follows_server (void)
{
  g_autoptr(SpServer) server = make_server ("tcp://127.0.0.1:12345");
  g_autoptr(SpEndpoint) moved = NULL;
  g_autoptr(SpReplyRule) rule = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *view = sp_code_view_new ();
  GtkWidget *window = show_in_window (view);
  SpCodeView *code = SP_CODE_VIEW (view);
  guint n_snippets = 0;

  sp_server_set_reply_text (server, "Thank you for connecting");
  sp_code_view_set_server (code, server);
  g_assert_true (text_has (code, "reply = b'Thank you for connecting'"));
  g_assert_true (text_has (code, "port = 12345"));
  g_assert_true (text_has (code, "c.sendall(reply)"));

  sp_server_set_behaviour (server, SP_BEHAVIOUR_ECHO);
  g_assert_true (text_has (code, "c.sendall(data)"));
  g_assert_false (text_has (code, "reply ="));

  moved = sp_endpoint_parse ("udp://127.0.0.1:4000", SP_ENDPOINT_ROLE_SERVER, &error);
  g_assert_no_error (error);
  sp_server_set_endpoint (server, moved);
  g_assert_true (text_has (code, "socket.SOCK_DGRAM"));
  g_assert_true (text_has (code, "s.recvfrom(65536)"));

  /* A rule added in place writes the program again. */
  sp_server_set_behaviour (server, SP_BEHAVIOUR_RULES);
  rule = sp_reply_rule_parse ("PING=PONG\\n", &error);
  g_assert_no_error (error);
  g_signal_connect_swapped (view, "notify::snippet", G_CALLBACK (count_cb), &n_snippets);
  sp_server_add_rule (server, rule);
  g_assert_cmpuint (n_snippets, ==, 1);
  g_assert_true (text_has (code, "if message == b'PING':"));

  /* Counters and states do not change the program. */
  g_object_notify (G_OBJECT (server), "bytes-received");
  g_object_notify (G_OBJECT (server), "state");
  g_assert_cmpuint (n_snippets, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_code_view_follows_client (void)
{
  g_autoptr(SpClient) client = make_client ("tcp://127.0.0.1:1111");
  g_autoptr(SpEndpoint) moved = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello\n", 6);
  g_autoptr(GBytes) binary = g_bytes_new_static ("\0\xff'", 3);
  g_autoptr(GError) error = NULL;
  GtkWidget *view = sp_code_view_new ();
  GtkWidget *window = show_in_window (view);
  SpCodeView *code = SP_CODE_VIEW (view);

  sp_code_view_set_client (code, client, hello);
  g_assert_true (sp_code_view_get_client (code) == client);
  g_assert_null (sp_code_view_get_server (code));
  g_assert_true (text_has (code, "port = 1111"));
  g_assert_true (text_has (code, "message = b'hello\\n'"));

  moved = sp_endpoint_parse ("tcp://[::1]:2222", SP_ENDPOINT_ROLE_CLIENT, &error);
  g_assert_no_error (error);
  sp_client_set_endpoint (client, moved);
  g_assert_true (text_has (code, "port = 2222"));
  g_assert_true (text_has (code, "host = '::1'"));
  g_assert_true (text_has (code, "socket.AF_INET6"));

  g_object_set (view, "to-send", binary, NULL);
  g_assert_true (text_has (code, "message = b'\\x00\\xff\\''"));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  SpConnection *server_side;
} Accepted;

static void
accepted_cb (SpServer     *server,
             SpConnection *connection,
             Accepted     *accepted)
{
  g_set_object (&accepted->server_side, connection);
}

/* A real exchange, the tutorial's: the server greets and closes. The mark follows the
 * last call, close(), and moves with the language. */
static void
test_code_view_highlight (void)
{
  g_autoptr(SpServer) server = make_server ("tcp://127.0.0.1:0");
  g_autoptr(SpClient) client = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *client_text = NULL;
  g_autofree char *line = NULL;
  Accepted accepted = { NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *server_view = sp_code_view_new ();
  GtkWidget *client_view = sp_code_view_new ();
  GtkWidget *window;
  SpCodeView *server_code = SP_CODE_VIEW (server_view);
  SpCodeView *client_code = SP_CODE_VIEW (client_view);
  guint close_line;

  gtk_widget_set_hexpand (server_view, TRUE);
  gtk_widget_set_hexpand (client_view, TRUE);
  gtk_box_append (GTK_BOX (box), server_view);
  gtk_box_append (GTK_BOX (box), client_view);
  window = show_in_window (box);

  sp_server_set_reply_text (server, "Thank you for connecting");
  g_signal_connect (server, "connection-accepted", G_CALLBACK (accepted_cb), &accepted);
  sp_code_view_set_server (server_code, server);

  sp_server_start_async (server, NULL, store_result_cb, &started);
  WAIT_UNTIL (started != NULL);
  g_assert_true (sp_server_start_finish (server, started, &error));
  g_assert_no_error (error);

  /* Listening: the mark is on listen(). */
  WAIT_UNTIL (sp_code_view_get_highlighted_line (server_code) != 0);
  line = line_text (server_code, sp_code_view_get_highlighted_line (server_code));
  g_assert_nonnull (strstr (line, "s.listen("));
  g_clear_pointer (&line, g_free);

  client_text = g_strdup_printf ("tcp://127.0.0.1:%u",
                                 sp_endpoint_get_port (sp_server_get_bound_endpoint (server)));
  client = make_client (client_text);
  sp_code_view_set_client (client_code, client, NULL);
  g_assert_cmpuint (sp_code_view_get_highlighted_line (client_code), ==, 0);

  sp_client_connect_async (client, NULL, store_result_cb, &connected);
  WAIT_UNTIL (connected != NULL);
  connection = sp_client_connect_finish (client, connected, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (sp_connection_get_end_time (connection) != 0);
  WAIT_UNTIL (accepted.server_side != NULL &&
              sp_connection_get_end_time (accepted.server_side) != 0);

  /* The server's last call closed the connection: c.close(). */
  close_line = sp_snippet_get_line_for_call (sp_code_view_get_snippet (server_code), SP_EVENT_KIND_CLOSE, 0);
  g_assert_cmpuint (close_line, !=, 0);
  WAIT_UNTIL (sp_code_view_get_highlighted_line (server_code) == close_line);
  line = line_text (server_code, close_line);
  g_assert_nonnull (strstr (line, "c.close()"));
  g_clear_pointer (&line, g_free);

  /* The client read the end of the stream and closed too: s.close(). */
  WAIT_UNTIL (sp_code_view_get_highlighted_line (client_code) ==
              sp_snippet_get_line_for_call (sp_code_view_get_snippet (client_code), SP_EVENT_KIND_CLOSE, 0));
  line = line_text (client_code, sp_code_view_get_highlighted_line (client_code));
  g_assert_nonnull (strstr (line, "s.close()"));
  g_clear_pointer (&line, g_free);

  sp_ui_test_maybe_save_screenshot (window, "code-view-light");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  sp_ui_test_maybe_save_screenshot (window, "code-view-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* The same call in C: the mark moves to its line there. */
  g_assert_true (gtk_widget_activate_action (server_view, "code.language", "s", "c"));
  g_assert_cmpint (sp_code_view_get_language (server_code), ==, SP_SNIPPET_LANGUAGE_C);
  g_assert_true (text_has (server_code, "#include <sys/socket.h>"));
  line = line_text (server_code, sp_code_view_get_highlighted_line (server_code));
  g_assert_nonnull (strstr (line, "close(c)"));
  g_clear_pointer (&line, g_free);

  g_object_set (server_view, "language", SP_SNIPPET_LANGUAGE_PYTHON, NULL);
  g_assert_cmpuint (sp_code_view_get_highlighted_line (server_code), ==, close_line);

  sp_server_stop (server);
  g_clear_object (&accepted.server_side);
  g_signal_handlers_disconnect_by_data (server, &accepted);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_code_view_save (void)
{
  g_autoptr(SpServer) server = make_server ("unix:/tmp/socket-playground.sock");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  SpCodeView *view = SP_CODE_VIEW (g_object_ref_sink (sp_code_view_new ()));

  dir = g_dir_make_tmp ("sp-code-view-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "server.c", NULL);
  file = g_file_new_for_path (path);

  /* Nothing to save yet: a sentence, not a crash. */
  sp_code_view_save_async (view, file, NULL, store_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_false (sp_code_view_save_finish (view, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_clear_object (&result);

  sp_code_view_set_server (view, server);
  sp_code_view_set_language (view, SP_SNIPPET_LANGUAGE_C);
  sp_code_view_save_async (view, file, NULL, store_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_true (sp_code_view_save_finish (view, result, &error));
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, view_text (view));
  g_assert_nonnull (strstr (contents, "AF_UNIX"));

  g_unlink (path);
  g_rmdir (dir);
  g_clear_object (&result);
  g_assert_finalize_object (view);
}

static void
test_code_view_copy (void)
{
  g_autoptr(SpServer) server = make_server ("tcp://127.0.0.1:12345");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *view = sp_code_view_new ();
  GtkWidget *window = show_in_window (view);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (view);
  guint n_copied = 0;

  g_signal_connect_swapped (view, "copied", G_CALLBACK (count_cb), &n_copied);

  /* Without a pane there is nothing to copy. */
  gtk_widget_activate_action (view, "code.copy", NULL);
  g_assert_cmpuint (n_copied, ==, 0);

  sp_code_view_set_server (SP_CODE_VIEW (view), server);
  g_assert_true (gtk_widget_activate_action (view, "code.copy", NULL));
  g_assert_cmpuint (n_copied, ==, 1);

  gdk_clipboard_read_text_async (clipboard, NULL, store_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  copied = gdk_clipboard_read_text_finish (clipboard, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copied, ==, view_text (SP_CODE_VIEW (view)));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/code-view/create-destroy", test_code_view_create_destroy);
  g_test_add_func ("/code-view/follows-server", test_code_view_follows_server);
  g_test_add_func ("/code-view/follows-client", test_code_view_follows_client);
  g_test_add_func ("/code-view/highlight", test_code_view_highlight);
  g_test_add_func ("/code-view/save", test_code_view_save);
  g_test_add_func ("/code-view/copy", test_code_view_copy);

  return g_test_run ();
}
