/* sp-sequence-painter.c — draws the sequence diagram on a canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The diagram is drawn in its own coordinates: columns from the left after a gutter of
 * times, rows from the top under a header. _sp_sequence_paint() draws the part of it that
 * a rectangle shows, with the header kept at the top of that rectangle; only the rows and
 * lifelines in the rectangle are visited, so the cost does not grow with the diagram.
 *
 * Everything is horizontal or vertical lines, small triangles, crosses, dots and one line
 * of text at a time, which a GtkSnapshot and an SVG document both say simply.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "sp-sequence-painter-private.h"

#define ARROW_LINE_WIDTH    1.5
#define SELECTED_LINE_WIDTH 2.5
#define HEAD_LENGTH         9.0
#define HEAD_HALF_HEIGHT    4.5
#define DASH_ON             6.0
#define DASH_OFF            4.0
#define ARRIVAL_LENGTH      36.0  /* a receive whose sender is drawn: a short arrow */
#define PREVIEW_CHARS       17
#define ARROW_OFFSET        9     /* from the bottom of a row to its arrow */

typedef struct
{
  void (*fill)  (SpSequenceCanvas       *canvas,
                 const graphene_rect_t  *rect,
                 const GdkRGBA          *color);
  void (*line)  (SpSequenceCanvas       *canvas,
                 double                  x1,
                 double                  y1,
                 double                  x2,
                 double                  y2,
                 double                  width,
                 const GdkRGBA          *color,
                 gboolean                dashed);
  void (*head)  (SpSequenceCanvas       *canvas,
                 double                  x,
                 double                  y,
                 double                  direction,
                 const GdkRGBA          *color);
  void (*cross) (SpSequenceCanvas       *canvas,
                 double                  x,
                 double                  y,
                 double                  size,
                 const GdkRGBA          *color);
  void (*dot)   (SpSequenceCanvas       *canvas,
                 double                  x,
                 double                  y,
                 double                  radius,
                 const GdkRGBA          *color);
  /* One line of text whose top is at @y; @align 0 puts its start at @x, 0.5 its middle. */
  void (*text)  (SpSequenceCanvas       *canvas,
                 SpSequenceFont          font,
                 const char             *text,
                 double                  x,
                 double                  y,
                 double                  max_width,
                 double                  align,
                 const GdkRGBA          *color);
  /* Words wrapped to @max_width, each line centred on @x; the block's middle at @y. */
  void (*paragraph) (SpSequenceCanvas   *canvas,
                     SpSequenceFont      font,
                     const char         *text,
                     double              x,
                     double              y,
                     double              max_width,
                     const GdkRGBA      *color);
  void (*free)  (SpSequenceCanvas       *canvas);
} CanvasFuncs;

struct _SpSequenceCanvas
{
  const CanvasFuncs *funcs;
  PangoContext      *context;
  PangoLayout       *fonts[SP_SEQUENCE_N_FONTS];
  double             text_height[SP_SEQUENCE_N_FONTS];
};

typedef struct
{
  SpSequenceCanvas  parent;
  GtkSnapshot      *snapshot;
} SnapshotCanvas;

typedef struct
{
  SpSequenceCanvas  parent;
  GString          *out;
} SvgCanvas;

/* Palette ------------------------------------------------------------------------------ */

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            double         alpha)
{
  GdkRGBA faded = *color;

  faded.alpha *= alpha;

  return faded;
}

/* Libadwaita names these colours for light and dark alike; the fallbacks are its light
 * values, for a theme that does not name them. */
void
_sp_sequence_palette_init_from_widget (SpSequencePalette *palette,
                                       GtkWidget         *widget)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GdkRGBA foreground;

  /* The text colour of where the view is; out of a window (an export from a view never
   * shown), that of views. */
  if (gtk_widget_get_root (widget) != NULL)
    gtk_style_context_get_color (context, &foreground);
  else
    lookup_color (context, "view_fg_color", "rgba(0,0,0,0.8)", &foreground);

  palette->foreground = foreground;
  palette->dim = with_alpha (&foreground, 0.6);
  palette->faint = with_alpha (&foreground, 0.2);
  palette->border = with_alpha (&foreground, 0.15);

  lookup_color (context, "view_bg_color", "#ffffff", &palette->background);
  lookup_color (context, "accent_color", "#1c71d8", &palette->accent);
  lookup_color (context, "accent_bg_color", "#3584e4", &palette->selection);
  palette->selection.alpha = 0.2;
  lookup_color (context, "success_color", "#1b8553", &palette->success);
  lookup_color (context, "warning_color", "#9c6e03", &palette->warning);
  lookup_color (context, "error_color", "#c01c28", &palette->error);
}

/* Fonts -------------------------------------------------------------------------------- */

