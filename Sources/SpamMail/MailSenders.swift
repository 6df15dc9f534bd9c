public import SpamSenders

/// The senders a mail names in its header (`From:`, then `Return-Path:`), and whether the
/// user's own server vouched for each.
public enum MailSenders {
    /// The first address in a `From:`-like value: inside the last `<…>` when there is one
    /// (`"Smith, Bob" <bob@example.org>`), else the first word with an `@` once comments are
    /// removed (`bob@example.org (Bob)`). Nil for `<>` or when there is no address.
    public static func address(inHeaderValue value: String) -> String? {
        let text = AuthenticationResults.removingComments(value)
        if let close = text.lastIndex(of: ">"), let open = text[..<close].lastIndex(of: "<") {
            let inside = text[text.index(after: open)..<close].trimmingCharacters
            return inside.contains("@") ? inside : nil
        }
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
        where word.contains("@") {
            return word.trimmingCharacters
        }
        return nil
    }

    /// The value of the first field named `name`, unfolded. RFC 2047 words are left encoded: an
    /// address is never encoded, and a display name decoded into `<someone@else>` must not be
    /// taken for one.
    static func value(of name: String, in bytes: [UInt8], header: HeaderBlock) -> String? {
        guard let field = header.field(named: name, in: bytes) else { return nil }
        return String(decoding: HeaderBlock.unfoldedValue(of: field, in: bytes, limit: 4096), as: UTF8.self)
    }

    /// The author (`From:`) normalized, for `learn`; nil when the message has none.
    public static func author(of bytes: [UInt8], countryCode: Int? = nil) -> SenderAddress? {
        let header = HeaderBlock.parse(bytes, in: 0..<bytes.count, allowFromLine: true)
        guard header.looksLikeMail(bytes), let from = value(of: "from", in: bytes, header: header),
            let address = address(inHeaderValue: from)
        else { return nil }
        return SenderAddress(address, countryCode: countryCode)
    }

    /// `From:` and `Return-Path:` (when it differs), each marked verified when the first
    /// `Authentication-Results` header added by `authservID` (the one nearest the top: a lower
    /// one may have come with the message) vouches for its domain. Without `authservID`, or with
    /// two `From:` fields, nothing is verified. Empty for a message that is not a mail.
    public static func candidates(
        in bytes: [UInt8], header: HeaderBlock, authservID: String?, countryCode: Int?
    ) -> [SenderCandidate] {
        guard header.looksLikeMail(bytes) else { return [] }
        var addresses: [SenderAddress] = []
        for name in ["from", "return-path"] {
            if let value = value(of: name, in: bytes, header: header),
                let text = address(inHeaderValue: value),
                let address = SenderAddress(text, countryCode: countryCode), address.kind == .email,
                !addresses.contains(address)
            {
                addresses.append(address)
            }
        }
        guard !addresses.isEmpty else { return [] }
        // Two From: fields: which one the server checked is anyone's guess, so neither is vouched for.
        let fromName = Array("from".utf8)
        let fromCount = header.fields.count { ByteScan.equalsIgnoringCase(bytes, $0.name, fromName) }
        let results =
            fromCount > 1 ? nil : authservID.flatMap { firstResults(by: $0, in: bytes, header: header) }
        return addresses.map { address in
            let domain = AuthenticationResults.domain(of: address.value)
            return SenderCandidate(address: address, verified: results?.vouches(forDomain: domain) ?? false)
        }
    }

    /// The first `Authentication-Results` field whose authserv-id is `authservID`.
    static func firstResults(by authservID: String, in bytes: [UInt8], header: HeaderBlock)
        -> AuthenticationResults?
    {
        let wanted = authservID.lowercased()
        let name = Array("authentication-results".utf8)
        for field in header.fields where ByteScan.equalsIgnoringCase(bytes, field.name, name) {
            let value = String(
                decoding: HeaderBlock.unfoldedValue(of: field, in: bytes, limit: 8192), as: UTF8.self)
            if let results = AuthenticationResults(value: value), results.authservID == wanted {
                return results
            }
        }
        return nil
    }
}
