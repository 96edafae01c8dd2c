import CDBus
import Foundation

/// A value read from a D-Bus message, whatever its signature: the BlueZ client reads dictionaries of
/// variants whose types a broken or hostile service may get wrong, so nothing is assumed until asked.
indirect enum DBusValue: Sendable, Equatable {
    case byte(UInt8)
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    /// A string, an object path or a signature.
    case string(String)
    /// An array of bytes (`ay`), kept as bytes.
    case bytes([UInt8])
    case array([DBusValue])
    /// An array of dictionary entries (`a{..}`), in the order sent.
    case dict([Entry])
    case variant(DBusValue)
    case structure([DBusValue])
    /// A type this reader does not take (a file descriptor).
    case unsupported

    struct Entry: Sendable, Equatable {
        var key: DBusValue
        var value: DBusValue
    }

    /// The value inside any variants.
    var unwrapped: DBusValue {
        if case .variant(let inner) = self { return inner.unwrapped }
        return self
    }

    var string: String? { if case .string(let s) = unwrapped { return s }; return nil }
    var bool: Bool? { if case .bool(let b) = unwrapped { return b }; return nil }
    var bytes: [UInt8]? { if case .bytes(let b) = unwrapped { return b }; return nil }
    var integer: Int64? {
        switch unwrapped {
        case .int(let v): v
        case .uint(let v): v <= UInt64(Int64.max) ? Int64(v) : nil
        case .byte(let v): Int64(v)
        default: nil
        }
    }

    var strings: [String]? {
        guard case .array(let items) = unwrapped else { return nil }
        let texts = items.compactMap(\.string)
        return texts.count == items.count ? texts : nil
    }

    /// A dictionary with string keys (`a{sv}`, `a{sa{sv}}`), or nil for any other shape.
    var stringDictionary: [String: DBusValue]? {
        guard case .dict(let entries) = unwrapped else { return nil }
        var result: [String: DBusValue] = [:]
        for entry in entries {
            guard case .string(let key) = entry.key else { return nil }
            result[key] = entry.value
        }
        return result
    }
}

/// An argument of a method call this client sends: BlueZ needs only these.
enum DBusArgument {
    case string(String)
    case objectPath(String)
    /// `a{sv}` with string or boolean values.
    case options([(String, DBusArgument)])
    case bool(Bool)
}

/// A D-Bus error or a failure of the connection, with the error's name where the bus gave one.
struct DBusFailure: Error, Sendable, Equatable {
    /// `org.freedesktop.DBus.Error.ServiceUnknown`, `org.bluez.Error.NotReady`, or `connection` when the bus could not be reached.
    var name: String
    var message: String

    static let noReply = "org.freedesktop.DBus.Error.NoReply"
    static let timeout = "org.freedesktop.DBus.Error.Timeout"
    static let serviceUnknown = "org.freedesktop.DBus.Error.ServiceUnknown"
    static let nameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner"
    static let accessDenied = "org.freedesktop.DBus.Error.AccessDenied"
    static let unknownObject = "org.freedesktop.DBus.Error.UnknownObject"
    static let unknownMethod = "org.freedesktop.DBus.Error.UnknownMethod"
    static let disconnected = "org.freedesktop.DBus.Error.Disconnected"
    static let connection = "connection"
    static let malformed = "malformed"
}

/// A message that arrived on its own: a signal, or the bus saying the connection is gone.
struct DBusSignal: Sendable {
    var sender: String
    var path: String
    var interface: String
    var member: String
    var body: [DBusValue]
}

/// One private connection to a bus through libdbus, used from one thread at a time. Never exits the
/// process when the bus goes away (libdbus's default for the system bus); the caller is told instead.
final class DBusConnection: @unchecked Sendable {
    private let raw: OpaquePointer
    /// The most items one message may hold before it is refused as malformed (a hostile service
    /// cannot make the reader allocate without end).
    static let itemLimit = 200_000

