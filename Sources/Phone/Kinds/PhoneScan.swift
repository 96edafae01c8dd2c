import AuditCore
import Foundation

/// What the phone family's checks judge: one capture of one phone, parsed.
public struct PhoneScan: Sendable {
    /// The input the checks need (`phone: android`, `--phone android`, or `--phone-capture DIR`).
    public static let inputName = "phone"

    public var snapshot: PhoneSnapshot
    /// The capture folder the snapshot was read from.
    public var folder: String
    /// When the capture was made.
    public var captured: Date
    /// Every package with what is switched on for each, worked out once for all the checks.
    let appList: Result<[PhoneApp], NotJudged>

    public init(capture: PhoneCapture) {
        snapshot = PhoneSnapshot(capture: capture)
        folder = capture.folder
        captured = capture.manifest.created
        let snapshot = snapshot
        do {
            appList = .success(try PhoneApps.all(snapshot))
        } catch let unread as NotJudged {
            appList = .failure(unread)
        } catch {
            appList = .failure(NotJudged(.verbatim(String(describing: error))))
        }
    }

    /// The apps that are not part of the system, or the reason the app list could not be read.
    func apps() throws -> [PhoneApp] { try appList.get().filter { !$0.isSystem } }
    /// Every package, system ones included (known stalkerware can be installed as a system app on a rooted phone).
    func allPackages() throws -> [PhoneApp] { try appList.get() }
}

extension InputKey where Value == PhoneScan {
    /// The phone read before the audit (or a saved capture of it).
    public static let phone = InputKey(PhoneScan.inputName, missing: LocalizedText(
        en: "no Android phone was read (--phone android, or --phone-capture DIR)", nl: "er is geen Android-telefoon gelezen (--phone android, of --phone-capture MAP)"))
}

extension CheckContext {
    /// The phone the audit read, or a skip when none was asked for.
    func phone() throws -> PhoneScan {
        if inputs[.iphone] != nil {
            throw SkipCheck(LocalizedText(en: "not applicable: this check reads an Android phone; the phone read is an iPhone",
                                          nl: "niet van toepassing: deze controle leest een Android-telefoon; de gelezen telefoon is een iPhone"))
        }
        return try inputs.require(.phone)
    }
}

extension Reading {
    /// The value, or the check ends as not judged with the reason the probe was not read: a probe
    /// that failed is never taken for a clean phone.
    func required(_ what: LocalizedText) throws -> Value {
        switch self {
        case .read(let value): return value
        case .notRead(let reason):
            throw NotJudged(LocalizedText(en: "could not read \(what.en) from the phone: \(reason.en)",
                                          nl: "kon \(what.nl) niet van de telefoon lezen: \(reason.nl)"))
        }
    }
}
