import AuditCore
import Foundation

/// A product recognised by its packages, processes, files or enabled services. Products are data.
struct Product: Sendable {
    var name: String
    var packages: [String]
    var processes: [String]
    var paths: [String]
    var units: [String]

    static let keys = ["name", "packages", "processes", "paths", "units"]

    init(_ parameters: Parameters) throws {
        try parameters.allowOnly(Self.keys)
        name = try parameters.string("name")
        packages = try parameters.strings("packages", default: [])
        processes = try parameters.strings("processes", default: [])
        paths = try parameters.strings("paths", default: [])
        units = try parameters.strings("units", default: [])
        if packages.isEmpty && processes.isEmpty && paths.isEmpty && units.isEmpty {
            throw Parameters.Problem(message: "product '\(name)' needs at least one of packages, processes, paths or units")
        }
    }

    /// What shows the product is here, as subject fields; empty when nothing does.
    func evidence(on host: Machine) async throws -> [Subject.Field] {
        var fields: [Subject.Field] = []
        if !packages.isEmpty {
            let installed = try await InstalledPackages.read(host)
            for package in packages where installed.names.contains(package) { fields.append(.init("package", package)) }
        }
        if !processes.isEmpty {
            let running = try RunningProcesses.read(host)
            for name in processes {
                if let process = running.find(name) { fields.append(.init("process", "\(process.name) (pid \(process.pid))")) }
            }
        }
        for pattern in paths {
            for path in (try? host.glob(pattern)) ?? [] { fields.append(.init("path", host.display(path))) }
        }
        for unit in units {
            for user in [false, true] {
                if case .enabled(let link) = try SystemdUnits.state(of: unit, user: user, host: host) {
                    fields.append(.init("service", "\(unit) (\(host.display(link)))"))
                }
            }
        }
        return fields
    }
}

/// Whether products from a list are present: an antivirus that should be there, remote-access
/// tools that should not. Looks at packages, running processes, files and enabled services.
struct SoftwareKind: CheckKind {
    enum Expectation: String, CaseIterable { case present, absent }

    static let description = KindDescription(
        identifier: "software",
        family: "device",
        summary: "Finds products by package, process, path or service; passes when one is present, or when none is.",
        parameters: [
            ParameterSpec("products", required: true, "list of {name, packages, processes, paths, units}"),
            ParameterSpec("expect", "present (one of them should be here) or absent (none should be); default absent"),
        ],
        examples: [
            KindExample("a listed package is installed", parameters: """
                products: [{name: ClamAV, packages: [clamav]}]
                expect: present
                """, files: ["/var/lib/dpkg/status": "Package: clamav\nStatus: install ok installed\n\n"], expect: .passed),
            KindExample("a package removed but for its configuration is not present", parameters: """
                products: [{name: ClamAV, packages: [clamav]}]
                expect: present
                """, files: ["/var/lib/dpkg/status": "Package: clamav\nStatus: deinstall ok config-files\n\n"],
                expect: .failed, findings: 1),
            KindExample("a running remote-access process is found", parameters: """
                products: [{name: AnyDesk, processes: [anydesk]}, {name: TeamViewer, paths: [/opt/teamviewer]}]
                """, files: ["/proc/412/comm": "anydesk\n", "/proc/412/cmdline": "/usr/bin/anydesk\u{0}--service",
                             "/opt/teamviewer/tv_bin/TeamViewer": "binary"], expect: .failed, findings: 2),
            KindExample("nothing found passes when absence is expected", parameters: """
                products: [{name: AnyDesk, processes: [anydesk], packages: [anydesk]}]
                """, files: ["/var/lib/dpkg/status": "Package: bash\nStatus: install ok installed\n\n",
                             "/proc/1/comm": "systemd\n"], expect: .passed),
            KindExample("an enabled user service is found", parameters: """
                products: [{name: x11vnc, units: [x11vnc.service]}]
                """, files: ["~/.config/systemd/user/default.target.wants/x11vnc.service": ""], expect: .failed, findings: 1),
        ])

    let products: [Product]
    let expect: Expectation

    init(parameters: Parameters) throws {
        products = try parameters.list("products", Product.init)
        expect = try parameters.choice("expect", default: .absent)
    }

    func run(in context: CheckContext) async throws -> CheckOutcome {
        var found: [(Product, [Subject.Field])] = []
        for product in products {
            let evidence = try await product.evidence(on: context.host)
            if !evidence.isEmpty { found.append((product, evidence)) }
        }
        let names = products.map(\.name).joined(separator: ", ")
        switch expect {
        case .present:
            if let (product, evidence) = found.first {
                let how = evidence.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                return .passed(evidence: LocalizedText(en: "found \(product.name): \(how)", nl: "\(product.name) gevonden: \(how)"))
            }
            return .failed([FindingDraft(
                key: "none",
                detail: LocalizedText(en: "None of these was found on this machine: \(names).",
                                      nl: "Geen van deze is op deze machine gevonden: \(names)."))])
        case .absent:
            if found.isEmpty {
                return .passed(evidence: LocalizedText(
                    en: "none of \(products.count) known products found by package, process, file or service",
                    nl: "geen van de \(products.count) bekende producten gevonden als pakket, proces, bestand of dienst"))
            }
            return .failed(found.map { product, evidence in
                FindingDraft(
                    key: product.name,
                    detail: LocalizedText(en: "\(product.name) was found on this machine.",
                                          nl: "\(product.name) is op deze machine gevonden."),
                    subjects: [Subject(product.name, evidence)])
            })
        }
    }
}
