import AuditCore
import Fetch
import Foundation
import Testing
import TestSupport

/// The libcurl fetcher against a real server on 127.0.0.1 that can misbehave.
@Suite struct CurlFetcherTests {
    let server: TestHTTPServer

    init() throws {
        server = try TestHTTPServer { request in
            switch request.path {
            case "/hello": return .text("hello", headers: ["X-Test": "yes"])
            case "/redirect": return .respond(status: 302, headers: ["Location": "/hello"], body: Data())
            case "/loop": return .respond(status: 302, headers: ["Location": "/loop"], body: Data())
            case "/to-file": return .respond(status: 302, headers: ["Location": "file:///etc/passwd"], body: Data())
            case "/to-ftp": return .respond(status: 302, headers: ["Location": "ftp://127.0.0.1/x"], body: Data())
            case "/hang": return .hang
            case "/reset": return .reset
            case "/huge": return .stream(bytes: 50 << 20)
            case "/headers": return .text(request.headers["user-agent"] ?? "")
            case "/echo": return .respond(status: 200, headers: ["X-Method": request.method, "X-Type": request.headers["content-type"] ?? "-",
                                                                 "X-Expect": request.headers["expect"] ?? "-"], body: request.body)
            default: return .text("not found", status: 404)
            }
        }
    }

    func fetch(_ path: String, timeout: Duration = .seconds(5), maxBytes: Int = 1 << 20) async throws -> HTTPResponse {
        try await CurlFetcher().fetch(HTTPRequest(url: server.baseURL + path, connectTimeout: .seconds(2), timeout: timeout, maxBytes: maxBytes))
    }

    @Test func fetchesABodyWithStatusAndHeaders() async throws {
        let response = try await fetch("/hello")
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
        #expect(response.headers["x-test"] == "yes")
    }

    @Test func followsRedirectsAndSaysWhereItEnded() async throws {
        let response = try await fetch("/redirect")
        #expect(response.finalURL == server.baseURL + "/hello")
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
    }

    @Test func sendsAnHonestUserAgent() async throws {
        let response = try await fetch("/headers")
        #expect(String(decoding: response.body, as: UTF8.self) == CurlFetcher.userAgent)
    }

    /// Small and DER-like, with NULs in the middle and at the end; large enough for libcurl's "Expect: 100-continue".
    @Test(arguments: [8, 200_000])
    func aPostBodyArrivesIntact(size: Int) async throws {
        let bytes = size == 8 ? [0x30, 0x00, 0x0a, 0x0d, 0x00, 0xff, 0x80, 0x00] : (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(bytes.count == size && bytes.contains(0))
        let response = try await CurlFetcher().fetch(HTTPRequest(
            url: server.baseURL + "/echo", headers: ["Content-Type": "application/timestamp-query"],
            connectTimeout: .seconds(2), timeout: .seconds(10), method: "POST", body: Data(bytes)))
        #expect(response.status == 200)
        #expect(response.headers["x-method"] == "POST")
        #expect(response.headers["x-type"] == "application/timestamp-query")
        #expect(response.headers["x-expect"] == "-")
        #expect(response.body == Data(bytes))
    }

    @Test func anEmptyPostAndAPlainGetSendNoBody() async throws {
        let post = try await CurlFetcher().fetch(HTTPRequest(url: server.baseURL + "/echo", connectTimeout: .seconds(2),
                                                             timeout: .seconds(5), method: "POST", body: Data()))
        #expect(post.headers["x-method"] == "POST")
        #expect(post.body.isEmpty)
        let get = try await fetch("/echo")
        #expect(get.headers["x-method"] == "GET")
        #expect(get.body.isEmpty)
    }

    @Test func aNotFoundIsAResponseNotAnError() async throws {
        #expect(try await fetch("/nothing").status == 404)
    }

    @Test(arguments: [
        ("/loop", FetchError.tooManyRedirects("LOOP")),
        ("/to-file", FetchError.protocolNotAllowed("FILE")),
        ("/to-ftp", FetchError.protocolNotAllowed("FTP")),
    ])
    func badRedirectsAreRefused(path: String, expected: FetchError) async throws {
        do {
            _ = try await fetch(path)
            Issue.record("\(path) was followed")
        } catch let error as FetchError {
            switch (error, expected) {
            case (.tooManyRedirects, .tooManyRedirects), (.protocolNotAllowed, .protocolNotAllowed): break
            default: Issue.record("\(path): \(error)")
            }
        }
    }

    @Test func aHangingServerTimesOut() async throws {
        let start = ContinuousClock.now
        await #expect(throws: FetchError.timeout(server.baseURL + "/hang", seconds: 1)) {
            _ = try await fetch("/hang", timeout: .seconds(1))
        }
        #expect(ContinuousClock.now - start < .seconds(300))   // a guard against hanging, bounded even on a loaded two-core machine running the suite in parallel; the error says 1 s
    }

    @Test func aHugeBodyIsCutOff() async throws {
        await #expect(throws: FetchError.tooLarge(server.baseURL + "/huge", limit: 1 << 20)) {
            _ = try await fetch("/huge")
        }
    }

    @Test func aResetConnectionIsReported() async throws {
        await #expect(throws: FetchError.connectionLost(server.baseURL + "/reset")) {
            _ = try await fetch("/reset")
        }
    }

    @Test func otherSchemesAreNeverFetched() async throws {
        await #expect(throws: FetchError.protocolNotAllowed("file:///etc/passwd")) {
            _ = try await CurlFetcher().fetch(HTTPRequest(url: "file:///etc/passwd"))
        }
    }

    @Test func aClosedPortIsRefused() async throws {
        let closed = try TestHTTPServer { _ in .text("") }
        let url = closed.baseURL + "/"
        closed.stop()
        await #expect(throws: FetchError.refused(url)) {
            _ = try await CurlFetcher().fetch(HTTPRequest(url: url, connectTimeout: .seconds(2), timeout: .seconds(3)))
        }
    }
}
