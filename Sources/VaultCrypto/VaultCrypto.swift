import AuditCore
import Foundation
import Vault

/// Encrypted vaults, read in memory: a KeePass database (KDBX 3.1 and 4) and Bitwarden's
/// password-protected JSON export. Nothing decrypted is written anywhere; the audit gets the same
/// `VaultFile` a plaintext export gives, with the dates and history the format holds.
public enum VaultCrypto {
    /// The largest memory a key derivation may ask for. A file asking more is refused: it is either
    /// damaged or made to exhaust the machine (KeePassXC's own default is 64 MiB).
    public static let kdfMemoryLimit = 2 << 30

    /// The encrypted format of these bytes, recognised by content; nil for anything else (a
    /// plaintext export goes to `VaultImporter`).
    public static func format(of data: Data) -> EncryptedFormat? {
        if data.count >= 8, data.prefix(8).elementsEqual([0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5]) { return .kdbx }
        let head = data.prefix(4_096)
        guard let first = head.first(where: { !(($0 == 0x20) || ($0 == 0x09) || ($0 == 0x0A) || ($0 == 0x0D) || ($0 == 0xEF) || ($0 == 0xBB) || ($0 == 0xBF)) }),
              first == UInt8(ascii: "{") else { return nil }
        let text = String(decoding: head, as: UTF8.self).filter { !$0.isWhitespace }
        guard text.contains("\"encrypted\":true") else { return nil }
        return text.contains("\"passwordProtected\":true") ? .bitwardenPasswordProtected : .bitwardenAccountRestricted
    }

    /// Opens an encrypted vault. `unlock` is zeroed by its owner when done; nothing here keeps it.
    public static func open(_ data: Data, file: String, unlock: Unlock) throws -> VaultFile {
        switch format(of: data) {
        case .kdbx: return try KDBXFile.open(data, file: file, unlock: unlock)
        case .bitwardenPasswordProtected: return try BitwardenEncryptedExport.open(data, file: file, unlock: unlock)
        case .bitwardenAccountRestricted: throw VaultCryptoError.accountRestricted(file: file)
        case nil: throw VaultCryptoError.damaged(file: file, reason: "not a KeePass database or a password-protected Bitwarden export")
        }
    }
}

public enum EncryptedFormat: Sendable, Equatable {
    /// A KeePass database, `.kdbx` (KeePass 2, KeePassXC, KeePassDX, Strongbox…).
    case kdbx
    /// Bitwarden's JSON export made with "Password protected": a password of the user's choosing opens it.
    case bitwardenPasswordProtected
    /// Bitwarden's "Account restricted" encrypted export: only the account's own key opens it.
    case bitwardenAccountRestricted

    public var name: String {
        switch self {
        case .kdbx: "KeePass database"
        case .bitwardenPasswordProtected: "password-protected Bitwarden export"
        case .bitwardenAccountRestricted: "account-restricted Bitwarden export"
        }
    }

    public var dutchName: String {
        switch self {
        case .kdbx: "KeePass-database"
        case .bitwardenPasswordProtected: "Bitwarden-export met wachtwoord"
        case .bitwardenAccountRestricted: "accountgebonden Bitwarden-export"
        }
    }
}

/// What opens an encrypted vault: the master password's UTF-8 bytes, a KeePass key file's bytes, or both.
public struct Unlock: Sendable {
    public var password: [UInt8]?
    public var keyFile: [UInt8]?

    public init(password: [UInt8]?, keyFile: [UInt8]? = nil) {
        self.password = password
        self.keyFile = keyFile
    }

