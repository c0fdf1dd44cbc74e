/* sp-window-export.c — the window's exports: transcripts and pcapng captures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * win.export-transcript saves every pane's log, merged in time order, each line naming
 * its pane; a pane's own "Export Transcript…" saves its log alone. Text or JSON Lines,
 * by the file's extension, else by the filter chosen. win.export-pcapng saves the
 * playground's TCP and UDP traffic as a capture Wireshark opens. A toast says what was
 * saved, or why it could not be.
 *
 * The files are chosen with GtkFileChooserNative (GtkFileDialog needs GTK 4.10); tests
 * name the file with sp_window_set_export_file() instead, and no dialog opens.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-core.h"
#include "sp-window-private.h"

#define EXPORT_FILE_KEY    "sp-window-export-file"
#define EXPORT_CHOOSER_KEY "sp-window-export-chooser"

typedef enum
{
  EXPORT_TRANSCRIPT,
  EXPORT_PCAPNG,
} ExportKind;

typedef struct
{
  GWeakRef        window;
  ExportKind      kind;
  GPtrArray      *logs;        /* SpEventLog */
  GPtrArray      *names;       /* char *, the panes' titles */
  char           *default_name;
  GFile          *file;
  GtkFileFilter  *text_filter;
  SpRecordFormat  format;
} Export;

static void
export_free (Export *export)
{
  g_weak_ref_clear (&export->window);
  g_clear_pointer (&export->logs, g_ptr_array_unref);
  g_clear_pointer (&export->names, g_ptr_array_unref);
  g_clear_pointer (&export->default_name, g_free);
  g_clear_object (&export->file);
  g_clear_object (&export->text_filter);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static const char *
pane_title (GtkWidget *pane)
{
  if (SP_IS_SERVER_PANE (pane))
    return sp_server_pane_get_title (SP_SERVER_PANE (pane));

  return sp_client_pane_get_title (SP_CLIENT_PANE (pane));
}

static SpEventLog *
pane_log (GtkWidget *pane)
{
  if (SP_IS_SERVER_PANE (pane))
    return sp_server_get_log (sp_server_pane_get_server (SP_SERVER_PANE (pane)));

  return sp_client_get_log (sp_client_pane_get_client (SP_CLIENT_PANE (pane)));
}

static void
export_add_pane (Export    *export,
                 GtkWidget *pane)
{
  g_ptr_array_add (export->logs, g_object_ref (pane_log (pane)));
  g_ptr_array_add (export->names, g_strdup (pane_title (pane)));
}

static Export *
export_new (SpWindow   *self,
            ExportKind  kind)
{
  Export *export = g_new0 (Export, 1);

  g_weak_ref_init (&export->window, self);
  export->kind = kind;
  export->logs = g_ptr_array_new_with_free_func (g_object_unref);
  export->names = g_ptr_array_new_with_free_func (g_free);

  return export;
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename != NULL ? basename : "");
}

static void
show_failure (SpWindow     *self,
              Export       *export,
              const GError *error)
{
  g_autofree char *name = file_display_name (export->file);
  g_autofree char *title = NULL;

  /* Translators: the first %s is a file name, the second says why */
  title = g_strdup_printf (_("“%s” could not be saved: %s"), name, error->message);
  _sp_window_show_message (self, title);
}

static void
transcript_saved_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  g_autoptr(SpWindow) self = g_weak_ref_get (&export->window);
  SpTranscript *transcript = SP_TRANSCRIPT (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  guint64 n;

  if (!sp_transcript_save_finish (transcript, result, &error))
    {
      if (self != NULL)
        show_failure (self, export, error);
      return;
    }

  if (self == NULL)
    return;

  name = file_display_name (export->file);
  n = sp_transcript_get_n_events (transcript);
  /* Translators: %llu counts the events, %s is a file name */
  title = g_strdup_printf (ngettext ("Saved %llu event to “%s”",
                                     "Saved %llu events to “%s”",
                                     (gulong) MIN (n, G_MAXULONG)),
                           (unsigned long long) n, name);
  _sp_window_show_message (self, title);
}

/* The saved-capture sentence grows one clause per thing the capture leaves out; the joining
 * punctuation is the translators' (French puts a space before the semicolon). */
static void
append_clause (GString    *title,
               const char *clause)
{
  g_autofree char *joined = NULL;

  /* Translators: joins a sentence (first %s) and a clause that follows it (second %s), as in
   * "Saved 12 frames to “a.pcapng”; Unix-socket traffic has no IP and is left out" */
  joined = g_strdup_printf (_("%s; %s"), title->str, clause);
  g_string_assign (title, joined);
}

