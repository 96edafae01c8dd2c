import Foundation
import Testing
@testable import Trackers

/// The "travelling with you" rule on simulated timelines: scans every few minutes, places changing,
/// addresses rotating as Apple's and Google's do.
@Suite struct FollowingRuleTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let rule = FollowingRule()

    func sighting(_ identity: String, minutes: Double, place: String?, state: OwnerState = .separated, product: String = "airtag") -> Sighting {
        Sighting(identity: identity, product: product, state: state, time: t0.addingTimeInterval(minutes * 60), place: place,
                 scan: "scan-\(Int(minutes))")
    }

    var now: Date { t0.addingTimeInterval(6 * 3600) }

    @Test func sameTagAtTwoPlacesOverHalfAnHourFollows() {
        let timeline = [sighting("a", minutes: 0, place: "home"), sighting("a", minutes: 20, place: "bus"), sighting("a", minutes: 40, place: "work")]
        let followers = rule.followers(timeline, now: now)
        #expect(followers.map(\.reason) == [.places])
        #expect(followers.first?.scans == 3)
        #expect(followers.first?.places == 3)
    }

    @Test(arguments: [
        ("too short", [(0.0, "home"), (10.0, "bus"), (20.0, "work")]),
        ("two scans", [(0.0, "home"), (50.0, "work")]),
        ("one place, one hour", [(0.0, "home"), (30.0, "home"), (60.0, "home")]),
    ])
    func notEnough(_ name: String, _ points: [(Double, String)]) {
        let timeline = points.map { sighting("a", minutes: $0.0, place: $0.1) }
        #expect(rule.followers(timeline, now: now).isEmpty, "\(name)")
    }

    @Test func withoutPlacesTwoHoursCount() {
        let long = [0.0, 60, 130].map { sighting("a", minutes: $0, place: nil) }
        #expect(rule.followers(long, now: now).map(\.reason) == [.time])
        let short = [0.0, 40, 90].map { sighting("a", minutes: $0, place: nil) }
        #expect(rule.followers(short, now: now).isEmpty)
    }

    @Test func nearOwnerSightingsNeverCount() {
        let timeline = [0.0, 30, 60, 90].map { sighting("a", minutes: $0, place: $0 < 45 ? "home" : "work", state: .nearOwner) }
        #expect(rule.followers(timeline, now: now).isEmpty)
    }

    @Test func oneScanCountsOnce() {
        // Many advertisements of one scan are one sighting in time.
        let timeline = (0..<10).map { _ in sighting("a", minutes: 0, place: "home") } + [sighting("a", minutes: 40, place: "work")]
        #expect(rule.followers(timeline, now: now).isEmpty)
    }

    @Test func sightingsOlderThanADayAreLeftOut() {
        let timeline = [0.0, 30, 60].map { sighting("a", minutes: $0, place: $0 < 45 ? "home" : "work") }
        #expect(rule.followers(timeline, now: t0.addingTimeInterval(25 * 3600)).isEmpty)
        #expect(!rule.followers(timeline, now: t0.addingTimeInterval(23 * 3600)).isEmpty)
    }

    @Test func appleDailyKeyChangeIsNotChained() {
        // Two identities of (perhaps) one AirTag, each seen twice, either side of the daily key change: not followed.
        let timeline = [sighting("day1", minutes: 0, place: "home"), sighting("day1", minutes: 30, place: "work"),
                        sighting("day2", minutes: 60, place: "home"), sighting("day2", minutes: 90, place: "work")]
        #expect(rule.followers(timeline, now: now).isEmpty)
    }

    @Test func fastRotatingTagsOfOneTypeShowAsAPattern() {
        // A new identity in every scan, at two places, for 48 minutes: the "Find You" clone's pattern.
        let timeline = [0.0, 12, 24, 36, 48].map { sighting("key-\($0)", minutes: $0, place: $0 < 30 ? "home" : "train") }
        let followers = rule.followers(timeline, now: now)
        #expect(followers.map(\.reason) == [.rotating])
        #expect(followers.first?.product == "airtag")
        // At one place only, or in too few scans, it is no pattern.
        let onePlace = [0.0, 12, 24, 36, 48].map { sighting("key-\($0)", minutes: $0, place: "home") }
        #expect(rule.followers(onePlace, now: now).isEmpty)
        let fewScans = [0.0, 24, 48].map { sighting("key-\($0)", minutes: $0, place: $0 < 30 ? "home" : "train") }
        #expect(rule.followers(fewScans, now: now).isEmpty)
    }

    @Test func aCrowdIsNoRotatingPattern() {
        // Many separated tags in some scans, none of this type in others: a station, not a follower.
        var timeline = (0..<6).map { sighting("crowd-\($0)", minutes: 0, place: "station") }
        timeline += [sighting("other", minutes: 20, place: "home", product: "smarttag"),
                     sighting("other", minutes: 40, place: "home", product: "smarttag")]
        timeline += (0..<4).map { sighting("crowd2-\($0)", minutes: 60, place: "train") }
        #expect(rule.followers(timeline, now: now).isEmpty)
    }
}
