/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who may do what over Redfish: the BMC's IPMI users and their IPMI privilege, mapped to the
 * Redfish standard roles (ADMIN -> Administrator, OPERATOR -> Operator, USER -> ReadOnly;
 * CALLBACK has no Redfish access), and HTTP Basic credentials. Pure. */
#ifndef MBMC_RF_AUTH_H
#define MBMC_RF_AUTH_H

#include <stddef.h>

enum rf_role { RF_ROLE_NONE = 0, RF_ROLE_READONLY, RF_ROLE_OPERATOR, RF_ROLE_ADMIN };

/* Redfish privileges, as the roles grant them. */
enum rf_priv {
    RF_PRIV_LOGIN,                  /* read everything */
    RF_PRIV_CONFIGURE_SELF,         /* end one's own session */
    RF_PRIV_CONFIGURE_COMPONENTS,   /* reset, boot override, virtual media */
    RF_PRIV_CONFIGURE_MANAGER,      /* other users' sessions */
};

enum rf_role rf_role_from_ipmi(unsigned ipmi_priv);
const char *rf_role_id(enum rf_role role);      /* "Administrator", "Operator", "ReadOnly" */
int rf_role_has(enum rf_role role, enum rf_priv priv);

/* Decode an "Authorization: Basic <base64(user:password)>" value into NUL-terminated user and
 * password. 0 on success, -1 when it is not Basic, malformed or too long. */
int rf_basic_decode(const char *header, char *user, size_t user_len, char *pass, size_t pass_len);

#endif
