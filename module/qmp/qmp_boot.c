/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "qmp_boot.h"

#include <stdbool.h>
#include <string.h>

static const struct {
    const char *prefix;
    enum qmp_boot_class cls;
} type_classes[] = {
    { "virtio-net", QMP_BOOT_NET }, { "e1000", QMP_BOOT_NET }, { "rtl8139", QMP_BOOT_NET },
    { "vmxnet3", QMP_BOOT_NET }, { "igb", QMP_BOOT_NET }, { "i8255", QMP_BOOT_NET },
    { "ne2k_pci", QMP_BOOT_NET }, { "pcnet", QMP_BOOT_NET }, { "usb-net", QMP_BOOT_NET },
    { "tulip", QMP_BOOT_NET },
    { "ide-cd", QMP_BOOT_CDROM }, { "scsi-cd", QMP_BOOT_CDROM },
    { "ide-hd", QMP_BOOT_DISK }, { "scsi-hd", QMP_BOOT_DISK }, { "scsi-block", QMP_BOOT_DISK },
    { "virtio-blk", QMP_BOOT_DISK }, { "nvme", QMP_BOOT_DISK }, { "usb-storage", QMP_BOOT_DISK },
    { "sd-card", QMP_BOOT_DISK },
};

enum qmp_boot_class qmp_boot_class_of_type(const char *t)
{
    for (size_t i = 0; t && i < sizeof(type_classes) / sizeof(type_classes[0]); i++)
        if (!strncmp(t, type_classes[i].prefix, strlen(type_classes[i].prefix)))
            return type_classes[i].cls;
    return QMP_BOOT_OTHER;
}

const char *qmp_boot_class_name(enum qmp_boot_class cls)
{
    switch (cls) {
    case QMP_BOOT_NET: return "network";
    case QMP_BOOT_DISK: return "disk";
    case QMP_BOOT_CDROM: return "cdrom";
    default: return "other";
    }
}

int qmp_boot_pick(const struct qmp_bootdev *d, size_t n, enum qmp_boot_class cls)
{
    int best = -1;
    for (size_t i = 0; i < n; i++) {
        if (d[i].cls != cls || cls == QMP_BOOT_OTHER)
            continue;
        if (best < 0) {
            best = (int)i;
            continue;
        }
        const struct qmp_bootdev *b = &d[best];
        bool ranked = d[i].orig >= 0, best_ranked = b->orig >= 0;
        if ((ranked && (!best_ranked || d[i].orig < b->orig)) ||
            (ranked == best_ranked && !ranked && strcmp(d[i].path, b->path) < 0))
            best = (int)i;
    }
    return best;
}

void qmp_boot_plan(const struct qmp_bootdev *d, size_t n, int target, int *want)
{
    /* Shift the others by one only when one of them holds index 0. */
    int shift = 0;
    for (size_t i = 0; i < n; i++)
        if ((int)i != target && d[i].orig == 0)
            shift = 1;
    for (size_t i = 0; i < n; i++) {
        if ((int)i == target)
            want[i] = 0;
        else if (target >= 0 && d[i].orig >= 0)
            want[i] = d[i].orig + shift;
        else
            want[i] = d[i].orig;
    }
}

size_t qmp_boot_steps(const struct qmp_bootdev *d, size_t n, const int *want,
                      struct qmp_boot_step *steps)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i].cur >= 0 && d[i].cur != want[i])
            steps[k++] = (struct qmp_boot_step){ .dev = i, .value = -1 };
    for (size_t i = 0; i < n; i++)
        if (want[i] >= 0 && d[i].cur != want[i])
            steps[k++] = (struct qmp_boot_step){ .dev = i, .value = want[i] };
    return k;
}
