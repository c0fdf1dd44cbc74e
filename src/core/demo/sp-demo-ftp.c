/* sp-demo-ftp.c — FTP (RFC 959, with EPSV from RFC 2428 and SIZE from RFC 3659)
 *
 * FTP keeps two kinds of connection. The control connection, this session, carries
 * commands and numbered replies as lines. Each listing or file travels on a data
 * connection of its own, whose close marks the end of the file. In the original, active
 * mode the server connects back to the client (from port 20, ftp-data) at the address a
 * PORT command gave; in passive mode (PASV, EPSV) the server listens on a new port, names
 * it in its reply, and the client connects there. Both work here; passive mode is what
 * clients use by default, since it crosses firewalls and NAT.
 *
 * Files live in a small in-memory tree kept with the demo server, so a file one client
 * uploads (STOR, into /upload) another client can download.
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-connection.h"
#include "sp-demo-ftp-tree.h"
#include "sp-demo-protocols.h"
#include "sp-demo-server.h"

/* What uploads may take, so a classroom cannot exhaust the memory. */
#define MAX_FILE_BYTES   (1024 * 1024)
#define MAX_STORED_BYTES (16 * 1024 * 1024)
#define MAX_NODES        200

#define READ_CHUNK (64 * 1024)

#define ANONYMOUS "anonymous"

#define SP_TYPE_DEMO_FTP_SESSION (sp_demo_ftp_session_get_type ())
G_DECLARE_FINAL_TYPE (SpDemoFtpSession, sp_demo_ftp_session, SP, DEMO_FTP_SESSION, SpDemoSession)

/* The server's tree, made on first use and kept with it. */
static SpDemoFtpTree *
get_tree (SpDemoSession *session)
{
  SpDemoServer *server = sp_demo_session_get_server (session);
  SpDemoFtpTree *tree;

  if (server == NULL)
    return NULL;

  tree = g_object_get_data (G_OBJECT (server), "sp-demo-ftp-tree");
  if (tree == NULL)
    {
      tree = sp_demo_ftp_tree_new ();
      g_object_set_data_full (G_OBJECT (server), "sp-demo-ftp-tree", tree,
                              (GDestroyNotify) sp_demo_ftp_tree_free);
    }

  return tree;
}

/* The session ----------------------------------------------------------------------------- */

typedef enum
{
  TRANSFER_NONE,
  TRANSFER_SEND,      /* LIST, NLST, RETR */
  TRANSFER_RECEIVE,   /* STOR */
} TransferKind;

struct _SpDemoFtpSession
{
  SpDemoSession       parent_instance;

  GCancellable       *cancellable;   /* every data-connection operation */

  char               *user;          /* after USER */
  gboolean            logged_in;
  gboolean            anonymous;
  SpDemoFtpNode      *cwd;
  gboolean            image_type;    /* TYPE I; TYPE A otherwise */
  gboolean            explained;     /* the two-connection note is written once */

  /* The data connection: a listener after PASV/EPSV, an address after PORT/EPRT,
   * then the connection itself. One transfer each. */
  GSocketListener    *listener;
  GInetSocketAddress *active_target;
  GSocketConnection  *data;

  TransferKind        transfer;
  GBytes             *outgoing;      /* what TRANSFER_SEND sends */
  GByteArray         *incoming;      /* what TRANSFER_RECEIVE received */
  SpDemoFtpNode      *upload_dir;
  char               *upload_name;
  char               *transfer_what; /* for the log */
};

G_DEFINE_FINAL_TYPE (SpDemoFtpSession, sp_demo_ftp_session, SP_TYPE_DEMO_SESSION)

static void note_printf (SpDemoFtpSession *self,
                         const char       *format,
                         ...) G_GNUC_PRINTF (2, 3);

static void
note_printf (SpDemoFtpSession *self,
             const char       *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  sp_demo_session_note (SP_DEMO_SESSION (self), message);
}

/* Data connection ------------------------------------------------------------------------ */

static void
clear_transfer (SpDemoFtpSession *self)
{
  self->transfer = TRANSFER_NONE;
  g_clear_pointer (&self->outgoing, g_bytes_unref);
  g_clear_pointer (&self->incoming, g_byte_array_unref);
  self->upload_dir = NULL;
  g_clear_pointer (&self->upload_name, g_free);
  g_clear_pointer (&self->transfer_what, g_free);
}

/* Drops the data connection, the listener and any transfer; pending callbacks see the
 * cancellation and leave the session alone. */
static void
reset_data (SpDemoFtpSession *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->listener != NULL)
    {
      g_socket_listener_close (self->listener);
      g_clear_object (&self->listener);
    }
  g_clear_object (&self->active_target);
  if (self->data != NULL)
    {
      /* close() on a socket does not block; the kernel sends what is left, then FIN. */
      g_io_stream_close (G_IO_STREAM (self->data), NULL, NULL);
      g_clear_object (&self->data);
    }
  clear_transfer (self);
}

/* Both connections' peers must be the same host: otherwise anyone could connect to the
 * announced port first and take the file. */
