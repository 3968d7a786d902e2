/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "bmcfiles.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fileutil.h"
#include "gen.h"
#include "netif.h"
#include "pve_table.h"
#include "rf_cert.h"

#ifndef MBMC_PKGLIBDIR
#define MBMC_PKGLIBDIR "/usr/local/lib/multibmc"
#endif
#ifndef MBMC_PKGDATADIR
#define MBMC_PKGDATADIR "/usr/local/share/multibmc"
#endif
#ifndef IPMI_SIM_PATH
#define IPMI_SIM_PATH "/usr/bin/ipmi_sim"
#endif

const char *mbmc_config_module(const MbmcConfig *c) { return c->module ? c->module : MBMC_PKGLIBDIR "/multibmc.so"; }
const char *mbmc_config_templates(const MbmcConfig *c) { return c->templates ? c->templates : MBMC_PKGDATADIR; }
const char *mbmc_config_ipmi_sim(const MbmcConfig *c) { return c->ipmi_sim ? c->ipmi_sim : IPMI_SIM_PATH; }

char *mbmc_bmc_run_dir(const MbmcConfig *c, guint vmid)
{
    g_autofree char *v = g_strdup_printf("%u", vmid);
    return g_build_filename(c->run_dir, v, NULL);
}

char *mbmc_bmc_state_dir(const MbmcConfig *c, guint vmid)
{
    g_autofree char *v = g_strdup_printf("%u", vmid);
    return g_build_filename(c->state_dir, v, NULL);
}

char *mbmc_inband_qemu_args(guint port)
{
    return g_strdup_printf("-chardev socket,id=ipmi0,host=127.0.0.1,port=%u,reconnect=10 "
                           "-device ipmi-bmc-extern,id=bmc0,chardev=ipmi0 -device isa-ipmi-kcs,bmc=bmc0", port);
}

char *mbmc_bmc_restore_flag(const MbmcConfig *c, guint vmid)
{
    g_autofree char *run = mbmc_bmc_run_dir(c, vmid);
    return g_build_filename(run, "power-restore", NULL);
}

char *mbmc_pve_state_table(const MbmcConfig *c)
{
    return g_build_filename(c->run_dir, PVE_TABLE_FILE, NULL);
}

/* key=value for a setting's module option (settings.def names it), space-separated. */
static void put_opt(GString *s, enum mbmc_setting_id id, const char *value)
{
    g_string_append_printf(s, "%s%s=%s", s->len ? " " : "", mbmc_setting(id)->option, value);
}

static void put_opt_uint(GString *s, enum mbmc_setting_id id, guint value)
{
    g_autofree char *v = g_strdup_printf("%u", value);
    put_opt(s, id, v);
}

char *mbmc_bmc_module_options(const MbmcConfig *c, const MbmcBmc *b)
{
    GString *s = g_string_new(NULL);
    if (b->backend == MBMC_BACKEND_KIND_QMP) {
        /* vmid: the FRU serial; restore-pending: the BMC applies its power restore policy. */
        g_autofree char *flag = mbmc_bmc_restore_flag(c, b->vmid);
        put_opt(s, MBMC_SET_BACKEND, "qmp");
        put_opt(s, MBMC_SET_QMP, b->qmp);
        put_opt_uint(s, MBMC_SET_VMID, b->vmid);
        put_opt(s, MBMC_SET_RESTORE_PENDING, flag);
    } else {
        put_opt(s, MBMC_SET_BACKEND, "proxmox");
        put_opt_uint(s, MBMC_SET_VMID, b->vmid);
        put_opt(s, MBMC_SET_PVE_URL, c->pve_url);
        put_opt(s, MBMC_SET_TOKEN_FILE, c->token_file);
        if (c->ca_file)
            put_opt(s, MBMC_SET_CA_FILE, c->ca_file);
        if (c->fingerprint)
            put_opt(s, MBMC_SET_FINGERPRINT, c->fingerprint);
        if (c->insecure)
            put_opt(s, MBMC_SET_INSECURE, "1");
        if (c->pve_poll_ms)
            put_opt_uint(s, MBMC_SET_POLL_MS, c->pve_poll_ms);
        if (c->pve_shared_poll) {
            /* Power state from the supervisor's table (pvepoll.c); own polling only as fallback. */
            g_autofree char *table = mbmc_pve_state_table(c);
            put_opt(s, MBMC_SET_STATE_TABLE, table);
        }
    }
    if (b->cdrom)
        put_opt(s, MBMC_SET_CDROM, b->cdrom);
    if (mbmc_bmc_redfish_enabled(c, b)) {
        /* Virtual media is a Redfish action: without Redfish the BMC need not probe for it. */
        if (b->backend == MBMC_BACKEND_KIND_PROXMOX && c->iso_storage)
            put_opt(s, MBMC_SET_ISO_STORAGE, c->iso_storage);
        if (b->backend == MBMC_BACKEND_KIND_PROXMOX && c->iso_storage && c->media_retention >= 0)
            put_opt_uint(s, MBMC_SET_MEDIA_RETENTION, (guint)c->media_retention);
        put_opt(s, MBMC_SET_REDFISH_ADDR, b->address);
        put_opt_uint(s, MBMC_SET_REDFISH_PORT, mbmc_config_redfish_port(c));
        if (b->redfish_cert_file) {
            put_opt(s, MBMC_SET_BMC_REDFISH_CERT_FILE, b->redfish_cert_file);
            put_opt(s, MBMC_SET_BMC_REDFISH_KEY_FILE, b->redfish_key_file);
        } else if (c->redfish_cert_file) {
            put_opt(s, MBMC_SET_REDFISH_CERT_FILE, c->redfish_cert_file);
            put_opt(s, MBMC_SET_REDFISH_KEY_FILE, c->redfish_key_file);
        }
        if (c->media_dir)
            put_opt(s, MBMC_SET_MEDIA_DIR, c->media_dir);
    }
    g_autofree char *run = mbmc_bmc_run_dir(c, b->vmid);
    g_autofree char *state = mbmc_bmc_state_dir(c, b->vmid);
    g_autofree char *status = g_build_filename(run, "status", NULL);
    put_opt(s, MBMC_SET_STATUS, status);
    put_opt(s, MBMC_SET_BMC_STATE_DIR, state);
    return g_string_free(s, FALSE);
}

