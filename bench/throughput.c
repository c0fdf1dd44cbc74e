/* throughput.c — one TCP stream over loopback into three receivers, side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same sender (socat, fed by `head -c SIZE /dev/zero`) pushes SIZE bytes into:
 *   ours   `socket-playground serve tcp://127.0.0.1:0 --discard --quiet --once`
 *   socat  `socat -u TCP-LISTEN:PORT,bind=127.0.0.1,reuseaddr OPEN:/dev/null,wronly`
 *   bare   a blocking read() loop in this process: the machine's limit for one stream
 * Each receiver runs RUNS times, in turn (ours, socat, bare, ours, …) so that a slow
 * moment of the machine does not fall on one receiver only; the medians are compared.
 *
 * A run's time goes from starting the sender to the receiver having read the end of the
 * stream (for the child receivers: to their exit, which follows it at once).
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-util.h"

#define DEFAULT_SIZE (G_GUINT64_CONSTANT (1) << 30)
#define DEFAULT_RUNS 3
#define MAX_RUNS 25
#define BARE_BUFFER 65536

/* socat's port is picked before socat binds it; another program may take it between. */
#define SOCAT_PORT_ATTEMPTS 5

typedef enum
{
  RECEIVER_OURS,
  RECEIVER_SOCAT,
  RECEIVER_BARE,
  N_RECEIVERS
} Receiver;

static const char *receiver_names[N_RECEIVERS] = {
  "socket-playground",
  "socat",
  "bare read() loop",
};

typedef struct
{
  char     *sp_path;
  char     *socat_path;
  guint64   size;
  guint     runs;
  gboolean  direct_sender;
  double    timeout;
} Bench;

typedef struct
{
  double   seconds;
  double   receiver_cpu;   /* user + system seconds of the receiving process */
  gboolean ok;
} Result;

typedef struct
{
  pid_t head;
  pid_t socat;
} Sender;

/* The sender: `head -c SIZE /dev/zero | socat -u - TCP:127.0.0.1:PORT`, or with
 * --direct-sender socat alone reading /dev/zero (one process fewer on a small machine). */
static gboolean
start_sender (Bench    *bench,
              guint16   port,
              Sender   *sender,
              GError  **error)
{
  g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, bench->size);
  g_autofree char *target = g_strdup_printf ("TCP:127.0.0.1:%u", port);
  int fds[2];

  sender->head = sender->socat = -1;

  if (bench->direct_sender)
    {
      g_autofree char *source = g_strdup_printf ("OPEN:/dev/zero,readbytes=%s", size);
      char *socat_argv[] = { bench->socat_path, "-u", source, target, NULL };

      sender->socat = bench_spawn (socat_argv, -1, -1, error);
      return sender->socat > 0;
    }

  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "pipe: %s", g_strerror (errno));
      return FALSE;
    }

  {
    char *head_argv[] = { "head", "-c", size, "/dev/zero", NULL };
    char *socat_argv[] = { bench->socat_path, "-u", "-", target, NULL };

    sender->head = bench_spawn (head_argv, -1, fds[1], error);
    if (sender->head > 0)
      sender->socat = bench_spawn (socat_argv, fds[0], -1, error);
  }

  close (fds[0]);
  close (fds[1]);

  if (sender->socat <= 0)
    {
      bench_kill_and_reap (sender->head);
      return FALSE;
    }

  return TRUE;
}

static gboolean
finish_sender (Bench  *bench,
               Sender *sender)
{
  gboolean ok = TRUE;
  int status;

  if (sender->head > 0)
    {
      if (!bench_wait (sender->head, bench->timeout, &status, NULL))
        {
          bench_kill_and_reap (sender->head);
          ok = FALSE;
        }
      else if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        ok = FALSE;
    }

  if (!bench_wait (sender->socat, bench->timeout, &status, NULL))
    {
      bench_kill_and_reap (sender->socat);
      ok = FALSE;
    }
  else if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    ok = FALSE;

  if (!ok)
    g_printerr ("throughput: the sender failed or timed out\n");

  return ok;
}