static gboolean
same_host_as_control (SpDemoFtpSession *self,
                      GInetAddress     *address)
{
  SpConnection *control = sp_demo_session_get_connection (SP_DEMO_SESSION (self));
  const char *peer = sp_connection_get_peer_address (control);
  g_autofree char *text = g_inet_address_to_string (address);
  const char *colon = strrchr (peer, ':');
  g_autofree char *host = NULL;

  if (colon == NULL)
    return FALSE;
  if (peer[0] == '[')
    host = g_strndup (peer + 1, colon - peer - 2);
  else
    host = g_strndup (peer, colon - peer);

  if (g_str_has_prefix (host, "::ffff:") && strchr (host, '.') != NULL)
    return strcmp (host + strlen ("::ffff:"), text) == 0;
  if (g_str_has_prefix (text, "::ffff:") && strchr (text, '.') != NULL)
    return strcmp (host, text + strlen ("::ffff:")) == 0;
  return strcmp (host, text) == 0;
}

static void
finish_transfer (SpDemoFtpSession *self,
                 const char       *reply)
{
  if (self->data != NULL)
    {
      g_io_stream_close (G_IO_STREAM (self->data), NULL, NULL);
      g_clear_object (&self->data);
    }
  clear_transfer (self);
  sp_demo_session_reply (SP_DEMO_SESSION (self), "%s", reply);
}

static void
fail_transfer (SpDemoFtpSession *self,
               const char       *reply)
{
  g_autofree char *copy = g_strdup (reply);

  reset_data (self);
  sp_demo_session_reply (SP_DEMO_SESSION (self), "%s", copy);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SpDemoFtpSession *self;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (error != NULL)
    {
      note_printf (self, g_dngettext (GETTEXT_PACKAGE,
                                      "Data connection: sending failed after %zu byte: %s",
                                      "Data connection: sending failed after %zu bytes: %s",
                                      written),
                   written, error->message);
      fail_transfer (self, "426 Connection closed; transfer aborted");
      return;
    }

  note_printf (self, g_dngettext (GETTEXT_PACKAGE,
                                  "Data connection: sent %zu byte of %s, then closed it: its close marks the end of the data.",
                                  "Data connection: sent %zu bytes of %s, then closed it: its close marks the end of the data.",
                                  written),
               written, self->transfer_what);
  finish_transfer (self, "226 Transfer complete");
}

static void read_more (SpDemoFtpSession *self);

static void
store_upload (SpDemoFtpSession *self)
{
  SpDemoFtpTree *tree = get_tree (SP_DEMO_SESSION (self));
  g_autoptr(GBytes) received = g_byte_array_free_to_bytes (g_steal_pointer (&self->incoming));
  g_autoptr(GBytes) contents = self->image_type ? g_bytes_ref (received) : sp_demo_ftp_from_ascii (received);
  SpDemoFtpNode *existing;

  if (tree == NULL)
    {
      fail_transfer (self, "451 Requested action aborted: local error in processing");
      return;
    }

  existing = sp_demo_ftp_node_find_child (self->upload_dir, self->upload_name);
  if (existing != NULL && existing->children != NULL)
    {
      fail_transfer (self, "553 Requested action not taken: a directory has that name");
      return;
    }
  if (tree->stored_bytes + g_bytes_get_size (contents) > MAX_STORED_BYTES ||
      (existing == NULL && tree->n_nodes >= MAX_NODES))
    {
      fail_transfer (self, "552 Requested file action aborted: the demo server's storage is full");
      return;
    }

  if (existing != NULL)
    {
      tree->stored_bytes -= g_bytes_get_size (existing->contents);
      g_bytes_unref (existing->contents);
      existing->contents = g_bytes_ref (contents);
      existing->mtime = g_get_real_time () / G_USEC_PER_SEC;
    }
  else
    {
      sp_demo_ftp_node_add (self->upload_dir, self->upload_name, FALSE, FALSE, contents);
      tree->n_nodes++;
    }
  tree->stored_bytes += g_bytes_get_size (contents);

  note_printf (self, g_dngettext (GETTEXT_PACKAGE,
                                  "Data connection: received %zu byte for %s; the client’s close marked the end of the file.",
                                  "Data connection: received %zu bytes for %s; the client’s close marked the end of the file.",
                                  g_bytes_get_size (received)),
               g_bytes_get_size (received), self->transfer_what);
  finish_transfer (self, "226 Transfer complete");
}

static void
received_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SpDemoFtpSession *self;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (bytes == NULL)
    {
      note_printf (self, _("Data connection: receiving failed: %s"), error->message);
      fail_transfer (self, "426 Connection closed; transfer aborted");
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      store_upload (self);
      return;
    }

  if (self->incoming->len + g_bytes_get_size (bytes) > MAX_FILE_BYTES)
    {
      g_autofree char *reply = g_strdup_printf ("552 Requested file action aborted: a file may hold %d KiB here",
                                                MAX_FILE_BYTES / 1024);
      fail_transfer (self, reply);
      return;
    }

  g_byte_array_append (self->incoming, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  read_more (self);
}

