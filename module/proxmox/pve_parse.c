/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox answers → plain values (see pve_parse.h). */
#include "pve_parse.h"

#include "pve_facts.h"
#include "pve_resources.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* A node name goes into /nodes/<node>/...: only what a host name may hold. */
static bool node_name_ok(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.' && *s != '_')
            return false;
    return true;
}

int pve_parse_node(struct json_object *resources, unsigned vmid, char *node, size_t nodelen)
{
    struct pve_resource r;
    if (!pve_resources_find(resources, vmid, &r) || !node_name_ok(r.node) || strlen(r.node) >= nodelen)
        return -1;
    snprintf(node, nodelen, "%s", r.node);
    return 0;
}

void pve_parse_vm_state(struct json_object *data, struct pve_vm_state *st)
{
    st->status = pve_json_str(data, "status");
    st->qmpstatus = pve_json_str(data, "qmpstatus");
    st->lock = pve_json_str(data, "lock");
    st->on = pve_state_is_on(st->status, st->qmpstatus, st->lock);
    struct json_object *ha, *managed;
    st->ha_managed = json_object_is_type(data, json_type_object) &&
                     json_object_object_get_ex(data, "ha", &ha) &&
                     json_object_is_type(ha, json_type_object) &&
                     json_object_object_get_ex(ha, "managed", &managed) &&
                     json_object_get_int(managed) == 1;
}

int pve_parse_task(struct json_object *data, const char **exitstatus)
{
    if (strcmp(pve_json_str(data, "status"), "stopped"))
        return 0;
    const char *es = pve_json_str(data, "exitstatus");
    *exitstatus = *es ? es : "unexpected status";
    return 1;
}

size_t pve_parse_config(struct json_object *data, struct pve_config_entry *cfg, size_t max,
                        const char **boot, const char **bios)
{
    size_t n = 0;
    *boot = *bios = "";
    if (!json_object_is_type(data, json_type_object))
        return 0;
    json_object_object_foreach(data, key, val) {
        const char *s = json_object_get_string(val);
        if (n >= max)
            break;
        if (!s)
            continue;
        cfg[n].key = key;
        cfg[n].value = s;
        if (!strcmp(key, "boot"))
            *boot = s;
        if (!strcmp(key, "bios"))
            *bios = s;
        n++;
    }
    return n;
}

int pve_parse_version(struct json_object *data, int *major, int *minor)
{
    return pve_facts_version(pve_json_str(data, "version"), major, minor);
}

void pve_parse_perms(struct json_object *data, unsigned vmid, bool *config_ok, bool *power_ok)
{
    char path[32];
    struct json_object *p;
    snprintf(path, sizeof(path), "/vms/%u", vmid);
    *config_ok = *power_ok = true;
    if (!json_object_is_type(data, json_type_object) ||
        !json_object_object_get_ex(data, path, &p))
        return;
    pve_facts_privs(p, config_ok, power_ok);
}

bool pve_parse_has_priv(struct json_object *data, const char *path, const char *priv)
{
    struct json_object *p;
    return json_object_is_type(data, json_type_object) &&
           json_object_object_get_ex(data, path, &p) && json_object_is_type(p, json_type_object) &&
           json_object_object_get_ex(p, priv, NULL);
}

/* A comma-separated list (Proxmox's content types) holds item. */
static bool list_has(const char *list, const char *item)
{
    size_t l = strlen(item);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        if (len == l && !strncmp(p, item, l))
            return true;
        p += len;
        if (*p == ',')
            p++;
    }
    return false;
}

int pve_parse_storage(struct json_object *data, const char *storage, bool *iso, bool *active)
{
    *iso = *active = false;
    size_t n = json_object_is_type(data, json_type_array) ? json_object_array_length(data) : 0;
    for (size_t i = 0; i < n; i++) {
        struct json_object *row = json_object_array_get_idx(data, i), *v;
        if (strcmp(pve_json_str(row, "storage"), storage))
            continue;
        *iso = list_has(pve_json_str(row, "content"), "iso");
        *active = json_object_object_get_ex(row, "active", &v) && json_object_get_int(v) == 1;
        return 0;
    }
    return -1;
}

bool pve_parse_content_has(struct json_object *data, const char *volid)
{
    size_t n = json_object_is_type(data, json_type_array) ? json_object_array_length(data) : 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(pve_json_str(json_object_array_get_idx(data, i), "volid"), volid))
            return true;
    return false;
}

void pve_parse_task_log_error(struct json_object *data, char *out, size_t outlen)
{
    out[0] = '\0';
    size_t n = json_object_is_type(data, json_type_array) ? json_object_array_length(data) : 0;
    for (size_t i = 0; i < n; i++) {
        const char *t = pve_json_str(json_object_array_get_idx(data, i), "t");
        /* wget: "2024-05-01 10:00:00 ERROR 404: Not Found." or "...: failed: Connection refused." */
        const char *e = strstr(t, "ERROR ");
        if (!e && strstr(t, "failed: "))
            e = t;
        if (e && strncmp(t, "TASK ERROR", 10))
            snprintf(out, outlen, "%s", e);
    }
    for (char *p = out; *p; p++)        /* it goes into logs and JSON as one line */
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
}
