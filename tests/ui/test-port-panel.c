/* test-port-panel.c — the port reference: lists, search, transport filter, Try It, names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panel is shown in a window under Xvfb and driven as a person would: typing in
 * the search entry, pressing the transport buttons, clicking Try It. With
 * SP_TEST_SCREENSHOT_DIR set, /port-panel/screenshot saves what it looks like.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <libglib-testing/signal-logger.h>

#include "sp-core.h"
#include "sp-port-panel.h"
#include "sp-ui-test.h"

typedef struct
{
  GtkWindow   *window;
  SpPortPanel *panel;
} Fixture;

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_descendants (GtkWidget *widget,
                     GType      type,
                     GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_descendants (child, type, found);
}

static gboolean
has_label_text (GtkWidget  *widget,
                const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_descendants (widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) &&
        g_strcmp0 (gtk_label_get_label (labels->pdata[i]), text) == 0)
      return TRUE;

  return FALSE;
}

/* The protocols the list shows, as "HTTP,NNTP,…". */
static char *
shown_names (SpPortPanel *panel)
{
  GtkListView *list_view = GTK_LIST_VIEW (find_descendant (GTK_WIDGET (panel), GTK_TYPE_LIST_VIEW));
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list_view));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpProtocol) protocol = g_list_model_get_item (model, i);

      g_strv_builder_add (builder, sp_protocol_get_name (protocol));
    }

  names = g_strv_builder_end (builder);
  return g_strjoinv (",", names);
}

static gboolean
shows (SpPortPanel *panel,
       const char  *name)
{
  g_autofree char *names = shown_names (panel);
  g_autofree char *wrapped = g_strconcat (",", names, ",", NULL);
  g_autofree char *needle = g_strconcat (",", name, ",", NULL);

  return strstr (wrapped, needle) != NULL;
}

static gboolean
shows_exactly (SpPortPanel *panel,
               const char  *expected)
{
  g_autofree char *names = shown_names (panel);

  return g_strcmp0 (names, expected) == 0;
}

static guint
n_shown (SpPortPanel *panel)
{
  GtkListView *list_view = GTK_LIST_VIEW (find_descendant (GTK_WIDGET (panel), GTK_TYPE_LIST_VIEW));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list_view)));
}

static void
type_search (SpPortPanel *panel,
             const char  *text)
{
  GtkWidget *entry = find_descendant (GTK_WIDGET (panel), GTK_TYPE_SEARCH_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* The Try It button a row shows for @name, once the list has drawn that row. */
static GtkWidget *
find_try_button (SpPortPanel *panel,
                 const char  *name)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_descendants (GTK_WIDGET (panel), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkActionable *button = buttons->pdata[i];
      GVariant *target = gtk_actionable_get_action_target_value (button);

      if (g_strcmp0 (gtk_actionable_get_action_name (button), "ports.try-it") == 0 &&
          target != NULL &&
          g_strcmp0 (g_variant_get_string (target, NULL), name) == 0 &&
          gtk_widget_get_mapped (GTK_WIDGET (button)))
        return GTK_WIDGET (button);
    }

  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_set_default_size (fixture->window, 380, 860);

  fixture->panel = SP_PORT_PANEL (sp_port_panel_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->panel));
  gtk_window_present (fixture->window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->panel)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  WAIT_UNTIL (fixture->window == NULL);
}

static void
test_port_panel_create_destroy (void)
{
  GtkWidget *panel = sp_port_panel_new ();

  g_object_ref_sink (panel);
  g_assert_cmpstr (sp_port_panel_get_search_text (SP_PORT_PANEL (panel)), ==, "");
  g_assert_cmpstr (sp_port_panel_get_transport_filter (SP_PORT_PANEL (panel)), ==, "");
  g_assert_cmpuint (n_shown (SP_PORT_PANEL (panel)), ==,
                    g_list_model_get_n_items (sp_protocols_get_default ()));
  g_assert_finalize_object (panel);
}

