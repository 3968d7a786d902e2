/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sel_store.c: the SEL commands' bytes, reservations, overflow and the saved form. */
#include <stdlib.h>

#include "sel_store.h"
#include "unit.h"

static struct mbmc_sel_store s;
static uint8_t rsp[40];
static unsigned rlen;
static bool changed;
static int64_t now = 1700000000;

#define CMD(cmd, ...) do { const uint8_t _r[] = { __VA_ARGS__ }; \
    rlen = mbmc_sel_handle(&s, cmd, _r, sizeof(_r), rsp, sizeof(rsp), now, &changed); } while (0)
#define CMD0(cmd) do { rlen = mbmc_sel_handle(&s, cmd, NULL, 0, rsp, sizeof(rsp), now, &changed); } while (0)

static unsigned u16(const uint8_t *p) { return p[0] | (p[1] << 8); }
static uint32_t u32(const uint8_t *p) { return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24); }

static int add_event(uint8_t offset)
{
    uint8_t rec[16] = { 0, 0, 0x02, 0, 0, 0, 0, 0x20, 0, 0x04, 0x22, 0x01, 0x6f, offset, 0xff, 0xff };
    return mbmc_sel_add(&s, rec, now);
}

static unsigned reserve(void)
{
    CMD0(0x42);
    CHECK_EQ_INT(rsp[0], 0);
    return u16(rsp + 1);
}

static void info_and_entries(void)
{
    mbmc_sel_init(&s, 8);
    CMD0(0x40);
    CHECK_EQ_INT(rlen, 15);
    CHECK_EQ_INT(rsp[1], 0x51);
    CHECK_EQ_INT(u16(rsp + 2), 0);
    CHECK_EQ_INT(u16(rsp + 4), 8 * 16);
    CHECK_EQ_INT(rsp[14], 0x0b);            /* delete, reserve, allocation info */
    CHECK_EQ_INT(add_event(0x00), 1);
    now += 5;
    CHECK_EQ_INT(add_event(0x0a), 2);
    CMD0(0x40);
    CHECK_EQ_INT(u16(rsp + 2), 2);
    CHECK_EQ_INT(u32(rsp + 6), now);        /* last addition */
    /* First entry, whole record. */
    CMD(0x43, 0, 0, 0x00, 0x00, 0, 0xff);
    CHECK_EQ_INT(rlen, 19);
    CHECK_EQ_INT(u16(rsp + 1), 2);          /* next */
    CHECK_EQ_INT(u16(rsp + 3), 1);          /* its id */
    CHECK_EQ_INT(rsp[5], 0x02);
    CHECK_EQ_INT(u32(rsp + 6), now - 5);    /* time stamped by the BMC */
    CHECK_EQ_INT(rsp[16], 0x00);
    CMD(0x43, 0, 0, 0xff, 0xff, 0, 0xff);   /* last */
    CHECK_EQ_INT(u16(rsp + 1), 0xffff);
    CHECK_EQ_INT(rsp[16], 0x0a);
    CMD(0x43, 0, 0, 0x07, 0x00, 0, 0xff);
    CHECK_EQ_INT(rsp[0], 0xCB);
    /* A partial read needs the current reservation. */
    CMD(0x43, 0, 0, 0x01, 0x00, 8, 4);
    CHECK_EQ_INT(rsp[0], 0xC5);
    unsigned r = reserve();
    CMD(0x43, r & 0xff, r >> 8, 0x01, 0x00, 8, 4);
    CHECK_EQ_INT(rsp[0], 0);
    CHECK_EQ_INT(rlen, 7);
    CHECK_EQ_INT(rsp[3], 0x00);             /* byte 8: generator channel/LUN */
    CHECK_EQ_INT(rsp[4], 0x04);
    CMD(0x43, (r + 1) & 0xff, (r + 1) >> 8, 0x01, 0x00, 8, 4);
    CHECK_EQ_INT(rsp[0], 0xC5);
    CMD(0x43, 0, 0, 0x01, 0x00, 16, 1);
    CHECK_EQ_INT(rsp[0], 0xC5);
    mbmc_sel_free(&s);
}

