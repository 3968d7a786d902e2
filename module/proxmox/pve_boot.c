/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Boot order rewriting from the VM's own devices (see pve_boot.h). */
#include "pve_boot.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEVS 64
#define NAME_MAX_LEN 16

enum dev_kind { KIND_OTHER, KIND_NET, KIND_DISK, KIND_CDROM };

struct devlist {
    char name[MAX_DEVS][NAME_MAX_LEN];
    size_t n;
};

static bool has_prefix_index(const char *key, const char *prefix)
{
    size_t l = strlen(prefix);
    if (strncmp(key, prefix, l) || !key[l])
        return false;
    for (const char *p = key + l; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

static bool is_drive(const char *key)
{
    return has_prefix_index(key, "ide") || has_prefix_index(key, "sata") ||
           has_prefix_index(key, "scsi") || has_prefix_index(key, "virtio");
}

static const char *cfg_get(const struct pve_config_entry *cfg, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (cfg[i].key && !strcmp(cfg[i].key, key))
            return cfg[i].value ? cfg[i].value : "";
    return NULL;
}

static enum dev_kind kind_of(const struct pve_config_entry *cfg, size_t n, const char *dev)
{
    if (has_prefix_index(dev, "net"))
        return KIND_NET;
    if (is_drive(dev)) {
        const char *v = cfg_get(cfg, n, dev);
        return v && strstr(v, "media=cdrom") ? KIND_CDROM : KIND_DISK;
    }
    return KIND_OTHER;
}

static bool list_has(const struct devlist *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->name[i], name))
            return true;
    return false;
}

static void list_add(struct devlist *l, const char *name)
{
    if (l->n < MAX_DEVS && strlen(name) < NAME_MAX_LEN && !list_has(l, name))
        snprintf(l->name[l->n++], NAME_MAX_LEN, "%s", name);
}

/* "scsi10" after "scsi2": compare the letters, then the number. */
static int devcmp(const void *a, const void *b)
{
    const char *x = a, *y = b;
    size_t lx = strcspn(x, "0123456789"), ly = strcspn(y, "0123456789");
    int c = strncmp(x, y, lx < ly ? lx : ly);
    if (c || lx != ly)
        return c ? c : (int)lx - (int)ly;
    return atoi(x + lx) - atoi(y + ly);
}

/* Devices of one kind present in the config, sorted. */
static void devices_of(const struct pve_config_entry *cfg, size_t n, enum dev_kind kind,
                       struct devlist *out)
{
    out->n = 0;
    for (size_t i = 0; i < n; i++)
        if (cfg[i].key && kind_of(cfg, n, cfg[i].key) == kind)
            list_add(out, cfg[i].key);
    qsort(out->name, out->n, NAME_MAX_LEN, devcmp);
}

static void current_order(const struct pve_config_entry *cfg, size_t n, struct devlist *out)
{
    out->n = 0;
    const char *boot = cfg_get(cfg, n, "boot");
    const char *order = boot ? strstr(boot, "order=") : NULL;
    if (order) {
        order += 6;
        size_t len = strcspn(order, ",");
        char buf[1024];
        snprintf(buf, sizeof(buf), "%.*s", (int)(len < sizeof(buf) ? len : sizeof(buf) - 1), order);
        char *save = NULL;
        for (char *t = strtok_r(buf, ";", &save); t; t = strtok_r(NULL, ";", &save))
            list_add(out, t);
        return;
    }
    /* Legacy form: boot: [legacy=]cdn (default when absent), bootdisk: scsi0. */
    const char *legacy = "cdn";
    if (boot && *boot)
        legacy = strncmp(boot, "legacy=", 7) ? boot : boot + 7;
    struct devlist kind;
    for (const char *c = legacy; *c && *c != ','; c++) {
        if (*c == 'c') {
            devices_of(cfg, n, KIND_CDROM, &kind);
            for (size_t i = 0; i < kind.n; i++)
                list_add(out, kind.name[i]);
        } else if (*c == 'd') {
            const char *bd = cfg_get(cfg, n, "bootdisk");
            if (bd && kind_of(cfg, n, bd) == KIND_DISK) {
                list_add(out, bd);
            } else {
                devices_of(cfg, n, KIND_DISK, &kind);
                if (kind.n)
                    list_add(out, kind.name[0]);
            }
        } else if (*c == 'n') {
            devices_of(cfg, n, KIND_NET, &kind);
            for (size_t i = 0; i < kind.n; i++)
                list_add(out, kind.name[i]);
        }
    }
}

