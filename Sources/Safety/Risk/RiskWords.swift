import AuditCore
import Foundation

/// What `hygiene safety` says around the risk questions, in both languages.
public enum RiskWords {
    public static func needsTerminal(_ ids: [String]) -> LocalizedText {
        LocalizedText(
            en: "the questions are asked on a terminal; here, give --answers FILE with 'question-id: yes|no|unknown' per line for: \(ids.joined(separator: ", "))",
            nl: "de vragen worden in een terminal gesteld; geef hier --answers BESTAND, met per regel een vraag en ja, nee of weet ik niet ('escalating: ja'), voor: \(ids.joined(separator: ", "))")
    }
    public static let helperTakesNoAnswers = LocalizedText(en: "--helper shows the guide for helpers; it takes no --answers",
                                                           nl: "--helper toont de gids voor helpers; daar horen geen --answers bij")
    public static let helperStoresNothing = LocalizedText(en: "--helper stores nothing; leave out --save", nl: "--helper bewaart niets; laat --save weg")
    public static func saved(_ path: String) -> LocalizedText {
        LocalizedText(en: "Your answers were saved in \(path) (only you can read the file).",
                      nl: "Je antwoorden zijn bewaard in \(path) (alleen jij kunt het bestand lezen).")
    }
    public static let nothingStored = LocalizedText(en: "Nothing was stored. With --save your answers are kept with today's date.",
                                                    nl: "Er is niets bewaard. Met --save worden je antwoorden met de datum van vandaag bewaard.")
    public static func savedAnswersKept(_ count: Int, in folder: String) -> LocalizedText {
        LocalizedText(
            en: "Your saved answers to the risk questions (\(count)) were not deleted: they are in \(folder). Delete them yourself with: rm -r '\(folder)'",
            nl: "Je bewaarde antwoorden op de risicovragen (\(count)) zijn niet gewist: ze staan in \(folder). Wis ze zelf met: rm -r '\(folder)'")
    }
}
