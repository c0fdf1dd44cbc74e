/* sp-demo-nntp.c — NNTP (RFC 3977): read and post news in two small groups
 *
 * A news server keeps articles in newsgroups; each article has a number in its group and
 * a Message-ID that names it everywhere. A reader selects a group (GROUP), then fetches
 * articles by number or by Message-ID (ARTICLE, HEAD, BODY, STAT), and may POST one.
 * Multi-line answers and posted articles end with a line holding a lone dot; a line that
 * starts with a dot travels with a second one in front (dot-stuffing).
 *
 * The groups live as long as the demo server, shared by all its clients: an article one
 * client posts, another can read. `playground.demo` takes posts; `playground.announce`
 * is read-only.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-demo-protocols.h"
#include "sp-demo-server.h"

/* What the groups may hold, so a busy classroom cannot exhaust memory. */
#define MAX_ARTICLE_BYTES (64 * 1024)
#define MAX_ARTICLES      200

#define POST_GROUP "playground.demo"
#define DOMAIN     "playground.invalid"

#define SP_TYPE_DEMO_NNTP_SESSION (sp_demo_nntp_session_get_type ())
G_DECLARE_FINAL_TYPE (SpDemoNntpSession, sp_demo_nntp_session, SP, DEMO_NNTP_SESSION, SpDemoSession)

/* The news ------------------------------------------------------------------------------- */

typedef struct
{
  guint  number;
  char  *message_id;
  char  *head;        /* header lines, "\n" between them */
  char  *body;        /* body lines, "\n" between them */
} Article;

typedef struct
{
  const char *name;
  const char *description;
  gboolean    posting;
  GPtrArray  *articles;   /* Article, by increasing number */
  guint       next_number;
} Group;

typedef struct
{
  Group   groups[2];
  guint   n_posted;
} News;

static void
article_free (Article *article)
{
  g_free (article->message_id);
  g_free (article->head);
  g_free (article->body);
  g_free (article);
}

static void
news_free (News *news)
{
  for (gsize i = 0; i < G_N_ELEMENTS (news->groups); i++)
    g_ptr_array_unref (news->groups[i].articles);
  g_free (news);
}

static void
group_add (Group      *group,
           const char *message_id,
           const char *head,
           const char *body)
{
  Article *article = g_new0 (Article, 1);

  article->number = group->next_number++;
  article->message_id = g_strdup (message_id);
  article->head = g_strdup (head);
  article->body = g_strdup (body);
  g_ptr_array_add (group->articles, article);
}

static void
seed (News *news)
{
  Group *demo = &news->groups[0];
  Group *announce = &news->groups[1];

  group_add (demo, "<welcome.1@" DOMAIN ">",
             "Path: playground!not-for-mail\n"
             "From: Socket Playground <demo@" DOMAIN ">\n"
             "Newsgroups: " POST_GROUP "\n"
             "Subject: Welcome to playground.demo\n"
             "Date: Mon, 01 Jan 2024 12:00:00 +0000\n"
             "Message-ID: <welcome.1@" DOMAIN ">",
             "This group lives inside the Socket Playground NNTP demo server.\n"
             "Read it with ARTICLE, HEAD and BODY; post to it with POST.\n"
             "Articles stay until the demo server stops.");
  group_add (demo, "<reading.2@" DOMAIN ">",
             "Path: playground!not-for-mail\n"
             "From: Socket Playground <demo@" DOMAIN ">\n"
             "Newsgroups: " POST_GROUP "\n"
             "Subject: How a reader talks to a news server\n"
             "Date: Mon, 01 Jan 2024 12:05:00 +0000\n"
             "Message-ID: <reading.2@" DOMAIN ">",
             "GROUP playground.demo     selects the group: 211 count first last name\n"
             "ARTICLE 2                 head, empty line, body, then a line with a dot\n"
             "ARTICLE <reading.2@" DOMAIN ">  the same article by its Message-ID\n"
             ".A line that starts with a dot, like this one, travels with two (dot-stuffing).");
  group_add (demo, "<reply.3@" DOMAIN ">",
             "Path: playground!not-for-mail\n"
             "From: A Learner <learner@" DOMAIN ">\n"
             "Newsgroups: " POST_GROUP "\n"
             "Subject: Re: Welcome to playground.demo\n"
             "Date: Mon, 01 Jan 2024 12:10:00 +0000\n"
             "Message-ID: <reply.3@" DOMAIN ">\n"
             "References: <welcome.1@" DOMAIN ">",
             "Thanks! The References header links this reply to the first article.");
  group_add (announce, "<read-only.1@" DOMAIN ">",
             "Path: playground!not-for-mail\n"
             "From: Socket Playground <demo@" DOMAIN ">\n"
             "Newsgroups: playground.announce\n"
             "Subject: This group is read-only\n"
             "Date: Mon, 01 Jan 2024 12:00:00 +0000\n"
             "Message-ID: <read-only.1@" DOMAIN ">",
             "Posts go to " POST_GROUP "; LIST ACTIVE shows n for a group without posting.");
}

