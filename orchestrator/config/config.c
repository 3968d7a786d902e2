/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "mbmc_config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "fileutil.h"
#include "mbmc_json.h"
#include "pve_fingerprint.h"
#include "pve_names.h"
#include "settings.h"

G_DEFINE_QUARK(mbmc-config-error-quark, mbmc_config_error)

#define DEFAULT_RUN_DIR "/run/multibmc"
#define DEFAULT_STATE_DIR "/var/lib/multibmc"

static gboolean invalid(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean invalid(GError **error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, MBMC_CONFIG_ERROR, MBMC_CONFIG_ERROR_INVALID, msg);
    g_free(msg);
    return FALSE;
}

const char *mbmc_mode_name(MbmcAddrMode m) { return m == MBMC_MODE_MACVLAN ? "macvlan" : "alias"; }
const char *mbmc_backend_kind_name(MbmcBackendKind k) { return k == MBMC_BACKEND_KIND_QMP ? "qmp" : "proxmox"; }

MbmcConfig *mbmc_config_new(void)
{
    MbmcConfig *c = g_new0(MbmcConfig, 1);
    c->mode = MBMC_MODE_ALIAS;
    c->user = g_strdup("admin");
    c->run_dir = g_strdup(DEFAULT_RUN_DIR);
    c->state_dir = g_strdup(DEFAULT_STATE_DIR);
    c->pve_shared_poll = TRUE;
    c->media_retention = -1;
    c->bmcs = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_bmc_free);
    return c;
}

void mbmc_bmc_free(MbmcBmc *b)
{
    if (!b)
        return;
    g_free(b->address);
    g_free(b->qmp);
    g_free(b->user);
    g_free(b->password_file);
    g_free(b->sol_device);
    g_free(b->discovered);
    g_free(b->redfish_cert_file);
    g_free(b->redfish_key_file);
    g_free(b->cdrom);
    g_free(b);
}

MbmcBmc *mbmc_bmc_copy(const MbmcBmc *b)
{
    MbmcBmc *c = g_new0(MbmcBmc, 1);
    *c = *b;
    c->address = g_strdup(b->address);
    c->qmp = g_strdup(b->qmp);
    c->user = g_strdup(b->user);
    c->password_file = g_strdup(b->password_file);
    c->sol_device = g_strdup(b->sol_device);
    c->discovered = g_strdup(b->discovered);
    c->redfish_cert_file = g_strdup(b->redfish_cert_file);
    c->redfish_key_file = g_strdup(b->redfish_key_file);
    c->cdrom = g_strdup(b->cdrom);
    c->inband_port = b->inband_port;
    return c;
}

gboolean mbmc_bmc_redfish_enabled(const MbmcConfig *c, const MbmcBmc *b)
{
    return b->redfish == MBMC_SWITCH_DEFAULT ? c->redfish : b->redfish == MBMC_SWITCH_ON;
}

guint mbmc_config_redfish_port(const MbmcConfig *c)
{
    return c->redfish_port ? c->redfish_port : MBMC_DEFAULT_REDFISH_PORT;
}

void mbmc_config_free(MbmcConfig *c)
{
    if (!c)
        return;
    g_free(c->interface);
    g_free(c->user);
    g_free(c->password_file);
    g_free(c->pve_url);
    g_free(c->token_file);
    g_free(c->ca_file);
    g_free(c->fingerprint);
    g_free(c->iso_storage);
    g_free(c->console_user);
    g_free(c->console_password_file);
    g_free(c->run_dir);
    g_free(c->state_dir);
    g_free(c->module);
    g_free(c->templates);
    g_free(c->ipmi_sim);
    g_free(c->redfish_cert_file);
    g_free(c->redfish_key_file);
    g_free(c->media_dir);
    g_ptr_array_unref(c->bmcs);
    g_free(c);
}

gboolean mbmc_parse_vmid(const char *s, guint *vmid, GError **error)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = (s && g_ascii_isdigit(*s)) ? strtoul(s, &end, 10) : 0;
    if (!s || !g_ascii_isdigit(*s) || errno || *end || v < 1 || v > 999999999)
        return invalid(error, "VMID '%s' is not valid: use the VM's numeric id (1 to 999999999)",
                       s ? s : "");
    *vmid = (guint)v;
    return TRUE;
}

