/// Bytes that are not valid UTF-8 read as Latin-1: every byte is a character, so a corpus or a
/// message saved in a legacy 8-bit encoding (old SMS exports write `£` as the single byte 0xA3)
/// keeps its pound signs and accents instead of turning them into U+FFFD.
public enum Latin1 {
    /// Valid UTF-8 as is, anything else byte for byte as Latin-1.
    public static func decodeUnlessUTF8(_ bytes: some Collection<UInt8>) -> String {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        return decode(bytes)
    }

    /// Each byte as the code point of the same number.
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        var result = String()
        result.unicodeScalars.reserveCapacity(bytes.count)
        for byte in bytes { result.unicodeScalars.append(Unicode.Scalar(byte)) }
        return result
    }
}
