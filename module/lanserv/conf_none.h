/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Confidentiality "none" for lanserv. A session whose suite has no confidentiality (1, 2,
 * 6, 15, 16) gets lanserv's confs[0], which lanserv leaves NULL, yet its decrypt_message()
 * calls session->confh->decrypt() for every packet with the "encrypted" bit: an Open
 * Session for suite 1 (no password needed) and one such packet killed ipmi_sim (a call
 * through NULL, 2.0.33 and 2.0.37). confs[0] becomes a handler that refuses them. */
#ifndef MBMC_CONF_NONE_H
#define MBMC_CONF_NONE_H

struct mbmc_lanserv;

/* Fill lanserv's confs[0] (before any session is opened). */
void mbmc_conf_none_install(struct mbmc_lanserv *ls);

#endif
