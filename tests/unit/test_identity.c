/* SPDX-License-Identifier: GPL-2.0-or-later */
/* uuid.c, fru_image.c, sysinfo.c: the bytes of the VM's identity. */
#include <stdlib.h>

#include "fru_image.h"
#include "sysinfo.h"
#include "unit.h"
#include "uuid.h"

static void uuid_round_trip_and_ipmi_order(void)
{
    uint8_t u[16], g[16];
    CHECK_EQ_INT(mbmc_uuid_parse(" 8C6F0A12-3B4D-4E5F-9A6B-7C8D9E0F1A2B\n", u), 0);
    char text[37];
    mbmc_uuid_format(u, text);
    CHECK_EQ_STR(text, "8c6f0a12-3b4d-4e5f-9a6b-7c8d9e0f1a2b");
    mbmc_uuid_to_ipmi(u, g);
    /* IPMI sends every field least significant byte first: node first, time_low last. */
    const uint8_t want[16] = { 0x2b, 0x1a, 0x0f, 0x9e, 0x8d, 0x7c, 0x6b, 0x9a,
                               0x5f, 0x4e, 0x4d, 0x3b, 0x12, 0x0a, 0x6f, 0x8c };
    CHECK_MEM(g, want, 16);
    CHECK_EQ_INT(mbmc_uuid_parse("8c6f0a12-3b4d-4e5f-9a6b-7c8d9e0f1a2", u), -1);
    CHECK_EQ_INT(mbmc_uuid_parse("8c6f0a12x3b4d-4e5f-9a6b-7c8d9e0f1a2b", u), -1);
    CHECK_EQ_INT(mbmc_uuid_parse("8c6f0a12-3b4d-4e5f-9a6b-7c8d9e0f1a2bff", u), -1);
    CHECK_EQ_INT(mbmc_uuid_parse(NULL, u), -1);
    CHECK_EQ_INT(mbmc_uuid_parse("8", u), -1);          /* found by fuzz_bmc_cmds: no over-read */
    CHECK_EQ_INT(mbmc_uuid_parse("", u), -1);
}

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    while (n--)
        s = (uint8_t)(s + *p++);
    return s;
}

/* Walk an area's type/length fields; returns the field count, -1 on a malformed area. */
static int fields(const uint8_t *area, size_t first, char out[][64], int max)
{
    size_t len = area[1] * 8u, p = first;
    int n = 0;
    while (p < len && area[p] != 0xC1 && n < max) {
        size_t l = area[p] & 0x3f;
        memcpy(out[n], area + p + 1, l);
        out[n][l] = '\0';
        n++;
        p += 1 + l;
    }
    return p < len && area[p] == 0xC1 ? n : -1;
}

static void fru_image_is_valid(void)
{
    struct mbmc_fru_fields f = { .chassis_type = MBMC_FRU_CHASSIS_OTHER, .chassis_serial = "111",
                                 .manufacturer = "QEMU", .product_name = "cn001",
                                 .product_serial = "111", .asset_tag = "7" };
    uint8_t img[MBMC_FRU_MAX];
    int n = mbmc_fru_build(&f, img, sizeof(img));
    CHECK(n > 0 && n % 8 == 0);
    CHECK_EQ_INT(img[0], 1);
    CHECK_EQ_INT(sum(img, 8), 0);
    const uint8_t *ch = img + img[2] * 8, *pr = img + img[4] * 8;
    CHECK_EQ_INT(sum(ch, ch[1] * 8u), 0);
    CHECK_EQ_INT(sum(pr, pr[1] * 8u), 0);
    CHECK_EQ_INT(ch[2], MBMC_FRU_CHASSIS_OTHER);
    char v[10][64];
    CHECK_EQ_INT(fields(ch, 3, v, 10), 2);
    CHECK_EQ_STR(v[1], "111");
    CHECK_EQ_INT(fields(pr, 3, v, 10), 7);
    CHECK_EQ_STR(v[0], "QEMU");
    CHECK_EQ_STR(v[1], "cn001");
    CHECK_EQ_STR(v[4], "111");
    CHECK_EQ_STR(v[5], "7 ");            /* one byte would read as the end marker C1h */
    CHECK_EQ_INT((int)(pr - img) + pr[1] * 8, n);
    uint8_t small[16];
    CHECK_EQ_INT(mbmc_fru_build(&f, small, sizeof(small)), -1);
}

