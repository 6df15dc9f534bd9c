/// A marked message's template: what stays the same between the copies of one message. Letters
/// are lowercased, runs of white space are one space, and the ends are trimmed. For a message
/// marked spam every run of digits is one `0` as well (amounts, tracking numbers, the digits in
/// a lure's domain): "Royal Mail: parcel 7 held, pay £1.99 at rm-fee7.top" and the same with 8
/// are one campaign. For a message marked ham the digits stay: a copy of a trusted notice with
/// another number to call ("if this wasn't you, call …") is how callback scams imitate banks,
/// and must not inherit the mark.
///
/// A text of fewer than `minimumWords` words has no template: "ok" or "call me" marked once
/// must not decide every later "ok".
public enum MessageTemplate {
    public static let minimumWords = 4

    /// The template's key (FNV-1a 64 of its UTF-8, mixed), or nil for a text too short to have
    /// one. `keepingDigits`: the key of a ham mark (digits as they are); else of a spam mark.
    public static func key(of text: String, keepingDigits: Bool = false) -> UInt64? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var words = 0
        var inWord = false
        var pendingSpace = false
        var inDigits = false
        func add(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        for scalar in text.unicodeScalars {
            // ASCII without the Unicode tables: a bulk run asks for two keys of every message.
            let ascii = scalar.isASCII ? UInt8(scalar.value) : nil
            let isSpace =
                ascii.map { $0 == 0x20 || (0x09...0x0D).contains($0) } ?? scalar.properties.isWhitespace
            if isSpace {
                inWord = false
                inDigits = false
                pendingSpace = words > 0
                continue
            }
            if !inWord {
                words += 1
                inWord = true
            }
            if pendingSpace {
                add(0x20)
                pendingSpace = false
            }
            let isDigit =
                ascii.map { (0x30...0x39).contains($0) } ?? (scalar.properties.numericType == .decimal)
            if isDigit && !keepingDigits {
                if !inDigits { add(0x30) }
                inDigits = true
                continue
            }
            inDigits = false
            if let ascii {
                add((0x41...0x5A).contains(ascii) ? ascii + 0x20 : ascii)
            } else {
                for lower in scalar.properties.lowercaseMapping.utf8 { add(lower) }
            }
        }
        guard words >= minimumWords else { return nil }
        // A final mix, so that keys differing in their last bytes spread over the whole range.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
