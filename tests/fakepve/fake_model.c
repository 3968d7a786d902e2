/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fake's model: nodes, VMs, tasks on a clock the test can advance (reference 3.3). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake.h"

struct fake F;

double fake_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9 + F.clock_offset;
}

struct fake_vm *fake_vm_find(int vmid)
{
    for (int i = 0; i < F.nvms; i++)
        if (F.vms[i].vmid == vmid)
            return &F.vms[i];
    return NULL;
}

struct fake_node *fake_node_find(const char *name)
{
    for (int i = 0; i < F.nnodes; i++)
        if (!strcmp(F.nodes[i].name, name))
            return &F.nodes[i];
    return NULL;
}

struct fake_pool *fake_pool_find(const char *id)
{
    for (int i = 0; i < F.npools; i++)
        if (!strcmp(F.pools[i].id, id))
            return &F.pools[i];
    return NULL;
}

struct fake_task *fake_task_find(const char *upid)
{
    for (int i = 0; i < F.ntasks; i++)
        if (!strcmp(F.tasks[i].upid, upid))
            return &F.tasks[i];
    return NULL;
}

const char *fake_task_new(struct fake_vm *vm, const char *node, const char *type, const char *user,
                          enum task_kind kind, double secs)
{
    char id[16];
    snprintf(id, sizeof(id), "%d", vm ? vm->vmid : 0);
    return fake_task_new_id(node, type, id, user, kind, secs);
}

const char *fake_task_new_id(const char *node, const char *type, const char *id, const char *user,
                             enum task_kind kind, double secs)
{
    if (F.ntasks == MAX_TASKS) {
        memmove(F.tasks, F.tasks + MAX_TASKS / 2, sizeof(F.tasks[0]) * (MAX_TASKS / 2));
        F.ntasks = MAX_TASKS / 2;
    }
    struct fake_task *t = &F.tasks[F.ntasks++];
    memset(t, 0, sizeof(*t));
    unsigned seq = ++F.task_seq;
    snprintf(t->upid, sizeof(t->upid), "UPID:%s:%08X:%08X:%08X:%s:%s:%s:", node, 0x10000 + seq,
             0x100000 + seq * 7, (unsigned)time(NULL), type, id, user);
    snprintf(t->node, sizeof(t->node), "%s", node);
    snprintf(t->type, sizeof(t->type), "%s", type);
    snprintf(t->user, sizeof(t->user), "%s", user);
    t->vmid = atoi(id);
    t->kind = kind;
    t->running = true;
    t->done_at = fake_now() + secs;
    return t->upid;
}

void fake_vm_apply_pending(struct fake_vm *vm)
{
    json_object_object_foreach(vm->pending, key, val) {
        if (val)
            json_object_object_add(vm->config, key, json_object_get(val));
        else
            json_object_object_del(vm->config, key);
    }
    json_object_put(vm->pending);
    vm->pending = json_object_new_object();
}

static void vm_stopped(struct fake_vm *vm)
{
    snprintf(vm->status, sizeof(vm->status), "stopped");
    snprintf(vm->qmpstatus, sizeof(vm->qmpstatus), "stopped");
    vm->started_at = 0;
}

static void vm_started(struct fake_vm *vm)
{
    fake_vm_apply_pending(vm);
    snprintf(vm->status, sizeof(vm->status), "running");
    snprintf(vm->qmpstatus, sizeof(vm->qmpstatus), "running");
    vm->started_at = fake_now();
}

static struct fake_task *running_shutdown(int vmid)
{
    for (int i = 0; i < F.ntasks; i++)
        if (F.tasks[i].running && F.tasks[i].vmid == vmid && F.tasks[i].kind == T_SHUTDOWN)
            return &F.tasks[i];
    return NULL;
}

static void finish(struct fake_task *t, const char *exitstatus)
{
    t->running = false;
    if (exitstatus != t->exitstatus)
        memmove(t->exitstatus, exitstatus, strnlen(exitstatus, sizeof(t->exitstatus) - 1) + 1);
    t->exitstatus[sizeof(t->exitstatus) - 1] = '\0';
    fprintf(F.log, "# task %s -> %s\n", t->upid, exitstatus);
}

void fake_task_log(struct fake_task *t, const char *fmt, ...)
{
    size_t l = strlen(t->log);
    if (l + 2 >= sizeof(t->log))
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->log + l, sizeof(t->log) - l - 1, fmt, ap);
    va_end(ap);
    l = strlen(t->log);
    t->log[l] = '\n';
    t->log[l + 1] = '\0';
}

