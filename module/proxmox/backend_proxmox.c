/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Proxmox VE backend: IPMI chassis operations as REST calls on the VM's node.
 *
 * One action runs at a time as a short list of steps (apply boot order, stop, start,
 * restore boot order, ...). Each power step posts to status/<action> and follows the
 * returned UPID task on the node named in the UPID until it ends. Power state comes from a
 * state source (pve_state.h: the supervisor's shared table with state-table=, else our own
 * poller) and is refreshed right after each action.
 *
 * Start-up: on the shared table the module asks Proxmox nothing; the table tells it where
 * the VM runs, the token's privileges on it and the Proxmox version, and the supervisor hands
 * over the VM's config (identity, firmware, onboot) in pve-config.json once it has read it in
 * the background (so a thousand BMCs starting cost the API what the supervisor's few requests
 * cost). Without a table it asks itself: version, permissions, config. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "ipmi_cc.h"
#include "log.h"
#include "pve_api.h"
#include "pve_boot.h"
#include "pve_media.h"
#include "pve_identity.h"
#include "pve_parse.h"
#include "pve_state.h"
#include "pve_table.h"
#include "pve_task.h"
#include "pve_upid.h"
#include "pve_vmconfig.h"

#define TASK_POLL_MS 300
#define RETRY_MS 2000
#define TASK_READ_ERRORS 21         /* ~40 s of failed task status reads before giving up */
#define MAX_MIGRATE_RETRIES 60      /* ~2 minutes of "VM is locked (migrate)" */
#define MAX_STEPS 8

enum step {
    STEP_APPLY_BOOT,     /* PUT boot order for a pending override (or put the VM's own back) */
    STEP_START,
    STEP_STOP,
    STEP_SHUTDOWN,
    STEP_RESET,
    STEP_NMI,
    STEP_RESTORE_BOOT,   /* after a one-shot boot: the VM's own order, pending until next start */
};

static const char *step_name[] = { "apply boot order", "start", "stop", "shutdown", "reset",
                                   "nmi", "restore boot order" };

struct mbmc_backend {
    struct mbmc_loop *loop;
    struct pve_api *api;
    struct mbmc_backend_events ev;
    struct pve_state_source *state;
    unsigned vmid;

    /* cached state */
    bool on, known;
    bool ha_managed;
    enum pve_err health;          /* last poll's outcome */
    /* the shared table's word on the VM's config (take_table_info) */
    bool table_privs_known, table_options_denied;
    bool table_config_known;
    unsigned table_config_gen;
    char *config_file;            /* <run_dir>/<vmid>/pve-config.json, written by the supervisor */
    bool overrule_shutdown;       /* qemu-server >= 8.1.2 */
    bool config_denied;           /* the token lacks VM.Config.Disk */
    bool power_denied;            /* the token lacks VM.PowerMgmt */
    bool nmi_denied;

    /* boot override */
    struct mbmc_boot_override ov;
    char *orig_boot;              /* the VM's own "boot" while ours is set; "" = was absent */

    /* the action in flight */
    bool busy;
    enum mbmc_chassis_op op;
    enum step steps[MAX_STEPS];
    int nsteps, cur;
    int retries;
    bool lock_wait;               /* retrying against lock=migrate (a timer or a request) */
    bool off_waits;               /* power off came while a retry's request was in flight */
    bool booted;                  /* a start step ran with the override applied */
    bool boot_failed;             /* the override could not be applied this time */
    unsigned ov_gen;              /* bumped by every set_boot_override */
    unsigned action_ov_gen;       /* ov_gen when the running action read the override */
    struct pve_api_req *req;
    struct pve_task *task;        /* the running step's task */
    struct mbmc_timer *timer;     /* retry delay */
    char upid[256];
    char shutdown_upid[256], shutdown_node[64];   /* our running soft shutdown, if any */
    struct pve_api_req *setup_req;

    struct pve_media *media;      /* virtual media (pve_media.h) */
    bool media_wait;              /* the action (a boot) waits for an insert to end */
    struct pve_vmconfig *config;  /* identity, firmware, onboot (pve_vmconfig.h) */
};

static void run_step(struct mbmc_backend *be);
static void stop_following(struct mbmc_backend *be);
static void begin(struct mbmc_backend *be, enum mbmc_chassis_op op);

/* ---- errors: each cause logged once, and a recovery line */

