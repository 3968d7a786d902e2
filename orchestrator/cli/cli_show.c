/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multibmc list / show / status: the configuration (secrets masked) and the live state. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "bmcfiles.h"
#include "bmcstate.h"
#include "cli.h"
#include "mbmc_config.h"
#include "mbmc_json.h"
#include "options.h"   /* the module's defaults: poll-ms, media-retention */
#include "pve_token.h"
#include "supervise.h"

static MbmcConfig *load(MbmcCli *cli, const char *cmd)
{
    g_autoptr(GError) err = NULL;
    MbmcConfig *c = mbmc_config_load(cli->config, &err);
    if (!c)
        mbmc_cli_fail(cmd, err);
    return c;
}

/* "root@pam!vbmc" from the token file, never the secret; NULL when unreadable. */
static char *token_id(const char *path)
{
    g_autofree char *text = NULL;
    if (!path || !g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    size_t id_len;
    char *id = pve_token_parse(text, &id_len) == 0 ? g_strndup(text, id_len) : NULL;
    memset(text, 0, strlen(text));
    return id;
}

static const char *tls_mode(const MbmcConfig *c)
{
    if (c->fingerprint)
        return "TLS pinned";
    if (c->ca_file)
        return "TLS CA file";
    if (c->insecure)
        return "TLS NOT VERIFIED (insecure)";
    return "TLS system CAs";
}

/* The power-state period in effect (see proxmox.poll_ms in multibmc.json(5)). */
static guint poll_period(const MbmcConfig *c)
{
    return c->pve_poll_ms ? c->pve_poll_ms : c->pve_shared_poll ? MBMC_DEFAULT_SHARED_POLL_MS : MBMC_DEFAULT_POLL_MS;
}

static json_object *state_json(const MbmcBmcState *st)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "bmc", json_object_new_string(st->bmc));
    json_object_object_add(o, "pid", st->pid ? json_object_new_int64(st->pid) : NULL);
    json_object_object_add(o, "uptime", st->uptime >= 0 ? json_object_new_int64(st->uptime) : NULL);
    json_object_object_add(o, "restarts", json_object_new_int64(st->restarts));
    json_object_object_add(o, "power", json_object_new_string(st->power));
    json_object_object_add(o, "error", st->error ? json_object_new_string(st->error) : NULL);
    json_object_object_add(o, "last_exit", st->last_exit ? json_object_new_string(st->last_exit) : NULL);
    json_object_object_add(o, "sol_bridge", st->sol ? json_object_new_string(st->sol) : NULL);
    json_object_object_add(o, "media", st->media ? json_object_new_string(st->media) : NULL);
    return o;
}

/* Seconds a downloaded image stays after its eject (the module's default when unset). */
static int media_retention(const MbmcConfig *c)
{
    return c->media_retention >= 0 ? c->media_retention : MBMC_DEFAULT_MEDIA_RETENTION;
}

static json_object *redfish_json(const MbmcConfig *c, const MbmcBmc *b)
{
    if (!mbmc_bmc_redfish_enabled(c, b))
        return NULL;
    json_object *o = json_object_new_object();
    g_autofree char *url = mbmc_bmc_redfish_url(c, b);
    g_autofree char *cert = mbmc_bmc_redfish_cert(c, b);
    g_autofree char *fp = mbmc_cert_fingerprint(cert);
    json_object_object_add(o, "url", json_object_new_string(url));
    json_object_object_add(o, "certificate", json_object_new_string(cert));
    json_object_object_add(o, "fingerprint", fp ? json_object_new_string(fp) : NULL);
    return o;
}

