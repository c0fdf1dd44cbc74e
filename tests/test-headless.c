/* test-headless.c — `socket-playground --headless FILE`, run as a program without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "sp-core.h"
#include "sp-test-util.h"

static const char *
executable (void)
{
  const char *path = g_getenv ("SP_EXECUTABLE");

  g_assert_nonnull (path);
  return path;
}

typedef struct
{
  char *out;
  char *err;
  int   status;
} Ran;

static void
ran_clear (Ran *ran)
{
  g_clear_pointer (&ran->out, g_free);
  g_clear_pointer (&ran->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ran, ran_clear)

/* Runs the program to its end with no display at all: the runner must not need one. */
static void
run_program (Ran                *ran,
             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");

  g_ptr_array_add (argv, (char *) executable ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, sp_test_store_result, &result);
  sp_test_wait_for_result (&result, "the headless run");
  g_subprocess_communicate_utf8_finish (process, result, &ran->out, &ran->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  ran->status = g_subprocess_get_exit_status (process);
}

static char *
write_playground (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("test-headless-XXXXXX.playground", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” is not in:\n%s", needle, haystack);
}

/* Every shipped lesson passes: each is a lab whose expectations hold. */
static void
test_shipped (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n = 0;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_auto(Ran) ran = { 0 };

      if (!g_str_has_suffix (name, SP_SCENARIO_SUFFIX))
        continue;

      g_test_message ("%s", name);
      run_program (&ran, (const char *[]) { "--headless", path, "--timeout", "20", NULL });
      if (ran.status != 0)
        g_error ("%s exited with %d:\n%s\n%s", name, ran.status, ran.out, ran.err);
      assert_contains (ran.out, "✓ ");
      g_assert_null (strstr (ran.out, "✗ "));
      g_assert_cmpstr (ran.err, ==, "");
      n++;
    }

  g_assert_cmpuint (n, >=, 6);
}

/* The mail lesson with an expectation it cannot meet: the demo servers' logs are
 * printed like any pane's, and the run fails on that one expectation. */
static void
test_mail_unmet (void)
{
  g_autofree char *lesson = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", "mail.playground", NULL);
  const char *met = "Receives=Subject: Hello from the playground";
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) changed = NULL;
  g_auto(Ran) ran = { 0 };
  const char *imap_expectation;

  g_file_get_contents (lesson, &text, NULL, &error);
  g_assert_no_error (error);
  /* The IMAP client's expectation is the file's last. */
  imap_expectation = g_strrstr (text, met);
  g_assert_nonnull (imap_expectation);
  changed = g_string_new_len (text, imap_expectation - text);
  g_string_append (changed, "Receives=Subject: Goodbye");
  g_string_append (changed, imap_expectation + strlen (met));
  path = write_playground (changed->str);

  run_program (&ran, (const char *[]) { "--headless", path, NULL });

  g_assert_cmpint (ran.status, ==, 1);
  assert_contains (ran.out, " SMTP #1 — Command: EHLO playground.example\n");
  assert_contains (ran.out, " POP3 #1 — Command: RETR 2\n");
  assert_contains (ran.out, " IMAP #1 — Command: a3 FETCH 2 BODY[]\n");
  assert_contains (ran.out, "✓ SMTP counts at least 1 connection\n");
  assert_contains (ran.out, "✓ POP3 client receives “Subject: Hello from the playground”\n");
  assert_contains (ran.out, "✗ IMAP client receives “Subject: Goodbye” — IMAP client received ");
  assert_contains (ran.out, "1 of 3 expectations does not hold.");
  assert_contains (ran.err, "socket-playground: Expected: IMAP client receives “Subject: Goodbye”.");

  g_unlink (path);
}

static const char lesson_with[] =
  "[Playground]\nVersion=1\nTitle=A lab\n"
  "[Pane 1]\nKind=server\nName=Server 1\nEndpoint=tcp://127.0.0.1:0\nReply=Thank you for connecting\n"
  "[Pane 2]\nKind=client\nName=Client 1\nEndpoint=@Server 1\n"
  "[Expect 1]\nPane=Server 1\nConnections=1\n"
  "[Expect 2]\nPane=Client 1\nReceives=%s\n";

