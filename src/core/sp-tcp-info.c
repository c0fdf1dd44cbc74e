/* sp-tcp-info.c — the kernel's own TCP state of a socket, and of a connection after close
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's states say what the program did; the kernel's TCP state says what the
 * operating system holds, which is what a learner needs to see CLOSE_WAIT (the peer
 * closed, we did not) or TIME_WAIT (we closed first, and the kernel keeps the connection
 * a while after our socket is gone). While a socket is open, getsockopt(TCP_INFO) reads
 * its state. Once our socket is closed there is nothing left to ask, so the connection is
 * looked up by its addresses in /proc/net/tcp (or tcp6), which lists orphaned and
 * TIME_WAIT connections too. Both are Linux only; elsewhere the calls say so.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#ifdef __linux__
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

#include "sp-tcp-info.h"

#if defined(__linux__) && defined(TCP_INFO)
#define HAVE_KERNEL_TCP_STATE 1
#endif

/* The kernel's internal TCP_NEW_SYN_RECV: a request socket, shown as SYN_RECV. */
#define LINUX_TCP_NEW_SYN_RECV 12

G_DEFINE_QUARK (sp-tcp-info-error-quark, sp_tcp_info_error)

/* The kernel's own spelling, as `ss` and netstat print it. */
const char *
sp_tcp_state_get_name (SpTcpState state)
{
  switch (state)
    {
    case SP_TCP_STATE_UNKNOWN:     return "UNKNOWN";
    case SP_TCP_STATE_ESTABLISHED: return "ESTABLISHED";
    case SP_TCP_STATE_SYN_SENT:    return "SYN_SENT";
    case SP_TCP_STATE_SYN_RECV:    return "SYN_RECV";
    case SP_TCP_STATE_FIN_WAIT1:   return "FIN_WAIT1";
    case SP_TCP_STATE_FIN_WAIT2:   return "FIN_WAIT2";
    case SP_TCP_STATE_TIME_WAIT:   return "TIME_WAIT";
    case SP_TCP_STATE_CLOSE:       return "CLOSE";
    case SP_TCP_STATE_CLOSE_WAIT:  return "CLOSE_WAIT";
    case SP_TCP_STATE_LAST_ACK:    return "LAST_ACK";
    case SP_TCP_STATE_LISTEN:      return "LISTEN";
    case SP_TCP_STATE_CLOSING:     return "CLOSING";
    default:                       break;
    }

  g_return_val_if_reached ("UNKNOWN");
}

/* One line for a learner: what the kernel holds in this state, and what ends it. */
const char *
sp_tcp_state_get_explanation (SpTcpState state)
{
  switch (state)
    {
    case SP_TCP_STATE_UNKNOWN:
      return _("The kernel’s TCP state is not known.");
    case SP_TCP_STATE_ESTABLISHED:
      return _("The three-way handshake is done: data flows both ways.");
    case SP_TCP_STATE_SYN_SENT:
      return _("This side sent SYN to open the connection and waits for the server’s SYN-ACK.");
    case SP_TCP_STATE_SYN_RECV:
      return _("The kernel answered a client’s SYN and waits for its final ACK.");
    case SP_TCP_STATE_FIN_WAIT1:
      return _("This side closed and sent FIN; it waits for the peer to acknowledge it.");
    case SP_TCP_STATE_FIN_WAIT2:
      return _("The peer acknowledged our FIN; the kernel waits for the peer to close its side too.");
    case SP_TCP_STATE_TIME_WAIT:
      return _("Both sides closed; the side that closed first keeps the connection about a minute so that late packets die out.");
    case SP_TCP_STATE_CLOSE:
      return _("The kernel holds no connection any more.");
    case SP_TCP_STATE_CLOSE_WAIT:
      return _("The peer closed its side (FIN received); the kernel waits for this program to close too.");
    case SP_TCP_STATE_LAST_ACK:
      return _("This side closed after the peer; the kernel waits for the peer to acknowledge our FIN.");
    case SP_TCP_STATE_LISTEN:
      return _("The kernel accepts connections to this address and queues them until accept() takes them.");
    case SP_TCP_STATE_CLOSING:
      return _("Both sides sent FIN at the same moment; each waits for the other’s acknowledgement.");
    default:
      break;
    }

  g_return_val_if_reached ("");
}

