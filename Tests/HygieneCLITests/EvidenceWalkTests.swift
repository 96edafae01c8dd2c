import CTestPTY
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `hygiene evidence add` on a real terminal, through a pseudo-terminal with the built binary: lines typed
/// as a person types them, each after its question has appeared.
@Suite(.serialized) struct EvidenceWalkTests {
    /// Runs the binary on a terminal; each line is typed once `waitFor` has appeared `times` times.
    func type(_ arguments: [String], home: String, lines: [(waitFor: String, times: Int, line: String)]) throws -> (output: String, status: Int32) {
        let pty = try ResetWalkTests.PTY()
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = arguments
        process.environment = ["HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config", "PATH": "/usr/bin:/bin",
                               "LANG": "nl_NL.UTF-8", "COLUMNS": "100", "TERM": "xterm"]
        let handle = FileHandle(fileDescriptor: pty.terminal, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        close(pty.terminal)
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        func seen(_ text: String) -> Int { String(decoding: output, as: UTF8.self).components(separatedBy: text).count - 1 }
        func readUntil(_ text: String, times: Int, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if seen(text) >= times { return true }
                var poller = pollfd(fd: pty.controller, events: Int16(POLLIN), revents: 0)
                if poll(&poller, 1, 100) > 0 {
                    let count = read(pty.controller, &buffer, buffer.count)
                    if count <= 0 { return seen(text) >= times }
                    output.append(contentsOf: buffer[0..<count])
                }
            }
            return seen(text) >= times
        }
        for (waitFor, times, line) in lines {
            let appeared = readUntil(waitFor, times: times, seconds: 60)
            #expect(appeared, "the terminal never showed '\(waitFor)' \(times) times: \(String(decoding: output, as: UTF8.self))")
            let typed = line + "\n"
            _ = write(pty.controller, typed, typed.utf8.count)
        }
        _ = readUntil("\u{0}never", times: 1, seconds: 3)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        close(pty.controller)
        return (String(decoding: output, as: UTF8.self), process.terminationStatus)
    }

    func show(_ number: Int, home: String) throws -> String {
        let process = Process()
        process.executableURL = EndToEndTests.binary
        process.arguments = ["evidence", "show", String(number)]
        process.environment = ["HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config", "PATH": "/usr/bin:/bin",
                               "LANG": "nl_NL.UTF-8"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// "yyyy-MM-dd" of the day `back` days before today, in the local time zone the binary also uses.
    static func day(_ back: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Calendar.current.date(byAdding: .day, value: -back, to: Date())!)
    }

    @Test func aTimeItDoesNotUnderstandIsAskedAgainAndEveryOtherAnswerIsKept() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-evidence-walk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let shot = home + "/schermafbeelding 1.png"
        try Data("screenshot".utf8).write(to: URL(fileURLWithPath: shot))
        let run = try await offThePool { try type(["evidence", "add"], home: home, lines: [
            ("Wanneer gebeurde het?", 1, "gisteren is geen tijd"),
            ("Probeer het opnieuw", 1, "eergisteren 21.15"),
            ("Waar?", 1, "Voor de deur"),
            ("Hoe lang duurde het?", 1, "een kwartier"),
            ("Hoe?", 1, "7, 14"),
            ("Wie heeft het gezien", 1, "de buurvrouw"),
            ("Wat gebeurde er?", 1, "Hij bonsde op de deur en riep dreigementen"),
            ("Een bestand of map", 1, home + "/bestaat-niet.png"),
            ("Probeer deze opnieuw", 1, shot.replacingOccurrences(of: " ", with: "\\ ")),
            ("Een bestand of map", 3, ""),
        ]) }
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("'gisteren is geen tijd' is geen tijd die hygiene begrijpt"))
        #expect(run.output.contains("bestaat-niet.png: dit bestand kan niet worden gelezen"))
        #expect(run.output.contains("Voorval 1 staat in je logboek, met 1 bestand"), "\(run.output)")
        #expect(!run.output.contains("Melding") && !run.output.contains("nothing was recorded") && !run.output.contains("is not a time"))
        let record = try await offThePool { try show(1, home: home) }
        for kept in ["Voor de deur", "een kwartier", "aan de deur of bij mijn huis", "bedreiging", "de buurvrouw",
                     "Hij bonsde op de deur en riep dreigementen", "schermafbeelding 1.png", Self.day(2) + " 21:15"] {
            #expect(record.contains(kept), "'\(kept)' was lost: \(record)")
        }
    }

    @Test(arguments: [("vandaag 00:01", 0), ("gisteren", 1), ("gisteravond 9.30", 1), ("yesterday 21:30", 1), ("eergisteren", 2)])
    func theDayWordsPeopleUseAreUnderstood(answer: String, back: Int) async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-evidence-walk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try await offThePool { try type(["evidence", "add", "--note", "Een bericht"], home: home, lines: [
            ("Wanneer gebeurde het?", 1, answer), ("Waar?", 1, ""), ("Hoe lang", 1, ""), ("Hoe?", 1, ""), ("Wie heeft", 1, ""),
            ("Een bestand of map", 1, ""),
        ]) }
        #expect(run.status == 0, "\(run.output)")
        #expect(!run.output.contains("Probeer het opnieuw"), "\(answer) was refused: \(run.output)")
        let record = try await offThePool { try show(1, home: home) }
        #expect(record.contains("Wanneer: " + Self.day(back)), "\(answer): \(record)")
    }
}
