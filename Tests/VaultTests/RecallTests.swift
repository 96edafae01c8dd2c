import AuditCore
import Foundation
import Testing
import TestSupport
@testable import Vault

/// The export of someone who imported a browser's passwords into a password manager: 240 logins over
/// 60 services, many accounts saved twice, with weak, breached and near-variant passwords planted in
/// first and second copies alike. Every planted password must be reported — a silent miss is the
/// worst failure this tool can have.
@Suite struct RecallTests {
    struct Planted {
        var logins: [Credential] = []
        var weak = Set<String>()        // "accountKey|password" of each planted weak copy
        var breached = Set<String>()
        var variantPairs: [(String, String)] = []   // passwords that must end up in one similar group
    }

    static let services = ["google.com", "outlook.com", "digid.nl", "ing.nl", "rabobank.nl", "bol.com", "coolblue.nl", "marktplaats.nl",
                           "vodafone.nl", "kpn.com", "ziggo.nl", "facebook.com", "instagram.com", "linkedin.com", "x.com", "tiktok.com",
                           "netflix.com", "spotify.com", "amazon.nl", "zalando.nl", "thuisbezorgd.nl", "ns.nl", "postnl.nl", "ah.nl",
                           "jumbo.com", "belastingdienst.nl", "mijnoverheid.nl", "kbc.be", "belfius.be", "telenet.be", "proximus.be",
                           "paypal.com", "tikkie.me", "bunq.com", "dropbox.com", "icloud.com", "apple.com", "microsoft.com", "github.com",
                           "booking.com", "airbnb.nl", "funda.nl", "vinted.nl", "strava.com", "garmin.com", "philips-hue.com", "ring.com",
                           "tesla.com", "volvocars.com", "anwb.nl", "zilverenkruis.nl", "vgz.nl", "eneco.nl", "vattenfall.nl", "odido.nl",
                           "simyo.nl", "lebara.nl", "videoland.com", "disneyplus.com", "ziggogo.tv"]

    static let weakWords = ["welkom01", "zomer2024", "wachtwoord1", "voetbal12", "prinses88", "hallo123", "geheim99", "liefde2020"]

    static func strong(_ generator: inout SplitMix64) -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%&*-_")
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func export(seed: UInt64) -> Planted {
        var generator = SplitMix64(seed: seed)
        var planted = Planted()
        var position = 0
        func add(_ service: String, _ username: String, _ password: String, copy: Bool) -> Credential {
            position += 1
            // A browser's copy: titled by its host, saved for the login page.
            let login = copy ? Credential(title: "www.\(service)", username: username.uppercased(), urls: ["https://www.\(service)/login"],
                                          password: Secret(password), file: "merged.csv", position: position)
                : Credential(title: service.split(separator: ".")[0].capitalized, username: username, urls: ["https://\(service)"],
                             password: Secret(password), file: "merged.csv", position: position)
            planted.logins.append(login)
            return login
        }
        for (index, service) in services.enumerated() {
            // Four logins a service: two accounts, each saved twice (the second copy from the browser).
            for account in 0..<2 {
                let username = "sanne\(account)@example.nl"
                let roll = Int.random(in: 0..<10, using: &generator)
                var first = strong(&generator)
                var second = roll < 4 ? first : strong(&generator)   // four in ten copies keep the same password
                var weakIn: Int?, leakedIn: Int?
                // Plant weak and breached passwords in first and second copies alike.
                if (index + account) % 3 == 0 {
                    let word = weakWords[(index + account) % weakWords.count] + (account == 0 ? "" : "!")
                    if (index + account) % 2 == 0 { second = word; weakIn = 1 } else { first = word; weakIn = 0 }
                }
                if (index * 2 + account) % 5 == 1 {
                    // A strong-looking password that leaked all the same.
                    let leaked = strong(&generator)
                    if account == 0 { second = leaked; leakedIn = 1 } else { first = leaked; leakedIn = 0 }
                    if weakIn == leakedIn { weakIn = nil }
                }
                let copies = [add(service, username, first, copy: false), add(service, username, second, copy: true)]
                for (place, login) in copies.enumerated() {
                    let key = login.password.withValue { login.accountKey + "|" + $0 }
                    if place == weakIn { planted.weak.insert(key) }
                    if place == leakedIn { planted.breached.insert(key) }
                }
            }
        }
        // Near-variants on a strong base with the site's abbreviation or a counter, some in second copies.
        for pair in 0..<15 {
            // A base of at least ten letters and digits: the shared part the issue asks to find is 8 or more.
            let base = "Qx\(pair)" + String(strong(&generator).filter { $0.isLetter || $0.isNumber }.prefix(8))
            let a = services[pair * 2], b = services[pair * 2 + 1]
            let left = base + "-" + a.prefix(3), right = pair % 2 == 0 ? base + "-" + b.prefix(3) : base + "2"
            _ = add(a, "variant\(pair)@example.nl", left, copy: pair % 3 == 0)
            _ = add(b, "variant\(pair)@example.nl", right, copy: false)
            planted.variantPairs.append((left, right))
        }
        return planted
    }

