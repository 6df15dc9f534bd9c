/// Recognizes a shape (`ShapeToken`) starting at a position of a normalized, case-folded UTF-16
/// message. Tried at the start of each white-space chunk (after opening punctuation); a phone
/// number or a price may run on into the following chunks (`+44 7700 900123`, `1.50 eur`).
struct ShapeMatcher {
    let text: UnsafeBufferPointer<UInt16>
    let keepRaw: Bool
    /// `TokenizerOptions.urlTraits`: the top-level domain and a hyphenated host follow `<url>`.
    var urlTraits = false
    /// `TokenizerOptions.lureDomains`: bare domains under today's cheap top-level domains.
    var lureDomains = false

    struct Match {
        var tokens: [String]
        var end: Int
    }

    mutating func match(at p: Int, chunkEnd: Int) -> Match? {
        let c = text[p]
        if Chars.isASCIILetter(c) || Chars.isDigit(c) {
            if let url = matchURLOrEmail(at: p, chunkEnd: chunkEnd) { return url }
        }
        if let money = matchMoney(at: p) { return money }
        if c == 0x2B || Chars.isDigit(c) || c == 0x28 {
            if let phone = matchGroupedPhone(at: p) { return phone }
        }
        if Chars.isDigit(c) { return matchNumber(at: p) }
        return nil
    }

    // MARK: URLs and e-mail addresses

    private func matchURLOrEmail(at p: Int, chunkEnd: Int) -> Match? {
        if hasPrefix("http://", at: p) || hasPrefix("https://", at: p) || hasPrefix("www.", at: p) {
            let end = trimTrailing(p, chunkEnd)
            let host = hostRange(from: p, end: end)
            return Match(tokens: urlTokens(host), end: end)
        }
        // The longest run of characters that can make up an address.
        var q = p
        var at = -1
        while q < chunkEnd {
            let c = text[q]
            if c == 0x40 {
                if at >= 0 { break }
                at = q
            } else if !(Chars.isASCIILetter(c) || Chars.isDigit(c) || c == 0x2E || c == 0x2D
                || c == 0x5F || c == 0x2B || c == 0x25)
            {
                break
            }
            q += 1
        }
        while q > p && text[q - 1] == 0x2E { q -= 1 }
        if at > p {
            guard let tld = lastLabel(at + 1, q), tld.count >= 2, tld.allSatisfy(\.isLetter),
                domainLabels(at + 1, q) >= 2
            else { return nil }
            return Match(tokens: tokensWithRaw(ShapeToken.email, (at + 1)..<q), end: q)
        }
        let labels = domainLabels(p, q)
        guard at < 0, labels >= 2, let tld = lastLabel(p, q), firstLabelHasLetter(p, q),
            ShapeToken.topLevelDomains.contains(tld)
                || (lureDomains && ShapeToken.lureTopLevelDomains.contains(tld))
        else { return nil }
        let hasPath = q < chunkEnd && text[q] == 0x2F
        // Words that happen to be TLDs (`home.in`, `tell.me`, `shop.top`) count only with a path
        // after them, or (`lureDomains`) in a host that two words run together cannot make: one
        // with a hyphen or a digit, or of three labels or more (`ezpass-tolls.top`,
        // `usps.com-track.icu`, `dhl24.live`).
        let wordLike =
            Self.wordLikeTLDs.contains(tld) || (lureDomains && ShapeToken.lureWordLikeTLDs.contains(tld))
        if wordLike && !hasPath && !(lureDomains && (labels >= 3 || hasHyphenOrDigit(p, q))) { return nil }
        let end = hasPath ? trimTrailing(p, chunkEnd) : q
        return Match(tokens: urlTokens(p..<q), end: end)
    }

    /// `<url>`, then with `urlTraits` what today's lures give away in the host: its top-level
    /// domain as a token (`.info`, `.top`; `<url-ip>` for a numeric host) and `<url-dash>` for a
    /// hyphenated host (`royalmail-redeliver.info`, `usps.com-track.top`), then the raw host with
    /// `keepRaw`. Official senders' links are mostly short, unhyphenated `.com` or national hosts.
    private func urlTokens(_ host: Range<Int>) -> [String] {
        var tokens = [ShapeToken.url]
        if urlTraits, !host.isEmpty {
            if let tld = lastLabel(host.lowerBound, host.upperBound), !tld.isEmpty {
                tokens.append(tld.allSatisfy(\.isNumber) ? ShapeToken.numericHost : "." + tld)
            }
            if host.contains(where: { text[$0] == 0x2D }) { tokens.append(ShapeToken.hyphenatedHost) }
        }
        if keepRaw && !host.isEmpty { tokens.append(Chars.string(text, host)) }
        return tokens
    }

