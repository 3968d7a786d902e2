/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Creating the loop.h loop on top of ipmi_sim (module only). */
#ifndef MBMC_LOOP_SIM_H
#define MBMC_LOOP_SIM_H

#include <OpenIPMI/serv.h>

#include "loop.h"

struct mbmc_loop *mbmc_loop_sim_new(sys_data_t *sys);
void mbmc_loop_sim_free(struct mbmc_loop *loop);

#endif
