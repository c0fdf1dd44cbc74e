/* sp-command-line.h — `socket-playground serve` and `connect`: the engine without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean sp_command_line_handles (int    argc,
                                  char **argv);
int      sp_command_line_run     (int    argc,
                                  char **argv);

G_END_DECLS