static void
read_more (SpDemoFtpSession *self)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (self->data));

  g_input_stream_read_bytes_async (input, READ_CHUNK, SP_IO_PRIORITY, self->cancellable,
                                   received_cb, self);
}

/* Runs the transfer once both the command and the data connection are there. */
static void
maybe_start_transfer (SpDemoFtpSession *self)
{
  if (self->data == NULL || self->transfer == TRANSFER_NONE)
    return;

  if (self->transfer == TRANSFER_SEND)
    {
      GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (self->data));
      gsize size;
      gconstpointer data = g_bytes_get_data (self->outgoing, &size);

      g_output_stream_write_all_async (output, data, size, SP_IO_PRIORITY, self->cancellable,
                                       sent_cb, self);
    }
  else
    {
      self->incoming = g_byte_array_new ();
      read_more (self);
    }
}

static void accept_next (SpDemoFtpSession *self);

static void
accepted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autofree char *remote_text = NULL;
  SpDemoFtpSession *self;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (object), result, NULL, &error);
  if (connection == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (connection == NULL)
    {
      note_printf (self, _("Data connection: accept() failed: %s"), error->message);
      fail_transfer (self, "425 Can't open data connection");
      return;
    }

  remote = g_socket_connection_get_remote_address (connection, NULL);
  if (remote == NULL || !G_IS_INET_SOCKET_ADDRESS (remote) ||
      !same_host_as_control (self, g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote))))
    {
      /* Someone else came first: turn them away and keep waiting for our client. */
      note_printf (self, "%s", _("Data connection: refused a connection from another host than the client’s."));
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      accept_next (self);
      return;
    }

  remote_text = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  note_printf (self, _("Data connection: accepted the client’s connection from %s port %u (passive mode)."),
               remote_text, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote)));

  /* One connection per PASV: the listening port closes now. */
  g_socket_listener_close (self->listener);
  g_clear_object (&self->listener);
  self->data = g_steal_pointer (&connection);
  maybe_start_transfer (self);
}

static void
accept_next (SpDemoFtpSession *self)
{
  g_socket_listener_accept_async (self->listener, self->cancellable, accepted_cb, self);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  SpDemoFtpSession *self;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (connection == NULL)
    {
      note_printf (self, _("Data connection: connect() to the client failed: %s"), error->message);
      fail_transfer (self, "425 Can't open data connection");
      return;
    }

  note_printf (self, "%s", _("Data connection: connected to the client (active mode)."));
  self->data = g_steal_pointer (&connection);
  maybe_start_transfer (self);
}

/* Active mode: the server connects to the client when a transfer needs it. */
static void
connect_to_client (SpDemoFtpSession *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autofree char *host = sp_demo_session_dup_local_host (SP_DEMO_SESSION (self), NULL);
  g_autoptr(GInetAddress) local = g_inet_address_new_from_string (host);
  g_autofree char *target = g_inet_address_to_string (g_inet_socket_address_get_address (self->active_target));

  /* From our control address, as a real server would from port 20 (which needs privileges). */
  if (local != NULL && g_inet_address_get_family (local) ==
                       g_inet_address_get_family (g_inet_socket_address_get_address (self->active_target)))
    {
      g_autoptr(GSocketAddress) bind_to = g_inet_socket_address_new (local, 0);
      g_socket_client_set_local_address (client, bind_to);
    }

  note_printf (self, _("Active mode: the server connects to the client at %s port %u; a real server would connect from port 20 (ftp-data), which needs privileges."),
               target, g_inet_socket_address_get_port (self->active_target));
  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (self->active_target), self->cancellable,
                                 connected_cb, self);
  g_clear_object (&self->active_target);
}

static void
explain_once (SpDemoFtpSession *self)
{
  if (self->explained)
    return;

  self->explained = TRUE;
  sp_demo_session_note (SP_DEMO_SESSION (self),
                        _("FTP moves data on a second connection: this control connection carries only commands and replies. "
                          "In active mode the server connects back to the client (historically from port 20); "
                          "in passive mode, used here, the client connects to the port the server names."));
}

/* Starts a transfer on the data connection prepared by PASV, EPSV or PORT. */
static void
begin_transfer (SpDemoFtpSession *self,
                TransferKind      kind,
                GBytes           *outgoing,
                const char       *what,
                const char       *preliminary)
{
  SpDemoSession *session = SP_DEMO_SESSION (self);

  self->transfer = kind;
  self->outgoing = outgoing != NULL ? g_bytes_ref (outgoing) : NULL;
  self->transfer_what = g_strdup (what);

  sp_demo_session_reply (session, "%s", preliminary);
  if (self->active_target != NULL)
    connect_to_client (self);
  else
    maybe_start_transfer (self);
}

