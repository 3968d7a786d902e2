/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Get/Set System Info Parameters (App 58h/59h, IPMI 2.0 section 22.14a): the strings
 * FreeIPMI's bmc-info and ipmitool's "mc getsysinfo" show. Pure logic. The BMC fills
 * firmware and system name from the VM; the OS names are what the guest (or a client)
 * set, as on a real server whose OS reports itself through the in-band interface. */
#ifndef MBMC_SYSINFO_H
#define MBMC_SYSINFO_H

#include <stdint.h>

#define MBMC_SYSINFO_FIRMWARE 1
#define MBMC_SYSINFO_SYSTEM_NAME 2
#define MBMC_SYSINFO_PRIMARY_OS 3
#define MBMC_SYSINFO_OS_NAME 4
#define MBMC_SYSINFO_STRINGS 4
#define MBMC_SYSINFO_MAX 64                 /* bytes per string (4 blocks of 16) */

struct mbmc_sysinfo {
    uint8_t set_in_progress;
    uint8_t len[MBMC_SYSINFO_STRINGS + 1];  /* index = parameter number */
    char text[MBMC_SYSINFO_STRINGS + 1][MBMC_SYSINFO_MAX];
};

/* Set a string parameter from the BMC's own knowledge (NULL or "" clears it). */
void mbmc_sysinfo_put(struct mbmc_sysinfo *si, unsigned param, const char *text);

/* One command (58h set, 59h get); rsp has cap (>= 20) bytes. Returns the reply length. */
unsigned mbmc_sysinfo_handle(struct mbmc_sysinfo *si, uint8_t cmd, const uint8_t *req, unsigned len,
                             uint8_t *rsp, unsigned cap);

#endif
