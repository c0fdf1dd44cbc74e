/* sp-pcapng-writer.c — logs written as a pcapng capture of synthesized TCP and UDP frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The logs know what each socket call did, not what crossed the wire, so the frames are
 * made up to tell the same story the way Wireshark reads it: Ethernet, IPv4 or IPv6, and
 * TCP with a three-way handshake at connect()/accept(), data cut at the MSS with
 * consistent sequence and acknowledgement numbers, an ACK every two segments, FIN and
 * its ACK at shutdown() or close() on each side, RST when a side was reset; or UDP, one
 * frame per datagram. Checksums are computed. Times are the events' own.
 *
 * Two passes over the logs merged in time order. The first finds the connections: the
 * events that open one (connect, accept, a datagram peer's first datagram) carry both
 * addresses, and when a client's and a server's logs are both given, the two views of a
 * connection meet on the same four-tuple and become one. The second writes frames. Each
 * direction's bytes come from one log only: the sender's send() when its log is given,
 * else the receiver's recv(), so nothing is written twice.
 *
 * What the logs do not hold is not invented: a payload the log dropped to stay within
 * its budget leaves a gap in the sequence numbers (Wireshark says "previous segment not
 * captured", which is true) and a comment on the next frame; a connection whose opening
 * was dropped is left out; Unix sockets have no IP, so their traffic is left out, and
 * counted in the stats for the caller to say so.
 */

#include "config.h"

#include <string.h>

#include "sp-chunked-save-private.h"
#include "sp-log-merge.h"
#include "sp-pcapng-writer.h"
#include "sp-socket-error.h"

/* Events turned into frames per chunk written. */
#define EVENTS_PER_CHUNK 500

#define LINKTYPE_ETHERNET 1
#define SNAPLEN           262144

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define IPPROTO_TCP_   6
#define IPPROTO_UDP_   17

/* What an Ethernet link carries in one segment: 1500 bytes less the IP and TCP headers. */
#define MSS_IPV4 1460
#define MSS_IPV6 1440
#define WINDOW   65535

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

#define BLOCK_SHB 0x0a0d0d0a
#define BLOCK_IDB 0x00000001
#define BLOCK_EPB 0x00000006

#define OPT_END_OF_OPT   0
#define OPT_COMMENT      1
#define OPT_SHB_USERAPPL 4
#define OPT_IF_NAME      2
#define OPT_IF_DESCRIPTION 3
#define OPT_IF_TSRESOL   9

typedef struct
{
  int     family;   /* 4 or 6 */
  guint8  ip[16];
  guint16 port;
  guint8  mac[6];
} Endpoint;

/* One TCP connection or one pair of UDP endpoints. Side 0 opened it (connect), side 1
 * answered (accept, or a UDP server's peer). */
typedef struct
{
  gboolean  udp;
  Endpoint  end[2];
  gboolean  has_view[2];  /* a log of that side was given */
  guint32   isn[2];
  guint32   sent[2];      /* data bytes sent, gaps included */
  gboolean  fin[2];
  gboolean  opened;
  gboolean  reset;
  guint16   ip_id[2];
  guint64   gap[2];       /* bytes dropped since the last frame of that side */
} Flow;

/* How a connection of one log maps onto a flow. */
typedef struct
{
  Flow     *flow;         /* NULL: a Unix socket, left out */
  int       side;
} View;

typedef enum
{
  TYPE_UNKNOWN,
  TYPE_STREAM,
  TYPE_DATAGRAM,
} SocketType;

struct _SpPcapngWriter
{
  GObject        parent_instance;

  GPtrArray     *logs;
  SpPcapngStats  stats;

