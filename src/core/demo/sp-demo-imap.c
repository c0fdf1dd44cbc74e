/* sp-demo-imap.c — IMAP4rev1 (RFC 3501, a subset) on the playground mailbox, named INBOX
 *
 * Every command starts with a tag the client chooses; the server answers with untagged
 * lines (`* …`) and ends with the tagged status: OK, NO (it failed) or BAD (syntax or
 * wrong state). Once INBOX is selected the session numbers its messages 1…n (sequence
 * numbers); other sessions may add or remove mail meanwhile, so before a tagged OK the
 * session tells its client what changed (`* n EXISTS`, `* n EXPUNGE`), except during
 * FETCH, STORE and SEARCH, where numbers must not shift (RFC 3501 §7.4.1).
 *
 * Not done: literals from the client (so no APPEND), AUTHENTICATE, STARTTLS, keywords,
 * COPY, mailboxes other than INBOX. Each gets a NO or BAD that says so.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-demo-protocols.h"
#include "sp-demo-server.h"
#include "sp-imap-fetch.h"
#include "sp-imap-search.h"
#include "sp-imap-syntax.h"

#define CAPABILITIES "IMAP4rev1"
#define SYSTEM_FLAGS "\\Answered \\Flagged \\Deleted \\Seen \\Draft"

typedef enum
{
  STATE_NOT_AUTHENTICATED = 1 << 0,
  STATE_AUTHENTICATED     = 1 << 1,
  STATE_SELECTED          = 1 << 2,
  STATE_LOGOUT            = 1 << 3,
} State;

#define ANY_STATE (STATE_NOT_AUTHENTICATED | STATE_AUTHENTICATED | STATE_SELECTED)
#define LOGGED_IN (STATE_AUTHENTICATED | STATE_SELECTED)

#define SP_TYPE_DEMO_IMAP_SESSION (sp_demo_imap_session_get_type ())
G_DECLARE_FINAL_TYPE (SpDemoImapSession, sp_demo_imap_session, SP, DEMO_IMAP_SESSION, SpDemoSession)

struct _SpDemoImapSession
{
  SpDemoSession parent_instance;

  SpMailbox    *mailbox;
  State         state;
  gboolean      read_only;       /* EXAMINE */
  gboolean      allow_expunge;   /* may the command running report expunges */
  GPtrArray    *view;            /* SpMailMessage by sequence number - 1 */
  GHashTable   *recent;          /* SpMailMessage set: \Recent for this session */
  guint32       known_uid_next;  /* messages from this UID on are not in the view yet */
};

G_DEFINE_FINAL_TYPE (SpDemoImapSession, sp_demo_imap_session, SP_TYPE_DEMO_SESSION)

typedef void (*CommandFunc) (SpDemoImapSession *self,
                             const char        *tag,
                             SpImapCursor      *args,
                             gboolean           uid);

static SpDemoSession *
session (SpDemoImapSession *self)
{
  return SP_DEMO_SESSION (self);
}

static guint32
max_uid (SpDemoImapSession *self)
{
  if (self->view->len == 0)
    return 0;
  return sp_mail_message_get_uid (g_ptr_array_index (self->view, self->view->len - 1));
}

static char *
flags_text (SpDemoImapSession *self,
            SpMailMessage     *message)
{
  g_autofree char *flags = sp_mail_flags_to_imap (sp_mail_message_get_flags (message));

  if (g_hash_table_contains (self->recent, message))
    return g_strdup_printf ("%s%s\\Recent", flags, flags[0] != '\0' ? " " : "");
  return g_steal_pointer (&flags);
}

/* Adds mail that arrived since the view was made; returns how many. */
static guint
add_new_messages (SpDemoImapSession *self)
{
  guint32 first_recent = sp_mailbox_claim_recent (self->mailbox, !self->read_only);
  guint added = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->mailbox)); i++)
    {
      SpMailMessage *message = sp_mailbox_get_message (self->mailbox, i);
      guint32 uid = sp_mail_message_get_uid (message);

      if (uid < self->known_uid_next)
        continue;
      g_ptr_array_add (self->view, g_object_ref (message));
      if (uid >= first_recent)
        g_hash_table_add (self->recent, message);
      added++;
    }
  self->known_uid_next = sp_mailbox_get_uid_next (self->mailbox);
  return added;
}

