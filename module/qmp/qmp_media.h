/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Virtual media for local QEMU: the VM's CD-ROM drive (the device whose id the cdrom= option
 * names, cd0 by default) gets the image with QMP blockdev-change-medium (QEMU's curl block
 * driver reads http/https URLs itself; format raw, read-only, so an image is never probed as
 * qcow2 with a backing file) and loses it with eject. The drive's state comes from
 * query-block, at every (re)connection and after DEVICE_TRAY_MOVED, so it stays true when the
 * guest ejects the tray or ipmi_sim restarts. Neither action touches the power state; QMP
 * runs commands in order, so a power-on sent after an insert finds the medium in place. */
#ifndef MBMC_QMP_MEDIA_H
#define MBMC_QMP_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "backend.h"
#include "qmp_conn.h"

struct qmp_media;

/* changed(data): the drive's state changed. */
struct qmp_media *qmp_media_new(const char *drive_id, void (*changed)(void *data), void *data);
/* After the connection's commands failed (qmp_conn_free), so their callbacks found it alive. */
void qmp_media_free(struct qmp_media *m);
/* The connection is ready (query the drive) or lost (the drive is unknown until next time). */
void qmp_media_ready(struct qmp_media *m, struct qmp_conn *conn);
void qmp_media_lost(struct qmp_media *m, const char *why);
/* The backend is closing: outstanding actions report MBMC_MEDIA_UNAVAILABLE. */
void qmp_media_closing(struct qmp_media *m);
void qmp_media_event(struct qmp_media *m, const char *name, struct json_object *msg);

enum mbmc_media_result qmp_media_insert(struct qmp_media *m, const char *image, mbmc_media_cb cb,
                                        void *data);
enum mbmc_media_result qmp_media_eject(struct qmp_media *m, mbmc_media_cb cb, void *data);
void qmp_media_state(const struct qmp_media *m, struct mbmc_media_state *out);
/* The QOM path of the drive (to prefer it for a boot from CD), or NULL while unknown. */
const char *qmp_media_drive_path(const struct qmp_media *m);

/* Pure, for tests: find the drive in a query-block reply. Returns 1 found, 0 not there. */
int qmp_media_find_drive(struct json_object *blocks, const char *id, bool *inserted,
                         bool *tray_open, char *image, size_t image_len);
/* Pure: the outcome class of a failed blockdev-change-medium/eject (QEMU's error text). */
enum mbmc_media_result qmp_media_classify_error(const char *err);

#endif