    private static let threads: Bool = { dbus_threads_init_default() != 0 }()

    /// Connects to `address`, or to the system bus (`DBUS_SYSTEM_BUS_ADDRESS` honoured) when nil.
    init(address: String?) throws {
        _ = Self.threads
        var error = DBusError()
        dbus_error_init(&error)
        defer { dbus_error_free(&error) }
        let connection: OpaquePointer?
        if let address {
            connection = dbus_connection_open_private(address, &error)
            if let connection, dbus_bus_register(connection, &error) == 0 {
                dbus_connection_close(connection)
                dbus_connection_unref(connection)
                throw Self.failure(&error, fallback: "could not register on the bus")
            }
        } else {
            connection = dbus_bus_get_private(DBUS_BUS_SYSTEM, &error)
        }
        guard let connection else { throw Self.failure(&error, fallback: "could not connect to the bus") }
        dbus_connection_set_exit_on_disconnect(connection, 0)
        raw = connection
    }

    deinit {
        dbus_connection_close(raw)
        dbus_connection_unref(raw)
    }

    var isConnected: Bool { dbus_connection_get_is_connected(raw) != 0 }

    /// Calls a method and waits at most `timeout` milliseconds for its reply.
    func call(_ destination: String, _ path: String, _ interface: String, _ method: String,
              _ arguments: [DBusArgument] = [], timeout: Int32) throws -> [DBusValue] {
        guard let message = dbus_message_new_method_call(destination, path, interface, method) else {
            throw DBusFailure(name: DBusFailure.malformed, message: "could not build the call \(interface).\(method) on \(path)")
        }
        defer { dbus_message_unref(message) }
        var iterator = DBusMessageIter()
        dbus_message_iter_init_append(message, &iterator)
        for argument in arguments {
            guard Self.append(argument, to: &iterator) else {
                throw DBusFailure(name: DBusFailure.malformed, message: "out of memory building \(interface).\(method)")
            }
        }
        var error = DBusError()
        dbus_error_init(&error)
        defer { dbus_error_free(&error) }
        guard let reply = dbus_connection_send_with_reply_and_block(raw, message, timeout, &error) else {
            throw Self.failure(&error, fallback: "no reply to \(interface).\(method)")
        }
        defer { dbus_message_unref(reply) }
        return try Self.body(of: reply)
    }

    /// Asks the bus to deliver signals matching `rule` (`type='signal',sender='org.bluez',…`).
    func addMatch(_ rule: String) throws {
        var error = DBusError()
        dbus_error_init(&error)
        defer { dbus_error_free(&error) }
        dbus_bus_add_match(raw, rule, &error)
        if dbus_error_is_set(&error) != 0 { throw Self.failure(&error, fallback: "could not subscribe to \(rule)") }
    }

    /// The signals that arrived within `timeout` milliseconds (all that are queued, or none). Throws
    /// `Disconnected` when the bus has gone away.
    func signals(waiting timeout: Int32) throws -> [DBusSignal] {
        var result: [DBusSignal] = []
        var disconnected = dbus_connection_read_write(raw, timeout) == 0
        while let message = dbus_connection_pop_message(raw) {
            defer { dbus_message_unref(message) }
            guard dbus_message_get_type(message) == hygiene_dbus_message_type_signal else { continue }
            let interface = dbus_message_get_interface(message).map { String(cString: $0) } ?? ""
            let member = dbus_message_get_member(message).map { String(cString: $0) } ?? ""
            if interface == "org.freedesktop.DBus.Local" && member == "Disconnected" { disconnected = true; continue }
            // A signal whose body cannot be read is dropped here; the scanner counts what it could not read.
            let body = (try? Self.body(of: message)) ?? [.unsupported]
            result.append(DBusSignal(
                sender: dbus_message_get_sender(message).map { String(cString: $0) } ?? "",
                path: dbus_message_get_path(message).map { String(cString: $0) } ?? "",
                interface: interface, member: member, body: body))
        }
        if disconnected && result.isEmpty {
            throw DBusFailure(name: DBusFailure.disconnected, message: "the connection to the bus was closed")
        }
        return result
    }

