/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multibmc discover's pure parts: Proxmox answers → VM records (tags, pools, netN, bios),
 * the selection, the address policies and the plan (keep, add, prune, problems). */
#include <gio/gio.h>

#include "discover_plan.h"
#include "pve_vmparse.h"
#include "unit.h"
#include "vmselect.h"

static json_object *json(const char *text)
{
    json_object *o = json_tokener_parse(text);
    if (!o)
        fprintf(stderr, "  bad test JSON: %s\n", text);
    return o;
}

static void tags_split_like_pve(void)
{
    g_auto(GStrv) a = mbmc_pve_split_tags("hpc;gpu");
    CHECK(g_strv_length(a) == 2);
    CHECK_EQ_STR(a[0], "hpc");
    CHECK_EQ_STR(a[1], "gpu");
    g_auto(GStrv) b = mbmc_pve_split_tags(" a, b ;;c ");   /* older configs: ',' and blanks */
    CHECK(g_strv_length(b) == 3);
    CHECK_EQ_STR(b[2], "c");
    g_auto(GStrv) c = mbmc_pve_split_tags(NULL);
    CHECK(c && !c[0]);
}

static void resource_rows(void)
{
    json_object *rows = json("[{\"id\":\"/pool/compute\",\"type\":\"pool\",\"pool\":\"compute\"},"
                             "{\"id\":\"qemu/100\",\"type\":\"qemu\",\"vmid\":100,\"node\":\"pve1\",\"name\":\"cn001\","
                             "\"status\":\"running\",\"template\":0,\"tags\":\"hpc;gpu\",\"pool\":\"compute\"},"
                             "{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"node\":\"pve1\"},"
                             "{\"id\":\"qemu/102\",\"type\":\"qemu\",\"vmid\":102,\"node\":\"pve2\",\"template\":1,"
                             "\"name\":null,\"tags\":5},"
                             "{\"id\":\"qemu/103\",\"type\":\"qemu\",\"vmid\":\"x\",\"node\":\"pve2\"}]");
    g_autoptr(MbmcVmInfo) pool = mbmc_pve_vm_from_row(json_object_array_get_idx(rows, 0));
    CHECK(!pool);
    g_autoptr(MbmcVmInfo) vm = mbmc_pve_vm_from_row(json_object_array_get_idx(rows, 1));
    CHECK(vm && vm->vmid == 100);
    CHECK_EQ_STR(vm->name, "cn001");
    CHECK_EQ_STR(vm->node, "pve1");
    CHECK_EQ_STR(vm->pool, "compute");
    CHECK(g_strv_length(vm->tags) == 2 && !vm->is_template);
    CHECK(!mbmc_pve_vm_from_row(json_object_array_get_idx(rows, 2)));   /* a container */
    g_autoptr(MbmcVmInfo) tmpl = mbmc_pve_vm_from_row(json_object_array_get_idx(rows, 3));
    CHECK(tmpl && tmpl->is_template && !tmpl->pool && !tmpl->tags[0]);
    CHECK_EQ_STR(tmpl->name, "");   /* null or a wrong type reads as "" */
    CHECK(!mbmc_pve_vm_from_row(json_object_array_get_idx(rows, 4)));
    CHECK(!mbmc_pve_vm_from_row(NULL));
    json_object_put(rows);
}

static void pool_members(void)
{
    json_object *pool = json("{\"members\":[{\"id\":\"qemu/120\",\"vmid\":120,\"type\":\"qemu\",\"node\":\"pve1\"},"
                             "{\"id\":\"storage/pve1/local\",\"type\":\"storage\",\"storage\":\"local\"},"
                             "{\"id\":\"lxc/130\",\"vmid\":130,\"type\":\"lxc\"},"
                             "{\"id\":\"qemu/110\",\"vmid\":110,\"type\":\"qemu\"}],\"comment\":\"x\"}");
    g_autoptr(GArray) ids = mbmc_pve_pool_members(pool);
    CHECK(ids->len == 2 && g_array_index(ids, guint, 0) == 110 && g_array_index(ids, guint, 1) == 120);
    g_autoptr(GArray) none = mbmc_pve_pool_members(NULL);
    CHECK(none->len == 0);
    json_object_put(pool);
}

