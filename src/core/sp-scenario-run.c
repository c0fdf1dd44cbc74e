/* sp-scenario-run.c — run a playground without a window, and check its expectations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run starts every server pane, then, once each has started or failed, the client
 * panes one after the other in the file's order: each connects, sends its data (Repeat
 * times, RepeatInterval apart) and runs its script. The next one starts as soon as the
 * previous has connected and made its first send, or, when the previous has a script,
 * once that script has ended. Starting clients one by one is what makes a chat lab
 * deterministic: the first client is known to the server before the second speaks; and
 * waiting for a script is what makes a conversation lab work: the mail an SMTP client
 * sends is in the mailbox before the POP3 client asks for it.
 *
 * A server pane with a protocol runs a demo server. The demo servers of a run share a
 * mailbox of their own, new for each run (it holds the welcome message alone), so that
 * a mail lab gives the same answers on every run and leaves the application's mailbox
 * alone.
 *
 * Every event of every pane is fed to that pane's expectations. The run ends:
 * - when every expectation holds (SP_SCENARIO_END_ALL_MET);
 * - when nothing more can happen: every client has done its part and every connection,
 *   the servers' included, has closed (SP_SCENARIO_END_SETTLED);
 * - when every client has done its part and nothing has happened for the quiet time, a
 *   connection being left open (SP_SCENARIO_END_QUIET);
 * - at the timeout (SP_SCENARIO_END_TIMEOUT).
 * A playground without clients, a lab server for people to connect to, only ends on its
 * expectations or its timeout.
 *
 * A relative Unix socket path (`unix:chat.sock`) is taken inside a private folder made
 * for the run and removed after it, so that runs side by side never meet.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sp-core-enums.h"
#include "sp-payload.h"
#include "sp-scenario-run.h"
#include "sp-script.h"

typedef struct
{
  SpScenarioPane *pane;
  SpDemoServer   *demo;           /* a demo server's, whose SpServer is server */
  SpServer       *server;
  SpClient       *client;
  SpConnection   *connection;
  SpScript       *script;
  GBytes         *send_bytes;
  GPtrArray      *expectations;   /* SpExpectation, this pane's */
  gulong          items_handler;
  guint           repeat_left;
  guint           repeat_source;
  guint           stopped : 1;     /* the run let go of this pane: callbacks leave it be */
  guint           started : 1;     /* a server's start or a client's connect has finished */
  guint           work_done : 1;   /* a client has sent and run its script, or failed */
  guint           released : 1;    /* the next client has been started after this one */
} PaneRun;

/* What an asynchronous call needs back: the run and the pane stay alive until it
 * returns, and the pane says whether it still matters. */
typedef struct
{
  SpScenarioRun *self;
  PaneRun       *pane_run;
} Pending;

/* What a log's handler needs: the run, not owned (the handler goes first), and the pane. */
typedef struct
{
  SpScenarioRun *self;
  PaneRun       *pane_run;
} Follow;

struct _SpScenarioRun
{
  GObject        parent_instance;

  SpScenario    *scenario;
  SpEventLog    *log;
  GPtrArray     *pane_runs;       /* PaneRun, in the file's order */
  SpMailbox     *mailbox;         /* the demo servers', new for each run */
  GTask         *task;
  GCancellable  *cancellable;
  char          *run_dir;
  guint          timeout_ms;
  guint          quiet_ms;
  guint          timeout_source;
  guint          quiet_source;
  guint          check_source;
  guint          n_starting;      /* servers still starting */
  guint          next_client;     /* index in pane_runs of the next client to start */
  SpScenarioEnd  end;
};

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_TIMEOUT,
  PROP_QUIET_TIME,
  PROP_END,
  N_PROPS
};

enum {
  PANE_CREATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpScenarioRun, sp_scenario_run, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_next_client (SpScenarioRun *self);
static void schedule_check    (SpScenarioRun *self);

static void
pane_run_clear (PaneRun *pane_run)
{
  g_clear_handle_id (&pane_run->repeat_source, g_source_remove);
  g_clear_object (&pane_run->pane);
  g_clear_object (&pane_run->demo);
  g_clear_object (&pane_run->server);
  g_clear_object (&pane_run->client);
  g_clear_object (&pane_run->connection);
  g_clear_object (&pane_run->script);
  g_clear_pointer (&pane_run->send_bytes, g_bytes_unref);
  g_clear_pointer (&pane_run->expectations, g_ptr_array_unref);
}

static PaneRun *
pane_run_ref (PaneRun *pane_run)
{
  return g_rc_box_acquire (pane_run);
}

static void
pane_run_unref (PaneRun *pane_run)
{
  g_rc_box_release_full (pane_run, (GDestroyNotify) pane_run_clear);
}

static Pending *
pending_new (SpScenarioRun *self,
             PaneRun       *pane_run)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->pane_run = pane_run_ref (pane_run);