static void
canvas_init (SpSequenceCanvas  *canvas,
             const CanvasFuncs *funcs,
             PangoContext      *context)
{
  const PangoFontDescription *base = pango_context_get_font_description (context);
  static const double scale[SP_SEQUENCE_N_FONTS] = { 0.95, 0.85, 0.95, 0.85 };

  canvas->funcs = funcs;
  canvas->context = g_object_ref (context);

  for (guint i = 0; i < SP_SEQUENCE_N_FONTS; i++)
    {
      PangoFontDescription *description = base != NULL
        ? pango_font_description_copy (base)
        : pango_font_description_from_string ("Sans 11");
      int size = pango_font_description_get_size (description);
      PangoRectangle logical;

      if (size <= 0)
        size = 11 * PANGO_SCALE;
      if (pango_font_description_get_size_is_absolute (description))
        pango_font_description_set_absolute_size (description, size * scale[i]);
      else
        pango_font_description_set_size (description, (int) (size * scale[i]));

      if (i == SP_SEQUENCE_FONT_BOLD)
        pango_font_description_set_weight (description, PANGO_WEIGHT_BOLD);
      if (i == SP_SEQUENCE_FONT_MONO)
        pango_font_description_set_family (description, "Monospace");

      canvas->fonts[i] = pango_layout_new (context);
      pango_layout_set_font_description (canvas->fonts[i], description);
      pango_layout_set_single_paragraph_mode (canvas->fonts[i], TRUE);
      pango_layout_set_text (canvas->fonts[i], "Xg", -1);
      pango_layout_get_pixel_extents (canvas->fonts[i], NULL, &logical);
      canvas->text_height[i] = logical.height;
      pango_font_description_free (description);
    }
}

void
_sp_sequence_canvas_free (SpSequenceCanvas *canvas)
{
  for (guint i = 0; i < SP_SEQUENCE_N_FONTS; i++)
    g_clear_object (&canvas->fonts[i]);
  g_clear_object (&canvas->context);
  canvas->funcs->free (canvas);
}

/* Snapshot canvas ---------------------------------------------------------------------- */

static void
snapshot_fill (SpSequenceCanvas      *canvas,
               const graphene_rect_t *rect,
               const GdkRGBA         *color)
{
  gtk_snapshot_append_color (((SnapshotCanvas *) canvas)->snapshot, color, rect);
}

static void
snapshot_line (SpSequenceCanvas *canvas,
               double            x1,
               double            y1,
               double            x2,
               double            y2,
               double            width,
               const GdkRGBA    *color,
               gboolean          dashed)
{
  GtkSnapshot *snapshot = ((SnapshotCanvas *) canvas)->snapshot;
  gboolean horizontal = y1 == y2;
  double from = horizontal ? MIN (x1, x2) : MIN (y1, y2);
  double to = horizontal ? MAX (x1, x2) : MAX (y1, y2);
  double step = dashed ? DASH_ON + DASH_OFF : to - from;

  if (to <= from)
    return;

  /* Lines here are level or upright: rectangles, cut into dashes when asked. */
  for (double at = from; at < to; at += step)
    {
      double length = MIN (dashed ? DASH_ON : to - from, to - at);

      if (horizontal)
        gtk_snapshot_append_color (snapshot, color,
                                   &GRAPHENE_RECT_INIT (at, y1 - width / 2, length, width));
      else
        gtk_snapshot_append_color (snapshot, color,
                                   &GRAPHENE_RECT_INIT (x1 - width / 2, at, width, length));
    }
}

static void
snapshot_head (SpSequenceCanvas *canvas,
               double            x,
               double            y,
               double            direction,
               const GdkRGBA    *color)
{
  GtkSnapshot *snapshot = ((SnapshotCanvas *) canvas)->snapshot;
  double base = x - HEAD_LENGTH * direction;

  /* A diamond squeezed to the head's size, centred on the base, half of it cut away. */
  gtk_snapshot_push_clip (snapshot,
                          &GRAPHENE_RECT_INIT (MIN (x, base), y - HEAD_HALF_HEIGHT - 1,
                                               HEAD_LENGTH, 2 * HEAD_HALF_HEIGHT + 2));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (base, y));
  gtk_snapshot_scale (snapshot, HEAD_LENGTH, HEAD_HALF_HEIGHT);
  gtk_snapshot_rotate (snapshot, 45);
  gtk_snapshot_append_color (snapshot, color,
                             &GRAPHENE_RECT_INIT (-M_SQRT1_2, -M_SQRT1_2, M_SQRT2, M_SQRT2));
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
snapshot_cross (SpSequenceCanvas *canvas,
                double            x,
                double            y,
                double            size,
                const GdkRGBA    *color)
{
  GtkSnapshot *snapshot = ((SnapshotCanvas *) canvas)->snapshot;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_rotate (snapshot, 45);
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (-size / 2, -1, size, 2));
  gtk_snapshot_rotate (snapshot, 90);
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (-size / 2, -1, size, 2));
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_dot (SpSequenceCanvas *canvas,
              double            x,
              double            y,
              double            radius,
              const GdkRGBA    *color)
{
  GtkSnapshot *snapshot = ((SnapshotCanvas *) canvas)->snapshot;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x - radius, y - radius, 2 * radius, 2 * radius);
  GskRoundedRect round;

  gsk_rounded_rect_init_from_rect (&round, &bounds, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &round);
  gtk_snapshot_append_color (snapshot, color, &bounds);
  gtk_snapshot_pop (snapshot);
}

