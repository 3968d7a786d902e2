/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multibmc init / add / del: change the configuration under its lock, then tell a running
 * supervisor (SIGHUP), which applies only the difference. */
#include <arpa/inet.h>
#include <errno.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bmcfiles.h"
#include "cli.h"
#include "mbmc_config.h"
#include "fileutil.h"
#include "netif.h"
#include "pve_names.h"
#include "setting_flags.h"
#include "supervise.h"

gboolean mbmc_cli_parse(MbmcCli *cli, const char *cmd, const char *args, GOptionEntry *entries,
                        int *argc, char ***argv)
{
    const char *config = NULL;
    GOptionEntry common[] = {
        { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config, "configuration file", "FILE" },
        { NULL },
    };
    g_autofree char *summary = g_strdup_printf("%s %s", cmd, args);
    g_autoptr(GOptionContext) ctx = g_option_context_new(summary);
    if (entries)
        g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, common, NULL);
    g_autoptr(GError) err = NULL;
    if (!g_option_context_parse(ctx, argc, argv, &err)) {
        fprintf(stderr, "multibmc %s: %s (see 'multibmc %s --help')\n", cmd, err->message, cmd);
        return FALSE;
    }
    static char *owned;   /* the -c value lives as long as the process */
    if (config) {
        g_free(owned);
        owned = (char *)config;
        cli->config = owned;
    }
    return TRUE;
}

int mbmc_cli_fail(const char *cmd, GError *error)
{
    fprintf(stderr, "multibmc %s: %s\n", cmd, error ? error->message : "failed");
    return 1;
}

pid_t mbmc_cli_notify(const char *run_dir)
{
    pid_t pid = mbmc_supervisor_pid(run_dir);
    if (pid > 0 && kill(pid, SIGHUP) == 0)
        return pid;
    return 0;
}

/* ---- checks that need the host, not only the file */

static gboolean check_secret(const char *what, const char *path, GError **error)
{
    g_autofree char *s = mbmc_read_secret_file(path, error);
    if (!s) {
        g_prefix_error(error, "%s: ", what);
        return FALSE;
    }
    memset(s, 0, strlen(s));
    return TRUE;
}

static gboolean check_interface(const char *ifname, GError **error)
{
    if (!mbmc_netif_index(ifname)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                    "interface %s does not exist here: give the interface on the BMC network "
                    "(see 'ip link'), with multibmc init --interface IF", ifname);
        return FALSE;
    }
    return TRUE;
}

/* The IP must lie in a subnet of the interface (addresses of our own BMCs aside). */
static gboolean check_subnet(const MbmcConfig *c, const char *address, GError **error)
{
    int idx = mbmc_netif_index(c->interface);
    g_autoptr(GArray) addrs = mbmc_netif_addresses(idx, error);
    if (!addrs)
        return FALSE;
    GString *nets = g_string_new(NULL);
    gboolean inside = FALSE;
    guint own = 0;
    for (guint i = 0; i < addrs->len; i++) {
        MbmcIfAddr *a = &g_array_index(addrs, MbmcIfAddr, i);
        if (mbmc_config_find_address(c, a->address)) {
            own++;
            continue;
        }
        g_string_append_printf(nets, "%s%s/%u", nets->len ? ", " : "", a->address, a->prefix);
        inside = inside || mbmc_netif_in_subnet(address, a->address, a->prefix);
    }
    /* An interface without addresses of its own (a dedicated BMC port) accepts any subnet. */
    gboolean ok = inside || nets->len == 0;
    if (!ok)
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "%s is outside the subnet of interface %s (%s): choose an IP in that subnet "
                    "or another interface", address, c->interface, nets->str);
    g_string_free(nets, TRUE);
    return ok;
}

/* An address the host already uses (the interface's own, another service's) must not become a
 * BMC: `del` would later remove it. Addresses that a multibmc run recorded as its own are fine. */
