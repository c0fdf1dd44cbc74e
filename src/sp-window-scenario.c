/* sp-window-scenario.c — the window's playground file: Open, Save, Recent and Lessons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of these belongs to each window (sp_window_scenario_attach()) and gives it the
 * `file.*` actions. Opening a file reads it whole, and only a file that reads replaces
 * the panes on show; a file that does not gets a dialog with the line at fault, and the
 * playground stays as it was. Saving reads the panes back into a #SpScenario, checks
 * that what it writes reads back, and writes it.
 *
 * A client that connects to `@Server` in the file follows that server pane's address, as
 * long as the person does not type another: once the server has bound port 0 to a real
 * port, the client has it, and saving writes `@Server` again. A server whose address
 * only shows the port the system chose is saved with the address it asked for.
 *
 * A server pane with `Protocol=` opens as a demo server pane. The demo servers of an
 * opened playground share a mailbox made for it, as a headless run's do, so that a mail
 * lab finds what it expects (the welcome message, then its own mail) whatever the
 * application's shared mailbox holds.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sp-window-scenario.h"
#include "sp-lab-editor.h"

#define QDATA_KEY    "sp-window-scenario"
#define LESSONS_PATH RESOURCE_BASE_PATH "/scenarios/"
#define FIRST_LESSON "lesson"
#define RECENT_LIMIT 8

/* A client pane that follows a server pane's address. */
typedef struct
{
  GWeakRef  client;
  GWeakRef  server;
  char     *last_text;   /* what was last put in the client's address */
} Follow;

/* A server whose file asks for port 0, given a free port as it opens so that its clients
 * have an address to show; saving writes port 0 again. */
typedef struct
{
  GWeakRef  server;
  char     *picked_text;
  char     *file_text;
} Picked;

/* An expectation of the file, and the pane it is about, renamed or not. */
typedef struct
{
  SpExpectation *expectation;
  GWeakRef       pane;
} Kept;

struct _SpWindowScenario
{
  GObject               parent_instance;

  SpWindow             *window;        /* weak: the window owns this */
  GSimpleActionGroup   *actions;
  GtkRecentManager     *recent;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  GFile                *file;
  char                 *title;
  char                 *description;
  char                 *error_text;
  char                 *run_dir;
  SpMailbox            *mailbox;       /* the opened playground's demo servers' */
  GPtrArray            *follows;       /* Follow */
  GPtrArray            *picked;        /* Picked */
  GPtrArray            *kept;          /* Kept */
  gulong                recent_handler;
  guint                 busy : 1;
};

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_ERROR_TEXT,
  PROP_BUSY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (SpWindowScenario, sp_window_scenario, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
follow_free (Follow *follow)
{
  g_weak_ref_clear (&follow->client);
  g_weak_ref_clear (&follow->server);
  g_free (follow->last_text);
  g_free (follow);
}

static void
picked_free (Picked *picked)
{
  g_weak_ref_clear (&picked->server);
  g_free (picked->picked_text);
  g_free (picked->file_text);
  g_free (picked);
}

static void
kept_free (Kept *kept)
{
  g_clear_object (&kept->expectation);
  g_weak_ref_clear (&kept->pane);
  g_free (kept);
}

static void
set_busy (SpWindowScenario *self,
          gboolean          busy)
{
  if (self->busy == !!busy)
    return;

  self->busy = !!busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_error_text (SpWindowScenario *self,
                const char       *text)
{
  if (g_strcmp0 (self->error_text, text) == 0)
    return;

  g_free (self->error_text);
  self->error_text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_TEXT]);
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename != NULL ? basename : "");
}

/* The header bar says which playground this is. */
static void
update_subtitle (SpWindowScenario *self)
{
  GObject *window_title;
  g_autofree char *subtitle = NULL;

  if (self->window == NULL)
    return;

  window_title = gtk_widget_get_template_child (GTK_WIDGET (self->window), SP_TYPE_WINDOW, "window_title");
  if (window_title == NULL)
    return;

  if (self->file != NULL)
    subtitle = file_display_name (self->file);
  else if (self->title != NULL)
    subtitle = g_strdup (self->title);

  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (window_title), subtitle != NULL ? subtitle : "");
}

static void
show_toast (SpWindowScenario *self,
            const char       *title)
{
  GObject *overlay;

  if (self->window == NULL)
    return;

  overlay = gtk_widget_get_template_child (GTK_WIDGET (self->window), SP_TYPE_WINDOW, "toast_overlay");
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

static void
show_error (SpWindowScenario *self,
            const char       *heading,
            const char       *body)
{
  GtkWidget *dialog;

  set_error_text (self, body);

  if (self->window == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self->window), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Relative Unix paths --------------------------------------------------------------------- */

/* A relative Unix socket path is taken in a private folder, as the headless runner does. */
static char *
resolve_endpoint_text (SpWindowScenario *self,
                       const char       *text)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autofree char *path = NULL;

  if (endpoint == NULL || sp_endpoint_is_inet (endpoint) ||
      g_path_is_absolute (sp_endpoint_get_path (endpoint)))
    return g_strdup (text);

  if (self->run_dir == NULL)
    self->run_dir = g_dir_make_tmp ("socket-playground-XXXXXX", NULL);
  if (self->run_dir == NULL)
    return g_strdup (text);

  path = g_build_filename (self->run_dir, sp_endpoint_get_path (endpoint), NULL);
  return g_strdup_printf ("%s:%s", sp_transport_get_scheme (sp_endpoint_get_transport (endpoint)), path);
}

static char *
unresolve_endpoint_text (SpWindowScenario *self,
                         const char       *text)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autofree char *prefix = NULL;
  const char *path;

  if (endpoint == NULL || sp_endpoint_is_inet (endpoint) || self->run_dir == NULL)
    return g_strdup (text);

  path = sp_endpoint_get_path (endpoint);
  prefix = g_strconcat (self->run_dir, G_DIR_SEPARATOR_S, NULL);
  if (!g_str_has_prefix (path, prefix))
    return g_strdup (text);

  return g_strdup_printf ("%s:%s", sp_transport_get_scheme (sp_endpoint_get_transport (endpoint)),
                          path + strlen (prefix));
}

