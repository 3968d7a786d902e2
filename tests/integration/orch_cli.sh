#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# multibmc CLI without a running supervisor: init/add/del/list/show/status, every refusal the
# issue lists, a corrupt config, 10 concurrent adds, and a full disk while saving.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/orch.sh"
t_init
T_PASS=Xyzzy-pw-42   # distinctive, so that a leak is easy to spot
orch_setup || { t_fail setup; t_done; }

# refuse CMD... MESSAGE-PART: command must fail and say what to do.
refuse() {
    local name=$1 want=$2; shift 2
    local out
    if out=$("$@" 2>&1); then t_fail "$name" "accepted: $out"; return; fi
    case "$out" in *"$want"*) t_ok "$name" ;; *) t_fail "$name" "message: $out" ;; esac
}

[ "$(stat -c %a "$ORCH_CFG")" = 600 ] && t_ok config-mode-0600 || t_fail config-mode-0600 "$(stat -c %a "$ORCH_CFG")"
refuse init-twice "already exists" mb init --interface bmc0
refuse init-unknown-interface "does not exist" ip netns exec "$T_NSB" "$T_MB" -c "$T_DIR/other.json" init --interface nosuch0
chmod 644 "$T_DIR/pw"
refuse init-readable-password "chmod 600" ip netns exec "$T_NSB" "$T_MB" -c "$T_DIR/other.json" init --interface bmc0 --password-file "$T_DIR/pw"
chmod 600 "$T_DIR/pw"
[ ! -e "$T_DIR/other.json" ] && t_ok refused-init-writes-nothing || t_fail refused-init-writes-nothing

mb add 101 198.18.0.101/24 --qmp /run/q101.sock >/dev/null && t_ok add-ip-slash-prefix || t_fail add-ip-slash-prefix
mb add 102 198.18.0.102 24 --backend qmp --qmp /run/q102.sock >/dev/null && t_ok add-ip-space-prefix || t_fail add-ip-space-prefix
refuse dup-vmid "already has a BMC" mb add 101 198.18.0.150/24 --qmp /run/q.sock
refuse dup-ip "already the BMC address of VMID 101" mb add 150 198.18.0.101/24 --qmp /run/q.sock
refuse outside-subnet "outside the subnet of interface bmc0" mb add 151 198.19.5.5/24 --qmp /run/q.sock
refuse host-address "already an address of this host" mb add 158 198.18.0.1/24 --qmp /run/q.sock
refuse no-prefix "no prefix length" mb add 152 198.18.0.152 --qmp /run/q.sock
refuse bad-vmid "not valid" mb add 12x 198.18.0.153/24 --qmp /run/q.sock
refuse proxmox-unconfigured "no Proxmox API configured" mb add 154 198.18.0.154/24
t_secret "$T_DIR/pw155" secret155; chmod 640 "$T_DIR/pw155"
refuse password-group-readable "readable by group or others" mb add 155 198.18.0.155/24 --qmp /run/q.sock --user u155 --password-file "$T_DIR/pw155"
refuse password-missing "cannot open secret file" mb add 156 198.18.0.156/24 --qmp /run/q.sock --user u156 --password-file "$T_DIR/nope"
# Port 623 taken on the IP by someone else.
ip -n "$T_NSB" addr add 198.18.0.157/24 dev bmc0
t_bg squatter ip netns exec "$T_NSB" /usr/bin/python3 -c 'import socket,time; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("198.18.0.157",623)); time.sleep(60)'
squat=$T_LAST_PID
t_wait_for 5 t_bmc_listening 198.18.0.157
refuse port-623-taken "UDP port 623 is already taken" mb add 157 198.18.0.157/24 --qmp /run/q.sock
kill "$squat"; wait "$squat" 2>/dev/null
ip -n "$T_NSB" addr del 198.18.0.157/24 dev bmc0
t_bg squatter2 ip netns exec "$T_NSB" /usr/bin/python3 -c 'import socket,time; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("0.0.0.0",623)); time.sleep(60)'
squat2=$T_LAST_PID
t_wait_for 5 t_bmc_listening 0.0.0.0
refuse port-623-taken-wildcard "every address (0.0.0.0)" mb add 159 198.18.0.159/24 --qmp /run/q.sock
kill "$squat2"
# Proxmox: token file must exist and be private.
t_secret "$T_DIR/token" 'root@pam!vbmc=00000000-1111-2222-3333-444444444444'
chmod 644 "$T_DIR/token"
refuse token-world-readable "chmod 600" mb init --force --interface bmc0 --pve-url https://pve:8006 --token-file "$T_DIR/token"
refuse token-missing "cannot open secret file" mb init --force --interface bmc0 --pve-url https://pve:8006 --token-file "$T_DIR/none"
chmod 600 "$T_DIR/token"
mb init --force --interface bmc0 --pve-url https://pve:8006 --token-file "$T_DIR/token" \
    --fingerprint "$(printf 'AB:%.0s' $(seq 31))AB" >/dev/null && t_ok init-force-proxmox || t_fail init-force-proxmox
