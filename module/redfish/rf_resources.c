/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rf_resources.h"

#include <stdio.h>
#include <string.h>

const char *const rf_reset_names[RF_RESET_COUNT] = {
    [RF_RESET_ON] = "On",
    [RF_RESET_FORCE_ON] = "ForceOn",
    [RF_RESET_FORCE_OFF] = "ForceOff",
    [RF_RESET_GRACEFUL_SHUTDOWN] = "GracefulShutdown",
    [RF_RESET_GRACEFUL_RESTART] = "GracefulRestart",
    [RF_RESET_FORCE_RESTART] = "ForceRestart",
    [RF_RESET_NMI] = "Nmi",
    [RF_RESET_POWER_CYCLE] = "PowerCycle",
    [RF_RESET_PUSH_POWER_BUTTON] = "PushPowerButton",
};

int rf_reset_parse(const char *name)
{
    for (int i = 0; name && i < RF_RESET_COUNT; i++)
        if (!strcmp(rf_reset_names[i], name))
            return i;
    return -1;
}

/* ---- small builders */

static struct json_object *str(const char *s) { return s ? json_object_new_string(s) : NULL; }

static void put(struct json_object *o, const char *k, struct json_object *v)
{
    json_object_object_add(o, k, v);
}

static struct json_object *link_to(const char *path)
{
    struct json_object *o = json_object_new_object();
    put(o, "@odata.id", str(path));
    return o;
}

static struct json_object *links_to(const char *path)
{
    struct json_object *a = json_object_new_array();
    json_object_array_add(a, link_to(path));
    return a;
}

static struct json_object *strings(const char *const *list)
{
    struct json_object *a = json_object_new_array();
    for (; *list; list++)
        json_object_array_add(a, str(*list));
    return a;
}

static struct json_object *resource(const char *type, const char *id_path, const char *id,
                                    const char *name)
{
    struct json_object *o = json_object_new_object();
    put(o, "@odata.type", str(type));
    put(o, "@odata.id", str(id_path));
    put(o, "Id", str(id));
    put(o, "Name", str(name));
    return o;
}

/* Status: Health Warning with the backend's error as a Condition while it has one. */
static struct json_object *status(const char *state, const char *problem)
{
    struct json_object *o = json_object_new_object();
    put(o, "State", str(state));
    put(o, "Health", str(problem ? "Warning" : "OK"));
    if (problem) {
        struct json_object *c = json_object_new_object(), *arr = json_object_new_array();
        put(c, "Message", str(problem));
        put(c, "Severity", str("Warning"));
        json_object_array_add(arr, c);
        put(o, "Conditions", arr);
    }
    return o;
}

static const char *power_state(int power)
{
    return power > 0 ? "On" : power == 0 ? "Off" : NULL;
}

/* ---- service root and collections */

struct json_object *rf_render_version(void)
{
    struct json_object *o = json_object_new_object();
    put(o, "v1", str(RF_ROOT "/"));
    return o;
}

struct json_object *rf_render_odata(void)
{
    static const char *const names[] = { "Systems", "Chassis", "Managers", "SessionService",
                                         "AccountService" };
    struct json_object *o = json_object_new_object(), *arr = json_object_new_array();
    put(o, "@odata.context", str(RF_ROOT "/$metadata"));
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char url[64];
        snprintf(url, sizeof(url), RF_ROOT "/%s", names[i]);
        struct json_object *e = json_object_new_object();
        put(e, "name", str(names[i]));
        put(e, "kind", str("Singleton"));
        put(e, "url", str(url));
        json_object_array_add(arr, e);
    }
    put(o, "value", arr);
    return o;
}

