/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The BMC's sensors: numbers, types and states, shared by the SDR repository (sdr_repo.c),
 * the sensor commands (sensor_cmds.c) and the event log entries the chassis layer writes.
 * Types and offsets are IPMI 2.0 table 42-3 (sensor-specific event/reading type 6Fh). */
#ifndef MBMC_SENSORS_H
#define MBMC_SENSORS_H

#define MBMC_BMC_ADDR 0x20                    /* the BMC's IPMB slave address */
#define MBMC_EVM_REV 0x04                     /* event message format of IPMI 1.5/2.0 */
#define MBMC_EVENT_TYPE_SENSOR_SPECIFIC 0x6F

/* System ACPI Power State: a discrete sensor with a reading (the VM's power state). */
#define MBMC_SENSOR_ACPI_STATE 0x01
#define MBMC_SENSOR_TYPE_ACPI_POWER_STATE 0x22
#define MBMC_ACPI_S0_WORKING 0x00
#define MBMC_ACPI_S5_SOFT_OFF 0x05            /* the guest shut down (ACPI soft off) */
#define MBMC_ACPI_S4_S5_UNKNOWN 0x06          /* off, how is not known (seen by polling) */
#define MBMC_ACPI_G3_MECHANICAL_OFF 0x07      /* the VM's process is gone: no "power" at all */
#define MBMC_ACPI_S5_OVERRIDE 0x0A            /* forced off (power off, power cycle) */
#define MBMC_ACPI_STATES ((1u << MBMC_ACPI_S0_WORKING) | (1u << MBMC_ACPI_S5_SOFT_OFF) | \
                          (1u << MBMC_ACPI_S4_S5_UNKNOWN) | (1u << MBMC_ACPI_G3_MECHANICAL_OFF) | \
                          (1u << MBMC_ACPI_S5_OVERRIDE))

/* System Boot/Restart Initiated: event-only (it has no reading, only log entries). */
#define MBMC_SENSOR_RESTART 0x02
#define MBMC_SENSOR_TYPE_BOOT_INITIATED 0x1D
#define MBMC_BOOT_POWER_UP 0x00
#define MBMC_BOOT_HARD_RESET 0x01
#define MBMC_BOOT_PXE_REQUESTED 0x03
#define MBMC_BOOT_SYSTEM_RESTART 0x07         /* event data 2: restart cause */

/* Get System Restart Cause values (IPMI 2.0 table 28-11), also event data 2 above. */
#define MBMC_RESTART_CAUSE_UNKNOWN 0x0
#define MBMC_RESTART_CAUSE_CHASSIS_CONTROL 0x1
#define MBMC_RESTART_CAUSE_ALWAYS_RESTORE 0x6
#define MBMC_RESTART_CAUSE_RESTORE_PREVIOUS 0x7

#endif
