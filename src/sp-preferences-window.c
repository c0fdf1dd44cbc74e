/* sp-preferences-window.c — the settings a person can change, stored in GSettings
 *
 * Every row is bound to its key, so a change applies at once and is remembered; the
 * window, the panes and the style manager listen to the keys themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sp-endpoint.h"
#include "sp-preferences-window.h"

struct _SpPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings   *settings;

  AdwEntryRow *bind_address_row;
  GtkLabel    *bind_address_error;
  GtkSpinButton *budget_spin;
  AdwComboRow *payload_view_row;
  AdwComboRow *code_language_row;
  AdwComboRow *color_scheme_row;
};

G_DEFINE_FINAL_TYPE (SpPreferencesWindow, sp_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The nicks of the schema's enums, in the order of the combo rows' items. */
static const char * const payload_view_nicks[] = { "text", "escaped", "hex", NULL };
static const char * const code_language_nicks[] = { "python", "c-language", NULL };
static const char * const color_scheme_nicks[] = { "default", "light", "dark", NULL };

static gboolean
nick_to_index (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    {
      if (g_strcmp0 (nicks[i], nick) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
index_to_nick (const GValue       *value,
               const GVariantType *expected_type,
               gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **) nicks))
    return NULL;

  return g_variant_new_string (nicks[index]);
}

static void
bind_combo (SpPreferencesWindow *self,
            const char          *key,
            AdwComboRow         *row,
            const char * const  *nicks)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                nick_to_index, index_to_nick, (gpointer) nicks, NULL);
}

/**
 * sp_preferences_window_apply_bind_address:
 *
 * Stores @text as the default bind address when it is a literal IPv4 or IPv6 address.
 * A name is refused: a server binds to one address, and a name may stand for several.
 *
 * Returns: %TRUE if stored; otherwise %SP_ENDPOINT_ERROR_BAD_HOST with a sentence
 */
gboolean
sp_preferences_window_apply_bind_address (SpPreferencesWindow  *self,
                                          const char           *text,
                                          GError              **error)
{
  g_autofree char *address = NULL;
  g_autoptr(GInetAddress) inet = NULL;

  g_return_val_if_fail (SP_IS_PREFERENCES_WINDOW (self), FALSE);

  address = g_strstrip (g_strdup (text != NULL ? text : ""));
  /* People write IPv6 as in an endpoint; the brackets are not part of the address. */
  if (address[0] == '[' && g_str_has_suffix (address, "]"))
    {
      char *inner = g_strndup (address + 1, strlen (address) - 2);

      g_free (address);
      address = inner;
    }

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      if (address[0] == '\0')
        g_set_error_literal (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_BAD_HOST,
                             _("Type an address such as 127.0.0.1 or ::1."));
      else
        g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_BAD_HOST,
                     _("“%s” is not an IP address. A server binds to one address, not to a name: "
                       "type one such as 127.0.0.1 or ::1 (this computer only), 0.0.0.0 or :: (every network)."), address);
      return FALSE;
    }

  g_settings_set_string (self->settings, "default-bind-address", address);
  return TRUE;
}

static void
bind_address_apply_cb (SpPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->bind_address_row));

  if (sp_preferences_window_apply_bind_address (self, text, &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->bind_address_row), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->bind_address_error), FALSE);
      return;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self->bind_address_row), "error");
  gtk_label_set_text (self->bind_address_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->bind_address_error), TRUE);
}

static void
bind_address_changed_cb (SpPreferencesWindow *self)
{
  /* The sentence is about the text that was applied; typing starts afresh. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->bind_address_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->bind_address_error), FALSE);
}

static void
sp_preferences_window_dispose (GObject *object)
{
  SpPreferencesWindow *self = SP_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sp_preferences_window_parent_class)->dispose (object);
}

static void
sp_preferences_window_class_init (SpPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/sp-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, bind_address_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, bind_address_error);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, budget_spin);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, payload_view_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, code_language_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_callback (widget_class, bind_address_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_address_changed_cb);
}

static void
sp_preferences_window_init (SpPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sp_preferences_window_new:
 * @settings: the application's settings (the schema must have every key this window shows)
 */
GtkWidget *
sp_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  SpPreferencesWindow *self;
  g_autofree char *address = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SP_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->settings = g_object_ref (settings);

  address = g_settings_get_string (settings, "default-bind-address");
  gtk_editable_set_text (GTK_EDITABLE (self->bind_address_row), address);
  bind_address_changed_cb (self);

  g_settings_bind (settings, "log-budget-mib",
                   gtk_spin_button_get_adjustment (self->budget_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  bind_combo (self, "payload-view", self->payload_view_row, payload_view_nicks);
  bind_combo (self, "code-language", self->code_language_row, code_language_nicks);
  bind_combo (self, "color-scheme", self->color_scheme_row, color_scheme_nicks);

  return GTK_WIDGET (self);
}