struct json_object *rf_render_service_root(const struct rf_view *v)
{
    struct json_object *o = resource("#ServiceRoot.v1_11_0.ServiceRoot", RF_ROOT "/", "RootService",
                                     "multibmc Redfish Service");
    put(o, "RedfishVersion", str("1.15.0"));
    put(o, "UUID", str(v->service_uuid));
    put(o, "Vendor", str("multibmc"));
    put(o, "Product", str("multibmc BMC"));
    struct json_object *pf = json_object_new_object(), *ex = json_object_new_object();
    put(ex, "ExpandAll", json_object_new_boolean(0));
    put(ex, "Levels", json_object_new_boolean(0));
    put(ex, "Links", json_object_new_boolean(0));
    put(ex, "NoLinks", json_object_new_boolean(0));
    put(pf, "ExpandQuery", ex);
    put(pf, "FilterQuery", json_object_new_boolean(0));
    put(pf, "SelectQuery", json_object_new_boolean(0));
    put(pf, "OnlyMemberQuery", json_object_new_boolean(0));
    put(pf, "ExcerptQuery", json_object_new_boolean(0));
    put(o, "ProtocolFeaturesSupported", pf);
    put(o, "Systems", link_to(RF_ROOT "/Systems"));
    put(o, "Chassis", link_to(RF_ROOT "/Chassis"));
    put(o, "Managers", link_to(RF_ROOT "/Managers"));
    put(o, "SessionService", link_to(RF_ROOT "/SessionService"));
    put(o, "AccountService", link_to(RF_ROOT "/AccountService"));
    struct json_object *links = json_object_new_object();
    put(links, "Sessions", link_to(RF_SESSIONS));
    put(o, "Links", links);
    return o;
}

struct json_object *rf_render_collection(const char *type, const char *id, const char *name,
                                         const char *const *members, unsigned n)
{
    struct json_object *o = json_object_new_object(), *arr = json_object_new_array();
    put(o, "@odata.type", str(type));
    put(o, "@odata.id", str(id));
    put(o, "Name", str(name));
    for (unsigned i = 0; i < n; i++)
        json_object_array_add(arr, link_to(members[i]));
    put(o, "Members", arr);
    put(o, "Members@odata.count", json_object_new_int((int)n));
    return o;
}

/* ---- system */

struct json_object *rf_render_system(const struct rf_view *v)
{
    struct json_object *o = resource("#ComputerSystem.v1_13_0.ComputerSystem", RF_SYSTEM, "1", v->name);
    put(o, "SystemType", str("Virtual"));
    put(o, "Manufacturer", str("QEMU"));
    put(o, "Model", str(!strcmp(v->backend, "proxmox") ? "Proxmox VE virtual machine"
                                                         : "QEMU virtual machine"));
    if (v->system_uuid)
        put(o, "UUID", str(v->system_uuid));
    if (power_state(v->power))
        put(o, "PowerState", str(power_state(v->power)));
    put(o, "Status", status("Enabled", v->problem));

    struct rf_boot b;
    rf_boot_from_flags(v->boot, &b);
    struct json_object *boot = json_object_new_object();
    put(boot, "BootSourceOverrideEnabled", str(b.enabled));
    put(boot, "BootSourceOverrideEnabled@Redfish.AllowableValues", strings(rf_boot_enabled_values));
    put(boot, "BootSourceOverrideTarget", str(b.target));
    put(boot, "BootSourceOverrideTarget@Redfish.AllowableValues", strings(rf_boot_targets));
    put(boot, "BootSourceOverrideMode", str(b.mode));
    put(boot, "BootSourceOverrideMode@Redfish.AllowableValues", strings(rf_boot_mode_values));
    put(o, "Boot", boot);

    struct json_object *reset = json_object_new_object(), *types = json_object_new_array();
    put(reset, "target", str(RF_SYSTEM "/Actions/ComputerSystem.Reset"));
    for (int i = 0; i < RF_RESET_COUNT; i++)
        json_object_array_add(types, str(rf_reset_names[i]));
    put(reset, "ResetType@Redfish.AllowableValues", types);
    put(reset, "@Redfish.ActionInfo", str(RF_SYSTEM "/ResetActionInfo"));
    struct json_object *actions = json_object_new_object();
    put(actions, "#ComputerSystem.Reset", reset);
    put(o, "Actions", actions);

    struct json_object *links = json_object_new_object();
    put(links, "Chassis", links_to(RF_CHASSIS));
    put(links, "ManagedBy", links_to(RF_MANAGER));
    put(o, "Links", links);
    return o;
}