/* Runs a receiver that is a child process already listening on @port, to its exit. */
static Result
time_child_receiver (Bench   *bench,
                     pid_t    receiver,
                     guint16  port)
{
  g_autoptr(GError) error = NULL;
  Result result = { 0 };
  struct rusage usage;
  Sender sender;
  double start;
  int status;
  gboolean sender_ok;

  start = bench_now ();
  if (!start_sender (bench, port, &sender, &error))
    {
      g_printerr ("throughput: %s\n", error->message);
      bench_kill_and_reap (receiver);
      return result;
    }

  if (!bench_wait (receiver, bench->timeout, &status, &usage))
    {
      g_printerr ("throughput: the receiver did not finish within %.0f s\n", bench->timeout);
      bench_kill_and_reap (receiver);
      bench_kill_and_reap (sender.head);
      bench_kill_and_reap (sender.socat);
      return result;
    }

  result.seconds = bench_now () - start;
  result.receiver_cpu = bench_rusage_cpu_seconds (&usage);
  sender_ok = finish_sender (bench, &sender);
  result.ok = sender_ok && WIFEXITED (status) && WEXITSTATUS (status) == 0;
  if (!result.ok)
    g_printerr ("throughput: the receiver exited with status %d\n", status);

  return result;
}

static Result
run_ours (Bench *bench)
{
  g_autoptr(GError) error = NULL;
  char *argv[] = { bench->sp_path, "serve", "tcp://127.0.0.1:0",
                   "--discard", "--quiet", "--once", NULL };
  Result result = { 0 };
  pid_t receiver;
  guint16 port;

  receiver = bench_spawn (argv, -1, -1, &error);
  if (receiver < 0)
    {
      g_printerr ("throughput: %s\n", error->message);
      return result;
    }

  /* Port 0: the system chose; /proc tells which, without a race. */
  port = bench_find_listening_port (receiver, 10);
  if (port == 0)
    {
      g_printerr ("throughput: socket-playground did not start listening\n");
      bench_kill_and_reap (receiver);
      return result;
    }

  return time_child_receiver (bench, receiver, port);
}

static Result
run_socat (Bench *bench)
{
  Result result = { 0 };

  for (guint attempt = 0; attempt < SOCAT_PORT_ATTEMPTS; attempt++)
    {
      g_autoptr(GError) error = NULL;
      /* socat must be told its port: take one the system calls free (bind port 0, close).
       * If another program takes it before socat binds, socat exits (EADDRINUSE), no
       * listening socket appears, and we try again with another port. */
      guint16 port = bench_pick_free_port ();
      g_autofree char *listen = g_strdup_printf ("TCP-LISTEN:%u,bind=127.0.0.1,reuseaddr", port);
      char *argv[] = { bench->socat_path, "-u", listen, "OPEN:/dev/null,wronly", NULL };
      pid_t receiver;

      if (port == 0)
        break;

      receiver = bench_spawn (argv, -1, -1, &error);
      if (receiver < 0)
        {
          g_printerr ("throughput: %s\n", error->message);
          return result;
        }

      if (bench_find_listening_port (receiver, 10) == port)
        return time_child_receiver (bench, receiver, port);

      bench_kill_and_reap (receiver);
    }

  g_printerr ("throughput: socat did not start listening\n");
  return result;
}

