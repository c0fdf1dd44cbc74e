/* sp-code-view.c — a pane's Python 3 or C program, highlighted, copyable and savable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view writes the program again (sp-snippet) whenever a setting of its server or
 * client changes, and marks the line of the socket call the pane's last event stands
 * for, so a learner sees which line of the program did what just happened.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "sp-code-view.h"

/* The mark that points at the line of the last call. */
#define LAST_CALL_CATEGORY "sp-last-call"

/* How far back the view looks for an event that stands for a call: the last one may be
 * a sentence (which rule answered) or an error. */
#define EVENTS_LOOKED_AT 32

/* The settings a program depends on; byte counters and states do not change it. */
static const char *const server_settings[] = {
  "endpoint", "behaviour", "reply-text", "close-after-reply", "backlog",
  "rules", "fallback-reply", "framing", "frame-length",
};

struct _SpCodeView
{
  GtkWidget                parent_instance;

  SpServer                *server;
  SpClient                *client;
  GBytes                  *to_send;
  SpEventLog              *log;
  GListModel              *rules;       /* the server's, watched for edits in place */
  SpSnippet               *snippet;
  GtkSourceMarkAttributes *mark_attributes;
  GtkNativeDialog         *file_chooser;
  GCancellable            *cancellable;
  guint                    highlight_idle_id;
  guint                    highlighted_line;
  SpSnippetLanguage        language;

  /* Template children */
  GtkSourceView           *source_view;
  GtkLabel                *run_label;
};

enum {
  PROP_0,
  PROP_SERVER,
  PROP_CLIENT,
  PROP_TO_SEND,
  PROP_LANGUAGE,
  PROP_SNIPPET,
  PROP_HIGHLIGHTED_LINE,
  N_PROPS
};

enum {
  COPIED,
  SAVED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpCodeView, sp_code_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkSourceBuffer *
sp_code_view_get_buffer (SpCodeView *self)
{
  return GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view)));
}

/* The line ------------------------------------------------------------------------------ */

static void
sp_code_view_set_highlighted_line (SpCodeView *self,
                                   guint       line)
{
  GtkSourceBuffer *buffer = sp_code_view_get_buffer (self);
  GtkTextIter start;
  GtkTextIter end;

  if (self->highlighted_line == line)
    return;

  self->highlighted_line = line;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  gtk_source_buffer_remove_source_marks (buffer, &start, &end, LAST_CALL_CATEGORY);

  if (line > 0)
    {
      GtkSourceMark *mark;

      gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (buffer), &start, line - 1);
      mark = gtk_source_buffer_create_source_mark (buffer, NULL, LAST_CALL_CATEGORY, &start);
      gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view), GTK_TEXT_MARK (mark),
                                    0.1, FALSE, 0, 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTED_LINE]);
}

/* The line of the newest event that stands for a socket call, if the program has one. */
static void
sp_code_view_update_highlight (SpCodeView *self)
{
  guint line = 0;

  if (self->log != NULL && self->snippet != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->log));

      for (guint i = n; i > 0 && n - i < EVENTS_LOOKED_AT; i--)
        {
          g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (self->log), i - 1);
          SpEventKind kind = sp_event_get_kind (event);

          if (kind == SP_EVENT_KIND_INFO || kind == SP_EVENT_KIND_ERROR)
            continue;

          line = sp_snippet_get_line_for_call (self->snippet, kind, 0);
          break;
        }
    }

  sp_code_view_set_highlighted_line (self, line);
}

static gboolean
sp_code_view_highlight_idle_cb (gpointer user_data)
{
  SpCodeView *self = user_data;

  self->highlight_idle_id = 0;
  sp_code_view_update_highlight (self);

  return G_SOURCE_REMOVE;
}

/* A flood of events moves the mark once per main loop turn, not once per event. */
static void
sp_code_view_log_changed_cb (SpCodeView *self,
                             guint       position,
                             guint       removed,
                             guint       added,
                             GListModel *log)
{
  if (self->highlight_idle_id == 0)
    self->highlight_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE,
                                               sp_code_view_highlight_idle_cb, self, NULL);
}

static void
sp_code_view_set_log (SpCodeView *self,
                      SpEventLog *log)
{
  if (self->log == log)
    return;

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_set_object (&self->log, log);
  if (log != NULL)
    g_signal_connect_object (log, "items-changed",
                             G_CALLBACK (sp_code_view_log_changed_cb), self, G_CONNECT_SWAPPED);
}

/* The program ---------------------------------------------------------------------------- */

static void
sp_code_view_update_actions (SpCodeView *self)
{
  gboolean has_program = self->snippet != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "code.copy", has_program);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "code.save",
                                 has_program && self->file_chooser == NULL);
}

