import Foundation
import Vault
@testable import VaultCrypto

/// The KeePass fixtures (made by Fixtures/kdbx/make-fixtures.py with keepassxc-cli and pykeepass).
enum KDBXFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/kdbx")
    /// The master password of every fixture.
    static let password = Array("Planted-Master-Pass".utf8)

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try data(name))
    }

    /// Each database and the key file it needs besides the password (nil: the password alone).
    static let databases: [(name: String, keyFile: String?, format: String)] = [
        ("kxc-kdbx31.kdbx", nil, "KeePass KDBX 3.1"),
        ("kdbx31-aes.kdbx", nil, "KeePass KDBX 3.1"),
        ("kdbx31-twofish-uncompressed.kdbx", nil, "KeePass KDBX 3.1"),
        ("kdbx31-keyfile-v1.kdbx", "keyfile-v1.key", "KeePass KDBX 3.1"),
        ("kdbx4-argon2d-aes.kdbx", nil, "KeePass KDBX 4.0"),
        ("kdbx4-argon2id-chacha20.kdbx", nil, "KeePass KDBX 4.0"),
        ("kdbx4-aeskdf-twofish.kdbx", nil, "KeePass KDBX 4.0"),
        ("kdbx41-argon2id-uncompressed.kdbx", nil, "KeePass KDBX 4.1"),
        ("kxc-kdbx4-attachment.kdbx", nil, "KeePass KDBX 4.0"),
        ("kdbx4-keyfile-v1.kdbx", "keyfile-v1.key", "KeePass KDBX 4.0"),
        ("kdbx4-keyfile-v2.kdbx", "keyfile-v2.keyx", "KeePass KDBX 4.0"),
        ("kdbx4-keyfile-raw32.kdbx", "keyfile-raw32.key", "KeePass KDBX 4.0"),
        ("kdbx4-keyfile-hex64.kdbx", "keyfile-hex64.key", "KeePass KDBX 4.0"),
        ("kdbx4-keyfile-other.kdbx", "keyfile-other.bin", "KeePass KDBX 4.0"),
    ]

    static func open(_ name: String, password: [UInt8]? = KDBXFixtures.password, keyFile: String? = nil) throws -> VaultFile {
        try VaultCrypto.open(try data(name), file: name, unlock: Unlock(password: password, keyFile: try keyFile.map(bytes)))
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// A login as the tests compare them: everything but the file and position.
    struct Login: Equatable, CustomStringConvertible {
        var title, username: String
        var urls: [String]
        var password: String
        var date: PasswordDate?
        var history: [String]
        var historyDates: [Date?]

        init(_ credential: Credential) {
            title = credential.title
            username = credential.username
            urls = credential.urls
            password = credential.password.withValue { $0 }
            date = credential.passwordDate
            history = credential.history.map { $0.password.withValue { $0 } }
            historyDates = credential.history.map(\.until)
        }

        var description: String { "\(title)/\(username)" } // never the password
    }

    static func logins(_ file: VaultFile) -> [Login] { file.logins.map(Login.init) }
}

/// Error matching for the damage tests: which case, whatever the reason.
extension VaultCryptoError {
    var kind: String {
        switch self {
        case .wrongKey: "wrongKey"
        case .damaged: "damaged"
        case .unsupported: "unsupported"
        case .kdfTooExpensive: "kdfTooExpensive"
        case .accountRestricted: "accountRestricted"
        case .noKey: "noKey"
        }
    }
}
