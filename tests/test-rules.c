/* test-rules.c — framers, reply rules, and a rules server over real loopback sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sp-core.h"
#include "sp-test-util.h"

/* Helpers ------------------------------------------------------------------------------ */

static GBytes *
bytes_from (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
assert_bytes (GBytes     *bytes,
              const char *data,
              gsize       size)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, size);
}

static void
assert_text (GBytes     *bytes,
             const char *text)
{
  assert_bytes (bytes, text, strlen (text));
}

static GPtrArray *
push_text (SpFramer   *framer,
           const char *text)
{
  g_autoptr(GBytes) bytes = bytes_from (text);

  return sp_framer_push (framer, bytes);
}

/* Framer ------------------------------------------------------------------------------- */

static void
test_framer_new (void)
{
  SpFramer *framer = sp_framer_new (SP_FRAMING_FIXED, 8);
  SpFraming framing;
  guint64 length;
  guint64 buffered;

  g_object_get (framer, "framing", &framing, "length", &length, "buffered", &buffered, NULL);
  g_assert_cmpint (framing, ==, SP_FRAMING_FIXED);
  g_assert_cmpuint (length, ==, 8);
  g_assert_cmpuint (buffered, ==, 0);
  g_assert_cmpstr (sp_framing_to_string (SP_FRAMING_READ), ==, "Whatever one read returned");

  g_assert_finalize_object (framer);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_framer_line_split (void)
{
  g_autoptr(SpFramer) framer = sp_framer_new (SP_FRAMING_LINE, 0);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  guint notified = 0;

  g_signal_connect (framer, "notify::buffered", G_CALLBACK (count_notify), &notified);

  /* A line split across reads is one message, once its end has come. */
  first = push_text (framer, "HEL");
  g_assert_cmpuint (first->len, ==, 0);
  g_assert_cmpuint (sp_framer_get_buffered (framer), ==, 3);

  second = push_text (framer, "O\nQU");
  g_assert_cmpuint (second->len, ==, 1);
  assert_text (second->pdata[0], "HELO");
  g_assert_cmpuint (sp_framer_get_buffered (framer), ==, 2);

  third = push_text (framer, "IT\nNOOP\n\n");
  g_assert_cmpuint (third->len, ==, 3);
  assert_text (third->pdata[0], "QUIT");
  assert_text (third->pdata[1], "NOOP");
  assert_text (third->pdata[2], "");
  g_assert_cmpuint (sp_framer_get_buffered (framer), ==, 0);
  g_assert_null (sp_framer_flush (framer));

  g_assert_cmpuint (notified, ==, 3);
}

static void
test_framer_line_crlf (void)
{
  g_autoptr(SpFramer) framer = sp_framer_new (SP_FRAMING_LINE, 0);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) late = NULL;

  /* "\r\n" and "\n" both end a line; a "\r" elsewhere is kept. */
  lines = push_text (framer, "HELO x\r\nplain\na\rb\n\r\n");
  g_assert_cmpuint (lines->len, ==, 4);
  assert_text (lines->pdata[0], "HELO x");
  assert_text (lines->pdata[1], "plain");
  assert_text (lines->pdata[2], "a\rb");
  assert_text (lines->pdata[3], "");

  /* The "\r" and the "\n" in different reads. */
  none = push_text (framer, "abc\r");
  g_assert_cmpuint (none->len, ==, 0);
  late = push_text (framer, "\n");
  g_assert_cmpuint (late->len, ==, 1);
  assert_text (late->pdata[0], "abc");
}

static void
test_framer_fixed (void)
{
  g_autoptr(SpFramer) framer = sp_framer_new (SP_FRAMING_FIXED, 4);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(GBytes) rest = NULL;

  first = push_text (framer, "abcdefghij");
  g_assert_cmpuint (first->len, ==, 2);
  assert_text (first->pdata[0], "abcd");
  assert_text (first->pdata[1], "efgh");
  g_assert_cmpuint (sp_framer_get_buffered (framer), ==, 2);

  /* Newlines mean nothing here. */
  second = push_text (framer, "k\n");
  g_assert_cmpuint (second->len, ==, 1);
  assert_text (second->pdata[0], "ijk\n");

  third = push_text (framer, "xyz");
  g_assert_cmpuint (third->len, ==, 0);
  rest = sp_framer_flush (framer);
  assert_text (rest, "xyz");
  g_assert_cmpuint (sp_framer_get_buffered (framer), ==, 0);
}

static void
test_framer_read (void)
{
  g_autoptr(SpFramer) framer = sp_framer_new (SP_FRAMING_READ, 0);
  g_autoptr(GBytes) read = bytes_from ("HELO x\r\nQU");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GPtrArray) none = NULL;

  /* Whatever one read returned, two lines and a half included, is one message. */
  one = sp_framer_push (framer, read);
  g_assert_cmpuint (one->len, ==, 1);
  assert_text (one->pdata[0], "HELO x\r\nQU");
  g_assert_cmpuint (sp_framer_get_buffered (framer), ==, 0);

  none = sp_framer_push (framer, empty);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_null (sp_framer_flush (framer));
}

