import AuditCore

/// The exposure kinds' examples: pages served by a fake fetcher, read by the exposure family's own
/// `prepare` as `--url` reads them. An address the examples give but do not serve cannot be fetched.
enum ExposureKindExamples {
    static let address = "https://example.nl/"
    static let given = ["url": [address]]

    static func page(_ body: String) -> [String: String] {
        [address: "<!doctype html><html lang=\"nl\"><head><title>Over mij</title></head><body>\(body)</body></html>"]
    }

    /// A page of ordinary prose, nothing personal on it.
    static let plain = page("<h1>Tuinieren op een balkon</h1><p>In dit stuk schrijf ik over tomaten, kruiden en bloemen die het goed doen op een klein balkon in de stad.</p>")
}

extension PersonalDataKind {
    /// The shipped phone check's patterns and context, with the Dutch mobile range only.
    static let phoneParameters = #"""
        finds: phone
        label: {en: Phone number, nl: Telefoonnummer}
        validator: phone
        min-digits: 8
        patterns:
          - '(?<![\w+])(?<![A-Z]{4} )(?:\+|00)[1-9][0-9](?:[ .-]?\(0\))?(?:[ ./-]?[0-9]){6,12}(?![0-9]|[.-][0-9])'
          - '(?<![\w+./-])(?<![A-Z]{4} )\(?0[1-9](?:[ )./-]{0,2}[0-9]){7,8}(?![0-9]|[.-][0-9])'
        context:
          en: [phone, telephone, tel, mobile, call, number]
          nl: [telefoon, telefoonnummer, tel, mobiel, bel, nummer]
        numbering-plans:
          - country: NL
            country-code: '31'
            trunk-prefix: '0'
            ranges:
              - {type: mobile, prefixes: ['6[1-58]'], lengths: [9]}
        """#
    static let emailParameters = """
        finds: email
        label: {en: E-mail address, nl: E-mailadres}
        validator: email
        requires: '@'
        patterns:
          - '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+'
        """
    static let examples: [KindExample] = [
        KindExample("a page without a phone number", parameters: phoneParameters, given: ExposureKindExamples.given,
                    pages: ExposureKindExamples.plain, expect: .passed),
        KindExample("a page that could not be fetched is not clean", parameters: phoneParameters,
                    given: ExposureKindExamples.given, expect: .skipped),
        KindExample("two mobile numbers on one page", parameters: phoneParameters, given: ExposureKindExamples.given,
                    pages: ExposureKindExamples.page("<p>Bel me gerust: 06 12345678, of buiten werktijd op +31 6 87654321.</p>"),
                    expect: .failed, findings: 1),
        KindExample("an e-mail address in the text", parameters: emailParameters, given: ExposureKindExamples.given,
                    pages: ExposureKindExamples.page("<p>Vragen over de tuin? Mail naar sanne.devries@ziggo.nl en ik antwoord binnen een week.</p>"),
                    expect: .failed, findings: 1),
    ]
}

extension IdentityTermsKind {
    static let exampleParameters = """
        fields: [name, aliases, usernames, employer, terms]
        label: {en: Your name or aliases, nl: Je naam of bijnamen}
        """
    static let identity = ["~/me.yaml": "name: Sanne de Vries\nusernames: [sannedv]\nemployer: Bakkerij Het Korenaar\n"]
    static let examples: [KindExample] = [
        KindExample("no identity file given", parameters: exampleParameters, given: ExposureKindExamples.given,
                    pages: ExposureKindExamples.plain, expect: .skipped),
        KindExample("a page that names none of it", parameters: exampleParameters, files: identity,
                    given: ExposureKindExamples.given.merging(["identity": ["~/me.yaml"]]) { $1 },
                    pages: ExposureKindExamples.plain, expect: .passed),
        KindExample("the name, in other case, and the employer on one page", parameters: exampleParameters, files: identity,
                    given: ExposureKindExamples.given.merging(["identity": ["~/me.yaml"]]) { $1 },
                    pages: ExposureKindExamples.page("<p>Het team van bakkerij het Korenaar: SANNE DE VRIES bakt elke ochtend vanaf vijf uur het brood.</p>"),
                    expect: .failed, findings: 1),
    ]
}

extension PageReadabilityKind {
    static let exampleParameters = "markers: readability-markers.yaml"
    static let examples: [KindExample] = [
        KindExample("a page with its content", parameters: exampleParameters, given: ExposureKindExamples.given,
                    pages: ExposureKindExamples.plain, expect: .passed),
        KindExample("nothing could be fetched", parameters: exampleParameters, given: ExposureKindExamples.given, expect: .skipped),
        KindExample("a sign-in page shows nothing to check", parameters: exampleParameters, given: ExposureKindExamples.given,
                    pages: ExposureKindExamples.page("""
                        <h1>Inloggen</h1><form method="post"><label>E-mailadres <input type="email" name="email"></label>
                        <label>Wachtwoord <input type="password" name="password"></label><button>Log in</button></form>
                        <a href="/reset">Wachtwoord vergeten?</a>
                        """),
                    expect: .failed, findings: 1),
    ]
}

extension PhotoLocationKind {
    static let exampleParameters = "label: {en: Photo location, nl: Fotolocatie}"
    /// A JPEG whose EXIF data holds where it was taken (52.3702 N, 4.8952 E: Amsterdam), and one without.
    static let withGPS = "data:image/jpeg;base64,/9j/4AAQSkZJRgAAAAAAAAAAAAD/4QCIRXhpZgAATU0AKgAAAAgAAYglAAQAAAABAAAAGgAAAAAABAABAAIAAAACTgAAAAACAAUAAAADAAAAUAADAAIAAAACRQAAAAAEAAUAAAADAAAAaAAAAAAAAAA0AAAAAQAAABYAAAABAAAE+AAAAGQAAAAEAAAAAQAAADUAAAABAAAQsAAAAGT/2gAC/9k="
    static let withoutGPS = "data:image/jpeg;base64,/9j/4AAQSkZJRgAAAAAAAAAAAAD/2gAC/9k="
    static let gallery = ExposureKindExamples.page("<h1>Mijn tuin</h1><p>De tomaten van deze zomer.</p><img src=\"/tomaten.jpg\" alt=\"tomaten\">")
    static let examples: [KindExample] = [
        KindExample("a photo without a position", parameters: exampleParameters, given: ExposureKindExamples.given,
                    pages: gallery.merging(["https://example.nl/tomaten.jpg": withoutGPS]) { $1 }, expect: .passed),
        KindExample("nothing could be fetched", parameters: exampleParameters, given: ExposureKindExamples.given, expect: .skipped),
        KindExample("a photo that still says where it was taken", parameters: exampleParameters, given: ExposureKindExamples.given,
                    pages: gallery.merging(["https://example.nl/tomaten.jpg": withGPS]) { $1 }, expect: .failed, findings: 1),
    ]
}
