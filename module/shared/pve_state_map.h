/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The IPMI power bit from Proxmox's fields: one pure function shared by the module's pollers
 * and the supervisor's cluster poller, so both read a VM's state the same way. */
#ifndef MBMC_PVE_STATE_MAP_H
#define MBMC_PVE_STATE_MAP_H

#include <stdbool.h>

/* on <=> status running, except a stopped VM that a backup started paused
 * (lock backup, qmpstatus prelaunch/paused). */
bool pve_state_is_on(const char *status, const char *qmpstatus, const char *lock);

/* The fields cannot decide: running under a backup lock without qmpstatus (the node's VM
 * list has no qmpstatus) may be the paused backup QEMU of a stopped VM. */
bool pve_state_is_uncertain(const char *status, const char *qmpstatus, const char *lock);

#endif
