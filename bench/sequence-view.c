/* sequence-view.c — the sequence diagram in a real window: 50,000 arrows, scrolling, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under a display, e.g.
 *   xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- build/bench/sequence-view
 *
 * A 1200×800 window holds an SpSequenceView in a GtkScrolledWindow, following two logs, a
 * server's and a client's, that a bench-made exchange fills: connections one after the
 * other, each a connect, an accept, requests and replies of 0 to 1,024 bytes, now and then
 * a half-close or a reset, and the closes (seeded, so every run draws the same diagram).
 *
 * (a) 500 arrows, then scrolled from top to bottom in --scroll-frames steps, one per frame.
 * (b) Filled up to --arrows arrows (50,000 by default) in one go: the time per event and
 *     VmRSS growth; then scrolled the same way.
 * (c) Live: --rate events per second appended for --seconds while the view follows.
 *
 * (0), first, draws the empty view again in each frame: what a frame costs without the
 * diagram, mostly GTK's own drawing of the window and its way to the display.
 *
 * For each frame of (0)–(c): the view's snapshot (its GtkWidgetClass.snapshot, called on a
 * GtkSnapshot of its own, as GTK calls it) and the rendering of that snapshot with cairo
 * into a 1200×800 image, in milliseconds; and, from the frame clock, frame intervals and
 * the main thread's busy time per frame (from "update" to "after-paint"). Median, 95th
 * percentile and slowest. A view that draws only what is in view takes as long for (b)
 * as for (a).
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "bench-frames.h"
#include "bench-util.h"
#include "sp-core.h"
#include "sp-sequence-view-private.h"

#define DEFAULT_ARROWS 50000
#define SMALL_ARROWS 500
#define DEFAULT_SECONDS 5
#define DEFAULT_RATE 2000
#define DEFAULT_SCROLL_FRAMES 300
#define SEED 20241125
#define WAIT_SECONDS 60
#define WIDTH 1200
#define HEIGHT 800

static int opt_arrows = DEFAULT_ARROWS;
static int opt_scroll_frames = DEFAULT_SCROLL_FRAMES;
static double opt_seconds = DEFAULT_SECONDS;
static int opt_rate = DEFAULT_RATE;

static GOptionEntry entries[] = {
  { "arrows", 'n', 0, G_OPTION_ARG_INT, &opt_arrows, "Arrows to draw in (b) (default 50000)", "N" },
  { "scroll-frames", 'f', 0, G_OPTION_ARG_INT, &opt_scroll_frames, "Frames to scroll top to bottom (default 300)", "N" },
  { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &opt_seconds, "Seconds of live traffic in (c) (default 5)", "S" },
  { "rate", 'r', 0, G_OPTION_ARG_INT, &opt_rate, "Events per second in (c) (default 2000)", "N" },
  { NULL }
};

typedef struct
{
  BenchFrames frames;   /* own_busy: less the bench's own measuring and appending */
  GArray  *snapshot;    /* double, ms in the view's snapshot */
  GArray  *render;      /* double, ms rendering that snapshot with cairo */
} Stats;

typedef struct
{
  GtkWidget      *window;
  SpSequenceView *view;
  GtkAdjustment  *vadjustment;
  SpEventLog     *server_log;
  SpEventLog     *client_log;
  GRand          *rand;
  GBytes         *text;        /* printable bytes, sliced for payloads */
  cairo_surface_t *surface;    /* where snapshots are rendered, reused */
  Stats           stats;

  /* The exchange being made up. */
  guint           connection;  /* the open one, 0 if none */
  guint           n_connections;
  guint           step;
  guint           steps;       /* requests and replies left on this connection */

  guint           frame;
  double          live_start;
  guint64         live_appended;
  gboolean        done;
} Bench;

static void
stats_start (Stats *stats)
{
  g_array_set_size (stats->snapshot, 0);
  g_array_set_size (stats->render, 0);
  bench_frames_start (&stats->frames);
}

static void
print_line (const char *what,
            GArray     *values)
{
  printf ("    %-32s median %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", what,
          bench_percentile (values, 0.5), bench_percentile (values, 0.95), bench_percentile (values, 1.0));
}

static void
stats_print (Stats      *stats,
             const char *what)
{
  bench_frames_stop (&stats->frames);
  printf ("  %s: %u frames\n", what, stats->frames.intervals->len + 1);
  print_line ("view snapshot", stats->snapshot);
  print_line ("its rendering (cairo, 1200×800)", stats->render);
  print_line ("frame interval", stats->frames.intervals);
  print_line ("main-thread work per frame", stats->frames.busy);
  print_line ("  less the bench's own work", stats->frames.own_busy);
}

