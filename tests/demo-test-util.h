/* demo-test-util.h — start a demo server on a free loopback port, run a real client */
#pragma once

#include "sp-demo-server.h"

G_BEGIN_DECLS

SpDemoServer *demo_test_start        (const char  *protocol,
                                      guint16     *out_port);
char         *demo_test_run          (const char  *stdin_text,
                                      int         *out_status,
                                      const char  *first_arg,
                                      ...) G_GNUC_NULL_TERMINATED;
gboolean      demo_test_have_program (const char  *program);
char         *demo_test_run_peer     (const char  *script,
                                      const char  *check,
                                      guint16      port);
char         *demo_test_log_text     (SpDemoServer *server);

G_END_DECLS
