import AuditCore
import Foundation
@testable import HygieneCLI
import Testing

/// The families as the CLI lists them: every setting, label, kind and table comes from a family,
/// and the configuration template is theirs too.
@Suite struct FamilyTests {
    @Test func theTemplateIsAValidConfiguration() throws {
        let configuration = try Configuration.parse(Catalog.configurationTemplate, path: "template", settings: Catalog.settings)
        #expect(configuration.skip.isEmpty)
        #expect(Catalog.configurationTemplate.contains("# known-ssh-keys:"))
    }

    /// Every example in the template, its '#' removed, is a setting the configuration accepts.
    @Test func everyExampleInTheTemplateIsAcceptedWhenSwitchedOn() throws {
        let lines = Catalog.configurationTemplate.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            // A setting is '# key: value' or '#   - item'; prose lines have words before any colon.
            let body = line.hasPrefix("# ") ? line.dropFirst(2) : line[...]
            let isSetting = body.range(of: #"^([a-z-]+:( .*)?|  - .*)$"#, options: .regularExpression) != nil
            return line.hasPrefix("# ") && isSetting ? String(body) : String(line)
        }
        let text = lines.joined(separator: "\n")
        for key in ["accounts:", "recovers-through:", "not-through:", "phone: android", "language: nl", "situation: stalking"] {
            #expect(text.contains("\n" + key), "\(key) is not among the template's examples")
        }
        let configuration = try Configuration.parse(text, path: "template", settings: Catalog.settings)
        #expect(configuration.language == .nl)
        #expect(configuration.inputs["phone"] == ["android"])
        #expect(configuration.inputs["not-through"].count == 2)
    }

    /// Every setting a family owns has an example in the template, so `hygiene init` shows it.
    @Test func everyFamilySettingHasAnExample() {
        for family in Catalog.families {
            for setting in family.settings {
                #expect(family.settingsExample.contains("# \(setting.key):"), "\(family.id): '\(setting.key)' has no example")
            }
        }
    }

    /// A key owned twice would be read by whichever family came first.
    @Test func noTwoFamiliesOwnTheSameSettingOrId() {
        let keys = Catalog.settings.map(\.key)
        #expect(Set(keys).count == keys.count)
        #expect(Set(Catalog.familyIDs).count == Catalog.families.count)
    }

    /// A field label means one thing: two families that label a field label it the same way.
    @Test func fieldLabelsAgreeAcrossFamilies() {
        var seen: [String: (family: String, label: String)] = [:]
        for family in Catalog.families {
            for (key, label) in family.fieldLabels {
                if let earlier = seen[key] {
                    #expect(earlier.label == label, "'\(key)': \(earlier.family) says '\(earlier.label)', \(family.id) says '\(label)'")
                } else {
                    seen[key] = (family.id, label)
                }
            }
        }
    }

    /// Every kind belongs to the family that lists it, and every family's name is said in Dutch.
    @Test func kindsBelongToTheirFamily() {
        for family in Catalog.families {
            #expect(!family.name.nl.isEmpty && !family.name.en.isEmpty)
            for kind in family.kinds {
                #expect(kind.description.family == family.id, "\(kind.description.identifier) says \(kind.description.family), listed by \(family.id)")
            }
        }
    }

    /// The core knows no family: no module of a family is imported, and no family's name, setting or
    /// input is spelled out in AuditCore's sources.
    @Test func auditCoreNamesNoFamily() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/AuditCore").standardized
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 20)
        let modules = ["Device", "Access", "Vault", "VaultCrypto", "Exposure", "Reset", "Safety", "Phone", "Accounts", "Trackers", "HygieneCLI"]
        let words = Catalog.familyIDs + Catalog.settings.flatMap { [$0.key, $0.input] }
        for file in files {
            let text = try String(contentsOfFile: folder.path + "/" + file, encoding: .utf8)
            // Doc comments may give an example; code may not name one.
            let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            for module in modules { #expect(!code.contains("import \(module)\n"), "\(file) imports \(module)") }
            for word in Set(words) { #expect(!code.contains("\"\(word)\""), "\(file) names the family input or setting '\(word)'") }
        }
    }
}