static void net_values(void)
{
    g_autofree char *bridge = NULL;
    g_autofree char *m1 = mbmc_pve_net_mac("virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1", &bridge);
    CHECK_EQ_STR(m1, "bc:24:11:00:00:01");
    CHECK_EQ_STR(bridge, "vmbr0");
    g_autofree char *m2 = mbmc_pve_net_mac("model=e1000,macaddr=52-54-00-AA-BB-CC", NULL);
    CHECK_EQ_STR(m2, "52:54:00:aa:bb:cc");
    g_autofree char *b3 = NULL;
    g_autofree char *m3 = mbmc_pve_net_mac("virtio,bridge=vmbr1", &b3);   /* no MAC: none */
    CHECK(!m3 && !b3);
    CHECK(!mbmc_pve_net_mac("bogus=BC:24:11:00:00:01", NULL));
    CHECK(!mbmc_pve_net_mac("virtio=BC:24:11:00:00", NULL));
    CHECK(!mbmc_pve_net_mac(NULL, NULL));
}

static void config_nics_in_order(void)
{
    json_object *cfg = json("{\"net10\":\"e1000=BC:24:11:00:00:0A,bridge=vmbr2\",\"name\":\"cn-a\","
                            "\"net2\":\"virtio=BC:24:11:00:00:02,bridge=vmbr1\",\"bios\":\"ovmf\","
                            "\"net0\":\"virtio=BC:24:11:00:00:00,bridge=vmbr0\",\"scsi0\":\"local:1\"}");
    g_autoptr(MbmcVmInfo) vm = mbmc_vm_info_new(7);
    mbmc_pve_vm_apply_config(vm, cfg);
    CHECK(vm->nics->len == 3);
    CHECK_EQ_STR(((MbmcVmNic *)g_ptr_array_index(vm->nics, 0))->mac, "bc:24:11:00:00:00");
    CHECK_EQ_STR(((MbmcVmNic *)g_ptr_array_index(vm->nics, 1))->mac, "bc:24:11:00:00:02");
    CHECK_EQ_STR(((MbmcVmNic *)g_ptr_array_index(vm->nics, 2))->bridge, "vmbr2");
    CHECK(vm->firmware == MBMC_FIRMWARE_UEFI);
    CHECK_EQ_STR(vm->name, "cn-a");
    json_object *seabios = json("{\"net0\":\"virtio=BC:24:11:00:00:00\"}");   /* bios absent: seabios */
    mbmc_pve_vm_apply_config(vm, seabios);
    CHECK(vm->nics->len == 1 && vm->firmware == MBMC_FIRMWARE_BIOS);
    CHECK_EQ_STR(vm->name, "cn-a");
    json_object_put(cfg);
    json_object_put(seabios);
}

static MbmcVmInfo *vm_new(guint vmid, const char *name, const char *node, const char *pool, const char *tags)
{
    MbmcVmInfo *vm = mbmc_vm_info_new(vmid);
    g_free(vm->name);
    vm->name = g_strdup(name);
    vm->node = g_strdup(node);
    vm->pool = g_strdup(pool);
    g_strfreev(vm->tags);
    vm->tags = mbmc_pve_split_tags(tags);
    return vm;
}

static void selection(void)
{
    g_autoptr(MbmcVmInfo) a = vm_new(1000, "cn0001", "pve1", "compute", "hpc;GPU");
    g_autoptr(MbmcVmInfo) b = vm_new(2000, "login1", "pve2", NULL, "");
    const char *tags[] = { "gpu", "hpc", NULL }, *other[] = { "gpu", "big", NULL };
    MbmcVmSelect any = { 0 };
    CHECK(mbmc_vm_select_match(&any, a) && mbmc_vm_select_match(&any, b));
    MbmcVmSelect s = { .pool = "compute", .tags = tags, .name_glob = "cn*", .node = "pve1",
                       .vmid_min = 1000, .vmid_max = 1099 };
    CHECK(mbmc_vm_select_match(&s, a) && !mbmc_vm_select_match(&s, b));
    s.tags = other;
    CHECK(!mbmc_vm_select_match(&s, a));   /* every tag must be there */
    MbmcVmSelect r = { .vmid_min = 1001, .vmid_max = 1099 };
    CHECK(!mbmc_vm_select_match(&r, a));
    MbmcVmSelect n = { .name_glob = "login?" };
    CHECK(mbmc_vm_select_match(&n, b) && !mbmc_vm_select_match(&n, a));
    a->is_template = TRUE;
    CHECK(!mbmc_vm_select_match(&any, a));   /* templates never */
    const char *same[] = { "Big", "gpu", "big", NULL };
    g_autofree char *k1 = mbmc_vm_select_key(&s, NULL);
    CHECK_EQ_STR(k1, "proxmox pool=compute tag=big,gpu name=cn* node=pve1 vmid=1000-1099");
    s.tags = same;
    g_autofree char *k2 = mbmc_vm_select_key(&s, NULL);
    CHECK_EQ_STR(k1, k2);
    g_autofree char *k3 = mbmc_vm_select_key(&any, NULL);
    CHECK_EQ_STR(k3, "proxmox");
    MbmcVmSelect q = { .name_glob = "vm\n*" };
    g_autofree char *k4 = mbmc_vm_select_key(&q, "/run/vms/*/qmp.sock");
    CHECK_EQ_STR(k4, "qmp glob=/run/vms/*/qmp.sock name=vm *");
}

