/* sp-mailbox.c — the playground's one mailbox, a list model of SpMailMessage in UID order
 *
 * Every demo mail server in the process shares the default mailbox, so a mail sent to
 * the SMTP demo is the one POP3 and IMAP read back; a pane can show the same list. UIDs
 * only grow and UIDVALIDITY never changes for a mailbox (RFC 3501 §2.3.1.1), so an IMAP
 * client that caches by UID stays right. Tests give a server its own mailbox.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-mailbox.h"
#include "sp-mail-parse.h"

struct _SpMailbox
{
  GObject    parent_instance;

  GPtrArray *messages;     /* SpMailMessage, increasing UIDs */
  guint32    uid_validity;
  guint32    uid_next;
  guint32    first_recent;  /* lower UIDs were seen by an IMAP session already */
  guint64    total_size;
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_UID_VALIDITY,
  PROP_UID_NEXT,
  N_PROPS
};

static void sp_mailbox_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpMailbox, sp_mailbox, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sp_mailbox_list_model_init))

static GParamSpec *properties[N_PROPS];

/* The first message, so POP3 and IMAP have something to show before any mail is sent. */
static const char welcome_body[] =
  "Welcome to the Socket Playground mailbox.\r\n"
  "\r\n"
  "Every demo mail server of the playground shares this mailbox:\r\n"
  "\r\n"
  "  - mail sent to the SMTP demo (port 8025, Python's smtplib) arrives here;\r\n"
  "  - the POP3 demo (port 8110, poplib) and the IMAP demo (port 8143, imaplib)\r\n"
  "    read it back.\r\n"
  "\r\n"
  "Log in as learner, password playground.\r\n";

static GBytes *
make_welcome (GDateTime *date)
{
  g_autofree char *date_text = sp_mail_format_date (date);
  g_autofree char *text = NULL;
  gsize size;

  text = g_strdup_printf ("From: Socket Playground <playground@localhost>\r\n"
                          "To: learner@localhost\r\n"
                          "Subject: Welcome to the playground mailbox\r\n"
                          "Date: %s\r\n"
                          "Message-ID: <welcome@socket-playground.localhost>\r\n"
                          "MIME-Version: 1.0\r\n"
                          "Content-Type: text/plain; charset=us-ascii\r\n"
                          "\r\n"
                          "%s",
                          date_text, welcome_body);
  size = strlen (text);
  return g_bytes_new_take (g_steal_pointer (&text), size);
}

/* Lines end in CR LF on the wire (RFC 5322 §2.3); a bare LF becomes CR LF, and the last
 * line gets its line ending, so every reader can rely on both. */
static GBytes *
normalise_line_endings (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GByteArray) out = NULL;
  gboolean clean = size == 0 || data[size - 1] == '\n';

  for (gsize i = 0; i < size && clean; i++)
    if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
      clean = FALSE;
  if (clean)
    return g_bytes_ref (bytes);

  out = g_byte_array_sized_new (size + size / 16 + 2);
  for (gsize i = 0; i < size; i++)
    {
      if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
        g_byte_array_append (out, (const guint8 *) "\r", 1);
      g_byte_array_append (out, data + i, 1);
    }
  if (size > 0 && data[size - 1] != '\n')
    g_byte_array_append (out, (const guint8 *) "\r\n", 2);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static GType
sp_mailbox_get_item_type (GListModel *model)
{
  return SP_TYPE_MAIL_MESSAGE;
}

static guint
sp_mailbox_get_n_items (GListModel *model)
{
  return SP_MAILBOX (model)->messages->len;
}

static gpointer
sp_mailbox_get_item (GListModel *model,
                     guint       position)
{
  SpMailbox *self = SP_MAILBOX (model);

  if (position >= self->messages->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->messages, position));
}

static void
sp_mailbox_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sp_mailbox_get_item_type;
  iface->get_n_items = sp_mailbox_get_n_items;
  iface->get_item = sp_mailbox_get_item;
}