static void complete(struct fake_task *t)
{
    struct fake_vm *vm = fake_vm_find(t->vmid);
    if (t->exitstatus[0]) {         /* decided when it was created */
        finish(t, t->exitstatus);
        return;
    }
    if (t->kind == T_IMGDEL) {
        fake_storage_task_done(t);
        finish(t, t->exitstatus[0] ? t->exitstatus : "OK");
        return;
    }
    if (t->kind == T_DOWNLOAD)
        return;                     /* its thread ends it */
    if (!vm) {
        finish(t, "unexpected status");
        return;
    }
    switch (t->kind) {
    case T_START:
        vm_started(vm);
        finish(t, "OK");
        break;
    case T_STOP:
        if (t->blocked_by_shutdown && running_shutdown(vm->vmid)) {
            char msg[128];
            snprintf(msg, sizeof(msg), "can't lock file '/var/lock/qemu-server/lock-%d.conf' - got timeout",
                     vm->vmid);
            finish(t, msg);
            break;
        }
        vm_stopped(vm);
        finish(t, "OK");
        break;
    case T_SHUTDOWN:
        if (vm->acpi && vm->shutdown_secs <= t->timeout) {
            vm_stopped(vm);
            finish(t, "OK");
        } else if (t->force) {
            vm_stopped(vm);
            finish(t, "OK");
        } else {
            finish(t, "VM quit/powerdown failed - got timeout");
        }
        break;
    case T_RESET:
        vm->resets++;
        vm->started_at = fake_now();
        finish(t, "OK");
        break;
    case T_HA:
    case T_CONFIG:
    case T_DOWNLOAD:
    case T_IMGDEL:
        finish(t, "OK");
        break;
    }
}

void fake_tick(void)
{
    double now = fake_now();
    /* Stops waiting for a lock finish after the shutdown they wait for. */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < F.ntasks; i++) {
            struct fake_task *t = &F.tasks[i];
            if (t->running && t->done_at <= now && (pass == 1 || t->kind == T_SHUTDOWN))
                complete(t);
        }
    for (int i = 0; i < F.nvms; i++) {
        struct fake_vm *vm = &F.vms[i];
        if (vm->migrate_until > 0 && now >= vm->migrate_until) {
            fprintf(F.log, "# VM %d migrated %s -> %s\n", vm->vmid, vm->node, vm->migrate_to);
            snprintf(vm->node, sizeof(vm->node), "%s", vm->migrate_to);
            vm->lock[0] = '\0';
            vm->migrate_until = 0;
        }
        if (vm->ha_due > 0 && now >= vm->ha_due) {
            if (!strcmp(vm->ha_target, "started"))
                vm_started(vm);
            else
                vm_stopped(vm);
            vm->ha_due = 0;
        }
    }
}

/* Proxmox gives every VM its own SMBIOS UUID at creation (smbios1: uuid=...): a fixed
 * one per VMID here, so tests know what the BMC must report. */
void fake_vm_set_smbios(struct fake_vm *vm)
{
    char v[96];
    snprintf(v, sizeof(v), "uuid=5e1f0c3a-7d2b-4c6e-9a81-%012d", vm->vmid);
    json_object_object_add(vm->config, "smbios1", json_object_new_string(v));
}

