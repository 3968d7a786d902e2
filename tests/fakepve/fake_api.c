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

static void set_json(struct fake_resp *rs, struct json_object *data)
{
    struct json_object *root = json_object_new_object();
    json_object_object_add(root, "data", data);
    rs->code = 200;
    snprintf(rs->reason, sizeof(rs->reason), "OK");
    rs->body = strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
    json_object_put(root);
}

static void set_err(struct fake_resp *rs, int code, struct json_object *errors, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set_err(struct fake_resp *rs, int code, struct json_object *errors, const char *fmt, ...)
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
    set_err(rs, 400, e, "Parameter verification failed.");
}

/* Unknown parameters and non-0/1 booleans are 400, as in PVE's JSONSchema. */
static bool check_params(const struct fake_params *p, const char *allowed, const char *bools,
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

static bool has_priv(const struct fake_token *t, const char *priv)
{
    char k[64];
    snprintf(k, sizeof(k), " %s ", priv);
    return strstr(t->privs, k) != NULL;
}

static bool need(const struct fake_token *t, const char *path, const char *priv, struct fake_resp *rs)
{
    if (has_priv(t, priv))
        return true;
    set_err(rs, 403, NULL, "Permission check failed (%s, %s)", path, priv);
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
    set_json(rs, d);
}

static void get_resources(const struct fake_token *t, const struct fake_params *q, struct fake_resp *rs)
{
    const char *type = fake_param(q, "type");
    if (type && strcmp(type, "vm") && strcmp(type, "storage") && strcmp(type, "node") && strcmp(type, "sdn")) {
        char m[1200];
        snprintf(m, sizeof(m), "value '%s' does not have a value in the enumeration 'vm, storage, node, sdn'", type);
        fake_param_error(rs, "type", m);
        return;
    }
    struct json_object *arr = json_object_new_array();
    if (!type || !strcmp(type, "vm"))
        for (int i = 0; i < F.nvms; i++) {
            struct fake_vm *vm = &F.vms[i];
            if (!has_priv(t, "VM.Audit"))   /* rows silently omitted */
                continue;
            struct json_object *r = json_object_new_object(), *name;
            char id[32];
            snprintf(id, sizeof(id), "qemu/%d", vm->vmid);
            json_object_object_add(r, "id", json_object_new_string(id));
            json_object_object_add(r, "type", json_object_new_string("qemu"));
            json_object_object_add(r, "vmid", json_object_new_int(vm->vmid));
            json_object_object_add(r, "node", json_object_new_string(vm->node));
            json_object_object_get_ex(vm->config, "name", &name);
            json_object_object_add(r, "name", json_object_get(name));
            /* status from stale RRD data in real PVE: tests must not rely on it */
            json_object_object_add(r, "status", json_object_new_string(vm->status));
            json_object_object_add(r, "template", json_object_new_int(0));
            if (vm->lock[0])
                json_object_object_add(r, "lock", json_object_new_string(vm->lock));
            if (vm->ha)
                json_object_object_add(r, "hastate", json_object_new_string("started"));
            json_object_array_add(arr, r);
        }
    set_json(rs, arr);
}

static void get_permissions(const struct fake_token *t, const struct fake_params *q, struct fake_resp *rs)
{
    const char *path = fake_param(q, "path");
    struct json_object *d = json_object_new_object(), *privs = json_object_new_object();
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", t->privs);
    char *save = NULL;
    for (char *p = strtok_r(buf, " ", &save); p; p = strtok_r(NULL, " ", &save))
        json_object_object_add(privs, p, json_object_new_int(1));
    json_object_object_add(d, path ? path : "/", privs);
    set_json(rs, d);
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

static void put_config(const struct fake_token *t, struct fake_vm *vm, const char *vmpath,
                       const struct fake_params *p, struct fake_resp *rs)
{
    if (!check_params(p, " boot delete digest bootdisk ", "", rs))
        return;
    const char *boot = fake_param(p, "boot"), *del = fake_param(p, "delete");
    if ((boot || (del && strstr(del, "boot"))) && !need(t, vmpath, "VM.Config.Disk", rs))
        return;
    if (vm->lock[0]) {
        set_err(rs, 500, NULL, "VM is locked (%s)", vm->lock);
        return;
    }
    const char *digest = fake_param(p, "digest");
    if (digest) {
        struct json_object *c = config_view(vm, true), *d;
        json_object_object_get_ex(c, "digest", &d);
        bool same = !strcmp(json_object_get_string(d), digest);
        json_object_put(c);
        if (!same) {
            set_err(rs, 500, NULL, "checksum mismatch (file change by other user?)");
            return;
        }
    }
    if (boot && !order_valid(vm, boot, rs))
        return;
    bool running = !strcmp(vm->status, "running");
    struct json_object *target = running ? vm->pending : vm->config;
    if (boot)
        json_object_object_add(target, "boot", json_object_new_string(boot));
    if (del && strstr(del, "boot")) {
        if (running)
            json_object_object_add(vm->pending, "boot", NULL);
        else
            json_object_object_del(vm->config, "boot");
    }
    if (!running)
        fake_vm_apply_pending(vm);
    set_json(rs, NULL);
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
    set_json(rs, d);
}

/* GET /nodes/{node}/qemu: the node's VM index (VM.Audit rows only). qmpstatus only with
 * full=1, as in qemu-server's vmstatus(); lock when set. */
static void node_qemu(const struct fake_token *t, const char *node, const struct fake_params *q,
                      struct fake_resp *rs)
{
    if (!check_params(q, " full ", " full ", rs))
        return;
    const char *full = fake_param(q, "full");
    struct json_object *arr = json_object_new_array();
    for (int i = 0; i < F.nvms; i++) {
        struct fake_vm *vm = &F.vms[i];
        if (strcmp(vm->node, node) || !has_priv(t, "VM.Audit"))
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
    set_json(rs, arr);
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
        if (!check_params(p, " timeout machine ", "", rs))
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
        if (!check_params(p, allowed, " overrule-shutdown ", rs))
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
        if (!check_params(p, " timeout forceStop ", " forceStop ", rs))
            return;
        if (here && running && !vm->ha && (!strcmp(vm->qmpstatus, "paused") || !strcmp(vm->qmpstatus, "prelaunch"))
            && !(fake_param(p, "forceStop") && !strcmp(fake_param(p, "forceStop"), "1"))) {
            set_err(rs, 500, NULL, "VM is paused - cannot shutdown");
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
        if (!check_params(p, " ", "", rs))
            return;
        if (!here) {
            set_err(rs, 500, NULL, "unable to find configuration file for VM %d on node '%s'", vm->vmid, node);
            return;
        }
        if (!running) {
            set_err(rs, 500, NULL, "VM %d not running", vm->vmid);
            return;
        }
        upid = fake_task_new(vm, node, "qmreset", t->id, T_RESET, 0.1);
        tk = fake_task_find(upid);
        if (vm->lock[0])
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "VM is locked (%s)", vm->lock);
    } else {
        set_err(rs, 501, NULL, "Method 'POST /nodes/%s/qemu/%d/status/%s' not implemented", node, vm->vmid, action);
        return;
    }
    set_json(rs, json_object_new_string(upid));
}

static void monitor(const struct fake_token *t, struct fake_vm *vm, const char *vmpath,
                    const struct fake_params *p, struct fake_resp *rs)
{
    if (!check_params(p, " command ", "", rs))
        return;
    const char *cmd = fake_param(p, "command");
    if (!cmd) {
        fake_param_error(rs, "command", "property is missing and it is not optional");
        return;
    }
    if (F.profile >= 9) {
        if (!strcmp(cmd, "nmi")) {
            set_err(rs, 500, NULL, "root-only command 'nmi'");
            return;
        }
    } else {
        if (!need(t, vmpath, "VM.Monitor", rs))
            return;
        if (!need(t, "/", "Sys.Modify", rs))
            return;
    }
    if (strcmp(vm->status, "running")) {
        char m[80];
        snprintf(m, sizeof(m), "ERROR: VM %d not running", vm->vmid);
        set_json(rs, json_object_new_string(m));
        return;
    }
    if (!strcmp(cmd, "nmi"))
        vm->nmi_count++;
    set_json(rs, json_object_new_string(""));
}

static void task_call(const char *method, const char *node, const char *upid_enc, const char *rest,
                      struct fake_resp *rs)
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
        set_json(rs, NULL);
        return;
    }
    if (strcmp(method, "GET") || strcmp(rest, "/status")) {
        set_err(rs, 501, NULL, "Method '%s /nodes/%s/tasks/%s%s' not implemented", method, node, upid, rest);
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
    set_json(rs, d);
}

static bool take_failure(const char *method, const char *path, struct fake_resp *rs)
{
    for (int i = 0; i < F.nfails; i++) {
        struct fake_fail *f = &F.fails[i];
        if ((!strcmp(f->method, "*") || !strcmp(f->method, method)) && strstr(path, f->path)) {
            set_err(rs, f->code, NULL, "%s", f->reason);
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
    if (get && !strcmp(path, "/cluster/resources")) { get_resources(t, &q, rs); return; }
    if (get && !strcmp(path, "/access/permissions")) { get_permissions(t, &q, rs); return; }

    char node[64], rest[512] = "";
    if (sscanf(path, "/nodes/%63[^/]%511s", node, rest) < 1) {
        set_err(rs, 501, NULL, "Method '%s %s' not implemented", m, path);
        return;
    }
    struct fake_node *n = fake_node_find(node);
    if (!n) {
        set_err(rs, 500, NULL, "hostname lookup '%s' failed - failed to get address info for: %s: "
                "Name or service not known", node, node);
        return;
    }
    if (!n->online) {
        set_err(rs, 595, NULL, "Errors during connection establishment, proxy handshake: No route to host");
        return;
    }
    char upid_enc[512], trest[64] = "";
    if (sscanf(rest, "/tasks/%511[^/]%63s", upid_enc, trest) >= 1) {
        task_call(m, node, upid_enc, trest, rs);
        return;
    }
    if (get && !strcmp(rest, "/qemu")) {
        node_qemu(t, node, &q, rs);
        return;
    }
    int vmid;
    char sub[128] = "";
    if (sscanf(rest, "/qemu/%d/%127s", &vmid, sub) != 2) {
        set_err(rs, 501, NULL, "Method '%s %s' not implemented", m, path);
        return;
    }
    struct fake_vm *vm = fake_vm_find(vmid);
    char vmpath[32];
    snprintf(vmpath, sizeof(vmpath), "/vms/%d", vmid);
    bool here = vm && !strcmp(vm->node, node);
    if (!strcmp(sub, "status/current") && get) {
        if (!need(t, vmpath, "VM.Audit", rs))
            return;
        if (!here) {
            set_err(rs, 500, NULL, "Configuration file 'nodes/%s/qemu-server/%d.conf' does not exist", node, vmid);
            return;
        }
        vm_status(vm, rs);
    } else if (!strncmp(sub, "status/", 7) && !strcmp(m, "POST")) {
        if (!need(t, vmpath, "VM.PowerMgmt", rs))
            return;
        if (!vm) {
            set_err(rs, 500, NULL, "Configuration file 'nodes/%s/qemu-server/%d.conf' does not exist", node, vmid);
            return;
        }
        power(t, vm, node, sub + 7, p, rs);
    } else if (!strcmp(sub, "config") || !strcmp(sub, "pending")) {
        if (!here) {
            if (!need(t, vmpath, "VM.Audit", rs))
                return;
            set_err(rs, 500, NULL, "Configuration file 'nodes/%s/qemu-server/%d.conf' does not exist", node, vmid);
            return;
        }
        if (get) {
            if (!need(t, vmpath, "VM.Audit", rs))
                return;
            if (!check_params(&q, " current snapshot ", " current ", rs))
                return;
            const char *cur = fake_param(&q, "current");
            set_json(rs, config_view(vm, cur && !strcmp(cur, "1")));
        } else if (!strcmp(m, "PUT") && !strcmp(sub, "config")) {
            put_config(t, vm, vmpath, p, rs);
        } else {
            set_err(rs, 501, NULL, "Method '%s %s' not implemented", m, path);
        }
    } else if (!strcmp(sub, "termproxy") && !strcmp(m, "POST")) {
        fake_termproxy(t, vm, vmid, node, p, rs);
    } else if (!strcmp(sub, "monitor") && !strcmp(m, "POST")) {
        if (!vm || !here) {
            set_err(rs, 500, NULL, "Configuration file 'nodes/%s/qemu-server/%d.conf' does not exist", node, vmid);
            return;
        }
        monitor(t, vm, vmpath, p, rs);
    } else {
        set_err(rs, 501, NULL, "Method '%s %s' not implemented", m, path);
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
        set_err(rs, 501, NULL, "no such uri");
    } else if ((!strcmp(rq->method, "GET") || !strcmp(rq->method, "DELETE")) && rq->body_len) {
        set_err(rs, 501, NULL, "Unexpected content for method '%s'", rq->method);
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