static void
test_port_panel_lists_tutorial (Fixture       *fixture,
                                gconstpointer  user_data)
{
  const struct {
    const char *name;
    const char *heading;
  } tutorial[] = {
    { "HTTP", "HTTP · 80" },
    { "NNTP", "NNTP · 119" },
    { "FTP", "FTP · 21, 20" },
    { "SMTP", "SMTP · 25" },
    { "POP3", "POP3 · 110" },
    { "IMAP4", "IMAP4 · 143" },
    { "Telnet", "Telnet · 23" },
    { "Gopher", "Gopher · 70" },
  };
  g_autofree char *names = shown_names (fixture->panel);

  g_assert_true (g_str_has_prefix (names, "HTTP,NNTP,FTP,SMTP,POP3,IMAP4,Telnet,Gopher,"));

  /* Each one's row, drawn with its port, searched for by name. */
  for (guint i = 0; i < G_N_ELEMENTS (tutorial); i++)
    {
      sp_port_panel_set_search_text (fixture->panel, tutorial[i].name);
      WAIT_UNTIL (has_label_text (GTK_WIDGET (fixture->panel), tutorial[i].heading));
    }

  sp_port_panel_set_search_text (fixture->panel, NULL);
  g_assert_cmpuint (n_shown (fixture->panel), ==, g_list_model_get_n_items (sp_protocols_get_default ()));
  WAIT_UNTIL (has_label_text (GTK_WIDGET (fixture->panel), "HTTP · 80"));
  g_assert_true (has_label_text (GTK_WIDGET (fixture->panel), "Hypertext Transfer Protocol"));
  g_assert_true (has_label_text (GTK_WIDGET (fixture->panel), "HEAD / HTTP/1.0\\r\\n\\r\\n"));
}

