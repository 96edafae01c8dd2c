import AuditCore
import Foundation
#if DEBUG
// .ci/fuzz builds debug, where SwiftPM compiles modules for testing: the driver reaches the record reader.
@testable import Accounts
#else
import Accounts
#endif
import Archive

// libFuzzer driver for the account-export readers (built and run by `.ci/fuzz`, which names the target
// in HYGIENE_FUZZ_TARGET). A crash, hang or sanitizer report is a bug; a thrown error or an empty result
// is the expected answer to bad input.
//   export-zip   a zip: its central directory (ZIP64 too), then every member unpacked (capped) and read
//                by every record of every shipped manifest whose format fits the member's extension
//   export-data  one file: read as JSON, X's JavaScript, CSV, an HTML table and HTML labels by every
//                record of every shipped manifest
// The manifests are read from Checks/accounts/platforms in the current folder (.ci/fuzz runs in the checkout).

let target = ProcessInfo.processInfo.environment["HYGIENE_FUZZ_TARGET"] ?? ""
guard ["export-zip", "export-data"].contains(target) else {
    FileHandle.standardError.write(Data("accounts-fuzz: set HYGIENE_FUZZ_TARGET to export-zip or export-data\n".utf8))
    exit(2)
}

let manifests: [PlatformManifest] = {
    let folder = "Checks/accounts/platforms"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { fatalError("\(folder) cannot be read: run in the checkout") }
    return names.sorted().filter { $0.hasSuffix(".yaml") }.map { name in
        let path = folder + "/" + name
        return try! PlatformManifest(file: CheckDataFile(path: path, text: String(contentsOfFile: path, encoding: .utf8)))
    }
}()
let specs = manifests.flatMap { manifest in manifest.records.map { (manifest, $0) } }

func read(_ data: Data, path: String, formats: Set<RecordFormat>?) {
    for (manifest, spec) in specs where formats?.contains(spec.format) ?? true {
        guard let items = try? RecordReader.items(data, spec: spec) else { continue }
        for item in items.prefix(1000) {
            if let record = FieldReader.record(item, spec: spec, manifest: manifest, file: path) { _ = record.label.count + record.texts.count }
        }
        _ = RecordReader.hasShape(data, spec: spec)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    if target == "export-zip" {
        guard let archive = try? ZipArchive(data) else { return 0 }
        for entry in archive.entries.prefix(64) where !entry.isDirectory {
            guard let member = try? archive.extract(entry, limit: 1 << 20) else { continue }
            let ext = (entry.name as NSString).pathExtension.lowercased()
            read(member, path: entry.name, formats: Set(RecordFormat.allCases.filter { $0.extensions.contains(ext) }))
        }
    } else {
        read(data, path: "fuzz-input", formats: nil)
    }
    return 0
}

// LLVMFuzzerRunDriver is looked up at run time: a build without libFuzzer (a plain `swift build`)
// links, and then says how to build it properly.
typealias Driver = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                   @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
    FileHandle.standardError.write(Data("accounts-fuzz was built without libFuzzer; run .ci/fuzz\n".utf8))
    exit(2)
}
let runDriver = unsafeBitCast(symbol, to: Driver.self)
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv) { fuzzOneInput($0, $1) })
