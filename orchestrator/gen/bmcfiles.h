/* SPDX-License-Identifier: GPL-2.0-or-later */
/* From a config entry to the files of its ipmi_sim: run-dir/<vmid>/{lan.conf,bmc.emu}. */
#ifndef MBMC_BMCFILES_H
#define MBMC_BMCFILES_H

#include <glib.h>
#include <stdint.h>

#include "mbmc_config.h"

char *mbmc_bmc_run_dir(const MbmcConfig *cfg, guint vmid);
char *mbmc_bmc_state_dir(const MbmcConfig *cfg, guint vmid);
/* <run_dir>/pve-state: the shared power-state table the supervisor writes (pvepoll.c). */
char *mbmc_pve_state_table(const MbmcConfig *cfg);
/* The loadlib options string: no secrets, only paths of files holding them. */
char *mbmc_bmc_module_options(const MbmcConfig *cfg, const MbmcBmc *b);
/* The Redfish certificate a BMC serves: configured (per BMC, then global) or its own in the
 * state dir (made at its first start). */
char *mbmc_bmc_redfish_cert(const MbmcConfig *cfg, const MbmcBmc *b);
/* Where a Redfish client reaches a BMC: "ADDR", or "ADDR:PORT" when the port is not 443. */
char *mbmc_redfish_authority(const char *address, guint port);
/* Its service root, https://ADDR[:PORT]/redfish/v1. */
char *mbmc_bmc_redfish_url(const MbmcConfig *cfg, const MbmcBmc *b);
/* SHA-256 fingerprint "AB:CD:..." of a PEM certificate file, or NULL when unreadable. */
char *mbmc_cert_fingerprint(const char *path);
/* Render lan.conf and bmc.emu (and create the state dir). mac: what `lan print` shows.
 * self: path of the multibmc binary, used as lan_config_program. */
gboolean mbmc_bmc_write_files(const MbmcConfig *cfg, const MbmcBmc *b, const uint8_t mac[6],
                              const char *self, gboolean *changed, GError **error);
/* The QEMU arguments that connect a VM's KCS interface to its BMC's in-band port. */
char *mbmc_inband_qemu_args(guint port);
/* <run_dir>/<vmid>/power-restore: present after a host boot until the BMC applied its
 * power restore policy (the module option restore-pending=). */
char *mbmc_bmc_restore_flag(const MbmcConfig *cfg, guint vmid);
const char *mbmc_config_module(const MbmcConfig *cfg);
const char *mbmc_config_templates(const MbmcConfig *cfg);
const char *mbmc_config_ipmi_sim(const MbmcConfig *cfg);

#endif
