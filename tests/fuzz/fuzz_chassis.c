/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the chassis command handlers fed raw request bodies, as a client can send
 * them, against a fake backend. Input: byte 0 selects the command, the rest is the body;
 * several commands may follow each other (length-prefixed) to reach stateful paths. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "chassis_logic.h"

struct mbmc_backend {
    bool on;
    uint8_t cc;
    bool finish;                    /* the action ends before power_start returns */
    struct mbmc_chassis_state *st;
};

static uint8_t fake_check(struct mbmc_backend *be, enum mbmc_chassis_op op)
{
    (void)op;
    return be->cc;
}
static uint8_t fake_start(struct mbmc_backend *be, enum mbmc_chassis_op op)
{
    be->on = op != MBMC_OP_OFF && op != MBMC_OP_SOFT;
    if (be->finish)
        mbmc_power_control_done(&be->st->power, NULL);
    return 0;
}
static bool fake_on(struct mbmc_backend *be) { return be->on; }
static uint8_t fake_override(struct mbmc_backend *be, const struct mbmc_boot_override *ov)
{
    (void)ov;
    return be->cc;
}
static int fake_efi(struct mbmc_backend *be) { return be->on ? 1 : -1; }

static const struct mbmc_backend_ops fake_ops = {
    .name = "fuzz", .power_check = fake_check, .power_start = fake_start, .power_is_on = fake_on,
    .set_boot_override = fake_override, .firmware_is_efi = fake_efi,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mbmc_backend be = {0};
    struct mbmc_chassis_state s;
    mbmc_chassis_state_init(&s, &fake_ops, &be, MBMC_RESTORE_OFF);
    be.st = &s;
    while (size >= 2) {
        uint8_t cmd = data[0] & 0x0f;
        size_t len = data[1] % 40;
        be.cc = (data[0] & 0x80) ? 0xc0 : 0;
        be.finish = data[0] & 0x40;
        if (data[0] & 0x20 && s.power.policy.running)   /* the running action ends */
            mbmc_power_control_done(&s.power, NULL);
        data += 2, size -= 2;
        if (len > size)
            len = size;
        /* An exactly sized copy, so ASan sees any read past the client's bytes. */
        uint8_t *req = len ? __builtin_malloc(len) : NULL;
        if (len)
            memcpy(req, data, len);
        uint8_t rsp[64];
        unsigned n = mbmc_chassis_handle(&s, cmd, req, (unsigned)len, rsp, sizeof(rsp));
        if (n < 1 || n > sizeof(rsp))
            __builtin_trap();
        __builtin_free(req);
        data += len, size -= len;
        if (cmd == 0x0f)
            mbmc_chassis_logic_booted(&s);
    }
    return 0;
}