gboolean mbmc_parse_address(const char *ip_arg, const char *prefix_arg, char **address,
                            guint *prefix, GError **error)
{
    g_autofree char *ip = g_strdup(ip_arg);
    const char *pfx = prefix_arg;
    char *slash = strchr(ip, '/');
    if (slash) {
        if (prefix_arg)
            return invalid(error, "give the prefix once: either %s or '%s %s'", ip_arg, ip, prefix_arg);
        *slash = '\0';
        pfx = slash + 1;
    }
    if (!pfx)
        return invalid(error, "address '%s' has no prefix length: write it as IP/PREFIX, e.g. 10.25.100.1/16",
                       ip_arg);
    struct in_addr a;
    if (inet_pton(AF_INET, ip, &a) != 1)
        return invalid(error, "'%s' is not an IPv4 address (expected e.g. 10.25.100.1/16)", ip);
    char *end = NULL;
    unsigned long p = g_ascii_isdigit(*pfx) ? strtoul(pfx, &end, 10) : 0;
    if (!g_ascii_isdigit(*pfx) || *end || p < 1 || p > 32)
        return invalid(error, "prefix length '%s' must be a number from 1 to 32", pfx);
    guint32 h = ntohl(a.s_addr);
    if (h == 0 || (h >> 24) == 127 || (h >> 28) >= 14)
        return invalid(error, "%s cannot be a BMC address (unspecified, loopback, multicast or reserved)", ip);
    *address = g_strdup(ip);
    *prefix = (guint)p;
    return TRUE;
}

/* ---- JSON helpers */

static gboolean get_string(json_object *o, const char *key, const char *where, char **out,
                           gboolean required, GError **error)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null)) {
        if (required)
            return invalid(error, "%s: \"%s\" is missing", where, key);
        return TRUE;
    }
    if (!json_object_is_type(v, json_type_string))
        return invalid(error, "%s: \"%s\" must be a string", where, key);
    g_free(*out);
    *out = g_strdup(json_object_get_string(v));
    return TRUE;
}

static gboolean get_uint(json_object *o, const char *key, const char *where, guint *out,
                         gboolean required, GError **error)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v)) {
        if (required)
            return invalid(error, "%s: \"%s\" is missing", where, key);
        return TRUE;
    }
    if (!json_object_is_type(v, json_type_int))
        return invalid(error, "%s: \"%s\" must be a whole number", where, key);
    int64_t n = json_object_get_int64(v);
    if (n < 0 || n > G_MAXUINT32)
        return invalid(error, "%s: \"%s\" is out of range", where, key);
    *out = (guint)n;
    return TRUE;
}

/* Is key a field of the object of scope (settings.def; the top level also holds the objects)? */
gboolean mbmc_config_key_known(enum mbmc_setting_scope scope, const char *key)
{
    if (scope == MBMC_SCOPE_GLOBAL && (!strcmp(key, "proxmox") || !strcmp(key, "redfish") || !strcmp(key, "bmcs")))
        return TRUE;
    return mbmc_setting_by_key(scope, key) != NULL;
}

static gboolean check_keys(json_object *o, const char *where, enum mbmc_setting_scope scope, GError **error)
{
    json_object_object_foreach(o, key, val) {
        (void)val;
        if (!mbmc_config_key_known(scope, key))
            return invalid(error, "%s: unknown field \"%s\" (remove it or check its spelling)", where, key);
    }
    return TRUE;
}

/* "proxmox.poll_ms": a key as the messages name it. */
static char *dotted_key(const struct mbmc_setting *s)
{
    return s->scope == MBMC_SCOPE_GLOBAL || s->scope == MBMC_SCOPE_BMC
               ? g_strdup(s->key)
               : g_strconcat(mbmc_scope_name(s->scope), ".", s->key, NULL);
}

/* The one message for an integer outside its range (settings.def): key, value, what it takes. */
static gboolean out_of_range(GError **error, const char *where, const struct mbmc_setting *s, const char *value)
{
    char range[96];
    mbmc_setting_range_text(s, range, sizeof(range));
    g_autofree char *key = dotted_key(s);
    return invalid(error, "%s%s\"%s\" is %s: expected %s", where ? where : "", where ? ": " : "", key, value,
                   range);
}

