# SPDX-License-Identifier: GPL-2.0-or-later
# The real OpenStack Ironic (Debian's python3-ironic) for integration tests (source after
# common.sh, once $T_NSC exists). API and conductor in one process (ironic.cmd.singleprocess,
# rpc_transport = none), noauth, SQLite, the "ipmi" and "redfish" hardware types (sushy), in
# the client namespace on 127.0.0.1:6385 (the namespace is the test's own, so the port is
# free). Debian's /usr/bin/python3: it has the Debian Python packages.
#
# ironic_start: schema, then the service; IRONIC_LOG is its log.
# bm ARGS...: the baremetal CLI (python3-ironicclient) against it.

IRONIC_URL=http://127.0.0.1:6385

ironic_start() {
    local d=$T_DIR/ironic
    mkdir -p "$d/lock" "$d/tmp"
    IRONIC_LOG=$d/ironic.log
    cat >"$d/ironic.conf" <<CONF
[DEFAULT]
auth_strategy = noauth
rpc_transport = none
host = mbmc-test
enabled_hardware_types = ipmi,redfish
enabled_power_interfaces = ipmitool,redfish
enabled_management_interfaces = ipmitool,redfish
enabled_boot_interfaces = pxe,redfish-virtual-media
enabled_deploy_interfaces = direct
enabled_inspect_interfaces = no-inspect
enabled_network_interfaces = noop
enabled_console_interfaces = no-console
enabled_raid_interfaces = no-raid
enabled_vendor_interfaces = no-vendor
enabled_bios_interfaces = no-bios
enabled_rescue_interfaces = no-rescue
tempdir = $d/tmp
log_file = $IRONIC_LOG
use_stderr = false
[api]
host_ip = 127.0.0.1
port = 6385
[database]
connection = sqlite:///$d/ironic.sqlite
[dhcp]
dhcp_provider = none
[conductor]
automated_clean = false
[ipmi]
# ironic waits this long between two commands to one BMC (default 5 s, for slow real BMCs)
min_command_interval = 1
[redfish]
# a connection or TLS error is retried this often, this many seconds apart (default 5 x 4 s)
connection_attempts = 2
connection_retry_interval = 1
[oslo_concurrency]
lock_path = $d/lock
CONF
    ip netns exec "$T_NSC" /usr/bin/python3 -c 'import sys
from ironic.cmd import dbsync
sys.argv = ["ironic-dbsync", "--config-file", sys.argv[1], "create_schema"]
dbsync.main()' "$d/ironic.conf" >"$d/dbsync.out" 2>&1 || { t_log "ironic dbsync: $(tail -5 "$d/dbsync.out")"; return 1; }
    # requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE from the environment override the CA file
    # sushy gives it (a node's redfish_verify_ca): unset, so each BMC's certificate is verified.
    t_bg ironic ip netns exec "$T_NSC" env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE /usr/bin/python3 -c 'import sys
from ironic.cmd import singleprocess
sys.argv = ["ironic", "--config-file", sys.argv[1]]
singleprocess.main()' "$d/ironic.conf"
    IRONIC_PID=$T_LAST_PID
    t_wait_for 90 ip netns exec "$T_NSC" /usr/bin/python3 -c 'import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/v1", timeout=2)' "$IRONIC_URL" \
        || { t_log "ironic did not start: $(tail -20 "$IRONIC_LOG" "$T_DIR/ironic.out" 2>&1)"; return 1; }
}

bm() { timeout 300 ip netns exec "$T_NSC" baremetal --os-auth-type none --os-endpoint "$IRONIC_URL" "$@"; }