/* Tells the client what other sessions changed, as untagged responses. */
static void
sync_view (SpDemoImapSession *self)
{
  if (self->state != STATE_SELECTED)
    return;

  if (self->allow_expunge)
    for (guint i = 0; i < self->view->len;)
      {
        SpMailMessage *message = g_ptr_array_index (self->view, i);

        if (!sp_mail_message_get_expunged (message))
          {
            i++;
            continue;
          }
        /* Each EXPUNGE renumbers the messages after it at once (RFC 3501 §7.4.1). */
        g_hash_table_remove (self->recent, message);
        g_ptr_array_remove_index (self->view, i);
        sp_demo_session_reply (session (self), "* %u EXPUNGE", i + 1);
      }

  if (add_new_messages (self) > 0)
    {
      sp_demo_session_reply (session (self), "* %u EXISTS", self->view->len);
      sp_demo_session_reply (session (self), "* %u RECENT", g_hash_table_size (self->recent));
    }
}

static void
tagged (SpDemoImapSession *self,
        const char        *tag,
        const char        *status,
        const char        *format,
        ...) G_GNUC_PRINTF (4, 5);

/* The tagged status ending a command; a successful one first reports changes. */
static void
tagged (SpDemoImapSession *self,
        const char        *tag,
        const char        *status,
        const char        *format,
        ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (strcmp (status, "OK") == 0)
    sync_view (self);
  sp_demo_session_reply (session (self), "%s %s %s", tag, status, text);
}

static void
bad_syntax (SpDemoImapSession *self,
            const char        *tag,
            const char        *usage)
{
  tagged (self, tag, "BAD", "Syntax: %s", usage);
}

static gboolean
is_inbox (const char *name)
{
  return name != NULL && g_ascii_strcasecmp (name, "INBOX") == 0;
}

static void
deselect (SpDemoImapSession *self)
{
  g_ptr_array_set_size (self->view, 0);
  g_hash_table_remove_all (self->recent);
  self->known_uid_next = 1;
  self->state = STATE_AUTHENTICATED;
}

/* The view's positions a sequence set names: message numbers, or UIDs with @uid. Message
 * numbers beyond the mailbox are an error (RFC 3501 §9 seq-number); unknown UIDs are not. */
static GArray *
resolve_set (SpDemoImapSession  *self,
             GArray             *set,
             gboolean            uid,
             char              **error_message)
{
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  guint32 star = uid ? max_uid (self) : self->view->len;

  if (!uid && (self->view->len == 0 || sp_imap_sequence_set_max (set, star) > self->view->len))
    {
      *error_message = g_strdup_printf ("No such message: the mailbox has %u", self->view->len);
      return NULL;
    }

  for (guint i = 0; i < self->view->len; i++)
    {
      guint32 value = uid ? sp_mail_message_get_uid (g_ptr_array_index (self->view, i)) : i + 1;

      if (sp_imap_sequence_set_contains (set, value, star))
        g_array_append_val (positions, i);
    }

  return g_steal_pointer (&positions);
}

static void
command_capability (SpDemoImapSession *self,
                    const char        *tag,
                    SpImapCursor      *args,
                    gboolean           uid)
{
  sp_demo_session_reply (session (self), "* CAPABILITY " CAPABILITIES);
  tagged (self, tag, "OK", "CAPABILITY completed");
}

static void
command_noop (SpDemoImapSession *self,
              const char        *tag,
              SpImapCursor      *args,
              gboolean           uid)
{
  tagged (self, tag, "OK", "%s completed", "NOOP");
}

static void
command_check (SpDemoImapSession *self,
               const char        *tag,
               SpImapCursor      *args,
               gboolean           uid)
{
  /* Nothing to write to disk: the mailbox lives in memory. */
  tagged (self, tag, "OK", "%s completed", "CHECK");
}

static void
command_logout (SpDemoImapSession *self,
                const char        *tag,
                SpImapCursor      *args,
                gboolean           uid)
{
  self->state = STATE_LOGOUT;
  sp_demo_session_reply (session (self), "* BYE Socket Playground demo IMAP server logging out");
  sp_demo_session_reply (session (self), "%s OK LOGOUT completed", tag);
  sp_demo_session_close (session (self));
}

