import Foundation

/// A real RFC 3161 time-stamping authority for the tests: an openssl CA (a self-signed root) that issued two TSA
/// certificates (RSA and ECDSA P-256, extended key usage critical timeStamping), and `openssl ts -reply` run for each
/// request behind a `TestHTTPServer`. The keys and certificates are made once per test run, in a temporary folder
/// removed when the run ends; each suite starts its own server.
public struct TimestampPKI: Sendable {
    public static let openssl = "/usr/bin/openssl"
    public static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-tsa-\(UUID().uuidString)")
    /// The TSA policy the authorities stamp under; its DER (06 04 2A 03 04 01) is found in tokens to alter them.
    public static let policy = "1.2.3.4.1"
    public static let policyDER: [UInt8] = [0x06, 0x04, 0x2a, 0x03, 0x04, 0x01]

    /// The test CA's certificate (PEM).
    public var rootFile: String { Self.folder.appendingPathComponent("root.pem").path }

    /// Made once, off the cooperative pool (openssl generates keys).
    public static let shared = Task { try await offThePool { try TimestampPKI.make() } }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func make() throws -> TimestampPKI {
        guard FileManager.default.isExecutableFile(atPath: openssl) else {
            throw Failure(description: "\(openssl) is missing: the time-stamp tests run a local TSA with it; install Debian's openssl (.ci/deps --tests)")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TimestampPKI.folder) }
        let dir = folder.path
        try write("openssl.cnf", """
            [ req ]
            distinguished_name = dn
            prompt = no
            [ dn ]
            CN = unused
            [ root ]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            [ tsa ]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, nonRepudiation
            extendedKeyUsage = critical, timeStamping
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            [ plain ]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = serverAuth
            """)
        // One section per authority; "strict" accepts SHA-512 imprints only, so it rejects ours (badAlg).
        func section(_ name: String, essAlgorithm: String, digests: String = "sha256, sha384, sha512") -> String {
            """
            [ \(name) ]
            dir = \(dir)
            serial = $dir/serial-\(name)
            crypto_device = builtin
            signer_digest = sha256
            default_policy = \(policy)
            other_policies = 1.2.3.4.5
            digests = \(digests)
            accuracy = secs:1, millisecs:500, microsecs:100
            clock_precision_digits = 0
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = \(essAlgorithm)

            """
        }
        try write("tsa.cnf", "[ tsa ]\ndefault_tsa = rsa\n" + section("rsa", essAlgorithm: "sha1") + section("ecdsa", essAlgorithm: "sha256")
                  + section("strict", essAlgorithm: "sha256", digests: "sha512"))
        for name in ["rsa", "ecdsa", "strict"] { try write("serial-\(name)", "01\n") }

        let config = "\(dir)/openssl.cnf"
        try run(["req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-config", config,
                 "-extensions", "root", "-subj", "/O=Hygiene Tests/CN=Hygiene Test Root CA", "-days", "3650",
                 "-keyout", "\(dir)/root.key", "-out", "\(dir)/root.pem"])
        for (name, key) in [("rsa", ["-newkey", "rsa:2048"]), ("ecdsa", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"])] {
            try run(["req", "-new"] + key + ["-nodes", "-config", config, "-subj", "/O=Hygiene Tests/CN=Hygiene Test TSA \(name.uppercased())",
                                              "-keyout", "\(dir)/tsa-\(name).key", "-out", "\(dir)/tsa-\(name).csr"])
            try run(["x509", "-req", "-in", "\(dir)/tsa-\(name).csr", "-CA", "\(dir)/root.pem", "-CAkey", "\(dir)/root.key",
                     "-set_serial", name == "rsa" ? "2" : "3", "-days", "3650", "-extfile", config, "-extensions", "tsa",
                     "-out", "\(dir)/tsa-\(name).pem"])
        }
        // Not a time-stamping certificate (server authentication only), for the RSA key.
        try run(["x509", "-req", "-in", "\(dir)/tsa-rsa.csr", "-CA", "\(dir)/root.pem", "-CAkey", "\(dir)/root.key",
                 "-set_serial", "4", "-days", "3650", "-extfile", config, "-extensions", "plain", "-subj", "/O=Hygiene Tests/CN=Hygiene Test Web Server",
                 "-out", "\(dir)/plain.pem"])
        return TimestampPKI()
    }

