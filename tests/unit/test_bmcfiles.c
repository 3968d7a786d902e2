/* SPDX-License-Identifier: GPL-2.0-or-later */
/* From a config entry to ipmi_sim's files: module options (no secrets), lan.conf with the
 * address, login, lan_config_program (IP, netmask, MAC), modes, and refusals. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "bmcfiles.h"
#include "mbmc_config.h"
#include "unit.h"

static char *tmpdir;

static MbmcConfig *make_config(void)
{
    char *json = g_strdup_printf(
        "{ \"interface\": \"bmc0\", \"password_file\": \"%s/pw\", \"run_dir\": \"%s/run\","
        "  \"state_dir\": \"%s/state\", \"templates\": \"%s/conf-templates\", \"module\": \"/lib/m.so\","
        "  \"proxmox\": { \"url\": \"https://pve:8006\", \"token_file\": \"/etc/multibmc/token\","
        "                \"fingerprint\": \"%s\" },"
        "  \"bmcs\": [ { \"vmid\": 111, \"address\": \"10.25.100.1\", \"prefix\": 16 },"
        "            { \"vmid\": 7, \"address\": \"10.25.100.7\", \"prefix\": 16, \"backend\": \"qmp\","
        "              \"qmp\": \"/run/q7.sock\", \"sol_device\": \"tcp:127.0.0.1:5007\" } ] }",
        tmpdir, tmpdir, tmpdir, TOP_SRCDIR,
        "AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB");
    GError *err = NULL;
    MbmcConfig *c = mbmc_config_parse(json, "t", &err);
    if (!c)
        fprintf(stderr, "  %s\n", err->message);
    g_free(json);
    return c;
}

static void module_options(void)
{
    MbmcConfig *c = make_config();
    CHECK(c != NULL);
    if (!c)
        return;
    char *o = mbmc_bmc_module_options(c, mbmc_config_find(c, 111));
    char *want = g_strdup_printf("backend=proxmox vmid=111 url=https://pve:8006 token-file=/etc/multibmc/token "
                                 "fingerprint=%s state-table=%s/run/pve-state status=%s/run/111/status "
                                 "state-dir=%s/state/111", c->fingerprint, tmpdir, tmpdir, tmpdir);
    CHECK_EQ_STR(o, want);
    g_free(o);
    g_free(want);
    /* The per-VM design (shared_poll false) at a chosen period, for side-by-side measurements. */
    c->pve_shared_poll = FALSE;
    c->pve_poll_ms = 1000;
    o = mbmc_bmc_module_options(c, mbmc_config_find(c, 111));
    CHECK(strstr(o, " poll-ms=1000 ") != NULL);
    CHECK(strstr(o, "state-table=") == NULL);
    g_free(o);
    o = mbmc_bmc_module_options(c, mbmc_config_find(c, 7));
    char *qmp_want = g_strdup_printf("backend=qmp qmp=/run/q7.sock vmid=7 restore-pending=%s/run/7/power-restore "
                                     "status=", tmpdir);
    CHECK(g_str_has_prefix(o, qmp_want));
    g_free(qmp_want);
    g_free(o);
    mbmc_config_free(c);
}

static void redfish_options(void)
{
    MbmcConfig *c = make_config();
    CHECK(c != NULL);
    if (!c)
        return;
    MbmcBmc *q = mbmc_config_find(c, 7), *p = mbmc_config_find(c, 111);
    char *o = mbmc_bmc_module_options(c, q);
    CHECK(strstr(o, "redfish") == NULL);        /* off unless asked for */
    g_free(o);
    c->redfish = TRUE;
    q->cdrom = g_strdup("ide2-cd0");
    o = mbmc_bmc_module_options(c, q);
    char *want = g_strdup_printf(" cdrom=ide2-cd0 redfish-addr=%s redfish-port=443 status=", q->address);
    CHECK(strstr(o, want) != NULL);
    g_free(want);
    g_free(o);
    /* A global certificate, another port, a media directory; one BMC opts out. */
    c->redfish_port = 8443;
    c->redfish_cert_file = g_strdup("/etc/multibmc/rf.pem");
    c->redfish_key_file = g_strdup("/etc/multibmc/rf.key");
    c->media_dir = g_strdup("/srv/iso");
    o = mbmc_bmc_module_options(c, q);
    CHECK(strstr(o, " redfish-port=8443 redfish-cert=/etc/multibmc/rf.pem redfish-key=/etc/multibmc/rf.key "
                    "media-dir=/srv/iso ") != NULL);
    g_free(o);
    /* Proxmox virtual media: the ISO storage (and retention) go to BMCs with Redfish. */
    c->iso_storage = g_strdup("isos");
    p->cdrom = g_strdup("sata1");
    o = mbmc_bmc_module_options(c, p);
    CHECK(strstr(o, " cdrom=sata1 ") != NULL && strstr(o, " iso-storage=isos ") != NULL);
    CHECK(strstr(o, "media-retention") == NULL);       /* the module's default */
    g_free(o);
    c->media_retention = 0;
    o = mbmc_bmc_module_options(c, p);
    CHECK(strstr(o, " iso-storage=isos media-retention=0 ") != NULL);
    g_free(o);
    o = mbmc_bmc_module_options(c, q);
    CHECK(strstr(o, "iso-storage") == NULL);           /* a QEMU VM reads the image itself */
    g_free(o);
    g_clear_pointer(&p->cdrom, g_free);
    p->redfish = MBMC_SWITCH_OFF;
    o = mbmc_bmc_module_options(c, p);
    CHECK(strstr(o, "redfish") == NULL);
    CHECK(strstr(o, "cdrom") == NULL);
    CHECK(strstr(o, "iso-storage") == NULL);
    g_free(o);
    char *cert = mbmc_bmc_redfish_cert(c, q);
    CHECK_EQ_STR(cert, "/etc/multibmc/rf.pem");
    g_free(cert);
    g_clear_pointer(&c->redfish_cert_file, g_free);
    cert = mbmc_bmc_redfish_cert(c, q);
    CHECK(g_str_has_suffix(cert, "/state/7/redfish-cert.pem"));
    g_free(cert);
    mbmc_config_free(c);
}

