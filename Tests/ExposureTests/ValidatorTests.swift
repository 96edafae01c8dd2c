@testable import Exposure
import Foundation
import Testing

@Suite struct ValidatorTests {
    /// The phone validator as the shipped phone check runs it: with the numbering plans of Checks/exposure/phone.yaml.
    static func phone(_ candidate: String) -> Validated? { DetectorTests.detectors["phone"]!.validate(candidate) }

    @Test(arguments: [
        ("06-12345678", "+31612345678"), ("06 12 34 56 78", "+31612345678"), ("+31 6 12345678", "+31612345678"),
        ("+31 (0)6 12345678", "+31612345678"), ("0031 6 12345678", "+31612345678"), ("020-1234567", "+31201234567"),
        ("(020) 123 4567", "+31201234567"), ("0475 12 34 56", "+32475123456"), ("0475/12.34.56", "+32475123456"),
        ("+32 470 12 34 56", "+32470123456"), ("02 234 56 78", "+3222345678"), ("0475-123456", "+31475123456"),
    ])
    func dutchAndBelgianPhonesBecomeE164(input: String, expected: String) {
        let result = Self.phone(input)
        #expect(result?.normalized == expected)
        #expect(result?.needsContext == false)
    }

    @Test func foreignPhonesNeedContextAndJunkIsRejected() {
        #expect(Self.phone("+44 20 7946 0958") == Validated("+442079460958", needsContext: true))
        for junk in ["0123456789", "0612", "00000000000", "06-02345678", "+31 12 345"] {
            #expect(Self.phone(junk) == nil, "\(junk)")
        }
    }

    @Test func withoutNumberingPlansOnlyInternationalNumbersCountAndOnlyWithContext() {
        #expect(Validator.phone.validate("06-12345678") == nil)
        #expect(Validator.phone.validate("+31 6 12345678") == Validated("+31612345678", needsContext: true))
    }

    @Test func ibanNeedsTheChecksumAndTheCountrysLength() {
        #expect(Validator.iban.validate("NL91 ABNA 0417 1643 00")?.normalized == "NL91ABNA0417164300")
        #expect(Validator.iban.validate("be68 5390 0754 7034")?.normalized == "BE68539007547034")
        #expect(Validator.iban.validate("NL91 ABNA 0417 1643 01") == nil)      // checksum
        #expect(Validator.iban.validate("NL91 ABNA 0417 1643") == nil)         // too short for NL
        #expect(Validator.iban.validate("XX91 ABNA 0417 1643 00") == nil)      // no such country
    }

    @Test func bsnPassesTheElevenTest() {
        #expect(Validator.bsn.validate("123456782")?.normalized == "123456782")
        #expect(Validator.bsn.validate("1234.56.782")?.normalized == "123456782")
        #expect(Validator.bsn.validate("123456789") == nil)
        #expect(Validator.bsn.validate("000000000") == nil)
    }

    @Test func belgianNationalNumbersBeforeAndAfter2000() {
        #expect(Validator.beNationalNumber.validate("85.07.30-033.28")?.normalized == "85073003328")
        #expect(Validator.beNationalNumber.validate("01.02.03-123.45")?.normalized == "01020312345")   // born 2001
        #expect(Validator.beNationalNumber.validate("85.07.30-033.29") == nil)
        #expect(Validator.beNationalNumber.validate("85.13.30-033.28") == nil)   // month 13
    }

    @Test func cardsNeedLuhnAndAKnownPrefix() {
        #expect(Validator.creditCard.validate("4111 1111 1111 1111")?.normalized == "4111111111111111")
        #expect(Validator.creditCard.validate("3782-822463-10005")?.normalized == "378282246310005")
        #expect(Validator.creditCard.validate("4111 1111 1111 1112") == nil)   // Luhn
        #expect(Validator.creditCard.validate("1234 5678 9012 3452") == nil)   // passes Luhn, no issuer starts with 1
    }

