/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: a Proxmox answer body read as each answer discover and export take
 * (/cluster/resources rows, a pool, a VM config), the VM records that come out matched
 * against a selection and written in every export format, by IPMI and by Redfish. A server that sends the wrong
 * shape, or names and MACs no format can carry, must get an error, never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export_format.h"
#include "pve_vmparse.h"
#include "vmselect.h"

static void export_all(GPtrArray *vms)
{
    static MbmcConfig *cfg;
    if (!cfg) {
        cfg = mbmc_config_new();
        cfg->interface = g_strdup("bmc0");
        cfg->mode = MBMC_MODE_MACVLAN;
    }
    g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_export_node_free);
    for (guint i = 0; i < vms->len; i++) {
        MbmcVmInfo *vm = g_ptr_array_index(vms, i);
        /* Both ways a format writes a BMC: Redfish off, or on (local QEMU: with virtual media). */
        MbmcBmc b = { .vmid = vm->vmid, .address = "198.18.0.10", .prefix = 24, .user = vm->name,
                      .redfish = vm->vmid % 2 ? MBMC_SWITCH_ON : MBMC_SWITCH_OFF,
                      .backend = vm->vmid % 4 == 1 ? MBMC_BACKEND_KIND_QMP : MBMC_BACKEND_KIND_PROXMOX };
        MbmcExportNode *n = mbmc_export_node_new(cfg, &b, vm);
        n->password = g_strdup(vm->name);   /* what the name holds, a password may hold */
        g_ptr_array_add(nodes, n);
    }
    mbmc_export_hostnames(nodes);
    g_autofree char *names = mbmc_export_format_names();
    g_auto(GStrv) formats = g_strsplit(names, "|", -1);
    for (guint f = 0; formats[f]; f++) {
        g_autoptr(GString) out = g_string_new(NULL);
        g_autoptr(GError) err = NULL;
        if (!mbmc_export_format_find(formats[f])->write(out, nodes, &err) && !err)
            __builtin_trap();   /* a refusal says why */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_tokener *tok = json_tokener_new();
    json_object *d = json_tokener_parse_ex(tok, (const char *)data, (int)size);
    json_tokener_free(tok);
    g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_vm_info_free);
    for (size_t i = 0; json_object_is_type(d, json_type_array) && i < json_object_array_length(d); i++) {
        MbmcVmInfo *vm = mbmc_pve_vm_from_row(json_object_array_get_idx(d, i));
        if (vm)
            g_ptr_array_add(vms, vm);
    }
    g_autoptr(GArray) members = mbmc_pve_pool_members(d);
    MbmcVmInfo *cfgvm = mbmc_vm_info_new(members->len ? g_array_index(members, guint, 0) : 100);
    mbmc_pve_vm_apply_config(cfgvm, d);   /* the body as a VM config */
    g_ptr_array_add(vms, cfgvm);
    const char *tags[] = { "hpc", NULL };
    MbmcVmSelect sel = { .pool = "compute", .tags = tags, .name_glob = "cn*", .node = "pve1",
                         .vmid_min = 1, .vmid_max = 2000 };
    for (guint i = 0; i < vms->len; i++)
        mbmc_vm_select_match(&sel, g_ptr_array_index(vms, i));
    export_all(vms);
    json_object_put(d);
    return 0;
}