    @Test(arguments: [UInt64(1), 7, 2026])
    func everyPlantedPasswordIsReported(seed: UInt64) async throws {
        let planted = Self.export(seed: seed)
        #expect(planted.logins.count == 270)
        #expect(planted.weak.count >= 30 && planted.breached.count >= 20 && planted.variantPairs.count == 15)

        let weak = try WeakKind(parameters: Parameters(yaml: "{word-lists: [], words: {passwords: [\(Self.weakWords.joined(separator: ", "))]}}"))
        let weakFound = drafts(try await run(weak, logins: planted.logins)).flatMap(\.subjects)
        let weakKeys = Set(planted.logins.filter { login in
            weakFound.contains { $0.name == login.title && $0["username"] == login.username && ($0["entry"] == nil || $0["entry"] == login.location) }
        }.map { login in login.password.withValue { login.accountKey + "|" + $0 } })
        #expect(planted.weak.isSubset(of: weakKeys), "missed weak: \(planted.weak.subtracting(weakKeys).count) of \(planted.weak.count)")

        let leaked = Set(planted.breached.map { String($0.split(separator: "|").last!) })
        let breached = try BreachedKind(parameters: Parameters(yaml: "{}"))
        let breachedFound = drafts(try await run(breached, logins: planted.logins, prepared: [Breach.inputName: FixedBreaches(breached: leaked)]))
        #expect(breachedFound.first?.subjects.count == planted.breached.count)

        let similar = try SimilarKind(parameters: Parameters(yaml: "{}"))
        let groups = drafts(try await run(similar, logins: planted.logins)).map { draft in
            Set(draft.subjects.compactMap { subject in
                planted.logins.first { $0.title == subject.name && subject["url"] == $0.urls.first && subject["username"] == $0.username
                    && (subject["entry"] == nil || subject["entry"] == $0.location) }.map { $0.password.withValue { $0 } }
            })
        }
        for (left, right) in planted.variantPairs {
            #expect(groups.contains { $0.contains(left) && $0.contains(right) }, "variants not joined (\(left.count) and \(right.count) characters)")
        }
        // And nothing else: every group holds planted variants, or weak words that are variants of each other.
        let variants = Set(planted.variantPairs.flatMap { [$0.0, $0.1] })
        #expect(groups.allSatisfy { group in group.allSatisfy { password in
            variants.contains(password) || Self.weakWords.contains { password.hasPrefix($0) }
        } })

        let duplicates = drafts(try await run(DuplicatesKind(parameters: Parameters(yaml: "{}")), logins: planted.logins))
        let accountsWithTwoPasswords = Dictionary(grouping: planted.logins, by: \.accountKey).values.filter { Set($0.map(\.password)).count > 1 }.count
        #expect(duplicates.count == accountsWithTwoPasswords)
    }
}
