/* sp-demo-ftp-tree.c — the FTP demo server's files: a small tree in memory
 *
 * Copyright the Socket Playground authors. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-demo-ftp-tree.h"

#define MAX_NAME_LENGTH 255

static void
node_free (SpDemoFtpNode *node)
{
  g_free (node->name);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_clear_pointer (&node->contents, g_bytes_unref);
  g_free (node);
}

SpDemoFtpNode *
sp_demo_ftp_node_add (SpDemoFtpNode *parent,
                      const char    *name,
                      gboolean       is_dir,
                      gboolean       writable,
                      GBytes        *contents)
{
  SpDemoFtpNode *node = g_new0 (SpDemoFtpNode, 1);

  node->name = g_strdup (name);
  node->parent = parent;
  node->writable = writable;
  node->mtime = g_get_real_time () / G_USEC_PER_SEC;
  if (is_dir)
    node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  else
    node->contents = contents != NULL ? g_bytes_ref (contents) : g_bytes_new (NULL, 0);
  if (parent != NULL)
    g_ptr_array_add (parent->children, node);

  return node;
}

void
sp_demo_ftp_tree_free (SpDemoFtpTree *tree)
{
  node_free (tree->root);
  g_free (tree);
}

static const char readme_text[] =
  "Welcome to the Socket Playground FTP demo server.\n"
  "\n"
  "FTP (RFC 959) uses two connections. Commands such as USER, PASS, CWD and RETR\n"
  "travel on the control connection (port 21 on a real server); each listing and\n"
  "each file travels on a separate data connection, and its close marks the end\n"
  "of the file.\n"
  "\n"
  "In passive mode (PASV or EPSV) the server names a port and the client connects\n"
  "to it. In active mode (PORT) the server connects back to the client, from port\n"
  "20 on a real server.\n"
  "\n"
  "Download from /pub, upload into /upload (log in as learner / playground).\n";

static const char hello_text[] = "Hello from the Socket Playground FTP demo server!\n";

/* The tree every FTP demo server starts with: /pub to download from, /upload to write to. */
SpDemoFtpTree *
sp_demo_ftp_tree_new (void)
{
  SpDemoFtpTree *tree = g_new0 (SpDemoFtpTree, 1);
  g_autoptr(GBytes) readme = g_bytes_new_static (readme_text, sizeof readme_text - 1);
  g_autoptr(GBytes) hello = g_bytes_new_static (hello_text, sizeof hello_text - 1);
  SpDemoFtpNode *pub;

  tree->root = sp_demo_ftp_node_add (NULL, "", TRUE, FALSE, NULL);
  pub = sp_demo_ftp_node_add (tree->root, "pub", TRUE, FALSE, NULL);
  sp_demo_ftp_node_add (pub, "readme.txt", FALSE, FALSE, readme);
  sp_demo_ftp_node_add (pub, "hello.txt", FALSE, FALSE, hello);
  sp_demo_ftp_node_add (tree->root, "upload", TRUE, TRUE, NULL);
  tree->n_nodes = 5;

  return tree;
}

SpDemoFtpNode *
sp_demo_ftp_node_find_child (SpDemoFtpNode *dir,
                             const char    *name)
{
  for (guint i = 0; i < dir->children->len; i++)
    {
      SpDemoFtpNode *child = g_ptr_array_index (dir->children, i);

      if (strcmp (child->name, name) == 0)
        return child;
    }

  return NULL;
}

char *
sp_demo_ftp_node_dup_path (SpDemoFtpNode *node)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GString *path = g_string_new (NULL);

  for (SpDemoFtpNode *n = node; n->parent != NULL; n = n->parent)
    g_ptr_array_insert (names, 0, n->name);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (path, "/%s", (const char *) g_ptr_array_index (names, i));

  if (path->len == 0)
    g_string_append_c (path, '/');

  return g_string_free (path, FALSE);
}

