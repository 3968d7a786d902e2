/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The QMP backend's VM facts for export (module/qmp/qmp_facts.h): NIC order, the key=value
 * text, the firmware from query-block and from the firmware file name. */
#include <json-c/json.h>
#include <stdlib.h>

#include "qmp_facts.h"
#include "unit.h"

static void nic_order_and_text(void)
{
    struct qmp_nic nics[] = {
        { .anon = true, .id = "device[2]", .mac = "52:54:00:00:00:09" },
        { .anon = false, .id = "net10", .mac = "52:54:00:00:00:0A" },
        { .anon = false, .id = "net2", .mac = "52:54:00:00:00:02" },
        { .anon = false, .id = "net3", .mac = "" },                 /* MAC not known: left out */
        { .anon = true, .id = "device[10]", .mac = "52:54:00:00:00:10" },
    };
    char buf[512];
    int n = qmp_facts_format(buf, sizeof(buf), "guest\nx", nics, 5, 1);
    CHECK(n > 0);
    CHECK_EQ_STR(buf, "vm_name=guest x\nnic_macs=52:54:00:00:00:02,52:54:00:00:00:0a,52:54:00:00:00:09,"
                      "52:54:00:00:00:10\nfirmware=uefi\n");
    CHECK(qmp_facts_format(buf, sizeof(buf), NULL, NULL, 0, -1) > 0);
    CHECK_EQ_STR(buf, "vm_name=\nnic_macs=\nfirmware=unknown\n");
    CHECK(qmp_facts_format(buf, 20, "a-long-enough-name", NULL, 0, 0) == -1);
}

static void firmware(void)
{
    const char *dev;
    struct json_object *pflash = json_tokener_parse(
        "[{\"device\":\"ide0-hd0\",\"inserted\":{}},{\"device\":\"pflash0\",\"inserted\":{\"ro\":true}}]");
    CHECK(qmp_facts_firmware_from_blocks(pflash, &dev) == 1);
    CHECK_EQ_STR(dev, "pflash0");
    struct json_object *none = json_tokener_parse("[{\"device\":\"pflash1\"},{\"device\":\"ide0-cd1\"}]");
    CHECK(qmp_facts_firmware_from_blocks(none, &dev) == -1 && !dev);
    CHECK(qmp_facts_firmware_from_blocks(NULL, &dev) == -1);
    json_object_put(pflash);
    json_object_put(none);
    CHECK(qmp_facts_firmware_from_name("OVMF_CODE.fd") == 1);
    CHECK(qmp_facts_firmware_from_name("edk2-x86_64-code.fd") == 1);
    CHECK(qmp_facts_firmware_from_name("bios-256k.bin") == 0);
    CHECK(qmp_facts_firmware_from_name("custom.rom") == -1);
    CHECK(qmp_facts_firmware_from_name(NULL) == -1);
}

int main(void)
{
    RUN(nic_order_and_text);
    RUN(firmware);
    UNIT_EXIT();
}
