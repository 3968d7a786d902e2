/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pve_identity.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "pve_parse.h"
#include "uuid.h"

/* Decode base64 into out (NUL-terminated, cut to fit); non-printable bytes become '?' (FRU
 * fields are ASCII). Returns -1 when the value is not base64. */
static int b64decode(const char *in, size_t len, char *out, size_t outlen)
{
    uint8_t *buf = malloc(len / 4 * 3 + 1);
    long n = buf ? mbmc_base64_decode(in, len, buf, len / 4 * 3 + 1) : -1;
    if (n < 0) {
        free(buf);
        return -1;
    }
    size_t o = 0;
    for (long i = 0; i < n && o + 1 < outlen; i++)
        out[o++] = buf[i] >= 0x20 && buf[i] < 0x7f ? (char)buf[i] : '?';
    out[o] = '\0';
    free(buf);
    return 0;
}

static void copy_value(const char *v, size_t len, bool b64, char *out, size_t outlen)
{
    if (b64) {
        if (b64decode(v, len, out, outlen) == 0)
            return;
    }
    snprintf(out, outlen, "%.*s", (int)len, v);
}

void pve_parse_identity(struct json_object *config, struct mbmc_vm_identity *id)
{
    memset(id, 0, sizeof(*id));
    snprintf(id->name, sizeof(id->name), "%s", pve_json_str(config, "name"));
    id->firmware[0] = '\0';
    snprintf(id->firmware, sizeof(id->firmware), "%s",
             !strcmp(pve_json_str(config, "bios"), "ovmf") ? "UEFI (OVMF)" : "SeaBIOS");
    const char *sm = pve_json_str(config, "smbios1");
    bool b64 = strstr(sm, "base64=1") != NULL;
    for (const char *p = sm; *p;) {
        size_t n = strcspn(p, ",");
        const char *eq = memchr(p, '=', n);
        if (eq) {
            size_t klen = (size_t)(eq - p), vlen = n - klen - 1;
            const char *v = eq + 1;
            char uuid[40];
            if (klen == 4 && !strncmp(p, "uuid", 4)) {
                snprintf(uuid, sizeof(uuid), "%.*s", (int)vlen, v);
                id->uuid_known = mbmc_uuid_parse(uuid, id->uuid) == 0;
            } else if (klen == 6 && !strncmp(p, "serial", 6)) {
                copy_value(v, vlen, b64, id->serial, sizeof(id->serial));
            } else if (klen == 12 && !strncmp(p, "manufacturer", 12)) {
                copy_value(v, vlen, b64, id->manufacturer, sizeof(id->manufacturer));
            } else if (klen == 7 && !strncmp(p, "product", 7)) {
                copy_value(v, vlen, b64, id->product, sizeof(id->product));
            }
        }
        p += n;
        if (*p == ',')
            p++;
    }
}

bool pve_parse_onboot(struct json_object *config)
{
    const char *v = pve_json_str(config, "onboot");
    return !strcmp(v, "1");
}

bool pve_parse_has_perm(struct json_object *perms, unsigned vmid, const char *priv)
{
    char path[32];
    struct json_object *p, *v;
    snprintf(path, sizeof(path), "/vms/%u", vmid);
    if (!json_object_is_type(perms, json_type_object) || !json_object_object_get_ex(perms, path, &p))
        return true;
    return json_object_is_type(p, json_type_object) && json_object_object_get_ex(p, priv, &v);
}