static char *
describe_capture (const SpPcapngStats *stats,
                  const char          *name)
{
  GString *title = g_string_new (NULL);

  if (stats->n_frames == 0)
    /* Translators: %s is a file name */
    g_string_append_printf (title, _("Saved an empty capture to “%s”: there was no TCP or UDP traffic to show"),
                            name);
  else
    /* Translators: %llu counts network frames, %s is a file name */
    g_string_append_printf (title, ngettext ("Saved %llu frame to “%s”",
                                             "Saved %llu frames to “%s”",
                                             (gulong) MIN (stats->n_frames, G_MAXULONG)),
                            (unsigned long long) stats->n_frames, name);

  /* What is not in it, in a few words each. */
  if (stats->n_unix_skipped > 0)
    append_clause (title, _("Unix-socket traffic has no IP and is left out"));
  if (stats->n_missing_payloads > 0)
    append_clause (title, _("bytes the logs had dropped show as gaps"));
  if (stats->n_incomplete > 0)
    append_clause (title, _("connections whose start the logs had dropped are left out"));

  return g_string_free (title, FALSE);
}

static void
capture_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  g_autoptr(SpWindow) self = g_weak_ref_get (&export->window);
  SpPcapngWriter *writer = SP_PCAPNG_WRITER (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (!sp_pcapng_writer_save_finish (writer, result, &error))
    {
      if (self != NULL)
        show_failure (self, export, error);
      return;
    }

  if (self == NULL)
    return;

  name = file_display_name (export->file);
  title = describe_capture (sp_pcapng_writer_get_stats (writer), name);
  _sp_window_show_message (self, title);
}

/* Writes @export to its file, the toast to follow. */
static void
export_start (Export *export)
{
  if (export->kind == EXPORT_PCAPNG)
    {
      g_autoptr(SpPcapngWriter) writer = sp_pcapng_writer_new ();

      for (guint i = 0; i < export->logs->len; i++)
        sp_pcapng_writer_add_log (writer, g_ptr_array_index (export->logs, i));
      sp_pcapng_writer_save_async (writer, export->file, NULL, capture_saved_cb, export);
    }
  else
    {
      g_autoptr(SpTranscript) transcript = sp_transcript_new (export->format);

      for (guint i = 0; i < export->logs->len; i++)
        sp_transcript_add_log (transcript, g_ptr_array_index (export->logs, i),
                               g_ptr_array_index (export->names, i));
      sp_transcript_save_async (transcript, export->file, NULL, transcript_saved_cb, export);
    }
}

/* Text or JSON Lines: the extension says, else the filter the person picked. */
static SpRecordFormat
format_for (GFile         *file,
            GtkFileFilter *chosen,
            GtkFileFilter *text_filter)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *lower = g_ascii_strdown (basename != NULL ? basename : "", -1);

  if (g_str_has_suffix (lower, ".jsonl") || g_str_has_suffix (lower, ".json"))
    return SP_RECORD_FORMAT_JSON;
  if (g_str_has_suffix (lower, ".txt") || g_str_has_suffix (lower, ".log"))
    return SP_RECORD_FORMAT_TEXT;
  if (chosen != NULL && chosen == text_filter)
    return SP_RECORD_FORMAT_TEXT;

  return sp_record_format_for_name (lower);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Export          *export)
{
  g_autoptr(SpWindow) self = g_weak_ref_get (&export->window);

  if (response == GTK_RESPONSE_ACCEPT && self != NULL)
    {
      g_autoptr(GtkFileFilter) chosen = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));

      export->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (export->file != NULL)
        {
          export->format = format_for (export->file, chosen, export->text_filter);
          /* The writer's callback owns it from here. */
          g_object_steal_data (G_OBJECT (chooser), "sp-export");
          export_start (export);
        }
    }

  if (self != NULL)
    g_object_set_data (G_OBJECT (self), EXPORT_CHOOSER_KEY, NULL);
}

static void
destroy_chooser (gpointer data)
{
  GtkNativeDialog *chooser = data;

  g_signal_handlers_disconnect_matched (chooser, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        chooser_response_cb, NULL);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            GtkFileFilter  *filter,
            const char     *name,
            const char     *pattern,
            ...)
{
  va_list args;

  gtk_file_filter_set_name (filter, name);
  va_start (args, pattern);
  for (; pattern != NULL; pattern = va_arg (args, const char *))
    gtk_file_filter_add_pattern (filter, pattern);
  va_end (args);
  gtk_file_chooser_add_filter (chooser, filter);
}

