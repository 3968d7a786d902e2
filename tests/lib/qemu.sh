# SPDX-License-Identifier: GPL-2.0-or-later
# Local QEMU VMs for integration tests (source after common.sh).
#
# t_qemu_start NAME [extra qemu args...]
#   A TCG q35 VM, SeaBIOS + iPXE on the serial port (graphics=off), started paused at
#   power-off state ("prelaunch", -S) with -no-shutdown. Devices have ids so the QMP
#   backend can find them: net0 (virtio-net, isolated user network), disk0 (blank disk),
#   cd0 (empty CD-ROM drive).
#   Sockets/files in $T_DIR/NAME.vm/: qmp.sock (for the BMC module), observe.sock (for the
#   test), events.sock (an event logger writes events.log), serial.log (everything the VM printed on its serial port). The serial port is a
#   TCP server on 127.0.0.1:$T_QEMU_SERIAL_PORT inside $T_NSB (for SOL).
# t_qmp NAME CMD [JSON-ARGS]: run a QMP command on the observer socket, print the "return".
# t_qmp_status NAME: print the run state ("running", "paused", "shutdown", "prelaunch", ...).

T_QEMU_SERIAL_BASE=${T_QEMU_SERIAL_BASE:-5500}
T_QEMU_COUNT=0

t_qemu_start() {
    local name=$1; shift
    local d=$T_DIR/$name.vm
    mkdir -p "$d"
    T_QEMU_COUNT=$((T_QEMU_COUNT + 1))
    T_QEMU_SERIAL_PORT=$((T_QEMU_SERIAL_BASE + T_QEMU_COUNT))
    [ -f "$d/disk.img" ] || truncate -s 4M "$d/disk.img"
    t_bg "$name.qemu" ip netns exec "$T_NSB" qemu-system-x86_64 \
        -machine q35,accel=tcg,graphics=off -m 64 -smp 1 -display none -vga none \
        -monitor none -no-user-config -nodefaults -no-shutdown -S \
        -chardev socket,id=ser0,host=127.0.0.1,port=$T_QEMU_SERIAL_PORT,server=on,wait=off,logfile="$d/serial.log" \
        -serial chardev:ser0 \
        -qmp unix:"$d/qmp.sock",server=on,wait=off \
        -qmp unix:"$d/observe.sock",server=on,wait=off \
        -qmp unix:"$d/events.sock",server=on,wait=off \
        -netdev user,id=n0,restrict=on -device virtio-net-pci,netdev=n0,id=net0,mac=52:54:00:12:34:56 \
        -drive file="$d/disk.img",format=raw,if=none,id=drv0 -device ide-hd,drive=drv0,id=disk0,bus=ide.0 \
        -device ide-cd,id=cd0,bus=ide.1 \
        "$@"
    eval "T_QEMU_PID_${name//[^A-Za-z0-9_]/_}=$T_LAST_PID"
    t_wait_for 10 test -S "$d/observe.sock" || { t_log "qemu $name did not start"; cat "$T_DIR/$name.qemu.out" >&2; return 1; }
    t_wait_for 10 t_qmp_status "$name" || return 1
    t_bg "$name.events" "$T_PY" "$T_TOP/tests/lib/qmp.py" "$d/events.sock" --log-events "$d/events.log"
}

# t_event_count NAME EVENT: how many EVENT events the VM has emitted so far.
t_event_count() { grep -c "\"event\": \"$2\"" "$T_DIR/$1.vm/events.log" 2>/dev/null || true; }
# t_event_wait NAME EVENT MIN SECONDS: wait until at least MIN such events were seen.
t_event_wait() {
    local name=$1 ev=$2 min=$3 secs=$4
    t_wait_for "$secs" bash -c "[ \$(grep -c '\"event\": \"$ev\"' '$T_DIR/$name.vm/events.log' 2>/dev/null || echo 0) -ge $min ]"
}

t_qemu_pid() { local v="T_QEMU_PID_${1//[^A-Za-z0-9_]/_}"; echo "${!v}"; }

t_qmp() {
    local name=$1 cmd=$2 args=${3:-}
    "$T_PY" "$T_TOP/tests/lib/qmp.py" "$T_DIR/$name.vm/observe.sock" "$cmd" "$args"
}

t_qmp_status() { t_qmp "$1" query-status | "$T_PY" -c 'import json,sys; print(json.load(sys.stdin)["status"])'; }

# t_serial_wait NAME SECONDS REGEX: wait until the VM printed REGEX on its serial port.
t_serial_wait() {
    local name=$1 secs=$2 re=$3
    t_wait_for "$secs" grep -aqE "$re" "$T_DIR/$name.vm/serial.log"
}

# t_serial_mark NAME: remember how much the VM has printed (t_serial_since reads after it).
t_serial_mark() { stat -c %s "$T_DIR/$1.vm/serial.log" 2>/dev/null || echo 0; }
t_serial_since() { tail -c +"$(( $2 + 1 ))" "$T_DIR/$1.vm/serial.log" 2>/dev/null | tr -d '\r' | sed 's/\x1b\[[0-9;]*[A-Za-z]//g'; }
# t_serial_wait_since NAME MARK SECONDS REGEX
t_serial_wait_since() {
    local name=$1 mark=$2 secs=$3 re=$4
    t_wait_for "$secs" bash -c "tail -c +$(( mark + 1 )) '$T_DIR/$name.vm/serial.log' | tr -d '\r' | grep -aqE '$re'"
}
