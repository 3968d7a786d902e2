# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian package of one release, end to end (tests/package/deb_RELEASE.sh):
#  1. scripts/build-deb (make check and lintian included): on this machine for its own
#     release, otherwise inside that release's test chroot (scripts/debian-chroot);
#  2. tests/lib/deb_inside.sh in a throw-away overlay of a clean minbase chroot of the
#     release: apt-get install ./multibmc_*.deb, one BMC driven by ipmitool in network
#     namespaces, apt-get purge;
#  3. the package of the other release, where tests/out/package/ has one, must not install.
# The .deb files and the build, lintian and apt transcripts stay in tests/out/package/.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

deb_test() {
    local release=$1 host out pkg deb log
    t_init
    host=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    out=$T_TOP/tests/out/package
    pkg=$T_DIR/pkg
    mkdir -p "$out" "$pkg"
    chmod 755 "$T_DIR"             # the chroot's apt runs its downloads as _apt
    log=$out/build-$release.log

    # --- 1. build
    local start=$SECONDS
    if [ "$release" = "$host" ]; then
        "$T_TOP/scripts/build-deb" --out "$pkg" >"$log" 2>&1
    else
        "$T_TOP/scripts/copy-sources" "$T_DIR/src" &&
            "$T_TOP/scripts/debian-chroot" run --bind "$T_DIR/src:/src" "$release" -- \
                /src/scripts/build-deb --out /src/out >"$log" 2>&1 &&
            mv "$T_DIR"/src/out/multibmc_*.deb "$pkg/"
    fi
    deb=$(cd "$pkg" && ls multibmc_*.deb 2>/dev/null | head -n 1)
    if [ -z "$deb" ]; then
        t_fail "build-deb-$release" "$(tail -n 25 "$log")"
        t_done
    fi
    t_ok "build-deb-$release"
    t_log "$deb: $(du -k "$pkg/$deb" | cut -f1) KiB, built in $((SECONDS - start)) s"
    t_log "Depends: $(dpkg-deb --field "$pkg/$deb" Depends)"
    t_log "lintian: $(grep -cE '^[EW]: ' "$log") errors and warnings: $(grep -E '^[EWIP]: ' "$log" | tr '\n' '|')"
    [ "$(dpkg-deb --field "$pkg/$deb" Version)" = "$(sed -n 's/^AC_INIT(\[multibmc\], *\[\([^]]*\)\].*/\1/p' \
        "$T_TOP/configure.ac")" ] && t_ok "deb-version-$release" || t_fail "deb-version-$release" "$deb"
    rm -f "$out/$release"-*.deb
    cp "$pkg/$deb" "$out/$release-$deb"

    # --- 2. install, run, purge in a clean system of that release
    # The namespaces are made inside (a chroot sees only the host's namespaces of before it
    # started); their names are known here so that nothing is left behind if it is killed.
    export T_NS_ID=$$_$RANDOM
    T_NETNS+=("mbt-b$T_NS_ID" "mbt-c$T_NS_ID")
    cp "$T_TOP/tests/lib/deb_inside.sh" "$T_TOP/tests/lib/common.sh" "$pkg/"
    "$T_TOP/scripts/debian-chroot" run --clean --bind "$pkg:/pkg" "$release" -- \
        bash /pkg/deb_inside.sh "/pkg/$deb" || T_FAILED=$((T_FAILED + 1))
    cp "$pkg"/*.log "$pkg"/*.txt "$out/" 2>/dev/null

    # --- 3. a package built for the other OpenIPMI flavour is refused
    local other
    for other in "$out"/*-multibmc_*.deb; do
        [ -e "$other" ] || continue
        case $other in "$out/$release"-*) continue ;; esac
        cp "$other" "$pkg/other.deb"
        local answer name
        name=refuses-$(basename "$other" | cut -d- -f1)-package
        if answer=$("$T_TOP/scripts/debian-chroot" run --clean --bind "$pkg:/pkg" "$release" -- \
                apt-get install -s --no-install-recommends /pkg/other.deb 2>&1); then
            t_fail "$name" "apt would install it: $answer"
        else
            case $answer in
                *"Depends: openipmi"*) t_ok "$name" ;;
                *) t_fail "$name" "refused, but not for openipmi: $answer" ;;
            esac
        fi
    done
    t_done
}
