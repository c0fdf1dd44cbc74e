/* sp-demo-pop3.c — POP3 (RFC 1939, CAPA from RFC 2449) on the playground mailbox
 *
 * Three states: AUTHORIZATION (USER then PASS), TRANSACTION (the maildrop as it was at
 * login, numbered from 1; DELE only marks), and UPDATE, entered by QUIT alone, where the
 * marked messages are really removed. A client that vanishes without QUIT removes nothing.
 * Multi-line replies end with a lone dot; a line of the message starting with a dot gets
 * a second one (byte-stuffing), which the client takes off.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-demo-protocols.h"
#include "sp-demo-server.h"

typedef enum
{
  STATE_AUTHORIZATION = 1 << 0,
  STATE_TRANSACTION   = 1 << 1,
} State;

#define SP_TYPE_DEMO_POP3_SESSION (sp_demo_pop3_session_get_type ())
G_DECLARE_FINAL_TYPE (SpDemoPop3Session, sp_demo_pop3_session, SP, DEMO_POP3_SESSION, SpDemoSession)

struct _SpDemoPop3Session
{
  SpDemoSession parent_instance;

  SpMailbox    *mailbox;
  State         state;
  char         *user;        /* from USER, waiting for PASS */
  GPtrArray    *maildrop;    /* SpMailMessage, as numbered in this session */
  GArray       *deleted;     /* gboolean per message */
};

G_DEFINE_FINAL_TYPE (SpDemoPop3Session, sp_demo_pop3_session, SP_TYPE_DEMO_SESSION)

typedef void (*CommandFunc) (SpDemoPop3Session *self,
                             char             **args);

static SpDemoSession *
session (SpDemoPop3Session *self)
{
  return SP_DEMO_SESSION (self);
}

static gboolean
is_deleted (SpDemoPop3Session *self,
            guint              index)
{
  return g_array_index (self->deleted, gboolean, index);
}

/* The message numbered by @arg, or NULL after an -ERR reply. Marked and vanished messages
 * do not exist for the client (RFC 1939 §5). */
static SpMailMessage *
find_message (SpDemoPop3Session *self,
              const char        *arg,
              guint             *out_number)
{
  SpMailMessage *message;
  guint64 number;

  if (arg == NULL || !g_ascii_string_to_unsigned (arg, 10, 1, G_MAXUINT, &number, NULL))
    {
      sp_demo_session_reply (session (self), "-ERR A message number is expected (1 to %u)", self->maildrop->len);
      return NULL;
    }
  if (number > self->maildrop->len || is_deleted (self, number - 1))
    {
      sp_demo_session_reply (session (self), "-ERR No such message");
      return NULL;
    }

  message = g_ptr_array_index (self->maildrop, number - 1);
  if (sp_mail_message_get_expunged (message))
    {
      sp_demo_session_reply (session (self), "-ERR Message %u was removed by another client", (guint) number);
      return NULL;
    }

  if (out_number != NULL)
    *out_number = (guint) number;
  return message;
}

static void
count_maildrop (SpDemoPop3Session *self,
                guint             *count,
                guint64           *size)
{
  *count = 0;
  *size = 0;
  for (guint i = 0; i < self->maildrop->len; i++)
    {
      SpMailMessage *message = g_ptr_array_index (self->maildrop, i);

      if (is_deleted (self, i) || sp_mail_message_get_expunged (message))
        continue;
      (*count)++;
      *size += sp_mail_message_get_size (message);
    }
}

/* A message, or its first lines, byte-stuffed, then the final dot. */
static void
send_message (SpDemoPop3Session *self,
              SpMailMessage     *message,
              const char        *status,
              gsize              body_lines)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  gsize size, pos = 0, header_length = sp_mail_message_get_header_length (message);
  const guint8 *data = g_bytes_get_data (sp_mail_message_get_bytes (message), &size);

  g_byte_array_append (out, (const guint8 *) status, strlen (status));
  g_byte_array_append (out, (const guint8 *) "\r\n", 2);

  while (pos < size)
    {
      const guint8 *lf = memchr (data + pos, '\n', size - pos);
      gsize next = lf != NULL ? (gsize) (lf - data) + 1 : size;

      if (pos >= header_length && body_lines-- == 0)
        break;
      if (data[pos] == '.')
        g_byte_array_append (out, (const guint8 *) ".", 1);
      g_byte_array_append (out, data + pos, next - pos);
      pos = next;
    }

  g_byte_array_append (out, (const guint8 *) ".\r\n", 3);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&out));
  sp_demo_session_reply_bytes (session (self), bytes);
}

