/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "power_events.h"

#include "sensors.h"

#define ED_NONE 0xFF

void mbmc_power_events_init(struct mbmc_power_events *pe, int acpi, int last_power)
{
    *pe = (struct mbmc_power_events){ .acpi = acpi, .last_power = last_power };
}

int mbmc_power_events_request(struct mbmc_power_events *pe, enum mbmc_chassis_op op,
                              uint64_t now_ms, uint8_t *ed2)
{
    *ed2 = ED_NONE;
    if (op == MBMC_OP_DIAG)
        return MBMC_NO_EVENT;          /* an NMI changes no power state */
    /* Clients retransmit after ~1 s; the backend runs the action once, log it once. */
    if (pe->req_valid && pe->req_op == op && now_ms - pe->req_at_ms < MBMC_RETRANSMIT_MS)
        return MBMC_NO_EVENT;
    pe->req_valid = true;
    pe->req_op = op;
    pe->req_at_ms = now_ms;
    if (op == MBMC_OP_RESET)
        return MBMC_BOOT_HARD_RESET;
    if (op == MBMC_OP_CYCLE) {
        *ed2 = MBMC_RESTART_CAUSE_CHASSIS_CONTROL;
        return MBMC_BOOT_SYSTEM_RESTART;
    }
    return MBMC_NO_EVENT;
}

static bool is_off(int acpi)
{
    return acpi >= 0 && acpi != MBMC_ACPI_S0_WORKING;
}

int mbmc_power_events_report(struct mbmc_power_events *pe, bool on, uint64_t now_ms)
{
    int before = pe->acpi;
    bool req = pe->req_valid && now_ms - pe->req_at_ms <= MBMC_REQUEST_EXPLAINS_MS;
    if (on) {
        pe->vm_gone = false;
        pe->last_power = 1;
        if (before == MBMC_ACPI_S0_WORKING)
            return MBMC_NO_EVENT;
        pe->acpi = MBMC_ACPI_S0_WORKING;
        if (req && (pe->req_op == MBMC_OP_ON || pe->req_op == MBMC_OP_CYCLE))
            pe->req_valid = false;     /* the request did what it asked */
        return before < 0 ? MBMC_NO_EVENT : MBMC_ACPI_S0_WORKING;
    }
    if (is_off(before))
        return MBMC_NO_EVENT;
    int off;
    if (pe->vm_gone)
        off = MBMC_ACPI_G3_MECHANICAL_OFF;
    else if (req && (pe->req_op == MBMC_OP_OFF || pe->req_op == MBMC_OP_CYCLE))
        off = MBMC_ACPI_S5_OVERRIDE;
    else if (req && pe->req_op == MBMC_OP_SOFT)
        off = MBMC_ACPI_S5_SOFT_OFF;
    else
        off = MBMC_ACPI_S4_S5_UNKNOWN;
    pe->acpi = off;
    if (!pe->vm_gone)
        pe->last_power = 0;            /* a vanished VM keeps "was on" for the restore policy */
    if (req && pe->req_op != MBMC_OP_CYCLE)
        pe->req_valid = false;
    return before < 0 ? MBMC_NO_EVENT : off;
}

void mbmc_power_events_vm_gone(struct mbmc_power_events *pe)
{
    pe->vm_gone = true;
}

int mbmc_power_events_override_boot(enum mbmc_boot_device dev, uint8_t *ed2)
{
    if (dev == MBMC_BOOT_PXE) {
        *ed2 = ED_NONE;
        return MBMC_BOOT_PXE_REQUESTED;
    }
    *ed2 = MBMC_RESTART_CAUSE_CHASSIS_CONTROL;
    return MBMC_BOOT_SYSTEM_RESTART;
}
