import AuditCore
import Foundation
import Testing
import TestSupport

/// A kind that reads a data file its check names, for the loader's data-file tests.
struct DataReadingKind: CheckKind {
    static let description = KindDescription(identifier: "data-reading", family: "test", summary: "Reads a data file.",
                                             parameters: [ParameterSpec("file", required: true, "a data file")])
    let file: CheckDataFile
    init(parameters: Parameters) throws { file = try parameters.dataFile("file") }
    func run(in context: CheckContext) async throws -> CheckOutcome { .passed(evidence: LocalizedText(en: file.text, nl: file.text)) }
}

/// Checks name data files by a path relative to their own file; the loader keeps data and notices apart from checks.
@Suite struct DataFileTests {
    let loader = CheckLoader(kinds: [DataReadingKind.self])

    func checkFile(_ file: String) -> String {
        "version: 1\nchecks:\n" + checkYAML(id: "test.data", kind: "data-reading", params: "file: \(file)")
    }

    @Test func aDataFileBesideTheCheckIsRead() throws {
        let checks = try loader.load([
            (path: "Checks/test/checks.yaml", text: checkFile("data/sites.json")),
            (path: "Checks/test/data/sites.json", text: "{\"a\": 1}"),
            (path: "Checks/test/data/LICENSE.md", text: "MIT"),
        ])
        #expect(checks.count == 1)
        #expect((checks.first?.implementation as? DataReadingKind)?.file.path == "Checks/test/data/sites.json")
        #expect((checks.first?.implementation as? DataReadingKind)?.file.text == "{\"a\": 1}")
    }

    @Test func aMissingDataFileIsLocatedAtTheParameter() throws {
        do {
            _ = try loader.load([(path: "Checks/test/checks.yaml", text: checkFile("../other/sites.json")),
                                 (path: "Checks/test/sites.json", text: "{}")])
            Issue.record("loaded without the data file")
        } catch let error as CheckLoadError {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.file == "Checks/test/checks.yaml")
            #expect(diagnostic.line == 10)
            #expect(diagnostic.message.contains("no data file '../other/sites.json'"))
            #expect(diagnostic.message.contains("Checks/other/sites.json"))
        }
    }

    @Test func anAbsolutePathIsRefused() throws {
        #expect(throws: CheckLoadError.self) {
            _ = try loader.load([(path: "Checks/test/checks.yaml", text: checkFile("/etc/passwd"))])
        }
    }

    @Test(arguments: [("a.json", "Checks/x/c.yaml", "Checks/x/a.json"), ("./d/a.json", "Checks/x/c.yaml", "Checks/x/d/a.json"),
                      ("../a.json", "Checks/x/c.yaml", "Checks/a.json"), ("a.json", "c.yaml", "a.json"),
                      ("../../a.json", "x/c.yaml", "../a.json"), ("d/a.json", "/home/me/checks/c.yaml", "/home/me/checks/d/a.json")])
    func pathsResolveBesideTheCheckFile(relative: String, source: String, expected: String) {
        #expect(CheckDataFiles.resolve(relative, beside: source) == expected)
    }

    @Test func aFolderIsReadWithItsDataFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try checkFile("data/sites.json").write(to: folder.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        try "[1, 2]".write(to: folder.appendingPathComponent("data/sites.json"), atomically: true, encoding: .utf8)
        try "ignored".write(to: folder.appendingPathComponent("data/notes.txt"), atomically: true, encoding: .utf8)
        let files = try CheckLoader.readFiles(in: folder.path)
        #expect(files.map { ($0.path as NSString).lastPathComponent }.sorted() == ["mine.yaml", "sites.json"])
        let checks = try loader.load(files)
        #expect((checks.first?.implementation as? DataReadingKind)?.file.text == "[1, 2]")
    }
}

extension DataFileTests {
    /// A YAML list (as Echap's `ioc.yaml`) and a CSV file are data when a check names them.
    @Test func aYAMLListAndACSVFileAreDataWhenNamed() throws {
        let list = "# apps\n- name: A\n  packages: [a.b]\n"
        #expect(!CheckLoader.isCheckFile("Checks/test/ioc.yaml", text: list))
        let checks = try loader.load([
            (path: "Checks/test/checks.yaml", text: checkFile("ioc.yaml")),
            (path: "Checks/test/ioc.yaml", text: list),
        ])
        #expect((checks.first?.implementation as? DataReadingKind)?.file.text == list)
        let csv = try loader.load([(path: "Checks/test/checks.yaml", text: checkFile("rows.csv")),
                                   (path: "Checks/test/rows.csv", text: "a,b\r\n1,2\r\n")])
        #expect((csv.first?.implementation as? DataReadingKind)?.file.text == "a,b\r\n1,2\r\n")
    }

    /// A list that no check names is a check file gone wrong: said with its path, not passed over.
    @Test func aYAMLListNoCheckNamesIsAnError() throws {
        do {
            _ = try loader.load([
                (path: "Checks/test/checks.yaml", text: checkFile("data.json")),
                (path: "Checks/test/data.json", text: "{}"),
                (path: "Checks/test/mistake.yaml", text: "- id: test.x\n  kind: data-reading\n"),
            ])
            Issue.record("a stray list was passed over")
        } catch let error as CheckLoadError {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.file == "Checks/test/mistake.yaml")
            #expect(diagnostic.message.contains("holds a list, and no check names it"))
        }
    }
}
