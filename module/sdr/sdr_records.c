/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sdr_records.h"

#include <string.h>

#include "sensors.h"

#define SDR_VERSION 0x51
#define SDR_FRU_LOCATOR 0x11
#define SDR_MC_LOCATOR 0x12
#define SDR_COMPACT_SENSOR 0x02
#define SDR_EVENT_ONLY 0x03
#define ENTITY_SYSTEM_BOARD 0x07
#define ENTITY_SYSTEM_CHASSIS 0x17
#define ENTITY_MGMT_MODULE 0x06
#define TL_ASCII 0xC0
#define FRU_LOGICAL 0x80
#define FRU_DEVICE_TYPE_IPMI 0x10
#define UNITS_NO_ANALOG 0xC0
#define INIT_SCANNING_EVENTS 0x63      /* init scanning + events; scanning and events on */
#define CAP_AUTO_REARM 0x40

struct writer {
    struct mbmc_sdr *r;
};

static void b(struct writer *w, uint8_t v)
{
    if (w->r->len < MBMC_SDR_MAX_LEN)
        w->r->data[w->r->len++] = v;
}

static void id_string(struct writer *w, const char *s)
{
    size_t n = strlen(s);
    b(w, (uint8_t)(TL_ASCII | n));
    for (size_t i = 0; i < n; i++)
        b(w, (uint8_t)s[i]);
}

static void header(struct writer *w, struct mbmc_sdr *r, unsigned id, uint8_t type)
{
    memset(r, 0, sizeof(*r));
    w->r = r;
    b(w, id & 0xff);
    b(w, (id >> 8) & 0xff);
    b(w, SDR_VERSION);
    b(w, type);
    b(w, 0);                            /* remaining length, set by finish() */
}

static void finish(struct writer *w)
{
    w->r->data[4] = (uint8_t)(w->r->len - 5);
}

static void mask16(struct writer *w, unsigned m)
{
    b(w, m & 0xff);
    b(w, (m >> 8) & 0x7f);
}

void mbmc_sdr_build(struct mbmc_sdr recs[MBMC_SDR_COUNT])
{
    struct writer w;

    header(&w, &recs[0], 1, SDR_MC_LOCATOR);
    b(&w, MBMC_BMC_ADDR);
    b(&w, 0x00);                        /* channel 0 (IPMB) */
    b(&w, 0x00);                        /* no ACPI notifications needed; events enabled */
    b(&w, MBMC_DEVICE_SUPPORT);
    b(&w, 0); b(&w, 0); b(&w, 0);       /* reserved */
    b(&w, ENTITY_MGMT_MODULE);
    b(&w, 0x01);                        /* entity instance */
    b(&w, 0x00);                        /* OEM */
    id_string(&w, "BMC");
    finish(&w);

    header(&w, &recs[1], 2, SDR_FRU_LOCATOR);
    b(&w, MBMC_BMC_ADDR);               /* the controller that holds the FRU data */
    b(&w, 0x00);                        /* FRU device id 0 */
    b(&w, FRU_LOGICAL);                 /* logical FRU device, LUN 0, private bus 0 */
    b(&w, 0x00);                        /* channel 0 */
    b(&w, 0x00);                        /* reserved */
    b(&w, FRU_DEVICE_TYPE_IPMI);
    b(&w, 0x00);                        /* device type modifier */
    b(&w, ENTITY_SYSTEM_CHASSIS);
    b(&w, 0x01);
    b(&w, 0x00);
    id_string(&w, "System");
    finish(&w);

    header(&w, &recs[2], 3, SDR_COMPACT_SENSOR);
    b(&w, MBMC_BMC_ADDR);               /* sensor owner */
    b(&w, 0x00);                        /* owner LUN */
    b(&w, MBMC_SENSOR_ACPI_STATE);
    b(&w, ENTITY_SYSTEM_BOARD);
    b(&w, 0x01);
    b(&w, INIT_SCANNING_EVENTS);
    b(&w, CAP_AUTO_REARM);              /* no hysteresis, no thresholds */
    b(&w, MBMC_SENSOR_TYPE_ACPI_POWER_STATE);
    b(&w, MBMC_EVENT_TYPE_SENSOR_SPECIFIC);
    mask16(&w, MBMC_ACPI_STATES);       /* assertion event mask */
    mask16(&w, 0);                      /* deassertion event mask */
    mask16(&w, MBMC_ACPI_STATES);       /* states the reading can show */
    b(&w, UNITS_NO_ANALOG);
    b(&w, 0x00);                        /* base unit: unspecified */
    b(&w, 0x00);                        /* modifier unit */
    b(&w, 0x01);                        /* one sensor (no sharing) */
    b(&w, 0x00);
    b(&w, 0x00); b(&w, 0x00);           /* hysteresis */
    b(&w, 0); b(&w, 0); b(&w, 0);       /* reserved */
    b(&w, 0x00);                        /* OEM */
    id_string(&w, "ACPI Power State");
    finish(&w);

    header(&w, &recs[3], 4, SDR_EVENT_ONLY);
    b(&w, MBMC_BMC_ADDR);
    b(&w, 0x00);
    b(&w, MBMC_SENSOR_RESTART);
    b(&w, ENTITY_SYSTEM_BOARD);
    b(&w, 0x01);
    b(&w, MBMC_SENSOR_TYPE_BOOT_INITIATED);
    b(&w, MBMC_EVENT_TYPE_SENSOR_SPECIFIC);
    b(&w, 0x01);                        /* one sensor */
    b(&w, 0x00);
    b(&w, 0x00);                        /* reserved */
    b(&w, 0x00);                        /* OEM */
    id_string(&w, "System Restart");
    finish(&w);
}