static void fru_long_strings_are_cut(void)
{
    char longname[200];
    memset(longname, 'x', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    struct mbmc_fru_fields f = { .product_name = longname };
    uint8_t img[MBMC_FRU_MAX];
    int n = mbmc_fru_build(&f, img, sizeof(img));
    CHECK(n > 0);
    const uint8_t *pr = img + img[4] * 8;
    char v[10][64];
    CHECK_EQ_INT(fields(pr, 3, v, 10), 7);
    CHECK_EQ_INT(strlen(v[1]), 63);
}

static uint8_t rsp[64];
static unsigned rlen;
#define SI(cmd, ...) do { const uint8_t _r[] = { __VA_ARGS__ }; \
    rlen = mbmc_sysinfo_handle(&si, cmd, _r, sizeof(_r), rsp, sizeof(rsp)); } while (0)

static void sysinfo_strings(void)
{
    struct mbmc_sysinfo si = { 0 };
    mbmc_sysinfo_put(&si, MBMC_SYSINFO_SYSTEM_NAME, "a-rather-long-vm-name-01");
    SI(0x59, 0x00, MBMC_SYSINFO_SYSTEM_NAME, 0x00, 0x00);
    CHECK_EQ_INT(rlen, 19);
    CHECK_EQ_INT(rsp[0], 0);
    CHECK_EQ_INT(rsp[1], 0x11);
    CHECK_EQ_INT(rsp[2], 0);               /* set selector */
    CHECK_EQ_INT(rsp[3], 0);               /* ASCII */
    CHECK_EQ_INT(rsp[4], 24);              /* length */
    CHECK(!memcmp(rsp + 5, "a-rather-long-", 14));
    SI(0x59, 0x00, MBMC_SYSINFO_SYSTEM_NAME, 0x01, 0x00);
    CHECK_EQ_INT(rsp[0], 0);
    CHECK(!memcmp(rsp + 3, "vm-name-01", 10));
    SI(0x59, 0x00, MBMC_SYSINFO_SYSTEM_NAME, 0x02, 0x00);
    CHECK_EQ_INT(rsp[0], 0xC9);
    SI(0x59, 0x00, 0x09, 0x00, 0x00);
    CHECK_EQ_INT(rsp[0], 0x80);            /* parameter not supported */
    /* The guest names its OS through the in-band interface. */
    SI(0x58, MBMC_SYSINFO_OS_NAME, 0x00, 0x00, 5, 'L', 'i', 'n', 'u', 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0);
    CHECK_EQ_INT(rsp[0], 0);
    SI(0x59, 0x00, MBMC_SYSINFO_OS_NAME, 0x00, 0x00);
    CHECK_EQ_INT(rsp[4], 5);
    CHECK(!memcmp(rsp + 5, "Linux", 5));
    SI(0x58, MBMC_SYSINFO_SYSTEM_NAME, 0x00, 0x00, 1, 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    CHECK_EQ_INT(rsp[0], 0x82);            /* read-only: the hypervisor's name */
    SI(0x58, MBMC_SYSINFO_OS_NAME, 0x00, 0x00);
    CHECK_EQ_INT(rsp[0], 0xC7);
    SI(0x59, 0x80, MBMC_SYSINFO_OS_NAME, 0x00, 0x00);
    CHECK_EQ_INT(rlen, 2);                 /* revision only */
}

int main(void)
{
    RUN(uuid_round_trip_and_ipmi_order);
    RUN(fru_image_is_valid);
    RUN(fru_long_strings_are_cut);
    RUN(sysinfo_strings);
    UNIT_EXIT();
}
