/* sp-format.c — text the panes show, formatted the same way in each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-format-private.h"

static char *
sp_format_bytes (guint64 n_bytes)
{
  g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, n_bytes);

  /* Translators: %s is a whole number of bytes, such as 24 */
  return g_strdup_printf (ngettext ("%s byte", "%s bytes", (gulong) MIN (n_bytes, G_MAXULONG)),
                          number);
}

/**
 * _sp_format_counters:
 *
 * The exact totals under a pane: "Connections: 2 · Sent: 48 bytes · Received: 0 bytes".
 *
 * Returns: (transfer full): a newly allocated string
 */
char *
_sp_format_counters (guint   n_connections,
                     guint64 bytes_sent,
                     guint64 bytes_received)
{
  g_autofree char *sent = sp_format_bytes (bytes_sent);
  g_autofree char *received = sp_format_bytes (bytes_received);

  /* Translators: the totals under a pane; the last two %s are amounts such as "24 bytes" */
  return g_strdup_printf (_("Connections: %u · Sent: %s · Received: %s"),
                          n_connections, sent, received);
}
