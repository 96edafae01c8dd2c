// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "hygiene",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hygiene", targets: ["hygiene"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    ],
    targets: [
        // The core: check definitions, kinds protocol, auditor, scoring, reports, state. Knows no family.
        .target(
            name: "AuditCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // zlib, for the members of zip exports.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libcurl, with typed wrappers for its variadic calls.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // PCRE2 with its JIT: the exposure patterns run on UTF-8 bytes, with no conversion to UTF-16.
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        // The fetcher behind AuditCore's HTTPFetching protocol.
        .target(name: "Fetch", dependencies: ["AuditCore", "CCurl"]),
        // The device family: generic probe kinds over a file tree and a command runner.
        .target(
            name: "Device",
            dependencies: [
                "AuditCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Zip archives read in memory or at the offsets a member needs (never unpacked to disk).
        .target(name: "Archive", dependencies: ["CZlib"]),
        // The access family: who else reaches this computer's data (browsers, paired phones, synced folders, accounts).
        .target(
            name: "Access",
            dependencies: [
                "AuditCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The vault family: password manager exports and the checks on them.
        .target(
            name: "Vault",
            dependencies: [
                "AuditCore",
                "Archive",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The accounts family: the platforms' own data exports, read for sessions, sign-ins, recovery
        // contacts, mail forwarding, connected apps, account changes and earlier downloads.
        .target(name: "Accounts", dependencies: ["AuditCore", "Archive"]),
        // Argon2 (the reference implementation) and libgcrypt (AES-KDF rounds, Salsa20, Twofish), for encrypted vaults.
        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),
        .systemLibrary(name: "CGcrypt", pkgConfig: "libgcrypt", providers: [.apt(["libgcrypt20-dev"])]),
        // Encrypted vaults read in memory: KeePass KDBX 3.1 and 4, Bitwarden's password-protected export.
        .target(
            name: "VaultCrypto",
            dependencies: [
                "Vault",
                "CArgon2",
                "CGcrypt",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The exposure family: pages fetched with libcurl, read for personal data by detectors from check files.
        .target(
            name: "Exposure",
            dependencies: [
                "AuditCore",
                "CPCRE2",
                "Fetch",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The reset family: the account-reset plan after a breakup, built on the vault family's accounts.
        .target(
            name: "Reset",
            dependencies: [
                "AuditCore",
                "Vault",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The safety family: the tamper-evident evidence logbook and its dossier, RFC 3161 time stamps,
        // the risk check, helplines, the helper's guide and the stop letter.
        .target(
            name: "Safety",
            dependencies: [
                "AuditCore",
                "Fetch",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        // libdbus, the D-Bus C library, for BlueZ (the Bluetooth scan of the trackers family).
        .systemLibrary(name: "CDBus", pkgConfig: "dbus-1", providers: [.apt(["libdbus-1-dev"])]),
        // The trackers family: Bluetooth item trackers (AirTag, SmartTag, Tile…) near this computer, found through BlueZ.
        .target(
            name: "Trackers",
            dependencies: [
                "AuditCore",
                "CDBus",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The phone family: an Android phone read over the system adb (capture, parsers, indicators).
        .target(
            name: "Phone",
            dependencies: [
                "AuditCore",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The shipped check definitions in Checks/, embedded into the binary at build time.
        .target(
            name: "ShippedChecks",
            plugins: ["EmbedChecksPlugin"]
        ),
        .executableTarget(name: "embed-checks", path: "Sources/EmbedChecksTool"),
        .plugin(
            name: "EmbedChecksPlugin",
            capability: .buildTool(),
            dependencies: ["embed-checks"],
            path: "Sources/EmbedChecksPlugin"
        ),
        // The commands: argument parsing and wiring, nothing else.
        .target(
            name: "HygieneCLI",
            dependencies: [
                "AuditCore",
                "Accounts",
                "Device",
                "Access",
                "Vault",
                "VaultCrypto",
                "Exposure",
                "Reset",
                "Safety",
                "Phone",
                "Trackers",
                "Fetch",
                "ShippedChecks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks, built on demand (`swift build -c release --product vault-bench`); see .ci/bench.
        // libFuzzer target for the export parsers, built by .ci/fuzz with -sanitize=fuzzer.
        .executableTarget(name: "vault-fuzz", dependencies: ["Vault"], path: "Tests/Fuzz/VaultFuzz"),
        // libFuzzer target for the KeePass reader (`.ci/fuzz SECONDS kdbx`), built the same way.
        .executableTarget(name: "vaultcrypto-fuzz", dependencies: ["VaultCrypto", "Vault"], path: "Tests/Fuzz/VaultCryptoFuzz"),
        // libFuzzer target for the parsers outside the vault (`.ci/fuzz SECONDS html exif robots android evidence answers config`).
        .executableTarget(name: "hygiene-fuzz", dependencies: ["Exposure", "Fetch", "Phone", "Safety", "AuditCore"],
                          path: "Tests/Fuzz/HygieneFuzz"),
        // libFuzzer target for the account-export readers (`.ci/fuzz SECONDS export-zip export-data`).
        .executableTarget(name: "accounts-fuzz", dependencies: ["Accounts", "Archive", "AuditCore"], path: "Tests/Fuzz/AccountsFuzz"),
        .executableTarget(name: "exposure-bench", dependencies: ["Exposure", "Fetch", "AuditCore", "TestSupport"], path: "Benchmarks/ExposureBench"),
        .executableTarget(name: "accounts-bench", dependencies: ["Accounts", "AuditCore"], path: "Benchmarks/AccountsBench"),
        .executableTarget(name: "vault-bench", dependencies: ["Vault", "AuditCore"], path: "Benchmarks/VaultBench"),
        .executableTarget(name: "hygiene", dependencies: ["HygieneCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        .target(name: "TestSupport", dependencies: ["AuditCore"], path: "Tests/TestSupport"),
        // A pseudo-terminal for the tests that drive the interactive walk.
        .target(name: "CTestPTY", path: "Tests/CTestPTY"),
        .testTarget(name: "AuditCoreTests", dependencies: ["AuditCore", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "AccessTests", dependencies: ["Access", "Device", "AuditCore", "TestSupport", "ShippedChecks",
                                                        .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "DeviceTests", dependencies: ["Device", "AuditCore", "TestSupport", "ShippedChecks"]),
        .testTarget(name: "FetchTests", dependencies: ["Fetch", "AuditCore", "TestSupport"]),
        .testTarget(name: "ExposureTests", dependencies: ["Exposure", "Fetch", "AuditCore", "TestSupport"], exclude: ["Corpus"]),
        .testTarget(name: "VaultTests", dependencies: ["Vault", "AuditCore", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "VaultCryptoTests", dependencies: ["VaultCrypto", "Vault", "AuditCore", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ResetTests", dependencies: ["Reset", "Vault", "AuditCore", "TestSupport", "ShippedChecks"]),
        .testTarget(name: "SafetyTests", dependencies: ["Safety", "AuditCore", "Fetch", "TestSupport", "ShippedChecks",
                                                        .product(name: "Crypto", package: "swift-crypto"),
                                                        .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "AccountsTests", dependencies: ["Accounts", "Archive", "AuditCore", "TestSupport", "ShippedChecks"], exclude: ["Fixtures"]),
        .testTarget(name: "PhoneTests", dependencies: ["Phone", "AuditCore", "TestSupport"], exclude: ["Fixtures", "Scenarios", "IOSScenarios"]),
        .testTarget(name: "TrackersTests", dependencies: ["Trackers", "AuditCore", "TestSupport", "ShippedChecks",
                                                          .product(name: "GRDB", package: "GRDB.swift")], exclude: ["Fixtures"]),
        .executableTarget(name: "trackers-bench", dependencies: ["Trackers", "AuditCore", "ShippedChecks"], path: "Benchmarks/TrackersBench"),
        .testTarget(name: "HygieneCLITests", dependencies: ["HygieneCLI", "hygiene", "AuditCore", "Device", "Vault", "VaultCrypto", "Safety", "Phone", "Fetch", "ShippedChecks", "TestSupport", "CTestPTY",
                                   .product(name: "Crypto", package: "swift-crypto")]),
    ]
)