/* An optional integer setting of o: absent leaves *out; present must lie in its range. */
static gboolean get_ranged(json_object *o, enum mbmc_setting_id id, const char *where, gint64 *out,
                           GError **error)
{
    const struct mbmc_setting *s = mbmc_setting(id);
    json_object *v;
    if (!json_object_object_get_ex(o, s->key, &v))
        return TRUE;
    gint64 n = json_object_get_int64(v);
    if (!json_object_is_type(v, json_type_int) || !mbmc_setting_in_range(s, n))
        return out_of_range(error, where, s, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
    *out = n;
    return TRUE;
}

/* A model value (from a file or the CLI) against its range; absent (0 or -1) is not checked. */
static gboolean check_range(GError **error, const char *where, enum mbmc_setting_id id, gint64 n, gint64 absent)
{
    const struct mbmc_setting *s = mbmc_setting(id);
    if (n == absent || mbmc_setting_in_range(s, n))
        return TRUE;
    g_autofree char *value = g_strdup_printf("%" G_GINT64_FORMAT, n);
    return out_of_range(error, where, s, value);
}

static gboolean parse_bmc(json_object *o, guint idx, MbmcBmc **out, GError **error)
{
    g_autofree char *where = g_strdup_printf("bmcs[%u]", idx);
    if (!json_object_is_type(o, json_type_object))
        return invalid(error, "%s must be an object", where);
    if (!check_keys(o, where, MBMC_SCOPE_BMC, error))
        return FALSE;
    MbmcBmc *b = g_new0(MbmcBmc, 1);
    g_autofree char *backend = NULL;
    gint64 port = 0;
    if (!get_uint(o, "vmid", where, &b->vmid, TRUE, error) ||
        !get_string(o, "address", where, &b->address, TRUE, error) ||
        !get_uint(o, "prefix", where, &b->prefix, TRUE, error) ||
        !get_string(o, "backend", where, &backend, FALSE, error) ||
        !get_string(o, "qmp", where, &b->qmp, FALSE, error) ||
        !get_string(o, "user", where, &b->user, FALSE, error) ||
        !get_string(o, "password_file", where, &b->password_file, FALSE, error) ||
        !get_string(o, "sol_device", where, &b->sol_device, FALSE, error) ||
        !get_string(o, "discovered", where, &b->discovered, FALSE, error) ||
        !get_string(o, "redfish_cert_file", where, &b->redfish_cert_file, FALSE, error) ||
        !get_string(o, "redfish_key_file", where, &b->redfish_key_file, FALSE, error) ||
        !get_string(o, "cdrom", where, &b->cdrom, FALSE, error) ||
        !get_ranged(o, MBMC_SET_INBAND_PORT, where, &port, error)) {
        mbmc_bmc_free(b);
        return FALSE;
    }
    b->inband_port = (guint)port;
    json_object *rv;
    if (json_object_object_get_ex(o, "redfish", &rv) && !json_object_is_type(rv, json_type_null)) {
        if (!json_object_is_type(rv, json_type_boolean)) {
            mbmc_bmc_free(b);
            return invalid(error, "%s: \"redfish\" must be true or false", where);
        }
        b->redfish = json_object_get_boolean(rv) ? MBMC_SWITCH_ON : MBMC_SWITCH_OFF;
    }
    if (!backend || !strcmp(backend, "proxmox"))
        b->backend = MBMC_BACKEND_KIND_PROXMOX;
    else if (!strcmp(backend, "qmp"))
        b->backend = MBMC_BACKEND_KIND_QMP;
    else {
        mbmc_bmc_free(b);
        return invalid(error, "%s: \"backend\" is \"%s\": use \"proxmox\" or \"qmp\"", where, backend);
    }
    *out = b;
    return TRUE;
}

static gint cmp_bmc(gconstpointer a, gconstpointer b)
{
    const MbmcBmc *x = *(MbmcBmc *const *)a, *y = *(MbmcBmc *const *)b;
    return x->vmid < y->vmid ? -1 : x->vmid > y->vmid;
}

MbmcConfig *mbmc_config_parse(const char *text, const char *source, GError **error)
{
    enum json_tokener_error jerr;
    g_autoptr(json_object) root = json_tokener_parse_verbose(text, &jerr);
    if (!root) {
        invalid(error, "%s is not valid JSON (%s): fix the file or restore a backup; it was not changed",
                source, json_tokener_error_desc(jerr));
        return NULL;
    }
    g_autoptr(MbmcConfig) c = mbmc_config_new();
    g_autofree char *mode = NULL;
    gboolean ok = json_object_is_type(root, json_type_object) ||
                  invalid(error, "%s: the top level must be a JSON object", source);
    ok = ok && check_keys(root, source, MBMC_SCOPE_GLOBAL, error) &&
         get_string(root, "interface", source, &c->interface, TRUE, error) &&
         get_string(root, "mode", source, &mode, FALSE, error) &&
         get_string(root, "user", source, &c->user, FALSE, error) &&
         get_string(root, "password_file", source, &c->password_file, FALSE, error) &&
         get_string(root, "run_dir", source, &c->run_dir, FALSE, error) &&
         get_string(root, "state_dir", source, &c->state_dir, FALSE, error) &&
         get_string(root, "module", source, &c->module, FALSE, error) &&
         get_string(root, "templates", source, &c->templates, FALSE, error) &&
         get_string(root, "ipmi_sim", source, &c->ipmi_sim, FALSE, error);
    if (ok && mode) {
        if (!strcmp(mode, "alias"))
            c->mode = MBMC_MODE_ALIAS;
        else if (!strcmp(mode, "macvlan"))
            c->mode = MBMC_MODE_MACVLAN;
        else
            ok = invalid(error, "%s: \"mode\" is \"%s\": use \"alias\" or \"macvlan\"", source, mode);
    }
    json_object *p, *v;
    if (ok && json_object_object_get_ex(root, "proxmox", &p) && !json_object_is_type(p, json_type_null)) {
        g_autofree char *pw = g_strdup_printf("%s: proxmox", source);
        ok = (json_object_is_type(p, json_type_object) ||
              invalid(error, "%s must be an object", pw)) &&
             check_keys(p, pw, MBMC_SCOPE_PROXMOX, error) &&
             get_string(p, "url", pw, &c->pve_url, TRUE, error) &&
             get_string(p, "token_file", pw, &c->token_file, TRUE, error) &&
             get_string(p, "ca_file", pw, &c->ca_file, FALSE, error) &&
             get_string(p, "fingerprint", pw, &c->fingerprint, FALSE, error);
        if (ok && json_object_object_get_ex(p, "insecure", &v)) {
            if (!json_object_is_type(v, json_type_boolean))
                ok = invalid(error, "%s: \"insecure\" must be true or false", pw);
            else
                c->insecure = json_object_get_boolean(v);
        }
        g_autofree char *policy = NULL;
        ok = ok && get_string(p, "sol_policy", pw, &policy, FALSE, error);
        if (ok && policy && strcmp(policy, "hold") && strcmp(policy, "share"))
            ok = invalid(error, "%s: \"sol_policy\" is \"%s\": use \"hold\" or \"share\"", pw, policy);
        c->sol_share = policy && !strcmp(policy, "share");
        g_autofree char *cauth = NULL;
        ok = ok && get_string(p, "console_user", pw, &c->console_user, FALSE, error) &&
             get_string(p, "console_password_file", pw, &c->console_password_file, FALSE, error) &&
             get_string(p, "console_auth", pw, &cauth, FALSE, error);
        if (ok && cauth && !mbmc_console_auth_parse(cauth, &c->console_auth))
            ok = invalid(error, "%s: \"console_auth\" is \"%s\": use \"auto\", \"token\" or \"ticket\"",
                         pw, cauth);
        gint64 n = 0;
        if (ok && (ok = get_ranged(p, MBMC_SET_SOL_IDLE_SECS, source, &n, error)))
            c->sol_idle_secs = (guint)n;
        if (ok && json_object_object_get_ex(p, "shared_poll", &v)) {
            if (!json_object_is_type(v, json_type_boolean))
                ok = invalid(error, "%s: \"shared_poll\" must be true or false", pw);
            else
                c->pve_shared_poll = json_object_get_boolean(v);
        }
        n = 0;
        if (ok && (ok = get_ranged(p, MBMC_SET_POLL_MS, source, &n, error)))
            c->pve_poll_ms = (guint)n;
        ok = ok && get_string(p, "iso_storage", pw, &c->iso_storage, FALSE, error);
        n = -1;
        if (ok && (ok = get_ranged(p, MBMC_SET_MEDIA_RETENTION, source, &n, error)))
            c->media_retention = (gint)n;
    }
    json_object *r;
    gint64 port = 0;
    if (ok && json_object_object_get_ex(root, "redfish", &r) && !json_object_is_type(r, json_type_null)) {
        g_autofree char *rw = g_strdup_printf("%s: redfish", source);
        ok = (json_object_is_type(r, json_type_object) || invalid(error, "%s must be an object", rw)) &&
             check_keys(r, rw, MBMC_SCOPE_REDFISH, error) &&
             get_ranged(r, MBMC_SET_REDFISH_PORT, source, &port, error) &&
             get_string(r, "cert_file", rw, &c->redfish_cert_file, FALSE, error) &&
             get_string(r, "key_file", rw, &c->redfish_key_file, FALSE, error) &&
             get_string(r, "media_dir", rw, &c->media_dir, FALSE, error);
        if (ok && json_object_object_get_ex(r, "enabled", &v)) {
            if (!json_object_is_type(v, json_type_boolean))
                ok = invalid(error, "%s: \"enabled\" must be true or false", rw);
            else
                c->redfish = json_object_get_boolean(v);
        }
        c->redfish_port = (guint)port;
    }
    if (ok && json_object_object_get_ex(root, "bmcs", &v)) {
        if (!json_object_is_type(v, json_type_array))
            ok = invalid(error, "%s: \"bmcs\" must be an array", source);
        for (size_t i = 0; ok && i < json_object_array_length(v); i++) {
            MbmcBmc *b = NULL;
            ok = parse_bmc(json_object_array_get_idx(v, i), (guint)i, &b, error);
            if (ok)
                g_ptr_array_add(c->bmcs, b);
        }
    }
    if (!ok)
        return NULL;
    g_ptr_array_sort(c->bmcs, cmp_bmc);
    if (!mbmc_config_validate(c, error)) {
        g_prefix_error(error, "%s: ", source);
        return NULL;
    }
    return g_steal_pointer(&c);
}

MbmcConfig *mbmc_config_load(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    GError *e = NULL;
    if (!g_file_get_contents(path, &text, NULL, &e)) {
        if (g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
            g_set_error(error, MBMC_CONFIG_ERROR, MBMC_CONFIG_ERROR_NOT_FOUND,
                        "no configuration at %s: run 'multibmc init --interface IF' first "
                        "(or give the right file with -c FILE)", path);
            g_error_free(e);
        } else {
            g_propagate_error(error, e);
        }
        return NULL;
    }
    return mbmc_config_parse(text, path, error);
}

static gboolean is_abs_or_null(const char *p) { return !p || g_path_is_absolute(p); }

gboolean mbmc_config_validate(const MbmcConfig *c, GError **error)
{
    if (!c->interface || !*c->interface || strlen(c->interface) >= 16 || strchr(c->interface, '/') ||
        strchr(c->interface, ' '))
        return invalid(error, "\"interface\" must name a network interface (at most 15 characters)");
    if (!c->user || !*c->user || strlen(c->user) > 16)
        return invalid(error, "\"user\" (the IPMI login) must be 1 to 16 characters");
    const struct { const char *name, *val; } paths[] = {
        { "password_file", c->password_file }, { "proxmox.token_file", c->token_file },
        { "proxmox.ca_file", c->ca_file }, { "proxmox.console_password_file", c->console_password_file },
        { "run_dir", c->run_dir }, { "state_dir", c->state_dir },
        { "module", c->module }, { "templates", c->templates }, { "ipmi_sim", c->ipmi_sim },
        { "redfish.cert_file", c->redfish_cert_file }, { "redfish.key_file", c->redfish_key_file },
        { "redfish.media_dir", c->media_dir },
    };
    for (guint i = 0; i < G_N_ELEMENTS(paths); i++) {
        if (!is_abs_or_null(paths[i].val))
            return invalid(error, "\"%s\" must be an absolute path (got '%s')", paths[i].name, paths[i].val);
        /* Paths travel in ipmi_sim's space-separated module options and quoted lan.conf lines. */
        if (paths[i].val && strpbrk(paths[i].val, " \t\n\"'\\$#"))
            return invalid(error, "\"%s\" must not contain spaces, quotes, backslashes, $ or #: '%s'",
                           paths[i].name, paths[i].val);
    }
    if (!c->run_dir || !c->state_dir)
        return invalid(error, "\"run_dir\" and \"state_dir\" must be set");
    /* Integers from the CLI as from a file: each in its one range (settings.def). */
    if (!check_range(error, NULL, MBMC_SET_REDFISH_PORT, c->redfish_port, 0) ||
        !check_range(error, NULL, MBMC_SET_POLL_MS, c->pve_poll_ms, 0) ||
        !check_range(error, NULL, MBMC_SET_SOL_IDLE_SECS, c->sol_idle_secs, 0) ||
        !check_range(error, NULL, MBMC_SET_MEDIA_RETENTION, c->media_retention, -1))
        return FALSE;
    if (!c->redfish_cert_file != !c->redfish_key_file)
        return invalid(error, "redfish: cert_file and key_file go together (a PEM certificate and its key)");
    if (c->pve_url) {
        if (!g_str_has_prefix(c->pve_url, "https://") && !g_str_has_prefix(c->pve_url, "http://"))
            return invalid(error, "\"proxmox.url\" must look like https://pve-host:8006 (got '%s')", c->pve_url);
        if (!c->token_file)
            return invalid(error, "\"proxmox.token_file\" is required with proxmox.url");
        int n = !!c->ca_file + !!c->fingerprint + !!c->insecure;
        if (n > 1)
            return invalid(error, "proxmox: use only one of ca_file, fingerprint and insecure");
        unsigned char pin[PVE_FINGERPRINT_BYTES];
        if (c->fingerprint && pve_fingerprint_parse(c->fingerprint, pin))
            return invalid(error, "\"proxmox.fingerprint\" must be " PVE_FINGERPRINT_HINT);
        g_autoptr(GError) uerr = NULL;
        if (c->console_user && !mbmc_pve_userid_check(c->console_user, &uerr))
            return invalid(error, "\"proxmox.console_user\": %s", uerr->message);
        if (!c->console_user != !c->console_password_file)
            return invalid(error, "proxmox: console_user and console_password_file go together "
                                  "(multibmc init --console-user USER@REALM --console-password-file F)");
        if (c->console_auth == MBMC_CONSOLE_AUTH_TICKET && !c->console_user)
            return invalid(error, "proxmox: console_auth \"ticket\" needs console_user and "
                                  "console_password_file");
        if (c->iso_storage && !pve_storage_id_ok(c->iso_storage))
            return invalid(error, "\"proxmox.iso_storage\" must be a Proxmox storage id, like local or "
                                  "isos (got '%s')", c->iso_storage);
    } else if (c->console_user || c->console_password_file) {
        return invalid(error, "console_user and console_password_file belong to the proxmox settings "
                              "(set proxmox.url and proxmox.token_file too)");
    }
    for (guint i = 0; i < c->bmcs->len; i++) {
        const MbmcBmc *b = g_ptr_array_index(c->bmcs, i);
        g_autofree char *where = g_strdup_printf("BMC %u", b->vmid);
        g_autofree char *addr = NULL;
        guint prefix;
        g_autofree char *pstr = g_strdup_printf("%u", b->prefix);
        if (!check_range(error, "bmcs", MBMC_SET_VMID, b->vmid, -1) ||
            !check_range(error, where, MBMC_SET_INBAND_PORT, b->inband_port, 0))
            return FALSE;
        if (!mbmc_parse_address(b->address, pstr, &addr, &prefix, error)) {
            g_prefix_error(error, "%s: ", where);
            return FALSE;
        }
        if (b->backend == MBMC_BACKEND_KIND_QMP && (!b->qmp || !g_path_is_absolute(b->qmp)))
            return invalid(error, "%s: the qmp backend needs \"qmp\", the absolute path of the QMP socket", where);
        if ((b->qmp && strpbrk(b->qmp, " \t\n\"'\\$#")) ||
            (b->password_file && strpbrk(b->password_file, " \t\n\"'\\$#")) ||
            (b->sol_device && strpbrk(b->sol_device, " \t\n\"'\\$#")))
            return invalid(error, "%s: qmp, password_file and sol_device must not contain spaces, quotes, "
                                  "backslashes, $ or #", where);
        if (b->inband_port && b->backend != MBMC_BACKEND_KIND_QMP)
            return invalid(error, "%s: \"inband_port\": only a local QEMU (qmp backend) can have an "
                                  "in-band link", where);
        if (b->backend == MBMC_BACKEND_KIND_PROXMOX && !c->pve_url)
            return invalid(error, "%s: the proxmox backend needs proxmox.url and proxmox.token_file "
                                  "(multibmc init --pve-url URL --token-file F)", where);
        if (!is_abs_or_null(b->password_file))
            return invalid(error, "%s: \"password_file\" must be an absolute path", where);
        if (b->discovered && (!*b->discovered || strlen(b->discovered) > 1024 || strpbrk(b->discovered, "\n\r")))
            return invalid(error, "%s: \"discovered\" must be one line of at most 1024 characters (the "
                                  "selection of multibmc discover)", where);
        if (!is_abs_or_null(b->redfish_cert_file) || !is_abs_or_null(b->redfish_key_file) ||
            (b->redfish_cert_file && strpbrk(b->redfish_cert_file, " \t\n\"'\\$#")) ||
            (b->redfish_key_file && strpbrk(b->redfish_key_file, " \t\n\"'\\$#")))
            return invalid(error, "%s: redfish_cert_file and redfish_key_file must be absolute paths "
                                  "without spaces, quotes, backslashes, $ or #", where);
        if (!b->redfish_cert_file != !b->redfish_key_file)
            return invalid(error, "%s: redfish_cert_file and redfish_key_file go together", where);
        if (b->cdrom && b->backend == MBMC_BACKEND_KIND_QMP &&
            (!*b->cdrom || strlen(b->cdrom) > 64 ||
             strspn(b->cdrom, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") != strlen(b->cdrom)))
            return invalid(error, "%s: \"cdrom\" is the QEMU device id of the VM's CD-ROM drive "
                                  "(letters, digits, - _ .)", where);
        if (b->cdrom && b->backend == MBMC_BACKEND_KIND_PROXMOX && !pve_cdrom_key_ok(b->cdrom))
            return invalid(error, "%s: \"cdrom\" is the Proxmox drive of the VM's CD-ROM: ide0-ide3, "
                                  "sata0-sata5 or scsi0-scsi30 (got '%s')", where, b->cdrom);
        if (b->user && (!*b->user || strlen(b->user) > 16))
            return invalid(error, "%s: \"user\" must be 1 to 16 characters", where);
        if (!b->password_file && !c->password_file)
            return invalid(error, "%s: no IPMI password: set password_file globally "
                                  "(init --password-file F) or for this BMC", where);
        for (guint j = 0; j < i; j++) {
            const MbmcBmc *o = g_ptr_array_index(c->bmcs, j);
            if (o->vmid == b->vmid)
                return invalid(error, "VMID %u appears twice: remove one entry", b->vmid);
            if (!strcmp(o->address, b->address))
                return invalid(error, "address %s is used by both VMID %u and %u: give each BMC its own IP",
                               b->address, o->vmid, b->vmid);
            if (b->inband_port && o->inband_port == b->inband_port)
                return invalid(error, "in-band port %u is used by both VMID %u and %u: give each BMC its own",
                               b->inband_port, o->vmid, b->vmid);
        }
    }
    return TRUE;
}

static void put_str(json_object *o, const char *k, const char *v)
{
    if (v)
        json_object_object_add(o, k, json_object_new_string(v));
}

static json_object *bmc_to_json(const MbmcBmc *b)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "vmid", json_object_new_int64(b->vmid));
    put_str(o, "address", b->address);
    json_object_object_add(o, "prefix", json_object_new_int64(b->prefix));
    put_str(o, "backend", mbmc_backend_kind_name(b->backend));
    put_str(o, "qmp", b->qmp);
    put_str(o, "user", b->user);
    put_str(o, "password_file", b->password_file);
    put_str(o, "sol_device", b->sol_device);
    put_str(o, "discovered", b->discovered);
    if (b->redfish != MBMC_SWITCH_DEFAULT)
        json_object_object_add(o, "redfish", json_object_new_boolean(b->redfish == MBMC_SWITCH_ON));
    put_str(o, "redfish_cert_file", b->redfish_cert_file);
    put_str(o, "redfish_key_file", b->redfish_key_file);
    put_str(o, "cdrom", b->cdrom);
    if (b->inband_port)
        json_object_object_add(o, "inband_port", json_object_new_int64(b->inband_port));
    return o;
}

static json_object *config_to_json(const MbmcConfig *c)
{
    json_object *root = json_object_new_object();
    put_str(root, "interface", c->interface);
    put_str(root, "mode", mbmc_mode_name(c->mode));
    put_str(root, "user", c->user);
    put_str(root, "password_file", c->password_file);
    if (c->pve_url) {
        json_object *p = json_object_new_object();
        put_str(p, "url", c->pve_url);
        put_str(p, "token_file", c->token_file);
        put_str(p, "ca_file", c->ca_file);
        put_str(p, "fingerprint", c->fingerprint);
        if (c->insecure)
            json_object_object_add(p, "insecure", json_object_new_boolean(1));
        if (c->sol_share)
            put_str(p, "sol_policy", "share");
        if (c->sol_idle_secs)
            json_object_object_add(p, "sol_idle_secs", json_object_new_int((int)c->sol_idle_secs));
        put_str(p, "console_user", c->console_user);
        put_str(p, "console_password_file", c->console_password_file);
        if (c->console_auth != MBMC_CONSOLE_AUTH_AUTO)
            put_str(p, "console_auth", mbmc_console_auth_name(c->console_auth));
        if (!c->pve_shared_poll)
            json_object_object_add(p, "shared_poll", json_object_new_boolean(0));
        if (c->pve_poll_ms)
            json_object_object_add(p, "poll_ms", json_object_new_int((int)c->pve_poll_ms));
        put_str(p, "iso_storage", c->iso_storage);
        if (c->media_retention >= 0)
            json_object_object_add(p, "media_retention", json_object_new_int(c->media_retention));
        json_object_object_add(root, "proxmox", p);
    }
    put_str(root, "run_dir", c->run_dir);
    put_str(root, "state_dir", c->state_dir);
    put_str(root, "module", c->module);
    put_str(root, "templates", c->templates);
    put_str(root, "ipmi_sim", c->ipmi_sim);
    if (c->redfish || c->redfish_port || c->redfish_cert_file || c->media_dir) {
        json_object *r = json_object_new_object();
        json_object_object_add(r, "enabled", json_object_new_boolean(c->redfish));
        if (c->redfish_port)
            json_object_object_add(r, "port", json_object_new_int((int)c->redfish_port));
        put_str(r, "cert_file", c->redfish_cert_file);
        put_str(r, "key_file", c->redfish_key_file);
        put_str(r, "media_dir", c->media_dir);
        json_object_object_add(root, "redfish", r);
    }
    json_object *arr = json_object_new_array();
    for (guint i = 0; i < c->bmcs->len; i++)
        json_object_array_add(arr, bmc_to_json(g_ptr_array_index(c->bmcs, i)));
    json_object_object_add(root, "bmcs", arr);
    return root;
}

char *mbmc_config_to_json(const MbmcConfig *c)
{
    g_autoptr(json_object) root = config_to_json(c);
    char *s = g_strconcat(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                                JSON_C_TO_STRING_SPACED |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE),
                          "\n", NULL);
    return s;
}

/* Do the settings of obj's scope that carry cmp hold the same value in a and b? Compared as
 * saved (to_json), so a setting is compared the way it is written, absent equal to absent. */
static gboolean scope_equal(json_object *a, json_object *b, enum mbmc_setting_scope scope, unsigned cmp)
{
    for (guint i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (s->scope != scope || !(s->cmp & cmp) || !s->key)
            continue;
        json_object *va = NULL, *vb = NULL;
        if (a)
            json_object_object_get_ex(a, s->key, &va);
        if (b)
            json_object_object_get_ex(b, s->key, &vb);
        if (!json_object_equal(va, vb))
            return FALSE;
    }
    return TRUE;
}

static json_object *scope_object(json_object *root, enum mbmc_setting_scope scope)
{
    json_object *o = NULL;
    if (scope == MBMC_SCOPE_GLOBAL)
        return root;
    json_object_object_get_ex(root, mbmc_scope_name(scope), &o);
    return o;
}

gboolean mbmc_config_settings_equal(const MbmcConfig *a, const MbmcConfig *b, unsigned cmp)
{
    g_autoptr(json_object) ja = config_to_json(a);
    g_autoptr(json_object) jb = config_to_json(b);
    static const enum mbmc_setting_scope scopes[] = { MBMC_SCOPE_GLOBAL, MBMC_SCOPE_PROXMOX, MBMC_SCOPE_REDFISH };
    for (guint i = 0; i < G_N_ELEMENTS(scopes); i++)
        if (!scope_equal(scope_object(ja, scopes[i]), scope_object(jb, scopes[i]), scopes[i], cmp))
            return FALSE;
    return TRUE;
}

gboolean mbmc_bmc_settings_equal(const MbmcBmc *a, const MbmcBmc *b, unsigned cmp)
{
    g_autoptr(json_object) ja = bmc_to_json(a);
    g_autoptr(json_object) jb = bmc_to_json(b);
    return scope_equal(ja, jb, MBMC_SCOPE_BMC, cmp);
}

gboolean mbmc_config_save(const MbmcConfig *c, const char *path, GError **error)
{
    if (!mbmc_config_validate(c, error))
        return FALSE;
    g_autofree char *json = mbmc_config_to_json(c);
    g_autofree char *dir = g_path_get_dirname(path);
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        int e = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot create %s: %s", dir, g_strerror(e));
        return FALSE;
    }
    if (!mbmc_write_file_atomic(path, json, strlen(json), 0600, error)) {
        g_prefix_error(error, "configuration not saved, %s is unchanged: ", path);
        return FALSE;
    }
    return TRUE;
}

