/* sp-sequence-painter-private.h — draws the sequence diagram on a canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drawing routine for the screen, the PNG and the SVG export, so that the three show
 * the same diagram. A canvas is either a GtkSnapshot or an SVG document being written.
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-sequence-layout-private.h"

G_BEGIN_DECLS

/* Geometry, in pixels. */
#define SP_SEQUENCE_GUTTER_WIDTH  96   /* the times, left of the first column */
#define SP_SEQUENCE_COLUMN_WIDTH  200
#define SP_SEQUENCE_ROW_HEIGHT    30
#define SP_SEQUENCE_HEADER_HEIGHT 66   /* log titles and lifeline names, kept in view */
#define SP_SEQUENCE_TOP_PADDING   8
#define SP_SEQUENCE_BOTTOM_PADDING 24
#define SP_SEQUENCE_RIGHT_PADDING 180  /* room for the labels of the last column */

typedef enum
{
  SP_SEQUENCE_FONT_BODY,
  SP_SEQUENCE_FONT_SMALL,
  SP_SEQUENCE_FONT_BOLD,
  SP_SEQUENCE_FONT_MONO,
  SP_SEQUENCE_N_FONTS
} SpSequenceFont;

/* Colours from the widget's style, so they follow light and dark. */
typedef struct
{
  GdkRGBA background;
  GdkRGBA foreground;
  GdkRGBA dim;
  GdkRGBA faint;
  GdkRGBA border;
  GdkRGBA accent;
  GdkRGBA selection;
  GdkRGBA success;
  GdkRGBA warning;
  GdkRGBA error;
} SpSequencePalette;

typedef struct _SpSequenceCanvas SpSequenceCanvas;

typedef struct
{
  SpSequenceLayout  *layout;
  SpSequencePalette  palette;
  GTimeZone         *time_zone;
  int                selected_row;
  gboolean           focused;
} SpSequencePaint;

void               _sp_sequence_palette_init_from_widget (SpSequencePalette *palette,
                                                          GtkWidget         *widget);

SpSequenceCanvas  *_sp_sequence_canvas_new_for_snapshot  (GtkSnapshot       *snapshot,
                                                          PangoContext      *context);
SpSequenceCanvas  *_sp_sequence_canvas_new_for_svg       (GString           *out,
                                                          PangoContext      *context);
void               _sp_sequence_canvas_free              (SpSequenceCanvas  *canvas);
void               _sp_sequence_canvas_write_svg_styles  (SpSequenceCanvas  *canvas);

void               _sp_sequence_paint                    (SpSequencePaint   *paint,
                                                          SpSequenceCanvas  *canvas,
                                                          double             x,
                                                          double             y,
                                                          double             width,
                                                          double             height);
void               _sp_sequence_paint_get_size           (SpSequencePaint   *paint,
                                                          int               *width,
                                                          int               *height);
double             _sp_sequence_row_y                    (guint              row);
char              *_sp_sequence_dup_row_label            (SpSequenceLayout  *layout,
                                                          guint              row);
char              *_sp_sequence_dup_lifeline_name        (SpSequenceLayout  *layout,
                                                          int                lifeline);
char              *_sp_sequence_dup_row_description      (SpSequenceLayout  *layout,
                                                          guint              row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpSequenceCanvas, _sp_sequence_canvas_free)

G_END_DECLS
