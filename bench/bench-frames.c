/* bench-frames.c — frame statistics and main-loop waits for the benches of a real window
 *
 * The frame clock's "update" and "after-paint" bracket everything the main thread does for
 * a frame; the bench subtracts what it did itself (appending, measuring) to leave the
 * view's share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-frames.h"
#include "bench-util.h"

static void
frame_update_cb (GdkFrameClock *clock,
                 BenchFrames   *frames)
{
  gint64 frame_time = gdk_frame_clock_get_frame_time (clock);

  if (!frames->recording)
    return;

  if (frames->last_frame_time != 0)
    {
      double interval = (frame_time - frames->last_frame_time) / 1000.0;

      g_array_append_val (frames->intervals, interval);
    }
  frames->last_frame_time = frame_time;
  frames->update_start = g_get_monotonic_time ();
}

static void
frame_after_paint_cb (GdkFrameClock *clock,
                      BenchFrames   *frames)
{
  if (frames->recording && frames->update_start != 0)
    {
      double busy = (g_get_monotonic_time () - frames->update_start) / 1000.0;
      double own = busy - frames->bench_ms;

      g_array_append_val (frames->busy, busy);
      g_array_append_val (frames->own_busy, own);
    }
  frames->bench_ms = 0;
}

void
bench_frames_init (BenchFrames *frames)
{
  *frames = (BenchFrames) { 0 };
  frames->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  frames->busy = g_array_new (FALSE, FALSE, sizeof (double));
  frames->own_busy = g_array_new (FALSE, FALSE, sizeof (double));
}

void
bench_frames_clear (BenchFrames *frames)
{
  g_clear_pointer (&frames->intervals, g_array_unref);
  g_clear_pointer (&frames->busy, g_array_unref);
  g_clear_pointer (&frames->own_busy, g_array_unref);
}

/* Watches @window's frame clock (the window must be realized). */
void
bench_frames_attach (BenchFrames *frames,
                     GtkWidget   *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "update", G_CALLBACK (frame_update_cb), frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (frame_after_paint_cb), frames);
}

/* Forgets the last phase and records from the next frame on. */
void
bench_frames_start (BenchFrames *frames)
{
  g_array_set_size (frames->intervals, 0);
  g_array_set_size (frames->busy, 0);
  g_array_set_size (frames->own_busy, 0);
  frames->bench_ms = 0;
  frames->last_frame_time = 0;
  frames->update_start = 0;
  frames->recording = TRUE;
}

void
bench_frames_stop (BenchFrames *frames)
{
  frames->recording = FALSE;
}

/* The value below which @fraction of @values fall (1.0: the largest); sorts @values. */
double
bench_percentile (GArray *values,
                  double  fraction)
{
  if (values->len == 0)
    return 0;

  g_array_sort (values, bench_compare_doubles);

  return g_array_index (values, double, MIN (values->len - 1, (guint) (fraction * values->len)));
}

static gboolean
wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main loop until *flag or the deadline; returns *flag. */
gboolean
bench_wait_for (gboolean *flag,
                double    seconds)
{
  double deadline = bench_now () + seconds;
  guint timer = g_timeout_add (50, wake_up_cb, NULL);

  while (!*flag && bench_now () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (timer);
  return *flag;
}

void
bench_iterate_for (double seconds)
{
  gboolean never = FALSE;

  bench_wait_for (&never, seconds);
}
