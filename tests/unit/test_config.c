/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Config model: parsing, validation messages that name the field, save/load round trip,
 * atomic save that leaves the old file intact on failure, and the netif pure helpers. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mbmc_config.h"
#include "netif.h"
#include "unit.h"

static const char *good =
    "{ \"interface\": \"bmc0\", \"mode\": \"macvlan\", \"user\": \"admin\",\n"
    "  \"password_file\": \"/etc/multibmc/pw\",\n"
    "  \"proxmox\": { \"url\": \"https://pve:8006\", \"token_file\": \"/etc/multibmc/token\" },\n"
    "  \"bmcs\": [ { \"vmid\": 112, \"address\": \"10.25.100.2\", \"prefix\": 16 },\n"
    "            { \"vmid\": 111, \"address\": \"10.25.100.1\", \"prefix\": 16, \"backend\": \"qmp\",\n"
    "              \"qmp\": \"/run/qemu/111.qmp\" } ] }";

/* Parse text; expect failure whose message contains want. */
static void expect_error(const char *text, const char *want)
{
    GError *err = NULL;
    MbmcConfig *c = mbmc_config_parse(text, "test.json", &err);
    CHECK(c == NULL);
    CHECK(err != NULL);
    if (err && !strstr(err->message, want)) {
        fprintf(stderr, "  message '%s' lacks '%s'\n", err->message, want);
        unit_case_failed = 1;
    }
    if (c)
        mbmc_config_free(c);
    g_clear_error(&err);
}

static void parse_good(void)
{
    GError *err = NULL;
    MbmcConfig *c = mbmc_config_parse(good, "test.json", &err);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "  %s\n", err->message);
        return;
    }
    CHECK_EQ_STR(c->interface, "bmc0");
    CHECK_EQ_INT(c->mode, MBMC_MODE_MACVLAN);
    CHECK_EQ_INT(c->bmcs->len, 2);
    MbmcBmc *b = g_ptr_array_index(c->bmcs, 0);   /* sorted by vmid */
    CHECK_EQ_INT(b->vmid, 111);
    CHECK_EQ_INT(b->backend, MBMC_BACKEND_KIND_QMP);
    CHECK_EQ_STR(b->qmp, "/run/qemu/111.qmp");
    b = g_ptr_array_index(c->bmcs, 1);
    CHECK_EQ_INT(b->backend, MBMC_BACKEND_KIND_PROXMOX);
    CHECK_EQ_STR(c->run_dir, "/run/multibmc");   /* defaults */
    CHECK_EQ_STR(c->state_dir, "/var/lib/multibmc");
    mbmc_config_free(c);
}