/* The view's own snapshot, as GTK asks for it in a frame, timed; then its rendering. */
static void
measure_snapshot (Bench *bench)
{
  GtkWidget *widget = GTK_WIDGET (bench->view);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  double begin = bench_now ();
  double start = begin;
  double snapshot_ms;
  double render_ms;
  cairo_t *cr;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  snapshot_ms = (bench_now () - start) * 1000.0;

  cr = cairo_create (bench->surface);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  start = bench_now ();
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_surface_flush (bench->surface);
  render_ms = (bench_now () - start) * 1000.0;
  cairo_destroy (cr);

  g_array_append_val (bench->stats.snapshot, snapshot_ms);
  g_array_append_val (bench->stats.render, render_ms);
  bench->stats.frames.bench_ms += (bench_now () - begin) * 1000.0;
}

/* The exchange ------------------------------------------------------------------------ */

static GBytes *
payload (Bench *bench)
{
  gsize size = g_rand_int_range (bench->rand, 1, 1025);
  gsize offset = g_rand_int_range (bench->rand, 0, 4096 - size);

  return g_bytes_new_from_bytes (bench->text, offset, size);
}

static void
add_with_addresses (SpEventLog  *log,
                    SpEventKind  kind,
                    guint        connection,
                    const char  *call,
                    const char  *address,
                    const char  *local)
{
  g_autoptr(SpEvent) event = sp_event_new (kind, SP_DIRECTION_NONE, connection, call, "A socket call.", NULL);

  sp_event_set_address (event, address);
  sp_event_set_local_address (event, local);
  sp_event_log_append (log, event);
}

/* One more event of the made-up exchange. */
static void
add_event (Bench *bench)
{
  guint c = bench->connection;

  if (bench->n_connections == 0 && bench->step == 0)
    {
      sp_event_log_add (bench->server_log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, 0, NULL,
                        "socket(AF_INET, SOCK_STREAM)", "Created a socket.");
      add_with_addresses (bench->server_log, SP_EVENT_KIND_LISTEN, 0, "listen(5)", "127.0.0.1:8080", NULL);
      bench->step = 1;
      return;
    }

  if (c == 0)
    {
      g_autofree char *local = NULL;
      g_autofree char *accept = NULL;

      c = bench->connection = ++bench->n_connections;
      local = g_strdup_printf ("127.0.0.1:%u", 32768 + c % 28000);
      accept = g_strdup_printf ("accept() → ('127.0.0.1', %u)", 32768 + c % 28000);
      sp_event_log_add (bench->client_log, SP_EVENT_KIND_SOCKET, SP_DIRECTION_NONE, c, NULL,
                        "socket(AF_INET, SOCK_STREAM)", "Created a socket.");
      add_with_addresses (bench->client_log, SP_EVENT_KIND_CONNECT, c, "connect(('127.0.0.1', 8080))",
                          "127.0.0.1:8080", local);
      add_with_addresses (bench->server_log, SP_EVENT_KIND_ACCEPT, c, accept, local, NULL);
      bench->steps = g_rand_int_range (bench->rand, 1, 40);
      return;
    }

  if (bench->steps > 0)
    {
      g_autoptr(GBytes) bytes = payload (bench);
      gboolean request = (bench->steps & 1) != 0;
      SpEventLog *from = request ? bench->client_log : bench->server_log;
      SpEventLog *to = request ? bench->server_log : bench->client_log;

      bench->steps--;
      sp_event_log_add (from, SP_EVENT_KIND_SEND, SP_DIRECTION_OUT, c, bytes, "send()", "Sent.");
      sp_event_log_add (to, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, c, bytes, "recv(65536)", "Received.");
      return;
    }

  /* The end: mostly a close; a half-close first now and then, a reset rarely. */
  switch (g_rand_int_range (bench->rand, 0, 10))
    {
    case 0:
      {
        g_autoptr(GError) reset = g_error_new_literal (SP_SOCKET_ERROR, SP_SOCKET_ERROR_CONNECTION_RESET,
                                                       "The peer reset the connection.");

        sp_event_log_add_error (bench->client_log, c, "recv() → Connection reset by peer", NULL, reset);
        sp_event_log_add (bench->server_log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, c, NULL, "close()", "Closed.");
        sp_event_log_add (bench->client_log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, c, NULL, "close()", "Closed.");
      }
      break;

    case 1:
    case 2:
      sp_event_log_add (bench->client_log, SP_EVENT_KIND_SHUTDOWN, SP_DIRECTION_OUT, c, NULL,
                        "shutdown(SHUT_WR)", "Half-closed.");
      sp_event_log_add (bench->server_log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, c, NULL, "recv() → b''", "End.");
      G_GNUC_FALLTHROUGH;

    default:
      sp_event_log_add (bench->server_log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, c, NULL, "close()", "Closed.");
      sp_event_log_add (bench->client_log, SP_EVENT_KIND_RECV, SP_DIRECTION_IN, c, NULL, "recv() → b''", "End.");
      sp_event_log_add (bench->client_log, SP_EVENT_KIND_CLOSE, SP_DIRECTION_NONE, c, NULL, "close()", "Closed.");
      break;
    }
  bench->connection = 0;
}

