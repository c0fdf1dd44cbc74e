/* sp-expectation.c — one thing a lab expects of a pane, checked against what happened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An expectation knows nothing of servers or clients: it is fed the events of its pane's
 * log as they are appended, and the pane's exact counters, so the headless runner and
 * the window check a lab the same way. Text is looked for in each connection's stream of
 * bytes, whatever the reads that carried it: a tail of each connection is kept so that a
 * text cut across two reads is still found.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-core-enums.h"
#include "sp-expectation.h"
#include "sp-payload.h"

/* How much of what arrived an outcome quotes. */
#define SAMPLE_LIMIT 120

struct _SpExpectation
{
  GObject            parent_instance;

  char              *pane_name;
  char              *text;        /* as written, with escapes */
  GBytes            *needle;      /* what the text stands for */
  guint64            count;

  /* What was seen. */
  GHashTable        *tails;       /* connection id → GByteArray, the last bytes of its stream */
  GByteArray        *sample;      /* the first bytes seen in the direction looked at */
  guint64            seen_bytes;
  guint64            n_connections;
  guint64            bytes_received;
  guint64            bytes_sent;

  SpExpectationKind  kind;
  gboolean           met;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_PANE_NAME,
  PROP_TEXT,
  PROP_COUNT,
  PROP_MET,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpExpectation, sp_expectation, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const char *kind_keys[] = {
  [SP_EXPECTATION_RECEIVES] = "Receives",
  [SP_EXPECTATION_SENDS] = "Sends",
  [SP_EXPECTATION_CONNECTIONS] = "Connections",
  [SP_EXPECTATION_BYTES_RECEIVED] = "BytesReceived",
  [SP_EXPECTATION_BYTES_SENT] = "BytesSent",
  [SP_EXPECTATION_CLOSED] = "Closed",
};

static void
set_met (SpExpectation *self,
         gboolean       met)
{
  if (self->met == met)
    return;

  self->met = met;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MET]);
}

static void
update_met_from_counts (SpExpectation *self)
{
  switch (self->kind)
    {
    case SP_EXPECTATION_CONNECTIONS:
      if (self->n_connections >= self->count)
        set_met (self, TRUE);
      break;

    case SP_EXPECTATION_BYTES_RECEIVED:
      if (self->bytes_received >= self->count)
        set_met (self, TRUE);
      break;

    case SP_EXPECTATION_BYTES_SENT:
      if (self->bytes_sent >= self->count)
        set_met (self, TRUE);
      break;

    case SP_EXPECTATION_RECEIVES:
    case SP_EXPECTATION_SENDS:
    case SP_EXPECTATION_CLOSED:
    default:
      break;
    }
}

/* memmem () is a GNU extension; the haystack here is one read plus a short tail. */
static gboolean
contains (const guint8 *haystack,
          gsize         haystack_size,
          const guint8 *needle,
          gsize         needle_size)
{
  const guint8 *p = haystack;
  const guint8 *last;

  if (needle_size == 0)
    return TRUE;
  if (haystack_size < needle_size)
    return FALSE;

  last = haystack + (haystack_size - needle_size);
  while (p <= last && (p = memchr (p, needle[0], last - p + 1)) != NULL)
    {
      if (memcmp (p, needle, needle_size) == 0)
        return TRUE;
      p++;
    }

  return FALSE;
}

/* Looks for the text in what the connection carried so far, and keeps only the tail a
 * later match could still start in. */
