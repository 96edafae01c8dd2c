import Foundation
import Testing
@testable import Vault

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

func passwords(_ file: VaultFile) -> [String] { file.logins.map { $0.password.withValue { $0 } } }

/// Every format reads its fixture: the right format, the logins with their passwords, and the
/// notes and cards skipped and counted.
@Suite struct ImportTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var file: String
        var format: String
        var passwords: [String]
        var skipped: Int
        var testDescription: String { file }
    }

    static let expectations: [Expectation] = [
        .init(file: "bitwarden.csv", format: "Bitwarden CSV", passwords: ["Planted-Bw-Csv-1!", "Planted \"quoted\", comma"], skipped: 1),
        .init(file: "bitwarden.json", format: "Bitwarden JSON", passwords: ["Planted-Bw-Json-1!", "Planted-Bw-Json-2!"], skipped: 2),
        .init(file: "1password.csv", format: "1Password CSV", passwords: ["Planted-1P-Csv-1!", "Planted-1P-Csv-2!"], skipped: 0),
        .init(file: "1password.1pux", format: "1Password 1PUX", passwords: ["Planted-1PUX-1!"], skipped: 1),
        .init(file: "lastpass.csv", format: "LastPass CSV", passwords: ["Planted-LP-1!"], skipped: 1),
        .init(file: "keepassxc.csv", format: "KeePassXC CSV", passwords: ["Planted-KPX-1!"], skipped: 0),
        .init(file: "keepass.xml", format: "KeePass 2 XML", passwords: ["Planted-KP-1!", "Planted-KP-2 & <3"], skipped: 0),
        .init(file: "chrome.csv", format: "Chrome/Edge/Brave CSV", passwords: ["Planted-Chrome-1!", "Planted-Chrome-2!"], skipped: 0),
        .init(file: "chrome-utf16.csv", format: "Chrome/Edge/Brave CSV", passwords: ["Planted-UTF16-ü1!"], skipped: 0),
        .init(file: "firefox.csv", format: "Firefox CSV", passwords: ["Planted-FF-1!"], skipped: 0),
        .init(file: "apple.csv", format: "Apple Passwords CSV", passwords: ["Planted-Apple-1!"], skipped: 0),
        .init(file: "protonpass.csv", format: "Proton Pass CSV", passwords: ["Planted-Proton-1!"], skipped: 1),
        .init(file: "dashlane.zip", format: "Dashlane (zip)", passwords: ["Planted-Dash-1!"], skipped: 0),
        .init(file: "nordpass.csv", format: "NordPass CSV", passwords: ["Planted-Nord-1!"], skipped: 1),
    ]

    @Test(arguments: expectations)
    func reads(_ expected: Expectation) throws {
        let file = try VaultImporter.read(path: fixture(expected.file))
        #expect(file.format == expected.format)
        #expect(passwords(file) == expected.passwords)
        #expect(file.skipped.values.reduce(0, +) == expected.skipped)
        #expect(file.logins.allSatisfy { !$0.title.isEmpty })
    }

    @Test func fieldsAndDatesOfBitwardenJSON() throws {
        let file = try VaultImporter.read(path: fixture("bitwarden.json"))
        let gmail = try #require(file.logins.first)
        #expect(gmail.title == "Gmail")
        #expect(gmail.username == "sanne.devries@gmail.com")
        #expect(gmail.site == "google.com")
        #expect(gmail.passwordDate == PasswordDate(ExportDate.parse("2025-03-01T10:00:00Z")!, .exact))
        #expect(gmail.history.map { $0.password.withValue { $0 } } == ["Planted-Bw-Old-0!"])
        // No revision date and no history: the password dates from the item's creation.
        #expect(file.logins[1].passwordDate == PasswordDate(ExportDate.parse("2020-02-02T10:00:00Z")!, .exact))
        #expect(file.skipped == ["secure note": 1, "card": 1])
    }

    @Test func keePassHistoryTellsWhenThePasswordChanged() throws {
        let file = try VaultImporter.read(path: fixture("keepass.xml"))
        let hotmail = try #require(file.logins.first)
        // History: old password until 2018, the current one from the version modified 2023-07-07.
        #expect(hotmail.passwordDate == PasswordDate(ExportDate.parse("2023-07-07T10:00:00Z")!, .exact))
        #expect(hotmail.history.map { $0.password.withValue { $0 } } == ["Planted-KP-Old!"])
        let kbc = file.logins[1]
        #expect(kbc.passwordDate == PasswordDate(ExportDate.parse("2022-03-04T05:06:07Z")!, .entryModified))
        #expect(kbc.site == "kbc.be")
    }

    @Test func firefoxMillisecondsAndLastPassNotes() throws {
        let firefox = try VaultImporter.read(path: fixture("firefox.csv"))
        #expect(firefox.logins.first?.passwordDate == PasswordDate(Date(timeIntervalSince1970: 1_650_000_000), .exact))
        #expect(firefox.logins.first?.title == "instagram.com")
        let lastpass = try VaultImporter.read(path: fixture("lastpass.csv"))
        #expect(lastpass.skipped == ["secure note": 1])
    }

    /// Which logins of each fixture have a one-time-code secret saved (only the fact is kept).
    @Test(arguments: [
        ("bitwarden.json", [true, false]), ("bitwarden.csv", [true, false]), ("1password.1pux", [true]), ("1password.csv", [true, false]),
        ("lastpass.csv", [true]), ("keepassxc.csv", [true]), ("keepass.xml", [true, false]), ("apple.csv", [true]),
        ("protonpass.csv", [true]), ("dashlane.zip", [true]), ("chrome.csv", [false, false]), ("firefox.csv", [false]), ("nordpass.csv", [false]),
    ])
    func oneTimeCodeSecretsAreNoticed(file: String, expected: [Bool]) throws {
        let read = try VaultImporter.read(path: fixture(file))
        #expect(read.logins.map(\.oneTimeCode) == expected)
    }

    @Test func aOneTimeCodeColumnSayingNoIsNotOne() throws {
        let text = "name,url,username,password,2fa\nA,https://a.nl,me,x1,no\nB,https://b.nl,me,x2,JBSWY3DPEHPK3PXP\nC,https://c.nl,me,x3,\n"
        let read = try VaultImporter.read(data: Data(text.utf8), file: "generic.csv")
        #expect(read.logins.map(\.oneTimeCode) == [false, true, false])
    }

    @Test func quotedFieldsWithNewlinesKeepLineNumbers() throws {
        let file = try VaultImporter.read(path: fixture("bitwarden.csv"))
        #expect(file.logins.map(\.position) == [2, 5])
        #expect(file.logins[1].urls == ["https://account.proton.me", "https://mail.proton.me"])
    }

    @Test func otherExportersAreReadByColumnNames() throws {
        let text = "Title,Login,Password,Website,Group\nRoboForm entry,me@example.nl,Planted-Generic!,https://www.example.nl,Web\n"
        let file = try VaultImporter.read(data: Data(text.utf8), file: "other.csv")
        #expect(file.format == "CSV (columns recognised by name)")
        #expect(passwords(file) == ["Planted-Generic!"])
        #expect(file.logins.first?.username == "me@example.nl")
        #expect(file.logins.first?.site == "example.nl")
    }

    @Test func bitwardenOrganisationExportsAndKeePass2CSV() throws {
        let organisation = "collections,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\nTeam,login,Wiki,,,0,https://wiki.example,me,Planted-Org!,\n"
        #expect(try VaultImporter.read(data: Data(organisation.utf8), file: "org.csv").format == "Bitwarden CSV")
        let keepass = "\"Account\",\"Login Name\",\"Password\",\"Web Site\",\"Comments\"\n\"Bank\",\"me\",\"Planted-KP2!\",\"https://bank.example\",\"\"\n"
        let file = try VaultImporter.read(data: Data(keepass.utf8), file: "kp2.csv")
        #expect(file.format == "KeePass 2 CSV")
        #expect(passwords(file) == ["Planted-KP2!"])
    }

    @Test func sepLineAndSemicolons() throws {
        let text = "sep=;\nname;url;username;password\nx;https://x.nl;me;Planted-Semi!\n"
        let file = try VaultImporter.read(data: Data(text.utf8), file: "semi.csv")
        #expect(passwords(file) == ["Planted-Semi!"])
        #expect(file.logins.first?.position == 3)
    }

    @Test(arguments: [("https://mijn.ing.nl/login", "ing.nl"), ("www.bbc.co.uk", "bbc.co.uk"), ("http://192.168.1.1", "192.168.1.1"),
                      ("android://abc@com.whatsapp", "com.whatsapp"), ("", nil)])
    func siteDomains(url: String, domain: String?) {
        #expect(Site.domain(url) == domain)
    }

    @Test func secretsDoNotPrint() throws {
        let file = try VaultImporter.read(path: fixture("chrome.csv"))
        let login = try #require(file.logins.first)
        let printed = "\(login) \(String(reflecting: login)) \(file) \(login.password)"
        #expect(!printed.contains("Planted-Chrome-1!"))
        var dumped = ""
        dump(file, to: &dumped)
        #expect(!dumped.contains("Planted-Chrome-1!"))
    }
}

