/// A seeded random number generator (SplitMix64), so that generated test data — and a failure found
/// with it — can be made again.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import AuditCore
import Foundation

/// Runs blocking work (a child process, a terminal read loop) on a thread of its own, so it does not
/// hold one of the few threads Swift's concurrency shares with every other test on a two-core machine.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await onOwnThread(work)
}
