import AuditCore
import Foundation

/// Devices Syncthing copies this computer's folders to. This computer's own entry (its ID worked out
/// from `cert.pem`) is left out; every other device not in known-devices is high, with its folders.
/// Introducers and devices whose folders are accepted automatically are medium even when known; a web
/// interface open to the network without a password is high.
struct SyncthingKind: CheckKind {
    static let description = KindDescription(
        identifier: "syncthing",
        family: "access",
        summary: "Reads Syncthing's config.xml (legacy and XDG state folders): other devices and the folders they get, introducers, auto-accept, an open GUI; known-devices are skipped.",
        parameters: [ParameterSpec("folders", "Syncthing folders holding config.xml and cert.pem (default ~/.config/syncthing, ~/.local/state/syncthing)")],
        examples: [
            KindExample("another device gets the Documents folder", parameters: "{}", files: [
                "~/.local/state/syncthing/config.xml": """
                    <configuration version="36">
                        <folder id="docs" label="Documents" path="/home/u/Documents" type="sendreceive">
                            <device id="AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD-EEEEEEE-FFFFFFF-GGGGGGG-HHHHHHH" introducedBy=""></device>
                        </folder>
                        <device id="AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD-EEEEEEE-FFFFFFF-GGGGGGG-HHHHHHH" name="ex-laptop" introducer="false">
                            <address>dynamic</address>
                            <autoAcceptFolders>false</autoAcceptFolders>
                        </device>
                        <gui enabled="true" tls="false"><address>127.0.0.1:8384</address><apikey>PLANTED-SECRET</apikey></gui>
                    </configuration>
                    """,
            ], expect: .failed, findings: 1),
            KindExample("only this computer in the list", parameters: "{}", files: [
                "~/.config/syncthing/config.xml": """
                    <configuration version="36"><gui enabled="true"><address>127.0.0.1:8384</address></gui></configuration>
                    """,
            ], expect: .passed),
            KindExample("a damaged config.xml is said", parameters: "{}", files: [
                "~/.config/syncthing/config.xml": "<configuration version=\"36\"><device id=\"X\"",
            ], expect: .error),
        ])

    let folders: [String]

    init(parameters: Parameters) throws {
        folders = try parameters.strings("folders", default: ["~/.config/syncthing", "~/.local/state/syncthing",
                                                              "~/snap/syncthing/common/syncthing", "~/.var/app/me.kozec.syncthingtk/config/syncthing"])
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let homes = AuditedHomes.read(host)
        let known = KnownList(context.inputs, AccessInput.devices)
        var gathering = Gathering()
        for home in homes.homes {
            for pattern in folders {
                let folder = AuditedHomes.expand(pattern, in: home)
                let file = folder + "/config.xml"
                guard let data = host.data(file, into: &gathering) else { continue }
                let config: SyncthingConfig
                do {
                    config = try SyncthingConfig.parse(data)
                } catch let error as SyncthingConfig.ParseError {
                    gathering.problem(file, LocalizedText(en: "is not valid XML (near line \(error.line))", nl: "is geen geldige XML (rond regel \(error.line))"))
                    continue
                } catch {
                    gathering.problem(file, LocalizedText(en: "is not valid XML", nl: "is geen geldige XML"))
                    continue
                }
                let own = host.text(folder + "/cert.pem", into: &gathering).flatMap(SyncthingConfig.deviceID)
                review(config, file: file, own: own, known: known, host: host, into: &gathering)
            }
        }
        return try gathering.outcome(host, homes: homes, evidence: LocalizedText(
            en: "Syncthing shares with no device you have not marked as yours (\(gathering.looked) other devices)",
            nl: "Syncthing deelt met geen apparaat dat je niet als het jouwe hebt aangemerkt (\(gathering.looked) andere apparaten)"))
    }

    func review(_ config: SyncthingConfig, file: String, own: String?, known: KnownList, host: Machine, into gathering: inout Gathering) {
        let shown = host.display(file)
        // With cert.pem, this computer's own entry is left out; without it, each finding says one may be this computer.
        let unsure = own == nil ? LocalizedText(en: " (cert.pem could not be read, so this may be this computer's own entry)",
                                                nl: " (cert.pem was niet te lezen, dus dit kan de eigen vermelding van deze computer zijn)")
            : LocalizedText(en: "", nl: "")
        for device in config.devices where device.id != own {
            let shared = config.folders.filter { $0.devices.contains(device.id) }
            gathering.looked += 1
            let folders = shared.map { "\($0.label.isEmpty ? $0.id : $0.label) (\($0.path))" }.joined(separator: ", ")
            let isKnown = known.contains(device.id) || known.contains(device.name)
            let fields: [Subject.Field] = [.init("device", "\(device.name) (\(device.id))"), .init("folders", folders.isEmpty ? "-" : folders),
                                           .init("file", "\(shown):\(device.line)")]
            if !isKnown {
                gathering.drafts.append(FindingDraft(
                    key: "\(file)#\(device.id)",
                    detail: folders.isEmpty
                        ? LocalizedText(en: "Syncthing knows device '\(device.name)' (\(device.id)); no folder is shared with it yet\(unsure.en).",
                                        nl: "Syncthing kent apparaat '\(device.name)' (\(device.id)); er wordt nog geen map mee gedeeld\(unsure.nl).")
                        : LocalizedText(en: "Syncthing copies \(folders) to device '\(device.name)'\(unsure.en).",
                                        nl: "Syncthing kopieert \(folders) naar apparaat '\(device.name)'\(unsure.nl)."),
                    subjects: [Subject(device.name, fields)], severity: folders.isEmpty ? .medium : nil))
            } else {
                gathering.known += 1
            }
            if device.introducer || device.autoAcceptFolders {
                gathering.drafts.append(FindingDraft(
                    key: "\(file)#\(device.id)#trust",
                    detail: LocalizedText(en: "Device '\(device.name)' may add devices or folders here by itself (introducer or automatic accept).",
                                          nl: "Apparaat '\(device.name)' mag hier zelf apparaten of mappen toevoegen (introducer of automatisch accepteren)."),
                    subjects: [Subject(device.name, fields)], severity: .medium))
            }
        }
        if config.guiEnabled, let address = config.guiAddress, !Self.isLoopback(address), !config.guiHasPassword {
            gathering.drafts.append(FindingDraft(
                key: "\(file)#gui",
                detail: LocalizedText(en: "Syncthing's web interface listens on \(address) without a password: anyone on the network can add a device.",
                                      nl: "De webinterface van Syncthing luistert op \(address) zonder wachtwoord: iedereen op het netwerk kan een apparaat toevoegen."),
                subjects: [Subject("GUI", [.init("address", address), .init("file", shown)])]))
        }
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address.hasPrefix("localhost") || address.hasPrefix("[::1]") || address.hasPrefix("/")
            || address.hasPrefix("unix")
    }
}
