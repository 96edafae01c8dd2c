import AuditCore
import Foundation

/// A scan (or a watch's last scan and what the watch concluded) as a document: text, Markdown and
/// HTML through the shared renderers, JSON as `hygiene-trackers/1`.
public struct TrackerScanDocument: RenderableDocument {
    public var scan: TrackerScan
    /// What a watch concluded, or nil for a single scan.
    public var followers: [Follower]?
    /// Scans a watch made.
    public var scans: Int

    public init(scan: TrackerScan, followers: [Follower]? = nil, scans: Int = 1) {
        self.scan = scan
        self.followers = followers
        self.scans = scans
    }

    public static let schema = "hygiene-trackers/1"

    public var document: Document {
        var sections: [Document.Section] = []
        var alert: Document.Alert?
        if let interruption = scan.recording.interruption {
            alert = Document.Alert(style: .notice, title: interruption.message)
        }
        if let followers, !followers.isEmpty {
            let products = Dictionary(scan.products.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            sections.append(Document.Section(
                id: "following", title: LocalizedText(en: "Possibly travelling with you", nl: "Reist misschien met je mee"),
                items: followers.map { follower in
                    Document.Item(title: TrackersWords.followerTitle(follower, products[follower.product]),
                                  detail: TrackersWords.followerDetail(follower, products[follower.product], placeKnown: follower.places > 0),
                                  severity: follower.reason == .places ? .critical : .high)
                }))
        }
        let groups: [(OwnerState, LocalizedText)] = [
            (.separated, LocalizedText(en: "Away from their owner", nl: "Weg van de eigenaar")),
            (.unknown, LocalizedText(en: "Owner state unknown", nl: "Onbekend of de eigenaar in de buurt is")),
            (.nearOwner, LocalizedText(en: "Near their owner (someone with their own tag close by)", nl: "Bij de eigenaar (iemand met de eigen tag dichtbij)")),
        ]
        for (state, title) in groups {
            let devices = scan.trackers.filter { $0.state == state }
            guard !devices.isEmpty else { continue }
            sections.append(Document.Section(id: state.rawValue, title: title, items: devices.map { device in
                Document.Item(
                    title: device.product.name,
                    detail: state == .nearOwner ? nil : TrackersWords.detail(device),
                    severity: state == .separated ? .high : state == .unknown ? .low : .info,
                    marks: [device.closeness, LocalizedText(en: "heard \(device.sightings)×", nl: "\(device.sightings)× gehoord"), .verbatim(device.address)])
            }))
        }
        if !scan.separated.isEmpty || followers?.isEmpty == false {
            sections.append(Document.Section(
                id: "before", title: LocalizedText(en: "Before you switch anything off", nl: "Voordat je iets uitzet"),
                items: TrackersWords.safetySteps.map { Document.Item(title: $0) }, style: .numbered))
        }
        let nothing = scan.trackers.isEmpty
            ? [LocalizedText(en: "No tracker was heard.", nl: "Er is geen tracker gehoord.")] : []
        return Document(
            alert: alert,
            title: LocalizedText(en: "Bluetooth trackers near this computer", nl: "Bluetooth-trackers bij deze computer"),
            meta: scan.coverage,
            intro: nothing + [TrackerScan.limits],
            sections: sections)
    }

    struct JSONScan: Encodable {
        var schema: String
        var started: String
        var seconds: Int
        var adapter: String
        var complete: Bool
        var interruption: String?
        var scans: Int
        var trackers: [JSONTracker]
        var following: [JSONFollower]?
        var otherDevices: Int
        var unreadableMessages: Int
        var limits: String
    }

    struct JSONTracker: Encodable {
        var type: String
        var name: String
        var state: String
        var tracker: Bool
        var signature: String
        var address: String
        var strongestRSSI: Int?
        var lastRSSI: Int?
        var sightings: Int
        var firstSeen: String
        var lastSeen: String
    }

    struct JSONFollower: Encodable {
        var type: String
        var reason: String
        var first: String
        var last: String
        var scans: Int
        var places: Int
    }

    public func json(_ language: Language) throws -> String {
        let iso = ISO8601DateFormatter()
        return try DocumentJSON.encode(JSONScan(
            schema: Self.schema, started: iso.string(from: scan.recording.started), seconds: scan.recording.seconds, adapter: scan.recording.adapter,
            complete: scan.complete, interruption: scan.recording.interruption?.message(language), scans: scans,
            trackers: scan.trackers.map { device in
                JSONTracker(type: device.product.id, name: device.product.name(language), state: device.state.rawValue, tracker: device.isTracker,
                            signature: device.classification.signature.id, address: device.address, strongestRSSI: device.strongestRSSI,
                            lastRSSI: device.lastRSSI, sightings: device.sightings, firstSeen: iso.string(from: device.firstSeen), lastSeen: iso.string(from: device.lastSeen))
            },
            following: followers?.map { JSONFollower(type: $0.product, reason: $0.reason.rawValue, first: iso.string(from: $0.first), last: iso.string(from: $0.last), scans: $0.scans, places: $0.places) },
            otherDevices: scan.others.count + scan.ordinaryDevices, unreadableMessages: scan.recording.unreadable,
            limits: TrackerScan.limits(language)))
    }
}

extension TrackersWords {
    /// What to do before switching a tracker off, in order.
    static let safetySteps: [LocalizedText] = [
        LocalizedText(en: "Switching a tracker off can tell whoever placed it that you found it. If that person could react with anger or violence, talk to a helpline first ('hygiene safety'; NL Veilig Thuis 0800-2000, BE 1712; in danger 112).",
                      nl: "Een tracker uitzetten kan degene die hem plaatste laten merken dat je hem gevonden hebt. Kan die persoon boos of gewelddadig reageren, praat dan eerst met een hulplijn ('hygiene safety'; NL Veilig Thuis 0800-2000, BE 1712; in gevaar 112)."),
        LocalizedText(en: "Keep evidence: photograph the tag where you found it, note date, time and place, and keep this result ('hygiene trackers scan --format json > scan.json', then 'hygiene evidence add').",
                      nl: "Leg bewijs vast: fotografeer de tag waar je hem vond, noteer datum, tijd en plek, en bewaar dit resultaat ('hygiene trackers scan --format json > scan.json', daarna 'hygiene evidence add')."),
        LocalizedText(en: "Report it to the police and give them the tag: its serial number lets them ask the maker who owns it.",
                      nl: "Doe aangifte bij de politie en geef hun de tag: met het serienummer kunnen zij de fabrikant vragen wie de eigenaar is."),
    ]
}
