import AuditCore
@testable import Exposure
import Foundation
import Testing
import TestSupport

/// Phone numbers read by the numbering plans of Checks/exposure/phone.yaml, plans a user adds, and
/// the loader's errors for a bad plan.
@Suite struct NumberingPlanTests {
    static func phone(_ candidate: String) -> Validated? { ValidatorTests.phone(candidate) }

    @Test(arguments: ["06-81234567", "06 81 23 45 67", "0681234567", "+31 6 81234567", "+31 (0)6 81234567", "0031681234567",
                      "0031 6 8123 4567", "+31681234567"])
    func dutchMobilesInThe068RangeAreFoundInEveryNotation(_ notation: String) {
        #expect(Self.phone(notation) == Validated("+31681234567"))
    }

    @Test(arguments: [
        "06-61234567", "+31 6 61234567",                     // pagers
        "06-71234567", "+31 6 71234567", "06-91234567", "+31 6 91234567", "06-01234567",   // no range of the plan
        "0800-1234567", "0800 1234", "0800 123 45", "+31 800 1234567", "0031 800 1234",   // free numbers
        "0900-1234567", "0906-1234567", "0909 123 45", "+31 900 1234567",                  // paid numbers
        "0970 1234 5678",                                    // machine-to-machine
        "0800 12 345", "+32 800 12 345", "070 12 34 56", "0900 12 345", "+32 78 79 12 34",   // Belgian free, paid and shared-cost numbers
    ])
    func pagersFreeAndPaidNumbersAreNotAPersonsNumber(_ notation: String) {
        #expect(Self.phone(notation) == nil)
    }

    @Test(arguments: [
        ("0475 12 34 56", "+32475123456"), ("0475/12.34.56", "+32475123456"), ("0475.123456", "+32475123456"),
        ("0496 12 34 56", "+32496123456"), ("0491234567", "+32491234567"), ("+32 470 12 34 56", "+32470123456"),
        ("0032 470 123 456", "+32470123456"), ("02 234 56 78", "+3222345678"), ("09/234.56.78", "+3292345678"),
        ("04 223 45 67", "+3242234567"), ("050 12 34 56", "+3250123456"), ("+32 2 234 56 78", "+3222345678"),
        ("078 15 20 30", "+3278152030"),
    ])
    func belgianMobilesAndLandlinesAreFound(_ notation: String, _ expected: String) {
        #expect(Self.phone(notation) == Validated(expected))
    }

    @Test func theLayoutDecidesBetweenABelgianMobileAndADutchAreaCode() {
        // 0475 is Roermond in the Netherlands and a mobile range in Belgium.
        #expect(Self.phone("0475-123456")?.normalized == "+31475123456")
        #expect(Self.phone("0475 123 456")?.normalized == "+31475123456")
        #expect(Self.phone("0475 12 34 56")?.normalized == "+32475123456")
        #expect(Self.phone("0475/123456")?.normalized == "+32475123456")
        // Numbers only one country has are that country's, whatever the layout.
        #expect(Self.phone("0412 34 56 78")?.normalized == "+31412345678")
        #expect(Self.phone("0471 234567")?.normalized == "+32471234567")
    }

    @Test func belgianNumbersThatNoSubscriberHasOrWrittenBareAreNotFound() {
        #expect(Self.phone("02 123 45 67") == nil)     // Brussels subscriber numbers start with 2 to 8
        #expect(Self.phone("022345678") == nil)        // eight bare digits: too often something else
        #expect(Self.phone("+32 41 234 567") == nil)   // 041 is neither a zone nor a mobile range
    }

    /// The validator before the numbering plans, kept here as the reference: every number it found is
    /// found with the same E.164 form (so the same fingerprint), except the changes the plans were made for.
    enum Before {
        static let dutchAreaCodes: Set<String> = [
            "10", "111", "113", "114", "115", "117", "118", "13", "140", "15", "161", "162", "164", "165", "166", "167", "168", "172",
            "174", "180", "181", "182", "183", "184", "186", "187", "20", "222", "223", "224", "226", "227", "228", "229", "23", "24",
            "251", "252", "255", "26", "294", "297", "299", "30", "313", "314", "315", "316", "317", "318", "320", "321", "33", "341",
            "342", "343", "344", "345", "346", "347", "348", "35", "36", "38", "40", "411", "412", "413", "416", "418", "43", "45",
            "46", "475", "478", "481", "485", "486", "487", "488", "492", "493", "495", "497", "499", "50", "511", "512", "513",
            "514", "515", "516", "517", "518", "519", "521", "522", "523", "524", "525", "527", "528", "529", "53", "541", "543",
            "544", "545", "546", "547", "548", "55", "561", "562", "566", "570", "571", "572", "573", "575", "577", "578", "58",
            "591", "592", "593", "594", "595", "596", "597", "598", "599", "6", "70", "71", "72", "73", "74", "75", "76", "77", "78",
            "79", "85", "88", "91", "97",
        ]