static void
command_login (SpDemoImapSession *self,
               const char        *tag,
               SpImapCursor      *args,
               gboolean           uid)
{
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;

  if (!sp_imap_read_space (args) || (user = sp_imap_read_astring (args)) == NULL ||
      !sp_imap_read_space (args) || (password = sp_imap_read_astring (args)) == NULL ||
      !sp_imap_at_end (args))
    {
      bad_syntax (self, tag, "LOGIN user password (quote a password with spaces: \"my password\")");
      return;
    }

  if (strcmp (user, SP_DEMO_USER) != 0 || strcmp (password, SP_DEMO_PASSWORD) != 0)
    {
      tagged (self, tag, "NO", "Wrong user name or password (the demo login is %s / %s)",
              SP_DEMO_USER, SP_DEMO_PASSWORD);
      return;
    }

  self->state = STATE_AUTHENTICATED;
  tagged (self, tag, "OK", "LOGIN completed");
}

static void
command_authenticate (SpDemoImapSession *self,
                      const char        *tag,
                      SpImapCursor      *args,
                      gboolean           uid)
{
  tagged (self, tag, "NO", "No SASL mechanism here: use LOGIN %s %s", SP_DEMO_USER, SP_DEMO_PASSWORD);
}

static void
command_starttls (SpDemoImapSession *self,
                  const char        *tag,
                  SpImapCursor      *args,
                  gboolean           uid)
{
  tagged (self, tag, "BAD", "This demo server speaks plain text only, without TLS");
}

static void
select_inbox (SpDemoImapSession *self,
              const char        *tag,
              SpImapCursor      *args,
              gboolean           read_only)
{
  g_autofree char *name = NULL;
  guint first_unseen = 0;

  if (!sp_imap_read_space (args) || (name = sp_imap_read_astring (args)) == NULL || !sp_imap_at_end (args))
    {
      bad_syntax (self, tag, read_only ? "EXAMINE INBOX" : "SELECT INBOX");
      return;
    }

  /* Selecting anything, even in vain, leaves the selected state first (RFC 3501 §6.3.1). */
  deselect (self);
  if (!is_inbox (name))
    {
      tagged (self, tag, "NO", "Mailbox does not exist: this demo server has only INBOX");
      return;
    }

  self->state = STATE_SELECTED;
  self->read_only = read_only;
  add_new_messages (self);

  for (guint i = 0; i < self->view->len && first_unseen == 0; i++)
    if ((sp_mail_message_get_flags (g_ptr_array_index (self->view, i)) & SP_MAIL_FLAG_SEEN) == 0)
      first_unseen = i + 1;

  sp_demo_session_reply (session (self), "* FLAGS (" SYSTEM_FLAGS ")");
  sp_demo_session_reply (session (self), "* %u EXISTS", self->view->len);
  sp_demo_session_reply (session (self), "* %u RECENT", g_hash_table_size (self->recent));
  if (first_unseen > 0)
    sp_demo_session_reply (session (self), "* OK [UNSEEN %u] Message %u is the first unseen", first_unseen, first_unseen);
  /* Keywords are not kept, hence no \* here. */
  sp_demo_session_reply (session (self), "* OK [PERMANENTFLAGS (%s)] Flags that stay",
                         read_only ? "" : SYSTEM_FLAGS);
  sp_demo_session_reply (session (self), "* OK [UIDVALIDITY %u] UIDs valid", sp_mailbox_get_uid_validity (self->mailbox));
  sp_demo_session_reply (session (self), "* OK [UIDNEXT %u] Predicted next UID", sp_mailbox_get_uid_next (self->mailbox));
  tagged (self, tag, "OK", "[%s] %s completed", read_only ? "READ-ONLY" : "READ-WRITE",
          read_only ? "EXAMINE" : "SELECT");
}

static void
command_select (SpDemoImapSession *self,
                const char        *tag,
                SpImapCursor      *args,
                gboolean           uid)
{
  select_inbox (self, tag, args, FALSE);
}

static void
command_examine (SpDemoImapSession *self,
                 const char        *tag,
                 SpImapCursor      *args,
                 gboolean           uid)
{
  select_inbox (self, tag, args, TRUE);
}

/* LIST's wildcards: * and % match any characters (there is no hierarchy below INBOX). */
static gboolean
wildcard_match (const char *pattern,
                const char *name)
{
  if (*pattern == '\0')
    return *name == '\0';
  if (*pattern == '*' || *pattern == '%')
    return wildcard_match (pattern + 1, name) || (*name != '\0' && wildcard_match (pattern, name + 1));
  return *name != '\0' && g_ascii_toupper (*pattern) == g_ascii_toupper (*name) &&
         wildcard_match (pattern + 1, name + 1);
}

