'''A stand-in BlueZ for hygiene's tracker-scan tests.

python-dbusmock's bluez5 template, plus a scenario given as the template's JSON parameters:

  adapters:      [{"name": "hci0", "powered": true}]
  devices:       devices present before the scan (cached objects; they must not count as heard)
  on_discovery:  steps played once StartDiscovery is called, each {"after": milliseconds, <action>}:
                 "add": device · "set": {"address", "adapter", "props"} · "remove_adapter": name ·
                 "power_off": name · "garbage": {"address", "adapter"} · "quit": true
  hang:          a method name (StartDiscovery, SetDiscoveryFilter) that never answers in time
  refuse:        {method: D-Bus error name} for a method that fails
  daemon:        the private bus's process id, killed with the mock when the test closes standard input

A device: {"address", "adapter", "address_type", "rssi", "name", "manufacturer": {"004c": "hex"},
"service": {"fd5a": "hex"}, "uuids": ["fe33"]}. The types are those BlueZ sends (a{qv}, a{sv} with ay
values), which the stock AddDevice does not give.
'''
import os
import signal
import sys
import time

import dbus
from gi.repository import GLib

from dbusmock import mockobject
from dbusmock.templates import bluez5
from dbusmock.templates.bluez5 import *  # noqa: F401,F403  (the stock methods: AddAdapter, AddDevice…)

BUS_NAME = bluez5.BUS_NAME
MAIN_OBJ = bluez5.MAIN_OBJ
SYSTEM_BUS = True
IS_OBJECT_MANAGER = True

ADAPTER = 'org.bluez.Adapter1'
DEVICE = 'org.bluez.Device1'
OBJECT_MANAGER = 'org.freedesktop.DBus.ObjectManager'


def full_uuid(uuid):
    uuid = uuid.lower()
    return '0000%s-0000-1000-8000-00805f9b34fb' % uuid if len(uuid) == 4 else uuid


def device_properties(device):
    props = {}
    if 'manufacturer' in device:
        props['ManufacturerData'] = dbus.Dictionary(
            {dbus.UInt16(int(k, 16)): dbus.Array(bytes.fromhex(v), signature='y') for k, v in device['manufacturer'].items()},
            signature='qv', variant_level=1)
    if 'service' in device:
        props['ServiceData'] = dbus.Dictionary(
            {full_uuid(k): dbus.Array(bytes.fromhex(v), signature='y') for k, v in device['service'].items()},
            signature='sv', variant_level=1)
    if 'uuids' in device:
        props['UUIDs'] = dbus.Array([full_uuid(u) for u in device['uuids']], signature='s', variant_level=1)
    if 'rssi' in device:
        props['RSSI'] = dbus.Int16(device['rssi'], variant_level=1)
    return props


def device_path(device):
    return '/org/bluez/%s/dev_%s' % (device.get('adapter', 'hci0'), device['address'].replace(':', '_').upper())


def add_device(mock, device):
    path = device_path(device)
    props = {
        'Address': dbus.String(device['address'], variant_level=1),
        'AddressType': dbus.String(device.get('address_type', 'random'), variant_level=1),
        'Adapter': dbus.ObjectPath('/org/bluez/' + device.get('adapter', 'hci0'), variant_level=1),
        'Paired': dbus.Boolean(False, variant_level=1),
        'Connected': dbus.Boolean(False, variant_level=1),
    }
    if 'name' in device:
        props['Name'] = dbus.String(device['name'], variant_level=1)
    props.update(device_properties(device))
    mock.AddObject(path, DEVICE, props, [])
    mockobject.objects['/'].EmitSignal(OBJECT_MANAGER, 'InterfacesAdded', 'oa{sa{sv}}',
                                       [dbus.ObjectPath(path), {DEVICE: props}])


