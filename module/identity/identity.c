/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi_cc.h"
#include <OpenIPMI/ipmi_msgbits.h>
#include <OpenIPMI/mcserv.h>

#include "cmd_register.h"
#include "fru_image.h"
#include "lan_guid.h"
#include "log.h"
#include "mbmc.h"
#include "sysinfo.h"
#include "uuid.h"
#include "vm_identity.h"

#define GET_SYSTEM_GUID_CMD 0x37
#define SET_SYSTEM_INFO_CMD 0x58
#define GET_SYSTEM_INFO_CMD 0x59
#define FRU_BYTE_ACCESS 0x00
#define LAN_GUID_RETRY_MS 50

struct mbmc_identity {
    struct mbmc_bmc *bmc;
    uint8_t guid[16];                   /* IPMI byte order: what Get (System|Device) GUID says */
    bool guid_from_vm;
    bool lan_ready;                     /* post_init ran: LAN channels exist */
    struct mbmc_timer *lan_guid_wait;   /* a login is between RAKP 2 and RAKP 4 */
    uint8_t fru[MBMC_FRU_MAX];
    unsigned fru_len;
    struct mbmc_sysinfo sysinfo;
    char serial_fallback[16];           /* the VMID, when the VM has no SMBIOS serial */
};

static const struct mbmc_vm_identity *vm_facts(struct mbmc_bmc *bmc)
{
    static const struct mbmc_vm_identity none;
    const struct mbmc_vm_identity *id = bmc->be && bmc->ops->identity ? bmc->ops->identity(bmc->be) : NULL;
    return id ? id : &none;
}

/* A login between RAKP 2 and RAKP 4 would fail if the GUID changed under it (the console
 * checks RAKP 4 against the GUID of RAKP 2): wait for it. Handshakes end or expire within
 * MBMC_SESSION_STARTUP_SECONDS, so the wait is short. */
static void set_lan_guid(struct mbmc_identity *idt);

static void lan_guid_retry(void *data)
{
    set_lan_guid(data);
}

static void set_lan_guid(struct mbmc_identity *idt)
{
    struct mbmc_bmc *bmc = idt->bmc;
    if (bmc->loop && mbmc_lan_guid_in_handshake(bmc->sys)) {
        if (!idt->lan_guid_wait)
            idt->lan_guid_wait = mbmc_timer_new(bmc->loop, lan_guid_retry, idt);
        if (idt->lan_guid_wait) {
            mbmc_timer_start(idt->lan_guid_wait, LAN_GUID_RETRY_MS);
            return;
        }
    }
    mbmc_lan_guid_set(bmc->sys, idt->guid);
}

static void rebuild(struct mbmc_identity *idt)
{
    struct mbmc_bmc *bmc = idt->bmc;
    const struct mbmc_vm_identity *vm = vm_facts(bmc);
    const char *name = vm->name[0] ? vm->name : (bmc->sys && bmc->sys->name ? bmc->sys->name : "");
    const char *serial = vm->serial[0] ? vm->serial : idt->serial_fallback;
    struct mbmc_fru_fields f = {
        .chassis_type = MBMC_FRU_CHASSIS_OTHER,
        .chassis_serial = serial,
        .manufacturer = vm->manufacturer[0] ? vm->manufacturer : "QEMU",
        .product_name = name,
        .product_part = vm->product,
        .product_serial = serial,
        .asset_tag = bmc->sys && bmc->sys->name ? bmc->sys->name : "",
    };
    int n = mbmc_fru_build(&f, idt->fru, sizeof(idt->fru));
    idt->fru_len = n > 0 ? (unsigned)n : 0;
    mbmc_sysinfo_put(&idt->sysinfo, MBMC_SYSINFO_FIRMWARE, vm->firmware);
    mbmc_sysinfo_put(&idt->sysinfo, MBMC_SYSINFO_SYSTEM_NAME, name);

    if (vm->uuid_known) {
        uint8_t g[16];
        mbmc_uuid_to_ipmi(vm->uuid, g);
        if (!idt->guid_from_vm || memcmp(g, idt->guid, 16)) {
            char text[37];
            mbmc_uuid_format(vm->uuid, text);
            mbmc_log(MBMC_LOG_INFO, "system GUID is the VM's SMBIOS UUID %s", text);
        }
        memcpy(idt->guid, g, 16);
        idt->guid_from_vm = true;
    }
    /* lanserv answers Get System GUID over LAN itself and uses it in RMCP+ logins. */
    if (idt->guid_from_vm && idt->lan_ready && bmc->sys)
        set_lan_guid(idt);
}

static void reply_cc(unsigned char *rdata, unsigned int *rdata_len, uint8_t cc)
{
    rdata[0] = cc;
    *rdata_len = 1;
}

