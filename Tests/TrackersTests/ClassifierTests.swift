import AuditCore
import Foundation
import Testing
@testable import Trackers

/// The matcher on byte vectors taken from the formats in the research (Apple Find My, SmartTag,
/// Google's network, DULT, Tile, Chipolo, Pebblebee) and on look-alikes that are not trackers.
@Suite struct ClassifierTests {
    let classifier: TrackerClassifier

    init() throws { classifier = TrackerClassifier(try shippedSignatures()) }

    struct Vector: CustomTestStringConvertible, Sendable {
        var name: String
        var ad: Advertisement
        /// The product and state, or nil for an ordinary device.
        var expected: (product: String, state: OwnerState, tracker: Bool)?
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(name: "AirTag separated", ad: advertisement(manufacturer: [0x004C: "12 19 10 " + findMyKey]), expected: ("airtag", .separated, true)),
        Vector(name: "AirTag separated, low battery bits set", ad: advertisement(manufacturer: [0x004C: "12 19 90 " + findMyKey]), expected: ("airtag", .separated, true)),
        Vector(name: "Find My accessory separated", ad: advertisement(manufacturer: [0x004C: "12 19 20 " + findMyKey]), expected: ("find-my-accessory", .separated, true)),
        Vector(name: "custom tag with status bit 3 set", ad: advertisement(manufacturer: [0x004C: "12 19 28 " + findMyKey]), expected: ("find-my-accessory", .separated, true)),
        Vector(name: "AirPods separated", ad: advertisement(manufacturer: [0x004C: "12 19 30 " + findMyKey]), expected: ("airpods", .separated, true)),
        Vector(name: "iPhone lost mode frame", ad: advertisement(manufacturer: [0x004C: "12 19 00 " + findMyKey]), expected: ("apple-device", .separated, false)),
        Vector(name: "AirTag near owner", ad: advertisement(manufacturer: [0x004C: "12 02 10 02"]), expected: ("airtag", .nearOwner, true)),
        Vector(name: "accessory near owner after another record", ad: advertisement(manufacturer: [0x004C: "10 05 01 18 44 11 22 12 02 24 01"]), expected: ("find-my-accessory", .nearOwner, true)),
        Vector(name: "AirTag separated after two other records", ad: advertisement(manufacturer: [0x004C: "07 02 aa bb 0c 01 00 12 19 10 " + findMyKey]), expected: ("airtag", .separated, true)),
        Vector(name: "iPhone nearby-info frame", ad: advertisement(manufacturer: [0x004C: "10 06 13 1d 8a 4f 2b 00"]), expected: nil),
        Vector(name: "iPhone near owner", ad: advertisement(manufacturer: [0x004C: "12 02 00 01"]), expected: ("apple-device", .nearOwner, false)),
        Vector(name: "Find My record cut short", ad: advertisement(manufacturer: [0x004C: "12 19 10 01 02 03"]), expected: nil),
        Vector(name: "Find My type under another company id", ad: advertisement(manufacturer: [0x0075: "12 19 10 " + findMyKey]), expected: nil),
        Vector(name: "SmartTag separated for long", ad: advertisement(service: ["fd5a": "13 01 00 00 a1 a2 a3 a4 a5 a6 a7 a8 07"]), expected: ("smarttag", .separated, true)),
        Vector(name: "SmartTag separated", ad: advertisement(service: ["fd5a": "12 05 00 00 a1 a2 a3 a4 a5 a6 a7 a8 03"]), expected: ("smarttag", .separated, true)),
        Vector(name: "SmartTag recently with owner", ad: advertisement(service: ["fd5a": "11 05 00 00 a1 a2 a3 a4 a5 a6 a7 a8 03"]), expected: ("smarttag", .nearOwner, true)),
        Vector(name: "SmartTag connected", ad: advertisement(service: ["fd5a": "15 05 00 00 a1 a2 a3 a4 a5 a6 a7 a8 03"]), expected: ("smarttag", .nearOwner, true)),
        Vector(name: "SmartTag frame too short", ad: advertisement(service: ["fd5a": "13 01 00"]), expected: nil),
        Vector(name: "Samsung phone", ad: advertisement(service: ["fd69": "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 04"]), expected: ("samsung-device", .unknown, false)),
        Vector(name: "Google network tag, unwanted-tracking mode", ad: advertisement(service: ["feaa": "41 " + String(repeating: "5a ", count: 20) + "01"]), expected: ("google-fmdn", .separated, true)),
        Vector(name: "Google network tag, normal frame", ad: advertisement(service: ["feaa": "40 " + String(repeating: "5a ", count: 20) + "01"]), expected: ("google-fmdn", .nearOwner, true)),
        Vector(name: "Google frame too short", ad: advertisement(service: ["feaa": "41 01 02"]), expected: nil),
        Vector(name: "Eddystone URL beacon", ad: advertisement(service: ["feaa": "10 00 03 67 6f 6f 67 6c 65 07"]), expected: ("eddystone", .unknown, false)),
        Vector(name: "Eddystone UID beacon", ad: advertisement(service: ["feaa": "00 e7 " + String(repeating: "11 ", count: 16) + "00 00"]), expected: ("eddystone", .unknown, false)),
        Vector(name: "DULT separated", ad: advertisement(service: ["fcb2": "02 00"]), expected: ("dult-tracker", .separated, true)),
        Vector(name: "AirTag 2 near owner (only the DULT frame)", ad: advertisement(service: ["fcb2": "01 01 10 03"]), expected: ("dult-tracker", .nearOwner, true)),
        Vector(name: "Tile", ad: advertisement(service: ["feed": "02 00 01 02 03"]), expected: ("tile", .unknown, true)),
        Vector(name: "Tile by its UUID only", ad: advertisement(uuids: ["feed"]), expected: ("tile", .unknown, true)),
        Vector(name: "Chipolo", ad: advertisement(uuids: ["0000fe33-0000-1000-8000-00805f9b34fb"]), expected: ("chipolo", .unknown, true)),
        Vector(name: "Pebblebee", ad: advertisement(uuids: ["fa25"]), expected: ("pebblebee", .unknown, true)),
        Vector(name: "headphones", ad: advertisement(manufacturer: [0x0006: "01 09 20 02 8a"], uuids: ["110b", "110e"]), expected: nil),
        Vector(name: "nothing advertised", ad: advertisement(), expected: nil),
    ]

