import AuditCore
import Foundation
import Testing
import TestSupport
@testable import Vault

/// The estimator with small lists of its own, so these tests do not depend on installed packages.
let estimator: StrengthEstimator = {
    var dictionaries = Dictionaries()
    dictionaries.add(.passwords, ranked: ["123456", "password", "qwerty", "welkom", "azerty", "wachtwoord", "password1"], source: "test passwords")
    dictionaries.add(.dutch, ranked: ["zomer", "liefde", "hond", "fiets"], source: "test dutch")
    dictionaries.add(.english, unranked: ["correct", "horse", "battery", "staple", "summer", "dragon"], source: "test english")
    dictionaries.add(.firstNames, ranked: ["sanne", "daan"], source: "test names")
    dictionaries.add(.surnames, ranked: ["devries", "jansen"], source: "test surnames")
    return StrengthEstimator(dictionaries: dictionaries, referenceYear: 2026)
}()

@Suite struct StrengthTests {
    @Test(arguments: [
        ("123456", 0), ("password", 0), ("P@ssw0rd", 0), ("welkom", 0), ("qwertyuiop", 1), ("azertyuiop", 1), ("zomer", 0),
        ("Zomer2023", 1), ("Zomer2023!", 2), ("sanne1990", 1), ("Sanne12-03-1990", 2), ("12031990", 1), ("aaaaaaaaaa", 0),
        ("abcdefgh", 0), ("98765432", 0), ("drowssap", 0), ("1qaz2wsx", 2),
    ])
    func weakPasswords(password: String, atMost: Int) {
        let estimate = estimator.estimate(password)
        #expect(estimate.score <= atMost, "\(password): \(estimate.guesses) guesses, \(estimate.explanation.en)")
    }

    @Test(arguments: ["correct-horse-battery-staple", "Xq7#Lp2!vR9t", "kpZ9vQ2mL8xT4wR", "vuurtoren-Krokus-72-glijbaan"])
    func strongPasswords(password: String) {
        #expect(estimator.estimate(password).score >= 3, "\(password)")
    }

    @Test func contextMakesAPasswordWeak() {
        let alone = estimator.estimate("mijnbank77sdvr")
        let known = estimator.estimate("mijnbank77sdvr", context: ["mijnbank", "sdvr"])
        #expect(known.guesses < alone.guesses / 100)
        #expect(known.explanation.en.hasPrefix("this account's own name or site"))
    }

    @Test(arguments: [
        ("Zomer2023!", "a Dutch word plus a year plus a few extra characters", "een Nederlands woord plus een jaartal plus een paar extra tekens"),
        ("daan1985", "a first name plus a year", "een voornaam plus een jaartal"),
        ("qwerty", "a very common password", "een veelgebruikt wachtwoord"),
        ("drowssap", "a very common password written backwards", "een veelgebruikt wachtwoord achterstevoren"),
        ("zxcvbnm", "a qwerty keyboard pattern", "een qwerty-toetsenbordpatroon"),
        ("wxcvbn", "an azerty keyboard pattern", "een azerty-toetsenbordpatroon"),
    ])
    func explanations(password: String, en: String, nl: String) {
        let explanation = estimator.estimate(password).explanation
        #expect(explanation.en == en)
        #expect(explanation.nl == nl)
    }

    @Test func yearsAfterTheReferenceYearAreNotYears() {
        let sequence = estimator.estimate("zomer2090").sequence
        #expect(!sequence.contains { $0.pattern == .year })
    }

    @Test func scoresFollowTheGuessThresholds() {
        #expect(StrengthEstimate.score(for: 1_000) == 0)
        #expect(StrengthEstimate.score(for: 1e6) == 1)
        #expect(StrengthEstimate.score(for: 1e8) == 2)
        #expect(StrengthEstimate.score(for: 1e10) == 3)
        #expect(StrengthEstimate.score(for: 1e11) == 4)
    }

