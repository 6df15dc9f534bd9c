import CICU
import SpamText

/// Bytes in a declared charset to a Swift string, through ICU. Never fails: an unknown charset
/// or malformed bytes fall back to UTF-8 when the bytes are valid UTF-8, else Latin-1 (every byte
/// is a character, so no text is silently dropped).
public enum CharsetDecoder {
    /// Decodes `bytes` labelled `charset` (nil or empty: unlabelled).
    /// - Parameter truncated: the bytes were cut at a size cap, so a partial character at the
    ///   end is expected.
    public static func decode(_ bytes: [UInt8], charset: String?, truncated: Bool = false) -> String {
        let name = normalizedName(charset)
        switch name {
        case nil, "us-ascii", "ascii", "utf-8", "utf8", "unknown-8bit", "x-unknown", "8bit", "default":
            return utf8OrLatin1(bytes, declaredUTF8: name == "utf-8" || name == "utf8", truncated: truncated)
        case "iso-8859-1", "latin1", "iso8859-1", "l1":
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            return latin1(bytes)
        case .some(let label):
            if bytes.isEmpty { return "" }
            if let converted = convertWithICU(bytes, charset: icuName(for: label)) { return converted }
            return utf8OrLatin1(bytes, declaredUTF8: false, truncated: truncated)
        }
    }

    /// Valid UTF-8 as is; invalid UTF-8 declared as UTF-8 with U+FFFD replacements; other invalid
    /// bytes as Latin-1.
    public static func utf8OrLatin1(_ bytes: [UInt8], declaredUTF8: Bool = false, truncated: Bool = false)
        -> String
    {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        // A text cut at a size cap may end inside a multi-byte character: that alone does not
        // make it Latin-1.
        if truncated, let cut = truncatedSequenceStart(bytes),
            let valid = String(validating: bytes[..<cut], as: UTF8.self)
        {
            return valid
        }
        return declaredUTF8 ? String(decoding: bytes, as: UTF8.self) : latin1(bytes)
    }

    /// Where an incomplete multi-byte sequence at the very end starts (a lead byte followed by
    /// fewer continuation bytes than it announces), or nil.
    static func truncatedSequenceStart(_ bytes: [UInt8]) -> Int? {
        var i = bytes.count - 1
        var continuations = 0
        while i >= 0 && continuations < 3 && bytes[i] & 0xC0 == 0x80 {
            continuations += 1
            i -= 1
        }
        guard i >= 0 else { return nil }
        let lead = bytes[i]
        let needed =
            lead >= 0xF0 && lead <= 0xF4
            ? 3 : lead >= 0xE0 && lead <= 0xEF ? 2 : lead >= 0xC2 && lead <= 0xDF ? 1 : 0
        return needed > continuations ? i : nil
    }

    static func latin1(_ bytes: [UInt8]) -> String { Latin1.decode(bytes) }

    /// Lower case, quotes and blanks trimmed, RFC 2231 language suffix (`utf-8*en`) dropped;
    /// nil for empty or implausible names (which could otherwise reach ICU).
    static func normalizedName(_ charset: String?) -> String? {
        guard var name = charset else { return nil }
        name = String(name.unicodeScalars.filter { $0 != "\"" && $0 != "'" && $0 != " " && $0 != "\t" })
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        name = name.lowercased()
        guard !name.isEmpty, name.utf8.count <= 64 else { return nil }
        let allowed = name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2E
                || c == 0x3A || c == 0x2B
        }
        return allowed ? name : "x-invalid"
    }

    /// Labels that mail software commonly uses for a superset charset.
    static func icuName(for label: String) -> String {
        switch label {
        case "gb2312", "x-gbk", "gbk", "cp936", "x-gb2312": return "GBK"
        case "ks_c_5601-1987", "ks_c_5601", "euc-kr": return "windows-949"
        case "x-sjis", "sjis", "shift-jis", "ms_kanji": return "Shift_JIS"
        case "big5", "x-big5", "big5-hkscs": return "Big5"
        case "tis-620", "iso-8859-11": return "windows-874"
        default: return label
        }
    }

    /// ICU conversion; nil when ICU does not know the charset or fails.
    static func convertWithICU(_ bytes: [UInt8], charset: String) -> String? {
        guard bytes.count < Int(Int32.max / 4) else { return nil }
        var capacity = bytes.count * 3 + 16
        for _ in 0..<2 {
            var output = [UInt8](repeating: 0, count: capacity)
            var status: Int32 = 0
            let needed = charset.withCString { name in
                bytes.withUnsafeBufferPointer { source in
                    output.withUnsafeMutableBufferPointer { dest in
                        cicu_convert_to_utf8(
                            name, source.baseAddress, Int32(source.count), dest.baseAddress,
                            Int32(dest.count),
                            &status)
                    }
                }
            }
            if status == Int32(CICU_OK) {
                let length = max(0, min(Int(needed), output.count))
                return String(decoding: output[0..<length], as: UTF8.self)
            }
            if status == Int32(CICU_BUFFER_TOO_SMALL) && Int(needed) > capacity {
                capacity = Int(needed) + 16
                continue
            }
            return nil
        }
        return nil
    }
}
