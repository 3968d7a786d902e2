/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Trust databases made once per process (see pvetls.h). */
#include "pvetls.h"

#include <glib/gstdio.h>
#include <string.h>

/* The serial bridges' sessions are made on the main thread, the poller's on its own. */
static GMutex lock;
static char *ca_path;
static GStatBuf ca_stat;
static GTlsDatabase *ca_db;

/* Rewritten in place within the same second keeps inode, size and st_mtime: nanoseconds and
 * the change time too. */
static gboolean same_file(const GStatBuf *a, const GStatBuf *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

GTlsDatabase *mbmc_pve_tls_ca_database(const char *ca_file, GError **error)
{
    g_autoptr(GMutexLocker) locked = g_mutex_locker_new(&lock);
    GStatBuf st;
    /* A file that cannot be read is left to g_tls_file_database_new's error. */
    gboolean known = g_stat(ca_file, &st) == 0;
    if (known && ca_db && !g_strcmp0(ca_path, ca_file) && same_file(&st, &ca_stat))
        return g_object_ref(ca_db);
    GTlsDatabase *db = g_tls_file_database_new(ca_file, error);
    if (!db)
        return NULL;
    g_clear_object(&ca_db);
    g_free(ca_path);
    ca_path = g_strdup(ca_file);
    ca_db = g_object_ref(db);
    if (known)
        ca_stat = st;
    else
        memset(&ca_stat, 0, sizeof(ca_stat));
    /* Only the throw-away first credentials of a connection come from the default: every
     * session sets its own database (pveclient.c), also the ones that trust the system. */
    g_tls_backend_set_default_database(g_tls_backend_get_default(), db);
    return db;
}

GTlsDatabase *mbmc_pve_tls_system_database(void)
{
    GTlsBackend *backend = g_tls_backend_get_default();
    /* The backend's own default, not g_tls_backend_get_default_database(): that answers the
     * CA file set above once one was. */
    GTlsBackendInterface *iface = G_TLS_BACKEND_GET_INTERFACE(backend);
    return iface->get_default_database ? iface->get_default_database(backend) : NULL;
}
