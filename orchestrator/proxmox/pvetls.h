/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The trust databases of the Proxmox sessions (pveclient.c), made once per process.
 *
 * libsoup 3.2 creates each TLS connection with the TLS backend's default database and gives
 * it the session's own database only afterwards; glib-networking 2.74 builds a connection's
 * credentials from its database at creation, so with the system store as the default every
 * connection loaded all ~140 system CAs (~20 ms of CPU: ~67 M instructions, GnuTLS compares
 * each with the others) before using the one CA of the configured ca-file. A supervisor opens
 * connections at start, again whenever pveproxy closes one (after 100 requests, or idle), and
 * gives every Proxmox BMC's serial bridge its own session, which parsed the CA file again.
 * Now a CA file is parsed once (again when the file changes) and is also the process's
 * default database, so that the connection's first credentials cost what its CA costs. */
#ifndef MBMC_PVETLS_H
#define MBMC_PVETLS_H

#include <gio/gio.h>

/* The database of the CA file (a new reference), shared while the file stays the same (same
 * inode, size, modification and change times); it becomes the TLS backend's default
 * database. */
GTlsDatabase *mbmc_pve_tls_ca_database(const char *ca_file, GError **error);

/* The system's trust store, whatever the default database has been set to (a new
 * reference; NULL when the TLS backend has none). */
GTlsDatabase *mbmc_pve_tls_system_database(void);

#endif