/* Whether the state can change without this program doing anything: worth asking again. */
gboolean
sp_tcp_state_is_transient (SpTcpState state)
{
  switch (state)
    {
    case SP_TCP_STATE_SYN_SENT:
    case SP_TCP_STATE_SYN_RECV:
    case SP_TCP_STATE_FIN_WAIT1:
    case SP_TCP_STATE_FIN_WAIT2:
    case SP_TCP_STATE_TIME_WAIT:
    case SP_TCP_STATE_LAST_ACK:
    case SP_TCP_STATE_CLOSING:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
state_from_kernel (guint        value,
                   SpTcpState  *state)
{
  if (value == LINUX_TCP_NEW_SYN_RECV)
    value = SP_TCP_STATE_SYN_RECV;

  if (value < SP_TCP_STATE_ESTABLISHED || value > SP_TCP_STATE_CLOSING)
    return FALSE;

  *state = (SpTcpState) value;
  return TRUE;
}

static gboolean
is_tcp_family (GSocketFamily family)
{
  return family == G_SOCKET_FAMILY_IPV4 || family == G_SOCKET_FAMILY_IPV6;
}

/**
 * sp_tcp_info_read_state:
 * @socket: an open TCP socket
 * @error: %SP_TCP_INFO_ERROR_NOT_TCP for a UDP or Unix socket, _CLOSED once closed,
 *   _NOT_SUPPORTED where the system cannot tell (not Linux)
 *
 * Reads the kernel's state of @socket with getsockopt(IPPROTO_TCP, TCP_INFO).
 *
 * Returns: the state, or %SP_TCP_STATE_UNKNOWN with @error set
 */
SpTcpState
sp_tcp_info_read_state (GSocket  *socket,
                        GError  **error)
{
  g_return_val_if_fail (G_IS_SOCKET (socket), SP_TCP_STATE_UNKNOWN);
  g_return_val_if_fail (error == NULL || *error == NULL, SP_TCP_STATE_UNKNOWN);

  if (!is_tcp_family (g_socket_get_family (socket)) ||
      g_socket_get_socket_type (socket) != G_SOCKET_TYPE_STREAM)
    {
      g_set_error_literal (error, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_TCP,
                           _("This is not a TCP socket: only TCP has these kernel states."));
      return SP_TCP_STATE_UNKNOWN;
    }

  if (g_socket_is_closed (socket))
    {
      g_set_error_literal (error, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_CLOSED,
                           _("The socket is closed: the kernel can no longer be asked through it."));
      return SP_TCP_STATE_UNKNOWN;
    }

#ifdef HAVE_KERNEL_TCP_STATE
  {
    struct tcp_info info;
    socklen_t length = sizeof info;
    SpTcpState state;
    int saved_errno;

    memset (&info, 0, sizeof info);
    if (getsockopt (g_socket_get_fd (socket), IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
      {
        saved_errno = errno;
        g_set_error (error, SP_TCP_INFO_ERROR,
                     saved_errno == EOPNOTSUPP || saved_errno == ENOPROTOOPT
                       ? SP_TCP_INFO_ERROR_NOT_SUPPORTED : SP_TCP_INFO_ERROR_FAILED,
                     _("The kernel did not give the socket’s TCP state: %s."),
                     g_strerror (saved_errno));
        return SP_TCP_STATE_UNKNOWN;
      }

    if (length < 1 || !state_from_kernel (info.tcpi_state, &state))
      {
        g_set_error (error, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_FAILED,
                     _("The kernel gave a TCP state this program does not know (%u)."),
                     (guint) info.tcpi_state);
        return SP_TCP_STATE_UNKNOWN;
      }

    return state;
  }
#else
  g_set_error_literal (error, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_SUPPORTED,
                       _("Reading the kernel’s TCP state is not available on this system."));
  return SP_TCP_STATE_UNKNOWN;
#endif
}

/* /proc/net/tcp ------------------------------------------------------------------------ */

/* Exactly @n hexadecimal digits, no sign, no space, no 0x: strtoul accepts too much. */
static gboolean
parse_hex (const char **p,
           guint        n,
           guint32     *value)
{
  guint32 v = 0;

  for (guint i = 0; i < n; i++)
    {
      int digit = g_ascii_xdigit_value ((*p)[i]);

      if (digit < 0)
        return FALSE;
      v = (v << 4) | (guint32) digit;
    }

  *p += n;
  *value = v;
  return TRUE;
}

static void
skip_blanks (const char **p)
{
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

/* `0100007F:3039` or 32 hex digits and a port. The kernel prints each 32-bit word of the
 * address as the number it is in memory (network order read as a native integer), so
 * copying the parsed word back into memory gives the address bytes on any endianness. */
static GInetSocketAddress *
parse_address (const char **p)
{
  const char *start = *p;
  const char *colon = start;
  guint8 bytes[16];
  guint32 port;
  gsize n_hex;
  g_autoptr(GInetAddress) address = NULL;

  while (g_ascii_isxdigit (*colon))
    colon++;
  n_hex = colon - start;
  if (*colon != ':' || (n_hex != 8 && n_hex != 32))
    return NULL;

  for (gsize word = 0; word < n_hex / 8; word++)
    {
      guint32 value;

      if (!parse_hex (p, 8, &value))
        return NULL;
      memcpy (bytes + word * 4, &value, 4);
    }

  (*p)++;  /* the colon */
  if (!parse_hex (p, 4, &port))
    return NULL;
  if (**p != ' ' && **p != '\t')
    return NULL;

  address = g_inet_address_new_from_bytes (bytes, n_hex == 8 ? G_SOCKET_FAMILY_IPV4
                                                             : G_SOCKET_FAMILY_IPV6);
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, (guint16) port));
}

/**
 * sp_tcp_table_parse_line:
 * @line: one line of /proc/net/tcp or /proc/net/tcp6 (with or without its newline)
 * @entry: (out caller-allocates): filled on success; clear it with sp_tcp_table_entry_clear()
 *
 * Reads the slot number, the two addresses and the state; the other columns are ignored.
 * The header line, a truncated or garbled line gives %FALSE and leaves @entry empty.
 */
gboolean
sp_tcp_table_parse_line (const char      *line,
                         SpTcpTableEntry *entry)
{
  const char *p = line;
  g_autoptr(GInetSocketAddress) local = NULL;
  g_autoptr(GInetSocketAddress) remote = NULL;
  guint32 state_value;
  SpTcpState state;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  memset (entry, 0, sizeof *entry);

  skip_blanks (&p);
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p != ':')
    return FALSE;
  p++;

  skip_blanks (&p);
  if ((local = parse_address (&p)) == NULL)
    return FALSE;
  skip_blanks (&p);
  if ((remote = parse_address (&p)) == NULL)
    return FALSE;
  skip_blanks (&p);
  if (!parse_hex (&p, 2, &state_value) || (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\0'))
    return FALSE;
  if (!state_from_kernel (state_value, &state))
    return FALSE;

  /* Both addresses of one line have the same family. */
  if (g_socket_address_get_family (G_SOCKET_ADDRESS (local)) !=
      g_socket_address_get_family (G_SOCKET_ADDRESS (remote)))
    return FALSE;

  entry->local = g_steal_pointer (&local);
  entry->remote = g_steal_pointer (&remote);
  entry->state = state;
  return TRUE;
}

void
sp_tcp_table_entry_clear (SpTcpTableEntry *entry)
{
  g_return_if_fail (entry != NULL);

  g_clear_object (&entry->local);
  g_clear_object (&entry->remote);
  entry->state = SP_TCP_STATE_UNKNOWN;
}

/* IPv4 as its IPv4-mapped IPv6 form, so that 127.0.0.1 and ::ffff:127.0.0.1 compare equal. */
static gboolean
address_key (GSocketAddress *address,
             guint8          key[18])
{
  GInetAddress *ip;
  const guint8 *bytes;
  guint16 port;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return FALSE;

  ip = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  bytes = g_inet_address_to_bytes (ip);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));

  memset (key, 0, 18);
  if (g_inet_address_get_family (ip) == G_SOCKET_FAMILY_IPV4)
    {
      key[10] = 0xff;
      key[11] = 0xff;
      memcpy (key + 12, bytes, 4);
    }
  else
    memcpy (key, bytes, 16);
  key[16] = port >> 8;
  key[17] = port & 0xff;

  return TRUE;
}

/**
 * sp_tcp_table_find:
 * @contents: the text of /proc/net/tcp or /proc/net/tcp6
 * @local: this side's address and port
 * @remote: the peer's address and port
 *
 * Returns: the state of the first line whose addresses are @local and @remote, or
 *   %SP_TCP_STATE_UNKNOWN when no line is (the kernel holds no such connection)
 */
SpTcpState
sp_tcp_table_find (const char     *contents,
                   GSocketAddress *local,
                   GSocketAddress *remote)
{
  guint8 local_key[18];
  guint8 remote_key[18];
  const char *line = contents;

  g_return_val_if_fail (contents != NULL, SP_TCP_STATE_UNKNOWN);
  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (local), SP_TCP_STATE_UNKNOWN);
  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (remote), SP_TCP_STATE_UNKNOWN);

  if (!address_key (local, local_key) || !address_key (remote, remote_key))
    return SP_TCP_STATE_UNKNOWN;

  while (line != NULL && *line != '\0')
    {
      const char *end = strchr (line, '\n');
      g_auto(SpTcpTableEntry) entry = { NULL, NULL, SP_TCP_STATE_UNKNOWN };
      guint8 key[18];

      /* The parser stops at the first character it does not expect, a newline included,
       * so it never reads into the next line. */
      if (!sp_tcp_table_parse_line (line, &entry))
        entry.state = SP_TCP_STATE_UNKNOWN;

      if (entry.state != SP_TCP_STATE_UNKNOWN &&
          address_key (G_SOCKET_ADDRESS (entry.local), key) && memcmp (key, local_key, 18) == 0 &&
          address_key (G_SOCKET_ADDRESS (entry.remote), key) && memcmp (key, remote_key, 18) == 0)
        return entry.state;

      line = end != NULL ? end + 1 : NULL;
    }

  return SP_TCP_STATE_UNKNOWN;
}

