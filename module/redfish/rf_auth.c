/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rf_auth.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "base64.h"

enum rf_role rf_role_from_ipmi(unsigned p)
{
    switch (p) {
    case 2: return RF_ROLE_READONLY;
    case 3: return RF_ROLE_OPERATOR;
    case 4: case 5: return RF_ROLE_ADMIN;      /* OEM: what lanserv treats as admin */
    default: return RF_ROLE_NONE;
    }
}

const char *rf_role_id(enum rf_role r)
{
    switch (r) {
    case RF_ROLE_ADMIN: return "Administrator";
    case RF_ROLE_OPERATOR: return "Operator";
    case RF_ROLE_READONLY: return "ReadOnly";
    default: return "NoAccess";
    }
}

int rf_role_has(enum rf_role r, enum rf_priv p)
{
    switch (p) {
    case RF_PRIV_LOGIN: case RF_PRIV_CONFIGURE_SELF: return r >= RF_ROLE_READONLY;
    case RF_PRIV_CONFIGURE_COMPONENTS: return r >= RF_ROLE_OPERATOR;
    case RF_PRIV_CONFIGURE_MANAGER: return r >= RF_ROLE_ADMIN;
    }
    return 0;
}

int rf_basic_decode(const char *h, char *user, size_t user_len, char *pass, size_t pass_len)
{
    if (!h || strncasecmp(h, "Basic", 5) || (h[5] != ' ' && h[5] != '\t'))
        return -1;
    h += 5;
    while (*h == ' ' || *h == '\t')
        h++;
    size_t len = strlen(h);
    while (len && (h[len - 1] == ' ' || h[len - 1] == '\t'))
        len--;
    uint8_t buf[256];
    long n = mbmc_base64_decode(h, len, buf, sizeof(buf));
    if (n < 0)
        return -1;
    uint8_t *colon = memchr(buf, ':', (size_t)n);
    if (!colon)
        return -1;
    size_t ulen = (size_t)(colon - buf), plen = (size_t)n - ulen - 1;
    /* NUL bytes would let "admin\0x" pass as "admin". */
    if (ulen >= user_len || plen >= pass_len || memchr(buf, 0, (size_t)n))
        return -1;
    memcpy(user, buf, ulen);
    user[ulen] = '\0';
    memcpy(pass, colon + 1, plen);
    pass[plen] = '\0';
    memset(buf, 0, sizeof(buf));
    return 0;
}
