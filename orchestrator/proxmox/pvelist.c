/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pure parsing for the shared poller (see pvelist.h). */
#include "pvelist.h"

#include <string.h>

#include "pve_error.h"
#include "pve_state_map.h"

static const char *str_of(json_object *row, const char *key)
{
    json_object *o;
    return json_object_object_get_ex(row, key, &o) && json_object_is_type(o, json_type_string)
        ? json_object_get_string(o) : "";
}

guint mbmc_pve_row_vmid(json_object *row)
{
    json_object *o;
    if (!json_object_object_get_ex(row, "vmid", &o))
        return 0;
    gint64 v = json_object_get_int64(o);    /* PVE sends an int; a string "100" also parses */
    return v > 0 && v <= 999999999 ? (guint)v : 0;
}

void mbmc_pve_row_entry(json_object *row, gboolean ha, uint64_t observed_ms, struct pve_table_entry *e)
{
    const char *status = str_of(row, "status"), *qmp = str_of(row, "qmpstatus"), *lock = str_of(row, "lock");
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

gboolean mbmc_pve_resource_row(json_object *row, guint *vmid, const char **node, gboolean *ha)
{
    json_object *o;
    if (strcmp(str_of(row, "type"), "qemu") || !(*vmid = mbmc_pve_row_vmid(row)) ||
        !*(*node = str_of(row, "node")))
        return FALSE;
    *ha = json_object_object_get_ex(row, "hastate", &o);
    return TRUE;
}
