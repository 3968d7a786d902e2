/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Virtual media on Proxmox: what the API token may do and whether the ISO storage takes ISO
 * images, asked of Proxmox at start and again before an insert while something was missing
 * or after Proxmox refused one (its 403 names one privilege at best). A missing one is logged
 * once and goes into the Redfish error. */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "pve_media_priv.h"
#include "pve_parse.h"

static void probe_next(struct pve_media *m);

static void probe_answer(void *ctx, const struct pve_api_result *res)
{
    struct pve_media *m = ctx;
    m->probe_req = NULL;
    char path[96];
    if (res->err == PVE_OK) {
        switch (m->probe) {
        case PROBE_VM_PERMS:
            snprintf(path, sizeof(path), "/vms/%u", m->vmid);
            m->privs.cdrom = pve_parse_has_priv(res->data, path, "VM.Config.CDROM");
            break;
        case PROBE_STORAGE_PERMS:
            snprintf(path, sizeof(path), "/storage/%s", m->storage);
            m->privs.template_ = pve_parse_has_priv(res->data, path, "Datastore.AllocateTemplate");
            m->privs.allocate = pve_parse_has_priv(res->data, path, "Datastore.Allocate");
            m->privs.audit = m->privs.allocate ||
                             pve_parse_has_priv(res->data, path, "Datastore.Audit") ||
                             pve_parse_has_priv(res->data, path, "Datastore.AllocateSpace");
            break;
        case PROBE_ROOT_PERMS:
            m->privs.sys_root = pve_parse_has_priv(res->data, "/", "Sys.Audit") &&
                                pve_parse_has_priv(res->data, "/", "Sys.Modify");
            break;
        case PROBE_NODE_PERMS:
            snprintf(path, sizeof(path), "/nodes/%s", pve_api_node(m->api));
            m->privs.access_network = pve_parse_has_priv(res->data, path, "Sys.AccessNetwork");
            break;
        case PROBE_STORAGE: {
            bool iso, active;
            size_t l = strlen(m->problem);
            if (pve_parse_storage(res->data, m->storage, &iso, &active) == 0 && !iso)
                snprintf(m->problem + l, sizeof(m->problem) - l, "%sthe storage '%s' does not take "
                         "ISO images (Datacenter > Storage > %s > Content: add ISO image)",
                         l ? "; " : "", m->storage, m->storage);
            break;
        }
        case PROBE_DONE:
            break;
        }
    } else if (m->probe == PROBE_STORAGE && res->http == 400) {
        size_t l = strlen(m->problem);
        snprintf(m->problem + l, sizeof(m->problem) - l, "%sthere is no storage '%s' on node %s",
                 l ? "; " : "", m->storage, pve_api_node(m->api));
    } else if (res->err != PVE_OK) {
        /* Unknown: the calls themselves will say what is wrong. */
        mbmc_log(MBMC_LOG_DEBUG, "virtual media: probe step %d: %s", (int)m->probe, res->msg);
        m->privs = (struct pve_media_privs){ true, true, true, true, true, true };
        m->probe = PROBE_DONE;
    }
    if (m->probe != PROBE_DONE)
        m->probe++;
    if (m->probe == PROBE_NODE_PERMS && (m->privs.sys_root || !*pve_api_node(m->api)))
        m->probe++;
    probe_next(m);
}

static void probe_next(struct pve_media *m)
{
    char path[200];
    switch (m->probe) {
    case PROBE_VM_PERMS:
        snprintf(path, sizeof(path), "/access/permissions?path=%%2Fvms%%2F%u", m->vmid);
        break;
    case PROBE_STORAGE_PERMS:
        snprintf(path, sizeof(path), "/access/permissions?path=%%2Fstorage%%2F%s", m->storage);
        break;
    case PROBE_ROOT_PERMS:
        snprintf(path, sizeof(path), "/access/permissions?path=%%2F");
        break;
    case PROBE_NODE_PERMS:
        snprintf(path, sizeof(path), "/access/permissions?path=%%2Fnodes%%2F%s", pve_api_node(m->api));
        break;
    case PROBE_STORAGE:
        snprintf(path, sizeof(path), "/nodes/%s/storage?storage=%s", pve_api_node(m->api), m->storage);
        if (!*pve_api_node(m->api)) {
            m->probe = PROBE_DONE;
            probe_next(m);
            return;
        }
        break;
    case PROBE_DONE: {
        m->probing = false;
        char missing[500];
        pve_media_missing_privs(&m->privs, m->storage, m->vmid, missing, sizeof(missing));
        if (*missing) {
            size_t l = strlen(m->problem);
            snprintf(m->problem + l, sizeof(m->problem) - l, "%sthe BMC's API token lacks %s",
                     l ? "; " : "", missing);
        }
        if (*m->problem)
            mbmc_log_once("pve-media-setup", MBMC_LOG_ERR, "virtual media for VM %u will fail: %s",
                          m->vmid, m->problem);
        else if (mbmc_log_once_reset("pve-media-setup"))
            mbmc_log(MBMC_LOG_INFO, "virtual media for VM %u: storage and privileges are fine now",
                     m->vmid);
        if (!m->privs.allocate)
            mbmc_log_once("pve-media-allocate", MBMC_LOG_WARN, "virtual media for VM %u: the API "
                          "token lacks Datastore.Allocate on /storage/%s, so downloaded images stay "
                          "in the storage (remove the mbmc-%u-* files by hand)", m->vmid,
                          m->storage, m->vmid);
        pve_media_probed(m);
        return;
    }
    }
    m->probe_req = pve_api_call(m->api, "GET", path, NULL, probe_answer, m);
    if (!m->probe_req) {
        m->probe = PROBE_DONE;
        probe_next(m);
    }
}

void pve_media_probe_start(struct pve_media *m)
{
    pve_api_cancel(m->probe_req);
    m->probe_req = NULL;
    m->privs = (struct pve_media_privs){ 0 };
    m->problem[0] = '\0';
    m->probe = PROBE_VM_PERMS;
    m->probing = true;
    probe_next(m);
}

void pve_media_start(struct pve_media *m)
{
    if (m->storage && !m->probing)
        pve_media_probe_start(m);
}

