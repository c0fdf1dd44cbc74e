/* sp-core.h — the engine in one include
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-address-notes.h"
#include "sp-client.h"
#include "sp-demo-server.h"
#include "sp-connection.h"
#include "sp-core-enums.h"
#include "sp-endpoint.h"
#include "sp-event.h"
#include "sp-event-log.h"
#include "sp-event-recorder.h"
#include "sp-framer.h"
#include "sp-payload.h"
#include "sp-protocol.h"
#include "sp-protocols.h"
#include "sp-reply-rule.h"
#include "sp-script.h"
#include "sp-script-step.h"
#include "sp-server.h"
#include "sp-snippet.h"
#include "sp-socket-error.h"
#include "sp-socket-state.h"
#include "sp-tcp-info.h"
