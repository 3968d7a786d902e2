/* SPDX-License-Identifier: GPL-2.0-or-later */
/* See conf_none.h. lanserv encrypts only when session->conf is set, so encrypt is never
 * reached; init and cleanup have nothing to do. */
#include "conf_none.h"

#include <errno.h>

#include "lanserv_guard.h"

static int none_init(lanserv_data_t *lan, session_t *s)
{
    return 0;
}

static void none_cleanup(lanserv_data_t *lan, session_t *s)
{
}

static int none_encrypt(lanserv_data_t *lan, session_t *s, unsigned char **pos,
                        unsigned int *hdr_left, unsigned int *data_len, unsigned int *data_size)
{
    return EINVAL;
}

/* An "encrypted" packet on a session without confidentiality: lanserv drops it and logs
 * "Message decryption failed". */
static int none_decrypt(lanserv_data_t *lan, session_t *s, msg_t *msg)
{
    return EINVAL;
}

static conf_handlers_t conf_none = {
    .init = none_init, .cleanup = none_cleanup, .encrypt = none_encrypt, .decrypt = none_decrypt,
};

void mbmc_conf_none_install(struct mbmc_lanserv *ls)
{
    ls->confs[0] = &conf_none;
}
