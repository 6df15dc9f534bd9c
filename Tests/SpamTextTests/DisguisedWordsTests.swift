import SpamText
import Testing

private let words = Vocabulary(tokens: [
    "account", "amazon", "locked", "free", "now", "win", "claim", "your", "prize", "paypal", "bank", "paid",
    "final", "iphone", "verify",
])

private func tokenizer() throws -> Tokenizer {
    try Tokenizer(options: TokenizerOptions(markShouting: true, urlTraits: true))
}

/// The tokens of `text` as a model that sees through disguises reads them.
private func read(_ text: String) throws -> [String] {
    let tokens = DisguisedWords.joiningSpelledOutWords(try tokenizer().tokens(text), isKnown: words.contains)
    return words.decode(tokens.map(words.idSeeingThroughDisguise(of:)))
}

@Test func lookAlikeLettersOfOtherScriptsReadAsTheLatinWord() throws {
    // Greek capital alpha, Cyrillic a, Greek omicron (as the capital it was typed as), Cyrillic
    // capital B and a (Ваnk).
    #expect(
        try read("Your \u{0391}mazon \u{0430}ccount is L\u{039F}CKED at the \u{0412}\u{0430}nk") == [
            "your", "amazon", "account", "<unk>", "locked", "<unk>", "<unk>", "bank",
        ])
    #expect(try read("Your Amazon account") == ["your", "amazon", "account"])
}

@Test func signsForLettersReadAsTheWord() throws {
    #expect(try read("W1N a fr33 iPh0ne, cl@im n0w") == ["win", "<unk>", "free", "iphone", "claim", "now"])
    // `1` reads as i or l, whichever gives a known word.
    #expect(try read("pa1d fina1") == ["paid", "final"])
    // Prefix fallback on the reading: acc0unts → accounts (unknown) → account.
    #expect(try read("acc0unts") == ["account"])
}

@Test func spelledOutWordsAreJoined() throws {
    #expect(try read("C L A I M your P R I Z E") == ["claim", "your", "prize"])
    #expect(try read("P.a.y.P.a.l") == ["paypal"])
    #expect(try read("c l a i m y o u r p r i z e") == ["claim", "your", "prize"])
    // Letters that spell nothing known stay letters.
    #expect(try read("x q z w") == ["<unk>", "<unk>", "<unk>", "<unk>"])
}

@Test func textSpeakAndCodesAreNotDisguises() {
    // `2`, `8` and `9` stand for words in text speak, so a word with one is not read at all;
    // a reading that gives no known word (`x7k3p5` → `xtkeps`) leaves the word unknown.
    for token in [
        "b4", "4u", "2day", "gr8", "l8r", "2nite", "x7k2p9", "482913", "<num4>", "ab", "café", "привет",
    ] {
        #expect(DisguisedWords.readings(of: token).isEmpty, "\(token)")
    }
    #expect(DisguisedWords.readings(of: "x7k3p5") == ["xtkeps"])
    #expect(words.idSeeingThroughDisguise(of: "x7k3p5") == Vocabulary.unknownID)
    #expect(DisguisedWords.readings(of: "fr33") == ["free"])
    #expect(DisguisedWords.readings(of: "w1n") == ["win", "wln"])
    #expect(DisguisedWords.readings(of: "\u{0430}ccount") == ["account"])
}

@Test func knownWordsAndOrdinaryMessagesEncodeAsBefore() throws {
    let tokenizer = try tokenizer()
    for text in [
        "Your verification code is 482913. Do not share it.", "I'm a b at home lol, u r a star",
        "Ваш код подтверждения 4821", "รหัส OTP ของคุณคือ 123456", "Paid £20 to Bank ref X7K2P9",
    ] {
        let tokens = tokenizer.tokens(text)
        let plain = tokens.map(words.idFallingBackToPrefix(of:))
        let seen = DisguisedWords.joiningSpelledOutWords(tokens, isKnown: words.contains)
            .map(words.idSeeingThroughDisguise(of:))
        #expect(seen == plain, "\(text)")
    }
}

@Test func spelledOutWordsMayMixInLookAlikeLetters() throws {
    // C L А I M with a Cyrillic А; a lone Greek omicron in Greek text is not a spelled-out run.
    #expect(try read("C L \u{0410} I M now") == ["claim", "now"])
    #expect(try read("\u{03BF} \u{03BA}\u{03B1}\u{03B9}") == ["<unk>", "<unk>"])
}

@Test func fancyTextReadsAsTheWord() throws {
    // Small capitals, negative squared and circled letters, and letters struck through or
    // underlined with a combining mark, as "fancy text" generators write them.
    #expect(
        try read("\u{1D04}\u{029F}\u{1D00}\u{026A}\u{1D0D} \u{A730}\u{0280}\u{1D07}\u{1D07}") == [
            "claim", "free",
        ])
    #expect(try read("🅵🆁🅴🅴 🅟🅡🅘🅩🅔") == ["free", "prize"])
    let struck = "claim".unicodeScalars.map { "\($0)\u{0336}" }.joined()
    let underlined = "prize".unicodeScalars.map { "\($0)\u{0332}" }.joined()
    #expect(try read("\(struck) your \(underlined)") == ["claim", "your", "prize"])
    // Boxed letters one at a time are a spelled-out word too.
    #expect(try read("🅲 🅻 🅰 🅸 🅼 now") == ["claim", "now"])
    // A mark on a letter of another script, or a mark alone, is no disguise.
    #expect(DisguisedWords.readings(of: "\u{0336}abc").isEmpty)
    #expect(DisguisedWords.readings(of: "ก\u{0336}ขค").isEmpty)
    // Accents typed as combining marks are composed by NFKC before any reading: `cafe\u{0301}`
    // is `café`, which is no disguise.
    #expect(try tokenizer().tokens("cafe\u{0301}").flatMap(DisguisedWords.readings(of:)).isEmpty)
}
