import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for tests: a port of its own, one thread per connection,
/// and a handler that can answer normally or misbehave (hang, reset, send too much). Stops on `stop()`.
public final class TestHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        /// The Content-Length bytes that followed the head (empty without one).
        public var body: Data = Data()
    }

    public enum Reply: Sendable {
        case respond(status: Int, headers: [String: String], body: Data)
        /// Accept the request and never answer (until the server stops).
        case hang
        /// Close the connection without a word.
        case reset
        /// Send a body of this many bytes, in chunks, whatever the client wants.
        case stream(bytes: Int)

        public static func text(_ body: String, status: Int = 200, headers: [String: String] = [:]) -> Reply {
            .respond(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"].merging(headers) { $1 }, body: Data(body.utf8))
        }
    }

    public let port: UInt16
    private let socketFD: Int32
    private let handler: @Sendable (Request) -> Reply
    private let lock = NSLock()
    private var stopped = false
    private var requests: [Request] = []

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var received: [Request] { lock.withLock { requests } }

    public init(handler: @escaping @Sendable (Request) -> Reply) throws {
        self.handler = handler
        // A client that hangs up while the server writes must not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socketFD, 64) == 0 else { close(socketFD); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        self.socketFD = socketFD
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    public func stop() {
        let wasRunning = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        if wasRunning { shutdown(socketFD, Int32(SHUT_RDWR)); close(socketFD) }
    }

    var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        while !isStopped {
            let client = accept(socketFD, nil, nil)
            if client < 0 { if isStopped { return } else { continue } }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var received = Data()
        while received.range(of: Data("\r\n\r\n".utf8)) == nil {
            let count = read(client, &buffer, buffer.count)
            if count <= 0 { return }
            received.append(contentsOf: buffer[0..<count])
            if received.count > 1 << 20 { return }
        }
        let headEnd = received.range(of: Data("\r\n\r\n".utf8))!
        let head = String(decoding: received[..<headEnd.lowerBound], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(received[headEnd.upperBound...])
        let length = min(headers["content-length"].flatMap { Int($0) } ?? 0, 16 << 20)
        while body.count < length {
            let count = read(client, &buffer, min(buffer.count, length - body.count))
            if count <= 0 { return }
            body.append(contentsOf: buffer[0..<count])
        }
        let request = Request(method: String(parts[0]), path: String(parts[1]), headers: headers, body: body.prefix(length))
        lock.withLock { requests.append(request) }
        switch handler(request) {
        case .respond(let status, let extra, let body):
            var text = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
            for (name, value) in extra { text += "\(name): \(value)\r\n" }
            send(client, Data((text + "\r\n").utf8) + body)
        case .hang:
            while !isStopped { usleep(50_000) }
        case .reset:
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        case .stream(let bytes):
            send(client, Data("HTTP/1.1 200 OK\r\nContent-Length: \(bytes)\r\nConnection: close\r\n\r\n".utf8))
            let chunk = Data(repeating: UInt8(ascii: "a"), count: 65_536)
            var sent = 0
            while sent < bytes && !isStopped {
                guard send(client, chunk.prefix(bytes - sent)) else { return }
                sent += min(chunk.count, bytes - sent)
            }
        }
    }

    @discardableResult
    private func send(_ client: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(client, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }
}