static void vmid_ranges(void)
{
    guint lo, hi;
    CHECK(mbmc_vmid_range_parse("1000-1049", &lo, &hi, NULL) && lo == 1000 && hi == 1049);
    CHECK(mbmc_vmid_range_parse("7", &lo, &hi, NULL) && lo == 7 && hi == 7);
    g_autoptr(GError) e = NULL;
    CHECK(!mbmc_vmid_range_parse("20-10", &lo, &hi, &e) && strstr(e->message, "FIRST-LAST"));
    CHECK(!mbmc_vmid_range_parse("1-2-3", &lo, &hi, NULL));
    CHECK(!mbmc_vmid_range_parse("a-b", &lo, &hi, NULL));
    CHECK(!mbmc_vmid_range_parse("", &lo, &hi, NULL));
}

static void address_policies(void)
{
    MbmcAddrPolicy p = { 0 };
    guint32 a;
    g_autoptr(GError) e = NULL;
    CHECK(mbmc_addr_range_parse("198.18.1.1-198.18.1.3", &p, NULL) && !p.by_rule);
    CHECK(!mbmc_addr_range_parse("198.18.1.9-198.18.1.3", &p, &e) && strstr(e->message, "comes before"));
    CHECK(!mbmc_addr_range_parse("198.18.1.1", &p, NULL));
    CHECK(!mbmc_addr_range_parse("10.0.0.0-10.9.0.0", &p, NULL));   /* far too many */
    CHECK(mbmc_addr_rule_parse("198.18.100.0", "vmid-100", &p, NULL) && p.by_rule && p.offset == -100);
    CHECK(mbmc_addr_rule_apply(&p, 105, &a, NULL) && a == ((198u << 24) | (18u << 16) | (100u << 8) | 5));
    g_clear_error(&e);
    CHECK(!mbmc_addr_rule_apply(&p, 99, &a, &e) && strstr(e->message, "negative"));
    CHECK(mbmc_addr_rule_parse("198.18.0.0", "vmid", &p, NULL) && p.offset == 0);
    CHECK(mbmc_addr_rule_parse("198.18.0.0", "vmid+3", &p, NULL) && p.offset == 3);
    CHECK(!mbmc_addr_rule_parse("198.18.0.0", "vm-100", &p, NULL));
    CHECK(!mbmc_addr_rule_parse("198.18.0.0", "vmid*2", &p, NULL));
    CHECK(!mbmc_addr_rule_parse("198.18.0.300", "vmid", &p, NULL));
    CHECK(mbmc_addr_rule_parse("255.255.255.0", "vmid", &p, NULL));
    CHECK(!mbmc_addr_rule_apply(&p, 1000, &a, NULL));   /* beyond 255.255.255.255 */
    guint32 net;
    mbmc_ip4_parse("198.18.1.0", &net);
    CHECK(!mbmc_addr_usable(net, 24, NULL) && mbmc_addr_usable(net, 16, NULL));
    CHECK(!mbmc_addr_usable(net + 255, 24, NULL) && mbmc_addr_usable(net + 254, 24, NULL));
    mbmc_ip4_parse("127.0.0.5", &a);
    CHECK(!mbmc_addr_usable(a, 8, NULL));
    mbmc_addr_policy_clear(&p);
}

