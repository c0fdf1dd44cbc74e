/* sp-demo-telnet.c — Telnet (RFC 854): a login and a small command prompt
 *
 * Telnet carries text lines between a terminal and a remote system, with commands mixed
 * into the same byte stream: byte 255 (IAC, "interpret as command") starts one. The
 * option commands (RFC 855) let each side ask the other to change a mode: WILL/WONT say
 * what the sender offers to do or stops doing, DO/DONT what it asks the other side to do.
 * Those bytes are taken out here, in the filter, before the rest is cut into lines, so
 * they never show up as text; a data byte 255 travels doubled (IAC IAC).
 *
 * The server asks for one harmless mode, DO SUPPRESS-GO-AHEAD (RFC 858), and refuses every
 * other option: the client keeps its line editing and its own echo, which suits a
 * line-based prompt. It asks for the playground's login, like a real Telnet server, to
 * show that the password crosses the network as plain text, the reason SSH replaced Telnet.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-demo-protocols.h"
#include "sp-demo-server.h"

/* Telnet commands (RFC 854) */
#define IAC  255
#define DONT 254
#define DO   253
#define WONT 252
#define WILL 251
#define SB   250
#define EL   248
#define EC   247
#define AYT  246
#define SE   240

#define OPTION_SGA 3

#define PROMPT "playground> "
#define MAX_LOGIN_FAILURES 3

/* Control characters the prompt's line editing understands. */
#define CHAR_BACKSPACE  0x08
#define CHAR_DELETE     0x7f
#define CHAR_ERASE_LINE 0x15  /* Ctrl+U */

#define SP_TYPE_DEMO_TELNET_SESSION (sp_demo_telnet_session_get_type ())
G_DECLARE_FINAL_TYPE (SpDemoTelnetSession, sp_demo_telnet_session, SP, DEMO_TELNET_SESSION, SpDemoSession)

typedef enum
{
  PARSE_DATA,
  PARSE_CR,         /* after a CR: NUL or LF decides */
  PARSE_IAC,        /* after IAC */
  PARSE_OPTION,     /* after IAC and WILL, WONT, DO or DONT */
  PARSE_SB,         /* inside a subnegotiation, skipped */
  PARSE_SB_IAC,     /* after IAC inside a subnegotiation */
} ParseState;

typedef enum
{
  STAGE_LOGIN,
  STAGE_PASSWORD,
  STAGE_SHELL,
} Stage;

typedef enum
{
  OPTION_OFF,
  OPTION_ASKED,     /* we sent DO, no answer yet */
  OPTION_ON,
} OptionState;

struct _SpDemoTelnetSession
{
  SpDemoSession parent_instance;

  ParseState    parse_state;
  guchar        verb;
  OptionState   client_sga;     /* the only option accepted: the client suppresses go-ahead */
  guint         n_refused;

  Stage         stage;
  char         *user;
  guint         n_failures;
};

G_DEFINE_FINAL_TYPE (SpDemoTelnetSession, sp_demo_telnet_session, SP_TYPE_DEMO_SESSION)

static const char *
option_name (guchar option)
{
  switch (option)
    {
    case 0: return "TRANSMIT-BINARY";
    case 1: return "ECHO";
    case 3: return "SUPPRESS-GO-AHEAD";
    case 5: return "STATUS";
    case 6: return "TIMING-MARK";
    case 24: return "TERMINAL-TYPE";
    case 31: return "NAWS (window size)";
    case 32: return "TERMINAL-SPEED";
    case 33: return "TOGGLE-FLOW-CONTROL";
    case 34: return "LINEMODE";
    case 35: return "X-DISPLAY-LOCATION";
    case 36: return "ENVIRON";
    case 39: return "NEW-ENVIRON";
    default: return NULL;
    }
}

static const char *
verb_name (guchar verb)
{
  switch (verb)
    {
    case WILL: return "WILL";
    case WONT: return "WONT";
    case DO: return "DO";
    case DONT: return "DONT";
    default: return "?";
    }
}

static void
note_option (SpDemoTelnetSession *self,
             gboolean             from_client,
             guchar               verb,
             guchar               option,
             const char          *meaning)
{
  g_autofree char *message = NULL;
  g_autofree char *option_text = NULL;
  const char *name = option_name (option);

  option_text = name != NULL ? g_strdup_printf ("%s (%u)", name, option) : g_strdup_printf ("%u", option);
  /* Translators: %s are a Telnet command (DO, WILL…), an option such as "ECHO (1)", and
   * what the server makes of it. */
  message = g_strdup_printf (from_client ? _("Telnet option: the client sends IAC %s %s; %s")
                                         : _("Telnet option: the server sends IAC %s %s; %s"),
                             verb_name (verb), option_text, meaning);
  sp_demo_session_note (SP_DEMO_SESSION (self), message);
}

