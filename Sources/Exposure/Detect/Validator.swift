import Foundation

/// What a validator makes of a candidate match.
public struct Validated: Sendable, Hashable {
    /// The normalised form (E.164 phone, IBAN without spaces, `YYYY-MM-DD`…), hashed into the fingerprint.
    public var normalized: String
    /// Valid only with a context word nearby (a foreign phone number).
    public var needsContext: Bool

    public init(_ normalized: String, needsContext: Bool = false) {
        self.normalized = normalized
        self.needsContext = needsContext
    }
}

/// The built-in validators a detector names in `validator:`. Each checks a candidate beyond its
/// pattern (checksums, real dates, real top-level domains) and normalises it.
public enum Validator: String, Sendable, CaseIterable {
    case email, phone, iban, bsn
    case beNationalNumber = "be-national-number"
    case creditCard = "credit-card"
    case postcode, date
    /// No check beyond the pattern; the match lowercased with whitespace collapsed.
    case text

    /// Checks and normalises a candidate; `plans` are the numbering plans a phone check declares
    /// (without any, only international numbers count, and only with context).
    public func validate(_ candidate: String, plans: NumberingPlans = NumberingPlans()) -> Validated? {
        switch self {
        case .email: Validators.email(candidate).map { Validated($0) }
        case .phone: Validators.phone(candidate, plans: plans)
        case .iban: Validators.iban(candidate).map { Validated($0) }
        case .bsn: Validators.bsn(candidate).map { Validated($0) }
        case .beNationalNumber: Validators.belgianNationalNumber(candidate).map { Validated($0) }
        case .creditCard: Validators.creditCard(candidate).map { Validated($0) }
        case .postcode: Validators.postcode(candidate).map { Validated($0) }
        case .date: Validators.date(candidate).map { Validated($0) }
        case .text: Validated(Validators.collapsed(candidate).lowercased())
        }
    }
}

enum Validators {
    static func digits(_ text: String) -> [Int] { text.utf8.compactMap { $0 &- 0x30 < 10 ? Int($0 - 0x30) : nil } }

