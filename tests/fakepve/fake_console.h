/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fake's serial console: POST .../termproxy and the vncwebsocket (fake_console.c). */
#ifndef FAKE_CONSOLE_H
#define FAKE_CONSOLE_H

#include <openssl/ssl.h>

#include "fake.h"

/* POST /nodes/{node}/qemu/{vmid}/termproxy (vm may be NULL). */
void fake_termproxy(const struct fake_token *t, struct fake_vm *vm, int vmid, const char *node,
                    const struct fake_params *p, struct fake_resp *rs);
/* Takes over a connection whose request (hdrs: request line + headers) targets
 * .../vncwebsocket; returns when the session is over. Called without fake_lock. */
void fake_console_serve(SSL *ssl, int fd, const char *hdrs);
/* Control commands of the console ("console_stats", ...); NULL when cmd is not one. */
char *fake_console_ctl(const char *line);

#endif
