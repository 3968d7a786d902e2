/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: a Proxmox API answer body, run through every parse step the module takes
 * on one (pve_parse.c), and its strings through the UPID parser, the error classifier, the
 * boot order planner and the virtual media helpers (file name from a URL, CD-ROM drive values,
 * the BMC's saved media state). The same body is read as each kind of answer: a server that sends
 * the wrong shape for a path must not crash the BMC either. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pve_boot.h"
#include "pve_error.h"
#include "pve_media_logic.h"
#include "pve_parse.h"
#include "pve_upid.h"

#define MAX_CFG 128

static void as_config(struct json_object *d)
{
    struct pve_config_entry cfg[MAX_CFG];
    const char *boot, *bios;
    size_t n = pve_parse_config(d, cfg, MAX_CFG, &boot, &bios);
    char out[1024], err[200];
    for (int dev = MBMC_BOOT_NONE; dev <= 0xf; dev++)     /* every 4-bit selector value */
        if (pve_boot_order(cfg, n, (enum mbmc_boot_device)dev, out, sizeof(out), err, sizeof(err)) == 0 &&
            strncmp(out, "order=", 6))
            __builtin_trap();
    pve_boot_current(cfg, n, out, sizeof(out));
    const char *drive = pve_media_find_drive(cfg, n, NULL);
    if (drive && !pve_media_find_drive(cfg, n, drive))
        __builtin_trap();
    if (drive && pve_boot_order_prefer(cfg, n, MBMC_BOOT_CDROM, drive, out, sizeof(out), err,
                                       sizeof(err)) == 0 && strncmp(out + 6, drive, strlen(drive)))
        __builtin_trap();                /* the preferred drive must come first */
}

/* What the media code does with strings from the outside (URLs from clients, drive values
 * and task logs from Proxmox, the state file from disk). */
static void as_media(const char *s)
{
    char name[300], vol[PVE_VOLID_LEN], value[PVE_DRIVE_VALUE_LEN], why[200];
    if (pve_media_filename(s, 100, 1700000000, name, sizeof(name)) == 0 &&
        (strchr(name, '/') || strncmp(name, "mbmc-100-", 9) || strlen(name) > 255))
        __builtin_trap();
    pve_media_url_check(s, why, sizeof(why));
    pve_drive_volume(s, vol, sizeof(vol));
    if (pve_drive_with_volume(s, "isos:iso/x.iso", value, sizeof(value)) == 0 &&
        !strstr(value, "media=cdrom"))
        __builtin_trap();
    struct pve_media_saved st;
    if (pve_media_saved_parse(s, &st) == 0) {
        size_t due;
        pve_media_next_removal(&st, 2000000000, 60, &due);
        char *txt = pve_media_saved_format(&st);
        struct pve_media_saved again;
        if (txt && pve_media_saved_parse(txt, &again))
            __builtin_trap();            /* what we write we can read */
        free(txt);
    }
}

static void as_string(const char *s)
{
    char node[64], type[32], esc[512];
    if (pve_upid_parse(s, node, sizeof(node), type, sizeof(type)) == 0 && (!*node || !*type))
        __builtin_trap();
    pve_url_escape(s, esc, sizeof(esc));
    enum pve_err e = pve_err_classify(200, s);
    pve_err_name(e);
    pve_err_ipmi_cc(e);
    for (long http = 400; http <= 596; http += 98)
        pve_err_ipmi_cc(pve_err_classify(http, s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *body = malloc(size + 1);
    if (!body)
        return 0;
    memcpy(body, data, size);
    body[size] = '\0';
    as_string(body);                     /* a reason phrase or a task exitstatus */
    as_media(body);
    char why[256];
    struct json_object *d, *root = pve_envelope_unwrap(body, size, &d, why, sizeof(why));
    if (root) {
        char node[64];
        if (pve_parse_node(d, 100, node, sizeof(node)) == 0 && !*node)
            __builtin_trap();
        struct pve_vm_state st;
        pve_parse_vm_state(d, &st);
        if (!st.status || !st.qmpstatus || !st.lock)
            __builtin_trap();
        const char *es = NULL;
        if (pve_parse_task(d, &es) && !es)
            __builtin_trap();
        as_config(d);
        int major, minor;
        pve_parse_version(d, &major, &minor);
        bool c, p;
        pve_parse_perms(d, 100, &c, &p);
        pve_parse_has_priv(d, "/storage/isos", "Datastore.AllocateTemplate");
        bool iso, active;
        pve_parse_storage(d, "isos", &iso, &active);
        pve_parse_content_has(d, "isos:iso/x.iso");
        char line[300];
        pve_parse_task_log_error(d, line, sizeof(line));
        for (const char *q = line; *q; q++)
            if ((unsigned char)*q < 0x20)
                __builtin_trap();        /* one line for the log and the Redfish message */
        const char *s = json_object_get_string(d);   /* a UPID or a monitor answer */
        if (s)
            as_string(s);
        json_object_put(root);
    }
    free(body);
    return 0;
}
