/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sdr_records.c, sdr_repo.c, sensor_cmds.c: the repository walked like xCAT's rinv does
 * (info, reserve, each record's 5-byte header then the rest in pieces) and the sensors. */
#include "sdr_repo.h"
#include "sensor_cmds.h"
#include "sensors.h"
#include "unit.h"

static struct mbmc_sdr_repo repo;
static uint8_t rsp[36];           /* ipmi_sim's reply buffer for LAN */
static unsigned rlen;

#define CMD(cmd, ...) do { const uint8_t _r[] = { __VA_ARGS__ }; \
    rlen = mbmc_sdr_repo_handle(&repo, cmd, _r, sizeof(_r), rsp, sizeof(rsp), 1700000000u); } while (0)

static unsigned u16(const uint8_t *p) { return p[0] | (p[1] << 8); }

static void rinv_style_walk(void)
{
    mbmc_sdr_repo_init(&repo);
    CMD(0x20);
    CHECK_EQ_INT(rlen, 15);
    CHECK_EQ_INT(rsp[1], 0x51);
    CHECK_EQ_INT(u16(rsp + 2), MBMC_SDR_COUNT);
    CHECK_EQ_INT(rsp[14] & 0x02, 0x02);     /* reserve supported */
    CMD(0x22);
    unsigned res = u16(rsp + 1);
    unsigned id = 0, seen = 0;
    uint8_t types[8];
    while (id != 0xffff && seen < 8) {
        CMD(0x23, res & 0xff, res >> 8, id & 0xff, id >> 8, 0, 5);
        CHECK_EQ_INT(rsp[0], 0);
        if (rsp[0])
            return;
        unsigned next = u16(rsp + 1), len = rsp[3 + 4], got = 0;
        types[seen] = rsp[3 + 3];
        CHECK_EQ_INT(rsp[3 + 2], 0x51);
        uint8_t rec[80];
        while (got < len) {
            unsigned n = len - got > 16 ? 16 : len - got;
            CMD(0x23, res & 0xff, res >> 8, id & 0xff, id >> 8, (uint8_t)(5 + got), (uint8_t)n);
            CHECK_EQ_INT(rsp[0], 0);
            CHECK_EQ_INT(rlen, 3 + n);
            memcpy(rec + got, rsp + 3, n);
            got += n;
        }
        /* The ID string closes every record (type/length byte C0h + n). */
        CHECK(len > 0);
        id = next;
        seen++;
    }
    CHECK_EQ_INT(seen, MBMC_SDR_COUNT);
    CHECK_EQ_INT(types[0], 0x12);
    CHECK_EQ_INT(types[1], 0x11);
    CHECK_EQ_INT(types[2], 0x02);
    CHECK_EQ_INT(types[3], 0x03);
}

static void whole_record_reads_and_errors(void)
{
    mbmc_sdr_repo_init(&repo);
    uint32_t t = repo.built_at;
    mbmc_sdr_repo_init(&repo);
    CHECK_EQ_INT(repo.built_at, t);         /* a restart is no change for SDR caches */
    CMD(0x23, 0, 0, 0x02, 0x00, 0, 0xff);   /* FRU locator fits the LAN buffer */
    CHECK_EQ_INT(rsp[0], 0);
    CHECK_EQ_INT(rsp[3 + 3], 0x11);
    CHECK_EQ_INT(rsp[3 + 5], 0x20);         /* at the BMC */
    CHECK_EQ_INT(rsp[3 + 6], 0x00);         /* FRU 0 */
    CHECK_EQ_INT(rsp[3 + 7], 0x80);         /* logical */
    CHECK(!memcmp(rsp + 3 + 16, "System", 6));
    CMD(0x23, 0, 0, 0x03, 0x00, 0, 0xff);   /* the compact sensor does not */
    CHECK_EQ_INT(rsp[0], 0xCA);
    CMD(0x23, 0, 0, 0x03, 0x00, 5, 4);      /* partial read without reservation */
    CHECK_EQ_INT(rsp[0], 0xC5);
    CMD(0x23, 0, 0, 0x09, 0x00, 0, 5);
    CHECK_EQ_INT(rsp[0], 0xCB);
    CMD(0x27, 0, 0, 'C', 'L', 'R', 0xaa);   /* read-only */
    CHECK_EQ_INT(rsp[0], 0xC1);
    CMD(0x21);
    CHECK_EQ_INT(rsp[0], 0);
    CHECK_EQ_INT(rlen, 10);
}

static void acpi_sensor(void)
{
    struct mbmc_sensor_state st = { .acpi_offset = -1 };
    const uint8_t num = MBMC_SENSOR_ACPI_STATE;
    rlen = mbmc_sensor_handle(&st, 0x2d, &num, 1, rsp, sizeof(rsp));
    CHECK_EQ_INT(rlen, 5);
    CHECK_EQ_INT(rsp[2] & 0x20, 0x20);      /* unavailable until known */
    st.acpi_offset = MBMC_ACPI_S0_WORKING;
    rlen = mbmc_sensor_handle(&st, 0x2d, &num, 1, rsp, sizeof(rsp));
    CHECK_EQ_INT(rsp[2], 0xC0);
    CHECK_EQ_INT(rsp[3], 0x01);
    st.acpi_offset = MBMC_ACPI_S5_OVERRIDE;
    rlen = mbmc_sensor_handle(&st, 0x2d, &num, 1, rsp, sizeof(rsp));
    CHECK_EQ_INT(rsp[3], 0x00);
    CHECK_EQ_INT(rsp[4], 0x84);             /* bit 10 */
    rlen = mbmc_sensor_handle(&st, 0x2f, &num, 1, rsp, sizeof(rsp));
    CHECK_EQ_INT(rsp[1], 0x22);
    CHECK_EQ_INT(rsp[2], 0x6f);
    const uint8_t ev = MBMC_SENSOR_RESTART, none = 9;
    rlen = mbmc_sensor_handle(&st, 0x2d, &ev, 1, rsp, sizeof(rsp));
    CHECK_EQ_INT(rsp[0], 0xCB);             /* event-only: no reading */
    rlen = mbmc_sensor_handle(&st, 0x2d, &none, 1, rsp, sizeof(rsp));
    CHECK_EQ_INT(rsp[0], 0xCB);
    rlen = mbmc_sensor_handle(&st, 0x27, &num, 1, rsp, sizeof(rsp));
    CHECK_EQ_INT(rsp[0], 0xCD);             /* thresholds of a discrete sensor */
    rlen = mbmc_sensor_handle(&st, 0x2d, NULL, 0, rsp, sizeof(rsp));
    CHECK_EQ_INT(rsp[0], 0xC7);
}

int main(void)
{
    RUN(rinv_style_walk);
    RUN(whole_record_reads_and_errors);
    RUN(acpi_sensor);
    UNIT_EXIT();
}
