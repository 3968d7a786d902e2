/* PLACEHOLDER (being replaced by the chassis work): registers nothing yet. */
#include "chassis.h"
int mbmc_chassis_init(struct mbmc_bmc *bmc, char *err, size_t errlen) { return 0; }
void mbmc_chassis_cleanup(struct mbmc_bmc *bmc) { }
void mbmc_chassis_on_power_changed(struct mbmc_bmc *bmc, bool on) { }
void mbmc_chassis_on_booted(struct mbmc_bmc *bmc) { }