static void
snapshot_text (SpSequenceCanvas *canvas,
               SpSequenceFont    font,
               const char       *text,
               double            x,
               double            y,
               double            max_width,
               double            align,
               const GdkRGBA    *color)
{
  GtkSnapshot *snapshot = ((SnapshotCanvas *) canvas)->snapshot;
  PangoLayout *layout = canvas->fonts[font];
  PangoRectangle logical;

  pango_layout_set_text (layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  else
    {
      pango_layout_set_width (layout, -1);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
    }
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x - align * logical.width), round (y)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_paragraph (SpSequenceCanvas *canvas,
                    SpSequenceFont    font,
                    const char       *text,
                    double            x,
                    double            y,
                    double            max_width,
                    const GdkRGBA    *color)
{
  GtkSnapshot *snapshot = ((SnapshotCanvas *) canvas)->snapshot;
  g_autoptr(PangoLayout) layout = pango_layout_copy (canvas->fonts[font]);
  PangoRectangle logical;

  pango_layout_set_single_paragraph_mode (layout, FALSE);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x - max_width / 2), round (y - logical.height / 2.0)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_free (SpSequenceCanvas *canvas)
{
  g_free (canvas);
}

static const CanvasFuncs snapshot_funcs = {
  snapshot_fill, snapshot_line, snapshot_head, snapshot_cross, snapshot_dot, snapshot_text,
  snapshot_paragraph, snapshot_free,
};

SpSequenceCanvas *
_sp_sequence_canvas_new_for_snapshot (GtkSnapshot  *snapshot,
                                      PangoContext *context)
{
  SnapshotCanvas *canvas = g_new0 (SnapshotCanvas, 1);

  canvas_init (&canvas->parent, &snapshot_funcs, context);
  canvas->snapshot = snapshot;

  return &canvas->parent;
}

/* SVG canvas --------------------------------------------------------------------------- */

/* Numbers in SVG use a dot whatever the locale, and need no more than two decimals. */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  g_ascii_formatd (buffer, sizeof buffer, "%.2f", value);
  end = buffer + strlen (buffer) - 1;
  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  if (strcmp (buffer, "-0") == 0)
    strcpy (buffer, "0");

  g_string_append (out, buffer);
}

static void
append_attribute (GString    *out,
                  const char *name,
                  double      value)
{
  g_string_append_printf (out, " %s=\"", name);
  append_number (out, value);
  g_string_append_c (out, '"');
}

static void
append_paint (GString       *out,
              const char    *what,
              const GdkRGBA *color)
{
  g_string_append_printf (out, " %s=\"#%02x%02x%02x\"", what,
                          (guint) round (CLAMP (color->red, 0, 1) * 255),
                          (guint) round (CLAMP (color->green, 0, 1) * 255),
                          (guint) round (CLAMP (color->blue, 0, 1) * 255));
  if (color->alpha < 1)
    {
      g_string_append_printf (out, " %s-opacity=\"", what);
      append_number (out, color->alpha);
      g_string_append_c (out, '"');
    }
}

static void
svg_fill (SpSequenceCanvas      *canvas,
          const graphene_rect_t *rect,
          const GdkRGBA         *color)
{
  GString *out = ((SvgCanvas *) canvas)->out;

  g_string_append (out, "<rect");
  append_attribute (out, "x", rect->origin.x);
  append_attribute (out, "y", rect->origin.y);
  append_attribute (out, "width", rect->size.width);
  append_attribute (out, "height", rect->size.height);
  append_paint (out, "fill", color);
  g_string_append (out, "/>\n");
}

static void
svg_line (SpSequenceCanvas *canvas,
          double            x1,
          double            y1,
          double            x2,
          double            y2,
          double            width,
          const GdkRGBA    *color,
          gboolean          dashed)
{
  GString *out = ((SvgCanvas *) canvas)->out;

  g_string_append (out, "<line");
  append_attribute (out, "x1", x1);
  append_attribute (out, "y1", y1);
  append_attribute (out, "x2", x2);
  append_attribute (out, "y2", y2);
  append_attribute (out, "stroke-width", width);
  append_paint (out, "stroke", color);
  if (dashed)
    g_string_append (out, " stroke-dasharray=\"6 4\"");
  g_string_append (out, "/>\n");
}

static void
svg_head (SpSequenceCanvas *canvas,
          double            x,
          double            y,
          double            direction,
          const GdkRGBA    *color)
{
  GString *out = ((SvgCanvas *) canvas)->out;
  double base = x - HEAD_LENGTH * direction;

  g_string_append (out, "<polygon points=\"");
  append_number (out, x);
  g_string_append_c (out, ',');
  append_number (out, y);
  g_string_append_c (out, ' ');
  append_number (out, base);
  g_string_append_c (out, ',');
  append_number (out, y - HEAD_HALF_HEIGHT);
  g_string_append_c (out, ' ');
  append_number (out, base);
  g_string_append_c (out, ',');
  append_number (out, y + HEAD_HALF_HEIGHT);
  g_string_append_c (out, '"');
  append_paint (out, "fill", color);
  g_string_append (out, "/>\n");
}