static void
test_unmet (void)
{
  g_autofree char *text = g_strdup_printf (lesson_with, "Go away");
  g_autofree char *path = write_playground (text);
  g_auto(Ran) ran = { 0 };

  run_program (&ran, (const char *[]) { "--headless", path, NULL });

  g_assert_cmpint (ran.status, ==, 1);
  assert_contains (ran.out, "✓ Server 1 counts at least 1 connection\n");
  assert_contains (ran.out, "✗ Client 1 receives “Go away” — Client 1 received 24 bytes");
  assert_contains (ran.out, "1 of 2 expectations does not hold.");
  assert_contains (ran.err, "socket-playground: Expected: Client 1 receives “Go away”. Client 1 received 24 bytes, and not that text; they start “Thank you for connecting”.\n");
  /* The events came first, from both panes. */
  assert_contains (ran.out, " Server 1 #1 accept()");
  assert_contains (ran.out, " Client 1 #1 recv(65536) → 24");

  g_unlink (path);
}

static JsonObject *
parse_line (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static void
test_json (void)
{
  g_autofree char *text = g_strdup_printf (lesson_with, "Thank you");
  g_autofree char *path = write_playground (text);
  g_auto(Ran) ran = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) sources = g_string_new (NULL);
  g_autoptr(JsonObject) result = NULL;
  guint n_events = 0;
  guint n_expectations = 0;

  run_program (&ran, (const char *[]) { "--headless", path, "--json", NULL });
  g_assert_cmpint (ran.status, ==, 0);
  g_assert_cmpstr (ran.err, ==, "");

  /* Every line is one JSON object: events, then expectations, then the result. */
  lines = g_strsplit (ran.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonObject) object = parse_line (lines[i]);

      if (json_object_has_member (object, "kind"))
        {
          g_assert_cmpuint (n_expectations, ==, 0);
          g_assert_nonnull (json_object_get_string_member (object, "time"));
          if (!strstr (sources->str, json_object_get_string_member (object, "source")))
            g_string_append_printf (sources, "%s;", json_object_get_string_member (object, "source"));
          n_events++;
        }
      else if (json_object_has_member (object, "expectation"))
        {
          g_assert_true (json_object_get_boolean_member (object, "met"));
          g_assert_nonnull (json_object_get_string_member (object, "pane"));
          g_assert_nonnull (json_object_get_string_member (object, "key"));
          n_expectations++;
        }
      else
        {
          g_assert_null (result);
          g_assert_null (lines[i + 1] != NULL && lines[i + 1][0] != '\0' ? "more" : NULL);
          result = json_object_ref (object);
        }
    }

  g_assert_cmpuint (n_events, >, 5);
  g_assert_cmpstr (sources->str, ==, "Server 1;Client 1;playground;");
  g_assert_cmpuint (n_expectations, ==, 2);
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "passed");
  g_assert_cmpstr (json_object_get_string_member (result, "end"), ==, "all-met");
  g_assert_cmpint (json_object_get_int_member (result, "expectations"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (result, "unmet"), ==, 0);

  g_unlink (path);
}

/* A lab server with nobody to connect: the time limit ends it, and it failed. */
static void
test_timeout (void)
{
  g_autofree char *path = write_playground ("[Playground]\nVersion=1\n"
                                            "[Pane 1]\nKind=server\nName=Lab\nEndpoint=tcp://127.0.0.1:0\n"
                                            "[Expect 1]\nPane=Lab\nConnections=1\n");
  g_auto(Ran) ran = { 0 };
  g_autoptr(JsonObject) result = NULL;
  g_auto(GStrv) lines = NULL;
  guint n;

  run_program (&ran, (const char *[]) { "--headless", path, "--timeout", "0.3", "--json", "--quiet", NULL });
  g_assert_cmpint (ran.status, ==, 1);

  lines = g_strsplit (g_strstrip (ran.out), "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, ==, 2);
  result = parse_line (lines[n - 1]);
  g_assert_cmpstr (json_object_get_string_member (result, "end"), ==, "timeout");
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "failed");
  assert_contains (ran.err, "Expected: Lab counts at least 1 connection. Lab counted 0 connections.");

  g_unlink (path);
}

