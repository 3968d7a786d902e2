/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Local-QEMU inventory (see qmp_inventory.h). */
#include "qmp_inventory.h"

#include <errno.h>
#include <gio/gio.h>
#include <glob.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bmcfiles.h"
#include "mbmc_json.h"
#include "qmp_boot.h"
#include "qmp_facts.h"
#include "qmp_sync.h"

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *mbmc_qmp_glob(const char *pattern, GError **error)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    if (!pattern || !g_path_is_absolute(pattern)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "--qmp-glob %s: give an absolute path pattern, e.g. '/run/vms/*/qmp.sock'", pattern ? pattern : "");
        g_ptr_array_unref(out);
        return NULL;
    }
    glob_t g;
    int rc = glob(pattern, 0, NULL, &g);
    if (rc == GLOB_NOSPACE || rc == GLOB_ABORTED) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "--qmp-glob %s: cannot read the directories", pattern);
        g_ptr_array_unref(out);
        return NULL;
    }
    for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++) {
        struct stat st;
        if (stat(g.gl_pathv[i], &st) == 0 && S_ISSOCK(st.st_mode))
            g_ptr_array_add(out, g_strdup(g.gl_pathv[i]));
    }
    if (rc == 0)
        globfree(&g);
    g_ptr_array_sort(out, cmp_str);
    return out;
}

guint mbmc_qmp_path_vmid(const char *path)
{
    const char *end = NULL;
    for (const char *p = path; *p; p++)
        if (g_ascii_isdigit(*p) && !g_ascii_isdigit(p[1]))
            end = p;
    if (!end)
        return 0;
    const char *start = end;
    while (start > path && g_ascii_isdigit(start[-1]))
        start--;
    if (end - start >= 9)
        return 0;
    guint v = (guint)atoi(start);
    return v >= 1 && v <= 999999999 ? v : 0;
}

gboolean mbmc_qmp_facts_parse(const char *text, MbmcVmInfo *vm)
{
    gboolean any = FALSE;
    g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        const char *l = lines[i];
        if (g_str_has_prefix(l, "vm_name=")) {
            g_free(vm->name);
            vm->name = g_strdup(l + 8);
            any = TRUE;
        } else if (g_str_has_prefix(l, "nic_macs=")) {
            g_ptr_array_set_size(vm->nics, 0);
            g_auto(GStrv) macs = g_strsplit(l + 9, ",", -1);
            for (guint k = 0; macs[k]; k++) {
                g_autofree char *mac = mbmc_mac_normalise(macs[k]);
                if (mac)
                    mbmc_vm_info_add_nic(vm, mac, NULL);
            }
            any = TRUE;
        } else if (g_str_has_prefix(l, "firmware=")) {
            vm->firmware = !strcmp(l + 9, "uefi") ? MBMC_FIRMWARE_UEFI
                         : !strcmp(l + 9, "bios") ? MBMC_FIRMWARE_BIOS : MBMC_FIRMWARE_UNKNOWN;
            any = TRUE;
        }
    }
    return any;
}

/* The facts of a running BMC: its status file, written by that very process. */
static gboolean from_bmc(const MbmcConfig *cfg, const MbmcBmc *bmc, MbmcVmInfo *vm)
{
    g_autofree char *run = mbmc_bmc_run_dir(cfg, bmc->vmid);
    g_autofree char *path = g_build_filename(run, "status", NULL);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return FALSE;
    const char *pid = strstr(text, "pid=");
    long p = pid && (pid == text || pid[-1] == '\n') ? atol(pid + 4) : 0;
    if (p <= 0 || (kill((pid_t)p, 0) != 0 && errno == ESRCH))
        return FALSE;   /* that BMC is gone: QEMU can be asked directly */
    return strstr(text, "\nnic_macs=") && mbmc_qmp_facts_parse(text, vm);
}

static json_object *qom_get(MbmcQmp *q, const char *path, const char *property, GError **error)
{
    json_object *args = json_object_new_object();
    json_object_object_add(args, "path", json_object_new_string(path));
    json_object_object_add(args, "property", json_object_new_string(property));
    return mbmc_qmp_call(q, "qom-get", args, error);
}