static MbmcConfig *config_with(void)
{
    MbmcConfig *c = mbmc_config_new();
    c->interface = g_strdup("bmc0");
    c->password_file = g_strdup("/etc/multibmc/pw");
    c->pve_url = g_strdup("https://pve:8006");
    c->token_file = g_strdup("/etc/multibmc/token");
    return c;
}

static MbmcBmc *config_bmc(MbmcConfig *c, guint vmid, const char *addr, MbmcBackendKind kind, const char *qmp)
{
    MbmcBmc *b = g_new0(MbmcBmc, 1);
    *b = (MbmcBmc){ .vmid = vmid, .address = g_strdup(addr), .prefix = 24, .backend = kind, .qmp = g_strdup(qmp) };
    g_ptr_array_add(c->bmcs, b);
    return b;
}

#define KEY "proxmox pool=compute"

static const MbmcPlanRow *row_of(const MbmcPlan *p, guint vmid)
{
    for (guint i = 0; i < p->rows->len; i++) {
        const MbmcPlanRow *r = g_ptr_array_index(p->rows, i);
        if (r->vmid == vmid)
            return r;
    }
    return NULL;
}

/* Three selected VMs, one with a BMC; a range with a taken and a host address in it. */
static void plan_range_keeps_and_adds(void)
{
    g_autoptr(MbmcConfig) c = config_with();
    config_bmc(c, 1001, "198.18.1.10", MBMC_BACKEND_KIND_PROXMOX, NULL);
    config_bmc(c, 500, "198.18.1.11", MBMC_BACKEND_KIND_PROXMOX, NULL);   /* not selected */
    g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_vm_info_free);
    g_ptr_array_add(vms, vm_new(1002, "cn2", "pve1", "compute", ""));
    g_ptr_array_add(vms, vm_new(1001, "cn1", "pve1", "compute", ""));
    g_ptr_array_add(vms, vm_new(1000, "cn0", "pve2", "compute", ""));
    MbmcAddrPolicy addr = { 0 };
    mbmc_addr_range_parse("198.18.1.10-198.18.1.13", &addr, NULL);
    addr.prefix = 24;
    g_autoptr(GHashTable) host = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_add(host, "198.18.1.12");
    MbmcPlanInput in = { .backend = MBMC_BACKEND_KIND_PROXMOX, .selected = vms, .seen = vms, .addr = &addr,
                         .host_addresses = host };
    g_autoptr(MbmcPlan) p = mbmc_discover_plan(c, &in);
    CHECK(p->adds == 1 && p->keeps == 1 && p->removes == 0 && p->problems == 1);
    CHECK_EQ_STR(row_of(p, 1000)->address, "198.18.1.13");   /* .10 BMC 1001, .11 BMC 500, .12 the host */
    CHECK(row_of(p, 1001)->action == MBMC_PLAN_KEEP);
    CHECK(row_of(p, 1002)->action == MBMC_PLAN_PROBLEM && strstr(row_of(p, 1002)->note, "exhausted"));
    CHECK(!row_of(p, 500));   /* no prune: left alone */
    g_autofree char *table = mbmc_plan_table(p);
    CHECK(strstr(table, "1 to add, 1 kept, 0 to remove, 1 problem") != NULL);
    /* With a wider range both fit. */
    mbmc_addr_range_parse("198.18.1.10-198.18.1.20", &addr, NULL);
    g_autoptr(MbmcPlan) q = mbmc_discover_plan(c, &in);
    CHECK(q->adds == 2 && q->problems == 0);
    CHECK_EQ_STR(row_of(q, 1002)->address, "198.18.1.14");
    mbmc_addr_policy_clear(&addr);
}

