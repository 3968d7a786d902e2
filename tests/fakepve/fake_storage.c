/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
/* The fake's storages (reference: pve-storage's API2/Storage/{Status,Content}.pm, Storage.pm,
 * pve-common's Tools.pm download_file_from_url, qemu-server's drive checks):
 *
 *   GET    /nodes/{node}/storage[?storage=S&content=C]   storages the token may see
 *   GET    /nodes/{node}/storage/{s}/content[?content=C] the volumes
 *   DELETE /nodes/{node}/storage/{s}/content/{volume}    an imgdel task (Datastore.Allocate)
 *   POST   /nodes/{node}/storage/{s}/download-url        a download task
 *
 * download-url really fetches the URL (libcurl, in a thread of its own, at download_rate
 * bytes per second when set), computes the digests, and fails the way Proxmox does: wget's
 * "download failed: exit code 8" with "ERROR 404: Not Found." in the task log, its "failed:
 * Connection refused." line, "checksum mismatch: got 'X' != expect 'Y'", "refusing to
 * override existing file '...'". Test control: `storage NAME key=value...`, `storage_show`,
 * `download_rate BYTES`, `volume_add VOLID NODE SIZE` (see fake_storage_ctl). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "fake.h"

extern pthread_mutex_t fake_lock;

/* ---- model */

static struct fake_storage *storage_find(const char *name)
{
    for (int i = 0; i < F.nstorages; i++)
        if (!strcmp(F.storages[i].name, name))
            return &F.storages[i];
    return NULL;
}

static bool list_has(const char *list, const char *item)
{
    size_t l = strlen(item);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        if (len == l && !strncmp(p, item, l))
            return true;
        p += len + (p[len] == ',');
    }
    return false;
}

static bool on_node(const struct fake_storage *s, const char *node)
{
    return !s->nodes[0] || list_has(s->nodes, node);
}

/* A volume as seen from node (a shared storage's volumes are everywhere). */
static struct fake_volume *volume_find(const char *volid, const char *node)
{
    char sid[32];
    snprintf(sid, sizeof(sid), "%.*s", (int)strcspn(volid, ":"), volid);
    struct fake_storage *s = storage_find(sid);
    for (int i = 0; i < F.nvolumes; i++)
        if (!strcmp(F.volumes[i].volid, volid) && (!s || s->shared || !strcmp(F.volumes[i].node, node)))
            return &F.volumes[i];
    return NULL;
}

static struct fake_volume *volume_add(const char *volid, const char *node, long long size,
                                      const char *sha256)
{
    if (F.nvolumes == MAX_VOLUMES)
        return NULL;
    struct fake_volume *v = &F.volumes[F.nvolumes++];
    memset(v, 0, sizeof(*v));
    snprintf(v->volid, sizeof(v->volid), "%s", volid);
    snprintf(v->node, sizeof(v->node), "%s", node);
    v->size = size;
    v->ctime = (double)time(NULL);
    snprintf(v->sha256, sizeof(v->sha256), "%s", sha256 ? sha256 : "");
    return v;
}

static void volume_del(struct fake_volume *v)
{
    size_t i = (size_t)(v - F.volumes);
    memmove(&F.volumes[i], &F.volumes[i + 1], (size_t)(F.nvolumes - (int)i - 1) * sizeof(F.volumes[0]));
    F.nvolumes--;
}

static void iso_path(const struct fake_storage *s, const char *file, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s/template/iso/%s", s->path, file);
}

void fake_storage_defaults(void)
{
    F.nstorages = 3;
    F.storages[0] = (struct fake_storage){ .name = "local", .type = "dir", .content = "iso,vztmpl,backup",
                                           .path = "/var/lib/vz" };
    F.storages[1] = (struct fake_storage){ .name = "local-lvm", .type = "lvmthin", .content = "images,rootdir" };
    F.storages[2] = (struct fake_storage){ .name = "isos", .type = "dir", .content = "iso",
                                           .path = "/mnt/pve/isos" };
    F.nvolumes = 0;
    /* The installer ISO the default VM's ide2 holds, on both nodes. */
    volume_add("local:iso/debian.iso", "pve1", 658505728, NULL);
    volume_add("local:iso/debian.iso", "pve2", 658505728, NULL);
}

/* ---- storage checks shared by the endpoints (Storage.pm) */

