import AuditCore
import Foundation

/// Bluetooth devices paired with this computer. As root, BlueZ's store (`/var/lib/bluetooth/<adapter>/<device>/info`)
/// gives the name, the class and whether the device is trusted: an unknown keyboard or mouse can type into
/// this computer. Without root, `bluetoothctl` lists the paired devices.
struct BluetoothKind: CheckKind {
    static let description = KindDescription(
        identifier: "bluetooth-paired",
        family: "access",
        summary: "Lists paired Bluetooth devices not in known-devices (BlueZ's store as root, bluetoothctl otherwise); an unknown keyboard or mouse, or a trusted unknown device, is high.",
        parameters: [ParameterSpec("store", "BlueZ's folder (default /var/lib/bluetooth)")],
        examples: [
            KindExample("an unknown trusted keyboard in BlueZ's store", parameters: "{}", files: [
                "/var/lib/bluetooth/00:11:22:33:44:55/AA:BB:CC:DD:EE:FF/info": "[General]\nName=Keyboard K380\nClass=0x000540\nTrusted=true\n\n[LinkKey]\nKey=PLANTED-SECRET\nType=4\n",
                "/var/lib/bluetooth/00:11:22:33:44:55/11:22:33:44:55:66/info": "[General]\nName=Not paired\n",
            ], privileged: true, expect: .failed, findings: 1),
            KindExample("bluetoothctl lists a paired phone", parameters: "{}", commands: [
                "bluetoothctl devices Paired": CommandResult(output: "Device 12:34:56:78:9A:BC Pixel van Tom\n"),
            ], expect: .failed, findings: 1),
            KindExample("nothing paired", parameters: "{}", commands: ["bluetoothctl devices Paired": CommandResult(output: "")], expect: .passed),
            KindExample("no Bluetooth on this computer", parameters: "{}", expect: .skipped),
        ])

    let store: String

    init(parameters: Parameters) throws {
        store = try parameters.optionalString("store") ?? "/var/lib/bluetooth"
    }

    struct Paired { var mac: String; var name: String; var major: Int?; var trusted: Bool?; var file: String? }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let known = KnownList(context.inputs, AccessInput.devices)
        var gathering = Gathering()
        var devices: [Paired] = []
        var source: LocalizedText
        if host.privileged && host.isDirectory(store) {
            source = LocalizedText(en: "read from \(store) as root", nl: "als root gelezen uit \(store)")
            for file in host.glob(store + "/*/*/info", into: &gathering) {
                guard let text = host.text(file, into: &gathering) else { continue }
                let info = KeyFile(text)
                // Only a stored key proves a pairing; the file's other groups are never read.
                let paired = ["LinkKey", "LongTermKey", "PeripheralLongTermKey", "SlaveLongTermKey"].contains { !info.groups(named: $0).isEmpty }
                guard paired else { continue }
                let mac = ((file as NSString).deletingLastPathComponent as NSString).lastPathComponent
                let classValue = info.value("Class", in: "General").flatMap { Int($0.dropFirst(2), radix: 16) }
                devices.append(Paired(mac: mac, name: info.value("Alias", in: "General") ?? info.value("Name", in: "General") ?? mac,
                                      major: classValue.map { ($0 >> 8) & 0x1F }, trusted: KeyFile.isTrue(info.value("Trusted", in: "General")), file: file))
            }
        } else {
            source = LocalizedText(en: "listed by bluetoothctl", nl: "opgesomd door bluetoothctl")
            var output: String?
            for command in [["bluetoothctl", "devices", "Paired"], ["bluetoothctl", "paired-devices"]] {
                guard let result = try? await host.runner.run(command, timeout: .seconds(5)), result.status == 0 else { continue }
                output = result.output
                break
            }
            guard let output else {
                if host.isDirectory(store) { throw SkipCheck.needsRoot(store) }
                throw SkipCheck(LocalizedText(en: "no Bluetooth found (bluetoothctl did not answer and \(store) does not exist)",
                                              nl: "geen Bluetooth gevonden (bluetoothctl gaf geen antwoord en \(store) bestaat niet)"))
            }
            for line in output.split(whereSeparator: \.isNewline) {
                let words = line.split(separator: " ", maxSplits: 2).map(String.init)
                guard words.count >= 2, words[0] == "Device" else { continue }
                devices.append(Paired(mac: words[1], name: words.count > 2 ? words[2] : words[1], major: nil, trusted: nil, file: nil))
            }
        }
        for device in devices {
            gathering.looked += 1
            if known.contains(device.mac) || known.contains(device.name) { gathering.known += 1; continue }
            let input = device.major == 0x05
            let high = input || device.trusted == true
            var fields: [Subject.Field] = [.init("device", "\(device.name) (\(device.mac))")]
            if let file = device.file { fields.append(.init("file", host.display(file))) }
            let what = input ? LocalizedText(en: " It is a keyboard or mouse: it can type and click on this computer.", nl: " Het is een toetsenbord of muis: het kan op deze computer typen en klikken.")
                : device.trusted == true ? LocalizedText(en: " It is trusted: it connects without asking.", nl: " Het wordt vertrouwd: het verbindt zonder te vragen.")
                : LocalizedText(en: "", nl: "")
            gathering.drafts.append(FindingDraft(
                key: device.mac,
                detail: LocalizedText(en: "Bluetooth device '\(device.name)' (\(device.mac)) is paired with this computer.\(what.en)",
                                      nl: "Bluetooth-apparaat '\(device.name)' (\(device.mac)) is met deze computer gekoppeld.\(what.nl)"),
                subjects: [Subject(device.name, fields)], severity: high ? .high : nil))
        }
        let homes = AuditedHomes(homes: [AuditedHomes.Home(user: host.userName, path: host.home)], scope: source)
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "no paired Bluetooth device you have not marked as yours (\(devices.count) paired)",
            nl: "geen gekoppeld Bluetooth-apparaat dat je niet als het jouwe hebt aangemerkt (\(devices.count) gekoppeld)"))
    }
}
