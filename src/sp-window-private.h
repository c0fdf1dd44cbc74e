/* sp-window-private.h — hooks for the window's tests */
#pragma once

#include "sp-window.h"

G_BEGIN_DECLS

void _sp_window_set_demo_endpoint (SpWindow   *self,
                                   const char *endpoint_text);

G_END_DECLS