MbmcBmc *mbmc_config_find(const MbmcConfig *c, guint vmid)
{
    for (guint i = 0; i < c->bmcs->len; i++) {
        MbmcBmc *b = g_ptr_array_index(c->bmcs, i);
        if (b->vmid == vmid)
            return b;
    }
    return NULL;
}

MbmcBmc *mbmc_config_find_address(const MbmcConfig *c, const char *address)
{
    for (guint i = 0; i < c->bmcs->len; i++) {
        MbmcBmc *b = g_ptr_array_index(c->bmcs, i);
        if (!strcmp(b->address, address))
            return b;
    }
    return NULL;
}

gboolean mbmc_config_add(MbmcConfig *c, MbmcBmc *b, GError **error)
{
    if (mbmc_config_find(c, b->vmid)) {
        g_set_error(error, MBMC_CONFIG_ERROR, MBMC_CONFIG_ERROR_CONFLICT,
                    "VMID %u already has a BMC: 'multibmc del %u' first to replace it", b->vmid, b->vmid);
        return FALSE;
    }
    MbmcBmc *o = mbmc_config_find_address(c, b->address);
    if (o) {
        g_set_error(error, MBMC_CONFIG_ERROR, MBMC_CONFIG_ERROR_CONFLICT,
                    "address %s is already the BMC of VMID %u: choose another IP", b->address, o->vmid);
        return FALSE;
    }
    g_ptr_array_add(c->bmcs, b);
    g_ptr_array_sort(c->bmcs, cmp_bmc);
    if (!mbmc_config_validate(c, error)) {
        guint idx;
        if (g_ptr_array_find(c->bmcs, b, &idx))
            g_ptr_array_steal_index(c->bmcs, idx);   /* the caller still owns it */
        return FALSE;
    }
    return TRUE;
}

