/// RFC 2047 encoded words in header values (`=?charset?B?...?=`, `=?charset?Q?...?=`).
///
/// Blanks between two adjacent encoded words vanish, and adjacent words in the same charset are
/// joined before conversion, so a multi-byte character split across two words (common with
/// Shift_JIS and UTF-8 subjects) survives. Anything that is not a well-formed encoded word stays
/// literal text. Unlabelled 8-bit bytes are read as UTF-8, else Latin-1.
public enum EncodedWords {
    /// The longest encoded word looked for (RFC 2047 says 75; real mailers exceed it).
    static let maxWordLength = 1024

    private enum Piece {
        case raw([UInt8])
        case encoded(charset: String, bytes: [UInt8])
    }

    /// Decodes a header value (already unfolded) to text.
    public static func decode(_ value: [UInt8]) -> String {
        var pieces: [Piece] = []
        var raw: [UInt8] = []
        var i = 0
        while i < value.count {
            if value[i] == UInt8(ascii: "="), i + 1 < value.count, value[i + 1] == UInt8(ascii: "?"),
                let (charset, decoded, next) = encodedWord(value, at: i)
            {
                // Only blanks since the previous encoded word: drop them (RFC 2047 §6.2).
                let onlyBlanks = raw.allSatisfy { $0.isWhitespace }
                if case .encoded = pieces.last, onlyBlanks {
                    raw.removeAll()
                }
                if !raw.isEmpty {
                    pieces.append(.raw(raw))
                    raw.removeAll()
                }
                if case .encoded(let previousCharset, let previous) = pieces.last, previousCharset == charset
                {
                    pieces[pieces.count - 1] = .encoded(charset: charset, bytes: previous + decoded)
                } else {
                    pieces.append(.encoded(charset: charset, bytes: decoded))
                }
                i = next
                continue
            }
            raw.append(value[i])
            i += 1
        }
        if !raw.isEmpty { pieces.append(.raw(raw)) }
        var text = ""
        for piece in pieces {
            switch piece {
            case .raw(let bytes): text += CharsetDecoder.utf8OrLatin1(bytes)
            case .encoded(let charset, let bytes): text += CharsetDecoder.decode(bytes, charset: charset)
            }
        }
        return text
    }

    /// Parses `=?charset?X?text?=` at `start`: (charset, decoded bytes, index after `?=`).
    private static func encodedWord(_ value: [UInt8], at start: Int) -> (String, [UInt8], Int)? {
        let limit = min(value.count, start + maxWordLength)
        var i = start + 2
        let charsetStart = i
        while i < limit && value[i] != UInt8(ascii: "?") && !value[i].isWhitespace { i += 1 }
        guard i < limit, value[i] == UInt8(ascii: "?"), i > charsetStart else { return nil }
        let charset = String(decoding: value[charsetStart..<i], as: UTF8.self)
        guard i + 2 < limit, value[i + 2] == UInt8(ascii: "?") else { return nil }
        let encoding = value[i + 1].asciiLowercased
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = i + 3
        var j = textStart
        while j < limit && value[j] != UInt8(ascii: "?") { j += 1 }
        guard j < limit, j + 1 < value.count, value[j + 1] == UInt8(ascii: "=") else { return nil }
        let decoded =
            encoding == UInt8(ascii: "b")
            ? Base64.decode(value, textStart..<j)
            : QuotedPrintable.decode(value, textStart..<j, underscoreIsSpace: true)
        return (charset, decoded, j + 2)
    }
}
