/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See sol_history_ring.h. The two structures below mirror lanserv/sol.h and lanserv/sol.c of
 * OpenIPMI 2.0.33 up to the ring's fields (2.0.37 has the same fields; its msg_t is larger,
 * which the installed header accounts for when built against it). */
#include "sol_history_ring.h"

#include <limits.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>

#include <OpenIPMI/lanserv.h>

#define SOL_INBUF_SIZE 32
#define SOL_OUTBUF_SIZE 16384

struct lanserv_solparm {
    int enabled, bitrate, bitrate_nonv, default_bitrate;
};

struct lanserv_soldata;

struct lanserv_sol {                    /* ipmi_sol_t */
    int configured;
    char *device;
    const char *tcpdest;
    const char *tcpport;
    int do_telnet;
    int set_in_progress;
    struct lanserv_solparm solparm, solparm_rollback;
    void (*update_bitrate)(lmc_data_t *mc);
    int active;
    uint32_t session_id;
    unsigned int history_size;
    int history_active;
    uint32_t history_session_id;
    char *backupfile;
    int use_rtscts;
    int readclear;
    struct lanserv_soldata *soldata;
};

struct lanserv_soldata {                /* soldata_t, up to the ring */
    int fd;
    sys_data_t *sys;
    void *fd_id;
    struct termios termctl;
    int modemstate;
    channel_t *channel;
    channel_t *logchan;
    msg_t dummy_send_msg;
    unsigned char inbuf[SOL_INBUF_SIZE];
    unsigned int inlen;
    unsigned char outbuf[SOL_OUTBUF_SIZE];
    unsigned int outlen;
    unsigned char *history;
    int history_start;
    int history_end;
};

#define FAIL(...) do { snprintf(why, whylen, __VA_ARGS__); return -1; } while (0)

int mbmc_sol_ring_find(sys_data_t *sys, lmc_data_t *mc, size_t expect_size,
                       struct mbmc_sol_ring *ring, char *why, size_t whylen)
{
    memset(ring, 0, sizeof(*ring));
    if (!sys->sol_present || !sys->mc_get_sol)
        FAIL("no sol line");
    const struct lanserv_sol *sol = (const struct lanserv_sol *)sys->mc_get_sol(mc);
    if (!sol || !sol->configured || !sol->device)
        FAIL("the BMC has no SOL");
    /* The sol line's device as lanserv parsed it: "tcp:HOST" or "telnet:HOST" (the colon
     * before the port replaced by a NUL, tcpdest pointing after the prefix), or a tty. */
    const char *d = sol->device;
    bool tcp = !strncmp(d, "tcp:", 4), telnet = !strncmp(d, "telnet:", 7);
    if (!(tcp && sol->tcpdest == d + 4 && !sol->do_telnet) &&
        !(telnet && sol->tcpdest == d + 7 && sol->do_telnet == 1) &&
        !(d[0] == '/' && !sol->tcpdest))
        FAIL("lanserv's SOL settings are not laid out as in OpenIPMI 2.0.33");
    if (!sol->history_size)
        FAIL("the sol line has no history=");
    if (expect_size && sol->history_size != expect_size)
        FAIL("the sol line keeps %u bytes of history, not %zu (history= and sol-history-size= "
             "must match)", sol->history_size, expect_size);
    size_t size = sol->history_size;
    const struct lanserv_soldata *sd = sol->soldata;
    if (!sd || sd->sys != sys || !sd->history)
        FAIL("lanserv's SOL state is not laid out as in OpenIPMI 2.0.33");
    /* The ring is lanserv's own allocation of history_size bytes. */
    if (malloc_usable_size(sd->history) < size)
        FAIL("lanserv's SOL history buffer is not where OpenIPMI 2.0.33 keeps it");
    if (size > INT_MAX || sd->history_end < -1 || sd->history_end >= (int)size ||
        sd->history_start < 0 || sd->history_start > (int)size)
        FAIL("lanserv's SOL history indexes are out of range");
    ring->buf = sd->history;
    ring->size = size;
    ring->end = &sd->history_end;
    return 0;
}

size_t mbmc_sol_ring_end(const struct mbmc_sol_ring *ring)
{
    int e = *ring->end;
    return e < 0 ? ring->size - 1 : (size_t)e % ring->size;
}