static const char *hint(enum pve_err e)
{
    switch (e) {
    case PVE_ERR_AUTH: return "check the API token in token-file (wrong, expired or disabled)";
    case PVE_ERR_TLS: return "check ca-file or fingerprint against the node's certificate";
    case PVE_ERR_TRANSPORT: return "the API host is unreachable or too slow";
    case PVE_ERR_PERM: return "the token lacks a privilege (VM.Audit, VM.PowerMgmt, VM.Config.Disk)";
    case PVE_ERR_NODE_DOWN: return "Proxmox cannot reach the VM's node";
    case PVE_ERR_NO_VM: return "no such VM in the cluster";
    default: return "";
    }
}

static void report_health(struct mbmc_backend *be, enum pve_err e, const char *msg)
{
    if (e == PVE_OK) {
        if (be->health != PVE_OK) {
            char key[32];
            snprintf(key, sizeof(key), "pve-%s", pve_err_name(be->health));
            if (mbmc_log_once_reset(key))
                mbmc_log(MBMC_LOG_INFO, "Proxmox API answers again for VM %u", be->vmid);
            be->ev.error(be->ev.core, NULL);
            if (be->media)
                pve_media_api_back(be->media);
        }
        be->health = PVE_OK;
        return;
    }
    if (be->health != PVE_OK && be->health != e) {
        char old[32];
        snprintf(old, sizeof(old), "pve-%s", pve_err_name(be->health));
        mbmc_log_once_reset(old);
    }
    be->health = e;
    char key[32], text[600];
    snprintf(key, sizeof(key), "pve-%s", pve_err_name(e));
    const char *h = hint(e);
    snprintf(text, sizeof(text), "Proxmox API (VM %u): %s%s%s", be->vmid, msg && *msg ? msg : pve_err_name(e),
             *h ? " - " : "", h);
    mbmc_log_once(key, MBMC_LOG_ERR, "%s", text);
    be->ev.error(be->ev.core, text);
}

/* ---- state */

static void note_power_denied(struct mbmc_backend *be, bool denied)
{
    if (denied && !be->power_denied)
        mbmc_log(MBMC_LOG_WARN, "VM %u: the API token lacks VM.PowerMgmt: power actions "
                 "will be refused (0xD4)", be->vmid);
    be->power_denied = denied;
}

static void note_config_denied(struct mbmc_backend *be, bool denied)
{
    if (denied && !be->config_denied)
        mbmc_log(MBMC_LOG_WARN, "VM %u: the API token lacks VM.Config.Disk: boot device "
                 "overrides will be refused (0xD4)", be->vmid);
    be->config_denied = denied;
}

static void set_version(struct mbmc_backend *be, int major, int minor)
{
    pve_api_set_major(be->api, major);
    be->overrule_shutdown = major > 8 || (major == 8 && minor >= 1);
}

/* What the shared table knows besides the state (nothing comes from our own poller). */
static void take_table_info(struct mbmc_backend *be, const struct pve_vm_state *st)
{
    if (st->node && *st->node)
        pve_api_set_node(be->api, st->node);
    if (st->pve_major && st->pve_major != pve_api_major(be->api))
        set_version(be, st->pve_major, st->pve_minor);
    if (st->info & PVE_INFO_PRIVS) {
        note_power_denied(be, st->info & PVE_INFO_NO_POWER);
        note_config_denied(be, st->info & PVE_INFO_NO_CONFIG);
        bool denied = st->info & PVE_INFO_NO_OPTIONS;
        if (!be->table_privs_known || denied != be->table_options_denied)
            pve_vmconfig_set_allowed(be->config, !denied);
        be->table_privs_known = true;
        be->table_options_denied = denied;
    }
    /* The supervisor reads each VM's config in the background after the start and again when
     * the VM boots; until then, and after our own reads (actions), ours is as good. */
    if ((st->info & PVE_INFO_CONFIG) && be->config_file &&
        (!be->table_config_known || st->config_gen != be->table_config_gen)) {
        be->table_config_known = true;
        be->table_config_gen = st->config_gen;
        struct json_object *cfg = json_object_from_file(be->config_file);
        if (json_object_is_type(cfg, json_type_object))
            pve_vmconfig_apply(be->config, cfg);
        else
            mbmc_log(MBMC_LOG_WARN, "VM %u: cannot read %s: %s", be->vmid, be->config_file,
                     json_util_get_last_err());
        json_object_put(cfg);
    }
}

static void on_state(void *ctx, const struct pve_vm_state *st)
{
    struct mbmc_backend *be = ctx;
    take_table_info(be, st);
    report_health(be, st->err, st->msg);
    if (st->err != PVE_OK)
        return;
    be->ha_managed = st->ha_managed;
    bool changed = !be->known || be->on != st->on;
    be->known = true;
    be->on = st->on;
    if (changed)
        be->ev.power_changed(be->ev.core, st->on);
}

/* ---- the action machine */

