import AuditCore

/// What a probe told: a value, or why it could not be read. A probe that was not read is never clean.
public enum Reading<Value: Sendable>: Sendable {
    case read(Value)
    case notRead(LocalizedText)

    public var value: Value? {
        if case .read(let value) = self { return value }
        return nil
    }

    public func map<Other>(_ transform: (Value) throws -> Other) rethrows -> Reading<Other> {
        switch self {
        case .read(let value): .read(try transform(value))
        case .notRead(let reason): .notRead(reason)
        }
    }
}

extension Reading: Equatable where Value: Equatable {}

extension PhoneCapture {
    /// The probe's standard output when it was read: run, finished with status 0, not an error message, and
    /// (unless `mayBeEmpty`) not empty.
    public func text(_ id: String, mayBeEmpty: Bool = false) -> Reading<String> {
        ProbeText.check(output(id), id: id, mayBeEmpty: mayBeEmpty)
    }
}

/// Deciding whether a probe's output can be read at all.
public enum ProbeText {
    /// What Android prints, with exit status 0, instead of an answer.
    static let errorMarkers = [
        "Permission Denial", "java.lang.SecurityException", "Can't find service:", "Exception occurred while executing",
        "/system/bin/sh:", "inaccessible or not found", "Unknown command", "Error: java.",
    ]

    public static func check(_ output: ProbeOutput?, id: String, mayBeEmpty: Bool) -> Reading<String> {
        guard let output else {
            return .notRead(LocalizedText(en: "probe \(id) is not in the capture", nl: "meting \(id) staat niet in de opname"))
        }
        let command = output.record.commandLine.joined(separator: " ")
        switch output.record.outcome {
        case .timedOut:
            return .notRead(LocalizedText(en: "'\(command)' did not answer in time", nl: "'\(command)' antwoordde niet op tijd"))
        case .failedToRun:
            return .notRead(LocalizedText(en: "'\(command)' could not run: \(firstLine(output.stderr))",
                                          nl: "'\(command)' kon niet starten: \(firstLine(output.stderr))"))
        case .completed:
            break
        }
        if let status = output.record.status, status != 0 {
            // A failed dump of accounts may start with an account's name: never quoted in a report.
            let why = id == "accounts" ? "" : firstLine(output.stderr.isEmpty ? output.stdout : output.stderr)
            return .notRead(LocalizedText(en: "'\(command)' failed with exit status \(status)\(why.isEmpty ? "" : ": " + why)",
                                          nl: "'\(command)' mislukte met afsluitstatus \(status)\(why.isEmpty ? "" : ": " + why)"))
        }
        let head = String(output.stdout.prefix(400))
        if let marker = errorMarkers.first(where: { head.contains($0) }) {
            let line = output.stdout.split(whereSeparator: \.isNewline).first { $0.contains(marker) }.map(String.init) ?? marker
            return .notRead(LocalizedText(en: "'\(command)' answered with an error: \(line.trimmingCharacters(in: .whitespaces))",
                                          nl: "'\(command)' antwoordde met een fout: \(line.trimmingCharacters(in: .whitespaces))"))
        }
        // Nothing on standard output but a complaint on standard error (older `pm` builds exit 0 so): the
        // command did not answer, even where an empty answer would be a real one.
        if output.stdout.allSatisfy(\.isWhitespace), !output.stderr.allSatisfy(\.isWhitespace) {
            let why = firstLine(output.stderr)
            return .notRead(LocalizedText(en: "'\(command)' printed only an error: \(why)", nl: "'\(command)' gaf alleen een fout: \(why)"))
        }
        if !mayBeEmpty, output.stdout.allSatisfy(\.isWhitespace) {
            return .notRead(LocalizedText(en: "'\(command)' printed nothing", nl: "'\(command)' gaf geen uitvoer"))
        }
        return .read(output.stdout)
    }

    static func firstLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
    }
}
