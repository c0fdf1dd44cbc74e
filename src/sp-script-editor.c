/* sp-script-editor.c — write a scripted exchange (send, expect, wait…) and run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text is read as the engine reads it, one step a line, as you type; the steps
 * below it show how each went in the last run. The script runs on the connection the
 * owning pane hands over, and stops when that connection goes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-script-editor.h"

#define DEFAULT_SCRIPT "send hello\\n\nexpect hello\n"

struct _SpScriptEditor
{
  GtkWidget     parent_instance;

  SpScript     *script;      /* NULL while the text does not read */
  SpConnection *connection;
  SpEventLog   *log;
  GCancellable *cancellable;
  GSignalGroup *script_signals;

  /* Template children */
  GtkTextView  *text_view;
  GtkLabel     *error_label;
  GtkListBox   *steps_list;
  GtkLabel     *status_label;
  GtkButton    *run_button;
};

G_DEFINE_FINAL_TYPE (SpScriptEditor, sp_script_editor, GTK_TYPE_WIDGET)

static gboolean
sp_script_editor_is_running (SpScriptEditor *self)
{
  return self->script != NULL && sp_script_get_state (self->script) == SP_SCRIPT_STATE_RUNNING;
}

/* The one place that decides which of the editor's actions can run. */
static void
sp_script_editor_update_actions (SpScriptEditor *self)
{
  gboolean running = sp_script_editor_is_running (self);
  gboolean can_run;

  can_run = !running &&
            self->script != NULL &&
            sp_script_get_n_steps (self->script) > 0 &&
            self->connection != NULL &&
            sp_connection_is_open (self->connection);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "script.run", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "script.stop", running);
  gtk_text_view_set_editable (self->text_view, !running);
}

static void
sp_script_editor_update_status (SpScriptEditor *self)
{
  g_autofree char *text = NULL;

  if (self->script == NULL)
    {
      text = g_strdup ("");
    }
  else
    {
      switch (sp_script_get_state (self->script))
        {
        case SP_SCRIPT_STATE_RUNNING:
          /* Translators: %d is a step number, %u how many steps there are */
          text = g_strdup_printf (_("Running step %d of %u…"),
                                  sp_script_get_current_step (self->script) + 1,
                                  sp_script_get_n_steps (self->script));
          break;

        case SP_SCRIPT_STATE_PASSED:
          text = g_strdup (_("Passed: every step went as written."));
          break;

        case SP_SCRIPT_STATE_FAILED:
          text = g_strdup (sp_script_get_error_message (self->script) != NULL
                           ? sp_script_get_error_message (self->script) : _("Failed"));
          break;

        case SP_SCRIPT_STATE_IDLE:
        default:
          if (self->connection == NULL || !sp_connection_is_open (self->connection))
            text = g_strdup (_("Connect first: the script runs on the open connection."));
          else
            text = g_strdup (_("Ready to run."));
          break;
        }
    }

  gtk_label_set_text (self->status_label, text);
}

static void
sp_script_editor_state_cb (SpScriptEditor *self,
                           GParamSpec     *pspec,
                           SpScript       *script)
{
  sp_script_editor_update_status (self);
  sp_script_editor_update_actions (self);
}

static void
sp_script_editor_step_status_cb (GtkImage     *image,
                                 GParamSpec   *pspec,
                                 SpScriptStep *step)
{
  const char *icon_name;
  const char *label;

  switch (sp_script_step_get_status (step))
    {
    case SP_SCRIPT_STEP_STATUS_RUNNING:
      icon_name = "media-playback-start-symbolic";
      label = _("Running");
      break;
    case SP_SCRIPT_STEP_STATUS_PASSED:
      icon_name = "object-select-symbolic";
      label = _("Passed");
      break;
    case SP_SCRIPT_STEP_STATUS_FAILED:
      icon_name = "dialog-error-symbolic";
      label = _("Failed");
      break;
    case SP_SCRIPT_STEP_STATUS_PENDING:
    default:
      icon_name = "content-loading-symbolic";
      label = _("Pending");
      break;
    }

  gtk_image_set_from_icon_name (image, icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (image), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static GtkWidget *
sp_script_editor_create_step_row (gpointer item,
                                  gpointer user_data)
{
  SpScriptStep *step = item;
  g_autofree char *description = sp_script_step_dup_description (step);
  GtkWidget *box;
  GtkWidget *image;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  image = gtk_image_new ();
  label = gtk_label_new (description);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);

  g_signal_connect_object (step, "notify::status",
                           G_CALLBACK (sp_script_editor_step_status_cb),
                           image, G_CONNECT_SWAPPED);
  sp_script_editor_step_status_cb (GTK_IMAGE (image), NULL, step);

  return box;
}

static void
sp_script_editor_parse (SpScriptEditor *self)
{
  g_autoptr(SpScript) script = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  guint line = 0;
  gsize column = 0;

  g_assert (SP_IS_SCRIPT_EDITOR (self));

  if (sp_script_editor_is_running (self))
    return;

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  script = sp_script_parse_full (text, &line, &column, &error);

  /* The engine's sentence names the line already. */
  if (error != NULL)
    message = g_strdup (error->message);

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);

  g_set_object (&self->script, script);
  g_signal_group_set_target (self->script_signals, script);
  gtk_list_box_bind_model (self->steps_list,
                           script != NULL ? sp_script_get_steps (script) : NULL,
                           sp_script_editor_create_step_row, NULL, NULL);

  sp_script_editor_update_status (self);
  sp_script_editor_update_actions (self);
}

