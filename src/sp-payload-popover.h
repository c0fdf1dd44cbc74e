/* sp-payload-popover.h — one event's bytes as text, with escapes and as a hex dump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_PAYLOAD_POPOVER (sp_payload_popover_get_type ())

G_DECLARE_FINAL_TYPE (SpPayloadPopover, sp_payload_popover, SP, PAYLOAD_POPOVER, GtkPopover)

GtkWidget     *sp_payload_popover_new         (void);
SpEvent       *sp_payload_popover_get_event   (SpPayloadPopover *self);
void           sp_payload_popover_set_event   (SpPayloadPopover *self,
                                               SpEvent          *event);
SpPayloadView  sp_payload_popover_get_view    (SpPayloadPopover *self);
void           sp_payload_popover_set_view    (SpPayloadPopover *self,
                                               SpPayloadView     view);
char          *sp_payload_popover_dup_text    (SpPayloadPopover *self,
                                               SpPayloadView     view);
const char    *sp_payload_popover_get_summary (SpPayloadPopover *self);

G_END_DECLS
