/* sp-script-step.h — one step of a scripted exchange: send, expect, wait, half-close, close
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SP_SCRIPT_STEP_SEND,
  SP_SCRIPT_STEP_EXPECT_TEXT,
  SP_SCRIPT_STEP_EXPECT_REGEX,
  SP_SCRIPT_STEP_EXPECT_CLOSE,
  SP_SCRIPT_STEP_WAIT,
  SP_SCRIPT_STEP_HALF_CLOSE,
  SP_SCRIPT_STEP_CLOSE,
} SpScriptStepKind;

/* How the step went in the last run of its script. */
typedef enum
{
  SP_SCRIPT_STEP_STATUS_PENDING,
  SP_SCRIPT_STEP_STATUS_RUNNING,
  SP_SCRIPT_STEP_STATUS_PASSED,
  SP_SCRIPT_STEP_STATUS_FAILED,
} SpScriptStepStatus;

/* Milliseconds an expectation waits unless told otherwise. */
#define SP_SCRIPT_STEP_DEFAULT_TIMEOUT 5000

/* The longest timeout or wait, in milliseconds: one hour. */
#define SP_SCRIPT_STEP_MAX_DURATION (60 * 60 * 1000)

#define SP_TYPE_SCRIPT_STEP (sp_script_step_get_type ())

G_DECLARE_FINAL_TYPE (SpScriptStep, sp_script_step, SP, SCRIPT_STEP, GObject)

SpScriptStep       *sp_script_step_new              (SpScriptStepKind   kind,
                                                     const char        *text);
SpScriptStep       *sp_script_step_copy             (SpScriptStep      *self);
SpScriptStepKind    sp_script_step_get_kind         (SpScriptStep      *self);
void                sp_script_step_set_kind         (SpScriptStep      *self,
                                                     SpScriptStepKind   kind);
const char         *sp_script_step_get_text         (SpScriptStep      *self);
void                sp_script_step_set_text         (SpScriptStep      *self,
                                                     const char        *text);
guint               sp_script_step_get_timeout      (SpScriptStep      *self);
void                sp_script_step_set_timeout      (SpScriptStep      *self,
                                                     guint              timeout_ms);
guint               sp_script_step_get_duration     (SpScriptStep      *self);
void                sp_script_step_set_duration     (SpScriptStep      *self,
                                                     guint              duration_ms);
char               *sp_script_step_dup_description  (SpScriptStep      *self);
char               *sp_script_step_dup_line         (SpScriptStep      *self);
SpScriptStepStatus  sp_script_step_get_status       (SpScriptStep      *self);
const char         *sp_script_step_get_message      (SpScriptStep      *self);
gboolean            sp_script_step_is_expectation   (SpScriptStep      *self);
gboolean            sp_script_step_check            (SpScriptStep      *self,
                                                     gsize             *error_column,
                                                     GError           **error);
gboolean            sp_script_step_equal            (SpScriptStep      *a,
                                                     SpScriptStep      *b);
const char         *sp_script_step_kind_get_keyword (SpScriptStepKind   kind);

G_END_DECLS
