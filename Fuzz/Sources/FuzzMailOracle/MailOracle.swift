#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

// What the mail fuzz targets (FuzzMail, FuzzHeaders) check the filter's output against: written
// apart from SpamMail's own reader, as a second opinion, and shared by both targets.

/// The message as an LF-splitting MDA (procmail, maildrop, Dovecot) sees it; independent of
/// SpamMail's own line reader.
public enum ByteView {
    /// Lines (without their LF and a CR before it) up to the first empty one.
    public static func mdaHeaderLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var content = bytes[start..<end]
            if content.last == 0x0D { content = content.dropLast() }
            if content.isEmpty { break }
            lines.append(content)
            start = end + 1
        }
        return lines
    }

    /// Where the body starts: after the first empty line (LF view; CR view for a message with
    /// no LF), or nil when there is none.
    public static func bodyStart(_ bytes: [UInt8]) -> Int? {
        let lf = bytes.contains(0x0A)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A && (lf || bytes[end] != 0x0D) { end += 1 }
            let contentEnd = lf && end > start && bytes[end - 1] == 0x0D ? end - 1 : end
            var next = end + 1
            if !lf && end < bytes.count && end + 1 < bytes.count && bytes[end + 1] == 0x0A { next += 1 }
            if contentEnd == start { return end < bytes.count ? next : nil }
            start = next
        }
        return nil
    }

    /// Forged verdict fields (with their continuation lines and line break) before the first
    /// empty line.
    public static func forgedFields(_ bytes: [UInt8]) -> [Range<Int>] {
        let lf = bytes.contains(0x0A)
        var result: [Range<Int>] = []
        var start = 0
        var inForged = false
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A && (lf || bytes[end] != 0x0D) { end += 1 }
            let contentEnd = lf && end > start && bytes[end - 1] == 0x0D ? end - 1 : end
            var next = min(bytes.count, end + 1)
            if !lf && end + 1 < bytes.count && bytes[end] == 0x0D && bytes[end + 1] == 0x0A { next += 1 }
            if contentEnd == start { break }
            let line = bytes[start..<contentEnd]
            if line.first == 0x20 || line.first == 0x09 {
                if inForged, let lastRange = result.popLast() { result.append(lastRange.lowerBound..<next) }
            } else {
                inForged = isVerdictField(line)
                if inForged {
                    if let lastRange = result.last, lastRange.upperBound == start {
                        result[result.count - 1] = lastRange.lowerBound..<next
                    } else {
                        result.append(start..<next)
                    }
                }
            }
            start = next
        }
        return result
    }

    public static func isVerdictField(_ line: ArraySlice<UInt8>) -> Bool {
        for name in ["x-smsfilter", "x-spam-flag"] where hasPrefixIgnoringCase(line, name) {
            var rest = line.dropFirst(name.utf8.count)
            while rest.first == 0x20 || rest.first == 0x09 { rest = rest.dropFirst() }
            if rest.first == 0x3A { return true }
        }
        return false
    }

    public static func hasPrefixIgnoringCase(_ line: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        guard line.count >= p.count else { return false }
        return zip(line.prefix(p.count), p).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == $1 }
    }

    public static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        for i in 0...(bytes.count - needle.count) where bytes[i] == needle[0] {
            if bytes[i..<i + needle.count].elementsEqual(needle) { return i }
        }
        return nil
    }

    /// 2 for CRLF at `index`, 1 for a lone LF or CR, 0 otherwise.
    public static func lineBreakLength(at index: Int, in bytes: [UInt8]) -> Int {
        guard index < bytes.count else { return 0 }
        if bytes[index] == 0x0D { return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1 }
        return bytes[index] == 0x0A ? 1 : 0
    }

    public static func endsWithEmptyLine(_ bytes: [UInt8]) -> Bool {
        let s = bytes.suffix(4)
        return s.elementsEqual([0x0D, 0x0A, 0x0D, 0x0A]) || s.suffix(2).elementsEqual([0x0A, 0x0A])
            || s.suffix(2).elementsEqual([0x0D, 0x0D])
    }
}

/// Inserted bytes: lines that start with our header names, and line breaks.
public func checkInserted(_ bytes: [UInt8]) {
    var start = 0
    var i = 0
    while i <= bytes.count {
        if i == bytes.count || bytes[i] == 0x0A || bytes[i] == 0x0D {
            let line = String(decoding: bytes[start..<i], as: UTF8.self)
            if !line.isEmpty && !line.hasPrefix("X-SMSFilter: ") && !line.hasPrefix("X-Spam-Flag: YES") {
                fail("inserted a foreign line: \(line.debugDescription)")
            }
            if line.contains(where: { $0.isNewline }) { fail("inserted line contains a line break") }
            start = i + 1
        }
        i += 1
    }
}

public func fail(_ message: String) -> Never {
    let target = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? "fuzz"
    let line = "\(target): \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}
