/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sensor_cmds.h"

#include <stdbool.h>

#include "ipmi_cc.h"
#include <OpenIPMI/ipmi_msgbits.h>

#include "sensors.h"

#define GET_SENSOR_EVENT_ENABLE 0x29
#define GET_SENSOR_EVENT_STATUS 0x2B
#define GET_SENSOR_TYPE 0x2F
#define GET_SENSOR_HYSTERESIS 0x25
#define GET_SENSOR_THRESHOLDS 0x27
#define EVENTS_ENABLED 0x80
#define SCANNING_ENABLED 0x40
#define READING_UNAVAILABLE 0x20

static unsigned cc_only(uint8_t *rsp, uint8_t cc)
{
    rsp[0] = cc;
    return 1;
}

static unsigned reading(const struct mbmc_sensor_state *st, uint8_t *rsp)
{
    rsp[0] = MBMC_CC_OK;
    rsp[1] = 0x00;                  /* discrete: no analog reading */
    if (st->acpi_offset < 0) {
        rsp[2] = EVENTS_ENABLED | SCANNING_ENABLED | READING_UNAVAILABLE;
        rsp[3] = rsp[4] = 0;
    } else {
        unsigned bits = 1u << st->acpi_offset;
        rsp[2] = EVENTS_ENABLED | SCANNING_ENABLED;
        rsp[3] = bits & 0xff;
        rsp[4] = 0x80 | ((bits >> 8) & 0x7f);   /* bit 7 of the 2nd state byte reads as 1 */
    }
    return 5;
}

unsigned mbmc_sensor_handle(const struct mbmc_sensor_state *st, uint8_t cmd, const uint8_t *req,
                            unsigned len, uint8_t *rsp, unsigned cap)
{
    if (cap < 8)
        return cc_only(rsp, IPMI_UNKNOWN_ERR_CC);
    if (len < 1)
        return cc_only(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    uint8_t num = req[0];
    if (num != MBMC_SENSOR_ACPI_STATE && num != MBMC_SENSOR_RESTART)
        return cc_only(rsp, IPMI_NOT_PRESENT_CC);
    bool event_only = num == MBMC_SENSOR_RESTART;
    switch (cmd) {
    case IPMI_GET_SENSOR_READING_CMD:
        /* An event-only sensor has no reading, only log entries. */
        return event_only ? cc_only(rsp, IPMI_NOT_PRESENT_CC) : reading(st, rsp);
    case GET_SENSOR_TYPE:
        rsp[0] = MBMC_CC_OK;
        rsp[1] = event_only ? MBMC_SENSOR_TYPE_BOOT_INITIATED : MBMC_SENSOR_TYPE_ACPI_POWER_STATE;
        rsp[2] = MBMC_EVENT_TYPE_SENSOR_SPECIFIC;
        return 3;
    case GET_SENSOR_EVENT_ENABLE: {
        unsigned m = event_only ? 0x7fff : MBMC_ACPI_STATES;
        rsp[0] = MBMC_CC_OK;
        rsp[1] = EVENTS_ENABLED | (event_only ? 0 : SCANNING_ENABLED);
        rsp[2] = m & 0xff;
        rsp[3] = (m >> 8) & 0x7f;
        rsp[4] = rsp[5] = 0;
        return 6;
    }
    case GET_SENSOR_EVENT_STATUS:
        if (event_only)
            return cc_only(rsp, IPMI_COMMAND_ILLEGAL_FOR_SENSOR_CC);
        reading(st, rsp);           /* same state bits: what is asserted now */
        rsp[1] = rsp[2];
        rsp[2] = rsp[3];
        rsp[3] = rsp[4] & 0x7f;
        rsp[4] = rsp[5] = 0;
        return 6;
    case GET_SENSOR_HYSTERESIS:
    case GET_SENSOR_THRESHOLDS:
    case IPMI_GET_SENSOR_READING_FACTORS_CMD:
        return cc_only(rsp, IPMI_COMMAND_ILLEGAL_FOR_SENSOR_CC);   /* discrete sensors */
    default:
        return cc_only(rsp, IPMI_INVALID_CMD_CC);
    }
}