gboolean mbmc_config_remove(MbmcConfig *c, guint vmid, GError **error)
{
    MbmcBmc *b = mbmc_config_find(c, vmid);
    if (!b) {
        g_set_error(error, MBMC_CONFIG_ERROR, MBMC_CONFIG_ERROR_NOT_FOUND,
                    "VMID %u has no BMC ('multibmc list' shows the configured ones)", vmid);
        return FALSE;
    }
    g_ptr_array_remove(c->bmcs, b);
    return TRUE;
}

int mbmc_config_lock(const char *path, GError **error)
{
    g_autofree char *lock = g_strconcat(path, ".lock", NULL);
    g_autofree char *dir = g_path_get_dirname(path);
    g_mkdir_with_parents(dir, 0755);
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot open lock file %s: %s", lock,
                    g_strerror(e));
        return -1;
    }
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            int e = errno;
            close(fd);
            g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "cannot lock %s: %s", lock, g_strerror(e));
            return -1;
        }
    }
    return fd;
}

void mbmc_config_unlock(int fd)
{
    if (fd >= 0)
        close(fd);
}

guint mbmc_config_free_inband_port(const MbmcConfig *c)
{
    for (guint port = MBMC_INBAND_BASE_PORT; port < 65536; port++) {
        gboolean used = FALSE;
        for (guint i = 0; i < c->bmcs->len && !used; i++)
            used = ((const MbmcBmc *)g_ptr_array_index(c->bmcs, i))->inband_port == port;
        if (!used)
            return port;
    }
    return 0;
}
