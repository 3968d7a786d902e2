/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The VM record of discover and export (see vminfo.h). */
#include "vminfo.h"

#include <string.h>

static void nic_free(MbmcVmNic *n)
{
    g_free(n->mac);
    g_free(n->bridge);
    g_free(n);
}

MbmcVmInfo *mbmc_vm_info_new(guint vmid)
{
    MbmcVmInfo *vm = g_new0(MbmcVmInfo, 1);
    vm->vmid = vmid;
    vm->name = g_strdup("");
    vm->tags = g_new0(char *, 1);
    vm->nics = g_ptr_array_new_with_free_func((GDestroyNotify)nic_free);
    return vm;
}

void mbmc_vm_info_free(MbmcVmInfo *vm)
{
    if (!vm)
        return;
    g_free(vm->name);
    g_free(vm->node);
    g_free(vm->pool);
    g_strfreev(vm->tags);
    g_free(vm->qmp);
    g_ptr_array_unref(vm->nics);
    g_free(vm);
}

void mbmc_vm_info_add_nic(MbmcVmInfo *vm, const char *mac, const char *bridge)
{
    MbmcVmNic *n = g_new0(MbmcVmNic, 1);
    n->mac = g_strdup(mac);
    n->bridge = g_strdup(bridge);
    g_ptr_array_add(vm->nics, n);
}

const char *mbmc_firmware_name(MbmcFirmware f)
{
    return f == MBMC_FIRMWARE_UEFI ? "uefi" : f == MBMC_FIRMWARE_BIOS ? "bios" : "unknown";
}

char *mbmc_mac_normalise(const char *s)
{
    if (!s || strlen(s) != 17)
        return NULL;
    char out[18];
    for (int i = 0; i < 17; i++) {
        if (i % 3 == 2) {
            if (s[i] != ':' && s[i] != '-')
                return NULL;
            out[i] = ':';
        } else {
            if (!g_ascii_isxdigit(s[i]))
                return NULL;
            out[i] = g_ascii_tolower(s[i]);
        }
    }
    out[17] = '\0';
    return g_strdup(out);
}

MbmcVmInfo *mbmc_vm_info_find(GPtrArray *vms, guint vmid)
{
    for (guint i = 0; vms && i < vms->len; i++) {
        MbmcVmInfo *vm = g_ptr_array_index(vms, i);
        if (vm->vmid == vmid)
            return vm;
    }
    return NULL;
}
