import AuditCore
import Foundation
import Testing
@testable import Phone

/// The capture through the real `ProcessRunner` and a small `adb` script: the time limit holds for a
/// probe that never ends.
@Suite struct ProcessCaptureTests {
    @Test func aProbeThatNeverEndsIsStoppedAtItsLimit() async throws {
        let folder = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let adb = folder + "/adb"
        try """
        #!/bin/sh
        if [ "$1" = devices ]; then printf 'List of devices attached\\nSERIAL1\\tdevice usb:1-1 model:Pixel_6\\n\\n'; exit 0; fi
        case "$*" in
          *"pm list users"*) exec sleep 600 ;;
          *) printf 'Users:\\n\\tUserInfo{0:Owner:c13} running\\n' ;;
        esac
        """.write(toFile: adb, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: adb)

        let capture = AndroidCapture(adb: adb, runner: ProcessRunner(), probes: [Probe.named("users")!, Probe.named("packages")!],
                                     timeout: .milliseconds(500))
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await capture.capture(into: folder + "/capture")
        // Stopped long before the probe's 600-second sleep ends. Loose on purpose: timed through async, this
        // also counts waits for a free worker of the shared pool, which the other tests can keep busy for
        // half a minute on two cores (the runner's own limit is timed tightly in ProcessRunnerTests).
        #expect(start.duration(to: clock.now) < .seconds(180))
        #expect(result.manifest.device.serial == "SERIAL1")
        #expect(result.output("users")?.record.outcome == .timedOut)
        #expect(result.output("packages")?.record.outcome == .completed)
    }
}
