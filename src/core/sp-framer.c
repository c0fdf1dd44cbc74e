/* sp-framer.c — cut a byte stream into messages: by line, by fixed length, or per read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TCP delivers a stream of bytes, not messages: what the peer sent with one send() may
 * arrive in two recv() calls, and two sends may arrive in one. A framer takes what each
 * read returned and gives back the complete messages found so far, keeping the rest until
 * more bytes come:
 *
 * - %SP_FRAMING_LINE: a message ends with "\n"; the message excludes the "\n" and a "\r"
 *   just before it, so both "HELO\n" and "HELO\r\n" give "HELO".
 * - %SP_FRAMING_FIXED: every message is exactly #SpFramer:length bytes.
 * - %SP_FRAMING_READ: whatever one read returned is one message, as a naive server sees
 *   it; nothing is ever kept.
 *
 * The buffer is bounded. A line that grows past %SP_FRAMER_MAX_MESSAGE bytes without a
 * newline is cut: its first %SP_FRAMER_MAX_MESSAGE bytes are delivered as a message of
 * their own, which sp_framer_is_cut() tells apart, and the rest starts a new line. The
 * fixed length is at most %SP_FRAMER_MAX_MESSAGE too, so no framing ever holds more.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-core-enums.h"
#include "sp-framer.h"

struct _SpFramer
{
  GObject     parent_instance;

  GByteArray *buffer;      /* bytes of the next message, not yet complete */
  GPtrArray  *cut;         /* GBytes the last push cut at the bound */
  gsize       scanned;     /* LINE: how much of the buffer is known to hold no "\n" */
  gsize       length;
  SpFraming   framing;
};

enum {
  PROP_0,
  PROP_FRAMING,
  PROP_LENGTH,
  PROP_BUFFERED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpFramer, sp_framer, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
add_message (GPtrArray    *messages,
             const guint8 *data,
             gsize         size)
{
  g_ptr_array_add (messages, g_bytes_new (data, size));
}

/* Whether a line of @size bytes is more than a message may hold. A line not yet ended may
 * be one byte longer when that byte is a "\r": the first half of the "\r\n" that ends a
 * line of full length. */
static gboolean
line_too_long (const guint8 *line,
               gsize         size,
               gboolean      ended)
{
  if (size <= SP_FRAMER_MAX_MESSAGE)
    return FALSE;

  return ended || !(size == SP_FRAMER_MAX_MESSAGE + 1 && line[size - 1] == '\r');
}

static void
push_lines (SpFramer  *self,
            GPtrArray *messages)
{
  const guint8 *data = self->buffer->data;
  gsize len = self->buffer->len;
  gsize start = 0;
  gsize pos = self->scanned;

  for (;;)
    {
      const guint8 *newline = NULL;
      gsize line_end;

      if (pos < len)
        newline = memchr (data + pos, '\n', len - pos);

      if (newline != NULL)
        {
          line_end = newline - data;
          if (line_end > start && data[line_end - 1] == '\r')
            line_end--;
        }
      else
        line_end = pos = len;

      /* Too long, ended or not: the bound cuts it, wherever the reads happened to end. */
      if (line_too_long (data + start, line_end - start, newline != NULL))
        {
          GBytes *piece = g_bytes_new (data + start, SP_FRAMER_MAX_MESSAGE);

          g_ptr_array_add (messages, piece);
          g_ptr_array_add (self->cut, g_bytes_ref (piece));
          start += SP_FRAMER_MAX_MESSAGE;
          pos = MAX (pos, start);
          continue;
        }

      if (newline == NULL)
        break;

      add_message (messages, data + start, line_end - start);
      start = pos = (newline - data) + 1;
    }

  g_byte_array_remove_range (self->buffer, 0, start);
  self->scanned = self->buffer->len;
}

static void
push_fixed (SpFramer  *self,
            GPtrArray *messages)
{
  gsize start = 0;

  while (self->buffer->len - start >= self->length)
    {
      add_message (messages, self->buffer->data + start, self->length);
      start += self->length;
    }

  g_byte_array_remove_range (self->buffer, 0, start);
}

static void
sp_framer_finalize (GObject *object)
{
  SpFramer *self = (SpFramer *)object;

  g_clear_pointer (&self->buffer, g_byte_array_unref);
  g_clear_pointer (&self->cut, g_ptr_array_unref);

  G_OBJECT_CLASS (sp_framer_parent_class)->finalize (object);
}

static void
sp_framer_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SpFramer *self = SP_FRAMER (object);

