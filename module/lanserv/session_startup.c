/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See session_startup.h. lanserv resets a session's time_left to its idle timeout on every
 * handshake message, so the clamp runs after each of them; ipmi_lan_tick then closes an
 * expired half-open session the normal way (close_session), freeing its slot. */
#include "session_startup.h"

#include "lanserv_guard.h"

static ipmi_payload_handler_cb orig_open_session, orig_rakp1, orig_rakp3;

unsigned mbmc_session_startup_clamp(session_t *sessions, unsigned count, unsigned limit)
{
    unsigned n = 0;
    for (unsigned i = 0; i < count; i++) {
        session_t *s = &sessions[i];
        if (s->active && s->in_startup && s->time_left > limit) {
            s->time_left = limit;
            n++;
        }
    }
    return n;
}

static void clamp(lanserv_data_t *lan)
{
    /* Slot 0 is unused by lanserv; sessions live in 1..MAX_SESSIONS. */
    mbmc_session_startup_clamp(&lan->sessions[1], MAX_SESSIONS, MBMC_SESSION_STARTUP_SECONDS);
}

static void open_session(lanserv_data_t *lan, msg_t *msg)
{
    orig_open_session(lan, msg);
    clamp(lan);
}

static void rakp1(lanserv_data_t *lan, msg_t *msg)
{
    orig_rakp1(lan, msg);
    clamp(lan);
}

static void rakp3(lanserv_data_t *lan, msg_t *msg)
{
    orig_rakp3(lan, msg);
    clamp(lan);
}

void mbmc_session_startup_install(struct mbmc_lanserv *ls)
{
    if (orig_open_session)
        return;
    orig_open_session = ls->payload_handlers[MBMC_PAYLOAD_OPEN_SESSION];
    ls->payload_handlers[MBMC_PAYLOAD_OPEN_SESSION] = open_session;
    orig_rakp1 = ls->payload_handlers[MBMC_PAYLOAD_RAKP1];
    ls->payload_handlers[MBMC_PAYLOAD_RAKP1] = rakp1;
    orig_rakp3 = ls->payload_handlers[MBMC_PAYLOAD_RAKP3];
    ls->payload_handlers[MBMC_PAYLOAD_RAKP3] = rakp3;
}