static void action_end(struct mbmc_backend *be, bool ok, const char *why)
{
    if (!ok)
        mbmc_log(MBMC_LOG_ERR, "power %s for VM %u failed: %s", step_name[be->steps[be->cur]],
                 be->vmid, why);
    /* Consumed only if the override this boot used is still the current one. */
    bool booted = ok && be->booted && !be->boot_failed && be->action_ov_gen == be->ov_gen;
    be->busy = false;
    be->req = NULL;
    be->lock_wait = be->off_waits = false;
    mbmc_timer_stop(be->timer);
    /* A finished task is the truth for a VM that HA does not manage: show it now rather
     * than at the next poll, so the client's next command sees the new state. */
    if (ok && !be->ha_managed && be->op != MBMC_OP_DIAG) {
        bool on = be->op != MBMC_OP_OFF && be->op != MBMC_OP_SOFT;
        if (on != be->on) {
            be->on = on;
            be->ev.power_changed(be->ev.core, on);
        }
    }
    be->state->refresh(be->state);
    if (booted)
        be->ev.booted(be->ev.core);
    be->ev.power_done(be->ev.core, ok ? NULL : why);
}

static void next_step(struct mbmc_backend *be)
{
    be->req = NULL;
    be->retries = 0;
    be->lock_wait = false;
    if (++be->cur >= be->nsteps)
        action_end(be, true, NULL);
    else
        run_step(be);
}

/* A step failed with e: retry where Proxmox says the VM moved or is migrating. */
static void step_failed(struct mbmc_backend *be, enum pve_err e, long http, const char *msg)
{
    be->req = NULL;
    enum step s = be->steps[be->cur];
    if (e == PVE_ERR_ALREADY || (e == PVE_ERR_NOT_RUNNING && s == STEP_STOP)) {
        next_step(be);     /* the goal is reached */
        return;
    }
    if (e == PVE_ERR_MIGRATING && be->off_waits) {
        stop_following(be);
        be->ev.power_done(be->ev.core, "overruled by power off");
        return;
    }
    if ((e == PVE_ERR_NOT_HERE && be->retries < 1) ||
        (e == PVE_ERR_MIGRATING && be->retries < MAX_MIGRATE_RETRIES)) {
        be->lock_wait = e == PVE_ERR_MIGRATING;
        if (be->retries == 0)
            mbmc_log(MBMC_LOG_INFO, "%s for VM %u: %s; locating the VM again and retrying",
                     step_name[s], be->vmid, msg);
        be->retries++;
        pve_api_forget_node(be->api);
        mbmc_timer_start(be->timer, e == PVE_ERR_MIGRATING ? RETRY_MS : 0);
        return;
    }
    if (s == STEP_NMI && (e == PVE_ERR_PERM || http == 500)) {
        be->nmi_denied = true;
        mbmc_log(MBMC_LOG_ERR, "NMI for VM %u refused by Proxmox (%s): the token needs VM.Monitor "
                 "and Sys.Modify on PVE 7/8; PVE 9 allows it to root@pam only. Further diag "
                 "requests answer 0xCC", be->vmid, msg);
    }
    if ((s == STEP_START || s == STEP_STOP || s == STEP_SHUTDOWN || s == STEP_RESET) &&
        e == PVE_ERR_PERM) {
        be->power_denied = true;
        mbmc_log(MBMC_LOG_ERR, "VM %u: Proxmox refused %s (%s): the token needs VM.PowerMgmt",
                 be->vmid, step_name[s], msg);
    }
    if (s == STEP_APPLY_BOOT && (e == PVE_ERR_PERM || e == PVE_ERR_BAD_REQUEST)) {
        if (e == PVE_ERR_PERM) {
            be->config_denied = true;
            mbmc_log(MBMC_LOG_ERR, "cannot set the boot order of VM %u (%s): the token needs "
                     "VM.Config.Disk; boot device overrides answer 0xD4 from now on", be->vmid, msg);
        } else {
            mbmc_log(MBMC_LOG_ERR, "cannot set the boot order of VM %u: %s", be->vmid, msg);
        }
        /* The power action itself still runs: the VM boots its own order, and the
         * override is not consumed by this boot. */
        be->boot_failed = true;
        next_step(be);
        return;
    }
    char why[700];
    snprintf(why, sizeof(why), "%s%s%s", msg && *msg ? msg : pve_err_name(e),
             http ? " (HTTP " : "", "");
    if (http)
        snprintf(why + strlen(why), sizeof(why) - strlen(why), "%ld)", http);
    action_end(be, false, why);
}

