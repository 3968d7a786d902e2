/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sending session-less RMCP+ packets (session id 0, sequence 0, no integrity or
 * confidentiality): pre-session answers and RAKP messages. */
#ifndef MBMC_RMCPP_OUT_H
#define MBMC_RMCPP_OUT_H

#include <stddef.h>
#include <stdint.h>

#include <OpenIPMI/lanserv.h>

/* Send payload (type payload_type) to the sender of msg through lanserv's socket. */
void mbmc_rmcpp_send(lanserv_data_t *lan, const msg_t *msg, uint8_t payload_type,
                     const uint8_t *payload, size_t len);

/* Answer a session-less RMCP+ IPMI request (raw message in req[0..req_len)) with
 * completion code and data, as an IPMI payload (type 0). */
void mbmc_rmcpp_send_ipmi_rsp(lanserv_data_t *lan, const msg_t *msg, const uint8_t *req,
                              const uint8_t *rsp_data, size_t rsp_len);

#endif
