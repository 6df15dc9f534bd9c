/// Splits an mbox file into messages. A message starts at a `From ` line at the start of the
/// file or right after an empty line; each message's range includes its `From ` line (which
/// `HeaderBlock` tolerates). `>From ` quoting is left alone: it does not matter for scoring.
public enum MboxReader {
    /// The byte ranges of the messages in `bytes`, in order.
    public static func messages(in bytes: [UInt8]) -> [Range<Int>] { split(bytes) }

    /// The same for a mapped file: a large mbox is scanned in place, never copied whole.
    public static func messages(in bytes: UnsafeRawBufferPointer) -> [Range<Int>] { split(bytes) }

    private static func split<Bytes: ByteSequence>(_ bytes: Bytes) -> [Range<Int>] {
        let mode = LineMode.detect(bytes, in: 0..<bytes.count)
        let marker = Array("From ".utf8)
        var starts: [Int] = []
        var position = 0
        var previousWasEmpty = true
        while position < bytes.count {
            let line = ByteScan.line(in: bytes, at: position, end: bytes.count, mode: mode)
            if previousWasEmpty && ByteScan.hasPrefix(bytes, at: line.start, end: line.contentEnd, marker) {
                starts.append(line.start)
            }
            previousWasEmpty = line.isEmpty
            position = line.end
        }
        if starts.isEmpty { return bytes.isEmpty ? [] : [0..<bytes.count] }
        var ranges: [Range<Int>] = []
        for (index, start) in starts.enumerated() {
            var end = index + 1 < starts.count ? starts[index + 1] : bytes.count
            // The empty line before the next From_ line separates messages; it is not content.
            if index + 1 < starts.count {
                if end > start && bytes[end - 1] == .lf { end -= 1 }
                if end > start && bytes[end - 1] == .cr { end -= 1 }
            }
            ranges.append(start..<end)
        }
        if let first = starts.first, first > 0 {
            // Text before the first From_ line (not an mbox, strictly): keep it as a message.
            ranges.insert(0..<first, at: 0)
        }
        return ranges
    }
}
