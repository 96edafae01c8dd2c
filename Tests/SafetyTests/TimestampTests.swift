import Crypto
import SwiftASN1
import Foundation
import Testing
import TestSupport
@testable import Safety

/// Time stamps from a real RFC 3161 authority (openssl ts behind a local server), checked by `TimestampVerifier`.
@Suite struct TimestampTests {
    let tsa: LocalTimestampAuthority
    let digest = Array(SHA256.hash(data: Data("record 7 of the logbook".utf8)))

    init() async throws {
        tsa = try await LocalTimestampAuthority()
    }

    /// Trusts the test CA only (not the system's roots, so the result does not depend on the machine).
    var testCA: TimestampTrustRoots { TimestampTrustRoots(systemBundle: nil, caFiles: [tsa.pki.rootFile]) }

    func client(trusting roots: TimestampTrustRoots? = nil, timeout: Duration = .seconds(10)) -> TimestampClient {
        TimestampClient(verifier: TimestampVerifier(trustRoots: roots ?? testCA), connectTimeout: .seconds(5), timeout: timeout)
    }

    @Test(arguments: ["rsa", "ecdsa"])
    func aStampIsObtainedAndVerified(key: String) async throws {
        let before = Date()
        let result = try await client().stamp(digest: digest, authority: tsa.url("/\(key)"))
        #expect(abs(result.genTime.timeIntervalSince(before)) < 120)
        #expect(result.verification.trust == .trusted(signer: "CN=Hygiene Test TSA \(key.uppercased()),O=Hygiene Tests"))
        #expect(result.verification.policy == TimestampPKI.policy)
        #expect(!result.verification.serialNumber.isEmpty)
        #expect(result.verification.accuracy.map { abs($0 - 1.5001) < 0.000_001 } == true)
        #expect(result.verification.authorityName?.contains("Hygiene Test TSA") == true)

        // Checked again later, as `hygiene evidence verify` does, from the stored token alone.
        let again = try await TimestampVerifier(trustRoots: testCA).verify(token: result.token, digest: digest)
        #expect(again == result.verification)
        let request = try #require(tsa.server.received.last)
        #expect(request.method == "POST" && request.headers["content-type"] == "application/timestamp-query")
    }

    @Test func withoutTheCAItIsUntrustedButStillChecked() async throws {
        let result = try await client(trusting: .system).stamp(digest: digest, authority: tsa.url("/rsa"))
        guard case .untrusted(let signer, let reason) = result.verification.trust else {
            Issue.record("trusted without its CA: \(result.verification.trust)")
            return
        }
        #expect(signer.contains("Hygiene Test TSA RSA"))
        #expect(reason.contains("chain"), "\(reason)")
        let none = try await TimestampVerifier(trustRoots: .none).verify(token: result.token, digest: digest)
        #expect(none.trust == .untrusted(signer: signer, reason: "no trusted root certificates were given"))
    }