  return pending;
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  pane_run_unref (pending->pane_run);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
follow_free (gpointer  data,
             GClosure *closure)
{
  Follow *follow = data;

  pane_run_unref (follow->pane_run);
  g_free (follow);
}

static gboolean
is_running (SpScenarioRun *self)
{
  return self->task != NULL && self->end == SP_SCENARIO_END_NONE;
}

static void
say (SpScenarioRun *self,
     const char    *message)
{
  sp_event_log_add (self->log, SP_EVENT_KIND_INFO, SP_DIRECTION_NONE, 0, NULL, NULL, message);
}

static SpEventLog *
pane_log (PaneRun *pane_run)
{
  if (pane_run->server != NULL)
    return sp_server_get_log (pane_run->server);
  if (pane_run->client != NULL)
    return sp_client_get_log (pane_run->client);
  return NULL;
}

/* Expectations -------------------------------------------------------------------------- */

static void
observe_counters (PaneRun *pane_run)
{
  guint64 n_connections = 0;
  guint64 received = 0;
  guint64 sent = 0;

  if (pane_run->server != NULL)
    {
      n_connections = sp_server_get_n_accepted (pane_run->server);
      received = sp_server_get_bytes_received (pane_run->server);
      sent = sp_server_get_bytes_sent (pane_run->server);
    }
  else if (pane_run->client != NULL)
    {
      n_connections = sp_client_get_n_connections (pane_run->client);
      received = sp_client_get_bytes_received (pane_run->client);
      sent = sp_client_get_bytes_sent (pane_run->client);
    }

  for (guint i = 0; i < pane_run->expectations->len; i++)
    sp_expectation_observe_counters (g_ptr_array_index (pane_run->expectations, i),
                                     n_connections, received, sent);
}

static guint
count_unmet (SpScenarioRun *self)
{
  GListModel *expectations = sp_scenario_get_expectations (self->scenario);
  guint n = g_list_model_get_n_items (expectations);
  guint unmet = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpExpectation) expectation = g_list_model_get_item (expectations, i);

      if (!sp_expectation_get_met (expectation))
        unmet++;
    }

  return unmet;
}

/* Ending ---------------------------------------------------------------------------------- */

static void
finish (SpScenarioRun *self,
        SpScenarioEnd  end)
{
  g_autoptr(GTask) task = NULL;

  if (!is_running (self))
    return;

  self->end = end;
  g_clear_handle_id (&self->timeout_source, g_source_remove);
  g_clear_handle_id (&self->quiet_source, g_source_remove);
  g_clear_handle_id (&self->check_source, g_source_remove);

  switch (end)
    {
    case SP_SCENARIO_END_ALL_MET:
      say (self, _("Every expectation holds."));
      break;
    case SP_SCENARIO_END_SETTLED:
      say (self, _("Every client has done its part and every connection has closed: nothing more can happen."));
      break;
    case SP_SCENARIO_END_QUIET:
      say (self, _("Every client has done its part and nothing more happened."));
      break;
    case SP_SCENARIO_END_TIMEOUT:
      {
        g_autofree char *message =
          g_strdup_printf (_("Stopped at the time limit, %.1f s."), self->timeout_ms / 1000.0);

        say (self, message);
      }
      break;
    case SP_SCENARIO_END_NONE:
    default:
      g_assert_not_reached ();
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);

  task = g_steal_pointer (&self->task);
  g_task_return_boolean (task, TRUE);
}

static gboolean
timeout_cb (gpointer data)
{
  SpScenarioRun *self = data;

  self->timeout_source = 0;
  finish (self, SP_SCENARIO_END_TIMEOUT);

  return G_SOURCE_REMOVE;
}

static gboolean
quiet_cb (gpointer data)
{
  SpScenarioRun *self = data;

  self->quiet_source = 0;
  finish (self, SP_SCENARIO_END_QUIET);

  return G_SOURCE_REMOVE;
}

