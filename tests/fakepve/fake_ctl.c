/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
/* Test control of the fake (reference 3.5), one command per line in POST /_fake:
 *   vm ID key=value...     status= qmpstatus= lock= ha=0|1 acpi=0|1 node= shutdown_secs=
 *                          start_secs= stop_secs= ha_secs= (the HA manager's delay, 2)
 *                          pool=NAME ("" none; the pool must exist) template=0|1
 *                          cfg.KEY=VALUE (empty value deletes KEY; tags as PVE writes them:
 *                          cfg.tags=hpc;gpu)
 *   pool ID [COMMENT...]   create a pool (or set its comment)     delvm ID (destroy a VM)
 *   node NAME online=0|1   migrate ID TO_NODE SECONDS (lock=migrate, then the config moves)
 *   fail METHOD|* PATH_SUBSTRING CODE REASON...   (the next matching request)
 *   failall METHOD|* PATH_SUBSTRING CODE REASON... (every one, until "clearfail") 
 *   latency PATH_SUBSTRING MS     advance SECONDS     profile 7|8|9
 *   json_message 0|1       auth_delay MS       privs TOKENID PRIV...    listen 0|1
 *   show ID                (the VM as JSON: state, current config, pending, counters)
 *   user ID PASSWORD [PRIV...], user_del ID, user_enable ID 0|1, auth_stats  (fake_auth.c)
 *   console_stats, console_token 0|1, console_say ID TEXT, console_reset,
 *   console_ticker ID MS   (a numbered line every MS ms)                       (fake_console.c)
 *   addvm ID NODE          (a copy of the first VM's defaults, stopped, on NODE, no pool,
 *                          new MACs on its NICs as a clone gets them)
 *   cost US                (every API request holds the one API worker US microseconds)
 *   stats [reset]          (requests per class since the last reset: "CLASS COUNT PER_SECOND")
 *   cost_stats [reset]     (the cost model's counters: connections, queueing, fake_cost.c)
 *   storage NAME key=value..., storage_show, download_rate BYTES, volume_add VOLID NODE SIZE
 *                          (fake_storage.c)
 *   privs TOKENID takes PRIV (everywhere) or PRIV@/path (that path and below) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"
#include "fake_console.h"
#include "fake_cost.h"

void fake_set_listening(bool on);

char *fake_answer(const char *fmt, ...)
{
    char *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

static char *show(struct fake_vm *vm)
{
    struct json_object *o = json_object_new_object();
    json_object_object_add(o, "node", json_object_new_string(vm->node));
    json_object_object_add(o, "status", json_object_new_string(vm->status));
    json_object_object_add(o, "qmpstatus", json_object_new_string(vm->qmpstatus));
    json_object_object_add(o, "lock", json_object_new_string(vm->lock));
    json_object_object_add(o, "pool", json_object_new_string(vm->pool));
    json_object_object_add(o, "config", json_object_get(vm->config));
    json_object_object_add(o, "pending", json_object_get(vm->pending));
    json_object_object_add(o, "nmi", json_object_new_int(vm->nmi_count));
    json_object_object_add(o, "resets", json_object_new_int(vm->resets));
    char *s = fake_answer("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
    json_object_put(o);
    return s;
}

static char *vm_set(struct fake_vm *vm, char *save)
{
    for (char *kv = strtok_r(NULL, " ", &save); kv; kv = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq)
            return fake_answer("error: %s is not key=value\n", kv);
        *eq = '\0';
        const char *k = kv, *v = eq + 1;
        if (!strcmp(k, "status")) {
            snprintf(vm->status, sizeof(vm->status), "%s", v);
            snprintf(vm->qmpstatus, sizeof(vm->qmpstatus), "%s", v);
            vm->started_at = !strcmp(v, "running") ? fake_now() : 0;
            if (!strcmp(v, "running"))
                fake_vm_apply_pending(vm);
        } else if (!strcmp(k, "qmpstatus")) snprintf(vm->qmpstatus, sizeof(vm->qmpstatus), "%s", v);
        else if (!strcmp(k, "lock")) snprintf(vm->lock, sizeof(vm->lock), "%s", v);
        else if (!strcmp(k, "node")) snprintf(vm->node, sizeof(vm->node), "%s", v);
        else if (!strcmp(k, "ha")) vm->ha = atoi(v);
        else if (!strcmp(k, "acpi")) vm->acpi = atoi(v);
        else if (!strcmp(k, "shutdown_secs")) vm->shutdown_secs = atof(v);
        else if (!strcmp(k, "start_secs")) vm->start_secs = atof(v);
        else if (!strcmp(k, "stop_secs")) vm->stop_secs = atof(v);
        else if (!strcmp(k, "template")) vm->template = atoi(v);
        else if (!strcmp(k, "pool")) {
            if (*v && !fake_pool_find(v))
                return fake_answer("error: no pool %s\n", v);
            snprintf(vm->pool, sizeof(vm->pool), "%s", v);
        }
        else if (!strcmp(k, "ha_secs")) vm->ha_secs = atof(v);
        else if (!strncmp(k, "cfg.", 4)) {
            if (*v)
                json_object_object_add(vm->config, k + 4, json_object_new_string(v));
            else
                json_object_object_del(vm->config, k + 4);
        } else {
            return fake_answer("error: unknown vm field %s\n", k);
        }
    }
    return strdup("ok\n");
}

static const char *class_name[RC_COUNT] = { "node_qemu", "status_current", "power", "tasks",
                                            "resources", "config", "other" };

static char *stats(const char *arg)
{
    double now = fake_monotonic(), secs = now - F.stats_since;
    if (arg && !strcmp(arg, "reset")) {
        memset(F.stats, 0, sizeof(F.stats));
        F.stats_since = now;
        return strdup("ok\n");
    }
    char *out = fake_answer("seconds %.3f\n", secs);
    unsigned long total = 0;
    for (int i = 0; i < RC_COUNT && out; i++) {
        total += F.stats[i];
        char *more = fake_answer("%s%s %lu %.3f\n", out, class_name[i], F.stats[i],
                            secs > 0 ? (double)F.stats[i] / secs : 0.0);
        free(out);
        out = more;
    }
    if (out) {
        char *more = fake_answer("%stotal %lu %.3f\n", out, total, secs > 0 ? (double)total / secs : 0.0);
        free(out);
        out = more;
    }
    return out;
}

/* A clone's NICs get new MACs: "MODEL=MAC,rest" -> the MAC derived from VMID and NIC. */
static void new_macs(struct fake_vm *vm)
{
    for (int n = 0; n < 32; n++) {
        char key[8];
        snprintf(key, sizeof(key), "net%d", n);
        struct json_object *v;
        if (!json_object_object_get_ex(vm->config, key, &v))
            continue;
        const char *s = json_object_get_string(v), *eq = strchr(s, '='), *comma = strchr(s, ',');
        if (!eq || (comma && comma < eq))
            continue;
        char nic[512];
        snprintf(nic, sizeof(nic), "%.*s=BC:24:11:%02X:%02X:%02X%s", (int)(eq - s), s,
                 (vm->vmid >> 8) & 0xff, vm->vmid & 0xff, n, comma ? comma : "");
        json_object_object_add(vm->config, key, json_object_new_string(nic));
    }
}

