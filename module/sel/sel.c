/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ipmi_cc.h"
#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/mcserv.h>

#include "cmd_register.h"
#include "file_atomic.h"
#include "log.h"
#include "mbmc.h"
#include "sel_store.h"
#include "sensors.h"
#include "sim_abi.h"

#define SEL_FILE "sel"
#define RECORD_TYPE_SYSTEM_EVENT 0x02
#define ED_UNSPECIFIED 0xFF
#define ED2_SENSOR_SPECIFIC 0xC0        /* event data 1 bits 7:6: ED2 holds extension data */
#define ED3_SENSOR_SPECIFIC 0x30        /* bits 5:4: ED3 too */

struct mbmc_sel {
    struct mbmc_sel_store store;
    char *path;                         /* NULL: in memory only */
};

static int64_t host_now(void)
{
    return (int64_t)time(NULL);
}

static void save(struct mbmc_sel *sel)
{
    if (!sel->path)
        return;
    char *text = mbmc_sel_serialize(&sel->store);
    if (!text) {
        mbmc_log_once("sel-save", MBMC_LOG_WARN, "cannot save the event log: out of memory");
        return;
    }
    /* Not durable (no fsync): atomic for a crash of ipmi_sim, and a busy disk does not hold
     * up the event loop at every power change. */
    int e = mbmc_write_atomic(sel->path, text, strlen(text), 0600, false);
    free(text);
    if (e) {
        mbmc_log_once("sel-save", MBMC_LOG_WARN, "cannot save the event log to %s: %s (the "
                      "entries stay in memory)", sel->path, strerror(e));
        return;
    }
    mbmc_log_once_reset("sel-save");
}

/* A log that cannot be read is kept aside (sel.bad), never overwritten. */
static void load(struct mbmc_sel *sel)
{
    FILE *fp = fopen(sel->path, "re");
    if (!fp) {
        if (errno != ENOENT)
            mbmc_log(MBMC_LOG_WARN, "cannot read the event log %s: %s", sel->path, strerror(errno));
        return;
    }
    char *text = NULL;
    size_t cap = 0, len = 0;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
        if (len + n + 1 > cap) {
            size_t ncap = (len + n + 1) * 2;
            char *t = realloc(text, ncap);
            if (!t)
                break;
            text = t;
            cap = ncap;
        }
        memcpy(text + len, buf, n);
        len += n;
    }
    fclose(fp);
    if (!text)
        return;
    text[len] = '\0';
    char err[200];
    if (mbmc_sel_deserialize(&sel->store, text, err, sizeof(err)) == 0) {
        mbmc_log(MBMC_LOG_INFO, "event log: %u entries from %s", sel->store.count, sel->path);
    } else {
        char bad[4096];
        snprintf(bad, sizeof(bad), "%s.bad", sel->path);
        int rc = rename(sel->path, bad);
        mbmc_log(MBMC_LOG_ERR, "event log %s is damaged (%s); %s, starting an empty log", sel->path,
                 err, rc == 0 ? "kept it as sel.bad" : "could not move it aside");
    }
    free(text);
}

static void handle_sel_cmd(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                           void *cb_data)
{
    (void)mc;
    struct mbmc_sel *sel = cb_data;
    bool changed;
    *rdata_len = mbmc_sel_handle(&sel->store, msg->cmd, msg->data, msg->len, rdata, *rdata_len,
                                 host_now(), &changed);
    if (changed)
        save(sel);
    if (msg->cmd == IPMI_CLEAR_SEL_CMD && rdata[0] == MBMC_CC_OK && msg->len >= 6 &&
        msg->data[5] == 0xAA)
        mbmc_log(MBMC_LOG_INFO, "event log cleared by a client");
}

/* Platform Event Message: from the system interface with a generator id first (8 bytes),
 * over LAN without it (7 bytes; the requester's software id is the generator). */
