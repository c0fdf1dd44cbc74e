/* sp-mail-parse.h — reading a message's header fields (RFC 5322) and MIME tree (RFC 2045, 2046)
 *
 * Just enough for the demo mail servers: IMAP's ENVELOPE, BODYSTRUCTURE and BODY[section]
 * need the header fields, the address lists and the parts of a message. Offsets are into
 * the whole message, so a part's bytes are a slice of the stored message.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One address of an address list, in IMAP's four fields. A group is an entry with only
 * @mailbox (the group's name) before its members, and an all-NULL entry after them. */
typedef struct
{
  char *name;
  char *adl;
  char *mailbox;
  char *host;
} SpMailAddress;

typedef struct _SpMimePart SpMimePart;

struct _SpMimePart
{
  gsize        header_offset;
  gsize        header_length;   /* including the blank line that ends the header */
  gsize        body_offset;
  gsize        body_length;
  char        *type;            /* lower case; "text" when absent */
  char        *subtype;         /* lower case; "plain" when absent */
  GStrv        params;          /* name, value, name, value, …; names in lower case */
  char        *id;
  char        *description;
  char        *encoding;        /* lower case; "7bit" when absent */
  char        *disposition;     /* lower case, or NULL */
  GStrv        disposition_params;
  guint        lines;           /* lines in the body */
  GPtrArray   *children;        /* multipart: its parts, else NULL */
  SpMimePart  *message;         /* message/rfc822: the message inside, else NULL */
};

gsize       sp_mail_header_length       (const guint8  *data,
                                         gsize          size);
char       *sp_mail_header_get          (const guint8  *header,
                                         gsize          length,
                                         const char    *name);
GString    *sp_mail_header_filter       (const guint8  *header,
                                         gsize          length,
                                         const char * const *names,
                                         gboolean       keep);

GPtrArray  *sp_mail_address_list_parse  (const char    *value);
void        sp_mail_address_free        (SpMailAddress *address);

SpMimePart *sp_mime_part_parse          (const guint8  *data,
                                         gsize          size);
void        sp_mime_part_free           (SpMimePart    *part);
const char *sp_mime_part_get_param      (SpMimePart    *part,
                                         const char    *name);

char       *sp_mail_format_date         (GDateTime     *date);
char       *sp_mail_format_imap_date    (GDateTime     *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpMimePart, sp_mime_part_free)

G_END_DECLS
