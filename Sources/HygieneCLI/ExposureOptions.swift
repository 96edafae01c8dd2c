import ArgumentParser
import AuditCore
import Exposure
import Fetch
import Foundation

/// The exposure family's options: which pages to read and how.
struct ExposureOptions: FamilyOptions {
    @Option(name: .customLong("url"), help: ArgumentHelp("A web page of yours to check for personal data (repeatable).", valueName: "address"))
    var urls: [String] = []

    @Option(name: .customLong("urls-file"), help: ArgumentHelp("A file with web addresses to check, one per line.", valueName: "file"))
    var urlsFile: String?

    @Option(name: .long, help: "How many links deep to follow within the same site from each address (default 0).")
    var depth: Int = 0

    @Option(name: .customLong("max-pages"), help: "At most this many pages in all when following links.")
    var maxPages: Int = 200

    @Option(name: .long, help: "Pages fetched at the same time (never more than 2 from one site).")
    var connections: Int = 16

    @Option(name: .customLong("page-timeout"), help: "Seconds a single page may take to arrive.")
    var pageTimeout: Int = 30

    @Flag(name: .long, help: "Also read each page in headless Chromium, as a browser shows it (for pages built by JavaScript). The browser fetches the pages' scripts, images and trackers too.")
    var render = false

    @Option(name: .customLong("render-timeout"), help: "Seconds a page may take in the browser before it is stopped (with --render).")
    var renderTimeout: Int = 30

    var family: String { "exposure" }

    var request: ExposureFamily.Request {
        var request = ExposureFamily.Request()
        request.urls = urls
        request.urlsFile = urlsFile
        request.depth = depth
        request.maxPages = maxPages
        request.connections = connections
        request.pageTimeout = pageTimeout
        request.render = render ? renderTimeout : nil
        return request
    }

    var given: AuditInputs {
        request.given
    }

    func validate() throws {
        guard (0...10).contains(depth) else { throw ValidationError("--depth must be between 0 and 10") }
        guard (1...100_000).contains(maxPages) else { throw ValidationError("--max-pages must be between 1 and 100000") }
        guard (1...64).contains(connections) else { throw ValidationError("--connections must be between 1 and 64") }
        guard (1...600).contains(pageTimeout) else { throw ValidationError("--page-timeout must be between 1 and 600 seconds") }
        guard (5...600).contains(renderTimeout) else { throw ValidationError("--render-timeout must be between 5 and 600 seconds") }
    }

}
