/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a Proxmox failure means for the BMC: one class per cause, so each cause is logged
 * once, mapped to an IPMI completion code, and the right recovery (re-resolve, retry) runs. */
#ifndef MBMC_PVE_ERROR_H
#define MBMC_PVE_ERROR_H

#include <stdint.h>

enum pve_err {
    PVE_OK = 0,
    PVE_ERR_TRANSPORT,      /* connect/DNS/timeout: the API host is unreachable or slow */
    PVE_ERR_TLS,            /* certificate not trusted / fingerprint mismatch */
    PVE_ERR_AUTH,           /* 401: token wrong, expired or disabled */
    PVE_ERR_PERM,           /* 403: the token lacks a privilege */
    PVE_ERR_NOT_HERE,       /* the VM's config is not on that node: it moved */
    PVE_ERR_NODE_DOWN,      /* 595/596: pveproxy cannot reach the VM's node */
    PVE_ERR_MIGRATING,      /* VM is locked (migrate) */
    PVE_ERR_LOCKED,         /* any other lock: backup, snapshot, ... */
    PVE_ERR_ALREADY,        /* "VM <id> already running": the goal is reached */
    PVE_ERR_NOT_RUNNING,    /* "VM <id> not running" */
    PVE_ERR_NO_VM,          /* the VM is in no node of the cluster */
    PVE_ERR_BAD_REQUEST,    /* 400 and other client errors: our bug or an old PVE */
    PVE_ERR_SERVER,         /* other 5xx or task failure */
};

/* Classify an HTTP status + reason phrase (http 0 = transport error), or a failed task's
 * exitstatus (pass http 200). */
enum pve_err pve_err_classify(long http, const char *msg);
/* Stable short name, used as the log-once key. */
const char *pve_err_name(enum pve_err e);
/* IPMI completion code for an action that cannot run because of e. */
uint8_t pve_err_ipmi_cc(enum pve_err e);
/* Re-resolving the VM's node may help. */
int pve_err_wants_resolve(enum pve_err e);

#endif
