/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Chassis command logic (NetFn 0x00), independent of ipmi_sim types so unit tests can drive
 * it with a fake backend. chassis.c is the thin glue to ipmi_sim. */
#ifndef MBMC_CHASSIS_LOGIC_H
#define MBMC_CHASSIS_LOGIC_H

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"
#include "power_control.h"

#define MBMC_CMD_GET_CHASSIS_CAPS 0x00
#define MBMC_CMD_GET_CHASSIS_STATUS 0x01
#define MBMC_CMD_CHASSIS_CONTROL 0x02
#define MBMC_CMD_CHASSIS_IDENTIFY 0x04
#define MBMC_CMD_SET_RESTORE_POLICY 0x06
#define MBMC_CMD_GET_RESTART_CAUSE 0x07
#define MBMC_CMD_SET_BOOT_OPTIONS 0x08
#define MBMC_CMD_GET_BOOT_OPTIONS 0x09

#define MBMC_BOOT_FLAGS_LEN 5
#define MBMC_IDENTIFY_DEFAULT_S 15

enum mbmc_identify_state { MBMC_IDENTIFY_OFF = 0, MBMC_IDENTIFY_TIMED = 1, MBMC_IDENTIFY_ON = 2 };

struct mbmc_chassis_state {
    const struct mbmc_backend_ops *ops;
    struct mbmc_backend *be;
    struct mbmc_power_control power;           /* Chassis Control goes through the policy */
    uint8_t boot_flags[MBMC_BOOT_FLAGS_LEN];   /* System Boot Options parameter 5 */
    bool efi_set_by_client;                    /* a client wrote parameter 5 at least once */
    uint8_t set_in_progress;                   /* parameter 0 */
    uint8_t valid_bit_clearing;                /* parameter 3: stored and reported only */
    uint8_t boot_info_ack[2];                  /* parameter 4 */
    enum mbmc_restore_policy restore_policy;
    bool last_on_via_ipmi;
    uint8_t restart_cause;                     /* Get System Restart Cause, bits 3:0 */
    enum mbmc_identify_state identify;
    unsigned identify_seconds;                 /* for MBMC_IDENTIFY_TIMED */
    bool persist_dirty;                        /* boot flags or policy changed: save them */
};

void mbmc_chassis_state_init(struct mbmc_chassis_state *s, const struct mbmc_backend_ops *ops,
                             struct mbmc_backend *be, enum mbmc_restore_policy policy);

/* Handle one chassis command. req/req_len: request body without netfn/cmd. rsp: reply
 * buffer of rsp_cap bytes (>= 8); returns the reply length (completion code first). */
unsigned mbmc_chassis_handle(struct mbmc_chassis_state *s, uint8_t cmd, const uint8_t *req,
                             unsigned req_len, uint8_t *rsp, unsigned rsp_cap);

/* The backend saw a boot that used the override: consume a one-shot override. */
void mbmc_chassis_logic_booted(struct mbmc_chassis_state *s);

/* The identify timer expired. */
void mbmc_chassis_logic_identify_expired(struct mbmc_chassis_state *s);

/* The power restore policy in force: the backend's when it keeps one (Proxmox onboot),
 * else the BMC's own. */
enum mbmc_restore_policy mbmc_chassis_logic_policy(const struct mbmc_chassis_state *s);

/* Decode parameter 5 bytes into the backend's override. */
void mbmc_boot_flags_decode(const uint8_t flags[MBMC_BOOT_FLAGS_LEN],
                            struct mbmc_boot_override *ov);

#endif
