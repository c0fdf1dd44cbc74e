/* sp-accessible.c — accessible names GTK 4.8 gets wrong, set in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sp-accessible-private.h"

/* A drop-down takes the focus through the toggle button inside it, which GTK 4.8 names
 * after its type ("GtkToggleButton"): give it the name the drop-down has. */
void
_sp_accessible_name_dropdown (GtkDropDown *dropdown,
                              const char  *name)
{
  GtkWidget *button;

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  button = gtk_widget_get_first_child (GTK_WIDGET (dropdown));
  if (GTK_IS_TOGGLE_BUTTON (button))
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
}
