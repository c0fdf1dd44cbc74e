/* main.c — start Socket Playground
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sp-application.h"
#include "sp-command-line.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SpApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* Uninstalled runs (tests, screenshots) point this at the build folder's catalogues. */
  localedir = g_getenv ("SOCKET_PLAYGROUND_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* serve and connect run the engine in the terminal, without a display. */
  if (sp_command_line_handles (argc, argv))
    return sp_command_line_run (argc, argv);

  app = sp_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
