import AuditCore
import Foundation

/// NetworkManager's saved connections: open Wi-Fi networks this computer joins by itself with no VPN
/// (others on them can watch unencrypted traffic), or no VPN set up at all. As root the keyfiles in
/// `/etc/NetworkManager/system-connections` are read (their passwords never); otherwise `nmcli`.
struct WifiNetworksKind: CheckKind {
    enum Report: String, CaseIterable, Sendable {
        case openAutoconnect = "open-autoconnect"
        case vpn
    }

    struct Connection: Sendable {
        var name: String
        var type: String
        var ssid: String?
        var keyManagement: String?
        var autoconnect: Bool
        var secondaries: String
        var source: String
    }

    static let description = KindDescription(
        identifier: "wifi-networks",
        family: "access",
        summary: "Reads NetworkManager connections (keyfiles as root, nmcli otherwise): open Wi-Fi joined automatically without a VPN (not in known-networks), or no VPN at all.",
        parameters: [
            ParameterSpec("report", required: true, "open-autoconnect or vpn"),
            ParameterSpec("folder", "NetworkManager's keyfile folder (default /etc/NetworkManager/system-connections)"),
        ],
        examples: [
            KindExample("an open café network joined automatically", parameters: "report: open-autoconnect", files: [
                "/etc/NetworkManager/system-connections/Cafe.nmconnection": "[connection]\nid=Cafe Centraal\nuuid=2771708f\ntype=wifi\n[wifi]\nmode=infrastructure\nssid=Cafe Centraal\n[ipv4]\nmethod=auto\n",
                "/etc/NetworkManager/system-connections/Thuis.nmconnection": "[connection]\nid=Thuis\ntype=wifi\n[wifi]\nssid=Thuis\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=PLANTED-SECRET\n",
            ], privileged: true, expect: .failed, findings: 1),
            KindExample("nmcli: only protected networks", parameters: "report: open-autoconnect", commands: [
                "nmcli -t -f NAME,UUID,TYPE connection show": CommandResult(output: "Thuis:1c6e14e0:802-11-wireless\nlo:abcd:loopback\n"),
                "nmcli -t -g 802-11-wireless.ssid,802-11-wireless-security.key-mgmt,connection.autoconnect,connection.secondaries connection show uuid 1c6e14e0": CommandResult(output: "Thuis\nwpa-psk\nyes\n\n"),
            ], expect: .passed),
            KindExample("no VPN among the connections", parameters: "report: vpn", files: [
                "/etc/NetworkManager/system-connections/Thuis.nmconnection": "[connection]\nid=Thuis\ntype=wifi\n[wifi-security]\nkey-mgmt=wpa-psk\n",
            ], privileged: true, expect: .failed, findings: 1),
            KindExample("a WireGuard connection", parameters: "report: vpn", files: [
                "/etc/NetworkManager/system-connections/wg0.nmconnection": "[connection]\nid=wg0\ntype=wireguard\n",
            ], privileged: true, expect: .passed),
        ])

    let report: Report
    let folder: String

