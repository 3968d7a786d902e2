/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Find lanserv's tables and refuse to patch anything that is not exactly the stock layout
 * (2.0.33 and 2.0.37 have the same tables): a wrong guess about a table would corrupt the
 * BMC's login path, so any difference makes the module refuse to load, with the reason. */
#include "config.h"   /* _GNU_SOURCE: dladdr1() */

#include "lanserv_guard.h"

#include <dlfcn.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <OpenIPMI/mcserv.h>

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* The object (shared library) that contains addr, or NULL. */
static void *object_of(const void *addr)
{
    Dl_info info;
    if (!addr || !dladdr(addr, &info))
        return NULL;
    return info.dli_fbase;
}

/* Resolve a data symbol of libIPMIlanserv and check its size. */
static void *table(const char *name, size_t size, void *lanserv, char *err, size_t errlen)
{
    void *p = dlsym(RTLD_DEFAULT, name);
    Dl_info info;
    const ElfW(Sym) *sym = NULL;
    if (!p) {
        fail(err, errlen, "lanserv does not export '%s'", name);
        return NULL;
    }
    if (!dladdr1(p, &info, (void **)&sym, RTLD_DL_SYMENT) || info.dli_fbase != lanserv || !sym) {
        fail(err, errlen, "'%s' is not lanserv's own table", name);
        return NULL;
    }
    if (sym->st_size != size) {
        fail(err, errlen, "lanserv's '%s' is %zu bytes, expected %zu", name, (size_t)sym->st_size,
             size);
        return NULL;
    }
    return p;
}

/* Slots [0, set_below) must hold lanserv's own handlers where present says so, NULL
 * elsewhere; every slot from set_below on must be NULL. */
static int check_slots(void *const *slots, const char *name, const char *present, void *lanserv,
                       char *err, size_t errlen)
{
    for (unsigned i = 0; i < MBMC_TABLE_SLOTS; i++) {
        int want = i < strlen(present) && present[i] == 'x';
        if (!want && slots[i])
            return fail(err, errlen, "lanserv %s[%u] is set, expected empty", name, i);
        if (want && object_of(slots[i]) != lanserv)
            return fail(err, errlen, "lanserv %s[%u] is not lanserv's built-in handler", name, i);
    }
    return 0;
}

static const struct mbmc_triple stock_suites[MBMC_SUITE_ROWS] = {
    {0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {1, 1, 1}, {1, 1, 2}, {1, 1, 3}, {2, 0, 0}, {2, 2, 0},
    {2, 2, 1}, {2, 2, 2}, {2, 2, 3}, {2, 3, 0}, {2, 3, 1}, {2, 3, 2}, {2, 3, 3},
    {-1, -2, 0},   /* lanserv writes "{ -1, -1. -1 }": a typo that reads as {-1, -2, 0} */
};

int mbmc_lanserv_guard(struct mbmc_lanserv *ls, char *err, size_t errlen)
{
    memset(ls, 0, sizeof(*ls));
    const char *ver = get_lanserv_version();
    if (!ver || strcmp(ver, MBMC_LANSERV_VERSION) != 0)
        return fail(err, errlen, "ipmi_sim reports lanserv version %s; the protocol fixes are "
                    "only verified for %s (OpenIPMI 2.0.32 to 2.0.37)", ver ? ver : "(none)",
                    MBMC_LANSERV_VERSION);
    void *lanserv = object_of((const void *)ipmi_register_payload);
    if (!lanserv)
        return fail(err, errlen, "cannot locate libIPMIlanserv in the process");

    ls->payload_handlers = table("payload_handlers", MBMC_TABLE_SLOTS * sizeof(void *), lanserv,
                                 err, errlen);
    if (!ls->payload_handlers)
        return -1;
    ls->auths = table("auths", MBMC_TABLE_SLOTS * sizeof(void *), lanserv, err, errlen);
    if (!ls->auths)
        return -1;
    ls->integs = table("integs", MBMC_TABLE_SLOTS * sizeof(void *), lanserv, err, errlen);
    if (!ls->integs)
        return -1;
    ls->confs = table("confs", MBMC_TABLE_SLOTS * sizeof(void *), lanserv, err, errlen);
    if (!ls->confs)
        return -1;
    ls->valid_suites = table("valid_cipher_suites", sizeof(stock_suites), lanserv, err, errlen);
    if (!ls->valid_suites)
        return -1;

    /* Payload slots the fixes wrap: IPMI, Open Session, RAKP 1, RAKP 3. Others (SOL, OEM
     * payloads registered by other code) are left alone and not checked. */
    static const unsigned wrapped[] = {MBMC_PAYLOAD_IPMI, MBMC_PAYLOAD_OPEN_SESSION,
                                       MBMC_PAYLOAD_RAKP1, MBMC_PAYLOAD_RAKP3};
    for (size_t i = 0; i < sizeof(wrapped) / sizeof(wrapped[0]); i++)
        if (object_of((const void *)ls->payload_handlers[wrapped[i]]) != lanserv)
            return fail(err, errlen, "lanserv payload handler 0x%02x is not the built-in one",
                        wrapped[i]);
    /* auths: 1 RAKP-HMAC-SHA1, 2 RAKP-HMAC-MD5. integs: 1 HMAC-SHA1-96, 2 HMAC-MD5-128,
     * 3 MD5-128. confs: 1 AES-CBC-128. */
    if (check_slots((void *const *)ls->auths, "auths", "-xx", lanserv, err, errlen)
        || check_slots((void *const *)ls->integs, "integs", "-xxx", lanserv, err, errlen)
        || check_slots((void *const *)ls->confs, "confs", "-x", lanserv, err, errlen))
        return -1;
    for (unsigned i = 0; i < MBMC_SUITE_ROWS; i++) {
        const struct mbmc_triple *r = &ls->valid_suites[i], *w = &stock_suites[i];
        if (r->auth != w->auth || r->integ != w->integ || r->conf != w->conf)
            return fail(err, errlen, "lanserv valid_cipher_suites[%u] is {%d,%d,%d}, expected "
                        "{%d,%d,%d}", i, r->auth, r->integ, r->conf, w->auth, w->integ, w->conf);
    }
    return 0;
}

void mbmc_lanserv_algos(const struct mbmc_lanserv *ls, struct mbmc_algo_set *out)
{
    memset(out, 0, sizeof(*out));
    for (unsigned i = 1; i < MBMC_TABLE_SLOTS; i++) {
        if (ls->auths[i])
            out->auth |= 1ull << i;
        if (ls->integs[i])
            out->integ |= 1ull << i;
        if (ls->confs[i])
            out->conf |= 1ull << i;
    }
}
