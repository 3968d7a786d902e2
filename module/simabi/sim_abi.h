/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one place where the two lanserv flavours differ for the module (configure picks the
 * flavour from the installed headers; sim_flavour.c checks the running ipmi_sim matches):
 *   A: OpenIPMI 2.0.32-2.0.36 (Debian 12, Ubuntu 24.04, Fedora 42/43)
 *   B: OpenIPMI 2.0.37 (Debian 13 / Proxmox VE 9, openSUSE, Arch)
 * Code elsewhere reads and writes lanserv's structures through these accessors, never
 * through a member that exists in one flavour only. */
#ifndef MBMC_SIM_ABI_H
#define MBMC_SIM_ABI_H

#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include <OpenIPMI/lanserv.h>
#include <OpenIPMI/mcserv.h>

#ifndef MBMC_LANSERV_FLAVOUR_B
#define MBMC_LANSERV_FLAVOUR_B 0
#endif

/* The ipmi_sim services of the LAN channel's BMC (flavour A calls the member sysinfo). */
static inline sys_data_t *mbmc_lan_sys(const lanserv_data_t *lan)
{
#if MBMC_LANSERV_FLAVOUR_B
    return lan->sys;
#else
    return lan->sysinfo;
#endif
}

/* An IPMI 2.0 (RMCP+) session, as opposed to an IPMI 1.5 one (B dropped the flag). */
static inline bool mbmc_session_is_rmcpp(const session_t *s)
{
#if MBMC_LANSERV_FLAVOUR_B
    return s->authtype == IPMI_AUTHTYPE_RMCP_PLUS;
#else
    return s->rmcpplus;
#endif
}

/* The RAKP handshake. B keeps an explicit state (RAKP 1 only after Open Session, RAKP 3 only
 * after RAKP 1) and grants the privilege asked for in RAKP 1 only once RAKP 3 proved the
 * password (temp_max_priv -> max_priv); A has only in_startup and sets max_priv at RAKP 1. */
static inline bool mbmc_session_awaits_rakp1(const session_t *s)
{
#if MBMC_LANSERV_FLAVOUR_B
    return s->in_startup && s->state == SESSION_STATE_OPENED;
#else
    return s->in_startup;
#endif
}

static inline bool mbmc_session_awaits_rakp3(const session_t *s)
{
#if MBMC_LANSERV_FLAVOUR_B
    return s->in_startup && s->state == SESSION_STATE_RAKP1;
#else
    return s->in_startup && s->userid;
#endif
}

/* A RAKP 1 the module answered itself was accepted with this requested privilege. */
static inline void mbmc_session_rakp1_accepted(session_t *s, unsigned char priv)
{
#if MBMC_LANSERV_FLAVOUR_B
    s->temp_max_priv = priv;
    s->state = SESSION_STATE_RAKP1;
#else
    s->max_priv = priv;
#endif
}

/* Lower every privilege the session has or will be granted to lim. */
static inline void mbmc_session_clamp_priv(session_t *s, unsigned lim)
{
    if (s->max_priv > lim)
        s->max_priv = (unsigned char)lim;
    if (s->priv > lim)
        s->priv = (unsigned char)lim;
#if MBMC_LANSERV_FLAVOUR_B
    if (s->temp_max_priv > lim)
        s->temp_max_priv = (unsigned char)lim;
#endif
}

/* The client's socket address of a LAN message, or NULL. A hands lanserv the sockaddr
 * itself; B hands it ipmi_sim's private record {int fd; socklen_t len;} with the sockaddr
 * after it (ipmi_sim.c sim_addr_t), and copies that record into session->src_addr. */
#if MBMC_LANSERV_FLAVOUR_B
struct mbmc_sim_addr_hdr {
    int xmit_fd;
    socklen_t addr_len;
};
#endif

static inline const struct sockaddr *mbmc_src_sockaddr(const void *src, unsigned src_len,
                                                       socklen_t *len)
{
    if (!src)
        return NULL;
#if MBMC_LANSERV_FLAVOUR_B
    const struct mbmc_sim_addr_hdr *h = src;
    if (src_len < sizeof(*h) || h->addr_len != src_len - sizeof(*h))
        return NULL;
    *len = h->addr_len;
    return (const struct sockaddr *)((const char *)src + sizeof(*h));
#else
    *len = (socklen_t)src_len;
    return src;
#endif
}

static inline const struct sockaddr *mbmc_msg_sockaddr(const msg_t *msg, socklen_t *len)
{
    return msg->src_len > 0 ? mbmc_src_sockaddr(msg->src_addr, (unsigned)msg->src_len, len)
                            : NULL;
}

/* A request's requester address and LUN (rqSA, rqLUN): A names them rq_addr/rq_lun, B keeps
 * addresses by direction, where a request's source (saddr/slun) is the requester. */
static inline unsigned char mbmc_msg_rq_addr(const msg_t *msg)
{
#if MBMC_LANSERV_FLAVOUR_B
    return msg->saddr;
#else
    return msg->rq_addr;
#endif
}

static inline unsigned char mbmc_msg_rq_lun(const msg_t *msg)
{
#if MBMC_LANSERV_FLAVOUR_B
    return msg->slun;
#else
    return msg->rq_lun;
#endif
}

/* B hands out session slots round robin; the position lives here (NULL in A, which always
 * takes the lowest free slot). See session_slots.h. */
static inline unsigned int *mbmc_lan_last_session(lanserv_data_t *lan)
{
#if MBMC_LANSERV_FLAVOUR_B
    return &lan->last_session;
#else
    (void)lan;
    return NULL;
#endif
}

/* ipmi_emu_register_cmd_handler(): B takes the emulator as first argument; the module only
 * ever gets sys, so B's emulator record is made for it once (sim_abi.c). 0 or an errno. */
int mbmc_sim_register_cmd(sys_data_t *sys, unsigned char netfn, unsigned char cmd,
                          cmd_handler_f handler, void *cb_data);

#endif
