/// Base64 (RFC 2045 §6.8) decoding that never fails: characters outside the alphabet are
/// skipped, `=` ends the current group (so concatenated blobs still decode), and a dangling
/// partial group yields the bytes it holds.
public enum Base64 {
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        // URL-safe variants, seen in the wild.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Decodes `bytes[range]`, stopping once `limit` output bytes are produced.
    public static func decode(_ bytes: [UInt8], _ range: Range<Int>, limit: Int = Int.max) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, range.count / 4 * 3 + 3))
        var accumulator: UInt32 = 0
        var count = 0
        func flush() {
            if count == 2 { output.append(UInt8(truncatingIfNeeded: accumulator >> 4)) }
            if count == 3 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
            }
            accumulator = 0
            count = 0
        }
        var i = range.lowerBound
        while i < range.upperBound && output.count < limit {
            let c = bytes[i]
            i += 1
            if c == UInt8(ascii: "=") {
                flush()
                continue
            }
            let value = table[Int(c)]
            if value == 0xFF { continue }
            accumulator = accumulator << 6 | UInt32(value)
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                count = 0
            }
        }
        if output.count < limit { flush() }
        if output.count > limit { output.removeLast(output.count - limit) }
        return output
    }

    public static func decode(_ bytes: [UInt8]) -> [UInt8] { decode(bytes, 0..<bytes.count) }
}

/// Quoted-printable (RFC 2045 §6.7) decoding that never fails: `=XX` becomes the byte, `=` at a
/// line end (trailing blanks allowed) is a soft line break, and any other `=` stays literal.
public enum QuotedPrintable {
    /// Decodes `bytes[range]`, stopping once `limit` output bytes are produced.
    /// - Parameter underscoreIsSpace: RFC 2047 "Q" encoding, where `_` stands for a space.
    public static func decode(
        _ bytes: [UInt8], _ range: Range<Int>, limit: Int = Int.max, underscoreIsSpace: Bool = false
    ) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, range.count))
        var i = range.lowerBound
        let end = range.upperBound
        while i < end && output.count < limit {
            let c = bytes[i]
            if c == UInt8(ascii: "=") {
                if i + 2 < end, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                    output.append(high << 4 | low)
                    i += 3
                    continue
                }
                // Soft line break: "=", optional blanks, then CRLF, LF or CR (or end of input).
                var j = i + 1
                while j < end && bytes[j].isWhitespace { j += 1 }
                if j == end {
                    i = end
                    continue
                }
                if bytes[j] == .cr {
                    i = j + 1 < end && bytes[j + 1] == .lf ? j + 2 : j + 1
                    continue
                }
                if bytes[j] == .lf {
                    i = j + 1
                    continue
                }
                output.append(c)
                i += 1
            } else if underscoreIsSpace && c == UInt8(ascii: "_") {
                output.append(.space)
                i += 1
            } else {
                output.append(c)
                i += 1
            }
        }
        return output
    }

    public static func decode(_ bytes: [UInt8]) -> [UInt8] { decode(bytes, 0..<bytes.count) }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}
