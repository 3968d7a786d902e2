/* SPDX-License-Identifier: GPL-2.0-or-later */
/* HTTPS for the Redfish service on ipmi_sim's loop: libmicrohttpd (with GnuTLS) in external
 * epoll mode, no thread of its own: its epoll fd is watched by the loop (loop.h) and a timer
 * follows MHD_get_timeout(), so a slow client never blocks IPMI. A request whose answer
 * comes later (virtual media) is suspended until rf_server_complete(). */
#ifndef MBMC_RF_SERVER_H
#define MBMC_RF_SERVER_H

#include <stddef.h>

#include "loop.h"
#include "rf_cert.h"
#include "rf_http.h"

#define RF_BODY_MAX (64 * 1024)         /* larger request bodies get 413 */
#define RF_CONNECTIONS_MAX 64
#define RF_CONNECTIONS_PER_IP 16
#define RF_IDLE_TIMEOUT_S 60            /* an idle keep-alive or stalled connection closes */

struct rf_server;
struct rf_async;                        /* a suspended request */

/* Called once per request on the loop. rsp is initialised; set rsp->pending to answer later
 * through rf_server_complete(async, ...). */
typedef void (*rf_server_handler)(void *data, const struct rf_request *req,
                                  struct rf_response *rsp, struct rf_async *async);

/* Listen on addr:port (TLS with cert). NULL with a message when the address cannot be
 * bound or TLS cannot start. */
struct rf_server *rf_server_new(struct mbmc_loop *loop, const char *addr, unsigned port,
                                const struct rf_cert *cert, rf_server_handler handler,
                                void *data, char *err, size_t errlen);
/* Answer a suspended request; rsp's contents are taken over (rsp is left empty). */
void rf_server_complete(struct rf_async *async, struct rf_response *rsp);
/* Suspended requests are answered 503 first. */
void rf_server_free(struct rf_server *s);

#endif