static void
search_stream (SpExpectation *self,
               guint          connection_id,
               GBytes        *payload)
{
  gsize needle_size;
  const guint8 *needle = g_bytes_get_data (self->needle, &needle_size);
  gsize size;
  const guint8 *data = g_bytes_get_data (payload, &size);
  GByteArray *tail;

  if (self->sample->len < SAMPLE_LIMIT)
    g_byte_array_append (self->sample, data, MIN (size, SAMPLE_LIMIT - self->sample->len));
  self->seen_bytes += size;

  if (needle_size == 0)
    {
      set_met (self, TRUE);
      return;
    }

  tail = g_hash_table_lookup (self->tails, GUINT_TO_POINTER (connection_id));
  if (tail == NULL)
    {
      tail = g_byte_array_new ();
      g_hash_table_insert (self->tails, GUINT_TO_POINTER (connection_id), tail);
    }

  g_byte_array_append (tail, data, size);
  if (contains (tail->data, tail->len, needle, needle_size))
    {
      set_met (self, TRUE);
      return;
    }

  if (tail->len >= needle_size)
    g_byte_array_remove_range (tail, 0, tail->len - (needle_size - 1));
}

static void
sp_expectation_finalize (GObject *object)
{
  SpExpectation *self = (SpExpectation *)object;

  g_clear_pointer (&self->pane_name, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->needle, g_bytes_unref);
  g_clear_pointer (&self->tails, g_hash_table_unref);
  g_clear_pointer (&self->sample, g_byte_array_unref);

  G_OBJECT_CLASS (sp_expectation_parent_class)->finalize (object);
}