static void overflow_and_clear(void)
{
    mbmc_sel_init(&s, 3);
    for (int i = 0; i < 3; i++)
        CHECK(add_event((uint8_t)i) > 0);
    CHECK_EQ_INT(add_event(7), -1);         /* full: dropped, not wrapped */
    CMD0(0x40);
    CHECK_EQ_INT(u16(rsp + 2), 3);
    CHECK_EQ_INT(u16(rsp + 4), 0);
    CHECK_EQ_INT(rsp[14] & 0x80, 0x80);     /* overflow */
    uint8_t rec[16] = { 0, 0, 0x02 };
    rlen = mbmc_sel_handle(&s, 0x44, rec, 16, rsp, sizeof(rsp), now, &changed);
    CHECK_EQ_INT(rsp[0], 0xC4);
    CMD(0x43, 0, 0, 0xff, 0xff, 0, 0xff);
    CHECK_EQ_INT(rsp[16], 2);               /* the oldest entries stay */
    /* Clear needs the reservation and "CLR". */
    CMD(0x47, 0, 0, 'C', 'L', 'R', 0xaa);
    CHECK_EQ_INT(rsp[0], 0xC5);
    unsigned r = reserve();
    CMD(0x47, r & 0xff, r >> 8, 'C', 'L', 'X', 0xaa);
    CHECK_EQ_INT(rsp[0], 0xCC);
    now += 10;
    CMD(0x47, r & 0xff, r >> 8, 'C', 'L', 'R', 0xaa);
    CHECK_EQ_INT(rsp[0], 0);
    CHECK_EQ_INT(rsp[1], 1);
    CHECK(changed);
    CMD0(0x40);
    CHECK_EQ_INT(u16(rsp + 2), 0);
    CHECK_EQ_INT(rsp[14] & 0x80, 0);
    CHECK_EQ_INT(u32(rsp + 10), now);       /* last erase */
    /* Clearing ends the reservation. */
    CMD(0x47, r & 0xff, r >> 8, 'C', 'L', 'R', 0x00);
    CHECK_EQ_INT(rsp[0], 0xC5);
    CHECK(add_event(1) > 0);
    mbmc_sel_free(&s);
}

static void add_delete_time(void)
{
    mbmc_sel_init(&s, 8);
    uint8_t rec[16] = { 0xaa, 0xbb, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };
    rlen = mbmc_sel_handle(&s, 0x44, rec, 16, rsp, sizeof(rsp), now, &changed);
    CHECK_EQ_INT(rsp[0], 0);
    unsigned id = u16(rsp + 1);
    CHECK(id != 0 && id != 0xffff);
    CMD(0x43, 0, 0, id & 0xff, id >> 8, 0, 0xff);
    CHECK_EQ_INT(rsp[5], 0xe0);
    CHECK_EQ_INT(rsp[6], 1);                /* OEM non-timestamped: kept as sent */
    unsigned r = reserve();
    CMD(0x46, r & 0xff, r >> 8, id & 0xff, id >> 8);
    CHECK_EQ_INT(rsp[0], 0);
    CHECK_EQ_INT(u16(rsp + 1), id);
    CMD(0x46, r & 0xff, r >> 8, id & 0xff, id >> 8);
    CHECK_EQ_INT(rsp[0], 0xCB);
    CMD(0x49, 0x00, 0x00, 0x00, 0x10);      /* Set SEL Time 0x10000000 */
    CHECK_EQ_INT(rsp[0], 0);
    now += 3;
    CMD0(0x48);
    CHECK_EQ_INT(u32(rsp + 1), 0x10000003u);
    CMD0(0x45);
    CHECK_EQ_INT(rsp[0], 0xC1);             /* partial add: not offered */
    mbmc_sel_free(&s);
}

static void saved_form_round_trips(void)
{
    mbmc_sel_init(&s, 4);
    add_event(0x05);
    add_event(0x0a);
    s.overflow = true;
    char *text = mbmc_sel_serialize(&s);
    CHECK(text != NULL);
    struct mbmc_sel_store t;
    mbmc_sel_init(&t, 4);
    char err[100];
    CHECK_EQ_INT(mbmc_sel_deserialize(&t, text, err, sizeof(err)), 0);
    CHECK_EQ_INT(t.count, 2);
    CHECK(t.overflow);
    CHECK_EQ_INT(t.next_id, s.next_id);
    CHECK_MEM(t.rec[1], s.rec[1], 16);
    CHECK_EQ_INT(mbmc_sel_deserialize(&t, "garbage", err, sizeof(err)), -1);
    CHECK_EQ_INT(t.count, 0);
    CHECK_EQ_INT(mbmc_sel_deserialize(&t, "# multibmc SEL v1\nrec=12\n", err, sizeof(err)), -1);
    CHECK(strstr(err, "32 hex") != NULL);
    free(text);
    mbmc_sel_free(&t);
    mbmc_sel_free(&s);
}

int main(void)
{
    RUN(info_and_entries);
    RUN(overflow_and_clear);
    RUN(add_delete_time);
    RUN(saved_form_round_trips);
    UNIT_EXIT();
}