static Result
run_bare (Bench *bench)
{
  g_autoptr(GError) error = NULL;
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  Result result = { 0 };
  struct rusage before, after;
  guint64 received = 0;
  g_autofree char *buffer = g_malloc (BARE_BUFFER);
  Sender sender;
  double start;
  int listener, fd;
  gboolean sender_ok;

  listener = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (listener < 0 ||
      bind (listener, (struct sockaddr *) &addr, sizeof addr) != 0 ||
      listen (listener, 1) != 0 ||
      getsockname (listener, (struct sockaddr *) &addr, &len) != 0)
    {
      g_printerr ("throughput: bare receiver: %s\n", g_strerror (errno));
      if (listener >= 0)
        close (listener);
      return result;
    }

  start = bench_now ();
  if (!start_sender (bench, ntohs (addr.sin_port), &sender, &error))
    {
      g_printerr ("throughput: %s\n", error->message);
      close (listener);
      return result;
    }

  /* Bounded: if the sender dies before connecting, its socat is reaped on timeout. */
  {
    struct timeval timeout = { (time_t) bench->timeout, 0 };

    setsockopt (listener, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  fd = accept4 (listener, NULL, NULL, SOCK_CLOEXEC);
  close (listener);
  if (fd < 0)
    {
      g_printerr ("throughput: bare receiver: accept: %s\n", g_strerror (errno));
      bench_kill_and_reap (sender.head);
      bench_kill_and_reap (sender.socat);
      return result;
    }

  {
    struct timeval timeout = { (time_t) bench->timeout, 0 };

    setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }

  getrusage (RUSAGE_SELF, &before);
  for (;;)
    {
      ssize_t n = read (fd, buffer, BARE_BUFFER);

      if (n > 0)
        received += n;
      else if (n == 0)
        break;
      else if (errno != EINTR)
        {
          g_printerr ("throughput: bare receiver: read: %s\n", g_strerror (errno));
          break;
        }
    }
  result.seconds = bench_now () - start;
  getrusage (RUSAGE_SELF, &after);
  close (fd);

  result.receiver_cpu = bench_rusage_cpu_seconds (&after) - bench_rusage_cpu_seconds (&before);
  sender_ok = finish_sender (bench, &sender);
  result.ok = sender_ok && received == bench->size;
  if (received != bench->size)
    g_printerr ("throughput: bare receiver got %" G_GUINT64_FORMAT " bytes of %" G_GUINT64_FORMAT "\n",
                received, bench->size);

  return result;
}

static double
rate (Bench *bench,
      double seconds)
{
  return seconds > 0 ? bench->size / BENCH_MIB / seconds : 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *only = NULL;
  Bench bench = { 0 };
  gboolean enabled[N_RECEIVERS] = { TRUE, TRUE, TRUE };
  Result results[N_RECEIVERS][MAX_RUNS] = { { { 0 } } };
  double medians[N_RECEIVERS] = { 0 };
  double cpu_medians[N_RECEIVERS] = { 0 };
  int runs = DEFAULT_RUNS;
  gboolean failed = FALSE;
  GOptionEntry entries[] = {
    { "size", 's', 0, G_OPTION_ARG_STRING, &size_text, "Bytes per transfer (default 1G)", "SIZE" },
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Transfers per receiver (default 3)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Comma-separated receivers to run: ours,socat,bare", "LIST" },
    { "direct-sender", 0, 0, G_OPTION_ARG_NONE, &bench.direct_sender,
      "socat reads /dev/zero itself instead of `head -c SIZE /dev/zero |`", NULL },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new ("— loopback throughput: socket-playground vs socat vs a bare read() loop");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Environment: SP_EXECUTABLE (default: the socket-playground built "
                                    "with this bench), SOCAT (default: socat on $PATH).");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("throughput: %s\n", error->message);
      return 2;
    }

  bench.size = size_text != NULL ? bench_parse_size (size_text, &error) : DEFAULT_SIZE;
  if (bench.size == 0)
    {
      g_printerr ("throughput: %s\n", error->message);
      return 2;
    }
  if (runs < 1 || runs > MAX_RUNS)
    {
      g_printerr ("throughput: --runs must be between 1 and %d\n", MAX_RUNS);
      return 2;
    }
  bench.runs = runs;
  /* Generous, but bounded: 5 MiB/s would be a broken receiver. */
  bench.timeout = MAX (30.0, bench.size / (5 * BENCH_MIB));

  if (only != NULL)
    {
      g_auto(GStrv) names = g_strsplit (only, ",", -1);

      for (guint r = 0; r < N_RECEIVERS; r++)
        enabled[r] = FALSE;
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "ours"))
            enabled[RECEIVER_OURS] = TRUE;
          else if (g_str_equal (names[i], "socat"))
            enabled[RECEIVER_SOCAT] = TRUE;
          else if (g_str_equal (names[i], "bare"))
            enabled[RECEIVER_BARE] = TRUE;
          else
            {
              g_printerr ("throughput: unknown receiver “%s” (ours, socat, bare)\n", names[i]);
              return 2;
            }
        }
    }

  bench.sp_path = bench_find_executable ("SP_EXECUTABLE", SP_EXECUTABLE, "socket-playground");
  bench.socat_path = bench_find_executable ("SOCAT", NULL, "socat");
  if (bench.socat_path == NULL)
    {
      g_printerr ("throughput: socat is needed as the sender (apt-get install socat)\n");
      return 2;
    }
  if (enabled[RECEIVER_OURS] && bench.sp_path == NULL)
    {
      g_printerr ("throughput: socket-playground not found: build the project first, or set SP_EXECUTABLE\n");
      return 2;
    }

  bench_print_machine ();
  g_print ("# %.0f MiB per transfer, sender: %s socat -u %s TCP:127.0.0.1:PORT\n",
           bench.size / BENCH_MIB,
           bench.direct_sender ? "" : "head -c SIZE /dev/zero |",
           bench.direct_sender ? "OPEN:/dev/zero,readbytes=SIZE" : "-");
  g_print ("# ours: %s serve tcp://127.0.0.1:0 --discard --quiet --once\n", bench.sp_path);
  g_print ("# %u runs per receiver, interleaved; MiB/s is 2^20 bytes per second\n", bench.runs);
  /* The sender and the receiver take both cores: any other work slows whichever it
   * lands beside, so rates move with the load while CPU per GiB hardly does. */
  g_print ("# load average before: %.2f (rates vary with other work on the machine; CPU per GiB is steadier)\n\n",
           bench_load_average ());

  for (guint run = 0; run < bench.runs; run++)
    for (guint r = 0; r < N_RECEIVERS; r++)
      {
        Result *result = &results[r][run];

        if (!enabled[r])
          continue;

        switch (r)
          {
          case RECEIVER_OURS:  *result = run_ours (&bench); break;
          case RECEIVER_SOCAT: *result = run_socat (&bench); break;
          case RECEIVER_BARE:  *result = run_bare (&bench); break;
          default: g_assert_not_reached ();
          }

        if (!result->ok)
          failed = TRUE;
        g_print ("run %u  %-18s %8.1f MiB/s  %6.3f s  receiver CPU %6.3f s%s\n",
                 run + 1, receiver_names[r], rate (&bench, result->seconds),
                 result->seconds, result->receiver_cpu, result->ok ? "" : "  FAILED");
      }

  g_print ("\n%-18s %12s %16s %22s\n", "receiver", "median MiB/s", "median seconds",
           "receiver CPU s per GiB");
  for (guint r = 0; r < N_RECEIVERS; r++)
    {
      double seconds[MAX_RUNS], cpu[MAX_RUNS];

      if (!enabled[r])
        continue;

      for (guint run = 0; run < bench.runs; run++)
        {
          seconds[run] = results[r][run].seconds;
          cpu[run] = results[r][run].receiver_cpu;
        }
      medians[r] = bench_median (seconds, bench.runs);
      cpu_medians[r] = bench_median (cpu, bench.runs);
      g_print ("%-18s %12.1f %16.3f %22.3f\n", receiver_names[r], rate (&bench, medians[r]),
               medians[r], cpu_medians[r] * (1 << 30) / bench.size);
    }

  g_print ("# load average after: %.2f\n\n", bench_load_average ());
  if (enabled[RECEIVER_OURS] && enabled[RECEIVER_SOCAT] && cpu_medians[RECEIVER_SOCAT] > 0)
    g_print ("receiver CPU per GiB: ours/socat = %.2fx, ours/bare = %.2fx   (lower is better)\n",
             cpu_medians[RECEIVER_OURS] / cpu_medians[RECEIVER_SOCAT],
             enabled[RECEIVER_BARE] && cpu_medians[RECEIVER_BARE] > 0 ?
               cpu_medians[RECEIVER_OURS] / cpu_medians[RECEIVER_BARE] : 0);
  if (enabled[RECEIVER_OURS] && enabled[RECEIVER_SOCAT] && medians[RECEIVER_OURS] > 0)
    {
      double ratio = medians[RECEIVER_SOCAT] / medians[RECEIVER_OURS];

      g_print ("ours/socat = %.2fx   (target >= 1.00; below 0.80 is a defect): %s\n", ratio,
               ratio >= 1.0 ? "MET" : ratio >= 0.8 ? "BELOW TARGET" : "DEFECT");
    }
  if (enabled[RECEIVER_OURS] && enabled[RECEIVER_BARE] && medians[RECEIVER_OURS] > 0)
    {
      double ratio = medians[RECEIVER_BARE] / medians[RECEIVER_OURS];

      g_print ("ours/bare  = %.2fx   (target >= 0.90, within 10%% of the bare loop): %s\n", ratio,
               ratio >= 0.9 ? "MET" : "BELOW TARGET");
    }

  g_free (bench.sp_path);
  g_free (bench.socat_path);

  return failed ? 1 : 0;
}