struct json_object *rf_render_reset_info(void)
{
    struct json_object *o = resource("#ActionInfo.v1_1_2.ActionInfo", RF_SYSTEM "/ResetActionInfo",
                                     "ResetActionInfo", "Reset Action Info");
    struct json_object *p = json_object_new_object(), *vals = json_object_new_array();
    put(p, "Name", str("ResetType"));
    put(p, "Required", json_object_new_boolean(1));
    put(p, "DataType", str("String"));
    for (int i = 0; i < RF_RESET_COUNT; i++)
        json_object_array_add(vals, str(rf_reset_names[i]));
    put(p, "AllowableValues", vals);
    struct json_object *arr = json_object_new_array();
    json_object_array_add(arr, p);
    put(o, "Parameters", arr);
    return o;
}

/* ---- manager and virtual media */

struct json_object *rf_render_manager(const struct rf_view *v)
{
    struct json_object *o = resource("#Manager.v1_10_0.Manager", RF_MANAGER, "1", "multibmc BMC");
    put(o, "ManagerType", str("BMC"));
    put(o, "Model", str("multibmc"));
    put(o, "FirmwareVersion", str(v->version));
    put(o, "UUID", str(v->service_uuid));
    put(o, "PowerState", str("On"));
    put(o, "Status", status("Enabled", NULL));
    put(o, "VirtualMedia", link_to(RF_VMEDIA));
    struct json_object *links = json_object_new_object();
    put(links, "ManagerForServers", links_to(RF_SYSTEM));
    put(links, "ManagerForChassis", links_to(RF_CHASSIS));
    put(o, "Links", links);
    return o;
}

static const char *image_protocol(const char *image)
{
    if (!strncmp(image, "https://", 8))
        return "HTTPS";
    if (!strncmp(image, "http://", 7))
        return "HTTP";
    return "OEM";
}

struct json_object *rf_render_vmedia_cd(const struct rf_view *v)
{
    static const char *const types[] = { "CD", "DVD", NULL };
    const struct mbmc_media_state *m = &v->media;
    struct json_object *o = resource("#VirtualMedia.v1_3_0.VirtualMedia", RF_VMEDIA_CD, "Cd",
                                     "Virtual CD");
    put(o, "MediaTypes", strings(types));
    bool inserted = m->inserted && m->image[0];
    if (inserted) {
        const char *slash = strrchr(m->image, '/');
        put(o, "Image", str(m->image));
        put(o, "ImageName", str(slash && slash[1] ? slash + 1 : m->image));
        put(o, "TransferProtocolType", str(image_protocol(m->image)));
    } else {
        put(o, "Image", NULL);
        put(o, "ImageName", NULL);
        put(o, "TransferProtocolType", NULL);
    }
    put(o, "Inserted", json_object_new_boolean(inserted));
    put(o, "WriteProtected", json_object_new_boolean(1));
    put(o, "ConnectedVia", str(inserted ? "URI" : "NotConnected"));
    put(o, "TransferMethod", str("Stream"));
    const char *state = !v->media_supported ? "Disabled" : m->drive == 0 ? "Absent"
                      : m->drive < 0 ? "UnavailableOffline" : m->busy ? "Updating" : "Enabled";
    put(o, "Status", status(state, NULL));
    struct json_object *actions = json_object_new_object(), *a;
    a = json_object_new_object();
    put(a, "target", str(RF_VMEDIA_CD "/Actions/VirtualMedia.InsertMedia"));
    put(actions, "#VirtualMedia.InsertMedia", a);
    a = json_object_new_object();
    put(a, "target", str(RF_VMEDIA_CD "/Actions/VirtualMedia.EjectMedia"));
    put(actions, "#VirtualMedia.EjectMedia", a);
    put(o, "Actions", actions);
    return o;
}

/* ---- chassis */

