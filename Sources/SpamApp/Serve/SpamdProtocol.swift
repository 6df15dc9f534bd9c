public import SpamMail

/// The spamd protocol (SpamAssassin's SPAMC/SPAMD 1.5) as `smsfilter serve` speaks it, with no
/// I/O: a request's head parsed, a filtered message turned into a response. What `spamc`, Exim's
/// `spamd_address` and the other clients of spamd send works unchanged: CHECK, SYMBOLS, REPORT,
/// REPORT_IFSPAM, PROCESS, HEADERS, PING and SKIP, and TELL (`spamc -L`: a mark, as `smsfilter
/// learn` makes it) when the server is started with `--allow-tell`.
///
/// Scores are SpamAssassin's points: ten times the spam probability, against ten times the spam
/// cutoff (the model's threshold), one decimal each: `Spam: True ; 9.5 / 5.6`.
public enum SpamdProtocol {
    public enum Method: String, Sendable, CaseIterable {
        case check = "CHECK"
        case symbols = "SYMBOLS"
        case report = "REPORT"
        case reportIfSpam = "REPORT_IFSPAM"
        case process = "PROCESS"
        case headers = "HEADERS"
        case ping = "PING"
        case skip = "SKIP"
        case tell = "TELL"

        /// Whether the request carries a message (and so a Content-length).
        var hasBody: Bool { self != .ping && self != .skip }
    }

    /// A request's first line and headers.
    public struct Request: Sendable, Equatable {
        public var method: Method
        /// The client's protocol version (`1.5` of `SPAMC/1.5`).
        public var version: String
        /// Header names lowercased, values trimmed; the last of a repeated name counts.
        public var headers: [String: String]
        /// The body's length; nil when the method has no body.
        public var contentLength: Int?
    }

    /// A request the server cannot take: answered with `code` (sysexits, as spamd does) and
    /// `message`, then the connection closes.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var code: Int
        public var message: String
        public var description: String { "\(code) \(message)" }

        public init(code: Int, message: String) {
            self.code = code
            self.message = message
        }

