/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The privilege a session may reach: user's limit, channel's limit, no access. */
#include "priv_limit.h"
#include "unit.h"

static void lower_of_user_and_channel(void)
{
    CHECK_EQ_INT(mbmc_priv_limit(2, 4), 2);     /* user account, admin channel */
    CHECK_EQ_INT(mbmc_priv_limit(3, 4), 3);
    CHECK_EQ_INT(mbmc_priv_limit(4, 4), 4);
    CHECK_EQ_INT(mbmc_priv_limit(4, 3), 3);     /* channel limited to operator */
    CHECK_EQ_INT(mbmc_priv_limit(1, 4), 1);     /* callback */
}

static void no_access(void)
{
    CHECK_EQ_INT(mbmc_priv_limit(0x0f, 4), 0);  /* "no access" user */
    CHECK_EQ_INT(mbmc_priv_limit(0, 4), 0);
    CHECK_EQ_INT(mbmc_priv_limit(4, 0), 0);
}

static void oem_capped_to_admin(void)
{
    CHECK_EQ_INT(mbmc_priv_limit(5, 5), 4);
    CHECK_EQ_INT(mbmc_priv_limit(5, 4), 4);
}

int main(void)
{
    RUN(lower_of_user_and_channel);
    RUN(no_access);
    RUN(oem_capped_to_admin);
    UNIT_EXIT();
}
