# SPDX-License-Identifier: GPL-2.0-or-later
# The tiny guest OS (scripts/build-guest) in test VMs. Source after common.sh and qemu.sh.
#
# t_guest_build: build the guest or reuse the cached one; sets T_GUEST_DIR
#   (MBMC_GUEST_DIR overrides the cache directory).
# t_guest_start NAME [extra qemu args...]: t_qemu_start with a private copy of the guest's
#   disk as disk0, so the firmware boots it from the disk ("Booting from Hard Disk").
#   Like every t_qemu_start VM it starts powered off (prelaunch): power it on to boot.
# t_guest_start_direct NAME [extra qemu args...]: the same VM, but QEMU loads the kernel and
#   initrd itself (-kernel/-initrd): faster, and the firmware's boot order does not apply.
# t_guest_wait_login NAME MARK SECONDS: wait for the login prompt printed after MARK.
# t_guest_type NAME TEXT: type TEXT (printf escapes allowed, e.g. 'root\r') on the serial port.
# t_guest_login NAME SECONDS: log in as root on the serial console and wait for the shell.

# Matches on the serial log (after tr -d '\r').
T_GUEST_LOGIN_RE='mbmc-guest login:'
T_GUEST_UP_RE='mbmc-guest: up '
T_GUEST_SHUTDOWN_RE='mbmc-guest: clean shutdown complete'
T_GUEST_POWERDOWN_RE='reboot: Power down'
T_GUEST_NMI_RE='NMI received|Dazed and confused|NMI: '
T_GUEST_MEM=${T_GUEST_MEM:-192}

t_guest_build() {
    [ -n "${T_GUEST_DIR:-}" ] && [ -f "$T_GUEST_DIR/disk.img" ] && return 0
    T_GUEST_DIR=$("$T_TOP/scripts/build-guest" --quiet) || { t_log "scripts/build-guest failed"; return 1; }
}

t_guest_start() {
    local name=$1; shift
    t_guest_build || return 1
    mkdir -p "$T_DIR/$name.vm"
    cp "$T_GUEST_DIR/disk.img" "$T_DIR/$name.vm/disk.img" || return 1
    t_qemu_start "$name" -m "$T_GUEST_MEM" "$@" || return 1
    echo "$T_QEMU_SERIAL_PORT" >"$T_DIR/$name.vm/serial.port"
}

t_guest_start_direct() {
    local name=$1; shift
    t_guest_build || return 1
    t_qemu_start "$name" -m "$T_GUEST_MEM" -kernel "$T_GUEST_DIR/vmlinuz" -initrd "$T_GUEST_DIR/initrd.img" \
        -append "$(cat "$T_GUEST_DIR/cmdline")" "$@" || return 1
    echo "$T_QEMU_SERIAL_PORT" >"$T_DIR/$name.vm/serial.port"
}

t_guest_wait_login() { t_serial_wait_since "$1" "$2" "$3" "$T_GUEST_LOGIN_RE"; }

# The serial port is a one-client TCP server in $T_NSB (port saved at start): connect,
# type, disconnect.
t_guest_type() {
    local name=$1 text=$2 port
    port=$(cat "$T_DIR/$name.vm/serial.port" 2>/dev/null) || { t_log "no serial port for $name"; return 1; }
    # shellcheck disable=SC2059
    # Stay connected a moment: QEMU drops what the UART (16-byte FIFO) has not taken yet
    # when the client hangs up.
    { printf "$text"; sleep 1; } | ip netns exec "$T_NSB" timeout 5 socat -u - "TCP:127.0.0.1:$port"
}

t_guest_login() {
    local name=$1 secs=$2 m
    m=$(t_serial_mark "$name")
    t_guest_type "$name" 'root\r' || return 1
    t_serial_wait_since "$name" "$m" "$secs" 'logged in as root'
}
