import AuditCore
import Foundation
import Reset

/// Every text of `hygiene reset`'s walk and replies, in both languages: one table, so a text without
/// its Dutch is found by a test. `{name}` marks a value filled in.
enum ResetText: CaseIterable {
    case questionIntro, pick, pickMany, quickExit, keys
    case position, positionDone, careful, evidence, whyHere
    case finished, saved, tierComplete, tierNext, tierKeys, tierStopped
    case statusDone, statusSkipped, statusTodo, next, allDone, allSteps
    case unknownQuestion, notAChoice, oneAnswer, noStep

    var text: LocalizedText {
        switch self {
        case .questionIntro: LocalizedText(en: "A few questions so the plan fits you. Press Enter to skip any of them.",
                                           nl: "Een paar vragen, zodat het plan bij je past. Elke vraag kun je overslaan met Enter.")
        case .pick: LocalizedText(en: "Choose a number, then Enter; Enter alone skips the question",
                                  nl: "Kies een nummer en druk op Enter; alleen Enter slaat de vraag over")
        case .pickMany: LocalizedText(en: "Choose numbers (again to undo), then Enter", nl: "Kies nummers (nog eens om terug te nemen), dan Enter")
        case .quickExit: LocalizedText(en: "[x] quick exit", nl: "[x] snel weg")
        case .keys: LocalizedText(en: "[d] done  [s] skip  [l] later  [b] back  [q] quit  [x] quick exit",
                                  nl: "[k] klaar  [o] overslaan  [l] later  [t] terug  [s] stoppen  [x] snel weg")
        case .position: LocalizedText(en: "{tier}: step {number} of {total}, about {minutes} minutes to go",
                                      nl: "{tier}: stap {number} van {total}, nog ongeveer {minutes} minuten")
        case .positionDone: LocalizedText(en: "{done} done, {skipped} skipped", nl: "{done} klaar, {skipped} overgeslagen")
        case .careful: LocalizedText(en: "⚠ Careful: your ex may notice this.", nl: "⚠ Let op: je ex kan dit merken.")
        case .evidence: LocalizedText(en: "Evidence first: take a screenshot before you change anything.",
                                      nl: "Eerst bewijs: maak een schermafbeelding voordat je iets verandert.")
        case .whyHere: LocalizedText(en: "Why here: ", nl: "Waarom hier: ")
        case .finished: LocalizedText(en: "Every step is done or skipped. Well done.", nl: "Alle stappen zijn gedaan of overgeslagen. Goed gedaan.")
        case .saved: LocalizedText(en: "Your progress is saved. Continue with: {command}", nl: "Je voortgang is bewaard. Ga verder met: {command}")
        case .tierComplete: LocalizedText(en: "{tier} is complete. {achieved}", nl: "{tier} is af. {achieved}")
        case .tierNext: LocalizedText(en: "Next: {tier}, {count} steps, about {minutes} minutes. {about}",
                                      nl: "Hierna: {tier}, {count} stappen, ongeveer {minutes} minuten. {about}")
        case .tierKeys: LocalizedText(en: "[Enter] go on  [q] stop here  [x] quick exit", nl: "[Enter] ga door  [s] stop hier  [x] snel weg")
        case .tierStopped: LocalizedText(en: "A good place to stop: {tier} is complete.", nl: "Een goed moment om te stoppen: {tier} is af.")
        case .statusDone: LocalizedText(en: "done", nl: "klaar")
        case .statusSkipped: LocalizedText(en: "skipped", nl: "overgeslagen")
        case .statusTodo: LocalizedText(en: "to do again", nl: "weer te doen")
        case .next: LocalizedText(en: "Next: ", nl: "Volgende: ")
        case .allDone: LocalizedText(en: "Every step is done or skipped.", nl: "Alle stappen zijn gedaan of overgeslagen.")
        case .allSteps: LocalizedText(en: "All steps", nl: "Alle stappen")
        case .unknownQuestion: LocalizedText(en: "unknown question '{name}'; the questions are {list}",
                                             nl: "onbekende vraag '{name}'; de vragen zijn {list}")
        case .notAChoice: LocalizedText(en: "{question}: '{name}' is not one of {list}", nl: "{question}: '{name}' is geen van {list}")
        case .oneAnswer: LocalizedText(en: "{question} takes one answer", nl: "{question} heeft één antwoord")
        case .noStep: LocalizedText(en: "'{name}' is no step of this plan: give a step's id or number as '{command}' shows them, with the same --vault and --since",
                                    nl: "'{name}' is geen stap van dit plan: geef het id of nummer van een stap zoals '{command}' ze toont, met dezelfde --vault en --since")
        }
    }

