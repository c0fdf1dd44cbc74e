/* sp-mailbox.h — the playground's mailbox: SMTP delivers to it, POP3 and IMAP read it */
#pragma once

#include <gio/gio.h>

#include "sp-mail-message.h"

G_BEGIN_DECLS

/* Bigger messages are refused (SMTP's SIZE extension announces it). */
#define SP_MAILBOX_MAX_MESSAGE_SIZE (1024 * 1024)
/* A flood of mail stops here: SMTP answers 452 until some is deleted. */
#define SP_MAILBOX_MAX_TOTAL_SIZE (64 * 1024 * 1024)
/* What a POP3 or IMAP session may queue for sending: one FETCH 1:* (RFC822) may send
 * the whole mailbox at once, which the connection's usual limit (4 MiB) would refuse. */
#define SP_MAILBOX_SEND_QUEUE_LIMIT (SP_MAILBOX_MAX_TOTAL_SIZE + 4 * 1024 * 1024)

#define SP_TYPE_MAILBOX (sp_mailbox_get_type ())

G_DECLARE_FINAL_TYPE (SpMailbox, sp_mailbox, SP, MAILBOX, GObject)

SpMailbox     *sp_mailbox_get_default        (void);
SpMailbox     *sp_mailbox_new                (void);
guint32        sp_mailbox_get_uid_validity   (SpMailbox     *self);
guint32        sp_mailbox_get_uid_next       (SpMailbox     *self);
guint64        sp_mailbox_get_total_size     (SpMailbox     *self);
SpMailMessage *sp_mailbox_get_message        (SpMailbox     *self,
                                              guint          position);
SpMailMessage *sp_mailbox_lookup_uid         (SpMailbox     *self,
                                              guint32        uid);
SpMailMessage *sp_mailbox_add                (SpMailbox     *self,
                                              GBytes        *bytes,
                                              GDateTime     *internal_date);
gboolean       sp_mailbox_remove             (SpMailbox     *self,
                                              SpMailMessage *message);
guint          sp_mailbox_expunge            (SpMailbox     *self);
guint32        sp_mailbox_claim_recent       (SpMailbox     *self,
                                              gboolean       claim);

G_END_DECLS
