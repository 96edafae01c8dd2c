import AuditCore
import Crypto
import Foundation

/// One line of an `authorized_keys` file.
struct AuthorizedKey: Sendable, Equatable {
    var type: String
    var fingerprint: String
    var comment: String
    var options: String
    var line: Int

    static let types: Set<String> = [
        "ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
        "ssh-ed25519-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com",
    ]

    /// Parses a line; nil for blank lines and comments. Throws nothing: a line that is not a key is
    /// returned as `.invalid` by `parse`.
    static func parse(_ text: String) -> [Result<AuthorizedKey, LineError>] {
        var results: [Result<AuthorizedKey, LineError>] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            let tokens = tokenize(line)
            guard let typeIndex = tokens.firstIndex(where: types.contains), typeIndex + 1 < tokens.count,
                  let blob = Data(base64Encoded: tokens[typeIndex + 1]) else {
                results.append(.failure(LineError(line: index + 1)))
                continue
            }
            let digest = Data(SHA256.hash(data: blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
            results.append(.success(AuthorizedKey(
                type: tokens[typeIndex], fingerprint: "SHA256:" + digest,
                comment: tokens[(typeIndex + 2)...].joined(separator: " "),
                options: tokens[..<typeIndex].joined(separator: " "), line: index + 1)))
        }
        return results
    }

    struct LineError: Error, Equatable { var line: Int }

    /// Splits on spaces outside double quotes (options like `command="a b"`).
    static func tokenize(_ line: String) -> [String] {
        var tokens: [String] = [], current = "", quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if (character == " " || character == "\t") && !quoted {
                if !current.isEmpty { tokens.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}

/// Lists the SSH keys that can log in to this account, so the user confirms each one. Keys the user
/// listed as known (config `known-ssh-keys`, by fingerprint) are not asked about again.
struct AuthorizedKeysKind: CheckKind {
    static let description = KindDescription(
        identifier: "ssh-authorized-keys",
        family: "device",
        summary: "Lists the keys in authorized_keys files that are not in the known-ssh-key input, with type, comment and fingerprint.",
        parameters: [ParameterSpec("paths", "authorized_keys files; default ~/.ssh/authorized_keys and ~/.ssh/authorized_keys2")],
        examples: [
            KindExample("no authorized keys", parameters: "{}", expect: .passed),
            KindExample("two keys to review and a broken line", parameters: "{}", files: [
                "~/.ssh/authorized_keys": """
                    # my laptop
                    ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGVkMjU1MTkgdGVzdCBrZXkgbnVtYmVyIG9uZSEhIQ== me@laptop
                    from="10.0.0.0/8",no-pty ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7 backup@server
                    not a key at all
                    """,
            ], expect: .failed, findings: 3),
        ])

    let paths: [String]

    init(parameters: Parameters) throws {
        paths = try parameters.strings("paths", default: ["~/.ssh/authorized_keys", "~/.ssh/authorized_keys2"])
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let known = Set(context.inputs["known-ssh-key"])
        var drafts: [FindingDraft] = []
        var total = 0
        for path in paths {
            guard let text = try host.read(path) else { continue }
            let shown = host.display(path)
            for entry in AuthorizedKey.parse(text) {
                switch entry {
                case .success(let key):
                    total += 1
                    if known.contains(key.fingerprint) { continue }
                    var fields: [Subject.Field] = [.init("type", key.type), .init("fingerprint", key.fingerprint),
                                                   .init("file", "\(shown):\(key.line)")]
                    if !key.options.isEmpty { fields.append(.init("options", key.options)) }
                    drafts.append(FindingDraft(
                        key: key.fingerprint,
                        detail: LocalizedText(
                            en: "Key \(key.fingerprint) (\(key.comment.isEmpty ? "no comment" : key.comment)) can log in to this account. Do you recognise it?",
                            nl: "Sleutel \(key.fingerprint) (\(key.comment.isEmpty ? "geen commentaar" : key.comment)) kan op dit account inloggen. Herken je hem?"),
                        subjects: [Subject(key.comment.isEmpty ? key.fingerprint : key.comment, fields)]))
                case .failure(let error):
                    drafts.append(FindingDraft(
                        key: "\(path):\(error.line)",
                        detail: LocalizedText(en: "Line \(error.line) of \(shown) is not a key that can be read; look at it.",
                                              nl: "Regel \(error.line) van \(shown) is geen leesbare sleutel; kijk er even naar."),
                        subjects: [Subject("\(shown):\(error.line)")]))
                }
            }
        }
        if drafts.isEmpty {
            return .passed(evidence: total == 0
                ? LocalizedText(en: "no key can log in to this account with SSH", nl: "geen enkele sleutel kan met SSH op dit account inloggen")
                : LocalizedText(en: "all \(total) keys are ones you marked as known", nl: "alle \(total) sleutels heb je als bekend aangemerkt"))
        }
        return .failed(drafts)
    }
}
