#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Drive a BMC with sushy (Ironic's Redfish library) the way Ironic's redfish hardware type
does: session authentication, the system found from the service root, virtual media found
through the system's Links.ManagedBy, the boot override set with Enabled only when it changes.

    redfish_sushy.py URL USER PASSWORD CAFILE COMMAND [ARGS]
      state                       print the system's state as JSON
      reset TYPE                  ComputerSystem.Reset (On, ForceOff, ...)
      boot TARGET ENABLED MODE    the boot override (Pxe/Hdd/Cd/None, Once/Continuous, UEFI/Legacy)
      insert IMAGE_URL            insert into the first CD virtual media device
      eject                       eject every inserted virtual media device
Exit status 0 on success; a sushy error is printed on stderr with status 1."""
import json
import sys

import sushy


def system_of(root):
    return root.get_system(root.get_system_collection().members_identities[0])


def cd_devices(system):
    for manager in system.managers:
        for vm in manager.virtual_media.get_members():
            if sushy.VirtualMediaType.CD in vm.media_types:
                yield vm


def state(system):
    devices = [{"id": vm.identity, "name": vm.name, "inserted": vm.inserted, "image": vm.image,
                "media_types": sorted(t.value for t in vm.media_types),
                "connected_via": vm.connected_via.value if vm.connected_via else None,
                "write_protected": vm.write_protected} for vm in cd_devices(system)]
    return {
        "power": system.power_state.value if system.power_state else None,
        "boot_enabled": system.boot.enabled.value if system.boot.enabled else None,
        "boot_target": system.boot.target.value if system.boot.target else None,
        "boot_mode": system.boot.mode.value if system.boot.mode else None,
        "boot_allowed": sorted(v.value for v in system.get_allowed_system_boot_source_values()),
        "reset_allowed": sorted(v.value for v in system.get_allowed_reset_system_values()),
        "uuid": system.uuid,
        "managers": [m.identity for m in system.managers],
        "vmedia": devices,
    }


def main():
    url, user, password, ca, cmd = sys.argv[1:6]
    args = sys.argv[6:]
    root = sushy.Sushy(url, username=user, password=password, verify=ca)
    system = system_of(root)
    if cmd == "state":
        print(json.dumps(state(system), sort_keys=True))
    elif cmd == "reset":
        system.reset_system(sushy.ResetType(args[0]))
    elif cmd == "boot":
        target, enabled, mode = (sushy.BootSource(args[0]), sushy.BootSourceOverrideEnabled(args[1]),
                                 sushy.BootSourceOverrideMode(args[2]))
        # Ironic: "enabled" only when it differs from the current one.
        system.set_system_boot_options(target, enabled=None if system.boot.enabled == enabled else enabled,
                                       mode=mode)
    elif cmd == "insert":
        vm = next(cd_devices(system))
        vm.insert_media(args[0], inserted=True, write_protected=True)
    elif cmd == "eject":
        for vm in cd_devices(system):
            if vm.inserted:
                vm.eject_media()
    else:
        sys.exit("unknown command " + cmd)
    del system
    del root            # sushy ends its session (DELETE) when the object goes


if __name__ == "__main__":
    try:
        main()
    except sushy.exceptions.SushyError as e:
        print("sushy: %s" % e, file=sys.stderr)
        sys.exit(1)
