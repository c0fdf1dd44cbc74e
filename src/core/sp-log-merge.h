/* sp-log-merge.h — the events of several logs as one list, in time order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-event-log.h"

G_BEGIN_DECLS

/* One event of a merged list, and which of the logs it came from. */
typedef struct
{
  SpEvent *event;
  guint    source;
} SpMergedEvent;

GArray  *sp_log_merge             (GPtrArray  *logs);
SpEvent *sp_event_log_dup_marker  (SpEventLog *log);

G_END_DECLS
