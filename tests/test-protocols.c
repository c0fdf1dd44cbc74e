/* test-protocols.c — the port catalogue: the tutorial's protocols, lookups, first requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sp-core.h"

typedef struct
{
  const char  *name;
  guint        port;
  guint        extra_port;
  SpTransport  transport;
  const char  *rfc;  /* one RFC the "rfc" property must name */
} Expected;

/* The seed tutorial's table, in its order. */
static const Expected tutorial[] = {
  { "HTTP", 80, 0, SP_TRANSPORT_TCP, "RFC 9112" },
  { "NNTP", 119, 0, SP_TRANSPORT_TCP, "RFC 3977" },
  { "FTP", 21, 20, SP_TRANSPORT_TCP, "RFC 959" },
  { "SMTP", 25, 0, SP_TRANSPORT_TCP, "RFC 5321" },
  { "POP3", 110, 0, SP_TRANSPORT_TCP, "RFC 1939" },
  { "IMAP4", 143, 0, SP_TRANSPORT_TCP, "RFC 3501" },
  { "Telnet", 23, 0, SP_TRANSPORT_TCP, "RFC 854" },
  { "Gopher", 70, 0, SP_TRANSPORT_TCP, "RFC 1436" },
};

/* What a learner meets next; the catalogue may hold more. */
static const Expected others[] = {
  { "SSH", 22, 0, SP_TRANSPORT_TCP, "RFC 4253" },
  { "DNS", 53, 0, SP_TRANSPORT_UDP, "RFC 1035" },
  { "NTP", 123, 0, SP_TRANSPORT_UDP, "RFC 5905" },
  { "HTTPS", 443, 0, SP_TRANSPORT_TCP, "RFC 2818" },
  { "Submission", 587, 0, SP_TRANSPORT_TCP, "RFC 6409" },
  { "IMAPS", 993, 0, SP_TRANSPORT_TCP, "RFC 8314" },
  { "POP3S", 995, 0, SP_TRANSPORT_TCP, "RFC 8314" },
};

static SpProtocol *
get_protocol (guint position)
{
  g_autoptr(SpProtocol) protocol = g_list_model_get_item (sp_protocols_get_default (), position);

  g_assert_nonnull (protocol);

  /* The catalogue keeps its own reference. */
  return protocol;
}

static void
assert_expected (SpProtocol     *protocol,
                 const Expected *expected)
{
  g_assert_cmpstr (sp_protocol_get_name (protocol), ==, expected->name);
  g_assert_cmpuint (sp_protocol_get_port (protocol), ==, expected->port);
  g_assert_cmpuint (sp_protocol_get_extra_port (protocol), ==, expected->extra_port);
  g_assert_cmpint (sp_protocol_get_transport (protocol), ==, expected->transport);
  g_assert_nonnull (strstr (sp_protocol_get_rfc (protocol), expected->rfc));
}

static void
test_protocol_create_destroy (void)
{
  SpProtocol *protocol;
  g_autofree char *name = NULL;
  g_autofree char *first_request = NULL;
  SpTransport transport;
  guint port, demo_port;
  gboolean privileged, in_tutorial;

  protocol = g_object_new (SP_TYPE_PROTOCOL,
                           "name", "Finger",
                           "port", 79,
                           "transport", SP_TRANSPORT_TCP,
                           "first-request", "\\r\\n",
                           NULL);

  g_object_get (protocol,
                "name", &name,
                "port", &port,
                "transport", &transport,
                "first-request", &first_request,
                "demo-port", &demo_port,
                "is-privileged", &privileged,
                "in-tutorial", &in_tutorial,
                NULL);
  g_assert_cmpstr (name, ==, "Finger");
  g_assert_cmpuint (port, ==, 79);
  g_assert_cmpint (transport, ==, SP_TRANSPORT_TCP);
  g_assert_cmpstr (first_request, ==, "\\r\\n");
  g_assert_cmpuint (demo_port, ==, 8079);
  g_assert_true (privileged);
  g_assert_false (in_tutorial);
  g_assert_cmpuint (sp_protocol_get_extra_port (protocol), ==, 0);
  g_assert_null (sp_protocol_get_first_request_note (protocol));

  g_assert_finalize_object (protocol);

  /* An unprivileged port is its own demo port. */
  protocol = g_object_new (SP_TYPE_PROTOCOL, "name", "IRC", "port", 6667, NULL);
  g_assert_false (sp_protocol_is_privileged (protocol));
  g_assert_cmpuint (sp_protocol_get_demo_port (protocol), ==, 6667);
  g_assert_finalize_object (protocol);
}