static void
test_port_panel_search (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkStack *stack = GTK_STACK (find_descendant (GTK_WIDGET (fixture->panel), GTK_TYPE_STACK));
  guint all = g_list_model_get_n_items (sp_protocols_get_default ());

  /* Typed in the entry, as a person would. */
  type_search (fixture->panel, "smtp");
  WAIT_UNTIL (!shows (fixture->panel, "HTTP"));
  g_assert_true (shows (fixture->panel, "SMTP"));
  g_assert_cmpstr (sp_port_panel_get_search_text (fixture->panel), ==, "smtp");

  type_search (fixture->panel, "25");
  WAIT_UNTIL (shows_exactly (fixture->panel, "SMTP"));

  /* A number finds the ports that start with it, while the person types. */
  type_search (fixture->panel, "11");
  WAIT_UNTIL (shows_exactly (fixture->panel, "NNTP,POP3"));

  /* FTP's data port, and HTTP's demo port. */
  type_search (fixture->panel, "20");
  WAIT_UNTIL (shows_exactly (fixture->panel, "FTP"));
  type_search (fixture->panel, "8080");
  WAIT_UNTIL (shows_exactly (fixture->panel, "HTTP"));

  /* The full name, in any case. */
  type_search (fixture->panel, "  network NEWS ");
  WAIT_UNTIL (shows_exactly (fixture->panel, "NNTP"));

  /* Nothing matches: a sentence instead of an empty list. */
  type_search (fixture->panel, "no such protocol");
  WAIT_UNTIL (n_shown (fixture->panel) == 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");

  type_search (fixture->panel, "");
  WAIT_UNTIL (n_shown (fixture->panel) == all);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");

  /* The property searches at once. */
  sp_port_panel_set_search_text (fixture->panel, "Gopher");
  g_assert_true (shows_exactly (fixture->panel, "Gopher"));
  sp_port_panel_set_search_text (fixture->panel, "");
  g_assert_cmpuint (n_shown (fixture->panel), ==, all);
}

static void
test_port_panel_transport (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GPtrArray) toggles = g_ptr_array_new ();
  GtkWidget *udp_toggle = NULL;
  GtkWidget *all_toggle = NULL;
  guint all = g_list_model_get_n_items (sp_protocols_get_default ());
  GListModel *model;

  collect_descendants (GTK_WIDGET (fixture->panel), GTK_TYPE_TOGGLE_BUTTON, toggles);
  for (guint i = 0; i < toggles->len; i++)
    {
      const char *label = gtk_button_get_label (toggles->pdata[i]);

      if (g_strcmp0 (label, "UDP") == 0)
        udp_toggle = toggles->pdata[i];
      else if (g_strcmp0 (label, "All") == 0)
        all_toggle = toggles->pdata[i];
    }
  g_assert_nonnull (udp_toggle);
  g_assert_nonnull (all_toggle);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (all_toggle)));

  /* The UDP button: DNS and NTP stay, HTTP goes. */
  gtk_widget_activate (udp_toggle);
  WAIT_UNTIL (!shows (fixture->panel, "HTTP"));
  g_assert_cmpstr (sp_port_panel_get_transport_filter (fixture->panel), ==, "udp");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (udp_toggle)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (all_toggle)));
  g_assert_true (shows (fixture->panel, "DNS"));
  g_assert_true (shows (fixture->panel, "NTP"));

  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (find_descendant (GTK_WIDGET (fixture->panel),
                                                                                 GTK_TYPE_LIST_VIEW))));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpProtocol) protocol = g_list_model_get_item (model, i);

      g_assert_cmpint (sp_protocol_get_transport (protocol), ==, SP_TRANSPORT_UDP);
    }

  /* Search and transport together. */
  type_search (fixture->panel, "53");
  WAIT_UNTIL (shows_exactly (fixture->panel, "DNS"));
  type_search (fixture->panel, "");
  WAIT_UNTIL (!shows_exactly (fixture->panel, "DNS"));

  /* TCP, through the action the buttons use. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "ports.transport", "s", "tcp"));
  WAIT_UNTIL (shows (fixture->panel, "HTTP"));
  g_assert_false (shows (fixture->panel, "DNS"));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (udp_toggle)));

  gtk_widget_activate (all_toggle);
  WAIT_UNTIL (n_shown (fixture->panel) == all);
  g_assert_cmpstr (sp_port_panel_get_transport_filter (fixture->panel), ==, "");
}

static void
test_port_panel_try_it (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  SpProtocol *http = sp_protocols_lookup ("HTTP");
  SpProtocol *dns = sp_protocols_lookup ("DNS");
  SpProtocol *emitted = NULL;
  GtkWidget *button;
  GtkWidget *list_view;

  gt_signal_logger_connect (logger, fixture->panel, "try-it");

  /* HTTP's own Try It button, clicked. */
  WAIT_UNTIL (find_try_button (fixture->panel, "HTTP") != NULL);
  button = find_try_button (fixture->panel, "HTTP");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");

  WAIT_UNTIL (gt_signal_logger_get_n_emissions (logger) == 1);
  gt_signal_logger_assert_emission_pop (logger, fixture->panel, "try-it", &emitted);
  g_assert_true (emitted == http);
  g_clear_object (&emitted);

  /* The action, as a keyboard shortcut or a menu would use it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "ports.try-it", "s", "DNS"));
  gt_signal_logger_assert_emission_pop (logger, fixture->panel, "try-it", &emitted);
  g_assert_true (emitted == dns);
  g_clear_object (&emitted);

  /* Enter on a row: the row shown first once the list is searched for SMTP. */
  sp_port_panel_set_search_text (fixture->panel, "25");
  list_view = find_descendant (GTK_WIDGET (fixture->panel), GTK_TYPE_LIST_VIEW);
  g_signal_emit_by_name (list_view, "activate", 0);
  gt_signal_logger_assert_emission_pop (logger, fixture->panel, "try-it", &emitted);
  g_assert_cmpstr (sp_protocol_get_name (emitted), ==, "SMTP");
  g_clear_object (&emitted);

  gt_signal_logger_assert_no_emissions (logger);
}