static char *add_vm(const char *id, const char *node)
{
    int vmid = id ? atoi(id) : 0;
    if (vmid <= 0 || !node || !fake_node_find(node))
        return strdup("error: addvm ID NODE\n");
    if (fake_vm_find(vmid))
        return fake_answer("error: VM %d exists\n", vmid);
    if (F.nvms == MAX_VMS)
        return strdup("error: too many VMs\n");
    struct fake_vm *vm = &F.vms[F.nvms++];
    *vm = F.vms[0];
    vm->vmid = vmid;
    snprintf(vm->node, sizeof(vm->node), "%s", node);
    snprintf(vm->status, sizeof(vm->status), "stopped");
    snprintf(vm->qmpstatus, sizeof(vm->qmpstatus), "stopped");
    vm->lock[0] = '\0';
    vm->started_at = vm->migrate_until = vm->ha_due = 0;
    vm->nmi_count = vm->resets = 0;
    vm->config = NULL;
    if (json_object_deep_copy(F.vms[0].config, &vm->config, NULL) || !vm->config)
        vm->config = json_object_new_object();
    fake_vm_set_smbios(vm);
    vm->pending = json_object_new_object();
    vm->pool[0] = '\0';
    vm->template = false;
    new_macs(vm);
    return strdup("ok\n");
}

