/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See pve_media.h. Insert and eject, one at a time, each a short chain of API calls; the
 * drive's state from the VM's config; the saved state. The probe of storage and privileges is
 * in pve_media_probe.c, the removal of expired downloads in pve_media_removal.c. */
#define _GNU_SOURCE
#include "pve_media_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "file_atomic.h"
#include "log.h"
#include "pve_parse.h"
#include "pve_upid.h"

#define STATE_FILE "media-state.json"
#define TASK_POLL_MS 250            /* a small image is there in a second... */
#define TASK_POLL_MAX_MS 2000       /* ...a large one takes minutes: few status reads then */
#define MAX_CFG 128

/* ---- saved state */

void pve_media_save(struct pve_media *m)
{
    if (!m->state_path)
        return;
    char *txt = pve_media_saved_format(&m->saved);
    int rc = txt ? mbmc_write_atomic(m->state_path, txt, strlen(txt), 0600, true) : ENOMEM;
    free(txt);
    if (rc)
        mbmc_log_once("pve-media-save", MBMC_LOG_ERR, "virtual media: cannot save %s: %s (a restart "
                      "would forget the inserted image and the downloads to remove)",
                      m->state_path, strerror(rc));
    else
        mbmc_log_once_reset("pve-media-save");
}

static void load(struct pve_media *m)
{
    FILE *fp = m->state_path ? fopen(m->state_path, "re") : NULL;
    if (!fp)
        return;
    char buf[64 * 1024];
    size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    if (pve_media_saved_parse(buf, &m->saved)) {
        mbmc_log(MBMC_LOG_WARN, "virtual media: ignoring %s: not a media state this BMC wrote",
                 m->state_path);
        return;
    }
    /* A download that was running when the BMC stopped may have finished since: it is ours,
     * its retention starts now. */
    long long now = (long long)time(NULL);
    for (size_t i = 0; i < m->saved.ndl; i++)
        if (!m->saved.dl[i].ejected && strcmp(m->saved.dl[i].volid, m->saved.volid))
            m->saved.dl[i].ejected = now;
    m->in_drive = m->saved.volid[0] != '\0';
}

/* Our image left the drive (ejected, replaced, or changed by someone else). */
static void release_volume(struct pve_media *m, const char *volid)
{
    struct pve_media_download *d = pve_media_saved_find(&m->saved, volid);
    if (d && !d->ejected)
        d->ejected = (long long)time(NULL);
}

static void forget_inserted(struct pve_media *m)
{
    release_volume(m, m->saved.volid);
    m->saved.drive[0] = m->saved.previous[0] = m->saved.volid[0] = m->saved.image[0] = '\0';
    m->in_drive = false;
}

/* ---- finishing an insert or eject */

void pve_media_finish(struct pve_media *m, enum mbmc_media_result r, const char *msg)
{
    enum pve_media_op op = m->op;
    mbmc_media_cb cb = m->cb;
    void *data = m->cb_data;
    m->op = OP_NONE;
    m->cb = NULL;
    m->req = NULL;
    m->task = NULL;
    if (r != MBMC_MEDIA_OK)
        mbmc_log(MBMC_LOG_WARN, "virtual media: %s for VM %u failed: %s",
                 op == OP_INSERT ? "insert" : "eject", m->vmid, msg ? msg : "");
    pve_media_save(m);
    if (m->ev.changed)
        m->ev.changed(m->ev.ctx);
    if (cb)
        cb(data, r, msg);
    if (op == OP_INSERT && m->ev.insert_ended)
        m->ev.insert_ended(m->ev.ctx);
    pve_media_schedule_removal(m);
}

