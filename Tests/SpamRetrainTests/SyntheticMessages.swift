import SpamStore

/// Made-up messages (never corpus text): ham is everyday chat, spam is prize-and-call-now,
/// and a "campaign" is a new kind of spam whose words the base corpus never saw.
enum SyntheticMessages {
    static let hamWords = [
        "see", "you", "at", "lunch", "tomorrow", "running", "late", "call", "me", "when",
        "home", "dinner", "tonight", "thanks", "for", "the", "book", "meeting", "moved", "ok",
    ]
    static let spamWords = [
        "win", "cash", "prize", "claim", "now", "free", "txt", "reply", "winner", "urgent",
        "award", "guaranteed", "ringtone", "offer", "stop", "mobile", "bonus", "selected",
    ]
    static let campaignWords = [
        "parcel", "customs", "fee", "unpaid", "redelivery", "track", "pay", "link",
        "held", "depot", "shipment", "verify",
    ]

    /// A deterministic pseudo-random message of `length` words from `words`.
    static func message(_ words: [String], seed: Int, length: Int = 8) -> String {
        var state = UInt64(seed &* 2_654_435_761 &+ 12_345)
        var out: [String] = []
        for _ in 0..<length {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out.append(words[Int((state >> 33) % UInt64(words.count))])
        }
        return out.joined(separator: " ") + " \(seed)"
    }

    /// A base corpus: `hams` ham and `spams` spam rows.
    static func corpus(hams: Int, spams: Int) -> [FeedbackTSV.Row] {
        var rows: [FeedbackTSV.Row] = []
        for i in 0..<hams {
            rows.append(FeedbackTSV.Row(label: .ham, text: message(hamWords, seed: i), line: rows.count + 1))
        }
        for i in 0..<spams {
            rows.append(
                FeedbackTSV.Row(
                    label: .spam, text: message(spamWords, seed: 10_000 + i), line: rows.count + 1))
        }
        return rows
    }

    /// A message of the new campaign (mixed with some everyday words, so it looks like ham to a
    /// model that never saw the campaign).
    static func campaign(_ i: Int) -> String {
        message(
            campaignWords + ["you", "the", "at", "me", "see", "home", "tonight", "thanks"], seed: 50_000 + i,
            length: 9)
    }
}