static void on_task_end(void *ctx, const struct pve_task_end *end)
{
    struct mbmc_backend *be = ctx;
    be->task = NULL;
    if (end->read_failed) {
        step_failed(be, end->err, end->http, end->msg);
        return;
    }
    if (!strcmp(be->upid, be->shutdown_upid))
        be->shutdown_upid[0] = '\0';
    be->upid[0] = '\0';
    if (end->err != PVE_OK) {
        mbmc_log(MBMC_LOG_WARN, "Proxmox task %s for VM %u ended: %s", step_name[be->steps[be->cur]],
                 be->vmid, end->msg);
        step_failed(be, end->err, 0, end->msg);
        return;
    }
    if (be->steps[be->cur] == STEP_START)
        be->booted = true;
    if (be->steps[be->cur] == STEP_STOP)
        be->shutdown_upid[0] = '\0';     /* whatever shutdown ran is over now */
    be->retries = 0;
    next_step(be);
}

/* A power call answered: data is the UPID of the task doing the work. */
static void on_power_posted(void *ctx, const struct pve_api_result *res)
{
    struct mbmc_backend *be = ctx;
    be->req = NULL;
    if (res->err != PVE_OK) {
        step_failed(be, res->err, res->http, res->msg);
        return;
    }
    char type[32], node[64];
    const char *upid = json_object_get_string(res->data);
    if (!upid || pve_upid_parse(upid, node, sizeof(node), type, sizeof(type)) ||
        !(be->task = pve_task_follow(be->api, be->loop, upid, TASK_POLL_MS, TASK_POLL_MS, RETRY_MS,
                                     TASK_READ_ERRORS, on_task_end, be))) {
        step_failed(be, PVE_ERR_SERVER, res->http, "answer holds no task id (UPID)");
        return;
    }
    snprintf(be->upid, sizeof(be->upid), "%s", upid);
    if (be->steps[be->cur] == STEP_SHUTDOWN) {
        snprintf(be->shutdown_upid, sizeof(be->shutdown_upid), "%s", upid);
        snprintf(be->shutdown_node, sizeof(be->shutdown_node), "%s", node);
    }
    be->retries = 0;
}

static void on_nmi(void *ctx, const struct pve_api_result *res)
{
    struct mbmc_backend *be = ctx;
    be->req = NULL;
    if (res->err != PVE_OK) {
        step_failed(be, res->err, res->http, res->msg);
        return;
    }
    /* The monitor answers HTTP 200 even when the command failed: "ERROR: ...". */
    const char *out = json_object_get_string(res->data);
    if (out && !strncmp(out, "ERROR", 5)) {
        step_failed(be, PVE_ERR_SERVER, 500, out);
        return;
    }
    next_step(be);
}

static void on_config_put(void *ctx, const struct pve_api_result *res)
{
    struct mbmc_backend *be = ctx;
    be->req = NULL;
    if (res->err != PVE_OK) {
        step_failed(be, res->err, res->http, res->msg);
        return;
    }
    if (be->steps[be->cur] == STEP_RESTORE_BOOT || !be->ov.valid) {
        free(be->orig_boot);
        be->orig_boot = NULL;
    }
    next_step(be);
}

static void put_boot(struct mbmc_backend *be, const char *order)
{
    char esc[1200], form[1300];
    if (order && *order) {
        pve_url_escape(order, esc, sizeof(esc));
        snprintf(form, sizeof(form), "boot=%s", esc);
    } else {
        snprintf(form, sizeof(form), "delete=boot");
    }
    mbmc_log(MBMC_LOG_INFO, "VM %u: setting boot %s", be->vmid, order && *order ? order : "(default)");
    be->req = pve_api_vm_call(be->api, "PUT", "config", form, on_config_put, be);
    if (!be->req)
        step_failed(be, PVE_ERR_SERVER, 0, "cannot send the request");
}

#define MAX_CFG 128

