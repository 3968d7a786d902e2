/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fake's endpoints (reference 1.5 and 3.4): exact paths, parameters, error texts. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fake.h"
#include "fake_console.h"

void fake_set_json(struct fake_resp *rs, struct json_object *data)
{
    struct json_object *root = json_object_new_object();
    json_object_object_add(root, "data", data);
    rs->code = 200;
    snprintf(rs->reason, sizeof(rs->reason), "OK");
    rs->body = strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
    json_object_put(root);
}

void fake_set_err(struct fake_resp *rs, int code, struct json_object *errors, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rs->reason, sizeof(rs->reason), fmt, ap);
    va_end(ap);
    rs->code = code;
    if (code == 401) {      /* empty body for /api2/json */
        rs->body = strdup("");
        json_object_put(errors);
        return;
    }
    struct json_object *root = json_object_new_object();
    json_object_object_add(root, "data", NULL);
    if (errors)
        json_object_object_add(root, "errors", errors);
    if (F.json_message) {
        char msg[600];
        snprintf(msg, sizeof(msg), "%s\n", rs->reason);
        json_object_object_add(root, "message", json_object_new_string(msg));
    }
    rs->body = strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
    json_object_put(root);
}

void fake_param_error(struct fake_resp *rs, const char *param, const char *msg)
{
    struct json_object *e = json_object_new_object();
    json_object_object_add(e, param, json_object_new_string(msg));
    fake_set_err(rs, 400, e, "Parameter verification failed.");
}

/* Unknown parameters and non-0/1 booleans are 400, as in PVE's JSONSchema. */
bool fake_check_params(const struct fake_params *p, const char *allowed, const char *bools,
                       struct fake_resp *rs)
{
    for (int i = 0; i < p->n; i++) {
        char k[80];
        snprintf(k, sizeof(k), " %s ", p->key[i]);
        if (!strstr(allowed, k)) {
            fake_param_error(rs, p->key[i], "property is not defined in schema and the schema does not "
                      "allow additional properties");
            return false;
        }
        if (strstr(bools, k) && strcmp(p->val[i], "0") && strcmp(p->val[i], "1")) {
            char m[1200];
            snprintf(m, sizeof(m), "type check ('boolean') failed - got '%s'", p->val[i]);
            fake_param_error(rs, p->key[i], m);
            return false;
        }
    }
    return true;
}

bool fake_has_priv(const struct fake_token *t, const char *priv, const char *path)
{
    char k[64];
    snprintf(k, sizeof(k), " %s ", priv);
    if (strstr(t->privs, k))
        return true;                    /* on / with propagation: everywhere */
    /* " PRIV@/prefix ": an ACL on /prefix, propagated to the paths below it. */
    snprintf(k, sizeof(k), " %s@", priv);
    for (const char *p = strstr(t->privs, k); p; p = strstr(p + 1, k)) {
        const char *acl = p + strlen(k);
        size_t len = strcspn(acl, " ");
        if (!strncmp(path, acl, len) && (path[len] == '\0' || path[len] == '/' ||
                                         (len == 1 && acl[0] == '/')))
            return true;
    }
    return false;
}

bool fake_need(const struct fake_token *t, const char *path, const char *priv, struct fake_resp *rs)
{
    if (fake_has_priv(t, priv, path))
        return true;
    fake_set_err(rs, 403, NULL, "Permission check failed (%s, %s)", path, priv);
    return false;
}

static const char *version_of(int profile)
{
    return profile == 7 ? "7.4-20" : profile == 9 ? "9.2.11" : "8.4.1";
}

static void get_version(struct fake_resp *rs)
{
    struct json_object *d = json_object_new_object();
    const char *v = version_of(F.profile);
    char rel[8];
    snprintf(rel, sizeof(rel), "%.3s", v);
    json_object_object_add(d, "version", json_object_new_string(v));
    json_object_object_add(d, "release", json_object_new_string(rel));
    json_object_object_add(d, "repoid", json_object_new_string("1a2b3c4d"));
    fake_set_json(rs, d);
}

/* The token's effective privileges on one path (as PVE's permissions($user, $path)), or on
 * every path it has an ACL for when no path is asked. */
