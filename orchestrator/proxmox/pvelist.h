/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pure parsing for the shared poller (pvepoll.c): a row of GET /nodes/{node}/qemu into a
 * table entry (its VMID: pve_row_vmid; rows of /cluster/resources: pve_resources.h). */
#ifndef MBMC_PVELIST_H
#define MBMC_PVELIST_H

#include <glib.h>
#include <json-c/json.h>
#include <stdint.h>

#include "pve_table.h"

/* Fill e's state from a node list row observed at observed_ms (status, qmpstatus when the
 * list has it, lock; the power bit by pve_state_is_on; uncertain when it cannot decide). The
 * error fields are cleared; node and ha come from the caller. */
void mbmc_pve_row_entry(json_object *row, gboolean ha, uint64_t observed_ms, struct pve_table_entry *e);

#endif