static void
command_capa (SpDemoPop3Session *self,
              char             **args)
{
  sp_demo_session_reply_lines (session (self),
                               "+OK Capability list follows\n"
                               "USER\n"
                               "TOP\n"
                               "UIDL\n"
                               "IMPLEMENTATION Socket-Playground-demo\n"
                               ".");
}

static void
command_user (SpDemoPop3Session *self,
              char             **args)
{
  if (args[0] == NULL)
    {
      sp_demo_session_reply (session (self), "-ERR Syntax: USER name");
      return;
    }

  g_free (self->user);
  self->user = g_strdup (args[0]);
  sp_demo_session_reply (session (self), "+OK Send PASS");
}

static void
command_pass (SpDemoPop3Session *self,
              char             **args)
{
  g_autofree char *user = g_steal_pointer (&self->user);
  guint count;
  guint64 size;

  if (user == NULL)
    {
      sp_demo_session_reply (session (self), "-ERR USER comes before PASS");
      return;
    }
  /* The password is the rest of the line: it may hold spaces (RFC 1939 §7). */
  if (args[0] == NULL || g_strcmp0 (user, SP_DEMO_USER) != 0 || strcmp (args[0], SP_DEMO_PASSWORD) != 0)
    {
      sp_demo_session_reply (session (self), "-ERR Wrong user name or password (the demo login is %s / %s)",
                             SP_DEMO_USER, SP_DEMO_PASSWORD);
      return;
    }

  /* The maildrop is what the mailbox holds now; later mail waits for the next login. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->mailbox)); i++)
    g_ptr_array_add (self->maildrop, g_object_ref (sp_mailbox_get_message (self->mailbox, i)));
  g_array_set_size (self->deleted, self->maildrop->len);

  self->state = STATE_TRANSACTION;
  count_maildrop (self, &count, &size);
  sp_demo_session_reply (session (self), "+OK %s's maildrop has %u messages (%" G_GUINT64_FORMAT " octets)",
                         SP_DEMO_USER, count, size);
}

static void
command_stat (SpDemoPop3Session *self,
              char             **args)
{
  guint count;
  guint64 size;

  count_maildrop (self, &count, &size);
  sp_demo_session_reply (session (self), "+OK %u %" G_GUINT64_FORMAT, count, size);
}

/* LIST and UIDL: one message with an argument, else a multi-line listing. */
static void
list_messages (SpDemoPop3Session *self,
               char             **args,
               gboolean           uids)
{
  g_autoptr(GString) reply = NULL;
  guint32 validity = sp_mailbox_get_uid_validity (self->mailbox);

  if (args[0] != NULL)
    {
      guint number;
      SpMailMessage *message = find_message (self, args[0], &number);

      if (message == NULL)
        return;
      if (uids)
        sp_demo_session_reply (session (self), "+OK %u %u.%u", number, validity, sp_mail_message_get_uid (message));
      else
        sp_demo_session_reply (session (self), "+OK %u %" G_GSIZE_FORMAT, number, sp_mail_message_get_size (message));
      return;
    }

  reply = g_string_new (uids ? "+OK Unique-ID listing follows\n" : "+OK Scan listing follows\n");
  for (guint i = 0; i < self->maildrop->len; i++)
    {
      SpMailMessage *message = g_ptr_array_index (self->maildrop, i);

      if (is_deleted (self, i) || sp_mail_message_get_expunged (message))
        continue;
      /* A UIDL string is unique for good (RFC 1939 §7): the mailbox's UIDVALIDITY and the UID. */
      if (uids)
        g_string_append_printf (reply, "%u %u.%u\n", i + 1, validity, sp_mail_message_get_uid (message));
      else
        g_string_append_printf (reply, "%u %" G_GSIZE_FORMAT "\n", i + 1, sp_mail_message_get_size (message));
    }
  g_string_append_c (reply, '.');
  sp_demo_session_reply_lines (session (self), reply->str);
}

static void
command_list (SpDemoPop3Session *self,
              char             **args)
{
  list_messages (self, args, FALSE);
}

static void
command_uidl (SpDemoPop3Session *self,
              char             **args)
{
  list_messages (self, args, TRUE);
}

static void
command_retr (SpDemoPop3Session *self,
              char             **args)
{
  g_autofree char *status = NULL;
  SpMailMessage *message = find_message (self, args[0], NULL);

  if (message == NULL)
    return;

  status = g_strdup_printf ("+OK %" G_GSIZE_FORMAT " octets", sp_mail_message_get_size (message));
  send_message (self, message, status, G_MAXSIZE);
  sp_mail_message_set_flags (message, sp_mail_message_get_flags (message) | SP_MAIL_FLAG_SEEN);
}

static void
command_top (SpDemoPop3Session *self,
             char             **args)
{
  SpMailMessage *message;
  guint64 lines;

  if (args[0] == NULL || args[1] == NULL ||
      !g_ascii_string_to_unsigned (args[1], 10, 0, G_MAXSIZE, &lines, NULL))
    {
      sp_demo_session_reply (session (self), "-ERR Syntax: TOP message lines");
      return;
    }
  message = find_message (self, args[0], NULL);
  if (message == NULL)
    return;

  send_message (self, message, "+OK Top of message follows", (gsize) lines);
}

static void
command_dele (SpDemoPop3Session *self,
              char             **args)
{
  guint number;

  if (find_message (self, args[0], &number) == NULL)
    return;

  g_array_index (self->deleted, gboolean, number - 1) = TRUE;
  sp_demo_session_reply (session (self), "+OK Message %u marked for deletion (removed at QUIT)", number);
}

static void
command_rset (SpDemoPop3Session *self,
              char             **args)
{
  guint count;
  guint64 size;

  for (guint i = 0; i < self->deleted->len; i++)
    g_array_index (self->deleted, gboolean, i) = FALSE;

  count_maildrop (self, &count, &size);
  sp_demo_session_reply (session (self), "+OK Maildrop has %u messages (%" G_GUINT64_FORMAT " octets)", count, size);
}

static void
command_noop (SpDemoPop3Session *self,
              char             **args)
{
  sp_demo_session_reply (session (self), "+OK");
}

static void
command_quit (SpDemoPop3Session *self,
              char             **args)
{
  guint removed = 0;

  if (self->state != STATE_TRANSACTION)
    {
      sp_demo_session_reply (session (self), "+OK Socket Playground demo POP3 server signing off");
      sp_demo_session_close (session (self));
      return;
    }

  /* The UPDATE state (RFC 1939 §6). */
  for (guint i = 0; i < self->maildrop->len; i++)
    if (is_deleted (self, i) && sp_mailbox_remove (self->mailbox, g_ptr_array_index (self->maildrop, i)))
      removed++;

  if (removed > 0)
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "QUIT removed %u message from the playground mailbox.",
                                                            "QUIT removed %u messages from the playground mailbox.",
                                                            removed),
                                               removed);
      sp_demo_session_note (session (self), note);
    }

  g_array_set_size (self->deleted, 0);
  g_ptr_array_set_size (self->maildrop, 0);
  sp_demo_session_reply (session (self), "+OK Socket Playground demo POP3 server signing off (%u messages left)",
                         g_list_model_get_n_items (G_LIST_MODEL (self->mailbox)));
  sp_demo_session_close (session (self));
}

