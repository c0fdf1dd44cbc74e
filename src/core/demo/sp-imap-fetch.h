/* sp-imap-fetch.h — IMAP's FETCH data items (RFC 3501 §6.4.5, §7.4.2): parsed, then rendered
 *
 * The session renders FLAGS and UID itself (\Recent belongs to it); everything that comes
 * from the message — dates, sizes, ENVELOPE, BODYSTRUCTURE and BODY[section] — is here.
 */
#pragma once

#include <glib.h>

#include "sp-imap-syntax.h"
#include "sp-mail-message.h"

G_BEGIN_DECLS

typedef enum
{
  SP_IMAP_FETCH_UID,
  SP_IMAP_FETCH_FLAGS,
  SP_IMAP_FETCH_INTERNALDATE,
  SP_IMAP_FETCH_RFC822_SIZE,
  SP_IMAP_FETCH_ENVELOPE,
  SP_IMAP_FETCH_BODY,           /* the structure without extension data */
  SP_IMAP_FETCH_BODYSTRUCTURE,
  SP_IMAP_FETCH_RFC822,
  SP_IMAP_FETCH_RFC822_HEADER,
  SP_IMAP_FETCH_RFC822_TEXT,
  SP_IMAP_FETCH_SECTION,        /* BODY[…] and BODY.PEEK[…] */
} SpImapFetchKind;

typedef enum
{
  SP_IMAP_SECTION_ALL,
  SP_IMAP_SECTION_HEADER,
  SP_IMAP_SECTION_HEADER_FIELDS,
  SP_IMAP_SECTION_HEADER_FIELDS_NOT,
  SP_IMAP_SECTION_TEXT,
  SP_IMAP_SECTION_MIME,
} SpImapSectionText;

typedef struct
{
  SpImapFetchKind   kind;
  gboolean          peek;
  GArray           *parts;     /* guint32 part numbers: 1.2 is { 1, 2 } */
  SpImapSectionText text;
  GStrv             fields;    /* HEADER.FIELDS (…) */
  gboolean          partial;
  guint32           offset;
  guint32           length;
  char             *label;     /* the name in the response: BODY[HEADER]<0> */
} SpImapFetchItem;

GPtrArray *sp_imap_fetch_parse          (SpImapCursor    *cursor,
                                         char           **error_message);
void       sp_imap_fetch_item_free      (SpImapFetchItem *item);
gboolean   sp_imap_fetch_item_sets_seen (SpImapFetchItem *item);
void       sp_imap_fetch_render         (GString         *out,
                                         SpImapFetchItem *item,
                                         SpMailMessage   *message);

G_END_DECLS