  /* While writing. */
  GArray        *merged;
  GPtrArray     *flows;       /* Flow, owned */
  GHashTable    *openers;     /* SpEvent * → View *: the events that open a connection */
  GHashTable    *views;       /* (log << 32 | connection) → View * (borrowed from openers) */
  GHashTable    *missing;     /* (log << 32 | connection) of connections left out */
  guint          next_event;
  gint64         last_time;
  gboolean       header_done;
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (SpPcapngWriter, sp_pcapng_writer, G_TYPE_OBJECT)

/* Bytes ------------------------------------------------------------------------------ */

static void
put16be (GByteArray *out,
         guint16     value)
{
  guint8 bytes[2] = { value >> 8, value & 0xff };

  g_byte_array_append (out, bytes, 2);
}

static void
put32be (GByteArray *out,
         guint32     value)
{
  guint8 bytes[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (out, bytes, 4);
}

static void
set16be (guint8  *at,
         guint16  value)
{
  at[0] = value >> 8;
  at[1] = value & 0xff;
}

/* pcapng blocks are written little-endian, whatever the machine; readers follow the
 * byte-order magic. */
static void
put16le (GString *out,
         guint16  value)
{
  guint16 le = GUINT16_TO_LE (value);

  g_string_append_len (out, (const char *) &le, 2);
}

static void
put32le (GString *out,
         guint32  value)
{
  guint32 le = GUINT32_TO_LE (value);

  g_string_append_len (out, (const char *) &le, 4);
}

static void
set32le (GString *out,
         gsize    offset,
         guint32  value)
{
  guint32 le = GUINT32_TO_LE (value);

  memcpy (out->str + offset, &le, 4);
}

static void
pad32 (GString *out)
{
  while (out->len % 4 != 0)
    g_string_append_c (out, '\0');
}

static void
put_option (GString    *out,
            guint16     code,
            const void *value,
            gsize       length)
{
  put16le (out, code);
  put16le (out, length);
  g_string_append_len (out, value, length);
  pad32 (out);
}

static void
put_string_option (GString    *out,
                   guint16     code,
                   const char *value)
{
  put_option (out, code, value, strlen (value));
}

/* Starts a block; end_block() fills in its length, at both ends. */
static gsize
begin_block (GString *out,
             guint32  type)
{
  gsize start = out->len;

  put32le (out, type);
  put32le (out, 0);

  return start;
}

static void
end_block (GString *out,
           gsize    start)
{
  guint32 length;

  pad32 (out);
  length = out->len - start + 4;
  put32le (out, length);
  set32le (out, start + 4, length);
}

/* The Internet checksum (RFC 1071) of @data, continuing @sum. */
static guint32
checksum_add (guint32       sum,
              const guint8 *data,
              gsize         length)
{
  gsize i;

  for (i = 0; i + 1 < length; i += 2)
    sum += (data[i] << 8) | data[i + 1];
  if (i < length)
    sum += data[i] << 8;

  return sum;
}

static guint16
checksum_fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);

  return ~sum & 0xffff;
}

/* Addresses -------------------------------------------------------------------------- */

static guint32
hash_bytes (guint32       hash,
            const guint8 *data,
            gsize         length)
{
  /* FNV-1a: cheap, and the same frames for the same logs every time. */
  for (gsize i = 0; i < length; i++)
    hash = (hash ^ data[i]) * 16777619u;

  return hash;
}

static gboolean
is_unspecified (const Endpoint *end)
{
  for (int i = 0; i < (end->family == 4 ? 4 : 16); i++)
    if (end->ip[i] != 0)
      return FALSE;

  return TRUE;
}

static gboolean
is_loopback (const Endpoint *end)
{
  static const guint8 v6_loopback[16] = { [15] = 1 };

  if (end->family == 4)
    return end->ip[0] == 127;

  return memcmp (end->ip, v6_loopback, 16) == 0;
}

/* Reads `127.0.0.1:80` or `[::1]:80` as the engine writes addresses; a Unix path or
 * anything else is not an IP endpoint. An IPv4 address seen through a dual-stack socket
 * (`::ffff:127.0.0.1`) is what travelled: IPv4. */
static gboolean
parse_endpoint (const char *text,
                Endpoint   *end)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *port_text;
  const guint8 *bytes;
  guint64 port;
  char *zone;

  memset (end, 0, sizeof *end);

  if (text == NULL)
    return FALSE;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL || close[1] != ':')
        return FALSE;
      host = g_strndup (text + 1, close - text - 1);
      port_text = close + 2;
    }
  else
    {
      const char *colon = strrchr (text, ':');

      if (colon == NULL)
        return FALSE;
      host = g_strndup (text, colon - text);
      port_text = colon + 1;
    }

  zone = strchr (host, '%');
  if (zone != NULL)
    *zone = '\0';

  if (!g_ascii_string_to_unsigned (port_text, 10, 0, G_MAXUINT16, &port, NULL))
    return FALSE;

  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    return FALSE;

  bytes = g_inet_address_to_bytes (address);
  end->port = port;

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    {
      end->family = 4;
      memcpy (end->ip, bytes, 4);
    }
  else
    {
      static const guint8 mapped_prefix[12] = { [10] = 0xff, [11] = 0xff };

      if (memcmp (bytes, mapped_prefix, 12) == 0)
        {
          end->family = 4;
          memcpy (end->ip, bytes + 12, 4);
        }
      else
        {
          end->family = 6;
          memcpy (end->ip, bytes, 16);
        }
    }

  return TRUE;
}

/* A made-up MAC address per endpoint, locally administered, so the two ends differ even
 * on loopback. */
static void
make_mac (Endpoint *end)
{
  guint32 hash = hash_bytes (2166136261u, end->ip, 16);
  guint8 port[2] = { end->port >> 8, end->port & 0xff };

  hash = hash_bytes (hash, port, 2);
  end->mac[0] = 0x02;
  end->mac[1] = 0x50;
  end->mac[2] = hash >> 24;
  end->mac[3] = (hash >> 16) & 0xff;
  end->mac[4] = (hash >> 8) & 0xff;
  end->mac[5] = hash & 0xff;
}

