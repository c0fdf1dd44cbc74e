/* sp-format-private.h — text the panes show, formatted the same way in each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *_sp_format_counters (guint   n_connections,
                           guint64 bytes_sent,
                           guint64 bytes_received);

G_END_DECLS