static void
remove_run_dir (SpWindowScenario *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (self->run_dir == NULL)
    return;

  dir = g_dir_open (self->run_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->run_dir, name, NULL);

      g_unlink (path);
    }

  g_rmdir (self->run_dir);
  g_clear_pointer (&self->run_dir, g_free);
}

/* Port 0 ------------------------------------------------------------------------------------ */

/* A port free right now for @endpoint's transport and address, asked of the system the
 * way a server on port 0 asks: bind, read the port back, close. 0 when it cannot tell. */
static guint16
pick_free_port (SpEndpoint *endpoint)
{
  g_autoptr(GSocketAddress) address = sp_endpoint_get_literal_address (endpoint);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSocketType type;

  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return 0;

  type = sp_endpoint_get_transport (endpoint) == SP_TRANSPORT_UDP ? G_SOCKET_TYPE_DATAGRAM
                                                                   : G_SOCKET_TYPE_STREAM;
  socket = g_socket_new (g_socket_address_get_family (address), type, G_SOCKET_PROTOCOL_DEFAULT, NULL);
  if (socket == NULL || !g_socket_bind (socket, address, FALSE, NULL))
    return 0;

  bound = g_socket_get_local_address (socket, NULL);
  g_socket_close (socket, NULL);
  if (bound == NULL)
    return 0;

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The address a server pane opens on: the file's, or a free port for port 0 when a
 * client follows the server, so that the client shows an address it can connect to. */
static char *
opening_text (SpWindowScenario *self,
              SpScenario       *scenario,
              SpScenarioPane   *pane,
              const char       *text)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpEndpoint) with_port = NULL;
  GListModel *panes = sp_scenario_get_panes (scenario);
  gboolean followed = FALSE;
  guint16 port;

  if (endpoint == NULL || !sp_endpoint_is_inet (endpoint) || sp_endpoint_get_port (endpoint) != 0)
    return g_strdup (text);

  for (guint i = 0; i < g_list_model_get_n_items (panes) && !followed; i++)
    {
      g_autoptr(SpScenarioPane) each = g_list_model_get_item (panes, i);

      followed = g_strcmp0 (sp_scenario_pane_get_endpoint_reference (each),
                            sp_scenario_pane_get_name (pane)) == 0;
    }

  port = followed ? pick_free_port (endpoint) : 0;
  if (port == 0)
    return g_strdup (text);

  with_port = sp_endpoint_with_port (endpoint, port);
  return sp_endpoint_to_string (with_port);
}

static const char *
file_text_of (SpWindowScenario *self,
              SpServerPane     *server_pane,
              const char       *text)
{
  for (guint i = 0; i < self->picked->len; i++)
    {
      Picked *picked = g_ptr_array_index (self->picked, i);
      g_autoptr(SpServerPane) each = g_weak_ref_get (&picked->server);

      if (each == server_pane && g_strcmp0 (text, picked->picked_text) == 0)
        return picked->file_text;
    }

  return text;
}

/* Following a server ---------------------------------------------------------------------- */

static void
server_text_changed_cb (SpServerPane *server_pane,
                        GParamSpec   *pspec,
                        Follow       *follow)
{
  g_autoptr(SpClientPane) client_pane = g_weak_ref_get (&follow->client);
  g_autoptr(SpEndpoint) endpoint = NULL;
  const char *text;

  if (client_pane == NULL)
    return;

  /* The person typed an address of their own: leave it. */
  if (g_strcmp0 (sp_client_pane_get_endpoint_text (client_pane), follow->last_text) != 0)
    return;

  /* Port 0 is no place to connect to: wait for the port the system picks. */
  text = sp_server_pane_get_endpoint_text (server_pane);
  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_CLIENT, NULL);
  if (endpoint == NULL)
    return;

  g_free (follow->last_text);
  follow->last_text = g_strdup (text);
  sp_client_pane_set_endpoint_text (client_pane, text);
}

static void
follow_server (SpWindowScenario *self,
               SpClientPane     *client_pane,
               SpServerPane     *server_pane)
{
  Follow *follow = g_new0 (Follow, 1);

  g_weak_ref_init (&follow->client, client_pane);
  g_weak_ref_init (&follow->server, server_pane);
  follow->last_text = g_strdup (sp_server_pane_get_endpoint_text (server_pane));
  sp_client_pane_set_endpoint_text (client_pane, follow->last_text);
  g_ptr_array_add (self->follows, follow);

  /* The follow record goes with this object, which outlives no window's pane. */
  g_signal_connect_data (server_pane, "notify::endpoint-text",
                         G_CALLBACK (server_text_changed_cb), follow, NULL, 0);
}

static void
forget_follows (SpWindowScenario *self)
{
  for (guint i = 0; i < self->follows->len; i++)
    {
      Follow *follow = g_ptr_array_index (self->follows, i);
      g_autoptr(SpServerPane) server_pane = g_weak_ref_get (&follow->server);

      if (server_pane != NULL)
        g_signal_handlers_disconnect_by_data (server_pane, follow);
    }

  g_ptr_array_set_size (self->follows, 0);
}

