/* sp-server-pane.c — a pane that runs one SpServer and shows what it does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-accessible-private.h"
#include "sp-connection-row.h"
#include "sp-endpoint-entry.h"
#include "sp-format-private.h"
#include "sp-log-view.h"
#include "sp-send-box.h"
#include "sp-demo-info.h"
#include "sp-server-pane.h"

struct _SpServerPane
{
  AdwBin              parent_instance;

  SpServer           *server;
  GSignalGroup       *server_signals;
  GBindingGroup      *server_bindings;
  GCancellable       *cancellable;
  GtkSingleSelection *selection;

  /* The port offered by "Use Port N" after a privileged-port failure, or 0. */
  guint16             suggested_port;
  guint               updating_rules : 1;

  /* Template children */
  GtkEditableLabel   *title_label;
  GtkWidget          *state_dot;
  GtkLabel           *state_label;
  GtkButton          *start_button;
  GtkButton          *step_button;
  SpEndpointEntry    *endpoint_entry;
  GtkDropDown        *behaviour_dropdown;
  GtkStack           *behaviour_stack;
  GtkEntry           *reply_entry;
  GtkCheckButton     *close_check;
  SpSendBox          *send_box;
  GtkLabel           *send_error_label;
  GtkTextView        *rules_view;
  GtkLabel           *rules_error_label;
  GtkEntry           *fallback_entry;
  GtkDropDown        *framing_dropdown;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
  GtkButton          *suggested_port_button;
  GtkButton          *free_port_button;
  GtkLabel           *counters_label;
  GtkLabel           *family_label;
  GtkWidget          *behaviour_row;
  GtkWidget          *demo_slot;
  GtkLabel           *connections_heading;
  GtkStack           *connections_stack;
  GtkListView        *connections_view;
  SpLogView          *log_view;
};

enum {
  PROP_0,
  PROP_SERVER,
  PROP_ENDPOINT_TEXT,
  PROP_TITLE,
  PROP_STEP_MODE,
  N_PROPS
};

enum {
  CLOSE_REQUESTED,
  DUPLICATE_REQUESTED,
  EXPORT_REQUESTED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (SpServerPane, sp_server_pane, ADW_TYPE_BIN)

static gboolean sp_server_pane_is_idle (SpServerPane *self);

/* The family and type as the tutorial names them (AF_INET · SOCK_STREAM), what they mean
 * in the tooltip; they follow the endpoint and, once known, the address really used. */
static void
sp_server_pane_update_family (SpServerPane *self)
{
  g_autofree char *meaning = NULL;
  g_autofree char *line = NULL;

  if (self->server == NULL)
    return;

  /* While nothing runs, the line follows what is typed. */
  if (sp_server_pane_is_idle (self) && sp_endpoint_entry_get_endpoint (self->endpoint_entry) != NULL)
    line = sp_address_notes_socket_line_for_endpoint (sp_endpoint_entry_get_endpoint (self->endpoint_entry),
                                                      &meaning);
  else
    line = sp_address_notes_socket_line_for_server (self->server, &meaning);
  gtk_label_set_text (self->family_label, line);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->family_label), meaning);
}

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The stack's pages, in SpBehaviour's order (and the drop-down's). */
static const char *behaviour_pages[] = { "reply", "echo", "discard", "chat", "manual", "rules" };

static gboolean
sp_server_pane_is_idle (SpServerPane *self)
{
  SpServerState state = sp_server_get_state (self->server);

  return state == SP_SERVER_STATE_STOPPED || state == SP_SERVER_STATE_FAILED;
}

/* The one place that decides which of the pane's actions can run. */
static void
sp_server_pane_update_actions (SpServerPane *self)
{
  SpEndpoint *endpoint;
  gboolean idle;
  gboolean valid;
  gboolean inet;
  gboolean listening;
  gboolean manual;
  gboolean can_send;
  gboolean step_mode;
  gboolean can_step;
  guint n_open;

  g_assert (SP_IS_SERVER_PANE (self));

  if (self->server == NULL)
    return;

  endpoint = sp_endpoint_entry_get_endpoint (self->endpoint_entry);
  idle = sp_server_pane_is_idle (self);
  valid = endpoint != NULL;
  inet = valid && sp_endpoint_is_inet (endpoint);
  listening = sp_server_get_state (self->server) == SP_SERVER_STATE_LISTENING;
  manual = sp_server_get_behaviour (self->server) == SP_BEHAVIOUR_MANUAL;
  n_open = g_list_model_get_n_items (sp_server_get_connections (self->server));
  can_send = listening && manual && sp_send_box_get_valid (self->send_box) && n_open > 0;
  step_mode = sp_server_get_step_mode (self->server);
  can_step = sp_server_get_next_call (self->server) != NULL &&
             !sp_server_get_step_waiting (self->server) && (valid || !idle);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.start", idle && valid && !step_mode);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.step", can_step);
  /* A demo's protocol session leads the conversation: it is not stepped. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.step-mode",
                                 idle && gtk_widget_get_first_child (self->demo_slot) == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.stop", !idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.use-free-port", idle && inet);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.use-suggested-port",
                                 idle && inet && self->suggested_port != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.send",
                                 can_send && gtk_single_selection_get_selected_item (self->selection) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.send-all", can_send);

  /* A listening socket keeps the address it was bound to. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->endpoint_entry), idle);
}

static void
sp_server_pane_update_state (SpServerPane *self)
{
  g_autofree char *text = NULL;
  const char *state_class;
  SpEndpoint *bound;

  g_assert (SP_IS_SERVER_PANE (self));

  switch (sp_server_get_state (self->server))
    {
    case SP_SERVER_STATE_STARTING:
      /* Step mode stops between the calls: say which ones are done. */
      bound = sp_server_get_bound_endpoint (self->server);
      if (sp_server_get_next_call_kind (self->server) == SP_EVENT_KIND_BIND)
        text = g_strdup (_("Socket created, not bound yet"));
      else if (sp_server_get_next_call_kind (self->server) == SP_EVENT_KIND_LISTEN && bound != NULL)
        {
          g_autofree char *address = sp_endpoint_is_inet (bound)
            ? sp_endpoint_format_host_port (bound) : sp_endpoint_to_string (bound);

          /* Translators: %s is an address such as 127.0.0.1:12345 */
          text = g_strdup_printf (_("Bound to %s, not listening yet"), address);
        }
      else
        text = g_strdup (_("Starting…"));
      state_class = "starting";
      break;

    case SP_SERVER_STATE_LISTENING:
      bound = sp_server_get_bound_endpoint (self->server);
      if (bound != NULL)
        {
          g_autofree char *address = NULL;

          if (sp_endpoint_is_inet (bound))
            address = sp_endpoint_format_host_port (bound);
          else
            address = sp_endpoint_to_string (bound);

          /* Translators: %s is an address such as 127.0.0.1:12345 */
          text = g_strdup_printf (_("Listening on %s"), address);
        }
      else
        {
          text = g_strdup (_("Listening"));
        }
      state_class = "ready";
      break;

    case SP_SERVER_STATE_FAILED:
      text = g_strdup (_("Failed"));
      state_class = "failed";
      break;

    case SP_SERVER_STATE_STOPPED:
    default:
      text = g_strdup (_("Stopped"));
      state_class = "stopped";
      break;
    }

  gtk_label_set_text (self->state_label, text);
  gtk_widget_set_css_classes (self->state_dot,
                              (const char *[]) { "state-dot", state_class, NULL });
}

