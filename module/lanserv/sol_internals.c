/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See sol_internals.h. */
#include "sol_internals.h"

#include <stdio.h>
#include <sys/time.h>
#include <termios.h>

#include "log.h"

/* sol.c's buffer sizes (SOL_INBUF_SIZE, SOL_OUTBUF_SIZE), the same in 2.0.33 and 2.0.37. */
#define LANSERV_SOL_INBUF 32
#define LANSERV_SOL_OUTBUF 16384
#define LANSERV_SOL_RETRY_SECS 1    /* sol.c restarts its resend timer with 1 s */
#define LANSERV_SOL_RECONNECT_SECS 10   /* ... and its reconnect timer with 10 s */

/* ipmi_sim.h's ipmi_shutdown_t. */
struct lanserv_shutdown {
    void (*handler)(void *info, int sig);
    void *info;
    struct lanserv_shutdown *next;
};

/* sol.c's struct soldata_s, member for member (names kept, so it reads against sol.c). */
struct lanserv_soldata {
    int fd;
    sys_data_t *sys;
    ipmi_io_t *fd_id;
    struct termios termctl;
    int modemstate;
    channel_t *channel;
    channel_t *logchan;
    msg_t dummy_send_msg;
    unsigned char inbuf[LANSERV_SOL_INBUF];
    unsigned int inlen;
    unsigned char outbuf[LANSERV_SOL_OUTBUF];
    unsigned int outlen;
    unsigned char *history;
    int history_start;
    int history_end;
    struct lanserv_shutdown backupfilehandler;
    unsigned int history_return_size;
    unsigned char *history_copy;
    unsigned int history_copy_size;
    unsigned int history_pos;
    msg_t history_dummy_send_msg;
    channel_t *history_channel;
    int history_last_acked_packet;
    int history_last_acked_packet_len;
    int history_curr_packet_seq;
    char history_in_nack;
    ipmi_timer_t *history_timer;
    unsigned int history_num_sends;
    char in_nack;
    char read_enabled;
    char write_enabled;
    char waiting_ack;
    int last_acked_packet;
    int last_acked_packet_len;
    int curr_packet_seq;
    ipmi_timer_t *timer;
    unsigned int num_sends;
    /* (the device's function pointers follow; not used here) */
};