    @Test(arguments: ["rsa", "ecdsa"])
    func theTokenDoesNotFitAnotherDigest(key: String) async throws {
        let token = try await client().stamp(digest: digest, authority: tsa.url("/\(key)")).token
        var other = digest
        other[0] ^= 1
        await #expect(throws: TimestampError.digestMismatch(expected: Integers.hex(other), stamped: Integers.hex(digest))) {
            _ = try await TimestampVerifier(trustRoots: testCA).verify(token: token, digest: other)
        }
    }

    @Test(arguments: ["rsa", "ecdsa"])
    func aFlippedByteInTheSignatureIsCaught(key: String) async throws {
        var token = try await client().stamp(digest: digest, authority: tsa.url("/\(key)")).token
        token[token.count - 1] ^= 0x01   // the signature is the SignerInfo's last field, and the token's
        await #expect(throws: TimestampError.badSignature(signer: "CN=Hygiene Test TSA \(key.uppercased()),O=Hygiene Tests")) {
            _ = try await TimestampVerifier(trustRoots: testCA).verify(token: token, digest: digest)
        }
    }

    @Test(arguments: ["rsa", "ecdsa"])
    func aFlippedByteInTheTSTInfoIsCaught(key: String) async throws {
        var token = try await client().stamp(digest: digest, authority: tsa.url("/\(key)")).token
        let policy = try #require(token.range(of: Data(TimestampPKI.policyDER)))
        token[policy.upperBound - 1] ^= 0x07   // the policy 1.2.3.4.1 becomes 1.2.3.4.6
        await #expect(throws: TimestampError.contentDigestMismatch) {
            _ = try await TimestampVerifier(trustRoots: testCA).verify(token: token, digest: digest)
        }
    }

    @Test(arguments: [("rsa", false), ("ecdsa", true)])
    func theSigningCertificateAttributeNamesTheSigner(key: String, version2: Bool) async throws {
        // The rsa authority writes ESSCertID (SHA-1), the ecdsa one ESSCertIDv2 (SHA-256).
        let token = try await client().stamp(digest: digest, authority: tsa.url("/\(key)")).token
        let signedData = try TimeStampToken(derEncoded: try DER.parse(Array(token))).signedData
        let signerInfo = try #require(signedData.signerInfos.first)
        let attribute = try #require(try signerInfo.attribute(version2 ? .signingCertificateV2Attribute : .signingCertificateAttribute))
        let id = try SigningCertificateID(attribute: attribute, version2: version2)
        let signer = try #require(signedData.certificates.first { signerInfo.sid.matches($0.certificate) })
        let root = try #require(signedData.certificates.first { !signerInfo.sid.matches($0.certificate) })
        #expect(id.names(signer))
        #expect(!id.names(root))
    }

    /// The TSTInfo of a fresh RSA stamp, signed again by `openssl cms` under `certificate`.
    func resigned(certificate: String, cades: Bool) async throws -> Data {
        let token = try await client().stamp(digest: digest, authority: tsa.url("/rsa")).token
        let content = try #require(try TimeStampToken(derEncoded: try DER.parse(Array(token))).signedData.content)
        let pki = tsa.pki
        return try await offThePool { try pki.cmsSign(Data(content), certificate: certificate, cades: cades) }
    }

    @Test(arguments: [false, true])
    func anotherCMSWritersTokenIsVerifiedToo(cades: Bool) async throws {
        // openssl cms signs other attributes than openssl ts (a signing time; the signing-certificate attribute only
        // with -cades, so without it there is none to check).
        let token = try await resigned(certificate: "tsa-rsa", cades: cades)
        let verified = try await TimestampVerifier(trustRoots: testCA).verify(token: token, digest: digest)
        #expect(verified.trust == .trusted(signer: "CN=Hygiene Test TSA RSA,O=Hygiene Tests"))
    }

    @Test func aTokenSignedWithoutTheTimeStampingUsageIsRefused() async throws {
        let token = try await resigned(certificate: "plain", cades: true)
        await #expect(throws: TimestampError.notATimeStampingCertificate(
            signer: "CN=Hygiene Test Web Server,O=Hygiene Tests", reason: "its extended key usage does not include time stamping")) {
            _ = try await TimestampVerifier(trustRoots: testCA).verify(token: token, digest: digest)
        }
    }

    @Test func aTruncatedTokenIsMalformed() async throws {
        let token = try await client().stamp(digest: digest, authority: tsa.url("/ecdsa")).token
        await #expect {
            _ = try await TimestampVerifier(trustRoots: testCA).verify(token: token.prefix(token.count - 10), digest: digest)
        } throws: { error in
            guard case .malformedToken = error as? TimestampError else { return false }
            return true
        }
    }

    @Test func aLogbookStampIsCheckedWithItsTime() async throws {
        let result = try await client().stamp(digest: digest, authority: tsa.url("/ecdsa"))
        var stamp = EvidenceStamp(recordNumber: 7, chainHash: Integers.hex(digest), authority: tsa.url("/ecdsa"),
                                  signedAt: result.genTime, token: result.token)
        #expect(try await TimestampVerifier(trustRoots: testCA).verify(stamp).trust.isTrusted)
        stamp.signedAt.addTimeInterval(3600)
        await #expect(throws: TimestampError.timeMismatch(recorded: stamp.signedAt, signed: result.genTime)) {
            _ = try await TimestampVerifier(trustRoots: testCA).verify(stamp)
        }
    }

    // MARK: Authorities that do not give a stamp

    func expectFailure(_ path: String, client: TimestampClient? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation,
                       _ matches: (TimestampError) -> Bool) async {
        let url = tsa.url(path)
        do {
            let result = try await (client ?? self.client()).stamp(digest: digest, authority: url)
            Issue.record("\(path) gave a stamp: \(result.verification)", sourceLocation: sourceLocation)
        } catch let error as TimestampError {
            #expect(matches(error), "\(error)", sourceLocation: sourceLocation)
            #expect(error.errorDescription?.hasPrefix(url + ": ") == true, "\(error.localizedDescription)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(path): not a TimestampError: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func aServerErrorIsReported() async {
        await expectFailure("/error") { $0 == .httpStatus(authority: tsa.url("/error"), status: 500) }
    }

    @Test func aWebPageIsNotATimestampReply() async {
        await expectFailure("/html") { $0 == .notATimestampReply(authority: tsa.url("/html"), contentType: "text/html") }
    }

    @Test func aRejectionGivesTheAuthoritysWords() async {
        await expectFailure("/reject") { error in
            guard case .refused(_, "rejection", let text, let failures) = error else { return false }
            return text == ["Message digest algorithm is not supported."] && failures == ["unrecognised or unsupported algorithm (badAlg)"]
        }
    }

    @Test func aHangingAuthorityTimesOut() async {
        let start = ContinuousClock.now
        await expectFailure("/hang", client: client(timeout: .seconds(1))) { $0 == .timeout(authority: tsa.url("/hang"), seconds: 1) }
        #expect(ContinuousClock.now - start < .seconds(60))   // bounded by the 1 s timeout, with room for a loaded two-core machine running the whole suite
    }

    @Test func aReplayedReplyIsRefusedByItsNonce() async throws {
        _ = try await client().stamp(digest: digest, authority: tsa.url("/replay"))
        await expectFailure("/replay") { $0 == .nonceMismatch(authority: tsa.url("/replay")) }
    }

    @Test func aStampOfAnotherHashIsRefused() async {
        await expectFailure("/other-hash") { $0 == .imprintMismatch(authority: tsa.url("/other-hash")) }
    }

    @Test func aClosedPortIsUnreachable() async throws {
        let closed = try TestHTTPServer { _ in .text("") }
        let url = closed.baseURL + "/tsa"
        closed.stop()
        do {
            _ = try await client().stamp(digest: digest, authority: url)
            Issue.record("a closed port gave a stamp")
        } catch let error as TimestampError {
            #expect(error == .unreachable(authority: url, reason: "the connection was refused"))
            #expect(error.errorDescription?.hasPrefix(url) == true)
        }
    }

    @Test func onlyASHA256DigestIsStamped() async {
        await #expect(throws: TimestampError.invalidDigest(byteCount: 20)) {
            _ = try await client().stamp(digest: Array(digest.prefix(20)), authority: tsa.url("/rsa"))
        }
        #expect(tsa.server.received.isEmpty)
    }
}