static void fingerprint_of_pem(void)
{
    /* A PEM block (its bytes need not be a valid certificate: the fingerprint is the SHA-256
     * of what the block holds, as openssl x509 -fingerprint -sha256 prints it). */
    static const char pem[] =
        "-----BEGIN CERTIFICATE-----\n"
        "MIIBfjCCASWgAwIBAgIUGAqvAjn2L0OIvXh04I62IYCWqTgwCgYIKoZIzj0EAwIw\n"
        "FTETMBEGA1UEAwwKbWJtYy10ZXN0MB4XDTI2MDEwMTAwMDAwMFoXDTM2MDEwMTAw\n"
        "MDAwMFowFTETMBEGA1UEAwwKbWJtYy10ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0D\n"
        "AQcDQgAEr+UOB2p/t5N3NqIIC8sHT6ZJyO3zqS1Kz8rG9eG3ysMp8J3I2n8Tx6Cm\n"
        "e0m3i1BnHk6ArbXd8SvV2X7sZHb3kaNTMFEwHQYDVR0OBBYEFFf0nq8rRH2xo1Zt\n"
        "CgcDBcHHnYy5MB8GA1UdIwQYMBaAFFf0nq8rRH2xo1ZtCgcDBcHHnYy5MA8GA1Ud\n"
        "EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgVfQF0HfWqV+fVh5v2Xhl0z8a\n"
        "5mZ4zfS3M1I8ovb8h5oCIFmv4YdT2K8FzP1H1vW8R5x9J8q5O0y9f4Y1bHk0m1bA\n"
        "-----END CERTIFICATE-----\n";
    char *path = g_build_filename(tmpdir, "fp.pem", NULL);
    CHECK(g_file_set_contents(path, pem, -1, NULL));
    char *fp = mbmc_cert_fingerprint(path);
    gsize len = 0;
    guchar *der = g_base64_decode("MIIBfjCCASWgAwIBAgIUGAqvAjn2L0OIvXh04I62IYCWqTgwCgYIKoZIzj0EAwIw"
                                  "FTETMBEGA1UEAwwKbWJtYy10ZXN0MB4XDTI2MDEwMTAwMDAwMFoXDTM2MDEwMTAw"
                                  "MDAwMFowFTETMBEGA1UEAwwKbWJtYy10ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0D"
                                  "AQcDQgAEr+UOB2p/t5N3NqIIC8sHT6ZJyO3zqS1Kz8rG9eG3ysMp8J3I2n8Tx6Cm"
                                  "e0m3i1BnHk6ArbXd8SvV2X7sZHb3kaNTMFEwHQYDVR0OBBYEFFf0nq8rRH2xo1Zt"
                                  "CgcDBcHHnYy5MB8GA1UdIwQYMBaAFFf0nq8rRH2xo1ZtCgcDBcHHnYy5MA8GA1Ud"
                                  "EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgVfQF0HfWqV+fVh5v2Xhl0z8a"
                                  "5mZ4zfS3M1I8ovb8h5oCIFmv4YdT2K8FzP1H1vW8R5x9J8q5O0y9f4Y1bHk0m1bA", &len);
    char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, der, len);
    CHECK(fp && strlen(fp) == 95);
    if (fp) {
        char *plain = g_strdup(fp);
        char *w = plain;
        for (const char *r = fp; *r; r++)
            if (*r != ':')
                *w++ = g_ascii_tolower(*r);
        *w = '\0';
        CHECK_EQ_STR(plain, hex);
        g_free(plain);
    }
    CHECK(mbmc_cert_fingerprint("/nonexistent.pem") == NULL);
    g_free(hex);
    g_free(der);
    g_free(fp);
    g_free(path);
}

