/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multibmc-solbridge: one Proxmox serial bridge in the foreground (the supervisor runs the
 * same code in-process; this binary is for init scripts, debugging and tests). */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

#include "mbmc_json.h"
#include "pveclient.h"
#include "pve_resources.h"
#include "solbridge.h"

static gboolean quit_cb(gpointer loop)
{
    g_main_loop_quit(loop);
    return G_SOURCE_REMOVE;
}

/* The VM looked up once before serving, so that a wrong VMID or a refused token ends the
 * command (status 1) instead of leaving a bridge that retries for ever. A Proxmox that cannot
 * be reached now is no reason to stop: the bridge keeps trying, as the supervisor's do. */
static gboolean vm_known(const MbmcSolBridgeConfig *cfg, GError **error)
{
    MbmcPveClientConfig cc = { .url = cfg->url, .token_file = cfg->token_file,
                               .ca_file = cfg->ca_file, .fingerprint = cfg->fingerprint,
                               .insecure = cfg->insecure };
    g_autoptr(MbmcPveClient) api = mbmc_pve_client_new(&cc, error);
    if (!api)
        return FALSE;
    g_autoptr(SoupMessage) msg = mbmc_pve_client_message(api, "GET", "/cluster/resources?type=vm");
    g_autoptr(GError) net = NULL;
    g_autoptr(GBytes) body = soup_session_send_and_read(mbmc_pve_client_session(api), msg, NULL, &net);
    g_auto(MbmcPveReply) r = { 0 };
    mbmc_pve_reply_check(mbmc_pve_client_session(api), msg, body, net, &r);
    if (r.status == SOUP_STATUS_UNAUTHORIZED) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                    "Proxmox at %s refused the API token %s (%s)", cfg->url,
                    mbmc_pve_client_token_id(api), r.error->message);
        return FALSE;
    }
    if (!json_object_is_type(r.data, json_type_array)) {
        fprintf(stderr, "multibmc-solbridge: cannot look VM %u up at %s now (%s); trying on\n",
                cfg->vmid, cfg->url, r.error ? r.error->message : "no list of VMs in the answer");
        return TRUE;
    }
    struct pve_resource row;
    if (pve_resources_find(r.data, cfg->vmid, &row))
        return TRUE;
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                "VM %u is not a QEMU VM of the cluster at %s (or the token %s lacks VM.Audit on "
                "/vms/%u)", cfg->vmid, cfg->url, mbmc_pve_client_token_id(api), cfg->vmid);
    return FALSE;
}

