/* sp-demo-ftp-tree.h — the FTP demo server's files: a small tree in memory
 *
 * Plain structures, not objects: the FTP sessions of one demo server share one tree,
 * kept with the server, and walk it by path.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SpDemoFtpNode SpDemoFtpNode;

struct _SpDemoFtpNode
{
  char          *name;
  SpDemoFtpNode *parent;
  GPtrArray     *children;   /* SpDemoFtpNode, for directories; NULL for files */
  GBytes        *contents;   /* files */
  gboolean       writable;   /* directories that take uploads */
  gint64         mtime;      /* seconds since 1970 */
};

typedef struct
{
  SpDemoFtpNode *root;
  gsize          stored_bytes;   /* uploads, counted against the server's limit */
  guint          n_nodes;
} SpDemoFtpTree;

SpDemoFtpTree *sp_demo_ftp_tree_new              (void);
void           sp_demo_ftp_tree_free             (SpDemoFtpTree  *tree);
SpDemoFtpNode *sp_demo_ftp_tree_resolve          (SpDemoFtpTree  *tree,
                                                  SpDemoFtpNode  *cwd,
                                                  const char     *path);
SpDemoFtpNode *sp_demo_ftp_tree_resolve_parent   (SpDemoFtpTree  *tree,
                                                  SpDemoFtpNode  *cwd,
                                                  const char     *path,
                                                  char          **name);

SpDemoFtpNode *sp_demo_ftp_node_add              (SpDemoFtpNode  *parent,
                                                  const char     *name,
                                                  gboolean        is_dir,
                                                  gboolean        writable,
                                                  GBytes         *contents);
SpDemoFtpNode *sp_demo_ftp_node_find_child       (SpDemoFtpNode  *dir,
                                                  const char     *name);
char          *sp_demo_ftp_node_dup_path         (SpDemoFtpNode  *node);
void           sp_demo_ftp_node_append_list_line (SpDemoFtpNode  *node,
                                                  GString        *listing);

gboolean       sp_demo_ftp_name_is_allowed       (const char     *name);
GBytes        *sp_demo_ftp_to_ascii              (GBytes         *contents);
GBytes        *sp_demo_ftp_from_ascii            (GBytes         *received);

G_END_DECLS
