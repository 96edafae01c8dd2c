import ArgumentParser
import AuditCore
import Foundation
import Trackers

/// `hygiene trackers`: Bluetooth item trackers near this computer, heard through BlueZ.
struct TrackersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trackers",
        abstract: "Listen for Bluetooth item trackers (AirTag, SmartTag, Tile, Chipolo, Google's network) near this computer.",
        discussion: """
            'scan' listens once and lists the trackers heard, those away from their owner first. 'watch' scans \
            again and again while you move around and says whether one seems to travel with you. Nothing is \
            paired, connected or switched on; Bluetooth must be on. Nothing found means nothing heard, not safe.

            Exit status: 0 no tracker away from its owner heard, 1 one was heard (or seems to follow you), \
            2 the scan could not run or stopped early, 64 a usage error.
            """,
        subcommands: [Scan.self, Watch.self, Forget.self],
        defaultSubcommand: Scan.self)

    /// The options `scan` and `watch` share.
    struct ListenOptions: ParsableArguments {
        @Option(name: .long, help: "Seconds to listen in each scan (5 to 300).")
        var seconds: Int = 30

        @Option(name: .long, help: ArgumentHelp("The Bluetooth adapter to listen with (default: the first).", valueName: "name"))
        var adapter: String?

        @Flag(name: .long, help: "Keep the trackers heard (hashed, 14 days) so that later scans and audits can tell whether one travels with you.")
        var save = false

        @Option(name: .long, help: ArgumentHelp("A name for where you are now (default: the network this computer is on).", valueName: "name"))
        var place: String?

        @Option(name: .long, help: "Output format: text, markdown, html or json.")
        var format: OutputFormat = .text

        func validate() throws {
            guard TrackersFamily.secondsRange.contains(seconds) else {
                throw ValidationError("--seconds must be between \(TrackersFamily.secondsRange.lowerBound) and \(TrackersFamily.secondsRange.upperBound)")
            }
        }

        var request: TrackersFamily.Request { TrackersFamily.Request(seconds: seconds, adapter: adapter, save: save, place: place) }
    }

    /// `hygiene trackers scan`: one scan.
    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan",
            abstract: "Listen once and list the trackers heard, those away from their owner first.")

        @OptionGroup var common: CommonOptions
        @OptionGroup var listen: ListenOptions

        func run() async throws {
            try await reportingErrors {
                let environment = CLIEnvironment.current
                let configuration = try common.loadConfiguration()
                let language = common.language(configuration)
                let classifier = TrackerClassifier(try TrackersFamily.signatures(in: try common.loadChecks(configuration)))
                let store = listen.save ? try Catalog.openState(environment) : nil
                let scan = try await TrackersListening.scan(listen.request, classifier: classifier, language: language, environment: environment)
                var followers: [Follower]?
                if let store {
                    let history = TrackerHistory(state: store)
                    let hasher = try history.hasher()
                    let place = (listen.place ?? NetworkManagerPlace(busAddress: environment.variables["DBUS_SYSTEM_BUS_ADDRESS"]).currentPlace())
                        .map { hasher.hash("place|\($0)") }
                    try history.save(Sighting.from(scan, hasher: hasher, place: place, scanID: UUID().uuidString), now: environment.now())
                    let kept = try history.sightings(since: environment.now().addingTimeInterval(-FollowingRule().window)).sightings
                    followers = FollowingRule().followers(kept, now: environment.now())
                }
                let document = TrackerScanDocument(scan: scan, followers: followers)
                environment.output.write(try document.render(listen.format, language: language,
                                                             color: listen.format == .text && environment.useColor, width: environment.terminalWidth))
                if let interruption = scan.recording.interruption {
                    environment.warn("hygiene: " + interruption.message(language))
                    throw ExitCode(2)
                }
                if !scan.separated.isEmpty || followers?.isEmpty == false { throw ExitCode(1) }
            }
        }
    }

    /// `hygiene trackers watch`: scans while the person moves around, and the following rule over them.
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch",
            abstract: "Scan again and again while you travel or move between rooms, and say whether a tracker seems to come along.",
            discussion: """
                A tracker counts as possibly travelling with you when the same one, away from its owner, is heard in \
                at least 3 scans over at least 30 minutes at 2 places or more (AirGuard's rule, adapted). A laptop \
                has no GPS: a place is the network it is on, or the name you give with --place; without two places \
                the tracker must stay 2 hours. What was heard is forgotten when the watch ends, unless --save.
                """)

        @OptionGroup var common: CommonOptions
        @OptionGroup var listen: ListenOptions

        @Option(name: .long, help: "How long to watch, in minutes (1 to 720).")
        var minutes: Int = 30

        @Option(name: .long, help: "Seconds from the start of one scan to the start of the next (at least the scan's length).")
        var every: Int = 120

        func validate() throws {
            guard (1...720).contains(minutes) else { throw ValidationError("--minutes must be between 1 and 720") }
            guard every >= listen.seconds, every <= 3600 else { throw ValidationError("--every must be at least --seconds and at most 3600") }
        }

        func run() async throws {
            try await reportingErrors {
                let environment = CLIEnvironment.current
                let configuration = try common.loadConfiguration()
                let language = common.language(configuration)
                let classifier = TrackerClassifier(try TrackersFamily.signatures(in: try common.loadChecks(configuration)))
                let history = listen.save ? TrackerHistory(state: try Catalog.openState(environment)) : nil
                let hasher = try history?.hasher() ?? IdentityHasher.ephemeral()
                let probe = NetworkManagerPlace(busAddress: environment.variables["DBUS_SYSTEM_BUS_ADDRESS"])
                let end = environment.now().addingTimeInterval(TimeInterval(minutes * 60))
                let rounds = max(1, (minutes * 60 + every - 1) / every)
                var sightings: [Sighting] = []
                var last: TrackerScan?
                var heard: [Advertisement] = []
                var listened: TimeInterval = 0
                var round = 0
                var placesSeen: [String] = []
                var sightingsStart: Date?
                var stopped = false
                while round < rounds && environment.now() < end {
                    round += 1
                    let started = environment.now()
                    let placeName = listen.place ?? probe.currentPlace()
                    let place = placeName.map { hasher.hash("place|\($0)") }
                    if let place, !placesSeen.contains(place) { placesSeen.append(place) }
                    let scan = try await TrackersListening.scan(listen.request, classifier: classifier, language: language, environment: environment)
                    if sightingsStart == nil { sightingsStart = scan.recording.started }
                    let found = Sighting.from(scan, hasher: hasher, place: place, scanID: UUID().uuidString)
                    sightings += found
                    try history?.save(found, now: environment.now())
                    last = scan
                    heard += scan.recording.advertisements
                    listened += scan.recording.ended.timeIntervalSince(scan.recording.started)
                    let placeIndex = place.flatMap { placesSeen.firstIndex(of: $0) }.map { $0 + 1 }
                    environment.warn(TrackersCLIWords.round(round, of: rounds, separated: scan.separated.count, trackers: scan.trackers.count, place: placeIndex)(language))
                    if let interruption = scan.recording.interruption {
                        // What the watch heard until now is still shown; the exit status says it stopped early.
                        environment.warn("hygiene: " + interruption.message(language))
                        stopped = true
                        break
                    }
                    let wait = TimeInterval(every) - environment.now().timeIntervalSince(started)
                    if round < rounds, wait > 0, environment.now().addingTimeInterval(wait) < end {
                        try await Task.sleep(for: .seconds(wait))
                    }
                }
                var kept = sightings
                if let history {
                    kept = try history.sightings(since: environment.now().addingTimeInterval(-FollowingRule().window)).sightings
                }
                let followers = FollowingRule().followers(kept, now: environment.now())
                guard let last else { return }
                if placesSeen.count < 2 { environment.warn(TrackersCLIWords.onePlace(language)) }
                // Everything heard in the watch, not only in its last scan: a tag heard once early on is still shown.
                var whole = TrackerScan(recording: ScanRecording(adapter: last.recording.adapter, started: sightingsStart ?? last.recording.started,
                                                                 ended: (sightingsStart ?? last.recording.started).addingTimeInterval(listened),
                                                                 advertisements: heard, unreadable: last.recording.unreadable),
                                        classifier: classifier)
                whole.keys = hasher
                let document = TrackerScanDocument(scan: whole, followers: followers, scans: round)
                environment.output.write(try document.render(listen.format, language: language,
                                                             color: listen.format == .text && environment.useColor, width: environment.terminalWidth))
                if stopped { throw ExitCode(2) }
                if !followers.isEmpty || !whole.separated.isEmpty { throw ExitCode(1) }
            }
        }
    }

    /// `hygiene trackers forget`: forgets the kept sightings.
    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forget",
            abstract: "Forget the trackers kept by --save (the hashed sightings in the state database).")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await reportingErrors {
                let environment = CLIEnvironment.current
                let configuration = try common.loadConfiguration()
                let language = common.language(configuration)
                let removed = try TrackerHistory(state: try Catalog.openState(environment)).forget()
                environment.output.write(TrackersCLIWords.forgot(removed)(language) + "\n")
            }
        }
    }
}