static void
sp_expectation_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpExpectation *self = SP_EXPECTATION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_PANE_NAME:
      g_value_set_string (value, self->pane_name);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_COUNT:
      g_value_set_uint64 (value, self->count);
      break;

    case PROP_MET:
      g_value_set_boolean (value, self->met);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_expectation_class_init (SpExpectationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_expectation_finalize;
  object_class->get_property = sp_expectation_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SP_TYPE_EXPECTATION_KIND, SP_EXPECTATION_RECEIVES,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpExpectation:pane-name:
   *
   * The name of the pane whose events and counters decide.
   */
  properties[PROP_PANE_NAME] =
    g_param_spec_string ("pane-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpExpectation:text:
   *
   * For %SP_EXPECTATION_RECEIVES and %SP_EXPECTATION_SENDS, the text looked for, as
   * written, with escapes; %NULL for the other kinds.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SpExpectation:count:
   *
   * For the counting kinds, the least count that satisfies; 0 for the others.
   */
  properties[PROP_COUNT] =
    g_param_spec_uint64 ("count", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_MET] =
    g_param_spec_boolean ("met", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_expectation_init (SpExpectation *self)
{
  self->tails = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_byte_array_unref);
  self->sample = g_byte_array_new ();
}

static SpExpectation *
sp_expectation_new (SpExpectationKind  kind,
                    const char        *pane_name)
{
  SpExpectation *self = g_object_new (SP_TYPE_EXPECTATION, NULL);

  self->kind = kind;
  self->pane_name = g_strdup (pane_name);

  return self;
}

/**
 * sp_expectation_new_text:
 * @kind: %SP_EXPECTATION_RECEIVES or %SP_EXPECTATION_SENDS
 * @pane_name: the pane that receives or sends
 * @text: what it receives or sends, as text with the payload escapes (`\r\n`, `\xHH`…)
 * @error: a %SP_PAYLOAD_ERROR when @text does not read
 *
 * Expects @text to travel, in one piece, on one of the pane's connections.
 *
 * Returns: (transfer full) (nullable): the expectation, or %NULL with @error set
 */
SpExpectation *
sp_expectation_new_text (SpExpectationKind   kind,
                         const char         *pane_name,
                         const char         *text,
                         GError            **error)
{
  g_autoptr(GBytes) needle = NULL;
  SpExpectation *self;

  g_return_val_if_fail (sp_expectation_is_text_kind (kind), NULL);
  g_return_val_if_fail (pane_name != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  needle = sp_payload_parse_text (text, -1, NULL, error);
  if (needle == NULL)
    return NULL;

  self = sp_expectation_new (kind, pane_name);
  self->text = g_strdup (text);
  self->needle = g_steal_pointer (&needle);

  return self;
}

/**
 * sp_expectation_new_count:
 * @kind: %SP_EXPECTATION_CONNECTIONS, %SP_EXPECTATION_BYTES_RECEIVED or
 *   %SP_EXPECTATION_BYTES_SENT
 * @count: the least count that satisfies
 *
 * Expects a counter of the pane to reach @count.
 *
 * Returns: (transfer full): the expectation
 */
SpExpectation *
sp_expectation_new_count (SpExpectationKind  kind,
                          const char        *pane_name,
                          guint64            count)
{
  SpExpectation *self;

  g_return_val_if_fail (kind == SP_EXPECTATION_CONNECTIONS ||
                        kind == SP_EXPECTATION_BYTES_RECEIVED ||
                        kind == SP_EXPECTATION_BYTES_SENT, NULL);
  g_return_val_if_fail (pane_name != NULL, NULL);

  self = sp_expectation_new (kind, pane_name);
  self->count = count;
  update_met_from_counts (self);

  return self;
}

/**
 * sp_expectation_new_closed:
 *
 * Expects a connection of the pane to close, whoever closes it. A datagram server's
 * peers never close: this is for stream sockets and for datagram clients.
 *
 * Returns: (transfer full): the expectation
 */
SpExpectation *
sp_expectation_new_closed (const char *pane_name)
{
  g_return_val_if_fail (pane_name != NULL, NULL);

  return sp_expectation_new (SP_EXPECTATION_CLOSED, pane_name);
}

SpExpectationKind
sp_expectation_get_kind (SpExpectation *self)
{
  g_return_val_if_fail (SP_IS_EXPECTATION (self), SP_EXPECTATION_RECEIVES);

  return self->kind;
}

const char *
sp_expectation_get_pane_name (SpExpectation *self)
{
  g_return_val_if_fail (SP_IS_EXPECTATION (self), NULL);

  return self->pane_name;
}

const char *
sp_expectation_get_text (SpExpectation *self)
{
  g_return_val_if_fail (SP_IS_EXPECTATION (self), NULL);

  return self->text;
}

guint64
sp_expectation_get_count (SpExpectation *self)
{
  g_return_val_if_fail (SP_IS_EXPECTATION (self), 0);

  return self->count;
}

gboolean
sp_expectation_get_met (SpExpectation *self)
{
  g_return_val_if_fail (SP_IS_EXPECTATION (self), FALSE);

  return self->met;
}

/**
 * sp_expectation_reset:
 *
 * Forgets what was seen, for a new run.
 */
void
sp_expectation_reset (SpExpectation *self)
{
  g_return_if_fail (SP_IS_EXPECTATION (self));

  g_hash_table_remove_all (self->tails);
  g_byte_array_set_size (self->sample, 0);
  self->seen_bytes = 0;
  self->n_connections = 0;
  self->bytes_received = 0;
  self->bytes_sent = 0;
  set_met (self, FALSE);
  update_met_from_counts (self);
}

/**
 * sp_expectation_observe_event:
 * @event: an event of the pane's log, as it is appended
 *
 * Takes in one event. Feed every event of the pane's log, in order, each once.
 */
void
sp_expectation_observe_event (SpExpectation *self,
                              SpEvent       *event)
{
  SpEventKind event_kind;
  GBytes *payload;
  guint id;

  g_return_if_fail (SP_IS_EXPECTATION (self));
  g_return_if_fail (SP_IS_EVENT (event));

  event_kind = sp_event_get_kind (event);
  payload = sp_event_get_payload (event);
  id = sp_event_get_connection_id (event);

  switch (event_kind)
    {
    case SP_EVENT_KIND_RECV:
      self->bytes_received += sp_event_get_byte_count (event);
      if (self->kind == SP_EXPECTATION_RECEIVES && payload != NULL)
        search_stream (self, id, payload);
      break;

    case SP_EVENT_KIND_SEND:
      self->bytes_sent += sp_event_get_byte_count (event);
      if (self->kind == SP_EXPECTATION_SENDS && payload != NULL)
        search_stream (self, id, payload);
      break;

    case SP_EVENT_KIND_ACCEPT:
    case SP_EVENT_KIND_CONNECT:
      if (id != 0)
        self->n_connections++;
      break;

    case SP_EVENT_KIND_CLOSE:
      /* Connection 0 is a listening or bound socket, not a connection. */
      if (self->kind == SP_EXPECTATION_CLOSED && id != 0)
        set_met (self, TRUE);
      break;

    case SP_EVENT_KIND_INFO:
    case SP_EVENT_KIND_RESOLVE:
    case SP_EVENT_KIND_SOCKET:
    case SP_EVENT_KIND_BIND:
    case SP_EVENT_KIND_LISTEN:
    case SP_EVENT_KIND_SHUTDOWN:
    case SP_EVENT_KIND_ERROR:
    default:
      break;
    }

  update_met_from_counts (self);
}

/**
 * sp_expectation_observe_counters:
 * @n_connections: how many connections the pane accepted or made (a datagram server:
 *   how many peers it heard from)
 * @bytes_received: the pane's exact count of bytes received
 * @bytes_sent: the pane's exact count of bytes sent
 *
 * Takes in the pane's counters, which stay exact when its log drops old events.
 */
void
sp_expectation_observe_counters (SpExpectation *self,
                                 guint64        n_connections,
                                 guint64        bytes_received,
                                 guint64        bytes_sent)
{
  g_return_if_fail (SP_IS_EXPECTATION (self));

  self->n_connections = MAX (self->n_connections, n_connections);
  self->bytes_received = MAX (self->bytes_received, bytes_received);
  self->bytes_sent = MAX (self->bytes_sent, bytes_sent);
  update_met_from_counts (self);
}

/**
 * sp_expectation_dup_sentence:
 *
 * What is expected, as a sentence: “Client 1 receives “Thank you for connecting””.
 *
 * Returns: (transfer full): the sentence
 */
char *
sp_expectation_dup_sentence (SpExpectation *self)
{
  g_return_val_if_fail (SP_IS_EXPECTATION (self), NULL);

  switch (self->kind)
    {
    case SP_EXPECTATION_RECEIVES:
      /* Translators: %s is a pane's name, then the text it should receive */
      return g_strdup_printf (_("%s receives “%s”"), self->pane_name, self->text);

    case SP_EXPECTATION_SENDS:
      /* Translators: %s is a pane's name, then the text it should send */
      return g_strdup_printf (_("%s sends “%s”"), self->pane_name, self->text);

    case SP_EXPECTATION_CONNECTIONS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is a pane's name, %llu a number of connections */
                                           "%s counts at least %llu connection",
                                           "%s counts at least %llu connections",
                                           self->count),
                              self->pane_name, (unsigned long long) self->count);

    case SP_EXPECTATION_BYTES_RECEIVED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is a pane's name, %llu a number of bytes */
                                           "%s receives at least %llu byte",
                                           "%s receives at least %llu bytes",
                                           self->count),
                              self->pane_name, (unsigned long long) self->count);

    case SP_EXPECTATION_BYTES_SENT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is a pane's name, %llu a number of bytes */
                                           "%s sends at least %llu byte",
                                           "%s sends at least %llu bytes",
                                           self->count),
                              self->pane_name, (unsigned long long) self->count);

    case SP_EXPECTATION_CLOSED:
    default:
      /* Translators: %s is a pane's name */
      return g_strdup_printf (_("A connection of %s closes"), self->pane_name);
    }
}