/* Looking a connection up after close ------------------------------------------------- */

typedef struct
{
  GSocketAddress *local;
  GSocketAddress *remote;
} LookupData;

static void
lookup_data_free (gpointer data)
{
  LookupData *lookup = data;

  g_clear_object (&lookup->local);
  g_clear_object (&lookup->remote);
  g_free (lookup);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LookupData *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  SpTcpState state;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, NULL, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_SUPPORTED,
                                 _("The kernel’s table of TCP connections could not be read: %s."),
                                 error->message);
      return;
    }

  state = sp_tcp_table_find (contents, lookup->local, lookup->remote);

  /* Not listed: the kernel has forgotten the connection. */
  g_task_return_int (task, state == SP_TCP_STATE_UNKNOWN ? SP_TCP_STATE_CLOSE : state);
}

/**
 * sp_tcp_info_lookup_async:
 * @local: this side's address and port
 * @remote: the peer's address and port
 *
 * Finds what the kernel still holds of the connection between @local and @remote, after
 * this program closed its socket: FIN_WAIT2, TIME_WAIT, LAST_ACK… or CLOSE when nothing
 * is left. Reads /proc/net/tcp (or /proc/net/tcp6 for IPv6) without blocking.
 */
void
sp_tcp_info_lookup_async (GSocketAddress      *local,
                          GSocketAddress      *remote,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LookupData *lookup;

  g_return_if_fail (G_IS_SOCKET_ADDRESS (local));
  g_return_if_fail (G_IS_SOCKET_ADDRESS (remote));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_tcp_info_lookup_async);

  if (!G_IS_INET_SOCKET_ADDRESS (local) || !G_IS_INET_SOCKET_ADDRESS (remote))
    {
      g_task_return_new_error (task, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_TCP,
                               _("This is not a TCP connection: only TCP has these kernel states."));
      return;
    }

