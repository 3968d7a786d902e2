/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Proxmox inventory for discover and export (see pve_inventory.h). */
#include "pve_inventory.h"

#include <gio/gio.h>
#include <string.h>

#include "pve_vmparse.h"

#define PARALLEL 8   /* requests in flight: pveproxy has 3 workers, pvedaemon 3 */

static gboolean get_one(MbmcPveFetch *f, MbmcPveGet *g, const char *path, GError **error)
{
    g->path = g_strdup(path);
    mbmc_pve_fetch_all(f, g, 1, 1);
    if (g->data)
        return TRUE;
    mbmc_pve_fetch_error(f, g, error);
    return FALSE;
}

/* Whether the token holds priv on path (GET /access/permissions?path=...). */
static gboolean token_has(MbmcPveFetch *f, const char *path, const char *priv, gboolean *has, GError **error)
{
    g_autofree char *esc = g_uri_escape_string(path, NULL, FALSE);
    g_autofree char *req = g_strdup_printf("/access/permissions?path=%s", esc);
    MbmcPveGet g = { 0 };
    gboolean ok = get_one(f, &g, req, error);
    json_object *privs = NULL, *v;
    *has = ok && json_object_is_type(g.data, json_type_object) && json_object_object_get_ex(g.data, path, &privs) &&
           json_object_is_type(privs, json_type_object) && json_object_object_get_ex(privs, priv, &v) &&
           json_object_get_int(v) != 0;
    mbmc_pve_get_clear(&g);
    return ok;
}

static gboolean valid_poolid(const char *pool, GError **error)
{
    /* pve-access-control verify_poolname; nested pools ("a/b") have no /pools/{poolid} path */
    gboolean ok = *pool && strlen(pool) <= 64;
    for (const char *p = pool; ok && *p; p++)
        ok = g_ascii_isalnum(*p) || strchr(".-_", *p);
    if (!ok)
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "--pool %s: a Proxmox pool name has only letters, digits, '.', '-' and '_'", pool);
    return ok;
}

static char *pool_names(MbmcPveFetch *f)
{
    MbmcPveGet g = { 0 };
    g_autoptr(GError) ignored = NULL;
    GString *s = g_string_new(NULL);
    if (get_one(f, &g, "/pools", &ignored) && json_object_is_type(g.data, json_type_array))
        for (size_t i = 0; i < json_object_array_length(g.data); i++) {
            json_object *id;
            if (json_object_object_get_ex(json_object_array_get_idx(g.data, i), "poolid", &id))
                g_string_append_printf(s, "%s%s", s->len ? ", " : "", json_object_get_string(id));
        }
    mbmc_pve_get_clear(&g);
    return g_string_free(s, FALSE);
}

/* The pool's members, all of them visible in vms; each gets vm->pool. */
static gboolean mark_pool(MbmcPveFetch *f, const char *pool, GPtrArray *vms, GError **error)
{
    if (!valid_poolid(pool, error))
        return FALSE;
    g_autofree char *esc = g_uri_escape_string(pool, NULL, FALSE);
    g_autofree char *path = g_strdup_printf("/pools/%s", esc);
    MbmcPveGet g = { 0 };
    if (!get_one(f, &g, path, error)) {
        if (g.http == 500 && g.why && strstr(g.why, "does not exist")) {
            g_autofree char *names = pool_names(f);
            g_clear_error(error);
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Proxmox has no pool '%s' (pools: %s)", pool,
                        *names ? names : "none the token may audit");
        }
        mbmc_pve_get_clear(&g);
        return FALSE;
    }
    g_autoptr(GArray) members = mbmc_pve_pool_members(g.data);
    mbmc_pve_get_clear(&g);
    for (guint i = 0; i < members->len; i++) {
        guint vmid = g_array_index(members, guint, i);
        MbmcVmInfo *vm = mbmc_vm_info_find(vms, vmid);
        if (!vm) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                        "VM %u is in pool %s, but the API token %s does not see it: it lacks VM.Audit on "
                        "/vms/%u. Grant it, e.g. 'pveum acl modify /pool/%s -token '%s' -role VBMC' (an ACL "
                        "on the pool covers its VMs)", vmid, pool, mbmc_pve_fetch_token_id(f), vmid, pool,
                        mbmc_pve_fetch_token_id(f));
            return FALSE;
        }
        g_free(vm->pool);
        vm->pool = g_strdup(pool);
    }
    return TRUE;
}