static void handle_guid(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                        void *cb_data)
{
    (void)mc;
    (void)msg;
    struct mbmc_identity *idt = cb_data;
    rdata[0] = MBMC_CC_OK;
    memcpy(rdata + 1, idt->guid, 16);
    *rdata_len = 17;
}

static void handle_fru(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                       void *cb_data)
{
    (void)mc;
    struct mbmc_identity *idt = cb_data;
    unsigned cap = *rdata_len;
    if (msg->len < 1)
        return reply_cc(rdata, rdata_len, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
    if (msg->data[0] != 0)              /* only FRU 0 exists; pyghmi reads 0xCB as "absent" */
        return reply_cc(rdata, rdata_len, IPMI_NOT_PRESENT_CC);
    switch (msg->cmd) {
    case IPMI_GET_FRU_INVENTORY_AREA_INFO_CMD:
        rdata[0] = MBMC_CC_OK;
        rdata[1] = idt->fru_len & 0xff;
        rdata[2] = (idt->fru_len >> 8) & 0xff;
        rdata[3] = FRU_BYTE_ACCESS;
        *rdata_len = 4;
        return;
    case IPMI_READ_FRU_DATA_CMD: {
        if (msg->len < 4)
            return reply_cc(rdata, rdata_len, IPMI_REQUEST_DATA_LENGTH_INVALID_CC);
        unsigned off = msg->data[1] | (msg->data[2] << 8), n = msg->data[3];
        if (off >= idt->fru_len)
            return reply_cc(rdata, rdata_len, IPMI_PARAMETER_OUT_OF_RANGE_CC);
        if (n > idt->fru_len - off)
            n = idt->fru_len - off;
        if (n + 2 > cap)                /* "count returned" tells the client */
            n = cap - 2;
        rdata[0] = MBMC_CC_OK;
        rdata[1] = (uint8_t)n;
        memcpy(rdata + 2, idt->fru + off, n);
        *rdata_len = 2 + n;
        return;
    }
    default:    /* Write FRU Data: the inventory is the hypervisor's, not writable */
        return reply_cc(rdata, rdata_len, MBMC_CC_FRU_WRITE_PROTECTED);
    }
}

static void handle_sysinfo(lmc_data_t *mc, msg_t *msg, unsigned char *rdata, unsigned int *rdata_len,
                           void *cb_data)
{
    (void)mc;
    struct mbmc_identity *idt = cb_data;
    *rdata_len = mbmc_sysinfo_handle(&idt->sysinfo, msg->cmd, msg->data, msg->len, rdata, *rdata_len);
}

static const uint8_t guid_cmds[] = { IPMI_GET_DEVICE_GUID_CMD, GET_SYSTEM_GUID_CMD /* system interface path */ };
static const uint8_t sysinfo_cmds[] = { SET_SYSTEM_INFO_CMD, GET_SYSTEM_INFO_CMD };
static const uint8_t fru_cmds[] = { IPMI_GET_FRU_INVENTORY_AREA_INFO_CMD, IPMI_READ_FRU_DATA_CMD,
                                    IPMI_WRITE_FRU_DATA_CMD };

int mbmc_identity_attach(struct mbmc_bmc *bmc, char *err, size_t errlen)
{
    struct mbmc_identity *idt = calloc(1, sizeof(*idt));
    if (!idt) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    idt->bmc = bmc;
    bmc->identity = idt;
    if (bmc->opts.vmid)
        snprintf(idt->serial_fallback, sizeof(idt->serial_fallback), "%u", bmc->opts.vmid);
    rebuild(idt);
    if (mbmc_register_cmds(bmc->sys, IPMI_APP_NETFN, guid_cmds, sizeof(guid_cmds), handle_guid, idt, err, errlen) ||
        mbmc_register_cmds(bmc->sys, IPMI_APP_NETFN, sysinfo_cmds, sizeof(sysinfo_cmds), handle_sysinfo, idt, err, errlen))
        return -1;
    return mbmc_register_cmds(bmc->sys, IPMI_STORAGE_NETFN, fru_cmds, sizeof(fru_cmds), handle_fru, idt, err, errlen);
}

void mbmc_identity_post_init(struct mbmc_bmc *bmc)
{
    struct mbmc_identity *idt = bmc->identity;
    if (!idt)
        return;
    idt->lan_ready = true;
    if (!idt->guid_from_vm && mbmc_lan_guid_get(bmc->sys, idt->guid) != 0)
        mbmc_log(MBMC_LOG_WARN, "no LAN channel with a GUID: Get Device GUID answers zeros until "
                 "the VM's UUID is known");
    rebuild(idt);
}

void mbmc_identity_changed(struct mbmc_bmc *bmc)
{
    if (bmc->identity)
        rebuild(bmc->identity);
}

void mbmc_identity_detach(struct mbmc_bmc *bmc)
{
    if (bmc->identity)
        mbmc_timer_free(bmc->identity->lan_guid_wait);
    free(bmc->identity);
    bmc->identity = NULL;
}