    static let wordLikeTLDs: Set<String> = [
        "in", "me", "to", "no", "at", "be", "my", "it", "id", "us", "co", "tv", "win", "live",
        "club", "top", "shop", "store", "click", "link", "site", "online", "app", "ai", "cc", "ws",
    ]

    private func tokensWithRaw(_ shape: String, _ raw: Range<Int>) -> [String] {
        guard keepRaw, !raw.isEmpty else { return [shape] }
        return [shape, Chars.string(text, raw)]
    }

    private func hasPrefix(_ prefix: StaticString, at p: Int) -> Bool {
        let bytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        guard p + bytes.count <= text.count else { return false }
        for (k, b) in bytes.enumerated() where text[p + k] != UInt16(b) { return false }
        return true
    }

    private func trimTrailing(_ start: Int, _ end: Int) -> Int {
        var e = end
        while e > start && Chars.isClosingPunctuation(text[e - 1]) { e -= 1 }
        return e
    }

    /// The host part of a URL (after `scheme://`, before the first `/`, `?` or `:`).
    private func hostRange(from p: Int, end: Int) -> Range<Int> {
        var s = p
        var k = p
        while k + 2 < end {
            if text[k] == 0x3A && text[k + 1] == 0x2F && text[k + 2] == 0x2F {
                s = k + 3
                break
            }
            k += 1
        }
        var e = s
        while e < end && text[e] != 0x2F && text[e] != 0x3F && text[e] != 0x3A { e += 1 }
        return s..<e
    }

    private func domainLabels(_ start: Int, _ end: Int) -> Int {
        guard start < end else { return 0 }
        var labels = 1
        var previousDot = true
        for k in start..<end {
            let isDot = text[k] == 0x2E
            if isDot && previousDot { return 0 }
            if isDot { labels += 1 }
            previousDot = isDot
        }
        return previousDot ? 0 : labels
    }

    private func lastLabel(_ start: Int, _ end: Int) -> String? {
        var k = end
        while k > start && text[k - 1] != 0x2E { k -= 1 }
        guard k > start, k < end else { return nil }
        return Chars.string(text, k..<end)
    }

    private func hasHyphenOrDigit(_ start: Int, _ end: Int) -> Bool {
        (start..<end).contains { text[$0] == 0x2D || Chars.isDigit(text[$0]) }
    }

    private func firstLabelHasLetter(_ start: Int, _ end: Int) -> Bool {
        var k = start
        while k < end && text[k] != 0x2E {
            if Chars.isASCIILetter(text[k]) { return true }
            k += 1
        }
        return false
    }

    // MARK: Money

    private func matchMoney(at p: Int) -> Match? {
        // Symbol first: £1000, $5, € 20, £1.50/msg.
        if Chars.isCurrencySymbol(text[p]) {
            var q = p + 1
            if q < text.count && text[q] == 0x20 { q += 1 }
            guard q < text.count, Chars.isDigit(text[q]) else { return nil }
            let number = NumberShape.scan(text, from: q)
            return Match(tokens: [ShapeToken.money], end: moneySuffixEnd(number.end))
        }
        guard Chars.isDigit(text[p]) else { return nil }
        let number = NumberShape.scan(text, from: p)
        let e = number.end
        guard e < text.count else { return nil }
        // Symbol after: 20€, 5 £.
        if Chars.isCurrencySymbol(text[e]) { return Match(tokens: [ShapeToken.money], end: e + 1) }
        if e + 1 < text.count && text[e] == 0x20 && Chars.isCurrencySymbol(text[e + 1]) {
            return Match(tokens: [ShapeToken.money], end: e + 2)
        }
        // Pence: 150p, 1.50p (but not 150pm or 2pcs).
        if text[e] == 0x70 && (e + 1 == text.count || !Chars.isASCIILetter(text[e + 1])) {
            return Match(tokens: [ShapeToken.money], end: e + 1)
        }
        // Currency codes, attached or after one space: 100usd, 1.50 eur.
        var codeStart = e
        if text[e] == 0x20 { codeStart = e + 1 }
        var codeEnd = codeStart
        while codeEnd < text.count && Chars.isASCIILetter(text[codeEnd]) { codeEnd += 1 }
        if codeEnd > codeStart && codeEnd - codeStart <= 7
            && ShapeToken.currencyCodes.contains(Chars.string(text, codeStart..<codeEnd))
        {
            return Match(tokens: [ShapeToken.money], end: codeEnd)
        }
        return nil
    }

