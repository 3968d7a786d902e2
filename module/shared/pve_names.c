/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See pve_names.h. */
#include "pve_names.h"

#include <stdlib.h>
#include <string.h>

bool pve_storage_id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 64 || s[0] < 'a' || s[0] > 'z')
        return false;
    if (strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-_.") != n)
        return false;
    char last = s[n - 1];
    return (last >= 'a' && last <= 'z') || (last >= '0' && last <= '9');
}

/* prefix followed by a number from 0 to max, without leading zeros. */
static bool key_index(const char *key, const char *prefix, int max)
{
    size_t l = strlen(prefix);
    if (strncmp(key, prefix, l) || !key[l] || strlen(key + l) > 2 ||
        strspn(key + l, "0123456789") != strlen(key + l) || (key[l] == '0' && key[l + 1]))
        return false;
    return atoi(key + l) <= max;
}

bool pve_cdrom_key_ok(const char *key)
{
    return key_index(key, "ide", 3) || key_index(key, "sata", 5) || key_index(key, "scsi", 30);
}
