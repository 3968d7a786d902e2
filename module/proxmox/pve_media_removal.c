/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Virtual media on Proxmox: the images the BMC downloaded are removed from the ISO storage
 * once ejected for media-retention seconds (DELETE .../content/{volume}, its task followed),
 * one at a time, between inserts and ejects. Only recorded downloads, never the one in the
 * drive, and a download the BMC lost sight of only after its task ended. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "pve_media_priv.h"
#include "pve_upid.h"

#define REMOVAL_RETRY_S 600

static void removal_ended(void *ctx, const struct pve_task_end *end)
{
    struct pve_media *m = ctx;
    m->removal_task = NULL;
    if (end->read_failed || end->err != PVE_OK) {
        mbmc_log(MBMC_LOG_WARN, "virtual media: removing %s failed: %s; trying again in %d s",
                 m->removing, end->msg, REMOVAL_RETRY_S);
        mbmc_timer_start(m->removal_timer, REMOVAL_RETRY_S * 1000);
        return;
    }
    mbmc_log(MBMC_LOG_INFO, "virtual media: removed %s (ejected, retention %u s)", m->removing,
             m->retention);
    pve_media_saved_drop(&m->saved, m->removing);
    pve_media_save(m);
    pve_media_schedule_removal(m);
}

static void removal_started(void *ctx, const struct pve_api_result *res)
{
    struct pve_media *m = ctx;
    m->removal_req = NULL;
    if (res->err == PVE_ERR_PERM) {
        m->removal_denied = true;
        mbmc_log_once("pve-media-allocate", MBMC_LOG_WARN, "virtual media for VM %u: Proxmox refused "
                      "to remove %s (%s): the API token needs Datastore.Allocate on /storage/%s; "
                      "downloaded images stay until removed by hand", m->vmid, m->removing,
                      res->msg, m->storage);
        return;
    }
    const char *upid = res->err == PVE_OK ? json_object_get_string(res->data) : NULL;
    m->removal_task = upid ? pve_task_follow(m->api, m->loop, upid, 250, 1000, PVE_MEDIA_RETRY_MS, PVE_MEDIA_TASK_READ_ERRORS,
                                             removal_ended, m) : NULL;
    if (!m->removal_task) {
        mbmc_log(MBMC_LOG_WARN, "virtual media: removing %s failed: %s; trying again in %d s",
                 m->removing, res->err == PVE_OK ? "no task id (UPID)" : res->msg, REMOVAL_RETRY_S);
        mbmc_timer_start(m->removal_timer, REMOVAL_RETRY_S * 1000);
    }
}

/* A download the BMC lost sight of: remove its file only once the task ended. */
static void removal_download_checked(void *ctx, const struct pve_task_end *end)
{
    struct pve_media *m = ctx;
    m->removal_task = NULL;
    struct pve_media_download *d = pve_media_saved_find(&m->saved, m->removing);
    if (!d)
        return;
    if (end->read_failed && end->err != PVE_ERR_BAD_REQUEST) {
        mbmc_timer_start(m->removal_timer, 60 * 1000);     /* ask again later */
        return;
    }
    /* It ended (or Proxmox no longer knows it: 400 "no such task"). */
    d->upid[0] = '\0';
    pve_media_save(m);
    mbmc_timer_start(m->removal_timer, 0);
}

void pve_media_removal_due(void *data)
{
    struct pve_media *m = data;
    size_t due = 0;
    if (m->op != OP_NONE || m->removal_req || m->removal_task || m->removal_denied)
        return;                     /* finish() schedules again */
    long long wait = pve_media_next_removal(&m->saved, (long long)time(NULL), m->retention, &due);
    if (wait != 0) {
        pve_media_schedule_removal(m);
        return;
    }
    struct pve_media_download *d = &m->saved.dl[due];
    char esc[3 * PVE_VOLID_LEN], path[3 * PVE_VOLID_LEN + 200];
    snprintf(m->removing, sizeof(m->removing), "%s", d->volid);
    if (d->upid[0]) {
        /* The BMC lost sight of this download: it may still run. */
        m->removal_task = pve_task_follow(m->api, m->loop, d->upid, 1000, 10000, PVE_MEDIA_RETRY_MS, 1,
                                          removal_download_checked, m);
        if (!m->removal_task) {
            d->upid[0] = '\0';
            mbmc_timer_start(m->removal_timer, 0);
        }
        return;
    }
    pve_url_escape(d->volid, esc, sizeof(esc));
    snprintf(path, sizeof(path), "/nodes/%s/storage/%s/content/%s", d->node[0] ? d->node :
             pve_api_node(m->api), m->storage, esc);
    m->removal_req = pve_api_call(m->api, "DELETE", path, NULL, removal_started, m);
    if (!m->removal_req)
        mbmc_timer_start(m->removal_timer, REMOVAL_RETRY_S * 1000);
}

void pve_media_schedule_removal(struct pve_media *m)
{
    size_t due = 0;
    if (!m->storage || m->removal_denied || m->removal_req || m->removal_task || m->op != OP_NONE)
        return;
    long long wait = pve_media_next_removal(&m->saved, (long long)time(NULL), m->retention, &due);
    if (wait < 0) {
        mbmc_timer_stop(m->removal_timer);
        return;
    }
    if (wait > 86400)
        wait = 86400;               /* look again later: the timer counts in 32-bit ms */
    mbmc_timer_start(m->removal_timer, (unsigned)wait * 1000);
}


void pve_media_removal_retry_now(struct pve_media *m)
{
    /* Removals that failed while the API was gone need not wait for their retry. */
    if (!m->removal_req && !m->removal_task && !m->removal_denied &&
        mbmc_timer_running(m->removal_timer))
        mbmc_timer_start(m->removal_timer, 0);
}

void pve_media_removal_stop(struct pve_media *m)
{
    mbmc_timer_stop(m->removal_timer);     /* finish() schedules it again */
}
