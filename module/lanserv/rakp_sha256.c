/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RAKP-HMAC-SHA256 / HMAC-SHA256-128 inside lanserv (see rakp_sha256.h).
 *
 * lanserv's auth_data_t holds 20-byte SIK/K1/K2 and builds RAKP 2 in a 64-byte buffer,
 * too small for SHA-256 (32-byte keys, 40 + 32 byte RAKP 2). So:
 *  - the 32-byte SIK and K1 live here, per (LAN channel, session handle); K2's first 20
 *    bytes go to auth_data.k2, where lanserv's AES-CBC-128 takes its 16-byte key;
 *  - RAKP 1 of a SHA-256 session is processed here and RAKP 2 sent from here. Requests
 *    lanserv would refuse are passed to it, so it answers with the error and closes the
 *    session (only it can close one); set2 then adds nothing;
 *  - RAKP 3/4 run in lanserv with our check3/set4 (RAKP 4 = 8 + 16 bytes fits its buffer).
 * A RAKP 1 answered here leaves the session as lanserv's own would (sim_abi.h): in
 * 2.0.37 that is the state RAKP1, without which lanserv ignores the RAKP 3, and the
 * requested privilege kept aside until RAKP 3 has proved the password. */
#include "rakp_sha256.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "lanserv_session.h"
#include "rakp_sha256_crypto.h"
#include "rmcpp_out.h"
#include "session_priv.h"
#include "sim_abi.h"

#define RAKP1_MIN_LEN 28          /* tag .. name length; the name follows */
#define RAKP2_LEN (40 + MBMC_SHA256_LEN)
#define RAKP3_LEN (8 + MBMC_SHA256_LEN)

struct session_keys {
    int ready;                     /* RAKP 1 done: keys valid */
    uint8_t sik[MBMC_SHA256_LEN];
    uint8_t k1[MBMC_SHA256_LEN];
};

struct lan_keys {
    lanserv_data_t *lan;
    struct session_keys s[MAX_SESSIONS + 1];
    struct lan_keys *next;
};

static struct lan_keys *all_keys;
static ipmi_payload_handler_cb orig_rakp1, orig_rakp3;
static auth_handlers_t sha256_auth;
static ipmi_tick_handler_t wipe_tick;

static struct session_keys *keys_of(lanserv_data_t *lan, const session_t *s, int create)
{
    if (s->handle < 0 || s->handle > MAX_SESSIONS)
        return NULL;
    struct lan_keys *l;
    for (l = all_keys; l; l = l->next)
        if (l->lan == lan)
            return &l->s[s->handle];
    if (!create || !(l = calloc(1, sizeof(*l))))
        return NULL;
    l->lan = lan;
    l->next = all_keys;
    all_keys = l;
    return &l->s[s->handle];
}

static void wipe(struct session_keys *k)
{
    if (k)
        OPENSSL_cleanse(k, sizeof(*k));
}

/* Keys outlive a session that closed without integrity cleanup (suite 15): wipe them on
 * the next tick. */
static void wipe_closed(void *info, unsigned int seconds)
{
    for (struct lan_keys *l = all_keys; l; l = l->next)
        for (int h = 0; h <= MAX_SESSIONS; h++)
            if (l->s[h].ready
                && (!l->lan->sessions[h].active || l->lan->sessions[h].authh != &sha256_auth))
                wipe(&l->s[h]);
}

static void params_of(lanserv_data_t *lan, const session_t *s, struct mbmc_rakp_params *p)
{
    const auth_data_t *a = &s->auth_data;
    memset(p, 0, sizeof(*p));
    p->sid_m = s->rem_sid;
    p->sid_c = s->sid;
    memcpy(p->rand_m, a->rem_rand, 16);
    memcpy(p->rand_c, a->rand, 16);
    memcpy(p->guid_c, lan->guid, 16);
    p->role = a->role;
    p->ulen = a->username_len > 16 ? 16 : a->username_len;
    memcpy(p->uname, a->username, 16);
}

/* lanserv's user lookup: by name, and by exact privilege unless "name-only" is asked. */
static user_t *find_user(lanserv_data_t *lan, const uint8_t name[16], int name_only, unsigned priv)
{
    for (int i = 1; i <= MAX_USERS; i++) {
        user_t *u = &lan->users[i];
        if (u->valid && memcmp(name, u->username, 16) == 0 && (name_only || u->privilege == priv))
            return u;
    }
    return NULL;
}

/* ---- auths[3]: RAKP-HMAC-SHA256 */