    /// The text without the ASCII characters in `characters` at either end.
    static func trimmed(_ text: String, _ characters: StaticString) -> String {
        let set = UnsafeBufferPointer(start: characters.utf8Start, count: characters.utf8CodeUnitCount)
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !set.contains($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !set.contains($0) })!
        return first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) ? text : String(text[first...last])
    }

    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    // MARK: e-mail

    /// Endings that look like a domain but are files or versions (`logo@2x.png`, `package@1.2.3`).
    static let fileEndings: Set<String> = ["png", "jpg", "jpeg", "gif", "webp", "svg", "js", "css", "min", "map", "json", "ts", "tsx",
                                           "woff", "woff2", "ico", "bmp", "tif", "tiff", "avif", "heic", "mp4", "webm", "pdf", "html", "php"]

    static func email(_ candidate: String) -> String? {
        let value = trimmed(candidate, ".,;:!?'\"()[]<> \t").lowercased()
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
              (1...64).contains(local.count), (3...253).contains(domain.count),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ (1...63).contains($0.count) && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              let tld = labels.last, TopLevelDomains.known.contains(String(tld)), !fileEndings.contains(String(tld)) else { return nil }
        // `name@2x.png`, `lib@1.2.3`: a first label of digits and an `x`, or all digits.
        if let first = labels.first, first.allSatisfy({ $0.isNumber }) || (first.dropLast().allSatisfy(\.isNumber) && first.last == "x") { return nil }
        return "\(local)@\(domain)"
    }

    // MARK: phone

    /// E.164 from a number in any common notation (`06-81234567`, `+31 (0)6 …`, `0031 6 …`,
    /// `0475/12.34.56`), read by the numbering plans: a number of a plan's country counts when its
    /// range is a personal type and is dropped otherwise (toll-free, premium, pagers…); an international
    /// number of a country without a plan is valid only with context.
    static func phone(_ candidate: String, plans: NumberingPlans) -> Validated? {
        var text = trimmed(candidate, " \t")
        // "+31 (0)6 …": the trunk zero in brackets goes.
        let bytes = Array(text.utf8)
        if bytes.count >= 3, let at = (0...bytes.count - 3).first(where: { bytes[$0] == 0x28 && bytes[$0 + 1] == 0x30 && bytes[$0 + 2] == 0x29 }) {
            text = String(decoding: bytes[..<at] + bytes[(at + 3)...], as: UTF8.self)
        }
        var number = text.utf8.filter { $0 &- 0x30 < 10 }
        func e164(_ plan: NumberingPlan, _ national: some Collection<UInt8>) -> String {
            "+" + String(decoding: plan.countryCode + national, as: UTF8.self)
        }
        if text.hasPrefix("+") || text.hasPrefix("00") {
            if text.hasPrefix("00") { number.removeFirst(2) }
            var known = false
            for plan in plans.plans where number.starts(with: plan.countryCode) {
                known = true
                let rest = number.dropFirst(plan.countryCode.count)
                // "+31 06 …": a trunk prefix written after the country code is not part of the number.
                let national = !plan.trunkPrefix.isEmpty && rest.starts(with: plan.trunkPrefix) && plan.range(of: rest.dropFirst(plan.trunkPrefix.count)) != nil
                    ? rest.dropFirst(plan.trunkPrefix.count) : rest
                guard let range = plan.range(of: national) else { continue }
                return range.type.isPersonal ? Validated(e164(plan, national)) : nil
            }
            guard !known, (8...15).contains(number.count), number.first != UInt8(ascii: "0") else { return nil }
            return Validated("+" + String(decoding: number, as: UTF8.self), needsContext: true)
        }
        // National notation: every plan whose trunk prefix it starts with reads it.
        let groups = text.split(whereSeparator: { !$0.isNumber }).map(\.count)
        var first: (plan: NumberingPlan, range: NumberingPlan.Range, national: ArraySlice<UInt8>)?
        for plan in plans.plans where number.starts(with: plan.trunkPrefix) {
            let national = number.dropFirst(plan.trunkPrefix.count)
            guard let range = plan.range(of: national), groups.count >= range.minGroups else { continue }
            // Belgian mobiles (0475 12 34 56) are Dutch area codes too: the layout decides, else the first plan.
            if plan.layouts.contains(where: { $0.fits(groups: groups, text: text) }) {
                return range.type.isPersonal ? Validated(e164(plan, national)) : nil
            }
            if first == nil { first = (plan, range, national) }
        }
        guard let first, first.range.type.isPersonal else { return nil }
        return Validated(e164(first.plan, first.national))
    }

    // MARK: IBAN

    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21, "CR": 22,
        "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22,
        "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30,
        "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27,
        "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
        "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
    ]

    static func iban(_ candidate: String) -> String? {
        let compact = candidate.uppercased().filter { $0.isLetter || $0.isNumber }
        guard compact.count >= 15, let length = ibanLengths[String(compact.prefix(2))], compact.count >= length else { return nil }
        let value = String(compact.prefix(length))
        // What follows the IBAN inside the match must have been a separate word.
        guard value.dropFirst(2).prefix(2).allSatisfy(\.isNumber) else { return nil }
        let rearranged = value.dropFirst(4) + value.prefix(4)
        var remainder = 0
        for character in rearranged {
            guard let scalar = character.unicodeScalars.first, scalar.isASCII else { return nil }
            let code = Int(scalar.value)
            let number = character.isNumber ? code - 48 : code - 55
            guard (0...35).contains(number) else { return nil }
            remainder = number >= 10 ? (remainder * 100 + number) % 97 : (remainder * 10 + number) % 97
        }
        return remainder == 1 ? value : nil
    }

    // MARK: national numbers

    /// The Dutch citizen service number: nine digits passing the eleven test.
    static func bsn(_ candidate: String) -> String? {
        var numbers = digits(candidate)
        if numbers.count == 8 { numbers.insert(0, at: 0) }
        guard numbers.count == 9, Set(numbers).count > 1 else { return nil }
        var sum = 0
        for (index, digit) in numbers.prefix(8).enumerated() { sum += digit * (9 - index) }
        sum -= numbers[8]
        guard sum % 11 == 0, sum != 0 else { return nil }
        return numbers.map(String.init).joined()
    }

    /// The Belgian national register number: YYMMDD, a serial, and a mod-97 check that includes a
    /// leading 2 for those born from 2000 on.
    static func belgianNationalNumber(_ candidate: String) -> String? {
        let numbers = digits(candidate)
        guard numbers.count == 11 else { return nil }
        let text = numbers.map(String.init).joined()
        guard let first = Int(text.prefix(9)), let check = Int(text.suffix(2)) else { return nil }
        let month = numbers[2] * 10 + numbers[3], day = numbers[4] * 10 + numbers[5]
        // Months may carry +20 or +40 (bis numbers) and be 0 when the birth date is unknown.
        guard [month, month - 20, month - 40].contains(where: { (0...12).contains($0) }), (0...31).contains(day) else { return nil }
        let valid = 97 - first % 97 == check || 97 - (2_000_000_000 + first) % 97 == check
        return valid ? text : nil
    }

    // MARK: payment card

    static func creditCard(_ candidate: String) -> String? {
        let numbers = digits(candidate)
        guard (13...19).contains(numbers.count) else { return nil }
        let text = numbers.map(String.init).joined()
        let prefix2 = Int(text.prefix(2))!, prefix3 = Int(text.prefix(3))!, prefix4 = Int(text.prefix(4))!
        let known = text.hasPrefix("4") && [13, 16, 19].contains(numbers.count)                       // Visa
            || (51...55).contains(prefix2) && numbers.count == 16 || (2221...2720).contains(prefix4) && numbers.count == 16   // Mastercard
            || (prefix2 == 34 || prefix2 == 37) && numbers.count == 15                                // American Express
            || (prefix4 == 6011 || prefix2 == 65 || (644...649).contains(prefix3)) && numbers.count >= 16   // Discover
            || (3528...3589).contains(prefix4) && numbers.count >= 16                                 // JCB
            || ((300...305).contains(prefix3) || prefix2 == 36 || prefix2 == 38) && numbers.count >= 14   // Diners
            || (prefix2 == 50 || (56...69).contains(prefix2)) && numbers.count >= 12                  // Maestro
            || prefix2 == 62 && numbers.count >= 16                                                   // UnionPay
        guard known, Set(numbers).count > 1 else { return nil }
        var sum = 0
        for (index, digit) in numbers.reversed().enumerated() {
            if index % 2 == 1 { let doubled = digit * 2; sum += doubled > 9 ? doubled - 9 : doubled } else { sum += digit }
        }
        return sum % 10 == 0 ? text : nil
    }

    // MARK: postcode

    static func postcode(_ candidate: String) -> String? {
        let compact = candidate.filter { !$0.isWhitespace }
        guard compact.count == 6, let number = Int(compact.prefix(4)), number >= 1000 else { return nil }
        let letters = compact.suffix(2)
        guard letters.allSatisfy({ $0.isASCII && $0.isUppercase }), !["SA", "SD", "SS"].contains(String(letters)) else { return nil }
        return compact
    }

    // MARK: date

    static let months: [String: Int] = [
        "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2, "mrt": 3, "maart": 3, "mar": 3, "march": 3,
        "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7,
        "aug": 8, "augustus": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "oct": 10,
        "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    /// `12 maart 1990`, `12-03-1990`, `12/03/1990`, `12.03.1990`, `March 12, 1990`, `1990-03-12` → `1990-03-12`,
    /// for real dates from 1900 up to today.
    static func date(_ candidate: String) -> String? {
        // "12th", "1e", "3rd": the day without its ordinal ending.
        let words = candidate.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { $0.first!.isNumber ? $0.prefix(while: \.isNumber) : $0 }
        var day: Int?, month: Int?, year: Int?
        let numbers = words.compactMap { Int($0) }
        if let name = words.first(where: { $0.first!.isLetter }) {
            guard let value = months[String(name)], numbers.count == 2 else { return nil }
            month = value
            (day, year) = numbers[0] > 31 ? (numbers[1], numbers[0]) : (numbers[0], numbers[1])
        } else {
            guard numbers.count == 3 else { return nil }
            if words[0].count == 4 { (year, month, day) = (numbers[0], numbers[1], numbers[2]) }
            else { (day, month, year) = (numbers[0], numbers[1], numbers[2]) }
        }
        guard let day, let month, let year else { return nil }
        let currentYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        guard (1900...currentYear).contains(year), (1...12).contains(month) else { return nil }
        let lengths = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[month - 1]).contains(day) else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