static struct json_object *privs_at(const struct fake_token *t, const char *path)
{
    struct json_object *privs = json_object_new_object();
    char buf[sizeof(t->privs)];
    snprintf(buf, sizeof(buf), "%s", t->privs);
    char *save = NULL;
    for (char *p = strtok_r(buf, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
        char *at = strchr(p, '@');
        if (at)
            *at = '\0';
        if (fake_has_priv(t, p, path))
            json_object_object_add(privs, p, json_object_new_int(1));
    }
    return privs;
}

/* With path=: that path only. Without: every path as Proxmox's get_effective_permissions
 * lists them (the default top-level paths, each VM that an ACL or pool names: none here),
 * paths without privileges left out. The fake's privileges are the token's, on every path. */
static void get_permissions(const struct fake_token *t, const struct fake_params *q, struct fake_resp *rs)
{
    static const char *const defaults[] = { "/", "/access", "/access/groups", "/nodes", "/pool",
                                            "/sdn", "/storage", "/vms" };
    const char *path = fake_param(q, "path");
    struct json_object *d = json_object_new_object();
    if (path) {
        struct json_object *privs = privs_at(t, path);
        if (json_object_object_length(privs))
            json_object_object_add(d, path, privs);
        else
            json_object_put(privs);
        fake_set_json(rs, d);
        return;
    }
    /* The supervisor asks this once for all its VMs (pvefacts.c) and reads /vms from it. */
    json_object_object_add(d, "/", privs_at(t, "/"));
    for (size_t i = 1; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
        struct json_object *privs = privs_at(t, defaults[i]);
        if (json_object_object_length(privs))
            json_object_object_add(d, defaults[i], privs);
        else
            json_object_put(privs);
    }
    char buf[sizeof(t->privs)];
    snprintf(buf, sizeof(buf), "%s", t->privs);
    char *save = NULL;
    for (char *p = strtok_r(buf, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
        char *at = strchr(p, '@');
        if (at && !json_object_object_get_ex(d, at + 1, NULL))
            json_object_object_add(d, at + 1, privs_at(t, at + 1));
    }
    fake_set_json(rs, d);
}

static struct json_object *config_view(struct fake_vm *vm, bool current)
{
    struct json_object *c = NULL;
    json_object_deep_copy(vm->config, &c, NULL);
    if (!current) {
        json_object_object_foreach(vm->pending, key, val) {
            if (val)
                json_object_object_add(c, key, json_object_get(val));
            else
                json_object_object_del(c, key);
        }
    }
    unsigned long h = 5381;
    for (const char *s = json_object_to_json_string(vm->config); *s; s++)
        h = h * 33 + (unsigned char)*s;
    char digest[48];
    snprintf(digest, sizeof(digest), "%016lx%016lx", h, h ^ 0x5a5a5a5aUL);
    json_object_object_add(c, "digest", json_object_new_string(digest));
    return c;
}

static bool order_valid(struct fake_vm *vm, const char *boot, struct fake_resp *rs)
{
    const char *o = strstr(boot, "order=");
    if (!o)
        return true;
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", o + 6);
    char *save = NULL;
    for (char *d = strtok_r(buf, ";,", &save); d; d = strtok_r(NULL, ";,", &save)) {
        struct json_object *v;
        if (!json_object_object_get_ex(vm->config, d, &v)) {
            char m[600];
            snprintf(m, sizeof(m), "invalid bootorder: device '%s' does not exist'", d);
            fake_param_error(rs, "boot", m);
            return false;
        }
    }
    return true;
}

/* ide0-3, sata0-5, scsi0-30, virtio0-15 (qemu-server's drive keys). */
static bool drive_key(const char *k)
{
    static const struct { const char *prefix; int max; } kinds[] = {
        { "ide", 3 }, { "sata", 5 }, { "scsi", 30 }, { "virtio", 15 } };
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        size_t l = strlen(kinds[i].prefix);
        if (!strncmp(k, kinds[i].prefix, l) && k[l] && strspn(k + l, "0123456789") == strlen(k + l) &&
            strlen(k + l) <= 2 && atoi(k + l) <= kinds[i].max)
            return true;
    }
    return false;
}

/* "delete" is a comma (or blank) separated list of option names. */
static bool deletes(const char *list, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = list; (p = strstr(p, key)); p += n) {
        bool start = p == list || p[-1] == ',' || p[-1] == ' ' || p[-1] == ';';
        bool end = !p[n] || p[n] == ',' || p[n] == ' ' || p[n] == ';';
        if (start && end)
            return true;
    }
    return false;
}

