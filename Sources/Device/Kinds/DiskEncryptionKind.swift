import AuditCore
import Foundation

/// Whether the disks holding the system and the home folder are encrypted: LUKS under device-mapper
/// (also with LVM on top), or an encrypted home file system (eCryptfs, gocryptfs).
struct DiskEncryptionKind: CheckKind {
    static let description = KindDescription(
        identifier: "disk-encryption",
        family: "device",
        summary: "Follows each folder's mount to its block device through device-mapper and looks for a CRYPT- target.",
        parameters: [ParameterSpec("folders", "folders whose disks must be encrypted; default / and ~")],
        examples: [
            KindExample("LVM on LUKS passes", parameters: "folders: [/]", files: [
                "/proc/mounts": "/dev/mapper/vg-root / ext4 rw 0 0\n",
                "/sys/block/dm-1/dm/name": "vg-root\n",
                "/sys/block/dm-1/dm/uuid": "LVM-abc\n",
                "/sys/block/dm-1/slaves/dm-0": "",
                "/sys/block/dm-0/dm/name": "nvme0n1p3_crypt\n",
                "/sys/block/dm-0/dm/uuid": "CRYPT-LUKS2-0123456789abcdef-nvme0n1p3_crypt\n",
            ], expect: .passed),
            KindExample("a plain partition fails", parameters: "folders: [/, ~]", files: [
                "/proc/mounts": "/dev/sda2 / ext4 rw 0 0\n/dev/sda3 /home ext4 rw 0 0\n",
            ], expect: .failed, findings: 1),
            KindExample("an overlay root cannot be judged", parameters: "folders: [/]", files: [
                "/proc/mounts": "overlay / overlay rw 0 0\n",
            ], expect: .skipped),
            KindExample("an eCryptfs home passes", parameters: "folders: [~]", files: [
                "/proc/mounts": "/dev/sda2 / ext4 rw 0 0\n/home/.ecryptfs/me/.Private /home ecryptfs rw 0 0\n",
            ], expect: .passed),
        ])

    static let encryptingFileSystems: Set<String> = ["ecryptfs", "fuse.gocryptfs", "fuse.cryfs", "fuse.encfs", "fuse.securefs"]
    static let virtualFileSystems: Set<String> = ["overlay", "tmpfs", "virtiofs", "9p", "fuse.lxcfs", "aufs", "shiftfs", "rootfs", "nfs", "nfs4", "cifs"]

    let folders: [String]

    init(parameters: Parameters) throws {
        folders = try parameters.strings("folders", default: ["/", "~"])
    }

    struct Mount { var source: String; var point: String; var type: String }

    static func mounts(_ text: String) -> [Mount] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: " ").map { unescape(String($0)) }
            return fields.count >= 3 ? Mount(source: fields[0], point: fields[1], type: fields[2]) : nil
        }
    }

    /// `/proc/mounts` writes space as `\040`.
    static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var out = "", chars = Array(field), i = 0
        while i < chars.count {
            if chars[i] == "\\", i + 3 < chars.count, let code = UInt8(String(chars[(i + 1)...(i + 3)]), radix: 8) {
                out.append(Character(UnicodeScalar(code)))
                i += 4
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return out
    }

    enum Verdict { case encrypted(String), plain(String), unknown(LocalizedText) }

    func judge(_ folder: String, mounts: [Mount], host: Machine) throws -> Verdict {
        let path = folder == "~" ? host.home : (folder.hasPrefix("~/") ? host.home + folder.dropFirst() : folder)
        let mount = mounts.filter { $0.point == "/" || path == $0.point || path.hasPrefix($0.point + "/") }
            .max { $0.point.count < $1.point.count }
        guard let mount else {
            return .unknown(LocalizedText(en: "no mount found for \(folder)", nl: "geen koppeling gevonden voor \(folder)"))
        }
        if Self.encryptingFileSystems.contains(mount.type) { return .encrypted("\(mount.point) (\(mount.type))") }
        if Self.virtualFileSystems.contains(mount.type) {
            return .unknown(LocalizedText(
                en: "\(mount.point) is on \(mount.type): a container or network file system, whose disk cannot be seen from here",
                nl: "\(mount.point) staat op \(mount.type): een container- of netwerkbestandssysteem waarvan de schijf hier niet te zien is"))
        }
        let device = (mount.source as NSString).lastPathComponent
        var dm: String?
        if mount.source.hasPrefix("/dev/dm-") {
            dm = device
        } else if mount.source.hasPrefix("/dev/mapper/") {
            for nameFile in try host.glob("/sys/block/dm-*/dm/name")
            where try host.read(nameFile)?.trimmingCharacters(in: .whitespacesAndNewlines) == device {
                dm = nameFile.split(separator: "/")[2].description
            }
        }
        guard let dm else { return .plain("\(mount.point) (\(mount.source))") }
        return try isCrypt(dm, host: host, depth: 0) ? .encrypted("\(mount.point) (\(mount.source), LUKS)") : .plain("\(mount.point) (\(mount.source))")
    }

    func isCrypt(_ dm: String, host: Machine, depth: Int) throws -> Bool {
        guard depth < 8 else { return false }
        if let uuid = try host.read("/sys/block/\(dm)/dm/uuid"), uuid.hasPrefix("CRYPT-") { return true }
        let slaves = try host.list("/sys/block/\(dm)/slaves")
        guard !slaves.isEmpty else { return false }
        for slave in slaves {
            guard slave.hasPrefix("dm-") else { return false }
            guard try isCrypt(slave, host: host, depth: depth + 1) else { return false }
        }
        return true
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        let host = context.host
        guard let text = try host.read("/proc/mounts") else {
            return .skipped(reason: LocalizedText(en: "/proc/mounts cannot be read", nl: "/proc/mounts is niet te lezen"))
        }
        let mounts = Self.mounts(text)
        var encrypted: [String] = [], plain: [String] = [], unknown: [LocalizedText] = []
        for folder in folders {
            switch try judge(folder, mounts: mounts, host: host) {
            case .encrypted(let what): if !encrypted.contains(what) { encrypted.append(what) }
            case .plain(let what): if !plain.contains(what) { plain.append(what) }
            case .unknown(let why): unknown.append(why)
            }
        }
        if !plain.isEmpty {
            var detail = LocalizedText(en: "Not encrypted: \(plain.joined(separator: ", ")). Anyone who gets hold of this computer or its disk can read your files.",
                                       nl: "Niet versleuteld: \(plain.joined(separator: ", ")). Wie deze computer of de schijf in handen krijgt, kan je bestanden lezen.")
            if (try? host.read("/proc/cpuinfo"))??.contains(" hypervisor") == true {
                detail = detail + LocalizedText(en: " This is a virtual machine: its host may encrypt the real disk, which cannot be seen from inside.",
                                                nl: " Dit is een virtuele machine: de host kan de echte schijf versleutelen, wat van binnenuit niet te zien is.")
            }
            return .failed([FindingDraft(key: plain.sorted().joined(separator: ","), detail: detail,
                                         subjects: plain.map { Subject($0) })])
        }
        if !unknown.isEmpty {
            return .skipped(reason: LocalizedText(en: unknown.map(\.en).joined(separator: "; "), nl: unknown.map(\.nl).joined(separator: "; ")))
        }
        return .passed(evidence: LocalizedText(en: "encrypted: \(encrypted.joined(separator: ", "))",
                                               nl: "versleuteld: \(encrypted.joined(separator: ", "))"))
    }
}