static void
svg_cross (SpSequenceCanvas *canvas,
           double            x,
           double            y,
           double            size,
           const GdkRGBA    *color)
{
  GString *out = ((SvgCanvas *) canvas)->out;
  double half = size / 2 * M_SQRT1_2;

  g_string_append (out, "<path d=\"M");
  append_number (out, x - half);
  g_string_append_c (out, ' ');
  append_number (out, y - half);
  g_string_append (out, "L");
  append_number (out, x + half);
  g_string_append_c (out, ' ');
  append_number (out, y + half);
  g_string_append (out, "M");
  append_number (out, x - half);
  g_string_append_c (out, ' ');
  append_number (out, y + half);
  g_string_append (out, "L");
  append_number (out, x + half);
  g_string_append_c (out, ' ');
  append_number (out, y - half);
  g_string_append_c (out, '"');
  append_paint (out, "stroke", color);
  g_string_append (out, " stroke-width=\"2\"/>\n");
}

static void
svg_dot (SpSequenceCanvas *canvas,
         double            x,
         double            y,
         double            radius,
         const GdkRGBA    *color)
{
  GString *out = ((SvgCanvas *) canvas)->out;

  g_string_append (out, "<circle");
  append_attribute (out, "cx", x);
  append_attribute (out, "cy", y);
  append_attribute (out, "r", radius);
  append_paint (out, "fill", color);
  g_string_append (out, "/>\n");
}

