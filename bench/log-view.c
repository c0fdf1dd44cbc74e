/* log-view.c — the log view in a real window: a million events, scrolling, a UDP flood
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under a display, e.g.
 *   xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- build/bench/log-view
 *
 * (a) A 1200×800 window holds an SpLogView on an SpEventLog with its default budget.
 *     A million events of mixed kinds and sizes (payloads of 0 to 1,024 bytes, one in a
 *     hundred of 64 KiB) are appended in batches, one batch per frame, each batch
 *     stopping after FILL_SLICE_MS so the window keeps drawing: the time to fill, the
 *     frames drawn meanwhile, VmRSS before and after, the log's memory against its budget.
 * (b) The list is scrolled from top to bottom in SCROLL_FRAMES steps, one per frame.
 * (c) An SpServer discarding on udp://127.0.0.1:0 is shown in the view; a sender thread
 *     sends RATE datagrams per second for --seconds (default 30) while the window
 *     follows the end of the log.
 *
 * For (b) and (c): frame intervals from the frame clock (gdk_frame_clock_get_frame_time
 * deltas) and the main thread's busy time per frame (from the clock's "update" to its
 * "after-paint"), median, 95th percentile and slowest, in milliseconds. Under Xvfb the
 * clock paces frames at about 60 per second, so an interval near 16.7 ms is the ideal.
 */

#define _GNU_SOURCE

#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <adwaita.h>

#include "bench-frames.h"
#include "bench-util.h"
#include "sp-core.h"
#include "sp-log-view.h"

#define DEFAULT_EVENTS 1000000
#define DEFAULT_SECONDS 30
#define DEFAULT_RATE 10000
#define SCROLL_FRAMES 300
#define FILL_SLICE_MS 12
#define DATAGRAM_BYTES 32
#define SEED 20240611
#define WAIT_SECONDS 60

typedef struct
{
  GtkWidget     *window;
  SpLogView     *view;
  SpEventLog    *log;
  GtkAdjustment *vadjustment;
  BenchFrames    stats;
  GRand         *rand;
  GBytes        *big;          /* 64 KiB of data, sliced for payloads */

  guint          n_events;
  guint          appended;
  guint          frames;
  gboolean       done;

  guint          scroll_frame;
} Bench;

typedef struct
{
  guint16        port;
  guint          rate;
  double         seconds;
  guint64        sent;
  guint64        failed;
  gint           stop;
} Sender;

static int opt_events = DEFAULT_EVENTS;
static double opt_seconds = DEFAULT_SECONDS;
static int opt_rate = DEFAULT_RATE;
static int opt_scroll_frames = SCROLL_FRAMES;

static GOptionEntry entries[] = {
  { "events", 'n', 0, G_OPTION_ARG_INT, &opt_events, "Events to append in (a) (default 1000000)", "N" },
  { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &opt_seconds, "How long the UDP flood of (c) lasts (default 30)", "S" },
  { "rate", 'r', 0, G_OPTION_ARG_INT, &opt_rate, "Datagrams per second in (c) (default 10000)", "R" },
  { "scroll-frames", 0, 0, G_OPTION_ARG_INT, &opt_scroll_frames, "Frames to scroll end to end in (b) (default 300)", "F" },
  { NULL }
};

static void
stats_print (BenchFrames *stats,
             const char  *what)
{
  guint over_50 = 0;

  bench_frames_stop (stats);

  for (guint i = 0; i < stats->intervals->len; i++)
    if (g_array_index (stats->intervals, double, i) > 50.0)
      over_50++;

  printf ("  %s: %u frames\n", what, stats->intervals->len + 1);
  printf ("    frame interval  median %6.1f ms   p95 %6.1f ms   max %7.1f ms   (%u over 50 ms)\n",
          bench_percentile (stats->intervals, 0.5), bench_percentile (stats->intervals, 0.95),
          bench_percentile (stats->intervals, 1.0), over_50);
  printf ("    main-thread work per frame  median %6.1f ms   p95 %6.1f ms   max %7.1f ms\n",
          bench_percentile (stats->busy, 0.5), bench_percentile (stats->busy, 0.95),
          bench_percentile (stats->busy, 1.0));
  printf ("    of which not appending events  median %6.1f ms   p95 %6.1f ms   max %7.1f ms\n",
          bench_percentile (stats->own_busy, 0.5), bench_percentile (stats->own_busy, 0.95),
          bench_percentile (stats->own_busy, 1.0));
}