    func callAsFunction(_ l: Language, _ values: [String: String] = [:]) -> String {
        values.reduce(text(l)) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}

/// What a key does in the walk, per language: the letters are the first letters of the words shown.
enum WalkAction {
    case done, skip, later, back, quit, quickExit

    static let keys: [Language: [UInt8: WalkAction]] = [
        .en: [d: .done, s: .skip, l: .later, space: .later, b: .back, q: .quit, x: .quickExit, escape: .quickExit],
        .nl: [k: .done, o: .skip, l: .later, space: .later, t: .back, s: .quit, x: .quickExit, escape: .quickExit],
    ]
    /// The key that stops at the end of a tier.
    static let stop: [Language: UInt8] = [.en: q, .nl: s]

    static let b = UInt8(ascii: "b"), d = UInt8(ascii: "d"), k = UInt8(ascii: "k"), l = UInt8(ascii: "l"), o = UInt8(ascii: "o")
    static let q = UInt8(ascii: "q"), s = UInt8(ascii: "s"), t = UInt8(ascii: "t"), x = UInt8(ascii: "x"), space = UInt8(ascii: " ")
    static let escape = UInt8(27)
}

/// The answers of the plan's questions as a person reads them, and the Dutch words accepted in an
/// answers file (`knew-passwords: ja`).
enum AnswerText {
    static let labels: [String: (text: LocalizedText, dutch: String)] = [
        "yes": (LocalizedText(en: "yes", nl: "ja"), "ja"),
        "no": (LocalizedText(en: "no", nl: "nee"), "nee"),
        "unsure": (LocalizedText(en: "not sure", nl: "weet ik niet"), "weet-niet"),
        "yes-mine": (LocalizedText(en: "yes, and I hold it", nl: "ja, en ik heb het"), "ja-ik"),
        "yes-theirs": (LocalizedText(en: "yes, and my ex holds it", nl: "ja, en mijn ex heeft het"), "ja-ex"),
        "mailbox": (LocalizedText(en: "a mailbox", nl: "een mailbox"), "mailbox"),
        "cloud": (LocalizedText(en: "cloud storage", nl: "cloudopslag"), "cloud"),
        "photos": (LocalizedText(en: "photo albums", nl: "fotoalbums"), "fotos"),
        "family-group": (LocalizedText(en: "a family group", nl: "een gezinsgroep"), "gezinsgroep"),
        "streaming": (LocalizedText(en: "streaming services", nl: "streamingdiensten"), "streaming"),
        "car": (LocalizedText(en: "a car", nl: "een auto"), "auto"),
        "home": (LocalizedText(en: "a home (door codes, smart home)", nl: "een woning (deurcodes, slim huis)"), "woning"),
        "none": (LocalizedText(en: "nothing", nl: "niets"), "niets"),
    ]

    /// How a choice is shown; a choice the table lacks shows its id (and a test fails).
    static func label(_ choice: String, _ l: Language) -> String { labels[choice]?.text(l) ?? choice }

    /// The word an answers file takes for a choice, in the user's language.
    static func word(_ choice: String, _ l: Language) -> String {
        LocalizedText(en: choice, nl: labels[choice]?.dutch ?? choice)(l)
    }

    /// The catalogue's choice for a word from an answers file: the id, or its Dutch word (`ja`, `weet niet`).
    static func choice(_ word: String, among choices: [String]) -> String? {
        let word = word.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "-")
        if choices.contains(word) { return word }
        return choices.first { labels[$0]?.dutch == word || labels[$0].map { $0.text.nl.replacingOccurrences(of: " ", with: "-") } == word }
    }
}
