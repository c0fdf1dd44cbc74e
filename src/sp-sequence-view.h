/* sp-sequence-view.h — the exchange between sockets, drawn as a sequence diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_SEQUENCE_VIEW (sp_sequence_view_get_type ())

G_DECLARE_FINAL_TYPE (SpSequenceView, sp_sequence_view, SP, SEQUENCE_VIEW, GtkWidget)

GtkWidget  *sp_sequence_view_new                (void);
void        sp_sequence_view_add_log            (SpSequenceView       *self,
                                                 SpEventLog           *log,
                                                 const char           *title);
void        sp_sequence_view_set_log_title      (SpSequenceView       *self,
                                                 SpEventLog           *log,
                                                 const char           *title);
void        sp_sequence_view_remove_log         (SpSequenceView       *self,
                                                 SpEventLog           *log);
void        sp_sequence_view_clear              (SpSequenceView       *self);
SpEvent    *sp_sequence_view_get_selected_event (SpSequenceView       *self);
void        sp_sequence_view_set_selected_event (SpSequenceView       *self,
                                                 SpEvent              *event);
gboolean    sp_sequence_view_get_following      (SpSequenceView       *self);
gboolean    sp_sequence_view_export_svg         (SpSequenceView       *self,
                                                 GFile                *file,
                                                 GError              **error);
gboolean    sp_sequence_view_export_png         (SpSequenceView       *self,
                                                 GFile                *file,
                                                 GError              **error);
void        sp_sequence_view_export_svg_async   (SpSequenceView       *self,
                                                 GFile                *file,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
void        sp_sequence_view_export_png_async   (SpSequenceView       *self,
                                                 GFile                *file,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean    sp_sequence_view_export_finish      (SpSequenceView       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
