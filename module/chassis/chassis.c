/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Glue between ipmi_sim's command table and chassis_logic.c: registers the NetFn 0x00
 * handlers, runs the identify timer, persists boot flags, restore policy and the last
 * power state, writes the event-log entries of power_events.h and applies the power
 * restore policy once after a host boot. Every protocol's chassis commands (IPMI, Redfish)
 * go through run_cmd(), so state, persistence, log and event log are the same for all. */
#include "chassis.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <OpenIPMI/ipmi_err.h>
#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/mcserv.h>

#include "chassis_logic.h"
#include "cmd_register.h"
#include "file_atomic.h"
#include "log.h"
#include "mbmc.h"
#include "power_events.h"
#include "power_policy.h"
#include "sel.h"
#include "sensors.h"

#define STATE_FILE "chassis-state"
#define ED_NONE 0xFF
#define RESTORE_RETRY_MS 2000
#define REPLY_MAX 16

struct mbmc_chassis {
    struct mbmc_chassis_state st;
    struct mbmc_power_events pe;
    struct mbmc_timer *identify_timer;
    struct mbmc_timer *restore_timer;
    bool override_pushed;       /* the restored override reached the backend */
    unsigned controls;          /* accepted Chassis Control requests, whoever sent them */
    bool power_known;           /* the backend reported a power state since start */
    uint8_t restore_cause;      /* a host boot's policy wants the VM on: the restart cause */
    char *state_path;           /* NULL without state_dir */
};

static const char *const origin_names[] = { "IPMI", "Redfish", "the power restore policy" };

/* durable: fsync before the rename (settings a client made). The power state, written at
 * every change, is only renamed into place: atomic for a crash of ipmi_sim, and it does
 * not hold up the event loop on a busy disk. */
static void save_state_as(struct mbmc_chassis *c, bool durable)
{
    c->st.persist_dirty = false;
    if (!c->state_path)
        return;
    char line[256];
    const uint8_t *f = c->st.boot_flags;
    int n = snprintf(line, sizeof(line), "boot-flags=%02x%02x%02x%02x%02x\nrestore-policy=%d\n"
                     "acpi-state=%d\nlast-power=%d\n", f[0], f[1], f[2], f[3], f[4],
                     (int)c->st.restore_policy, c->pe.acpi, c->pe.last_power);
    int e = mbmc_write_atomic(c->state_path, line, (size_t)n, 0600, durable);
    if (e) {
        mbmc_log_once("chassis-save", MBMC_LOG_WARN, "cannot save %s: %s", c->state_path, strerror(e));
        return;
    }
    mbmc_log_once_reset("chassis-save");
}

static void save_state(struct mbmc_chassis *c)
{
    save_state_as(c, true);
}

static void load_state(struct mbmc_chassis *c)
{
    FILE *fp = c->state_path ? fopen(c->state_path, "re") : NULL;
    if (!fp)
        return;
    char line[128];
    int acpi = -1, last = -1;
    while (fgets(line, sizeof(line), fp)) {
        unsigned b[5];
        int v;
        if (sscanf(line, "boot-flags=%2x%2x%2x%2x%2x", &b[0], &b[1], &b[2], &b[3], &b[4]) == 5) {
            for (int i = 0; i < 5; i++)
                c->st.boot_flags[i] = (uint8_t)b[i];
            c->st.efi_set_by_client = true;
        } else if (sscanf(line, "restore-policy=%d", &v) == 1 && v >= 0 && v <= 2) {
            c->st.restore_policy = (enum mbmc_restore_policy)v;
        } else if (sscanf(line, "acpi-state=%d", &v) == 1 && v >= -1 && v <= 14) {
            acpi = v;
        } else if (sscanf(line, "last-power=%d", &v) == 1 && v >= -1 && v <= 1) {
            last = v;
        }
    }
    fclose(fp);
    mbmc_power_events_init(&c->pe, acpi, last);
    mbmc_log(MBMC_LOG_INFO, "restored boot flags %02x %02x from %s", c->st.boot_flags[0],
             c->st.boot_flags[1], c->state_path);
}

/* The backend opens after chassis init: hand it the restored override once it exists. */
static void sync_backend(struct mbmc_bmc *bmc)
{
    struct mbmc_chassis *c = bmc->chassis;
    c->st.be = bmc->be;
    c->st.power.be = bmc->be;
    if (c->override_pushed || !bmc->be)
        return;
    c->override_pushed = true;
    struct mbmc_boot_override ov;
    mbmc_boot_flags_decode(c->st.boot_flags, &ov);
    if (ov.valid)
        bmc->ops->set_boot_override(bmc->be, &ov);
}

