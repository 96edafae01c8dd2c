import AuditCore
import Fetch
import Foundation

/// The exposure family's own words, English and Dutch side by side: the readability verdicts, the
/// page statuses, the values of finding fields, `--render`.
public enum ExposureTexts {
    // MARK: Readability

    /// What an unreadable page was, for the page's status and the finding.
    public static func reason(_ reason: Unreadable) -> LocalizedText {
        switch reason {
        case .signIn: LocalizedText(en: "a sign-in page", nl: "een inlogpagina")
        case .appShell: LocalizedText(en: "an app shell that scripts fill in a browser", nl: "een lege app-pagina die scripts in een browser vullen")
        case .consentWall: LocalizedText(en: "a cookie or consent wall", nl: "een cookie- of toestemmingsmuur")
        case .botCheck: LocalizedText(en: "a bot check (\"verify you are human\")", nl: "een botcontrole (\"bevestig dat je een mens bent\")")
        case .empty: LocalizedText(en: "an empty page", nl: "een lege pagina")
        }
    }

    /// What to do about it.
    public static func advice(_ reason: Unreadable, rendered: Bool) -> LocalizedText {
        switch reason {
        case .appShell where rendered, .empty where rendered:
            LocalizedText(en: "even the browser showed nothing to read; open it yourself in a private window",
                          nl: "ook de browser toonde niets om te lezen; open hem zelf in een privévenster")
        case .appShell, .empty:
            LocalizedText(en: "run the audit again with --render, which reads the page in a browser",
                          nl: "controleer opnieuw met --render, dat de pagina in een browser leest")
        case .signIn:
            LocalizedText(en: "look at it as the public does (signed out, in a private window) and check the site's own data export",
                          nl: "bekijk hem zoals het publiek hem ziet (uitgelogd, in een privévenster) en bekijk de gegevensexport van de site zelf")
        case .consentWall:
            LocalizedText(en: "--render cannot accept or refuse cookies for you either; open the page yourself in a private window",
                          nl: "ook --render kan geen cookies voor je accepteren of weigeren; open de pagina zelf in een privévenster")
        case .botCheck:
            LocalizedText(en: "the site keeps automated readers out; open the page yourself in a private window",
                          nl: "de site houdt automatische lezers buiten; open de pagina zelf in een privévenster")
        }
    }

    /// `not readable: a sign-in page — what to do`, appended to a page's status.
    public static func unreadableStatus(_ verdict: ReadabilityVerdict, rendered: Bool) -> LocalizedText {
        guard let reason = verdict.reason else { return LocalizedText(en: "", nl: "") }
        let what = self.reason(reason), todo = advice(reason, rendered: rendered)
        var text = LocalizedText(en: "not readable: \(what.en); not checked — \(todo.en)",
                                 nl: "niet leesbaar: \(what.nl); niet gecontroleerd — \(todo.nl)")
        if let platform = verdict.platform {
            text.en += ". \(platform.name): \(platform.viewAs.en)"
            text.nl += ". \(platform.name): \(platform.viewAs.nl)"
        }
        return text
    }

    public static func allReadable(_ pages: Int) -> LocalizedText {
        let count = LocalizedText.count(pages, en: ("page", "pages"), nl: ("pagina", "pagina's"))
        return LocalizedText(en: "all \(count.en) read as a visitor sees them", nl: "alle \(count.nl) gelezen zoals een bezoeker ze ziet")
    }

    public static func unreadableDetail(_ pages: Int, of total: Int) -> LocalizedText {
        LocalizedText(
            en: "\(pages) of the \(total) pages fetched could not be read: the server sent something other than the content a visitor is after. Nothing on \(pages == 1 ? "it" : "them") was checked.",
            nl: "\(pages) van de \(total) opgehaalde pagina's \(pages == 1 ? "kon" : "konden") niet worden gelezen: de server stuurde iets anders dan de inhoud die een bezoeker zoekt. Er is daar niets gecontroleerd.")
    }

    /// The subject fields of an unreadable page: why (`status`) and what to do (`advice`).
    public static let reasonKey = "status"
    public static let adviceKey = "advice"

    /// What the logged-out page of a profile still showed (its `og:`/`twitter:` tags, JSON-LD), and what it did not.
    public static func profileSeen(shown: [String], hidden: LocalizedText) -> LocalizedText {
        let list = shown.isEmpty ? LocalizedText(en: "nothing", nl: "niets") : LocalizedText(en: shown.joined(separator: ", "), nl: shown.joined(separator: ", "))
        return LocalizedText(en: "; signed out it shows: \(list.en); not seen: \(hidden.en)",
                             nl: "; uitgelogd te zien: \(list.nl); niet te zien: \(hidden.nl)")
    }

    /// The status of a profile page that was read: signed out, part of it stays hidden.
    public static func profileNote(_ platform: SocialPlatform) -> LocalizedText {
        LocalizedText(en: "; a \(platform.name) profile, read signed out: \(platform.hidden.en) could not be seen. \(platform.viewAs.en)",
                      nl: "; een \(platform.name)-profiel, uitgelogd gelezen: \(platform.hidden.nl) waren niet te zien. \(platform.viewAs.nl)")
    }

