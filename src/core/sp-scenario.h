/* sp-scenario.h — a playground file: its panes, their settings and a lab's expectations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-expectation.h"
#include "sp-scenario-pane.h"

G_BEGIN_DECLS

/* The version of the format this program writes, and the newest it reads. */
#define SP_SCENARIO_VERSION 2

/* The file name extension and MIME type of a playground file. */
#define SP_SCENARIO_SUFFIX    ".playground"
#define SP_SCENARIO_MIME_TYPE "application/x-socket-playground"

#define SP_SCENARIO_ERROR (sp_scenario_error_quark ())

typedef enum
{
  SP_SCENARIO_ERROR_SYNTAX,
  SP_SCENARIO_ERROR_NOT_A_PLAYGROUND,
  SP_SCENARIO_ERROR_NEWER_VERSION,
  SP_SCENARIO_ERROR_MISSING_KEY,
  SP_SCENARIO_ERROR_BAD_VALUE,
  SP_SCENARIO_ERROR_UNKNOWN_GROUP,
  SP_SCENARIO_ERROR_UNKNOWN_KEY,
  SP_SCENARIO_ERROR_UNKNOWN_PANE_KIND,
  SP_SCENARIO_ERROR_UNKNOWN_PANE,
  SP_SCENARIO_ERROR_DUPLICATE,
} SpScenarioError;

#define SP_TYPE_SCENARIO (sp_scenario_get_type ())

G_DECLARE_FINAL_TYPE (SpScenario, sp_scenario, SP, SCENARIO, GObject)

GQuark          sp_scenario_error_quark     (void);

SpScenario     *sp_scenario_new             (void);
SpScenario     *sp_scenario_new_from_data   (const char      *data,
                                             gssize           length,
                                             guint           *error_line,
                                             GError         **error);
SpScenario     *sp_scenario_new_from_file   (const char      *path,
                                             guint           *error_line,
                                             GError         **error);
char           *sp_scenario_to_data         (SpScenario      *self,
                                             gsize           *length);
const char     *sp_scenario_get_title       (SpScenario      *self);
void            sp_scenario_set_title       (SpScenario      *self,
                                             const char      *title);
const char     *sp_scenario_get_description (SpScenario      *self);
void            sp_scenario_set_description (SpScenario      *self,
                                             const char      *description);
GListModel     *sp_scenario_get_panes       (SpScenario      *self);
void            sp_scenario_add_pane        (SpScenario      *self,
                                             SpScenarioPane  *pane);
SpScenarioPane *sp_scenario_find_pane       (SpScenario      *self,
                                             const char      *name);
GListModel     *sp_scenario_get_expectations (SpScenario     *self);
void            sp_scenario_add_expectation (SpScenario      *self,
                                             SpExpectation   *expectation);
gboolean        sp_scenario_equal           (SpScenario      *a,
                                             SpScenario      *b);

G_END_DECLS