/* The Step button says which call it makes; in step mode it takes Start's place. */
static void
sp_server_pane_update_step (SpServerPane *self)
{
  const char *call;
  g_autofree char *label = NULL;
  gboolean step_mode;

  g_assert (SP_IS_SERVER_PANE (self));

  call = sp_server_get_next_call (self->server);
  step_mode = sp_server_get_step_mode (self->server);

  if (call != NULL && sp_server_get_step_waiting (self->server))
    /* Translators: the Step button while a call waits; %s is a call such as accept() */
    label = g_strdup_printf (_("Waiting in %s…"), call);
  else if (call != NULL)
    /* Translators: the Step button; %s is the socket call it makes, such as listen() */
    label = g_strdup_printf (_("Next: %s"), call);
  else
    label = g_strdup (_("Step"));

  gtk_button_set_label (self->step_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->step_button), step_mode);
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), !step_mode);
}

static void
sp_server_pane_update_error (SpServerPane *self)
{
  const GError *error;
  gboolean show;
  gboolean offer_free_port = FALSE;

  g_assert (SP_IS_SERVER_PANE (self));

  error = sp_server_get_error (self->server);
  show = sp_server_get_state (self->server) == SP_SERVER_STATE_FAILED && error != NULL;

  self->suggested_port = 0;

  if (show)
    {
      SpEndpoint *endpoint = sp_server_get_endpoint (self->server);

      gtk_label_set_text (self->error_label, error->message);

      if (g_error_matches (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_ADDRESS_IN_USE))
        {
          offer_free_port = TRUE;
        }
      else if (g_error_matches (error, SP_SOCKET_ERROR, SP_SOCKET_ERROR_PRIVILEGED_PORT))
        {
          offer_free_port = TRUE;
          if (endpoint != NULL && sp_endpoint_is_inet (endpoint))
            self->suggested_port = sp_socket_error_suggest_port (sp_endpoint_get_port (endpoint));
        }
    }

  if (self->suggested_port != 0)
    {
      g_autofree char *label = NULL;

      /* Translators: a button; %u is a port number such as 8080 */
      label = g_strdup_printf (_("Use Port %u"), (guint) self->suggested_port);
      gtk_button_set_label (self->suggested_port_button, label);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->suggested_port_button), self->suggested_port != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->free_port_button), offer_free_port);
  gtk_revealer_set_reveal_child (self->error_revealer, show);
}

static void
sp_server_pane_update_counters (SpServerPane *self)
{
  g_autofree char *text = NULL;

  g_assert (SP_IS_SERVER_PANE (self));

  text = _sp_format_counters (sp_server_get_n_accepted (self->server),
                              sp_server_get_bytes_sent (self->server),
                              sp_server_get_bytes_received (self->server));
  gtk_label_set_text (self->counters_label, text);
}

static void
sp_server_pane_update_connections (SpServerPane *self)
{
  g_autofree char *heading = NULL;
  guint n;

  g_assert (SP_IS_SERVER_PANE (self));

  n = g_list_model_get_n_items (sp_server_get_connections (self->server));

  /* Translators: the heading of a server's list of open connections */
  heading = g_strdup_printf (_("Open Connections: %u"), n);
  gtk_label_set_text (self->connections_heading, heading);
  gtk_stack_set_visible_child_name (self->connections_stack, n > 0 ? "list" : "empty");
}

static void
sp_server_pane_update_behaviour (SpServerPane *self)
{
  SpBehaviour behaviour;

  g_assert (SP_IS_SERVER_PANE (self));

  behaviour = sp_server_get_behaviour (self->server);
  if (behaviour < G_N_ELEMENTS (behaviour_pages))
    {
      if (gtk_drop_down_get_selected (self->behaviour_dropdown) != behaviour)
        gtk_drop_down_set_selected (self->behaviour_dropdown, behaviour);
      gtk_stack_set_visible_child_name (self->behaviour_stack, behaviour_pages[behaviour]);
    }

  if (gtk_drop_down_get_selected (self->framing_dropdown) != sp_server_get_framing (self->server))
    gtk_drop_down_set_selected (self->framing_dropdown, sp_server_get_framing (self->server));

  sp_server_pane_update_actions (self);
}

