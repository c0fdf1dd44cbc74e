/* sp-demo-info.c — what a demo server pane tells: the protocol, the login, Python to try
 *
 * The snippet names the address the server really listens on, so it follows the pane
 * when the port changes or the system picks one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-demo-info.h"

struct _SpDemoInfo
{
  GtkWidget     parent_instance;

  SpDemoServer *demo;
  char         *snippet;

  GtkWidget    *box;
  GtkLabel     *title_label;
  GtkLabel     *login_label;
  GtkLabel     *snippet_label;
};

G_DEFINE_FINAL_TYPE (SpDemoInfo, sp_demo_info, GTK_TYPE_WIDGET)

/* The host and port to show: the bound address once listening, the configured one before. */
static void
sp_demo_info_update_snippet (SpDemoInfo *self)
{
  SpServer *server = sp_demo_server_get_server (self->demo);
  SpEndpoint *endpoint = sp_server_get_bound_endpoint (server);
  const char *host;

  if (endpoint == NULL)
    endpoint = sp_server_get_endpoint (server);

  host = sp_endpoint_is_inet (endpoint) ? sp_endpoint_get_host (endpoint) : "127.0.0.1";
  /* A server on every interface is reached here through loopback. */
  if (g_strcmp0 (host, "0.0.0.0") == 0)
    host = "127.0.0.1";
  else if (g_strcmp0 (host, "::") == 0)
    host = "::1";

  g_free (self->snippet);
  self->snippet = sp_demo_server_dup_python_snippet (sp_demo_server_get_protocol (self->demo), host,
                                                     sp_endpoint_is_inet (endpoint)
                                                       ? sp_endpoint_get_port (endpoint) : 0);
  gtk_label_set_text (self->snippet_label, self->snippet != NULL ? self->snippet : "");
  gtk_widget_set_visible (GTK_WIDGET (self->snippet_label), self->snippet != NULL);
}

static void
sp_demo_info_copy_snippet_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SpDemoInfo *self = SP_DEMO_INFO (widget);

  if (self->snippet != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->snippet);
}

static void
sp_demo_info_dispose (GObject *object)
{
  SpDemoInfo *self = SP_DEMO_INFO (object);

  if (self->demo != NULL)
    g_signal_handlers_disconnect_by_data (sp_demo_server_get_server (self->demo), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_DEMO_INFO);
  g_clear_object (&self->demo);

  G_OBJECT_CLASS (sp_demo_info_parent_class)->dispose (object);
}

static void
sp_demo_info_finalize (GObject *object)
{
  SpDemoInfo *self = SP_DEMO_INFO (object);

  g_free (self->snippet);

  G_OBJECT_CLASS (sp_demo_info_parent_class)->finalize (object);
}

static void
sp_demo_info_class_init (SpDemoInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_demo_info_dispose;
  object_class->finalize = sp_demo_info_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/sp-demo-info.ui");
  gtk_widget_class_bind_template_child (widget_class, SpDemoInfo, box);
  gtk_widget_class_bind_template_child (widget_class, SpDemoInfo, title_label);
  gtk_widget_class_bind_template_child (widget_class, SpDemoInfo, login_label);
  gtk_widget_class_bind_template_child (widget_class, SpDemoInfo, snippet_label);
  gtk_widget_class_install_action (widget_class, "demo.copy-snippet", NULL,
                                   sp_demo_info_copy_snippet_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sp_demo_info_init (SpDemoInfo *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sp_demo_info_new:
 *
 * Returns: (transfer floating): a new #SpDemoInfo for @demo
 */
GtkWidget *
sp_demo_info_new (SpDemoServer *demo)
{
  SpDemoInfo *self;
  g_autofree char *title = NULL;
  g_autofree char *login = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *port_text = NULL;
  SpProtocol *protocol;

  g_return_val_if_fail (SP_IS_DEMO_SERVER (demo), NULL);

  self = g_object_new (SP_TYPE_DEMO_INFO, NULL);
  self->demo = g_object_ref (demo);

  /* The catalogue's spelling (IMAP4, Gopher), found by the protocol's standard port. */
  port_text = g_strdup_printf ("%u", sp_demo_server_default_port (sp_demo_server_get_protocol (demo))
                                     - SP_DEMO_PORT_OFFSET);
  protocol = sp_protocols_lookup (port_text);
  upper = protocol != NULL ? g_strdup (sp_protocol_get_name (protocol))
                           : g_ascii_strup (sp_demo_server_get_protocol (demo), -1);
  /* Translators: %s is a protocol such as SMTP */
  title = g_strdup_printf (_("A demo %s server: a small, honest subset of the protocol"), upper);
  gtk_label_set_text (self->title_label, title);
  /* Translators: the two %s are the demo login, learner and playground; keep them as they are */
  login = g_strdup_printf (_("Log in as “%s” with the password “%s”. Commands it does not know get the protocol’s own error reply."),
                           SP_DEMO_USER, SP_DEMO_PASSWORD);
  gtk_label_set_text (self->login_label, login);

  g_signal_connect_object (sp_demo_server_get_server (demo), "notify::bound-endpoint",
                           G_CALLBACK (sp_demo_info_update_snippet), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sp_demo_server_get_server (demo), "notify::endpoint",
                           G_CALLBACK (sp_demo_info_update_snippet), self, G_CONNECT_SWAPPED);
  sp_demo_info_update_snippet (self);

  return GTK_WIDGET (self);
}

SpDemoServer *
sp_demo_info_get_demo (SpDemoInfo *self)
{
  g_return_val_if_fail (SP_IS_DEMO_INFO (self), NULL);

  return self->demo;
}

const char *
sp_demo_info_get_snippet (SpDemoInfo *self)
{
  g_return_val_if_fail (SP_IS_DEMO_INFO (self), NULL);

  return self->snippet;
}