static void
test_protocols_tutorial (void)
{
  GListModel *protocols = sp_protocols_get_default ();

  g_assert_true (g_list_model_get_item_type (protocols) == SP_TYPE_PROTOCOL);
  g_assert_cmpuint (g_list_model_get_n_items (protocols), >, G_N_ELEMENTS (tutorial));
  /* Built once. */
  g_assert_true (protocols == sp_protocols_get_default ());

  for (guint i = 0; i < G_N_ELEMENTS (tutorial); i++)
    {
      SpProtocol *protocol = get_protocol (i);

      assert_expected (protocol, &tutorial[i]);
      g_assert_true (sp_protocol_get_in_tutorial (protocol));
    }

  for (guint i = G_N_ELEMENTS (tutorial); i < g_list_model_get_n_items (protocols); i++)
    g_assert_false (sp_protocol_get_in_tutorial (get_protocol (i)));
}

static void
test_protocols_others (void)
{
  GListModel *protocols = sp_protocols_get_default ();
  guint n_items = g_list_model_get_n_items (protocols);

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      SpProtocol *protocol = sp_protocols_lookup (others[i].name);

      g_assert_nonnull (protocol);
      assert_expected (protocol, &others[i]);
      g_assert_false (sp_protocol_get_in_tutorial (protocol));
    }

  /* After the tutorial's eight, by port. */
  for (guint i = G_N_ELEMENTS (tutorial) + 1; i < n_items; i++)
    g_assert_cmpuint (sp_protocol_get_port (get_protocol (i - 1)), <,
                      sp_protocol_get_port (get_protocol (i)));

  /* DNS is UDP here, and says TCP carries the rest. */
  g_assert_nonnull (strstr (sp_protocol_get_function (sp_protocols_lookup ("DNS")), "TCP"));
}

static void
test_protocols_lookup (void)
{
  SpProtocol *http = sp_protocols_lookup ("HTTP");
  SpProtocol *ftp = sp_protocols_lookup ("FTP");

  g_assert_nonnull (http);
  g_assert_nonnull (ftp);

  g_assert_true (sp_protocols_lookup ("http") == http);
  g_assert_true (sp_protocols_lookup ("Http") == http);
  g_assert_true (sp_protocols_lookup (" http\t") == http);
  g_assert_true (sp_protocols_lookup ("80") == http);
  g_assert_true (sp_protocols_lookup ("21") == ftp);
  g_assert_true (sp_protocols_lookup ("20") == ftp);
  g_assert_cmpstr (sp_protocol_get_name (sp_protocols_lookup ("25")), ==, "SMTP");
  g_assert_cmpstr (sp_protocol_get_name (sp_protocols_lookup ("smtp")), ==, "SMTP");
  g_assert_cmpstr (sp_protocol_get_name (sp_protocols_lookup ("143")), ==, "IMAP4");
  g_assert_cmpstr (sp_protocol_get_name (sp_protocols_lookup ("imap4")), ==, "IMAP4");
  g_assert_cmpstr (sp_protocol_get_name (sp_protocols_lookup ("imap")), ==, "IMAP4");
  g_assert_cmpstr (sp_protocol_get_name (sp_protocols_lookup ("pop3")), ==, "POP3");
  g_assert_cmpstr (sp_protocol_get_name (sp_protocols_lookup ("70")), ==, "Gopher");
  g_assert_cmpstr (sp_protocol_get_name (sp_protocols_lookup ("TELNET")), ==, "Telnet");
  g_assert_cmpstr (sp_protocol_get_name (sp_protocols_lookup ("53")), ==, "DNS");

  /* Every entry is found by its own name and its own port. */
  for (guint i = 0; i < g_list_model_get_n_items (sp_protocols_get_default ()); i++)
    {
      SpProtocol *protocol = get_protocol (i);
      g_autofree char *port = g_strdup_printf ("%u", sp_protocol_get_port (protocol));

      g_assert_true (sp_protocols_lookup (sp_protocol_get_name (protocol)) == protocol);
      g_assert_true (sp_protocols_lookup (port) == protocol);
    }

  g_assert_null (sp_protocols_lookup (""));
  g_assert_null (sp_protocols_lookup ("   "));
  g_assert_null (sp_protocols_lookup ("gopherlib"));
  g_assert_null (sp_protocols_lookup ("HTTP/1.1"));
  g_assert_null (sp_protocols_lookup ("0"));
  g_assert_null (sp_protocols_lookup ("80x"));
  g_assert_null (sp_protocols_lookup ("-80"));
  g_assert_null (sp_protocols_lookup ("65536"));
  g_assert_null (sp_protocols_lookup ("99999999999999999999"));
  g_assert_null (sp_protocols_lookup ("12345"));
}