static char *del_vm(const char *id)
{
    struct fake_vm *vm = id ? fake_vm_find(atoi(id)) : NULL;
    if (!vm)
        return strdup("error: delvm ID\n");
    json_object_put(vm->config);
    json_object_put(vm->pending);
    *vm = F.vms[--F.nvms];
    return strdup("ok\n");
}

static char *add_pool(const char *id, const char *comment)
{
    if (!id || !*id)
        return strdup("error: pool ID [COMMENT]\n");
    struct fake_pool *p = fake_pool_find(id);
    if (!p) {
        if (F.npools == MAX_POOLS)
            return strdup("error: too many pools\n");
        p = &F.pools[F.npools++];
        snprintf(p->id, sizeof(p->id), "%s", id);
    }
    snprintf(p->comment, sizeof(p->comment), "%s", comment ? comment : "");
    return strdup("ok\n");
}

static char *one(char *line)
{
    char *save = NULL;
    char *cmd = strtok_r(line, " ", &save);
    if (!cmd)
        return strdup("");
    char *a1 = NULL, *a2 = NULL;
    if (!strcmp(cmd, "vm") || !strcmp(cmd, "show")) {
        a1 = strtok_r(NULL, " ", &save);
        struct fake_vm *vm = a1 ? fake_vm_find(atoi(a1)) : NULL;
        if (!vm)
            return fake_answer("error: no VM %s\n", a1 ? a1 : "");
        fake_tick();
        return !strcmp(cmd, "show") ? show(vm) : vm_set(vm, save);
    }
    if (!strcmp(cmd, "node")) {
        a1 = strtok_r(NULL, " ", &save);
        a2 = strtok_r(NULL, " ", &save);
        struct fake_node *n = a1 ? fake_node_find(a1) : NULL;
        if (!n || !a2 || strncmp(a2, "online=", 7))
            return strdup("error: node NAME online=0|1\n");
        n->online = atoi(a2 + 7);
        return strdup("ok\n");
    }
    if (!strcmp(cmd, "migrate")) {
        a1 = strtok_r(NULL, " ", &save);
        a2 = strtok_r(NULL, " ", &save);
        char *a3 = strtok_r(NULL, " ", &save);
        struct fake_vm *vm = a1 ? fake_vm_find(atoi(a1)) : NULL;
        if (!vm || !a2 || !a3 || !fake_node_find(a2))
            return strdup("error: migrate ID NODE SECONDS\n");
        snprintf(vm->lock, sizeof(vm->lock), "migrate");
        snprintf(vm->migrate_to, sizeof(vm->migrate_to), "%s", a2);
        vm->migrate_until = fake_now() + atof(a3);
        return strdup("ok\n");
    }
    if (!strcmp(cmd, "stats"))
        return stats(strtok_r(NULL, " ", &save));
    if (!strcmp(cmd, "cost_stats"))
        return fake_cost_stats(strtok_r(NULL, " ", &save));
    if (!strcmp(cmd, "delvm"))
        return del_vm(strtok_r(NULL, " ", &save));
    if (!strcmp(cmd, "pool")) {
        a1 = strtok_r(NULL, " ", &save);
        return add_pool(a1, save);
    }
    if (!strcmp(cmd, "addvm")) {
        a1 = strtok_r(NULL, " ", &save);
        return add_vm(a1, strtok_r(NULL, " ", &save));
    }
    if (!strcmp(cmd, "clearfail")) {
        F.nfails = 0;
        return strdup("ok\n");
    }
    if (!strcmp(cmd, "fail") || !strcmp(cmd, "failall")) {
        char *m = strtok_r(NULL, " ", &save), *p = strtok_r(NULL, " ", &save);
        char *code = strtok_r(NULL, " ", &save);
        if (!m || !p || !code || !save || F.nfails == MAX_FAILS)
            return strdup("error: fail METHOD PATH CODE REASON\n");
        struct fake_fail *f = &F.fails[F.nfails++];
        snprintf(f->method, sizeof(f->method), "%s", m);
        snprintf(f->path, sizeof(f->path), "%s", p);
        f->code = atoi(code);
        f->always = !strcmp(cmd, "failall");
        snprintf(f->reason, sizeof(f->reason), "%s", save);
        return strdup("ok\n");
    }
    if (!strcmp(cmd, "latency")) {
        char *p = strtok_r(NULL, " ", &save), *ms = strtok_r(NULL, " ", &save);
        if (!p || !ms)
            return strdup("error: latency PATH MS\n");
        for (int i = 0; i < F.nlats; i++)
            if (!strcmp(F.lats[i].path, p)) {
                F.lats[i].ms = atoi(ms);
                return strdup("ok\n");
            }
        if (F.nlats == MAX_LAT)
            return strdup("error: too many\n");
        snprintf(F.lats[F.nlats].path, sizeof(F.lats[0].path), "%s", p);
        F.lats[F.nlats++].ms = atoi(ms);
        return strdup("ok\n");
    }
    if (!strcmp(cmd, "privs")) {
        a1 = strtok_r(NULL, " ", &save);
        for (int i = 0; a1 && i < F.ntokens; i++)
            if (!strcmp(F.tokens[i].id, a1)) {
                snprintf(F.tokens[i].privs, sizeof(F.tokens[i].privs), " %s ", save ? save : "");
                return strdup("ok\n");
            }
        return strdup("error: privs TOKENID PRIVS...\n");
    }
    a1 = strtok_r(NULL, " ", &save);
    if (!a1)
        return fake_answer("error: %s needs an argument\n", cmd);
    if (!strcmp(cmd, "advance")) F.clock_offset += atof(a1);
    else if (!strcmp(cmd, "profile")) F.profile = atoi(a1);
    else if (!strcmp(cmd, "json_message")) F.json_message = atoi(a1);
    else if (!strcmp(cmd, "auth_delay")) F.auth_delay_ms = atoi(a1);
    else if (!strcmp(cmd, "listen")) fake_set_listening(atoi(a1));
    else if (!strcmp(cmd, "cost")) __atomic_store_n(&F.request_cost_us, (unsigned)atoi(a1), __ATOMIC_RELAXED);
    else return fake_answer("error: unknown command %s\n", cmd);
    return strdup("ok\n");
}

char *fake_ctl(const char *cmds)
{
    char *copy = strdup(cmds), *save = NULL;
    size_t total = 0;
    char *out = calloc(1, 1);
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        fake_ctl_log(line);
        char *a = fake_console_ctl(line);
        if (!a)
            a = fake_auth_ctl(line);
        if (!a)
            a = fake_storage_ctl(line);
        if (!a)
            a = one(line);
        if (!a)
            continue;
        size_t l = strlen(a);
        out = realloc(out, total + l + 1);
        memcpy(out + total, a, l + 1);
        total += l;
        free(a);
    }
    free(copy);
    return out;
}
