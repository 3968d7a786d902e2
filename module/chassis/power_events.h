/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which event-log entries the chassis makes, from the requests it accepted (IPMI, Redfish,
 * the restore policy) and the power states the backend reports (polling and QMP events,
 * so a guest shutdown or the Proxmox GUI is logged too). Pure rules; chassis.c writes the
 * entries (sel.h) and keeps the state across restarts (chassis-state).
 *
 *   power on seen                  ACPI Power State: S0/G0 working
 *   power off seen after "off" or "cycle"   ... S5 entered by override
 *   power off seen after "soft"    ... S5/G2 soft-off
 *   power off seen, no request     ... S4/S5 soft-off, state unknown (guest, GUI, ...)
 *   the VM's process vanished      ... G3 mechanical off
 *   reset accepted                 Boot/Restart Initiated: initiated by hard reset
 *   cycle accepted                 ... system restart (cause: chassis control)
 *   restore policy powers on       ... system restart (cause: always-on / previous)
 *   a boot used a boot override    ... user requested PXE boot (PXE), system restart (else)
 */
#ifndef MBMC_POWER_EVENTS_H
#define MBMC_POWER_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"

#define MBMC_NO_EVENT (-1)
/* A request explains a power change seen within this time (a guest may take minutes). */
#define MBMC_REQUEST_EXPLAINS_MS (10u * 60u * 1000u)
/* The same request again within this time is a client's retransmission. */
#define MBMC_RETRANSMIT_MS 3000u

struct mbmc_power_events {
    int acpi;                   /* ACPI state offset (sensors.h) now, -1 unknown */
    int last_power;             /* 1/0: the VM's own last state, kept over a vanished VM; -1 */
    bool vm_gone;
    bool req_valid;
    enum mbmc_chassis_op req_op;
    uint64_t req_at_ms;
};

void mbmc_power_events_init(struct mbmc_power_events *pe, int acpi, int last_power);
/* A chassis request was accepted. Returns the Boot/Restart Initiated offset to log now
 * (sensors.h), or MBMC_NO_EVENT; *ed2 gets its event data 2 (0xFF: none). */
int mbmc_power_events_request(struct mbmc_power_events *pe, enum mbmc_chassis_op op,
                              uint64_t now_ms, uint8_t *ed2);
/* The backend reports the power state. Returns the ACPI offset to log, or MBMC_NO_EVENT
 * (no change, or the first state ever known). */
int mbmc_power_events_report(struct mbmc_power_events *pe, bool on, uint64_t now_ms);
void mbmc_power_events_vm_gone(struct mbmc_power_events *pe);
/* A boot consumed a boot override for device dev: the offset to log and *ed2. */
int mbmc_power_events_override_boot(enum mbmc_boot_device dev, uint8_t *ed2);

#endif
