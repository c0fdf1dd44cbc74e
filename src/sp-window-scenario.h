/* sp-window-scenario.h — the window's playground file: Open, Save, Recent and Lessons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"
#include "sp-window.h"

G_BEGIN_DECLS

#define SP_TYPE_WINDOW_SCENARIO (sp_window_scenario_get_type ())

G_DECLARE_FINAL_TYPE (SpWindowScenario, sp_window_scenario, SP, WINDOW_SCENARIO, GObject)

void              sp_window_scenario_attach         (SpWindow          *window);
SpWindowScenario *sp_window_scenario_get            (SpWindow          *window);
GActionGroup     *sp_window_scenario_get_actions    (SpWindowScenario  *self);
SpMailbox        *sp_window_scenario_get_mailbox    (SpWindowScenario  *self);
GFile            *sp_window_scenario_get_file       (SpWindowScenario  *self);
const char       *sp_window_scenario_get_title      (SpWindowScenario  *self);
const char       *sp_window_scenario_get_error_text (SpWindowScenario  *self);
gboolean          sp_window_scenario_get_busy       (SpWindowScenario  *self);
void              sp_window_scenario_apply          (SpWindowScenario  *self,
                                                     SpScenario        *scenario,
                                                     GFile             *file);
SpScenario       *sp_window_scenario_dup_scenario   (SpWindowScenario  *self);
void              sp_window_scenario_open           (SpWindowScenario  *self,
                                                     GFile             *file);
gboolean          sp_window_scenario_open_lesson    (SpWindowScenario  *self,
                                                     const char        *name);
void              sp_window_scenario_save           (SpWindowScenario  *self,
                                                     GFile             *file);

/* The lab's expectations, as the lab editor changes them. */
void              sp_window_scenario_insert_expectation (SpWindowScenario *self,
                                                         guint             position,
                                                         GtkWidget        *pane,
                                                         SpExpectation    *expectation);
GtkWidget        *sp_window_scenario_remove_expectation (SpWindowScenario *self,
                                                         guint             position);

G_END_DECLS
