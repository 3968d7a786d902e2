/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pure parsing for the shared poller (see pvelist.h). */
#include "pvelist.h"

#include "pve_error.h"
#include "pve_json.h"
#include "pve_state_map.h"

void mbmc_pve_row_entry(json_object *row, gboolean ha, uint64_t observed_ms, struct pve_table_entry *e)
{
    const char *status = pve_json_str(row, "status"), *qmp = pve_json_str(row, "qmpstatus");
    const char *lock = pve_json_str(row, "lock");
    g_strlcpy(e->status, status, sizeof(e->status));
    g_strlcpy(e->qmpstatus, qmp, sizeof(e->qmpstatus));
    g_strlcpy(e->lock, lock, sizeof(e->lock));
    e->flags = (uint8_t)((pve_state_is_on(status, qmp, lock) ? PVE_SLOT_ON : 0) | (ha ? PVE_SLOT_HA : 0) |
                         (pve_state_is_uncertain(status, qmp, lock) ? PVE_SLOT_UNCERTAIN : 0));
    e->err = PVE_OK;
    e->http = 200;
    e->msg[0] = '\0';
    e->observed_ms = observed_ms;
}