static const struct
{
  const char  *name;
  State        states;
  CommandFunc  func;
} commands[] = {
  { "CAPA", STATE_AUTHORIZATION | STATE_TRANSACTION, command_capa },
  { "USER", STATE_AUTHORIZATION, command_user },
  { "PASS", STATE_AUTHORIZATION, command_pass },
  { "QUIT", STATE_AUTHORIZATION | STATE_TRANSACTION, command_quit },
  { "STAT", STATE_TRANSACTION, command_stat },
  { "LIST", STATE_TRANSACTION, command_list },
  { "UIDL", STATE_TRANSACTION, command_uidl },
  { "RETR", STATE_TRANSACTION, command_retr },
  { "TOP", STATE_TRANSACTION, command_top },
  { "DELE", STATE_TRANSACTION, command_dele },
  { "RSET", STATE_TRANSACTION, command_rset },
  { "NOOP", STATE_TRANSACTION, command_noop },
};

static void
sp_demo_pop3_session_line (SpDemoSession *session_,
                           const char    *line,
                           gsize          length)
{
  SpDemoPop3Session *self = SP_DEMO_POP3_SESSION (session_);
  g_auto(GStrv) words = NULL;
  const char *space;

  /* Keywords and arguments are separated by single spaces (RFC 1939 §3); PASS keeps the
   * whole rest of the line, spaces included. */
  space = strchr (line, ' ');
  if (space != NULL && g_ascii_strncasecmp (line, "PASS ", 5) == 0)
    {
      words = g_new0 (char *, 3);
      words[0] = g_strndup (line, space - line);
      words[1] = g_strdup (space + 1);
    }
  else
    words = g_strsplit (line, " ", 0);

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (words[0] == NULL || g_ascii_strcasecmp (words[0], commands[i].name) != 0)
        continue;

      if ((commands[i].states & self->state) == 0)
        sp_demo_session_reply (session_, self->state == STATE_AUTHORIZATION
                                         ? "-ERR Log in first (USER then PASS)"
                                         : "-ERR Already logged in");
      else
        commands[i].func (self, words + 1);
      return;
    }

  sp_demo_session_reply (session_, "-ERR Unknown command (CAPA lists what this server does)");
}