static void
sp_server_pane_load_rules (SpServerPane *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GListModel *rules;

  g_assert (SP_IS_SERVER_PANE (self));

  if (self->updating_rules)
    return;

  rules = sp_server_get_rules (self->server);
  for (guint i = 0; rules != NULL && i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(SpReplyRule) rule = g_list_model_get_item (rules, i);
      g_autofree char *spec = sp_reply_rule_to_spec (rule);

      g_string_append_printf (text, "%s\n", spec);
    }

  self->updating_rules = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->rules_view), text->str, -1);
  self->updating_rules = FALSE;

  gtk_editable_set_text (GTK_EDITABLE (self->fallback_entry),
                         sp_server_get_fallback_reply (self->server) != NULL
                           ? sp_server_get_fallback_reply (self->server) : "");
}

/* Rules apply as soon as every line reads; until then the server keeps the last good set. */
static void
sp_server_pane_rules_changed_cb (SpServerPane  *self,
                                 GtkTextBuffer *buffer)
{
  g_autoptr(GListStore) rules = g_list_store_new (SP_TYPE_REPLY_RULE);
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GtkTextIter start;
  GtkTextIter end;

  g_assert (SP_IS_SERVER_PANE (self));

  if (self->updating_rules)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(SpReplyRule) rule = NULL;
      g_autoptr(GError) error = NULL;

      if (lines[i][0] == '\0')
        continue;

      rule = sp_reply_rule_parse (lines[i], &error);
      if (rule == NULL)
        {
          /* Translators: %u is a line number, %s why the rule on it does not read */
          message = g_strdup_printf (_("Line %u: %s"), i + 1, error->message);
          break;
        }

      g_list_store_append (rules, rule);
    }

  gtk_label_set_text (self->rules_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->rules_error_label), message != NULL);

  if (message == NULL)
    {
      self->updating_rules = TRUE;
      sp_server_set_rules (self->server, G_LIST_MODEL (rules));
      self->updating_rules = FALSE;
    }
}

static void
sp_server_pane_fallback_changed_cb (SpServerPane *self,
                                    GtkEditable  *editable)
{
  const char *text = gtk_editable_get_text (editable);

  if (self->server == NULL)
    return;

  if (g_strcmp0 (text, sp_server_get_fallback_reply (self->server)) == 0)
    return;

  sp_server_set_fallback_reply (self->server, *text != '\0' ? text : NULL);
}

static void
sp_server_pane_behaviour_selected_cb (SpServerPane *self,
                                      GParamSpec   *pspec,
                                      GtkDropDown  *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->server == NULL || selected >= G_N_ELEMENTS (behaviour_pages))
    return;

  if (sp_server_get_behaviour (self->server) != (SpBehaviour) selected)
    sp_server_set_behaviour (self->server, selected);
}

static void
sp_server_pane_framing_selected_cb (SpServerPane *self,
                                    GParamSpec   *pspec,
                                    GtkDropDown  *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->server == NULL || selected > SP_FRAMING_READ)
    return;

  if (sp_server_get_framing (self->server) != (SpFraming) selected)
    sp_server_set_framing (self->server, selected);
}

/* A server may have no reply text yet; an entry always has some text. */
static gboolean
sp_server_pane_null_to_empty (GBinding     *binding,
                              const GValue *from_value,
                              GValue       *to_value,
                              gpointer      user_data)
{
  const char *text = g_value_get_string (from_value);

  g_value_set_string (to_value, text != NULL ? text : "");

  return TRUE;
}

static void
sp_server_pane_title_changed_cb (SpServerPane     *self,
                                 GParamSpec       *pspec,
                                 GtkEditableLabel *label)
{
  /* A screen reader names the pane by its title, not by its type. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_editable_get_text (GTK_EDITABLE (label)), -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
sp_server_pane_behaviour_changed_cb (SpServerPane *self,
                                     GParamSpec   *pspec,
                                     SpServer     *server)
{
  sp_server_pane_update_behaviour (self);
}

static void
sp_server_pane_rules_property_cb (SpServerPane *self,
                                  GParamSpec   *pspec,
                                  SpServer     *server)
{
  sp_server_pane_load_rules (self);
}

static void
sp_server_pane_state_changed_cb (SpServerPane *self,
                                 GParamSpec   *pspec,
                                 SpServer     *server)
{
  g_assert (SP_IS_SERVER_PANE (self));

  sp_server_pane_update_state (self);
  sp_server_pane_update_error (self);
  sp_server_pane_update_actions (self);
}

static void
sp_server_pane_step_changed_cb (SpServerPane *self,
                                GParamSpec   *pspec,
                                SpServer     *server)
{
  g_assert (SP_IS_SERVER_PANE (self));

  sp_server_pane_update_step (self);
  sp_server_pane_update_state (self);
  sp_server_pane_update_actions (self);
}

static void
sp_server_pane_step_mode_changed_cb (SpServerPane *self,
                                     GParamSpec   *pspec,
                                     SpServer     *server)
{
  sp_server_pane_step_changed_cb (self, pspec, server);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_MODE]);
}

/* After a bind to port 0 the entry shows the port the system chose. */
static void
sp_server_pane_bound_endpoint_changed_cb (SpServerPane *self,
                                          GParamSpec   *pspec,
                                          SpServer     *server)
{
  SpEndpoint *bound;

  g_assert (SP_IS_SERVER_PANE (self));

  bound = sp_server_get_bound_endpoint (server);

  if (bound != NULL)
    {
      g_autofree char *text = sp_endpoint_to_string (bound);

      if (g_strcmp0 (text, sp_endpoint_entry_get_text (self->endpoint_entry)) != 0)
        sp_endpoint_entry_set_text (self->endpoint_entry, text);
    }

  sp_server_pane_update_state (self);
}

static void
sp_server_pane_counters_changed_cb (SpServerPane *self,
                                    GParamSpec   *pspec,
                                    SpServer     *server)
{
  sp_server_pane_update_counters (self);
}

static void
sp_server_pane_n_open_changed_cb (SpServerPane *self,
                                  GParamSpec   *pspec,
                                  SpServer     *server)
{
  sp_server_pane_update_connections (self);
  sp_server_pane_update_actions (self);
}

static void
sp_server_pane_error_changed_cb (SpServerPane *self,
                                 GParamSpec   *pspec,
                                 SpServer     *server)
{
  sp_server_pane_update_error (self);
  sp_server_pane_update_actions (self);
}

static void
sp_server_pane_selection_changed_cb (SpServerPane *self,
                                     GParamSpec   *pspec,
                                     GtkSingleSelection *selection)
{
  sp_server_pane_update_actions (self);
}

static void
sp_server_pane_endpoint_changed_cb (SpServerPane    *self,
                                    GParamSpec      *pspec,
                                    SpEndpointEntry *entry)
{
  g_assert (SP_IS_SERVER_PANE (self));

  /* In step mode the Step button names the first call for the address typed
   * (getaddrinfo() for a name, else socket()). */
  if (self->server != NULL && sp_server_get_step_mode (self->server) &&
      sp_server_pane_is_idle (self) && sp_endpoint_entry_get_endpoint (entry) != NULL)
    sp_server_set_endpoint (self->server, sp_endpoint_entry_get_endpoint (entry));

  sp_server_pane_update_actions (self);
  sp_server_pane_update_family (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT_TEXT]);
}