char *mbmc_bmc_redfish_cert(const MbmcConfig *c, const MbmcBmc *b)
{
    if (b->redfish_cert_file)
        return g_strdup(b->redfish_cert_file);
    if (c->redfish_cert_file)
        return g_strdup(c->redfish_cert_file);
    g_autofree char *state = mbmc_bmc_state_dir(c, b->vmid);
    return g_build_filename(state, RF_CERT_FILE, NULL);
}

char *mbmc_redfish_authority(const char *address, guint port)
{
    /* 443 is https's own port: clients leave it out of a URL. */
    return port == 443 ? g_strdup(address) : g_strdup_printf("%s:%u", address, port);
}

char *mbmc_bmc_redfish_url(const MbmcConfig *c, const MbmcBmc *b)
{
    g_autofree char *host = mbmc_redfish_authority(b->address, mbmc_config_redfish_port(c));
    return g_strdup_printf("https://%s/redfish/v1", host);
}

char *mbmc_cert_fingerprint(const char *path)
{
    /* The DER inside the first PEM block, hashed: what `openssl x509 -fingerprint -sha256`
     * prints, without a TLS library in the CLI. */
    g_autofree char *pem = NULL;
    if (!g_file_get_contents(path, &pem, NULL, NULL))
        return NULL;
    const char *begin = strstr(pem, "-----BEGIN CERTIFICATE-----");
    const char *end = begin ? strstr(begin, "-----END CERTIFICATE-----") : NULL;
    if (!end)
        return NULL;
    begin += strlen("-----BEGIN CERTIFICATE-----");
    g_autofree char *b64 = g_strndup(begin, (gsize)(end - begin));
    gsize len = 0;
    g_autofree guchar *der = g_base64_decode(g_strstrip(b64), &len);
    if (!der || !len)
        return NULL;
    g_autofree char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, der, len);
    GString *fp = g_string_new(NULL);
    for (gsize i = 0; hex[i] && hex[i + 1]; i += 2)
        g_string_append_printf(fp, "%s%c%c", i ? ":" : "", g_ascii_toupper(hex[i]), g_ascii_toupper(hex[i + 1]));
    return g_string_free(fp, FALSE);
}

gboolean mbmc_bmc_write_files(const MbmcConfig *c, const MbmcBmc *b, const uint8_t mac[6],
                              const char *self, gboolean *changed, GError **error)
{
    const char *pwfile = b->password_file ? b->password_file : c->password_file;
    g_autofree char *pw = mbmc_read_secret_file(pwfile, error);
    if (!pw) {
        g_prefix_error(error, "BMC %u: IPMI password: ", b->vmid);
        return FALSE;
    }
    g_autofree char *run = mbmc_bmc_run_dir(c, b->vmid);
    g_autofree char *state = mbmc_bmc_state_dir(c, b->vmid);
    if (g_mkdir_with_parents(c->run_dir, 0755) != 0 || g_mkdir_with_parents(c->state_dir, 0700) != 0 ||
        g_mkdir_with_parents(state, 0700) != 0) {
        int e = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "BMC %u: cannot create %s or %s: %s",
                    b->vmid, run, state, g_strerror(e));
        return FALSE;
    }
    g_autofree char *macs = mbmc_netif_mac_string(mac);
    g_autofree char *mask = mbmc_netif_netmask(b->prefix);
    MbmcGenSpec spec = {
        .name = g_strdup_printf("vm%u", b->vmid),
        .addr = g_strdup(b->address),
        .port = 623,
        .module_path = g_strdup(mbmc_config_module(c)),
        .module_options = mbmc_bmc_module_options(c, b),
        .users = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_template_user_free),
        .sol_device = g_strdup(b->sol_device),
        /* The console history survives an ipmi_sim restart or crash: the module writes it
         * while the console prints (a new name: lanserv's old sol-history may hold garbage). */
        .sol_history_file = g_build_filename(state, "console-history", NULL),
        .lan_config_program = g_strdup_printf("%s lan-info %s %s %s", self, b->address, mask, macs),
        .inband_port = b->inband_port,
        .templates_dir = g_strdup(mbmc_config_templates(c)),
    };
    g_ptr_array_add(spec.users, mbmc_template_user_new(2, b->user ? b->user : c->user, pw, "admin"));
    memset(pw, 0, strlen(pw));
    gboolean ok = mbmc_gen_write(&spec, run, changed, error);
    if (!ok)
        g_prefix_error(error, "BMC %u: ", b->vmid);
    mbmc_gen_spec_clear(&spec);
    return ok;
}
