internal import CICU

/// UTF-16 conversion, normalization and word breaking through ICU (via the CICU shim).
///
/// Everything here works on `[UInt16]` so that one message costs a handful of ICU calls and no
/// per-character Swift `String` work.
enum ICUText {
    /// UTF-8 bytes to UTF-16; invalid sequences become U+FFFD.
    static func utf16(fromUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [UInt16] {
        if bytes.isEmpty { return [] }
        var status: Int32 = 0
        // UTF-16 never needs more units than UTF-8 has bytes.
        var output = [UInt16](repeating: 0, count: bytes.count)
        let length = output.withUnsafeMutableBufferPointer { dest in
            cicu_utf8_to_utf16(
                bytes.baseAddress, Int32(bytes.count), dest.baseAddress,
                Int32(dest.count), &status)
        }
        output.removeSubrange(Int(max(0, min(length, Int32(output.count))))...)
        return output
    }

    /// NFKC normalization with case folding. Falls back to the input if ICU fails.
    static func nfkcCaseFolded(_ text: [UInt16]) -> [UInt16] {
        if text.isEmpty { return [] }
        var capacity = text.count + text.count / 2 + 16
        for _ in 0..<3 {
            var status: Int32 = 0
            var output = [UInt16](repeating: 0, count: capacity)
            let length = text.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { dest in
                    cicu_nfkc_casefold(
                        source.baseAddress, Int32(source.count), dest.baseAddress,
                        Int32(dest.count), &status)
                }
            }
            if status == Int32(CICU_OK) {
                output.removeSubrange(Int(length)...)
                return output
            }
            if status != Int32(CICU_BUFFER_TOO_SMALL) { return text }
            capacity = Int(length) + 1
        }
        return text
    }

    /// True for currency signs (general category Sc).
    static func isCurrencySymbol(_ scalar: UInt32) -> Bool {
        cicu_symbol_class(scalar) == Int32(CICU_CURRENCY_SYMBOL)
    }

    /// True for currency signs, other symbols, math symbols and emoji.
    static func isSymbol(_ scalar: UInt32) -> Bool {
        cicu_symbol_class(scalar) != Int32(CICU_NOT_SYMBOL)
    }
}

/// A reusable ICU word-break iterator. Not thread-safe: one per tokenizer.
final class WordBreaker {
    private let handle: OpaquePointer

    /// The segments of a word break, with ICU's rule status telling words from the rest.
    struct Segment {
        var range: Range<Int>
        /// 0..<100 none (space, punctuation, symbols), 100..<200 number, 200..<500 word-like.
        var ruleStatus: Int32
        var isWordLike: Bool { ruleStatus >= 100 }
    }

    init?() {
        guard let handle = cicu_word_breaker_open() else { return nil }
        self.handle = handle
    }

    deinit { cicu_word_breaker_close(handle) }

    /// Calls `body` for each segment of `text[range]`, in order, until it returns false.
    func forEachSegment(
        in text: UnsafeBufferPointer<UInt16>, range: Range<Int>, _ body: (Segment) -> Bool
    ) {
        guard !range.isEmpty, let base = text.baseAddress else { return }
        let start = base + range.lowerBound
        guard cicu_word_breaker_set_text(handle, start, Int32(range.count)) == Int32(CICU_OK) else {
            return
        }
        var previous = 0
        var status: Int32 = 0
        while true {
            let boundary = cicu_word_breaker_next(handle, &status)
            if boundary < 0 { break }
            let end = Int(boundary)
            let segment = Segment(
                range: (range.lowerBound + previous)..<(range.lowerBound + end), ruleStatus: status)
            previous = end
            if !body(segment) { break }
        }
        // Detach from the caller's buffer so no dangling pointer outlives it.
        cicu_word_breaker_set_text(handle, nil, 0)
    }
}
