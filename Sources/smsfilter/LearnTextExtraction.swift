/// Turns one message's raw bytes into the text the classifier sees, so that what is learned
/// matches what is later classified.
///
/// Until SpamMail's parser is merged this is the stand-in: input that looks like a mail (a header
/// block, a blank line) keeps its Subject and body; anything else is taken as plain SMS text.
enum LearnTextExtraction {
    static func text(fromMessage bytes: [UInt8]) -> String {
        guard let (headers, body) = splitMail(bytes) else {
            return trimmed(String(decoding: bytes, as: UTF8.self))
        }
        var parts: [String] = []
        if let subject = headers["subject"] { parts.append(subject) }
        parts.append(String(decoding: body, as: UTF8.self))
        return trimmed(parts.joined(separator: "\n"))
    }

    /// Header name (lower-cased) → unfolded value, and the body; nil when `bytes` is no mail.
    private static func splitMail(_ bytes: [UInt8]) -> ([String: String], ArraySlice<UInt8>)? {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var bodyStart: Int?
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0a {
                var line = bytes[start..<i]
                if line.last == 0x0d { line = line.dropLast() }
                if line.isEmpty { bodyStart = i + 1; break }
                lines.append(line)
                start = i + 1
            }
            i += 1
        }
        guard let bodyStart, let first = lines.first, isHeaderLine(first) || first.starts(with: Array("From ".utf8))
        else { return nil }
        var headers: [String: String] = [:]
        var current: String?
        for line in lines {
            if line.first == 0x20 || line.first == 0x09, let name = current {
                headers[name, default: ""] += " " + trimmed(String(decoding: line, as: UTF8.self))
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")), isHeaderLine(line) {
                let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
                headers[name] = trimmed(String(decoding: line[(colon + 1)...], as: UTF8.self))
                current = name
            }
        }
        return (headers, bytes[bodyStart...])
    }

    private static func isHeaderLine(_ line: ArraySlice<UInt8>) -> Bool {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { return false }
        return line[line.startIndex..<colon].allSatisfy { $0 > 0x20 && $0 < 0x7f }
    }

    private static func trimmed(_ text: String) -> String {
        var scalars = Substring(text)
        while let c = scalars.first, c.isWhitespace { scalars.removeFirst() }
        while let c = scalars.last, c.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
