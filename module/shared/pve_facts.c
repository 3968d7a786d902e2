/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Version, privileges and firmware from Proxmox answers (see pve_facts.h). */
#include "pve_facts.h"

#include <stdio.h>
#include <string.h>

int pve_facts_version(const char *version, int *major, int *minor)
{
    *major = *minor = 0;
    if (!version || sscanf(version, "%d.%d", major, minor) < 1 || *major < 0) {
        *major = *minor = 0;
        return -1;
    }
    if (*minor < 0)
        *minor = 0;
    return 0;
}

void pve_facts_privs(struct json_object *entry, bool *config_ok, bool *power_ok)
{
    struct json_object *v;
    bool obj = json_object_is_type(entry, json_type_object);
    *config_ok = obj && json_object_object_get_ex(entry, "VM.Config.Disk", &v);
    *power_ok = obj && json_object_object_get_ex(entry, "VM.PowerMgmt", &v);
}

bool pve_facts_vm_privs(struct json_object *map, unsigned vmid, bool *config_ok, bool *power_ok)
{
    *config_ok = *power_ok = false;
    if (!json_object_is_type(map, json_type_object))
        return false;
    char path[32];
    struct json_object *entry;
    snprintf(path, sizeof(path), "/vms/%u", vmid);
    if (json_object_object_get_ex(map, path, &entry) || json_object_object_get_ex(map, "/vms", &entry))
        pve_facts_privs(entry, config_ok, power_ok);
    return true;
}

bool pve_facts_vm_has(struct json_object *map, unsigned vmid, const char *priv)
{
    char path[32];
    struct json_object *entry, *v;
    snprintf(path, sizeof(path), "/vms/%u", vmid);
    if (!json_object_is_type(map, json_type_object) ||
        !(json_object_object_get_ex(map, path, &entry) || json_object_object_get_ex(map, "/vms", &entry)))
        return false;
    return json_object_is_type(entry, json_type_object) && json_object_object_get_ex(entry, priv, &v);
}

bool pve_facts_bios_is_efi(const char *bios)
{
    return bios && !strcmp(bios, "ovmf");
}
