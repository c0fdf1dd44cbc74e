/* connections.c — memory per connection: one server holding 10,000 TCP connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server is the real command line, `socket-playground serve tcp://127.0.0.1:0
 * --discard --json`, in its own process; this program is the clients (plain sockets).
 * The server's JSON events tell us its port and count its accepts, so each figure is
 * taken once the server has really accepted every connection, and the connects are
 * paced by them: the tutorial's listen(5) leaves room for 5 waiting connections, and
 * accept runs on the server's main loop, so a client that ran ahead would fill the
 * backlog and have its SYN dropped (then retried a second later).
 *
 * Resident memory (VmRSS in /proc/PID/status) is read before the first connect, after
 * the last accept, after every client has sent a few bytes, and after they all closed.
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench-util.h"

#define DEFAULT_COUNT 10000
#define DEFAULT_WINDOW 4
#define TARGET_KIB_PER_CONNECTION 8.0

/* A connect slower than this waited for a SYN to be sent again: the backlog was full. */
#define SLOW_CONNECT_SECONDS 0.5

/* Bounds: nothing below may wait longer than these. */
#define START_TIMEOUT 10.0
#define PHASE_TIMEOUT 120.0
#define SETTLE_SECONDS 1.0

typedef struct
{
  pid_t    pid;
  int      events_fd;      /* the server's standard output: JSON Lines */
  GString *partial;        /* the end of the last read, up to its first newline */
  guint16  port;
  guint    n_accepted;
  guint    n_received;     /* recv events with bytes (not the end-of-stream ones) */
  guint    n_closed;       /* connection close events */
  guint    n_errors;
} Server;

static void
handle_event_line (Server     *server,
                   const char *line)
{
  if (strstr (line, "\"kind\":\"accept\"") != NULL)
    server->n_accepted++;
  else if (strstr (line, "\"kind\":\"recv\"") != NULL)
    {
      if (strstr (line, "\"bytes\":0,") == NULL)
        server->n_received++;
    }
  else if (strstr (line, "\"kind\":\"close\"") != NULL)
    {
      /* Connection 0 is the listening socket. */
      if (strstr (line, "\"connection\":0,") == NULL)
        server->n_closed++;
    }
  else if (strstr (line, "\"kind\":\"error\"") != NULL)
    server->n_errors++;
  else if (server->port == 0 && strstr (line, "\"kind\":\"listen\"") != NULL)
    {
      const char *address = strstr (line, "\"address\":\"");
      const char *colon;

      if (address != NULL && (colon = strchr (address + 11, ':')) != NULL)
        server->port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
    }
}

/* Reads what the server printed, waiting at most @timeout_ms for the first of it.
 * Returns FALSE once its output is closed. */
static gboolean
pump_events (Server *server,
             int     timeout_ms)
{
  struct pollfd pfd = { server->events_fd, POLLIN, 0 };
  char buffer[65536];

  if (poll (&pfd, 1, timeout_ms) <= 0)
    return TRUE;

  for (;;)
    {
      ssize_t n = read (server->events_fd, buffer, sizeof buffer);
      char *start, *newline;

      if (n == 0)
        return FALSE;
      if (n < 0)
        return errno == EAGAIN || errno == EINTR;

      g_string_append_len (server->partial, buffer, n);
      start = server->partial->str;
      while ((newline = memchr (start, '\n', server->partial->str + server->partial->len - start)) != NULL)
        {
          *newline = '\0';
          handle_event_line (server, start);
          start = newline + 1;
        }
      g_string_erase (server->partial, 0, start - server->partial->str);
    }
}

/* Pumps until *@counter reaches @target, or @timeout_seconds pass. */
static gboolean
wait_for (Server   *server,
          guint    *counter,
          guint     target,
          double    timeout_seconds)
{
  double deadline = bench_now () + timeout_seconds;

  while (*counter < target && bench_now () < deadline)
    if (!pump_events (server, 50))
      break;

  return *counter >= target;
}

/* Lets the server finish what it is doing (nothing arrives for @quiet seconds). */
static void
settle (Server *server,
        double  quiet)
{
  double deadline = bench_now () + PHASE_TIMEOUT;
  double last_change = bench_now ();
  guint before = server->n_accepted + server->n_received + server->n_closed;

  while (bench_now () - last_change < quiet && bench_now () < deadline)
    {
      guint now;

      pump_events (server, 50);
      now = server->n_accepted + server->n_received + server->n_closed;
      if (now != before)
        {
          before = now;
          last_change = bench_now ();
        }
    }
}

