/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The BMC tells who its VM is: Get Device GUID / Get System GUID (and the RMCP+ managed
 * system GUID) carry the VM's SMBIOS UUID, FRU 0 describes the VM (fru_image.h), and the
 * System Info Parameters name its firmware and the VM. Facts come from the backend
 * (ops->identity) and are refreshed when it reports identity_changed. */
#ifndef MBMC_IDENTITY_H
#define MBMC_IDENTITY_H

#include <stddef.h>

struct mbmc_bmc;

/* Register the handlers (module init). 0, or -1 with a message. */
int mbmc_identity_attach(struct mbmc_bmc *bmc, char *err, size_t errlen);
/* After the emu file: the LAN channels exist, remember the configured GUID as fallback. */
void mbmc_identity_post_init(struct mbmc_bmc *bmc);
/* The backend learned (new) facts about the VM. */
void mbmc_identity_changed(struct mbmc_bmc *bmc);
void mbmc_identity_detach(struct mbmc_bmc *bmc);

#endif
