import AuditCore
import Foundation

/// The Pwned Passwords range API, k-anonymously: only the first five hex digits of each password's
/// SHA-1 leave the machine, responses are padded, a few requests run at once, and 429/503 answers
/// are retried after the time the server asks for.
public struct PwnedRangeClient: BreachSource {
    public static let defaultBase = "https://api.pwnedpasswords.com/range/"

    let fetcher: any HTTPFetching
    let base: String
    let concurrency: Int
    let maxAttempts: Int

    public init(fetcher: any HTTPFetching, base: String = defaultBase, concurrency: Int = 4, maxAttempts: Int = 4) {
        self.fetcher = fetcher
        self.base = base.hasSuffix("/") ? base : base + "/"
        self.concurrency = max(1, concurrency)
        self.maxAttempts = max(1, maxAttempts)
    }

    public var name: String { "the Pwned Passwords range API (\(Site.host(base) ?? base))" }

    public enum LookupError: Error, LocalizedFailure {
        case status(url: String, status: Int)
        case malformed(url: String)

        public var message: LocalizedText {
            switch self {
            case .status(let url, let status):
                LocalizedText(en: "\(url): the breach service answered \(status); no all-clear can be given",
                              nl: "\(url): de lekkendienst antwoordde \(status); er kan dus niet gezegd worden dat alles in orde is")
            case .malformed(let url):
                LocalizedText(en: "\(url): the breach service's answer is not a list of HASH:COUNT lines",
                              nl: "\(url): het antwoord van de lekkendienst is geen lijst van HASH:AANTAL-regels")
            }
        }
    }

    public func counts(for passwords: [Secret]) async throws -> [Secret: Int] {
        var byPrefix: [String: [(Secret, String)]] = [:]
        for password in passwords {
            let hex = String(decoding: PwnedPasswordsFile.hex(password), as: UTF8.self)
            byPrefix[String(hex.prefix(5)), default: []].append((password, String(hex.dropFirst(5))))
        }
        let prefixes = byPrefix.keys.sorted()
        var suffixCounts: [String: [String: Int]] = [:]
        try await withThrowingTaskGroup(of: (String, [String: Int]).self) { group in
            var next = 0
            func startNext() {
                guard next < prefixes.count else { return }
                let prefix = prefixes[next]
                next += 1
                group.addTask { (prefix, try await range(prefix)) }
            }
            for _ in 0..<min(concurrency, prefixes.count) { startNext() }
            while let (prefix, counts) = try await group.next() {
                suffixCounts[prefix] = counts
                startNext()
            }
        }
        var result: [Secret: Int] = [:]
        for (prefix, entries) in byPrefix {
            for (password, suffix) in entries { result[password] = suffixCounts[prefix]?[suffix] ?? 0 }
        }
        return result
    }

    /// The suffixes and counts for one prefix; padding lines (count 0) are dropped.
    func range(_ prefix: String) async throws -> [String: Int] {
        let url = base + prefix
        var attempt = 0
        while true {
            attempt += 1
            let response = try await fetcher.fetch(HTTPRequest(url: url, headers: ["Add-Padding": "true"],
                                                               connectTimeout: .seconds(10), timeout: .seconds(30), maxBytes: 4 << 20))
            if (response.status == 429 || response.status == 503) && attempt < maxAttempts {
                let wait = response.headers["retry-after"].flatMap(Double.init) ?? pow(2, Double(attempt - 1))
                try await Task.sleep(for: .milliseconds(Int(min(wait, 30) * 1000)))
                continue
            }
            guard response.status == 200 else { throw LookupError.status(url: url, status: response.status) }
            var counts: [String: Int] = [:]
            for line in String(decoding: response.body, as: UTF8.self).split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: ":")
                guard parts.count == 2, parts[0].count == 35, let count = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
                    throw LookupError.malformed(url: url)
                }
                if count > 0 { counts[parts[0].uppercased()] = count }
            }
            return counts
        }
    }
}