/* An API failure of a step as a media result with the reason. */
static void step_failed(struct pve_media *m, const struct pve_api_result *res, const char *doing)
{
    char msg[900];
    enum mbmc_media_result r = MBMC_MEDIA_FAILED;
    const char *why = res->msg && *res->msg ? res->msg : pve_err_name(res->err);
    if (res->err == PVE_ERR_TRANSPORT || res->err == PVE_ERR_TLS || res->err == PVE_ERR_NODE_DOWN) {
        r = MBMC_MEDIA_UNAVAILABLE;
        snprintf(msg, sizeof(msg), "Proxmox cannot be reached to %s (%s). Retry later.", doing, why);
    } else if (res->err == PVE_ERR_MIGRATING || res->err == PVE_ERR_LOCKED) {
        r = MBMC_MEDIA_UNAVAILABLE;     /* a migration or backup ends: worth a retry */
        snprintf(msg, sizeof(msg), "Proxmox could not %s now: %s. Retry later.", doing, why);
    } else if (res->err == PVE_ERR_PERM) {
        /* Proxmox names one privilege at best ("Permission check failed" for either-or
         * checks): probe them all again and say which are missing. */
        snprintf(m->failure, sizeof(m->failure), "Proxmox refused to %s (%s)", doing, res->msg);
        m->req = NULL;
        m->probe_then = THEN_FAIL;
        if (!m->probing)
            pve_media_probe_start(m);
        return;
    } else {
        snprintf(msg, sizeof(msg), "Proxmox could not %s: %s", doing, why);
    }
    pve_media_finish(m, r, msg);
}

/* ---- after a probe */

static void insert_read_config(struct pve_media *m);

void pve_media_probed(struct pve_media *m)
{
    int then = m->probe_then;
    m->probe_then = THEN_NOTHING;
    if (then == THEN_FAIL && m->op != OP_NONE) {
        char msg[1400];
        snprintf(msg, sizeof(msg), "%s: %s. See the Proxmox quick start in the README for the "
                 "role to grant.", m->failure, *m->problem ? m->problem
                 : "the BMC's API token lacks a privilege");
        pve_media_finish(m, MBMC_MEDIA_FAILED, msg);
    } else if (then == THEN_INSERT && m->op == OP_INSERT) {
        if (*m->problem) {
            char msg[800];
            snprintf(msg, sizeof(msg), "Virtual media cannot work on this Proxmox setup: %s. "
                     "See the Proxmox quick start in the README for the role to grant.", m->problem);
            pve_media_finish(m, MBMC_MEDIA_FAILED, msg);
        } else {
            insert_read_config(m);
        }
    }
    pve_media_schedule_removal(m);
}

/* ---- the drive in the VM's config */

static const char *cfg_value(const struct pve_config_entry *cfg, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (cfg[i].key && !strcmp(cfg[i].key, key))
            return cfg[i].value;
    return NULL;
}

/* Follow the config: which drive, and (unless our own action changes it) whether our image
 * is still in it. */
static void config_read(struct pve_media *m, const struct pve_config_entry *cfg, size_t n,
                        bool check_ours)
{
    bool had = m->in_drive;
    int was = m->drive_state;
    const char *d = pve_media_find_drive(cfg, n, m->want_drive);
    m->drive_state = d ? 1 : 0;
    snprintf(m->drive, sizeof(m->drive), "%s", d ? d : "");
    if (m->drive_state != was && !d)
        mbmc_log_once("pve-media-nodrive", MBMC_LOG_WARN, "virtual media: VM %u has no CD-ROM drive%s%s "
                      "(add one: qm set %u --ide2 none,media=cdrom)", m->vmid,
                      m->want_drive ? " " : "", m->want_drive ? m->want_drive : "", m->vmid);
    else if (d)
        mbmc_log_once_reset("pve-media-nodrive");
    if (m->saved.volid[0] && check_ours) {
        char vol[PVE_VOLID_LEN];
        pve_drive_volume(cfg_value(cfg, n, m->saved.drive), vol, sizeof(vol));
        if (strcmp(vol, m->saved.volid)) {
            mbmc_log(MBMC_LOG_WARN, "virtual media: %s of VM %u no longer holds %s (changed outside "
                     "the BMC): the image counts as ejected", m->saved.drive, m->vmid, m->saved.volid);
            forget_inserted(m);
            pve_media_save(m);
            pve_media_schedule_removal(m);
        } else {
            m->in_drive = true;
        }
    }
    if ((had != m->in_drive || was != m->drive_state) && m->ev.changed)
        m->ev.changed(m->ev.ctx);
}

