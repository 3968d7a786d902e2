/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox REST calls for one VM: token auth, JSON envelope, error text from the reason
 * phrase, and where the VM is (node resolved via /cluster/resources, cached, re-resolved
 * and retried once when the VM moved or its node is unreachable). */
#ifndef MBMC_PVE_API_H
#define MBMC_PVE_API_H

#include <json-c/json.h>

#include "loop.h"
#include "options.h"
#include "pve_error.h"

struct pve_api;
struct pve_api_req;

struct pve_api_result {
    enum pve_err err;
    long http;                  /* 0 when no HTTP response */
    const char *msg;            /* Proxmox's message (reason phrase) or the transport error */
    struct json_object *data;   /* "data" of a 2xx answer; owned by the caller of cb only
                                   for the duration of cb */
};

typedef void (*pve_api_cb)(void *ctx, const struct pve_api_result *res);

/* Reads and checks the token file (refused when group/other may read it), sets up TLS. */
struct pve_api *pve_api_new(struct mbmc_loop *loop, const struct mbmc_options *opts, char *err,
                            size_t errlen);
void pve_api_free(struct pve_api *api);

/* path below /api2/json, already escaped. */
struct pve_api_req *pve_api_call(struct pve_api *api, const char *method, const char *path,
                                 const char *form, pve_api_cb cb, void *ctx);
/* method on /nodes/<node>/qemu/<vmid>/<suffix>, locating the VM first when needed. */
struct pve_api_req *pve_api_vm_call(struct pve_api *api, const char *method, const char *suffix,
                                    const char *form, pve_api_cb cb, void *ctx);
void pve_api_cancel(struct pve_api_req *r);

/* Forget the cached node: the next VM call locates the VM again (e.g. after a task said
 * its config is not on that node any more). */
void pve_api_forget_node(struct pve_api *api);
/* The VM's node as someone else located it (the supervisor's table): no lookup needed. */
void pve_api_set_node(struct pve_api *api, const char *node);
const char *pve_api_node(const struct pve_api *api);
unsigned pve_api_vmid(const struct pve_api *api);
/* Major version of Proxmox VE from GET /version (0 until known). */
int pve_api_major(const struct pve_api *api);
void pve_api_set_major(struct pve_api *api, int major);

#endif
