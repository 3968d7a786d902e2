/* PLACEHOLDER (being replaced by the QMP backend work): always off, actions busy. */
#include <stdlib.h>
#include "backend.h"
struct mbmc_backend { int dummy; };
static struct mbmc_backend *q_open(struct mbmc_loop *l, const struct mbmc_options *o,
                                   const struct mbmc_backend_events *ev, char *err, size_t n)
{ return calloc(1, sizeof(struct mbmc_backend)); }
static void q_close(struct mbmc_backend *be) { free(be); }
static uint8_t q_control(struct mbmc_backend *be, enum mbmc_chassis_op op) { return 0xC0; }
static bool q_on(struct mbmc_backend *be) { return false; }
static uint8_t q_boot(struct mbmc_backend *be, const struct mbmc_boot_override *ov) { return 0xC0; }
static int q_efi(struct mbmc_backend *be) { return -1; }
const struct mbmc_backend_ops mbmc_backend_qmp = { .name = "qmp", .open = q_open, .close = q_close,
    .chassis_control = q_control, .power_is_on = q_on, .set_boot_override = q_boot, .firmware_is_efi = q_efi };