void pve_media_config_seen(struct pve_media *m, const struct pve_config_entry *cfg, size_t n)
{
    if (m->storage)
        config_read(m, cfg, n, m->op == OP_NONE);
}

/* ---- insert: config, download, follow the task, put it into the drive */

static void insert_attached(void *ctx, const struct pve_api_result *res)
{
    struct pve_media *m = ctx;
    m->req = NULL;
    if (res->err != PVE_OK) {
        release_volume(m, m->volid);
        step_failed(m, res, "put the image into the CD-ROM drive");
        return;
    }
    if (m->saved.volid[0] && strcmp(m->saved.volid, m->volid))
        release_volume(m, m->saved.volid);     /* replaced one of ours */
    snprintf(m->saved.drive, sizeof(m->saved.drive), "%s", m->op_drive);
    snprintf(m->saved.previous, sizeof(m->saved.previous), "%s", m->previous);
    snprintf(m->saved.volid, sizeof(m->saved.volid), "%s", m->volid);
    snprintf(m->saved.image, sizeof(m->saved.image), "%s", m->image);
    m->in_drive = true;
    mbmc_log(MBMC_LOG_INFO, "virtual media: VM %u %s = %s (%s)", m->vmid, m->op_drive, m->volid, m->image);
    pve_media_finish(m, MBMC_MEDIA_OK, NULL);
}

static void attach(struct pve_media *m)
{
    char value[PVE_DRIVE_VALUE_LEN], esc[3 * PVE_DRIVE_VALUE_LEN], form[3 * PVE_DRIVE_VALUE_LEN + 32];
    if (pve_drive_with_volume(m->previous, m->volid, value, sizeof(value)) ||
        pve_url_escape(value, esc, sizeof(esc))) {
        release_volume(m, m->volid);
        pve_media_finish(m, MBMC_MEDIA_FAILED, "the CD-ROM drive's settings are too long");
        return;
    }
    snprintf(form, sizeof(form), "%s=%s", m->op_drive, esc);
    m->req = pve_api_vm_call(m->api, "PUT", "config", form, insert_attached, m);
    if (!m->req)
        pve_media_finish(m, MBMC_MEDIA_FAILED, "cannot send the request");
}

/* A failed download: Proxmox's exitstatus says "download failed: exit code 8"; wget's own
 * words are in the task log. */
static void download_failed(struct pve_media *m, const char *detail)
{
    char msg[1200];
    const char *f = m->failure;
    if (detail && strstr(f, detail))
        detail = NULL;              /* Proxmox's exitstatus says it already */
    enum mbmc_media_result r = strstr(f, "checksum mismatch") || strstr(f, "failed to verify")
                                   ? MBMC_MEDIA_IMAGE_INVALID
                               : strstr(f, "download failed") ? MBMC_MEDIA_IMAGE_ERROR
                                                              : MBMC_MEDIA_FAILED;
    snprintf(msg, sizeof(msg), "Proxmox could not download the image into %s: %s%s%s%s", m->storage,
             f, detail && *detail ? " (" : "", detail ? detail : "", detail && *detail ? ")" : "");
    /* Nothing was stored (Proxmox removes its temporary file); a name that was taken is not
     * ours to remove either. */
    pve_media_saved_drop(&m->saved, m->volid);
    pve_media_finish(m, r, msg);
}

static void download_log(void *ctx, const struct pve_api_result *res)
{
    struct pve_media *m = ctx;
    m->req = NULL;
    char detail[300] = "";
    if (res->err == PVE_OK)
        pve_parse_task_log_error(res->data, detail, sizeof(detail));
    download_failed(m, detail);
}

