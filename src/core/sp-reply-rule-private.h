/* sp-reply-rule-private.h — a reply template's parts, for code that writes it out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-reply-rule.h"

G_BEGIN_DECLS

typedef enum
{
  SP_TEMPLATE_PART_BYTES,
  SP_TEMPLATE_PART_GROUP,
  SP_TEMPLATE_PART_PEER,
  SP_TEMPLATE_PART_MESSAGE,
} SpTemplatePartKind;

/* @group is set for SP_TEMPLATE_PART_GROUP, @bytes for SP_TEMPLATE_PART_BYTES. */
typedef void (*SpTemplatePartFunc) (SpTemplatePartKind  kind,
                                    guint               group,
                                    GBytes             *bytes,
                                    gpointer            user_data);

gboolean _sp_reply_template_foreach_part (const char          *reply_template,
                                          guint                n_groups,
                                          SpTemplatePartFunc   func,
                                          gpointer             user_data,
                                          GError             **error);

G_END_DECLS
