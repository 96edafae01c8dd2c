/// The second round of a capture: the SHA-256 of every APK outside the system partitions, computed on the
/// phone with `sha256sum` (so renamed stalkerware is found by its hash), a few paths per call.
public enum ApkHashes {
    /// Paths per `sha256sum` call, so the command line stays short on old adb versions.
    public static let pathsPerCall = 16
    public static let probePrefix = "apk-sha256-"

    /// The probes for these packages' APKs: those under `/data/`, in order, in groups.
    public static func probes(for packages: [InstalledPackage]) -> [Probe] {
        let paths = packages.filter(\.isOnDataPartition).compactMap(\.path)
        return stride(from: 0, to: paths.count, by: pathsPerCall).enumerated().map { number, start in
            let group = paths[start..<min(start + pathsPerCall, paths.count)]
            return Probe(probePrefix + String(number + 1), ["sha256sum"] + group.map(quoted))
        }
    }

    /// A path quoted for the phone's shell, which receives the command line as one string.
    static func quoted(_ path: String) -> String {
        "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `HASH  PATH` lines → hash by path (lower-case hex).
    public static func parse(_ text: String) -> [String: String] {
        var hashes: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            let parts = raw.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit) else { continue }
            let path = parts[1].drop { $0 == " " || $0 == "*" }
            hashes[String(path)] = parts[0].lowercased()
        }
        return hashes
    }
}
