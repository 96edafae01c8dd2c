import AuditCore
import Foundation
#if DEBUG
// .ci/fuzz builds debug, where SwiftPM compiles modules for testing: the driver reaches the readers
// behind the public API too (JSON-LD, entities, the evidence intake, the reset answers file).
@testable import Exposure
@testable import Fetch
@testable import Phone
@testable import Safety
#else
import Exposure
import Fetch
import Phone
import Safety
#endif

// libFuzzer driver for the parsers of what someone else wrote, outside the vault (built and run by
// `.ci/fuzz`, which names the target in HYGIENE_FUZZ_TARGET). A crash, hang or sanitizer report is a
// bug; a thrown error or an empty result is the expected answer to bad input.
//   html      a web page: the extractor (entities, blocks, code, fields, JSON-LD) and the de-obfuscation,
//             as Page.read runs them, and each of them on the raw input too
//   exif      an image (JPEG, PNG, WebP): the GPS position in its EXIF data
//   robots    a robots.txt: its rules, and whether they allow a path taken from the input
//   android   an adb dump: every Android parser (packages, users, package dump, app ops, device policy,
//             adb keys, properties, accounts, settings, components, accessibility, launcher)
//   evidence  a chat export as a folder: files named and filled from the input (see `files(in:)`), taken
//             in by the evidence intake (listed, copied, hashed: the copy must match), and the incident time
//   answers   the risk check's answers file (`hygiene safety --answers`); the reset plan's is read in
//             HygieneCLI, which needs the shipped checks, whose build tool cannot be built with the sanitizers
//   config    the configuration file and the identity file
// The catalogues are read from Checks/ in the current folder (.ci/fuzz runs in the checkout).

let target = ProcessInfo.processInfo.environment["HYGIENE_FUZZ_TARGET"] ?? ""
let targets = ["html", "exif", "robots", "android", "evidence", "answers", "config"]
guard targets.contains(target) else {
    FileHandle.standardError.write(Data("hygiene-fuzz: set HYGIENE_FUZZ_TARGET to one of \(targets.joined(separator: ", "))\n".utf8))
    exit(2)
}

func shipped(_ path: String) -> CheckDataFile {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fatalError("\(path) cannot be read: run in the checkout") }
    return CheckDataFile(path: path, text: text)
}

/// The catalogue the answers files are read against, loaded once.
nonisolated(unsafe) var riskCatalog: RiskCatalog?
if target == "answers" {
    riskCatalog = try SafetyGuidance(risk: shipped("Checks/safety/risk.yaml"), helplines: shipped("Checks/safety/helplines.yaml"),
                                     helper: shipped("Checks/safety/helper.yaml"), letter: shipped("Checks/safety/letter.yaml")).risk
}

/// A scratch folder of this process, emptied after each input.
let scratch = NSTemporaryDirectory() + "hygiene-fuzz-\(getpid())"
try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
atexit { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "hygiene-fuzz-\(getpid())") }

/// The files of a folder, from the input: blocks separated by a zero byte, each `NAME\nCONTENT`; a name
/// may hold `/` (a subfolder), `..` and empty parts are dropped, at most 16 files.
func files(in data: Data) -> [(name: String, content: Data)] {
    var result: [(String, Data)] = []
    for block in data.split(separator: 0, omittingEmptySubsequences: false).prefix(16) {
        let newline = block.firstIndex(of: 10) ?? block.endIndex
        let parts = String(decoding: block[block.startIndex..<newline], as: UTF8.self)
            .split(separator: "/").filter { $0 != "." && $0 != ".." && !$0.isEmpty }.map { String($0.prefix(64)) }
        guard !parts.isEmpty else { continue }
        result.append((parts.joined(separator: "/"), Data(block[min(newline + 1, block.endIndex)...])))
    }
    return result
}

