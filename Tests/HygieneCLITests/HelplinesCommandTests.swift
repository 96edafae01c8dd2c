import AuditCore
import Foundation
@testable import HygieneCLI
import Testing

/// `hygiene safety helplines`: the numbers at once, off a terminal too, in every format, for nl and be.
@Suite struct HelplinesCommandTests {
    @Test(arguments: OutputFormat.allCases, ["nl", "be"])
    func everyFormatForEveryCountry(format: OutputFormat, country: String) async throws {
        for lang in ["en", "nl"] {
            let run = await Sandbox().run(["safety", "helplines", "--country", country, "--format", format.rawValue, "--lang", lang])
            #expect(run.code == 0, "\(run.errors)")
            #expect(run.output.contains("112"))
            // Each country's own line: Veilig Thuis in the Netherlands, 1712 in Belgium; never the other's.
            #expect(run.output.contains(country == "nl" ? "0800-2000" : "1712"))
            #expect(!run.output.contains(country == "nl" ? "1712" : "0800-2000"))
            switch format {
            case .text: #expect(run.output.hasPrefix(lang == "nl" ? "Wie je kunt bellen in " : "Whom to call in "))
            case .markdown: #expect(run.output.hasPrefix("# "))
            case .html:
                #expect(run.output.hasPrefix("<!DOCTYPE html>"))
                #expect(run.output.contains("<html lang=\"\(lang)\">"))
            case .json:
                let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
                #expect(object["version"] as? Int == 1)
                #expect(object["country"] as? String == country)
                #expect(object["language"] as? String == lang)
                #expect((object["helplines"] as? [Any])?.isEmpty == false)
            }
        }
    }

    @Test func theCountryFollowsTheLocaleWithoutTheFlag() async {
        let sandbox = Sandbox()
        sandbox.extraVariables["LANG"] = "nl_BE.UTF-8"
        let run = await sandbox.run(["safety", "helplines"])
        #expect(run.code == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("Wie je kunt bellen in België"), "\(run.output)")
    }

    @Test func aBadCountryIsAUsageError() async {
        let run = await Sandbox().run(["safety", "helplines", "--country", "de"])
        #expect(run.code == 64)
    }
}