def set_device(device):
    path = device_path(device)
    obj = mockobject.objects[path]
    props = device_properties(device['props'])
    for key, value in props.items():
        obj.props[DEVICE][key] = value
    obj.EmitSignal(dbus.PROPERTIES_IFACE, 'PropertiesChanged', 'sa{sv}as', [DEVICE, props, []])


def garbage(device):
    obj = mockobject.objects[device_path(device)]
    obj.EmitSignal(dbus.PROPERTIES_IFACE, 'PropertiesChanged', 'sa{sv}as',
                   [DEVICE, {'ManufacturerData': dbus.String('not bytes', variant_level=1),
                             'RSSI': dbus.String('loud', variant_level=1)}, []])


def power_off(name):
    obj = mockobject.objects['/org/bluez/' + name]
    obj.props[ADAPTER]['Powered'] = dbus.Boolean(False, variant_level=1)
    obj.EmitSignal(dbus.PROPERTIES_IFACE, 'PropertiesChanged', 'sa{sv}as',
                   [ADAPTER, {'Powered': dbus.Boolean(False, variant_level=1)}, []])


def play(mock, steps):
    def run(step):
        if 'add' in step:
            add_device(mock, step['add'])
        elif 'set' in step:
            set_device(step['set'])
        elif 'garbage' in step:
            garbage(step['garbage'])
        elif 'remove_adapter' in step:
            bluez5.RemoveAdapter(mock, step['remove_adapter'])
        elif 'power_off' in step:
            power_off(step['power_off'])
        elif 'quit' in step:
            os._exit(0)
        return False
    for step in steps:
        GLib.timeout_add(int(step.get('after', 0)), run, step)


def end_with_test(_source, _condition, daemon):
    # The test closed our standard input (it ended, or crashed): take the private bus down too.
    if daemon:
        os.kill(daemon, signal.SIGKILL)
    os._exit(0)


def load(mock, parameters):
    bluez5.load(mock, parameters)
    GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_HUP | GLib.IO_IN | GLib.IO_ERR, end_with_test, parameters.get('daemon'))
    # The main object is registered only after load() returns: the scenario is set up right after,
    # and /org/bluez/hygiene_ready tells the test it is in place.
    GLib.idle_add(setup, mock, parameters)


def setup(mock, parameters):
    for adapter in parameters.get('adapters', []):
        name = adapter['name']
        bluez5.AddAdapter(mock, name, 'laptop')
        obj = mockobject.objects['/org/bluez/' + name]
        if not adapter.get('powered', True):
            obj.props[ADAPTER]['Powered'] = dbus.Boolean(False, variant_level=1)
        obj.scenario_start = lambda: play(mock, parameters.get('on_discovery', []))
        obj.scenario_sleep = time.sleep
        start = ('self.props["%s"]["Discovering"] = True\n' % ADAPTER) + 'self.scenario_start()'
        if parameters.get('hang') == 'StartDiscovery':
            start = 'self.scenario_sleep(20)'
        refuse = parameters.get('refuse', {})
        if 'StartDiscovery' in refuse:
            start = 'raise dbus.exceptions.DBusException("refused", name="%s")' % refuse['StartDiscovery']
        obj.AddMethod(ADAPTER, 'StartDiscovery', '', '', start)
        if parameters.get('hang') == 'SetDiscoveryFilter':
            obj.AddMethod(ADAPTER, 'SetDiscoveryFilter', 'a{sv}', '', 'self.scenario_sleep(20)')
        if 'SetDiscoveryFilter' in refuse:
            obj.AddMethod(ADAPTER, 'SetDiscoveryFilter', 'a{sv}', '',
                          'raise dbus.exceptions.DBusException("refused", name="%s")' % refuse['SetDiscoveryFilter'])
        obj.AddMethod(ADAPTER, 'StopDiscovery', '', '', 'self.props["%s"]["Discovering"] = False' % ADAPTER)
    for device in parameters.get('devices', []):
        add_device(mock, device)
    mock.AddObject('/org/bluez/hygiene_ready', 'org.hygiene.Ready', {}, [])
    return False
