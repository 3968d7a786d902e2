/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "options.h"

#include "pve_fingerprint.h"
#include "pve_names.h"
#include "settings.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *mbmc_backend_name(enum mbmc_backend_kind kind)
{
    switch (kind) {
    case MBMC_BACKEND_QMP: return "qmp";
    case MBMC_BACKEND_PROXMOX: return "proxmox";
    default: return "none";
    }
}

static int parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "true")) { *out = true; return 0; }
    if (!strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "false")) { *out = false; return 0; }
    return -1;
}

static int set_str(char **slot, const char *v)
{
    free(*slot);
    *slot = strdup(v);
    return *slot ? 0 : -1;
}

#define BAD(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static int keep_str(char **slot, const char *v, char *err, size_t errlen)
{
    if (set_str(slot, v))
        BAD("out of memory");
    return 0;
}

/* A path the module must find wherever ipmi_sim runs: absolute. hint says which file. */
static int keep_abs_path(const struct mbmc_setting *s, char **slot, const char *v, const char *hint, char *err,
                         size_t errlen)
{
    if (v[0] != '/')
        BAD("option %s=%s: expected an absolute path%s", s->option, v, hint);
    return keep_str(slot, v, err, errlen);
}

/* An INT option into its slot, or the one message every program gives for its range. */
static int parse_int(const struct mbmc_setting *s, const char *v, unsigned *out, char *err, size_t errlen)
{
    if (!mbmc_setting_parse_uint(s, v, out))
        return 0;
    char range[96];
    mbmc_setting_range_text(s, range, sizeof(range));
    BAD("option %s=%s: expected %s", s->option, v, range);
}

static int parse_flag(const struct mbmc_setting *s, const char *v, bool *out, char *err, size_t errlen)
{
    if (!parse_bool(v, out))
        return 0;
    BAD("option %s=%s: expected 1 or 0", s->option, v);
}

/* An ENUM option: the index of its word in the table, or the one message for its words. */
static int parse_enum(const struct mbmc_setting *s, const char *v, int *out, char *err, size_t errlen)
{
    if ((*out = mbmc_setting_enum_value(s, v)) >= 0)
        return 0;
    char words[128];
    mbmc_setting_enum_text(s, "", words, sizeof(words));
    BAD("option %s=%s: expected %s", s->option, v, words);
}

