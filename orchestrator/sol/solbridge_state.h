/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The states of one SOL bridge's connection to a Proxmox serial console, and which steps
 * between them are legal. Pure, so that the table is unit-tested (test_solbridge_state.c);
 * solbridge.c changes state only through its set_state(), which checks each step here and
 * logs it.
 *
 *   IDLE -> RESOLVING -> CHECKING -> [TICKET ->] TERMPROXY -> UPGRADING -> LOGIN -> ATTACHED
 *
 * IDLE -> CHECKING when the node is known already; CHECKING -> TERMPROXY when no console
 * ticket is needed; from every other state a failure, a release (share policy) or a stop goes
 * back to IDLE. */
#ifndef MBMC_SOLBRIDGE_STATE_H
#define MBMC_SOLBRIDGE_STATE_H

#include <glib.h>

typedef enum {
    MBMC_SOLB_IDLE,       /* not attached, nothing in flight */
    MBMC_SOLB_RESOLVING,  /* GET /cluster/resources: on which node is the VM? */
    MBMC_SOLB_CHECKING,   /* GET .../status/current: is there a serial line to attach to? */
    MBMC_SOLB_TICKET,     /* POST /access/ticket as the console user */
    MBMC_SOLB_TERMPROXY,  /* POST .../termproxy */
    MBMC_SOLB_UPGRADING,  /* websocket handshake (vncwebsocket) */
    MBMC_SOLB_LOGIN,      /* sent user:ticket, waiting for OK and qm terminal's banner */
    MBMC_SOLB_ATTACHED,   /* bytes flow between ipmi_sim and the VM's serial port */
    MBMC_SOLB_N_STATES
} MbmcSolBridgeState;

/* "IDLE", "RESOLVING", ...; "?" for a value outside the enum. */
const char *mbmc_sol_bridge_state_name(MbmcSolBridgeState s);
/* Whether the bridge may go from `from` to `to` (staying put is not a transition: FALSE). */
gboolean mbmc_sol_bridge_transition_ok(MbmcSolBridgeState from, MbmcSolBridgeState to);

#endif