static void
sp_script_editor_run_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(SpScriptEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The script's state and error message say how it went; the editor follows them. */
  if (!sp_script_run_finish (SP_SCRIPT (object), result, &error))
    g_debug ("Script did not pass: %s", error->message);

  if (self->script == SP_SCRIPT (object))
    {
      sp_script_editor_update_status (self);
      sp_script_editor_update_actions (self);
    }
}

static void
sp_script_editor_run_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SpScriptEditor *self = SP_SCRIPT_EDITOR (widget);

  if (self->script == NULL || self->connection == NULL || sp_script_editor_is_running (self))
    return;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  sp_script_run_async (self->script, self->connection, self->log, self->cancellable,
                       sp_script_editor_run_cb, g_object_ref (self));
  sp_script_editor_update_status (self);
  sp_script_editor_update_actions (self);
}

static void
sp_script_editor_stop_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SpScriptEditor *self = SP_SCRIPT_EDITOR (widget);

  g_cancellable_cancel (self->cancellable);
}

static void
sp_script_editor_dispose (GObject *object)
{
  SpScriptEditor *self = (SpScriptEditor *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->script_signals != NULL)
    g_signal_group_set_target (self->script_signals, NULL);
  if (self->steps_list != NULL)
    gtk_list_box_bind_model (self->steps_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_SCRIPT_EDITOR);

  /* The template's unnamed children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->script_signals);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->script);
  g_clear_object (&self->connection);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (sp_script_editor_parent_class)->dispose (object);
}

static void
sp_script_editor_class_init (SpScriptEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_script_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/sp-script-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SpScriptEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpScriptEditor, run_button);
  gtk_widget_class_bind_template_child (widget_class, SpScriptEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, SpScriptEditor, steps_list);
  gtk_widget_class_bind_template_child (widget_class, SpScriptEditor, text_view);

  gtk_widget_class_install_action (widget_class, "script.run", NULL, sp_script_editor_run_action);
  gtk_widget_class_install_action (widget_class, "script.stop", NULL, sp_script_editor_stop_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "scripteditor");
}

static void
sp_script_editor_init (SpScriptEditor *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 would name the button "_Run Script Run Script": its label property,
   * underscore included, then its mnemonic label. The mnemonic label is enough. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->run_button),
                                 GTK_ACCESSIBLE_PROPERTY_LABEL);

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->script_signals = g_signal_group_new (SP_TYPE_SCRIPT);
  g_signal_group_connect_object (self->script_signals, "notify::state",
                                 G_CALLBACK (sp_script_editor_state_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->script_signals, "notify::current-step",
                                 G_CALLBACK (sp_script_editor_state_cb),
                                 self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (sp_script_editor_parse),
                           self, G_CONNECT_SWAPPED);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), DEFAULT_SCRIPT, -1);
}

GtkWidget *
sp_script_editor_new (void)
{
  return g_object_new (SP_TYPE_SCRIPT_EDITOR, NULL);
}

char *
sp_script_editor_dup_text (SpScriptEditor *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (SP_IS_SCRIPT_EDITOR (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
sp_script_editor_set_text (SpScriptEditor *self,
                           const char     *text)
{
  g_return_if_fail (SP_IS_SCRIPT_EDITOR (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "", -1);
}

/**
 * sp_script_editor_set_connection:
 * @connection: (nullable): the open connection scripts run on
 * @log: (nullable): where the script's sentences go
 *
 * A script running on a previous connection is stopped.
 */
void
sp_script_editor_set_connection (SpScriptEditor *self,
                                 SpConnection   *connection,
                                 SpEventLog     *log)
{
  g_return_if_fail (SP_IS_SCRIPT_EDITOR (self));

  if (self->connection != connection)
    g_cancellable_cancel (self->cancellable);

  g_set_object (&self->connection, connection);
  g_set_object (&self->log, log);

  sp_script_editor_update_status (self);
  sp_script_editor_update_actions (self);
}

/**
 * sp_script_editor_get_script:
 *
 * Returns: (transfer none) (nullable): the script the text reads as, or %NULL
 */
SpScript *
sp_script_editor_get_script (SpScriptEditor *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT_EDITOR (self), NULL);

  return self->script;
}

const char *
sp_script_editor_get_error_text (SpScriptEditor *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT_EDITOR (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

const char *
sp_script_editor_get_status_text (SpScriptEditor *self)
{
  g_return_val_if_fail (SP_IS_SCRIPT_EDITOR (self), NULL);

  return gtk_label_get_text (self->status_label);
}
