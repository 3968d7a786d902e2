/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox REST calls (see pve_api.h). */
#define _GNU_SOURCE
#include "pve_api.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "pve_http.h"
#include "pve_parse.h"
#include "pve_token.h"

#define REQUEST_TIMEOUT_MS 10000   /* pveproxy answers in ms; 10 s means it is stuck */

struct pve_api {
    struct mbmc_loop *loop;
    struct pve_http *http;
    char *base;                 /* https://host:8006/api2/json */
    unsigned vmid;
    char node[64];              /* "" until located */
    int major;
};

struct pve_api_req {
    struct pve_api *api;
    char *method, *suffix, *form;
    bool vm_call;
    bool retried;
    struct pve_http_req *http;
    pve_api_cb cb;
    void *ctx;
};

static int read_token(const char *path, char *out, size_t outlen, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open token-file %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "token-file %s is not a regular file", path);
        close(fd);
        return -1;
    }
    if (st.st_mode & 077) {
        snprintf(err, errlen, "token-file %s may be read by group or others (mode %04o); "
                 "refusing to use it: chmod 600 %s", path, (unsigned)(st.st_mode & 07777), path);
        close(fd);
        return -1;
    }
    ssize_t n = read(fd, out, outlen - 1);
    close(fd);
    if (n <= 0) {
        snprintf(err, errlen, "token-file %s is empty", path);
        return -1;
    }
    out[n] = '\0';
    size_t id_len;
    if (pve_token_parse(out, &id_len)) {
        explicit_bzero(out, outlen);   /* and never in the message: it may be the bare secret */
        snprintf(err, errlen, "token-file %s: expected " PVE_TOKEN_FORM, path);
        return -1;
    }
    return 0;
}

struct pve_api *pve_api_new(struct mbmc_loop *loop, const struct mbmc_options *opts, char *err,
                            size_t errlen)
{
    char token[512];
    if (read_token(opts->token_file, token, sizeof(token), err, errlen))
        return NULL;
    char auth[600];
    snprintf(auth, sizeof(auth), "Authorization: PVEAPIToken=%s", token);
    explicit_bzero(token, sizeof(token));
    struct pve_api *api = calloc(1, sizeof(*api));
    if (!api) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    api->loop = loop;
    api->vmid = opts->vmid;
    size_t ul = strlen(opts->url);
    while (ul && opts->url[ul - 1] == '/')
        ul--;
    if (asprintf(&api->base, "%.*s/api2/json", (int)ul, opts->url) < 0)
        api->base = NULL;
    if (opts->node)
        snprintf(api->node, sizeof(api->node), "%s", opts->node);
    struct pve_http_tls tls = { .ca_file = opts->ca_file, .fingerprint = opts->fingerprint,
                                .insecure = opts->insecure };
    api->http = api->base ? pve_http_new(loop, &tls, auth, err, errlen) : NULL;
    explicit_bzero(auth, sizeof(auth));
    if (!api->http) {
        free(api->base);
        free(api);
        return NULL;
    }
    return api;
}

void pve_api_free(struct pve_api *api)
{
    if (!api)
        return;
    pve_http_free(api->http);
    free(api->base);
    free(api);
}

const char *pve_api_node(const struct pve_api *api) { return api->node; }
unsigned pve_api_vmid(const struct pve_api *api) { return api->vmid; }
int pve_api_major(const struct pve_api *api) { return api->major; }
void pve_api_set_major(struct pve_api *api, int major) { api->major = major; }
void pve_api_forget_node(struct pve_api *api) { api->node[0] = '\0'; }

void pve_api_set_node(struct pve_api *api, const char *node)
{
    if (strlen(node) < sizeof(api->node) && strcmp(api->node, node))
        snprintf(api->node, sizeof(api->node), "%s", node);
}

static void req_free(struct pve_api_req *r)
{
    free(r->method);
    free(r->suffix);
    free(r->form);
    free(r);
}

static bool send_req(struct pve_api_req *r);

static void deliver(struct pve_api_req *r, const struct pve_api_result *res)
{
    pve_api_cb cb = r->cb;
    void *ctx = r->ctx;
    req_free(r);
    cb(ctx, res);
}

static void fail(struct pve_api_req *r, enum pve_err e, long http, const char *msg)
{
    struct pve_api_result res = { .err = e, .http = http, .msg = msg };
    deliver(r, &res);
}

/* The /cluster/resources answer: which node holds our VM. */
static int find_node(struct pve_api *api, struct json_object *data)
{
    char node[sizeof(api->node)];
    if (pve_parse_node(data, api->vmid, node, sizeof(node)))
        return -1;
    if (strcmp(api->node, node))
        mbmc_log(MBMC_LOG_INFO, "VM %u is on node %s", api->vmid, node);
    snprintf(api->node, sizeof(api->node), "%s", node);
    return 0;
}

static void on_http(void *data, const struct pve_http_response *hr);

/* A failed answer: no HTTP at all, or Proxmox's reason phrase with what the body adds (the
 * parameter a 400 names). */
