/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See pve_task.h. */
#include "pve_task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pve_parse.h"
#include "pve_upid.h"

struct pve_task {
    struct pve_api *api;
    struct mbmc_timer *timer;
    struct pve_api_req *req;
    char upid[256], node[64];
    unsigned poll_ms, max_poll_ms, retry_ms, max_errors, errors;
    pve_task_cb cb;
    void *ctx;
};

static void task_free(struct pve_task *t)
{
    pve_api_cancel(t->req);
    mbmc_timer_free(t->timer);
    free(t);
}

static void end(struct pve_task *t, bool read_failed, enum pve_err e, long http, const char *msg)
{
    struct pve_task_end r = { .read_failed = read_failed, .err = e, .http = http, .msg = msg,
                              .upid = t->upid, .node = t->node };
    pve_task_cb cb = t->cb;
    void *ctx = t->ctx;
    t->req = NULL;
    cb(ctx, &r);            /* msg may point into the answer pve_api still holds */
    task_free(t);
}

static void on_status(void *ctx, const struct pve_api_result *res)
{
    struct pve_task *t = ctx;
    t->req = NULL;
    if (res->err != PVE_OK) {
        if (++t->errors >= t->max_errors) {
            end(t, true, res->err, res->http, res->msg);
            return;
        }
        mbmc_timer_start(t->timer, t->retry_ms);
        return;
    }
    t->errors = 0;
    const char *exitstatus;
    if (!pve_parse_task(res->data, &exitstatus)) {
        if (t->poll_ms < t->max_poll_ms)
            t->poll_ms = t->poll_ms * 2 < t->max_poll_ms ? t->poll_ms * 2 : t->max_poll_ms;
        mbmc_timer_start(t->timer, t->poll_ms);
        return;
    }
    end(t, false, pve_err_classify(200, exitstatus), 0, exitstatus);
}

static void poll_now(void *data)
{
    struct pve_task *t = data;
    char esc[512], path[700];
    pve_url_escape(t->upid, esc, sizeof(esc));     /* fits: checked in pve_task_follow */
    snprintf(path, sizeof(path), "/nodes/%s/tasks/%s/status", t->node, esc);
    t->req = pve_api_call(t->api, "GET", path, NULL, on_status, t);
    if (!t->req)
        mbmc_timer_start(t->timer, t->retry_ms);
}

struct pve_task *pve_task_follow(struct pve_api *api, struct mbmc_loop *loop, const char *upid,
                                 unsigned poll_ms, unsigned max_poll_ms, unsigned retry_ms,
                                 unsigned max_read_errors, pve_task_cb cb, void *ctx)
{
    char type[32], esc[512];
    struct pve_task *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    if (!upid || strlen(upid) >= sizeof(t->upid) ||
        pve_upid_parse(upid, t->node, sizeof(t->node), type, sizeof(type)) ||
        pve_url_escape(upid, esc, sizeof(esc)) || !(t->timer = mbmc_timer_new(loop, poll_now, t))) {
        free(t);
        return NULL;
    }
    snprintf(t->upid, sizeof(t->upid), "%s", upid);
    t->api = api;
    t->poll_ms = poll_ms;
    t->max_poll_ms = max_poll_ms > poll_ms ? max_poll_ms : poll_ms;
    t->retry_ms = retry_ms;
    t->max_errors = max_read_errors ? max_read_errors : 1;
    t->cb = cb;
    t->ctx = ctx;
    mbmc_timer_start(t->timer, poll_ms);
    return t;
}

void pve_task_cancel(struct pve_task *t)
{
    if (t)
        task_free(t);
}
