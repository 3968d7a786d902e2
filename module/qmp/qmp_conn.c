/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "qmp_conn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "qmp_lines.h"

enum conn_state { ST_IDLE, ST_CONNECTING, ST_GREETING, ST_CAPS, ST_READY };

struct pending {
    struct pending *next;
    int64_t id;
    qmp_reply_cb cb;
    void *data;
};

struct qmp_conn {
    struct mbmc_loop *loop;
    struct qmp_conn_cbs cbs;
    struct sockaddr_un addr;
    enum conn_state state;
    int fd;
    struct mbmc_io *io;
    pid_t peer_pid;
    struct qmp_lines in;
    char *out;                  /* bytes not yet written */
    size_t out_len, out_cap;
    struct pending *head, *tail;
    int64_t next_id;
    unsigned backoff_ms;
    unsigned generation;        /* bumped by every drop: stale loops stop */
    struct mbmc_timer *retry_timer;
    struct mbmc_timer *reply_timer;
};

static void drop(struct qmp_conn *c, const char *why, bool qemu_gone);

static void fail_pending(struct qmp_conn *c, const char *why)
{
    struct pending *p = c->head;
    c->head = c->tail = NULL;
    while (p) {
        struct pending *next = p->next;
        if (p->cb)
            p->cb(p->data, NULL, why);
        free(p);
        p = next;
    }
}

static void close_socket(struct qmp_conn *c)
{
    if (c->io)
        mbmc_io_free(c->io);
    c->io = NULL;
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    c->peer_pid = 0;
    c->out_len = 0;
    qmp_lines_reset(&c->in);
    mbmc_timer_stop(c->reply_timer);
}

static void schedule_retry(struct qmp_conn *c)
{
    mbmc_timer_start(c->retry_timer, c->backoff_ms);
    c->backoff_ms = c->backoff_ms * 2 > QMP_RECONNECT_MAX_MS ? QMP_RECONNECT_MAX_MS : c->backoff_ms * 2;
}

static void drop(struct qmp_conn *c, const char *why, bool qemu_gone)
{
    bool was_up = c->state == ST_READY;
    close_socket(c);
    c->state = ST_IDLE;
    c->generation++;
    if (was_up)
        c->backoff_ms = QMP_RECONNECT_MIN_MS;
    schedule_retry(c);
    /* lost first: the owner learns of the loss before its commands fail with it. */
    if (c->cbs.lost)
        c->cbs.lost(c->cbs.data, why, qemu_gone);
    fail_pending(c, why);
}

static void flush(struct qmp_conn *c)
{
    while (c->out_len) {
        ssize_t n = write(c->fd, c->out, c->out_len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n <= 0) {
            char why[160];
            snprintf(why, sizeof(why), "write to QMP socket failed: %s", strerror(errno));
            drop(c, why, false);
            return;
        }
        memmove(c->out, c->out + n, c->out_len - (size_t)n);
        c->out_len -= (size_t)n;
    }
    mbmc_io_want(c->io, true, c->out_len > 0);
}

static int queue_bytes(struct qmp_conn *c, const char *s, size_t n)
{
    if (c->out_len + n > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 1024;
        while (cap < c->out_len + n)
            cap *= 2;
        char *b = realloc(c->out, cap);
        if (!b)
            return -1;
        c->out = b;
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, s, n);
    c->out_len += n;
    return 0;
}

/* Serialize and queue {"execute": cmd, "arguments": args, "id": N}. */
static int send_cmd(struct qmp_conn *c, const char *cmd, struct json_object *args,
                    qmp_reply_cb cb, void *data)
{
    struct pending *p = calloc(1, sizeof(*p));
    struct json_object *msg = json_object_new_object();
    if (!p || !msg) {
        free(p);
        json_object_put(msg);
        json_object_put(args);
        return -1;
    }
    p->id = c->next_id++;
    p->cb = cb;
    p->data = data;
    json_object_object_add(msg, "execute", json_object_new_string(cmd));
    if (args)
        json_object_object_add(msg, "arguments", args);
    json_object_object_add(msg, "id", json_object_new_int64(p->id));
    const char *s = json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN);
    int rc = queue_bytes(c, s, strlen(s));
    rc = rc ? rc : queue_bytes(c, "\n", 1);
    json_object_put(msg);
    if (rc) {
        free(p);
        return -1;
    }
    if (c->tail)
        c->tail->next = p;
    else
        c->head = p;
    c->tail = p;
    if (!mbmc_timer_running(c->reply_timer))
        mbmc_timer_start(c->reply_timer, QMP_REPLY_TIMEOUT_MS);
    /* Written from the loop: a write error must not call callbacks inside a send. */
    mbmc_io_want(c->io, true, true);
    return 0;
}

