/* sp-lab-editor.c — the lab's expectations of a playground, seen, added and removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expectations live in the window's playground file (SpWindowScenario), so that
 * File › Save writes what is shown here and `socket-playground --headless` grades it.
 * The dialog is modal: panes cannot be added, closed or renamed while it lists them,
 * so its rows and its pane names stay those of the window. A candidate is checked by
 * the engine's own constructors, so the dialog accepts exactly what a file may hold.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-lab-editor.h"
#include "sp-window-scenario.h"

struct _SpLabEditor
{
  AdwPreferencesWindow  parent_instance;

  SpWindow             *window;          /* weak */

  AdwPreferencesGroup  *expectations_group;
  AdwComboRow          *pane_row;
  AdwComboRow          *kind_row;
  AdwEntryRow          *value_row;
  GtkLabel             *error_label;
  GtkButton            *add_button;
  GtkStringList        *pane_names;

  GPtrArray            *rows;            /* GtkWidget, owned by the group */
  GPtrArray            *sentences;       /* char * */

  /* The last expectation removed, for Undo. */
  SpExpectation        *removed;
  GtkWidget            *removed_pane;
  guint                 removed_position;

  char                 *error_text;
  gboolean              can_add;
};

G_DEFINE_FINAL_TYPE (SpLabEditor, sp_lab_editor, ADW_TYPE_PREFERENCES_WINDOW)

static SpWindowScenario *
get_scenario (SpLabEditor *self)
{
  return self->window != NULL ? sp_window_scenario_get (self->window) : NULL;
}

static void remove_clicked_cb (GtkButton   *button,
                               SpLabEditor *self);

/* Rows, one per expectation, and the pane names, as the window would save them. */
static void
refresh (SpLabEditor *self)
{
  SpWindowScenario *scenario = get_scenario (self);
  g_autoptr(SpScenario) playground = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GListModel *panes;
  GListModel *expectations;
  guint selected;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->expectations_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->sentences, 0);

  if (scenario == NULL)
    return;

  playground = sp_window_scenario_dup_scenario (scenario);
  expectations = sp_scenario_get_expectations (playground);
  for (guint i = 0; i < g_list_model_get_n_items (expectations); i++)
    {
      g_autoptr(SpExpectation) expectation = g_list_model_get_item (expectations, i);
      char *sentence = sp_expectation_dup_sentence (expectation);
      g_autofree char *markup = g_markup_escape_text (sentence, -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      /* Translators: a button's name for screen readers; %s is an expectation, as a sentence */
      g_autofree char *label = g_strdup_printf (_("Remove “%s”"), sentence);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), markup);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data (G_OBJECT (button), "sp-position", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->expectations_group, row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->sentences, sentence);
    }

  adw_preferences_group_set_description (self->expectations_group,
                                         self->rows->len == 0
                                         ? _("Nothing is expected yet. Add below what a pane should receive, send or count; File › Save writes it into the playground.")
                                         : _("Saved with the playground and graded by “socket-playground --headless FILE”."));

  panes = sp_scenario_get_panes (playground);
  for (guint i = 0; i < g_list_model_get_n_items (panes); i++)
    {
      g_autoptr(SpScenarioPane) pane = g_list_model_get_item (panes, i);

      g_ptr_array_add (names, g_strdup (sp_scenario_pane_get_name (pane)));
    }
  g_ptr_array_add (names, NULL);

  selected = adw_combo_row_get_selected (self->pane_row);
  gtk_string_list_splice (self->pane_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->pane_names)),
                          (const char * const *) names->pdata);
  if (selected != GTK_INVALID_LIST_POSITION && selected < names->len - 1)
    adw_combo_row_set_selected (self->pane_row, selected);
}

/* The expectation the fields describe, or NULL with a sentence (or none, while the
 * value is still empty) saying why not. */
