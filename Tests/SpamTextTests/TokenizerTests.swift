import SpamText
import Testing

/// Tests run in parallel; each gets its own tokenizer (one ICU iterator per thread).
private var tokenizer: Tokenizer { try! Tokenizer() }

@Test func spamShapesAreRecognized() {
    let tokens = tokenizer.tokens("WINNER!! Call 09061701461 to claim £1000 at www.example.com")
    #expect(tokens == ["winner", "!", "call", "<phone>", "to", "claim", "<money>", "at", "<url>"])
}

@Test(arguments: [
    ("+44 7700 900123 now", ["<phone>", "now"]),
    ("ring (0800) 123-4567", ["ring", "<phone>"]),
    ("text WIN to 86688", ["text", "win", "to", "<shortcode>"]),
    ("only 150p/msg", ["only", "<money>", "msg"]),
    ("costs 1.50 EUR", ["costs", "<money>"]),
    ("$5 off", ["<money>", "off"]),
    ("20€ each", ["<money>", "each"]),
    ("write to prize@claims.example.org.", ["write", "to", "<email>"]),
    ("see bit.ly/x1Y2 now", ["see", "<url>", "now"]),
    ("https://example.net/a?b=1).", ["<url>"]),
    ("in 2005 we paid 3.14 for 1,000", ["in", "<num4>", "we", "paid", "<decimal>", "for", "<num4>"]),
    ("2nite b4 txt82228", ["2nite", "b4", "txt", "<shortcode>"]),
    ("home.then tell.me", ["home", "then", "tell", "me"]),
    ("3.14 2005", ["<decimal>", "<num4>"]),
])
func shapeRules(_ input: String, _ expected: [String]) {
    #expect(tokenizer.tokens(input) == expected)
}

@Test func normalizationFoldsCaseAndWidth() {
    #expect(tokenizer.tokens("ＷＩＮ FREE Straße") == ["win", "free", "strasse"])
}

@Test func chineseAndThaiSegmentIntoSeveralWords() {
    let chinese = tokenizer.tokens("我们明天去北京吃饭")
    #expect(chinese.count > 1)
    #expect(chinese.joined() == "我们明天去北京吃饭")
    let thai = tokenizer.tokens("ผมชอบกินข้าวมาก")
    #expect(thai.count > 1)
    #expect(thai.joined() == "ผมชอบกินข้าวมาก")
    let japanese = tokenizer.tokens("今日は東京に行きます")
    #expect(japanese.count > 2)
}

@Test func cyrillicAndArabicWords() {
    #expect(tokenizer.tokens("Привет, как дела?") == ["привет", "как", "дела"])
    #expect(tokenizer.tokens("مرحبا بك") == ["مرحبا", "بك"])
}

@Test func emojiAndCurrencySymbolsSurvive() {
    let tokens = tokenizer.tokens("great 🎉 deal 👍🏽 ¥ ok")
    #expect(tokens.contains("🎉"))
    #expect(tokens.contains("👍🏽"))
    #expect(tokens.contains("¥"))
}

@Test func invalidUTF8IsReplacedNotFatal() {
    let bytes: [UInt8] = Array("win ".utf8) + [0xFF, 0xFE, 0xC3] + Array(" cash".utf8)
    let tokens = tokenizer.tokens(utf8: bytes)
    #expect(tokens.first == "win")
    #expect(tokens.last == "cash")
}

@Test func emptyInputGivesNoTokens() {
    #expect(tokenizer.tokens("").isEmpty)
    #expect(tokenizer.tokens(utf8: [UInt8]()).isEmpty)
    #expect(tokenizer.tokens("  \n\t ").isEmpty)
}

@Test func oneMebibyteIsCappedAtMaxTokens() throws {
    let line = Array("free entry call 09061701461 now win cash prize ".utf8)
    var bytes: [UInt8] = []
    while bytes.count < 1 << 20 { bytes += line }
    let small = try Tokenizer(options: TokenizerOptions(maxTokens: 100))
    #expect(small.tokens(utf8: bytes).count == 100)
    #expect(tokenizer.tokens(utf8: bytes).count == TokenizerOptions().maxTokens)
}

@Test func rawShapesAreKeptOnRequest() throws {
    let raw = try Tokenizer(options: TokenizerOptions(keepRawShapes: true))
    #expect(raw.tokens("go to www.Example.com/x") == ["go", "to", "<url>", "www.example.com"])
}

@Test func exclamationRunsCollapse() {
    #expect(tokenizer.tokens("win!!!!") == ["win", "!"])
}

@Test func shoutingIsMarkedOnlyWhenAsked() throws {
    let shouting = try Tokenizer(options: TokenizerOptions(markShouting: true))
    #expect(shouting.tokens("FREE ENTRY now")[0] == Tokenizer.shoutingToken)
    #expect(shouting.tokens("Free entry NOW")[0] == "free")
    #expect(shouting.tokens("I am OK")[0] == "i")
    #expect(!tokenizer.tokens("FREE ENTRY now").contains(Tokenizer.shoutingToken))
}

/// Read without repeats, a run of padding keeps two copies and does not use up `maxTokens`, so
/// what follows it is read; text without runs reads as usual.
@Test func readingWithoutRepeatsLooksPastARunOfPadding() throws {
    let tokenizer = try Tokenizer(options: TokenizerOptions(maxTokens: 16))
    let emoji = String(repeating: "🎉", count: 300) + " claim your prize now"
    #expect(tokenizer.tokens(emoji).count == 16)
    #expect(tokenizer.tokens(emoji).last == "🎉")
    #expect(
        tokenizer.tokensWithoutRepeats(emoji, maxBytes: 1 << 20) == [
            "🎉", "🎉", "claim", "your", "prize", "now",
        ])
    let phrase = String(repeating: "ok lol ", count: 100) + "call me"
    #expect(
        tokenizer.tokensWithoutRepeats(phrase, maxBytes: 1 << 20) == ["ok", "lol", "ok", "lol", "call", "me"])
    let plain = "see you at the station at six with the tickets"
    #expect(tokenizer.tokensWithoutRepeats(plain, maxBytes: 1 << 20) == tokenizer.tokens(plain))
    #expect(tokenizer.tokensWithoutRepeats("ha ha ha ha", maxBytes: 1 << 20) == ["ha", "ha"])
}
