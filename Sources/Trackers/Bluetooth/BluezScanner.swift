import AuditCore
import Foundation

/// Listens for Bluetooth LE advertisements through BlueZ over D-Bus, as an ordinary user: a discovery
/// filter (LE, every advertisement reported), StartDiscovery, the devices that appear or change, then
/// StopDiscovery and the filter removed. It never switches the adapter on, pairs or connects.
///
/// The connection stays open for the whole scan: BlueZ stops a discovery when the client that started
/// it leaves the bus, which is why this is libdbus and not a one-shot `busctl`.
public struct BluezScanner: BluetoothScanning {
    /// The bus to use, or nil for the system bus (`DBUS_SYSTEM_BUS_ADDRESS` is honoured).
    public var busAddress: String?
    /// The adapter (`hci0`), or nil for the first one BlueZ lists.
    public var adapter: String?
    /// Milliseconds BlueZ may take to answer one call before the scan gives up on it.
    public var callTimeout: Int32

    public init(busAddress: String? = nil, adapter: String? = nil, callTimeout: Int32 = 5_000) {
        self.busAddress = busAddress
        self.adapter = adapter
        self.callTimeout = callTimeout
    }

    public func scan(seconds: Int, heard: (@Sendable (Int, Int) -> Void)?) async throws -> ScanRecording {
        let session = BluezSession(busAddress: busAddress, adapter: adapter, callTimeout: callTimeout, seconds: seconds, heard: heard)
        // libdbus blocks: the scan runs on a thread of its own, not on the concurrency pool.
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try session.run() }) }
            thread.name = "hygiene-bluez-scan"
            thread.start()
        }
    }
}

/// One scan's conversation with BlueZ, on one thread.
final class BluezSession: @unchecked Sendable {
    static let service = "org.bluez"
    static let adapterInterface = "org.bluez.Adapter1"
    static let deviceInterface = "org.bluez.Device1"
    static let objectManager = "org.freedesktop.DBus.ObjectManager"
    static let properties = "org.freedesktop.DBus.Properties"

    let busAddress: String?
    let adapterName: String?
    let callTimeout: Int32
    let seconds: Int
    let heard: (@Sendable (Int, Int) -> Void)?

    /// What is known of each device object, merged from every signal (PropertiesChanged carries only what changed).
    private var devices: [String: DeviceProperties] = [:]
    private var advertisements: [Advertisement] = []
    private var unreadable = 0

    init(busAddress: String?, adapter: String?, callTimeout: Int32, seconds: Int, heard: (@Sendable (Int, Int) -> Void)?) {
        self.busAddress = busAddress
        self.adapterName = adapter
        self.callTimeout = callTimeout
        self.seconds = seconds
        self.heard = heard
    }

    func run() throws -> ScanRecording {
        let bus: DBusConnection
        do {
            bus = try DBusConnection(address: busAddress)
        } catch let failure as DBusFailure {
            throw failure.name == DBusFailure.accessDenied ? ScanProblem.permissionDenied(failure.message) : ScanProblem.busUnavailable(failure.message)
        }
        // Subscribe before reading the objects, so that nothing that changes in between is missed.
        do {
            for rule in [
                "type='signal',sender='\(Self.service)',interface='\(Self.objectManager)'",
                "type='signal',sender='\(Self.service)',interface='\(Self.properties)',member='PropertiesChanged'",
                "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='\(Self.service)'",
            ] { try bus.addMatch(rule) }
        } catch let failure as DBusFailure {
            throw Self.problem(failure, call: "AddMatch", adapter: adapterName ?? "hci0")
        }

        let objects = try call(bus, "/", Self.objectManager, "GetManagedObjects", adapter: adapterName ?? "hci0")
        let managed = objects.first?.pathDictionary ?? [:]
        let adapters = managed.filter { $0.value[Self.adapterInterface] != nil }.keys.sorted()
        let adapterPath: String
        if let adapterName {
            guard let path = adapters.first(where: { ($0 as NSString).lastPathComponent == adapterName }) else {
                throw ScanProblem.adapterNotFound(adapterName, available: adapters.map { ($0 as NSString).lastPathComponent })
            }
            adapterPath = path
        } else {
            guard let first = adapters.first else { throw ScanProblem.noAdapter }
            adapterPath = first
        }
        let name = (adapterPath as NSString).lastPathComponent
        if managed[adapterPath]?[Self.adapterInterface]?["Powered"]?.bool == false { throw ScanProblem.adapterOff(name) }
        for (path, interfaces) in managed where path.hasPrefix(adapterPath + "/") {
            if let properties = interfaces[Self.deviceInterface] { _ = merge(path, properties) }
        }

        // Every advertisement, from devices that need not be connectable or discoverable.
        _ = try call(bus, adapterPath, Self.adapterInterface, "SetDiscoveryFilter",
                     [.options([("Transport", .string("le")), ("DuplicateData", .bool(true))])], adapter: name)
        do {
            _ = try bus.call(Self.service, adapterPath, Self.adapterInterface, "StartDiscovery", timeout: callTimeout)
        } catch let failure as DBusFailure where failure.name == "org.bluez.Error.InProgress" {
            // Already discovering for this client: the advertisements come all the same.
        } catch let failure as DBusFailure {
            cleanUp(bus, adapterPath, discovering: false)
            throw Self.problem(failure, call: "StartDiscovery", adapter: name)
        }

        let started = Date()
        let deadline = started.addingTimeInterval(TimeInterval(seconds))
        var interruption: ScanProblem?
        var lastReport = Date.distantPast
        listening: while Date() < deadline {
            let wait = Int32(max(1, min(250, deadline.timeIntervalSinceNow * 1000)))
            let signals: [DBusSignal]
            do {
                signals = try bus.signals(waiting: wait)
            } catch {
                interruption = .bluezGone
                break
            }
            for signal in signals {
                if let problem = handle(signal, adapterPath: adapterPath, adapter: name) {
                    interruption = problem
                    break listening
                }
            }
            if let heard, Date().timeIntervalSince(lastReport) >= 0.5 {
                lastReport = Date()
                heard(Set(advertisements.map(\.address)).count, Int(Date().timeIntervalSince(started)))
            }
        }
        let ended = Date()
        let cleaned = interruption == nil ? cleanUp(bus, adapterPath, discovering: true) : false
        return ScanRecording(adapter: name, started: started, ended: ended, advertisements: advertisements,
                             interruption: interruption, unreadable: unreadable, cleanedUp: cleaned)
    }