/* Is a data connection coming? If not, say how to get one. */
static gboolean
check_data_ready (SpDemoFtpSession *self)
{
  if (self->transfer != TRANSFER_NONE)
    {
      sp_demo_session_reply (SP_DEMO_SESSION (self), "425 A transfer is already in progress on the data connection");
      return FALSE;
    }

  if (self->listener == NULL && self->data == NULL && self->active_target == NULL)
    {
      sp_demo_session_reply (SP_DEMO_SESSION (self), "425 Use PASV or EPSV first: a transfer needs a data connection");
      return FALSE;
    }

  return TRUE;
}

/* Opens a listening port on the address the client reached us on. */
static GInetSocketAddress *
open_passive (SpDemoFtpSession *self,
              gboolean          need_ipv4)
{
  g_autofree char *host = sp_demo_session_dup_local_host (SP_DEMO_SESSION (self), NULL);
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) bind_to = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  /* An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d. */
  if (g_str_has_prefix (host, "::ffff:") && strchr (host, '.') != NULL)
    address = g_inet_address_new_from_string (host + strlen ("::ffff:"));
  else
    address = g_inet_address_new_from_string (host);

  if (address == NULL)
    {
      sp_demo_session_reply (SP_DEMO_SESSION (self), "425 Passive mode needs a TCP control connection");
      return NULL;
    }
  if (need_ipv4 && g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
    {
      sp_demo_session_reply (SP_DEMO_SESSION (self), "425 PASV can only name an IPv4 address; use EPSV");
      return NULL;
    }

  reset_data (self);
  explain_once (self);

  self->listener = g_socket_listener_new ();
  bind_to = g_inet_socket_address_new (address, 0);
  if (!g_socket_listener_add_address (self->listener, bind_to, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, &error))
    {
      note_printf (self, _("Data connection: could not listen: %s"), error->message);
      g_clear_object (&self->listener);
      sp_demo_session_reply (SP_DEMO_SESSION (self), "425 Can't open data connection");
      return NULL;
    }

  accept_next (self);
  note_printf (self, _("Data connection: listening on port %u for the client to connect (passive mode)."),
               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  return G_INET_SOCKET_ADDRESS (g_steal_pointer (&effective));
}

/* Commands --------------------------------------------------------------------------------- */

typedef void (*CommandFunc) (SpDemoFtpSession *self,
                             const char       *argument);

typedef enum
{
  ARG_NONE,       /* an argument is ignored */
  ARG_OPTIONAL,
  ARG_REQUIRED,   /* 501 without one */
} ArgPolicy;

typedef struct
{
  const char  *name;
  CommandFunc  func;          /* NULL: a known FTP command this demo does not implement (502) */
  gboolean     needs_login;
  ArgPolicy    arg;
} Command;

static void
reply (SpDemoFtpSession *self,
       const char       *text)
{
  sp_demo_session_reply_lines (SP_DEMO_SESSION (self), text);
}

static void
command_user (SpDemoFtpSession *self,
              const char       *argument)
{
  g_free (self->user);
  self->user = g_strdup (argument);
  self->logged_in = FALSE;
  self->anonymous = g_ascii_strcasecmp (argument, ANONYMOUS) == 0 || g_ascii_strcasecmp (argument, "ftp") == 0;

  if (self->anonymous)
    reply (self, "331 Anonymous login ok, send your e-mail address as password");
  else
    sp_demo_session_reply (SP_DEMO_SESSION (self), "331 Password required for %s", argument);
}

static void
command_pass (SpDemoFtpSession *self,
              const char       *argument)
{
  if (self->user == NULL || self->logged_in)
    {
      reply (self, "503 Login with USER first");
      return;
    }

  if (self->anonymous)
    {
      self->logged_in = TRUE;
      reply (self, "230 Anonymous access granted: downloads only");
      return;
    }

  sp_demo_session_note (SP_DEMO_SESSION (self), _("FTP sends the password as plain text: anyone on the path can read it."));
  if (strcmp (self->user, SP_DEMO_USER) == 0 && strcmp (argument, SP_DEMO_PASSWORD) == 0)
    {
      self->logged_in = TRUE;
      sp_demo_session_reply (SP_DEMO_SESSION (self), "230 User %s logged in", self->user);
      return;
    }

  g_clear_pointer (&self->user, g_free);
  reply (self, "530 Login incorrect");
}

static void
command_syst (SpDemoFtpSession *self,
              const char       *argument)
{
  reply (self, "215 UNIX Type: L8");
}

static void
command_feat (SpDemoFtpSession *self,
              const char       *argument)
{
  reply (self, "211-Features:\n EPSV\n PASV\n SIZE\n211 End");
}

static void
command_help (SpDemoFtpSession *self,
              const char       *argument)
{
  reply (self,
         "214-The commands this demo understands:\n"
         " USER PASS SYST FEAT PWD CWD CDUP TYPE MODE STRU PASV EPSV PORT EPRT\n"
         " LIST NLST RETR STOR SIZE MKD NOOP HELP QUIT\n"
         "214 Log in as " SP_DEMO_USER " / " SP_DEMO_PASSWORD ", or anonymous to download only");
}

static void
command_noop (SpDemoFtpSession *self,
              const char       *argument)
{
  reply (self, "200 NOOP ok");
}

static void
command_quit (SpDemoFtpSession *self,
              const char       *argument)
{
  reset_data (self);
  reply (self, "221 Goodbye");
  sp_demo_session_close (SP_DEMO_SESSION (self));
}

/* PWD's path is quoted, a quote inside it doubled (RFC 959 appendix II). */
static char *
quote_path (SpDemoFtpNode *node)
{
  g_autofree char *path = sp_demo_ftp_node_dup_path (node);
  g_auto(GStrv) parts = g_strsplit (path, "\"", -1);

  return g_strjoinv ("\"\"", parts);
}

static void
command_pwd (SpDemoFtpSession *self,
             const char       *argument)
{
  g_autofree char *path = quote_path (self->cwd);

  sp_demo_session_reply (SP_DEMO_SESSION (self), "257 \"%s\" is the current directory", path);
}

static void
command_cwd (SpDemoFtpSession *self,
             const char       *argument)
{
  SpDemoFtpNode *dir = sp_demo_ftp_tree_resolve (get_tree (SP_DEMO_SESSION (self)), self->cwd, argument);
  g_autofree char *path = NULL;

  if (dir == NULL || dir->children == NULL)
    {
      reply (self, "550 No such directory");
      return;
    }

  self->cwd = dir;
  path = sp_demo_ftp_node_dup_path (dir);
  sp_demo_session_reply (SP_DEMO_SESSION (self), "250 Directory changed to %s", path);
}

static void
command_cdup (SpDemoFtpSession *self,
              const char       *argument)
{
  g_autofree char *path = NULL;

  if (self->cwd->parent != NULL)
    self->cwd = self->cwd->parent;
  path = sp_demo_ftp_node_dup_path (self->cwd);
  sp_demo_session_reply (SP_DEMO_SESSION (self), "200 Directory changed to %s", path);
}

static void
command_type (SpDemoFtpSession *self,
              const char       *argument)
{
  g_autofree char *upper = g_ascii_strup (argument, -1);

  if (strcmp (upper, "A") == 0 || strcmp (upper, "A N") == 0)
    {
      self->image_type = FALSE;
      reply (self, "200 Type set to A (ASCII: text lines end in CR LF on the wire)");
    }
  else if (strcmp (upper, "I") == 0 || strcmp (upper, "L 8") == 0)
    {
      self->image_type = TRUE;
      reply (self, "200 Type set to I (binary: bytes as they are)");
    }
  else
    reply (self, "504 Only TYPE A and TYPE I are offered");
}

static void
command_mode (SpDemoFtpSession *self,
              const char       *argument)
{
  if (g_ascii_strcasecmp (argument, "S") == 0)
    reply (self, "200 Mode set to S (stream)");
  else
    reply (self, "504 Only MODE S (stream) is offered");
}

static void
command_stru (SpDemoFtpSession *self,
              const char       *argument)
{
  if (g_ascii_strcasecmp (argument, "F") == 0)
    reply (self, "200 Structure set to F (file)");
  else
    reply (self, "504 Only STRU F (file) is offered");
}

static void
command_pasv (SpDemoFtpSession *self,
              const char       *argument)
{
  g_autoptr(GInetSocketAddress) address = open_passive (self, TRUE);
  const guint8 *ip;
  guint16 port;

  if (address == NULL)
    return;

  ip = g_inet_address_to_bytes (g_inet_socket_address_get_address (address));
  port = g_inet_socket_address_get_port (address);
  sp_demo_session_reply (SP_DEMO_SESSION (self), "227 Entering Passive Mode (%u,%u,%u,%u,%u,%u)",
                         ip[0], ip[1], ip[2], ip[3], port >> 8, port & 0xff);
}

static void
command_epsv (SpDemoFtpSession *self,
              const char       *argument)
{
  g_autoptr(GInetSocketAddress) address = NULL;

  if (g_ascii_strcasecmp (argument, "ALL") == 0)
    {
      reply (self, "200 EPSV ALL ok: only EPSV from now on");
      return;
    }
  if (argument[0] != '\0' && strcmp (argument, "1") != 0 && strcmp (argument, "2") != 0)
    {
      reply (self, "522 Network protocol not supported, use (1,2)");
      return;
    }

  address = open_passive (self, FALSE);
  if (address == NULL)
    return;

  sp_demo_session_reply (SP_DEMO_SESSION (self), "229 Entering Extended Passive Mode (|||%u|)",
                         g_inet_socket_address_get_port (address));
}

/* PORT h1,h2,h3,h4,p1,p2 and EPRT |1|a.b.c.d|port| or |2|::1|port| name where to connect. */
static void
set_active_target (SpDemoFtpSession *self,
                   const char       *host,
                   guint             port)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  if (address == NULL || port == 0 || port > 65535)
    {
      reply (self, "501 Syntax error in the address or port");
      return;
    }

  /* Connecting wherever a client says would let it aim the server at third parties
   * (the "FTP bounce" attack): only the client's own address is accepted. */
  if (!same_host_as_control (self, address))
    {
      reply (self, "500 Illegal PORT command: the address must be the client's own");
      return;
    }

  reset_data (self);
  explain_once (self);
  self->active_target = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, (guint16) port));
  reply (self, "200 PORT command successful; the server will connect when a transfer starts");
}