        static func phone(_ candidate: String) -> Validated? {
            var text = candidate.trimmingCharacters(in: .whitespaces)
            if let bracket = text.range(of: "(0)") { text.removeSubrange(bracket) }
            let international = text.hasPrefix("+") || text.hasPrefix("00")
            var number = text.filter(\.isASCII).filter(\.isNumber)
            if international {
                if text.hasPrefix("00") { number = String(number.dropFirst(2)) }
                if number.hasPrefix("310") || number.hasPrefix("320") { number.remove(at: number.index(number.startIndex, offsetBy: 2)) }
                if number.hasPrefix("31") {
                    let national = String(number.dropFirst(2))
                    guard national.count == 9, dutchAreaCodes.contains(where: { national.hasPrefix($0) }) else { return nil }
                    return Validated("+" + number)
                }
                if number.hasPrefix("32") {
                    let national = String(number.dropFirst(2))
                    guard national.count == 8 || (national.count == 9 && national.hasPrefix("4")) else { return nil }
                    return Validated("+" + number)
                }
                guard (8...15).contains(number.count), number.first != "0" else { return nil }
                return Validated("+" + number, needsContext: true)
            }
            guard number.hasPrefix("0"), !number.hasPrefix("00") else { return nil }
            let national = String(number.dropFirst())
            let groups = text.split(whereSeparator: { !$0.isNumber }).map(\.count)
            if national.count == 9 {
                let belgianLayout = groups == [4, 2, 2, 2] || text.contains("/") || groups == [4, 6] && text.contains(".")
                if national.hasPrefix("4"), !national.hasPrefix("40"), !national.hasPrefix("43"),
                   belgianLayout || !dutchAreaCodes.contains(where: { $0.hasPrefix("4") && national.hasPrefix($0) }) {
                    return ["45", "46", "47", "48", "49"].contains(where: national.hasPrefix) ? Validated("+32" + national) : nil
                }
                guard dutchAreaCodes.contains(where: { national.hasPrefix($0) }) else { return nil }
                if national.hasPrefix("6") { guard let second = national.dropFirst().first, "12345".contains(second) else { return nil } }
                return Validated("+31" + national)
            }
            if national.count == 8 {
                guard groups.count >= 3, !national.hasPrefix("4"), !national.hasPrefix("0") else { return nil }
                return Validated("+32" + national)
            }
            return nil
        }
    }

