/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lanserv's private Serial-over-LAN state: the one place the module reads or writes it.
 *
 * sol.c keeps instance 1's outbound side (the packet in flight, its resend timer, the pause
 * after a NACK) in a struct that no installed header declares. OpenIPMI 2.0.33 and 2.0.37
 * define it (and ipmi_sol_t in sol.h) with the same text; the types of its members (msg_t,
 * channel_t, ...) come from the installed lanserv headers, so the mirror in sol_internals.c
 * takes the layout of the flavour the module is built against. Checked against both
 * ipmi_sim binaries' machine code (the offsets of outlen, in_nack, waiting_ack,
 * curr_packet_seq, timer and num_sends in send_data, sol_timeout and the payload handler).
 * mbmc_sol_internals_check() looks at the live state before anything is written. */
#ifndef MBMC_SOL_INTERNALS_H
#define MBMC_SOL_INTERNALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <OpenIPMI/serv.h>

/* Instance 1's outbound side, as lanserv holds it. */
struct mbmc_sol_out {
    bool port_open;         /* the serial device is connected */
    bool active;            /* instance 1 is activated ... */
    uint32_t session_id;    /* ... by this session */
    bool waiting_ack;       /* a packet is in flight */
    bool in_nack;           /* lanserv stopped sending after a NACK */
    unsigned seq;           /* the packet in flight's sequence number (the next one if none) */
    unsigned pending;       /* characters buffered for the console */
    unsigned sends;         /* resends of the packet in flight */
};

/* Find the BMC's SOL state and check that it looks the way the mirror says. 0, or -1 with
 * the reason (then every other function here does nothing). Changes nothing. */
int mbmc_sol_internals_check(sys_data_t *sys, lmc_data_t *mc, char *err, size_t errlen);

/* Read it. false when the check has not passed. */
bool mbmc_sol_out_get(struct mbmc_sol_out *out);

/* Forget the packet in flight: no ack awaited, no NACK pause, no resend pending (the timer
 * is left alone while it is the serial device's reconnect timer), the serial device read
 * again. What is buffered for the console goes out with the next serial input. */
void mbmc_sol_out_reset(void);

/* Resend the packet in flight one retry interval (1 s) from now, as lanserv does for a
 * packet that was not acknowledged. */
void mbmc_sol_out_resend_later(void);

/* While the serial device is disconnected: try to connect it again in lanserv's 10 s
 * (lanserv stops that timer when a console acknowledges the packet in flight meanwhile). */
void mbmc_sol_out_reconnect_later(void);

/* lanserv's SOL history ring (the sol line's history=N): its buffer, its size and its end
 * index (the newest byte; -1 before the first). false when the check has not passed or the
 * sol line keeps no history. */
bool mbmc_sol_history_ring_get(const uint8_t **buf, size_t *size, const int **end);

/* Where lanserv sends instance 1's packets: its message record (address and session of the
 * console) and channel. NULL when the check has not passed or nothing is active. */
const msg_t *mbmc_sol_out_dest(channel_t **chan);

#endif
