/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the multibmc.json loader and validator with arbitrary text. */
#include <glib.h>
#include <stdint.h>

#include "mbmc_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = g_strndup((const char *)data, size);
    GError *error = NULL;
    MbmcConfig *cfg = mbmc_config_parse(text, "fuzz.json", &error);
    if (cfg) {
        GError *verror = NULL;
        if (!mbmc_config_validate(cfg, &verror) && !verror)
            __builtin_trap(); /* a refusal always says why */
        g_clear_error(&verror);
        mbmc_config_free(cfg);
    } else if (!error) {
        __builtin_trap();
    }
    g_clear_error(&error);
    return 0;
}
