/* sp-scenario-run.h — run a playground without a window, and check its expectations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-event-log.h"
#include "sp-mailbox.h"
#include "sp-scenario.h"

G_BEGIN_DECLS

/* Why a run ended. */
typedef enum
{
  SP_SCENARIO_END_NONE,
  SP_SCENARIO_END_ALL_MET,
  SP_SCENARIO_END_SETTLED,
  SP_SCENARIO_END_QUIET,
  SP_SCENARIO_END_TIMEOUT,
} SpScenarioEnd;

/* How long a run waits, once every client has done its part, for something more to
 * happen on a connection still open, in milliseconds. */
#define SP_SCENARIO_RUN_DEFAULT_QUIET_TIME 1000

#define SP_TYPE_SCENARIO_RUN (sp_scenario_run_get_type ())

G_DECLARE_FINAL_TYPE (SpScenarioRun, sp_scenario_run, SP, SCENARIO_RUN, GObject)

SpScenarioRun *sp_scenario_run_new             (SpScenario           *scenario);
SpScenario    *sp_scenario_run_get_scenario    (SpScenarioRun        *self);
SpEventLog    *sp_scenario_run_get_log         (SpScenarioRun        *self);
guint          sp_scenario_run_get_timeout     (SpScenarioRun        *self);
void           sp_scenario_run_set_timeout     (SpScenarioRun        *self,
                                                guint                 timeout_ms);
guint          sp_scenario_run_get_quiet_time  (SpScenarioRun        *self);
void           sp_scenario_run_set_quiet_time  (SpScenarioRun        *self,
                                                guint                 quiet_ms);
GObject       *sp_scenario_run_get_pane_object (SpScenarioRun        *self,
                                                const char           *name);
SpMailbox     *sp_scenario_run_get_mailbox     (SpScenarioRun        *self);
SpScenarioEnd  sp_scenario_run_get_end         (SpScenarioRun        *self);
guint          sp_scenario_run_get_n_unmet     (SpScenarioRun        *self);
void           sp_scenario_run_run_async       (SpScenarioRun        *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       sp_scenario_run_run_finish      (SpScenarioRun        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void           sp_scenario_run_stop            (SpScenarioRun        *self);
const char    *sp_scenario_end_to_string       (SpScenarioEnd         end);

G_END_DECLS
