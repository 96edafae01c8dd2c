import Foundation
import GRDB
@testable import HygieneCLI
import Safety
import Testing
import TestSupport

/// `hygiene evidence stamp` and `verify` against a real RFC 3161 authority (openssl ts) on 127.0.0.1.
@Suite struct EvidenceStampTests {
    @Test func aStampIsTakenKeptAndCheckedAgain() async throws {
        let authority = try await LocalTimestampAuthority()
        let sandbox = Sandbox()
        _ = await sandbox.run(["evidence", "add", "--note", "Secret-Note-Text at the door"])
        _ = await sandbox.run(["evidence", "add", "--note", "second"])
        let root = authority.pki.rootFile
        let stamp = await sandbox.run(["evidence", "stamp", "--tsa", authority.url("/rsa"), "--tsa-ca", root])
        #expect(stamp.code == 0, "\(stamp.errors)")
        #expect(stamp.output.contains("Record 2 was stamped at"))
        #expect(stamp.errors.contains("Only the hash of record 2 is sent to \(authority.url("/rsa"))"))
        #expect(!stamp.errors.contains("not trusted"))
        // What left the machine: the request, which holds the hash and not a word of the records.
        let sent = try #require(authority.server.received.last?.body)
        let store = try EvidenceStore(folder: sandbox.home + "/data/hygiene/evidence", create: false)
        let last = try #require(try store.records().last)
        #expect(sent.range(of: Data(EvidenceChain.bytes(hex: last.hash))) != nil)
        #expect(sent.range(of: Data("Secret-Note-Text".utf8)) == nil && sent.count < 120)

        let trusted = await sandbox.run(["evidence", "verify", "--tsa-ca", root])
        #expect(trusted.code == 0 && trusted.output.contains("Time stamps: 1, 1 of them from a trusted authority"))
        let untrusted = await sandbox.run(["evidence", "verify"])
        #expect(untrusted.code == 0 && untrusted.output.contains("Time stamps: 1, 0 of them from a trusted authority"))
    }

    @Test func anUntrustedAuthorityIsSaidAndAChangedTokenIsCaught() async throws {
        let authority = try await LocalTimestampAuthority()
        let sandbox = Sandbox()
        _ = await sandbox.run(["evidence", "add", "--note", "one"])
        let stamp = await sandbox.run(["evidence", "stamp", "--tsa", authority.url("/ecdsa")])
        #expect(stamp.code == 0 && stamp.errors.contains("the authority is not trusted"))
        let store = try EvidenceStore(folder: sandbox.home + "/data/hygiene/evidence", create: false)
        let token = try #require(try store.stamps().first?.token)
        var bytes = token
        bytes[bytes.count - 5] ^= 0x01
        let altered = bytes
        let queue = try DatabaseQueue(path: store.databasePath)
        try await queue.write { try $0.execute(sql: "UPDATE stamp SET token = ?", arguments: [altered]) }
        let verify = await sandbox.run(["evidence", "verify", "--tsa-ca", authority.pki.rootFile])
        #expect(verify.code == 1)
        #expect(verify.output.contains("record 1: the time stamp from \(authority.url("/ecdsa")) is not valid"))
        // A stamp moved onto another record's hash.
        try await queue.write { try $0.execute(sql: "UPDATE stamp SET token = ?, chainHash = ?", arguments: [token, String(repeating: "a", count: 64)]) }
        let moved = await sandbox.run(["evidence", "verify"])
        #expect(moved.code == 1 && moved.output.contains("is for another hash than the record's"))
    }

    @Test func aFailingAuthorityStoresNothing() async throws {
        let authority = try await LocalTimestampAuthority()
        let sandbox = Sandbox()
        let empty = await sandbox.run(["evidence", "add", "--note", "one"])
        #expect(empty.code == 0)
        let failed = await sandbox.run(["evidence", "stamp", "--tsa", authority.url("/html")])
        #expect(failed.code == 2 && failed.errors.contains(authority.url("/html")))
        let store = try EvidenceStore(folder: sandbox.home + "/data/hygiene/evidence", create: false)
        #expect(try store.stamps().isEmpty)
    }
}