static gboolean
has_open_connection (PaneRun *pane_run)
{
  if (pane_run->connection != NULL && sp_connection_is_open (pane_run->connection))
    return TRUE;

  if (pane_run->server != NULL)
    {
      GListModel *connections = sp_server_get_connections (pane_run->server);
      guint n = g_list_model_get_n_items (connections);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SpConnection) connection = g_list_model_get_item (connections, i);

          if (sp_connection_is_open (connection))
            return TRUE;
        }
    }

  return FALSE;
}

/* Runs once the events of a burst have been handled: whether the run can end. */
static gboolean
check_cb (gpointer data)
{
  SpScenarioRun *self = data;
  gboolean have_clients = FALSE;
  gboolean clients_done = TRUE;
  gboolean anything_open = FALSE;

  self->check_source = 0;

  if (!is_running (self))
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < self->pane_runs->len; i++)
    observe_counters (g_ptr_array_index (self->pane_runs, i));

  if (g_list_model_get_n_items (sp_scenario_get_expectations (self->scenario)) > 0 &&
      count_unmet (self) == 0)
    {
      finish (self, SP_SCENARIO_END_ALL_MET);
      return G_SOURCE_REMOVE;
    }

  if (self->n_starting > 0)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < self->pane_runs->len; i++)
    {
      PaneRun *pane_run = g_ptr_array_index (self->pane_runs, i);

      if (sp_scenario_pane_get_kind (pane_run->pane) == SP_SCENARIO_PANE_CLIENT)
        {
          have_clients = TRUE;
          if (!pane_run->work_done)
            clients_done = FALSE;
        }
      if (has_open_connection (pane_run))
        anything_open = TRUE;
    }

  /* Without clients, a lab server waits for people to connect. */
  if (!have_clients || !clients_done)
    return G_SOURCE_REMOVE;

  if (!anything_open)
    {
      finish (self, SP_SCENARIO_END_SETTLED);
      return G_SOURCE_REMOVE;
    }

  /* Something may still come on an open connection: give it the quiet time. */
  g_clear_handle_id (&self->quiet_source, g_source_remove);
  self->quiet_source = g_timeout_add (self->quiet_ms, quiet_cb, self);

  return G_SOURCE_REMOVE;
}

/* After socket I/O (SP_IO_PRIORITY), so that a connection's state has caught up with
 * the event that announced its change. */
static void
schedule_check (SpScenarioRun *self)
{
  if (self->check_source == 0 && is_running (self))
    self->check_source = g_idle_add (check_cb, self);
}

static void
log_items_changed_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      gpointer    data)
{
  Follow *follow = data;
  SpScenarioRun *self = follow->self;
  PaneRun *pane_run = follow->pane_run;

  /* Only appends are news; trims at the front and the marker row are not. */
  if (added == 0 || position + added != g_list_model_get_n_items (model) ||
      pane_run->stopped || !is_running (self))
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (model, i);

      for (guint j = 0; j < pane_run->expectations->len; j++)
        sp_expectation_observe_event (g_ptr_array_index (pane_run->expectations, j), event);
    }

  /* Something happened: the quiet time starts again. */
  g_clear_handle_id (&self->quiet_source, g_source_remove);
  schedule_check (self);
}

static void
follow_pane (SpScenarioRun *self,
             PaneRun       *pane_run,
             GObject       *object)
{
  SpEventLog *log = pane_log (pane_run);
  Follow *follow = g_new0 (Follow, 1);

  follow->self = self;
  follow->pane_run = pane_run_ref (pane_run);

  g_signal_emit (self, signals[PANE_CREATED], 0, pane_run->pane, object, log);
  pane_run->items_handler =
    g_signal_connect_data (log, "items-changed", G_CALLBACK (log_items_changed_cb),
                           follow, follow_free, 0);
}

/* Endpoints ------------------------------------------------------------------------------- */

static gboolean
ensure_run_dir (SpScenarioRun  *self,
                GError        **error)
{
  if (self->run_dir != NULL)
    return TRUE;

  self->run_dir = g_dir_make_tmp ("socket-playground-XXXXXX", error);
  return self->run_dir != NULL;
}

