import AuditCore
import Foundation

/// The access family's front door: who else can reach this computer's data — browsers signed in to
/// other accounts, extensions, policies, paired phones, synced folders, other login accounts,
/// automatic login. It reads the file tree and commands as the device family does, so it takes no flags;
/// what the person recognises comes from the `known-*` settings and the identity file's e-mail addresses.
public struct AccessFamily: Family {
    public init() {}

    public let id = "access"
    public var name: LocalizedText { AccessKinds.family }
    public var kinds: [any CheckKind.Type] { AccessKinds.all }

    public var settings: [Setting] {
        [
            .text("known-accounts", input: AccessInput.accounts, list: true),
            .text("known-devices", input: AccessInput.devices, list: true),
            .text("known-extensions", input: AccessInput.extensions, list: true),
            .text("known-users", input: AccessInput.users, list: true),
            .text("known-sites", input: AccessInput.sites, list: true),
            .text("known-networks", input: AccessInput.networks, list: true),
        ]
    }

    public var settingsExample: String {
        """
        # What you recognise as yours, so the access checks do not ask about it again. Write each item as
        # the report shows it. The e-mail addresses in your identity file count as known accounts.
        # Wat je als het jouwe herkent, zodat de toegangscontroles er niet opnieuw naar vragen. Schrijf elk
        # item zoals het rapport het toont. De e-mailadressen in je identiteitsbestand tellen als bekende accounts.
        # known-accounts: [me@example.org]          # browser, desktop, mail and cloud accounts
        # known-devices: [a1b2c3d4e5f6]             # paired phones (KDE Connect, GSConnect), Syncthing devices
        # known-extensions: [uBlock0@raymondhill.net]
        # known-users: [alice]                      # login accounts on this computer
        # known-sites: [https://meet.example.net]   # sites allowed location, camera or microphone
        # known-networks: [Thuis]                   # Wi-Fi networks you trust

        """
    }

    public var fieldLabels: [String: String] {
        ["profile": "profiel", "account": "account", "other devices": "andere apparaten", "extension": "extensie",
         "permissions": "rechten", "installed": "geïnstalleerd", "state": "toestand", "site": "site", "allowed": "toegestaan",
         "policy": "beleid", "user": "gebruiker", "groups": "groepen", "device": "apparaat", "folders": "mappen",
         "plugins": "plug-ins", "services": "diensten", "setting": "instelling", "address": "adres", "rule": "regel",
         "home": "thuismap", "line": "regel"]
    }
}
