/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Timers and fd watches on ipmi_sim's single-threaded event loop.
 * Backends use only this interface, so unit tests can run them on a poll() loop
 * (tests/unit/loop_poll.c) and the module on ipmi_sim's selector (loop.c).
 * Callbacks run on the loop thread and must never block. */
#ifndef MBMC_LOOP_H
#define MBMC_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct mbmc_loop;
struct mbmc_timer;
struct mbmc_io;
struct mbmc_tick;

typedef void (*mbmc_timer_cb)(void *data);
typedef void (*mbmc_io_cb)(int fd, void *data);

struct mbmc_timer *mbmc_timer_new(struct mbmc_loop *loop, mbmc_timer_cb cb, void *data);
/* (Re)arm: fire once, ms milliseconds from now. Re-arming a running timer moves it. */
void mbmc_timer_start(struct mbmc_timer *t, unsigned ms);
void mbmc_timer_stop(struct mbmc_timer *t);
bool mbmc_timer_running(const struct mbmc_timer *t);
void mbmc_timer_free(struct mbmc_timer *t);

/* Watch fd; on_read/on_write may be NULL. Starts with read interest only. */
struct mbmc_io *mbmc_io_new(struct mbmc_loop *loop, int fd, mbmc_io_cb on_read,
                            mbmc_io_cb on_write, void *data);
void mbmc_io_want(struct mbmc_io *io, bool read, bool write);
/* Stop watching (call before close(fd)); does not close the fd. */
void mbmc_io_free(struct mbmc_io *io);

/* cb on the host loop's own periodic tick (ipmi_sim: once a second). That tick wakes the
 * process anyway, so a subscriber costs no wake-up of its own: the way for an idle module to
 * look at something now and then without a timer. cb may free its own tick. */
struct mbmc_tick *mbmc_tick_new(struct mbmc_loop *loop, mbmc_timer_cb cb, void *data);
void mbmc_tick_free(struct mbmc_tick *t);

/* Monotonic milliseconds. */
uint64_t mbmc_loop_now_ms(struct mbmc_loop *loop);

#endif
