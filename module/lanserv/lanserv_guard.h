/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lanserv internals the protocol fixes patch, and the check that they are exactly what this
 * module was written against. libIPMIlanserv exports these tables as data symbols but
 * declares them in no header; the types below match lanserv_ipmi.c, where the tables are
 * the same in 2.0.33 and 2.0.37 (which flavour runs is sim_flavour.c's question). */
#ifndef MBMC_LANSERV_GUARD_H
#define MBMC_LANSERV_GUARD_H

#include <stddef.h>

#include <OpenIPMI/lanserv.h>

#include "cipher_table.h"

#define MBMC_LANSERV_VERSION "1.0.13"     /* get_lanserv_version(), 2.0.32 to 2.0.37 */
#define MBMC_TABLE_SLOTS 64               /* payload_handlers[], auths[], integs[], confs[] */
#define MBMC_SUITE_ROWS 16                /* valid_cipher_suites[] (15 suites + end row) */

/* RMCP+ payload types with a session-setup handler in lanserv. */
#define MBMC_PAYLOAD_IPMI 0x00
#define MBMC_PAYLOAD_OPEN_SESSION 0x10
#define MBMC_PAYLOAD_OPEN_SESSION_RSP 0x11
#define MBMC_PAYLOAD_RAKP1 0x12
#define MBMC_PAYLOAD_RAKP2 0x13
#define MBMC_PAYLOAD_RAKP3 0x14

struct mbmc_lanserv {
    ipmi_payload_handler_cb *payload_handlers;
    auth_handlers_t **auths;
    integ_handlers_t **integs;
    conf_handlers_t **confs;
    struct mbmc_triple *valid_suites;
};

/* Resolve the tables in the running ipmi_sim and check the version string, each symbol's
 * size and every slot the fixes touch. Returns 0, or -1 with the reason in err. Changes
 * nothing. */
int mbmc_lanserv_guard(struct mbmc_lanserv *ls, char *err, size_t errlen);

/* Which algorithms have a handler in the live tables (for the advertised suite list). */
void mbmc_lanserv_algos(const struct mbmc_lanserv *ls, struct mbmc_algo_set *out);

#endif
