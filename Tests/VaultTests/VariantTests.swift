import AuditCore
import Foundation
import Testing
import TestSupport
@testable import Vault

/// Variants built on a site's name or an abbreviation of it, and on a long shared base, found
/// without comparing all pairs — and no variants among random strong passwords.
@Suite struct VariantTests {
    let kind = try! SimilarKind(parameters: Parameters(yaml: "{}"))

    /// `title|url|password`.
    func parse(_ row: String) -> Credential {
        let parts = row.split(separator: "|").map(String.init)
        return login(parts[0], "me", parts[1], parts[2])
    }

    @Test(arguments: [
        // A strong base plus the site's abbreviation, at the end or the start.
        ("DigiD|https://digid.nl|Qz7!mPq2Kx9-dig", "Vodafone|https://www.vodafone.nl|Qz7!mPq2Kx9-vod"),
        ("Facebook|https://facebook.com|fb_Lk8#wQ2", "Google|https://accounts.google.com|goo_Lk8#wQ2"),
        ("Amazon|https://www.amazon.nl|Tr4!nx9amz", "Netflix|https://netflix.com|Tr4!nx9nflx"),
        // The title's abbreviation where the domain says little.
        ("Mijn Rabobank|https://bankieren.rabobank.nl|rabo.7Hq!x2", "Zilveren Kruis|https://my.zk.nl|zilv.7Hq!x2"),
        // A long shared base with a counter, digits only, and a long shared ending.
        ("A|https://a.nl|83920174!a1", "B|https://b.nl|83920174!a2"),
        ("A|https://a.nl|x1Hq8#pLm2Zt9w", "B|https://b.nl|y2Hq8#pLm2Zt9w"),
        ("A|https://a.nl|Gx4$Lm9qWerty2023", "B|https://b.nl|Gx4$Lm9qWerty2024"),
    ])
    func variantsAreFound(first: String, second: String) async throws {
        let found = drafts(try await run(kind, logins: [parse(first), parse(second), login("Other", "me", "https://other.nl", "uN3%hY6^rE1&wQ8*")]))
        #expect(found.count == 1, "\(first) and \(second) were not found to be variants")
        #expect(found.first?.subjects.count == 2)
    }

    @Test func theDetailSaysHowTheyAreAlike() async throws {
        let found = drafts(try await run(kind, logins: [login("DigiD", "me", "https://digid.nl", "Qz7!mPq2Kx9-dig"),
                                                        login("Vodafone", "me", "https://vodafone.nl", "Qz7!mPq2Kx9-vod")]))
        let detail = try #require(found.first?.detail)
        #expect(detail.en.contains("an abbreviation of it"))
        #expect(detail.en.contains("the same long beginning"))
        #expect(detail.nl.contains("afkorting"))
    }

    @Test(arguments: [
        // Short shared ends, or a shared end that is less than half of the shorter password.
        ("A|https://a.nl|Summer!x", "B|https://b.nl|Winter!x"),
        ("A|https://a.nl|abcdefgh-Kq2#Lp9!Wx4$Zr7", "B|https://b.nl|abcdefgh-Tm5&Hv3*Nj8@Bd1"),
        // An abbreviation taken off leaves different bases.
        ("DigiD|https://digid.nl|Hk3!pQ7zdig", "Vodafone|https://vodafone.nl|Wr8#mN2xvod"),
    ])
    func lookAlikesAreNot(first: String, second: String) async throws {
        let outcome = try await run(kind, logins: [parse(first), parse(second)])
        guard case .passed = outcome else { Issue.record("\(first) and \(second) were called variants: \(outcome)"); return }
    }

    static let sites = ["google.com", "facebook.com", "digid.nl", "vodafone.nl", "amazon.nl", "bol.com", "ing.nl", "rabobank.nl",
                        "kpn.com", "ziggo.nl", "netflix.com", "spotify.com", "marktplaats.nl", "coolblue.nl", "thuisbezorgd.nl",
                        "linkedin.com", "instagram.com", "tiktok.com", "paypal.com", "belastingdienst.nl", "kbc.be", "telenet.be"]

    /// Strong random passwords of 12 to 20 characters from a password manager's generator.
    static func randomPassword(_ generator: inout some RandomNumberGenerator, length: Int) -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%^&*-_=+")
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    @Test func twoThousandRandomStrongPasswordsHaveNoVariant() async throws {
        var generator = SystemRandomNumberGenerator()
        var logins: [Credential] = []
        for index in 0..<2_000 {
            let site = Self.sites[index % Self.sites.count]
            let title = site.split(separator: ".").first.map { $0.capitalized } ?? site
            logins.append(login(title, "user\(index)@example.nl", "https://www.\(site)/login", Self.randomPassword(&generator, length: 12 + index % 9),
                                position: index + 1))
        }
        let outcome = try await run(kind, logins: logins)
        guard case .passed = outcome else {
            Issue.record("random passwords were called variants: \(drafts(outcome).map { $0.subjects.count })")
            return
        }
    }

