/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SDR repository commands (Storage NetFn 20h-2Ch) over a fixed set of records: pure,
 * so unit tests walk it the way xCAT, ipmitool and FreeIPMI do. The repository is
 * read-only: the BMC describes itself; Add/Delete/Clear answer "invalid command" and
 * Get SDR Repository Info says no update operation is supported. */
#ifndef MBMC_SDR_REPO_H
#define MBMC_SDR_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "sdr_records.h"

struct mbmc_sdr_repo {
    struct mbmc_sdr recs[MBMC_SDR_COUNT];
    uint32_t built_at;              /* "most recent addition": fixed per record set */
    uint16_t reservation;
};

void mbmc_sdr_repo_init(struct mbmc_sdr_repo *r);

/* One Storage command. rsp has cap (>= 8) bytes; returns the reply length. */
unsigned mbmc_sdr_repo_handle(struct mbmc_sdr_repo *r, uint8_t cmd, const uint8_t *req,
                              unsigned len, uint8_t *rsp, unsigned cap, uint32_t now);

#endif
