import Foundation
import Testing
import TestSupport

/// The printable checklist, opened in headless Chromium: the page parses, every step has its box, and
/// it prints. CI installs Chromium (`.ci/deps --tests`) and sets HYGIENE_REQUIRE_CHROMIUM, so the test
/// cannot be skipped there; elsewhere it runs when Chromium is installed.
@Suite struct ResetHTMLTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    func chromium(_ arguments: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    @Test func thePrintableChecklistOpensAndPrintsInChromium() async throws {
        guard Self.chromium != nil else {
            if ProcessInfo.processInfo.environment["HYGIENE_REQUIRE_CHROMIUM"] != nil {
                Issue.record("Chromium is required here but not installed; run .ci/deps --tests")
            }
            return
        }
        let sandbox = Sandbox()
        let vault = ResetCLITests.fixture("bitwarden.json")
        let page = sandbox.home + "/plan.html"
        _ = await sandbox.run(["reset", "done", "1", "--vault", vault])
        let written = await sandbox.run(["reset", "--vault", vault, "--since", "2026-01-01", "--format", "html", "--output", page, "--lang", "nl"])
        #expect(written.code == 0, "\(written.errors)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(await sandbox.run(["reset", "--vault", vault, "--format", "json"]).output.utf8)) as? [String: Any])
        let steps = (plan["steps"] as? [[String: Any]])?.count ?? 0

        let dom = try await offThePool { try chromium(["--dump-dom", "file://" + page]) }
        #expect(dom.status == 0)
        // Chromium's own parse of the page: one box per step, the done step ticked, Dutch text, no script.
        #expect(dom.output.components(separatedBy: "type=\"checkbox\"").count - 1 == steps)
        #expect(dom.output.components(separatedBy: "checked=\"\"").count - 1 == 1)
        #expect(dom.output.contains("<html lang=\"nl\">"))
        #expect(dom.output.contains("Bewaar bewijs voordat je iets verandert"))
        #expect(!dom.output.contains("<script"))

        let pdf = sandbox.home + "/plan.pdf"
        let printed = try await offThePool { try chromium(["--print-to-pdf=" + pdf, "--no-pdf-header-footer", "file://" + page]) }
        #expect(printed.status == 0)
        let data = try #require(FileManager.default.contents(atPath: pdf))
        #expect(data.starts(with: Data("%PDF".utf8)))
        #expect(data.count > 20_000)
    }
}
