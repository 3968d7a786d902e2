/* SPDX-License-Identifier: GPL-2.0-or-later */
/* chassis_logic.c driven with a fake backend: every byte the clients send and read. */
#include "chassis_logic.h"
#include "unit.h"

struct mbmc_backend {
    int controls;
    enum mbmc_chassis_op last_op;
    uint8_t check_cc;
    bool on;
    int overrides;
    struct mbmc_boot_override ov;
    uint8_t override_cc;
    int efi;
};

static uint8_t fake_check(struct mbmc_backend *be, enum mbmc_chassis_op op)
{
    (void)op;
    return be->check_cc;
}
static uint8_t fake_start(struct mbmc_backend *be, enum mbmc_chassis_op op)
{
    be->controls++;
    be->last_op = op;
    return 0;
}
static bool fake_on(struct mbmc_backend *be) { return be->on; }
static uint8_t fake_override(struct mbmc_backend *be, const struct mbmc_boot_override *ov)
{
    be->overrides++;
    if (!be->override_cc)
        be->ov = *ov;
    return be->override_cc;
}
static int fake_efi(struct mbmc_backend *be) { return be->efi; }

static const struct mbmc_backend_ops fake_ops = {
    .name = "fake", .power_check = fake_check, .power_start = fake_start, .power_is_on = fake_on,
    .set_boot_override = fake_override, .firmware_is_efi = fake_efi,
};

static struct mbmc_backend be;
static struct mbmc_chassis_state st;
static uint8_t rsp[36];
static unsigned rlen;

static void setup(void)
{
    memset(&be, 0, sizeof(be));
    be.efi = -1;
    mbmc_chassis_state_init(&st, &fake_ops, &be, MBMC_RESTORE_OFF);
    memset(rsp, 0xee, sizeof(rsp));
}

#define SEND(cmd, ...) do { const uint8_t _r[] = { __VA_ARGS__ }; \
    rlen = mbmc_chassis_handle(&st, cmd, _r, sizeof(_r), rsp, sizeof(rsp)); } while (0)
#define SEND0(cmd) do { rlen = mbmc_chassis_handle(&st, cmd, NULL, 0, rsp, sizeof(rsp)); } while (0)
#define EXPECT(...) do { const uint8_t _e[] = { __VA_ARGS__ }; \
    CHECK_EQ_INT(rlen, sizeof(_e)); CHECK_MEM(rsp, _e, sizeof(_e)); } while (0)

static void bootdev_pxe_persistent_efi(void)
{
    setup();
    SEND(0x08, 0x05, 0xe0, 0x04, 0x00, 0x00, 0x00);
    EXPECT(0x00);
    CHECK_EQ_INT(be.overrides, 1);
    CHECK(be.ov.valid && be.ov.persistent && be.ov.efi);
    CHECK_EQ_INT(be.ov.device, MBMC_BOOT_PXE);
    SEND(0x09, 0x05, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x05, 0xe0, 0x04, 0x00, 0x00, 0x00);
    CHECK(st.persist_dirty);
}

static void bootdev_disk_and_cdrom_efi(void)
{
    setup();
    SEND(0x08, 0x05, 0x80, 0x08, 0x00, 0x00, 0x00);
    EXPECT(0x00);
    CHECK(be.ov.valid && !be.ov.persistent && !be.ov.efi);
    CHECK_EQ_INT(be.ov.device, MBMC_BOOT_DISK);
    SEND(0x09, 0x05, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x05, 0x80, 0x08, 0x00, 0x00, 0x00);
    SEND(0x08, 0x05, 0xa0, 0x14, 0x00, 0x00, 0x00);
    CHECK_EQ_INT(be.ov.device, MBMC_BOOT_CDROM);
    CHECK(be.ov.efi);
    SEND(0x09, 0x05, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x05, 0xa0, 0x14, 0x00, 0x00, 0x00);
    SEND(0x08, 0x05, 0x80, 0x18, 0x00, 0x00, 0x00);
    CHECK_EQ_INT(be.ov.device, MBMC_BOOT_BIOS);
}