static void log_restart(struct mbmc_bmc *bmc, int offset, uint8_t ed2)
{
    if (offset != MBMC_NO_EVENT)
        mbmc_sel_log_event(bmc, MBMC_SENSOR_TYPE_BOOT_INITIATED, MBMC_SENSOR_RESTART,
                           (uint8_t)offset, ed2, ED_NONE);
}

int mbmc_chassis_acpi_state(struct mbmc_bmc *bmc)
{
    return bmc->chassis && bmc->chassis->power_known ? bmc->chassis->pe.acpi : -1;
}

static void identify_expired(void *data)
{
    struct mbmc_chassis *c = data;
    mbmc_chassis_logic_identify_expired(&c->st);
}

/* An accepted power action: count it, and the event-log entry it starts with (a reset or
 * cycle is a restart; the power changes themselves are logged when the backend sees them). */
static void power_accepted(struct mbmc_bmc *bmc, enum mbmc_chassis_op op)
{
    struct mbmc_chassis *c = bmc->chassis;
    c->controls++;
    uint8_t ed2;
    int offset = mbmc_power_events_request(&c->pe, op, mbmc_loop_now_ms(bmc->loop), &ed2);
    log_restart(bmc, offset, ed2);
}

/* One chassis command, from IPMI or another protocol (origin): the logic, then what follows
 * from it (log, event log, identify timer, persistence). Returns the reply length. */
static unsigned run_cmd(struct mbmc_bmc *bmc, uint8_t cmd, const uint8_t *req, unsigned len,
                        uint8_t *rsp, unsigned cap, enum mbmc_origin origin)
{
    struct mbmc_chassis *c = bmc->chassis;
    sync_backend(bmc);
    unsigned n = mbmc_chassis_handle(&c->st, cmd, req, len, rsp, cap);
    if (cmd == MBMC_CMD_CHASSIS_CONTROL && len >= 1) {
        unsigned op = req[0] & 0x0f;
        mbmc_log(rsp[0] ? MBMC_LOG_WARN : MBMC_LOG_INFO, "power %s requested over %s -> cc 0x%02x",
                 mbmc_power_op_name((enum mbmc_chassis_op)op), origin_names[origin], rsp[0]);
        if (rsp[0] == 0)
            power_accepted(bmc, (enum mbmc_chassis_op)op);
    }
    if (cmd == MBMC_CMD_SET_BOOT_OPTIONS || cmd == MBMC_CMD_SET_RESTORE_POLICY)
        mbmc_log(rsp[0] ? MBMC_LOG_WARN : MBMC_LOG_INFO, "chassis cmd 0x%02x %02x %02x over %s -> cc 0x%02x",
                 cmd, len > 0 ? req[0] : 0, len > 1 ? req[1] : 0, origin_names[origin], rsp[0]);
    if (cmd == MBMC_CMD_CHASSIS_IDENTIFY && rsp[0] == 0) {
        if (c->st.identify == MBMC_IDENTIFY_TIMED)
            mbmc_timer_start(c->identify_timer, c->st.identify_seconds * 1000u);
        else
            mbmc_timer_stop(c->identify_timer);
    }
    if (c->st.persist_dirty)
        save_state(c);
    return n;
}

static void handle(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                   void *cb_data)
{
    (void)mc;
    *rdata_len = run_cmd(cb_data, msg->cmd, msg->data, msg->len, rdata, *rdata_len, MBMC_ORIGIN_IPMI);
}

uint8_t mbmc_chassis_power(struct mbmc_bmc *bmc, enum mbmc_chassis_op op, enum mbmc_origin origin)
{
    uint8_t req = (uint8_t)op, rsp[REPLY_MAX];
    if (!bmc->chassis)
        return IPMI_NODE_BUSY_CC;
    run_cmd(bmc, MBMC_CMD_CHASSIS_CONTROL, &req, 1, rsp, sizeof(rsp), origin);
    return rsp[0];
}

unsigned mbmc_chassis_controls(const struct mbmc_bmc *bmc)
{
    return bmc->chassis ? bmc->chassis->controls : 0;
}

