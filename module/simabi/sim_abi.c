/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Command handler registration in both flavours (see sim_abi.h). */
#include "sim_abi.h"

#include <errno.h>
#include <sys/time.h>

#if MBMC_LANSERV_FLAVOUR_B
/* Exported by ipmi_sim (bmc.c) but declared only in its private emu.h. The record it makes
 * holds sys, which is all ipmi_emu_register_cmd_handler() reads from it (to allocate a
 * table for a NetFn that has none). */
typedef void (*mbmc_emu_sleep_cb)(emu_data_t *emu, struct timeval *time);
emu_data_t *ipmi_emu_alloc(void *user_data, mbmc_emu_sleep_cb sleeper, sys_data_t *sys);

static emu_data_t *emu_of(sys_data_t *sys)
{
    static emu_data_t *emu;
    static sys_data_t *emu_sys;
    if (!emu || emu_sys != sys) {
        emu = ipmi_emu_alloc(NULL, NULL, sys);
        emu_sys = sys;
    }
    return emu;
}
#endif

int mbmc_sim_register_cmd(sys_data_t *sys, unsigned char netfn, unsigned char cmd,
                          cmd_handler_f handler, void *cb_data)
{
#if MBMC_LANSERV_FLAVOUR_B
    emu_data_t *emu = emu_of(sys);
    if (!emu)
        return ENOMEM;
    return ipmi_emu_register_cmd_handler(emu, netfn, cmd, handler, cb_data);
#else
    (void)sys;
    return ipmi_emu_register_cmd_handler(netfn, cmd, handler, cb_data);
#endif
}
