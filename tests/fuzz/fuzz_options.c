/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the module option string (the loadlib line of lan.conf). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    struct mbmc_options o;
    char err[256];
    memset(&o, 0, sizeof(o));
    if (mbmc_options_parse(s, &o, err, sizeof(err)) == 0)
        mbmc_options_free(&o);
    else if (!memchr(err, 0, sizeof(err)) || !err[0])
        __builtin_trap(); /* every refusal explains itself */
    free(s);
    return 0;
}