static void fail_http(struct pve_api_req *r, enum pve_err e, const struct pve_http_response *hr)
{
    if (hr->status == 0) {
        fail(r, hr->err, 0, hr->detail);
        return;
    }
    char says[256], msg[600];
    struct json_object *d;
    json_object_put(pve_envelope_unwrap(hr->body, hr->body_len, &d, says, sizeof(says)));
    if (says[0] && strcmp(says, PVE_ENVELOPE_MALFORMED) && !strstr(hr->reason, says)) {
        snprintf(msg, sizeof(msg), "%s (%s)", hr->reason, says);
        fail(r, e, hr->status, msg);
    } else {
        fail(r, e, hr->status, hr->reason);
    }
}

static bool answered_ok(const struct pve_http_response *hr)
{
    return hr->status >= 200 && hr->status < 300;
}

static void on_resolved(void *data, const struct pve_http_response *hr)
{
    struct pve_api_req *r = data;
    r->http = NULL;
    if (!answered_ok(hr)) {
        fail_http(r, hr->status ? pve_err_classify(hr->status, hr->reason) : hr->err, hr);
        return;
    }
    struct json_object *d, *root = pve_envelope_unwrap(hr->body, hr->body_len, &d, NULL, 0);
    bool found = root && find_node(r->api, d) == 0;
    json_object_put(root);
    if (!found) {
        char msg[160];
        snprintf(msg, sizeof(msg), "VM %u is not in the cluster's resource list (missing VM or "
                 "the token lacks VM.Audit on /vms/%u)", r->api->vmid, r->api->vmid);
        fail(r, PVE_ERR_NO_VM, hr->status, msg);
        return;
    }
    if (!send_req(r))
        fail(r, PVE_ERR_TRANSPORT, 0, "cannot start an HTTP request");
}

/* Returns false when the request could not even be started (out of memory). */
static bool send_req(struct pve_api_req *r)
{
    struct pve_api *api = r->api;
    char *url = NULL;
    pve_http_cb cb = on_http;
    if (r->vm_call && !api->node[0]) {
        cb = on_resolved;
        if (asprintf(&url, "%s/cluster/resources?type=vm", api->base) < 0)
            url = NULL;
    } else if (r->vm_call) {
        if (asprintf(&url, "%s/nodes/%s/qemu/%u/%s", api->base, api->node, api->vmid, r->suffix) < 0)
            url = NULL;
    } else if (asprintf(&url, "%s%s", api->base, r->suffix) < 0) {
        url = NULL;
    }
    const char *method = cb == on_resolved ? "GET" : r->method;
    r->http = url ? pve_http_request(api->http, method, url, r->form, REQUEST_TIMEOUT_MS, cb, r) : NULL;
    free(url);
    if (!r->http)
        mbmc_log(MBMC_LOG_ERR, "cannot start an HTTP request (out of memory?)");
    return r->http != NULL;
}

static void on_http(void *data, const struct pve_http_response *hr)
{
    struct pve_api_req *r = data;
    r->http = NULL;
    if (!answered_ok(hr)) {
        enum pve_err e = hr->status ? pve_err_classify(hr->status, hr->reason) : hr->err;
        if (r->vm_call && !r->retried && (e == PVE_ERR_NOT_HERE || e == PVE_ERR_NODE_DOWN)) {
            /* Moved (migration, HA relocation) or its node is unreachable: locate and retry once. */
            mbmc_log(MBMC_LOG_DEBUG, "%s on node %s: %s; locating VM %u again", r->suffix,
                     r->api->node, hr->reason, r->api->vmid);
            r->retried = true;
            r->api->node[0] = '\0';
            if (!send_req(r))
                fail(r, PVE_ERR_TRANSPORT, 0, "cannot start an HTTP request");
            return;
        }
        fail_http(r, e, hr);
        return;
    }
    struct json_object *d, *root = pve_envelope_unwrap(hr->body, hr->body_len, &d, NULL, 0);
    if (!root) {
        fail(r, PVE_ERR_SERVER, hr->status, PVE_ENVELOPE_MALFORMED);
        return;
    }
    struct pve_api_result res = { .err = PVE_OK, .http = hr->status, .msg = "", .data = d };
    deliver(r, &res);
    json_object_put(root);
}

static struct pve_api_req *start(struct pve_api *api, bool vm_call, const char *method,
                                 const char *path, const char *form, pve_api_cb cb, void *ctx)
{
    struct pve_api_req *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->api = api;
    r->vm_call = vm_call;
    r->method = strdup(method);
    r->suffix = strdup(path);
    r->form = form ? strdup(form) : NULL;
    r->cb = cb;
    r->ctx = ctx;
    if (!send_req(r)) {
        req_free(r);
        return NULL;
    }
    return r;
}

struct pve_api_req *pve_api_call(struct pve_api *api, const char *method, const char *path,
                                 const char *form, pve_api_cb cb, void *ctx)
{
    return start(api, false, method, path, form, cb, ctx);
}

struct pve_api_req *pve_api_vm_call(struct pve_api *api, const char *method, const char *suffix,
                                    const char *form, pve_api_cb cb, void *ctx)
{
    return start(api, true, method, suffix, form, cb, ctx);
}

void pve_api_cancel(struct pve_api_req *r)
{
    if (!r)
        return;
    pve_http_cancel(r->http);
    req_free(r);
}
