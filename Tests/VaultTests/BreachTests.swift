import AuditCore
import Crypto
import Foundation
import Testing
@testable import Vault

/// A Pwned Passwords style list: `lines` spread hashes plus the given passwords, sorted.
func writeBreachList(lines: Int, passwords: [(String, Int)], lowercase: Bool = false, crlf: Bool = false,
                     includeKnown: Bool = true, shuffle byCount: Bool = false) throws -> String {
    var entries: [(String, Int)] = passwords.map { password, count in
        (Insecure.SHA1.hash(data: Data(password.utf8)).map { String(format: "%02X", $0) }.joined(), count)
    }
    if includeKnown { entries.append((PwnedPasswordsFile.knownHash, 9_659_365)) }
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<lines {
        entries.append(((0..<20).map { _ in String(format: "%02X", UInt8.random(in: 0...255, using: &generator)) }.joined(), Int.random(in: 1...500)))
    }
    entries.sort { $0.0 < $1.0 }
    // The old "ordered by prevalence" downloads: sorted by count, not by hash.
    if byCount { entries.sort { $0.1 > $1.1 } }
    let newline = crlf ? "\r\n" : "\n"
    let text = entries.map { (lowercase ? $0.0.lowercased() : $0.0) + ":\($0.1)" }.joined(separator: newline) + newline
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("pwned-\(UUID().uuidString).txt").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite struct PwnedPasswordsFileTests {
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func findsEveryPlantedHashAndNothingElse(lowercase: Bool, crlf: Bool) async throws {
        let path = try writeBreachList(lines: 20_000, passwords: [("hunter2", 17_043), ("Zomer2023!", 12), ("aaaa", 1)],
                                       lowercase: lowercase, crlf: crlf)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let list = try PwnedPasswordsFile(path: path)
        let counts = try await list.counts(for: [Secret("hunter2"), Secret("Zomer2023!"), Secret("aaaa"), Secret("password"),
                                                 Secret("not-in-the-list-\(UUID())")])
        #expect(counts[Secret("hunter2")] == 17_043)
        #expect(counts[Secret("Zomer2023!")] == 12)
        #expect(counts[Secret("aaaa")] == 1)
        #expect(counts[Secret("password")] == 9_659_365)
        #expect(counts.values.filter { $0 == 0 }.count == 1)
    }

    @Test func theFirstAndLastLinesAreFound() throws {
        let path = try writeBreachList(lines: 0, passwords: [])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = Array("0000000000000000000000000000000000000000".utf8), last = Array("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF".utf8)
        let text = "0000000000000000000000000000000000000000:3\n\(PwnedPasswordsFile.knownHash):5\nFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:7"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let list = try PwnedPasswordsFile(path: path)
        #expect(list.count(forHex: first) == 3)
        #expect(list.count(forHex: last) == 7)
    }

    @Test func aListOrderedByPrevalenceIsRefused() throws {
        let path = try writeBreachList(lines: 50_000, passwords: [], shuffle: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try PwnedPasswordsFile(path: path)
        } throws: { error in
            if case .unsorted = error as? PwnedPasswordsFile.OpenError { return true }
            return false
        }
    }

    @Test func aListWithoutTheKnownHashIsRefused() throws {
        let path = try writeBreachList(lines: 1_000, passwords: [], includeKnown: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: PwnedPasswordsFile.OpenError.knownHashMissing(path: path)) { _ = try PwnedPasswordsFile(path: path) }
    }

    @Test func anotherFileIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-pwned-\(UUID()).txt").path
        try String(repeating: "url,username,password\nhttps://x,me,secret\n", count: 100).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try PwnedPasswordsFile(path: path)
        } throws: { error in
            (error as? LocalizedError)?.errorDescription?.contains("not a Pwned Passwords SHA-1 list") == true
        }
    }

    @Test func theKindListsBreachedLoginsAndRaisesKeyAccounts() async throws {
        let path = try writeBreachList(lines: 5_000, passwords: [("hunter22", 100)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        var inputs = AuditInputs()
        inputs.prepared[Vault.inputName] = VaultExamples.vault(["Mail|me|https://mail.google.com|hunter22", "Shop|me|https://shop.nl|Fresh-7x!q"])
        inputs.prepared[Breach.inputName] = try PwnedPasswordsFile(path: path)
        let kind = try BreachedKind(parameters: Parameters(yaml: "key-accounts: [{name: e-mail, domains: [google.com]}]"))
        let machine = Machine(root: "/", runner: NoCommandRunner(), privileged: false, os: .unknown)
        let found = drafts(try await kind.run(in: CheckContext(checkID: "vault.breached", host: machine, inputs: inputs)))
        #expect(found.first?.subjects.map(\.name) == ["Mail"])
        #expect(found.first?.subjects.first?["seen in breaches"] == "100")
        #expect(found.first?.severity == .critical)
    }
}