static void on_config_read(void *ctx, const struct pve_api_result *res)
{
    struct mbmc_backend *be = ctx;
    be->req = NULL;
    if (res->err != PVE_OK) {
        step_failed(be, res->err, res->http, res->msg);
        return;
    }
    be->action_ov_gen = be->ov_gen;     /* this boot uses the override as it is now */
    pve_vmconfig_apply(be->config, res->data);
    struct pve_config_entry cfg[MAX_CFG];
    const char *cur_boot, *bios;
    size_t n = pve_parse_config(res->data, cfg, MAX_CFG, &cur_boot, &bios);
    pve_media_config_seen(be->media, cfg, n);
    if (!be->ov.valid) {
        /* No override: put the VM's own order back if we had changed it. */
        if (be->orig_boot && strcmp(be->orig_boot, cur_boot))
            put_boot(be, be->orig_boot);
        else
            next_step(be);
        return;
    }
    if (!be->orig_boot)
        be->orig_boot = strdup(cur_boot);
    /* Compute from the VM's own order, not from an override we left behind. */
    for (size_t i = 0; i < n; i++)
        if (!strcmp(cfg[i].key, "boot"))
            cfg[i].value = be->orig_boot;
    char order[1024], err[200];
    /* A boot from CD means the drive holding the virtual media when the VM has several. */
    int rc = pve_boot_order_prefer(cfg, n, be->ov.device, pve_media_boot_drive(be->media), order,
                                   sizeof(order), err, sizeof(err));
    if (rc == -2) {
        mbmc_log_once("pve-boot-nodev", MBMC_LOG_INFO, "VM %u: %s (Proxmox has no API to enter "
                      "the firmware setup); booting the VM's own order", be->vmid, err);
        next_step(be);
        return;
    }
    if (rc) {
        step_failed(be, PVE_ERR_BAD_REQUEST, 0, err);
        return;
    }
    if (!strcmp(order, cur_boot))
        next_step(be);
    else
        put_boot(be, order);
}

static void run_step(struct mbmc_backend *be)
{
    enum step s = be->steps[be->cur];
    const char *path = NULL, *form = "";
    char form_buf[64];
    switch (s) {
    case STEP_APPLY_BOOT:
        be->req = pve_api_vm_call(be->api, "GET", "config", NULL, on_config_read, be);
        break;
    case STEP_RESTORE_BOOT:
        if (!be->orig_boot || be->ov.persistent || be->boot_failed) {
            next_step(be);
            return;
        }
        put_boot(be, be->orig_boot);
        return;
    case STEP_START: path = "status/start"; break;
    case STEP_STOP:
        path = "status/stop";
        if (be->overrule_shutdown && !be->ha_managed)     /* HA refuses it (400) */
            form = "overrule-shutdown=1";
        break;
    case STEP_SHUTDOWN: path = "status/shutdown"; form = "forceStop=0"; break;
    case STEP_RESET: path = "status/reset"; break;
    case STEP_NMI:
        snprintf(form_buf, sizeof(form_buf), "command=nmi");
        be->req = pve_api_vm_call(be->api, "POST", "monitor", form_buf, on_nmi, be);
        break;
    }
    if (path)
        be->req = pve_api_vm_call(be->api, "POST", path, form, on_power_posted, be);
    if (!be->req)
        step_failed(be, PVE_ERR_SERVER, 0, "cannot send the request");
}

/* Timer: retry the current step after a delay. */
static void on_timer(void *data)
{
    struct mbmc_backend *be = data;
    if (be->busy)
        run_step(be);
}

/* Before a hard stop on PVE without overrule-shutdown: abort our running graceful
 * shutdown, which otherwise holds the VM lock for up to its timeout. */
static void on_shutdown_aborted(void *ctx, const struct pve_api_result *res)
{
    struct mbmc_backend *be = ctx;
    be->req = NULL;
    if (res->err != PVE_OK)
        mbmc_log(MBMC_LOG_WARN, "VM %u: aborting the running shutdown task failed: %s", be->vmid, res->msg);
    be->shutdown_upid[0] = '\0';
    run_step(be);
}

static bool boot_change_pending(struct mbmc_backend *be)
{
    return be->ov.valid || be->orig_boot;
}

/* A boot while Proxmox still downloads an inserted image would start without the medium:
 * it waits for the insert to end (whatever its outcome), as the client's order implies. */
static bool wait_for_media(struct mbmc_backend *be, enum mbmc_chassis_op op)
{
    if ((op != MBMC_OP_ON && op != MBMC_OP_CYCLE && op != MBMC_OP_RESET) ||
        !pve_media_inserting(be->media))
        return false;
    mbmc_log(MBMC_LOG_INFO, "VM %u: power %s waits for the virtual media insert to end",
             be->vmid, op == MBMC_OP_ON ? "on" : op == MBMC_OP_RESET ? "reset" : "cycle");
    be->media_wait = true;
    return true;
}

