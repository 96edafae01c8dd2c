import AuditCore
import Foundation
@testable import HygieneCLI
import Phone
import Safety
import Testing
import TestSupport
import Vault
import VaultCrypto

/// The quality bar for Dutch: every command in this list is run twice over the same fixtures, once in
/// English and once in Dutch (text, Markdown and HTML, errors included), and no English sentence of the
/// English run may turn up in the Dutch one. The English texts are not listed by hand: they are what the
/// English run says, so a new English message without its Dutch fails here.
@Suite(.serialized) struct DutchEverywhereTests {
    // MARK: Finding English in Dutch

    /// Words that make a run of words English: none of them is a Dutch word as well.
    static let englishWords: Set<String> = [
        "the", "are", "not", "to", "and", "with", "your", "you", "this", "that", "for", "or", "no", "cannot", "could", "be", "been",
        "has", "have", "it", "its", "from", "by", "as", "at", "which", "what", "when", "there", "here", "do", "does", "did", "any",
        "every", "all", "than", "then", "only", "if", "can", "will", "would", "should", "must", "may", "were", "these", "those",
        "their", "them", "they", "how", "why", "who", "after", "before", "because", "without", "about", "into", "nothing", "something",
    ]

    /// What is data rather than words in either language: addresses, paths, quoted values, options.
    static let data = [#"https?://\S+"#, #"\S*/\S*"#, #"'[^'\n]*'"#, #"`[^`\n]*`"#, #""[^"\n]*""#, #"--[a-z-]+"#, #"<[^>\n]*>"#]

    /// The runs of three words of a text, lowercased, that never cross punctuation or data.
    static func runs(_ text: String) -> [[String]] {
        var text = text
        for pattern in data { text = text.replacingOccurrences(of: pattern, with: " | ", options: .regularExpression) }
        var result: [[String]] = []
        for segment in text.split(whereSeparator: { !($0.isLetter || $0 == " " || $0 == "'" || $0 == "’" || $0 == "-") }) {
            let words = segment.split(separator: " ").map { $0.lowercased() }.filter { !$0.isEmpty }
            guard words.count >= 3 else { continue }
            for start in 0...(words.count - 3) { result.append(Array(words[start..<(start + 3)])) }
        }
        return result
    }

    /// The English sentences' word runs of the English output that come back in the Dutch output.
    static func english(in dutch: String, from english: String) -> [String] {
        let dutchRuns = Set(runs(dutch).map { $0.joined(separator: " ") })
        let englishRuns = runs(english).filter { run in run.contains { englishWords.contains($0) } }.map { $0.joined(separator: " ") }
        var seen = Set<String>()
        return englishRuns.filter { dutchRuns.contains($0) && seen.insert($0).inserted }
    }

    @Test func theDetectorFindsAnEnglishSentenceAndLeavesDataAlone() {
        #expect(Self.english(in: "hygiene: /x/a.png: cannot read this file (No such file)", from: "hygiene: /x/a.png: cannot read this file")
                == ["cannot read this", "read this file"])
        #expect(Self.english(in: "hygiene: /tmp/the file is/x: kan niet lezen 'and the rest'", from: "/tmp/the file is/x: cannot read 'and the rest'").isEmpty)
        #expect(Self.english(in: "Voorval 1 staat in je logboek", from: "Record 1 added to the logbook").isEmpty)
    }

    // MARK: The commands

    /// One command over fresh fixtures: what it printed and wrote for a person to read.
    struct Scenario: Sendable {
        var name: String
        var run: @Sendable (Language) async throws -> String
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    static func sandbox() -> Sandbox { Sandbox(available: ["systemctl", "notify-send"]) }

    static func sandbox(_ setup: (Sandbox) throws -> Void) throws -> Sandbox {
        let sandbox = sandbox()
        try setup(sandbox)
        return sandbox
    }

    static func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Runs the commands in one sandbox, in `language`, and returns everything they showed.
    static func commands(_ language: Language, _ lists: [[String]], in sandbox: Sandbox) async -> String {
        var shown = ""
        for arguments in lists {
            let run = await sandbox.run(arguments.map { $0.replacingOccurrences(of: "{home}", with: sandbox.home) } + ["--lang", language.rawValue])
            shown += run.output + "\n" + run.errors + "\n"
        }
        return shown
    }