    @Test func keyboardsKnowTheirNeighbours() {
        for (a, b) in [("g", "h"), ("g", "t"), ("g", "y"), ("g", "v"), ("g", "b"), ("G", "H"), ("1", "q"), ("q", "a")] {
            #expect(Keyboard.qwerty.direction(from: Character(a), to: Character(b)) != nil, "\(a)\(b)")
        }
        #expect(Keyboard.qwerty.direction(from: "g", to: "k") == nil)
        #expect(Keyboard.azerty.direction(from: "a", to: "z") != nil)
        #expect(Keyboard.azerty.direction(from: "a", to: "q") != nil)
        #expect(Keyboard.qwerty.averageDegree > 4 && Keyboard.qwerty.averageDegree < 6)
    }
}

@Suite struct WeakKindTests {
    @Test func weakLoginsAreGroupedByWhyWithTheirScore() async throws {
        let kind = try WeakKind(parameters: Parameters(yaml: """
            word-lists: []
            words: {dutch: [zomer], first-names: [sanne], passwords: [welkom]}
            """))
        let found = drafts(try await run(kind, [
            "A|me|https://a.nl|Zomer2023", "B|me|https://b.nl|zomer1999", "C|sanne|https://c.nl|Sanne1234",
            "D|me|https://d.nl|vuurtoren-Krokus-72-glijbaan", "E|me|https://e.nl|welkom",
        ]))
        let titles = found.map { $0.title?.en ?? "" }
        #expect(titles.contains("2 weak passwords: a Dutch word plus a year"))
        #expect(titles.contains("1 weak password: a very common password"))
        #expect(!found.flatMap(\.subjects).map(\.name).contains("D"))
        #expect(found.flatMap(\.subjects).allSatisfy { $0["score"] != nil })
        // The word lists are named once, not on every finding (sweep A-10).
        #expect(found.count >= 2)
        #expect(found.filter { $0.detail.en.contains("(Word lists: hygiene's own") }.count == 1)
        #expect(found.filter { $0.detail.nl.contains("(Woordenlijsten: eigen lijst van hygiene") }.count == 1)
    }
}

@Suite struct IdentityInPasswordsTests {
    @Test func thePersonsOwnDetailsMakeAPasswordWeak() async throws {
        let kind = try WeakKind(parameters: Parameters(yaml: "word-lists: []\nwords: {}"))
        var identity = Identity()
        identity.name = "Sanne de Vries"
        identity.street = "Lindenlaan 12"
        identity.terms = ["Bobbie"]
        var inputs = AuditInputs()
        inputs.prepared[Vault.inputName] = VaultExamples.vault(["A|x|https://a.nl|Bobbie2019", "B|x|https://b.nl|lindenlaan12",
                                                                "C|x|https://c.nl|vuurtoren-Krokus-72-glijbaan"])
        inputs.prepared[Identity.inputName] = identity
        let machine = Machine(root: "/", runner: NoCommandRunner(), privileged: false, os: .unknown)
        let found = drafts(try await kind.run(in: CheckContext(checkID: "vault.weak", host: machine, inputs: inputs)))
        #expect(Set(found.flatMap(\.subjects).map(\.name)) == ["A", "B"])
        #expect(found.allSatisfy { $0.title?.en.contains("your own name or details") == true })
    }
}

