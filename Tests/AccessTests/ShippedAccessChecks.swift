import Access
import AuditCore
import Device
import ShippedChecks

/// The shipped access checks with the kinds they use (their own and the device family's `settings` and `software`).
enum ShippedAccessChecks {
    static var kinds: [any CheckKind.Type] { AccessKinds.all + DeviceKinds.all }

    static func files() -> [(path: String, text: String)] {
        ShippedChecks.files.filter { $0.path.hasPrefix("Checks/access/") }
    }
}