/* The endpoint as written, with a relative Unix path put inside the run's folder. */
static SpEndpoint *
resolve_endpoint (SpScenarioRun   *self,
                  const char      *text,
                  SpEndpointRole   role,
                  GError         **error)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, role, error);
  g_autofree char *path = NULL;
  g_autofree char *absolute = NULL;

  if (endpoint == NULL || sp_endpoint_is_inet (endpoint) ||
      g_path_is_absolute (sp_endpoint_get_path (endpoint)))
    return g_steal_pointer (&endpoint);

  if (!ensure_run_dir (self, error))
    return NULL;

  path = g_build_filename (self->run_dir, sp_endpoint_get_path (endpoint), NULL);
  absolute = g_strdup_printf ("%s:%s", sp_transport_get_scheme (sp_endpoint_get_transport (endpoint)), path);

  return sp_endpoint_parse (absolute, role, error);
}

static PaneRun *
find_pane_run (SpScenarioRun *self,
               const char    *name)
{
  for (guint i = 0; i < self->pane_runs->len; i++)
    {
      PaneRun *pane_run = g_ptr_array_index (self->pane_runs, i);

      if (g_str_equal (sp_scenario_pane_get_name (pane_run->pane), name))
        return pane_run;
    }

  return NULL;
}

/* Where a client reaches the server pane it names: the address the server is bound to,
 * on the loopback interface when it listens on all of them. */
static SpEndpoint *
reference_endpoint (SpScenarioRun  *self,
                    PaneRun        *client_run,
                    GError        **error)
{
  const char *name = sp_scenario_pane_get_endpoint_reference (client_run->pane);
  PaneRun *target = find_pane_run (self, name);
  SpEndpoint *bound = NULL;

  if (target != NULL && target->server != NULL)
    bound = sp_server_get_bound_endpoint (target->server);

  if (bound == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   _("%s has no address to connect to: the server pane “%s” is not listening."),
                   sp_scenario_pane_get_name (client_run->pane), name);
      return NULL;
    }

  if (sp_endpoint_is_inet (bound) && g_str_equal (sp_endpoint_get_host (bound), "0.0.0.0"))
    return sp_endpoint_new_inet (sp_endpoint_get_transport (bound), "127.0.0.1", sp_endpoint_get_port (bound));
  if (sp_endpoint_is_inet (bound) && g_str_equal (sp_endpoint_get_host (bound), "::"))
    return sp_endpoint_new_inet (sp_endpoint_get_transport (bound), "::1", sp_endpoint_get_port (bound));

  return g_object_ref (bound);
}

/* Clients --------------------------------------------------------------------------------- */

/* The next client starts after this one, once. */
static void
release_next_client (SpScenarioRun *self,
                     PaneRun       *pane_run)
{
  if (pane_run->released)
    return;

  pane_run->released = TRUE;
  start_next_client (self);
}

static void
client_work_done (SpScenarioRun *self,
                  PaneRun       *pane_run)
{
  pane_run->work_done = TRUE;
  schedule_check (self);
  release_next_client (self, pane_run);
}

static void
script_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(Pending) pending = data;
  g_autoptr(GError) error = NULL;

  /* A failed step is already in the pane's log, with its reason. */
  sp_script_run_finish (SP_SCRIPT (object), result, &error);
  if (!pending->pane_run->stopped)
    client_work_done (pending->self, pending->pane_run);
}

static void
run_script (SpScenarioRun *self,
            PaneRun       *pane_run)
{
  if (pane_run->script == NULL || pane_run->connection == NULL ||
      !sp_connection_is_open (pane_run->connection))
    {
      client_work_done (self, pane_run);
      return;
    }

  sp_script_run_async (pane_run->script, pane_run->connection, sp_client_get_log (pane_run->client),
                       self->cancellable, script_done_cb, pending_new (self, pane_run));
}

static gboolean
send_once (SpScenarioRun *self,
           PaneRun       *pane_run)
{
  g_autoptr(GError) error = NULL;

  if (sp_client_send (pane_run->client, pane_run->send_bytes, &error))
    return TRUE;

  sp_event_log_add_error (sp_client_get_log (pane_run->client),
                          pane_run->connection != NULL ? sp_connection_get_id (pane_run->connection) : 0,
                          NULL, NULL, error);
  return FALSE;
}

static gboolean
repeat_cb (gpointer data)
{
  Pending *pending = data;
  SpScenarioRun *self = pending->self;
  PaneRun *pane_run = pending->pane_run;

  if (pane_run->stopped)
    {
      pane_run->repeat_source = 0;
      return G_SOURCE_REMOVE;
    }

  if (pane_run->repeat_left > 0 && send_once (self, pane_run))
    pane_run->repeat_left--;
  else
    pane_run->repeat_left = 0;

  if (pane_run->repeat_left > 0)
    return G_SOURCE_CONTINUE;

  pane_run->repeat_source = 0;
  run_script (self, pane_run);
  return G_SOURCE_REMOVE;
}