static char *
endpoint_key (const Endpoint *end)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_bytes (end->ip,
                                                                   end->family == 4 ? G_SOCKET_FAMILY_IPV4
                                                                                    : G_SOCKET_FAMILY_IPV6);
  g_autofree char *text = g_inet_address_to_string (address);

  return g_strdup_printf ("%s/%u", text, end->port);
}

/* Frames ------------------------------------------------------------------------------- */

static void
write_epb (SpPcapngWriter *self,
           GString        *out,
           gint64          time,
           GByteArray     *frame,
           const char     *comment)
{
  gsize start;

  /* Frames stay in time order even if a clock stepped back between two logs. */
  time = MAX (time, self->last_time);
  self->last_time = time;

  start = begin_block (out, BLOCK_EPB);
  put32le (out, 0);                                   /* interface */
  put32le (out, (guint64) time >> 32);                /* microseconds, as if_tsresol says */
  put32le (out, (guint64) time & 0xffffffff);
  put32le (out, frame->len);                          /* captured */
  put32le (out, frame->len);                          /* on the wire */
  g_string_append_len (out, (const char *) frame->data, frame->len);
  pad32 (out);
  if (comment != NULL)
    {
      put_string_option (out, OPT_COMMENT, comment);
      put16le (out, OPT_END_OF_OPT);
      put16le (out, 0);
    }
  end_block (out, start);

  self->stats.n_frames++;
}

/* Ethernet and IP headers for a segment of @length bytes of @protocol from @from to @to;
 * returns the offset of the transport header. */
static gsize
put_ip_headers (GByteArray     *frame,
                Flow           *flow,
                int             from,
                guint8          protocol,
                gsize           length)
{
  const Endpoint *src = &flow->end[from];
  const Endpoint *dst = &flow->end[1 - from];

  g_byte_array_append (frame, dst->mac, 6);
  g_byte_array_append (frame, src->mac, 6);

  if (src->family == 4)
    {
      gsize ip = frame->len + 2;
      guint16 sum;

      put16be (frame, ETHERTYPE_IPV4);
      put16be (frame, 0x4500);                        /* version 4, 20 bytes, no DSCP */
      put16be (frame, 20 + length);
      put16be (frame, flow->ip_id[from]++);
      put16be (frame, 0x4000);                        /* don't fragment */
      put16be (frame, (64 << 8) | protocol);          /* TTL 64 */
      put16be (frame, 0);                             /* checksum, below */
      g_byte_array_append (frame, src->ip, 4);
      g_byte_array_append (frame, dst->ip, 4);
      sum = checksum_fold (checksum_add (0, frame->data + ip, 20));
      set16be (frame->data + ip + 10, sum);
    }
  else
    {
      put16be (frame, ETHERTYPE_IPV6);
      put32be (frame, 0x60000000);                    /* version 6, no class or flow label */
      put16be (frame, length);
      put16be (frame, (protocol << 8) | 64);          /* next header, hop limit 64 */
      g_byte_array_append (frame, src->ip, 16);
      g_byte_array_append (frame, dst->ip, 16);
    }

  return frame->len;
}

/* The transport checksum over the pseudo-header and the segment from @offset. */
static guint16
transport_checksum (GByteArray *frame,
                    Flow       *flow,
                    int         from,
                    guint8      protocol,
                    gsize       offset)
{
  const Endpoint *src = &flow->end[from];
  const Endpoint *dst = &flow->end[1 - from];
  gsize ip_size = src->family == 4 ? 4 : 16;
  gsize length = frame->len - offset;
  guint8 tail[8] = { 0 };
  guint32 sum = 0;

  sum = checksum_add (sum, src->ip, ip_size);
  sum = checksum_add (sum, dst->ip, ip_size);
  if (src->family == 4)
    {
      tail[1] = protocol;
      tail[2] = length >> 8;
      tail[3] = length & 0xff;
      sum = checksum_add (sum, tail, 4);
    }
  else
    {
      tail[0] = length >> 24;
      tail[1] = (length >> 16) & 0xff;
      tail[2] = (length >> 8) & 0xff;
      tail[3] = length & 0xff;
      tail[7] = protocol;
      sum = checksum_add (sum, tail, 8);
    }
  sum = checksum_add (sum, frame->data + offset, length);

  return checksum_fold (sum);
}

/* The gap a dropped payload left, told once, on the next frame of that side. */
static char *
take_gap_comment (Flow *flow,
                  int   from)
{
  char *comment;

  if (flow->gap[from] == 0)
    return NULL;

  comment = g_strdup_printf ("Socket Playground: the log dropped %" G_GUINT64_FORMAT
                             " bytes before this frame to stay within its memory budget",
                             flow->gap[from]);
  flow->gap[from] = 0;

  return comment;
}