static void download_ended(void *ctx, const struct pve_task_end *end)
{
    struct pve_media *m = ctx;
    m->task = NULL;
    if (end->read_failed) {
        /* The download may still finish: it stays ours, and is removed after retention. */
        release_volume(m, m->volid);
        char msg[700];
        snprintf(msg, sizeof(msg), "Lost contact with Proxmox while it downloaded the image (%s). "
                 "Retry the insert.", end->msg && *end->msg ? end->msg : pve_err_name(end->err));
        pve_media_finish(m, MBMC_MEDIA_UNAVAILABLE, msg);
        return;
    }
    struct pve_media_download *d = pve_media_saved_find(&m->saved, m->volid);
    if (d)
        d->upid[0] = '\0';         /* the task ended */
    if (end->err != PVE_OK) {
        snprintf(m->failure, sizeof(m->failure), "%s", end->msg);
        char esc[512], path[700];
        pve_url_escape(end->upid, esc, sizeof(esc));
        snprintf(path, sizeof(path), "/nodes/%s/tasks/%s/log?start=0&limit=1000", end->node, esc);
        m->req = pve_api_call(m->api, "GET", path, NULL, download_log, m);
        if (!m->req)
            download_failed(m, NULL);
        return;
    }
    mbmc_log(MBMC_LOG_INFO, "virtual media: VM %u: %s downloaded into %s", m->vmid, m->image, m->volid);
    attach(m);
}

static void download_started(void *ctx, const struct pve_api_result *res)
{
    struct pve_media *m = ctx;
    m->req = NULL;
    if (res->err != PVE_OK) {
        pve_media_saved_drop(&m->saved, m->volid);
        step_failed(m, res, "download the image");
        return;
    }
    const char *upid = json_object_get_string(res->data);
    m->task = upid ? pve_task_follow(m->api, m->loop, upid, TASK_POLL_MS, TASK_POLL_MAX_MS, PVE_MEDIA_RETRY_MS,
                                     PVE_MEDIA_TASK_READ_ERRORS, download_ended, m) : NULL;
    if (!m->task) {
        pve_media_saved_drop(&m->saved, m->volid);
        pve_media_finish(m, MBMC_MEDIA_FAILED, "Proxmox answered the download without a task id (UPID)");
        return;
    }
    struct pve_media_download *d = pve_media_saved_find(&m->saved, m->volid);
    if (d) {
        snprintf(d->upid, sizeof(d->upid), "%s", upid);
        pve_media_save(m);        /* a restart must not remove the file while Proxmox still writes it */
    }
    mbmc_log(MBMC_LOG_INFO, "virtual media: VM %u: Proxmox downloads %s into %s (task %s)", m->vmid,
             m->image, m->volid, upid);
}

static void download(struct pve_media *m)
{
    char file[300];
    unsigned long long now = (unsigned long long)time(NULL);
    unsigned long long stamp = now > m->saved.stamp ? now : m->saved.stamp + 1;
    if (pve_media_filename(m->image, m->vmid, stamp, file, sizeof(file))) {
        pve_media_finish(m, MBMC_MEDIA_IMAGE_ERROR, "no file name can be made from this URL");
        return;
    }
    m->saved.stamp = stamp;
    snprintf(m->volid, sizeof(m->volid), "%s:iso/%s", m->storage, file);
    snprintf(m->node, sizeof(m->node), "%s", pve_api_node(m->api));
    if (!pve_media_saved_add(&m->saved, m->volid, m->node)) {
        pve_media_finish(m, MBMC_MEDIA_FAILED, "Too many downloaded images still wait for their removal "
               "(see the BMC log); retry later.");
        return;
    }
    pve_media_save(m);           /* before the download starts: a restart must still know it is ours */
    char url[3 * MBMC_MEDIA_IMAGE_MAX], form[3 * MBMC_MEDIA_IMAGE_MAX + 600], path[200];
    pve_url_escape(m->image, url, sizeof(url));
    int n = snprintf(form, sizeof(form), "content=iso&filename=%s&url=%s", file, url);
    if (m->checksum[0])
        snprintf(form + n, sizeof(form) - (size_t)n, "&checksum=%s&checksum-algorithm=%s",
                 m->checksum, m->algorithm);
    snprintf(path, sizeof(path), "/nodes/%s/storage/%s/download-url", m->node, m->storage);
    m->req = pve_api_call(m->api, "POST", path, form, download_started, m);
    if (!m->req) {
        pve_media_saved_drop(&m->saved, m->volid);
        pve_media_finish(m, MBMC_MEDIA_FAILED, "cannot send the request");
    }
}