/* The NICs: the network devices of both peripheral containers, their "mac" property. */
static gboolean ask_nics(MbmcQmp *q, MbmcVmInfo *vm, GError **error)
{
    g_autoptr(GArray) nics = g_array_new(FALSE, TRUE, sizeof(struct qmp_nic));
    gboolean ok = TRUE;
    for (int anon = 0; ok && anon < 2; anon++) {
        const char *base = anon ? "/machine/peripheral-anon" : "/machine/peripheral";
        json_object *args = json_object_new_object();
        json_object_object_add(args, "path", json_object_new_string(base));
        g_autoptr(json_object) list = mbmc_qmp_call(q, "qom-list", args, error);
        ok = list != NULL;
        for (size_t i = 0; ok && json_object_is_type(list, json_type_array) && i < json_object_array_length(list); i++) {
            json_object *e = json_object_array_get_idx(list, i), *name, *type;
            if (!json_object_object_get_ex(e, "name", &name) || !json_object_object_get_ex(e, "type", &type) ||
                !g_str_has_prefix(json_object_get_string(type), "child<"))
                continue;
            g_autofree char *qtype = g_strndup(json_object_get_string(type) + 6,
                                               strcspn(json_object_get_string(type) + 6, ">"));
            if (qmp_boot_class_of_type(qtype) != QMP_BOOT_NET)
                continue;
            g_autofree char *path = g_strdup_printf("%s/%s", base, json_object_get_string(name));
            g_autoptr(json_object) mac = qom_get(q, path, "mac", error);
            ok = mac != NULL;
            if (ok) {
                struct qmp_nic n = { .anon = anon, .id = g_strdup(json_object_get_string(name)) };
                g_strlcpy(n.mac, json_object_get_string(mac), sizeof(n.mac));
                g_array_append_val(nics, n);
            }
        }
    }
    qsort(nics->data, nics->len, sizeof(struct qmp_nic), qmp_facts_nic_cmp);
    for (guint i = 0; i < nics->len; i++) {
        struct qmp_nic *n = &g_array_index(nics, struct qmp_nic, i);
        g_autofree char *mac = mbmc_mac_normalise(n->mac);
        if (mac)
            mbmc_vm_info_add_nic(vm, mac, NULL);
        g_free(n->id);
    }
    return ok;
}

static MbmcFirmware ask_firmware(MbmcQmp *q)
{
    g_autoptr(GError) ignored = NULL;
    g_autoptr(json_object) blocks = mbmc_qmp_call(q, "query-block", NULL, &ignored);
    const char *dev;
    int efi = qmp_facts_firmware_from_blocks(blocks, &dev);
    if (efi < 0) {
        g_autoptr(json_object) name = qom_get(q, "/machine", "firmware", &ignored);
        efi = json_object_is_type(name, json_type_string) ? qmp_facts_firmware_from_name(json_object_get_string(name)) : -1;
    }
    return efi == 1 ? MBMC_FIRMWARE_UEFI : efi == 0 ? MBMC_FIRMWARE_BIOS : MBMC_FIRMWARE_UNKNOWN;
}

MbmcVmInfo *mbmc_qmp_inventory_probe(const MbmcConfig *cfg, const MbmcBmc *bmc, const char *path,
                                     GError **error)
{
    g_autoptr(MbmcVmInfo) vm = mbmc_vm_info_new(bmc ? bmc->vmid : mbmc_qmp_path_vmid(path));
    vm->qmp = g_strdup(path);
    if (bmc && from_bmc(cfg, bmc, vm))
        return g_steal_pointer(&vm);
    g_autoptr(MbmcQmp) q = mbmc_qmp_open(path, MBMC_QMP_TIMEOUT_SECS, error);
    if (!q)
        return NULL;
    g_autoptr(json_object) name = mbmc_qmp_call(q, "query-name", NULL, error);
    json_object *v;
    if (!name)
        return NULL;
    g_free(vm->name);
    vm->name = g_strdup(json_object_object_get_ex(name, "name", &v) ? json_object_get_string(v) : "");
    if (!ask_nics(q, vm, error))
        return NULL;
    vm->firmware = ask_firmware(q);
    return g_steal_pointer(&vm);
}
