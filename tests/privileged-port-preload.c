/* privileged-port-preload.c — bind() as a normal user sees it, for tests run as root
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linux refuses ports below 1024 to unprivileged users with EACCES. CI runs as root, where
 * such a bind would succeed (and could collide with a real service), so this LD_PRELOAD
 * shim answers EACCES itself without ever binding the port.
 */

#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>

int sp_privileged_preload_active (void);
int bind (int fd, const struct sockaddr *addr, socklen_t len);

/* Lets a test prove the shim is in place before relying on it. */
int
sp_privileged_preload_active (void)
{
  return 1;
}

int
bind (int                    fd,
      const struct sockaddr *addr,
      socklen_t              len)
{
  static int (*real_bind) (int, const struct sockaddr *, socklen_t);
  unsigned port = 0;

  if (addr != NULL && addr->sa_family == AF_INET && len >= sizeof (struct sockaddr_in))
    port = ntohs (((const struct sockaddr_in *) addr)->sin_port);
  else if (addr != NULL && addr->sa_family == AF_INET6 && len >= sizeof (struct sockaddr_in6))
    port = ntohs (((const struct sockaddr_in6 *) addr)->sin6_port);

  if (port != 0 && port < 1024)
    {
      errno = EACCES;
      return -1;
    }

  if (real_bind == NULL)
    real_bind = (int (*) (int, const struct sockaddr *, socklen_t)) dlsym (RTLD_NEXT, "bind");

  return real_bind (fd, addr, len);
}