static Follow *
find_follow (SpWindowScenario *self,
             SpClientPane     *client_pane)
{
  for (guint i = 0; i < self->follows->len; i++)
    {
      Follow *follow = g_ptr_array_index (self->follows, i);
      g_autoptr(SpClientPane) each = g_weak_ref_get (&follow->client);

      if (each == client_pane)
        return follow;
    }

  return NULL;
}

/* Building panes from a playground -------------------------------------------------------- */

static void
fill_send_box (SpSendBox      *send_box,
               SpScenarioPane *pane)
{
  const char *text = sp_scenario_pane_get_send_text (pane);

  sp_send_box_set_hex (send_box, sp_scenario_pane_get_send_hex (pane));
  sp_send_box_set_text (send_box, text != NULL ? text : "");
}

static GtkWidget *
add_server (SpWindowScenario *self,
            SpScenario       *scenario,
            SpScenarioPane   *pane)
{
  g_autofree char *file_text = resolve_endpoint_text (self, sp_scenario_pane_get_endpoint (pane));
  g_autofree char *text = opening_text (self, scenario, pane, file_text);
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);
  g_autoptr(SpServer) server = NULL;
  g_autoptr(SpDemoServer) demo = NULL;
  SpServerPane *server_pane;

  if (endpoint == NULL)
    endpoint = sp_endpoint_new_inet (SP_TRANSPORT_TCP, "127.0.0.1", 0);

  /* A demo needs a stream, which the reader makes sure of; a playground made otherwise
   * gets a plain server rather than nothing. */
  if (sp_scenario_pane_get_protocol (pane) != NULL)
    {
      if (self->mailbox == NULL)
        self->mailbox = sp_mailbox_new ();
      demo = sp_scenario_pane_create_demo_server (pane, endpoint, self->mailbox, NULL);
    }

  if (demo != NULL)
    server = g_object_ref (sp_demo_server_get_server (demo));
  else
    server = sp_scenario_pane_create_server (pane, endpoint);

  server_pane = sp_window_add_server_pane (self->window, server);
  if (demo != NULL)
    sp_server_pane_set_demo (server_pane, demo);
  sp_server_pane_set_title (server_pane, sp_scenario_pane_get_name (pane));
  sp_server_pane_set_endpoint_text (server_pane, text);
  fill_send_box (sp_server_pane_get_send_box (server_pane), pane);

  if (!g_str_equal (text, file_text))
    {
      Picked *picked = g_new0 (Picked, 1);

      g_weak_ref_init (&picked->server, server_pane);
      picked->picked_text = g_strdup (text);
      picked->file_text = g_strdup (file_text);
      g_ptr_array_add (self->picked, picked);
    }

  return GTK_WIDGET (server_pane);
}

static GtkWidget *
add_client (SpWindowScenario *self,
            SpScenario       *scenario,
            SpScenarioPane   *pane)
{
  const char *reference = sp_scenario_pane_get_endpoint_reference (pane);
  const char *script = sp_scenario_pane_get_script_text (pane);
  g_autofree char *text = NULL;
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(SpClient) client = NULL;
  SpClientPane *client_pane;

  /* Until the server it follows says where it listens, aim at where it asks to. */
  if (reference != NULL && sp_scenario_find_pane (scenario, reference) != NULL)
    text = resolve_endpoint_text (self, sp_scenario_pane_get_endpoint (sp_scenario_find_pane (scenario, reference)));
  else
    text = resolve_endpoint_text (self, sp_scenario_pane_get_endpoint (pane));

  endpoint = sp_endpoint_parse (text, SP_ENDPOINT_ROLE_SERVER, NULL);
  if (endpoint == NULL)
    endpoint = sp_endpoint_new_inet (SP_TRANSPORT_TCP, "127.0.0.1", 0);

  client = sp_scenario_pane_create_client (pane, endpoint);
  client_pane = sp_window_add_client_pane (self->window, client);
  sp_client_pane_set_title (client_pane, sp_scenario_pane_get_name (pane));
  sp_client_pane_set_endpoint_text (client_pane, text);
  fill_send_box (sp_client_pane_get_send_box (client_pane), pane);
  sp_client_pane_set_repeat (client_pane, sp_scenario_pane_get_repeat (pane),
                             sp_scenario_pane_get_repeat_interval (pane));
  sp_script_editor_set_text (sp_client_pane_get_script_editor (client_pane), script != NULL ? script : "");

  return GTK_WIDGET (client_pane);
}

/* Reading panes back ---------------------------------------------------------------------- */

static const char *
pane_title (GtkWidget *pane)
{
  if (SP_IS_SERVER_PANE (pane))
    return sp_server_pane_get_title (SP_SERVER_PANE (pane));

  return sp_client_pane_get_title (SP_CLIENT_PANE (pane));
}

static void
read_send_box (SpScenarioPane *pane,
               SpSendBox      *send_box)
{
  sp_scenario_pane_set_send_hex (pane, sp_send_box_get_hex (send_box));
  sp_scenario_pane_set_send_text (pane, sp_send_box_get_text (send_box));
}

