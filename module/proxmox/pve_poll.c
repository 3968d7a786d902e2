/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-VM power state poller (see pve_state.h). */
#include <stdlib.h>
#include <string.h>

#include "pve_parse.h"
#include "pve_state.h"

struct pve_poll {
    struct pve_state_source src;     /* first: the interface */
    struct mbmc_timer *timer;
    struct pve_api *api;
    struct pve_api_req *req;
    unsigned period_ms;
    bool again;                      /* a refresh was asked while a poll was in flight */
    pve_state_cb cb;
    void *ctx;
};

static void poll_now(void *data);

static void on_status(void *ctx, const struct pve_api_result *res)
{
    struct pve_poll *p = ctx;
    p->req = NULL;
    struct pve_vm_state st = { .err = res->err, .msg = res->msg, .status = "", .qmpstatus = "",
                               .lock = "" };
    if (res->err == PVE_OK) {
        pve_parse_vm_state(res->data, &st);
    }
    mbmc_timer_start(p->timer, p->again ? 0 : p->period_ms);
    p->again = false;
    p->cb(p->ctx, &st);
}

static void poll_now(void *data)
{
    struct pve_poll *p = data;
    if (p->req)
        return;
    p->req = pve_api_vm_call(p->api, "GET", "status/current", NULL, on_status, p);
    if (!p->req)
        mbmc_timer_start(p->timer, p->period_ms);
}

static void poll_refresh(struct pve_state_source *src)
{
    struct pve_poll *p = (struct pve_poll *)src;
    if (p->req)
        p->again = true;
    else
        mbmc_timer_start(p->timer, 0);
}

static void poll_free(struct pve_state_source *src)
{
    struct pve_poll *p = (struct pve_poll *)src;
    pve_api_cancel(p->req);
    mbmc_timer_free(p->timer);
    free(p);
}

struct pve_state_source *pve_poll_new(struct mbmc_loop *loop, struct pve_api *api,
                                      unsigned period_ms, pve_state_cb cb, void *ctx)
{
    struct pve_poll *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->src.refresh = poll_refresh;
    p->src.free = poll_free;
    p->api = api;
    p->period_ms = period_ms;
    p->cb = cb;
    p->ctx = ctx;
    p->timer = mbmc_timer_new(loop, poll_now, p);
    if (!p->timer) {
        free(p);
        return NULL;
    }
    return &p->src;
}