static gboolean check_address_unused(const MbmcConfig *c, const char *address, GError **error)
{
    g_autoptr(GArray) addrs = mbmc_netif_addresses(0, error);
    if (!addrs)
        return FALSE;
    gboolean present = FALSE;
    for (guint i = 0; i < addrs->len; i++)
        present = present || !strcmp(g_array_index(addrs, MbmcIfAddr, i).address, address);
    if (!present)
        return TRUE;
    g_autoptr(GDir) dir = g_dir_open(c->run_dir, 0, NULL);
    g_autofree char *needle = g_strdup_printf("\naddress=%s\n", address);
    const char *name;
    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *rec = g_build_filename(c->run_dir, name, "netif", NULL);
        g_autofree char *text = NULL;
        if (g_file_get_contents(rec, &text, NULL, NULL) && strstr(text, needle))
            return TRUE;
    }
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                "%s is already an address of this host (see 'ip -4 addr'): choose a free IP for the BMC",
                address);
    return FALSE;
}

/* Is UDP 623 already bound on this IP (or on all addresses) in this network namespace? */
static gboolean check_port_free(const char *address, GError **error)
{
    g_autofree char *text = NULL;
    if (!g_file_get_contents("/proc/net/udp", &text, NULL, NULL))
        return TRUE;
    struct in_addr want;
    inet_pton(AF_INET, address, &want);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (guint i = 1; lines[i]; i++) {
        unsigned long ip, port;
        if (sscanf(lines[i], " %*d: %lX:%lX", &ip, &port) != 2 || port != 623)
            continue;
        if (ip == 0 || (guint32)ip == want.s_addr) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                        "UDP port 623 is already taken on %s by another program "
                        "(see 'ss -ulpn sport = :623'): stop it or choose another IP",
                        ip == 0 ? "every address (0.0.0.0)" : address);
            return FALSE;
        }
    }
    return TRUE;
}

/* A certificate and key given together, readable, the key not readable by others. */
static gboolean check_cert_pair(const char *what, const char *cert, const char *key, GError **error)
{
    if (!cert && !key)
        return TRUE;
    if (!cert || !key) {
        g_set_error(error, MBMC_CONFIG_ERROR, 0, "%s: give the certificate and its key together", what);
        return FALSE;
    }
    g_autofree char *pem = NULL;
    if (!g_file_get_contents(cert, &pem, NULL, error) || !strstr(pem, "-----BEGIN CERTIFICATE-----")) {
        if (error && !*error)
            g_set_error(error, MBMC_CONFIG_ERROR, 0, "%s: %s is not a PEM certificate", what, cert);
        g_prefix_error(error, "%s: ", what);
        return FALSE;
    }
    return check_secret(what, key, error);
}

/* Does a program listen on TCP port on address (or on every address)? */
static gboolean tcp_port_taken(const char *address, guint port)
{
    g_autofree char *text = NULL;
    if (!port || !g_file_get_contents("/proc/net/tcp", &text, NULL, NULL))
        return FALSE;
    struct in_addr want;
    if (inet_pton(AF_INET, address, &want) != 1)
        return FALSE;
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (guint i = 1; lines[i]; i++) {
        unsigned long ip, lport, state;
        if (sscanf(lines[i], " %*d: %lX:%lX %*X:%*X %lX", &ip, &lport, &state) != 3 || lport != port ||
            state != 0x0A)      /* LISTEN */
            continue;
        if (ip == 0 || (guint32)ip == want.s_addr)
            return TRUE;
    }
    return FALSE;
}

/* The Redfish port on the BMC's address. */
static gboolean check_redfish_port_free(const char *address, guint port, GError **error)
{
    if (!tcp_port_taken(address, port))
        return TRUE;
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                "TCP port %u (Redfish) is already taken on %s by another program "
                "(see 'ss -tlpn sport = :%u'): stop it, choose another IP, or "
                "'multibmc add ... --redfish off'", port, tcp_port_taken("0.0.0.0", port) ?
                "every address (0.0.0.0)" : address, port);
    return FALSE;
}