static void
start_sending (SpScenarioRun *self,
               PaneRun       *pane_run)
{
  guint interval = sp_scenario_pane_get_repeat_interval (pane_run->pane);

  if (pane_run->send_bytes == NULL || g_bytes_get_size (pane_run->send_bytes) == 0)
    {
      run_script (self, pane_run);
      return;
    }

  if (!send_once (self, pane_run))
    {
      client_work_done (self, pane_run);
      return;
    }

  pane_run->repeat_left = sp_scenario_pane_get_repeat (pane_run->pane) - 1;

  /* Without an interval, the sends queue up at once, in order. */
  while (interval == 0 && pane_run->repeat_left > 0 && send_once (self, pane_run))
    pane_run->repeat_left--;

  if (interval == 0 || pane_run->repeat_left == 0)
    {
      pane_run->repeat_left = 0;
      run_script (self, pane_run);
      return;
    }

  pane_run->repeat_source = g_timeout_add_full (G_PRIORITY_DEFAULT, interval, repeat_cb,
                                                pending_new (self, pane_run),
                                                (GDestroyNotify) pending_free);
}

static void
client_connected_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(Pending) pending = data;
  SpScenarioRun *self = pending->self;
  PaneRun *pane_run = pending->pane_run;
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = sp_client_connect_finish (SP_CLIENT (object), result, &error);
  if (pane_run->stopped)
    return;

  pane_run->connection = g_steal_pointer (&connection);
  pane_run->started = TRUE;

  if (!is_running (self))
    return;

  /* A failure is in the client's log already; the next client goes on regardless. */
  if (pane_run->connection == NULL)
    {
      client_work_done (self, pane_run);
      return;
    }

  start_sending (self, pane_run);

  /* A script holds a conversation: the next client waits for its end. */
  if (pane_run->script == NULL && !pane_run->stopped)
    release_next_client (self, pane_run);
}

static void
start_client (SpScenarioRun *self,
              PaneRun       *pane_run)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  const char *script_text = sp_scenario_pane_get_script_text (pane_run->pane);

  if (sp_scenario_pane_get_endpoint_reference (pane_run->pane) != NULL)
    endpoint = reference_endpoint (self, pane_run, &error);
  else
    endpoint = resolve_endpoint (self, sp_scenario_pane_get_endpoint (pane_run->pane),
                                 SP_ENDPOINT_ROLE_CLIENT, &error);

  if (endpoint != NULL)
    pane_run->send_bytes = sp_scenario_pane_dup_send_bytes (pane_run->pane, &error);
  if (pane_run->send_bytes != NULL && script_text != NULL)
    pane_run->script = sp_script_parse (script_text, &error);

  if (error != NULL)
    {
      g_prefix_error (&error, "%s: ", sp_scenario_pane_get_name (pane_run->pane));
      sp_event_log_add_error (self->log, 0, NULL, NULL, error);
      pane_run->started = TRUE;
      client_work_done (self, pane_run);
      return;
    }

  pane_run->client = sp_scenario_pane_create_client (pane_run->pane, endpoint);
  follow_pane (self, pane_run, G_OBJECT (pane_run->client));
  sp_client_connect_async (pane_run->client, self->cancellable, client_connected_cb,
                           pending_new (self, pane_run));
}

static void
start_next_client (SpScenarioRun *self)
{
  while (is_running (self) && self->next_client < self->pane_runs->len)
    {
      PaneRun *pane_run = g_ptr_array_index (self->pane_runs, self->next_client++);

      if (sp_scenario_pane_get_kind (pane_run->pane) == SP_SCENARIO_PANE_CLIENT)
        {
          start_client (self, pane_run);
          return;
        }
    }

  schedule_check (self);
}

/* Servers --------------------------------------------------------------------------------- */

static void
server_started_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(Pending) pending = data;
  SpScenarioRun *self = pending->self;
  g_autoptr(GError) error = NULL;

  /* A failure is in the server's log already, with its reason. */
  sp_server_start_finish (SP_SERVER (object), result, &error);
  if (pending->pane_run->stopped)
    return;
  pending->pane_run->started = TRUE;

  if (!is_running (self))
    return;

  if (--self->n_starting == 0)
    start_next_client (self);
}