    /// Checks that ran on some pages only.
    public static func notChecked(_ pages: Int) -> LocalizedText {
        let count = LocalizedText.count(pages, en: ("page", "pages"), nl: ("pagina", "pagina's"))
        return LocalizedText(en: "; \(count.en) could not be read and \(pages == 1 ? "was" : "were") not checked",
                             nl: "; \(count.nl) \(pages == 1 ? "kon" : "konden") niet worden gelezen en \(pages == 1 ? "is" : "zijn") niet gecontroleerd")
    }

    public static let noneReadable = LocalizedText(
        en: "none of the pages could be read as a visitor sees them; see the pages read below",
        nl: "geen enkele pagina kon worden gelezen zoals een bezoeker hem ziet; zie de gelezen pagina's hieronder")

    // MARK: Finding fields

    /// How reports name a kind of value (`soort: telefoonnummer`); JSON keeps the kind's id.
    public static func kind(_ kind: String) -> LocalizedText {
        let nl: String
        switch kind {
        case "identity": nl = "identiteit"
        case "phone": nl = "telefoonnummer"
        case "email": nl = "e-mailadres"
        case "date-of-birth": nl = "geboortedatum"
        case "iban": nl = "IBAN"
        case "postcode": nl = "postcode"
        case "gps": nl = "GPS-positie"
        case "bsn": nl = "BSN"
        case "credit-card": nl = "creditcardnummer"
        case "be-national-number": nl = "Belgisch rijksregisternummer"
        case "street": nl = "straat"
        default: nl = kind
        }
        return LocalizedText(en: kind, nl: nl)
    }

    /// The person's own value: `own: true` in JSON, `eigen: ja` in Dutch reports.
    public static let own = LocalizedText(en: "true", nl: "ja")

    // MARK: Page statuses

    public static func fetched(status: Int, size: String) -> LocalizedText {
        LocalizedText(en: "fetched: HTTP \(status), \(size)", nl: "opgehaald: HTTP \(status), \(size)")
    }

    public static func endedAt(_ url: String) -> LocalizedText {
        LocalizedText(en: ", ended at \(url)", nl: ", uitgekomen bij \(url)")
    }

    public static func charset(_ problem: CharsetProblem) -> LocalizedText {
        switch problem {
        case .notUTF8(let declared):
            LocalizedText(en: "; character set: declared \(declared) but the bytes are not UTF-8; read as windows-1252",
                          nl: "; tekenset: opgegeven als \(declared), maar de bytes zijn geen UTF-8; gelezen als windows-1252")
        case .readAsUTF8(let declared):
            LocalizedText(en: "; character set: declared \(declared); read as UTF-8",
                          nl: "; tekenset: opgegeven als \(declared); gelezen als UTF-8")
        case .unsupported(let declared):
            LocalizedText(en: "; character set: declared \(declared), which is not supported; read as windows-1252",
                          nl: "; tekenset: opgegeven als \(declared), wat niet ondersteund wordt; gelezen als windows-1252")
        }
    }

    // MARK: --render

    public static func rendered(bytes: Int, cut: Bool, seconds: Double) -> LocalizedText {
        let size = ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .file)
        let time = String(format: "%.1f", seconds)
        return LocalizedText(
            en: "; rendered in Chromium: \(size) of page in \(time) s\(cut ? " (cut at that size; the rest was not read)" : "")",
            nl: "; weergegeven in Chromium: \(size) pagina in \(time) s\(cut ? " (afgekapt op die grootte; de rest is niet gelezen)" : "")")
    }

    public static func renderFailed(_ reason: LocalizedText) -> LocalizedText {
        LocalizedText(en: "; not rendered: \(reason.en); the page as fetched was read instead",
                      nl: "; niet weergegeven: \(reason.nl); de pagina zoals opgehaald is gelezen")
    }

    public static func renderTimedOut(_ seconds: Int) -> LocalizedText {
        LocalizedText(en: "the browser did not finish within \(seconds) s and was stopped",
                      nl: "de browser was niet binnen \(seconds) s klaar en is gestopt")
    }

    public static func renderExited(_ status: Int32) -> LocalizedText {
        LocalizedText(en: "the browser ended with status \(status)", nl: "de browser stopte met status \(status)")
    }

    public static func renderCouldNotStart(_ reason: String) -> LocalizedText {
        LocalizedText(en: "the browser could not start (\(reason))", nl: "de browser kon niet starten (\(reason))")
    }

    public static let renderNothing = LocalizedText(en: "the browser gave no page", nl: "de browser gaf geen pagina")

    public static let renderNote = LocalizedText(
        en: "--render: the pages were opened in headless Chromium with a fresh, empty profile that was deleted afterwards. Like any browser it also fetched the pages' scripts, images, fonts and trackers, so those sites saw a visit from this machine.",
        nl: "--render: de pagina's zijn geopend in Chromium zonder venster, met een nieuw, leeg profiel dat daarna is gewist. Zoals elke browser haalde hij ook de scripts, afbeeldingen, lettertypen en trackers van de pagina's op; die sites zagen dus een bezoek van deze machine.")

    public static let noChromium = "--render needs Chromium, and none was found (looked for chromium, chromium-browser and google-chrome, and HYGIENE_CHROMIUM). Install it with 'sudo apt install chromium', or point HYGIENE_CHROMIUM at the browser."
}
