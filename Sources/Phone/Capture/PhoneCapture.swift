import AuditCore
import Foundation

/// How a probe's command ended.
public enum ProbeOutcome: String, Sendable, Codable, Hashable {
    /// It ran to the end; its exit status is recorded.
    case completed
    /// It was stopped at its time limit.
    case timedOut = "timed-out"
    /// It could not be started.
    case failedToRun = "failed-to-run"
}

/// One probe's entry in `manifest.json`.
public struct ProbeRecord: Sendable, Codable, Hashable {
    public var id: String
    /// The whole command line run on this computer (`adb -s SERIAL shell pm list users`).
    public var commandLine: [String]
    public var outcome: ProbeOutcome
    public var status: Int32?
    /// File names inside the capture folder.
    public var stdoutFile: String
    public var stderrFile: String
    public var started: Date
    public var seconds: Double

    public init(id: String, commandLine: [String], outcome: ProbeOutcome, status: Int32?, stdoutFile: String,
                stderrFile: String, started: Date, seconds: Double) {
        self.id = id
        self.commandLine = commandLine
        self.outcome = outcome
        self.status = status
        self.stdoutFile = stdoutFile
        self.stderrFile = stderrFile
        self.started = started
        self.seconds = seconds
    }
}

/// Which kind of phone a capture holds.
public enum PhonePlatform: String, Sendable, Codable, Hashable, CaseIterable {
    /// Read over adb.
    case android
    /// An iPhone, read over USB with libimobiledevice's tools.
    case ios
}

/// `manifest.json` of a capture folder: which phone, when, and every probe run.
public struct CaptureManifest: Sendable, Codable, Hashable {
    /// Version 2 adds `platform`; a version 1 manifest has none and is an Android phone's.
    public static let currentFormat = "hygiene-phone-capture/2"
    public static let readableFormats = ["hygiene-phone-capture/1", currentFormat]

    public var format: String
    public var platform: PhonePlatform
    public var created: Date
    /// The program that read the phone: adb, or the iPhone tools (`libimobiledevice`).
    public var adb: String
    /// The phone: adb's serial, or the iPhone's UDID in `serial`, with what is known of the model.
    public var device: AndroidDevice
    public var probes: [ProbeRecord]
    /// Why the capture ended before every probe ran (the phone stopped answering), in English and Dutch.
    public var stoppedEarly: LocalizedText?

    public init(format: String = Self.currentFormat, platform: PhonePlatform = .android, created: Date, adb: String,
                device: AndroidDevice, probes: [ProbeRecord], stoppedEarly: LocalizedText? = nil) {
        self.format = format
        self.platform = platform
        self.created = created
        self.adb = adb
        self.device = device
        self.probes = probes
        self.stoppedEarly = stoppedEarly
    }

    enum CodingKeys: String, CodingKey { case format, platform, created, adb, device, probes, stoppedEarly }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        platform = try container.decodeIfPresent(PhonePlatform.self, forKey: .platform) ?? .android
        created = try container.decode(Date.self, forKey: .created)
        adb = try container.decode(String.self, forKey: .adb)
        device = try container.decode(AndroidDevice.self, forKey: .device)
        probes = try container.decode([ProbeRecord].self, forKey: .probes)
        stoppedEarly = try container.decodeIfPresent(LocalizedText.self, forKey: .stoppedEarly)
    }
}

/// What one probe printed, with its record.
public struct ProbeOutput: Sendable, Hashable {
    public var record: ProbeRecord
    public var stdout: String
    public var stderr: String

    public init(record: ProbeRecord, stdout: String, stderr: String) {
        self.record = record
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// A capture folder read back: the manifest and every probe's output, ready for the parsers.
public struct PhoneCapture: Sendable {
    public let folder: String
    public let manifest: CaptureManifest
    public let outputs: [String: ProbeOutput]

    public init(folder: String, manifest: CaptureManifest, outputs: [String: ProbeOutput]) {
        self.folder = folder
        self.manifest = manifest
        self.outputs = outputs
    }

    public static let manifestName = "manifest.json"

    /// The output of the probe with that id, `nil` when the capture did not run it.
    public func output(_ id: String) -> ProbeOutput? { outputs[id] }

    /// Reads a saved capture folder (from this run or from another computer).
    public static func load(from folder: String) throws -> PhoneCapture {
        let manifestPath = folder + "/" + manifestName
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw PhoneError.invalidCapture(path: folder, reason: "it has no \(manifestName)")
        }
        let manifest: CaptureManifest
        do {
            manifest = try CaptureFiles.decoder.decode(CaptureManifest.self, from: data)
        } catch {
            throw PhoneError.invalidCapture(path: manifestPath, reason: "the manifest does not decode (\(error))")
        }
        guard CaptureManifest.readableFormats.contains(manifest.format) else {
            throw PhoneError.invalidCapture(path: manifestPath,
                                            reason: "format '\(manifest.format)' is not \(CaptureManifest.readableFormats.joined(separator: " or "))")
        }
        var outputs: [String: ProbeOutput] = [:]
        for record in manifest.probes {
            var texts: [String] = []
            for name in [record.stdoutFile, record.stderrFile] {
                guard CaptureFiles.isPlainName(name) else {
                    throw PhoneError.invalidCapture(path: manifestPath, reason: "probe '\(record.id)' names a file outside the folder: '\(name)'")
                }
                guard let bytes = FileManager.default.contents(atPath: folder + "/" + name) else {
                    throw PhoneError.invalidCapture(path: folder, reason: "'\(name)' of probe '\(record.id)' is missing")
                }
                texts.append(String(decoding: bytes, as: UTF8.self))
            }
            outputs[record.id] = ProbeOutput(record: record, stdout: texts[0], stderr: texts[1])
        }
        return PhoneCapture(folder: folder, manifest: manifest, outputs: outputs)
    }
}

/// Writing a capture folder privately: the folder 0700, each file 0600.
enum CaptureFiles {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/")
    }

    /// Creates the folder (or takes an empty existing one) and makes it private.
    static func prepare(_ folder: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        do {
            if manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { throw PhoneError.captureFolder(path: folder, reason: "it is a file") }
                guard try manager.contentsOfDirectory(atPath: folder).isEmpty else {
                    throw PhoneError.captureFolder(path: folder, reason: "the folder is not empty")
                }
            } else {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
            }
            try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder)
        } catch let error as PhoneError {
            throw error
        } catch {
            throw PhoneError.captureFolder(path: folder, reason: error.localizedDescription)
        }
    }

    static func write(_ data: Data, named name: String, in folder: String) throws {
        let path = folder + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw PhoneError.captureFolder(path: path, reason: "the file could not be created")
        }
        do {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw PhoneError.captureFolder(path: path, reason: error.localizedDescription)
        }
    }
}
