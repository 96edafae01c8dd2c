import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// `hygiene safety` on a terminal, through a pseudo-terminal with the built binary: keys typed one by one.
@Suite(.serialized) struct SafetyWalkTests {
    func home() throws -> String {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-safety-walk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        return home
    }

    static let wipe = ResetWalk.wipe

    /// What the program showed after it last cleared the screen, without its colours (on a terminal the text is coloured).
    static func lastScreen(_ output: String) throws -> String {
        let tail = output[try #require(output.range(of: wipe, options: .backwards)).upperBound...]
        return String(tail).replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    @Test func answeringSomeAndStoppingShowsWhatRaisesTheRisk() async throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try await offThePool { try ResetWalkTests().walk(["safety"], home: home, keys: [
            ("Danger right now — question 1 of 17", "n"), ("question 2 of 17", "n"), ("question 3 of 17", "n"),
            ("Question 4 of 17", "y"), ("Question 5 of 17", "q"),
        ]) }
        #expect(run.status == 0)
        let result = try Self.lastScreen(run.output)
        #expect(result.hasPrefix("Risk check: stalking"), "\(result.prefix(200))")
        #expect(result.contains("Someone who invests this much in stalking you is less likely to stop on their own."))
        #expect(result.contains("Nothing was stored"))
        #expect(!FileManager.default.fileExists(atPath: home + "/data"))
    }

    @Test func aYesToDangerRightNowShows112AtOnce() async throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try await offThePool { try ResetWalkTests().walk(["safety", "--save"], home: home, keys: [
            ("Danger right now — question 1 of 17", "y"),
        ]) }
        #expect(run.status == 0)
        let result = try Self.lastScreen(run.output)
        #expect(result.hasPrefix("⚠ CALL 112 NOW"), "\(result.prefix(200))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/data/hygiene/safety").count == 1)
    }

    @Test func theQuickExitLeavesAClearedScreenAndNothingStored() async throws {
        let home = try home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try await offThePool { try ResetWalkTests().walk(["safety", "--save"], home: home, keys: [
            ("question 1 of 17", "n"), ("question 2 of 17", "x"),
        ]) }
        #expect(run.status == 0)
        let tail = try #require(run.output.range(of: Self.wipe, options: .backwards)).upperBound
        #expect(run.output[tail...].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: home + "/data"))
    }
}
