/* sp-mail-message.c — one message of the playground mailbox
 *
 * The bytes never change once stored (RFC 5322 text with CR LF line endings, as SMTP
 * delivered it); only the flags do, and every IMAP session sees the same ones, as flags
 * belong to the mailbox. A message removed from the mailbox stays alive in the sessions
 * that still number it, marked expunged.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-core-enums.h"
#include "sp-mail-message.h"

struct _SpMailMessage
{
  GObject     parent_instance;

  guint32     uid;
  GBytes     *bytes;
  gsize       header_length;
  GDateTime  *internal_date;
  char       *subject;
  char       *from;
  SpMimePart *structure;   /* parsed on first use */
  SpMailFlags flags;
  gboolean    expunged;
};

enum {
  PROP_0,
  PROP_UID,
  PROP_SIZE,
  PROP_INTERNAL_DATE,
  PROP_SUBJECT,
  PROP_FROM,
  PROP_FLAGS,
  PROP_EXPUNGED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpMailMessage, sp_mail_message, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const struct
{
  SpMailFlags flag;
  const char *name;
} imap_flags[] = {
  { SP_MAIL_FLAG_ANSWERED, "\\Answered" },
  { SP_MAIL_FLAG_FLAGGED, "\\Flagged" },
  { SP_MAIL_FLAG_DELETED, "\\Deleted" },
  { SP_MAIL_FLAG_SEEN, "\\Seen" },
  { SP_MAIL_FLAG_DRAFT, "\\Draft" },
};

static void
sp_mail_message_finalize (GObject *object)
{
  SpMailMessage *self = SP_MAIL_MESSAGE (object);

  g_bytes_unref (self->bytes);
  g_date_time_unref (self->internal_date);
  g_free (self->subject);
  g_free (self->from);
  sp_mime_part_free (self->structure);

  G_OBJECT_CLASS (sp_mail_message_parent_class)->finalize (object);
}

static void
sp_mail_message_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SpMailMessage *self = SP_MAIL_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_UID:
      g_value_set_uint (value, self->uid);
      break;

    case PROP_SIZE:
      g_value_set_uint64 (value, sp_mail_message_get_size (self));
      break;

    case PROP_INTERNAL_DATE:
      g_value_set_boxed (value, self->internal_date);
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_FROM:
      g_value_set_string (value, self->from);
      break;

    case PROP_FLAGS:
      g_value_set_flags (value, self->flags);
      break;

    case PROP_EXPUNGED:
      g_value_set_boolean (value, self->expunged);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_mail_message_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SpMailMessage *self = SP_MAIL_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_FLAGS:
      sp_mail_message_set_flags (self, g_value_get_flags (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_mail_message_class_init (SpMailMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_mail_message_finalize;
  object_class->get_property = sp_mail_message_get_property;
  object_class->set_property = sp_mail_message_set_property;

  properties[PROP_UID] =
    g_param_spec_uint ("uid", NULL, NULL, 0, G_MAXUINT32, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_INTERNAL_DATE] =
    g_param_spec_boxed ("internal-date", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FROM] =
    g_param_spec_string ("from", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL, SP_TYPE_MAIL_FLAGS, SP_MAIL_FLAG_NONE,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_EXPUNGED] =
    g_param_spec_boolean ("expunged", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_mail_message_init (SpMailMessage *self)
{
}

/**
 * sp_mail_message_new:
 * @uid: the UID the mailbox gives it
 * @bytes: the whole message, CR LF line endings
 * @internal_date: (nullable): when it arrived; now when %NULL
 */
SpMailMessage *
sp_mail_message_new (guint32    uid,
                     GBytes    *bytes,
                     GDateTime *internal_date)
{
  SpMailMessage *self;
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (uid > 0, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  self = g_object_new (SP_TYPE_MAIL_MESSAGE, NULL);
  self->uid = uid;
  self->bytes = g_bytes_ref (bytes);
  self->internal_date = internal_date != NULL ? g_date_time_ref (internal_date)
                                              : g_date_time_new_now_local ();

  data = g_bytes_get_data (bytes, &size);
  self->header_length = sp_mail_header_length (data, size);
  self->subject = sp_mail_header_get (data, self->header_length, "Subject");
  self->from = sp_mail_header_get (data, self->header_length, "From");

  return self;
}

guint32
sp_mail_message_get_uid (SpMailMessage *self)
{
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (self), 0);

  return self->uid;
}

/* Returns: (transfer none): the message as stored */
GBytes *
sp_mail_message_get_bytes (SpMailMessage *self)
{
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (self), NULL);

  return self->bytes;
}

/* Octets with CR LF line endings: what POP3's LIST and IMAP's RFC822.SIZE report. */
gsize
sp_mail_message_get_size (SpMailMessage *self)
{
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (self), 0);

  return g_bytes_get_size (self->bytes);
}

/* The header's length, including the blank line after it. */
gsize
sp_mail_message_get_header_length (SpMailMessage *self)
{
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (self), 0);

  return self->header_length;
}

GDateTime *
sp_mail_message_get_internal_date (SpMailMessage *self)
{
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (self), NULL);

  return self->internal_date;
}

/* Returns: (transfer full) (nullable): the field's value, unfolded */
char *
sp_mail_message_dup_header (SpMailMessage *self,
                            const char    *name)
{
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (self), NULL);

