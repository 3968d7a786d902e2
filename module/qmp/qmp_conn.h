/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QMP client connection to a local QEMU, entirely on the loop (loop.h): non-blocking
 * unix-socket connect, greeting, qmp_capabilities, newline-delimited JSON (json-c), commands
 * with ids and callbacks, asynchronous events, and reconnection with backoff while the
 * socket is missing or refuses. */
#ifndef MBMC_QMP_CONN_H
#define MBMC_QMP_CONN_H

#include <stdbool.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "loop.h"

struct qmp_conn;

/* A command's outcome: ret is the "return" member on success (borrowed: json_object_get it
 * to keep it), else err describes the failure (QEMU's "desc", or the connection was lost,
 * or the connection is being freed). Called exactly once per accepted command. */
typedef void (*qmp_reply_cb)(void *data, struct json_object *ret, const char *err);

struct qmp_conn_cbs {
    void *data;
    /* Capabilities negotiated: commands can be sent. */
    void (*ready)(void *data);
    /* The connection failed or was lost; a reconnect is scheduled. qemu_gone: nobody
     * listens on the socket (it is missing or refuses), so QEMU is not running. */
    void (*lost)(void *data, const char *why, bool qemu_gone);
    /* An asynchronous event ("STOP", "RESET", ...); msg is the whole message (borrowed). */
    void (*event)(void *data, const char *name, struct json_object *msg);
};

/* Limits, in milliseconds. */
#define QMP_RECONNECT_MIN_MS 100
#define QMP_RECONNECT_MAX_MS 2000
#define QMP_REPLY_TIMEOUT_MS 10000      /* greeting or any reply: QEMU is hung otherwise */
#define QMP_MAX_LINE (1024 * 1024)

/* Starts connecting at once. NULL on bad path (err says why) or out of memory. */
struct qmp_conn *qmp_conn_new(struct mbmc_loop *loop, const char *path,
                              const struct qmp_conn_cbs *cbs, char *err, size_t errlen);
/* Fails every pending command with "connection closed", then frees. Not from a callback. */
void qmp_conn_free(struct qmp_conn *c);
bool qmp_conn_ready(const struct qmp_conn *c);
/* Queue a command; args (may be NULL) is taken over. Returns 0, or -1 when not ready
 * (cb is not called then). */
int qmp_conn_send(struct qmp_conn *c, const char *cmd, struct json_object *args,
                  qmp_reply_cb cb, void *cb_data);
/* Process id of the QEMU on the other end (SO_PEERCRED), 0 when unknown. */
pid_t qmp_conn_peer_pid(const struct qmp_conn *c);

/* Handle one received line (exposed for unit tests). Returns -1 on a protocol error. */
int qmp_conn_handle_line(struct qmp_conn *c, const char *line, size_t len);

#endif
