import SpamText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Padding in the tokenizer (issue 17, item 2). A message is text A, a run of one padding
/// character repeated n times (n up to about a million bytes), then text B. Checks:
/// - the run's length does not change the tokens: n copies give the tokens of 70 copies (the
///   budget counts what becomes tokens, and long runs are shortened before ICU);
/// - TextBudget keeps input within budget unchanged, and spends at most the budget on bytes
///   that are not padding;
/// - the token cap holds, and tokenizing a megabyte of padding takes under 2 s (a bound far above
///   the few milliseconds it takes, so only a quadratic or ICU-bound path trips it).
nonisolated(unsafe) let tokenizer: Tokenizer = {
    guard let made = try? Tokenizer(options: TokenizerOptions()) else { fail("ICU unavailable") }
    return made
}()

/// Padding characters: white space, punctuation, invisible format characters, and `!`. Not `_`:
/// ICU joins words across a run of connector punctuation (`c___all` is one word), so it is not
/// padding (found by this target: TextBudget shortened such runs and changed the word).
let paddings: [String] = [
    " ", ".", "\n", "\t", "!", "-", "*", "'", "\u{B7}", ":", "\u{A0}", "\u{200B}", "\u{3000}", "\u{2026}",
    "\u{FEFF}", "\u{FF01}",
    "\u{00AB}", "\r\n", ". ", "\u{0}",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPadding(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size >= 3 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let pad = Array(paddings[Int(bytes[0]) % paddings.count].utf8)
    let count = 70 + (Int(bytes[1]) << 8 | Int(bytes[2])) * (bytes[0] & 0x80 != 0 ? 16 : 1)
    // A and B: the rest split in two, each at most 200 bytes (well inside the budget).
    let rest = Array(bytes[3...])
    let a = Array(rest.prefix(min(200, rest.count / 2)))
    let b = Array(rest.dropFirst(rest.count / 2).prefix(200))

    func message(_ n: Int) -> [UInt8] {
        var m = a
        m.reserveCapacity(a.count + pad.count * n + b.count)
        for _ in 0..<n { m += pad }
        return m + b
    }
    let long = message(count)
    let budget = tokenizer.options.maxInputBytes

    // TextBudget: unchanged within budget; at most `budget` counted bytes.
    let short = message(70)
    if short.count <= budget && TextBudget.prefix(short, budget: budget) != short {
        fail("changed input within budget")
    }
    let capped = TextBudget.prefix(long, budget: budget)
    let countedCap = TextBudget.prefix(long, budget: budget, countingPadding: true)
    guard countedCap.count <= budget else { fail("countingPadding kept \(countedCap.count) bytes") }
    guard capped.count <= long.count + 1 else { fail("TextBudget grew the input") }

    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    let tokens = tokenizer.tokens(utf8: long)
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &end)
    let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    guard seconds < 2 else { fail("\(long.count) bytes took \(seconds) s") }
    guard tokens.count <= tokenizer.options.maxTokens + 1 else { fail("\(tokens.count) tokens over the cap") }

    let expected = tokenizer.tokens(utf8: short)
    guard tokens == expected else {
        fail("\(count) × \(pad) gave \(tokens), 70 gave \(expected); a=\(a) b=\(b)")
    }
    return 0
}

func fail(_ message: String) -> Never {
    let line = "FuzzPadding: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}