static json_object *bmc_json(const MbmcConfig *c, const MbmcBmc *b, pid_t sup)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "vmid", json_object_new_int64(b->vmid));
    json_object_object_add(o, "address", json_object_new_string(b->address));
    json_object_object_add(o, "prefix", json_object_new_int64(b->prefix));
    json_object_object_add(o, "backend", json_object_new_string(mbmc_backend_kind_name(b->backend)));
    if (b->qmp)
        json_object_object_add(o, "qmp", json_object_new_string(b->qmp));
    json_object_object_add(o, "user", json_object_new_string(b->user ? b->user : c->user));
    json_object_object_add(o, "password", json_object_new_string("********"));
    if (b->sol_device)
        json_object_object_add(o, "sol_device", json_object_new_string(b->sol_device));
    if (b->discovered)
        json_object_object_add(o, "discovered", json_object_new_string(b->discovered));
    json_object_object_add(o, "redfish", redfish_json(c, b));
    if (b->cdrom)
        json_object_object_add(o, "cdrom", json_object_new_string(b->cdrom));
    if (b->inband_port)
        json_object_object_add(o, "inband_port", json_object_new_int64(b->inband_port));
    MbmcBmcState st;
    mbmc_bmc_state_read(c, b->vmid, sup, &st);
    json_object_object_add(o, "state", state_json(&st));
    mbmc_bmc_state_clear(&st);
    return o;
}

static void print_json(json_object *o)
{
    printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
}

int mbmc_cli_list(MbmcCli *cli, int argc, char **argv)
{
    gboolean as_json = FALSE;
    GOptionEntry e[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "machine-readable output", NULL }, { NULL } };
    if (!mbmc_cli_parse(cli, "list", "", e, &argc, &argv))
        return 2;
    g_autoptr(MbmcConfig) c = load(cli, "list");
    if (!c)
        return 1;
    pid_t sup = mbmc_supervisor_pid(c->run_dir);
    g_autofree char *tid = token_id(c->token_file);
    if (as_json) {
        g_autoptr(json_object) o = json_object_new_object();
        json_object_object_add(o, "interface", json_object_new_string(c->interface));
        json_object_object_add(o, "mode", json_object_new_string(mbmc_mode_name(c->mode)));
        json_object_object_add(o, "user", json_object_new_string(c->user));
        json_object_object_add(o, "password", json_object_new_string(c->password_file ? "********" : ""));
        if (c->pve_url) {
            json_object *p = json_object_new_object();
            json_object_object_add(p, "url", json_object_new_string(c->pve_url));
            json_object_object_add(p, "token", tid ? json_object_new_string(tid) : NULL);
            json_object_object_add(p, "tls", json_object_new_string(tls_mode(c)));
            json_object_object_add(p, "console_auth", json_object_new_string(mbmc_console_auth_name(c->console_auth)));
            if (c->console_user) {
                json_object_object_add(p, "console_user", json_object_new_string(c->console_user));
                json_object_object_add(p, "console_password", json_object_new_string("********"));
            }
            json_object_object_add(p, "shared_poll", json_object_new_boolean(c->pve_shared_poll));
            json_object_object_add(p, "poll_ms", json_object_new_int64(poll_period(c)));
            json_object_object_add(p, "iso_storage", c->iso_storage ? json_object_new_string(c->iso_storage) : NULL);
            json_object_object_add(p, "media_retention", json_object_new_int64(media_retention(c)));
            json_object_object_add(o, "proxmox", p);
        }
        json_object *rf = json_object_new_object();
        json_object_object_add(rf, "enabled", json_object_new_boolean(c->redfish));
        json_object_object_add(rf, "port", json_object_new_int64(mbmc_config_redfish_port(c)));
        if (c->media_dir)
            json_object_object_add(rf, "media_dir", json_object_new_string(c->media_dir));
        json_object_object_add(o, "redfish", rf);
        json_object_object_add(o, "supervisor", sup ? json_object_new_int64(sup) : NULL);
        json_object *arr = json_object_new_array();
        for (guint i = 0; i < c->bmcs->len; i++)
            json_object_array_add(arr, bmc_json(c, g_ptr_array_index(c->bmcs, i), sup));
        json_object_object_add(o, "bmcs", arr);
        print_json(o);
        return 0;
    }
    printf("Global parameters\n");
    printf("  interface   %s (%s)\n", c->interface, mbmc_mode_name(c->mode));
    printf("  BMC login   %s / %s\n", c->user, c->password_file ? "********" : "(no password file)");
    if (c->pve_url) {
        printf("  Proxmox     %s  token %s  %s\n", c->pve_url, tid ? tid : "(file not readable)", tls_mode(c));
        printf("  power poll  %s, every %u ms\n", c->pve_shared_poll ? "shared (each node's VM list)"
               : "per BMC (each VM's status/current)", poll_period(c));
        if (c->iso_storage)
            printf("  vmedia      downloads into storage %s, removed %d s after the eject%s\n",
                   c->iso_storage, media_retention(c), c->redfish ? "" : " (needs Redfish)");
        else
            printf("  vmedia      off (no ISO storage: multibmc init --force --iso-storage NAME)\n");
    }
    if (c->pve_url && (c->console_user || c->console_auth != MBMC_CONSOLE_AUTH_AUTO))
        printf("  console     %s / %s  (console_auth %s)\n", c->console_user ? c->console_user : "(no user)",
               c->console_user ? "********" : "-", mbmc_console_auth_name(c->console_auth));
    printf("  Redfish     %s", c->redfish ? "on" : "off (per-BMC exceptions: 'multibmc show VMID')");
    if (c->redfish)
        printf(", HTTPS port %u, %s", mbmc_config_redfish_port(c),
               c->redfish_cert_file ? "one certificate for all" : "each BMC its own certificate");
    printf("\n");
    printf("  supervisor  %s\n", sup ? "running" : "not running");
    printf("BMCs\n");
    printf("  %5s  %-16s %-8s %-11s %s\n", "VMID", "IP address", "backend", "BMC", "power");
    for (guint i = 0; i < c->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(c->bmcs, i);
        MbmcBmcState st;
        mbmc_bmc_state_read(c, b->vmid, sup, &st);
        g_autofree char *ip = g_strdup_printf("%s/%u", b->address, b->prefix);
        printf("  %5u  %-16s %-8s %-11s %s\n", b->vmid, ip, mbmc_backend_kind_name(b->backend), st.bmc, st.power);
        mbmc_bmc_state_clear(&st);
    }
    return 0;
}