int main(int argc, char **argv)
{
    g_autofree char *url = NULL, *token_file = NULL, *ca_file = NULL, *fingerprint = NULL;
    g_autofree char *serial = NULL, *listen = NULL, *policy = NULL;
    g_autofree char *console_user = NULL, *console_pw = NULL, *console_auth = NULL;
    gint vmid = 0, idle_secs = 300, keepalive_secs = 30, max_backoff_ms = 10000;
    gboolean insecure = FALSE, version = FALSE;
    GOptionEntry entries[] = {
        { "vmid", 0, 0, G_OPTION_ARG_INT, &vmid, "Proxmox VMID", "N" },
        { "url", 0, 0, G_OPTION_ARG_STRING, &url, "Proxmox API, https://host:8006", "URL" },
        { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, "API token file (0600)", "F" },
        { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "trust only this CA", "F" },
        { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &fingerprint, "SHA-256 pin of the server certificate", "HEX" },
        { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure, "do not verify TLS (not recommended)", NULL },
        { "serial", 0, 0, G_OPTION_ARG_STRING, &serial, "serial0..serial3 (default serial0)", "IF" },
        { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "loopback address:port for ipmi_sim (default 127.0.0.1:0)", "ADDR:PORT" },
        { "policy", 0, 0, G_OPTION_ARG_STRING, &policy, "hold (default) or share", "P" },
        { "idle-secs", 0, 0, G_OPTION_ARG_INT, &idle_secs, "share: release after N s without input", "N" },
        { "keepalive-secs", 0, 0, G_OPTION_ARG_INT, &keepalive_secs, "termproxy keepalive interval", "N" },
        { "max-backoff-ms", 0, 0, G_OPTION_ARG_INT, &max_backoff_ms, "reconnect backoff cap", "MS" },
        { "console-user", 0, 0, G_OPTION_ARG_STRING, &console_user, "Proxmox user whose ticket opens the console on old PVE", "USER@REALM" },
        { "console-password-file", 0, 0, G_OPTION_ARG_FILENAME, &console_pw, "that user's password (0600)", "F" },
        { "console-auth", 0, 0, G_OPTION_ARG_STRING, &console_auth, "auto (default), token or ticket", "MODE" },
        { "version", 0, 0, G_OPTION_ARG_NONE, &version, "print the version and exit", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    g_autoptr(GError) error = NULL;
    g_autoptr(GOptionContext) ctx = g_option_context_new("- Serial-over-LAN bridge to a Proxmox VM's serial port");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fprintf(stderr, "multibmc-solbridge: %s\n", error->message);
        return 2;
    }
    if (version) {
        printf("multibmc-solbridge (multibmc) %s\n", PACKAGE_VERSION);
        return 0;
    }
    MbmcSolBridgeConfig cfg = {
        .url = url, .token_file = token_file, .ca_file = ca_file, .fingerprint = fingerprint,
        .insecure = insecure, .vmid = vmid > 0 ? (guint)vmid : 0, .serial = serial,
        .listen_addr = "127.0.0.1", .idle_secs = idle_secs > 0 ? idle_secs : 1,
        .keepalive_secs = keepalive_secs > 0 ? keepalive_secs : 1,
        .max_backoff_ms = max_backoff_ms > 0 ? max_backoff_ms : 1000,
        .console_user = console_user, .console_password_file = console_pw,
    };
    if (!token_file || !url || vmid <= 0) {
        fprintf(stderr, "multibmc-solbridge: --vmid, --url and --token-file are required\n");
        return 2;
    }
    if ((ca_file != NULL) + (fingerprint != NULL) + (insecure != FALSE) > 1) {
        fprintf(stderr, "multibmc-solbridge: give at most one of --ca-file, --fingerprint, --insecure\n");
        return 2;
    }
    if (console_auth && !mbmc_console_auth_parse(console_auth, &cfg.console_auth)) {
        fprintf(stderr, "multibmc-solbridge: --console-auth must be auto, token or ticket\n");
        return 2;
    }
    if (policy && !mbmc_sol_policy_parse(policy, &cfg.policy)) {
        fprintf(stderr, "multibmc-solbridge: --policy must be hold or share\n");
        return 2;
    }
    g_autofree char *addr = NULL;
    if (listen) {
        const char *colon = strrchr(listen, ':');
        char *end = NULL;
        long port = colon ? strtol(colon + 1, &end, 10) : -1;
        if (!colon || !end || *end || port < 0 || port > 65535) {
            fprintf(stderr, "multibmc-solbridge: --listen wants ADDR:PORT\n");
            return 2;
        }
        addr = g_strndup(listen, colon - listen);
        cfg.listen_addr = addr;
        cfg.listen_port = (guint16)port;
    }
    g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
    g_autoptr(MbmcSolBridge) b = mbmc_sol_bridge_new(&cfg, &error);
    if (b && !vm_known(&cfg, &error))
        g_clear_pointer(&b, mbmc_sol_bridge_free);
    if (!b) {
        fprintf(stderr, "multibmc-solbridge: %s\n", error->message);
        return 1;
    }
    printf("listening on %s:%u\n", cfg.listen_addr, mbmc_sol_bridge_port(b));
    fflush(stdout);
    g_unix_signal_add(SIGTERM, quit_cb, loop);
    g_unix_signal_add(SIGINT, quit_cb, loop);
    g_main_loop_run(loop);
    return 0;
}