static gboolean
start_server (Server     *server,
              const char *sp_path,
              const char *wrapper)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) wrapper_argv = NULL;
  double deadline;
  int fds[2];

  if (wrapper != NULL && !g_shell_parse_argv (wrapper, NULL, &wrapper_argv, &error))
    {
      g_printerr ("connections: --wrapper: %s\n", error->message);
      return FALSE;
    }
  for (guint i = 0; wrapper_argv != NULL && wrapper_argv[i] != NULL; i++)
    g_ptr_array_add (argv, wrapper_argv[i]);
  g_ptr_array_add (argv, (char *) sp_path);
  g_ptr_array_add (argv, "serve");
  g_ptr_array_add (argv, "tcp://127.0.0.1:0");
  g_ptr_array_add (argv, "--discard");
  g_ptr_array_add (argv, "--json");
  g_ptr_array_add (argv, NULL);

  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      g_printerr ("connections: pipe: %s\n", g_strerror (errno));
      return FALSE;
    }

  server->pid = bench_spawn ((char * const *) argv->pdata, -1, fds[1], &error);
  close (fds[1]);
  if (server->pid < 0)
    {
      g_printerr ("connections: %s\n", error->message);
      close (fds[0]);
      return FALSE;
    }

  server->events_fd = fds[0];
  fcntl (server->events_fd, F_SETFL, O_NONBLOCK);
  server->partial = g_string_new (NULL);

  deadline = bench_now () + START_TIMEOUT * (wrapper != NULL ? 6 : 1);
  while (server->port == 0 && bench_now () < deadline)
    if (!pump_events (server, 50))
      break;

  if (server->port == 0)
    {
      g_printerr ("connections: the server did not say where it listens\n");
      return FALSE;
    }

  return TRUE;
}

