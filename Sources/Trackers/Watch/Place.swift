import AuditCore
import Foundation

/// Where this computer is, as well as a laptop without GPS can tell: the name of the network it is
/// connected to. Only a keyed hash of it is kept.
public protocol PlaceProbing: Sendable {
    /// The current network's name, or nil when there is none or it cannot be read.
    func currentPlace() -> String?
}

/// The primary connection NetworkManager reports (its name: the Wi-Fi network's, usually), over the system bus.
public struct NetworkManagerPlace: PlaceProbing {
    public var busAddress: String?

    public init(busAddress: String? = nil) { self.busAddress = busAddress }

    public func currentPlace() -> String? {
        guard let bus = try? DBusConnection(address: busAddress) else { return nil }
        func property(_ path: String, _ interface: String, _ name: String) -> DBusValue? {
            try? bus.call("org.freedesktop.NetworkManager", path, "org.freedesktop.DBus.Properties", "Get",
                          [.string(interface), .string(name)], timeout: 1_000).first
        }
        guard let primary = property("/org/freedesktop/NetworkManager", "org.freedesktop.NetworkManager", "PrimaryConnection")?.string,
              primary != "/" else { return nil }
        let id = property(primary, "org.freedesktop.NetworkManager.Connection.Active", "Id")?.string
        return id?.isEmpty == false ? id : nil
    }
}

/// A place the user names (`--place`), for a computer that is not on a network.
public struct NamedPlace: PlaceProbing {
    public var name: String?
    public init(_ name: String?) { self.name = name }
    public func currentPlace() -> String? { name }
}
