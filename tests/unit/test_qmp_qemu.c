/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The QMP backend on the poll loop against a real qemu-system-x86_64 (TCG): power
 * round-trips, state changed behind the backend's back, boot override via bootindex,
 * reconnection after QEMU dies and comes back. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "log.h"
#include "loop_poll.h"
#include "power_control.h"
#include "qemu_vm.h"
#include "unit.h"
#include "uuid.h"

/* A stand-in for the BMC core: records what the backend reports, consumes one-shot
 * overrides like chassis_logic.c does and runs power actions through the chassis layer's
 * policy (power_control.c), as the BMC does. */
struct core {
    struct mbmc_backend *be;
    struct mbmc_power_control pc;
    int power_done, power_failed;
    int power_changes, last_power;
    int booted;
    char error[512];
    int errors;
    int identity_changes, vm_gone;
    struct mbmc_boot_override ov;
    char facts[1024];
};

static void core_power(void *c, bool on)
{
    struct core *k = c;
    k->power_changes++;
    k->last_power = on;
}

static void core_power_done(void *c, const char *err)
{
    struct core *k = c;
    k->power_done++;
    k->power_failed += err != NULL;
    mbmc_power_control_done(&k->pc, err);
}

static void core_booted(void *c)
{
    struct core *k = c;
    k->booted++;
    if (k->ov.valid && !k->ov.persistent) {
        k->ov.valid = false;
        mbmc_backend_qmp.set_boot_override(k->be, &k->ov);
    }
}

static void core_error(void *c, const char *msg)
{
    struct core *k = c;
    snprintf(k->error, sizeof(k->error), "%s", msg ? msg : "");
    if (msg)
        k->errors++;
}

static void core_facts(void *c, const char *facts)
{
    struct core *k = c;
    snprintf(k->facts, sizeof(k->facts), "%s", facts);
}

static void core_identity(void *c) { ((struct core *)c)->identity_changes++; }
static void core_vm_gone(void *c) { ((struct core *)c)->vm_gone++; }

static struct mbmc_loop *loop;
static struct qemu_vm vm;
static struct core core;
static const struct mbmc_backend_ops *ops = &mbmc_backend_qmp;

static void run_ms(unsigned ms)
{
    uint64_t end = mbmc_loop_now_ms(loop) + ms;
    while (mbmc_loop_now_ms(loop) < end)
        loop_poll_once(loop, 20);
}

/* A Chassis Control request as the BMC makes it: the policy, then the backend. */
static uint8_t power(enum mbmc_chassis_op op) { return mbmc_power_control_request(&core.pc, op); }

static bool is_on(void *d) { (void)d; return ops->power_is_on(core.be); }
static bool is_off(void *d) { (void)d; return !ops->power_is_on(core.be); }
/* Connected and the state known: a no-op "off" on an off VM is accepted. */
static bool ready_off(void *d) { (void)d; return power(MBMC_OP_OFF) == 0; }
static bool firmware_known(void *d) { (void)d; return ops->firmware_is_efi(core.be) != -1; }
static bool has_error(void *d) { (void)d; return core.error[0] != 0; }
static bool no_error(void *d) { (void)d; return core.error[0] == 0; }

static bool vm_status_is(const char *want)
{
    for (int i = 0; i < 100; i++) {
        if (!strcmp(qemu_vm_status(&vm), want))
            return true;
        run_ms(50);
    }
    fprintf(stderr, "  VM status is '%s', expected '%s'\n", qemu_vm_status(&vm), want);
    return false;
}

static struct mbmc_backend *open_backend(const char *path, const char *state_dir)
{
    static struct mbmc_backend_events ev;
    ev = (struct mbmc_backend_events){ .core = &core, .power_changed = core_power,
                                       .power_done = core_power_done,
                                       .booted = core_booted, .error = core_error, .vm_facts = core_facts,
                                       .identity_changed = core_identity, .vm_gone = core_vm_gone };
    struct mbmc_options o = { .backend = MBMC_BACKEND_QMP, .qmp = (char *)path, .poll_ms = 300,
                              .state_dir = (char *)state_dir };
    char err[256] = "";
    struct mbmc_backend *be = ops->open(loop, &o, &ev, err, sizeof(err));
    if (!be)
        fprintf(stderr, "  open: %s\n", err);
    mbmc_power_control_init(&core.pc, ops, be);
    return be;
}