static void plan_rule_conflicts(void)
{
    g_autoptr(MbmcConfig) c = config_with();
    config_bmc(c, 7, "198.18.1.5", MBMC_BACKEND_KIND_PROXMOX, NULL);
    config_bmc(c, 106, "198.18.9.9", MBMC_BACKEND_KIND_QMP, "/run/q.sock");
    g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_vm_info_free);
    g_ptr_array_add(vms, vm_new(105, "a", "pve1", NULL, ""));   /* → .5: BMC 7's */
    g_ptr_array_add(vms, vm_new(104, "b", "pve1", NULL, ""));   /* → .4: the host's */
    g_ptr_array_add(vms, vm_new(103, "c", "pve1", NULL, ""));   /* → .3: free */
    g_ptr_array_add(vms, vm_new(106, "d", "pve1", NULL, ""));   /* VMID has a QMP BMC */
    g_ptr_array_add(vms, vm_new(99, "e", "pve1", NULL, ""));    /* below the base */
    MbmcAddrPolicy addr = { 0 };
    mbmc_addr_rule_parse("198.18.1.0", "vmid-100", &addr, NULL);
    addr.prefix = 24;
    g_autoptr(GHashTable) host = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_add(host, "198.18.1.4");
    MbmcPlanInput in = { .backend = MBMC_BACKEND_KIND_PROXMOX, .selected = vms, .seen = vms, .addr = &addr,
                         .host_addresses = host };
    g_autoptr(MbmcPlan) p = mbmc_discover_plan(c, &in);
    CHECK(p->adds == 1 && p->problems == 4);
    CHECK_EQ_STR(row_of(p, 103)->address, "198.18.1.3");
    CHECK(strstr(row_of(p, 105)->note, "address conflict: 198.18.1.5") && strstr(row_of(p, 105)->note, "VMID 7"));
    CHECK(strstr(row_of(p, 104)->note, "address of this host"));
    CHECK(strstr(row_of(p, 106)->note, "already has a BMC") && strstr(row_of(p, 106)->note, "local QEMU"));
    CHECK(strstr(row_of(p, 99)->note, "negative"));
    /* Without an address policy, nothing can be added. */
    in.addr = NULL;
    g_autoptr(MbmcPlan) q = mbmc_discover_plan(c, &in);
    CHECK(q->adds == 0 && strstr(row_of(q, 103)->note, "--range"));
    mbmc_addr_policy_clear(&addr);
}

static void plan_prune(void)
{
    g_autoptr(MbmcConfig) c = config_with();
    config_bmc(c, 1000, "198.18.1.10", MBMC_BACKEND_KIND_PROXMOX, NULL)->discovered = g_strdup(KEY);   /* kept */
    config_bmc(c, 1001, "198.18.1.11", MBMC_BACKEND_KIND_PROXMOX, NULL)->discovered = g_strdup(KEY);   /* gone */
    config_bmc(c, 1002, "198.18.1.12", MBMC_BACKEND_KIND_PROXMOX, NULL)->discovered = g_strdup(KEY);   /* left */
    config_bmc(c, 1003, "198.18.1.13", MBMC_BACKEND_KIND_PROXMOX, NULL)->discovered = g_strdup(KEY);   /* hidden */
    config_bmc(c, 1004, "198.18.1.14", MBMC_BACKEND_KIND_PROXMOX, NULL);   /* by hand, gone: not ours to judge */
    config_bmc(c, 1005, "198.18.1.15", MBMC_BACKEND_KIND_PROXMOX, NULL)->discovered = g_strdup("proxmox pool=x");
    config_bmc(c, 1006, "198.18.1.16", MBMC_BACKEND_KIND_PROXMOX, NULL);   /* by hand, selected: adopted */
    config_bmc(c, 2000, "198.18.1.20", MBMC_BACKEND_KIND_QMP, "/run/vms/2000/qmp.sock")->discovered = g_strdup(KEY);
    g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_vm_info_free);
    g_ptr_array_add(seen, vm_new(1000, "cn0", "pve1", "compute", ""));
    g_ptr_array_add(seen, vm_new(1002, "cn2", "pve1", "other", ""));
    g_ptr_array_add(seen, vm_new(1006, "cn6", "pve1", "compute", ""));
    g_autoptr(GPtrArray) selected = g_ptr_array_new();
    g_ptr_array_add(selected, g_ptr_array_index(seen, 0));
    g_ptr_array_add(selected, g_ptr_array_index(seen, 2));
    g_autoptr(GHashTable) unsure = g_hash_table_new(NULL, NULL);
    g_hash_table_insert(unsure, GUINT_TO_POINTER(1003), "no VM.Audit");
    MbmcPlanInput in = { .backend = MBMC_BACKEND_KIND_PROXMOX, .key = KEY, .selected = selected, .seen = seen,
                         .unsure = unsure, .prune = TRUE };
    g_autoptr(MbmcPlan) p = mbmc_discover_plan(c, &in);
    CHECK(p->adds == 0 && p->removes == 2 && p->keeps == 3 && p->problems == 0 && p->adopts == 1);
    CHECK(row_of(p, 1000)->action == MBMC_PLAN_KEEP && !row_of(p, 1000)->adopt);
    CHECK(row_of(p, 1001)->action == MBMC_PLAN_REMOVE && !strcmp(row_of(p, 1001)->note, "VM gone"));
    CHECK(row_of(p, 1002)->action == MBMC_PLAN_REMOVE && !strcmp(row_of(p, 1002)->note, "no longer matches"));
    CHECK(row_of(p, 1003)->action == MBMC_PLAN_KEEP && strstr(row_of(p, 1003)->note, "not pruned"));
    CHECK(!row_of(p, 1004) && !row_of(p, 1005) && !row_of(p, 2000));
    CHECK(row_of(p, 1006)->action == MBMC_PLAN_KEEP && row_of(p, 1006)->adopt);
    /* Without --prune nothing goes. */
    in.prune = FALSE;
    g_autoptr(MbmcPlan) q = mbmc_discover_plan(c, &in);
    CHECK(q->removes == 0 && q->keeps == 2);
}

