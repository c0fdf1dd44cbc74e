/* event-log.c — appending a million events to an SpEventLog, within its memory budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Events carry payloads of 0, 16, 1,024 and 65,536 bytes in a fixed, seeded mix (what a
 * session of short exchanges and a few bulk transfers produces), each payload freshly
 * allocated as a recv() would. An items-changed handler stands in for the view. Each
 * budget runs in its own child process, so that its peak resident memory is its own.
 *
 * Printed per budget: total and per-event time (median, 99th percentile, slowest append),
 * the log's own count of its memory (sp_event_log_get_memory_size) at its highest, and
 * the process's peak resident memory over what it held before the first append.
 */

#define _GNU_SOURCE

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-util.h"
#include "sp-event-log.h"

#define DEFAULT_EVENTS 1000000
#define DEFAULT_SMALL_BUDGET (1024 * 1024)
#define DEFAULT_MAX_SECONDS 300
#define SEED 20240611

/* What the engine asks g_input_stream_read_bytes_async() for. */
#define READ_BUFFER_SIZE 65536

/* The mix, in percent of events. */
typedef struct
{
  gsize size;
  guint percent;
} PayloadShare;

static const PayloadShare mix[] = {
  { 0,     30 },   /* accept, close, shutdown, end of stream, info */
  { 16,    45 },   /* a short line: a command, a greeting */
  { 1024,  20 },   /* a page of text */
  { 65536,  5 },   /* one full read of a bulk transfer */
};

typedef struct
{
  guint64 items_changed;
  guint64 rows_removed;
} ViewCounter;

static void
items_changed_cb (GListModel  *model,
                  guint        position,
                  guint        removed,
                  guint        added,
                  ViewCounter *view)
{
  view->items_changed++;
  view->rows_removed += removed;
}

static gsize
pick_size (GRand *rand)
{
  guint roll = (guint) g_rand_int_range (rand, 0, 100);

  for (guint i = 0; i < G_N_ELEMENTS (mix); i++)
    {
      if (roll < mix[i].percent)
        return mix[i].size;
      roll -= mix[i].percent;
    }

  return 0;
}

/* Runs in a child process: prints its results and exits.
 *
 * With @read_buffers, each payload sits at the start of a 64 KiB buffer, as
 * g_input_stream_read_bytes_async() hands it over (it never shrinks its buffer), while
 * the log counts only the payload's size. */