static void test_open_rejects_bad_path(void)
{
    struct mbmc_backend_events ev = { .core = &core, .power_changed = core_power,
                                      .booted = core_booted, .error = core_error,
                                      .identity_changed = core_identity, .vm_gone = core_vm_gone };
    char longpath[300];
    memset(longpath, 'a', sizeof(longpath) - 1);
    longpath[sizeof(longpath) - 1] = '\0';
    struct mbmc_options o = { .backend = MBMC_BACKEND_QMP, .qmp = longpath, .poll_ms = 300 };
    char err[256] = "";
    CHECK(ops->open(loop, &o, &ev, err, sizeof(err)) == NULL);
    CHECK(strstr(err, "longer") != NULL);
}

static void test_initial_state_off(void)
{
    CHECK(loop_poll_run_until(loop, ready_off, NULL, 5000));
    CHECK(!ops->power_is_on(core.be));
    CHECK_EQ_STR(qemu_vm_status(&vm), "prelaunch");
    /* Actions that need power are refused while off. */
    CHECK_EQ_INT(power(MBMC_OP_RESET), 0xD5);
    CHECK_EQ_INT(power(MBMC_OP_SOFT), 0xD5);
    CHECK_EQ_INT(power(MBMC_OP_DIAG), 0xD5);
    CHECK_EQ_INT(power(MBMC_OP_CYCLE), 0xD5);
    CHECK(loop_poll_run_until(loop, firmware_known, NULL, 3000));
    CHECK_EQ_INT(ops->firmware_is_efi(core.be), 0);     /* SeaBIOS */
}

static bool facts_complete(void *d)
{
    (void)d;
    return strstr(core.facts, "firmware=bios") && strstr(core.facts, "nic_macs=52");
}

/* What export reads from the status file: the VM's name, its NIC's MAC, the firmware. */
static void test_vm_facts(void)
{
    CHECK(loop_poll_run_until(loop, facts_complete, NULL, 5000));
    CHECK_EQ_STR(core.facts, "vm_name=" QEMU_VM_NAME "\nnic_macs=52:54:00:12:34:56\nfirmware=bios\n");
}

/* The first state is reported (the BMC needs to know it), and the VM's identity is read. */
static bool identity_known(void *d)
{
    (void)d;
    const struct mbmc_vm_identity *id = ops->identity(core.be);
    return id->uuid_known && id->name[0] && id->firmware[0];
}

static void test_first_state_and_identity(void)
{
    CHECK(core.power_changes >= 1);
    CHECK_EQ_INT(core.last_power, 0);
    CHECK(loop_poll_run_until(loop, identity_known, NULL, 3000));
    const struct mbmc_vm_identity *id = ops->identity(core.be);
    char text[37];
    mbmc_uuid_format(id->uuid, text);
    CHECK_EQ_STR(text, QEMU_VM_UUID);
    CHECK_EQ_STR(id->name, QEMU_VM_NAME);
    CHECK_EQ_STR(id->firmware, "SeaBIOS");
    CHECK(core.identity_changes >= 1);
}

static void test_power_on(void)
{
    int resets = qemu_vm_event_count(&vm, "RESET");
    int changes = core.power_changes;
    CHECK_EQ_INT(power(MBMC_OP_ON), 0);
    /* A retransmission while it runs is accepted and not run twice. */
    CHECK_EQ_INT(power(MBMC_OP_ON), 0);
    CHECK(loop_poll_run_until(loop, is_on, NULL, 5000));
    CHECK(vm_status_is("running"));
    run_ms(300);
    CHECK_EQ_INT(qemu_vm_event_count(&vm, "RESET"), resets + 1);
    CHECK_EQ_INT(core.power_changes, changes + 1);
    CHECK_EQ_INT(core.last_power, 1);
    /* On when on: nothing to do, accepted. */
    CHECK_EQ_INT(power(MBMC_OP_ON), 0);
}

static bool count_reached(const char *ev, int n)
{
    for (int i = 0; i < 100; i++) {
        if (qemu_vm_event_count(&vm, ev) >= n)
            return true;
        run_ms(50);
    }
    fprintf(stderr, "  %s events: %d, expected %d\n", ev, qemu_vm_event_count(&vm, ev), n);
    return false;
}