static void
list_mailboxes (SpDemoImapSession *self,
                const char        *tag,
                SpImapCursor      *args,
                const char        *command)
{
  g_autofree char *reference = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *name = NULL;

  if (!sp_imap_read_space (args) || (reference = sp_imap_read_astring (args)) == NULL ||
      !sp_imap_read_space (args) || (pattern = sp_imap_read_list_mailbox (args)) == NULL ||
      !sp_imap_at_end (args))
    {
      tagged (self, tag, "BAD", "Syntax: %s \"\" \"*\"", command);
      return;
    }

  /* An empty pattern asks for the hierarchy delimiter (RFC 3501 §6.3.8). */
  if (pattern[0] == '\0')
    sp_demo_session_reply (session (self), "* %s (\\Noselect) \"/\" \"\"", command);
  else
    {
      /* Long patterns could make the matcher slow; no mailbox name is that long. */
      name = g_strconcat (reference, pattern, NULL);
      if (strlen (name) <= 64 && wildcard_match (name, "INBOX"))
        sp_demo_session_reply (session (self), "* %s () \"/\" INBOX", command);
    }
  tagged (self, tag, "OK", "%s completed", command);
}

static void
command_list (SpDemoImapSession *self,
              const char        *tag,
              SpImapCursor      *args,
              gboolean           uid)
{
  list_mailboxes (self, tag, args, "LIST");
}

static void
command_lsub (SpDemoImapSession *self,
              const char        *tag,
              SpImapCursor      *args,
              gboolean           uid)
{
  list_mailboxes (self, tag, args, "LSUB");
}

static void
command_status (SpDemoImapSession *self,
                const char        *tag,
                SpImapCursor      *args,
                gboolean           uid)
{
  GListModel *messages = G_LIST_MODEL (self->mailbox);
  g_autofree char *name = NULL;
  g_autoptr(GString) reply = NULL;
  guint32 first_recent = sp_mailbox_claim_recent (self->mailbox, FALSE);

  if (!sp_imap_read_space (args) || (name = sp_imap_read_astring (args)) == NULL ||
      !sp_imap_read_space (args) || !sp_imap_read_char (args, '('))
    {
      bad_syntax (self, tag, "STATUS INBOX (MESSAGES UNSEEN)");
      return;
    }
  if (!is_inbox (name))
    {
      tagged (self, tag, "NO", "Mailbox does not exist: this demo server has only INBOX");
      return;
    }

  reply = g_string_new ("* STATUS INBOX (");
  do
    {
      g_autofree char *item = sp_imap_read_atom (args);
      guint count = 0;

      if (item == NULL)
        {
          bad_syntax (self, tag, "STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)");
          return;
        }

      for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
        {
          SpMailMessage *message = sp_mailbox_get_message (self->mailbox, i);

          if (g_ascii_strcasecmp (item, "UNSEEN") == 0)
            count += (sp_mail_message_get_flags (message) & SP_MAIL_FLAG_SEEN) == 0;
          else if (g_ascii_strcasecmp (item, "RECENT") == 0)
            count += sp_mail_message_get_uid (message) >= first_recent;
        }

      if (g_ascii_strcasecmp (item, "MESSAGES") == 0)
        count = g_list_model_get_n_items (messages);
      else if (g_ascii_strcasecmp (item, "UIDNEXT") == 0)
        count = sp_mailbox_get_uid_next (self->mailbox);
      else if (g_ascii_strcasecmp (item, "UIDVALIDITY") == 0)
        count = sp_mailbox_get_uid_validity (self->mailbox);
      else if (g_ascii_strcasecmp (item, "UNSEEN") != 0 && g_ascii_strcasecmp (item, "RECENT") != 0)
        {
          tagged (self, tag, "BAD", "Unknown STATUS item %s", item);
          return;
        }

      g_string_append_printf (reply, "%s%s %u", reply->str[reply->len - 1] == '(' ? "" : " ", item, count);
    }
  while (sp_imap_read_space (args));

  if (!sp_imap_read_char (args, ')') || !sp_imap_at_end (args))
    {
      bad_syntax (self, tag, "STATUS INBOX (MESSAGES UNSEEN)");
      return;
    }

  g_string_append_c (reply, ')');
  sp_demo_session_reply (session (self), "%s", reply->str);
  tagged (self, tag, "OK", "STATUS completed");
}

static void
command_subscribe (SpDemoImapSession *self,
                   const char        *tag,
                   SpImapCursor      *args,
                   gboolean           uid)
{
  g_autofree char *name = NULL;

  if (!sp_imap_read_space (args) || (name = sp_imap_read_astring (args)) == NULL || !sp_imap_at_end (args))
    bad_syntax (self, tag, "SUBSCRIBE INBOX");
  else if (!is_inbox (name))
    tagged (self, tag, "NO", "Mailbox does not exist: this demo server has only INBOX");
  else
    tagged (self, tag, "OK", "INBOX is always subscribed");
}