static SpScenarioPane *
read_server_pane (SpWindowScenario *self,
                  SpServerPane     *server_pane,
                  const char       *name)
{
  SpScenarioPane *pane = sp_scenario_pane_new (SP_SCENARIO_PANE_SERVER, name);
  SpServer *server = sp_server_pane_get_server (server_pane);
  SpDemoServer *demo = sp_server_pane_get_demo (server_pane);
  SpEndpoint *bound = sp_server_get_bound_endpoint (server);
  g_autofree char *text = g_strdup (sp_server_pane_get_endpoint_text (server_pane));
  g_autofree char *unresolved = NULL;

  /* The entry shows the port the system chose; the playground asked for another. */
  if (bound != NULL)
    {
      g_autofree char *bound_text = sp_endpoint_to_string (bound);

      if (g_strcmp0 (text, bound_text) == 0)
        {
          g_free (text);
          text = sp_endpoint_to_string (sp_server_get_endpoint (server));
        }
    }

  unresolved = unresolve_endpoint_text (self, file_text_of (self, server_pane, text));
  sp_scenario_pane_set_endpoint (pane, unresolved);

  /* A demo server answers by its protocol; its plain server's behaviour is not the pane's. */
  if (demo != NULL)
    {
      sp_scenario_pane_set_protocol (pane, sp_demo_server_get_protocol (demo));
      sp_scenario_pane_set_backlog (pane, sp_server_get_backlog (server));
    }
  else
    sp_scenario_pane_read_server (pane, server);
  read_send_box (pane, sp_server_pane_get_send_box (server_pane));

  return pane;
}

static SpScenarioPane *
read_client_pane (SpWindowScenario *self,
                  SpClientPane     *client_pane,
                  const char       *name,
                  GHashTable       *names)
{
  SpScenarioPane *pane = sp_scenario_pane_new (SP_SCENARIO_PANE_CLIENT, name);
  Follow *follow = find_follow (self, client_pane);
  const char *text = sp_client_pane_get_endpoint_text (client_pane);
  g_autofree char *script = sp_script_editor_dup_text (sp_client_pane_get_script_editor (client_pane));
  g_autofree char *endpoint = NULL;
  guint count;
  guint interval;

  if (follow != NULL && g_strcmp0 (text, follow->last_text) == 0)
    {
      g_autoptr(SpServerPane) server_pane = g_weak_ref_get (&follow->server);
      const char *server_name = server_pane != NULL ? g_hash_table_lookup (names, server_pane) : NULL;

      if (server_name != NULL)
        endpoint = g_strconcat ("@", server_name, NULL);
    }

  if (endpoint == NULL)
    endpoint = unresolve_endpoint_text (self, text);

  sp_scenario_pane_set_endpoint (pane, endpoint);
  sp_scenario_pane_set_timeout (pane, sp_client_get_timeout (sp_client_pane_get_client (client_pane)));
  read_send_box (pane, sp_client_pane_get_send_box (client_pane));
  sp_client_pane_get_repeat (client_pane, &count, &interval);
  sp_scenario_pane_set_repeat (pane, CLAMP (count, 1, SP_SCENARIO_PANE_MAX_REPEAT));
  sp_scenario_pane_set_repeat_interval (pane, MIN (interval, SP_SCENARIO_PANE_MAX_REPEAT_INTERVAL));
  sp_scenario_pane_set_script_text (pane, script);

  return pane;
}

/* Expectations with their pane's current name; those of closed panes are dropped. */
static SpExpectation *
rename_expectation (SpExpectation *expectation,
                    const char    *name)
{
  SpExpectationKind kind = sp_expectation_get_kind (expectation);

  if (sp_expectation_is_text_kind (kind))
    return sp_expectation_new_text (kind, name, sp_expectation_get_text (expectation), NULL);
  if (kind == SP_EXPECTATION_CLOSED)
    return sp_expectation_new_closed (name);

  return sp_expectation_new_count (kind, name, sp_expectation_get_count (expectation));
}

/* Lessons and recent files ---------------------------------------------------------------- */

typedef struct
{
  char *name;
  char *title;
} Lesson;

static void
lesson_free (Lesson *lesson)
{
  g_free (lesson->name);
  g_free (lesson->title);
  g_free (lesson);
}

static int
compare_lessons (gconstpointer a,
                 gconstpointer b)
{
  const Lesson *la = *(const Lesson * const *) a;
  const Lesson *lb = *(const Lesson * const *) b;

  /* The tutorial's lesson first, then by title. */
  if (g_str_equal (la->name, FIRST_LESSON) != g_str_equal (lb->name, FIRST_LESSON))
    return g_str_equal (la->name, FIRST_LESSON) ? -1 : 1;

  return g_utf8_collate (la->title, lb->title);
}

