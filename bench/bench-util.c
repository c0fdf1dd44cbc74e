/* bench-util.c — what the benchmark programs share: clocks, /proc readings, children
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"

extern char **environ;

double
bench_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A "Field:   1234 kB" line of /proc/PID/status (pid 0: this process), or -1. */
gint64
bench_proc_status_kib (pid_t       pid,
                       const char *field)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize field_len = strlen (field);

  path = pid == 0 ? g_strdup ("/proc/self/status") : g_strdup_printf ("/proc/%d/status", (int) pid);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return -1;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strncmp (lines[i], field, field_len) == 0 && lines[i][field_len] == ':')
      return g_ascii_strtoll (lines[i] + field_len + 1, NULL, 10);

  return -1;
}

/* The socket inodes a process holds open, as a set of guint64 (boxed in pointers). */
static GHashTable *
socket_inodes (pid_t pid)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/fd", (int) pid);
  GHashTable *inodes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return inodes;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link_path = g_build_filename (dir_path, name, NULL);
      g_autofree char *target = g_file_read_link (link_path, NULL);
      guint64 inode;

      if (target != NULL && sscanf (target, "socket:[%" G_GUINT64_FORMAT "]", &inode) == 1)
        {
          gint64 *key = g_new (gint64, 1);

          *key = (gint64) inode;
          g_hash_table_add (inodes, key);
        }
    }

  return inodes;
}

/* A port in LISTEN state (st 0A) in /proc/PID/net/tcp[6] whose inode is in @inodes. */
static guint16
listening_port_in (const char *table_path,
                   GHashTable *inodes)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (table_path, &contents, NULL, NULL))
    return 0;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char local[64];
      unsigned int port, state;
      gint64 inode;

      /* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
      if (sscanf (lines[i], " %*s %63[0-9A-Fa-f]:%x %*s %x %*s %*s %*s %*s %*s %" G_GINT64_FORMAT,
                  local, &port, &state, &inode) != 4)
        continue;
      if (state == 0x0A && g_hash_table_contains (inodes, &inode))
        return (guint16) port;
    }

  return 0;
}

/**
 * bench_find_listening_port:
 *
 * The TCP port a child process listens on, read from /proc: race-free, because the
 * listening socket belongs to that process and no other. Waits up to @timeout_seconds
 * for it to appear.
 *
 * Returns: the port, or 0 if the process never listened
 */
guint16
bench_find_listening_port (pid_t  pid,
                           double timeout_seconds)
{
  double deadline = bench_now () + timeout_seconds;
  g_autofree char *tcp = g_strdup_printf ("/proc/%d/net/tcp", (int) pid);
  g_autofree char *tcp6 = g_strdup_printf ("/proc/%d/net/tcp6", (int) pid);

  while (bench_now () < deadline)
    {
      g_autoptr(GHashTable) inodes = socket_inodes (pid);
      guint16 port = 0;

      if (g_hash_table_size (inodes) > 0)
        {
          port = listening_port_in (tcp, inodes);
          if (port == 0)
            port = listening_port_in (tcp6, inodes);
        }
      if (port != 0)
        return port;

      /* Gone already (a failed bind, say): stop waiting. */
      if (kill (pid, 0) != 0)
        return 0;

      g_usleep (2000);
    }

  return 0;
}

/**
 * bench_pick_free_port:
 *
 * Binds 127.0.0.1:0, reads the port the system chose and closes the socket, for a
 * reference program that must be told its port in advance. Another program could take
 * the port in between: callers check that their program did listen, and retry if not.
 */
guint16
bench_pick_free_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  guint16 port = 0;

  if (fd < 0)
    return 0;

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0 &&
      getsockname (fd, (struct sockaddr *) &addr, &len) == 0)
    port = ntohs (addr.sin_port);

  close (fd);
  return port;
}

/* "1G", "256M", "64k" or a plain number of bytes (powers of 1024). */
guint64
bench_parse_size (const char  *text,
                  GError     **error)
{
  char *end = NULL;
  guint64 value = g_ascii_strtoull (text, &end, 10);

  if (end == text)
    goto bad;

  switch (g_ascii_toupper (*end))
    {
    case 'G': value <<= 30; end++; break;
    case 'M': value <<= 20; end++; break;
    case 'K': value <<= 10; end++; break;
    case '\0': break;
    default: goto bad;
    }

  if (*end == 'i' || *end == 'B')
    end++;
  if (*end == 'B')
    end++;
  if (*end == '\0' && value > 0)
    return value;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "“%s” is not a size (examples: 1G, 256M, 65536)", text);
  return 0;
}

