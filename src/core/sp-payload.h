/* sp-payload.h — text with escapes and hex to bytes, and bytes back to text, escapes and hex
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SP_PAYLOAD_ERROR (sp_payload_error_quark ())

typedef enum
{
  SP_PAYLOAD_ERROR_BAD_ESCAPE,
  SP_PAYLOAD_ERROR_INCOMPLETE_ESCAPE,
  SP_PAYLOAD_ERROR_BAD_HEX_DIGIT,
  SP_PAYLOAD_ERROR_ODD_HEX_DIGITS,
  SP_PAYLOAD_ERROR_MISSING_HEX_DIGITS,
  SP_PAYLOAD_ERROR_INVALID_UTF8,
} SpPayloadError;

/* How sp_payload_to_literal() writes bytes as a string literal in source code. */
typedef enum
{
  SP_LITERAL_PYTHON_BYTES,
  SP_LITERAL_PYTHON_STR,
  SP_LITERAL_C,
} SpLiteralStyle;

GQuark  sp_payload_error_quark  (void);

GBytes *sp_payload_parse_text   (const char    *text,
                                 gssize         length,
                                 gsize         *error_column,
                                 GError       **error);
GBytes *sp_payload_parse_hex    (const char    *text,
                                 gssize         length,
                                 gsize         *error_column,
                                 GError       **error);

char   *sp_payload_to_escaped   (const guint8  *data,
                                 gsize          size);
char   *sp_payload_to_text      (const guint8  *data,
                                 gsize          size);
char   *sp_payload_to_hex       (const guint8  *data,
                                 gsize          size);
char   *sp_payload_to_hex_dump  (const guint8  *data,
                                 gsize          size);
char   *sp_payload_to_literal   (const guint8  *data,
                                 gsize          size,
                                 SpLiteralStyle style);

G_END_DECLS
