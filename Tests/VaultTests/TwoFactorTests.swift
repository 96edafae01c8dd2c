import AuditCore
import Foundation
import Testing
import TestSupport
@testable import Vault

/// A small two-factor directory in the 2fa.directory format.
let directoryJSON = """
{
 "digid.nl": {"name": "DigiD", "tfa": ["sms", "call", "custom-software"], "custom-software": ["DigiD"],
              "documentation": "https://www.digid.nl/sms", "categories": ["government"], "regions": ["nl"]},
 "mail.google.com": {"name": "Gmail", "tfa": ["sms", "call", "totp", "custom-software", "u2f"],
                     "documentation": "https://support.google.com/2sv", "additional-domains": ["gmail.com"]},
 "drive.google.com": {"name": "Google Drive", "tfa": ["sms", "totp", "u2f"], "documentation": "https://support.google.com/drive"},
 "amazon.com": {"name": "Amazon", "tfa": ["sms", "totp"], "documentation": "https://www.amazon.com/2sv",
                "additional-domains": ["amazon.nl", "amazon.de"], "notes": "SMS first"},
 "vodafone.nl": {"name": "Vodafone", "tfa": ["sms"], "documentation": "https://www.vodafone.nl/2sv"},
 "bol.com": {"name": "bol.com", "categories": ["retail"], "contact": {"twitter": "bol_com"}},
 "rabobank.nl": {"name": "Rabobank", "tfa": ["custom-hardware"], "custom-hardware": ["Rabo Scanner"], "documentation": "https://www.rabobank.nl/scanner"},
 "aws.amazon.com": {"name": "AWS", "tfa": ["totp", "u2f"], "documentation": "https://aws.amazon.com/mfa"}
}
"""

func twoFactorKind(json: String = directoryJSON, extra: String = "") throws -> TwoFactorKind {
    let data = CheckDataFiles([(path: "Checks/vault/two-factor/sites.json", text: json)])
    return try TwoFactorKind(parameters: Parameters(yaml: """
        sites: two-factor/sites.json
        aliases: {google.com: mail.google.com}
        key-accounts:
          - {name: e-mail, domains: [google.com, gmail.com]}
          - {name: identity, domains: [digid.nl]}
          - {name: bank, domains: [rabobank.nl]}
        \(extra)
        """, source: "Checks/vault/passwords.yaml", dataFiles: data))
}

@Suite struct TwoFactorTests {
    @Test func sitesAreMatchedBySubdomainAdditionalDomainAndAlias() throws {
        let directory = try twoFactorKind().directory()
        #expect(directory.site(forHost: "www.digid.nl")?.name == "DigiD")
        #expect(directory.site(forHost: "mail.google.com")?.name == "Gmail")
        #expect(directory.site(forHost: "gmail.com")?.name == "Gmail")
        // myaccount.google.com: not listed; google.com is aliased to the Gmail entry.
        #expect(directory.site(forHost: "myaccount.google.com")?.name == "Gmail")
        #expect(directory.site(forHost: "www.amazon.nl")?.name == "Amazon")
        // A listed subdomain wins over its parent; an unlisted one falls back to the parent.
        #expect(directory.site(forHost: "console.aws.amazon.com")?.name == "AWS")
        #expect(directory.site(forHost: "smile.amazon.com")?.name == "Amazon")
        #expect(directory.site(forHost: "example.org") == nil)
        #expect(directory.site(forHost: "digid.nl.evil.example") == nil)
    }

    @Test func anUnaliasedRegistrableDomainFallsBackToItsShortestEntry() throws {
        let directory = try twoFactorKind().directory()
        let withoutAlias = try TwoFactorDirectory(CheckDataFile(path: "x.json", text: directoryJSON))
        #expect(directory.site(forHost: "accounts.google.com")?.name == "Gmail")
        // Without the alias: drive.google.com and mail.google.com have as many labels; the first by name stands for google.com.
        #expect(withoutAlias.site(forHost: "accounts.google.com")?.name == "Google Drive")
    }