/* Asks where to save, unless a test named the file already. Takes @export. */
static void
export_choose_file (SpWindow   *self,
                    Export     *export,
                    const char *dialog_title)
{
  GFile *test_file = g_object_get_data (G_OBJECT (self), EXPORT_FILE_KEY);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) json_filter = NULL;
  g_autoptr(GtkFileFilter) capture_filter = NULL;

  if (test_file != NULL)
    {
      export->file = g_object_ref (test_file);
      export->format = format_for (test_file, NULL, NULL);
      export_start (export);
      return;
    }

  /* One question at a time. */
  if (g_object_get_data (G_OBJECT (self), EXPORT_CHOOSER_KEY) != NULL)
    {
      export_free (export);
      return;
    }

  chooser = gtk_file_chooser_native_new (dialog_title, GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), export->default_name);

  if (export->kind == EXPORT_PCAPNG)
    {
      capture_filter = gtk_file_filter_new ();
      add_filter (GTK_FILE_CHOOSER (chooser), capture_filter,
                  _("Packet capture for Wireshark (.pcapng)"), "*.pcapng", NULL);
    }
  else
    {
      json_filter = gtk_file_filter_new ();
      export->text_filter = gtk_file_filter_new ();
      add_filter (GTK_FILE_CHOOSER (chooser), json_filter,
                  _("JSON Lines, one event per line (.jsonl)"), "*.jsonl", "*.json", NULL);
      add_filter (GTK_FILE_CHOOSER (chooser), export->text_filter,
                  _("Text, as the log reads (.txt)"), "*.txt", "*.log", NULL);
    }

  /* The dialog holds the export until it answers; the window holds the dialog. */
  g_object_set_data_full (G_OBJECT (chooser), "sp-export", export, (GDestroyNotify) export_free);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), export);
  g_object_set_data_full (G_OBJECT (self), EXPORT_CHOOSER_KEY, chooser, destroy_chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A file name from a pane's title: what a person would type, without slashes. */
static char *
file_name_for (const char *title,
               const char *extension)
{
  g_autofree char *base = g_strdup (title != NULL && *title != '\0' ? title : "socket-playground");

  g_strdelimit (base, "/\\:", '-');

  return g_strconcat (base, extension, NULL);
}

static void
sp_window_export_transcript_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  GListModel *panes = sp_window_get_panes (self);
  Export *export = export_new (self, EXPORT_TRANSCRIPT);

  for (guint i = 0; i < g_list_model_get_n_items (panes); i++)
    {
      g_autoptr(GtkWidget) pane = g_list_model_get_item (panes, i);

      export_add_pane (export, pane);
    }

  export->default_name = g_strdup ("socket-playground.jsonl");
  export_choose_file (self, export, _("Export the Playground’s Transcript"));
}

static void
sp_window_export_pcapng_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  GListModel *panes = sp_window_get_panes (self);
  Export *export = export_new (self, EXPORT_PCAPNG);

  for (guint i = 0; i < g_list_model_get_n_items (panes); i++)
    {
      g_autoptr(GtkWidget) pane = g_list_model_get_item (panes, i);

      export_add_pane (export, pane);
    }

  export->default_name = g_strdup ("socket-playground.pcapng");
  export_choose_file (self, export, _("Export the Traffic as a Capture"));
}

void
_sp_window_export_pane_transcript (SpWindow  *self,
                                   GtkWidget *pane)
{
  Export *export;

  g_return_if_fail (SP_IS_WINDOW (self));
  g_return_if_fail (SP_IS_SERVER_PANE (pane) || SP_IS_CLIENT_PANE (pane));

  export = export_new (self, EXPORT_TRANSCRIPT);
  export_add_pane (export, pane);
  export->default_name = file_name_for (pane_title (pane), ".jsonl");
  export_choose_file (self, export, _("Export the Pane’s Transcript"));
}

void
_sp_window_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-transcript", NULL,
                                   sp_window_export_transcript_action);
  gtk_widget_class_install_action (widget_class, "win.export-pcapng", NULL,
                                   sp_window_export_pcapng_action);
}

/* An open dialog goes with the window. */
void
_sp_window_export_dispose (SpWindow *self)
{
  g_object_set_data (G_OBJECT (self), EXPORT_CHOOSER_KEY, NULL);
  g_object_set_data (G_OBJECT (self), EXPORT_FILE_KEY, NULL);
}

/**
 * sp_window_set_export_file:
 * @file: (nullable): where exports go, or %NULL to ask again
 *
 * For tests: from now on, every export writes to @file without asking where.
 */
void
sp_window_set_export_file (SpWindow *self,
                           GFile    *file)
{
  g_return_if_fail (SP_IS_WINDOW (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_object_set_data_full (G_OBJECT (self), EXPORT_FILE_KEY,
                          file != NULL ? g_object_ref (file) : NULL, g_object_unref);
}