static struct fake_storage *storage_enabled(const char *sid, const char *node, struct fake_resp *rs)
{
    struct fake_storage *s = storage_find(sid);
    if (!s) {
        fake_set_err(rs, 500, NULL, "storage '%s' does not exist", sid);
        return NULL;
    }
    if (s->disabled) {
        fake_set_err(rs, 500, NULL, "storage '%s' is disabled", sid);
        return NULL;
    }
    if (!on_node(s, node)) {
        fake_set_err(rs, 500, NULL, "storage '%s' is not available on node '%s'", sid, node);
        return NULL;
    }
    return s;
}

static bool may_audit(const struct fake_token *t, const char *sid)
{
    char path[64];
    snprintf(path, sizeof(path), "/storage/%s", sid);
    return fake_has_priv(t, "Datastore.Audit", path) || fake_has_priv(t, "Datastore.AllocateSpace", path) ||
           fake_has_priv(t, "Datastore.Allocate", path);
}

/* ---- GET /nodes/{node}/storage */

static void storage_index(const struct fake_token *t, const char *node, const struct fake_params *q,
                          struct fake_resp *rs)
{
    if (!fake_check_params(q, " storage content enabled target format ", " enabled format ", rs))
        return;
    const char *only = fake_param(q, "storage"), *content = fake_param(q, "content");
    if (only && !storage_find(only)) {
        fake_param_error(rs, "storage", "No such storage.");
        return;
    }
    struct json_object *arr = json_object_new_array();
    for (int i = 0; i < F.nstorages; i++) {
        struct fake_storage *s = &F.storages[i];
        if ((only && strcmp(only, s->name)) || !may_audit(t, s->name) || !on_node(s, node))
            continue;
        if (content && (!list_has(s->content, content) || s->disabled))
            continue;
        struct json_object *r = json_object_new_object();
        json_object_object_add(r, "storage", json_object_new_string(s->name));
        json_object_object_add(r, "type", json_object_new_string(s->type));
        json_object_object_add(r, "content", json_object_new_string(s->content));
        json_object_object_add(r, "shared", json_object_new_int(s->shared));
        json_object_object_add(r, "enabled", json_object_new_int(!s->disabled));
        json_object_object_add(r, "active", json_object_new_int(!s->disabled));
        json_object_object_add(r, "total", json_object_new_int64(100LL << 30));
        json_object_object_add(r, "avail", json_object_new_int64(60LL << 30));
        json_object_object_add(r, "used", json_object_new_int64(40LL << 30));
        json_object_array_add(arr, r);
    }
    fake_set_json(rs, arr);
}

/* ---- GET .../content, DELETE .../content/{volume} */

static void content_list(const struct fake_token *t, const char *node, struct fake_storage *s,
                         const struct fake_params *q, struct fake_resp *rs)
{
    if (!fake_check_params(q, " content vmid ", "", rs))
        return;
    if (!may_audit(t, s->name)) {
        fake_set_err(rs, 403, NULL, "Permission check failed (/storage/%s, Datastore.Audit|"
                     "Datastore.AllocateSpace)", s->name);
        return;
    }
    const char *content = fake_param(q, "content");
    struct json_object *arr = json_object_new_array();
    size_t pre = strlen(s->name);
    for (int i = 0; i < F.nvolumes; i++) {
        struct fake_volume *v = &F.volumes[i];
        if (strncmp(v->volid, s->name, pre) || v->volid[pre] != ':' || (!s->shared && strcmp(v->node, node)))
            continue;
        if (content && strcmp(content, "iso"))
            continue;
        struct json_object *r = json_object_new_object();
        json_object_object_add(r, "volid", json_object_new_string(v->volid));
        json_object_object_add(r, "content", json_object_new_string("iso"));
        json_object_object_add(r, "format", json_object_new_string("iso"));
        json_object_object_add(r, "size", json_object_new_int64(v->size));
        json_object_object_add(r, "ctime", json_object_new_int64((long long)v->ctime));
        json_object_array_add(arr, r);
    }
    fake_set_json(rs, arr);
}