void mbmc_chassis_boot_flags(struct mbmc_bmc *bmc, uint8_t flags[5])
{
    uint8_t req = 5, rsp[REPLY_MAX];
    memset(flags, 0, 5);
    if (bmc->chassis && run_cmd(bmc, MBMC_CMD_GET_BOOT_OPTIONS, &req, 1, rsp, sizeof(rsp), MBMC_ORIGIN_IPMI) ==
                            3 + MBMC_BOOT_FLAGS_LEN && rsp[0] == 0)
        memcpy(flags, rsp + 3, MBMC_BOOT_FLAGS_LEN);
}

uint8_t mbmc_chassis_set_boot_flags(struct mbmc_bmc *bmc, const uint8_t flags[5], enum mbmc_origin origin)
{
    uint8_t req[1 + MBMC_BOOT_FLAGS_LEN] = { 5 }, rsp[REPLY_MAX];
    if (!bmc->chassis)
        return IPMI_NODE_BUSY_CC;
    memcpy(req + 1, flags, MBMC_BOOT_FLAGS_LEN);
    run_cmd(bmc, MBMC_CMD_SET_BOOT_OPTIONS, req, sizeof(req), rsp, sizeof(rsp), origin);
    return rsp[0];
}

/* ---- the power restore policy after a host boot (the BMC's own policy, local QEMU) */

static bool restore_pending(const struct mbmc_bmc *bmc)
{
    return bmc->opts.restore_pending && access(bmc->opts.restore_pending, F_OK) == 0;
}

static void restore_done(struct mbmc_bmc *bmc)
{
    if (unlink(bmc->opts.restore_pending) != 0 && errno != ENOENT)
        mbmc_log(MBMC_LOG_WARN, "cannot remove %s: %s", bmc->opts.restore_pending, strerror(errno));
}

/* Power the VM on for the restore policy; until the backend can (QEMU not started yet after
 * the host boot), try again every RESTORE_RETRY_MS. */
static void restore_power_on(struct mbmc_bmc *bmc)
{
    struct mbmc_chassis *c = bmc->chassis;
    if (bmc->be && bmc->ops->power_is_on(bmc->be)) {
        mbmc_log(MBMC_LOG_INFO, "host boot: the VM is on already; nothing for the restore policy to do");
        c->restore_cause = 0;
        restore_done(bmc);
        return;
    }
    uint8_t cc = mbmc_chassis_power(bmc, MBMC_OP_ON, MBMC_ORIGIN_RESTORE_POLICY);
    if (cc != 0) {
        mbmc_log_once("restore-wait", MBMC_LOG_INFO, "host boot: the restore policy powers the VM on "
                      "as soon as its QEMU can be reached (completion code 0x%02x for now)", cc);
        mbmc_timer_start(c->restore_timer, RESTORE_RETRY_MS);
        return;
    }
    mbmc_log_once_reset("restore-wait");
    c->st.restart_cause = c->restore_cause;
    log_restart(bmc, MBMC_BOOT_SYSTEM_RESTART, c->restore_cause);
    c->restore_cause = 0;
    restore_done(bmc);
}

/* Decide once per host boot, from the state the VM had before (last_power). */
static void apply_restore_policy(struct mbmc_bmc *bmc, bool on, int last_power)
{
    struct mbmc_chassis *c = bmc->chassis;
    enum mbmc_restore_policy p = mbmc_chassis_logic_policy(&c->st);
    if (bmc->ops->restore_policy) {
        mbmc_log(MBMC_LOG_INFO, "host boot: the %s platform applies the VM's restore policy itself",
                 bmc->ops->name);
        restore_done(bmc);
        return;
    }
    bool want_on = p == MBMC_RESTORE_ON || (p == MBMC_RESTORE_PREVIOUS && last_power == 1);
    const char *pname = p == MBMC_RESTORE_ON ? "always-on" : p == MBMC_RESTORE_PREVIOUS ? "previous" : "always-off";
    mbmc_log(MBMC_LOG_INFO, "host boot: power restore policy %s%s: the VM %s", pname,
             p == MBMC_RESTORE_PREVIOUS ? (last_power == 1 ? " (it was on)" : " (it was off)") : "",
             !want_on ? "stays off" : on ? "is on already" : "is powered on");
    if (!want_on || on) {
        restore_done(bmc);
        return;
    }
    c->restore_cause = p == MBMC_RESTORE_ON ? MBMC_RESTART_CAUSE_ALWAYS_RESTORE
                                            : MBMC_RESTART_CAUSE_RESTORE_PREVIOUS;
    restore_power_on(bmc);
}

static void restore_retry(void *data)
{
    struct mbmc_bmc *bmc = data;
    if (bmc->chassis->restore_cause && restore_pending(bmc))
        restore_power_on(bmc);
}

