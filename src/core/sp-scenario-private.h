/* sp-scenario-private.h — the reader and writer of playground files, behind SpScenario
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-scenario.h"

G_BEGIN_DECLS

gboolean  _sp_scenario_read  (SpScenario  *self,
                              const char  *data,
                              gsize        length,
                              guint       *error_line,
                              GError     **error);
char     *_sp_scenario_write (SpScenario  *self);

G_END_DECLS
