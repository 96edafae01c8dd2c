import Foundation

/// Reads the time an incident happened as people write it: `2026-11-30 21:15`, `2026-11-30T21:15:05`,
/// `30-11-2026 21:15` (the Dutch order), a day alone (`2026-11-30`, midnight) or a time alone (`21:15`,
/// today), in the local time zone; or an ISO 8601 time with a zone (`2026-11-30T20:15:00Z`). Also the
/// words people say, in Dutch and English, alone or before a time: `vandaag`, `gisteren`, `eergisteren`,
/// `vanavond 21:15`, `gisteravond 21.15`, `maandag` (the last Monday, today included), `yesterday 9:15`.
public enum IncidentTime {
    public static func parse(_ text: String, now: Date, timeZone: TimeZone = .current) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let date = read(trimmed, now: now, timeZone: timeZone) else { throw EvidenceError.badTime(text) }
        // A minute's grace for clocks and typing.
        guard date <= now.addingTimeInterval(60) else { throw EvidenceError.futureTime(text) }
        return date
    }

    static func read(_ text: String, now: Date, timeZone: TimeZone) -> Date? {
        if let date = readNumbers(text, now: now, timeZone: timeZone) { return date }
        return readWords(text, now: now, timeZone: timeZone)
    }

    /// A day word, then nothing (that day, at midnight: the day is known, the hour not) or a time.
    static func readWords(_ text: String, now: Date, timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var words = text.lowercased().split(separator: " ").map(String.init).filter { !["om", "at", "uur", "h", "around", "rond", "ongeveer"].contains($0) }
        // "the day before yesterday", "last monday", "afgelopen maandag": the leading words say nothing more.
        let joined = words.joined(separator: " ")
        for (phrase, word) in [("the day before yesterday", "eergisteren"), ("day before yesterday", "eergisteren"), ("this morning", "vanochtend"),
                               ("this afternoon", "vanmiddag"), ("this evening", "vanavond"), ("last night", "gisteravond")]
        where joined.hasPrefix(phrase) {
            words = [word] + joined.dropFirst(phrase.count).split(separator: " ").map(String.init)
        }
        if words.count == 1, ["nu", "now", "net", "zojuist", "just now"].contains(words[0]) { return now }
        if let first = words.first, ["last", "afgelopen", "vorige"].contains(first) { words.removeFirst() }
        guard let dayWord = words.first, words.count <= 2 else { return nil }
        let today = calendar.startOfDay(for: now)
        let evening: Bool
        var day: Date
        if let (offset, late) = dayWords[dayWord] {
            guard let shifted = calendar.date(byAdding: .day, value: -offset, to: today) else { return nil }
            day = shifted
            evening = late
        } else if let weekday = weekdays[dayWord] {
            // The last such day: today when it is that day, otherwise the one before.
            let back = (calendar.component(.weekday, from: today) - weekday + 7) % 7
            guard let shifted = calendar.date(byAdding: .day, value: -back, to: today) else { return nil }
            day = shifted
            evening = false
        } else {
            return nil
        }
        guard words.count == 2 else { return day }
        let time = words[1].replacingOccurrences(of: ".", with: ":")
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isNumber) }) else { return nil }
        var numbers = parts.compactMap { Int($0) }
        while numbers.count < 3 { numbers.append(0) }
        guard numbers[0] < 24, numbers[1] < 60, numbers[2] < 60 else { return nil }
        // "vanavond 9:15" is a quarter past nine in the evening.
        if evening, (1...11).contains(numbers[0]) { numbers[0] += 12 }
        var components = calendar.dateComponents([.year, .month, .day], from: day)
        components.hour = numbers[0]
        components.minute = numbers[1]
        components.second = numbers[2]
        day = calendar.date(from: components) ?? day
        return day
    }

    /// Days back from today, and whether the word means the evening (so that 9:15 is 21:15).
    static let dayWords: [String: (Int, Bool)] = [
        "vandaag": (0, false), "today": (0, false), "vanochtend": (0, false), "vanmorgen": (0, false), "vanmiddag": (0, false),
        "vanavond": (0, true), "tonight": (0, true),
        "gisteren": (1, false), "yesterday": (1, false), "gisterochtend": (1, false), "gistermorgen": (1, false), "gistermiddag": (1, false),
        "gisteravond": (1, true),
        "eergisteren": (2, false),
    ]

    /// Gregorian weekday numbers (1 is Sunday), in Dutch and English.
    static let weekdays: [String: Int] = [
        "zondag": 1, "maandag": 2, "dinsdag": 3, "woensdag": 4, "donderdag": 5, "vrijdag": 6, "zaterdag": 7,
        "sunday": 1, "monday": 2, "tuesday": 3, "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7,
    ]

    static func readNumbers(_ text: String, now: Date, timeZone: TimeZone) -> Date? {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: text) { return date }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.isLenient = false
        for pattern in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "dd-MM-yyyy HH:mm:ss",
                        "dd-MM-yyyy HH:mm", "d-M-yyyy HH:mm", "yyyy-MM-dd", "dd-MM-yyyy", "d-M-yyyy"] {
            formatter.dateFormat = pattern
            if let date = formatter.date(from: text), formatter.string(from: date).count == text.count || pattern.hasPrefix("d-M") {
                return date
            }
        }
        // A time alone: today, at that time.
        let parts = text.split(separator: ":")
        if (2...3).contains(parts.count), parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isNumber) }) {
            let numbers = parts.compactMap { Int($0) }
            guard numbers[0] < 24, numbers[1] < 60, numbers.count < 3 || numbers[2] < 60 else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            var components = calendar.dateComponents([.year, .month, .day], from: now)
            components.hour = numbers[0]
            components.minute = numbers[1]
            components.second = numbers.count == 3 ? numbers[2] : 0
            return calendar.date(from: components)
        }
        return nil
    }
}
