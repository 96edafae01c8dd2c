import Foundation
import Vault
#if DEBUG
// .ci/fuzz builds debug, where SwiftPM compiles modules for testing: the driver then also reaches
// the layers behind the header HMAC and the key check. A release build fuzzes the public API only.
@testable import VaultCrypto
#else
import VaultCrypto
#endif

// libFuzzer driver for the KeePass reader (built and run by `.ci/fuzz SECONDS kdbx`). A crash, hang
// or sanitizer report is a bug; a thrown error is the expected answer to bad input.
// - An input that starts like a KDBX file is opened as a database with the fixtures' password:
//   header, variant dictionary, KDF limits and, behind an intact header, the block stream.
// - Any other input is the key file of a small KDBX 3.1 database (AES-KDF, 6,000 rounds), and in a
//   debug build also goes straight to the parsers a database only reaches with the right key: the
//   HMAC block stream, the hashed block stream, the inner header, gzip, a variant dictionary.
// Seeds: Tests/Fuzz/corpus/kdbx (cheap fixtures, key files, and one sample of each inner layer).
// - An input that starts like JSON (`.ci/fuzz SECONDS bitwarden`, seeds Tests/Fuzz/corpus/bitwarden) is
//   opened as Bitwarden's password-protected export with its fixtures' first password: the header,
//   the KDF parameters and their limits, the EncStrings, the MACs; key derivations too slow for an
//   unoptimised build have their limits checked and are not run.

let password = Array("Planted-Master-Pass".utf8)
let bitwardenPassword = Array("Fixture-File-Pass-1".utf8)

