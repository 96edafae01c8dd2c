import Foundation
import Vault

// libFuzzer driver for the export readers (built and run by `.ci/fuzz`): every input goes through
// the reader that recognises CSV, JSON, XML and zip by structure. A crash, hang or sanitizer report
// is a bug; a thrown error is the expected answer to bad input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    if let file = try? VaultImporter.read(data: data, file: "fuzz-input") {
        // Touch what the checks use, so their derived values are exercised too.
        for login in file.logins { _ = login.site.count + login.accountKey.count + login.subject.fields.count }
    }
    return 0
}

// LLVMFuzzerRunDriver is looked up at run time: a build without libFuzzer (a plain `swift build`)
// links, and then says how to build it properly.
typealias Driver = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                   @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
    FileHandle.standardError.write(Data("vault-fuzz was built without libFuzzer; run .ci/fuzz\n".utf8))
    exit(2)
}
let runDriver = unsafeBitCast(symbol, to: Driver.self)
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv) { fuzzOneInput($0, $1) })