    /// Stops the discovery and removes the filter; false when BlueZ refused either.
    @discardableResult
    private func cleanUp(_ bus: DBusConnection, _ adapterPath: String, discovering: Bool) -> Bool {
        var ok = true
        let timeout = min(callTimeout, 2_000)
        if discovering {
            do { _ = try bus.call(Self.service, adapterPath, Self.adapterInterface, "StopDiscovery", timeout: timeout) } catch { ok = false }
        }
        do { _ = try bus.call(Self.service, adapterPath, Self.adapterInterface, "SetDiscoveryFilter", [.options([])], timeout: timeout) } catch { ok = false }
        return ok
    }

    private func call(_ bus: DBusConnection, _ path: String, _ interface: String, _ method: String,
                      _ arguments: [DBusArgument] = [], adapter: String) throws -> [DBusValue] {
        do {
            return try bus.call(Self.service, path, interface, method, arguments, timeout: callTimeout)
        } catch let failure as DBusFailure {
            throw Self.problem(failure, call: method, adapter: adapter)
        }
    }

    /// The plain reason for a D-Bus error from BlueZ or the bus.
    static func problem(_ failure: DBusFailure, call: String, adapter: String) -> ScanProblem {
        switch failure.name {
        case DBusFailure.serviceUnknown, DBusFailure.nameHasNoOwner: .bluezNotRunning
        case DBusFailure.accessDenied, "org.bluez.Error.NotAuthorized", "org.bluez.Error.NotPermitted": .permissionDenied(failure.message)
        case DBusFailure.noReply, DBusFailure.timeout: .noReply(call)
        case "org.bluez.Error.NotReady": .adapterOff(adapter)
        case DBusFailure.unknownObject, DBusFailure.unknownMethod: .adapterGone(adapter)
        case DBusFailure.disconnected: .bluezGone
        default: .failed(failure.message.isEmpty ? failure.name : "\(failure.name): \(failure.message)")
        }
    }

    /// Takes one signal in; returns why the scan must stop, if it must.
    private func handle(_ signal: DBusSignal, adapterPath: String, adapter: String) -> ScanProblem? {
        switch (signal.interface, signal.member) {
        case ("org.freedesktop.DBus", "NameOwnerChanged"):
            if signal.body.count == 3, signal.body[0].string == Self.service, signal.body[2].string == "" { return .bluezGone }
        case (Self.objectManager, "InterfacesRemoved"):
            if signal.body.first?.string == adapterPath, signal.body.count > 1,
               signal.body[1].strings?.contains(Self.adapterInterface) == true {
                return .adapterGone(adapter)
            }
        case (Self.objectManager, "InterfacesAdded"):
            guard signal.body.count == 2, let path = signal.body[0].string, let interfaces = signal.body[1].interfaceDictionary else {
                unreadable += 1
                return nil
            }
            guard path.hasPrefix(adapterPath + "/"), let properties = interfaces[Self.deviceInterface] else { return nil }
            if merge(path, properties) { record(path) }
        case (Self.properties, "PropertiesChanged"):
            guard signal.body.count >= 2, let interface = signal.body[0].string, let changed = signal.body[1].stringDictionary else {
                unreadable += 1
                return nil
            }
            if signal.path == adapterPath, interface == Self.adapterInterface, changed["Powered"]?.bool == false {
                return .adapterGone(adapter)
            }
            guard interface == Self.deviceInterface, signal.path.hasPrefix(adapterPath + "/") else { return nil }
            if merge(signal.path, changed) { record(signal.path) }
        default:
            break
        }
        return nil
    }

