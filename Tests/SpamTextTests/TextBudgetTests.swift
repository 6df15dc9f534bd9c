import SpamTestSupport
import SpamText
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Issue 17, item 2: padding must not spend the tokenizer's byte budget, and ordinary messages
/// must tokenize exactly as before (the bundled model's scores depend on it).
private var tokenizer: Tokenizer { try! Tokenizer() }

/// Ordinary messages of every kind the tests know, short and long.
private let ordinary: [String] = {
    let short = [
        "WINNER!! Call 09061701461 to claim £1000 at www.example.com", "ok", "Yes", "👍", "on my way",
        "482913",
        "Hi Bob, are we still meeting for dinner at 7? I'll bring the book you lent me.",
        "Your code is 482913. Do not share it.", "FREE ENTRY!!! txt WIN to 86688 now... T&C apply",
        "我们明天去北京吃饭", "ผมชอบกินข้าวมาก", "Привет, как дела?", "مرحبا كيف حالك", "ＷＩＮ FREE Straße",
        "call +44 7700 900123 — or (0800) 123-4567 — “quoted”, ‘single’… done!!!", "a\tb\r\nc\n\n\nd   e",
        "-----\n*** URGENT ***\n-----", "...", "   ", "",
    ]
    // Longer than the 8 KiB budget: they reach the 256-token cap long before.
    let long = [
        String(repeating: "Hi Bob, are we still meeting for dinner at 7? I'll bring the book. ", count: 200),
        String(repeating: "我们明天去北京吃饭，然后去看电影。", count: 400),
        String(repeating: "WINNER!! Call 09061701461 to claim £1000 at www.example.com ... ", count: 150),
        String(repeating: "ผมชอบกินข้าวมาก ", count: 400),
    ]
    return short + long
}()

@Test func ordinaryMessagesTokenizeAsBeforeTheBudgetChange() {
    let t = tokenizer
    let budget = t.options.maxInputBytes
    for message in ordinary {
        let bytes = Array(message.utf8)
        // Before the change the tokenizer read exactly the first `budget` bytes; a prefix
        // within the budget is read whole both ways, so this is the old result.
        let before = t.tokens(utf8: Array(bytes.prefix(budget)))
        #expect(t.tokens(utf8: bytes) == before, "\(message.prefix(40))")
        if bytes.count <= budget { #expect(TextBudget.prefix(bytes, budget: budget) == bytes) }
    }
}

@Test(arguments: [" ", ".", "\n", "!", "- ", "\u{A0}", "\u{200B}", "…", "\u{3000}", "«»"])
func paddingBeforeTextDoesNotHideIt(pad: String) {
    let t = tokenizer
    let message = "WINNER!! Call 09061701461 to claim £1000 at www.example.com"
    let padded = String(repeating: pad, count: 8_200) + message
    var expected = t.tokens(message)
    // A run of '!' before the text is one more '!' token, as in a short message.
    if pad == "!" { expected = t.tokens("!! " + message) }
    #expect(t.tokens(padded) == expected)
}

@Test func textBudgetCountsOnlyWhatCanBecomeTokens() {
    let text = Array(
        (String(repeating: " ", count: 1_000) + "abc" + String(repeating: ".", count: 1_000) + "de").utf8)
    let kept = TextBudget.prefix(text, budget: 4)
    // Runs shortened to 32 + 32 bytes; 4 counted bytes (a, b, c, d), so "e" is cut.
    #expect(
        String(decoding: kept, as: UTF8.self) == String(repeating: " ", count: 64) + "abc"
            + String(repeating: ".", count: 64) + "d")
    #expect(TextBudget.prefix(text, budget: 100, countingPadding: true).count == 100)
    // A '!' inside a long run survives once; multi-byte padding is cut at character boundaries.
    let bang = Array(
        (String(repeating: ".", count: 100) + "!" + String(repeating: ".", count: 100) + "x").utf8)
    #expect(TextBudget.prefix(bang, budget: 0).filter { $0 == 0x21 }.count == 1)
    let nbsp = Array((String(repeating: "\u{A0}", count: 100) + "x").utf8)
    #expect(String(validating: TextBudget.prefix(nbsp, budget: 1), as: UTF8.self) != nil)
}

/// Found by FuzzPadding: 27,826 underscores between `c` and `all` were shortened as padding, so
/// the word ICU makes across them changed (`Tests/Fixtures/evidence/tokenizer-underscore-run.txt`).
@Test func underscoreRunsAreNotPadding() {
    let t = tokenizer
    let message = TestEnvironment.fixture("evidence/tokenizer-underscore-run.txt")
    #expect(message.count > 27_826)
    // Every word token is a piece of the message (shortening the run made `c` + 64 `_` + `all`).
    let text = String(decoding: message, as: UTF8.self).lowercased()
    for token in t.tokens(utf8: message) where token.hasPrefix("c") {
        #expect(text.contains(token), "\(token.prefix(10))…\(token.suffix(10)) (\(token.count) characters)")
    }
    let word = "c" + String(repeating: "_", count: 10_000) + "all"
    let tokens = t.tokens(word)
    #expect(tokens.count == 1 && word.hasPrefix(tokens[0]))
}

/// Found by FuzzPadding (`Tests/Fixtures/evidence/padding-fuzz-fullwidth-run-slow.bin`, the
/// fuzzer's input): a million fullwidth `！` (3 bytes each) took 2.4 s under ASan, every one
/// decoded and looked up. The same character again is now compared, not decoded: in a debug
/// build 0.198 s before, 0.055 s after (release, 33 M ideographic spaces: 2.18 s, 0.52 s). The
/// bound is loose, for a loaded machine; it catches a return to something quadratic.
@Test func aLongRunOfOneMultiByteCharacterIsScannedNotDecoded() {
    let run = Array(String(repeating: "\u{FF01}", count: 1_042_822).utf8) + Array("call 0901461 now".utf8)
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    let kept = TextBudget.prefix(run, budget: 8192)
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &end)
    let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    #expect(String(decoding: kept, as: UTF8.self).hasSuffix("\u{FF01}call 0901461 now"))
    #expect(kept.count < 100)
    #expect(seconds < 1.5, "\(seconds) s")
}