static void validation_names_the_field(void)
{
    expect_error("{", "not valid JSON");
    expect_error("[]", "top level must be a JSON object");
    expect_error("{\"mode\":\"alias\"}", "\"interface\" is missing");
    expect_error("{\"interface\":\"bmc0\",\"bogus\":1}", "unknown field \"bogus\"");
    expect_error("{\"interface\":\"bmc0\",\"mode\":\"bridge\"}", "use \"alias\" or \"macvlan\"");
    expect_error("{\"interface\":\"bmc0\",\"password_file\":\"pw\"}", "\"password_file\" must be an absolute path");
    expect_error("{\"interface\":\"bmc0\",\"password_file\":\"/pw\",\"bmcs\":[{\"vmid\":1,\"address\":\"10.0.0.1\","
                 "\"prefix\":24}]}", "proxmox backend needs proxmox.url");
    expect_error("{\"interface\":\"bmc0\",\"password_file\":\"/pw\",\"bmcs\":[{\"vmid\":1,\"address\":\"10.0.0.1\","
                 "\"prefix\":24,\"backend\":\"qmp\"}]}", "needs \"qmp\"");
    expect_error("{\"interface\":\"bmc0\",\"password_file\":\"/pw\",\"bmcs\":[{\"vmid\":1,\"address\":\"10.0.0.300\","
                 "\"prefix\":24,\"backend\":\"qmp\",\"qmp\":\"/q\"}]}", "not an IPv4 address");
    expect_error("{\"interface\":\"bmc0\",\"password_file\":\"/pw\",\"bmcs\":[{\"vmid\":1,\"address\":\"10.0.0.1\","
                 "\"prefix\":33,\"backend\":\"qmp\",\"qmp\":\"/q\"}]}", "prefix length");
    expect_error("{\"interface\":\"bmc0\",\"password_file\":\"/pw\",\"bmcs\":["
                 "{\"vmid\":1,\"address\":\"10.0.0.1\",\"prefix\":24,\"backend\":\"qmp\",\"qmp\":\"/q\"},"
                 "{\"vmid\":1,\"address\":\"10.0.0.2\",\"prefix\":24,\"backend\":\"qmp\",\"qmp\":\"/q\"}]}",
                 "VMID 1 appears twice");
    expect_error("{\"interface\":\"bmc0\",\"password_file\":\"/pw\",\"bmcs\":["
                 "{\"vmid\":1,\"address\":\"10.0.0.1\",\"prefix\":24,\"backend\":\"qmp\",\"qmp\":\"/q\"},"
                 "{\"vmid\":2,\"address\":\"10.0.0.1\",\"prefix\":24,\"backend\":\"qmp\",\"qmp\":\"/q\"}]}",
                 "used by both VMID 1 and 2");
    expect_error("{\"interface\":\"bmc0\",\"bmcs\":[{\"vmid\":1,\"address\":\"10.0.0.1\",\"prefix\":24,"
                 "\"backend\":\"qmp\",\"qmp\":\"/q\"}]}", "no IPMI password");
    expect_error("{\"interface\":\"bmc0\",\"proxmox\":{\"url\":\"https://p:8006\",\"token_file\":\"/t\","
                 "\"fingerprint\":\"zz\"}}", "SHA-256 fingerprint");
    expect_error("{\"interface\":\"bmc0\",\"proxmox\":{\"url\":\"https://p:8006\",\"token_file\":\"/t\","
                 "\"ca_file\":\"/ca\",\"insecure\":true}}", "only one of");
    expect_error("{\"interface\":\"bmc0\",\"password_file\":\"/pw\",\"bmcs\":[{\"vmid\":1,\"address\":\"10.0.0.1\","
                 "\"prefix\":24,\"backend\":\"qmp\",\"qmp\":\"/my vm/q.sock\"}]}", "must not contain spaces");
    expect_error("{\"interface\":\"bmc0\",\"run_dir\":\"/run/a b\"}", "\"run_dir\" must not contain spaces");
    expect_error("{\"interface\":\"bmc0\",\"proxmox\":{\"url\":\"ftp://p\",\"token_file\":\"/t\"}}", "https://");
}

static void address_arguments(void)
{
    char *a = NULL;
    guint p = 0;
    GError *err = NULL;
    CHECK(mbmc_parse_address("10.25.100.1/16", NULL, &a, &p, &err));
    CHECK_EQ_STR(a, "10.25.100.1");
    CHECK_EQ_INT(p, 16);
    g_free(a);
    CHECK(mbmc_parse_address("10.25.100.1", "24", &a, &p, &err));   /* the seed's "IP PREFIX" */
    CHECK_EQ_INT(p, 24);
    g_free(a);
    CHECK(!mbmc_parse_address("10.25.100.1", NULL, &a, &p, &err));
    g_clear_error(&err);
    CHECK(!mbmc_parse_address("10.25.100.1/24", "24", &a, &p, &err));
    g_clear_error(&err);
    CHECK(!mbmc_parse_address("127.0.0.5/8", NULL, &a, &p, &err));
    g_clear_error(&err);
    CHECK(!mbmc_parse_address("224.0.0.1/8", NULL, &a, &p, &err));
    g_clear_error(&err);
    guint v;
    CHECK(mbmc_parse_vmid("111", &v, NULL) && v == 111);
    CHECK(!mbmc_parse_vmid("0", &v, NULL));
    CHECK(!mbmc_parse_vmid("-1", &v, NULL));
    CHECK(!mbmc_parse_vmid("12a", &v, NULL));
    CHECK(!mbmc_parse_vmid("1000000000", &v, NULL));
}