static SpScenario *
load_lesson (const char  *name,
             GError     **error)
{
  g_autofree char *path = g_strconcat (LESSONS_PATH, name, SP_SCENARIO_SUFFIX, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  gsize size;
  const char *data;

  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  return sp_scenario_new_from_data (data, size, NULL, error);
}

static void
fill_lessons_menu (SpWindowScenario *self)
{
  g_autoptr(GPtrArray) lessons = g_ptr_array_new_with_free_func ((GDestroyNotify) lesson_free);
  g_auto(GStrv) children = g_resources_enumerate_children (LESSONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  GObject *menu = gtk_widget_get_template_child (GTK_WIDGET (self->window), SP_TYPE_WINDOW, "lessons_menu");

  if (menu == NULL || children == NULL)
    return;

  for (guint i = 0; children[i] != NULL; i++)
    {
      g_autoptr(SpScenario) scenario = NULL;
      g_autofree char *name = NULL;
      Lesson *lesson;

      if (!g_str_has_suffix (children[i], SP_SCENARIO_SUFFIX))
        continue;

      name = g_strndup (children[i], strlen (children[i]) - strlen (SP_SCENARIO_SUFFIX));
      scenario = load_lesson (name, NULL);
      if (scenario == NULL)
        continue;

      lesson = g_new0 (Lesson, 1);
      lesson->name = g_steal_pointer (&name);
      lesson->title = g_strdup (sp_scenario_get_title (scenario) != NULL ? sp_scenario_get_title (scenario)
                                                                          : lesson->name);
      g_ptr_array_add (lessons, lesson);
    }

  g_ptr_array_sort (lessons, compare_lessons);
  for (guint i = 0; i < lessons->len; i++)
    {
      Lesson *lesson = g_ptr_array_index (lessons, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (lesson->title, NULL);

      g_menu_item_set_action_and_target (item, "file.open-lesson", "s", lesson->name);
      g_menu_append_item (G_MENU (menu), item);
    }
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo * const *) a;
  GtkRecentInfo *ib = *(GtkRecentInfo * const *) b;
  GDateTime *ma = gtk_recent_info_get_modified (ia);
  GDateTime *mb = gtk_recent_info_get_modified (ib);

  /* The latest first. */
  return -g_date_time_compare (ma, mb);
}

static void
fill_recent_menu (SpWindowScenario *self)
{
  GObject *menu;
  GList *items;
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);

  if (self->window == NULL)
    return;

  menu = gtk_widget_get_template_child (GTK_WIDGET (self->window), SP_TYPE_WINDOW, "recent_menu");
  if (menu == NULL)
    return;

  g_menu_remove_all (G_MENU (menu));

  items = gtk_recent_manager_get_items (self->recent);
  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (g_strcmp0 (gtk_recent_info_get_mime_type (info), SP_SCENARIO_MIME_TYPE) == 0 ||
          g_str_has_suffix (gtk_recent_info_get_uri (info), SP_SCENARIO_SUFFIX))
        g_ptr_array_add (mine, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  /* An empty submenu would look broken: say why it is empty. */
  if (mine->len == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Playgrounds"), "file.no-recent");

      g_menu_append_item (G_MENU (menu), item);
      return;
    }

  g_ptr_array_sort (mine, compare_recent);
  for (guint i = 0; i < mine->len && i < RECENT_LIMIT; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (mine, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

      g_menu_item_set_action_and_target (item, "file.open-recent", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (G_MENU (menu), item);
    }
}

static void
remember (SpWindowScenario *self,
          GFile            *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) SP_SCENARIO_MIME_TYPE,
    .app_name = (char *) g_get_application_name (),
    .app_exec = (char *) "socket-playground %u",
  };

  if (data.app_name == NULL)
    data.app_name = (char *) "Socket Playground";

  gtk_recent_manager_add_full (self->recent, uri, &data);
}

/* Opening and saving ---------------------------------------------------------------------- */

static void
load_contents_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SpWindowScenario) self = user_data;
  GFile *file = G_FILE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScenario) scenario = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = file_display_name (file);
  g_autofree char *heading = NULL;
  gsize length = 0;

  set_busy (self, FALSE);

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    }
  else
    scenario = sp_scenario_new_from_data (contents, length, NULL, &error);

  if (scenario == NULL)
    {
      /* Translators: %s is a file name */
      heading = g_strdup_printf (_("Could Not Open “%s”"), name);
      show_error (self, heading, error->message);
      return;
    }

  sp_window_scenario_apply (self, scenario, file);
  remember (self, file);
}

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SpWindowScenario) self = user_data;
  GFile *file = G_FILE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = file_display_name (file);
  g_autofree char *message = NULL;

  set_busy (self, FALSE);

  if (!g_file_replace_contents_finish (file, result, NULL, &error))
    {
      g_autofree char *heading = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s is a file name */
      heading = g_strdup_printf (_("Could Not Save “%s”"), name);
      show_error (self, heading, error->message);
      return;
    }

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  set_error_text (self, NULL);
  update_subtitle (self);
  remember (self, file);

  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Saved “%s”"), name);
  show_toast (self, message);
}

static void
chooser_response_cb (GtkNativeDialog  *dialog,
                     int               response,
                     SpWindowScenario *self)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file == NULL)
    return;

  if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)) == GTK_FILE_CHOOSER_ACTION_SAVE)
    sp_window_scenario_save (self, file);
  else
    sp_window_scenario_open (self, file);
}

static void
show_chooser (SpWindowScenario     *self,
              GtkFileChooserAction  action)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  gboolean saving = action == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (self->window == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (saving ? _("Save Playground") : _("Open Playground"),
                                               GTK_WINDOW (self->window), action,
                                               saving ? _("_Save") : _("_Open"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Playgrounds"));
  gtk_file_filter_add_mime_type (filter, SP_SCENARIO_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, "playground");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  if (saving && self->file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), self->file, NULL);
  else if (saving)
    {
      /* Translators: the file name a new playground is saved under, before the person picks one */
      g_autofree char *name = g_strconcat (_("Playground"), SP_SCENARIO_SUFFIX, NULL);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }

  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Actions --------------------------------------------------------------------------------- */

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  show_chooser (SP_WINDOW_SCENARIO (user_data), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
save_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SpWindowScenario *self = SP_WINDOW_SCENARIO (user_data);

  if (self->file != NULL)
    sp_window_scenario_save (self, self->file);
  else
    show_chooser (self, GTK_FILE_CHOOSER_ACTION_SAVE);
}

static void
save_as_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  show_chooser (SP_WINDOW_SCENARIO (user_data), GTK_FILE_CHOOSER_ACTION_SAVE);
}

static void
open_lesson_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  sp_window_scenario_open_lesson (SP_WINDOW_SCENARIO (user_data), g_variant_get_string (parameter, NULL));
}

static void
open_recent_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  sp_window_scenario_open (SP_WINDOW_SCENARIO (user_data), file);
}

static void
edit_lab_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  SpWindowScenario *self = user_data;

  if (self->window != NULL)
    gtk_window_present (GTK_WINDOW (sp_lab_editor_new (self->window)));
}

