/* sp-sequence-view-private.h — what the tests and the benchmark look at in the diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-sequence-layout-private.h"
#include "sp-sequence-view.h"

G_BEGIN_DECLS

guint                _sp_sequence_view_get_n_arrows      (SpSequenceView *self);
SpSequenceArrowKind  _sp_sequence_view_get_arrow_kind    (SpSequenceView *self,
                                                          guint           arrow);
SpEvent             *_sp_sequence_view_get_arrow_event   (SpSequenceView *self,
                                                          guint           arrow);
char                *_sp_sequence_view_dup_arrow_label   (SpSequenceView *self,
                                                          guint           arrow);
char                *_sp_sequence_view_dup_arrow_from    (SpSequenceView *self,
                                                          guint           arrow);
char                *_sp_sequence_view_dup_arrow_to      (SpSequenceView *self,
                                                          guint           arrow);
double               _sp_sequence_view_get_arrow_y       (SpSequenceView *self,
                                                          guint           arrow);
guint                _sp_sequence_view_get_n_lifelines   (SpSequenceView *self);
int                  _sp_sequence_view_get_selected_arrow (SpSequenceView *self);
int                  _sp_sequence_view_arrow_at          (SpSequenceView *self,
                                                          double          x,
                                                          double          y);
void                 _sp_sequence_view_click             (SpSequenceView *self,
                                                          double          x,
                                                          double          y);
GBytes              *_sp_sequence_view_render_svg        (SpSequenceView *self);
GBytes              *_sp_sequence_view_render_png        (SpSequenceView *self,
                                                          int            *width,
                                                          int            *height,
                                                          GError        **error);

G_END_DECLS
