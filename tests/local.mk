# SPDX-License-Identifier: GPL-2.0-or-later
# tests/local.mk: the test runner, the integration tests and their helpers, fuzzing, benchmarks.
# Unit test programs are listed (check_PROGRAMS) by the local.mk of the folder they test;
# `make check` runs them, `tests/run` runs them and the integration tests below.
noinst_HEADERS += tests/unit/unit.h tests/unit/loop_poll.h tests/unit/qemu_vm.h
EXTRA_DIST += tests/run tests/sanitize.sh tests/unit/rakp_sha256_vectors.py
# One version everywhere (configure.ac, the programs, the module, debian/changelog).
TESTS += tests/unit/test_version.sh
EXTRA_DIST += tests/unit/test_version.sh

EXTRA_DIST += tests/integration/chassis_ipmitool.sh tests/integration/clients_chassis.sh tests/integration/power_burst.sh \
	tests/integration/demo.sh tests/integration/fault_qmp.sh tests/integration/fault_sim_kill.sh \
	tests/integration/fault_sup_kill.sh tests/integration/guest_boot.sh tests/integration/guest_power.sh \
	tests/integration/orch_cli.sh tests/integration/orch_macvlan.sh tests/integration/orch_pve_trust.sh \
	tests/integration/orch_supervise.sh \
	tests/integration/protocol_clients.sh tests/integration/protocol_guard.sh \
	tests/integration/flavour_guard.sh tests/integration/protocol_session_slots.sh tests/integration/session_walk.py \
	tests/integration/protocol_refused.sh tests/integration/pve_boot.sh tests/integration/pve_cluster.sh tests/integration/pve_cost_model.sh \
	tests/integration/pve_console_fake.sh tests/integration/pve_failures.sh tests/integration/pve_power.sh \
	tests/integration/pve_shared_poller.sh tests/integration/pve_tls.sh tests/integration/rmcpp_raw.py \
	tests/integration/robust_clients.sh tests/integration/scale_smoke.sh tests/integration/sol_guest.sh \
	tests/integration/sol_proxmox.sh tests/integration/sol_proxmox_ticket.sh tests/integration/sol_qemu.sh \
	tests/integration/solbridge_cli.sh
EXTRA_DIST += tests/lib/common.sh tests/lib/console.exp tests/lib/fakepve.sh tests/lib/guest.sh \
	tests/lib/orch.sh tests/lib/qemu.sh tests/lib/qmp.py tests/lib/qmp_cut.py tests/lib/rmcp_storm.py \
	tests/lib/deb.sh tests/lib/deb_inside.sh tests/lib/stage_flavour.sh
# Release artefacts (tests/run package): make distcheck, the .deb of each Debian release.
EXTRA_DIST += tests/package/distcheck.sh tests/package/deb_bookworm.sh tests/package/deb_trixie.sh

# Fuzzing (tests/fuzz/fuzz.sh builds the targets with clang) and its seed corpus.
EXTRA_DIST += tests/fuzz/fuzz.sh tests/fuzz/fuzz_chassis.c tests/fuzz/fuzz_config.c tests/fuzz/fuzz_options.c \
	tests/fuzz/fuzz_pve.c tests/fuzz/fuzz_pveticket.c tests/fuzz/fuzz_qmp.c tests/fuzz/fuzz_template.c \
	tests/fuzz/fuzz_termproxy.c