static void put_config(const struct fake_token *t, struct fake_vm *vm, const char *vmpath,
                       const struct fake_params *p, struct fake_resp *rs)
{
    struct fake_params rest = { 0 }, drives = { 0 };
    for (int i = 0; i < p->n; i++) {
        struct fake_params *to = drive_key(p->key[i]) ? &drives : &rest;
        memcpy(to->key[to->n], p->key[i], sizeof(p->key[i]));
        memcpy(to->val[to->n], p->val[i], sizeof(p->val[i]));
        to->n++;
    }
    if (!fake_check_params(&rest, " boot delete digest bootdisk onboot ", " onboot ", rs))
        return;
    const char *boot = fake_param(p, "boot"), *del = fake_param(p, "delete");
    const char *onboot = fake_param(p, "onboot");
    if ((boot || (del && deletes(del, "boot"))) && !fake_need(t, vmpath, "VM.Config.Disk", rs))
        return;
    /* onboot is a general option: VM.Config.Options (qemu-server $generaloptions). */
    if ((onboot || (del && deletes(del, "onboot"))) && !fake_need(t, vmpath, "VM.Config.Options", rs))
        return;
    for (int i = 0; i < drives.n; i++) {
        bool cdrom = strstr(drives.val[i], "media=cdrom") != NULL;
        if (!fake_need(t, vmpath, cdrom ? "VM.Config.CDROM" : "VM.Config.Disk", rs) ||
            !fake_storage_check_drive(t, drives.key[i], drives.val[i], rs))
            return;
    }
    if (vm->lock[0]) {
        fake_set_err(rs, 500, NULL, "VM is locked (%s)", vm->lock);
        return;
    }
    const char *digest = fake_param(p, "digest");
    if (digest) {
        struct json_object *c = config_view(vm, true), *d;
        json_object_object_get_ex(c, "digest", &d);
        bool same = !strcmp(json_object_get_string(d), digest);
        json_object_put(c);
        if (!same) {
            fake_set_err(rs, 500, NULL, "checksum mismatch (file change by other user?)");
            return;
        }
    }
    if (boot && !order_valid(vm, boot, rs))
        return;
    /* onboot is a "fast plug" option: it changes at once, running or not. */
    if (onboot)
        json_object_object_add(vm->config, "onboot", json_object_new_int(atoi(onboot)));
    if (del && deletes(del, "onboot"))
        json_object_object_del(vm->config, "onboot");
    bool running = !strcmp(vm->status, "running");
    struct json_object *target = running ? vm->pending : vm->config;
    if (boot)
        json_object_object_add(target, "boot", json_object_new_string(boot));
    for (int i = 0; i < drives.n; i++) {
        /* A CD-ROM's medium changes at once on a running VM (vmconfig_update_disk); other
         * drives wait for the next start. */
        bool cdrom = strstr(drives.val[i], "media=cdrom") != NULL;
        json_object_object_add(running && !cdrom ? vm->pending : vm->config, drives.key[i],
                               json_object_new_string(drives.val[i]));
        fprintf(F.log, "# VM %d %s = %s%s\n", vm->vmid, drives.key[i], drives.val[i],
                running && !cdrom ? " (pending)" : "");
    }
    if (del && deletes(del, "boot")) {
        if (running)
            json_object_object_add(vm->pending, "boot", NULL);
        else
            json_object_object_del(vm->config, "boot");
    }
    if (!running)
        fake_vm_apply_pending(vm);
    fake_set_json(rs, NULL);
}

static void vm_status(struct fake_vm *vm, struct fake_resp *rs)
{
    struct json_object *d = json_object_new_object(), *name, *ha = json_object_new_object();
    json_object_object_add(d, "vmid", json_object_new_int(vm->vmid));
    json_object_object_get_ex(vm->config, "name", &name);
    json_object_object_add(d, "name", json_object_get(name));
    json_object_object_add(d, "status", json_object_new_string(vm->status));
    json_object_object_add(d, "qmpstatus", json_object_new_string(vm->qmpstatus));
    if (vm->lock[0])
        json_object_object_add(d, "lock", json_object_new_string(vm->lock));
    double up = vm->started_at > 0 ? fake_now() - vm->started_at : 0;
    json_object_object_add(d, "uptime", json_object_new_int((int)up));
    json_object_object_add(d, "cpus", json_object_new_int(2));
    json_object_object_add(d, "serial", json_object_new_int(1));
    if (!strcmp(vm->status, "running"))
        json_object_object_add(d, "pid", json_object_new_int(4242 + vm->vmid));
    json_object_object_add(ha, "managed", json_object_new_int(vm->ha));
    if (vm->ha)
        json_object_object_add(ha, "state", json_object_new_string("started"));
    json_object_object_add(d, "ha", ha);
    fake_set_json(rs, d);
}