void fake_init_defaults(void)
{
    F.profile = 8;
    F.auth_delay_ms = 3000;
    F.nnodes = 2;
    snprintf(F.nodes[0].name, sizeof(F.nodes[0].name), "pve1");
    snprintf(F.nodes[1].name, sizeof(F.nodes[1].name), "pve2");
    F.nodes[0].online = F.nodes[1].online = true;
    F.ntokens = 1;
    struct fake_token *t = &F.tokens[0];
    snprintf(t->id, sizeof(t->id), "bmc@pve!ipmi");
    snprintf(t->secret, sizeof(t->secret), "0f6a1c2e-1111-4222-8333-944455556666");
    snprintf(t->privs, sizeof(t->privs), " VM.Audit VM.PowerMgmt VM.Config.Disk VM.Config.Options VM.Console VM.Monitor Sys.Modify Pool.Audit "
             "VM.Config.CDROM Datastore.AllocateTemplate Datastore.Audit Datastore.Allocate Sys.Audit ");
    t->enabled = true;
    F.nvms = 1;
    struct fake_vm *vm = &F.vms[0];
    vm->vmid = 100;
    snprintf(vm->node, sizeof(vm->node), "pve1");
    vm_stopped(vm);
    vm->acpi = true;
    vm->start_secs = 1;
    vm->stop_secs = 1;
    vm->shutdown_secs = 2;
    vm->ha_secs = 2;
    vm->config = json_tokener_parse(
        "{\"name\":\"cn001\",\"boot\":\"order=scsi0;ide2;net0\",\"scsi0\":\"local-lvm:vm-100-disk-0,size=32G\","
        "\"ide2\":\"local:iso/debian.iso,media=cdrom\",\"net0\":\"virtio=BC:24:11:00:00:01,bridge=vmbr0\","
        "\"bios\":\"seabios\",\"serial0\":\"socket\",\"memory\":\"2048\",\"cores\":2}");
    fake_vm_set_smbios(vm);
    vm->pending = json_object_new_object();
    fake_storage_defaults();
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void decode(const char *s, size_t len, char *out, size_t outlen)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < outlen; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
}

void fake_parse_params(const char *s, size_t len, struct fake_params *p)
{
    size_t i = 0;
    while (i < len && p->n < 32) {
        size_t j = i;
        while (j < len && s[j] != '&')
            j++;
        const char *eq = memchr(s + i, '=', j - i);
        size_t kl = eq ? (size_t)(eq - (s + i)) : j - i;
        if (kl) {
            decode(s + i, kl, p->key[p->n], sizeof(p->key[0]));
            if (eq)
                decode(eq + 1, (size_t)(s + j - eq - 1), p->val[p->n], sizeof(p->val[0]));
            else
                p->val[p->n][0] = '\0';
            p->n++;
        }
        i = j + 1;
    }
}

const char *fake_param(const struct fake_params *p, const char *key)
{
    for (int i = 0; i < p->n; i++)
        if (!strcmp(p->key[i], key))
            return p->val[i];
    return NULL;
}

/* A fleet for the scale benchmark: VMIDs 1000, 1001, ... round-robin over pve1..pveK, all
 * running, no serial port (the console bridge has nothing to attach to), the same settings
 * as the default VM 100 otherwise. */
int fake_init_fleet(int nvms, int nnodes, char *err, size_t errlen)
{
    if (nvms < 1 || nvms > MAX_VMS) {
        snprintf(err, errlen, "--vms %d: use 1..%d", nvms, MAX_VMS);
        return -1;
    }
    if (nnodes < 1 || nnodes > MAX_NODES) {
        snprintf(err, errlen, "--nodes %d: use 1..%d", nnodes, MAX_NODES);
        return -1;
    }
    for (int i = 0; i < F.nvms; i++) {
        json_object_put(F.vms[i].config);
        json_object_put(F.vms[i].pending);
    }
    F.nnodes = nnodes;
    for (int n = 0; n < nnodes; n++) {
        snprintf(F.nodes[n].name, sizeof(F.nodes[n].name), "pve%d", n + 1);
        F.nodes[n].online = true;
    }
    F.nvms = nvms;
    for (int i = 0; i < nvms; i++) {
        struct fake_vm *vm = &F.vms[i];
        memset(vm, 0, sizeof(*vm));
        vm->vmid = 1000 + i;
        snprintf(vm->node, sizeof(vm->node), "%s", F.nodes[i % nnodes].name);
        vm->acpi = true;
        vm->start_secs = 1;
        vm->stop_secs = 1;
        vm->shutdown_secs = 2;
        vm->ha_secs = 2;
        char cfg[512];
        snprintf(cfg, sizeof(cfg),
                 "{\"name\":\"cn%04d\",\"boot\":\"order=scsi0;net0\",\"scsi0\":\"local-lvm:vm-%d-disk-0,size=32G\","
                 "\"net0\":\"virtio=BC:24:11:%02X:%02X:%02X,bridge=vmbr0\",\"bios\":\"seabios\","
                 "\"memory\":\"2048\",\"cores\":2}",
                 i + 1, vm->vmid, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
        vm->config = json_tokener_parse(cfg);
        fake_vm_set_smbios(vm);
        vm->pending = json_object_new_object();
        vm_started(vm);   /* after pending exists: it applies it */
    }
    return 0;
}