    /// `content` (a TSTInfo) signed with `openssl cms` by the RSA key under the certificate `certificate` ("tsa-rsa" or
    /// "plain"): a second CMS writer, and a way to sign with a certificate openssl ts would refuse. `cades` adds the
    /// signing-certificate-v2 attribute.
    public func cmsSign(_ content: Data, certificate: String, cades: Bool) throws -> Data {
        let dir = Self.folder.path
        let id = UUID().uuidString
        let contentFile = "\(dir)/\(id).der", tokenFile = "\(dir)/\(id).p7"
        try content.write(to: URL(fileURLWithPath: contentFile))
        defer {
            try? FileManager.default.removeItem(atPath: contentFile)
            try? FileManager.default.removeItem(atPath: tokenFile)
        }
        try Self.run(["cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-econtent_type", "1.2.840.113549.1.9.16.1.4",
                      "-md", "sha256", "-nosmimecap", "-in", contentFile, "-signer", "\(dir)/\(certificate).pem",
                      "-inkey", "\(dir)/tsa-rsa.key", "-certfile", "\(dir)/root.pem", "-out", tokenFile] + (cades ? ["-cades"] : []))
        return try Data(contentsOf: URL(fileURLWithPath: tokenFile))
    }

    private static func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    /// Runs openssl; its error output becomes the failure.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
        return result
    }

    /// A reply from `openssl ts -reply` to `query` by the authority `name` ("rsa", "ecdsa" or "strict", which signs with the RSA key).
    public func reply(to query: Data, authority name: String) throws -> Data {
        let dir = Self.folder.path
        let key = name == "ecdsa" ? "ecdsa" : "rsa"
        let id = UUID().uuidString
        let queryFile = "\(dir)/\(id).tsq", replyFile = "\(dir)/\(id).tsr"
        try query.write(to: URL(fileURLWithPath: queryFile))
        defer {
            try? FileManager.default.removeItem(atPath: queryFile)
            try? FileManager.default.removeItem(atPath: replyFile)
        }
        // openssl rewrites the section's serial file: one reply at a time.
        _ = try Self.lock.withLock {
            try Self.run(["ts", "-reply", "-config", "\(dir)/tsa.cnf", "-section", name, "-queryfile", queryFile,
                          "-inkey", "\(dir)/tsa-\(key).key", "-signer", "\(dir)/tsa-\(key).pem", "-chain", "\(dir)/root.pem",
                          "-out", replyFile])
        }
        return try Data(contentsOf: URL(fileURLWithPath: replyFile))
    }

    private static let lock = NSLock()
}

/// The local TSA's server: one path per behaviour.
///   /rsa, /ecdsa      openssl stamps with that key
///   /reject           openssl rejects the request (its policy allows SHA-512 imprints only)
///   /error            HTTP 500
///   /html             a web page
///   /hang             never answers
///   /replay           the first reply it ever made, again (a replay: the nonce no longer matches)
///   /other-hash       openssl stamps a different hash than the one asked for
public final class LocalTimestampAuthority: Sendable {
    public let server: TestHTTPServer
    public let pki: TimestampPKI

    public init() async throws {
        let pki = try await TimestampPKI.shared.value
        let firstReply = FirstReply()
        server = try TestHTTPServer { request in
            let path = request.path
            do {
                switch path {
                case "/rsa", "/ecdsa", "/reject":
                    return Self.timestampReply(try pki.reply(to: request.body, authority: path == "/reject" ? "strict" : String(path.dropFirst())))
                case "/replay":
                    let fresh = try pki.reply(to: request.body, authority: "rsa")
                    return Self.timestampReply(firstReply.keep(fresh))
                case "/other-hash":
                    // The imprint: the 32 bytes after the algorithm's NULL parameter and the OCTET STRING header.
                    var query = request.body
                    guard let header = query.range(of: Data([0x05, 0x00, 0x04, 0x20])), query.endIndex - header.upperBound >= 32 else {
                        return .text("not a SHA-256 query", status: 400)
                    }
                    query.replaceSubrange(header.upperBound..<header.upperBound + 32, with: [UInt8](repeating: 0xab, count: 32))
                    return Self.timestampReply(try pki.reply(to: query, authority: "rsa"))
                case "/error": return .text("internal error", status: 500)
                case "/html": return .respond(status: 200, headers: ["Content-Type": "text/html; charset=utf-8"],
                                              body: Data("<!doctype html><title>Welcome</title>".utf8))
                case "/hang": return .hang
                default: return .text("not found", status: 404)
                }
            } catch {
                return .text("\(error)", status: 500)
            }
        }
        self.pki = pki
    }

    public func url(_ path: String) -> String { server.baseURL + path }

    /// The first reply /replay made.
    final class FirstReply: @unchecked Sendable {
        private let lock = NSLock()
        private var first: Data?

        func keep(_ reply: Data) -> Data {
            lock.withLock {
                if first == nil { first = reply }
                return first!
            }
        }
    }

    public static func timestampReply(_ body: Data) -> TestHTTPServer.Reply {
        .respond(status: 200, headers: ["Content-Type": "application/timestamp-reply"], body: body)
    }
}
