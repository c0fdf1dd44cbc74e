/* sp-imap-search.h — IMAP's SEARCH criteria (RFC 3501 §6.4.4), parsed once, tried on each message */
#pragma once

#include <glib.h>

#include "sp-imap-syntax.h"
#include "sp-mail-message.h"

G_BEGIN_DECLS

typedef struct _SpImapSearch SpImapSearch;

/* What a criterion may need beyond the message: its place in the session's view. */
typedef struct
{
  guint32  sequence;
  guint32  n_messages;   /* what * means for message numbers */
  guint32  max_uid;      /* what * means for UIDs */
  gboolean recent;
} SpImapSearchContext;

SpImapSearch *sp_imap_search_parse   (SpImapCursor         *cursor,
                                      char                **error_message);
gboolean      sp_imap_search_matches (SpImapSearch         *search,
                                      SpMailMessage        *message,
                                      SpImapSearchContext  *context);
void          sp_imap_search_free    (SpImapSearch         *search);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpImapSearch, sp_imap_search_free)

G_END_DECLS