static guint32
next_seq (Flow *flow,
          int   side)
{
  return flow->isn[side] + 1 + flow->sent[side] + (flow->fin[side] ? 1 : 0);
}

static void
emit_tcp (SpPcapngWriter *self,
          GString        *out,
          Flow           *flow,
          int             from,
          guint8          flags,
          guint32         seq,
          guint32         ack,
          const guint8   *payload,
          gsize           length,
          gint64          time)
{
  g_autoptr(GByteArray) frame = g_byte_array_sized_new (80 + length);
  g_autofree char *comment = take_gap_comment (flow, from);
  gboolean mss = (flags & TCP_SYN) != 0;
  gsize header = mss ? 24 : 20;
  gsize tcp;

  tcp = put_ip_headers (frame, flow, from, IPPROTO_TCP_, header + length);
  put16be (frame, flow->end[from].port);
  put16be (frame, flow->end[1 - from].port);
  put32be (frame, seq);
  put32be (frame, (flags & TCP_ACK) ? ack : 0);
  put16be (frame, ((header / 4) << 12) | flags);
  put16be (frame, WINDOW);
  put16be (frame, 0);                                 /* checksum, below */
  put16be (frame, 0);                                 /* urgent pointer */
  if (mss)
    {
      put16be (frame, 0x0204);                        /* maximum segment size, 4 bytes */
      put16be (frame, flow->end[from].family == 4 ? MSS_IPV4 : MSS_IPV6);
    }
  if (length > 0)
    g_byte_array_append (frame, payload, length);

  set16be (frame->data + tcp + 16, transport_checksum (frame, flow, from, IPPROTO_TCP_, tcp));
  write_epb (self, out, time, frame, comment);
}

static void
emit_ack (SpPcapngWriter *self,
          GString        *out,
          Flow           *flow,
          int             from,
          gint64          time)
{
  emit_tcp (self, out, flow, from, TCP_ACK, next_seq (flow, from), next_seq (flow, 1 - from),
            NULL, 0, time);
}

static void
emit_handshake (SpPcapngWriter *self,
                GString        *out,
                Flow           *flow,
                gint64          time)
{
  emit_tcp (self, out, flow, 0, TCP_SYN, flow->isn[0], 0, NULL, 0, time);
  emit_tcp (self, out, flow, 1, TCP_SYN | TCP_ACK, flow->isn[1], flow->isn[0] + 1, NULL, 0, time);
  emit_ack (self, out, flow, 0, time);
  flow->opened = TRUE;
}

static gboolean
flow_finished (Flow *flow)
{
  return flow->reset || (flow->fin[0] && flow->fin[1]);
}

/* @payload NULL: the log dropped these @length bytes; leave their place in the stream. */
static void
emit_tcp_data (SpPcapngWriter *self,
               GString        *out,
               Flow           *flow,
               int             from,
               GBytes         *payload,
               gsize           length,
               gint64          time)
{
  gsize mss = flow->end[from].family == 4 ? MSS_IPV4 : MSS_IPV6;
  const guint8 *data;
  guint unacked = 0;

  if (flow->fin[from] || flow_finished (flow) || length == 0)
    return;

  if (payload == NULL)
    {
      flow->sent[from] += length;
      flow->gap[from] += length;
      return;
    }

  data = g_bytes_get_data (payload, &length);
  for (gsize offset = 0; offset < length; offset += mss)
    {
      gsize size = MIN (mss, length - offset);
      gboolean last = offset + size >= length;

      emit_tcp (self, out, flow, from, TCP_ACK | (last ? TCP_PSH : 0),
                next_seq (flow, from), next_seq (flow, 1 - from), data + offset, size, time);
      flow->sent[from] += size;

      /* An ACK every second segment, as a receiver delays them, and one for the last. */
      if (++unacked == 2 || last)
        {
          emit_ack (self, out, flow, 1 - from, time);
          unacked = 0;
        }
    }
}

static void
emit_fin (SpPcapngWriter *self,
          GString        *out,
          Flow           *flow,
          int             from,
          gint64          time)
{
  if (flow->fin[from] || flow->reset)
    return;

  emit_tcp (self, out, flow, from, TCP_FIN | TCP_ACK, next_seq (flow, from),
            next_seq (flow, 1 - from), NULL, 0, time);
  flow->fin[from] = TRUE;
  emit_ack (self, out, flow, 1 - from, time);
}

static void
emit_rst (SpPcapngWriter *self,
          GString        *out,
          Flow           *flow,
          int             from,
          gint64          time)
{
  if (flow->reset)
    return;

  emit_tcp (self, out, flow, from, TCP_RST | TCP_ACK, next_seq (flow, from),
            next_seq (flow, 1 - from), NULL, 0, time);
  flow->reset = TRUE;
}

