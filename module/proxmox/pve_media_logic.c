/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See pve_media_logic.h. */
#include "pve_media_logic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

const char *pve_media_find_drive(const struct pve_config_entry *cfg, size_t n, const char *want)
{
    char found[8][16];
    size_t k = pve_boot_cdroms(cfg, n, found, 8);
    const char *pick = !want && k ? found[0] : NULL;
    for (size_t i = 0; i < k; i++)
        if (!strcmp(found[i], want ? want : "ide2"))
            pick = found[i];
    for (size_t j = 0; pick && j < n; j++)
        if (cfg[j].key && !strcmp(cfg[j].key, pick))
            return cfg[j].key;
    return NULL;
}

int pve_media_url_check(const char *url, char *why, size_t whylen)
{
    const char *rest;
    if (!strncasecmp(url, "https://", 8))
        rest = url + 8;
    else if (!strncasecmp(url, "http://", 7))
        rest = url + 7;
    else {
        snprintf(why, whylen, "A Proxmox node downloads the image itself: give an http:// or "
                 "https:// URL it can reach (local files are for local QEMU BMCs).");
        return -1;
    }
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f) {
            snprintf(why, whylen, "The URL holds spaces or control characters.");
            return -1;
        }
    size_t host = strcspn(rest, "/?#");
    if (host == 0 || memchr(rest, '@', host)) {
        snprintf(why, whylen, "The URL needs a host and no user name or password.");
        return -1;
    }
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool has_image_ext(const char *name, size_t len)
{
    return len > 4 && (!strncasecmp(name + len - 4, ".iso", 4) || !strncasecmp(name + len - 4, ".img", 4));
}

int pve_media_filename(const char *url, unsigned vmid, unsigned long long stamp, char *out,
                       size_t outlen)
{
    const char *p = strstr(url, "://");
    if (!p)
        return -1;
    p += 3;
    size_t host = strcspn(p, "/?#");
    if (!host)
        return -1;
    p += host;
    size_t plen = strcspn(p, "?#");
    /* The last path segment, percent-decoded, made safe. */
    const char *seg = p;
    for (size_t i = 0; i < plen; i++)
        if (p[i] == '/')
            seg = p + i + 1;
    size_t seglen = (size_t)(p + plen - seg);
    char name[160];
    size_t o = 0;
    for (size_t i = 0; i < seglen && o < 120; i++) {
        char c = seg[i];
        if (c == '%' && i + 2 < seglen && hexval(seg[i + 1]) >= 0 && hexval(seg[i + 2]) >= 0) {
            c = (char)(hexval(seg[i + 1]) * 16 + hexval(seg[i + 2]));
            i += 2;
        }
        bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
        name[o++] = safe ? c : '_';
    }
    name[o] = '\0';
    /* No hidden, relative or empty names; the extension Proxmox wants for content iso. */
    if (!o || name[0] == '.') {
        memmove(name + 5, name, o + 1);
        memcpy(name, "image", 5);
        o += 5;
    }
    if (!has_image_ext(name, o))
        snprintf(name + o, sizeof(name) - o, ".iso");
    int n = snprintf(out, outlen, "mbmc-%u-%llu-%s", vmid, stamp, name);
    return n < 0 || (size_t)n >= outlen || n > 255 ? -1 : 0;
}

