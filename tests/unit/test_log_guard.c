/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log_guard.c against the real libIPMIlanserv: ipmi_handle_lan_msg() is given a 4-byte
 * datagram and one whose RMCP sequence is not ff, right after the stack below it was
 * filled with a pattern (as a timer's log leaves it in ipmi_sim). lanserv 2.0.33 then
 * hands the log a message whose data and length are that pattern; ipmi_sim's log reads
 * them and dies. With the guard the log gets no data. The log here only records what it
 * was given, so the test itself never reads the bad pointer. */
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <OpenIPMI/lanserv.h>
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#else
#define VALGRIND_MAKE_MEM_DEFINED(addr, len) ((void)(addr), (void)(len))
#endif

#include "log_guard.h"
#include "sim_abi.h"
#include "unit.h"

#define DIRT 0xa5

static struct {
    int calls;
    const msg_t *msg;
    const unsigned char *data;
    unsigned len;
    char text[2048];
} seen;

static void __attribute__((format(printf, 4, 5)))
recording_log(sys_data_t *sys, int type, msg_t *msg, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsnprintf(seen.text, sizeof(seen.text), format, ap);
    va_end(ap);
    seen.calls++;
    seen.msg = msg;
    seen.data = msg ? msg->data : NULL;
    seen.len = msg ? msg->len : 0;
    /* Under valgrind stock lanserv's unset data and length are undefined (valgrind sees the
     * bug too); the stock case compares them with the pattern on purpose. */
    VALGRIND_MAKE_MEM_DEFINED(&seen.data, sizeof(seen.data));
    VALGRIND_MAKE_MEM_DEFINED(&seen.len, sizeof(seen.len));
}

static sys_data_t sys;
static lanserv_data_t lan;
static struct sockaddr_in from = { .sin_family = AF_INET };

/* Leave the pattern where the next call at this depth keeps its locals. */
static void __attribute__((noinline, no_sanitize_address)) dirty_stack(void)
{
    unsigned char junk[8192];
    memset(junk, DIRT, sizeof(junk));
    __asm__ volatile("" : : "r"(junk) : "memory");
}

/* ipmi_handle_lan_msg() right after dirty_stack(), at the same stack depth. */
static void __attribute__((noinline)) receive(uint8_t *pkt, int len)
{
    memset(&seen, 0, sizeof(seen));
    dirty_stack();
    ipmi_handle_lan_msg(&lan, pkt, len, &from, sizeof(from));
}

/* What the log was given may be read: no data, or data inside the datagram. */
static int readable(const uint8_t *pkt, int len)
{
    uintptr_t d = (uintptr_t)seen.data, p = (uintptr_t)pkt;
    return seen.len == 0 || (d >= p && seen.len <= (unsigned)len && d - p <= (unsigned)len - seen.len);
}

static void setup(void)
{
    sys.log = recording_log;
#if MBMC_LANSERV_FLAVOUR_B
    lan.sys = &sys;
#else
    lan.sysinfo = &sys;
#endif
    /* Bind the library call now: a lazy first binding would use, and so clean, the stack. */
    uint8_t ping[4] = {0x06, 0x00, 0xff, 0x07};
    ipmi_handle_lan_msg(&lan, ping, sizeof(ping), &from, sizeof(from));
}

/* Without the guard: proof that the test reaches the bug (2.0.33) or that the library
 * has the upstream fix (flavour B, 2.0.37). Either way the test can tell them apart. */
static void stock_lanserv_message_without_data(void)
{
    uint8_t pkt[4] = {0x06, 0x00, 0xff, 0x07};
    receive(pkt, sizeof(pkt));
    CHECK_EQ_INT(seen.calls, 1);
    CHECK_EQ_STR(seen.text, "LAN msg failure: message too short");
#if MBMC_LANSERV_FLAVOUR_B
    CHECK(readable(pkt, sizeof(pkt)));
#else
    /* The unset data and length are the pattern: ipmi_sim's log would read them. */
    CHECK_EQ_INT(seen.len, 0xa5a5a5a5u);
    CHECK(!readable(pkt, sizeof(pkt)));
#endif
}

static void short_datagram_logged_without_data(void)
{
    uint8_t pkt[4] = {0x06, 0x00, 0xff, 0x07};
    mbmc_log_guard_install(&sys);
    receive(pkt, sizeof(pkt));
    CHECK_EQ_INT(seen.calls, 1);
    CHECK_EQ_STR(seen.text, "LAN msg failure: message too short");
    CHECK(readable(pkt, sizeof(pkt)));
}

static void bad_sequence_logged_without_data(void)
{
    uint8_t pkt[6] = {0x06, 0x00, 0xfe, 0x07, 0x06, 0x00};
    receive(pkt, sizeof(pkt));
    CHECK_EQ_INT(seen.calls, 1);
    CHECK_EQ_STR(seen.text, "LAN msg failure: seq not ff");
    CHECK(readable(pkt, sizeof(pkt)));
}

/* Every other line reaches ipmi_sim as it was, with its message untouched. */
static void other_lines_unchanged(void)
{
    unsigned char data[3] = {1, 2, 3};
    msg_t msg = { .data = data, .len = sizeof(data) };
    memset(&seen, 0, sizeof(seen));
    sys.log(&sys, INFO, &msg, "session %d of %s", 7, "admin");
    CHECK_EQ_STR(seen.text, "session 7 of admin");
    CHECK(seen.msg == &msg);
    CHECK(seen.data == data && seen.len == 3);

    char long_name[1200];
    memset(long_name, 'x', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = 0;
    sys.log(&sys, INFO, NULL, "user %s.", long_name);
    CHECK_EQ_INT(strlen(seen.text), strlen("user .") + sizeof(long_name) - 1);
    CHECK(seen.msg == NULL);
}

static void installed_once(void)
{
    void (*guarded)(sys_data_t *, int, msg_t *, const char *, ...) = sys.log;
    mbmc_log_guard_install(&sys);
    CHECK(sys.log == guarded);
    memset(&seen, 0, sizeof(seen));
    sys.log(&sys, INFO, NULL, "once");
    CHECK_EQ_INT(seen.calls, 1);
}

static void format_names(void)
{
    CHECK(mbmc_log_msg_unset("LAN msg failure: message too short"));
    CHECK(mbmc_log_msg_unset("LAN msg failure: seq not ff"));
    CHECK(!mbmc_log_msg_unset("LAN msg failure: Length field invalid"));
    CHECK(!mbmc_log_msg_unset(NULL));
}

int main(void)
{
    setup();
    RUN(stock_lanserv_message_without_data);
    RUN(short_datagram_logged_without_data);
    RUN(bad_sequence_logged_without_data);
    RUN(other_lines_unchanged);
    RUN(installed_once);
    RUN(format_names);
    UNIT_EXIT();
}
