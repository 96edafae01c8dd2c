import AuditCore
import Exposure
import Fetch
import Foundation
import TestSupport

// Figures for the exposure scan: detection throughput on one core, and the time for 200 addresses
// on local servers that answer each after 100 ms, beside the ideal for the concurrency bound and
// beside curl --parallel. Usage: exposure-bench CHECKS_DIR CORPUS_DIR [megabytes]
// ONLY=detect stops after the detection figures; MIX=typical or MIX=dense measures one mix; VERBOSE=1
// prints the time of each part of each run.

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: exposure-bench CHECKS_DIR CORPUS_DIR [megabytes]\n".utf8))
    exit(64)
}
let checks = try CheckLoader(kinds: ExposureKinds.all).load(CheckLoader.readFiles(in: arguments[1]))
let megabytes = arguments.count > 3 ? Int(arguments[3]) ?? 50 : 50

// 1. Detection: pages of about 100 KB, as sites serve them, built from ordinary page markup with the
// labelled corpus pages (planted personal data and look-alikes) between it. Two mixes:
//   typical — one corpus page's worth of personal data in every 100 KB page (a contact block, a CV);
//   dense   — a corpus page after every 8 blocks of markup (about 6 KB): a page of little but personal
//             data, the worst case for the patterns, validators and masking.
let corpusFiles = try FileManager.default.contentsOfDirectory(atPath: arguments[2]).filter { $0.hasSuffix(".html") }.sorted()
let corpus = try corpusFiles.map { try String(contentsOfFile: arguments[2] + "/" + $0, encoding: .utf8) }
func filler(_ n: Int) -> String { """
    <div class="card"><a href="/artikel/\(n)" class="link"><img src="/img/\(n).jpg" alt="Foto bij artikel" loading="lazy"></a>
    <h3>Nieuws uit de regio</h3><p>De gemeenteraad besprak dinsdagavond de plannen voor het nieuwe park. Volgens de wethouder
    is er draagvlak, maar omwonenden maken zich zorgen over het verkeer. <em>Lees verder</em> op de site.</p>
    <script>window.dataLayer = window.dataLayer || []; dataLayer.push({event: "view", id: "abc"});</script>
    <style>.card { margin: 0 auto; padding: 1em; }</style><ul class="tags"><li>politiek</li><li>verkeer</li><li>groen</li></ul></div>

    """
}

/// About `megabytes` of HTML in 100 KB pages, a corpus page after every `spread` blocks of markup.
func pages(spread: Int) -> [[UInt8]] {
    var document = ""
    var n = 0
    // Every corpus page in turn (indexing by the filler count would skip pages whenever the count
    // of pages shares a factor with `spread`).
    var page = 0
    while document.utf8.count < megabytes << 20 {
        document += corpus[page % corpus.count]
        page += 1
        for _ in 0..<spread { document += filler(n); n += 1 }
    }
    let bytes = Array(document.utf8)
    let pageSize = 100 << 10
    return stride(from: 0, to: bytes.count, by: pageSize).map { Array(bytes[$0..<min(bytes.count, $0 + pageSize)]) }
}

let identity: Identity = {
    var identity = Identity()
    identity.name = "Sanne de Vries"; identity.aliases = ["Élodie Janssens"]; identity.usernames = ["sannedv"]
    identity.street = "Dorpsstraat 12"; identity.employer = "Bakkerij Het Zonnetje"
    return identity
}()
let host = Machine(root: "/", runner: NoCommandRunner(), privileged: false, now: Date(), environment: [:])
let verbose = ProcessInfo.processInfo.environment["VERBOSE"] != nil

func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

