/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SOL bridge's transition table (orchestrator/sol/solbridge_state.c): exactly the steps
 * written down below are legal, every state is reachable from IDLE and can fall back to it,
 * and nothing reaches ATTACHED but a login. */
#include "solbridge_state.h"
#include "unit.h"

#define N MBMC_SOLB_N_STATES

/* The contract, written out independently of the table: row = from, column = to, in enum
 * order (IDLE RESOLVING CHECKING TICKET TERMPROXY UPGRADING LOGIN ATTACHED). */
static const char *const expected[N] = {
    /*            I R C T P U L A */
    [MBMC_SOLB_IDLE] =      ".xx.....",
    [MBMC_SOLB_RESOLVING] = "x.x.....",
    [MBMC_SOLB_CHECKING] =  "x..xx...",
    [MBMC_SOLB_TICKET] =    "x...x...",
    [MBMC_SOLB_TERMPROXY] = "x....x..",
    [MBMC_SOLB_UPGRADING] = "x.....x.",
    [MBMC_SOLB_LOGIN] =     "x......x",
    [MBMC_SOLB_ATTACHED] =  "x.......",
};

static void table_is_the_contract(void)
{
    for (int from = 0; from < N; from++) {
        CHECK_EQ_INT(strlen(expected[from]), N);
        for (int to = 0; to < N; to++) {
            gboolean want = expected[from][to] == 'x';
            if (mbmc_sol_bridge_transition_ok(from, to) != want) {
                fprintf(stderr, "  %s -> %s: table says %s, contract %s\n",
                        mbmc_sol_bridge_state_name(from), mbmc_sol_bridge_state_name(to),
                        want ? "no" : "yes", want ? "yes" : "no");
                unit_case_failed = 1;
            }
        }
    }
}

static void staying_put_is_no_transition(void)
{
    for (int s = 0; s < N; s++)
        CHECK(!mbmc_sol_bridge_transition_ok(s, s));
}

/* A failure, a stop or the share policy's release may strike in any state. */
static void every_state_falls_back_to_idle(void)
{
    for (int s = MBMC_SOLB_IDLE + 1; s < N; s++)
        CHECK(mbmc_sol_bridge_transition_ok(s, MBMC_SOLB_IDLE));
}

static void every_state_reachable_from_idle(void)
{
    gboolean seen[N] = { [MBMC_SOLB_IDLE] = TRUE };
    for (gboolean grew = TRUE; grew;) {
        grew = FALSE;
        for (int from = 0; from < N; from++)
            for (int to = 0; to < N; to++)
                if (seen[from] && !seen[to] && mbmc_sol_bridge_transition_ok(from, to))
                    seen[to] = grew = TRUE;
    }
    for (int s = 0; s < N; s++)
        if (!seen[s]) {
            fprintf(stderr, "  %s cannot be reached\n", mbmc_sol_bridge_state_name(s));
            unit_case_failed = 1;
        }
}

/* Bytes are the guest's only after termproxy's OK and banner: ATTACHED only from LOGIN. */
static void attached_only_after_login(void)
{
    for (int s = 0; s < N; s++)
        CHECK_EQ_INT(mbmc_sol_bridge_transition_ok(s, MBMC_SOLB_ATTACHED), s == MBMC_SOLB_LOGIN);
}

static gboolean walk(const MbmcSolBridgeState *path, int n)
{
    for (int i = 1; i < n; i++)
        if (!mbmc_sol_bridge_transition_ok(path[i - 1], path[i]))
            return FALSE;
    return TRUE;
}

static void the_bridge_paths_are_walks(void)
{
    /* First attach with the API token. */
    const MbmcSolBridgeState token[] = { MBMC_SOLB_IDLE, MBMC_SOLB_RESOLVING, MBMC_SOLB_CHECKING,
                                         MBMC_SOLB_TERMPROXY, MBMC_SOLB_UPGRADING, MBMC_SOLB_LOGIN,
                                         MBMC_SOLB_ATTACHED, MBMC_SOLB_IDLE };
    CHECK(walk(token, G_N_ELEMENTS(token)));
    /* Reattach on a known node with the console user's ticket (old Proxmox). */
    const MbmcSolBridgeState ticket[] = { MBMC_SOLB_IDLE, MBMC_SOLB_CHECKING, MBMC_SOLB_TICKET,
                                          MBMC_SOLB_TERMPROXY, MBMC_SOLB_UPGRADING, MBMC_SOLB_LOGIN,
                                          MBMC_SOLB_ATTACHED };
    CHECK(walk(ticket, G_N_ELEMENTS(ticket)));
    /* Skipping the websocket handshake or the status check is not a path. */
    const MbmcSolBridgeState skip_ws[] = { MBMC_SOLB_TERMPROXY, MBMC_SOLB_LOGIN };
    CHECK(!walk(skip_ws, G_N_ELEMENTS(skip_ws)));
    const MbmcSolBridgeState skip_check[] = { MBMC_SOLB_RESOLVING, MBMC_SOLB_TERMPROXY };
    CHECK(!walk(skip_check, G_N_ELEMENTS(skip_check)));
}

static void names_unique_and_out_of_range_refused(void)
{
    for (int a = 0; a < N; a++) {
        const char *na = mbmc_sol_bridge_state_name(a);
        CHECK(na && *na && strcmp(na, "?") != 0);
        for (int b = a + 1; b < N; b++)
            CHECK(strcmp(na, mbmc_sol_bridge_state_name(b)) != 0);
    }
    CHECK_EQ_STR(mbmc_sol_bridge_state_name(N), "?");
    CHECK_EQ_STR(mbmc_sol_bridge_state_name((MbmcSolBridgeState)-1), "?");
    CHECK(!mbmc_sol_bridge_transition_ok(MBMC_SOLB_IDLE, N));
    CHECK(!mbmc_sol_bridge_transition_ok(N, MBMC_SOLB_IDLE));
    CHECK(!mbmc_sol_bridge_transition_ok((MbmcSolBridgeState)-1, MBMC_SOLB_IDLE));
}

int main(void)
{
    RUN(table_is_the_contract);
    RUN(staying_put_is_no_transition);
    RUN(every_state_falls_back_to_idle);
    RUN(every_state_reachable_from_idle);
    RUN(attached_only_after_login);
    RUN(the_bridge_paths_are_walks);
    RUN(names_unique_and_out_of_range_refused);
    UNIT_EXIT();
}
