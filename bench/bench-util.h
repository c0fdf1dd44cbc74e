/* bench-util.h — what the benchmark programs share: clocks, /proc readings, children
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sys/resource.h>
#include <sys/types.h>

G_BEGIN_DECLS

#define BENCH_MIB (1024.0 * 1024.0)

double    bench_now                  (void);
gint64    bench_proc_status_kib      (pid_t          pid,
                                      const char    *field);
guint16   bench_find_listening_port  (pid_t          pid,
                                      double         timeout_seconds);
guint16   bench_pick_free_port       (void);
guint64   bench_parse_size           (const char    *text,
                                      GError       **error);
char     *bench_find_executable      (const char    *env_name,
                                      const char    *built_path,
                                      const char    *name);
pid_t     bench_spawn                (char * const  *argv,
                                      int            stdin_fd,
                                      int            stdout_fd,
                                      GError       **error);
gboolean  bench_wait                 (pid_t          pid,
                                      double         timeout_seconds,
                                      int           *status,
                                      struct rusage *usage);
void      bench_kill_and_reap        (pid_t          pid);
double    bench_rusage_cpu_seconds   (const struct rusage *usage);
int       bench_compare_doubles      (gconstpointer  a,
                                      gconstpointer  b);
double    bench_median               (double        *values,
                                      guint          n);
void      bench_raise_fd_limit       (void);
void      bench_print_machine        (void);
double    bench_load_average         (void);

G_END_DECLS