static void
command_port (SpDemoFtpSession *self,
              const char       *argument)
{
  g_auto(GStrv) parts = g_strsplit (argument, ",", -1);
  guint64 numbers[6];
  g_autofree char *host = NULL;

  if (g_strv_length (parts) != 6)
    {
      reply (self, "501 Syntax: PORT h1,h2,h3,h4,p1,p2");
      return;
    }
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, 255, &numbers[i], NULL))
      {
        reply (self, "501 Syntax: PORT h1,h2,h3,h4,p1,p2, each from 0 to 255");
        return;
      }

  host = g_strdup_printf ("%u.%u.%u.%u", (guint) numbers[0], (guint) numbers[1],
                          (guint) numbers[2], (guint) numbers[3]);
  set_active_target (self, host, (guint) (numbers[4] * 256 + numbers[5]));
}

static void
command_eprt (SpDemoFtpSession *self,
              const char       *argument)
{
  g_auto(GStrv) parts = NULL;
  char delimiter[2] = { argument[0], '\0' };
  guint64 port;

  /* The first character is the delimiter, usually |. */
  if (argument[0] == '\0' || g_ascii_isalnum (argument[0]))
    {
      reply (self, "501 Syntax: EPRT |1|address|port|");
      return;
    }

  parts = g_strsplit (argument, delimiter, -1);
  if (g_strv_length (parts) != 5 || parts[0][0] != '\0' || parts[4][0] != '\0' ||
      !g_ascii_string_to_unsigned (parts[3], 10, 1, 65535, &port, NULL))
    {
      reply (self, "501 Syntax: EPRT |1|address|port|");
      return;
    }
  if (strcmp (parts[1], "1") != 0 && strcmp (parts[1], "2") != 0)
    {
      reply (self, "522 Network protocol not supported, use (1,2)");
      return;
    }

  set_active_target (self, parts[2], (guint) port);
}