EXTRA_DIST += tests/fuzz/corpus/chassis/control-diag tests/fuzz/corpus/chassis/get-param5 \
	tests/fuzz/corpus/chassis/set-boot-get tests/fuzz/corpus/chassis/set-bootdev-pxe \
	tests/fuzz/corpus/config/minimal.json tests/fuzz/corpus/config/proxmox.json \
	tests/fuzz/corpus/options/proxmox tests/fuzz/corpus/options/qmp \
	tests/fuzz/corpus/pve/cluster-resources tests/fuzz/corpus/pve/config tests/fuzz/corpus/pve/config-legacy \
	tests/fuzz/corpus/pve/error-400 tests/fuzz/corpus/pve/monitor-error tests/fuzz/corpus/pve/permissions \
	tests/fuzz/corpus/pve/reason-not-here tests/fuzz/corpus/pve/status-backup \
	tests/fuzz/corpus/pve/status-stopped tests/fuzz/corpus/pve/task-running tests/fuzz/corpus/pve/task-stopped \
	tests/fuzz/corpus/pve/upid tests/fuzz/corpus/pve/version tests/fuzz/corpus/pveticket/login-ok \
	tests/fuzz/corpus/pveticket/login-tfa tests/fuzz/corpus/pveticket/userid tests/fuzz/corpus/qmp/session \
	tests/fuzz/corpus/template/bmc.emu.in tests/fuzz/corpus/template/lan.conf.in \
	tests/fuzz/corpus/termproxy/banner-split tests/fuzz/corpus/termproxy/ok-banner \
	tests/fuzz/corpus/termproxy/qm-no-serial tests/fuzz/corpus/termproxy/qm-not-running \
	tests/fuzz/corpus/termproxy/refused

# Benchmarks: numbers, not tests (not in tests/run).
EXTRA_DIST += tests/bench/clients.sh tests/bench/latency.py tests/bench/probe.py tests/bench/procs.py tests/bench/pyghmi_bmc.py \
	tests/bench/report.py tests/bench/scale.sh tests/bench/soak.sh tests/bench/soak_report.py tests/bench/start_cost.sh \
	tests/bench/stock.emu tests/bench/stock.lan.conf.in
EXTRA_DIST += tests/bench/redfish.sh tests/bench/rf_fanout.py tests/bench/rf_latency.py \
	tests/fuzz/corpus/discover/config tests/fuzz/corpus/discover/pool \
	tests/fuzz/corpus/discover/resources tests/fuzz/corpus/redfish/delete-session \
	tests/fuzz/corpus/redfish/insert tests/fuzz/corpus/redfish/patch-boot \
	tests/fuzz/corpus/redfish/reset tests/fuzz/corpus/redfish/root tests/fuzz/corpus/redfish/session \
	tests/fuzz/corpus/redfish/system tests/fuzz/fuzz_discover.c tests/fuzz/fuzz_redfish.c \
	tests/fuzz/targets.d/discover.sh tests/fuzz/targets.d/redfish.sh tests/integration/discover_pve.sh \
	tests/integration/export_formats.sh tests/integration/ironic_enroll.sh \
	tests/integration/redfish_orch.sh tests/integration/redfish_proxmox.sh \
	tests/integration/redfish_qemu.sh tests/integration/redfish_vmedia_boot.sh \
	tests/lib/export_check.py tests/lib/ironic.sh tests/lib/redfish.sh tests/lib/redfish_sushy.py
EXTRA_DIST += tests/bench/sol_stall.sh tests/integration/sol_serial_reconnect.sh \
	tests/integration/sol_stall.sh tests/integration/sol_stall_proxmox.sh tests/lib/lossy_udp_relay.py \
	tests/lib/sol_stress.py tests/lib/sol_stress.sh
EXTRA_DIST += tests/fuzz/corpus/pve/media-state tests/fuzz/corpus/pve/media-url \
	tests/fuzz/corpus/pve/storage-index tests/fuzz/corpus/pve/task-log \
	tests/integration/redfish_pve_vmedia.sh
EXTRA_DIST += tests/bench/module_mem.sh tests/fuzz/corpus/bmc_cmds/sdr-walk \
	tests/fuzz/corpus/bmc_cmds/sel-reserve-get tests/fuzz/corpus/bmc_cmds/smbios1 \
	tests/fuzz/corpus/bmc_cmds/sysinfo tests/fuzz/fuzz_bmc_cmds.c tests/fuzz/targets.d/bmc_cmds.sh \
	tests/integration/bmc_truth.sh tests/integration/inband_guest.sh tests/integration/orch_restore.sh \
	tests/integration/pve_truth.sh tests/lib/pyghmi_truth.py
EXTRA_DIST += tests/bench/console_history.sh
EXTRA_DIST += tests/integration/guid_handshake.sh tests/integration/rakp4_guid.py
EXTRA_DIST += tests/lib/qmp_delay.py
