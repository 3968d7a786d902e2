/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Redfish beside IPMI in the same BMC process: binds the pure service (rf_service.c) to this
 * BMC — its IPMI users and their privileges, the shared login lockout, the chassis layer
 * (power and boot override, the very state IPMI reads and writes) and the backend's virtual
 * media — and serves it over HTTPS (rf_server.c) on ipmi_sim's loop. Module options
 * redfish-addr= (on), redfish-port=, redfish-cert=/redfish-key=, media-dir=. */
#ifndef MBMC_REDFISH_H
#define MBMC_REDFISH_H

#include <stdbool.h>
#include <stddef.h>

struct mbmc_bmc;

/* Start serving when redfish-addr= is set (after the backend is open). 0, or -1 with a
 * message (address not bindable, certificate unusable). */
int mbmc_redfish_init(struct mbmc_bmc *bmc, char *err, size_t errlen);
void mbmc_redfish_cleanup(struct mbmc_bmc *bmc);
/* The power state changed (GracefulRestart waits for the power-off). */
void mbmc_redfish_on_power_changed(struct mbmc_bmc *bmc, bool on);

#endif