/// Broken exports: a clear message with file and line, never a field's content.
@Suite struct BrokenExportTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var data: Data
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "truncated JSON", data: Data(#"{"encrypted": false, "items": [{"type": 1, "login": {"password": "Planted-Trunc!"#.utf8),
              message: "broken.json:1:"),
        .init(name: "unbalanced quotes", data: Data("name,url,username,password\nx,https://x,me,\"Planted-Open!\nnext,row\n".utf8),
              message: "broken.json:2:16: a quoted field that opens here is never closed"),
        .init(name: "missing column", data: Data("name,url,username\nx,https://x,Planted-NoCol!\n".utf8),
              message: "broken.json:1: the first line (3 columns) is not the header of a known export"),
        .init(name: "no header at all", data: Data("facebook.com,https://facebook.com,me,Planted-NoHeader!\n".utf8),
              message: "broken.json:1: the first line (4 columns) is not the header of a known export"),
        .init(name: "short row", data: Data("name,url,username,password\nx,https://x\n".utf8),
              message: "broken.json:2: this row has 2 fields, but the header has 4"),
        .init(name: "binary", data: Data([0x00, 0x01, 0x02, 0xFF, 0x00, 0x7F]), message: "binary data, not text"),
        .init(name: "empty", data: Data(), message: "the file is empty"),
        .init(name: "encrypted Bitwarden", data: Data(#"{"encrypted": true, "passwordProtected": true, "data": "2.abc"}"#.utf8),
              message: "this Bitwarden JSON export is encrypted"),
        .init(name: "XML bomb", data: Data("""
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <KeePassFile><Root><Group><Entry><String><Key>Password</Key><Value>&lol2;</Value></String></Entry></Group></Root></KeePassFile>
            """.utf8), message: "declares a DTD or entities"),
        .init(name: "other XML", data: Data("<html><body>Planted-Html!</body></html>".utf8), message: "not <KeePassFile>"),
        .init(name: "damaged XML", data: Data("<KeePassFile><Root><Entry><String><Key>Password</Key><Value>Planted-Xml!</Val".utf8),
              message: "broken.json:1:"),
        .init(name: "damaged zip", data: Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]), message: "a damaged zip archive"),
    ]

    @Test(arguments: cases)
    func brokenExport(_ test: Case) {
        #expect {
            _ = try VaultImporter.read(data: test.data, file: "broken.json")
        } throws: { error in
            let message = (error as? VaultImportError)?.errorDescription ?? ""
            return message.contains(test.message) && !message.contains("Planted")
        }
    }

    /// Inputs that crashed a reader under the fuzzer, kept so they never do again.
    @Test func fuzzFindingsNoLongerCrash() throws {
        let folder = fixtures.appendingPathComponent("fuzz")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!files.isEmpty)
        for name in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            _ = try? VaultImporter.read(data: data, file: name)
        }
    }

    @Test func aHugeFileIsRefusedBeforeReading() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString).csv").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 100 << 20)
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: VaultImportError.tooLarge(file: path, limit: VaultImporter.sizeLimit)) {
            _ = try VaultImporter.read(path: path)
        }
    }
}