static void insert_config(void *ctx, const struct pve_api_result *res)
{
    struct pve_media *m = ctx;
    m->req = NULL;
    if (res->err != PVE_OK) {
        step_failed(m, res, "read the VM's config");
        return;
    }
    struct pve_config_entry cfg[MAX_CFG];
    const char *boot, *bios;
    size_t n = pve_parse_config(res->data, cfg, MAX_CFG, &boot, &bios);
    config_read(m, cfg, n, true);
    if (m->drive_state != 1) {
        char msg[300];
        snprintf(msg, sizeof(msg), "VM %u has no CD-ROM drive%s%s for virtual media: add one "
                 "(qm set %u --ide2 none,media=cdrom)", m->vmid, m->want_drive ? " " : "",
                 m->want_drive ? m->want_drive : "", m->vmid);
        pve_media_finish(m, MBMC_MEDIA_NO_DRIVE, msg);
        return;
    }
    snprintf(m->op_drive, sizeof(m->op_drive), "%s", m->drive);
    const char *cur = cfg_value(cfg, n, m->drive);
    /* The drive's value before any image of ours: what the eject puts back. */
    if (m->in_drive && !strcmp(m->saved.drive, m->drive))
        snprintf(m->previous, sizeof(m->previous), "%s", m->saved.previous);
    else
        snprintf(m->previous, sizeof(m->previous), "%s", cur ? cur : "none,media=cdrom");
    if (m->in_drive && !strcmp(m->saved.image, m->image)) {
        pve_media_finish(m, MBMC_MEDIA_OK, NULL);         /* already there */
        return;
    }
    download(m);
}

static void insert_read_config(struct pve_media *m)
{
    m->req = pve_api_vm_call(m->api, "GET", "config", NULL, insert_config, m);
    if (!m->req)
        pve_media_finish(m, MBMC_MEDIA_FAILED, "cannot send the request");
}

/* ---- eject: put the drive's previous value back */

static void put_drive(struct pve_media *m, const char *value, pve_api_cb cb)
{
    char esc[3 * PVE_DRIVE_VALUE_LEN], form[3 * PVE_DRIVE_VALUE_LEN + 32];
    pve_url_escape(value, esc, sizeof(esc));
    snprintf(form, sizeof(form), "%s=%s", m->saved.drive, esc);
    m->req = pve_api_vm_call(m->api, "PUT", "config", form, cb, m);
    if (!m->req)
        pve_media_finish(m, MBMC_MEDIA_FAILED, "cannot send the request");
}

static void eject_emptied(void *ctx, const struct pve_api_result *res)
{
    struct pve_media *m = ctx;
    m->req = NULL;
    if (res->err != PVE_OK) {
        step_failed(m, res, "take the image out of the CD-ROM drive");
        return;
    }
    forget_inserted(m);
    pve_media_finish(m, MBMC_MEDIA_OK, NULL);
}

