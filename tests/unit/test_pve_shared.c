/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Proxmox client pieces both programs link (module/shared): token text, certificate
 * fingerprints, the JSON envelope, /cluster/resources rows. */
#include "unit.h"

#include "pve_fingerprint.h"
#include "pve_json.h"
#include "pve_resources.h"
#include "pve_token.h"

static void token_form(void)
{
    size_t id = 0;
    char ok[] = "root@pam!vbmc=0b0c6b4e-1111-2222-3333-444455556666\n";
    CHECK_EQ_INT(pve_token_parse(ok, &id), 0);
    CHECK_EQ_INT(id, strlen("root@pam!vbmc"));
    CHECK_EQ_STR(ok, "root@pam!vbmc=0b0c6b4e-1111-2222-3333-444455556666");   /* line end cut */
    char crlf[] = "u@pve!t=s\r\nmore";
    CHECK_EQ_INT(pve_token_parse(crlf, &id), 0);
    CHECK_EQ_INT(id, 7);
    static const char *const bad[] = {
        "just-a-secret", "root@pam=secret", "@pam!t=s", "root@!t=s", "root@pam!=s",
        "root@pam!t=", "root@pam!t", "root pam@x!t=s", "root@pam!t=se cret", "", NULL,
    };
    for (int i = 0; bad[i]; i++) {
        char t[64];
        snprintf(t, sizeof(t), "%s", bad[i]);
        if (pve_token_parse(t, &id) == 0) {
            fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
            unit_case_failed = 1;
        }
    }
}

