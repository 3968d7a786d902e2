/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the IPMI commands the module answers itself besides the chassis ones,
 * fed raw request bodies as a client can send them: SEL (stateful, with its saved form read
 * back), SDR repository, sensors, System Info Parameters, the corrected stock replies, and
 * what a Proxmox config or QEMU says about a VM's identity. Input: a sequence of
 * [selector, length, body...]; replies go into ipmi_sim's 36-byte buffer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "fru_image.h"
#include "pve_identity.h"
#include "reply_fixes.h"
#include "sdr_repo.h"
#include "sel_store.h"
#include "sensor_cmds.h"
#include "sysinfo.h"
#include "uuid.h"

#define RSP_CAP 36

static void check(unsigned n)
{
    if (n < 1 || n > RSP_CAP)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mbmc_sel_store sel;
    struct mbmc_sdr_repo repo;
    struct mbmc_sysinfo si = { 0 };
    mbmc_sel_init(&sel, 16);
    mbmc_sdr_repo_init(&repo);
    mbmc_sysinfo_put(&si, MBMC_SYSINFO_SYSTEM_NAME, "fuzz-vm-with-a-rather-long-name-for-blocks");
    int64_t now = 1700000000;
    while (size >= 2) {
        uint8_t sel_byte = data[0], cmd = data[0] & 0x3f;
        size_t len = data[1] % 48;
        data += 2, size -= 2;
        if (len > size)
            len = size;
        uint8_t *req = len ? malloc(len) : NULL;   /* exactly sized: ASan sees over-reads */
        if (len)
            memcpy(req, data, len);
        uint8_t rsp[RSP_CAP];
        bool changed;
        struct mbmc_sensor_state st = { .acpi_offset = (int)(sel_byte % 16) - 1 };
        switch (sel_byte >> 6) {
        case 0:
            check(mbmc_sel_handle(&sel, 0x40 + (cmd & 0x0f), req, (unsigned)len, rsp, RSP_CAP, now, &changed));
            now += cmd;
            break;
        case 1:
            check(mbmc_sdr_repo_handle(&repo, 0x20 + (cmd & 0x0f), req, (unsigned)len, rsp, RSP_CAP, (uint32_t)now));
            check(mbmc_sensor_handle(&st, 0x20 + (cmd & 0x0f), req, (unsigned)len, rsp, RSP_CAP));
            break;
        case 2:
            check(mbmc_sysinfo_handle(&si, 0x58 + (cmd & 1), req, (unsigned)len, rsp, RSP_CAP));
            rsp[0] = (uint8_t)(cmd & 1 ? 0x80 : 0x00);
            check(mbmc_fix_sol_config_reply(req, (unsigned)len, rsp, 1 + (cmd % 3), RSP_CAP));
            mbmc_fix_user_access_reply(rsp, cmd % 6);
            break;
        default: {
            /* Text a hypervisor sends: a UUID, a Proxmox config, the SEL file form. */
            char *text = malloc(len + 1);
            memcpy(text, req ? (const char *)req : "", len);
            text[len] = '\0';
            uint8_t u[16];
            mbmc_uuid_parse(text, u);
            struct json_object *cfg = json_object_new_object();
            json_object_object_add(cfg, cmd & 1 ? "smbios1" : "name", json_object_new_string(text));
            struct mbmc_vm_identity id;
            pve_parse_identity(cfg, &id);
            struct mbmc_fru_fields f = { .product_name = id.name, .product_serial = id.serial,
                                         .manufacturer = id.manufacturer };
            uint8_t img[MBMC_FRU_MAX];
            if (mbmc_fru_build(&f, img, sizeof(img)) < 0)
                __builtin_trap();
            json_object_put(cfg);
            char err[128];
            struct mbmc_sel_store t;
            mbmc_sel_init(&t, 4);
            mbmc_sel_deserialize(&t, text, err, sizeof(err));
            char *back = mbmc_sel_serialize(&t);
            free(back);
            mbmc_sel_free(&t);
            free(text);
            break;
        }
        }
        free(req);
        data += len, size -= len;
    }
    char *saved = mbmc_sel_serialize(&sel);
    if (saved) {
        struct mbmc_sel_store back;
        char err[128];
        mbmc_sel_init(&back, 16);
        if (mbmc_sel_deserialize(&back, saved, err, sizeof(err)) != 0 || back.count != sel.count)
            __builtin_trap();       /* what we write, we read back */
        mbmc_sel_free(&back);
        free(saved);
    }
    mbmc_sel_free(&sel);
    return 0;
}
