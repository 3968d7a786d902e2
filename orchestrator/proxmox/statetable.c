/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The shared power-state table, writer side (see statetable.h and module/shared/pve_table.h). */
#include "statetable.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct MbmcStateTable {
    char *path;
    struct pve_table_header *h;
    size_t len;
};

static gboolean fail_errno(GError **error, const char *what, const char *path)
{
    int e = errno;
    g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "%s %s: %s", what, path, g_strerror(e));
    return FALSE;
}

/* The header of a file left at path (by a supervisor that was killed), mapped so that it
 * can be marked retired once the new file is in place; NULL if none. */
static struct pve_table_header *map_old(const char *path)
{
    int fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return NULL;
    struct stat st;
    struct pve_table_header *h = MAP_FAILED;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= (off_t)sizeof(*h))
        h = mmap(NULL, sizeof(*h), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (h == MAP_FAILED)
        return NULL;
    if (h->magic != PVE_TABLE_MAGIC) {
        munmap(h, sizeof(*h));
        return NULL;
    }
    return h;
}

MbmcStateTable *mbmc_state_table_create(const char *path, const guint *vmids, guint n,
                                        guint interval_ms, const MbmcStateTable *from,
                                        GError **error)
{
    uint32_t cap = pve_table_capacity_for(n);
    size_t len = pve_table_file_size(cap);
    g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", path);
    /* 0644: power states and node names are no secret, and each ipmi_sim must read it. */
    int fd = g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, 0644);
    if (fd < 0) {
        fail_errno(error, "cannot create", tmp);
        return NULL;
    }
    if (fchmod(fd, 0644) != 0 || ftruncate(fd, (off_t)len) != 0) {
        fail_errno(error, "cannot size", tmp);
        close(fd);
        g_unlink(tmp);
        return NULL;
    }
    void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED) {
        fail_errno(error, "cannot map", tmp);
        g_unlink(tmp);
        return NULL;
    }
    MbmcStateTable *t = g_new0(MbmcStateTable, 1);
    t->path = g_strdup(path);
    t->h = m;
    t->len = len;
    pve_table_init(t->h, cap, interval_ms);
    for (guint i = 0; i < n; i++) {
        struct pve_table_slot *s = pve_table_claim(t->h, vmids[i]);
        const struct pve_table_slot *old = from ? pve_table_find(from->h, vmids[i]) : NULL;
        struct pve_table_entry e;
        if (s && old && pve_table_read(old, &e))
            pve_table_write(s, &e);
    }
    if (from) {  /* the modules see no gap in the heartbeat, nor lose the version */
        pve_table_beat(t->h, atomic_load(&from->h->heartbeat_ms));
        atomic_store(&t->h->pve_version, atomic_load(&from->h->pve_version));
    }
    struct pve_table_header *old = from ? NULL : map_old(path);
    if (g_rename(tmp, path) != 0) {
        fail_errno(error, "cannot rename into place", path);
        g_unlink(tmp);
        if (old)
            munmap(old, sizeof(*old));
        mbmc_state_table_free(t, FALSE);
        return NULL;
    }
    if (from)
        atomic_store_explicit(&from->h->retired, 1, memory_order_release);
    if (old) {
        atomic_store_explicit(&old->retired, 1, memory_order_release);
        munmap(old, sizeof(*old));
    }
    return t;
}

void mbmc_state_table_free(MbmcStateTable *t, gboolean remove)
{
    if (!t)
        return;
    if (remove) {
        atomic_store_explicit(&t->h->retired, 1, memory_order_release);
        g_unlink(t->path);
    }
    munmap(t->h, t->len);
    g_free(t->path);
    g_free(t);
}

gboolean mbmc_state_table_fits(const MbmcStateTable *t, const guint *vmids, guint n)
{
    if (t->h->capacity < 2 * n)
        return FALSE;
    for (guint i = 0; i < n; i++)
        if (!pve_table_find(t->h, vmids[i]))
            return FALSE;
    return TRUE;
}

guint mbmc_state_table_interval(const MbmcStateTable *t)
{
    return t->h->interval_ms;
}

gboolean mbmc_state_table_publish(MbmcStateTable *t, guint vmid, const struct pve_table_entry *e)
{
    /* find, not claim: the slots were claimed at creation, and a full table must not grow
     * entries the modules were never told about. */
    struct pve_table_slot *s = (struct pve_table_slot *)pve_table_find(t->h, vmid);
    if (!s)
        return FALSE;
    pve_table_write(s, e);
    return TRUE;
}

void mbmc_state_table_beat(MbmcStateTable *t)
{
    pve_table_beat(t->h, pve_table_now_ms());
}

void mbmc_state_table_set_version(MbmcStateTable *t, int major, int minor)
{
    pve_table_set_version(t->h, major, minor);
}