#ifdef __linux__
  {
    g_autoptr(GFile) file = NULL;

    lookup = g_new0 (LookupData, 1);
    lookup->local = g_object_ref (local);
    lookup->remote = g_object_ref (remote);
    g_task_set_task_data (task, lookup, lookup_data_free);

    file = g_file_new_for_path (g_socket_address_get_family (local) == G_SOCKET_FAMILY_IPV6
                                ? "/proc/net/tcp6" : "/proc/net/tcp");
    g_file_load_contents_async (file, cancellable, load_cb, g_steal_pointer (&task));
  }
#else
  (void) lookup;
  g_task_return_new_error (task, SP_TCP_INFO_ERROR, SP_TCP_INFO_ERROR_NOT_SUPPORTED,
                           _("Reading the kernel’s TCP state is not available on this system."));
#endif
}

/**
 * sp_tcp_info_lookup_finish:
 *
 * Returns: the kernel's state of the connection (%SP_TCP_STATE_CLOSE when it holds none),
 *   or %SP_TCP_STATE_UNKNOWN with @error set
 */
SpTcpState
sp_tcp_info_lookup_finish (GAsyncResult  *result,
                           GError       **error)
{
  gssize state;

  g_return_val_if_fail (g_task_is_valid (result, NULL), SP_TCP_STATE_UNKNOWN);

  state = g_task_propagate_int (G_TASK (result), error);
  return state < 0 ? SP_TCP_STATE_UNKNOWN : (SpTcpState) state;
}