/* (a) Filling ---------------------------------------------------------------------- */

static void
append_one (Bench *bench)
{
  guint i = bench->appended++;
  guint connection = 1 + g_rand_int_range (bench->rand, 0, 50);
  guint roll = g_rand_int_range (bench->rand, 0, 100);
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *call = NULL;
  g_autofree char *message = NULL;
  gsize size;

  if (roll < 80)
    {
      gboolean in = (i & 1) != 0;

      size = g_rand_int_range (bench->rand, 0, 100) == 0 ? 65536 : g_rand_int_range (bench->rand, 0, 1025);
      /* A copy, as a recv() makes. */
      payload = g_bytes_new (g_bytes_get_data (bench->big, NULL), size);
      call = g_strdup_printf (in ? "recv(65536) → %zu" : "send(%zu) → %zu", size, size);
      message = g_strdup_printf (in ? "Received %zu bytes." : "Sent %zu bytes.", size);
      sp_event_log_add (bench->log, in ? SP_EVENT_KIND_RECV : SP_EVENT_KIND_SEND,
                        in ? SP_DIRECTION_IN : SP_DIRECTION_OUT, connection, payload, call, message);
    }
  else if (roll < 88)
    sp_event_log_add (bench->log, SP_EVENT_KIND_ACCEPT, SP_DIRECTION_NONE, connection, NULL,
                      "accept() → ('127.0.0.1', 50000)", "A client connected.");
  else if (roll < 96)
    sp_event_log_add (bench->log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, connection, NULL,
                      "close()", "The connection is closed.");
  else if (roll < 99)
    sp_event_log_add (bench->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, connection, NULL,
                      NULL, "The rule “fallback” answered.");
  else
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                                     "The peer reset the connection.");

      sp_event_log_add_error (bench->log, connection, "recv(65536)", NULL, error);
    }
}

static gboolean
fill_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  Bench *bench = user_data;
  double slice_start = bench_now ();
  double slice_end = slice_start + FILL_SLICE_MS / 1000.0;

  bench->frames++;

  while (bench->appended < bench->n_events)
    {
      /* Look at the clock every 64 events only. */
      for (guint i = 0; i < 64 && bench->appended < bench->n_events; i++)
        append_one (bench);
      if (bench_now () >= slice_end)
        break;
    }

  /* The appends (and the engine's trims they cause) are the bench's load, not the view's. */
  bench->stats.bench_ms += (bench_now () - slice_start) * 1000.0;

  if (bench->appended < bench->n_events)
    return G_SOURCE_CONTINUE;

  bench->done = TRUE;
  return G_SOURCE_REMOVE;
}

/* (b) Scrolling -------------------------------------------------------------------- */

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Bench *bench = user_data;
  double upper = gtk_adjustment_get_upper (bench->vadjustment);
  double page = gtk_adjustment_get_page_size (bench->vadjustment);
  double target;

  bench->scroll_frame++;
  /* The upper bound is an estimate that changes as rows are measured: aim at a
   * fraction of whatever it is now. */
  target = (upper - page) * bench->scroll_frame / opt_scroll_frames;
  gtk_adjustment_set_value (bench->vadjustment, target);

  if (bench->scroll_frame < (guint) opt_scroll_frames)
    return G_SOURCE_CONTINUE;

  bench->done = TRUE;
  return G_SOURCE_REMOVE;
}

/* Keeps frames coming while nothing else asks for one, so each frame is counted. */
static gboolean
keep_ticking_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

/* (c) The UDP sender --------------------------------------------------------------- */

static gpointer
sender_thread (gpointer data)
{
  Sender *sender = data;
  struct sockaddr_in to = { 0 };
  char datagram[DATAGRAM_BYTES];
  guint64 total = (guint64) (sender->rate * sender->seconds);
  double start;
  int fd;

  fd = socket (AF_INET, SOCK_DGRAM, 0);
  if (fd < 0)
    return NULL;

  to.sin_family = AF_INET;
  to.sin_port = htons (sender->port);
  to.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  memset (datagram, 'x', sizeof datagram);

  start = bench_now ();
  while (sender->sent + sender->failed < total && !g_atomic_int_get (&sender->stop))
    {
      double now = bench_now () - start;
      guint64 due = MIN (total, (guint64) (now * sender->rate));

      /* Send what is due, then nap a millisecond: 10 datagrams per nap at 10,000/s. */
      while (sender->sent + sender->failed < due)
        {
          int n = snprintf (datagram, sizeof datagram, "datagram %llu",
                            (unsigned long long) (sender->sent + sender->failed));

          memset (datagram + n, '.', sizeof datagram - n);
          if (sendto (fd, datagram, sizeof datagram, 0, (struct sockaddr *) &to, sizeof to) < 0)
            sender->failed++;
          else
            sender->sent++;
        }

      {
        struct timespec nap = { 0, 1000000 };
        nanosleep (&nap, NULL);
      }

      /* A bound in time as well as in count. */
      if (now > sender->seconds + 5)
        break;
    }

  close (fd);
  return NULL;
}