static void
test_framer_flush (void)
{
  g_autoptr(SpFramer) framer = sp_framer_new (SP_FRAMING_LINE, 0);
  g_autoptr(GPtrArray) none = push_text (framer, "last words");
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GBytes) rest = NULL;

  g_assert_cmpuint (none->len, ==, 0);
  rest = sp_framer_flush (framer);
  assert_text (rest, "last words");
  g_assert_null (sp_framer_flush (framer));

  /* It starts over empty. */
  after = push_text (framer, "next\n");
  g_assert_cmpuint (after->len, ==, 1);
  assert_text (after->pdata[0], "next");
}

static void
test_framer_bound (void)
{
  g_autoptr(SpFramer) framer = sp_framer_new (SP_FRAMING_LINE, 0);
  g_autofree char *long_line = g_strnfill (SP_FRAMER_MAX_MESSAGE + 10, 'x');
  g_autofree char *full_line = g_strnfill (SP_FRAMER_MAX_MESSAGE, 'y');
  g_autofree char *chunk = g_strnfill (1000, 'z');
  g_autoptr(GPtrArray) cut = NULL;
  g_autoptr(GPtrArray) end = NULL;
  gsize most = 0;
  guint n_messages = 0;

  /* A line longer than the bound: its first bytes come out on their own, flagged. */
  cut = push_text (framer, long_line);
  g_assert_cmpuint (cut->len, ==, 1);
  g_assert_cmpuint (g_bytes_get_size (cut->pdata[0]), ==, SP_FRAMER_MAX_MESSAGE);
  g_assert_true (sp_framer_is_cut (framer, cut->pdata[0]));
  g_assert_cmpuint (sp_framer_get_buffered (framer), ==, 10);

  end = push_text (framer, "\n");
  g_assert_cmpuint (end->len, ==, 1);
  g_assert_cmpuint (g_bytes_get_size (end->pdata[0]), ==, 10);
  g_assert_false (sp_framer_is_cut (framer, end->pdata[0]));
  g_clear_pointer (&cut, g_ptr_array_unref);
  g_clear_pointer (&end, g_ptr_array_unref);

  /* A line of exactly the bound, its "\r" and "\n" in different reads, is not cut. */
  {
    g_autofree char *with_cr = g_strconcat (full_line, "\r", NULL);

    cut = push_text (framer, with_cr);
    g_assert_cmpuint (cut->len, ==, 0);
    end = push_text (framer, "\n");
    g_assert_cmpuint (end->len, ==, 1);
    g_assert_cmpuint (g_bytes_get_size (end->pdata[0]), ==, SP_FRAMER_MAX_MESSAGE);
    g_assert_false (sp_framer_is_cut (framer, end->pdata[0]));
  }

  /* A peer that never sends a newline never makes the buffer grow past the bound. */
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GPtrArray) messages = push_text (framer, chunk);

      for (guint j = 0; j < messages->len; j++)
        g_assert_true (sp_framer_is_cut (framer, messages->pdata[j]));
      n_messages += messages->len;
      most = MAX (most, sp_framer_get_buffered (framer));
    }
  g_assert_cmpuint (most, <=, SP_FRAMER_MAX_MESSAGE);
  g_assert_cmpuint (n_messages, ==, 300 * 1000 / SP_FRAMER_MAX_MESSAGE);
}

/* Rules -------------------------------------------------------------------------------- */

static SpReplyRule *
make_rule (SpMatchKind  kind,
           const char  *pattern,
           const char  *reply_template)
{
  g_autoptr(GError) error = NULL;
  SpReplyRule *rule = sp_reply_rule_new (kind, pattern, reply_template, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rule);
  return rule;
}

static GBytes *
apply_text (SpReplyRule *rule,
            const char  *message,
            const char  *peer)
{
  g_autoptr(GBytes) bytes = bytes_from (message);

  return sp_reply_rule_apply (rule, bytes, peer);
}

static void
assert_reply (SpReplyRule *rule,
              const char  *message,
              const char  *expected)
{
  g_autoptr(GBytes) reply = apply_text (rule, message, "127.0.0.1:4242");

  if (expected == NULL)
    g_assert_null (reply);
  else
    assert_text (reply, expected);
}

static void
test_rule_new (void)
{
  SpReplyRule *rule = make_rule (SP_MATCH_STARTS_WITH, "HELO ", "250 Hello \\1\\r\\n");
  SpMatchKind kind;
  g_autofree char *pattern = NULL;
  g_autofree char *reply_template = NULL;
  g_autofree char *description = NULL;
  guint n_groups;

  g_object_get (rule,
                "kind", &kind,
                "pattern", &pattern,
                "reply-template", &reply_template,
                "description", &description,
                "n-groups", &n_groups,
                NULL);
  g_assert_cmpint (kind, ==, SP_MATCH_STARTS_WITH);
  g_assert_cmpstr (pattern, ==, "HELO ");
  g_assert_cmpstr (reply_template, ==, "250 Hello \\1\\r\\n");
  g_assert_cmpstr (description, ==, "starts with “HELO ”");
  g_assert_cmpuint (n_groups, ==, 1);
  g_assert_cmpstr (sp_match_kind_to_string (SP_MATCH_CONTAINS), ==, "Contains");

  g_assert_finalize_object (rule);
}

