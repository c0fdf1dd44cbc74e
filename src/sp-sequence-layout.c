/* sp-sequence-layout.c — the sequence diagram's rows, lifelines and columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each log is a source. A source's events arrive in order and become rows: one row per
 * socket call worth drawing, in the order the calls happened. Rows belong to a channel,
 * one end of a conversation (a log and a connection id); a channel is drawn on a
 * lifeline, one per socket. A datagram server has one socket for all its peers, so its
 * peers' channels share the server's lifeline.
 *
 * Channels are paired by address: a client's connect() names the client's own address,
 * which the server's accept() names as its peer. Rows that go to the peer find it when
 * they are drawn, so a pairing made after the first bytes (the server's accept() may be
 * logged before the client's connect()) still moves those bytes to the right lifeline.
 * Until then, and for peers outside the playground, they go to the "outside" lifeline.
 *
 * A lifeline keeps its column from its first row to its close; a later socket of the same
 * log may then reuse the column, so a client that reconnects a thousand times still
 * takes one column.
 */

#include "config.h"

#include <string.h>

#include "sp-sequence-layout-private.h"

typedef enum
{
  SIDE_NONE,
  SIDE_CLIENT,
  SIDE_SERVER,
} Side;

typedef struct
{
  char  *local;        /* a client's own address */
  char  *remote;       /* a client's server; a server's peer */
  guint  source;
  guint  number;
  guint  lifeline;
  int    peer;         /* the paired channel, or -1 */
  int    listener;     /* the listening lifeline it came through or connected to, or -1 */
  guint  n_peer_rows;  /* its rows drawn to the peer, which move when it is paired */
  Side   side;
  guint  connected : 1;
  guint  failed : 1;
  guint  own_lifeline : 1;
} Channel;

typedef struct
{
  char       *title;
  GPtrArray  *columns;      /* per column, a GArray of lifelines by first row */
  GHashTable *channels;     /* connection id → current channel */
  guint       first_column;
  guint       is_server : 1;
} Group;

struct _SpSequenceLayout
{
  GArray     *rows;         /* SpSequenceRow */
  GArray     *lifelines;    /* SpSequenceLifeline; 0 is the outside world */
  GArray     *channels;     /* Channel */
  GPtrArray  *groups;       /* Group, one per source */
  Group      *outside;
  GArray     *listeners;    /* listening lifelines that have an address */
  GHashTable *waiting;      /* an address → the channel waiting for its other end */
  GArray     *waiting_fifo; /* channels whose address names no one (Unix sockets) */
  guint       outside_rows; /* rows now drawn to the outside lifeline */
  guint       n_columns;
  guint       geometry_dirty : 1;
};

static void
channel_clear (gpointer data)
{
  Channel *channel = data;

  g_free (channel->local);
  g_free (channel->remote);
}

static void
lifeline_clear (gpointer data)
{
  SpSequenceLifeline *lifeline = data;

  g_free (lifeline->address);
}

static void
row_clear (gpointer data)
{
  SpSequenceRow *row = data;

  g_clear_object (&row->event);
}

static Group *
group_new (const char *title)
{
  Group *group = g_new0 (Group, 1);

  group->title = g_strdup (title);
  group->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  group->channels = g_hash_table_new (NULL, NULL);

  return group;
}

static void
group_free (gpointer data)
{
  Group *group = data;

  g_free (group->title);
  g_ptr_array_unref (group->columns);
  g_hash_table_unref (group->channels);
  g_free (group);
}

static inline Channel *
channel_at (SpSequenceLayout *self,
            guint             index)
{
  return &g_array_index (self->channels, Channel, index);
}

static inline SpSequenceLifeline *
lifeline_at (SpSequenceLayout *self,
             guint             index)
{
  return &g_array_index (self->lifelines, SpSequenceLifeline, index);
}

static inline SpSequenceRow *
row_at (SpSequenceLayout *self,
        guint             index)
{
  return &g_array_index (self->rows, SpSequenceRow, index);
}

/* Addresses ---------------------------------------------------------------------------- */

/* `host:port` or `[host]:port`: an address that names one socket. A Unix client socket
 * is usually unnamed, so its address cannot tell one client from another. */