static void
remove_at (SpMailbox *self,
           guint      position)
{
  g_autoptr(SpMailMessage) message = g_object_ref (g_ptr_array_index (self->messages, position));

  g_ptr_array_remove_index (self->messages, position);
  self->total_size -= sp_mail_message_get_size (message);
  sp_mail_message_set_expunged (message);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
sp_mailbox_finalize (GObject *object)
{
  SpMailbox *self = SP_MAILBOX (object);

  g_ptr_array_unref (self->messages);

  G_OBJECT_CLASS (sp_mailbox_parent_class)->finalize (object);
}

static void
sp_mailbox_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SpMailbox *self = SP_MAILBOX (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->messages->len);
      break;

    case PROP_UID_VALIDITY:
      g_value_set_uint (value, self->uid_validity);
      break;

    case PROP_UID_NEXT:
      g_value_set_uint (value, self->uid_next);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_mailbox_class_init (SpMailboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_mailbox_finalize;
  object_class->get_property = sp_mailbox_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_UID_VALIDITY] =
    g_param_spec_uint ("uid-validity", NULL, NULL, 1, G_MAXUINT32, 1,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_UID_NEXT] =
    g_param_spec_uint ("uid-next", NULL, NULL, 1, G_MAXUINT32, 1,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_mailbox_init (SpMailbox *self)
{
  self->messages = g_ptr_array_new_with_free_func (g_object_unref);
  /* The creation time, as most servers do: a mailbox made again gets a new validity. */
  self->uid_validity = (guint32) CLAMP (g_get_real_time () / G_USEC_PER_SEC, 1, G_MAXUINT32);
  self->uid_next = 1;
  self->first_recent = 1;
}

/**
 * sp_mailbox_get_default:
 *
 * Returns: (transfer none): the mailbox every demo mail server uses unless told otherwise
 */
SpMailbox *
sp_mailbox_get_default (void)
{
  static SpMailbox *mailbox;

  if (mailbox == NULL)
    mailbox = sp_mailbox_new ();
  return mailbox;
}

/* Returns: (transfer full): a mailbox holding the welcome message (UID 1) */
SpMailbox *
sp_mailbox_new (void)
{
  SpMailbox *self = g_object_new (SP_TYPE_MAILBOX, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GBytes) welcome = make_welcome (now);

  sp_mailbox_add (self, welcome, now);
  return self;
}

guint32
sp_mailbox_get_uid_validity (SpMailbox *self)
{
  g_return_val_if_fail (SP_IS_MAILBOX (self), 0);

  return self->uid_validity;
}

/* The UID the next message will get (IMAP's UIDNEXT). */
guint32
sp_mailbox_get_uid_next (SpMailbox *self)
{
  g_return_val_if_fail (SP_IS_MAILBOX (self), 0);

  return self->uid_next;
}

/* The bytes of all messages, for SP_MAILBOX_MAX_TOTAL_SIZE. */
guint64
sp_mailbox_get_total_size (SpMailbox *self)
{
  g_return_val_if_fail (SP_IS_MAILBOX (self), 0);

  return self->total_size;
}

/* Returns: (transfer none) (nullable): the message at @position (0 is the oldest) */
SpMailMessage *
sp_mailbox_get_message (SpMailbox *self,
                        guint      position)
{
  g_return_val_if_fail (SP_IS_MAILBOX (self), NULL);

  if (position >= self->messages->len)
    return NULL;
  return g_ptr_array_index (self->messages, position);
}

/* Returns: (transfer none) (nullable): the message with that UID, if still there */
SpMailMessage *
sp_mailbox_lookup_uid (SpMailbox *self,
                       guint32    uid)
{
  g_return_val_if_fail (SP_IS_MAILBOX (self), NULL);

  for (guint i = 0; i < self->messages->len; i++)
    {
      SpMailMessage *message = g_ptr_array_index (self->messages, i);

      if (sp_mail_message_get_uid (message) == uid)
        return message;
    }
  return NULL;
}

/**
 * sp_mailbox_add:
 * @bytes: an RFC 5322 message; bare line feeds become CR LF
 * @internal_date: (nullable): when it arrived; now when %NULL
 *
 * Returns: (transfer none): the new message, with the next UID
 */
SpMailMessage *
sp_mailbox_add (SpMailbox *self,
                GBytes    *bytes,
                GDateTime *internal_date)
{
  g_autoptr(GBytes) normalised = NULL;
  SpMailMessage *message;

  g_return_val_if_fail (SP_IS_MAILBOX (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  normalised = normalise_line_endings (bytes);
  message = sp_mail_message_new (self->uid_next++, normalised, internal_date);
  g_ptr_array_add (self->messages, message);
  self->total_size += sp_mail_message_get_size (message);

  g_list_model_items_changed (G_LIST_MODEL (self), self->messages->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UID_NEXT]);

  return message;
}

/* Removes @message, marking it expunged; FALSE when it was no longer there. */
gboolean
sp_mailbox_remove (SpMailbox     *self,
                   SpMailMessage *message)
{
  guint position;

  g_return_val_if_fail (SP_IS_MAILBOX (self), FALSE);
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (message), FALSE);

  if (!g_ptr_array_find (self->messages, message, &position))
    return FALSE;

  remove_at (self, position);
  return TRUE;
}

/* Removes every message flagged \Deleted (IMAP's EXPUNGE); returns how many. */
guint
sp_mailbox_expunge (SpMailbox *self)
{
  guint removed = 0;

  g_return_val_if_fail (SP_IS_MAILBOX (self), 0);

  for (guint i = self->messages->len; i > 0; i--)
    {
      SpMailMessage *message = g_ptr_array_index (self->messages, i - 1);

      if (sp_mail_message_get_flags (message) & SP_MAIL_FLAG_DELETED)
        {
          remove_at (self, i - 1);
          removed++;
        }
    }
  return removed;
}

/**
 * sp_mailbox_claim_recent:
 * @claim: %TRUE for a session that selects the mailbox read-write
 *
 * IMAP's \Recent (RFC 3501 §2.3.2): a message is recent for the first session told about
 * it, and for no other. A claiming session takes every message that arrived since the
 * last claim; a read-only one (EXAMINE) only looks.
 *
 * Returns: the lowest UID that is recent for the caller
 */
guint32
sp_mailbox_claim_recent (SpMailbox *self,
                         gboolean   claim)
{
  guint32 first;

  g_return_val_if_fail (SP_IS_MAILBOX (self), 0);

  first = self->first_recent;
  if (claim)
    self->first_recent = self->uid_next;
  return first;
}