func fuzzHTML(_ data: Data) {
    let bytes = [UInt8](data)
    let page = Page.read(bytes)
    for block in page.blocks { _ = page.text(of: block).count }
    _ = page.isCode(0..<min(bytes.count, 16))
    _ = page.blockIndex(containing: bytes.count / 2)
    let text = String(decoding: bytes, as: UTF8.self)
    _ = Deobfuscation.rewrite(text)
    _ = Deobfuscation.cloudflare(String(text.prefix(256)))
    #if DEBUG
    _ = JSONLD.values(in: data)
    bytes.withUnsafeBufferPointer { buffer in _ = Entities.decoded(buffer, 0..<buffer.count) }
    #endif
}

func fuzzEXIF(_ data: Data) {
    if let position = ExifReader.coordinate(in: data) { _ = position.latitude + position.longitude }
}

func fuzzRobots(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    let rules = RobotsRules(parsing: text, agent: "hygiene")
    let path = text.split(separator: "\n").first.map { "/" + $0.prefix(200) } ?? "/"
    for candidate in ["/", "/private/x", path, "/index.html?x=1"] { _ = rules.allows(candidate) }
}

func fuzzAndroid(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    _ = PackageList.parse(text)
    _ = UserList.parse(text)
    for (_, details) in PackageDump.parse(text) { _ = details.isGranted("android.permission.CAMERA") }
    _ = AppOpsDump.parse(text)
    _ = DevicePolicyDump.parse(text)
    _ = AdbKeysDump.parse(text)
    _ = BuildSecurity(properties: Properties.parse(text))
    _ = AccountsDump.parse(text)
    _ = ComponentSetting.parse(text)
    _ = SingleSetting.parse(text)
    _ = AccessibilityDump.enabledServices(text)
    _ = LauncherActivities.packages(text)
    _ = ComponentName(text.prefix(300))
}

func fuzzEvidence(_ data: Data) {
    let folder = scratch + "/WhatsApp Chat"
    let store = scratch + "/files"
    defer { try? FileManager.default.removeItem(atPath: folder); try? FileManager.default.removeItem(atPath: store) }
    try? FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
    var written: [String: Data] = [:]
    for (name, content) in files(in: data) {
        let path = folder + "/" + name
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if FileManager.default.createFile(atPath: path, contents: content) { written[path] = content }
    }
    #if DEBUG
    let intake = EvidenceIntake(filesFolder: store)
    if let listed = try? EvidenceIntake.expand([folder]) {
        for (path, name) in listed {
            guard let file = try? intake.copy(path, name: name) else { continue }
            // The copy is the file, byte for byte.
            let copied = FileManager.default.contents(atPath: store + "/" + file.sha256)
            if let original = written[path], copied != original { fatalError("the stored copy of \(name) differs from the file") }
        }
    }
    #endif
    let firstLine = String(decoding: data.prefix { $0 != 10 }.prefix(100), as: UTF8.self)
    _ = try? IncidentTime.parse(firstLine, now: Date(timeIntervalSince1970: 1_796_000_000), timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
}

func fuzzAnswers(_ data: Data) {
    let path = scratch + "/answers.yaml"
    guard FileManager.default.createFile(atPath: path, contents: data) else { return }
    _ = try? RiskAnswers.parse(String(decoding: data, as: UTF8.self), path: path, catalog: riskCatalog!)
}

func fuzzConfig(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    _ = try? Configuration.parse(text, path: "config.yaml")
    _ = try? Identity.parse(text, path: "identity.yaml")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    switch target {
    case "html": fuzzHTML(data)
    case "exif": fuzzEXIF(data)
    case "robots": fuzzRobots(data)
    case "android": fuzzAndroid(data)
    case "evidence": fuzzEvidence(data)
    case "answers": fuzzAnswers(data)
    default: fuzzConfig(data)
    }
    return 0
}

// LLVMFuzzerRunDriver is looked up at run time: a build without libFuzzer (a plain `swift build`)
// links, and then says how to build it properly.
typealias Driver = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                   @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
    FileHandle.standardError.write(Data("hygiene-fuzz was built without libFuzzer; run .ci/fuzz\n".utf8))
    exit(2)
}
let runDriver = unsafeBitCast(symbol, to: Driver.self)
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv) { fuzzOneInput($0, $1) })
