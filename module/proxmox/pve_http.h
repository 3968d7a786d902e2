/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Asynchronous HTTPS for the Proxmox backend: libcurl's multi-socket API driven by the
 * loop's fd watches and timers, so no request ever blocks ipmi_sim. Connections are kept
 * alive and reused. TLS is verified by default; a Proxmox-style certificate fingerprint
 * (SHA-256 of the certificate) can pin a self-signed node certificate instead. */
#ifndef MBMC_PVE_HTTP_H
#define MBMC_PVE_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "loop.h"
#include "pve_error.h"

struct pve_http_tls {
    const char *ca_file;        /* trust only this CA bundle */
    const char *fingerprint;    /* AA:BB:..., SHA-256 of the server certificate */
    bool insecure;              /* no verification at all (explicit opt-out) */
};

struct pve_http_response {
    long status;                /* 0: no HTTP response (see err) */
    const char *reason;         /* reason phrase: Proxmox puts its error message here */
    const char *body;
    size_t body_len;
    enum pve_err err;           /* PVE_ERR_TRANSPORT / PVE_ERR_TLS when status == 0 */
    const char *detail;         /* libcurl's or our TLS message when status == 0 */
};

typedef void (*pve_http_cb)(void *data, const struct pve_http_response *r);

struct pve_http;
struct pve_http_req;

/* auth_header: the full "Authorization: ..." line (kept in memory only). */
struct pve_http *pve_http_new(struct mbmc_loop *loop, const struct pve_http_tls *tls,
                              const char *auth_header, char *err, size_t errlen);
void pve_http_free(struct pve_http *h);

/* Start a request; cb runs later on the loop (never from inside this call).
 * form: x-www-form-urlencoded body for POST/PUT, or NULL. */
struct pve_http_req *pve_http_request(struct pve_http *h, const char *method, const char *url,
                                      const char *form, unsigned timeout_ms, pve_http_cb cb,
                                      void *data);
/* Drop a request; its callback will not run. */
void pve_http_cancel(struct pve_http_req *r);

#endif
