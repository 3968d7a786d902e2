/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rf_boot.h"

#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "rf_error.h"

#define BOOT_VALID 0x80
#define BOOT_PERSISTENT 0x40
#define BOOT_EFI 0x20

const char *const rf_boot_targets[] = { "None", "Pxe", "Hdd", "Cd", NULL };
const char *const rf_boot_enabled_values[] = { "Disabled", "Once", "Continuous", NULL };
const char *const rf_boot_mode_values[] = { "UEFI", "Legacy", NULL };

static const char *target_of(unsigned dev)
{
    switch (dev) {
    case MBMC_BOOT_NONE: return "None";
    case MBMC_BOOT_PXE: return "Pxe";
    case MBMC_BOOT_DISK: case MBMC_BOOT_DISK_SAFE: case MBMC_BOOT_REMOTE_DISK: return "Hdd";
    case MBMC_BOOT_DIAG: return "Diags";
    case MBMC_BOOT_CDROM: case MBMC_BOOT_REMOTE_CDROM: case MBMC_BOOT_REMOTE_MEDIA: return "Cd";
    case MBMC_BOOT_BIOS: return "BiosSetup";
    case MBMC_BOOT_REMOTE_FLOPPY: case MBMC_BOOT_FLOPPY: return "Floppy";
    default: return "None";
    }
}

void rf_boot_from_flags(const uint8_t f[RF_BOOT_FLAGS_LEN], struct rf_boot *out)
{
    bool valid = f[0] & BOOT_VALID;
    out->enabled = !valid ? "Disabled" : (f[0] & BOOT_PERSISTENT) ? "Continuous" : "Once";
    /* Disabled: the next boot uses the VM's own order, whatever device is stored. */
    out->target = valid ? target_of((f[1] >> 2) & 0x0f) : "None";
    out->mode = (f[0] & BOOT_EFI) ? "UEFI" : "Legacy";
}

static int index_in(const char *const *list, const char *v)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(list[i], v))
            return i;
    return -1;
}

/* A string property from the Boot object: its value, NULL when absent, or an error. */
static int get_enum(struct json_object *boot, const char *key, const char *const *allowed,
                    const char **value, struct rf_response *rsp)
{
    struct json_object *v;
    *value = NULL;
    if (!json_object_object_get_ex(boot, key, &v))
        return 0;
    char ptr[96], name[96];
    snprintf(ptr, sizeof(ptr), "#/Boot/%s", key);
    snprintf(name, sizeof(name), "Boot/%s", key);
    if (!json_object_is_type(v, json_type_string)) {
        rf_error(rsp, 400, RF_MSG_PROPERTY_VALUE_TYPE_ERROR, ptr, NULL,
                 json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN), name);
        return -1;
    }
    if (index_in(allowed, json_object_get_string(v)) < 0) {
        rf_error(rsp, 400, RF_MSG_PROPERTY_VALUE_NOT_IN_LIST, ptr, NULL, json_object_get_string(v),
                 name);
        return -1;
    }
    *value = json_object_get_string(v);
    return 0;
}

static unsigned device_of(const char *target)
{
    if (!strcmp(target, "Pxe")) return MBMC_BOOT_PXE;
    if (!strcmp(target, "Hdd")) return MBMC_BOOT_DISK;
    if (!strcmp(target, "Cd")) return MBMC_BOOT_CDROM;
    return MBMC_BOOT_NONE;
}

int rf_boot_patch(const uint8_t cur[RF_BOOT_FLAGS_LEN], struct json_object *boot,
                  uint8_t out[RF_BOOT_FLAGS_LEN], struct rf_response *rsp)
{
    static const char *const writable[] = { "BootSourceOverrideEnabled", "BootSourceOverrideTarget",
                                            "BootSourceOverrideMode", NULL };
    static const char *const readonly[] = { "BootSourceOverrideTarget@Redfish.AllowableValues",
                                            "BootSourceOverrideEnabled@Redfish.AllowableValues",
                                            "BootSourceOverrideMode@Redfish.AllowableValues", NULL };
    memcpy(out, cur, RF_BOOT_FLAGS_LEN);
    if (!json_object_is_type(boot, json_type_object)) {
        rf_error(rsp, 400, RF_MSG_PROPERTY_VALUE_TYPE_ERROR, "#/Boot", NULL,
                 json_object_to_json_string_ext(boot, JSON_C_TO_STRING_PLAIN), "Boot");
        return -1;
    }
    int bad = 0;
    json_object_object_foreach(boot, key, val) {
        (void)val;
        char ptr[128], name[128];
        snprintf(ptr, sizeof(ptr), "#/Boot/%s", key);
        snprintf(name, sizeof(name), "Boot/%s", key);
        if (index_in(readonly, key) >= 0) {
            rf_error(rsp, 400, RF_MSG_PROPERTY_NOT_WRITABLE, ptr, NULL, name);
            bad = -1;
        } else if (index_in(writable, key) < 0) {
            rf_error(rsp, 400, RF_MSG_PROPERTY_UNKNOWN, ptr, NULL, name);
            bad = -1;
        }
    }
    const char *enabled, *target, *mode;
    bad |= get_enum(boot, "BootSourceOverrideEnabled", rf_boot_enabled_values, &enabled, rsp);
    bad |= get_enum(boot, "BootSourceOverrideTarget", rf_boot_targets, &target, rsp);
    bad |= get_enum(boot, "BootSourceOverrideMode", rf_boot_mode_values, &mode, rsp);
    if (bad)
        return -1;
    if (!enabled && !target && !mode) {
        rf_error(rsp, 400, RF_MSG_EMPTY_JSON, "#/Boot", NULL);
        return -1;
    }

    if (mode)
        out[0] = (uint8_t)(!strcmp(mode, "UEFI") ? out[0] | BOOT_EFI : out[0] & ~BOOT_EFI);
    if (target && strcmp(target, "None")) {
        out[1] = (uint8_t)((out[1] & ~0x3c) | (device_of(target) << 2));
        if (!enabled && !(out[0] & BOOT_VALID))
            out[0] = (uint8_t)((out[0] | BOOT_VALID) & ~BOOT_PERSISTENT);
    }
    if (enabled) {
        if (!strcmp(enabled, "Disabled"))
            out[0] &= (uint8_t)~(BOOT_VALID | BOOT_PERSISTENT);
        else if (!strcmp(enabled, "Once"))
            out[0] = (uint8_t)((out[0] | BOOT_VALID) & ~BOOT_PERSISTENT);
        else
            out[0] |= BOOT_VALID | BOOT_PERSISTENT;
    }
    /* Target None: boot the normal device, i.e. no override, whatever Enabled says. */
    if (target && !strcmp(target, "None"))
        out[0] &= (uint8_t)~(BOOT_VALID | BOOT_PERSISTENT);
    /* An override enabled without any device (never set) would boot nothing in particular:
     * refuse it rather than report an override that does nothing. */
    if ((out[0] & BOOT_VALID) && ((out[1] >> 2) & 0x0f) == MBMC_BOOT_NONE) {
        rf_error(rsp, 400, RF_MSG_PROPERTY_MISSING, "#/Boot/BootSourceOverrideTarget",
                 "Give BootSourceOverrideTarget (Pxe, Hdd or Cd) with BootSourceOverrideEnabled.",
                 "Boot/BootSourceOverrideTarget");
        return -1;
    }
    return 0;
}
