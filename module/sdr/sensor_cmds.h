/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sensor commands (Sensor/Event NetFn 04h) for the sensors of sensors.h: pure, answered
 * from the power state the backend has cached. */
#ifndef MBMC_SENSOR_CMDS_H
#define MBMC_SENSOR_CMDS_H

#include <stdint.h>

/* What the sensors read now: the ACPI state offset (sensors.h), or -1 when the VM's power
 * state is not known yet (the reading then says "unavailable"). */
struct mbmc_sensor_state {
    int acpi_offset;
};

/* One Sensor/Event command; rsp has cap (>= 8) bytes. Returns the reply length. */
unsigned mbmc_sensor_handle(const struct mbmc_sensor_state *st, uint8_t cmd, const uint8_t *req,
                            unsigned len, uint8_t *rsp, unsigned cap);

#endif