/* GET /nodes/{node}/qemu: the node's VM index (VM.Audit rows only). qmpstatus only with
 * full=1, as in qemu-server's vmstatus(); lock when set. */
static void node_qemu(const struct fake_token *t, const char *node, const struct fake_params *q,
                      struct fake_resp *rs)
{
    if (!fake_check_params(q, " full ", " full ", rs))
        return;
    const char *full = fake_param(q, "full");
    struct json_object *arr = json_object_new_array();
    for (int i = 0; i < F.nvms; i++) {
        struct fake_vm *vm = &F.vms[i];
        char vmpath[32];
        snprintf(vmpath, sizeof(vmpath), "/vms/%d", vm->vmid);
        if (strcmp(vm->node, node) || !fake_has_priv(t, "VM.Audit", vmpath))
            continue;
        struct json_object *d = json_object_new_object(), *name;
        json_object_object_add(d, "vmid", json_object_new_int(vm->vmid));
        json_object_object_get_ex(vm->config, "name", &name);
        json_object_object_add(d, "name", json_object_get(name));
        json_object_object_add(d, "status", json_object_new_string(vm->status));
        if (full && !strcmp(full, "1"))
            json_object_object_add(d, "qmpstatus", json_object_new_string(vm->qmpstatus));
        if (vm->lock[0])
            json_object_object_add(d, "lock", json_object_new_string(vm->lock));
        double up = vm->started_at > 0 ? fake_now() - vm->started_at : 0;
        json_object_object_add(d, "uptime", json_object_new_int((int)up));
        json_object_object_add(d, "cpus", json_object_new_int(2));
        if (!strcmp(vm->status, "running"))
            json_object_object_add(d, "pid", json_object_new_int(4242 + vm->vmid));
        json_object_array_add(arr, d);
    }
    fake_set_json(rs, arr);
}

