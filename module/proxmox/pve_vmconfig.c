/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pve_vmconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi_cc.h"
#include "log.h"
#include "pve_identity.h"
#include "pve_parse.h"

struct pve_vmconfig {
    struct mbmc_loop *loop;
    struct pve_api *api;
    unsigned vmid;
    struct mbmc_backend_events ev;
    struct mbmc_vm_identity id;
    int efi;                      /* -1 unknown */
    int onboot;                   /* -1 unknown */
    bool denied;                  /* no VM.Config.Options */
    uint64_t read_at_ms;          /* 0: never */
    struct pve_api_req *read_req;
    int want;                     /* onboot to write, -1 none */
    struct pve_api_req *write_req;
};

struct pve_vmconfig *pve_vmconfig_new(struct mbmc_loop *loop, struct pve_api *api, unsigned vmid,
                                      const struct mbmc_backend_events *ev)
{
    struct pve_vmconfig *vc = calloc(1, sizeof(*vc));
    if (!vc)
        return NULL;
    *vc = (struct pve_vmconfig){ .loop = loop, .api = api, .vmid = vmid, .ev = *ev, .efi = -1,
                                 .onboot = -1, .want = -1 };
    return vc;
}

void pve_vmconfig_free(struct pve_vmconfig *vc)
{
    if (!vc)
        return;
    pve_api_cancel(vc->read_req);
    pve_api_cancel(vc->write_req);
    free(vc);
}

void pve_vmconfig_apply(struct pve_vmconfig *vc, struct json_object *config)
{
    struct mbmc_vm_identity id;
    pve_parse_identity(config, &id);
    bool changed = memcmp(&id, &vc->id, sizeof(id)) != 0;
    vc->id = id;
    vc->efi = !strcmp(pve_json_str(config, "bios"), "ovmf");
    vc->onboot = pve_parse_onboot(config);
    vc->read_at_ms = mbmc_loop_now_ms(vc->loop);
    if (changed)
        vc->ev.identity_changed(vc->ev.core);
}

void pve_vmconfig_set_allowed(struct pve_vmconfig *vc, bool allowed)
{
    vc->denied = !allowed;
    if (vc->denied)
        mbmc_log(MBMC_LOG_WARN, "VM %u: the API token lacks VM.Config.Options: the power restore "
                 "policy (onboot) can be read but not set (0xD4)", vc->vmid);
}

const struct mbmc_vm_identity *pve_vmconfig_identity(const struct pve_vmconfig *vc)
{
    return &vc->id;
}

int pve_vmconfig_efi(const struct pve_vmconfig *vc)
{
    return vc->efi;
}

static void on_read(void *ctx, const struct pve_api_result *res)
{
    struct pve_vmconfig *vc = ctx;
    vc->read_req = NULL;
    if (res->err == PVE_OK)
        pve_vmconfig_apply(vc, res->data);
}

static void read_again(struct pve_vmconfig *vc)
{
    if (!vc->read_req)
        vc->read_req = pve_api_vm_call(vc->api, "GET", "config", NULL, on_read, vc);
}

static void write_onboot(struct pve_vmconfig *vc);

static void on_written(void *ctx, const struct pve_api_result *res)
{
    struct pve_vmconfig *vc = ctx;
    vc->write_req = NULL;
    int wrote = vc->want;
    if (res->err != PVE_OK) {
        if (res->err == PVE_ERR_PERM)
            vc->denied = true;
        mbmc_log(MBMC_LOG_ERR, "VM %u: cannot set onboot=%d (power restore policy): %s%s", vc->vmid,
                 wrote, res->msg && *res->msg ? res->msg : pve_err_name(res->err),
                 res->err == PVE_ERR_PERM ? " - the token needs VM.Config.Options" : "");
        vc->want = -1;
        read_again(vc);              /* report what the VM really has */
        return;
    }
    mbmc_log(MBMC_LOG_INFO, "VM %u: onboot=%d: Proxmox %s the VM when its node boots (power "
             "restore policy %s)", vc->vmid, wrote, wrote ? "starts" : "does not start",
             wrote ? "always-on" : "always-off");
    vc->onboot = wrote;
    vc->want = -1;
}

static void write_onboot(struct pve_vmconfig *vc)
{
    if (vc->write_req || vc->want < 0)
        return;
    char form[24];
    snprintf(form, sizeof(form), "onboot=%d", vc->want ? 1 : 0);
    vc->write_req = pve_api_vm_call(vc->api, "PUT", "config", form, on_written, vc);
    if (!vc->write_req) {
        mbmc_log(MBMC_LOG_ERR, "VM %u: cannot send the onboot change", vc->vmid);
        vc->want = -1;
    }
}

enum mbmc_restore_policy pve_vmconfig_policy(struct pve_vmconfig *vc)
{
    if (vc->read_at_ms && mbmc_loop_now_ms(vc->loop) - vc->read_at_ms > CONFIG_MAX_AGE_MS)
        read_again(vc);              /* answer now, be current next time */
    if (vc->want >= 0)
        return vc->want ? MBMC_RESTORE_ON : MBMC_RESTORE_OFF;   /* being written */
    if (vc->onboot < 0)
        return MBMC_RESTORE_UNKNOWN;
    return vc->onboot ? MBMC_RESTORE_ON : MBMC_RESTORE_OFF;
}

uint8_t pve_vmconfig_set_policy(struct pve_vmconfig *vc, enum mbmc_restore_policy policy,
                                enum pve_err health)
{
    if (policy == MBMC_RESTORE_PREVIOUS) {
        mbmc_log_once("pve-restore-previous", MBMC_LOG_WARN, "VM %u: power restore policy "
                      "\"previous\" refused (0xCC): Proxmox starts a VM when its node boots or "
                      "not (onboot); it keeps no previous state", vc->vmid);
        return IPMI_INVALID_DATA_FIELD_CC;
    }
    if (vc->denied) {
        mbmc_log_once("pve-onboot-denied", MBMC_LOG_ERR, "VM %u: power restore policy refused "
                      "(0xD4): the API token lacks VM.Config.Options on /vms/%u", vc->vmid, vc->vmid);
        return IPMI_INSUFFICIENT_PRIVILEGE_CC;
    }
    if (health != PVE_OK && health != PVE_ERR_NOT_HERE)
        return pve_err_ipmi_cc(health);
    int want = policy == MBMC_RESTORE_ON;
    if (!vc->write_req && vc->onboot == want)
        return MBMC_CC_OK;           /* already so */
    if (vc->write_req && vc->want != want) {
        /* A different value while one is on its way: write this one after it. */
        pve_api_cancel(vc->write_req);
        vc->write_req = NULL;
    }
    vc->want = want;
    write_onboot(vc);
    return MBMC_CC_OK;
}