static void content_delete(const struct fake_token *t, const char *node, struct fake_storage *s,
                           const char *volume, const struct fake_params *q, struct fake_resp *rs)
{
    if (!fake_check_params(q, " delay ", "", rs))
        return;
    char volid[320];
    /* real_volume_id: a bare name belongs to the storage in the path. */
    if (strchr(volume, ':'))
        snprintf(volid, sizeof(volid), "%.300s", volume);
    else
        snprintf(volid, sizeof(volid), "%s:%.250s", s->name, volume);
    char sid[32], path[64];
    snprintf(sid, sizeof(sid), "%.*s", (int)strcspn(volid, ":"), volid);
    snprintf(path, sizeof(path), "/storage/%s", sid);
    if (!fake_need(t, path, "Datastore.Allocate", rs))
        return;
    const char *upid = fake_task_new_id(node, "imgdel", sid, t->id, T_IMGDEL, 0.2);
    struct fake_task *tk = fake_task_find(upid);
    snprintf(tk->volid, sizeof(tk->volid), "%s", volid);
    fake_set_json(rs, json_object_new_string(upid));
}

void fake_storage_task_done(struct fake_task *t)
{
    char sid[32];
    snprintf(sid, sizeof(sid), "%.*s", (int)strcspn(t->volid, ":"), t->volid);
    struct fake_storage *s = storage_find(sid);
    struct fake_volume *v = volume_find(t->volid, t->node);
    const char *file = strrchr(t->volid, '/') ? strrchr(t->volid, '/') + 1 : t->volid;
    char p[512];
    if (s)
        iso_path(s, file, p, sizeof(p));
    if (!v || !s) {
        fake_task_log(t, "disk image '%s' does not exist", s ? p : t->volid);
        snprintf(t->exitstatus, sizeof(t->exitstatus), "WARNINGS: 1");
        return;
    }
    volume_del(v);
    fake_task_log(t, "Removed volume '%s'", t->volid);
    fprintf(F.log, "# volume %s removed (node %s)\n", t->volid, t->node);
}

/* ---- POST .../download-url */

struct download {
    char upid[256], url[1024], node[32], volid[320], dest[512], alg[8], checksum[130];
    bool verify;
    /* the transfer, in the download thread */
    EVP_MD_CTX *sha256, *want;
    long long bytes;
    double started;
    char status_line[256];
};

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Under fake_lock: the download's task, NULL when it was aborted (DELETE) or dropped. */
static struct fake_task *running_task(const char *upid)
{
    struct fake_task *t = fake_task_find(upid);
    return t && t->running ? t : NULL;
}

static size_t on_header(char *buf, size_t size, size_t n, void *data)
{
    struct download *d = data;
    size_t len = size * n;
    if (len > 5 && !strncmp(buf, "HTTP/", 5))
        snprintf(d->status_line, sizeof(d->status_line), "%.*s", (int)strcspn(buf, "\r\n"), buf);
    return len;
}

static size_t on_data(char *buf, size_t size, size_t n, void *data)
{
    struct download *d = data;
    size_t len = size * n;
    EVP_DigestUpdate(d->sha256, buf, len);
    if (d->want)
        EVP_DigestUpdate(d->want, buf, len);
    d->bytes += (long long)len;
    pthread_mutex_lock(&fake_lock);
    bool alive = running_task(d->upid) != NULL;
    unsigned long rate = F.download_rate;
    pthread_mutex_unlock(&fake_lock);
    if (!alive)
        return 0;                   /* aborted: curl stops with a write error */
    if (rate) {
        double due = d->started + (double)d->bytes / (double)rate, now = mono();
        if (due > now)
            usleep((useconds_t)((due - now) * 1e6));
    }
    return len;
}

static void hex(EVP_MD_CTX *c, char *out, size_t outlen)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_DigestFinal_ex(c, md, &len);
    out[0] = '\0';
    for (unsigned i = 0; i < len && 2 * i + 2 < outlen; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* wget's words for what went wrong before an HTTP answer. */
static void transport_error(CURL *c, CURLcode rc, char *out, size_t outlen)
{
    char *host = NULL;
    long port = 0;
    curl_easy_getinfo(c, CURLINFO_PRIMARY_PORT, &port);
    CURLU *u = curl_url();
    char *url = NULL;
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &url);
    if (u && url && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK)
        curl_url_get(u, CURLUPART_HOST, &host, 0);
    char *p = NULL;
    if (!port && u && curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK && p)
        port = atol(p);
    curl_free(p);
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
        snprintf(out, outlen, "wget: unable to resolve host address '%s'", host ? host : "");
        break;
    case CURLE_COULDNT_CONNECT:
        snprintf(out, outlen, "Connecting to %s:%ld... failed: Connection refused.", host ? host : "", port);
        break;
    case CURLE_OPERATION_TIMEDOUT:
        snprintf(out, outlen, "Connecting to %s:%ld... failed: Connection timed out.", host ? host : "", port);
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
        snprintf(out, outlen, "ERROR: cannot verify %s's certificate: %s", host ? host : "",
                 curl_easy_strerror(rc));
        break;
    default:
        snprintf(out, outlen, "%s", curl_easy_strerror(rc));
        break;
    }
    curl_free(host);
    curl_url_cleanup(u);
}