static void
emit_udp (SpPcapngWriter *self,
          GString        *out,
          Flow           *flow,
          int             from,
          GBytes         *payload,
          gint64          time)
{
  g_autoptr(GByteArray) frame = NULL;
  g_autofree char *comment = NULL;
  const guint8 *data;
  gsize length;
  gsize udp;
  guint16 sum;

  data = g_bytes_get_data (payload, &length);
  if (length > G_MAXUINT16 - 8 - 20)
    return;

  frame = g_byte_array_sized_new (70 + length);
  comment = take_gap_comment (flow, from);
  udp = put_ip_headers (frame, flow, from, IPPROTO_UDP_, 8 + length);
  put16be (frame, flow->end[from].port);
  put16be (frame, flow->end[1 - from].port);
  put16be (frame, 8 + length);
  put16be (frame, 0);                                 /* checksum, below */
  if (length > 0)
    g_byte_array_append (frame, data, length);

  /* 0 means "no checksum" in UDP: a computed 0 is sent as all ones. */
  sum = transport_checksum (frame, flow, from, IPPROTO_UDP_, udp);
  set16be (frame->data + udp + 6, sum == 0 ? 0xffff : sum);
  write_epb (self, out, time, frame, comment);

  self->stats.n_datagrams++;
}

/* The first pass: which events open which connections ----------------------------------- */

static guint64
view_key (guint  source,
          guint  connection_id)
{
  return ((guint64) source << 32) | connection_id;
}

static SocketType
type_from_call (const char *call)
{
  if (call == NULL)
    return TYPE_UNKNOWN;
  if (strstr (call, "SOCK_STREAM") != NULL)
    return TYPE_STREAM;
  if (strstr (call, "SOCK_DGRAM") != NULL)
    return TYPE_DATAGRAM;

  return TYPE_UNKNOWN;
}

static Flow *
find_or_add_flow (SpPcapngWriter *self,
                  GHashTable     *by_key,
                  gboolean        udp,
                  const Endpoint *local,
                  const Endpoint *remote,
                  int             side)
{
  g_autofree char *local_key = endpoint_key (local);
  g_autofree char *remote_key = endpoint_key (remote);
  g_autofree char *key = NULL;
  Flow *flow;

  key = side == 0
    ? g_strdup_printf ("%s %s %s", udp ? "udp" : "tcp", local_key, remote_key)
    : g_strdup_printf ("%s %s %s", udp ? "udp" : "tcp", remote_key, local_key);

  /* The other end of a connection already seen: the same connection from both logs.
   * The same end again is a new connection that reused the ports. */
  flow = g_hash_table_lookup (by_key, key);
  if (flow != NULL && !flow->has_view[side])
    {
      flow->has_view[side] = TRUE;
      self->stats.n_paired++;
      return flow;
    }

  flow = g_new0 (Flow, 1);
  flow->udp = udp;
  flow->end[side] = *local;
  flow->end[1 - side] = *remote;
  make_mac (&flow->end[0]);
  make_mac (&flow->end[1]);
  flow->has_view[side] = TRUE;
  flow->isn[0] = hash_bytes (2166136261u, (const guint8 *) key, strlen (key));
  flow->isn[1] = hash_bytes (flow->isn[0], (const guint8 *) "answer", 6);
  flow->ip_id[0] = flow->isn[0] & 0xffff;
  flow->ip_id[1] = flow->isn[1] & 0xffff;
  g_ptr_array_add (self->flows, flow);
  g_hash_table_insert (by_key, g_steal_pointer (&key), flow);

  if (udp)
    self->stats.n_udp_flows++;
  else
    self->stats.n_tcp_connections++;

  return flow;
}

/* Is @event one that opens a connection, with both of its ends? Which side is it? */
static gboolean
opens_connection (SpEvent    *event,
                  SocketType  listener_type,
                  SocketType  own_type,
                  SocketType *type,
                  int        *side)
{
  if (sp_event_get_connection_id (event) == 0 ||
      sp_event_get_address (event) == NULL ||
      sp_event_get_local_address (event) == NULL)
    return FALSE;

  switch (sp_event_get_kind (event))
    {
    case SP_EVENT_KIND_ACCEPT:
      *type = TYPE_STREAM;
      *side = 1;
      return TRUE;

    case SP_EVENT_KIND_INFO:   /* a datagram server's new peer */
      *type = listener_type == TYPE_STREAM ? TYPE_UNKNOWN : TYPE_DATAGRAM;
      *side = 1;
      return TRUE;

    case SP_EVENT_KIND_CONNECT:
      *type = own_type;
      *side = 0;
      return TRUE;

    case SP_EVENT_KIND_RESOLVE:
    case SP_EVENT_KIND_SOCKET:
    case SP_EVENT_KIND_BIND:
    case SP_EVENT_KIND_LISTEN:
    case SP_EVENT_KIND_SEND:
    case SP_EVENT_KIND_RECV:
    case SP_EVENT_KIND_SHUTDOWN:
    case SP_EVENT_KIND_CLOSE:
    case SP_EVENT_KIND_ERROR:
    default:
      return FALSE;
    }
}

