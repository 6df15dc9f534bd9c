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
