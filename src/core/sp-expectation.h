/* sp-expectation.h — one thing a lab expects of a pane, checked against what happened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sp-event.h"

G_BEGIN_DECLS

/* What is expected of a pane. Each holds once what happened reaches it, and then stays
 * held: counts only grow, and what arrived stays arrived. */
typedef enum
{
  SP_EXPECTATION_RECEIVES,
  SP_EXPECTATION_SENDS,
  SP_EXPECTATION_CONNECTIONS,
  SP_EXPECTATION_BYTES_RECEIVED,
  SP_EXPECTATION_BYTES_SENT,
  SP_EXPECTATION_CLOSED,
} SpExpectationKind;

#define SP_TYPE_EXPECTATION (sp_expectation_get_type ())

G_DECLARE_FINAL_TYPE (SpExpectation, sp_expectation, SP, EXPECTATION, GObject)

SpExpectation     *sp_expectation_new_text          (SpExpectationKind   kind,
                                                     const char         *pane_name,
                                                     const char         *text,
                                                     GError            **error);
SpExpectation     *sp_expectation_new_count         (SpExpectationKind   kind,
                                                     const char         *pane_name,
                                                     guint64             count);
SpExpectation     *sp_expectation_new_closed        (const char         *pane_name);
SpExpectationKind  sp_expectation_get_kind          (SpExpectation      *self);
const char        *sp_expectation_get_pane_name     (SpExpectation      *self);
const char        *sp_expectation_get_text          (SpExpectation      *self);
guint64            sp_expectation_get_count         (SpExpectation      *self);
gboolean           sp_expectation_get_met           (SpExpectation      *self);
void               sp_expectation_reset             (SpExpectation      *self);
void               sp_expectation_observe_event     (SpExpectation      *self,
                                                     SpEvent            *event);
void               sp_expectation_observe_counters  (SpExpectation      *self,
                                                     guint64             n_connections,
                                                     guint64             bytes_received,
                                                     guint64             bytes_sent);
char              *sp_expectation_dup_sentence      (SpExpectation      *self);
char              *sp_expectation_dup_outcome       (SpExpectation      *self);
char              *sp_expectation_dup_value_text    (SpExpectation      *self);
gboolean           sp_expectation_is_text_kind      (SpExpectationKind   kind);
const char        *sp_expectation_kind_get_key      (SpExpectationKind   kind);
gboolean           sp_expectation_kind_from_key     (const char         *key,
                                                     SpExpectationKind  *kind);

G_END_DECLS