void pve_drive_volume(const char *value, char *out, size_t outlen)
{
    const char *v = value ? value : "";
    const char *item = v;
    /* "file=" may come first or anywhere; otherwise the first item is the volume. */
    for (const char *p = v; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (!strncmp(p, "file=", 5)) {
            item = p + 5;
            break;
        }
    size_t len = strcspn(item, ",");
    if (item == v && memchr(item, '=', len))
        len = 0;                    /* "media=cdrom" alone: no volume */
    snprintf(out, outlen, "%.*s", (int)len, item);
}

int pve_drive_with_volume(const char *old, const char *volid, char *out, size_t outlen)
{
    size_t pos = (size_t)snprintf(out, outlen, "%s", volid);
    bool first = true;
    const char *v = old ? old : "";
    for (const char *p = v; *p && pos < outlen;) {
        size_t len = strcspn(p, ",");
        bool is_volume = first && !memchr(p, '=', len);
        first = false;
        if (!is_volume && len && strncmp(p, "file=", 5) && strncmp(p, "size=", 5) &&
            strncmp(p, "format=", 7) && strncmp(p, "media=", 6))
            pos += (size_t)snprintf(out + pos, outlen - pos, ",%.*s", (int)len, p);
        p += len;
        if (*p == ',')
            p++;
    }
    if (pos < outlen)
        pos += (size_t)snprintf(out + pos, outlen - pos, ",media=cdrom");
    return pos < outlen ? 0 : -1;
}

static void add_missing(char *out, size_t outlen, const char *what)
{
    size_t l = strlen(out);
    snprintf(out + l, outlen - l, "%s%s", l ? ", " : "", what);
}

void pve_media_missing_privs(const struct pve_media_privs *p, const char *storage, unsigned vmid,
                             char *out, size_t outlen)
{
    char buf[160];
    out[0] = '\0';
    if (!p->cdrom) {
        snprintf(buf, sizeof(buf), "VM.Config.CDROM on /vms/%u", vmid);
        add_missing(out, outlen, buf);
    }
    if (!p->template_) {
        snprintf(buf, sizeof(buf), "Datastore.AllocateTemplate on /storage/%s", storage);
        add_missing(out, outlen, buf);
    }
    if (!p->audit) {
        snprintf(buf, sizeof(buf), "Datastore.Audit on /storage/%s", storage);
        add_missing(out, outlen, buf);
    }
    if (!p->sys_root && !p->access_network)
        add_missing(out, outlen, "Sys.Audit and Sys.Modify on / (or Sys.AccessNetwork on "
                                 "/nodes/<node>, PVE 8.2 and later)");
}

/* ---- saved state */

static bool copy_str(struct json_object *o, const char *key, char *out, size_t outlen, bool need)
{
    struct json_object *v;
    out[0] = '\0';
    if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
        return !need;
    if (!json_object_is_type(v, json_type_string) || (size_t)json_object_get_string_len(v) >= outlen)
        return false;
    const char *s = json_object_get_string(v);
    if (strlen(s) != (size_t)json_object_get_string_len(v))
        return false;                /* an embedded NUL */
    memcpy(out, s, strlen(s) + 1);
    return true;
}

static bool get_int(struct json_object *o, const char *key, long long *out)
{
    struct json_object *v;
    *out = 0;
    if (!json_object_object_get_ex(o, key, &v))
        return true;
    if (!json_object_is_type(v, json_type_int))
        return false;
    *out = json_object_get_int64(v);
    return *out >= 0;
}

int pve_media_saved_parse(const char *text, struct pve_media_saved *out)
{
    memset(out, 0, sizeof(*out));
    struct json_object *root = text ? json_tokener_parse(text) : NULL, *dl;
    long long stamp = 0;
    bool ok = json_object_is_type(root, json_type_object) &&
              copy_str(root, "drive", out->drive, sizeof(out->drive), false) &&
              copy_str(root, "previous", out->previous, sizeof(out->previous), false) &&
              copy_str(root, "volid", out->volid, sizeof(out->volid), false) &&
              copy_str(root, "image", out->image, sizeof(out->image), false) &&
              get_int(root, "stamp", &stamp);
    out->stamp = (unsigned long long)stamp;
    /* An inserted image names its drive and volume, or nothing is inserted. */
    ok = ok && !out->drive[0] == !out->volid[0] && (!out->drive[0] || pve_cdrom_key_ok(out->drive));
    if (ok && json_object_object_get_ex(root, "downloads", &dl)) {
        size_t n = json_object_is_type(dl, json_type_array) ? json_object_array_length(dl) : 0;
        ok = json_object_is_type(dl, json_type_array) && n <= PVE_MEDIA_MAX_DOWNLOADS;
        for (size_t i = 0; ok && i < n; i++) {
            struct json_object *e = json_object_array_get_idx(dl, i);
            struct pve_media_download *d = &out->dl[out->ndl++];
            ok = json_object_is_type(e, json_type_object) &&
                 copy_str(e, "volid", d->volid, sizeof(d->volid), true) && d->volid[0] &&
                 copy_str(e, "node", d->node, sizeof(d->node), true) &&
                 copy_str(e, "upid", d->upid, sizeof(d->upid), false) &&
                 get_int(e, "ejected", &d->ejected);
        }
    }
    json_object_put(root);
    if (!ok)
        memset(out, 0, sizeof(*out));
    return ok ? 0 : -1;
}

char *pve_media_saved_format(const struct pve_media_saved *s)
{
    struct json_object *root = json_object_new_object(), *dl = json_object_new_array();
    if (!root || !dl) {
        json_object_put(root);
        json_object_put(dl);
        return NULL;
    }
    if (s->volid[0]) {
        json_object_object_add(root, "drive", json_object_new_string(s->drive));
        json_object_object_add(root, "previous", json_object_new_string(s->previous));
        json_object_object_add(root, "volid", json_object_new_string(s->volid));
        json_object_object_add(root, "image", json_object_new_string(s->image));
    }
    json_object_object_add(root, "stamp", json_object_new_int64((int64_t)s->stamp));
    for (size_t i = 0; i < s->ndl; i++) {
        struct json_object *e = json_object_new_object();
        json_object_object_add(e, "volid", json_object_new_string(s->dl[i].volid));
        json_object_object_add(e, "node", json_object_new_string(s->dl[i].node));
        json_object_object_add(e, "ejected", json_object_new_int64(s->dl[i].ejected));
        if (s->dl[i].upid[0])
            json_object_object_add(e, "upid", json_object_new_string(s->dl[i].upid));
        json_object_array_add(dl, e);
    }
    json_object_object_add(root, "downloads", dl);
    const char *txt = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY);
    char *copy = txt ? strdup(txt) : NULL;
    json_object_put(root);
    return copy;
}

