/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The local-QEMU backend (backend.h) over QMP (qmp_conn.h).
 *
 * QEMU runs with -no-shutdown, so its process outlives the guest's power state:
 *   power state  "running" (and suspended/debug) is on; paused, prelaunch (-S), shutdown are off
 *   on           system_reset, wait for its RESET event, then cont: a real boot, which also
 *                hands the current bootindex order to the firmware
 *   off          stop (the VM is paused: powered off)
 *   cycle        stop, then on;  reset: system_reset;  soft: system_powerdown;  diag: inject-nmi
 * The state is polled with query-status every poll-ms and refreshed on every event, so it
 * stays true when the guest powers itself off (SHUTDOWN, status "shutdown") or someone else
 * uses the monitor. Boot overrides set the devices' bootindex (qmp_boot.h); virtual media
 * goes into the CD-ROM drive named by cdrom= (qmp_media.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "ipmi_cc.h"
#include "log.h"
#include "power_policy.h"
#include "qmp_boot.h"
#include "qmp_conn.h"
#include "qmp_facts.h"
#include "qmp_media.h"
#include "qmp_origin.h"
#include "uuid.h"

#define ORIGIN_FILE "qmp-boot-order"

#define RESET_WAIT_MS 3000      /* power-on: longest wait for system_reset's RESET event */
/* A boot is under way until the resets stop: SeaBIOS resets the machine once more by itself
 * right after a system_reset of a VM that already ran (to restore its shadowed ROM), and the
 * firmware reads the boot order at that last reset. A one-shot override is only consumed
 * (and the VM's own order restored) when no reset came for this long. */
#define BOOT_SETTLE_MS 2000

struct mbmc_backend {
    struct mbmc_loop *loop;
    struct mbmc_backend_events ev;
    char *path;
    char *origin_file;              /* state-dir record of the VM's own order, or NULL */
    unsigned poll_ms;
    struct qmp_conn *conn;
    struct mbmc_timer *poll_timer;
    struct mbmc_timer *op_timer;
    struct mbmc_timer *boot_timer;  /* BOOT_SETTLE_MS after the last reset of a boot */
    bool closing;
    unsigned session;               /* bumped on every lost connection */

    /* power state */
    bool known;                     /* query-status answered on this connection */
    bool on;
    bool reported;                  /* ev->power_changed was called at least once */
    bool reported_on;               /* last value passed to ev->power_changed */
    bool status_inflight;

    /* chassis control: the one action the chassis layer started */
    enum mbmc_chassis_op op;
    bool op_running;
    bool wait_reset;                /* power-on sent system_reset, waits for RESET */
    bool op_error_shown;            /* ev->error holds an action's failure */

    /* boot override */
    struct mbmc_boot_override want;
    struct qmp_bootdev *devs;       /* bootable devices of the connected QEMU */
    size_t ndevs;
    bool devs_known;
    pid_t devs_pid;                 /* the QEMU whose original order devs[].orig holds */
    struct qmp_bootdev *found;      /* discovery in progress */
    size_t nfound;
    unsigned discover_pending;
    unsigned apply_gen, apply_pending;
    bool apply_failed;
    bool armed;                     /* the override is in place for the next boot */
    int efi;
    pid_t efi_pid;

    struct mbmc_vm_identity id;     /* query-uuid, query-name, the firmware */
    /* what export needs to know about the VM besides id.name (qmp_facts.h) */
    struct qmp_nic *nics;           /* NICs seen by the last discovery, MACs as answered */
    size_t nnics;
    struct qmp_media *media;        /* virtual media in the CD-ROM drive */
};

/* Context of one command's callback. */
struct req {
    struct mbmc_backend *be;
    unsigned session;
    unsigned gen;
    size_t idx;
    int value;
};

static struct req *req_new(struct mbmc_backend *be, unsigned gen, size_t idx, int value)
{
    struct req *r = calloc(1, sizeof(*r));
    if (r)
        *r = (struct req){ .be = be, .session = be->session, .gen = gen, .idx = idx, .value = value };
    return r;
}

/* Every reply callback opens with this: take the request's context (copied to *out when
 * out is not NULL) and free it; the backend when the reply belongs to the current connection
 * of a live backend, NULL for a stale reply that must be dropped. */
static struct mbmc_backend *req_take(void *data, struct req *out)
{
    struct req *r = data;
    struct mbmc_backend *be = r->be;
    bool current = !be->closing && r->session == be->session;
    if (out)
        *out = *r;
    free(r);
    return current ? be : NULL;
}

static int send_cmd(struct mbmc_backend *be, const char *cmd, struct json_object *args,
                    qmp_reply_cb cb, void *data)
{
    int rc = qmp_conn_send(be->conn, cmd, args, cb, data);
    if (rc)
        mbmc_log(MBMC_LOG_WARN, "cannot send QMP %s (not connected or out of memory)", cmd);
    return rc;
}

/* ---- power state */

static bool status_means_on(const char *s)
{
    static const char *const on_states[] = { "running", "suspended", "debug", "finish-migrate",
                                             "save-vm", "colo" };
    for (size_t i = 0; i < sizeof(on_states) / sizeof(on_states[0]); i++)
        if (!strcmp(s, on_states[i]))
            return true;
    return false;
}

static void set_on(struct mbmc_backend *be, bool on)
{
    be->on = on;
    /* The first state is reported too: the BMC then knows the power state (sensors, the
     * restore policy after a host boot). */
    if (!be->reported || on != be->reported_on) {
        be->reported = true;
        be->reported_on = on;
        be->ev.power_changed(be->ev.core, on);
    }
}

static void status_done(void *data, struct json_object *ret, const char *err)
{
    struct mbmc_backend *be = req_take(data, NULL);
    if (!be)
        return;
    be->status_inflight = false;
    struct json_object *st;
    if (err || !json_object_object_get_ex(ret, "status", &st)) {
        mbmc_log_once("qmp-status", MBMC_LOG_WARN, "query-status failed: %s", err ? err : "no status");
        return;
    }
    mbmc_log_once_reset("qmp-status");
    be->known = true;
    set_on(be, status_means_on(json_object_get_string(st)));
}

/* Ask for the run state unless a query is already on its way: its answer will be newer
 * than anything seen before it (QMP keeps replies and events in order). */
static void refresh(struct mbmc_backend *be)
{
    if (be->status_inflight || !qmp_conn_ready(be->conn))
        return;
    struct req *r = req_new(be, 0, 0, 0);
    if (r && send_cmd(be, "query-status", NULL, status_done, r) == 0)
        be->status_inflight = true;
    else
        free(r);
}

static void poll_tick(void *data)
{
    struct mbmc_backend *be = data;
    refresh(be);
    mbmc_timer_start(be->poll_timer, be->poll_ms);
}

/* ---- boot override */

static void boot_settled(void *data)
{
    struct mbmc_backend *be = data;
    if (!be->armed)
        return;
    if (!be->want.persistent)
        be->armed = false;
    be->ev.booted(be->ev.core);
}

static enum qmp_boot_class class_for_device(enum mbmc_boot_device d, bool *supported)
{
    *supported = true;
    switch (d) {
    case MBMC_BOOT_PXE: return QMP_BOOT_NET;
    case MBMC_BOOT_DISK: case MBMC_BOOT_DISK_SAFE: case MBMC_BOOT_REMOTE_DISK: return QMP_BOOT_DISK;
    case MBMC_BOOT_CDROM: case MBMC_BOOT_REMOTE_CDROM: case MBMC_BOOT_REMOTE_MEDIA: return QMP_BOOT_CDROM;
    case MBMC_BOOT_NONE: case MBMC_BOOT_BIOS: return QMP_BOOT_OTHER;
    default:
        *supported = false;
        return QMP_BOOT_OTHER;
    }
}

static int override_target(struct mbmc_backend *be)
{
    bool supported;
    enum qmp_boot_class cls = class_for_device(be->want.device, &supported);
    if (!be->want.valid || cls == QMP_BOOT_OTHER)
        return -1;
    /* Boot from CD means the virtual media drive when the VM has several. */
    const char *media = cls == QMP_BOOT_CDROM ? qmp_media_drive_path(be->media) : NULL;
    for (size_t i = 0; media && i < be->ndevs; i++)
        if (!strcmp(be->devs[i].path, media))
            return (int)i;
    return qmp_boot_pick(be->devs, be->ndevs, cls);
}

static void apply_complete(struct mbmc_backend *be)
{
    be->armed = be->want.valid && !be->apply_failed;
    int t = override_target(be);
    bool supported;
    enum qmp_boot_class cls = class_for_device(be->want.device, &supported);
    if (be->want.valid && cls != QMP_BOOT_OTHER && t < 0)
        mbmc_log_once("qmp-boot-missing", MBMC_LOG_WARN, "boot override to %s: the VM has no "
                      "bootable %s device; it boots its own order", qmp_boot_class_name(cls),
                      qmp_boot_class_name(cls));
    else
        mbmc_log_once_reset("qmp-boot-missing");
    mbmc_log(MBMC_LOG_DEBUG, "boot order %s%s", be->want.valid ? "override: first " : "restored",
             be->want.valid ? (t >= 0 ? be->devs[t].path : "(unchanged)") : "");
}

static void qomset_done(void *data, struct json_object *ret, const char *err)
{
    struct req r;
    struct mbmc_backend *be = req_take(data, &r);
    if (!be || r.gen != be->apply_gen)
        return;
    if (err) {
        char msg[512];
        snprintf(msg, sizeof(msg), "cannot set bootindex %d on %s: %s", r.value,
                 r.idx < be->ndevs ? be->devs[r.idx].path : "?", err);
        mbmc_log(MBMC_LOG_WARN, "%s", msg);
        be->ev.error(be->ev.core, msg);
        be->apply_failed = true;
    }
    if (--be->apply_pending == 0)
        apply_complete(be);
}

/* Make QEMU's bootindex values match the wanted override (or the VM's own order). */
static void apply_boot_order(struct mbmc_backend *be)
{
    if (!qmp_conn_ready(be->conn) || !be->devs_known)
        return;
    int target = override_target(be);
    int *want = calloc(be->ndevs + 1, sizeof(*want));
    struct qmp_boot_step *steps = calloc(2 * be->ndevs + 1, sizeof(*steps));
    if (!want || !steps) {
        free(want);
        free(steps);
        mbmc_log(MBMC_LOG_ERR, "out of memory applying the boot order");
        return;
    }
    qmp_boot_plan(be->devs, be->ndevs, target, want);
    size_t n = qmp_boot_steps(be->devs, be->ndevs, want, steps);
    be->apply_gen++;
    be->apply_failed = false;
    be->armed = false;
    mbmc_timer_stop(be->boot_timer);     /* a boot under way did not read this order */
    be->apply_pending = 0;
    for (size_t i = 0; i < n; i++) {
        struct qmp_bootdev *d = &be->devs[steps[i].dev];
        struct req *r = req_new(be, be->apply_gen, steps[i].dev, steps[i].value);
        struct json_object *args = json_object_new_object();
        json_object_object_add(args, "path", json_object_new_string(d->path));
        json_object_object_add(args, "property", json_object_new_string("bootindex"));
        json_object_object_add(args, "value", json_object_new_int(steps[i].value));
        if (!r || send_cmd(be, "qom-set", args, qomset_done, r)) {
            free(r);
            be->apply_failed = true;
            continue;
        }
        d->cur = steps[i].value;
        be->apply_pending++;
    }
    free(want);
    free(steps);
    if (be->apply_pending == 0)
        apply_complete(be);
}

/* ---- facts about the VM for `multibmc export` */

static void free_nics(struct mbmc_backend *be)
{
    for (size_t i = 0; i < be->nnics; i++)
        free(be->nics[i].id);
    free(be->nics);
    be->nics = NULL;
    be->nnics = 0;
}

/* Publish once the discovery is over (it publishes then): a half-known NIC list is not one,
 * and the answers still on their way index be->nics, which formatting sorts. */
static void publish_facts(struct mbmc_backend *be)
{
    char facts[1024];
    if (be->ev.vm_facts && !be->discover_pending &&
        qmp_facts_format(facts, sizeof(facts), be->id.name, be->nics, be->nnics, be->efi) >= 0)
        be->ev.vm_facts(be->ev.core, facts);
}

static void free_devs(struct qmp_bootdev *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(d[i].path);
    free(d);
}

#define BOOTINDEX_UNKNOWN (-1000)

static void discover_finish(struct mbmc_backend *be)
{
    pid_t pid = qmp_conn_peer_pid(be->conn);
    bool same_qemu = be->devs && pid && pid == be->devs_pid;
    size_t n = 0;
    for (size_t i = 0; i < be->nfound; i++) {
        struct qmp_bootdev d = be->found[i];
        if (d.cur == BOOTINDEX_UNKNOWN) {       /* no bootindex property: not bootable */
            free(d.path);
            continue;
        }
        d.orig = d.cur;
        /* Reconnected to the same QEMU: its current order may be our override. */
        for (size_t j = 0; same_qemu && j < be->ndevs; j++)
            if (!strcmp(be->devs[j].path, d.path))
                d.orig = be->devs[j].orig;
        be->found[n++] = d;
    }
    /* First sight of this QEMU by this process: the VM's own order may be on record from
     * before an ipmi_sim restart; otherwise what QEMU shows now is it. */
    if (!same_qemu && be->origin_file) {
        unsigned long long start = qmp_origin_start_time(pid);
        if (qmp_origin_load(be->origin_file, pid, start, be->found, n) == 0) {
            mbmc_log(MBMC_LOG_INFO, "VM boot order restored from %s", be->origin_file);
        } else {
            int rc = qmp_origin_save(be->origin_file, pid, start, be->found, n);
            if (rc)
                mbmc_log_once("qmp-origin", MBMC_LOG_WARN, "cannot write %s: %s",
                              be->origin_file, strerror(rc));
        }
    }
    free_devs(be->devs, be->ndevs);
    be->devs = be->found;
    be->ndevs = n;
    be->found = NULL;
    be->nfound = 0;
    be->devs_pid = pid;
    be->devs_known = true;
    for (size_t i = 0; i < n; i++)
        mbmc_log(MBMC_LOG_DEBUG, "boot device %s (%s) bootindex %d", be->devs[i].path,
                 qmp_boot_class_name(be->devs[i].cls), be->devs[i].orig);
    apply_boot_order(be);
}

static void discover_step_done(struct mbmc_backend *be)
{
    if (--be->discover_pending == 0) {
        discover_finish(be);
        publish_facts(be);
    }
}

static void mac_done(void *data, struct json_object *ret, const char *err)
{
    struct req r;
    struct mbmc_backend *be = req_take(data, &r);
    size_t idx = r.idx;
    if (!be)
        return;
    if (!err && json_object_is_type(ret, json_type_string) && idx < be->nnics)
        snprintf(be->nics[idx].mac, sizeof(be->nics[idx].mac), "%s", json_object_get_string(ret));
    discover_step_done(be);
}

/* One more discovery step: qom-get property of path, cb gets idx. */
static void discover_qom_get(struct mbmc_backend *be, const char *path, const char *property, qmp_reply_cb cb,
                             size_t idx)
{
    struct req *q = req_new(be, 0, idx, 0);
    struct json_object *args = json_object_new_object();
    json_object_object_add(args, "path", json_object_new_string(path));
    json_object_object_add(args, "property", json_object_new_string(property));
    if (q && send_cmd(be, "qom-get", args, cb, q) == 0)
        be->discover_pending++;
    else
        free(q);
}

/* A NIC seen by the discovery: ask for its MAC. */
static void learn_mac(struct mbmc_backend *be, bool anon, const char *id, const char *path)
{
    struct qmp_nic *n = realloc(be->nics, (be->nnics + 1) * sizeof(*n));
    if (!n)
        return;
    be->nics = n;
    n[be->nnics] = (struct qmp_nic){ .anon = anon, .id = strdup(id) };
    discover_qom_get(be, path, "mac", mac_done, be->nnics++);
}

static void bootindex_done(void *data, struct json_object *ret, const char *err)
{
    struct req r;
    struct mbmc_backend *be = req_take(data, &r);
    size_t idx = r.idx;
    if (!be)
        return;
    if (!err && json_object_is_type(ret, json_type_int) && idx < be->nfound)
        be->found[idx].cur = json_object_get_int(ret);
    discover_step_done(be);
}

static void peripherals_done(void *data, struct json_object *ret, const char *err)
{
    struct req r;
    struct mbmc_backend *be = req_take(data, &r);
    const char *base = r.value ? "/machine/peripheral-anon" : "/machine/peripheral";
    if (!be)
        return;
    size_t n = err || !json_object_is_type(ret, json_type_array) ? 0 : json_object_array_length(ret);
    for (size_t i = 0; i < n; i++) {
        struct json_object *e = json_object_array_get_idx(ret, i), *name, *type;
        if (!json_object_object_get_ex(e, "name", &name) || !json_object_object_get_ex(e, "type", &type))
            continue;
        const char *t = json_object_get_string(type);
        if (strncmp(t, "child<", 6))
            continue;
        char qtype[128];
        snprintf(qtype, sizeof(qtype), "%s", t + 6);
        qtype[strcspn(qtype, ">")] = '\0';
        struct qmp_bootdev *f = realloc(be->found, (be->nfound + 1) * sizeof(*f));
        if (!f)
            break;
        be->found = f;
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", base, json_object_get_string(name));
        if (qmp_boot_class_of_type(qtype) == QMP_BOOT_NET)
            learn_mac(be, strcmp(base, "/machine/peripheral") != 0, json_object_get_string(name), path);
        f[be->nfound] = (struct qmp_bootdev){ .path = strdup(path), .cls = qmp_boot_class_of_type(qtype),
                                              .orig = -1, .cur = BOOTINDEX_UNKNOWN };
        if (!f[be->nfound].path)
            break;
        discover_qom_get(be, path, "bootindex", bootindex_done, be->nfound++);
    }
    discover_step_done(be);
}

/* Find the bootable devices and their bootindex: qom-list both peripheral containers, then
 * qom-get bootindex on each child (devices without the property are not bootable). */
static void discover(struct mbmc_backend *be)
{
    free_devs(be->found, be->nfound);
    be->found = NULL;
    be->nfound = 0;
    free_nics(be);
    be->discover_pending = 1;       /* held until both lists were sent */
    for (int anon = 0; anon < 2; anon++) {
        struct req *r = req_new(be, 0, 0, anon);
        struct json_object *args = json_object_new_object();
        json_object_object_add(args, "path", json_object_new_string(
                                   anon ? "/machine/peripheral-anon" : "/machine/peripheral"));
        if (r && send_cmd(be, "qom-list", args, peripherals_done, r) == 0)
            be->discover_pending++;
        else
            free(r);
    }
    discover_step_done(be);
}

/* ---- firmware type: pflash (OVMF as Proxmox/libvirt load it) or the -bios file name */

static void firmware_name_done(void *data, struct json_object *ret, const char *err)
{
    struct mbmc_backend *be = req_take(data, NULL);
    if (!be || err || !json_object_is_type(ret, json_type_string))
        return;
    int efi = qmp_facts_firmware_from_name(json_object_get_string(ret));
    if (efi >= 0)
        be->efi = efi;
    snprintf(be->id.firmware, sizeof(be->id.firmware), "%s", be->efi == 1 ? "UEFI (OVMF)"
             : be->efi == 0 ? "SeaBIOS" : json_object_get_string(ret));
    be->ev.identity_changed(be->ev.core);
    mbmc_log(MBMC_LOG_INFO, "firmware %s: %s", json_object_get_string(ret),
             be->efi == 1 ? "UEFI" : be->efi == 0 ? "legacy BIOS" : "unknown type");
    publish_facts(be);
}

static void blocks_done(void *data, struct json_object *ret, const char *err)
{
    struct mbmc_backend *be = req_take(data, NULL);
    if (!be || err)
        return;
    const char *dev;
    if (qmp_facts_firmware_from_blocks(ret, &dev) == 1) {
        be->efi = 1;
        mbmc_log(MBMC_LOG_INFO, "firmware in pflash (%s): UEFI", dev);
        snprintf(be->id.firmware, sizeof(be->id.firmware), "UEFI (OVMF)");
        be->ev.identity_changed(be->ev.core);
        publish_facts(be);
        return;
    }
    struct req *q = req_new(be, 0, 0, 0);
    struct json_object *args = json_object_new_object();
    json_object_object_add(args, "path", json_object_new_string("/machine"));
    json_object_object_add(args, "property", json_object_new_string("firmware"));
    if (!q || send_cmd(be, "qom-get", args, firmware_name_done, q))
        free(q);
}

static void detect_firmware(struct mbmc_backend *be)
{
    pid_t pid = qmp_conn_peer_pid(be->conn);
    if (pid && pid == be->efi_pid)
        return;
    be->efi_pid = pid;
    be->efi = -1;
    struct req *r = req_new(be, 0, 0, 0);
    if (!r || send_cmd(be, "query-block", NULL, blocks_done, r))
        free(r);
}

/* ---- identity: the SMBIOS UUID (-uuid) and the name (-name) QEMU gives the guest */

static void uuid_done(void *data, struct json_object *ret, const char *err)
{
    struct mbmc_backend *be = req_take(data, NULL);
    struct json_object *u;
    if (!be || err || !json_object_object_get_ex(ret, "UUID", &u))
        return;
    uint8_t uuid[16];
    if (mbmc_uuid_parse(json_object_get_string(u), uuid)) {
        mbmc_log(MBMC_LOG_WARN, "query-uuid answered '%s', not a UUID", json_object_get_string(u));
        return;
    }
    static const uint8_t nil[16];
    if (!memcmp(uuid, nil, 16)) {
        /* No -uuid: the guest's SMBIOS has no UUID either; the BMC keeps its own GUID. */
        mbmc_log_once("qmp-no-uuid", MBMC_LOG_INFO, "QEMU was started without -uuid: the BMC "
                      "reports its own GUID, not the VM's");
        return;
    }
    if (be->id.uuid_known && !memcmp(be->id.uuid, uuid, 16))
        return;
    memcpy(be->id.uuid, uuid, 16);
    be->id.uuid_known = true;
    be->ev.identity_changed(be->ev.core);
}

static void name_done(void *data, struct json_object *ret, const char *err)
{
    struct mbmc_backend *be = req_take(data, NULL);
    struct json_object *n;
    if (!be || err)
        return;
    const char *name = json_object_object_get_ex(ret, "name", &n) ? json_object_get_string(n) : "";
    if (!strcmp(name, be->id.name))
        return;
    snprintf(be->id.name, sizeof(be->id.name), "%s", name);
    be->ev.identity_changed(be->ev.core);
    publish_facts(be);
}

static void query_identity(struct mbmc_backend *be)
{
    struct req *u = req_new(be, 0, 0, 0);
    if (!u || send_cmd(be, "query-uuid", NULL, uuid_done, u))
        free(u);
    struct req *n = req_new(be, 0, 0, 0);
    if (!n || send_cmd(be, "query-name", NULL, name_done, n))
        free(n);
}

/* ---- chassis control: one action at a time, as the chassis layer's policy starts them */

/* The running action ended: tell the chassis layer (which may start the next one). */
static void op_finish(struct mbmc_backend *be, const char *err)
{
    if (err) {
        char msg[512];
        snprintf(msg, sizeof(msg), "power %s failed: %s", mbmc_power_op_name(be->op), err);
        mbmc_log(MBMC_LOG_WARN, "%s", msg);
        be->ev.error(be->ev.core, msg);
        be->op_error_shown = true;
    } else if (be->op_error_shown) {
        /* A later action worked: the failure is history, not the current state. */
        be->op_error_shown = false;
        be->ev.error(be->ev.core, NULL);
    }
    be->op_running = false;
    be->wait_reset = false;
    mbmc_timer_stop(be->op_timer);
    refresh(be);
    be->ev.power_done(be->ev.core, err);
}

static void cont_done(void *data, struct json_object *ret, const char *err)
{
    struct mbmc_backend *be = req_take(data, NULL);
    if (!be)
        return;
    if (!err)
        set_on(be, true);
    op_finish(be, err);
}

static void send_cont(struct mbmc_backend *be)
{
    struct req *r = req_new(be, 0, 0, 0);
    if (!r || send_cmd(be, "cont", NULL, cont_done, r)) {
        free(r);
        op_finish(be, "cannot send cont");
    }
}

static void reset_for_on_done(void *data, struct json_object *ret, const char *err)
{
    struct mbmc_backend *be = req_take(data, NULL);
    if (be && err && be->wait_reset)
        op_finish(be, err);
}

/* The RESET event did not come: continue anyway (cont reports if QEMU disagrees). */
static void reset_wait_expired(void *data)
{
    struct mbmc_backend *be = data;
    if (!be->wait_reset)
        return;
    be->wait_reset = false;
    mbmc_log(MBMC_LOG_WARN, "no RESET event %d ms after system_reset; resuming anyway", RESET_WAIT_MS);
    send_cont(be);
}

/* Power on from off: reset first, so the firmware boots afresh with the current boot order
 * (and a guest that shut down, status "shutdown", may run again), then cont (on_event).
 * False when system_reset could not be sent. */
static bool send_power_on(struct mbmc_backend *be)
{
    struct req *r = req_new(be, 0, 0, 0);
    if (!r || send_cmd(be, "system_reset", NULL, reset_for_on_done, r)) {
        free(r);
        return false;
    }
    be->wait_reset = true;
    mbmc_timer_start(be->op_timer, RESET_WAIT_MS);
    return true;
}

static void stop_done(void *data, struct json_object *ret, const char *err)
{
    struct mbmc_backend *be = req_take(data, NULL);
    if (!be)
        return;
    if (err) {
        op_finish(be, err);
        return;
    }
    set_on(be, false);
    if (be->op != MBMC_OP_CYCLE)
        op_finish(be, NULL);
    else if (!send_power_on(be))
        op_finish(be, "cannot send system_reset");
}

static void simple_done(void *data, struct json_object *ret, const char *err)
{
    struct mbmc_backend *be = req_take(data, NULL);
    if (be)
        op_finish(be, err);
}

/* The power state is known on a live connection: actions can run. */
static uint8_t q_power_check(struct mbmc_backend *be, enum mbmc_chassis_op op)
{
    (void)op;
    return qmp_conn_ready(be->conn) && be->known ? MBMC_CC_OK : IPMI_NODE_BUSY_CC;
}

static uint8_t q_power_start(struct mbmc_backend *be, enum mbmc_chassis_op op)
{
    if (be->op_running || !qmp_conn_ready(be->conn))
        return IPMI_NODE_BUSY_CC;
    be->op = op;
    mbmc_log(MBMC_LOG_DEBUG, "running power %s", mbmc_power_op_name(op));
    if (op == MBMC_OP_ON) {
        if (!send_power_on(be))
            return IPMI_NODE_BUSY_CC;
        be->op_running = true;
        return MBMC_CC_OK;
    }
    const char *cmd = op == MBMC_OP_OFF || op == MBMC_OP_CYCLE ? "stop" :
                      op == MBMC_OP_RESET ? "system_reset" :
                      op == MBMC_OP_SOFT ? "system_powerdown" : "inject-nmi";
    struct req *r = req_new(be, 0, 0, 0);
    if (!r || send_cmd(be, cmd, NULL, !strcmp(cmd, "stop") ? stop_done : simple_done, r)) {
        free(r);
        return IPMI_NODE_BUSY_CC;
    }
    be->op_running = true;
    return MBMC_CC_OK;
}

/* ---- connection events */

static void on_event(void *data, const char *name, struct json_object *msg)
{
    struct mbmc_backend *be = data;
    mbmc_log(MBMC_LOG_DEBUG, "QMP event %s", name);
    qmp_media_event(be->media, name, msg);
    if (!strcmp(name, "RESET")) {
        /* The firmware got the bootindex order at this reset: the override is used now. */
        if (be->wait_reset) {
            be->wait_reset = false;
            mbmc_timer_stop(be->op_timer);
            mbmc_timer_start(be->boot_timer, BOOT_SETTLE_MS);
            send_cont(be);
        } else if (be->on) {
            mbmc_timer_start(be->boot_timer, BOOT_SETTLE_MS);
        }
    }
    refresh(be);
}

static void on_ready(void *data)
{
    struct mbmc_backend *be = data;
    pid_t pid = qmp_conn_peer_pid(be->conn);
    if (mbmc_log_once_reset("qmp-conn"))
        mbmc_log(MBMC_LOG_INFO, "QMP connection to %s restored (QEMU pid %d)", be->path, (int)pid);
    else
        mbmc_log(MBMC_LOG_INFO, "connected to QEMU pid %d via %s", (int)pid, be->path);
    be->ev.error(be->ev.core, NULL);
    be->op_error_shown = false;
    refresh(be);
    discover(be);
    detect_firmware(be);
    qmp_media_ready(be->media, be->conn);
    query_identity(be);
    mbmc_timer_start(be->poll_timer, be->poll_ms);
}

static void on_lost(void *data, const char *why, bool qemu_gone)
{
    struct mbmc_backend *be = data;
    if (be->closing)
        return;
    be->session++;
    mbmc_log_once("qmp-conn", MBMC_LOG_WARN, "%s%s", why,
                  qemu_gone ? " (QEMU is not running; retrying)" : "; retrying");
    be->ev.error(be->ev.core, why);
    qmp_media_lost(be->media, why);
    bool abandoned = be->op_running;
    if (abandoned)
        mbmc_log(MBMC_LOG_WARN, "power %s abandoned: QMP connection lost", mbmc_power_op_name(be->op));
    be->op_running = false;
    be->wait_reset = false;
    be->known = false;
    be->status_inflight = false;
    be->devs_known = false;
    be->apply_pending = 0;
    be->discover_pending = 0;
    mbmc_timer_stop(be->op_timer);
    mbmc_timer_stop(be->poll_timer);
    mbmc_timer_stop(be->boot_timer);
    /* Nobody listens on the socket: there is no QEMU process, the VM is off (and did not
     * turn itself off: its process went away). */
    if (qemu_gone) {
        be->ev.vm_gone(be->ev.core);
        set_on(be, false);
    }
    if (abandoned)
        be->ev.power_done(be->ev.core, why);
}

/* ---- backend ops */

static void q_close(struct mbmc_backend *be)
{
    if (!be)
        return;
    be->closing = true;
    if (be->media)
        qmp_media_closing(be->media);
    qmp_conn_free(be->conn);
    qmp_media_free(be->media);
    mbmc_timer_free(be->poll_timer);
    mbmc_timer_free(be->op_timer);
    mbmc_timer_free(be->boot_timer);
    free_devs(be->devs, be->ndevs);
    free_devs(be->found, be->nfound);
    free_nics(be);
    free(be->path);
    free(be->origin_file);
    free(be);
}

static void media_changed(void *data)
{
    struct mbmc_backend *be = data;
    if (be->ev.media_changed && !be->closing)
        be->ev.media_changed(be->ev.core);
}

static struct mbmc_backend *q_open(struct mbmc_loop *loop, const struct mbmc_options *opts,
                                   const struct mbmc_backend_events *ev, char *err, size_t errlen)
{
    if (!opts->qmp || !*opts->qmp) {
        snprintf(err, errlen, "backend=qmp needs qmp=/path/to/qmp.sock");
        return NULL;
    }
    struct mbmc_backend *be = calloc(1, sizeof(*be));
    if (!be) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    be->loop = loop;
    be->ev = *ev;
    be->poll_ms = opts->poll_ms ? opts->poll_ms : MBMC_DEFAULT_POLL_MS;
    be->efi = -1;
    be->path = strdup(opts->qmp);
    if (opts->state_dir && *opts->state_dir) {
        size_t len = strlen(opts->state_dir) + sizeof("/" ORIGIN_FILE);
        be->origin_file = malloc(len);
        if (be->origin_file)
            snprintf(be->origin_file, len, "%s/%s", opts->state_dir, ORIGIN_FILE);
    }
    be->poll_timer = mbmc_timer_new(loop, poll_tick, be);
    be->op_timer = mbmc_timer_new(loop, reset_wait_expired, be);
    be->boot_timer = mbmc_timer_new(loop, boot_settled, be);
    be->media = qmp_media_new(opts->cdrom, media_changed, be);
    struct qmp_conn_cbs cbs = { .data = be, .ready = on_ready, .lost = on_lost, .event = on_event };
    if (!be->path || !be->poll_timer || !be->op_timer || !be->boot_timer || !be->media) {
        snprintf(err, errlen, "out of memory");
        q_close(be);
        return NULL;
    }
    be->conn = qmp_conn_new(loop, be->path, &cbs, err, errlen);
    if (!be->conn) {
        q_close(be);
        return NULL;
    }
    return be;
}

static bool q_power_is_on(struct mbmc_backend *be) { return be->on; }

static uint8_t q_set_boot_override(struct mbmc_backend *be, const struct mbmc_boot_override *ov)
{
    bool supported;
    enum qmp_boot_class cls = class_for_device(ov->device, &supported);
    if (ov->valid && !supported) {
        mbmc_log(MBMC_LOG_WARN, "boot device 0x%x has no counterpart in a QEMU VM", ov->device);
        return IPMI_INVALID_DATA_FIELD_CC;
    }
    if (ov->valid && cls != QMP_BOOT_OTHER && be->devs_known &&
        qmp_boot_pick(be->devs, be->ndevs, cls) < 0) {
        mbmc_log(MBMC_LOG_WARN, "boot override to %s refused: the VM has no bootable %s device",
                 qmp_boot_class_name(cls), qmp_boot_class_name(cls));
        return IPMI_INVALID_DATA_FIELD_CC;
    }
    if (ov->valid && ov->device == MBMC_BOOT_BIOS)
        mbmc_log(MBMC_LOG_INFO, "boot into firmware setup requested: QEMU has no API for it, "
                 "the VM boots its own order");
    be->want = *ov;
    apply_boot_order(be);
    return MBMC_CC_OK;
}

static int q_firmware_is_efi(struct mbmc_backend *be) { return be->efi; }

static enum mbmc_media_result q_insert_media(struct mbmc_backend *be,
                                             const struct mbmc_media_insert *req,
                                             mbmc_media_cb cb, void *data)
{
    if (req->checksum)
        return MBMC_MEDIA_NOT_SUPPORTED;     /* QEMU streams the image: nothing to verify first */
    return qmp_media_insert(be->media, req->image, cb, data);
}

static enum mbmc_media_result q_eject_media(struct mbmc_backend *be, mbmc_media_cb cb, void *data)
{
    return qmp_media_eject(be->media, cb, data);
}

static void q_media_state(struct mbmc_backend *be, struct mbmc_media_state *out)
{
    qmp_media_state(be->media, out);
}

static const struct mbmc_vm_identity *q_identity(struct mbmc_backend *be) { return &be->id; }

const struct mbmc_backend_ops mbmc_backend_qmp = {
    .name = "qmp",
    .open = q_open,
    .close = q_close,
    .power_check = q_power_check,
    .power_start = q_power_start,
    .power_is_on = q_power_is_on,
    .set_boot_override = q_set_boot_override,
    .firmware_is_efi = q_firmware_is_efi,
    .insert_media = q_insert_media,
    .eject_media = q_eject_media,
    .media_state = q_media_state,
    .identity = q_identity,
};