/* Phases ----------------------------------------------------------------------------- */

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Bench *bench = user_data;
  double upper = gtk_adjustment_get_upper (bench->vadjustment);
  double page = gtk_adjustment_get_page_size (bench->vadjustment);

  bench->frame++;
  gtk_adjustment_set_value (bench->vadjustment, (upper - page) * bench->frame / opt_scroll_frames);
  measure_snapshot (bench);

  if (bench->frame < (guint) opt_scroll_frames)
    return G_SOURCE_CONTINUE;

  bench->done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
scroll_through (Bench      *bench,
                const char *what)
{
  printf ("\n%s: scrolling from the first arrow to the last in %d frames (%u arrows)\n",
          what, opt_scroll_frames, _sp_sequence_view_get_n_arrows (bench->view));
  gtk_adjustment_set_value (bench->vadjustment, 0);
  bench_iterate_for (0.3);
  stats_start (&bench->stats);
  bench->frame = 0;
  bench->done = FALSE;
  gtk_widget_add_tick_callback (GTK_WIDGET (bench->view), scroll_tick_cb, bench, NULL);
  bench_wait_for (&bench->done, 600);
  stats_print (&bench->stats, "while scrolling");
}

/* Nothing changes but the whole view is drawn again: what a frame costs without us. */
static gboolean
redraw_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Bench *bench = user_data;

  bench->frame++;
  gtk_widget_queue_draw (widget);
  measure_snapshot (bench);

  if (bench->frame < (guint) opt_scroll_frames)
    return G_SOURCE_CONTINUE;

  bench->done = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
live_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  Bench *bench = user_data;
  double elapsed = bench_now () - bench->live_start;
  guint64 due = (guint64) (MIN (elapsed, opt_seconds) * opt_rate);
  double start = bench_now ();

  /* The appends are the bench's load, like the measuring: the view's share is the rest
   * (its ingesting of each event is in the appends, about a microsecond each, see (b)). */
  while (bench->live_appended < due)
    {
      guint before = sp_event_log_get_n_events (bench->server_log) + sp_event_log_get_n_events (bench->client_log);

      add_event (bench);
      bench->live_appended += sp_event_log_get_n_events (bench->server_log) +
                              sp_event_log_get_n_events (bench->client_log) - before;
    }
  bench->stats.frames.bench_ms += (bench_now () - start) * 1000.0;
  measure_snapshot (bench);

  if (elapsed < opt_seconds)
    return G_SOURCE_CONTINUE;

  bench->done = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
