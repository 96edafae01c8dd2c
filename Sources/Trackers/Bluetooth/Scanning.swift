import AuditCore
import Foundation

/// One advertisement as BlueZ passed it on: who sent it, how loud, and its data by company id and
/// service UUID (the bytes after the id, as BlueZ gives them).
public struct Advertisement: Sendable, Hashable {
    public var time: Date
    /// `C1:22:33:44:55:66`, upper case.
    public var address: String
    /// `random` or `public`, when BlueZ said.
    public var addressType: String?
    public var rssi: Int?
    public var name: String?
    /// The bytes after the company id, by company id (0x004C Apple).
    public var manufacturerData: [UInt16: [UInt8]]
    /// The bytes after the UUID, by lower-case 128-bit UUID (`0000fd5a-0000-1000-8000-00805f9b34fb`).
    public var serviceData: [String: [UInt8]]
    /// Advertised service UUIDs, lower-case 128-bit.
    public var serviceUUIDs: [String]

    public init(time: Date, address: String, addressType: String? = nil, rssi: Int? = nil, name: String? = nil,
                manufacturerData: [UInt16: [UInt8]] = [:], serviceData: [String: [UInt8]] = [:], serviceUUIDs: [String] = []) {
        self.time = time
        self.address = address.uppercased()
        self.addressType = addressType
        self.rssi = rssi
        self.name = name
        self.manufacturerData = manufacturerData
        self.serviceData = Dictionary(serviceData.map { (Self.fullUUID($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.serviceUUIDs = serviceUUIDs.map(Self.fullUUID)
    }

    /// A UUID written as 16 bits (`fd5a`, `0xFD5A`) or 128 bits, as BlueZ writes it: lower-case 128-bit.
    public static func fullUUID(_ uuid: String) -> String {
        var text = uuid.lowercased()
        if text.hasPrefix("0x") { text.removeFirst(2) }
        if text.count == 4, text.allSatisfy(\.isHexDigit) { return "0000\(text)-0000-1000-8000-00805f9b34fb" }
        if text.count == 8, text.allSatisfy(\.isHexDigit) { return "\(text)-0000-1000-8000-00805f9b34fb" }
        return text
    }
}

/// What one scan recorded: every advertisement with its time, and whether the scan ran its full length.
public struct ScanRecording: Sendable {
    /// The adapter scanned with (`hci0`).
    public var adapter: String
    public var started: Date
    public var ended: Date
    public var advertisements: [Advertisement]
    /// Why the scan stopped early, with what it had recorded until then; nil when it ran its length.
    public var interruption: ScanProblem?
    /// Signals about devices that could not be read (a property of the wrong type, a message that is not BlueZ's shape).
    public var unreadable: Int
    /// Whether discovery could be stopped and the filter removed afterwards.
    public var cleanedUp: Bool

    public init(adapter: String, started: Date, ended: Date, advertisements: [Advertisement] = [],
                interruption: ScanProblem? = nil, unreadable: Int = 0, cleanedUp: Bool = true) {
        self.adapter = adapter
        self.started = started
        self.ended = ended
        self.advertisements = advertisements
        self.interruption = interruption
        self.unreadable = unreadable
        self.cleanedUp = cleanedUp
    }

    public var seconds: Int { max(0, Int(ended.timeIntervalSince(started).rounded())) }
}

/// Something that listens for Bluetooth advertisements for a while: BlueZ over D-Bus, or a fake in tests.
public protocol BluetoothScanning: Sendable {
    /// Scans for `seconds`. Throws `ScanProblem` when no scan could start; returns what was heard,
    /// with `interruption` set, when the scan stopped early. `heard` is called with the number of
    /// devices heard so far, at most a few times a second.
    func scan(seconds: Int, heard: (@Sendable (_ devices: Int, _ elapsed: Int) -> Void)?) async throws -> ScanRecording
}

/// Why a scan could not run or did not finish, said so that a person knows what to do.
public enum ScanProblem: Error, Sendable, Equatable, LocalizedFailure {
    /// The system bus could not be reached (`reason` from libdbus).
    case busUnavailable(String)
    /// Nothing answers as org.bluez: bluetoothd is not running or not installed.
    case bluezNotRunning
    /// BlueZ runs but knows no Bluetooth adapter.
    case noAdapter
    /// The adapter asked for (`--adapter hci1`) is not there; the ones that are.
    case adapterNotFound(String, available: [String])
    /// The adapter is switched off (or blocked by rfkill).
    case adapterOff(String)
    /// The bus or BlueZ refused this user.
    case permissionDenied(String)
    /// BlueZ did not answer a call in time.
    case noReply(String)
    /// The adapter went away during the scan (unplugged, switched off, blocked).
    case adapterGone(String)
    /// bluetoothd stopped, or the bus went away, during the scan.
    case bluezGone
    /// Any other refusal, with BlueZ's own words.
    case failed(String)

    public var message: LocalizedText {
        switch self {
        case .busUnavailable(let reason):
            LocalizedText(en: "Bluetooth scan not possible: the system's message bus (D-Bus) cannot be reached (\(reason)). Nothing was scanned.",
                          nl: "Bluetooth-scan niet mogelijk: de berichtenbus van het systeem (D-Bus) is niet bereikbaar (\(reason)). Er is niets gescand.")
        case .bluezNotRunning:
            LocalizedText(en: "Bluetooth scan not possible: the Bluetooth service (bluetoothd, BlueZ) is not running. Start it with 'sudo systemctl start bluetooth' (install the 'bluez' package if it is missing), then scan again. Nothing was scanned.",
                          nl: "Bluetooth-scan niet mogelijk: de Bluetooth-dienst (bluetoothd, BlueZ) draait niet. Start hem met 'sudo systemctl start bluetooth' (installeer het pakket 'bluez' als het ontbreekt) en scan opnieuw. Er is niets gescand.")
        case .noAdapter:
            LocalizedText(en: "Bluetooth scan not possible: this computer has no Bluetooth adapter that BlueZ can use (none built in, or its driver is missing; a USB Bluetooth stick works). Nothing was scanned.",
                          nl: "Bluetooth-scan niet mogelijk: deze computer heeft geen Bluetooth-adapter die BlueZ kan gebruiken (niet ingebouwd, of het stuurprogramma ontbreekt; een USB-Bluetoothstick werkt ook). Er is niets gescand.")
        case .adapterNotFound(let name, let available):
            LocalizedText(en: "Bluetooth scan not possible: there is no adapter '\(name)'; \(available.isEmpty ? "there are none" : "there is \(available.joined(separator: ", "))"). Nothing was scanned.",
                          nl: "Bluetooth-scan niet mogelijk: er is geen adapter '\(name)'; \(available.isEmpty ? "er zijn er geen" : "er is \(available.joined(separator: ", "))"). Er is niets gescand.")
        case .adapterOff(let name):
            LocalizedText(en: "Bluetooth scan not possible: Bluetooth is switched off (adapter \(name)). Switch it on in your settings (or 'bluetoothctl power on'; 'rfkill unblock bluetooth' if it is blocked) and scan again. hygiene never switches it on by itself. Nothing was scanned.",
                          nl: "Bluetooth-scan niet mogelijk: Bluetooth staat uit (adapter \(name)). Zet het aan in je instellingen (of 'bluetoothctl power on'; 'rfkill unblock bluetooth' als het geblokkeerd is) en scan opnieuw. hygiene zet het nooit zelf aan. Er is niets gescand.")
        case .permissionDenied(let reason):
            LocalizedText(en: "Bluetooth scan not possible: this user may not use Bluetooth (\(reason)). Run it as the person logged in at the desktop, or ask whoever manages this computer to allow it. Nothing was scanned.",
                          nl: "Bluetooth-scan niet mogelijk: deze gebruiker mag Bluetooth niet gebruiken (\(reason)). Start hem als degene die op het bureaublad is ingelogd, of vraag de beheerder van deze computer het toe te staan. Er is niets gescand.")
        case .noReply(let call):
            LocalizedText(en: "Bluetooth scan not possible: the Bluetooth service did not answer (\(call)) in time; it may hang. Restart it with 'sudo systemctl restart bluetooth' and scan again. Nothing was scanned.",
                          nl: "Bluetooth-scan niet mogelijk: de Bluetooth-dienst gaf geen antwoord (\(call)) op tijd; misschien hangt hij. Herstart hem met 'sudo systemctl restart bluetooth' en scan opnieuw. Er is niets gescand.")
        case .adapterGone(let name):
            LocalizedText(en: "The Bluetooth scan stopped early: the adapter \(name) went away (unplugged, switched off or blocked). Only what was heard until then is shown; scan again.",
                          nl: "De Bluetooth-scan stopte te vroeg: de adapter \(name) verdween (losgekoppeld, uitgezet of geblokkeerd). Alleen wat tot dan gehoord is staat hier; scan opnieuw.")
        case .bluezGone:
            LocalizedText(en: "The Bluetooth scan stopped early: the Bluetooth service (bluetoothd) stopped. Only what was heard until then is shown; start it again ('sudo systemctl start bluetooth') and scan again.",
                          nl: "De Bluetooth-scan stopte te vroeg: de Bluetooth-dienst (bluetoothd) stopte. Alleen wat tot dan gehoord is staat hier; start hem opnieuw ('sudo systemctl start bluetooth') en scan opnieuw.")
        case .failed(let reason):
            LocalizedText(en: "Bluetooth scan not possible: the Bluetooth service refused (\(reason)). Nothing was scanned.",
                          nl: "Bluetooth-scan niet mogelijk: de Bluetooth-dienst weigerde (\(reason)). Er is niets gescand.")
        }
    }

    /// Whether the computer simply has no Bluetooth to scan with (the audit skips rather than errs).
    public var noBluetooth: Bool {
        switch self {
        case .noAdapter, .bluezNotRunning: true
        default: false
        }
    }
}