static void
test_protocols_first_requests (void)
{
  GListModel *protocols = sp_protocols_get_default ();
  struct {
    const char *name;
    const char *bytes;
    gsize       size;
  } exact[] = {
    { "HTTP", "HEAD / HTTP/1.0\r\n\r\n", 19 },
    { "Gopher", "\r\n", 2 },
    { "NNTP", "CAPABILITIES\r\n", 14 },
    { "POP3", "CAPA\r\n", 6 },
    { "IMAP4", "a1 CAPABILITY\r\n", 15 },
    { "DNS", "\x12\x34\x01\0\0\x01\0\0\0\0\0\0\x07" "example\x03" "com\0\0\x01\0\x01", 29 },
  };

  for (guint i = 0; i < g_list_model_get_n_items (protocols); i++)
    {
      SpProtocol *protocol = get_protocol (i);
      const char *request = sp_protocol_get_first_request (protocol);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      gsize column = 0;

      g_test_message ("%s: %s", sp_protocol_get_name (protocol),
                      request != NULL ? request : "(none)");

      /* Every protocol says something about the first exchange, above all when the
       * client has nothing to send. */
      g_assert_nonnull (sp_protocol_get_first_request_note (protocol));
      if (request == NULL)
        continue;

      bytes = sp_payload_parse_text (request, -1, &column, &error);
      g_assert_no_error (error);
      g_assert_nonnull (bytes);
      g_assert_cmpuint (column, ==, 0);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (exact); i++)
    {
      SpProtocol *protocol = sp_protocols_lookup (exact[i].name);
      g_autoptr(GBytes) bytes = NULL;

      bytes = sp_payload_parse_text (sp_protocol_get_first_request (protocol), -1, NULL, NULL);
      g_assert_nonnull (bytes);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       exact[i].bytes, exact[i].size);
    }

  /* NTP: a 48-byte client request, version 3, mode 3. */
  {
    g_autoptr(GBytes) bytes = NULL;
    const guint8 *data;
    gsize size;

    bytes = sp_payload_parse_text (sp_protocol_get_first_request (sp_protocols_lookup ("NTP")),
                                   -1, NULL, NULL);
    data = g_bytes_get_data (bytes, &size);
    g_assert_cmpuint (size, ==, 48);
    g_assert_cmphex (data[0], ==, 0x1b);
    for (gsize j = 1; j < size; j++)
      g_assert_cmphex (data[j], ==, 0);
  }

  /* The server speaks first: nothing to send, and the note says it waits. */
  for (guint i = 0; i < 3; i++)
    {
      const char *name = (const char *[]) { "SMTP", "FTP", "Telnet" }[i];
      SpProtocol *protocol = sp_protocols_lookup (name);

      g_assert_null (sp_protocol_get_first_request (protocol));
    }
  g_assert_nonnull (strstr (sp_protocol_get_first_request_note (sp_protocols_lookup ("SMTP")),
                            "waits for the server’s greeting"));
}

static void
test_protocols_demo_ports (void)
{
  GListModel *protocols = sp_protocols_get_default ();

  for (guint i = 0; i < g_list_model_get_n_items (protocols); i++)
    {
      SpProtocol *protocol = get_protocol (i);
      guint port = sp_protocol_get_port (protocol);
      guint demo_port = sp_protocol_get_demo_port (protocol);

      g_assert_cmpuint (port, >, 0);
      g_assert_cmpuint (demo_port, >=, 1024);
      g_assert_cmpuint (demo_port, <=, G_MAXUINT16);
      g_assert_cmpint (sp_protocol_is_privileged (protocol), ==, port < 1024);
      if (port < 1024)
        g_assert_cmpuint (demo_port, ==, port + 8000);
      else
        g_assert_cmpuint (demo_port, ==, port);
    }

  g_assert_cmpuint (sp_protocol_get_demo_port (sp_protocols_lookup ("HTTP")), ==, 8080);
  g_assert_cmpuint (sp_protocol_get_demo_port (sp_protocols_lookup ("SMTP")), ==, 8025);
}