/* The server's news, made on first use and kept with it. */
static News *
get_news (SpDemoSession *session)
{
  SpDemoServer *server = sp_demo_session_get_server (session);
  News *news;

  if (server == NULL)
    return NULL;

  news = g_object_get_data (G_OBJECT (server), "sp-demo-nntp-news");
  if (news != NULL)
    return news;

  news = g_new0 (News, 1);
  news->groups[0] = (Group) { POST_GROUP, "Test posts and questions about the playground", TRUE,
                              g_ptr_array_new_with_free_func ((GDestroyNotify) article_free), 1 };
  news->groups[1] = (Group) { "playground.announce", "News about the playground (read-only)", FALSE,
                              g_ptr_array_new_with_free_func ((GDestroyNotify) article_free), 1 };
  seed (news);
  g_object_set_data_full (G_OBJECT (server), "sp-demo-nntp-news", news, (GDestroyNotify) news_free);

  return news;
}

static Group *
find_group (News       *news,
            const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (news->groups); i++)
    if (g_ascii_strcasecmp (news->groups[i].name, name) == 0)
      return &news->groups[i];

  return NULL;
}

static Article *
find_by_number (Group *group,
                guint  number)
{
  for (guint i = 0; i < group->articles->len; i++)
    {
      Article *article = g_ptr_array_index (group->articles, i);

      if (article->number == number)
        return article;
    }

  return NULL;
}

static Article *
find_by_id (News       *news,
            const char *message_id)
{
  for (gsize g = 0; g < G_N_ELEMENTS (news->groups); g++)
    for (guint i = 0; i < news->groups[g].articles->len; i++)
      {
        Article *article = g_ptr_array_index (news->groups[g].articles, i);

        if (strcmp (article->message_id, message_id) == 0)
          return article;
      }

  return NULL;
}

/* The session ----------------------------------------------------------------------------- */

struct _SpDemoNntpSession
{
  SpDemoSession parent_instance;

  Group        *group;          /* selected with GROUP, or NULL */
  guint         current;        /* the current article number, 0 for none */

  char         *auth_user;      /* after AUTHINFO USER */
  gboolean      authenticated;

  /* POST: the article's lines arrive until a lone dot. */
  gboolean      posting;
  GString      *post;
  gboolean      post_too_big;
  gboolean      post_binary;
};

G_DEFINE_FINAL_TYPE (SpDemoNntpSession, sp_demo_nntp_session, SP_TYPE_DEMO_SESSION)

/* Appends @text's lines to @reply, a dot in front of those starting with one. */
static void
append_stuffed (GString    *reply,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_string_append_printf (reply, "\n%s%s", lines[i][0] == '.' ? "." : "", lines[i]);
}

typedef enum
{
  PART_ARTICLE,
  PART_HEAD,
  PART_BODY,
  PART_STAT,
} Part;