static void add_remove(void)
{
    MbmcConfig *c = mbmc_config_parse(good, "t", NULL);
    GError *err = NULL;
    MbmcBmc *b = g_new0(MbmcBmc, 1);
    b->vmid = 111;
    b->address = g_strdup("10.25.100.9");
    b->prefix = 16;
    CHECK(!mbmc_config_add(c, b, &err));      /* duplicate VMID */
    CHECK(err && strstr(err->message, "already has a BMC"));
    g_clear_error(&err);
    b->vmid = 113;
    g_free(b->address);
    b->address = g_strdup("10.25.100.1");
    CHECK(!mbmc_config_add(c, b, &err));      /* duplicate address */
    CHECK(err && strstr(err->message, "already the BMC of VMID 111"));
    g_clear_error(&err);
    b->backend = MBMC_BACKEND_KIND_QMP;       /* invalid: qmp without a socket */
    g_free(b->address);
    b->address = g_strdup("10.25.100.3");
    CHECK(!mbmc_config_add(c, b, &err));
    CHECK_EQ_INT(c->bmcs->len, 2);
    g_clear_error(&err);
    b->backend = MBMC_BACKEND_KIND_PROXMOX;
    CHECK(mbmc_config_add(c, b, &err));
    CHECK_EQ_INT(c->bmcs->len, 3);
    CHECK(mbmc_config_find(c, 113) == b);
    CHECK(mbmc_config_remove(c, 112, NULL));
    CHECK(!mbmc_config_remove(c, 112, &err));
    CHECK(err && strstr(err->message, "has no BMC"));
    g_clear_error(&err);
    CHECK_EQ_INT(c->bmcs->len, 2);
    mbmc_config_free(c);
}