    /// Magnitude suffixes after a price: £5k, $2m.
    private func moneySuffixEnd(_ e: Int) -> Int {
        guard e < text.count, text[e] == 0x6B || text[e] == 0x6D else { return e }
        if e + 1 == text.count || !Chars.isASCIILetter(text[e + 1]) { return e + 1 }
        return e
    }

    // MARK: Phones and numbers

    /// A phone number written with `+`, grouping spaces, `-`, `.` or parentheses.
    private func matchGroupedPhone(at p: Int) -> Match? {
        var k = p
        var digits = 0
        var separators = 0
        var lastDigitEnd = p
        var groupDigits = 0
        let plus = text[k] == 0x2B
        if plus { k += 1 }
        while k < text.count {
            let c = text[k]
            if Chars.isDigit(c) {
                digits += 1
                groupDigits += 1
                k += 1
                lastDigitEnd = k
                if digits > 15 { return nil }
            } else if c == 0x20 || c == 0x2D || c == 0x2E || c == 0x28 || c == 0x29 {
                // A space continues the number only into a group of 2+ digits.
                if c == 0x20 {
                    var g = k + 1
                    while g < text.count && Chars.isDigit(text[g]) { g += 1 }
                    let next = g - (k + 1)
                    if next < 2 || (g < text.count && Chars.isASCIILetter(text[g])) { break }
                }
                if k + 1 < text.count && (text[k + 1] == 0x20 || text[k + 1] == 0x2D) && c != 0x29 {
                    break
                }
                separators += 1
                groupDigits = 0
                k += 1
            } else {
                break
            }
        }
        // Grouped digits are a phone number only when written like one: international `+`,
        // a trunk `0` or `(`, or 10+ digits. `3.14 2005` stays two numbers.
        let first = text[p]
        guard digits >= 7, plus || separators > 0, plus || first == 0x30 || first == 0x28 || digits >= 10
        else { return nil }
        if lastDigitEnd < text.count && Chars.isASCIILetter(text[lastDigitEnd]) && digits < 3 {
            return nil
        }
        return Match(tokens: [ShapeToken.phone], end: lastDigitEnd)
    }

    /// A plain number; when letters follow, only digit runs of 3+ split off (`2nite` stays a word).
    private func matchNumber(at p: Int) -> Match? {
        let number = NumberShape.scan(text, from: p)
        let e = number.end
        if e < text.count && Chars.isASCIILetter(text[e]) && number.digits < 3 { return nil }
        return Match(tokens: [NumberShape.token(for: number)], end: e)
    }
}

/// Digit counting for numbers written with `,` and `.` separators.
enum NumberShape {
    struct Scanned {
        var end: Int
        var digits: Int
        var isDecimal: Bool
    }

    /// Scans `1,000`, `1.50`, `09061701461` from a digit; separators count only between digits.
    static func scan(_ text: UnsafeBufferPointer<UInt16>, from p: Int) -> Scanned {
        var k = p
        var digits = 0
        var digitsAfterLastDot = -1
        while k < text.count {
            let c = text[k]
            if Chars.isDigit(c) {
                digits += 1
                if digitsAfterLastDot >= 0 { digitsAfterLastDot += 1 }
                k += 1
            } else if (c == 0x2C || c == 0x2E) && k + 1 < text.count && Chars.isDigit(text[k + 1]) {
                if c == 0x2E { digitsAfterLastDot = 0 }
                k += 1
            } else {
                break
            }
        }
        // `1.50` is a decimal; `1.000.000` (dots grouping thousands) is not.
        let isDecimal = digitsAfterLastDot >= 0 && digitsAfterLastDot != 3
        return Scanned(end: k, digits: digits, isDecimal: isDecimal)
    }

