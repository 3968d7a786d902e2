/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Boot override for local QEMU: which VM device to boot, and the "bootindex" changes that
 * put it first. QEMU hands the bootindex order to the firmware (fw_cfg "bootorder") at every
 * machine reset, so changes made now take effect at the next reset or power-on.
 *
 * Convention: bootable devices are those created with -device (QOM /machine/peripheral and
 * /machine/peripheral-anon) that have a "bootindex" property; their class comes from the
 * QOM type (virtio-net-pci, e1000, ide-hd, scsi-hd, virtio-blk-pci, nvme, ide-cd, scsi-cd, ...).
 * Pure logic, no I/O: backend_qmp.c sends the qom-get/qom-set commands. */
#ifndef MBMC_QMP_BOOT_H
#define MBMC_QMP_BOOT_H

#include <stddef.h>

enum qmp_boot_class { QMP_BOOT_OTHER = 0, QMP_BOOT_NET, QMP_BOOT_DISK, QMP_BOOT_CDROM };

struct qmp_bootdev {
    char *path;                 /* QOM path, e.g. /machine/peripheral/net0 */
    enum qmp_boot_class cls;
    int orig;                   /* the VM's own bootindex (-1: none) */
    int cur;                    /* what QEMU has now */
};

struct qmp_boot_step {
    size_t dev;                 /* index into the device array */
    int value;                  /* bootindex to set */
};

enum qmp_boot_class qmp_boot_class_of_type(const char *qom_type);
const char *qmp_boot_class_name(enum qmp_boot_class cls);

/* The device of class cls to boot: the one the VM's own order ranks first, else the first
 * by path. -1 when the VM has none. */
int qmp_boot_pick(const struct qmp_bootdev *d, size_t n, enum qmp_boot_class cls);

/* Wanted bootindex of every device: target (an index, or -1 for the VM's own order) first,
 * the others keep their relative order behind it. */
void qmp_boot_plan(const struct qmp_bootdev *d, size_t n, int target, int *want);

/* The qom-set steps from d[].cur to want[] that never give two devices the same index
 * (QEMU refuses a duplicate): clear every index that changes, then set the new ones.
 * steps must hold 2*n entries. Returns the number of steps. */
size_t qmp_boot_steps(const struct qmp_bootdev *d, size_t n, const int *want,
                      struct qmp_boot_step *steps);

#endif