static void
sp_demo_pop3_session_bad_input (SpDemoSession      *session_,
                                SpDemoInputProblem  problem)
{
  if (problem == SP_DEMO_INPUT_LINE_TOO_LONG)
    sp_demo_session_reply (session_, "-ERR Line too long (the limit is %u octets)", (guint) SP_DEMO_MAX_LINE);
  else
    sp_demo_session_reply (session_, "-ERR A command is text, without NUL bytes");
}

static void
sp_demo_pop3_session_start (SpDemoSession *session_)
{
  SpDemoPop3Session *self = SP_DEMO_POP3_SESSION (session_);

  self->mailbox = g_object_ref (sp_demo_server_get_mailbox (sp_demo_session_get_server (session_)));
  sp_connection_set_queue_limit (sp_demo_session_get_connection (session_), SP_MAILBOX_SEND_QUEUE_LIMIT);
  sp_demo_session_reply (session_, "+OK Socket Playground demo POP3 server ready");
}

static void
sp_demo_pop3_session_closed (SpDemoSession *session_)
{
  SpDemoPop3Session *self = SP_DEMO_POP3_SESSION (session_);

  for (guint i = 0; i < self->deleted->len; i++)
    if (is_deleted (self, i))
      {
        sp_demo_session_note (session_, _("The client left without QUIT: messages marked with DELE stay in the mailbox."));
        break;
      }
}

static void
sp_demo_pop3_session_finalize (GObject *object)
{
  SpDemoPop3Session *self = SP_DEMO_POP3_SESSION (object);

  g_free (self->user);
  g_ptr_array_unref (self->maildrop);
  g_array_unref (self->deleted);
  g_clear_object (&self->mailbox);

  G_OBJECT_CLASS (sp_demo_pop3_session_parent_class)->finalize (object);
}

static void
sp_demo_pop3_session_class_init (SpDemoPop3SessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SpDemoSessionClass *session_class = SP_DEMO_SESSION_CLASS (klass);

  object_class->finalize = sp_demo_pop3_session_finalize;

  session_class->start = sp_demo_pop3_session_start;
  session_class->line = sp_demo_pop3_session_line;
  session_class->bad_input = sp_demo_pop3_session_bad_input;
  session_class->closed = sp_demo_pop3_session_closed;
}

static void
sp_demo_pop3_session_init (SpDemoPop3Session *self)
{
  self->state = STATE_AUTHORIZATION;
  self->maildrop = g_ptr_array_new_with_free_func (g_object_unref);
  self->deleted = g_array_new (FALSE, TRUE, sizeof (gboolean));
}