static int auth_init(lanserv_data_t *lan, session_t *s)
{
    wipe(keys_of(lan, s, 1));
    s->auth_data.akey = EVP_sha256();
    s->auth_data.akey_len = MBMC_SHA256_LEN;
    s->auth_data.integ_len = MBMC_SHA256_ICV_LEN;
    return 0;
}

/* Only reached when lanserv answers a RAKP 1 it refused: no key exchange code then. */
static int auth_set2(lanserv_data_t *lan, session_t *s, unsigned char *data,
                     unsigned int *data_len, unsigned int max_len)
{
    return data[1] ? 0 : EINVAL;
}

static int auth_check3(lanserv_data_t *lan, session_t *s, unsigned char *data,
                       unsigned int *data_len)
{
    struct session_keys *k = keys_of(lan, s, 0);
    if (!k || !k->ready || *data_len < RAKP3_LEN)
        return EINVAL;
    struct mbmc_rakp_params p;
    uint8_t want[MBMC_SHA256_LEN];
    params_of(lan, s, &p);
    mbmc_rakp3_authcode(lan->users[s->userid].pw, &p, want);
    int bad = mbmc_crypto_differ(want, data + 8, MBMC_SHA256_LEN);
    OPENSSL_cleanse(want, sizeof(want));
    if (bad)
        return EINVAL;
    *data_len -= MBMC_SHA256_LEN;
    return 0;
}

static int auth_set4(lanserv_data_t *lan, session_t *s, unsigned char *data,
                     unsigned int *data_len, unsigned int max_len)
{
    struct session_keys *k = keys_of(lan, s, 0);
    if (*data_len + MBMC_SHA256_ICV_LEN > max_len)
        return E2BIG;
    if (!k || !k->ready)
        return 0;               /* RAKP 3 failed: RAKP 4 carries only the error */
    struct mbmc_rakp_params p;
    params_of(lan, s, &p);
    mbmc_rakp4_icv(k->sik, &p, data + *data_len);
    *data_len += MBMC_SHA256_ICV_LEN;
    return 0;
}

static auth_handlers_t sha256_auth = {
    .init = auth_init, .set2 = auth_set2, .check3 = auth_check3, .set4 = auth_set4,
};

/* ---- integs[4]: HMAC-SHA256-128 */

static int integ_init(lanserv_data_t *lan, session_t *s)
{
    s->auth_data.integ_len = MBMC_SHA256_ICV_LEN;
    return 0;
}

static void integ_cleanup(lanserv_data_t *lan, session_t *s)
{
    wipe(keys_of(lan, s, 0));
}

/* pos: the packet from the RMCP header; the code covers auth type .. next header. */
static int integ_add(lanserv_data_t *lan, session_t *s, unsigned char *pos,
                     unsigned int *data_len, unsigned int data_size)
{
    struct session_keys *k = keys_of(lan, s, 0);
    if (!k || !k->ready || *data_len < 4)
        return EINVAL;
    if (*data_len + MBMC_SHA256_ICV_LEN > data_size)
        return E2BIG;
    mbmc_integ_sha256_128(k->k1, pos + 4, *data_len - 4, pos + *data_len);
    *data_len += MBMC_SHA256_ICV_LEN;
    return 0;
}

/* msg: from the auth type byte to the end of the packet, code included. */
static int integ_check(lanserv_data_t *lan, session_t *s, msg_t *msg)
{
    struct session_keys *k = keys_of(lan, s, 0);
    uint8_t icv[MBMC_SHA256_ICV_LEN];
    if (!k || !k->ready || msg->len < 12 + MBMC_SHA256_ICV_LEN)
        return EINVAL;
    unsigned covered = msg->len - MBMC_SHA256_ICV_LEN;
    mbmc_integ_sha256_128(k->k1, msg->data, covered, icv);
    return mbmc_crypto_differ(icv, msg->data + covered, sizeof(icv)) ? EINVAL : 0;
}

static integ_handlers_t sha256_integ = {
    .init = integ_init, .cleanup = integ_cleanup, .add = integ_add, .check = integ_check,
};

/* ---- RAKP 1 */