static void
send_article (SpDemoSession *session,
              Part           part,
              guint          number,
              Article       *article)
{
  static const guint codes[] = { 220, 221, 222, 223 };
  g_autoptr(GString) reply = g_string_new (NULL);

  g_string_printf (reply, "%u %u %s", codes[part], number, article->message_id);
  if (part == PART_STAT)
    {
      sp_demo_session_reply_lines (session, reply->str);
      return;
    }

  if (part == PART_ARTICLE || part == PART_HEAD)
    append_stuffed (reply, article->head);
  if (part == PART_ARTICLE)
    g_string_append (reply, "\n");
  if (part == PART_ARTICLE || part == PART_BODY)
    append_stuffed (reply, article->body);
  g_string_append (reply, "\n.");

  sp_demo_session_reply_lines (session, reply->str);
}

/* ARTICLE, HEAD, BODY and STAT share their argument: a Message-ID, a number, or nothing
 * for the current article. */
static void
retrieve (SpDemoNntpSession *self,
          Part               part,
          const char        *argument)
{
  SpDemoSession *session = SP_DEMO_SESSION (self);
  News *news = get_news (session);
  Article *article;
  guint64 number;

  if (argument[0] == '<')
    {
      article = find_by_id (news, argument);
      if (article == NULL)
        {
          sp_demo_session_reply (session, "430 No article with that message-id");
          return;
        }
      /* By Message-ID the number is 0 and the current article stays (RFC 3977 §6.2.1). */
      send_article (session, part, 0, article);
      return;
    }

  if (argument[0] != '\0' && !g_ascii_string_to_unsigned (argument, 10, 0, G_MAXUINT32, &number, NULL))
    {
      sp_demo_session_reply (session, "501 Syntax error: give an article number or a <message-id>");
      return;
    }

  if (self->group == NULL)
    {
      sp_demo_session_reply (session, "412 No newsgroup selected (use GROUP first)");
      return;
    }

  if (argument[0] == '\0')
    {
      if (self->current == 0)
        {
          sp_demo_session_reply (session, "420 Current article number is invalid");
          return;
        }
      number = self->current;
    }

  article = find_by_number (self->group, (guint) number);
  if (article == NULL)
    {
      sp_demo_session_reply (session, "423 No article with that number");
      return;
    }

  self->current = article->number;
  send_article (session, part, article->number, article);
}

/* Commands ------------------------------------------------------------------------------ */

typedef void (*CommandFunc) (SpDemoNntpSession *self,
                             const char        *argument);

typedef struct
{
  const char  *name;
  CommandFunc  func;
} Command;

static void
command_capabilities (SpDemoNntpSession *self,
                      const char        *argument)
{
  sp_demo_session_reply_lines (SP_DEMO_SESSION (self),
                               "101 Capability list:\n"
                               "VERSION 2\n"
                               "READER\n"
                               "POST\n"
                               "LIST ACTIVE NEWSGROUPS\n"
                               "AUTHINFO USER\n"
                               "IMPLEMENTATION Socket Playground NNTP demo\n"
                               ".");
}

static void
command_mode (SpDemoNntpSession *self,
              const char        *argument)
{
  if (g_ascii_strcasecmp (argument, "READER") == 0)
    sp_demo_session_reply (SP_DEMO_SESSION (self), "200 Reader mode, posting allowed");
  else
    sp_demo_session_reply (SP_DEMO_SESSION (self), "501 Only MODE READER is known here");
}

/* A wildmat (RFC 3977 §4): patterns with * and ?, separated by commas, ! to exclude;
 * the last one that matches decides. */
static gboolean
wildmat_match (const char *wildmat,
               const char *name)
{
  g_auto(GStrv) patterns = NULL;
  gboolean matched = FALSE;

  if (wildmat == NULL || wildmat[0] == '\0')
    return TRUE;

  patterns = g_strsplit (wildmat, ",", -1);
  for (guint i = 0; patterns[i] != NULL; i++)
    {
      gboolean negate = patterns[i][0] == '!';

      if (g_pattern_match_simple (patterns[i] + (negate ? 1 : 0), name))
        matched = !negate;
    }

  return matched;
}