static void
test_protocols_unique (void)
{
  GListModel *protocols = sp_protocols_get_default ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ports = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < g_list_model_get_n_items (protocols); i++)
    {
      SpProtocol *protocol = get_protocol (i);
      char *name = g_ascii_strdown (sp_protocol_get_name (protocol), -1);
      guint port = sp_protocol_get_port (protocol);

      g_assert_false (g_hash_table_contains (names, name));
      g_hash_table_add (names, name);

      g_assert_false (g_hash_table_contains (ports, GUINT_TO_POINTER (port)));
      g_hash_table_add (ports, GUINT_TO_POINTER (port));
      if (sp_protocol_get_extra_port (protocol) != 0)
        {
          g_assert_false (g_hash_table_contains (ports, GUINT_TO_POINTER (sp_protocol_get_extra_port (protocol))));
          g_hash_table_add (ports, GUINT_TO_POINTER (sp_protocol_get_extra_port (protocol)));
        }
    }
}

static void
test_protocols_facts (void)
{
  GListModel *protocols = sp_protocols_get_default ();
  struct {
    const char *name;
    const char *modules;
  } modules[] = {
    { "HTTP", "httplib → http.client" },
    { "HTTP", "xmlrpclib → xmlrpc.client" },
    { "HTTP", "urllib" },
    { "FTP", "ftplib" },
    { "SMTP", "smtplib" },
    { "POP3", "poplib" },
    { "IMAP4", "imaplib" },
    { "NNTP", "nntplib (deprecated in 3.11, removed in 3.13)" },
    { "Telnet", "telnetlib (deprecated in 3.11, removed in 3.13)" },
    { "Gopher", "gopherlib (removed in Python 3)" },
  };

  for (guint i = 0; i < g_list_model_get_n_items (protocols); i++)
    {
      SpProtocol *protocol = get_protocol (i);

      g_assert_true (g_str_has_prefix (sp_protocol_get_rfc (protocol), "RFC "));
      g_assert_cmpstr (sp_protocol_get_title (protocol), !=, "");
      g_assert_cmpstr (sp_protocol_get_function (protocol), !=, "");
      g_assert_cmpstr (sp_protocol_get_python_modules (protocol), !=, "");
      g_assert_nonnull (sp_protocol_get_title (protocol));
      g_assert_nonnull (sp_protocol_get_function (protocol));
      g_assert_nonnull (sp_protocol_get_python_modules (protocol));
    }

  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    g_assert_nonnull (strstr (sp_protocol_get_python_modules (sp_protocols_lookup (modules[i].name)),
                              modules[i].modules));

  g_assert_cmpstr (sp_protocol_get_title (sp_protocols_lookup ("HTTP")), ==,
                   "Hypertext Transfer Protocol");
  g_assert_nonnull (strstr (sp_protocol_get_rfc (sp_protocols_lookup ("HTTP")), "RFC 9110"));
  g_assert_nonnull (strstr (sp_protocol_get_rfc (sp_protocols_lookup ("IMAP4")), "RFC 9051"));
}

static void
test_protocols_endpoint_text (void)
{
  SpProtocol *http = sp_protocols_lookup ("HTTP");
  SpProtocol *dns = sp_protocols_lookup ("DNS");
  g_autofree char *real = sp_protocol_dup_endpoint_text (http, "127.0.0.1", FALSE);
  g_autofree char *demo = sp_protocol_dup_endpoint_text (http, "127.0.0.1", TRUE);
  g_autofree char *udp = sp_protocol_dup_endpoint_text (dns, "::1", FALSE);
  g_autoptr(SpEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (real, ==, "tcp://127.0.0.1:80");
  g_assert_cmpstr (demo, ==, "tcp://127.0.0.1:8080");
  g_assert_cmpstr (udp, ==, "udp://[::1]:53");

  /* What the window puts in a client pane parses as a client endpoint. */
  endpoint = sp_endpoint_parse (udp, SP_ENDPOINT_ROLE_CLIENT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sp_endpoint_get_transport (endpoint), ==, SP_TRANSPORT_UDP);
  g_assert_cmpuint (sp_endpoint_get_port (endpoint), ==, 53);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/create-destroy", test_protocol_create_destroy);
  g_test_add_func ("/protocols/tutorial", test_protocols_tutorial);
  g_test_add_func ("/protocols/others", test_protocols_others);
  g_test_add_func ("/protocols/lookup", test_protocols_lookup);
  g_test_add_func ("/protocols/first-requests", test_protocols_first_requests);
  g_test_add_func ("/protocols/demo-ports", test_protocols_demo_ports);
  g_test_add_func ("/protocols/unique", test_protocols_unique);
  g_test_add_func ("/protocols/facts", test_protocols_facts);
  g_test_add_func ("/protocols/endpoint-text", test_protocols_endpoint_text);

  return g_test_run ();
}
