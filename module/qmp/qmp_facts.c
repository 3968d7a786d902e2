/* SPDX-License-Identifier: GPL-2.0-or-later */
/* VM facts of the QMP backend (see qmp_facts.h). */
#include "qmp_facts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int qmp_facts_firmware_from_blocks(struct json_object *blocks, const char **dev)
{
    *dev = NULL;
    size_t n = json_object_is_type(blocks, json_type_array) ? json_object_array_length(blocks) : 0;
    for (size_t i = 0; i < n; i++) {
        struct json_object *b = json_object_array_get_idx(blocks, i), *v;
        const char *d = json_object_object_get_ex(b, "device", &v) ? json_object_get_string(v) : "";
        const char *qdev = json_object_object_get_ex(b, "qdev", &v) ? json_object_get_string(v) : "";
        if ((!strncmp(d ? d : "", "pflash", 6) || strstr(qdev ? qdev : "", "system.flash")) &&
            json_object_object_get_ex(b, "inserted", &v)) {
            *dev = d;
            return 1;
        }
    }
    return -1;
}

int qmp_facts_firmware_from_name(const char *name)
{
    char low[256];
    snprintf(low, sizeof(low), "%s", name ? name : "");
    for (char *p = low; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (strstr(low, "ovmf") || strstr(low, "edk2") || strstr(low, "efi"))
        return 1;
    if (strstr(low, "bios"))
        return 0;
    return -1;
}

/* Compare with digit runs as numbers: "net2" < "net10", "device[9]" < "device[10]". */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
        } else {
            if (*a != *b)
                return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++;
            b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}

int qmp_facts_nic_cmp(const void *a, const void *b)
{
    const struct qmp_nic *x = a, *y = b;
    if (x->anon != y->anon)
        return x->anon ? 1 : -1;
    return natural_cmp(x->id ? x->id : "", y->id ? y->id : "");
}

int qmp_facts_format(char *buf, size_t len, const char *name, struct qmp_nic *nics, size_t n, int efi)
{
    if (n)
        qsort(nics, n, sizeof(*nics), qmp_facts_nic_cmp);
    size_t used = 0;
    int w = snprintf(buf, len, "vm_name=");
    if (w < 0 || (size_t)w >= len)
        return -1;
    used = (size_t)w;
    for (const char *p = name ? name : ""; *p; p++) {
        if (used + 1 >= len)
            return -1;
        buf[used++] = (*p == '\n' || *p == '\r') ? ' ' : *p;
    }
    w = snprintf(buf + used, len - used, "\nnic_macs=");
    if (w < 0 || (size_t)w >= len - used)
        return -1;
    used += (size_t)w;
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (!nics[i].mac[0])
            continue;
        char mac[18];
        for (int k = 0; k < 18; k++)
            mac[k] = (char)tolower((unsigned char)nics[i].mac[k]);
        w = snprintf(buf + used, len - used, "%s%s", first ? "" : ",", mac);
        if (w < 0 || (size_t)w >= len - used)
            return -1;
        used += (size_t)w;
        first = false;
    }
    w = snprintf(buf + used, len - used, "\nfirmware=%s\n", efi == 1 ? "uefi" : efi == 0 ? "bios" : "unknown");
    if (w < 0 || (size_t)w >= len - used)
        return -1;
    return (int)(used + (size_t)w);
}