static void
command_list (SpDemoNntpSession *self,
              const char        *argument)
{
  SpDemoSession *session = SP_DEMO_SESSION (self);
  News *news = get_news (session);
  g_auto(GStrv) words = g_strsplit_set (argument, " \t", 2);
  const char *keyword = words[0] != NULL && words[0][0] != '\0' ? words[0] : "ACTIVE";
  const char *wildmat = words[0] != NULL ? words[1] : NULL;
  gboolean newsgroups;
  g_autoptr(GString) reply = NULL;

  if (g_ascii_strcasecmp (keyword, "ACTIVE") == 0)
    newsgroups = FALSE;
  else if (g_ascii_strcasecmp (keyword, "NEWSGROUPS") == 0)
    newsgroups = TRUE;
  else
    {
      sp_demo_session_reply (session, "501 This server knows LIST ACTIVE and LIST NEWSGROUPS");
      return;
    }

  reply = g_string_new (newsgroups ? "215 Descriptions in form \"group description\""
                                   : "215 List of newsgroups in form \"group high low status\"");
  for (gsize i = 0; i < G_N_ELEMENTS (news->groups); i++)
    {
      Group *group = &news->groups[i];

      if (!wildmat_match (wildmat, group->name))
        continue;

      if (newsgroups)
        g_string_append_printf (reply, "\n%s\t%s", group->name, group->description);
      else
        {
          guint low = group->articles->len > 0 ? ((Article *) group->articles->pdata[0])->number : group->next_number;
          /* An empty group reads high = low - 1. */
          g_string_append_printf (reply, "\n%s %u %u %c", group->name, group->next_number - 1, low,
                                  group->posting ? 'y' : 'n');
        }
    }
  g_string_append (reply, "\n.");

  sp_demo_session_reply_lines (session, reply->str);
}

static void
command_group (SpDemoNntpSession *self,
               const char        *argument)
{
  SpDemoSession *session = SP_DEMO_SESSION (self);
  Group *group;
  guint low, high, count;

  if (argument[0] == '\0' || strchr (argument, ' ') != NULL)
    {
      sp_demo_session_reply (session, "501 Syntax: GROUP name");
      return;
    }

  group = find_group (get_news (session), argument);
  if (group == NULL)
    {
      sp_demo_session_reply (session, "411 No such newsgroup (LIST shows the groups)");
      return;
    }

  self->group = group;
  count = group->articles->len;
  high = group->next_number - 1;
  low = count > 0 ? ((Article *) group->articles->pdata[0])->number : high + 1;
  self->current = count > 0 ? low : 0;

  sp_demo_session_reply (session, "211 %u %u %u %s", count, low, high, group->name);
}

static void
command_article (SpDemoNntpSession *self,
                 const char        *argument)
{
  retrieve (self, PART_ARTICLE, argument);
}

static void
command_head (SpDemoNntpSession *self,
              const char        *argument)
{
  retrieve (self, PART_HEAD, argument);
}

static void
command_body (SpDemoNntpSession *self,
              const char        *argument)
{
  retrieve (self, PART_BODY, argument);
}

static void
command_stat (SpDemoNntpSession *self,
              const char        *argument)
{
  retrieve (self, PART_STAT, argument);
}

/* NEXT and LAST move the current article within the group. */
static void
step (SpDemoNntpSession *self,
      int                direction)
{
  SpDemoSession *session = SP_DEMO_SESSION (self);
  Article *found = NULL;

  if (self->group == NULL)
    {
      sp_demo_session_reply (session, "412 No newsgroup selected (use GROUP first)");
      return;
    }
  if (self->current == 0)
    {
      sp_demo_session_reply (session, "420 Current article number is invalid");
      return;
    }

  for (guint i = 0; i < self->group->articles->len; i++)
    {
      Article *article = g_ptr_array_index (self->group->articles, i);

      if (direction > 0 && article->number > self->current)
        {
          found = article;
          break;
        }
      if (direction < 0 && article->number < self->current)
        found = article;
    }

  if (found == NULL)
    {
      sp_demo_session_reply (session, direction > 0 ? "421 No next article in this group"
                                                    : "422 No previous article in this group");
      return;
    }

  self->current = found->number;
  sp_demo_session_reply (session, "223 %u %s", found->number, found->message_id);
}

static void
command_next (SpDemoNntpSession *self,
              const char        *argument)
{
  step (self, 1);
}