static void test_reset_soft_diag(void)
{
    int resets = qemu_vm_event_count(&vm, "RESET");
    int downs = qemu_vm_event_count(&vm, "POWERDOWN");
    int errors = core.errors;
    CHECK_EQ_INT(power(MBMC_OP_RESET), 0);
    CHECK(count_reached("RESET", resets + 1));
    CHECK_EQ_INT(power(MBMC_OP_SOFT), 0);
    CHECK(count_reached("POWERDOWN", downs + 1));
    CHECK_EQ_INT(power(MBMC_OP_DIAG), 0);
    run_ms(500);
    CHECK_EQ_INT(core.errors, errors);          /* inject-nmi succeeded */
    CHECK(ops->power_is_on(core.be));
}

static void test_external_stop_and_cont(void)
{
    json_object_put(qemu_vm_qmp(&vm, "stop", NULL));
    CHECK(loop_poll_run_until(loop, is_off, NULL, 3000));
    CHECK_EQ_INT(core.last_power, 0);
    json_object_put(qemu_vm_qmp(&vm, "cont", NULL));
    CHECK(loop_poll_run_until(loop, is_on, NULL, 3000));
    CHECK_EQ_INT(core.last_power, 1);
}

static void test_power_off_and_cycle(void)
{
    CHECK_EQ_INT(power(MBMC_OP_OFF), 0);
    CHECK(loop_poll_run_until(loop, is_off, NULL, 3000));
    CHECK(vm_status_is("paused"));
    CHECK_EQ_INT(power(MBMC_OP_ON), 0);
    CHECK(loop_poll_run_until(loop, is_on, NULL, 5000));
    CHECK(vm_status_is("running"));
    int resets = qemu_vm_event_count(&vm, "RESET");
    int stops = qemu_vm_event_count(&vm, "STOP");
    int changes = core.power_changes;
    CHECK_EQ_INT(power(MBMC_OP_CYCLE), 0);
    CHECK(count_reached("STOP", stops + 1));
    CHECK(count_reached("RESET", resets + 1));
    CHECK(loop_poll_run_until(loop, is_on, NULL, 5000));
    CHECK(vm_status_is("running"));
    CHECK_EQ_INT(core.power_changes, changes + 2);      /* off, then on */
}

/* Requests arriving faster than QEMU acts (no loop turn between them: nothing can end): the
 * chassis layer's policy decides, the backend runs one action at a time. */
static void test_burst_policy(void)
{
    CHECK(ops->power_is_on(core.be));
    int stops = qemu_vm_event_count(&vm, "STOP"), resumes = qemu_vm_event_count(&vm, "RESUME");
    int done = core.power_done;
    CHECK_EQ_INT(power(MBMC_OP_RESET), 0);      /* runs now */
    CHECK_EQ_INT(power(MBMC_OP_RESET), 0);      /* a repeat: once */
    CHECK_EQ_INT(power(MBMC_OP_DIAG), 0);       /* waits: 1 */
    CHECK_EQ_INT(power(MBMC_OP_CYCLE), 0);      /* 2 */
    CHECK_EQ_INT(power(MBMC_OP_DIAG), 0);       /* 3 */
    CHECK_EQ_INT(power(MBMC_OP_RESET), 0xC0);   /* the queue is full: node busy */
    CHECK_EQ_INT(power(MBMC_OP_ON), 0);         /* on, and will be: nothing to do */
    CHECK_EQ_INT(power(MBMC_OP_OFF), 0);        /* drops diag, cycle, diag; runs after the reset */
    CHECK_EQ_INT(power(MBMC_OP_SOFT), 0xD5);    /* the power will be off */
    CHECK(loop_poll_run_until(loop, is_off, NULL, 5000));
    CHECK(vm_status_is("paused"));
    run_ms(500);
    CHECK_EQ_INT(core.power_done, done + 2);    /* the reset and the off, nothing else */
    CHECK_EQ_INT(qemu_vm_event_count(&vm, "STOP"), stops + 1);  /* the cycle never ran */
    CHECK_EQ_INT(qemu_vm_event_count(&vm, "RESUME"), resumes);
    /* off, then on at once: both run, in order. */
    CHECK_EQ_INT(power(MBMC_OP_ON), 0);
    CHECK_EQ_INT(power(MBMC_OP_OFF), 0);
    CHECK_EQ_INT(power(MBMC_OP_ON), 0);
    CHECK(count_reached("RESUME", resumes + 2));
    CHECK(loop_poll_run_until(loop, is_on, NULL, 5000));
    CHECK_EQ_INT(qemu_vm_event_count(&vm, "STOP"), stops + 2);
    CHECK_EQ_INT(core.power_done, done + 5);
    CHECK_EQ_INT(core.power_failed, 0);
}