static void
command_only_inbox (SpDemoImapSession *self,
                    const char        *tag,
                    SpImapCursor      *args,
                    gboolean           uid)
{
  tagged (self, tag, "NO", "This demo server has only INBOX; mailboxes cannot be created, removed, renamed or copied to");
}

static void
command_close (SpDemoImapSession *self,
               const char        *tag,
               SpImapCursor      *args,
               gboolean           uid)
{
  /* CLOSE expunges without telling (RFC 3501 §6.4.2), then leaves the selected state. */
  if (!self->read_only)
    sp_mailbox_expunge (self->mailbox);
  deselect (self);
  tagged (self, tag, "OK", "CLOSE completed");
}

static void
command_expunge (SpDemoImapSession *self,
                 const char        *tag,
                 SpImapCursor      *args,
                 gboolean           uid)
{
  guint removed;

  if (self->read_only)
    {
      tagged (self, tag, "NO", "The mailbox is read-only (EXAMINE); SELECT it to expunge");
      return;
    }

  removed = sp_mailbox_expunge (self->mailbox);
  if (removed > 0)
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "EXPUNGE removed %u message from the playground mailbox.",
                                                            "EXPUNGE removed %u messages from the playground mailbox.",
                                                            removed),
                                               removed);
      sp_demo_session_note (session (self), note);
    }
  tagged (self, tag, "OK", "EXPUNGE completed");
}

static void
command_search (SpDemoImapSession *self,
                const char        *tag,
                SpImapCursor      *args,
                gboolean           uid)
{
  g_autoptr(SpImapSearch) search = NULL;
  g_autoptr(GString) reply = g_string_new ("* SEARCH");
  g_autofree char *error_message = NULL;
  SpImapSearchContext context = { 0, self->view->len, max_uid (self), FALSE };

  if (!sp_imap_read_space (args) || (search = sp_imap_search_parse (args, &error_message)) == NULL)
    {
      if (error_message != NULL)
        tagged (self, tag, error_message[0] == '[' ? "NO" : "BAD", "%s", error_message);
      else
        bad_syntax (self, tag, "SEARCH ALL, SEARCH UNSEEN, SEARCH FROM \"someone\"…");
      return;
    }

  for (guint i = 0; i < self->view->len; i++)
    {
      SpMailMessage *message = g_ptr_array_index (self->view, i);

      context.sequence = i + 1;
      context.recent = g_hash_table_contains (self->recent, message);
      if (sp_imap_search_matches (search, message, &context))
        g_string_append_printf (reply, " %u", uid ? sp_mail_message_get_uid (message) : i + 1);
    }

  sp_demo_session_reply (session (self), "%s", reply->str);
  tagged (self, tag, "OK", "%sSEARCH completed", uid ? "UID " : "");
}

static void
fetch_one (SpDemoImapSession *self,
           guint              position,
           GPtrArray         *items,
           gboolean           uid)
{
  SpMailMessage *message = g_ptr_array_index (self->view, position);
  g_autoptr(GString) reply = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  gboolean flags_given = FALSE, seen_now = FALSE;

  /* Reading the text marks the message \Seen, before its flags are written below. */
  for (guint i = 0; i < items->len && !self->read_only; i++)
    if (sp_imap_fetch_item_sets_seen (g_ptr_array_index (items, i)) &&
        (sp_mail_message_get_flags (message) & SP_MAIL_FLAG_SEEN) == 0)
      {
        sp_mail_message_set_flags (message, sp_mail_message_get_flags (message) | SP_MAIL_FLAG_SEEN);
        seen_now = TRUE;
      }

  g_string_append_printf (reply, "* %u FETCH (", position + 1);
  /* UID FETCH always names the UID (RFC 3501 §6.4.8). */
  if (uid)
    g_string_append_printf (reply, "UID %u", sp_mail_message_get_uid (message));

  for (guint i = 0; i < items->len; i++)
    {
      SpImapFetchItem *item = g_ptr_array_index (items, i);

      if (item->kind == SP_IMAP_FETCH_UID && uid)
        continue;
      if (reply->str[reply->len - 1] != '(')
        g_string_append_c (reply, ' ');

      if (item->kind == SP_IMAP_FETCH_UID)
        g_string_append_printf (reply, "UID %u", sp_mail_message_get_uid (message));
      else if (item->kind == SP_IMAP_FETCH_FLAGS)
        {
          g_autofree char *flags = flags_text (self, message);

          g_string_append_printf (reply, "FLAGS (%s)", flags);
          flags_given = TRUE;
        }
      else
        sp_imap_fetch_render (reply, item, message);
    }

  /* A flag the server changed is reported even when not asked for (RFC 3501 §6.4.5). */
  if (seen_now && !flags_given)
    {
      g_autofree char *flags = flags_text (self, message);

      g_string_append_printf (reply, " FLAGS (%s)", flags);
    }

  g_string_append (reply, ")\r\n");
  bytes = g_string_free_to_bytes (g_steal_pointer (&reply));
  sp_demo_session_reply_bytes (session (self), bytes);
}

