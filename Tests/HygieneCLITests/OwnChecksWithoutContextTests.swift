import Foundation
import ShippedChecks
import Testing
import TestSupport

/// The reset plan's summary and the safety guide's pointer are for after a breakup and for a named
/// situation. The shipped checks say so in their `when`, which the auditor enforces; a user's own check
/// of these kinds (the safety family reads a user's own guide) may leave it out. Then the kind itself
/// says what is missing: no plan summary in an audit that is not about a breakup, no "your configuration
/// says you are dealing with stalking" that no configuration says.
@Suite struct OwnChecksWithoutContextTests {
    /// A folder with the shipped check file of `family`, its `when` taken out and its id renamed, beside its data files.
    func ownChecks(_ family: String, file: String, id: String, own: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-own-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for shipped in ShippedChecks.files where shipped.path.hasPrefix("Checks/\(family)/") {
            var text = shipped.text
            if shipped.path == "Checks/\(family)/\(file)" {
                let when = try #require(text.range(of: "    when:\n      inputs: [\(family == "reset" ? "since" : "situation")]\n"))
                text.removeSubrange(when)
                text = text.replacingOccurrences(of: "id: \(id)", with: "id: \(own)")
            }
            let path = folder + "/" + shipped.path.dropFirst("Checks/\(family)/".count)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test(arguments: [("reset", "plan.yaml", "reset.plan", "--since"), ("safety", "safety.yaml", "safety.risk", "'situation: stalking'")])
    func theKindSaysWhatIsMissing(family: String, file: String, id: String, missing: String) async throws {
        let tree = try wellKeptMachine()
        let own = id.replacingOccurrences(of: ".", with: ".own-")
        let folder = try ownChecks(family, file: file, id: id, own: own)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = await Sandbox().run(["audit", "--root", tree.root, "--checks", folder, "--only", family, "--format", "json", "--no-state"])
        #expect(run.code == 0, "\(run.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let result = try #require((report["checks"] as? [[String: Any]])?.first { $0["id"] as? String == own })
        #expect(result["status"] as? String == "skipped")
        #expect((result["reason"] as? String)?.contains(missing) == true, "\(result["reason"] ?? "no reason")")
        #expect((report["findings"] as? [[String: Any]] ?? []).isEmpty)
    }
}
