/// The key of a message in the store: SHA-256 (hex) of its text with whitespace normalised
/// (runs of spaces, tabs and line breaks become one space; ends trimmed). Normalising first makes
/// a message exported to TSV (where tabs and newlines turn into spaces) and imported again keep
/// its key, so `unlearn` of the original still finds it.
public enum FeedbackDigest {
    public static func of(_ text: String) -> String {
        SHA256.hex(of: normalized(text))
    }

    /// The whitespace-normalised UTF-8 bytes that are hashed.
    static func normalized(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0d) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(byte)
        }
        return out
    }
}
