/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox answers → VM records (see pve_vmparse.h). */
#include "pve_vmparse.h"

#include <string.h>

#include "pve_json.h"
#include "pve_resources.h"

GStrv mbmc_pve_split_tags(const char *value)
{
    GPtrArray *out = g_ptr_array_new();
    g_auto(GStrv) parts = g_strsplit_set(value ? value : "", ";, \t\n", -1);
    for (guint i = 0; parts[i]; i++)
        if (*parts[i])
            g_ptr_array_add(out, g_strdup(parts[i]));
    g_ptr_array_add(out, NULL);
    return (GStrv)g_ptr_array_free(out, FALSE);
}

MbmcVmInfo *mbmc_pve_vm_from_row(json_object *row)
{
    struct pve_resource r;
    if (!pve_resource_parse(row, &r))
        return NULL;
    MbmcVmInfo *vm = mbmc_vm_info_new(r.vmid);
    g_free(vm->name);
    vm->name = g_strdup(r.name);
    vm->node = g_strdup(r.node);
    if (*r.pool)
        vm->pool = g_strdup(r.pool);
    g_strfreev(vm->tags);
    vm->tags = mbmc_pve_split_tags(r.tags);
    vm->is_template = r.is_template;
    return vm;
}

static gint cmp_guint(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *)a, y = *(const guint *)b;
    return x < y ? -1 : x > y;
}

GArray *mbmc_pve_pool_members(json_object *pool)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(guint));
    json_object *members;
    if (!json_object_is_type(pool, json_type_object) || !json_object_object_get_ex(pool, "members", &members) ||
        !json_object_is_type(members, json_type_array))
        return ids;
    for (size_t i = 0; i < json_object_array_length(members); i++) {
        json_object *m = json_object_array_get_idx(members, i);
        guint vmid = pve_row_vmid(m);
        if (vmid && !strcmp(pve_json_str(m, "type"), "qemu"))
            g_array_append_val(ids, vmid);
    }
    g_array_sort(ids, cmp_guint);
    return ids;
}

static gboolean is_nic_model(const char *key)
{
    /* qemu-server's NIC models (PVE/QemuServer/Network.pm $nic_model_list) */
    static const char *const models[] = { "e1000", "e1000-82540em", "e1000-82544gc", "e1000-82545em",
                                          "e1000e", "i82551", "i82557b", "i82559er", "ne2k_isa",
                                          "ne2k_pci", "pcnet", "rtl8139", "virtio", "vmxnet3", NULL };
    return g_strv_contains(models, key);
}

char *mbmc_pve_net_mac(const char *value, char **bridge)
{
    if (bridge)
        *bridge = NULL;
    g_auto(GStrv) parts = g_strsplit(value ? value : "", ",", -1);
    g_autofree char *mac = NULL;
    for (guint i = 0; parts[i]; i++) {
        char *eq = strchr(parts[i], '=');
        if (!eq)
            continue;
        *eq = '\0';
        const char *k = parts[i], *v = eq + 1;
        if ((!strcmp(k, "macaddr") || is_nic_model(k)) && !mac)
            mac = mbmc_mac_normalise(v);
        else if (!strcmp(k, "bridge") && bridge && !*bridge)
            *bridge = g_strdup(v);
    }
    if (!mac && bridge)
        g_clear_pointer(bridge, g_free);
    return g_steal_pointer(&mac);
}

void mbmc_pve_vm_apply_config(MbmcVmInfo *vm, json_object *config)
{
    g_ptr_array_set_size(vm->nics, 0);
    for (int n = 0; n < MBMC_PVE_MAX_NETS; n++) {
        char key[8];
        g_snprintf(key, sizeof(key), "net%d", n);
        g_autofree char *bridge = NULL;
        g_autofree char *mac = mbmc_pve_net_mac(pve_json_str(config, key), &bridge);
        if (mac)
            mbmc_vm_info_add_nic(vm, mac, bridge);
    }
    vm->firmware = !strcmp(pve_json_str(config, "bios"), "ovmf") ? MBMC_FIRMWARE_UEFI : MBMC_FIRMWARE_BIOS;
    if (*pve_json_str(config, "name")) {
        g_free(vm->name);
        vm->name = g_strdup(pve_json_str(config, "name"));
    }
}