    static func token(for number: Scanned) -> String {
        number.isDecimal ? ShapeToken.decimal : ShapeToken.number(digits: number.digits)
    }

    /// The shape of a numeric stretch (digits with optional separators).
    static func token(_ text: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> String {
        var digits = 0
        var afterDot = -1
        for k in range {
            let c = text[k]
            if Chars.isDigit(c) {
                digits += 1
                if afterDot >= 0 { afterDot += 1 }
            } else if c == 0x2E {
                afterDot = 0
            }
        }
        if afterDot >= 0 && afterDot != 3 { return ShapeToken.decimal }
        return ShapeToken.number(digits: digits)
    }
}

/// Character classes on UTF-16 code units of normalized text.
enum Chars {
    @inline(__always) static func isDigit(_ c: UInt16) -> Bool { c >= 0x30 && c <= 0x39 }

    @inline(__always) static func isASCIILetter(_ c: UInt16) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A)
    }

    /// White space, including no-break and ideographic spaces.
    @inline(__always) static func isSpace(_ c: UInt16) -> Bool {
        switch c {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029,
            0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// `( [ { < " ' *` and their typographic forms, skipped before a shape.
    static func isOpeningPunctuation(_ c: UInt16) -> Bool {
        switch c {
        case 0x28, 0x5B, 0x7B, 0x3C, 0x22, 0x27, 0x2A, 0x2018, 0x201C, 0x3A, 0x2C, 0x2E, 0x21, 0x3F,
            0x2D, 0x3B, 0x2F:
            return true
        default:
            return false
        }
    }

    /// Punctuation that ends a sentence or closes a bracket, trimmed after a URL.
    static func isClosingPunctuation(_ c: UInt16) -> Bool {
        switch c {
        case 0x29, 0x5D, 0x7D, 0x3E, 0x22, 0x27, 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x2019, 0x201D,
            0x2A:
            return true
        default:
            return false
        }
    }

    /// Currency signs (`$ £ € ¥ ₹ …`, Unicode category Sc).
    static func isCurrencySymbol(_ c: UInt16) -> Bool {
        if c < 0x80 { return c == 0x24 }
        if c >= 0xD800 && c <= 0xDFFF { return false }
        return ICUText.isCurrencySymbol(UInt32(c))
    }

    /// True when the stretch holds an emoji, a currency sign or another symbol worth keeping.
    static func containsSymbol(_ text: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Bool {
        var k = range.lowerBound
        while k < range.upperBound {
            var scalar = UInt32(text[k])
            if scalar >= 0xD800 && scalar <= 0xDBFF && k + 1 < range.upperBound {
                let low = UInt32(text[k + 1])
                if low >= 0xDC00 && low <= 0xDFFF {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    k += 1
                }
            }
            k += 1
            if scalar == 0x24 { return true }
            if scalar < 0x80 { continue }
            if ICUText.isSymbol(scalar) { return true }
        }
        return false
    }

    static func containsLetterOrDigit(_ text: UnsafeBufferPointer<UInt16>, _ range: Range<Int>)
        -> Bool
    {
        for k in range {
            let c = text[k]
            if isDigit(c) || isASCIILetter(c) || c >= 0xC0 { return true }
        }
        return false
    }

    static func trimmingPunctuation(_ text: UnsafeBufferPointer<UInt16>, _ range: Range<Int>)
        -> Range<Int>
    {
        var s = range.lowerBound
        var e = range.upperBound
        while s < e && (isOpeningPunctuation(text[s]) || isClosingPunctuation(text[s])) { s += 1 }
        while e > s && (isOpeningPunctuation(text[e - 1]) || isClosingPunctuation(text[e - 1])) {
            e -= 1
        }
        return s..<e
    }

    static func string(_ text: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> String {
        // Most tokens are ASCII: copying the units as bytes skips UTF-16 transcoding, which was a
        // tenth of bulk scoring's time. Same string either way.
        if !text[range].contains(where: { $0 >= 0x80 }) {
            return String(unsafeUninitializedCapacity: range.count) { bytes in
                for (k, unit) in text[range].enumerated() { bytes[k] = UInt8(truncatingIfNeeded: unit) }
                return range.count
            }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF16.self)
    }
}
