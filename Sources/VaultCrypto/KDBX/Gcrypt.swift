import CGcrypt

/// libgcrypt wants its version checked once before first use.
enum Gcrypt {
    private static let version: Bool = gcry_check_version(nil) != nil

    static func ready() throws {
        guard version else { throw KDBXError.unsupported("libgcrypt could not be initialised") }
    }
}
