import AuditCore
import Foundation
import Vault

// Benchmarks for the vault family, built on demand: `swift build -c release --product vault-bench`.
//   vault-bench strength PASSWORDS    per-password estimate time (median, p95) with the Debian word lists
//   vault-bench breach LIST PASSWORDS time to look up every password in a Pwned Passwords list (cold, warm)
//   vault-bench floor LIST PASSWORDS  seconds of the breach check's floor: SHA-1 and binary search of every password
//                                     in the mapped list (median of 5 rounds; the list opened and checked before)
//   vault-bench import EXPORT         time to read an export
//   vault-bench two-factor SITES      time to read the two-factor directory
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func lines(_ path: String) -> [String] {
    (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init).filter { !$0.isEmpty } ?? []
}

let arguments = CommandLine.arguments.dropFirst()
let clock = ContinuousClock()
switch arguments.first {
case "strength":
    let passwords = lines(arguments[arguments.startIndex + 1])
    var dictionaries = Dictionaries()
    let loadStart = clock.now
    dictionaries.add(.passwords, ranked: lines("/usr/share/john/password.lst").filter { !$0.hasPrefix("#!") }, source: "john")
    dictionaries.add(.english, unrankedText: (try? String(contentsOfFile: "/usr/share/dict/american-english", encoding: .utf8)) ?? "", source: "wamerican")
    dictionaries.add(.dutch, unrankedText: (try? String(contentsOfFile: "/usr/share/dict/dutch", encoding: .utf8)) ?? "", source: "wdutch")
    let load = clock.now - loadStart
    let estimator = StrengthEstimator(dictionaries: dictionaries, referenceYear: 2026)
    var times: [Double] = []
    var weak = 0
    for password in passwords {
        let start = clock.now
        let estimate = estimator.estimate(password)
        times.append(seconds(clock.now - start))
        if estimate.score <= 2 { weak += 1 }
    }
    times.sort()
    print(String(format: "hygiene strength: %d passwords, word lists loaded in %.0f ms, median %.4f ms, p95 %.4f ms, %d weak",
                 passwords.count, seconds(load) * 1000, times[times.count / 2] * 1000, times[times.count * 95 / 100] * 1000, weak))
case "breach":
    let list = arguments[arguments.startIndex + 1]
    let passwords = lines(arguments[arguments.startIndex + 2]).map(Secret.init)
    for round in ["cold", "warm"] {
        let start = clock.now
        let file = try PwnedPasswordsFile(path: list)
        let counts = try await file.counts(for: passwords)
        print(String(format: "hygiene breach (%@): %d passwords in %.3f s, %d found", round, passwords.count,
                     seconds(clock.now - start), counts.values.filter { $0 > 0 }.count))
    }
case "floor":
    let file = try PwnedPasswordsFile(path: arguments[arguments.startIndex + 1])
    let passwords = lines(arguments[arguments.startIndex + 2]).map(Secret.init)
    var rounds: [Double] = []
    var found = 0
    for _ in 0..<5 {
        let start = clock.now
        found = passwords.reduce(0) { $0 + (file.count(for: $1) > 0 ? 1 : 0) }
        rounds.append(seconds(clock.now - start))
    }
    rounds.sort()
    FileHandle.standardError.write(Data("floor: \(passwords.count) look-ups, \(found) found\n".utf8))
    print(String(format: "%.4f", rounds[2]))
case "two-factor":
    // Reading the shipped two-factor directory, as every load of the checks does.
    let text = try String(contentsOfFile: arguments[arguments.startIndex + 1], encoding: .utf8)
    var times: [Double] = []
    var sites = 0
    for _ in 0..<20 {
        let start = clock.now
        sites = try TwoFactorDirectory(CheckDataFile(path: "sites.json", text: text), aliases: ["google.com": "mail.google.com"]).sites.count
        times.append(seconds(clock.now - start))
    }
    times.sort()
    print(String(format: "hygiene two-factor directory: %d sites read in median %.1f ms (20 runs)", sites, times[10] * 1000))
case "import":
    let start = clock.now
    let file = try VaultImporter.read(path: arguments[arguments.startIndex + 1])
    print(String(format: "hygiene import: %d logins (%@) in %.3f s", file.logins.count, file.format, seconds(clock.now - start)))
default:
    FileHandle.standardError.write(Data("usage: vault-bench strength PASSWORDS | breach LIST PASSWORDS | floor LIST PASSWORDS | import EXPORT | two-factor SITES\n".utf8))
    exit(64)
}