    /// What the plans changed on purpose, as E.164 patterns written apart from the plan file: numbers
    /// no longer found (pagers, 06-6/7/9 and 06-0 written internationally, 0140, 097 with nine digits,
    /// Belgian 040/041/044 "mobiles", Belgian eight-digit numbers outside the zones or in free, paid and
    /// shared-cost ranges), and numbers newly found (06-8 written nationally, 084 and 087, Liège's 04
    /// landlines, Dutch numbers in Belgian layout that are no Belgian mobile).
    static let dropped = try! NSRegularExpression(pattern:
        #"^\+31(?:6[06-79]|140|97)|^\+324[0-4][0-9]{7}$|^\+32(?!(?:1[0-69]|[23][2-8]|4[23]|5|6[013-57-9]|71|80[2-8]|8[1-79]|9[2-4]|78)|7879)[0-9]{8}$|^\+327879"#)
    static let added = try! NSRegularExpression(pattern: #"^\+3168|^\+318[47]|^\+324[23][0-9]{6}$|^\+314"#)

    static func matches(_ pattern: NSRegularExpression, _ text: String) -> Bool {
        pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test func everyNumberFoundBeforeIsFoundTheSameWayUnlessAPlanSaysOtherwise() {
        var generator = SplitMix64(seed: 20_260_201)
        var compared = 0, same = 0, dropped = 0, added = 0
        /// The digits in groups of `sizes` (the rest after them), joined by `separators` in turn.
        func grouped(_ sizes: [Int], _ separators: [String]) -> (String) -> String {
            { text in
                var parts: [Substring] = []
                var rest = Substring(text)
                for size in sizes { parts.append(rest.prefix(size)); rest = rest.dropFirst(size) }
                if !rest.isEmpty { parts.append(rest) }
                var out = String(parts[0])
                for (index, part) in parts.dropFirst().enumerated() { out += separators[min(index, separators.count - 1)] + part }
                return out
            }
        }
        let layouts: [(String) -> String] = [
            { $0 },                                          // 0612345678
            grouped([2], ["-"]), grouped([3], ["-"]),        // 06-12345678, 020-1234567
            grouped([2, 2, 2, 2], [" "]),                    // 06 12 34 56 78
            grouped([4, 2, 2], [" "]),                       // 0475 12 34 56
            grouped([4, 2, 2], ["/", "."]),                  // 0475/12.34.56
            grouped([2, 3, 2], [" "]),                       // 02 234 56 78
            grouped([3, 3], [" "]),                          // 050 123 4567
            { "+31 " + $0.dropFirst() }, { "+32 " + $0.dropFirst() }, { "0031" + $0.dropFirst() },
            { "+31 (0)" + $0.dropFirst() }, { "0032 " + $0.dropFirst() },
        ]
        for _ in 0..<20_000 {
            let length = Bool.random(using: &generator) ? 10 : 9
            var national = "0" + String(Int.random(in: 1...9, using: &generator))
            for _ in 2..<length { national += String(Int.random(in: 0...9, using: &generator)) }
            let text = layouts.randomElement(using: &generator)!(national)
            let before = Before.phone(text), now = Self.phone(text)
            switch (before, now) {
            case (nil, nil): continue
            case let (before?, now?):
                compared += 1
                #expect(before == now, "\(text): \(before.normalized) before, \(now.normalized) now")
                if before == now { same += 1 }
            case let (before?, nil):
                dropped += 1
                #expect(Self.matches(Self.dropped, before.normalized), "\(text) (\(before.normalized)) is no longer found")
            case let (nil, now?):
                added += 1
                #expect(Self.matches(Self.added, now.normalized), "\(text) (\(now.normalized)) is newly found")
            }
        }
        print("phone numbers found before and now: \(compared) (\(same) the same), \(dropped) dropped, \(added) added")
        #expect(compared > 2_000)
    }

    @Test(arguments: [
        // printf 'phone:+31612345678' | sha256sum
        ("06-12345678", "13f36077b819159afe77bb9f689c8d290854caca5115e9baa7b76fc1b4b33e85"),
        ("+31 (0)6 1234 5678", "13f36077b819159afe77bb9f689c8d290854caca5115e9baa7b76fc1b4b33e85"),
        ("0475/12.34.56", "d82c2893ba4014bc2feab0dff2c9e1d3faef38892d42d1ea2f9df9376b5ab78d"),
    ])
    func fingerprintsOfNumbersFoundBeforeStayTheSame(notation: String, fingerprint: String) throws {
        let normalized = try #require(Self.phone(notation)).normalized
        #expect(Match(kind: "phone", normalized: normalized, url: "", line: 1, snippet: "").fingerprint == fingerprint)
    }

    // MARK: a country of one's own

    static let germanCheck = """
        finds: phone
        label: {en: Phone number, nl: Telefoonnummer}
        validator: phone
        min-digits: 8
        patterns:
          - '(?<![\\w+])(?:\\+|00)[1-9][0-9](?:[ ./-]?[0-9]){6,12}(?![0-9])'
          - '(?<![\\w+./-])0[1-9](?:[ /-]?[0-9]){8,10}(?![0-9])'
        numbering-plans:
          - country: DE
            country-code: '49'
            trunk-prefix: '0'
            ranges:
              - {type: mobile, prefixes: ['15[0-25-9]', '16[0-3]', '17'], lengths: [10, 11]}
              - {type: geographic, prefixes: ['30', '40', '89', '221'], lengths: [7-11]}
              - {type: toll-free, prefixes: ['800'], lengths: [10]}
        """

    @Test func aUserAddsACountryWithACheckOfTheirOwn() throws {
        let german = try PersonalDataKind.detector(Self.germanCheck)
        let page = Page.read(Array("<p>Handy 0151 23456789, Büro +49 30 1234567, Hotline 0800 1234567, ohne Wort +49 151 2345 6789</p>".utf8))
        #expect(german.matches(in: page, url: "u").map(\.normalized) == ["+4915123456789", "+49301234567"])
        // The shipped check counts a German number only near a phone word.
        let shipped = DetectorTests.detectors["phone"]!
        #expect(shipped.matches(in: Page.read(Array("<p>Büro +49 30 1234567</p>".utf8)), url: "u").isEmpty)
        #expect(shipped.matches(in: Page.read(Array("<p>Tel. +49 30 1234567</p>".utf8)), url: "u").map(\.normalized) == ["+49301234567"])
    }

    // MARK: mistakes in a plan

    func diagnostic(_ plan: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        let file = """
            version: 1
            checks:
              - id: mine.phone
                kind: personal-data
                severity: high
                title: {en: A phone number, nl: Een telefoonnummer}
                why: {en: Why, nl: Waarom}
                fix: {en: [Remove it], nl: [Haal het weg]}
                params:
                  finds: phone
                  label: {en: Phone number, nl: Telefoonnummer}
                  validator: phone
                  patterns: ['0[1-9][0-9]{8}']
                  numbering-plans:
            \(plan.split(separator: "\n").map { "          " + $0 }.joined(separator: "\n"))
            """
        do {
            _ = try CheckLoader(kinds: ExposureKinds.all).load([(path: "mine/phone-xx.yaml", text: file)])
            Issue.record("the plan loaded without an error", sourceLocation: sourceLocation)
        } catch let error as CheckLoadError {
            #expect(error.diagnostics.count == 1, sourceLocation: sourceLocation)
            return error.diagnostics.first
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test(arguments: [
        // (plan, line, column of the bad value, words the message says); the plan starts on line 15, column 11.
        ("- {country: XX, country-code: '99', trunk-prefix: '0', ranges: [{type: mobile, prefixes: ['6[1-'], lengths: [9]}]}",
         15, 101, "'6[1-' is not a prefix"),
        ("- country: XX\n  country-code: '99'\n  ranges:\n    - type: mobiel\n      prefixes: ['6']\n      lengths: [9]",
         18, 23, "'mobiel' is not one of mobile, geographic"),
        ("- country: XX\n  country-code: '99'\n  ranges:\n    - {type: mobile, prefixes: ['6'], lengths: [9, 0]}",
         18, 62, "'0' is not a length"),
        ("- country: XX\n  country-code: '99'\n  ranges:\n    - {type: mobile, prefixes: ['6[1-5]'], lengths: [9]}\n    - {type: pager, prefixes: ['66', '63'], lengths: [9]}",
         19, 48, "XX numbers starting 63 are both mobile and pager"),
        ("- country: XX\n  country-code: '+99'\n  ranges: [{type: mobile, prefixes: ['6'], lengths: [9]}]",
         16, 27, "'+99' must be the one to three digits after +"),
        ("- country: XX\n  country-code: '99'\n  area-codes: ['6']\n  ranges: [{type: mobile, prefixes: ['6'], lengths: [9]}]",
         17, 13, "unknown key 'area-codes'"),
        ("- country: XX\n  country-code: '99'\n  ranges: [{type: mobile, prefixes: ['612345678'], lengths: [9]}]",
         17, 48, "as long as the numbers of its range"),
    ])
    func aBadPlanIsAnErrorAtItsLineAndColumn(plan: String, line: Int, column: Int, says: String) throws {
        let found = try #require(diagnostic(plan))
        #expect(found.file == "mine/phone-xx.yaml")
        #expect((found.line, found.column) == (line, column), "\(found)")
        #expect(found.message.contains(says), "\(found.message)")
    }

    @Test func plansAreOnlyForThePhoneValidator() throws {
        let yaml = "finds: x\nlabel: {en: X, nl: X}\nvalidator: email\npatterns: ['x']\nnumbering-plans: []"
        #expect(throws: Parameters.Problem.self) { try PersonalDataKind.detector(yaml) }
    }
}
