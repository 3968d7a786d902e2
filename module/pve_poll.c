/* Per-VM power state poller (see pve_state.h). */
#include <stdlib.h>
#include <string.h>

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

bool pve_state_is_on(const char *status, const char *qmpstatus, const char *lock)
{
    if (!status || strcmp(status, "running"))
        return false;
    if (lock && !strcmp(lock, "backup") && qmpstatus &&
        (!strcmp(qmpstatus, "prelaunch") || !strcmp(qmpstatus, "paused")))
        return false;
    return true;
}

static const char *str_field(struct json_object *o, const char *key)
{
    struct json_object *v;
    return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

static void poll_now(void *data);

static void on_status(void *ctx, const struct pve_api_result *res)
{
    struct pve_poll *p = ctx;
    p->req = NULL;
    struct pve_vm_state st = { .err = res->err, .msg = res->msg, .status = "", .qmpstatus = "",
                               .lock = "" };
    if (res->err == PVE_OK) {
        st.status = str_field(res->data, "status");
        st.qmpstatus = str_field(res->data, "qmpstatus");
        st.lock = str_field(res->data, "lock");
        st.on = pve_state_is_on(st.status, st.qmpstatus, st.lock);
        struct json_object *ha, *managed;
        st.ha_managed = json_object_object_get_ex(res->data, "ha", &ha) &&
                        json_object_object_get_ex(ha, "managed", &managed) &&
                        json_object_get_int(managed) == 1;
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