static void *download_thread(void *arg)
{
    struct download *d = arg;
    const EVP_MD *want_md = d->alg[0] ? EVP_get_digestbyname(d->alg) : NULL;
    d->sha256 = EVP_MD_CTX_new();
    d->want = want_md ? EVP_MD_CTX_new() : NULL;
    EVP_DigestInit_ex(d->sha256, EVP_sha256(), NULL);
    if (d->want)
        EVP_DigestInit_ex(d->want, want_md, NULL);
    d->started = mono();
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, d->url);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);      /* wget follows redirects */
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, d->verify ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, d->verify ? 2L : 0L);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, d);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, d);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    char why[600] = "", got[130] = "", sha[65] = "";
    if (rc == CURLE_OK && code >= 400) {
        const char *reason = d->status_line;
        for (int sp = 0; sp < 2 && reason; sp++)
            reason = strchr(reason, ' ') ? strchr(reason, ' ') + 1 : NULL;
        time_t now = time(NULL);
        struct tm tm;
        char stamp[32];
        strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", localtime_r(&now, &tm));
        snprintf(why, sizeof(why), "%s ERROR %ld: %s.", stamp, code, reason && *reason ? reason : "Error");
    } else if (rc != CURLE_OK && rc != CURLE_WRITE_ERROR) {
        transport_error(c, rc, why, sizeof(why));
    }
    curl_easy_cleanup(c);
    hex(d->sha256, sha, sizeof(sha));
    if (d->want)
        hex(d->want, got, sizeof(got));
    EVP_MD_CTX_free(d->sha256);
    EVP_MD_CTX_free(d->want);

    pthread_mutex_lock(&fake_lock);
    struct fake_task *t = running_task(d->upid);
    if (t) {
        char exitstatus[700] = "OK";
        if (why[0]) {
            fake_task_log(t, "%s", why);
            /* run_command keeps wget's last stderr line; after an HTTP error that is an empty
             * line, so only the exit code is left. */
            if (strstr(why, " ERROR "))
                snprintf(exitstatus, sizeof(exitstatus), "download failed: exit code 8");
            else
                snprintf(exitstatus, sizeof(exitstatus), "download failed: %s", why);
        } else if (d->checksum[0] && strcasecmp(got, d->checksum)) {
            fake_task_log(t, "calculating checksum...");
            snprintf(exitstatus, sizeof(exitstatus), "checksum mismatch: got '%s' != expect '%s'", got,
                     d->checksum);
        } else {
            if (d->checksum[0])
                fake_task_log(t, "calculating checksum...OK, checksum verified");
            fake_task_log(t, "download of '%s' to '%s' finished", d->url, d->dest);
            volume_add(d->volid, d->node, d->bytes, sha);
            fprintf(F.log, "# volume %s downloaded (node %s, %lld bytes, sha256 %s)\n", d->volid,
                    d->node, d->bytes, sha);
        }
        t->running = false;
        snprintf(t->exitstatus, sizeof(t->exitstatus), "%s", exitstatus);
        if (strcmp(exitstatus, "OK"))
            fake_task_log(t, "TASK ERROR: %s", exitstatus);
        else
            fake_task_log(t, "TASK OK");
        fprintf(F.log, "# task %s -> %s\n", t->upid, exitstatus);
    }
    pthread_mutex_unlock(&fake_lock);
    free(d);
    return NULL;
}

