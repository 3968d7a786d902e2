/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Completion codes: OpenIPMI's ipmi_err.h names every error code but not success. */
#ifndef MBMC_IPMI_CC_H
#define MBMC_IPMI_CC_H

#include <OpenIPMI/ipmi_err.h>

#define MBMC_CC_OK 0x00

#endif