static void
start_server (SpScenarioRun *self,
              PaneRun       *pane_run)
{
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  endpoint = resolve_endpoint (self, sp_scenario_pane_get_endpoint (pane_run->pane),
                               SP_ENDPOINT_ROLE_SERVER, &error);
  if (endpoint == NULL)
    {
      sp_event_log_add_error (self->log, 0, NULL, NULL, error);
      pane_run->started = TRUE;
      return;
    }

  if (sp_scenario_pane_get_protocol (pane_run->pane) != NULL)
    {
      pane_run->demo = sp_scenario_pane_create_demo_server (pane_run->pane, endpoint,
                                                            self->mailbox, &error);
      if (pane_run->demo == NULL)
        {
          g_prefix_error (&error, "%s: ", sp_scenario_pane_get_name (pane_run->pane));
          sp_event_log_add_error (self->log, 0, NULL, NULL, error);
          pane_run->started = TRUE;
          return;
        }
      pane_run->server = g_object_ref (sp_demo_server_get_server (pane_run->demo));
    }
  else
    pane_run->server = sp_scenario_pane_create_server (pane_run->pane, endpoint);

  follow_pane (self, pane_run, G_OBJECT (pane_run->server));
  self->n_starting++;
  sp_server_start_async (pane_run->server, self->cancellable, server_started_cb,
                         pending_new (self, pane_run));
}

/* The object ------------------------------------------------------------------------------ */

static void
cancelled_cb (GCancellable  *cancellable,
              SpScenarioRun *self)
{
  g_autoptr(GTask) task = NULL;

  if (!is_running (self))
    return;

  /* Not a result anyone reads as an ending: the caller gave up. */
  self->end = SP_SCENARIO_END_NONE;
  g_clear_handle_id (&self->timeout_source, g_source_remove);
  g_clear_handle_id (&self->quiet_source, g_source_remove);
  g_clear_handle_id (&self->check_source, g_source_remove);
  task = g_steal_pointer (&self->task);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled."));
}

static gboolean
cancelled_idle_cb (gpointer data)
{
  SpScenarioRun *self = data;

  cancelled_cb (NULL, self);
  return G_SOURCE_REMOVE;
}

static void
remove_run_dir (SpScenarioRun *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (self->run_dir == NULL)
    return;

  /* What the servers did not remove themselves: sockets of clients, say. */
  dir = g_dir_open (self->run_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->run_dir, name, NULL);

      g_unlink (path);
    }

  g_rmdir (self->run_dir);
  g_clear_pointer (&self->run_dir, g_free);
}

static void
sp_scenario_run_dispose (GObject *object)
{
  SpScenarioRun *self = (SpScenarioRun *)object;

  sp_scenario_run_stop (self);

  G_OBJECT_CLASS (sp_scenario_run_parent_class)->dispose (object);
}

static void
sp_scenario_run_finalize (GObject *object)
{
  SpScenarioRun *self = (SpScenarioRun *)object;

  g_clear_pointer (&self->pane_runs, g_ptr_array_unref);
  g_clear_object (&self->mailbox);
  g_clear_object (&self->scenario);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->run_dir, g_free);

  G_OBJECT_CLASS (sp_scenario_run_parent_class)->finalize (object);
}

