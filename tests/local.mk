# SPDX-License-Identifier: GPL-2.0-or-later
# tests/: unit test programs are built by `make`; tests/run runs everything.
EXTRA_DIST += tests/run
