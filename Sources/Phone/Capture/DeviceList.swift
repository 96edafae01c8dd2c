/// One line of `adb devices -l`: a serial, its state and the `key:value` details adb adds.
public struct AndroidDevice: Sendable, Hashable, Codable {
    public var serial: String
    /// `device` when usable; `unauthorized`, `offline`, `recovery`, `sideload`, `bootloader`, `no permissions`, …
    public var state: String
    public var details: [String: String]

    public init(serial: String, state: String, details: [String: String] = [:]) {
        self.serial = serial
        self.state = state
        self.details = details
    }

    public var model: String? { details["model"] }
}

/// Reads the output of `adb devices -l`.
public enum DeviceList {
    /// The devices listed, in order; `nil` when the text is not a device list at all.
    public static func parse(_ text: String) -> [AndroidDevice]? {
        var devices: [AndroidDevice] = []
        var sawHeader = false
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("*") { continue }  // "* daemon started successfully"
            if line.hasPrefix("List of devices attached") { sawHeader = true; continue }
            guard sawHeader else { continue }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.count >= 2 else { continue }
            var state = words[1]
            var rest = words.dropFirst(2)
            // "no permissions (user in plugdev group; ...)" is the one state of more than one word.
            if state == "no", rest.first == "permissions" {
                state = "no permissions"
                rest = rest.drop { !$0.contains(":") || $0.hasPrefix("(") }
            }
            var details: [String: String] = [:]
            for word in rest {
                guard let colon = word.firstIndex(of: ":") else { continue }
                details[String(word[..<colon])] = String(word[word.index(after: colon)...])
            }
            devices.append(AndroidDevice(serial: words[0], state: state, details: details))
        }
        return sawHeader ? devices : nil
    }

    /// The device to read: the one with `serial`, or the only one connected. Throws what the user must do otherwise.
    public static func choose(from devices: [AndroidDevice], serial: String?) throws(PhoneError) -> AndroidDevice {
        let device: AndroidDevice
        if let serial {
            guard let match = devices.first(where: { $0.serial == serial }) else {
                throw .deviceNotFound(serial: serial, connected: devices.map(\.serial))
            }
            device = match
        } else {
            guard let first = devices.first else { throw .noDevice }
            guard devices.count == 1 else { throw .severalDevices(serials: devices.map(\.serial)) }
            device = first
        }
        switch device.state {
        case "device": return device
        case "unauthorized": throw .unauthorized(serial: device.serial)
        case "offline": throw .offline(serial: device.serial)
        default: throw .unusableState(serial: device.serial, state: device.state)
        }
    }
}

import Foundation