static void
command_fetch (SpDemoImapSession *self,
               const char        *tag,
               SpImapCursor      *args,
               gboolean           uid)
{
  g_autoptr(GArray) set = NULL;
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *error_message = NULL;

  if (!sp_imap_read_space (args) || (set = sp_imap_read_sequence_set (args)) == NULL ||
      !sp_imap_read_space (args))
    {
      bad_syntax (self, tag, "FETCH 1:* (FLAGS RFC822.SIZE), FETCH 1 BODY.PEEK[]…");
      return;
    }
  items = sp_imap_fetch_parse (args, &error_message);
  if (items == NULL || !sp_imap_at_end (args))
    {
      tagged (self, tag, "BAD", "%s", error_message != NULL ? error_message : "Unexpected text after the FETCH items");
      return;
    }
  positions = resolve_set (self, set, uid, &error_message);
  if (positions == NULL)
    {
      tagged (self, tag, "BAD", "%s", error_message);
      return;
    }

  for (guint i = 0; i < positions->len; i++)
    fetch_one (self, g_array_index (positions, guint, i), items, uid);

  tagged (self, tag, "OK", "%sFETCH completed", uid ? "UID " : "");
}

/* A flag list's flags; keywords are accepted and forgotten, as PERMANENTFLAGS says. */
static gboolean
read_flags (SpImapCursor  *args,
            SpMailFlags   *flags,
            char         **error_message)
{
  gboolean list = sp_imap_read_char (args, '(');

  *flags = SP_MAIL_FLAG_NONE;
  if (list && sp_imap_read_char (args, ')'))
    return sp_imap_at_end (args);

  do
    {
      gboolean system = sp_imap_read_char (args, '\\');
      g_autofree char *name = sp_imap_read_atom (args);
      g_autofree char *full = NULL;
      SpMailFlags flag;

      if (name == NULL)
        return FALSE;
      if (!system)
        continue;

      full = g_strconcat ("\\", name, NULL);
      flag = sp_mail_flag_from_imap (full);
      if (flag == SP_MAIL_FLAG_NONE)
        {
          *error_message = g_strdup_printf ("%s cannot be stored; the flags are " SYSTEM_FLAGS, full);
          return FALSE;
        }
      *flags |= flag;
    }
  while (sp_imap_read_space (args));

  return (!list || sp_imap_read_char (args, ')')) && sp_imap_at_end (args);
}

