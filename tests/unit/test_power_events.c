/* SPDX-License-Identifier: GPL-2.0-or-later */
/* power_events.c: which event-log entry each power change and request makes. */
#include "power_events.h"
#include "sensors.h"
#include "unit.h"

static struct mbmc_power_events pe;
static uint8_t ed2;

static void first_report_logs_nothing(void)
{
    mbmc_power_events_init(&pe, -1, -1);
    CHECK_EQ_INT(mbmc_power_events_report(&pe, false, 1000), MBMC_NO_EVENT);
    CHECK_EQ_INT(pe.acpi, MBMC_ACPI_S4_S5_UNKNOWN);
    CHECK_EQ_INT(mbmc_power_events_report(&pe, false, 2000), MBMC_NO_EVENT);   /* no change */
    CHECK_EQ_INT(mbmc_power_events_report(&pe, true, 3000), MBMC_ACPI_S0_WORKING);
    CHECK_EQ_INT(pe.last_power, 1);
}

static void off_causes(void)
{
    mbmc_power_events_init(&pe, MBMC_ACPI_S0_WORKING, 1);
    CHECK_EQ_INT(mbmc_power_events_request(&pe, MBMC_OP_OFF, 1000, &ed2), MBMC_NO_EVENT);
    CHECK_EQ_INT(mbmc_power_events_report(&pe, false, 2000), MBMC_ACPI_S5_OVERRIDE);
    CHECK_EQ_INT(pe.last_power, 0);
    CHECK_EQ_INT(mbmc_power_events_report(&pe, true, 3000), MBMC_ACPI_S0_WORKING);   /* GUI start */
    CHECK_EQ_INT(mbmc_power_events_request(&pe, MBMC_OP_SOFT, 4000, &ed2), MBMC_NO_EVENT);
    CHECK_EQ_INT(mbmc_power_events_report(&pe, false, 60000), MBMC_ACPI_S5_SOFT_OFF);
    CHECK_EQ_INT(mbmc_power_events_report(&pe, true, 70000), MBMC_ACPI_S0_WORKING);
    /* Nobody asked: the guest or the Proxmox GUI turned it off. */
    CHECK_EQ_INT(mbmc_power_events_report(&pe, false, 80000), MBMC_ACPI_S4_S5_UNKNOWN);
}

static void old_request_explains_nothing(void)
{
    mbmc_power_events_init(&pe, MBMC_ACPI_S0_WORKING, 1);
    mbmc_power_events_request(&pe, MBMC_OP_SOFT, 1000, &ed2);     /* the guest ignored it */
    CHECK_EQ_INT(mbmc_power_events_report(&pe, false, 1000 + MBMC_REQUEST_EXPLAINS_MS + 1),
                 MBMC_ACPI_S4_S5_UNKNOWN);
}

static void reset_and_cycle_are_logged_when_accepted(void)
{
    mbmc_power_events_init(&pe, MBMC_ACPI_S0_WORKING, 1);
    CHECK_EQ_INT(mbmc_power_events_request(&pe, MBMC_OP_RESET, 1000, &ed2), MBMC_BOOT_HARD_RESET);
    CHECK_EQ_INT(ed2, 0xFF);
    /* ipmitool's retransmission one second later is the same request. */
    CHECK_EQ_INT(mbmc_power_events_request(&pe, MBMC_OP_RESET, 2000, &ed2), MBMC_NO_EVENT);
    CHECK_EQ_INT(mbmc_power_events_request(&pe, MBMC_OP_RESET, 9000, &ed2), MBMC_BOOT_HARD_RESET);
    CHECK_EQ_INT(mbmc_power_events_request(&pe, MBMC_OP_CYCLE, 10000, &ed2), MBMC_BOOT_SYSTEM_RESTART);
    CHECK_EQ_INT(ed2, MBMC_RESTART_CAUSE_CHASSIS_CONTROL);
    /* The cycle's off and on are both logged. */
    CHECK_EQ_INT(mbmc_power_events_report(&pe, false, 11000), MBMC_ACPI_S5_OVERRIDE);
    CHECK_EQ_INT(mbmc_power_events_report(&pe, true, 12000), MBMC_ACPI_S0_WORKING);
    CHECK_EQ_INT(mbmc_power_events_request(&pe, MBMC_OP_DIAG, 20000, &ed2), MBMC_NO_EVENT);
}

static void vanished_vm_keeps_was_on(void)
{
    mbmc_power_events_init(&pe, MBMC_ACPI_S0_WORKING, 1);
    mbmc_power_events_vm_gone(&pe);
    CHECK_EQ_INT(mbmc_power_events_report(&pe, false, 1000), MBMC_ACPI_G3_MECHANICAL_OFF);
    CHECK_EQ_INT(pe.last_power, 1);      /* "previous" powers it on after the host boot */
    CHECK_EQ_INT(mbmc_power_events_report(&pe, true, 2000), MBMC_ACPI_S0_WORKING);
    CHECK(!pe.vm_gone);
}

static void override_boots(void)
{
    CHECK_EQ_INT(mbmc_power_events_override_boot(MBMC_BOOT_PXE, &ed2), MBMC_BOOT_PXE_REQUESTED);
    CHECK_EQ_INT(mbmc_power_events_override_boot(MBMC_BOOT_CDROM, &ed2), MBMC_BOOT_SYSTEM_RESTART);
    CHECK_EQ_INT(ed2, MBMC_RESTART_CAUSE_CHASSIS_CONTROL);
}

int main(void)
{
    RUN(first_report_logs_nothing);
    RUN(off_causes);
    RUN(old_request_explains_nothing);
    RUN(reset_and_cycle_are_logged_when_accepted);
    RUN(vanished_vm_keeps_was_on);
    RUN(override_boots);
    UNIT_EXIT();
}