static void
sp_server_pane_endpoint_activate_cb (SpServerPane    *self,
                                     SpEndpointEntry *entry)
{
  g_assert (SP_IS_SERVER_PANE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "pane.start", NULL);
}

static void
sp_server_pane_send_box_valid_cb (SpServerPane *self,
                                  GParamSpec   *pspec,
                                  SpSendBox    *send_box)
{
  sp_server_pane_update_actions (self);
}

static void
sp_server_pane_send_box_activate_cb (SpServerPane *self,
                                     SpSendBox    *send_box)
{
  if (gtk_single_selection_get_selected_item (self->selection) != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "pane.send", NULL);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "pane.send-all", NULL);
}

static void
sp_server_pane_connection_setup_cb (GtkSignalListItemFactory *factory,
                                    GtkListItem              *item,
                                    gpointer                  user_data)
{
  gtk_list_item_set_child (item, sp_connection_row_new ());
}

static void
sp_server_pane_connection_bind_cb (GtkSignalListItemFactory *factory,
                                   GtkListItem              *item,
                                   gpointer                  user_data)
{
  sp_connection_row_set_connection (SP_CONNECTION_ROW (gtk_list_item_get_child (item)),
                                    gtk_list_item_get_item (item));
}

static void
sp_server_pane_connection_unbind_cb (GtkSignalListItemFactory *factory,
                                     GtkListItem              *item,
                                     gpointer                  user_data)
{
  sp_connection_row_set_connection (SP_CONNECTION_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
sp_server_pane_start_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(SpServerPane) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failure reaches the person through the server's state and error, which the
   * pane already follows; nothing more to show here. */
  if (!sp_server_start_finish (SP_SERVER (object), result, &error))
    g_debug ("Server did not start: %s", error->message);
}

static void
sp_server_pane_start_with (SpServerPane *self,
                           SpEndpoint   *endpoint)
{
  g_assert (SP_IS_SERVER_PANE (self));
  g_assert (SP_IS_ENDPOINT (endpoint));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  sp_server_set_endpoint (self->server, endpoint);

  /* In step mode, another port means starting over from socket(), one call at a time. */
  if (sp_server_get_step_mode (self->server))
    {
      g_autofree char *text = sp_endpoint_to_string (endpoint);
      g_autoptr(GError) error = NULL;

      sp_endpoint_entry_set_text (self->endpoint_entry, text);
      if (!sp_server_step (self->server, &error))
        g_debug ("No step: %s", error->message);
      return;
    }

  sp_server_start_async (self->server,
                         self->cancellable,
                         sp_server_pane_start_cb,
                         g_object_ref (self));
}

static void
sp_server_pane_start_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SpServerPane *self = SP_SERVER_PANE (widget);
  SpEndpoint *endpoint = sp_endpoint_entry_get_endpoint (self->endpoint_entry);

  if (endpoint == NULL || !sp_server_pane_is_idle (self))
    return;

  sp_server_pane_start_with (self, endpoint);
}

static void
sp_server_pane_stop_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SpServerPane *self = SP_SERVER_PANE (widget);

  g_cancellable_cancel (self->cancellable);
  sp_server_stop (self->server);
}

static void
sp_server_pane_step_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SpServerPane *self = SP_SERVER_PANE (widget);
  g_autoptr(GError) error = NULL;

  if (sp_server_pane_is_idle (self))
    {
      SpEndpoint *endpoint = sp_endpoint_entry_get_endpoint (self->endpoint_entry);

      if (endpoint == NULL)
        return;
      sp_server_set_endpoint (self->server, endpoint);
    }

  /* A failed call reaches the person through the server's state and error, which the
   * pane already follows. */
  if (!sp_server_step (self->server, &error))
    g_debug ("No step: %s", error->message);
}

static void
sp_server_pane_use_free_port_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  SpServerPane *self = SP_SERVER_PANE (widget);
  SpEndpoint *current = sp_endpoint_entry_get_endpoint (self->endpoint_entry);
  g_autoptr(SpEndpoint) endpoint = NULL;

  if (current == NULL || !sp_endpoint_is_inet (current))
    return;

  /* Port 0 asks the system for any free port; the entry shows it once bound. */
  endpoint = sp_endpoint_with_port (current, 0);
  sp_server_pane_start_with (self, endpoint);
}

static void
sp_server_pane_use_suggested_port_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  SpServerPane *self = SP_SERVER_PANE (widget);
  SpEndpoint *current = sp_endpoint_entry_get_endpoint (self->endpoint_entry);
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autofree char *text = NULL;

  if (current == NULL || !sp_endpoint_is_inet (current) || self->suggested_port == 0)
    return;

  endpoint = sp_endpoint_with_port (current, self->suggested_port);
  text = sp_endpoint_to_string (endpoint);
  sp_endpoint_entry_set_text (self->endpoint_entry, text);

  sp_server_pane_start_with (self, endpoint);
}

