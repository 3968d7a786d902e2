# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian package of one release, end to end (tests/package/deb_RELEASE.sh):
#  1. scripts/build-deb --release RELEASE (make check and lintian included): on this machine
#     for its own release, otherwise in a clean chroot of that release;
#  2. tests/lib/deb_inside.sh in a throw-away overlay of a clean minbase chroot of the
#     release: apt-get install ./multibmc_*.deb, one BMC driven by ipmitool in network
#     namespaces, apt-get purge;
#  3. where tests/out/package/ has the other release's package (tests/run package builds
#     Debian 12's first), each release's apt refuses the other's.
# The .deb files and the build, lintian and apt transcripts stay in tests/out/package/.

# deb_refused RELEASE DEB NAME: apt in a clean chroot of RELEASE must refuse DEB (in $pkg, seen
# as /pkg) because of its openipmi dependency.
deb_refused() {
    local answer
    if answer=$("$T_TOP/scripts/debian-chroot" run --clean --bind "$pkg:/pkg" "$1" -- \
            apt-get install -s --no-install-recommends "$2" 2>&1); then
        t_fail "$3" "apt would install it: $answer"
    else
        case $answer in
            *"Depends: openipmi"*) t_ok "$3" ;;
            *) t_fail "$3" "refused, but not for openipmi: $answer" ;;
        esac
    fi
}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

deb_test() {
    local release=$1 out log
    t_init
    out=$T_TOP/tests/out/package
    pkg=$T_DIR/pkg
    mkdir -p "$out" "$pkg"
    chmod 755 "$T_DIR"             # the chroot's apt runs its downloads as _apt
    log=$out/build-$release.log

    # --- 1. build
    local start=$SECONDS
    "$T_TOP/scripts/build-deb" --release "$release" --out "$pkg" >"$log" 2>&1
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

    # --- 3. each release refuses the other's package (built earlier in this run: the other
    # OpenIPMI flavour), whichever way round
    local other
    for other in "$out"/*-multibmc_*.deb; do
        [ -e "$other" ] || continue
        case $other in "$out/$release"-*) continue ;; esac
        local other_release
        other_release=$(basename "$other" | cut -d- -f1)
        cp "$other" "$pkg/other.deb"
        deb_refused "$release" /pkg/other.deb "$release-refuses-$other_release-package"
        deb_refused "$other_release" "/pkg/$deb" "$other_release-refuses-$release-package"
    done
    t_done
}
