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

#include "config_fields.h"
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
    mbmc_fields_init(c, MBMC_FIELDS_CONFIG);
    /* The table's defaults are numbers; these three strings are what an absent key means. */
    c->user = g_strdup("admin");
    c->run_dir = g_strdup(DEFAULT_RUN_DIR);
    c->state_dir = g_strdup(DEFAULT_STATE_DIR);
    c->bmcs = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_bmc_free);
    return c;
}

void mbmc_bmc_free(MbmcBmc *b)
{
    if (!b)
        return;
    mbmc_fields_free(b, MBMC_FIELDS_BMC);
    g_free(b);
}

MbmcBmc *mbmc_bmc_copy(const MbmcBmc *b)
{
    MbmcBmc *c = g_new0(MbmcBmc, 1);
    *c = *b;
    mbmc_fields_copy(c, b, MBMC_FIELDS_BMC);
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
    mbmc_fields_free(c, MBMC_FIELDS_CONFIG);
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

/* ---- reading the file: each object's keys are the table's (config_fields.c reads them) */

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

/* One JSON object of scope into obj: no key the table does not know, each key as its TYPE. */
static gboolean parse_object(json_object *o, enum mbmc_setting_scope scope, void *obj, const char *where,
                             const char *top, GError **error)
{
    if (!json_object_is_type(o, json_type_object))
        return invalid(error, "%s must be an object", where);
    return check_keys(o, where, scope, error) && mbmc_fields_read(o, scope, obj, where, top, error);
}

static gboolean parse_bmc(json_object *o, guint idx, MbmcBmc **out, GError **error)
{
    g_autofree char *where = g_strdup_printf("bmcs[%u]", idx);
    MbmcBmc *b = g_new0(MbmcBmc, 1);
    mbmc_fields_init(b, MBMC_FIELDS_BMC);
    if (!parse_object(o, MBMC_SCOPE_BMC, b, where, where, error)) {
        mbmc_bmc_free(b);
        return FALSE;
    }
    *out = b;
    return TRUE;
}

static gint cmp_bmc(gconstpointer a, gconstpointer b)
{
    const MbmcBmc *x = *(MbmcBmc *const *)a, *y = *(MbmcBmc *const *)b;
    return x->vmid < y->vmid ? -1 : x->vmid > y->vmid;
}

/* The objects of the top level that hold settings (a null one is as good as absent). */
static const enum mbmc_setting_scope sub_objects[] = { MBMC_SCOPE_PROXMOX, MBMC_SCOPE_REDFISH };

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
    if (!json_object_is_type(root, json_type_object)) {
        invalid(error, "%s: the top level must be a JSON object", source);
        return NULL;
    }
    gboolean ok = parse_object(root, MBMC_SCOPE_GLOBAL, c, source, source, error);
    json_object *v;
    for (guint i = 0; ok && i < G_N_ELEMENTS(sub_objects); i++) {
        const char *name = mbmc_scope_name(sub_objects[i]);
        g_autofree char *where = g_strdup_printf("%s: %s", source, name);
        if (json_object_object_get_ex(root, name, &v) && v)
            ok = parse_object(v, sub_objects[i], c, where, source, error);
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
    /* Paths and integers from the CLI as from a file: the table's PATH and each INT's range. */
    if (!mbmc_fields_check_paths(c, error) || !mbmc_fields_check_ranges(c, MBMC_FIELDS_CONFIG, NULL, error))
        return FALSE;
    if (!c->run_dir || !c->state_dir)
        return invalid(error, "\"run_dir\" and \"state_dir\" must be set");
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
        if (!mbmc_fields_check_ranges(b, MBMC_FIELDS_BMC, where, error))
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

/* ---- writing the file: the table's order, each setting unless it has its default */

static json_object *object_to_json(enum mbmc_setting_scope scope, const void *obj)
{
    json_object *o = json_object_new_object();
    for (guint i = 0; i < MBMC_SET_COUNT; i++)
        if (mbmc_setting(i)->scope == scope)
            mbmc_field_write(o, mbmc_setting(i), obj);
    return o;
}

static json_object *bmc_to_json(const MbmcBmc *b)
{
    return object_to_json(MBMC_SCOPE_BMC, b);
}

/* Is the proxmox or redfish object saved? One with required keys (proxmox: url, token_file)
 * when they are set, as the parser refuses it without them; one without (redfish) when any of
 * its settings is not its default. */
static gboolean object_saved(enum mbmc_setting_scope scope, const MbmcConfig *c)
{
    gboolean has_required = FALSE, any_set = FALSE;
    for (guint i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (s->scope != scope)
            continue;
        gboolean set = !mbmc_field_is_default(s, c);
        if (mbmc_setting_required(s) && !set)
            return FALSE;
        has_required = has_required || mbmc_setting_required(s);
        any_set = any_set || set;
    }
    return has_required || any_set;
}

static json_object *config_to_json(const MbmcConfig *c)
{
    json_object *root = json_object_new_object();
    gboolean placed[G_N_ELEMENTS(sub_objects)] = { FALSE };
    for (guint i = 0; i < MBMC_SET_COUNT; i++) {
        const struct mbmc_setting *s = mbmc_setting(i);
        if (s->scope == MBMC_SCOPE_GLOBAL)
            mbmc_field_write(root, s, c);
        /* An object goes where the table has its first setting. */
        for (guint k = 0; k < G_N_ELEMENTS(sub_objects); k++) {
            if (s->scope != sub_objects[k] || placed[k])
                continue;
            placed[k] = TRUE;
            if (object_saved(s->scope, c))
                json_object_object_add(root, mbmc_scope_name(s->scope), object_to_json(s->scope, c));
        }
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
