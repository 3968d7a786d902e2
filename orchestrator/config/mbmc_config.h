/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The multibmc configuration: a JSON file with global settings and one entry per BMC.
 * Loading validates everything and names the offending field and the fix; saving is atomic
 * (temp file, fsync, rename) with mode 0600; a lock file serialises concurrent CLI runs. */
#ifndef MBMC_CONFIG_H
#define MBMC_CONFIG_H

#include <glib.h>

#include "pveticket.h"
#include "settings.h"

#define MBMC_CONFIG_ERROR (mbmc_config_error_quark())
GQuark mbmc_config_error_quark(void);
enum { MBMC_CONFIG_ERROR_INVALID, MBMC_CONFIG_ERROR_CONFLICT, MBMC_CONFIG_ERROR_NOT_FOUND };

/* An ENUM setting's values are the indexes of its words in settings.def (config_fields.c reads
 * and writes them so): mode, backend, sol_policy (sol_share), console_auth (pveticket.h). */
typedef enum { MBMC_MODE_ALIAS, MBMC_MODE_MACVLAN } MbmcAddrMode;
typedef enum { MBMC_BACKEND_KIND_PROXMOX, MBMC_BACKEND_KIND_QMP } MbmcBackendKind;
/* A per-BMC switch: 0 (a zeroed entry) follows the global setting. */
typedef enum { MBMC_SWITCH_DEFAULT = 0, MBMC_SWITCH_ON, MBMC_SWITCH_OFF } MbmcSwitch;

typedef struct {
    guint vmid;
    char *address;        /* dotted IPv4 */
    guint prefix;         /* 1..32 */
    MbmcBackendKind backend;
    char *qmp;            /* QMP socket path (qmp backend) */
    char *user;           /* per-VM IPMI login, or NULL for the global one */
    char *password_file;
    char *sol_device;     /* e.g. tcp:127.0.0.1:5000, or NULL */
    char *discovered;     /* the `multibmc discover` selection that manages it (its --prune may
                           * remove it), or NULL for a BMC added by hand */
    MbmcSwitch redfish;   /* Redfish on this BMC: as the global setting, or on/off */
    char *redfish_cert_file;   /* this BMC's own PEM certificate and key, or NULL */
    char *redfish_key_file;
    char *cdrom;          /* the VM's CD-ROM drive for virtual media: qmp a QEMU device id (NULL =
                             cd0), proxmox a drive key like ide2 (NULL = found in the VM) */
    guint inband_port;    /* qmp: 127.0.0.1 TCP port of the in-band (KCS) link, 0 = none */
} MbmcBmc;

/* `multibmc add --inband` takes the lowest port from here that no other BMC uses. */
#define MBMC_INBAND_BASE_PORT 9230

typedef struct {
    char *interface;
    MbmcAddrMode mode;
    char *user;
    char *password_file;
    char *pve_url;
    char *token_file;
    char *ca_file;
    char *fingerprint;
    gboolean insecure;
    gboolean sol_share;   /* SOL bridge policy: FALSE hold the console, TRUE share it */
    guint sol_idle_secs;  /* share: release after this long without input; 0 = default */
    char *console_user;   /* user@realm whose ticket reaches the console on old PVE, or NULL */
    char *console_password_file;   /* its password (0600) */
    MbmcConsoleAuth console_auth;  /* token, ticket or auto (default) */
    gboolean pve_shared_poll; /* TRUE (default): the supervisor polls each node, BMCs read a table */
    guint pve_poll_ms;    /* power state period; 0 = default (shared 1000 ms, per-VM 2000 ms) */
    char *iso_storage;    /* virtual media: the storage images are downloaded into, or NULL (off) */
    gint media_retention; /* seconds a downloaded image stays after its eject; -1 = default */
    char *run_dir;
    char *state_dir;
    char *module;         /* multibmc.so; NULL = built-in default */
    char *templates;      /* conf-templates dir; NULL = built-in default */
    char *ipmi_sim;       /* NULL = built-in default */
    gboolean redfish;     /* Redfish (HTTPS) beside IPMI on every BMC address */
    guint redfish_port;   /* 0 = 443 */
    char *redfish_cert_file;   /* one PEM certificate and key for all BMCs, or NULL: each */
    char *redfish_key_file;    /* BMC makes its own at first start (state dir) */
    char *media_dir;      /* local virtual media images may come from here, or NULL */
    GPtrArray *bmcs;      /* MbmcBmc*, sorted by vmid */
} MbmcConfig;

