import AuditCore

/// The device family's front door: this computer's settings, software and keys, read from the file
/// tree and the commands a kind names. It reads no input before the audit.
public struct DeviceFamily: Family {
    public init() {}

    public let id = "device"
    public var name: LocalizedText { DeviceKinds.family }
    public var kinds: [any CheckKind.Type] { DeviceKinds.all }

    public var settings: [Setting] { [.text("known-ssh-keys", input: "known-ssh-key", list: true)] }

    public var settingsExample: String {
        """
        # SSH keys you recognise, by fingerprint as the report shows them (SHA256:...).
        # SSH-sleutels die je herkent, op vingerafdruk zoals het rapport ze toont.
        # known-ssh-keys:
        #   - SHA256:AAAA...

        """
    }

    public var fieldLabels: [String: String] {
        ["fingerprint": "vingerafdruk", "file": "bestand", "options": "opties", "package": "pakket", "process": "proces",
         "path": "pad", "service": "dienst", "installed": "geïnstalleerd", "security update": "beveiligingsupdate",
         "listed in": "vermeld in", "age": "leeftijd", "built": "gebouwd", "runs": "voert uit", "from": "vanuit", "type": "soort"]
    }
}