static void
command_store (SpDemoImapSession *self,
               const char        *tag,
               SpImapCursor      *args,
               gboolean           uid)
{
  g_autoptr(GArray) set = NULL;
  g_autoptr(GArray) positions = NULL;
  g_autofree char *action = NULL;
  g_autofree char *error_message = NULL;
  SpMailFlags flags;
  gboolean silent;
  char mode;

  if (!sp_imap_read_space (args) || (set = sp_imap_read_sequence_set (args)) == NULL ||
      !sp_imap_read_space (args) || (action = sp_imap_read_atom (args)) == NULL ||
      !sp_imap_read_space (args))
    {
      bad_syntax (self, tag, "STORE 1 +FLAGS (\\Deleted)");
      return;
    }

  mode = action[0] == '+' || action[0] == '-' ? action[0] : '=';
  silent = g_ascii_strcasecmp (action + (mode != '='), "FLAGS.SILENT") == 0;
  if (!silent && g_ascii_strcasecmp (action + (mode != '='), "FLAGS") != 0)
    {
      bad_syntax (self, tag, "STORE set FLAGS|+FLAGS|-FLAGS[.SILENT] (flags)");
      return;
    }
  if (!read_flags (args, &flags, &error_message))
    {
      tagged (self, tag, "BAD", "%s", error_message != NULL ? error_message : "Syntax: STORE 1 +FLAGS (\\Seen \\Deleted)");
      return;
    }
  if (self->read_only)
    {
      tagged (self, tag, "NO", "The mailbox is read-only (EXAMINE); SELECT it to change flags");
      return;
    }
  positions = resolve_set (self, set, uid, &error_message);
  if (positions == NULL)
    {
      tagged (self, tag, "BAD", "%s", error_message);
      return;
    }

  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);
      SpMailMessage *message = g_ptr_array_index (self->view, position);
      SpMailFlags current = sp_mail_message_get_flags (message);

      sp_mail_message_set_flags (message, mode == '+' ? current | flags : mode == '-' ? current & ~flags : flags);
      if (!silent)
        {
          g_autofree char *text = flags_text (self, message);

          if (uid)
            sp_demo_session_reply (session (self), "* %u FETCH (UID %u FLAGS (%s))", position + 1,
                                   sp_mail_message_get_uid (message), text);
          else
            sp_demo_session_reply (session (self), "* %u FETCH (FLAGS (%s))", position + 1, text);
        }
    }

  tagged (self, tag, "OK", "%sSTORE completed", uid ? "UID " : "");
}

static const struct
{
  const char *name;
  CommandFunc func;
} uid_commands[] = {
  { "FETCH", command_fetch },
  { "SEARCH", command_search },
  { "STORE", command_store },
  { "COPY", command_only_inbox },
};

static void
command_uid (SpDemoImapSession *self,
             const char        *tag,
             SpImapCursor      *args,
             gboolean           uid)
{
  g_autofree char *name = NULL;

  if (!sp_imap_read_space (args) || (name = sp_imap_read_atom (args)) == NULL)
    {
      bad_syntax (self, tag, "UID FETCH|SEARCH|STORE …");
      return;
    }

  /* UID commands name messages by UID, which expunges do not shift. */
  self->allow_expunge = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (uid_commands); i++)
    if (g_ascii_strcasecmp (name, uid_commands[i].name) == 0)
      {
        uid_commands[i].func (self, tag, args, TRUE);
        return;
      }

  tagged (self, tag, "BAD", "UID %s is not a command here (UID FETCH, SEARCH and STORE are)", name);
}

static const struct
{
  const char  *name;
  State        states;
  gboolean     may_expunge;   /* may report expunges before its tagged OK */
  CommandFunc  func;
} commands[] = {
  { "CAPABILITY", ANY_STATE, TRUE, command_capability },
  { "NOOP", ANY_STATE, TRUE, command_noop },
  { "LOGOUT", ANY_STATE, TRUE, command_logout },
  { "LOGIN", STATE_NOT_AUTHENTICATED, TRUE, command_login },
  { "AUTHENTICATE", STATE_NOT_AUTHENTICATED, TRUE, command_authenticate },
  { "STARTTLS", STATE_NOT_AUTHENTICATED, TRUE, command_starttls },
  { "SELECT", LOGGED_IN, TRUE, command_select },
  { "EXAMINE", LOGGED_IN, TRUE, command_examine },
  { "LIST", LOGGED_IN, TRUE, command_list },
  { "LSUB", LOGGED_IN, TRUE, command_lsub },
  { "STATUS", LOGGED_IN, TRUE, command_status },
  { "SUBSCRIBE", LOGGED_IN, TRUE, command_subscribe },
  { "UNSUBSCRIBE", LOGGED_IN, TRUE, command_subscribe },
  { "CREATE", LOGGED_IN, TRUE, command_only_inbox },
  { "DELETE", LOGGED_IN, TRUE, command_only_inbox },
  { "RENAME", LOGGED_IN, TRUE, command_only_inbox },
  { "CHECK", STATE_SELECTED, TRUE, command_check },
  { "CLOSE", STATE_SELECTED, TRUE, command_close },
  { "EXPUNGE", STATE_SELECTED, TRUE, command_expunge },
  { "SEARCH", STATE_SELECTED, FALSE, command_search },
  { "FETCH", STATE_SELECTED, FALSE, command_fetch },
  { "STORE", STATE_SELECTED, FALSE, command_store },
  { "COPY", STATE_SELECTED, TRUE, command_only_inbox },
  { "UID", STATE_SELECTED, FALSE, command_uid },
};

