/* SPDX-License-Identifier: GPL-2.0-or-later */
/* loop.h on top of ipmi_sim's sys_data_t timer and fd services. */
#include "loop_sim.h"

#include <stdlib.h>
#include <sys/time.h>

struct mbmc_loop {
    sys_data_t *sys;
};

struct mbmc_timer {
    struct mbmc_loop *loop;
    ipmi_timer_t *timer;
    mbmc_timer_cb cb;
    void *data;
    bool running;
};

struct mbmc_tick {
    mbmc_timer_cb cb;
    void *data;
    struct mbmc_tick *next;
};

struct mbmc_io {
    struct mbmc_loop *loop;
    ipmi_io_t *io;
    int fd;
    mbmc_io_cb on_read, on_write;
    void *data;
};

struct mbmc_loop *mbmc_loop_sim_new(sys_data_t *sys)
{
    struct mbmc_loop *l = calloc(1, sizeof(*l));
    if (l)
        l->sys = sys;
    return l;
}

void mbmc_loop_sim_free(struct mbmc_loop *l) { free(l); }

static void timer_fired(void *data)
{
    struct mbmc_timer *t = data;
    t->running = false;
    t->cb(t->data);
}

struct mbmc_timer *mbmc_timer_new(struct mbmc_loop *loop, mbmc_timer_cb cb, void *data)
{
    struct mbmc_timer *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->loop = loop;
    t->cb = cb;
    t->data = data;
    if (loop->sys->alloc_timer(loop->sys, timer_fired, t, &t->timer)) {
        free(t);
        return NULL;
    }
    return t;
}

void mbmc_timer_start(struct mbmc_timer *t, unsigned ms)
{
    if (t->running)
        t->loop->sys->stop_timer(t->timer);
    struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };
    t->running = t->loop->sys->start_timer(t->timer, &tv) == 0;
}

void mbmc_timer_stop(struct mbmc_timer *t)
{
    if (t->running)
        t->loop->sys->stop_timer(t->timer);
    t->running = false;
}

bool mbmc_timer_running(const struct mbmc_timer *t) { return t->running; }

void mbmc_timer_free(struct mbmc_timer *t)
{
    if (!t)
        return;
    mbmc_timer_stop(t);
    t->loop->sys->free_timer(t->timer);
    free(t);
}

static void io_read(int fd, void *data)
{
    struct mbmc_io *io = data;
    if (io->on_read)
        io->on_read(fd, io->data);
}

static void io_write(int fd, void *data)
{
    struct mbmc_io *io = data;
    if (io->on_write)
        io->on_write(fd, io->data);
}

/* Errors and hang-ups are reported as readable: the reader sees EOF or the error. */
static void io_except(int fd, void *data) { io_read(fd, data); }

struct mbmc_io *mbmc_io_new(struct mbmc_loop *loop, int fd, mbmc_io_cb on_read,
                            mbmc_io_cb on_write, void *data)
{
    struct mbmc_io *io = calloc(1, sizeof(*io));
    if (!io)
        return NULL;
    io->loop = loop;
    io->fd = fd;
    io->on_read = on_read;
    io->on_write = on_write;
    io->data = data;
    if (loop->sys->add_io_hnd(loop->sys, fd, io_read, io, &io->io)) {
        free(io);
        return NULL;
    }
    loop->sys->io_set_hnds(io->io, io_write, io_except);
    loop->sys->io_set_enables(io->io, 1, 0, 1);
    return io;
}

void mbmc_io_want(struct mbmc_io *io, bool read, bool write)
{
    io->loop->sys->io_set_enables(io->io, read, write, 1);
}

void mbmc_io_free(struct mbmc_io *io)
{
    if (!io)
        return;
    /* ipmi_sim 2.0.33 never frees its small ipmi_io_t wrapper: keep sockets long-lived. */
    io->loop->sys->remove_io_hnd(io->io);
    free(io);
}

/* ipmi_sim cannot unregister a tick handler: one is registered for the process's life and
 * calls the current subscribers. */
static ipmi_tick_handler_t sim_tick;
static struct mbmc_tick *ticks;
static struct mbmc_tick *tick_next;     /* the walk's next one (a callback may free it) */

static void sim_ticked(void *info, unsigned int seconds)
{
    (void)info;
    (void)seconds;
    for (struct mbmc_tick *t = ticks; t; t = tick_next) {
        tick_next = t->next;
        t->cb(t->data);
    }
    tick_next = NULL;
}

struct mbmc_tick *mbmc_tick_new(struct mbmc_loop *loop, mbmc_timer_cb cb, void *data)
{
    struct mbmc_tick *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    if (!sim_tick.handler) {
        sim_tick.handler = sim_ticked;
        loop->sys->register_tick_handler(&sim_tick);
    }
    t->cb = cb;
    t->data = data;
    t->next = ticks;
    ticks = t;
    return t;
}

void mbmc_tick_free(struct mbmc_tick *t)
{
    if (!t)
        return;
    for (struct mbmc_tick **p = &ticks; *p; p = &(*p)->next)
        if (*p == t) {
            *p = t->next;
            break;
        }
    if (tick_next == t)
        tick_next = t->next;
    free(t);
}

uint64_t mbmc_loop_now_ms(struct mbmc_loop *loop)
{
    struct timeval tv;
    loop->sys->get_monotonic_time(loop->sys, &tv);
    return (uint64_t)tv.tv_sec * 1000u + (uint64_t)tv.tv_usec / 1000u;
}