/// One scan from the command line: a hint and a live count on a terminal, the problem as an error.
enum TrackersListening {
    static func scan(_ request: TrackersFamily.Request, classifier: TrackerClassifier, language: Language,
                     environment: CLIEnvironment) async throws -> TrackerScan {
        let sink = environment.errors
        let terminal = environment.errorsIsTerminal
        if terminal { sink.write(TrackersCLIWords.walkAround(language) + "\n") }
        var progress: (@Sendable (String, Int, Int) -> Void)?
        if terminal {
            progress = { (words: String, done: Int, total: Int) in sink.write("\r\u{1B}[2K\(words) \(done)/\(total)…") }
        }
        let clear: @Sendable () -> Void = { if terminal { sink.write("\r\u{1B}[2K") } }
        let outcome = await TrackersFamily.run(request, scanner: TrackersFamily.bluez(request, environment.variables), classifier: classifier,
                                               language: language, progress: progress, done: clear)
        switch outcome {
        case .success(let scan): return scan
        case .failure(let problem): throw problem
        }
    }
}

/// What the trackers commands say, in both languages.
enum TrackersCLIWords {
    static let walkAround = LocalizedText(
        en: "Listening for Bluetooth trackers. Walk slowly around the room, the car or your bags with this computer: the signal gets stronger as you get closer.",
        nl: "Luisteren naar Bluetooth-trackers. Loop langzaam met deze computer door de kamer, de auto of langs je tassen: het signaal wordt sterker als je dichterbij komt.")