static gboolean
is_inet_address (const char *address)
{
  const char *colon = address != NULL ? strrchr (address, ':') : NULL;

  if (colon == NULL || colon[1] == '\0' || colon == address)
    return FALSE;

  for (const char *p = colon + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

/* An IPv4 peer seen by a dual-stack socket is `[::ffff:127.0.0.1]:port`. */
static char *
normalise_address (const char *address)
{
  if (g_str_has_prefix (address, "[::ffff:") && strchr (address, '.') != NULL)
    {
      const char *end = strstr (address, "]:");

      if (end != NULL)
        return g_strdup_printf ("%.*s%s", (int) (end - address - 8), address + 8, end + 1);
    }

  return g_strdup (address);
}

static gboolean
is_wildcard_host (const char *address)
{
  return g_str_has_prefix (address, "0.0.0.0:") || g_str_has_prefix (address, "[::]:");
}

/* Whether a client that connected to @target reached a socket listening on @listening. */
static gboolean
address_reaches (const char *listening,
                 const char *target)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (listening == NULL || target == NULL)
    return FALSE;

  a = normalise_address (listening);
  b = normalise_address (target);
  if (g_str_equal (a, b))
    return TRUE;

  if (is_inet_address (a) && is_inet_address (b) && is_wildcard_host (a))
    return g_str_equal (strrchr (a, ':'), strrchr (b, ':'));

  return FALSE;
}

/* Lifelines and columns ---------------------------------------------------------------- */

static gboolean
column_is_free (SpSequenceLayout *self,
                GArray           *column,
                int               first_row)
{
  SpSequenceLifeline *last;

  if (column->len == 0)
    return TRUE;

  last = lifeline_at (self, g_array_index (column, guint, column->len - 1));

  return last->ended && last->last_row < first_row;
}

static guint
allocate_column (SpSequenceLayout *self,
                 Group            *group,
                 SpSequenceRole    role,
                 int               first_row)
{
  /* A server's listening socket stands first, its connections to its right. */
  guint start = role != SP_SEQUENCE_ROLE_LISTENER && group->is_server ? 1 : 0;

  for (guint c = start; c < group->columns->len; c++)
    if (column_is_free (self, g_ptr_array_index (group->columns, c), first_row))
      return c;

  while (group->columns->len < start)
    g_ptr_array_add (group->columns, g_array_new (FALSE, FALSE, sizeof (guint)));
  g_ptr_array_add (group->columns, g_array_new (FALSE, FALSE, sizeof (guint)));
  self->geometry_dirty = TRUE;

  return group->columns->len - 1;
}

static guint
new_lifeline (SpSequenceLayout *self,
              guint             source,
              SpSequenceRole    role,
              guint             number)
{
  Group *group = g_ptr_array_index (self->groups, source);
  SpSequenceLifeline lifeline = { 0 };
  guint index = self->lifelines->len;

  lifeline.source = source;
  lifeline.number = number;
  lifeline.role = role;
  lifeline.first_row = self->rows->len;
  lifeline.column = allocate_column (self, group, role, lifeline.first_row);
  g_array_append_val (self->lifelines, lifeline);
  g_array_append_val ((GArray *) g_ptr_array_index (group->columns, lifeline.column), index);

  return index;
}

static void
end_lifeline (SpSequenceLayout *self,
              guint             index,
              int               row)
{
  SpSequenceLifeline *lifeline = lifeline_at (self, index);

  if (lifeline->ended || index == SP_SEQUENCE_OUTSIDE)
    return;

  lifeline->ended = TRUE;
  lifeline->last_row = MAX (row, lifeline->first_row);
}

static void
set_lifeline_address (SpSequenceLayout *self,
                      guint             index,
                      const char       *address)
{
  SpSequenceLifeline *lifeline = lifeline_at (self, index);

  if (address == NULL || g_strcmp0 (lifeline->address, address) == 0)
    return;

  g_free (lifeline->address);
  lifeline->address = g_strdup (address);

  if (lifeline->role == SP_SEQUENCE_ROLE_LISTENER)
    {
      for (guint i = 0; i < self->listeners->len; i++)
        if (g_array_index (self->listeners, guint, i) == index)
          return;
      g_array_append_val (self->listeners, index);
    }
}

/* The listening socket in the playground that a client reaches at @address, or -1. */
static int
find_listener (SpSequenceLayout *self,
               const char       *address)
{
  int wildcard = -1;

  for (guint i = 0; i < self->listeners->len; i++)
    {
      guint index = g_array_index (self->listeners, guint, i);
      SpSequenceLifeline *lifeline = lifeline_at (self, index);

      if (lifeline->ended)
        continue;

      if (address_reaches (lifeline->address, address))
        {
          if (!is_wildcard_host (lifeline->address))
            return index;
          wildcard = index;
        }
    }

  return wildcard;
}

/* Channels ----------------------------------------------------------------------------- */

static guint
new_channel (SpSequenceLayout *self,
             guint             source,
             guint             number,
             guint             lifeline,
             gboolean          own_lifeline)
{
  Group *group = g_ptr_array_index (self->groups, source);
  Channel channel = { 0 };
  guint index = self->channels->len;

  channel.source = source;
  channel.number = number;
  channel.lifeline = lifeline;
  channel.own_lifeline = own_lifeline;
  channel.peer = -1;
  channel.listener = -1;
  g_array_append_val (self->channels, channel);
  g_hash_table_insert (group->channels, GUINT_TO_POINTER (number), GUINT_TO_POINTER (index + 1));

  return index;
}

static int
lookup_channel (SpSequenceLayout *self,
                guint             source,
                guint             number)
{
  Group *group = g_ptr_array_index (self->groups, source);

  return GPOINTER_TO_UINT (g_hash_table_lookup (group->channels, GUINT_TO_POINTER (number))) - 1;
}

/* A new socket for @number: the one it replaces (a failed connect's socket) ends. */
static guint
start_channel (SpSequenceLayout *self,
               guint             source,
               guint             number,
               SpSequenceRole    role)
{
  int old = lookup_channel (self, source, number);

  if (old >= 0 && channel_at (self, old)->own_lifeline)
    end_lifeline (self, channel_at (self, old)->lifeline, (int) self->rows->len - 1);

  return new_channel (self, source, number, new_lifeline (self, source, role, number), TRUE);
}

/* The channel for @number, made up when the log's start is gone (trimmed, or the view
 * came late): a side without its first events, still drawn in the right group. */
static guint
ensure_channel (SpSequenceLayout *self,
                guint             source,
                guint             number)
{
  Group *group = g_ptr_array_index (self->groups, source);
  int index = lookup_channel (self, source, number);
  SpSequenceRole role;

  if (index >= 0)
    return index;

  if (number == 0)
    role = SP_SEQUENCE_ROLE_LISTENER;
  else if (group->is_server)
    role = SP_SEQUENCE_ROLE_CONNECTION;
  else
    role = SP_SEQUENCE_ROLE_CLIENT;

  index = start_channel (self, source, number, role);
  channel_at (self, index)->side = role == SP_SEQUENCE_ROLE_CLIENT ? SIDE_CLIENT : SIDE_SERVER;

  return index;
}

static gboolean
channels_match (SpSequenceLayout *self,
                Channel          *a,
                Channel          *b)
{
  Channel *client = a->side == SIDE_CLIENT ? a : b;
  Channel *server = a->side == SIDE_CLIENT ? b : a;

  if (a->side == b->side || a->peer >= 0 || b->peer >= 0)
    return FALSE;

  /* The client connected to where the server's connection came in, when both are known. */
  if (client->remote != NULL && server->listener >= 0 &&
      lifeline_at (self, server->listener)->address != NULL)
    return address_reaches (lifeline_at (self, server->listener)->address, client->remote);

  return TRUE;
}

static void
pair_channels (SpSequenceLayout *self,
               guint             a,
               guint             b)
{
  Channel *first = channel_at (self, a);
  Channel *second = channel_at (self, b);
  guint moved = first->n_peer_rows + second->n_peer_rows;

  first->peer = b;
  second->peer = a;

  g_assert (self->outside_rows >= moved);
  self->outside_rows -= moved;
  if (self->outside_rows == 0 && moved > 0)
    self->geometry_dirty = TRUE;
}

/* Pairs a channel with its other end, or leaves it waiting for it. */
static void
try_pair (SpSequenceLayout *self,
          guint             index)
{
  Channel *channel = channel_at (self, index);
  const char *key = channel->side == SIDE_CLIENT ? channel->local : channel->remote;

  if (channel->peer >= 0 || key == NULL || channel->side == SIDE_NONE)
    return;

  if (is_inet_address (key))
    {
      char *normal = normalise_address (key);
      gpointer found = g_hash_table_lookup (self->waiting, normal);

      if (found != NULL && GPOINTER_TO_UINT (found) - 1 != index &&
          channels_match (self, channel, channel_at (self, GPOINTER_TO_UINT (found) - 1)))
        {
          g_hash_table_remove (self->waiting, normal);
          g_free (normal);
          pair_channels (self, index, GPOINTER_TO_UINT (found) - 1);
          return;
        }

      /* A newer socket with the same address replaces one that never found its peer. */
      g_hash_table_replace (self->waiting, normal, GUINT_TO_POINTER (index + 1));
      return;
    }

  /* Unnamed sockets: the first client to connect goes with the first connection the
   * server accepted, as the kernel's accept queue hands them out. */
  for (guint i = 0; i < self->waiting_fifo->len; i++)
    {
      guint other = g_array_index (self->waiting_fifo, guint, i);

      if (channels_match (self, channel, channel_at (self, other)))
        {
          g_array_remove_index (self->waiting_fifo, i);
          pair_channels (self, index, other);
          return;
        }
    }

  g_array_append_val (self->waiting_fifo, index);
}

/* Rows --------------------------------------------------------------------------------- */

static gboolean
row_goes_outside (SpSequenceLayout    *self,
                  const SpSequenceRow *row)
{
  if (row->ends == SP_SEQUENCE_ENDS_TARGET)
    return row->target == SP_SEQUENCE_OUTSIDE;

  if (row->ends == SP_SEQUENCE_ENDS_PEER)
    return channel_at (self, row->channel)->peer < 0;

  return FALSE;
}

static void
add_row (SpSequenceLayout    *self,
         SpEvent             *event,
         guint64              seq,
         guint                channel,
         SpSequenceArrowKind  kind,
         SpSequenceEnds       ends,
         guint                target,
         gboolean             inward,
         gboolean             ends_lifeline)
{
  SpSequenceRow row = { 0 };
  Channel *owner = channel_at (self, channel);

  row.event = g_object_ref (event);
  row.seq = seq;
  row.channel = channel;
  row.target = target;
  row.source = owner->source;
  row.kind = kind;
  row.ends = ends;
  row.inward = inward;
  row.ends_lifeline = ends_lifeline;

  if (ends == SP_SEQUENCE_ENDS_PEER)
    owner->n_peer_rows++;
  if (row_goes_outside (self, &row) && self->outside_rows++ == 0)
    self->geometry_dirty = TRUE;

  g_array_append_val (self->rows, row);

  if (ends_lifeline && owner->own_lifeline)
    end_lifeline (self, owner->lifeline, self->rows->len - 1);
}

/* Failures that come from the other end: an RST (reset, refused) or a closed pipe. */
static gboolean
is_peer_failure (SpEvent *event)
{
  if (sp_event_get_error_domain (event) != SP_SOCKET_ERROR)
    return FALSE;

  switch (sp_event_get_error_code (event))
    {
    case SP_SOCKET_ERROR_CONNECTION_RESET:
    case SP_SOCKET_ERROR_CONNECTION_REFUSED:
    case SP_SOCKET_ERROR_BROKEN_PIPE:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
ingest_error (SpSequenceLayout *self,
              guint             source,
              SpEvent          *event,
              guint64           seq)
{
  guint number = sp_event_get_connection_id (event);
  int index = lookup_channel (self, source, number);
  SpSequenceLifeline *lifeline;
  Channel *channel;
  gboolean ready;

  /* A failure before any socket existed (socket() itself, getaddrinfo()): no lifeline. */
  if (index < 0)
    return;

  channel = channel_at (self, index);
  lifeline = lifeline_at (self, channel->lifeline);
  if (channel->own_lifeline && lifeline->ended)
    return;

  /* A failed connect() names where it tried: the arrow goes there, and the socket ends. */
  if (sp_event_get_address (event) != NULL && sp_event_get_kind (event) == SP_EVENT_KIND_ERROR &&
      !channel->connected && channel->side != SIDE_SERVER && number != 0)
    {
      int target = find_listener (self, sp_event_get_address (event));

      channel->failed = TRUE;
      if (is_peer_failure (event))
        add_row (self, event, seq, index, SP_SEQUENCE_ARROW_RESET, SP_SEQUENCE_ENDS_TARGET,
                 target >= 0 ? (guint) target : SP_SEQUENCE_OUTSIDE, TRUE, TRUE);
      else
        add_row (self, event, seq, index, SP_SEQUENCE_ARROW_ERROR, SP_SEQUENCE_ENDS_TARGET,
                 target >= 0 ? (guint) target : SP_SEQUENCE_OUTSIDE, FALSE, TRUE);
      return;
    }

  if (is_peer_failure (event) && number != 0)
    {
      channel->failed = TRUE;
      add_row (self, event, seq, index, SP_SEQUENCE_ARROW_RESET, SP_SEQUENCE_ENDS_PEER, 0, TRUE, FALSE);
      return;
    }

  /* A failure before the socket was ready (bind(), listen()) ends it; later ones do not. */
  if (lifeline->role == SP_SEQUENCE_ROLE_LISTENER)
    ready = lifeline->address != NULL &&
            (lifeline->datagram || channel->connected);
  else
    ready = channel->connected || channel->side == SIDE_SERVER;

  add_row (self, event, seq, index, SP_SEQUENCE_ARROW_ERROR, SP_SEQUENCE_ENDS_LOCAL, 0, FALSE,
           !ready && channel->own_lifeline);
}

static void
ingest_close (SpSequenceLayout *self,
              guint             source,
              SpEvent          *event,
              guint64           seq)
{
  guint number = sp_event_get_connection_id (event);
  guint index = ensure_channel (self, source, number);
  Channel *channel = channel_at (self, index);
  SpSequenceLifeline *lifeline = lifeline_at (self, channel->lifeline);

  if (channel->own_lifeline && lifeline->ended)
    return;

  /* A stream's close() sends a FIN to the peer; a datagram socket's sends nothing, and
   * after a reset, or once the peer has closed, there is no one left to tell. */
  if (number == 0 || lifeline->datagram || channel->failed || !channel->own_lifeline ||
      (channel->peer >= 0 && lifeline_at (self, channel_at (self, channel->peer)->lifeline)->ended))
    add_row (self, event, seq, index, SP_SEQUENCE_ARROW_CLOSE, SP_SEQUENCE_ENDS_LOCAL, 0, FALSE, TRUE);
  else
    add_row (self, event, seq, index, SP_SEQUENCE_ARROW_CLOSE, SP_SEQUENCE_ENDS_PEER, 0, FALSE, TRUE);
}

/* Moves the newest row up to @position, the rows from there one down. */
static void
move_last_row (SpSequenceLayout *self,
               guint             position)
{
  guint last = self->rows->len - 1;
  SpSequenceRow row = *row_at (self, last);

  memmove (row_at (self, position + 1), row_at (self, position), (last - position) * sizeof (SpSequenceRow));
  *row_at (self, position) = row;

  /* The newest row started and ended no lifeline (see the caller). */
  for (guint i = 1; i < self->lifelines->len; i++)
    {
      SpSequenceLifeline *lifeline = lifeline_at (self, i);

      if (lifeline->first_row >= (int) position)
        lifeline->first_row++;
      if (lifeline->ended && lifeline->last_row >= (int) position)
        lifeline->last_row++;
    }
}

/* Both ends of a connection find out on the same turn of the main loop, and the server's
 * accept() is often logged first; but no accept() returns before the connect() that it
 * answers. The client's connect() arrow goes before it, as in a textbook. */
static gboolean
put_connect_before_accept (SpSequenceLayout *self,
                           guint             client)
{
  Channel *channel = channel_at (self, client);
  guint last = self->rows->len - 1;
  guint oldest = last > 64 ? last - 64 : 0;

  if (channel->peer < 0)
    return FALSE;

  for (guint i = last; i > oldest; i--)
    {
      SpSequenceRow *row = row_at (self, i - 1);

      if (row->channel == (guint) channel->peer && row->kind == SP_SEQUENCE_ARROW_ACCEPT)
        {
          if (lifeline_at (self, channel->lifeline)->first_row >= (int) i - 1)
            return FALSE;

          move_last_row (self, i - 1);
          return TRUE;
        }

      /* Each log's rows stay in the log's order (trimming counts on it). */
      if (row->source == channel->source)
        return FALSE;
    }

  return FALSE;
}

/* Public ------------------------------------------------------------------------------- */

SpSequenceLayout *
_sp_sequence_layout_new (void)
{
  SpSequenceLayout *self = g_new0 (SpSequenceLayout, 1);

  self->rows = g_array_new (FALSE, FALSE, sizeof (SpSequenceRow));
  g_array_set_clear_func (self->rows, row_clear);
  self->lifelines = g_array_new (FALSE, FALSE, sizeof (SpSequenceLifeline));
  g_array_set_clear_func (self->lifelines, lifeline_clear);
  self->channels = g_array_new (FALSE, FALSE, sizeof (Channel));
  g_array_set_clear_func (self->channels, channel_clear);
  self->groups = g_ptr_array_new_with_free_func (group_free);
  self->listeners = g_array_new (FALSE, FALSE, sizeof (guint));
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->waiting_fifo = g_array_new (FALSE, FALSE, sizeof (guint));

  _sp_sequence_layout_reset (self);

  return self;
}

void
_sp_sequence_layout_free (SpSequenceLayout *self)
{
  g_array_unref (self->rows);
  g_array_unref (self->lifelines);
  g_array_unref (self->channels);
  g_ptr_array_unref (self->groups);
  g_clear_pointer (&self->outside, group_free);
  g_array_unref (self->listeners);
  g_hash_table_unref (self->waiting);
  g_array_unref (self->waiting_fifo);
  g_free (self);
}

/* Forgets every source, row, lifeline and pairing. */
void
_sp_sequence_layout_reset (SpSequenceLayout *self)
{
  SpSequenceLifeline outside = { 0 };
  guint zero = SP_SEQUENCE_OUTSIDE;

  g_array_set_size (self->rows, 0);
  g_array_set_size (self->lifelines, 0);
  g_array_set_size (self->channels, 0);
  g_ptr_array_set_size (self->groups, 0);
  g_array_set_size (self->listeners, 0);
  g_hash_table_remove_all (self->waiting);
  g_array_set_size (self->waiting_fifo, 0);
  self->outside_rows = 0;

  g_clear_pointer (&self->outside, group_free);
  self->outside = group_new (NULL);
  g_ptr_array_add (self->outside->columns, g_array_new (FALSE, FALSE, sizeof (guint)));
  g_array_append_val (g_ptr_array_index (self->outside->columns, 0), zero);

  outside.role = SP_SEQUENCE_ROLE_OUTSIDE;
  outside.source = G_MAXUINT;
  g_array_append_val (self->lifelines, outside);

  self->geometry_dirty = TRUE;
}

/**
 * _sp_sequence_layout_add_source:
 * @is_server: whether the log is known to be a server's, when its first events (which
 *   tell) may be gone
 *
 * Returns: the source's number, used by _sp_sequence_layout_ingest()
 */
guint
_sp_sequence_layout_add_source (SpSequenceLayout *self,
                                const char       *title,
                                gboolean          is_server)
{
  Group *group = group_new (title);

  group->is_server = !!is_server;
  g_ptr_array_add (self->groups, group);
  self->geometry_dirty = TRUE;

  return self->groups->len - 1;
}

void
_sp_sequence_layout_set_source_title (SpSequenceLayout *self,
                                      guint             source,
                                      const char       *title)
{
  Group *group = g_ptr_array_index (self->groups, source);

  g_free (group->title);
  group->title = g_strdup (title);
}

/**
 * _sp_sequence_layout_ingest:
 * @seq: the event's number, counting the log's events from its very first
 *
 * Takes the next event of @source.
 *
 * Returns: whether rows already there moved (the new row went before them)
 */
gboolean
_sp_sequence_layout_ingest (SpSequenceLayout *self,
                            guint             source,
                            SpEvent          *event,
                            guint64           seq)
{
  Group *group = g_ptr_array_index (self->groups, source);
  guint number = sp_event_get_connection_id (event);
  const char *address = sp_event_get_address (event);
  Channel *channel;
  gboolean moved = FALSE;
  guint index;
  int target;

  switch (sp_event_get_kind (event))
    {
    case SP_EVENT_KIND_SOCKET:
      if (number == 0)
        group->is_server = TRUE;
      index = start_channel (self, source, number,
                             number == 0 ? SP_SEQUENCE_ROLE_LISTENER : SP_SEQUENCE_ROLE_CLIENT);
      channel = channel_at (self, index);
      channel->side = number == 0 ? SIDE_NONE : SIDE_CLIENT;
      lifeline_at (self, channel->lifeline)->datagram =
        sp_event_get_call (event) != NULL && strstr (sp_event_get_call (event), "SOCK_DGRAM") != NULL;
      add_row (self, event, seq, index, SP_SEQUENCE_ARROW_CALL, SP_SEQUENCE_ENDS_LOCAL, 0, FALSE, FALSE);
      break;

    case SP_EVENT_KIND_BIND:
    case SP_EVENT_KIND_LISTEN:
      if (number == 0)
        group->is_server = TRUE;
      index = ensure_channel (self, source, number);
      channel = channel_at (self, index);
      set_lifeline_address (self, channel->lifeline, address);
      if (sp_event_get_kind (event) == SP_EVENT_KIND_LISTEN)
        channel->connected = TRUE;
      add_row (self, event, seq, index, SP_SEQUENCE_ARROW_CALL, SP_SEQUENCE_ENDS_LOCAL, 0, FALSE, FALSE);
      break;

    case SP_EVENT_KIND_CONNECT:
      index = ensure_channel (self, source, number);
      channel = channel_at (self, index);
      channel->side = SIDE_CLIENT;
      channel->connected = TRUE;
      g_free (channel->remote);
      channel->remote = g_strdup (address);
      g_free (channel->local);
      channel->local = g_strdup (sp_event_get_local_address (event));
      set_lifeline_address (self, channel->lifeline, channel->local);
      target = address != NULL ? find_listener (self, address) : -1;
      channel->listener = target;

      /* A datagram connect() only notes the destination: nothing crosses. */
      if (lifeline_at (self, channel->lifeline)->datagram)
        add_row (self, event, seq, index, SP_SEQUENCE_ARROW_CALL, SP_SEQUENCE_ENDS_LOCAL, 0, FALSE, FALSE);
      else
        add_row (self, event, seq, index, SP_SEQUENCE_ARROW_CONNECT, SP_SEQUENCE_ENDS_TARGET,
                 target >= 0 ? (guint) target : SP_SEQUENCE_OUTSIDE, FALSE, FALSE);
      try_pair (self, index);
      if (sp_event_get_kind (event) == SP_EVENT_KIND_CONNECT &&
          !lifeline_at (self, channel_at (self, index)->lifeline)->datagram)
        moved = put_connect_before_accept (self, index);
      break;

    case SP_EVENT_KIND_ACCEPT:
      {
        guint listener;

        group->is_server = TRUE;
        listener = channel_at (self, ensure_channel (self, source, 0))->lifeline;
        index = start_channel (self, source, number, SP_SEQUENCE_ROLE_CONNECTION);
        channel = channel_at (self, index);
        channel->side = SIDE_SERVER;
        channel->connected = TRUE;
        channel->listener = listener;
        channel->remote = g_strdup (address);
        set_lifeline_address (self, channel->lifeline, address);
        add_row (self, event, seq, index, SP_SEQUENCE_ARROW_ACCEPT, SP_SEQUENCE_ENDS_TARGET,
                 listener, TRUE, FALSE);
        try_pair (self, index);
      }
      break;

    case SP_EVENT_KIND_INFO:
      /* A datagram server's new peer: no socket of its own, but an end to pair. */
      if (number != 0 && address != NULL && sp_event_get_direction (event) == SP_DIRECTION_IN &&
          lookup_channel (self, source, number) < 0)
        {
          guint listener = channel_at (self, ensure_channel (self, source, 0))->lifeline;

          index = new_channel (self, source, number, listener, FALSE);
          channel = channel_at (self, index);
          channel->side = SIDE_SERVER;
          channel->connected = TRUE;
          channel->listener = listener;
          channel->remote = g_strdup (address);
          try_pair (self, index);
        }
      break;

    case SP_EVENT_KIND_SEND:
      index = ensure_channel (self, source, number);
      add_row (self, event, seq, index, SP_SEQUENCE_ARROW_DATA, SP_SEQUENCE_ENDS_PEER, 0, FALSE, FALSE);
      break;

    case SP_EVENT_KIND_RECV:
      {
        gboolean datagram;

        index = ensure_channel (self, source, number);
        datagram = lifeline_at (self, channel_at (self, index)->lifeline)->datagram;
        add_row (self, event, seq, index,
                 !datagram && sp_event_get_byte_count (event) == 0
                   ? SP_SEQUENCE_ARROW_END_OF_STREAM : SP_SEQUENCE_ARROW_RECEIVE,
                 SP_SEQUENCE_ENDS_PEER, 0, TRUE, FALSE);
      }
      break;

    case SP_EVENT_KIND_SHUTDOWN:
      index = ensure_channel (self, source, number);
      add_row (self, event, seq, index, SP_SEQUENCE_ARROW_SHUTDOWN, SP_SEQUENCE_ENDS_PEER, 0, FALSE, FALSE);
      break;

    case SP_EVENT_KIND_CLOSE:
      ingest_close (self, source, event, seq);
      break;

    case SP_EVENT_KIND_ERROR:
      ingest_error (self, source, event, seq);
      break;

    case SP_EVENT_KIND_RESOLVE:
    default:
      break;
    }

  return moved;
}

/**
 * _sp_sequence_layout_drop_before:
 *
 * Removes the rows of @source's events older than @seq, as its log trims them; lifelines
 * and pairings stay, so what goes on afterwards is still drawn where it belongs.
 *
 * Returns: how many rows went
 */
guint
_sp_sequence_layout_drop_before (SpSequenceLayout *self,
                                 guint             source,
                                 guint64           seq)
{
  g_autofree guint *kept_before = NULL;
  guint n = self->rows->len;
  guint stop = 0;
  guint kept = 0;
  guint removed;

  /* A source's rows are in order: past its first row to keep, nothing more goes. */
  while (stop < n)
    {
      SpSequenceRow *row = row_at (self, stop);

      if (row->source == source && row->seq >= seq)
        break;
      stop++;
    }

  kept_before = g_new (guint, stop + 1);
  for (guint i = 0; i < stop; i++)
    {
      SpSequenceRow *row = row_at (self, i);

      kept_before[i] = kept;
      if (row->source != source)
        {
          if (kept != i)
            *row_at (self, kept) = *row;
          kept++;
          continue;
        }

      if (row_goes_outside (self, row))
        self->outside_rows--;
      if (row->ends == SP_SEQUENCE_ENDS_PEER)
        channel_at (self, row->channel)->n_peer_rows--;
      g_clear_object (&row->event);
    }
  kept_before[stop] = kept;

  removed = stop - kept;
  if (removed == 0)
    return 0;

  /* The slots past the new end hold copies or cleared rows: blank them, then shrink. */
  memmove (row_at (self, kept), row_at (self, stop), (n - stop) * sizeof (SpSequenceRow));
  memset (row_at (self, n - removed), 0, removed * sizeof (SpSequenceRow));
  g_array_set_size (self->rows, n - removed);
  if (self->outside_rows == 0)
    self->geometry_dirty = TRUE;

  /* Renumber the lifelines' rows; those left with none leave their column. */
  for (guint i = 1; i < self->lifelines->len; i++)
    {
      SpSequenceLifeline *lifeline = lifeline_at (self, i);

      if (lifeline->first_row < (int) stop)
        lifeline->first_row = kept_before[lifeline->first_row];
      else
        lifeline->first_row -= removed;

      if (!lifeline->ended)
        continue;

      if (lifeline->last_row < 0)
        ;
      else if (lifeline->last_row < (int) stop)
        lifeline->last_row = (int) kept_before[lifeline->last_row + 1] - 1;
      else
        lifeline->last_row -= removed;
    }

  for (guint g = 0; g < self->groups->len; g++)
    {
      Group *group = g_ptr_array_index (self->groups, g);

      for (guint c = 0; c < group->columns->len; c++)
        {
          GArray *column = g_ptr_array_index (group->columns, c);
          guint w = 0;

          for (guint i = 0; i < column->len; i++)
            {
              guint index = g_array_index (column, guint, i);
              SpSequenceLifeline *lifeline = lifeline_at (self, index);

              if (lifeline->ended && lifeline->last_row < lifeline->first_row)
                continue;
              g_array_index (column, guint, w++) = index;
            }
          g_array_set_size (column, w);
        }
    }

  return removed;
}

guint
_sp_sequence_layout_get_n_rows (SpSequenceLayout *self)
{
  return self->rows->len;
}

const SpSequenceRow *
_sp_sequence_layout_get_row (SpSequenceLayout *self,
                             guint             row)
{
  g_return_val_if_fail (row < self->rows->len, NULL);

  return row_at (self, row);
}

int
_sp_sequence_layout_get_row_lifeline (SpSequenceLayout *self,
                                      guint             row)
{
  g_return_val_if_fail (row < self->rows->len, -1);

  return channel_at (self, row_at (self, row)->channel)->lifeline;
}

/* The lifelines a row's arrow goes from and to; @to is -1 for a mark on one lifeline. */
void
_sp_sequence_layout_get_row_ends (SpSequenceLayout *self,
                                  guint             row,
                                  int              *from,
                                  int              *to)
{
  const SpSequenceRow *r = row_at (self, row);
  Channel *channel = channel_at (self, r->channel);
  int own = channel->lifeline;
  int other;

  switch (r->ends)
    {
    case SP_SEQUENCE_ENDS_TARGET:
      other = r->target;
      break;

    case SP_SEQUENCE_ENDS_PEER:
      other = channel->peer >= 0 ? (int) channel_at (self, channel->peer)->lifeline : SP_SEQUENCE_OUTSIDE;
      break;

    case SP_SEQUENCE_ENDS_LOCAL:
    default:
      other = -1;
      break;
    }

  if (other == own)
    other = -1;

  if (other >= 0 && r->inward)
    {
      *from = other;
      *to = own;
    }
  else
    {
      *from = own;
      *to = other;
    }
}

/* Whether the row's connection has its other end in the playground. */
gboolean
_sp_sequence_layout_row_is_paired (SpSequenceLayout *self,
                                   guint             row)
{
  return channel_at (self, row_at (self, row)->channel)->peer >= 0;
}

/* The row that draws @event, or -1; the newest rows are looked at first. */
int
_sp_sequence_layout_find_event (SpSequenceLayout *self,
                                SpEvent          *event)
{
  for (guint i = self->rows->len; i > 0; i--)
    if (row_at (self, i - 1)->event == event)
      return i - 1;

  return -1;
}

guint
_sp_sequence_layout_get_n_lifelines (SpSequenceLayout *self)
{
  return self->lifelines->len;
}

const SpSequenceLifeline *
_sp_sequence_layout_get_lifeline (SpSequenceLayout *self,
                                  guint             lifeline)
{
  g_return_val_if_fail (lifeline < self->lifelines->len, NULL);

  return lifeline_at (self, lifeline);
}

static void
update_geometry (SpSequenceLayout *self)
{
  guint column = 0;

  if (!self->geometry_dirty)
    return;

  /* Every log shows at least one column, so a pane appears before its first socket. */
  for (guint g = 0; g < self->groups->len; g++)
    {
      Group *group = g_ptr_array_index (self->groups, g);

      group->first_column = column;
      column += MAX (1, group->columns->len);
    }

  self->outside->first_column = column;
  if (self->outside_rows > 0)
    column++;

  self->n_columns = column;
  self->geometry_dirty = FALSE;
}

guint
_sp_sequence_layout_get_n_columns (SpSequenceLayout *self)
{
  update_geometry (self);

  return self->n_columns;
}

guint
_sp_sequence_layout_get_n_groups (SpSequenceLayout *self)
{
  return self->groups->len + (self->outside_rows > 0 ? 1 : 0);
}

/**
 * _sp_sequence_layout_get_group:
 *
 * Returns: (nullable): the group's title; %NULL for the outside world
 */
const char *
_sp_sequence_layout_get_group (SpSequenceLayout *self,
                               guint             group,
                               guint            *first_column,
                               guint            *n_columns)
{
  Group *g;

  update_geometry (self);

  g = group < self->groups->len ? g_ptr_array_index (self->groups, group) : self->outside;
  *first_column = g->first_column;
  *n_columns = MAX (1, g->columns->len);

  return g->title;
}

static Group *
group_of_column (SpSequenceLayout *self,
                 guint             column,
                 guint            *local)
{
  update_geometry (self);

  for (guint g = 0; g < self->groups->len; g++)
    {
      Group *group = g_ptr_array_index (self->groups, g);

      if (column >= group->first_column && column < group->first_column + MAX (1, group->columns->len))
        {
          *local = column - group->first_column;
          return group;
        }
    }

  if (self->outside_rows > 0 && column == self->outside->first_column)
    {
      *local = 0;
      return self->outside;
    }

  return NULL;
}

/* The column a lifeline stands in, or -1 (the outside world, when nothing goes there). */
int
_sp_sequence_layout_get_column (SpSequenceLayout *self,
                                guint             lifeline)
{
  SpSequenceLifeline *l = lifeline_at (self, lifeline);
  Group *group;

  update_geometry (self);

  if (lifeline == SP_SEQUENCE_OUTSIDE)
    return self->outside_rows > 0 ? (int) self->outside->first_column : -1;

  group = g_ptr_array_index (self->groups, l->source);

  return group->first_column + l->column;
}

static int
lifeline_end (SpSequenceLifeline *lifeline)
{
  return lifeline->ended ? lifeline->last_row : G_MAXINT;
}

/* In @column, the index of the last lifeline that starts at or before @row, or -1. */
static int
find_at_or_before (SpSequenceLayout *self,
                   GArray           *column,
                   int               row)
{
  int low = 0;
  int high = (int) column->len - 1;
  int found = -1;

  while (low <= high)
    {
      int middle = low + (high - low) / 2;

      if (lifeline_at (self, g_array_index (column, guint, middle))->first_row <= row)
        {
          found = middle;
          low = middle + 1;
        }
      else
        high = middle - 1;
    }

  return found;
}

/* The lifeline to name at the top of @column for the rows from @first_row to @last_row:
 * the one there at the first row, else the first to start further down; -1 if none. */
int
_sp_sequence_layout_get_occupant (SpSequenceLayout *self,
                                  guint             column,
                                  int               first_row,
                                  int               last_row)
{
  guint local;
  Group *group = group_of_column (self, column, &local);
  GArray *occupants;
  int at;

  if (group == NULL || local >= group->columns->len)
    return -1;

  occupants = g_ptr_array_index (group->columns, local);
  at = find_at_or_before (self, occupants, first_row);
  if (at >= 0 && lifeline_end (lifeline_at (self, g_array_index (occupants, guint, at))) >= first_row)
    return g_array_index (occupants, guint, at);

  if (at + 1 < (int) occupants->len &&
      lifeline_at (self, g_array_index (occupants, guint, at + 1))->first_row <= last_row)
    return g_array_index (occupants, guint, at + 1);

  return -1;
}

/* Calls @func for each lifeline of @column that has rows from @first_row to @last_row. */
void
_sp_sequence_layout_foreach_lifeline (SpSequenceLayout *self,
                                      guint             column,
                                      int               first_row,
                                      int               last_row,
                                      void            (*func) (guint    lifeline,
                                                               gpointer data),
                                      gpointer          data)
{
  guint local;
  Group *group = group_of_column (self, column, &local);
  GArray *occupants;

  if (group == NULL || local >= group->columns->len)
    return;

  occupants = g_ptr_array_index (group->columns, local);

  /* Lifelines of one column never overlap: walk back from the last one to start. */
  for (int at = find_at_or_before (self, occupants, last_row); at >= 0; at--)
    {
      guint index = g_array_index (occupants, guint, at);

      if (lifeline_end (lifeline_at (self, index)) < first_row)
        break;
      func (index, data);
    }
}
