/// Settings that change which tokens a message yields. Stored in model files, so a model always
/// tokenizes the way it was trained.
public struct TokenizerOptions: Sendable, Equatable {
    /// At most this many tokens are kept per message; the rest of the message is not read.
    public var maxTokens: Int
    /// Also emit the raw form after a URL or e-mail shape (the host name / the domain).
    public var keepRawShapes: Bool
    /// Emit `!` (once per run) as a token; exclamation is a classic spam mark.
    public var keepExclamation: Bool
    /// Start with `<caps>` when the message shouts: two or more all-capital words of three or
    /// more letters. Case folding would otherwise erase this classic spam mark.
    public var markShouting: Bool
    /// After `<url>`, the host's top-level domain and whether it is hyphenated (see
    /// `ShapeMatcher.urlTokens`). Off for model files made before it existed.
    public var urlTraits: Bool
    /// Bare domains under today's cheap top-level domains (`ezpass-tolls.help`,
    /// `usps.com-track.icu`) are URLs (`ShapeToken.lureTopLevelDomains`). Off for model files made
    /// before it existed.
    public var lureDomains: Bool

    public init(
        maxTokens: Int = 256, keepRawShapes: Bool = false, keepExclamation: Bool = true,
        markShouting: Bool = false, urlTraits: Bool = false, lureDomains: Bool = false
    ) {
        self.urlTraits = urlTraits
        self.lureDomains = lureDomains
        self.maxTokens = max(1, maxTokens)
        self.keepRawShapes = keepRawShapes
        self.keepExclamation = keepExclamation
        self.markShouting = markShouting
    }

    /// Bytes of input examined, not counting runs of padding (`TextBudget`): generous for
    /// `maxTokens` tokens, and a bound on the work a 1 MiB body can cause.
    public var maxInputBytes: Int { max(4096, maxTokens * 32) }
}

/// Splits message text into tokens: NFKC normalization and case folding, shape tokens for
/// URLs, e-mail addresses, phone numbers, prices and numbers (see `ShapeToken`), then ICU word
/// segmentation for the rest, which handles any script (dictionary-based for CJK and Thai).
/// Emoji and currency or other symbols survive as tokens; punctuation and spaces do not.
///
/// One tokenizer holds one ICU break iterator: reuse it, and give each thread its own.
public final class Tokenizer {
    public let options: TokenizerOptions
    private let breaker: WordBreaker

    /// Fails only when ICU's break-iterator data cannot be loaded.
    public init(options: TokenizerOptions = TokenizerOptions()) throws(TokenizerError) {
        guard let breaker = WordBreaker() else { throw TokenizerError.icuUnavailable }
        self.options = options
        self.breaker = breaker
    }

    /// The tokens of a message given as UTF-8 bytes (invalid sequences are replaced, not fatal).
    /// At most `maxInputBytes` bytes are read, not counting runs of padding (`TextBudget`).
    public func tokens(utf8 bytes: some Collection<UInt8>) -> [String] {
        let capped = TextBudget.prefix(bytes, budget: options.maxInputBytes)
        let utf16 = capped.withUnsafeBufferPointer { ICUText.utf16(fromUTF8: $0) }
        return tokens(utf16: utf16)
    }

    /// The tokens of a message.
    public func tokens(_ text: String) -> [String] {
        tokens(utf8: text.utf8)
    }

    /// The tokens of a message with every run of a repeated token, or of a repeated block of up
    /// to four tokens, kept to two copies as it is read, so `maxTokens` counts the tokens left:
    /// for looking behind a run of padding (thousands of emoji) that fills the usual reading.
    /// Reads at most `maxBytes` bytes, not counting runs of white space and punctuation.
    public func tokensWithoutRepeats(_ text: String, maxBytes: Int) -> [String] {
        let capped = TextBudget.prefix(text.utf8, budget: maxBytes)
        let utf16 = capped.withUnsafeBufferPointer { ICUText.utf16(fromUTF8: $0) }
        return tokens(utf16: utf16, droppingRepeats: true)
    }

    /// The token that marks a shouting message (see `TokenizerOptions.markShouting`).
    public static let shoutingToken = "<caps>"

    private func tokens(utf16: [UInt16], droppingRepeats: Bool = false) -> [String] {
        let normalized = ICUText.nfkcCaseFolded(utf16)
        var scan = TokenScan(options: options, breaker: breaker)
        scan.dropsRepeats = droppingRepeats
        if options.markShouting && Self.isShouting(utf16) { scan.emit(Self.shoutingToken) }
        normalized.withUnsafeBufferPointer { scan.run(over: $0) }
        return scan.tokens
    }
}

extension Tokenizer {
    /// Two or more words of 3+ ASCII capitals and no lower-case letter ("WINNER", "FREE").
    static func isShouting(_ text: [UInt16]) -> Bool {
        var words = 0
        var run = 0
        var lower = false
        for c in text + [0x20] {
            if c >= 0x41 && c <= 0x5A {
                run += 1
            } else if c >= 0x61 && c <= 0x7A {
                lower = true
            } else {
                if run >= 3 && !lower { words += 1 }
                if words >= 2 { return true }
                run = 0
                lower = false
            }
        }
        return false
    }
}

/// Tokenizer failures.
public enum TokenizerError: Error, CustomStringConvertible, Sendable {
    case icuUnavailable