static void begin(struct mbmc_backend *be, enum mbmc_chassis_op op)
{
    int n = 0;
    bool boot = boot_change_pending(be);
    switch (op) {
    case MBMC_OP_ON:
        be->steps[n++] = STEP_APPLY_BOOT;
        be->steps[n++] = STEP_START;
        be->steps[n++] = STEP_RESTORE_BOOT;
        break;
    case MBMC_OP_OFF: be->steps[n++] = STEP_STOP; break;
    case MBMC_OP_SOFT: be->steps[n++] = STEP_SHUTDOWN; break;
    case MBMC_OP_RESET:
        if (!boot) {
            be->steps[n++] = STEP_RESET;   /* reset keeps QEMU: a new boot order would not apply */
            break;
        }
        /* fall through */
    case MBMC_OP_CYCLE:
        be->steps[n++] = STEP_STOP;
        be->steps[n++] = STEP_APPLY_BOOT;
        be->steps[n++] = STEP_START;
        be->steps[n++] = STEP_RESTORE_BOOT;
        break;
    case MBMC_OP_DIAG: be->steps[n++] = STEP_NMI; break;
    }
    be->nsteps = n;
    be->cur = 0;
    be->retries = 0;
    be->lock_wait = be->off_waits = false;
    be->busy = true;
    be->booted = false;
    be->boot_failed = false;
    be->action_ov_gen = be->ov_gen;
    be->op = op;
    be->upid[0] = '\0';
    if (op == MBMC_OP_RESET && !boot)
        be->booted = true;   /* a reset boots the VM's own order: nothing to restore */
    if (op == MBMC_OP_OFF && (!be->overrule_shutdown || be->ha_managed) && be->shutdown_upid[0]) {
        char esc[512], path[700];
        pve_url_escape(be->shutdown_upid, esc, sizeof(esc));
        snprintf(path, sizeof(path), "/nodes/%s/tasks/%s", be->shutdown_node, esc);
        mbmc_log(MBMC_LOG_INFO, "VM %u: aborting the running graceful shutdown before stopping", be->vmid);
        be->req = pve_api_call(be->api, "DELETE", path, NULL, on_shutdown_aborted, be);
        if (be->req)
            return;
    }
    run_step(be);
}

/* Can an action run now? The power state is the chassis layer's business (its policy). */
static uint8_t p_power_check(struct mbmc_backend *be, enum mbmc_chassis_op op)
{
    /* Right after the start the table may know the state before our first look at it
     * (the loop's next turn, then its 1 s tick): look now rather than answer busy. */
    if (!be->known && be->state->peek)
        be->state->peek(be->state);
    if (be->health != PVE_OK && be->health != PVE_ERR_NOT_HERE)
        return pve_err_ipmi_cc(be->health);
    if (!be->known)
        return IPMI_NODE_BUSY_CC;
    if (be->power_denied && op != MBMC_OP_DIAG) {
        mbmc_log_once("pve-power-denied", MBMC_LOG_ERR, "VM %u: power control refused: the API "
                      "token lacks VM.PowerMgmt on /vms/%u", be->vmid, be->vmid);
        return IPMI_INSUFFICIENT_PRIVILEGE_CC;
    }
    if (op == MBMC_OP_DIAG && (be->nmi_denied || pve_api_major(be->api) >= 9)) {
        mbmc_log_once("pve-nmi", MBMC_LOG_WARN, "VM %u: diag (NMI) is not available: Proxmox %s",
                      be->vmid, be->nmi_denied ? "refused the monitor command nmi for this token"
                                               : "9 allows nmi to root@pam only, never to API tokens");
        return IPMI_INVALID_DATA_FIELD_CC;
    }
    return MBMC_CC_OK;
}

static uint8_t p_power_start(struct mbmc_backend *be, enum mbmc_chassis_op op)
{
    if (be->busy)
        return IPMI_NODE_BUSY_CC;
    be->busy = true;
    be->op = op;
    if (!wait_for_media(be, op))
        begin(be, op);
    return MBMC_CC_OK;
}

/* Power off arrived: a graceful shutdown (the guest may ignore it for minutes; begin() aborts
 * its task before the stop where Proxmox needs that), a boot waiting for a download, or a
 * step retrying against a migration lock (up to ~2 minutes) gives way. Anything else is
 * short and runs to its end. A lock retry whose request is in flight ends when that request
 * meets the lock again (step_failed), since Proxmox may be running it already. */
static bool p_power_abort(struct mbmc_backend *be)
{
    if (be->busy && be->lock_wait && (be->req || be->task)) {
        be->off_waits = true;
        return false;
    }
    bool waits = be->media_wait || (be->busy && be->steps[be->cur] == STEP_SHUTDOWN) ||
                 (be->busy && be->lock_wait);
    if (!be->busy || !waits)
        return false;
    stop_following(be);
    return true;
}

/* Leave the action in flight (p_power_abort, or a lock retry that power off overrules). */
static void stop_following(struct mbmc_backend *be)
{
    char what[64];
    snprintf(what, sizeof(what), "%s retrying against a migration lock", step_name[be->steps[be->cur]]);
    mbmc_log(MBMC_LOG_INFO, "VM %u: power off overrules the %s", be->vmid,
             be->media_wait ? "boot waiting for the virtual media" :
             be->lock_wait ? what : "running graceful shutdown");
    pve_api_cancel(be->req);
    be->req = NULL;
    pve_task_cancel(be->task);
    be->task = NULL;
    be->upid[0] = '\0';
    mbmc_timer_stop(be->timer);
    be->media_wait = false;
    be->lock_wait = be->off_waits = false;
    be->busy = false;
}

