/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session-less RMCP+ packets (see rmcpp_out.h). */
#include "rmcpp_out.h"

#include <string.h>
#include <sys/uio.h>

#define RMCPP_HDR_LEN 16        /* RMCP 4 + auth type + payload type + SID 4 + seq 4 + len 2 */
#define IPMI_RSP_MAX 64

static uint8_t checksum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    while (n--)
        s = (uint8_t)(s + *p++);
    return (uint8_t)-s;
}

void mbmc_rmcpp_send(lanserv_data_t *lan, const msg_t *msg, uint8_t payload_type,
                     const uint8_t *payload, size_t len)
{
    uint8_t hdr[RMCPP_HDR_LEN] = {
        0x06, 0x00, 0xff, 0x07,         /* RMCP v1.0, no ACK, class IPMI */
        IPMI_AUTHTYPE_RMCP_PLUS, payload_type,
        0, 0, 0, 0,                     /* session id 0 */
        0, 0, 0, 0,                     /* sequence 0 */
        (uint8_t)len, (uint8_t)(len >> 8),
    };
    struct iovec iov[2] = {
        {.iov_base = hdr, .iov_len = sizeof(hdr)},
        {.iov_base = (void *)payload, .iov_len = len},
    };
    lan->send_out(lan, iov, 2, msg->src_addr, msg->src_len);
}

void mbmc_rmcpp_send_ipmi_rsp(lanserv_data_t *lan, const msg_t *msg, const uint8_t *req,
                              const uint8_t *rsp_data, size_t rsp_len)
{
    uint8_t out[7 + IPMI_RSP_MAX];
    if (rsp_len > IPMI_RSP_MAX)
        return;
    /* Request: rsAddr, netFn/rsLUN, chk, rqAddr, rqSeq/rqLUN, cmd. The response swaps the
     * addresses and LUNs and sets the response bit of the NetFn. */
    out[0] = req[3];
    out[1] = (uint8_t)((((req[1] >> 2) | 1) << 2) | (req[4] & 3));
    out[2] = checksum(out, 2);
    out[3] = req[0];
    out[4] = (uint8_t)((req[4] & 0xfc) | (req[1] & 3));
    out[5] = req[5];
    memcpy(out + 6, rsp_data, rsp_len);
    out[6 + rsp_len] = checksum(out + 3, 3 + rsp_len);
    mbmc_rmcpp_send(lan, msg, 0x00, out, 7 + rsp_len);
}
