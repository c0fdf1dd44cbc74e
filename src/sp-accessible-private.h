/* sp-accessible-private.h — accessible names GTK 4.8 gets wrong, set in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void _sp_accessible_name_dropdown (GtkDropDown *dropdown,
                                   const char  *name);

G_END_DECLS
