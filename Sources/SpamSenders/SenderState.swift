/// What the user decided about a sender: its messages are always ham, or always spam.
public enum SenderState: String, Sendable, CaseIterable {
    case allowed
    case blocked
}

/// How a sender got onto the list.
public enum SenderOrigin: String, Sendable, CaseIterable {
    /// `smsfilter senders allow|block`.
    case manual
    /// `smsfilter senders import FILE.vcf`.
    case vcard
    /// Messages from it learned as ham often enough (`trust_after_ham`).
    case learned
}
