import AuditCore
import CCurl
import Foundation

/// Fetches over libcurl: http and https only (also on redirects), TLS verification always on,
/// connect and total time limits, a body cap, compressed transfers, an honest user agent.
/// Each transfer runs on a thread of its own, so a slow server holds up nothing else.
public struct CurlFetcher: HTTPFetching {
    public static let userAgent = "hygiene/0.1 (privacy self-audit; fetches only what its user asked for)"

    /// libcurl's global set-up, done once before the first transfer.
    static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    public init() {}

    public func fetch(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard Self.initialised else { throw FetchError.other(request.url, "libcurl could not be initialised") }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue(label: "hygiene.fetch").async {
                continuation.resume(with: Result { try Self.perform(request) })
            }
        }
    }

    /// What a transfer collects, reached from libcurl's callbacks through their context pointer.
    final class Transfer {
        var body = Data()
        var headers: [String: String] = [:]
        let limit: Int
        var overflowed = false
        init(limit: Int) { self.limit = limit }
    }

    /// GET by default; a POST sends the body (or none) with its length; any other method is sent as given.
    /// libcurl copies the body (CURLOPT_COPYPOSTFIELDS after its size), so it may contain any byte, NUL included.
    static func setMethodAndBody(_ handle: UnsafeMutableRawPointer, _ request: HTTPRequest,
                                 _ check: (CURLcode, String) throws -> Void) throws {
        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body == nil:
            return
        case "HEAD" where request.body == nil:
            try check(hygiene_curl_set_long(handle, CURLOPT_NOBODY, 1), "the HEAD method")
            return
        case "POST":
            break
        default:
            guard !method.isEmpty, method.allSatisfy({ $0.isLetter || $0 == "-" }) else {
                throw FetchError.other(request.url, "\"\(request.method)\" is not an HTTP method")
            }
            try check(hygiene_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method), "the method \(method)")
        }
        let body = request.body ?? Data()
        try check(hygiene_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "the body size")
        try body.withUnsafeBytes { raw in
            // An empty body still needs a valid pointer; libcurl copies nothing from it.
            let empty: UInt8 = 0
            try withUnsafePointer(to: empty) { fallback in
                try check(hygiene_curl_set_bytes(handle, CURLOPT_COPYPOSTFIELDS, raw.baseAddress ?? UnsafeRawPointer(fallback)), "the body")
            }
        }
    }

    static func perform(_ request: HTTPRequest) throws -> HTTPResponse {
        let lower = request.url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw lower.contains("://") ? FetchError.protocolNotAllowed(request.url) : FetchError.invalidURL(request.url)
        }
        guard let handle = curl_easy_init() else { throw FetchError.other(request.url, "libcurl could not start a transfer") }
        defer { curl_easy_cleanup(handle) }
        let transfer = Transfer(limit: request.maxBytes)
        let context = Unmanaged.passRetained(transfer)
        defer { context.release() }
        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        for (name, value) in request.headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
        if request.body != nil, !request.headers.keys.contains(where: { $0.lowercased() == "expect" }) {
            headerList = curl_slist_append(headerList, "Expect:")   // no "100-continue" round trip before the body
        }
        defer { curl_slist_free_all(headerList) }

        func check(_ code: CURLcode, _ what: String) throws {
            guard code == CURLE_OK else { throw FetchError.other(request.url, "libcurl refused \(what): \(String(cString: curl_easy_strerror(code)))") }
        }
        let milliseconds = { (duration: Duration) in Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000) }
        try check(hygiene_curl_set_string(handle, CURLOPT_URL, request.url), "the address")
        try check(hygiene_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"), "the protocols")
        try check(hygiene_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"), "the redirect protocols")
        try check(hygiene_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1), "following redirects")
        try check(hygiene_curl_set_long(handle, CURLOPT_MAXREDIRS, request.maxRedirects), "the redirect limit")
        try check(hygiene_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1), "TLS verification")
        try check(hygiene_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2), "TLS host verification")
        try check(hygiene_curl_set_long(handle, CURLOPT_NOSIGNAL, 1), "signals")
        try check(hygiene_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(request.connectTimeout)), "the connect time limit")
        try check(hygiene_curl_set_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(request.timeout)), "the time limit")
        try setMethodAndBody(handle, request, check)
        try check(hygiene_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, ""), "compression")
        try check(hygiene_curl_set_string(handle, CURLOPT_USERAGENT, userAgent), "the user agent")
        try check(hygiene_curl_set_list(handle, CURLOPT_HTTPHEADER, headerList), "the headers")
        try check(hygiene_curl_set_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque()), "the body buffer")
        try check(hygiene_curl_set_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque()), "the header buffer")
        try check(hygiene_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, { data, size, count, pointer in
            let transfer = Unmanaged<Transfer>.fromOpaque(pointer!).takeUnretainedValue()
            let length = size * count
            guard transfer.body.count + length <= transfer.limit else {
                if let data { transfer.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: transfer.limit - transfer.body.count) }
                transfer.overflowed = true
                return 0   // stops the transfer with CURLE_WRITE_ERROR
            }
            if let data { transfer.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length) }
            return length
        }), "the body callback")
        try check(hygiene_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, { data, size, count, pointer in
            let transfer = Unmanaged<Transfer>.fromOpaque(pointer!).takeUnretainedValue()
            let length = size * count
            guard let data else { return length }
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                transfer.headers = [:]   // a new response after a redirect
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].lowercased()
                transfer.headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return length
        }), "the header callback")

        let code = curl_easy_perform(handle)
        switch code {
        case CURLE_OK: break
        case CURLE_WRITE_ERROR where transfer.overflowed && request.acceptPartial: break
        case CURLE_WRITE_ERROR where transfer.overflowed: throw FetchError.tooLarge(request.url, limit: request.maxBytes)
        case CURLE_UNSUPPORTED_PROTOCOL: throw FetchError.protocolNotAllowed(request.url)
        case CURLE_URL_MALFORMAT: throw FetchError.invalidURL(request.url)
        case CURLE_COULDNT_RESOLVE_HOST: throw FetchError.dns(request.url)
        case CURLE_COULDNT_CONNECT: throw FetchError.refused(request.url)
        case CURLE_OPERATION_TIMEDOUT: throw FetchError.timeout(request.url, seconds: Int(request.timeout.components.seconds))
        case CURLE_TOO_MANY_REDIRECTS: throw FetchError.tooManyRedirects(request.url)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE:
            throw FetchError.tls(request.url, String(cString: curl_easy_strerror(code)))
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            throw FetchError.connectionLost(request.url)
        default:
            throw FetchError.other(request.url, String(cString: curl_easy_strerror(code)))
        }
        var status = 0
        _ = hygiene_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>? = nil
        _ = hygiene_curl_get_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        return HTTPResponse(status: status, headers: transfer.headers, body: transfer.body,
                            finalURL: effective.map { String(cString: $0) } ?? request.url, truncated: transfer.overflowed)
    }
}