/* LIST and NLST: a directory's entries, or one file's; options such as -la are ignored. */
static void
list_common (SpDemoFtpSession *self,
             const char       *argument,
             gboolean          names_only)
{
  g_autoptr(GString) listing = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *what = NULL;
  const char *path = argument;
  SpDemoFtpNode *node;

  while (path[0] == '-')
    {
      path += strcspn (path, " ");
      path += strspn (path, " ");
    }

  node = path[0] != '\0' ? sp_demo_ftp_tree_resolve (get_tree (SP_DEMO_SESSION (self)), self->cwd, path) : self->cwd;
  if (node == NULL)
    {
      reply (self, "550 No such file or directory");
      return;
    }
  if (!check_data_ready (self))
    return;

  if (node->children != NULL)
    for (guint i = 0; i < node->children->len; i++)
      {
        SpDemoFtpNode *child = g_ptr_array_index (node->children, i);

        if (names_only)
          g_string_append_printf (listing, "%s\r\n", child->name);
        else
          sp_demo_ftp_node_append_list_line (child, listing);
      }
  else if (names_only)
    g_string_append_printf (listing, "%s\r\n", node->name);
  else
    sp_demo_ftp_node_append_list_line (node, listing);

  bytes = g_string_free_to_bytes (g_steal_pointer (&listing));
  what = sp_demo_ftp_node_dup_path (node);
  begin_transfer (self, TRANSFER_SEND, bytes, what,
                  "150 Here comes the directory listing");
}

static void
command_list (SpDemoFtpSession *self,
              const char       *argument)
{
  list_common (self, argument, FALSE);
}

static void
command_nlst (SpDemoFtpSession *self,
              const char       *argument)
{
  list_common (self, argument, TRUE);
}

static SpDemoFtpNode *
find_file (SpDemoFtpSession *self,
           const char       *argument)
{
  SpDemoFtpNode *node = sp_demo_ftp_tree_resolve (get_tree (SP_DEMO_SESSION (self)), self->cwd, argument);

  if (node == NULL)
    reply (self, "550 No such file");
  else if (node->children != NULL)
    {
      reply (self, "550 That is a directory, not a file");
      node = NULL;
    }

  return node;
}

static void
command_retr (SpDemoFtpSession *self,
              const char       *argument)
{
  SpDemoFtpNode *file = find_file (self, argument);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *preliminary = NULL;

  if (file == NULL || !check_data_ready (self))
    return;

  bytes = self->image_type ? g_bytes_ref (file->contents) : sp_demo_ftp_to_ascii (file->contents);
  path = sp_demo_ftp_node_dup_path (file);
  preliminary = g_strdup_printf ("150 Opening %s mode data connection for %s (%zu bytes)",
                                 self->image_type ? "BINARY" : "ASCII", path, g_bytes_get_size (bytes));
  begin_transfer (self, TRANSFER_SEND, bytes, path, preliminary);
}

