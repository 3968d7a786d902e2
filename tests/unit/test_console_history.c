/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The console history's pure parts and its file: the history buffer fed from lanserv's ring,
 * the file (tail on load, atomic 0600 replace, errors), and the SOL replay
 * (sequence numbers, acknowledgements, partial ACK, NACK, resends, typed characters). */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history_file.h"
#include "history_buf.h"
#include "sol_replay.h"
#include "unit.h"

static void append_keeps_the_last_cap_bytes(void)
{
    uint8_t h[8];
    size_t len = 0;
    mbmc_history_append(h, &len, 8, (const uint8_t *)"abcdef", 6);
    CHECK_EQ_INT(len, 6);
    mbmc_history_append(h, &len, 8, (const uint8_t *)"XYZ", 3);
    CHECK_EQ_INT(len, 8);
    CHECK_MEM(h, "bcdefXYZ", 8);                   /* the oldest byte went */
    mbmc_history_append(h, &len, 8, (const uint8_t *)"0123456789", 10);
    CHECK_EQ_INT(len, 8);
    CHECK_MEM(h, "23456789", 8);                   /* more than fits: its tail */
    mbmc_history_append(h, &len, 8, NULL, 0);
    CHECK_EQ_INT(len, 8);
}

static void take_ring_follows_the_end_index(void)
{
    /* A ring of 8 as lanserv fills it: first byte at index 1, then on, wrapping to 0. */
    const uint8_t ring[8] = {'h', 'a', 'b', 'c', 'd', 'e', 'f', 'g'};
    uint8_t h[16];
    size_t len = 0;
    CHECK_EQ_INT(mbmc_history_take_ring(h, &len, 16, ring, 8, 0, 3), 3);   /* 1..3 */
    CHECK_MEM(h, "abc", 3);
    CHECK_EQ_INT(mbmc_history_take_ring(h, &len, 16, ring, 8, 3, 3), 0);   /* nothing new */
    CHECK_EQ_INT(mbmc_history_take_ring(h, &len, 16, ring, 8, 3, 0), 5);   /* 4..7, then 0 */
    CHECK_EQ_INT(len, 8);
    CHECK_MEM(h, "abcdefgh", 8);
    CHECK_EQ_INT(mbmc_history_take_ring(h, &len, 16, ring, 8, 7, 2), 3);   /* 0..2 */
    CHECK_MEM(h + 8, "hab", 3);
    CHECK_EQ_INT(mbmc_history_take_ring(h, &len, 16, ring, 8, 9, 2), 0);   /* out of range */
    CHECK_EQ_INT(mbmc_history_take_ring(h, &len, 16, ring, 0, 0, 0), 0);
}

static char dir[] = "/tmp/mbmc-unit-history.XXXXXX";

static void file_round_trip_tail_and_mode(void)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/console-history", dir);
    uint8_t *b;
    size_t n;
    CHECK_EQ_INT(mbmc_history_file_load(path, 100, &b, &n), 0);       /* none yet: empty */
    CHECK(b == NULL);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(mbmc_history_file_save(path, (const uint8_t *)"SeaBIOS\r\nboot", 13), 0);
    struct stat st;
    CHECK_EQ_INT(stat(path, &st), 0);
    CHECK_EQ_INT(st.st_mode & 0777, 0600);
    CHECK_EQ_INT(mbmc_history_file_load(path, 100, &b, &n), 0);
    CHECK_EQ_INT(n, 13);
    CHECK_MEM(b, "SeaBIOS\r\nboot", 13);
    free(b);
    CHECK_EQ_INT(mbmc_history_file_load(path, 4, &b, &n), 0);         /* larger than cap: tail */
    CHECK_EQ_INT(n, 4);
    CHECK_MEM(b, "boot", 4);
    free(b);
    char tmp[300];
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    CHECK(access(tmp, F_OK) != 0);                 /* the temporary file is gone */
    unlink(path);
}

static void file_errors_reported_not_fatal(void)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/no-such-dir/console-history", dir);
    CHECK_EQ_INT(mbmc_history_file_save(path, (const uint8_t *)"x", 1), ENOENT);
    uint8_t *b;
    size_t n;
    CHECK_EQ_INT(mbmc_history_file_load(dir, 10, &b, &n), EINVAL);     /* a directory */
    CHECK(b == NULL);
}

/* The console's side: what ipmitool sends back. */
static size_t ack(uint8_t *p, uint8_t seq, uint8_t count, bool nack)
{
    p[0] = 0;
    p[1] = seq;
    p[2] = count;
    p[3] = nack ? 0x40 : 0;
    return 4;
}

static void replay_sends_everything_in_order(void)
{
    uint8_t data[600];
    for (unsigned i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)i;
    struct mbmc_sol_replay r;
    mbmc_sol_replay_start(&r, data, sizeof(data));
    uint8_t pkt[4 + MBMC_SOL_REPLAY_CHUNK], in[8];
    uint8_t got[600];
    size_t total = 0;
    for (unsigned k = 0; k < 3; k++) {
        size_t n = mbmc_sol_replay_packet(&r, pkt);
        CHECK_EQ_INT(pkt[0], k + 1);                  /* sequence 1, 2, 3 */
        CHECK(n > 4 && n <= 4 + MBMC_SOL_REPLAY_CHUNK);
        memcpy(got + total, pkt + 4, n - 4);
        total += n - 4;
        CHECK(mbmc_sol_replay_waiting(&r));
        CHECK_EQ_INT(mbmc_sol_replay_packet(&r, pkt), 0);   /* one packet in flight */
        CHECK(mbmc_sol_replay_input(&r, in, ack(in, pkt[0], (uint8_t)(n - 4), false)));
    }
    CHECK_EQ_INT(total, sizeof(data));
    CHECK_MEM(got, data, sizeof(data));
    CHECK(mbmc_sol_replay_done(&r));
    CHECK_EQ_INT(mbmc_sol_replay_packet(&r, pkt), 0);
}

