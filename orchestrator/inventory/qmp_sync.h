/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A blocking QMP client for one-shot CLI commands (discover, export): connect, read the
 * greeting, qmp_capabilities, then one command at a time; every read and write is bounded
 * by a timeout, so a QEMU that does not answer (another client holds its only QMP
 * connection, or it hangs) costs the timeout, never a hang. Events are skipped. */
#ifndef MBMC_QMP_SYNC_H
#define MBMC_QMP_SYNC_H

#include <glib.h>
#include <json-c/json.h>

typedef struct _MbmcQmp MbmcQmp;

MbmcQmp *mbmc_qmp_open(const char *path, guint timeout_secs, GError **error);
void mbmc_qmp_close(MbmcQmp *q);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MbmcQmp, mbmc_qmp_close)

/* Run cmd (args consumed, may be NULL); its "return" value (the caller puts it), or NULL and
 * QEMU's error or the transport's. */
json_object *mbmc_qmp_call(MbmcQmp *q, const char *cmd, json_object *args, GError **error);

#endif
