/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox answers → VM records (see pve_vmparse.h). */
#include "pve_vmparse.h"

#include <string.h>

/* o[key] as a string, "" when missing, null or not a string. */
static const char *str_of(json_object *o, const char *key)
{
    json_object *v;
    return json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, &v) &&
                   json_object_is_type(v, json_type_string)
               ? json_object_get_string(v) : "";
}

static guint vmid_of(json_object *row)
{
    json_object *v;
    if (!json_object_is_type(row, json_type_object) || !json_object_object_get_ex(row, "vmid", &v) ||
        !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_string)))
        return 0;
    gint64 n = json_object_get_int64(v);
    return n > 0 && n <= 999999999 ? (guint)n : 0;
}

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
    guint vmid = vmid_of(row);
    const char *node = str_of(row, "node");
    if (strcmp(str_of(row, "type"), "qemu") || !vmid || !*node)
        return NULL;
    MbmcVmInfo *vm = mbmc_vm_info_new(vmid);
    g_free(vm->name);
    vm->name = g_strdup(str_of(row, "name"));
    vm->node = g_strdup(node);
    if (*str_of(row, "pool"))
        vm->pool = g_strdup(str_of(row, "pool"));
    g_strfreev(vm->tags);
    vm->tags = mbmc_pve_split_tags(str_of(row, "tags"));
    json_object *t;
    vm->is_template = json_object_object_get_ex(row, "template", &t) && json_object_get_int(t) == 1;
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
        guint vmid = vmid_of(m);
        if (vmid && !strcmp(str_of(m, "type"), "qemu"))
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
        g_autofree char *mac = mbmc_pve_net_mac(str_of(config, key), &bridge);
        if (mac)
            mbmc_vm_info_add_nic(vm, mac, bridge);
    }
    vm->firmware = !strcmp(str_of(config, "bios"), "ovmf") ? MBMC_FIRMWARE_UEFI : MBMC_FIRMWARE_BIOS;
    if (*str_of(config, "name")) {
        g_free(vm->name);
        vm->name = g_strdup(str_of(config, "name"));
    }
}