static bool p_power_is_on(struct mbmc_backend *be)
{
    if (be->state->peek)     /* the shared table: a newer state costs nothing to read */
        be->state->peek(be->state);
    return be->on;
}

static uint8_t p_set_boot(struct mbmc_backend *be, const struct mbmc_boot_override *ov)
{
    if (ov->valid && be->config_denied) {
        mbmc_log_once("pve-boot-denied", MBMC_LOG_ERR, "VM %u: boot device override refused: the "
                      "API token lacks VM.Config.Disk on /vms/%u", be->vmid, be->vmid);
        return IPMI_INSUFFICIENT_PRIVILEGE_CC;
    }
    if (ov->valid && ov->device == MBMC_BOOT_BIOS)
        mbmc_log(MBMC_LOG_INFO, "VM %u: boot into firmware setup accepted, but Proxmox has no API "
                 "for it: the VM boots its own order", be->vmid);
    be->ov = *ov;
    be->ov_gen++;
    return MBMC_CC_OK;
}

static int p_efi(struct mbmc_backend *be)
{
    return pve_vmconfig_efi(be->config);
}

static const struct mbmc_vm_identity *p_identity(struct mbmc_backend *be)
{
    return pve_vmconfig_identity(be->config);
}

static enum mbmc_restore_policy p_restore_policy(struct mbmc_backend *be)
{
    return pve_vmconfig_policy(be->config);
}

static uint8_t p_set_restore_policy(struct mbmc_backend *be, enum mbmc_restore_policy policy)
{
    return pve_vmconfig_set_policy(be->config, policy, be->health);
}

/* ---- start-up: version (for overrule-shutdown), privileges, firmware type */

static void setup_config(void *ctx, const struct pve_api_result *res);

static void setup_perms(void *ctx, const struct pve_api_result *res)
{
    struct mbmc_backend *be = ctx;
    be->setup_req = NULL;
    if (res->err == PVE_OK) {
        bool config_ok, power_ok;
        pve_parse_perms(res->data, be->vmid, &config_ok, &power_ok);
        note_config_denied(be, !config_ok);
        note_power_denied(be, !power_ok);
        pve_vmconfig_set_allowed(be->config, pve_parse_has_perm(res->data, be->vmid, "VM.Config.Options"));
    }
    be->setup_req = pve_api_vm_call(be->api, "GET", "config", NULL, setup_config, be);
    if (!be->setup_req)
        be->state->refresh(be->state);
}

static void setup_config(void *ctx, const struct pve_api_result *res)
{
    struct mbmc_backend *be = ctx;
    be->setup_req = NULL;
    if (res->err == PVE_OK) {
        struct pve_config_entry cfg[MAX_CFG];
        const char *boot, *bios;
        size_t n = pve_parse_config(res->data, cfg, MAX_CFG, &boot, &bios);
        pve_vmconfig_apply(be->config, res->data);
        pve_media_config_seen(be->media, cfg, n);
    }
    pve_media_start(be->media);
    be->state->refresh(be->state);
}

static void setup_version(void *ctx, const struct pve_api_result *res)
{
    struct mbmc_backend *be = ctx;
    be->setup_req = NULL;
    int major, minor;
    if (res->err == PVE_OK && pve_parse_version(res->data, &major, &minor) == 0) {
        set_version(be, major, minor);
        mbmc_log(MBMC_LOG_INFO, "Proxmox VE %s", pve_json_str(res->data, "version"));
    } else if (res->err != PVE_OK) {
        report_health(be, res->err, res->msg);
    }
    char path[64];
    snprintf(path, sizeof(path), "/access/permissions?path=%%2Fvms%%2F%u", be->vmid);
    be->setup_req = pve_api_call(be->api, "GET", path, NULL, setup_perms, be);
    if (!be->setup_req)
        be->state->refresh(be->state);
}

/* ---- virtual media (pve_media.c) */

static void media_changed(void *ctx)
{
    struct mbmc_backend *be = ctx;
    if (be->media && be->ev.media_changed)
        be->ev.media_changed(be->ev.core);
}

static void media_insert_ended(void *ctx)
{
    struct mbmc_backend *be = ctx;
    if (!be->media_wait || !be->media)
        return;
    be->media_wait = false;
    mbmc_log(MBMC_LOG_INFO, "VM %u: the virtual media insert ended: the waiting power action runs now",
             be->vmid);
    begin(be, be->op);
}