typedef struct
{
  const char *name;
  const char *file_text;     /* NULL: no file is written */
  const char *args[4];
  const char *says;
} Usage;

static const Usage usages[] = {
  { "no-file", NULL, { "--headless", NULL }, "Give the playground file to run" },
  { "only-options", NULL, { "--headless", "--quiet", NULL }, "Give the playground file to run" },
  { "empty-file-name", NULL, { "--headless=", NULL }, "Give the playground file to run" },
  { "missing-file", NULL, { "--headless", "/nonexistent/lab.playground", NULL }, "/nonexistent/lab.playground: " },
  { "two-files", "[Playground]\nVersion=1\n", { "--headless", "FILE", "other.playground", NULL }, "Unexpected argument “other.playground”" },
  { "bad-timeout", "[Playground]\nVersion=1\n", { "--headless", "FILE", "--timeout=-1", NULL }, "--timeout is a number of seconds" },
  { "malformed", "[Playground]\nVersion=1\n\n[Pane 1]\nKind=client\nEndpoint=tcp://nowhere\n", { "--headless", "FILE", NULL },
    ": Line 6: [Pane 1] Endpoint: " },
  { "newer", "[Playground]\nVersion=9\n", { "--headless", "FILE", NULL }, ": Line 2: This playground is written in version 9" },
};

static void
test_usage (gconstpointer data)
{
  const Usage *usage = data;
  g_autofree char *path = usage->file_text != NULL ? write_playground (usage->file_text) : NULL;
  const char *args[G_N_ELEMENTS (usage->args)] = { NULL };
  g_auto(Ran) ran = { 0 };

  for (guint i = 0; usage->args[i] != NULL; i++)
    args[i] = g_str_equal (usage->args[i], "FILE") ? path : usage->args[i];

  run_program (&ran, args);
  g_assert_cmpint (ran.status, ==, 2);
  assert_contains (ran.err, "socket-playground: ");
  assert_contains (ran.err, usage->says);
  g_assert_cmpstr (ran.out, ==, "");

  if (path != NULL)
    g_unlink (path);
}

/* --headless is a switch: options may come before the file, and --help right after it. */
static void
test_option_order (void)
{
  g_autofree char *lesson = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", "lesson.playground", NULL);
  const char *quiet_first[] = { "--headless", "--quiet", lesson, NULL };
  const char *equals[] = { NULL, "--quiet", NULL };
  const char *help[] = { "--headless", "--help", NULL };
  g_autofree char *equals_arg = g_strconcat ("--headless=", lesson, NULL);

  {
    g_auto(Ran) ran = { 0 };

    run_program (&ran, quiet_first);
    g_assert_cmpint (ran.status, ==, 0);
    assert_contains (ran.out, "✓ Client receives “Thank you for connecting”");
  }
  {
    g_auto(Ran) ran = { 0 };

    equals[0] = equals_arg;
    run_program (&ran, equals);
    g_assert_cmpint (ran.status, ==, 0);
  }
  {
    g_auto(Ran) ran = { 0 };

    run_program (&ran, help);
    g_assert_cmpint (ran.status, ==, 0);
    assert_contains (ran.out, "--timeout=SECONDS");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/headless/shipped", test_shipped);
  g_test_add_func ("/headless/unmet", test_unmet);
  g_test_add_func ("/headless/mail-unmet", test_mail_unmet);
  g_test_add_func ("/headless/json", test_json);
  g_test_add_func ("/headless/timeout", test_timeout);
  g_test_add_func ("/headless/option-order", test_option_order);
  for (guint i = 0; i < G_N_ELEMENTS (usages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/headless/usage/%s", usages[i].name);

      g_test_add_data_func (path, &usages[i], test_usage);
    }

  return g_test_run ();
}