/* encode_text: everything but printable ASCII without ':' and '%' as %XX (the UPID id). */
static void encode_text(const char *in, char *out, size_t outlen)
{
    size_t o = 0;
    for (const unsigned char *c = (const unsigned char *)in; *c && o + 4 < outlen; c++) {
        if (*c < 0x20 || *c > 0x7e || *c == ':' || *c == '%')
            o += (size_t)snprintf(out + o, outlen - o, "%%%02X", *c);
        else
            out[o++] = (char)*c;
    }
    out[o] = '\0';
}

static void download_url(const struct fake_token *t, const char *node, const char *sid,
                         const struct fake_params *p, struct fake_resp *rs)
{
    /* Permissions first (pve-http-server checks them before the schema). */
    char path[96], nodepath[64];
    snprintf(path, sizeof(path), "/storage/%s", sid);
    snprintf(nodepath, sizeof(nodepath), "/nodes/%s", node);
    if (!fake_need(t, path, "Datastore.AllocateTemplate", rs))
        return;
    bool sys = fake_has_priv(t, "Sys.Audit", "/") && fake_has_priv(t, "Sys.Modify", "/");
    bool net = F.profile >= 8 && fake_has_priv(t, "Sys.AccessNetwork", nodepath);
    if (!sys && !net) {
        fake_set_err(rs, 403, NULL, "Permission check failed");
        return;
    }
    if (!fake_check_params(p, " url content filename checksum checksum-algorithm compression "
                              "verify-certificates ", " verify-certificates ", rs))
        return;
    const char *url = fake_param(p, "url"), *content = fake_param(p, "content");
    const char *filename = fake_param(p, "filename"), *sum = fake_param(p, "checksum");
    const char *alg = fake_param(p, "checksum-algorithm"), *verify = fake_param(p, "verify-certificates");
    static const char *const required[] = { "url", "content", "filename" };
    for (int i = 0; i < 3; i++)
        if (!fake_param(p, required[i])) {
            fake_param_error(rs, required[i], "property is missing and it is not optional");
            return;
        }
    if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
        fake_param_error(rs, "url", "value does not match the regex pattern");
        return;
    }
    if (strcmp(content, "iso") && strcmp(content, "vztmpl") && strcmp(content, "import")) {
        fake_param_error(rs, "content", "value 'x' does not have a value in the enumeration 'iso, vztmpl, import'");
        return;
    }
    if (strlen(filename) > 255) {
        fake_param_error(rs, "filename", "value may only be 255 characters long");
        return;
    }
    if (!!sum != !!alg) {
        fake_param_error(rs, sum ? "checksum-algorithm" : "checksum", "property is missing and it is not optional");
        return;
    }
    static const char *const algs[] = { "md5", "sha1", "sha224", "sha256", "sha384", "sha512" };
    bool alg_ok = !alg;
    for (int i = 0; i < 6 && alg; i++)
        alg_ok = alg_ok || !strcmp(alg, algs[i]);
    if (!alg_ok) {
        fake_param_error(rs, "checksum-algorithm", "value does not have a value in the enumeration "
                         "'md5, sha1, sha224, sha256, sha384, sha512'");
        return;
    }
    struct fake_storage *s = storage_enabled(sid, node, rs);
    if (!s)
        return;
    if (!s->path[0]) {
        fake_set_err(rs, 500, NULL, "can't upload to storage type '%s', not a file based storage!", s->type);
        return;
    }
    if (!list_has(s->content, content)) {
        fake_set_err(rs, 500, NULL, "storage '%s' is not configured for content-type '%s'", sid, content);
        return;
    }
    /* normalize_content_filename, then the ISO extension check. */
    char file[256];
    const char *base = strrchr(filename, '/') ? strrchr(filename, '/') + 1 : filename;
    base = strrchr(base, '\\') ? strrchr(base, '\\') + 1 : base;
    size_t o = 0;
    for (const char *c = base; *c && *c != '\n' && o + 1 < sizeof(file); c++)
        file[o++] = (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", *c) && *c)
                        ? *c : '_';
    file[o] = '\0';
    if (strcmp(content, "iso") || o < 5 ||
        (strcasecmp(file + o - 4, ".iso") && strcasecmp(file + o - 4, ".img"))) {
        fake_param_error(rs, "filename", "wrong file extension");
        return;
    }
    char id[800];
    encode_text(file, id, sizeof(id));
    const char *upid = fake_task_new_id(node, "download", id, t->id, T_DOWNLOAD, 1e12);
    struct fake_task *tk = fake_task_find(upid);
    struct download *d = calloc(1, sizeof(*d));
    snprintf(d->upid, sizeof(d->upid), "%s", upid);
    snprintf(d->url, sizeof(d->url), "%s", url);
    snprintf(d->node, sizeof(d->node), "%s", node);
    snprintf(d->volid, sizeof(d->volid), "%s:iso/%s", sid, file);
    snprintf(tk->volid, sizeof(tk->volid), "%s", d->volid);
    iso_path(s, file, d->dest, sizeof(d->dest));
    d->verify = !verify || strcmp(verify, "0");
    if (sum) {
        snprintf(d->checksum, sizeof(d->checksum), "%s", sum);
        snprintf(d->alg, sizeof(d->alg), "%s", alg);
    }
    F.downloads++;
    fake_task_log(tk, "downloading %s to %s", url, d->dest);
    struct fake_volume *existing = volume_find(d->volid, node);
    if (existing) {
        /* download_file_from_url: an existing file is only accepted with a matching checksum. */
        if (!sum) {
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "refusing to override existing file '%.200s'",
                     d->dest);
        } else if (!strcmp(alg, "sha256") && !strcasecmp(existing->sha256, sum)) {
            fake_task_log(tk, "calculating checksum of existing file...OK, got correct file already, "
                          "no need to download");
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "OK");
        } else {
            snprintf(tk->exitstatus, sizeof(tk->exitstatus), "checksum mismatch: got '%s' != expect "
                     "'%s', aborting", existing->sha256, sum);
        }
        tk->done_at = fake_now() + 0.1;
        tk->kind = T_CONFIG;        /* ends with that exitstatus at the next tick */
        free(d);
        fake_set_json(rs, json_object_new_string(upid));
        return;
    }
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, download_thread, d)) {
        free(d);
        tk->running = false;
        snprintf(tk->exitstatus, sizeof(tk->exitstatus), "fork failed");
    }
    pthread_attr_destroy(&attr);
    fake_set_json(rs, json_object_new_string(upid));
}

