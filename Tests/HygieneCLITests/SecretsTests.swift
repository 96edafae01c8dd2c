import AuditCore
import Foundation
@testable import HygieneCLI
import Testing
import TestSupport

/// Planted passwords in every export format, through every command and report format: none may
/// reach standard output, standard error, a report file, the state database or a temporary file.
@Suite struct SecretsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("VaultTests/Fixtures")

    static var exports: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).sorted()
            .map { fixtures.appendingPathComponent($0).path }
            .filter { !((try? FileManager.default.attributesOfItem(atPath: $0)[.type] as? FileAttributeType) == .typeDirectory) }
    }

    /// Every regular file below `folder`, by path.
    static func files(under folder: String) -> Set<String> {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found = Set<String>()
        for case let name as String in walker {
            let path = folder + "/" + name
            if (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeRegular { found.insert(path) }
        }
        return found
    }

    /// Folders other programs write to in the temporary folder while the tests run (a shell's job
    /// files, the Swift compiler's macro expansions when something is built beside the tests): their
    /// text is theirs, and may quote this file.
    static let foreign = ["/bash_jobs.", "/TemporaryDirectory.", "/swift-generated-sources", "/.build", "/sourcekit"]

    /// The text of files below `folder` that are not in `before` (files made during the test), up to 16 MB each.
    /// Files that were there before (a log another process keeps writing) are not this run's doing.
    /// Other tests' sandboxes (`hygiene-cli-…`) hold planted values the tests wrote themselves, and are left
    /// out; the product's own files in this test's sandbox are read through `under: sandbox.home`.
    static func contents(under folder: String, except before: Set<String>, ownSandbox: String? = nil) -> [(String, String)] {
        files(under: folder).subtracting(before).filter { path in
            !foreign.contains { path.contains($0) } && (!path.contains("/hygiene-cli-") || ownSandbox.map(path.hasPrefix) == true)
        }.compactMap { path in
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size < 16 << 20,
                  let data = FileManager.default.contents(atPath: path) else { return nil }
            return (path, String(decoding: data, as: UTF8.self))
        }
    }

    @Test func plantedPasswordsNeverLeaveMemory() async throws {
        #expect(Self.exports.count >= 14)
        let temporary = FileManager.default.temporaryDirectory.path
        let before = Self.files(under: temporary)
        let sandbox = Sandbox()
        let tree = try wellKeptMachine()
        var seen: [(String, String)] = []
        for export in Self.exports {
            for format in ["text", "markdown", "json", "html"] {
                let report = sandbox.home + "/report.\(format)"
                for arguments in [["audit", "--root", tree.root, "--vault", export, "--since", "2024-01-01", "--format", format, "--verbose"],
                                  ["audit", "--root", tree.root, "--vault", export, "--only", "vault", "--format", format, "--output", report, "--lang", "nl"]] {
                    let run = await sandbox.run(arguments)
                    #expect(run.code == 0 || run.code == 1, "\(arguments): \(run.errors)")
                    seen.append(("stdout of \(arguments)", run.output))
                    seen.append(("stderr of \(arguments)", run.errors))
                }
                seen.append((report, (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""))
            }
        }
        for arguments in [["history"], ["checks", "list"], ["audit", "--vault", sandbox.home + "/missing.csv"]] {
            let run = await sandbox.run(arguments)
            seen += [("stdout of \(arguments)", run.output), ("stderr of \(arguments)", run.errors)]
        }
        seen += Self.contents(under: sandbox.home, except: [])
        seen += Self.contents(under: temporary, except: before, ownSandbox: sandbox.home)
        #expect(seen.count > 100)
        for (place, text) in seen {
            #expect(!text.contains("Planted"), "a planted password reached \(place)")
        }
        // The reports did read the exports: the logins are named, and the reminder names the file.
        #expect(seen.contains { $0.1.contains("Read 2 logins from") && $0.1.contains("bitwarden.json") })
    }

    /// Encrypted vaults with their file passwords (and key files): `Fixture-File-Pass…` and every planted
    /// password inside must stay in memory too.
    static let encrypted: [(file: String, password: String, keyFile: String?)] = [
        ("bitwarden/pbkdf2.json", "Fixture-File-Pass-1", nil),
        ("bitwarden/argon2id.json", "Fixture-File-Pass-2", nil),
        ("kdbx/kxc-kdbx31.kdbx", "Planted-Master-Pass", nil),
        ("kdbx/kdbx31-twofish-uncompressed.kdbx", "Planted-Master-Pass", nil),
        ("kdbx/kdbx4-argon2id-chacha20.kdbx", "Planted-Master-Pass", nil),
        ("kdbx/kdbx4-aeskdf-twofish.kdbx", "Planted-Master-Pass", nil),
        ("kdbx/kdbx4-keyfile-v2.kdbx", "Planted-Master-Pass", "kdbx/keyfile-v2.keyx"),
    ]

    @Test func plantedPasswordsOfEncryptedVaultsNeverLeaveMemory() async throws {
        let temporary = FileManager.default.temporaryDirectory.path
        let before = Self.files(under: temporary)
        let sandbox = Sandbox()
        var seen: [(String, String)] = []
        for vault in Self.encrypted {
            let path = EncryptedVaultCLITests.fixture(vault.file)
            let key = vault.keyFile.map { ["--key-file", EncryptedVaultCLITests.fixture($0)] } ?? []
            for format in ["text", "markdown", "json", "html"] {
                let report = sandbox.home + "/report.\(format)"
                for arguments in [["audit", "--only", "vault", "--vault", path, "--password-stdin", "--since", "2024-01-01", "--format", format, "--verbose"] + key,
                                  ["audit", "--only", "vault", "--vault", path, "--password-stdin", "--format", format, "--output", report, "--lang", "nl"] + key,
                                  ["reset", "--vault", path, "--password-stdin", "--format", format == "markdown" ? "text" : format] + key] {
                    sandbox.secretInput = FixedSecretInput([vault.password])
                    let run = await sandbox.run(arguments)
                    #expect(run.code == 0 || run.code == 1, "\(arguments): \(run.errors)")
                    seen += [("stdout of \(arguments)", run.output), ("stderr of \(arguments)", run.errors)]
                }
                seen.append((report, (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""))
            }
            // A wrong password on a terminal: the prompts and messages hold no password either.
            let input = FixedSecretInput(["Planted-Wrong-1", "Planted-Wrong-2", "Planted-Wrong-3"], isTerminal: true)
            sandbox.secretInput = input
            let refused = await sandbox.run(["audit", "--only", "vault", "--vault", path] + key)
            #expect(refused.code == 2)
            seen += [("stderr of a refused \(vault.file)", refused.errors), ("prompts", input.prompts.joined()), ("stdout", refused.output)]
        }
        seen += Self.contents(under: sandbox.home, except: [])
        seen += Self.contents(under: temporary, except: before, ownSandbox: sandbox.home)
        #expect(seen.count > 30)
        for (place, text) in seen {
            #expect(!text.contains("Planted"), "a planted password reached \(place)")
            #expect(!text.contains("Fixture-File-Pass"), "a file password reached \(place)")
        }
        #expect(seen.contains { $0.1.contains("read encrypted") })
    }

    @Test func brokenExportsStopTheRunWithoutShowingContent() async throws {
        let sandbox = Sandbox()
        let broken = sandbox.home + "/broken.csv"
        try "name,url,username,password\nx,https://x.nl,me,\"Planted-Unclosed!\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let run = await sandbox.run(["audit", "--vault", broken, "--no-state"])
        #expect(run.code == 2)
        #expect(run.errors.contains("broken.csv:2:19: a quoted field that opens here is never closed"), "\(run.errors)")
        #expect(!run.errors.contains("Planted") && !run.output.contains("Planted"))
    }
}