/* One key=value, known to the table (settings.def), into o. */
static int parse_value(const struct mbmc_setting *s, const char *v, struct mbmc_options *o, char *err,
                       size_t errlen)
{
    switch (s->id) {
    case MBMC_SET_BACKEND: {
        int word;       /* the words are in the kinds' order after NONE (options.h) */
        if (parse_enum(s, v, &word, err, errlen))
            return -1;
        o->backend = (enum mbmc_backend_kind)(word + 1);
        return 0;
    }
    case MBMC_SET_VMID:
        return parse_int(s, v, &o->vmid, err, errlen);
    case MBMC_SET_PVE_URL:
        if (strncmp(v, "https://", 8) && strncmp(v, "http://", 7))
            BAD("option url=%s: expected https://host:8006", v);
        return keep_str(&o->url, v, err, errlen);
    case MBMC_SET_TOKEN_FILE:
        return keep_str(&o->token_file, v, err, errlen);
    case MBMC_SET_CA_FILE:
        return keep_str(&o->ca_file, v, err, errlen);
    case MBMC_SET_FINGERPRINT: {
        unsigned char pin[PVE_FINGERPRINT_BYTES];
        if (pve_fingerprint_parse(v, pin))
            BAD("option fingerprint: expected " PVE_FINGERPRINT_HINT);
        return keep_str(&o->fingerprint, v, err, errlen);
    }
    case MBMC_SET_INSECURE:
        return parse_flag(s, v, &o->insecure, err, errlen);
    case MBMC_SET_NODE:
        return keep_str(&o->node, v, err, errlen);
    case MBMC_SET_QMP:
        return keep_str(&o->qmp, v, err, errlen);
    case MBMC_SET_POLL_MS:
        return parse_int(s, v, &o->poll_ms, err, errlen);
    case MBMC_SET_STATE_TABLE:
        return keep_abs_path(s, &o->state_table, v, " (the supervisor's <run_dir>/pve-state)", err, errlen);
    case MBMC_SET_LOG:
        return keep_str(&o->log, v, err, errlen);
    case MBMC_SET_STATUS:
        return keep_str(&o->status, v, err, errlen);
    case MBMC_SET_BMC_STATE_DIR:
        return keep_str(&o->state_dir, v, err, errlen);
    case MBMC_SET_POWER_RESTORE: {
        int word;       /* the words are in the policy's order (options.h) */
        if (parse_enum(s, v, &word, err, errlen))
            return -1;
        o->restore_policy = (enum mbmc_restore_policy)word;
        return 0;
    }
    case MBMC_SET_RESTORE_PENDING:
        return keep_abs_path(s, &o->restore_pending, v,
                             " (a file the supervisor creates after a host boot)", err, errlen);
    case MBMC_SET_SEL_ENTRIES:
        return parse_int(s, v, &o->sel_entries, err, errlen);
    case MBMC_SET_LOCKOUT_FAILURES:
        return parse_int(s, v, &o->lockout.failures, err, errlen);
    case MBMC_SET_LOCKOUT_WINDOW:
        return parse_int(s, v, &o->lockout.window, err, errlen);
    case MBMC_SET_LOCKOUT_SECONDS:
        return parse_int(s, v, &o->lockout.lockout, err, errlen);
    case MBMC_SET_SOL_STALL_FIX:
        return parse_flag(s, v, &o->sol_stall_fix, err, errlen);
    case MBMC_SET_SOL_HISTORY:
        return keep_abs_path(s, &o->sol_history, v, " (the BMC's state directory/console-history)", err,
                             errlen);
    case MBMC_SET_SOL_HISTORY_SIZE:
        return parse_int(s, v, &o->sol_history_size, err, errlen);
    case MBMC_SET_DEBUG:
        return parse_flag(s, v, &o->debug, err, errlen);
    case MBMC_SET_REDFISH_ADDR: {
        struct in_addr a4;
        struct in6_addr a6;
        if (inet_pton(AF_INET, v, &a4) != 1 && inet_pton(AF_INET6, v, &a6) != 1)
            BAD("option redfish-addr=%s: expected the BMC's IP address", v);
        return keep_str(&o->redfish_addr, v, err, errlen);
    }
    case MBMC_SET_REDFISH_PORT:
        return parse_int(s, v, &o->redfish_port, err, errlen);
    case MBMC_SET_REDFISH_CERT_FILE:
        return keep_abs_path(s, &o->redfish_cert, v, " (PEM certificate)", err, errlen);
    case MBMC_SET_REDFISH_KEY_FILE:
        return keep_abs_path(s, &o->redfish_key, v, " (PEM private key)", err, errlen);
    case MBMC_SET_MEDIA_DIR:
        return keep_abs_path(s, &o->media_dir, v, "", err, errlen);
    case MBMC_SET_CDROM:
        if (!*v || strlen(v) > 64 || strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789-_.") != strlen(v))
            BAD("option cdrom=%s: expected a QEMU device id (letters, digits, - _ .) or a "
                "Proxmox drive (ide2)", v);
        return keep_str(&o->cdrom, v, err, errlen);
    case MBMC_SET_ISO_STORAGE:
        if (!pve_storage_id_ok(v))
            BAD("option iso-storage=%s: expected a Proxmox storage id (like local or isos)", v);
        return keep_str(&o->iso_storage, v, err, errlen);
    case MBMC_SET_MEDIA_RETENTION:
        return parse_int(s, v, &o->media_retention, err, errlen);
    default:
        /* A module option in settings.def this parser does not take: test_settings fails. */
        BAD("option %s is not taken by this module", s->option);
    }
}

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); goto fail; } while (0)

