import Testing
import SpamText

@Test func parsesLabelsAndSkipsEmptyLines() throws {
    let corpus = "ham\thello there\r\n\nSPAM\tWin a prize\tnow\n"
    let messages = try LabeledCorpus.parse(Array(corpus.utf8))
    #expect(messages == [
        LabeledMessage(isSpam: false, text: "hello there"),
        LabeledMessage(isSpam: true, text: "Win a prize\tnow"),
    ])
}

@Test func malformedLinesNameTheirLineNumber() {
    #expect(throws: CorpusError.malformedLine(2, "no TAB between label and text")) {
        try LabeledCorpus.parse(Array("ham\tok\nno tab here\n".utf8))
    }
    #expect(throws: CorpusError.self) { try LabeledCorpus.parse(Array("eggs\tok\n".utf8)) }
}

@Test func formatRoundTrips() throws {
    let messages = [LabeledMessage(isSpam: true, text: "a\tb"), LabeledMessage(isSpam: false, text: "c")]
    let parsed = try LabeledCorpus.parse(Array(LabeledCorpus.format(messages).utf8))
    #expect(parsed.map(\.isSpam) == [true, false])
    #expect(parsed[0].text == "a b")
}

@Test func labelsOfOtherCollectionsAndAByteOrderMarkAreRead() throws {
    let corpus = "\u{FEFF}ham\tsee you\nSmishing\tyour parcel fee\n\"spam\"\twin now\nlegit \tok then\nPhishing\tverify\n"
    let messages = try LabeledCorpus.parse(Array(corpus.utf8))
    #expect(messages.map(\.isSpam) == [false, true, true, false, true])
    #expect(messages.map(\.text) == ["see you", "your parcel fee", "win now", "ok then", "verify"])
    // Anything else still stops with the line number.
    #expect(throws: CorpusError.malformedLine(2, "label must be 'ham' or 'spam', found '1'")) {
        try LabeledCorpus.parse(Array("ham\tok\n1\tnumbers are not labels\n".utf8))
    }
}

@Test func linesThatAreNotUTF8AreReadAsLatin1() throws {
    // "spam<TAB>Win £1000 café" with £ and é as single Latin-1 bytes, then a UTF-8 line.
    var bytes = Array("spam\tWin ".utf8) + [0xA3] + Array("1000 caf".utf8) + [0xE9, 0x0A]
    bytes += Array("ham\tcafé £5\n".utf8)
    let messages = try LabeledCorpus.parse(bytes)
    #expect(messages.map(\.text) == ["Win £1000 café", "café £5"])
}
