import Foundation

/// Reads the time an incident happened as people write it: `2026-11-30 21:15`, `2026-11-30T21:15:05`,
/// `30-11-2026 21:15` (the Dutch order), a day alone (`2026-11-30`, midnight) or a time alone (`21:15`,
/// today), in the local time zone; or an ISO 8601 time with a zone (`2026-11-30T20:15:00Z`).
public enum IncidentTime {
    public static func parse(_ text: String, now: Date, timeZone: TimeZone = .current) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let date = read(trimmed, now: now, timeZone: timeZone) else { throw EvidenceError.badTime(text) }
        // A minute's grace for clocks and typing.
        guard date <= now.addingTimeInterval(60) else { throw EvidenceError.futureTime(text) }
        return date
    }

    static func read(_ text: String, now: Date, timeZone: TimeZone) -> Date? {
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