int mbmc_options_parse(const char *str, struct mbmc_options *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof(*o));
    o->poll_ms = (unsigned)mbmc_setting(MBMC_SET_POLL_MS)->def;
    o->sol_stall_fix = mbmc_setting(MBMC_SET_SOL_STALL_FIX)->def;
    o->restore_policy = (enum mbmc_restore_policy)mbmc_setting(MBMC_SET_POWER_RESTORE)->def;
    o->redfish_port = (unsigned)mbmc_setting(MBMC_SET_REDFISH_PORT)->def;
    o->media_retention = (unsigned)mbmc_setting(MBMC_SET_MEDIA_RETENTION)->def;
    o->sel_entries = (unsigned)mbmc_setting(MBMC_SET_SEL_ENTRIES)->def;
    o->lockout = (struct mbmc_lockout_cfg){ (unsigned)mbmc_setting(MBMC_SET_LOCKOUT_FAILURES)->def,
                                            (unsigned)mbmc_setting(MBMC_SET_LOCKOUT_WINDOW)->def,
                                            (unsigned)mbmc_setting(MBMC_SET_LOCKOUT_SECONDS)->def };
    char *copy = strdup(str ? str : "");
    if (!copy) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    char *save = NULL;
    for (char *tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq || eq == tok)
            FAIL("option '%s' is not key=value", tok);
        *eq = '\0';
        const char *k = tok, *v = eq + 1;
        const struct mbmc_setting *s = mbmc_setting_by_option(k);
        if (!s) {
            char known[768];
            mbmc_settings_option_list(known, sizeof(known));
            FAIL("unknown option '%s' (known: %s)", k, known);
        }
        if (parse_value(s, v, o, err, errlen))
            goto fail;
    }

    if (!o->redfish_cert != !o->redfish_key)
        FAIL("options redfish-cert and redfish-key go together (a PEM certificate and its key)");
    if ((o->redfish_cert || o->media_dir) && !o->redfish_addr)
        FAIL("options redfish-cert, redfish-key and media-dir need redfish-addr= (Redfish on)");
    switch (o->backend) {
    case MBMC_BACKEND_NONE:
        FAIL("option backend= is required (qmp or proxmox)");
    case MBMC_BACKEND_QMP:
        if (!o->qmp)
            FAIL("backend=qmp needs qmp=/path/to/qmp.sock");
        if (o->state_table)
            FAIL("option state-table= is for backend=proxmox only");
        if (!o->cdrom && !(o->cdrom = strdup(MBMC_DEFAULT_CDROM)))
            FAIL("out of memory");
        if (o->iso_storage)
            FAIL("option iso-storage= is for backend=proxmox only (QEMU reads the image itself)");
        break;
    case MBMC_BACKEND_PROXMOX:
        if (!o->vmid)
            FAIL("backend=proxmox needs vmid=");
        if (!o->url)
            FAIL("backend=proxmox needs url=https://host:8006");
        if (!o->token_file)
            FAIL("backend=proxmox needs token-file=");
        if ((o->ca_file != NULL) + (o->fingerprint != NULL) + o->insecure > 1)
            FAIL("options ca-file, fingerprint and insecure exclude each other");
        if (o->cdrom && !pve_cdrom_key_ok(o->cdrom))
            FAIL("option cdrom=%s: a Proxmox CD-ROM drive is ide0-ide3, sata0-sata5 or "
                 "scsi0-scsi30", o->cdrom);
        break;
    }
    free(copy);
    return 0;
fail:
    free(copy);
    mbmc_options_free(o);
    return -1;
}

void mbmc_options_free(struct mbmc_options *o)
{
    free(o->url);
    free(o->token_file);
    free(o->ca_file);
    free(o->fingerprint);
    free(o->node);
    free(o->iso_storage);
    free(o->qmp);
    free(o->state_table);
    free(o->log);
    free(o->status);
    free(o->state_dir);
    free(o->redfish_addr);
    free(o->redfish_cert);
    free(o->redfish_key);
    free(o->media_dir);
    free(o->cdrom);
    free(o->restore_pending);
    free(o->sol_history);
    memset(o, 0, sizeof(*o));
}