static void
test_rule_equals (void)
{
  g_autoptr(SpReplyRule) rule = make_rule (SP_MATCH_EQUALS, "QUIT", "221 Bye\\r\\n");

  assert_reply (rule, "QUIT", "221 Bye\r\n");
  assert_reply (rule, "QUIT ", NULL);
  assert_reply (rule, "xQUIT", NULL);
  assert_reply (rule, "quit", NULL);
  assert_reply (rule, "QUIT\n", NULL);
  assert_reply (rule, "", NULL);
  g_assert_cmpuint (sp_reply_rule_get_n_groups (rule), ==, 0);
}

static void
test_rule_contains (void)
{
  g_autoptr(SpReplyRule) rule = make_rule (SP_MATCH_CONTAINS, "pass", "[\\1|\\2]");

  /* \1 is what comes before the first occurrence, \2 what follows it. */
  assert_reply (rule, "my password is pass", "[my |word is pass]");
  assert_reply (rule, "pass", "[|]");
  assert_reply (rule, "pas s", NULL);
  /* Special characters of regular expressions are only text here. */
  {
    g_autoptr(SpReplyRule) dots = make_rule (SP_MATCH_CONTAINS, "a.b*(c)", "yes");

    assert_reply (dots, "xa.b*(c)y", "yes");
    assert_reply (dots, "xaXbbc", NULL);
  }
}

static void
test_rule_starts_with (void)
{
  g_autoptr(SpReplyRule) rule = make_rule (SP_MATCH_STARTS_WITH, "HELO ", "250 Hello \\1\\r\\n");

  assert_reply (rule, "HELO learner", "250 Hello learner\r\n");
  assert_reply (rule, "HELO ", "250 Hello \r\n");
  assert_reply (rule, "HELO a\nb", "250 Hello a\nb\r\n");
  assert_reply (rule, "HELO", NULL);
  assert_reply (rule, " HELO x", NULL);
}

static void
test_rule_ends_with (void)
{
  g_autoptr(SpReplyRule) rule = make_rule (SP_MATCH_ENDS_WITH, "?", "\\1!");

  assert_reply (rule, "why?", "why!");
  assert_reply (rule, "?", "!");
  assert_reply (rule, "why?\n", NULL);
  assert_reply (rule, "why", NULL);
}

static void
test_rule_regex (void)
{
  g_autoptr(SpReplyRule) helo = make_rule (SP_MATCH_REGEX, "^HELO (.*)$", "250 Hello \\1\\r\\n");
  g_autoptr(SpReplyRule) search = make_rule (SP_MATCH_REGEX, "b+", "found");
  g_autoptr(SpReplyRule) optional = make_rule (SP_MATCH_REGEX, "^(a)?b(c)?$", "[\\1][\\2]");
  g_autoptr(SpReplyRule) nine = make_rule (SP_MATCH_REGEX, "(1)(2)(3)(4)(5)(6)(7)(8)(9)", "\\9\\8\\1");
  g_autofree char *description = sp_reply_rule_dup_description (helo);

  assert_reply (helo, "HELO learner", "250 Hello learner\r\n");
  assert_reply (helo, "EHLO learner", NULL);
  g_assert_cmpstr (description, ==, "matches /^HELO (.*)$/");

  /* Searched anywhere unless anchored. */
  assert_reply (search, "abbbc", "found");
  assert_reply (search, "ac", NULL);

  /* A group that took no part in the match is empty. */
  assert_reply (optional, "b", "[][]");
  assert_reply (optional, "abc", "[a][c]");

  assert_reply (nine, "x123456789y", "981");
  g_assert_cmpuint (sp_reply_rule_get_n_groups (nine), ==, 9);
}

static void
test_rule_peer_and_message (void)
{
  g_autoptr(SpReplyRule) rule = make_rule (SP_MATCH_CONTAINS, "hi", "{peer} said “{message}”; {other} \\x7bpeer}\\n");
  g_autoptr(GBytes) anonymous = NULL;

  assert_reply (rule, "oh hi", "127.0.0.1:4242 said “oh hi”; {other} {peer}\n");

  anonymous = apply_text (rule, "hi", NULL);
  assert_text (anonymous, " said “hi”; {other} {peer}\n");
}

static void
test_rule_escapes (void)
{
  g_autoptr(SpReplyRule) rule = make_rule (SP_MATCH_EQUALS, "a\\tb", "a\\tb\\0c\\x41\\\\1\\r\\n\\\\");
  g_autoptr(GBytes) reply = apply_text (rule, "a\tb", NULL);
  static const char expected[] = { 'a', '\t', 'b', '\0', 'c', 'A', '\\', '1', '\r', '\n', '\\' };

  /* \0 is the NUL byte and \\1 a backslash and a digit, never a group. */
  assert_bytes (reply, expected, sizeof expected);
  assert_reply (rule, "a\\tb", NULL);
}

