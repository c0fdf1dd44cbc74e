/* sp-framer.h — cut a byte stream into messages: by line, by fixed length, or per read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How a stream is cut into messages. TCP carries bytes, not messages: one recv() may hold
 * two lines, or half of one; a framer puts the boundaries back. */
typedef enum
{
  SP_FRAMING_LINE,
  SP_FRAMING_FIXED,
  SP_FRAMING_READ,
} SpFraming;

/* The longest message a framer keeps waiting for: a longer line, or a longer fixed
 * length, would let a peer make us buffer without end. */
#define SP_FRAMER_MAX_MESSAGE (64 * 1024)

/* The fixed length a framer uses when none is given. */
#define SP_FRAMER_DEFAULT_LENGTH 16

#define SP_TYPE_FRAMER (sp_framer_get_type ())

G_DECLARE_FINAL_TYPE (SpFramer, sp_framer, SP, FRAMER, GObject)

SpFramer   *sp_framer_new           (SpFraming  framing,
                                     gsize      length);
SpFraming   sp_framer_get_framing   (SpFramer  *self);
gsize       sp_framer_get_length    (SpFramer  *self);
gsize       sp_framer_get_buffered  (SpFramer  *self);
GPtrArray  *sp_framer_push          (SpFramer  *self,
                                     GBytes    *bytes);
gboolean    sp_framer_is_cut        (SpFramer  *self,
                                     GBytes    *message);
GBytes     *sp_framer_flush         (SpFramer  *self);
const char *sp_framing_to_string    (SpFraming  framing);

G_END_DECLS