    public var description: String {
        "ICU's word-break data could not be loaded (is libicu installed?)"
    }
}

/// One pass over a normalized message: finds shapes chunk by chunk and sends the text between
/// them through ICU's word breaker, keeping the tokens in message order.
private struct TokenScan {
    let options: TokenizerOptions
    let breaker: WordBreaker
    var tokens: [String] = []

    init(options: TokenizerOptions, breaker: WordBreaker) {
        self.options = options
        self.breaker = breaker
        tokens.reserveCapacity(min(options.maxTokens, 64))
    }

    var isFull: Bool { tokens.count >= options.maxTokens }

    /// Keep runs of repeats to two copies (`Tokenizer.tokensWithoutRepeats`).
    var dropsRepeats = false

    mutating func emit(_ token: String) {
        guard !isFull else { return }
        tokens.append(token)
        guard dropsRepeats else { return }
        // A third copy of a block of 1 to 4 tokens just completed: drop it.
        let n = tokens.count
        for p in 1...4 where n >= 3 * p {
            if tokens[(n - p)..<n].elementsEqual(tokens[(n - 2 * p)..<(n - p)])
                && tokens[(n - 2 * p)..<(n - p)].elementsEqual(tokens[(n - 3 * p)..<(n - 2 * p)])
            {
                tokens.removeLast(p)
                return
            }
        }
    }

    mutating func run(over text: UnsafeBufferPointer<UInt16>) {
        let n = text.count
        var runStart = 0
        var i = 0
        while i < n && !isFull {
            if Chars.isSpace(text[i]) {
                i += 1
                continue
            }
            var chunkEnd = i
            while chunkEnd < n && !Chars.isSpace(text[chunkEnd]) { chunkEnd += 1 }
            var p = i
            while p < chunkEnd && Chars.isOpeningPunctuation(text[p]) { p += 1 }
            var matcher = ShapeMatcher(
                text: text, keepRaw: options.keepRawShapes, urlTraits: options.urlTraits,
                lureDomains: options.lureDomains)
            if p < chunkEnd, let match = matcher.match(at: p, chunkEnd: chunkEnd), match.end > p {
                flushText(text, runStart..<p)
                for token in match.tokens { emit(token) }
                i = match.end
                runStart = match.end
            } else {
                i = chunkEnd
            }
        }
        flushText(text, runStart..<min(i, n))
    }

    /// Sends a stretch of plain text through ICU's word breaker.
    mutating func flushText(_ text: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) {
        guard !range.isEmpty, !isFull else { return }
        var scan = self
        breaker.forEachSegment(in: text, range: range) { segment in
            scan.take(segment, in: text)
            return !scan.isFull
        }
        self = scan
    }

    mutating func take(_ segment: WordBreaker.Segment, in text: UnsafeBufferPointer<UInt16>) {
        let range = segment.range
        if segment.isWordLike {
            takeWord(range, in: text)
            return
        }
        // Not a word: keep emoji and symbols, a single `!`, drop spaces and other punctuation.
        if range.count == 1 && text[range.lowerBound] == 0x21 {
            if options.keepExclamation && tokens.last != "!" { emit("!") }
            return
        }
        if Chars.containsSymbol(text, range) {
            emit(Chars.string(text, range))
        }
    }

    /// ICU keeps `home.then` together (a full stop between letters); SMS writers often omit the
    /// space after a full stop, so the parts are separate words.
    mutating func emitSplittingAtDots(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt16>) {
        var start = range.lowerBound
        for k in range where text[k] == 0x2E {
            if k > start { emit(Chars.string(text, start..<k)) }
            start = k + 1
        }
        if start < range.upperBound { emit(Chars.string(text, start..<range.upperBound)) }
    }

    /// A word from ICU: shaped when it is a number, split when it hides a long digit run.
    mutating func takeWord(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt16>) {
        var hasDigit = false
        var allNumeric = true
        for k in range {
            let c = text[k]
            if Chars.isDigit(c) {
                hasDigit = true
            } else if c != 0x2C && c != 0x2E {
                allNumeric = false
            }
        }
        if !hasDigit {
            emitSplittingAtDots(range, in: text)
            return
        }
        if allNumeric {
            emit(NumberShape.token(text, range))
            return
        }
        // Mixed letters and digits: split out digit runs of 3 or more.
        var pieces: [(Range<Int>, isNumber: Bool)] = []
        var k = range.lowerBound
        var pieceStart = k
        while k < range.upperBound {
            if Chars.isDigit(text[k]) {
                var end = k
                while end < range.upperBound && Chars.isDigit(text[end]) { end += 1 }
                if end - k >= 3 {
                    if pieceStart < k { pieces.append((pieceStart..<k, false)) }
                    pieces.append((k..<end, true))
                    pieceStart = end
                }
                k = end
            } else {
                k += 1
            }
        }
        if pieces.isEmpty {
            emit(Chars.string(text, range))
            return
        }
        if pieceStart < range.upperBound { pieces.append((pieceStart..<range.upperBound, false)) }
        for (piece, isNumber) in pieces {
            if isNumber {
                emit(NumberShape.token(text, piece))
            } else if Chars.containsLetterOrDigit(text, piece) {
                emit(Chars.string(text, Chars.trimmingPunctuation(text, piece)))
            }
        }
    }
}