static void
command_size (SpDemoFtpSession *self,
              const char       *argument)
{
  SpDemoFtpNode *file = find_file (self, argument);
  g_autoptr(GBytes) bytes = NULL;

  if (file == NULL)
    return;

  /* The size the transfer would have in the current type (RFC 3659 §4). */
  bytes = self->image_type ? g_bytes_ref (file->contents) : sp_demo_ftp_to_ascii (file->contents);
  sp_demo_session_reply (SP_DEMO_SESSION (self), "213 %zu", g_bytes_get_size (bytes));
}

/* Where STOR and MKD may create @argument: a writable directory, for the learner. */
static SpDemoFtpNode *
writable_parent (SpDemoFtpSession  *self,
                 const char        *argument,
                 char             **name)
{
  SpDemoFtpNode *dir = sp_demo_ftp_tree_resolve_parent (get_tree (SP_DEMO_SESSION (self)), self->cwd, argument, name);

  if (dir == NULL)
    {
      reply (self, "550 No such directory");
      return NULL;
    }
  if (!sp_demo_ftp_name_is_allowed (*name))
    {
      reply (self, "553 Requested action not taken: file name not allowed");
      return NULL;
    }
  if (self->anonymous)
    {
      reply (self, "550 Permission denied: anonymous users only download; log in as " SP_DEMO_USER " to upload");
      return NULL;
    }
  if (!dir->writable)
    {
      reply (self, "550 Permission denied: uploads go to /upload");
      return NULL;
    }

  return dir;
}

static void
command_stor (SpDemoFtpSession *self,
              const char       *argument)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *preliminary = NULL;
  SpDemoFtpNode *dir = writable_parent (self, argument, &name);

  if (dir == NULL || !check_data_ready (self))
    return;

  self->upload_dir = dir;
  self->upload_name = g_strdup (name);
  {
    g_autofree char *dir_path = sp_demo_ftp_node_dup_path (dir);
    path = g_build_path ("/", dir_path, name, NULL);
  }
  preliminary = g_strdup_printf ("150 Ok to send data for %s", path);
  begin_transfer (self, TRANSFER_RECEIVE, NULL, path, preliminary);
}

static void
command_mkd (SpDemoFtpSession *self,
             const char       *argument)
{
  SpDemoFtpTree *tree = get_tree (SP_DEMO_SESSION (self));
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  SpDemoFtpNode *dir = writable_parent (self, argument, &name);
  SpDemoFtpNode *made;

  if (dir == NULL)
    return;
  if (sp_demo_ftp_node_find_child (dir, name) != NULL)
    {
      reply (self, "550 That name exists already");
      return;
    }
  if (tree->n_nodes >= MAX_NODES)
    {
      reply (self, "552 The demo server's storage is full");
      return;
    }

  made = sp_demo_ftp_node_add (dir, name, TRUE, TRUE, NULL);
  tree->n_nodes++;
  path = quote_path (made);
  sp_demo_session_reply (SP_DEMO_SESSION (self), "257 \"%s\" created", path);
}

static const Command commands[] = {
  /* Allowed before logging in. */
  { "USER", command_user, FALSE, ARG_REQUIRED },
  { "PASS", command_pass, FALSE, ARG_OPTIONAL },
  { "SYST", command_syst, FALSE, ARG_NONE },
  { "FEAT", command_feat, FALSE, ARG_NONE },
  { "HELP", command_help, FALSE, ARG_OPTIONAL },
  { "NOOP", command_noop, FALSE, ARG_NONE },
  { "QUIT", command_quit, FALSE, ARG_NONE },
  /* The rest need a login. */
  { "PWD", command_pwd, TRUE, ARG_NONE },
  { "XPWD", command_pwd, TRUE, ARG_NONE },
  { "CWD", command_cwd, TRUE, ARG_REQUIRED },
  { "XCWD", command_cwd, TRUE, ARG_REQUIRED },
  { "CDUP", command_cdup, TRUE, ARG_NONE },
  { "XCUP", command_cdup, TRUE, ARG_NONE },
  { "TYPE", command_type, TRUE, ARG_REQUIRED },
  { "MODE", command_mode, TRUE, ARG_REQUIRED },
  { "STRU", command_stru, TRUE, ARG_REQUIRED },
  { "PASV", command_pasv, TRUE, ARG_NONE },
  { "EPSV", command_epsv, TRUE, ARG_OPTIONAL },
  { "PORT", command_port, TRUE, ARG_REQUIRED },
  { "EPRT", command_eprt, TRUE, ARG_REQUIRED },
  { "LIST", command_list, TRUE, ARG_OPTIONAL },
  { "NLST", command_nlst, TRUE, ARG_OPTIONAL },
  { "RETR", command_retr, TRUE, ARG_REQUIRED },
  { "STOR", command_stor, TRUE, ARG_REQUIRED },
  { "SIZE", command_size, TRUE, ARG_REQUIRED },
  { "MKD", command_mkd, TRUE, ARG_REQUIRED },
  { "XMKD", command_mkd, TRUE, ARG_REQUIRED },
  /* Standard commands this demo leaves out: 502. */
  { "ABOR", NULL, TRUE, ARG_NONE },
  { "ACCT", NULL, TRUE, ARG_OPTIONAL },
  { "ALLO", NULL, TRUE, ARG_OPTIONAL },
  { "APPE", NULL, TRUE, ARG_OPTIONAL },
  { "DELE", NULL, TRUE, ARG_OPTIONAL },
  { "MDTM", NULL, TRUE, ARG_OPTIONAL },
  { "MLSD", NULL, TRUE, ARG_OPTIONAL },
  { "MLST", NULL, TRUE, ARG_OPTIONAL },
  { "REIN", NULL, TRUE, ARG_NONE },
  { "REST", NULL, TRUE, ARG_OPTIONAL },
  { "RMD", NULL, TRUE, ARG_OPTIONAL },
  { "RNFR", NULL, TRUE, ARG_OPTIONAL },
  { "RNTO", NULL, TRUE, ARG_OPTIONAL },
  { "SITE", NULL, TRUE, ARG_OPTIONAL },
  { "SMNT", NULL, TRUE, ARG_OPTIONAL },
  { "STAT", NULL, TRUE, ARG_OPTIONAL },
  { "STOU", NULL, TRUE, ARG_OPTIONAL },
};

