# SPDX-License-Identifier: GPL-2.0-or-later
# docs/local.mk: man pages (installed) and the documents the README links to.
dist_man5_MANS = docs/man/multibmc.json.5
dist_man8_MANS = docs/man/multibmc.8 docs/man/multibmc-gen.8 docs/man/multibmc-solbridge.8
EXTRA_DIST += docs/PERFORMANCE.md docs/architecture.md docs/hpcm.md docs/qmp-backend.md docs/security.md docs/xcat.md