/// The XML inside a KeePass database comes in as bytes: invalid UTF-8 is refused before the XML parser sees it.
@Suite struct KeePassDatabaseXMLTests {
    @Test func invalidUTF8IsMalformedNotACrash() throws {
        var xml = Data("<?xml version=\"1.0\"?>\n<KeePassFile>\n<Root><Group><".utf8)
        xml.append(contentsOf: [0xC3, 0x28, 0xFF])
        xml.append(contentsOf: Data("/></Group></Root></KeePassFile>".utf8))
        #expect(throws: VaultImportError.self) {
            try VaultImporter.readKeePassXML(xml, file: "db.kdbx", format: "KeePass KDBX 4.0") { $0 }
        }
        do {
            _ = try VaultImporter.readKeePassXML(xml, file: "db.kdbx", format: "KeePass KDBX 4.0") { $0 }
        } catch {
            #expect(error.localizedDescription.contains("db.kdbx:3") && error.localizedDescription.contains("UTF-8"))
        }
        let valid = Data("<KeePassFile><Root><Group><Entry><String><Key>Password</Key><Value Protected=\"True\">eA==</Value></String></Entry></Group></Root></KeePassFile>".utf8)
        let file = try VaultImporter.readKeePassXML(valid, file: "db.kdbx", format: "KeePass KDBX 4.0") { _ in "revealed" }
        #expect(file.logins.first?.password.withValue { $0 } == "revealed")
    }
}
