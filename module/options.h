/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Module options: the loadlib string, space-separated key=value (DESIGN.md contract). */
#ifndef MBMC_OPTIONS_H
#define MBMC_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "lockout_table.h"

/* After NONE (backend= is required), in the order of settings.def's words for backend=;
 * test_options checks the two agree. */
enum mbmc_backend_kind { MBMC_BACKEND_NONE, MBMC_BACKEND_PROXMOX, MBMC_BACKEND_QMP };

/* IPMI power restore policy, as reported by Get Chassis Status (bits 6:5 of byte 1); the
 * first three in the order of settings.def's words for power-restore= (test_options). */
enum mbmc_restore_policy { MBMC_RESTORE_OFF = 0, MBMC_RESTORE_PREVIOUS = 1, MBMC_RESTORE_ON = 2,
                           MBMC_RESTORE_UNKNOWN = 3 };

struct mbmc_options {
    enum mbmc_backend_kind backend;
    unsigned vmid;               /* 0: not given */
    char *url;                   /* https://host:8006 */
    char *token_file;            /* USER@REALM!TOKENID=SECRET */
    char *ca_file;
    char *fingerprint;           /* SHA-256 of the server certificate, AA:BB:... */
    bool insecure;
    char *node;                  /* optional: skip the first node lookup */
    char *qmp;                   /* path of QEMU's QMP unix socket */
    unsigned poll_ms;            /* power state refresh period (own polling) */
    char *state_table;           /* the supervisor's shared power-state table, or NULL */
    char *log;                   /* log file */
    char *status;                /* status file read by `multibmc status` */
    char *state_dir;             /* where boot flags persist across restarts */
    enum mbmc_restore_policy restore_policy;
    bool sol_stall_fix;          /* false: lanserv's SOL outbound left as stock (diagnostic) */
    char *restore_pending;       /* present after a host boot: apply the restore policy once */
    unsigned sel_entries;        /* event log size */
    bool debug;
    struct mbmc_lockout_cfg lockout;   /* per-source failed-login lockout */
    char *redfish_addr;          /* Redfish (HTTPS) on this address; NULL: no Redfish */
    unsigned redfish_port;       /* 443 */
    char *redfish_cert;          /* PEM certificate and key; NULL: generated in state-dir */
    char *redfish_key;
    char *media_dir;             /* local virtual media images may come from here; NULL: none */
    char *cdrom;                 /* the CD-ROM drive for virtual media: QMP a QEMU device id
                                    (cd0), Proxmox a drive key (ide2; NULL: found in the VM) */
    char *iso_storage;           /* Proxmox: the storage images are downloaded into; NULL: no
                                    virtual media */
    unsigned media_retention;    /* Proxmox: seconds a downloaded image stays after its eject */
    char *sol_history;           /* console history file kept across restarts, or NULL */
    unsigned sol_history_size;   /* its size (the sol line's history=), 0: take the sol line's */
};

#define MBMC_DEFAULT_REDFISH_PORT 443
#define MBMC_DEFAULT_CDROM "cd0"
#define MBMC_DEFAULT_MEDIA_RETENTION 3600

#define MBMC_DEFAULT_POLL_MS 2000
#define MBMC_DEFAULT_SEL_ENTRIES 1000

/* Parse and validate. Returns 0, or -1 with a message naming the offending key in err. */
int mbmc_options_parse(const char *str, struct mbmc_options *opts, char *err, size_t errlen);
void mbmc_options_free(struct mbmc_options *opts);
const char *mbmc_backend_name(enum mbmc_backend_kind kind);

#endif