static void
wrong_state (SpDemoImapSession *self,
             const char        *tag,
             State              wanted)
{
  if (self->state == STATE_NOT_AUTHENTICATED)
    tagged (self, tag, "BAD", "Command before login: LOGIN %s %s first", SP_DEMO_USER, SP_DEMO_PASSWORD);
  else if (wanted == STATE_NOT_AUTHENTICATED)
    tagged (self, tag, "BAD", "Already logged in");
  else
    tagged (self, tag, "BAD", "No mailbox selected: SELECT INBOX first");
}

static void
sp_demo_imap_session_line (SpDemoSession *session_,
                           const char    *line,
                           gsize          length)
{
  SpDemoImapSession *self = SP_DEMO_IMAP_SESSION (session_);
  g_autofree char *tag = NULL;
  g_autofree char *name = NULL;
  const char *space = strchr (line, ' ');
  SpImapCursor args;

  if (self->state == STATE_LOGOUT)
    return;

  if (length == 0)
    {
      sp_demo_session_reply (session_, "* BAD Empty line: a command is TAG COMMAND [ARGUMENTS]");
      return;
    }

  tag = g_strndup (line, space != NULL ? (gsize) (space - line) : length);
  if (!sp_imap_is_valid_tag (tag))
    {
      sp_demo_session_reply (session_, "* BAD Missing or invalid tag: a command is TAG COMMAND [ARGUMENTS]");
      return;
    }

  args.p = space != NULL ? space + 1 : line + length;
  name = sp_imap_read_atom (&args);
  if (name == NULL || (!sp_imap_at_end (&args) && *args.p != ' '))
    {
      tagged (self, tag, "BAD", "Missing or invalid command name");
      return;
    }

  /* A literal would need a "+" go-ahead and bytes counted across lines; not done here. */
  if (sp_imap_line_has_literal (line))
    {
      tagged (self, tag, "BAD", "Literals {n} are not supported by this demo server; send strings in quotes");
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_ascii_strcasecmp (name, commands[i].name) != 0)
        continue;

      if ((commands[i].states & self->state) == 0)
        wrong_state (self, tag, commands[i].states);
      else
        {
          self->allow_expunge = commands[i].may_expunge;
          commands[i].func (self, tag, &args, FALSE);
        }
      return;
    }

  tagged (self, tag, "BAD", "Unknown command %s (CAPABILITY, LOGIN, SELECT, FETCH, STORE, SEARCH, EXPUNGE, LOGOUT…)", name);
}

static void
sp_demo_imap_session_bad_input (SpDemoSession      *session_,
                                SpDemoInputProblem  problem)
{
  if (problem == SP_DEMO_INPUT_LINE_TOO_LONG)
    sp_demo_session_reply (session_, "* BAD Line too long (the limit is %u octets)", (guint) SP_DEMO_MAX_LINE);
  else
    sp_demo_session_reply (session_, "* BAD A command is text, without NUL bytes");
}

static void
sp_demo_imap_session_start (SpDemoSession *session_)
{
  SpDemoImapSession *self = SP_DEMO_IMAP_SESSION (session_);

  self->mailbox = g_object_ref (sp_demo_server_get_mailbox (sp_demo_session_get_server (session_)));
  sp_connection_set_queue_limit (sp_demo_session_get_connection (session_), SP_MAILBOX_SEND_QUEUE_LIMIT);
  sp_demo_session_reply (session_, "* OK [CAPABILITY " CAPABILITIES "] Socket Playground demo IMAP server ready");
}

static void
sp_demo_imap_session_finalize (GObject *object)
{
  SpDemoImapSession *self = SP_DEMO_IMAP_SESSION (object);

  g_hash_table_unref (self->recent);
  g_ptr_array_unref (self->view);
  g_clear_object (&self->mailbox);

  G_OBJECT_CLASS (sp_demo_imap_session_parent_class)->finalize (object);
}

static void
sp_demo_imap_session_class_init (SpDemoImapSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SpDemoSessionClass *session_class = SP_DEMO_SESSION_CLASS (klass);

  object_class->finalize = sp_demo_imap_session_finalize;

  session_class->start = sp_demo_imap_session_start;
  session_class->line = sp_demo_imap_session_line;
  session_class->bad_input = sp_demo_imap_session_bad_input;
}

static void
sp_demo_imap_session_init (SpDemoImapSession *self)
{
  self->state = STATE_NOT_AUTHENTICATED;
  self->view = g_ptr_array_new_with_free_func (g_object_unref);
  self->recent = g_hash_table_new (NULL, NULL);
  self->known_uid_next = 1;
}