int qmp_conn_send(struct qmp_conn *c, const char *cmd, struct json_object *args,
                  qmp_reply_cb cb, void *cb_data)
{
    if (c->state != ST_READY) {
        json_object_put(args);
        return -1;
    }
    return send_cmd(c, cmd, args, cb, cb_data);
}

static void caps_done(void *data, struct json_object *ret, const char *err)
{
    struct qmp_conn *c = data;
    if (err) {
        /* A lost connection already went through drop(); a refusal did not. */
        if (c->state == ST_CAPS) {
            char why[256];
            snprintf(why, sizeof(why), "QEMU refused qmp_capabilities: %s", err);
            drop(c, why, false);
        }
        return;
    }
    c->state = ST_READY;
    c->backoff_ms = QMP_RECONNECT_MIN_MS;
    if (c->cbs.ready)
        c->cbs.ready(c->cbs.data);
}

static struct pending *take_pending(struct qmp_conn *c, struct json_object *idobj)
{
    struct pending *prev = NULL;
    for (struct pending *p = c->head; p; prev = p, p = p->next) {
        /* Replies without an id (QEMU could not parse a command) belong to the oldest. */
        if (idobj && json_object_get_int64(idobj) != p->id)
            continue;
        if (prev)
            prev->next = p->next;
        else
            c->head = p->next;
        if (c->tail == p)
            c->tail = prev;
        return p;
    }
    return NULL;
}

static int handle_msg(struct qmp_conn *c, struct json_object *msg)
{
    struct json_object *v;
    if (json_object_object_get_ex(msg, "QMP", &v)) {
        if (c->state != ST_GREETING)
            return -1;
        c->state = ST_CAPS;
        return send_cmd(c, "qmp_capabilities", NULL, caps_done, c);
    }
    if (json_object_object_get_ex(msg, "event", &v)) {
        if (c->state == ST_READY && c->cbs.event && json_object_is_type(v, json_type_string))
            c->cbs.event(c->cbs.data, json_object_get_string(v), msg);
        return 0;
    }
    struct json_object *ret = NULL, *error = NULL, *idobj = NULL;
    bool is_ret = json_object_object_get_ex(msg, "return", &ret);
    bool is_err = json_object_object_get_ex(msg, "error", &error);
    if (!is_ret && !is_err)
        return -1;
    json_object_object_get_ex(msg, "id", &idobj);
    struct pending *p = take_pending(c, idobj);
    if (!p)
        return -1;
    if (c->head)
        mbmc_timer_start(c->reply_timer, QMP_REPLY_TIMEOUT_MS);
    else
        mbmc_timer_stop(c->reply_timer);
    if (!p->cb) {
        /* nobody waits for this one */
    } else if (is_ret) {
        p->cb(p->data, ret, NULL);
    } else {
        struct json_object *desc;
        const char *d = json_object_object_get_ex(error, "desc", &desc) ?
                        json_object_get_string(desc) : "error without description";
        p->cb(p->data, NULL, d ? d : "error");
    }
    free(p);
    return 0;
}

int qmp_conn_handle_line(struct qmp_conn *c, const char *line, size_t len)
{
    while (len && (line[0] == ' ' || line[0] == '\t')) {
        line++;
        len--;
    }
    if (!len)
        return 0;
    struct json_tokener *tok = json_tokener_new();
    if (!tok)
        return -1;
    struct json_object *msg = json_tokener_parse_ex(tok, line, (int)len);
    bool complete = msg && json_tokener_get_error(tok) == json_tokener_success &&
                    (size_t)json_tokener_get_parse_end(tok) == len;
    json_tokener_free(tok);
    int rc = -1;
    if (complete && json_object_is_type(msg, json_type_object))
        rc = handle_msg(c, msg);
    json_object_put(msg);
    return rc;
}

static void on_read(int fd, void *data)
{
    struct qmp_conn *c = data;
    if (c->state == ST_CONNECTING)
        return;
    unsigned gen = c->generation;
    char buf[16384];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n == 0) {
            drop(c, "QEMU closed the QMP connection", false);
            return;
        }
        if (n < 0) {
            char why[160];
            snprintf(why, sizeof(why), "read from QMP socket failed: %s", strerror(errno));
            drop(c, why, false);
            return;
        }
        if (qmp_lines_feed(&c->in, buf, (size_t)n)) {
            drop(c, "QMP protocol error: line too long", false);
            return;
        }
        char *line;
        size_t len;
        while (qmp_lines_next(&c->in, &line, &len)) {
            if (qmp_conn_handle_line(c, line, len) && gen == c->generation) {
                char why[200];
                snprintf(why, sizeof(why), "QMP protocol error: unexpected message %.120s", line);
                drop(c, why, false);
            }
            /* A callback may have dropped the connection (and closed fd). */
            if (gen != c->generation)
                return;
        }
    }
}

