/* sp-test-util.h — helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long any wait in a test may take before it fails instead of hanging. */
#define SP_TEST_DEADLINE_SECONDS 20

typedef gboolean (*SpTestCondition) (gpointer data);

void      sp_test_wait_until        (SpTestCondition  condition,
                                     gpointer         data,
                                     const char      *what);
void      sp_test_wait_for_result   (GAsyncResult   **result,
                                     const char      *what);
void      sp_test_store_result      (GObject         *object,
                                     GAsyncResult    *result,
                                     gpointer         user_data);
GSocket  *sp_test_bind_loopback     (gboolean         listen,
                                     guint16         *out_port);
gboolean  sp_test_have_ipv6         (void);

G_END_DECLS
