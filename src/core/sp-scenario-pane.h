/* sp-scenario-pane.h — one pane of a playground file: a server's or a client's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-client.h"
#include "sp-demo-server.h"
#include "sp-endpoint.h"
#include "sp-framer.h"
#include "sp-server.h"

G_BEGIN_DECLS

typedef enum
{
  SP_SCENARIO_PANE_SERVER,
  SP_SCENARIO_PANE_CLIENT,
} SpScenarioPaneKind;

/* How many times a client sends its data when the file does not say, and how long it
 * waits between two sends, in milliseconds. */
#define SP_SCENARIO_PANE_DEFAULT_REPEAT          1
#define SP_SCENARIO_PANE_DEFAULT_REPEAT_INTERVAL 500
#define SP_SCENARIO_PANE_MAX_REPEAT              10000
#define SP_SCENARIO_PANE_MAX_REPEAT_INTERVAL     60000

#define SP_TYPE_SCENARIO_PANE (sp_scenario_pane_get_type ())

G_DECLARE_FINAL_TYPE (SpScenarioPane, sp_scenario_pane, SP, SCENARIO_PANE, GObject)

SpScenarioPane     *sp_scenario_pane_new                   (SpScenarioPaneKind  kind,
                                                            const char         *name);
SpScenarioPaneKind  sp_scenario_pane_get_kind              (SpScenarioPane     *self);
const char         *sp_scenario_pane_get_name              (SpScenarioPane     *self);
void                sp_scenario_pane_set_name              (SpScenarioPane     *self,
                                                            const char         *name);
const char         *sp_scenario_pane_get_endpoint          (SpScenarioPane     *self);
void                sp_scenario_pane_set_endpoint          (SpScenarioPane     *self,
                                                            const char         *endpoint);
const char         *sp_scenario_pane_get_endpoint_reference (SpScenarioPane    *self);
const char         *sp_scenario_pane_get_protocol          (SpScenarioPane     *self);
void                sp_scenario_pane_set_protocol          (SpScenarioPane     *self,
                                                            const char         *protocol);
SpBehaviour         sp_scenario_pane_get_behaviour         (SpScenarioPane     *self);
void                sp_scenario_pane_set_behaviour         (SpScenarioPane     *self,
                                                            SpBehaviour         behaviour);
const char         *sp_scenario_pane_get_reply_text        (SpScenarioPane     *self);
void                sp_scenario_pane_set_reply_text        (SpScenarioPane     *self,
                                                            const char         *reply_text);
gboolean            sp_scenario_pane_get_close_after_reply (SpScenarioPane     *self);
void                sp_scenario_pane_set_close_after_reply (SpScenarioPane     *self,
                                                            gboolean            close_after_reply);
GListModel         *sp_scenario_pane_get_rules             (SpScenarioPane     *self);
void                sp_scenario_pane_set_rules             (SpScenarioPane     *self,
                                                            GListModel         *rules);
const char         *sp_scenario_pane_get_fallback_reply    (SpScenarioPane     *self);
void                sp_scenario_pane_set_fallback_reply    (SpScenarioPane     *self,
                                                            const char         *fallback_reply);
SpFraming           sp_scenario_pane_get_framing           (SpScenarioPane     *self);
void                sp_scenario_pane_set_framing           (SpScenarioPane     *self,
                                                            SpFraming           framing);
guint               sp_scenario_pane_get_frame_length      (SpScenarioPane     *self);
void                sp_scenario_pane_set_frame_length      (SpScenarioPane     *self,
                                                            guint               frame_length);
guint               sp_scenario_pane_get_backlog           (SpScenarioPane     *self);
void                sp_scenario_pane_set_backlog           (SpScenarioPane     *self,
                                                            guint               backlog);
const char         *sp_scenario_pane_get_send_text         (SpScenarioPane     *self);
void                sp_scenario_pane_set_send_text         (SpScenarioPane     *self,
                                                            const char         *send_text);
gboolean            sp_scenario_pane_get_send_hex          (SpScenarioPane     *self);
void                sp_scenario_pane_set_send_hex          (SpScenarioPane     *self,
                                                            gboolean            send_hex);
guint               sp_scenario_pane_get_timeout           (SpScenarioPane     *self);
void                sp_scenario_pane_set_timeout           (SpScenarioPane     *self,
                                                            guint               timeout_seconds);
guint               sp_scenario_pane_get_repeat            (SpScenarioPane     *self);
void                sp_scenario_pane_set_repeat            (SpScenarioPane     *self,
                                                            guint               repeat);
guint               sp_scenario_pane_get_repeat_interval   (SpScenarioPane     *self);
void                sp_scenario_pane_set_repeat_interval   (SpScenarioPane     *self,
                                                            guint               interval_ms);
const char         *sp_scenario_pane_get_script_text       (SpScenarioPane     *self);
void                sp_scenario_pane_set_script_text       (SpScenarioPane     *self,
                                                            const char         *script_text);
GBytes             *sp_scenario_pane_dup_send_bytes        (SpScenarioPane     *self,
                                                            GError            **error);
void                sp_scenario_pane_read_server           (SpScenarioPane     *self,
                                                            SpServer           *server);
SpServer           *sp_scenario_pane_create_server         (SpScenarioPane     *self,
                                                            SpEndpoint         *endpoint);
SpDemoServer       *sp_scenario_pane_create_demo_server    (SpScenarioPane     *self,
                                                            SpEndpoint         *endpoint,
                                                            SpMailbox          *mailbox,
                                                            GError            **error);
SpClient           *sp_scenario_pane_create_client         (SpScenarioPane     *self,
                                                            SpEndpoint         *endpoint);
gboolean            sp_scenario_pane_equal                 (SpScenarioPane     *a,
                                                            SpScenarioPane     *b);
const char         *sp_scenario_pane_kind_get_key          (SpScenarioPaneKind  kind);

G_END_DECLS
