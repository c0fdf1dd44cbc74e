/* sp-event.c — one thing that happened on a socket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Events are immutable once logged, except that the log may drop an old payload to stay
 * within its memory budget; the byte count is kept so totals stay exact.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-core-enums.h"
#include "sp-event.h"

/* How much of a payload the one-line preview shows. */
#define PREVIEW_BYTES 160

/* malloc's header and rounding, per block (glibc: 8 bytes of header, 16-byte steps). */
#define ALLOC_OVERHEAD 16

/* A GBytes: data, size, reference count, free function and its data. */
#define GBYTES_SIZE 40

struct _SpEvent
{
  GObject      parent_instance;

  gint64       time;
  SpEventKind  kind;
  SpDirection  direction;
  guint        connection_id;
  gsize        byte_count;
  char        *call;
  char        *message;
  char        *address;
  char        *local_address;
  GBytes      *payload;
  GQuark       error_domain;
  int          error_code;
};

enum {
  PROP_0,
  PROP_TIME,
  PROP_TIME_TEXT,
  PROP_KIND,
  PROP_DIRECTION,
  PROP_CONNECTION_ID,
  PROP_CALL,
  PROP_MESSAGE,
  PROP_ADDRESS,
  PROP_LOCAL_ADDRESS,
  PROP_PREVIEW,
  PROP_BYTE_COUNT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpEvent, sp_event, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
sp_event_finalize (GObject *object)
{
  SpEvent *self = (SpEvent *)object;

  g_clear_pointer (&self->call, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->local_address, g_free);
  g_clear_pointer (&self->payload, g_bytes_unref);

  G_OBJECT_CLASS (sp_event_parent_class)->finalize (object);
}

static void
sp_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SpEvent *self = SP_EVENT (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;

    case PROP_TIME_TEXT:
      g_value_take_string (value, sp_event_dup_time_text (self));
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;

    case PROP_CONNECTION_ID:
      g_value_set_uint (value, self->connection_id);
      break;

    case PROP_CALL:
      g_value_set_string (value, self->call);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, self->local_address);
      break;

    case PROP_PREVIEW:
      g_value_take_string (value, sp_event_dup_preview (self));
      break;

    case PROP_BYTE_COUNT:
      g_value_set_uint64 (value, self->byte_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_event_class_init (SpEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_event_finalize;
  object_class->get_property = sp_event_get_property;

  properties[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TIME_TEXT] =
    g_param_spec_string ("time-text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SP_TYPE_EVENT_KIND, SP_EVENT_KIND_INFO,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, SP_TYPE_DIRECTION, SP_DIRECTION_NONE,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONNECTION_ID] =
    g_param_spec_uint ("connection-id", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CALL] =
    g_param_spec_string ("call", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PREVIEW] =
    g_param_spec_string ("preview", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_BYTE_COUNT] =
    g_param_spec_uint64 ("byte-count", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_event_init (SpEvent *self)
{
}

/**
 * sp_event_new:
 * @call: (nullable): the socket call in the tutorial's style, e.g. `bind(('127.0.0.1', 12345))`
 * @message: the same thing as a sentence
 * @payload: (nullable): the bytes sent or received
 *
 * Returns: (transfer full): a new event stamped with the current time
 */
SpEvent *
sp_event_new (SpEventKind  kind,
              SpDirection  direction,
              guint        connection_id,
              const char  *call,
              const char  *message,
              GBytes      *payload)
{
  SpEvent *self;

  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (SP_TYPE_EVENT, NULL);
  self->time = g_get_real_time ();
  self->kind = kind;
  self->direction = direction;
  self->connection_id = connection_id;
  self->call = g_strdup (call);
  self->message = g_strdup (message);
  if (payload != NULL)
    {
      self->payload = g_bytes_ref (payload);
      self->byte_count = g_bytes_get_size (payload);
    }

  return self;
}

gint64
sp_event_get_time (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);

  return self->time;
}

SpEventKind
sp_event_get_kind (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), SP_EVENT_KIND_INFO);

  return self->kind;
}

SpDirection
sp_event_get_direction (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), SP_DIRECTION_NONE);

  return self->direction;
}

guint
sp_event_get_connection_id (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);

  return self->connection_id;
}

const char *
sp_event_get_call (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);

  return self->call;
}

const char *
sp_event_get_message (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);

  return self->message;
}

/**
 * sp_event_get_address:
 *
 * Returns: (nullable): the address the event is about: where a socket was bound or
 *   listens, the peer accepted or connected to, where a datagram came from
 */
const char *
sp_event_get_address (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);

  return self->address;
}

/* Only while the event is being made: once logged, an event does not change. */
void
sp_event_set_address (SpEvent    *self,
                      const char *address)
{
  g_return_if_fail (SP_IS_EVENT (self));

  g_free (self->address);
  self->address = g_strdup (address);
}

/**
 * sp_event_get_local_address:
 *
 * Returns: (nullable): this side's own address when the event is where the system
 *   gave it one, as for a client's connect(); with sp_event_get_address() on the
 *   server's accept() it tells which client socket an accepted connection talks to
 */
const char *
sp_event_get_local_address (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);

  return self->local_address;
}

/* Only while the event is being made, like sp_event_set_address(). */
void
sp_event_set_local_address (SpEvent    *self,
                            const char *address)
{
  g_return_if_fail (SP_IS_EVENT (self));

  g_free (self->local_address);
  self->local_address = g_strdup (address);
}

