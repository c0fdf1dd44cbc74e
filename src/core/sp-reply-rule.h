/* sp-reply-rule.h — when a message matches, answer with a template
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rule has a kind, a pattern and a reply template.
 *
 * The pattern. For %SP_MATCH_EQUALS, %SP_MATCH_CONTAINS, %SP_MATCH_STARTS_WITH and
 * %SP_MATCH_ENDS_WITH it is text with the payload escapes (`\r`, `\n`, `\t`, `\0`, `\\`,
 * `\xHH`…), compared byte for byte. For %SP_MATCH_REGEX it is a regular expression (PCRE,
 * as GRegex reads it), searched anywhere in the message unless anchored with `^` and `$`.
 *
 * The captured groups. A regular expression's groups are `\1` to `\9`. The other kinds
 * capture what their wildcard stands for: for “starts with” `\1` is the rest of the message
 * after the text, for “ends with” `\1` is what comes before it, and for “contains” `\1` is
 * what comes before the first occurrence and `\2` what follows it.
 *
 * The reply template is text with the payload escapes, plus `\1` to `\9` for a captured
 * group (empty when the group took no part in the match), `{peer}` for the peer's address
 * and `{message}` for the whole message. `\0` stays the NUL byte. Substitutions are copied
 * as exact bytes, so binary messages come back unchanged; to send a literal `{peer}` write
 * `\x7bpeer}`.
 *
 * Binary messages. A message that is valid UTF-8 (NUL bytes allowed) is matched by
 * characters, as GRegex does; any other message is matched byte by byte (G_REGEX_RAW),
 * where `.` is one byte. A regular expression that cannot be read byte by byte (`\x{100}`)
 * simply never matches such a message.
 *
 * The command-line form, `MATCH=REPLY`, as sp_reply_rule_parse() reads it:
 *
 * | MATCH      | kind                                      |
 * |------------|-------------------------------------------|
 * | `TEXT`     | the message equals TEXT                   |
 * | `*TEXT*`   | the message contains TEXT                 |
 * | `TEXT*`    | the message starts with TEXT              |
 * | `*TEXT`    | the message ends with TEXT                |
 * | `/REGEX/`  | the regular expression matches            |
 *
 * MATCH ends at the first `=` not written `\=`; everything after it, other `=` included, is
 * the REPLY template. Inside MATCH, `\=` stands for `=`, and in TEXT `\*` and `\/` stand
 * for `*` and `/` (only a first or last `*` is a wildcard, and a MATCH starting with `/` is
 * a regular expression that must end with `/`). Spaces count. Examples:
 *
 *     QUIT=221 Bye\r\n
 *     HELO *=250 Hello \1\r\n
 *     /^GET (\S+)/=You asked for \1\n
 *     *password*=Never send that in clear text!\n
 *     a\=b=equal\n            (the message is exactly "a=b")
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SP_MATCH_EQUALS,
  SP_MATCH_CONTAINS,
  SP_MATCH_STARTS_WITH,
  SP_MATCH_ENDS_WITH,
  SP_MATCH_REGEX,
} SpMatchKind;

#define SP_REPLY_RULE_ERROR (sp_reply_rule_error_quark ())

typedef enum
{
  SP_REPLY_RULE_ERROR_BAD_REGEX,
  SP_REPLY_RULE_ERROR_BAD_TEMPLATE,
  SP_REPLY_RULE_ERROR_EMPTY_PATTERN,
  SP_REPLY_RULE_ERROR_BAD_PATTERN,
  SP_REPLY_RULE_ERROR_BAD_SPEC,
} SpReplyRuleError;

#define SP_TYPE_REPLY_RULE (sp_reply_rule_get_type ())

G_DECLARE_FINAL_TYPE (SpReplyRule, sp_reply_rule, SP, REPLY_RULE, GObject)

GQuark       sp_reply_rule_error_quark         (void);

SpReplyRule *sp_reply_rule_new                 (SpMatchKind   kind,
                                                const char   *pattern,
                                                const char   *reply_template,
                                                GError      **error);
SpReplyRule *sp_reply_rule_parse               (const char   *spec,
                                                GError      **error);
SpMatchKind  sp_reply_rule_get_kind            (SpReplyRule  *self);
const char  *sp_reply_rule_get_pattern         (SpReplyRule  *self);
const char  *sp_reply_rule_get_reply_template  (SpReplyRule  *self);
guint        sp_reply_rule_get_n_groups        (SpReplyRule  *self);
char        *sp_reply_rule_dup_description     (SpReplyRule  *self);
char        *sp_reply_rule_to_spec             (SpReplyRule  *self);
GBytes      *sp_reply_rule_apply               (SpReplyRule  *self,
                                                GBytes       *message,
                                                const char   *peer_address);

gboolean     sp_reply_template_check           (const char   *reply_template,
                                                guint         n_groups,
                                                gsize        *error_column,
                                                GError      **error);
GBytes      *sp_reply_template_expand          (const char   *reply_template,
                                                GBytes       *message,
                                                const char   *peer_address,
                                                GError      **error);

const char  *sp_match_kind_to_string           (SpMatchKind   kind);

G_END_DECLS
