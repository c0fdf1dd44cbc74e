/* sp-demo-smtp.c — SMTP (RFC 5321): HELO/EHLO, MAIL, RCPT, DATA into the playground mailbox
 *
 * A mail transaction is MAIL FROM, one or more RCPT TO, then DATA: the message's lines
 * follow, a line starting with a dot gets a second dot on the wire (dot-stuffing), and
 * a line holding a lone dot ends the message. Every recipient is accepted and every
 * mail lands in the one playground mailbox, with the trace fields a delivering server
 * adds in front (Return-Path, Received). EHLO announces only what is done here: 8BITMIME
 * (8-bit bytes pass unchanged), SIZE and HELP; no AUTH or STARTTLS, which smtplib and
 * curl do not need to send.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-demo-protocols.h"
#include "sp-demo-server.h"
#include "sp-mail-parse.h"

/* The name the server gives itself in its greeting and in the Received field. */
#define SERVER_NAME "localhost"

/* RFC 5321 §4.5.3.1.8 asks servers to take at least 100 recipients. */
#define MAX_RECIPIENTS 100

typedef enum
{
  DATA_OK,
  DATA_TOO_BIG,
  DATA_LONG_LINE,
  DATA_BINARY,
} DataProblem;

#define SP_TYPE_DEMO_SMTP_SESSION (sp_demo_smtp_session_get_type ())
G_DECLARE_FINAL_TYPE (SpDemoSmtpSession, sp_demo_smtp_session, SP, DEMO_SMTP_SESSION, SpDemoSession)

struct _SpDemoSmtpSession
{
  SpDemoSession parent_instance;

  SpMailbox    *mailbox;
  char         *client_name;   /* from HELO/EHLO; NULL before */
  gboolean      extended;      /* EHLO rather than HELO */
  char         *reverse_path;  /* MAIL FROM's path, "" for <>; NULL outside a transaction */
  GPtrArray    *recipients;
  GByteArray   *data;          /* non-NULL while the message's lines arrive */
  DataProblem   problem;
};

G_DEFINE_FINAL_TYPE (SpDemoSmtpSession, sp_demo_smtp_session, SP_TYPE_DEMO_SESSION)

typedef void (*CommandFunc) (SpDemoSmtpSession *self,
                             const char        *args);

static SpDemoSession *
session (SpDemoSmtpSession *self)
{
  return SP_DEMO_SESSION (self);
}

static void
reset_transaction (SpDemoSmtpSession *self)
{
  g_clear_pointer (&self->reverse_path, g_free);
  g_ptr_array_set_size (self->recipients, 0);
  g_clear_pointer (&self->data, g_byte_array_unref);
  self->problem = DATA_OK;
}

/* Keeps what may go into a Received field: printable ASCII without spaces, not too long. */
static char *
sanitise (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0' && out->len < 255; p++)
    if (*p > ' ' && *p < 0x7f && *p != '(' && *p != ')' && *p != ';')
      g_string_append_c (out, *p);
  if (out->len == 0)
    g_string_append (out, "unknown");
  return g_string_free (out, FALSE);
}

/* "FROM:<path> PARAMS": the path without its brackets and the parameters after it.
 * A space after the colon is tolerated, as many servers do. */
static gboolean
parse_path (const char  *args,
            const char  *keyword,
            char       **path,
            char      ***params)
{
  gsize keyword_length = strlen (keyword);
  const char *open, *close;

  if (args == NULL || g_ascii_strncasecmp (args, keyword, keyword_length) != 0)
    return FALSE;

  open = args + keyword_length;
  while (*open == ' ')
    open++;
  if (*open != '<')
    return FALSE;
  close = strchr (open, '>');
  if (close == NULL)
    return FALSE;

  for (const char *p = open + 1; p < close; p++)
    if (*p <= ' ' || *p == '<' || *p == 0x7f)
      return FALSE;

  *path = g_strndup (open + 1, close - open - 1);
  *params = g_strsplit_set (close + 1, " ", -1);
  return TRUE;
}