static enum mbmc_media_result p_insert_media(struct mbmc_backend *be,
                                             const struct mbmc_media_insert *req,
                                             mbmc_media_cb cb, void *data)
{
    return pve_media_insert(be->media, req, cb, data);
}

static enum mbmc_media_result p_eject_media(struct mbmc_backend *be, mbmc_media_cb cb, void *data)
{
    return pve_media_eject(be->media, cb, data);
}

static void p_media_state(struct mbmc_backend *be, struct mbmc_media_state *out)
{
    if (be->media) {
        pve_media_state(be->media, out);
    } else {
        memset(out, 0, sizeof(*out));
        out->drive = -1;
    }
}

static void p_close(struct mbmc_backend *be);

static struct mbmc_backend *p_open(struct mbmc_loop *loop, const struct mbmc_options *opts,
                                   const struct mbmc_backend_events *ev, char *err, size_t errlen)
{
    struct mbmc_backend *be = calloc(1, sizeof(*be));
    if (!be) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    be->loop = loop;
    be->ev = *ev;
    be->vmid = opts->vmid;
    be->api = pve_api_new(loop, opts, err, errlen);
    if (!be->api) {
        free(be);
        return NULL;
    }
    be->config = pve_vmconfig_new(loop, be->api, be->vmid, ev);
    if (opts->state_table) {
        /* The table's directory is the run directory, where the supervisor puts our config. */
        const char *slash = strrchr(opts->state_table, '/');
        int dirlen = slash ? (int)(slash - opts->state_table) : 1;
        const char *dir = slash ? opts->state_table : ".";
        size_t len = (size_t)dirlen + sizeof("/4294967295/" PVE_TABLE_CONFIG_FILE);
        be->config_file = malloc(len);
        if (be->config_file)
            snprintf(be->config_file, len, "%.*s/%u/" PVE_TABLE_CONFIG_FILE, dirlen, dir, be->vmid);
    }
    if (opts->insecure)
        mbmc_log(MBMC_LOG_WARN, "insecure=1: the Proxmox API certificate is NOT verified; anyone "
                 "on the path can read the API token. Use ca-file= or fingerprint= instead");
    be->timer = mbmc_timer_new(loop, on_timer, be);
    struct pve_media_events mev = { .ctx = be, .changed = media_changed,
                                    .insert_ended = media_insert_ended };
    be->media = pve_media_new(loop, be->api, opts, &mev);
    be->state = opts->state_table
        ? pve_table_source_new(loop, be->api, opts->state_table, be->vmid, opts->poll_ms, on_state, be)
        : pve_poll_new(loop, be->api, opts->poll_ms, on_state, be);
    if (!be->timer || !be->state || !be->media || !be->config) {
        snprintf(err, errlen, "out of memory");
        p_close(be);
        return NULL;
    }
    if (!opts->state_table) {
        be->state->refresh(be->state);      /* power state first: clients ask for it at once */
        be->setup_req = pve_api_call(be->api, "GET", "/version", NULL, setup_version, be);
    }
    mbmc_log(MBMC_LOG_INFO, "Proxmox backend for VM %u via %s (%s)", be->vmid, opts->url,
             opts->insecure ? "TLS NOT verified" : opts->fingerprint ? "certificate fingerprint pinned"
             : opts->ca_file ? "CA file" : "system CAs");
    return be;
}

static void p_close(struct mbmc_backend *be)
{
    if (!be)
        return;
    /* Media first: its outstanding insert/eject completes while the rest still stands. */
    struct pve_media *media = be->media;
    be->media = NULL;
    pve_media_free(media);
    pve_api_cancel(be->req);
    pve_task_cancel(be->task);
    pve_api_cancel(be->setup_req);
    pve_vmconfig_free(be->config);
    free(be->config_file);
    if (be->state)
        be->state->free(be->state);
    mbmc_timer_free(be->timer);
    pve_api_free(be->api);
    free(be->orig_boot);
    free(be);
}

const struct mbmc_backend_ops mbmc_backend_proxmox = {
    .name = "proxmox",
    .open = p_open,
    .close = p_close,
    .power_check = p_power_check,
    .power_start = p_power_start,
    .power_abort = p_power_abort,
    .power_is_on = p_power_is_on,
    .set_boot_override = p_set_boot,
    .firmware_is_efi = p_efi,
    .insert_media = p_insert_media,
    .eject_media = p_eject_media,
    .media_state = p_media_state,
    .identity = p_identity,
    .restore_policy = p_restore_policy,
    .set_restore_policy = p_set_restore_policy,
};