    /// Merges a device's properties; true when they tell of an advertisement heard now (its data or signal strength).
    private func merge(_ path: String, _ properties: [String: DBusValue]) -> Bool {
        var device = devices[path] ?? DeviceProperties()
        var advertised = false
        for (key, value) in properties {
            switch key {
            case "Address": device.address = value.string ?? device.address
            case "AddressType": device.addressType = value.string
            case "Name", "Alias": if key == "Name" || device.name == nil { device.name = value.string }
            case "RSSI":
                if let rssi = value.integer, (-127...20).contains(rssi) { device.rssi = Int(rssi); advertised = true } else { unreadable += 1 }
            case "ManufacturerData":
                if let data = Self.manufacturerData(value) { device.manufacturerData = data; advertised = true } else { unreadable += 1 }
            case "ServiceData":
                if let data = Self.serviceData(value) { device.serviceData = data; advertised = true } else { unreadable += 1 }
            case "UUIDs":
                if let uuids = value.strings { device.uuids = uuids } else { unreadable += 1 }
            default: break
            }
        }
        devices[path] = device
        return advertised
    }

    private func record(_ path: String) {
        guard let device = devices[path], let address = device.address, !address.isEmpty else { return }
        advertisements.append(Advertisement(
            time: Date(), address: address, addressType: device.addressType, rssi: device.rssi, name: device.name,
            manufacturerData: device.manufacturerData, serviceData: device.serviceData, serviceUUIDs: device.uuids))
    }

    /// `a{qv}` with `ay` values; an empty array of another type (a mock's `aa{qv}`) reads as no data, anything else as unreadable.
    static func manufacturerData(_ value: DBusValue) -> [UInt16: [UInt8]]? {
        switch value.unwrapped {
        case .array(let items) where items.isEmpty: return [:]
        case .dict(let entries):
            var result: [UInt16: [UInt8]] = [:]
            for entry in entries {
                guard case .uint(let id) = entry.key, id <= UInt64(UInt16.max), let bytes = entry.value.bytes else { return nil }
                result[UInt16(id)] = bytes
            }
            return result
        default: return nil
        }
    }

    /// `a{sv}` with `ay` values, keyed by UUID.
    static func serviceData(_ value: DBusValue) -> [String: [UInt8]]? {
        switch value.unwrapped {
        case .array(let items) where items.isEmpty: return [:]
        case .dict(let entries):
            var result: [String: [UInt8]] = [:]
            for entry in entries {
                guard case .string(let uuid) = entry.key, let bytes = entry.value.bytes else { return nil }
                result[uuid.lowercased()] = bytes
            }
            return result
        default: return nil
        }
    }
}

/// What BlueZ has said about one device object.
struct DeviceProperties {
    var address: String?
    var addressType: String?
    var name: String?
    var rssi: Int?
    var manufacturerData: [UInt16: [UInt8]] = [:]
    var serviceData: [String: [UInt8]] = [:]
    var uuids: [String] = []
}

extension DBusValue {
    /// `a{sa{sv}}`: interfaces and their properties.
    var interfaceDictionary: [String: [String: DBusValue]]? {
        guard let interfaces = stringDictionary else { return nil }
        var result: [String: [String: DBusValue]] = [:]
        for (name, properties) in interfaces {
            guard let properties = properties.stringDictionary else { return nil }
            result[name] = properties
        }
        return result
    }

    /// `a{oa{sa{sv}}}`: GetManagedObjects' answer. Objects whose shape is wrong are left out.
    var pathDictionary: [String: [String: [String: DBusValue]]]? {
        guard case .dict(let entries) = unwrapped else { return nil }
        var result: [String: [String: [String: DBusValue]]] = [:]
        for entry in entries {
            guard case .string(let path) = entry.key, let interfaces = entry.value.interfaceDictionary else { continue }
            result[path] = interfaces
        }
        return result
    }
}