/* RAKP 1 of a SHA-256 session; -1 if lanserv would refuse it (it then answers). */
static int sha256_rakp1(lanserv_data_t *lan, session_t *s, msg_t *msg)
{
    const uint8_t *d = msg->data;
    uint8_t role = d[24], ulen = d[27];
    unsigned priv = role & 0x0f;
    if (priv > IPMI_PRIVILEGE_ADMIN || ulen > 16 || RAKP1_MIN_LEN + (unsigned)ulen > msg->len)
        return -1;
    uint8_t uname[16] = {0};
    memcpy(uname, d + RAKP1_MIN_LEN, ulen);
    user_t *u = find_user(lan, uname, (role >> 4) & 1, priv);
    struct session_keys *k = keys_of(lan, s, 1);
    if (!u || !k)
        return -1;

    auth_data_t *a = &s->auth_data;
    memcpy(a->rem_rand, d + 8, 16);
    a->role = role;
    a->username_len = ulen;
    memcpy(a->username, uname, 16);
    mbmc_session_rakp1_accepted(s, (unsigned char)priv);
    s->priv = IPMI_PRIVILEGE_USER;
    s->userid = (unsigned char)u->idx;
    if ((s->integh && s->integh->init(lan, s)) || (s->confh && s->confh->init(lan, s)))
        return -1;

    struct mbmc_rakp_params p;
    uint8_t rsp[RAKP2_LEN] = {0}, k2[MBMC_SHA256_LEN];
    params_of(lan, s, &p);
    rsp[0] = d[0];              /* message tag */
    mbmc_put_le32(rsp + 4, s->rem_sid);    /* the console's session id */
    memcpy(rsp + 8, a->rand, 16);
    memcpy(rsp + 24, lan->guid, 16);
    mbmc_rakp2_authcode(u->pw, &p, rsp + 40);

    mbmc_rakp_sik(lan->bmc_key ? lan->bmc_key : u->pw, &p, k->sik);
    mbmc_rakp_k(k->sik, 1, k->k1);
    mbmc_rakp_k(k->sik, 2, k2);
    memcpy(a->sik, k->sik, sizeof(a->sik));
    memcpy(a->k1, k->k1, sizeof(a->k1));
    memcpy(a->k2, k2, sizeof(a->k2));     /* AES-CBC-128 uses k2[0..15] */
    OPENSSL_cleanse(k2, sizeof(k2));
    k->ready = 1;

    mbmc_session_priv_clamp(lan, s);
    mbmc_rmcpp_send(lan, msg, MBMC_PAYLOAD_RAKP2, rsp, sizeof(rsp));
    return 0;
}

static void rakp1(lanserv_data_t *lan, msg_t *msg)
{
    session_t *s = NULL;
    if (msg->sid == 0 && msg->len >= RAKP1_MIN_LEN)
        s = mbmc_session_by_sid(lan, mbmc_get_le32(msg->data + 4));
    if (!s) {
        orig_rakp1(lan, msg);   /* drops it, as before */
        return;
    }
    if (!mbmc_session_awaits_rakp1(s) || !lan->guid) {
        /* RAKP 1 on a session that is already up would replace its user; without a GUID
         * lanserv would read a NULL pointer. */
        sys_data_t *sys = mbmc_lan_sys(lan);
        sys->log(sys, INVALID_MSG, msg, "RAKP 1 dropped: %s",
                 lan->guid ? "not awaiting RAKP 1" : "no guid configured");
        return;
    }
    if (s->authh == &sha256_auth && sha256_rakp1(lan, s, msg) == 0)
        return;
    orig_rakp1(lan, msg);
    if (s->active && mbmc_session_awaits_rakp3(s))
        mbmc_session_priv_clamp(lan, s);
}

/* RAKP 3 is only valid after a successful RAKP 1 and before the session is up; lanserv
 * would otherwise check it against an unset user or close a working session. */
static void rakp3(lanserv_data_t *lan, msg_t *msg)
{
    if (msg->sid == 0 && msg->len >= 8) {
        session_t *s = mbmc_session_by_sid(lan, mbmc_get_le32(msg->data + 4));
        if (s && (!mbmc_session_awaits_rakp3(s) || !lan->guid)) {
            sys_data_t *sys = mbmc_lan_sys(lan);
            sys->log(sys, INVALID_MSG, msg, "RAKP 3 dropped: no RAKP 1 for this session");
            return;
        }
    }
    orig_rakp3(lan, msg);
}

void mbmc_rakp_sha256_install(struct mbmc_lanserv *ls, sys_data_t *sys)
{
    ls->auths[MBMC_AUTH_SLOT_SHA256] = &sha256_auth;
    ls->integs[MBMC_INTEG_SLOT_SHA256] = &sha256_integ;
    orig_rakp1 = ls->payload_handlers[MBMC_PAYLOAD_RAKP1];
    ls->payload_handlers[MBMC_PAYLOAD_RAKP1] = rakp1;
    orig_rakp3 = ls->payload_handlers[MBMC_PAYLOAD_RAKP3];
    ls->payload_handlers[MBMC_PAYLOAD_RAKP3] = rakp3;
    wipe_tick.handler = wipe_closed;
    wipe_tick.info = NULL;
    sys->register_tick_handler(&wipe_tick);
}
