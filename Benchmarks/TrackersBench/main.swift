import AuditCore
import Foundation
import ShippedChecks
import Trackers

// Classifies 10,000 advertisements from 500 devices (a busy station: trackers of every type, phones,
// beacons, headphones) with the shipped signatures, and judges them as one scan.
// `swift build -c release --product trackers-bench && .build/release/trackers-bench`

guard let file = ShippedChecks.files.first(where: { $0.path == "Checks/trackers/signatures.yaml" }) else {
    FileHandle.standardError.write(Data("no shipped signatures\n".utf8))
    exit(2)
}
let classifier = TrackerClassifier(try TrackerSignatures.read(CheckDataFile(path: file.path, text: file.text)))

func bytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}
let start = Date(timeIntervalSince1970: 1_800_000_000)
let devices: [Advertisement] = (0..<500).map { index in
    let address = String(format: "C0:00:00:00:%02X:%02X", index / 256, index % 256)
    switch index % 10 {
    case 0: return Advertisement(time: start, address: address, manufacturerData: [0x004C: [0x12, 0x19, 0x10] + bytes(24)])
    case 1: return Advertisement(time: start, address: address, manufacturerData: [0x004C: [0x10, 0x05, 0x01, 0x18, 0x44, 0x11, 0x22, 0x12, 0x02, 0x24, 0x01]])
    case 2: return Advertisement(time: start, address: address, manufacturerData: [0x004C: [0x10, 0x06] + bytes(6)])
    case 3: return Advertisement(time: start, address: address, serviceData: ["fd5a": [0x13] + bytes(12)])
    case 4: return Advertisement(time: start, address: address, serviceData: ["feaa": [0x41] + bytes(21)])
    case 5: return Advertisement(time: start, address: address, serviceData: ["feaa": [0x10] + bytes(8)])
    case 6: return Advertisement(time: start, address: address, serviceData: ["feed": [0x02, 0x00] + bytes(4)])
    case 7: return Advertisement(time: start, address: address, serviceUUIDs: ["fe33"])
    case 8: return Advertisement(time: start, address: address, serviceData: ["fcb2": [0x01, 0x00]])
    default: return Advertisement(time: start, address: address, manufacturerData: [0x0006: bytes(10)], serviceUUIDs: ["110b"])
    }
}
let advertisements: [Advertisement] = (0..<10_000).map { index in
    var ad = devices[index % 500]
    ad.time = start.addingTimeInterval(Double(index) * 0.003)
    ad.rssi = -40 - index % 50
    return ad
}

var best = Double.infinity
var trackers = 0
for _ in 0..<5 {
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        let scan = TrackerScan(recording: ScanRecording(adapter: "hci0", started: start, ended: start.addingTimeInterval(30),
                                                        advertisements: advertisements), classifier: classifier)
        trackers = scan.trackers.count
    }
    best = min(best, Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
}
print("10000 advertisements from 500 devices: \(trackers) trackers; best of 5: \(String(format: "%.1f", best)) ms (budget 50 ms)")
exit(best < 50 ? 0 : 1)