    init(parameters: Parameters) throws {
        report = try parameters.choice("report")
        folder = try parameters.optionalString("folder") ?? "/etc/NetworkManager/system-connections"
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        let known = KnownList(context.inputs, AccessInput.networks)
        var gathering = Gathering()
        let connections: [Connection]
        if host.privileged && host.isDirectory(folder) {
            connections = keyfiles(host: host, into: &gathering)
        } else if let listed = try await nmcli(host: host, into: &gathering) {
            connections = listed
        } else if host.isDirectory(folder) {
            throw SkipCheck.needsRoot(folder)
        } else {
            throw SkipCheck(LocalizedText(en: "NetworkManager was not found (no nmcli, no \(folder))", nl: "NetworkManager is niet gevonden (geen nmcli, geen \(folder))"))
        }
        switch report {
        case .openAutoconnect:
            for connection in connections where connection.type == "wifi" || connection.type == "802-11-wireless" {
                gathering.looked += 1
                let open = connection.keyManagement.map { $0.isEmpty || $0 == "none" } ?? true
                guard open, connection.autoconnect, connection.secondaries.isEmpty else { continue }
                let ssid = connection.ssid ?? connection.name
                if known.contains(ssid) || known.contains(connection.name) { gathering.known += 1; continue }
                let weak = connection.keyManagement == "none"
                gathering.drafts.append(FindingDraft(
                    key: "wifi#\(connection.name)",
                    detail: LocalizedText(en: "This computer joins '\(ssid)' by itself; it is \(weak ? "protected only by the broken WEP" : "open, with no password"), and no VPN starts with it.",
                                          nl: "Deze computer maakt vanzelf verbinding met '\(ssid)'; dat netwerk is \(weak ? "alleen beveiligd met het gebroken WEP" : "open, zonder wachtwoord"), en er start geen VPN mee."),
                    subjects: [Subject(ssid, [.init("setting", "autoconnect"), .init("file", connection.source)])]))
            }
        case .vpn:
            let vpns = connections.filter { $0.type == "vpn" || $0.type == "wireguard" }
            let wireguard = host.glob("/etc/wireguard/*.conf", into: &gathering)
            gathering.looked = vpns.count + wireguard.count
            if vpns.isEmpty && wireguard.isEmpty {
                gathering.drafts.append(FindingDraft(
                    key: "no-vpn",
                    detail: LocalizedText(en: "No VPN is set up among \(connections.count) network connections.",
                                          nl: "Er is geen VPN ingesteld tussen \(connections.count) netwerkverbindingen."),
                    subjects: [], severity: nil))
            }
        }
        let homes = AuditedHomes(homes: [AuditedHomes.Home(user: host.userName, path: host.home)],
                                 scope: host.privileged ? LocalizedText(en: "read from \(folder)", nl: "gelezen uit \(folder)")
                                     : LocalizedText(en: "listed by nmcli", nl: "opgesomd door nmcli"))
        return try gathering.outcome(host, homes: homes, evidence: report == .vpn
            ? LocalizedText(en: "\(gathering.looked) VPN connections set up", nl: "\(gathering.looked) VPN-verbindingen ingesteld")
            : LocalizedText(en: "no open Wi-Fi is joined automatically without a VPN (\(gathering.looked) Wi-Fi networks)",
                            nl: "geen open wifi wordt automatisch gebruikt zonder VPN (\(gathering.looked) wifinetwerken)"))
    }

    /// `[connection] id, type, autoconnect, secondaries`, `[wifi] ssid`, `[wifi-security] key-mgmt`; the psk is never read out.
    func keyfiles(host: Machine, into gathering: inout Gathering) -> [Connection] {
        host.glob(folder + "/*", into: &gathering).compactMap { file in
            guard !host.isDirectory(file), let text = host.text(file, into: &gathering) else { return nil }
            let keys = KeyFile(text)
            return Connection(name: keys.value("id", in: "connection") ?? (file as NSString).lastPathComponent,
                              type: keys.value("type", in: "connection") ?? "",
                              ssid: keys.value("ssid", in: "wifi") ?? keys.value("ssid", in: "802-11-wireless"),
                              keyManagement: keys.value("key-mgmt", in: "wifi-security") ?? keys.value("key-mgmt", in: "802-11-wireless-security"),
                              autoconnect: keys.value("autoconnect", in: "connection").map(KeyFile.isTrue) ?? true,
                              secondaries: (keys.value("secondaries", in: "connection") ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "; ")),
                              source: host.display(file))
        }
    }

    /// `nmcli -t` lists connections with `:` escaped as `\:`; each Wi-Fi one is asked for its security.
    func nmcli(host: Machine, into gathering: inout Gathering) async throws -> [Connection]? {
        guard let list = try? await host.runner.run(["nmcli", "-t", "-f", "NAME,UUID,TYPE", "connection", "show"], timeout: .seconds(5)),
              list.status == 0 else { return nil }
        var connections: [Connection] = []
        for line in list.output.split(whereSeparator: \.isNewline) {
            let fields = Self.splitEscaped(String(line))
            guard fields.count >= 3 else { continue }
            var connection = Connection(name: fields[0], type: fields[2], ssid: nil, keyManagement: nil, autoconnect: true, secondaries: "", source: "nmcli")
            if fields[2] == "802-11-wireless" {
                let result = try? await host.runner.run(["nmcli", "-t", "-g", "802-11-wireless.ssid,802-11-wireless-security.key-mgmt,connection.autoconnect,connection.secondaries",
                                                         "connection", "show", "uuid", fields[1]], timeout: .seconds(5))
                guard let result, result.status == 0 else {
                    gathering.problem("nmcli \(fields[0])", LocalizedText(en: "its security could not be read", nl: "de beveiliging ervan was niet te lezen"))
                    continue
                }
                let values = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                connection.ssid = values.first
                connection.keyManagement = values.count > 1 ? values[1] : ""
                connection.autoconnect = values.count > 2 ? values[2] != "no" : true
                connection.secondaries = values.count > 3 ? values[3] : ""
            }
            connections.append(connection)
        }
        return connections
    }

    static func splitEscaped(_ line: String) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for character in line {
            if escaped { current.append(character); escaped = false } else if character == "\\" { escaped = true } else if character == ":" {
                fields.append(current); current = ""
            } else { current.append(character) }
        }
        fields.append(current)
        return fields
    }
}
