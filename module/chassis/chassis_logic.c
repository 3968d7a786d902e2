/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Chassis command logic: encodes/decodes the IPMI bytes and keeps the chassis state.
 * Everything answers from cached state; backend calls only queue work (backend.h). */
#include "chassis_logic.h"

#include <string.h>

#include "ipmi_cc.h"

#define BOOT_VALID 0x80
#define BOOT_PERSISTENT 0x40
#define BOOT_EFI 0x20

#define RESTART_CAUSE_UNKNOWN 0x0
#define RESTART_CAUSE_CHASSIS_CONTROL 0x1

void mbmc_chassis_state_init(struct mbmc_chassis_state *s, const struct mbmc_backend_ops *ops,
                             struct mbmc_backend *be, enum mbmc_restore_policy policy)
{
    memset(s, 0, sizeof(*s));
    s->ops = ops;
    s->be = be;
    mbmc_power_control_init(&s->power, ops, be);
    s->restore_policy = policy;
    s->restart_cause = RESTART_CAUSE_UNKNOWN;
}

void mbmc_boot_flags_decode(const uint8_t flags[MBMC_BOOT_FLAGS_LEN],
                            struct mbmc_boot_override *ov)
{
    ov->valid = flags[0] & BOOT_VALID;
    ov->persistent = flags[0] & BOOT_PERSISTENT;
    ov->efi = flags[0] & BOOT_EFI;
    ov->device = (enum mbmc_boot_device)((flags[1] >> 2) & 0x0f);
}

static unsigned reply_cc(uint8_t *rsp, uint8_t cc)
{
    rsp[0] = cc;
    return 1;
}

static unsigned get_caps(uint8_t *rsp)
{
    rsp[0] = MBMC_CC_OK;
    rsp[1] = 0x00;      /* no intrusion sensor, no front panel lockout */
    rsp[2] = 0x20;      /* FRU info device: the BMC */
    rsp[3] = 0x20;      /* SDR device */
    rsp[4] = 0x20;      /* SEL device */
    rsp[5] = 0x20;      /* system management device */
    return 6;
}

static bool backend_owns_policy(const struct mbmc_chassis_state *s)
{
    return s->ops && s->ops->restore_policy && s->ops->set_restore_policy;
}

enum mbmc_restore_policy mbmc_chassis_logic_policy(const struct mbmc_chassis_state *s)
{
    if (!backend_owns_policy(s))
        return s->restore_policy;
    return s->be ? s->ops->restore_policy(s->be) : MBMC_RESTORE_UNKNOWN;
}

static unsigned get_status(struct mbmc_chassis_state *s, uint8_t *rsp)
{
    bool on = s->ops && s->be && s->ops->power_is_on(s->be);
    rsp[0] = MBMC_CC_OK;
    rsp[1] = (uint8_t)((on ? 0x01 : 0x00) | ((mbmc_chassis_logic_policy(s) & 0x3) << 5));
    rsp[2] = s->last_on_via_ipmi ? 0x10 : 0x00;
    /* bit 6: identify command and state supported; bits 5:4: identify state */
    rsp[3] = (uint8_t)(0x40 | ((s->identify & 0x3) << 4));
    return 4;
}