static SpExpectation *
build_candidate (SpLabEditor  *self,
                 GtkWidget   **pane_out,
                 char        **why)
{
  guint pane_position = adw_combo_row_get_selected (self->pane_row);
  SpExpectationKind kind = adw_combo_row_get_selected (self->kind_row);
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->value_row));
  g_autoptr(GtkWidget) pane = NULL;
  const char *name;

  *why = NULL;
  if (self->window == NULL)
    return NULL;

  if (pane_position == GTK_INVALID_LIST_POSITION ||
      pane_position >= g_list_model_get_n_items (G_LIST_MODEL (self->pane_names)))
    {
      *why = g_strdup (_("Open a server or a client first: an expectation is about a pane."));
      return NULL;
    }

  name = gtk_string_list_get_string (self->pane_names, pane_position);
  pane = g_list_model_get_item (sp_window_get_panes (self->window), pane_position);
  if (pane == NULL)
    return NULL;

  if (kind == SP_EXPECTATION_CLOSED)
    {
      *pane_out = g_steal_pointer (&pane);
      return sp_expectation_new_closed (name);
    }

  if (*value == '\0')
    return NULL;

  if (sp_expectation_is_text_kind (kind))
    {
      g_autoptr(GError) error = NULL;
      SpExpectation *expectation = sp_expectation_new_text (kind, name, value, &error);

      if (expectation == NULL)
        {
          *why = g_strdup (error->message);
          return NULL;
        }

      *pane_out = g_steal_pointer (&pane);
      return expectation;
    }
  else
    {
      guint64 count;

      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &count, NULL))
        {
          /* Translators: %s is what was typed where a count belongs */
          *why = g_strdup_printf (_("“%s” is not a count: type a whole number, such as 3."), value);
          return NULL;
        }

      *pane_out = g_steal_pointer (&pane);
      return sp_expectation_new_count (kind, name, count);
    }
}

static void
update_candidate (SpLabEditor *self)
{
  SpExpectationKind kind = adw_combo_row_get_selected (self->kind_row);
  g_autoptr(GtkWidget) pane = NULL;
  g_autoptr(SpExpectation) candidate = NULL;
  g_autofree char *why = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->value_row), kind != SP_EXPECTATION_CLOSED);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->value_row),
                                 sp_expectation_is_text_kind (kind)
                                 ? _("Text, with escapes such as \\r\\n or \\x00")
                                 : _("At Least"));

  candidate = build_candidate (self, &pane, &why);

  g_free (self->error_text);
  self->error_text = g_steal_pointer (&why);
  gtk_label_set_text (self->error_label, self->error_text != NULL ? self->error_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error_text != NULL);

  self->can_add = candidate != NULL;
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), self->can_add);
  if (self->error_text != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (self->value_row), GTK_ACCESSIBLE_STATE_INVALID,
                                 GTK_ACCESSIBLE_INVALID_TRUE, -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (self->value_row), GTK_ACCESSIBLE_STATE_INVALID);
}

static void
remove_clicked_cb (GtkButton   *button,
                   SpLabEditor *self)
{
  sp_lab_editor_remove_row (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "sp-position")));
}

static void
undo_remove_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpLabEditor *self = SP_LAB_EDITOR (widget);
  SpWindowScenario *scenario = get_scenario (self);

  if (scenario == NULL || self->removed == NULL || self->removed_pane == NULL)
    return;

  sp_window_scenario_insert_expectation (scenario, self->removed_position, self->removed_pane, self->removed);
  g_clear_object (&self->removed);
  g_clear_object (&self->removed_pane);
  gtk_widget_action_set_enabled (widget, "lab.undo-remove", FALSE);
  refresh (self);
}

static void
add_clicked_cb (SpLabEditor *self)
{
  sp_lab_editor_add (self);
}

static void
sp_lab_editor_dispose (GObject *object)
{
  SpLabEditor *self = (SpLabEditor *)object;

  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  g_clear_object (&self->removed);
  g_clear_object (&self->removed_pane);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_LAB_EDITOR);

  G_OBJECT_CLASS (sp_lab_editor_parent_class)->dispose (object);
}

static void
sp_lab_editor_finalize (GObject *object)
{
  SpLabEditor *self = (SpLabEditor *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->sentences, g_ptr_array_unref);
  g_clear_pointer (&self->error_text, g_free);

  G_OBJECT_CLASS (sp_lab_editor_parent_class)->finalize (object);
}

static void
sp_lab_editor_class_init (SpLabEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_lab_editor_dispose;
  object_class->finalize = sp_lab_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/sp-lab-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SpLabEditor, expectations_group);
  gtk_widget_class_bind_template_child (widget_class, SpLabEditor, pane_row);
  gtk_widget_class_bind_template_child (widget_class, SpLabEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SpLabEditor, value_row);
  gtk_widget_class_bind_template_child (widget_class, SpLabEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpLabEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, SpLabEditor, pane_names);
  gtk_widget_class_bind_template_callback (widget_class, update_candidate);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);

  gtk_widget_class_install_action (widget_class, "lab.undo-remove", NULL, undo_remove_action);
}

static void
sp_lab_editor_init (SpLabEditor *self)
{
  self->rows = g_ptr_array_new ();
  self->sentences = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.undo-remove", FALSE);
}

/**
 * sp_lab_editor_new:
 * @window: the window whose playground's lab is edited
 *
 * Returns: (transfer floating): a dialog, modal to @window, not yet shown
 */