static void connected(struct qmp_conn *c)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);
    c->peer_pid = getsockopt(c->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 ? cred.pid : 0;
    c->state = ST_GREETING;
    mbmc_io_want(c->io, true, false);
    mbmc_timer_start(c->reply_timer, QMP_REPLY_TIMEOUT_MS);
}

static void connect_failed(struct qmp_conn *c, int e)
{
    char why[sizeof(c->addr.sun_path) + 120];
    snprintf(why, sizeof(why), "cannot connect to QMP socket %s: %s", c->addr.sun_path, strerror(e));
    drop(c, why, e == ENOENT || e == ECONNREFUSED || e == ENOTDIR);
}

static void on_write(int fd, void *data)
{
    struct qmp_conn *c = data;
    if (c->state == ST_CONNECTING) {
        int e = 0;
        socklen_t len = sizeof(e);
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
            e = errno;
        if (e)
            connect_failed(c, e);
        else
            connected(c);
        return;
    }
    flush(c);
}

static void try_connect(void *data)
{
    struct qmp_conn *c = data;
    if (c->state != ST_IDLE)
        return;
    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        connect_failed(c, errno);
        return;
    }
    /* Watch the fd only once connect() got somewhere: ipmi_sim never frees an fd watch's
     * wrapper, and retries while QEMU is down must not leak one each. */
    int rc = connect(c->fd, (struct sockaddr *)&c->addr, sizeof(c->addr));
    int e = errno;
    if (rc < 0 && e != EINPROGRESS) {
        connect_failed(c, e);
        return;
    }
    c->io = mbmc_io_new(c->loop, c->fd, on_read, on_write, c);
    if (!c->io) {
        connect_failed(c, ENOMEM);
        return;
    }
    if (rc == 0) {
        connected(c);
    } else {
        c->state = ST_CONNECTING;
        mbmc_io_want(c->io, false, true);
    }
}

static void reply_timeout(void *data)
{
    struct qmp_conn *c = data;
    char why[120];
    snprintf(why, sizeof(why), "no %s from QEMU within %d s (hung, or another client holds the "
             "QMP socket)", c->state == ST_GREETING ? "greeting" : "answer",
             QMP_REPLY_TIMEOUT_MS / 1000);
    drop(c, why, false);
}

struct qmp_conn *qmp_conn_new(struct mbmc_loop *loop, const char *path,
                              const struct qmp_conn_cbs *cbs, char *err, size_t errlen)
{
    if (!path || !*path || strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
        snprintf(err, errlen, "QMP socket path is empty or longer than %zu bytes: '%s'",
                 sizeof(((struct sockaddr_un *)0)->sun_path) - 1, path ? path : "");
        return NULL;
    }
    struct qmp_conn *c = calloc(1, sizeof(*c));
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    c->loop = loop;
    c->cbs = *cbs;
    c->fd = -1;
    c->next_id = 1;
    c->backoff_ms = QMP_RECONNECT_MIN_MS;
    c->addr.sun_family = AF_UNIX;
    snprintf(c->addr.sun_path, sizeof(c->addr.sun_path), "%s", path);
    qmp_lines_init(&c->in, QMP_MAX_LINE);
    c->retry_timer = mbmc_timer_new(loop, try_connect, c);
    c->reply_timer = mbmc_timer_new(loop, reply_timeout, c);
    if (!c->retry_timer || !c->reply_timer) {
        qmp_conn_free(c);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    /* Connect from the loop, never from inside the caller. */
    mbmc_timer_start(c->retry_timer, 0);
    return c;
}

void qmp_conn_free(struct qmp_conn *c)
{
    if (!c)
        return;
    if (c->reply_timer)
        close_socket(c);
    c->state = ST_IDLE;
    fail_pending(c, "connection closed");
    mbmc_timer_free(c->retry_timer);
    mbmc_timer_free(c->reply_timer);
    qmp_lines_free(&c->in);
    free(c->out);
    free(c);
}

bool qmp_conn_ready(const struct qmp_conn *c) { return c->state == ST_READY; }

pid_t qmp_conn_peer_pid(const struct qmp_conn *c) { return c->peer_pid; }
