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
    CHECK(g_str_has_prefix(o, "backend=qmp qmp=/run/q7.sock status="));
    g_free(o);
    mbmc_config_free(c);
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
    RUN(render_files);
    char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", tmpdir);
    g_free(cmd);
    UNIT_EXIT();
}