mb add 111 198.18.0.111/24 >/dev/null && t_ok add-proxmox || t_fail add-proxmox
[ "$(mb list --json | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["bmcs"]))')" = 3 ] \
    && t_ok init-force-keeps-bmcs || t_fail init-force-keeps-bmcs

# The console user for old Proxmox: a real user (not a token id), a private password file,
# set on the existing config with init --force, shown without the password, removable.
t_secret "$T_DIR/console-pw" Console-pw-77; chmod 640 "$T_DIR/console-pw"
refuse console-password-readable "chmod 600" mb init --force --interface bmc0 --console-user vbmc@pve --console-password-file "$T_DIR/console-pw"
chmod 600 "$T_DIR/console-pw"
refuse console-password-missing "cannot open secret file" mb init --force --interface bmc0 --console-user vbmc@pve --console-password-file "$T_DIR/none"
refuse console-user-token-id "API token id" mb init --force --interface bmc0 --console-user 'root@pam!vbmc' --console-password-file "$T_DIR/console-pw"
refuse console-user-alone "go together" mb init --force --interface bmc0 --console-user vbmc@pve
refuse console-auth-bad "use auto, token or ticket" mb init --force --interface bmc0 --console-auth always
mb init --force --interface bmc0 --console-user vbmc@pve --console-password-file "$T_DIR/console-pw" --console-auth ticket >/dev/null \
    && mb list | grep -q 'console     vbmc@pve / \*\*\*\*\*\*\*\*  (console_auth ticket)' \
    && [ "$(mb list --json | /usr/bin/python3 -c 'import json,sys; p=json.load(sys.stdin)["proxmox"]; print(p["console_user"], p["console_auth"])')" = "vbmc@pve ticket" ] \
    && t_ok console-user-set || t_fail console-user-set "$(mb list 2>&1)"
refuse console-user-removed-ticket-needs-one "needs console_user" mb init --force --interface bmc0 --console-user ''
mb init --force --interface bmc0 --console-user '' --console-auth auto >/dev/null && ! grep -q console "$ORCH_CFG" \
    && ! mb list | grep -q 'console ' && t_ok console-user-removed || t_fail console-user-removed "$(cat "$ORCH_CFG")"
mb init --force --interface bmc0 --console-user vbmc@pve --console-password-file "$T_DIR/console-pw" >/dev/null \
    || t_fail console-user-again

out=$(mb list)
t_log "$out"
echo "$out" | grep -q 'interface   bmc0 (alias)' && echo "$out" | grep -q 'admin / \*\*\*\*\*\*\*\*' \
    && echo "$out" | grep -q 'token root@pam!vbmc  TLS pinned' && echo "$out" | grep -qE '^ +111  198.18.0.111/24 +proxmox' \
    && t_ok list-table || t_fail list-table "$out"
