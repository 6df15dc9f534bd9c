/// A parsed `Content-Type` (or `Content-Disposition`) value: `type/subtype; name=value; ...`.
public struct ContentType: Sendable, Equatable {
    /// Lower-case media type, e.g. `text/plain`; empty when the value is unusable.
    public var mediaType: String
    /// Parameters by lower-case name; values unquoted (case kept: boundaries are case-sensitive).
    public var parameters: [String: String]

    /// The RFC 2045 default: `text/plain; charset=us-ascii`.
    public static let defaultType = ContentType(mediaType: "text/plain", parameters: [:])

    public init(mediaType: String, parameters: [String: String]) {
        self.mediaType = mediaType
        self.parameters = parameters
    }

    /// Parses a header value. Comments are not supported; at most 64 parameters are kept.
    public init(parsing value: [UInt8]) {
        var i = 0
        let n = value.count
        func skipBlanks() {
            while i < n && (value[i].isWhitespace || value[i] == .cr || value[i] == .lf) { i += 1 }
        }
        skipBlanks()
        let typeStart = i
        while i < n && value[i] != UInt8(ascii: ";") { i += 1 }
        var type = Array(value[typeStart..<i])
        while let last = type.last, last.isWhitespace { type.removeLast() }
        mediaType = String(decoding: type.map { $0.asciiLowercased }, as: UTF8.self)
        parameters = [:]
        while i < n && parameters.count < 64 {
            // At a ';' (or garbage): step over it and read `name=value`.
            i += 1
            skipBlanks()
            let nameStart = i
            while i < n && value[i] != UInt8(ascii: "=") && value[i] != UInt8(ascii: ";") { i += 1 }
            guard i < n, value[i] == UInt8(ascii: "=") else { continue }
            var nameBytes = Array(value[nameStart..<i])
            while let last = nameBytes.last, last.isWhitespace { nameBytes.removeLast() }
            i += 1
            skipBlanks()
            var parameterValue: [UInt8] = []
            if i < n && value[i] == UInt8(ascii: "\"") {
                i += 1
                while i < n && value[i] != UInt8(ascii: "\"") {
                    if value[i] == UInt8(ascii: "\\") && i + 1 < n { i += 1 }
                    parameterValue.append(value[i])
                    i += 1
                }
                // Skip to the next ';'.
                while i < n && value[i] != UInt8(ascii: ";") { i += 1 }
            } else {
                while i < n && value[i] != UInt8(ascii: ";") {
                    parameterValue.append(value[i])
                    i += 1
                }
                while let last = parameterValue.last, last.isWhitespace { parameterValue.removeLast() }
            }
            let name = String(decoding: nameBytes.map { $0.asciiLowercased }, as: UTF8.self)
            if !name.isEmpty && parameters[name] == nil {
                parameters[name] = String(decoding: parameterValue, as: UTF8.self)
            }
        }
    }

    public var isMultipart: Bool { mediaType.hasPrefix("multipart/") }
}
