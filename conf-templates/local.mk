# SPDX-License-Identifier: GPL-2.0-or-later
# conf-templates/local.mk: the shape of ipmi_sim's files, installed to $(pkgdatadir).
dist_pkgdata_DATA += conf-templates/lan.conf.in conf-templates/bmc.emu.in
