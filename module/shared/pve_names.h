/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Names Proxmox accepts, checked where the BMC's settings are read: by the module's options
 * and by the orchestrator's configuration, the same way. Pure. */
#ifndef MBMC_PVE_NAMES_H
#define MBMC_PVE_NAMES_H

#include <stdbool.h>

/* A storage id (pve-storage-id): [a-z][a-z0-9._-]*[a-z0-9]. */
bool pve_storage_id_ok(const char *s);
/* A drive key that can hold a CD-ROM: ide0-3, sata0-5, scsi0-30. */
bool pve_cdrom_key_ok(const char *key);

#endif