/// The request's DER and the trust roots, without an authority.
@Suite struct TimestampRequestTests {
    @Test func aRequestAsksForTheCertificateWithAFreshNonce() throws {
        let digest = [UInt8](repeating: 0x5a, count: 32)
        let first = TimeStampRequest.sha256(digest), second = TimeStampRequest.sha256(digest)
        #expect(first.nonce != second.nonce)
        #expect(first.nonce?.count == 8)
        let parsed = try TimeStampRequest(derEncoded: first.derBytes)
        #expect(parsed == first)
        #expect(parsed.certReq && parsed.version == 1 && parsed.policy == nil)
        #expect(DigestAlgorithm(parsed.messageImprint.hashAlgorithm) == .sha256 && parsed.messageImprint.hashedMessage == digest)
    }

    @Test func aStatusInfoRoundTripsItsFailureBits() throws {
        let info = PKIStatusInfo(status: 2, statusText: ["no"], failureBits: [0, 15, 25])
        var serializer = DER.Serializer()
        try serializer.serialize(info)
        let parsed = try PKIStatusInfo(derEncoded: serializer.serializedBytes)
        #expect(parsed == info)
        #expect(parsed.failures.count == 3 && parsed.statusName == "rejection")
    }

    @Test func aCAFileThatCannotBeUsedIsAnErrorNamingIt() throws {
        let missing = "/nonexistent/hygiene-ca.pem"
        #expect(throws: TimestampError.self) { try TimestampTrustRoots(systemBundle: nil, caFiles: [missing]).load() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("notes.txt")
        try Data("not a certificate".utf8).write(to: text)
        #expect(throws: TimestampError.trustFile(path: text.path, reason: "is neither PEM nor a DER certificate")) {
            try TimestampTrustRoots(systemBundle: nil, caFiles: [text.path]).load()
        }
    }

    @Test func aMissingSystemBundleIsAReasonNotAnError() throws {
        let loaded = try TimestampTrustRoots(systemBundle: "/nonexistent/ca-certificates.crt").load()
        #expect(loaded.roots.isEmpty)
        #expect(loaded.systemBundleProblem?.contains("/nonexistent/ca-certificates.crt") == true)
    }
}
