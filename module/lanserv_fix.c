/* PLACEHOLDER (being replaced by the protocol-fix work): installs nothing yet. */
#include "lanserv_fix.h"
int mbmc_lanserv_fix_init(sys_data_t *sys, char *err, size_t errlen) { return 0; }
void mbmc_lanserv_fix_post_init(sys_data_t *sys) { }
