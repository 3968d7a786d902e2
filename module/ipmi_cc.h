/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Completion codes. OpenIPMI's ipmi_err.h names every generic one (IPMI_NODE_BUSY_CC,
 * IPMI_INVALID_DATA_FIELD_CC, ...): use those. It names neither success nor the
 * command-specific codes 80h-BEh, whose meaning depends on the command; those are here,
 * named after what they mean for the commands that answer them (IPMI 2.0 spec tables). */
#ifndef MBMC_IPMI_CC_H
#define MBMC_IPMI_CC_H

#include <OpenIPMI/ipmi_err.h>

#define MBMC_CC_OK 0x00

/* Get/Set System Boot Options, Get/Set System Info Parameters, Get/Set LAN and SOL
 * Configuration Parameters. */
#define MBMC_CC_PARAM_NOT_SUPPORTED 0x80
#define MBMC_CC_SET_IN_PROGRESS 0x81    /* "set in progress" set while not "set complete" */
#define MBMC_CC_PARAM_READ_ONLY 0x82    /* write to a read-only parameter */

/* Activate Payload (table 24-2) and Deactivate Payload (table 24-3). */
#define MBMC_CC_PAYLOAD_ALREADY_ACTIVE 0x80         /* Activate: active on another session */
#define MBMC_CC_PAYLOAD_ACTIVATION_LIMIT 0x82       /* Activate: no instance left */
#define MBMC_CC_PAYLOAD_ALREADY_DEACTIVATED 0x80    /* Deactivate */

/* Write FRU Data. */
#define MBMC_CC_FRU_WRITE_PROTECTED 0x80            /* the offset is write-protected */

#endif
