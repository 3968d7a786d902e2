/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "loop_poll.h"

#include <poll.h>
#include <stdlib.h>
#include <time.h>

#define MAX_IO 64
#define MAX_TIMERS 64

struct mbmc_timer {
    struct mbmc_loop *loop;
    mbmc_timer_cb cb;
    void *data;
    bool running;
    uint64_t due;
};

struct mbmc_io {
    struct mbmc_loop *loop;
    int fd;
    mbmc_io_cb on_read, on_write;
    void *data;
    bool rd, wr;
};

struct mbmc_tick {
    struct mbmc_loop *loop;
    mbmc_timer_cb cb;
    void *data;
};

#define MAX_TICKS 8

/* The tick: once a second, as ipmi_sim's. */
struct mbmc_loop {
    struct mbmc_io *ios[MAX_IO];
    struct mbmc_timer *timers[MAX_TIMERS];
    struct mbmc_tick *ticks[MAX_TICKS];
    uint64_t next_tick;
};

uint64_t mbmc_loop_now_ms(struct mbmc_loop *loop)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

struct mbmc_loop *loop_poll_new(void) { return calloc(1, sizeof(struct mbmc_loop)); }
void loop_poll_free(struct mbmc_loop *loop) { free(loop); }

struct mbmc_timer *mbmc_timer_new(struct mbmc_loop *loop, mbmc_timer_cb cb, void *data)
{
    for (int i = 0; i < MAX_TIMERS; i++) {
        if (!loop->timers[i]) {
            struct mbmc_timer *t = calloc(1, sizeof(*t));
            if (!t)
                return NULL;
            *t = (struct mbmc_timer){ .loop = loop, .cb = cb, .data = data };
            loop->timers[i] = t;
            return t;
        }
    }
    return NULL;
}

void mbmc_timer_start(struct mbmc_timer *t, unsigned ms)
{
    t->due = mbmc_loop_now_ms(t->loop) + ms;
    t->running = true;
}

void mbmc_timer_stop(struct mbmc_timer *t) { t->running = false; }
bool mbmc_timer_running(const struct mbmc_timer *t) { return t->running; }

void mbmc_timer_free(struct mbmc_timer *t)
{
    if (!t)
        return;
    for (int i = 0; i < MAX_TIMERS; i++)
        if (t->loop->timers[i] == t)
            t->loop->timers[i] = NULL;
    free(t);
}

struct mbmc_io *mbmc_io_new(struct mbmc_loop *loop, int fd, mbmc_io_cb on_read,
                            mbmc_io_cb on_write, void *data)
{
    for (int i = 0; i < MAX_IO; i++) {
        if (!loop->ios[i]) {
            struct mbmc_io *io = calloc(1, sizeof(*io));
            if (!io)
                return NULL;
            *io = (struct mbmc_io){ .loop = loop, .fd = fd, .on_read = on_read,
                                    .on_write = on_write, .data = data, .rd = true };
            loop->ios[i] = io;
            return io;
        }
    }
    return NULL;
}

struct mbmc_tick *mbmc_tick_new(struct mbmc_loop *loop, mbmc_timer_cb cb, void *data)
{
    for (int i = 0; i < MAX_TICKS; i++) {
        if (!loop->ticks[i]) {
            struct mbmc_tick *t = calloc(1, sizeof(*t));
            if (!t)
                return NULL;
            *t = (struct mbmc_tick){ .loop = loop, .cb = cb, .data = data };
            loop->ticks[i] = t;
            return t;
        }
    }
    return NULL;
}

void mbmc_tick_free(struct mbmc_tick *t)
{
    if (!t)
        return;
    for (int i = 0; i < MAX_TICKS; i++)
        if (t->loop->ticks[i] == t)
            t->loop->ticks[i] = NULL;
    free(t);
}

void mbmc_io_want(struct mbmc_io *io, bool read, bool write) { io->rd = read; io->wr = write; }

void mbmc_io_free(struct mbmc_io *io)
{
    if (!io)
        return;
    for (int i = 0; i < MAX_IO; i++)
        if (io->loop->ios[i] == io)
            io->loop->ios[i] = NULL;
    free(io);
}

void loop_poll_once(struct mbmc_loop *loop, unsigned max_wait_ms)
{
    uint64_t now = mbmc_loop_now_ms(loop);
    int wait = (int)max_wait_ms;
    if (!loop->next_tick)
        loop->next_tick = now + 1000;
    for (int i = 0; i < MAX_TICKS; i++)
        if (loop->ticks[i] && wait > (int)(loop->next_tick > now ? loop->next_tick - now : 0))
            wait = (int)(loop->next_tick > now ? loop->next_tick - now : 0);
    for (int i = 0; i < MAX_TIMERS; i++) {
        struct mbmc_timer *t = loop->timers[i];
        if (t && t->running) {
            int left = t->due > now ? (int)(t->due - now) : 0;
            if (left < wait)
                wait = left;
        }
    }
    struct pollfd pfd[MAX_IO];
    struct mbmc_io *who[MAX_IO];
    int n = 0;
    for (int i = 0; i < MAX_IO; i++) {
        struct mbmc_io *io = loop->ios[i];
        if (io && (io->rd || io->wr)) {
            pfd[n] = (struct pollfd){ .fd = io->fd,
                                      .events = (short)((io->rd ? POLLIN : 0) | (io->wr ? POLLOUT : 0)) };
            who[n++] = io;
        }
    }
    int r = poll(pfd, (nfds_t)n, wait);
    for (int i = 0; r > 0 && i < n; i++) {
        /* A callback may free other watches: check each one is still registered. */
        bool live = false;
        for (int j = 0; j < MAX_IO; j++)
            live |= loop->ios[j] == who[i];
        if (!live)
            continue;
        struct mbmc_io *io = who[i];
        if ((pfd[i].revents & (POLLIN | POLLERR | POLLHUP)) && io->rd && io->on_read)
            io->on_read(io->fd, io->data);
        live = false;
        for (int j = 0; j < MAX_IO; j++)
            live |= loop->ios[j] == who[i];
        if (live && (pfd[i].revents & POLLOUT) && io->wr && io->on_write)
            io->on_write(io->fd, io->data);
    }
    now = mbmc_loop_now_ms(loop);
    for (int i = 0; i < MAX_TIMERS; i++) {
        struct mbmc_timer *t = loop->timers[i];
        if (t && t->running && t->due <= now) {
            t->running = false;
            t->cb(t->data);
        }
    }
    if (now >= loop->next_tick) {
        loop->next_tick = now + 1000;
        for (int i = 0; i < MAX_TICKS; i++)
            if (loop->ticks[i])
                loop->ticks[i]->cb(loop->ticks[i]->data);
    }
}

bool loop_poll_run_until(struct mbmc_loop *loop, bool (*done)(void *data), void *data,
                         unsigned timeout_ms)
{
    uint64_t end = mbmc_loop_now_ms(loop) + timeout_ms;
    while (!done(data)) {
        uint64_t now = mbmc_loop_now_ms(loop);
        if (now >= end)
            return false;
        loop_poll_once(loop, (unsigned)(end - now < 50 ? end - now : 50));
    }
    return true;
}
