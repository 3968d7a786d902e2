/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox answers → plain values: pure functions over json-c objects, no I/O, so the
 * fuzzer (tests/fuzz/fuzz_pve.c) and the unit tests reach every parse step without curl.
 * Every field Proxmox may send as null, a number or an object where we expect a string is
 * read through pve_json_str, which never returns NULL. The envelope, pve_json_str and the rows of
 * /cluster/resources are the orchestrator's too: module/shared/pve_json.h, pve_resources.h. */
#ifndef MBMC_PVE_PARSE_H
#define MBMC_PVE_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "pve_boot.h"
#include "pve_json.h"
#include "pve_state.h"

/* /cluster/resources: the node holding qemu VM vmid (pve_resources_find). Returns 0, or -1
 * when the VM is not listed or its node name is not a host name (it goes into URL paths). */
int pve_parse_node(struct json_object *resources, unsigned vmid, char *node, size_t nodelen);

/* status/current → the power view (strings point into data). */
void pve_parse_vm_state(struct json_object *data, struct pve_vm_state *st);

/* tasks/<upid>/status: 1 when the task is over (*exitstatus set, never NULL), 0 when it
 * still runs. */
int pve_parse_task(struct json_object *data, const char **exitstatus);

/* config: up to max entries (values as strings; null values skipped). *boot and *bios point
 * at those entries' values, "" when absent. */
size_t pve_parse_config(struct json_object *data, struct pve_config_entry *cfg, size_t max,
                        const char **boot, const char **bios);

/* /version: 0 and major/minor from "8.1.4", -1 when absent or not a version. */
int pve_parse_version(struct json_object *data, int *major, int *minor);

/* /access/permissions?path=/vms/<vmid>: whether VM.Config.Disk and VM.PowerMgmt are granted
 * (both true when the answer has no entry for the path: nothing known, nothing refused). */
void pve_parse_perms(struct json_object *data, unsigned vmid, bool *config_ok, bool *power_ok);

/* /access/permissions?path=P: whether priv is granted on P. */
bool pve_parse_has_priv(struct json_object *data, const char *path, const char *priv);

/* /nodes/<node>/storage?storage=S: 0 when S is listed (*iso: it takes content iso, *active:
 * it is usable now), -1 when it is not (no such storage, or no Datastore.Audit on it). */
int pve_parse_storage(struct json_object *data, const char *storage, bool *iso, bool *active);

/* /nodes/<node>/storage/<s>/content: whether volid is among the volumes. */
bool pve_parse_content_has(struct json_object *data, const char *volid);

/* tasks/<upid>/log: the line that says why a download failed (wget's "ERROR 404: Not
 * Found.", "failed: Connection refused."), "" when there is none. */
void pve_parse_task_log_error(struct json_object *data, char *out, size_t outlen);

#endif