/* The session ----------------------------------------------------------------------------- */

static void
sp_demo_ftp_session_start (SpDemoSession *session)
{
  sp_demo_session_reply (session, "220 Socket Playground FTP demo ready. Log in as %s / %s, or as anonymous to download only.",
                         SP_DEMO_USER, SP_DEMO_PASSWORD);
}

static void
sp_demo_ftp_session_line (SpDemoSession *session,
                          const char    *line,
                          gsize          length)
{
  SpDemoFtpSession *self = SP_DEMO_FTP_SESSION (session);
  SpDemoFtpTree *tree = get_tree (session);
  g_autofree char *name = NULL;
  const char *space = strchr (line, ' ');
  const char *argument = space != NULL ? space + 1 : "";

  if (tree == NULL)
    {
      reply (self, "421 Service not available, closing control connection");
      sp_demo_session_close (session);
      return;
    }
  if (self->cwd == NULL)
    self->cwd = tree->root;

  name = space != NULL ? g_strndup (line, space - line) : g_strdup (line);

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const Command *command = &commands[i];

      if (g_ascii_strcasecmp (command->name, name) != 0)
        continue;

      if (command->needs_login && !self->logged_in)
        reply (self, "530 Please log in with USER and PASS first");
      else if (command->func == NULL)
        sp_demo_session_reply (session, "502 %s is not implemented by this demo (HELP lists what is)",
                               command->name);
      else if (command->arg == ARG_REQUIRED && argument[0] == '\0')
        sp_demo_session_reply (session, "501 Syntax error: %s needs an argument", command->name);
      else
        command->func (self, command->arg == ARG_NONE ? "" : argument);
      return;
    }

  reply (self, "500 Unknown command (HELP lists the commands)");
}

static void
sp_demo_ftp_session_bad_input (SpDemoSession      *session,
                               SpDemoInputProblem  problem)
{
  sp_demo_session_reply (session, problem == SP_DEMO_INPUT_LINE_TOO_LONG
                                   ? "500 Command line too long (the limit here is 8 KiB)"
                                   : "500 Syntax error: a command is text, without NUL bytes");
}

static void
sp_demo_ftp_session_closed (SpDemoSession *session)
{
  /* The control connection is gone: so is any transfer. */
  reset_data (SP_DEMO_FTP_SESSION (session));
}

static void
sp_demo_ftp_session_dispose (GObject *object)
{
  SpDemoFtpSession *self = SP_DEMO_FTP_SESSION (object);

  if (self->cancellable != NULL)
    {
      reset_data (self);
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  G_OBJECT_CLASS (sp_demo_ftp_session_parent_class)->dispose (object);
}

static void
sp_demo_ftp_session_finalize (GObject *object)
{
  SpDemoFtpSession *self = SP_DEMO_FTP_SESSION (object);

  g_free (self->user);

  G_OBJECT_CLASS (sp_demo_ftp_session_parent_class)->finalize (object);
}

static void
sp_demo_ftp_session_class_init (SpDemoFtpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SpDemoSessionClass *session_class = SP_DEMO_SESSION_CLASS (klass);

  object_class->dispose = sp_demo_ftp_session_dispose;
  object_class->finalize = sp_demo_ftp_session_finalize;

  session_class->start = sp_demo_ftp_session_start;
  session_class->line = sp_demo_ftp_session_line;
  session_class->bad_input = sp_demo_ftp_session_bad_input;
  session_class->closed = sp_demo_ftp_session_closed;
}

static void
sp_demo_ftp_session_init (SpDemoFtpSession *self)
{
  self->cancellable = g_cancellable_new ();
}