static void eject_done(void *ctx, const struct pve_api_result *res)
{
    struct pve_media *m = ctx;
    m->req = NULL;
    if (res->err == PVE_ERR_PERM) {
        /* Putting back an ISO from another storage needs Datastore.Audit there: the medium
         * still comes out (the client asked for that), the drive stays empty. */
        mbmc_log(MBMC_LOG_WARN, "virtual media: VM %u: Proxmox refused to put %s back into %s (%s); "
                 "the drive is left empty. Grant the API token Datastore.Audit on that storage "
                 "(README, Proxmox quick start)", m->vmid, m->saved.previous, m->saved.drive, res->msg);
        put_drive(m, "none,media=cdrom", eject_emptied);
        return;
    }
    if (res->err != PVE_OK) {
        step_failed(m, res, "put the CD-ROM drive's previous setting back");
        return;
    }
    mbmc_log(MBMC_LOG_INFO, "virtual media: VM %u %s = %s again (%s ejected)", m->vmid,
             m->saved.drive, m->saved.previous, m->saved.volid);
    forget_inserted(m);
    pve_media_finish(m, MBMC_MEDIA_OK, NULL);
}

static void eject_config(void *ctx, const struct pve_api_result *res)
{
    struct pve_media *m = ctx;
    m->req = NULL;
    if (res->err != PVE_OK) {
        step_failed(m, res, "read the VM's config");
        return;
    }
    struct pve_config_entry cfg[MAX_CFG];
    const char *boot, *bios;
    size_t n = pve_parse_config(res->data, cfg, MAX_CFG, &boot, &bios);
    char vol[PVE_VOLID_LEN];
    pve_drive_volume(cfg_value(cfg, n, m->saved.drive), vol, sizeof(vol));
    if (strcmp(vol, m->saved.volid)) {
        /* Changed outside the BMC meanwhile: that change stays. */
        mbmc_log(MBMC_LOG_INFO, "virtual media: %s of VM %u no longer holds %s; leaving it as it is",
                 m->saved.drive, m->vmid, m->saved.volid);
        forget_inserted(m);
        pve_media_finish(m, MBMC_MEDIA_OK, NULL);
        return;
    }
    put_drive(m, m->saved.previous[0] ? m->saved.previous : "none,media=cdrom", eject_done);
}

/* ---- starting an accepted action on the loop */

static void op_start(void *data)
{
    struct pve_media *m = data;
    if (m->op == OP_EJECT) {
        if (!m->saved.volid[0]) {
            pve_media_finish(m, MBMC_MEDIA_OK, NULL);
            return;
        }
        m->req = pve_api_vm_call(m->api, "GET", "config", NULL, eject_config, m);
        if (!m->req)
            pve_media_finish(m, MBMC_MEDIA_FAILED, "cannot send the request");
        return;
    }
    if (m->problem[0] && !m->probing) {
        /* Something was missing at the last probe: look again (it may have been fixed). */
        m->probe_then = THEN_INSERT;
        pve_media_probe_start(m);
        return;
    }
    if (m->probing) {
        m->probe_then = THEN_INSERT;
        return;
    }
    insert_read_config(m);
}

static enum mbmc_media_result accept(struct pve_media *m, enum pve_media_op op, mbmc_media_cb cb, void *data)
{
    if (!m->storage)
        return MBMC_MEDIA_NOT_SUPPORTED;
    if (m->op != OP_NONE)
        return MBMC_MEDIA_BUSY;
    m->op = op;
    m->cb = cb;
    m->cb_data = data;
    pve_media_removal_stop(m);
    mbmc_timer_start(m->timer, 0);
    if (m->ev.changed)
        m->ev.changed(m->ev.ctx);
    return MBMC_MEDIA_OK;
}

enum mbmc_media_result pve_media_insert(struct pve_media *m, const struct mbmc_media_insert *req,
                                        mbmc_media_cb cb, void *data)
{
    char why[300];
    if (m->storage && (strlen(req->image) >= sizeof(m->image) ||
                       pve_media_url_check(req->image, why, sizeof(why))))
        return MBMC_MEDIA_IMAGE_ERROR;
    enum mbmc_media_result r = accept(m, OP_INSERT, cb, data);
    if (r != MBMC_MEDIA_OK)
        return r;
    snprintf(m->image, sizeof(m->image), "%s", req->image);
    snprintf(m->checksum, sizeof(m->checksum), "%s", req->checksum ? req->checksum : "");
    snprintf(m->algorithm, sizeof(m->algorithm), "%s",
             req->checksum && req->checksum_algorithm ? req->checksum_algorithm : "");
    if (!req->checksum_algorithm)
        m->checksum[0] = '\0';
    return MBMC_MEDIA_OK;
}