static void ironic_raw_sequence(void)
{
    setup();
    SEND(0x08, 0x03, 0x08);
    EXPECT(0x00);
    SEND(0x09, 0x03, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x03, 0x08);
    SEND(0x08, 0x05, 0xe0, 0x04, 0, 0, 0);
    EXPECT(0x00);
    SEND(0x09, 0x05, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x05, 0xe0, 0x04, 0x00, 0x00, 0x00);
}

static void set_in_progress_and_ack(void)
{
    setup();
    SEND(0x08, 0x00, 0x01);
    EXPECT(0x00);
    SEND(0x08, 0x00, 0x01);
    EXPECT(0x81);
    SEND(0x09, 0x00, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x00, 0x01);
    SEND(0x08, 0x00, 0x00);
    EXPECT(0x00);
    SEND(0x09, 0x00, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x00, 0x00);
    SEND(0x08, 0x04, 0x01, 0x01);
    EXPECT(0x00);
    SEND(0x09, 0x04, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x04, 0x00, 0x01);
    SEND(0x08, 0x04, 0x01, 0x00);     /* mask 1, value 0: clears bit 0 */
    SEND(0x08, 0x04, 0x00, 0xff);     /* mask 0: no change */
    SEND(0x09, 0x04, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x04, 0x00, 0x00);
}

static void unsupported_and_short(void)
{
    setup();
    SEND(0x09, 0x07, 0x00, 0x00);
    EXPECT(0x80);
    SEND(0x08, 0x06, 0x00);
    EXPECT(0x80);
    SEND0(0x08);
    EXPECT(0xc7);
    SEND0(0x09);
    EXPECT(0xc7);
    SEND(0x08, 0x05);
    EXPECT(0xc7);
    SEND(0x08, 0x04, 0x01);
    EXPECT(0xc7);
    SEND0(0x02);
    EXPECT(0xc7);
    CHECK_EQ_INT(be.overrides, 0);
    CHECK_EQ_INT(be.controls, 0);
}

static void one_shot_consumed_persistent_kept(void)
{
    setup();
    SEND(0x08, 0x05, 0x80, 0x04, 0, 0, 0);
    mbmc_chassis_logic_booted(&st);
    CHECK_EQ_INT(be.overrides, 2);
    CHECK(!be.ov.valid);
    SEND(0x09, 0x05, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x05, 0x00, 0x04, 0x00, 0x00, 0x00);
    mbmc_chassis_logic_booted(&st);     /* nothing left to consume */
    CHECK_EQ_INT(be.overrides, 2);

    SEND(0x08, 0x05, 0xc0, 0x08, 0, 0, 0);
    mbmc_chassis_logic_booted(&st);
    CHECK_EQ_INT(be.overrides, 3);
    CHECK(be.ov.valid && be.ov.persistent);
    SEND(0x09, 0x05, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x05, 0xc0, 0x08, 0x00, 0x00, 0x00);
}

static void backend_refusing_override_keeps_old_flags(void)
{
    setup();
    SEND(0x08, 0x05, 0x80, 0x08, 0, 0, 0);
    be.override_cc = 0xc0;
    SEND(0x08, 0x05, 0x80, 0x04, 0, 0, 0);
    EXPECT(0xc0);
    SEND(0x09, 0x05, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x05, 0x80, 0x08, 0x00, 0x00, 0x00);
}

static void efi_bit_from_firmware_until_client_sets(void)
{
    setup();
    be.efi = 1;
    SEND(0x09, 0x05, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x05, 0x20, 0x00, 0x00, 0x00, 0x00);
    SEND(0x08, 0x05, 0x80, 0x08, 0, 0, 0);
    SEND(0x09, 0x05, 0x00, 0x00);
    EXPECT(0x00, 0x01, 0x05, 0x80, 0x08, 0x00, 0x00, 0x00);
}

/* Each op reaches the backend when the power state allows it (power_policy.c decides; its
 * own test covers every rule); the backend's refusal is the answer. */
