import AuditCore
import Foundation

/// Times as a reader of the printed logbook wants them: the local date with its weekday, to the second,
/// with the offset from UTC so that nothing is ambiguous (`Monday 2 March 2026, 21:15:07 (UTC+01:00)`).
/// The exact UTC times with milliseconds are in logbook.json.
struct DossierClock: Sendable {
    var timeZone: TimeZone
    var language: Language

    func show(_ date: Date) -> String {
        let seconds = Int(floor(Double(EvidenceChain.milliseconds(date)) / 1000))
        let offset = timeZone.secondsFromGMT(for: date)
        var t = time_t(seconds + offset)
        var parts = tm()
        gmtime_r(&t, &parts)
        let weekday = Self.weekdays[language == .nl ? 1 : 0][Int(parts.tm_wday)]
        let month = Self.months[language == .nl ? 1 : 0][Int(parts.tm_mon)]
        let day = Int(parts.tm_mday), year = Int(parts.tm_year) + 1900
        let date = "\(weekday) \(day) \(month) \(year)"
        let time = Self.two(Int(parts.tm_hour)) + ":" + Self.two(Int(parts.tm_min)) + ":" + Self.two(Int(parts.tm_sec))
        let sign = offset < 0 ? "-" : "+"
        let zone = "UTC" + sign + Self.two(abs(offset) / 3600) + ":" + Self.two(abs(offset) % 3600 / 60)
        return "\(date), \(time) (\(zone))"
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private static let weekdays = [
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    ]
    private static let months = [
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    ]
}