static void fingerprint_forms(void)
{
    const char *colons = "AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:"
                         "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";
    const char *plain = "abcdef0123456789ABCDEF0123456789"
                        "00112233445566778899aabbccddeeff";
    unsigned char a[PVE_FINGERPRINT_BYTES], b[PVE_FINGERPRINT_BYTES];
    CHECK_EQ_INT(pve_fingerprint_parse(colons, a), 0);
    CHECK_EQ_INT(pve_fingerprint_parse(plain, b), 0);
    CHECK_MEM(a, b, sizeof(a));
    CHECK_EQ_INT(a[0], 0xab);
    CHECK_EQ_INT(a[31], 0xff);
    char text[PVE_FINGERPRINT_TEXT];
    pve_fingerprint_format(a, text);
    CHECK_EQ_STR(text, "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                       "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
    CHECK_EQ_INT(pve_fingerprint_parse(text, b), 0);   /* round trip */
    CHECK_MEM(a, b, sizeof(a));
    static const char *const bad[] = {
        "12:34", "zz", "",
        /* a colon where a digit belongs, a digit where a colon belongs */
        "AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE::",
        "AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EEFFF",
        /* one digit short, one digit too many, not hex */
        "abcdef0123456789ABCDEF012345678900112233445566778899aabbccddeef",
        "abcdef0123456789ABCDEF012345678900112233445566778899aabbccddeeff0",
        "gbcdef0123456789ABCDEF012345678900112233445566778899aabbccddeeff", NULL,
    };
    for (int i = 0; bad[i]; i++)
        if (pve_fingerprint_parse(bad[i], a) == 0) {
            fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
            unit_case_failed = 1;
        }
    CHECK(pve_fingerprint_parse(NULL, a) == -1);
}

static void envelope_data(void)
{
    char why[128];
    struct json_object *d;
    const char body[] = "{\"data\":{\"status\":\"running\"}}trailing-bytes-not-read";
    struct json_object *root = pve_envelope_unwrap(body, strlen("{\"data\":{\"status\":\"running\"}}"), &d,
                                                   why, sizeof(why));
    CHECK(root != NULL);
    CHECK_EQ_STR(pve_json_str(d, "status"), "running");
    CHECK_EQ_STR(why, "");
    json_object_put(root);
    /* data null (a POST that returns nothing) is an envelope, with no data */
    root = pve_envelope_unwrap("{\"data\":null}", 13, &d, why, sizeof(why));
    CHECK(root != NULL && d == NULL);
    json_object_put(root);
}

static void envelope_errors(void)
{
    char why[128];
    struct json_object *d;
    /* pve-http-server's answer to a failed parameter check (HTTP 400) */
    const char *b400 = "{\"data\":null,\"errors\":{\"serial\":\"value does not match the regex pattern\\n\"}}";
    struct json_object *root = pve_envelope_unwrap(b400, strlen(b400), &d, why, sizeof(why));
    CHECK(root != NULL && d == NULL);
    CHECK_EQ_STR(why, "serial: value does not match the regex pattern");
    json_object_put(root);
    const char *msg = "{\"message\":\"VM 100 not running\\n\"}";
    CHECK(pve_envelope_unwrap(msg, strlen(msg), &d, why, sizeof(why)) == NULL);
    CHECK_EQ_STR(why, "VM 100 not running");
    static const char *const bad[] = { "<html>502</html>", "[1,2]", "{\"dat\":1}", "{\"data\":1", "", NULL };
    for (int i = 0; bad[i]; i++) {
        CHECK(pve_envelope_unwrap(bad[i], strlen(bad[i]), &d, why, sizeof(why)) == NULL);
        CHECK(d == NULL);
        CHECK_EQ_STR(why, PVE_ENVELOPE_MALFORMED);
    }
    CHECK(pve_envelope_unwrap(NULL, 0, &d, NULL, 0) == NULL);
    /* many errors: cut to the buffer, still a string */
    char small[16];
    root = pve_envelope_unwrap(b400, strlen(b400), &d, small, sizeof(small));
    CHECK(root != NULL && strlen(small) < sizeof(small));
    json_object_put(root);
}

static void json_str_never_null(void)
{
    struct json_object *o = json_tokener_parse("{\"a\":\"x\",\"n\":null,\"i\":5}");
    CHECK_EQ_STR(pve_json_str(o, "a"), "x");
    CHECK_EQ_STR(pve_json_str(o, "n"), "");
    CHECK_EQ_STR(pve_json_str(o, "i"), "5");
    CHECK_EQ_STR(pve_json_str(o, "missing"), "");
    CHECK_EQ_STR(pve_json_str(NULL, "a"), "");
    json_object_put(o);
}

static const char resources[] =
    "[{\"id\":\"qemu/100\",\"type\":\"qemu\",\"vmid\":100,\"node\":\"pve1\",\"name\":\"web1\","
    "\"status\":\"running\",\"pool\":\"lab\",\"tags\":\"a;b\",\"template\":0,\"hastate\":\"started\"},"
    "{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"node\":\"pve1\"},"
    "{\"id\":\"qemu/102\",\"type\":\"qemu\",\"vmid\":\"102\",\"node\":\"pve2\",\"template\":1},"
    "{\"id\":\"qemu/103\",\"type\":\"qemu\",\"vmid\":103,\"node\":null},"
    "{\"id\":\"storage/pve1/local\",\"type\":\"storage\",\"node\":\"pve1\"},"
    "{\"type\":\"qemu\",\"vmid\":0,\"node\":\"pve1\"},"
    "{\"type\":\"qemu\",\"vmid\":\"12x\",\"node\":\"pve1\"},"
    "{\"type\":\"qemu\",\"vmid\":1000000000,\"node\":\"pve1\"}]";

static void resource_rows(void)
{
    struct json_object *rows = json_tokener_parse(resources);
    struct pve_resource r;
    CHECK(pve_resource_parse(json_object_array_get_idx(rows, 0), &r));
    CHECK_EQ_INT(r.vmid, 100);
    CHECK_EQ_STR(r.node, "pve1");
    CHECK_EQ_STR(r.name, "web1");
    CHECK_EQ_STR(r.status, "running");
    CHECK_EQ_STR(r.type, "qemu");
    CHECK_EQ_STR(r.pool, "lab");
    CHECK_EQ_STR(r.tags, "a;b");
    CHECK(!r.is_template && r.ha);
    CHECK(!pve_resource_parse(json_object_array_get_idx(rows, 1), &r));   /* lxc */
    CHECK_EQ_INT(r.vmid, 101);
    CHECK(pve_resource_parse(json_object_array_get_idx(rows, 2), &r));    /* vmid as a string */
    CHECK(r.vmid == 102 && r.is_template && !r.ha);
    CHECK_EQ_STR(r.pool, "");
    for (size_t i = 3; i < json_object_array_length(rows); i++)
        CHECK(!pve_resource_parse(json_object_array_get_idx(rows, i), &r));
    CHECK(pve_resources_find(rows, 102, &r));
    CHECK_EQ_STR(r.node, "pve2");
    CHECK(!pve_resources_find(rows, 101, &r));   /* not a QEMU VM */
    CHECK(!pve_resources_find(rows, 103, &r));   /* no node */
    CHECK(!pve_resources_find(rows, 999, &r));
    CHECK(!pve_resources_find(NULL, 100, &r));
    json_object_put(rows);
    CHECK_EQ_INT(pve_row_vmid(NULL), 0);
}

int main(void)
{
    RUN(token_form);
    RUN(fingerprint_forms);
    RUN(envelope_data);
    RUN(envelope_errors);
    RUN(json_str_never_null);
    RUN(resource_rows);
    UNIT_EXIT();
}