/* $ENV_NAME if set, else the program built beside the bench, else NAME on $PATH. */
char *
bench_find_executable (const char *env_name,
                       const char *built_path,
                       const char *name)
{
  const char *from_env = env_name != NULL ? g_getenv (env_name) : NULL;

  if (from_env != NULL && from_env[0] != '\0')
    return g_strdup (from_env);
  if (built_path != NULL && g_file_test (built_path, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (built_path);

  return g_find_program_in_path (name);
}

/* Starts argv[0] (searched on $PATH) with the given stdin and stdout (-1: inherited). */
pid_t
bench_spawn (char * const  *argv,
             int            stdin_fd,
             int            stdout_fd,
             GError       **error)
{
  posix_spawn_file_actions_t actions;
  pid_t pid = -1;
  int rc;

  posix_spawn_file_actions_init (&actions);
  if (stdin_fd >= 0)
    posix_spawn_file_actions_adddup2 (&actions, stdin_fd, 0);
  if (stdout_fd >= 0)
    posix_spawn_file_actions_adddup2 (&actions, stdout_fd, 1);

  rc = posix_spawnp (&pid, argv[0], &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy (&actions);

  if (rc != 0)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "Cannot start %s: %s", argv[0], g_strerror (rc));
      return -1;
    }

  return pid;
}

/**
 * bench_wait:
 *
 * Reaps @pid, waiting at most @timeout_seconds; wakes the moment the child ends (a pidfd
 * where the kernel has them), so the time read after it is the child's end time.
 *
 * Returns: %TRUE if the child ended (and was reaped), %FALSE on timeout
 */
gboolean
bench_wait (pid_t          pid,
            double         timeout_seconds,
            int           *status,
            struct rusage *usage)
{
  double deadline = bench_now () + timeout_seconds;
  int pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
  struct rusage ignored;
  int ignored_status;

  if (status == NULL)
    status = &ignored_status;
  if (usage == NULL)
    usage = &ignored;

  for (;;)
    {
      pid_t got = wait4 (pid, status, WNOHANG, usage);
      double left;

      if (got == pid)
        break;
      if (got < 0 && errno != EINTR)
        {
          if (pidfd >= 0)
            close (pidfd);
          return FALSE;
        }

      left = deadline - bench_now ();
      if (left <= 0)
        {
          if (pidfd >= 0)
            close (pidfd);
          return FALSE;
        }

      if (pidfd >= 0)
        {
          struct pollfd pfd = { pidfd, POLLIN, 0 };

          poll (&pfd, 1, (int) MIN (left * 1000 + 1, 1000));
        }
      else
        g_usleep (1000);
    }

  if (pidfd >= 0)
    close (pidfd);
  return TRUE;
}

void
bench_kill_and_reap (pid_t pid)
{
  if (pid <= 0)
    return;

  kill (pid, SIGTERM);
  if (!bench_wait (pid, 5, NULL, NULL))
    {
      kill (pid, SIGKILL);
      bench_wait (pid, 5, NULL, NULL);
    }
}

double
bench_rusage_cpu_seconds (const struct rusage *usage)
{
  return usage->ru_utime.tv_sec + usage->ru_utime.tv_usec / 1e6 +
         usage->ru_stime.tv_sec + usage->ru_stime.tv_usec / 1e6;
}

int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @values in place. */
double
bench_median (double *values,
              guint   n)
{
  if (n == 0)
    return 0;

  qsort (values, n, sizeof *values, bench_compare_doubles);
  if (n % 2 == 1)
    return values[n / 2];

  return (values[n / 2 - 1] + values[n / 2]) / 2;
}

void
bench_raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

/* One line that says where the figures come from. */
void
bench_print_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  const char *model = "unknown CPU";
  g_autofree char *model_copy = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      char *line = strstr (cpuinfo, "model name");

      if (line != NULL && (line = strchr (line, ':')) != NULL)
        {
          char *end = strchr (line, '\n');

          model_copy = g_strstrip (g_strndup (line + 1, end != NULL ? (gsize) (end - line - 1) : strlen (line + 1)));
          model = model_copy;
        }
    }

  g_print ("# machine: %ld online CPUs, %s, kernel page size %ld\n",
           sysconf (_SC_NPROCESSORS_ONLN), model, sysconf (_SC_PAGESIZE));
}

/* The 1-minute load average: other work on the machine makes the figures noisy. */
double
bench_load_average (void)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return -1;

  return g_ascii_strtod (contents, NULL);
}
