/* bench-frames.h — frame statistics and main-loop waits for the benches of a real window */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One phase's frames, in milliseconds. */
typedef struct
{
  GArray  *intervals;   /* double, between frame times */
  GArray  *busy;        /* double, from "update" to "after-paint" */
  GArray  *own_busy;    /* double, the same less what the bench did itself in that frame */
  double   bench_ms;    /* what the bench did itself in the current frame: add to it */
  gint64   last_frame_time;
  gint64   update_start;
  gboolean recording;
} BenchFrames;

void     bench_frames_init      (BenchFrames *frames);
void     bench_frames_clear     (BenchFrames *frames);
void     bench_frames_attach    (BenchFrames *frames,
                                 GtkWidget   *window);
void     bench_frames_start     (BenchFrames *frames);
void     bench_frames_stop      (BenchFrames *frames);

double   bench_percentile       (GArray      *values,
                                 double       fraction);
gboolean bench_wait_for         (gboolean    *flag,
                                 double       seconds);
void     bench_iterate_for      (double       seconds);

G_END_DECLS