    // MARK: - Reading

    private static func body(of message: OpaquePointer) throws -> [DBusValue] {
        if dbus_message_get_type(message) == hygiene_dbus_message_type_error {
            let name = dbus_message_get_error_name(message).map { String(cString: $0) } ?? "org.freedesktop.DBus.Error.Failed"
            var iterator = DBusMessageIter()
            var text = ""
            if dbus_message_iter_init(message, &iterator) != 0, dbus_message_iter_get_arg_type(&iterator) == hygiene_dbus_type_string {
                var pointer: UnsafePointer<CChar>?
                dbus_message_iter_get_basic(&iterator, &pointer)
                text = pointer.map { String(cString: $0) } ?? ""
            }
            throw DBusFailure(name: name, message: text)
        }
        var iterator = DBusMessageIter()
        guard dbus_message_iter_init(message, &iterator) != 0 else { return [] }
        var budget = itemLimit
        var values: [DBusValue] = []
        repeat {
            values.append(try read(&iterator, depth: 0, budget: &budget))
        } while dbus_message_iter_next(&iterator) != 0
        return values
    }

    private static func read(_ iterator: inout DBusMessageIter, depth: Int, budget: inout Int) throws -> DBusValue {
        budget -= 1
        guard budget >= 0, depth < 64 else {
            throw DBusFailure(name: DBusFailure.malformed, message: "a message nested too deep or with more than \(itemLimit) items")
        }
        let type = dbus_message_iter_get_arg_type(&iterator)
        switch type {
        case hygiene_dbus_type_byte:
            var v: UInt8 = 0; dbus_message_iter_get_basic(&iterator, &v); return .byte(v)
        case hygiene_dbus_type_boolean:
            var v: dbus_bool_t = 0; dbus_message_iter_get_basic(&iterator, &v); return .bool(v != 0)
        case hygiene_dbus_type_int16:
            var v: Int16 = 0; dbus_message_iter_get_basic(&iterator, &v); return .int(Int64(v))
        case hygiene_dbus_type_uint16:
            var v: UInt16 = 0; dbus_message_iter_get_basic(&iterator, &v); return .uint(UInt64(v))
        case hygiene_dbus_type_int32:
            var v: Int32 = 0; dbus_message_iter_get_basic(&iterator, &v); return .int(Int64(v))
        case hygiene_dbus_type_uint32:
            var v: UInt32 = 0; dbus_message_iter_get_basic(&iterator, &v); return .uint(UInt64(v))
        case hygiene_dbus_type_int64:
            var v: Int64 = 0; dbus_message_iter_get_basic(&iterator, &v); return .int(v)
        case hygiene_dbus_type_uint64:
            var v: UInt64 = 0; dbus_message_iter_get_basic(&iterator, &v); return .uint(v)
        case hygiene_dbus_type_double:
            var v: Double = 0; dbus_message_iter_get_basic(&iterator, &v); return .double(v)
        case hygiene_dbus_type_string, hygiene_dbus_type_object_path, hygiene_dbus_type_signature:
            var pointer: UnsafePointer<CChar>?
            dbus_message_iter_get_basic(&iterator, &pointer)
            return .string(pointer.map { String(cString: $0) } ?? "")
        case hygiene_dbus_type_variant:
            var inner = DBusMessageIter()
            dbus_message_iter_recurse(&iterator, &inner)
            return .variant(try read(&inner, depth: depth + 1, budget: &budget))
        case hygiene_dbus_type_struct, hygiene_dbus_type_dict_entry:
            var inner = DBusMessageIter()
            dbus_message_iter_recurse(&iterator, &inner)
            var fields: [DBusValue] = []
            while dbus_message_iter_get_arg_type(&inner) != hygiene_dbus_type_invalid {
                fields.append(try read(&inner, depth: depth + 1, budget: &budget))
                dbus_message_iter_next(&inner)
            }
            return .structure(fields)
        case hygiene_dbus_type_array:
            let element = dbus_message_iter_get_element_type(&iterator)
            var inner = DBusMessageIter()
            dbus_message_iter_recurse(&iterator, &inner)
            if element == hygiene_dbus_type_byte {
                var bytes: [UInt8] = []
                while dbus_message_iter_get_arg_type(&inner) == hygiene_dbus_type_byte {
                    var v: UInt8 = 0
                    dbus_message_iter_get_basic(&inner, &v)
                    bytes.append(v)
                    budget -= 1
                    guard budget >= 0 else { throw DBusFailure(name: DBusFailure.malformed, message: "a message with more than \(itemLimit) items") }
                    dbus_message_iter_next(&inner)
                }
                return .bytes(bytes)
            }
            var items: [DBusValue] = []
            while dbus_message_iter_get_arg_type(&inner) != hygiene_dbus_type_invalid {
                items.append(try read(&inner, depth: depth + 1, budget: &budget))
                dbus_message_iter_next(&inner)
            }
            if element == hygiene_dbus_type_dict_entry {
                return .dict(items.compactMap { item in
                    guard case .structure(let pair) = item, pair.count == 2 else { return nil }
                    return DBusValue.Entry(key: pair[0], value: pair[1])
                })
            }
            return .array(items)
        default:
            return .unsupported
        }
    }