static void
sp_scenario_run_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SpScenarioRun *self = SP_SCENARIO_RUN (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;

    case PROP_QUIET_TIME:
      g_value_set_uint (value, self->quiet_ms);
      break;

    case PROP_END:
      g_value_set_enum (value, self->end);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_scenario_run_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SpScenarioRun *self = SP_SCENARIO_RUN (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      self->scenario = g_value_dup_object (value);
      break;

    case PROP_TIMEOUT:
      sp_scenario_run_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_QUIET_TIME:
      sp_scenario_run_set_quiet_time (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_scenario_run_class_init (SpScenarioRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_scenario_run_dispose;
  object_class->finalize = sp_scenario_run_finalize;
  object_class->get_property = sp_scenario_run_get_property;
  object_class->set_property = sp_scenario_run_set_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, SP_TYPE_SCENARIO,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * SpScenarioRun:timeout:
   *
   * The longest a run lasts, in milliseconds; 0 for no limit.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpScenarioRun:quiet-time:
   *
   * How long, in milliseconds, a run waits for something more once every client has
   * done its part while a connection is still open.
   */
  properties[PROP_QUIET_TIME] =
    g_param_spec_uint ("quiet-time", NULL, NULL, 1, G_MAXUINT, SP_SCENARIO_RUN_DEFAULT_QUIET_TIME,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_END] =
    g_param_spec_enum ("end", NULL, NULL, SP_TYPE_SCENARIO_END, SP_SCENARIO_END_NONE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpScenarioRun::pane-created:
   * @pane: the pane's description
   * @object: the #SpServer or #SpClient that runs it
   * @log: its log
   *
   * A pane's engine object exists and has done nothing yet: the moment to follow its log.
   */
  signals[PANE_CREATED] =
    g_signal_new ("pane-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, SP_TYPE_SCENARIO_PANE, G_TYPE_OBJECT, SP_TYPE_EVENT_LOG);
}

static void
sp_scenario_run_init (SpScenarioRun *self)
{
  self->log = sp_event_log_new ();
  self->pane_runs = g_ptr_array_new_with_free_func ((GDestroyNotify) pane_run_unref);
  self->quiet_ms = SP_SCENARIO_RUN_DEFAULT_QUIET_TIME;
}

/**
 * sp_scenario_run_new:
 *
 * Returns: (transfer full): a run of @scenario, not started
 */
SpScenarioRun *
sp_scenario_run_new (SpScenario *scenario)
{
  g_return_val_if_fail (SP_IS_SCENARIO (scenario), NULL);

  return g_object_new (SP_TYPE_SCENARIO_RUN, "scenario", scenario, NULL);
}

/**
 * sp_scenario_run_get_scenario:
 *
 * Returns: (transfer none): the playground this run runs
 */
SpScenario *
sp_scenario_run_get_scenario (SpScenarioRun *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_RUN (self), NULL);

  return self->scenario;
}

/**
 * sp_scenario_run_get_log:
 *
 * Returns: (transfer none): what the run itself has to say: how it ended, and a pane it
 *   could not start
 */
SpEventLog *
sp_scenario_run_get_log (SpScenarioRun *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_RUN (self), NULL);

  return self->log;
}

guint
sp_scenario_run_get_timeout (SpScenarioRun *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_RUN (self), 0);

  return self->timeout_ms;
}

/* Takes effect at the next run. */
void
sp_scenario_run_set_timeout (SpScenarioRun *self,
                             guint          timeout_ms)
{
  g_return_if_fail (SP_IS_SCENARIO_RUN (self));

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
sp_scenario_run_get_quiet_time (SpScenarioRun *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_RUN (self), 0);

  return self->quiet_ms;
}

void
sp_scenario_run_set_quiet_time (SpScenarioRun *self,
                                guint          quiet_ms)
{
  g_return_if_fail (SP_IS_SCENARIO_RUN (self));
  g_return_if_fail (quiet_ms > 0);

  if (self->quiet_ms == quiet_ms)
    return;

  self->quiet_ms = quiet_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUIET_TIME]);
}

/**
 * sp_scenario_run_get_pane_object:
 * @name: a pane's name
 *
 * Returns: (transfer none) (nullable): the #SpServer or #SpClient that runs the pane, or
 *   %NULL when it was not created
 */
GObject *
sp_scenario_run_get_pane_object (SpScenarioRun *self,
                                 const char    *name)
{
  PaneRun *pane_run;

  g_return_val_if_fail (SP_IS_SCENARIO_RUN (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  pane_run = find_pane_run (self, name);
  if (pane_run == NULL)
    return NULL;
  if (pane_run->server != NULL)
    return G_OBJECT (pane_run->server);

  return (GObject *) pane_run->client;
}

/**
 * sp_scenario_run_get_mailbox:
 *
 * Returns: (transfer none) (nullable): the mailbox the demo servers of the last run
 *   share, or %NULL before the first run
 */
SpMailbox *
sp_scenario_run_get_mailbox (SpScenarioRun *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_RUN (self), NULL);

  return self->mailbox;
}

SpScenarioEnd
sp_scenario_run_get_end (SpScenarioRun *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_RUN (self), SP_SCENARIO_END_NONE);

  return self->end;
}

/**
 * sp_scenario_run_get_n_unmet:
 *
 * Returns: how many of the playground's expectations do not hold
 */
guint
sp_scenario_run_get_n_unmet (SpScenarioRun *self)
{
  g_return_val_if_fail (SP_IS_SCENARIO_RUN (self), 0);

  return count_unmet (self);
}