/**
 * sp_expectation_dup_outcome:
 *
 * What was seen, as a sentence that says why an expectation does not hold (or that it
 * does): “Client 1 received 24 bytes, starting “Go away””.
 *
 * Returns: (transfer full): the sentence
 */
char *
sp_expectation_dup_outcome (SpExpectation *self)
{
  g_autofree char *sample = NULL;

  g_return_val_if_fail (SP_IS_EXPECTATION (self), NULL);

  if (self->met)
    /* Translators: said of an expectation that holds */
    return g_strdup (_("It holds."));

  switch (self->kind)
    {
    case SP_EXPECTATION_RECEIVES:
    case SP_EXPECTATION_SENDS:
      if (self->seen_bytes == 0)
        return g_strdup_printf (self->kind == SP_EXPECTATION_RECEIVES
                                  /* Translators: %s is a pane's name */
                                  ? _("%s received nothing.")
                                  /* Translators: %s is a pane's name */
                                  : _("%s sent nothing."),
                                self->pane_name);

      sample = sp_payload_to_escaped (self->sample->data, self->sample->len);
      return g_strdup_printf (self->kind == SP_EXPECTATION_RECEIVES
                                ? g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: %s is a pane's name, %llu a number of bytes, the last %s%s the start of those bytes and “…” when there are more */
                                               "%s received %llu byte, and not that text: “%s%s”.",
                                               "%s received %llu bytes, and not that text; they start “%s%s”.",
                                               self->seen_bytes)
                                : g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: %s is a pane's name, %llu a number of bytes, the last %s%s the start of those bytes and “…” when there are more */
                                               "%s sent %llu byte, and not that text: “%s%s”.",
                                               "%s sent %llu bytes, and not that text; they start “%s%s”.",
                                               self->seen_bytes),
                              self->pane_name, (unsigned long long) self->seen_bytes, sample,
                              self->seen_bytes > self->sample->len ? "…" : "");

    case SP_EXPECTATION_CONNECTIONS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is a pane's name, %llu a number of connections */
                                           "%s counted %llu connection.",
                                           "%s counted %llu connections.",
                                           self->n_connections),
                              self->pane_name, (unsigned long long) self->n_connections);

    case SP_EXPECTATION_BYTES_RECEIVED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is a pane's name, %llu a number of bytes */
                                           "%s received %llu byte.",
                                           "%s received %llu bytes.",
                                           self->bytes_received),
                              self->pane_name, (unsigned long long) self->bytes_received);

    case SP_EXPECTATION_BYTES_SENT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is a pane's name, %llu a number of bytes */
                                           "%s sent %llu byte.",
                                           "%s sent %llu bytes.",
                                           self->bytes_sent),
                              self->pane_name, (unsigned long long) self->bytes_sent);

    case SP_EXPECTATION_CLOSED:
    default:
      /* Translators: %s is a pane's name */
      return g_strdup_printf (_("No connection of %s closed."), self->pane_name);
    }
}