/* sol.h's ipmi_sol_t. */
struct lanserv_sol {
    int configured;
    char *device;
    const char *tcpdest;
    const char *tcpport;
    int do_telnet;
    int set_in_progress;
    int solparm[4];             /* solparm_t: enabled, bitrate, bitrate_nonv, default_bitrate */
    int solparm_rollback[4];
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

static struct {
    sys_data_t *sys;
    struct lanserv_sol *sol;
    struct lanserv_soldata *sd;     /* NULL until the check passed */
} L;

static bool flag(char c) { return c == 0 || c == 1; }

int mbmc_sol_internals_check(sys_data_t *sys, lmc_data_t *mc, char *err, size_t errlen)
{
    L.sd = NULL;
    if (!sys->mc_get_sol)
        return mbmc_errf(err, errlen, "ipmi_sim has no SOL accessor");
    struct lanserv_sol *sol = (struct lanserv_sol *)(void *)sys->mc_get_sol(mc);
    if (!sol || !sol->soldata)
        return mbmc_errf(err, errlen, "the BMC has no SOL device");
    struct lanserv_soldata *sd = sol->soldata;
    /* Every field around the ones written must hold what sol.c can put there; a different
     * layout fails one of these long before it could pass them all. */
    if (sd->sys != sys)
        return mbmc_errf(err, errlen, "lanserv's SOL state does not point back at ipmi_sim (layout differs)");
    if (!sd->timer || !sd->history_timer || (sd->fd != -1 && !sd->fd_id))
        return mbmc_errf(err, errlen, "lanserv's SOL timers are not where expected (layout differs)");
    if (!flag(sd->in_nack) || !flag(sd->read_enabled) || !flag(sd->write_enabled) ||
        !flag(sd->waiting_ack) || !flag(sd->history_in_nack))
        return mbmc_errf(err, errlen, "lanserv's SOL flags are out of range (layout differs)");
    if (sd->curr_packet_seq < 1 || sd->curr_packet_seq > 15 || sd->last_acked_packet < 0 ||
        sd->last_acked_packet > 15 || sd->history_curr_packet_seq < 0 ||
        sd->history_curr_packet_seq > 15)
        return mbmc_errf(err, errlen, "lanserv's SOL sequence numbers are out of range (layout differs)");
    if (sd->outlen > LANSERV_SOL_OUTBUF || sd->inlen > LANSERV_SOL_INBUF)
        return mbmc_errf(err, errlen, "lanserv's SOL buffer lengths are out of range (layout differs)");
    if ((sol->active != 0 && sol->active != 1) || (sol->history_active != 0 && sol->history_active != 1))
        return mbmc_errf(err, errlen, "lanserv's SOL activation flags are out of range (layout differs)");
    L.sys = sys;
    L.sol = sol;
    L.sd = sd;
    return 0;
}

bool mbmc_sol_history_ring_get(const uint8_t **buf, size_t *size, const int **end)
{
    const struct lanserv_soldata *sd = L.sd;
    if (!sd || !L.sol->history_size || !sd->history)
        return false;
    *buf = sd->history;
    *size = L.sol->history_size;
    *end = &sd->history_end;
    return true;
}

bool mbmc_sol_out_get(struct mbmc_sol_out *out)
{
    const struct lanserv_soldata *sd = L.sd;
    if (!sd)
        return false;
    *out = (struct mbmc_sol_out){
        .port_open = sd->fd != -1,
        .active = L.sol->active,
        .session_id = L.sol->session_id,
        .waiting_ack = sd->waiting_ack,
        .in_nack = sd->in_nack,
        .seq = (unsigned)sd->curr_packet_seq,
        .pending = sd->outlen,
        .sends = sd->num_sends,
    };
    return true;
}

void mbmc_sol_out_reset(void)
{
    struct lanserv_soldata *sd = L.sd;
    if (!sd)
        return;
    /* With the device gone the timer is its 10 s reconnect: keep it. Otherwise it only
     * resends the packet in flight, which no console waits for any more. */
    if (sd->fd != -1)
        L.sys->stop_timer(sd->timer);
    sd->waiting_ack = 0;
    sd->in_nack = 0;
    sd->num_sends = 0;
    /* lanserv stops reading the device during a NACK pause unless it keeps a history. */
    if (sd->fd != -1 && !sd->read_enabled && sd->outlen < LANSERV_SOL_OUTBUF) {
        sd->read_enabled = 1;
        L.sys->io_set_enables(sd->fd_id, sd->read_enabled, sd->write_enabled, 0);
    }
}

void mbmc_sol_out_resend_later(void)
{
    struct lanserv_soldata *sd = L.sd;
    if (!sd || sd->fd == -1 || !sd->waiting_ack)
        return;
    struct timeval tv = { LANSERV_SOL_RETRY_SECS, 0 };
    L.sys->stop_timer(sd->timer);
    L.sys->start_timer(sd->timer, &tv);
}

void mbmc_sol_out_reconnect_later(void)
{
    struct lanserv_soldata *sd = L.sd;
    if (!sd || sd->fd != -1)
        return;
    struct timeval tv = { LANSERV_SOL_RECONNECT_SECS, 0 };
    L.sys->stop_timer(sd->timer);
    L.sys->start_timer(sd->timer, &tv);
}

const msg_t *mbmc_sol_out_dest(channel_t **chan)
{
    const struct lanserv_soldata *sd = L.sd;
    if (!sd || !L.sol->active || !sd->dummy_send_msg.src_addr || !sd->channel)
        return NULL;
    *chan = sd->channel;
    return &sd->dummy_send_msg;
}
