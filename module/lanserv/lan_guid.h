/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The system GUID lanserv keeps per LAN channel (the `guid` line of lan.conf): it answers
 * Get System GUID over LAN and is the Managed System GUID of the RMCP+ handshake. The
 * module replaces it with the VM's SMBIOS UUID once the backend knows it. */
#ifndef MBMC_LAN_GUID_H
#define MBMC_LAN_GUID_H

#include <stdbool.h>
#include <stdint.h>

#include <OpenIPMI/serv.h>

/* The GUID of the first LAN channel (IPMI byte order). 0, or -1 when there is none. */
int mbmc_lan_guid_get(sys_data_t *sys, uint8_t out[16]);
/* Set it on every LAN channel (IPMI byte order). Returns how many channels took it. */
int mbmc_lan_guid_set(sys_data_t *sys, const uint8_t guid[16]);
/* True while an RMCP+ login has sent the GUID in RAKP 2 and waits for RAKP 3: its RAKP 4
 * integrity check is computed over the GUID again, and the console checks it against the
 * GUID it received, so a change in between fails that login. */
bool mbmc_lan_guid_in_handshake(sys_data_t *sys);

#endif