static void
test_rule_binary (void)
{
  static const char message[] = { 'A', '\xff', '\0', 'Z' };
  static const char with_nul[] = { 'a', '\0', 'b' };
  static const char haystack[] = { 'a', 'b', '\xff', '\0', 'c', 'd' };
  g_autoptr(SpReplyRule) regex = make_rule (SP_MATCH_REGEX, "^A(.*)Z$", "<\\1>");
  g_autoptr(SpReplyRule) text = make_rule (SP_MATCH_REGEX, "^a.b$", "ok");
  g_autoptr(SpReplyRule) wide = make_rule (SP_MATCH_REGEX, "^\\x{100}$", "wide");
  g_autoptr(SpReplyRule) bytes = make_rule (SP_MATCH_CONTAINS, "\\xff\\x00", "\\1|\\2|{message}");
  g_autoptr(SpReplyRule) accented = make_rule (SP_MATCH_STARTS_WITH, "é", "[\\1]");
  g_autoptr(GBytes) binary = g_bytes_new (message, sizeof message);
  g_autoptr(GBytes) nul_text = g_bytes_new (with_nul, sizeof with_nul);
  g_autoptr(GBytes) binary_haystack = g_bytes_new (haystack, sizeof haystack);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) nul_reply = NULL;
  g_autoptr(GBytes) wide_binary = NULL;
  g_autoptr(GBytes) found = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);

  /* Not UTF-8: matched byte by byte, and the group comes back as the exact bytes. */
  reply = sp_reply_rule_apply (regex, binary, NULL);
  assert_bytes (reply, "<\xff\0>", 4);

  /* UTF-8 text with a NUL byte is still text. */
  nul_reply = sp_reply_rule_apply (text, nul_text, NULL);
  assert_text (nul_reply, "ok");

  /* Matched by characters when the message is text, never matched when it is not. */
  assert_reply (wide, "Ā", "wide");
  wide_binary = sp_reply_rule_apply (wide, binary, NULL);
  g_assert_null (wide_binary);

  /* A literal with escaped bytes finds them among other bytes. */
  found = sp_reply_rule_apply (bytes, binary_haystack, NULL);
  g_string_append (expected, "ab|cd|");
  g_string_append_len (expected, haystack, sizeof haystack);
  assert_bytes (found, expected->str, expected->len);

  assert_reply (accented, "été", "[té]");
  assert_reply (accented, "etc", NULL);
}

static void
test_rule_bad_regex (void)
{
  g_autoptr(GError) error = NULL;
  SpReplyRule *rule;

  rule = sp_reply_rule_new (SP_MATCH_REGEX, "^HELO (.*$", "x", &error);
  g_assert_null (rule);
  g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_REGEX);
  g_assert_nonnull (strstr (error->message, "column 11"));
  g_assert_nonnull (strstr (error->message, "missing"));
  g_clear_error (&error);

  /* The column counts characters, not bytes. */
  rule = sp_reply_rule_new (SP_MATCH_REGEX, "éé[", "x", &error);
  g_assert_null (rule);
  g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_REGEX);
  g_assert_nonnull (strstr (error->message, "column 4"));
}

static void
test_rule_bad_template (void)
{
  g_autoptr(GError) error = NULL;
  gsize column = 99;
  SpReplyRule *rule;

  rule = sp_reply_rule_new (SP_MATCH_EQUALS, "x", "ab\\q", &error);
  g_assert_null (rule);
  g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "column 3"));
  g_clear_error (&error);

  /* Columns stay the person's, substitutions before the mistake included. */
  g_assert_false (sp_reply_template_check ("{peer}\\1é\\x4g", 1, &column, &error));
  g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_TEMPLATE);
  g_assert_cmpuint (column, ==, 13);
  g_assert_nonnull (strstr (error->message, "column 13"));
  g_clear_error (&error);

  /* \x takes its two digits whatever follows: here a backslash is not a digit. */
  g_assert_false (sp_reply_template_check ("\\x1\\1", 1, &column, &error));
  g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_TEMPLATE);
  g_assert_cmpuint (column, ==, 4);
  g_clear_error (&error);

  /* A group the pattern does not capture. */
  rule = sp_reply_rule_new (SP_MATCH_EQUALS, "x", "é\\1", &error);
  g_assert_null (rule);
  g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "column 2"));
  g_assert_nonnull (strstr (error->message, "captures none"));
  g_clear_error (&error);

  rule = sp_reply_rule_new (SP_MATCH_REGEX, "(a)", "\\2", &error);
  g_assert_null (rule);
  g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "only 1 group"));
  g_clear_error (&error);

  g_assert_true (sp_reply_template_check ("ok \\1 {message}", 1, &column, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (column, ==, 0);

  /* Bad text to match, and nothing to match at all. */
  rule = sp_reply_rule_new (SP_MATCH_CONTAINS, "a\\q", "x", &error);
  g_assert_null (rule);
  g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_PATTERN);
  g_clear_error (&error);

  for (SpMatchKind kind = SP_MATCH_EQUALS; kind <= SP_MATCH_REGEX; kind++)
    {
      rule = sp_reply_rule_new (kind, "", "x", &error);
      g_assert_null (rule);
      g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_EMPTY_PATTERN);
      g_clear_error (&error);
    }
}

static void
test_rule_fallback_template (void)
{
  g_autoptr(GBytes) message = bytes_from ("NOOP");
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = sp_reply_template_expand ("500 {message}? ({peer})\\r\\n", message, "[::1]:9", &error);
  g_assert_no_error (error);
  assert_text (reply, "500 NOOP? ([::1]:9)\r\n");
  g_clear_pointer (&reply, g_bytes_unref);

  reply = sp_reply_template_expand ("500 \\1", message, NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_BAD_TEMPLATE);
}

