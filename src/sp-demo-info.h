/* sp-demo-info.h — what a demo server pane tells: the protocol, the login, Python to try */
#pragma once

#include <adwaita.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_DEMO_INFO (sp_demo_info_get_type ())

G_DECLARE_FINAL_TYPE (SpDemoInfo, sp_demo_info, SP, DEMO_INFO, GtkWidget)

GtkWidget    *sp_demo_info_new         (SpDemoServer *demo);
SpDemoServer *sp_demo_info_get_demo    (SpDemoInfo   *self);
const char   *sp_demo_info_get_snippet (SpDemoInfo   *self);

G_END_DECLS