int mbmc_cli_show(MbmcCli *cli, int argc, char **argv)
{
    gboolean as_json = FALSE;
    GOptionEntry e[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "machine-readable output", NULL }, { NULL } };
    if (!mbmc_cli_parse(cli, "show", "VMID", e, &argc, &argv))
        return 2;
    if (argc != 2) {
        fprintf(stderr, "multibmc show: expected one VMID\n");
        return 2;
    }
    g_autoptr(GError) err = NULL;
    guint vmid;
    if (!mbmc_parse_vmid(argv[1], &vmid, &err))
        return mbmc_cli_fail("show", err);
    g_autoptr(MbmcConfig) c = load(cli, "show");
    if (!c)
        return 1;
    const MbmcBmc *b = mbmc_config_find(c, vmid);
    if (!b) {
        fprintf(stderr, "multibmc show: VMID %u has no BMC ('multibmc list' shows the configured ones)\n", vmid);
        return 1;
    }
    pid_t sup = mbmc_supervisor_pid(c->run_dir);
    if (as_json) {
        g_autoptr(json_object) o = bmc_json(c, b, sup);
        print_json(o);
        return 0;
    }
    MbmcBmcState st;
    mbmc_bmc_state_read(c, vmid, sup, &st);
    g_autofree char *run = mbmc_bmc_run_dir(c, vmid);
    g_autofree char *state = mbmc_bmc_state_dir(c, vmid);
    g_autofree char *opts = mbmc_bmc_module_options(c, b);
    g_autofree char *up = mbmc_format_duration(st.uptime);
    printf("VMID          %u\n", vmid);
    printf("address       %s/%u on %s (%s)\n", b->address, b->prefix, c->interface, mbmc_mode_name(c->mode));
    printf("backend       %s\n", mbmc_backend_kind_name(b->backend));
    if (b->qmp)
        printf("qmp socket    %s\n", b->qmp);
    printf("IPMI login    %s / ********\n", b->user ? b->user : c->user);
    if (b->discovered)
        printf("discovered    %s\n", b->discovered);
    if (b->sol_device)
        printf("SOL device    %s\n", b->sol_device);
    else if (st.sol)
        printf("SOL bridge    %s\n", st.sol);
    if (mbmc_bmc_redfish_enabled(c, b)) {
        g_autofree char *url = mbmc_bmc_redfish_url(c, b);
        g_autofree char *cert = mbmc_bmc_redfish_cert(c, b);
        g_autofree char *fp = mbmc_cert_fingerprint(cert);
        printf("Redfish       %s (same user and password)\n", url);
        printf("certificate   %s\n", cert);
        printf("  SHA-256     %s\n", fp ? fp : "(not made yet: the BMC makes it at its first start)");
    } else {
        printf("Redfish       off\n");
    }
    if (b->backend == MBMC_BACKEND_KIND_PROXMOX && mbmc_bmc_redfish_enabled(c, b))
        printf("ISO storage   %s\n", c->iso_storage ? c->iso_storage : "(none: virtual media off)");
    if (b->cdrom)
        printf("CD-ROM drive  %s\n", b->cdrom);
    if (st.media)
        printf("virtual media %s\n", st.media);
    if (b->inband_port) {
        g_autofree char *args = mbmc_inband_qemu_args(b->inband_port);
        printf("in-band       127.0.0.1:%u (QEMU: %s)\n", b->inband_port, args);
    }
    printf("BMC           %s\n", st.bmc);
    if (st.pid)
        printf("ipmi_sim pid  %ld (up %s)\n", st.pid, up);
    printf("restarts      %u\n", st.restarts);
    printf("power         %s\n", st.power);
    printf("last error    %s\n", st.error ? st.error : "-");
    if (st.last_exit && g_strcmp0(st.last_exit, st.error))
        printf("last exit     %s\n", st.last_exit);
    printf("files         %s/lan.conf, %s/bmc.emu\n", run, run);
    printf("state dir     %s\n", state);
    printf("module opts   %s\n", opts);
    mbmc_bmc_state_clear(&st);
    return 0;
}