static void save_load_roundtrip(void)
{
    char tmpl[] = "/tmp/mbmc-unit-XXXXXX";
    char *dir = g_mkdtemp(tmpl);
    CHECK(dir != NULL);
    char *path = g_build_filename(dir, "sub", "multibmc.json", NULL);
    MbmcConfig *c = mbmc_config_parse(good, "t", NULL);
    GError *err = NULL;
    CHECK(mbmc_config_save(c, path, &err));
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    MbmcConfig *d = mbmc_config_load(path, &err);
    CHECK(d != NULL);
    if (d) {
        char *j1 = mbmc_config_to_json(c), *j2 = mbmc_config_to_json(d);
        CHECK_EQ_STR(j1, j2);
        g_free(j1);
        g_free(j2);
        mbmc_config_free(d);
    }
    /* An invalid model is never written: the file on disk stays as it was. */
    char *before = NULL;
    g_file_get_contents(path, &before, NULL, NULL);
    g_free(c->interface);
    c->interface = g_strdup("");
    CHECK(!mbmc_config_save(c, path, &err));
    g_clear_error(&err);
    char *after = NULL;
    g_file_get_contents(path, &after, NULL, NULL);
    CHECK_EQ_STR(before, after);
    /* A corrupt file: clear error, not touched. */
    g_file_set_contents(path, "{ \"interface\": ", -1, NULL);
    CHECK(mbmc_config_load(path, &err) == NULL);
    CHECK(err && strstr(err->message, "not valid JSON"));
    g_clear_error(&err);
    char *missing = g_build_filename(dir, "none.json", NULL);
    CHECK(mbmc_config_load(missing, &err) == NULL);
    CHECK(err && strstr(err->message, "multibmc init"));
    g_clear_error(&err);
    /* Lock: a second exclusive lock from another open file would block; the first one works. */
    int fd = mbmc_config_lock(path, &err);
    CHECK(fd >= 0);
    mbmc_config_unlock(fd);
    char *cmd = g_strdup_printf("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    g_free(cmd);
    g_free(missing);
    g_free(before);
    g_free(after);
    g_free(path);
    mbmc_config_free(c);
}

/* Redfish: global switch and port, per-BMC switch, certificates, CD-ROM id; round trip. */
static void redfish_keys(void)
{
    const char *text =
        "{ \"interface\": \"bmc0\", \"password_file\": \"/etc/pw\","
        "  \"redfish\": { \"enabled\": true, \"port\": 8443, \"media_dir\": \"/srv/iso\" },"
        "  \"bmcs\": [ { \"vmid\": 5, \"address\": \"10.0.0.5\", \"prefix\": 24, \"backend\": \"qmp\","
        "              \"qmp\": \"/run/q5\", \"redfish\": false, \"cdrom\": \"ide2-cd0\" },"
        "            { \"vmid\": 6, \"address\": \"10.0.0.6\", \"prefix\": 24, \"backend\": \"qmp\","
        "              \"qmp\": \"/run/q6\", \"redfish_cert_file\": \"/etc/c6.pem\","
        "              \"redfish_key_file\": \"/etc/k6.pem\" } ] }";
    GError *err = NULL;
    MbmcConfig *c = mbmc_config_parse(text, "t", &err);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "  %s\n", err->message);
        g_clear_error(&err);
        return;
    }
    CHECK(c->redfish);
    CHECK_EQ_INT(mbmc_config_redfish_port(c), 8443);
    CHECK_EQ_STR(c->media_dir, "/srv/iso");
    MbmcBmc *b5 = mbmc_config_find(c, 5), *b6 = mbmc_config_find(c, 6);
    CHECK(!mbmc_bmc_redfish_enabled(c, b5));
    CHECK(mbmc_bmc_redfish_enabled(c, b6));
    CHECK_EQ_STR(b5->cdrom, "ide2-cd0");
    CHECK_EQ_STR(b6->redfish_cert_file, "/etc/c6.pem");
    char *j1 = mbmc_config_to_json(c);
    MbmcConfig *d = mbmc_config_parse(j1, "t", NULL);
    char *j2 = d ? mbmc_config_to_json(d) : NULL;
    CHECK_EQ_STR(j1, j2);
    g_free(j1);
    g_free(j2);
    mbmc_config_free(d);
    /* A zeroed new entry follows the global switch. */
    MbmcBmc *n = g_new0(MbmcBmc, 1);
    CHECK(mbmc_bmc_redfish_enabled(c, n));
    mbmc_bmc_free(n);
    mbmc_config_free(c);
    /* Without the key the default port and Redfish off. */
    c = mbmc_config_parse("{ \"interface\": \"bmc0\" }", "t", NULL);
    CHECK(c && !c->redfish && mbmc_config_redfish_port(c) == 443);
    mbmc_config_free(c);
    expect_error("{ \"interface\": \"bmc0\", \"redfish\": { \"enabled\": \"yes\" } }", "\"enabled\" must be true or false");
    expect_error("{ \"interface\": \"bmc0\", \"redfish\": { \"port\": 70000 } }", "redfish.port");
    expect_error("{ \"interface\": \"bmc0\", \"redfish\": { \"colour\": 1 } }", "unknown field \"colour\"");
    expect_error("{ \"interface\": \"bmc0\", \"redfish\": { \"cert_file\": \"/c.pem\" } }", "go together");
    expect_error("{ \"interface\": \"bmc0\", \"redfish\": { \"media_dir\": \"iso\" } }", "absolute path");
    expect_error("{ \"interface\": \"bmc0\", \"password_file\": \"/p\", \"bmcs\": [ { \"vmid\": 5, \"address\": "
                 "\"10.0.0.5\", \"prefix\": 24, \"backend\": \"qmp\", \"qmp\": \"/q\", \"cdrom\": \"a b\" } ] }",
                 "cdrom");
    expect_error("{ \"interface\": \"bmc0\", \"password_file\": \"/p\", \"bmcs\": [ { \"vmid\": 5, \"address\": "
                 "\"10.0.0.5\", \"prefix\": 24, \"backend\": \"qmp\", \"qmp\": \"/q\", \"redfish\": 1 } ] }",
                 "\"redfish\" must be true or false");
}

