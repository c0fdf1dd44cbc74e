/* sp-protocols.h — the port catalogue: the tutorial's protocols and the ones a learner meets next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-protocol.h"

G_BEGIN_DECLS

GListModel *sp_protocols_get_default (void);
SpProtocol *sp_protocols_lookup      (const char *name_or_port);

G_END_DECLS
