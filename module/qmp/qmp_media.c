/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See qmp_media.h. */
#include "qmp_media.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

struct qmp_media {
    char *id;                       /* the drive's qdev id */
    char path[128];                 /* its QOM path */
    void (*changed)(void *data);
    void *data;
    struct qmp_conn *conn;          /* while connected */
    unsigned gen;                   /* bumped on every lost connection */
    bool closing;
    char lost_why[256];
    /* what query-block last said */
    int drive;                      /* 1 present, 0 absent, -1 not known yet */
    bool inserted;
    bool tray_open;
    char image[MBMC_MEDIA_IMAGE_MAX];
    bool query_inflight;
    bool query_again;               /* something changed while a query was on its way */
    /* the one insert or eject running */
    bool busy;
    mbmc_media_cb cb;
    void *cb_data;
};

/* Context of one QMP command. */
struct step {
    struct qmp_media *m;
    unsigned gen;
};

static struct step *step_new(struct qmp_media *m)
{
    struct step *s = malloc(sizeof(*s));
    if (s)
        *s = (struct step){ .m = m, .gen = m->gen };
    return s;
}

struct qmp_media *qmp_media_new(const char *drive_id, void (*changed)(void *data), void *data)
{
    struct qmp_media *m = calloc(1, sizeof(*m));
    if (!m || !(m->id = strdup(drive_id && *drive_id ? drive_id : "cd0"))) {
        free(m);
        return NULL;
    }
    m->changed = changed;
    m->data = data;
    m->drive = -1;
    snprintf(m->path, sizeof(m->path), "/machine/peripheral/%s", m->id);
    return m;
}

void qmp_media_free(struct qmp_media *m)
{
    if (!m)
        return;
    free(m->id);
    free(m);
}

int qmp_media_find_drive(struct json_object *blocks, const char *id, bool *inserted,
                         bool *tray_open, char *image, size_t image_len)
{
    size_t n = json_object_is_type(blocks, json_type_array) ? json_object_array_length(blocks) : 0;
    size_t idlen = strlen(id);
    for (size_t i = 0; i < n; i++) {
        struct json_object *b = json_object_array_get_idx(blocks, i), *v, *ins;
        const char *qdev = json_object_object_get_ex(b, "qdev", &v) ? json_object_get_string(v) : "";
        size_t ql = strlen(qdev);
        /* QEMU reports the device id, or the QOM path for a device without one. */
        bool match = !strcmp(qdev, id) ||
                     (ql > idlen && qdev[ql - idlen - 1] == '/' && !strcmp(qdev + ql - idlen, id));
        if (!match)
            continue;
        *tray_open = json_object_object_get_ex(b, "tray_open", &v) && json_object_get_boolean(v);
        *inserted = json_object_object_get_ex(b, "inserted", &ins);
        image[0] = '\0';
        if (*inserted && json_object_object_get_ex(ins, "file", &v))
            snprintf(image, image_len, "%s", json_object_get_string(v));
        return 1;
    }
    return 0;
}

enum mbmc_media_result qmp_media_classify_error(const char *err)
{
    if (!err)
        return MBMC_MEDIA_FAILED;
    if (strstr(err, "Device '") && strstr(err, "' not found"))
        return MBMC_MEDIA_NO_DRIVE;
    if (strstr(err, "is not removable") || strstr(err, "does not have a tray") ||
        strstr(err, "has no removable media"))
        return MBMC_MEDIA_NO_DRIVE;
    if (strstr(err, "Could not open") || strstr(err, "CURL") || strstr(err, "curl") ||
        strstr(err, "No such file") || strstr(err, "Permission denied") ||
        strstr(err, "Unknown protocol"))
        return MBMC_MEDIA_IMAGE_ERROR;
    return MBMC_MEDIA_FAILED;
}

/* ---- the drive's state */

static void finish(struct qmp_media *m, enum mbmc_media_result r, const char *msg);
static void query(struct qmp_media *m);

/* Take query-block's answer as the drive's state. */
static void apply_blocks(struct qmp_media *m, struct json_object *ret, const char *err)
{
    if (err) {
        mbmc_log_once("qmp-media", MBMC_LOG_WARN, "query-block failed: %s", err);
        return;
    }
    bool ins = false, tray = false;
    char image[MBMC_MEDIA_IMAGE_MAX];
    int found = qmp_media_find_drive(ret, m->id, &ins, &tray, image, sizeof(image));
    bool differs = found != m->drive || (found && ins && !tray) != m->inserted ||
                   tray != m->tray_open || strcmp(found && ins ? image : "", m->image);
    if (found != m->drive)
        mbmc_log(found ? MBMC_LOG_INFO : MBMC_LOG_WARN, "virtual media: %s '%s'", found
                 ? "CD-ROM drive" : "the VM has no CD-ROM drive with id", m->id);
    m->drive = found;
    m->inserted = found && ins && !tray;
    m->tray_open = tray;
    snprintf(m->image, sizeof(m->image), "%s", found && ins ? image : "");
    if (differs && m->changed)
        m->changed(m->data);
}

static void query_done(void *data, struct json_object *ret, const char *err)
{
    struct step *s = data;
    struct qmp_media *m = s->m;
    bool current = s->gen == m->gen && !m->closing;
    free(s);
    if (!current)
        return;
    m->query_inflight = false;
    apply_blocks(m, ret, err);
    if (m->query_again) {
        m->query_again = false;
        query(m);
    }
}

static void query(struct qmp_media *m)
{
    if (!m->conn || !qmp_conn_ready(m->conn))
        return;
    if (m->query_inflight) {
        m->query_again = true;
        return;
    }
    struct step *s = step_new(m);
    if (s && qmp_conn_send(m->conn, "query-block", NULL, query_done, s) == 0)
        m->query_inflight = true;
    else
        free(s);
}

