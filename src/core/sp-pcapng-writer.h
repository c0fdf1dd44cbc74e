/* sp-pcapng-writer.h — logs written as a pcapng capture of synthesized TCP and UDP frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-event-log.h"

G_BEGIN_DECLS

/* What a capture holds, and what it could not. */
typedef struct
{
  guint64 n_frames;            /* Enhanced Packet Blocks written */
  guint64 n_events;            /* events that became frames */
  guint   n_tcp_connections;
  guint   n_udp_flows;         /* pairs of UDP endpoints */
  guint64 n_datagrams;         /* UDP datagrams written */
  guint   n_paired;            /* connections seen from both ends (both logs given) */
  guint   n_unix_skipped;      /* Unix-socket connections: no IP, left out */
  guint   n_incomplete;        /* connections whose opening the log had dropped: left out */
  guint64 n_missing_payloads;  /* sends and receives whose bytes the log had dropped */
  guint64 missing_bytes;       /* how many bytes those held */
} SpPcapngStats;

#define SP_TYPE_PCAPNG_WRITER (sp_pcapng_writer_get_type ())

G_DECLARE_FINAL_TYPE (SpPcapngWriter, sp_pcapng_writer, SP, PCAPNG_WRITER, GObject)

SpPcapngWriter      *sp_pcapng_writer_new         (void);
void                 sp_pcapng_writer_add_log     (SpPcapngWriter       *self,
                                                   SpEventLog           *log);
const SpPcapngStats *sp_pcapng_writer_get_stats   (SpPcapngWriter       *self);
gboolean             sp_pcapng_writer_write       (SpPcapngWriter       *self,
                                                   GOutputStream        *stream,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
void                 sp_pcapng_writer_save_async  (SpPcapngWriter       *self,
                                                   GFile                *file,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean             sp_pcapng_writer_save_finish (SpPcapngWriter       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

gboolean             sp_pcapng_write              (GPtrArray            *logs,
                                                   GOutputStream        *stream,
                                                   SpPcapngStats        *stats,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
gboolean             sp_pcapng_write_file         (GPtrArray            *logs,
                                                   GFile                *file,
                                                   SpPcapngStats        *stats,
                                                   GCancellable         *cancellable,
                                                   GError              **error);

G_END_DECLS