    /// Overwrites the password and key file bytes with zeros.
    public mutating func wipe() {
        if password != nil { password!.withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        if keyFile != nil { keyFile!.withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        password = nil
        keyFile = nil
    }
}

/// Why an encrypted vault could not be opened; every message names the file, never a secret.
public enum VaultCryptoError: Error, LocalizedFailure, Equatable {
    /// The MAC, the header hash or the key check says the password or the key file is not the right one.
    case wrongKey(file: String)
    /// Truncated, altered or not the format it looks like; `reason` says where.
    case damaged(file: String, reason: String)
    /// A cipher, KDF or version this reader does not know.
    case unsupported(file: String, reason: String)
    /// The key derivation asks for more than `VaultCrypto.kdfMemoryLimit` or absurd work.
    case kdfTooExpensive(file: String, reason: String)
    /// Bitwarden's account-restricted export.
    case accountRestricted(file: String)
    /// A password or key file is needed and none was given.
    case noKey(file: String)

    public var message: LocalizedText {
        switch self {
        case .wrongKey(let file):
            LocalizedText(en: "\(file): wrong password or key file", nl: "\(file): verkeerd wachtwoord of sleutelbestand")
        case .damaged(let file, let reason):
            LocalizedText(en: "\(file): the file is damaged or truncated (\(reason))", nl: "\(file): het bestand is beschadigd of niet compleet (\(reason))")
        case .unsupported(let file, let reason):
            LocalizedText(en: "\(file): \(reason)", nl: "\(file): dit kan hygiene niet lezen (\(reason))")
        case .kdfTooExpensive(let file, let reason):
            LocalizedText(en: "\(file): refused, the key derivation \(reason)", nl: "\(file): geweigerd, de sleutelafleiding \(reason)")
        case .accountRestricted(let file):
            LocalizedText(
                en: "\(file) is an account-restricted Bitwarden export: only your Bitwarden account can open it, so no password typed here would work. Export again in Bitwarden with File format \"JSON (Encrypted)\" and Export type \"Password protected\", choose a file password, and give that file and its password here",
                nl: "\(file) is een accountgebonden Bitwarden-export: alleen je Bitwarden-account kan die openen, dus geen enkel wachtwoord dat je hier typt zou werken. Exporteer opnieuw in Bitwarden met Bestandsformaat \"JSON (versleuteld)\" en Exporttype \"Met wachtwoord beveiligd\", kies een wachtwoord voor het bestand, en geef hier dat bestand en dat wachtwoord")
        case .noKey(let file):
            LocalizedText(
                en: "\(file): this encrypted vault needs its password (asked on the terminal, or --password-stdin) or a key file (--key-file)",
                nl: "\(file): deze versleutelde kluis heeft zijn wachtwoord nodig (gevraagd in de terminal, of met --password-stdin) of een sleutelbestand (--key-file)")
        }
    }
}

extension EncryptedFormat {
    /// What is asked for on the terminal. A password-protected Bitwarden export is opened by the password
    /// chosen when it was exported, not the Bitwarden master password.
    public func prompt(file: String, keyFileGiven: Bool) -> LocalizedText {
        let orNone = keyFileGiven ? LocalizedText(en: ", Enter if there is none", nl: ", Enter als er geen is") : LocalizedText.verbatim("")
        switch self {
        case .bitwardenPasswordProtected:
            return LocalizedText(
                en: "Password of the export file \(file) (the one you chose when exporting from Bitwarden, not your master password; typing is not shown): ",
                nl: "Wachtwoord van het exportbestand \(file) (dat je koos bij het exporteren uit Bitwarden, niet je hoofdwachtwoord; wat je typt is niet te zien): ")
        default:
            return LocalizedText(en: "Master password of \(file) (\(name); typing is not shown)", nl: "Hoofdwachtwoord van \(file) (\(dutchName); wat je typt is niet te zien)")
                + orNone + .verbatim(": ")
        }
    }

    public static func wrongKeyTryAgain(_ file: String) -> LocalizedText {
        LocalizedText(en: "Wrong password or key file for \(file); try again.", nl: "Verkeerd wachtwoord of sleutelbestand voor \(file); probeer opnieuw.")
    }
}