/* Option negotiation ----------------------------------------------------------------- */

static void
answer_option (SpDemoTelnetSession *self,
               guchar               verb,
               guchar               option,
               GByteArray          *answers)
{
  guchar reply[3] = { IAC, 0, option };

  /* Only a change of state gets an answer, so two sides cannot loop (RFC 854). */
  switch (verb)
    {
    case WILL:
      if (option == OPTION_SGA)
        {
          if (self->client_sga == OPTION_ON)
            return;
          if (self->client_sga == OPTION_OFF)
            {
              reply[1] = DO;
              g_byte_array_append (answers, reply, 3);
            }
          self->client_sga = OPTION_ON;
          note_option (self, TRUE, verb, option, _("accepted; the client will not send go-ahead signals."));
          return;
        }
      reply[1] = DONT;
      g_byte_array_append (answers, reply, 3);
      self->n_refused++;
      note_option (self, TRUE, verb, option, _("refused with DONT; this demo needs no such mode."));
      return;

    case WONT:
      if (option == OPTION_SGA && self->client_sga != OPTION_OFF)
        {
          if (self->client_sga == OPTION_ON)
            {
              reply[1] = DONT;
              g_byte_array_append (answers, reply, 3);
            }
          self->client_sga = OPTION_OFF;
          note_option (self, TRUE, verb, option, _("the client declines; nothing changes for a line-based prompt."));
        }
      return;

    case DO:
      /* The server does no option: the client keeps its own echo and line editing. */
      reply[1] = WONT;
      g_byte_array_append (answers, reply, 3);
      self->n_refused++;
      note_option (self, TRUE, verb, option,
                   option == 1 ? _("refused with WONT; the client keeps echoing what is typed.")
                               : _("refused with WONT; this demo offers no options."));
      return;

    case DONT:
    default:
      /* Already off. */
      return;
    }
}