int mbmc_cli_status(MbmcCli *cli, int argc, char **argv)
{
    gboolean as_json = FALSE;
    GOptionEntry e[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "machine-readable output", NULL }, { NULL } };
    if (!mbmc_cli_parse(cli, "status", "", e, &argc, &argv))
        return 2;
    g_autoptr(MbmcConfig) c = load(cli, "status");
    if (!c)
        return 1;
    pid_t sup = mbmc_supervisor_pid(c->run_dir);
    if (as_json) {
        g_autoptr(json_object) o = json_object_new_object();
        json_object_object_add(o, "supervisor", sup ? json_object_new_int64(sup) : NULL);
        json_object *arr = json_object_new_array();
        for (guint i = 0; i < c->bmcs->len; i++)
            json_object_array_add(arr, bmc_json(c, g_ptr_array_index(c->bmcs, i), sup));
        json_object_object_add(o, "bmcs", arr);
        print_json(o);
        return sup ? 0 : 3;
    }
    if (sup)
        printf("supervisor running (pid %ld), %u BMCs\n", (long)sup, c->bmcs->len);
    else
        printf("supervisor not running ('multibmc start' or 'systemctl start multibmc'), %u BMCs configured\n",
               c->bmcs->len);
    printf("%6s  %-16s %-11s %8s %8s %8s %-7s %s\n", "VMID", "IP address", "BMC", "pid", "uptime", "restarts",
           "power", "last error");
    for (guint i = 0; i < c->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(c->bmcs, i);
        MbmcBmcState st;
        mbmc_bmc_state_read(c, b->vmid, sup, &st);
        g_autofree char *pid = st.pid ? g_strdup_printf("%ld", st.pid) : g_strdup("-");
        g_autofree char *up = mbmc_format_duration(st.uptime);
        printf("%6u  %-16s %-11s %8s %8s %8u %-7s %s\n", b->vmid, b->address, st.bmc, pid, up, st.restarts,
               st.power, st.error ? st.error : "-");
        if (st.media)
            printf("%6s  virtual media: %s\n", "", st.media);
        mbmc_bmc_state_clear(&st);
    }
    /* LSB: 0 running, 3 not running. */
    return sup ? 0 : 3;
}