static void chassis_control_maps_ops(void)
{
    setup();
    for (uint8_t op = 0; op <= 5; op++) {
        be.on = op != MBMC_OP_ON;
        SEND(0x02, op);
        EXPECT(0x00);
        CHECK_EQ_INT(be.last_op, op);
        mbmc_power_control_done(&st.power, NULL);
    }
    CHECK_EQ_INT(be.controls, 6);
    SEND(0x02, 0x06);
    EXPECT(0xcc);
    SEND(0x02, 0x0f);
    EXPECT(0xcc);
    CHECK_EQ_INT(be.controls, 6);
    be.on = false;
    SEND(0x02, 0x03);                   /* reset while off */
    EXPECT(0xd5);
    be.check_cc = 0xd4;
    SEND(0x02, 0x01);
    EXPECT(0xd4);
    be.check_cc = 0xc0;
    SEND(0x02, 0x01);
    EXPECT(0xc0);
    CHECK_EQ_INT(be.controls, 6);
}

static void status_bytes(void)
{
    setup();
    SEND0(0x01);
    EXPECT(0x00, 0x00, 0x00, 0x40);
    be.on = true;
    st.restore_policy = MBMC_RESTORE_ON;
    SEND0(0x01);
    EXPECT(0x00, 0x41, 0x00, 0x40);
    SEND(0x02, 0x01);                   /* IPMI power on */
    SEND0(0x01);
    EXPECT(0x00, 0x41, 0x10, 0x40);
    SEND0(0x04);                        /* identify, default interval */
    EXPECT(0x00);
    CHECK_EQ_INT(st.identify_seconds, MBMC_IDENTIFY_DEFAULT_S);
    SEND0(0x01);
    EXPECT(0x00, 0x41, 0x10, 0x50);
    mbmc_chassis_logic_identify_expired(&st);
    SEND0(0x01);
    EXPECT(0x00, 0x41, 0x10, 0x40);
    SEND(0x04, 0x00, 0x01);             /* force on */
    SEND0(0x01);
    EXPECT(0x00, 0x41, 0x10, 0x60);
    mbmc_chassis_logic_identify_expired(&st);
    SEND0(0x01);
    EXPECT(0x00, 0x41, 0x10, 0x60);
    SEND(0x04, 0x00);                   /* off */
    SEND0(0x01);
    EXPECT(0x00, 0x41, 0x10, 0x40);
}

static void caps_policy_restart_cause(void)
{
    setup();
    SEND0(0x00);
    EXPECT(0x00, 0x00, 0x20, 0x20, 0x20, 0x20);
    SEND(0x06, 0x01);
    EXPECT(0x00, 0x07);
    CHECK_EQ_INT(st.restore_policy, MBMC_RESTORE_PREVIOUS);
    SEND0(0x01);
    EXPECT(0x00, 0x20, 0x00, 0x40);
    SEND(0x06, 0x03);                   /* no change */
    CHECK_EQ_INT(st.restore_policy, MBMC_RESTORE_PREVIOUS);
    SEND(0x06, 0x05);
    EXPECT(0xcc);
    SEND0(0x07);
    EXPECT(0x00, 0x00, 0x01);
    be.on = true;
    SEND(0x02, 0x03);
    SEND0(0x07);
    EXPECT(0x00, 0x01, 0x01);
    SEND0(0x05);
    EXPECT(0xc1);
}

int main(void)
{
    RUN(bootdev_pxe_persistent_efi);
    RUN(bootdev_disk_and_cdrom_efi);
    RUN(ironic_raw_sequence);
    RUN(set_in_progress_and_ack);
    RUN(unsupported_and_short);
    RUN(one_shot_consumed_persistent_kept);
    RUN(backend_refusing_override_keeps_old_flags);
    RUN(efi_bit_from_firmware_until_client_sets);
    RUN(chassis_control_maps_ops);
    RUN(status_bytes);
    RUN(caps_policy_restart_cause);
    UNIT_EXIT();
}