/**
 * sp_scenario_run_run_async:
 * @cancellable: (nullable): stops waiting; the run then fails with %G_IO_ERROR_CANCELLED
 *
 * Runs the playground once: servers, then clients, until the run ends (see
 * #SpScenarioEnd). The expectations of the scenario are reset first, and then tell
 * what happened. The servers keep listening after the run ends, and the clients stay
 * connected, until sp_scenario_run_stop() or the last reference goes.
 */
void
sp_scenario_run_run_async (SpScenarioRun       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GListModel *panes;
  GListModel *expectations;
  guint n;

  g_return_if_fail (SP_IS_SCENARIO_RUN (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->task == NULL);

  sp_scenario_run_stop (self);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, sp_scenario_run_run_async);
  self->cancellable = g_cancellable_new ();
  self->end = SP_SCENARIO_END_NONE;
  self->next_client = 0;
  self->n_starting = 0;
  g_clear_object (&self->mailbox);
  self->mailbox = sp_mailbox_new ();

  panes = sp_scenario_get_panes (self->scenario);
  expectations = sp_scenario_get_expectations (self->scenario);

  n = g_list_model_get_n_items (panes);
  for (guint i = 0; i < n; i++)
    {
      PaneRun *pane_run = g_rc_box_new0 (PaneRun);

      pane_run->pane = g_list_model_get_item (panes, i);
      pane_run->expectations = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->pane_runs, pane_run);
    }

  n = g_list_model_get_n_items (expectations);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpExpectation) expectation = g_list_model_get_item (expectations, i);
      PaneRun *pane_run = find_pane_run (self, sp_expectation_get_pane_name (expectation));

      sp_expectation_reset (expectation);
      if (pane_run != NULL)
        g_ptr_array_add (pane_run->expectations, g_object_ref (expectation));
    }

  if (cancellable != NULL)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_idle_add_full (G_PRIORITY_DEFAULT, cancelled_idle_cb, g_object_ref (self), g_object_unref);
          return;
        }
      g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (cancelled_cb), self, 0);
    }

  if (self->timeout_ms > 0)
    self->timeout_source = g_timeout_add (self->timeout_ms, timeout_cb, self);

  for (guint i = 0; i < self->pane_runs->len; i++)
    {
      PaneRun *pane_run = g_ptr_array_index (self->pane_runs, i);

      if (sp_scenario_pane_get_kind (pane_run->pane) == SP_SCENARIO_PANE_SERVER)
        start_server (self, pane_run);
    }

  if (self->n_starting == 0)
    start_next_client (self);
}

/**
 * sp_scenario_run_run_finish:
 *
 * Returns: %TRUE when the run ended (sp_scenario_run_get_end() says how, and the
 *   expectations what held), %FALSE with @error set when it was cancelled
 */
gboolean
sp_scenario_run_run_finish (SpScenarioRun  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (SP_IS_SCENARIO_RUN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sp_scenario_run_stop:
 *
 * Stops the servers, disconnects the clients and removes the run's private folder. A
 * run in progress fails with %G_IO_ERROR_CANCELLED.
 */
void
sp_scenario_run_stop (SpScenarioRun *self)
{
  g_return_if_fail (SP_IS_SCENARIO_RUN (self));

  if (self->task != NULL)
    cancelled_cb (NULL, self);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  for (guint i = 0; self->pane_runs != NULL && i < self->pane_runs->len; i++)
    {
      PaneRun *pane_run = g_ptr_array_index (self->pane_runs, i);
      SpEventLog *log = pane_log (pane_run);

      pane_run->stopped = TRUE;
      g_clear_handle_id (&pane_run->repeat_source, g_source_remove);
      if (log != NULL)
        g_clear_signal_handler (&pane_run->items_handler, log);
      if (pane_run->demo != NULL)
        sp_demo_server_stop (pane_run->demo);
      else if (pane_run->server != NULL)
        sp_server_stop (pane_run->server);
      if (pane_run->client != NULL)
        sp_client_disconnect (pane_run->client);
    }

  if (self->pane_runs != NULL)
    g_ptr_array_set_size (self->pane_runs, 0);

  remove_run_dir (self);
}

const char *
sp_scenario_end_to_string (SpScenarioEnd end)
{
  switch (end)
    {
    case SP_SCENARIO_END_ALL_MET: return "all-met";
    case SP_SCENARIO_END_SETTLED: return "settled";
    case SP_SCENARIO_END_QUIET:   return "quiet";
    case SP_SCENARIO_END_TIMEOUT: return "timeout";
    case SP_SCENARIO_END_NONE:
    default:                      return "none";
    }
}
