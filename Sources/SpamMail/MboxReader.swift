/// Splits an mbox file into messages. A message starts at a `From ` line at the start of the
/// file or right after an empty line; each message's range includes its `From ` line (which
/// `HeaderBlock` tolerates). `>From ` quoting is left alone: it does not matter for scoring.
public enum MboxReader {
    /// The byte ranges of the messages in `bytes`, in order.
    public static func messages(in bytes: [UInt8]) -> [Range<Int>] {
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

/// SMS text handed over by gammu-smsd's `RunOnReceive` in environment variables (see
/// gammu-smsd-run(7)): `SMS_MESSAGES` physical parts with `SMS_n_TEXT` and `SMS_n_NUMBER`, and,
/// for multipart messages, `DECODED_PARTS` with `DECODED_n_TEXT`.
public struct GammuMessage: Sendable, Equatable {
    /// The sender's number (`SMS_1_NUMBER`), empty when missing.
    public var sender: String
    /// The message text: the decoded parts when gammu provides them, else the physical parts
    /// concatenated in order.
    public var text: String
    /// How many physical messages were received.
    public var parts: Int

    /// The most parts read, whatever `SMS_MESSAGES` claims.
    static let maxParts = 255

    public init(sender: String, text: String, parts: Int) {
        self.sender = sender
        self.text = text
        self.parts = parts
    }

    /// Reads the message from an environment dictionary; nil when it holds no SMS at all.
    public init?(environment: [String: String]) {
        self.init(lookup: { environment[$0] })
    }

    /// Reads the message through an environment lookup (e.g. `getenv`); nil when there is no SMS.
    public init?(lookup environment: (String) -> String?) {
        func count(_ name: String) -> Int {
            guard let value = environment(name), let n = Int(value.trimmingBlanks), n > 0 else { return 0 }
            return min(n, GammuMessage.maxParts)
        }
        let physical = count("SMS_MESSAGES")
        let decoded = count("DECODED_PARTS")
        var decodedText: [String] = []
        for i in stride(from: 1, through: decoded, by: 1) {
            if let text = environment("DECODED_\(i)_TEXT") { decodedText.append(text) }
        }
        var physicalText: [String] = []
        for i in stride(from: 1, through: physical, by: 1) {
            if let text = environment("SMS_\(i)_TEXT") { physicalText.append(text) }
        }
        let chosen = decodedText.isEmpty ? physicalText : decodedText
        guard !chosen.isEmpty || physical > 0 else { return nil }
        sender = environment("SMS_1_NUMBER") ?? environment("DECODED_1_MMS_SENDER") ?? ""
        text = chosen.joined()
        parts = physical
    }
}

extension String {
    var trimmingBlanks: Substring {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
