/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cmd_register.h"

#include <stdio.h>
#include <string.h>

#include "sim_abi.h"

int mbmc_register_cmds(sys_data_t *sys, uint8_t netfn, const uint8_t *cmds, size_t n, cmd_handler_f fn, void *data,
                       char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        int rc = mbmc_sim_register_cmd(sys, netfn, cmds[i], fn, data);
        if (rc) {
            snprintf(err, errlen, "cannot register the handler of command 0x%02x/0x%02x: %s", netfn,
                     cmds[i], strerror(rc));
            return -1;
        }
    }
    return 0;
}