static void
find_connections (SpPcapngWriter *self)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) own_types = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree SocketType *listener_types = g_new0 (SocketType, MAX (self->logs->len, 1));

  for (guint i = 0; i < self->merged->len; i++)
    {
      SpMergedEvent *item = &g_array_index (self->merged, SpMergedEvent, i);
      SpEvent *event = item->event;
      guint id = sp_event_get_connection_id (event);
      SocketType type = TYPE_UNKNOWN;
      SocketType own_type;
      Endpoint local;
      Endpoint remote;
      guint64 key = view_key (item->source, id);
      View *view;
      int side;

      if (sp_event_get_kind (event) == SP_EVENT_KIND_SOCKET)
        {
          SocketType socket_type = type_from_call (sp_event_get_call (event));

          if (id == 0)
            listener_types[item->source] = socket_type;
          else
            g_hash_table_insert (own_types, g_memdup2 (&key, sizeof key),
                                 GINT_TO_POINTER (socket_type));
          continue;
        }

      own_type = GPOINTER_TO_INT (g_hash_table_lookup (own_types, &key));
      if (!opens_connection (event, listener_types[item->source], own_type, &type, &side))
        continue;

      view = g_new0 (View, 1);
      view->side = side;
      g_hash_table_insert (self->openers, event, view);

      if (!parse_endpoint (sp_event_get_local_address (event), &local) ||
          !parse_endpoint (sp_event_get_address (event), &remote))
        {
          self->stats.n_unix_skipped++;
          continue;
        }

      /* A server bound to every address does not say which one a peer reached; on
       * loopback, it was the peer's own. */
      if (is_unspecified (&local) && is_loopback (&remote))
        {
          local.family = remote.family;
          memcpy (local.ip, remote.ip, sizeof local.ip);
        }

      if (type == TYPE_UNKNOWN || local.family != remote.family)
        {
          g_hash_table_insert (self->missing, g_memdup2 (&key, sizeof key), NULL);
          self->stats.n_incomplete++;
          continue;
        }

      view->flow = find_or_add_flow (self, by_key, type == TYPE_DATAGRAM, &local, &remote, side);
    }
}

/* The second pass: frames ------------------------------------------------------------- */

static gboolean
is_reset (SpEvent *event)
{
  return sp_event_get_error_domain (event) == SP_SOCKET_ERROR &&
         (sp_event_get_error_code (event) == SP_SOCKET_ERROR_CONNECTION_RESET ||
          sp_event_get_error_code (event) == SP_SOCKET_ERROR_BROKEN_PIPE);
}

static void
count_missing_payload (SpPcapngWriter *self,
                       SpEvent        *event)
{
  self->stats.n_missing_payloads++;
  self->stats.missing_bytes += sp_event_get_byte_count (event);
}

