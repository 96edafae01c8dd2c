import Foundation

/// How one check ended.
public struct CheckResult: Sendable {
    public var checkID: String
    public var family: String
    public var title: LocalizedText
    public var severity: Severity
    public var status: CheckStatus
    /// Why it was skipped or failed to run, or the evidence that it passed.
    public var reason: LocalizedText?
    public var findings: [Finding]
    public var duration: Duration

    /// Points this check could earn in the score (zero when it did not run).
    public var possiblePoints: Int {
        status == .passed || status == .failed ? severity.points : 0
    }

    /// A failed check whose findings are all `info` (items to review) keeps its points.
    public var earnedPoints: Int {
        switch status {
        case .passed: severity.points
        case .failed: findings.allSatisfy { $0.severity == .info } ? severity.points : 0
        case .skipped, .error: 0
        }
    }
}

/// Runs checks with bounded concurrency and a time limit each. A check that throws or times out
/// ends `error`; it never stops the others.
public struct Auditor: Sendable {
    public var jobs: Int
    public var timeout: Duration

    public init(jobs: Int = 8, timeout: Duration = .seconds(20)) {
        self.jobs = max(1, jobs)
        self.timeout = timeout
    }

    /// Runs `checks`, in their order in the result, skipping the ids in `skip`.
    public func run(_ checks: [Check], host: Machine, inputs: AuditInputs, skip: Set<String> = [],
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async -> [CheckResult] {
        var results = [CheckResult?](repeating: nil, count: checks.count)
        var done = 0
        await withTaskGroup(of: (Int, CheckResult).self) { group in
            var next = 0
            func startNext() {
                guard next < checks.count else { return }
                let index = next
                next += 1
                let check = checks[index]
                group.addTask { (index, await runOne(check, host: host, inputs: inputs, skip: skip)) }
            }
            for _ in 0..<min(jobs, checks.count) { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                done += 1
                progress?(done, checks.count)
                startNext()
            }
        }
        return results.map { $0! }
    }

    func runOne(_ check: Check, host: Machine, inputs: AuditInputs, skip: Set<String>) async -> CheckResult {
        let clock = ContinuousClock()
        let start = clock.now
        func result(_ status: CheckStatus, _ reason: LocalizedText?, _ findings: [Finding] = []) -> CheckResult {
            CheckResult(checkID: check.id, family: check.family, title: check.title, severity: check.severity,
                        status: status, reason: reason, findings: findings, duration: clock.now - start)
        }
        if skip.contains(check.id) {
            return result(.skipped, LocalizedText(en: "skipped in your configuration", nl: "overgeslagen in je configuratie"))
        }
        if let reason = check.when.reasonNotApplicable(host: host, inputs: inputs) {
            return result(.skipped, reason)
        }
        let context = CheckContext(checkID: check.id, host: host, inputs: inputs)
        let implementation = check.implementation
        let outcome = await withTimeout(timeout) { try await implementation.run(in: context) }
        switch outcome {
        case .success(.passed(let evidence)):
            return result(.passed, evidence)
        case .success(.failed(let drafts)):
            if drafts.isEmpty {
                return result(.error, LocalizedText(en: "the check failed without saying why", nl: "de controle faalde zonder reden"))
            }
            let findings = drafts.map { Finding(check: check, draft: $0) }
            return result(.failed, nil, findings)
        case .success(.skipped(let reason)):
            return result(.skipped, reason)
        case .failure(let skip as SkipCheck):
            return result(.skipped, skip.reason)
        case .failure(let unread as NotJudged):
            return result(.error, unread.reason)
        case .failure(is TimeoutError):
            let seconds = timeout.components.seconds
            return result(.error, LocalizedText(en: "did not finish within \(seconds) seconds and was abandoned",
                                                nl: "niet klaar binnen \(seconds) seconden en afgebroken"))
        case .failure(let error):
            return result(.error, LocalizedText.describing(error))
        }
    }
}

struct TimeoutError: Error {}

/// Runs one check's body on a serial Dispatch queue of its own instead of the cooperative pool.
/// Such queues get a thread even when others are blocked, so a check stuck in a blocking read
/// cannot starve the other checks or the timer that abandons it.
final class CheckExecutor: TaskExecutor, @unchecked Sendable {
    let queue = DispatchQueue(label: "hygiene.check")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// Runs `body` in its own task and returns its result, or `TimeoutError` once `limit` has passed,
/// without waiting for a body that ignores cancellation (it is cancelled and left behind).
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async -> Result<T, any Error> {
    let gate = ResumeOnce<T>()
    return await withCheckedContinuation { continuation in
        gate.set(continuation)
        let work = Task(executorPreference: CheckExecutor()) {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            gate.resume(result)
        }
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        // A serial queue of its own gets a thread even when the shared pool is busy or blocked.
        DispatchQueue(label: "hygiene.check-timer").asyncAfter(deadline: .now() + seconds) {
            if gate.resume(.failure(TimeoutError())) { work.cancel() }
        }
    }
}

final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<T, any Error>, Never>?
    private var done = false

    func set(_ continuation: CheckedContinuation<Result<T, any Error>, Never>) {
        lock.withLock { self.continuation = continuation }
    }

    /// Resumes once; later calls do nothing and return false.
    @discardableResult
    func resume(_ value: Result<T, any Error>) -> Bool {
        let target: CheckedContinuation<Result<T, any Error>, Never>? = lock.withLock {
            if done { return nil }
            done = true
            return continuation
        }
        target?.resume(returning: value)
        return target != nil
    }
}

/// The score: earned points × 100 / possible points over the checks that ran.
public struct Score: Sendable, Codable, Hashable {
    public var value: Int?
    public var earned: Int
    public var possible: Int

    public init(results: [CheckResult]) {
        earned = results.reduce(0) { $0 + $1.earnedPoints }
        possible = results.reduce(0) { $0 + $1.possiblePoints }
        value = possible > 0 ? Int((Double(earned) * 100 / Double(possible)).rounded()) : nil
    }
}