/* Virtual media on Proxmox: the ISO storage and retention, a Proxmox CD-ROM drive; round trip. */
static void proxmox_media_keys(void)
{
    const char *text =
        "{ \"interface\": \"bmc0\", \"password_file\": \"/etc/pw\","
        "  \"proxmox\": { \"url\": \"https://pve:8006\", \"token_file\": \"/etc/t\","
        "                \"iso_storage\": \"isos\", \"media_retention\": 0 },"
        "  \"bmcs\": [ { \"vmid\": 5, \"address\": \"10.0.0.5\", \"prefix\": 24, \"cdrom\": \"sata1\" } ] }";
    GError *err = NULL;
    MbmcConfig *c = mbmc_config_parse(text, "t", &err);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "  %s\n", err->message);
        g_clear_error(&err);
        return;
    }
    CHECK_EQ_STR(c->iso_storage, "isos");
    CHECK_EQ_INT(c->media_retention, 0);
    CHECK_EQ_STR(mbmc_config_find(c, 5)->cdrom, "sata1");
    char *j1 = mbmc_config_to_json(c);
    MbmcConfig *d = mbmc_config_parse(j1, "t", NULL);
    char *j2 = d ? mbmc_config_to_json(d) : NULL;
    CHECK_EQ_STR(j1, j2);
    CHECK(strstr(j1, "\"media_retention\": 0") != NULL);
    g_free(j1);
    g_free(j2);
    mbmc_config_free(d);
    mbmc_config_free(c);
    c = mbmc_config_parse("{ \"interface\": \"bmc0\", \"proxmox\": { \"url\": \"https://p:8006\","
                          " \"token_file\": \"/t\" } }", "t", NULL);
    CHECK(c && !c->iso_storage && c->media_retention == -1);
    char *j = c ? mbmc_config_to_json(c) : NULL;
    CHECK(j && !strstr(j, "media_retention") && !strstr(j, "iso_storage"));
    g_free(j);
    mbmc_config_free(c);
#define PVE "{ \"interface\": \"bmc0\", \"password_file\": \"/p\", \"proxmox\": { \"url\": \"https://p:8006\"," \
            " \"token_file\": \"/t\"%s }%s }"
    struct { const char *pextra, *extra, *want; } bad[] = {
        { ", \"iso_storage\": \"ISO store\"", "", "proxmox.iso_storage" },
        { ", \"iso_storage\": 5", "", "iso_storage" },
        { ", \"media_retention\": -1", "", "media_retention" },
        { ", \"media_retention\": 2592001", "", "media_retention" },
        { ", \"media_retention\": \"1h\"", "", "media_retention" },
        { "", ", \"bmcs\": [ { \"vmid\": 5, \"address\": \"10.0.0.5\", \"prefix\": 24, \"cdrom\": \"cd0\" } ]",
          "ide0-ide3, sata0-sata5 or scsi0-scsi30" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *t = g_strdup_printf(PVE, bad[i].pextra, bad[i].extra);
        expect_error(t, bad[i].want);
    }
#undef PVE
}