struct json_object *rf_render_chassis(const struct rf_view *v)
{
    struct json_object *o = resource("#Chassis.v1_14_0.Chassis", RF_CHASSIS, "1", v->name);
    put(o, "ChassisType", str("Other"));
    if (power_state(v->power))
        put(o, "PowerState", str(power_state(v->power)));
    put(o, "Status", status("Enabled", v->problem));
    struct json_object *links = json_object_new_object();
    put(links, "ComputerSystems", links_to(RF_SYSTEM));
    put(links, "ManagedBy", links_to(RF_MANAGER));
    put(o, "Links", links);
    return o;
}

/* ---- sessions and accounts */

struct json_object *rf_render_session_service(const struct rf_view *v)
{
    struct json_object *o = resource("#SessionService.v1_1_8.SessionService", RF_ROOT "/SessionService",
                                     "SessionService", "Session Service");
    put(o, "ServiceEnabled", json_object_new_boolean(1));
    put(o, "SessionTimeout", json_object_new_int((int)v->session_timeout));
    put(o, "Status", status("Enabled", NULL));
    put(o, "Sessions", link_to(RF_SESSIONS));
    return o;
}

struct json_object *rf_render_session(const struct rf_session *s)
{
    char id[16], path[64];
    snprintf(id, sizeof(id), "%u", s->id);
    snprintf(path, sizeof(path), RF_SESSIONS "/%u", s->id);
    struct json_object *o = resource("#Session.v1_3_0.Session", path, id, "User Session");
    put(o, "UserName", str(s->user));
    put(o, "SessionType", str("Redfish"));
    put(o, "Password", NULL);
    return o;
}

struct json_object *rf_render_account_service(void)
{
    struct json_object *o = resource("#AccountService.v1_10_0.AccountService", RF_ROOT "/AccountService",
                                     "AccountService", "Account Service");
    put(o, "Description", str("The BMC's IPMI users, read-only here: change them over IPMI "
                              "(ipmitool user ...) or in the multibmc configuration."));
    put(o, "ServiceEnabled", json_object_new_boolean(1));
    put(o, "LocalAccountAuth", str("Enabled"));
    put(o, "Status", status("Enabled", NULL));
    put(o, "Accounts", link_to(RF_ACCOUNTS));
    put(o, "Roles", link_to(RF_ROLES));
    return o;
}

struct json_object *rf_render_account(const struct rf_account *a)
{
    char id[16], path[64], role[64];
    snprintf(id, sizeof(id), "%u", a->id);
    snprintf(path, sizeof(path), RF_ACCOUNTS "/%u", a->id);
    snprintf(role, sizeof(role), RF_ROLES "/%s", rf_role_id(a->role));
    struct json_object *o = resource("#ManagerAccount.v1_8_0.ManagerAccount", path, id, "User Account");
    put(o, "UserName", str(a->name));
    put(o, "RoleId", str(rf_role_id(a->role)));
    put(o, "Enabled", json_object_new_boolean(a->enabled));
    put(o, "Locked", json_object_new_boolean(0));
    put(o, "Password", NULL);
    static const char *const types[] = { "Redfish", "IPMI", NULL };
    put(o, "AccountTypes", strings(types));
    struct json_object *links = json_object_new_object();
    put(links, "Role", link_to(role));
    put(o, "Links", links);
    return o;
}

struct json_object *rf_render_role(enum rf_role role)
{
    static const char *const admin[] = { "Login", "ConfigureManager", "ConfigureUsers",
                                         "ConfigureSelf", "ConfigureComponents", NULL };
    static const char *const oper[] = { "Login", "ConfigureSelf", "ConfigureComponents", NULL };
    static const char *const ro[] = { "Login", "ConfigureSelf", NULL };
    char path[64];
    snprintf(path, sizeof(path), RF_ROLES "/%s", rf_role_id(role));
    struct json_object *o = resource("#Role.v1_3_1.Role", path, rf_role_id(role), rf_role_id(role));
    put(o, "RoleId", str(rf_role_id(role)));
    put(o, "IsPredefined", json_object_new_boolean(1));
    put(o, "AssignedPrivileges", strings(role == RF_ROLE_ADMIN ? admin
                                         : role == RF_ROLE_OPERATOR ? oper : ro));
    return o;
}
