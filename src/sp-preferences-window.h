/* sp-preferences-window.h — the settings a person can change, stored in GSettings */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SP_TYPE_PREFERENCES_WINDOW (sp_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SpPreferencesWindow, sp_preferences_window, SP, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *sp_preferences_window_new (GtkWindow *parent,
                                      GSettings *settings);
gboolean   sp_preferences_window_apply_bind_address (SpPreferencesWindow *self,
                                                     const char          *text,
                                                     GError             **error);

G_END_DECLS