static unsigned chassis_control(struct mbmc_chassis_state *s, const uint8_t *req,
                                unsigned len, uint8_t *rsp)
{
    if (len < 1)
        return reply_cc(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    uint8_t op = req[0] & 0x0f;
    if (op > MBMC_OP_SOFT)
        return reply_cc(rsp, IPMI_INVALID_DATA_FIELD_CC);
    if (!s->ops || !s->be)
        return reply_cc(rsp, IPMI_NODE_BUSY_CC);
    uint8_t cc = mbmc_power_control_request(&s->power, (enum mbmc_chassis_op)op);
    if (cc == MBMC_CC_OK) {
        if (op == MBMC_OP_ON || op == MBMC_OP_CYCLE)
            s->last_on_via_ipmi = true;
        if (op == MBMC_OP_ON || op == MBMC_OP_CYCLE || op == MBMC_OP_RESET)
            s->restart_cause = RESTART_CAUSE_CHASSIS_CONTROL;
    }
    return reply_cc(rsp, cc);
}

static unsigned identify(struct mbmc_chassis_state *s, const uint8_t *req, unsigned len,
                         uint8_t *rsp)
{
    unsigned seconds = len >= 1 ? req[0] : MBMC_IDENTIFY_DEFAULT_S;
    bool force = len >= 2 && (req[1] & 0x01);
    if (force) {
        s->identify = MBMC_IDENTIFY_ON;
    } else if (seconds == 0) {
        s->identify = MBMC_IDENTIFY_OFF;
    } else {
        s->identify = MBMC_IDENTIFY_TIMED;
        s->identify_seconds = seconds;
    }
    return reply_cc(rsp, MBMC_CC_OK);
}

static unsigned set_restore_policy(struct mbmc_chassis_state *s, const uint8_t *req,
                                   unsigned len, uint8_t *rsp)
{
    if (len < 1)
        return reply_cc(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    uint8_t p = req[0] & 0x07;
    if (p > 3)
        return reply_cc(rsp, IPMI_INVALID_DATA_FIELD_CC);
    if (backend_owns_policy(s)) {
        /* The platform's own flag (Proxmox onboot) holds it: on or off, nothing else. */
        if (p != MBMC_RESTORE_UNKNOWN) {
            uint8_t cc = s->be ? s->ops->set_restore_policy(s->be, (enum mbmc_restore_policy)p) : IPMI_NODE_BUSY_CC;
            if (cc != MBMC_CC_OK)
                return reply_cc(rsp, cc);
        }
        rsp[0] = MBMC_CC_OK;
        rsp[1] = 0x05;  /* always-off and always-on */
        return 2;
    }
    if (p != 3 && (enum mbmc_restore_policy)p != s->restore_policy) {
        s->restore_policy = (enum mbmc_restore_policy)p;
        s->persist_dirty = true;
    }
    rsp[0] = MBMC_CC_OK;
    rsp[1] = 0x07;      /* off, previous and always-on are all supported */
    return 2;
}

static unsigned get_restart_cause(struct mbmc_chassis_state *s, uint8_t *rsp)
{
    rsp[0] = MBMC_CC_OK;
    rsp[1] = s->restart_cause;
    rsp[2] = 0x01;      /* channel: LAN */
    return 3;
}

/* Parameter 5: store, tell the backend; on refusal keep the old flags and return its code. */
static uint8_t set_boot_flags(struct mbmc_chassis_state *s, const uint8_t *data, unsigned n)
{
    uint8_t flags[MBMC_BOOT_FLAGS_LEN] = { 0 };
    /* Missing trailing bytes read as 0 (some scripts send only data 1-2). */
    memcpy(flags, data, n > MBMC_BOOT_FLAGS_LEN ? MBMC_BOOT_FLAGS_LEN : n);
    struct mbmc_boot_override ov;
    mbmc_boot_flags_decode(flags, &ov);
    if (!s->ops || !s->be)
        return IPMI_NODE_BUSY_CC;
    uint8_t cc = s->ops->set_boot_override(s->be, &ov);
    if (cc != MBMC_CC_OK)
        return cc;
    mbmc_power_policy_settings_changed(&s->power.policy);
    memcpy(s->boot_flags, flags, sizeof(flags));
    s->efi_set_by_client = true;
    s->persist_dirty = true;
    return MBMC_CC_OK;
}

static unsigned set_boot_options(struct mbmc_chassis_state *s, const uint8_t *req,
                                 unsigned len, uint8_t *rsp)
{
    if (len < 1)
        return reply_cc(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    uint8_t param = req[0] & 0x7f;
    const uint8_t *data = req + 1;
    unsigned n = len - 1;
    switch (param) {
    case 0:
        if (n < 1)
            return reply_cc(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
        if ((data[0] & 0x3) == 3)
            return reply_cc(rsp, IPMI_INVALID_DATA_FIELD_CC);
        if ((data[0] & 0x3) == 1 && s->set_in_progress == 1)
            return reply_cc(rsp, MBMC_CC_SET_IN_PROGRESS);
        /* "commit write" (2) has nothing to commit: every parameter applies at once. */
        s->set_in_progress = (data[0] & 0x3) == 1 ? 1 : 0;
        return reply_cc(rsp, MBMC_CC_OK);
    case 3:
        if (n < 1)
            return reply_cc(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
        s->valid_bit_clearing = data[0] & 0x1f;
        return reply_cc(rsp, MBMC_CC_OK);
    case 4:
        if (n < 2)
            return reply_cc(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
        s->boot_info_ack[1] = (uint8_t)((s->boot_info_ack[1] & ~data[0]) | (data[1] & data[0]));
        return reply_cc(rsp, MBMC_CC_OK);
    case 5:
        if (n < 1)
            return reply_cc(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
        return reply_cc(rsp, set_boot_flags(s, data, n));
    default:
        return reply_cc(rsp, MBMC_CC_PARAM_NOT_SUPPORTED);
    }
}

static unsigned get_boot_options(struct mbmc_chassis_state *s, const uint8_t *req,
                                 unsigned len, uint8_t *rsp)
{
    if (len < 1)
        return reply_cc(rsp, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    uint8_t param = req[0] & 0x7f;
    rsp[0] = MBMC_CC_OK;
    rsp[1] = 0x01;      /* parameter version */
    rsp[2] = param;     /* bit 7 clear: parameter valid */
    switch (param) {
    case 0:
        rsp[3] = s->set_in_progress;
        return 4;
    case 3:
        rsp[3] = s->valid_bit_clearing;
        return 4;
    case 4:
        rsp[3] = s->boot_info_ack[0];
        rsp[4] = s->boot_info_ack[1];
        return 5;
    case 5:
        memcpy(rsp + 3, s->boot_flags, MBMC_BOOT_FLAGS_LEN);
        /* Until a client chose, report the firmware the VM really has, when known. */
        if (!s->efi_set_by_client && s->ops && s->be && s->ops->firmware_is_efi &&
            s->ops->firmware_is_efi(s->be) == 1)
            rsp[3] |= BOOT_EFI;
        return 3 + MBMC_BOOT_FLAGS_LEN;
    default:
        return reply_cc(rsp, MBMC_CC_PARAM_NOT_SUPPORTED);
    }
}

unsigned mbmc_chassis_handle(struct mbmc_chassis_state *s, uint8_t cmd, const uint8_t *req,
                             unsigned req_len, uint8_t *rsp, unsigned rsp_cap)
{
    if (rsp_cap < 3 + MBMC_BOOT_FLAGS_LEN)
        return reply_cc(rsp, IPMI_UNKNOWN_ERR_CC);
    switch (cmd) {
    case MBMC_CMD_GET_CHASSIS_CAPS:
        return get_caps(rsp);
    case MBMC_CMD_GET_CHASSIS_STATUS:
        return get_status(s, rsp);
    case MBMC_CMD_CHASSIS_CONTROL:
        return chassis_control(s, req, req_len, rsp);
    case MBMC_CMD_CHASSIS_IDENTIFY:
        return identify(s, req, req_len, rsp);
    case MBMC_CMD_SET_RESTORE_POLICY:
        return set_restore_policy(s, req, req_len, rsp);
    case MBMC_CMD_GET_RESTART_CAUSE:
        return get_restart_cause(s, rsp);
    case MBMC_CMD_SET_BOOT_OPTIONS:
        return set_boot_options(s, req, req_len, rsp);
    case MBMC_CMD_GET_BOOT_OPTIONS:
        return get_boot_options(s, req, req_len, rsp);
    default:
        return reply_cc(rsp, IPMI_INVALID_CMD_CC);
    }
}

/* The valid bit is not auto-expired 60 s after a set (as the spec suggests): ipmitool and
 * MAAS never disable that timer and an override set long before a power-on must still
 * apply. pyghmi's and VirtualBMC's BMCs behave the same. A one-shot is consumed here. */
void mbmc_chassis_logic_booted(struct mbmc_chassis_state *s)
{
    if (!(s->boot_flags[0] & BOOT_VALID) || (s->boot_flags[0] & BOOT_PERSISTENT))
        return;
    s->boot_flags[0] &= (uint8_t)~BOOT_VALID;
    s->persist_dirty = true;
    struct mbmc_boot_override ov;
    mbmc_boot_flags_decode(s->boot_flags, &ov);
    if (s->ops && s->be)
        s->ops->set_boot_override(s->be, &ov);
}

void mbmc_chassis_logic_identify_expired(struct mbmc_chassis_state *s)
{
    if (s->identify == MBMC_IDENTIFY_TIMED)
        s->identify = MBMC_IDENTIFY_OFF;
}
