import AuditCore
import Foundation
import Testing
@testable import Trackers

/// The signatures file: the shipped one reads, and every mistake in one is named with its line and column.
@Suite struct SignaturesFileTests {
    @Test func shippedFileCoversEveryTrackerFamily() throws {
        let signatures = try shippedSignatures()
        let products = Set(signatures.signatures.map { $0.product.id })
        for product in ["airtag", "find-my-accessory", "airpods", "smarttag", "google-fmdn", "dult-tracker", "tile", "chipolo", "pebblebee"] {
            #expect(products.contains(product), "no signature for \(product)")
        }
        // Every product is used, and every tracker product has steps in both languages.
        #expect(Set(signatures.products.map { $0.id }) == products)
        for product in signatures.products {
            #expect(product.find.en.count == product.find.nl.count)
            #expect(product.name.en != "" && product.name.nl != "")
        }
    }

    static let header = "data: tracker-signatures\nversion: 1\nproducts:\n  - id: tag\n    name: {en: A tag, nl: Een tag}\n    find: {en: [Look.], nl: [Kijk.]}\n    disable: {en: [Battery out.], nl: [Batterij eruit.]}\nsignatures:\n"

    struct Broken: CustomTestStringConvertible, Sendable {
        var name: String
        var row: String
        var message: String
        var testDescription: String { name }
    }

    /// Each row sits on line 9 of the file.
    static let broken: [Broken] = [
        Broken(name: "unknown key", row: "  - {id: a, product: tag, state: separated, service-uuid: fe33, identity: address, colour: red}", message: "unknown key 'colour'"),
        Broken(name: "unknown product", row: "  - {id: a, product: watch, state: separated, service-uuid: fe33, identity: address}", message: "'watch' is not among the products"),
        Broken(name: "no source", row: "  - {id: a, product: tag, state: separated, identity: address}", message: "needs exactly one of"),
        Broken(name: "two sources", row: "  - {id: a, product: tag, state: separated, service-uuid: fe33, service-data: fe33, identity: address}", message: "needs exactly one of"),
        Broken(name: "company id not hex", row: "  - {id: a, product: tag, state: separated, manufacturer: apple, identity: address}", message: "not a company id"),
        Broken(name: "bad UUID", row: "  - {id: a, product: tag, state: separated, service-data: fe3, identity: address}", message: "not a service UUID"),
        Broken(name: "unknown state", row: "  - {id: a, product: tag, state: lost, service-uuid: fe33, identity: address}", message: "'lost' is not one of"),
        Broken(name: "byte not hex", row: "  - {id: a, product: tag, state: separated, service-data: fe33, bytes: [{at: 0, equals: zz}], identity: address}", message: "not a byte in two hex digits"),
        Broken(name: "equals outside mask", row: "  - {id: a, product: tag, state: separated, service-data: fe33, bytes: [{at: 0, mask: \"0f\", equals: \"10\"}], identity: address}", message: "outside the mask"),
        Broken(name: "bytes on a UUID signature", row: "  - {id: a, product: tag, state: separated, service-uuid: fe33, bytes: [{at: 0, equals: \"10\"}], identity: address}", message: "no bytes to read"),
        Broken(name: "record outside manufacturer data", row: "  - {id: a, product: tag, state: separated, service-data: fe33, record: {type: \"12\", length: 2}, identity: none}", message: "only in manufacturer data"),
        Broken(name: "identity past the data", row: "  - {id: a, product: tag, state: separated, service-data: fe33, min-length: 4, identity: bytes, identity-bytes: [2, 9]}", message: "reaches past"),
        Broken(name: "unknown identity", row: "  - {id: a, product: tag, state: separated, service-uuid: fe33, identity: name}", message: "'name' is not one of"),
        Broken(name: "identity bytes without bytes identity", row: "  - {id: a, product: tag, state: separated, service-uuid: fe33, identity: address, identity-bytes: [0, 1]}", message: "only read with identity bytes"),
        Broken(name: "id not a word", row: "  - {id: A B, product: tag, state: separated, service-uuid: fe33, identity: address}", message: "lowercase words"),
    ]

    @Test(arguments: broken)
    func locatesMistakes(_ case_: Broken) throws {
        let file = CheckDataFile(path: "Checks/trackers/signatures.yaml", text: Self.header + case_.row + "\n")
        do {
            _ = try TrackerSignatures.read(file)
            Issue.record("\(case_.name) was accepted")
        } catch let error as DataFileError {
            #expect(error.file == "Checks/trackers/signatures.yaml")
            #expect(error.line == 9, "\(error)")
            #expect(error.message.contains(case_.message), "\(error.message)")
        }
    }

    @Test func duplicateIDsAreNamed() throws {
        let row = "  - {id: a, product: tag, state: separated, service-uuid: fe33, identity: address}\n"
        do {
            _ = try TrackerSignatures.read(CheckDataFile(path: "s.yaml", text: Self.header + row + row))
            Issue.record("accepted")
        } catch let error as DataFileError {
            #expect(error.line == 10)
            #expect(error.message.contains("listed twice"))
        }
    }

    @Test(arguments: ["version: 2", "data: phone-installers"])
    func wrongHeaderIsRefused(_ line: String) throws {
        let text = Self.header.replacingOccurrences(of: line.hasPrefix("version") ? "version: 1" : "data: tracker-signatures", with: line)
        #expect(throws: DataFileError.self) { try TrackerSignatures.read(CheckDataFile(path: "s.yaml", text: text)) }
    }

    @Test func notYAMLIsLocated() throws {
        do {
            _ = try TrackerSignatures.read(CheckDataFile(path: "s.yaml", text: Self.header + "  - {id: a, product: [\n"))
            Issue.record("accepted")
        } catch let error as DataFileError {
            #expect(error.line >= 9)
        }
    }

    /// A new tracker is a data change: a row for a made-up UUID classifies without new code.
    @Test func aNewTrackerIsARow() throws {
        let row = "  - {id: new-tag, product: tag, state: separated, service-data: fe99, min-length: 2, bytes: [{at: 1, mask: \"80\", equals: \"80\"}], identity: address}\n"
        let signatures = try TrackerSignatures.read(CheckDataFile(path: "s.yaml", text: Self.header + row))
        let classifier = TrackerClassifier(signatures)
        #expect(classifier.classify(advertisement(service: ["fe99": "00 81"]))?.state == .separated)
        #expect(classifier.classify(advertisement(service: ["fe99": "00 01"])) == nil)
    }
}
