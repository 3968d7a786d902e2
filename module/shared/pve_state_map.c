/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The IPMI power bit from Proxmox's status/current fields (see pve_state_map.h). */
#include <string.h>

#include "pve_state_map.h"

bool pve_state_is_on(const char *status, const char *qmpstatus, const char *lock)
{
    if (!status || strcmp(status, "running"))
        return false;
    if (lock && !strcmp(lock, "backup") && qmpstatus &&
        (!strcmp(qmpstatus, "prelaunch") || !strcmp(qmpstatus, "paused")))
        return false;
    return true;
}

bool pve_state_is_uncertain(const char *status, const char *qmpstatus, const char *lock)
{
    return status && !strcmp(status, "running") && lock && !strcmp(lock, "backup") &&
           (!qmpstatus || !*qmpstatus);
}
