/* PLACEHOLDER: being written (protocol fixes). */
#include "lanserv_fix.h"
#include <stdio.h>
int mbmc_lanserv_fix_init(sys_data_t *sys, char *err, size_t errlen) { snprintf(err, errlen, "lanserv fixes not built yet"); return -1; }
void mbmc_lanserv_fix_post_init(sys_data_t *sys) { }
