import AuditCore
import Foundation

/// What the commands that keep or remove state say (`init`, `history`, `forget`, `schedule`), in
/// both languages.
enum CLIWords {
    static func wroteConfiguration(_ path: String) -> LocalizedText {
        LocalizedText(en: "Wrote the configuration to \(path).", nl: "Configuratie geschreven naar \(path).")
    }
    static let noAudits = LocalizedText(en: "No audits stored yet.", nl: "Nog geen controles bewaard.")
    static func findings(_ count: Int) -> LocalizedText {
        LocalizedText.count(count, en: ("finding", "findings"), nl: ("bevinding", "bevindingen"))
    }
    static func historyDeleted(_ path: String) -> LocalizedText {
        LocalizedText(en: "Deleted the history (\(path)).", nl: "De geschiedenis is gewist (\(path)).")
    }
    static let noHistory = LocalizedText(en: "There was no history to delete.", nl: "Er was geen geschiedenis om te wissen.")
    static func cacheDeleted(_ path: String) -> LocalizedText {
        LocalizedText(en: "Deleted the cache (\(path)).", nl: "De cache is gewist (\(path)).")
    }
    static func logbookKept(_ path: String) -> LocalizedText {
        LocalizedText(en: "The evidence logbook in \(path) was not deleted: evidence should be kept.",
                      nl: "Het bewijslogboek in \(path) is niet gewist: bewijs hoort bewaard te blijven.")
    }
    static func capturesKept(_ count: Int, in folder: String) -> LocalizedText {
        LocalizedText(
            en: "The \(count) phone capture(s) in \(folder) were not deleted: they show what was on the phone. Delete them yourself when no longer needed; they hold account names.",
            nl: "\(count == 1 ? "De opname" : "De \(count) opnamen") van een telefoon in \(folder) \(count == 1 ? "is" : "zijn") niet gewist: ze laten zien wat er op de telefoon stond. Wis ze zelf als je ze niet meer nodig hebt; er staan accountnamen in.")
    }
    static let scheduleRemoved = LocalizedText(en: "Removed the scheduled audit.", nl: "De geplande controle is verwijderd.")
    static let nothingScheduled = LocalizedText(en: "No audit was scheduled.", nl: "Er was geen geplande controle.")
    static func scheduled(every: String, with method: String, language: Language) -> LocalizedText {
        LocalizedText(
            en: "Every day hygiene looks whether an audit is due (every \(every)); scheduled with \(method). Notifications will be in \(language == .nl ? "Dutch" : "English").",
            nl: "Elke dag wordt gekeken of er een controle nodig is (elke \(every)); ingepland met \(method). Meldingen komen in het \(language == .nl ? "Nederlands" : "Engels").")
    }
    static let neitherSystemdNorCron = LocalizedText(
        en: "neither systemd nor cron is available; run 'hygiene audit' yourself now and then, or put 'hygiene audit --quiet --notify --if-due 30d' in your desktop's autostart",
        nl: "systemd en cron zijn er allebei niet; voer zelf af en toe 'hygiene audit' uit, of zet 'hygiene audit --quiet --notify --if-due 30d' in de autostart van je bureaublad")
    static let notifyTitle = LocalizedText(en: "hygiene: something needs attention", nl: "hygiene: er is iets dat aandacht nodig heeft")
    static func notifyBody(urgent: Int, new: Int) -> LocalizedText {
        LocalizedText(en: "\(urgent) urgent and \(new) new findings. Run 'hygiene audit' to see the report.",
                      nl: "\(urgent) dringende en \(new) nieuwe bevindingen. Voer 'hygiene audit' uit voor het rapport.")
    }

    // `checks`
    static let skippedMark = LocalizedText(en: " (skipped)", nl: " (overgeslagen)")
    static let kind = LocalizedText(en: "kind", nl: "soort")
    static let severity = LocalizedText(en: "severity", nl: "ernst")
    static let weight = LocalizedText(en: "weight", nl: "gewicht")
    static func definedIn(_ place: String) -> LocalizedText { LocalizedText(en: "defined in \(place)", nl: "gedefinieerd in \(place)") }
    static func noSuchCheck(_ id: String, close: [String]) -> LocalizedText {
        LocalizedText(en: "no check with id '\(id)'" + (close.isEmpty ? "" : "; did you mean one of: \(close.joined(separator: ", "))?"),
                      nl: "er is geen controle met id '\(id)'" + (close.isEmpty ? "" : "; bedoel je een van deze: \(close.joined(separator: ", "))?"))
    }
    static func valid(checks: Int, files: Int) -> LocalizedText {
        LocalizedText(en: "\(checks) checks in \(files) files are valid.", nl: "\(checks) controles in \(files) bestanden zijn geldig.")
    }

    // `audit`
    static func unknownSkip(_ id: String, flag: Bool) -> LocalizedText {
        flag ? LocalizedText(en: "--skip \(id): there is no check with this id; 'hygiene checks list' shows them",
                             nl: "--skip \(id): er is geen controle met deze id; 'hygiene checks list' toont ze")
            : LocalizedText(en: "hygiene: the configuration skips '\(id)', but there is no check with this id; 'hygiene checks list' shows them",
                            nl: "hygiene: de configuratie slaat '\(id)' over, maar er is geen controle met deze id; 'hygiene checks list' toont ze")
    }
    static func noSuchRoot(_ root: String) -> LocalizedText {
        LocalizedText(en: "--root \(root): no such folder", nl: "--root \(root): die map bestaat niet")
    }
}