  switch (prop_id)
    {
    case PROP_FRAMING:
      g_value_set_enum (value, self->framing);
      break;

    case PROP_LENGTH:
      g_value_set_uint64 (value, self->length);
      break;

    case PROP_BUFFERED:
      g_value_set_uint64 (value, self->buffer->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_framer_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SpFramer *self = SP_FRAMER (object);

  switch (prop_id)
    {
    case PROP_FRAMING:
      self->framing = g_value_get_enum (value);
      break;

    case PROP_LENGTH:
      self->length = g_value_get_uint64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_framer_class_init (SpFramerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_framer_finalize;
  object_class->get_property = sp_framer_get_property;
  object_class->set_property = sp_framer_set_property;

  properties[PROP_FRAMING] =
    g_param_spec_enum ("framing", NULL, NULL, SP_TYPE_FRAMING, SP_FRAMING_LINE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpFramer:length:
   *
   * The size of every message with %SP_FRAMING_FIXED; unused by the other framings.
   */
  properties[PROP_LENGTH] =
    g_param_spec_uint64 ("length", NULL, NULL, 1, SP_FRAMER_MAX_MESSAGE, SP_FRAMER_DEFAULT_LENGTH,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpFramer:buffered:
   *
   * How many bytes wait for the rest of their message.
   */
  properties[PROP_BUFFERED] =
    g_param_spec_uint64 ("buffered", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_framer_init (SpFramer *self)
{
  self->buffer = g_byte_array_new ();
  self->cut = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->length = SP_FRAMER_DEFAULT_LENGTH;
  self->framing = SP_FRAMING_LINE;
}

/**
 * sp_framer_new:
 * @length: the size of each message for %SP_FRAMING_FIXED, from 1 to
 *   %SP_FRAMER_MAX_MESSAGE; ignored (pass 0) for the other framings
 */
SpFramer *
sp_framer_new (SpFraming framing,
               gsize     length)
{
  g_return_val_if_fail (framing <= SP_FRAMING_READ, NULL);
  g_return_val_if_fail (framing != SP_FRAMING_FIXED ||
                        (length > 0 && length <= SP_FRAMER_MAX_MESSAGE), NULL);

  if (length == 0 || length > SP_FRAMER_MAX_MESSAGE)
    length = SP_FRAMER_DEFAULT_LENGTH;

  return g_object_new (SP_TYPE_FRAMER,
                       "framing", framing,
                       "length", (guint64) length,
                       NULL);
}

SpFraming
sp_framer_get_framing (SpFramer *self)
{
  g_return_val_if_fail (SP_IS_FRAMER (self), SP_FRAMING_LINE);

  return self->framing;
}

gsize
sp_framer_get_length (SpFramer *self)
{
  g_return_val_if_fail (SP_IS_FRAMER (self), 0);

  return self->length;
}

gsize
sp_framer_get_buffered (SpFramer *self)
{
  g_return_val_if_fail (SP_IS_FRAMER (self), 0);

  return self->buffer->len;
}

/**
 * sp_framer_push:
 * @bytes: what one read returned
 *
 * Adds @bytes after what is buffered and takes out every message now complete.
 *
 * Returns: (transfer full) (element-type GBytes): the complete messages, oldest first;
 *   empty when none is complete yet
 */
GPtrArray *
sp_framer_push (SpFramer *self,
                GBytes   *bytes)
{
  g_autoptr(GPtrArray) messages = NULL;
  gsize before;
  gsize size;
  gconstpointer data;

  g_return_val_if_fail (SP_IS_FRAMER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_set_size (self->cut, 0);

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    return g_steal_pointer (&messages);

  if (self->framing == SP_FRAMING_READ)
    {
      g_ptr_array_add (messages, g_bytes_ref (bytes));
      return g_steal_pointer (&messages);
    }

  before = self->buffer->len;
  g_byte_array_append (self->buffer, data, size);

  if (self->framing == SP_FRAMING_LINE)
    push_lines (self, messages);
  else
    push_fixed (self, messages);

  if (self->buffer->len != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUFFERED]);

  return g_steal_pointer (&messages);
}

/**
 * sp_framer_is_cut:
 * @message: one of the messages the last sp_framer_push() returned
 *
 * Returns: whether @message is the first %SP_FRAMER_MAX_MESSAGE bytes of a longer line,
 *   cut at the bound, rather than a line that ended with a newline
 */
gboolean
sp_framer_is_cut (SpFramer *self,
                  GBytes   *message)
{
  g_return_val_if_fail (SP_IS_FRAMER (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  return g_ptr_array_find (self->cut, message, NULL);
}

/**
 * sp_framer_flush:
 *
 * Takes out what is buffered, for instance when the stream ends before a message was
 * complete, and starts over empty.
 *
 * Returns: (transfer full) (nullable): the buffered bytes, or %NULL when there are none
 */
GBytes *
sp_framer_flush (SpFramer *self)
{
  GBytes *rest;

  g_return_val_if_fail (SP_IS_FRAMER (self), NULL);

  if (self->buffer->len == 0)
    return NULL;

  rest = g_bytes_new (self->buffer->data, self->buffer->len);
  g_byte_array_set_size (self->buffer, 0);
  self->scanned = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUFFERED]);

  return rest;
}

const char *
sp_framing_to_string (SpFraming framing)
{
  switch (framing)
    {
    case SP_FRAMING_LINE:
      return _("Lines (each message ends with \\n)");
    case SP_FRAMING_FIXED:
      return _("Fixed length");
    case SP_FRAMING_READ:
      return _("Whatever one read returned");
    default:
      break;
    }

  g_return_val_if_reached ("");
}
