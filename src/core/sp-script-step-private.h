/* sp-script-step-private.h — what only the script may do with a step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-script-step.h"

G_BEGIN_DECLS

GBytes *_sp_script_step_get_bytes  (SpScriptStep       *self);
GRegex *_sp_script_step_get_regex  (SpScriptStep       *self);
void    _sp_script_step_set_result (SpScriptStep       *self,
                                    SpScriptStepStatus  status,
                                    const char         *message);
char   *_sp_script_format_duration (guint               ms);

G_END_DECLS