#define MBMC_DEFAULT_REDFISH_PORT 443

#define MBMC_DEFAULT_SHARED_POLL_MS 1000

MbmcConfig *mbmc_config_new(void);
void mbmc_config_free(MbmcConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MbmcConfig, mbmc_config_free)
void mbmc_bmc_free(MbmcBmc *b);
MbmcBmc *mbmc_bmc_copy(const MbmcBmc *b);

const char *mbmc_mode_name(MbmcAddrMode m);
const char *mbmc_backend_kind_name(MbmcBackendKind k);

/* Parse and validate JSON text. source names the file in error messages. */
MbmcConfig *mbmc_config_parse(const char *text, const char *source, GError **error);
MbmcConfig *mbmc_config_load(const char *path, GError **error);
/* Is key a field of the JSON object of scope (the table of settings, settings.def)? */
gboolean mbmc_config_key_known(enum mbmc_setting_scope scope, const char *key);
/* Validate the whole model (also run by parse and save). */
gboolean mbmc_config_validate(const MbmcConfig *cfg, GError **error);
char *mbmc_config_to_json(const MbmcConfig *cfg);
gboolean mbmc_config_save(const MbmcConfig *cfg, const char *path, GError **error);
/* Equal in every global (proxmox, redfish) setting whose settings.def CMP column has a bit of
 * cmp (MBMC_CMP_PVE: the Proxmox client of the SOL bridges; MBMC_CMP_NET: the addresses). */
gboolean mbmc_config_settings_equal(const MbmcConfig *a, const MbmcConfig *b, unsigned cmp);
/* Equal in every per-BMC setting with a bit of cmp (MBMC_CMP_BMC: restarts its ipmi_sim). */
gboolean mbmc_bmc_settings_equal(const MbmcBmc *a, const MbmcBmc *b, unsigned cmp);

/* Redfish for this BMC (its own setting, else the global one). */
gboolean mbmc_bmc_redfish_enabled(const MbmcConfig *cfg, const MbmcBmc *b);
guint mbmc_config_redfish_port(const MbmcConfig *cfg);

MbmcBmc *mbmc_config_find(const MbmcConfig *cfg, guint vmid);
MbmcBmc *mbmc_config_find_address(const MbmcConfig *cfg, const char *address);
/* Takes ownership of bmc on success; refuses duplicates of VMID or address. */
gboolean mbmc_config_add(MbmcConfig *cfg, MbmcBmc *bmc, GError **error);
gboolean mbmc_config_remove(MbmcConfig *cfg, guint vmid, GError **error);
/* The lowest in-band port from MBMC_INBAND_BASE_PORT that no BMC of cfg uses. */
guint mbmc_config_free_inband_port(const MbmcConfig *cfg);

/* Parse "IP/PREFIX" (or IP and a separate prefix when prefix_arg != NULL). */
gboolean mbmc_parse_address(const char *ip_arg, const char *prefix_arg, char **address,
                            guint *prefix, GError **error);
gboolean mbmc_parse_vmid(const char *s, guint *vmid, GError **error);

/* An exclusive advisory lock on path.lock, held until mbmc_config_unlock(). -1 on error. */
int mbmc_config_lock(const char *path, GError **error);
void mbmc_config_unlock(int fd);

#endif