static void
frames_for_event (SpPcapngWriter *self,
                  GString        *out,
                  SpMergedEvent  *item)
{
  SpEvent *event = item->event;
  guint id = sp_event_get_connection_id (event);
  guint64 key = view_key (item->source, id);
  gint64 time = sp_event_get_time (event);
  GBytes *payload = sp_event_get_payload (event);
  gsize count = sp_event_get_byte_count (event);
  SpEventKind kind = sp_event_get_kind (event);
  View *view;
  Flow *flow;
  int me;
  int peer;

  if (id == 0)
    return;

  view = g_hash_table_lookup (self->openers, event);
  if (view != NULL)
    {
      g_hash_table_insert (self->views, g_memdup2 (&key, sizeof key), view);
      g_hash_table_remove (self->missing, &key);
      if (view->flow != NULL && !view->flow->udp && !view->flow->opened)
        {
          emit_handshake (self, out, view->flow, time);
          self->stats.n_events++;
        }
      return;
    }

  view = g_hash_table_lookup (self->views, &key);
  if (view == NULL)
    {
      /* Traffic of a connection whose opening the log no longer holds. */
      if ((kind == SP_EVENT_KIND_SEND || kind == SP_EVENT_KIND_RECV) &&
          !g_hash_table_contains (self->missing, &key))
        {
          g_hash_table_insert (self->missing, g_memdup2 (&key, sizeof key), NULL);
          self->stats.n_incomplete++;
        }
      return;
    }

  flow = view->flow;
  if (flow == NULL)
    return;

  me = view->side;
  peer = 1 - me;

  switch (kind)
    {
    case SP_EVENT_KIND_SEND:
      if (payload == NULL && count > 0)
        count_missing_payload (self, event);
      if (flow->udp)
        {
          if (payload != NULL)
            emit_udp (self, out, flow, me, payload, time);
          else
            flow->gap[me] += count;
        }
      else
        emit_tcp_data (self, out, flow, me, payload, count, time);
      self->stats.n_events++;
      break;

    case SP_EVENT_KIND_RECV:
      /* The sender's own log tells these bytes already. */
      if (flow->has_view[peer])
        break;

      if (flow->udp)
        {
          if (payload != NULL)
            emit_udp (self, out, flow, peer, payload, time);
          else
            {
              count_missing_payload (self, event);
              flow->gap[peer] += count;
            }
        }
      else if (count == 0 && payload == NULL)
        emit_fin (self, out, flow, peer, time);       /* recv() → b'': the peer's FIN */
      else
        {
          if (payload == NULL)
            count_missing_payload (self, event);
          emit_tcp_data (self, out, flow, peer, payload, count, time);
        }
      self->stats.n_events++;
      break;

    case SP_EVENT_KIND_SHUTDOWN:
    case SP_EVENT_KIND_CLOSE:
      if (!flow->udp && flow->opened && !flow_finished (flow))
        {
          emit_fin (self, out, flow, me, time);
          self->stats.n_events++;
        }
      break;

    case SP_EVENT_KIND_ERROR:
      if (!flow->udp && flow->opened && is_reset (event) && !flow->reset)
        {
          emit_rst (self, out, flow, peer, time);
          self->stats.n_events++;
        }
      break;

    case SP_EVENT_KIND_INFO:
    case SP_EVENT_KIND_RESOLVE:
    case SP_EVENT_KIND_SOCKET:
    case SP_EVENT_KIND_BIND:
    case SP_EVENT_KIND_LISTEN:
    case SP_EVENT_KIND_ACCEPT:
    case SP_EVENT_KIND_CONNECT:
    default:
      break;
    }
}

static void
write_header (SpPcapngWriter *self,
              GString        *out)
{
  g_autofree char *application = g_strdup_printf ("Socket Playground %s", PACKAGE_VERSION);
  guint8 tsresol = 6;
  gsize start;

  start = begin_block (out, BLOCK_SHB);
  put32le (out, 0x1a2b3c4d);                          /* byte-order magic */
  put16le (out, 1);                                   /* version 1.0 */
  put16le (out, 0);
  put32le (out, 0xffffffff);                          /* section length: not given */
  put32le (out, 0xffffffff);
  put_string_option (out, OPT_SHB_USERAPPL, application);
  put16le (out, OPT_END_OF_OPT);
  put16le (out, 0);
  end_block (out, start);

  start = begin_block (out, BLOCK_IDB);
  put16le (out, LINKTYPE_ETHERNET);
  put16le (out, 0);
  put32le (out, SNAPLEN);
  put_string_option (out, OPT_IF_NAME, "socket-playground");
  put_string_option (out, OPT_IF_DESCRIPTION,
                     "Frames made up from Socket Playground's event logs, not captured");
  put_option (out, OPT_IF_TSRESOL, &tsresol, 1);      /* microseconds, as events count */
  put16le (out, OPT_END_OF_OPT);
  put16le (out, 0);
  end_block (out, start);
}

static void
begin (SpPcapngWriter *self)
{
  memset (&self->stats, 0, sizeof self->stats);
  self->merged = sp_log_merge (self->logs);
  self->flows = g_ptr_array_new_with_free_func (g_free);
  self->openers = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->views = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->missing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->next_event = 0;
  self->last_time = 0;
  self->header_done = FALSE;
  self->busy = TRUE;

  find_connections (self);
}

static void
end (SpPcapngWriter *self)
{
  g_clear_pointer (&self->merged, g_array_unref);
  g_clear_pointer (&self->views, g_hash_table_unref);
  g_clear_pointer (&self->openers, g_hash_table_unref);
  g_clear_pointer (&self->missing, g_hash_table_unref);
  g_clear_pointer (&self->flows, g_ptr_array_unref);
  self->busy = FALSE;
}

static GBytes *
next_chunk (gpointer data)
{
  SpPcapngWriter *self = data;
  GString *out;
  guint stop;

  if (self->header_done && self->next_event >= self->merged->len)
    return NULL;

  out = g_string_new (NULL);

  if (!self->header_done)
    {
      write_header (self, out);
      self->header_done = TRUE;
    }

  stop = MIN (self->merged->len, self->next_event + EVENTS_PER_CHUNK);
  for (; self->next_event < stop; self->next_event++)
    frames_for_event (self, out, &g_array_index (self->merged, SpMergedEvent, self->next_event));

  return g_string_free_to_bytes (out);
}