static void power(const struct fake_token *t, struct fake_vm *vm, const char *node, const char *action,
                  const struct fake_params *p, struct fake_resp *rs)
{
    bool running = !strcmp(vm->status, "running");
    bool here = !strcmp(vm->node, node);
    char notfound[160];
    snprintf(notfound, sizeof(notfound), "Configuration file 'nodes/%s/qemu-server/%d.conf' does not exist",
             node, vm->vmid);
    const char *upid = NULL;
    struct fake_task *tk = NULL;
    if (!strcmp(action, "start")) {
        if (!fake_check_params(p, " timeout machine ", "", rs))
            return;
        upid = fake_task_new(vm, node, vm->ha ? "hastart" : "qmstart", t->id,
                             vm->ha ? T_HA : T_START, vm->ha ? 0 : vm->start_secs);
        tk = fake_task_find(upid);
        if (!here)
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "%s", notfound);
        else if (vm->ha) {
            vm->ha_due = fake_now() + vm->ha_secs;
            snprintf(vm->ha_target, sizeof(vm->ha_target), "started");
        } else if (running)
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "VM %d already running", vm->vmid);
        else if (vm->lock[0])
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "VM is locked (%s)", vm->lock);
        if (tk->exitstatus[0])
            tk->done_at = fake_now() + 0.2;
    } else if (!strcmp(action, "stop")) {
        const char *allowed = F.profile >= 8 ? " timeout overrule-shutdown " : " timeout ";
        if (!fake_check_params(p, allowed, " overrule-shutdown ", rs))
            return;
        const char *ov = fake_param(p, "overrule-shutdown");
        bool overrule = ov && !strcmp(ov, "1");
        if (overrule && vm->ha) {
            fake_param_error(rs, "overrule-shutdown", "Not applicable for HA resources.");
            return;
        }
        upid = fake_task_new(vm, node, vm->ha ? "hastop" : "qmstop", t->id, vm->ha ? T_HA : T_STOP,
                             vm->ha ? 0 : vm->stop_secs);
        tk = fake_task_find(upid);
        if (!here) {
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "%s", notfound);
        } else if (vm->ha) {
            vm->ha_due = fake_now() + vm->ha_secs;
            snprintf(vm->ha_target, sizeof(vm->ha_target), "stopped");
        } else if (!running) {
            tk->done_at = fake_now();
        } else if (vm->lock[0]) {
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "VM is locked (%s)", vm->lock);
        } else {
            for (int i = 0; i < F.ntasks; i++) {
                struct fake_task *s = &F.tasks[i];
                if (!s->running || s->vmid != vm->vmid || s->kind != T_SHUTDOWN)
                    continue;
                if (overrule) {
                    s->running = false;
                    snprintf(s->exitstatus, sizeof(s->exitstatus), "received interrupt");
                    fprintf(F.log, "# task %s -> received interrupt (overrule-shutdown)\n", s->upid);
                } else {
                    tk->blocked_by_shutdown = true;
                    tk->done_at = fake_now() + 10;     /* flock timeout */
                }
            }
        }
        if (tk->exitstatus[0])
            tk->done_at = fake_now() + 0.2;
    } else if (!strcmp(action, "shutdown")) {
        if (!fake_check_params(p, " timeout forceStop ", " forceStop ", rs))
            return;
        if (here && running && !vm->ha && (!strcmp(vm->qmpstatus, "paused") || !strcmp(vm->qmpstatus, "prelaunch"))
            && !(fake_param(p, "forceStop") && !strcmp(fake_param(p, "forceStop"), "1"))) {
            fake_set_err(rs, 500, NULL, "VM is paused - cannot shutdown");
            return;
        }
        double timeout = fake_param(p, "timeout") ? atof(fake_param(p, "timeout")) : 60;
        bool force = fake_param(p, "forceStop") && !strcmp(fake_param(p, "forceStop"), "1");
        double secs = vm->acpi && vm->shutdown_secs <= timeout ? vm->shutdown_secs : timeout;
        upid = fake_task_new(vm, node, vm->ha ? "hastop" : "qmshutdown", t->id,
                             vm->ha ? T_HA : T_SHUTDOWN, vm->ha ? 0 : secs);
        tk = fake_task_find(upid);
        tk->force = force;
        tk->timeout = timeout;
        if (!here) {
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "%s", notfound);
        } else if (vm->ha) {
            vm->ha_due = fake_now() + vm->ha_secs + (vm->acpi ? vm->shutdown_secs : 0);
            snprintf(vm->ha_target, sizeof(vm->ha_target), "stopped");
        } else if (!running) {
            tk->done_at = fake_now();
            tk->kind = T_CONFIG;   /* nothing to do: ends OK */
        } else if (vm->lock[0]) {
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "VM is locked (%s)", vm->lock);
        }
        if (tk->exitstatus[0])
            tk->done_at = fake_now() + 0.2;
    } else if (!strcmp(action, "reset")) {
        if (!fake_check_params(p, " ", "", rs))
            return;
        if (!here) {
            fake_set_err(rs, 500, NULL, "unable to find configuration file for VM %d on node '%s'", vm->vmid, node);
            return;
        }
        if (!running) {
            fake_set_err(rs, 500, NULL, "VM %d not running", vm->vmid);
            return;
        }
        upid = fake_task_new(vm, node, "qmreset", t->id, T_RESET, 0.1);
        tk = fake_task_find(upid);
        if (vm->lock[0])
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "VM is locked (%s)", vm->lock);
    } else {
        fake_set_err(rs, 501, NULL, "Method 'POST /nodes/%s/qemu/%d/status/%s' not implemented", node, vm->vmid, action);
        return;
    }
    fake_set_json(rs, json_object_new_string(upid));
}

static void monitor(const struct fake_token *t, struct fake_vm *vm, const char *vmpath,
                    const struct fake_params *p, struct fake_resp *rs)
{
    if (!fake_check_params(p, " command ", "", rs))
        return;
    const char *cmd = fake_param(p, "command");
    if (!cmd) {
        fake_param_error(rs, "command", "property is missing and it is not optional");
        return;
    }
    if (F.profile >= 9) {
        if (!strcmp(cmd, "nmi")) {
            fake_set_err(rs, 500, NULL, "root-only command 'nmi'");
            return;
        }
    } else {
        if (!fake_need(t, vmpath, "VM.Monitor", rs))
            return;
        if (!fake_need(t, "/", "Sys.Modify", rs))
            return;
    }
    if (strcmp(vm->status, "running")) {
        char m[80];
        snprintf(m, sizeof(m), "ERROR: VM %d not running", vm->vmid);
        fake_set_json(rs, json_object_new_string(m));
        return;
    }
    if (!strcmp(cmd, "nmi"))
        vm->nmi_count++;
    fake_set_json(rs, json_object_new_string(""));
}

