/* sp-mail-message.h — one message of the playground mailbox: its bytes, UID and flags */
#pragma once

#include <gio/gio.h>

#include "sp-mail-parse.h"

G_BEGIN_DECLS

/* IMAP's system flags (RFC 3501 §2.3.2) other than \Recent, which belongs to a session. */
typedef enum /*< flags >*/
{
  SP_MAIL_FLAG_NONE     = 0,
  SP_MAIL_FLAG_SEEN     = 1 << 0,
  SP_MAIL_FLAG_ANSWERED = 1 << 1,
  SP_MAIL_FLAG_FLAGGED  = 1 << 2,
  SP_MAIL_FLAG_DELETED  = 1 << 3,
  SP_MAIL_FLAG_DRAFT    = 1 << 4,
} SpMailFlags;

#define SP_MAIL_FLAGS_ALL (SP_MAIL_FLAG_SEEN | SP_MAIL_FLAG_ANSWERED | SP_MAIL_FLAG_FLAGGED | \
                           SP_MAIL_FLAG_DELETED | SP_MAIL_FLAG_DRAFT)

#define SP_TYPE_MAIL_MESSAGE (sp_mail_message_get_type ())

G_DECLARE_FINAL_TYPE (SpMailMessage, sp_mail_message, SP, MAIL_MESSAGE, GObject)

SpMailMessage *sp_mail_message_new               (guint32        uid,
                                                  GBytes        *bytes,
                                                  GDateTime     *internal_date);
guint32        sp_mail_message_get_uid           (SpMailMessage *self);
GBytes        *sp_mail_message_get_bytes         (SpMailMessage *self);
gsize          sp_mail_message_get_size          (SpMailMessage *self);
gsize          sp_mail_message_get_header_length (SpMailMessage *self);
GDateTime     *sp_mail_message_get_internal_date (SpMailMessage *self);
char          *sp_mail_message_dup_header        (SpMailMessage *self,
                                                  const char    *name);
const char    *sp_mail_message_get_subject       (SpMailMessage *self);
const char    *sp_mail_message_get_from          (SpMailMessage *self);
SpMimePart    *sp_mail_message_get_structure     (SpMailMessage *self);
SpMailFlags    sp_mail_message_get_flags         (SpMailMessage *self);
void           sp_mail_message_set_flags         (SpMailMessage *self,
                                                  SpMailFlags    flags);
gboolean       sp_mail_message_get_expunged      (SpMailMessage *self);
void           sp_mail_message_set_expunged      (SpMailMessage *self);

const char    *sp_mail_flag_to_imap              (SpMailFlags    flag);
SpMailFlags    sp_mail_flag_from_imap            (const char    *name);
char          *sp_mail_flags_to_imap             (SpMailFlags    flags);

G_END_DECLS