static void
sp_server_pane_send_to (SpServerPane *self,
                        SpConnection *connection)
{
  g_autoptr(GBytes) bytes = sp_send_box_dup_bytes (self->send_box);
  g_autoptr(GError) error = NULL;

  if (bytes == NULL)
    return;

  if (!sp_server_send (self->server, connection, bytes, &error))
    {
      gtk_label_set_text (self->send_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->send_error_label), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->send_error_label), FALSE);
}

static void
sp_server_pane_send_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SpServerPane *self = SP_SERVER_PANE (widget);
  SpConnection *connection = gtk_single_selection_get_selected_item (self->selection);

  if (connection != NULL)
    sp_server_pane_send_to (self, connection);
}

static void
sp_server_pane_send_all_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  sp_server_pane_send_to (SP_SERVER_PANE (widget), NULL);
}

static void
sp_server_pane_rename_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SpServerPane *self = SP_SERVER_PANE (widget);

  gtk_editable_label_start_editing (self->title_label);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_label));
}

static void
sp_server_pane_duplicate_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[DUPLICATE_REQUESTED], 0);
}

static void
sp_server_pane_export_transcript_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  g_signal_emit (widget, signals[EXPORT_REQUESTED], 0);
}

static void
sp_server_pane_close_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE_REQUESTED], 0);
}

/* The keyboard lands on the pane's main button, ready for the next step. */
static gboolean
sp_server_pane_grab_focus (GtkWidget *widget)
{
  SpServerPane *self = SP_SERVER_PANE (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->start_button)) &&
      gtk_widget_is_sensitive (GTK_WIDGET (self->start_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->start_button));

  if (gtk_widget_get_visible (GTK_WIDGET (self->step_button)) &&
      gtk_widget_is_sensitive (GTK_WIDGET (self->step_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->step_button));

  /* Not the name: GtkEditableLabel 4.8 leaves an idle behind when it loses focus. */
  return gtk_widget_grab_focus (GTK_WIDGET (self->behaviour_dropdown));
}