static void sequence_wraps_after_15(void)
{
    uint8_t data[20 * MBMC_SOL_REPLAY_CHUNK] = {0};
    struct mbmc_sol_replay r;
    mbmc_sol_replay_start(&r, data, sizeof(data));
    uint8_t pkt[4 + MBMC_SOL_REPLAY_CHUNK], in[8];
    for (unsigned k = 0; k < 20; k++) {
        mbmc_sol_replay_packet(&r, pkt);
        CHECK_EQ_INT(pkt[0], k % 15 + 1);             /* never 0: 0 means "only an ACK" */
        mbmc_sol_replay_input(&r, in, ack(in, pkt[0], MBMC_SOL_REPLAY_CHUNK, false));
    }
    CHECK(mbmc_sol_replay_done(&r));
}

static void resend_until_acked_then_wait(void)
{
    const uint8_t data[] = "history";
    struct mbmc_sol_replay r;
    mbmc_sol_replay_start(&r, data, 7);
    uint8_t pkt[4 + MBMC_SOL_REPLAY_CHUNK], in[8];
    mbmc_sol_replay_packet(&r, pkt);
    uint8_t seq = pkt[0];
    CHECK(!mbmc_sol_replay_input(&r, in, ack(in, (uint8_t)(seq % 15 + 1), 7, false)));  /* stale */
    for (unsigned i = 1; i < MBMC_SOL_REPLAY_TRIES; i++) {
        CHECK(mbmc_sol_replay_timeout(&r));
        CHECK_EQ_INT(mbmc_sol_replay_packet(&r, pkt), 4 + 7);
        CHECK_EQ_INT(pkt[0], seq);                    /* the same packet again */
    }
    CHECK(!mbmc_sol_replay_timeout(&r));              /* gone quiet: stop sending */
    CHECK(mbmc_sol_replay_input(&r, in, ack(in, seq, 7, false)));   /* a late ACK resumes */
    CHECK(mbmc_sol_replay_done(&r));
}

static void partial_ack_and_nack(void)
{
    const uint8_t data[] = "0123456789";
    struct mbmc_sol_replay r;
    mbmc_sol_replay_start(&r, data, 10);
    uint8_t pkt[4 + MBMC_SOL_REPLAY_CHUNK], in[8];
    mbmc_sol_replay_packet(&r, pkt);
    CHECK(!mbmc_sol_replay_input(&r, in, ack(in, pkt[0], 0, true)));    /* NACK: pause */
    CHECK_EQ_INT(mbmc_sol_replay_packet(&r, pkt), 0);                   /* nothing until... */
    CHECK(mbmc_sol_replay_timeout(&r));                                 /* ...the timer */
    CHECK_EQ_INT(mbmc_sol_replay_packet(&r, pkt), 14);
    CHECK(mbmc_sol_replay_input(&r, in, ack(in, pkt[0], 4, false)));    /* 4 of 10 taken */
    size_t n = mbmc_sol_replay_packet(&r, pkt);
    CHECK_EQ_INT(n, 4 + 6);
    CHECK_MEM(pkt + 4, "456789", 6);                  /* the rest, in a new packet */
    mbmc_sol_replay_input(&r, in, ack(in, pkt[0], 6, false));
    CHECK(mbmc_sol_replay_done(&r));
}

static void typed_characters_are_acknowledged(void)
{
    const uint8_t data[] = "log";
    struct mbmc_sol_replay r;
    mbmc_sol_replay_start(&r, data, 3);
    uint8_t pkt[4 + MBMC_SOL_REPLAY_CHUNK];
    mbmc_sol_replay_packet(&r, pkt);
    uint8_t seq = pkt[0];
    const uint8_t typed[] = {5, 0, 0, 0, 'l', 's', '\r'};   /* console packet 5, 3 chars */
    CHECK(mbmc_sol_replay_input(&r, typed, sizeof(typed)));
    CHECK_EQ_INT(mbmc_sol_replay_packet(&r, pkt), 4);       /* a bare ACK, no resend */
    CHECK_EQ_INT(pkt[0], 0);
    CHECK_EQ_INT(pkt[1], 5);
    CHECK_EQ_INT(pkt[2], 3);                                /* all accepted (and dropped) */
    CHECK(mbmc_sol_replay_waiting(&r));                     /* our packet still awaits its ACK */
    uint8_t in[8];
    mbmc_sol_replay_input(&r, in, ack(in, seq, 3, false));
    CHECK(mbmc_sol_replay_done(&r));
    CHECK(!mbmc_sol_replay_input(&r, typed, 3));            /* short packet ignored */
}

static void empty_history_sends_nothing(void)
{
    struct mbmc_sol_replay r;
    mbmc_sol_replay_start(&r, NULL, 0);
    uint8_t pkt[4 + MBMC_SOL_REPLAY_CHUNK];
    CHECK_EQ_INT(mbmc_sol_replay_packet(&r, pkt), 0);
    CHECK(mbmc_sol_replay_done(&r));
    CHECK(!mbmc_sol_replay_timeout(&r));
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(append_keeps_the_last_cap_bytes);
    RUN(take_ring_follows_the_end_index);
    RUN(file_round_trip_tail_and_mode);
    RUN(file_errors_reported_not_fatal);
    RUN(replay_sends_everything_in_order);
    RUN(sequence_wraps_after_15);
    RUN(resend_until_acked_then_wait);
    RUN(partial_ack_and_nack);
    RUN(typed_characters_are_acknowledged);
    RUN(empty_history_sends_nothing);
    rmdir(dir);
    UNIT_EXIT();
}