static void
command_last (SpDemoNntpSession *self,
              const char        *argument)
{
  step (self, -1);
}

static void
command_post (SpDemoNntpSession *self,
              const char        *argument)
{
  self->posting = TRUE;
  self->post_too_big = FALSE;
  self->post_binary = FALSE;
  g_string_truncate (self->post, 0);
  sp_demo_session_reply (SP_DEMO_SESSION (self), "340 Send article to be posted; end it with a line holding a single dot");
  sp_demo_session_note (SP_DEMO_SESSION (self), _("POST: the article follows as header lines, an empty line and the body, ended by a line with a single dot."));
}

static void
command_date (SpDemoNntpSession *self,
              const char        *argument)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d%H%M%S");

  sp_demo_session_reply (SP_DEMO_SESSION (self), "111 %s", stamp);
}

static void
command_help (SpDemoNntpSession *self,
              const char        *argument)
{
  sp_demo_session_reply_lines (SP_DEMO_SESSION (self),
                               "100 Help text follows\n"
                               "CAPABILITIES, MODE READER, LIST [ACTIVE|NEWSGROUPS] [wildmat],\n"
                               "GROUP name, ARTICLE|HEAD|BODY|STAT [number|<message-id>], NEXT, LAST,\n"
                               "POST, DATE, AUTHINFO USER|PASS, HELP, QUIT\n"
                               ".");
}

static void
command_authinfo (SpDemoNntpSession *self,
                  const char        *argument)
{
  SpDemoSession *session = SP_DEMO_SESSION (self);
  g_auto(GStrv) words = g_strsplit (argument, " ", 2);

  if (self->authenticated)
    {
      sp_demo_session_reply (session, "502 Already authenticated");
      return;
    }

  if (g_strv_length (words) != 2 || words[1][0] == '\0')
    {
      sp_demo_session_reply (session, "501 Syntax: AUTHINFO USER name, then AUTHINFO PASS password");
      return;
    }

  if (g_ascii_strcasecmp (words[0], "USER") == 0)
    {
      g_free (self->auth_user);
      self->auth_user = g_strdup (words[1]);
      sp_demo_session_reply (session, "381 Password required");
    }
  else if (g_ascii_strcasecmp (words[0], "PASS") == 0)
    {
      if (self->auth_user == NULL)
        {
          sp_demo_session_reply (session, "482 Authentication commands issued out of sequence (USER first)");
          return;
        }
      sp_demo_session_note (session, _("AUTHINFO sends the password as plain text; reading and posting here need no login at all."));
      if (strcmp (self->auth_user, SP_DEMO_USER) == 0 && strcmp (words[1], SP_DEMO_PASSWORD) == 0)
        {
          self->authenticated = TRUE;
          sp_demo_session_reply (session, "281 Authentication accepted");
        }
      else
        {
          g_clear_pointer (&self->auth_user, g_free);
          sp_demo_session_reply (session, "481 Authentication failed");
        }
    }
  else
    sp_demo_session_reply (session, "501 This server knows AUTHINFO USER and AUTHINFO PASS");
}

static void
command_quit (SpDemoNntpSession *self,
              const char        *argument)
{
  sp_demo_session_reply (SP_DEMO_SESSION (self), "205 Connection closing");
  sp_demo_session_close (SP_DEMO_SESSION (self));
}

static const Command commands[] = {
  { "CAPABILITIES", command_capabilities },
  { "MODE", command_mode },
  { "LIST", command_list },
  { "GROUP", command_group },
  { "ARTICLE", command_article },
  { "HEAD", command_head },
  { "BODY", command_body },
  { "STAT", command_stat },
  { "NEXT", command_next },
  { "LAST", command_last },
  { "POST", command_post },
  { "DATE", command_date },
  { "HELP", command_help },
  { "AUTHINFO", command_authinfo },
  { "QUIT", command_quit },
};

/* Posting ------------------------------------------------------------------------------- */