void qmp_media_ready(struct qmp_media *m, struct qmp_conn *conn)
{
    m->conn = conn;
    mbmc_log_once_reset("qmp-media");
    query(m);
}

void qmp_media_lost(struct qmp_media *m, const char *why)
{
    m->gen++;
    m->conn = NULL;
    m->query_inflight = m->query_again = false;
    snprintf(m->lost_why, sizeof(m->lost_why), "%s", why ? why : "QMP connection lost");
    bool was_known = m->drive >= 0;
    m->drive = -1;
    if (m->busy)
        finish(m, MBMC_MEDIA_UNAVAILABLE, m->lost_why);
    if (was_known && m->changed)
        m->changed(m->data);
}

void qmp_media_closing(struct qmp_media *m)
{
    m->closing = true;
    m->gen++;
    if (m->busy)
        finish(m, MBMC_MEDIA_UNAVAILABLE, "the BMC is shutting down");
}

void qmp_media_event(struct qmp_media *m, const char *name, struct json_object *msg)
{
    (void)msg;
    /* The guest may open the tray (eject) or a client of the monitor may change the medium. */
    if (!strcmp(name, "DEVICE_TRAY_MOVED"))
        query(m);
}

void qmp_media_state(const struct qmp_media *m, struct mbmc_media_state *out)
{
    memset(out, 0, sizeof(*out));
    out->drive = m->drive;
    out->inserted = m->drive > 0 && m->inserted;
    out->busy = m->busy;
    if (out->inserted)
        snprintf(out->image, sizeof(out->image), "%s", m->image);
}

const char *qmp_media_drive_path(const struct qmp_media *m)
{
    return m->drive > 0 ? m->path : NULL;
}

/* ---- insert and eject */

static void finish(struct qmp_media *m, enum mbmc_media_result r, const char *msg)
{
    mbmc_media_cb cb = m->cb;
    void *data = m->cb_data;
    m->busy = false;
    m->cb = NULL;
    m->cb_data = NULL;
    if (m->changed)
        m->changed(m->data);
    if (cb)
        cb(data, r, msg);
}

/* The state after a successful insert or eject: the action is done once it is known. */
static void action_query_done(void *data, struct json_object *ret, const char *err)
{
    struct step *s = data;
    struct qmp_media *m = s->m;
    bool current = s->gen == m->gen && !m->closing;
    free(s);
    if (!current || !m->busy)
        return;
    apply_blocks(m, ret, err);
    finish(m, MBMC_MEDIA_OK, NULL);
}

static void action_done(void *data, struct json_object *ret, const char *err)
{
    (void)ret;
    struct step *s = data;
    struct qmp_media *m = s->m;
    bool current = s->gen == m->gen && !m->closing;
    free(s);
    if (!current || !m->busy)
        return;                 /* lost or closing: already finished there */
    if (err) {
        enum mbmc_media_result r = qmp_media_classify_error(err);
        if (r == MBMC_MEDIA_NO_DRIVE)
            m->drive = 0;
        finish(m, r, err);
        query(m);
        return;
    }
    struct step *q = step_new(m);
    if (!q || qmp_conn_send(m->conn, "query-block", NULL, action_query_done, q)) {
        free(q);
        finish(m, MBMC_MEDIA_OK, NULL);     /* done; the state follows at the next query */
    }
}

static enum mbmc_media_result start(struct qmp_media *m, const char *cmd, struct json_object *args,
                                    mbmc_media_cb cb, void *data)
{
    enum mbmc_media_result r = MBMC_MEDIA_OK;
    if (!m->conn || !qmp_conn_ready(m->conn))
        r = MBMC_MEDIA_UNAVAILABLE;
    else if (m->busy)
        r = MBMC_MEDIA_BUSY;
    else if (m->drive == 0)
        r = MBMC_MEDIA_NO_DRIVE;
    else if (m->drive < 0)
        r = MBMC_MEDIA_UNAVAILABLE;     /* the first query-block is still on its way */
    struct step *s = r ? NULL : step_new(m);
    if (!r && (!s || qmp_conn_send(m->conn, cmd, args, action_done, s))) {
        free(s);
        return MBMC_MEDIA_UNAVAILABLE;
    }
    if (r) {
        json_object_put(args);
        return r;
    }
    m->busy = true;
    m->cb = cb;
    m->cb_data = data;
    if (m->changed)
        m->changed(m->data);
    return MBMC_MEDIA_OK;
}

enum mbmc_media_result qmp_media_insert(struct qmp_media *m, const char *image, mbmc_media_cb cb,
                                        void *data)
{
    struct json_object *args = json_object_new_object();
    json_object_object_add(args, "id", json_object_new_string(m->id));
    json_object_object_add(args, "filename", json_object_new_string(image));
    /* raw: never probe the image (a qcow2 "ISO" could name a host file as backing file). */
    json_object_object_add(args, "format", json_object_new_string("raw"));
    json_object_object_add(args, "read-only-mode", json_object_new_string("read-only"));
    return start(m, "blockdev-change-medium", args, cb, data);
}

enum mbmc_media_result qmp_media_eject(struct qmp_media *m, mbmc_media_cb cb, void *data)
{
    struct json_object *args = json_object_new_object();
    json_object_object_add(args, "id", json_object_new_string(m->id));
    /* force: the guest may have locked the tray (a mounted CD); the BMC's eject wins. */
    json_object_object_add(args, "force", json_object_new_boolean(1));
    return start(m, "eject", args, cb, data);
}