/* Walks @path from @cwd (or the root if it starts with /); ".." above the root stays there. */
SpDemoFtpNode *
sp_demo_ftp_tree_resolve (SpDemoFtpTree *tree,
                          SpDemoFtpNode *cwd,
                          const char    *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  SpDemoFtpNode *node = path[0] == '/' ? tree->root : cwd;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (node->parent != NULL)
            node = node->parent;
          continue;
        }
      if (node->children == NULL)
        return NULL;
      node = sp_demo_ftp_node_find_child (node, parts[i]);
      if (node == NULL)
        return NULL;
    }

  return node;
}

/* For STOR and MKD: the directory that would hold @path, and the new entry's name. */
SpDemoFtpNode *
sp_demo_ftp_tree_resolve_parent (SpDemoFtpTree  *tree,
                                 SpDemoFtpNode  *cwd,
                                 const char     *path,
                                 char          **name)
{
  const char *slash = strrchr (path, '/');
  g_autofree char *dir_path = NULL;
  SpDemoFtpNode *dir;

  *name = NULL;
  if (slash == NULL)
    dir = cwd;
  else
    {
      dir_path = slash == path ? g_strdup ("/") : g_strndup (path, slash - path);
      dir = sp_demo_ftp_tree_resolve (tree, cwd, dir_path);
    }

  if (dir == NULL || dir->children == NULL)
    return NULL;

  *name = g_strdup (slash != NULL ? slash + 1 : path);
  return dir;
}

gboolean
sp_demo_ftp_name_is_allowed (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > MAX_NAME_LENGTH || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;

  for (const guchar *c = (const guchar *) name; *c != '\0'; c++)
    if (*c < 0x20 || *c == 0x7f)
      return FALSE;

  return g_utf8_validate (name, -1, NULL);
}

/* One `ls -l` line, as most FTP servers answer LIST and as clients expect to parse it. */
void
sp_demo_ftp_node_append_list_line (SpDemoFtpNode *node,
                                   GString       *listing)
{
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (node->mtime);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean is_dir = node->children != NULL;
  const char *mode = is_dir ? (node->writable ? "drwxrwxrwx" : "drwxr-xr-x") : "-rw-r--r--";
  gsize size = is_dir ? 0 : g_bytes_get_size (node->contents);
  g_autofree char *stamp = NULL;

  if (g_date_time_get_year (when) == g_date_time_get_year (now))
    stamp = g_strdup_printf ("%s %2d %02d:%02d", months[g_date_time_get_month (when) - 1],
                             g_date_time_get_day_of_month (when),
                             g_date_time_get_hour (when), g_date_time_get_minute (when));
  else
    stamp = g_strdup_printf ("%s %2d  %4d", months[g_date_time_get_month (when) - 1],
                             g_date_time_get_day_of_month (when), g_date_time_get_year (when));

  g_string_append_printf (listing, "%s 1 ftp ftp %10zu %s %s\r\n", mode, size, stamp, node->name);
}

/* Text files travel with CR LF in ASCII mode (TYPE A), as they are in image mode (TYPE I). */
GBytes *
sp_demo_ftp_to_ascii (GBytes *contents)
{
  gsize size;
  const char *data = g_bytes_get_data (contents, &size);
  GString *converted = g_string_sized_new (size + size / 16);

  for (gsize i = 0; i < size; i++)
    {
      if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
        g_string_append_c (converted, '\r');
      g_string_append_c (converted, data[i]);
    }

  return g_string_free_to_bytes (converted);
}

GBytes *
sp_demo_ftp_from_ascii (GBytes *received)
{
  gsize size;
  const char *data = g_bytes_get_data (received, &size);
  GString *converted = g_string_sized_new (size);

  for (gsize i = 0; i < size; i++)
    if (!(data[i] == '\r' && i + 1 < size && data[i + 1] == '\n'))
      g_string_append_c (converted, data[i]);

  return g_string_free_to_bytes (converted);
}