/* The longest start of @text that fits @max_width with an ellipsis, measured as drawn. */
static char *
fit_text (PangoLayout *layout,
          const char  *text,
          double       max_width)
{
  PangoRectangle logical;
  glong length = g_utf8_strlen (text, -1);
  glong low = 0;
  glong high = length;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (max_width <= 0 || logical.width <= max_width)
    return g_strdup (text);

  while (low < high)
    {
      glong middle = (low + high + 1) / 2;
      g_autofree char *start = g_utf8_substring (text, 0, middle);
      g_autofree char *candidate = g_strconcat (start, "…", NULL);

      pango_layout_set_text (layout, candidate, -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      if (logical.width <= max_width)
        low = middle;
      else
        high = middle - 1;
    }

  {
    g_autofree char *start = g_utf8_substring (text, 0, low);

    return g_strconcat (start, "…", NULL);
  }
}

static void
svg_text (SpSequenceCanvas *canvas,
          SpSequenceFont    font,
          const char       *text,
          double            x,
          double            y,
          double            max_width,
          double            align,
          const GdkRGBA    *color)
{
  GString *out = ((SvgCanvas *) canvas)->out;
  PangoLayout *layout = canvas->fonts[font];
  g_autofree char *fitted = NULL;
  g_autofree char *escaped = NULL;
  PangoRectangle logical;

  pango_layout_set_width (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  fitted = fit_text (layout, text, max_width);
  pango_layout_set_text (layout, fitted, -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  escaped = g_markup_escape_text (fitted, -1);

  g_string_append_printf (out, "<text class=\"f%d\"", font);
  append_attribute (out, "x", round (x - align * logical.width));
  append_attribute (out, "y", round (y) + pango_layout_get_baseline (layout) / (double) PANGO_SCALE);
  append_paint (out, "fill", color);
  g_string_append_printf (out, ">%s</text>\n", escaped);
}

/* A picture has room enough: one line. */
static void
svg_paragraph (SpSequenceCanvas *canvas,
               SpSequenceFont    font,
               const char       *text,
               double            x,
               double            y,
               double            max_width,
               const GdkRGBA    *color)
{
  svg_text (canvas, font, text, x, y - canvas->text_height[font] / 2, 0, 0.5, color);
}

static void
svg_free (SpSequenceCanvas *canvas)
{
  g_free (canvas);
}

static const CanvasFuncs svg_funcs = {
  svg_fill, svg_line, svg_head, svg_cross, svg_dot, svg_text, svg_paragraph, svg_free,
};

SpSequenceCanvas *
_sp_sequence_canvas_new_for_svg (GString      *out,
                                 PangoContext *context)
{
  SvgCanvas *canvas = g_new0 (SvgCanvas, 1);

  canvas_init (&canvas->parent, &svg_funcs, context);
  canvas->out = out;

  return &canvas->parent;
}

/* A <style> element naming the fonts the text elements use, as the screen draws them. */
void
_sp_sequence_canvas_write_svg_styles (SpSequenceCanvas *canvas)
{
  GString *out = ((SvgCanvas *) canvas)->out;
  double resolution = pango_cairo_context_get_resolution (canvas->context);

  if (resolution <= 0)
    resolution = 96;

  g_string_append (out, "<style>\n");
  for (guint i = 0; i < SP_SEQUENCE_N_FONTS; i++)
    {
      const PangoFontDescription *description = pango_layout_get_font_description (canvas->fonts[i]);
      const char *family = pango_font_description_get_family (description);
      double size = pango_font_description_get_size (description) / (double) PANGO_SCALE;
      g_autofree char *escaped = NULL;
      g_autofree char *safe = NULL;

      if (!pango_font_description_get_size_is_absolute (description))
        size = size * resolution / 72.0;

      /* A family name cannot close the quoted CSS string or the element. */
      safe = g_strdelimit (g_strdup (family != NULL ? family : "sans-serif"), "'\"\\<>&{};", ' ');
      escaped = g_markup_escape_text (safe, -1);
      g_string_append_printf (out, ".f%u { font-family: '%s', %s; font-size: ", i, escaped,
                              i == SP_SEQUENCE_FONT_MONO ? "monospace" : "sans-serif");
      append_number (out, size);
      g_string_append_printf (out, "px;%s }\n", i == SP_SEQUENCE_FONT_BOLD ? " font-weight: bold;" : "");
    }
  g_string_append (out, "</style>\n");
}

/* Labels ------------------------------------------------------------------------------- */

/* `24 bytes “Thank you for con…”`: the count, and the start of the bytes as text. */
static char *
dup_data_label (SpEvent *event)
{
  gsize count = sp_event_get_byte_count (event);
  g_autofree char *bytes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zu byte", "%zu bytes", count),
                                            count);
  g_autofree char *preview = sp_event_dup_preview (event);
  g_autofree char *start = NULL;

  if (preview == NULL || preview[0] == '\0')
    return g_steal_pointer (&bytes);

  if (g_utf8_strlen (preview, -1) > PREVIEW_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (preview, 0, PREVIEW_CHARS);

      start = g_strconcat (cut, "…", NULL);
    }
  else
    start = g_steal_pointer (&preview);

  /* TRANSLATORS: in the sequence diagram, a byte count and the start of the bytes,
   * e.g. 24 bytes “Thank you for con…”; use your language's quotation marks. */
  return g_strdup_printf (C_("sequence diagram", "%s “%s”"), bytes, start);
}

char *
_sp_sequence_dup_row_label (SpSequenceLayout *layout,
                            guint             row)
{
  const SpSequenceRow *r = _sp_sequence_layout_get_row (layout, row);
  const char *call = sp_event_get_call (r->event);

  switch ((SpSequenceArrowKind) r->kind)
    {
    case SP_SEQUENCE_ARROW_DATA:
      return dup_data_label (r->event);

    case SP_SEQUENCE_ARROW_RECEIVE:
      /* The sender's arrow already shows the bytes. */
      if (_sp_sequence_layout_row_is_paired (layout, row) && call != NULL)
        return g_strdup (call);
      return dup_data_label (r->event);

    case SP_SEQUENCE_ARROW_CALL:
    case SP_SEQUENCE_ARROW_CONNECT:
    case SP_SEQUENCE_ARROW_ACCEPT:
    case SP_SEQUENCE_ARROW_END_OF_STREAM:
    case SP_SEQUENCE_ARROW_SHUTDOWN:
    case SP_SEQUENCE_ARROW_CLOSE:
    case SP_SEQUENCE_ARROW_ERROR:
    case SP_SEQUENCE_ARROW_RESET:
    default:
      return g_strdup (call != NULL ? call : sp_event_get_message (r->event));
    }
}

static gboolean
label_is_code (SpSequenceLayout *layout,
               guint             row)
{
  const SpSequenceRow *r = _sp_sequence_layout_get_row (layout, row);

  if (r->kind == SP_SEQUENCE_ARROW_DATA)
    return FALSE;
  if (r->kind == SP_SEQUENCE_ARROW_RECEIVE)
    return _sp_sequence_layout_row_is_paired (layout, row) && sp_event_get_call (r->event) != NULL;

  return sp_event_get_call (r->event) != NULL;
}

static char *
dup_lifeline_role (SpSequenceLayout *layout,
                   guint             index)
{
  const SpSequenceLifeline *lifeline = _sp_sequence_layout_get_lifeline (layout, index);

  switch (lifeline->role)
    {
    case SP_SEQUENCE_ROLE_LISTENER:
      return g_strdup (lifeline->datagram ? _("server socket") : _("listening socket"));
    case SP_SEQUENCE_ROLE_CONNECTION:
    case SP_SEQUENCE_ROLE_CLIENT:
      return g_strdup_printf (_("connection #%u"), lifeline->number);
    case SP_SEQUENCE_ROLE_OUTSIDE:
    default:
      return g_strdup (_("other programs"));
    }
}

static const char *
lifeline_group_title (SpSequenceLayout *layout,
                      guint             index)
{
  const SpSequenceLifeline *lifeline = _sp_sequence_layout_get_lifeline (layout, index);
  guint first;
  guint n;

  if (lifeline->role == SP_SEQUENCE_ROLE_OUTSIDE)
    return _("Outside the playground");

  return _sp_sequence_layout_get_group (layout, lifeline->source, &first, &n);
}

/* "Server 1, connection #1": the lifeline's log, and which socket; %NULL for -1. */
char *
_sp_sequence_dup_lifeline_name (SpSequenceLayout *layout,
                                int               index)
{
  g_autofree char *role = NULL;

  if (index < 0)
    return NULL;

  role = dup_lifeline_role (layout, index);
  if (index == SP_SEQUENCE_OUTSIDE)
    return g_strdup (lifeline_group_title (layout, index));

  /* TRANSLATORS: a socket in the sequence diagram: the pane's title, then which socket */
  return g_strdup_printf (C_("sequence diagram", "%s, %s"), lifeline_group_title (layout, index), role);
}

/* What a row shows, said in full: for tooltips and screen readers. */
char *
_sp_sequence_dup_row_description (SpSequenceLayout *layout,
                                  guint             row)
{
  const SpSequenceRow *r = _sp_sequence_layout_get_row (layout, row);
  g_autofree char *label = _sp_sequence_dup_row_label (layout, row);
  g_autofree char *from_name = NULL;
  g_autofree char *to_name = NULL;
  int from;
  int to;

  _sp_sequence_layout_get_row_ends (layout, row, &from, &to);
  from_name = _sp_sequence_dup_lifeline_name (layout, from);
  to_name = _sp_sequence_dup_lifeline_name (layout, to);

  if (to_name != NULL)
    /* TRANSLATORS: an arrow of the sequence diagram: from, to, what it shows, the log's sentence */
    return g_strdup_printf (C_("sequence diagram", "%s → %s: %s. %s"), from_name, to_name, label,
                            sp_event_get_message (r->event));

  /* TRANSLATORS: a mark on one socket of the sequence diagram: which, what, the log's sentence */
  return g_strdup_printf (C_("sequence diagram", "%s: %s. %s"), from_name, label,
                          sp_event_get_message (r->event));
}

/* Painting ----------------------------------------------------------------------------- */

double
_sp_sequence_row_y (guint row)
{
  return SP_SEQUENCE_HEADER_HEIGHT + SP_SEQUENCE_TOP_PADDING + (double) row * SP_SEQUENCE_ROW_HEIGHT;
}

static double
column_x (guint column)
{
  return SP_SEQUENCE_GUTTER_WIDTH + column * SP_SEQUENCE_COLUMN_WIDTH + SP_SEQUENCE_COLUMN_WIDTH / 2.0;
}

void
_sp_sequence_paint_get_size (SpSequencePaint *paint,
                             int             *width,
                             int             *height)
{
  *width = SP_SEQUENCE_GUTTER_WIDTH +
           _sp_sequence_layout_get_n_columns (paint->layout) * SP_SEQUENCE_COLUMN_WIDTH +
           SP_SEQUENCE_RIGHT_PADDING;
  *height = (int) _sp_sequence_row_y (_sp_sequence_layout_get_n_rows (paint->layout)) +
            SP_SEQUENCE_BOTTOM_PADDING;

  /* Room for the sentence that says what to do, when there is nothing yet. */
  if (_sp_sequence_layout_get_n_rows (paint->layout) == 0)
    {
      *width = MAX (*width, 640);
      *height = MAX (*height, 240);
    }
}

typedef struct
{
  SpSequencePaint  *paint;
  SpSequenceCanvas *canvas;
  double            x;       /* the diagram's point drawn at the canvas's origin */
  double            y;
  double            width;
  double            height;
  int               first_row;
  int               last_row;
} Frame;

static double
lifeline_x (Frame *frame,
            int    lifeline)
{
  int column = lifeline >= 0 ? _sp_sequence_layout_get_column (frame->paint->layout, lifeline) : -1;

  return column >= 0 ? column_x (column) - frame->x : NAN;
}

static double
arrow_y (Frame *frame,
         int    row)
{
  return _sp_sequence_row_y (row) + SP_SEQUENCE_ROW_HEIGHT - ARROW_OFFSET - frame->y;
}

static void
draw_lifeline_cb (guint    index,
                  gpointer data)
{
  Frame *frame = data;
  SpSequenceCanvas *canvas = frame->canvas;
  const SpSequenceLifeline *lifeline = _sp_sequence_layout_get_lifeline (frame->paint->layout, index);
  double x = lifeline_x (frame, index);
  double top = SP_SEQUENCE_HEADER_HEIGHT;
  double start = index == SP_SEQUENCE_OUTSIDE ? top : arrow_y (frame, lifeline->first_row);
  double end = lifeline->ended ? arrow_y (frame, lifeline->last_row) : frame->height;

  if (isnan (x))
    return;

  canvas->funcs->line (canvas, x, MAX (start, top), x, MIN (end, frame->height), 1.0,
                       &frame->paint->palette.faint, FALSE);
}

static void
draw_row (Frame *frame,
          guint  row)
{
  SpSequencePaint *paint = frame->paint;
  SpSequencePalette *palette = &paint->palette;
  SpSequenceCanvas *canvas = frame->canvas;
  const SpSequenceRow *r = _sp_sequence_layout_get_row (paint->layout, row);
  SpSequenceFont font = label_is_code (paint->layout, row) ? SP_SEQUENCE_FONT_MONO : SP_SEQUENCE_FONT_BODY;
  g_autofree char *label = _sp_sequence_dup_row_label (paint->layout, row);
  gboolean selected = (int) row == paint->selected_row;
  double line_width = selected ? SELECTED_LINE_WIDTH : ARROW_LINE_WIDTH;
  double y = arrow_y (frame, row);
  double label_height = canvas->text_height[font];
  const GdkRGBA *color;
  const GdkRGBA *text_color = &palette->foreground;
  gboolean dashed = FALSE;
  double own_x;
  double from_x;
  double to_x;
  int from;
  int to;

  switch ((SpSequenceArrowKind) r->kind)
    {
    case SP_SEQUENCE_ARROW_CONNECT:
    case SP_SEQUENCE_ARROW_ACCEPT:
      color = &palette->accent;
      break;
    case SP_SEQUENCE_ARROW_DATA:
      color = &palette->foreground;
      break;
    case SP_SEQUENCE_ARROW_SHUTDOWN:
      color = &palette->warning;
      break;
    case SP_SEQUENCE_ARROW_ERROR:
    case SP_SEQUENCE_ARROW_RESET:
      color = &palette->error;
      text_color = &palette->error;
      dashed = TRUE;
      break;
    case SP_SEQUENCE_ARROW_RECEIVE:
    case SP_SEQUENCE_ARROW_END_OF_STREAM:
    case SP_SEQUENCE_ARROW_CLOSE:
    case SP_SEQUENCE_ARROW_CALL:
    default:
      color = &palette->dim;
      text_color = &palette->dim;
      break;
    }
  if (selected)
    text_color = &palette->foreground;

  _sp_sequence_layout_get_row_ends (paint->layout, row, &from, &to);
  from_x = lifeline_x (frame, from);
  to_x = lifeline_x (frame, to);
  own_x = lifeline_x (frame, _sp_sequence_layout_get_row_lifeline (paint->layout, row));

  if (isnan (from_x) || isnan (to_x))
    {
      /* A mark on one lifeline, its label to the right. */
      double x = isnan (from_x) ? to_x : from_x;

      if (isnan (x))
        return;

      if (!r->ends_lifeline)
        canvas->funcs->dot (canvas, x, y, selected ? 4.5 : 3.5, color);
      canvas->funcs->text (canvas, font, label, x + 12, y - label_height / 2,
                           1.5 * SP_SEQUENCE_COLUMN_WIDTH, 0, text_color);
    }
  else
    {
      double direction = to_x > from_x ? 1 : -1;
      gboolean arrival = (r->kind == SP_SEQUENCE_ARROW_RECEIVE || r->kind == SP_SEQUENCE_ARROW_END_OF_STREAM) &&
                         _sp_sequence_layout_row_is_paired (paint->layout, row);

      if (arrival)
        {
          /* The sender's own row drew the bytes crossing: here they only come in. */
          double tail = to_x - direction * ARRIVAL_LENGTH;

          canvas->funcs->line (canvas, tail, y, to_x - direction * HEAD_LENGTH, y, line_width, color, FALSE);
          canvas->funcs->head (canvas, to_x, y, direction, color);
          canvas->funcs->text (canvas, font, label,
                               direction > 0 ? to_x + 10 : tail + 6,
                               y - label_height / 2, 1.5 * SP_SEQUENCE_COLUMN_WIDTH, 0, text_color);
        }
      else
        {
          double span = fabs (to_x - from_x);

          /* The arrow stops short of a lifeline it ends, whose cross is drawn there. */
          if (r->ends_lifeline && r->inward)
            to_x -= direction * 8;

          canvas->funcs->dot (canvas, from_x, y, 2.5, color);
          canvas->funcs->line (canvas, from_x, y, to_x - direction * (HEAD_LENGTH - 1), y, line_width,
                               color, dashed);
          canvas->funcs->head (canvas, to_x, y, direction, color);
          canvas->funcs->text (canvas, font, label, (from_x + to_x) / 2, y - label_height - 2,
                               MAX (span - 16, 1.6 * SP_SEQUENCE_COLUMN_WIDTH), 0.5, text_color);
        }
    }

  if (r->ends_lifeline && !isnan (own_x))
    canvas->funcs->cross (canvas, own_x, y, 11,
                          r->kind == SP_SEQUENCE_ARROW_ERROR || r->kind == SP_SEQUENCE_ARROW_RESET
                            ? &palette->error : &palette->foreground);
}

/* Times to the millisecond; a time the row above shows too is fainter, so that what
 * happened together reads as one block. */
static void
draw_time (Frame *frame,
           guint  row)
{
  SpEvent *event = _sp_sequence_layout_get_row (frame->paint->layout, row)->event;
  gint64 time = sp_event_get_time (event);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *hms = NULL;
  g_autofree char *text = NULL;
  SpSequenceCanvas *canvas = frame->canvas;
  GdkRGBA repeated = with_alpha (&frame->paint->palette.foreground, 0.35);
  const GdkRGBA *color = &frame->paint->palette.dim;

  if (utc == NULL)
    return;

  if (row > 0)
    {
      SpEvent *above = _sp_sequence_layout_get_row (frame->paint->layout, row - 1)->event;

      if (sp_event_get_time (above) / 1000 == time / 1000)
        color = &repeated;
    }

  local = g_date_time_to_timezone (utc, frame->paint->time_zone);
  hms = g_date_time_format (local, "%H:%M:%S");
  text = g_strdup_printf ("%s.%03d", hms, (int) ((time % G_USEC_PER_SEC) / 1000));
  canvas->funcs->text (canvas, SP_SEQUENCE_FONT_MONO, text, 8 - frame->x,
                       arrow_y (frame, row) - canvas->text_height[SP_SEQUENCE_FONT_MONO] / 2,
                       SP_SEQUENCE_GUTTER_WIDTH - 10, 0, color);
}

static void
draw_header (Frame *frame)
{
  SpSequencePaint *paint = frame->paint;
  SpSequencePalette *palette = &paint->palette;
  SpSequenceCanvas *canvas = frame->canvas;
  guint n_columns = _sp_sequence_layout_get_n_columns (paint->layout);
  guint n_groups = _sp_sequence_layout_get_n_groups (paint->layout);

  canvas->funcs->fill (canvas, &GRAPHENE_RECT_INIT (0, 0, frame->width, SP_SEQUENCE_HEADER_HEIGHT),
                       &palette->background);

  for (guint g = 0; g < n_groups; g++)
    {
      guint first;
      guint n;
      const char *title = _sp_sequence_layout_get_group (paint->layout, g, &first, &n);
      double left = SP_SEQUENCE_GUTTER_WIDTH + first * SP_SEQUENCE_COLUMN_WIDTH - frame->x;
      double right = left + n * SP_SEQUENCE_COLUMN_WIDTH;

      if (right < 0 || left > frame->width)
        continue;

      canvas->funcs->text (canvas, SP_SEQUENCE_FONT_BOLD,
                           title != NULL ? title : _("Outside the playground"),
                           (left + right) / 2, 6, right - left - 16, 0.5, &palette->foreground);
      canvas->funcs->line (canvas, left + 8, 28, right - 8, 28, 1, &palette->border, FALSE);
    }

  for (guint c = 0; c < n_columns; c++)
    {
      double x = column_x (c) - frame->x;
      int occupant;
      const SpSequenceLifeline *lifeline;
      g_autofree char *role = NULL;

      if (x < -SP_SEQUENCE_COLUMN_WIDTH || x > frame->width + SP_SEQUENCE_COLUMN_WIDTH)
        continue;

      occupant = _sp_sequence_layout_get_occupant (paint->layout, c, frame->first_row, frame->last_row);
      if (occupant < 0)
        continue;

      lifeline = _sp_sequence_layout_get_lifeline (paint->layout, occupant);
      role = dup_lifeline_role (paint->layout, occupant);
      canvas->funcs->text (canvas, SP_SEQUENCE_FONT_SMALL, role, x, 32,
                           SP_SEQUENCE_COLUMN_WIDTH - 12, 0.5, &palette->foreground);
      if (lifeline->address != NULL)
        canvas->funcs->text (canvas, SP_SEQUENCE_FONT_MONO, lifeline->address, x, 48,
                             SP_SEQUENCE_COLUMN_WIDTH - 12, 0.5, &palette->dim);
    }

  canvas->funcs->line (canvas, 0, SP_SEQUENCE_HEADER_HEIGHT - 0.5, frame->width,
                       SP_SEQUENCE_HEADER_HEIGHT - 0.5, 1, &palette->border, FALSE);
}

/**
 * _sp_sequence_paint:
 * @x: (in diagram coordinates) the point drawn at the canvas's origin
 * @width: how much of the diagram the canvas shows
 *
 * Draws what the rectangle shows of the diagram, the header at its top.
 */
void
_sp_sequence_paint (SpSequencePaint  *paint,
                    SpSequenceCanvas *canvas,
                    double            x,
                    double            y,
                    double            width,
                    double            height)
{
  SpSequencePalette *palette = &paint->palette;
  guint n_rows = _sp_sequence_layout_get_n_rows (paint->layout);
  guint n_columns = _sp_sequence_layout_get_n_columns (paint->layout);
  double rows_top = _sp_sequence_row_y (0);
  Frame frame = { paint, canvas, x, y, width, height, 0, -1 };

  canvas->funcs->fill (canvas, &GRAPHENE_RECT_INIT (0, 0, width, height), &palette->background);

  /* The rows under the header, found by arithmetic: rows all have the same height. */
  if (n_rows > 0)
    {
      double top = y + SP_SEQUENCE_HEADER_HEIGHT - rows_top;
      double bottom = y + height - rows_top;

      frame.first_row = CLAMP ((int) floor (top / SP_SEQUENCE_ROW_HEIGHT), 0, (int) n_rows - 1);
      frame.last_row = CLAMP ((int) floor (bottom / SP_SEQUENCE_ROW_HEIGHT), 0, (int) n_rows - 1);
    }

  if (paint->selected_row >= frame.first_row && paint->selected_row <= frame.last_row)
    {
      double top = _sp_sequence_row_y (paint->selected_row) - y;

      canvas->funcs->fill (canvas, &GRAPHENE_RECT_INIT (0, top, width, SP_SEQUENCE_ROW_HEIGHT),
                           &palette->selection);
      if (paint->focused)
        canvas->funcs->fill (canvas, &GRAPHENE_RECT_INIT (0, top, 3, SP_SEQUENCE_ROW_HEIGHT),
                             &palette->accent);
    }

  for (guint c = 0; c < n_columns; c++)
    {
      double cx = column_x (c) - x;

      if (cx < -SP_SEQUENCE_COLUMN_WIDTH || cx > width + SP_SEQUENCE_COLUMN_WIDTH)
        continue;
      _sp_sequence_layout_foreach_lifeline (paint->layout, c, frame.first_row, MAX (frame.last_row, 0),
                                            draw_lifeline_cb, &frame);
    }

  for (int row = frame.first_row; row <= frame.last_row; row++)
    {
      draw_row (&frame, row);
      if (x < SP_SEQUENCE_GUTTER_WIDTH)
        draw_time (&frame, row);
    }

  draw_header (&frame);

  if (n_rows == 0)
    canvas->funcs->paragraph (canvas, SP_SEQUENCE_FONT_BODY,
                              _("Start a server and connect a client to see the exchange drawn here"),
                              width / 2, SP_SEQUENCE_HEADER_HEIGHT + (height - SP_SEQUENCE_HEADER_HEIGHT) / 2,
                              CLAMP (width - 48, 40, 420), &palette->dim);
}
