/* sp-sequence-layout-private.h — the sequence diagram's rows, lifelines and columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain data behind SpSequenceView, without GTK: the events of several logs become rows
 * (one arrow each, in time order), sockets become lifelines placed in columns, and the
 * two ends of each connection are paired by their addresses.
 */

#pragma once

#include "sp-core.h"

G_BEGIN_DECLS

/* What one row draws. */
typedef enum
{
  SP_SEQUENCE_ARROW_CALL,           /* socket(), bind(), listen(), a datagram connect() */
  SP_SEQUENCE_ARROW_CONNECT,        /* client → listening socket */
  SP_SEQUENCE_ARROW_ACCEPT,         /* listening socket → the connection it made */
  SP_SEQUENCE_ARROW_DATA,           /* send(): bytes leave for the peer */
  SP_SEQUENCE_ARROW_RECEIVE,        /* recv(): bytes arrived */
  SP_SEQUENCE_ARROW_END_OF_STREAM,  /* recv() → b'': the peer's FIN arrived */
  SP_SEQUENCE_ARROW_SHUTDOWN,       /* shutdown(SHUT_WR): half-close */
  SP_SEQUENCE_ARROW_CLOSE,          /* close() */
  SP_SEQUENCE_ARROW_ERROR,          /* a failure on this side */
  SP_SEQUENCE_ARROW_RESET,          /* the peer reset or refused the connection */
} SpSequenceArrowKind;

typedef enum
{
  SP_SEQUENCE_ROLE_OUTSIDE,    /* peers that are not in the playground */
  SP_SEQUENCE_ROLE_LISTENER,   /* a server's listening (or datagram) socket */
  SP_SEQUENCE_ROLE_CONNECTION, /* a connection a server accepted */
  SP_SEQUENCE_ROLE_CLIENT,     /* a client's socket */
} SpSequenceRole;

/* Where a row's other end is. */
typedef enum
{
  SP_SEQUENCE_ENDS_LOCAL,   /* nowhere: a mark on the row's own lifeline */
  SP_SEQUENCE_ENDS_TARGET,  /* the lifeline named when the row was made */
  SP_SEQUENCE_ENDS_PEER,    /* whatever the connection is paired with, else outside */
} SpSequenceEnds;

/* The lifeline of everything outside the playground is always there, as number 0. */
#define SP_SEQUENCE_OUTSIDE 0

typedef struct
{
  SpEvent *event;
  guint64  seq;            /* the event's place in its log's whole history */
  guint    channel;
  guint    target;         /* a lifeline, for SP_SEQUENCE_ENDS_TARGET */
  guint16  source;
  guint8   kind;           /* SpSequenceArrowKind */
  guint8   ends : 2;       /* SpSequenceEnds */
  guint8   inward : 1;     /* the arrow comes to the row's own lifeline */
  guint8   ends_lifeline : 1;
} SpSequenceRow;

typedef struct
{
  char           *address;
  guint           source;
  guint           number;     /* the connection id in its log */
  int             first_row;
  int             last_row;   /* meaningful once ended */
  guint           column;     /* within its group */
  SpSequenceRole  role;
  guint           ended : 1;
  guint           datagram : 1;
} SpSequenceLifeline;

typedef struct _SpSequenceLayout SpSequenceLayout;

SpSequenceLayout         *_sp_sequence_layout_new              (void);
void                      _sp_sequence_layout_free             (SpSequenceLayout *self);
void                      _sp_sequence_layout_reset            (SpSequenceLayout *self);
guint                     _sp_sequence_layout_add_source       (SpSequenceLayout *self,
                                                                const char       *title,
                                                                gboolean          is_server);
void                      _sp_sequence_layout_set_source_title (SpSequenceLayout *self,
                                                                guint             source,
                                                                const char       *title);
gboolean                  _sp_sequence_layout_ingest           (SpSequenceLayout *self,
                                                                guint             source,
                                                                SpEvent          *event,
                                                                guint64           seq);
guint                     _sp_sequence_layout_drop_before      (SpSequenceLayout *self,
                                                                guint             source,
                                                                guint64           seq);
guint                     _sp_sequence_layout_get_n_rows       (SpSequenceLayout *self);
const SpSequenceRow      *_sp_sequence_layout_get_row          (SpSequenceLayout *self,
                                                                guint             row);
void                      _sp_sequence_layout_get_row_ends     (SpSequenceLayout *self,
                                                                guint             row,
                                                                int              *from,
                                                                int              *to);
gboolean                  _sp_sequence_layout_row_is_paired    (SpSequenceLayout *self,
                                                                guint             row);
int                       _sp_sequence_layout_find_event       (SpSequenceLayout *self,
                                                                SpEvent          *event);
guint                     _sp_sequence_layout_get_n_lifelines  (SpSequenceLayout *self);
const SpSequenceLifeline *_sp_sequence_layout_get_lifeline     (SpSequenceLayout *self,
                                                                guint             lifeline);
int                       _sp_sequence_layout_get_row_lifeline (SpSequenceLayout *self,
                                                                guint             row);

/* Columns, counted over every group from the left; groups are the logs, in the order
 * they were added, then the outside world when some arrow goes there. */
guint                     _sp_sequence_layout_get_n_columns    (SpSequenceLayout *self);
guint                     _sp_sequence_layout_get_n_groups     (SpSequenceLayout *self);
const char               *_sp_sequence_layout_get_group        (SpSequenceLayout *self,
                                                                guint             group,
                                                                guint            *first_column,
                                                                guint            *n_columns);
int                       _sp_sequence_layout_get_column       (SpSequenceLayout *self,
                                                                guint             lifeline);
int                       _sp_sequence_layout_get_occupant     (SpSequenceLayout *self,
                                                                guint             column,
                                                                int               first_row,
                                                                int               last_row);
void                      _sp_sequence_layout_foreach_lifeline (SpSequenceLayout *self,
                                                                guint             column,
                                                                int               first_row,
                                                                int               last_row,
                                                                void            (*func) (guint    lifeline,
                                                                                         gpointer data),
                                                                gpointer          data);

G_END_DECLS
