/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sdr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/mcserv.h>

#include "chassis.h"
#include "cmd_register.h"
#include "mbmc.h"
#include "sdr_repo.h"
#include "sensor_cmds.h"

struct mbmc_sdr_glue {
    struct mbmc_bmc *bmc;
    struct mbmc_sdr_repo repo;
};

static void handle_repo(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                        void *cb_data)
{
    (void)mc;
    struct mbmc_sdr_glue *g = cb_data;
    *rdata_len = mbmc_sdr_repo_handle(&g->repo, msg->cmd, msg->data, msg->len, rdata, *rdata_len,
                                      (uint32_t)time(NULL));
}

static void handle_sensor(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                          void *cb_data)
{
    (void)mc;
    struct mbmc_sdr_glue *g = cb_data;
    struct mbmc_sensor_state st = { .acpi_offset = mbmc_chassis_acpi_state(g->bmc) };
    *rdata_len = mbmc_sensor_handle(&st, msg->cmd, msg->data, msg->len, rdata, *rdata_len);
}

static const uint8_t repo_cmds[] = {
    IPMI_GET_SDR_REPOSITORY_INFO_CMD, IPMI_GET_SDR_REPOSITORY_ALLOC_INFO_CMD,
    IPMI_RESERVE_SDR_REPOSITORY_CMD, IPMI_GET_SDR_CMD, 0x24 /* Add SDR */, 0x25 /* Partial Add */,
    0x26 /* Delete SDR */, IPMI_CLEAR_SDR_REPOSITORY_CMD, IPMI_GET_SDR_REPOSITORY_TIME_CMD,
    IPMI_SET_SDR_REPOSITORY_TIME_CMD, IPMI_ENTER_SDR_REPOSITORY_UPDATE_CMD,
    IPMI_EXIT_SDR_REPOSITORY_UPDATE_CMD, 0x2C /* Run Initialization Agent */,
};

static const uint8_t sensor_cmds[] = {
    IPMI_GET_SENSOR_READING_CMD, 0x2F /* Get Sensor Type */, 0x29 /* Get Sensor Event Enable */,
    0x2B /* Get Sensor Event Status */, 0x25 /* Get Sensor Hysteresis */,
    0x27 /* Get Sensor Thresholds */, IPMI_GET_SENSOR_READING_FACTORS_CMD,
};

int mbmc_sdr_attach(struct mbmc_bmc *bmc, char *err, size_t errlen)
{
    struct mbmc_sdr_glue *g = calloc(1, sizeof(*g));
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    g->bmc = bmc;
    mbmc_sdr_repo_init(&g->repo);
    bmc->sdr = g;
    if (mbmc_register_cmds(bmc->sys, IPMI_STORAGE_NETFN, repo_cmds, sizeof(repo_cmds), handle_repo, g, err, errlen))
        return -1;
    return mbmc_register_cmds(bmc->sys, IPMI_SENSOR_EVENT_NETFN, sensor_cmds, sizeof(sensor_cmds), handle_sensor, g,
                              err, errlen);
}

void mbmc_sdr_detach(struct mbmc_bmc *bmc)
{
    free(bmc->sdr);
    bmc->sdr = NULL;
}