static int query_int(const struct fake_params *q, const char *key, int dflt)
{
    const char *v = q ? fake_param(q, key) : NULL;
    return v && *v ? atoi(v) : dflt;
}

static void task_call(const char *method, const char *node, const char *upid_enc, const char *rest,
                      const struct fake_params *query, struct fake_resp *rs)
{
    char upid[1024];
    struct fake_params tmp = { 0 };
    char kv[600];
    snprintf(kv, sizeof(kv), "u=%s", upid_enc);
    fake_parse_params(kv, strlen(kv), &tmp);
    snprintf(upid, sizeof(upid), "%s", tmp.val[0]);
    if (strncmp(upid, "UPID:", 5) || upid[strlen(upid) - 1] != ':') {
        fake_param_error(rs, "upid", "unable to parse worker upid");
        return;
    }
    struct fake_task *t = fake_task_find(upid);
    if (!t || strcmp(t->node, node)) {
        fake_param_error(rs, "upid", "no such task");
        return;
    }
    if (!strcmp(method, "DELETE") && !*rest) {
        if (t->running) {
            t->running = false;
            snprintf(t->exitstatus, sizeof(t->exitstatus), "received interrupt");
            fprintf(F.log, "# task %s -> received interrupt (DELETE)\n", t->upid);
        }
        fake_set_json(rs, NULL);
        return;
    }
    if (!strcmp(method, "GET") && !strcmp(rest, "/log")) {
        /* [{"n":1,"t":"line"},...], lines start..start+limit-1 (1-based n) */
        int start = query_int(query, "start", 0), limit = query_int(query, "limit", 50);
        struct json_object *arr = json_object_new_array();
        int n = 0;
        for (const char *l = t->log; *l;) {
            size_t len = strcspn(l, "\n");
            if (n >= start && n < start + limit) {
                struct json_object *o = json_object_new_object();
                char line[1024];
                snprintf(line, sizeof(line), "%.*s", (int)len, l);
                json_object_object_add(o, "n", json_object_new_int(n + 1));
                json_object_object_add(o, "t", json_object_new_string(line));
                json_object_array_add(arr, o);
            }
            n++;
            l += len + (l[len] == '\n');
        }
        if (!n && !t->running) {    /* a task without log lines still ends with its status */
            struct json_object *o = json_object_new_object();
            json_object_object_add(o, "n", json_object_new_int(1));
            json_object_object_add(o, "t", json_object_new_string(
                strcmp(t->exitstatus, "OK") ? "TASK ERROR" : "TASK OK"));
            json_object_array_add(arr, o);
        }
        fake_set_json(rs, arr);
        return;
    }
    if (strcmp(method, "GET") || strcmp(rest, "/status")) {
        fake_set_err(rs, 501, NULL, "Method '%s /nodes/%s/tasks/%s%s' not implemented", method, node, upid, rest);
        return;
    }
    struct json_object *d = json_object_new_object();
    json_object_object_add(d, "upid", json_object_new_string(t->upid));
    json_object_object_add(d, "node", json_object_new_string(t->node));
    json_object_object_add(d, "type", json_object_new_string(t->type));
    char id[16];
    snprintf(id, sizeof(id), "%d", t->vmid);
    json_object_object_add(d, "id", json_object_new_string(id));
    char user[128];
    snprintf(user, sizeof(user), "%s", t->user);
    char *bang = strchr(user, '!');
    if (bang) {
        *bang = '\0';
        json_object_object_add(d, "tokenid", json_object_new_string(bang + 1));
    }
    json_object_object_add(d, "user", json_object_new_string(user));
    json_object_object_add(d, "status", json_object_new_string(t->running ? "running" : "stopped"));
    if (!t->running)
        json_object_object_add(d, "exitstatus", json_object_new_string(t->exitstatus));
    fake_set_json(rs, d);
}