static gboolean
has_room (SpDemoSmtpSession *self,
          guint64            size)
{
  return sp_mailbox_get_total_size (self->mailbox) + size <= SP_MAILBOX_MAX_TOTAL_SIZE;
}

/* 452 is temporary (RFC 5321 §4.2.5): it clears as soon as mail is deleted. */
static void
reply_mailbox_full (SpDemoSmtpSession *self)
{
  sp_demo_session_reply (session (self), "452 Insufficient system storage: the playground mailbox is full (%u MiB); "
                         "delete mail with POP3 or IMAP", (guint) (SP_MAILBOX_MAX_TOTAL_SIZE / (1024 * 1024)));
}

static void
command_helo (SpDemoSmtpSession *self,
              const char        *args)
{
  if (args == NULL || args[0] == '\0')
    {
      sp_demo_session_reply (session (self), "501 Syntax: HELO hostname");
      return;
    }

  /* A new greeting ends any transaction (RFC 5321 §4.1.4). */
  reset_transaction (self);
  g_free (self->client_name);
  self->client_name = sanitise (args);
  self->extended = FALSE;
  sp_demo_session_reply (session (self), "250 " SERVER_NAME " Hello %s", self->client_name);
}

static void
command_ehlo (SpDemoSmtpSession *self,
              const char        *args)
{
  g_autofree char *reply = NULL;

  if (args == NULL || args[0] == '\0')
    {
      sp_demo_session_reply (session (self), "501 Syntax: EHLO hostname");
      return;
    }

  reset_transaction (self);
  g_free (self->client_name);
  self->client_name = sanitise (args);
  self->extended = TRUE;
  reply = g_strdup_printf ("250-" SERVER_NAME " Hello %s\n"
                           "250-8BITMIME\n"
                           "250-SIZE %u\n"
                           "250 HELP",
                           self->client_name, (guint) SP_MAILBOX_MAX_MESSAGE_SIZE);
  sp_demo_session_reply_lines (session (self), reply);
}

static void
command_mail (SpDemoSmtpSession *self,
              const char        *args)
{
  g_autofree char *path = NULL;
  g_auto(GStrv) params = NULL;

  if (self->client_name == NULL)
    {
      sp_demo_session_reply (session (self), "503 Bad sequence of commands: send HELO or EHLO first");
      return;
    }
  if (self->reverse_path != NULL)
    {
      sp_demo_session_reply (session (self), "503 Bad sequence of commands: a sender is already given (RSET to start again)");
      return;
    }
  if (!parse_path (args, "FROM:", &path, &params))
    {
      sp_demo_session_reply (session (self), "501 Syntax: MAIL FROM:<address>");
      return;
    }

  for (gsize i = 0; params[i] != NULL; i++)
    {
      const char *param = params[i];

      if (param[0] == '\0')
        continue;

      if (g_ascii_strncasecmp (param, "SIZE=", 5) == 0 && self->extended)
        {
          guint64 size;

          if (!g_ascii_string_to_unsigned (param + 5, 10, 0, G_MAXUINT64, &size, NULL))
            {
              sp_demo_session_reply (session (self), "501 Syntax: SIZE=octets");
              return;
            }
          if (size > SP_MAILBOX_MAX_MESSAGE_SIZE)
            {
              sp_demo_session_reply (session (self), "552 Message size exceeds fixed maximum message size (%u octets)",
                                     (guint) SP_MAILBOX_MAX_MESSAGE_SIZE);
              return;
            }
          if (!has_room (self, size))
            {
              reply_mailbox_full (self);
              return;
            }
        }
      else if (g_ascii_strcasecmp (param, "BODY=7BIT") == 0 && self->extended)
        ;
      else if (g_ascii_strcasecmp (param, "BODY=8BITMIME") == 0 && self->extended)
        ;
      else
        {
          sp_demo_session_reply (session (self), "555 MAIL FROM parameter not recognized: %s", param);
          return;
        }
    }

  self->reverse_path = g_steal_pointer (&path);
  sp_demo_session_reply (session (self), "250 OK");
}