static const GActionEntry file_actions[] = {
  { "open", open_action },
  { "save", save_action },
  { "save-as", save_as_action },
  { "open-lesson", open_lesson_action, "s" },
  { "open-recent", open_recent_action, "s" },
  { "edit-lab", edit_lab_action },
  /* Always disabled: the item that says Open Recent has nothing to open. */
  { "no-recent", NULL },
};

/* The object ------------------------------------------------------------------------------ */

static void
window_destroyed_cb (SpWindowScenario *self)
{
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  forget_follows (self);
}

static void
sp_window_scenario_dispose (GObject *object)
{
  SpWindowScenario *self = (SpWindowScenario *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->recent != NULL)
    g_clear_signal_handler (&self->recent_handler, self->recent);
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  g_clear_object (&self->chooser);
  forget_follows (self);
  remove_run_dir (self);

  G_OBJECT_CLASS (sp_window_scenario_parent_class)->dispose (object);
}

static void
sp_window_scenario_finalize (GObject *object)
{
  SpWindowScenario *self = (SpWindowScenario *)object;

  g_clear_object (&self->actions);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->error_text, g_free);
  g_clear_object (&self->mailbox);
  g_clear_pointer (&self->follows, g_ptr_array_unref);
  g_clear_pointer (&self->kept, g_ptr_array_unref);
  g_clear_pointer (&self->picked, g_ptr_array_unref);

  G_OBJECT_CLASS (sp_window_scenario_parent_class)->finalize (object);
}

static void
sp_window_scenario_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SpWindowScenario *self = SP_WINDOW_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_ERROR_TEXT:
      g_value_set_string (value, self->error_text);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_window_scenario_class_init (SpWindowScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_window_scenario_dispose;
  object_class->finalize = sp_window_scenario_finalize;
  object_class->get_property = sp_window_scenario_get_property;

  /**
   * SpWindowScenario:file:
   *
   * The file the playground on show was opened from or saved to, or %NULL.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpWindowScenario:error-text:
   *
   * Why the last file could not be opened or saved, or %NULL.
   */
  properties[PROP_ERROR_TEXT] =
    g_param_spec_string ("error-text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SpWindowScenario:busy:
   *
   * Whether a file is being read or written.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_window_scenario_init (SpWindowScenario *self)
{
  self->actions = g_simple_action_group_new ();
  self->cancellable = g_cancellable_new ();
  self->follows = g_ptr_array_new_with_free_func ((GDestroyNotify) follow_free);
  self->kept = g_ptr_array_new_with_free_func ((GDestroyNotify) kept_free);
  self->picked = g_ptr_array_new_with_free_func ((GDestroyNotify) picked_free);
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), file_actions,
                                   G_N_ELEMENTS (file_actions), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "no-recent")),
                               FALSE);
}

/**
 * sp_window_scenario_attach:
 *
 * Gives @window its playground file: the `file.open`, `file.save`, `file.save-as`,
 * `file.open-lesson` and `file.open-recent` actions, and the Lessons and Open Recent
 * menus. Called once, by the window itself.
 */