GPtrArray *mbmc_pve_inventory_vms(MbmcPveFetch *f, const char *pool, GError **error)
{
    MbmcPveGet g = { 0 };
    if (!get_one(f, &g, "/cluster/resources?type=vm", error))
        return NULL;
    g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_vm_info_free);
    for (size_t i = 0; json_object_is_type(g.data, json_type_array) && i < json_object_array_length(g.data); i++) {
        MbmcVmInfo *vm = mbmc_pve_vm_from_row(json_object_array_get_idx(g.data, i));
        if (vm)
            g_ptr_array_add(vms, vm);
    }
    mbmc_pve_get_clear(&g);
    if (!vms->len) {
        /* /cluster/resources leaves out what the token may not audit, without a word. */
        gboolean audit = FALSE;
        if (!token_has(f, "/vms", "VM.Audit", &audit, error))
            return NULL;
        if (!audit) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                        "the API token %s sees no VM: it lacks VM.Audit on /vms. Grant it, e.g. 'pveum acl "
                        "modify /vms -token '%s' -role VBMC' (or on /pool/POOL for the VMs of one pool)",
                        mbmc_pve_fetch_token_id(f), mbmc_pve_fetch_token_id(f));
            return NULL;
        }
    }
    if (pool && !mark_pool(f, pool, vms, error))
        return NULL;
    return g_steal_pointer(&vms);
}

gboolean mbmc_pve_inventory_configs(MbmcPveFetch *f, GPtrArray *vms, GError **error)
{
    g_autofree MbmcPveGet *gets = g_new0(MbmcPveGet, MAX(vms->len, 1));
    for (guint i = 0; i < vms->len; i++) {
        MbmcVmInfo *vm = g_ptr_array_index(vms, i);
        g_autofree char *node = g_uri_escape_string(vm->node, NULL, FALSE);
        gets[i].path = g_strdup_printf("/nodes/%s/qemu/%u/config", node, vm->vmid);
    }
    mbmc_pve_fetch_all(f, gets, vms->len, PARALLEL);
    gboolean ok = TRUE;
    for (guint i = 0; i < vms->len; i++) {
        if (ok && !gets[i].data) {
            mbmc_pve_fetch_error(f, &gets[i], error);
            ok = FALSE;
        } else if (ok) {
            mbmc_pve_vm_apply_config(g_ptr_array_index(vms, i), gets[i].data);
        }
        mbmc_pve_get_clear(&gets[i]);
    }
    return ok;
}

GHashTable *mbmc_pve_inventory_hidden(MbmcPveFetch *f, GArray *vmids, GError **error)
{
    g_autoptr(GHashTable) hidden = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    for (guint i = 0; i < vmids->len; i++) {
        guint vmid = g_array_index(vmids, guint, i);
        g_autofree char *path = g_strdup_printf("/vms/%u", vmid);
        gboolean audit = FALSE;
        if (!token_has(f, path, "VM.Audit", &audit, error))
            return NULL;
        if (!audit)
            g_hash_table_insert(hidden, GUINT_TO_POINTER(vmid),
                                g_strdup_printf("the API token %s cannot see VM %u (no VM.Audit on %s), so "
                                                "whether it still exists is not known",
                                                mbmc_pve_fetch_token_id(f), vmid, path));
    }
    return g_steal_pointer(&hidden);
}