/* Takes the Telnet commands out of @bytes, answers the options, and returns the text. */
static GBytes *
sp_demo_telnet_session_filter (SpDemoSession *session,
                               GBytes        *bytes)
{
  SpDemoTelnetSession *self = SP_DEMO_TELNET_SESSION (session);
  g_autoptr(GByteArray) text = g_byte_array_new ();
  g_autoptr(GByteArray) answers = g_byte_array_new ();
  gsize size;
  const guchar *data = g_bytes_get_data (bytes, &size);
  static const guchar line_end[] = { '\r', '\n' };

  for (gsize i = 0; i < size; i++)
    {
      guchar c = data[i];

      switch (self->parse_state)
        {
        case PARSE_CR:
          self->parse_state = PARSE_DATA;
          /* CR NUL is a carriage return alone (RFC 854); a terminal sends it for Enter. */
          if (c == '\0')
            {
              g_byte_array_append (text, line_end, 2);
              break;
            }
          g_byte_array_append (text, line_end, 1);
          G_GNUC_FALLTHROUGH;

        case PARSE_DATA:
          if (c == IAC)
            self->parse_state = PARSE_IAC;
          else if (c == '\r')
            self->parse_state = PARSE_CR;
          else if (c != '\0')   /* NUL is a no-operation in the network virtual terminal */
            g_byte_array_append (text, &c, 1);
          break;

        case PARSE_IAC:
          self->parse_state = PARSE_DATA;
          if (c == IAC)
            g_byte_array_append (text, &c, 1);
          else if (c == WILL || c == WONT || c == DO || c == DONT)
            {
              self->verb = c;
              self->parse_state = PARSE_OPTION;
            }
          else if (c == SB)
            self->parse_state = PARSE_SB;
          else if (c == EC)
            {
              guchar erase = CHAR_BACKSPACE;
              g_byte_array_append (text, &erase, 1);
            }
          else if (c == EL)
            {
              guchar erase = CHAR_ERASE_LINE;
              g_byte_array_append (text, &erase, 1);
            }
          else if (c == AYT)
            {
              static const char yes[] = "\r\n[Yes, the Socket Playground Telnet demo is here.]\r\n";
              g_byte_array_append (answers, (const guchar *) yes, sizeof yes - 1);
              sp_demo_session_note (session, _("Telnet: the client asks “Are you there?” (IAC AYT); the server says yes."));
            }
          /* NOP, DM, BRK, IP, AO, GA and stray SE need no answer from a line prompt. */
          break;

        case PARSE_OPTION:
          self->parse_state = PARSE_DATA;
          answer_option (self, self->verb, c, answers);
          break;

        case PARSE_SB:
          if (c == IAC)
            self->parse_state = PARSE_SB_IAC;
          break;

        case PARSE_SB_IAC:
          /* IAC SE ends it; IAC IAC is a data byte 255 inside it. */
          self->parse_state = c == SE ? PARSE_DATA : PARSE_SB;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (answers->len > 0)
    {
      g_autoptr(GBytes) reply = g_byte_array_free_to_bytes (g_steal_pointer (&answers));
      sp_demo_session_send (session, reply);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&text));
}

/* Text ----------------------------------------------------------------------------------- */

/* Applies the erase characters a line may hold, as a terminal in line mode would have. */
static char *
edit_line (const char *line)
{
  GString *edited = g_string_new (NULL);

  for (const char *c = line; *c != '\0'; c++)
    {
      if (*c == CHAR_BACKSPACE || *c == CHAR_DELETE)
        {
          /* Erase one character, all of its UTF-8 bytes. */
          while (edited->len > 0 && (edited->str[edited->len - 1] & 0xc0) == 0x80)
            g_string_truncate (edited, edited->len - 1);
          if (edited->len > 0)
            g_string_truncate (edited, edited->len - 1);
        }
      else if (*c == CHAR_ERASE_LINE)
        g_string_truncate (edited, 0);
      else
        g_string_append_c (edited, *c);
    }

  return g_strstrip (g_string_free (edited, FALSE));
}

/* Sends @lines (may be NULL), then @prompt without a line end, as the terminal shows them:
 * a data byte 255 doubled, other control characters as '?'. */
static void
say (SpDemoTelnetSession *self,
     const char          *lines,
     const char          *prompt)
{
  g_autoptr(GString) safe = NULL;
  g_autoptr(GBytes) prompt_bytes = NULL;

  if (lines != NULL)
    {
      safe = g_string_new (NULL);
      for (const guchar *c = (const guchar *) lines; *c != '\0'; c++)
        {
          if (*c == IAC)
            g_string_append (safe, "\xff\xff");
          else if ((*c < 0x20 && *c != '\n') || *c == CHAR_DELETE)
            g_string_append_c (safe, '?');
          else
            g_string_append_c (safe, *c);
        }
    }

  if (prompt != NULL)
    prompt_bytes = g_bytes_new_static (prompt, strlen (prompt));

  sp_demo_session_reply_with_data (SP_DEMO_SESSION (self), safe != NULL ? safe->str : NULL, prompt_bytes);
}

/* Commands --------------------------------------------------------------------------- */

typedef void (*CommandFunc) (SpDemoTelnetSession *self,
                             const char          *argument);

typedef struct
{
  const char  *name;
  CommandFunc  func;
  const char  *help;
} Command;

static void command_help (SpDemoTelnetSession *self, const char *argument);

static void
command_date (SpDemoTelnetSession *self,
              const char          *argument)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = g_date_time_format_iso8601 (now);

  say (self, text, PROMPT);
}

static void
command_echo (SpDemoTelnetSession *self,
              const char          *argument)
{
  say (self, argument, PROMPT);
}

static void
command_whoami (SpDemoTelnetSession *self,
                const char          *argument)
{
  say (self, self->user, PROMPT);
}

static void
command_options (SpDemoTelnetSession *self,
                 const char          *argument)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("SUPPRESS-GO-AHEAD (client): %s\n"
                          "Options refused so far: %u\n"
                          "Echo and line editing stay with your terminal.",
                          self->client_sga == OPTION_ON ? "on"
                          : self->client_sga == OPTION_ASKED ? "asked, no answer yet" : "off",
                          self->n_refused);
  say (self, text, PROMPT);
}

static void
command_quit (SpDemoTelnetSession *self,
              const char          *argument)
{
  say (self, "Goodbye.", NULL);
  sp_demo_session_close (SP_DEMO_SESSION (self));
}

static const Command commands[] = {
  { "help", command_help, "list these commands" },
  { "date", command_date, "the server's date and time (UTC)" },
  { "echo", command_echo, "echo TEXT: send TEXT back" },
  { "whoami", command_whoami, "the user you logged in as" },
  { "options", command_options, "the Telnet options negotiated" },
  { "quit", command_quit, "close the connection (also exit, logout)" },
  { "exit", command_quit, NULL },
  { "logout", command_quit, NULL },
};

static void
command_help (SpDemoTelnetSession *self,
              const char          *argument)
{
  g_autoptr(GString) text = g_string_new ("Commands:");

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].help != NULL)
      g_string_append_printf (text, "\n  %-8s %s", commands[i].name, commands[i].help);

  say (self, text->str, PROMPT);
}

