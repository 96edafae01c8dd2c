import Foundation
import Testing
@testable import AuditCore

/// The byte-level readings that replaced a regular expression and a split into lines when loading
/// checks say what those said.
@Suite struct LoaderSpeedTests {
    @Test(arguments: ["device.firewall", "vault.weak", "exposure.be-national-number", "a.b", "a1.2-x", "phone.stalkerware.app",
                      "Device.firewall", "device", "device.", ".device", "device..x", "device.-x", "1device.x", "device.fire wall",
                      "device.firewall!", "", "a.b-", "a-b.c", "ö.x", "device.Firewall", "x.y.z-9"])
    func idsAreReadAsTheRegularExpressionDid(id: String) {
        let regex = CheckLoader.idPattern.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) != nil
        #expect(CheckLoader.isValidID(id) == regex)
    }

    @Test(arguments: [
        ("data:\n  - a\n", true), ("# notes\n\n- id: x\n", true), ("---\n-\n", true), ("%YAML 1.2\n---\n- a\n", true),
        ("version: 1\nchecks:\n  - id: a.b\n", false), ("version: 1\ndata:\n  x: 1\n", true), ("-x: 1\n", false),
        ("  - indented: list\n", false), ("checks: []\n# data: not at the start of a line\n", false), ("", false),
        ("\r\n# comment\r\n- a\r\n", true), ("version: 1\n- later: list\n", false),
    ] as [(String, Bool)])
    func dataFilesAreToldFromCheckFiles(text: String, isData: Bool) {
        #expect(CheckLoader.isDataYAML(text) == isData)
    }
}