void
sp_window_scenario_attach (SpWindow *window)
{
  SpWindowScenario *self;

  g_return_if_fail (SP_IS_WINDOW (window));
  g_return_if_fail (sp_window_scenario_get (window) == NULL);

  self = g_object_new (SP_TYPE_WINDOW_SCENARIO, NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  g_object_set_data_full (G_OBJECT (window), QDATA_KEY, self, g_object_unref);

  gtk_widget_insert_action_group (GTK_WIDGET (window), "file", G_ACTION_GROUP (self->actions));
  g_signal_connect_object (window, "destroy", G_CALLBACK (window_destroyed_cb), self, G_CONNECT_SWAPPED);

  self->recent = gtk_recent_manager_get_default ();
  self->recent_handler = g_signal_connect_swapped (self->recent, "changed",
                                                   G_CALLBACK (fill_recent_menu), self);

  fill_lessons_menu (self);
  fill_recent_menu (self);
}

/**
 * sp_window_scenario_get:
 *
 * Returns: (transfer none) (nullable): the playground file of @window
 */
SpWindowScenario *
sp_window_scenario_get (SpWindow *window)
{
  g_return_val_if_fail (SP_IS_WINDOW (window), NULL);

  return g_object_get_data (G_OBJECT (window), QDATA_KEY);
}

/**
 * sp_window_scenario_get_actions:
 *
 * Returns: (transfer none): the `file.*` actions
 */
GActionGroup *
sp_window_scenario_get_actions (SpWindowScenario *self)
{
  g_return_val_if_fail (SP_IS_WINDOW_SCENARIO (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

/**
 * sp_window_scenario_get_mailbox:
 *
 * Returns: (transfer none) (nullable): the mailbox the demo servers of the playground
 *   on show share, or %NULL when it opened none
 */
SpMailbox *
sp_window_scenario_get_mailbox (SpWindowScenario *self)
{
  g_return_val_if_fail (SP_IS_WINDOW_SCENARIO (self), NULL);

  return self->mailbox;
}

/**
 * sp_window_scenario_get_file:
 *
 * Returns: (transfer none) (nullable): the file the playground on show comes from
 */
GFile *
sp_window_scenario_get_file (SpWindowScenario *self)
{
  g_return_val_if_fail (SP_IS_WINDOW_SCENARIO (self), NULL);

  return self->file;
}

const char *
sp_window_scenario_get_title (SpWindowScenario *self)
{
  g_return_val_if_fail (SP_IS_WINDOW_SCENARIO (self), NULL);

  return self->title;
}

const char *
sp_window_scenario_get_error_text (SpWindowScenario *self)
{
  g_return_val_if_fail (SP_IS_WINDOW_SCENARIO (self), NULL);

  return self->error_text;
}

gboolean
sp_window_scenario_get_busy (SpWindowScenario *self)
{
  g_return_val_if_fail (SP_IS_WINDOW_SCENARIO (self), FALSE);

  return self->busy;
}

/**
 * sp_window_scenario_apply:
 * @scenario: the playground to show
 * @file: (nullable): the file it comes from, or %NULL (a lesson, say)
 *
 * Replaces every pane of the window with the panes of @scenario, stopped.
 */
void
sp_window_scenario_apply (SpWindowScenario *self,
                          SpScenario       *scenario,
                          GFile            *file)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *panes;
  GListModel *expectations;
  guint n;

  g_return_if_fail (SP_IS_WINDOW_SCENARIO (self));
  g_return_if_fail (SP_IS_SCENARIO (scenario));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (self->window == NULL)
    return;

  forget_follows (self);
  g_ptr_array_set_size (self->kept, 0);
  g_ptr_array_set_size (self->picked, 0);
  sp_window_remove_all_panes (self->window);
  remove_run_dir (self);
  /* The demo servers of the panes just removed keep theirs; these get a new one. */
  g_clear_object (&self->mailbox);

  panes = sp_scenario_get_panes (scenario);
  n = g_list_model_get_n_items (panes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpScenarioPane) pane = g_list_model_get_item (panes, i);
      GtkWidget *widget;

      if (sp_scenario_pane_get_kind (pane) == SP_SCENARIO_PANE_SERVER)
        widget = add_server (self, scenario, pane);
      else
        widget = add_client (self, scenario, pane);

      g_hash_table_insert (by_name, (char *) sp_scenario_pane_get_name (pane), widget);
    }

  /* Once every pane exists: clients follow the servers they name, wherever they are. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpScenarioPane) pane = g_list_model_get_item (panes, i);
      const char *reference = sp_scenario_pane_get_endpoint_reference (pane);
      GtkWidget *server = reference != NULL ? g_hash_table_lookup (by_name, reference) : NULL;

      if (SP_IS_SERVER_PANE (server))
        follow_server (self, g_hash_table_lookup (by_name, sp_scenario_pane_get_name (pane)),
                       SP_SERVER_PANE (server));
    }

  expectations = sp_scenario_get_expectations (scenario);
  for (guint i = 0; i < g_list_model_get_n_items (expectations); i++)
    {
      g_autoptr(SpExpectation) expectation = g_list_model_get_item (expectations, i);
      GtkWidget *pane = g_hash_table_lookup (by_name, sp_expectation_get_pane_name (expectation));
      Kept *kept = g_new0 (Kept, 1);

      kept->expectation = g_object_ref (expectation);
      g_weak_ref_init (&kept->pane, pane);
      g_ptr_array_add (self->kept, kept);
    }

  g_free (self->title);
  self->title = g_strdup (sp_scenario_get_title (scenario));
  g_free (self->description);
  self->description = g_strdup (sp_scenario_get_description (scenario));
  g_set_object (&self->file, file);
  set_error_text (self, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  update_subtitle (self);
}

/**
 * sp_window_scenario_dup_scenario:
 *
 * Reads the window's panes back into a playground: every pane's settings as they
 * stand, and the expectations of the file it came from, about the panes still open.
 *
 * Returns: (transfer full): the playground on show
 */
SpScenario *
sp_window_scenario_dup_scenario (SpWindowScenario *self)
{
  g_autoptr(SpScenario) scenario = sp_scenario_new ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *panes;
  guint n;

  g_return_val_if_fail (SP_IS_WINDOW_SCENARIO (self), NULL);

  sp_scenario_set_title (scenario, self->title);
  sp_scenario_set_description (scenario, self->description);

  if (self->window == NULL)
    return g_steal_pointer (&scenario);

  panes = sp_window_get_panes (self->window);
  n = g_list_model_get_n_items (panes);

  /* Names first, unique, so that clients and expectations can name any pane. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) pane = g_list_model_get_item (panes, i);
      const char *title = pane_title (pane);
      g_autofree char *base = g_strstrip (g_strdup (title != NULL ? title : ""));
      char *name;

      if (*base == '\0')
        {
          g_free (base);
          base = g_strdup (SP_IS_SERVER_PANE (pane) ? _("Server") : _("Client"));
        }

      name = g_strdup (base);
      for (guint copy = 2; g_hash_table_contains (taken, name); copy++)
        {
          g_free (name);
          /* Translators: a pane's name made unique in a saved file, for example “Server (2)” */
          name = g_strdup_printf (_("%s (%u)"), base, copy);
        }

      g_hash_table_insert (names, pane, name);
      g_hash_table_add (taken, name);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) pane = g_list_model_get_item (panes, i);
      g_autoptr(SpScenarioPane) description = NULL;
      const char *name = g_hash_table_lookup (names, pane);

      if (SP_IS_SERVER_PANE (pane))
        description = read_server_pane (self, SP_SERVER_PANE (pane), name);
      else
        description = read_client_pane (self, SP_CLIENT_PANE (pane), name, names);

      sp_scenario_add_pane (scenario, description);
    }

  for (guint i = 0; i < self->kept->len; i++)
    {
      Kept *kept = g_ptr_array_index (self->kept, i);
      g_autoptr(GtkWidget) pane = g_weak_ref_get (&kept->pane);
      const char *name = pane != NULL ? g_hash_table_lookup (names, pane) : NULL;
      g_autoptr(SpExpectation) expectation = NULL;

      /* A pane closed since: its expectations go with it. */
      if (name == NULL)
        continue;

      expectation = rename_expectation (kept->expectation, name);
      if (expectation != NULL)
        sp_scenario_add_expectation (scenario, expectation);
    }

  return g_steal_pointer (&scenario);
}

