/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A poll() implementation of module/loop.h for unit tests. */
#ifndef MBMC_LOOP_POLL_H
#define MBMC_LOOP_POLL_H

#include <stdbool.h>

#include "loop.h"

struct mbmc_loop *loop_poll_new(void);
void loop_poll_free(struct mbmc_loop *loop);
/* Run one iteration, waiting at most max_wait_ms. */
void loop_poll_once(struct mbmc_loop *loop, unsigned max_wait_ms);
/* Run until done(data) is true or timeout_ms passes; returns done(data). */
bool loop_poll_run_until(struct mbmc_loop *loop, bool (*done)(void *data), void *data,
                         unsigned timeout_ms);

#endif
