import Foundation
import Testing
import TestSupport

/// The recovery graph in the printable plan, opened in headless Chromium: it is drawn (a box per node,
/// its label inside the picture, the arrows), it stays so under the print rules at the width of an A4
/// page, and the page prints on A4. CI installs Chromium and sets HYGIENE_REQUIRE_CHROMIUM, so the test
/// cannot be skipped there; elsewhere it runs when Chromium is installed.
@Suite struct ResetGraphChromiumTests {
    func chromium(_ arguments: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ResetHTMLTests.chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// Measures the picture as Chromium lays it out, with the page's print rules applied and the body as
    /// wide as an A4 page between its margins, and writes the figures on the body. Only in the test's copy
    /// of the page: the plan itself has no script.
    static let probe = """
        <script>
        for (const sheet of document.styleSheets) for (const rule of sheet.cssRules)
          if (rule.media && rule.media.mediaText.includes('print')) {
            const style = document.createElement('style'); style.textContent = [...rule.cssRules].map(r => r.cssText).join('\\n');
            document.head.appendChild(style);
          }
        document.body.style.width = '182mm'; document.body.style.maxWidth = '182mm';
        const svg = document.querySelector('figure.graph svg');
        const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
        const page = document.body.getBoundingClientRect();
        const view = svg ? svg.viewBox.baseVal : { width: 0, height: 0 };
        const texts = svg ? [...svg.querySelectorAll('g.node text')] : [];
        const inside = texts.filter(t => { const b = t.getBBox(); return b.width > 0 && b.height > 0 && b.x >= 0 && b.x + b.width <= view.width; });
        const arrows = svg ? [...svg.querySelectorAll('path.edge')].filter(p => p.getTotalLength() > 0) : [];
        const style = svg ? getComputedStyle(svg) : null;
        document.body.setAttribute('data-probe', [box.width, box.height, page.width, style && style.display !== 'none' && style.visibility !== 'hidden' ? 1 : 0,
          svg ? svg.querySelectorAll('g.node').length : 0, inside.length, texts.length, arrows.length,
          svg ? svg.querySelectorAll('g.group').length : 0].join(' '));
        </script>
        """

    @Test func theGraphIsDrawnLabelledAndPrintedOnA4() async throws {
        guard ResetHTMLTests.chromium != nil else {
            if ProcessInfo.processInfo.environment["HYGIENE_REQUIRE_CHROMIUM"] != nil {
                Issue.record("Chromium is required here but not installed; run .ci/deps --tests")
            }
            return
        }
        let sandbox = Sandbox()
        let vault = ResetCLITests.fixture("bitwarden.json")
        // Mijn Odido signed in with the Gmail address of the export: Gmail, the number and Odido are one group.
        let config = sandbox.home + "/config.yaml"
        try "version: 1\naccounts: [kpn, \"odido: sanne.devries@gmail.com\", digid]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let page = sandbox.home + "/plan.html"
        let written = await sandbox.run(["reset", "--config", config, "--vault", vault, "--format", "html", "--output", page])
        #expect(written.code == 0, "\(written.errors)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("<script"))
        let nodes = html.components(separatedBy: "<g class=\"node\"").count - 1
        let edges = html.components(separatedBy: "<path class=\"edge\"").count - 1
        #expect(nodes >= 6 && edges >= 4)
        #expect(html.contains("<g class=\"group\""))

        let probed = sandbox.home + "/probe.html"
        try html.replacingOccurrences(of: "</body>", with: Self.probe + "\n</body>").write(toFile: probed, atomically: true, encoding: .utf8)
        let dom = try await offThePool { try chromium(["--dump-dom", "file://" + probed]) }
        #expect(dom.status == 0)
        let attribute = try #require(dom.output.range(of: "data-probe=\""))
        let figures = dom.output[attribute.upperBound...].prefix { $0 != "\"" }.split(separator: " ").compactMap { Double($0) }
        try #require(figures.count == 9, "\(figures)")
        let (width, height, pageWidth, visible) = (figures[0], figures[1], figures[2], figures[3])
        // Visible, as wide as the page allows and no wider, in proportion.
        #expect(visible == 1)
        #expect(width > 300 && width <= pageWidth + 0.5, "\(width) of \(pageWidth)")
        #expect(height > 100)
        // Every node drawn, every label laid out inside the picture, every arrow a line; the group framed.
        #expect(Int(figures[4]) == nodes)
        #expect(Int(figures[5]) == Int(figures[6]) && Int(figures[6]) >= nodes)
        #expect(Int(figures[7]) == edges)
        #expect(Int(figures[8]) >= 1)

        let pdf = sandbox.home + "/plan.pdf"
        let printed = try await offThePool { try chromium(["--print-to-pdf=" + pdf, "--no-pdf-header-footer", "file://" + page]) }
        #expect(printed.status == 0)
        let data = try #require(FileManager.default.contents(atPath: pdf))
        #expect(data.starts(with: Data("%PDF".utf8)))
        // Every page A4: 595 × 842 points.
        let text = String(decoding: data, as: UTF8.self)
        let boxes = text.components(separatedBy: "/MediaBox [").dropFirst().map { $0.prefix { $0 != "]" }.split(separator: " ").compactMap { Double($0) } }
        #expect(!boxes.isEmpty)
        for box in boxes {
            #expect(box.count == 4 && abs(box[2] - 595.3) < 2 && abs(box[3] - 841.9) < 2, "\(box)")
        }
    }
}
