import AuditCore
import Foundation
@testable import Reset
import ShippedChecks
import Testing

/// The shipped catalogue, read as the reset check reads it.
func shippedCatalog() throws -> ResetCatalog {
    func file(_ name: String) throws -> CheckDataFile {
        let path = "Checks/reset/\(name)"
        let found = try #require(ShippedChecks.files.first { $0.path == path }, "\(path) is not shipped")
        return CheckDataFile(path: path, text: found.text)
    }
    return try ResetCatalog(services: file("services.yaml"), steps: file("steps.yaml"))
}

@Suite struct CatalogTests {
    @Test func theShippedCatalogueLoadsWithEnoughServices() throws {
        let catalog = try shippedCatalog()
        #expect(catalog.services.count >= 60)
        // The roots of the plan are covered: password managers, mailboxes, identity, carriers, banks.
        for category in [ServiceCategory.passwordManager, .mailbox, .identity, .governmentIdentity, .carrier, .bank, .messaging, .location] {
            #expect(catalog.services.contains { $0.categories.contains(category) }, "no service of category \(category.rawValue)")
        }
        for id in ["google", "apple", "microsoft", "digid", "itsme", "kpn", "odido", "ing-nl", "rabobank", "kbc", "whatsapp", "bitwarden"] {
            #expect(catalog.service(id: id) != nil, "\(id) is missing")
        }
        #expect(Set(catalog.questions.map(\.id)) == Set(ResetCatalog.questionIDs))
    }

    @Test(arguments: [("accounts.google.com", "google"), ("mail.google.com", "google"), ("bankieren.rabobank.nl", "rabobank"),
                      ("www.digid.nl", "digid"), ("example.org", nil)])
    func servicesAreFoundByHost(host: String, expected: String?) throws {
        #expect(try shippedCatalog().service(forHost: host)?.id == expected)
    }

    @Test func mailDomainsNameTheirProvider() throws {
        let catalog = try shippedCatalog()
        #expect(catalog.mailProvider(ofDomain: "gmail.com")?.id == "google")
        #expect(catalog.mailProvider(ofDomain: "hotmail.com")?.id == "microsoft")
        #expect(catalog.mailProvider(ofDomain: "ziggo.nl") != nil)
    }

    @Test(arguments: [
        ("services: []", "version", "missing version"),
        ("version: 2\ndata: reset-services\nservices: []", "unsupported version", "a newer version"),
        ("version: 1\ndata: reset-services\nservices:\n  - {id: Bad_Id, name: X, domains: [x.nl], categories: [bank], recovery: [email]}", "lowercase words", "a bad id"),
        ("version: 1\ndata: reset-services\nservices:\n  - {id: x, name: X, domains: [x.nl], categories: [banks], recovery: [email]}", "unknown category 'banks'", "an unknown category"),
        ("version: 1\ndata: reset-services\nservices:\n  - {id: x, name: X, domains: [x.nl], categories: [bank], recovery: [pigeon]}", "unknown recovery method 'pigeon'", "an unknown recovery"),
        ("version: 1\ndata: reset-services\nservices:\n  - {id: x, name: X, domains: [x.nl], categories: [bank], recovery: [email], colour: red}", "unknown key 'colour'", "an unknown key"),
        ("version: 1\ndata: reset-services\nservices:\n  - {id: x, name: X, domains: [x.nl], categories: [bank], recovery: [email]}\n  - {id: y, name: Y, domains: [x.nl], categories: [bank], recovery: [email]}", "belongs to both x and y", "a domain twice"),
        ("version: 1\ndata: reset-services\nservices:\n  - {id: x, name: X, domains: [x.nl], categories: [bank], recovery: [identity], signs-in-with: [nothing]}", "signs in with 'nothing'", "an unknown identity"),
    ])
    func aBrokenCatalogueIsLocated(text: String, message: String, what: String) throws {
        let steps = try #require(ShippedChecks.files.first { $0.path == "Checks/reset/steps.yaml" })
        #expect {
            _ = try ResetCatalog(services: CheckDataFile(path: "mine/services.yaml", text: text),
                                 steps: CheckDataFile(path: "Checks/reset/steps.yaml", text: steps.text))
        } throws: { error in
            let description = (error as? ResetCatalog.Invalid)?.errorDescription ?? "\(error)"
            return description.hasPrefix("mine/services.yaml:") && description.contains(message)
        }
    }
}