static bool take_failure(const char *method, const char *path, struct fake_resp *rs)
{
    for (int i = 0; i < F.nfails; i++) {
        struct fake_fail *f = &F.fails[i];
        if ((!strcmp(f->method, "*") || !strcmp(f->method, method)) && strstr(path, f->path)) {
            fake_set_err(rs, f->code, NULL, "%s", f->reason);
            if (f->always)
                return true;
            memmove(f, f + 1, sizeof(*f) * (size_t)(F.nfails - i - 1));
            F.nfails--;
            return true;
        }
    }
    return false;
}

static void route(const struct fake_req *rq, const struct fake_token *t, struct fake_resp *rs)
{
    const char *m = rq->method;
    const char *path = rq->path + strlen("/api2/json");
    bool get = !strcmp(m, "GET");
    struct fake_params q = { 0 };
    fake_parse_params(rq->query, strlen(rq->query), &q);
    struct fake_params body = { 0 };
    fake_parse_params(rq->body, rq->body_len, &body);
    const struct fake_params *p = get || !strcmp(m, "DELETE") ? &q : &body;

    if (get && !strcmp(path, "/version")) { get_version(rs); return; }
    if (get && !strcmp(path, "/cluster/resources")) { fake_get_resources(t, &q, rs); return; }
    if (get && !strcmp(path, "/pools")) { fake_get_pools(t, &q, rs); return; }
    char poolid[128];
    if (get && sscanf(path, "/pools/%127[^/]", poolid) == 1 && strlen(path) == 7 + strlen(poolid)) {
        struct fake_params pp = { 0 };
        char kv[160];
        snprintf(kv, sizeof(kv), "p=%s", poolid);   /* the path segment is percent-encoded */
        fake_parse_params(kv, strlen(kv), &pp);
        fake_get_pool(t, pp.val[0], &q, rs);
        return;
    }
    if (get && !strcmp(path, "/access/permissions")) { get_permissions(t, &q, rs); return; }

    char node[64], rest[512] = "";
    if (sscanf(path, "/nodes/%63[^/]%511s", node, rest) < 1) {
        fake_set_err(rs, 501, NULL, "Method '%s %s' not implemented", m, path);
        return;
    }
    struct fake_node *n = fake_node_find(node);
    if (!n) {
        fake_set_err(rs, 500, NULL, "hostname lookup '%s' failed - failed to get address info for: %s: "
                "Name or service not known", node, node);
        return;
    }
    if (!n->online) {
        fake_set_err(rs, 595, NULL, "Errors during connection establishment, proxy handshake: No route to host");
        return;
    }
    char upid_enc[512], trest[64] = "";
    if (sscanf(rest, "/tasks/%511[^/]%63s", upid_enc, trest) >= 1) {
        task_call(m, node, upid_enc, trest, &q, rs);
        return;
    }
    if (fake_storage_route(t, m, node, rest, &q, &body, rs))
        return;
    if (get && !strcmp(rest, "/qemu")) {
        node_qemu(t, node, &q, rs);
        return;
    }
    int vmid;
    char sub[128] = "";
    if (sscanf(rest, "/qemu/%d/%127s", &vmid, sub) != 2) {
        fake_set_err(rs, 501, NULL, "Method '%s %s' not implemented", m, path);
        return;
    }
    struct fake_vm *vm = fake_vm_find(vmid);
    char vmpath[32];
    snprintf(vmpath, sizeof(vmpath), "/vms/%d", vmid);
    bool here = vm && !strcmp(vm->node, node);
    if (!strcmp(sub, "status/current") && get) {
        if (!fake_need(t, vmpath, "VM.Audit", rs))
            return;
        if (!here) {
            fake_set_err(rs, 500, NULL, "Configuration file 'nodes/%s/qemu-server/%d.conf' does not exist", node, vmid);
            return;
        }
        vm_status(vm, rs);
    } else if (!strncmp(sub, "status/", 7) && !strcmp(m, "POST")) {
        if (!fake_need(t, vmpath, "VM.PowerMgmt", rs))
            return;
        if (!vm) {
            fake_set_err(rs, 500, NULL, "Configuration file 'nodes/%s/qemu-server/%d.conf' does not exist", node, vmid);
            return;
        }
        power(t, vm, node, sub + 7, p, rs);
    } else if (!strcmp(sub, "config") || !strcmp(sub, "pending")) {
        if (!here) {
            if (!fake_need(t, vmpath, "VM.Audit", rs))
                return;
            fake_set_err(rs, 500, NULL, "Configuration file 'nodes/%s/qemu-server/%d.conf' does not exist", node, vmid);
            return;
        }
        if (get) {
            if (!fake_need(t, vmpath, "VM.Audit", rs))
                return;
            if (!fake_check_params(&q, " current snapshot ", " current ", rs))
                return;
            const char *cur = fake_param(&q, "current");
            fake_set_json(rs, config_view(vm, cur && !strcmp(cur, "1")));
        } else if (!strcmp(m, "PUT") && !strcmp(sub, "config")) {
            put_config(t, vm, vmpath, p, rs);
        } else {
            fake_set_err(rs, 501, NULL, "Method '%s %s' not implemented", m, path);
        }
    } else if (!strcmp(sub, "termproxy") && !strcmp(m, "POST")) {
        fake_termproxy(t, vm, vmid, node, p, rs);
    } else if (!strcmp(sub, "monitor") && !strcmp(m, "POST")) {
        if (!vm || !here) {
            fake_set_err(rs, 500, NULL, "Configuration file 'nodes/%s/qemu-server/%d.conf' does not exist", node, vmid);
            return;
        }
        monitor(t, vm, vmpath, p, rs);
    } else {
        fake_set_err(rs, 501, NULL, "Method '%s %s' not implemented", m, path);
    }
}

