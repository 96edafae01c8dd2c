import AuditCore
import Foundation
import Testing
@testable import Phone

/// The phone kinds' parameters: a mistake in a check file is located, never silently read.
@Suite struct PhoneKindTests {
    static let installers = (path: "Checks/phone/installers.yaml", text: "data: phone-installers\nversion: 1\nstores:\n  org.fdroid.fdroid: F-Droid\npackage-installers: [com.android.packageinstaller]\n")

    func load(_ params: String, kind: String) throws -> [Check] {
        let check = """
            version: 1
            checks:
              - id: phone.test
                kind: \(kind)
                severity: high
                title: {en: T, nl: T}
                why: {en: W, nl: W}
                fix: {en: [F], nl: [F]}
                params:
            \(params.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
            """
        return try CheckLoader(kinds: PhoneKinds.all).load([(path: "Checks/phone/test.yaml", text: check), Self.installers])
    }

    @Test func anUnknownPowerIsLocated() throws {
        do {
            _ = try load("access: [accessibility, telepathy]\ninstallers: installers.yaml", kind: "phone-app-access")
            Issue.record("an unknown power was accepted")
        } catch let error as CheckLoadError {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.message.contains("unknown power 'telepathy'"))
            #expect(diagnostic.line == 10)
        }
    }

    @Test func aRuleOfOneSignalOrAnUnknownSignalIsRefused() throws {
        let files = "ioc: i.yaml\nwatchware: w.yaml\nsamples: s.csv\napp-flags: f.csv\ninstallers: installers.yaml"
        for rules in ["rules:\n  - all: [hidden]\n    severity: high", "rules:\n  - all: [hidden, moonlight]\n    severity: high",
                      "rules:\n  - all: [hidden, accessibility]\n    severity: dire"] {
            #expect(throws: CheckLoadError.self) { _ = try load(rules + "\n" + files, kind: "phone-combined") }
        }
    }

    @Test func theInstallerClassesReadAsData() throws {
        let classes = try InstallerClasses.read(CheckDataFile(path: Self.installers.path, text: Self.installers.text))
        #expect(classes.source("com.android.vending") == .play)
        #expect(classes.source("org.fdroid.fdroid") == .store("F-Droid"))
        #expect(classes.source("com.android.packageinstaller") == .downloaded("com.android.packageinstaller"))
        #expect(classes.source("com.example.dropper") == .otherApp("com.example.dropper"))
        #expect(classes.source(nil) == .none)
        #expect(throws: DataFileError.self) { try InstallerClasses.read(CheckDataFile(path: "x.yaml", text: "data: other\nversion: 1\n")) }
    }
}