static char *slurp(const char *dir, const char *file)
{
    char *p = g_build_filename(dir, file, NULL), *text = NULL;
    g_file_get_contents(p, &text, NULL, NULL);
    g_free(p);
    return text;
}

static void render_files(void)
{
    MbmcConfig *c = make_config();
    if (!c) {
        CHECK(c != NULL);
        return;
    }
    char *pw = g_build_filename(tmpdir, "pw", NULL);
    g_file_set_contents(pw, "s3cret\n", -1, NULL);
    g_chmod(pw, 0600);
    const uint8_t mac[6] = { 0x02, 0x4d, 0, 0, 0, 7 };
    GError *err = NULL;
    gboolean changed = FALSE;
    CHECK(mbmc_bmc_write_files(c, mbmc_config_find(c, 7), mac, "/usr/sbin/multibmc", &changed, &err));
    if (err)
        fprintf(stderr, "  %s\n", err->message);
    CHECK(changed);
    char *run = mbmc_bmc_run_dir(c, 7);
    char *lan = slurp(run, "lan.conf");
    CHECK(lan && strstr(lan, "addr 10.25.100.7 623"));
    CHECK(lan && strstr(lan, "user 2 true \"admin\" \"s3cret\" admin"));
    CHECK(lan && strstr(lan, "lan_config_program \"/usr/sbin/multibmc lan-info 10.25.100.7 255.255.0.0 02:4d:00:00:00:07\""));
    CHECK(lan && strstr(lan, "sol \"tcp:127.0.0.1:5007\""));
    CHECK(lan && strstr(lan, "loadlib \"/lib/m.so\" \"backend=qmp qmp=/run/q7.sock"));
    CHECK(lan && !strstr(lan, "serial 15"));        /* no in-band link unless asked for */
    /* The console history is the module's (module/console/), not lanserv's backupfile. */
    char *state = mbmc_bmc_state_dir(c, 7);
    char *hist = g_strdup_printf(" sol-history=%s/console-history sol-history-size=65536\"", state);
    CHECK(lan && strstr(lan, hist));
    CHECK(lan && strstr(lan, "history=65536\n"));
    CHECK(lan && !strstr(lan, "backupfile"));
    g_free(hist);
    char *lanpath = g_build_filename(run, "lan.conf", NULL);
    struct stat st;
    CHECK(stat(lanpath, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(stat(run, &st) == 0 && (st.st_mode & 0777) == 0700);
    CHECK(stat(state, &st) == 0 && (st.st_mode & 0777) == 0700);
    /* Idempotent: same inputs, nothing rewritten. */
    CHECK(mbmc_bmc_write_files(c, mbmc_config_find(c, 7), mac, "/usr/sbin/multibmc", &changed, &err));
    CHECK(!changed);
    /* The in-band link: ipmi_sim listens for QEMU's ipmi-bmc-extern on 127.0.0.1. */
    mbmc_config_find(c, 7)->inband_port = 9230;
    CHECK(mbmc_bmc_write_files(c, mbmc_config_find(c, 7), mac, "/usr/sbin/multibmc", &changed, &err));
    CHECK(changed);
    g_free(lan);
    lan = slurp(run, "lan.conf");
    CHECK(lan && strstr(lan, "\n  serial 15 127.0.0.1 9230 codec VM\n"));
    char *args = mbmc_inband_qemu_args(9230);
    CHECK(strstr(args, "port=9230") && strstr(args, "ipmi-bmc-extern") && strstr(args, "isa-ipmi-kcs"));
    g_free(args);
    /* A password file others may read is refused, and the message names the BMC. */
    g_chmod(pw, 0644);
    CHECK(!mbmc_bmc_write_files(c, mbmc_config_find(c, 7), mac, "/usr/sbin/multibmc", &changed, &err));
    CHECK(err && strstr(err->message, "BMC 7") && strstr(err->message, "chmod 600"));
    g_clear_error(&err);
    g_free(state);
    g_free(lanpath);
    g_free(lan);
    g_free(run);
    g_free(pw);
    mbmc_config_free(c);
}

int main(void)
{
    char tmpl[] = "/tmp/mbmc-unit-XXXXXX";
    tmpdir = g_mkdtemp(tmpl);
    RUN(module_options);
    RUN(redfish_options);
    RUN(fingerprint_of_pem);
    RUN(render_files);
    char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", tmpdir);
    g_free(cmd);
    UNIT_EXIT();
}
