/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fake's resource listings, as pve-manager builds them (PVE/API2/Cluster.pm "resources",
 * PVE/API2/Pool.pm, PVE/API2Tools.pm extract_vm_stats):
 *
 *  GET /cluster/resources[?type=vm|storage|node|sdn]
 *      VM rows: the stats row of extract_vm_stats plus "lock" and "tags" (raw config values,
 *      tags ';'-separated as PVE writes them) and "pool" (only with Pool.Audit on that pool,
 *      else the key is dropped); rows of VMs without VM.Audit are silently omitted. Without
 *      type the pools the caller may audit come first as rows {"id":"/pool/P","type":"pool"}.
 *  GET /pools                  pools with Pool.Audit: [{"poolid","comment"}]. PVE >= 8 also
 *      takes poolid (and type, which requires poolid) and then returns that pool with its
 *      members; its Pool.Audit check is made with noerr and its result unused in pve-manager
 *      8/9, so this answer does not check it either.
 *  GET /pools/{poolid}         Pool.Audit on /pool/{poolid} (403 otherwise), 500 "pool 'X'
 *      does not exist", {"comment","members":[stats rows]} (PVE >= 8 adds "poolid"); the
 *      members are every VM of the pool that exists, whatever the caller's VM.Audit. */
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "fake.h"

/* extract_vm_stats: what every listing says about a guest (the stats come from RRD data). */
static struct json_object *vm_stats(const struct fake_vm *vm)
{
    struct json_object *r = json_object_new_object(), *name;
    char id[32];
    snprintf(id, sizeof(id), "qemu/%d", vm->vmid);
    json_object_object_add(r, "id", json_object_new_string(id));
    json_object_object_add(r, "vmid", json_object_new_int(vm->vmid));
    json_object_object_add(r, "node", json_object_new_string(vm->node));
    json_object_object_add(r, "type", json_object_new_string("qemu"));
    /* status from stale RRD data in real PVE: tests must not rely on it */
    json_object_object_add(r, "status", json_object_new_string(vm->status));
    double up = vm->started_at > 0 ? fake_now() - vm->started_at : 0;
    json_object_object_add(r, "uptime", json_object_new_int((int)up));
    if (json_object_object_get_ex(vm->config, "name", &name))
        json_object_object_add(r, "name", json_object_get(name));
    json_object_object_add(r, "template", json_object_new_int(vm->template));
    json_object_object_add(r, "maxcpu", json_object_new_int(2));
    json_object_object_add(r, "maxmem", json_object_new_int64(2147483648LL));
    return r;
}

/* Pool.Audit anywhere below /pool (a simplification: real PVE checks each pool's path). */
static bool can_audit_pool(const struct fake_token *t)
{
    return fake_has_priv(t, "Pool.Audit", "/pool");
}

void fake_get_resources(const struct fake_token *t, const struct fake_params *q, struct fake_resp *rs)
{
    if (!fake_check_params(q, " type ", "", rs))
        return;
    const char *type = fake_param(q, "type");
    if (type && strcmp(type, "vm") && strcmp(type, "storage") && strcmp(type, "node") && strcmp(type, "sdn")) {
        char m[1200];
        snprintf(m, sizeof(m), "value '%s' does not have a value in the enumeration 'vm, storage, node, sdn'", type);
        fake_param_error(rs, "type", m);
        return;
    }
    struct json_object *arr = json_object_new_array();
    if (!type)
        for (int i = 0; i < F.npools && can_audit_pool(t); i++) {
            struct json_object *r = json_object_new_object();
            char id[80];
            snprintf(id, sizeof(id), "/pool/%s", F.pools[i].id);
            json_object_object_add(r, "id", json_object_new_string(id));
            json_object_object_add(r, "pool", json_object_new_string(F.pools[i].id));
            json_object_object_add(r, "type", json_object_new_string("pool"));
            json_object_array_add(arr, r);
        }
    if (!type || !strcmp(type, "vm"))
        for (int i = 0; i < F.nvms; i++) {
            struct fake_vm *vm = &F.vms[i];
            char vmpath[32];
            snprintf(vmpath, sizeof(vmpath), "/vms/%d", vm->vmid);
            if (!fake_has_priv(t, "VM.Audit", vmpath))   /* rows silently omitted */
                continue;
            struct json_object *r = vm_stats(vm), *tags;
            if (vm->lock[0])
                json_object_object_add(r, "lock", json_object_new_string(vm->lock));
            if (json_object_object_get_ex(vm->config, "tags", &tags))
                json_object_object_add(r, "tags", json_object_get(tags));
            if (vm->pool[0] && can_audit_pool(t))
                json_object_object_add(r, "pool", json_object_new_string(vm->pool));
            if (vm->ha)
                json_object_object_add(r, "hastate", json_object_new_string("started"));
            json_object_array_add(arr, r);
        }
    fake_set_json(rs, arr);
}

