/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /cluster/resources rows (see pve_resources.h). */
#include "pve_resources.h"

#include <string.h>

#define VMID_MAX 999999999u

/* o[key] when it is a string, "" otherwise: a node or pool name goes into paths and records. */
static const char *text_of(struct json_object *o, const char *key)
{
    struct json_object *v;
    return json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, &v) &&
                   json_object_is_type(v, json_type_string)
               ? json_object_get_string(v) : "";
}

unsigned pve_row_vmid(struct json_object *row)
{
    struct json_object *v;
    if (!json_object_is_type(row, json_type_object) || !json_object_object_get_ex(row, "vmid", &v))
        return 0;
    if (json_object_is_type(v, json_type_int)) {
        int64_t n = json_object_get_int64(v);
        return n > 0 && n <= VMID_MAX ? (unsigned)n : 0;
    }
    if (!json_object_is_type(v, json_type_string))
        return 0;
    const char *s = json_object_get_string(v);
    unsigned long n = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || (n = n * 10 + (unsigned long)(*s - '0')) > VMID_MAX)
            return 0;
    }
    return (unsigned)n;
}

bool pve_resource_parse(struct json_object *row, struct pve_resource *out)
{
    struct json_object *v;
    out->vmid = pve_row_vmid(row);
    out->type = text_of(row, "type");
    out->node = text_of(row, "node");
    out->name = text_of(row, "name");
    out->status = text_of(row, "status");
    out->pool = text_of(row, "pool");
    out->tags = text_of(row, "tags");
    bool obj = json_object_is_type(row, json_type_object);
    out->is_template = obj && json_object_object_get_ex(row, "template", &v) &&
                       json_object_get_int(v) == 1;
    out->ha = obj && json_object_object_get_ex(row, "hastate", NULL);
    return !strcmp(out->type, "qemu") && out->vmid && *out->node;
}

bool pve_resources_find(struct json_object *rows, unsigned vmid, struct pve_resource *out)
{
    size_t n = json_object_is_type(rows, json_type_array) ? json_object_array_length(rows) : 0;
    for (size_t i = 0; i < n; i++)
        if (pve_resource_parse(json_object_array_get_idx(rows, i), out) && out->vmid == vmid)
            return true;
    return false;
}
