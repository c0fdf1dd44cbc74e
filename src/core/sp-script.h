/* sp-script.h — a scripted exchange on one connection, and its one-step-a-line text form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-connection.h"
#include "sp-event-log.h"
#include "sp-script-step.h"

G_BEGIN_DECLS

#define SP_SCRIPT_ERROR (sp_script_error_quark ())

/* Running a script fails with the first five codes, or with G_IO_ERROR_CANCELLED;
 * reading one from text fails with the others. */
typedef enum
{
  SP_SCRIPT_ERROR_TIMEOUT,
  SP_SCRIPT_ERROR_PEER_CLOSED,
  SP_SCRIPT_ERROR_SEND_FAILED,
  SP_SCRIPT_ERROR_BAD_STEP,
  SP_SCRIPT_ERROR_CLOSED,
  SP_SCRIPT_ERROR_UNKNOWN_COMMAND,
  SP_SCRIPT_ERROR_MISSING_ARGUMENT,
  SP_SCRIPT_ERROR_UNEXPECTED_ARGUMENT,
  SP_SCRIPT_ERROR_BAD_PAYLOAD,
  SP_SCRIPT_ERROR_BAD_REGEX,
  SP_SCRIPT_ERROR_BAD_DURATION,
  SP_SCRIPT_ERROR_DURATION_RANGE,
  SP_SCRIPT_ERROR_INVALID_UTF8,
} SpScriptError;

typedef enum
{
  SP_SCRIPT_STATE_IDLE,
  SP_SCRIPT_STATE_RUNNING,
  SP_SCRIPT_STATE_PASSED,
  SP_SCRIPT_STATE_FAILED,
} SpScriptState;

#define SP_TYPE_SCRIPT (sp_script_get_type ())

G_DECLARE_FINAL_TYPE (SpScript, sp_script, SP, SCRIPT, GObject)

GQuark         sp_script_error_quark       (void);

SpScript      *sp_script_new               (void);
SpScript      *sp_script_parse             (const char           *text,
                                            GError              **error);
SpScript      *sp_script_parse_full        (const char           *text,
                                            guint                *error_line,
                                            gsize                *error_column,
                                            GError              **error);
char          *sp_script_to_text           (SpScript             *self);
GListModel    *sp_script_get_steps         (SpScript             *self);
guint          sp_script_get_n_steps       (SpScript             *self);
SpScriptStep  *sp_script_get_step          (SpScript             *self,
                                            guint                 position);
void           sp_script_append            (SpScript             *self,
                                            SpScriptStep         *step);
void           sp_script_insert            (SpScript             *self,
                                            guint                 position,
                                            SpScriptStep         *step);
void           sp_script_remove            (SpScript             *self,
                                            guint                 position);
void           sp_script_remove_all        (SpScript             *self);
SpScriptState  sp_script_get_state         (SpScript             *self);
int            sp_script_get_current_step  (SpScript             *self);
const char    *sp_script_get_error_message (SpScript             *self);
void           sp_script_run_async         (SpScript             *self,
                                            SpConnection         *connection,
                                            SpEventLog           *log,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean       sp_script_run_finish        (SpScript             *self,
                                            GAsyncResult         *result,
                                            GError              **error);
const char    *sp_script_state_to_string   (SpScriptState         state);

G_END_DECLS
