/* test-event-log.c — events, their previews, and the log's memory budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sp-core.h"

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_items_at_emission;
  guint count;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *last)
{
  last->position = position;
  last->removed = removed;
  last->added = added;
  last->n_items_at_emission = g_list_model_get_n_items (model);
  last->count++;
}

static void
test_event_properties (void)
{
  g_autoptr(GBytes) payload = g_bytes_new_static ("Thank you for connecting", 24);
  g_autoptr(SpEvent) event = sp_event_new (SP_EVENT_KIND_RECV, SP_DIRECTION_IN, 3,
                                           "recv(65536) → 24", "Received 24 bytes", payload);
  g_autofree char *preview = NULL;
  g_autofree char *time_text = NULL;
  guint64 byte_count = 0;
  SpEventKind kind = 0;

  g_object_get (event, "preview", &preview, "byte-count", &byte_count, "kind", &kind,
                "time-text", &time_text, NULL);
  g_assert_cmpstr (preview, ==, "Thank you for connecting");
  g_assert_cmpuint (byte_count, ==, 24);
  g_assert_cmpint (kind, ==, SP_EVENT_KIND_RECV);
  g_assert_cmpuint (sp_event_get_connection_id (event), ==, 3);
  g_assert_cmpstr (sp_event_kind_get_name (kind), ==, "recv");
  /* HH:MM:SS.mmm */
  g_assert_cmpuint (strlen (time_text), ==, 12);
  g_assert_cmpint (time_text[2], ==, ':');
  g_assert_cmpint (time_text[8], ==, '.');

  g_assert_finalize_object (g_steal_pointer (&event));
}

static void
test_event_preview_escapes (void)
{
  static const guint8 raw[] = { 'G', 'E', 'T', '\r', '\n', '\t', '\\', 0x00, 0xff, 0xc3, 0xa9, 0x1b };
  g_autoptr(GBytes) payload = g_bytes_new_static (raw, sizeof raw);
  g_autoptr(SpEvent) event = sp_event_new (SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, NULL, "x", payload);
  g_autofree char *preview = sp_event_dup_preview (event);
  g_autoptr(GBytes) big_payload = NULL;
  g_autoptr(SpEvent) big = NULL;
  g_autofree char *big_preview = NULL;
  g_autofree char *filler = g_strnfill (1000, 'z');

  /* Control bytes and invalid UTF-8 become escapes; a valid "é" stays readable. */
  g_assert_cmpstr (preview, ==, "GET\\r\\n\\t\\\\\\x00\\xffé\\x1b");
  g_assert_true (g_utf8_validate (preview, -1, NULL));

  big_payload = g_bytes_new (filler, 1000);
  big = sp_event_new (SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, 1, NULL, "x", big_payload);
  big_preview = sp_event_dup_preview (big);
  g_assert_true (g_str_has_suffix (big_preview, "…"));
  g_assert_cmpuint (strlen (big_preview), <, 200);
  g_assert_cmpuint (sp_event_get_byte_count (big), ==, 1000);
}

static void
test_log_model (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(SpEvent) first = NULL;
  ItemsChanged last = { 0 };

  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &last);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == SP_TYPE_EVENT);
  g_assert_null (sp_event_log_get_last (log));

  sp_event_log_add (log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, 0, NULL, "socket()", "one");
  g_assert_cmpuint (last.count, ==, 1);
  g_assert_cmpuint (last.position, ==, 0);
  g_assert_cmpuint (last.added, ==, 1);

  sp_event_log_add (log, SP_EVENT_KIND_BIND, SP_DIRECTION_NONE, 0, NULL, "bind()", "two");
  g_assert_cmpuint (last.count, ==, 2);
  g_assert_cmpuint (last.position, ==, 1);
  g_assert_cmpuint (last.n_items_at_emission, ==, 2);

  first = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_assert_cmpstr (sp_event_get_message (first), ==, "one");
  g_assert_cmpstr (sp_event_get_message (sp_event_log_get_last (log)), ==, "two");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 2));

  sp_event_log_clear (log);
  g_assert_cmpuint (last.count, ==, 3);
  g_assert_cmpuint (last.removed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (sp_event_log_get_memory_size (log), ==, 0);
}

static void
test_log_budget (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autofree char *chunk = g_strnfill (4096, 'x');
  ItemsChanged last = { 0 };
  guint64 total_bytes = 0;
  guint n;

  sp_event_log_set_budget (log, 64 * 1024);
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &last);

  /* 1 MiB of payloads through a 64 KiB budget. */
  for (guint i = 0; i < 256; i++)
    {
      g_autoptr(GBytes) payload = g_bytes_new (chunk, 4096);

      sp_event_log_add (log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, 1, payload, "recv()", "Received");
      total_bytes += 4096;
      g_assert_cmpuint (sp_event_log_get_memory_size (log), <=, 64 * 1024);
      g_assert_cmpuint (last.n_items_at_emission, ==, g_list_model_get_n_items (G_LIST_MODEL (log)));
    }

  /* Old payloads went first: every event is still there, with its byte count. */
  n = sp_event_log_get_n_events (log);
  g_assert_cmpuint (n, ==, 256);
  g_assert_cmpuint (sp_event_log_get_n_dropped (log), ==, 0);
  g_assert_cmpuint (sp_event_log_get_dropped_payload_bytes (log), >, 0);
  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      g_assert_cmpuint (sp_event_get_byte_count (event), ==, 4096);
      total_bytes -= sp_event_get_byte_count (event);
    }
  g_assert_cmpuint (total_bytes, ==, 0);
  g_assert_nonnull (sp_event_get_payload (sp_event_log_get_last (log)));
  {
    g_autoptr(SpEvent) oldest = g_list_model_get_item (G_LIST_MODEL (log), 1);
    g_autoptr(SpEvent) marker = g_list_model_get_item (G_LIST_MODEL (log), 0);
    g_autofree char *dropped = g_format_size (sp_event_log_get_dropped_payload_bytes (log));

    g_assert_null (sp_event_get_payload (oldest));

    /* The marker row says how much went, in the units a person reads. */
    g_assert_cmpint (sp_event_get_kind (marker), ==, SP_EVENT_KIND_INFO);
    g_assert_nonnull (strstr (sp_event_get_message (marker), dropped));
    g_autofree char *budget = g_format_size (64 * 1024);

    g_assert_nonnull (strstr (sp_event_get_message (marker), budget));
  }

  /* With a budget smaller than the events themselves, the oldest events go. */
  sp_event_log_set_budget (log, 4 * 1024);
  g_assert_cmpuint (sp_event_log_get_memory_size (log), <=, 4 * 1024);
  g_assert_cmpuint (sp_event_log_get_n_dropped (log), >, 0);
  g_assert_cmpuint (sp_event_log_get_n_events (log) + sp_event_log_get_n_dropped (log), ==, 256);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, sp_event_log_get_n_events (log) + 1);
  {
    g_autoptr(SpEvent) marker = g_list_model_get_item (G_LIST_MODEL (log), 0);
    g_autofree char *count = g_strdup_printf (" %" G_GUINT64_FORMAT " oldest events", sp_event_log_get_n_dropped (log));

    g_assert_nonnull (strstr (sp_event_get_message (marker), count));
  }

  /* Clearing removes the marker too. */
  sp_event_log_clear (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (sp_event_log_get_n_dropped (log), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event/properties", test_event_properties);
  g_test_add_func ("/event/preview-escapes", test_event_preview_escapes);
  g_test_add_func ("/event-log/model", test_log_model);
  g_test_add_func ("/event-log/budget", test_log_budget);

  return g_test_run ();
}
