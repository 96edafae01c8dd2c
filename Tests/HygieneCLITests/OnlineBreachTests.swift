import AuditCore
import Crypto
import Fetch
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport
import Vault

/// The online breach check against a real server on 127.0.0.1 that answers like the range API.
@Suite struct OnlineBreachTests {
    static func sha1(_ text: String) -> String { Insecure.SHA1.hash(data: Data(text.utf8)).map { String(format: "%02X", $0) }.joined() }

    /// Serves `/range/XXXXX` with the suffixes of `breached` plus padding; the first request gets a 429.
    static func server(breached: [String: Int], throttleFirst: Bool = false) throws -> TestHTTPServer {
        let first = LockedBox(true)
        return try TestHTTPServer { request in
            if throttleFirst && first.take() { return .respond(status: 429, headers: ["Retry-After": "0"], body: Data()) }
            guard request.path.hasPrefix("/range/"), request.path.count == 12 else { return .text("bad request", status: 400) }
            let prefix = String(request.path.dropFirst(7))
            var lines = breached.compactMap { password, count -> String? in
                let hash = sha1(password)
                return hash.hasPrefix(prefix) ? "\(hash.dropFirst(5)):\(count)" : nil
            }
            lines += (0..<30).map { String(format: "%035X:0", $0 * 7919) }   // padding
            return .text(lines.shuffled().joined(separator: "\r\n"))
        }
    }

    @Test func onlyPrefixesLeaveTheMachineAndBreachedPasswordsAreFound() async throws {
        let server = try Self.server(breached: ["Zomer2023!": 1234, "hunter22": 7], throttleFirst: true)
        defer { server.stop() }
        let client = PwnedRangeClient(fetcher: CurlFetcher(), base: server.baseURL + "/range/", concurrency: 2)
        let counts = try await client.counts(for: [Secret("Zomer2023!"), Secret("hunter22"), Secret("not-breached-\(UUID())")])
        #expect(counts[Secret("Zomer2023!")] == 1234)
        #expect(counts[Secret("hunter22")] == 7)
        #expect(counts.values.filter { $0 == 0 }.count == 1)
        let requests = server.received
        #expect(requests.count == 4)   // three prefixes, one of them asked twice after the 429
        for request in requests {
            #expect(request.path.count == 12, "more than a prefix was sent: \(request.path)")
            #expect(request.headers["add-padding"] == "true")
            #expect(!request.path.contains(Self.sha1("Zomer2023!")))
        }
    }

    @Test func aFailingServiceIsAnErrorNeverAnAllClear() async throws {
        let server = try TestHTTPServer { _ in .text("down", status: 500) }
        defer { server.stop() }
        let client = PwnedRangeClient(fetcher: CurlFetcher(), base: server.baseURL + "/range/")
        await #expect(throws: PwnedRangeClient.LookupError.self) {
            _ = try await client.counts(for: [Secret("x")])
        }
    }

    @Test func theAuditUsesTheOnlineCheckOnlyWhenAskedAndReportsFailureAsError() async throws {
        let server = try Self.server(breached: ["Planted-Online-1!": 99])
        defer { server.stop() }
        let sandbox = Sandbox()
        sandbox.extraVariables["HYGIENE_PWNED_RANGE_URL"] = server.baseURL + "/range/"
        let export = sandbox.home + "/export.csv"
        try "name,url,username,password\nMail,https://mail.example,me,Planted-Online-1!\nShop,https://shop.example,me,Other-Fresh-99\n"
            .write(toFile: export, atomically: true, encoding: .utf8)
        let offline = await sandbox.run(["audit", "--only", "vault", "--vault", export, "--no-state", "--format", "json"])
        #expect(server.received.isEmpty, "nothing may be sent without --online-breach-check")
        #expect(offline.output.contains("no breach list"))
        let online = await sandbox.run(["audit", "--only", "vault", "--vault", export, "--no-state", "--format", "json", "--online-breach-check"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(online.output.utf8)) as? [String: Any])
        let breached = (report["findings"] as? [[String: Any]])?.first { $0["check"] as? String == "vault.breached" }
        #expect((breached?["subjects"] as? [[String: String]])?.first?["seen in breaches"] == "99")
        #expect(!online.output.contains("Planted-Online-1!"))
        server.stop()
        let down = await sandbox.run(["audit", "--only", "vault", "--vault", export, "--no-state", "--format", "json", "--online-breach-check"])
        let checks = (try JSONSerialization.jsonObject(with: Data(down.output.utf8)) as? [String: Any])?["checks"] as? [[String: Any]]
        #expect(checks?.first { $0["id"] as? String == "vault.breached" }?["status"] as? String == "error")
    }
}

final class LockedBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Bool
    init(_ value: Bool) { self.value = value }
    /// Returns the value and sets it to false.
    func take() -> Bool { lock.withLock { defer { value = false }; return value } }
}
