/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "solbridge_state.h"

#define BIT(s) (1u << (s))

static const char *const names[MBMC_SOLB_N_STATES] = {
    [MBMC_SOLB_IDLE] = "IDLE",           [MBMC_SOLB_RESOLVING] = "RESOLVING",
    [MBMC_SOLB_CHECKING] = "CHECKING",   [MBMC_SOLB_TICKET] = "TICKET",
    [MBMC_SOLB_TERMPROXY] = "TERMPROXY", [MBMC_SOLB_UPGRADING] = "UPGRADING",
    [MBMC_SOLB_LOGIN] = "LOGIN",         [MBMC_SOLB_ATTACHED] = "ATTACHED",
};

/* next[from]: the states `from` may move to. Every state but IDLE may fall back to IDLE
 * (an API error, a closed websocket, the share policy letting go, the VM stopped). */
static const unsigned next[MBMC_SOLB_N_STATES] = {
    [MBMC_SOLB_IDLE] = BIT(MBMC_SOLB_RESOLVING) | BIT(MBMC_SOLB_CHECKING),
    [MBMC_SOLB_RESOLVING] = BIT(MBMC_SOLB_CHECKING) | BIT(MBMC_SOLB_IDLE),
    /* The console user's ticket first when it is used and missing or due for renewal. */
    [MBMC_SOLB_CHECKING] = BIT(MBMC_SOLB_TICKET) | BIT(MBMC_SOLB_TERMPROXY) | BIT(MBMC_SOLB_IDLE),
    [MBMC_SOLB_TICKET] = BIT(MBMC_SOLB_TERMPROXY) | BIT(MBMC_SOLB_IDLE),
    [MBMC_SOLB_TERMPROXY] = BIT(MBMC_SOLB_UPGRADING) | BIT(MBMC_SOLB_IDLE),
    [MBMC_SOLB_UPGRADING] = BIT(MBMC_SOLB_LOGIN) | BIT(MBMC_SOLB_IDLE),
    [MBMC_SOLB_LOGIN] = BIT(MBMC_SOLB_ATTACHED) | BIT(MBMC_SOLB_IDLE),
    [MBMC_SOLB_ATTACHED] = BIT(MBMC_SOLB_IDLE),
};

static gboolean valid(MbmcSolBridgeState s)
{
    return (unsigned)s < MBMC_SOLB_N_STATES;
}

const char *mbmc_sol_bridge_state_name(MbmcSolBridgeState s)
{
    return valid(s) ? names[s] : "?";
}

gboolean mbmc_sol_bridge_transition_ok(MbmcSolBridgeState from, MbmcSolBridgeState to)
{
    return valid(from) && valid(to) && (next[from] & BIT(to)) != 0;
}