typedef struct
{
  const char  *spec;
  SpMatchKind  kind;
  const char  *pattern;
  const char  *reply_template;
} GoodSpec;

static void
test_rule_parse_good (void)
{
  static const GoodSpec specs[] = {
    { "QUIT=221 Bye\\r\\n", SP_MATCH_EQUALS, "QUIT", "221 Bye\\r\\n" },
    { "HELO *=250 Hello \\1\\r\\n", SP_MATCH_STARTS_WITH, "HELO ", "250 Hello \\1\\r\\n" },
    { "*?=\\1!", SP_MATCH_ENDS_WITH, "?", "\\1!" },
    { "*password*=Never in clear text!\\n", SP_MATCH_CONTAINS, "password", "Never in clear text!\\n" },
    { "/^GET (\\S+)/=You asked for \\1\\n", SP_MATCH_REGEX, "^GET (\\S+)", "You asked for \\1\\n" },
    { "a\\=b=equal", SP_MATCH_EQUALS, "a=b", "equal" },
    { "x=a=b", SP_MATCH_EQUALS, "x", "a=b" },
    { "\\*star\\*=s", SP_MATCH_EQUALS, "*star*", "s" },
    { "\\/quit=bye", SP_MATCH_EQUALS, "/quit", "bye" },
    { "/a\\=b/=r", SP_MATCH_REGEX, "a=b", "r" },
    { "PING=", SP_MATCH_EQUALS, "PING", "" },
    { "ab\\\\*=x", SP_MATCH_STARTS_WITH, "ab\\\\", "x" },
    { "*\\x00*=nul", SP_MATCH_CONTAINS, "\\x00", "nul" },
    { "/(?\\=x)y/=z", SP_MATCH_REGEX, "(?=x)y", "z" },
    { "a*b=x", SP_MATCH_EQUALS, "a*b", "x" },
    { "/a\\/b/=x", SP_MATCH_REGEX, "a\\/b", "x" },
    { " spaced *= {peer}", SP_MATCH_STARTS_WITH, " spaced ", " {peer}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (specs[i].spec, &error);
      g_autoptr(SpReplyRule) again = NULL;
      g_autofree char *spec = NULL;

      g_test_message ("spec: %s", specs[i].spec);
      g_assert_no_error (error);
      g_assert_cmpint (sp_reply_rule_get_kind (rule), ==, specs[i].kind);
      g_assert_cmpstr (sp_reply_rule_get_pattern (rule), ==, specs[i].pattern);
      g_assert_cmpstr (sp_reply_rule_get_reply_template (rule), ==, specs[i].reply_template);

      /* The command-line form reads back to the same rule. */
      spec = sp_reply_rule_to_spec (rule);
      again = sp_reply_rule_parse (spec, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sp_reply_rule_get_kind (again), ==, specs[i].kind);
      g_assert_cmpstr (sp_reply_rule_get_pattern (again), ==, specs[i].pattern);
      g_assert_cmpstr (sp_reply_rule_get_reply_template (again), ==, specs[i].reply_template);
    }

  /* And the rules work. */
  {
    g_autoptr(SpReplyRule) rule = sp_reply_rule_parse ("a\\=b=equal", NULL);

    assert_reply (rule, "a=b", "equal");
  }
}

typedef struct
{
  const char *spec;
  int         code;
} BadSpec;

static void
test_rule_parse_bad (void)
{
  static const BadSpec specs[] = {
    { "QUIT", SP_REPLY_RULE_ERROR_BAD_SPEC },
    { "", SP_REPLY_RULE_ERROR_BAD_SPEC },
    { "QUIT\\=221", SP_REPLY_RULE_ERROR_BAD_SPEC },
    { "/abc=x", SP_REPLY_RULE_ERROR_BAD_SPEC },
    { "/=x", SP_REPLY_RULE_ERROR_BAD_SPEC },
    { "/abc\\/=x", SP_REPLY_RULE_ERROR_BAD_SPEC },
    { "=reply", SP_REPLY_RULE_ERROR_EMPTY_PATTERN },
    { "**=x", SP_REPLY_RULE_ERROR_EMPTY_PATTERN },
    { "*=x", SP_REPLY_RULE_ERROR_EMPTY_PATTERN },
    { "//=x", SP_REPLY_RULE_ERROR_EMPTY_PATTERN },
    { "/(ab/=x", SP_REPLY_RULE_ERROR_BAD_REGEX },
    { "HELO=\\q", SP_REPLY_RULE_ERROR_BAD_TEMPLATE },
    { "HELO=\\2", SP_REPLY_RULE_ERROR_BAD_TEMPLATE },
    { "/(a)/=\\2", SP_REPLY_RULE_ERROR_BAD_TEMPLATE },
    { "\\q=x", SP_REPLY_RULE_ERROR_BAD_PATTERN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (specs[i].spec, &error);

      g_test_message ("spec: %s", specs[i].spec);
      g_assert_null (rule);
      g_assert_error (error, SP_REPLY_RULE_ERROR, specs[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

/* A rules server over loopback --------------------------------------------------------- */

static SpServer *
start_rules_server (const char *endpoint_text,
                    const char *fallback,
                    SpFraming   framing,
                    guint       frame_length)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (endpoint_text, SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) server = sp_server_new (endpoint);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  static const char *specs[] = { "/^HELO (.*)$/=250 Hello \\1\\r\\n", "QUIT=221 Bye\\r\\n" };

  sp_server_set_behaviour (server, SP_BEHAVIOUR_RULES);
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (specs[i], &error);

      g_assert_no_error (error);
      sp_server_add_rule (server, rule);
    }
  sp_server_set_fallback_reply (server, fallback);
  sp_server_set_framing (server, framing);
  sp_server_set_frame_length (server, frame_length);

  sp_server_start_async (server, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the rules server to start");
  g_assert_true (sp_server_start_finish (server, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&server);
}

typedef struct
{
  SpClient     *client;
  SpConnection *connection;
  GString      *received;
} Peer;

static void
peer_received_cb (SpConnection *connection,
                  GBytes       *bytes,
                  Peer         *peer)
{
  g_string_append_len (peer->received, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
peer_connect (Peer     *peer,
              SpServer *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  peer->client = sp_client_new (sp_server_get_bound_endpoint (server));
  peer->received = g_string_new (NULL);
  sp_client_connect_async (peer->client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "a client to connect");
  peer->connection = sp_client_connect_finish (peer->client, result, &error);
  g_assert_no_error (error);
  g_signal_connect (peer->connection, "received", G_CALLBACK (peer_received_cb), peer);
}

static void
peer_clear (Peer *peer)
{
  sp_client_disconnect (peer->client);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&peer->connection);
  g_clear_object (&peer->client);
  g_string_free (peer->received, TRUE);
}

static void
peer_send (Peer       *peer,
           const char *text)
{
  g_autoptr(GBytes) bytes = bytes_from (text);
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_client_send (peer->client, bytes, &error));
  g_assert_no_error (error);
}

typedef struct
{
  Peer       *peer;
  const char *text;
} Awaited;

static gboolean
peer_has (gpointer data)
{
  Awaited *awaited = data;

  return awaited->peer->received->len >= strlen (awaited->text);
}

/* Waits for as many bytes as @text, then says whether they are exactly @text. */
static void
wait_for_text (Peer       *peer,
               const char *text)
{
  Awaited awaited = { peer, text };
  g_autofree char *what = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes of replies", strlen (text));

  sp_test_wait_until (peer_has, &awaited, what);
  g_assert_cmpstr (peer->received->str, ==, text);
}

/* The INFO sentences of the rules for every message, in order. */
static GPtrArray *
message_events (SpServer *server)
{
  GListModel *log = G_LIST_MODEL (sp_server_get_log (server));
  GPtrArray *sentences = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (log, i);

      if (sp_event_get_kind (event) == SP_EVENT_KIND_INFO &&
          g_str_has_prefix (sp_event_get_message (event), "Message "))
        g_ptr_array_add (sentences, g_strdup (sp_event_get_message (event)));
    }

  return sentences;
}

static guint
count_events (SpServer    *server,
              SpEventKind  kind,
              const char  *containing)
{
  GListModel *log = G_LIST_MODEL (sp_server_get_log (server));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (log, i);

      if (sp_event_get_kind (event) == kind &&
          (containing == NULL || strstr (sp_event_get_message (event), containing) != NULL))
        n++;
    }

  return n;
}

static void
test_server_smtp_like (void)
{
  g_autoptr(SpServer) server = start_rules_server ("tcp://127.0.0.1:0", "500 What?\\r\\n",
                                                   SP_FRAMING_LINE, 16);
  g_autoptr(GPtrArray) sentences = NULL;
  Peer peer = { 0 };

  peer_connect (&peer, server);

  /* Two lines and the start of a third in one send; the third ends in the next send. */
  peer_send (&peer, "HELO learner\r\nNOOP\r\nQU");
  wait_for_text (&peer, "250 Hello learner\r\n500 What?\r\n");
  g_assert_cmpuint (count_events (server, SP_EVENT_KIND_INFO, "2 bytes wait for the end of their line"), ==, 1);

  peer_send (&peer, "IT\r\n");
  wait_for_text (&peer, "250 Hello learner\r\n500 What?\r\n221 Bye\r\n");

  sentences = message_events (server);
  g_assert_cmpuint (sentences->len, ==, 3);
  g_assert_cmpstr (sentences->pdata[0], ==, "Message “HELO learner” matched rule 1 (matches /^HELO (.*)$/).");
  g_assert_cmpstr (sentences->pdata[1], ==, "Message “NOOP” matched no rule: the fallback reply answers.");
  g_assert_cmpstr (sentences->pdata[2], ==, "Message “QUIT” matched rule 2 (equals “QUIT”).");

  peer_clear (&peer);
  sp_server_stop (server);
}

typedef struct
{
  SpServer *server;
  guint     count;
} AwaitedEvents;

static gboolean
server_has_messages (gpointer data)
{
  AwaitedEvents *awaited = data;
  g_autoptr(GPtrArray) sentences = message_events (awaited->server);

  return sentences->len >= awaited->count;
}

static void
test_server_one_read_two_lines (void)
{
  g_autoptr(SpServer) server = start_rules_server ("tcp://127.0.0.1:0", NULL, SP_FRAMING_LINE, 16);
  g_autoptr(GPtrArray) sentences = NULL;
  AwaitedEvents awaited = { server, 2 };
  Peer peer = { 0 };

  peer_connect (&peer, server);

  /* One send of two lines is one read on loopback, and two messages. */
  peer_send (&peer, "A\nB\n");
  sp_test_wait_until (server_has_messages, &awaited, "two messages");
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (count_events (server, SP_EVENT_KIND_RECV, "Received 4 bytes"), ==, 1);
  sentences = message_events (server);
  g_assert_cmpuint (sentences->len, ==, 2);
  g_assert_cmpstr (sentences->pdata[0], ==, "Message “A” matched no rule, and there is no fallback reply: nothing is sent.");
  g_assert_cmpstr (sentences->pdata[1], ==, "Message “B” matched no rule, and there is no fallback reply: nothing is sent.");
  g_assert_cmpuint (peer.received->len, ==, 0);

  /* Whatever one read returned, instead: the same send is one message. */
  sp_server_set_framing (server, SP_FRAMING_READ);
  peer_send (&peer, "C\nD\n");
  awaited.count = 3;
  sp_test_wait_until (server_has_messages, &awaited, "a third message");
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_pointer (&sentences, g_ptr_array_unref);
  sentences = message_events (server);
  g_assert_cmpuint (sentences->len, ==, 3);
  g_assert_cmpstr (sentences->pdata[2], ==, "Message “C\\nD\\n” matched no rule, and there is no fallback reply: nothing is sent.");

  peer_clear (&peer);
  sp_server_stop (server);
}

static gboolean
connection_finished (gpointer data)
{
  return sp_connection_get_end_time (data) != 0;
}

static void
test_server_end_of_stream (void)
{
  g_autoptr(SpServer) server = start_rules_server ("tcp://127.0.0.1:0", "500 What?\\r\\n",
                                                   SP_FRAMING_LINE, 16);
  g_autoptr(GError) error = NULL;
  Peer peer = { 0 };

  peer_connect (&peer, server);

  /* No newline, then the end of the stream: what waited is the last message. */
  peer_send (&peer, "QUIT");
  g_assert_true (sp_client_shutdown_write (peer.client, &error));
  g_assert_no_error (error);

  sp_test_wait_until (connection_finished, peer.connection, "the server to answer and close");
  g_assert_cmpstr (peer.received->str, ==, "221 Bye\r\n");
  g_assert_cmpuint (count_events (server, SP_EVENT_KIND_INFO, "The peer ended its stream with 4 bytes"), ==, 1);

  peer_clear (&peer);
  sp_server_stop (server);
}

static void
test_server_fixed (void)
{
  g_autoptr(SpServer) server = start_rules_server ("tcp://127.0.0.1:0", "[{message}]",
                                                   SP_FRAMING_FIXED, 4);
  Peer peer = { 0 };

  peer_connect (&peer, server);
  peer_send (&peer, "abcdef");
  wait_for_text (&peer, "[abcd]");
  g_assert_cmpuint (count_events (server, SP_EVENT_KIND_INFO, "2 bytes of the next 4-byte message"), ==, 1);
  peer_send (&peer, "gh");
  wait_for_text (&peer, "[abcd][efgh]");

  peer_clear (&peer);
  sp_server_stop (server);
}

static void
test_server_cut_line (void)
{
  g_autoptr(SpServer) server = start_rules_server ("tcp://127.0.0.1:0", "cut {message}\\n",
                                                   SP_FRAMING_LINE, 16);
  g_autofree char *long_line = g_strnfill (SP_FRAMER_MAX_MESSAGE + 5, 'x');
  g_autofree char *expected = NULL;
  g_autofree char *tail = g_strnfill (5, 'x');
  Peer peer = { 0 };

  peer_connect (&peer, server);
  peer_send (&peer, long_line);
  peer_send (&peer, "\n");

  /* The first 64 KiB are a message of their own; the 5 bytes after them another. */
  expected = g_strdup_printf ("cut %.*s\ncut %s\n", SP_FRAMER_MAX_MESSAGE, long_line, tail);
  wait_for_text (&peer, expected);
  g_assert_cmpuint (count_events (server, SP_EVENT_KIND_INFO, "the line is cut"), ==, 1);

  peer_clear (&peer);
  sp_server_stop (server);
}

typedef struct
{
  GPtrArray *datagrams;
  guint      count;
} Expect;

static void
collect_cb (SpConnection *connection,
            GBytes       *bytes,
            GPtrArray    *datagrams)
{
  g_ptr_array_add (datagrams, g_bytes_ref (bytes));
}

static gboolean
have_datagrams (gpointer data)
{
  Expect *expect = data;

  return expect->datagrams->len >= expect->count;
}

static void
test_server_datagram (void)
{
  g_autoptr(SpServer) server = start_rules_server ("udp://127.0.0.1:0", "500 {message}?\\n",
                                                   SP_FRAMING_LINE, 16);
  g_autoptr(SpClient) client = sp_client_new (sp_server_get_bound_endpoint (server));
  g_autoptr(GPtrArray) datagrams = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Expect expect = { datagrams, 3 };
  const char *sends[] = { "HELO udp", "QUIT\n", "QUIT" };

  sp_client_connect_async (client, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the datagram client");
  connection = sp_client_connect_finish (client, result, &error);
  g_assert_no_error (error);
  g_signal_connect (connection, "received", G_CALLBACK (collect_cb), datagrams);

  /* Each datagram is one message: no framing, so "QUIT\n" is not "QUIT". */
  for (guint i = 0; i < G_N_ELEMENTS (sends); i++)
    {
      g_autoptr(GBytes) bytes = bytes_from (sends[i]);

      g_assert_true (sp_client_send (client, bytes, &error));
      g_assert_no_error (error);
    }
  sp_test_wait_until (have_datagrams, &expect, "three replies");

  assert_text (datagrams->pdata[0], "250 Hello udp\r\n");
  assert_text (datagrams->pdata[1], "500 QUIT\n?\n");
  assert_text (datagrams->pdata[2], "221 Bye\r\n");

  sp_client_disconnect (client);
  sp_server_stop (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_server_properties (void)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse ("tcp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, NULL);
  SpServer *server = sp_server_new (endpoint);
  g_autoptr(GListStore) mine = g_list_store_new (SP_TYPE_REPLY_RULE);
  g_autoptr(GListModel) rules = NULL;
  g_autofree char *fallback = NULL;
  SpFraming framing;
  guint frame_length;
  guint notified = 0;

  g_object_get (server,
                "rules", &rules,
                "fallback-reply", &fallback,
                "framing", &framing,
                "frame-length", &frame_length,
                NULL);
  g_assert_true (G_IS_LIST_STORE (rules));
  g_assert_cmpuint (g_list_model_get_n_items (rules), ==, 0);
  g_assert_null (fallback);
  g_assert_cmpint (framing, ==, SP_FRAMING_LINE);
  g_assert_cmpuint (frame_length, ==, 16);

  g_signal_connect (server, "notify", G_CALLBACK (count_notify), &notified);
  g_object_set (server,
                "behaviour", SP_BEHAVIOUR_RULES,
                "fallback-reply", "500\\r\\n",
                "framing", SP_FRAMING_FIXED,
                "frame-length", 8,
                "rules", mine,
                NULL);
  g_assert_cmpuint (notified, ==, 5);
  g_assert_true (sp_server_get_rules (server) == G_LIST_MODEL (mine));

  /* Setting the same values again says nothing. */
  g_object_set (server, "fallback-reply", "500\\r\\n", "framing", SP_FRAMING_FIXED,
                "frame-length", 8, "rules", mine, NULL);
  g_assert_cmpuint (notified, ==, 5);

  sp_server_set_rules (server, NULL);
  g_assert_true (G_IS_LIST_STORE (sp_server_get_rules (server)));
  g_assert_false (sp_server_get_rules (server) == G_LIST_MODEL (mine));

  g_assert_finalize_object (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/framer/new-and-destroy", test_framer_new);
  g_test_add_func ("/framer/line/split-across-pushes", test_framer_line_split);
  g_test_add_func ("/framer/line/crlf", test_framer_line_crlf);
  g_test_add_func ("/framer/fixed", test_framer_fixed);
  g_test_add_func ("/framer/read", test_framer_read);
  g_test_add_func ("/framer/flush", test_framer_flush);
  g_test_add_func ("/framer/bound", test_framer_bound);

  g_test_add_func ("/rule/new-and-destroy", test_rule_new);
  g_test_add_func ("/rule/equals", test_rule_equals);
  g_test_add_func ("/rule/contains", test_rule_contains);
  g_test_add_func ("/rule/starts-with", test_rule_starts_with);
  g_test_add_func ("/rule/ends-with", test_rule_ends_with);
  g_test_add_func ("/rule/regex", test_rule_regex);
  g_test_add_func ("/rule/peer-and-message", test_rule_peer_and_message);
  g_test_add_func ("/rule/escapes", test_rule_escapes);
  g_test_add_func ("/rule/binary", test_rule_binary);
  g_test_add_func ("/rule/bad/regex", test_rule_bad_regex);
  g_test_add_func ("/rule/bad/template", test_rule_bad_template);
  g_test_add_func ("/rule/fallback-template", test_rule_fallback_template);
  g_test_add_func ("/rule/parse/good", test_rule_parse_good);
  g_test_add_func ("/rule/parse/bad", test_rule_parse_bad);

  g_test_add_func ("/rules-server/smtp-like", test_server_smtp_like);
  g_test_add_func ("/rules-server/one-read-two-lines", test_server_one_read_two_lines);
  g_test_add_func ("/rules-server/end-of-stream", test_server_end_of_stream);
  g_test_add_func ("/rules-server/fixed", test_server_fixed);
  g_test_add_func ("/rules-server/cut-line", test_server_cut_line);
  g_test_add_func ("/rules-server/datagram", test_server_datagram);
  g_test_add_func ("/rules-server/properties", test_server_properties);

  return g_test_run ();
}