    static let onePlace = LocalizedText(
        en: "All scans were made at one place (or this computer could not tell places apart): only a tracker that stayed 2 hours or more can count as following you. Use --place NAME when you move, if this computer is on no network.",
        nl: "Alle scans zijn op één plek gemaakt (of deze computer kon plekken niet onderscheiden): alleen een tracker die 2 uur of langer bleef telt als volgend. Gebruik --place NAAM als je verplaatst, als deze computer op geen netwerk zit.")

    static func round(_ round: Int, of rounds: Int, separated: Int, trackers: Int, place: Int?) -> LocalizedText {
        let at = place.map { LocalizedText(en: ", place \($0)", nl: ", plek \($0)") } ?? LocalizedText(en: ", place unknown", nl: ", plek onbekend")
        return LocalizedText(en: "scan \(round)/\(rounds): \(trackers) tracker\(trackers == 1 ? "" : "s"), \(separated) away from the owner\(at.en)",
                             nl: "scan \(round)/\(rounds): \(trackers) tracker\(trackers == 1 ? "" : "s"), \(separated) weg van de eigenaar\(at.nl)")
    }

    static func forgot(_ count: Int) -> LocalizedText {
        LocalizedText(en: "Forgot \(count) kept tracker sighting\(count == 1 ? "" : "s").", nl: "\(count) bewaarde trackerwaarneming\(count == 1 ? "" : "en") vergeten.")
    }
}
