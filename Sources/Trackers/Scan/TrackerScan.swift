import AuditCore
import Foundation

/// One device heard in a scan, judged by the signatures: what it is, whether it is away from its
/// owner, how loud and how often it was heard.
public struct HeardDevice: Sendable, Hashable {
    public var address: String
    public var classification: Classification
    /// Advertisements heard from it in the scan.
    public var sightings: Int
    public var firstSeen: Date
    public var lastSeen: Date
    /// The strongest signal heard (dBm), the best guess of how close it came.
    public var strongestRSSI: Int?
    public var lastRSSI: Int?

    public var product: TrackerProduct { classification.product }
    public var state: OwnerState { classification.state }
    public var isTracker: Bool { classification.isTracker }

    /// A rough distance from the signal strength; never metres, radios differ too much.
    public var closeness: LocalizedText {
        guard let rssi = strongestRSSI else { return LocalizedText(en: "signal strength unknown", nl: "signaalsterkte onbekend") }
        if rssi >= -60 { return LocalizedText(en: "very close (\(rssi) dBm)", nl: "heel dichtbij (\(rssi) dBm)") }
        if rssi >= -75 { return LocalizedText(en: "in the room (\(rssi) dBm)", nl: "in de ruimte (\(rssi) dBm)") }
        return LocalizedText(en: "further away (\(rssi) dBm)", nl: "verder weg (\(rssi) dBm)")
    }
}

/// A scan judged: the trackers heard, separated ones first, and what the scan could and could not do.
public struct TrackerScan: Sendable {
    public var recording: ScanRecording
    /// Trackers heard, separated from their owner first, then unknown state, then near the owner;
    /// louder first within each.
    public var trackers: [HeardDevice]
    /// Devices that share a tracker format but are not trackers (phones, beacons), for a count.
    public var others: [HeardDevice]
    /// Addresses heard that match no signature.
    public var ordinaryDevices: Int
    /// The products the signatures know, for naming a tracker seen in an earlier scan.
    public var products: [TrackerProduct]
    /// What findings' keys are hashed with: the state database's key when there is one (the same tag
    /// is the same finding from audit to audit), otherwise a key for this run only.
    public var keys = IdentityHasher.ephemeral()

    /// Judges a recording with the classifier.
    public init(recording: ScanRecording, classifier: TrackerClassifier) {
        self.recording = recording
        products = classifier.signatures.products
        var devices: [String: HeardDevice] = [:]
        var ordinary = Set<String>()
        for advertisement in recording.advertisements {
            guard let classification = classifier.classify(advertisement) else {
                ordinary.insert(advertisement.address)
                continue
            }
            ordinary.remove(advertisement.address)
            if var device = devices[advertisement.address] {
                device.sightings += 1
                device.firstSeen = min(device.firstSeen, advertisement.time)
                device.lastSeen = max(device.lastSeen, advertisement.time)
                if let rssi = advertisement.rssi {
                    device.strongestRSSI = max(device.strongestRSSI ?? rssi, rssi)
                    device.lastRSSI = rssi
                }
                // The most telling state heard from this address stands (a tag leaving its owner mid-scan counts as separated).
                let old = device.classification
                if classification.isTracker && !old.isTracker || classification.isTracker == old.isTracker && classification.state.rank > old.state.rank {
                    device.classification = classification
                } else if classification.signature == old.signature, classification.identity != nil {
                    device.classification = classification
                }
                devices[advertisement.address] = device
            } else {
                devices[advertisement.address] = HeardDevice(
                    address: advertisement.address, classification: classification, sightings: 1,
                    firstSeen: advertisement.time, lastSeen: advertisement.time,
                    strongestRSSI: advertisement.rssi, lastRSSI: advertisement.rssi)
            }
        }
        let sorted = devices.values.sorted { a, b in
            if a.state.rank != b.state.rank { return a.state.rank > b.state.rank }
            if (a.strongestRSSI ?? -200) != (b.strongestRSSI ?? -200) { return (a.strongestRSSI ?? -200) > (b.strongestRSSI ?? -200) }
            return a.address < b.address
        }
        trackers = sorted.filter(\.isTracker)
        others = sorted.filter { !$0.isTracker }
        ordinaryDevices = ordinary.subtracting(devices.keys).count
    }

    public var separated: [HeardDevice] { trackers.filter { $0.state == .separated } }

    /// Whether the scan ran its whole length; a scan cut short is never an all-clear.
    public var complete: Bool { recording.interruption == nil }

    /// "Nothing found in 30 seconds", never "you are safe".
    public var coverage: LocalizedText {
        let s = recording.seconds
        let other = others.count + ordinaryDevices
        return LocalizedText(
            en: "Listened \(s) second\(s == 1 ? "" : "s") with adapter \(recording.adapter): \(trackers.count) tracker\(trackers.count == 1 ? "" : "s"), \(other) other Bluetooth device\(other == 1 ? "" : "s").",
            nl: "\(s) seconde\(s == 1 ? "" : "n") geluisterd met adapter \(recording.adapter): \(trackers.count) tracker\(trackers.count == 1 ? "" : "s"), \(other) \(other == 1 ? "ander Bluetooth-apparaat" : "andere Bluetooth-apparaten").")
    }

    /// What a laptop scan cannot see, said with every result.
    public static let limits = LocalizedText(
        en: "A laptop hears only what is in Bluetooth range while it scans. It cannot see GPS trackers with a SIM card (common in cars), trackers that are switched off or out of battery, Tiles in anti-theft mode, tags that sit near their owner's phone, or clones that change their keys very fast. Nothing found means nothing heard in this scan, not that you are safe.",
        nl: "Een laptop hoort alleen wat binnen Bluetooth-bereik is terwijl hij scant. Hij ziet geen gps-trackers met een simkaart (vaak in auto's), trackers die uit staan of een lege batterij hebben, Tiles in anti-diefstalmodus, tags die bij de telefoon van hun eigenaar liggen, of namaak-tags die hun sleutels heel snel wisselen. Niets gevonden betekent niets gehoord in deze scan, niet dat je veilig bent.")
}
