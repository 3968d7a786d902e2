/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What discover and export know about one VM, whichever backend told them: its id and name,
 * where it lives (Proxmox node and pool, or the QMP socket of a local QEMU), its tags, its
 * NICs in order and its boot firmware. Plain data, no I/O. */
#ifndef MBMC_VMINFO_H
#define MBMC_VMINFO_H

#include <glib.h>

typedef enum { MBMC_FIRMWARE_UNKNOWN, MBMC_FIRMWARE_BIOS, MBMC_FIRMWARE_UEFI } MbmcFirmware;

typedef struct {
    char *mac;      /* lower-case aa:bb:cc:dd:ee:ff */
    char *bridge;   /* Proxmox bridge (vmbr0), or NULL */
} MbmcVmNic;

typedef struct {
    guint vmid;
    char *name;         /* "" when the VM has none */
    char *node;         /* Proxmox node, or NULL */
    char *pool;         /* Proxmox pool, or NULL (none, or not visible to the token) */
    GStrv tags;         /* never NULL */
    gboolean is_template;
    char *qmp;          /* QMP socket of a local QEMU, or NULL */
    GPtrArray *nics;    /* MbmcVmNic*, in the VM's order (net0, net1, ...) */
    MbmcFirmware firmware;
} MbmcVmInfo;

MbmcVmInfo *mbmc_vm_info_new(guint vmid);
void mbmc_vm_info_free(MbmcVmInfo *vm);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MbmcVmInfo, mbmc_vm_info_free)
void mbmc_vm_info_add_nic(MbmcVmInfo *vm, const char *mac, const char *bridge);

/* "uefi", "bios", "unknown" */
const char *mbmc_firmware_name(MbmcFirmware f);

/* A 48-bit MAC written with ':' or '-' separators, in any case → lower-case with ':';
 * NULL when s is not one. */
char *mbmc_mac_normalise(const char *s);

/* vms[i] with that VMID, or NULL. */
MbmcVmInfo *mbmc_vm_info_find(GPtrArray *vms, guint vmid);

#endif