/* The console user for old Proxmox: validated, kept with the proxmox settings, round trip. */
static void console_user(void)
{
#define BASE "{ \"interface\": \"bmc0\", \"password_file\": \"/etc/multibmc/pw\",\n" \
             "  \"proxmox\": { \"url\": \"https://pve:8006\", \"token_file\": \"/etc/multibmc/token\"%s } }"
    struct { const char *extra, *want; } bad[] = {
        { ", \"console_user\": \"bmc@pve!ipmi\", \"console_password_file\": \"/etc/p\"", "API token id" },
        { ", \"console_user\": \"bmc\", \"console_password_file\": \"/etc/p\"", "proxmox.console_user" },
        { ", \"console_user\": \"bmc@pve\"", "go together" },
        { ", \"console_password_file\": \"/etc/p\"", "go together" },
        { ", \"console_user\": \"bmc@pve\", \"console_password_file\": \"p\"", "absolute path" },
        { ", \"console_auth\": \"ticket\"", "needs console_user" },
        { ", \"console_auth\": \"always\"", "use \"auto\", \"token\" or \"ticket\"" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *text = g_strdup_printf(BASE, bad[i].extra);
        expect_error(text, bad[i].want);
    }
    expect_error("{ \"interface\": \"bmc0\", \"console_user\": \"bmc@pve\" }", "unknown field");
    g_autofree char *text = g_strdup_printf(BASE, ", \"console_user\": \"bmc@pve\", "
                                            "\"console_password_file\": \"/etc/multibmc/console-pw\", "
                                            "\"console_auth\": \"ticket\"");
    GError *err = NULL;
    MbmcConfig *c = mbmc_config_parse(text, "t", &err);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "  %s\n", err->message);
        g_clear_error(&err);
        return;
    }
    CHECK_EQ_STR(c->console_user, "bmc@pve");
    CHECK_EQ_STR(c->console_password_file, "/etc/multibmc/console-pw");
    CHECK_EQ_INT(c->console_auth, MBMC_CONSOLE_AUTH_TICKET);
    char *json = mbmc_config_to_json(c);
    MbmcConfig *d = mbmc_config_parse(json, "again", &err);
    CHECK(d && d->console_auth == MBMC_CONSOLE_AUTH_TICKET && !g_strcmp0(d->console_user, "bmc@pve"));
    /* auto is the default and is not written out. */
    c->console_auth = MBMC_CONSOLE_AUTH_AUTO;
    char *json2 = mbmc_config_to_json(c);
    CHECK(strstr(json2, "console_auth") == NULL && strstr(json2, "console_user") != NULL);
    g_free(json);
    g_free(json2);
    mbmc_config_free(c);
    mbmc_config_free(d);
#undef BASE
}

static void shared_poll_keys(void)
{
    const char *pre = "{\"interface\":\"bmc0\",\"proxmox\":{\"url\":\"https://pve:8006\","
                      "\"token_file\":\"/t\"";
    char *text = g_strdup_printf("%s}}", pre);
    MbmcConfig *c = mbmc_config_parse(text, "t", NULL);
    CHECK(c && c->pve_shared_poll && c->pve_poll_ms == 0);     /* defaults: shared, 1000 ms */
    if (c) {
        char *j = mbmc_config_to_json(c);
        CHECK(!strstr(j, "shared_poll") && !strstr(j, "poll_ms"));
        g_free(j);
        mbmc_config_free(c);
    }
    g_free(text);
    text = g_strdup_printf("%s,\"shared_poll\":false,\"poll_ms\":500}}", pre);
    c = mbmc_config_parse(text, "t", NULL);
    CHECK(c && !c->pve_shared_poll && c->pve_poll_ms == 500);
    if (c) {
        char *j = mbmc_config_to_json(c);
        MbmcConfig *d = mbmc_config_parse(j, "t", NULL);       /* survives a save */
        CHECK(d && !d->pve_shared_poll && d->pve_poll_ms == 500);
        if (d)
            mbmc_config_free(d);
        g_free(j);
        mbmc_config_free(c);
    }
    g_free(text);
    text = g_strdup_printf("%s,\"poll_ms\":50}}", pre);
    expect_error(text, "\"proxmox.poll_ms\" is 50: expected milliseconds from 200 to 60000");
    g_free(text);
    text = g_strdup_printf("%s,\"shared_poll\":1}}", pre);
    expect_error(text, "\"shared_poll\" must be true or false");
    g_free(text);
}

