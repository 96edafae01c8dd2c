import ArgumentParser
import AuditCore
import Foundation
import Trackers

/// The trackers family's options in the audit: whether to scan for Bluetooth trackers, and how long.
struct TrackersOptions: FamilyOptions {
    @Flag(name: .long, help: "Also listen for Bluetooth item trackers (AirTag, SmartTag, Tile…) near this computer, through BlueZ.")
    var trackers = false

    @Option(name: .customLong("trackers-seconds"), help: "How long to listen for trackers, in seconds (5 to 300; default 30).")
    var trackersSeconds: Int = 30

    @Option(name: .customLong("trackers-adapter"), help: ArgumentHelp("The Bluetooth adapter to listen with (default: the first).", valueName: "name"))
    var trackersAdapter: String?

    @Flag(name: .customLong("trackers-save"), help: "Keep this scan's trackers (hashed, 14 days) so that later scans can tell whether one travels with you.")
    var trackersSave = false

    @Option(name: .customLong("trackers-place"), help: ArgumentHelp("A name for where you are now, when this computer is on no network.", valueName: "name"))
    var trackersPlace: String?

    var family: String { "trackers" }

    var given: AuditInputs {
        var given = AuditInputs()
        if trackers {
            given[TrackersFamily.request] = TrackersFamily.Request(seconds: trackersSeconds, adapter: trackersAdapter, save: trackersSave, place: trackersPlace)
        }
        return given
    }

    func validate() throws {
        guard TrackersFamily.secondsRange.contains(trackersSeconds) else {
            throw ValidationError("--trackers-seconds must be between \(TrackersFamily.secondsRange.lowerBound) and \(TrackersFamily.secondsRange.upperBound)")
        }
    }
}
