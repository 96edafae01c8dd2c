import Foundation

/// Work over many items on every core, results in the items' order. Each thread makes its own worker
/// state (a buffer, a parsed template) once: threads that share one object's storage spend their time
/// contending for its reference count rather than working.
enum DossierParallel {
    static func map<Worker, Result>(_ count: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount,
                                    worker makeWorker: @escaping @Sendable () -> Worker,
                                    _ transform: @escaping @Sendable (inout Worker, Int) -> Result) -> [Result] {
        guard count > 0 else { return [] }
        let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let shared = Slots(buffer: slots)
        let workers = max(1, min(cores, count))
        // Contiguous shares, one per thread: neighbouring items are often neighbours on disk and in memory.
        let share = (count + workers - 1) / workers
        let work: @Sendable (Int) -> Void = { index in
            var worker = makeWorker()
            for item in min(count, index * share)..<min(count, (index + 1) * share) {
                shared.buffer[item] = transform(&worker, item)
            }
        }
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        return slots.map { $0! }
    }

    /// Each slot is written by one thread and read after all have finished.
    private struct Slots<Result>: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<Result?> }

    /// Runs `background` on a thread of its own while `foreground` runs on this one. Returns when both
    /// have finished (never while the background still works), with the background's error first.
    static func alongside<Background: Sendable, Foreground>(_ background: @escaping @Sendable () throws -> Background,
                                                             _ foreground: () throws -> Foreground) throws -> (Background, Foreground) {
        let box = Box<Background>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.result = Result { try background() }
            done.signal()
        }
        let front = Result { try foreground() }
        done.wait()
        return (try box.result!.get(), try front.get())
    }

    /// Written by the background thread before it signals, read after the wait.
    private final class Box<Value>: @unchecked Sendable { var result: Result<Value, any Error>? }
}