/**
 * sp_window_scenario_open:
 *
 * Reads @file and, when it reads, shows its playground instead of the one on show.
 * When it does not, a dialog says why, with the line at fault, and nothing changes.
 */
void
sp_window_scenario_open (SpWindowScenario *self,
                         GFile            *file)
{
  g_return_if_fail (SP_IS_WINDOW_SCENARIO (self));
  g_return_if_fail (G_IS_FILE (file));

  set_busy (self, TRUE);
  g_file_load_contents_async (file, self->cancellable, load_contents_cb, g_object_ref (self));
}

/**
 * sp_window_scenario_open_lesson:
 * @name: a shipped lesson, by its file name without `.playground`, such as `lesson`
 *
 * Shows a lesson from the application's resources. It has no file: saving asks where.
 *
 * Returns: whether there is such a lesson
 */
gboolean
sp_window_scenario_open_lesson (SpWindowScenario *self,
                                const char       *name)
{
  g_autoptr(SpScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SP_IS_WINDOW_SCENARIO (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  scenario = load_lesson (name, &error);
  if (scenario == NULL)
    {
      g_warning ("Lesson “%s” does not read: %s", name, error->message);
      return FALSE;
    }

  sp_window_scenario_apply (self, scenario, NULL);
  return TRUE;
}

/**
 * sp_window_scenario_save:
 *
 * Writes the playground on show to @file, which becomes the playground's file. What
 * would not read back (an address being typed, say) is refused with a dialog instead.
 */
void
sp_window_scenario_save (SpWindowScenario *self,
                         GFile            *file)
{
  g_autoptr(SpScenario) scenario = NULL;
  g_autoptr(SpScenario) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;
  gsize length;

  g_return_if_fail (SP_IS_WINDOW_SCENARIO (self));
  g_return_if_fail (G_IS_FILE (file));

  scenario = sp_window_scenario_dup_scenario (self);
  text = sp_scenario_to_data (scenario, &length);
  bytes = g_bytes_new_take (text, length);

  check = sp_scenario_new_from_data (text, length, NULL, &error);
  if (check == NULL)
    {
      g_autofree char *name = file_display_name (file);
      /* Translators: %s is a file name */
      g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);
      /* Translators: %s says which setting, on which line of the file, would not read back */
      g_autofree char *body = g_strdup_printf (_("A pane has a setting that would not read back: %s"),
                                               error->message);

      show_error (self, heading, body);
      return;
    }

  set_busy (self, TRUE);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, replace_contents_cb, g_object_ref (self));
}

/* The lab's expectations, for the lab editor ---------------------------------------------- */

/* Whether @kept is about a pane on show: a closed pane may live on, kept for undo. */
static gboolean
kept_is_shown (SpWindowScenario *self,
               Kept             *kept)
{
  g_autoptr(GtkWidget) pane = g_weak_ref_get (&kept->pane);
  GListModel *panes;

  if (pane == NULL || self->window == NULL)
    return FALSE;

  panes = sp_window_get_panes (self->window);
  for (guint i = 0; i < g_list_model_get_n_items (panes); i++)
    {
      g_autoptr(GtkWidget) shown = g_list_model_get_item (panes, i);

      if (shown == pane)
        return TRUE;
    }

  return FALSE;
}

/* The index in self->kept of the expectation at @position among those shown, or
 * self->kept->len past the last. */
static guint
kept_index (SpWindowScenario *self,
            guint             position)
{
  guint seen = 0;

  for (guint i = 0; i < self->kept->len; i++)
    {
      if (!kept_is_shown (self, g_ptr_array_index (self->kept, i)))
        continue;
      if (seen++ == position)
        return i;
    }

  return self->kept->len;
}

/**
 * sp_window_scenario_insert_expectation:
 * @position: where among the expectations sp_window_scenario_dup_scenario() lists, or
 *   %G_MAXUINT for the end
 * @pane: the pane @expectation is about, one of the window's
 * @expectation: what is expected; its pane name is replaced by @pane's as it is saved
 *
 * Adds an expectation to the lab: saving writes it, and the headless runner grades it.
 */
void
sp_window_scenario_insert_expectation (SpWindowScenario *self,
                                       guint             position,
                                       GtkWidget        *pane,
                                       SpExpectation    *expectation)
{
  Kept *kept;

  g_return_if_fail (SP_IS_WINDOW_SCENARIO (self));
  g_return_if_fail (GTK_IS_WIDGET (pane));
  g_return_if_fail (SP_IS_EXPECTATION (expectation));

  kept = g_new0 (Kept, 1);
  kept->expectation = g_object_ref (expectation);
  g_weak_ref_init (&kept->pane, pane);
  g_ptr_array_insert (self->kept, (int) MIN (kept_index (self, position), self->kept->len), kept);
}

/**
 * sp_window_scenario_remove_expectation:
 * @position: which, among the expectations sp_window_scenario_dup_scenario() lists
 *
 * Takes an expectation out of the lab.
 *
 * Returns: (transfer full) (nullable): the pane it was about, to put it back with
 *   sp_window_scenario_insert_expectation(), or %NULL when there is none at @position
 */
GtkWidget *
sp_window_scenario_remove_expectation (SpWindowScenario *self,
                                       guint             position)
{
  GtkWidget *pane;
  guint index;

  g_return_val_if_fail (SP_IS_WINDOW_SCENARIO (self), NULL);

  index = kept_index (self, position);
  if (index >= self->kept->len)
    return NULL;

  pane = g_weak_ref_get (&((Kept *) g_ptr_array_index (self->kept, index))->pane);
  g_ptr_array_remove_index (self->kept, index);

  return pane;
}