    static let formats = ["text", "markdown", "html"]

    static let scenarios: [Scenario] = [
        Scenario(name: "audit device") { l in
            let tree = try neglectedMachine()
            return await commands(l, formats.map { ["audit", "--root", tree.root, "--no-state", "--format", $0] }, in: sandbox())
        },
        Scenario(name: "audit vault") { l in
            let sandbox = try sandbox {
                try write(#"{"encrypted": false, "items": [{"type": 2, "name": "n"}, {"type": 3, "name": "c"}, {"type": 4, "name": "i"},"#
                    + #" {"type": 1, "name": "Router", "login": {"username": "admin", "password": "admin", "uris": [{"uri": "http://192.168.1.1"}]}},"#
                    + #" {"type": 1, "name": "Mail", "login": {"username": "s", "password": "welkom01", "uris": [{"uri": "https://mail.example.nl"}]}},"#
                    + #" {"type": 1, "name": "Shop", "login": {"username": "s", "password": "welkom01", "uris": [{"uri": "http://shop.example.nl"}]}}]}"#,
                    $0.home + "/bw.json")
            }
            return await commands(l, formats.map { ["audit", "--only", "vault", "--vault", "{home}/bw.json", "--no-state", "--format", $0] }, in: sandbox)
        },
        Scenario(name: "audit vault, encrypted and broken") { l in
            let sandbox = sandbox()
            sandbox.secretInput = FixedSecretInput(["not the password"])
            let bitwarden = fixtures.appendingPathComponent("VaultCryptoTests/Fixtures/bitwarden").path
            try write(#"{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.a|b|c", "items": []}"#, sandbox.home + "/acct.json")
            try write(#"{"encrypted": false, "items": [{"type": 1, "#, sandbox.home + "/broken.json")
            try write("a,b\n1,2\n", sandbox.home + "/weird.csv")
            try write("name,url,username,password\n\"x,y\n", sandbox.home + "/badq.csv")
            return await commands(l, [
                ["audit", "--only", "vault", "--vault", bitwarden + "/pbkdf2.json", "--password-stdin", "--no-state"],
                ["audit", "--only", "vault", "--vault", bitwarden + "/pbkdf2.json", "--no-state"],
                ["audit", "--only", "vault", "--vault", "{home}/acct.json", "--no-state"],
                ["audit", "--only", "vault", "--vault", "{home}/broken.json", "--no-state"],
                ["audit", "--only", "vault", "--vault", "{home}/nope.json", "--no-state"],
                ["audit", "--only", "vault", "--vault", "{home}/weird.csv", "--no-state"],
                ["audit", "--only", "vault", "--vault", "{home}/badq.csv", "--no-state"],
                ["audit", "--only", "vault", "--vault", bitwarden + "/plain.json", "--breach-file", "{home}/none.txt", "--no-state"],
            ], in: sandbox)
        },
        Scenario(name: "reset") { l in
            let sandbox = try sandbox {
                try write(#"{"encrypted": false, "items": ["#
                    + #"{"type": 1, "name": "Gmail", "login": {"username": "sanne@gmail.com", "password": "welkom01", "uris": [{"uri": "https://accounts.google.com"}]}},"#
                    + #" {"type": 1, "name": "KPN", "login": {"username": "sanne@gmail.com", "password": "welkom01", "uris": [{"uri": "https://www.kpn.com"}]}},"#
                    + #" {"type": 1, "name": "Shop", "login": {"username": "sanne@gmail.com", "password": "x9!Kq2#vLp", "uris": [{"uri": "https://shop.example.nl"}]}}]}"#,
                    $0.home + "/bw.json")
                try write("knew-passwords: yes\nphone-plan: no\n", $0.home + "/answers.yaml")
                try write("knew-passwords: perhaps\n", $0.home + "/bad.yaml")
            }
            return await commands(l, formats.map { ["reset", "--vault", "{home}/bw.json", "--answers", "{home}/answers.yaml", "--format", $0] } + [
                ["reset", "--vault", "{home}/bw.json", "--answers", "{home}/answers.yaml", "--tier", "today"],
                ["reset", "done", "1", "--vault", "{home}/bw.json", "--answers", "{home}/answers.yaml"],
                ["reset", "--vault", "{home}/bw.json", "--answers", "{home}/bad.yaml"],
            ], in: sandbox)
        },
        Scenario(name: "audit exposure") { l in
            // A page with personal data, a sign-in page, a page that is gone and a list line that is no address.
            let server = try TestHTTPServer { request in
                switch request.path {
                case "/": return .respond(status: 200, headers: ["Content-Type": "text/html; charset=utf-8"], body: Data("""
                    <html><body><h1>Sanne de Vries</h1><p>Dorpsstraat 12, 3511 AB Utrecht. Bel 06-12345678 of mail sanne@devries.nl.</p>
                    <p>IBAN NL91 ABNA 0417 1643 00.</p></body></html>
                    """.utf8))
                case "/login": return .respond(status: 200, headers: ["Content-Type": "text/html"], body: Data("""
                    <html><body><form action="/session" method="post"><input name="username"><input type="password" name="password">
                    <button>Log in</button></form></body></html>
                    """.utf8))
                default: return .text("not found", status: 404)
                }
            }
            defer { server.stop() }
            let sandbox = try sandbox { try write("\(server.baseURL)/gone\nftp://example.org/file\n", $0.home + "/urls.txt") }
            return await commands(l, formats.map {
                ["audit", "--only", "exposure", "--url", server.baseURL + "/", "--url", server.baseURL + "/login", "--urls-file", "{home}/urls.txt",
                 "--no-state", "--format", $0]
            } + [["audit", "--only", "exposure", "--no-state"], ["audit", "--only", "exposure", "--urls-file", "{home}/missing.txt", "--no-state"]],
                                  in: sandbox)
        },
        Scenario(name: "audit phone") { l in
            let adb = try FakeAdb("hidden-listener")
            let sandbox = sandbox()
            sandbox.runsRealCommands = true
            sandbox.extraVariables["PATH"] = adb.folder + ":/usr/bin:/bin"
            return await commands(l, formats.map { ["audit", "--only", "phone", "--phone", "android", "--no-state", "--format", $0] }, in: sandbox)
        },
        Scenario(name: "safety") { l in
            let sandbox = try sandbox {
                try write("escalating: ja\nweapons: nee\nex-partner: ja\ninvests: weet ik niet\n", $0.home + "/a.yaml")
                try write("weapon-now: yes\n", $0.home + "/acute.yaml")
                try write("erger: ja\n", $0.home + "/unknown.yaml")
                try write("escalating: maybe\n", $0.home + "/bad.yaml")
                try write("escalating: [yes\n", $0.home + "/broken.yaml")
            }
            return await commands(l, formats.flatMap { format in [
                ["safety", "--answers", "{home}/a.yaml", "--format", format], ["safety", "--answers", "{home}/a.yaml", "--country", "be", "--format", format],
                ["safety", "--answers", "{home}/acute.yaml", "--format", format], ["safety", "--helper", "--format", format],
                ["safety", "letter", "--format", format],
            ] } + [
                ["safety", "--answers", "{home}/a.yaml", "--save"], ["forget"], ["safety"], ["safety", "--answers", "{home}/unknown.yaml"],
                ["safety", "--answers", "{home}/bad.yaml"], ["safety", "--answers", "{home}/broken.yaml"], ["safety", "--answers", "{home}/nope.yaml"],
                ["safety", "--answers", "/dev/null"],
            ], in: sandbox)
        },
        Scenario(name: "evidence") { l in
            let sandbox = try sandbox { try write("png", $0.home + "/shot.png") }
            var shown = await commands(l, [
                ["evidence", "export", "{home}/empty-dossier"],
                ["evidence", "add", "--when", "gisteren 21:15", "--how", "message", "--how", "threat", "--place", "Utrecht", "--note", "x", "{home}/shot.png"],
                ["evidence", "add", "--corrects", "1", "--note", "y"],
                ["evidence", "add", "--when", "gisteren is geen tijd", "--note", "x"], ["evidence", "add", "--note", "x", "{home}/nope.png"],
                ["evidence", "add", "--corrects", "9", "--note", "x"], ["evidence", "add", "--no-prompt"],
                ["evidence", "list"], ["evidence", "show", "1"], ["evidence", "show", "2"], ["evidence", "show", "99"], ["evidence", "verify"],
                ["evidence", "verify", "--store", "{home}/elsewhere"], ["evidence", "export", "{home}/dossier"], ["evidence", "export", "{home}/dossier"],
                ["evidence", "stamp", "--tsa", "http://127.0.0.1:1/tsr"], ["evidence", "destroy"],
            ], in: sandbox)
            shown += try String(contentsOfFile: sandbox.home + "/dossier/logbook.html", encoding: .utf8)
            // A changed store copy: the refusal to export, and what verify says.
            let files = sandbox.home + "/data/hygiene/evidence/files"
            for name in try FileManager.default.contentsOfDirectory(atPath: files) { try write("changed", files + "/" + name) }
            shown += await commands(l, [["evidence", "verify"], ["evidence", "export", "{home}/dossier2"]], in: sandbox)
            return shown
        },
        Scenario(name: "evidence on a terminal") { l in
            let sandbox = sandbox()
            sandbox.lineInput = FixedLineInput(["gisteren is geen tijd", "gisteravond 21:15", "", "", "", "", "", "{home}/nope.png".replacingOccurrences(of: "{home}", with: sandbox.home), ""],
                                               isTerminal: true)
            var shown = await commands(l, [["evidence", "add"]], in: sandbox)
            sandbox.lineInput = FixedLineInput(Array(repeating: "", count: 9), isTerminal: true)
            shown += await commands(l, [["evidence", "add"]], in: sandbox)
            return shown + ((sandbox.lineInput as? FixedLineInput)?.prompts.joined(separator: "\n") ?? "")
        },
        Scenario(name: "audit accounts") { l in
            let exports = fixtures.appendingPathComponent("AccountsTests/Fixtures").path
            return await commands(l, formats.map {
                ["audit", "--only", "accounts", "--no-state", "--account-export", exports + "/google/planted", "--identity", exports + "/identity.yaml",
                 "--since", "2026-01-01", "--format", $0]
            } + [
                ["audit", "--only", "accounts", "--no-state", "--account-export", exports + "/unrelated"],
                ["audit", "--only", "accounts", "--no-state", "--account-export", "{home}/nope.zip"],
                ["audit", "--only", "accounts", "--no-state"],
            ], in: sandbox())
        },
        Scenario(name: "trackers without Bluetooth") { l in
            // No system bus to reach: every command says the scan could not run, never that nothing was heard.
            let sandbox = sandbox()
            sandbox.extraVariables["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + sandbox.home + "/no-bus"
            let tree = try neglectedMachine()
            return await commands(l, formats.map { ["trackers", "scan", "--seconds", "5", "--format", $0] } + [
                ["trackers", "forget"],
                ["audit", "--root", tree.root, "--only", "trackers", "--trackers", "--trackers-seconds", "5", "--no-state"],
            ], in: sandbox)
        },
        Scenario(name: "cases") { l in
            await commands(l, [
                ["case", "new", "anna", "--note", "x"], ["case", "new", "anna"], ["case", "list"], ["case", "show", "anna"], ["case", "show", "nope"],
                ["case", "new", "../bad"], ["history", "--case", "anna"], ["forget", "--case", "anna"], ["case", "destroy", "anna"],
                ["case", "destroy", "anna", "--yes"], ["case", "list"],
            ], in: sandbox())
        },
        Scenario(name: "checks") { l in
            await commands(l, [["checks", "list"], ["checks", "explain", "device.firewall"], ["checks", "explain", "vault.weak"],
                               ["checks", "explain", "nope.check"], ["checks", "validate", "{home}/nothing"]], in: sandbox())
        },
        Scenario(name: "history, schedule, init, forget") { l in
            let tree = try neglectedMachine()
            let sandbox = sandbox()
            return await commands(l, [
                ["history"], ["audit", "--root", tree.root, "--quiet"], ["audit", "--root", tree.root, "--format", "text"], ["history"],
                ["schedule", "--every", "30d"], ["schedule", "--off"], ["schedule", "--off"], ["init"], ["init"], ["forget"], ["forget"],
            ], in: sandbox) + (await commands(l, [["schedule", "--every", "30d"]], in: Sandbox()))
        },
        Scenario(name: "configuration and identity errors") { l in
            let tree = try neglectedMachine()
            let sandbox = try sandbox {
                try write("version: 1\ncolour: blue\n", $0.home + "/c1.yaml")
                try write("version: 1\nsince: 31-01-2026\n", $0.home + "/c2.yaml")
                try write("version: 1\nlanguage: [nl\n", $0.home + "/c3.yaml")
                try write("version: 1\nfail-on: never\n", $0.home + "/c4.yaml")
                try write("naam: Sanne\n", $0.home + "/id1.yaml")
                try write("name: [Sanne\n", $0.home + "/id2.yaml")
                try write("name: [a, b]\n", $0.home + "/id3.yaml")
            }
            return await commands(l, [
                ["audit", "--root", tree.root, "--no-state", "--config", "{home}/c1.yaml"], ["audit", "--root", tree.root, "--no-state", "--config", "{home}/c2.yaml"],
                ["audit", "--root", tree.root, "--no-state", "--config", "{home}/c3.yaml"], ["audit", "--root", tree.root, "--no-state", "--config", "{home}/c4.yaml"],
                ["audit", "--root", tree.root, "--no-state", "--config", "{home}/none.yaml"],
                ["audit", "--root", tree.root, "--no-state", "--identity", "{home}/id1.yaml"], ["audit", "--root", tree.root, "--no-state", "--identity", "{home}/id2.yaml"],
                ["audit", "--root", tree.root, "--no-state", "--identity", "{home}/id3.yaml"], ["audit", "--root", tree.root, "--no-state", "--identity", "{home}/none.yaml"],
                ["audit", "--root", tree.root, "--no-state", "--skip", "device.nope"], ["audit", "--root", "{home}/nonexist", "--no-state"],
                ["audit", "--root", tree.root, "--no-state", "--output", "{home}/nonexist/dir/r.html", "--format", "html"],
            ], in: sandbox)
        },
    ]

    /// What the Dutch output may still hold in English, each with the reason; empty is the goal.
    static let allowed: Set<String> = [
        // The YAML parser's own words after the Dutch "geen geldige YAML:" (libyaml has no Dutch).
        "did not find", "not find expected",
        // libdbus's own reason after the Dutch "de systeembus is niet bereikbaar" (the library has no Dutch), and
        // the system's errno text it quotes.
        "failed to connect", "to connect to", "connect to socket", "no such file", "such file or", "file or directory",
        // Google's own name of an event, quoted from the export as the platform wrote it.
        "export of your", "of your data",
    ]

    @Test(arguments: scenarios.map(\.name))
    func noEnglishInTheDutchOutput(scenario name: String) async throws {
        let scenario = try #require(Self.scenarios.first { $0.name == name })
        let english = try await scenario.run(.en)
        let dutch = try await scenario.run(.nl)
        #expect(!english.isEmpty && !dutch.isEmpty)
        let found = Self.english(in: dutch, from: english).filter { !Self.allowed.contains($0) }
        #expect(found.isEmpty, "English in the Dutch output of \(name): \(found.joined(separator: " | "))")
    }

    // MARK: Every message has its Dutch

    /// One of each error the commands in this list can stop with, to see that each has Dutch of its own.
    static let failures: [any LocalizedFailure] = [
        EvidenceError.cannotOpen(store: "/s", reason: "Permission denied"), EvidenceError.noStore(store: "/s"),
        EvidenceError.unreadableFile(path: "/p", reason: "No such file or directory"), EvidenceError.notAFile(path: "/p"),
        EvidenceError.cannotStore(path: "/p", reason: "No space left on device"), EvidenceError.nothingToRecord, EvidenceError.nothingAnswered,
        EvidenceError.noSuchRecord(4, count: 0), EvidenceError.noSuchRecord(4, count: 2), EvidenceError.correctsLater(4, next: 3),
        EvidenceError.badTime("x"), EvidenceError.futureTime("x"), EvidenceError.notDestroyed(store: "/s"), EvidenceError.nothingToStamp(store: "/s"),
        EvidenceError.notIntact(store: "/s"),
        DossierError.noRecords, DossierError.notAFolder(path: "/d"), DossierError.notEmpty(path: "/d", entries: ["a"]),
        DossierError.cannotWrite(path: "/d", reason: "Permission denied"), DossierError.numbering(expected: 1, found: 2),
        DossierError.recordAltered(record: 1, stored: "a", computed: "b"), DossierError.chainBroken(record: 2, previousHash: "a", expected: "b"),
        DossierError.badCorrection(record: 2, corrects: 3), DossierError.badFileHash(record: 1, file: 1, value: "x"),
        DossierError.stampMismatch(recordNumber: 1, chainHash: "a"),
        DossierError.storeCopiesNotIntact(store: "/s", problems: []),
        TimestampError.unreachable(authority: "http://t", reason: "the connection was refused"), TimestampError.timeout(authority: "http://t", seconds: 5),
        TimestampError.httpStatus(authority: "http://t", status: 500), TimestampError.notATimestampReply(authority: "http://t", contentType: "text/html"),
        TimestampError.nonceMismatch(authority: "http://t"), TimestampError.imprintMismatch(authority: "http://t"),
        TimestampError.badReply(authority: "http://t", reason: "r"), TimestampError.malformedToken("r"), TimestampError.contentDigestMismatch,
        TimestampError.signerNotFound, TimestampError.badSignature(signer: "s"), TimestampError.unsupportedAlgorithm("x"),
        GuidanceError.cannotRead(path: "/a", reason: "no such file"), GuidanceError.cannotSave(path: "/a", reason: "Permission denied"), GuidanceError.noGuide,
        ConfigurationError.unreadable(path: "/c", reason: "no such file"), ConfigurationError.unreadableIdentity(path: "/c", reason: "no such file"),
        VaultImportError.unreadable(file: "/v", reason: "no such file"), VaultImportError.encrypted(file: "/v", format: "x"),
        VaultImportError.tooLarge(file: "/v", limit: 1 << 30), VaultImportError.unknownFormat(file: "/v", detail: .verbatim("d")),
        VaultCryptoError.wrongKey(file: "/v"), VaultCryptoError.noKey(file: "/v"), VaultCryptoError.accountRestricted(file: "/v"),
        PwnedPasswordsFile.OpenError.unreadable(path: "/b", reason: "no such file"), PwnedPasswordsFile.OpenError.unsorted(path: "/b", offset: 1),
        PwnedPasswordsFile.OpenError.knownHashMissing(path: "/b"), PwnedPasswordsFile.OpenError.notTheList(path: "/b", offset: 0, reason: "the file is too short"),
        PwnedRangeClient.LookupError.status(url: "u", status: 500), PwnedRangeClient.LookupError.malformed(url: "u"),
        CommandError.notFound("x"), CommandError.timedOut(["x"], seconds: 1), CommandError.failed(["x"], status: 1, message: ""),
        FetchError.dns("u"), FetchError.refused("u"), FetchError.timeout("u", seconds: 1),
        CLIError.cannotWrite(path: "/w", reason: "no such folder /x"), CLIError.cannotRead(path: "/r", reason: "permission denied"),
        CLIError.exists(path: "/e"), CLIError.schedule(CLIWords.neitherSystemdNorCron),
        PhoneError.noDevice,
    ]

    @Test func everyMessageHasDutchOfItsOwn() {
        for failure in Self.failures {
            let message = failure.message
            #expect(message.en != message.nl, "no Dutch for: \(message.en)")
            #expect(Self.english(in: message.nl, from: message.en).isEmpty, "English left in: \(message.nl)")
        }
    }
}