    @Test func emailNeedsARealDomainAndNoFileName() {
        #expect(Validator.email.validate("Sanne@DeVries.NL")?.normalized == "sanne@devries.nl")
        for junk in ["logo@2x.png", "package@1.2.3", "user@localhost", "a@b.notatld", "x@3x.webp", "a..b@c.nl"] {
            #expect(Validator.email.validate(junk) == nil, "\(junk)")
        }
    }

    @Test(arguments: [
        ("12 maart 1990", "1990-03-12"), ("12-03-1990", "1990-03-12"), ("12/3/1990", "1990-03-12"), ("March 12, 1990", "1990-03-12"),
        ("1990-03-12", "1990-03-12"), ("1 mei 2001", "2001-05-01"), ("29-02-2000", "2000-02-29"),
    ])
    func datesInDutchAndEnglishFormats(input: String, expected: String) {
        #expect(Validator.date.validate(input)?.normalized == expected)
    }

    @Test func impossibleDatesAreRejected() {
        for junk in ["31-02-1990", "29-02-2001", "12-13-1990", "12 maart 1850", "12 maart 2999"] {
            #expect(Validator.date.validate(junk) == nil, "\(junk)")
        }
    }

    @Test func postcodes() {
        #expect(Validator.postcode.validate("3511 AB")?.normalized == "3511AB")
        #expect(Validator.postcode.validate("1234 SS") == nil)
        #expect(Validator.postcode.validate("0123 AB") == nil)
    }

    @Test(arguments: [
        ("email", "jan@example.nl", "j***@e***.nl"), ("iban", "NL91ABNA0417164300", "NL** **** **** **43 00"),
        ("phone", "+31612345678", "+31 *******78"), ("bsn", "123456782", "*******82"),
        ("credit-card", "4111111111111111", "**** **** **** 1111"), ("postcode", "3511AB", "35** **"),
        ("date-of-birth", "1990-03-12", "19**-**-**"), ("gps", "52.3702,4.8952", "52.4…, 4.9…"),
        ("identity", "sanne de vries", "s**** d* v****"),
    ])
    func masking(kind: String, value: String, masked: String) {
        #expect(Masking.mask(value, kind: kind) == masked)
    }

    @Test func fingerprintIsTheSHA256OfKindAndValue() {
        let match = Match(kind: "email", normalized: "jan@example.nl", url: "", line: 1, snippet: "")
        // printf 'email:jan@example.nl' | sha256sum
        #expect(match.fingerprint == "a67ffa8c472b5ebec614854531fa7fa1d9e00cc46b46fe309d766b12fb6b4ae1")
        #expect(match.fingerprint == Match(kind: "email", normalized: "jan@example.nl", url: "x", line: 9, snippet: "y").fingerprint)
        #expect(match.fingerprint != Match(kind: "email", normalized: "jan@example.com", url: "", line: 1, snippet: "").fingerprint)
    }

    @Test func identityTermsMatchFoldedOnWordBoundaries() {
        // The text folded as the page reader folds it, and searched as the identity check searches.
        let text = FoldedText(ArraySlice(Array("Ik ben SANNE\u{A0}de   Vries; Sanne de Vriesland is iemand anders. Élodie was er ook.".utf8))).bytes
        func count(_ term: String) -> Int {
            var found = 0
            text.withUnsafeBufferPointer { TermSearch([FoldedText.fold(Folding.fold(term))]).search($0, caseless: false) { _, _ in found += 1 } }
            return found
        }
        #expect(count("Sanne de Vries") == 1)
        #expect(count("elodie") == 1)
        #expect(count("Sanne de Vriesl") == 0)
    }

    @Test func snippetsMaskTheMatchAndHideOtherNumbers() {
        let text = "Bel 06-12345678 of stuur naar NL91 ABNA 0417 1643 00, mail jan@example.nl"
        let range = text.range(of: "06-12345678")!
        let snippet = Masking.snippet(text, match: range, masked: "+31 *******78")
        #expect(snippet.contains("[+31 *******78]"))
        #expect(!snippet.contains("0417"))
        #expect(!snippet.contains("jan@"))
    }
}
