/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Boot order rewriting for Proxmox VMs: pure logic on the VM's own config, unit-tested.
 * An IPMI boot device (PXE, disk, CD-ROM) becomes a `boot: order=` value that moves the
 * VM's real devices of that kind to the front and keeps every other device after them. */
#ifndef MBMC_PVE_BOOT_H
#define MBMC_PVE_BOOT_H

#include <stddef.h>

#include "backend.h"

struct pve_config_entry {
    const char *key;     /* "net0", "scsi0", "ide2", "boot", "bootdisk", ... */
    const char *value;
};

/* Compute the order for `dev` from the VM config. Writes "order=a;b;c" to out.
 * Returns 0, -1 when the VM has no device of that kind (message in err), -2 when the
 * device is not something Proxmox can select (BIOS setup, floppy, ...). */
int pve_boot_order(const struct pve_config_entry *cfg, size_t n, enum mbmc_boot_device dev,
                   char *out, size_t outlen, char *err, size_t errlen);

/* Like pve_boot_order, but with dev CD-ROM the drive prefer (the virtual media drive) comes
 * first when the VM has it. prefer may be NULL. */
int pve_boot_order_prefer(const struct pve_config_entry *cfg, size_t n, enum mbmc_boot_device dev,
                          const char *prefer, char *out, size_t outlen, char *err, size_t errlen);

/* The VM's CD-ROM drives (media=cdrom), sorted ide, sata, scsi and by number. Returns how
 * many (at most max). */
size_t pve_boot_cdroms(const struct pve_config_entry *cfg, size_t n, char (*out)[16], size_t max);

/* The VM's effective device order (order= or legacy "cdn" form), ';'-separated. */
int pve_boot_current(const struct pve_config_entry *cfg, size_t n, char *out, size_t outlen);

#endif