/* A boot sector that powers the machine off through ACPI (q35: PM1a_CNT at 0x604, SLP_EN
 * with sleep type 0 is soft-off in QEMU), or zeros. */
static void write_boot_sector(bool poweroff)
{
    unsigned char mbr[512] = { 0 };
    if (poweroff) {
        const unsigned char code[] = { 0xBA, 0x04, 0x06, 0xB8, 0x00, 0x20, 0xEF, 0xF4, 0xEB, 0xFD };
        memcpy(mbr, code, sizeof(code));
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
    }
    char img[256];
    snprintf(img, sizeof(img), "%s/disk.img", vm.dir);
    FILE *f = fopen(img, "r+");
    CHECK(f && fwrite(mbr, 1, sizeof(mbr), f) == sizeof(mbr));
    if (f)
        fclose(f);
}

/* The guest powers itself off (with -no-shutdown: SHUTDOWN, status "shutdown"): the backend
 * says off; power on boots it again. The one-shot disk override is what boots that guest. */
static void test_guest_poweroff_then_on(void)
{
    CHECK(ops->power_is_on(core.be));
    write_boot_sector(true);
    int shutdowns = qemu_vm_event_count(&vm, "SHUTDOWN");
    int booted = core.booted;
    core.ov = (struct mbmc_boot_override){ .valid = true, .device = MBMC_BOOT_DISK };
    CHECK_EQ_INT(ops->set_boot_override(core.be, &core.ov), 0);
    CHECK_EQ_INT(power(MBMC_OP_RESET), 0);
    CHECK(count_reached("SHUTDOWN", shutdowns + 1));
    CHECK(loop_poll_run_until(loop, is_off, NULL, 3000));
    CHECK_EQ_INT(core.last_power, 0);
    CHECK_EQ_STR(qemu_vm_status(&vm), "shutdown");
    run_ms(2500);
    CHECK_EQ_INT(core.booted, booted + 1);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "disk0"), -1);
    write_boot_sector(false);
    CHECK_EQ_INT(power(MBMC_OP_ON), 0);
    CHECK(loop_poll_run_until(loop, is_on, NULL, 5000));
    CHECK(vm_status_is("running"));
    run_ms(1500);
    CHECK(ops->power_is_on(core.be));
}

static void test_boot_override_oneshot(void)
{
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "net0"), -1);
    core.ov = (struct mbmc_boot_override){ .valid = true, .device = MBMC_BOOT_PXE };
    CHECK_EQ_INT(ops->set_boot_override(core.be, &core.ov), 0);
    run_ms(300);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "net0"), 0);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "disk0"), -1);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "cd0"), -1);
    int booted = core.booted;
    int resets = qemu_vm_event_count(&vm, "RESET");
    CHECK_EQ_INT(power(MBMC_OP_RESET), 0);
    /* SeaBIOS resets once more by itself: the override must survive that reset. */
    CHECK(count_reached("RESET", resets + 2));
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "net0"), 0);
    CHECK_EQ_INT(core.booted, booted);
    run_ms(2500);
    CHECK_EQ_INT(core.booted, booted + 1);
    /* Consumed: the VM's own order is back. */
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "net0"), -1);
    CHECK(!core.ov.valid);
    /* Unsupported device classes are refused. */
    struct mbmc_boot_override fl = { .valid = true, .device = MBMC_BOOT_FLOPPY };
    CHECK_EQ_INT(ops->set_boot_override(core.be, &fl), 0xCC);
}

static void test_boot_override_persistent(void)
{
    core.ov = (struct mbmc_boot_override){ .valid = true, .persistent = true, .device = MBMC_BOOT_CDROM };
    CHECK_EQ_INT(ops->set_boot_override(core.be, &core.ov), 0);
    run_ms(300);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "cd0"), 0);
    int booted = core.booted;
    for (int i = 0; i < 2; i++) {
        CHECK_EQ_INT(power(MBMC_OP_RESET), 0);
        run_ms(2600);
    }
    CHECK_EQ_INT(core.booted, booted + 2);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "cd0"), 0);
    core.ov.valid = false;
    CHECK_EQ_INT(ops->set_boot_override(core.be, &core.ov), 0);
    run_ms(300);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "cd0"), -1);
}