static void
sp_server_pane_constructed (GObject *object)
{
  SpServerPane *self = (SpServerPane *)object;
  SpEndpoint *endpoint;
  g_autofree char *text = NULL;

  G_OBJECT_CLASS (sp_server_pane_parent_class)->constructed (object);

  g_assert (SP_IS_SERVER (self->server));

  g_signal_group_set_target (self->server_signals, self->server);
  sp_server_pane_update_family (self);
  g_binding_group_set_source (self->server_bindings, self->server);
  sp_log_view_set_model (self->log_view, G_LIST_MODEL (sp_server_get_log (self->server)));

  self->selection = gtk_single_selection_new (g_object_ref (sp_server_get_connections (self->server)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (sp_server_pane_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->connections_view, GTK_SELECTION_MODEL (self->selection));

  endpoint = sp_server_get_endpoint (self->server);
  if (endpoint != NULL)
    text = sp_endpoint_to_string (endpoint);
  sp_endpoint_entry_set_text (self->endpoint_entry, text != NULL ? text : "");

  sp_server_pane_load_rules (self);
  sp_server_pane_update_state (self);
  sp_server_pane_update_error (self);
  sp_server_pane_update_counters (self);
  sp_server_pane_update_connections (self);
  sp_server_pane_update_behaviour (self);
  sp_server_pane_update_step (self);
  sp_server_pane_update_actions (self);
}

static void
sp_server_pane_dispose (GObject *object)
{
  SpServerPane *self = (SpServerPane *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->server_signals != NULL)
    g_signal_group_set_target (self->server_signals, NULL);
  if (self->server_bindings != NULL)
    g_binding_group_set_source (self->server_bindings, NULL);

  /* The pane owns its server: closing the pane closes the sockets. */
  if (self->server != NULL && sp_server_get_state (self->server) != SP_SERVER_STATE_STOPPED)
    sp_server_stop (self->server);

  if (self->connections_view != NULL)
    gtk_list_view_set_model (self->connections_view, NULL);

  /* AdwBin unparents its child itself: let go of it before the template does. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_SERVER_PANE);

  g_clear_object (&self->selection);
  g_clear_object (&self->server_signals);
  g_clear_object (&self->server_bindings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (sp_server_pane_parent_class)->dispose (object);
}

static void
sp_server_pane_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpServerPane *self = SP_SERVER_PANE (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;

    case PROP_ENDPOINT_TEXT:
      g_value_set_string (value, sp_server_pane_get_endpoint_text (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, sp_server_pane_get_title (self));
      break;

    case PROP_STEP_MODE:
      g_value_set_boolean (value, self->server != NULL && sp_server_get_step_mode (self->server));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_server_pane_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SpServerPane *self = SP_SERVER_PANE (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;

    case PROP_ENDPOINT_TEXT:
      sp_server_pane_set_endpoint_text (self, g_value_get_string (value));
      break;

    case PROP_TITLE:
      sp_server_pane_set_title (self, g_value_get_string (value));
      break;

    case PROP_STEP_MODE:
      sp_server_set_step_mode (self->server, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_server_pane_class_init (SpServerPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sp_server_pane_constructed;
  object_class->dispose = sp_server_pane_dispose;
  object_class->get_property = sp_server_pane_get_property;
  object_class->set_property = sp_server_pane_set_property;

  widget_class->grab_focus = sp_server_pane_grab_focus;

  /**
   * SpServerPane:server:
   *
   * The server this pane runs and shows.
   */
  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL,
                         SP_TYPE_SERVER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpServerPane:endpoint-text:
   *
   * What the endpoint entry says, valid or not.
   */
  properties[PROP_ENDPOINT_TEXT] =
    g_param_spec_string ("endpoint-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpServerPane:title:
   *
   * The pane's name, which the person may change.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * SpServerPane:step-mode:
   *
   * Whether the server runs one socket call per Step (its #SpServer:step-mode); the
   * pane menu's Step Mode item toggles it.
   */
  properties[PROP_STEP_MODE] =
    g_param_spec_boolean ("step-mode", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpServerPane::close-requested:
   *
   * The person asked to close the pane; its container decides how.
   */
  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * SpServerPane::duplicate-requested:
   *
   * The person asked for a copy of the pane beside it.
   */
  signals[DUPLICATE_REQUESTED] =
    g_signal_new ("duplicate-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * SpServerPane::export-requested:
   *
   * The person asked to save the pane's log as a transcript; its container asks where.
   */
  signals[EXPORT_REQUESTED] =
    g_signal_new ("export-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/sp-server-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, behaviour_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, behaviour_stack);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, behaviour_row);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, demo_slot);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, close_check);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, connections_heading);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, connections_stack);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, connections_view);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, counters_label);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, family_label);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, endpoint_entry);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, fallback_entry);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, framing_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, free_port_button);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, log_view);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, reply_entry);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, rules_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, rules_view);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, send_box);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, send_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, start_button);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, state_dot);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, step_button);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, state_label);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, suggested_port_button);
  gtk_widget_class_bind_template_child (widget_class, SpServerPane, title_label);
  gtk_widget_class_bind_template_callback (widget_class, sp_server_pane_behaviour_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_server_pane_endpoint_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_server_pane_endpoint_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_server_pane_fallback_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_server_pane_framing_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_server_pane_send_box_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_server_pane_send_box_valid_cb);
  gtk_widget_class_bind_template_callback (widget_class, sp_server_pane_title_changed_cb);

  gtk_widget_class_install_action (widget_class, "pane.start", NULL,
                                   sp_server_pane_start_action);
  gtk_widget_class_install_action (widget_class, "pane.stop", NULL,
                                   sp_server_pane_stop_action);
  gtk_widget_class_install_action (widget_class, "pane.step", NULL,
                                   sp_server_pane_step_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "pane.step", NULL);
  gtk_widget_class_install_property_action (widget_class, "pane.step-mode", "step-mode");
  gtk_widget_class_install_action (widget_class, "pane.use-free-port", NULL,
                                   sp_server_pane_use_free_port_action);
  gtk_widget_class_install_action (widget_class, "pane.use-suggested-port", NULL,
                                   sp_server_pane_use_suggested_port_action);
  gtk_widget_class_install_action (widget_class, "pane.send", NULL,
                                   sp_server_pane_send_action);
  gtk_widget_class_install_action (widget_class, "pane.send-all", NULL,
                                   sp_server_pane_send_all_action);
  gtk_widget_class_install_action (widget_class, "pane.rename", NULL,
                                   sp_server_pane_rename_action);
  gtk_widget_class_install_action (widget_class, "pane.duplicate", NULL,
                                   sp_server_pane_duplicate_action);
  gtk_widget_class_install_action (widget_class, "pane.close", NULL,
                                   sp_server_pane_close_action);
  gtk_widget_class_install_action (widget_class, "pane.export-transcript", NULL,
                                   sp_server_pane_export_transcript_action);

  gtk_widget_class_set_css_name (widget_class, "serverpane");

  g_type_ensure (SP_TYPE_ENDPOINT_ENTRY);
  g_type_ensure (SP_TYPE_LOG_VIEW);
  g_type_ensure (SP_TYPE_SEND_BOX);
}

static void
sp_server_pane_init (SpServerPane *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The names their visible labels give the drop-downs, without the mnemonics. */
  _sp_accessible_name_dropdown (self->behaviour_dropdown, _("Behaviour"));
  _sp_accessible_name_dropdown (self->framing_dropdown, _("Messages are"));

  gtk_editable_set_text (GTK_EDITABLE (self->title_label), _("Server"));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (sp_server_pane_connection_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (sp_server_pane_connection_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (sp_server_pane_connection_unbind_cb), NULL);
  gtk_list_view_set_factory (self->connections_view, factory);

  g_signal_connect_object (gtk_text_view_get_buffer (self->rules_view), "changed",
                           G_CALLBACK (sp_server_pane_rules_changed_cb),
                           self, G_CONNECT_SWAPPED);

  self->server_signals = g_signal_group_new (SP_TYPE_SERVER);
  g_signal_group_connect_object (self->server_signals, "notify::endpoint",
                                 G_CALLBACK (sp_server_pane_update_family),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::state",
                                 G_CALLBACK (sp_server_pane_update_family),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::state",
                                 G_CALLBACK (sp_server_pane_state_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::bound-endpoint",
                                 G_CALLBACK (sp_server_pane_bound_endpoint_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::error-message",
                                 G_CALLBACK (sp_server_pane_error_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::n-accepted",
                                 G_CALLBACK (sp_server_pane_counters_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::bytes-sent",
                                 G_CALLBACK (sp_server_pane_counters_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::bytes-received",
                                 G_CALLBACK (sp_server_pane_counters_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::n-open",
                                 G_CALLBACK (sp_server_pane_n_open_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::behaviour",
                                 G_CALLBACK (sp_server_pane_behaviour_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::framing",
                                 G_CALLBACK (sp_server_pane_behaviour_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::rules",
                                 G_CALLBACK (sp_server_pane_rules_property_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::fallback-reply",
                                 G_CALLBACK (sp_server_pane_rules_property_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::step-mode",
                                 G_CALLBACK (sp_server_pane_step_mode_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::next-call",
                                 G_CALLBACK (sp_server_pane_step_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->server_signals, "notify::step-waiting",
                                 G_CALLBACK (sp_server_pane_step_changed_cb),
                                 self, G_CONNECT_SWAPPED);

  /* The behaviour is edited in place, and whatever else changes it is shown. */
  self->server_bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->server_bindings, "reply-text",
                             self->reply_entry, "text",
                             G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                             sp_server_pane_null_to_empty, NULL, NULL, NULL);
  g_binding_group_bind (self->server_bindings, "close-after-reply",
                        self->close_check, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

/**
 * sp_server_pane_new:
 * @server: the server the pane runs
 *
 * Returns: (transfer floating): a new #SpServerPane
 */
GtkWidget *
sp_server_pane_new (SpServer *server)
{
  g_return_val_if_fail (SP_IS_SERVER (server), NULL);

  return g_object_new (SP_TYPE_SERVER_PANE,
                       "server", server,
                       NULL);
}

static void
sp_server_pane_copy_texts (SpServerPane *self,
                           SpServerPane *copy)
{
  sp_server_pane_set_endpoint_text (copy, sp_server_pane_get_endpoint_text (self));
  sp_send_box_set_hex (copy->send_box, sp_send_box_get_hex (self->send_box));
  sp_send_box_set_text (copy->send_box, sp_send_box_get_text (self->send_box));
}

/**
 * sp_server_pane_duplicate:
 *
 * A new pane with a new, stopped server set up as this one: address as typed,
 * behaviour, reply, rules and framing. The sockets are not copied.
 *
 * Returns: (transfer floating): a new #SpServerPane
 */
GtkWidget *
sp_server_pane_duplicate (SpServerPane *self)
{
  g_autoptr(SpServer) server = NULL;
  SpDemoServer *demo;
  SpEndpoint *endpoint;
  GtkWidget *copy;

  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  endpoint = sp_endpoint_entry_get_endpoint (self->endpoint_entry);
  if (endpoint == NULL)
    endpoint = sp_server_get_endpoint (self->server);

  /* A demo's copy speaks the same protocol. */
  demo = sp_server_pane_get_demo (self);
  if (demo != NULL)
    {
      g_autoptr(SpDemoServer) demo_copy = sp_demo_server_new (sp_demo_server_get_protocol (demo),
                                                              endpoint, NULL);

      if (demo_copy != NULL)
        {
          /* Mail sent to the copy reaches the readers of the original. */
          sp_demo_server_set_mailbox (demo_copy, sp_demo_server_get_mailbox (demo));
          copy = sp_server_pane_new (sp_demo_server_get_server (demo_copy));
          sp_server_pane_set_demo (SP_SERVER_PANE (copy), demo_copy);
          sp_server_pane_copy_texts (self, SP_SERVER_PANE (copy));
          return copy;
        }
    }

  server = sp_server_new (endpoint);
  sp_server_set_behaviour (server, sp_server_get_behaviour (self->server));
  sp_server_set_reply_text (server, sp_server_get_reply_text (self->server));
  sp_server_set_close_after_reply (server, sp_server_get_close_after_reply (self->server));
  sp_server_set_rules (server, sp_server_get_rules (self->server));
  sp_server_set_fallback_reply (server, sp_server_get_fallback_reply (self->server));
  sp_server_set_framing (server, sp_server_get_framing (self->server));
  sp_server_set_frame_length (server, sp_server_get_frame_length (self->server));
  sp_server_set_step_mode (server, sp_server_get_step_mode (self->server));

  copy = sp_server_pane_new (server);
  sp_server_pane_copy_texts (self, SP_SERVER_PANE (copy));

  return copy;
}

/**
 * sp_server_pane_reopen:
 *
 * A new pane on this pane's own server, with its log and totals, and with what this
 * pane's fields say: how Undo brings a closed pane back.
 *
 * Returns: (transfer floating): a new #SpServerPane
 */
GtkWidget *
sp_server_pane_reopen (SpServerPane *self)
{
  GtkWidget *copy;

  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  copy = sp_server_pane_new (self->server);
  sp_server_pane_copy_texts (self, SP_SERVER_PANE (copy));
  sp_server_pane_set_title (SP_SERVER_PANE (copy), sp_server_pane_get_title (self));

  return copy;
}

/**
 * sp_server_pane_get_server:
 *
 * Returns: (transfer none): the server this pane runs
 */
SpServer *
sp_server_pane_get_server (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return self->server;
}

const char *
sp_server_pane_get_title (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->title_label));
}

void
sp_server_pane_set_title (SpServerPane *self,
                          const char   *title)
{
  g_return_if_fail (SP_IS_SERVER_PANE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_label), title != NULL ? title : "");
}

const char *
sp_server_pane_get_endpoint_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return sp_endpoint_entry_get_text (self->endpoint_entry);
}

/**
 * sp_server_pane_set_endpoint_text:
 *
 * Puts @text in the endpoint entry, as if typed: it is validated at once and used by
 * the next start.
 */
void
sp_server_pane_set_endpoint_text (SpServerPane *self,
                                  const char   *text)
{
  g_return_if_fail (SP_IS_SERVER_PANE (self));

  sp_endpoint_entry_set_text (self->endpoint_entry, text);
}

/**
 * sp_server_pane_get_endpoint_error_text:
 *
 * Returns: (nullable): why the endpoint entry's text is not valid, or %NULL when it is
 */
const char *
sp_server_pane_get_endpoint_error_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return sp_endpoint_entry_get_error_text (self->endpoint_entry);
}

/**
 * sp_server_pane_get_endpoint_warning_text:
 *
 * Returns: (nullable): the warning that the server would be reachable from the network
 */
const char *
sp_server_pane_get_endpoint_warning_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return sp_endpoint_entry_get_warning_text (self->endpoint_entry);
}

/**
 * sp_server_pane_get_can_start:
 *
 * Returns: whether the Start Server button can be clicked now
 */
gboolean
sp_server_pane_get_can_start (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), FALSE);

  return gtk_widget_is_sensitive (GTK_WIDGET (self->start_button));
}

/**
 * sp_server_pane_get_state_text:
 *
 * Returns: the state as the pane shows it, such as "Listening on 127.0.0.1:12345"
 */
const char *
sp_server_pane_get_state_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return gtk_label_get_text (self->state_label);
}

/**
 * sp_server_pane_get_error_text:
 *
 * Returns: (nullable): the sentence in the error box, or %NULL when the box is hidden
 */
const char *
sp_server_pane_get_error_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

/**
 * sp_server_pane_get_suggested_port:
 *
 * Returns: the port the error box offers with its "Use Port N" button, or 0
 */
guint16
sp_server_pane_get_suggested_port (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), 0);

  return self->suggested_port;
}

/**
 * sp_server_pane_get_counters_text:
 *
 * Returns: the totals as the pane shows them: "Connections: 1 · Sent: 24 bytes · …"
 */
const char *
sp_server_pane_get_counters_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return gtk_label_get_text (self->counters_label);
}

/**
 * sp_server_pane_set_behaviour:
 *
 * Chooses @behaviour as the drop-down does.
 */
void
sp_server_pane_set_behaviour (SpServerPane *self,
                              SpBehaviour   behaviour)
{
  g_return_if_fail (SP_IS_SERVER_PANE (self));
  g_return_if_fail (behaviour < G_N_ELEMENTS (behaviour_pages));

  gtk_drop_down_set_selected (self->behaviour_dropdown, behaviour);
}

/**
 * sp_server_pane_set_rules_text:
 *
 * Puts @text in the rules editor, as if typed.
 */
void
sp_server_pane_set_rules_text (SpServerPane *self,
                               const char   *text)
{
  g_return_if_fail (SP_IS_SERVER_PANE (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->rules_view), text != NULL ? text : "", -1);
}

/**
 * sp_server_pane_get_rules_error_text:
 *
 * Returns: (nullable): why a line of the rules does not read, or %NULL
 */
const char *
sp_server_pane_get_rules_error_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->rules_error_label)))
    return NULL;

  return gtk_label_get_text (self->rules_error_label);
}

/**
 * sp_server_pane_get_send_box:
 *
 * Returns: (transfer none): what manual mode sends
 */
SpSendBox *
sp_server_pane_get_send_box (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return self->send_box;
}

/**
 * sp_server_pane_get_connections:
 *
 * Returns: (transfer none): the open connections, one of which may be chosen as
 *   where manual mode sends
 */
GtkSelectionModel *
sp_server_pane_get_connections (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

/**
 * sp_server_pane_get_send_error_text:
 *
 * Returns: (nullable): why the last manual send failed, or %NULL
 */
const char *
sp_server_pane_get_send_error_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->send_error_label)))
    return NULL;

  return gtk_label_get_text (self->send_error_label);
}

/**
 * sp_server_pane_get_n_live_sockets:
 *
 * Returns: how many sockets closing the pane would close: the listening socket and
 *   each open connection
 */
guint
sp_server_pane_get_n_live_sockets (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), 0);

  if (sp_server_pane_is_idle (self))
    return 0;

  return 1 + g_list_model_get_n_items (sp_server_get_connections (self->server));
}

/**
 * sp_server_pane_close_sockets:
 *
 * Stops the server, closing its listening socket and every open connection.
 *
 * Returns: how many connections were open
 */
guint
sp_server_pane_close_sockets (SpServerPane *self)
{
  guint n_open;

  g_return_val_if_fail (SP_IS_SERVER_PANE (self), 0);

  n_open = g_list_model_get_n_items (sp_server_get_connections (self->server));

  g_cancellable_cancel (self->cancellable);
  if (sp_server_get_state (self->server) != SP_SERVER_STATE_STOPPED)
    sp_server_stop (self->server);

  return n_open;
}

/**
 * sp_server_pane_get_step_label:
 *
 * Returns: (nullable): what the Step button says, such as "Next: accept()", or %NULL
 *   while it is hidden (step mode is off)
 */
const char *
sp_server_pane_get_step_label (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->step_button)))
    return NULL;

  return gtk_button_get_label (self->step_button);
}

