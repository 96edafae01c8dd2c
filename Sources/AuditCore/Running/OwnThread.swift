import Foundation

/// Runs blocking work (reading files, deriving a key, waiting on a process) on a thread of its own and
/// waits for it, so that it holds none of the cooperative pool's threads, which are as few as the cores.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
        }
    }
}