/* An in-band port someone else listens on (127.0.0.1 or every address) would leave the VM's
 * KCS link without its BMC: refuse it up front. */
static gboolean check_inband_port_free(guint port, GError **error)
{
    if (!tcp_port_taken("127.0.0.1", port))
        return TRUE;
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                "TCP port %u is already taken on 127.0.0.1 (see 'ss -tlpn sport = :%u'): "
                "choose another with --inband-port", port, port);
    return FALSE;
}

gboolean mbmc_cli_check_new_bmc(const MbmcConfig *c, const MbmcBmc *b, GError **error)
{
    if (b->backend == MBMC_BACKEND_KIND_QMP && !b->qmp) {
        g_set_error(error, MBMC_CONFIG_ERROR, 0, "the qmp backend needs --qmp PATH (the VM's QMP socket)");
        return FALSE;
    }
    if (b->backend == MBMC_BACKEND_KIND_PROXMOX && !c->pve_url) {
        g_set_error(error, MBMC_CONFIG_ERROR, 0, "no Proxmox API configured: run 'multibmc init --force --interface %s "
                    "--pve-url URL --token-file F', or use --backend qmp --qmp PATH", c->interface);
        return FALSE;
    }
    if (!check_interface(c->interface, error))
        return FALSE;
    /* Duplicates first: they explain themselves better than a busy port would. */
    const MbmcBmc *dup = mbmc_config_find(c, b->vmid);
    if (dup) {
        g_set_error(error, MBMC_CONFIG_ERROR, 0, "VMID %u already has a BMC (%s): 'multibmc del %u' first to "
                    "replace it", b->vmid, dup->address, b->vmid);
        return FALSE;
    }
    if ((dup = mbmc_config_find_address(c, b->address))) {
        g_set_error(error, MBMC_CONFIG_ERROR, 0, "%s is already the BMC address of VMID %u: choose another IP",
                    b->address, dup->vmid);
        return FALSE;
    }
    if (!check_subnet(c, b->address, error) || !check_port_free(b->address, error) ||
        !check_address_unused(c, b->address, error) ||
        !check_cert_pair("--redfish-cert/--redfish-key", b->redfish_cert_file, b->redfish_key_file, error) ||
        (mbmc_bmc_redfish_enabled(c, b) && !check_redfish_port_free(b->address, mbmc_config_redfish_port(c), error)) ||
        !check_inband_port_free(b->inband_port, error))
        return FALSE;
    if (!b->password_file && !c->password_file) {
        g_set_error(error, MBMC_CONFIG_ERROR, 0, "no IPMI password: give this BMC --user NAME --password-file F, "
                    "or set one for all with 'multibmc init --force --interface %s --password-file F'", c->interface);
        return FALSE;
    }
    return check_secret("IPMI password file", b->password_file ? b->password_file : c->password_file, error) &&
           (b->backend != MBMC_BACKEND_KIND_PROXMOX || check_secret("Proxmox token file", c->token_file, error));
}

/* ---- flags from the table of settings (settings.def): name, kind, help, range and words */

#define FLAG(ID, PTR) mbmc_setting_entry(mbmc_setting(MBMC_SET_##ID), mbmc_setting(MBMC_SET_##ID)->flag, PTR, \
                                         MBMC_IS_STRING_PTR(PTR))

static gboolean flag_in_range(enum mbmc_setting_id id, gint value, GError **error)
{
    return mbmc_setting_flag_int(mbmc_setting(id), mbmc_setting(id)->flag, value, error);
}

