public import SpamMail
public import SpamText

/// The HTTP/1.1 API of `smsfilter serve --http`, with no I/O: a request's head parsed, the
/// responses made. For SMS gateways and web applications that post a message and read a JSON
/// verdict. One request per connection (`Connection: close`); a body comes with a
/// Content-Length (none: no body), and chunked uploads are refused with 411 (curl's
/// `--data-binary` never sends them).
///
/// - `POST /classify[?sender=S&user=U]`: the body is one message (SMS text or a raw mail); the
///   answer is `{"verdict": "spam", "score": 0.9543, "threshold": 0.5637, "model": "86ede342"}`,
///   with `"reason"` when the verdict is not the score's alone. Over the size cap:
///   `{"verdict": "unfiltered", "reason": "too-large", "size": N}`.
/// - `POST /learn?label=spam|ham[&user=U]`, `POST /unlearn[?user=U]`: marks, as `smsfilter learn`
///   and `unlearn` make them; only with `--allow-tell`.
/// - `GET /health`: `{"status": "ok", "model": "86ede342"}`.
public enum HTTPProtocol {
    /// The most a request's head may take.
    public static let maxHeadBytes = 16 * 1024

    /// A parsed request head.
    public struct Request: Sendable, Equatable {
        public var method: String
        public var path: String
        /// Query parameters, percent-decoded (`+` is a space); the last of a repeated name wins.
        public var query: [String: String]
        /// Header names in lowercase; the last of a repeated name wins.
        public var headers: [String: String]
        public var contentLength: Int
        /// The client waits for `100 Continue` before it sends the body (curl does, past 1 KB).
        public var expectsContinue: Bool { headers["expect"]?.lowercased() == "100-continue" }
    }

    /// A request refused: the status and why.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var status: Int
        public var message: String
        public init(status: Int, message: String) {
            self.status = status
            self.message = message
        }
        public var description: String { "\(status) \(HTTPProtocol.reason(status)): \(message)" }
    }

    /// Parses a head (`SpamdProtocol.headEnd`'s bytes): `METHOD /path?query HTTP/1.x`, then
    /// `Name: value` lines. A body of more than `maxBody` bytes is refused (413).
    public static func parse(head: ArraySlice<UInt8>, maxBody: Int) throws(Failure) -> Request {
        var lines = head.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { throw Failure(status: 400, message: "empty request") }
        let words = first.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 3, !words[0].isEmpty, words[0].allSatisfy({ $0.isASCII && $0.isUppercase }),
            words[1].hasPrefix("/")
        else { throw Failure(status: 400, message: "bad request line: \(first.prefix(80))") }
        guard words[2] == "HTTP/1.1" || words[2] == "HTTP/1.0" else {
            throw Failure(status: 505, message: "only HTTP/1.0 and 1.1: \(words[2].prefix(20))")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                !line[..<colon].contains(where: { $0 == " " || $0 == "\t" })
            else { throw Failure(status: 400, message: "bad header line: \(line.prefix(80))") }
            let name = line[..<colon].lowercased()
            var value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
            if name == "content-length", let earlier = headers[name], earlier != value {
                throw Failure(status: 400, message: "two different Content-Length headers")
            }
            headers[name] = String(value)
        }
        if headers["transfer-encoding"] != nil {
            throw Failure(status: 411, message: "send the body with a Content-Length, not chunked")
        }
        var length = 0
        if let value = headers["content-length"] {
            guard !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }), let parsed = Int(value)
            else {
                throw Failure(status: 400, message: "bad Content-Length: \(value.prefix(40))")
            }
            guard parsed <= maxBody else {
                throw Failure(
                    status: 413, message: "body of \(parsed) bytes is over the \(maxBody)-byte limit")
            }
            length = parsed
        }
        let target = words[1]
        let question = target.firstIndex(of: "?")
        let path = question.map { String(target[..<$0]) } ?? String(target)
        var query: [String: String] = [:]
        if let question {
            for pair in target[target.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = percentDecoded(parts[0]) else {
                    throw Failure(status: 400, message: "bad query: \(pair.prefix(40))")
                }
                guard let value = parts.count == 2 ? percentDecoded(parts[1]) : "" else {
                    throw Failure(status: 400, message: "bad query: \(pair.prefix(40))")
                }
                query[name] = value
            }
        }
        return Request(
            method: String(words[0]), path: path, query: query, headers: headers, contentLength: length)
    }

    /// `%41` → `A`, `+` → space; nil for a bad escape or bytes that are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var rest = Array(text.utf8)[...]
        while let byte = rest.popFirst() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard rest.count >= 2, let high = hexValue(rest[rest.startIndex]),
                    let low = hexValue(rest[rest.startIndex + 1])
                else { return nil }
                bytes.append(high << 4 | low)
                rest = rest.dropFirst(2)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A response with a JSON body (and `extraHeaders`); the connection closes after it.
    public static func response(status: Int, json: JSONValue, extraHeaders: [(String, String)] = [])
        -> [UInt8]
    {
        let body = Array((json.text + "\n").utf8)
        var head = "HTTP/1.1 \(status) \(reason(status))\r\nContent-Type: application/json\r\n"
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in extraHeaders { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// The response to a request refused.
    public static func failureResponse(_ failure: Failure, extraHeaders: [(String, String)] = []) -> [UInt8] {
        response(
            status: failure.status, json: .object([("error", .string(failure.message))]),
            extraHeaders: extraHeaders)
    }

    /// The interim answer a client that sent `Expect: 100-continue` waits for.
    public static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Error"
        }
    }

    /// The answer to `/classify`: the verdict as JSON, or, when the message could not be judged
    /// for an error, 503 with the reason (the client passes the message on, as the filter would).
    public static func verdictResponse(_ outcome: FilterOutcome, spamCutoff: Double) -> [UInt8] {
        var members: [(String, JSONValue)]
        switch outcome.status {
        case .classified(let verdict, let score, let modelID):
            members = [
                ("verdict", .string(verdict.rawValue)), ("score", .number(score, decimals: 4)),
                ("threshold", .number(spamCutoff, decimals: 4)), ("model", .string(modelID)),
            ]
            if let reason = outcome.reason { members.append(("reason", .string(reason))) }
        case .unjudged(let verdict, let reason):
            members = [("verdict", .string(verdict.rawValue)), ("reason", .string(reason))]
        case .skipped(let size):
            members = [
                ("verdict", .string("unfiltered")), ("reason", .string("too-large")), ("size", .int(size)),
            ]
        case .failed(let reason):
            return failureResponse(Failure(status: 503, message: reason))
        }
        return response(status: 200, json: .object(members))
    }
}