/// Reading the HTML, then each check, timed apart; with VERBOSE set, each part is printed.
@MainActor func detectOnce(_ slices: [[UInt8]]) async throws -> (seconds: Double, findings: Int) {
    let clock = ContinuousClock()
    var findings = 0
    var scanned: [ScannedPage] = []
    let reading = clock.measure {
        scanned = slices.enumerated().map { index, slice in ScannedPage(url: "https://bench.test/\(index)", text: Page.read(slice)) }
    }
    var total = seconds(reading)
    var parts = [String(format: "reading %.2f s", seconds(reading))]
    var inputs = AuditInputs(["url": ["https://bench.test/"]])
    inputs.prepared["url"] = ExposureScan(pages: scanned)
    inputs.prepared[Identity.inputName] = identity
    let context = CheckContext(checkID: "bench", host: host, inputs: inputs)
    for check in checks {
        let elapsed = try await clock.measure {
            if case .failed(let drafts) = try await check.implementation.run(in: context) { findings += drafts.reduce(0) { $0 + $1.subjects.count } }
        }
        total += seconds(elapsed)
        parts.append(String(format: "%@ %.2f s", check.id, seconds(elapsed)))
    }
    if verbose { print("  " + parts.joined(separator: ", ")) }
    return (total, findings)
}

let mixes: [(name: String, spread: Int)] = [("typical", 130), ("dense", 8)]
for mix in mixes where ProcessInfo.processInfo.environment["MIX"].map({ $0 == mix.name }) ?? true {
    let slices = pages(spread: mix.spread)
    if ProcessInfo.processInfo.environment["ONLY"] == "markup" {
        // For profiling the reader alone.
        for _ in 0..<10 { for slice in slices { _ = Page.read(slice) } }
        exit(0)
    }
    let mb = Double(slices.reduce(0) { $0 + $1.count }) / Double(1 << 20)
    var best = Double.infinity
    var found = 0
    for _ in 0..<7 {
        let run = try await detectOnce(slices)
        best = min(best, run.seconds)
        found = run.findings
    }
    print(String(format: "detection, %@ pages: %.1f MB of HTML in %d pages, %d checks, one core: best of 7 %.2f s = %.1f MB/s (target 50 MB/s); %d values found",
                 mix.name, mb, slices.count, checks.count, best, mb / best, found))
}

if ProcessInfo.processInfo.environment["ONLY"] == "detect" { exit(0) }

// 2. Fetching: servers that answer each request after 100 ms.
func servers(_ count: Int) throws -> [TestHTTPServer] {
    try (0..<count).map { _ in
        try TestHTTPServer { _ in
            usleep(100_000)
            return .respond(status: 200, headers: ["Content-Type": "text/html"], body: Data("<p>hallo</p>".utf8))
        }
    }
}

func crawl(_ urls: [String], connections: Int) async -> (Double, Int) {
    var options = CrawlOptions()
    options.connections = connections
    let clock = ContinuousClock()
    var fetched = 0
    let elapsed = await clock.measure {
        let results = await Crawler(fetcher: CurlFetcher(), options: options).crawl(urls)
        fetched = results.filter { if case .fetched = $0.outcome { true } else { false } }.count
    }
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, fetched)
}

func curlParallel(_ urls: [String], connections: Int) -> Double? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = ["--silent", "--parallel", "--parallel-max", String(connections), "--output", "/dev/null"] + urls.flatMap { [$0, "-o", "/dev/null"] }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let started = Date()
    guard (try? process.run()) != nil else { return nil }
    process.waitUntilExit()
    return Date().timeIntervalSince(started)
}

let many = try servers(10)
let spread = (0..<200).map { many[$0 % 10].baseURL + "/page/\($0)" }
let (spreadTime, spreadFetched) = await crawl(spread, connections: 16)
let spreadIdeal = (200.0 / 16).rounded(.up) * 0.1
let curlTime = curlParallel(spread, connections: 16)
print(String(format: "fetch: 200 addresses on 10 hosts, 16 connections: %.2f s (ideal %.2f s, %.2fx; %d fetched)%@",
             spreadTime, spreadIdeal, spreadTime / spreadIdeal, spreadFetched,
             curlTime.map { String(format: "; curl --parallel-max 16: %.2f s", $0) } ?? ""))
let one = try servers(1)
let single = (0..<200).map { one[0].baseURL + "/page/\($0)" }
let (singleTime, singleFetched) = await crawl(single, connections: 16)
let singleIdeal = 200.0 / 2 * 0.1
print(String(format: "fetch: 200 addresses on 1 host, at most 2 per host: %.2f s (ideal %.2f s, %.2fx; %d fetched)",
             singleTime, singleIdeal, singleTime / singleIdeal, singleFetched))