/* An ENUM flag's word into *value, which is an enum whose values are the words' indexes. */
#define FLAG_WORD(ID, word, value, error) \
    mbmc_setting_flag_word(mbmc_setting(MBMC_SET_##ID), mbmc_setting(MBMC_SET_##ID)->flag, word, (int *)(value), error)

/* ---- init */

int mbmc_cli_init(MbmcCli *cli, int argc, char **argv)
{
    g_autofree char *ifname = NULL, *mode = NULL, *user = NULL, *pwfile = NULL, *url = NULL;
    g_autofree char *token = NULL, *ca = NULL, *fp = NULL, *run = NULL, *state = NULL;
    g_autofree char *module = NULL, *templates = NULL, *ipmi_sim = NULL;
    g_autofree char *sol_policy = NULL;
    g_autofree char *console_user = NULL, *console_pw = NULL, *console_auth = NULL;
    gint sol_idle = 0, poll_ms = 0, redfish_port = 0;
    gboolean insecure = FALSE, force = FALSE;
    g_autofree char *shared_poll = NULL;
    g_autofree char *redfish = NULL, *rf_cert = NULL, *rf_key = NULL, *media_dir = NULL;
    g_autofree char *iso_storage = NULL;
    gint media_retention = -1;
    GOptionEntry e[] = {
        FLAG(INTERFACE, &ifname),
        FLAG(MODE, &mode),
        FLAG(USER, &user),
        FLAG(PASSWORD_FILE, &pwfile),
        FLAG(PVE_URL, &url),
        FLAG(TOKEN_FILE, &token),
        FLAG(CA_FILE, &ca),
        FLAG(FINGERPRINT, &fp),
        FLAG(INSECURE, &insecure),
        FLAG(SOL_POLICY, &sol_policy),
        FLAG(SOL_IDLE_SECS, &sol_idle),
        FLAG(CONSOLE_USER, &console_user),
        FLAG(CONSOLE_PASSWORD_FILE, &console_pw),
        FLAG(CONSOLE_AUTH, &console_auth),
        FLAG(SHARED_POLL, &shared_poll),
        FLAG(POLL_MS, &poll_ms),
        FLAG(RUN_DIR, &run),
        FLAG(STATE_DIR, &state),
        FLAG(MODULE, &module),
        FLAG(TEMPLATES, &templates),
        FLAG(IPMI_SIM, &ipmi_sim),
        FLAG(REDFISH_ENABLED, &redfish),
        FLAG(REDFISH_PORT, &redfish_port),
        FLAG(REDFISH_CERT_FILE, &rf_cert),
        FLAG(REDFISH_KEY_FILE, &rf_key),
        FLAG(MEDIA_DIR, &media_dir),
        FLAG(ISO_STORAGE, &iso_storage),
        FLAG(MEDIA_RETENTION, &media_retention),
        { "force", 0, 0, G_OPTION_ARG_NONE, &force, "replace the global settings of an existing file (BMCs are kept)", NULL },
        { NULL },
    };
    if (!mbmc_cli_parse(cli, "init", "--interface IF [options]", e, &argc, &argv))
        return 2;
    if (argc > 1) {
        fprintf(stderr, "multibmc init: unexpected argument '%s'\n", argv[1]);
        return 2;
    }
    if (!ifname) {
        fprintf(stderr, "multibmc init: --interface IF is required\n");
        return 2;
    }
    g_autoptr(GError) err = NULL;
    int lock = mbmc_config_lock(cli->config, &err);
    if (lock < 0)
        return mbmc_cli_fail("init", err);
    g_autoptr(MbmcConfig) c = NULL;
    if (g_file_test(cli->config, G_FILE_TEST_EXISTS)) {
        if (!force) {
            mbmc_config_unlock(lock);
            fprintf(stderr, "multibmc init: %s already exists: use 'multibmc add' to add BMCs, or "
                            "'init --force' to replace the global settings\n", cli->config);
            return 1;
        }
        c = mbmc_config_load(cli->config, &err);
        if (!c) {
            mbmc_config_unlock(lock);
            return mbmc_cli_fail("init", err);
        }
    } else {
        c = mbmc_config_new();
    }
#define SET(field, val) do { if (val) { g_free(c->field); c->field = g_strdup(val); } } while (0)
    g_free(c->interface);
    c->interface = g_strdup(ifname);
    SET(user, user);
    SET(password_file, pwfile);
    SET(run_dir, run);
    SET(state_dir, state);
    SET(module, module);
    SET(templates, templates);
    SET(ipmi_sim, ipmi_sim);
    if (url || token || ca || fp || insecure) {
        g_clear_pointer(&c->ca_file, g_free);
        g_clear_pointer(&c->fingerprint, g_free);
        SET(pve_url, url);
        SET(token_file, token);
        SET(ca_file, ca);
        SET(fingerprint, fp);
        c->insecure = insecure;
    }
    if (console_user && !*console_user) {   /* --console-user "": no console user any more */
        g_clear_pointer(&c->console_user, g_free);
        g_clear_pointer(&c->console_password_file, g_free);
    } else {
        SET(console_user, console_user);
        SET(console_password_file, console_pw);
    }
#undef SET
    gboolean ok = !sol_policy || FLAG_WORD(SOL_POLICY, sol_policy, &c->sol_share, &err);
    if (ok && sol_idle && (ok = flag_in_range(MBMC_SET_SOL_IDLE_SECS, sol_idle, &err)))
        c->sol_idle_secs = (guint)sol_idle;
    ok = ok && (!console_auth || FLAG_WORD(CONSOLE_AUTH, console_auth, &c->console_auth, &err));
    if (ok && shared_poll && strcmp(shared_poll, "yes") && strcmp(shared_poll, "no"))
        ok = FALSE, g_set_error(&err, MBMC_CONFIG_ERROR, 0, "--pve-shared-poll %s: use yes or no", shared_poll);
    else if (shared_poll)
        c->pve_shared_poll = !strcmp(shared_poll, "yes");
    if (ok && poll_ms && (ok = flag_in_range(MBMC_SET_POLL_MS, poll_ms, &err)))
        c->pve_poll_ms = (guint)poll_ms;
    if (ok && redfish && strcmp(redfish, "on") && strcmp(redfish, "off"))
        ok = FALSE, g_set_error(&err, MBMC_CONFIG_ERROR, 0, "--redfish %s: use on or off", redfish);
    else if (redfish)
        c->redfish = !strcmp(redfish, "on");
    if (ok && redfish_port && (ok = flag_in_range(MBMC_SET_REDFISH_PORT, redfish_port, &err)))
        c->redfish_port = (guint)redfish_port;
    if (rf_cert || rf_key) {
        g_clear_pointer(&c->redfish_cert_file, g_free);
        g_clear_pointer(&c->redfish_key_file, g_free);
        if (rf_cert && *rf_cert)
            c->redfish_cert_file = g_strdup(rf_cert);
        if (rf_key && *rf_key)
            c->redfish_key_file = g_strdup(rf_key);
    }
    if (media_dir) {
        g_clear_pointer(&c->media_dir, g_free);
        if (*media_dir)
            c->media_dir = g_strdup(media_dir);
    }
    if (iso_storage) {
        g_clear_pointer(&c->iso_storage, g_free);
        if (*iso_storage)
            c->iso_storage = g_strdup(iso_storage);
    }
    if (ok && c->iso_storage && !pve_storage_id_ok(c->iso_storage))
        ok = FALSE, g_set_error(&err, MBMC_CONFIG_ERROR, 0, "--iso-storage %s: give a Proxmox storage id, "
                                "like local or isos", c->iso_storage);
    if (ok && media_retention != -1 && (ok = flag_in_range(MBMC_SET_MEDIA_RETENTION, media_retention, &err)))
        c->media_retention = media_retention;
    if (ok && (c->iso_storage || media_retention != -1) && !c->pve_url)
        ok = FALSE, g_set_error(&err, MBMC_CONFIG_ERROR, 0, "--iso-storage and --media-retention are for "
                                "Proxmox VMs: give --pve-url and --token-file too");
    ok = ok && check_cert_pair("--redfish-cert/--redfish-key", c->redfish_cert_file, c->redfish_key_file, &err);
    ok = ok && (!c->media_dir || g_file_test(c->media_dir, G_FILE_TEST_IS_DIR) ||
                (g_set_error(&err, MBMC_CONFIG_ERROR, 0, "--media-dir %s is not a directory", c->media_dir), FALSE));
    ok = ok && (!mode || FLAG_WORD(MODE, mode, &c->mode, &err));
    if (ok && c->pve_url && !c->token_file)
        ok = FALSE, g_set_error(&err, MBMC_CONFIG_ERROR, 0, "--pve-url needs --token-file F");
    ok = ok && check_interface(c->interface, &err);
    ok = ok && (!c->password_file || check_secret("--password-file", c->password_file, &err));
    ok = ok && (!c->token_file || check_secret("--token-file", c->token_file, &err));
    ok = ok && (!c->console_password_file ||
                check_secret("--console-password-file", c->console_password_file, &err));
    ok = ok && (!c->ca_file || g_file_test(c->ca_file, G_FILE_TEST_IS_REGULAR) ||
                (g_set_error(&err, MBMC_CONFIG_ERROR, 0, "--ca-file %s does not exist", c->ca_file), FALSE));
    ok = ok && mbmc_config_save(c, cli->config, &err);
    mbmc_config_unlock(lock);
    if (!ok)
        return mbmc_cli_fail("init", err);
    printf("wrote %s\n", cli->config);
    if (mbmc_cli_notify(c->run_dir))
        printf("the running supervisor is reloading\n");
    return 0;
}

/* ---- add */

int mbmc_cli_add(MbmcCli *cli, int argc, char **argv)
{
    g_autofree char *backend = NULL, *qmp = NULL, *user = NULL, *pwfile = NULL, *sol = NULL;
    g_autofree char *redfish = NULL, *rf_cert = NULL, *rf_key = NULL, *cdrom = NULL;
    gboolean inband = FALSE;
    gint inband_port = 0;
    GOptionEntry e[] = {
        FLAG(BACKEND, &backend),
        FLAG(QMP, &qmp),
        FLAG(BMC_USER, &user),
        FLAG(BMC_PASSWORD_FILE, &pwfile),
        FLAG(SOL_DEVICE, &sol),
        FLAG(BMC_REDFISH, &redfish),
        FLAG(BMC_REDFISH_CERT_FILE, &rf_cert),
        FLAG(BMC_REDFISH_KEY_FILE, &rf_key),
        FLAG(CDROM, &cdrom),
        { "inband", 0, 0, G_OPTION_ARG_NONE, &inband, "an in-band (KCS) link for the local QEMU "
          "(a free 127.0.0.1 port from " G_STRINGIFY(MBMC_INBAND_BASE_PORT) ")", NULL },
        FLAG(INBAND_PORT, &inband_port),
        { NULL },
    };
    if (!mbmc_cli_parse(cli, "add", "VMID IP/PREFIX | VMID IP PREFIX", e, &argc, &argv))
        return 2;
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "multibmc add: expected VMID IP/PREFIX (or VMID IP PREFIX)\n");
        return 2;
    }
    g_autoptr(GError) err = NULL;
    MbmcBmc *b = g_new0(MbmcBmc, 1);
    if (!mbmc_parse_vmid(argv[1], &b->vmid, &err) ||
        !mbmc_parse_address(argv[2], argc == 4 ? argv[3] : NULL, &b->address, &b->prefix, &err)) {
        mbmc_bmc_free(b);
        return mbmc_cli_fail("add", err);
    }
    b->backend = qmp ? MBMC_BACKEND_KIND_QMP : MBMC_BACKEND_KIND_PROXMOX;   /* --qmp implies it */
    if (backend && !FLAG_WORD(BACKEND, backend, &b->backend, &err)) {
        mbmc_bmc_free(b);
        fprintf(stderr, "multibmc add: %s\n", err->message);
        return 2;
    }
    b->qmp = g_strdup(qmp);
    b->user = g_strdup(user);
    b->password_file = g_strdup(pwfile);
    b->sol_device = g_strdup(sol);
    b->redfish_cert_file = g_strdup(rf_cert);
    b->redfish_key_file = g_strdup(rf_key);
    b->cdrom = g_strdup(cdrom);
    if (redfish && strcmp(redfish, "on") && strcmp(redfish, "off")) {
        mbmc_bmc_free(b);
        fprintf(stderr, "multibmc add: --redfish %s: use on or off\n", redfish);
        return 2;
    }
    b->redfish = !redfish ? MBMC_SWITCH_DEFAULT : !strcmp(redfish, "on") ? MBMC_SWITCH_ON : MBMC_SWITCH_OFF;
    if ((user && !pwfile) || (!user && pwfile)) {
        mbmc_bmc_free(b);
        fprintf(stderr, "multibmc add: give --user and --password-file together\n");
        return 2;
    }
    if (inband_port && !flag_in_range(MBMC_SET_INBAND_PORT, inband_port, &err)) {
        mbmc_bmc_free(b);
        fprintf(stderr, "multibmc add: %s\n", err->message);
        return 2;
    }
    if ((inband || inband_port) && b->backend != MBMC_BACKEND_KIND_QMP) {
        mbmc_bmc_free(b);
        fprintf(stderr, "multibmc add: --inband needs a local QEMU (--qmp PATH)\n");
        return 2;
    }
    b->inband_port = (guint)inband_port;
    int lock = mbmc_config_lock(cli->config, &err);
    if (lock < 0) {
        mbmc_bmc_free(b);
        return mbmc_cli_fail("add", err);
    }
    g_autoptr(MbmcConfig) c = mbmc_config_load(cli->config, &err);
    guint vmid = b->vmid;
    g_autofree char *addr = g_strdup(b->address);
    if (c && inband && !b->inband_port)
        b->inband_port = mbmc_config_free_inband_port(c);
    gboolean ok = c && mbmc_cli_check_new_bmc(c, b, &err);
    if (ok) {
        ok = mbmc_config_add(c, b, &err);
        if (ok)
            b = NULL;
    }
    ok = ok && mbmc_config_save(c, cli->config, &err);
    mbmc_config_unlock(lock);
    mbmc_bmc_free(b);
    if (!ok)
        return mbmc_cli_fail("add", err);
    pid_t sup = mbmc_cli_notify(c->run_dir);
    printf("added BMC %u at %s%s\n", vmid, addr,
           sup ? " (the running supervisor starts it now)" : " (starts with 'multibmc start' or the service)");
    if (inband_port || inband) {
        const MbmcBmc *nb = mbmc_config_find(c, vmid);
        g_autofree char *args = mbmc_inband_qemu_args(nb->inband_port);
        printf("in-band link on 127.0.0.1:%u; give the VM:\n  %s\n", nb->inband_port, args);
    }
    return 0;
}

/* ---- del */

int mbmc_cli_del(MbmcCli *cli, int argc, char **argv)
{
    if (!mbmc_cli_parse(cli, "del", "VMID", NULL, &argc, &argv))
        return 2;
    if (argc != 2) {
        fprintf(stderr, "multibmc del: expected one VMID\n");
        return 2;
    }
    g_autoptr(GError) err = NULL;
    guint vmid;
    if (!mbmc_parse_vmid(argv[1], &vmid, &err))
        return mbmc_cli_fail("del", err);
    int lock = mbmc_config_lock(cli->config, &err);
    if (lock < 0)
        return mbmc_cli_fail("del", err);
    g_autoptr(MbmcConfig) c = mbmc_config_load(cli->config, &err);
    gboolean ok = c && mbmc_config_remove(c, vmid, &err) && mbmc_config_save(c, cli->config, &err);
    mbmc_config_unlock(lock);
    if (!ok)
        return mbmc_cli_fail("del", err);
    pid_t sup = mbmc_cli_notify(c->run_dir);
    printf("removed BMC %u%s\n", vmid, sup ? " (the running supervisor stops it now)" : "");
    return 0;
}