  return sp_mail_header_get (g_bytes_get_data (self->bytes, NULL), self->header_length, name);
}

const char *
sp_mail_message_get_subject (SpMailMessage *self)
{
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (self), NULL);

  return self->subject;
}

const char *
sp_mail_message_get_from (SpMailMessage *self)
{
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (self), NULL);

  return self->from;
}

/* Returns: (transfer none): the MIME tree, offsets into sp_mail_message_get_bytes() */
SpMimePart *
sp_mail_message_get_structure (SpMailMessage *self)
{
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (self), NULL);

  if (self->structure == NULL)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (self->bytes, &size);

      self->structure = sp_mime_part_parse (data, size);
    }
  return self->structure;
}

SpMailFlags
sp_mail_message_get_flags (SpMailMessage *self)
{
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (self), SP_MAIL_FLAG_NONE);

  return self->flags;
}

void
sp_mail_message_set_flags (SpMailMessage *self,
                           SpMailFlags    flags)
{
  g_return_if_fail (SP_IS_MAIL_MESSAGE (self));

  flags &= SP_MAIL_FLAGS_ALL;
  if (self->flags == flags)
    return;

  self->flags = flags;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGS]);
}

/* Whether the mailbox has removed it (POP3's QUIT, IMAP's EXPUNGE). */
gboolean
sp_mail_message_get_expunged (SpMailMessage *self)
{
  g_return_val_if_fail (SP_IS_MAIL_MESSAGE (self), FALSE);

  return self->expunged;
}

/* For SpMailbox: sessions holding the message learn it is gone. */
void
sp_mail_message_set_expunged (SpMailMessage *self)
{
  g_return_if_fail (SP_IS_MAIL_MESSAGE (self));

  if (self->expunged)
    return;

  self->expunged = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPUNGED]);
}

/* "\Seen" for SP_MAIL_FLAG_SEEN, or NULL when @flag is not exactly one flag. */
const char *
sp_mail_flag_to_imap (SpMailFlags flag)
{
  for (gsize i = 0; i < G_N_ELEMENTS (imap_flags); i++)
    if (imap_flags[i].flag == flag)
      return imap_flags[i].name;
  return NULL;
}

/* The flag an IMAP name stands for, any case; SP_MAIL_FLAG_NONE for anything else. */
SpMailFlags
sp_mail_flag_from_imap (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (imap_flags); i++)
    if (g_ascii_strcasecmp (imap_flags[i].name, name) == 0)
      return imap_flags[i].flag;
  return SP_MAIL_FLAG_NONE;
}

/* "\Seen \Deleted": the flags as an IMAP flag list's inside. */
char *
sp_mail_flags_to_imap (SpMailFlags flags)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (imap_flags); i++)
    if (flags & imap_flags[i].flag)
      g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", imap_flags[i].name);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