static void handle_platform_event(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
                                  unsigned int *rdata_len, void *cb_data)
{
    (void)mc;
    struct mbmc_sel *sel = cb_data;
    uint8_t rec[MBMC_SEL_RECORD_LEN] = { 0 };
    const uint8_t *ev;
    uint8_t gen;
    if (msg->len == 8) {
        gen = msg->data[0];
        ev = msg->data + 1;
    } else if (msg->len == 7) {
        gen = mbmc_msg_rq_addr(msg);
        ev = msg->data;
    } else {
        rdata[0] = IPMI_REQUEST_DATA_LENGTH_INVALID_CC;
        *rdata_len = 1;
        return;
    }
    unsigned chan = msg->orig_channel ? msg->orig_channel->channel_num : 0;
    rec[2] = RECORD_TYPE_SYSTEM_EVENT;
    rec[7] = gen;
    rec[8] = (uint8_t)((chan & 0x0f) << 4 | (mbmc_msg_rq_lun(msg) & 0x3));
    memcpy(rec + 9, ev, 7);
    if (mbmc_sel_add(&sel->store, rec, host_now()) < 0)
        mbmc_log_once("sel-full", MBMC_LOG_WARN, "event log full: events are dropped until it is cleared");
    save(sel);
    rdata[0] = MBMC_CC_OK;
    *rdata_len = 1;
}

static const uint8_t sel_cmds[] = {
    IPMI_GET_SEL_INFO_CMD, IPMI_GET_SEL_ALLOCATION_INFO_CMD, IPMI_RESERVE_SEL_CMD,
    IPMI_GET_SEL_ENTRY_CMD, IPMI_ADD_SEL_ENTRY_CMD, IPMI_PARTIAL_ADD_SEL_ENTRY_CMD,
    IPMI_DELETE_SEL_ENTRY_CMD, IPMI_CLEAR_SEL_CMD, IPMI_GET_SEL_TIME_CMD, IPMI_SET_SEL_TIME_CMD,
};

int mbmc_sel_attach(struct mbmc_bmc *bmc, char *err, size_t errlen)
{
    struct mbmc_sel *sel = calloc(1, sizeof(*sel));
    if (!sel || mbmc_sel_init(&sel->store, bmc->opts.sel_entries)) {
        free(sel);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    bmc->sel = sel;
    if (bmc->opts.state_dir) {
        size_t n = strlen(bmc->opts.state_dir) + sizeof("/" SEL_FILE);
        sel->path = malloc(n);
        if (!sel->path) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        snprintf(sel->path, n, "%s/%s", bmc->opts.state_dir, SEL_FILE);
        load(sel);
    }
    static const uint8_t platform_event[] = { IPMI_PLATFORM_EVENT_CMD };
    if (mbmc_register_cmds(bmc->sys, IPMI_STORAGE_NETFN, sel_cmds, sizeof(sel_cmds), handle_sel_cmd, sel, err, errlen))
        return -1;
    return mbmc_register_cmds(bmc->sys, IPMI_SENSOR_EVENT_NETFN, platform_event, 1, handle_platform_event, sel,
                              err, errlen);
}

void mbmc_sel_detach(struct mbmc_bmc *bmc)
{
    struct mbmc_sel *sel = bmc->sel;
    if (!sel)
        return;
    mbmc_sel_free(&sel->store);
    free(sel->path);
    free(sel);
    bmc->sel = NULL;
}

void mbmc_sel_log_event(struct mbmc_bmc *bmc, uint8_t sensor_type, uint8_t sensor, uint8_t offset,
                        uint8_t ed2, uint8_t ed3)
{
    struct mbmc_sel *sel = bmc->sel;
    if (!sel)
        return;
    uint8_t rec[MBMC_SEL_RECORD_LEN] = { 0 };
    rec[2] = RECORD_TYPE_SYSTEM_EVENT;
    rec[7] = MBMC_BMC_ADDR;
    rec[8] = 0x00;                      /* channel 0, LUN 0 */
    rec[9] = MBMC_EVM_REV;
    rec[10] = sensor_type;
    rec[11] = sensor;
    rec[12] = MBMC_EVENT_TYPE_SENSOR_SPECIFIC;   /* assertion */
    rec[13] = (uint8_t)((offset & 0x0f) | (ed2 != ED_UNSPECIFIED ? ED2_SENSOR_SPECIFIC : 0) |
                        (ed3 != ED_UNSPECIFIED ? ED3_SENSOR_SPECIFIC : 0));
    rec[14] = ed2;
    rec[15] = ed3;
    int id = mbmc_sel_add(&sel->store, rec, host_now());
    if (id < 0) {
        mbmc_log_once("sel-full", MBMC_LOG_WARN, "event log full (%u entries): events are dropped "
                      "until it is cleared", sel->store.max);
        save(sel);                      /* the overflow flag */
        return;
    }
    mbmc_log_once_reset("sel-full");
    mbmc_log(MBMC_LOG_DEBUG, "event log entry %d: sensor type 0x%02x offset 0x%02x", id, sensor_type,
             offset);
    save(sel);
}
