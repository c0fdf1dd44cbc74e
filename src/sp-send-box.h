/* sp-send-box.h — what to send, typed as text with escapes or as hex, checked as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SP_TYPE_SEND_BOX (sp_send_box_get_type ())

G_DECLARE_FINAL_TYPE (SpSendBox, sp_send_box, SP, SEND_BOX, GtkWidget)

GtkWidget  *sp_send_box_new            (void);
const char *sp_send_box_get_text       (SpSendBox  *self);
void        sp_send_box_set_text       (SpSendBox  *self,
                                        const char *text);
gboolean    sp_send_box_get_hex        (SpSendBox  *self);
void        sp_send_box_set_hex        (SpSendBox  *self,
                                        gboolean    hex);
gboolean    sp_send_box_get_valid      (SpSendBox  *self);
GBytes     *sp_send_box_dup_bytes      (SpSendBox  *self);
const char *sp_send_box_get_error_text (SpSendBox  *self);
gsize       sp_send_box_get_error_column (SpSendBox *self);

G_END_DECLS