/// Whether the input starts like a JSON object (after white space or a byte order mark).
func looksLikeJSON(_ data: Data) -> Bool {
    data.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{")
}
/// Tests/VaultCryptoTests/Fixtures/kdbx/kdbx31-keyfile-v1.kdbx (password above and keyfile-v1.key).
let keyedDatabase = Data(base64Encoded: "A9mimmf7S7UBAAMAAhAAMcHy5r9xQ1C+WAUhavxa/wMEAAEAAAAEIAAHEoHwfPBdeC8pygNmbk5Qd5U1qOml6bfWZCePmRiYFAUgABWA9yUFCZv3ex052ONmXxnZtc6rBIaAnfiO7N33JlC2BggAcBcAAAAAAAAHEACkyiYyuIuHY7IyCERdKVIQCCAAG6H17Tj0vKGmoGxWu6G4XoR91FI7BNU3OO7hmTwMjhUJIADhCyisU45OXbdsu8KpIckkVGA01uPKtFVIUETHRRbYcwoEAAIAAAAABAANCg0KtZ9i0vVF7ar4qFSkSZ+wn4ifGBj332W5X2J6zH1BIbpSITE7euqzeXdPQuFYo3esVotwoanQeU9hvIg0TD48mDLQWofFXawJhuyS3Fd18Szr9IkIg1UOmEQquJ1dW2nJL1roSk4PHKnxz8s5AM8Urf8kdqfHqx19mKXFTzbekuI7/LIFOPelKAUpFmuWGRjLQNs7MijoVwzBLnExXboMEWfj8x48cELaDfXeByoglffJ8Ud+JpvUvgFLGPKdbUY15NvSJULFfrl0Lr7ecyNVOUk+Iu58hKgvjHFxfNbQ5zdqtNXidh/Bt/iJyOrWDmD/53sVfkJ8tMZZ9ulU6bHx/f9eHaLzomwbSMWg1SbHlmgGF+9O+6KUK8BsO6mnryomYQLuKWQjT4t6k5IDTT8epN0q3q+uQMtO1TpZw73L61VxpVhg0bH2Spohf0bfs3HEDo48c9bBOi34H9rDZ+PiKg92izxjfWtQ05ErpjMMchJBq2J9JR6qlM8MS6uhfV8VGy6ql/0zWt6wxPgE/wGmNwwv7VtvGLKd7qo9OBYskSrAgiwyzTXbcEtHTcbYhX19inROEidRVn15gSKy9zPhyo1z5dn86n14gBLESjFICozqcRhcPIV4VfZVCR22ZLW/P+At2k9S3WjZ8anu/3fjL5Bjl7zHGFx+eyVkDLpO+uB2otYmbMAvyXXG81bc064ebflDIyLBL/I/alXozH5lduwguKnNg+Qu0EHHrumS81oCRTxfrTDkGmnqXXXxyftBk/3OPUx8IMMOKArUsrKTly62SrkbidGeQ+bx1QWWFv9v7/YETow1AkFPnuUo0CIM7sMgXHghKLHr4GKm/UMET9CHS28PPdnvhji2v1un3S2pV8OPjocE8u2UrJjKDzlxPcbsR3afw54gu4wzLCW2ilEhYzCbpXnn8qKtc1idH9Rx8JoCGDQd4JVyzt4z685oY0RuniJcbowRU2xBvce/KGuiwPBUtb2iGE9aOR6OOvMp6+i0IpN8nOkvsOYJ227glqBSnvbvK+Bw5x7ZFg+TUuDFF5g1QmSgzfJ/E17sAd02KBuE6gzFenNfiARQRtP8AcZ+83uxHpGc+A8xseUfoXHwznaP4pMD3RX+pwZOaSujj/oxRi3NECpVFlz1CHMuK+z7aSsMAccha/l/jdnRCJtCL5Q2Fk7GO10R9xrGh/vrRR+DLaKvdlS+j3qONQGQXi7x9zDQ9JR24FfKci752S93RA7iN2Rw76Js8oX6senEiGmKseiwRrdHQhHP+m4wlNVIqPda0uNfhOfxdMUCMpajfarYrTISM2u3tG1cNWW1idblK8WRa+UEIWa40BL4dADjJl0lX3yooWcF4Fx1a2ui2LaqnQKl7O6ayJ5ZfelTxOi84bNZ0STdROiUrt8HTrTOVop1eGCYR5ZMwJ8UzKBNXPtRGsoSlbZ6Kx0DrtXXKXZ0PMyQjnNCuqvoDiteNKqgQ/UXwD6A0ECNqDuGhxRP2SB22wX1XnuZcaWmKXEc+X0poxps2qOMnVnh7x2RH0WVFIgYYRfvE7j0hw4FZ9Yef0WhIYG8PHTd7el+Hzrh9q061K+KKK77IWCf/mvMQLHNqWQ0LgBx64gdtKUg4nZ35NSsu2ze8R+Ce70wqOKcvsIHXdPrFFysgIzPaIFTSG1yJQVYq4b0l8D6HRGRTgEnTtRk0PWD7CI8NQWeIQCiWqfGwrg2UP9r7HTjJU4XeaYZYc82t4Wp/KUKcWkSsCus+lFkj7fzkUtCKVOUHllgJWr8fSxP81JeklPN7Jxf6RPxmRBRTdN9xf2/CwZtwT3fFzzL8VFc6o0E/QQhUc+au4KeFXleu90l9wqBHj+morB+34Thjz1FlgyaQbi4ApDHyopYPnRSyOW5Yj90NslftkljUyqzCzNX3EY3yvNW8tWBkjPlXfFvN2TJRMahs8tHxje7jtqGsp5KfjqfrRc=")!

#if DEBUG
/// The HMAC base key of the block-stream seed (blocks.hmac in the corpus): 64 bytes of 0x01.
let blockKey = [UInt8](repeating: 1, count: 64)

/// Key derivations too slow for a fuzzer built without optimisation: their limits are checked, the
/// derivation is not run.
func tooSlowToFuzz(_ data: Data) -> Bool {
    guard let header = try? KDBXHeader(data) else { return false }
    switch header.kdf {
    case .aes(_, let rounds): return rounds > 100_000
    case .argon2(let p): return p.memory > 8 << 20 || p.iterations > 8 || p.parallelism > 8
    }
}

/// A Bitwarden export whose key derivation would take a fuzzer built without optimisation too long.
func bitwardenTooSlowToFuzz(_ data: Data) -> Bool {
    guard let header = try? JSONDecoder().decode(BitwardenEncryptedExport.Header.self, from: data) else { return false }
    return header.kdfType == 0 ? (header.kdfIterations ?? 0) > 20_000
        : (header.kdfMemory ?? 0) > 8 || (header.kdfIterations ?? 0) > 8 || (header.kdfParallelism ?? 0) > 8
}

func fuzzInnerLayers(_ data: Data) {
    _ = try? KDBXBlockStream.readHMACBlocks(data, baseKey: blockKey)
    _ = try? KDBXBlockStream.readHashedBlocks(data)
    if let inner = try? KDBXInnerHeader(data), let stream = try? KDBXInnerStream(kind: inner.stream, key: inner.key) {
        _ = try? stream.reveal(String(decoding: data.suffix(64), as: UTF8.self))
    }
    _ = try? KDBXGzip.inflate(data)
    _ = try? VariantDictionary(parsing: data, what: "fuzz input")
}
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let vault: VaultFile?
    if looksLikeJSON(data) {
        #if DEBUG
        if bitwardenTooSlowToFuzz(data) {
            if let header = try? JSONDecoder().decode(BitwardenEncryptedExport.Header.self, from: data) {
                _ = try? BitwardenEncryptedExport.checkCost(header, kdfType: header.kdfType ?? 0, file: "fuzz-bitwarden")
            }
            return 0
        }
        #endif
        vault = try? VaultCrypto.open(data, file: "fuzz-bitwarden", unlock: Unlock(password: bitwardenPassword))
    } else if data.starts(with: [0x03, 0xD9]) {
        #if DEBUG
        if tooSlowToFuzz(data) {
            _ = try? KDBXHeader(data).kdf.check()
            return 0
        }
        #endif
        vault = try? VaultCrypto.open(data, file: "fuzz-input", unlock: Unlock(password: password))
    } else {
        #if DEBUG
        fuzzInnerLayers(data)
        #endif
        vault = try? VaultCrypto.open(keyedDatabase, file: "fuzz-keyed", unlock: Unlock(password: password, keyFile: [UInt8](data)))
    }
    for login in vault?.logins ?? [] { _ = login.site.count + login.accountKey.count + login.subject.fields.count }
    return 0
}

// LLVMFuzzerRunDriver is looked up at run time: a build without libFuzzer (a plain `swift build`)
// links, and then says how to build it properly.
typealias Driver = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                   @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
    FileHandle.standardError.write(Data("vaultcrypto-fuzz was built without libFuzzer; run .ci/fuzz SECONDS kdbx\n".utf8))
    exit(2)
}
let runDriver = unsafeBitCast(symbol, to: Driver.self)
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv) { fuzzOneInput($0, $1) })