/// Word lists read in parallel and merged give the same dictionary as reading them one after another.
@Suite struct ParallelWordListTests {
    @Test func mergedListsMatchSequentialReading() async throws {
        try await offThePool {
            let sources = try WordSources(Parameters(yaml: """
                word-lists:
                  - {name: john, path: /usr/share/john/password.lst, kind: passwords, ranked: true}
                  - {name: wamerican, path: /usr/share/dict/american-english, kind: english}
                  - {name: wdutch, path: /usr/share/dict/dutch, kind: dutch}
                words: {passwords: [welkom01, zomer], dutch: [fiets, huis]}
                """))
            let machine = Machine(root: "/", runner: NoCommandRunner(), privileged: false, os: .unknown)
            try #require(FileManager.default.fileExists(atPath: "/usr/share/dict/dutch"), "the word lists are not installed (.ci/deps)")
            var sequential = Dictionaries()
            sequential.add(.passwords, ranked: ["welkom01", "zomer"], source: "hygiene's own passwords list")
            sequential.add(.dutch, ranked: ["fiets", "huis"], source: "hygiene's own dutch list")
            let john = try #require(try machine.read("/usr/share/john/password.lst"))
            sequential.add(.passwords, ranked: john.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#!comment") && !$0.isEmpty }, source: "john")
            sequential.add(.english, unrankedText: try #require(try machine.read("/usr/share/dict/american-english")), source: "wamerican")
            sequential.add(.dutch, unrankedText: try #require(try machine.read("/usr/share/dict/dutch")), source: "wdutch")
            // One core (every file whole), two (the Dutch list in halves), seven (both lists in pieces).
            for cores in [1, 2, 7] {
                let parallel = sources.load(machine, cores: cores)
                #expect(parallel.count == sequential.count, "\(cores) cores")
                #expect(parallel.sources == sequential.sources)
                var differing = 0
                parallel.table.forEach { hash, entry in if sequential.table[hash] != entry { differing += 1 } }
                #expect(differing == 0, "\(differing) words differ in kind or rank with \(cores) cores")
                #expect(parallel.prefixes == sequential.prefixes, "\(cores) cores")
                let a = StrengthEstimator(dictionaries: parallel, referenceYear: 2026), b = StrengthEstimator(dictionaries: sequential, referenceYear: 2026)
                for password in ["welkom01", "Zomer2024!", "fietsenmaker", "correcthorse", "password1", "huisje123", "Xk9#mQ2!zL", "amsterdam1990",
                                 "liefde", "princess", "qwerty123", "drowssap", "vakantiehuis", "sunshine7"] {
                    #expect(a.estimate(password).guesses == b.estimate(password).guesses, "\(password)")
                }
            }
        }
    }

    @Test func piecesEndAtLineBreaksAndCoverTheText() {
        let text = "aap\nnoot\nmies\nwim\nzus\njet\nteun\nvuur\ngijs\nlam\nkees\nbok\nweide\ndoes\nhok\nduif\nschapen"
        for size in [1, 3, 5, 8, 40, 1_000] {
            let pieces = WordSources.split(text, around: size)
            #expect(pieces.joined() == text, "size \(size)")
            #expect(pieces.dropLast().allSatisfy { $0.hasSuffix("\n") }, "size \(size)")
            #expect(pieces.allSatisfy { !$0.isEmpty })
        }
        #expect(WordSources.split(text, around: 1_000).count == 1)
        #expect(WordSources.split("", around: 10).isEmpty)
    }
}

/// Built word lists kept between runs: read back the same, rebuilt when a list changes, never trusted when damaged.
@Suite struct WordListCacheTests {
    static let params = """
        word-lists:
          - {name: common, path: /lists/common.txt, kind: passwords, ranked: true}
          - {name: woorden, path: /lists/dutch, kind: dutch}
        words: {passwords: [welkom01], dutch: [fiets]}
        """

    func fixture() throws -> FixtureTree {
        try FixtureTree(files: ["/lists/common.txt": "123456\nwachtwoord\nzomer2024\n",
                                "/lists/dutch": (["aanbod", "aanbodlijn", "appel", "fietsenmaker", "huis", "huisdeur", "vuurtoren", "één"]).joined(separator: "\n")])
    }

    func same(_ a: Dictionaries, _ b: Dictionaries) -> Bool {
        var differing = 0
        a.table.forEach { hash, entry in if b.table[hash] != entry { differing += 1 } }
        return differing == 0 && a.count == b.count && a.prefixes == b.prefixes && a.sources == b.sources
    }

    @Test func readsBackWhatItWrote() throws {
        let tree = try fixture()
        let machine = tree.machine()
        let sources = try WordSources(Parameters(yaml: Self.params))
        let cache = WordListCache(directory: tree.root + "/cache")
        let path = cache.path(for: sources, host: machine)
        #expect(cache.load(path) == nil)
        let built = sources.load(machine)
        cache.store(built, at: path)
        let read = try #require(cache.load(path))
        #expect(same(read, built))
        #expect(read.count > 8)
        let estimator = StrengthEstimator(dictionaries: read, referenceYear: 2026)
        #expect(estimator.estimate("vuurtoren").guesses == StrengthEstimator(dictionaries: built, referenceYear: 2026).estimate("vuurtoren").guesses)
        // Private: the folder and the file are the user's alone, and no temporary file is left.
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: tree.root + "/cache")[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.root + "/cache") == [(path as NSString).lastPathComponent])
    }

    @Test func aChangedListOrOwnWordGivesAnotherFileAndTheOldOneGoes() throws {
        let tree = try fixture()
        let machine = tree.machine()
        let sources = try WordSources(Parameters(yaml: Self.params))
        let cache = WordListCache(directory: tree.root + "/cache")
        let first = cache.path(for: sources, host: machine)
        // A temporary file a killed run left an hour ago goes with the next write; a fresh one may be another run's.
        try FileManager.default.createDirectory(atPath: tree.root + "/cache", withIntermediateDirectories: true)
        let stale = tree.root + "/cache/words-old.bin.99.tmp", fresh = tree.root + "/cache/words-new.bin.98.tmp"
        for leftover in [stale, fresh] { FileManager.default.createFile(atPath: leftover, contents: Data("x".utf8)) }
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3_600)], ofItemAtPath: stale)
        cache.store(sources.load(machine), at: first)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: fresh))
        try FileManager.default.removeItem(atPath: fresh)
        #expect(cache.path(for: sources, host: machine) == first)
        try tree.write("/lists/dutch", "aanbod\nkrokodillentranen\n")
        let second = cache.path(for: sources, host: machine)
        #expect(second != first)
        let rebuilt = sources.load(machine)
        cache.store(rebuilt, at: second)
        #expect(!FileManager.default.fileExists(atPath: first))
        let read = try #require(cache.load(second))
        #expect(same(read, rebuilt))
        let other = try WordSources(Parameters(yaml: Self.params.replacingOccurrences(of: "[fiets]", with: "[fiets, brommer]")))
        #expect(cache.path(for: other, host: machine) != second)
    }

    @Test func aDamagedFileIsBuiltAgainNotTrusted() throws {
        let tree = try fixture()
        let machine = tree.machine()
        let sources = try WordSources(Parameters(yaml: Self.params))
        let cache = WordListCache(directory: tree.root + "/cache")
        let path = cache.path(for: sources, host: machine)
        cache.store(sources.load(machine), at: path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        for damaged in [whole.prefix(10), whole.prefix(whole.count / 2), whole.dropLast(1), whole + Data([0]), Data("not a cache".utf8), Data()] {
            try damaged.write(to: URL(fileURLWithPath: path))
            #expect(cache.load(path) == nil, "\(damaged.count) bytes")
        }
        var wrongVersion = whole
        wrongVersion[14] ^= 0x01
        try wrongVersion.write(to: URL(fileURLWithPath: path))
        #expect(cache.load(path) == nil)
        var badKind = whole
        let slots = whole.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: WordListCache.magic.count, as: UInt64.self) }
        badKind[WordListCache.magic.count + 32 + Int(slots) * 12] = 200
        try badKind.write(to: URL(fileURLWithPath: path))
        #expect(cache.load(path) == nil)
    }

    @Test func aFolderThatCannotBeWrittenIsNoError() throws {
        let tree = try fixture()
        let machine = tree.machine()
        let sources = try WordSources(Parameters(yaml: Self.params))
        try tree.write("/blocked", "a file where the cache folder would be")
        let cache = WordListCache(directory: tree.root + "/blocked/cache")
        let path = cache.path(for: sources, host: machine)
        cache.store(sources.load(machine), at: path)
        #expect(cache.load(path) == nil)
    }
}