/* The GError an ERROR event tells, so programs can tell failures apart (0 if none). */
GQuark
sp_event_get_error_domain (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);

  return self->error_domain;
}

int
sp_event_get_error_code (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);

  return self->error_code;
}

/* Only while the event is being made, like sp_event_set_address(). */
void
sp_event_set_error (SpEvent      *self,
                    const GError *error)
{
  g_return_if_fail (SP_IS_EVENT (self));
  g_return_if_fail (error != NULL);

  self->error_domain = error->domain;
  self->error_code = error->code;
}

/**
 * sp_event_get_payload:
 *
 * Returns: (transfer none) (nullable): the bytes, or %NULL if there were none or the
 *   log dropped them to stay within its budget (see sp_event_get_byte_count())
 */
GBytes *
sp_event_get_payload (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);

  return self->payload;
}

gsize
sp_event_get_byte_count (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);

  return self->byte_count;
}

char *
sp_event_dup_time_text (SpEvent *self)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *hms = NULL;

  g_return_val_if_fail (SP_IS_EVENT (self), NULL);

  local = g_date_time_new_from_unix_local (self->time / G_USEC_PER_SEC);
  if (local == NULL)
    return g_strdup ("");

  hms = g_date_time_format (local, "%H:%M:%S");
  return g_strdup_printf ("%s.%03d", hms, (int) ((self->time % G_USEC_PER_SEC) / 1000));
}

/**
 * sp_event_dup_preview:
 *
 * The start of the payload as one line of text: printable characters as they are,
 * `\r`, `\n`, `\t`, `\\` and `\xHH` for the rest, so binary data is visible and never
 * garbles the log.
 *
 * Returns: (transfer full) (nullable): the preview, or %NULL without a payload
 */
char *
sp_event_dup_preview (SpEvent *self)
{
  GString *out;
  const guint8 *data;
  gsize size;
  gsize shown;
  gsize i = 0;

  g_return_val_if_fail (SP_IS_EVENT (self), NULL);

  if (self->payload == NULL)
    return NULL;

  data = g_bytes_get_data (self->payload, &size);
  shown = MIN (size, PREVIEW_BYTES);
  out = g_string_sized_new (shown + 8);

  while (i < shown)
    {
      guint8 c = data[i];

      switch (c)
        {
        case '\r': g_string_append (out, "\\r"); i++; continue;
        case '\n': g_string_append (out, "\\n"); i++; continue;
        case '\t': g_string_append (out, "\\t"); i++; continue;
        case '\\': g_string_append (out, "\\\\"); i++; continue;
        default: break;
        }

      if (c >= 0x20 && c < 0x7f)
        {
          g_string_append_c (out, (char) c);
          i++;
          continue;
        }

      /* Keep whole printable UTF-8 characters; escape anything else byte by byte. */
      if (c >= 0x80)
        {
          const char *here = (const char *) data + i;
          gunichar ch = g_utf8_get_char_validated (here, shown - i);

          if (ch != (gunichar) -1 && ch != (gunichar) -2 && g_unichar_isprint (ch))
            {
              const char *next = g_utf8_next_char (here);

              g_string_append_len (out, here, next - here);
              i += next - here;
              continue;
            }
        }

      g_string_append_printf (out, "\\x%02x", c);
      i++;
    }

  if (shown < size)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

/* What this event costs in memory, for the log's budget. */
gsize
sp_event_get_memory_size (SpEvent *self)
{
  gsize size;

  g_return_val_if_fail (SP_IS_EVENT (self), 0);

  /* Counted as the allocator holds it: each block carries a header and is rounded up
   * (ALLOC_OVERHEAD), a GBytes is a block of its own, and the log holds a pointer. */
  size = sizeof *self + ALLOC_OVERHEAD + sizeof (gpointer);
  if (self->call != NULL)
    size += strlen (self->call) + 1 + ALLOC_OVERHEAD;
  size += strlen (self->message) + 1 + ALLOC_OVERHEAD;
  if (self->address != NULL)
    size += strlen (self->address) + 1 + ALLOC_OVERHEAD;
  if (self->local_address != NULL)
    size += strlen (self->local_address) + 1 + ALLOC_OVERHEAD;
  if (self->payload != NULL)
    size += g_bytes_get_size (self->payload) + GBYTES_SIZE + 2 * ALLOC_OVERHEAD;

  return size;
}

void
sp_event_drop_payload (SpEvent *self)
{
  g_return_if_fail (SP_IS_EVENT (self));

  g_clear_pointer (&self->payload, g_bytes_unref);
}

const char *
sp_event_kind_get_name (SpEventKind kind)
{
  switch (kind)
    {
    case SP_EVENT_KIND_INFO:     return "info";
    case SP_EVENT_KIND_RESOLVE:  return "getaddrinfo";
    case SP_EVENT_KIND_SOCKET:   return "socket";
    case SP_EVENT_KIND_BIND:     return "bind";
    case SP_EVENT_KIND_LISTEN:   return "listen";
    case SP_EVENT_KIND_ACCEPT:   return "accept";
    case SP_EVENT_KIND_CONNECT:  return "connect";
    case SP_EVENT_KIND_SEND:     return "send";
    case SP_EVENT_KIND_RECV:     return "recv";
    case SP_EVENT_KIND_SHUTDOWN: return "shutdown";
    case SP_EVENT_KIND_CLOSE:    return "close";
    case SP_EVENT_KIND_ERROR:    return "error";
    default:                     break;
    }

  g_return_val_if_reached ("info");
}