static void
server_started_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *started = user_data;
  g_autoptr(GError) error = NULL;

  if (!sp_server_start_finish (SP_SERVER (object), result, &error))
    g_printerr ("The server did not start: %s\n", error->message);
  *started = TRUE;
}

static void
print_memory (Bench      *bench,
              const char *when)
{
  g_autofree char *memory = g_format_size (sp_event_log_get_memory_size (bench->log));
  g_autofree char *budget = g_format_size (sp_event_log_get_budget (bench->log));

  printf ("  %s: VmRSS %.1f MiB; log holds %u events (%llu dropped), %s of %s budget\n",
          when, bench_proc_status_kib (getpid (), "VmRSS") / 1024.0,
          sp_event_log_get_n_events (bench->log),
          (unsigned long long) sp_event_log_get_n_dropped (bench->log),
          memory, budget);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— the log view under load");
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEventLog) log = NULL;
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  Bench bench = { 0 };
  Sender sender = { 0 };
  GThread *thread;
  gboolean started = FALSE;
  double start;
  double fill_seconds;
  gint64 rss_before;
  guint tick_id;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  gtk_init ();
  adw_init ();

  bench_print_machine ();

  bench.rand = g_rand_new_with_seed (SEED);
  bench.n_events = opt_events;
  bench_frames_init (&bench.stats);
  {
    guint8 *data = g_malloc (65536);

    for (guint i = 0; i < 65536; i++)
      data[i] = 0x20 + i % 95;
    bench.big = g_bytes_new_take (data, 65536);
  }

  log = sp_event_log_new ();
  bench.log = log;

  bench.window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (bench.window), "log-view bench");
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1200, 800);
  bench.view = SP_LOG_VIEW (sp_log_view_new (G_LIST_MODEL (log)));
  gtk_window_set_child (GTK_WINDOW (bench.window), GTK_WIDGET (bench.view));
  gtk_window_present (GTK_WINDOW (bench.window));

  {
    gboolean mapped = FALSE;
    double deadline = bench_now () + WAIT_SECONDS;

    while (!(mapped = gtk_widget_get_mapped (GTK_WIDGET (bench.view))) && bench_now () < deadline)
      g_main_context_iteration (NULL, TRUE);
    if (!mapped)
      {
        g_printerr ("The window was never shown: is there a display?\n");
        return 1;
      }
  }
  bench_iterate_for (0.5);

  bench_frames_attach (&bench.stats, bench.window);
  tick_id = gtk_widget_add_tick_callback (bench.window, keep_ticking_cb, NULL, NULL);

  /* (a) */
  printf ("\n(a) %u events into a 1200×800 window, one batch of up to %d ms per frame\n",
          bench.n_events, FILL_SLICE_MS);
  rss_before = bench_proc_status_kib (getpid (), "VmRSS");
  print_memory (&bench, "before");
  bench_frames_start (&bench.stats);
  start = bench_now ();
  bench.done = FALSE;
  gtk_widget_add_tick_callback (GTK_WIDGET (bench.view), fill_tick_cb, &bench, NULL);
  bench_wait_for (&bench.done, 3600);
  fill_seconds = bench_now () - start;
  /* Let the view settle on the end. */
  bench_iterate_for (0.5);
  printf ("  filled in %.2f s (%.0f events/s), %u frames drawn meanwhile\n",
          fill_seconds, bench.n_events / fill_seconds, bench.frames);
  stats_print (&bench.stats, "while filling");
  print_memory (&bench, "after");
  printf ("  VmRSS grew by %.1f MiB\n",
          (bench_proc_status_kib (getpid (), "VmRSS") - rss_before) / 1024.0);

  /* (b) */
  {
    /* The list view inside the view's scrolled window. */
    GtkWidget *w = GTK_WIDGET (bench.view);
    GtkWidget *list = NULL;
    GPtrArray *stack = g_ptr_array_new ();

    g_ptr_array_add (stack, w);
    while (stack->len > 0 && list == NULL)
      {
        GtkWidget *next = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_LIST_VIEW (next))
          list = next;
        /* Not into popovers: the payload drop-down has a list view of its own. */
        for (GtkWidget *child = gtk_widget_get_first_child (next); child != NULL;
             child = gtk_widget_get_next_sibling (child))
          if (!GTK_IS_NATIVE (child))
            g_ptr_array_add (stack, child);
      }
    g_ptr_array_unref (stack);
    bench.vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  }
  printf ("\n(b) scrolling from the first row to the last in %d frames (%u rows)\n",
          opt_scroll_frames, g_list_model_get_n_items (G_LIST_MODEL (log)));
  gtk_adjustment_set_value (bench.vadjustment, 0);
  bench_iterate_for (0.5);
  bench_frames_start (&bench.stats);
  bench.done = FALSE;
  bench.scroll_frame = 0;
  start = bench_now ();
  gtk_widget_add_tick_callback (GTK_WIDGET (bench.view), scroll_tick_cb, &bench, NULL);
  bench_wait_for (&bench.done, 600);
  printf ("  scrolled in %.2f s; at the end: %s\n", bench_now () - start,
          gtk_adjustment_get_value (bench.vadjustment) + gtk_adjustment_get_page_size (bench.vadjustment) >=
          gtk_adjustment_get_upper (bench.vadjustment) - 8 ? "yes" : "no");
  stats_print (&bench.stats, "while scrolling");

  /* (c) */
  sp_log_view_set_model (bench.view, NULL);
  g_clear_object (&log);
  bench.log = NULL;
  bench_iterate_for (0.5);

  endpoint = sp_endpoint_parse ("udp://127.0.0.1:0", SP_ENDPOINT_ROLE_SERVER, &error);
  g_assert_no_error (error);
  server = sp_server_new (endpoint);
  sp_server_set_behaviour (server, SP_BEHAVIOUR_DISCARD);
  sp_log_view_set_model (bench.view, G_LIST_MODEL (sp_server_get_log (server)));
  sp_server_start_async (server, NULL, server_started_cb, &started);
  bench_wait_for (&started, WAIT_SECONDS);
  if (sp_server_get_state (server) != SP_SERVER_STATE_LISTENING)
    return 1;

  sender.port = sp_endpoint_get_port (sp_server_get_bound_endpoint (server));
  sender.rate = opt_rate;
  sender.seconds = opt_seconds;
  bench.log = sp_server_get_log (server);

  printf ("\n(c) %u datagrams of %d bytes per second for %.0f s into a server pane's log (udp://127.0.0.1:%u, discard)\n",
          sender.rate, DATAGRAM_BYTES, sender.seconds, sender.port);
  rss_before = bench_proc_status_kib (getpid (), "VmRSS");
  bench_frames_start (&bench.stats);
  start = bench_now ();
  thread = g_thread_new ("udp-sender", sender_thread, &sender);
  bench_iterate_for (opt_seconds);
  /* What is still queued in the socket. */
  bench_iterate_for (1.0);
  g_atomic_int_set (&sender.stop, 1);
  g_thread_join (thread);
  stats_print (&bench.stats, "during the flood");
  printf ("  sent %llu datagrams (%llu sendto failures) in %.1f s; the server received %llu (%.1f %%), %llu bytes\n",
          (unsigned long long) sender.sent, (unsigned long long) sender.failed, bench_now () - start,
          (unsigned long long) (sp_server_get_bytes_received (server) / DATAGRAM_BYTES),
          sender.sent > 0 ? 100.0 * (sp_server_get_bytes_received (server) / DATAGRAM_BYTES) / sender.sent : 0.0,
          (unsigned long long) sp_server_get_bytes_received (server));
  printf ("  view following the end: %s\n", sp_log_view_get_following (bench.view) ? "yes" : "no");
  print_memory (&bench, "after");

  gtk_widget_remove_tick_callback (bench.window, tick_id);
  sp_server_stop (server);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  bench_frames_clear (&bench.stats);
  g_bytes_unref (bench.big);
  g_rand_free (bench.rand);

  return 0;
}
