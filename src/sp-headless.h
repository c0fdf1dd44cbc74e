/* sp-headless.h — `socket-playground --headless FILE`: run a playground and grade it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean sp_headless_handles (int    argc,
                              char **argv);
int      sp_headless_run     (int    argc,
                              char **argv);

G_END_DECLS