static void
test_port_panel_accessible (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GHashTable) try_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWidget *entry = find_descendant (GTK_WIDGET (fixture->panel), GTK_TYPE_SEARCH_ENTRY);
  guint n_try = 0;

  WAIT_UNTIL (find_try_button (fixture->panel, "HTTP") != NULL);

  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL));

  collect_descendants (GTK_WIDGET (fixture->panel), GTK_TYPE_BUTTON, buttons);
  g_assert_cmpuint (buttons->len, >, 3);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = buttons->pdata[i];
      const char *label = gtk_button_get_label (GTK_BUTTON (button));
      const char *action = gtk_actionable_get_action_name (GTK_ACTIONABLE (button));

      /* Every button is named: by its label, or by an accessible label. */
      g_assert_true ((label != NULL && label[0] != '\0') ||
                     gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));

      if (g_strcmp0 (action, "ports.try-it") == 0)
        {
          GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
          g_autofree char *expected = g_strdup_printf ("Try %s", g_variant_get_string (target, NULL));
          g_autofree char *mismatch = NULL;

          /* Named after its protocol, so a screen reader tells them apart. */
          mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                         expected);
          if (mismatch != NULL)
            g_test_message ("Try It button for %s is named “%s”",
                            g_variant_get_string (target, NULL), mismatch);
          g_assert_null (mismatch);

          if (gtk_widget_get_mapped (button))
            {
              g_assert_false (g_hash_table_contains (try_labels, expected));
              g_hash_table_add (try_labels, g_steal_pointer (&expected));
              n_try++;
            }
        }
    }

  /* Several rows are on screen, each with its own button. */
  g_assert_cmpuint (n_try, >=, 3);

  /* The privileged-port notes are buttons too, for a screen reader. */
  g_ptr_array_set_size (buttons, 0);
  collect_descendants (GTK_WIDGET (fixture->panel), GTK_TYPE_EXPANDER, buttons);
  g_assert_cmpuint (buttons->len, >, 0);
  for (guint i = 0; i < buttons->len; i++)
    g_assert_true (gtk_test_accessible_has_property (buttons->pdata[i], GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static void
test_port_panel_focus_search (Fixture       *fixture,
                              gconstpointer  user_data)
{
  GtkWidget *entry = find_descendant (GTK_WIDGET (fixture->panel), GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *button;

  /* Focus somewhere else first: a Try It button. */
  WAIT_UNTIL (find_try_button (fixture->panel, "HTTP") != NULL);
  button = find_try_button (fixture->panel, "HTTP");
  gtk_widget_grab_focus (button);
  WAIT_UNTIL (gtk_widget_has_focus (button));

  /* Ctrl+F inside the panel. */
  g_assert_true (sp_ui_test_activate_shortcut (GTK_WIDGET (fixture->panel), "<Control>f"));
  WAIT_UNTIL (gtk_window_get_focus (fixture->window) != NULL &&
              gtk_widget_is_ancestor (gtk_window_get_focus (fixture->window), entry));

  /* And through the action, for the window. */
  gtk_widget_grab_focus (find_try_button (fixture->panel, "HTTP"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "ports.focus-search", NULL));
  WAIT_UNTIL (gtk_widget_is_ancestor (gtk_window_get_focus (fixture->window), entry));
}

static void
test_port_panel_screenshot (Fixture       *fixture,
                            gconstpointer  user_data)
{
  GtkWidget *expander;

  if (g_getenv ("SP_TEST_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("SP_TEST_SCREENSHOT_DIR is not set");
      return;
    }

  WAIT_UNTIL (has_label_text (GTK_WIDGET (fixture->panel), "HTTP · 80"));
  expander = find_descendant (GTK_WIDGET (fixture->panel), GTK_TYPE_EXPANDER);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "port-panel");

  gtk_expander_set_expanded (GTK_EXPANDER (expander), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "ports.transport", "s", "udp"));
  WAIT_UNTIL (!shows (fixture->panel, "HTTP"));
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "port-panel-udp");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "ports.transport", "s", ""));
  type_search (fixture->panel, "zzz");
  WAIT_UNTIL (n_shown (fixture->panel) == 0);
  sp_ui_test_maybe_save_screenshot (GTK_WIDGET (fixture->window), "port-panel-empty");
}

static void
load_style_sheet (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  load_style_sheet ();

  g_test_add_func ("/port-panel/create-destroy", test_port_panel_create_destroy);
  g_test_add ("/port-panel/lists-tutorial", Fixture, NULL,
              fixture_set_up, test_port_panel_lists_tutorial, fixture_tear_down);
  g_test_add ("/port-panel/search", Fixture, NULL,
              fixture_set_up, test_port_panel_search, fixture_tear_down);
  g_test_add ("/port-panel/transport", Fixture, NULL,
              fixture_set_up, test_port_panel_transport, fixture_tear_down);
  g_test_add ("/port-panel/try-it", Fixture, NULL,
              fixture_set_up, test_port_panel_try_it, fixture_tear_down);
  g_test_add ("/port-panel/accessible", Fixture, NULL,
              fixture_set_up, test_port_panel_accessible, fixture_tear_down);
  g_test_add ("/port-panel/focus-search", Fixture, NULL,
              fixture_set_up, test_port_panel_focus_search, fixture_tear_down);
  g_test_add ("/port-panel/screenshot", Fixture, NULL,
              fixture_set_up, test_port_panel_screenshot, fixture_tear_down);

  return g_test_run ();
}