static void
sp_code_view_regenerate (SpCodeView *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = sp_code_view_get_buffer (self);
  gboolean python = self->language == SP_SNIPPET_LANGUAGE_PYTHON;
  g_autofree char *command = NULL;

  g_clear_object (&self->snippet);
  if (self->server != NULL)
    self->snippet = sp_snippet_new_for_server (self->server, self->language);
  else if (self->client != NULL)
    self->snippet = sp_snippet_new_for_client (self->client, self->to_send, self->language);

  gtk_source_buffer_set_language (buffer,
                                  gtk_source_language_manager_get_language (languages, python ? "python3" : "c"));

  /* The line numbers change: the mark goes, and comes back where the new text says. */
  sp_code_view_set_highlighted_line (self, 0);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer),
                            self->snippet != NULL ? sp_snippet_get_text (self->snippet) : "", -1);

  if (self->snippet != NULL)
    {
      const char *filename = sp_snippet_get_filename (self->snippet);

      if (python)
        command = g_strdup_printf ("python3 %s", filename);
      else
        {
          g_autofree char *program = g_strndup (filename, strlen (filename) - 2);

          command = g_strdup_printf ("cc -Wall -o %s %s && ./%s", program, filename, program);
        }
    }
  gtk_label_set_text (self->run_label, command != NULL ? command : "");

  sp_code_view_update_highlight (self);
  sp_code_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNIPPET]);
}

static void
sp_code_view_server_notify_cb (SpCodeView *self,
                               GParamSpec *pspec,
                               SpServer   *server)
{
  if (!g_strv_contains (server_settings, pspec->name))
    return;

  /* The rules may be replaced by another list, which is then the one to watch. */
  if (g_str_equal (pspec->name, "rules"))
    {
      if (self->rules != NULL)
        g_signal_handlers_disconnect_by_data (self->rules, self);
      g_set_object (&self->rules, sp_server_get_rules (server));
      g_signal_connect_object (self->rules, "items-changed",
                               G_CALLBACK (sp_code_view_regenerate), self, G_CONNECT_SWAPPED);
    }

  sp_code_view_regenerate (self);
}

static void
sp_code_view_client_notify_cb (SpCodeView *self,
                               GParamSpec *pspec,
                               SpClient   *client)
{
  sp_code_view_regenerate (self);
}

static void
sp_code_view_forget_engine (SpCodeView *self)
{
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->rules != NULL)
    g_signal_handlers_disconnect_by_data (self->rules, self);

  g_clear_object (&self->server);
  g_clear_object (&self->client);
  g_clear_object (&self->rules);
  sp_code_view_set_log (self, NULL);
}

/* Style --------------------------------------------------------------------------------- */

static void
sp_code_view_update_style (SpCodeView *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA background;

  gtk_source_buffer_set_style_scheme (sp_code_view_get_buffer (self),
                                      gtk_source_style_scheme_manager_get_scheme (schemes,
                                                                                  dark ? "Adwaita-dark" : "Adwaita"));

  /* Adwaita's accent blue, light enough that the code stays readable. */
  gdk_rgba_parse (&background, dark ? "rgba(120, 174, 237, 0.25)" : "rgba(53, 132, 228, 0.18)");
  gtk_source_mark_attributes_set_background (self->mark_attributes, &background);
}

/* Copy and save ---------------------------------------------------------------------------- */

static void
sp_code_view_copy_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SpCodeView *self = SP_CODE_VIEW (widget);

  if (self->snippet == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), sp_snippet_get_text (self->snippet));
  g_signal_emit (self, signals[COPIED], 0);
}

static void
sp_code_view_saved_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  SpCodeView *self = SP_CODE_VIEW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;

  if (!sp_code_view_save_finish (self, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_signal_emit (self, signals[SAVED], 0, file, error != NULL ? error->message : NULL);
}

static void
sp_code_view_file_chooser_response_cb (SpCodeView      *self,
                                       int              response,
                                       GtkNativeDialog *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        sp_code_view_save_async (self, file, self->cancellable, sp_code_view_saved_cb,
                                 g_object_ref (file));
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->file_chooser);
  sp_code_view_update_actions (self);
}