static const uint8_t handled_cmds[] = {
    MBMC_CMD_GET_CHASSIS_CAPS, MBMC_CMD_GET_CHASSIS_STATUS, MBMC_CMD_CHASSIS_CONTROL,
    MBMC_CMD_CHASSIS_IDENTIFY, MBMC_CMD_SET_RESTORE_POLICY, MBMC_CMD_GET_RESTART_CAUSE,
    MBMC_CMD_SET_BOOT_OPTIONS, MBMC_CMD_GET_BOOT_OPTIONS,
};

int mbmc_chassis_init(struct mbmc_bmc *bmc, char *err, size_t errlen)
{
    struct mbmc_chassis *c = calloc(1, sizeof(*c));
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    bmc->chassis = c;
    mbmc_chassis_state_init(&c->st, bmc->ops, bmc->be, bmc->opts.restore_policy);
    mbmc_power_events_init(&c->pe, -1, -1);
    c->identify_timer = mbmc_timer_new(bmc->loop, identify_expired, c);
    c->restore_timer = mbmc_timer_new(bmc->loop, restore_retry, bmc);
    if (!c->identify_timer || !c->restore_timer) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (bmc->opts.state_dir) {
        size_t n = strlen(bmc->opts.state_dir) + sizeof("/" STATE_FILE);
        c->state_path = malloc(n);
        if (!c->state_path) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        snprintf(c->state_path, n, "%s/%s", bmc->opts.state_dir, STATE_FILE);
        load_state(c);
    }
    return mbmc_register_cmds(bmc->sys, IPMI_CHASSIS_NETFN, handled_cmds, sizeof(handled_cmds), handle, bmc,
                              err, errlen);
}

void mbmc_chassis_cleanup(struct mbmc_bmc *bmc)
{
    struct mbmc_chassis *c = bmc->chassis;
    if (!c)
        return;
    if (c->identify_timer)
        mbmc_timer_free(c->identify_timer);
    if (c->restore_timer)
        mbmc_timer_free(c->restore_timer);
    free(c->state_path);
    free(c);
    bmc->chassis = NULL;
}

void mbmc_chassis_on_power_changed(struct mbmc_bmc *bmc, bool on)
{
    struct mbmc_chassis *c = bmc->chassis;
    if (!c)
        return;
    sync_backend(bmc);
    bool first = !c->power_known;
    c->power_known = true;
    int last_power = c->pe.last_power;     /* before this report: the restore policy's input */
    bool host_boot = first && restore_pending(bmc);
    /* After a host boot the VM's process is new: whatever state it had before is gone. */
    if (host_boot && !on)
        mbmc_power_events_vm_gone(&c->pe);
    int offset = mbmc_power_events_report(&c->pe, on, mbmc_loop_now_ms(bmc->loop));
    if (offset != MBMC_NO_EVENT)
        mbmc_sel_log_event(bmc, MBMC_SENSOR_TYPE_ACPI_POWER_STATE, MBMC_SENSOR_ACPI_STATE,
                           (uint8_t)offset, ED_NONE, ED_NONE);
    save_state_as(c, false);
    if (host_boot)
        apply_restore_policy(bmc, on, last_power);
}

void mbmc_chassis_on_power_done(struct mbmc_bmc *bmc, const char *err)
{
    if (!bmc->chassis)
        return;
    sync_backend(bmc);
    mbmc_power_control_done(&bmc->chassis->st.power, err);
}

void mbmc_chassis_on_vm_gone(struct mbmc_bmc *bmc)
{
    if (bmc->chassis)
        mbmc_power_events_vm_gone(&bmc->chassis->pe);
}

void mbmc_chassis_on_booted(struct mbmc_bmc *bmc)
{
    struct mbmc_chassis *c = bmc->chassis;
    if (!c)
        return;
    sync_backend(bmc);
    bool was_valid = c->st.boot_flags[0] & 0x80;
    struct mbmc_boot_override ov;
    mbmc_boot_flags_decode(c->st.boot_flags, &ov);
    mbmc_chassis_logic_booted(&c->st);
    if (was_valid) {
        uint8_t ed2;
        int offset = mbmc_power_events_override_boot(ov.device, &ed2);
        log_restart(bmc, offset, ed2);
    }
    if (was_valid && !(c->st.boot_flags[0] & 0x80))
        mbmc_log(MBMC_LOG_INFO, "one-shot boot override consumed by this boot");
    if (c->st.persist_dirty)
        save_state(c);
}
