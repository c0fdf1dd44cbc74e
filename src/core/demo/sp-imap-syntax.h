/* sp-imap-syntax.h — reading IMAP4rev1 command arguments and writing IMAP strings (RFC 3501 §9)
 *
 * A command line is read left to right through a cursor; each reader returns FALSE or NULL
 * and leaves the cursor where the syntax broke, so the caller answers BAD.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *p;
} SpImapCursor;

/* A sequence set (RFC 3501 §9 sequence-set): ranges whose ends are numbers or * (stored as 0). */
typedef struct
{
  guint32 first;
  guint32 last;
} SpImapRange;

gboolean  sp_imap_is_atom_char            (char          c);
gboolean  sp_imap_is_valid_tag            (const char   *tag);

gboolean  sp_imap_at_end                  (SpImapCursor *cursor);
gboolean  sp_imap_read_space              (SpImapCursor *cursor);
gboolean  sp_imap_read_char               (SpImapCursor *cursor,
                                           char          c);
char     *sp_imap_read_atom               (SpImapCursor *cursor);
char     *sp_imap_read_astring            (SpImapCursor *cursor);
char     *sp_imap_read_list_mailbox       (SpImapCursor *cursor);
gboolean  sp_imap_read_number             (SpImapCursor *cursor,
                                           guint32      *number);
GArray   *sp_imap_read_sequence_set       (SpImapCursor *cursor);

gboolean  sp_imap_sequence_set_contains   (GArray       *set,
                                           guint32       value,
                                           guint32       star);
guint32   sp_imap_sequence_set_max        (GArray       *set,
                                           guint32       star);

gboolean  sp_imap_line_has_literal        (const char   *line);

void      sp_imap_append_string           (GString      *out,
                                           const char   *data,
                                           gsize         length);
void      sp_imap_append_nstring          (GString      *out,
                                           const char   *text);
void      sp_imap_append_literal          (GString      *out,
                                           const guint8 *data,
                                           gsize         length);

G_END_DECLS