/**
 * sp_server_pane_get_can_step:
 *
 * Returns: whether the Step button can be clicked now
 */
gboolean
sp_server_pane_get_can_step (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->step_button)) &&
         gtk_widget_is_sensitive (GTK_WIDGET (self->step_button));
}

/**
 * sp_server_pane_set_demo:
 * @demo: the demo server whose #SpServer this pane runs
 *
 * Turns the pane into a demo server's: the protocol answers, so the behaviour settings
 * give way to what the demo tells (its login and a Python snippet).
 */
void
sp_server_pane_set_demo (SpServerPane *self,
                         SpDemoServer *demo)
{
  GtkWidget *child;

  g_return_if_fail (SP_IS_SERVER_PANE (self));
  g_return_if_fail (SP_IS_DEMO_SERVER (demo));
  g_return_if_fail (sp_demo_server_get_server (demo) == self->server);

  while ((child = gtk_widget_get_first_child (self->demo_slot)) != NULL)
    gtk_box_remove (GTK_BOX (self->demo_slot), child);

  gtk_box_append (GTK_BOX (self->demo_slot), sp_demo_info_new (demo));
  gtk_widget_set_visible (self->demo_slot, TRUE);
  gtk_widget_set_visible (self->behaviour_row, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->behaviour_stack), FALSE);
  sp_server_pane_update_actions (self);
}

/**
 * sp_server_pane_get_demo:
 *
 * Returns: (nullable) (transfer none): the demo server this pane runs, if any
 */
SpDemoServer *
sp_server_pane_get_demo (SpServerPane *self)
{
  GtkWidget *child;

  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  child = gtk_widget_get_first_child (self->demo_slot);
  return SP_IS_DEMO_INFO (child) ? sp_demo_info_get_demo (SP_DEMO_INFO (child)) : NULL;
}

/**
 * sp_server_pane_get_log_view:
 *
 * Returns: (transfer none): the pane's log view
 */
SpLogView *
sp_server_pane_get_log_view (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return self->log_view;
}

/* For tests: the address family and socket type line, as shown. */
const char *
sp_server_pane_get_family_text (SpServerPane *self)
{
  g_return_val_if_fail (SP_IS_SERVER_PANE (self), NULL);

  return gtk_label_get_text (self->family_label);
}
