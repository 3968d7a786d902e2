/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A Proxmox VM's identity and power-on-boot flag from its config (GET .../config): pure.
 *   name       the VM's name
 *   smbios1    "uuid=...,serial=...,manufacturer=...,product=...[,base64=1]": what the
 *              guest's SMBIOS (dmidecode) shows; with base64=1 the strings are base64
 *   bios       "ovmf" or "seabios" (default)
 *   onboot     1: Proxmox starts the VM when its node boots (the power restore policy) */
#ifndef MBMC_PVE_IDENTITY_H
#define MBMC_PVE_IDENTITY_H

#include <stdbool.h>

#include <json-c/json.h>

#include "vm_identity.h"

void pve_parse_identity(struct json_object *config, struct mbmc_vm_identity *id);
bool pve_parse_onboot(struct json_object *config);
/* /access/permissions?path=/vms/<vmid>: is priv granted? true when the answer has no entry
 * for the path (nothing known, nothing refused), as pve_parse_perms. */
bool pve_parse_has_perm(struct json_object *perms, unsigned vmid, const char *priv);

#endif