static double
kib_per (gint64 before,
         gint64 after,
         guint  n)
{
  return n > 0 ? (double) (after - before) / n : 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sp_path = NULL;
  g_autofree char *wrapper = NULL;
  g_autofree int *fds = NULL;
  g_autofree double *connect_times = NULL;
  Server server = { 0 };
  struct sockaddr_in addr = { 0 };
  struct rlimit limit;
  int count = DEFAULT_COUNT;
  int window = DEFAULT_WINDOW;
  gboolean no_send = FALSE;
  guint opened = 0, slow_connects = 0;
  gint64 rss_start, rss_accepted, rss_received, rss_closed;
  gint64 vm_start, vm_accepted, vm_received;
  double start, connect_seconds, per_connection;
  gboolean ok = TRUE;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Connections to open and hold (default 10000)", "N" },
    { "window", 'w', 0, G_OPTION_ARG_INT, &window, "Connections that may wait to be accepted (default 4; the server's backlog is 5)", "N" },
    { "no-send", 0, 0, G_OPTION_ARG_NONE, &no_send, "Skip the phase where every client sends 6 bytes", NULL },
    { "wrapper", 0, 0, G_OPTION_ARG_STRING, &wrapper, "Run the server under CMD, e.g. \"valgrind --tool=massif\"", "CMD" },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new ("— resident memory per connection held by `socket-playground serve`");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Environment: SP_EXECUTABLE (default: the socket-playground built with this bench).");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("connections: %s\n", error->message);
      return 2;
    }
  if (count < 1 || window < 1)
    {
      g_printerr ("connections: --count and --window must be at least 1\n");
      return 2;
    }

  /* Our clients need one descriptor each (the server is another process with its own
   * limit, which it inherits from us: raised too). */
  bench_raise_fd_limit ();
  getrlimit (RLIMIT_NOFILE, &limit);
  if ((rlim_t) count + 64 > limit.rlim_cur)
    {
      count = (int) limit.rlim_cur - 64;
      g_printerr ("connections: the open-files limit is %lu: opening %d connections\n",
                  (unsigned long) limit.rlim_cur, count);
    }

  sp_path = bench_find_executable ("SP_EXECUTABLE", SP_EXECUTABLE, "socket-playground");
  if (sp_path == NULL)
    {
      g_printerr ("connections: socket-playground not found: build the project first, or set SP_EXECUTABLE\n");
      return 2;
    }

  signal (SIGPIPE, SIG_IGN);
  bench_print_machine ();
  g_print ("# server: %s%s%s serve tcp://127.0.0.1:0 --discard --json (backlog 5)\n",
           wrapper != NULL ? wrapper : "", wrapper != NULL ? " " : "", sp_path);
  g_print ("# %d client connections from this process, at most %d waiting to be accepted; open-files limit %lu\n\n",
           count, window, (unsigned long) limit.rlim_cur);

  if (!start_server (&server, sp_path, wrapper))
    {
      bench_kill_and_reap (server.pid);
      return 1;
    }

  settle (&server, SETTLE_SECONDS);
  rss_start = bench_proc_status_kib (server.pid, "VmRSS");
  vm_start = bench_proc_status_kib (server.pid, "VmSize");
  g_print ("listening on 127.0.0.1:%u; server VmRSS %" G_GINT64_FORMAT " KiB, VmSize %" G_GINT64_FORMAT " KiB\n",
           server.port, rss_start, vm_start);

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (server.port);
  fds = g_new (int, count);
  connect_times = g_new0 (double, count);

  start = bench_now ();
  for (opened = 0; (int) opened < count; opened++)
    {
      double deadline = bench_now () + PHASE_TIMEOUT;
      double t0;
      int fd;

      /* Pace: no more than @window connections wait in the server's backlog. */
      while (opened - server.n_accepted >= (guint) window && bench_now () < deadline)
        if (!pump_events (&server, 100))
          break;
      if (opened - server.n_accepted >= (guint) window)
        {
          g_printerr ("connections: the server stopped accepting at %u\n", server.n_accepted);
          ok = FALSE;
          break;
        }

      fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd < 0)
        {
          g_printerr ("connections: socket: %s (after %u)\n", g_strerror (errno), opened);
          ok = FALSE;
          break;
        }

      t0 = bench_now ();
      if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
        {
          g_printerr ("connections: connect: %s (after %u)\n", g_strerror (errno), opened);
          close (fd);
          ok = FALSE;
          break;
        }
      connect_times[opened] = bench_now () - t0;
      if (connect_times[opened] > SLOW_CONNECT_SECONDS)
        slow_connects++;
      fds[opened] = fd;

      pump_events (&server, 0);
    }
  connect_seconds = bench_now () - start;

  if (!wait_for (&server, &server.n_accepted, opened, PHASE_TIMEOUT))
    {
      g_printerr ("connections: the server accepted %u of %u\n", server.n_accepted, opened);
      ok = FALSE;
    }
  settle (&server, SETTLE_SECONDS);
  rss_accepted = bench_proc_status_kib (server.pid, "VmRSS");
  vm_accepted = bench_proc_status_kib (server.pid, "VmSize");

  if (opened > 0)
    {
      /* bench_median() sorts the times: the rest reads them in order. */
      double median = bench_median (connect_times, opened);
      double p99 = connect_times[MIN (opened - 1, opened * 99 / 100)];
      double slowest = connect_times[opened - 1];

      g_print ("opened %u connections in %.2f s (%.0f/s); connect() median %.0f us, p99 %.0f us, "
               "max %.1f ms; %u waited for a SYN retry\n",
               opened, connect_seconds, opened / connect_seconds, median * 1e6, p99 * 1e6,
               slowest * 1e3, slow_connects);
    }

  per_connection = kib_per (rss_start, rss_accepted, server.n_accepted);
  g_print ("server accepted %u: VmRSS %" G_GINT64_FORMAT " KiB (+%" G_GINT64_FORMAT " KiB), "
           "VmSize +%" G_GINT64_FORMAT " KiB\n",
           server.n_accepted, rss_accepted, rss_accepted - rss_start, vm_accepted - vm_start);
  g_print ("  per connection, idle:        %6.2f KiB resident   %6.2f KiB virtual\n",
           per_connection, kib_per (vm_start, vm_accepted, server.n_accepted));

  if (!no_send && opened > 0)
    {
      static const char hello[] = "hello\n";

      for (guint i = 0; i < opened; i++)
        {
          if (send (fds[i], hello, sizeof hello - 1, 0) != (ssize_t) (sizeof hello - 1))
            {
              g_printerr ("connections: send: %s\n", g_strerror (errno));
              ok = FALSE;
              break;
            }
          if (i % 64 == 0)
            pump_events (&server, 0);
        }
      if (!wait_for (&server, &server.n_received, opened, PHASE_TIMEOUT))
        {
          g_printerr ("connections: the server received from %u of %u\n", server.n_received, opened);
          ok = FALSE;
        }
      settle (&server, SETTLE_SECONDS);
      rss_received = bench_proc_status_kib (server.pid, "VmRSS");
      vm_received = bench_proc_status_kib (server.pid, "VmSize");
      g_print ("  per connection, after 6 B:   %6.2f KiB resident   %6.2f KiB virtual   (%u received)\n",
               kib_per (rss_start, rss_received, server.n_received),
               kib_per (vm_start, vm_received, server.n_received), server.n_received);
    }

  for (guint i = 0; i < opened; i++)
    {
      close (fds[i]);
      if (i % 64 == 0)
        pump_events (&server, 0);
    }
  if (!wait_for (&server, &server.n_closed, opened, PHASE_TIMEOUT))
    {
      g_printerr ("connections: the server closed %u of %u\n", server.n_closed, opened);
      ok = FALSE;
    }
  settle (&server, SETTLE_SECONDS);
  rss_closed = bench_proc_status_kib (server.pid, "VmRSS");
  g_print ("after every client closed:    VmRSS %" G_GINT64_FORMAT " KiB (+%" G_GINT64_FORMAT " KiB over the start)\n",
           rss_closed, rss_closed - rss_start);
  if (server.n_errors > 0)
    g_print ("the server logged %u errors\n", server.n_errors);

  g_print ("\nmemory per idle connection: %.2f KiB (target < %.0f KiB): %s\n", per_connection,
           TARGET_KIB_PER_CONNECTION,
           per_connection < TARGET_KIB_PER_CONNECTION ? "MET" : "ABOVE TARGET");

  /* SIGTERM is how a person stops the server; with a wrapper such as valgrind this
   * lets it write its report. */
  kill (server.pid, SIGTERM);
  {
    double deadline = bench_now () + 60;

    while (bench_now () < deadline && pump_events (&server, 100))
      ;
  }
  if (!bench_wait (server.pid, 60, NULL, NULL))
    bench_kill_and_reap (server.pid);
  close (server.events_fd);
  g_string_free (server.partial, TRUE);

  return ok ? 0 : 1;
}
