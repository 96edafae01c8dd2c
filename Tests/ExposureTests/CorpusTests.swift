import AuditCore
@testable import Exposure
import Foundation
import Testing

/// The shipped detectors over a labelled corpus: Dutch and English pages with planted data and
/// look-alikes (bad checksums, order and customer numbers, ISBNs, publication dates, `@2x` images,
/// version strings, a namesake). Precision and recall per kind must be at least 0.95.
@Suite struct CorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let corpus = root.appendingPathComponent("Corpus")
    static let checksFolder = root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Checks/exposure")

    static func shippedChecks() throws -> [Check] {
        try CheckLoader(kinds: ExposureKinds.all).load(CheckLoader.readFiles(in: checksFolder.path))
    }

    /// What each page should yield, as `kind:normalized`.
    static func labels() throws -> [String: Set<String>] {
        let data = try Data(contentsOf: corpus.appendingPathComponent("labels.json"))
        return try JSONDecoder().decode([String: [String]].self, from: data).mapValues(Set.init)
    }

    /// Runs every shipped exposure check over the corpus and returns what each page yielded, by fingerprint.
    static func run() async throws -> (found: [String: Set<String>], expected: [String: Set<String>], kinds: [String: String]) {
        let labels = try labels()
        var pages: [ScannedPage] = []
        for name in labels.keys.sorted() {
            let html = try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8)
            pages.append(ScannedPage(url: "https://corpus.test/\(name)", html: html))
        }
        var inputs = AuditInputs(["url": pages.map(\.url)])
        inputs.prepared["url"] = ExposureScan(pages: pages)
        inputs.prepared[Identity.inputName] = try Identity.load(path: corpus.appendingPathComponent("identity.yaml").path)
        let context = CheckContext(checkID: "corpus", host: Machine(root: "/", runner: NoCommandRunner(), privileged: false, now: Date(), environment: [:]),
                                   inputs: inputs)
        var found: [String: Set<String>] = [:]
        for check in try shippedChecks() where check.id != "exposure.gps" {
            guard case .failed(let drafts) = try await check.implementation.run(in: context) else { continue }
            for draft in drafts {
                for subject in draft.subjects {
                    let page = String(subject["url"]!.dropFirst("https://corpus.test/".count))
                    found[page, default: []].insert(subject["fingerprint"]!)
                }
            }
        }
        // Expected values as fingerprints, and the kind of each fingerprint for the tally.
        var expected: [String: Set<String>] = [:]
        var kinds: [String: String] = [:]
        for (page, values) in labels {
            for value in values {
                let print = Match(kind: String(value.prefix { $0 != ":" }), normalized: String(value.drop { $0 != ":" }.dropFirst()),
                                  url: "", line: 0, snippet: "").fingerprint
                expected[page, default: []].insert(print)
                kinds[print] = String(value.prefix { $0 != ":" })
            }
        }
        return (found, expected, kinds)
    }

    @Test func precisionAndRecallPerKindAreAtLeast95Percent() async throws {
        let (found, expected, kinds) = try await Self.run()
        var truePositives: [String: Int] = [:], falsePositives: [String: Int] = [:], falseNegatives: [String: Int] = [:]
        var allKinds = Set(kinds.values)
        for page in Set(found.keys).union(expected.keys) {
            let got = found[page] ?? [], want = expected[page] ?? []
            for print in got.intersection(want) { truePositives[kinds[print]!, default: 0] += 1 }
            for print in want.subtracting(got) { falseNegatives[kinds[print]!, default: 0] += 1 }
            for extra in got.subtracting(want) {
                // A value nobody planted: count it against the kind the subject says it is.
                let kind = kinds[extra] ?? "unlabelled"
                falsePositives[kind, default: 0] += 1
                allKinds.insert(kind)
                print("unexpected on \(page): \(extra.prefix(12))")
            }
        }
        print("kind                  precision  recall   (tp fp fn)")
        for kind in allKinds.sorted() {
            let tp = Double(truePositives[kind] ?? 0), fp = Double(falsePositives[kind] ?? 0), fn = Double(falseNegatives[kind] ?? 0)
            let precision = tp + fp == 0 ? 1 : tp / (tp + fp), recall = tp + fn == 0 ? 1 : tp / (tp + fn)
            print(kind.padding(toLength: 22, withPad: " ", startingAt: 0)
                  + String(format: "%.3f      %.3f    (%d %d %d)", precision, recall, Int(tp), Int(fp), Int(fn)))
            #expect(precision >= 0.95, "precision of \(kind)")
            #expect(recall >= 0.95, "recall of \(kind)")
        }
        // Every kind with a built-in validator is in the corpus.
        #expect(allKinds.isSuperset(of: ["email", "phone", "iban", "bsn", "be-national-number", "credit-card", "postcode", "date-of-birth", "identity"]))
    }
}
