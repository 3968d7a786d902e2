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
#include "setting_flags.h"
#include "settings.h"
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

/* The bridge's flags are the table's SOLFLAG column (settings.def): each value lands here under
 * its setting, and is checked as every program checks that setting. */
typedef struct {
    char *text[MBMC_SET_COUNT];   /* STRING, PATH, ENUM */
    gint num[MBMC_SET_COUNT];     /* INT (NOT_GIVEN until given), BOOL switch */
} FlagValues;

#define NOT_GIVEN G_MININT

static void flag_values_clear(FlagValues *v)
{
    for (guint i = 0; i < MBMC_SET_COUNT; i++)
        g_free(v->text[i]);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(FlagValues, flag_values_clear)

static GArray *flag_entries(FlagValues *v, gboolean *version)
{
    GArray *e = g_array_new(TRUE, TRUE, sizeof(GOptionEntry));
    for (guint i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!s->solflag)
            continue;
        gboolean text = mbmc_setting_takes_string(s);
        v->num[i] = s->type == MBMC_SET_TYPE_INT ? NOT_GIVEN : 0;
        GOptionEntry one = mbmc_setting_entry(s, s->solflag, text ? (gpointer)&v->text[i] : &v->num[i], text);
        g_array_append_val(e, one);
    }
    GOptionEntry ver = { "version", 0, 0, G_OPTION_ARG_NONE, version, "print the version and exit", NULL };
    g_array_append_val(e, ver);
    return e;
}

/* "--url, --token-file and --vmid": the flags of the settings a bridge cannot run without. */
static char *required_flags(void)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < MBMC_SET_COUNT; i++)
        if (mbmc_setting(i)->solflag && mbmc_setting_required(mbmc_setting(i)))
            g_ptr_array_add(names, g_strconcat("--", mbmc_setting(i)->solflag, NULL));
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++)
        g_string_append_printf(out, "%s%s", i == 0 ? "" : i + 1 == names->len ? " and " : ", ",
                               (char *)g_ptr_array_index(names, i));
    g_ptr_array_unref(names);
    return g_string_free(out, FALSE);
}

/* Every value in its range and words: an INT not given takes the table's default. */
static gboolean flag_values_check(FlagValues *v, GError **error)
{
    for (guint i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (!s->solflag)
            continue;
        gboolean given = s->type == MBMC_SET_TYPE_INT ? v->num[i] != NOT_GIVEN : v->text[i] != NULL;
        if (!given && mbmc_setting_required(s)) {
            g_autofree char *all = required_flags();
            g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "%s are required", all);
            return FALSE;
        }
        if (s->type == MBMC_SET_TYPE_INT && !given)
            v->num[i] = (gint)s->def;
        else if (s->type == MBMC_SET_TYPE_INT && !mbmc_setting_flag_int(s, s->solflag, v->num[i], error))
            return FALSE;
        else if (s->type == MBMC_SET_TYPE_ENUM && given &&
                 !mbmc_setting_flag_word(s, s->solflag, v->text[i], &v->num[i], error))
            return FALSE;
    }
    return TRUE;
}

int main(int argc, char **argv)
{
    g_auto(FlagValues) v = { 0 };
    gboolean version = FALSE;
    g_autoptr(GArray) entries = flag_entries(&v, &version);
    g_autoptr(GError) error = NULL;
    g_autoptr(GOptionContext) ctx = g_option_context_new("- Serial-over-LAN bridge to a Proxmox VM's serial port");
    g_option_context_add_main_entries(ctx, (GOptionEntry *)(void *)entries->data, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fprintf(stderr, "multibmc-solbridge: %s\n", error->message);
        return 2;
    }
    if (version) {
        printf("multibmc-solbridge (multibmc) %s\n", PACKAGE_VERSION);
        return 0;
    }
    if (!flag_values_check(&v, &error)) {
        fprintf(stderr, "multibmc-solbridge: %s\n", error->message);
        return 2;
    }
#define TEXT(ID) v.text[MBMC_SET_##ID]
#define NUM(ID) v.num[MBMC_SET_##ID]
    MbmcSolBridgeConfig cfg = {
        .url = TEXT(PVE_URL), .token_file = TEXT(TOKEN_FILE), .ca_file = TEXT(CA_FILE),
        .fingerprint = TEXT(FINGERPRINT), .insecure = NUM(INSECURE), .vmid = (guint)NUM(VMID),
        .serial = TEXT(SERIAL), .listen_addr = "127.0.0.1", .idle_secs = (guint)NUM(SOL_IDLE_SECS),
        .keepalive_secs = (guint)NUM(KEEPALIVE_SECS), .max_backoff_ms = (guint)NUM(MAX_BACKOFF_MS),
        .policy = (MbmcSolPolicy)NUM(SOL_POLICY), .console_user = TEXT(CONSOLE_USER),
        .console_password_file = TEXT(CONSOLE_PASSWORD_FILE), .console_auth = (MbmcConsoleAuth)NUM(CONSOLE_AUTH),
    };
    if ((cfg.ca_file != NULL) + (cfg.fingerprint != NULL) + (cfg.insecure != FALSE) > 1) {
        fprintf(stderr, "multibmc-solbridge: give at most one of --ca-file, --fingerprint, --insecure\n");
        return 2;
    }
    g_autofree char *addr = NULL;
    const char *listen = TEXT(LISTEN);
#undef TEXT
#undef NUM
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