/* verify_poolname (pve-access-control): up to 3 levels of [A-Za-z0-9.-_]+ joined by '/'. */
static bool poolid_valid(const char *id, struct fake_resp *rs)
{
    regex_t re;
    regcomp(&re, "^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+){0,2}$", REG_EXTENDED | REG_NOSUB);
    bool ok = regexec(&re, id, 0, NULL, 0) == 0;
    regfree(&re);
    if (!ok) {
        char m[300];
        snprintf(m, sizeof(m), "invalid format - pool name '%.200s' contains invalid characters\n", id);
        fake_param_error(rs, "poolid", m);
    }
    return ok;
}

static bool type_valid(const char *type, struct fake_resp *rs)
{
    if (!type || !strcmp(type, "qemu") || !strcmp(type, "lxc") || !strcmp(type, "storage"))
        return true;
    char m[300];
    snprintf(m, sizeof(m), "value '%.200s' does not have a value in the enumeration 'qemu, lxc, storage'", type);
    fake_param_error(rs, "type", m);
    return false;
}

/* The pool's configuration: its members are the VMs of the pool that exist. */
static struct json_object *pool_info(const struct fake_pool *p, const char *type, bool with_id)
{
    struct json_object *o = json_object_new_object(), *members = json_object_new_array();
    for (int i = 0; i < F.nvms; i++)
        if (!strcmp(F.vms[i].pool, p->id) && (!type || !strcmp(type, "qemu")))
            json_object_array_add(members, vm_stats(&F.vms[i]));
    json_object_object_add(o, "members", members);
    if (p->comment[0])
        json_object_object_add(o, "comment", json_object_new_string(p->comment));
    if (with_id)
        json_object_object_add(o, "poolid", json_object_new_string(p->id));
    return o;
}

void fake_get_pools(const struct fake_token *t, const struct fake_params *q, struct fake_resp *rs)
{
    if (!fake_check_params(q, F.profile >= 8 ? " poolid type " : " ", "", rs))
        return;
    const char *poolid = fake_param(q, "poolid"), *type = fake_param(q, "type");
    if (type && !poolid) {
        fake_param_error(rs, "poolid", "missing property required by 'type'");
        return;
    }
    if ((poolid && !poolid_valid(poolid, rs)) || !type_valid(type, rs))
        return;
    struct json_object *arr = json_object_new_array();
    if (poolid) {
        const struct fake_pool *p = fake_pool_find(poolid);
        if (!p) {
            json_object_put(arr);
            fake_set_err(rs, 500, NULL, "pool '%s' does not exist", poolid);
            return;
        }
        json_object_array_add(arr, pool_info(p, type, true));
    } else {
        for (int i = 0; i < F.npools && can_audit_pool(t); i++) {
            struct json_object *o = json_object_new_object();
            json_object_object_add(o, "poolid", json_object_new_string(F.pools[i].id));
            if (F.pools[i].comment[0])
                json_object_object_add(o, "comment", json_object_new_string(F.pools[i].comment));
            json_object_array_add(arr, o);
        }
    }
    fake_set_json(rs, arr);
}

void fake_get_pool(const struct fake_token *t, const char *poolid, const struct fake_params *q,
                   struct fake_resp *rs)
{
    if (!fake_check_params(q, " type ", "", rs) || !poolid_valid(poolid, rs))
        return;
    char path[160];
    snprintf(path, sizeof(path), "/pool/%s", poolid);
    if (!fake_need(t, path, "Pool.Audit", rs))
        return;
    const char *type = fake_param(q, "type");
    if (!type_valid(type, rs))
        return;
    const struct fake_pool *p = fake_pool_find(poolid);
    if (!p) {
        fake_set_err(rs, 500, NULL, "pool '%s' does not exist", poolid);
        return;
    }
    fake_set_json(rs, pool_info(p, type, F.profile >= 8));
}