/* The value of header @name in @head (the lines before the empty one), or NULL. */
static char *
header_value (const char *head,
              const char *name)
{
  g_auto(GStrv) lines = g_strsplit (head, "\n", -1);
  gsize name_length = strlen (name);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], name, name_length) == 0 && lines[i][name_length] == ':')
      return g_strstrip (g_strdup (lines[i] + name_length + 1));

  return NULL;
}

static gboolean
has_header (const char *head,
            const char *name)
{
  g_autofree char *value = header_value (head, name);

  return value != NULL;
}

static gboolean
is_message_id (const char *text)
{
  gsize length = strlen (text);
  const char *at = strchr (text, '@');

  return length > 2 && length <= 250 && text[0] == '<' && text[length - 1] == '>' &&
         at != NULL && strchr (text, ' ') == NULL;
}

/* Checks and stores the posted article; returns the reply to send. */
static char *
accept_post (SpDemoNntpSession *self)
{
  News *news = get_news (SP_DEMO_SESSION (self));
  Group *group = &news->groups[0];
  g_autofree char *head = NULL;
  g_autofree char *newsgroups = NULL;
  g_autofree char *from = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *message_id = NULL;
  g_autoptr(GString) full_head = NULL;
  const char *body;
  char *blank;

  if (self->post_too_big)
    return g_strdup_printf ("441 Posting failed: an article may hold %d KiB here", MAX_ARTICLE_BYTES / 1024);
  if (self->post_binary)
    return g_strdup ("441 Posting failed: an article is text, without NUL bytes");
  if (group->articles->len >= MAX_ARTICLES)
    return g_strdup ("441 Posting failed: the demo group is full; restart the demo server to empty it");

  /* The head ends at the first empty line. */
  if (g_str_has_prefix (self->post->str, "\n"))
    return g_strdup ("441 Posting failed: the article starts with header lines (From, Newsgroups, Subject)");
  blank = strstr (self->post->str, "\n\n");
  head = blank != NULL ? g_strndup (self->post->str, blank - self->post->str) : g_strdup (self->post->str);
  body = blank != NULL ? blank + 2 : "";

  from = header_value (head, "From");
  subject = header_value (head, "Subject");
  newsgroups = header_value (head, "Newsgroups");
  if (from == NULL || subject == NULL || newsgroups == NULL)
    return g_strdup ("441 Posting failed: the article needs From, Newsgroups and Subject headers");

  {
    g_auto(GStrv) names = g_strsplit_set (newsgroups, ", ", -1);
    gboolean ours = FALSE;

    for (guint i = 0; names[i] != NULL; i++)
      if (g_ascii_strcasecmp (names[i], POST_GROUP) == 0)
        ours = TRUE;
    if (!ours)
      return g_strdup ("441 Posting failed: only " POST_GROUP " takes posts here");
  }

  /* The server completes what a poster may leave out (RFC 5536): Message-ID, Date, Path. */
  full_head = g_string_new (head);
  message_id = header_value (head, "Message-ID");
  if (message_id == NULL)
    {
      message_id = g_strdup_printf ("<%" G_GINT64_MODIFIER "x.%u@" DOMAIN ">",
                                    g_get_real_time (), ++news->n_posted);
      g_string_append_printf (full_head, "\nMessage-ID: %s", message_id);
    }
  else if (!is_message_id (message_id))
    return g_strdup ("441 Posting failed: a Message-ID looks like <unique@domain>");
  else if (find_by_id (news, message_id) != NULL)
    return g_strdup ("441 Posting failed: an article with that Message-ID exists already");

  if (!has_header (head, "Date"))
    {
      static const char *days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
      static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      g_string_append_printf (full_head, "\nDate: %s, %02d %s %04d %02d:%02d:%02d +0000",
                              days[g_date_time_get_day_of_week (now) - 1],
                              g_date_time_get_day_of_month (now), months[g_date_time_get_month (now) - 1],
                              g_date_time_get_year (now), g_date_time_get_hour (now),
                              g_date_time_get_minute (now), g_date_time_get_second (now));
    }
  if (!has_header (head, "Path"))
    g_string_prepend (full_head, "Path: playground!not-for-mail\n");

  group_add (group, message_id, full_head->str, body);
  {
    g_autofree char *note = g_strdup_printf (_("Stored the article as number %u in %s, %s."),
                                             group->next_number - 1, group->name, message_id);
    sp_demo_session_note (SP_DEMO_SESSION (self), note);
  }

  return g_strdup_printf ("240 Article received OK, %s", message_id);
}

