/// Byte budgets that padding does not spend. The tokenizer reads at most 32 × max-tokens bytes
/// and text extraction at most 64 KiB; a sender who puts 8,200 spaces or dots before
/// `WINNER!! Call 09061701461` must not push the words out of what is read. So a budget counts
/// only bytes that can become tokens, and a long run of padding (white space, punctuation that
/// never becomes a token, invisible format characters) is shortened before any ICU work.
/// (Text extraction keeps its byte cap but shortens long runs the same way.)
///
/// Text within its budget is returned unchanged, so ordinary messages tokenize exactly as
/// before; a longer text without long runs of padding reaches the token cap (256 tokens) long
/// before its byte budget, so its tokens do not change either.
public enum TextBudget {
    /// A run of padding longer than twice this keeps only this many bytes at each end: enough to
    /// keep what a shape or ICU sees around a word, none of the rest.
    public static let keptRunEnd = 32

    /// `bytes` cut after `budget` bytes that are not padding, with each run of padding longer
    /// than `2 × keptRunEnd` bytes shortened to its first and last `keptRunEnd` bytes (at
    /// character boundaries; a `!` from the dropped middle is kept once, as the tokenizer would
    /// have emitted it). Returns `bytes` unchanged when it has at most `budget` bytes.
    /// One linear pass: a 100 MB line of spaces costs a scan, no ICU work.
    ///
    /// - Parameter countingPadding: the padding that is kept counts too, so the result has at
    ///   most `budget` bytes (text extraction: long runs still cost nothing, short ones cost
    ///   their bytes; the cut may fall inside a character).
    public static func prefix(_ bytes: UnsafeBufferPointer<UInt8>, budget: Int, countingPadding: Bool = false)
        -> [UInt8]
    {
        let n = bytes.count
        guard n > budget else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(min(n, budget + budget / 4))
        var counted = 0
        var i = 0
        while i < n {
            let width = paddingWidth(bytes, at: i)
            if width == 0 {
                // A byte that may become a token: spend the budget on it.
                if counted >= budget { break }
                counted += 1
                out.append(bytes[i])
                i += 1
                continue
            }
            // A run of padding: find its end. The same character again (the usual padding) is
            // compared, not decoded: 33 M ideographic spaces took 2.2 s decoded one by one.
            var end = i + width
            var bang = bytes[i] == 0x21
            var last = i
            var lastWidth = width
            while end < n {
                if lastWidth > 1 && end + lastWidth <= n && same(bytes, end, last, lastWidth) {
                    end += lastWidth
                    continue
                }
                let w = paddingWidth(bytes, at: end)
                if w == 0 { break }
                if bytes[end] == 0x21 { bang = true }
                last = end
                lastWidth = w
                end += w
            }
            var kept: [UInt8]
            if end - i <= 2 * keptRunEnd {
                kept = Array(bytes[i..<end])
            } else {
                let headEnd = boundary(bytes, atOrAfter: i + keptRunEnd, limit: end)
                let tailStart = boundary(bytes, atOrAfter: end - keptRunEnd, limit: end)
                kept = Array(bytes[i..<headEnd])
                let keptBang =
                    bytes[i..<headEnd].contains(0x21) || bytes[tailStart..<end].contains(0x21)
                if bang && !keptBang { kept.append(0x21) }
                kept += bytes[tailStart..<end]
            }
            if countingPadding {
                let room = budget - counted
                if room <= 0 { break }
                if kept.count > room { kept.removeSubrange(room...) }
                counted += kept.count
            }
            out += kept
            i = end
        }
        return out
    }

    /// `prefix` of any byte collection (copied first when it is not contiguous).
    public static func prefix(_ bytes: some Collection<UInt8>, budget: Int, countingPadding: Bool = false)
        -> [UInt8]
    {
        if let result = bytes.withContiguousStorageIfAvailable({
            prefix($0, budget: budget, countingPadding: countingPadding)
        }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer {
            prefix($0, budget: budget, countingPadding: countingPadding)
        }
    }

    /// The length of the padding character at `i`, or 0 when the character there may become a
    /// token. Padding is what the tokenizer never makes a token of, or makes one token of per
    /// run (`!`): white space, control and format characters (zero-width spaces, the byte order
    /// mark), punctuation (general categories Z*, Cc, Cf, P* except Pc). Symbols (`$`, `+`, `£`,
    /// emoji), letters, digits, connector punctuation (`_`) and malformed UTF-8 (which becomes
    /// U+FFFD, a symbol) count.
    @inline(__always) static func paddingWidth(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 { return asciiPadding[Int(b)] ? 1 : 0 }
        guard let (scalar, width) = decode(bytes, at: i) else { return 0 }
        // Not connector punctuation (`_`, `‿`, `＿`): ICU joins letters across a run of it
        // (`c____all` is one word), so its length is part of a token.
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .dashPunctuation,
            .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return width
        default:
            return 0
        }
    }

    /// The well-formed multi-byte UTF-8 scalar at `i` and its length, or nil.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int)? {
        let b = bytes[i]
        let width: Int
        var value: UInt32
        switch b {
        case 0xC2...0xDF:
            width = 2
            value = UInt32(b & 0x1F)
        case 0xE0...0xEF:
            width = 3
            value = UInt32(b & 0x0F)
        case 0xF0...0xF4:
            width = 4
            value = UInt32(b & 0x07)
        default: return nil
        }
        guard i + width <= bytes.count else { return nil }
        for k in 1..<width {
            let c = bytes[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        // Overlong forms and surrogates are malformed.
        let minimum: UInt32 = width == 2 ? 0x80 : width == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, width)
    }

    /// ASCII bytes that are padding (see `paddingWidth`).
    static let asciiPadding: [Bool] = (0..<128).map { value -> Bool in
        let c = UInt8(value)
        if c <= 0x20 || c == 0x7F { return true }
        return Array("!\"#%&'()*,-./:;?@[\\]{}".utf8).contains(c)
    }

    /// True when the `width` bytes at `a` equal those at `b`.
    @inline(__always) static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, _ width: Int)
        -> Bool
    {
        var k = 0
        while k < width {
            if bytes[a + k] != bytes[b + k] { return false }
            k += 1
        }
        return true
    }

    /// The first index at or after `i` (and at most `limit`) that starts a character.
    static func boundary(_ bytes: UnsafeBufferPointer<UInt8>, atOrAfter i: Int, limit: Int) -> Int {
        var k = i
        while k < limit && bytes[k] & 0xC0 == 0x80 { k += 1 }
        return k
    }
}