    @Test func randomPasswordsWithTheSiteNameAddedAreStillFound() async throws {
        var generator = SystemRandomNumberGenerator()
        var logins: [Credential] = (0..<500).map { index in
            login("Site \(index)", "me", "https://s\(index).example", Self.randomPassword(&generator, length: 16), position: index)
        }
        // Letters at both ends, so that no joining character is trimmed off the base on one side only.
        let base = "K" + Self.randomPassword(&generator, length: 8) + "q"
        logins.append(login("Google", "me", "https://accounts.google.com", base + "-goo"))
        logins.append(login("Facebook", "me", "https://www.facebook.com", base + "-fb"))
        logins.append(login("Vodafone", "me", "https://vodafone.nl", "vod+" + base))
        let found = drafts(try await run(kind, logins: logins))
        #expect(found.count == 1)
        #expect(Set(found.first?.subjects.map(\.name) ?? []) == ["Google", "Facebook", "Vodafone"])
    }

    @Test func manyPasswordsWithOneLongBaseStayLinear() async throws {
        // A thousand accounts with one base and a counter: one group, found by neighbours, not pairs.
        let logins = (0..<1_000).map { login("Site \($0)", "me", "https://s\($0).example", "Corporate-Base-\($0)") }
        let start = ContinuousClock.now
        let found = drafts(try await run(kind, logins: logins))
        #expect(found.count == 1)
        #expect(found.first?.subjects.count == 1_000)
        #expect(ContinuousClock.now - start < .seconds(20))   // a guard against quadratic time, not the benchmark
    }

    @Test(arguments: [("fb", "facebook", true), ("goo", "google", true), ("amz", "amazon", true), ("vod", "vodafone", true),
                      ("dig", "digid", true), ("nflx", "netflix", true), ("gf", "facebook", false), ("za", "amazon", false),
                      ("amazonx", "amazon", false)])
    func abbreviations(short: String, name: String, expected: Bool) {
        #expect(SimilarKind.isAbbreviation(ArraySlice(Array(short)), of: Array(name)) == expected)
    }
}

@Suite struct NetworkLoginTests {
    let rows = [
        "Forum|me|http://forum.example.org|a", "Router|admin|http://192.168.1.1|b", "NAS|admin|http://nas.local:5000|c",
        "Dev|me|http://localhost:8080|d", "Bank|me|https://bank.nl|e", "Camera|admin|http://10.0.0.7|f",
        "Fritz|admin|http://fritz.box|g", "Printer|admin|https://172.20.1.5|h", "Tailnet|me|http://100.101.2.3|i",
        "IPv6|admin|http://[fd12:3456::1]/|j", "Loopback|me|http://127.0.0.1:3000|k", "Word|me|not a web address|l",
        "Public IP|me|http://8.8.8.8|m", "Plain|me|http://router/|n",
    ]

    @Test func plainHttpOnTheInternetIsListedAlone() async throws {
        let kind = try InsecureURLKind(parameters: Parameters(yaml: "local-hosts: [fritz.box]"))
        let found = drafts(try await run(kind, rows))
        #expect(found.first?.subjects.map(\.name) == ["Forum", "Public IP"])
    }

    @Test func devicesOnTheHomeNetworkGetAFindingOfTheirOwn() async throws {
        let kind = try NetworkDeviceLoginsKind(parameters: Parameters(yaml: "local-hosts: [fritz.box]"))
        let found = drafts(try await run(kind, rows))
        let finding = try #require(found.first)
        #expect(finding.subjects.map(\.name) == ["Router", "NAS", "Camera", "Fritz", "Printer", "Tailnet", "IPv6", "Plain"])
        #expect(finding.subjects.map { $0["https"] } == ["no", "no", "no", "no", "yes", "no", "no", "no"])
        #expect(finding.title?.en == "8 logins for devices on your home network")
        #expect(finding.detail.en.contains("7 of them without https"))
        #expect(finding.detail.en.contains("former housemate"))
    }

    @Test(arguments: [("192.168.178.1", NetworkPlace.privateNetwork), ("172.15.0.1", .internet), ("172.31.255.1", .privateNetwork),
                      ("169.254.1.1", .privateNetwork), ("100.63.0.1", .internet), ("fe80::1", .privateNetwork), ("2001:db8::1", .internet),
                      ("[::1]", .loopback), ("speedport.ip", .internet), ("myfritz.box", .privateNetwork), ("home.arpa", .internet),
                      ("printer.home.arpa", .privateNetwork), ("256.1.1.1", .internet)])
    func places(host: String, expected: NetworkPlace) {
        #expect(NetworkPlace.of(host) == expected)
    }
}