/**
 * sp_expectation_dup_value_text:
 *
 * The value as a playground file writes it after the kind's key: the text with its
 * escapes, the count, or `true`.
 *
 * Returns: (transfer full): the value
 */
char *
sp_expectation_dup_value_text (SpExpectation *self)
{
  g_return_val_if_fail (SP_IS_EXPECTATION (self), NULL);

  if (sp_expectation_is_text_kind (self->kind))
    return g_strdup (self->text);

  if (self->kind == SP_EXPECTATION_CLOSED)
    return g_strdup ("true");

  return g_strdup_printf ("%" G_GUINT64_FORMAT, self->count);
}

gboolean
sp_expectation_is_text_kind (SpExpectationKind kind)
{
  return kind == SP_EXPECTATION_RECEIVES || kind == SP_EXPECTATION_SENDS;
}

/**
 * sp_expectation_kind_get_key:
 *
 * Returns: the key that names @kind in a playground file, such as `Receives`
 */
const char *
sp_expectation_kind_get_key (SpExpectationKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_keys), NULL);

  return kind_keys[kind];
}

/**
 * sp_expectation_kind_from_key:
 * @key: a key of an `[Expect …]` group, such as `Receives`
 * @kind: (out): the kind it names
 *
 * Returns: whether @key names a kind of expectation
 */
gboolean
sp_expectation_kind_from_key (const char        *key,
                              SpExpectationKind *kind)
{
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kind_keys); i++)
    {
      if (g_str_equal (key, kind_keys[i]))
        {
          if (kind != NULL)
            *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}
