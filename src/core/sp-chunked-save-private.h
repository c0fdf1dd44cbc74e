/* sp-chunked-save-private.h — write what a producer makes, a chunk at a time, to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Returns the next chunk to write, or %NULL when there is nothing more. */
typedef GBytes *(*SpChunkFunc) (gpointer data);

gboolean _sp_chunked_write        (GOutputStream        *stream,
                                   SpChunkFunc           next_chunk,
                                   gpointer              data,
                                   GCancellable         *cancellable,
                                   GError              **error);
void     _sp_chunked_save_async   (GFile                *file,
                                   SpChunkFunc           next_chunk,
                                   gpointer              data,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
gboolean _sp_chunked_save_finish  (GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS
