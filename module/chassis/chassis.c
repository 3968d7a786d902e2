/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Glue between ipmi_sim's command table and chassis_logic.c: registers the NetFn 0x00
 * handlers, runs the identify timer and persists boot flags and restore policy. */
#include "chassis.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/mcserv.h>

#include "chassis_logic.h"
#include "log.h"
#include "mbmc.h"
#include "sim_abi.h"

#define STATE_FILE "chassis-state"

struct mbmc_chassis {
    struct mbmc_chassis_state st;
    struct mbmc_timer *identify_timer;
    bool override_pushed;       /* the restored override reached the backend */
    char *state_path;           /* NULL without state_dir */
};

static void save_state(struct mbmc_chassis *c)
{
    c->st.persist_dirty = false;
    if (!c->state_path)
        return;
    char tmp[4096];
    snprintf(tmp, sizeof(tmp), "%s.tmp", c->state_path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        mbmc_log_once("chassis-save", MBMC_LOG_WARN, "cannot write %s: %s", tmp, strerror(errno));
        return;
    }
    char line[128];
    const uint8_t *f = c->st.boot_flags;
    int n = snprintf(line, sizeof(line), "boot-flags=%02x%02x%02x%02x%02x\nrestore-policy=%d\n",
                     f[0], f[1], f[2], f[3], f[4], (int)c->st.restore_policy);
    bool ok = write(fd, line, (size_t)n) == n && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, c->state_path) != 0) {
        mbmc_log_once("chassis-save", MBMC_LOG_WARN, "cannot save %s: %s", c->state_path,
                      strerror(errno));
        unlink(tmp);
        return;
    }
    mbmc_log_once_reset("chassis-save");
}

static void load_state(struct mbmc_chassis *c)
{
    FILE *fp = c->state_path ? fopen(c->state_path, "re") : NULL;
    if (!fp)
        return;
    char line[128];
    while (fgets(line, sizeof(line), fp)) {
        unsigned b[5];
        int policy;
        if (sscanf(line, "boot-flags=%2x%2x%2x%2x%2x", &b[0], &b[1], &b[2], &b[3], &b[4]) == 5) {
            for (int i = 0; i < 5; i++)
                c->st.boot_flags[i] = (uint8_t)b[i];
            c->st.efi_set_by_client = true;
        } else if (sscanf(line, "restore-policy=%d", &policy) == 1 && policy >= 0 && policy <= 2) {
            c->st.restore_policy = (enum mbmc_restore_policy)policy;
        }
    }
    fclose(fp);
    mbmc_log(MBMC_LOG_INFO, "restored boot flags %02x %02x from %s", c->st.boot_flags[0],
             c->st.boot_flags[1], c->state_path);
}

/* The backend opens after chassis init: hand it the restored override once it exists. */
static void sync_backend(struct mbmc_bmc *bmc)
{
    struct mbmc_chassis *c = bmc->chassis;
    c->st.be = bmc->be;
    if (c->override_pushed || !bmc->be)
        return;
    c->override_pushed = true;
    struct mbmc_boot_override ov;
    mbmc_boot_flags_decode(c->st.boot_flags, &ov);
    if (ov.valid)
        bmc->ops->set_boot_override(bmc->be, &ov);
}

static void identify_expired(void *data)
{
    struct mbmc_chassis *c = data;
    mbmc_chassis_logic_identify_expired(&c->st);
}

static void handle(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                   void *cb_data)
{
    (void)mc;
    struct mbmc_bmc *bmc = cb_data;
    struct mbmc_chassis *c = bmc->chassis;
    sync_backend(bmc);
    unsigned len = mbmc_chassis_handle(&c->st, msg->cmd, msg->data, msg->len, rdata, *rdata_len);
    *rdata_len = len;
    if (msg->cmd == MBMC_CMD_CHASSIS_CONTROL || msg->cmd == MBMC_CMD_SET_BOOT_OPTIONS)
        mbmc_log(rdata[0] ? MBMC_LOG_WARN : MBMC_LOG_INFO, "chassis cmd 0x%02x %02x %02x -> cc 0x%02x",
                 msg->cmd, msg->len > 0 ? msg->data[0] : 0, msg->len > 1 ? msg->data[1] : 0,
                 rdata[0]);
    if (msg->cmd == MBMC_CMD_CHASSIS_IDENTIFY && rdata[0] == 0) {
        if (c->st.identify == MBMC_IDENTIFY_TIMED)
            mbmc_timer_start(c->identify_timer, c->st.identify_seconds * 1000u);
        else
            mbmc_timer_stop(c->identify_timer);
    }
    if (c->st.persist_dirty)
        save_state(c);
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
    c->identify_timer = mbmc_timer_new(bmc->loop, identify_expired, c);
    if (!c->identify_timer) {
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
    for (size_t i = 0; i < sizeof(handled_cmds); i++) {
        int rc = mbmc_sim_register_cmd(bmc->sys, IPMI_CHASSIS_NETFN, handled_cmds[i], handle, bmc);
        if (rc) {
            snprintf(err, errlen, "cannot register chassis command 0x%02x: %s", handled_cmds[i],
                     strerror(rc));
            return -1;
        }
    }
    return 0;
}

void mbmc_chassis_cleanup(struct mbmc_bmc *bmc)
{
    struct mbmc_chassis *c = bmc->chassis;
    if (!c)
        return;
    if (c->identify_timer)
        mbmc_timer_free(c->identify_timer);
    free(c->state_path);
    free(c);
    bmc->chassis = NULL;
}

void mbmc_chassis_on_power_changed(struct mbmc_bmc *bmc, bool on)
{
    (void)on;
    if (bmc->chassis)
        sync_backend(bmc);
}

void mbmc_chassis_on_booted(struct mbmc_bmc *bmc)
{
    struct mbmc_chassis *c = bmc->chassis;
    if (!c)
        return;
    sync_backend(bmc);
    bool was_valid = c->st.boot_flags[0] & 0x80;
    mbmc_chassis_logic_booted(&c->st);
    if (was_valid && !(c->st.boot_flags[0] & 0x80))
        mbmc_log(MBMC_LOG_INFO, "one-shot boot override consumed by this boot");
    if (c->st.persist_dirty)
        save_state(c);
}
