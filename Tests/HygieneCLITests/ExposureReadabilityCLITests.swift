import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// `hygiene audit --url` on pages that were fetched but not read: the JSON marks them `readable:
/// false` with the reason, the text report says what to do, the score stays below 100; and
/// `--render` without a browser stops with how to install one.
@Suite struct ExposureReadabilityCLITests {
    static let signIn = """
        <html><head><title>Log in</title></head><body><form><label>Email or phone <input name="u"></label>
        <label>Password <input type="password" name="p"></label><button>Log in</button><a href="/r">Forgot password?</a></form></body></html>
        """

    static func server() throws -> TestHTTPServer {
        try TestHTTPServer { request in
            switch request.path {
            case "/login": return .respond(status: 200, headers: ["Content-Type": "text/html"], body: Data(signIn.utf8))
            case "/shell": return .respond(status: 200, headers: ["Content-Type": "text/html"],
                                           body: Data("<html><head><title>App</title></head><body><div id=\"root\"></div><script src=\"/a.js\"></script></body></html>".utf8))
            default: return .text("not found", status: 404)
            }
        }
    }

    @Test func unreadablePagesAreMarkedExplainedAndKeepTheScoreBelow100() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let sandbox = Sandbox()
        let json = await sandbox.run(["audit", "--only", "exposure", "--url", server.baseURL + "/login", "--url", server.baseURL + "/shell",
                                      "--format", "json", "--no-state"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any], "\(json.errors)")
        let sources = try #require(report["sources"] as? [[String: Any]])
        #expect(sources.count == 2)
        for source in sources {
            #expect(source["ok"] as? Bool == true)
            #expect(source["readable"] as? Bool == false)
        }
        let login = try #require(sources.first { ($0["url"] as? String)?.hasSuffix("/login") == true })
        #expect((login["detail"] as? String)?.contains("not readable: a sign-in page") == true)
        let shell = try #require(sources.first { ($0["url"] as? String)?.hasSuffix("/shell") == true })
        #expect((shell["detail"] as? String)?.contains("--render") == true)
        let findings = try #require(report["findings"] as? [[String: Any]])
        let unreadable = try #require(findings.first { $0["check"] as? String == "exposure.unreadable" })
        #expect(unreadable["severity"] as? String == "low")
        #expect((unreadable["subjects"] as? [[String: String]])?.count == 2)
        let score = try #require(report["score"] as? Int)
        #expect(score < 100)

        let text = await sandbox.run(["audit", "--only", "exposure", "--url", server.baseURL + "/login", "--lang", "nl", "--no-state"])
        #expect(text.output.contains("! \(server.baseURL)/login — opgehaald: HTTP 200"), "\(text.output)")
        #expect(text.output.contains("niet leesbaar: een inlogpagina"))
        #expect(!text.output.contains("Geen bevindingen"))
    }

    @Test func renderWithoutABrowserStopsWithHowToInstallOne() async throws {
        let sandbox = Sandbox()
        sandbox.extraVariables["HYGIENE_CHROMIUM"] = sandbox.home + "/no-such-browser"
        let run = await sandbox.run(["audit", "--only", "exposure", "--url", "http://127.0.0.1:9/", "--render", "--no-state"])
        #expect(run.code == 2)
        #expect(run.errors.contains("apt install chromium"), "\(run.errors)")
        #expect(run.output.isEmpty)
    }
}