static void
run_command (SpDemoTelnetSession *self,
             const char          *line)
{
  g_autofree char *name = NULL;
  const char *space = strchr (line, ' ');
  const char *argument = "";

  if (line[0] == '\0')
    {
      say (self, NULL, PROMPT);
      return;
    }

  name = space != NULL ? g_strndup (line, space - line) : g_strdup (line);
  if (space != NULL)
    argument = space + 1;

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_ascii_strcasecmp (commands[i].name, name) == 0)
      {
        commands[i].func (self, argument);
        return;
      }

  {
    g_autofree char *text = g_strdup_printf ("Unknown command: %s. Type help to list the commands.", name);
    say (self, text, PROMPT);
  }
}

/* Login and lines ---------------------------------------------------------------------- */

static void
sp_demo_telnet_session_start (SpDemoSession *session)
{
  SpDemoTelnetSession *self = SP_DEMO_TELNET_SESSION (session);
  static const guchar ask_sga[] = { IAC, DO, OPTION_SGA };
  g_autoptr(GBytes) negotiation = g_bytes_new_static (ask_sga, sizeof ask_sga);

  sp_demo_session_send (session, negotiation);
  self->client_sga = OPTION_ASKED;
  note_option (self, FALSE, DO, OPTION_SGA, _("asks the client not to send go-ahead signals, the only option this demo uses."));

  say (self,
       "Socket Playground Telnet demo (RFC 854)\n"
       "Log in as " SP_DEMO_USER " with the password " SP_DEMO_PASSWORD ".\n",
       "login: ");
}

static void
sp_demo_telnet_session_line (SpDemoSession *session,
                             const char    *raw_line,
                             gsize          length)
{
  SpDemoTelnetSession *self = SP_DEMO_TELNET_SESSION (session);
  g_autofree char *line = edit_line (raw_line);

  switch (self->stage)
    {
    case STAGE_LOGIN:
      if (line[0] == '\0')
        {
          say (self, NULL, "login: ");
          return;
        }
      g_free (self->user);
      self->user = g_steal_pointer (&line);
      self->stage = STAGE_PASSWORD;
      say (self, NULL, "Password: ");
      return;

    case STAGE_PASSWORD:
      sp_demo_session_note (session, _("The password crossed the network as plain text, readable by anyone on the path: the reason SSH replaced Telnet."));
      if (g_strcmp0 (self->user, SP_DEMO_USER) == 0 && g_strcmp0 (line, SP_DEMO_PASSWORD) == 0)
        {
          self->stage = STAGE_SHELL;
          say (self, "Welcome, " SP_DEMO_USER ". Type help to list the commands.", PROMPT);
          return;
        }
      self->stage = STAGE_LOGIN;
      if (++self->n_failures >= MAX_LOGIN_FAILURES)
        {
          say (self, "Login incorrect. Too many failures; goodbye.", NULL);
          sp_demo_session_close (session);
          return;
        }
      say (self, "Login incorrect.", "login: ");
      return;

    case STAGE_SHELL:
    default:
      run_command (self, line);
      return;
    }
}

static void
sp_demo_telnet_session_bad_input (SpDemoSession      *session,
                                  SpDemoInputProblem  problem)
{
  SpDemoTelnetSession *self = SP_DEMO_TELNET_SESSION (session);
  const char *prompt = self->stage == STAGE_SHELL ? PROMPT
                       : self->stage == STAGE_PASSWORD ? "Password: " : "login: ";

  /* The filter drops NUL bytes (a no-operation in Telnet), so only long lines come here. */
  say (self, problem == SP_DEMO_INPUT_LINE_TOO_LONG ? "That line is too long (the limit is 8 KiB)."
                                                    : "That line holds bytes a terminal does not send.",
       prompt);
}

static void
sp_demo_telnet_session_finalize (GObject *object)
{
  SpDemoTelnetSession *self = SP_DEMO_TELNET_SESSION (object);

  g_free (self->user);

  G_OBJECT_CLASS (sp_demo_telnet_session_parent_class)->finalize (object);
}

static void
sp_demo_telnet_session_class_init (SpDemoTelnetSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SpDemoSessionClass *session_class = SP_DEMO_SESSION_CLASS (klass);

  object_class->finalize = sp_demo_telnet_session_finalize;

  session_class->start = sp_demo_telnet_session_start;
  session_class->line = sp_demo_telnet_session_line;
  session_class->bad_input = sp_demo_telnet_session_bad_input;
  session_class->filter = sp_demo_telnet_session_filter;
}

static void
sp_demo_telnet_session_init (SpDemoTelnetSession *self)
{
}