/* The in-band (KCS) port of a local-QEMU BMC: validated, unique, round trip, next free. */
/* The in-band (KCS) port of a local-QEMU BMC: validated, unique, round trip, next free. */
#define INBAND_CFG(PORT, MORE) "{ \"interface\": \"bmc0\", \"password_file\": \"/etc/pw\", \"bmcs\": [ " \
    "{ \"vmid\": 1, \"address\": \"10.0.0.1\", \"prefix\": 24, \"backend\": \"qmp\", " \
    "\"qmp\": \"/q1\", \"inband_port\": " PORT " }" MORE " ] }"
#define SECOND_QMP ", { \"vmid\": 2, \"address\": \"10.0.0.2\", \"prefix\": 24, \"backend\": \"qmp\", " \
    "\"qmp\": \"/q2\""

static void inband_port(void)
{
    GError *err = NULL;
    MbmcConfig *c = mbmc_config_parse(INBAND_CFG("9230", SECOND_QMP " }"), "t", &err);
    CHECK(c != NULL);
    if (c) {
        CHECK_EQ_INT(mbmc_config_find(c, 1)->inband_port, 9230);
        CHECK_EQ_INT(mbmc_config_free_inband_port(c), 9231);
        char *j = mbmc_config_to_json(c);
        CHECK(strstr(j, "\"inband_port\": 9230") != NULL);
        g_free(j);
        mbmc_config_free(c);
    }
    expect_error(INBAND_CFG("70000", ""), "inband_port");
    expect_error(INBAND_CFG("9230", SECOND_QMP ", \"inband_port\": 9230 }"), "in-band port 9230 is used by both");
    /* Proxmox VMs have no in-band link (Proxmox has no such device in its VM config). */
    expect_error("{ \"interface\": \"bmc0\", \"password_file\": \"/etc/pw\", \"proxmox\": { \"url\": "
                 "\"https://pve:8006\", \"token_file\": \"/t\" }, \"bmcs\": [ { \"vmid\": 1, \"address\": "
                 "\"10.0.0.1\", \"prefix\": 24, \"inband_port\": 9230 } ] }", "only a local");
}

static void netif_helpers(void)
{
    uint8_t mac[6];
    mbmc_netif_vmid_mac(111, mac);
    char *s = mbmc_netif_mac_string(mac);
    CHECK_EQ_STR(s, "02:4d:00:00:00:6f");
    g_free(s);
    CHECK(mac[0] & 0x02);          /* locally administered */
    CHECK(!(mac[0] & 0x01));       /* unicast */
    mbmc_netif_vmid_mac(999999999, mac);
    s = mbmc_netif_mac_string(mac);
    CHECK_EQ_STR(s, "02:4d:3b:9a:c9:ff");
    g_free(s);
    s = mbmc_netif_macvlan_name(999999999);
    CHECK(strlen(s) < 16);
    g_free(s);
    CHECK(mbmc_netif_in_subnet("10.25.100.7", "10.25.0.1", 16));
    CHECK(!mbmc_netif_in_subnet("10.26.100.7", "10.25.0.1", 16));
    CHECK(mbmc_netif_in_subnet("198.18.0.200", "198.18.0.1", 24));
    CHECK(!mbmc_netif_in_subnet("198.18.1.2", "198.18.0.1", 24));
    s = mbmc_netif_netmask(16);
    CHECK_EQ_STR(s, "255.255.0.0");
    g_free(s);
    s = mbmc_netif_netmask(27);
    CHECK_EQ_STR(s, "255.255.255.224");
    g_free(s);
}

int main(void)
{
    RUN(parse_good);
    RUN(validation_names_the_field);
    RUN(address_arguments);
    RUN(add_remove);
    RUN(save_load_roundtrip);
    RUN(console_user);
    RUN(netif_helpers);
    RUN(shared_poll_keys);
    RUN(redfish_keys);
    RUN(proxmox_media_keys);
    RUN(inband_port);
    UNIT_EXIT();
}
