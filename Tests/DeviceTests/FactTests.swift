import AuditCore
@testable import Device
import Foundation
import Testing
import TestSupport

@Suite struct AptConfigTests {
    @Test func laterFilesOverrideEarlierOnesAndNestingIsUnderstood() throws {
        let tree = try FixtureTree(files: [
            "/etc/apt/apt.conf.d/20auto-upgrades": """
                // written by dpkg-reconfigure
                APT::Periodic::Update-Package-Lists "1";
                APT::Periodic::Unattended-Upgrade "1";
                """,
            "/etc/apt/apt.conf.d/50local": "APT { Periodic { Unattended-Upgrade \"0\"; /* off */ }; };\n",
            "/etc/apt/apt.conf.d/99ignored.dpkg-old": "APT::Periodic::Update-Package-Lists \"0\";\n",
        ])
        let config = try AptConfig.read(tree.machine())
        #expect(config.value("APT::Periodic::Unattended-Upgrade")?.value == "0")
        #expect(config.value("APT::Periodic::Unattended-Upgrade")?.file == "/etc/apt/apt.conf.d/50local")
        #expect(config.value("apt::periodic::update-package-lists")?.value == "1")
    }

    @Test func clearRemovesEarlierValues() {
        var config = AptConfig()
        config.apply("APT::Periodic::Enable \"1\";\n#clear APT::Periodic;\n", file: "a")
        #expect(config.value("APT::Periodic::Enable") == nil)
    }

    @Test(arguments: [("20auto-upgrades", true), ("50unattended-upgrades.dpkg-old", false), ("a b", false),
                      ("01autoremove", true), ("99local~", false), ("x.disabled", false)])
    func fileNamesAptReads(name: String, read: Bool) {
        #expect(AptConfig.isReadByApt(name) == read)
    }
}

@Suite struct PackageAndProcessTests {
    @Test func dpkgStatusKeepsOnlyInstalledPackages() {
        let names = InstalledPackages.parseDpkgStatus("""
            Package: clamav
            Status: install ok installed
            Version: 1.0

            Package: anydesk
            Status: deinstall ok config-files

            Package: x11vnc
            Status: install ok half-configured
            """)
        #expect(names == ["clamav", "x11vnc"])
    }

    @Test func processesAreFoundByNameOrExecutable() throws {
        let tree = try FixtureTree(files: [
            "/proc/10/comm": "bash\n", "/proc/10/cmdline": "bash\u{0}",
            "/proc/77/comm": "teamviewerd\n", "/proc/77/cmdline": "/opt/teamviewer/tv_bin/teamviewerd\u{0}-d",
            "/proc/self/comm": "ignored\n",
        ])
        let processes = try RunningProcesses.read(tree.machine())
        #expect(processes.list.count == 2)
        #expect(processes.find("teamviewerd")?.pid == 77)
        #expect(processes.find("anydesk") == nil)
    }

    @Test func maskedUnitIsNotEnabled() throws {
        let tree = try FixtureTree()
        try tree.link("/etc/systemd/system/timers.target.wants/apt-daily-upgrade.timer", to: "/lib/systemd/system/apt-daily-upgrade.timer")
        try tree.link("/etc/systemd/system/apt-daily.timer", to: "/dev/null")
        let machine = tree.machine()
        #expect(try SystemdUnits.state(of: "apt-daily-upgrade.timer", host: machine)
                == .enabled("/etc/systemd/system/timers.target.wants/apt-daily-upgrade.timer"))
        #expect(try SystemdUnits.state(of: "apt-daily.timer", host: machine) == .masked("/etc/systemd/system/apt-daily.timer"))
        #expect(try SystemdUnits.state(of: "ufw.service", host: machine) == .disabled)
    }
}