static int
run_budget (const char *label,
            gsize       budget,
            gboolean    read_buffers,
            guint       n_events,
            double      max_seconds)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autofree guint8 *source = g_malloc (65536);
  g_autofree float *append_us = g_new (float, n_events);
  ViewCounter view = { 0 };
  gsize max_memory = 0;
  guint over_budget = 0;
  guint64 payload_bytes = 0;
  gint64 rss_before, rss_peak, rss_end;
  double start, total;
  guint done;

  for (guint i = 0; i < 65536; i++)
    source[i] = (guint8) (i * 31 + 7);
  /* Touched now, so that the timings array is not counted as the log's growth. */
  memset (append_us, 0, sizeof (float) * n_events);

  if (budget > 0)
    sp_event_log_set_budget (log, budget);
  budget = sp_event_log_get_budget (log);
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &view);

  rss_before = bench_proc_status_kib (0, "VmRSS");
  start = bench_now ();

  for (done = 0; done < n_events; done++)
    {
      gsize size = pick_size (rand);
      g_autoptr(GBytes) payload = NULL;
      gboolean outgoing = (done & 1) != 0;
      double t0 = bench_now ();
      gsize memory;

      if (size > 0 && read_buffers)
        {
          guint8 *buffer = g_malloc (READ_BUFFER_SIZE);

          memcpy (buffer, source, size);
          payload = g_bytes_new_take (buffer, size);
        }
      else if (size > 0)
        payload = g_bytes_new (source, size);

      sp_event_log_add (log,
                        size == 0 ? SP_EVENT_KIND_INFO : outgoing ? SP_EVENT_KIND_SEND : SP_EVENT_KIND_RECV,
                        size == 0 ? SP_DIRECTION_NONE : outgoing ? SP_DIRECTION_OUT : SP_DIRECTION_IN,
                        1 + done % 16, payload,
                        size == 0 ? NULL : outgoing ? "send(…) → …" : "recv(65536) → …",
                        size == 0 ? "Something happened on the connection." : "Moved some bytes.");
      append_us[done] = (float) ((bench_now () - t0) * 1e6);
      payload_bytes += size;

      memory = sp_event_log_get_memory_size (log);
      max_memory = MAX (max_memory, memory);
      if (memory > budget)
        over_budget++;

      /* Bounded in time as well as in count. */
      if ((done & 1023) == 0 && bench_now () - start > max_seconds)
        {
          done++;
          break;
        }
    }

  total = bench_now () - start;
  rss_peak = bench_proc_status_kib (0, "VmHWM");
  rss_end = bench_proc_status_kib (0, "VmRSS");

  {
    g_autofree float *sorted = g_memdup2 (append_us, sizeof (float) * done);
    g_autofree double *as_double = g_new (double, done);
    double median, p99, slowest;
    double peak_growth = (rss_peak - rss_before) * 1024.0;

    for (guint i = 0; i < done; i++)
      as_double[i] = sorted[i];
    median = bench_median (as_double, done);
    p99 = as_double[MIN (done - 1, (guint) (done * 0.99))];
    slowest = as_double[done - 1];

    g_print ("== %s: %.2f MiB (%" G_GSIZE_FORMAT " bytes)\n", label, budget / BENCH_MIB, budget);
    if (done < n_events)
      g_print ("   STOPPED at the time limit (%.0f s) after %u of %u events\n", max_seconds, done, n_events);
    g_print ("   %u events, %.1f MiB of payloads, in %.2f s: %.2f us per event on average\n",
             done, payload_bytes / BENCH_MIB, total, total * 1e6 / done);
    g_print ("   one append: median %.2f us, p99 %.2f us, slowest %.1f us\n", median, p99, slowest);
    g_print ("   log kept %u events (+ marker), dropped %" G_GUINT64_FORMAT " events and %.1f MiB of payloads; "
             "%" G_GUINT64_FORMAT " items-changed, %" G_GUINT64_FORMAT " rows removed\n",
             sp_event_log_get_n_events (log), sp_event_log_get_n_dropped (log),
             sp_event_log_get_dropped_payload_bytes (log) / BENCH_MIB,
             view.items_changed, view.rows_removed);
    g_print ("   sp_event_log_get_memory_size: %.2f MiB at the end, %.2f MiB at most: %s",
             sp_event_log_get_memory_size (log) / BENCH_MIB, max_memory / BENCH_MIB,
             over_budget == 0 ? "OK (within budget)\n" : "OVER");
    if (over_budget > 0)
      g_print (" (%u appends left it above the budget)\n", over_budget);
    g_print ("   resident: %.1f MiB before, peak %.1f MiB (+%.1f MiB = %.2fx the budget), %.1f MiB at the end: %s\n",
             rss_before / 1024.0, rss_peak / 1024.0, peak_growth / BENCH_MIB, peak_growth / budget,
             rss_end / 1024.0,
             peak_growth <= budget ? "OK (within budget)" : "OVER (the process holds more than the log counts)");
  }

  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *small_text = NULL;
  int n_events = DEFAULT_EVENTS;
  double max_seconds = DEFAULT_MAX_SECONDS;
  gsize small_budget = DEFAULT_SMALL_BUDGET;
  int status = 0;
  GOptionEntry entries[] = {
    { "events", 'n', 0, G_OPTION_ARG_INT, &n_events, "Events to append (default 1000000)", "N" },
    { "small-budget", 0, 0, G_OPTION_ARG_STRING, &small_text, "The small budget (default 1M)", "SIZE" },
    { "max-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &max_seconds, "Stop a budget's run after this long (default 300)", "S" },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new ("— SpEventLog: a million appends within a memory budget");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("event-log: %s\n", error->message);
      return 2;
    }
  if (n_events < 1)
    {
      g_printerr ("event-log: --events must be at least 1\n");
      return 2;
    }
  if (small_text != NULL && (small_budget = bench_parse_size (small_text, &error)) == 0)
    {
      g_printerr ("event-log: %s\n", error->message);
      return 2;
    }

  bench_print_machine ();
  g_print ("# %d events; payload mix:", n_events);
  for (guint i = 0; i < G_N_ELEMENTS (mix); i++)
    g_print (" %u%% x %" G_GSIZE_FORMAT " B", mix[i].percent, mix[i].size);
  g_print ("; one items-changed handler connected\n\n");

  {
    struct { const char *label; gsize budget; gboolean read_buffers; } runs[] = {
      { "default budget", 0, FALSE },
      { "small budget", small_budget, FALSE },
      { "default budget, payloads in 64 KiB read buffers", 0, TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
      {
        pid_t child;
        int child_status;

        fflush (stdout);
        child = fork ();
        if (child == 0)
          _exit (run_budget (runs[i].label, runs[i].budget, runs[i].read_buffers,
                             (guint) n_events, max_seconds));
        if (child < 0 || waitpid (child, &child_status, 0) != child ||
            !WIFEXITED (child_status) || WEXITSTATUS (child_status) != 0)
          {
            g_printerr ("event-log: the %s run failed\n", runs[i].label);
            status = 1;
          }
        g_print ("\n");
      }
  }

  return status;
}
