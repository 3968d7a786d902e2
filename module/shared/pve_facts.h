/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a Proxmox BMC needs to know besides the power state, from the API's answers: the
 * Proxmox VE version, the token's privileges on the VM, the VM's firmware. Pure functions
 * over json-c objects, shared by the module (which asks for itself when it runs without the
 * supervisor) and the supervisor (which asks once for all its BMCs: pvefacts.c). */
#ifndef MBMC_PVE_FACTS_H
#define MBMC_PVE_FACTS_H

#include <stdbool.h>

#include <json-c/json.h>

/* "8.1.4" -> 8, 1. 0, or -1 (and 0, 0) when it is not a version. */
int pve_facts_version(const char *version, int *major, int *minor);

/* One entry of GET /access/permissions ({"VM.PowerMgmt": 1, ...}): are the privileges the
 * BMC uses granted? (false for anything that is not an object) */
void pve_facts_privs(struct json_object *entry, bool *config_ok, bool *power_ok);

/* The whole answer of GET /access/permissions without path= (Proxmox's
 * get_effective_permissions): /vms/<vmid> is listed when an ACL names the VM or a pool holds
 * it; otherwise the VM has what propagates from /vms (listed by default when the token has
 * anything there). A path with no privileges is left out: nothing listed, nothing granted.
 * false when map is not such an answer. */
bool pve_facts_vm_privs(struct json_object *map, unsigned vmid, bool *config_ok, bool *power_ok);

/* Does the whole map grant priv on VM vmid (its own entry, else /vms)? */
bool pve_facts_vm_has(struct json_object *map, unsigned vmid, const char *priv);

/* The config's "bios": does the VM boot UEFI firmware? (seabios or absent: no) */
bool pve_facts_bios_is_efi(const char *bios);

#endif