static int join(const struct devlist *l, const char *prefix, char *out, size_t outlen)
{
    size_t pos = (size_t)snprintf(out, outlen, "%s", prefix);
    for (size_t i = 0; i < l->n && pos < outlen; i++)
        pos += (size_t)snprintf(out + pos, outlen - pos, "%s%s", i ? ";" : "", l->name[i]);
    return pos < outlen ? 0 : -1;
}

int pve_boot_current(const struct pve_config_entry *cfg, size_t n, char *out, size_t outlen)
{
    struct devlist cur;
    current_order(cfg, n, &cur);
    return join(&cur, "", out, outlen);
}

size_t pve_boot_cdroms(const struct pve_config_entry *cfg, size_t n, char (*out)[16], size_t max)
{
    struct devlist all;
    devices_of(cfg, n, KIND_CDROM, &all);
    size_t k = 0;
    for (; k < all.n && k < max; k++)
        memcpy(out[k], all.name[k], NAME_MAX_LEN);
    return k;
}

int pve_boot_order(const struct pve_config_entry *cfg, size_t n, enum mbmc_boot_device dev,
                   char *out, size_t outlen, char *err, size_t errlen)
{
    return pve_boot_order_prefer(cfg, n, dev, NULL, out, outlen, err, errlen);
}

int pve_boot_order_prefer(const struct pve_config_entry *cfg, size_t n, enum mbmc_boot_device dev,
                          const char *prefer, char *out, size_t outlen, char *err, size_t errlen)
{
    enum dev_kind want;
    const char *what;
    switch (dev) {
    case MBMC_BOOT_PXE: want = KIND_NET; what = "network device (netN)"; break;
    case MBMC_BOOT_DISK:
    case MBMC_BOOT_DISK_SAFE:
    case MBMC_BOOT_REMOTE_DISK: want = KIND_DISK; what = "disk (scsiN/virtioN/sataN/ideN)"; break;
    case MBMC_BOOT_CDROM:
    case MBMC_BOOT_REMOTE_CDROM: want = KIND_CDROM; what = "CD-ROM drive"; break;
    default:
        snprintf(err, errlen, "boot device 0x%x has no Proxmox boot order equivalent", dev);
        return -2;
    }
    struct devlist cur, all, res = { .n = 0 };
    current_order(cfg, n, &cur);
    devices_of(cfg, n, want, &all);
    if (all.n == 0) {
        snprintf(err, errlen, "the VM has no %s to boot from", what);
        return -1;
    }
    /* First the wanted kind in the VM's own order (the preferred drive before them), then the
     * rest of that kind, then the VM's other devices in their order (only listed devices are
     * bootable at all). */
    if (prefer && kind_of(cfg, n, prefer) == want && list_has(&all, prefer))
        list_add(&res, prefer);
    for (size_t i = 0; i < cur.n; i++)
        if (kind_of(cfg, n, cur.name[i]) == want)
            list_add(&res, cur.name[i]);
    for (size_t i = 0; i < all.n; i++)
        list_add(&res, all.name[i]);
    for (size_t i = 0; i < cur.n; i++)
        list_add(&res, cur.name[i]);
    if (join(&res, "order=", out, outlen)) {
        snprintf(err, errlen, "boot order too long");
        return -1;
    }
    return 0;
}