/* ---- routing */

bool fake_storage_route(const struct fake_token *t, const char *method, const char *node,
                        const char *rest, const struct fake_params *q, const struct fake_params *body,
                        struct fake_resp *rs)
{
    if (strncmp(rest, "/storage", 8) || (rest[8] && rest[8] != '/'))
        return false;
    bool get = !strcmp(method, "GET");
    if (!rest[8] || !strcmp(rest + 8, "/")) {
        if (get)
            storage_index(t, node, q, rs);
        else
            fake_set_err(rs, 501, NULL, "Method '%s /nodes/%s/storage' not implemented", method, node);
        return true;
    }
    char sid[64], sub[512] = "";
    sscanf(rest + 9, "%63[^/]%511s", sid, sub);
    if (!strcmp(sub, "/download-url") && !strcmp(method, "POST")) {
        download_url(t, node, sid, body, rs);
        return true;
    }
    if (!strcmp(sub, "/content") && get) {
        struct fake_storage *s = storage_enabled(sid, node, rs);
        if (s)
            content_list(t, node, s, q, rs);
        return true;
    }
    if (!strncmp(sub, "/content/", 9) && sub[9] && !strcmp(method, "DELETE")) {
        struct fake_storage *s = storage_enabled(sid, node, rs);
        char vol[1100];
        struct fake_params tmp = { 0 };
        char kv[600];
        snprintf(kv, sizeof(kv), "v=%s", sub + 9);      /* the volume is percent-encoded */
        fake_parse_params(kv, strlen(kv), &tmp);
        snprintf(vol, sizeof(vol), "%s", tmp.val[0]);
        if (s)
            content_delete(t, node, s, vol, q, rs);
        return true;
    }
    fake_set_err(rs, 501, NULL, "Method '%s /nodes/%s%s' not implemented", method, node, rest);
    return true;
}

/* ---- a CD-ROM in the VM config (qemu-server's check_storage_access for a cdrom) */

