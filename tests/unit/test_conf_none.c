/* SPDX-License-Identifier: GPL-2.0-or-later */
/* conf_none.c against the real libIPMIlanserv: a packet with the "encrypted" bit on a
 * session without confidentiality (as lanserv sets one up for suite 1: conf 0, confh =
 * confs[0]) is handed to ipmi_handle_lan_msg(). Stock lanserv calls through the NULL
 * confs[0] (this test then dies of SIGSEGV); with the handler it is dropped and logged.
 * get_lanserv_version() normally comes from ipmi_sim; here the test provides it. */
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include <OpenIPMI/ipmi_auth.h>
#include <OpenIPMI/lanserv.h>

#include "conf_none.h"
#include "lanserv_guard.h"
#include "sim_abi.h"
#include "unit.h"

const char *get_lanserv_version(void) { return MBMC_LANSERV_VERSION; }

static char last_line[256];
static int lines;

static void __attribute__((format(printf, 4, 5)))
recording_log(sys_data_t *sys, int type, msg_t *msg, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsnprintf(last_line, sizeof(last_line), format, ap);
    va_end(ap);
    lines++;
}

static sys_data_t sys = { .log = recording_log };
static lanserv_data_t lan;
static struct mbmc_lanserv ls;
static struct sockaddr_in from = { .sin_family = AF_INET };

#define SID ((5u << 7) | (1u << 1))     /* lanserv's form: sequence 5, slot 1 */

/* Slot 1 as lanserv's Open Session leaves it for a suite without confidentiality. */
static void open_plain_session(unsigned integ)
{
    session_t *s = &lan.sessions[1];
    memset(s, 0, sizeof(*s));
    s->active = 1;
    s->in_startup = 1;
    s->handle = 1;
    s->sid = SID;
    s->authtype = IPMI_AUTHTYPE_RMCP_PLUS;
#if !MBMC_LANSERV_FLAVOUR_B
    s->rmcpplus = 1;
#endif
    s->recv_seq = s->unauth_recv_seq = 1;
    s->integ = integ;
    s->integh = ls.integs[integ];
    s->conf = 0;
    s->confh = ls.confs[0];
}

static void send_payload(uint8_t flags)
{
    uint8_t pkt[16 + 32] = {0x06, 0x00, 0xff, 0x07, IPMI_AUTHTYPE_RMCP_PLUS, flags};
    pkt[6] = (uint8_t)SID;
    pkt[7] = (uint8_t)(SID >> 8);
    pkt[10] = 1;                /* session sequence 1 */
    pkt[14] = 32;               /* payload length */
    pkt[16] = 0x20;             /* an IPMI header with a wrong checksum: lanserv stops there */
    last_line[0] = 0;
    lines = 0;
    ipmi_handle_lan_msg(&lan, pkt, sizeof(pkt), &from, sizeof(from));
}

static void setup(void)
{
    char err[256];
    if (mbmc_lanserv_guard(&ls, err, sizeof(err))) {
        fprintf(stderr, "  guard: %s\n", err);
        return;
    }
#if MBMC_LANSERV_FLAVOUR_B
    lan.sys = &sys;
#else
    lan.sysinfo = &sys;
#endif
    mbmc_conf_none_install(&ls);
}

static void installed_in_slot_0(void)
{
    CHECK(ls.confs != NULL && ls.confs[0] != NULL);
    CHECK(ls.confs[1] != NULL && ls.confs[1] != ls.confs[0]);     /* AES-CBC-128 untouched */
}

static void encrypted_packet_on_plain_session_dropped(void)
{
    open_plain_session(0);      /* suite 1: RAKP-HMAC-SHA1, no integrity, no confidentiality */
    send_payload(0x80);         /* IPMI payload, "encrypted" */
    CHECK_EQ_INT(lines, 1);
    CHECK_EQ_STR(last_line, "LAN msg failure: Message decryption failed");
    CHECK(lan.sessions[1].active);
}

static void unencrypted_packet_still_reaches_payload_check(void)
{
    open_plain_session(0);
    send_payload(0x00);         /* passes decryption and reaches the IPMI payload */
    CHECK_EQ_STR(last_line, "LAN msg failure: Checksum 1 failed");
}

int main(void)
{
    setup();
    RUN(installed_in_slot_0);
    RUN(encrypted_packet_on_plain_session_dropped);
    RUN(unencrypted_packet_still_reaches_payload_check);
    UNIT_EXIT();
}