static MbmcVmInfo *qvm(guint vmid, const char *name, const char *path)
{
    MbmcVmInfo *vm = vm_new(vmid, name, NULL, NULL, "");
    vm->qmp = g_strdup(path);
    return vm;
}

static void plan_qmp(void)
{
    g_autoptr(MbmcConfig) c = config_with();
    const char *key = "qmp glob=/run/vms/*/qmp.sock";
    config_bmc(c, 201, "198.18.1.201", MBMC_BACKEND_KIND_QMP, "/run/vms/201/qmp.sock")->discovered = g_strdup(key);
    config_bmc(c, 202, "198.18.1.202", MBMC_BACKEND_KIND_QMP, "/run/vms/202/qmp.sock")->discovered = g_strdup(key);
    config_bmc(c, 203, "198.18.1.203", MBMC_BACKEND_KIND_QMP, "/srv/other/203.sock");   /* by hand */
    config_bmc(c, 204, "198.18.1.204", MBMC_BACKEND_KIND_PROXMOX, NULL);
    g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func((GDestroyNotify)mbmc_vm_info_free);
    g_ptr_array_add(seen, qvm(201, "vm-a", "/run/vms/201/qmp.sock"));
    g_ptr_array_add(seen, qvm(205, "vm-b", "/run/vms/205/qmp.sock"));
    g_ptr_array_add(seen, qvm(204, "vm-c", "/run/vms/204/qmp.sock"));   /* VMID of a Proxmox BMC */
    g_ptr_array_add(seen, qvm(0, "vm-d", "/run/vms/x/qmp.sock"));       /* no number in the path */
    MbmcAddrPolicy addr = { 0 };
    mbmc_addr_range_parse("198.18.2.1-198.18.2.9", &addr, NULL);
    addr.prefix = 24;
    MbmcPlanInput in = { .backend = MBMC_BACKEND_KIND_QMP, .key = key, .selected = seen, .seen = seen,
                         .prune = TRUE, .addr = &addr };
    g_autoptr(MbmcPlan) p = mbmc_discover_plan(c, &in);
    CHECK(row_of(p, 201)->action == MBMC_PLAN_KEEP);
    CHECK(row_of(p, 205)->action == MBMC_PLAN_ADD);
    CHECK_EQ_STR(row_of(p, 205)->qmp, "/run/vms/205/qmp.sock");
    CHECK_EQ_STR(row_of(p, 205)->address, "198.18.2.1");
    CHECK(row_of(p, 202)->action == MBMC_PLAN_REMOVE && strstr(row_of(p, 202)->note, "no QMP socket"));
    CHECK(!row_of(p, 203));
    CHECK(row_of(p, 204)->action == MBMC_PLAN_PROBLEM && strstr(row_of(p, 204)->note, "Proxmox"));
    CHECK(row_of(p, 0)->action == MBMC_PLAN_PROBLEM && strstr(row_of(p, 0)->note, "no VMID"));
    mbmc_addr_policy_clear(&addr);
}

int main(void)
{
    RUN(tags_split_like_pve);
    RUN(resource_rows);
    RUN(pool_members);
    RUN(net_values);
    RUN(config_nics_in_order);
    RUN(selection);
    RUN(vmid_ranges);
    RUN(address_policies);
    RUN(plan_range_keeps_and_adds);
    RUN(plan_rule_conflicts);
    RUN(plan_prune);
    RUN(plan_qmp);
    UNIT_EXIT();
}
