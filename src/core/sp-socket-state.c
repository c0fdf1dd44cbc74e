/* sp-socket-state.c — the life of one socket as the tutorial teaches it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GIO's objects do not say "bound" or "half-closed"; the engine's own states are finer
 * (who half-closed, reset or failure). This is the one mapping to the states a learner
 * meets in the tutorial, with a label and a sentence for each.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-socket-state.h"

/* A stable name, for tests, style classes and logs: "created", "half-closed"… */
const char *
sp_socket_state_get_name (SpSocketState state)
{
  switch (state)
    {
    case SP_SOCKET_STATE_NONE:        return "none";
    case SP_SOCKET_STATE_CREATED:     return "created";
    case SP_SOCKET_STATE_BOUND:       return "bound";
    case SP_SOCKET_STATE_LISTENING:   return "listening";
    case SP_SOCKET_STATE_CONNECTING:  return "connecting";
    case SP_SOCKET_STATE_CONNECTED:   return "connected";
    case SP_SOCKET_STATE_HALF_CLOSED: return "half-closed";
    case SP_SOCKET_STATE_CLOSED:      return "closed";
    case SP_SOCKET_STATE_ERROR:       return "error";
    default:                          break;
    }

  g_return_val_if_reached ("none");
}

/* The translated word shown in a state diagram's box. */
const char *
sp_socket_state_get_label (SpSocketState state)
{
  switch (state)
    {
    /* Translators: a socket's state: no socket exists yet */
    case SP_SOCKET_STATE_NONE:        return C_("socket state", "No socket");
    /* Translators: a socket's state, after socket() */
    case SP_SOCKET_STATE_CREATED:     return C_("socket state", "Created");
    /* Translators: a socket's state, after bind() */
    case SP_SOCKET_STATE_BOUND:       return C_("socket state", "Bound");
    /* Translators: a socket's state, after listen() */
    case SP_SOCKET_STATE_LISTENING:   return C_("socket state", "Listening");
    /* Translators: a socket's state, during connect() */
    case SP_SOCKET_STATE_CONNECTING:  return C_("socket state", "Connecting");
    /* Translators: a socket's state, after connect() or accept() */
    case SP_SOCKET_STATE_CONNECTED:   return C_("socket state", "Connected");
    /* Translators: a socket's state, after shutdown() or the peer's end of stream */
    case SP_SOCKET_STATE_HALF_CLOSED: return C_("socket state", "Half-closed");
    /* Translators: a socket's state, after close() */
    case SP_SOCKET_STATE_CLOSED:      return C_("socket state", "Closed");
    /* Translators: a socket's state, after a failure */
    case SP_SOCKET_STATE_ERROR:       return C_("socket state", "Error");
    default:                          break;
    }

  g_return_val_if_reached ("");
}

/* One sentence: what the state means and which call leads out of it. */
const char *
sp_socket_state_get_explanation (SpSocketState state)
{
  switch (state)
    {
    case SP_SOCKET_STATE_NONE:
      return _("No socket exists yet: socket() has not been called.");
    case SP_SOCKET_STATE_CREATED:
      return _("socket() made a socket: it has a family and a type, but no address yet.");
    case SP_SOCKET_STATE_BOUND:
      return _("bind() gave the socket its own address and port; a datagram socket can receive from now on.");
    case SP_SOCKET_STATE_LISTENING:
      return _("listen() made this a listening socket: the system completes incoming connections, and accept() takes them one by one.");
    case SP_SOCKET_STATE_CONNECTING:
      return _("connect() is under way: the client asked the server to open a connection and waits for its answer.");
    case SP_SOCKET_STATE_CONNECTED:
      return _("The connection is open: both sides can send and receive.");
    case SP_SOCKET_STATE_HALF_CLOSED:
      return _("One direction is closed (shutdown() or the peer’s end of stream); bytes can still travel the other way.");
    case SP_SOCKET_STATE_CLOSED:
      return _("close() released the socket: this program can no longer use it.");
    case SP_SOCKET_STATE_ERROR:
      return _("A call failed or the peer reset the connection: the socket cannot be used any more.");
    default:
      break;
    }

  g_return_val_if_reached ("");
}
