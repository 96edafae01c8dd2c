import Foundation
import Safety
import Testing

/// `hygiene evidence add` killed at random moments, many times: the chain stays valid and nothing
/// committed is ever lost.
@Suite struct EvidenceKillTests {
    func add(_ store: String, note: String, file: String, home: String) throws -> Process {
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = ["evidence", "add", "--store", store, "--no-prompt", "--note", note, file]
        process.environment = ["HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config", "PATH": "/usr/bin:/bin", "LANG": "C"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func killingAddAtRandomMomentsNeverBreaksTheChain() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-kill-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/in", withIntermediateDirectories: true)
        let store = home + "/store"
        // A few megabytes, so that copying takes a while and kills land during it as well as around the commit.
        var generator = SystemRandomNumberGenerator()
        func source(_ index: Int) throws -> String {
            let path = home + "/in/recording-\(index).bin"
            var bytes = [UInt8](repeating: 0, count: 4 << 20)
            for i in stride(from: 0, to: bytes.count, by: 4096) { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
            bytes[0] = UInt8(index & 0xFF); bytes[1] = UInt8(index >> 8)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        // How long one whole add takes here.
        let started = Date()
        let first = try add(store, note: "first", file: try source(0), home: home)
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        let whole = Date().timeIntervalSince(started)

        var committed = try EvidenceStore(folder: store, create: false).records()
        // Kill at a random moment below a bound that follows how long adds take now: a run that finished
        // first lowers it, a kill raises it, so that kills keep landing from the start to the commit.
        var killed = 0, finished = 0, run = 0, killedAfterCommit = 0
        var bound = whole
        while killed < 50 && run < 200 {
            run += 1
            let process = try add(store, note: "run \(run)", file: try source(run), home: home)
            usleep(UInt32(Double.random(in: 0...bound, using: &generator) * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let exitedNormally = process.terminationReason == .exit
            if exitedNormally {
                finished += 1
                bound *= 0.8
            } else {
                killed += 1
                bound = min(bound * 1.05, whole * 1.5)
            }

            let opened = try EvidenceStore(folder: store, create: false)
            let verification = try EvidenceVerifier().verify(opened)
            #expect(verification.problems.isEmpty, "run \(run): \(verification.problems)")
            let records = try opened.records()
            // Everything committed before is still there, unchanged.
            #expect(Array(records.prefix(committed.count)) == committed, "run \(run) lost or changed a record")
            #expect(records.count - committed.count <= 1)
            if exitedNormally { #expect(records.count == committed.count + 1 && records.last?.incident.note == "run \(run)") }
            if !exitedNormally && records.count > committed.count { killedAfterCommit += 1 }
            committed = records
            if verification.problems.isEmpty == false { break }
        }
        // Fifty kills must really have landed during adds.
        #expect(killed >= 50, "only \(killed) of \(run) runs were killed")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store + "/files").filter { $0.hasPrefix(".incoming-") }
        // Interrupted copies may stay behind (removed an hour later by the next add), but never as a stored file.
        #expect(leftovers.count <= killed)
        print("kill test: \(run) runs, \(killed) killed (\(killedAfterCommit) after their commit), \(finished) finished, \(leftovers.count) interrupted copies, one add \(whole) s")
    }
}