double fake_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pthread_mutex_t api_worker = PTHREAD_MUTEX_INITIALIZER;

void fake_api_occupy_worker(void)
{
    unsigned us = __atomic_load_n(&F.request_cost_us, __ATOMIC_RELAXED);
    if (!us)
        return;
    pthread_mutex_lock(&api_worker);
    usleep(us);
    pthread_mutex_unlock(&api_worker);
}

static enum fake_req_class classify(const char *method, const char *path)
{
    char node[64], rest[512] = "";
    if (!strcmp(path, "/api2/json/cluster/resources"))
        return RC_RESOURCES;
    if (sscanf(path, "/api2/json/nodes/%63[^/]%511s", node, rest) < 1)
        return RC_OTHER;
    if (!strcmp(rest, "/qemu"))
        return RC_NODE_QEMU;
    if (!strncmp(rest, "/tasks/", 7))
        return RC_TASKS;
    if (strstr(rest, "/status/current"))
        return RC_STATUS_CURRENT;
    if (strstr(rest, "/status/") && !strcmp(method, "POST"))
        return RC_POWER;
    if (strstr(rest, "/config") || strstr(rest, "/pending"))
        return RC_CONFIG;
    return RC_OTHER;
}

void fake_api_handle(const struct fake_req *rq, struct fake_resp *rs)
{
    fake_tick();
    F.stats[classify(rq->method, rq->path)]++;
    char *logged = fake_redact_body(rq->body, rq->body_len);
    fprintf(F.log, "REQ %s %s%s%s auth=[%s] cookie=[%s] csrf=[%s] ctype=[%s] body=[%s]\n", rq->method,
            rq->path, rq->query[0] ? "?" : "", rq->query, rq->auth, rq->cookie, rq->csrf, rq->ctype,
            logged);
    free(logged);
    for (int i = 0; i < F.nlats; i++)
        if (strstr(rq->path, F.lats[i].path))
            rs->delay_ms = F.lats[i].ms;
    int lat = rs->delay_ms;
    if (strncmp(rq->path, "/api2/json/", 11)) {
        fake_set_err(rs, 501, NULL, "no such uri");
    } else if ((!strcmp(rq->method, "GET") || !strcmp(rq->method, "DELETE")) && rq->body_len) {
        fake_set_err(rs, 501, NULL, "Unexpected content for method '%s'", rq->method);
    } else if (!strcmp(rq->path, "/api2/json/access/ticket") && !strcmp(rq->method, "POST")) {
        /* The login itself needs no authentication (HTTPServer.pm auth_handler). */
        struct fake_params p = { 0 };
        fake_parse_params(rq->body, rq->body_len, &p);
        if (!take_failure(rq->method, rq->path, rs))
            fake_access_ticket(rq->auth, &p, rs);
    } else {
        const struct fake_token *t = fake_authenticate(rq->method, rq->auth, rq->cookie, rq->csrf, rs);
        if (t && !take_failure(rq->method, rq->path, rs))
            route(rq, t, rs);
    }
    if (lat > rs->delay_ms)
        rs->delay_ms = lat;
    fprintf(F.log, "RSP %d %s\n", rs->code, rs->reason);
}
