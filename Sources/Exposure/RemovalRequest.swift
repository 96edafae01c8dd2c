import AuditCore
import Foundation
import Mustache

/// A letter asking a site owner to erase personal data under GDPR article 17, in Dutch or English,
/// for the person to send themselves. Nothing is sent by the tool.
public struct RemovalRequest: Sendable {
    public var urls: [String]
    /// Kinds of data found (`iban`, `phone`…); empty for "personal data" in general.
    public var kinds: [String]
    public var name: String?
    public var date: Date

    public init(urls: [String], kinds: [String] = [], name: String? = nil, date: Date) {
        self.urls = urls
        self.kinds = kinds
        self.name = name
        self.date = date
    }

    static let kindNames: [String: LocalizedText] = [
        "email": LocalizedText(en: "my e-mail address", nl: "mijn e-mailadres"),
        "phone": LocalizedText(en: "my phone number", nl: "mijn telefoonnummer"),
        "iban": LocalizedText(en: "my bank account number", nl: "mijn bankrekeningnummer"),
        "bsn": LocalizedText(en: "my citizen service number (BSN)", nl: "mijn burgerservicenummer (BSN)"),
        "be-national-number": LocalizedText(en: "my national register number", nl: "mijn rijksregisternummer"),
        "credit-card": LocalizedText(en: "my payment card number", nl: "mijn betaalkaartnummer"),
        "postcode": LocalizedText(en: "my postcode", nl: "mijn postcode"),
        "date-of-birth": LocalizedText(en: "my date of birth", nl: "mijn geboortedatum"),
        "gps": LocalizedText(en: "a photo that shows where I live or stay (GPS position in the image data)",
                             nl: "een foto die laat zien waar ik woon of verblijf (GPS-positie in de beeldgegevens)"),
        "identity": LocalizedText(en: "my name and other details that identify me", nl: "mijn naam en andere gegevens die mij identificeren"),
        "street": LocalizedText(en: "my home address", nl: "mijn huisadres"),
    ]

    public static var knownKinds: [String] { kindNames.keys.sorted() }

    public func render(_ language: Language) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .nl ? "nl_NL" : "en_GB")
        formatter.dateStyle = .long
        formatter.timeStyle = .none
        let described = kinds.map { Self.kindNames[$0]?(language) ?? $0 }
        let fallback = language == .nl ? "mijn persoonsgegevens" : "my personal data"
        let context: [String: Any] = [
            "date": formatter.string(from: date),
            "urls": urls.isEmpty ? [language == .nl ? "[adres van de pagina]" : "[address of the page]"] : urls,
            "data": described.isEmpty ? fallback : Self.list(described, language),
            "name": name ?? (language == .nl ? "[je naam]" : "[your name]"),
        ]
        let template = try MustacheTemplate(string: language == .nl ? Self.dutch : Self.english)
        return template.render(context)
    }

    static func list(_ items: [String], _ language: Language) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (language == .nl ? " en " : " and ") + items.last!
    }

    static let english = """
        {{{date}}}

        Subject: Request to erase personal data (Article 17 GDPR)

        Dear Sir or Madam,

        The following page(s) on your website show {{{data}}}:
        {{#urls}}
          - {{{.}}}
        {{/urls}}

        I did not agree to this information being published, or I hereby withdraw any consent I gave. Under
        Article 17 of the General Data Protection Regulation (GDPR) I ask you to erase this personal data
        without undue delay, including copies, cached versions and backups that you control.

        Article 17(2) GDPR also asks you to take reasonable steps to inform others who process this data,
        such as search engines that keep copies of the page, that I have asked for its erasure.

        Under Article 12(3) GDPR you must respond within one month of receiving this request. Please confirm
        in writing when the data has been removed. If I receive no answer, I may file a complaint with the
        data protection authority (in the Netherlands the Autoriteit Persoonsgegevens, in Belgium the
        Gegevensbeschermingsautoriteit).

        Yours faithfully,

        {{{name}}}

        """

    static let dutch = """
        {{{date}}}

        Onderwerp: Verzoek om persoonsgegevens te wissen (artikel 17 AVG)

        Geachte heer, mevrouw,

        Op de volgende pagina('s) van uw website worden deze gegevens van mij getoond ({{{data}}}):
        {{#urls}}
          - {{{.}}}
        {{/urls}}

        Ik heb geen toestemming gegeven om deze gegevens te publiceren, of ik trek hierbij de toestemming in
        die ik gaf. Op grond van artikel 17 van de Algemene verordening gegevensbescherming (AVG) verzoek ik
        u deze persoonsgegevens zonder onredelijke vertraging te wissen, ook kopieën, bewaarde versies en
        back-ups die u beheert.

        Volgens artikel 17 lid 2 AVG neemt u ook redelijke maatregelen om anderen die deze gegevens
        verwerken, zoals zoekmachines die een kopie van de pagina bewaren, te laten weten dat ik om wissing
        heb gevraagd.

        Volgens artikel 12 lid 3 AVG reageert u binnen een maand na ontvangst van dit verzoek. Bevestig
        alstublieft schriftelijk wanneer de gegevens zijn verwijderd. Krijg ik geen antwoord, dan kan ik een
        klacht indienen bij de toezichthouder (in Nederland de Autoriteit Persoonsgegevens, in België de
        Gegevensbeschermingsautoriteit).

        Met vriendelijke groet,

        {{{name}}}

        """
}
