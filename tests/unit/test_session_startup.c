/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The half-open session clamp on a session table laid out as lanserv's. */
#include "session_startup.h"
#include "unit.h"

/* session_startup.c wraps lanserv handlers; the unit test only drives the pure clamp. */

static void clamps_only_sessions_in_handshake(void)
{
    session_t s[4];
    memset(s, 0, sizeof(s));
    s[0].active = 1; s[0].in_startup = 1; s[0].time_left = 30;   /* half-open: clamped */
    s[1].active = 1; s[1].in_startup = 0; s[1].time_left = 30;   /* logged in: untouched */
    s[2].active = 0; s[2].in_startup = 1; s[2].time_left = 30;   /* free slot: untouched */
    s[3].active = 1; s[3].in_startup = 1; s[3].time_left = 2;    /* already shorter */
    CHECK_EQ_INT(mbmc_session_startup_clamp(s, 4, MBMC_SESSION_STARTUP_SECONDS), 1);
    CHECK_EQ_INT(s[0].time_left, MBMC_SESSION_STARTUP_SECONDS);
    CHECK_EQ_INT(s[1].time_left, 30);
    CHECK_EQ_INT(s[2].time_left, 30);
    CHECK_EQ_INT(s[3].time_left, 2);
}

int main(void)
{
    RUN(clamps_only_sessions_in_handshake);
    UNIT_EXIT();
}
