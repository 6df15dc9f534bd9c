/// The sender list as the store mirrors it into a small file beside itself, read on delivery
/// without opening SQLite. Pure: the bytes in, lookups out.
///
/// Format: a first line `smsfilter-senders v1`, then one `<sender><TAB><allowed|blocked>` line
/// per sender (normalized, see `SenderAddress`), sorted, newline-terminated. A file without the
/// first line or with a torn last line is refused as a whole (nil), never half read.
public struct SenderList: Sendable {
    public static let magic = "smsfilter-senders v1\n"

    let bytes: [UInt8]

    /// The list in `bytes`, or nil when they are not a whole sender list.
    public init?(bytes: [UInt8]) {
        let magic = Array(Self.magic.utf8)
        guard bytes.count >= magic.count, bytes.starts(with: magic), bytes.last == 0x0A else { return nil }
        self.bytes = bytes
    }

    /// The empty list.
    public static let empty = SenderList(bytes: Array(magic.utf8))!

    /// The file's bytes for `entries` (any order; later duplicates win).
    public static func encode(_ entries: [(sender: String, state: SenderState)]) -> [UInt8] {
        var latest: [String: SenderState] = [:]
        for (sender, state) in entries where Self.isStorable(sender) { latest[sender] = state }
        var out = Array(magic.utf8)
        for sender in latest.keys.sorted() {
            out += Array(sender.utf8)
            out.append(0x09)
            out += Array(latest[sender]!.rawValue.utf8)
            out.append(0x0A)
        }
        return out
    }

    /// A sender that fits one line of the file.
    public static func isStorable(_ sender: String) -> Bool {
        !sender.isEmpty && !sender.utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// The state of one sender: a scan over the lines, cheaper than building a table when a
    /// delivery asks once.
    public func state(of sender: String) -> SenderState? {
        let key = Array(sender.utf8)
        guard !key.isEmpty else { return nil }
        var start = Self.magic.utf8.count
        while start < bytes.count {
            var end = start
            while bytes[end] != 0x0A { end += 1 }  // the last byte is a newline (init)
            let keyEnd = start + key.count
            if keyEnd < end, bytes[keyEnd] == 0x09, bytes[start..<keyEnd].elementsEqual(key) {
                return SenderState(rawValue: String(decoding: bytes[(keyEnd + 1)..<end], as: UTF8.self))
            }
            start = end + 1
        }
        return nil
    }

    /// Every entry, as a table (bulk runs look up many senders).
    public func table() -> [String: SenderState] {
        var result: [String: SenderState] = [:]
        var start = Self.magic.utf8.count
        while start < bytes.count {
            var end = start
            while bytes[end] != 0x0A { end += 1 }
            if let tab = bytes[start..<end].firstIndex(of: 0x09),
                let state = SenderState(rawValue: String(decoding: bytes[(tab + 1)..<end], as: UTF8.self))
            {
                result[String(decoding: bytes[start..<tab], as: UTF8.self)] = state
            }
            start = end + 1
        }
        return result
    }

    /// How many senders the list holds.
    public var count: Int { bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1 }
}