all=$(mb list; mb list --json; mb show 111; mb status)
case "$all" in *"$T_PASS"*|*00000000-1111*|*Console-pw-77*) t_fail secrets-masked ;; *) t_ok secrets-masked ;; esac
mb show 102 | grep -q 'qmp socket    /run/q102.sock' && t_ok show || t_fail show "$(mb show 102 2>&1)"
mb status | grep -q 'supervisor not running' && t_ok status-no-supervisor || t_fail status-no-supervisor
ip netns exec "$T_NSB" "$T_MB" -c "$T_DIR/nopw.json" init --interface bmc0 >/dev/null
refuse no-password-anywhere "no IPMI password" ip netns exec "$T_NSB" "$T_MB" -c "$T_DIR/nopw.json" add 160 198.18.0.160/24 --qmp /run/q.sock
refuse del-unknown "has no BMC" mb del 999
mb del 102 >/dev/null && ! mb show 102 >/dev/null 2>&1 && t_ok del || t_fail del

# A corrupt config: a clear error, and the file is left exactly as it was.
cp "$ORCH_CFG" "$T_DIR/good.json"
printf '{ "interface": "bmc0", "bmcs": [ {"vmid": 1,' >"$ORCH_CFG"; chmod 600 "$ORCH_CFG"
sum=$(sha256sum <"$ORCH_CFG")
refuse corrupt-list "not valid JSON" mb list
refuse corrupt-add "not valid JSON" mb add 120 198.18.0.120/24 --qmp /run/q.sock
refuse corrupt-run "not valid JSON" mb run
[ "$(sha256sum <"$ORCH_CFG")" = "$sum" ] && t_ok corrupt-untouched || t_fail corrupt-untouched
cp "$T_DIR/good.json" "$ORCH_CFG"

# 10 concurrent adds: all land, no entry lost, file valid.
pids=()
for i in $(seq 1 10); do
    mb add $((200 + i)) 198.18.0.$((200 + i))/24 --qmp /run/q$i.sock >"$T_DIR/add$i.out" 2>&1 & pids+=($!)
done
fails=0; for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
n=$(mb list --json | /usr/bin/python3 -c 'import json,sys; print(sum(1 for b in json.load(sys.stdin)["bmcs"] if b["vmid"] > 200))')
[ "$fails" = 0 ] && [ "$n" = 10 ] && t_ok concurrent-adds-all-present || t_fail concurrent-adds-all-present "fails=$fails present=$n"
ls -a "$(dirname "$ORCH_CFG")" | grep -q '^\.multibmc\.json\.' && t_fail no-temp-files-left || t_ok no-temp-files-left

# A full disk while saving: the add fails with a clear message, the config is intact.
mkdir -p "$T_DIR/small"
if mount -t tmpfs -o size=64k,mode=700 tmpfs "$T_DIR/small"; then
    cp "$ORCH_CFG" "$T_DIR/small/multibmc.json"
    small() { ip netns exec "$T_NSB" "$T_MB" -c "$T_DIR/small/multibmc.json" "$@"; }
    small list >/dev/null   # creates nothing, but proves the copy loads
    touch "$T_DIR/small/multibmc.json.lock"
    dd if=/dev/zero of="$T_DIR/small/filler" bs=1k count=1000 2>/dev/null
    sum=$(sha256sum <"$T_DIR/small/multibmc.json")
    refuse disk-full-add "configuration not saved" small add 130 198.18.0.130/24 --qmp /run/q.sock
    [ "$(sha256sum <"$T_DIR/small/multibmc.json")" = "$sum" ] && small list >/dev/null \
        && t_ok disk-full-config-intact || t_fail disk-full-config-intact
    ls -a "$T_DIR/small" | grep -q '^\.multibmc' && t_fail disk-full-no-temp-left || t_ok disk-full-no-temp-left
    rm -f "$T_DIR/small/filler"
    small add 130 198.18.0.130/24 --qmp /run/q.sock >/dev/null && t_ok disk-freed-add-works || t_fail disk-freed-add-works
    umount "$T_DIR/small"
else
    t_fail disk-full "cannot mount a tmpfs"
fi
t_done
