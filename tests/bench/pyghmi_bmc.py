#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A minimal BMC on python3-pyghmi (the comparison in tests/bench/scale.sh):
pyghmi_bmc.py IP USER PASSWORD_FILE -> one pyghmi.ipmi.bmc.Bmc on IP:623 whose power state is
kept in memory (what a virtual BMC answers from a cache, without a backend)."""
import sys

from pyghmi.ipmi import bmc


class MemoryBmc(bmc.Bmc):
    def __init__(self, authdata, address):
        super().__init__(authdata, port=623, address=address)
        self.power = "on"
        self.bootdev = "default"

    def get_power_state(self):
        return self.power

    def power_on(self):
        self.power = "on"

    def power_off(self):
        self.power = "off"

    def power_shutdown(self):
        self.power = "off"

    def power_reset(self):
        pass

    def power_cycle(self):
        self.power = "on"

    def get_boot_device(self):
        return self.bootdev

    def set_boot_device(self, bootdev):
        self.bootdev = bootdev

    def cold_reset(self):
        pass


if __name__ == "__main__":
    ip, user, pwfile = sys.argv[1:4]
    with open(pwfile) as f:
        password = f.read().strip()
    MemoryBmc({user: password}, ip).listen()