static void
command_rcpt (SpDemoSmtpSession *self,
              const char        *args)
{
  g_autofree char *path = NULL;
  g_auto(GStrv) params = NULL;

  if (self->reverse_path == NULL)
    {
      sp_demo_session_reply (session (self), "503 Bad sequence of commands: MAIL FROM comes before RCPT TO");
      return;
    }
  if (!parse_path (args, "TO:", &path, &params) || path[0] == '\0')
    {
      sp_demo_session_reply (session (self), "501 Syntax: RCPT TO:<address>");
      return;
    }
  for (gsize i = 0; params[i] != NULL; i++)
    if (params[i][0] != '\0')
      {
        sp_demo_session_reply (session (self), "555 RCPT TO parameter not recognized: %s", params[i]);
        return;
      }
  if (self->recipients->len >= MAX_RECIPIENTS)
    {
      sp_demo_session_reply (session (self), "452 Too many recipients");
      return;
    }

  g_ptr_array_add (self->recipients, g_steal_pointer (&path));
  sp_demo_session_reply (session (self), "250 OK, delivered to the playground mailbox");
}

static void
command_data (SpDemoSmtpSession *self,
              const char        *args)
{
  if (args != NULL && args[0] != '\0')
    {
      sp_demo_session_reply (session (self), "501 Syntax: DATA takes no argument");
      return;
    }
  if (self->reverse_path == NULL)
    {
      sp_demo_session_reply (session (self), "503 Bad sequence of commands: MAIL FROM and RCPT TO come before DATA");
      return;
    }
  if (self->recipients->len == 0)
    {
      sp_demo_session_reply (session (self), "503 Bad sequence of commands: RCPT TO comes before DATA");
      return;
    }

  self->data = g_byte_array_new ();
  self->problem = DATA_OK;
  sp_demo_session_reply (session (self), "354 Start mail input; end with <CRLF>.<CRLF>");
}

static void
command_rset (SpDemoSmtpSession *self,
              const char        *args)
{
  reset_transaction (self);
  sp_demo_session_reply (session (self), "250 OK");
}

static void
command_noop (SpDemoSmtpSession *self,
              const char        *args)
{
  sp_demo_session_reply (session (self), "250 OK");
}

static void
command_vrfy (SpDemoSmtpSession *self,
              const char        *args)
{
  if (args == NULL || args[0] == '\0')
    {
      sp_demo_session_reply (session (self), "501 Syntax: VRFY address");
      return;
    }
  /* RFC 5321 §3.5.3: the answer for a server that will not say who exists. */
  sp_demo_session_reply (session (self), "252 Cannot VRFY user, but will accept message and attempt delivery");
}

static void
command_help (SpDemoSmtpSession *self,
              const char        *args)
{
  sp_demo_session_reply_lines (session (self),
                               "214-Socket Playground demo SMTP server. Commands:\n"
                               "214-  HELO EHLO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT\n"
                               "214-A mail: MAIL FROM:<you@example.org>, RCPT TO:<learner@localhost>,\n"
                               "214-DATA, the message, then a line with a single dot.\n"
                               "214 End of HELP info");
}

static void
command_quit (SpDemoSmtpSession *self,
              const char        *args)
{
  reset_transaction (self);
  sp_demo_session_reply (session (self), "221 " SERVER_NAME " Service closing transmission channel");
  sp_demo_session_close (session (self));
}

static const struct
{
  const char  *name;
  CommandFunc  func;
} commands[] = {
  { "HELO", command_helo },
  { "EHLO", command_ehlo },
  { "MAIL", command_mail },
  { "RCPT", command_rcpt },
  { "DATA", command_data },
  { "RSET", command_rset },
  { "NOOP", command_noop },
  { "VRFY", command_vrfy },
  { "HELP", command_help },
  { "QUIT", command_quit },
};

/* Known to SMTP but not done here: 502 rather than 500 (RFC 5321 §4.2.4). */
static const char * const unimplemented[] = {
  "EXPN", "AUTH", "STARTTLS", "BDAT", "ETRN", "TURN", "ATRN", "SEND", "SOML", "SAML",
};