static void test_reconnect(void)
{
    CHECK(no_error(NULL));
    int gone = core.vm_gone;
    qemu_vm_kill(&vm);
    CHECK(loop_poll_run_until(loop, has_error, NULL, 3000));
    CHECK(loop_poll_run_until(loop, is_off, NULL, 3000));
    CHECK(core.vm_gone > gone);     /* the process went away: not a power-off of the guest */
    CHECK_EQ_INT(power(MBMC_OP_ON), 0xC0);
    /* An override set while QEMU is away applies when it is back. */
    core.ov = (struct mbmc_boot_override){ .valid = true, .persistent = true, .device = MBMC_BOOT_DISK };
    CHECK_EQ_INT(ops->set_boot_override(core.be, &core.ov), 0);
    run_ms(500);
    /* QEMU comes back with its own order: net0 first, then disk0. */
    CHECK(qemu_vm_restart(&vm, ",bootindex=2", ",bootindex=0") == 0);
    CHECK(loop_poll_run_until(loop, no_error, NULL, 5000));
    CHECK(loop_poll_run_until(loop, ready_off, NULL, 3000));
    run_ms(500);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "disk0"), 0);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "net0"), 1);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "cd0"), -1);
    /* Back to the VM's own order, exactly. */
    core.ov.valid = false;
    CHECK_EQ_INT(ops->set_boot_override(core.be, &core.ov), 0);
    run_ms(300);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "disk0"), 2);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "net0"), 0);
    /* And it works after the reconnect. */
    CHECK_EQ_INT(power(MBMC_OP_ON), 0);
    CHECK(loop_poll_run_until(loop, is_on, NULL, 5000));
    CHECK(vm_status_is("running"));
}

/* ipmi_sim restarts while an override is applied: the new backend must still know the
 * VM's own order (from the state dir), not take the override for it. */
static void test_restart_keeps_own_order(void)
{
    core.ov = (struct mbmc_boot_override){ .valid = true, .persistent = true, .device = MBMC_BOOT_CDROM };
    CHECK_EQ_INT(ops->set_boot_override(core.be, &core.ov), 0);
    run_ms(300);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "cd0"), 0);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "net0"), 1);
    ops->close(core.be);
    core.be = open_backend(vm.qmp, vm.dir);
    CHECK(core.be != NULL);
    if (!core.be)
        return;
    CHECK(loop_poll_run_until(loop, is_on, NULL, 3000));
    core.ov.valid = false;
    CHECK_EQ_INT(ops->set_boot_override(core.be, &core.ov), 0);
    run_ms(500);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "net0"), 0);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "disk0"), 2);
    CHECK_EQ_INT(qemu_vm_bootindex(&vm, "cd0"), -1);
}

int main(void)
{
    mbmc_log_set_debug(getenv("MBMC_DEBUG") != NULL);
    loop = loop_poll_new();
    RUN(test_open_rejects_bad_path);
    if (qemu_vm_start(&vm, NULL, NULL)) {
        printf("not ok qemu-start (qemu-system-x86_64 needed)\n");
        return 1;
    }
    core.be = open_backend(vm.qmp, vm.dir);
    if (!core.be) {
        printf("not ok open\n");
        qemu_vm_destroy(&vm);
        return 1;
    }
    RUN(test_initial_state_off);
    RUN(test_vm_facts);
    RUN(test_first_state_and_identity);
    RUN(test_power_on);
    RUN(test_reset_soft_diag);
    RUN(test_external_stop_and_cont);
    RUN(test_power_off_and_cycle);
    RUN(test_burst_policy);
    RUN(test_boot_override_oneshot);
    RUN(test_boot_override_persistent);
    RUN(test_guest_poweroff_then_on);
    RUN(test_reconnect);
    RUN(test_restart_keeps_own_order);
    if (core.be)
        ops->close(core.be);
    qemu_vm_destroy(&vm);
    loop_poll_free(loop);
    UNIT_EXIT();
}