GtkWidget *
sp_lab_editor_new (SpWindow *window)
{
  SpLabEditor *self;

  g_return_val_if_fail (SP_IS_WINDOW (window), NULL);

  self = g_object_new (SP_TYPE_LAB_EDITOR,
                       "transient-for", window,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);

  refresh (self);
  update_candidate (self);

  return GTK_WIDGET (self);
}

guint
sp_lab_editor_get_n_rows (SpLabEditor *self)
{
  g_return_val_if_fail (SP_IS_LAB_EDITOR (self), 0);

  return self->sentences->len;
}

/**
 * sp_lab_editor_get_row_sentence:
 *
 * Returns: what the row at @position says, as sp_expectation_dup_sentence() writes it
 */
const char *
sp_lab_editor_get_row_sentence (SpLabEditor *self,
                                guint        position)
{
  g_return_val_if_fail (SP_IS_LAB_EDITOR (self), NULL);
  g_return_val_if_fail (position < self->sentences->len, NULL);

  return g_ptr_array_index (self->sentences, position);
}

/**
 * sp_lab_editor_remove_row:
 *
 * What the row's remove button does: takes the expectation out of the lab and offers
 * to undo it in a toast.
 */
void
sp_lab_editor_remove_row (SpLabEditor *self,
                          guint        position)
{
  SpWindowScenario *scenario = get_scenario (self);
  g_autoptr(SpScenario) playground = NULL;
  g_autoptr(GtkWidget) pane = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_if_fail (SP_IS_LAB_EDITOR (self));

  if (scenario == NULL || position >= self->sentences->len)
    return;

  /* The expectation as the window would save it, so that Undo puts back that one. */
  playground = sp_window_scenario_dup_scenario (scenario);
  pane = sp_window_scenario_remove_expectation (scenario, position);
  if (pane == NULL)
    return;

  g_clear_object (&self->removed);
  self->removed = g_list_model_get_item (sp_scenario_get_expectations (playground), position);
  g_set_object (&self->removed_pane, pane);
  self->removed_position = position;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.undo-remove", TRUE);

  markup = g_markup_escape_text (g_ptr_array_index (self->sentences, position), -1);
  /* Translators: a toast; %s is the expectation removed, as a sentence */
  title = g_strdup_printf (_("Removed: %s"), markup);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "lab.undo-remove");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);

  refresh (self);
}

/**
 * sp_lab_editor_set_candidate:
 * @pane_position: which pane, in the window's order
 * @value: (nullable): the text or count typed, or %NULL for none
 *
 * Fills the Add fields as a person would.
 */
void
sp_lab_editor_set_candidate (SpLabEditor       *self,
                             guint              pane_position,
                             SpExpectationKind  kind,
                             const char        *value)
{
  g_return_if_fail (SP_IS_LAB_EDITOR (self));

  adw_combo_row_set_selected (self->pane_row, pane_position);
  adw_combo_row_set_selected (self->kind_row, kind);
  gtk_editable_set_text (GTK_EDITABLE (self->value_row), value != NULL ? value : "");
  update_candidate (self);
}

/**
 * sp_lab_editor_get_error_text:
 *
 * Returns: (nullable): the sentence under the fields that says why the candidate cannot
 *   be added, or %NULL
 */
const char *
sp_lab_editor_get_error_text (SpLabEditor *self)
{
  g_return_val_if_fail (SP_IS_LAB_EDITOR (self), NULL);

  return self->error_text;
}

gboolean
sp_lab_editor_get_can_add (SpLabEditor *self)
{
  g_return_val_if_fail (SP_IS_LAB_EDITOR (self), FALSE);

  return self->can_add;
}

/**
 * sp_lab_editor_add:
 *
 * What the Add button does: adds the candidate to the lab, at its end.
 *
 * Returns: whether there was a candidate to add
 */
gboolean
sp_lab_editor_add (SpLabEditor *self)
{
  SpWindowScenario *scenario = get_scenario (self);
  g_autoptr(GtkWidget) pane = NULL;
  g_autoptr(SpExpectation) candidate = NULL;
  g_autofree char *why = NULL;

  g_return_val_if_fail (SP_IS_LAB_EDITOR (self), FALSE);

  if (scenario == NULL)
    return FALSE;

  candidate = build_candidate (self, &pane, &why);
  if (candidate == NULL)
    return FALSE;

  sp_window_scenario_insert_expectation (scenario, G_MAXUINT, pane, candidate);
  gtk_editable_set_text (GTK_EDITABLE (self->value_row), "");
  refresh (self);
  update_candidate (self);

  return TRUE;
}