/* GObject ------------------------------------------------------------------------------ */

static void
sp_pcapng_writer_finalize (GObject *object)
{
  SpPcapngWriter *self = (SpPcapngWriter *)object;

  end (self);
  g_clear_pointer (&self->logs, g_ptr_array_unref);

  G_OBJECT_CLASS (sp_pcapng_writer_parent_class)->finalize (object);
}

static void
sp_pcapng_writer_class_init (SpPcapngWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_pcapng_writer_finalize;
}

static void
sp_pcapng_writer_init (SpPcapngWriter *self)
{
  self->logs = g_ptr_array_new_with_free_func (g_object_unref);
}

SpPcapngWriter *
sp_pcapng_writer_new (void)
{
  return g_object_new (SP_TYPE_PCAPNG_WRITER, NULL);
}

/**
 * sp_pcapng_writer_add_log:
 *
 * Adds a log whose TCP and UDP traffic the capture shows. Give both a client's and its
 * server's logs and each connection appears once, seen from both ends.
 */
void
sp_pcapng_writer_add_log (SpPcapngWriter *self,
                          SpEventLog     *log)
{
  g_return_if_fail (SP_IS_PCAPNG_WRITER (self));
  g_return_if_fail (SP_IS_EVENT_LOG (log));
  g_return_if_fail (!self->busy);

  g_ptr_array_add (self->logs, g_object_ref (log));
}

/**
 * sp_pcapng_writer_get_stats:
 *
 * Returns: (transfer none): what the last capture written holds, and what it left out
 */
const SpPcapngStats *
sp_pcapng_writer_get_stats (SpPcapngWriter *self)
{
  g_return_val_if_fail (SP_IS_PCAPNG_WRITER (self), NULL);

  return &self->stats;
}

/**
 * sp_pcapng_writer_write:
 *
 * Writes the capture of the logs as they are now to @stream, blocking.
 *
 * Returns: %TRUE, or %FALSE with @error if @stream failed
 */
gboolean
sp_pcapng_writer_write (SpPcapngWriter  *self,
                        GOutputStream   *stream,
                        GCancellable    *cancellable,
                        GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (SP_IS_PCAPNG_WRITER (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (!self->busy, FALSE);

  begin (self);
  ok = _sp_chunked_write (stream, next_chunk, self, cancellable, error);
  end (self);

  return ok;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpPcapngWriter *self = g_task_get_source_object (task);
  GError *error = NULL;

  end (self);

  if (!_sp_chunked_save_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sp_pcapng_writer_save_async:
 *
 * Replaces @file with the capture of the logs as they are now, a few hundred events at
 * a time, without blocking the main loop.
 */
void
sp_pcapng_writer_save_async (SpPcapngWriter      *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SP_IS_PCAPNG_WRITER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_pcapng_writer_save_async);

  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "This capture is already being written");
      g_object_unref (task);
      return;
    }

  begin (self);
  _sp_chunked_save_async (file, next_chunk, self, cancellable, saved_cb, task);
}

gboolean
sp_pcapng_writer_save_finish (SpPcapngWriter  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (SP_IS_PCAPNG_WRITER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sp_pcapng_write:
 * @logs: (element-type SpEventLog): the logs
 * @stats: (out caller-allocates) (optional): what the capture holds and left out
 *
 * Writes a pcapng capture of @logs to @stream, blocking (see sp_pcapng_writer_new()).
 *
 * Returns: %TRUE, or %FALSE with @error if @stream failed
 */
gboolean
sp_pcapng_write (GPtrArray      *logs,
                 GOutputStream  *stream,
                 SpPcapngStats  *stats,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(SpPcapngWriter) writer = sp_pcapng_writer_new ();
  gboolean ok;

  g_return_val_if_fail (logs != NULL, FALSE);

  for (guint i = 0; i < logs->len; i++)
    sp_pcapng_writer_add_log (writer, g_ptr_array_index (logs, i));

  ok = sp_pcapng_writer_write (writer, stream, cancellable, error);
  if (stats != NULL)
    *stats = writer->stats;

  return ok;
}

/**
 * sp_pcapng_write_file:
 * @logs: (element-type SpEventLog): the logs
 * @stats: (out caller-allocates) (optional): what the capture holds and left out
 *
 * Replaces @file with a pcapng capture of @logs, blocking.
 *
 * Returns: %TRUE, or %FALSE with @error if the file could not be written
 */
gboolean
sp_pcapng_write_file (GPtrArray      *logs,
                      GFile          *file,
                      SpPcapngStats  *stats,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!sp_pcapng_write (logs, G_OUTPUT_STREAM (stream), stats, cancellable, error))
    return FALSE;

  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}
