/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox failure classification (see pve_error.h). Messages are Proxmox's own, from the
 * reason phrase or the task exitstatus (reference part 1.7). */
#include "pve_error.h"

#include <string.h>

#include "ipmi_cc.h"

enum pve_err pve_err_classify(long http, const char *msg)
{
    if (!msg)
        msg = "";
    if (http == 0)
        return PVE_ERR_TRANSPORT;
    if (http == 401)
        return PVE_ERR_AUTH;
    if (http == 403)
        return PVE_ERR_PERM;
    if (http == 595 || http == 596)
        return PVE_ERR_NODE_DOWN;
    if (strstr(msg, "does not exist") || strstr(msg, "unable to find configuration file"))
        return PVE_ERR_NOT_HERE;
    if (strstr(msg, "VM is locked (migrate)"))
        return PVE_ERR_MIGRATING;
    if (strstr(msg, "VM is locked"))
        return PVE_ERR_LOCKED;
    if (strstr(msg, "already running"))
        return PVE_ERR_ALREADY;
    if (strstr(msg, "not running"))
        return PVE_ERR_NOT_RUNNING;
    if (http >= 200 && http < 300)
        return msg[0] && strcmp(msg, "OK") && strncmp(msg, "WARNINGS", 8) ? PVE_ERR_SERVER : PVE_OK;
    if (http >= 400 && http < 500)
        return PVE_ERR_BAD_REQUEST;
    return PVE_ERR_SERVER;
}

const char *pve_err_name(enum pve_err e)
{
    switch (e) {
    case PVE_OK: return "ok";
    case PVE_ERR_TRANSPORT: return "unreachable";
    case PVE_ERR_TLS: return "tls";
    case PVE_ERR_AUTH: return "auth";
    case PVE_ERR_PERM: return "permission";
    case PVE_ERR_NOT_HERE: return "moved";
    case PVE_ERR_NODE_DOWN: return "node-down";
    case PVE_ERR_MIGRATING: return "migrating";
    case PVE_ERR_LOCKED: return "locked";
    case PVE_ERR_ALREADY: return "already";
    case PVE_ERR_NOT_RUNNING: return "not-running";
    case PVE_ERR_NO_VM: return "no-vm";
    case PVE_ERR_BAD_REQUEST: return "bad-request";
    case PVE_ERR_SERVER: return "server";
    }
    return "?";
}

uint8_t pve_err_ipmi_cc(enum pve_err e)
{
    switch (e) {
    case PVE_OK:
    case PVE_ERR_ALREADY:
        return MBMC_CC_OK;
    case PVE_ERR_PERM:
        return IPMI_INSUFFICIENT_PRIVILEGE_CC;  /* the BMC's own API identity lacks the right */
    case PVE_ERR_NOT_RUNNING:
    case PVE_ERR_LOCKED:
        return IPMI_NOT_SUPPORTED_IN_PRESENT_STATE_CC;
    case PVE_ERR_BAD_REQUEST:
        return IPMI_INVALID_DATA_FIELD_CC;
    default:
        return IPMI_NODE_BUSY_CC;               /* busy / unavailable: the client may retry */
    }
}

int pve_err_wants_resolve(enum pve_err e)
{
    return e == PVE_ERR_NOT_HERE || e == PVE_ERR_NODE_DOWN || e == PVE_ERR_MIGRATING;
}