    @Test(arguments: vectors)
    func classifies(_ vector: Vector) {
        let found = classifier.classify(vector.ad)
        #expect(found?.product.id == vector.expected?.product)
        #expect(found?.state == vector.expected?.state)
        #expect(found?.isTracker == vector.expected?.tracker)
    }

    @Test func separatedOutranksNearOwnerInOneAdvertisement() throws {
        // An AirTag 2 sending the DULT near-owner frame while its Apple data says separated: the telling state wins.
        let ad = advertisement(manufacturer: [0x004C: "12 19 10 " + findMyKey], service: ["fcb2": "01 01"])
        #expect(classifier.classify(ad)?.state == .separated)
        #expect(classifier.classify(ad)?.product.id == "airtag")
    }

    @Test func separatedAppleIdentityIsAddressAndKey() throws {
        let first = try #require(classifier.classify(advertisement("C1:00:00:00:00:01", manufacturer: [0x004C: "12 19 10 " + findMyKey])))
        let sameKeyOtherAddress = try #require(classifier.classify(advertisement("C1:00:00:00:00:02", manufacturer: [0x004C: "12 19 10 " + findMyKey])))
        let otherKey = try #require(classifier.classify(advertisement("C1:00:00:00:00:01", manufacturer: [0x004C: "12 19 10 ff " + findMyKey.dropFirst(3)])))
        #expect(first.identity != nil)
        #expect(first.identity != sameKeyOtherAddress.identity)
        #expect(first.identity != otherKey.identity)
        #expect(first.identity?.contains("0102030405") == true)
    }

    @Test func nearOwnerFramesHaveNoIdentity() throws {
        #expect(try #require(classifier.classify(advertisement(manufacturer: [0x004C: "12 02 10 02"]))).identity == nil)
        #expect(try #require(classifier.classify(advertisement(service: ["feaa": "40 " + String(repeating: "5a ", count: 20) + "01"]))).identity == nil)
    }

    @Test func smartTagSeparatedForLongIsKnownByItsPrivacyID() throws {
        let a = try #require(classifier.classify(advertisement("D2:00:00:00:00:01", service: ["fd5a": "13 01 00 00 a1 a2 a3 a4 a5 a6 a7 a8 07"])))
        let b = try #require(classifier.classify(advertisement("D2:00:00:00:00:02", service: ["fd5a": "13 02 00 00 a1 a2 a3 a4 a5 a6 a7 a8 07"])))
        #expect(a.identity == b.identity)
        #expect(a.identity?.contains("a1a2a3a4a5a6a7a8") == true)
    }

    /// Random bytes under every company id and UUID the signatures know never crash the matcher, and
    /// whatever matches satisfies its own rules.
    @Test func randomBytesNeverCrash() throws {
        var generator = SystemRandomNumberGenerator()
        let uuids = ["fd5a", "fd69", "feaa", "fcb2", "feed", "fe33"]
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = bytes.map { String(format: "%02x", $0) }.joined()
            let ad = advertisement(manufacturer: [0x004C: text], service: [uuids.randomElement(using: &generator)!: text])
            if let found = classifier.classify(ad) {
                #expect(found.signature.match(ad) != nil)
            }
        }
    }

    @Test func findRecordWalksRecordsBeforeScanning() {
        // A 0x12 0x02 inside another record's content is not a record; the real one follows it.
        let data = hex("05 04 12 02 99 99 12 02 24 01")
        let record = TrackerSignature.findRecord(in: data, type: 0x12, length: 2)
        #expect(record.map(Array.init) == hex("12 02 24 01"))
        // A broken walk falls back to looking anywhere.
        #expect(TrackerSignature.findRecord(in: hex("ff 40 12 02 10 02"), type: 0x12, length: 2).map(Array.init) == hex("12 02 10 02"))
        #expect(TrackerSignature.findRecord(in: [], type: 0x12, length: 2) == nil)
        #expect(TrackerSignature.findRecord(in: [0x12], type: 0x12, length: 2) == nil)
    }
}