    @Test func keyAccountsComeFirstWithMethodsAdviceAndTheSitesOwnLink() async throws {
        let found = drafts(try await run(try twoFactorKind(), logins: [
            login("Vodafone", "me", "https://my.vodafone.nl", "a-1"),
            login("Amazon", "me", "https://www.amazon.nl", "b-2"),
            login("Rabobank", "me", "https://bankieren.rabobank.nl", "c-3"),
            login("Gmail", "me@gmail.com", "https://accounts.google.com", "d-4"),
            login("DigiD", "me", "https://digid.nl", "e-5"),
            login("Bol", "me", "https://www.bol.com", "f-6"),
            login("Forum", "me", "https://forum.example.org", "g-7"),
        ]))
        #expect(found.count == 2)
        let key = found[0], other = found[1]
        #expect(key.severity == .medium && other.severity == .low)
        #expect(key.subjects.map(\.name) == ["Gmail", "DigiD", "Rabobank"])
        #expect(other.subjects.map(\.name) == ["Amazon", "Vodafone"])
        #expect(key.subjects[0]["two-step methods"] == "security key, authenticator app, the site's own app, SMS, phone call")
        #expect(key.subjects[0]["advice"] == "use an authenticator app or a security key, not SMS")
        #expect(key.subjects[0]["set up"] == "https://support.google.com/2sv")
        #expect(key.subjects[2]["two-step methods"] == "own device (Rabo Scanner)")
        #expect(key.subjects[2]["advice"] == "use the site's own app or device rather than SMS")
        #expect(other.subjects[1]["advice"]?.hasPrefix("only by phone") == true)
        let dutch = try #require(other.subjects[1].fields.first { $0.key == "advice" })
        #expect(dutch.value(.nl).hasPrefix("alleen via de telefoon"))
        // Never claimed to be off: the export cannot tell.
        #expect(key.detail.en.contains("cannot show whether two-step sign-in is on"))
        #expect(!key.detail.en.contains("is off") && !key.title!.en.contains("off"))
    }

    @Test func aOneTimeCodeInTheExportOrAConfirmationCountsAsOn() async throws {
        let logins = [
            login("Gmail", "me@gmail.com", "https://mail.google.com", "a-1", position: 1),
            login("Gmail", "me@gmail.com", "https://mail.google.com", "a-1", position: 2, oneTimeCode: true),
            login("DigiD", "me", "https://digid.nl", "b-2"),
            login("Amazon", "me", "https://www.amazon.nl", "c-3"),
        ]
        let found = drafts(try await run(try twoFactorKind(), logins: logins, inputs: [TwoFactorKind.confirmedInput: ["digid.nl"]]))
        #expect(found.flatMap(\.subjects).map(\.name) == ["Amazon"])
        let all = try await run(try twoFactorKind(), logins: logins, inputs: [TwoFactorKind.confirmedInput: ["digid.nl", "amazon.nl"]])
        guard case .passed(let evidence) = all else { Issue.record("expected a pass, got \(all)"); return }
        #expect(evidence.en.hasPrefix("3 of 3 accounts have two-step sign-in on"))
    }

    @Test func aBrokenDirectoryIsNamedWithItsLine() async throws {
        // The kind loads (the file is only read when the check runs); validating or running names the line.
        let broken = try twoFactorKind(json: "{\n \"a.nl\": {\"name\": \"A\",\n  \"tfa\": [\"sms\"\n}")
        #expect {
            try broken.validateData()
        } throws: { error in
            let message = (error as? TwoFactorDirectory.Invalid)?.errorDescription ?? ""
            return message.hasPrefix("Checks/vault/two-factor/sites.json:4") && message.contains("not valid JSON")
        }
        await #expect(throws: TwoFactorDirectory.Invalid.self) {
            _ = try await run(broken, logins: [login("A", "me", "https://a.nl", "x-1")])
        }
        #expect {
            try twoFactorKind(json: "{\"a.nl\": {\"name\": \"A\", \"tfa\": \"sms\"}}").validateData()
        } throws: { error in
            ((error as? TwoFactorDirectory.Invalid)?.reason ?? "").contains("a.nl.tfa has a value of the wrong type")
        }
    }

    @Test func aMissingDataFileOrAnAliasToNothingIsAProblem() throws {
        #expect(throws: Parameters.Problem.self) {
            _ = try TwoFactorKind(parameters: Parameters(yaml: "sites: nothing.json", source: "Checks/vault/passwords.yaml"))
        }
        #expect {
            _ = try TwoFactorDirectory(CheckDataFile(path: "x.json", text: directoryJSON), aliases: ["apple.com": "appleid.apple.com"])
        } throws: { error in
            (error as? TwoFactorDirectory.Invalid)?.reason.contains("appleid.apple.com") == true
        }
    }
}

/// A Dutch report links to the Dutch help page where the site has one at a known address (sweep A-13).
@Suite struct DutchHelpPageTests {
    @Test(arguments: [
        ("https://support.microsoft.com/en-us/help/12408/", "https://support.microsoft.com/nl-nl/help/12408/"),
        ("https://support.google.com/accounts/answer/185839?hl=en", "https://support.google.com/accounts/answer/185839?hl=nl"),
        ("https://support.google.com/2sv", "https://support.google.com/2sv?hl=nl"),
        ("https://www.digid.nl/sms", "https://www.digid.nl/sms"),
        ("https://help.example.com/en-us/2fa", "https://help.example.com/en-us/2fa"),
    ])
    func dutchPage(english: String, dutch: String) {
        #expect(TwoFactorKind.dutchPage(english) == dutch)
    }
}