bool fake_storage_check_drive(const struct fake_token *t, const char *key, const char *value,
                              struct fake_resp *rs)
{
    char vol[400];
    const char *file = strstr(value, "file=");
    file = file ? file + 5 : value;
    snprintf(vol, sizeof(vol), "%.*s", (int)strcspn(file, ","), file);
    if (!strchr(vol, ':'))
        return true;                /* none, cdrom: nothing to check here */
    char sid[32], path[64];
    snprintf(sid, sizeof(sid), "%.*s", (int)strcspn(vol, ":"), vol);
    if (!storage_find(sid)) {
        fake_set_err(rs, 500, NULL, "storage '%s' does not exist", sid);
        return false;
    }
    snprintf(path, sizeof(path), "/storage/%s", sid);
    if (!may_audit(t, sid)) {
        fake_set_err(rs, 403, NULL, "Permission check failed (%s, Datastore.AllocateSpace|Datastore.Audit)", path);
        return false;
    }
    if (strstr(value, "media=cdrom") && !strstr(vol, ":iso/")) {
        struct json_object *e = json_object_new_object();
        json_object_object_add(e, key, json_object_new_string("content type needs to be 'images' or 'iso'"));
        fake_set_err(rs, 400, e, "Parameter verification failed.");
        return false;
    }
    return true;
}

/* ---- control */

char *fake_storage_ctl(const char *line)
{
    char buf[1024], *save = NULL;
    snprintf(buf, sizeof(buf), "%s", line);
    char *cmd = strtok_r(buf, " ", &save);
    if (!cmd)
        return NULL;
    if (!strcmp(cmd, "download_rate")) {
        char *v = strtok_r(NULL, " ", &save);
        F.download_rate = v ? strtoul(v, NULL, 10) : 0;
        return strdup("ok\n");
    }
    if (!strcmp(cmd, "volume_add")) {
        char *v = strtok_r(NULL, " ", &save), *n = strtok_r(NULL, " ", &save), *sz = strtok_r(NULL, " ", &save);
        if (!v || !n || !sz || !volume_add(v, n, atoll(sz), NULL))
            return strdup("error: volume_add VOLID NODE SIZE\n");
        return strdup("ok\n");
    }
    if (!strcmp(cmd, "storage_show")) {
        struct json_object *o = json_object_new_object(), *vols = json_object_new_array();
        for (int i = 0; i < F.nvolumes; i++) {
            struct json_object *v = json_object_new_object();
            json_object_object_add(v, "volid", json_object_new_string(F.volumes[i].volid));
            json_object_object_add(v, "node", json_object_new_string(F.volumes[i].node));
            json_object_object_add(v, "size", json_object_new_int64(F.volumes[i].size));
            json_object_object_add(v, "sha256", json_object_new_string(F.volumes[i].sha256));
            json_object_array_add(vols, v);
        }
        json_object_object_add(o, "volumes", vols);
        json_object_object_add(o, "downloads", json_object_new_int64((long long)F.downloads));
        char *s = fake_answer("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
        json_object_put(o);
        return s;
    }
    if (strcmp(cmd, "storage"))
        return NULL;
    char *name = strtok_r(NULL, " ", &save);
    if (!name)
        return strdup("error: storage NAME key=value...\n");
    struct fake_storage *s = storage_find(name);
    if (!s) {
        if (F.nstorages == MAX_STORAGES)
            return strdup("error: too many storages\n");
        s = &F.storages[F.nstorages++];
        *s = (struct fake_storage){ .type = "dir" };
        snprintf(s->name, sizeof(s->name), "%s", name);
        snprintf(s->path, sizeof(s->path), "/mnt/pve/%s", name);
    }
    for (char *kv = strtok_r(NULL, " ", &save); kv; kv = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq)
            return fake_answer("error: %s is not key=value\n", kv);
        *eq = '\0';
        const char *k = kv, *v = eq + 1;
        if (!strcmp(k, "content")) snprintf(s->content, sizeof(s->content), "%s", v);
        else if (!strcmp(k, "type")) snprintf(s->type, sizeof(s->type), "%s", v);
        else if (!strcmp(k, "path")) snprintf(s->path, sizeof(s->path), "%s", v);
        else if (!strcmp(k, "nodes")) snprintf(s->nodes, sizeof(s->nodes), "%s", v);
        else if (!strcmp(k, "shared")) s->shared = atoi(v);
        else if (!strcmp(k, "disable")) s->disabled = atoi(v);
        else return fake_answer("error: unknown storage field %s\n", k);
    }
    return strdup("ok\n");
}