struct pve_media_download *pve_media_saved_find(struct pve_media_saved *s, const char *volid)
{
    for (size_t i = 0; i < s->ndl; i++)
        if (!strcmp(s->dl[i].volid, volid))
            return &s->dl[i];
    return NULL;
}

void pve_media_saved_drop(struct pve_media_saved *s, const char *volid)
{
    struct pve_media_download *d = pve_media_saved_find(s, volid);
    if (!d)
        return;
    size_t i = (size_t)(d - s->dl);
    memmove(&s->dl[i], &s->dl[i + 1], (s->ndl - i - 1) * sizeof(s->dl[0]));
    s->ndl--;
}

struct pve_media_download *pve_media_saved_add(struct pve_media_saved *s, const char *volid,
                                               const char *node)
{
    if (strlen(volid) >= PVE_VOLID_LEN || strlen(node) >= sizeof(s->dl[0].node))
        return NULL;
    struct pve_media_download *d = pve_media_saved_find(s, volid);
    if (!d && s->ndl == PVE_MEDIA_MAX_DOWNLOADS)
        return NULL;                /* the removal makes room (pve_media_next_removal) */
    if (!d)
        d = &s->dl[s->ndl++];
    memset(d, 0, sizeof(*d));
    snprintf(d->volid, sizeof(d->volid), "%s", volid);
    snprintf(d->node, sizeof(d->node), "%s", node);
    return d;
}

long long pve_media_next_removal(const struct pve_media_saved *s, long long now,
                                 unsigned retention_s, size_t *due)
{
    long long best = 0;
    size_t best_i = 0;
    bool any = false;
    for (size_t i = 0; i < s->ndl; i++) {
        const struct pve_media_download *d = &s->dl[i];
        if (!d->ejected || !strcmp(d->volid, s->volid))
            continue;               /* in use (or downloading) */
        long long wait = d->ejected + (long long)retention_s - now;
        if (!any || wait < best) {
            best = wait;
            best_i = i;
        }
        any = true;
    }
    if (!any)
        return -1;
    /* Full: the longest ejected goes now, to make room for the next download. */
    if (best <= 0 || s->ndl == PVE_MEDIA_MAX_DOWNLOADS) {
        *due = best_i;
        return 0;
    }
    return best;
}
