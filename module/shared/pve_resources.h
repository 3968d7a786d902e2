/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rows of GET /cluster/resources?type=vm (pure json-c, no I/O): where a VM runs and what it
 * is, read one way for the module (which node to call), the shared poller (which nodes to
 * list, HA), the SOL bridge (which node's termproxy) and discover/export (the VM records).
 * pve-manager's PVE/API2/Cluster.pm: vmid is a number, node/name/status/pool/tags strings,
 * template 1 for templates, hastate present when HA manages the VM. */
#ifndef MBMC_PVE_RESOURCES_H
#define MBMC_PVE_RESOURCES_H

#include <stdbool.h>

#include <json-c/json.h>

struct pve_resource {
    unsigned vmid;
    const char *type;           /* "qemu", "lxc", ...; strings borrowed from the row, never NULL */
    const char *node;
    const char *name;
    const char *status;         /* "running", "stopped", ... */
    const char *pool;           /* "" when in no pool */
    const char *tags;           /* as Proxmox writes them: "a;b" */
    bool is_template;
    bool ha;                    /* HA manages it */
};

/* The VMID of a row (a number, or a string of digits), 0 when it has none or it is out of
 * Proxmox's range 1..999999999. Also for rows of /nodes/{node}/qemu and pool members. */
unsigned pve_row_vmid(struct json_object *row);

/* Fill out from a row. True only for a QEMU VM with a VMID and a node; out is filled either way
 * (vmid 0, "" for what is missing). */
bool pve_resource_parse(struct json_object *row, struct pve_resource *out);

/* The QEMU VM vmid among the rows (an array); false when it is not listed. */
bool pve_resources_find(struct json_object *rows, unsigned vmid, struct pve_resource *out);

#endif