    // MARK: - Writing

    private static func append(_ argument: DBusArgument, to iterator: inout DBusMessageIter) -> Bool {
        switch argument {
        case .string(let text):
            return text.withCString { pointer in
                var value: UnsafePointer<CChar>? = pointer
                return dbus_message_iter_append_basic(&iterator, hygiene_dbus_type_string, &value) != 0
            }
        case .objectPath(let path):
            return path.withCString { pointer in
                var value: UnsafePointer<CChar>? = pointer
                return dbus_message_iter_append_basic(&iterator, hygiene_dbus_type_object_path, &value) != 0
            }
        case .bool(let flag):
            var value: dbus_bool_t = flag ? 1 : 0
            return dbus_message_iter_append_basic(&iterator, hygiene_dbus_type_boolean, &value) != 0
        case .options(let entries):
            var array = DBusMessageIter()
            guard dbus_message_iter_open_container(&iterator, hygiene_dbus_type_array, "{sv}", &array) != 0 else { return false }
            for (key, value) in entries {
                var entry = DBusMessageIter()
                guard dbus_message_iter_open_container(&array, hygiene_dbus_type_dict_entry, nil, &entry) != 0,
                      append(.string(key), to: &entry) else { return false }
                let signature: String
                switch value {
                case .string: signature = "s"
                case .bool: signature = "b"
                case .objectPath: signature = "o"
                case .options: signature = "a{sv}"
                }
                var variant = DBusMessageIter()
                guard dbus_message_iter_open_container(&entry, hygiene_dbus_type_variant, signature, &variant) != 0,
                      append(value, to: &variant),
                      dbus_message_iter_close_container(&entry, &variant) != 0,
                      dbus_message_iter_close_container(&array, &entry) != 0 else { return false }
            }
            return dbus_message_iter_close_container(&iterator, &array) != 0
        }
    }

    private static func failure(_ error: inout DBusError, fallback: String) -> DBusFailure {
        guard dbus_error_is_set(&error) != 0 else { return DBusFailure(name: DBusFailure.connection, message: fallback) }
        let name = error.name.map { String(cString: $0) } ?? DBusFailure.connection
        let message = error.message.map { String(cString: $0) } ?? fallback
        return DBusFailure(name: name, message: message)
    }
}