/* The client's address as RFC 5321's address-literal, for the Received field. */
static char *
peer_literal (SpDemoSmtpSession *self)
{
  const char *address = sp_connection_get_peer_address (sp_demo_session_get_connection (session (self)));
  const char *colon = address != NULL ? strrchr (address, ':') : NULL;

  if (colon == NULL || colon == address)
    return NULL;
  if (address[0] == '[')
    return g_strdup_printf ("[IPv6:%.*s]", (int) (colon - address - 2), address + 1);
  return g_strdup_printf ("[%.*s]", (int) (colon - address), address);
}

/* The trace fields of RFC 5321 §4.4, in front of the message as delivered. */
static GBytes *
add_trace_fields (SpDemoSmtpSession *self,
                  guint32            uid)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = sp_mail_format_date (now);
  g_autofree char *peer = peer_literal (self);
  g_autoptr(GString) message = g_string_new (NULL);

  g_string_append_printf (message, "Return-Path: <%s>\r\n", self->reverse_path);
  g_string_append_printf (message, "Received: from %s", self->client_name);
  if (peer != NULL)
    g_string_append_printf (message, " (%s)", peer);
  g_string_append_printf (message, "\r\n\tby " SERVER_NAME " (Socket Playground demo) with %s id %u",
                          self->extended ? "ESMTP" : "SMTP", uid);
  if (self->recipients->len == 1)
    g_string_append_printf (message, "\r\n\tfor <%s>", (const char *) g_ptr_array_index (self->recipients, 0));
  g_string_append_printf (message, "; %s\r\n", date);
  g_string_append_len (message, (const char *) self->data->data, self->data->len);

  return g_string_free_to_bytes (g_steal_pointer (&message));
}

static void
end_of_data (SpDemoSmtpSession *self)
{
  g_autoptr(GBytes) message = NULL;
  g_autofree char *note = NULL;
  SpMailMessage *delivered;
  guint size;

  switch (self->problem)
    {
    case DATA_TOO_BIG:
      sp_demo_session_reply (session (self), "552 Message exceeds fixed maximum message size (%u octets)",
                             (guint) SP_MAILBOX_MAX_MESSAGE_SIZE);
      reset_transaction (self);
      return;

    case DATA_LONG_LINE:
      sp_demo_session_reply (session (self), "552 Message refused: a line is longer than %u octets",
                             (guint) SP_DEMO_MAX_LINE);
      reset_transaction (self);
      return;

    case DATA_BINARY:
      sp_demo_session_reply (session (self), "554 Transaction failed: the message contains NUL bytes, which mail cannot carry");
      reset_transaction (self);
      return;

    case DATA_OK:
    default:
      break;
    }

  message = add_trace_fields (self, sp_mailbox_get_uid_next (self->mailbox));
  if (!has_room (self, g_bytes_get_size (message)))
    {
      reply_mailbox_full (self);
      reset_transaction (self);
      return;
    }
  delivered = sp_mailbox_add (self->mailbox, message, NULL);

  size = (guint) sp_mail_message_get_size (delivered);
  note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The message (%u byte) is delivered to the playground mailbox with UID %u.",
                                       "The message (%u bytes) is delivered to the playground mailbox with UID %u.",
                                       size),
                          size, sp_mail_message_get_uid (delivered));
  sp_demo_session_note (session (self), note);
  sp_demo_session_reply (session (self), "250 OK: delivered to the playground mailbox as UID %u",
                         sp_mail_message_get_uid (delivered));
  reset_transaction (self);
}

static void
data_line (SpDemoSmtpSession *self,
           const char        *line,
           gsize              length)
{
  if (length == 1 && line[0] == '.')
    {
      end_of_data (self);
      return;
    }

  /* Undo the dot-stuffing (RFC 5321 §4.5.2). */
  if (line[0] == '.')
    {
      line++;
      length--;
    }

  /* A refused message is still read to its final dot, so the next command is a command. */
  if (self->problem != DATA_OK)
    return;

  if (self->data->len + length + 2 > SP_MAILBOX_MAX_MESSAGE_SIZE)
    {
      self->problem = DATA_TOO_BIG;
      g_byte_array_set_size (self->data, 0);
      return;
    }

  g_byte_array_append (self->data, (const guint8 *) line, length);
  g_byte_array_append (self->data, (const guint8 *) "\r\n", 2);
}