@Suite struct RulesetTests {
    @Test func nftPolicyDropFilters() {
        #expect(Ruleset.nftFiltersInput("""
            table inet filter {
            \tchain input {
            \t\ttype filter hook input priority filter; policy drop;
            \t}
            }
            """))
    }

    @Test func nftAcceptOnlyChainsDoNotFilter() {
        #expect(!Ruleset.nftFiltersInput("""
            table inet filter {
            \tchain input {
            \t\ttype filter hook input priority filter; policy accept;
            \t\tct state established,related accept
            \t}
            \tchain forward {
            \t\ttype filter hook forward priority filter; policy drop;
            \t}
            }
            """))
    }

    @Test func iptablesWithUfwChainsFilters() {
        #expect(Ruleset.iptablesFiltersInput("""
            *filter
            :INPUT ACCEPT [0:0]
            :ufw-before-input - [0:0]
            :ufw-reject-input - [0:0]
            -A INPUT -j ufw-before-input
            -A ufw-before-input -j ufw-reject-input
            -A ufw-reject-input -p tcp -j REJECT --reject-with tcp-reset
            COMMIT
            """))
    }

    @Test func emptyIptablesDoesNotFilter() {
        #expect(!Ruleset.iptablesFiltersInput("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\nCOMMIT\n"))
    }
}

@Suite struct ClamAVHeaderTests {
    @Test func readsTheBuildTimeFromTheHeaderSeconds() throws {
        let header = try #require(ClamAVHeader(Data("ClamAV-VDB:14 Feb 2024 07-19 -0500:27185:2052346:90:abc:sig:raynman:1707913140\n".utf8)))
        #expect(header.version == 27185)
        #expect(header.signatures == 2052346)
        #expect(header.built == Date(timeIntervalSince1970: 1707913140))
    }

    @Test func fallsBackToTheWrittenDate() throws {
        let header = try #require(ClamAVHeader(Data("ClamAV-VDB:14 Feb 2024 07-19 -0500:27185:2052346:90".utf8)))
        #expect(header.built == Date(timeIntervalSince1970: 1707913140))
    }

    @Test func rejectsOtherFiles() {
        #expect(ClamAVHeader(Data("PK\u{3}\u{4}not a database".utf8)) == nil)
    }
}

@Suite struct AuthorizedKeyTests {
    /// The fingerprint `ssh-keygen -lf` printed for this key when the test was written.
    @Test func fingerprintMatchesSshKeygen() throws {
        let entries = AuthorizedKey.parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBrJInq1kvt2v3GZgUt8wBS1Fd68ormCWoD0wFk8irc/ me@laptop\n")
        let key = try #require(try entries.first?.get())
        #expect(key.fingerprint == "SHA256:9UvD6RZiDvB6ivez1rZPEZ/68T7u5r803A85k8iQQhY")
        #expect(key.comment == "me@laptop")
        #expect(key.type == "ssh-ed25519")
    }

    @Test func optionsWithQuotedSpacesAreKept() throws {
        let entries = AuthorizedKey.parse("command=\"echo hi there\",no-pty ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBrJInq1kvt2v3GZgUt8wBS1Fd68ormCWoD0wFk8irc/\n")
        let key = try #require(try entries.first?.get())
        #expect(key.options == "command=\"echo hi there\",no-pty")
        #expect(key.comment == "")
    }

    @Test func knownKeysAreNotAskedAboutAgain() async throws {
        let tree = try FixtureTree(files: ["~/.ssh/authorized_keys":
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBrJInq1kvt2v3GZgUt8wBS1Fd68ormCWoD0wFk8irc/ me@laptop\n"])
        let kind = try AuthorizedKeysKind(parameters: Parameters(yaml: "{}"))
        let known = AuditInputs(["known-ssh-key": ["SHA256:9UvD6RZiDvB6ivez1rZPEZ/68T7u5r803A85k8iQQhY"]])
        let outcome = try await kind.run(in: CheckContext(checkID: "t", host: tree.machine(), inputs: known))
        guard case .passed = outcome else { Issue.record("expected a pass, got \(outcome)"); return }
        let unknown = try await kind.run(in: CheckContext(checkID: "t", host: tree.machine(), inputs: AuditInputs()))
        guard case .failed(let drafts) = unknown else { Issue.record("expected findings"); return }
        #expect(drafts.first?.subjects.first?["fingerprint"] == "SHA256:9UvD6RZiDvB6ivez1rZPEZ/68T7u5r803A85k8iQQhY")
    }
}

@Suite struct MountTests {
    @Test func escapedSpacesInMountPointsAreDecoded() {
        let mounts = DiskEncryptionKind.mounts("/dev/sdb1 /media/my\\040disk ext4 rw 0 0\n")
        #expect(mounts.first?.point == "/media/my disk")
    }
}

@Suite struct DebianVersionTests {
    /// Orderings from Debian policy §5.6.12 and dpkg's own test suite.
    @Test(arguments: [
        ("1.0~rc1", "1.0"), ("1.0", "1.0+b1"), ("1:0.9", "2:0.1"), ("1.0-1", "1.0-1.1"), ("1.0-1", "1.0-2"),
        ("3.0.14-1~deb12u1", "3.0.15-1~deb12u1"), ("1.2.3", "1.2.10"), ("1.0a", "1.0b"), ("1.0", "1.0a"),
        ("1.0~~", "1.0~"), ("2.30-1", "2.30-1ubuntu0.1"), ("0:1.0", "1:0.1"), ("7.88.1-10+deb12u8", "7.88.1-10+deb12u14"),
    ])
    func ordered(lower: String, higher: String) {
        #expect(DebianVersion(lower) < DebianVersion(higher))
        #expect(!(DebianVersion(higher) < DebianVersion(lower)))
    }

    @Test func equalDespiteZeros() {
        #expect(DebianVersion("1.01") == DebianVersion("1.1"))
        #expect(DebianVersion("0:1.0") == DebianVersion("1.0"))
    }
}
