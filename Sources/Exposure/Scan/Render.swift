import AuditCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What rendering one page gave: the DOM the browser built, or why there is none.
public enum RenderOutcome: Sendable {
    /// The DOM as UTF-8; `cut` when it was longer than the limit and only its start was kept.
    case rendered(dom: [UInt8], cut: Bool, seconds: Double)
    case failed(LocalizedText)
}

/// Reads a page the way a browser shows it (`--render`).
public protocol PageRendering: Sendable {
    /// How many pages may render at the same time.
    var concurrency: Int { get }
    func render(_ url: String) async -> RenderOutcome
}

/// Headless Chromium, one run per page: a fresh profile in a temporary folder (also its home, so
/// nothing of the user's is read or written), deleted afterwards; `--dump-dom` after a virtual time
/// budget; the project's process runner stops the whole process group at the hard limit.
public struct ChromiumRenderer: PageRendering {
    public let browser: String
    /// Virtual time the page gets for its scripts and timers.
    public var budget: Duration = .seconds(5)
    /// Wall-clock limit per page, after which the browser is stopped.
    public var limit: Duration = .seconds(30)
    /// The most DOM kept; a longer one is cut and said.
    public var maxBytes = 8 << 20
    public var concurrency = 2
    /// Where the profiles go: the run's temporary folder (a helper's case has its own), or the system's.
    public var temporaryFolder: String?

    public init(browser: String) { self.browser = browser }

    /// The browser: `HYGIENE_CHROMIUM` if set, else the first of chromium, chromium-browser and
    /// google-chrome on the path; nil if there is none.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let chosen = environment["HYGIENE_CHROMIUM"], !chosen.isEmpty {
            return FileManager.default.isExecutableFile(atPath: chosen) ? chosen : nil
        }
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/snap/bin"]
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for directory in path where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
                return directory + "/" + name
            }
        }
        return nil
    }

    /// The command line for one page.
    func arguments(_ url: String, profile: String) -> [String] {
        let milliseconds = budget.components.seconds * 1000 + budget.components.attoseconds / 1_000_000_000_000_000
        var arguments = [
            "/usr/bin/env", "HOME=" + profile, "XDG_CONFIG_HOME=" + profile + "/config", "XDG_CACHE_HOME=" + profile + "/cache",
            browser, "--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-dev-shm-usage", "--disable-extensions", "--disable-sync", "--disable-background-networking",
            "--disable-component-update", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
            "--block-new-web-contents", "--deny-permission-prompts", "--disable-notifications",
            "--user-data-dir=" + profile + "/profile", "--virtual-time-budget=\(milliseconds)",
        ]
        // Chromium refuses to run as root with its sandbox on.
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        arguments += ["--dump-dom", url]
        return arguments
    }

    public func render(_ url: String) async -> RenderOutcome {
        let base = temporaryFolder.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let profile = base.appendingPathComponent("hygiene-render-" + UUID().uuidString).path
        do {
            try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            return .failed(ExposureTexts.renderCouldNotStart("no temporary folder"))
        }
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let runner = ProcessRunner(outputLimit: maxBytes + 1)
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let result = try await runner.run(arguments(url, profile: profile), timeout: limit)
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            var dom = Array(result.output.utf8)
            guard result.status == 0 || !dom.isEmpty else { return .failed(ExposureTexts.renderExited(result.status)) }
            guard !dom.isEmpty else { return .failed(ExposureTexts.renderNothing) }
            let cut = dom.count > maxBytes
            if cut { dom = Array(dom.prefix(maxBytes)) }
            return .rendered(dom: dom, cut: cut, seconds: seconds)
        } catch CommandError.timedOut {
            return .failed(ExposureTexts.renderTimedOut(Int(limit.components.seconds)))
        } catch CommandError.failedToStart(_, let reason) {
            return .failed(ExposureTexts.renderCouldNotStart(reason))
        } catch {
            return .failed(ExposureTexts.renderCouldNotStart(String(describing: error)))
        }
    }
}