static void
post_line (SpDemoNntpSession *self,
           const char        *line)
{
  if (strcmp (line, ".") == 0)
    {
      g_autofree char *reply = NULL;

      self->posting = FALSE;
      /* The lines were joined with a line feed before each; the text starts at [1]. */
      if (self->post->len > 0)
        g_string_erase (self->post, 0, 1);
      reply = accept_post (self);
      sp_demo_session_reply (SP_DEMO_SESSION (self), "%s", reply);
      g_string_truncate (self->post, 0);
      return;
    }

  if (self->post_too_big)
    return;

  /* Undo dot-stuffing. */
  if (line[0] == '.')
    line++;

  if (self->post->len + strlen (line) + 1 > MAX_ARTICLE_BYTES)
    {
      self->post_too_big = TRUE;
      g_string_truncate (self->post, 0);
      return;
    }

  g_string_append_c (self->post, '\n');
  g_string_append (self->post, line);
}

/* The session --------------------------------------------------------------------------- */

static void
sp_demo_nntp_session_start (SpDemoSession *session)
{
  sp_demo_session_reply (session, "200 Socket Playground NNTP demo ready, posting allowed");
}

static void
sp_demo_nntp_session_line (SpDemoSession *session,
                           const char    *line,
                           gsize          length)
{
  SpDemoNntpSession *self = SP_DEMO_NNTP_SESSION (session);
  g_autofree char *name = NULL;
  const char *argument;
  const char *space;

  if (get_news (session) == NULL)
    {
      sp_demo_session_reply (session, "400 Service discontinued");
      sp_demo_session_close (session);
      return;
    }

  if (self->posting)
    {
      post_line (self, line);
      return;
    }

  space = strpbrk (line, " \t");
  name = space != NULL ? g_strndup (line, space - line) : g_strdup (line);
  argument = space != NULL ? space + strspn (space, " \t") : "";

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_ascii_strcasecmp (commands[i].name, name) == 0)
      {
        g_autofree char *trimmed = g_strchomp (g_strdup (argument));

        commands[i].func (self, trimmed);
        return;
      }

  sp_demo_session_reply (session, "500 Unknown command (HELP lists the commands)");
}

static void
sp_demo_nntp_session_bad_input (SpDemoSession      *session,
                                SpDemoInputProblem  problem)
{
  SpDemoNntpSession *self = SP_DEMO_NNTP_SESSION (session);

  /* Inside an article the fault is reported when the article ends. */
  if (self->posting)
    {
      if (problem == SP_DEMO_INPUT_LINE_TOO_LONG)
        self->post_too_big = TRUE;
      else
        self->post_binary = TRUE;
      return;
    }

  if (problem == SP_DEMO_INPUT_LINE_TOO_LONG)
    sp_demo_session_reply (session, "501 Command line too long (the limit here is 8 KiB)");
  else
    sp_demo_session_reply (session, "501 A command is text, without NUL bytes");
}

static void
sp_demo_nntp_session_finalize (GObject *object)
{
  SpDemoNntpSession *self = SP_DEMO_NNTP_SESSION (object);

  g_free (self->auth_user);
  g_string_free (self->post, TRUE);

  G_OBJECT_CLASS (sp_demo_nntp_session_parent_class)->finalize (object);
}

static void
sp_demo_nntp_session_class_init (SpDemoNntpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SpDemoSessionClass *session_class = SP_DEMO_SESSION_CLASS (klass);

  object_class->finalize = sp_demo_nntp_session_finalize;

  session_class->start = sp_demo_nntp_session_start;
  session_class->line = sp_demo_nntp_session_line;
  session_class->bad_input = sp_demo_nntp_session_bad_input;
}

static void
sp_demo_nntp_session_init (SpDemoNntpSession *self)
{
  self->post = g_string_new (NULL);
}
