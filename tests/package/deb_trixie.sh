#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian 13 (trixie) package: built, checked by lintian, installed with apt on a clean trixie,
# one BMC run and driven by ipmitool, purged (tests/lib/deb.sh says how).
. "$(dirname "$0")/../lib/deb.sh"
deb_test trixie