keep_ticking_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
fill_to (Bench *bench,
         guint  arrows)
{
  while (_sp_sequence_view_get_n_arrows (bench->view) < arrows)
    add_event (bench);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— the sequence diagram under load");
  g_autoptr(GError) error = NULL;
  GtkWidget *scrolled;
  Bench bench = { 0 };
  guint events_before;
  gint64 rss_before;
  double start;
  double seconds;
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
  bench.stats.snapshot = g_array_new (FALSE, FALSE, sizeof (double));
  bench.stats.render = g_array_new (FALSE, FALSE, sizeof (double));
  bench_frames_init (&bench.stats.frames);
  bench.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  {
    static const char pattern[] = "GET / HTTP/1.1\r\nHost: example.org\r\n\r\nThank you for connecting\n";
    guint8 *data = g_malloc (4096);

    for (guint i = 0; i < 4096; i++)
      data[i] = pattern[i % (sizeof pattern - 1)];
    bench.text = g_bytes_new_take (data, 4096);
  }

  bench.server_log = sp_event_log_new ();
  bench.client_log = sp_event_log_new ();

  bench.window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (bench.window), "sequence-view bench");
  gtk_window_set_default_size (GTK_WINDOW (bench.window), WIDTH, HEIGHT);
  scrolled = gtk_scrolled_window_new ();
  bench.view = SP_SEQUENCE_VIEW (sp_sequence_view_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (bench.view));
  gtk_window_set_child (GTK_WINDOW (bench.window), scrolled);
  sp_sequence_view_add_log (bench.view, bench.server_log, "Server 1");
  sp_sequence_view_add_log (bench.view, bench.client_log, "Client 1");
  bench.vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (bench.view));
  gtk_window_present (GTK_WINDOW (bench.window));

  {
    double deadline = bench_now () + WAIT_SECONDS;

    while (!gtk_widget_get_mapped (GTK_WIDGET (bench.view)) && bench_now () < deadline)
      g_main_context_iteration (NULL, TRUE);
    if (!gtk_widget_get_mapped (GTK_WIDGET (bench.view)))
      {
        g_printerr ("The window was never shown: is there a display?\n");
        return 1;
      }
  }
  bench_iterate_for (0.5);

  bench_frames_attach (&bench.stats.frames, bench.window);
  tick_id = gtk_widget_add_tick_callback (bench.window, keep_ticking_cb, NULL, NULL);

  /* (0) */
  printf ("\n(0) Baseline: the empty view, redrawn in each of %d frames\n", opt_scroll_frames);
  stats_start (&bench.stats);
  bench.frame = 0;
  bench.done = FALSE;
  gtk_widget_add_tick_callback (GTK_WIDGET (bench.view), redraw_tick_cb, &bench, NULL);
  bench_wait_for (&bench.done, 600);
  stats_print (&bench.stats, "redrawing");

  /* (a) */
  fill_to (&bench, SMALL_ARROWS);
  bench_iterate_for (0.3);
  scroll_through (&bench, "(a) A small diagram");

  /* (b) */
  printf ("\n(b) Filling to %d arrows in one go\n", opt_arrows);
  rss_before = bench_proc_status_kib (getpid (), "VmRSS");
  events_before = sp_event_log_get_n_events (bench.server_log) + sp_event_log_get_n_events (bench.client_log);
  start = bench_now ();
  fill_to (&bench, opt_arrows);
  seconds = bench_now () - start;
  {
    guint events = sp_event_log_get_n_events (bench.server_log) + sp_event_log_get_n_events (bench.client_log) -
                   events_before;

    printf ("  %u events (%u connections) in %.3f s: %.2f µs per event, the view's work included\n",
            events, bench.n_connections, seconds, seconds * 1e6 / events);
  }
  bench_iterate_for (0.5);
  printf ("  %u arrows, %u lifelines; VmRSS grew by %.1f MiB\n",
          _sp_sequence_view_get_n_arrows (bench.view), _sp_sequence_view_get_n_lifelines (bench.view),
          (bench_proc_status_kib (getpid (), "VmRSS") - rss_before) / 1024.0);
  scroll_through (&bench, "(b) The full diagram");

  /* (c) */
  printf ("\n(c) Live: %d events per second for %.0f s, the view following the end\n",
          opt_rate, opt_seconds);
  gtk_adjustment_set_value (bench.vadjustment, gtk_adjustment_get_upper (bench.vadjustment));
  bench_iterate_for (0.3);
  stats_start (&bench.stats);
  bench.done = FALSE;
  bench.live_start = bench_now ();
  bench.live_appended = 0;
  gtk_widget_add_tick_callback (GTK_WIDGET (bench.view), live_tick_cb, &bench, NULL);
  bench_wait_for (&bench.done, opt_seconds + 60);
  bench_iterate_for (0.3);
  stats_print (&bench.stats, "while following");
  printf ("  %llu events appended; %u arrows; following the end: %s\n",
          (unsigned long long) bench.live_appended, _sp_sequence_view_get_n_arrows (bench.view),
          sp_sequence_view_get_following (bench.view) ? "yes" : "no");

  gtk_widget_remove_tick_callback (bench.window, tick_id);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  g_clear_object (&bench.server_log);
  g_clear_object (&bench.client_log);
  g_array_unref (bench.stats.snapshot);
  g_array_unref (bench.stats.render);
  bench_frames_clear (&bench.stats.frames);
  cairo_surface_destroy (bench.surface);
  g_bytes_unref (bench.text);
  g_rand_free (bench.rand);

  return 0;
}