static void
sp_code_view_save_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SpCodeView *self = SP_CODE_VIEW (widget);
  GtkFileChooserNative *chooser;
  GtkRoot *root;

  if (self->snippet == NULL || self->file_chooser != NULL)
    return;

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (_("Save the Program"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                     sp_snippet_get_filename (self->snippet));

  self->file_chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (sp_code_view_file_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  sp_code_view_update_actions (self);
  gtk_native_dialog_show (self->file_chooser);
}

static void
sp_code_view_replace_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* GObject --------------------------------------------------------------------------------- */

static void
sp_code_view_dispose (GObject *object)
{
  SpCodeView *self = (SpCodeView *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->highlight_idle_id, g_source_remove);

  if (self->file_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->file_chooser, self);
      gtk_native_dialog_destroy (self->file_chooser);
      g_clear_object (&self->file_chooser);
    }

  sp_code_view_forget_engine (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_CODE_VIEW);

  /* The template's unnamed children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->snippet);
  g_clear_object (&self->mark_attributes);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->to_send, g_bytes_unref);

  G_OBJECT_CLASS (sp_code_view_parent_class)->dispose (object);
}

static void
sp_code_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpCodeView *self = SP_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_TO_SEND:
      g_value_set_boxed (value, self->to_send);
      break;

    case PROP_LANGUAGE:
      g_value_set_enum (value, self->language);
      break;

    case PROP_SNIPPET:
      g_value_set_object (value, self->snippet);
      break;

    case PROP_HIGHLIGHTED_LINE:
      g_value_set_uint (value, self->highlighted_line);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_code_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SpCodeView *self = SP_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      sp_code_view_set_server (self, g_value_get_object (value));
      break;

    case PROP_CLIENT:
      sp_code_view_set_client (self, g_value_get_object (value), self->to_send);
      break;

    case PROP_TO_SEND:
      sp_code_view_set_to_send (self, g_value_get_boxed (value));
      break;

    case PROP_LANGUAGE:
      sp_code_view_set_language (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_code_view_class_init (SpCodeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_code_view_dispose;
  object_class->get_property = sp_code_view_get_property;
  object_class->set_property = sp_code_view_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, SP_TYPE_SERVER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, SP_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpCodeView:to-send:
   *
   * The bytes a client pane sends, which its program sends too.
   */
  properties[PROP_TO_SEND] =
    g_param_spec_boxed ("to-send", NULL, NULL, G_TYPE_BYTES,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LANGUAGE] =
    g_param_spec_enum ("language", NULL, NULL, SP_TYPE_SNIPPET_LANGUAGE, SP_SNIPPET_LANGUAGE_PYTHON,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SNIPPET] =
    g_param_spec_object ("snippet", NULL, NULL, SP_TYPE_SNIPPET,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpCodeView:highlighted-line:
   *
   * The line, from 1, of the socket call the pane's last event stands for; 0 for none.
   */
  properties[PROP_HIGHLIGHTED_LINE] =
    g_param_spec_uint ("highlighted-line", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpCodeView::copied:
   *
   * The program is on the clipboard; the window may say so in a toast.
   */
  signals[COPIED] =
    g_signal_new ("copied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * SpCodeView::saved:
   * @file: where the program went
   * @error_message: (nullable): why it could not be written, or %NULL when it was
   *
   * A save from the Save action ended, for the window to say how in a toast.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_FILE, G_TYPE_STRING);

  gtk_widget_class_install_property_action (widget_class, "code.language", "language");
  gtk_widget_class_install_action (widget_class, "code.copy", NULL, sp_code_view_copy_action);
  gtk_widget_class_install_action (widget_class, "code.save", NULL, sp_code_view_save_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/sp-code-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpCodeView, source_view);
  gtk_widget_class_bind_template_child (widget_class, SpCodeView, run_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "codeview");

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
}

static void
sp_code_view_init (SpCodeView *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->cancellable = g_cancellable_new ();
  self->to_send = g_bytes_new (NULL, 0);
  self->mark_attributes = gtk_source_mark_attributes_new ();
  gtk_source_mark_attributes_set_icon_name (self->mark_attributes, "go-next-symbolic");
  gtk_source_view_set_mark_attributes (self->source_view, LAST_CALL_CATEGORY,
                                       self->mark_attributes, 10);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (sp_code_view_update_style), self, G_CONNECT_SWAPPED);
  sp_code_view_update_style (self);
  sp_code_view_regenerate (self);
}

GtkWidget *
sp_code_view_new (void)
{
  return g_object_new (SP_TYPE_CODE_VIEW, NULL);
}

SpServer *
sp_code_view_get_server (SpCodeView *self)
{
  g_return_val_if_fail (SP_IS_CODE_VIEW (self), NULL);

  return self->server;
}

/**
 * sp_code_view_set_server:
 * @server: (nullable): the server pane's engine, or %NULL to show nothing
 *
 * Shows the program of @server, written again when its settings change, with the line of
 * the call its log's last event stands for marked. Forgets any client.
 */
void
sp_code_view_set_server (SpCodeView *self,
                         SpServer   *server)
{
  g_return_if_fail (SP_IS_CODE_VIEW (self));
  g_return_if_fail (server == NULL || SP_IS_SERVER (server));

  if (self->server == server && self->client == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->client != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  sp_code_view_forget_engine (self);

  if (server != NULL)
    {
      self->server = g_object_ref (server);
      self->rules = g_object_ref (sp_server_get_rules (server));
      g_signal_connect_object (server, "notify", G_CALLBACK (sp_code_view_server_notify_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->rules, "items-changed",
                               G_CALLBACK (sp_code_view_regenerate), self, G_CONNECT_SWAPPED);
      sp_code_view_set_log (self, sp_server_get_log (server));
    }

  sp_code_view_regenerate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
  g_object_thaw_notify (G_OBJECT (self));
}

SpClient *
sp_code_view_get_client (SpCodeView *self)
{
  g_return_val_if_fail (SP_IS_CODE_VIEW (self), NULL);

  return self->client;
}

/**
 * sp_code_view_set_client:
 * @client: (nullable): the client pane's engine, or %NULL to show nothing
 * @to_send: (nullable): the bytes the pane sends, as #SpCodeView:to-send
 *
 * Shows the program of @client, written again when its endpoint or the bytes to send
 * change. Forgets any server.
 */
void
sp_code_view_set_client (SpCodeView *self,
                         SpClient   *client,
                         GBytes     *to_send)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (SP_IS_CODE_VIEW (self));
  g_return_if_fail (client == NULL || SP_IS_CLIENT (client));

  bytes = to_send != NULL ? g_bytes_ref (to_send) : g_bytes_new (NULL, 0);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->server != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
  if (self->client != client)
    {
      sp_code_view_forget_engine (self);
      if (client != NULL)
        {
          self->client = g_object_ref (client);
          g_signal_connect_object (client, "notify::endpoint",
                                   G_CALLBACK (sp_code_view_client_notify_cb), self, G_CONNECT_SWAPPED);
          sp_code_view_set_log (self, sp_client_get_log (client));
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
    }

  if (!g_bytes_equal (self->to_send, bytes))
    {
      g_clear_pointer (&self->to_send, g_bytes_unref);
      self->to_send = g_steal_pointer (&bytes);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO_SEND]);
    }

  sp_code_view_regenerate (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * sp_code_view_get_to_send:
 *
 * Returns: (transfer none): the bytes the client's program sends, never %NULL
 */
GBytes *
sp_code_view_get_to_send (SpCodeView *self)
{
  g_return_val_if_fail (SP_IS_CODE_VIEW (self), NULL);

  return self->to_send;
}

/**
 * sp_code_view_set_to_send:
 * @to_send: (nullable): the bytes the client pane sends; %NULL for none
 */
void
sp_code_view_set_to_send (SpCodeView *self,
                          GBytes     *to_send)
{
  g_return_if_fail (SP_IS_CODE_VIEW (self));

  if (to_send != NULL ? g_bytes_equal (self->to_send, to_send) : g_bytes_get_size (self->to_send) == 0)
    return;

  g_clear_pointer (&self->to_send, g_bytes_unref);
  self->to_send = to_send != NULL ? g_bytes_ref (to_send) : g_bytes_new (NULL, 0);
  if (self->client != NULL)
    sp_code_view_regenerate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO_SEND]);
}

SpSnippetLanguage
sp_code_view_get_language (SpCodeView *self)
{
  g_return_val_if_fail (SP_IS_CODE_VIEW (self), SP_SNIPPET_LANGUAGE_PYTHON);

  return self->language;
}

void
sp_code_view_set_language (SpCodeView        *self,
                           SpSnippetLanguage  language)
{
  g_return_if_fail (SP_IS_CODE_VIEW (self));
  g_return_if_fail (language <= SP_SNIPPET_LANGUAGE_C);

  if (self->language == language)
    return;

  self->language = language;
  sp_code_view_regenerate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

/**
 * sp_code_view_get_snippet:
 *
 * Returns: (transfer none) (nullable): the program shown, or %NULL without a pane
 */
SpSnippet *
sp_code_view_get_snippet (SpCodeView *self)
{
  g_return_val_if_fail (SP_IS_CODE_VIEW (self), NULL);

  return self->snippet;
}

guint
sp_code_view_get_highlighted_line (SpCodeView *self)
{
  g_return_val_if_fail (SP_IS_CODE_VIEW (self), 0);

  return self->highlighted_line;
}

/**
 * sp_code_view_save_async:
 * @file: where to write the program shown now (replaced if it exists)
 *
 * What the Save action does once a file is chosen.
 */
void
sp_code_view_save_async (SpCodeView          *self,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) text = NULL;

  g_return_if_fail (SP_IS_CODE_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_code_view_save_async);

  if (self->snippet == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("There is no program to save: the pane has no settings yet."));
      return;
    }

  text = g_bytes_new (sp_snippet_get_text (self->snippet), strlen (sp_snippet_get_text (self->snippet)));
  g_file_replace_contents_bytes_async (file, text, NULL, FALSE, G_FILE_CREATE_NONE, cancellable,
                                       sp_code_view_replace_cb, g_steal_pointer (&task));
}

gboolean
sp_code_view_save_finish (SpCodeView    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SP_IS_CODE_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