        static func protocolError(_ message: String) -> Failure { Failure(code: 76, message: message) }
    }

    /// spamd's status names for the codes this server answers.
    static func statusName(_ code: Int) -> String {
        switch code {
        case 0: "EX_OK"
        case 64: "EX_USAGE"
        case 65: "EX_DATAERR"
        case 67: "EX_NOUSER"
        case 69: "EX_UNAVAILABLE"
        case 70: "EX_SOFTWARE"
        case 74: "EX_IOERR"
        case 76: "EX_PROTOCOL"
        case 79: "EX_TIMEOUT"
        default: "EX_SOFTWARE"
        }
    }

    /// The most a request's head (first line and headers) may take: spamc sends about 100 bytes.
    public static let maxHeadBytes = 16 * 1024

    /// Where the head ends: the index just past its blank line (`\r\n\r\n`, or `\n\n` from a lax
    /// client), or nil when `bytes` does not hold it yet.
    public static func headEnd(in bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { return i + 2 }
                if i + 2 < bytes.count, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A { return i + 3 }
            }
            i += 1
        }
        return nil
    }

    /// Parses a head (`headEnd`'s bytes): `METHOD SPAMC/1.x`, then `Name: value` lines. A body
    /// method needs a Content-length of at most `maxBody` bytes; a compressed body is refused.
    public static func parse(head: ArraySlice<UInt8>, maxBody: Int) throws(Failure) -> Request {
        // Lines split on the bytes: in a String, "\r\n" is one Character, not a "\n".
        var lines = head.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            Substring(String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self))
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { throw .protocolError("empty request") }
        let words = first.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2, words[1].hasPrefix("SPAMC/") else {
            throw .protocolError("bad request line: \(first.prefix(80))")
        }
        guard let method = Method(rawValue: String(words[0])) else {
            throw .protocolError("unknown method: \(words[0].prefix(40))")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else {
                throw .protocolError("bad header line: \(line.prefix(80))")
            }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingSpaces
        }
        var length: Int? = nil
        if method.hasBody {
            guard let value = headers["content-length"] else {
                throw .protocolError("no Content-length header")
            }
            guard let parsed = Int(value), parsed >= 0 else {
                throw .protocolError("bad Content-length: \(value.prefix(40))")
            }
            guard parsed <= maxBody else {
                throw Failure(
                    code: 65, message: "message of \(parsed) bytes is over the \(maxBody)-byte limit")
            }
            length = parsed
        }
        if let compress = headers["compress"], !compress.isEmpty {
            throw .protocolError("compressed bodies are not supported (Compress: \(compress.prefix(20)))")
        }
        return Request(
            method: method, version: String(words[1].dropFirst("SPAMC/".count)), headers: headers,
            contentLength: length)
    }

    /// A response: `SPAMD/1.5 CODE NAME`, the headers, a blank line, the body.
    public static func response(code: Int, headers: [(String, String)] = [], body: [UInt8] = []) -> [UInt8] {
        var head = "SPAMD/1.5 \(code) \(statusName(code))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    /// The response to a request that failed (`Failure`), spamd's way: the code and the reason.
    public static func failureResponse(_ failure: Failure) -> [UInt8] {
        Array("SPAMD/1.5 \(failure.code) \(statusName(failure.code)) \(failure.message)\r\n\r\n".utf8)
    }

    /// `PING`'s answer.
    public static let pong = Array("SPAMD/1.5 0 PONG\r\n".utf8)

    /// The `Spam:` header's value: `True ; 9.5 / 5.6`.
    public static func spamValue(isSpam: Bool, score: Double, threshold: Double) -> String {
        "\(isSpam ? "True" : "False") ; \(points(score)) / \(points(threshold))"
    }

    /// A probability as points with one decimal (0.9543 → `9.5`).
    static func points(_ probability: Double) -> String {
        let tenths = Int((min(max(probability, 0), 1) * 100).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The response to a request whose message the filter engine judged (`outcome`, run in
    /// pass-through mode on `message`): what each method returns of it.
    public static func response(
        to method: Method, outcome: FilterOutcome, message: [UInt8], spamCutoff: Double
    ) -> [UInt8] {
        var isSpam = false
        var score = 0.0
        var symbol = "SMSFILTER_UNFILTERED"
        var summary = "not judged"
        switch outcome.status {
        case .classified(let verdict, let probability, let modelID):
            isSpam = verdict == .spam
            score = probability
            symbol = "SMSFILTER_" + verdict.rawValue.uppercased()
            summary = "\(verdict.title), score=\(VerdictFormat.score(probability)), model=\(modelID)"
            if let rule = outcome.senderRule { summary += ", reason=\(rule.rawValue)" }
        case .skipped(let size):
            summary = "over the size limit (\(size) bytes): not judged"
        case .failed(let reason):
            symbol = "SMSFILTER_ERROR"
            summary = "error: \(reason)"
        case .unjudged(let verdict, let reason):
            isSpam = verdict == .spam
            symbol = verdict == .unsure ? "SMSFILTER_UNJUDGED" : "SMSFILTER_" + verdict.rawValue.uppercased()
            summary = "\(verdict.title), reason=\(reason)"
        }
        let spam = ("Spam", spamValue(isSpam: isSpam, score: score, threshold: spamCutoff))
        func withBody(_ body: [UInt8]) -> [UInt8] {
            response(code: 0, headers: [spam, ("Content-length", "\(body.count)")], body: body)
        }
        switch method {
        case .check:
            return response(code: 0, headers: [spam])
        case .symbols:
            return withBody(Array(symbol.utf8))
        case .report, .reportIfSpam:
            if method == .reportIfSpam && !isSpam { return response(code: 0, headers: [spam]) }
            return withBody(Array("smsfilter: \(summary)\n".utf8))
        case .process, .headers:
            let processed = outcome.passThrough.map { $0.bytes(original: message) } ?? message
            guard method == .headers else { return withBody(processed) }
            let header = HeaderBlock.parse(processed, in: 0..<processed.count, allowFromLine: true)
            return withBody(Array(processed[0..<header.bodyStart]))
        case .ping, .skip, .tell:
            return response(code: 0, headers: [spam])
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
