/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "options.h"

#include "pve_fingerprint.h"
#include "pve_names.h"

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

static int parse_uint(const char *v, unsigned min, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    if (!*v || *v == '-' || *v == '+')
        return -1;
    unsigned long n = strtoul(v, &end, 10);
    if (errno || *end || n < min || n > max)
        return -1;
    *out = (unsigned)n;
    return 0;
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

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); goto fail; } while (0)

int mbmc_options_parse(const char *str, struct mbmc_options *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof(*o));
    o->poll_ms = MBMC_DEFAULT_POLL_MS;
    o->sol_stall_fix = true;
    o->restore_policy = MBMC_RESTORE_PREVIOUS;
    o->redfish_port = MBMC_DEFAULT_REDFISH_PORT;
    o->media_retention = MBMC_DEFAULT_MEDIA_RETENTION;
    o->sel_entries = MBMC_DEFAULT_SEL_ENTRIES;
    o->lockout = (struct mbmc_lockout_cfg){ MBMC_LOCKOUT_DEFAULT_FAILURES,
                                            MBMC_LOCKOUT_DEFAULT_WINDOW,
                                            MBMC_LOCKOUT_DEFAULT_SECONDS };
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
        if (!strcmp(k, "backend")) {
            if (!strcmp(v, "qmp")) o->backend = MBMC_BACKEND_QMP;
            else if (!strcmp(v, "proxmox")) o->backend = MBMC_BACKEND_PROXMOX;
            else FAIL("option backend=%s: expected qmp or proxmox", v);
        } else if (!strcmp(k, "vmid")) {
            if (parse_uint(v, 1, 999999999, &o->vmid))
                FAIL("option vmid=%s: expected a VM id from 1 to 999999999", v);
        } else if (!strcmp(k, "url")) {
            if (strncmp(v, "https://", 8) && strncmp(v, "http://", 7))
                FAIL("option url=%s: expected https://host:8006", v);
            set_str(&o->url, v);
        } else if (!strcmp(k, "token-file")) {
            set_str(&o->token_file, v);
        } else if (!strcmp(k, "ca-file")) {
            set_str(&o->ca_file, v);
        } else if (!strcmp(k, "fingerprint")) {
            unsigned char pin[PVE_FINGERPRINT_BYTES];
            if (pve_fingerprint_parse(v, pin))
                FAIL("option fingerprint: expected " PVE_FINGERPRINT_HINT);
            set_str(&o->fingerprint, v);
        } else if (!strcmp(k, "insecure")) {
            if (parse_bool(v, &o->insecure))
                FAIL("option insecure=%s: expected 1 or 0", v);
        } else if (!strcmp(k, "node")) {
            set_str(&o->node, v);
        } else if (!strcmp(k, "qmp")) {
            set_str(&o->qmp, v);
        } else if (!strcmp(k, "poll-ms")) {
            if (parse_uint(v, 100, 3600000, &o->poll_ms))
                FAIL("option poll-ms=%s: expected milliseconds from 100 to 3600000", v);
        } else if (!strcmp(k, "state-table")) {
            if (v[0] != '/')
                FAIL("option state-table=%s: expected an absolute path (the supervisor's "
                     "<run_dir>/pve-state)", v);
            set_str(&o->state_table, v);
        } else if (!strcmp(k, "log")) {
            set_str(&o->log, v);
        } else if (!strcmp(k, "status")) {
            set_str(&o->status, v);
        } else if (!strcmp(k, "state-dir")) {
            set_str(&o->state_dir, v);
        } else if (!strcmp(k, "power-restore")) {
            if (!strcmp(v, "always-off")) o->restore_policy = MBMC_RESTORE_OFF;
            else if (!strcmp(v, "previous")) o->restore_policy = MBMC_RESTORE_PREVIOUS;
            else if (!strcmp(v, "always-on")) o->restore_policy = MBMC_RESTORE_ON;
            else FAIL("option power-restore=%s: expected always-off, previous or always-on", v);
        } else if (!strcmp(k, "restore-pending")) {
            if (v[0] != '/')
                FAIL("option restore-pending=%s: expected an absolute path (a file the supervisor "
                     "creates after a host boot)", v);
            set_str(&o->restore_pending, v);
        } else if (!strcmp(k, "sel-entries")) {
            if (parse_uint(v, 16, 4096, &o->sel_entries))
                FAIL("option sel-entries=%s: expected event log entries from 16 to 4096", v);
        } else if (!strcmp(k, "lockout-failures")) {
            if (parse_uint(v, 0, 1000, &o->lockout.failures))
                FAIL("option lockout-failures=%s: expected failed logins from 0 (no lockout) to 1000", v);
        } else if (!strcmp(k, "lockout-window")) {
            if (parse_uint(v, 1, 3600, &o->lockout.window))
                FAIL("option lockout-window=%s: expected seconds from 1 to 3600", v);
        } else if (!strcmp(k, "lockout-seconds")) {
            if (parse_uint(v, 1, 86400, &o->lockout.lockout))
                FAIL("option lockout-seconds=%s: expected seconds from 1 to 86400", v);
        } else if (!strcmp(k, "sol-stall-fix")) {
            if (parse_bool(v, &o->sol_stall_fix))
                FAIL("option sol-stall-fix=%s: expected 1 or 0", v);
        } else if (!strcmp(k, "sol-history")) {
            if (v[0] != '/')
                FAIL("option sol-history=%s: expected an absolute path (the BMC's state "
                     "directory/console-history)", v);
            set_str(&o->sol_history, v);
        } else if (!strcmp(k, "sol-history-size")) {
            if (parse_uint(v, 1, 16777216, &o->sol_history_size))
                FAIL("option sol-history-size=%s: expected bytes from 1 to 16777216 (the sol "
                     "line's history=)", v);
        } else if (!strcmp(k, "debug")) {
            if (parse_bool(v, &o->debug))
                FAIL("option debug=%s: expected 1 or 0", v);
        } else if (!strcmp(k, "redfish-addr")) {
            struct in_addr a4;
            struct in6_addr a6;
            if (inet_pton(AF_INET, v, &a4) != 1 && inet_pton(AF_INET6, v, &a6) != 1)
                FAIL("option redfish-addr=%s: expected the BMC's IP address", v);
            set_str(&o->redfish_addr, v);
        } else if (!strcmp(k, "redfish-port")) {
            if (parse_uint(v, 1, 65535, &o->redfish_port))
                FAIL("option redfish-port=%s: expected a TCP port from 1 to 65535", v);
        } else if (!strcmp(k, "redfish-cert")) {
            if (v[0] != '/')
                FAIL("option redfish-cert=%s: expected an absolute path (PEM certificate)", v);
            set_str(&o->redfish_cert, v);
        } else if (!strcmp(k, "redfish-key")) {
            if (v[0] != '/')
                FAIL("option redfish-key=%s: expected an absolute path (PEM private key)", v);
            set_str(&o->redfish_key, v);
        } else if (!strcmp(k, "media-dir")) {
            if (v[0] != '/')
                FAIL("option media-dir=%s: expected an absolute path", v);
            set_str(&o->media_dir, v);
        } else if (!strcmp(k, "cdrom")) {
            if (!*v || strlen(v) > 64 || strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                  "0123456789-_.") != strlen(v))
                FAIL("option cdrom=%s: expected a QEMU device id (letters, digits, - _ .) or a "
                     "Proxmox drive (ide2)", v);
            set_str(&o->cdrom, v);
        } else if (!strcmp(k, "iso-storage")) {
            if (!pve_storage_id_ok(v))
                FAIL("option iso-storage=%s: expected a Proxmox storage id (like local or isos)", v);
            set_str(&o->iso_storage, v);
        } else if (!strcmp(k, "media-retention")) {
            if (parse_uint(v, 0, 30 * 86400, &o->media_retention))
                FAIL("option media-retention=%s: expected seconds from 0 to 2592000 (30 days)", v);
        } else {
            FAIL("unknown option '%s' (known: backend vmid url token-file ca-file fingerprint "
                 "insecure node qmp poll-ms state-table log status state-dir power-restore "
                 "restore-pending sel-entries lockout-failures lockout-window lockout-seconds "
                 "sol-stall-fix sol-history sol-history-size debug redfish-addr redfish-port "
                 "redfish-cert redfish-key media-dir cdrom iso-storage media-retention)", k);
        }
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
