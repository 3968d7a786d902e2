/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Redfish resources of one BMC, rendered from a snapshot of its state (struct rf_view).
 * Pure: json-c objects out, no I/O; rf_service.c adds the ETags and serves them.
 *   /redfish/v1                          ServiceRoot
 *   /redfish/v1/Systems/1                ComputerSystem (+ Actions/ComputerSystem.Reset,
 *                                        ResetActionInfo)
 *   /redfish/v1/Managers/1               Manager (+ VirtualMedia/Cd and its actions)
 *   /redfish/v1/Chassis/1                Chassis
 *   /redfish/v1/SessionService/Sessions  sessions (X-Auth-Token)
 *   /redfish/v1/AccountService           the BMC's IPMI users, read-only */
#ifndef MBMC_RF_RESOURCES_H
#define MBMC_RF_RESOURCES_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>

#include "backend.h"
#include "rf_auth.h"
#include "rf_boot.h"
#include "rf_session.h"

#define RF_ROOT "/redfish/v1"
#define RF_SYSTEM RF_ROOT "/Systems/1"
#define RF_MANAGER RF_ROOT "/Managers/1"
#define RF_CHASSIS RF_ROOT "/Chassis/1"
#define RF_VMEDIA RF_MANAGER "/VirtualMedia"
#define RF_VMEDIA_CD RF_VMEDIA "/Cd"
#define RF_SESSIONS RF_ROOT "/SessionService/Sessions"
#define RF_ACCOUNTS RF_ROOT "/AccountService/Accounts"
#define RF_ROLES RF_ROOT "/AccountService/Roles"

enum rf_reset_type {
    RF_RESET_ON, RF_RESET_FORCE_ON, RF_RESET_FORCE_OFF, RF_RESET_GRACEFUL_SHUTDOWN,
    RF_RESET_GRACEFUL_RESTART, RF_RESET_FORCE_RESTART, RF_RESET_NMI, RF_RESET_POWER_CYCLE,
    RF_RESET_PUSH_POWER_BUTTON, RF_RESET_COUNT
};
/* The ResetType strings, indexed by enum rf_reset_type. */
extern const char *const rf_reset_names[RF_RESET_COUNT];
int rf_reset_parse(const char *name);          /* enum value, or -1 */

struct rf_account {
    unsigned id;                    /* IPMI user id */
    char name[RF_USER_MAX + 1];
    enum rf_role role;
    bool enabled;
};

struct rf_view {
    const char *name;               /* the BMC's name (ipmi_sim instance, e.g. vm111) */
    const char *version;            /* multibmc's version */
    const char *backend;            /* qmp or proxmox */
    const char *service_uuid;
    const char *system_uuid;        /* the VM's SMBIOS UUID, NULL when unknown */
    int power;                      /* 1 on, 0 off, -1 unknown */
    uint8_t boot[RF_BOOT_FLAGS_LEN];    /* System Boot Options parameter 5 */
    const char *problem;            /* the backend's current error, or NULL */
    bool media_supported;           /* the backend implements virtual media */
    struct mbmc_media_state media;
    unsigned session_timeout;
};

struct json_object *rf_render_version(void);        /* GET /redfish */
struct json_object *rf_render_odata(void);          /* GET /redfish/v1/odata */
struct json_object *rf_render_service_root(const struct rf_view *v);
struct json_object *rf_render_collection(const char *type, const char *id, const char *name,
                                         const char *const *members, unsigned n);
struct json_object *rf_render_system(const struct rf_view *v);
struct json_object *rf_render_reset_info(void);
struct json_object *rf_render_manager(const struct rf_view *v);
struct json_object *rf_render_vmedia_cd(const struct rf_view *v);
struct json_object *rf_render_chassis(const struct rf_view *v);
struct json_object *rf_render_session_service(const struct rf_view *v);
struct json_object *rf_render_session(const struct rf_session *s);
struct json_object *rf_render_account_service(void);
struct json_object *rf_render_account(const struct rf_account *a);
struct json_object *rf_render_role(enum rf_role role);

#endif
