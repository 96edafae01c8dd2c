import Foundation

/// The reasons the system gives for a file that cannot be read or written (`strerror`, or the short
/// forms hygiene writes itself), in every language. A reason it does not know stays as it is.
public enum SystemReason {
    static let dutch: [String: String] = [
        "no such file or directory": "dat bestand of die map bestaat niet",
        "no such file": "dat bestand bestaat niet",
        "no such folder": "die map bestaat niet",
        "permission denied": "je hebt geen toegang",
        "operation not permitted": "dat mag niet",
        "is a directory": "het is een map",
        "not a directory": "het is geen map",
        "file exists": "het bestaat al",
        "no space left on device": "de schijf is vol",
        "read-only file system": "de schijf is alleen-lezen",
        "too many levels of symbolic links": "te veel snelkoppelingen achter elkaar",
        "file name too long": "de naam is te lang",
        "input/output error": "lees- of schrijffout van de schijf",
        "cannot list the folder": "de inhoud van de map is niet te lezen",
        "the folder is not empty": "de map is niet leeg",
        "it is a folder": "het is een map",
        "it is a file": "het is een bestand",
        "the file could not be created": "het bestand kon niet worden gemaakt",
        "not a regular file": "geen gewoon bestand",
        "not utf-8 text": "geen UTF-8-tekst",
        "cannot map it into memory": "het past niet in het geheugen",
        "this is a folder; give the export file": "dit is een map; geef het exportbestand zelf",
    ]

    public static func text(_ reason: String) -> LocalizedText {
        if let nl = dutch[reason.lowercased()] { return LocalizedText(en: reason, nl: nl) }
        // "no such folder /x/y": the known start, then the path.
        for (english, nl) in dutch where reason.lowercased().hasPrefix(english + " ") {
            return LocalizedText(en: reason, nl: nl + reason.dropFirst(english.count))
        }
        return .verbatim(reason)
    }
}
