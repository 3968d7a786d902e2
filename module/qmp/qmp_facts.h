/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the QMP backend learns about its VM for `multibmc export` (the VM name, its NICs' MACs
 * in order, the firmware type): while the BMC runs it holds the QEMU's only QMP connection,
 * so it publishes these facts in its status file. Pure: ordering and the key=value text. */
#ifndef MBMC_QMP_FACTS_H
#define MBMC_QMP_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

struct qmp_nic {
    bool anon;          /* in /machine/peripheral-anon (no id): after the named ones */
    char *id;           /* QOM child name: "net0", or "device[3]" */
    char mac[18];       /* "" until known */
};

/* The firmware from query-block's answer: 1 (UEFI) when a pflash drive holds firmware (OVMF
 * as Proxmox and libvirt load it), else -1 (look at the firmware name). *dev gets the
 * drive's name (borrowed from blocks) or NULL. */
int qmp_facts_firmware_from_blocks(struct json_object *blocks, const char **dev);
/* The firmware from the machine's "firmware" property (-bios FILE): 1 UEFI (ovmf, edk2,
 * efi), 0 legacy BIOS (bios), -1 unknown. */
int qmp_facts_firmware_from_name(const char *name);

/* NIC order: named devices before anonymous ones, ids in natural order (net2 < net10). */
int qmp_facts_nic_cmp(const void *a, const void *b);

/* "vm_name=NAME\nnic_macs=MAC,MAC\nfirmware=uefi|bios|unknown\n" (MACs lower-case, NICs
 * without a MAC left out, line breaks in the name replaced by spaces), sorting nics.
 * efi: 1 UEFI, 0 BIOS, -1 unknown. Returns the length, or -1 when buf is too small. */
int qmp_facts_format(char *buf, size_t len, const char *name, struct qmp_nic *nics, size_t n, int efi);

#endif
