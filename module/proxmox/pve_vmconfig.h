/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the Proxmox backend knows from the VM's config: its identity (name, smbios1 UUID and
 * strings, firmware) and its onboot flag, which is the power restore policy on Proxmox
 * ("always-on" = Proxmox starts the VM when its node boots). Read at start and at each
 * power-on; read again when asked for and older than CONFIG_MAX_AGE_MS, so a change in
 * the Proxmox GUI shows. The policy is written back as onboot=1|0 (VM.Config.Options);
 * "previous" has no Proxmox counterpart and is refused. */
#ifndef MBMC_PVE_VMCONFIG_H
#define MBMC_PVE_VMCONFIG_H

#include <stdint.h>

#include <json-c/json.h>

#include "backend.h"
#include "pve_api.h"

#define CONFIG_MAX_AGE_MS (5u * 60u * 1000u)

struct pve_vmconfig;

struct pve_vmconfig *pve_vmconfig_new(struct mbmc_loop *loop, struct pve_api *api, unsigned vmid,
                                      const struct mbmc_backend_events *ev);
void pve_vmconfig_free(struct pve_vmconfig *vc);
/* A config answer (GET .../config) read by anyone: take identity, firmware and onboot. */
void pve_vmconfig_apply(struct pve_vmconfig *vc, struct json_object *config);
/* From /access/permissions: may the token change onboot? */
void pve_vmconfig_set_allowed(struct pve_vmconfig *vc, bool allowed);
const struct mbmc_vm_identity *pve_vmconfig_identity(const struct pve_vmconfig *vc);
/* 1 UEFI (bios: ovmf), 0 SeaBIOS, -1 not read yet. */
int pve_vmconfig_efi(const struct pve_vmconfig *vc);
/* The restore policy from onboot (MBMC_RESTORE_UNKNOWN before the first read). */
enum mbmc_restore_policy pve_vmconfig_policy(struct pve_vmconfig *vc);
/* Queue onboot for policy; returns 0 or a completion code (backend.h). health: the
 * backend's last API outcome (unreachable APIs answer its code). */
uint8_t pve_vmconfig_set_policy(struct pve_vmconfig *vc, enum mbmc_restore_policy policy,
                                enum pve_err health);

#endif
