/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the hypervisor says a VM is: the facts the BMC reports as GUID, FRU and system
 * information. Backends fill it from QMP (query-uuid, query-name) or the Proxmox config
 * (smbios1, name); empty strings mean "not known". */
#ifndef MBMC_VM_IDENTITY_H
#define MBMC_VM_IDENTITY_H

#include <stdbool.h>
#include <stdint.h>

#define MBMC_ID_TEXT 64

struct mbmc_vm_identity {
    bool uuid_known;
    uint8_t uuid[16];                    /* SMBIOS system UUID, RFC 4122 byte order (as printed) */
    char name[128];                      /* the VM's name (FRU fields take its first 63 bytes) */
    char serial[MBMC_ID_TEXT];           /* SMBIOS system serial number */
    char manufacturer[MBMC_ID_TEXT];     /* SMBIOS system manufacturer */
    char product[MBMC_ID_TEXT];          /* SMBIOS product name */
    char firmware[MBMC_ID_TEXT];         /* "SeaBIOS", "OVMF (UEFI)", ... */
};

#endif