static void
sp_demo_smtp_session_line (SpDemoSession *session_,
                           const char    *line,
                           gsize          length)
{
  SpDemoSmtpSession *self = SP_DEMO_SMTP_SESSION (session_);
  g_autofree char *verb = NULL;
  const char *space, *args = NULL;

  if (self->data != NULL)
    {
      data_line (self, line, length);
      return;
    }

  space = strchr (line, ' ');
  verb = g_strndup (line, space != NULL ? (gsize) (space - line) : length);
  if (space != NULL)
    args = space + 1;

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_ascii_strcasecmp (verb, commands[i].name) == 0)
      {
        commands[i].func (self, args);
        return;
      }

  for (gsize i = 0; i < G_N_ELEMENTS (unimplemented); i++)
    if (g_ascii_strcasecmp (verb, unimplemented[i]) == 0)
      {
        sp_demo_session_reply (session_, "502 Command not implemented by this demo server");
        return;
      }

  sp_demo_session_reply (session_, "500 Syntax error, command unrecognized (HELP lists the commands)");
}

static void
sp_demo_smtp_session_bad_input (SpDemoSession      *session_,
                                SpDemoInputProblem  problem)
{
  SpDemoSmtpSession *self = SP_DEMO_SMTP_SESSION (session_);

  /* Inside DATA the message is refused at its final dot; no reply before then. */
  if (self->data != NULL)
    {
      if (self->problem == DATA_OK)
        self->problem = problem == SP_DEMO_INPUT_LINE_TOO_LONG ? DATA_LONG_LINE : DATA_BINARY;
      g_byte_array_set_size (self->data, 0);
      return;
    }

  if (problem == SP_DEMO_INPUT_LINE_TOO_LONG)
    sp_demo_session_reply (session_, "500 Line too long (the limit is %u octets)", (guint) SP_DEMO_MAX_LINE);
  else
    sp_demo_session_reply (session_, "500 Syntax error: a command is text, without NUL bytes");
}

static void
sp_demo_smtp_session_start (SpDemoSession *session_)
{
  SpDemoSmtpSession *self = SP_DEMO_SMTP_SESSION (session_);

  self->mailbox = g_object_ref (sp_demo_server_get_mailbox (sp_demo_session_get_server (session_)));
  sp_demo_session_reply (session_, "220 " SERVER_NAME " ESMTP Socket Playground demo ready");
}

static void
sp_demo_smtp_session_closed (SpDemoSession *session_)
{
  SpDemoSmtpSession *self = SP_DEMO_SMTP_SESSION (session_);

  if (self->data != NULL)
    sp_demo_session_note (session_, _("The client left in the middle of DATA: the unfinished message is not delivered."));
  reset_transaction (self);
}

static void
sp_demo_smtp_session_finalize (GObject *object)
{
  SpDemoSmtpSession *self = SP_DEMO_SMTP_SESSION (object);

  reset_transaction (self);
  g_ptr_array_unref (self->recipients);
  g_free (self->client_name);
  g_clear_object (&self->mailbox);

  G_OBJECT_CLASS (sp_demo_smtp_session_parent_class)->finalize (object);
}

static void
sp_demo_smtp_session_class_init (SpDemoSmtpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SpDemoSessionClass *session_class = SP_DEMO_SESSION_CLASS (klass);

  object_class->finalize = sp_demo_smtp_session_finalize;

  session_class->start = sp_demo_smtp_session_start;
  session_class->line = sp_demo_smtp_session_line;
  session_class->bad_input = sp_demo_smtp_session_bad_input;
  session_class->closed = sp_demo_smtp_session_closed;
}

static void
sp_demo_smtp_session_init (SpDemoSmtpSession *self)
{
  self->recipients = g_ptr_array_new_with_free_func (g_free);
}