enum mbmc_media_result pve_media_eject(struct pve_media *m, mbmc_media_cb cb, void *data)
{
    return accept(m, OP_EJECT, cb, data);
}

void pve_media_state(const struct pve_media *m, struct mbmc_media_state *out)
{
    memset(out, 0, sizeof(*out));
    if (!m->storage) {
        out->drive = MBMC_MEDIA_OFF;
        return;
    }
    out->drive = m->drive_state;
    out->busy = m->op != OP_NONE;
    out->inserted = m->saved.volid[0] && m->in_drive;
    if (out->inserted)
        snprintf(out->image, sizeof(out->image), "%s", m->saved.image);
}

bool pve_media_inserting(const struct pve_media *m)
{
    return m->op == OP_INSERT;
}

const char *pve_media_boot_drive(const struct pve_media *m)
{
    return m->saved.volid[0] && m->in_drive ? m->saved.drive : NULL;
}

/* ---- life cycle */

struct pve_media *pve_media_new(struct mbmc_loop *loop, struct pve_api *api,
                                const struct mbmc_options *opts, const struct pve_media_events *ev)
{
    struct pve_media *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->loop = loop;
    m->api = api;
    m->ev = *ev;
    m->vmid = opts->vmid;
    m->retention = opts->media_retention;
    m->drive_state = -1;
    m->timer = mbmc_timer_new(loop, op_start, m);
    m->removal_timer = mbmc_timer_new(loop, pve_media_removal_due, m);
    bool ok = m->timer && m->removal_timer;
    if (opts->iso_storage) {
        ok = ok && (m->storage = strdup(opts->iso_storage));
        if (opts->cdrom)
            ok = ok && (m->want_drive = strdup(opts->cdrom));
        if (opts->state_dir)
            ok = ok && asprintf(&m->state_path, "%s/%s", opts->state_dir, STATE_FILE) >= 0;
    }
    if (!ok) {
        pve_media_free(m);
        return NULL;
    }
    load(m);
    return m;
}

static void config_refreshed(void *ctx, const struct pve_api_result *res)
{
    struct pve_media *m = ctx;
    m->config_req = NULL;
    if (res->err != PVE_OK)
        return;
    struct pve_config_entry cfg[MAX_CFG];
    const char *boot, *bios;
    size_t n = pve_parse_config(res->data, cfg, MAX_CFG, &boot, &bios);
    config_read(m, cfg, n, m->op == OP_NONE);
}

void pve_media_api_back(struct pve_media *m)
{
    if (!m->storage)
        return;
    pve_media_removal_retry_now(m);
    /* The API was down at start: the drive is still unknown (Redfish shows it offline). */
    if (m->drive_state < 0 && !m->config_req)
        m->config_req = pve_api_vm_call(m->api, "GET", "config", NULL, config_refreshed, m);
}

void pve_media_free(struct pve_media *m)
{
    if (!m)
        return;
    pve_api_cancel(m->req);
    pve_task_cancel(m->task);
    m->req = NULL;
    m->task = NULL;
    if (m->op != OP_NONE) {
        mbmc_media_cb cb = m->cb;
        m->op = OP_NONE;
        if (cb)
            cb(m->cb_data, MBMC_MEDIA_UNAVAILABLE, "the BMC is shutting down");
    }
    pve_api_cancel(m->probe_req);
    pve_api_cancel(m->config_req);
    pve_api_cancel(m->removal_req);
    pve_task_cancel(m->removal_task);
    mbmc_timer_free(m->timer);
    mbmc_timer_free(m->removal_timer);
    free(m->storage);
    free(m->want_drive);
    free(m->state_path);
    free(m);
}
