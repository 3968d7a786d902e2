/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json-c in GLib code: g_autoptr(json_object) drops the reference (json_object_put) when the
 * variable goes out of scope, as g_autoptr(GError) frees an error. Objects added to another
 * (json_object_object_add, json_object_array_add) belong to it: only the root needs one. */
#ifndef MBMC_JSON_H
#define MBMC_JSON_H

#include <glib.h>
#include <json-c/json.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_object, json_object_put)

#endif
